"""Publishable HTML: one self-contained file that opens from ``file://`` with no network.

Leaflet 1.9.3 (JS, CSS and its images as data URIs) comes from the installed
``xstatic-leaflet`` package. The layers travel as JSON in a ``<script type="application/json">``
block (``<``, ``>`` and ``&`` escaped, so no value can close the tag) and a fixed script,
``geo/templates/export_map.js``, draws them with an in-map year slider. Popups and tooltips
are the escaped HTML strings of `geo.popups`; the page's Content-Security-Policy only runs the
two inline scripts by hash, so an injected ``onerror=`` attribute could not run either.

Folium's Timeline (leaflet.timeline and moment from npm) and TimestampedGeoJson (jQuery UI,
Bootstrap, Font Awesome; breaks on timelines spanning September 2001) need assets PyPI does
not ship, so the slider is the project's own: it shows the features whose years, computed
here with `geo.selection.select` for every year and both modes, contain the chosen year.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import Any

from xstatic.pkg import leaflet as xstatic_leaflet

from geo import style, vocab
from geo.data import text
from geo.data.credits import (
    CAVEAT,
    CREDITS,
    MAP_TITLE,
    cited_source_ids,
    data_as_of_text,
    filter_phrases,
    view_heading,
)
from geo.data.extent import Extent, extent_bbox
from geo.data.selection import MODES, Feature, Filters, Layers, check_filters, select, year_bounds
from geo.views.leaflet import popups

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)
_OSM_TILES = "https://tile.openstreetmap.org"
_DATA_LAYERS = ("presence", "spread", "routes", "events", "places")
_LEAFLET_LICENCE = """Leaflet 1.9.3, BSD 2-Clause License.
Copyright (c) 2010-2022, Vladimir Agafonkin. Copyright (c) 2010-2011, CloudMade.
Redistribution and use in source and binary forms, with or without modification, are
permitted provided that the following conditions are met: 1. Redistributions of source code
must retain the above copyright notice, this list of conditions and the following
disclaimer. 2. Redistributions in binary form must reproduce the above copyright notice, this
list of conditions and the following disclaimer in the documentation and/or other materials
provided with the distribution. THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND
CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES ARE DISCLAIMED. IN NO EVENT SHALL
THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DAMAGES ARISING IN ANY WAY OUT OF THE
USE OF THIS SOFTWARE."""


def script_json(obj: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, code in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def _inline_script(text: str) -> str:
    if re.search(r"</script|<!--", text, flags=re.IGNORECASE):
        raise ValueError("an inline script must not contain '</script' or '<!--'")
    return text


def _leaflet_css() -> str:
    css = (_LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")

    def data_uri(match: re.Match[str]) -> str:
        png = (_LEAFLET_DIR / "images" / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(png).decode('ascii')})"

    return re.sub(r"url\(images/([a-z0-9-]+\.png)\)", data_uri, css)


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


# --- data --------------------------------------------------------------------------------

def _years_shown(layers: Layers, filters: Filters) -> dict[str, dict[str, list[int]]]:
    """For every feature id (prefixed by layer), the years each mode shows it."""
    first, last = year_bounds(layers)
    shown: dict[str, dict[str, list[int]]] = {}
    for mode in MODES:
        for year in range(first, last + 1):
            selection = select(layers, replace(filters, year=year, mode=mode))
            for name in _DATA_LAYERS:
                for feature in selection.layer(name):
                    key = f"{name}/{feature['id']}"
                    shown.setdefault(key, {m: [] for m in MODES})[mode].append(year)
    return shown


def _feature_style(name: str, props: dict[str, Any], years: tuple[int, int]) -> dict[str, Any]:
    if name == "presence":
        color = style.presence_color(props["first_reported_year"], first=years[0],
                                     last=years[1])
        return {"color": "#ffffff", "weight": 1, "fillColor": color, "fillOpacity": 0.7}
    if name == "spread":
        return {"color": style.SPREAD_COLOR, "weight": 1.5, "dashArray": "1 5",
                "opacity": 0.9}
    if name == "routes":
        return {"color": style.CORRIDOR_COLORS.get(props["kind"], "#222222"), "weight": 3,
                "opacity": 0.55 if props["certainty"] == "suspected" else 0.95,
                "dashArray": "8 6" if props["schematic"] else None}
    if name == "events":
        color = style.EVENT_COLORS.get(props["kind"], "#222222")
        hollow = props["geo_precision"] in ("region", "country")
        return {"radius": 6, "color": color if hollow else "#ffffff", "weight": 2 if hollow
                else 1, "fillColor": "#ffffff" if hollow else color, "fillOpacity": 1}
    return {"radius": 5 if props["kind"] == "base" else 3, "color": "#ffffff", "weight": 1,
            "fillColor": "#222222" if props["kind"] == "base" else "#777777",
            "fillOpacity": 1}


_POPUPS = {"presence": popups.presence_popup, "spread": popups.spread_popup,
           "routes": popups.route_popup, "events": popups.event_popup,
           "places": popups.place_popup}


def _feature_entry(name: str, feature: Feature, *, layers: Layers, years: tuple[int, int],
                   shown: dict[str, list[int]]) -> dict[str, Any]:
    props = feature["properties"]
    entry: dict[str, Any] = {
        "geometry": feature["geometry"],
        "group": str(feature["id"]),
        "id": str(feature["id"]),
        "popup": _POPUPS[name](props, layers.sources),
        "style": _feature_style(name, props, years),
        "tooltip": popups.tooltip(props),
        "years": shown,
    }
    if name == "events":
        entry["group"] = "{:.5f},{:.5f}".format(*feature["geometry"]["coordinates"])
        entry["area_m"] = style.PRECISION_RADIUS_M.get(props["geo_precision"])
    if name == "routes":
        entry["group"] = "/".join(props["waypoints"])
        entry["bearing"] = (float(props["end_bearing_deg"]) if props["direction"] == "forward"
                            else None)
    if name == "presence":
        entry["new_year"] = int(props["first_reported_year"])
    return entry


def _included(layers: Layers, filters: Filters) -> tuple[dict[str, list[Feature]],
                                                          dict[str, dict[str, list[int]]]]:
    """Features shown in at least one year and mode, per layer, and the years of each."""
    shown = _years_shown(layers, filters)
    features = {name: sorted((f for f in layers.features(name) if f"{name}/{f['id']}" in shown),
                             key=lambda f: str(f["id"]))
                for name in _DATA_LAYERS}
    return features, shown


def map_data(layers: Layers, *, filters: Filters, extent: Extent = "data",
             tiles: bool = True) -> dict[str, Any]:
    """Everything the page's script draws, as plain JSON-ready data."""
    check_filters(filters, layers)
    included, shown = _included(layers, filters)
    return _map_data(layers, filters=filters, extent=extent, tiles=tiles, included=included,
                     shown=shown)


