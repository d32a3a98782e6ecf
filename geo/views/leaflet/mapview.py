"""Folium map of the layers for the app: one base map, and the year's layers as feature groups.

The base map (country outlines, scale bar, legend) depends only on the layers folder and the
initial view, so it is identical on every rerun and ``st_folium`` keeps the same map in the
browser; the year-dependent layers are ``FeatureGroup``s that ``st_folium`` swaps in place
(``feature_group_to_add``), which keeps zoom and pan.

Safety: no folium ``Popup``/``Tooltip`` is used (they paste their text into a JavaScript
template literal unescaped). Each feature carries its popup and tooltip HTML, escaped by
`geo.popups`, as GeoJSON properties serialised as HTML-safe JSON; one fixed JavaScript
runtime (`window.tda`) draws the features and shows that HTML. Symbol and legend markup is
built from constants only.

Speed: `draw_index` serialises what is drawn of every feature once per layers folder (both
highlight states), so a slider step only joins prepared JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template
from pyproj import Geod

from geo import style, vocab
from geo.data import text
from geo.data.selection import Feature, Layers, Selection
from geo.views.leaflet import popups
from geo.views.leaflet.assets import asset_links

LAYER_ORDER: tuple[str, ...] = ("presence", "spread", "routes", "places", "events")
"""Year-dependent layers, in drawing order (bottom to top)."""
LAYER_TITLES: dict[str, str] = {
    "presence": "Presence by first reported year", "spread": "Spread from Tocorón",
    "routes": "Corridors", "places": "Places", "events": "Events",
}
TILES_GROUP = "tiles"

MIN_ZOOM, MAX_ZOOM = 2, 12
ZOOM_SNAP = 0.25  # fitted views use the space; zoom levels in links are quarter steps
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">'
                   "OpenStreetMap</a> contributors")
BASEMAP_ATTRIBUTION = "Outlines: Natural Earth"
DATA_ATTRIBUTION = "Data: tda-map, CC BY 4.0"
APPROXIMATE = ("district", "city", "region", "country")
_GEOD = Geod(ellps="WGS84")
_COORD_DECIMALS = 4  # about 11 m, plenty for display
_EVENT_RADIUS_PX = (5.0, 28.0)
_EVENT_RADIUS_K = 1.1  # px per sqrt(person): area proportional to the number of people
_SEA = "#dbe7ef"
_LEGEND_WIDTH_PX = 290  # fitted views leave room for the legend (top right)

# Place symbols by place kind: a shape drawn on the map's canvas (see `_RUNTIME_JS`) and its
# style; the legend draws the same shapes in SVG (`_symbol_svg`).
_PLACE_SYMBOLS: dict[str, dict[str, Any]] = {
    "base": {"symbol": "star", "radius": 7.5, "fillColor": "#7f0000", "color": "#ffffff",
             "weight": 0.8},
    "prison": {"symbol": "square", "radius": 4.5, "fillColor": "#222222", "color": "#ffffff",
               "weight": 1.2},
    "detention_facility": {"symbol": "square", "radius": 4.5, "fillColor": "#ffffff",
                           "color": "#222222", "weight": 1.8},
    "border_crossing": {"symbol": "cross", "radius": 4.5, "color": "#222222", "weight": 2.4,
                        "fill": False},
    "city": {"symbol": "circle", "radius": 3.5, "fillColor": "#222222", "color": "#ffffff",
             "weight": 1.2},
    "district": {"symbol": "diamond", "radius": 5.0, "fillColor": "#222222",
                 "color": "#ffffff", "weight": 1.0},
    "region": {"symbol": "circle", "radius": 5.0, "color": "#222222", "weight": 1.8,
               "fill": False},
    "country": {"symbol": "circle", "radius": 6.0, "color": "#222222", "weight": 1.2,
                "fill": False, "dashArray": "2 2"},
}

# The map's drawing code, defined once in the base map as `window.tda`. Features carry their
# style, their escaped popup/tooltip HTML and, when approximate, an `area` (radius in metres);
# only numbers and a checked colour reach markup, and symbol SVG comes from the constant table.
_RUNTIME_JS = """window.tda = (function () {
    function num(x, fallback) { var n = Number(x); return isFinite(n) ? n : fallback; }
    // Symbols drawn on the canvas like circle markers (same hit test, no DOM element); uses
    // the canvas renderer of Leaflet 1.9 (_ctx, _drawing, _fillStroke), the pinned version.
    var SHAPES = {
        circle: function (ctx, x, y, r) { ctx.arc(x, y, r, 0, 2 * Math.PI); },
        square: function (ctx, x, y, r) { ctx.rect(x - r, y - r, 2 * r, 2 * r); },
        diamond: function (ctx, x, y, r) {
            ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r);
            ctx.lineTo(x - r, y); ctx.closePath();
        },
        cross: function (ctx, x, y, r) {
            ctx.moveTo(x - r, y - r); ctx.lineTo(x + r, y + r);
            ctx.moveTo(x + r, y - r); ctx.lineTo(x - r, y + r);
        },
        star: function (ctx, x, y, r) {
            for (var i = 0; i < 10; i++) {
                var a = -Math.PI / 2 + i * Math.PI / 5, d = i % 2 ? 0.45 * r : r;
                if (i) { ctx.lineTo(x + d * Math.cos(a), y + d * Math.sin(a)); }
                else { ctx.moveTo(x + d * Math.cos(a), y + d * Math.sin(a)); }
            }
            ctx.closePath();
        },
        arrow: function (ctx, x, y, r, deg) {  // tip at the point, pointing along `deg`
            var b = deg * Math.PI / 180, dx = Math.sin(b), dy = -Math.cos(b);
            var l = 1.8 * r, w = 0.85 * r;
            ctx.moveTo(x, y);
            ctx.lineTo(x - dx * l - dy * w, y - dy * l + dx * w);
            ctx.lineTo(x - dx * l + dy * w, y - dy * l - dx * w);
            ctx.closePath();
        }
    };
    var Symbol = L.CircleMarker.extend({
        _updatePath: function () {
            var renderer = this._renderer;
            if (!renderer._ctx) { return renderer._updateCircle(this); }  // not a canvas
            if (!renderer._drawing || this._empty()) { return; }
            var ctx = renderer._ctx, p = this._point, o = this.options;
            ctx.beginPath();
            (SHAPES[o.symbol] || SHAPES.circle)(ctx, p.x, p.y, this._radius, num(o.rotate, 0));
            renderer._fillStroke(ctx, this);
        }
    });
    function draw(styles, areas) {
        // Styles come as indexes into the layer's table of distinct styles; the area of an
        // approximate point goes to `areas`, drawn under the layer.
        function get(x) { return typeof x === "number" ? (styles[x] || {}) : (x || {}); }
        function point(feature, latlng) {
            var p = feature.properties, s = get(p.style);
            if (p.area !== undefined && p.area !== null) {
                areas.addLayer(L.circle(latlng, L.extend({}, get(p.area), {interactive: false})));
            }
            if (s.symbol) { return new Symbol(latlng, s); }
            return L.circleMarker(latlng, L.extend({}, s, {radius: num(p.r, 5)}));
        }
        function style(feature) {
            return feature.geometry.type === "Point" ? undefined : get(feature.properties.style);
        }
        return {pointToLayer: point, style: style};
    }
    function popup(e) {
        var f = e.layer && e.layer.feature, map = e.target._map;
        if (!f || !f.properties.popup || !map) { return; }
        L.popup({maxWidth: 380, minWidth: 240}).setLatLng(e.latlng)
            .setContent(f.properties.popup).openOn(map);
    }
    function tooltip(e) {
        var layer = e.layer, f = layer && layer.feature;
        if (!f || !f.properties.tooltip || layer.getTooltip()) { return; }
        layer.bindTooltip(f.properties.tooltip, {sticky: true, direction: "top"})
            .openTooltip(e.latlng);
    }
    var outlines = {};  // geometries of the base map's countries, by feature id
    function add(data, parent, options) {
        (data.features || []).forEach(function (f) {
            if (options && options.outlines) { outlines[f.id] = f.geometry; }
            if (!f.geometry && f.properties.outline) {
                f.geometry = outlines[f.properties.outline] || null;
            }
        });
        var areas = L.layerGroup();
        var layer = L.geoJSON(data, L.extend(draw(data.styles || [], areas), options));
        layer.on("click", popup);
        layer.on("mouseover", tooltip);
        areas.addTo(parent);
        return layer.addTo(parent);
    }
    return {add: add};
})();
"""

_CSS = f"""<style>
.leaflet-container {{ background: {_SEA}; font: 13px/1.4 "Source Sans Pro", "DejaVu Sans",
  sans-serif; }}
