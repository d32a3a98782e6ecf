"""The build replaces layers/ as a whole: killed at any rename, the folder is the old build or
the new one, never a mix; the next build removes what the killed one left.

The kill is real: strace's fault injection sends SIGKILL to ``python -m geo build`` on entry to
its Nth call of each rename syscall (strace counts per syscall; every N until the build
completes), and on its first unlinkat, which comes after the swap (deleting the old folder).
Where strace is missing, a hook does the same from inside the process: it wraps the writer's
renames (`os.replace`, `os.rename`, the exchange) and `shutil.rmtree` and SIGKILLs itself on
the Nth call.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from geo import config, jsonio
from geo.data.validate import validate_layers_dir
from geo.jsonio import replace_folder
from geo.pipeline.build import build

STRACE = shutil.which("strace")
RENAMES = ("rename", "renameat", "renameat2")
HOOK = """
import os, shutil, signal, sys
from pathlib import Path
from geo import jsonio
from geo.pipeline.build import build
kind, when = sys.argv[1], int(sys.argv[2])
calls = [0]
def killing(function, counted):
    def wrapper(*args, **kwargs):
        if counted == kind:
            calls[0] += 1
            if calls[0] == when:
                os.kill(os.getpid(), signal.SIGKILL)
        return function(*args, **kwargs)
    return wrapper
