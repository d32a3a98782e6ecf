"""Every row of docs/bad-input.md: the malformed input gives the message and the exit code the
table says, never a traceback.

The table is the single source: this test parses it, and each row's ``case`` names a setup
below (URL rows need none: their input column is the query string itself). A row without a
setup, or a setup without a row, fails `test_every_row_has_a_setup`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from geo import config
from geo.app.viewstate import view_from_query, view_options
from geo.cli import main
from geo.data.selection import load_layers
from geo.errors import DataError
from tests.support.hostile import hostile_values, rehash, write_hostile_layers

TABLE = config.DOCS_DIR / "bad-input.md"
EVENT = "ev-2022-08-arica-escape-plot"
ROUTE = "cor-drugs-pisiga-colchane"
SEED_EVENT = "ev-2017-northern-chile-irregular-entries"
SEED_OTHER = "ev-2021-chile-homicide-rate"


@dataclass(frozen=True)
class Row:
    """One row of the bad-input table."""

    case: str
    surface: str
    given: str
    messages: tuple[str, ...]
    exit: int | None


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def read_table(path: Path = TABLE) -> list[Row]:
    """The rows of every table in the document (header and rule lines skipped)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        case, surface, given, seen, code = _cells(line)
        rows.append(Row(case.strip("`"), surface, given, tuple(re.findall(r"`([^`]+)`", seen)),
                        int(code) if code.isdigit() else None))
    return rows


ROWS = read_table()


# -- setups: each returns the argv of ``python -m geo`` that meets the malformed input --------
Setup = Callable[[Path], list[str]]


def _layers(tmp: Path) -> Path:
    folder = tmp / "layers"
    if not folder.exists():
        shutil.copytree(config.LAYERS_DIR, folder)
    return folder


def _edit_layer(name: str, change: Callable[[Any], Any], *, hashes: bool = True,
                text: Callable[[str], str] | None = None) -> Setup:
    def setup(tmp: Path) -> list[str]:
        folder = _layers(tmp)
        path = folder / f"{name}.geojson"
        collection = json.loads(path.read_text(encoding="utf-8"))
        collection = change(collection) or collection
        dumped = json.dumps(collection, ensure_ascii=False)
        path.write_text(text(dumped) if text else dumped, encoding="utf-8")
        if hashes:
            rehash(folder)
        return ["validate", str(folder)]
    return setup


def _props(fid: str, change: Callable[[dict[str, Any]], Any]) -> Callable[[Any], None]:
    def edit(collection: Any) -> None:
        feature = next(f for f in collection["features"] if f["id"] == fid)
        change(feature)
    return edit


def _folder(change: Callable[[Path], Any]) -> Setup:
    def setup(tmp: Path) -> list[str]:
        folder = _layers(tmp)
        change(folder)
        return ["validate", str(folder)]
    return setup


def _seed(table: str, change: Callable[[list[Any]], Any]) -> Setup:
    def setup(tmp: Path) -> list[str]:
        seeds = tmp / "seeds"
        shutil.copytree(config.SEEDS_DIR, seeds)
        path = seeds / f"{table}.json"
        rows = json.loads(path.read_text(encoding="utf-8"))
        change(rows)
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        return _build(seeds, tmp)
    return setup


def _seed_file(change: Callable[[Path], Any]) -> Setup:
    def setup(tmp: Path) -> list[str]:
        seeds = tmp / "seeds"
        shutil.copytree(config.SEEDS_DIR, seeds)
        change(seeds)
        return _build(seeds, tmp)
    return setup


def _build(seeds: Path, tmp: Path) -> list[str]:
    return ["build", "--seeds", str(seeds), "--layers", str(tmp / "out"), "--docs",
            str(tmp / "docs")]


def _record(fid: str, change: Callable[[dict[str, Any]], Any]) -> Callable[[list[Any]], None]:
    def edit(rows: list[Any]) -> None:
        change(next(r for r in rows if isinstance(r, dict) and r.get("id") == fid))
    return edit


