"""Pages the panels' tests drive.

`write_page`: the engine's one-file page (`geo.views.leaflet.standalone.html_document`,
which adds the panels). `write_fake_page`: a folium map of the real layers with a stand-in
``window.tda`` (``fake_tda.js``) and the real `geo.views.leaflet.panels.Panels`, to check
that the panels need nothing but the page's API; Leaflet from ``static/vendor``
(``python -m geo assets``). Both open from ``file://``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement
from folium.template import Template

from geo.data.selection import Layers, year_bounds
from geo.i18n import translator
from geo.views.leaflet import assets, panels, payload, standalone

_FAKE_JS = Path(__file__).resolve().parent / "fake_tda.js"


class _FakeTda(MacroElement):
    _template = Template("""
        {% macro script(this, kwargs) %}
            {{ this.fake_js }}
            window.tda = makeFakeTda({{ this._parent.get_name() }}, {{ this.data_json }});
        {% endmacro %}
    """)

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.fake_js = _FAKE_JS.read_text(encoding="utf-8")
        self.data_json = (json.dumps(data, ensure_ascii=True).replace("<", "\\u003c")
                          .replace(">", "\\u003e").replace("&", "\\u0026"))


def write_fake_page(layers: Layers, path: Path, *, lang: str = "en") -> Path:
    """Write the test page for `layers` to `path` and return it."""
    leaflet = assets.STATIC_DIR / "vendor" / "leaflet"
    fmap = folium.Map(location=[-15, -70], zoom_start=3, tiles=None, width="100%",
                      height="55vh", max_zoom=12)
    fmap.default_js = [("leaflet", (leaflet / "leaflet.js").as_uri())]
    fmap.default_css = [("leaflet_css", (leaflet / "leaflet.css").as_uri())]
    _ = translator(lang)
    first, last = year_bounds(layers)
    data = {"layers": {name: layers.collections[name]
                       for name in ("presence", "spread", "routes", "places", "events")},
            "years": [first, last], "quietYears": [], "lang": lang,
            "strings": {key: _(msgid) for key, msgid in payload.UI_STRINGS.items()}}
    _FakeTda(data).add_to(fmap)
    panels.Panels(layers, js_url=panels.PANELS_JS.as_uri(),
                  css_url=panels.PANELS_CSS.as_uri()).add_to(fmap)
    fmap.save(str(path))
    return path



def write_page(layers: Layers, path: Path, *, lang: str = "en") -> Path:
    """Write the engine's one-file map page (panels included) to `path` and return it."""
    path.write_text(standalone.html_document(layers, lang=lang), encoding="utf-8")
    return path
