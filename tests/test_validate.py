"""Validation: every problem reported at once, naming file, feature id, field and value."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from geo import config
from geo.app.cache import source
from geo.cli import main
from geo.data import checks, validate
from geo.data.catalog import data_as_of, latest_day, read_catalog
from geo.data.checks import years
from geo.data.folder import VERDICTS, VerdictCache
from geo.data.selection import load_layers
from geo.data.validate import validate_collection, validate_layers_dir, validate_paths
from geo.dates import last_day, parse_partial_date
from geo.errors import DataError, LayerValidationError, OptionError, Problem
from geo.jsonio import write_files_atomically
from geo.pipeline.build import build
from tests.conftest import read_layer
from tests.support.hostile import rehash

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
    assert validate_paths(paths, today=TODAY) == 204


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
        "events.geojson: feature 'ev-2021-chile-homicide-rate': field 'kind': 'kind' is a required "
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
        "places.geojson: field 'crs': RFC 7946 GeoJSON has no 'crs' member "
        "(WGS84 only)"]


def test_malformed_json_fails_with_the_file_name(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "events.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(LayerValidationError, match=r"events\.geojson: "
                       r"malformed JSON: Expecting value: line 1 column 44"):
        validate_paths([bad], sources_path=config.LAYERS_DIR / "sources.json")
    assert main(["validate", str(bad)]) == 1
    assert "malformed JSON" in capsys.readouterr().err


def test_cli_validate_reports_success(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(config.LAYERS_DIR / "places.geojson"), "--no-articles"]) == 0
    assert capsys.readouterr().out == ("valid: 1 layer(s), 35 feature(s); quotes NOT checked "
                                       "(--no-articles)\n")


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
    with pytest.raises(OptionError, match=r"date '2022-11' does not match precision 'day'"):
        parse_partial_date("2022-11", precision="day")
    with pytest.raises(OptionError, match=r"unknown date precision 'week'"):
        parse_partial_date("2022", precision="week")


# -- whole folders (validate_layers_dir), years, the cache key ----------------------------------
def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "layers"
    shutil.copytree(config.LAYERS_DIR, folder)
    return folder


def _edit(folder: Path, name: str, fid: str, **changes: Any) -> None:
    path = folder / f"{name}.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    next(f for f in collection["features"] if f["id"] == fid)["properties"].update(changes)
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    rehash(folder)


def test_the_committed_folder_validates_with_its_hashes_and_quotes() -> None:
    assert validate_layers_dir(config.LAYERS_DIR, articles_dir=config.ARTICLES_DIR,
                               today=TODAY) == []


def test_cli_validate_checks_the_whole_folder_by_default(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == (
        "valid: 1 folder(s) (file set, provenance hashes), 204 feature(s); article hashes and "
        f"quotes checked against {config.ARTICLES_DIR}\n")


def test_cli_validate_fails_when_the_articles_cannot_be_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--articles", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err
    assert "articles folder not found: no quote can be checked" in err
    assert "quotes checked" not in err


def test_validate_checks_each_article_against_its_recorded_hash(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(config.ARTICLES_DIR, articles)
    name = "000_eb78e0561a997b52.txt"
    (articles / name).write_text((articles / name).read_text("utf-8") + "x", encoding="utf-8")
    (articles / "004_c85fb89f3a64947a.txt").unlink()
    problems = validate_layers_dir(config.LAYERS_DIR, articles_dir=articles, today=TODAY)
    assert [(p.file.replace(str(articles), "A"), p.feature_id, p.field) for p in problems] == [
        ("A/000_eb78e0561a997b52.txt", "ic-2022-gallegos-prisons", "sha256"),
        ("A/004_c85fb89f3a64947a.txt", "-", "-"),
    ]


def test_years_are_bounded_by_the_as_of_date_and_1990(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "events", "ev-2022-08-arica-escape-plot", year_end=2026)
    _edit(folder, "routes", "cor-drugs-pisiga-colchane", first_year=1989)
    _edit(folder, "presence", "presence-bol", claim_years=[2022, 2031])
    assert [str(p).replace(f"{folder}/", "") for p in validate_layers_dir(folder)] == [
        "events.geojson: feature 'ev-2022-08-arica-escape-plot': field 'year_end': year 2026 "
        "is after 2025-02-28, the last day its sources cover",
        "presence.geojson: feature 'presence-bol': field 'claim_years.1': year 2031 is after "
        "2025-02-28, the last day its sources cover",
        "routes.geojson: feature 'cor-drugs-pisiga-colchane': field 'first_year': year 1989 is "
        "before 1990 and no quote of the feature states it",
    ]


def test_a_year_before_1990_passes_when_a_quote_states_it() -> None:
    routes = read_layer("routes")
    route = _event(routes, "cor-drugs-pisiga-colchane")
    route["properties"]["first_year"] = 1987
    assert len(_problems(routes, "routes.geojson")) == 1
    route["properties"]["evidence"][0]["quote"] += " Smuggling there dates back to 1987."
    assert _problems(routes, "routes.geojson") == []


def test_every_problem_of_every_file_in_one_run(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "events", "ev-2022-08-arica-escape-plot", groups="tren-de-aragua",
          year="2022")
    _edit(folder, "places", "aragua-state", country=None)
    (folder / "spread.geojson").write_text("[", encoding="utf-8")
    problems = [f"{Path(p.file).name}|{p.feature_id}|{p.field}"
                for p in validate_layers_dir(folder)]
    assert problems == [
        "events.geojson|ev-2022-08-arica-escape-plot|groups",
        "events.geojson|ev-2022-08-arica-escape-plot|year",
        "places.geojson|aragua-state|country",
        "provenance.json|spread.geojson|sha256",
        "spread.geojson|-|-",
    ]


def test_single_files_with_a_broken_catalog_are_reported_not_raised(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "sources.json").write_text('{"id": 1}', encoding="utf-8")
    with pytest.raises(LayerValidationError, match=r"sources\.json: expected an array of "
                       r"sources, not an object$"):
        validate_paths([folder / "events.geojson"])
    (folder / "sources.json").unlink()
    (folder / "sources.json").mkdir()
    with pytest.raises(LayerValidationError, match=r"sources\.json: is a folder, not a file$"):
        validate_paths([folder / "events.geojson"])


def test_load_layers_refuses_a_mixed_folder(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "places.geojson").write_text(
        (folder / "places.geojson").read_text(encoding="utf-8").replace("Aragua", "Aragva"),
        encoding="utf-8")
    with pytest.raises(DataError, match=r"provenance\.json: feature 'places\.geojson': field "
                       r"'sha256': the file's SHA-256 differs from the recorded one"):
        load_layers(folder)


def test_the_app_cache_key_covers_every_file_and_the_folder(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path, key = source(folder)
    assert path == str(folder)
    assert "events.geojson:" in key
    assert "LICENSE-DATA.md:" in key
    events = folder / "events.geojson"
    stat = events.stat()
    events.write_bytes(events.read_bytes().replace(b"Arica", b"Arika"))
    os.utime(events, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert source(folder)[1] != key
    again = source(folder)[1]
    build(layers_dir=folder, docs_dir=tmp_path / "docs", today=TODAY)  # a new folder swapped in
    assert source(folder)[1] != again


# -- the split of validate.py (issue 17 §3) -----------------------------------------------------
def test_verdict_cache_is_a_bounded_lru() -> None:
    cache = VerdictCache(size=2)
    one = (Problem("a", "-", "-", "x"),)
    cache.put(("a",), one)
    cache.put(("b",), ())
    assert cache.get(("a",)) == one  # "a" is now the most recent
    cache.put(("c",), ())
    assert len(cache) == 2
    assert cache.get(("b",)) is None  # the least recently used went out
    assert cache.get(("a",)) == one
    assert cache.get(("c",)) == ()


def test_verdict_cache_is_safe_across_threads() -> None:
    cache = VerdictCache(size=50)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(2000):
                cache.put((n, i % 80), ())
                cache.get((n, (i * 7) % 80))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(cache) == 50


def test_reading_a_folder_twice_reuses_the_verdicts() -> None:
    validate_layers_dir(config.LAYERS_DIR, today=TODAY)
    size = len(VERDICTS)
    assert size >= 7
    assert validate_layers_dir(config.LAYERS_DIR, today=TODAY) == []
    assert len(VERDICTS) == size


def test_data_as_of_is_computed_once_from_the_catalog() -> None:
    catalog, problems = read_catalog(config.SEEDS_DIR / "sources.json")
    assert problems == []
    provenance = json.loads((config.LAYERS_DIR / "provenance.json").read_text("utf-8"))
    assert data_as_of(catalog) == dt.date(2025, 2, 12)
    assert provenance["data_as_of"] == data_as_of(catalog).isoformat()  # type: ignore[union-attr]
    # a month never outranks a day of that month
    assert data_as_of({"a": {"published": "2025-02"}, "b": {"published": "2025-02-12"}}) == (
        dt.date(2025, 2, 12))


@pytest.mark.parametrize(("published", "last"), [
    (["2025-02", "2025-02-12"], dt.date(2025, 2, 28)),  # the month may end after the day
    (["2024-02"], dt.date(2024, 2, 29)),
    (["2022-12"], dt.date(2022, 12, 31)),
    (["2023", "2023-05-04"], dt.date(2023, 12, 31)),
    (["2025-02-12", "2022-11"], dt.date(2025, 2, 12)),
])
def test_dates_are_bounded_by_the_last_day_the_sources_cover(published: list[str],
                                                             last: dt.date) -> None:
    # an article of "2025-02" may tell of 7 February: its events are within the data
    assert latest_day({str(n): {"published": p} for n, p in enumerate(published)}) == last


def test_validate_keeps_only_the_public_entry_points() -> None:
    assert not hasattr(validate, "load_source_ids")
    assert not hasattr(validate, "load_articles")
    assert not hasattr(validate, "YEAR_FIELDS")
    assert years.LAYER_YEAR_PROPERTIES["places"] == ("visible_from",)
    assert checks.LAYER_NAMES == validate.LAYER_NAMES
    source = (config.ROOT / "geo" / "data" / "validate.py").read_text("utf-8")
    assert len(source.splitlines()) < 120
