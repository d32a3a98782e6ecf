"""The interactive map: folium structure, the payload, escaping (no browser)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import folium
import pytest

from geo import style, vocab
from geo.data import selection
from geo.data.selection import MODES, Filters, Layers, drawn_span, load_layers, new_year, select
from geo.errors import OptionError
from geo.jsonio import html_safe_json
from geo.style import inset as inset_rule
from geo.views.leaflet.map import build_map
from geo.views.leaflet.payload import UI_STRINGS, payload, quiet_years
from geo.views.leaflet.plugin import FRONTEND_DIR, PAYLOAD_ELEMENT_ID, TimeFilter
from geo.views.leaflet.standalone import html_document, site_files
from geo.views.print.inset import split
from tests.support.mappage import HOSTILE_EVENT, HOSTILE_TITLE, hostile_layers


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


@pytest.fixture(scope="module")
def data(layers: Layers) -> dict:  # type: ignore[type-arg]
    return payload(layers, lang="en")


def _plugin(fmap: folium.Map) -> TimeFilter:
    (plugin,) = [c for c in fmap._children.values() if isinstance(c, TimeFilter)]
    return plugin


def test_map_structure(layers: Layers) -> None:
    fmap = build_map(layers, lang="en", state={"year": 2022})
    assert fmap.options["prefer_canvas"] is True
    assert not [c for c in fmap._children.values() if isinstance(c, folium.TileLayer)]
    plugin = _plugin(fmap)
    assert plugin.options["initial"] == {"year": 2022}
    assert plugin.options["data_element"] == PAYLOAD_ELEMENT_ID
    assert plugin.default_js == [("tda_timefilter", "tda-asset:timefilter.js")]
    assert plugin.default_css == [("tda_timefilter_css", "tda-asset:timefilter.css")]
    assert fmap.default_js == [("leaflet", "tda-asset:leaflet.js")]


def test_map_refuses_unknown_state_and_language(layers: Layers) -> None:
    with pytest.raises(OptionError, match="unknown state key"):
        build_map(layers, lang="en", state={"yaer": 2022})
    with pytest.raises(OptionError, match="language 'fr'"):
        build_map(layers, lang="fr")


def test_plugin_needs_one_data_source() -> None:
    with pytest.raises(OptionError, match="exactly one of data"):
        TimeFilter()


def test_payload_holds_every_feature_of_every_layer(layers: Layers, data: dict) -> None:  # type: ignore[type-arg]
    for layer in vocab.LAYERS:
        assert [f["id"] for f in data["layers"][layer]["features"]] == \
            sorted(str(f["id"]) for f in layers.features(layer))
    assert data["layer_order"] == list(vocab.LAYERS)


def test_payload_symbols_and_years_come_from_the_style_model(layers: Layers, data: dict) -> None:  # type: ignore[type-arg]
    ramp = tuple(data["presence_years"])
    for layer in vocab.LAYERS:
        table = data["layers"][layer]["symbols"]
        by_id = {str(f["id"]): f for f in layers.features(layer)}
        for entry in data["layers"][layer]["features"]:
            props = by_id[entry["id"]]["properties"]
            assert table[entry["s"][0]] == style.symbol_for(layer, props, presence_years=ramp)
            assert table[entry["s"][1]] == style.symbol_for(layer, props, state="active",
                                                            presence_years=ramp)
            for mode, span in zip(MODES, entry["d"], strict=True):
                first, last = drawn_span(layer, props, mode=mode)
                assert span == [None if math.isinf(first) else first,
                                None if math.isinf(last) else last]
            assert entry["n"] == new_year(layer, props)


def test_payload_coordinates_are_rounded(data: dict) -> None:  # type: ignore[type-arg]
    text = json.dumps(data["layers"]["events"]["features"])
    assert not re.search(r"\d\.\d{5,}", json.dumps(
        [f["g"] for f in data["layers"]["events"]["features"]]))
    assert "coordinates" in text


def test_payload_strings_years_sources(layers: Layers, data: dict) -> None:  # type: ignore[type-arg]
    assert set(data["strings"]) == set(UI_STRINGS)
    assert data["strings"]["year"] == "Year"
    # the layer toggles read the vocabulary's layer titles, in the payload's language
    assert {k: v for k, v in data["strings"].items() if k.startswith("layer_")} == {
        "layer_presence": "Presence", "layer_spread": "Spread", "layer_routes": "Corridors",
        "layer_places": "Places", "layer_events": "Events"}
    spanish = payload(layers, lang="es")["strings"]
    assert [spanish[f"layer_{name}"] for name in vocab.LAYERS] == [
        vocab.label(name, lang="es") for name in vocab.LAYERS]
    assert data["quiet_years"] == quiet_years(layers)
    assert {2012, 2013, 2014, 2015, 2016} <= set(data["quiet_years"])
    assert set(data["sources"]) == set(layers.sources)
    assert all(s["label"] for s in data["sources"].values())
    assert data["tiles"] is None


def test_payload_popup_fields_are_plain_text(data: dict) -> None:  # type: ignore[type-arg]
    event = next(f for f in data["layers"]["events"]["features"]
                 if f["id"] == "ev-2017-northern-chile-irregular-entries")
    assert event["p"]["title"].startswith("Registered irregular migrant entries")
    assert event["p"]["quotes"][0]["quote"].startswith("Police statistics showed")
    assert event["p"]["figures"][0]["text"] == "2,905 people"


def test_html_safe_json_escapes_what_could_end_a_script() -> None:
    text = html_safe_json({"a": "</script><b>&\u2028\u2029"})
    assert text == '{"a":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u2028\\u2029"}'
    assert json.loads(text) == {"a": "</script><b>&\u2028\u2029"}


def test_hostile_text_never_reaches_markup(tmp_path: Path) -> None:
    hostile = load_layers(hostile_layers(tmp_path / "layers"))
    page = html_document(hostile, lang="en")
    assert "<img src=x" not in page
    assert "\u2028" not in page
    match = re.search(r'<script type="application/json" id="tda-payload">(.*?)</script>',
                      page, flags=re.DOTALL)
    assert match is not None
    parsed = json.loads(match.group(1))
    event = next(f for f in parsed["layers"]["events"]["features"] if f["id"] == HOSTILE_EVENT)
    assert event["p"]["title"] == HOSTILE_TITLE
    assert event["p"]["quotes"][0]["quote"] == HOSTILE_TITLE


def test_plugin_script_uses_no_inner_html_of_data() -> None:
    script = (Path(__file__).resolve().parents[1] / "geo" / "views" / "leaflet" / "assets"
              / "timefilter.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script
    assert "insertAdjacentHTML" not in script
    assert "document.write" not in script


def test_site_files_are_content_hashed(layers: Layers) -> None:
    files = site_files(layers, langs=("en", "es"))
    names = sorted(files)
    assert "index.html" in names
    hashed = [n for n in names if n not in ("index.html", "LICENSE-leaflet.txt")]
    assert sorted(re.sub(r"\.[0-9a-f]{8}\.", ".*.", n) for n in hashed) == [
        "data-en.*.json", "data-es.*.json", "leaflet.*.css", "leaflet.*.js",
        "panels.*.css", "panels.*.js", "timefilter.*.css", "timefilter.*.js"]
    index = files["index.html"].decode("utf-8")
    for name in hashed:
        if not name.startswith("data-"):
            assert f'"{name}"' in index
    assert "tda-asset:" not in index
    assert index.count("TdaPanels.start(") == 1  # the page starts the panels: it needs panels.js
    assert not re.search(r'(src|href)="(https?:)?//', index)


JS_SOURCES = [*sorted((FRONTEND_DIR / "src").rglob("*.js")),
              Path(__file__).parent / "support" / "fake_tda.js"]
_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'')


def test_the_javascript_keeps_no_layer_name_list_and_no_year_rule() -> None:
    """Layer, mode and filter names and the year fields live in Python only: the page reads
    names from the payload and compares the year with spans Python computed."""
    names = set(vocab.LAYERS) | set(MODES) | set(selection.FILTER_NAMES)
    fields = {f for pair in selection.YEAR_FIELDS.values() for f in pair if f}
    fields.add(selection.PLACE_FROM)
    fields.discard("year")  # the events' start field shares its name with the state's year
    word = re.compile(r"\b(" + "|".join(sorted(fields)) + r")\b")
    filter_access = re.compile(r"\.(?:f|filters)\.(?:" + "|".join(selection.FILTER_NAMES)
                               + r")\b")
    assert len(JS_SOURCES) > 10
    for path in JS_SOURCES:
        text = path.read_text(encoding="utf-8")
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.DOTALL)
        literals = {a or b for a, b in _STRING.findall(code)}
        assert not literals & names, (path.name, sorted(literals & names))
        assert not word.search(text), (path.name, word.search(text))
        assert not filter_access.search(code), (path.name, filter_access.search(code))


def test_the_check_would_see_a_layer_list_and_a_year_rule() -> None:
    """The check above fails on the code it forbids (so it can fail)."""
    names = set(vocab.LAYERS)
    bad = 'var order = ["presence", "spread"]; if (p.first_year <= year) {}'
    literals = {a or b for a, b in _STRING.findall(bad)}
    assert literals & names == {"presence", "spread"}
    assert re.search(r"\bfirst_year\b", bad)


def test_payload_flags_the_inset_by_the_print_rule(layers: Layers, data: dict) -> None:  # type: ignore[type-arg]
    """The web inset takes exactly what print's inset takes (one rule, `geo.style.inset`):
    the features north of 15°N, with the box the inset frames."""
    flagged = {e["id"]: e["i"] for name in ("presence", "spread", "routes", "places", "events")
               for e in data["layers"][name]["features"] if "i" in e}
    parts = split(select(layers, Filters(year=2025)))
    assert set(flagged) == {str(f["id"]) for name in ("presence", "routes", "places", "events")
                            for f in parts.inset.layer(name)}
    assert sorted(flagged) == [
        "cor-deportation-us-guantanamo", "ev-2025-01-us-designation",
        "ev-2025-02-01-ice-arrest-us", "ev-2025-02-guantanamo-deportation",
        "ev-2025-02-us-reward-nino-guerrero", "guantanamo-bay", "presence-mex", "presence-usa",
        "united-states"]
    # points and lines lie wholly north; a country by its largest part's centroid (Mexico's
    # southern edge is south of the line)
    assert all(box[1] > inset_rule.INSET_MIN_LAT for i, box in flagged.items()
               if not i.startswith("presence-"))
    assert flagged["presence-mex"][1] < inset_rule.INSET_MIN_LAT
    # a country frames its largest part: the contiguous United States, not Alaska or Hawaii
    assert flagged["presence-usa"][0] > -125.0
    assert flagged["presence-usa"][3] < 50.0
    assert data["style"]["inset"]["min_map_px"] == inset_rule.INSET_MIN_MAP_PX
