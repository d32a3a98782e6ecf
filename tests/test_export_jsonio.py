"""The reader and writer every export and the app use (geo.jsonio): regular files within a
size limit, strict JSON, and temporaries that concurrent runs do not remove from each other."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geo.errors import DataError
from geo.jsonio import MAX_DEPTH, parse_json, read_bytes, write_bytes_atomically


def test_a_file_over_the_limit_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "big.geojson"
    path.write_bytes(b"x" * 11)
    assert read_bytes(path, limit=11) == b"x" * 11
    with pytest.raises(DataError, match=r"big\.geojson: is 11 bytes, over the limit of 10"):
        read_bytes(path, limit=10)


def test_special_files_are_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "events.geojson"
    os.mkfifo(fifo)
    with pytest.raises(DataError, match=r"is a FIFO \(named pipe\), not a regular file"):
        read_bytes(fifo)  # returns at once: opened non-blocking, checked before reading
    with pytest.raises(DataError, match=r"is a folder, not a file"):
        read_bytes(tmp_path)


@pytest.mark.parametrize(("text", "message"), [
    (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "nested deeper than 64 levels"),
    (b'{"a": "[[[[", "b": 1, "a": 2}', "duplicate key(s) in one object: 'a'"),
    (b'{"features": [{"type": "Feature", "id": "ev-1", "properties": {"t": "\\udc00"}}]}',
     "feature 'ev-1': field 'properties.t': holds a lone surrogate escape"),
])
def test_strict_json_names_the_problem(text: bytes, message: str) -> None:
    with pytest.raises(DataError) as error:
        parse_json(text, file="f.json")
    assert message in str(error.value)


def test_strict_json_accepts_what_is_fine() -> None:
    depth = MAX_DEPTH
    assert parse_json(b"[" * depth + b"]" * depth, file="f") is not None
    assert parse_json(b'{"a": "[[[[{{{{", "b": "\\ud83d\\ude00"}', file="f") == {
        "a": "[[[[{{{{", "b": "\U0001f600"}  # brackets in strings; a surrogate pair


def test_a_run_removes_only_dead_runs_temporaries(tmp_path: Path) -> None:
    live = tmp_path / f".x.json.{os.getpid()}-abc123.tmp"  # a concurrent run (alive)
    dead = tmp_path / ".x.json.999999999-abc123.tmp"  # no such process
    legacy = tmp_path / ".x.json.k3j2.tmp"  # the old writer's name, no pid
    other = tmp_path / ".y.json.999999999-abc123.tmp"  # another target's
    for path in (live, dead, legacy, other):
        path.write_text("{", encoding="utf-8")
    write_bytes_atomically({tmp_path / "x.json": b"{}"})
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["x.json", live.name, other.name])
