"""Research exports: GeoJSON, GeoPackage, CSV tables, Data Package, citation."""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pyogrio
import pytest

from geo import config
from geo.cli import main
from geo.data.selection import Filters, Layers, Selection, load_layers, select
from geo.data.text import source_citation
from geo.errors import OptionError
from geo.export.research import (
    GEOPACKAGE_NAME,
    RESEARCH_LAYERS,
    citation_text,
    datapackage_files,
    datapackage_zip,
    events_csv,
    figures_csv,
    geopackage_bytes,
    layer_features,
    layer_geojson,
    neutralise_formula,
    sources_csv,
)
from geo.export.research.tables import EXCEL_CELL_CHARS, clean_text
from tests.support.fixtures import TINY_LAYERS
from tests.support.hostile import rehash

GUILLEN = ("InSight Crime, “How Peru Is Tackling the Danger of Venezuela's Tren de Aragua” "
           "(Nov 2022, date inferred)")
EVENT_HEADER = ["id", "title", "title_es", "kind", "date", "date_end", "date_precision",
                "date_inferred", "date_note", "year", "year_end", "country", "place",
                "place_name", "place_name_es", "geo_precision", "lon", "lat", "groups",
                "figures_disagree", "source_ids", "citations", "quotes"]


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


@pytest.fixture(scope="module")
def peru_2022(layers: Layers) -> Selection:
    return select(layers, Filters(year=2022, mode="only", countries=("PER",)))


