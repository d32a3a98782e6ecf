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


def load_seeds(directory: Path = config.SEEDS_DIR, *, today: dt.date | None = None) -> Seeds:
    """Load and check the seed tables; raise `DataError` listing every problem at once."""
    problems: list[Problem] = []
    tables: dict[str, dict[str, Record]] = {}
    for name in _TABLES:
        path = directory / f"{name}.json"
        rows = read_json(path)
        if not isinstance(rows, list):
            raise DataError([Problem(str(path), "-", "-", "expected a JSON array of records")])
        ids = Counter(str(r.get("id")) for r in rows)
        problems += [Problem(str(path), i, "id", f"duplicate id ({n} records)")
                     for i, n in ids.items() if n > 1]
        tables[name] = {str(r.get("id")): r for r in sorted(rows, key=lambda r: str(r.get("id")))}
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

    def source_and_quote(self, item: Record, field: str) -> None:
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
        method = place.get("coordinates_from", {}).get("method")
        if method not in ("gazetteer", "gazetteer_snapped", "across_border",
                          "country_representative_point", "country_part", "latitude_band"):
            self.add("coordinates_from.method", f"unknown method {method!r}")
        if method == "across_border" and (
            place["coordinates_from"].get("from_place") not in self.seeds.places
        ):
            self.add("coordinates_from.from_place", "unknown place id "
                     f"{place['coordinates_from'].get('from_place')!r}")
        region = place.get("region")
        if region is not None and not (isinstance(region, dict) and region.get("name") and (
                {"part", "admin1", "ubigeo_prefix"} & set(region))):
            self.add("region", "a region needs its name as the article words it and a test: "
                     "part, admin1 or ubigeo_prefix")
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
        for group in event.get("groups", []):
            if group not in vocab.GROUPS:
                self.add("groups", f"{group!r} is not one of {', '.join(vocab.GROUPS)}")
        for n, figure in enumerate(event.get("figures", [])):
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
        for n, claim in enumerate(claims or []):
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
