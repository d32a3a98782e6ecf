"""Plain-text renderings of layer values (labels, dates, figures, source lines), shared by
every view.

Every function takes a keyword-only ``lang`` (English by default): words come from the
gettext catalogue, month names and number signs from CLDR (`geo.i18n`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geo.dates import parse_partial_date
from geo.i18n import LANGS, N_, country_name, format_day, format_month, format_number, translator

Props = Mapping[str, Any]
Catalog = Mapping[str, Mapping[str, Any]]
# How a figure bounds its value; "{number}" is the formatted value.
QUALIFIERS = {"exact": N_("{number} {unit}"), "about": N_("about {number} {unit}"),
              "at_least": N_("at least {number} {unit}"),
              "more_than": N_("more than {number} {unit}")}
# The units figures are counted in (layer values; an unknown unit is shown as written):
# unit -> its words, and their singular for a figure of exactly 1 ('1 person', '1 persona').
_UNIT_WORDS: dict[str, tuple[str, str | None]] = {
    "people": (N_("people"), N_("person")), "percent": (N_("percent"), None),
    "areas": (N_("areas"), N_("area")), "districts": (N_("districts"), N_("district")),
    "per 100,000 people": (N_("per 100,000 people"), None),
    "times capacity": (N_("times capacity"), None),
    # the units an ingested article's figures may carry (`geo.ingest.figures`)
    "arrests": (N_("arrests"), N_("arrest")), "murders": (N_("murders"), N_("murder")),
    "weapons": (N_("weapons"), N_("weapon")), "firearms": (N_("firearms"), N_("firearm")),
    "grenades": (N_("grenades"), N_("grenade")), "raids": (N_("raids"), N_("raid")),
    "vehicles": (N_("vehicles"), N_("vehicle")), "cells": (N_("cells"), N_("cell")),
    "kilograms": (N_("kilograms"), N_("kilogram")), "grams": (N_("grams"), N_("gram")),
    "tonnes": (N_("tonnes"), N_("tonne")), "pesos": (N_("pesos"), N_("peso")),
    "soles": (N_("soles"), N_("sol")), "US dollars": (N_("US dollars"), N_("US dollar")),
    "neighbourhoods": (N_("neighbourhoods"), N_("neighbourhood")),
    "countries": (N_("countries"), N_("country")), "cities": (N_("cities"), N_("city")),
}
UNITS = {unit: words for unit, (words, _) in _UNIT_WORDS.items()}
UNITS_ONE = {unit: one for unit, (_, one) in _UNIT_WORDS.items() if one is not None}
# A bare count ("from 2,905 in 2017 to 56,586 in 2021"): the number alone.
COUNT_UNIT = "count"
INFERRED = N_("{date} (inferred)")
NOTES_LANG = "en"
"""The language of the records' notes (``date_note``, ``location_note``, …): the project's
own words, written in English; the pages mark them so (``lang``) in another language."""
DATE_RANGE = N_("{start}–{end}")


def label(props: Props, *, lang: str = "en", field: str | None = None) -> str:
    """A record's own words (its `field`: ``title``, else ``name``) in `lang`.

    Spanish is the record's ``<field>_es`` when it has one ('Penal de Tocorón'); a name that
    is its country's English name is the country's name in `lang` ('Peru' -> 'Perú',
    `geo.i18n.country_name`); otherwise the English words. Quotes are never labels: they
    stay verbatim.
    """
    field = field or ("title" if "title" in props else "name")
    english = str(props.get(field) or props.get("id") or "")
    if lang == "en":
        return english
    own = props.get(f"{field}_{lang}")
    if isinstance(own, str) and own:
        return own
    iso = str(props.get("country") or "")
    if iso and english == country_name(iso, lang="en"):
        return country_name(iso, lang=lang, default=english)
    return english


def other_labels(props: Props, *, lang: str, field: str | None = None) -> list[str]:
    """The record's label in every other language, when it differs (search matches them)."""
    shown = label(props, lang=lang, field=field)
    others = (label(props, lang=other, field=field) for other in LANGS if other != lang)
    return list(dict.fromkeys(o for o in others if o != shown))


def date_label(date: str, *, precision: str, date_end: str | None = None,
               inferred: bool = False, lang: str = "en") -> str:
    """Human date at its precision: '10 Nov 2022 (inferred)', 'Mar–Jun 2022'; es '10 nov 2022'."""
    _ = translator(lang)
    start = parse_partial_date(date, precision=precision)
    text = format_day(start, precision=precision, lang=lang)
    if date_end and date_end != date:
        end = parse_partial_date(date_end, precision=precision)
        head = (format_month(start, lang=lang) if precision == "month" and start.year == end.year
                else text)
        text = _(DATE_RANGE).format(start=head, end=format_day(end, precision=precision,
                                                               lang=lang))
    return _(INFERRED).format(date=text) if inferred else text


