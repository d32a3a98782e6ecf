"""Linked panels below the map: timeline, events table, place search and "what changed".

The panels are the project's JavaScript (``assets/panels.js`` and ``panels.css``), started
by `Panels` once the page's ``window.tda`` is ready; they mount into ``tda.panelsElement``
and use only the page's API, so the app, the HTML file and the static site show the same
panels. Python gives them what the browser cannot derive: the short label of each source,
and, for every year and mode, the ids that `geo.data.selection` says are new in that year.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geo.data import text
from geo.data.selection import Filters, Layers, select, year_bounds
from geo.i18n import N_, translator

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
PANELS_JS = ASSETS_DIR / "panels.js"
PANELS_CSS = ASSETS_DIR / "panels.css"
PAGE_SIZE = 25
NEW_LAYERS = ("presence", "events", "routes")
"""Layers whose new features "what changed" lists: countries, events, corridors."""

STRINGS: dict[str, str] = {
    "panel_timeline": N_("Events per year"),
    "panel_timeline_group": N_("Timeline: choose a year"),
    "panel_bar": N_("{year}: {count} events"),
    "panel_timeline_note": N_("Events counted in the year they began."),
    "panel_table": N_("Events on the map"),
    "panel_date": N_("Date"),
    "panel_event": N_("Event"),
    "panel_place": N_("Place"),
    "panel_quote": N_("Quote"),
    "panel_pages": N_("Pages of the events table"),
    "panel_prev": N_("Previous page"),
    "panel_next": N_("Next page"),
    "panel_page": N_("Page {page} of {pages}"),
    "panel_rows": N_("Events {first}–{last} of {total}"),
    "panel_no_rows": N_("No events drawn for this selection."),
    "panel_show": N_("Show on the map: {title}"),
    "panel_search": N_("Find a place"),
    "panel_search_label": N_("Place name"),
    "panel_found": N_("{count} places found"),
    "panel_not_found": N_("No place found."),
    "panel_changes": N_("What changed"),
    "panel_changes_new": N_("New in {year} compared with {previous}."),
    "panel_changes_first": N_("Reported in {year}, the first year of the data."),
    "panel_countries": N_("Countries"),
    "panel_more": N_("and {count} more"),
    "panel_nothing_new": N_("Nothing new in {year} for this selection."),
}
"""Keys and English msgids of the panels' own texts (translated into ``tda.strings``);
they also use the page's "year", "layer_events", "layer_routes", "sources", "quiet_year"."""


def source_labels(layers: Layers) -> dict[str, str]:
    """Source id -> short label ("InSight Crime, Nov 2022"), sorted by id.

    Uses the catalogue's ``short_label``; an older catalogue without it gets the author (or
    outlet) and the publication date at its precision.
    """
    labels = {}
    for source_id, source in sorted(layers.sources.items()):
        label = source.get("short_label")
        if not label:
            who = source.get("author") or source.get("outlet") or source_id
            when = text.date_label(str(source["published"]),
                                   precision=str(source["published_precision"]))
            label = f"{who}, {when}"
        labels[source_id] = str(label)
    return labels


def new_ids_by_year(layers: Layers) -> dict[str, list[str]]:
    """Year -> sorted ids of the countries, events and corridors new in that year.

    New means selected in the year and not in the year before, by
    `geo.data.selection.select` (cumulative, no filters; the "only" mode gives the same
    ids, since a feature drawn in a year and not in the one before starts in it). In the
    first year of the data everything selected is new. The filters a reader sets only ever
    remove features, so the browser keeps the new ids that are drawn.
    """
    first, last = year_bounds(layers)
    before: set[str] = set()
    per_year: dict[str, list[str]] = {}
    for year in range(first, last + 1):
        chosen = select(layers, Filters(year=year, mode="cumulative"))
        now = {str(f["id"]) for name in NEW_LAYERS for f in chosen.layer(name)}
        fresh = sorted(now - before)
        if fresh:
            per_year[str(year)] = fresh
        before = now
    return per_year


def event_dates(layers: Layers, *, lang: str) -> dict[str, str]:
    """Event id -> date label at its precision ('10 Nov 2022 (inferred)'), by id."""
    _ = translator(lang)
    dates = {}
    for feature in sorted(layers.features("events"), key=lambda f: str(f["id"])):
        props = feature["properties"]
        label = text.date_label(str(props["date"]), precision=str(props["date_precision"]),
                                date_end=props.get("date_end"))
        dates[str(feature["id"])] = label + (f" ({_(N_('inferred'))})"
                                             if props.get("date_inferred") else "")
    return dates


def place_names(layers: Layers) -> list[list[str]]:
    """[id, name, alias, ...] of every place (aliases when the layer has them), by id."""
    return [[str(f["id"]), str(f["properties"]["name"]),
             *(str(a) for a in f["properties"].get("aliases") or [])]
            for f in sorted(layers.features("places"), key=lambda f: str(f["id"]))]


def panels_options(layers: Layers, *, lang: str, page_size: int = PAGE_SIZE) -> dict[str, Any]:
    """The options `TdaPanels.start` receives (JSON-ready)."""
    return {"pageSize": page_size, "sources": source_labels(layers),
            "dates": event_dates(layers, lang=lang), "places": place_names(layers),
            "newIn": new_ids_by_year(layers)}


def _html_safe_json(value: Any) -> str:
    return (json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


class Panels(JSCSSMixin, MacroElement):
    """Starts the linked panels (``assets/panels.js``) on the map page.

    Add it to the map after the engine's plugin. `js_url` and `css_url` locate the two asset
    files (the page builder inlines or hashes them); by default, their ``file:`` URLs.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            TdaPanels.start({{ this.options_json }});
        {% endmacro %}
    """)

    def __init__(self, layers: Layers, *, lang: str, page_size: int = PAGE_SIZE,
                 js_url: str | None = None, css_url: str | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "TdaPanels"
        self.options_json = _html_safe_json(panels_options(layers, lang=lang, page_size=page_size))
        self.default_js = [("tda_panels_js", js_url or PANELS_JS.as_uri())]
        self.default_css = [("tda_panels_css", css_url or PANELS_CSS.as_uri())]