def _features(collection: Any) -> None:
    collection["features"] = []


def _empty_every_layer(folder: Path) -> None:
    for path in folder.glob("*.geojson"):
        collection = json.loads(path.read_text(encoding="utf-8"))
        _features(collection)
        path.write_text(json.dumps(collection), encoding="utf-8")
    rehash(folder)


def _replace_with_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _broken_for_export(tmp: Path) -> list[str]:
    folder = _layers(tmp)
    (folder / "events.geojson").unlink()
    return ["export", "csv", "--layers", str(folder), "--out", str(tmp / "csv")]


def _title(fid: str, placeholder: str) -> Callable[[Any], None]:
    return _props(fid, lambda f: f["properties"].update(title=placeholder))


def _replace_text(placeholder: str, text: str) -> Callable[[str], str]:
    return lambda dumped: dumped.replace(placeholder, text, 1)


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _link_to_dev_zero(path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


def _site_into_user_folder(tmp: Path) -> list[str]:
    (tmp / "imp").mkdir()
    (tmp / "imp" / "notes.txt").write_text("notes", encoding="utf-8")
    return ["export", "site", "--out", str(tmp / "imp")]


def _site_into_symlink(tmp: Path) -> list[str]:
    (tmp / "real").mkdir()
    (tmp / "site").symlink_to(tmp / "real")
    return ["export", "site", "--out", str(tmp / "site")]


def _layers_symlink_loop(tmp: Path) -> list[str]:
    (tmp / "loop").symlink_to(tmp / "loop")
    return ["export", "csv", "--layers", str(tmp / "loop"), "--out", str(tmp / "csv")]


def _both(*edits: Callable[[list[Any]], None]) -> Callable[[list[Any]], None]:
    def edit(rows: list[Any]) -> None:
        for one in edits:
            one(rows)
    return edit


SETUPS: dict[str, Setup] = {
    # seeds (python -m geo build)
    "seed-missing-title": _seed("events", _record(SEED_EVENT, lambda r: r.pop("title"))),
    "seed-missing-title-and-bad-place": _seed("events", _both(
        _record(SEED_EVENT, lambda r: r.pop("title")),
        _record(SEED_OTHER, lambda r: r.update(place="atlantis")))),
    "seed-figures-null": _seed("events", _record(SEED_EVENT, lambda r: r.update(figures=None))),
    "seed-record-is-a-string": _seed("events", lambda rows: rows.insert(0, "an event")),
    "seed-evidence-item-is-a-string": _seed("events", _record(
        SEED_EVENT, lambda r: r.update(evidence=["a quote"]))),
    "seed-groups-is-a-string": _seed("events", _record(
        SEED_EVENT, lambda r: r.update(groups="tren-de-aragua"))),
    "seed-sources-missing": _seed_file(lambda s: (s / "sources.json").unlink()),
    "seed-sources-malformed": _seed_file(lambda s: (s / "sources.json").write_text(
        '[{"id": ', encoding="utf-8")),
    "seed-sources-is-a-folder": _seed_file(lambda s: _replace_with_folder(s / "sources.json")),
    "seed-year-before-1990": _seed("corridors", _record(
        ROUTE, lambda r: r.update(first_year=1985))),
    "seed-year-after-as-of": _seed("corridors", _record(
        ROUTE, lambda r: r.update(last_year=99999))),
    # layers folder (python -m geo validate FOLDER; the app and every export refuse it alike)
    "layer-missing-title": _edit_layer("events", _props(
        EVENT, lambda f: f["properties"].pop("title"))),
    "layer-missing-year": _edit_layer("events", _props(
        EVENT, lambda f: f["properties"].pop("year"))),
    "layer-missing-length-km": _edit_layer("routes", _props(
        ROUTE, lambda f: f["properties"].pop("length_km"))),
    "layer-null-properties": _edit_layer("events", _props(
        EVENT, lambda f: f.update(properties=None))),
    "layer-null-geometry": _edit_layer("events", _props(EVENT, lambda f: f.update(geometry=None))),
    "layer-top-level-array": _edit_layer("events", lambda c: c["features"]),
    "layer-feature-is-a-string": _edit_layer("events", lambda c: c["features"].insert(0, "x")),
    "layer-string-year": _edit_layer("events", _props(
        EVENT, lambda f: f["properties"].update(year="2022"))),
    "layer-groups-is-a-string": _edit_layer("events", _props(
        EVENT, lambda f: f["properties"].update(groups="tren-de-aragua"))),
    "layer-year-after-as-of": _edit_layer("events", _props(
        EVENT, lambda f: f["properties"].update(year_end=99999))),
    "layer-year-before-1990": _edit_layer("routes", _props(
        ROUTE, lambda f: f["properties"].update(first_year=1985))),
    "layer-nan-coordinates": _edit_layer("events", _props(
        EVENT, lambda f: f["geometry"].update(coordinates=[float("nan"), 1.0]))),
    "layer-infinity-coordinates": _edit_layer("events", _props(
        EVENT, lambda f: f["geometry"].update(coordinates=[float("inf"), 1.0]))),
    "layer-missing-title-and-bad-country": _edit_layer("events", _props(
        EVENT, lambda f: (f["properties"].pop("title"), f["properties"].update(country="PER")))),
    "layer-every-layer-empty": _folder(_empty_every_layer),
    "layer-mixed-builds": _edit_layer("events", _props(
        EVENT, lambda f: f["properties"].update(title="Edited by hand")), hashes=False),
    "layer-missing-provenance": _folder(lambda d: (d / "provenance.json").unlink()),
    "layer-missing-events": _folder(lambda d: (d / "events.geojson").unlink()),
    "layer-missing-sources": _folder(lambda d: (d / "sources.json").unlink()),
    "layer-malformed-sources": _folder(lambda d: (d / "sources.json").write_text(
        "[{", encoding="utf-8")),
    "layer-sources-is-a-folder": _folder(lambda d: _replace_with_folder(d / "sources.json")),
    "layer-source-is-a-string": _folder(lambda d: (d / "sources.json").write_text(json.dumps(
        [*json.loads((d / "sources.json").read_text(encoding="utf-8")), "a source"]),
        encoding="utf-8")),
    "layer-events-is-a-fifo": _folder(lambda d: _fifo(d / "events.geojson")),
    "layer-events-links-to-dev-zero": _folder(lambda d: _link_to_dev_zero(
        d / "events.geojson")),
    "layer-nested-100000-levels": _edit_layer("events", _title(EVENT, "DEEP"), text=_replace_text(
        '"DEEP"', "[" * 100_000 + "]" * 100_000)),
    "layer-lone-surrogate": _edit_layer("events", _title(EVENT, "LONE"), text=_replace_text(
        '"LONE"', '"a \\ud800 b"')),
    "layer-duplicate-key": _edit_layer("events", _title(EVENT, "TWICE"), text=_replace_text(
        '"title": "TWICE"', '"title": "one", "title": "two"')),
    "layer-leftover-temporary": _folder(lambda d: (d / ".events.geojson.k3j2.tmp").write_text(
        "{", encoding="utf-8")),
    # command-line options
    "cli-layers-is-a-file": lambda tmp: ["export", "csv", "--layers",
                                         str(config.LAYERS_DIR / "events.geojson"),
                                         "--out", str(tmp / "csv")],
    "cli-layers-missing": lambda tmp: ["export", "csv", "--layers", str(tmp / "nowhere"),
                                       "--out", str(tmp / "csv")],
    "cli-layers-broken-folder": _broken_for_export,
    "cli-validate-seeds-folder": lambda _: ["validate", str(config.SEEDS_DIR)],
    "cli-validate-missing-file": lambda tmp: ["validate", str(tmp / "events.geojson")],
    "cli-build-layers-is-a-file": lambda tmp: [
        "build", "--layers", str(config.LAYERS_DIR / "events.geojson"), "--docs",
        str(tmp / "docs")],
    "cli-export-year-outside-the-data": lambda tmp: ["export", "csv", "--year", "1800", "--out",
                                                     str(tmp / "csv")],
    "cli-unknown-format": lambda _: ["export", "docx"],
    "cli-layers-symlink-loop": _layers_symlink_loop,
    "cli-export-site-into-a-users-folder": _site_into_user_folder,
    "cli-export-site-into-the-current-folder": lambda _: ["export", "site", "--out", "."],
    "cli-export-site-into-the-repository-root": lambda _: [
        "export", "site", "--out", str(config.ROOT)],
    "cli-export-site-into-a-symlink": _site_into_symlink,
}


def test_the_table_has_rows_of_every_surface() -> None:
    surfaces = {row.surface for row in ROWS}
    assert surfaces == {"seed", "layer", "CLI option", "URL parameter"}
    assert len({row.case for row in ROWS}) == len(ROWS)
    assert all(row.messages for row in ROWS)


def test_every_row_has_a_setup() -> None:
    assert sorted(r.case for r in ROWS if r.surface != "URL parameter") == sorted(SETUPS)


@pytest.mark.parametrize("row", [r for r in ROWS if r.surface != "URL parameter"],
                         ids=lambda r: r.case)
def test_command_line_row(row: Row, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = SETUPS[row.case](tmp_path)
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out = capsys.readouterr()
    shown = out.err.replace(str(tmp_path) + "/", "").replace(str(config.ROOT) + "/", "")
    assert "Traceback" not in shown
    assert code == row.exit, shown
    for message in row.messages:
        assert message in shown
    if row.surface == "layer":  # the app and the exports read a folder through load_layers
        with pytest.raises(DataError) as error:
            load_layers(Path(argv[-1]))
        for message in row.messages:
            assert message in str(error.value).replace(str(tmp_path) + "/", "")


@pytest.mark.parametrize("row", [r for r in ROWS if r.surface == "URL parameter"],
                         ids=lambda r: r.case)
def test_url_row(row: Row) -> None:
    (query,) = re.findall(r"`([^`]+)`", row.given)
    params = parse_qs(query, keep_blank_values=True)
    view, problems = view_from_query(params, options=view_options(load_layers()))
    assert row.exit is None
    for message in row.messages:
        assert any(message in problem for problem in problems), problems
    assert view.filters.year is not None


def test_hostile_values_cover_the_issue() -> None:
    values = dict(hostile_values())
    joined = "".join(values.values())
    for needle in ("<img", "onerror", "</script>", "${", "`", "javascript:", "\u2028", "\u2029",
                   "\x0b", "\\frac$", "![i](http://evil.example/x.png)", "www.", "http://",
                   "x@"):
        assert needle in joined
    assert {v[0] for v in values.values()} >= {"=", "+", "-", "@"}
    assert max(len(v) for v in values.values()) == 100_000


def test_a_folder_with_a_hostile_value_in_every_string_validates_and_loads(
        tmp_path: Path) -> None:
    folder = write_hostile_layers(tmp_path / "hostile")
    layers = load_layers(folder)
    events = layers.features("events")
    assert len(events) == len(load_layers().features("events"))
    # a suspected record's title must carry its hedge (validator), so it keeps its own title
    titles = [f["properties"]["title"] for f in events
              if f["properties"]["certainty"] != "suspected"]
    assert titles
    assert set(titles) <= set(dict(hostile_values()).values())
    assert any(len(t) == 100_000 for t in titles)
    assert main(["validate", str(folder), "--no-articles"]) == 0
