"""The linked panels in a real browser (Debian Chromium, off-host requests blocked).

Timeline bars set the year; a table row flies the map to its event and opens the popup; a
feature clicked on the map highlights its row; the place search is accent-insensitive and
flies to the place; "what changed" lists exactly what `geo.data.selection` says is new; the
table renders one page at 2,000 synthetic events; the panels work with the keyboard alone.
Screenshots go to tests/artifacts/ (look at them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page

from geo import i18n
from geo.data.selection import Filters, Layers, load_layers, select
from geo.views.leaflet import panels, payload
from tests.support import ARTIFACTS, appdriver
from tests.support.panels_page import write_fake_page, write_page

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": (1440, 1000), "phone": (390, 844)}
# The Leaflet map, named as folium names maps.
_MAP = "Object.keys(window).filter(k => /^map_[0-9a-f]+$/.test(k)).map(k => window[k])[0]"
_READY = "() => window.tda && window.tda.panels && document.querySelector('.tda-linked')"


@pytest.fixture(scope="module", autouse=True)
def _assets() -> None:
    ARTIFACTS.mkdir(exist_ok=True)


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


@pytest.fixture(scope="module")
def page_url(layers: Layers, tmp_path_factory: pytest.TempPathFactory) -> str:
    return write_page(layers, tmp_path_factory.mktemp("panels") / "map.html").as_uri()


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def session(viewport: str) -> Iterator[appdriver.BrowserSession]:
    width, height = VIEWPORTS[viewport]
    with appdriver.open_browser(width=width, height=height) as browser:
        yield browser


def _open(page: Page, url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_function(_READY)
    assert errors == []


def _ids(features: list[dict[str, Any]]) -> set[str]:
    return {str(f["id"]) for f in features}


def _wait_popup_at(page: Page, lon: float, lat: float, *, title: str) -> None:
    """Wait until the map has flown to (lon, lat), zoomed in, with the popup of `title` open."""
    page.wait_for_function(f"""() => {{
        const map = {_MAP};
        const popup = document.querySelector('.leaflet-popup-content');
        return map.getBounds().contains([{lat}, {lon}]) && map.getZoom() >= 6
            && popup !== null && popup.textContent.includes({title!r});
    }}""")


def test_a_timeline_bar_sets_the_year(session: appdriver.BrowserSession, page_url: str,
                                      layers: Layers, viewport: str) -> None:
    page = session.page
    _open(page, page_url)
    starts = [int(f["properties"]["year"]) for f in layers.features("events")]
    bars = page.get_by_role("group", name="Timeline: choose a year")
    bars.get_by_role("button", name=f"2021: {starts.count(2021)} events").click()
    page.wait_for_function("() => window.tda.state().year === 2021")
    assert bars.get_by_role("button", name=f"2021: {starts.count(2021)} events").get_attribute(
        "aria-pressed") == "true"
    # the text alternative: one row per year, the counts of events that began in it
    rows = page.locator(".tda-timeline table tbody tr")
    counted = dict(zip(rows.locator("th").all_text_contents(),
                       rows.locator("td").all_text_contents(), strict=True))
    assert counted == {str(y): str(starts.count(y)) for y in range(2011, 2026)}
    page.screenshot(path=ARTIFACTS / f"panels-timeline-{viewport}.png")
    assert session.blocked == []


def _puerto_montt(layers: Layers) -> tuple[str, Any, list[float]]:
    """The Puerto Montt event of March 2022: its id, feature and coordinates."""
    event_id = "ev-2022-03-puerto-montt-gang-dismantled"
    event = next(f for f in layers.features("events") if f["id"] == event_id)
    return event_id, event, event["geometry"]["coordinates"]


def test_a_row_flies_to_its_event_and_opens_the_popup(session: appdriver.BrowserSession,
                                                      page_url: str, layers: Layers,
                                                      viewport: str) -> None:
    page = session.page
    _open(page, page_url)
    event_id, event, (lon, lat) = _puerto_montt(layers)
    row = page.locator(f'.tda-table tr[data-id="{event_id}"]')
    row.get_by_role("button").click()
    _wait_popup_at(page, lon, lat, title=event["properties"]["title"])
    assert page.evaluate("() => window.tda.state().selected") == event_id
    assert "tda-selected" in (row.get_attribute("class") or "")
    page.screenshot(path=ARTIFACTS / f"panels-row-{viewport}.png", full_page=False)
    assert session.blocked == []


def test_a_feature_clicked_on_the_map_highlights_its_row(session: appdriver.BrowserSession,
                                                         page_url: str, layers: Layers,
                                                         viewport: str) -> None:
    page = session.page
    _open(page, page_url)
    event_id, _, (lon, lat) = _puerto_montt(layers)
    page.evaluate(f"() => {_MAP}.setView([{lat}, {lon}], 9, {{animate: false}})")
    scrolled = page.evaluate("() => window.scrollY")
    map_box = page.locator(".leaflet-container").first.bounding_box()
    assert map_box is not None
    # where the mark is drawn (the engine may fan co-located marks out)
    point = page.evaluate(f"""() => {{
        const mark = window.tda.marks ? window.tda.marks().find(m => m.id === {event_id!r})
            : null;
        return mark || {_MAP}.latLngToContainerPoint([{lat}, {lon}]);
    }}""")
    page.mouse.click(map_box["x"] + point["x"], map_box["y"] + point["y"])
    row = page.locator(f'.tda-table tr[data-id="{event_id}"]')
    page.wait_for_function(
        f"""() => {{ const r = document.querySelector('.tda-table tr[data-id="{event_id}"]');
            return r && r.classList.contains('tda-selected'); }}""")
    assert page.locator(".tda-table tr.tda-selected").count() == 1
    assert row.get_attribute("aria-current") == "true"
    # the table scrolled to the row; the page did not scroll away from the map
    assert page.evaluate("() => window.scrollY") == scrolled
    wrap = page.locator(".tda-table-wrap").bounding_box()
    box = row.bounding_box()
    assert wrap is not None
    assert box is not None
    assert wrap["y"] - 1 <= box["y"]
    assert box["y"] + box["height"] <= wrap["y"] + wrap["height"] + 1
    page.screenshot(path=ARTIFACTS / f"panels-map-click-{viewport}.png")
    assert session.blocked == []


def test_search_is_accent_insensitive_and_flies_to_the_place(
        session: appdriver.BrowserSession, page_url: str, layers: Layers,
        viewport: str) -> None:
    page = session.page
    _open(page, page_url)
    box = page.get_by_role("combobox", name="Place name")
    box.fill("tarapaca")
    options = page.get_by_role("listbox").get_by_role("option")
    assert options.all_text_contents() == ["Tarapacá region"]
    page.screenshot(path=ARTIFACTS / f"panels-search-{viewport}.png")
    box.press("Enter")
    place = next(f for f in layers.features("places") if f["id"] == "tarapaca")
    lon, lat = place["geometry"]["coordinates"]
    _wait_popup_at(page, lon, lat, title="Tarapacá region")
    assert page.evaluate("() => window.tda.state().selected") == "tarapaca"
    box.fill("CUCUTA")
    assert options.all_text_contents() == [
        "Cúcuta", "Border trails on the Venezuelan side near Cúcuta"]
    box.fill("zzz")
    assert options.count() == 0
    assert page.get_by_role("status").filter(has_text="No place found.").count() == 1
    assert session.blocked == []


def test_what_changed_in_2022_is_what_the_selection_says_is_new(
        session: appdriver.BrowserSession, page_url: str, layers: Layers,
        viewport: str) -> None:
    page = session.page
    _open(page, page_url)
    page.evaluate("() => window.tda.set({year: 2022})")
    page.wait_for_function("() => document.querySelector('.tda-linked').dataset.year"
                           " === '2022'")
    now = select(layers, Filters(year=2022))
    before = select(layers, Filters(year=2021))
    panel = page.get_by_role("region", name="What changed")
    listed = {layer: set(panel.locator(f'ul[data-layer="{layer}"] button').evaluate_all(
        "nodes => nodes.map(n => n.dataset.id)")) for layer in ("presence", "events", "routes")}
    expected = {layer: _ids(now.layer(layer)) - _ids(before.layer(layer))
                for layer in ("presence", "events", "routes")}
    assert listed == expected
    assert all(expected.values())  # 2022 brings new countries, events and corridors
    assert panel.get_by_text("New in 2022 compared with 2021.").count() == 1
    panel.locator('ul[data-layer="presence"] button', has_text="Bolivia").click()
    page.wait_for_function("() => window.tda.state().selected === 'presence-bol'")
    page.screenshot(path=ARTIFACTS / f"panels-changes-{viewport}.png", full_page=True)
    assert session.blocked == []


def test_keyboard_only_path_through_the_panels(session: appdriver.BrowserSession,
                                               page_url: str, viewport: str) -> None:
    page = session.page
    _open(page, page_url)

    def tab_to(condition: str, *, limit: int = 400) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"() => {{ const a = document.activeElement; return {condition}; }}"):
                return
        raise AssertionError(f"Tab never reached {condition}")

    tab_to("a.classList.contains('tda-bar')")
    assert page.evaluate("() => document.activeElement.dataset.year") == "2025"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.tda.state().year === 2024")
    tab_to("a.getAttribute('role') === 'combobox'")
    page.keyboard.type("lima")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.getElementById(document.activeElement"
                         ".getAttribute('aria-activedescendant')).textContent") == (
        "Lima")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.tda.state().selected === 'lima'")
    page.keyboard.press("Escape")
    tab_to("a.closest('.tda-changes') !== null && a.tagName === 'BUTTON'")
    new = page.evaluate("() => document.activeElement.dataset.id")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => window.tda.state().selected === {new!r}")
    tab_to("a.closest('.tda-table') !== null && a.tagName === 'BUTTON'")
    first = page.evaluate("() => document.activeElement.closest('tr').dataset.id")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => window.tda.state().selected === {first!r}")
    page.wait_for_selector(".leaflet-popup-content")
    page.screenshot(path=ARTIFACTS / f"panels-keyboard-{viewport}.png")
    assert session.blocked == []


@pytest.fixture(scope="module")
def synthetic_url(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Layers]:
    from scripts.make_synthetic_layers import write_synthetic_layers  # noqa: PLC0415

    folder = tmp_path_factory.mktemp("synthetic") / "layers"
    write_synthetic_layers(folder, count=2000)
    many = load_layers(folder)
    return write_page(many, folder.parent / "map.html").as_uri(), many


def test_the_table_renders_one_page_of_2000_events(
        session: appdriver.BrowserSession, synthetic_url: tuple[str, Layers],
        viewport: str) -> None:
    url, many = synthetic_url
    page = session.page
    _open(page, url)
    # 2,000 synthetic events plus the 37 real ones of layers/events.geojson, all by 2025.
    real = len(load_layers().features("events"))
    drawn = len(select(many, Filters(year=2025)).events)
    assert (real, drawn) == (37, 2037)
    assert page.locator(".tda-table tbody tr").count() == 25
    status = page.get_by_role("region", name="Events on the map").get_by_role("status")
    assert status.text_content() == "Events 1–25 of 2,037"
    assert page.get_by_text("Page 1 of 82").count() == 1
    page.get_by_role("button", name="Next page").focus()
    page.keyboard.press("Enter")  # the pager works from the keyboard
    assert status.text_content() == "Events 26–50 of 2,037"
    assert page.locator(".tda-table tbody tr").count() == 25
    # a feature selected on the map switches the table to its page
    target = page.evaluate("() => window.tda.panels.rows[1234].id")
    page.evaluate(f"() => window.tda.focus({target!r})")
    page.wait_for_function(
        f"""() => {{ const r = document.querySelector('.tda-table tr.tda-selected');
            return r && r.dataset.id === {target!r}; }}""")
    assert page.get_by_text("Page 50 of 82").count() == 1
    assert page.locator(".tda-table tbody tr").count() == 25
    page.screenshot(path=ARTIFACTS / f"panels-synthetic-{viewport}.png")
    assert session.blocked == []


def test_panels_have_accessible_names(session: appdriver.BrowserSession,
                                      page_url: str) -> None:
    page = session.page
    _open(page, page_url)
    names = page.locator(".tda-linked section").evaluate_all(
        "nodes => nodes.map(n => document.getElementById("
        "n.getAttribute('aria-labelledby')).textContent)")
    assert names == ["Events per year", "Find a place", "What changed", "Events on the map"]
    unnamed = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.tda-linked button, .tda-linked input')).filter(n => !(n.getAttribute('aria-label')
        || n.textContent.trim() || (n.id && document.querySelector('label[for="' + n.id
        + '"]')))).length""")
    assert unnamed == 0


