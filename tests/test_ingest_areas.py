"""geo.ingest.areas on paragraphs written for these tests: a part of a country ("northern
Chile", "el sur del Perú", "el norte chileno"), a place the text puts in a part, a list of
one country's regions under a head noun, and data named as the source of a figure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import shapely

from geo.countries import country_polygon
from geo.ingest.candidates import ingest_text
from geo.ingest.claims import speaker
from geo.ingest.gazetteer_index import Index
from geo.parts import part_band_of

TODAY = dt.date(2026, 1, 1)


def ingest(text: str, index: Index, seeds: Path, published: str = "2024-06-01"
           ) -> dict[str, Any]:
    """Candidates for ``text`` against the seeds folder ``seeds`` (made empty if missing)."""
    seeds.mkdir(exist_ok=True)
    return ingest_text(text=text, published=published, seeds_dir=seeds, index=index,
                       today=TODAY, source_id="test")


def place_of(cands: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    return next(p for p in cands["places"] if p["id"] == event["place"])


def in_part(place: dict[str, Any], part: str) -> bool:
    polygon = country_polygon(place["country"])
    south, north = part_band_of(polygon, part)
    point = shapely.Point(place["candidate"]["lon"], place["candidate"]["lat"])
    return polygon.contains(point) and south <= point.y <= north


@pytest.mark.parametrize("case", [
    ("Police arrested 14 members of the gang in northern Colombia on March 3.",
     "COL", "north", "northern Colombia"),
    ("La policía detuvo a 14 presuntos miembros de la banda en el sur del Perú el 3 de marzo.",
     "PER", "south", "sur del Perú"),
    ("Los agentes capturaron el 3 de marzo a 14 personas en el norte chileno.",
     "CHL", "north", "norte chileno"),
    ("On March 3, officers arrested 14 people in Ecuador's south, where the gang is said to "
     "have a foothold. They were taken to the capital.", "ECU", "south", "Ecuador's south"),
])
def test_a_part_of_a_country_is_a_region_place_inside_that_part(
        case: tuple[str, str, str, str], index: Index, tmp_path: Path) -> None:
    text, country, part, words = case
    cands = ingest(text, index, tmp_path / "seeds")
    [event] = cands["events"]
    place = place_of(cands, event)
    assert (event["kind"], event["date"]) == ("arrest", "2024-03-03")
    assert [f["value"] for f in event["figures"]] == [14]
    assert (place["name"], place["country"], place["precision"]) == (words, country, "region")
    assert place["coordinates_from"] == {"method": "country_part", "part": part}
    assert place["region"] == {"name": words, "part": part}
    assert in_part(place, part)
    assert text[slice(*place["candidate"]["mention"]["span"])] == words


def test_a_place_put_in_a_part_keeps_the_entry_that_lies_there(index: Index,
                                                              tmp_path: Path) -> None:
    cands = ingest("Police arrested 5 people in Arequipa, in southern Peru, on May 4.",
                   index, tmp_path / "seeds")
    [event] = cands["events"]
    place = place_of(cands, event)
    assert (place["name"], place["precision"]) == ("Arequipa", "city")
    assert place["region"] == {"name": "southern Peru", "part": "south"}
    assert in_part(place, "south")
    assert not any(p["coordinates_from"]["method"] == "country_part" for p in cands["places"])


def test_a_place_the_text_puts_where_no_entry_of_its_name_lies_becomes_the_part(
        index: Index, tmp_path: Path) -> None:
    # Iquitos is in Peru's far north: "Iquitos, in southern Peru" has no gazetteer reading
    cands = ingest("Police arrested 5 people in Iquitos, in southern Peru, on May 4.",
                   index, tmp_path / "seeds")
    [event] = cands["events"]
    place = place_of(cands, event)
    assert place["coordinates_from"] == {"method": "country_part", "part": "south"}
    assert place["name"] == "Iquitos (southern Peru)"
    assert "no gazetteer entry of that name lies there" in place["location_note"]
    assert in_part(place, "south")
    assert "Iquitos" in {a["name"] for a in place["candidate"]["alternatives"]}


def test_presence_in_a_part_of_a_country_is_presence_in_that_country(
        index: Index, tmp_path: Path) -> None:
    cands = ingest("The gang now has a presence in southern Colombia, officials said.",
                   index, tmp_path / "seeds")
    assert [(p["country"], p["claims"][0]["presence_kind"]) for p in cands["presence"]] == [
        ("COL", "reported_present_by")]


@pytest.mark.parametrize("case", [
    ("Venezuela's three western states – Zulia, Táchira and Apure – saw more than 300 arrests "
     "in 2023, and the police said that the number is the highest in a decade for them.",
     "VEN", "Zulia", "Táchira", "Venezuela's three western states"),
    ("Las regiones de Valparaíso y Los Lagos registraron 40 homicidios en 2023.",
     "CHL", "Valparaíso", "Los Lagos", "regiones de Valparaíso y Los Lagos"),
])
def test_a_list_of_regions_under_a_head_noun_is_one_band(
        case: tuple[str, str, str, str, str], index: Index, tmp_path: Path) -> None:
    text, country, north, south, name = case
    cands = ingest(text, index, tmp_path / "seeds")
    [event] = cands["events"]
    place = place_of(cands, event)
    assert (place["name"], place["country"], place["precision"]) == (name, country, "region")
    assert place["coordinates_from"]["method"] == "latitude_band"
    alts = place["candidate"]["alternatives"]
    ends = {a["id"]: a for a in alts}
    top = ends[str(place["coordinates_from"]["north"]["geonameid"])]
    bottom = ends[str(place["coordinates_from"]["south"]["geonameid"])]
    assert (top["name"], bottom["name"]) == (north, south)
    assert bottom["lat"] <= place["candidate"]["lat"] <= top["lat"]
    assert country_polygon(country).contains(
        shapely.Point(place["candidate"]["lon"], place["candidate"]["lat"]))
    # the members are its alternatives, not places of their own
    assert len(cands["places"]) == len({p["id"] for p in cands["places"]})
    assert not {north, south} & {p["name"] for p in cands["places"]}


def test_the_next_sentence_about_these_areas_is_placed_at_the_band(index: Index,
                                                                   tmp_path: Path) -> None:
    cands = ingest("Colombia's departments of Antioquia and Nariño are the main routes.\n\n"
                   "Police figures showed that seizures there rose from 120 in 2020 to 310 in "
                   "2023.", index, tmp_path / "seeds")
    years = {e["date"]: e for e in cands["events"]}
    assert set(years) == {"2020", "2023"}
    for event in years.values():
        place = place_of(cands, event)
        assert place["coordinates_from"]["method"] == "latitude_band"
        assert event["evidence"][0]["said_by"] == "Police figures"
    assert [f["value"] for f in years["2023"]["figures"]] == [310]


def test_regions_joined_without_a_head_noun_stay_apart(index: Index, tmp_path: Path) -> None:
    cands = ingest("Police arrested 12 people in Antioquia and Nariño on May 4.", index,
                   tmp_path / "seeds")
    assert not any(p["coordinates_from"]["method"] == "latitude_band" for p in cands["places"])


@pytest.mark.parametrize(("sentence", "who"), [
    ("Police statistics showed that entries rose from 300 in 2019 to 900 in 2021.",
     "Police statistics"),
    ("Official figures from the Interior Ministry showed 40 murders.",
     "Official figures from the Interior Ministry"),
    ("Datos de la Fiscalía revelan que hubo 40 homicidios.", "Datos de la Fiscalía"),
    ("The data show that murders rose.", None),
    ("Las nuevas cifras muestran un aumento.", None),
])
def test_data_named_as_the_source_is_who_said_it(sentence: str, who: str | None) -> None:
    assert speaker(sentence) == who