def _map_data(layers: Layers, *, filters: Filters, extent: Extent, tiles: bool,
              included: dict[str, list[Feature]],
              shown: dict[str, dict[str, list[int]]]) -> dict[str, Any]:
    years = year_bounds(layers)
    everything = select(layers, replace(filters, year=years[1], mode="cumulative"))
    min_lon, min_lat, max_lon, max_lat = extent_bbox(extent, layers=layers,
                                                     selection=everything)
    data_layers = [{"name": name, "features": [
        _feature_entry(name, f, layers=layers, years=years, shown=shown[f"{name}/{f['id']}"])
        for f in included[name]]} for name in _DATA_LAYERS]
    summaries: dict[str, dict[str, str]] = {m: {} for m in MODES}
    headings: dict[str, dict[str, str]] = {m: {} for m in MODES}
    for mode in MODES:
        for year in range(years[0], years[1] + 1):
            view = replace(filters, year=year, mode=mode)
            summaries[mode][str(year)] = select(layers, view).summary().sentence()
            headings[mode][str(year)] = view_heading(view)
    return {
        "basemap": {"type": "FeatureCollection", "features": layers.features("basemap")},
        "bounds": [[min_lat, min_lon], [max_lat, max_lon]],
        "headings": headings,
        "initial": {"mode": filters.mode, "year": filters.year},
        "layers": data_layers,
        "styles": {
            "basemap": {"color": style.BASEMAP_LINE, "weight": 0.6,
                        "fillColor": style.BASEMAP_FILL, "fillOpacity": 1},
            "presence_new": {"color": "#111111", "weight": 2.5},
        },
        "summaries": summaries,
        "tiles": tiles,
        "years": list(years),
    }


# --- markup ------------------------------------------------------------------------------