# WCAG contrast of every text in the panels against the first opaque background behind it.
_CONTRAST_JS = """() => {
    const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
    const lum = c => {
        const [r, g, b] = c.slice(0, 3).map(v => {
            v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const background = node => {
        for (let n = node; n; n = n.parentElement) {
            const c = rgb(getComputedStyle(n).backgroundColor);
            if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) { return c; }
        }
        return [255, 255, 255];
    };
    const worst = [];
    document.querySelectorAll('.tda-linked *').forEach(node => {
        const own = Array.from(node.childNodes).some(
            c => c.nodeType === 3 && c.textContent.trim());
        const style = getComputedStyle(node);
        if (!own || style.display === 'none' || style.visibility === 'hidden'
            || node.closest('.tda-visually-hidden') || node.disabled) { return; }
        const fg = lum(rgb(style.color)), bg = lum(background(node));
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        if (ratio < 4.5) { worst.push([node.tagName, node.textContent.slice(0, 30), ratio]); }
    });
    return worst;
}"""


def test_panel_text_meets_wcag_aa_contrast(session: appdriver.BrowserSession,
                                           page_url: str) -> None:
    page = session.page
    _open(page, page_url)
    page.get_by_role("combobox", name="Place name").fill("lima")
    page.get_by_role("combobox", name="Place name").press("ArrowDown")  # a highlighted option
    page.locator(".tda-table tbody tr button").first.click()  # a selected row
    page.wait_for_selector(".tda-table tr.tda-selected")
    assert page.evaluate(_CONTRAST_JS) == []


