"""Headings, credits and provenance shared by every export (image, HTML, data)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from geo.data.selection import Feature, Filters, Layers, Selection
from geo.data.text import date_label, source_line
from geo.jsonio import read_json
from geo.vocab import label

MAP_TITLE = "Tren de Aragua: expansion and trafficking corridors"
DATA_LICENCE = "CC BY 4.0"
CREDITS = (
    "Outlines: Natural Earth (public domain)",
    "Places: GeoNames (CC BY 4.0)",
)
CAVEAT = ("Built only from five news articles; points of region or country precision and "
          "schematic (dashed) corridors are approximate.")


def provenance(layers: Layers) -> dict[str, Any]:
    """The `provenance.json` written beside the layers by ``python -m geo build``."""
    data: dict[str, Any] = read_json(layers.directory / "provenance.json")
    return data


def data_as_of(layers: Layers) -> str:
    """ISO date up to which the sources report (``data_as_of`` of the provenance)."""
    return str(provenance(layers)["data_as_of"])


def data_as_of_text(layers: Layers) -> str:
    """E.g. 'Data as of 12 Feb 2025 (data v0.1.0, CC BY 4.0)'."""
    prov = provenance(layers)
    when = date_label(str(prov["data_as_of"]), precision="day")
    return f"Data as of {when} (data v{prov['data_version']}, {DATA_LICENCE})"


def view_heading(filters: Filters) -> str:
    """'As of 2022 (cumulative)' or '2022 only', then any filters."""
    head = (f"As of {filters.year} (cumulative)" if filters.mode == "cumulative"
            else f"{filters.year} only")
    return " · ".join([head, *filter_phrases(filters)])


def filter_phrases(filters: Filters) -> list[str]:
    """One phrase per filter in use, e.g. 'Countries: CHL, PER'."""
    parts = [("Countries", filters.countries, False), ("Groups", filters.groups, True),
             ("Events", filters.event_kinds, True), ("Corridors", filters.corridor_kinds, True)]
    return [f"{name}: " + ", ".join(label(v) if labelled else v for v in sorted(values))
            for name, values, labelled in parts if values]


def cited_source_ids(features: Iterable[Feature]) -> list[str]:
    """Sorted ids of the sources cited by `features`."""
    return sorted({s for f in features for s in f["properties"].get("sources", [])})


def selection_source_ids(selection: Selection) -> list[str]:
    """Sources cited by the dated layers of a selection (places are undated and left out)."""
    return cited_source_ids([*selection.events, *selection.routes, *selection.presence,
                             *selection.spread])


def sources_text(source_ids: Iterable[str], layers: Layers) -> str:
    """'Sources: Outlet, “Title” (Nov 2022); ...' (plain text)."""
    lines = [source_line(s, layers.sources) for s in source_ids]
    return "Sources: " + ("; ".join(lines) if lines else "none in this selection")
