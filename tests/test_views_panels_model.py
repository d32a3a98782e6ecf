"""The panels' Python side: what they are given, and how the page builders carry them."""

from __future__ import annotations

import json
import re

import pytest

from geo.data.selection import MODES, Filters, Layers, load_layers, select, year_bounds
from geo.views.leaflet import map as leaflet_map
from geo.views.leaflet import panels, payload, standalone


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


def _ids(features: list[dict[str, object]]) -> set[str]:
    return {str(f["id"]) for f in features}


def test_new_ids_are_the_selection_difference_with_the_year_before(layers: Layers) -> None:
    new = panels.new_ids_by_year(layers)
    first, last = year_bounds(layers)
    for mode in MODES:  # both modes give the same new features
        for year in range(first + 1, last + 1):
            now, before = (select(layers, Filters(year=y, mode=mode)) for y in (year, year - 1))
            expected = set().union(*(_ids(now.layer(n)) - _ids(before.layer(n))
                                     for n in panels.NEW_LAYERS))
            assert set(new.get(str(year), [])) == expected, (mode, year)
    assert new[str(first)] == sorted(
        str(f["id"]) for n in panels.NEW_LAYERS
        for f in select(layers, Filters(year=first)).layer(n))
    assert all(ids == sorted(ids) for ids in new.values())


def test_options_carry_labels_dates_and_places(layers: Layers) -> None:
    options = panels.panels_options(layers)
    assert options["pageSize"] == 25
    english, spanish = options["byLang"]["en"], options["byLang"]["es"]
    assert english["sources"]["ic-2022-migrants-chile"] == (
        "InSight Crime, 2022 (migrants to Chile; date inferred)")
    assert spanish["sources"]["ic-2022-migrants-chile"] == (
        "InSight Crime, 2022 (migrants to Chile; fecha inferida)")
    assert english["dates"]["ev-2022-03-puerto-montt-gang-dismantled"] == ["Mar 2022", 0]
    assert spanish["dates"]["ev-2022-03-puerto-montt-gang-dismantled"] == ["mar 2022", 0]
    assert english["dates"]["ev-2022-11-10-surco-raid"] == ["10 Nov 2022", 1]
    assert ["tarapaca", "Tarapacá region"] in options["places"]
    assert [p[0] for p in options["places"]] == sorted(p[0] for p in options["places"])


def test_place_aliases_are_searchable_names(layers: Layers) -> None:
    collections = dict(layers.collections)
    places = json.loads(json.dumps(collections["places"]))
    for feature in places["features"]:
        if feature["id"] == "santiago-de-surco":
            feature["properties"]["aliases"] = ["Surco", "Santiago de Surco"]
    collections["places"] = places
    aliased = Layers(layers.directory, collections, layers.sources)
    assert ["santiago-de-surco", "Surco (Santiago de Surco), Lima", "Surco",
            "Santiago de Surco"] in panels.place_names(aliased)


def test_every_panel_text_is_a_translated_string_of_the_page() -> None:
    script = panels.PANELS_JS.read_text(encoding="utf-8")
    used = set(re.findall(r'\bt\("([a-z_]+)"', script))
    assert used == set(panels.STRING_KEYS)
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
