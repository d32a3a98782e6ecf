"""Collision-aware labels for the print map: country names and key places.

Rules, in order of preference, for each label:

- a **country** label sits wholly inside its country's polygon (the part in view): first at
  the pole of inaccessibility, then at interior points nearer to farther from it, upright,
  then turned 90 degrees when the country is tall and thin (Chile), then smaller;
- a **place** label sits beside its mark, in one of eight positions, over its own country or
  the sea, else over a country the map does not colour, never over another coloured country
  (Colchane stays in Chile, Pisiga in Bolivia); a long name may wrap to two lines; when the
  positions next to the mark are taken it moves farther out with a leader line;
- no label overlaps another label, a mark or the scale bar, nor leaves the map.

A label that fits nowhere is still drawn ("forced") and reported: nothing is dropped
silently. Every label is recorded as a `PlacedLabel` (see `render.briefing_labels`).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from typing import Literal

import numpy as np
import shapely
from matplotlib.transforms import Bbox
from shapely.geometry import Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from geo.style import palette
from geo.views.print.canvas import Canvas
from geo.views.print.layout import MIN_TEXT_PT
from geo.views.print.projection import lonlat

LabelKind = Literal["country", "place"]
Placement = Literal["inside", "near", "callout", "forced", "outside_view"]
COUNTRY_COLOR = palette.MUTED_INK
PLACE_COLOR = palette.INK


def _smaller(size: float, *factors: float) -> list[float]:
    """`size` times each factor, those not below the type floor (at least `size` itself)."""
    sizes = [size * f for f in factors if size * f >= MIN_TEXT_PT - 1e-9]
    return sizes or [max(size, MIN_TEXT_PT)]


_DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))


@dataclass(frozen=True)
class PlacedLabel:
    """Where a label went: its text, what it names, how it was placed, its box in lon/lat."""

    text: str
    kind: LabelKind
    ref: str  # ISO alpha-3 of a country, or the id of the place or event cluster
    placement: Placement
    required: bool
    box: tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat
    page: tuple[float, float, float, float] = (math.nan,) * 4
    """x0, y0, x1, y1 on the page in points from its lower-left corner (for collision
    checks)."""


class LabelPlacer:
    """Places labels on a canvas, country polygons (projected) given by ISO alpha-3."""

    def __init__(self, c: Canvas, *, countries: dict[str, BaseGeometry], drawn: frozenset[str],
                 zorder: float) -> None:
        self.c = c
        self.drawn = drawn
        self.countries = countries
        self.zorder = zorder
        self.placed: list[PlacedLabel] = []
        x0, x1 = c.ax.get_xlim()
        y0, y1 = c.ax.get_ylim()
        self.view = box(x0, y0, x1, y1)
        self._isos = sorted(countries)
        self._tree = shapely.STRtree([countries[k] for k in self._isos])

    # --- geometry helpers -----------------------------------------------------------------

    def _measure(self, text: str, *, size: float, bold: bool) -> tuple[float, float]:
        artist = self.c.text(0, 0, text, size=size, bold=bold)
        extent = artist.get_window_extent(self.c.renderer)
        self.c.remove_text(artist)
        return float(extent.width), float(extent.height)

    def _data_box(self, page: Bbox) -> Polygon:
        inverse = self.c.ax.transData.inverted()
        (x0, y0), (x1, y1) = inverse.transform([(page.x0, page.y0), (page.x1, page.y1)])
        return box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

    def _touches_other_land(self, area: Polygon, *, iso: str,
                            among: frozenset[str] | None) -> bool:
        """Whether `area` meets the land of a country other than `iso` (of those in
        `among` when given)."""
        for index in self._tree.query(area, predicate="intersects"):
            other = self._isos[int(index)]
            if other != iso and (among is None or other in among):
                return True
        return False

    def _record(self, text: str, *, kind: LabelKind, ref: str, placement: Placement,
                required: bool, page: Bbox | None) -> None:
        on_page: tuple[float, float, float, float] = (math.nan,) * 4
        if page is None:
            extent = (math.nan,) * 4
        else:
            k = 72 / self.c.fig.dpi
            on_page = (page.x0 * k, page.y0 * k, page.x1 * k, page.y1 * k)
            data = self._data_box(page).bounds
            lo, la = lonlat(data[0], data[1])
            hi, ha = lonlat(data[2], data[3])
            extent = (lo, la, hi, ha)
        self.placed.append(PlacedLabel(text, kind, ref, placement, required,
                                       (extent[0], extent[1], extent[2], extent[3]),
                                       on_page))

    def _draw(self, text: str, page: Bbox, *, size: float, bold: bool, color: str,
              rotation: float, leader_from: tuple[float, float] | None) -> None:
        c = self.c
        cx, cy = c.ax.transData.inverted().transform(((page.x0 + page.x1) / 2,
                                                      (page.y0 + page.y1) / 2))
        c.text(cx, cy, text, size=size, bold=bold, halo=1.6 * c.s, color=color, ha="center",
               va="center", rotation=rotation, rotation_mode="anchor", zorder=self.zorder)
        if leader_from is not None:
            edge = self._data_box(page).exterior
            target = edge.interpolate(edge.project(Point(leader_from)))
            c.ax.plot([leader_from[0], target.x], [leader_from[1], target.y], color=color,
                      linewidth=0.35 * c.s, zorder=self.zorder, solid_capstyle="round")
        c.taken.append(page)

    # --- countries ------------------------------------------------------------------------

    def _interior_points(self, polygon: BaseGeometry, *, step: float) -> list[tuple[float,
                                                                                     float]]:
        """The pole of inaccessibility of the largest part, then grid points inside the
        polygon, nearest to it first."""
        parts = sorted(getattr(polygon, "geoms", [polygon]), key=lambda p: -p.area)
        main = parts[0]
        centre = polylabel(main, tolerance=step / 4) if main.area > 0 else main.centroid
        x0, y0, x1, y1 = polygon.bounds
        grid_x, grid_y = np.meshgrid(np.arange(x0 + step / 2, x1, step),
                                     np.arange(y0 + step / 2, y1, step))
        xs, ys = grid_x.ravel(), grid_y.ravel()
        inside = shapely.contains_xy(polygon, xs, ys)
        xs, ys = xs[inside], ys[inside]
        order = np.lexsort((ys, xs, np.hypot(xs - centre.x, ys - centre.y)))[:300]
        return [(centre.x, centre.y)] + [(float(xs[i]), float(ys[i])) for i in order]

    def country(self, text: str, *, iso: str, required: bool, size: float) -> None:
        """Label a country inside its polygon (see the module's rules)."""
        c = self.c
        whole = self.countries.get(iso)
        polygon = whole.intersection(self.view) if whole is not None else Polygon()
        if polygon.is_empty:
            self._record(text, kind="country", ref=iso, placement="outside_view",
                         required=required, page=None)
            return
        shapely.prepare(polygon)
        x0, y0, x1, y1 = max(getattr(polygon, "geoms", [polygon]), key=lambda p: p.area).bounds
        rotations = (0.0, 90.0) if (y1 - y0) > 2.0 * (x1 - x0) else (0.0,)
        per_px = (self.view.bounds[2] - self.view.bounds[0]) / c.map_box().width
        for scaled in _smaller(size, 1.0, 0.85, 0.7):
            width, height = self._measure(text, size=scaled, bold=False)
            points = self._interior_points(polygon, step=max(height * per_px * 0.8, 1.0))
            for rotation in rotations:
                w, h = (width, height) if rotation == 0 else (height, width)
                for x, y in points:
                    px, py = c.ax.transData.transform((x, y))
                    page = Bbox.from_extents(px - w / 2, py - h / 2, px + w / 2, py + h / 2)
                    if c.free(page) and polygon.contains(self._data_box(page)):
                        self._draw(text, page, size=scaled, bold=False,
                                   color=COUNTRY_COLOR, rotation=rotation, leader_from=None)
                        self._record(text, kind="country", ref=iso, placement="inside",
                                     required=required, page=page)
                        return
        scaled = _smaller(size, 1.0, 0.85)[-1]
        width, height = self._measure(text, size=scaled, bold=False)
        for x, y in self._interior_points(polygon, step=max(height * per_px, 1.0))[:60]:
            if self._beside(text, [text], {text: (width, height)}, ref=iso, x=x, y=y,
                            iso=iso, gap=c.px(1.2 * c.s), reach=0.0, among=(None,),
                            size=scaled, kind="country", color=COUNTRY_COLOR, leader=False,
                            required=required):
                return
        main = max(getattr(polygon, "geoms", [polygon]), key=lambda p: p.area)
        centre = polylabel(main, tolerance=per_px) if main.area > 0 else main.centroid
        self.point(text, ref=iso, x=centre.x, y=centre.y, iso=iso, radius_pt=0.0,
                   required=required, size=scaled, kind="country", color=COUNTRY_COLOR)

    # --- places ---------------------------------------------------------------------------

    def _beside(self, text: str, variants: list[str], sizes: dict[str, tuple[float, float]],
                *, ref: str, x: float, y: float, iso: str | None, gap: float, reach: float,
                among: tuple[frozenset[str] | None, ...], size: float, kind: LabelKind,
                color: str, leader: bool, required: bool) -> bool:
        """Place `text` in one of eight positions `gap + reach` lines from data (x, y), over
        no land of another country (of those in `among`; None: any); True when placed."""
        c = self.c
        px, py = c.ax.transData.transform((x, y))
        dist = gap + reach * sizes[variants[0]][1]
        for forbidden in among:
            for variant in variants:
                w, h = sizes[variant]
                for dx, dy in _DIRECTIONS:
                    diagonal = 0.7 if dx and dy else 1.0
                    ox, oy = px + dx * dist * diagonal, py + dy * dist * diagonal
                    left = ox if dx > 0 else ox - w if dx < 0 else ox - w / 2
                    bottom = oy if dy > 0 else oy - h if dy < 0 else oy - h / 2
                    page = Bbox.from_extents(left, bottom, left + w, bottom + h)
                    if not c.free(page) or self._touches_other_land(
                            self._data_box(page), iso=iso or "", among=forbidden):
                        continue
                    self._draw(variant, page, size=size, bold=False, color=color,
                               rotation=0.0, leader_from=(x, y) if leader else None)
                    self._record(text, kind=kind, ref=ref, required=required, page=page,
                                 placement="callout" if leader else "near")
                    return True
        return False

    def point(self, text: str, *, ref: str, x: float, y: float, iso: str | None,
              radius_pt: float, required: bool, size: float, kind: LabelKind = "place",
              color: str = PLACE_COLOR) -> None:
        """Label a point beside its mark, over its own country or the sea (else over a
        country the map does not colour; never over a name or a mark), farther out with a
        leader line when crowded."""
        c = self.c
        px, py = c.ax.transData.transform((x, y))
        gap = c.px(radius_pt + 1.2 * c.s)
        variants = [text]
        if len(text) > 20:
            variants.append(textwrap.fill(text, width=max(12, len(text) // 2 + 2)))
        tiers: list[tuple[float, tuple[frozenset[str] | None, ...], bool]] = [
            (0.0, (None, self.drawn), kind == "country"),
            *((reach, (None, self.drawn), True) for reach in (1.3, 2.6, 4.2, 6.0, 8.5))]
        for scaled in _smaller(size, 1.0, 0.85):
            sizes = {v: self._measure(v, size=scaled, bold=False) for v in variants}
            for reach, among, leader in tiers:
                if self._beside(text, variants, sizes, ref=ref, x=x, y=y, iso=iso, gap=gap,
                                reach=reach, among=among, size=scaled, kind=kind,
                                color=color, leader=leader, required=required):
                    return
        w, h = self._measure(text, size=size, bold=False)
        page = Bbox.from_extents(px + gap, py - h / 2, px + gap + w, py + h / 2)
        self._draw(text, page, size=size, bold=False, color=color, rotation=0.0,
                   leader_from=None)
        self._record(text, kind=kind, ref=ref, placement="forced", required=required,
                     page=page)
