"""Partial dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) with an explicit precision."""

from __future__ import annotations

import datetime as dt
import re

from geo.errors import OptionError

_PATTERNS = {
    "year": re.compile(r"^\d{4}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
}


def parse_partial_date(value: str, *, precision: str) -> dt.date:
    """Return the first day the partial date covers; raise ``ValueError`` naming the value."""
    pattern = _PATTERNS.get(precision)
    if pattern is None:
        raise OptionError(f"unknown date precision {precision!r}")
    if not pattern.match(value):
        raise OptionError(f"date {value!r} does not match precision {precision!r}")
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        return dt.date(parts[0], parts[1], parts[2])
    except ValueError as exc:
        raise OptionError(f"date {value!r} is not a calendar date: {exc}") from None


def last_day(value: str, *, precision: str) -> dt.date:
    """Return the last day the partial date covers."""
    first = parse_partial_date(value, precision=precision)
    if precision == "year":
        return dt.date(first.year, 12, 31)
    if precision == "month":
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return first
