"""Briefing images: a static map of a selection drawn with matplotlib, with no browser.

The map is drawn in Web Mercator (EPSG:3857) over the Natural Earth outlines of
``layers/basemap.geojson``; it fits the selection unless an extent is given
(`geo.data.extent`, the rule the map engine shares). The legend sits beside the map
(below it on a portrait page), never over it. The scale bar is measured on the WGS84
ellipsoid (``pyproj.Geod``) at the latitude where it is drawn, since Mercator's scale changes
with latitude.

Publishable: an SVG keeps its text as ``<text>`` elements (``svg.fonttype = "none"``) and
names its groups (``map``, ``layer-basemap``, ``layer-presence``, ``layer-spread``,
``layer-routes``, ``layer-events``, ``layer-places``, ``labels``, ``scale-bar``, ``legend``,
``title``, ``subtitle``, ``summary``, ``footer``); a PDF carries title, author and subject.
All text is literal (`geo.views.print.text`). The same inputs give the same bytes: no
timestamps or software versions are written, fonts are matplotlib's bundled DejaVu Sans and
SVG ids use a fixed salt.
"""

from __future__ import annotations

import io
import math
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import matplotlib as mpl
import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerPatch
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox, offset_copy
from numpy.typing import NDArray
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geo import style
from geo.data.credits import selection_source_ids
from geo.data.extent import BBox, Extent, extent_bbox
from geo.data.selection import Feature, Layers, Selection, year_bounds
from geo.errors import OptionError
from geo.i18n import N_, check_lang, country_name, format_number, gettext
from geo.style import palette
from geo.style.legend import LegendSection
from geo.style.rules import State
from geo.views.print import text as ptext
from geo.views.print.canvas import Canvas, font
from geo.views.print.labels import LabelPlacer, PlacedLabel
from geo.views.print.projection import GEOD, lonlat, mercator, project

ImageFormat = Literal["png", "pdf", "svg"]
IMAGE_FORMATS: tuple[ImageFormat, ...] = ("png", "pdf", "svg")
Progress = Callable[[float, str], None]
DEFAULT_SIZE_PX = (3000, 2000)
DEFAULT_DPI = 300
# Page shapes (width:height) and the size of a still image in each.
ASPECTS: tuple[str, ...] = ("16:9", "1:1", "9:16")
STILL_SIZES_PX: dict[str, tuple[int, int]] = {"16:9": (3200, 1800), "1:1": (2400, 2400),
                                              "9:16": (1800, 3200)}
SIZE_LIMITS_PX = (320, 12_000)
DPI_LIMITS = (50, 1200)
MAX_PIXELS = 60_000_000
DEFAULT_AUTHOR = "Tren de Aragua map contributors"

_LOCK = threading.Lock()  # matplotlib's rcParams are process-wide; the app renders in threads
_RC: Any = {"svg.hashsalt": "tda-map", "svg.fonttype": "none", "pdf.fonttype": 42,
            "lines.scale_dashes": False,
            "path.simplify": True, "text.parse_math": False, "text.usetex": False}
_Z = {"basemap": 1, "presence": 2, "spread": 4, "routes": 5, "events": 7, "places": 8,
      "labels": 9, "scale": 10, "year": 11}


@dataclass(frozen=True)
class _Frame:
    """Figure geometry in inches and the scale of every size in points."""

    width_in: float
    height_in: float
    scale: float
    map_box: tuple[float, float, float, float]  # figure fractions: left, bottom, width, height
    legend_box: tuple[float, float, float, float]
    legend_below: bool
    footer_lines: list[str]


# --- options -----------------------------------------------------------------------------

def check_image_options(*, size_px: tuple[int, int], dpi: int, fmt: str = "png") -> None:
    """Raise `OptionError` naming a bad size, dpi or format (as the CLI spells them)."""
    low, high = SIZE_LIMITS_PX
    problems = []
    if fmt not in IMAGE_FORMATS:
        problems.append(f"format {fmt!r} is not one of {', '.join(IMAGE_FORMATS)}")
    for name, value in zip(("--width", "--height"), size_px, strict=True):
        if not low <= value <= high:
            problems.append(f"{name} {value} px is outside {low}-{high} px")
    if size_px[0] * size_px[1] > MAX_PIXELS:
        problems.append(f"size {size_px[0]}x{size_px[1]} px exceeds {MAX_PIXELS:,} pixels")
    if not DPI_LIMITS[0] <= dpi <= DPI_LIMITS[1]:
        problems.append(f"--dpi {dpi} is outside {DPI_LIMITS[0]}-{DPI_LIMITS[1]}")
    if problems:
        raise OptionError("; ".join(problems))


