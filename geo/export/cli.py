"""``python -m geo export FORMAT``: briefing images, publishable HTML, animations, research data.

Everything is built in memory first and then written all-or-nothing
(`geo._io.write_bytes_atomically`): a bad option or an unwritable path leaves no file behind.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo import config
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
from geo.errors import OptionError
from geo.export.research import (
    GEOPACKAGE_NAME,
    citation_text,
    csv_files,
    datapackage_files,
    datapackage_zip,
    geojson_files,
    geopackage_bytes,
)
from geo.jsonio import write_bytes_atomically
from geo.views.leaflet.standalone import html_document, map_state, write_site
from geo.views.print.animation import (
    ANIMATION_FORMATS,
    DEFAULT_ANIMATION_DPI,
    DEFAULT_ANIMATION_SIZE_PX,
    DEFAULT_FRAME_MS,
    AnimationFormat,
    animations,
    mp4_available,
)
from geo.views.print.render import (
    DEFAULT_DPI,
    DEFAULT_SIZE_PX,
    IMAGE_FORMATS,
    Extent,
    ImageFormat,
    parse_extent,
    render_briefing,
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
    mode: Mode = "cumulative"
    countries: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    event_kinds: tuple[str, ...] = ()
    corridor_kinds: tuple[str, ...] = ()
    extent: Extent = "data"
    size_px: tuple[int, int] | None = None
    dpi: int | None = None
    frame_ms: int = DEFAULT_FRAME_MS
    tiles: bool = True
    citation_path: Path = field(default=config.ROOT / "CITATION.cff")

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
    return render_briefing(select(layers, options.filters(layers)), layers=layers,
                           extent=options.extent, size_px=options.size_px or DEFAULT_SIZE_PX,
                           dpi=options.dpi or DEFAULT_DPI, fmt=fmt)


def _animations(formats: tuple[AnimationFormat, ...], layers: Layers,
                options: ExportOptions) -> dict[AnimationFormat, bytes]:
    return animations(layers, filters=options.filters(layers), formats=formats,
                      extent=options.extent, size_px=options.size_px or DEFAULT_ANIMATION_SIZE_PX,
                      dpi=options.dpi or DEFAULT_ANIMATION_DPI, frame_ms=options.frame_ms)


def export_files(fmt: str, *, layers: Layers, options: ExportOptions,
                 out: Path) -> dict[Path, bytes]:
    """Every file an export writes, by path, built in memory (nothing is written here)."""
    if fmt not in EXPORT_FORMATS:
        raise OptionError(f"format {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}")
    filters = options.filters(layers)
    selection = options.research_selection(layers)
    if fmt in IMAGE_FORMATS:
        return {out: _image(fmt, layers, options)}
    if fmt == "html":
        page = html_document(layers, lang=getattr(options, "lang", "en"),
                             state=map_state(filters), tiles=options.tiles)
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
    if fmt == "csv":
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
    for part, data in _animations(moving, layers, options).items():
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
    _check_target(target, folder=folder)
    if fmt == "site":
        try:
            written = write_site(target, layers, state=map_state(filters), tiles=options.tiles,
                                 default_lang=getattr(options, "lang", "en"))
        except OSError as exc:
            raise OptionError(f"cannot write to {target}: {exc.strerror or exc}") from None
        return {path: path.stat().st_size for path in written}
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


def options_from_args(args: argparse.Namespace) -> ExportOptions:
    """`ExportOptions` from parsed command-line arguments."""
    size = None
    if args.width is not None or args.height is not None:
        default = DEFAULT_ANIMATION_SIZE_PX if args.format in ("gif", "mp4") \
            else DEFAULT_SIZE_PX
        size = (args.width or default[0], args.height or default[1])
    return ExportOptions(
        year=args.year, mode=args.mode, countries=_values(args.country, upper=True),
        groups=_values(args.group), event_kinds=_values(args.event_kind),
        corridor_kinds=_values(args.corridor_kind), extent=parse_extent(args.extent),
        size_px=size, dpi=args.dpi, frame_ms=args.frame_ms, tiles=not args.no_tiles,
    )


def _run(args: argparse.Namespace) -> str:
    started = time.perf_counter()
    layers = load_layers(args.layers)
    written = write_export(args.format, layers=layers, options=options_from_args(args),
                           out=args.out)
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
                        "site folder (index.html + hashed assets); gif/mp4: "
                        "one frame per year; geojson/gpkg/csv/datapackage/citation: research "
                        "data; all: everything into one folder")
    parser.add_argument("--year", type=int, help="year to show (default: the last of the "
                        "data; research exports are unfiltered unless a year or filter is given)")
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
    parser.add_argument("--frame-ms", type=int, default=DEFAULT_FRAME_MS,
                        help="animation: milliseconds per year")
    parser.add_argument("--no-tiles", action="store_true",
                        help="html: leave out the optional OpenStreetMap background")
    parser.add_argument("--layers", type=Path, default=config.LAYERS_DIR,
                        help="folder of built layers (default: layers/)")
    parser.add_argument("--out", type=Path, help="output file, or folder for geojson, csv, "
                        "datapackage (a .zip path gives one archive) and all (default: out/)")
    parser.set_defaults(run=_run)
