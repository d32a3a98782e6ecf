"""The options of a briefing image: formats, sizes, resolution, and their checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from geo.errors import OptionError

ImageFormat = Literal["png", "pdf", "svg"]
IMAGE_FORMATS: tuple[ImageFormat, ...] = ("png", "pdf", "svg")
Progress = Callable[[float, str], None]
DEFAULT_SIZE_PX = (3000, 2000)
"""The stated size: 3000 x 2000 px at 300 dpi is a 720 x 480 pt page."""
DEFAULT_DPI = 300
# Page shapes (width:height) and the size of a still image in each.
ASPECTS: tuple[str, ...] = ("16:9", "1:1", "9:16")
STILL_SIZES_PX: dict[str, tuple[int, int]] = {"16:9": (3200, 1800), "1:1": (2400, 2400),
                                              "9:16": (1800, 3200)}
SIZE_LIMITS_PX = (320, 12_000)
DPI_LIMITS = (50, 1200)
MAX_PIXELS = 60_000_000
DEFAULT_AUTHOR = "Tren de Aragua map contributors"


def check_image_options(*, size_px: tuple[int, int], dpi: int, fmt: str = "png") -> None:
    """Raise `OptionError` naming a bad size, dpi or format (as the CLI spells them)."""
    low, high = SIZE_LIMITS_PX
    problems = []
    if fmt not in IMAGE_FORMATS:
        problems.append(f"format {fmt!r} is not one of {', '.join(IMAGE_FORMATS)}")
    for name, value in zip(("--width", "--height"), size_px, strict=True):
        if not low <= value <= high:
            problems.append(f"{name} {value} px is outside {low}-{high} px")
    if size_px[0] * size_px[1] > MAX_PIXELS:
        problems.append(f"size {size_px[0]}x{size_px[1]} px exceeds {MAX_PIXELS:,} pixels")
    if not DPI_LIMITS[0] <= dpi <= DPI_LIMITS[1]:
        problems.append(f"--dpi {dpi} is outside {DPI_LIMITS[0]}-{DPI_LIMITS[1]}")
    if problems:
        raise OptionError("; ".join(problems))


def size_for_aspect(aspect: str, *, sizes: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """Pixel size of a page shape ('16:9', '1:1', '9:16'); `OptionError` names a bad one."""
    if aspect not in sizes:
        raise OptionError(f"--aspect {aspect[:40]!r} is not one of {', '.join(sizes)}")
    return sizes[aspect]
