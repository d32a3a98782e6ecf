"""Linked panels below the map: timeline, events table, place search and "what changed".

The panels are the project's JavaScript (``assets/panels.js`` and ``panels.css``), started
by `Panels` (added by `geo.views.leaflet.map.build_map`) once the page's ``window.tda`` is
ready; they mount into ``tda.panelsElement`` and use only the page's API, so the app, the
HTML file and the static site show the same panels. Python gives them what the page's
features lack: source labels, date labels, place aliases, and for every year the ids of
what is new in it.
"""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geo import i18n
from geo.data import text
from geo.data.selection import Layers
from geo.jsonio import html_safe_json
from geo.style import rules
from geo.views.leaflet.plugin import ASSETS_DIR, asset_url

PANELS_JS = ASSETS_DIR / "panels.js"
PANELS_CSS = ASSETS_DIR / "panels.css"
PAGE_SIZE = 25
NEW_LAYERS = ("presence", "events", "routes")
"""Layers whose new features "what changed" lists: countries, events, corridors."""

STRING_KEYS: tuple[str, ...] = (
    "panel_timeline", "panel_timeline_group", "panel_bar", "panel_timeline_note",
    "panel_table", "panel_date", "panel_event", "panel_place", "panel_quote", "panel_pages",
    "panel_prev", "panel_next", "panel_page", "panel_rows", "panel_no_rows", "panel_show",
    "panel_inferred", "panel_articles", "panel_search", "panel_search_label", "panel_found",
    "panel_not_found",
    "panel_changes", "panel_changes_new", "panel_changes_first", "panel_countries",
    "panel_more", "panel_nothing_new", "year", "layer_events", "layer_routes", "sources",
    "quiet_year",
)
"""Keys of ``tda.strings`` the panels show (msgids in `geo.views.leaflet.payload.UI_STRINGS`)."""


def source_labels(layers: Layers, *, lang: str) -> dict[str, str]:
    """Source id -> short label in `lang` (`geo.data.text.source_line`), by id."""
    return {sid: text.source_line(sid, layers.sources, lang=lang)
            for sid in sorted(layers.sources)}


def new_ids_by_year(layers: Layers) -> dict[str, list[str]]:
    """Year -> sorted ids of the countries, events and corridors new in that year.

    New means drawn in the year and not in the year before, which is the year a feature's
    span starts (`geo.style.rules.year_span`, the rule the map outlines "what changed"
    with; `geo.data.selection.select` agrees, in both modes: see the tests). One pass over
    the features. The filters a reader sets only ever remove features, so the browser keeps
    the new ids that are drawn.
    """
    per_year: dict[int, list[str]] = {}
    for name in NEW_LAYERS:
        for feature in layers.features(name):
            span = rules.year_span(name, feature["properties"])
            if span is not None:
                per_year.setdefault(span[0], []).append(str(feature["id"]))
    return {str(year): sorted(ids) for year, ids in sorted(per_year.items())}


def event_dates(layers: Layers, *, lang: str) -> dict[str, list[Any]]:
    """Event id -> [date label at its precision ('10 Nov 2022', 'Mar–Jun 2022'), inferred].

    The label is `geo.data.text.date_label`'s; the page adds its translated "inferred".
    """
    dates: dict[str, list[Any]] = {}
    for feature in sorted(layers.features("events"), key=lambda f: str(f["id"])):
        props = feature["properties"]
        label = text.date_label(str(props["date"]), precision=str(props["date_precision"]),
                                date_end=props.get("date_end"), lang=lang)
        dates[str(feature["id"])] = [label, 1 if props.get("date_inferred") else 0]
    return dates


def place_names(layers: Layers) -> list[list[str]]:
    """[id, name, alias, ...] of every place (aliases when the layer has them), by id."""
    return [[str(f["id"]), str(f["properties"]["name"]),
             *(str(a) for a in f["properties"].get("aliases") or [])]
            for f in sorted(layers.features("places"), key=lambda f: str(f["id"]))]


def panels_options(layers: Layers, *, page_size: int = PAGE_SIZE) -> dict[str, Any]:
    """The options `TdaPanels.start` receives (JSON-ready): source labels and dates per
    language (``byLang``; the page picks its own), places and what is new in each year."""
    return {"pageSize": page_size, "places": place_names(layers),
            "newIn": new_ids_by_year(layers),
            "byLang": {lang: {"sources": source_labels(layers, lang=lang),
                              "dates": event_dates(layers, lang=lang)}
                       for lang in i18n.LANGS}}


class Panels(JSCSSMixin, MacroElement):
    """Starts the linked panels (``assets/panels.js``) on the map page.

    `build_map` adds it after the time filter. Its asset links are ``tda-asset:``
    placeholders, which the page writers inline or hash like the plugin's (`js_url` and
    `css_url` replace them, e.g. with ``file:`` URLs for a test page).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            TdaPanels.start({{ this.options_json }});
        {% endmacro %}
    """)

    def __init__(self, layers: Layers, *, page_size: int = PAGE_SIZE,
                 js_url: str | None = None, css_url: str | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "TdaPanels"
        self.options_json = html_safe_json(panels_options(layers, page_size=page_size))
        self.default_js = [("tda_panels_js", js_url or asset_url("panels.js"))]
        self.default_css = [("tda_panels_css", css_url or asset_url("panels.css"))]
