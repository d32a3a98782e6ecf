"""``python -m geo export``: files written, clear errors, nothing half-written."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pyogrio
import pytest
from PIL import Image

from geo import config
from geo import jsonio as _io
from geo.cli import main
from geo.data.selection import Filters, load_layers, select
from geo.export.cli import ExportOptions, default_name
from tests.support.fixtures import TINY_EVENTS, TINY_LAYERS, TINY_PERU_EVENTS

SMALL = ["--width", "640", "--height", "420", "--dpi", "100"]


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_png_is_written_with_size_and_dpi(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "brief.png"
    assert main(["export", "png", "--year", "2022", "--country", "per,chl", *SMALL,
                 "--out", str(out)]) == 0
    with Image.open(out) as image:
        assert image.size == (640, 420)
        assert image.info["dpi"] == pytest.approx((100, 100), rel=1e-3)
    printed = capsys.readouterr().out
    assert printed.startswith("export png: wrote 1 file(s),")
    assert str(out) in printed
    assert _files(tmp_path) == ["brief.png"]  # no temporary left behind


def test_default_out_name_follows_year_and_mode(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", "svg", "--year", "2021", "--mode", "only", *SMALL]) == 0
    assert _files(tmp_path) == ["out", "out/tda-map-2021-only.svg"]
    assert default_name("gif", filters=Filters(year=2022, mode="only")) == "tda-map-only.gif"


def test_out_folder_for_a_file_format_gets_the_default_name(tmp_path: Path) -> None:
    assert main(["export", "html", "--year", "2022", "--out", str(tmp_path)]) == 0
    assert _files(tmp_path) == ["tda-map.html"]


@pytest.mark.parametrize(("args", "message"), [
    (["png", "--year", "1990"], "error: year 1990 is outside the data (2011-2025)"),
    (["gpkg", "--country", "XXX"], "error: countries: unknown value(s) 'XXX'; allowed: BOL, "
                                   "BRA, CHL"),
    (["csv", "--event-kind", "picnic"], "error: event_kinds: unknown value(s) 'picnic'"),
    (["html", "--group", "nobody"], "error: groups: unknown value(s) 'nobody'"),
    (["png", "--corridor-kind", "teleport"], "error: corridor_kinds: unknown value(s) "
                                             "'teleport'"),
    (["png", "--extent", "ATL"], "error: --extent 'ATL' is neither 'data' nor a country"),
    (["png", "--extent", "1,2,3"], "error: --extent '1,2,3' is not 'data', an ISO alpha-3"),
    (["png", "--extent", "10,0,5,1"], "error: extent 10,0,5,1: expected min_lon < max_lon"),
    (["png", "--dpi", "10"], "error: --dpi 10 is outside 50-1200"),
    (["png", "--dpi", "0"], "error: --dpi 0: must be a positive number"),
    (["pdf", "--width", "0"], "error: --width 0: must be a positive number"),
    (["svg", "--height", "-5"], "error: --height -5: must be a positive number"),
    (["png", "--width", "100"], "error: --width 100 px is outside 320-12000 px"),
    (["gif", "--years", "2022-2018"], "error: --years '2022-2018': the first year is after"),
    (["gif", "--years", "soon"], "error: --years 'soon': expected FIRST-LAST"),
    (["gif", "--years", "2000-2022"], "error: --years 2000-2022: expected first <= last "
                                      "within the data's years 2011-2025"),
    (["png", "--years", "2018-2022"], "error: --years is for gif and mp4"),
    (["gif", "--aspect", "1:1", "--width", "800"], "error: --aspect cannot be combined"),
    (["gif", "--frame-ms", "5"], "error: frame duration 5 ms is outside 100-10000 ms"),
])
def test_bad_options_exit_1_naming_the_value_and_write_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
        message: str) -> None:
    out = tmp_path / "out" / "x"
    assert main(["export", *args, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(message), err
    assert _files(tmp_path) == []


def test_missing_layers_folder_is_an_error(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "geojson", "--layers", str(tmp_path / "none"),
                 "--out", str(tmp_path / "g")]) == 1
    assert "layers folder not found" in capsys.readouterr().err
    assert _files(tmp_path) == []


def test_unwritable_path_under_a_file(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("keep me", encoding="utf-8")
    for fmt in ("png", "gpkg", "datapackage"):
        assert main(["export", fmt, *SMALL, "--out", str(blocker / "out.x")]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"error: cannot write to {blocker / 'out.x'}: {blocker} is not "
                              "a folder"), err
    assert _files(tmp_path) == ["file.txt"]
    assert blocker.read_text(encoding="utf-8") == "keep me"


def test_folder_export_onto_a_file_is_refused(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("keep me", encoding="utf-8")
    assert main(["export", "geojson", "--out", str(blocker)]) == 1
    assert "it is a file, a folder is needed" in capsys.readouterr().err
    assert blocker.read_text(encoding="utf-8") == "keep me"


def test_a_failing_write_leaves_no_file_and_no_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The disk fails on the third of six GeoJSON files: none of them is left behind."""
    calls = {"n": 0}
    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(_io.os, "fsync", failing_fsync)
    out = tmp_path / "new" / "geojson"
    assert main(["export", "geojson", "--out", str(out)]) == 1
    assert capsys.readouterr().err.startswith(
        f"error: cannot write to {out}: No space left on device")
    assert _files(tmp_path) == []


