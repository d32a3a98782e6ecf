"""Corridor candidates (geo.ingest.corridors) on paragraphs written for these tests: a
movement "from X to Y" with the words of its kind, in English and Spanish; what is not one;
and an accepted corridor that builds into the routes layer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from geo.ingest import accept
from geo.ingest.gazetteer_index import Index
from tests.test_ingest import base_seeds
from tests.test_ingest_areas import ingest


def ends(cands: dict[str, Any], corridor: dict[str, Any]) -> list[tuple[str, str]]:
    names = {p["id"]: (p["name"], p["country"]) for p in cands["places"]}
    return [names[w] for w in corridor["waypoints"]]


def test_a_movement_between_two_towns_is_a_corridor(index: Index, tmp_path: Path) -> None:
    text = ("In 2023 the Tren de Aragua moved migrants from Tacna to Arica through the desert, "
            "the police said in a statement on Monday.")
    cands = ingest(text, index, tmp_path / "seeds")
    [corridor] = cands["corridors"]
    assert corridor["kind"] == "migrant_smuggling"
    assert ends(cands, corridor) == [("Tacna", "PER"), ("Arica", "CHL")]
    assert (corridor["first_year"], corridor["last_year"], corridor["years_inferred"]) == (
        2023, 2023, False)
    assert (corridor["schematic"], corridor["schematic_note"]) == (False, None)
    assert (corridor["certainty"], corridor["groups"]) == ("reported", ["tren-de-aragua"])
    assert corridor["name"] == "Migrant smuggling from Tacna to Arica"
    [evidence] = corridor["evidence"]
    assert evidence["quote"] == text
    assert text[slice(*corridor["candidate"]["quote_span"])] == text


def test_each_kind_the_sentence_names_is_its_own_corridor(index: Index,
                                                        tmp_path: Path) -> None:
    text = ("La banda trasladaba cocaína y armas desde Cúcuta hasta Bogotá, según la "
            "fiscalía, que no dio más detalles sobre la ruta.")
    cands = ingest(text, index, tmp_path / "seeds")
    kinds = {c["kind"]: c for c in cands["corridors"]}
    assert set(kinds) == {"drug_transport", "weapons_flow"}
    for corridor in kinds.values():
        assert ends(cands, corridor) == [("Cúcuta", "COL"), ("Bogotá", "COL")]
        assert corridor["years_inferred"] is True
        assert "2024" in corridor["years_note"]
        assert corridor["evidence"][0]["said_by"] == "la fiscalía"


def test_a_hedged_movement_between_countries_is_suspected_and_schematic(
        index: Index, tmp_path: Path) -> None:
    cands = ingest("The gang allegedly smuggled migrants from Ecuador to Peru in 2022, "
                   "according to prosecutors in the case.", index, tmp_path / "seeds")
    [corridor] = cands["corridors"]
    assert corridor["certainty"] == "suspected"
    assert corridor["name"].startswith("Suspected migrant smuggling from Ecuador to Peru")
    assert "allegedly" in corridor["certainty_note"]
    assert corridor["schematic"] is True
    assert "Ecuador and Peru" in corridor["schematic_note"]


@pytest.mark.parametrize("text", [
    "Last week ten members of the gang were deported to Guantanamo Bay in Cuba, officials said.",
    "Migrants crossed from Colombia into the jungle, where the gang charged them a fee.",
    "Gang smuggles migrants from Tacna to Arica, police say\n\nThe report gave no figures "
    "and no dates for the arrests that the police made in the city.",
])
def test_no_corridor_without_both_ends_in_a_sentence(text: str, index: Index,
                                                    tmp_path: Path) -> None:
    assert ingest(text, index, tmp_path / "seeds")["corridors"] == []


def test_drug_trafficking_is_not_human_trafficking(index: Index, tmp_path: Path) -> None:
    cands = ingest("The cell ran drug trafficking from Guayaquil to Lima in 2022, the "
                   "police said in a statement.", index, tmp_path / "seeds")
    assert [c["kind"] for c in cands["corridors"]] == ["drug_transport"]


def test_an_accepted_corridor_is_built_into_the_routes_layer(index: Index,
                                                             tmp_path: Path) -> None:
    seeds = base_seeds(tmp_path / "seeds")
    text = ("In 2023 the Tren de Aragua moved migrants from Tacna to Arica through the desert, "
            "the police said in a statement on Monday.")
    cands = ingest(text, index, seeds)
    [corridor] = cands["corridors"]
    saved = accept.save_story(candidates=cands, accept=corridor["id"], text=text, seeds=seeds,
                              layers=tmp_path / "layers", docs=tmp_path / "docs")
    assert saved.added["corridors"] == [corridor["id"]]
    assert len(saved.added["places"]) == 2  # its two ends, accepted with it
    routes = json.loads((tmp_path / "layers" / "routes.geojson").read_text("utf-8"))
    [feature] = [f for f in routes["features"] if f["properties"]["id"] == corridor["id"]]
    assert feature["properties"]["first_year"] == 2023
    assert feature["geometry"]["type"] == "LineString"
