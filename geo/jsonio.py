"""Canonical JSON and atomic, all-or-nothing file writes."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from geo.errors import DataError, Problem


def canonical_json(obj: Any) -> str:
    """Serialise with sorted keys, UTF-8 characters kept, one trailing newline."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def geojson_text(collection: Mapping[str, Any]) -> str:
    """Canonical GeoJSON: compact, sorted keys, one feature per line (diff-friendly)."""
    head = {k: v for k, v in collection.items() if k != "features"}
    lines = [json.dumps(f, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
             for f in collection["features"]]
    opening = json.dumps(head, ensure_ascii=False, sort_keys=True, separators=(",", ":"))[:-1]
    return opening + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


def write_files_atomically(files: Mapping[Path, str]) -> None:
    """Write UTF-8 text files all or none (see `write_bytes_atomically`)."""
    write_bytes_atomically({path: text.encode("utf-8") for path, text in files.items()})


def read_json(path: Path) -> Any:
    """Read a UTF-8 JSON file; errors name the file."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataError([Problem(str(path), "-", "-", "file not found")]) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError([Problem(str(path), "-", "-", f"malformed JSON: {exc}")]) from exc


def write_bytes_atomically(files: Mapping[Path, bytes]) -> None:
    """Write every file or none: all temporaries are written before any is renamed.

    A failure leaves the previous files untouched, no temporary behind, and removes the
    folders it had to create.
    """
    created: list[Path] = []
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in sorted(files.items()):
            missing = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
            target.parent.mkdir(parents=True, exist_ok=True)
            created += [p for p in reversed(missing) if p not in created]
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                        dir=target.parent)
            staged.append((Path(name), target))
            os.fchmod(fd, 0o644)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        for folder in sorted(created, key=lambda p: len(p.parts), reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        raise
    for tmp, target in staged:
        os.replace(tmp, target)


_HTML_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                "\u2029": "\\u2029"}


def html_safe_json(obj: Any) -> str:
    """Compact, sorted JSON that is safe inside any HTML ``<script>`` element or attribute
    context: ``<``, ``>``, ``&``, U+2028 and U+2029 are escaped (the one encoder for pages)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    for char, code in _HTML_UNSAFE.items():
        text = text.replace(char, code)
    return text
