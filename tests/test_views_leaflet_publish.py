"""The map page as a graphics desk would publish it (issue 15), measured in Debian Chromium on
the static site: the overview aggregates instead of fanning, the legend fits, the briefing
view has no controls, the phone's targets are 44 px, popups stay clear of the controls, the
Spanish page has no English interface string and axe-core finds no serious violation.

Screenshots go to tests/artifacts/ (publish-*.png), to be looked at.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from geo.data.selection import Layers, load_layers
from geo.views.leaflet.standalone import write_site
from tests.support import ARTIFACTS
from tests.support.mappage import (
    AXE_JS,
    CHROMIUM,
    CONTROL_BOXES_JS,
    CONTROLS_JS,
    UI_TEXT_JS,
    MapPage,
    axe_violations,
    chromium,
    english_ui_strings,
    serve_folder,
)

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed")]
PORT = 8641
FAR_PX = 30
"""A mark drawn farther than this from its place (an aggregate: from its farthest event) is
displaced."""
MAX_FAR = 3
MIN_TARGET_PX = 44
MAX_SMALL_TARGETS = 2
DESK, BRIEFING, PHONE = (1440, 1000), (1920, 1080), (390, 844)
MARKS_JS = """() => { const r = tda.map.getContainer().getBoundingClientRect();
    return tda.marks().map(m => ({...m, x: m.x + r.left, y: m.y + r.top})); }"""
"""The drawn marks, in page px (`tda.marks()` gives map container px)."""


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, layers: Layers) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("publish") / "site"
    write_site(folder, layers)
    with serve_folder(folder, port=PORT, page="index.html") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium() as instance:
        yield instance


@contextmanager
def _page(browser: Any, site: str, query: str, size: tuple[int, int]) -> Iterator[MapPage]:
    page = MapPage(browser, f"{site}?{query}", width=size[0], height=size[1])
    page.page.wait_for_function("() => !window.tda.moving()")
    try:
        yield page
        assert page.errors == []
        assert page.blocked == []
    finally:
        page.close()


def _shot(page: MapPage, name: str) -> None:
    page.page.screenshot(path=ARTIFACTS / f"publish-{name}.png")


def _overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]


@pytest.mark.parametrize("year", [2022, 2025])
def test_the_overview_aggregates_at_each_place_instead_of_fanning(browser: Any, site: str,
                                                                  year: int) -> None:
    with _page(browser, site, f"year={year}", DESK) as page:
        marks = page.js(MARKS_JS)
        far = [m for m in marks if m["away"] > FAR_PX]
        assert len(far) <= MAX_FAR, far
        aggregates = [m for m in marks if m.get("cluster")]
        assert aggregates  # co-located events are drawn as one symbol with their count
        assert max(m["count"] for m in aggregates) < 0.5 * sum(
            m.get("count", 1) for m in marks)  # no anonymous disc holding most events
        radii = {m["count"]: m["r"] for m in aggregates}
        assert radii == dict(sorted(radii.items(), key=lambda kv: kv[1]))  # larger count, larger
        assert "events:cluster" in page.js("() => tda.legendRows()")
        _shot(page, f"desk-{year}")


def test_an_aggregate_fans_out_on_click_and_at_city_zoom(browser: Any, site: str) -> None:
    with _page(browser, site, "year=2025", DESK) as page:
        before = page.js(MARKS_JS)
        agg = max((m for m in before if m.get("cluster")), key=lambda m: m["count"])
        page.page.mouse.click(agg["x"], agg["y"])
        page.page.wait_for_function(
            "n => tda.marks().filter(m => !m.cluster && m.away > 1).length >= n", arg=agg["count"])
        assert len([m for m in page.js(MARKS_JS) if m.get("cluster")]) < len(
            [m for m in before if m.get("cluster")])
        page.page.mouse.click(5, 500)  # beside the marks: the fan folds back
        page.page.wait_for_function("() => tda.marks().every(m => m.cluster || m.away < 1)")
        page.set_state({"view": {"lat": -12.05, "lon": -77.04, "zoom": 9}})
        page.page.wait_for_function("() => !tda.marks().some(m => m.cluster)")


@pytest.mark.parametrize(("query", "size"), [("year=2025", DESK),
                                             ("year=2025&briefing=1", BRIEFING),
                                             ("year=2022&briefing=1&lang=es", BRIEFING)])
def test_the_legend_needs_no_scroll(browser: Any, site: str, query: str,
                                    size: tuple[int, int]) -> None:
    with _page(browser, site, query, size) as page:
        side = page.js("() => { const s = document.querySelector('.tda-side');"
                       " return {scroll: s.scrollHeight, client: s.clientHeight,"
                       " bottom: s.getBoundingClientRect().bottom}; }")
        assert side["scroll"] <= side["client"] + 1
        assert side["bottom"] <= size[1]
        rows = page.js("() => tda.legendRows()")
        shown = page.js("() => Array.from(document.querySelectorAll('.tda-legend-row'))"
                        ".map(n => n.dataset.row)")
        assert shown == rows  # only what is drawn


def test_the_briefing_view_has_no_control_and_says_the_year(browser: Any, site: str) -> None:
    with _page(browser, site, "year=2022&briefing=1", BRIEFING) as page:
        over_map = page.js(CONTROLS_JS, ".tda-mapwrap")
        assert over_map == []
        title = page.js("() => document.querySelector('.tda-header').innerText")
        assert "2022" in title
        bottoms = page.js("() => ['.tda-legend', '.tda-credit', '.tda-header',"
                          " '.leaflet-container'].map(s => document.querySelector(s)"
                          ".getBoundingClientRect().bottom)")
        assert max(bottoms) <= BRIEFING[1]
        exit_top = page.js("() => document.querySelector('.tda-exit').getBoundingClientRect().top")
        assert exit_top >= BRIEFING[1]  # the way out is not in the screenshot
        _shot(page, "briefing-2022")
        page.page.keyboard.press("Escape")
        page.page.wait_for_url(lambda url: "briefing" not in url)
        assert "year=2022" in page.page.url


@pytest.mark.parametrize("lang", ["en", "es"])
def test_phone_targets_attribution_pinch_layers_and_scale(browser: Any, site: str,
                                                          lang: str) -> None:
    with _page(browser, site, f"year=2025&lang={lang}", PHONE) as page:
        meta = page.js("() => document.querySelector('meta[name=viewport]').content")
        assert "user-scalable=no" not in meta
        assert "maximum-scale" not in meta
        controls = page.js(CONTROLS_JS, ".tda-mapwrap")
        small = [c for c in controls if c["w"] < MIN_TARGET_PX or c["h"] < MIN_TARGET_PX]
        assert len(controls) >= 5
        assert len(small) <= MAX_SMALL_TARGETS, small
        boxes = page.js("() => ['.tda-year', '.leaflet-control-attribution',"
                        " '.leaflet-control-scale'].map(s => { const r = document.querySelector(s)"
                        ".getBoundingClientRect(); return {x0: r.left, y0: r.top, x1: r.right,"
                        " y1: r.bottom}; })")
        year, strip, scale = boxes
        assert not _overlaps(year, strip)
        assert scale["y1"] - scale["y0"] > 0
        assert scale["y1"] <= PHONE[1]
        page.page.click(".tda-layers-button")
        boxes = page.page.locator(".tda-layers input[type=checkbox]")
        assert boxes.count() >= 5
        assert all(boxes.nth(i).is_visible() for i in range(boxes.count()))
        _shot(page, f"phone-2025-{lang}")


@pytest.mark.parametrize("size", [DESK, PHONE])
def test_popups_stay_clear_of_every_control(browser: Any, site: str,
                                            size: tuple[int, int]) -> None:
    with _page(browser, site, "year=2025", size) as page:
        marks = [m for m in page.js(MARKS_JS) if not m.get("cluster")]
        top_left = min(marks, key=lambda m: m["x"] + m["y"])  # nearest the layer control
        page.page.mouse.click(top_left["x"], top_left["y"])
        page.page.wait_for_selector(".leaflet-popup")
        page.page.wait_for_function("() => !tda.moving()")
        popup = page.js("() => { const r = document.querySelector('.leaflet-popup-content-wrapper')"
                        ".getBoundingClientRect(); return {x0: r.left, y0: r.top, x1: r.right,"
                        " y1: r.bottom}; }")
        for box in page.js(CONTROL_BOXES_JS):
            assert not _overlaps(popup, box), (popup, box)
        assert popup["x0"] >= 0
        assert popup["x1"] <= size[0]
        close = page.page.locator(".leaflet-popup-close-button").bounding_box()
        assert close is not None
        assert close["x"] >= 0
        assert close["x"] + close["width"] <= size[0]
        assert close["y"] >= 0
        assert "selected=" in page.page.url  # the open popup is in the URL


def test_a_link_with_a_selected_feature_reopens_its_popup(browser: Any, site: str) -> None:
    with _page(browser, site, "year=2025&selected=ev-2025-02-07-lima-rescue", DESK) as page:
        page.page.wait_for_selector(".leaflet-popup")
        assert page.js("() => tda.state().selected") == "ev-2025-02-07-lima-rescue"


def test_the_wheel_zooms_only_after_a_click_or_with_ctrl(browser: Any, site: str) -> None:
    with _page(browser, site, "year=2025", DESK) as page:
        zoom = page.js("() => tda.map.getZoom()")
        page.page.mouse.move(700, 500)
        page.page.mouse.wheel(0, -300)
        page.page.wait_for_timeout(400)  # a zoom would have started by now
        assert page.js("() => tda.map.getZoom()") == zoom
        page.page.keyboard.down("Control")
        page.page.mouse.wheel(0, -300)
        page.page.keyboard.up("Control")
        page.page.wait_for_function("z => tda.map.getZoom() > z", arg=zoom)


@pytest.mark.parametrize("year", [2022, 2025])
def test_the_spanish_site_has_no_english_interface_string(browser: Any, site: str,
                                                          year: int) -> None:
    with _page(browser, site, f"year={year}&lang=es", DESK) as page:
        assert page.js("() => document.documentElement.lang") == "es"
        title = page.page.title()
        text = page.js(UI_TEXT_JS) + " " + title
        assert english_ui_strings(text) == []
        changed = page.js("() => document.querySelector('.tda-changes').innerText")
        assert ("Brasil" in changed) == (year == 2025)  # "what changed" names countries in Spanish
        assert "Brazil" not in changed
        assert english_ui_strings("Events per year · Show legend") != []  # the check can fail


@pytest.mark.skipif(not AXE_JS.exists(), reason="run npm ci in geo/views/leaflet/frontend")
@pytest.mark.parametrize(("query", "size"), [("year=2025", DESK), ("year=2022&lang=es", DESK),
                                             ("year=2025", PHONE),
                                             ("year=2025&briefing=1", BRIEFING)])
def test_axe_finds_no_serious_violation_on_the_site(browser: Any, site: str, query: str,
                                                    size: tuple[int, int]) -> None:
    with _page(browser, site, query, size) as page:
        assert axe_violations(page.page) == []
