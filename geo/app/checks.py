"""Whether the app can show a layers folder: the validator's verdict, as plain problems.

The app refuses a folder that does not validate and lists every problem (file, feature id,
field, message) instead of a traceback. `layer_problems` calls the data model's validator
(`geo.data.validate.validate_layers_dir`) and then tries to read the folder; anything that
still goes wrong is reported as one problem naming the folder.
"""

from __future__ import annotations

from pathlib import Path

from geo.data import validate
from geo.data.selection import LAYER_FILES, load_layers, year_bounds
from geo.errors import DataError, GeoError, Problem

MAX_SHOWN = 20  # problems listed in the banner; the count names the rest


def layer_problems(directory: Path) -> list[Problem]:
    """Every problem of the layers folder `directory` (empty when the app can show it)."""
    if not directory.is_dir():
        return [Problem(str(directory), "-", "-", "not a folder of built layers")]
    problems = _validator_problems(directory)
    if problems:
        return sorted(set(problems))
    try:
        year_bounds(load_layers(directory))
    except DataError as exc:
        return list(exc.problems)
    except (GeoError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return [Problem(str(directory), "-", "-", f"cannot be read: {type(exc).__name__}: "
                        f"{_cut(str(exc))}")]
    return []


def _validator_problems(directory: Path) -> list[Problem]:
    check = getattr(validate, "validate_layers_dir", None)
    if check is not None:  # the contract: never raises for bad content
        found: list[Problem] = check(directory)
        return found
    # Older validator: per-file validation that raises with every problem.
    paths = [directory / f"{name}.geojson" for name in LAYER_FILES if name != "basemap"]
    try:
        validate.validate_paths(paths, sources_path=directory / "sources.json")
    except DataError as exc:
        return list(exc.problems)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return [Problem(str(directory / "sources.json"), "-", "-",
                        f"cannot be read: {type(exc).__name__}: {_cut(str(exc))}")]
    return []


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
