"""Briefing images: a static map of a selection drawn with matplotlib, with no browser.

The map is drawn in Web Mercator (EPSG:3857) over the Natural Earth outlines of
``layers/basemap.geojson``; it fits the selection unless an extent is given
(`geo.data.extent`, the rule the map engine shares), with what lies far north in an inset
(`geo.views.print.inset`). Title block, map, legend (beside the map; below it on a portrait
page), scale bar and source line all sit inside the page (`geo.views.print.layout`); no
text is smaller than 7 pt on the stated 720 x 480 pt page. Events follow the style model's
aggregation rule at country scale (`geo.views.print.marks`).

Publishable: an SVG keeps its text as ``<text>`` elements (``svg.fonttype = "none"``) and
names its groups (``map``, ``layer-basemap``, ``layer-presence``, ``layer-spread``,
``layer-routes``, ``layer-events``, ``layer-places``, ``labels``, ``scale-bar``, ``legend``,
``title``, ``subtitle``, ``summary``, ``footer``; ``inset`` when there is one); a PDF carries
title, author and subject. All text is literal (`geo.views.print.text`). The same inputs
give the same bytes: no timestamps or software versions are written, fonts are matplotlib's
bundled DejaVu Sans and SVG ids use a fixed salt.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo import style
from geo.data.credits import selection_source_ids
from geo.data.extent import BBox, Extent
from geo.data.selection import Layers, Selection
from geo.i18n import N_, check_lang, gettext
from geo.style import palette
from geo.style.legend import LegendSection
from geo.views.print import inset as insets
from geo.views.print import text as ptext
from geo.views.print.canvas import Canvas
from geo.views.print.labels import PlacedLabel
from geo.views.print.layers import (
    Z,
    draw_basemap,
    draw_places,
    draw_presence,
    draw_routes,
    draw_spread,
)
from geo.views.print.layout import (
    LEGEND_SHARES,
    LINE_SPACING,
    Frame,
    figure_size,
    frame,
    page_boxes,
    type_pt,
    view,
)
from geo.views.print.legend import draw_legend, legend_fits
from geo.views.print.marks import EventGroup, draw_events
from geo.views.print.options import (
    ASPECTS,
    DEFAULT_AUTHOR,
    DEFAULT_DPI,
    DEFAULT_SIZE_PX,
    IMAGE_FORMATS,
    STILL_SIZES_PX,
    ImageFormat,
    Progress,
    check_image_options,
    size_for_aspect,
)
from geo.views.print.placenames import draw_labels
from geo.views.print.projection import lonlat, project
from geo.views.print.scalebar import draw_big_year, draw_scale_bar, scale_bar

__all__ = ["ASPECTS", "DEFAULT_AUTHOR", "DEFAULT_DPI", "DEFAULT_SIZE_PX", "IMAGE_FORMATS",
           "STILL_SIZES_PX", "ImageFormat", "Layout", "PlacedLabel", "Progress",
           "briefing_labels", "briefing_layout", "briefing_png", "check_image_options",
           "page_boxes", "render_briefing", "scale_bar", "size_for_aspect"]

SMALL_PAGE_LEGEND = (0.9, 0.8, 0.7, 0.6)
"""Type factors the legend may take on a page smaller than the stated size, in order."""
_LOCK = threading.Lock()  # matplotlib's rcParams are process-wide; the app renders in threads
_RC: Any = {"svg.hashsalt": "tda-map", "svg.fonttype": "none", "pdf.fonttype": 42,
            "lines.scale_dashes": False,
            "path.simplify": True, "text.parse_math": False, "text.usetex": False}


@dataclass(frozen=True)
class Layout:
    """Where a briefing put its labels and point marks (page points from the lower left)."""

    labels: list[PlacedLabel]
    marks: list[tuple[str, tuple[float, float, float, float]]]
    inset: tuple[float, float, float, float] | None
    events: list[tuple[str, int]]
    """Each event mark (its first event's id) and how many events it stands for."""
    view: BBox
    """The main map's view in lon/lat (min_lon, min_lat, max_lon, max_lat)."""


@dataclass(frozen=True)
class _Drawn:
    fig: Figure
    layout: Layout
    title: str
    subject: str


def _map_axes(fig: Figure, box: Any, *, gid: str, limits: tuple[float, float, float, float],
              scale: float) -> Any:
    ax = fig.add_axes(box)
    ax.set_gid(gid)
    ax.set_xlim(limits[0], limits[2])
    ax.set_ylim(limits[1], limits[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_facecolor(palette.SEA)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(0.5 * scale)
        spine.set_color(palette.OUTLINE)
    return ax


def _draw_map(c: Canvas, selection: Selection, *, outlines: dict[str, BaseGeometry],
              years: tuple[int, int], prefix: str) -> list[EventGroup]:
    draw_basemap(c, outlines, gid=f"{prefix}layer-basemap")
    draw_presence(c, selection, years, gid=f"{prefix}layer-presence")
    draw_spread(c, selection, gid=f"{prefix}layer-spread")
    draw_routes(c, selection, gid=f"{prefix}layer-routes")
    draw_places(c, selection, gid=f"{prefix}layer-places")
    return draw_events(c, selection.events, year=selection.filters.year,
                       gid=f"{prefix}layer-events")


def _inset_axes(c: Canvas, *, bbox: BBox, corner: str) -> Any:
    box = insets.inset_box(bbox, map_box=c.map_box(), corner=corner)
    figure_box = box.transformed(c.fig.transFigure.inverted())
    x0, y0, x1, y1 = view(bbox, aspect=box.width / box.height)
    ax = _map_axes(c.fig, figure_box.bounds, gid="inset", limits=(x0, y0, x1, y1),
                   scale=c.s)
    ax.set_zorder(Z["inset"])
    for spine in ax.spines.values():
        spine.set_linewidth(0.9 * c.s)
        spine.set_color(palette.MUTED_INK)
    return ax


def _title_block(c: Canvas, layout: Frame, selection: Selection, *, title: str | None,
                 lang: str) -> tuple[str, str]:
    s = layout.scale
    heading = ptext.heading_text(selection.filters, lang=lang)
    summary = ptext.summary_text(selection, lang=lang)
    shown = ptext.title_text(title, lang=lang)
    width_px = c.fig.bbox.width - 2 * c.px(layout.pad_in * 72)
    for text, top, role, bold, color, gid in (
            (shown, layout.title_tops[0], "title", True, palette.INK, "title"),
            (heading, layout.title_tops[1], "heading", True, palette.INK, "subtitle"),
            (summary, layout.title_tops[2], "summary", False, palette.MUTED_INK, "summary")):
        size = type_pt(role, s)
        artist = c.text(layout.map_box[0], top, text, size=size, bold=bold, color=color,
                        va="top", on_figure=True)
        artist.set_gid(gid)
        wide = artist.get_window_extent(c.renderer).width
        if wide > width_px:
            artist.set_fontsize(max(type_pt("summary", 0), size * width_px / wide))
    return shown, f"{heading}. {summary}"


def _frame(size_px: tuple[int, int], dpi: int, *, footer: Callable[[int], list[str]],
           sections: list[LegendSection]) -> tuple[Frame, float]:
    """The page's layout and the legend's type factor: the legend's share widened until it
    fits at the type floor; on a page smaller than the stated one where even the widest
    share is too small, the legend's type shrinks (`SMALL_PAGE_LEGEND`)."""
    layout = frame(size_px, dpi, footer)
    for factor in (1.0, *SMALL_PAGE_LEGEND):
        for share in LEGEND_SHARES if factor == 1.0 else LEGEND_SHARES[-1:]:
            layout = frame(size_px, dpi, footer, legend_share=share)
            box = layout.legend_box
            if legend_fits(sections, width=box[2] * layout.width_in * 72,
                           height=box[3] * layout.height_in * 72, scale=layout.scale,
                           factor=factor):
                return layout, factor
        if layout.scale >= 1.0:
            break  # the stated size or larger: the floor holds (a too-long legend errs)
    return layout, 1.0


def _draw(selection: Selection, *, layers: Layers, extent: Extent,
          frame_of: Selection | None, size_px: tuple[int, int], dpi: int, big_year: bool,
          raster: bool, source_ids: Sequence[str] | None,
          legend: list[LegendSection] | None, title: str | None, lang: str,
          progress: Progress | None) -> _Drawn:
    report = progress or (lambda _f, _m: None)
    cited = selection_source_ids(selection) if source_ids is None else sorted(source_ids)
    years = style.presence_years(layers)
    sections = legend if legend is not None else style.legend_for(
        selection, lang=lang, presence_years=years, paper=True)
    layout, legend_factor = _frame(size_px, dpi, sections=sections,
                    footer=lambda chars: ptext.footer_lines(cited, layers=layers, lang=lang,
                                                            chars=chars))
    fig = Figure(figsize=figure_size(size_px, dpi, raster=raster), dpi=dpi,
                 facecolor=palette.HALO)
    canvas = FigureCanvasAgg(fig)
    parts = insets.split(selection)
    framing = insets.split(frame_of) if frame_of is not None else parts
    bbox = insets.main_bbox(extent, layers=layers, parts=framing)
    aspect = (layout.map_box[2] * layout.width_in) / (layout.map_box[3] * layout.height_in)
    limits = view(bbox, aspect=aspect)
    ax = _map_axes(fig, layout.map_box, gid="map", limits=limits, scale=layout.scale)
    lax = fig.add_axes(layout.legend_box)
    lax.set_gid("legend")
    lax.set_axis_off()
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    c = Canvas(fig, ax, renderer, layout.scale)
    corner, inset_bbox = "upper left", None
    if framing.has_inset:
        inset_bbox = insets.inset_bbox(framing)
        corner, limits = insets.place_inset(ax, renderer, bbox=inset_bbox, parts=framing,
                                            limits=limits, aspect=aspect)
        ax.set_xlim(limits[0], limits[2])
        ax.set_ylim(limits[1], limits[3])
    outlines = {str(f["properties"]["iso_a3"]): project(shape(f["geometry"]))
                for f in layers.features("basemap")}
    report(0.1, gettext(N_("drawing the map"), lang=lang))
    groups = _draw_map(c, parts.main, outlines=outlines, years=years, prefix="")
    inset_canvas, inset_groups, inset_box = None, [], None
    if inset_bbox is not None:
        inset_canvas = c.on(_inset_axes(c, bbox=inset_bbox, corner=corner))
        inset_groups = _draw_map(inset_canvas, parts.inset, outlines=outlines, years=years,
                                 prefix="inset-")
        inset_box = inset_canvas.map_box()
    draw_scale_bar(c, lang=lang)
    if big_year:
        draw_big_year(c, selection.filters.year)
    report(0.4, gettext(N_("placing labels"), lang=lang))
    placed: list[PlacedLabel] = []
    if inset_canvas is not None and inset_box is not None:
        placed += draw_labels(inset_canvas, parts.inset, layers=layers, outlines=outlines,
                              groups=inset_groups, lang=lang, gid="inset-labels")
        pad = c.px(2.0 * c.s)  # the main map's labels keep off the inset
        c.taken.append(Bbox.from_extents(inset_box.x0 - pad, inset_box.y0 - pad,
                                         inset_box.x1 + pad, inset_box.y1 + pad))
    placed += draw_labels(c, parts.fit, layers=layers, outlines=outlines, groups=groups,
                          lang=lang)
    ax.set_xlim(limits[0], limits[2])
    ax.set_ylim(limits[1], limits[3])
    shown, subject = _title_block(c, layout, selection, title=title, lang=lang)
    footer = c.text(layout.map_box[0], 0.55 * layout.pad_in / layout.height_in,
                    "\n".join(layout.footer_lines), size=type_pt("footer", layout.scale),
                    color=palette.MUTED_INK, va="bottom", linespacing=LINE_SPACING,
                    on_figure=True)
    footer.set_gid("footer")
    report(0.6, gettext(N_("drawing the legend"), lang=lang))
    draw_legend(c, lax, sections, lang=lang, factor=legend_factor)
    k = 72 / dpi
    marks = [(ref, (b.x0 * k, b.y0 * k, b.x1 * k, b.y1 * k)) for ref, b in c.marks]
    where = None if inset_box is None else (inset_box.x0 * k, inset_box.y0 * k,
                                            inset_box.x1 * k, inset_box.y1 * k)
    events = [(g.ref, len(g.features)) for g in [*groups, *inset_groups]]
    (lon0, lat0), (lon1, lat1) = lonlat(limits[0], limits[1]), lonlat(limits[2], limits[3])
    return _Drawn(fig, Layout(placed, marks, where, events, (lon0, lat0, lon1, lat1)), shown,
                  subject)


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
                    frame_of: Selection | None = None,
                    progress: Progress | None = None) -> bytes:
    """Briefing map of `selection` as PNG, PDF or SVG bytes.

    `size_px` is (width, height) in pixels at `dpi` (the physical size of a PDF or SVG);
    `big_year` writes the year large on the map (animation frames); `source_ids` replaces
    the sources the selection cites in the source line and `legend` the legend sections
    (default `geo.style.legend_for(selection)`), `frame_of` the selection whose extent and
    inset the map takes (an animation gives every frame those of the whole range, so the
    layout does not move).
    `title` replaces the map's title (cut to 160 characters with '…'); `author` goes into
    the PDF's metadata. `progress(fraction, message)` is called as the work advances.
    """
    check_lang(lang)
    check_image_options(size_px=size_px, dpi=dpi, fmt=fmt)
    buffer = io.BytesIO()
    with _LOCK, mpl.rc_context(_RC):
        drawn = _draw(selection, layers=layers, extent=extent, frame_of=frame_of,
                      size_px=size_px, dpi=dpi, big_year=big_year, raster=fmt == "png",
                      source_ids=source_ids, legend=legend, title=title, lang=lang,
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


def briefing_layout(selection: Selection, *, layers: Layers, extent: Extent = "data",
                    size_px: tuple[int, int] = DEFAULT_SIZE_PX, dpi: int = DEFAULT_DPI,
                    lang: str = "en") -> Layout:
    """The labels and point marks a briefing map of `selection` places, and where."""
    check_lang(lang)
    check_image_options(size_px=size_px, dpi=dpi)
    with _LOCK, mpl.rc_context(_RC):
        drawn = _draw(selection, layers=layers, extent=extent, frame_of=None,
                      size_px=size_px, dpi=dpi, big_year=False, raster=True,
                      source_ids=None, legend=None, title=None, lang=lang, progress=None)
    return drawn.layout


def briefing_labels(selection: Selection, *, layers: Layers, extent: Extent = "data",
                    size_px: tuple[int, int] = DEFAULT_SIZE_PX, dpi: int = DEFAULT_DPI,
                    lang: str = "en") -> list[PlacedLabel]:
    """The labels a briefing map of `selection` places, and how (nothing is dropped)."""
    return briefing_layout(selection, layers=layers, extent=extent, size_px=size_px,
                           dpi=dpi, lang=lang).labels


def briefing_png(selection: Selection, *, layers: Layers, extent: Extent = "data",
                 size_px: tuple[int, int] = DEFAULT_SIZE_PX, dpi: int = DEFAULT_DPI,
                 lang: str = "en", progress: Progress | None = None) -> bytes:
    """PNG bytes of the briefing map (for the app's download button)."""
    return render_briefing(selection, layers=layers, extent=extent, size_px=size_px, dpi=dpi,
                           lang=lang, progress=progress)
