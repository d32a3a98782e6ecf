"""The app in a real browser: Debian's Chromium, every request to another host blocked.

What AppTest cannot see: the map paints from local assets, a slider step redraws the layers
in the same map (zoom kept, no reload), hostile layer text runs nothing, and the views look
right (screenshots in tests/artifacts/, to be looked at).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from geo import config
from geo.app import panels
from geo.views.leaflet import assets
from tests.support import appdriver

pytestmark = pytest.mark.browser
ARTIFACTS = config.ROOT / "tests" / "artifacts"
HOSTILE = ("<img src=x onerror=\"window.__xss='img'\">`${window.__xss='template'}`"
           "</script><script>window.__xss='script'</script>\\u0027")

# Opens the popup and the tooltip of every drawn feature, then reports what ran.
_OPEN_ALL_JS = """() => {
    let popups = 0, tooltips = 0, text = "";
    (window.feature_group || []).slice(-6).forEach(group => group.eachLayer(child => {
        if (!child.getLayers) { return; }
        child.eachLayer(layer => {
            if (!layer.feature) { return; }
            const at = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
            child.fire("click", {layer: layer, latlng: at});
            child.fire("mouseover", {layer: layer, latlng: at});
            const node = document.querySelector(".leaflet-popup-content");
            if (layer.feature.properties.popup && node) { popups += 1; text = node.textContent; }
            if (layer.getTooltip && layer.getTooltip()) { tooltips += 1; }
        });
    }));
    return {popups: popups, tooltips: tooltips, lastPopup: text,
            xss: window.__xss || null, images: document.querySelectorAll("img[src=x]").length};
}"""


@pytest.fixture(scope="module", autouse=True)
def _assets() -> None:
    assets.install_assets()
    ARTIFACTS.mkdir(exist_ok=True)


@pytest.fixture(scope="module")
def server() -> Iterator[appdriver.AppServer]:
    with appdriver.running_app() as running:
        yield running


@pytest.fixture
def session() -> Iterator[appdriver.BrowserSession]:
    with appdriver.open_browser() as browser:
        yield browser


def test_map_paints_and_a_slider_step_keeps_the_zoom(server: appdriver.AppServer,
                                                     session: appdriver.BrowserSession) -> None:
    page = session.page
    page.goto(server.url)
    frame = appdriver.map_frame(page)
    appdriver.wait_idle(page)
    start = appdriver.map_state(frame)
    # lines and their arrowheads for spread and corridors
    assert {name: len(ids) for name, ids in start["drawn"].items()} == {
        "tiles": 0, "presence": 11, "spread": 20, "routes": 32, "places": 34, "events": 25}
    appdriver.set_zoom(page, frame, zoom=5)
    appdriver.mark_map(frame)
    step = appdriver.slider_step(session, frame, key="ArrowLeft")
    after = step.state
    assert after["zoom"] == 5
    assert after["marker"] == appdriver.MARKER  # the same map: no reload
    assert after["updates"] == start["updates"] + 1  # layers swapped once
    assert len(after["drawn"]["events"]) == 20  # 2024: the five 2025 events are gone
    assert "ev-2025-02-07-lima-rescue" in start["drawn"]["events"]
    assert "ev-2025-02-07-lima-rescue" not in after["drawn"]["events"]
    assert after["drawn"]["places"] == start["drawn"]["places"]
    assert "year=2024" in page.url
    assert "zoom=5" in page.url
    page.screenshot(path=ARTIFACTS / "browser-map.png")
    assert (ARTIFACTS / "browser-map.png").stat().st_size > 50_000
    assert session.blocked == []


def test_play_animates_the_years_in_the_same_map(server: appdriver.AppServer,
                                                 session: appdriver.BrowserSession) -> None:
    page = session.page
    page.goto(server.url + "?year=2020")
    frame = appdriver.map_frame(page)
    appdriver.wait_idle(page)
    appdriver.mark_map(frame)
    page.locator(".st-key-play button").first.click()
    page.wait_for_url("**year=2022**", timeout=30_000)
    assert appdriver.map_state(frame)["marker"] == appdriver.MARKER
    page.wait_for_url("**year=2025**", timeout=30_000)
    page.wait_for_function(  # stopped at the last year
        "() => document.querySelector('.st-key-play button').textContent.includes('Play')",
        timeout=30_000)
    assert appdriver.map_state(frame)["marker"] == appdriver.MARKER
    assert session.blocked == []


def test_briefing_view_fits_a_1920x1080_screen(server: appdriver.AppServer) -> None:
    with appdriver.open_browser(width=1920, height=1080) as session:
        page = session.page
        page.goto(server.url + "?year=2022&briefing=1")
        appdriver.map_frame(page)
        appdriver.wait_idle(page)
        assert page.locator('[data-testid="stSidebar"]').count() == 0
        assert page.locator('[data-testid="stSlider"]').count() == 0
        box = page.locator(appdriver.MAP_IFRAME).bounding_box()
        assert box is not None
        assert box["height"] == pytest.approx(panels.BRIEFING_MAP_HEIGHT_PX, abs=2)
        assert box["width"] > 1800
        credit = page.get_by_text("Sources: ", exact=False).last.bounding_box()
        assert credit is not None
        assert credit["y"] + credit["height"] <= 1080  # the source line is on screen
        page.screenshot(path=ARTIFACTS / "browser-briefing.png")
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
            feature["properties"].update(dict.fromkeys(fields, HOSTILE))
            for item in feature["properties"].get("evidence", []):
                item["quote"] = HOSTILE
        path.write_text(json.dumps(collection), encoding="utf-8")
    catalog = json.loads((folder / "sources.json").read_text(encoding="utf-8"))
    (folder / "sources.json").write_text(json.dumps(
        [{**s, "outlet": HOSTILE, "title": HOSTILE} for s in catalog]), encoding="utf-8")
    return folder


def test_hostile_layer_text_runs_nothing(hostile_layers: Path,
                                         session: appdriver.BrowserSession) -> None:
    with appdriver.running_app(layers_dir=hostile_layers) as hostile:
        page = session.page
        page.goto(f"{hostile.url}?year=2025&country={quote(HOSTILE)}")
        frame = appdriver.map_frame(page)
        appdriver.wait_idle(page)
        result = frame.evaluate(_OPEN_ALL_JS)
        assert result["popups"] == 11 + 10 + 16 + 34 + 25  # every feature with a popup
        assert result["tooltips"] == result["popups"]
        assert result["lastPopup"].startswith(HOSTILE)  # shown as text
        assert result["xss"] is None
        assert result["images"] == 0
        assert page.evaluate("() => window.__xss || null") is None
        assert page.locator("img[src=x]").count() == 0
        assert page.get_by_text("Some link parameters were ignored").count() == 1
        frame.evaluate("""() => { const layer = window.feature_group.slice(-1)[0]
            .getLayers()[0].getLayers()[0];
            window.feature_group.slice(-1)[0].getLayers()[0].fire(
                "click", {layer: layer, latlng: layer.getLatLng()}); }""")
        page.screenshot(path=ARTIFACTS / "browser-hostile.png")
        assert session.blocked == []
