"""Animations: one briefing map per year, with the year written large.

Frames come in three page shapes (`ASPECTS`: 16:9, 1:1, 9:16) and cover every year of the
data or a range of them (`years`). Every frame shares one extent, one source line and one
legend (those of the whole range), so nothing on the page moves but the map's content; GIF
frames share one palette too (no flicker between years). MP4 uses the ffmpeg binary
shipped in the ``imageio-ffmpeg`` wheel, run with bit-exact flags so the same inputs give
the same bytes.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Literal

import imageio_ffmpeg
from PIL import Image

from geo import style
from geo.data.credits import selection_source_ids
from geo.data.extent import Extent, extent_bbox
from geo.data.selection import Filters, Layers, select, year_bounds
from geo.errors import GeoError, OptionError
from geo.i18n import N_, check_lang, gettext
from geo.style import palette as style_palette
from geo.style.legend import LegendSection
from geo.views.print.render import (
    ASPECTS,
    Progress,
    check_image_options,
    render_briefing,
    size_for_aspect,
)

AnimationFormat = Literal["gif", "mp4"]
ANIMATION_FORMATS: tuple[AnimationFormat, ...] = ("gif", "mp4")
DEFAULT_ANIMATION_SIZE_PX = (1200, 800)
# Frame size of each page shape: 16:9 (video, slides), 1:1 (feeds), 9:16 (stories).
ANIMATION_SIZES_PX: dict[str, tuple[int, int]] = {"16:9": (1280, 720), "1:1": (1080, 1080),
                                                  "9:16": (720, 1280)}
assert tuple(ANIMATION_SIZES_PX) == ASPECTS
DEFAULT_ANIMATION_DPI = 100
DEFAULT_FRAME_MS = 900
FRAME_MS_LIMITS = (100, 10_000)


class VideoError(GeoError):
    """The video encoder is missing or failed."""


def animation_years(layers: Layers, *, years: tuple[int, int] | None = None) -> list[int]:
    """One frame per year: every year of the data, or those of `years` (first, last).

    `OptionError` names a range that is reversed or outside the data's years.
    """
    first, last = year_bounds(layers)
    if years is None:
        return list(range(first, last + 1))
    low, high = years
    if not (first <= low <= high <= last):
        raise OptionError(f"--years {low}-{high}: expected first <= last within the data's "
                          f"years {first}-{last}")
    return list(range(low, high + 1))


def animation_size(aspect: str) -> tuple[int, int]:
    """Frame size in pixels of a page shape ('16:9', '1:1', '9:16')."""
    return size_for_aspect(aspect, sizes=ANIMATION_SIZES_PX)


def animation_frames(layers: Layers, *, filters: Filters, extent: Extent = "data",
                     size_px: tuple[int, int] = DEFAULT_ANIMATION_SIZE_PX,
                     dpi: int = DEFAULT_ANIMATION_DPI, years: tuple[int, int] | None = None,
                     lang: str = "en",
                     progress: Progress | None = None) -> list[Image.Image]:
    """RGB frames, one per year of `years` (default: all); `filters.year` is ignored, its
    mode and filters kept. Extent, sources and legend are those of the whole range."""
    check_lang(lang)
    check_image_options(size_px=size_px, dpi=dpi)
    frame_years = animation_years(layers, years=years)
    # Everything drawn in any frame: the map does not jump and the legend does not change.
    everything = select(layers, replace(filters, year=frame_years[-1], mode="cumulative"))
    bbox = extent_bbox(extent, layers=layers, selection=everything)
    cited = selection_source_ids(everything)
    legend = frames_legend(layers, filters=filters, years=frame_years, lang=lang)
    frames = []
    step = gettext(N_("frame {index} of {count} ({year})"), lang=lang)
    for index, year in enumerate(frame_years):
        if progress is not None:
            progress(index / len(frame_years),
                     step.format(index=index + 1, count=len(frame_years), year=year))
        png = render_briefing(select(layers, replace(filters, year=year)), layers=layers,
                              extent=bbox, size_px=size_px, dpi=dpi, big_year=True,
                              source_ids=cited, legend=legend, lang=lang)
        with Image.open(io.BytesIO(png)) as image:
            frames.append(image.convert("RGB"))
    return frames


def _check_frame_ms(frame_ms: int) -> None:
    low, high = FRAME_MS_LIMITS
    if not low <= frame_ms <= high:
        raise OptionError(f"frame duration {frame_ms} ms is outside {low}-{high} ms")


def frames_legend(layers: Layers, *, filters: Filters, years: list[int],
                  lang: str) -> list[LegendSection]:
    """The legend of a whole range of frames: every row any frame needs, in one legend."""
    presence_years = style.presence_years(layers)
    ids = {row_id for year in years
           for _, _, row_id in style.legend_rows(style.legend_for(
               select(layers, replace(filters, year=year)), lang=lang,
               presence_years=presence_years, paper=True))}
    return style.rows_for_ids(ids, lang=lang, presence_years=presence_years, paper=True)


def _shared_palette(frames: list[Image.Image]) -> Image.Image:
    """One palette for every frame: the exact style colours, then an adaptive remainder."""
    fixed = list(style_palette.all_colors())
    rgb = [int(h[i:i + 2], 16) for h in fixed for i in (1, 3, 5)]
    width, height = frames[0].size
    strip = Image.new("RGB", (width, height * len(frames)))
    for i, frame in enumerate(frames):
        strip.paste(frame, (0, i * height))
    adaptive = strip.quantize(colors=256 - len(fixed), method=Image.Quantize.MEDIANCUT,
                              dither=Image.Dither.NONE).getpalette() or []
    palette = Image.new("P", (1, 1))
    palette.putpalette((rgb + adaptive)[:768])
    return palette


def _indexed(frame: Image.Image, palette: Image.Image) -> Image.Image:
    """`frame` on `palette` by exact nearest colour (Pillow's own lookup works on reduced
    precision and can move a style colour to a neighbour)."""
    import numpy as np  # noqa: PLC0415 (matplotlib's dependency; only when writing a GIF)

    entries = np.asarray(palette.getpalette() or [], dtype=np.int32).reshape(-1, 3)
    pixels = np.asarray(frame.convert("RGB"), dtype=np.int32)
    colours, inverse = np.unique(pixels.reshape(-1, 3), axis=0, return_inverse=True)
    distance = ((colours[:, None, :] - entries[None, :, :]) ** 2).sum(axis=2)
    nearest = distance.argmin(axis=1).astype(np.uint8)
    indexed = Image.fromarray(nearest[inverse.reshape(-1)].reshape(pixels.shape[:2]), "P")
    indexed.putpalette(palette.getpalette() or [])
    return indexed


def _gif(frames: list[Image.Image], *, frame_ms: int) -> bytes:
    palette = _shared_palette(frames)
    indexed = [_indexed(f, palette) for f in frames]
    durations = [frame_ms] * (len(indexed) - 1) + [frame_ms * 3]
    buffer = io.BytesIO()
    indexed[0].save(buffer, format="GIF", save_all=True, append_images=indexed[1:],
                    duration=durations, loop=0, optimize=False, disposal=1)
    return buffer.getvalue()


def mp4_available() -> bool:
    """Whether the ffmpeg binary of ``imageio-ffmpeg`` can be found."""
    try:
        _ffmpeg()
    except VideoError:
        return False
    return True


def _ffmpeg() -> str:
    try:
        exe: str = imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError as exc:
        raise VideoError(f"mp4: no ffmpeg binary found: {exc}") from None
    return exe


def _mp4(frames: list[Image.Image], *, frame_ms: int, exe: str) -> bytes:
    width, height = frames[0].size
    held = [*frames, frames[-1], frames[-1]]  # hold the last year, as the GIF does
    raw = b"".join(f.tobytes() for f in held)
    with tempfile.TemporaryDirectory(prefix="tda-mp4-") as folder:
        target = Path(folder) / "out.mp4"
        command = [
            exe, "-hide_banner", "-loglevel", "error", "-nostdin",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}",
            "-framerate", f"1000/{frame_ms}", "-i", "pipe:0",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "medium", "-crf", "20",
            "-threads", "1", "-map_metadata", "-1", "-fflags", "+bitexact",
            "-flags:v", "+bitexact", "-movflags", "+faststart", str(target),
        ]
        result = subprocess.run(command, input=raw, capture_output=True, check=False)
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip()
            raise VideoError(f"ffmpeg failed ({result.returncode}): {message}")
        return target.read_bytes()


def animations(layers: Layers, *, filters: Filters,
               formats: Sequence[AnimationFormat] = ("gif",), extent: Extent = "data",
               size_px: tuple[int, int] = DEFAULT_ANIMATION_SIZE_PX,
               dpi: int = DEFAULT_ANIMATION_DPI, frame_ms: int = DEFAULT_FRAME_MS,
               years: tuple[int, int] | None = None, lang: str = "en",
               progress: Progress | None = None) -> dict[AnimationFormat, bytes]:
    """GIF and/or MP4 of the same frames, rendered once; options are checked first.

    `progress(fraction, message)` is called before each frame and each encoding.
    """
    _check_frame_ms(frame_ms)
    unknown = [f for f in formats if f not in ANIMATION_FORMATS]
    if unknown:
        raise OptionError(f"animation format(s) {', '.join(map(repr, unknown))} not one of "
                          f"{', '.join(ANIMATION_FORMATS)}")
    exe = ""
    if "mp4" in formats:
        if size_px[0] % 2 or size_px[1] % 2:
            raise OptionError(f"mp4 needs an even width and height, got "
                              f"{size_px[0]}x{size_px[1]}")
        exe = _ffmpeg()
    render_share = 0.85
    frames = animation_frames(
        layers, filters=filters, extent=extent, size_px=size_px, dpi=dpi, years=years,
        lang=lang, progress=None if progress is None else
        (lambda f, m: progress(f * render_share, m)))
    encoded: dict[AnimationFormat, bytes] = {}
    for index, fmt in enumerate(formats):
        if progress is not None:
            progress(render_share + (1 - render_share) * index / len(formats),
                     gettext(N_("encoding {format}"), lang=lang).format(format=fmt.upper()))
        encoded[fmt] = (_gif(frames, frame_ms=frame_ms) if fmt == "gif"
                        else _mp4(frames, frame_ms=frame_ms, exe=exe))
    if progress is not None:
        progress(1.0, gettext(N_("done"), lang=lang))
    return encoded


def animation_gif(layers: Layers, *, filters: Filters, extent: Extent = "data",
                  size_px: tuple[int, int] = DEFAULT_ANIMATION_SIZE_PX,
                  dpi: int = DEFAULT_ANIMATION_DPI, frame_ms: int = DEFAULT_FRAME_MS,
                  years: tuple[int, int] | None = None, lang: str = "en",
                  progress: Progress | None = None) -> bytes:
    """Looping GIF, one frame per year; the last frame is held three times as long."""
    return animations(layers, filters=filters, formats=("gif",), extent=extent,
                      size_px=size_px, dpi=dpi, frame_ms=frame_ms, years=years, lang=lang,
                      progress=progress)["gif"]


def animation_mp4(layers: Layers, *, filters: Filters, extent: Extent = "data",
                  size_px: tuple[int, int] = DEFAULT_ANIMATION_SIZE_PX,
                  dpi: int = DEFAULT_ANIMATION_DPI, frame_ms: int = DEFAULT_FRAME_MS,
                  years: tuple[int, int] | None = None, lang: str = "en",
                  progress: Progress | None = None) -> bytes:
    """H.264 MP4 (yuv420p: plays in browsers and slide software), one frame per year and
    the last held for two more."""
    return animations(layers, filters=filters, formats=("mp4",), extent=extent,
                      size_px=size_px, dpi=dpi, frame_ms=frame_ms, years=years, lang=lang,
                      progress=progress)["mp4"]
