"""Briefing images: a static map of a selection drawn with matplotlib, with no browser.

The map is drawn in Web Mercator (EPSG:3857) over the Natural Earth outlines of
``layers/basemap.geojson``. The scale bar is measured on the WGS84 ellipsoid (``pyproj.Geod``)
at the latitude where it is drawn, since Mercator's scale changes with latitude. The same
inputs give the same bytes: no timestamps or software versions are written, fonts are
matplotlib's bundled DejaVu Sans and SVG ids use a fixed salt.
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import matplotlib as mpl
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox, offset_copy
from numpy.typing import NDArray
from pyproj import Geod, Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geo import style, vocab
from geo.data.credits import (
    CAVEAT,
    CREDITS,
    MAP_TITLE,
    data_as_of_text,
    selection_source_ids,
    sources_text,
    view_heading,
)
from geo.data.selection import Feature, Layers, Selection, year_bounds
from geo.errors import OptionError

ImageFormat = Literal["png", "pdf", "svg"]
IMAGE_FORMATS: tuple[ImageFormat, ...] = ("png", "pdf", "svg")
BBox = tuple[float, float, float, float]
Extent = str | BBox
DEFAULT_SIZE_PX = (3000, 2000)
DEFAULT_DPI = 300
SIZE_LIMITS_PX = (320, 12_000)
DPI_LIMITS = (50, 1200)
MAX_PIXELS = 60_000_000

_GEOD = Geod(ellps="WGS84")
_TO_MERCATOR = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
_TO_LONLAT = Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)
_MAX_LAT = 85.0
_LOCK = threading.Lock()  # matplotlib's rcParams are process-wide; the app renders in threads
_FONTS_DIR = Path(mpl.get_data_path()) / "fonts" / "ttf"
_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
    "svg": {"Creator": None, "Date": None},
}
_RC: Any = {"svg.hashsalt": "tda-map", "svg.fonttype": "path", "pdf.fonttype": 42,
            "path.simplify": True}
_SEA = "#dde8f0"
_INK = "#222222"
_APPROXIMATE = ("region", "country")


@dataclass(frozen=True)
class _Frame:
    """Figure geometry in inches and the scale of every size in points."""

    width_in: float
    height_in: float
    scale: float
    map_box: tuple[float, float, float, float]  # figure fractions: left, bottom, width, height
    legend_box: tuple[float, float, float, float]
    footer_lines: list[str]


def _font(size: float, *, bold: bool = False) -> FontProperties:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return FontProperties(fname=_FONTS_DIR / name, size=size)


def _halo(width: float) -> list[patheffects.AbstractPathEffect]:
    return [patheffects.withStroke(linewidth=width, foreground="white")]


# --- options -----------------------------------------------------------------------------

def parse_extent(text: str) -> Extent:
    """Extent from CLI text: 'data', an ISO alpha-3 code, or 'min_lon,min_lat,max_lon,max_lat'."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 4:
        try:
            min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
        except ValueError:
            raise OptionError(f"extent {text!r}: a bounding box is four numbers "
                              "min_lon,min_lat,max_lon,max_lat") from None
        return (min_lon, min_lat, max_lon, max_lat)
    if len(parts) == 1 and parts[0]:
        return "data" if parts[0].lower() == "data" else parts[0].upper()
    raise OptionError(f"extent {text!r} is not 'data', an ISO alpha-3 country code or "
                      "min_lon,min_lat,max_lon,max_lat")


def check_image_options(*, size_px: tuple[int, int], dpi: int, fmt: str = "png") -> None:
    """Raise `OptionError` naming a bad size, dpi or format."""
    low, high = SIZE_LIMITS_PX
    problems = []
    if fmt not in IMAGE_FORMATS:
        problems.append(f"format {fmt!r} is not one of {', '.join(IMAGE_FORMATS)}")
    for name, value in zip(("width", "height"), size_px, strict=True):
        if not low <= value <= high:
            problems.append(f"{name} {value} px is outside {low}-{high} px")
    if size_px[0] * size_px[1] > MAX_PIXELS:
        problems.append(f"size {size_px[0]}x{size_px[1]} px exceeds {MAX_PIXELS:,} pixels")
    if not DPI_LIMITS[0] <= dpi <= DPI_LIMITS[1]:
        problems.append(f"dpi {dpi} is outside {DPI_LIMITS[0]}-{DPI_LIMITS[1]}")
    if problems:
        raise OptionError("; ".join(problems))


