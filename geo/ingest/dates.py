"""Dates in article text, with their precision, resolved against the publication date.

Whenever the year (or the day) comes from the publication date rather than from the words,
the date is marked inferred and the note quotes the words and the rule.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12, "jan": 1, "feb": 2, "aug": 8, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3,
    "viernes": 4, "sábado": 5, "sabado": 5, "domingo": 6,
}
_M = "|".join(sorted(MONTHS, key=len, reverse=True))
_W = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_Y = r"((?:19|20)\d{2})"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 18 de junio de 2024 / el pasado 18 de junio
    ("dmy_es", re.compile(
        rf"\b(?:el\s+)?(pasado\s+)?(\d{{1,2}})\s+de\s+({_M})(?:\s+de(?:l)?\s+{_Y})?\b",
        re.IGNORECASE)),
    # May 22, 2024 / on May 22
    ("mdy_en", re.compile(rf"\b({_M})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{_Y})?",
                          re.IGNORECASE)),
    # 22 May 2024
    ("dmy_en", re.compile(rf"\b(\d{{1,2}})\s+({_M})\b(?:,?\s+{_Y})?", re.IGNORECASE)),
    # a mediados de abril (de 2023), in mid-April, early November, last March, en marzo de 2022
    ("month", re.compile(
        rf"\b(?:(?:in|since|until|by|from|during|between|last|this|en|entre|desde|hasta|durante|el\s+pasado"
        rf"(?:\s+mes\s+de)?|este\s+mes\s+de|a\s+(?:principios|inicios|mediados|fines|finales)"
        rf"\s+de|(?:at\s+the\s+)?(?:beginning|start|end)\s+of|(?:in\s+)?(?:early|mid|late)-?)"
        rf"\s*)+({_M})\b(?:,?\s+(?:de(?:l)?\s+)?{_Y})?", re.IGNORECASE)),
    ("month_year", re.compile(rf"\b({_M})\s+(?:de(?:l)?\s+)?{_Y}\b", re.IGNORECASE)),
    # la madrugada de este jueves / on Thursday / el pasado viernes
    ("weekday", re.compile(
        rf"\b(?:(?:on|last|this|la\s+(?:madrugada|mañana|tarde|noche)\s+de(?:l)?|el|este|"
        rf"el\s+pasado|el\s+último)\s+)+({_W})\b", re.IGNORECASE)),
    ("relative", re.compile(
        r"\b(yesterday|today|last\s+week|this\s+year|last\s+year|ayer|anteayer|hoy|"
        r"la\s+semana\s+pasada|este\s+año|el\s+año\s+pasado|esta\s+semana|this\s+week|"
        r"last\s+month|this\s+month|el\s+mes\s+pasado|este\s+mes|so\s+far\s+this\s+year|"
        r"en\s+lo\s+que\s+va\s+del?\s+año|(?:over\s+|last\s+|this\s+)?the\s+weekend|"
        r"(?:last|this)\s+weekend|(?:el|este|el\s+pasado)\s+fin\s+de\s+semana|"
        r"(?:hace\s+(?:dos|tres|2|3)\s+semanas|(?:two|three|2|3)\s+weeks\s+ago))\b",
        re.IGNORECASE)),
    ("year", re.compile(rf"(?<![\d,.$])\b{_Y}\b(?![\d,.]\d)")),
]


@dataclass(frozen=True)
class Published:
    """The publication date and its precision (``day``, ``month`` or ``year``)."""

    date: dt.date
    precision: str

    @property
    def label(self) -> str:
        return {"day": self.date.isoformat(), "month": self.date.strftime("%Y-%m")}.get(
            self.precision, str(self.date.year))


@dataclass(frozen=True)
class DateHit:
    """A date found in the text: where, the partial date, precision and how it was read."""

    start: int
    end: int
    date: str
    precision: str
    inferred: bool
    note: str | None


def parse_published(value: str) -> Published:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` → `Published` (``ValueError`` if malformed)."""
    parts = value.split("-")
    numbers = [int(p) for p in parts]
    precision = ("year", "month", "day")[len(parts) - 1]
    return Published(dt.date(numbers[0], *[*numbers[1:], 1, 1][:2]), precision)


def find_dates(text: str, published: Published, *, offset: int = 0) -> list[DateHit]:
    """Every date in ``text`` (one sentence), most specific reading first, none overlapping."""
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(not (span[1] <= a or span[0] >= b) for a, b in taken):
                continue
            hit = _read(kind, match, published, text)
            if hit is None:
                continue
            date, precision, inferred, note = hit
            taken.append(span)
            hits.append(DateHit(span[0] + offset, span[1] + offset, date, precision, inferred,
                                note))
    return sorted(hits, key=lambda h: h.start)


def _month_ok(match: re.Match[str], group: int) -> bool:
    word = match.group(group)
    # "may" is a verb far more often than a month; the short forms need a capital.
    return not (word.lower() in ("may", "jan", "feb", "aug", "sept", "oct", "nov", "dec")
                and not word[0].isupper())


_RANGE_YEAR = re.compile(rf"^\s*(?:and|to|-|–|y|a|hasta)\s+(?:{_M})\b(?:\s+de(?:l)?)?\s+{_Y}",
                         re.IGNORECASE)


