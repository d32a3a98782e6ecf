"""Pages the panels' tests drive.

`write_page`: the engine's one-file page (`geo.views.leaflet.standalone.html_document`,
which adds the panels). `write_fake_page`: a folium map of the real layers with a stand-in
``window.tda`` (``fake_tda.js``) and the real `geo.views.leaflet.panels.Panels`, to check
that the panels need nothing but the page's API (the stand-in draws the real payload,
`geo.views.leaflet.payload.payload`); Leaflet inlined from the packaged copy
(`geo.views.leaflet.standalone.asset_text`). Both open from ``file://``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement
from folium.template import Template

from geo.data.selection import Layers
from geo.views.leaflet import panels, payload, standalone

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
    folder = path.parent
    for name in ("leaflet.js", "leaflet.css"):
        (folder / name).write_text(standalone.asset_text(name), encoding="utf-8")
    fmap = folium.Map(location=[-15, -70], zoom_start=3, tiles=None, width="100%",
                      height="55vh", max_zoom=12)
    fmap.default_js = [("leaflet", (folder / "leaflet.js").as_uri())]
    fmap.default_css = [("leaflet_css", (folder / "leaflet.css").as_uri())]
    _FakeTda(payload.payload(layers, lang=lang)).add_to(fmap)
    panels.Panels(js_url=panels.PANELS_JS.as_uri(), css_url=panels.PANELS_CSS.as_uri()).add_to(fmap)
    fmap.save(str(path))
    return path


def write_page(layers: Layers, path: Path, *, lang: str = "en") -> Path:
    """Write the engine's one-file map page (panels included) to `path` and return it."""
    path.write_text(standalone.html_document(layers, lang=lang), encoding="utf-8")
    return path