def _rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def _gpkg(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / GEOPACKAGE_NAME
    path.write_bytes(data)
    return path


# --- GeoJSON ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", RESEARCH_LAYERS)
def test_full_geojson_is_the_layer_file_byte_for_byte(layers: Layers, name: str) -> None:
    expected = (config.LAYERS_DIR / f"{name}.geojson").read_text(encoding="utf-8")
    assert layer_geojson(layers, name=name) == expected


def test_filtered_geojson_holds_the_selection(layers: Layers, peru_2022: Selection) -> None:
    for name in ("places", "events", "presence", "routes", "spread"):
        collection = json.loads(layer_geojson(layers, name=name, selection=peru_2022))
        assert [f["id"] for f in collection["features"]] == [f["id"] for f in
                                                            peru_2022.layer(name)]
    events = json.loads(layer_geojson(layers, name="events", selection=peru_2022))
    assert {f["properties"]["country"] for f in events["features"]} == {"PER"}
    assert {f["properties"]["year"] for f in events["features"]} == {2022}
    assert len(events["features"]) == 11
    presence = json.loads(layer_geojson(layers, name="presence", selection=peru_2022))
    assert "is_new" not in presence["features"][0]["properties"]  # stored schema, not view


def test_unknown_layer_is_an_option_error(layers: Layers) -> None:
    with pytest.raises(OptionError, match="unknown layer 'roads'; allowed: places, events"):
        layer_features(layers, name="roads")


# --- GeoPackage -------------------------------------------------------------------------

def test_geopackage_reads_back_every_layer_and_feature(layers: Layers, tmp_path: Path) -> None:
    path = _gpkg(tmp_path, geopackage_bytes(layers))
    listed = {str(name): geometry for name, geometry in pyogrio.list_layers(path)}
    assert listed == {"places": "Point", "events": "Point", "presence": "MultiPolygon",
                      "routes": "LineString", "spread": "LineString",
                      "basemap": "MultiPolygon", "sources": None}
    for name in RESEARCH_LAYERS:
        expected = len(json.loads((config.LAYERS_DIR / f"{name}.geojson").read_text(
            encoding="utf-8"))["features"])
        assert pyogrio.read_info(path, layer=name)["features"] == expected, name
    assert pyogrio.read_info(path, layer="sources")["features"] == len(layers.sources) == 5
    assert pyogrio.read_info(path, layer="events")["crs"] == "EPSG:4326"


def test_geopackage_keeps_values_and_json_columns(layers: Layers, tmp_path: Path) -> None:
    path = _gpkg(tmp_path, geopackage_bytes(layers))
    frame = pyogrio.read_dataframe(path, layer="routes")
    originals = {f["id"]: f for f in layers.features("routes")}
    assert sorted(frame["id"]) == sorted(originals)
    for _, row in frame.iterrows():
        props = originals[row["id"]]["properties"]
        assert json.loads(row["evidence"]) == props["evidence"]
        assert json.loads(row["countries_crossed"]) == props["countries_crossed"]
        assert row["length_km"] == pytest.approx(props["length_km"], abs=1e-9)
        assert bool(row["schematic"]) is props["schematic"]
        assert int(row["first_year"]) == props["first_year"]
    info = pyogrio.read_info(path, layer="events")
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert types["year"] == "int64"
    assert types["date_inferred"] == "bool"
    assert types["sources"] == "object"


def test_filtered_geopackage_counts_match_the_selection(layers: Layers, peru_2022: Selection,
                                                        tmp_path: Path) -> None:
    path = _gpkg(tmp_path, geopackage_bytes(layers, selection=peru_2022))
    for name in ("places", "events", "presence", "routes", "spread"):
        assert pyogrio.read_info(path, layer=name)["features"] == len(peru_2022.layer(name))
    assert pyogrio.read_info(path, layer="basemap")["features"] == 50
    assert pyogrio.read_info(path, layer="spread")["features"] == 0  # empty layers are kept


def test_geopackage_is_deterministic(layers: Layers) -> None:
    assert geopackage_bytes(layers) == geopackage_bytes(layers)


# --- CSV --------------------------------------------------------------------------------

def test_events_csv_has_one_row_per_event_with_sources(layers: Layers) -> None:
    text = events_csv(layers)
    assert text.removeprefix("\ufeff").splitlines()[0].split(",") == EVENT_HEADER
    rows = _rows(text)
    events = {f["id"]: f for f in layers.features("events")}
    assert [r["id"] for r in rows] == sorted(events)
    assert len(rows) == 37
    for row in rows:
        props = events[row["id"]]["properties"]
        assert row["source_ids"].split(";") == props["sources"]
        for evidence in props["evidence"]:
            assert f"“{evidence['quote']}” [{evidence['source']}]" in row["quotes"].split("\n")
        assert [float(row["lon"]), float(row["lat"])] == events[row["id"]]["geometry"][
            "coordinates"]
        assert row["date_inferred"] == ("true" if props["date_inferred"] else "false")
        assert row["date_end"] == (props["date_end"] or "")
        # full citations (outlet, title, date), the one rule of geo.data.text
        assert row["citations"].split("\n") == [source_citation(s, layers.sources)
                                                for s in props["sources"]]
    # both languages' words are data columns: the Spanish title and place name beside them
    by_id = {r["id"]: r for r in rows}
    murders = by_id["ev-2022-02-19-lima-sex-workers-murdered"]
    assert (murders["title"], murders["title_es"]) == (
        "Two Ecuadorean sex workers murdered in downtown Lima",
        "Dos trabajadoras sexuales ecuatorianas asesinadas en el centro de Lima")
    assert (murders["place_name"], murders["place_name_es"]) == ("Downtown Lima",
                                                                 "Centro de Lima")
    assert by_id["ev-2022-11-10-gallegos-arrests"]["place_name_es"] == ""  # Lima is Lima


def test_figures_csv_has_one_row_per_figure_per_source(layers: Layers) -> None:
    rows = _rows(figures_csv(layers))
    expected = sum(len(f["properties"]["figures"]) for f in layers.features("events"))
    assert len(rows) == expected
    assert list(rows[0]) == ["event_id", "figure", "value", "qualifier", "unit",
                             "attributed_to", "source_id", "citation", "quote",
                             "sources_disagree"]
    assert {r["sources_disagree"] for r in rows} <= {"true", "false"}


def test_sources_csv_lists_the_catalog(layers: Layers, peru_2022: Selection) -> None:
    assert [r["id"] for r in _rows(sources_csv(layers))] == sorted(layers.sources)
    cited = {s for name in ("places", "events", "presence", "routes", "spread")
             for f in peru_2022.layer(name) for s in f["properties"]["sources"]}
    assert [r["id"] for r in _rows(sources_csv(layers, selection=peru_2022))] == sorted(cited)
    citations = {r["id"]: r["citation"] for r in _rows(sources_csv(layers))}
    assert citations["ic-2022-guillen-interview"] == GUILLEN


def test_csv_cells_cannot_smuggle_rows(layers: Layers) -> None:
    """Quotes with commas, quotes and newlines stay inside their cell."""
    rows = _rows(events_csv(layers))
    assert all(len(r) == len(EVENT_HEADER) for r in rows)
    assert any("\n" in r["quotes"] for r in rows)


def _with_titles(layers: Layers, titles: list[str]) -> Layers:
    """A copy of `layers` whose first events carry `titles`."""
    hostile = copy.deepcopy(layers)
    events = sorted(hostile.collections["events"]["features"], key=lambda f: str(f["id"]))
    for feature, title in zip(events, titles, strict=False):
        feature["properties"]["title"] = title
    return hostile


FORMULAS = ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd", "\tTAB", "\rCR",
            "=HYPERLINK(\"http://evil.example\")"]


def test_csv_starts_with_a_bom_for_excel(layers: Layers, tmp_path: Path) -> None:
    for text in (events_csv(layers), figures_csv(layers), sources_csv(layers)):
        assert text.startswith("\ufeffid,") or text.startswith("\ufeffevent_id,")
        assert text.count("\ufeff") == 1
    assert main(["export", "csv", "--out", str(tmp_path / "c")]) == 0
    raw = (tmp_path / "c" / "events.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,title,")
    assert "Tarapacá".encode() in raw  # UTF-8, which Excel reads because of the BOM


