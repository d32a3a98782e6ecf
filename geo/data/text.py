"""Plain-text renderings of layer values (dates, figures, source lines), shared by every view."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geo.dates import parse_partial_date

Props = Mapping[str, Any]
Catalog = Mapping[str, Mapping[str, Any]]
_QUALIFIERS = {"exact": "", "about": "about ", "at_least": "at least ", "more_than": "more than "}


def date_label(date: str, *, precision: str, date_end: str | None = None,
               inferred: bool = False) -> str:
    """Human date at its precision, e.g. '10 Nov 2022 (year inferred)', 'Mar–Jun 2022'."""
    def one(value: str) -> str:
        day = parse_partial_date(value, precision=precision)
        return {"day": f"{day.day} {day:%b %Y}", "month": f"{day:%b %Y}",
                "year": f"{day.year}"}[precision]
    text = one(date)
    if date_end and date_end != date:
        end = parse_partial_date(date_end, precision=precision)
        start = parse_partial_date(date, precision=precision)
        text = (f"{start:%b}–{one(date_end)}" if precision == "month" and start.year == end.year
                else f"{text}–{one(date_end)}")
    return text + (" (inferred)" if inferred else "")


def figure_text(figure: Props) -> str:
    """'at least 23 people' (plain text)."""
    value = figure["value"]
    number = f"{value:,}" if isinstance(value, int) else f"{value:g}"
    return f"{_QUALIFIERS.get(str(figure['qualifier']), '')}{number} {figure['unit']}"


def source_line(source_id: str, catalog: Catalog) -> str:
    """'Outlet, “Title” (Nov 2022, date inferred)' (plain text)."""
    source = catalog.get(source_id)
    if source is None:
        return source_id
    published = date_label(str(source["published"]), precision=str(source["published_precision"]))
    inferred = ", date inferred" if source.get("published_inferred") else ""
    title = f"“{source['title']}”" if source.get("title_is_verbatim") else f"{source['title']}"
    return f"{source['outlet']}, {title} ({published}{inferred})"
