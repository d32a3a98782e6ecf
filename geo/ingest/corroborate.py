"""A new report of an event already in ``seeds/`` corroborates it rather than duplicating it.

Match: the same kind, overlapping date windows and places within a few km (the same place
id, or points within `MATCH_KM`; two country-precision places match by country).
"""

from __future__ import annotations

import math
from typing import Any

from geo.dates import last_day, parse_partial_date

MATCH_KM = 15.0
_SLACK_DAYS = 3  # "on Friday" and "on February 7" of the same operation


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in km (enough to compare places a few km apart)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(min(1.0, a)))


def _window(event: dict[str, Any]) -> tuple[int, int] | None:
    try:
        first = parse_partial_date(str(event["date"]), precision=str(event["date_precision"]))
        end = event.get("date_end") or event["date"]
        last = last_day(str(end), precision=str(event["date_precision"]))
    except (KeyError, ValueError):
        return None
    return first.toordinal(), last.toordinal()


def dates_overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two events' date windows overlap (a few days of slack)."""
    wa, wb = _window(a), _window(b)
    if wa is None or wb is None:
        return False
    return wa[0] - _SLACK_DAYS <= wb[1] and wb[0] - _SLACK_DAYS <= wa[1]


def find_match(event: dict[str, Any], point: tuple[float, float] | None, country: str | None,
               existing: list[dict[str, Any]],
               points: dict[str, tuple[float, float, str, str]]) -> str | None:
    """The id of the existing event the candidate corroborates, or None.

    ``points``: existing place id → (lon, lat, country, precision).
    """
    for other in existing:
        if other.get("kind") != event["kind"] or not dates_overlap(event, other):
            continue
        if other.get("place") == event["place"]:
            return str(other["id"])
        where = points.get(str(other.get("place")))
        if where is None or point is None:
            continue
        if where[3] == "country" or country is None:
            if where[2] == country and where[3] == "country":
                return str(other["id"])
            continue
        if haversine_km(point[0], point[1], where[0], where[1]) <= MATCH_KM:
            return str(other["id"])
    return None


def figure_agreement(new: dict[str, Any], old: list[dict[str, Any]]) -> str:
    """``single``, ``compatible`` or ``conflicting``: the new figure against the record's."""
    same = [f for f in old if f.get("figure") == new.get("figure")]
    if not same:
        return "single"
    if all(f.get("value") == new.get("value") and f.get("qualifier") == new.get("qualifier")
           for f in same):
        return "compatible"
    return "conflicting"
