"""The Streamlit app without a browser (AppTest): widgets by key, summary text, URL state,
banners for broken layer folders, and the map bridge's state driving the panels.

AppTest runs the script but no JavaScript: what the map page reports is fed to the bridge
component as its state value (what the browser sends after a ``tda:state`` message).
Whether the map paints is tested in test_browser.py.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.testing.v1 import AppTest

from geo import config
from tests.support.hostile import rehash

APP = str(config.ROOT / "app.py")
HOSTILE = "<img src=x onerror=alert(1)>"
LINKY = "www.evil.example http://evil.example/x mail@evil.example ![i](http://evil.example/i.png)"


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.delenv(config.ENV_LAYERS_DIR, raising=False)
    return AppTest.from_file(APP, default_timeout=60)


def _plain(markdown: str) -> str:
    """Markdown text as shown (escapes and bold markers removed)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("**", "")


def _summary(at: AppTest) -> str:
    texts = [_plain(m.value) for m in at.markdown]
    return next(t for t in texts if re.search(r"(By|In) \d{4}", t))


def _html(at: AppTest) -> list[str]:
    """Bodies of the st.html elements (the app's plain-text captions)."""
    return [str(node.proto.body) for node in at.get("html")]


def _bridge(at: AppTest) -> tuple[str, dict[str, Any]]:
    """The bridge component's element id and the data it sends to the browser."""
    (component,) = at.get("bidi_component")
    return component.proto.id, json.loads(component.proto.json)


def _report(at: AppTest, report: dict[str, Any]) -> AppTest:
    """Run as the browser does after the map page posted ``tda:state`` with `report`."""
    element_id, _ = _bridge(at)
    tree = at._tree  # AppTest has no public hook for a component's state
    collect: Callable[[], WidgetStates] = tree.get_widget_states

    def with_report() -> WidgetStates:
        states = collect()
        states.widgets.append(WidgetState(id=element_id,
                                          json_value=json.dumps({"state": report})))
        return states

    tree.get_widget_states = with_report  # type: ignore[method-assign]
    return at.run()


def _page_state(year: int, mode: str = "cumulative", **filters: list[str]) -> dict[str, Any]:
    return {"year": year, "mode": mode, "lang": "en", "selected": None,
            "filters": {"countries": [], "groups": [], "event_kinds": [], "corridor_kinds": [],
                        **filters},
            "layers": ["presence", "spread", "routes", "places", "events"],
            "view": {"lat": -12.05, "lon": -77.04, "zoom": 5}}


def test_runs_without_exception_at_the_latest_year(app: AppTest) -> None:
    at = app.run()
    assert not at.exception
    assert not at.error
    assert _summary(at) == ("By 2025: 11 countries, 37 events, 18 corridors (1,740 km measured, "
                            "29,088 km schematic)")
    assert at.query_params["year"] == "2025"
    assert at.query_params["mode"] == "cumulative"
    assert at.segmented_control(key="lang").value == "en"
    assert at.pills(key="layers").value == ["presence", "spread", "routes", "places", "events"]
    _, data = _bridge(at)
    assert re.fullmatch(r"/app/static/site/[0-9a-f]{16}/index\.html\?year=2025&mode=cumulative"
                        r"&lang=en&embed=1", data["src"])
    assert (config.ROOT / data["src"].removeprefix("/app/").split("?")[0]).is_file()
    assert data["revision"] == 0


@pytest.mark.parametrize(("year", "mode", "sentence"), [
    (2022, "cumulative", "By 2022: 6 countries, 28 events, 17 corridors (1,740 km measured, "
     "26,026 km schematic)"),
    # seven countries with a 2025 claim: BOL, ECU and the five reported present by 2025
    (2025, "only", "In 2025 only: 10 countries, 8 events, 1 corridor (0 km measured, 3,062 km "
     "schematic)"),
    # 2021: Peru; the 2017-2021 Colchane entries span into it
    (2021, "only", "In 2021 only: 1 country, 4 events, 0 corridors (0 km measured, 0 km "
     "schematic)"),
    (2017, "cumulative", "By 2017: 1 country, 2 events, 0 corridors (0 km measured, 0 km "
     "schematic)"),
])
def test_the_year_the_map_reports_drives_the_summary_and_the_link(
        app: AppTest, year: int, mode: str, sentence: str) -> None:
    at = app.run()
    first_id, first = _bridge(at)
    _report(at, _page_state(year, mode))
    assert not at.exception
    assert _summary(at) == sentence
    assert at.query_params["year"] == str(year)
    assert at.query_params["mode"] == mode
    assert (at.query_params["lat"], at.query_params["lon"], at.query_params["zoom"]) == (
        "-12.0500", "-77.0400", "5")
    second_id, second = _bridge(at)
    assert second_id == first_id  # the same component: the page is not reloaded
    assert second["src"] == first["src"]
    assert second["revision"] == first["revision"]  # nothing is sent back to the map


