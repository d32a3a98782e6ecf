"""The drawing surface shared by the briefing renderer and its label placer.

Every text goes through `Canvas.text`: literal (no mathtext), with an optional white halo
drawn as a separate artist behind it, so that an SVG keeps the text itself as a real
``<text>`` element (a path effect on the text would turn it into outlines). `Canvas.group`
wraps everything drawn at one z-order in a named SVG group (``<g id="layer-events">``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from geo.style import palette

_FONTS_DIR = Path(mpl.get_data_path()) / "fonts" / "ttf"
HALO = palette.HALO


def font(size: float, *, bold: bool = False) -> FontProperties:
    """Matplotlib's bundled DejaVu Sans (the same bytes on every machine)."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal",
                          fname=_FONTS_DIR / name, size=size)


class _GroupMark(Artist):
    """Opens or closes a named group in the renderer (an SVG ``<g id=...>``)."""

    def __init__(self, gid: str, *, opening: bool, zorder: float) -> None:
        super().__init__()
        self._group = gid
        self._opening = opening
        self.set_zorder(zorder)

    def draw(self, renderer: Any) -> None:
        if self._opening:
            renderer.open_group(self._group, gid=self._group)
        else:
            renderer.close_group(self._group)


@dataclass
class Canvas:
    """A figure, its map axes, a renderer for measuring, and the page boxes taken so far."""

    fig: Figure
    ax: Any
    renderer: Any
    scale: float
    taken: list[Bbox] = field(default_factory=list)
    marks: list[tuple[str, Bbox]] = field(default_factory=list)
    """The point marks drawn, by reference (feature id or aggregate), as display boxes."""

    @property
    def s(self) -> float:
        return self.scale

    def px(self, points: float) -> float:
        """Display pixels of a length in typographic points."""
        return points * self.fig.dpi / 72

    def points_to_map(self) -> float:
        """Map units (metres of Web Mercator) per typographic point."""
        x0, x1 = self.ax.get_xlim()
        width_pt: float = self.ax.get_window_extent(self.renderer).width * 72 / self.fig.dpi
        return float((x1 - x0) / width_pt)

    def map_box(self) -> Bbox:
        box: Bbox = self.ax.get_window_extent(self.renderer)
        return box

    def on(self, ax: Any) -> Canvas:
        """The same page drawn on other axes (an inset): taken boxes and marks shared."""
        return Canvas(self.fig, ax, self.renderer, self.scale, self.taken, self.marks)

    def take_mark(self, ref: str, *, x: float, y: float, radius_pt: float) -> None:
        """Record a point mark of `radius_pt` at data (x, y): labels keep off it."""
        cx, cy = self.ax.transData.transform((x, y))
        half = self.px(radius_pt)
        box = Bbox.from_extents(cx - half, cy - half, cx + half, cy + half)
        self.taken.append(box)
        self.marks.append((ref, box))

    def free(self, box: Bbox) -> bool:
        """Whether `box` (display pixels) lies on the map and overlaps nothing taken."""
        inside = self.map_box()
        return (inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0
                and box.y1 <= inside.y1 and not any(box.overlaps(t) for t in self.taken))

    @contextmanager
    def group(self, gid: str, *, zorder: float) -> Iterator[float]:
        """Draw a layer at `zorder` inside ``<g id=gid>``; yields the z-order to draw at."""
        self.ax.add_artist(_GroupMark(gid, opening=True, zorder=zorder - 0.001))
        yield zorder
        self.ax.add_artist(_GroupMark(gid, opening=False, zorder=zorder + 0.001))

    def text(self, x: float, y: float, text: str, *, size: float, halo: float = 0.0,
             bold: bool = False, on_figure: bool = False, target: Any = None,
             **kwargs: Any) -> Text:
        """A literal text (sizes in points); with a halo of `halo` points drawn behind it.

        Drawn on the map axes, the figure (`on_figure`) or another axes (`target`).
        """
        target = target if target is not None else self.fig if on_figure else self.ax
        props = font(size, bold=bold)
        if halo:
            back = target.text(x, y, text, fontproperties=props, parse_math=False,
                               **{**kwargs, "color": HALO, "alpha": None})
            back.set_path_effects([patheffects.Stroke(linewidth=halo, foreground=HALO)])
            back.set_gid(None)
        artist: Text = target.text(x, y, text, fontproperties=props, parse_math=False,
                                   **kwargs)
        if halo:
            artist._halo = back  # type: ignore[attr-defined]
        return artist

    def remove_text(self, artist: Text) -> None:
        """Remove a text made by `text`, and its halo."""
        halo = getattr(artist, "_halo", None)
        if halo is not None:
            halo.remove()
        artist.remove()