def number_text(value: float, *, lang: str = "en") -> str:
    """A figure's value with the digit grouping of `lang` ('56,586' / '56.586')."""
    return format_number(value, lang=lang)


def unit_text(unit: str, *, lang: str = "en", value: float | None = None) -> str:
    """A figure's unit in `lang`, singular for a value of 1 (as written in the layer when not
    in `UNITS`)."""
    if unit == COUNT_UNIT:
        return ""
    if value == 1 and unit in UNITS_ONE:
        return translator(lang)(UNITS_ONE[unit])
    return translator(lang)(UNITS[unit]) if unit in UNITS else unit


def figure_text(figure: Props, *, lang: str = "en") -> str:
    """'at least 23 people' / 'al menos 23 personas' (plain text)."""
    _ = translator(lang)
    template = QUALIFIERS.get(str(figure["qualifier"]), QUALIFIERS["exact"])
    return _(template).format(number=number_text(figure["value"], lang=lang),
                              unit=unit_text(str(figure["unit"]), lang=lang,
                                             value=figure["value"])).strip()


def _published(source: Mapping[str, Any], *, lang: str) -> str:
    return date_label(str(source["published"]), precision=str(source["published_precision"]),
                      lang=lang)


def source_line(source_id: str, catalog: Catalog, *, lang: str = "en") -> str:
    """A source's short citation from its `short_label`, e.g. 'InSight Crime, Nov 2022 (news
    brief; date inferred)'; Spanish: its `short_label_es`, or the label with its date in Spanish.

    Sources without a `short_label` (older layer folders) give `source_citation`.
    """
    _ = translator(lang)
    source = catalog.get(source_id)
    if source is None:
        return source_id
    short = str(source.get(f"short_label_{lang}") or "") if lang != "en" else ""
    if not short:
        short = str(source.get("short_label") or "")
        if not short:
            return source_citation(source_id, catalog, lang=lang)
        english = _published(source, lang="en")
        if lang != "en" and english in short:
            short = short.replace(english, _published(source, lang=lang), 1)
    if source.get("published_inferred"):
        note = _(N_("date inferred"))
        short = f"{short[:-1]}; {note})" if short.endswith(")") else f"{short} ({note})"
    return short


def source_citation(source_id: str, catalog: Catalog, *, lang: str = "en") -> str:
    """'Author, Outlet, “Title” (Nov 2022, date inferred)' (plain text; titles stay verbatim;
    the author only where the text gives a byline)."""
    _ = translator(lang)
    source = catalog.get(source_id)
    if source is None:
        return source_id
    published = _published(source, lang=lang)
    inferred = ", " + _(N_("date inferred")) if source.get("published_inferred") else ""
    title = f"“{source['title']}”" if source.get("title_is_verbatim") else f"{source['title']}"
    author = f"{source['author']}, " if source.get("author") else ""
    return f"{author}{source['outlet']}, {title} ({published}{inferred})"


# The year line of a presence record (or of its spread line), by kind and qualifier.
PRESENCE_YEARS = {
    "reported_present_by": N_("Reported present by {year} (the article's date; no "
                              "first-report date)"),
    "exact": N_("First reported in {year}"),
    "earliest_possible": N_("First reported soon after {year}"),
    "range": N_("Origin: {lo}–{hi}"),
}


def presence_year_text(props: Props, *, lang: str = "en") -> str:
    """The year line of a presence record or spread line, for every view, saying what the
    record says: 'First reported in 2021', 'First reported soon after 2018 (inferred)',
    'Origin: 2011–2014', 'Reported present by 2025 (the article's date; no first-report date)'.

    A `reported_present_by` year is never called a first report; an inferred first-report
    year says so (``first_reported_inferred`` of presence, ``year_inferred`` of spread).
    Older layers without ``presence_kind`` read as first reported in the exact year.
    """
    _ = translator(lang)
    year = props["first_year"]
    if props.get("presence_kind") == "reported_present_by":
        return _(PRESENCE_YEARS["reported_present_by"]).format(year=year)
    qualifier = str(props.get("year_qualifier") or "exact")
    span = props.get("year_range")
    if qualifier == "range" and isinstance(span, list | tuple) and len(span) == 2:
        return _(PRESENCE_YEARS["range"]).format(lo=span[0], hi=span[1])
    if qualifier not in ("exact", "earliest_possible"):
        qualifier = "exact"  # a range without its two years, or an unknown qualifier
    line = _(PRESENCE_YEARS[qualifier]).format(year=year)
    inferred = props.get("first_reported_inferred", props.get("year_inferred"))
    return _(INFERRED).format(date=line) if inferred else line
