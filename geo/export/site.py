"""``python -m geo export site``: the static site, replacing only what an export wrote.

The site folder gets a marker file (`MARKER`) listing the files the export wrote. An
existing folder is replaced only when it is empty or holds exactly a previous export (its
marker and the files the marker lists); anything else is refused with `RefusedTargetError`
naming the folder (exit code 2): a user's file, the current folder ``.`` or one of its
parents, the repository root, a symbolic link. Nothing is ever followed out of the target.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from geo import config
from geo.data.selection import Layers
from geo.errors import RefusedTargetError
from geo.jsonio import canonical_json, replace_folder
from geo.views.leaflet.standalone import site_files

MARKER = ".tda-export.json"
_MARKER_KIND = "tda-map static site"
_SHOWN = 5


def _refuse(out: Path, why: str) -> RefusedTargetError:
    return RefusedTargetError(f"export site: will not write into {out}: {why}. Choose a new "
                              "or empty folder, e.g. --out out/site")


def _marker_files(folder: Path) -> set[str] | None:
    """The files a previous export listed in `folder`'s marker, or None (no valid marker)."""
    marker = folder / MARKER
    if marker.is_symlink() or not marker.is_file():
        return None
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    if data.get("kind") != _MARKER_KIND or not isinstance(files, list) \
            or not all(isinstance(name, str) for name in files):
        return None
    return set(files)


def check_site_target(out: Path) -> None:
    """Raise `RefusedTargetError` unless `out` is absent, empty or a previous export."""
    if out.is_symlink():
        raise _refuse(out, "it is a symbolic link (to "
                      f"{os.readlink(out)}); give the real folder")
    if not out.exists():
        return
    if not out.is_dir():
        raise _refuse(out, "it is a file")
    real = out.resolve()
    cwd, root = Path.cwd().resolve(), config.ROOT.resolve()
    whose = [what for what, folder in (("the current folder", cwd), ("the repository root", root))
             if real == folder or real in folder.parents]
    if whose:
        raise _refuse(out, f"it is {' and '.join(whose)} or one of its parents")
    entries = sorted(entry.name for entry in os.scandir(out))
    if not entries:
        return
    listed = _marker_files(out)
    if listed is None:
        shown = ", ".join(entries[:_SHOWN]) + (" …" if len(entries) > _SHOWN else "")
        raise _refuse(out, f"it is not empty and not a site this command wrote (no {MARKER}; "
                      f"it holds {len(entries)} entr{'ies' if len(entries) != 1 else 'y'}: "
                      f"{shown})")
    foreign = [name for name in entries if name != MARKER and (
        name not in listed or (out / name).is_symlink() or not (out / name).is_file())]
    if foreign:
        shown = ", ".join(foreign[:_SHOWN]) + (" …" if len(foreign) > _SHOWN else "")
        raise _refuse(out, f"it holds {len(foreign)} entr{'ies' if len(foreign) != 1 else 'y'}"
                      f" the previous export did not write: {shown}")


def export_site(out: Path, layers: Layers, *, default_lang: str,
                state: Mapping[str, Any] | None, tiles: bool) -> dict[Path, int]:
    """Write the static site into `out` (checked by `check_site_target`), all or nothing;
    return the size of each file written, the marker included."""
    check_site_target(out)
    files = site_files(layers, default_lang=default_lang, state=state, tiles=tiles)
    marker = {"kind": _MARKER_KIND, "files": sorted(files),
              "note": "written by python -m geo export site; the next export replaces "
                      "exactly these files and refuses the folder if anything else is added"}
    files[MARKER] = canonical_json(marker).encode("utf-8")
    check_site_target(out)  # again, just before the swap: the folder may have changed
    replace_folder(out, files)
    return {out / name: len(data) for name, data in sorted(files.items())}
