"""The source catalog (``sources.json``), the data's as-of date and the source articles.

`data_as_of` is the one computation of "data as of": the build writes it into the provenance,
the validator bounds every year by it, and the credits read it from there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from geo.dates import parse_partial_date
from geo.errors import DataError, Problem
from geo.jsonio import read_bytes, read_json

CATALOG_FILE = "sources.json"
Catalog = dict[str, dict[str, Any]]


def kind_name(value: Any) -> str:
    """The JSON kind of a value, for messages ('an object', 'null', 'a number')."""
    return {dict: "an object", list: "an array", str: "a string", type(None): "null",
            bool: "a boolean"}.get(type(value), "a number")


def read_catalog(path: Path) -> tuple[Catalog, list[Problem]]:
    """The source catalog keyed by id, and every problem of it (never raises)."""
    try:
        rows = read_json(path)
    except DataError as exc:
        return {}, exc.problems
    return catalog_rows(rows, file=str(path))


def catalog_rows(rows: Any, *, file: str) -> tuple[Catalog, list[Problem]]:
    """Parsed catalog rows keyed by id, and every problem of them (never raises)."""
    if not isinstance(rows, list):
        return {}, [Problem(file, "-", "-", f"expected an array of sources, not {kind_name(rows)}")]
    catalog: Catalog = {}
    problems = []
    for n, row in enumerate(rows):
        if not isinstance(row, dict):
            problems.append(Problem(file, f"#{n}", "-", f"a source must be an object, not "
                                    f"{kind_name(row)}"))
            continue
        sid = row.get("id")
        if not isinstance(sid, str) or not sid:
            problems.append(Problem(file, f"#{n}", "id", "a source needs a non-empty string id"))
            continue
        if sid in catalog:
            problems.append(Problem(file, sid, "id", "duplicate source id"))
        if published_date(row) is None:
            problems.append(Problem(file, sid, "published", "published must be a date "
                                    f"YYYY, YYYY-MM or YYYY-MM-DD, not {row.get('published')!r}"))
        catalog[sid] = row
    return catalog, problems


def iso_date(text: str) -> dt.date | None:
    """A YYYY-MM-DD date, or None."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def published_date(source: dict[str, Any]) -> dt.date | None:
    """A source's publication date (first day of its month or year), or None."""
    value = source.get("published")
    if not isinstance(value, str):
        return None
    precision = {4: "year", 7: "month"}.get(len(value), "day")
    try:
        return parse_partial_date(value, precision=precision)
    except ValueError:
        return None


def data_as_of(catalog: Catalog) -> dt.date | None:
    """The data's as-of date: the latest publication date of the catalog (a month or a year
    counts from its first day, so '2025-02' never outranks '2025-02-12')."""
    return max((d for s in catalog.values() if (d := published_date(s)) is not None), default=None)


def latest_day(catalog: Catalog) -> dt.date | None:
    """The last day the data can speak of, the bound of every date and year it holds: the
    latest publication, a month or a year counted to its last day (an article of '2025-02'
    may tell of 7 February)."""
    ends = []
    for source in catalog.values():
        start, value = published_date(source), source.get("published")
        if start is None or not isinstance(value, str):
            continue
        if len(value) == 4:
            ends.append(dt.date(start.year, 12, 31))
        elif len(value) == 7:
            following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
            ends.append(following - dt.timedelta(days=1))
        else:
            ends.append(start)
    return max(ends, default=None)




def read_articles(catalog: Catalog,
                  articles_dir: Path) -> tuple[dict[str, str], list[Problem]]:
    """Article text by source id from `articles_dir`, each checked against its recorded
    ``sha256``, and every problem (a missing folder or file, a changed text); never raises."""
    articles: dict[str, str] = {}
    problems = []
    if not articles_dir.is_dir():
        return {}, [Problem(str(articles_dir), "-", "-", "articles folder not found: no quote "
                            "can be checked")]
    for sid, source in sorted(catalog.items()):
        name = source.get("seed_file")
        if not isinstance(name, str) or not name or Path(name).name != name:
            problems.append(Problem(CATALOG_FILE, sid, "seed_file", f"not a file name: {name!r}"))
            continue
        try:
            data = read_bytes(articles_dir / name)
        except DataError as exc:
            problems += exc.problems
            continue
        digest = source.get("sha256")
        if not isinstance(digest, str):
            problems.append(Problem(CATALOG_FILE, sid, "sha256", "no recorded SHA-256 of the "
                                    f"article {name!r}"))
        elif hashlib.sha256(data).hexdigest() != digest:
            problems.append(Problem(str(articles_dir / name), sid, "sha256", "the article's "
                                    f"SHA-256 is {hashlib.sha256(data).hexdigest()}, not the "
                                    f"recorded {digest}: the text changed since it was quoted"))
        try:
            articles[sid] = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(str(articles_dir / name), sid, "-", f"not UTF-8 text: {exc}"))
    return articles, problems
