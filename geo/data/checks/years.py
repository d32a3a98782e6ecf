"""The year rule: every year and date of a layer lies in [YEAR_FLOOR, the data's as-of date]."""

from __future__ import annotations

import datetime as dt
from typing import Any

from geo.data.checks import items, quotes
from geo.dates import parse_partial_date
from geo.errors import Problem

# The year rule, written once: every year of a layer lies in [YEAR_FLOOR, data as-of year];
# a year before YEAR_FLOOR passes only when one of the feature's quotes states it.
YEAR_FLOOR = 1990
# Year-valued properties per layer (ints, or lists of ints); `claims` items carry a `year`.
LAYER_YEAR_PROPERTIES: dict[str, tuple[str, ...]] = {
    "events": ("year", "year_end"),
    "presence": ("first_reported_year", "claim_years"),
    "routes": ("first_year", "last_year"),
    "spread": ("first_year", "last_year"),
    "places": ("visible_from",),
}


def year_problems(feature: dict[str, Any], *, layer: str, file: str,
                   as_of: dt.date | None) -> list[Problem]:
    """Every year of a feature within [YEAR_FLOOR, the year of ``as_of``] and every date up
    to ``as_of``, the last day its sources cover (`geo.data.catalog.latest_day`; see
    LAYER_YEAR_PROPERTIES)."""
    fid = str(feature.get("id"))
    props: dict[str, Any] = feature["properties"]
    years: list[tuple[str, Any]] = []
    for field in LAYER_YEAR_PROPERTIES.get(layer, ()):
        value = props.get(field)
        if isinstance(value, list):
            years += [(f"{field}.{n}", v) for n, v in enumerate(value)]
        else:
            years.append((field, value))
    years += [(f"claims.{n}.year", c.get("year")) for n, c in enumerate(items(props.get(
        "claims"))) if isinstance(c, dict)]
    quoted = " ".join(quotes(props))
    problems = []
    for field, year in years:
        if not isinstance(year, int) or isinstance(year, bool):
            continue  # null is allowed where the schema allows it; wrong types are schema errors
        if as_of is not None and year > as_of.year:
            problems.append(Problem(file, fid, field, f"year {year} is after "
                                    f"{as_of.isoformat()}, the last day its sources cover"))
        elif year < YEAR_FLOOR and str(year) not in quoted:
            problems.append(Problem(file, fid, field, f"year {year} is before {YEAR_FLOOR} and "
                                    "no quote of the feature states it"))
    for field in ("date", "date_end"):
        day = _date_of(props, field)
        if as_of is not None and day is not None and day > as_of:
            problems.append(Problem(file, fid, field, f"date {props[field]!r} is after "
                                    f"{as_of.isoformat()}, the last day its sources cover"))
    return problems


def _date_of(props: dict[str, Any], field: str) -> dt.date | None:
    value, precision = props.get(field), props.get("date_precision")
    if not (isinstance(value, str) and isinstance(precision, str)):
        return None
    try:
        return parse_partial_date(value, precision=precision)
    except ValueError:
        return None
