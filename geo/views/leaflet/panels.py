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

STRINGS: tuple[str, ...] = (
    N_("Events per year"), N_("Timeline: choose a year"), N_("Year"), N_("Events"),
    N_("{year}: {count} events"), N_("quiet year"), N_("Events counted in the year they began."),
    N_("Events on the map"), N_("Date"), N_("Event"), N_("Place"), N_("Sources"), N_("Quote"),
    N_("Pages of the events table"), N_("Previous page"), N_("Next page"),
    N_("Page {page} of {pages}"), N_("Events {first}–{last} of {total}"),
    N_("No events drawn for this selection."), N_("Show on the map: {title}"), N_("inferred"),
    N_("Find a place"), N_("Place name"), N_("{count} places found"), N_("No place found."),
    N_("What changed"), N_("New in {year} compared with {previous}."),
    N_("Reported in {year}, the first year of the data."), N_("Countries"), N_("Corridors"),
    N_("and {count} more"), N_("Nothing new in {year} for this selection."),
)
"""English msgids of every text the panels show (translated into ``tda.strings``)."""


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
