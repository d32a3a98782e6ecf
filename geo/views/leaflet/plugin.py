"""The project's folium plugin: mounts ``assets/timefilter.js`` on a folium map.

Attached as folium's own plugins are (`JSCSSMixin` links, a short template). The script is
the bundle of the ES modules in ``frontend/src/`` (``npm run build`` there; committed, so
running the app needs no Node); script and stylesheet are real files in ``assets/``; their
URLs start as ``tda-asset:<name>`` placeholders that `geo.views.leaflet.standalone` resolves
(inlined for the one-file page, content-hashed names for the site).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geo.errors import OptionError
from geo.jsonio import html_safe_json

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
FRONTEND_DIR = Path(__file__).resolve().parent / "frontend"
"""The page's JavaScript sources (``src/``), bundled into `ASSETS_DIR` (``npm run build``)."""
ASSET_SCHEME = "tda-asset:"
PAYLOAD_ELEMENT_ID = "tda-payload"


def asset_url(name: str) -> str:
    """Placeholder URL of a packaged or vendored asset (resolved by the page writers)."""
    return ASSET_SCHEME + name


class RawHtml(Element):
    """Finished markup, rendered as is (branca would compile a large text as a template)."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.markup = markup

    def render(self, **_: Any) -> str:
        return self.markup


class TimeFilter(JSCSSMixin, MacroElement):
    """All features loaded once, filtered by year, mode and filters in the browser.

    `data` is the payload JSON (`geo.views.leaflet.payload.payload_json`) to inline, or
    None with `data_url` (relative URL of the payload file). `options` are passed to
    ``TdaTimeFilter.mount`` (initial state, ...).
    """

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = window.TdaTimeFilter.mount(
    {{ this._parent.get_name() }}, {{ this.options_json }});
{% endmacro %}
""")
    default_js: list[tuple[str, str]] = [  # noqa: RUF012 (folium's plugin convention)
        ("tda_timefilter", asset_url("timefilter.js"))]
    default_css: list[tuple[str, str]] = [  # noqa: RUF012
        ("tda_timefilter_css", asset_url("timefilter.css"))]

    def __init__(self, *, data: str | None = None, data_url: str | None = None,
                 options: dict[str, Any] | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        if (data is None) == (data_url is None):
            raise OptionError("TimeFilter needs exactly one of data (inline JSON) or data_url")
        self._name = "TimeFilter"
        self.data = data
        self.options = {**(options or {}), "data_url": data_url,
                        "data_element": PAYLOAD_ELEMENT_ID if data is not None else None}
        self.options_json = html_safe_json(self.options)

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise OptionError(f"{self.get_name()} is not in a figure (add it to a map)")
        if self.data is not None:
            figure.html.add_child(RawHtml(
                f'<script type="application/json" id="{PAYLOAD_ELEMENT_ID}">{self.data}'
                "</script>"), name="tda_payload")
        super().render(**kwargs)  # type: ignore[no-untyped-call]
