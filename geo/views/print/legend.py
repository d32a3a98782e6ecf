"""The legend panel: the style model's sections and rows for what the map draws.

Every swatch is drawn from the row's symbol by the same functions as the marks
(`geo.views.print.symbols`). Rows flow top to bottom in as few columns as fit, labels
wrapped to the column; text is never smaller than the type floor (`layout.MIN_TEXT_PT`).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle

from geo import style
from geo.errors import OptionError
from geo.i18n import N_, gettext
from geo.style import palette
from geo.style.legend import LegendSection
from geo.views.print import text as ptext
from geo.views.print.canvas import Canvas
from geo.views.print.layout import LINE_SPACING, chars_for, type_pt
from geo.views.print.symbols import dashes, line_kwargs, marker_kwargs, polygon_kwargs, pt

ROW_MIN = 1.4
"""Smallest row height, in ems of the legend's type (room for a swatch)."""
MAX_SWATCH_PX = 9.0
"""Largest marker radius (style px) drawn in a swatch."""


@dataclass(frozen=True)
class _Block:
    kind: str  # "title" | "row"
    lines: list[str]
    symbol: style.Symbol | None
    gid: str


def _wrap(text: str, chars: int) -> list[str]:
    return textwrap.wrap(ptext.literal(text), chars, break_on_hyphens=False) or [""]


def _blocks(sections: list[LegendSection], *, chars: int) -> list[list[_Block]]:
    out = []
    for section in sections:
        title = _wrap(section["title"], chars)
        rows = [_Block("row", _wrap(row["label"], chars),
                       row["symbol"], f"legend-row-{row['id']}") for row in section["rows"]]
        out.append([_Block("title", title, None, f"legend-{section['id']}"), *rows])
    return out


def _height(block: _Block, *, size: float, title: float) -> float:
    if block.kind == "title":
        return len(block.lines) * title * LINE_SPACING + 0.2 * size
    return max(len(block.lines) * size * LINE_SPACING, ROW_MIN * size) + 0.18 * size


def _flow(sections: list[list[_Block]], *, columns: int, height: float, size: float,
          title: float) -> list[tuple[int, float, _Block]] | None:
    """(column, top, block) of every block, or None when they do not fit."""
    placed: list[tuple[int, float, _Block]] = []
    column, top = 0, height
    for blocks in sections:
        need = sum(_height(b, size=size, title=title) for b in blocks[:2])
        if top - need < 0 and top < height:
            column, top = column + 1, height
        for block in blocks:
            h = _height(block, size=size, title=title)
            if top - h < 0:
                column, top = column + 1, height
            if column >= columns or top - h < 0:
                return None
            placed.append((column, top, block))
            top -= h
        top -= 0.6 * size
    return placed


def _layout(sections: list[LegendSection], *, width: float, height: float, scale: float,
            factor: float) -> tuple[float, list[tuple[int, float, _Block]]] | None:
    """(column width, placed blocks) in the fewest columns that fit a `width` x `height`
    panel (points), or None."""
    size = type_pt("legend", scale) * factor
    title = type_pt("legend_title", scale) * factor
    handle, gap, column_gap = 2.4 * size, 0.6 * size, 1.4 * size
    most = max(1, int((width + column_gap) / (17 * size + column_gap)))
    for columns in range(1, most + 1):
        column_w = (width - (columns - 1) * column_gap) / columns
        blocks = _blocks(sections, chars=chars_for(column_w - handle - gap, size))
        placed = _flow(blocks, columns=columns, height=height, size=size, title=title)
        if placed is not None:
            return column_w, placed
    return None


def legend_fits(sections: list[LegendSection], *, width: float, height: float,
                scale: float, factor: float = 1.0) -> bool:
    """Whether the legend fits a `width` x `height` panel (points) at `scale`, its type
    `factor` times its size."""
    return not sections or _layout(sections, width=width, height=height, scale=scale,
                                   factor=factor) is not None


def draw_legend(c: Canvas, lax: Any, sections: list[LegendSection], *, lang: str,
                factor: float = 1.0) -> None:
    """Legend sections in the panel `lax`, in the fewest columns that fit (type `factor`
    times its size: below 1 only on a page too small for the legend at the type floor)."""
    panel = lax.get_window_extent(c.renderer)
    width, height = panel.width * 72 / c.fig.dpi, panel.height * 72 / c.fig.dpi
    lax.set_xlim(0, width)
    lax.set_ylim(0, height)
    size = type_pt("legend", c.s) * factor
    title = type_pt("legend_title", c.s) * factor
    if not sections:
        c.text(0, height, gettext(N_("Nothing to show for this selection"), lang=lang),
               va="top", size=type_pt("empty", c.s), target=lax)
        return
    handle, gap, column_gap = 2.4 * size, 0.6 * size, 1.4 * size
    fitted = _layout(sections, width=width, height=height, scale=c.s, factor=factor)
    if fitted is None:
        raise OptionError("the image is too small for its legend; ask for a larger --width "
                          "and --height")
    column_w, placed = fitted
    for column, top, block in placed:
        left = column * (column_w + column_gap)
        if block.kind == "title":
            c.text(left, top, "\n".join(block.lines), size=title, bold=True, va="top",
                   color=palette.INK, linespacing=LINE_SPACING, target=lax).set_gid(block.gid)
            continue
        assert block.symbol is not None
        middle = top - 0.5 * max(size * LINE_SPACING, ROW_MIN * size)
        _swatch(c, lax, block.symbol, x=left, y=middle, width=handle, size=size)
        c.text(left + handle + gap, top - 0.5 * (max(size * LINE_SPACING, ROW_MIN * size)
                                                 - size * LINE_SPACING),
               "\n".join(block.lines), size=size, va="top", color=palette.INK,
               linespacing=LINE_SPACING, target=lax).set_gid(block.gid)


def _swatch(c: Canvas, lax: Any, symbol: style.Symbol, *, x: float, y: float, width: float,
            size: float) -> None:
    """A row's symbol at (x .. x + width, y) in the panel's points."""
    kind = str(symbol["shape"])
    if kind == "polygon":
        lax.add_patch(Rectangle((x, y - 0.45 * size), width, 0.9 * size,
                                **polygon_kwargs(c, symbol)))
        return
    if kind == "line":
        lax.add_line(Line2D([x, x + width], [y, y], **line_kwargs(c, symbol)))
        return
    cx = x + width / 2
    if symbol["area_m"] is not None:  # an approximate location: its dashed ring
        color = symbol["fill"] or symbol["color"]
        lax.add_patch(Circle((cx, y), 0.6 * size, fill=False, edgecolor=color,
                             linewidth=pt(c, 1.0), linestyle=dashes(c, symbol["area_dash"])))
        return
    radius = min(pt(c, float(symbol["radius"] or 4.0)), pt(c, MAX_SWATCH_PX))
    lax.add_line(Line2D([cx], [y], **marker_kwargs(c, symbol, radius_pt=radius)))
    if "label_color" in symbol:  # an aggregate: its count
        c.text(cx, y, "n", size=size, bold=True, color=symbol["label_color"], ha="center",
               va="center_baseline", target=lax)
