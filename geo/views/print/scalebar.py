"""The scale bar, true on the WGS84 ellipsoid at the latitude where it is drawn, and the
big year of an animation frame."""

from __future__ import annotations

import math

from matplotlib.transforms import Bbox

from geo.i18n import N_, format_number, gettext
from geo.style import palette
from geo.views.print.canvas import Canvas
from geo.views.print.layers import Z
from geo.views.print.layout import nice_km, type_pt
from geo.views.print.projection import GEOD, lonlat


def scale_bar(x0: float, x1: float, y: float) -> tuple[float, float, float]:
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
    length_km = nice_km((x1 - x0) * metres_per_x / 1000 * 0.2)
    return length_km, x0 + length_km * 1000 / metres_per_x, float(lat)


def draw_scale_bar(c: Canvas, *, lang: str) -> None:
    """A two-part bar in the lower right of the map (the inset may take the lower left),
    its length and where it is true."""
    x0, x1 = c.ax.get_xlim()
    y0, _ = c.ax.get_ylim()
    size = type_pt("scale", c.s)
    per_pt = c.points_to_map()
    by = y0 + 2.6 * size * per_pt
    length_km, end, lat = scale_bar(x0, x1, by)  # Mercator: the same length at any x
    bx = x1 - 0.03 * (x1 - x0) - max(end - x0, 10 * size * per_pt)
    ex = bx + (end - x0)
    tick = 0.35 * size * per_pt
    with c.group("scale-bar", zorder=Z["scale"]) as z:
        for (a, b), color in (((bx, (bx + ex) / 2), palette.INK),
                              (((bx + ex) / 2, ex), palette.HALO)):
            c.ax.fill([a, b, b, a], [by, by, by + tick, by + tick], facecolor=color,
                      edgecolor=palette.INK, linewidth=0.5 * c.s, zorder=z)
        hemisphere = gettext(N_("S"), lang=lang) if lat < 0 else gettext(N_("N"), lang=lang)
        true_at = gettext(N_("scale true at {lat}°{hemisphere}"), lang=lang)
        km = format_number(length_km, lang=lang)
        texts = ((f"{km} km", tick + 0.3 * size * per_pt, "bottom"),
                 (true_at.format(lat=format_number(round(abs(lat)), lang=lang),
                                 hemisphere=hemisphere), -0.3 * size * per_pt, "top"))
        for label, dy, va in texts:
            artist = c.text(bx, by + dy, label, size=size, color=palette.INK, ha="left",
                            va=va, zorder=z, halo=1.5 * c.s)
            c.taken.append(artist.get_window_extent(c.renderer))
    c.taken.append(Bbox.from_extents(*c.ax.transData.transform((bx, by)),
                                     *c.ax.transData.transform((ex, by + tick))))


def draw_big_year(c: Canvas, year: int) -> None:
    """The year, large, in the upper right of the map (animation frames)."""
    with c.group("year", zorder=Z["year"]) as z:
        artist = c.text(0.975, 0.97, str(year), transform=c.ax.transAxes, ha="right",
                        va="top", size=type_pt("year", c.s), bold=True, color=palette.INK,
                        alpha=0.9, zorder=z, halo=3 * c.s)
    c.taken.append(artist.get_window_extent(c.renderer))
