"""``python -m geo export FORMAT``: briefing images, publishable HTML, animations, research data.

Everything is built in memory first and then written all-or-nothing: a bad option or an
unwritable path leaves no file behind. ``site`` replaces only a folder that is empty or a
previous site export (it refuses a folder holding anything else, with exit code 2).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from geo import config
from geo.data.extent import Extent, parse_extent
from geo.data.selection import (
    MODES,
    Filters,
    Layers,
    Mode,
    Selection,
    load_layers,
    select,
    year_bounds,
)
from geo.errors import OptionError, RefusedTargetError
from geo.export.pagestate import page_state
from geo.export.research import (
    GEOPACKAGE_NAME,
    citation_authors,
    citation_text,
    csv_files,
    datapackage_files,
    datapackage_zip,
    geojson_files,
    geopackage_bytes,
)
from geo.export.site import check_site_target, export_site
from geo.i18n import DEFAULT_LANG, LANGS, check_lang
from geo.jsonio import write_bytes_atomically
from geo.views.leaflet.standalone import html_document
from geo.views.print.animation import (
    ANIMATION_FORMATS,
    DEFAULT_ANIMATION_DPI,
    DEFAULT_ANIMATION_SIZE_PX,
    DEFAULT_FRAME_MS,
    AnimationFormat,
    animation_size,
    animations,
    mp4_available,
)
from geo.views.print.render import (
    ASPECTS,
    DEFAULT_DPI,
    DEFAULT_SIZE_PX,
    IMAGE_FORMATS,
    STILL_SIZES_PX,
    ImageFormat,
    Progress,
    render_briefing,
    size_for_aspect,
)

EXPORT_FORMATS = ("png", "pdf", "svg", "html", "site", "gif", "mp4", "geojson", "gpkg", "csv",
                  "datapackage", "citation", "all")
_FOLDER_FORMATS = ("geojson", "csv", "site", "all")


@dataclass(frozen=True)
class ExportOptions:
    """What to export: the view (year, mode, filters), the extent and the image size.

    `year` None means the last year of the data for maps and the full, unfiltered data for
    research exports (unless a filter is given).
    """

    year: int | None = None
    years: tuple[int, int] | None = None  # animations: first and last year of the frames
    mode: Mode = "cumulative"
    countries: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    event_kinds: tuple[str, ...] = ()
    corridor_kinds: tuple[str, ...] = ()
    extent: Extent = "data"
    size_px: tuple[int, int] | None = None
    dpi: int | None = None
    aspect: str | None = None  # '16:9', '1:1' or '9:16': the page shape when no size is given
    frame_ms: int = DEFAULT_FRAME_MS
    tiles: bool = True
    lang: str = DEFAULT_LANG
    title: str | None = None
    citation_path: Path = field(default=config.ROOT / "CITATION.cff")
    progress: Progress | None = field(default=None, compare=False)

    def image_size(self, *, animation: bool) -> tuple[int, int]:
        """Pixel size: the one given, else that of the aspect, else the default."""
        if self.size_px is not None:
            return self.size_px
        if self.aspect is not None:
            return (animation_size(self.aspect) if animation
                    else size_for_aspect(self.aspect, sizes=STILL_SIZES_PX))
        return DEFAULT_ANIMATION_SIZE_PX if animation else DEFAULT_SIZE_PX

    def image_dpi(self, *, animation: bool) -> int:
        """The dpi given, else the default of stills or animations."""
        if self.dpi is not None:
            return self.dpi
        return DEFAULT_ANIMATION_DPI if animation else DEFAULT_DPI

    def animation_years(self) -> tuple[int, int] | None:
        """`years`, or the one year of `year` (a single frame), or None for all years."""
        if self.years is not None:
            return self.years
        return None if self.year is None else (self.year, self.year)

    def filters(self, layers: Layers) -> Filters:
        """The view's filters; the year defaults to the last of the data."""
        return Filters(year=self.year if self.year is not None else year_bounds(layers)[1],
                       mode=self.mode, countries=self.countries, groups=self.groups,
                       event_kinds=self.event_kinds, corridor_kinds=self.corridor_kinds)

    def research_selection(self, layers: Layers) -> Selection | None:
        """None for the full data, else the selection of the year and filters given."""
        filtered = (self.year is not None or self.mode != "cumulative" or self.countries
                    or self.groups or self.event_kinds or self.corridor_kinds)
        return select(layers, self.filters(layers)) if filtered else None