def test_a_filter_set_in_the_map_moves_the_sidebar(app: AppTest) -> None:
    at = app.run()
    _report(at, _page_state(2025, countries=["PER"], event_kinds=["arrest"]))
    assert not at.exception
    assert at.multiselect(key="countries").value == ["PER"]
    assert at.multiselect(key="event_kinds").value == ["arrest"]
    assert _summary(at) == ("By 2025: 1 country, 3 events, 7 corridors (0 km measured, "
                            "24,948 km schematic)")
    assert at.query_params["country"] == "PER"
    assert _bridge(at)[1]["revision"] == 0


def test_a_sidebar_filter_reaches_the_map_without_a_reload(app: AppTest) -> None:
    at = app.run()
    _, first = _bridge(at)
    at.multiselect(key="countries").set_value(["PER"]).run()
    at.multiselect(key="event_kinds").set_value(["arrest"]).run()
    at.pills(key="layers").set_value(["events"]).run()
    assert not at.exception
    assert _summary(at) == ("By 2025: 1 country, 3 events, 7 corridors (0 km measured, "
                            "24,948 km schematic)")
    assert at.query_params["country"] == "PER"
    assert at.query_params["event"] == "arrest"
    assert at.query_params["layers"] == "events"
    _, data = _bridge(at)
    assert data["src"] == first["src"]  # same page
    assert data["revision"] == 3  # three changes sent as tda:set
    assert data["set"] == {"year": 2025, "mode": "cumulative", "layers": ["events"],
                           "filters": {"countries": ["PER"], "groups": [],
                                       "event_kinds": ["arrest"], "corridor_kinds": []}}
    assert any(">Filtered: Countries: Peru · Events: Arrest</p>" in body for body in _html(at))


def test_a_link_reproduces_the_view(app: AppTest) -> None:
    app.query_params.update({"year": "2018", "mode": "only", "group": "tren-de-aragua",
                             "lat": "-12.05", "lon": "-77.04", "zoom": "6", "tiles": "osm",
                             "lang": "es", "layers": "events,routes"})
    at = app.run()
    assert not at.exception
    assert not at.warning
    assert at.multiselect(key="groups").value == ["tren-de-aragua"]
    assert at.toggle(key="tiles").value is True
    assert at.segmented_control(key="lang").value == "es"
    assert at.pills(key="layers").value == ["routes", "events"]
    _, data = _bridge(at)
    assert data["src"].endswith("/index.html?year=2018&mode=only&lang=es&groups=tren-de-aragua"
                                "&layers=routes%2Cevents&lat=-12.05&lon=-77.04&zoom=6&tiles=1"
                                "&embed=1")
    assert dict(at.query_params) == {"year": "2018", "mode": "only", "group": "tren-de-aragua",
                                     "layers": "routes,events", "lat": "-12.0500",
                                     "lon": "-77.0400", "zoom": "6", "tiles": "osm",
                                     "lang": "es"}


def test_the_language_opens_the_page_of_that_language(app: AppTest) -> None:
    at = app.run()
    _, english = _bridge(at)
    at.segmented_control(key="lang").set_value("es").run()
    assert not at.exception
    _, spanish = _bridge(at)
    assert spanish["src"] != english["src"]
    assert "lang=es" in spanish["src"]
    assert at.query_params["lang"] == "es"


def test_bad_link_values_fall_back_with_a_warning(app: AppTest) -> None:
    app.query_params.update({"year": "1850", "mode": "everything",
                             "country": f"PER,{HOSTILE},{'X' * 60_000}", "zoom": "99",
                             "layers": ""})
    at = app.run()
    assert not at.exception
    (warning,) = at.warning
    assert warning.value == "Some link parameters were ignored (the default is shown instead):"
    (listing,) = at.code  # plain text: never Markdown or HTML
    assert listing.language in (None, "", "plaintext")
    assert listing.value.splitlines() == [
        "year='1850' is not a year from 2011 to 2025; showing 2025",
        "mode='everything' is not one of cumulative, only; showing cumulative",
        f"country: ignored unknown value(s) '{HOSTILE}', '{'X' * 60}'… (60,000 characters)",
        "layers= is empty; showing every layer (use layers=none to hide them all)",
        "map view 'zoom=99' needs lat (-85 to 85), lon (-180 to 180) and zoom (2 to 13); "
        "fitting the map to the data"]
    assert _summary(at) == ("By 2025: 1 country, 16 events, 7 corridors (0 km measured, "
                            "24,948 km schematic)")
    assert at.query_params["country"] == "PER"
    _report(at, {**_page_state(2025, countries=["PER"]), "view": {"lat": 1, "lon": 2,
                                                                  "zoom": 4}})
    assert len(at.warning) == 1  # moving the map keeps the warning
    _report(at, _page_state(2024, countries=["PER"]))
    assert not at.warning  # gone once the reader changes the view


