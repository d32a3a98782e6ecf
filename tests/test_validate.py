"""Validation: every problem reported at once, naming file, feature id, field and value."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from geo import config
from geo.cli import main
from geo.data.validate import validate_collection, validate_paths
from geo.dates import last_day, parse_partial_date
from geo.errors import DataError, LayerValidationError
from geo.jsonio import write_files_atomically
from geo.pipeline.build import build
from tests.conftest import read_layer

SOURCES = frozenset(s["id"] for s in json.loads(
    (config.LAYERS_DIR / "sources.json").read_text(encoding="utf-8")))
TODAY = dt.date(2026, 11, 23)


def _problems(collection: dict[str, Any], file: str = "events.geojson") -> list[str]:
    return [str(p) for p in validate_collection(collection, file=file, source_ids=SOURCES,
                                                today=TODAY)]


def _event(collection: dict[str, Any], fid: str) -> dict[str, Any]:
    return next(f for f in collection["features"] if f["id"] == fid)


def test_committed_layers_are_valid() -> None:
    paths = sorted(config.LAYERS_DIR.glob("*.geojson"))
    assert validate_paths(paths, today=TODAY) == 197


def test_swapped_lon_lat_is_named() -> None:
    events = read_layer("events")
    feature = _event(events, "ev-2022-08-arica-escape-plot")
    feature["geometry"]["coordinates"] = feature["geometry"]["coordinates"][::-1]
    assert _problems(events) == [
        "events.geojson: feature 'ev-2022-08-arica-escape-plot': field 'geometry': point "
        "(-18.4746, -70.29792) is not inside CHL; it falls in no country (sea); the coordinates "
        "look swapped: GeoJSON order is [longitude, latitude]"]


def test_every_problem_is_reported_at_once() -> None:
    events = read_layer("events")
    _event(events, "ev-2017-northern-chile-irregular-entries")["properties"]["evidence"][0][
        "source"] = "nope"
    del _event(events, "ev-2021-chile-homicide-rate")["properties"]["kind"]
    _event(events, "ev-2022-03-puerto-montt-gang-dismantled")["properties"].update(
        date="2027-01", year=2027, year_end=2027)
    _event(events, "ev-2022-oruro-courier-arrest")["properties"]["geo_precision"] = "street"
    _event(events, "ev-2024-01-peru-girls-rescued")["properties"]["evidence"][0]["quote"] = ""
    problems = _problems(events)
    assert problems == [
        "events.geojson: feature 'ev-2017-northern-chile-irregular-entries': field "
        "'evidence.0.source': unknown source id 'nope'",
        "events.geojson: feature 'ev-2021-chile-homicide-rate': field '-': 'kind' is a required "
        "property",
        "events.geojson: feature 'ev-2022-03-puerto-montt-gang-dismantled': field 'date': date "
        "'2027-01' is in the future",
        "events.geojson: feature 'ev-2022-oruro-courier-arrest': field 'geo_precision': 'street' "
        "is not one of ['site', 'district', 'city', 'region', 'country'] (value \"street\")",
        "events.geojson: feature 'ev-2024-01-peru-girls-rescued': field 'evidence.0.quote': '' "
        "should be non-empty (value \"\")",
    ]


def test_duplicate_ids_and_crs_member_are_rejected() -> None:
    places = read_layer("places")
    places["features"].append(copy.deepcopy(places["features"][0]))
    assert _problems(places, "places.geojson") == [
        "places.geojson: feature 'aragua-state': field 'id': duplicate id (2 features)"]
    places["crs"] = {"type": "name"}
    assert _problems(places, "places.geojson") == [
        "places.geojson: feature '-': field 'crs': RFC 7946 GeoJSON has no 'crs' member "
        "(WGS84 only)"]


def test_malformed_json_fails_with_the_file_name(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "events.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(LayerValidationError, match=r"events\.geojson: feature '-': field '-': "
                       r"malformed JSON: Expecting value: line 1 column 44"):
        validate_paths([bad], sources_path=config.LAYERS_DIR / "sources.json")
    assert main(["validate", str(bad)]) == 1
    assert "malformed JSON" in capsys.readouterr().err


def test_cli_validate_reports_success(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(config.LAYERS_DIR / "places.geojson"),
                 "--articles", "/nonexistent"]) == 0
    assert capsys.readouterr().out == "valid: 1 layer(s), 35 feature(s)\n"


def test_build_with_a_bad_seed_writes_nothing(tmp_path: Path, seeds_copy: Path) -> None:
    events = json.loads((seeds_copy / "events.json").read_text(encoding="utf-8"))
    events[0]["place"] = "atlantis"
    events[1]["evidence"][0]["source"] = "unknown-outlet"
    (seeds_copy / "events.json").write_text(json.dumps(events), encoding="utf-8")
    out = tmp_path / "layers"
    with pytest.raises(DataError, match=r"2 problems found") as error:
        build(seeds_dir=seeds_copy, layers_dir=out, docs_dir=tmp_path / "docs")
    assert [str(p) for p in error.value.problems] == [
        f"{seeds_copy}/events.json: feature '{events[0]['id']}': field 'place': unknown place "
        "id 'atlantis'",
        f"{seeds_copy}/events.json: feature '{events[1]['id']}': field 'evidence[0].source': "
        "unknown source id 'unknown-outlet'",
    ]
    assert not out.exists()
    assert not (tmp_path / "docs").exists()


def test_inferred_date_needs_a_note(tmp_path: Path, seeds_copy: Path) -> None:
    events = json.loads((seeds_copy / "events.json").read_text(encoding="utf-8"))
    events[0].update(date_inferred=True, date_note=None, date="2021-13", date_precision="month")
    (seeds_copy / "events.json").write_text(json.dumps(events), encoding="utf-8")
    with pytest.raises(DataError, match=r"field 'date': date '2021-13' is not a calendar date.*\n"
                       r".*field 'date_note': an inferred date needs a note"):
        build(seeds_dir=seeds_copy, layers_dir=tmp_path / "l", docs_dir=tmp_path / "d")


def test_atomic_write_leaves_old_files_when_one_fails(tmp_path: Path) -> None:
    keep = tmp_path / "a.json"
    keep.write_text("old", encoding="utf-8")
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(FileExistsError, match=r"File exists: .*not-a-dir"):
        write_files_atomically({keep: "new", blocker / "b.json": "new"})
    assert keep.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "not-a-dir"]


@pytest.mark.parametrize(("value", "precision", "first", "last"), [
    ("2022", "year", dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
    ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ("2022-12", "month", dt.date(2022, 12, 1), dt.date(2022, 12, 31)),
    ("2025-02-07", "day", dt.date(2025, 2, 7), dt.date(2025, 2, 7)),
])
def test_partial_dates(value: str, precision: str, first: dt.date, last: dt.date) -> None:
    assert parse_partial_date(value, precision=precision) == first
    assert last_day(value, precision=precision) == last


def test_partial_date_errors_name_the_value() -> None:
    with pytest.raises(ValueError, match=r"date '2022-11' does not match precision 'day'"):
        parse_partial_date("2022-11", precision="day")
    with pytest.raises(ValueError, match=r"unknown date precision 'week'"):
        parse_partial_date("2022", precision="week")