.leaflet-popup-content {{ max-height: 360px; overflow-y: auto; }}
.tda-popup {{ font-size: 12.5px; line-height: 1.35; }}
.tda-popup h4 {{ margin: 0 0 4px; font-size: 13.5px; }}
.tda-popup div {{ color: #333; }}
.tda-popup ul {{ margin: 4px 0; padding-left: 16px; }}
.tda-popup blockquote {{ margin: 6px 0; padding-left: 8px; border-left: 3px solid #bbb;
  font-style: italic; }}
.tda-popup blockquote small {{ font-style: normal; color: #555; }}
.tda-legend {{ background: rgba(255,255,255,.92); padding: 4px 8px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,.35); font-size: 11px; line-height: 1.3; color: #222;
  max-height: 60vh; overflow-y: auto; }}
.tda-legend summary {{ font-weight: 600; cursor: pointer; }}
.tda-legend.large {{ font-size: 13.5px; line-height: 1.35; max-height: none; }}
.tda-legend.large h5 {{ font-size: 13.5px; }}
.tda-legend h5 {{ margin: 3px 0 2px; font-size: 11px; }}
.tda-legend .row {{ display: flex; align-items: center; gap: 5px; white-space: nowrap; }}
.tda-legend .sw {{ display: inline-block; width: 14px; height: 11px; }}
.tda-legend .ln {{ display: inline-block; width: 22px; height: 0; border-top-width: 3px; }}
.tda-legend .dot {{ display: inline-block; border-radius: 50%; }}
.tda-legend .cols {{ display: flex; gap: 12px; }}
.tda-legend .sizes svg {{ display: block; margin: 2px 0; }}
</style>"""


@dataclass(frozen=True)
class MapView:
    """A map view: centre (lat, lon, degrees) and Leaflet zoom level (quarter steps)."""

    lat: float
    lon: float
    zoom: float


@dataclass(frozen=True)
class DrawIndex:
    """Prepared JSON of what the map draws for one layers folder (see `draw_index`)."""

    parts: Mapping[tuple[str, str, bool], tuple[tuple[float, str], ...]]
    """(layer, feature id, highlighted) -> (draw order key, feature JSON) of each part."""
    styles: Mapping[str, str]
    """Layer -> JSON list of the distinct styles its features refer to by index."""
    basemap: str
    """Country outlines as a drawable collection."""
    legend: str
    """Legend HTML."""


class _Raw(Element):
    """Finished script text (branca would compile it as a Jinja template: slow for data)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **_: Any) -> str:
        return self._text


class _Script(MacroElement):
    """An element whose script is built in Python (`script_text`), rendered without Jinja."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.script_text() }}"
                         "{% endmacro %}")

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]

    def script_text(self) -> str:
        raise NotImplementedError

    def parent_name(self) -> str:
        """Script name of the element this one is added to."""
        if self._parent is None:
            raise ValueError(f"{self.get_name()} is not added to a map or group")
        return self._parent.get_name()

    def render(self, **kwargs: Any) -> str:
        _figure(self).script.add_child(_Raw(self.script_text()), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
        return ""


def _figure(element: Element) -> Figure:
    root = element.get_root()
    if not isinstance(root, Figure):
        raise ValueError(f"{element.get_name()} is not in a figure (add it to a map)")
    return root


class _Runtime(_Script):
    """Defines `window.tda` (see `_RUNTIME_JS`)."""

    def __init__(self) -> None:
        super().__init__()
        self._name = "TdaRuntime"

    def script_text(self) -> str:
        return _RUNTIME_JS


class DataLayer(_Script):
    """A drawable collection (HTML-safe JSON, see `draw_index`) drawn by `window.tda`."""

    def __init__(self, collection_json: str, *, name: str,
                 options: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        self._name = "DataLayer"
        self.layer_name = name
        self.collection_json = collection_json
        self.options = dict(options or {})

    def script_text(self) -> str:
        return (f"var {self.get_name()} = tda.add({self.collection_json}, "
                f"{self.parent_name()}, {_js_json(self.options)});\n")

    def features(self) -> list[Feature]:
        """The features, with style and area indexes resolved (for tests and checks)."""
        collection = json.loads(self.collection_json)
        styles = collection["styles"]
        for feature in collection["features"]:
            props = feature["properties"]
            for key in ("style", "area"):
                if isinstance(props.get(key), int):
                    props[key] = styles[props[key]]
        features: list[Feature] = collection["features"]
        return features


class _Legend(_Script):
    """A Leaflet control holding the legend HTML (built from constants)."""

    def __init__(self, html: str, *, large: bool = False) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.css_class = "tda-legend large" if large else "tda-legend"

    def script_text(self) -> str:
        name = self.get_name()
        return (f'var {name} = L.control({{position: "topright"}});\n'
                f"{name}.onAdd = function () {{\n"
                f"    var div = L.DomUtil.create('div', {_js_json(self.css_class)});\n"
                f"    div.innerHTML = {_js_json(self.html)};\n"
                f"    L.DomEvent.disableClickPropagation(div);\n"
                f"    L.DomEvent.disableScrollPropagation(div);\n"
                f"    return div;\n}};\n{name}.addTo({self.parent_name()});\n")


def _js_json(value: Any) -> str:
    """JSON that is also safe inside an HTML <script> element."""
    return (json.dumps(value, ensure_ascii=True, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def presence_years(layers: Layers) -> tuple[int, ...]:
    """Distinct first-reported years of the presence layer, sorted (the choropleth classes)."""
    return tuple(sorted({int(f["properties"]["first_reported_year"])
                         for f in layers.features("presence")}))


def data_bounds(layers: Layers) -> list[list[float]]:
    """[[south, west], [north, east]] of every place and event point, degrees."""
    points = [f["geometry"]["coordinates"] for name in ("places", "events")
              for f in layers.features(name)]
    lons = [float(p[0]) for p in points]
    lats = [float(p[1]) for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def event_people(props: Mapping[str, Any]) -> float | None:
    """Largest number of people any source gives for an event (None without such figure).

    Only figures counted in people size a marker: rates, percentages and areas are not
    comparable with head counts, and statistics (e.g. a year's migrant entries) are not
    incidents, so they keep the base size.
    """
    if props.get("kind") == "statistic":
        return None
    values = [float(f["value"]) for f in props.get("figures", []) if f.get("unit") == "people"]
    return max(values) if values else None


def event_radius_px(people: float | None) -> float:
    """Marker radius in pixels: area proportional to people (square-root scale), clamped."""
    low, high = _EVENT_RADIUS_PX
    if people is None or people <= 0:
        return low
    return round(min(high, max(low, _EVENT_RADIUS_K * math.sqrt(people))), 1)


def highlighted(name: str, props: Mapping[str, Any], *, year: int) -> bool:
    """Whether a selected feature is emphasised in `year`.

    New presence and spread in that year; corridors and events active in it; places never.
    """
    if name == "presence":
        return int(props["first_reported_year"]) == year
    if name == "spread":
        return int(props["first_year"]) == year
    if name == "routes":
        return _active(props, year, start="first_year", end="last_year")
    if name == "events":
        return _active(props, year, start="year", end="year_end")
    return False


def _active(props: Mapping[str, Any], year: int, *, start: str, end: str) -> bool:
    """Whether the feature's span of years covers `year`."""
    first = int(props[start])
    last = int(props[end]) if props.get(end) is not None else first
    return first <= year <= last


def draw_index(layers: Layers) -> DrawIndex:
    """Serialise what is drawn of every feature, highlighted or not, once per layers folder.

    Styles are shared through a table per layer; each part is HTML-safe JSON.
    """
    years = presence_years(layers)
    outline_ids = _outline_ids(layers)
    parts: dict[tuple[str, str, bool], tuple[tuple[float, str], ...]] = {}
    styles: dict[str, str] = {}
    for name in LAYER_ORDER:
        table = _StyleTable()
        for feature in layers.features(name):
            for flag in (False, True):
                parts[(name, str(feature["id"]), flag)] = tuple(
                    (order, _js_json(table.compact(part)))
                    for order, part in _drawn(name, feature, highlight=flag, years=years,
                                              catalog=layers.sources, outline_ids=outline_ids))
        styles[name] = _js_json(table.styles)
    return DrawIndex(parts, styles, _basemap_json(layers), legend_html(layers))


def _outline_ids(layers: Layers) -> dict[str, str]:
    return {str(f["properties"]["iso_a3"]): str(f["id"]) for f in layers.features("basemap")}


def _drawn(name: str, feature: Feature, *, highlight: bool, years: tuple[int, ...],
           catalog: text.Catalog, outline_ids: Mapping[str, str],
           ) -> list[tuple[float, Feature]]:
    """(draw order key, part) of one feature; a presence country takes the base map's shape."""
    drawn = _slim(name, feature, highlight=highlight, years=years, catalog=catalog)
    shape = outline_ids.get(str(feature["properties"].get("country")))
    if name == "presence" and shape:  # same outline as the base map, not sent again
        drawn = [{**part, "geometry": None,
                  "properties": {**part["properties"], "outline": shape}} for part in drawn]
    return [(-float(part["properties"].get("r", 0.0)), part) for part in drawn]


def _basemap_json(layers: Layers) -> str:
    outline = {"color": style.BASEMAP_LINE, "weight": 0.8, "fillColor": style.BASEMAP_FILL,
               "fillOpacity": 1.0}
    return _collection_json([_part(str(f["id"]), _round_geometry(f["geometry"]), None, None,
                                   outline) for f in layers.features("basemap")])


class _StyleTable:
    """Distinct styles of a layer; parts refer to them by index."""

    def __init__(self) -> None:
        self.styles: list[dict[str, Any]] = []
        self._index: dict[str, int] = {}

    def ref(self, value: dict[str, Any]) -> int:
        key = json.dumps(value, sort_keys=True)
        if key not in self._index:
            self._index[key] = len(self.styles)
            self.styles.append(value)
        return self._index[key]

    def compact(self, part: Feature) -> Feature:
        props = dict(part["properties"])
        for key in ("style", "area"):
            if isinstance(props.get(key), dict):
                props[key] = self.ref(props[key])
        return {**part, "properties": props}


def _collection_json(features: list[Feature]) -> str:
    table = _StyleTable()
    compact = [_js_json(table.compact(f)) for f in features]
    return _join(_js_json(table.styles), compact)


def _join(styles_json: str, features_json: list[str]) -> str:
    return ('{"type":"FeatureCollection","styles":' + styles_json + ',"features":['
            + ",".join(features_json) + "]}")


def _popup_pair(name: str, props: Mapping[str, Any],
                catalog: text.Catalog) -> tuple[str, str]:
    builder = {"presence": popups.presence_popup, "spread": popups.spread_popup,
               "routes": popups.route_popup, "places": popups.place_popup,
               "events": popups.event_popup}[name]
    return builder(props, catalog), popups.tooltip(props)


def legend_html(layers: Layers) -> str:
    """Legend markup for the kinds present in `layers`; every label is a constant."""
    present = {name: {str(f["properties"].get("kind")) for f in layers.features(name)}
               for name in ("events", "routes", "places")}
    years = presence_years(layers)

    def row(mark: str, text: str) -> str:
        return f"<div class='row'>{mark}<span>{escape(text)}</span></div>"

    def column(title: str, rows: list[str]) -> str:
        return f"<div><h5>{escape(title)}</h5>{''.join(rows)}</div>"

    first = [row(f"<span class='sw' style='background:{_ramp(y, years)}'></span>", str(y))
             for y in years]
    first.append(row(f"<span class='sw' style='background:{_ramp(years[-1], years)};"
                     "outline:1.5px solid #333;outline-offset:-1.5px'></span>",
                     "new in the year"))
    corridors = [row(f"<span class='ln' style='border-top:3px solid {color}'></span>",
                     vocab.label(kind))
                 for kind, color in style.CORRIDOR_COLORS.items() if kind in present["routes"]]
    corridors += [row("<span class='ln' style='border-top:3px dashed #555'></span>",
                      "schematic path"),
                  row(f"<span class='ln' style='border-top:2px dotted {style.SPREAD_COLOR}'>"
                      "</span>", "spread from Tocorón")]
    events = [row(f"<span class='dot' style='width:9px;height:9px;background:{color}'></span>",
                  vocab.label(kind))
              for kind, color in style.EVENT_COLORS.items() if kind in present["events"]]
    marks = [f"<div class='sizes'>{_sizes_svg()}</div>",
             row("<span class='dot' style='width:9px;height:9px;border:2px solid #111'>"
                 "</span>", "in the selected year"),
             row("<span class='dot' style='width:12px;height:12px;border:1px dashed #555'>"
                 "</span>", "approximate location")]
    places = [row(_symbol_svg(spec), vocab.label(kind)) for kind, spec in _PLACE_SYMBOLS.items()
              if kind in present["places"]]
    return ("<details open><summary>Legend</summary><div class='cols'><div>"
            + column("First reported", first) + column("Corridors", corridors)
            + column("People involved", marks) + "</div><div>"
            + column("Events", events) + column("Places", places) + "</div></div></details>")


def _symbol_svg(spec: Mapping[str, Any]) -> str:
    """A place symbol in SVG for the legend, the shape the canvas draws (16x16)."""
    r, c = float(spec["radius"]), 8.0
    paint = (f"fill='{spec['fillColor']}'" if spec.get("fill", True) else "fill='none'")
    paint += f" stroke='{spec['color']}' stroke-width='{spec['weight']}'"
    if spec.get("dashArray"):
        paint += f" stroke-dasharray='{spec['dashArray']}'"
    shape = str(spec["symbol"])
    if shape == "square":
        body = f"<rect x='{c - r}' y='{c - r}' width='{2 * r}' height='{2 * r}' {paint}/>"
    elif shape == "diamond":
        body = f"<path d='M{c} {c - r}L{c + r} {c}L{c} {c + r}L{c - r} {c}Z' {paint}/>"
    elif shape == "cross":
        body = (f"<path d='M{c - r} {c - r}L{c + r} {c + r}M{c + r} {c - r}L{c - r} {c + r}' "
                f"{paint}/>")
    elif shape == "star":
        points = " ".join(
            f"{c + d * math.cos(a):.2f},{c + d * math.sin(a):.2f}"
            for i in range(10)
            for a, d in [(-math.pi / 2 + i * math.pi / 5, r if i % 2 == 0 else 0.45 * r)])
        body = f"<polygon points='{points}' {paint}/>"
    else:
        body = f"<circle cx='{c}' cy='{c}' r='{r}' {paint}/>"
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='16' height='16' "
            f"viewBox='0 0 16 16'>{body}</svg>")


def _sizes_svg() -> str:
    """Nested circles for 10, 100 and 500 people at the map's marker scale, labelled."""
    radii = [(n, event_radius_px(n)) for n in (500, 100, 10)]
    big = radii[0][1]
    height, label_x = 2 * big + 10, 2 * big + 10
    parts = []
    for n, r in radii:
        top = height - 1 - 2 * r
        parts.append(f"<circle cx='{big + 1:.1f}' cy='{height - 1 - r:.1f}' r='{r:.1f}' "
                     f"fill='none' stroke='#555'/><line x1='{big + 1:.1f}' y1='{top:.1f}' "
                     f"x2='{label_x - 2:.1f}' y2='{top:.1f}' stroke='#999' "
                     f"stroke-dasharray='1 1'/><text x='{label_x:.1f}' y='{top + 3.5:.1f}' "
                     f"font-size='10'>{n:,}</text>")
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{label_x + 24:.0f}' "
            f"height='{height:.0f}'>{''.join(parts)}</svg>")


def _ramp(year: int, years: tuple[int, ...]) -> str:
    return style.presence_color(year, first=years[0], last=years[-1])


def base_map(layers: Layers, *, view: MapView | None = None,
             asset_base_url: str = "/app/static/vendor", index: DrawIndex | None = None,
             large_legend: bool = False) -> folium.Map:
    """The map without the year's layers: outlines, scale bar, legend, local Leaflet.

    Identical for the same arguments; `view` None fits the map to the data. `index` (see
    `draw_index`) saves preparing the outlines again; `large_legend` is for screenshots.
    """
    fmap = folium.Map(
        location=[view.lat, view.lon] if view else None,
        zoom_start=view.zoom if view else 3,  # type: ignore[arg-type]  # Leaflet takes 3.25
        tiles=None, min_zoom=MIN_ZOOM, max_zoom=MAX_ZOOM, prefer_canvas=True,
        control_scale=True, width="100%", height="100%", zoom_snap=ZOOM_SNAP,
    )
    fmap.default_js, fmap.default_css = asset_links(base_url=asset_base_url)
    _figure(fmap).header.add_child(Element(_CSS), name="tda_css")
    _Runtime().add_to(fmap)
    folium.map.CustomPane("basemap", z_index=150).add_to(fmap)
    DataLayer(index.basemap if index else _basemap_json(layers), name="basemap",
              options={"pane": "basemap", "interactive": False, "outlines": True,
                       "attribution": f"{BASEMAP_ATTRIBUTION} · {DATA_ATTRIBUTION}"},
              ).add_to(fmap)
    _Legend(index.legend if index else legend_html(layers), large=large_legend).add_to(fmap)
    if view is None:
        folium.FitBounds(data_bounds(layers), padding_top_left=(20, 20),
                         padding_bottom_right=(_LEGEND_WIDTH_PX + 30, 20)).add_to(fmap)
    return fmap


def feature_groups(selection: Selection, *, layers: Layers, visible: Collection[str],
                   tiles: bool = False, index: DrawIndex | None = None,
                   ) -> list[folium.FeatureGroup]:
    """The year's layers as feature groups, always the same six in the same order.

    Groups: tiles (OpenStreetMap when `tiles`), then `LAYER_ORDER`; a layer not in `visible`
    gives an empty group. `index` (`draw_index` of the same `layers`) saves preparing the
    features again; a feature it lacks is prepared on the fly.
    """
    unknown = sorted(set(visible) - set(LAYER_ORDER))
    if unknown:
        raise ValueError(f"unknown layer(s) {', '.join(unknown)}; known: "
                         f"{', '.join(LAYER_ORDER)}")
    year = selection.filters.year
    years, outline_ids = presence_years(layers), _outline_ids(layers)
    tile_group = folium.FeatureGroup(name=TILES_GROUP, control=False)
    if tiles:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap",
                         max_zoom=MAX_ZOOM, max_native_zoom=19).add_to(tile_group)
    groups = [tile_group]
    for name in LAYER_ORDER:
        group = folium.FeatureGroup(name=name, control=False)
        drawn: list[tuple[float, str]] = []
        for feature in selection.layer(name) if name in visible else []:
            flag = highlighted(name, feature["properties"], year=year)
            parts = index.parts.get((name, str(feature["id"]), flag)) if index else None
            if parts is None:  # not prepared: styles inline (the runtime takes both forms)
                parts = tuple((order, _js_json(part)) for order, part in _drawn(
                    name, feature, highlight=flag, years=years, catalog=layers.sources,
                    outline_ids=outline_ids))
            drawn += parts
        if drawn:
            drawn.sort(key=lambda part: part[0])  # stable: large markers first
            DataLayer(_join(index.styles[name] if index else "[]",
                            [text for _, text in drawn]), name=name).add_to(group)
        groups.append(group)
    return groups


