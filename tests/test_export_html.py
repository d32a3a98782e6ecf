"""Publishable HTML: self-contained, escaped, and working offline in a real browser."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from geo import config
from geo.data.selection import Filters, Layers, load_layers
from geo.errors import OptionError
from geo.views.leaflet.html_export import html_map, map_data, script_json

HOSTILE = '<img src=x onerror="window.__pwned=1">'
HOSTILE_EVENT = "ev-2022-oruro-courier-arrest"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of every script."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


@pytest.fixture(scope="module")
def page_2022(layers: Layers) -> str:
    return html_map(layers, filters=Filters(year=2022))


def _parsed(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def hostile_layers(directory: Path) -> Path:
    """A copy of the layers whose event title and place name are HTML that would run."""
    shutil.copytree(config.LAYERS_DIR, directory)
    path = directory / "events.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        if feature["id"] == HOSTILE_EVENT:
            feature["properties"]["title"] = HOSTILE
            feature["properties"]["place_name"] = "<script>window.__pwned=2</script>"
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return directory


def test_script_json_cannot_close_its_script_tag() -> None:
    text = script_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_page_loads_nothing_from_outside(page_2022: str) -> None:
    parsed = _parsed(page_2022)
    assert [t for t, a in parsed.tags if "src" in a or "href" in a] == []
    assert "link" not in [t for t, _ in parsed.tags]
    assert [a.get("type") for a, _ in parsed.scripts] == ["application/json", None, None]
    assert "L.version" not in page_2022 or "1.9.3" in page_2022
    assert "Leaflet 1.9.3" in page_2022
    assert "url(images/" not in page_2022  # Leaflet's CSS images are data URIs


def test_csp_runs_only_the_two_inline_scripts_by_hash(page_2022: str) -> None:
    parsed = _parsed(page_2022)
    meta = [a for t, a in parsed.tags if t == "meta" and a.get("http-equiv") ==
            "Content-Security-Policy"]
    assert len(meta) == 1
    policy = str(meta[0]["content"])
    hashes = sorted(re.findall(r"'sha256-([^']+)'", policy))
    expected = sorted(base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest())
                      .decode("ascii") for attrs, text in parsed.scripts if not attrs)
    assert hashes == expected
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]


def _entries(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(layer["name"], f["id"]): f for layer in data["layers"] for f in layer["features"]}


def test_data_gives_each_feature_the_years_it_shows(layers: Layers) -> None:
    data = map_data(layers, filters=Filters(year=2022))
    entries = _entries(data)
    assert sum(1 for name, _ in entries if name == "events") == 25
    bolivia = entries[("presence", "presence-bol")]
    assert bolivia["years"] == {"cumulative": [2022, 2023, 2024, 2025],
                                "only": [2022, 2023, 2024, 2025]}
    assert bolivia["new_year"] == 2022
    oruro = entries[("events", HOSTILE_EVENT)]
    assert oruro["years"] == {"cumulative": [2022, 2023, 2024, 2025], "only": [2022]}
    assert oruro["area_m"] == 10_000.0  # city precision: a 10 km ring
    assert data["years"] == [2011, 2025]
    assert data["initial"] == {"mode": "cumulative", "year": 2022}
    assert data["summaries"]["only"]["2011"] == ("In 2011 only: 1 country, 0 events, "
                                                 "0 corridors, 0 km of corridors")


def test_filters_limit_what_the_page_holds(layers: Layers) -> None:
    data = map_data(layers, filters=Filters(year=2025, countries=("PER",)))
    expected = sorted(f["id"] for f in layers.features("events")
                      if f["properties"]["country"] == "PER")
    assert sorted(i for name, i in _entries(data) if name == "events") == expected
    assert len(expected) == 10


def test_extent_sets_where_the_map_opens(layers: Layers) -> None:
    peru = map_data(layers, filters=Filters(year=2022), extent="PER")
    assert peru["bounds"] == [[-18.345, -81.337], [-0.041, -68.687]]
    data = map_data(layers, filters=Filters(year=2022))
    assert data["bounds"] == [[-41.4693, -102.258], [37.245, -49.728]]  # spread to Brazil


def test_without_tiles_the_page_may_load_no_image_from_outside(layers: Layers) -> None:
    page = html_map(layers, filters=Filters(year=2022), tiles=False)
    meta = next(a for t, a in _parsed(page).tags if t == "meta" and a.get("http-equiv"))
    assert "img-src data:;" in str(meta["content"])
    assert json.loads(_parsed(page).scripts[0][1])["tiles"] is False
    with_tiles = html_map(layers, filters=Filters(year=2022))
    assert "img-src data: https://tile.openstreetmap.org;" in with_tiles


def test_unknown_filter_value_is_an_option_error(layers: Layers) -> None:
    with pytest.raises(OptionError, match="countries: unknown value\\(s\\) 'XXX'; allowed: BOL"):
        html_map(layers, filters=Filters(year=2022, countries=("XXX",)))


def test_hostile_values_are_escaped_in_the_page(tmp_path: Path) -> None:
    page = html_map(load_layers(hostile_layers(tmp_path / "layers")), filters=Filters(
        year=2022))
    assert HOSTILE not in page
    assert "<script>window" not in page
    data_block = _parsed(page).scripts[0][1]
    data = json.loads(data_block)
    popups = [f["popup"] for layer in data["layers"] for f in layer["features"]]
    assert any("&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in p for p in popups)


# --- in Chromium ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class _Page:
    """A page with every request that is not file:// or 127.0.0.1 aborted and recorded."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda msg: self.errors.append(msg.text)
                     if msg.type == "error" else None)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector(".leaflet-overlay-pane svg path")

    def _route(self, route: Any) -> None:
        url = str(route.request.url)
        if url.startswith(("file://", "data:", "http://127.0.0.1")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def wait_for(self, key: str, value: str) -> None:
        """Wait until the map's ``data-<key>`` attribute reads `value`."""
        self.page.wait_for_function(
            "([key, value]) => document.querySelector('#tda-map').dataset[key] === value",
            arg=[key, value])

    def drawn(self) -> int:
        return int(self.page.locator(".leaflet-overlay-pane path").count())

    def visible(self) -> int:
        return int(self.page.get_attribute("#tda-map", "data-visible") or -1)


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    pages: list[_Page] = []

    def opener(path: Path) -> _Page:
        pages.append(_Page(browser, path))
        return pages[-1]

    yield opener
    for page in pages:
        page.page.close()


@pytest.mark.browser
def test_map_paints_offline_and_the_slider_changes_it(open_page: Any, page_2022: str,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "map.html"
    path.write_text(page_2022, encoding="utf-8")
    page = open_page(path)
    assert page.page.locator(".leaflet-container").count() == 1
    assert page.page.get_attribute("#tda-map", "data-year") == "2022"
    at_2022 = page.drawn()
    assert at_2022 > 50
    slider = page.page.locator(".tda-slider-input")
    slider.focus()
    page.page.keyboard.press("Home")
    page.wait_for("year", "2011")
    at_2011 = page.drawn()
    assert page.page.locator(".tda-slider-year").inner_text() == "2011"
    assert page.page.locator("#tda-summary").inner_text().startswith("By 2011: 1 country")
    page.page.keyboard.press("End")
    page.wait_for("year", "2025")
    at_2025 = page.drawn()
    assert at_2011 < at_2022 < at_2025
    assert page.visible() == 96  # 34 places hidden: 96 of 130 features drawn
    page.page.get_by_label("That year only").check()
    page.wait_for("mode", "only")
    assert page.drawn() < at_2025
    assert page.outside == []
    assert page.errors == []


@pytest.mark.browser
def test_layer_toggles_hide_and_show_layers(open_page: Any, page_2022: str,
                                            tmp_path: Path) -> None:
    path = tmp_path / "map.html"
    path.write_text(page_2022, encoding="utf-8")
    page = open_page(path)
    before = page.drawn()
    toggle = page.page.locator(".leaflet-control-layers-overlays label",
                               has_text="Events").locator("input")
    toggle.uncheck()
    assert page.drawn() < before
    toggle.check()
    assert page.drawn() == before
    assert page.page.locator("#tda-legend").is_visible()
    assert page.outside == []


@pytest.mark.browser
def test_hostile_popup_text_never_runs(open_page: Any, tmp_path: Path) -> None:
    layers = load_layers(hostile_layers(tmp_path / "layers"))
    path = tmp_path / "hostile.html"
    path.write_text(html_map(layers, filters=Filters(year=2022)), encoding="utf-8")
    page = open_page(path)
    point = page.page.evaluate("""() => {
        let found = null;
        window.tdaMap.eachLayer((layer) => {
            const tip = layer.getTooltip && layer.getTooltip();
            if (!found && tip && String(tip.getContent()).includes('onerror')) { found = layer; }
        });
        const box = window.tdaMap.getContainer().getBoundingClientRect();
        const p = window.tdaMap.latLngToContainerPoint(found.getLatLng());
        return {x: box.left + p.x, y: box.top + p.y};
    }""")
    page.page.mouse.move(point["x"], point["y"])
    page.page.mouse.click(point["x"], point["y"])
    content = page.page.locator(".leaflet-popup-content")
    content.wait_for()
    assert HOSTILE in content.inner_text()
    assert "<script>window.__pwned=2</script>" in content.inner_text()
    assert content.locator("img").count() == 0
    assert page.page.locator(".leaflet-tooltip").inner_text().startswith(HOSTILE)
    assert page.page.evaluate("window.__pwned") is None
    assert page.outside == []
