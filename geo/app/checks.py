"""Whether the app can show a layers folder: the validator's verdict, as plain problems.

The app refuses a folder that does not validate and lists every problem (file, feature id,
field, message) instead of a traceback. `read_folder` reads the folder once with the data
model's loader, which validates as it reads (`geo.data.validate.read_layers_dir`); anything
else that goes wrong is reported as one problem naming the folder.
"""

from __future__ import annotations

from pathlib import Path

from geo.data.selection import Layers, load_layers, year_bounds
from geo.errors import DataError, GeoError, Problem

MAX_SHOWN = 20  # problems listed in the banner; the count names the rest


def read_folder(directory: Path) -> tuple[Layers | None, list[Problem]]:
    """The layers of `directory` and no problem, or None and every problem (one read: the
    loader validates as it reads)."""
    if not directory.is_dir():
        return None, [Problem(str(directory), "-", "-", "not a folder of built layers")]
    try:
        layers = load_layers(directory)
        year_bounds(layers)
    except DataError as exc:
        return None, sorted(set(exc.problems))
    except (GeoError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return None, [Problem(str(directory), "-", "-", f"cannot be read: "
                              f"{type(exc).__name__}: {_cut(str(exc))}")]
    return layers, []


def _cut(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


BANNER = ("The layers folder cannot be shown: {count} found (listed below; check them with "
          "python -m geo validate).")


def banner(problems: list[Problem]) -> str:
    """The refusal banner's headline (constant text and a count: no layer text)."""
    count = len(problems)
    return BANNER.format(count=f"{count} problem{'s' if count != 1 else ''}")


def problem_lines(directory: Path, problems: list[Problem]) -> str:
    """The folder, then the first `MAX_SHOWN` problems (file, feature id, field, message),
    one a line: plain text, shown as such (never Markdown)."""
    lines = [f"Folder: {directory}"] + [f"- {_cut(str(p))}" for p in problems[:MAX_SHOWN]]
    if len(problems) > MAX_SHOWN:
        lines.append(f"- … and {len(problems) - MAX_SHOWN} more")
    return "\n".join(lines)