def group_features(group: folium.FeatureGroup) -> list[Feature]:
    """The features drawn by one group, styles resolved (for tests and checks)."""
    return [feature for child in group._children.values()
            if isinstance(child, DataLayer) for feature in child.features()]


def _slim(name: str, feature: Feature, *, highlight: bool, years: tuple[int, ...],
          catalog: text.Catalog) -> list[Feature]:
    """What is drawn of one feature: geometry, style, area and escaped popup/tooltip only."""
    props = feature["properties"]
    popup, tip = _popup_pair(name, props, catalog)
    fid = str(feature["id"])
    geometry = _round_geometry(feature["geometry"])
    active = highlight
    if name == "presence":
        return [_part(fid, geometry, popup, tip, {
            "color": "#333333" if active else "#ffffff", "weight": 1.5 if active else 0.8,
            "fillColor": _ramp(int(props["first_reported_year"]), years), "fillOpacity": 0.6,
            "opacity": 1.0})]
    if name in ("routes", "spread"):
        if name == "routes":
            color = style.CORRIDOR_COLORS.get(str(props["kind"]), "#444444")
            line: dict[str, Any] = {"color": color, "weight": 3.5 if active else 2.5,
                                    "opacity": 0.9 if active else 0.4, "lineCap": "round"}
            if props.get("schematic"):
                line["dashArray"] = "8 7"
        else:
            color = style.SPREAD_COLOR
            line = {"color": color, "weight": 1.6, "opacity": 0.8 if active else 0.35,
                    "dashArray": "1 5", "lineCap": "round"}
        return [_part(fid, geometry, popup, tip, line),
                *_arrows(fid, feature, color=color, opacity=line["opacity"],
                         size=16 if name == "routes" else 11)]
    if name == "places":
        symbol = _PLACE_SYMBOLS.get(str(props["kind"]), _PLACE_SYMBOLS["city"])
        return [_part(fid, geometry, popup, tip, {**symbol, "fillOpacity": 1.0, "opacity": 1.0},
                      area=_area(props, color="#444444"))]
    color = style.EVENT_COLORS.get(str(props["kind"]), "#444444")
    marker = _part(fid, geometry, popup, tip, {
        "shape": "marker", "color": "#111111" if active else "#ffffff",
        "weight": 2.2 if active else 1.0, "fillColor": color,
        "fillOpacity": 0.85 if active else 0.4, "opacity": 1.0 if active else 0.8},
        area=_area(props, color=color))
    marker["properties"]["r"] = event_radius_px(event_people(props))
    return [marker]


