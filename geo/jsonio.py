"""Canonical JSON, strict JSON reading and atomic, all-or-nothing writes of files and folders."""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from geo.errors import DataError, OptionError, Problem


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


def _no_constants(name: str) -> Any:
    raise OptionError(f"{name} is not a JSON number (RFC 8259 has no NaN or Infinity)")


def parse_json(data: bytes, *, file: str) -> Any:
    """Parse strict UTF-8 JSON (no NaN/Infinity); raise `DataError` naming `file`."""
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_no_constants)
    except UnicodeDecodeError as exc:
        raise DataError([Problem(file, "-", "-", f"not UTF-8 text: {exc}")]) from None
    except json.JSONDecodeError as exc:
        raise DataError([Problem(file, "-", "-", f"malformed JSON: {exc}")]) from None
    except ValueError as exc:
        raise DataError([Problem(file, "-", "-", f"malformed JSON: {exc}")]) from None


def read_bytes(path: Path, *, dir_fd: int | None = None) -> bytes:
    """Read a file (relative to `dir_fd` when given); raise `DataError` naming it."""
    try:
        fd = os.open(path, os.O_RDONLY, dir_fd=dir_fd)
        with os.fdopen(fd, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise DataError([Problem(str(path), "-", "-", "file not found")]) from None
    except IsADirectoryError:
        raise DataError([Problem(str(path), "-", "-", "is a folder, not a file")]) from None
    except OSError as exc:
        raise DataError([Problem(str(path), "-", "-", f"cannot read: {exc.strerror}")]) from None


def read_json(path: Path) -> Any:
    """Read a strict UTF-8 JSON file; every error is a `DataError` naming the file."""
    return parse_json(read_bytes(path), file=str(path))


def write_bytes_atomically(files: Mapping[Path, bytes]) -> None:
    """Write every file or none: all temporaries are written before any is renamed.

    A failure leaves the previous files untouched, no temporary behind, and removes the
    folders it had to create. Temporaries of the same targets that a killed run left are
    removed first.
    """
    for target in sorted(files):
        if target.parent.is_dir():
            for stale in target.parent.glob(f".{target.name}.*.tmp"):
                stale.unlink(missing_ok=True)
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


# -- whole folders ------------------------------------------------------------------------------
# A folder is replaced by writing a complete staging folder beside it and exchanging the two
# with ONE rename (Linux renameat2(RENAME_EXCHANGE)): a reader or a crash sees the old folder or
# the new one, never a mix. Staging and retired folders are named ``.<name>.<random>.staging``
# beside the target; any such leftover of a killed run is removed by the next run.
# Why not versioned folders plus a pointer (a symlink swapped by rename): layers/ is a plain,
# git-tracked folder that the app, the exports and users open by path; a symlink would put a
# pointer and per-build folders into the repository (and does not check out on every OS),
# while the exchange keeps the path, the layout and `git diff` exactly as they were.
# Where renameat2 is missing (not Linux, or a filesystem without RENAME_EXCHANGE) two renames
# are used; a cut between them is repaired by the next run (see `_swap_in_two_renames`).
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def staging_leftovers(target: Path) -> list[Path]:
    """Staging or retired folders that an interrupted `replace_folder` left beside `target`."""
    if not target.parent.is_dir():
        return []
    return sorted(target.parent.glob(f".{target.name}.*.staging"))


def _exchange(a: Path, b: Path) -> None:
    """Swap two paths atomically (one syscall); raise `OSError` where unsupported."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a))


def _swap_in_two_renames(staging: Path, target: Path) -> Path:
    """Fallback where the exchange is unsupported; return where the old folder went.

    A crash between the two renames leaves no `target` but a ``.old.staging`` folder, which
    the next `replace_folder` renames back before doing anything else.
    """
    retired = staging.with_name(staging.name.removesuffix(".staging") + ".old.staging")
    os.rename(target, retired)
    os.rename(staging, target)
    return retired


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_folder(target: Path, files: Mapping[str, bytes], *, keep: Iterable[str] = ()) -> None:
    """Make `target` a folder holding exactly `files` (name -> bytes), all or nothing.

    Files named in `keep` that exist in the old folder (e.g. a licence) are copied over. The new
    folder is written and fsynced completely beside `target`, then swapped in by one atomic
    exchange; the old folder is then deleted. Leftovers of an interrupted run are removed first.
    """
    if target.exists() and not target.is_dir():
        raise DataError([Problem(str(target), "-", "-", "exists and is not a folder")])
    for leftover in staging_leftovers(target):
        if leftover.name.endswith(".old.staging") and not target.exists():
            os.rename(leftover, target)  # the fallback below was cut between its two renames
        else:
            shutil.rmtree(leftover)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".staging",
                                    dir=target.parent))
    try:
        os.chmod(staging, 0o755)
        contents = dict(files)
        for name in sorted(set(keep) - set(contents)):
            if (target / name).is_file():
                contents[name] = (target / name).read_bytes()
        for name, data in sorted(contents.items()):
            with (staging / name).open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(staging / name, 0o644)
        _fsync_dir(staging)
        if target.exists():
            try:
                _exchange(staging, target)  # the one rename: old or new, never a mix
            except OSError as exc:
                if exc.errno not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
                    raise
                staging = _swap_in_two_renames(staging, target)
        else:
            os.rename(staging, target)
        _fsync_dir(target.parent)
    except BaseException:
        if staging.exists():
            shutil.rmtree(staging)
        raise
    if staging.exists():
        shutil.rmtree(staging)  # the retired old folder

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