def test_briefing_view_hides_the_controls(app: AppTest) -> None:
    at = app.run()
    _report(at, _page_state(2022))
    at.toggle(key="briefing").set_value(True).run()
    assert not at.exception
    assert len(at.sidebar) == 0
    assert at.subheader[0].value == "Tren de Aragua: expansion and trafficking corridors"
    assert _plain(at.markdown[-1].value) == (
        "As of 2022 (cumulative) · By 2022: 6 countries, 28 events, 17 corridors (1,740 km "
        "measured, 26,026 km schematic)")
    (credit,) = [body for body in _html(at) if ">Sources" in body]
    assert credit.endswith("Data as of 12 Feb 2025 (data v0.1.0, CC BY 4.0)</p>")
    assert at.query_params["briefing"] == "1"
    _, data = _bridge(at)
    assert "briefing=1" in data["src"]
    assert "year=2022" in data["src"]  # reopened where it was
    at.button(key="exit_briefing").click().run()
    assert len(at.sidebar) > 0
    assert "briefing" not in at.query_params
    assert at.query_params["year"] == "2022"  # the view survives the round trip


def test_downloads_and_embed_snippet_when_opened(app: AppTest) -> None:
    at = app.run()
    assert len(at.download_button) == 0  # drawn only when the popover is open
    at.session_state["downloads"] = True
    at.session_state["embed"] = True
    _report(at, _page_state(2022, "only"))
    assert not at.exception
    assert [b.label for b in at.download_button] == [
        f"{title}: {what}" for title in ("Presence", "Spread", "Corridors", "Places", "Events")
        for what in ("this view", "whole layer")]
    assert all(b.proto.deferred_file_id for b in at.download_button)  # built on click only
    (snippet,) = at.code
    assert snippet.language == "html"
    assert snippet.value == (
        '<iframe src="https://your-site.example/tda-map/index.html?year=2022&amp;mode=only'
        '&amp;lang=en&amp;lat=-12.05&amp;lon=-77.04&amp;zoom=5" '
        'title="Tren de Aragua: expansion and trafficking corridors"\n'
        '  style="width:100%;aspect-ratio:4/3;max-height:85vh;min-height:420px;border:0"\n'
        '  loading="lazy" referrerpolicy="no-referrer" allowfullscreen></iframe>')


def _copy_layers(tmp_path: Path) -> Path:
    folder = tmp_path / "layers"
    shutil.copytree(config.LAYERS_DIR, folder)
    return folder


def _edit(folder: Path, name: str, change: Callable[[Any], Any]) -> None:
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    result = change(data)
    path.write_text(json.dumps(result if isinstance(result, list) else data), encoding="utf-8")
    rehash(folder)  # only the edit is wrong, not the provenance hashes


def _first_event(folder: Path) -> str:
    data = json.loads((folder / "events.geojson").read_text(encoding="utf-8"))
    return str(data["features"][0]["id"])


@pytest.mark.parametrize(("name", "change", "expected"), [
    ("events.geojson", lambda d: d["features"][0]["properties"].pop("title"),
     ("events.geojson: feature '{event}'", "title")),
    ("events.geojson", lambda d: d["features"][0]["properties"].update(year="2020"),
     ("events.geojson: feature '{event}'", "year")),
    ("events.geojson", lambda d: d["features"][0].update(geometry=None),
     ("events.geojson: feature '{event}'", "geometry")),
    ("events.geojson", lambda d: d["features"][0]["properties"].update(date=LINKY),
     ("events.geojson: feature '{event}'", "date")),
    ("events.geojson", lambda d: d["features"],
     ("events.geojson: field 'type'", "not a GeoJSON FeatureCollection")),
])
def test_a_broken_layers_folder_gets_one_plain_banner(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
        change: Callable[[Any], Any], expected: tuple[str, str]) -> None:
    folder = _copy_layers(tmp_path)
    event = _first_event(folder)
    _edit(folder, name, change)
    monkeypatch.setenv(config.ENV_LAYERS_DIR, str(folder))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception  # never a traceback
    (banner,) = at.error
    assert re.fullmatch(r"The layers folder cannot be shown: \d+ problems? found \(listed "
                        r"below; check them with python -m geo validate\)\.", banner.value)
    (listing,) = at.code  # plain text: no Markdown, no auto-links
    lines = listing.value.splitlines()
    assert lines[0] == f"Folder: {folder}"
    where, field = expected
    found = [line for line in lines if where.format(event=event) in line]
    assert any(field in line for line in found)  # file, feature id and field on one line
    assert not at.get("bidi_component")  # the map is refused