def default_name(fmt: str, *, filters: Filters) -> str:
    """File (or folder) name used when no ``--out`` is given."""
    names = {"html": "tda-map.html", "site": "site", "gif": f"tda-map-{filters.mode}.gif",
             "mp4": f"tda-map-{filters.mode}.mp4", "geojson": "geojson", "gpkg": GEOPACKAGE_NAME,
             "csv": "csv", "datapackage": "datapackage", "citation": "CITATION.txt",
             "all": "."}
    return names.get(fmt, f"tda-map-{filters.year}-{filters.mode}.{fmt}")


def _image(fmt: ImageFormat, layers: Layers, options: ExportOptions) -> bytes:
    authors = ", ".join(citation_authors(options.citation_path))
    return render_briefing(select(layers, options.filters(layers)), layers=layers,
                           extent=options.extent, size_px=options.image_size(animation=False),
                           dpi=options.image_dpi(animation=False), fmt=fmt,
                           title=options.title, author=authors, lang=options.lang,
                           progress=options.progress)


def _animations(formats: tuple[AnimationFormat, ...], layers: Layers,
                options: ExportOptions) -> dict[AnimationFormat, bytes]:
    return animations(layers, filters=options.filters(layers), formats=formats,
                      extent=options.extent, size_px=options.image_size(animation=True),
                      dpi=options.image_dpi(animation=True), frame_ms=options.frame_ms,
                      years=options.animation_years(), lang=options.lang,
                      progress=options.progress)


def export_files(fmt: str, *, layers: Layers, options: ExportOptions,
                 out: Path) -> dict[Path, bytes]:
    """Every file an export writes, by path, built in memory (nothing is written here)."""
    if fmt not in EXPORT_FORMATS:
        raise OptionError(f"format {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}")
    check_lang(options.lang)
    filters = options.filters(layers)
    selection = options.research_selection(layers)
    if fmt in IMAGE_FORMATS:
        return {out: _image(fmt, layers, options)}
    if fmt == "html":
        page = html_document(layers, lang=options.lang,
                             state=page_state(filters), tiles=options.tiles)
        return {out: page.encode("utf-8")}
    if fmt == "site":
        raise OptionError("the site is written by write_export (a folder, renamed into place)")
    if fmt in ANIMATION_FORMATS:
        return {out: _animations((fmt,), layers, options)[fmt]}
    if fmt == "gpkg":
        return {out: geopackage_bytes(layers, selection=selection)}
    if fmt == "citation":
        return {out: citation_text(layers, citation_path=options.citation_path).encode()}
    if fmt == "geojson":
        return {out / n: t.encode("utf-8")
                for n, t in geojson_files(layers, selection=selection).items()}
    if fmt == "csv":  # the text starts with a BOM (Excel): encode as plain UTF-8
        return {out / n: t.encode("utf-8")
                for n, t in csv_files(layers, selection=selection).items()}
    if fmt == "datapackage":
        if out.suffix.lower() == ".zip":
            return {out: datapackage_zip(layers, selection=selection,
                                         citation_path=options.citation_path)}
        return {out / p: b for p, b in datapackage_files(
            layers, selection=selection, citation_path=options.citation_path).items()}
    files: dict[Path, bytes] = {}
    for part in (*IMAGE_FORMATS, "html", "datapackage"):
        files.update(export_files(part, layers=layers, options=options,
                                  out=out / default_name(part, filters=filters)))
    moving: tuple[AnimationFormat, ...] = ("gif", "mp4") if mp4_available() else ("gif",)
    every_year = options if options.years is not None else replace(options, year=None)
    for part, data in _animations(moving, layers, every_year).items():
        files[out / default_name(part, filters=filters)] = data
    return files


def _check_target(out: Path, *, folder: bool) -> None:
    """Fail early, before any work, when `out` cannot be written."""
    if folder and out.exists() and not out.is_dir():
        raise OptionError(f"cannot write to {out}: it is a file, a folder is needed")
    if not folder and out.is_dir():
        raise OptionError(f"cannot write to {out}: it is a folder, a file name is needed")
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OptionError(f"cannot write to {out}: {parent} is not a folder")
            break


