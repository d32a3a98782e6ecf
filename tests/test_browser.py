"""The app in a real browser: Debian's Chromium, every request to another host blocked.

What AppTest cannot see: the map page paints inside the bridge's iframe from local files, a
year step in the map repaints it in place and the app's summary and link follow (no reload,
zoom kept), a sidebar filter reaches the map without a reload, hostile layer text runs
nothing and fetches nothing, and the views look right (screenshots in tests/artifacts/, to
be looked at). Every wait is on a condition.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from geo import config
from geo.app import panels
from tests.support import ARTIFACTS, appdriver
from tests.support.hostile import rehash
from tests.support.mappage import AXE_JS, UI_TEXT_JS, axe_violations, english_ui_strings

pytestmark = pytest.mark.browser
HOSTILE = ("<img src=x onerror=\"window.__xss='img'\">`${window.__xss='template'}`"
           "</script><script>window.__xss='script'</script>\\u0027")
LINKY = "www.evil.example http://evil.example/x mail@evil.example ![i](http://evil.example/i.png)"
SUMMARY = '[data-testid="stMarkdownContainer"] strong'


@pytest.fixture(scope="module", autouse=True)
def _assets() -> None:
    ARTIFACTS.mkdir(exist_ok=True)


@pytest.fixture(scope="module")
def server() -> Iterator[appdriver.AppServer]:
    with appdriver.running_app() as running:
        yield running


@pytest.fixture
def session() -> Iterator[appdriver.BrowserSession]:
    with appdriver.open_browser(width=1440, height=1000) as browser:
        yield browser


def _summary(page: Page) -> str:
    return page.locator(SUMMARY).first.inner_text()


def test_a_year_step_in_the_map_updates_the_app_and_keeps_the_map(
        server: appdriver.AppServer, session: appdriver.BrowserSession) -> None:
    page = session.page
    page.goto(server.url)
    frame = appdriver.map_frame(page)
    appdriver.wait_idle(page)
    assert _summary(page).startswith("By 2025: 11 countries, 37 events")
    start = appdriver.map_state(frame)
    assert start["state"]["year"] == 2025
    assert "ev-2025-02-07-lima-rescue" in start["ids"]
    appdriver.set_zoom(page, frame, zoom=5)
    appdriver.mark_map(frame)
    step = appdriver.year_step(session, frame, key="ArrowLeft")
    after = step.state
    assert after["state"]["year"] == 2024
    assert after["zoom"] == 5
    assert after["marker"] == appdriver.MARKER  # the same page: no reload
    assert "ev-2025-02-07-lima-rescue" not in after["ids"]
    page.wait_for_function(f"() => document.querySelector('{SUMMARY}').innerText"
                           ".startsWith('By 2024:')")
    assert "year=2024" in page.url
    assert "zoom=5" in page.url
    assert step.map_bytes <= 2048  # the map's data travelled once
    page.screenshot(path=ARTIFACTS / "browser-desktop.png")
    assert session.blocked == []


def test_a_sidebar_filter_reaches_the_map_without_a_reload(
        server: appdriver.AppServer, session: appdriver.BrowserSession) -> None:
    page = session.page
    page.goto(server.url + "?year=2024")
    frame = appdriver.map_frame(page)
    appdriver.wait_idle(page)
    appdriver.mark_map(frame)
    box = page.locator(".st-key-countries input").first
    box.click()
    box.fill("Peru")
    page.keyboard.press("Enter")
    page.wait_for_url("**country=PER**")
    frame.wait_for_function(
        "() => JSON.stringify(window.tda.state().filters.countries) === '[\"PER\"]'")
    state = appdriver.map_state(frame)
    assert state["marker"] == appdriver.MARKER
    assert state["state"]["year"] == 2024  # the year set in the link stays
    countries = frame.evaluate(
        "() => window.tda.visible('events').map(f => f.properties.country)")
    assert countries  # the Peru events are drawn, and only they
    assert set(countries) == {"PER"}
    appdriver.wait_idle(page)
    assert _summary(page).startswith("By 2024: 1 country")
    assert session.blocked == []


def test_briefing_view_fits_a_1920x1080_screen(server: appdriver.AppServer) -> None:
    with appdriver.open_browser(width=1920, height=1080) as session:
        page = session.page
        page.goto(server.url + "?year=2022&briefing=1")
        frame = appdriver.map_frame(page)
        appdriver.wait_idle(page)
        assert appdriver.map_state(frame)["state"]["year"] == 2022
        assert page.locator('[data-testid="stSidebar"]').count() == 0
        box = page.locator(appdriver.MAP_IFRAME).bounding_box()
        assert box is not None
        assert box["height"] == pytest.approx(panels.BRIEFING_MAP_HEIGHT_PX, abs=2)
        assert box["width"] > 1800
        credit = page.get_by_text("Sources: ", exact=False).last.bounding_box()
        assert credit is not None
        assert credit["y"] + credit["height"] <= 1080  # the source line is on screen
        page.screenshot(path=ARTIFACTS / "browser-briefing.png")
        assert session.blocked == []


def test_phone_390x844(server: appdriver.AppServer) -> None:
    with appdriver.open_browser(width=390, height=844) as session:
        page = session.page
        page.goto(server.url + "?year=2022")
        appdriver.map_frame(page)
        appdriver.wait_idle(page)
        box = page.locator(appdriver.MAP_IFRAME).bounding_box()
        assert box is not None
        assert 300 <= box["width"] <= 390  # no sideways scrolling
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        page.screenshot(path=ARTIFACTS / "browser-phone.png")
        assert session.blocked == []


@pytest.fixture(scope="module")
def hostile_layers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "layers"
    shutil.copytree(config.LAYERS_DIR, folder)
    for name, fields in (("events", ("title", "place_name")), ("places", ("name",)),
                         ("routes", ("name",)), ("presence", ("name",)),
                         ("spread", ("name", "target_name"))):
        path = folder / f"{name}.geojson"
        collection = json.loads(path.read_text(encoding="utf-8"))
        for feature in collection["features"]:
            props = feature["properties"]
            # a suspected record's title or name must carry its hedge (the validator)
            hedge = "alleged " if props.get("certainty") == "suspected" else ""
            props.update({f: (hedge if f in ("title", "name") else "") + HOSTILE
                          for f in fields})
        path.write_text(json.dumps(collection), encoding="utf-8")
    catalog = json.loads((folder / "sources.json").read_text(encoding="utf-8"))
    (folder / "sources.json").write_text(json.dumps(
        [{**s, "outlet": f"{HOSTILE} {LINKY}", "short_label": f"{HOSTILE} {LINKY}",
          "title": HOSTILE} for s in catalog]),
        encoding="utf-8")
    rehash(folder)
    return folder


def test_hostile_layer_text_runs_and_fetches_nothing(hostile_layers: Path,
                                                    session: appdriver.BrowserSession) -> None:
    with appdriver.running_app(layers_dir=hostile_layers) as hostile:
        page = session.page
        page.goto(f"{hostile.url}?year=2025&country={quote(HOSTILE)}")
        frame = appdriver.map_frame(page)
        appdriver.wait_idle(page)
        page.get_by_text("Some link parameters were ignored").wait_for()
        assert page.get_by_text("www.evil.example http://evil.example/x", exact=False) \
            .count() >= 1  # shown as text
        assert page.locator('a[href*="evil"], img[src*="evil"], img[src=x]').count() == 0
        assert page.evaluate("() => window.__xss || null") is None
        assert frame.evaluate("() => window.__xss || null") is None
        assert frame.locator("img[src=x]").count() == 0
        page.screenshot(path=ARTIFACTS / "browser-hostile.png")
        assert session.blocked == []


def test_a_broken_folder_shows_a_banner_and_fetches_nothing(
        tmp_path: Path, session: appdriver.BrowserSession) -> None:
    folder = tmp_path / "layers"
    shutil.copytree(config.LAYERS_DIR, folder)
    path = folder / "events.geojson"
    events = json.loads(path.read_text(encoding="utf-8"))
    events["features"][0]["properties"]["date"] = LINKY
    events["features"][1]["properties"].pop("title")
    path.write_text(json.dumps(events), encoding="utf-8")
    rehash(folder)  # the two edits are the only problems (a pattern, a precision, a title)
    with appdriver.running_app(layers_dir=folder) as broken:
        page = session.page
        page.goto(broken.url)
        appdriver.wait_idle(page)
        banner = page.locator('[data-testid="stAlertContentError"]')
        assert "The layers folder cannot be shown: 3 problems found" in banner.inner_text()
        listing = page.locator('[data-testid="stCode"]').inner_text()
        assert "field 'date'" in listing
        assert "title" in listing
        assert LINKY in listing  # shown as text
        assert "Traceback" not in page.content()
        assert page.locator('a[href*="evil"], img[src*="evil"]').count() == 0
        assert page.locator(appdriver.MAP_IFRAME).count() == 0
        page.screenshot(path=ARTIFACTS / "browser-broken.png")
        assert session.blocked == []


def _frame_top(page: Page) -> float:
    box = page.locator(appdriver.MAP_IFRAME).bounding_box()
    assert box is not None
    return float(box["y"])


def test_the_frame_follows_its_page_and_the_view_fits_south_america(
        server: appdriver.AppServer, session: appdriver.BrowserSession) -> None:
    page = session.page
    page.goto(server.url + "?year=2025")
    frame = appdriver.map_frame(page)
    appdriver.wait_idle(page)
    inner = frame.evaluate("() => ({scroll: document.documentElement.scrollHeight,"
                           " view: innerHeight, map: tda.map.getSize().y})")
    frame.wait_for_function("() => document.documentElement.scrollHeight <= innerHeight + 1")
    box = page.locator(appdriver.MAP_IFRAME).bounding_box()
    assert box is not None
    assert box["height"] > panels.MAP_HEIGHT_PX + 300  # timeline, table... below the map
    assert abs(box["height"] - frame.evaluate("() => innerHeight")) <= 2
    assert inner["map"] == pytest.approx(panels.MAP_HEIGHT_PX, abs=2)
    view = frame.evaluate("() => { const b = tda.map.getBounds(), d = tda.drawnBounds();"
                          " return {west: b.getWest(), east: b.getEast(), centre:"
                          " tda.map.getCenter().lng, dwest: d[0][1], deast: d[1][1]}; }")
    assert view["west"] <= view["dwest"]
    assert view["deast"] <= view["east"]  # everything drawn is in view
    assert view["dwest"] <= view["centre"] <= view["deast"]  # not centred in the Pacific
    assert session.blocked == []


def test_the_wheel_scrolls_the_page_and_a_row_click_moves_only_the_map(
        server: appdriver.AppServer, session: appdriver.BrowserSession) -> None:
    page = session.page
    page.goto(server.url + "?year=2025")
    frame = appdriver.map_frame(page)
    appdriver.wait_idle(page)
    zoom, top = appdriver.map_state(frame)["zoom"], _frame_top(page)
    box = page.locator(appdriver.MAP_IFRAME).bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, top + 300)
    page.mouse.wheel(0, 400)
    deadline = 50  # the page scrolls: the frame moves up
    while _frame_top(page) >= top and deadline:
        page.wait_for_timeout(100)
        deadline -= 1
    assert _frame_top(page) < top
    assert appdriver.map_state(frame)["zoom"] == zoom
    row = frame.locator(".tda-table .tda-link").first
    row.scroll_into_view_if_needed()
    before = _frame_top(page)
    row.click()
    frame.wait_for_function("() => window.tda.state().selected !== null")
    assert _frame_top(page) == before  # the page did not scroll
    assert session.blocked == []


@pytest.mark.skipif(not AXE_JS.exists(), reason="run npm ci in geo/views/leaflet/frontend")
@pytest.mark.parametrize("query", ["?year=2025", "?year=2022&lang=es"])
def test_axe_finds_no_serious_violation_in_the_app(server: appdriver.AppServer,
                                                   session: appdriver.BrowserSession,
                                                   query: str) -> None:
    page = session.page
    page.goto(server.url + query)
    frame = appdriver.map_frame(page)
    appdriver.wait_idle(page)
    assert axe_violations(page) == []
    assert axe_violations(frame) == []


def test_the_spanish_app_has_no_english_interface_string(
        server: appdriver.AppServer, session: appdriver.BrowserSession) -> None:
    page = session.page
    page.goto(server.url + "?year=2022&lang=es")
    frame = appdriver.map_frame(page)
    appdriver.wait_idle(page)
    text = page.evaluate(UI_TEXT_JS) + " " + frame.evaluate(UI_TEXT_JS)
    assert english_ui_strings(text) == []
    assert session.blocked == []
