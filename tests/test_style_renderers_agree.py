"""The renderers agree: the browser map draws each feature with the symbol `geo.style` gives
(what the print renderer reads) and shows the same legend rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from geo import style
from geo.data.selection import Filters, Layers, load_layers, select
from geo.views.leaflet.standalone import html_document
from tests.support.mappage import CHROMIUM, MapPage, chromium

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed")]
COMPARED = ("color", "weight", "opacity", "dash", "fill", "fill_opacity")
# The filtered view is 2022: the first year with arrests or murders in Chile or Peru (the
# Chilean arrests of March 2022, the Lima murders of 19 February 2022). In 2021 that view
# drew no event at all (places are drawn from their `visible_from` year), so the kind
# filter went untested.
VIEWS = [Filters(year=2022), Filters(year=2025, mode="only"),
         Filters(year=2022, countries=("CHL", "PER"), event_kinds=("arrest", "murder"))]


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory, layers: Layers) -> Iterator[MapPage]:
    path = tmp_path_factory.mktemp("agree") / "map.html"
    path.write_text(html_document(layers, lang="en"), encoding="utf-8")
    with chromium() as browser:
        opened = MapPage(browser, path.as_uri(), width=1920, height=1080)
        yield opened
        opened.close()


def _state(filters: Filters) -> dict[str, Any]:
    return {"year": filters.year, "mode": filters.mode,
            "filters": {"countries": list(filters.countries), "groups": list(filters.groups),
                        "event_kinds": list(filters.event_kinds),
                        "corridor_kinds": list(filters.corridor_kinds)}}


@pytest.mark.parametrize("filters", VIEWS, ids=lambda f: f"{f.year}-{f.mode}-{len(f.countries)}")
def test_browser_and_style_model_agree(page: MapPage, layers: Layers, filters: Filters) -> None:
    page.set_state(_state(filters))
    page.js("tda.fit()")
    selection = select(layers, filters)
    ramp = style.presence_ramp(layers.features("presence"))
    drawn = style.drawn_features(selection)
    assert page.js("tda.visibleIds()") == sorted(str(f["id"]) for fs in drawn.values()
                                                 for f in fs)
    if filters.event_kinds:
        assert {f["properties"]["kind"] for f in drawn["events"]} == set(filters.event_kinds)
    browser_styles = page.js("ids => Object.fromEntries(ids.map(i => [i, tda.drawnStyle(i)]))",
                             [str(f["id"]) for fs in drawn.values() for f in fs])
    checked = 0
    for layer, features in drawn.items():
        for feature in features:
            props = feature["properties"]
            state = "active" if style.is_active(layer, props, year=filters.year) else "inactive"
            expected = style.symbol_for(layer, props, state=state, presence_years=ramp)
            seen = browser_styles[str(feature["id"])]
            assert {k: seen[k] for k in COMPARED} == {k: expected[k] for k in COMPARED}, \
                (layer, feature["id"])
            if layer in ("places", "events"):
                assert seen["radius"] == expected["radius"] or expected["radius"] is None
                assert seen["shape"] == expected["shape"]
            checked += 1
    assert checked == sum(len(fs) for fs in drawn.values()) > 10
    # The fit frames every drawn point but those of the inset, so a point without its own
    # mark is counted in an aggregate's disc: the discs count exactly those points. The
    # inset draws its points once each, in its own marks and discs.
    inset = page.js("tda.inset()")
    in_inset = {str(f["id"]) for layer in ("places", "events") for f in drawn[layer]
                if inset["shown"] and style.in_inset(f)}
    pooled = sum(1 for i, s in browser_styles.items()
                 if s.get("own_mark") is False and i not in in_inset)
    assert pooled == sum(m["count"] for m in page.js("tda.marks()") if m.get("cluster"))
    assert len(in_inset) == sum(m.get("count", 1) for m in inset["marks"])
    assert inset["shown"] == (filters.year == 2025)  # the US and Guantánamo, 2025 only
    # The aggregate's row depends on the zoom in the browser (aggregates are drawn below
    # the spiderfy zoom only): every other row agrees.
    legend = [row for row in style.legend_rows(
        style.legend_for(selection, lang="en", presence_years=ramp))
        if row[2] != style.CLUSTER_ROW]
    shown = page.js("tda.legendRows()")
    labels = page.js("[...document.querySelectorAll('.tda-legend-row')].map(r => "
                     "[r.dataset.row, r.querySelector('span').textContent])")
    assert [i for i in shown if i != style.CLUSTER_ROW] == [row_id for _, _, row_id in legend]
    assert [text for row_id, text in labels if row_id != style.CLUSTER_ROW] == \
        [label for _, label, _ in legend]