def extent_bbox(extent: Extent, *, layers: Layers, selection: Selection) -> BBox:
    """(min_lon, min_lat, max_lon, max_lat) in degrees for an extent.

    'data' is the bounds of the events, corridors and spread lines drawn (the largest part of
    each presence country when there are none); a country code is the bounds of the
    country's largest polygon (the contiguous United States, not Alaska).
    """
    if isinstance(extent, tuple):
        return _checked_bbox(extent)
    if extent == "data":
        return _data_bbox(layers, selection)
    outlines = {f["properties"]["iso_a3"]: f for f in layers.features("basemap")}
    if extent not in outlines:
        raise OptionError(f"extent {extent!r} is neither 'data' nor a country of the basemap; "
                          f"allowed countries: {', '.join(sorted(outlines))}")
    geom = shape(outlines[extent]["geometry"])
    parts = list(getattr(geom, "geoms", [geom]))
    largest = max(parts, key=lambda p: abs(_GEOD.geometry_area_perimeter(p)[0]))
    min_lon, min_lat, max_lon, max_lat = largest.bounds
    return (min_lon, min_lat, max_lon, max_lat)


def _checked_bbox(box: Sequence[float]) -> BBox:
    min_lon, min_lat, max_lon, max_lat = (float(v) for v in box)
    if not (-180 <= min_lon < max_lon <= 180 and -_MAX_LAT <= min_lat < max_lat <= _MAX_LAT):
        raise OptionError(
            f"extent {min_lon:g},{min_lat:g},{max_lon:g},{max_lat:g}: expected "
            f"min_lon < max_lon within -180..180 and min_lat < max_lat within "
            f"-{_MAX_LAT:g}..{_MAX_LAT:g}")
    return (min_lon, min_lat, max_lon, max_lat)


def _data_bbox(layers: Layers, selection: Selection) -> BBox:
    drawn = [*selection.events, *selection.routes, *selection.spread]
    geoms = [shape(f["geometry"]) for f in drawn]
    if not geoms:
        presence = selection.presence or layers.features("presence")
        geoms = [_largest_part(shape(f["geometry"])) for f in presence]
    bounds = shapely.total_bounds(geoms)
    return _checked_bbox([max(-180.0, bounds[0]), max(-_MAX_LAT, bounds[1]),
                          min(180.0, bounds[2]), min(_MAX_LAT, bounds[3])])


# --- geometry ----------------------------------------------------------------------------

def _mercator(lon: float, lat: float) -> tuple[float, float]:
    x, y = _TO_MERCATOR.transform(lon, max(-_MAX_LAT, min(_MAX_LAT, lat)))
    return float(x), float(y)


def _project_coords(coords: NDArray[np.float64]) -> NDArray[np.float64]:
    lat = np.clip(coords[:, 1], -_MAX_LAT, _MAX_LAT)
    x, y = _TO_MERCATOR.transform(coords[:, 0], lat)
    return np.column_stack([x, y])


def _project(geom: BaseGeometry) -> BaseGeometry:
    projected: BaseGeometry = shapely.transform(geom, _project_coords)
    return projected


def _view(bbox: BBox, *, aspect: float) -> tuple[float, float, float, float]:
    """Projected (x0, y0, x1, y1) around `bbox`, padded and widened to `aspect` (w / h)."""
    x0, y0 = _mercator(bbox[0], bbox[1])
    x1, y1 = _mercator(bbox[2], bbox[3])
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

