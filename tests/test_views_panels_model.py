"""The panels' Python side: what they are given, and how the page builders carry them."""

from __future__ import annotations

import json
import re

import pytest

from geo.data.selection import MODES, Filters, Layers, load_layers, select, year_bounds
from geo.views.leaflet import map as leaflet_map
from geo.views.leaflet import panels, payload, standalone
from geo.views.leaflet.plugin import FRONTEND_DIR


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


def _ids(features: list[dict[str, object]]) -> set[str]:
    return {str(f["id"]) for f in features}


def test_new_years_are_the_selection_difference_with_the_year_before(layers: Layers) -> None:
    """The year each feature is new in (the payload's ``n``, what "what changed" lists) is
    the year it enters the selection, in both modes."""
    data = payload.payload(layers, lang="en")
    first, last = year_bounds(layers)
    for layer in payload.CHANGES_LAYERS:
        new_in = {f["id"]: f["n"] for f in data["layers"][layer]["features"]}
        for mode in MODES:
            for year in range(first + 1, last + 1):
                now, before = (select(layers, Filters(year=y, mode=mode)) for y in (year, year - 1))
                entered = _ids(now.layer(layer)) - _ids(before.layer(layer))
                assert entered <= {i for i, n in new_in.items() if n == year}, (layer, mode, year)
                if mode == "cumulative":
                    assert entered == {i for i, n in new_in.items() if n == year}, (layer, year)
    assert payload.CHANGES_LAYERS == ("presence", "events", "routes")


def test_features_carry_date_and_source_labels_once(layers: Layers) -> None:
    english, spanish = (payload.payload(layers, lang=lang) for lang in ("en", "es"))
    assert english["sources"]["ic-2022-migrants-chile"]["label"] == (
        "InSight Crime, 2022 (migrants to Chile; date inferred)")
    assert spanish["sources"]["ic-2022-migrants-chile"]["label"] == (
        "InSight Crime, 2022 (migrantes hacia Chile; fecha inferida)")
    dates = {lang: {f["id"]: f["date_label"] for f in data["layers"]["events"]["features"]}
             for lang, data in (("en", english), ("es", spanish))}
    assert dates["en"]["ev-2022-03-puerto-montt-gang-dismantled"] == ["Mar 2022", 0]
    assert dates["es"]["ev-2022-03-puerto-montt-gang-dismantled"] == ["mar 2022", 0]
    assert dates["en"]["ev-2022-11-10-surco-raid"] == ["10 Nov 2022", 1]
    popup = next(f["p"] for f in english["layers"]["events"]["features"]
                 if f["id"] == "ev-2022-11-10-surco-raid")
    assert any("10 Nov 2022 (inferred)" in line for line in popup["meta"])
    assert panels.panels_options() == {"pageSize": 25}


def test_place_aliases_are_searchable_names(layers: Layers) -> None:
    collections = dict(layers.collections)
    places = json.loads(json.dumps(collections["places"]))
    for feature in places["features"]:
        if feature["id"] == "santiago-de-surco":
            feature["properties"]["aliases"] = ["Surco", "Santiago de Surco"]
    collections["places"] = places
    aliased = Layers(layers.directory, collections, layers.sources)
    entry = next(f for f in payload.payload(aliased, lang="en")["layers"]["places"]["features"]
                 if f["id"] == "santiago-de-surco")
    assert (entry["name"], entry["aliases"]) == ("Surco (Santiago de Surco), Lima",
                                                  ["Surco", "Santiago de Surco"])


def test_every_panel_text_is_a_translated_string_of_the_page() -> None:
    script = "\n".join(p.read_text(encoding="utf-8")
                       for p in sorted((FRONTEND_DIR / "src" / "panels").glob("*.js")))
    used = set(re.findall(r'\bt\("([a-z_]*[a-z])"', script))
    # "what changed" titles its lists t("layer_" + name), for the layers payload.ROLES names
    changes = {f"layer_{name}" for name in payload.CHANGES_LAYERS} - {"layer_presence"}
    assert used | changes == set(panels.STRING_KEYS)
    assert set(panels.STRING_KEYS) <= set(payload.UI_STRINGS)
    strings = payload.payload(load_layers(), lang="en")["strings"]
    assert strings["panel_search_label"] == "Place name"


def test_the_panels_never_write_markup() -> None:
    script = panels.PANELS_JS.read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script


def test_the_map_page_starts_the_panels_in_every_output(layers: Layers) -> None:
    fmap = leaflet_map.build_map(layers, lang="en")
    assert [type(c).__name__ for c in fmap._children.values()][-1] == "Panels"
    html = standalone.html_document(layers, lang="en")
    assert html.count("TdaPanels.start(") == 1
    assert "window.TdaPanels" in html  # panels.js inlined
    assert ".tda-linked {" in html  # panels.css inlined
    files = standalone.site_files(layers, langs=("en",))
    assert len([name for name in files if re.fullmatch(r"panels\.[0-9a-f]{8}\.js", name)]) == 1
    assert len([name for name in files if re.fullmatch(r"panels\.[0-9a-f]{8}\.css", name)]) == 1