def write_export(fmt: str, *, layers: Layers, options: ExportOptions,
                 out: Path | None = None) -> dict[Path, int]:
    """Build an export and write it all-or-nothing; return the size of each file written."""
    filters = options.filters(layers)
    target = out if out is not None else Path("out") / default_name(fmt, filters=filters)
    if out is not None and fmt not in _FOLDER_FORMATS and fmt != "datapackage" \
            and out.is_dir():
        target = out / default_name(fmt, filters=filters)
    folder = fmt in _FOLDER_FORMATS or (fmt == "datapackage" and target.suffix != ".zip")
    if fmt == "site":
        check_site_target(target)  # before any work: refuse what it must not replace
    _check_target(target, folder=folder)
    if fmt == "site":
        try:
            return export_site(target, layers, state=page_state(filters), tiles=options.tiles,
                               default_lang=options.lang)
        except RefusedTargetError:
            raise
        except OSError as exc:
            raise OptionError(f"cannot write to {target}: {exc.strerror or exc}") from None
    files = export_files(fmt, layers=layers, options=options, out=target)
    for path in files:
        if path.is_dir():
            raise OptionError(f"cannot write to {path}: it is a folder")
    try:
        write_bytes_atomically(files)
    except OSError as exc:
        raise OptionError(f"cannot write to {target}: {exc.strerror or exc}") from None
    return {path: len(data) for path, data in sorted(files.items())}


def _values(items: list[str] | None, *, upper: bool = False) -> tuple[str, ...]:
    values = [v.strip() for item in items or [] for v in item.split(",") if v.strip()]
    return tuple(v.upper() if upper else v for v in values)