def _frame(size_px: tuple[int, int], dpi: int, footer: list[str]) -> _Frame:
    width_in, height_in = size_px[0] / dpi, size_px[1] / dpi
    scale = min(width_in / 10.0, height_in / (20.0 / 3.0))
    pad = 0.18 * scale
    title_h = 0.95 * scale
    chars = max(40, int((width_in - 2 * pad) * 72 / (5.6 * scale * 0.56)))
    lines = [wrapped for text in footer for wrapped in textwrap.wrap(text, chars)]
    footer_h = (len(lines) * 5.6 * scale * 1.4) / 72 + 1.2 * pad
    legend_w = min(0.32 * width_in, 2.55 * scale)
    left = pad / width_in
    bottom = footer_h / height_in
    top = 1 - title_h / height_in
    map_w = (width_in - legend_w - 2.5 * pad) / width_in
    map_box = (left, bottom, map_w, top - bottom)
    legend_box = (left + map_w + 0.5 * pad / width_in, bottom,
                  legend_w / width_in, top - bottom)
    return _Frame(width_in, height_in, scale, map_box, legend_box, lines)


def _figure_size(size_px: tuple[int, int], dpi: int, *, raster: bool) -> tuple[float, float]:
    # Agg truncates width * dpi to an int: nudge a raster up so it has exactly the pixels asked.
    nudge = 1e-6 if raster else 0.0
    return ((size_px[0] + nudge) / dpi, (size_px[1] + nudge) / dpi)


# --- drawing -----------------------------------------------------------------------------

@dataclass
class _Canvas:
    fig: Figure
    ax: Any
    frame: _Frame
    renderer: Any
    taken: list[Bbox]

    @property
    def s(self) -> float:
        return self.frame.scale

    def points_to_map(self) -> float:
        """Map units (metres of Web Mercator) per typographic point."""
        x0, x1 = self.ax.get_xlim()
        width_pt: float = self.ax.get_window_extent(self.renderer).width * 72 / self.fig.dpi
        return float((x1 - x0) / width_pt)

    def free(self, box: Bbox) -> bool:
        inside = self.ax.get_window_extent(self.renderer)
        return (inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1)
                and not any(box.overlaps(t) for t in self.taken))


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


def _draw_basemap(c: _Canvas, layers: Layers) -> None:
    geoms = [_project(shape(f["geometry"])) for f in layers.features("basemap")]
    _draw_polygons(c.ax, geoms, facecolor=style.BASEMAP_FILL, edgecolor=style.BASEMAP_LINE,
                   linewidth=0.35 * c.s, zorder=1)


def _draw_presence(c: _Canvas, selection: Selection, years: tuple[int, int]) -> None:
    for feature in selection.presence:
        props = feature["properties"]
        color = style.presence_color(props["first_reported_year"], first=years[0],
                                     last=years[1])
        new = bool(props.get("is_new"))
        _draw_polygons(c.ax, [_project(shape(feature["geometry"]))], facecolor=color,
                       alpha=0.78, edgecolor="#111111" if new else "white",
                       linewidth=(1.3 if new else 0.4) * c.s, zorder=3 if new else 2)


def _largest_part(geom: BaseGeometry) -> BaseGeometry:
    parts = list(getattr(geom, "geoms", [geom]))
    return max(parts, key=lambda p: p.area)


def _draw_country_labels(c: _Canvas, selection: Selection) -> None:
    for feature in sorted(selection.presence, key=lambda f: f["properties"]["name"]):
        point = _largest_part(_project(shape(feature["geometry"]))).representative_point()
        text = c.ax.text(point.x, point.y, feature["properties"]["name"].upper(),
                         fontproperties=_font(5.4 * c.s), color="#4a4a4a", ha="center",
                         va="center", zorder=9, path_effects=_halo(1.6 * c.s))
        box = text.get_window_extent(c.renderer)
        if not c.free(box):
            text.remove()
            continue
        c.taken.append(box)


def _draw_spread(c: _Canvas, selection: Selection) -> None:
    for feature in selection.spread:
        line = _project(shape(feature["geometry"]))
        x, y = line.xy
        c.ax.plot(x, y, color=style.SPREAD_COLOR, linewidth=0.8 * c.s, linestyle=(0, (1, 1.6)),
                  alpha=0.85, zorder=4, solid_capstyle="round")


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


