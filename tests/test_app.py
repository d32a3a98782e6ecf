"""The Streamlit app without a browser (AppTest): widgets by key, summary numbers, URL state.

AppTest runs the script but no JavaScript: whether the map paints is tested in
test_browser.py.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from geo import config
from geo.views.leaflet import assets

APP = str(config.ROOT / "app.py")
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module", autouse=True)
def _assets() -> None:
    assets.install_assets()  # the app refuses to start without its local Leaflet


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.delenv(config.ENV_LAYERS_DIR, raising=False)
    return AppTest.from_file(APP, default_timeout=60)


def _plain(markdown: str) -> str:
    """Markdown text as shown (escapes and bold markers removed)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("**", "")


def _summary(at: AppTest) -> str:
    texts = [_plain(m.value) for m in at.markdown]
    return next(t for t in texts if re.match(r"^(By|In) \d{4}", t))


def _map_args(at: AppTest) -> tuple[str, dict[str, Any]]:
    (component,) = at.get("component_instance")
    return component.proto.id, json.loads(component.proto.json_args)


def _expected(year: int, mode: str) -> str:
    """The summary computed straight from the layer files, by the documented rules."""
    def features(name: str) -> list[dict[str, Any]]:
        text = (config.LAYERS_DIR / f"{name}.geojson").read_text(encoding="utf-8")
        return [f["properties"] for f in json.loads(text)["features"]]

    events = [p for p in features("events")
              if p["year"] <= year and (mode == "cumulative" or year <= p["year_end"])]
    routes = [p for p in features("routes")
              if p["first_year"] <= year and (mode == "cumulative" or year <= p["last_year"])]
    countries = [p for p in features("presence") if p["first_reported_year"] <= year]
    km = sum(p["length_km"] for p in routes)
    lead = f"By {year}" if mode == "cumulative" else f"In {year} only"

    def n(count: int, one: str, many: str) -> str:
        return f"{count} {one if count == 1 else many}"

    return (f"{lead}: {n(len(countries), 'country', 'countries')}, "
            f"{n(len(events), 'event', 'events')}, {n(len(routes), 'corridor', 'corridors')}, "
            f"{km:,.0f} km of corridors")


def test_runs_without_exception_at_the_latest_year(app: AppTest) -> None:
    at = app.run()
    assert not at.exception
    assert at.slider(key="year").value == 2025
    assert at.segmented_control(key="mode").value == "cumulative"
    assert _summary(at) == "By 2025: 11 countries, 25 events, 16 corridors, 17,966 km of corridors"
    assert _summary(at) == _expected(2025, "cumulative")
    assert at.query_params["year"] == "2025"
    assert at.query_params["mode"] == "cumulative"


@pytest.mark.parametrize(("year", "mode", "sentence"), [
    (2022, "cumulative", "By 2022: 6 countries, 18 events, 15 corridors, 14,930 km of corridors"),
    (2025, "only", "In 2025 only: 11 countries, 5 events, 1 corridor, 3,036 km of corridors"),
    (2021, "only", "In 2021 only: 3 countries, 3 events, 0 corridors, 0 km of corridors"),
    (2017, "cumulative", "By 2017: 1 country, 1 event, 0 corridors, 0 km of corridors"),
])
def test_summary_for_chosen_years_and_modes(app: AppTest, year: int, mode: str,
                                            sentence: str) -> None:
    at = app.run()
    at.slider(key="year").set_value(year).run()
    at.segmented_control(key="mode").set_value(mode).run()
    assert not at.exception
    assert _summary(at) == sentence == _expected(year, mode)
    assert at.query_params["year"] == str(year)
    assert at.query_params["mode"] == mode


def test_slider_step_keeps_the_map_and_changes_its_layers(app: AppTest) -> None:
    at = app.run()
    first_id, first = _map_args(at)
    at.slider(key="year").set_value(2022).run()
    second_id, second = _map_args(at)
    assert second_id == first_id  # same component: the browser keeps map, zoom and pan
    assert second["script"] == first["script"]  # identical base map
    assert second["feature_group"] != first["feature_group"]
    assert second["returned_objects"] == ["center", "zoom"]
    assert all(link.startswith("/app/static/vendor/leaflet/")
               for link in [*second["js_links"], *second["css_links"]])
    assert "ev-2025-02-07-lima-rescue" in first["feature_group"]
    assert "ev-2025-02-07-lima-rescue" not in second["feature_group"]


def test_filters_and_layers_shape_the_view_and_the_link(app: AppTest) -> None:
    at = app.run()
    at.multiselect(key="countries").set_value(["PER"]).run()
    at.multiselect(key="event_kinds").set_value(["arrest"]).run()
    at.pills(key="layers").set_value(["events"]).run()
    assert not at.exception
    assert _summary(at) == "By 2025: 1 country, 3 events, 4 corridors, 9,524 km of corridors"
    assert at.query_params["country"] == "PER"
    assert at.query_params["event"] == "arrest"
    assert at.query_params["layers"] == "events"
    _, args = _map_args(at)
    assert args["feature_group"].count("tda.add(") == 1  # only the events layer is drawn
    caption = " ".join(_plain(c.value) for c in at.caption)
    assert "Filtered: Countries: PER · Events: Arrest" in caption


