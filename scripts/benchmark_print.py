"""Print export times (figures printed, not a timed test): PNG, PDF, SVG of 2022 at the default
3000 x 2000 px / 300 dpi, GIF of every year per page shape, MP4 16:9.

    PYTHONPATH=$PWD python scripts/benchmark_print.py [--out tests/artifacts] [--lang es]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from geo.data.selection import Filters, load_layers, select
from geo.i18n import LANGS
from geo.views.print.animation import AnimationFormat, animation_size, animations
from geo.views.print.render import ASPECTS, IMAGE_FORMATS, render_briefing


def main() -> None:
    """Render each export once and print its time and size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, help="also write the files into this folder")
    parser.add_argument("--lang", choices=LANGS, default="en", help="language of the text")
    args = parser.parse_args()
    layers = load_layers()
    selection = select(layers, Filters(year=2022))
    rows: list[tuple[str, float, int]] = []

    def keep(name: str, data: bytes, seconds: float) -> None:
        rows.append((name, seconds, len(data)))
        if args.out is not None:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / name).write_bytes(data)

    for fmt in IMAGE_FORMATS:
        started = time.perf_counter()
        data = render_briefing(selection, layers=layers, fmt=fmt, lang=args.lang)
        keep(f"briefing-2022.{fmt}", data, time.perf_counter() - started)
    for aspect in ASPECTS:
        formats: tuple[AnimationFormat, ...] = ("gif", "mp4") if aspect == "16:9" else ("gif",)
        started = time.perf_counter()
        encoded = animations(layers, filters=Filters(year=2025), formats=formats,
                             size_px=animation_size(aspect), lang=args.lang)
        seconds = time.perf_counter() - started
        for moving, data in encoded.items():
            label = "gif+mp4" if len(formats) == 2 else moving
            keep(f"anim-{aspect.replace(':', 'x')}.{moving}", data, seconds)
            if moving == "gif":
                rows[-1] = (f"{rows[-1][0]} ({label}, frames rendered once)", *rows[-1][1:])
    print(f"{'export':<52} {'seconds':>8} {'KB':>8}")
    for name, seconds, size in rows:
        print(f"{name:<52} {seconds:8.2f} {size / 1024:8.1f}")


if __name__ == "__main__":
    main()
