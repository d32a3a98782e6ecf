"""Issue 19 §2, the second fact-check: one test per must-fix, weak item and missing fact.

Each asserts what the committed layers now say, against the article text; each fails on the
records before the fix (noted per test). Validator rules get failing inputs built from the old
records.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from geo.data import text
from geo.data.checks import claims
from geo.data.validate import validate_collection
from geo.views.leaflet.payload import _popup
from tests.conftest import features_by_id, read_layer

MIG, CAI, NEWS = "ic-2022-migrants-chile", "caicedo-2025-lima-rescue", "news-2025-hijos-de-dios"
GAL, GUI = "ic-2022-gallegos-prisons", "ic-2022-guillen-interview"
TODAY = dt.date(2026, 1, 1)
SOURCES = frozenset({MIG, CAI, NEWS, GAL, GUI})


def _props(layer: str, fid: str) -> dict[str, Any]:
    props: dict[str, Any] = features_by_id(layer)[fid]["properties"]
    return props


def _quotes(props: dict[str, Any]) -> list[str]:
    return [i["quote"] for field in ("evidence", "figures", "claims")
            for i in props.get(field, [])]


def _problems(layer: str, fid: str, changes: dict[str, Any]) -> list[str]:
    feature = copy.deepcopy(features_by_id(layer)[fid])
    feature["properties"].update(changes)
    return [str(p) for p in validate_collection(
        {"type": "FeatureCollection", "name": layer, "features": [feature]},
        file=f"{layer}.geojson", source_ids=SOURCES, today=TODAY, countries={})]


def _identity(message: str) -> str:
    return message


# --- must fix 1: presence popups never turn "reported present by" into a first year -----------
@pytest.mark.parametrize(("fid", "line"), [
    ("presence-bra", "Reported present by 2025 (the article's date; no first-report date)"),
    ("presence-ecu", "Reported present by 2022 (the article's date; no first-report date)"),
    ("presence-usa", "Reported present by 2025 (the article's date; no first-report date)"),
    ("presence-bol", "Reported present by 2022 (the article's date; no first-report date)"),
    ("presence-per", "First reported in 2021"),
    ("presence-chl", "First reported in 2022"),
    ("presence-col", "First reported soon after 2018 (inferred)"),
    ("presence-ven", "Origin: 2011–2014"),
])
def test_presence_popup_says_what_the_record_says(fid: str, line: str) -> None:
    # before: "First reported: 2025 (inferred)" (Brazil...), "First reported: 2011" (Venezuela)
    props = _props("presence", fid)
    assert text.presence_year_text(props) == line
    popup = _popup("presence", props, _identity, lang="en")
    assert popup["meta"][0] == line
    assert not any(m.startswith("First reported:") for m in popup["meta"])


def test_spread_popup_uses_the_same_year_line() -> None:
    colombia = _popup("spread", _props("spread", "spread-col"), _identity, lang="en")
    assert colombia["meta"][1] == "First reported soon after 2018 (inferred)"
    assert _popup("spread", _props("spread", "spread-per"), _identity, lang="en")["meta"][1] == (
        "First reported in 2021")


@pytest.mark.parametrize(("props", "english", "spanish"), [
    ({"first_year": 2025, "presence_kind": "reported_present_by", "year_qualifier": "exact",
      "first_reported_inferred": True},
     "Reported present by 2025 (the article's date; no first-report date)",
     "Presencia reportada en 2025 (fecha del artículo; sin fecha del primer reporte)"),
    ({"first_year": 2021, "presence_kind": "first_reported", "year_qualifier": "exact",
      "first_reported_inferred": False},
     "First reported in 2021", "Reportado por primera vez en 2021"),
    ({"first_year": 2022, "presence_kind": "first_reported", "year_qualifier": "exact",
      "first_reported_inferred": True},
     "First reported in 2022 (inferred)", "Reportado por primera vez en 2022 (inferido)"),
    ({"first_year": 2018, "presence_kind": "first_reported", "year_qualifier":
      "earliest_possible", "year_inferred": True},
     "First reported soon after 2018 (inferred)",
     "Reportado por primera vez poco después de 2018 (inferido)"),
    ({"first_year": 2011, "presence_kind": "first_reported", "year_qualifier": "range",
      "year_range": [2011, 2014], "first_reported_inferred": True},
     "Origin: 2011–2014", "Origen: 2011–2014"),
    ({"first_year": 2011, "presence_kind": "first_reported", "year_qualifier": "range",
      "year_range": None}, "First reported in 2011", "Reportado por primera vez en 2011"),
    ({"first_year": 2019}, "First reported in 2019", "Reportado por primera vez en 2019"),
])
def test_presence_year_text_for_every_kind_and_qualifier(props: dict[str, Any], english: str,
                                                         spanish: str) -> None:
    assert text.presence_year_text(props) == english
    assert text.presence_year_text(props, lang="es") == spanish


def test_validator_rejects_a_renderer_that_turns_present_by_into_a_first_year(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def old_popup_line(props: Any, **_: Any) -> str:  # the payload's line before the fix
        inferred = " (inferred)" if props.get("first_reported_inferred") else ""
        return f"First reported: {props['first_year']}{inferred}"

    monkeypatch.setattr(claims, "presence_year_text", old_popup_line)
    problems = _problems("presence", "presence-bra", {})
    assert problems == ["presence.geojson: feature 'presence-bra': field 'presence_kind': "
                        "'reported_present_by' but every view would render 'First reported: "
                        "2025 (inferred)'"]


def test_validator_rejects_a_year_line_that_contradicts_the_kind() -> None:
    problems = _problems("presence", "presence-bra", {"presence_kind": "first_reported"})
    assert any("field 'presence_kind'" in p for p in problems)
    problems = _problems("presence", "presence-ven", {"claims": [
        dict(c, quote="The gang has been in Venezuela since 2014.")
        for c in _props("presence", "presence-ven")["claims"]]})
    assert any("field 'year_qualifier'" in p and "no quote of the record speaks of its origin"
               in p for p in problems)


# --- must fix 2: Bolivia's claim, and the validator rule that catches the class ---------------
OLD_BOLIVIA_QUOTE = "It was then that the Tren de Aragua came into contact."
PISIGA_COLCHANE = ("Je Tren de Aragua controls these irregular border crossings on the Bolivian "
                   "side, and on the other side of the border, in Colchane.")


def test_bolivia_is_reported_present_by_2022_on_a_sentence_that_states_presence() -> None:
    bolivia = _props("presence", "presence-bol")
    assert bolivia["presence_kind"] == "reported_present_by"
    assert OLD_BOLIVIA_QUOTE not in _quotes(bolivia)
    claim = next(c for c in bolivia["claims"] if c["quote"] == PISIGA_COLCHANE)
    assert (claim["year"], claim["presence_kind"], claim["said_by"], claim["source"]) == (
        2022, "reported_present_by", None, MIG)
    assert {c["presence_kind"] for c in bolivia["claims"]} == {"reported_present_by"}


def test_validator_rejects_a_first_report_whose_quote_dates_nothing() -> None:
    claims = copy.deepcopy(_props("presence", "presence-bol")["claims"])
    claims[0].update(quote=OLD_BOLIVIA_QUOTE, presence_kind="first_reported")
    problems = _problems("presence", "presence-bol", {"claims": claims,
                                                     "presence_kind": "first_reported"})
    assert any("field 'claims.0.quote'" in p and "must date the presence" in p
               for p in problems)


# --- must fix 3: no spread line Tocorón -> Oruro ------------------------------------------------
def test_no_spread_line_to_bolivia() -> None:
    spread = features_by_id("spread")
    assert "spread-bol" not in spread
    assert "oruro" not in {f["properties"]["target_place"] for f in spread.values()}


# --- must fix 4: the 2018 expansion is not pinned at Tocorón --------------------------------
def test_first_report_outside_venezuela_is_at_colombias_country_point_with_a_note() -> None:
    props = _props("events", "ev-2018-first-reported-outside-venezuela")
    assert (props["place"], props["country"], props["geo_precision"]) == (
        "colombia", "COL", "country")
    assert "names no place" in props["gap_note"]
    assert "soon expanded to Colombia" in props["gap_note"]


# --- must fix 5: the Oruro arrest says whose account the coercion is -------------------------
def test_oruro_arrest_attributes_the_coercion_to_the_unnamed_source() -> None:
    props = _props("events", "ev-2022-oruro-courier-arrest")
    assert "unnamed source's account" in props["title"]
    assert "coerced" not in props["title"]
    assert "Follows the kidnapping" not in props["date_note"]
    assert "unnamed source's account" in props["date_note"]
    assert "account of an unnamed Bolivian source" in props["certainty_note"]
    assert "They told the man that his family had been kidnapped and sent to Chile." in (
        _quotes(props))


# --- must fix 6: the cocaine run's start at Santa Cruz is flagged as inferred -----------------
def test_santa_cruz_cocaine_start_is_flagged_as_inferred() -> None:
    props = _props("routes", "cor-drugs-santa-cruz-chile")
    assert "'from Bolivia to Chile'" in props["schematic_note"]
    assert "start at Santa Cruz" in props["schematic_note"]
    assert "project's inference" in props["schematic_note"]
    assert props["certainty"] == "suspected"
    assert "told" in props["name"]


# --- weak items ---------------------------------------------------------------------------------
def test_tarapaca_quote_keeps_the_whole_list() -> None:
    for layer, fid in (("places", "tarapaca"), ("presence", "presence-chl"),
                       ("events", "ev-2022-03-tarapaca-prosecutors-report")):
        tarapaca = [q for q in _quotes(_props(layer, fid)) if q.startswith("Last March")]
        assert tarapaca, fid
        assert all(q.endswith("exploitation. sex and extortion.") for q in tarapaca), fid


def test_spread_lines_end_at_country_points_and_are_schematic() -> None:
    for fid, place in (("spread-col", "colombia"), ("spread-per", "peru"),
                       ("spread-chl", "chile")):
        props = _props("spread", fid)
        assert props["target_place"] == place
        assert props["schematic"] is True
        assert "No article traces" in props["schematic_note"]
    places = features_by_id("places")
    assert places["norte-de-santander"]["properties"]["visible_from"] == 2022  # was 2018
    assert places["lima"]["properties"]["visible_from"] == 2022  # was 2021


def test_visible_from_of_case_cities_and_the_base() -> None:
    places = features_by_id("places")
    for city in ("la-paz", "cochabamba"):
        props = places[city]["properties"]
        assert props["visible_from"] == 2022  # was null: shown at every year
        assert "InSight Crime has documented similar cases" in props["visible_from_note"]
    tocoron = places["tocoron-prison"]["properties"]
    assert tocoron["visible_from"] == 2011  # was 2018
    assert tocoron["visible_from_note"].startswith("Inferred")
    assert all(p["properties"]["visible_from_note"] for p in places.values()
               if p["properties"]["visible_from"] is not None)


def test_validator_rejects_visible_from_without_a_note() -> None:
    problems = _problems("places", "la-paz", {"visible_from_note": None})
    assert any("field 'visible_from_note'" in p for p in problems)


def test_lima_arrests_and_rescue_carry_the_same_hedge() -> None:
    for fid in ("ev-2025-02-07-lima-arrests", "ev-2025-02-07-lima-rescue"):
        props = _props("events", fid)
        assert "believed to be part of Los Hijos de Dios" in props["title"]
        assert props["certainty"] == "suspected"
        assert "believed to be part of Los Hijos de Dios" in props["certainty_note"]
        assert "hijos-de-dios" in props["groups"]
        embassy = [e for e in props["evidence"] if "On February 8, the US Embassy" in e["quote"]]
        assert [e["said_by"] for e in embassy] == ["US Embassy in Lima"]


def test_validator_rejects_a_suspected_title_without_its_hedge() -> None:
    problems = _problems("events", "ev-2025-02-07-lima-arrests",
                         {"title": "Joint PNP–HSI raids across Lima arrest Hijos de Dios members"})
    assert any("field 'title'" in p and "must carry the article's hedge" in p for p in problems)
    problems = _problems("routes", "cor-money-lima-tocoron",
                         {"name": "Profits couriered from Lima to Tocorón"})
    assert any("field 'name'" in p for p in problems)


def test_validator_rejects_a_suspected_spanish_title_without_its_hedge() -> None:
    assert _problems("events", "ev-2025-02-07-lima-arrests", {}) == []
    problems = _problems("events", "ev-2025-02-07-lima-arrests",
                         {"title_es": "Operativos conjuntos PNP–HSI en Lima detienen a miembros "
                                      "de Los Hijos de Dios"})
    assert any("field 'title_es'" in p and "must carry the article's hedge" in p
               and "presunt" in p for p in problems)
    assert not any("field 'title'" in p for p in problems)  # the English keeps its hedge
    problems = _problems("routes", "cor-money-lima-tocoron",
                         {"name_es": "Ganancias enviadas con mensajeros de Lima a Tocorón"})
    assert any("field 'name_es'" in p for p in problems)
    # a Spanish hedge passes; no Spanish title falls back to the English one (no problem)
    assert _problems("routes", "cor-money-lima-tocoron",
                     {"name_es": "Ganancias que, según se cree, van de Lima a Tocorón"}) == []
    assert _problems("routes", "cor-money-lima-tocoron", {"name_es": None}) == []


@pytest.mark.parametrize("bad", ["", 3])
def test_validator_rejects_an_empty_or_non_string_spanish_name(bad: Any) -> None:
    problems = _problems("places", "tocoron-prison", {"name_es": bad})
    assert any("name_es" in p for p in problems)


def test_validator_rejects_a_translated_verbatim_title() -> None:
    problems = _problems("events", "ev-2022-02-19-lima-sex-workers-murdered",
                         {"title_is_verbatim": True})
    assert any("field 'title_es'" in p and "verbatim" in p for p in problems)


def test_southern_chile_trafficking_starts_at_the_stated_origin_one_line_per_town() -> None:
    routes = features_by_id("routes")
    assert "cor-trafficking-women-southern-chile" not in routes
    for town in ("puerto-montt", "talca", "temuco"):
        props = routes[f"cor-trafficking-women-{town}"]["properties"]
        assert props["waypoints"] == ["cucuta", town]
        assert "'from Colombia and Venezuela'" in props["schematic_note"]
        assert "towns like Puerto Montt, Talca and Temuco" in " ".join(_quotes(props))
        assert props["order_inferred"] is False


# --- missing facts ------------------------------------------------------------------------------
def test_pisiga_colchane_crossing_evidence() -> None:
    assert PISIGA_COLCHANE in _quotes(_props("routes", "cor-smuggling-pisiga-colchane"))
    for place in ("pisiga", "colchane"):
        assert PISIGA_COLCHANE in _quotes(_props("places", place))


@pytest.mark.parametrize(("fid", "quote", "said_by"), [
    ("ev-2022-pnp-us-cooperation", "The PNP has been collaborating with the US government since "
     "2022 to dismantle Tren de Aragua, he said.", "Gen. Aldo Ávila"),
    ("ev-2025-02-avila-peruvian-collaborators", "now relying on Peruvian collaborators",
     "Gen. Aldo Ávila"),
    ("ev-2025-02-us-reward-nino-guerrero", "The US government is offering a $5 million reward "
     "for information leading to Guerrero's capture.", None),
    ("ev-2022-11-guillen-gallegos-chain", "The Gallegos report to a leader we know only as "
     "\"HD,\" who in turn reports to \"Niño\" Guerrero.", "Gen. Ulises Guillén"),
    ("ev-2022-lizana-tarapaca-homicides", "60% now involve a firearm and 70% are due to "
     "settling scores", "Pilar Lizana"),
    ("ev-2022-08-arancibia-prisons-not-ready", "I think our prison system is not ready yet",
     "Raúl Arancibia Cerda"),
])
def test_missing_facts_are_events_with_their_quotes(fid: str, quote: str,
                                                    said_by: str | None) -> None:
    props = _props("events", fid)
    matching = [e for e in props["evidence"] if quote in e["quote"]]
    assert matching, fid
    assert (matching[0]["said_by"] or "").startswith(said_by or "") if said_by else (
        matching[0]["said_by"] is None)


def test_pnp_us_cooperation_runs_from_2022() -> None:
    props = _props("events", "ev-2022-pnp-us-cooperation")
    assert (props["date"], props["date_end"], props["year"], props["year_end"]) == (
        "2022", "2025", 2022, 2025)


def test_afp_all_rescuees_women_and_girls() -> None:
    rescue = _props("events", "ev-2025-02-07-lima-rescue")
    afp = [e for e in rescue["evidence"]
           if "all of the rescuees were women and girls" in e["quote"]]
    assert [(e["source"], e["said_by"]) for e in afp] == [(NEWS, "A police source cited by AFP")]


def test_unattached_presence_claims_are_on_their_countries() -> None:
    lists = {
        "presence-per": {(CAI, 2025), (NEWS, 2025), (MIG, 2022)},
        "presence-chl": {(CAI, 2025), (NEWS, 2025)},
        "presence-col": {(NEWS, 2025), (MIG, 2022)},
    }
    for fid, wanted in lists.items():
        claims = {(c["source"], c["year"]) for c in _props("presence", fid)["claims"]
                  if c["presence_kind"] == "reported_present_by"}
        assert wanted <= claims, fid
    dozens = "dozens of murders attributed to the group in Venezuela, as well as in Colombia."
    for fid in ("presence-col", "presence-ven"):
        assert any(q.endswith(dozens) for q in _quotes(_props("presence", fid))), fid


def test_every_record_quote_is_verbatim(articles: dict[str, str]) -> None:
    for layer in ("places", "events", "presence", "routes", "spread"):
        for feature in read_layer(layer)["features"]:
            props = feature["properties"]
            for field in ("evidence", "figures", "claims"):
                for item in props.get(field, []):
                    assert item["quote"] in articles[item["source"]], (feature["id"], field)
