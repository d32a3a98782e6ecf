"""Canonical JSON, strict JSON reading and atomic, all-or-nothing writes of files and folders."""

from __future__ import annotations

import ctypes
import errno
import glob
import json
import os
import re
import shutil
import stat
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


MAX_FILE_BYTES = 256 * 1024 * 1024  # the largest file read: 256 MB (docs/bad-input.md)
MAX_DEPTH = 64  # the deepest nesting of arrays and objects read (GeoJSON needs about 8)
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_INNERMOST = re.compile(rb"\[\]|\{\}")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _too_deep(data: bytes, *, limit: int) -> bool:
    """Whether arrays/objects nest deeper than `limit` (strings ignored; one level of
    innermost brackets is stripped per round, so no recursion and at most `limit` rounds)."""
    brackets = _STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    for _ in range(limit):
        if not brackets:
            return False
        stripped = _INNERMOST.sub(b"", brackets)
        if stripped == brackets:
            return False  # unbalanced: the parser names the error
        brackets = stripped
    return bool(brackets)


class _DuplicateKeyError(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        keys = [k for k, _ in pairs]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        raise _DuplicateKeyError(", ".join(repr(k[:60]) for k in twice[:5]))
    return obj


def _lone_surrogates(obj: Any, *, file: str) -> list[Problem]:
    """Every string holding a lone surrogate (not Unicode text: it cannot be written as
    UTF-8), named by feature id and field path."""
    problems: list[Problem] = []
    stack: list[tuple[Any, str, str]] = [(obj, "-", "")]
    while stack:
        value, feature, where = stack.pop()
        if isinstance(value, dict):
            if value.get("type") == "Feature":
                props = value.get("properties")
                ident = value.get("id", props.get("id") if isinstance(props, dict) else None)
                feature = str(ident)[:60] if isinstance(ident, (str, int)) else feature
                where = ""
            for key, item in value.items():
                stack.append((key, feature, f"{where}.{key}(name)".lstrip(".")))
                stack.append((item, feature, f"{where}.{key}".lstrip(".")))
        elif isinstance(value, list):
            stack.extend((item, feature, f"{where}[{i}]") for i, item in enumerate(value))
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                problems.append(Problem(file, feature, where or "-", "holds a lone surrogate "
                                        "escape (e.g. \\ud800): not Unicode text"))
    return problems


def parse_json(data: bytes, *, file: str) -> Any:
    """Parse strict UTF-8 JSON; raise `DataError` naming `file`.

    Refused: NaN/Infinity, duplicate keys in an object, nesting deeper than `MAX_DEPTH`,
    lone surrogate escapes (named by feature id and field).
    """
    if _too_deep(data, limit=MAX_DEPTH):
        raise DataError([Problem(file, "-", "-", f"arrays or objects nested deeper than "
                                 f"{MAX_DEPTH} levels")])
    try:
        obj = json.loads(data.decode("utf-8"), parse_constant=_no_constants,
                         object_pairs_hook=_unique_keys)
    except UnicodeDecodeError as exc:
        raise DataError([Problem(file, "-", "-", f"not UTF-8 text: {exc}")]) from None
    except _DuplicateKeyError as exc:
        raise DataError([Problem(file, "-", "-", f"duplicate key(s) in one object: {exc} "
                                 "(which value is meant is ambiguous)")]) from None
    except RecursionError:
        raise DataError([Problem(file, "-", "-", f"arrays or objects nested deeper than "
                                 f"{MAX_DEPTH} levels")]) from None
    except json.JSONDecodeError as exc:
        raise DataError([Problem(file, "-", "-", f"malformed JSON: {exc}")]) from None
    except ValueError as exc:
        raise DataError([Problem(file, "-", "-", f"malformed JSON: {exc}")]) from None
    if _SURROGATE_ESCAPE.search(data) and (problems := _lone_surrogates(obj, file=file)):
        raise DataError(problems)
    return obj


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISDIR, "a folder"))
_FOLDER_MESSAGE = "is a folder, not a file"


def read_bytes(path: Path, *, dir_fd: int | None = None, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a regular file of at most `limit` bytes (relative to `dir_fd` when given).

    Opened without blocking (a FIFO cannot hang the reader) and checked with fstat: a
    FIFO, device, socket or folder, or a file over the limit, raises `DataError` naming it.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK, dir_fd=dir_fd)
    except FileNotFoundError:
        raise DataError([Problem(str(path), "-", "-", "file not found")]) from None
    except OSError as exc:
        raise DataError([Problem(str(path), "-", "-", f"cannot read: {exc.strerror}")]) from None
    try:
        info = os.fstat(fd)
        for test, kind in _KINDS:
            if test(info.st_mode):
                message = (_FOLDER_MESSAGE if test is stat.S_ISDIR
                           else f"is {kind}, not a regular file")
                raise DataError([Problem(str(path), "-", "-", message)])
        if info.st_size > limit:
            raise DataError([Problem(str(path), "-", "-", f"is {info.st_size:,} bytes, "
                                     f"over the limit of {limit:,}")])
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise DataError([Problem(str(path), "-", "-",
                                 f"cannot read: {exc.strerror}")]) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise DataError([Problem(str(path), "-", "-", f"grew over the limit of {limit:,} "
                                 "bytes while read")])
    return data


def read_json(path: Path) -> Any:
    """Read a strict UTF-8 JSON file; every error is a `DataError` naming the file."""
    return parse_json(read_bytes(path), file=str(path))


_RUN_TAG = re.compile(r"\.([0-9]+)-[a-z0-9_]+\.(?:old\.)?(?:tmp|staging)")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def _left_by_dead_run(leftover: Path, *, target: Path) -> bool:
    """Whether `leftover` (``.NAME.<pid>-<random>.tmp`` or ``.staging``) belongs to a run
    that is gone: its process is dead, or it predates the pid in the name."""
    match = _RUN_TAG.search(leftover.name, len(target.name) + 1)
    return match is None or not _alive(int(match[1]))


def _remove_dead_temporaries(target: Path) -> None:
    """Remove temporaries of `target` that a killed run left; those of a live run (a
    concurrent export) are left alone."""
    for stale in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        if _left_by_dead_run(stale, target=target):
            stale.unlink(missing_ok=True)


def write_bytes_atomically(files: Mapping[Path, bytes]) -> None:
    """Write every file or none: all temporaries are written before any is renamed.

    A failure leaves the previous files untouched, no temporary behind, and removes the
    folders it had to create. Temporaries are named ``.NAME.<pid>-<random>.tmp``: a run
    removes its own, and those of the same targets whose process is dead (a killed run);
    never a concurrent run's.
    """
    for target in sorted(files):
        if target.parent.is_dir():
            _remove_dead_temporaries(target)
    created: list[Path] = []
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in sorted(files.items()):
            missing = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
            target.parent.mkdir(parents=True, exist_ok=True)
            created += [p for p in reversed(missing) if p not in created]
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}-",
                                        suffix=".tmp", dir=target.parent)
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
# the new one, never a mix. Staging and retired folders are named ``.<name>.<pid>-<random>.staging``
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
    """Staging or retired folders that an interrupted `replace_folder` left beside `target`
    (a live concurrent run's are not leftovers)."""
    if not target.parent.is_dir():
        return []
    return sorted(p for p in target.parent.glob(f".{glob.escape(target.name)}.*.staging")
                  if _left_by_dead_run(p, target=target))


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
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}-", suffix=".staging",
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
