"""The map page in Debian Chromium: the one file and the site paint the same, the year rule
is the data model's, the view fits, labels, fan-out, keyboard, language, protocol.

Every off-host request is blocked and recorded; waits are on conditions.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import Point, shape

from geo import i18n, style
from geo.data.selection import Filters, Layers, load_layers, select, year_bounds
from geo.style import inset as inset_rule
from geo.views.leaflet.standalone import html_document, write_site
from tests.support import ARTIFACTS
from tests.support.mappage import (
    CHROMIUM,
    HOSTILE_EVENT,
    HOSTILE_TITLE,
    MapPage,
    chromium,
    hostile_layers,
    serve_folder,
)

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed")]
SITE_PORT = 8631
HOST_PORT = 8632
"""A framing page on another port (another origin) than the site."""
FIT_FACTOR = 2.0
"""The fitted view is at most this many times the drawn features' extent, in the tighter
dimension (padding, controls and quarter-zoom steps take the rest)."""
LIMA = (-77.03, -12.08)


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def html_file(tmp_path_factory: pytest.TempPathFactory, layers: Layers) -> Path:
    path = tmp_path_factory.mktemp("page") / "map.html"
    path.write_text(html_document(layers, lang="en"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory, layers: Layers) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("site") / "site"
    write_site(folder, layers)
    with serve_folder(folder, port=SITE_PORT, page="index.html") as url:
        yield url


def open_map(browser: Any, url: str, **kwargs: Any) -> MapPage:
    return MapPage(browser, url, **kwargs)


def expected_ids(layers: Layers, filters: Filters) -> list[str]:
    drawn = style.drawn_features(select(layers, filters))
    return sorted(str(f["id"]) for features in drawn.values() for f in features)


def test_file_and_site_paint_the_same(browser: Any, html_file: Path, site_url: str,
                                      layers: Layers) -> None:
    pages = [open_map(browser, html_file.as_uri() + "?year=2022", bypass_csp=False),
             open_map(browser, site_url + "?year=2022", bypass_csp=False)]
    try:
        ids = [p.js("tda.visibleIds()") for p in pages]
        marks = [p.js("tda.marks().map(m => m.id || 'cluster')") for p in pages]
        assert ids[0] == ids[1] == expected_ids(layers, Filters(year=2022))
        assert marks[0] == marks[1]
        assert len(marks[0]) > 20
        for page in pages:
            assert page.blocked == []
            assert page.errors == []
    finally:
        for page in pages:
            page.close()


def test_year_steps_draw_what_the_selection_says(browser: Any, html_file: Path,
                                                 layers: Layers) -> None:
    first, last = year_bounds(layers)
    page = open_map(browser, html_file.as_uri())
    try:
        slider = page.page.locator('input[aria-label*="Year"]')
        slider.focus()
        for year in range(last, first - 1, -1):
            page.page.wait_for_function(f"tda.state().year === {year}")
            assert page.js("tda.visibleIds()") == expected_ids(layers, Filters(year=year)), year
            if year > first:
                page.page.keyboard.press("ArrowLeft")
        page.set_state({"mode": "only"})
        for year in range(first, last + 1):
            page.page.wait_for_function(f"tda.state().year === {year}")
            assert page.js("tda.visibleIds()") == \
                expected_ids(layers, Filters(year=year, mode="only")), year
            if year < last:
                page.page.keyboard.press("ArrowRight")
        page.set_state({"mode": "cumulative", "year": 2022,
                        "filters": {"event_kinds": ["arrest"], "countries": ["PER", "CHL"]}})
        assert page.js("tda.visibleIds()") == expected_ids(
            layers, Filters(year=2022, event_kinds=("arrest",), countries=("PER", "CHL")))
        assert page.blocked == []
    finally:
        page.close()


def _fit_ratio(page: MapPage) -> float:
    """Map size over the drawn extent in pixels, in the tighter dimension."""
    result = page.js("""(() => {
        const m = tda.map, b = tda.drawnBounds(), z = m.getZoom();
        const sw = m.project([b[0][0], b[0][1]], z), ne = m.project([b[1][0], b[1][1]], z);
        const s = m.getSize(), view = m.getBounds(), r = m.getContainer().getBoundingClientRect();
        return {ratio: Math.min(s.x / Math.max(1, ne.x - sw.x), s.y / Math.max(1, sw.y - ne.y)),
                contains: view.contains(L.latLngBounds(b)), size: [s.x, s.y],
                shown: [Math.round(r.width), Math.round(r.height)]};
    })()""")
    # Leaflet measured the map as it is laid out (a stale, taller size fits off the page)
    assert result["size"] == result["shown"]
    assert result["contains"] is True
    return float(result["ratio"])


def _fits_one_step_closer(page: MapPage) -> bool:
    """Whether the drawn extent, one zoom step (zoomSnap) closer, would fit the map with the
    page's margins at the edges and clear of every control (year, layers, zoom, legend
    button, scale, attribution). A box clear of axis-aligned rectangles can always be slid
    left and up until it touches the frame or a rectangle, so those positions are the only
    ones tried."""
    m = page.js("""(() => {
        const m = tda.map, b = tda.drawnBounds(), z = m.getZoom() + m.options.zoomSnap;
        const sw = m.project([b[0][0], b[0][1]], z), ne = m.project([b[1][0], b[1][1]], z);
        const mr = m.getContainer().getBoundingClientRect();
        const rects = [...m.getContainer().querySelectorAll('.leaflet-control')]
            .map(n => n.getBoundingClientRect()).filter(r => r.width && r.height)
            .map(r => [r.left - mr.left, r.top - mr.top, r.right - mr.left, r.bottom - mr.top]);
        return {w: ne.x - sw.x, h: sw.y - ne.y, size: [m.getSize().x, m.getSize().y], rects,
                margins: tda.fitMargins()};
    })()""")
    (width, height), w, h = m["size"], m["w"], m["h"]
    edge, gap = m["margins"]["edge"], m["margins"]["control"]
    assert 12 <= edge <= 40  # a margin, not room to spare
    assert 0 <= gap <= 8
    rects = [[r[0] - gap, r[1] - gap, r[2] + gap, r[3] + gap] for r in m["rects"]]
    for x in [edge] + [r[2] for r in rects]:
        for y in [edge] + [r[3] for r in rects]:
            if x + w > width - edge or y + h > height - edge:
                continue
            if not any(x < r[2] and x + w > r[0] and y < r[3] and y + h > r[1] for r in rects):
                return True
    return False


@pytest.mark.parametrize(("width", "height", "query", "name"), [
    (1440, 1000, "", "default-1440x1000"),
    (1920, 1080, "&briefing=1", "briefing-1920x1080"),
    (390, 844, "", "phone-390x844"),
])
def test_view_fits_what_is_drawn(browser: Any, html_file: Path, layers: Layers, *, width: int,
                                 height: int, query: str, name: str) -> None:
    page = open_map(browser, f"{html_file.as_uri()}?year=2022{query}", width=width,
                    height=height)
    try:
        assert _fit_ratio(page) <= FIT_FACTOR
        assert not _fits_one_step_closer(page)  # not zoomed out more than needed
        page.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        zoom = page.js("tda.map.getZoom()")
        # A country filter refits. Bolivia's drawn extent (its places and events and the
        # corridors through it) spans 27.2 degrees of latitude against 52.0 for all of 2022;
        # Chile's spans 51.7 (its corridors run from the Colombia-Venezuela border to Puerto
        # Montt), so a Chile filter may keep the zoom, a Bolivia filter must zoom in.
        spans = []
        for countries in ((), ("BOL",), ("CHL",)):
            bounds = [s.bounds for s in _drawn_shapes(layers, Filters(year=2022,
                                                                      countries=countries))]
            spans.append(round(max(b[3] for b in bounds) - min(b[1] for b in bounds), 1))
        assert spans == [52.0, 27.2, 51.7]
        page.set_state({"filters": {"countries": ["BOL"]}})
        assert _fit_ratio(page) <= FIT_FACTOR
        assert not _fits_one_step_closer(page)
        assert page.js("tda.map.getZoom()") > zoom
        page.page.screenshot(path=str(ARTIFACTS / f"{name}-bolivia.png"))
    finally:
        page.close()


def _drawn_shapes(layers: Layers, filters: Filters) -> list[Any]:
    """Shapes of what the fit frames: places, events, spread lines and corridors."""
    drawn = style.drawn_features(select(layers, filters))
    return [shape(f["geometry"]) for name in ("places", "events", "spread", "routes")
            for f in drawn[name] if f.get("geometry")]


def test_an_explicit_view_is_kept(browser: Any, html_file: Path) -> None:
    page = open_map(browser, f"{html_file.as_uri()}?year=2022&lat=-12.1&lon=-77&zoom=6")
    try:
        view = page.js("tda.state().view")
        assert view["zoom"] == 6
        assert view["lat"] == pytest.approx(-12.1, abs=0.01)
        assert view["lon"] == pytest.approx(-77.0, abs=0.01)
        page.set_state({"year": 2020})
        assert page.js("tda.state().view.zoom") == 6
    finally:
        page.close()


def _rect(page: MapPage, selector: str) -> dict[str, float] | None:
    rect: dict[str, float] | None = page.js(f"""(() => {{
        const n = document.querySelector({json.dumps(selector)});
        if (!n) return null;
        const r = n.getBoundingClientRect();
        return r.width && r.height ? {{x: r.x, y: r.y, w: r.width, h: r.height}} : null;
    }})()""")
    return rect


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and \
        a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


def test_legend_never_covers_the_map_or_a_popup(browser: Any, html_file: Path) -> None:
    phone = open_map(browser, html_file.as_uri() + "?year=2022", width=390, height=844)
    desk = open_map(browser, html_file.as_uri() + "?year=2022")
    try:
        assert _rect(phone, "#tda-legend") is None  # collapsed to a button
        phone.page.get_by_role("button", name="Show legend").click()
        assert _rect(phone, "#tda-legend") is not None
        phone.page.screenshot(path=str(ARTIFACTS / "phone-legend-open.png"))
        phone.js("tda.focus('ev-2022-11-10-gallegos-arrests')")
        phone.page.wait_for_selector(".leaflet-popup")
        assert _rect(phone, "#tda-legend") is None  # a popup closes it
        desk.js("tda.focus('ev-2022-11-10-gallegos-arrests')")
        desk.page.wait_for_selector(".leaflet-popup")
        legend, popup = _rect(desk, "#tda-legend"), _rect(desk, ".leaflet-popup")
        mapbox = _rect(desk, ".folium-map")
        assert legend is not None
        assert popup is not None
        assert mapbox is not None
        assert not _overlap(legend, popup)
        assert not _overlap(legend, mapbox)
        desk.page.screenshot(path=str(ARTIFACTS / "desktop-popup.png"))
    finally:
        phone.close()
        desk.close()


def _lima_ids(layers: Layers) -> dict[str, str]:
    drawn = style.drawn_features(select(layers, Filters(year=2025)))
    titles = {}
    for layer in ("places", "events"):
        for f in drawn[layer]:
            lon, lat = f["geometry"]["coordinates"][:2]
            if math.hypot(lon - LIMA[0], lat - LIMA[1]) < 0.3:
                titles[str(f["id"])] = str(f["properties"].get("title") or
                                           f["properties"]["name"])
    return titles


def test_lima_marks_are_separately_clickable_at_zoom_11(browser: Any, html_file: Path,
                                                        layers: Layers) -> None:
    expected = _lima_ids(layers)
    assert {"ev-2025-02-07-lima-arrests", "ev-2025-02-07-lima-rescue"} <= set(expected)
    page = open_map(browser, f"{html_file.as_uri()}?year=2025&lat={LIMA[1]}&lon={LIMA[0]}"
                             "&zoom=11")
    try:
        page.page.screenshot(path=str(ARTIFACTS / "lima-zoom11.png"))
        marks = {m["id"]: m for m in page.js("tda.marks()") if m.get("id") in expected}
        assert set(marks) == set(expected)
        for one, two in itertools.combinations(marks.values(), 2):  # apart: separately clickable
            assert math.hypot(one["x"] - two["x"], one["y"] - two["y"]) >= one["r"] + two["r"]
        origin = page.js("(() => { const r = tda.map.getContainer().getBoundingClientRect();"
                         " return [r.x, r.y]; })()")
        for fid in sorted(marks):
            # a popup pans the map clear of the controls (autoPan, animated): back to Lima
            # first, then, once it stops, read where the mark is
            page.set_state({"view": {"lat": LIMA[1], "lon": LIMA[0], "zoom": 11}})
            page.page.wait_for_function("() => !tda.moving()")
            mark = next(m for m in page.js("tda.marks()") if m.get("id") == fid)
            page.page.mouse.click(origin[0] + mark["x"], origin[1] + mark["y"])
            page.page.wait_for_function(
                "t => { const h = document.querySelector('.leaflet-popup h4');"
                " return h && h.textContent === t; }", arg=expected[fid])
            assert page.js("tda.state().selected") == fid
            page.js("void tda.map.closePopup()")  # void: do not serialise the map object
    finally:
        page.close()


def _expected_labels_2022(layers: Layers) -> dict[str, tuple[float, float, str]]:
    """Label key -> (lon, lat, ISO of the polygon it must sit in)."""
    chosen = select(layers, Filters(year=2022))
    places = {str(f["id"]): f for f in layers.features("places")}
    labels: dict[str, tuple[float, float, str]] = {}
    outlines = {f["properties"]["iso_a3"]: shape(f["geometry"])
                for f in layers.features("basemap")}
    for f in chosen.presence:
        iso = f["properties"]["country"]
        point = outlines[iso].representative_point()
        labels[f"country:{iso}"] = (point.x, point.y, iso)
    wanted = {pid for pid, p in places.items()
              if p["properties"]["kind"] in ("base", "border_crossing")}
    wanted |= {str(e["properties"]["place"]) for e in chosen.events
               if style.is_active("events", e["properties"], year=2022)}
    for pid in sorted(wanted):
        props = places[pid]["properties"]
        if props["kind"] == "country":
            continue
        lon, lat = places[pid]["geometry"]["coordinates"][:2]
        labels[f"place:{pid}"] = (lon, lat, props["country"])
    return labels


def test_expected_2022_labels_are_placed_inside_their_country(browser: Any, html_file: Path,
                                                              layers: Layers) -> None:
    expected = _expected_labels_2022(layers)
    outlines = {f["properties"]["iso_a3"]: shape(f["geometry"])
                for f in layers.features("basemap")}
    page = open_map(browser, html_file.as_uri() + "?year=2022", width=1920, height=1080)
    placed_somewhere: set[str] = set()
    try:
        views = [None] + [(lat, lon, 6 if key.startswith("country:") else 8)
                          for key, (lon, lat, _) in sorted(expected.items())]
        for view in views:
            if view is not None:
                page.set_state({"view": {"lat": view[0], "lon": view[1], "zoom": view[2]}})
            labels = page.js("""(() => { const l = tda.labels(); const m = tda.map;
                return {placed: l.placed.map(p => ({key: p.key, corners: [[p.box[0], p.box[1]],
                    [p.box[2], p.box[1]], [p.box[0], p.box[3]], [p.box[2], p.box[3]]].map(c => {
                    const ll = m.containerPointToLatLng(c); return [ll.lng, ll.lat]; })})),
                    unplaced: l.unplaced.map(u => u.key)}; })()""")
            for label in labels["placed"]:
                if label["key"] in expected:
                    iso = expected[label["key"]][2]
                    assert all(outlines[iso].buffer(1e-6).contains(Point(c))
                               for c in label["corners"]), label
                    placed_somewhere.add(label["key"])
            if view is None:
                page.page.screenshot(path=str(ARTIFACTS / "labels-2022-1920.png"))
        assert sorted(set(expected) - placed_somewhere) == []
    finally:
        page.close()


def test_keyboard_path(browser: Any, html_file: Path) -> None:
    page = open_map(browser, html_file.as_uri() + "?year=2022")
    try:
        for _ in range(60):
            page.page.keyboard.press("Tab")
            if page.js("document.activeElement.classList.contains('tda-keynav')"):
                break
        assert page.js("document.activeElement.getAttribute('aria-label')").startswith(
            "Map features")
        page.page.keyboard.press("ArrowRight")
        page.page.keyboard.press("ArrowRight")
        current = page.js("document.activeElement.dataset.current")
        assert current in page.js("tda.visibleIds()")
        page.page.keyboard.press("Enter")
        page.page.wait_for_selector(".leaflet-popup h4")
        assert page.js("tda.state().selected") == current
        page.page.keyboard.press("Escape")
        page.page.wait_for_function("!document.querySelector('.leaflet-popup')")
        for _ in range(60):
            page.page.keyboard.press("Shift+Tab")
            if page.js("document.activeElement.getAttribute('aria-label') === 'Year'"):
                break
        page.page.keyboard.press("ArrowLeft")
        page.page.wait_for_function("tda.state().year === 2021")
    finally:
        page.close()


def test_page_takes_its_strings_from_the_payload(browser: Any, tmp_path: Path,
                                                 layers: Layers,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    table = {"Year": "Año", "Legend": "Leyenda", "Events": "Eventos", "Play": "Reproducir"}
    monkeypatch.setattr(i18n, "catalog", lambda _lang: table)
    path = tmp_path / "es.html"
    path.write_text(html_document(layers, lang="es"), encoding="utf-8")
    page = open_map(browser, path.as_uri() + "?year=2022")
    try:
        assert page.js("document.documentElement.lang") == "es"
        assert page.js("document.querySelector('.tda-year-input').getAttribute('aria-label')") \
            == "Año"
        assert page.js("document.querySelector('.tda-legend-title').textContent") == "Leyenda"
        assert "Eventos" in page.js("[...document.querySelectorAll('.tda-legend h3')]"
                                    ".map(h => h.textContent)")
        assert page.js("tda.lang") == "es"
        page.page.screenshot(path=str(ARTIFACTS / "es-1440x1000.png"))
    finally:
        page.close()


def test_the_spanish_page_is_spanish_throughout(browser: Any, tmp_path: Path,
                                               layers: Layers) -> None:
    path = tmp_path / "es.html"
    path.write_text(html_document(layers, lang="es"), encoding="utf-8")
    page = open_map(browser, path.as_uri() + "?year=2022")
    try:
        assert page.js("document.querySelector('.tda-legend-title').textContent") == "Leyenda"
        headings = page.js("[...document.querySelectorAll('.tda-legend h3')]"
                           ".map(h => h.textContent)")
        assert headings[:2] == ["Presencia según el primer año reportado", "Corredores"]
        assert "Hechos" in headings
        names = page.js("tda.labels().placed.map(p => p.text)")
        assert {"Perú", "Bolivia", "Colombia"} <= set(names)
        assert "Peru" not in names
        assert page.js("[...document.querySelectorAll('option')].map(o => o.textContent)"
                       ".includes('Hasta el año')")
        page.page.screenshot(path=str(ARTIFACTS / "es-real-1440x1000.png"))
    finally:
        page.close()


def test_hostile_text_shows_as_text(browser: Any, tmp_path: Path) -> None:
    hostile = load_layers(hostile_layers(tmp_path / "layers"))
    path = tmp_path / "hostile.html"
    path.write_text(html_document(hostile, lang="en"), encoding="utf-8")
    page = open_map(browser, path.as_uri() + "?year=2022")
    try:
        page.js(f"tda.focus({json.dumps(HOSTILE_EVENT)})")
        page.page.wait_for_selector(".leaflet-popup h4")
        assert page.js("document.querySelector('.leaflet-popup h4').textContent") == \
            HOSTILE_TITLE
        assert page.js("document.querySelectorAll('.leaflet-popup img').length") == 0
        assert page.js("window.__pwned === undefined") is True
        assert page.errors == []
    finally:
        page.close()


def test_post_message_protocol(browser: Any, html_file: Path) -> None:
    host = html_file.parent / "host.html"
    host.write_text(
        "<!DOCTYPE html><html><body><script>window.msgs = [];"
        "addEventListener('message', e => window.msgs.push(e.data));</script>"
        f"<iframe id='f' src='{html_file.name}?year=2022&embed=1' width='1000' height='700'>"
        "</iframe></body></html>", encoding="utf-8")
    page = MapPage(browser, host.as_uri(), ready=False)
    try:
        page.page.wait_for_function("window.msgs.some(m => m.type === 'tda:ready')")
        page.js("document.getElementById('f').contentWindow.postMessage("
                "{type: 'tda:set', state: {year: 2020, mode: 'only'}}, '*')")
        page.page.wait_for_function("window.msgs.some(m => m.type === 'tda:state' && "
                                    "m.state.year === 2020 && m.state.mode === 'only')")
        state = page.js("window.msgs.filter(m => m.type === 'tda:state').pop().state")
        assert sorted(state) == ["filters", "lang", "layers", "mode", "selected", "view", "year"]
        assert sorted(state["filters"]) == ["corridor_kinds", "countries", "event_kinds",
                                            "groups"]
        page.js("document.getElementById('f').contentWindow.postMessage("
                "{type: 'tda:focus', id: 'ev-2020-chile-tda-arrests'}, '*')")
        assert page.blocked == []
    finally:
        page.close()


HOSTILE_MESSAGES: list[Any] = [
    {"type": "tda:set", "state": {"year": 2011}, "extra": 1},
    {"type": "tda:set", "state": {"year": "abc"}},
    {"type": "tda:set", "state": {"year": 2011, "mode": "__proto__"}},
    {"type": "tda:set", "state": {"view": {"lat": 1e308, "lon": 1e308, "zoom": 3}}},
    {"type": "tda:set", "state": {"view": {"lat": 10, "lon": "abc", "zoom": 3}}},
    {"type": "tda:set", "state": {"year": 2011, "filters": {"__proto__": ["PER"]}}},
    {"type": "tda:set", "state": {"year": 2011, "filters": {"constructor": ["PER"]}}},
    {"type": "tda:set", "state": {"year": 2011, "filters": {"countries": ["x" * 10_000]}}},
    {"type": "tda:set", "state": {"year": 2011, "filters": {"countries": ["PER"] * 1000}}},
    {"type": "tda:set", "state": {"year": 2011, "selected": {"__proto__": 1}}},
    {"type": "tda:set", "state": {"year": 2011, "constructor": 1}},
    {"type": "tda:set", "state": None},
    {"type": "tda:focus", "id": {"toString": 1}},
    {"type": "tda:focus", "id": "x" * 5000},
    {"type": "tda:focus", "id": "__proto__"},
    {"type": "tda:focus", "id": "constructor"},
    "tda:set", None, [1, 2], {"type": "tda:other"},
]
"""Each is ignored whole: the map keeps its year, no exception, nothing blank."""
_FRAME_CHECK = """() => ({year: tda.state().year, mode: tda.state().mode,
    drawn: tda.visibleIds().length, marks: tda.marks().length,
    centre: [tda.map.getCenter().lat, tda.map.getCenter().lng], errors: window.__errors})"""


def _map_frame(page: MapPage) -> Any:
    return next(f for f in page.page.frames if f.url.startswith(f"http://127.0.0.1:{SITE_PORT}/"))


def test_hostile_messages_from_a_framing_page_are_ignored(browser: Any, site_url: str,
                                                          tmp_path: Path) -> None:
    (tmp_path / "host.html").write_text(
        "<!DOCTYPE html><html><body><script>window.msgs = [];"
        "addEventListener('message', e => window.msgs.push({origin: e.origin, data: e.data}));"
        "</script>"
        f"<iframe id='f' src='{site_url}?year=2022&embed=1' width='1000' height='700'></iframe>"
        # a sibling frame that, asked to, sends the map a well-formed message, then says so
        "<iframe id='sibling' srcdoc=\"<script>addEventListener('message', () => {"
        " parent.frames[0].postMessage({type: 'tda:set', state: {year: 2011}}, '*');"
        " parent.postMessage({type: 'sibling:sent'}, '*'); });</script>\"></iframe>"
        "</body></html>", encoding="utf-8")
    with serve_folder(tmp_path, port=HOST_PORT, page="host.html") as host_url:
        page = MapPage(browser, host_url, ready=False)
        try:
            page.page.wait_for_function("window.msgs.some(m => m.data.type === 'tda:ready')")
            frame = _map_frame(page)
            frame.evaluate("() => { window.__errors = []; addEventListener("
                           "'error', e => window.__errors.push(String(e.message))); }")
            before = frame.evaluate(_FRAME_CHECK)
            assert (before["year"], before["mode"]) == (2022, "cumulative")
            assert before["drawn"] > 0
            assert before["marks"] > 0
            # the page posts to the framing page (its origin checked by postMessage itself)
            origins = {m["origin"] for m in page.js("window.msgs")}
            assert origins == {f"http://127.0.0.1:{SITE_PORT}"}
            # JSON.parse keeps "__proto__" an own key, as a hostile page would send it
            page.js("""cases => { const f = document.getElementById('f').contentWindow;
                for (const c of JSON.parse(cases)) { f.postMessage(c, '*'); } }""",
                    json.dumps(HOSTILE_MESSAGES))
            # a window that is not the parent is not obeyed, even with a well-formed message
            page.js("() => document.getElementById('sibling').contentWindow.postMessage('go', '*')")
            page.page.wait_for_function("window.msgs.some(m => m.data.type === 'sibling:sent')")
            # a valid message after them: had any been accepted, its year 2011 would show
            page.js("() => document.getElementById('f').contentWindow.postMessage("
                    "{type: 'tda:set', state: {mode: 'only'}}, '*')")
            frame.wait_for_function("() => tda.state().mode === 'only'")
            checked = frame.evaluate(_FRAME_CHECK)
            assert checked["year"] == 2022
            assert frame.evaluate("() => tda.state().filters.countries") == []
            assert frame.evaluate("() => tda.state().selected") is None
            # a valid burst: 1,000 messages, applied once per frame, the last one wins
            page.js("""() => { const f = document.getElementById('f').contentWindow;
                window.msgs = [];
                for (let i = 0; i < 1000; i++) {
                    f.postMessage({type: 'tda:set', state: {year: 2015 + (i % 5)}}, '*');
                } }""")
            frame.wait_for_function("() => tda.state().year === 2019")
            page.page.wait_for_function("window.msgs.some(m => m.data.type === 'tda:state' && "
                                        "m.data.state.year === 2019)")
            after = frame.evaluate(_FRAME_CHECK)
            assert after["errors"] == []
            assert after["drawn"] > 0
            assert all(math.isfinite(v) for v in after["centre"])
            posts = [m for m in page.js("window.msgs") if m["data"]["type"] == "tda:state"]
            assert 1 <= len(posts) < 50  # coalesced: far fewer posts than messages
            assert page.errors == []
            assert page.blocked == []
        finally:
            page.close()


@pytest.mark.parametrize(("query", "lang"), [
    ("?lang=__proto__", "en"), ("?lang=constructor", "en"), ("?lang=toString", "en"),
    ("?lang=hasOwnProperty", "en"), ("?lang=es", "es"),
    ("?lat=1e308&lon=1e308", "en"), ("?lat=1e308&lon=1e308&zoom=4", "en"),
    ("?lat=10&lon=abc&zoom=4", "en"),
    ("?layers=roads,__proto__", "en"),
])
def test_hostile_urls_fall_back_to_defaults(browser: Any, site_url: str, query: str,
                                            lang: str) -> None:
    page = open_map(browser, site_url + query)
    try:
        state = page.js("tda.state()")
        assert state["lang"] == lang
        assert state["layers"] == ["presence", "spread", "routes", "places", "events"]
        assert all(math.isfinite(state["view"][k]) for k in ("lat", "lon", "zoom"))
        assert page.js("tda.visibleIds().length") > 0
        assert page.js("tda.marks().length") > 0
        assert page.errors == []
        assert page.blocked == []
    finally:
        page.close()


@pytest.mark.parametrize(("width", "height", "query", "shown"), [
    (1920, 1080, "&briefing=1", True), (1440, 1000, "", True), (390, 844, "", False)])
def test_the_inset_frames_the_north_so_south_america_fills_the_map(
        browser: Any, html_file: Path, layers: Layers, *, width: int, height: int, query: str,
        shown: bool) -> None:
    page = open_map(browser, f"{html_file.as_uri()}?year=2025{query}", width=width,
                    height=height)
    try:
        drawn = _drawn_shapes(layers, Filters(year=2025))
        north = [s.geom_type for s in drawn if s.bounds[1] > inset_rule.INSET_MIN_LAT]
        # the US and Guantánamo: 4 events and 2 places, and the deportation corridor
        assert sorted(north) == ["LineString"] + ["Point"] * 6
        inset = page.js("tda.inset()")
        assert inset["shown"] is shown
        _, (top, _) = page.js("tda.drawnBounds()")
        if not shown:  # a phone pans to them: the fit takes them in
            assert top > inset_rule.INSET_MIN_LAT
            return
        # the main map frames South America only, beside the inset, and fills the frame
        assert top < inset_rule.INSET_MIN_LAT
        assert _fit_ratio(page) <= FIT_FACTOR
        assert not _fits_one_step_closer(page)
        assert sum(m.get("count", 1) for m in inset["marks"]) == 6
        box = _rect(page, ".tda-inset")
        assert box is not None
        # a click on a mark of the inset shows that feature on the main map
        mark = next(m for m in inset["marks"] if not m.get("cluster"))
        here = sorted(m["id"] for m in inset["marks"] if (m["x"], m["y"]) == (mark["x"], mark["y"]))
        page.page.mouse.click(box["x"] + 1 + mark["x"], box["y"] + 1 + mark["y"])
        page.page.wait_for_function("tda.state().selected !== null")
        assert page.js("tda.state().selected") in here
        page.page.screenshot(path=str(ARTIFACTS / f"inset-{width}x{height}.png"))
    finally:
        page.close()


def test_a_spanish_popup_marks_the_english_it_keeps(browser: Any, layers: Layers,
                                                     tmp_path: Path) -> None:
    """Notes (the project's words, written in English) and quotes (verbatim, in their
    article's language) keep their language in a Spanish popup, marked with `lang`; the
    rest of the popup is Spanish."""
    path = tmp_path / "map.html"
    path.write_text(html_document(layers, lang="es"), encoding="utf-8")
    event = next(f for f in layers.features("events")
                 if f["properties"].get("date_note") and f["properties"]["evidence"]
                 and f["properties"]["year"] == 2022)
    props = event["properties"]
    page = open_map(browser, f"{path.as_uri()}?year=2022")
    try:
        page.js(f"tda.focus({str(event['id'])!r})")
        page.page.wait_for_selector(".leaflet-popup-content")
        marked = page.js("""[...document.querySelectorAll('.leaflet-popup-content [lang]')]
                            .map(n => [n.getAttribute('lang'), n.textContent])""")
        languages = {sid: s["language"] for sid, s in layers.sources.items()}
        assert marked == [["en", props["date_note"]]] + [
            [languages[e["source"]], f"“{e['quote']}”"] for e in props["evidence"]]
        assert page.js("document.documentElement.lang") == "es"
        title = page.js("document.querySelector('.leaflet-popup-content h4').textContent")
        assert title == props["title_es"]
    finally:
        page.close()
