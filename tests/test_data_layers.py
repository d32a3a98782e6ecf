"""The built layers: known features field by field, counts, placement, quotes, determinism."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import shapely

from geo import config
from geo.countries import country_polygon
from geo.dates import parse_partial_date
from geo.pipeline.build import build
from tests.conftest import features_by_id, read_layer

S0, S1 = "ic-2022-gallegos-prisons", "ic-2022-guillen-interview"
S2, S3 = "caicedo-2025-lima-rescue", "news-2025-hijos-de-dios"
S4 = "ic-2022-migrants-chile"


def _figures(feature: dict[str, Any], name: str) -> list[tuple[Any, str, str]]:
    return [(f["value"], f["qualifier"], f["source"])
            for f in feature["properties"]["figures"] if f["figure"] == name]


def test_layer_counts() -> None:
    counts = {name: len(read_layer(name)["features"])
              for name in ("places", "events", "presence", "routes", "spread", "countries")}
    assert counts == {"places": 35, "events": 37, "presence": 11, "routes": 18, "spread": 3,
                      "countries": 50}


def test_february_2025_rescue_keeps_every_source_figure() -> None:
    rescue = features_by_id("events")["ev-2025-02-07-lima-rescue"]
    props = rescue["properties"]
    assert (props["date"], props["date_precision"], props["date_inferred"]) == (
        "2025-02-07", "day", True)
    assert (props["place"], props["country"], props["geo_precision"]) == ("lima", "PER", "city")
    assert props["groups"] == ["hijos-de-dios", "tren-de-aragua"]
    assert _figures(rescue, "rescued") == [(120, "about", S2), (84, "exact", S3),
                                           (123, "exact", S3)]
    attributed = {f["value"]: f["attributed_to"] for f in props["figures"]
                  if f["figure"] == "rescued"}
    assert attributed == {120: None, 84: "US Embassy in Peru (translated statement)",
                          123: "Peruvian police"}
    assert props["figures_disagree"] == ["rescued"]
    assert rescue["geometry"]["coordinates"] == [-77.02824, -12.04318]


def test_february_2025_arrests_24_against_at_least_23() -> None:
    props = features_by_id("events")["ev-2025-02-07-lima-arrests"]["properties"]
    arrested = [(f["value"], f["qualifier"], f["source"]) for f in props["figures"]
                if f["figure"] == "arrested"]
    assert arrested == [(24, "exact", S2), (23, "at_least", S3)]
    assert props["figures_disagree"] == []
    assert props["figures_agreement"] == "compatible"
    assert props["sources"] == [S2, S3]


def test_november_10_gallegos_arrests_year_is_inferred() -> None:
    props = features_by_id("events")["ev-2022-11-10-gallegos-arrests"]["properties"]
    assert (props["date"], props["year"], props["date_inferred"]) == ("2022-11-10", 2022, True)
    assert "without a year" in props["date_note"]
    assert [(f["value"], f["source"]) for f in props["figures"]] == [(30, S0), (30, S1)]
    assert props["figures_disagree"] == []


def test_chile_arrests_span_march_to_june_2022() -> None:
    props = features_by_id("events")["ev-2022-chile-gallegos-arrests"]["properties"]
    assert (props["date"], props["date_end"], props["date_precision"]) == (
        "2022-03", "2022-06", "month")
    assert (props["year"], props["year_end"], props["date_inferred"]) == (2022, 2022, False)
    assert _figures(features_by_id("events")["ev-2022-chile-gallegos-arrests"], "arrested") == [
        (14, "exact", S0)]


def test_colchane_is_snapped_into_chile_and_pisiga_faces_it_in_bolivia() -> None:
    places = features_by_id("places")
    colchane, pisiga = places["colchane"]["properties"], places["pisiga"]["properties"]
    assert (colchane["gazetteer_id"], colchane["coordinates_method"], colchane["moved_km"]) == (
        "geonames:3894309", "gazetteer_snapped", 1.49)
    assert (pisiga["coordinates_method"], pisiga["country"], pisiga["geo_precision"]) == (
        "across_border", "BOL", "city")
    assert places["colchane"]["geometry"]["coordinates"] == [-68.64522, -19.28721]
    assert places["pisiga"]["geometry"]["coordinates"] == [-68.63858, -19.2773]


def test_places_without_a_gazetteer_entry_say_so() -> None:
    places = features_by_id("places")
    tocoron = places["tocoron-prison"]["properties"]
    assert (tocoron["kind"], tocoron["geo_precision"], tocoron["gazetteer_id"]) == (
        "base", "region", "geonames:3632998")
    assert "Neither GeoNames extract" in tocoron["location_note"]
    san_ramon = places["san-ramon-prison"]["properties"]
    assert (san_ramon["geo_precision"], san_ramon["coordinates_method"]) == (
        "region", "country_part")
    assert "central Peru" in san_ramon["location_note"]
    assert "no gazetteer consulted identifies it" in san_ramon["location_note"]


@pytest.mark.parametrize("layer", ["places", "events"])
def test_every_point_falls_inside_the_country_it_claims(layer: str) -> None:
    outside = [
        f["id"] for f in read_layer(layer)["features"]
        if not country_polygon(f["properties"]["country"]).contains(
            shapely.Point(*f["geometry"]["coordinates"]))
    ]
    assert outside == []


def test_presence_keeps_disagreeing_origin_years() -> None:
    presence = features_by_id("presence")
    venezuela = presence["presence-ven"]["properties"]
    assert (venezuela["first_reported_year"], venezuela["first_reported_inferred"],
            venezuela["first_reported_source"]) == (2011, True, S2)
    assert venezuela["claim_years"] == [2011, 2014, 2022]
    assert [(c["year"], c["source"], c["presence_kind"]) for c in venezuela["claims"]] == [
        (2011, S2, "first_reported"), (2014, S3, "first_reported"),
        (2022, "ic-2022-migrants-chile", "reported_present_by")]
    first_years = {p["properties"]["country"]: p["properties"]["first_reported_year"]
                   for p in presence.values()}
    assert first_years == {"BOL": 2022, "BRA": 2025, "CHL": 2022, "COL": 2018, "CRI": 2025,
                           "ECU": 2022, "MEX": 2025, "PAN": 2025, "PER": 2021, "USA": 2025,
                           "VEN": 2011}


def _all_quotes() -> list[tuple[str, str, str]]:
    found = []
    for name in ("places", "events", "presence", "routes", "spread"):
        for feature in read_layer(name)["features"]:
            props = feature["properties"]
            for field in ("evidence", "figures", "claims"):
                found += [(feature["id"], item["source"], item["quote"])
                          for item in props.get(field, [])]
    return found


def test_every_quote_is_verbatim_in_its_article(articles: dict[str, str]) -> None:
    quotes = _all_quotes()
    missing = [(fid, source, q) for fid, source, q in quotes if q not in articles[source]]
    assert len(quotes) == 200
    assert missing == []


def test_layers_are_rfc7946_sorted_and_keep_accents() -> None:
    for name in ("places", "events", "presence", "routes", "spread", "countries", "basemap"):
        raw = (config.LAYERS_DIR / f"{name}.geojson").read_bytes()
        collection = json.loads(raw)
        assert "crs" not in collection
        ids = [f["id"] for f in collection["features"]]
        assert ids == sorted(ids)
        assert len(ids) == len(set(ids))
        for line in raw.decode("utf-8").splitlines()[1:-1]:
            feature = json.loads(line.rstrip(","))
            assert json.dumps(feature, sort_keys=True, ensure_ascii=False,
                              separators=(",", ":")) == line.rstrip(",")
    places = (config.LAYERS_DIR / "places.geojson").read_text(encoding="utf-8")
    assert "Cúcuta" in places
    assert "Tocorón" in places
    assert "\\u00" not in places


def _digest(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def test_build_is_deterministic_and_matches_the_committed_layers(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    counts = build(layers_dir=first, docs_dir=tmp_path / "docs_a")
    build(layers_dir=second, docs_dir=tmp_path / "docs_b")
    assert counts["events"] == 37
    assert _digest(first) == _digest(second)
    committed = {k: v for k, v in _digest(config.LAYERS_DIR).items() if k in _digest(first)}
    assert _digest(first) == committed
    assert (tmp_path / "docs_a" / "data-dictionary.md").read_bytes() == (
        config.DOCS_DIR / "data-dictionary.md").read_bytes()


def test_provenance_lists_every_layer_with_its_hash() -> None:
    provenance = json.loads((config.LAYERS_DIR / "provenance.json").read_text("utf-8"))
    assert provenance["data_as_of"] == "2025-02-12"
    assert sorted(provenance["layers"]) == sorted(
        f"{n}.geojson" for n in ("basemap", "countries", "events", "places", "presence",
                                 "routes", "spread"))
    for name, entry in provenance["layers"].items():
        digest = hashlib.sha256((config.LAYERS_DIR / name).read_bytes()).hexdigest()
        assert entry["sha256"] == digest, name
    assert provenance["layers"]["events.geojson"]["articles"] == sorted([S0, S1, S2, S3, S4])


def test_no_event_date_is_in_the_future() -> None:
    last = max(parse_partial_date(f["properties"]["date"],
                                  precision=f["properties"]["date_precision"])
               for f in read_layer("events")["features"])
    assert last == dt.date(2025, 2, 7)
