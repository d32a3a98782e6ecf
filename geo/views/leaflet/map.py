"""The interactive map: a folium map with the Natural Earth outlines and the time filter.

One builder for every output (the one-file page, the static site, the app's iframe):
`build_map` returns a `folium.Map` whose asset URLs are ``tda-asset:`` placeholders; see
`geo.views.leaflet.standalone` for writing it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import folium

from geo import i18n
from geo.data.selection import Layers
from geo.views.leaflet.panels import Panels
from geo.views.leaflet.payload import payload_json
from geo.views.leaflet.plugin import TimeFilter, asset_url
from geo.views.leaflet.zoom import MAX_ZOOM, MIN_ZOOM, ZOOM_SNAP

STATE_KEYS = ("year", "mode", "lang", "filters", "layers", "view", "briefing", "embed",
              "tiles")


def build_map(layers: Layers, *, lang: str, state: Mapping[str, Any] | None = None,
              tiles: bool = False, data_url: str | None = None,
              data_urls: Mapping[str, str] | None = None) -> folium.Map:
    """The map page of `layers` in `lang`.

    `state` is the initial state (a partial state S of the page protocol; the page URL's
    query overrides it). `tiles` allows the OpenStreetMap background (off until the reader,
    or ``tiles=1``, turns it on; it then loads from the internet). `data_url` links the
    payload as a file instead of inlining it; `data_urls` (language -> URL) lets the page
    pick the payload of the ``lang`` in its URL.
    """
    lang = i18n.check_lang(lang)
    unknown = sorted(set(state or {}) - set(STATE_KEYS))
    if unknown:
        from geo.errors import OptionError  # noqa: PLC0415

        raise OptionError(f"unknown state key(s) {', '.join(unknown)}; "
                          f"known: {', '.join(STATE_KEYS)}")
    fmap = folium.Map(location=None, zoom_start=3, tiles=None, min_zoom=MIN_ZOOM,
                      max_zoom=MAX_ZOOM, prefer_canvas=True, control_scale=True,
                      width="100%", height="100%", zoom_snap=ZOOM_SNAP)
    fmap.default_js = [("leaflet", asset_url("leaflet.js"))]
    fmap.default_css = [("leaflet_css", asset_url("leaflet.css"))]
    data = None if data_url else payload_json(layers, lang=lang, tiles=tiles)
    TimeFilter(data=data, data_url=data_url,
               options={"initial": dict(state or {}), "lang": lang, "max_zoom": MAX_ZOOM,
                        "min_zoom": MIN_ZOOM,
                        "data_urls": dict(data_urls) if data_urls else None}).add_to(fmap)
    Panels().add_to(fmap)
    return fmap