os.replace = killing(os.replace, "rename")
os.rename = killing(os.rename, "rename")
jsonio._exchange = killing(jsonio._exchange, "rename")
shutil.rmtree = killing(shutil.rmtree, "rmtree")
build(seeds_dir=Path(sys.argv[3]), layers_dir=Path(sys.argv[4]), docs_dir=Path(sys.argv[5]))
"""
TODAY = "2026-11-23"


def snapshot(folder: Path) -> dict[str, str]:
    """File name -> SHA-256 of every file in `folder`."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An old layers folder (the committed one), seeds that build a different one, and the
    new folder those seeds give."""
    root = tmp_path_factory.mktemp("builds")
    seeds = root / "seeds"
    shutil.copytree(config.SEEDS_DIR, seeds)
    events = json.loads((seeds / "events.json").read_text(encoding="utf-8"))
    events[0]["title"] += " (new build)"
    (seeds / "events.json").write_text(json.dumps(events, ensure_ascii=False), encoding="utf-8")
    new = root / "new"
    shutil.copytree(config.LAYERS_DIR, new)
    build(seeds_dir=seeds, layers_dir=new, docs_dir=root / "docs")
    old = snapshot(config.LAYERS_DIR)
    assert snapshot(new) != old
    assert snapshot(new).keys() == old.keys()
    return {"seeds": seeds, "old": old, "new": snapshot(new), "new_dir": new}


def _killed_build(tmp: Path, seeds: Path, *, syscalls: str, when: int,
                  method: str) -> tuple[int, Path]:
    layers = tmp / "layers"
    shutil.copytree(config.LAYERS_DIR, layers)
    env = {**os.environ, "PYTHONPATH": str(config.ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    if method == "hook":
        command = [sys.executable, "-c", HOOK, syscalls, str(when), str(seeds), str(layers),
                   str(tmp / "docs")]
    else:
        command = [str(STRACE), "-f", "-qq", "-o", os.devnull, "-e", f"trace={syscalls}",
                   "-e", f"inject={syscalls}:signal=KILL:when={when}",
                   sys.executable, "-m", "geo", "build", "--seeds", str(seeds),
                   "--layers", str(layers), "--docs", str(tmp / "docs")]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600,
                          check=False)
    return done.returncode, layers


# strace where it is installed; the in-process hook only where it is not (one kill test runs)
METHODS = [pytest.param("strace", marks=pytest.mark.skipif(STRACE is None,
                                                           reason="strace is not installed")),
           pytest.param("hook", marks=pytest.mark.skipif(STRACE is not None,
                                                         reason="strace covers it"))]
EXPECTED = {
    # rename: the two data dictionaries (English, Spanish); renameat2: the swap (killed on
    # entry: old); unlinkat: the deletion of the retired folder after the swap (new)
    "strace": [("rename", "old"), ("rename", "old"), ("rename", "completed"),
               ("renameat", "completed"), ("renameat2", "old"), ("renameat2", "completed"),
               ("unlinkat", "new")],
    # the two data dictionaries' renames, the swap, then the removal of the retired folder
    "hook": [("rename", "old"), ("rename", "old"), ("rename", "old"), ("rename", "completed"),
             ("rmtree", "new")],
}


@pytest.mark.parametrize("method", METHODS)
def test_a_build_killed_at_any_rename_leaves_the_old_or_the_new_folder(
        builds: dict[str, Any], tmp_path: Path, method: str) -> None:
    outcomes = []
    names = RENAMES if method == "strace" else ("rename",)
    points = [(name, n) for name in names for n in range(1, 10)] + [
        ("unlinkat" if method == "strace" else "rmtree", 1)]
    for syscalls, when in points:
        if outcomes and outcomes[-1] == (syscalls, "completed"):
            continue  # every call of this syscall had its kill
        run = tmp_path / f"{syscalls}-{when}"
        code, layers = _killed_build(run, builds["seeds"], syscalls=syscalls, when=when,
                                     method=method)
        state = snapshot(layers)
        assert state in (builds["old"], builds["new"]), (syscalls, when)
        assert validate_layers_dir(layers) == []
        if code == 0:  # fewer renames than `when`: the build completed
            assert state == builds["new"]
            outcomes.append((syscalls, "completed"))
            continue
        assert code in (-9, 128 + 9)  # killed by SIGKILL
        outcomes.append((syscalls, "old" if state == builds["old"] else "new"))
        # the next build removes what the killed one left (a staging folder, a temporary)
        assert sorted(p.name for p in run.iterdir()) != ["docs", "layers"] or any(
            p.name.startswith(".") for p in (run / "docs").iterdir())
        build(seeds_dir=builds["seeds"], layers_dir=layers, docs_dir=run / "docs")
        assert sorted(p.name for p in run.iterdir()) == ["docs", "layers"]
        assert sorted(p.name for p in (run / "docs").iterdir()) == [
            "data-dictionary.es.md", "data-dictionary.md"]
        assert snapshot(layers) == builds["new"]
    assert outcomes == EXPECTED[method]


def test_build_removes_leftovers_of_a_killed_build(tmp_path: Path) -> None:
    layers = tmp_path / "layers"
    shutil.copytree(config.LAYERS_DIR, layers)
    (layers / ".places.geojson.x1y2.tmp").write_text("{", encoding="utf-8")  # the old writer's
    stale = tmp_path / ".layers.abc123.staging"
    stale.mkdir()
    (stale / "events.geojson").write_text("{}", encoding="utf-8")
    assert [p.message for p in validate_layers_dir(layers)] == [
        "a temporary file an interrupted build left; run 'python -m geo build'"]
    build(layers_dir=layers, docs_dir=tmp_path / "docs")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "layers"]
    assert snapshot(layers) == snapshot(config.LAYERS_DIR)
    assert validate_layers_dir(layers) == []


def test_replace_folder_keeps_named_files_and_drops_the_rest(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "LICENSE-DATA.md").write_text("licence", encoding="utf-8")
    (target / "stale.geojson").write_text("old", encoding="utf-8")
    replace_folder(target, {"a.json": b"new"}, keep=("LICENSE-DATA.md", "absent.md"))
    assert {p.name: p.read_text(encoding="utf-8") for p in target.iterdir()} == {
        "LICENSE-DATA.md": "licence", "a.json": "new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_write_leaves_the_old_folder_and_no_staging(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "a.json").write_text("old", encoding="utf-8")

    def refuse(a: Path, _: Path) -> None:
        raise OSError(errno.EIO, "disk on fire", str(a))

    monkeypatch.setattr(jsonio, "_exchange", refuse)
    with pytest.raises(OSError, match=r"disk on fire"):
        replace_folder(target, {"a.json": b"new"})
    assert (target / "a.json").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_without_renameat2_two_renames_and_a_cut_between_them_recovers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "a.json").write_text("old", encoding="utf-8")

    def unsupported(a: Path, _: Path) -> None:
        raise OSError(errno.EINVAL, "Invalid argument", str(a))

    monkeypatch.setattr(jsonio, "_exchange", unsupported)
    replace_folder(target, {"a.json": b"new"})
    assert (target / "a.json").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    # a crash between the two renames: the target is gone, the old folder is parked beside it
    parked = tmp_path / ".out.k9.old.staging"
    target.rename(parked)
    half = tmp_path / ".out.k9.staging"
    half.mkdir()
    (half / "a.json").write_text("half", encoding="utf-8")
    replace_folder(target, {"a.json": b"newer"})
    assert (target / "a.json").read_text(encoding="utf-8") == "newer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_build_refuses_a_file_as_the_layers_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "layers"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(jsonio.DataError, match=r"layers: exists and is not a folder"):
        replace_folder(blocker, {"a.json": b"{}"})
    assert blocker.read_text(encoding="utf-8") == "not a folder"