def size_for_aspect(aspect: str, *, sizes: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """Pixel size of a page shape ('16:9', '1:1', '9:16'); `OptionError` names a bad one."""
    if aspect not in sizes:
        raise OptionError(f"--aspect {aspect[:40]!r} is not one of {', '.join(sizes)}")
    return sizes[aspect]


# --- geometry ----------------------------------------------------------------------------

def _view(bbox: BBox, *, aspect: float) -> tuple[float, float, float, float]:
    """Projected (x0, y0, x1, y1) around `bbox`, padded and widened to `aspect` (w / h)."""
    x0, y0 = mercator(bbox[0], bbox[1])
    x1, y1 = mercator(bbox[2], bbox[3])
    min_span = 300_000.0
    width = max(x1 - x0, min_span) * 1.10
    height = max(y1 - y0, min_span) * 1.10
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2


def _nice_km(target_km: float) -> float:
    exponent = math.floor(math.log10(target_km))
    for step in (5, 2, 1):
        value = step * 10.0 ** exponent
        if value <= target_km:
            return value
    return 10.0 ** exponent


# --- layout ------------------------------------------------------------------------------

def _frame(size_px: tuple[int, int], dpi: int, footer: Callable[[int], list[str]]) -> _Frame:
    width_in, height_in = size_px[0] / dpi, size_px[1] / dpi
    scale = min(width_in / 10.0, height_in / (20.0 / 3.0))
    pad = 0.18 * scale
    title_h = 0.95 * scale
    chars = max(40, int((width_in - 2 * pad) * 72 / (5.6 * scale * 0.56)))
    lines = footer(chars)
    footer_h = (len(lines) * 5.6 * scale * 1.4) / 72 + 1.2 * pad
    left = pad / width_in
    bottom = footer_h / height_in
    top = 1 - title_h / height_in
    below = width_in / height_in < 0.95
    if below:
        full_w = (width_in - 2 * pad) / width_in
        legend_h = 0.30 * (top - bottom)
        legend_box = (left, bottom, full_w, legend_h)
        map_bottom = bottom + legend_h + pad / height_in
        map_box = (left, map_bottom, full_w, top - map_bottom)
    else:
        legend_w = min(0.32 * width_in, 2.55 * scale)
        map_w = (width_in - legend_w - 2.5 * pad) / width_in
        map_box = (left, bottom, map_w, top - bottom)
        legend_box = (left + map_w + 0.5 * pad / width_in, bottom,
                      legend_w / width_in, top - bottom)
    return _Frame(width_in, height_in, scale, map_box, legend_box, below, lines)


def page_boxes(*, size_px: tuple[int, int], dpi: int,
               footer: Callable[[int], list[str]]) -> dict[str, tuple[int, int, int, int]]:
    """Pixel boxes (left, top, right, bottom; from the top-left corner) of the panel the map
    is fitted into and of the legend panel, for a page whose footer is `footer(chars)`."""
    frame = _frame(size_px, dpi, footer)
    boxes = {}
    for name, (left, bottom, width, height) in (("map", frame.map_box),
                                                ("legend", frame.legend_box)):
        boxes[name] = (round(left * size_px[0]), round((1 - bottom - height) * size_px[1]),
                       round((left + width) * size_px[0]), round((1 - bottom) * size_px[1]))
    return boxes


def _figure_size(size_px: tuple[int, int], dpi: int, *, raster: bool) -> tuple[float, float]:
    # Agg truncates width * dpi to an int: nudge a raster up so it has exactly the pixels asked.
    nudge = 1e-6 if raster else 0.0
    return ((size_px[0] + nudge) / dpi, (size_px[1] + nudge) / dpi)


# --- drawing -----------------------------------------------------------------------------

# --- symbols (geo.style) to matplotlib ---------------------------------------------------

_PT_PER_PX = 0.6
"""Points per CSS pixel of the style model at scale 1: a unit conversion for print (a
10-inch page is denser than a screen), not a style decision; every size comes from
`geo.style`."""
_MARKERS = {"circle": "o", "square": "s", "diamond": "D", "cross": "P", "star": "*"}


def _pt(c: Canvas, px: float) -> float:
    return px * _PT_PER_PX * c.s


def _dashes(c: Canvas, dash: str | None) -> Any:
    """A style-model dash array (SVG, in px) as a matplotlib line style (in points)."""
    if not dash:
        return "solid"
    return (0, tuple(_pt(c, float(v)) for v in dash.split()))


def _rgba(color: str | None, alpha: float) -> Any:
    return "none" if color is None else to_rgba(color, alpha)


def _polygon_kwargs(c: Canvas, symbol: style.Symbol) -> dict[str, Any]:
    return {"facecolor": _rgba(symbol["fill"], symbol["fill_opacity"]),
            "edgecolor": _rgba(symbol["color"], symbol["opacity"]),
            "linewidth": _pt(c, symbol["weight"]), "linestyle": _dashes(c, symbol["dash"])}


def _line_kwargs(c: Canvas, symbol: style.Symbol) -> dict[str, Any]:
    return {"color": symbol["color"], "alpha": symbol["opacity"],
            "linewidth": _pt(c, symbol["weight"]), "linestyle": _dashes(c, symbol["dash"])}


def _marker_kwargs(c: Canvas, symbol: style.Symbol) -> dict[str, Any]:
    shape_ = str(symbol["shape"])
    fill = symbol["fill"]
    if shape_ == "cross":  # a stroked cross: its stroke colour fills matplotlib's plus shape
        fill, alpha = symbol["color"], symbol["opacity"]
    else:
        alpha = symbol["fill_opacity"]
    return {"marker": _MARKERS.get(shape_, "o"),
            "markersize": 2 * _pt(c, float(symbol["radius"] or 4.0)),
            "markerfacecolor": _rgba(fill, alpha),
            "markeredgecolor": _rgba(symbol["color"], symbol["opacity"]),
            "markeredgewidth": _pt(c, symbol["weight"]) if shape_ != "cross" else 0.0,
            "linestyle": "none"}


def _polygon_path(geom: BaseGeometry) -> MplPath:
    """Matplotlib path of a (multi)polygon, rings oriented so holes stay empty."""
    vertices: list[NDArray[np.float64]] = []
    codes: list[NDArray[np.uint8]] = []
    for part in getattr(geom, "geoms", [geom]):
        polygon = orient(part, sign=1.0)
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            ring_codes = np.full(len(xy), MplPath.LINETO, dtype=np.uint8)
            ring_codes[0], ring_codes[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            vertices.append(xy)
            codes.append(ring_codes)
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def _draw_polygons(ax: Any, geoms: list[BaseGeometry], **kwargs: Any) -> None:
    patches = [PathPatch(_polygon_path(g)) for g in geoms if not g.is_empty]
    if patches:
        ax.add_collection(PatchCollection(patches, **kwargs), autolim=False)


def _state(layer: str, props: Feature | dict[str, Any], year: int) -> State:
    return "active" if style.is_active(layer, props, year=year) else "inactive"


def _draw_area(c: Canvas, symbol: style.Symbol, *, lon: float, lat: float, color: str | None,
               z: float) -> None:
    """The dashed ring of the area an approximate point stands for (`area_m` metres)."""
    if symbol["area_m"] is None or color is None:
        return
    x, y = mercator(lon, lat)
    radius = float(symbol["area_m"]) / max(math.cos(math.radians(lat)), 0.05)
    c.ax.add_patch(Circle((x, y), radius, fill=False, edgecolor=color, zorder=z,
                          linewidth=_pt(c, 1.0), linestyle=_dashes(c, symbol["area_dash"])))


def _draw_basemap(c: Canvas, outlines: dict[str, BaseGeometry]) -> None:
    with c.group("layer-basemap", zorder=_Z["basemap"]) as z:
        _draw_polygons(c.ax, [outlines[k] for k in sorted(outlines)],
                       **_polygon_kwargs(c, style.basemap_symbol()), zorder=z)


def _draw_presence(c: Canvas, selection: Selection, years: tuple[int, int]) -> None:
    year = selection.filters.year
    with c.group("layer-presence", zorder=_Z["presence"]) as z:
        states = {str(f["id"]): _state("presence", f["properties"], year)
                  for f in selection.presence}
        for feature in sorted(selection.presence,
                              key=lambda f: (states[str(f["id"])] == "active", str(f["id"]))):
            symbol = style.symbol_for("presence", feature["properties"],
                                      state=states[str(feature["id"])], presence_years=years)
            _draw_polygons(c.ax, [project(shape(feature["geometry"]))],
                           **_polygon_kwargs(c, symbol), zorder=z)


def _draw_spread(c: Canvas, selection: Selection) -> None:
    year = selection.filters.year
    with c.group("layer-spread", zorder=_Z["spread"]) as z:
        for feature in selection.spread:
            symbol = style.symbol_for("spread", feature["properties"],
                                      state=_state("spread", feature["properties"], year))
            x, y = project(shape(feature["geometry"])).xy
            c.ax.plot(x, y, **_line_kwargs(c, symbol), zorder=z, solid_capstyle="round")


def _route_offsets(routes: list[Feature]) -> dict[str, float]:
    """Offset index of each corridor sharing its waypoints with others (drawn side by side)."""
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for feature in routes:
        groups[tuple(feature["properties"]["waypoints"])].append(str(feature["id"]))
    offsets = {}
    for ids in groups.values():
        for i, fid in enumerate(sorted(ids)):
            offsets[fid] = i - (len(ids) - 1) / 2
    return offsets


def _draw_routes(c: Canvas, selection: Selection) -> None:
    year = selection.filters.year
    offsets = _route_offsets(selection.routes)
    with c.group("layer-routes", zorder=_Z["routes"]) as z:
        for feature in selection.routes:
            props = feature["properties"]
            symbol = style.symbol_for("routes", props, state=_state("routes", props, year))
            spacing = 1.2 * _pt(c, symbol["weight"]) * c.points_to_map()
            line = project(shape(feature["geometry"]))
            shift = offsets[str(feature["id"])] * spacing
            if shift:
                line = shapely.offset_curve(line, shift)
            xy = np.asarray(line.coords)
            c.ax.plot(xy[:, 0], xy[:, 1], **_line_kwargs(c, symbol), zorder=z,
                      solid_capstyle="round")
            if len(xy) >= 2:
                c.ax.annotate("", xy=tuple(xy[-1]), xytext=tuple(xy[-2]), zorder=z,
                              arrowprops={"arrowstyle": "-|>", "color": symbol["color"],
                                          "alpha": symbol["opacity"],
                                          "linewidth": 0.5 * _pt(c, symbol["weight"]),
                                          "mutation_scale": 3.5 * _pt(c, symbol["weight"]),
                                          "shrinkA": 0, "shrinkB": 0})


_Cluster = tuple[tuple[float, float], list[Feature]]


def _event_clusters(c: Canvas, events: list[Feature]) -> list[_Cluster]:
    """Events closer on the page than the style's fan-out separation, grouped around the
    first one's point."""
    separation = c.px(_pt(c, style.FAN_OUT["min_separation_px"]))
    clusters: list[tuple[NDArray[np.float64], _Cluster]] = []
    ordered = sorted(events, key=lambda f: (tuple(f["geometry"]["coordinates"]),
                                            str(f["properties"].get("date", "")), str(f["id"])))
    for feature in ordered:
        x, y = mercator(*feature["geometry"]["coordinates"])
        here = c.ax.transData.transform((x, y))
        for anchor, (_, members) in clusters:
            if float(np.hypot(*(here - anchor))) < separation:
                members.append(feature)
                break
        else:
            clusters.append((here, ((x, y), [feature])))
    return [cluster for _, cluster in clusters]


def _ring_radius(c: Canvas, symbols_: list[style.Symbol]) -> float:
    """Radius in points of the fan-out ring of co-located markers: the style's leg length,
    longer when the markers would not fit around it."""
    if len(symbols_) < 2:
        return 0.0
    widest = max(2 * _pt(c, float(s["radius"] or 0)) for s in symbols_)
    return max(_pt(c, style.FAN_OUT["leg_px"]), 1.15 * widest * len(symbols_) / (2 * math.pi))


def _draw_events(c: Canvas, selection: Selection) -> list[_Cluster]:
    """Event markers from the style model; co-located ones fan out on a ring, each joined
    to the true point by a leader line (oldest at the top, then clockwise; the largest
    drawn first so smaller ones stay on top). Returns the clusters."""
    year = selection.filters.year
    clusters = _event_clusters(c, selection.events)
    with c.group("layer-events", zorder=_Z["events"]) as z:
        for (x, y), features in clusters:
            n = len(features)
            symbols_ = [style.symbol_for("events", f["properties"],
                                         state=_state("events", f["properties"], year))
                        for f in features]
            radius = _ring_radius(c, symbols_)
            spots = []
            for i in range(n):
                angle = math.pi / 2 - 2 * math.pi * i / n
                spots.append((radius * math.cos(angle), radius * math.sin(angle)))
            if n > 1:
                for dx, dy in spots:
                    end = offset_copy(c.ax.transData, fig=c.fig, x=dx, y=dy, units="points")
                    tip = c.ax.transData.inverted().transform(end.transform((x, y)))
                    c.ax.plot([x, tip[0]], [y, tip[1]], color=palette.MUTED_INK,
                              linewidth=_pt(c, 0.8), zorder=z)
                c.ax.plot([x], [y], marker="o", markersize=_pt(c, 3.0), color=palette.INK,
                          linestyle="none", zorder=z)
            order = sorted(range(n), key=lambda i: (-float(symbols_[i]["radius"] or 0), i))
            for i in order:
                feature, symbol = features[i], symbols_[i]
                lon, lat = feature["geometry"]["coordinates"]
                if n == 1:
                    _draw_area(c, symbol, lon=lon, lat=lat, color=symbol["fill"], z=z)
                where = offset_copy(c.ax.transData, fig=c.fig, x=spots[i][0], y=spots[i][1],
                                    units="points")
                if (style.is_new("events", feature["properties"], year=year)
                        and not style.is_active("events", feature["properties"], year=year)):
                    # new but not in the selected year (e.g. a range starting the year before)
                    changed = style.rows_for_ids(["changed:new"], lang="en",
                                                 presence_years=(year, year))
                    ring = changed[0]["rows"][0]["symbol"]
                    c.ax.plot([x], [y], transform=where, zorder=z, **{
                        **_marker_kwargs(c, ring), "markersize":
                        2 * _pt(c, float(symbol["radius"] or 0) + ring["weight"] * 1.5)})
                c.ax.plot([x], [y], transform=where, zorder=z, **_marker_kwargs(c, symbol))
            biggest = max(_pt(c, float(s["radius"] or 0)) for s in symbols_)
            half = c.px(radius + biggest)
            cx, cy = c.ax.transData.transform((x, y))
            c.taken.append(Bbox.from_extents(cx - half, cy - half, cx + half, cy + half))
    return clusters


def _draw_places(c: Canvas, selection: Selection) -> None:
    year = selection.filters.year
    with c.group("layer-places", zorder=_Z["places"]) as z:
        for feature in selection.places:
            props = feature["properties"]
            if not style.place_visible(props, year=year):
                continue
            symbol = style.symbol_for("places", props)
            lon, lat = feature["geometry"]["coordinates"]
            x, y = mercator(lon, lat)
            _draw_area(c, symbol, lon=lon, lat=lat, color=symbol["color"]
                       if symbol["fill"] is None else symbol["fill"], z=z)
            c.ax.plot([x], [y], zorder=z, **_marker_kwargs(c, symbol))
            if props["kind"] in ("base", "border_crossing"):
                half = c.px(_pt(c, float(symbol["radius"] or 0)))
                cx, cy = c.ax.transData.transform((x, y))
                c.taken.append(Bbox.from_extents(cx - half, cy - half, cx + half, cy + half))


def _cluster_name(features: list[Feature], *, skip: frozenset[str] = frozenset()) -> str | None:
    """Label of a cluster of events: its most frequent place name (alphabetical on ties),
    then any other place that name does not already cover ('Tarapacá region / Arica
    prison'; Downtown Lima is covered by Lima), at most two and '+N'; None for countries
    (the country label names them). Names in `skip` have labels of their own."""
    names = Counter(str(f["properties"]["place_name"]) for f in features
                    if f["properties"]["geo_precision"] != "country"
                    and str(f["properties"]["place_name"]) not in skip)
    if not names:
        return None
    ranked = sorted(names, key=lambda name: (-names[name], name))
    shown = [ranked[0]] + [n for n in ranked[1:] if ranked[0] not in n]
    if len(shown) > 2:
        return f"{shown[0]} / {shown[1]} +{len(shown) - 2}"
    return " / ".join(shown)


def _scale_bar(x0: float, x1: float, y: float) -> tuple[float, float, float]:
    """Scale bar starting at projected (x0, y): (length in km, projected end x, latitude).

    The length is a round number near a fifth of the view's width, measured on the WGS84
    ellipsoid along the parallel the bar is drawn on (a parallel of latitude phi has radius
    N(phi) cos(phi)); Web Mercator's x is a * longitude, so the bar is true at that latitude.
    """
    _, lat = lonlat(x0, y)
    phi = math.radians(lat)
    parallel_radius_m = (GEOD.a / math.sqrt(1 - GEOD.es * math.sin(phi) ** 2)
                         * math.cos(phi))
    metres_per_x = parallel_radius_m / GEOD.a
    length_km = _nice_km((x1 - x0) * metres_per_x / 1000 * 0.2)
    return length_km, x0 + length_km * 1000 / metres_per_x, float(lat)


def _draw_scale_bar(c: Canvas, *, lang: str) -> None:
    x0, x1 = c.ax.get_xlim()
    y0, y1 = c.ax.get_ylim()
    bx, by = x0 + 0.035 * (x1 - x0), y0 + 0.05 * (y1 - y0)
    length_km, ex, lat = _scale_bar(bx, x0 + 0.995 * (x1 - x0), by)
    tick = 0.008 * (y1 - y0)
    with c.group("scale-bar", zorder=_Z["scale"]) as z:
        for (a, b), color in (((bx, (bx + ex) / 2), palette.INK),
                              (((bx + ex) / 2, ex), palette.HALO)):
            c.ax.fill([a, b, b, a], [by, by, by + tick, by + tick], facecolor=color,
                      edgecolor=palette.INK, linewidth=0.5 * c.s, zorder=z)
        hemisphere = gettext(N_("S"), lang=lang) if lat < 0 else gettext(N_("N"), lang=lang)
        true_at = gettext(N_("scale true at {lat}°{hemisphere}"), lang=lang)
        km = format_number(length_km, lang=lang)
        texts = ((f"{km} km", 1.8 * tick, "bottom", 5.6),
                 (true_at.format(lat=format_number(round(abs(lat)), lang=lang),
                                 hemisphere=hemisphere), -0.8 * tick, "top", 4.6))
        for label, dy, va, size in texts:
            artist = c.text(bx, by + dy, label, size=size * c.s, color=palette.INK, ha="left",
                            va=va,
                            zorder=z, halo=1.5 * c.s)
            c.taken.append(artist.get_window_extent(c.renderer))
    c.taken.append(Bbox.from_extents(*c.ax.transData.transform((bx, by)),
                                     *c.ax.transData.transform((ex, by + tick))))


def _draw_big_year(c: Canvas, year: int) -> None:
    with c.group("year", zorder=_Z["year"]) as z:
        artist = c.text(0.975, 0.04, str(year), transform=c.ax.transAxes, ha="right",
                        va="bottom", size=34 * c.s, bold=True, color=palette.INK, alpha=0.9,
                        zorder=z, halo=3 * c.s)
    c.taken.append(artist.get_window_extent(c.renderer))


# --- labels ------------------------------------------------------------------------------

def _draw_labels(c: Canvas, selection: Selection, *, layers: Layers,
                 outlines: dict[str, BaseGeometry], clusters: list[_Cluster],
                 lang: str) -> list[PlacedLabel]:
    """Key places first (the base, the places of the events, border crossings), then the
    countries of the selection, then the other countries in view where there is room."""
    drawn_iso = frozenset(str(f["properties"]["country"]) for f in selection.presence)
    placer = LabelPlacer(c, countries=outlines, drawn=drawn_iso, zorder=_Z["labels"])
    with c.group("labels", zorder=_Z["labels"]):
        size = 5.2 * c.s
        year = selection.filters.year
        named: set[str] = set()
        visible = [f for f in sorted(selection.places, key=lambda f: str(f["id"]))
                   if style.place_visible(f["properties"], year=year)]
        for feature in visible:
            props = feature["properties"]
            if props["kind"] == "base":
                x, y = mercator(*feature["geometry"]["coordinates"])
                name = ptext.literal(props["name"], limit=ptext.LABEL_LIMIT)
                radius = float(style.symbol_for("places", props)["radius"] or 0)
                placer.point(name, ref=str(feature["id"]), x=x, y=y, iso=props["country"],
                             radius_pt=_pt(c, radius), required=True, size=size)
                named.add(str(props["name"]))
        own_labels = frozenset(str(f["properties"]["name"]) for f in visible
                               if f["properties"]["kind"] in ("base", "border_crossing"))
        for (x, y), features in sorted(clusters, key=lambda cl: (-len(cl[1]), cl[0])):
            cluster = _cluster_name(features, skip=own_labels)
            if cluster is None or cluster in named:
                continue
            named.add(cluster)
            iso = str(features[0]["properties"]["country"])
            symbols_ = [style.symbol_for("events", f["properties"]) for f in features]
            reach = _ring_radius(c, symbols_) + max(_pt(c, float(s["radius"] or 0))
                                                    for s in symbols_)
            placer.point(ptext.literal(cluster, limit=ptext.LABEL_LIMIT),
                         ref=str(features[0]["id"]), x=x, y=y, iso=iso, radius_pt=reach,
                         required=True, size=size)
        for feature in visible:
            props = feature["properties"]
            if props["kind"] != "border_crossing" or str(props["name"]) in named:
                continue
            x, y = mercator(*feature["geometry"]["coordinates"])
            named.add(str(props["name"]))
            radius = float(style.symbol_for("places", props)["radius"] or 0)
            placer.point(ptext.literal(props["name"], limit=ptext.LABEL_LIMIT),
                         ref=str(feature["id"]), x=x, y=y, iso=props["country"],
                         radius_pt=_pt(c, radius), required=True, size=size * 0.9)
        drawn = {f["properties"]["country"]: f for f in selection.presence}
        names = {f["properties"]["iso_a3"]: str(f["properties"]["name"])
                 for f in layers.features("basemap")}
        for iso in sorted(drawn, key=lambda k: names.get(k, k)):
            text = country_name(iso, lang=lang, default=names.get(
                iso, str(drawn[iso]["properties"]["name"])))
            placer.country(ptext.literal(text, limit=ptext.LABEL_LIMIT).upper(), iso=iso,
                           required=True, size=5.4 * c.s)
    return placer.placed


# --- legend ------------------------------------------------------------------------------

def _circle_handle(legend: Any, orig_handle: Any, xdescent: float,  # noqa: PLR0917
                   ydescent: float, width: float, height: float, fontsize: float) -> Circle:
    del legend, orig_handle, fontsize
    return Circle((width / 2 - xdescent, height / 2 - ydescent), min(width, height) / 2)


def _row_handle(c: Canvas, symbol: style.Symbol) -> Any:
    """A legend handle drawn from a style-model symbol."""
    kind = str(symbol["shape"])
    if kind == "polygon":
        return Patch(**_polygon_kwargs(c, symbol))
    if kind == "line":
        return Line2D([], [], **_line_kwargs(c, symbol))
    if symbol["area_m"] is not None:  # an approximate location: its dashed ring
        color = symbol["fill"] or symbol["color"]
        return Circle((0, 0), 1, fill=False, edgecolor=color, linewidth=_pt(c, 1.0),
                      linestyle=_dashes(c, symbol["area_dash"]))
    marker = _marker_kwargs(c, symbol)
    marker["markersize"] = min(marker["markersize"], 2 * _pt(c, 9.0))
    return Line2D([], [], **marker)


def _draw_legend(c: Canvas, lax: Any, sections: list[LegendSection], *,
                 lang: str) -> None:
    """Legend sections top to bottom, in columns when a portrait page puts them below."""
    if not sections:
        c.text(0, 1, gettext(N_("Nothing to show for this selection"), lang=lang), va="top",
               size=6.2 * c.s, transform=lax.transAxes, target=lax)
        return
    panel = lax.get_window_extent(c.renderer)
    gap = c.px(9 * c.s)
    for shrink in (1.0, 0.9, 0.8, 0.7, 0.6, 0.5):
        legends: list[Legend] = []
        top, left, right, fits = panel.y1, panel.x0, panel.x0, True
        for section in sections:
            handles = [_row_handle(c, row["symbol"]) for row in section["rows"]]
            labels = [ptext.literal(row["label"]) for row in section["rows"]]
            title = ptext.literal(section["title"])
            legend = _legend(lax, handles, labels, title, c.s * shrink, anchor=(left, top))
            box = legend.get_window_extent(c.renderer)
            if box.y0 < panel.y0 and top < panel.y1:  # start a new column
                legend.remove()
                left, top = right + gap, panel.y1
                legend = _legend(lax, handles, labels, title, c.s * shrink, anchor=(left, top))
                box = legend.get_window_extent(c.renderer)
            legend.set_gid(f"legend-{section['id']}")
            legends.append(legend)
            top = box.y0 - gap
            right = max(right, box.x1)
            fits = fits and box.y0 >= panel.y0 - 0.5 and box.x1 <= panel.x1 + 0.5
        if fits:
            return
        for legend in legends:
            legend.remove()
    raise OptionError("the image is too small for its legend; ask for a larger --width and "
                      "--height")


def _legend(lax: Any, handles: list[Any], labels: list[str], title: str, s: float, *,
            anchor: tuple[float, float]) -> Legend:
    figure = lax.get_figure()
    # Anchor in figure fractions (display pixels change when a PDF or SVG is saved at 72 dpi).
    at = (anchor[0] / figure.bbox.width, anchor[1] / figure.bbox.height)
    legend = Legend(lax, handles, labels, loc="upper left", bbox_to_anchor=at,
                    handler_map={Circle: HandlerPatch(patch_func=_circle_handle)},
                    bbox_transform=figure.transFigure, title=title, frameon=False,
                    alignment="left", prop=font(6.0 * s),
                    title_fontproperties=font(6.6 * s, bold=True),
                    handlelength=2.2, handleheight=1.0, labelspacing=0.35, borderpad=0,
                    borderaxespad=0, handletextpad=0.6)
    for artist in [*legend.get_texts(), legend.get_title()]:
        artist.set_parse_math(False)
    lax.add_artist(legend)
    return legend


# --- entry points ------------------------------------------------------------------------

@dataclass(frozen=True)
class _Drawn:
    fig: Figure
    labels: list[PlacedLabel]
    title: str
    subject: str


def _draw(selection: Selection, *, layers: Layers, bbox: BBox, size_px: tuple[int, int],
          dpi: int, big_year: bool, raster: bool, source_ids: Sequence[str] | None,
          legend: list[LegendSection] | None, title: str | None, lang: str,
          progress: Progress | None) -> _Drawn:
    report = progress or (lambda _f, _m: None)
    cited = selection_source_ids(selection) if source_ids is None else sorted(source_ids)
    frame = _frame(size_px, dpi,
                   lambda chars: ptext.footer_lines(cited, layers=layers, lang=lang,
                                                    chars=chars))
    fig = Figure(figsize=_figure_size(size_px, dpi, raster=raster), dpi=dpi,
                 facecolor=palette.HALO)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes(frame.map_box)
    ax.set_gid("map")
    lax = fig.add_axes(frame.legend_box)
    lax.set_gid("legend")
    lax.set_axis_off()
    aspect = (frame.map_box[2] * frame.width_in) / (frame.map_box[3] * frame.height_in)
    x0, y0, x1, y1 = _view(bbox, aspect=aspect)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_facecolor(palette.SEA)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(0.5 * frame.scale)
        spine.set_color(palette.OUTLINE)
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    c = Canvas(fig, ax, renderer, frame.scale)
    years = _presence_years(layers)
    outlines = {str(f["properties"]["iso_a3"]): project(shape(f["geometry"]))
                for f in layers.features("basemap")}
    report(0.1, gettext(N_("drawing the map"), lang=lang))
    _draw_basemap(c, outlines)
    _draw_presence(c, selection, years)
    _draw_spread(c, selection)
    _draw_routes(c, selection)
    clusters = _draw_events(c, selection)
    _draw_places(c, selection)
    _draw_scale_bar(c, lang=lang)
    if big_year:
        _draw_big_year(c, selection.filters.year)
    report(0.4, gettext(N_("placing labels"), lang=lang))
    placed = _draw_labels(c, selection, layers=layers, outlines=outlines, clusters=clusters,
                          lang=lang)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    s = frame.scale
    heading = ptext.heading_text(selection.filters, lang=lang)
    summary = ptext.summary_text(selection, lang=lang)
    shown = ptext.title_text(title, lang=lang)
    width_px = fig.bbox.width - 2 * c.px(0.18 * s * 72)
    for text, y, size, bold, color, gid in (
            (shown, 0.16, 13.5, True, palette.INK, "title"),
            (heading, 0.5, 8.4, True, palette.INK, "subtitle"),
            (summary, 0.72, 6.6, False, palette.MUTED_INK, "summary")):
        artist = c.text(frame.map_box[0], 1 - y * s / frame.height_in, text, size=size * s,
                        bold=bold, color=color, va="top", on_figure=True)
        artist.set_gid(gid)
        wide = artist.get_window_extent(renderer).width
        if wide > width_px:
            artist.set_fontsize(size * s * max(0.3, width_px / wide))
    footer = c.text(frame.map_box[0], 0.55 * 0.18 * s / frame.height_in,
                    "\n".join(frame.footer_lines), size=5.6 * s, color=palette.MUTED_INK,
                    va="bottom",
                    linespacing=1.4, on_figure=True)
    footer.set_gid("footer")
    report(0.6, gettext(N_("drawing the legend"), lang=lang))
    sections = legend if legend is not None else style.legend_for(
        selection, lang=lang, presence_years=years)
    _draw_legend(c, lax, sections, lang=lang)
    return _Drawn(fig, placed, shown, f"{heading}. {summary}")


def _presence_years(layers: Layers) -> tuple[int, int]:
    """The span of the presence ramp: the style model's rule, over the whole layer."""
    presence = layers.features("presence")
    return style.presence_ramp(presence) if presence else year_bounds(layers)


def _metadata(fmt: ImageFormat, *, title: str, author: str, subject: str) -> dict[str, Any]:
    if fmt == "pdf":
        return {"Title": title, "Author": author, "Subject": subject, "Creator": None,
                "Producer": None, "CreationDate": None, "ModDate": None}
    if fmt == "svg":
        return {"Title": title, "Creator": None, "Date": None, "Description": subject}
    return {"Software": None, "Title": title}


def render_briefing(selection: Selection, *, layers: Layers, extent: Extent = "data",
                    size_px: tuple[int, int] = DEFAULT_SIZE_PX, dpi: int = DEFAULT_DPI,
                    fmt: ImageFormat = "png", big_year: bool = False,
                    source_ids: Sequence[str] | None = None,
                    legend: list[LegendSection] | None = None, title: str | None = None,
                    author: str = DEFAULT_AUTHOR, lang: str = "en",
                    progress: Progress | None = None) -> bytes:
    """Briefing map of `selection` as PNG, PDF or SVG bytes.

    `size_px` is (width, height) in pixels at `dpi` (the physical size of a PDF or SVG);
    `big_year` writes the year large on the map (animation frames); `source_ids` replaces
    the sources the selection cites in the source line and `legend` the legend sections
    (default `geo.style.legend_for(selection)`; an animation gives every frame those of the
    whole range, so the layout does not move). `title` replaces the map's title (cut to 160
    characters with '…'); `author` goes into the PDF's metadata. `progress(fraction,
    message)` is called as the work advances.
    """
    check_lang(lang)
    check_image_options(size_px=size_px, dpi=dpi, fmt=fmt)
    bbox = extent_bbox(extent, layers=layers, selection=selection)
    buffer = io.BytesIO()
    with _LOCK, mpl.rc_context(_RC):
        drawn = _draw(selection, layers=layers, bbox=bbox, size_px=size_px, dpi=dpi,
                      big_year=big_year, raster=fmt == "png", source_ids=source_ids,
                      legend=legend, title=title, lang=lang,
                      progress=progress)
        if progress is not None:
            progress(0.8, gettext(N_("writing {format}"), lang=lang).format(
                format=fmt.upper()))
        meta = _metadata(fmt, title=drawn.title, author=ptext.literal(author),
                         subject=drawn.subject)
        drawn.fig.savefig(buffer, format=fmt, dpi=dpi, metadata=meta,
                          facecolor=palette.HALO)
    if progress is not None:
        progress(1.0, gettext(N_("done"), lang=lang))
    return buffer.getvalue()


def briefing_labels(selection: Selection, *, layers: Layers, extent: Extent = "data",
                    size_px: tuple[int, int] = DEFAULT_SIZE_PX, dpi: int = DEFAULT_DPI,
                    lang: str = "en") -> list[PlacedLabel]:
    """The labels a briefing map of `selection` places, and how (nothing is dropped)."""
    check_lang(lang)
    check_image_options(size_px=size_px, dpi=dpi)
    bbox = extent_bbox(extent, layers=layers, selection=selection)
    with _LOCK, mpl.rc_context(_RC):
        drawn = _draw(selection, layers=layers, bbox=bbox, size_px=size_px, dpi=dpi,
                      big_year=False, raster=True, source_ids=None, legend=None,
                      title=None, lang=lang, progress=None)
    return drawn.labels


def briefing_png(selection: Selection, *, layers: Layers, extent: Extent = "data",
                 size_px: tuple[int, int] = DEFAULT_SIZE_PX, dpi: int = DEFAULT_DPI,
                 lang: str = "en", progress: Progress | None = None) -> bytes:
    """PNG bytes of the briefing map (for the app's download button)."""
    return render_briefing(selection, layers=layers, extent=extent, size_px=size_px, dpi=dpi,
                           lang=lang, progress=progress)
