"""Headings, credits and provenance shared by every export (image, HTML, data).

The English constants (`MAP_TITLE`, `CREDITS`, `CAVEAT`) are gettext msgids; the functions
give them in a language (keyword-only ``lang``, English by default).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from geo.data.selection import Feature, Filters, Layers, Selection, Summary
from geo.data.text import date_label, source_line
from geo.i18n import N_, format_number, ngettext, translator
from geo.jsonio import read_json
from geo.vocab import label

MAP_TITLE = N_("Tren de Aragua: expansion and trafficking corridors")
DATA_LICENCE = "CC BY 4.0"
CREDITS = (
    N_("Outlines: Natural Earth (public domain)"),
    N_("Places: GeoNames (CC BY 4.0)"),
)
CAVEAT = N_("Built only from five news articles; points of region or country precision and "
            "schematic (dashed) corridors are approximate.")
DATA_AS_OF = N_("Data as of {date} (data v{version}, {licence})")
HEADINGS = {"cumulative": N_("As of {year} (cumulative)"), "only": N_("{year} only")}
FILTER_NAMES = {"countries": N_("Countries"), "groups": N_("Groups"),
                "event_kinds": N_("Events"), "corridor_kinds": N_("Corridors")}
FILTER_PHRASE = N_("{name}: {values}")
SUMMARY_LEADS = {"cumulative": N_("By {year}"), "only": N_("In {year} only")}
SUMMARY = N_("{lead}: {counts} ({lengths})")
LENGTHS = N_("{measured} km measured, {schematic} km schematic")
SOURCES = N_("Sources: {sources}")
NO_SOURCES = N_("none in this selection")


def map_title(*, lang: str = "en") -> str:
    """The map's title in `lang`."""
    return translator(lang)(MAP_TITLE)


def credits_lines(*, lang: str = "en") -> list[str]:
    """The basemap and gazetteer credits in `lang`."""
    _ = translator(lang)
    return [_(line) for line in CREDITS]


def caveat(*, lang: str = "en") -> str:
    """What the map is built from and what is approximate, in `lang`."""
    return translator(lang)(CAVEAT)


def provenance(layers: Layers) -> dict[str, Any]:
    """The `provenance.json` written beside the layers by ``python -m geo build``."""
    data: dict[str, Any] = read_json(layers.directory / "provenance.json")
    return data


def data_as_of(layers: Layers) -> str:
    """ISO date up to which the sources report: the one reader of the date the build
    computed from the catalog and recorded in the provenance (every view's "data as of")."""
    return str(provenance(layers)["data_as_of"])


def data_as_of_text(layers: Layers, *, lang: str = "en") -> str:
    """E.g. 'Data as of 12 Feb 2025 (data v0.1.0, CC BY 4.0)'."""
    prov = provenance(layers)
    when = date_label(data_as_of(layers), precision="day", lang=lang)
    return translator(lang)(DATA_AS_OF).format(date=when, version=prov["data_version"],
                                               licence=DATA_LICENCE)


def view_heading(filters: Filters, *, lang: str = "en") -> str:
    """'As of 2022 (cumulative)' or '2022 only', then any filters."""
    head = translator(lang)(HEADINGS[filters.mode]).format(year=filters.year)
    return " · ".join([head, *filter_phrases(filters, lang=lang)])


def filter_phrases(filters: Filters, *, lang: str = "en") -> list[str]:
    """One phrase per filter in use, e.g. 'Countries: CHL, PER' (countries stay ISO codes)."""
    _ = translator(lang)
    parts = [("countries", filters.countries, False), ("groups", filters.groups, True),
             ("event_kinds", filters.event_kinds, True),
             ("corridor_kinds", filters.corridor_kinds, True)]
    return [_(FILTER_PHRASE).format(
                name=_(FILTER_NAMES[name]),
                values=", ".join(label(v, lang=lang) if labelled else v for v in sorted(values)))
            for name, values, labelled in parts if values]


def summary_text(summary: Summary, *, lang: str = "en") -> str:
    """E.g. 'By 2022: 6 countries, 24 events, 15 corridors (1,740 km measured, 12,976 km
    schematic)' in `lang`, with each count's plural (the one summary sentence)."""
    _ = translator(lang)
    counts = [
        ngettext("{count} country", "{count} countries", summary.countries, lang=lang),
        ngettext("{count} event", "{count} events", summary.events, lang=lang),
        ngettext("{count} corridor", "{count} corridors", summary.corridors, lang=lang),
    ]
    parts = [c.format(count=format_number(n, lang=lang)) for c, n in
             zip(counts, (summary.countries, summary.events, summary.corridors), strict=True)]
    km = _(LENGTHS).format(measured=format_number(round(summary.measured_km), lang=lang),
                           schematic=format_number(round(summary.schematic_km), lang=lang))
    lead = _(SUMMARY_LEADS[summary.mode]).format(year=summary.year)
    return _(SUMMARY).format(lead=lead, counts=", ".join(parts), lengths=km)


def cited_source_ids(features: Iterable[Feature]) -> list[str]:
    """Sorted ids of the sources cited by `features`."""
    return sorted({s for f in features for s in f["properties"].get("sources", [])})


def selection_source_ids(selection: Selection) -> list[str]:
    """Sources cited by the dated layers of a selection (places are undated and left out)."""
    return cited_source_ids([*selection.events, *selection.routes, *selection.presence,
                             *selection.spread])


def sources_text(source_ids: Iterable[str], layers: Layers, *, lang: str = "en") -> str:
    """'Sources: InSight Crime, Nov 2022; ...' (plain text)."""
    _ = translator(lang)
    lines = [source_line(s, layers.sources, lang=lang) for s in source_ids]
    return _(SOURCES).format(sources="; ".join(lines) if lines else _(NO_SOURCES))
