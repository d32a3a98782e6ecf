"""The inset: what the selection draws far north of South America (the United States,
Mexico, Guantánamo Bay) goes into a small map in the main map's upper-left corner, so that
South America fills the frame.

The rule is `geo.style.inset` (the web map shares it). The main map fits the rest; the
inset fits its own features; the main view widens to the west when the inset would cover
the main map's data (`place_inset`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import shapely
from matplotlib.transforms import Bbox
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.data.extent import BBox, checked_bbox, data_bbox, extent_bbox, largest_part
from geo.data.selection import Feature, Layers, Selection
from geo.style.inset import INSET_HEIGHT, INSET_WIDTH, in_inset
from geo.views.print.layers import visible_places
from geo.views.print.projection import mercator, project


@dataclass(frozen=True)
class Split:
    """A selection split between the main map and the inset."""

    main: Selection  # drawn on the main map (every presence country, so edges stay coloured)
    fit: Selection  # what the main map fits (the main features and presence)
    inset: Selection  # drawn in the inset (empty: no inset)

    @property
    def has_inset(self) -> bool:
        """Whether the inset draws anything."""
        s = self.inset
        return bool(s.events or s.routes or s.spread or s.presence or visible_places(s))


def split(selection: Selection) -> Split:
    """`selection` split by the inset rule (see the module)."""
    parts: dict[str, tuple[list[Feature], list[Feature]]] = {}
    for layer in ("events", "places", "routes", "spread", "presence"):
        features = selection.layer(layer)
        parts[layer] = ([f for f in features if not in_inset(f)],
                        [f for f in features if in_inset(f)])
    main = replace(selection, events=parts["events"][0], places=parts["places"][0],
                   routes=parts["routes"][0], spread=parts["spread"][0])
    fit = replace(main, presence=parts["presence"][0])
    inset = replace(selection, events=parts["events"][1], places=parts["places"][1],
                    routes=parts["routes"][1], spread=parts["spread"][1],
                    presence=parts["presence"][1])
    return Split(main, fit, inset)


def main_bbox(extent: Any, *, layers: Layers, parts: Split) -> BBox:
    """The main map's bounding box: the main features for 'data', else the extent's."""
    if extent == "data":
        fit = parts.fit
        if fit.events or fit.routes or fit.spread or fit.presence:
            return data_bbox(layers, selection=fit)
    return extent_bbox(extent, layers=layers, selection=parts.main)


def inset_bbox(parts: Split) -> BBox:
    """The inset's bounding box: its features, padded."""
    geoms = [shape(f["geometry"]) for f in [*parts.inset.events, *parts.inset.routes,
                                            *parts.inset.spread,
                                            *visible_places(parts.inset)]]
    geoms += [largest_part(shape(f["geometry"])) for f in parts.inset.presence]
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    pad = max(x1 - x0, y1 - y0, 4.0) * 0.08
    return checked_bbox((max(-180.0, x0 - pad), max(-85.0, y0 - pad),
                         min(180.0, x1 + pad), min(85.0, y1 + pad)))


def inset_box(bbox: BBox, *, map_box: Bbox, corner: str = "upper left") -> Bbox:
    """The inset's box on the page (display units): a left corner of the map, at the
    inset's own aspect, within `INSET_WIDTH` x `INSET_HEIGHT` of the map."""
    x0, y0 = mercator(bbox[0], bbox[1])
    x1, y1 = mercator(bbox[2], bbox[3])
    aspect = (x1 - x0) / max(y1 - y0, 1.0)
    width = INSET_WIDTH * map_box.width
    height = width / aspect
    if height > INSET_HEIGHT * map_box.height:
        height = INSET_HEIGHT * map_box.height
        width = height * aspect
    if corner == "lower left":
        return Bbox.from_extents(map_box.x0, map_box.y0, map_box.x0 + width,
                                 map_box.y0 + height)
    return Bbox.from_extents(map_box.x0, map_box.y1 - height, map_box.x0 + width, map_box.y1)


def drawn_shape(parts: Split) -> BaseGeometry:
    """What the main map draws that the inset must not cover (projected)."""
    fit = parts.fit
    geoms = [shape(f["geometry"]) for f in [*fit.events, *fit.routes, *fit.spread,
                                            *visible_places(fit)]]
    geoms += [largest_part(shape(f["geometry"])) for f in fit.presence]
    return project(shapely.union_all(geoms)) if geoms else shapely.Point()


def place_inset(ax: Any, renderer: Any, *, bbox: BBox, parts: Split,
                limits: tuple[float, float, float, float],
                aspect: float) -> tuple[str, tuple[float, float, float, float]]:
    """The corner of the inset and the main map's view: the lower left, else the upper
    left, where the inset covers nothing the main map draws, the view widened to the west
    in steps of 3 % until one is free (the upper left of the widest view otherwise)."""
    drawn = drawn_shape(parts)
    map_box = ax.get_window_extent(renderer)
    view = limits
    for step in range(11):
        view = widen_west(limits, fraction=0.03 * step, aspect=aspect)
        ax.set_xlim(view[0], view[2])
        ax.set_ylim(view[1], view[3])
        to_data = ax.transData.inverted()
        for corner in ("lower left", "upper left"):
            page = inset_box(bbox, map_box=map_box, corner=corner).padded(
                0.015 * map_box.width)
            (x0, y0), (x1, y1) = to_data.transform([(page.x0, page.y0), (page.x1, page.y1)])
            if not drawn.intersects(shapely.box(x0, y0, x1, y1)):
                return corner, view
    return "upper left", view


def widen_west(view: tuple[float, float, float, float], *, fraction: float,
               aspect: float) -> tuple[float, float, float, float]:
    """`view` widened to the west by `fraction` of its width, its aspect kept (centred)."""
    x0, y0, x1, y1 = view
    new_x0 = x0 - fraction * (x1 - x0)
    cy, height = (y0 + y1) / 2, (x1 - new_x0) / aspect
    return new_x0, cy - height / 2, x1, cy + height / 2