def _draw_routes(c: _Canvas, selection: Selection) -> None:
    offsets = _route_offsets(selection.routes)
    spacing = 1.9 * c.s * c.points_to_map()
    for feature in selection.routes:
        props = feature["properties"]
        line = _project(shape(feature["geometry"]))
        shift = offsets[str(feature["id"])] * spacing
        if shift:
            line = shapely.offset_curve(line, shift)
        xy = np.asarray(line.coords)
        color = style.CORRIDOR_COLORS.get(props["kind"], _INK)
        alpha = 0.6 if props["certainty"] == "suspected" else 1.0
        dashes = (0, (3.2, 1.6)) if props["schematic"] else "solid"
        c.ax.plot(xy[:, 0], xy[:, 1], color=color, linewidth=1.5 * c.s, linestyle=dashes,
                  alpha=alpha, zorder=5, solid_capstyle="round")
        if len(xy) >= 2:
            c.ax.annotate("", xy=tuple(xy[-1]), xytext=tuple(xy[-2]), zorder=5,
                          arrowprops={"arrowstyle": "-|>", "color": color, "alpha": alpha,
                                      "linewidth": 0.8 * c.s, "mutation_scale": 7 * c.s,
                                      "shrinkA": 0, "shrinkB": 0})


_Cluster = tuple[tuple[float, float], list[Feature]]


def _event_clusters(c: _Canvas, events: list[Feature]) -> list[_Cluster]:
    """Events whose markers would overlap on the page, grouped around the first one's point."""
    size_px = 4.6 * c.s * c.fig.dpi / 72
    clusters: list[tuple[NDArray[np.float64], _Cluster]] = []
    for feature in sorted(events, key=lambda f: (tuple(f["geometry"]["coordinates"]),
                                                 str(f["id"]))):
        x, y = _mercator(*feature["geometry"]["coordinates"])
        here = c.ax.transData.transform((x, y))
        for anchor, (_, members) in clusters:
            if float(np.hypot(*(here - anchor))) < size_px:
                members.append(feature)
                break
        else:
            clusters.append((here, ((x, y), [feature])))
    return [cluster for _, cluster in clusters]


def _ring_radius(n: int, size: float) -> float:
    return 0.0 if n == 1 else max(size * 0.75, size * 1.15 * n / (2 * math.pi))


def _draw_events(c: _Canvas, selection: Selection) -> list[_Cluster]:
    """Event markers, those that would overlap set in a small ring; returns the clusters."""
    size = 4.6 * c.s
    clusters = _event_clusters(c, selection.events)
    for (x, y), features in clusters:
        n = len(features)
        radius = _ring_radius(n, size)
        for i, feature in enumerate(features):
            props = feature["properties"]
            angle = math.pi / 2 - 2 * math.pi * i / n
            where = offset_copy(c.ax.transData, fig=c.fig, x=radius * math.cos(angle),
                                y=radius * math.sin(angle), units="points")
            color = style.EVENT_COLORS.get(props["kind"], _INK)
            hollow = props["geo_precision"] in _APPROXIMATE
            c.ax.plot([x], [y], marker="o", markersize=size, transform=where, zorder=7,
                      markerfacecolor="white" if hollow else color, markeredgecolor=color
                      if hollow else "white", markeredgewidth=(1.1 if hollow else 0.5) * c.s,
                      linestyle="none")
        half = (radius + size / 2) * c.fig.dpi / 72
        cx, cy = c.ax.transData.transform((x, y))
        c.taken.append(Bbox.from_extents(cx - half, cy - half, cx + half, cy + half))
    return clusters


def _draw_base(c: _Canvas, selection: Selection) -> None:
    for feature in selection.places:
        if feature["properties"]["kind"] != "base":
            continue
        x, y = _mercator(*feature["geometry"]["coordinates"])
        c.ax.plot([x], [y], marker="*", markersize=8.5 * c.s, color=_INK,
                  markeredgecolor="white", markeredgewidth=0.5 * c.s, zorder=8,
                  linestyle="none")


def _cluster_name(features: list[Feature]) -> str | None:
    """Most frequent place name of a cluster (alphabetical on ties); None for countries."""
    names = Counter(str(f["properties"]["place_name"]) for f in features
                    if f["properties"]["geo_precision"] != "country")
    if not names:
        return None  # the country label already names it
    return min(names, key=lambda name: (-names[name], name))