def parse_years(text: str) -> tuple[int, int]:
    """'2018-2022' (or a single year '2022') as (first, last); `OptionError` names --years."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-:]\s*(\d{4})\s*)?", text)
    if match is None:
        raise OptionError(f"--years {text[:40]!r}: expected FIRST-LAST, e.g. 2018-2022")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first > last:
        raise OptionError(f"--years {text[:40]!r}: the first year is after the last")
    return (first, last)


def _positive(name: str, value: int | None) -> int | None:
    if value is not None and value <= 0:
        raise OptionError(f"{name} {value}: must be a positive number")
    return value


def options_from_args(args: argparse.Namespace,
                      progress: Progress | None = None) -> ExportOptions:
    """`ExportOptions` from parsed command-line arguments (0 or less is an error, never a
    silent default)."""
    width = _positive("--width", args.width)
    height = _positive("--height", args.height)
    dpi = _positive("--dpi", args.dpi)
    animation = args.format in ("gif", "mp4")
    size = None
    if width is not None or height is not None:
        if args.aspect is not None:
            raise OptionError("--aspect cannot be combined with --width or --height")
        default = DEFAULT_ANIMATION_SIZE_PX if animation else DEFAULT_SIZE_PX
        size = (width if width is not None else default[0],
                height if height is not None else default[1])
    if args.years is not None and not animation and args.format != "all":
        raise OptionError("--years is for gif and mp4; use --year for one map")
    years = parse_years(args.years) if args.years is not None else None
    if years is not None and args.year is not None:
        raise OptionError("give --year or --years, not both")
    return ExportOptions(
        year=args.year, years=years, mode=args.mode,
        countries=_values(args.country, upper=True), groups=_values(args.group),
        event_kinds=_values(args.event_kind), corridor_kinds=_values(args.corridor_kind),
        extent=parse_extent(args.extent), size_px=size, dpi=dpi, aspect=args.aspect,
        frame_ms=args.frame_ms, tiles=not args.no_tiles, lang=check_lang(args.lang),
        title=args.title, progress=progress,
    )


class ProgressLine:
    """Progress on one line of stderr, rewritten in place (``\\r``), shown once an export
    has taken more than a second; `finish` ends the line."""

    def __init__(self, label: str, *, stream: Any = None,
                 clock: Callable[[], float] = time.perf_counter, after_s: float = 1.0) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.started = clock()
        self.after_s = after_s
        self.shown = False
        self.last = ""

    def __call__(self, fraction: float, message: str) -> None:
        if not self.shown and self.clock() - self.started < self.after_s:
            self.last = message
            return
        self.shown = True
        line = f"\r{self.label}: {min(100, max(0, round(fraction * 100))):3d}% {message}"
        self.stream.write(line.ljust(len(self.last) + 1))
        self.stream.flush()
        self.last = line

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def _run(args: argparse.Namespace) -> str:
    started = time.perf_counter()
    progress = ProgressLine(f"export {args.format}")
    options = options_from_args(args, progress=progress)
    if args.dir is not None and args.out is not None and args.dir != args.out:
        raise OptionError(f"give the output once: DIR {args.dir} or --out {args.out}")
    out = args.out if args.out is not None else args.dir
    layers = load_layers(args.layers)
    try:
        written = write_export(args.format, layers=layers, options=options, out=out)
    finally:
        progress.finish()
    seconds = time.perf_counter() - started
    lines = [f"  {path} ({size / 1024:,.1f} KB)" for path, size in written.items()]
    total = sum(written.values()) / 1024
    return (f"export {args.format}: wrote {len(written)} file(s), {total:,.1f} KB, in "
            f"{seconds:.2f} s\n" + "\n".join(lines))


def add_export_command(commands: Any) -> None:
    """Register ``export`` on the subcommands of ``python -m geo``."""
    parser = commands.add_parser(
        "export", help="export briefing images, a publishable HTML map, an animation or "
        "research data", description=__doc__)
    parser.add_argument("format", choices=EXPORT_FORMATS,
                        help="png/pdf/svg: briefing map; html: self-contained map; site: static "
                        "site folder (python -m geo export site --out DIR; replaces only a "
                        "previous site export); gif/mp4: "
                        "one frame per year; geojson/gpkg/csv/datapackage/citation: research "
                        "data; all: everything into one folder")
    parser.add_argument("dir", nargs="?", type=Path, metavar="OUT",
                        help="the same as --out (e.g. python -m geo export site --out DIR)")
    parser.add_argument("--year", type=int, help="year to show (default: the last of the "
                        "data; research exports are unfiltered unless a year or filter is given;"
                        " gif/mp4: that year's frame only)")
    parser.add_argument("--years", metavar="FIRST-LAST",
                        help="gif/mp4: the years of the frames, e.g. 2018-2022 (default: all)")
    parser.add_argument("--mode", choices=MODES, default="cumulative",
                        help="cumulative: everything up to the year; only: that year")
    parser.add_argument("--country", action="append", metavar="ISO3",
                        help="keep these countries (ISO alpha-3; repeat or separate by commas)")
    parser.add_argument("--group", action="append", help="keep these groups")
    parser.add_argument("--event-kind", action="append", help="keep these event kinds")
    parser.add_argument("--corridor-kind", action="append", help="keep these corridor kinds")
    parser.add_argument("--extent", default="data", help="'data', an ISO alpha-3 country, or "
                        "min_lon,min_lat,max_lon,max_lat (where maps open)")
    parser.add_argument("--width", type=int, help="image width in pixels (default "
                        f"{DEFAULT_SIZE_PX[0]}; animations {DEFAULT_ANIMATION_SIZE_PX[0]})")
    parser.add_argument("--height", type=int, help="image height in pixels (default "
                        f"{DEFAULT_SIZE_PX[1]}; animations {DEFAULT_ANIMATION_SIZE_PX[1]})")
    parser.add_argument("--dpi", type=int, help=f"resolution (default {DEFAULT_DPI}; "
                        f"animations {DEFAULT_ANIMATION_DPI})")
    parser.add_argument("--aspect", choices=ASPECTS,
                        help="page shape instead of --width/--height: 16:9 (video, slides), "
                        "1:1 (feeds) or 9:16 (stories); gif/mp4 1280x720, 1080x1080, "
                        "720x1280")
    parser.add_argument("--title", help="png/pdf/svg/gif/mp4: title printed on the map and "
                        "in the PDF/SVG metadata (cut to 160 characters)")
    parser.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG,
                        help="language of titles, legend, labels and footer")
    parser.add_argument("--frame-ms", type=int, default=DEFAULT_FRAME_MS,
                        help="animation: milliseconds per year")
    parser.add_argument("--no-tiles", action="store_true",
                        help="html: leave out the optional OpenStreetMap background")
    parser.add_argument("--layers", type=Path, default=config.LAYERS_DIR,
                        help="folder of built layers (default: layers/)")
    parser.add_argument("--out", type=Path, help="output file, or folder for geojson, csv, "
                        "datapackage (a .zip path gives one archive) and all (default: out/)")
    parser.set_defaults(run=_run)