def _legend_html(layers: Layers, included: dict[str, list[Feature]]) -> str:
    years = year_bounds(layers)
    first_years = sorted({int(f["properties"]["first_reported_year"])
                          for f in included["presence"]})
    route_kinds = sorted({str(f["properties"]["kind"]) for f in included["routes"]})
    event_kinds = sorted({str(f["properties"]["kind"]) for f in included["events"]})
    sections = []
    if first_years:
        items = "".join(
            f"<li><span class='tda-swatch' style='background:"
            f"{style.presence_color(y, first=years[0], last=years[1])}'></span>{y}</li>"
            for y in first_years)
        items += ("<li><span class='tda-swatch' style='border:2px solid #111'></span>"
                  "first reported in the year shown</li>")
        sections.append(f"<h5>Presence, first reported</h5><ul>{items}</ul>")
    if route_kinds:
        items = "".join(
            f"<li><span class='tda-line' style='border-color:"
            f"{style.CORRIDOR_COLORS.get(k, '#222222')}'></span>{escape(vocab.label(k))}</li>"
            for k in route_kinds)
        if any(f["properties"]["schematic"] for f in included["routes"]):
            items += ("<li><span class='tda-line' style='border-top-style:dashed;"
                      "border-color:#555'></span>dashed: schematic path</li>")
        if any(f["properties"]["certainty"] == "suspected" for f in included["routes"]):
            items += ("<li><span class='tda-line' style='border-color:#aaa'></span>"
                      "faded: suspected</li>")
        sections.append(f"<h5>Corridors</h5><ul>{items}</ul>")
    if included["spread"]:
        sections.append(f"<h5>Spread</h5><ul><li><span class='tda-line' style='border-top-style:"
                        f"dotted;border-color:{style.SPREAD_COLOR}'></span>from Tocorón to "
                        "each country</li></ul>")
    if event_kinds:
        items = "".join(
            f"<li><span class='tda-dot' style='background:"
            f"{style.EVENT_COLORS.get(k, '#222222')}'></span>{escape(vocab.label(k))}</li>"
            for k in event_kinds)
        if any(f["properties"]["geo_precision"] in style.PRECISION_RADIUS_M
               for f in included["events"]):
            items += ("<li><span class='tda-dot' style='background:#fff;border:2px solid "
                      "#555'></span>hollow: region or country only; dashed ring: the area a "
                      "point stands for</li>")
        sections.append(f"<h5>Events</h5><ul>{items}</ul>")
    return ("<details id='tda-legend' class='tda-legend' open hidden><summary>Legend</summary>"
            + "".join(sections) + "</details>")


def _footer_html(layers: Layers, included: dict[str, list[Feature]], *, tiles: bool) -> str:
    ids = cited_source_ids([f for name in _DATA_LAYERS if name != "places"
                            for f in included[name]])
    sources = "".join(f"<li>{escape(text.source_line(s, layers.sources))}</li>" for s in ids)
    credits = " · ".join([data_as_of_text(layers), *CREDITS,
                          "Leaflet (BSD 2-Clause)"])
    online = (" The OpenStreetMap background is optional and loads from the internet only "
              "when chosen." if tiles else "")
    return (f"<footer><div>{escape(credits)}.</div><div>{escape(CAVEAT)}{escape(online)}</div>"
            f"<div>Sources:</div><ul>{sources}</ul></footer>")


def html_map(layers: Layers, *, filters: Filters, extent: Extent = "data",
             tiles: bool = True) -> str:
    """The self-contained publishable map; `filters` sets the first year, mode and filters.

    The map opens on `extent` ('data': everything any year shows; see
    `geo.render.extent_bbox`). `tiles` adds an optional OpenStreetMap background, off until
    chosen: the page makes no request unless the reader picks it.
    """
    check_filters(filters, layers)
    included, shown = _included(layers, filters)
    data = _map_data(layers, filters=filters, extent=extent, tiles=tiles, included=included,
                     shown=shown)
    leaflet_js = _inline_script((_LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8"))
    app_js = _inline_script((_TEMPLATES / "export_map.js").read_text(encoding="utf-8"))
    css = _leaflet_css() + (_TEMPLATES / "export_map.css").read_text(encoding="utf-8")
    img_src = "data: " + _OSM_TILES if tiles else "data:"
    csp = (f"default-src 'none'; script-src {_csp_hash(leaflet_js)} {_csp_hash(app_js)}; "
           f"style-src 'unsafe-inline'; img-src {img_src}; base-uri 'none'; "
           "form-action 'none'")
    heading = escape(data["headings"][filters.mode][str(filters.year)])
    summary = escape(data["summaries"][filters.mode][str(filters.year)])
    scope = filter_phrases(filters)
    title = MAP_TITLE + (f" ({'; '.join(scope)})" if scope else "")
    return "".join([
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n",
        f"<meta http-equiv='Content-Security-Policy' content=\"{escape(csp)}\">\n",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n",
        f"<title>{escape(title)}</title>\n",
        f"<!--\n{_LEAFLET_LICENCE}\n-->\n",
        f"<style>\n{css}\n</style>\n</head>\n<body>\n",
        f"<header><h1>{escape(MAP_TITLE)}</h1><p id='tda-heading'>{heading}</p>",
        f"<p id='tda-summary'>{summary}</p></header>\n",
        "<div id='tda-map' role='region' aria-label='Map'></div>\n",
        _legend_html(layers, included), "\n",
        _footer_html(layers, included, tiles=tiles), "\n",
        f"<script type='application/json' id='tda-data'>{script_json(data)}</script>\n",
        f"<script>{leaflet_js}</script>\n",
        f"<script>{app_js}</script>\n",
        "</body>\n</html>\n",
    ])