def _draw_place_labels(c: _Canvas, clusters: list[_Cluster]) -> None:
    size = 4.6 * c.s
    for (x, y), features in sorted(clusters, key=lambda cl: (-len(cl[1]), cl[0])):
        name = _cluster_name(features)
        if name is None:
            continue
        gap = _ring_radius(len(features), size) + size
        for dx, dy, ha, va in ((gap, 0, "left", "center"), (-gap, 0, "right", "center"),
                               (0, gap, "center", "bottom"), (0, -gap, "center", "top")):
            where = offset_copy(c.ax.transData, fig=c.fig, x=dx, y=dy, units="points")
            text = c.ax.text(x, y, name, transform=where, ha=ha, va=va,
                             fontproperties=_font(5.2 * c.s), color=_INK, zorder=9,
                             path_effects=_halo(1.5 * c.s))
            box = text.get_window_extent(c.renderer)
            if c.free(box):
                c.taken.append(box)
                break
            text.remove()


def _scale_bar(x0: float, x1: float, y: float) -> tuple[float, float, float]:
    """Scale bar starting at projected (x0, y): (length in km, projected end x, latitude).

    The length is a round number near a fifth of the view's width, measured on the WGS84
    ellipsoid along the parallel the bar is drawn on (a parallel of latitude phi has radius
    N(phi) cos(phi)); Web Mercator's x is a * longitude, so the bar is true at that latitude.
    """
    _, lat = _TO_LONLAT.transform(x0, y)
    phi = math.radians(lat)
    parallel_radius_m = (_GEOD.a / math.sqrt(1 - _GEOD.es * math.sin(phi) ** 2)
                         * math.cos(phi))
    metres_per_x = parallel_radius_m / _GEOD.a
    length_km = _nice_km((x1 - x0) * metres_per_x / 1000 * 0.2)
    return length_km, x0 + length_km * 1000 / metres_per_x, float(lat)


def _draw_scale_bar(c: _Canvas) -> None:
    x0, x1 = c.ax.get_xlim()
    y0, y1 = c.ax.get_ylim()
    bx, by = x0 + 0.035 * (x1 - x0), y0 + 0.05 * (y1 - y0)
    length_km, ex, lat = _scale_bar(bx, x0 + 0.995 * (x1 - x0), by)
    tick = 0.008 * (y1 - y0)
    for (a, b), color in (((bx, (bx + ex) / 2), _INK), (((bx + ex) / 2, ex), "white")):
        c.ax.fill([a, b, b, a], [by, by, by + tick, by + tick], facecolor=color,
                  edgecolor=_INK, linewidth=0.5 * c.s, zorder=10)
    hemisphere = "S" if lat < 0 else "N"
    texts = ((f"{length_km:,.0f} km", 1.8 * tick, "bottom", 5.6),
             (f"scale true at {abs(lat):.0f}°{hemisphere}", -0.8 * tick, "top", 4.6))
    for text, dy, va, size in texts:
        artist = c.ax.text(bx, by + dy, text, fontproperties=_font(size * c.s), color=_INK,
                           ha="left", va=va, zorder=10, path_effects=_halo(1.5 * c.s))
        c.taken.append(artist.get_window_extent(c.renderer))
    c.taken.append(Bbox.from_extents(*c.ax.transData.transform((bx, by)),
                                     *c.ax.transData.transform((ex, by + tick))))


def _draw_big_year(c: _Canvas, year: int) -> None:
    artist = c.ax.text(0.975, 0.04, str(year), transform=c.ax.transAxes, ha="right",
                       va="bottom", fontproperties=_font(34 * c.s, bold=True), color=_INK,
                       alpha=0.9, zorder=11, path_effects=_halo(3 * c.s))
    c.taken.append(artist.get_window_extent(c.renderer))


# --- legend ------------------------------------------------------------------------------

