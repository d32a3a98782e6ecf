"""The project's own words in Spanish (issue 15 §8): place names, event titles and corridor
names have a Spanish label (`name_es`, `title_es`) that every Spanish view shows, picked by
one function (`geo.data.text.label`); quotes stay verbatim; English is unchanged."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from geo.data import text
from geo.data.selection import Filters, Layers, load_layers, select
from geo.errors import DataError
from geo.pipeline.catalog import load_seeds
from geo.views.leaflet.payload import payload
from geo.views.print.render import render_briefing

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


def _entries(data: dict[str, Any], layer: str) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in data["layers"][layer]["features"]}


@pytest.fixture(scope="module")
def spanish(layers: Layers) -> dict[str, Any]:
    return payload(layers, lang="es")


@pytest.fixture(scope="module")
def english(layers: Layers) -> dict[str, Any]:
    return payload(layers, lang="en")


def test_label_picks_the_spanish_field_a_country_name_or_the_english() -> None:
    place = {"id": "x", "name": "Tocorón prison", "name_es": "Penal de Tocorón",
             "country": "VEN"}
    assert text.label(place, lang="es") == "Penal de Tocorón"
    assert text.label(place, lang="en") == "Tocorón prison"
    assert text.label({"name": "Lima", "name_es": None, "country": "PER"}, lang="es") == "Lima"
    assert text.label({"name": "Peru", "country": "PER"}, lang="es") == "Perú"
    assert text.label({"name": "United States", "country": "USA"}, lang="es") == (
        "Estados Unidos")
    event = {"title": "Raid in Peru", "title_es": "", "place_name": "Peru",
             "place_name_es": None, "country": "PER"}
    assert text.label(event, lang="es") == "Raid in Peru"  # an empty translation is none
    assert text.label(event, lang="es", field="place_name") == "Perú"
    assert text.other_labels(place, lang="es") == ["Tocorón prison"]
    assert text.other_labels({"name": "Lima", "country": "PER"}, lang="es") == []


def test_the_spanish_payload_names_places_events_and_corridors_in_spanish(
        spanish: dict[str, Any]) -> None:
    places, events = _entries(spanish, "places"), _entries(spanish, "events")
    routes, presence = _entries(spanish, "routes"), _entries(spanish, "presence")
    tocoron = places["tocoron-prison"]
    assert (tocoron["name"], tocoron["p"]["title"]) == ("Penal de Tocorón", "Penal de Tocorón")
    assert places["venezuela-border-trails"]["name"] == (
        "Trochas fronterizas del lado venezolano cerca de Cúcuta")
    assert places["lima"]["name"] == "Lima"
    murders = events["ev-2022-02-19-lima-sex-workers-murdered"]
    assert murders["name"] == murders["p"]["title"] == (
        "Dos trabajadoras sexuales ecuatorianas asesinadas en el centro de Lima")
    assert murders["place_name"] == "Centro de Lima"
    assert murders["p"]["meta"][1].startswith("Centro de Lima (")
    assert events["ev-2024-peru-members-captured"]["place_name"] == "Perú"
    money = routes["cor-money-lima-tocoron"]
    assert money["p"]["title"] == (
        "Ganancias muy probablemente enviadas con mensajeros de Lima a Tocorón")
    assert "Lima → Penal de Tocorón" in money["p"]["meta"]
    assert "Estados Unidos → Bahía de Guantánamo" in (
        routes["cor-deportation-us-guantanamo"]["p"]["meta"])
    assert presence["presence-per"]["p"]["title"] == "Perú"
    # a suspected record's Spanish title keeps the hedge (the quotes: next test)
    assert events["ev-2025-02-01-ice-arrest-us"]["p"]["title"] == (
        "El ICE detiene a un presunto miembro del Tren de Aragua en EE. UU.")


def test_quotes_are_the_same_in_both_languages(spanish: dict[str, Any],
                                               english: dict[str, Any]) -> None:
    for layer in ("places", "events", "routes"):
        es, en = _entries(spanish, layer), _entries(english, layer)
        assert {k: e["p"]["quotes"] for k, e in es.items()} == {
            k: e["p"]["quotes"] for k, e in en.items()}


def test_the_english_payload_keeps_the_english_words(english: dict[str, Any]) -> None:
    places, events = _entries(english, "places"), _entries(english, "events")
    assert places["tocoron-prison"]["name"] == "Tocorón prison"
    assert places["peru"]["name"] == "Peru"
    murders = events["ev-2022-02-19-lima-sex-workers-murdered"]
    assert murders["p"]["title"] == "Two Ecuadorean sex workers murdered in downtown Lima"
    assert murders["place_name"] == "Downtown Lima"
    assert "Lima → Tocorón prison" in _entries(english, "routes")[
        "cor-money-lima-tocoron"]["p"]["meta"]


def test_the_search_finds_a_place_by_its_name_in_either_language(
        spanish: dict[str, Any], english: dict[str, Any]) -> None:
    assert _entries(spanish, "places")["tocoron-prison"]["aliases"] == ["Tocorón prison"]
    assert _entries(english, "places")["tocoron-prison"]["aliases"] == ["Penal de Tocorón"]
    assert _entries(spanish, "places")["peru"]["aliases"] == ["Peru"]
    assert "aliases" not in _entries(spanish, "places")["lima"]


def _svg_texts(svg: bytes) -> str:
    root = ET.fromstring(svg)
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def test_the_spanish_print_writes_the_spanish_place_names(layers: Layers) -> None:
    selection = select(layers, Filters(year=2025))
    spanish = _svg_texts(render_briefing(selection, layers=layers, fmt="svg", lang="es"))
    assert "Penal de Tocorón" in spanish
    assert "Región de Tarapacá" in spanish
    assert "Tocorón prison" not in spanish
    assert "Tarapacá region" not in spanish
    english = _svg_texts(render_briefing(selection, layers=layers, fmt="svg", lang="en"))
    assert "Tocorón prison" in english
    assert "Penal de Tocorón" not in english


@pytest.mark.parametrize(("table", "fid", "field", "bad"), [
    ("places", "tocoron-prison", "name_es", ""),
    ("events", "ev-2022-02-19-lima-sex-workers-murdered", "title_es", 5),
    ("corridors", "cor-money-lima-tocoron", "name_es", "   "),
])
def test_seed_check_rejects_an_empty_or_non_string_spanish_label(
        seeds_copy: Path, table: str, fid: str, field: str, bad: Any) -> None:
    path = seeds_copy / f"{table}.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    for row in rows:
        if row["id"] == fid:
            row[field] = bad
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataError, match=rf"{fid}': field '{field}': must be a non-empty "
                                        r"string"):
        load_seeds(seeds_copy)
