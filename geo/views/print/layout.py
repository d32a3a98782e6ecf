"""Page layout of a briefing image: type sizes, the title block, map, legend and footer
boxes, and the projected view the map is fitted to.

Sizes are typographic points at the page's scale (1 on the stated 720 x 480 pt page); no
text is smaller than `MIN_TEXT_PT` (on a page smaller than the stated one, only a legend
that fits nowhere else may go below it: `render.SMALL_PAGE_LEGEND`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from geo.data.extent import BBox
from geo.views.print.projection import mercator

MIN_TEXT_PT = 7.0
"""The smallest text on any page (the usual floor for map labels and legends in print)."""
TYPE_PT: dict[str, float] = {
    "title": 16.0, "heading": 10.0, "summary": 8.0, "legend_title": 8.0, "legend": 7.0,
    "country": 7.5, "place": 7.0, "count": 7.0, "scale": 7.0, "footer": 7.0, "inset": 7.0,
    "year": 34.0, "empty": 8.0,
}
"""Type size of each kind of text, in points at scale 1."""
LINE_SPACING = 1.3
_CHAR_EM = 0.56  # average DejaVu Sans advance, in ems (for wrapping before measuring)


def type_pt(role: str, scale: float) -> float:
    """The size in points of text of `role` on a page of `scale` (never below the floor)."""
    return max(MIN_TEXT_PT, TYPE_PT[role] * scale)


def chars_for(width_pt: float, size_pt: float) -> int:
    """About how many characters of `size_pt` text fit in `width_pt`."""
    return max(8, int(width_pt / (size_pt * _CHAR_EM)))


@dataclass(frozen=True)
class Frame:
    """Figure geometry in inches and the scale of every size in points."""

    width_in: float
    height_in: float
    scale: float
    pad_in: float
    map_box: tuple[float, float, float, float]  # figure fractions: left, bottom, width, height
    legend_box: tuple[float, float, float, float]
    legend_below: bool
    footer_lines: list[str]
    title_tops: tuple[float, float, float]  # figure fractions: title, heading, summary tops


LEGEND_SHARES: tuple[float | None, ...] = (None, 0.5, 0.6, 0.7)
"""Shares of the page the legend may take, in the order tried (None: the default)."""


def frame(size_px: tuple[int, int], dpi: int, footer: Callable[[int], list[str]], *,
          legend_share: float | None = None) -> Frame:
    """The layout of a page of `size_px` at `dpi` whose footer is `footer(chars a line)`;
    `legend_share` gives the legend that share of the width (of the height on a portrait
    page) when its default panel is too small for it."""
    width_in, height_in = size_px[0] / dpi, size_px[1] / dpi
    scale = min(width_in / 10.0, height_in / (20.0 / 3.0))
    pad = 0.18 * scale
    pad_pt = pad * 72
    tops_pt = [pad_pt]
    for role in ("title", "heading"):
        tops_pt.append(tops_pt[-1] + type_pt(role, scale) * (LINE_SPACING + 0.15))
    title_h = (tops_pt[-1] + type_pt("summary", scale) * LINE_SPACING + 0.6 * pad_pt) / 72
    footer_pt = type_pt("footer", scale)
    lines = footer(chars_for((width_in - 2 * pad) * 72, footer_pt))
    footer_h = len(lines) * footer_pt * LINE_SPACING / 72 + 1.2 * pad
    left = pad / width_in
    bottom = footer_h / height_in
    top = 1 - title_h / height_in
    below = width_in / height_in < 0.95
    if below:
        full_w = (width_in - 2 * pad) / width_in
        legend_h = (legend_share or 0.36) * (top - bottom)
        legend_box = (left, bottom, full_w, legend_h)
        map_bottom = bottom + legend_h + pad / height_in
        map_box = (left, map_bottom, full_w, top - map_bottom)
    else:
        legend_w = (legend_share * width_in if legend_share
                    else min(0.40 * width_in, 3.8 * scale))
        map_w = (width_in - legend_w - 2.5 * pad) / width_in
        map_box = (left, bottom, map_w, top - bottom)
        legend_box = (left + map_w + 0.5 * pad / width_in, bottom,
                      legend_w / width_in, top - bottom)
    title_tops = (1 - tops_pt[0] / 72 / height_in, 1 - tops_pt[1] / 72 / height_in,
                  1 - tops_pt[2] / 72 / height_in)
    return Frame(width_in, height_in, scale, pad, map_box, legend_box, below, lines,
                 title_tops)


def page_boxes(*, size_px: tuple[int, int], dpi: int,
               footer: Callable[[int], list[str]]) -> dict[str, tuple[int, int, int, int]]:
    """Pixel boxes (left, top, right, bottom; from the top-left corner) of the panel the map
    is fitted into and of the legend panel, for a page whose footer is `footer(chars)`."""
    layout = frame(size_px, dpi, footer)
    boxes = {}
    for name, (left, bottom, width, height) in (("map", layout.map_box),
                                                ("legend", layout.legend_box)):
        boxes[name] = (round(left * size_px[0]), round((1 - bottom - height) * size_px[1]),
                       round((left + width) * size_px[0]), round((1 - bottom) * size_px[1]))
    return boxes


def figure_size(size_px: tuple[int, int], dpi: int, *, raster: bool) -> tuple[float, float]:
    """Figure size in inches (a raster nudged up: Agg truncates width * dpi to an int)."""
    nudge = 1e-6 if raster else 0.0
    return ((size_px[0] + nudge) / dpi, (size_px[1] + nudge) / dpi)


def view(bbox: BBox, *, aspect: float) -> tuple[float, float, float, float]:
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


def nice_km(target_km: float) -> float:
    """The largest of 1, 2, 5 x 10^n km not above `target_km`."""
    exponent = math.floor(math.log10(target_km))
    for step in (5, 2, 1):
        value = step * 10.0 ** exponent
        if value <= target_km:
            return value
    return 10.0 ** exponent