def test_a_failed_export_keeps_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "brief.png"
    out.write_bytes(b"previous")
    assert main(["export", "png", "--year", "1800", "--out", str(out)]) == 1
    assert out.read_bytes() == b"previous"


def test_a_folder_in_the_way_of_one_output_file_stops_everything(tmp_path: Path) -> None:
    out = tmp_path / "geojson"
    (out / "events.geojson").mkdir(parents=True)
    assert main(["export", "geojson", "--out", str(out)]) == 1
    assert _files(tmp_path) == ["geojson", "geojson/events.geojson"]


def test_geojson_csv_and_gpkg_from_the_cli(tmp_path: Path) -> None:
    assert main(["export", "geojson", "--out", str(tmp_path / "g")]) == 0
    assert main(["export", "csv", "--year", "2022", "--mode", "only",
                 "--out", str(tmp_path / "c")]) == 0
    assert main(["export", "gpkg", "--country", "PER", "--out", str(tmp_path / "p.gpkg")]) == 0
    assert _files(tmp_path / "g") == [f"{n}.geojson" for n in sorted(
        ("places", "events", "presence", "routes", "spread", "basemap", "countries"))]
    for name in ("countries", "events"):  # the full files are the layers' own bytes
        assert (tmp_path / "g" / f"{name}.geojson").read_bytes() == (
            config.LAYERS_DIR / f"{name}.geojson").read_bytes()
    events = json.loads((tmp_path / "g" / "events.geojson").read_text(encoding="utf-8"))
    assert len(events["features"]) == 37  # no year or filter: the full layer
    text = (tmp_path / "c" / "events.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    only_2022 = select(load_layers(), Filters(year=2022, mode="only")).events
    assert [r["id"] for r in rows] == [f["id"] for f in only_2022]
    assert len(rows) == 22  # events whose span covers 2022
    listed = [str(name) for name, _ in pyogrio.list_layers(tmp_path / "p.gpkg")]
    assert listed == ["places", "events", "presence", "routes", "spread", "basemap",
                      "sources"]
    assert pyogrio.read_info(tmp_path / "p.gpkg", layer="events")["features"] == 16  # all of Peru's


def test_datapackage_as_folder_and_zip(tmp_path: Path) -> None:
    assert main(["export", "datapackage", "--out", str(tmp_path / "dp")]) == 0
    assert main(["export", "datapackage", "--out", str(tmp_path / "dp.zip")]) == 0
    descriptor = json.loads((tmp_path / "dp" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert (tmp_path / "dp" / resource["path"]).stat().st_size == resource["bytes"]
    assert (tmp_path / "dp.zip").read_bytes()[:2] == b"PK"


@pytest.mark.slow
def test_all_writes_every_export_at_once(tmp_path: Path) -> None:
    out = tmp_path / "all"
    assert main(["export", "all", "--year", "2022", *SMALL, "--frame-ms", "200",
                 "--out", str(out)]) == 0
    files = _files(out)
    for name in ("tda-map-2022-cumulative.png", "tda-map-2022-cumulative.pdf",
                 "tda-map-2022-cumulative.svg", "tda-map.html", "tda-map-cumulative.gif",
                 "tda-map-cumulative.mp4", "datapackage/datapackage.json",
                 "datapackage/data/tda-map.gpkg", "datapackage/data/events.csv",
                 "datapackage/CITATION.txt"):
        assert name in files, name
    with Image.open(io.BytesIO((out / "tda-map-cumulative.gif").read_bytes())) as gif:
        assert gif.n_frames == 15
        assert gif.size == (640, 420)


def test_research_exports_are_full_without_year_or_filter() -> None:
    layers = load_layers()
    assert ExportOptions().research_selection(layers) is None
    chosen = ExportOptions(countries=("PER",)).research_selection(layers)
    assert chosen is not None
    assert chosen.filters == Filters(year=2025, mode="cumulative", countries=("PER",))
    assert ExportOptions(year=2022).filters(layers).year == 2022


def test_a_filtered_geojson_records_its_filter(tmp_path: Path) -> None:
    tiny = ["--layers", str(TINY_LAYERS)]
    assert main(["export", "geojson", "--year", "2022", "--mode", "only", "--country", "PER",
                 *tiny, "--out", str(tmp_path / "g")]) == 0
    events = json.loads((tmp_path / "g" / "events.geojson").read_text(encoding="utf-8"))
    assert events["filter"] == {"year": 2022, "mode": "only", "countries": ["PER"],
                                "groups": [], "event_kinds": [], "corridor_kinds": []}
    assert events["type"] == "FeatureCollection"
    assert tuple(f["id"] for f in events["features"]) == TINY_PERU_EVENTS
    for reference in ("basemap", "countries"):  # in full: no filter
        data = json.loads((tmp_path / "g" / f"{reference}.geojson").read_text(
            encoding="utf-8"))
        assert "filter" not in data
    assert main(["export", "geojson", *tiny, "--out", str(tmp_path / "full")]) == 0
    full = json.loads((tmp_path / "full" / "events.geojson").read_text(encoding="utf-8"))
    assert "filter" not in full
    assert tuple(f["id"] for f in full["features"]) == TINY_EVENTS
