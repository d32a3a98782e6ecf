"""``python -m geo export site``: an export replaces only what an export wrote; concurrent
exports to one folder all succeed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo import config
from geo.cli import main
from geo.errors import RefusedTargetError
from geo.export.site import MARKER, check_site_target
from tests.support.fixtures import TINY_LAYERS


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _export(out: Path | str, *extra: str) -> int:
    return main(["export", "site", "--no-tiles", "--layers", str(TINY_LAYERS), "--out",
                 str(out), *extra])


def test_site_into_a_new_folder_writes_a_marker_listing_every_file(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert _export(out) == 0
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert marker["kind"] == "tda-map static site"
    assert sorted([*marker["files"], MARKER]) == _names(out)
    assert "index.html" in marker["files"]
    assert _names(tmp_path) == ["site"]  # no staging folder left beside it


def test_site_replaces_a_previous_export_and_an_empty_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    assert _export(out) == 0  # empty: accepted
    first = _names(out)
    assert _export(out, "--lang", "es") == 0  # a previous export: replaced
    assert _names(out) == first
    assert 'lang="es"' in (out / "index.html").read_text(encoding="utf-8")


def test_site_refuses_a_folder_holding_a_users_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "imp"
    out.mkdir()
    (out / "notes.txt").write_text("notes", encoding="utf-8")
    assert _export(out) == 2
    err = capsys.readouterr().err
    assert f"will not write into {out}: it is not empty and not a site this command wrote" in err
    assert "notes.txt" in err
    assert (out / "notes.txt").read_text(encoding="utf-8") == "notes"
    assert _names(out) == ["notes.txt"]
    assert _names(tmp_path) == ["imp"]


def test_site_refuses_a_previous_export_with_a_file_added(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert _export(out) == 0
    (out / "my-notes.md").write_text("mine", encoding="utf-8")
    assert _export(out) == 2
    assert "1 entry the previous export did not write: my-notes.md" in capsys.readouterr().err
    assert (out / "my-notes.md").read_text(encoding="utf-8") == "mine"


def test_site_refuses_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "keep.txt").write_text("keep", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _export(".") == 2
    assert "will not write into .: it is the current folder" in capsys.readouterr().err
    assert _names(tmp_path) == ["keep.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    with pytest.raises(RefusedTargetError, match=r"current folder or one of its parents"):
        check_site_target(Path("."))  # even empty
    with pytest.raises(RefusedTargetError, match=r"current folder or one of its parents"):
        check_site_target(empty.parent)  # a parent of the current folder


def test_site_refuses_the_repository_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    before = _names(config.ROOT)
    assert _export(config.ROOT) == 2
    assert f"will not write into {config.ROOT}: it is the repository root" in (
        capsys.readouterr().err)
    assert _names(config.ROOT) == before


def test_site_refuses_a_symlink_and_never_follows_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "real"
    assert _export(real) == 0  # even a previous export behind the link
    files = _names(real)
    link = tmp_path / "link"
    link.symlink_to(real)
    assert _export(link) == 2
    assert f"will not write into {link}: it is a symbolic link (to {real})" in (
        capsys.readouterr().err)
    assert link.is_symlink()
    assert _names(real) == files
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    assert _export(dangling) == 2
    assert not (tmp_path / "nowhere").exists()


def test_site_refuses_a_file_and_a_forged_marker(tmp_path: Path) -> None:
    blocker = tmp_path / "site"
    blocker.write_text("a file", encoding="utf-8")
    assert _export(blocker) == 2
    assert blocker.read_text(encoding="utf-8") == "a file"
    forged = tmp_path / "forged"
    forged.mkdir()
    (forged / MARKER).write_text('{"kind": "something else", "files": ["a.txt"]}',
                                 encoding="utf-8")
    (forged / "a.txt").write_text("user", encoding="utf-8")
    with pytest.raises(RefusedTargetError, match=r"no \.tda-export\.json"):
        check_site_target(forged)


def test_site_accepts_the_positional_folder(tmp_path: Path) -> None:
    out = tmp_path / "positional"
    assert main(["export", "site", str(out), "--no-tiles", "--layers",
                 str(TINY_LAYERS)]) == 0  # right after the format
    assert (out / "index.html").is_file()
    assert main(["export", "site", str(out), "--out", str(tmp_path / "other")]) == 1


@pytest.mark.slow
def test_concurrent_exports_to_one_folder_all_succeed(tmp_path: Path) -> None:
    """3 rounds of 3 csv exports (one per year) and a site export, all to one folder: 0
    failures."""
    env = {**os.environ, "PYTHONPATH": str(config.ROOT)}
    failures: list[str] = []
    for _ in range(3):
        runs = [subprocess.Popen(
            [sys.executable, "-m", "geo", "export", "csv", "--year", year, "--out", "c",
             "--layers", str(TINY_LAYERS)],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for year in ("2017", "2021", "2022")]
        runs.append(subprocess.Popen(
            [sys.executable, "-m", "geo", "export", "site", "--out", "s", "--layers",
             str(TINY_LAYERS)], cwd=tmp_path,
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        for run in runs:
            _, err = run.communicate(timeout=300)
            if run.returncode != 0:
                failures.append(err)
    assert failures == []
    assert not [p for p in (tmp_path / "c").iterdir() if p.name.endswith(".tmp")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "s"]