def test_csv_neutralises_formulas(layers: Layers) -> None:
    hostile = _with_titles(layers, FORMULAS)
    rows = {r["id"]: r for r in _rows(events_csv(hostile))}
    events = sorted(hostile.collections["events"]["features"], key=lambda f: str(f["id"]))
    titles = [rows[str(f["id"])]["title"] for f in events[:len(FORMULAS)]]
    # tab and carriage return are controls: removed (a CR is a line feed) before the check
    assert titles == ["'=1+1", "'+SUM(A1:A9)", "'-2+3", "'@cmd", "TAB", "\nCR",
                      "'=HYPERLINK(\"http://evil.example\")"]
    # Numbers stay numbers: a negative longitude is data, not a formula.
    assert all(float(r["lon"]) < 0 for r in rows.values())
    assert not any(r["lon"].startswith("'") for r in rows.values())


@pytest.mark.parametrize(("text", "cell"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\t1", "'\t1"),
    ("\r1", "'\r1"), ("1=1", "1=1"), ("Tarapacá", "Tarapacá"), ("", ""), (" =1", " =1"),
])
def test_neutralise_formula(text: str, cell: str) -> None:
    assert neutralise_formula(text) == cell


# --- Data Package -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def package(layers: Layers) -> dict[str, bytes]:
    return datapackage_files(layers)


def _descriptor(files: dict[str, bytes]) -> dict[str, Any]:
    descriptor: dict[str, Any] = json.loads(files["datapackage.json"])
    return descriptor


def test_datapackage_resources_exist_with_size_and_hash(package: dict[str, bytes]) -> None:
    descriptor = _descriptor(package)
    paths = [r["path"] for r in descriptor["resources"]]
    assert sorted(paths) == sorted(p for p in package if p != "datapackage.json")
    assert len({r["name"] for r in descriptor["resources"]}) == len(paths)
    for resource in descriptor["resources"]:
        data = package[resource["path"]]
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_datapackage_fields_match_the_csv_headers(package: dict[str, bytes]) -> None:
    tables = [r for r in _descriptor(package)["resources"]
              if r["profile"] == "tabular-data-resource"]
    assert [t["name"] for t in tables] == ["events", "figures", "sources"]
    for table in tables:
        text = package[table["path"]].decode(table["encoding"])
        header = next(csv.reader(io.StringIO(text)))
        fields = table["schema"]["fields"]
        assert [f["name"] for f in fields] == header
        assert all(f["description"] for f in fields), table["name"]
        assert {f["type"] for f in fields} <= {"string", "integer", "number", "boolean"}


def test_datapackage_csv_values_fit_their_types(package: dict[str, bytes]) -> None:
    checks = {"integer": int, "number": float,
              "boolean": lambda v: {"true": True, "false": False}[v]}
    for table in _descriptor(package)["resources"]:
        if table["profile"] != "tabular-data-resource":
            continue
        assert table["encoding"] == "utf-8-sig"  # Excel: the files start with a BOM
        rows = _rows(package[table["path"]].decode("utf-8"))
        for field in table["schema"]["fields"]:
            for row in rows:
                value = row[field["name"]]
                if value == "":
                    assert not field.get("constraints", {}).get("required"), field["name"]
                elif field["type"] in checks:
                    checks[field["type"]](value)
                if "enum" in field.get("constraints", {}) and value:
                    assert value in field["constraints"]["enum"]


def test_datapackage_geojson_fields_match_the_features(package: dict[str, bytes]) -> None:
    for resource in _descriptor(package)["resources"]:
        if resource["format"] != "geojson":
            continue
        collection = json.loads(package[resource["path"]])
        names = [f["name"] for f in resource["schema"]["fields"]]
        assert names[0] == "id"
        assert names[-1] == "geometry"
        keys = {k for f in collection["features"] for k in f["properties"]} - {"id"}
        assert set(names[1:-1]) == keys, resource["name"]
        assert all(f["properties"].get("id", f["id"]) == f["id"]
                   for f in collection["features"])


def test_datapackage_licences_and_sources(package: dict[str, bytes]) -> None:
    descriptor = _descriptor(package)
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    by_name = {r["name"]: r for r in descriptor["resources"]}
    assert [lic["name"] for lic in by_name["basemap-geojson"]["licenses"]] == ["public-domain"]
    assert [lic["name"] for lic in by_name["events-geojson"]["licenses"]] == ["CC-BY-4.0"]
    titles = [s["title"] for s in descriptor["sources"]]
    assert len(titles) == 5 + 2
    assert any(t.startswith("Natural Earth") for t in titles)
    assert any(t.startswith("GeoNames") for t in titles)
    assert "filters" not in descriptor