def _part(fid: str, geometry: dict[str, Any], popup: str | None, tip: str | None,
          style_: dict[str, Any], *, area: dict[str, Any] | None = None) -> Feature:
    properties: dict[str, Any] = {"style": style_}
    if popup is not None:
        properties["popup"] = popup
    if tip is not None:
        properties["tooltip"] = tip
    if area is not None:
        properties["area"] = area
    return {"type": "Feature", "id": fid, "geometry": geometry, "properties": properties}


def _area(props: Mapping[str, Any], *, color: str) -> dict[str, Any] | None:
    """Style of the area drawn around an approximate point (radius in metres)."""
    precision = str(props.get("geo_precision"))
    if precision not in APPROXIMATE:
        return None
    return {"radius": style.PRECISION_RADIUS_M[precision], "color": color, "weight": 1.0,
            "dashArray": "3 4", "fillColor": color, "fillOpacity": 0.08}


def _arrows(fid: str, feature: Feature, *, color: str, opacity: float,
            size: int) -> list[Feature]:
    coords = feature["geometry"]["coordinates"]
    props = feature["properties"]
    heads = [(coords[-1], float(props["end_bearing_deg"]), "end")]
    if props.get("direction") == "both":
        (lon0, lat0), (lon1, lat1) = coords[0][:2], coords[1][:2]
        start_bearing, _, _ = _GEOD.inv(lon1, lat1, lon0, lat0)
        heads.append((coords[0], float(start_bearing) % 360, "start"))
    return [_part(f"{fid}#arrow-{where}", _round_geometry({"type": "Point", "coordinates": at}),
                  None, None, {"symbol": "arrow", "rotate": round(bearing, 1),
                               "radius": size / 2, "fillColor": color, "fillOpacity": opacity,
                               "color": "#ffffff", "weight": 0.8, "opacity": opacity,
                               "interactive": False})
            for at, bearing, where in heads]


def _round_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    return {"type": geometry["type"], "coordinates": _round(geometry["coordinates"])}


def _round(value: Any) -> Any:
    if isinstance(value, float | int):
        return round(float(value), _COORD_DECIMALS)
    return [_round(v) for v in value]