def test_the_panels_need_only_the_page_api(layers: Layers,
                                           tmp_path_factory: pytest.TempPathFactory) -> None:
    """The same panels on a stand-in `window.tda` (tests/support/fake_tda.js)."""
    url = write_fake_page(layers, tmp_path_factory.mktemp("fake") / "map.html").as_uri()
    with appdriver.open_browser(width=1440, height=1000) as session:
        page = session.page
        _open(page, url)
        page.get_by_role("group", name="Timeline: choose a year").get_by_role(
            "button", name="2022:").click()
        page.wait_for_function("() => window.tda.state().year === 2022")
        drawn = len(select(layers, Filters(year=2022)).events)
        assert drawn == 28  # more than a page: the table shows the first page of them
        assert page.locator(".tda-table tbody tr").count() == panels.PAGE_SIZE == 25
        page.get_by_role("combobox", name="Place name").fill("tarapaca")
        page.get_by_role("combobox", name="Place name").press("Enter")
        page.wait_for_function("() => window.tda.state().selected === 'tarapaca'")
        assert session.blocked == []


def test_the_panels_speak_the_page_language(layers: Layers,
                                            tmp_path_factory: pytest.TempPathFactory) -> None:
    """lang=es: every panel text comes from the page's strings, in Spanish."""
    url = write_page(layers, tmp_path_factory.mktemp("es") / "map.html", lang="es").as_uri()
    with appdriver.open_browser(width=1440, height=1000) as session:
        page = session.page
        _open(page, url)
        strings = page.evaluate("() => window.tda.strings")
        for key in panels.STRING_KEYS:
            assert strings[key] == i18n.gettext(payload.UI_STRINGS[key], lang="es"), key
        headings = page.locator(".tda-linked h2").all_text_contents()
        assert headings == [strings[k] for k in ("panel_timeline", "panel_search",
                                                 "panel_changes", "panel_table")]
        assert page.locator(".tda-table thead th").all_text_contents() == [
            strings[k] for k in ("panel_date", "panel_event", "panel_place", "sources",
                                 "panel_quote")]
        page.screenshot(path=ARTIFACTS / "panels-es-desktop.png", full_page=True)
        assert session.blocked == []
