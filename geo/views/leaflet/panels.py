"""Linked panels below the map: timeline, events table, place search and "what changed".

The panels are the project's JavaScript (``assets/panels.js`` and ``panels.css``), started
by `Panels` (added by `geo.views.leaflet.map.build_map`) once the page's ``window.tda`` is
ready; they mount into ``tda.panelsElement`` and use only the page's API, so the app, the
HTML file and the static site show the same panels. Source and date labels, place aliases
and the year each feature is new in come with the page's features, computed once in
`geo.views.leaflet.payload`. The sources are ES modules in ``frontend/src/panels/``,
bundled into ``assets/panels.js``.
"""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geo.jsonio import html_safe_json
from geo.views.leaflet.plugin import ASSETS_DIR, asset_url

PANELS_JS = ASSETS_DIR / "panels.js"
PANELS_CSS = ASSETS_DIR / "panels.css"
PAGE_SIZE = 25

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


def panels_options(*, page_size: int = PAGE_SIZE) -> dict[str, Any]:
    """The options `TdaPanels.start` receives (JSON-ready). Everything else (source and
    date labels, place names, the year each feature is new in, which layer is which) the
    panels read from the page's features (`geo.views.leaflet.payload`)."""
    return {"pageSize": page_size}


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

    def __init__(self, *, page_size: int = PAGE_SIZE, js_url: str | None = None,
                 css_url: str | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "TdaPanels"
        self.options_json = html_safe_json(panels_options(page_size=page_size))
        self.default_js = [("tda_panels_js", js_url or asset_url("panels.js"))]
        self.default_css = [("tda_panels_css", css_url or asset_url("panels.css"))]