def _legend_sections(selection: Selection, years: tuple[int, int],
                     s: float) -> list[tuple[str, list[Any], list[str]]]:
    sections: list[tuple[str, list[Any], list[str]]] = []
    first_years = sorted({f["properties"]["first_reported_year"] for f in selection.presence})
    if first_years:
        handles: list[Any] = [Patch(facecolor=style.presence_color(y, first=years[0],
                                                                   last=years[1]),
                                    alpha=0.78, edgecolor="white") for y in first_years]
        labels = [str(y) for y in first_years]
        if any(f["properties"].get("is_new") for f in selection.presence):
            handles.append(Patch(facecolor="none", edgecolor="#111111", linewidth=1.3 * s))
            labels.append(f"first reported in {selection.filters.year}")
        sections.append(("Presence, first reported", handles, labels))
    kinds = sorted({f["properties"]["kind"] for f in selection.routes})
    if kinds:
        handles = [Line2D([], [], color=style.CORRIDOR_COLORS.get(k, _INK),
                          linewidth=1.5 * s) for k in kinds]
        labels = [vocab.label(k) for k in kinds]
        if any(f["properties"]["schematic"] for f in selection.routes):
            handles.append(Line2D([], [], color="#555555", linewidth=1.5 * s,
                                  linestyle=(0, (3.2, 1.6))))
            labels.append("dashed: schematic path")
        if any(f["properties"]["certainty"] == "suspected" for f in selection.routes):
            handles.append(Line2D([], [], color="#555555", linewidth=1.5 * s, alpha=0.6))
            labels.append("faded: suspected")
        sections.append(("Corridors", handles, labels))
    if selection.spread:
        sections.append(("Spread", [Line2D([], [], color=style.SPREAD_COLOR,
                                           linewidth=0.8 * s, linestyle=(0, (1, 1.6)))],
                         ["from Tocorón to each country"]))
    kinds = sorted({f["properties"]["kind"] for f in selection.events})
    if kinds:
        handles = [Line2D([], [], marker="o", linestyle="none", markersize=4.6 * s,
                          markerfacecolor=style.EVENT_COLORS.get(k, _INK),
                          markeredgecolor="white") for k in kinds]
        labels = [vocab.label(k) for k in kinds]
        if any(f["properties"]["geo_precision"] in _APPROXIMATE for f in selection.events):
            handles.append(Line2D([], [], marker="o", linestyle="none", markersize=4.6 * s,
                                  markerfacecolor="white", markeredgecolor="#555555",
                                  markeredgewidth=1.1 * s))
            labels.append("hollow: region or country only")
        sections.append(("Events", handles, labels))
    if any(f["properties"]["kind"] == "base" for f in selection.places):
        sections.append(("Places", [Line2D([], [], marker="*", linestyle="none",
                                           markersize=8.5 * s, color=_INK)],
                         ["Tocorón prison, the gang's base"]))
    return sections


def _draw_legend(c: _Canvas, lax: Any, selection: Selection, years: tuple[int, int]) -> None:
    sections = _legend_sections(selection, years, c.s)
    if not sections:
        lax.text(0, 1, "Nothing to show for this selection", va="top",
                 fontproperties=_font(6.2 * c.s), transform=lax.transAxes)
        return
    panel = lax.get_window_extent(c.renderer)
    for shrink in (1.0, 0.9, 0.8, 0.7, 0.6):
        legends: list[Legend] = []
        top, right = 1.0, 0.0
        for title, handles, labels in sections:
            legend = Legend(lax, handles, labels, loc="upper left", bbox_to_anchor=(0, top),
                                title=title, frameon=False, alignment="left",
                                prop=_font(6.0 * c.s * shrink),
                                title_fontproperties=_font(6.6 * c.s * shrink, bold=True),
                                handlelength=2.2, handleheight=1.0, labelspacing=0.35,
                                borderpad=0, borderaxespad=0, handletextpad=0.6)
            lax.add_artist(legend)
            legends.append(legend)
            box = legend.get_window_extent(c.renderer)
            top -= (box.height + 9 * c.s * shrink * c.fig.dpi / 72) / panel.height
            right = max(right, box.x1)
        if top >= 0 and right <= c.fig.bbox.width:
            return
        for legend in legends:
            legend.remove()
    raise OptionError("the image is too small for its legend; ask for a larger size")


# --- entry points ------------------------------------------------------------------------

