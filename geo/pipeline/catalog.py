"""The curated source data in ``seeds/``: load it and check every cross-reference.

The seeds are the only hand-written data: sources, places, events, presence claims and
corridors, each claim with a verbatim quote. Everything in ``layers/`` is built from them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo import config, vocab
from geo.dates import parse_partial_date
from geo.errors import DataError, Problem
from geo.jsonio import read_json

Record = dict[str, Any]


@dataclass(frozen=True)
class Seeds:
    """Every seed table, keyed by id and sorted by id."""

    directory: Path
    sources: dict[str, Record]
    places: dict[str, Record]
    events: dict[str, Record]
    presence: dict[str, Record]
    corridors: dict[str, Record]


_TABLES = ("sources", "places", "events", "presence", "corridors")
_NULL = type(None)
_TEXT = (str,)
_NUMBER = (int, float)
# The shape of each seed record: field -> allowed JSON types (checked before any rule, so a
# missing or mistyped field is one named problem, never a KeyError in the build).
_SHAPES: dict[str, dict[str, tuple[type, ...]]] = {
    "sources": {"id": _TEXT, "seed_file": _TEXT, "sha256": _TEXT, "outlet": _TEXT,
                "title": _TEXT, "language": _TEXT, "published": _TEXT,
                "published_precision": _TEXT, "author": (str, _NULL), "short_label": _TEXT,
                "short_label_es": _TEXT},
    "places": {"id": _TEXT, "name": _TEXT, "kind": _TEXT, "country": _TEXT, "precision": _TEXT,
               "coordinates_from": (dict,), "location_note": (str, _NULL), "evidence": (list,)},
    "events": {"id": _TEXT, "title": _TEXT, "kind": _TEXT, "date": _TEXT,
               "date_end": (str, _NULL), "date_precision": _TEXT, "date_inferred": (bool,),
               "date_note": (str, _NULL), "place": _TEXT, "groups": (list,),
               "figures": (list,), "evidence": (list,)},
    "presence": {"id": _TEXT, "country": _TEXT, "name": _TEXT, "claims": (list,),
                 "note": (str, _NULL)},
    "corridors": {"id": _TEXT, "name": _TEXT, "kind": _TEXT, "waypoints": (list,),
                  "direction": _TEXT, "first_year": (int,), "last_year": (int,),
                  "years_inferred": (bool,), "years_note": (str, _NULL), "schematic": (bool,),
                  "certainty": _TEXT, "groups": (list,), "evidence": (list,)},
}
# Optional fields, checked when present: the project's own words in Spanish (a non-empty
# string; `geo.data.text.label` shows them to Spanish readers).
_OPTIONAL: dict[str, tuple[str, ...]] = {"places": ("name_es",), "events": ("title_es",),
                                         "corridors": ("name_es",)}
# The shape of the items of list fields (evidence of every table, figures, claims).
_ITEM_SHAPES: dict[str, dict[str, tuple[type, ...]]] = {
    "evidence": {"source": _TEXT, "quote": _TEXT},
    "figures": {"figure": _TEXT, "value": _NUMBER, "qualifier": _TEXT, "source": _TEXT,
                "quote": _TEXT},
    "claims": {"year": (int,), "source": _TEXT, "quote": _TEXT},
}
_JSON_NAMES = {dict: "an object", list: "an array", str: "a string", int: "an integer",
               float: "a number", bool: "a boolean", _NULL: "null"}


def _json_kind(value: Any) -> str:
    return _JSON_NAMES.get(type(value), type(value).__name__)


def _shape_problems(record: Record, *, table: str, file: str) -> list[Problem]:
    """Every missing or mistyped field of one seed record (and of its list items)."""
    fid = str(record.get("id"))
    problems = []
    for field, kinds in _SHAPES[table].items():
        if field not in record:
            problems.append(Problem(file, fid, field, f"required field {field!r} is missing"))
        elif not _is(record[field], kinds):
            problems.append(Problem(file, fid, field, f"must be {_kinds(kinds)}, not "
                                    f"{_json_kind(record[field])}"))
    problems += [Problem(file, fid, field, "must be a non-empty string, not "
                         + repr(record[field])[:60])
                 for field in _OPTIONAL.get(table, ()) if field in record
                 and not (isinstance(record[field], str) and record[field].strip())]
    for field, shape in _ITEM_SHAPES.items():
        items = record.get(field)
        if field not in _SHAPES[table] or not isinstance(items, list):
            continue
        for n, item in enumerate(items):
            where = f"{field}[{n}]"
            if not isinstance(item, dict):
                problems.append(Problem(file, fid, where, f"must be an object, not "
                                        f"{_json_kind(item)}"))
                continue
            problems += [Problem(file, fid, f"{where}.{key}", f"required field {key!r} is "
                                 "missing" if key not in item else f"must be {_kinds(kinds)}, "
                                 f"not {_json_kind(item[key])}")
                         for key, kinds in shape.items()
                         if key not in item or not _is(item[key], kinds)]
    return problems


def _kinds(kinds: tuple[type, ...]) -> str:
    return " or ".join(dict.fromkeys(_JSON_NAMES[k] for k in kinds))


def _is(value: Any, kinds: tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return bool in kinds
    return isinstance(value, kinds)


def load_seeds(directory: Path = config.SEEDS_DIR, *, today: dt.date | None = None) -> Seeds:
    """Load and check the seed tables; raise `DataError` listing every problem at once."""
    problems: list[Problem] = []
    tables: dict[str, dict[str, Record]] = {}
    failed: set[str] = set()
    for name in _TABLES:
        path = directory / f"{name}.json"
        tables[name] = {}
        try:
            rows = read_json(path)
        except DataError as exc:
            problems += exc.problems
            failed.add(name)
            continue
        if not isinstance(rows, list):
            problems.append(Problem(str(path), "-", "-", "expected a JSON array of records, not "
                                    f"{_json_kind(rows)}"))
            failed.add(name)
            continue
        records = []
        for n, row in enumerate(rows):
            if isinstance(row, dict):
                records.append(row)
                problems += _shape_problems(row, table=name, file=str(path))
            else:
                problems.append(Problem(str(path), f"#{n}", "-", "a record must be a JSON "
                                        f"object, not {_json_kind(row)}"))
        ids = Counter(str(r.get("id")) for r in records)
        problems += [Problem(str(path), i, "id", f"duplicate id ({n} records)")
                     for i, n in ids.items() if n > 1]
        tables[name] = {str(r.get("id")): r for r in sorted(records,
                                                            key=lambda r: str(r.get("id")))}
    if "sources" in failed:  # every source reference would be "unknown": report the cause only
        raise DataError(problems)
    seeds = Seeds(directory, **tables)
    problems += _check(seeds, today or dt.date.today())
    if problems:
        raise DataError(problems)
    return seeds


def _check(seeds: Seeds, today: dt.date) -> list[Problem]:
    checker = _Checker(seeds, today)
    for place in seeds.places.values():
        checker.place(place)
    for event in seeds.events.values():
        checker.event(event)
    for presence in seeds.presence.values():
        checker.presence(presence)
    for corridor in seeds.corridors.values():
        checker.corridor_references(corridor)
    return checker.problems


class _Checker:
    def __init__(self, seeds: Seeds, today: dt.date) -> None:
        self.seeds = seeds
        self.today = today
        self.problems: list[Problem] = []
        self.file = ""
        self.fid = ""

    def add(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.fid, field, message))

    def start(self, table: str, record: Record) -> None:
        self.file = str(self.seeds.directory / f"{table}.json")
        self.fid = str(record.get("id"))

    def vocab(self, record: Record, field: str, allowed: tuple[str, ...]) -> None:
        value = record.get(field)
        if value not in allowed:
            self.add(field, f"{value!r} is not one of {', '.join(allowed)}")

    def evidence(self, items: Any, field: str = "evidence") -> None:
        if not isinstance(items, list) or not items:
            self.add(field, "needs at least one {source, quote} item")
            return
        for n, item in enumerate(items):
            self.source_and_quote(item, f"{field}[{n}]")

    def source_and_quote(self, item: Any, field: str) -> None:
        if not isinstance(item, dict):
            return  # reported by the shape check
        if item.get("source") not in self.seeds.sources:
            self.add(f"{field}.source", f"unknown source id {item.get('source')!r}")
        quote = item.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            self.add(f"{field}.quote", "quote is empty")

    def date(self, value: Any, precision: Any, field: str) -> dt.date | None:
        try:
            parsed = parse_partial_date(str(value), precision=str(precision))
        except ValueError as exc:
            self.add(field, str(exc))
            return None
        if parsed > self.today:
            self.add(field, f"date {value!r} is in the future")
        return parsed

    def place(self, place: Record) -> None:
        self.start("places", place)
        self.vocab(place, "kind", vocab.PLACE_KINDS)
        self.vocab(place, "precision", vocab.GEO_PRECISIONS)
        if not isinstance(place.get("name"), str) or not place["name"]:
            self.add("name", "name is empty")
        if not (isinstance(place.get("country"), str) and len(place["country"]) == 3):
            self.add("country", f"{place.get('country')!r} is not an ISO 3166 alpha-3 code")
        spec = place.get("coordinates_from")
        spec = spec if isinstance(spec, dict) else {}
        method = spec.get("method")
        if method not in ("gazetteer", "gazetteer_snapped", "across_border",
                          "country_representative_point", "country_part", "latitude_band"):
            self.add("coordinates_from.method", f"unknown method {method!r}")
        if method == "across_border" and spec.get("from_place") not in self.seeds.places:
            self.add("coordinates_from.from_place", "unknown place id "
                     f"{spec.get('from_place')!r}")
        region = place.get("region")
        if region is not None and not (isinstance(region, dict) and region.get("name") and (
                {"part", "admin1", "ubigeo_prefix"} & set(region))):
            self.add("region", "a region needs its name as the article words it and a test: "
                     "part, admin1 or ubigeo_prefix")
        year = place.get("visible_from")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            self.add("visible_from", f"{year!r} is not a year")
        elif year is not None and not str(place.get("visible_from_note") or "").strip():
            self.add("visible_from_note", "a place's visible_from needs a note giving the "
                     "article's words that date it (and saying when the year is inferred)")
        self.evidence(place.get("evidence"))

    def certainty(self, record: Record) -> None:
        self.vocab(record, "certainty", vocab.CERTAINTIES)
        if record.get("certainty") == "suspected" and not record.get("certainty_note"):
            self.add("certainty_note", "a suspected claim needs a note saying what is hedged")

    def event(self, event: Record) -> None:
        self.start("events", event)
        self.vocab(event, "kind", vocab.EVENT_KINDS)
        self.vocab(event, "date_precision", vocab.DATE_PRECISIONS)
        self.certainty(event)
        start = self.date(event.get("date"), event.get("date_precision"), "date")
        if event.get("date_end") is not None:
            end = self.date(event["date_end"], event.get("date_precision"), "date_end")
            if start and end and end < start:
                self.add("date_end", f"date_end {event['date_end']!r} is before date "
                         f"{event.get('date')!r}")
        if event.get("date_inferred") and not event.get("date_note"):
            self.add("date_note", "an inferred date needs a note saying how it was inferred")
        if event.get("place") not in self.seeds.places:
            self.add("place", f"unknown place id {event.get('place')!r}")
        for group in _list(event.get("groups")):  # a string is one shape problem, not one a letter
            if group not in vocab.GROUPS:
                self.add("groups", f"{group!r} is not one of {', '.join(vocab.GROUPS)}")
        for n, figure in enumerate(_list(event.get("figures"))):
            if not isinstance(figure, dict):
                continue  # reported by the shape check
            self.source_and_quote(figure, f"figures[{n}]")
            if figure.get("qualifier") not in vocab.FIGURE_QUALIFIERS:
                self.add(f"figures[{n}].qualifier", f"{figure.get('qualifier')!r} is not one of "
                         f"{', '.join(vocab.FIGURE_QUALIFIERS)}")
            if not isinstance(figure.get("value"), int | float):
                self.add(f"figures[{n}].value", f"{figure.get('value')!r} is not a number")
        self.evidence(event.get("evidence"))

    def presence(self, presence: Record) -> None:
        self.start("presence", presence)
        claims = presence.get("claims")
        self.evidence(claims, "claims")
        for n, claim in enumerate(_list(claims)):
            if not isinstance(claim, dict):
                continue  # reported by the shape check
            if not isinstance(claim.get("year"), int):
                self.add(f"claims[{n}].year", f"{claim.get('year')!r} is not a year")
            elif claim["year"] > self.today.year:
                self.add(f"claims[{n}].year", f"year {claim['year']} is in the future")
            if claim.get("year_inferred") and not claim.get("year_note"):
                self.add(f"claims[{n}].year_note", "an inferred year needs a note")
            if claim.get("presence_kind") not in vocab.PRESENCE_KINDS:
                self.add(f"claims[{n}].presence_kind", f"{claim.get('presence_kind')!r} is not "
                         f"one of {', '.join(vocab.PRESENCE_KINDS)}")
            if claim.get("year_qualifier") not in vocab.YEAR_QUALIFIERS:
                self.add(f"claims[{n}].year_qualifier", f"{claim.get('year_qualifier')!r} is "
                         f"not one of {', '.join(vocab.YEAR_QUALIFIERS)}")
        span = presence.get("year_range")
        if span is not None and not (isinstance(span, list) and len(span) == 2
                                     and span[0] <= span[1] and presence.get("year_range_note")):
            self.add("year_range", f"{span!r} is not [lo, hi] with a year_range_note")
        if presence.get("spread") is not None:
            self.certainty(presence["spread"])
            for n, item in enumerate(presence["spread"].get("evidence", [])):
                self.source_and_quote(item, f"spread.evidence[{n}]")

    def corridor_references(self, corridor: Record) -> None:
        self.start("corridors", corridor)
        self.certainty(corridor)
        if corridor.get("order_inferred") and not corridor.get("order_note"):
            self.add("order_note", "an inferred waypoint order needs a note")
        self.evidence(corridor.get("evidence"))


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