def test_a_layers_folder_that_is_a_symlink_loop_gets_the_banner(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    monkeypatch.setenv(config.ENV_LAYERS_DIR, str(loop))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception  # Path.resolve() of a loop raised RuntimeError
    assert len(at.error) == 1
    (listing,) = at.code
    assert listing.value.splitlines() == [f"Folder: {loop}",
                                          f"- {loop}: not a folder of built layers"]


def test_a_missing_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _copy_layers(tmp_path)
    (folder / "places.geojson").unlink()
    monkeypatch.setenv(config.ENV_LAYERS_DIR, str(folder))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert len(at.error) == 1
    (listing,) = at.code
    assert listing.value.splitlines() == [
        f"Folder: {folder}",
        f"- {folder / 'places.geojson'}: layer file not found; run 'python -m geo build' or "
        "point to a folder of built layers"]


def test_hostile_layer_text_is_shown_as_plain_text(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _copy_layers(tmp_path)
    _edit(folder, "sources.json", lambda catalog: [
        {**s, "outlet": f"{HOSTILE} {LINKY}", "short_label": f"{HOSTILE} {LINKY} ."}
        for s in catalog])
    monkeypatch.setenv(config.ENV_LAYERS_DIR, str(folder))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    (credit,) = [body for body in _html(at) if ">Sources" in body]
    assert "&lt;img src=x onerror=alert(1)&gt; www.evil.example http://evil.example/x " \
        "mail@evil.example ![i](http://evil.example/i.png)" in credit  # escaped, as text
    assert "<img" not in credit


def test_the_app_needs_no_vendored_leaflet() -> None:
    """A fresh checkout has no static/vendor: the app serves the site it writes (hashed
    Leaflet included), so nothing tells the reader to run python -m geo assets."""
    assert "geo assets" not in Path(APP).read_text(encoding="utf-8")
    from geo.app import cache  # noqa: PLC0415

    assert cache.setup_problems(static_serving=True) == []


def test_framing_headers_are_added_to_every_http_response() -> None:
    import asyncio  # noqa: PLC0415

    from geo.app.server import FRAMING_HEADERS, FramingHeaders  # noqa: PLC0415

    sent: list[dict[str, Any]] = []

    async def inner(_scope: Any, _receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"x-frame-options", b"ALLOWALL"), (b"content-type", b"x")]})
        await send({"type": "http.response.body", "body": b""})

    async def collect(message: Any) -> None:
        sent.append(dict(message))

    async def receive() -> dict[str, Any]:
        return {}

    asyncio.run(FramingHeaders(inner)({"type": "http"}, receive, collect))
    assert sent[0]["headers"] == [(b"content-type", b"x"), *FRAMING_HEADERS]
    assert dict(FRAMING_HEADERS) == {b"content-security-policy": b"frame-ancestors 'self'",
                                     b"x-frame-options": b"SAMEORIGIN"}
    sent.clear()
    asyncio.run(FramingHeaders(inner)({"type": "websocket"}, receive, collect))
    assert sent[0]["headers"][0] == (b"x-frame-options", b"ALLOWALL")  # not HTTP: untouched


@pytest.mark.slow
def test_the_server_sends_the_framing_headers() -> None:
    import urllib.request  # noqa: PLC0415

    from tests.support import appdriver  # noqa: PLC0415

    with appdriver.running_app(script=config.ROOT / "geo" / "app" / "server.py") as server:
        with urllib.request.urlopen(server.url, timeout=10) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
        assert headers["content-security-policy"] == "frame-ancestors 'self'"
        assert headers["x-frame-options"] == "SAMEORIGIN"


# What app.py (outside the import-linter's root package) may import: Streamlit, the standard
# library it uses, the app package and the read-only model it shows (never the pipeline, the
# CLI, the views or the exports: those are reached through geo.app).
APP_IMPORTS_ALLOWED = ("__future__", "functools", "pathlib", "streamlit", "geo.app",
                       "geo.ingest", "geo.data.credits", "geo.data.selection", "geo.errors",
                       "geo.i18n", "geo.vocab")


def test_app_py_imports_only_the_app_layer_and_the_model() -> None:
    import ast  # noqa: PLC0415

    tree = ast.parse(Path(APP).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {str(node.module) for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom)}
    outside = sorted(name for name in imported if not any(
        name == allowed or name.startswith(f"{allowed}.") for allowed in APP_IMPORTS_ALLOWED))
    assert outside == []
    assert "geo.app" in imported
