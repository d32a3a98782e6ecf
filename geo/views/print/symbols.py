"""Style-model symbols as matplotlib artists' options: one translation for map and legend.

Every mark on the map and every legend swatch goes through these functions, so a swatch has
the fill, stroke and opacity of the mark it explains.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.collections import PatchCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geo import style
from geo.views.print.canvas import Canvas

PT_PER_PX = 0.6
"""Points per CSS pixel of the style model at scale 1: a unit conversion for print (a
10-inch page is denser than a screen), not a style decision; every size comes from
`geo.style`."""
MARKERS = {"circle": "o", "square": "s", "diamond": "D", "cross": "x", "star": "*"}
"""Matplotlib marker of each style shape (a border crossing is a stroked x, as on the web)."""


def pt(c: Canvas, px: float) -> float:
    """Points of a style-model length in px, on the canvas's page."""
    return px * PT_PER_PX * c.s


def dashes(c: Canvas, dash: str | None) -> Any:
    """A style-model dash array (SVG, in px) as a matplotlib line style (in points)."""
    if not dash:
        return "solid"
    return (0, tuple(pt(c, float(v)) for v in dash.split()))


def rgba(color: str | None, alpha: float) -> Any:
    """A colour with its opacity ('none' for no colour)."""
    return "none" if color is None else to_rgba(color, alpha)


def polygon_kwargs(c: Canvas, symbol: style.Symbol) -> dict[str, Any]:
    """Patch options of a polygon symbol."""
    return {"facecolor": rgba(symbol["fill"], symbol["fill_opacity"]),
            "edgecolor": rgba(symbol["color"], symbol["opacity"]),
            "linewidth": pt(c, symbol["weight"]), "linestyle": dashes(c, symbol["dash"])}


def line_kwargs(c: Canvas, symbol: style.Symbol) -> dict[str, Any]:
    """Line options of a line symbol."""
    return {"color": symbol["color"], "alpha": symbol["opacity"],
            "linewidth": pt(c, symbol["weight"]), "linestyle": dashes(c, symbol["dash"])}


def marker_kwargs(c: Canvas, symbol: style.Symbol, *,
                  radius_pt: float | None = None) -> dict[str, Any]:
    """Marker options of a point symbol (`radius_pt` overrides its size)."""
    shape_ = str(symbol["shape"])
    radius = pt(c, float(symbol["radius"] or 4.0)) if radius_pt is None else radius_pt
    stroked = shape_ == "cross"  # the x is all stroke: its colour is the stroke's
    return {"marker": MARKERS.get(shape_, "o"),
            "markersize": 2 * radius,
            "markerfacecolor": rgba(symbol["fill"], symbol["fill_opacity"])
            if not stroked else "none",
            "markeredgecolor": rgba(symbol["color"], symbol["opacity"]),
            "markeredgewidth": pt(c, symbol["weight"]),
            "linestyle": "none"}


def marker_radius_pt(c: Canvas, symbol: style.Symbol) -> float:
    """The drawn radius of a point symbol in points, its stroke included."""
    return pt(c, float(symbol["radius"] or 4.0)) + pt(c, float(symbol["weight"])) / 2


def polygon_path(geom: BaseGeometry) -> MplPath:
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


def draw_polygons(ax: Any, geoms: list[BaseGeometry], **kwargs: Any) -> None:
    """(Multi)polygons as one patch collection on `ax`."""
    patches = [PathPatch(polygon_path(g)) for g in geoms if not g.is_empty]
    if patches:
        ax.add_collection(PatchCollection(patches, **kwargs), autolim=False)