def _footer(selection: Selection, layers: Layers,
            source_ids: Sequence[str] | None) -> list[str]:
    cited = selection_source_ids(selection) if source_ids is None else sorted(source_ids)
    return [sources_text(cited, layers),
            " · ".join([data_as_of_text(layers), *CREDITS, "Web Mercator"]) + ". " + CAVEAT]


def _draw(selection: Selection, *, layers: Layers, bbox: BBox, size_px: tuple[int, int],
          dpi: int, big_year: bool, raster: bool, source_ids: Sequence[str] | None) -> Figure:
    frame = _frame(size_px, dpi, _footer(selection, layers, source_ids))
    fig = Figure(figsize=_figure_size(size_px, dpi, raster=raster), dpi=dpi,
                 facecolor="white")
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes(frame.map_box)
    lax = fig.add_axes(frame.legend_box)
    lax.set_axis_off()
    aspect = (frame.map_box[2] * frame.width_in) / (frame.map_box[3] * frame.height_in)
    x0, y0, x1, y1 = _view(bbox, aspect=aspect)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_facecolor(_SEA)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(0.5 * frame.scale)
        spine.set_color("#777777")
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    c = _Canvas(fig, ax, frame, renderer, [])
    years = year_bounds(layers)
    _draw_basemap(c, layers)
    _draw_presence(c, selection, years)
    _draw_spread(c, selection)
    _draw_routes(c, selection)
    clusters = _draw_events(c, selection)
    _draw_base(c, selection)
    _draw_scale_bar(c)
    if big_year:
        _draw_big_year(c, selection.filters.year)
    _draw_country_labels(c, selection)
    _draw_place_labels(c, clusters)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    s = frame.scale
    fig.text(frame.map_box[0], 1 - 0.16 * s / frame.height_in, MAP_TITLE, va="top",
             fontproperties=_font(13.5 * s, bold=True), color=_INK)
    fig.text(frame.map_box[0], 1 - 0.5 * s / frame.height_in, view_heading(selection.filters),
             va="top", fontproperties=_font(8.4 * s, bold=True), color="#7f0000")
    fig.text(frame.map_box[0], 1 - 0.72 * s / frame.height_in, selection.summary().sentence(),
             va="top", fontproperties=_font(6.6 * s), color="#444444")
    footer = "\n".join(frame.footer_lines)
    fig.text(frame.map_box[0], 0.55 * 0.18 * s / frame.height_in, footer, va="bottom",
             fontproperties=_font(5.6 * s), color="#444444", linespacing=1.4)
    _draw_legend(c, lax, selection, years)
    return fig


def render_briefing(selection: Selection, *, layers: Layers, extent: Extent = "data",
                    size_px: tuple[int, int] = DEFAULT_SIZE_PX, dpi: int = DEFAULT_DPI,
                    fmt: ImageFormat = "png", big_year: bool = False,
                    source_ids: Sequence[str] | None = None) -> bytes:
    """Briefing map of `selection` as PNG, PDF or SVG bytes.

    `size_px` is (width, height) in pixels at `dpi` (the physical size of a PDF or SVG);
    `big_year` writes the year large on the map (animation frames); `source_ids` replaces
    the sources the selection cites in the source line (an animation credits all of its
    frames' sources on each, so the layout does not move).
    """
    check_image_options(size_px=size_px, dpi=dpi, fmt=fmt)
    bbox = extent_bbox(extent, layers=layers, selection=selection)
    buffer = io.BytesIO()
    with _LOCK, mpl.rc_context(_RC):
        fig = _draw(selection, layers=layers, bbox=bbox, size_px=size_px, dpi=dpi,
                    big_year=big_year, raster=fmt == "png", source_ids=source_ids)
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=_METADATA[fmt], facecolor="white")
    return buffer.getvalue()


def briefing_png(selection: Selection, *, layers: Layers, extent: Extent = "data",
                 size_px: tuple[int, int] = DEFAULT_SIZE_PX, dpi: int = DEFAULT_DPI) -> bytes:
    """PNG bytes of the briefing map (for the app's download button)."""
    return render_briefing(selection, layers=layers, extent=extent, size_px=size_px, dpi=dpi)