def test_filtered_datapackage_says_so(layers: Layers, peru_2022: Selection) -> None:
    descriptor = _descriptor(datapackage_files(layers, selection=peru_2022))
    assert descriptor["filters"] == {"year": 2022, "mode": "only",
                                     "phrases": ["Countries: PER"]}
    assert "Selection: 2022 only · Countries: PER." in descriptor["description"]


def test_datapackage_zip_is_deterministic_and_complete(layers: Layers,
                                                       package: dict[str, bytes]) -> None:
    data = datapackage_zip(layers)
    assert data == datapackage_zip(layers)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == [f"tda-map/{p}" for p in package]
        assert archive.read("tda-map/data/events.csv") == package["data/events.csv"]
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# --- citation ---------------------------------------------------------------------------

def test_citation_reads_citation_cff(layers: Layers, tmp_path: Path) -> None:
    cff = tmp_path / "CITATION.cff"
    cff.write_text('cff-version: 1.2.0\ntitle: "A & B map"\nversion: 9.9.9\n'
                   'date-released: "2030-01-02"\nrepository-code: "https://example.org/r"\n'
                   "authors:\n  - family-names: Doe\n    given-names: Jane\n", encoding="utf-8")
    text = citation_text(layers, citation_path=cff)
    assert text.startswith("Cite this data as:\nJane Doe (2030). A & B map (version 9.9.9, "
                           "data as of 2025-02-12) [Data set]. Licence CC-BY-4.0. "
                           "https://example.org/r\n")
    assert "  title = {A \\& B map}," in text
    assert "@misc{tda-map-9-9-9," in text
    assert text.count("\n- ") == 5  # every article
    assert f"\n- {GUILLEN}\n" in text


def test_citation_without_cff_falls_back(layers: Layers, tmp_path: Path) -> None:
    text = citation_text(layers, citation_path=tmp_path / "missing.cff")
    assert text.startswith("Cite this data as:\nTren de Aragua map contributors (2025). "
                           "Tren de Aragua: expansion and trafficking corridors (version "
                           "0.1.0, data as of 2025-02-12) [Data set]. Licence CC-BY-4.0.\n")


def test_bad_citation_cff_is_an_option_error(layers: Layers, tmp_path: Path) -> None:
    cff = tmp_path / "CITATION.cff"
    cff.write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(OptionError, match=r"CITATION\.cff: not valid YAML"):
        citation_text(layers, citation_path=cff)


@pytest.mark.parametrize(("text", "cell"), [
    ("nul\x00here", "nulhere"),
    ("esc\x1b[31mred\x7f\x85", "esc[31mred"),
    ("tab\tvt\x0bff\x0c", "tabvtff"),
    ("line\r\nbreak\rkept\n", "line\nbreak\nkept\n"),
    ("abc\u202edcba\u202c!", "abcdcba!"),
    ("\u2066isolated\u2069 \u202aembedded\u202c", "isolated embedded"),
    ("\t=1+1", "'=1+1"),  # a control removed first cannot hide a formula
    ("שלום", "שלום"),  # letters keep their own direction
])
def test_csv_text_is_cleaned(text: str, cell: str) -> None:
    assert clean_text(text) == cell


def test_a_long_cell_is_cut_at_excels_limit_with_a_visible_marker() -> None:
    cell = clean_text("A" * 200_000)
    assert len(cell) == EXCEL_CELL_CHARS
    assert cell.endswith(" … [cut: 200,000 characters in the data; see the GeoJSON]")
    assert cell.startswith("A" * 32_000)
    astral = clean_text("😀" * 20_000)  # two UTF-16 units each: Excel counts units
    assert len(astral.encode("utf-16-le")) // 2 <= EXCEL_CELL_CHARS
    assert "[cut: 20,000 characters" in astral
    exact = "B" * EXCEL_CELL_CHARS
    assert clean_text(exact) == exact


def test_events_csv_has_no_control_character_and_no_cell_over_the_limit(
        tmp_path: Path) -> None:
    folder = tmp_path / "layers"
    shutil.copytree(TINY_LAYERS, folder)
    path = folder / "events.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    first = collection["features"][0]
    first["properties"]["title"] = "\x00\u202e" + "x" * 200_000
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    rehash(folder)
    rows = list(csv.DictReader(io.StringIO(events_csv(load_layers(folder)).lstrip("\ufeff"))))
    row = next(r for r in rows if r["id"] == first["id"])
    assert row["title"].startswith("xxx")
    assert row["title"].endswith("[cut: 200,000 characters in the data; see the GeoJSON]")
    assert max(len(v) for r in rows for v in r.values()) <= EXCEL_CELL_CHARS
    assert not any(ch in v for r in rows for v in r.values() for ch in "\x00\u202e\r")