def _read(kind: str, m: re.Match[str], pub: Published, text: str
          ) -> tuple[str, str, bool, str | None] | None:
    words = m.group(0)
    if kind in ("dmy_es", "mdy_en", "dmy_en"):
        if kind == "mdy_en":
            month_word, day_s, year_s = m.group(1), m.group(2), m.group(3)
            if not _month_ok(m, 1):
                return None
        elif kind == "dmy_en":
            day_s, month_word, year_s = m.group(1), m.group(2), m.group(3)
        else:
            day_s, month_word, year_s = m.group(2), m.group(3), m.group(4)
        month, day = MONTHS[month_word.lower()], int(day_s)
        year, inferred = _year(year_s, month, day, pub)
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None
        return date.isoformat(), "day", inferred, _note(inferred, words, pub)
    if kind in ("month", "month_year"):
        if not _month_ok(m, 1):
            return None
        month = MONTHS[m.group(1).lower()]
        ahead = _RANGE_YEAR.match(text[m.end():])  # "between March and June 2022"
        year, inferred = _year(m.group(2) or (ahead.group(1) if ahead else None), month, 1, pub)
        return f"{year:04d}-{month:02d}", "month", inferred, _note(inferred, words, pub)
    if kind == "weekday":
        if pub.precision != "day":
            return None  # the day cannot be placed without the publication day
        back = (pub.date.weekday() - WEEKDAYS[m.group(1).lower()]) % 7
        if back == 0 and re.search(r"last|pasado|último", words, re.IGNORECASE):
            back = 7
        date = pub.date - dt.timedelta(days=back)
        return date.isoformat(), "day", True, (
            f"'{words}' read as the last such weekday on or before the publication date "
            f"({pub.label}).")
    if kind == "relative":
        return _relative(words, pub)
    year = int(m.group(1))
    if year > pub.date.year or year < 1990:
        return None
    return str(year), "year", False, None


def _year(year_s: str | None, month: int, day: int, pub: Published) -> tuple[int, bool]:
    if year_s:
        return int(year_s), False
    year = pub.date.year
    if pub.precision != "year" and (month, day) > (pub.date.month, (
            pub.date.day if pub.precision == "day" else 31)):
        year -= 1  # a month later in the year than the publication: the year before
    return year, True


def _note(inferred: bool, words: str, pub: Published) -> str | None:
    if not inferred:
        return None
    return (f"Year inferred from the publication date ({pub.label}): the text says "
            f"'{words.strip()}'.")


def _relative(words: str, pub: Published) -> tuple[str, str, bool, str | None] | None:
    w = " ".join(words.lower().split())
    note = f"'{words}' resolved against the publication date ({pub.label})."
    if w in ("this year", "este año", "so far this year") or w.startswith("en lo que va"):
        return str(pub.date.year), "year", True, note
    if w in ("last year", "el año pasado"):
        return str(pub.date.year - 1), "year", True, note
    if "month" in w or "mes" in w:
        if pub.precision == "year":
            return None
        month = pub.date.replace(day=1)
        if "last" in w or "pasado" in w:
            month = (month - dt.timedelta(days=1)).replace(day=1)
        return month.strftime("%Y-%m"), "month", True, note
    if pub.precision == "month":  # "last week" in a story dated only to its month
        return pub.label, "month", True, (
            f"'{words}' resolved against the publication month ({pub.label}); the day is not "
            "known, and the week may fall in the month before.")
    if pub.precision != "day":
        return None
    days = {"yesterday": 1, "ayer": 1, "anteayer": 2, "today": 0, "hoy": 0}
    if w in days:
        return (pub.date - dt.timedelta(days=days[w])).isoformat(), "day", True, note
    # a week or a weekend: the month it falls in (a day would claim more than the text)
    weeks = re.search(r"\b(dos|two|2|tres|three|3)\b", w)
    back_days = 7 * {"dos": 2, "two": 2, "2": 2, "tres": 3, "three": 3, "3": 3}[
        weeks.group(1)] if weeks else (7 if "pasad" in w or "last" in w else 0)
    if "weekend" in w or "fin de semana" in w:  # the weekend on or before publication
        back_days = (pub.date.weekday() - 5) % 7 + (
            7 if "last" in w and pub.date.weekday() >= 5 else 0)
    back = pub.date - dt.timedelta(days=back_days)
    return back.strftime("%Y-%m"), "month", True, note


_BETWEEN = re.compile(r"\b(?:between|from|entre)\s+$", re.IGNORECASE)
_AND = re.compile(r"^\s*(?:and|to|through|until|y|al|hasta|-|–)\s+$", re.IGNORECASE)
# "entre el 10 y el 14 de febrero", "del 10 al 14 de febrero": the first day borrows the
# month and year of the second
_DAY_FIRST = re.compile(r"\b(?:entre\s+el|del)\s+(?P<day>\d{1,2})\s+(?:y|al)\s+(?:el\s+)?$",
                        re.IGNORECASE)


def date_ranges(text: str, hits: list[DateHit]) -> dict[int, tuple[str, str]]:
    """Days a text gives as a span ("between Feb 10 and Feb 14", "del 10 al 14 de
    febrero"): the offset of each date of the span → (first day, last day)."""
    out: dict[int, tuple[str, str]] = {}
    days = [h for h in hits if h.precision == "day"]
    for first, last in itertools.pairwise(days):
        if _BETWEEN.search(text, max(0, first.start - 10), first.start) and _AND.match(
                text[first.end:last.start]) and first.date < last.date:
            out[first.start] = out[last.start] = (first.date, last.date)
    for hit in days:
        m = _DAY_FIRST.search(text, max(0, hit.start - 20), hit.start)
        if m and hit.start not in out and 0 < int(m.group("day")) < int(hit.date[8:10]):
            out[hit.start] = (f"{hit.date[:8]}{int(m.group('day')):02d}", hit.date)
    return out