def test_a_link_reproduces_the_view(app: AppTest) -> None:
    app.query_params.update({"year": "2018", "mode": "only", "group": "tren-de-aragua",
                             "lat": "-12.05", "lon": "-77.04", "zoom": "6", "tiles": "osm"})
    at = app.run()
    assert not at.exception
    assert not at.warning
    assert at.slider(key="year").value == 2018
    assert at.segmented_control(key="mode").value == "only"
    assert at.multiselect(key="groups").value == ["tren-de-aragua"]
    assert at.toggle(key="tiles").value is True
    _, args = _map_args(at)
    assert "[-12.05, -77.04]" in args["script"]  # the map opens on the linked view
    assert re.search(r'"zoom": 6(\.0)?,', args["script"])
    assert "tile.openstreetmap.org" in args["feature_group"]


def test_bad_link_values_fall_back_with_a_warning(app: AppTest) -> None:
    app.query_params.update({"year": "1850", "mode": "everything", "country": f"PER,{HOSTILE}",
                             "zoom": "99"})
    at = app.run()
    assert not at.exception
    (warning,) = at.warning
    text = _plain(warning.value)
    assert "year='1850' is not a year from 2011 to 2025; showing 2025" in text
    assert "mode='everything' is not one of cumulative, only" in text
    assert f"country: ignored unknown value(s) '{HOSTILE}'" in text
    assert "\\<img" in warning.value  # shown as text, never as HTML
    assert _summary(at) == "By 2025: 1 country, 10 events, 4 corridors, 9,524 km of corridors"
    assert at.query_params["country"] == "PER"
    at.run()
    assert not at.warning  # reported once


def test_briefing_view_hides_the_controls(app: AppTest) -> None:
    at = app.run()
    at.slider(key="year").set_value(2022).run()
    at.toggle(key="briefing").set_value(True).run()
    assert not at.exception
    assert len(at.sidebar) == 0
    assert [s.value for s in at.slider] == []
    assert at.subheader[0].value == "Tren de Aragua: expansion and trafficking corridors"
    assert _plain(at.markdown[0].value) == (
        "As of 2022 (cumulative) · By 2022: 6 countries, 18 events, 15 corridors, "
        "14,930 km of corridors")
    (credit,) = [_plain(c.value) for c in at.caption if c.value.startswith("Sources")]
    assert credit.endswith("Data as of 12 Feb 2025 (data v0.1.0, CC BY 4.0)")
    assert at.query_params["briefing"] == "1"
    at.button(key="exit_briefing").click().run()
    assert at.slider(key="year").value == 2022  # the view survives the round trip
    assert len(at.sidebar) > 0
    assert "briefing" not in at.query_params


def test_play_starts_from_the_first_year_at_the_end(app: AppTest) -> None:
    at = app.run()
    assert at.button(key="play").label == "Play"
    at.button(key="play").click().run()
    assert not at.exception
    assert at.session_state["playing"] is True
    assert at.slider(key="year").value == 2011
    assert at.button(key="play").label == "Pause"
    at.button(key="play").click().run()
    assert at.session_state["playing"] is False


def test_hostile_layer_names_render_as_text(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "hostile"
    shutil.copytree(config.LAYERS_DIR, folder)
    path = folder / "events.geojson"
    events = json.loads(path.read_text(encoding="utf-8"))
    for feature in events["features"]:
        feature["properties"]["title"] = HOSTILE
    path.write_text(json.dumps(events), encoding="utf-8")
    catalog = json.loads((folder / "sources.json").read_text(encoding="utf-8"))
    (folder / "sources.json").write_text(json.dumps(
        [{**s, "outlet": HOSTILE} for s in catalog]), encoding="utf-8")
    monkeypatch.setenv(config.ENV_LAYERS_DIR, str(folder))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    _, args = _map_args(at)
    assert "<img" not in args["feature_group"]
    assert "\\u003cimg" not in args["feature_group"]  # not even as a JSON-escaped tag
    # the popups hold the escaped text (&lt;img ...&gt;), itself JSON-escaped in the script
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in args["feature_group"]
    (credit,) = [c.value for c in at.caption if c.value.startswith("Sources")]
    assert "\\<img src=x onerror=alert\\(1\\)\\>" in credit


def test_downloads_are_offered_per_layer_when_opened(app: AppTest) -> None:
    at = app.run()
    assert len(at.download_button) == 0  # drawn only when the popover is open
    at.session_state["downloads"] = True
    at.slider(key="year").set_value(2022).run()
    assert not at.exception
    assert [b.label for b in at.download_button] == [
        f"{title}: {what}" for title in ("Presence", "Spread", "Corridors", "Places", "Events")
        for what in ("this view", "whole layer")]
    assert all(b.proto.deferred_file_id for b in at.download_button)  # built on click only
