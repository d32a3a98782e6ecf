"""The map's layers drawn from the style model: basemap, presence, spread, corridors, places."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import numpy as np
import shapely
from matplotlib.patches import Circle
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo import style
from geo.data.selection import Feature, Selection
from geo.style.rules import State
from geo.views.print.canvas import Canvas
from geo.views.print.projection import mercator, project
from geo.views.print.symbols import (
    dashes,
    draw_polygons,
    line_kwargs,
    marker_kwargs,
    marker_radius_pt,
    polygon_kwargs,
    pt,
)

Z = {"basemap": 1, "presence": 2, "spread": 4, "routes": 5, "places": 7, "events": 8,
     "labels": 9, "scale": 10, "year": 11, "inset": 12}
"""Drawing order: aggregates and events above the place marks, so their counts stay legible."""


def state(layer: str, props: Feature | dict[str, Any], year: int) -> State:
    """A feature's emphasis in `year` (the style model's rule)."""
    return "active" if style.is_active(layer, props, year=year) else "inactive"


def draw_area(c: Canvas, symbol: style.Symbol, *, lon: float, lat: float,
              color: str | None, z: float) -> None:
    """The dashed ring of the area an approximate point stands for (`area_m` metres)."""
    if symbol["area_m"] is None or color is None:
        return
    x, y = mercator(lon, lat)
    radius = float(symbol["area_m"]) / max(math.cos(math.radians(lat)), 0.05)
    c.ax.add_patch(Circle((x, y), radius, fill=False, edgecolor=color, zorder=z,
                          linewidth=pt(c, 1.0), linestyle=dashes(c, symbol["area_dash"])))


def draw_basemap(c: Canvas, outlines: dict[str, BaseGeometry], *, gid: str) -> None:
    """Country outlines under the map."""
    with c.group(gid, zorder=Z["basemap"]) as z:
        draw_polygons(c.ax, [outlines[k] for k in sorted(outlines)],
                      **polygon_kwargs(c, style.basemap_symbol()), zorder=z)


def draw_presence(c: Canvas, selection: Selection, years: tuple[int, int], *,
                  gid: str) -> None:
    """Presence countries, coloured by first reported year (active ones on top)."""
    year = selection.filters.year
    with c.group(gid, zorder=Z["presence"]) as z:
        states = {str(f["id"]): state("presence", f["properties"], year)
                  for f in selection.presence}
        for feature in sorted(selection.presence,
                              key=lambda f: (states[str(f["id"])] == "active", str(f["id"]))):
            symbol = style.symbol_for("presence", feature["properties"],
                                      state=states[str(feature["id"])], presence_years=years)
            draw_polygons(c.ax, [project(shape(feature["geometry"]))],
                          **polygon_kwargs(c, symbol), zorder=z)


def draw_spread(c: Canvas, selection: Selection, *, gid: str) -> None:
    """The spread lines from Tocorón."""
    year = selection.filters.year
    with c.group(gid, zorder=Z["spread"]) as z:
        for feature in selection.spread:
            symbol = style.symbol_for("spread", feature["properties"],
                                      state=state("spread", feature["properties"], year))
            x, y = project(shape(feature["geometry"])).xy
            c.ax.plot(x, y, **line_kwargs(c, symbol), zorder=z, solid_capstyle="round")


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


def _one_line(line: BaseGeometry, *, fallback: BaseGeometry) -> BaseGeometry:
    """An offset corridor as one line: a sharp bend can split the offset curve into parts
    (merged, else the longest); an empty offset keeps the corridor where it is."""
    if line.geom_type == "MultiLineString":
        line = shapely.line_merge(line)
    if line.geom_type == "MultiLineString":
        line = max(line.geoms, key=lambda part: part.length)
    return line if line.geom_type == "LineString" and not line.is_empty else fallback


def draw_routes(c: Canvas, selection: Selection, *, gid: str) -> None:
    """Corridors with an arrowhead at their end; corridors on the same waypoints side by
    side."""
    year = selection.filters.year
    offsets = _route_offsets(selection.routes)
    with c.group(gid, zorder=Z["routes"]) as z:
        for feature in selection.routes:
            props = feature["properties"]
            symbol = style.symbol_for("routes", props, state=state("routes", props, year))
            spacing = 1.2 * pt(c, symbol["weight"]) * c.points_to_map()
            line = project(shape(feature["geometry"]))
            shift = offsets[str(feature["id"])] * spacing
            if shift:
                line = _one_line(shapely.offset_curve(line, shift), fallback=line)
            xy = np.asarray(line.coords)
            c.ax.plot(xy[:, 0], xy[:, 1], **line_kwargs(c, symbol), zorder=z,
                      solid_capstyle="round")
            if len(xy) >= 2:
                c.ax.annotate("", xy=tuple(xy[-1]), xytext=tuple(xy[-2]), zorder=z,
                              arrowprops={"arrowstyle": "-|>", "color": symbol["color"],
                                          "alpha": symbol["opacity"],
                                          "linewidth": 0.5 * pt(c, symbol["weight"]),
                                          "mutation_scale": 3.5 * pt(c, symbol["weight"]),
                                          "shrinkA": 0, "shrinkB": 0})


def visible_places(selection: Selection) -> list[Feature]:
    """The places drawn in the selection's year, by id."""
    year = selection.filters.year
    return [f for f in sorted(selection.places, key=lambda f: str(f["id"]))
            if style.place_visible(f["properties"], year=year)]


def draw_places(c: Canvas, selection: Selection, *, gid: str) -> None:
    """Place marks (with the ring of an approximate place); each is kept clear of labels."""
    with c.group(gid, zorder=Z["places"]) as z:
        for feature in visible_places(selection):
            props = feature["properties"]
            symbol = style.symbol_for("places", props)
            lon, lat = feature["geometry"]["coordinates"]
            x, y = mercator(lon, lat)
            draw_area(c, symbol, lon=lon, lat=lat, color=symbol["color"]
                      if symbol["fill"] is None else symbol["fill"], z=z)
            c.ax.plot([x], [y], zorder=z, **marker_kwargs(c, symbol))
            c.take_mark(str(feature["id"]), x=x, y=y, radius_pt=marker_radius_pt(c, symbol))
