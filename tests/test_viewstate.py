"""The view in the URL and in the widgets: parsing never fails, links round-trip."""

from __future__ import annotations

import pytest

from geo.app.viewstate import (
    View,
    ViewOptions,
    default_view,
    map_view_from_return,
    next_year,
    play_tick,
    seed_widgets,
    start_session,
    toggle_play,
    update_view,
    view_from_query,
    view_from_widgets,
    view_to_query,
    widget_values,
)
from geo.data.selection import Filters
from geo.views.leaflet.mapview import LAYER_ORDER, MapView

OPTIONS = ViewOptions(2011, 2025, {
    "countries": ("CHL", "PER", "VEN"), "groups": ("gallegos", "tren-de-aragua"),
    "event_kinds": ("arrest", "rescue"), "corridor_kinds": ("drug_transport",),
})


def test_empty_query_gives_the_default_view() -> None:
    view, problems = view_from_query({}, options=OPTIONS)
    assert view == View(Filters(year=2025))
    assert view == default_view(options=OPTIONS)
    assert problems == []


def test_full_query_is_parsed() -> None:
    view, problems = view_from_query({
        "year": "2022", "mode": "only", "country": ["PER", "CHL"], "group": "gallegos",
        "event": "rescue,arrest", "corridor": "drug_transport", "layers": "events,presence",
        "lat": "-12.05", "lon": "-77.04", "zoom": "6.25", "tiles": "osm", "briefing": "1",
    }, options=OPTIONS)
    assert problems == []
    assert view == View(
        Filters(year=2022, mode="only", countries=("CHL", "PER"), groups=("gallegos",),
                event_kinds=("arrest", "rescue"), corridor_kinds=("drug_transport",)),
        layers=("presence", "events"), map_view=MapView(-12.05, -77.04, 6.25), tiles=True,
        briefing=True)


def test_link_round_trips() -> None:
    view = View(Filters(year=2018, mode="only", countries=("VEN",)), layers=("routes",),
                map_view=MapView(4.6, -74.1, 5.0), tiles=True)
    query = view_to_query(view)
    assert query == {"year": "2018", "mode": "only", "country": "VEN", "layers": "routes",
                     "lat": "4.6000", "lon": "-74.1000", "zoom": "5", "tiles": "osm"}
    assert view_from_query(query, options=OPTIONS) == (view, [])


def test_no_layer_is_written_as_none() -> None:
    view = View(Filters(year=2025), layers=())
    assert view_to_query(view)["layers"] == "none"
    assert view_from_query(view_to_query(view), options=OPTIONS)[0].layers == ()


@pytest.mark.parametrize(("params", "fragment"), [
    ({"year": "1999"}, "year='1999' is not a year from 2011 to 2025; showing 2025"),
    ({"year": "twenty"}, "year='twenty' is not a year"),
    ({"mode": "all"}, "mode='all' is not one of cumulative, only"),
    ({"country": "PER,<img src=x>"}, "country: ignored unknown value(s) '<img src=x>'"),
    ({"layers": "events,heatmap"}, "layers: ignored unknown layer(s) 'heatmap'"),
    ({"lat": "1", "lon": "2"}, "map view 'lat=1&lon=2' needs lat"),
    ({"lat": "95", "lon": "2", "zoom": "4"}, "map view 'lat=95&lon=2&zoom=4' needs lat"),
    ({"lat": "1", "lon": "2", "zoom": "40"}, "zoom (2 to 12)"),
    ({"tiles": "google"}, "tiles='google' is not 'osm' or 'none'"),
    ({"briefing": "maybe"}, "briefing='maybe' is not 1 or 0"),
])
def test_bad_values_fall_back_and_are_reported(params: dict[str, str], fragment: str) -> None:
    view, problems = view_from_query(params, options=OPTIONS)
    assert len(problems) == 1
    assert fragment in problems[0]
    default = default_view(options=OPTIONS)
    if "country" in params:
        assert view.filters.countries == ("PER",)  # the known value is kept
    elif "layers" in params:
        assert view.layers == ("events",)
    else:
        assert view == default


def test_map_view_from_the_component() -> None:
    assert map_view_from_return({"zoom": 4}) is None  # before any move: no centre
    assert map_view_from_return(None) is None
    assert map_view_from_return({"center": {"lat": -12.04567, "lng": 282.96}, "zoom": 5.6}) \
        == MapView(-12.0457, -77.04, 5.5)
    assert map_view_from_return({"center": {"lat": "x", "lng": 1}, "zoom": 5}) is None


def test_widgets_seed_from_the_view_and_update_it() -> None:
    view = View(Filters(year=2022, countries=("PER",)), layers=("events",))
    state: dict[str, object] = {"year": 2019}
    seed_widgets(state, view)
    assert state == {**widget_values(view), "year": 2019}  # existing values are kept
    state.update(mode="only", layers=["presence", "events"], tiles=True)
    updated = view_from_widgets(state, previous=view)
    assert updated == View(Filters(year=2019, mode="only", countries=("PER",)),
                           layers=("presence", "events"), tiles=True)
    assert view_from_widgets({}, previous=view) == view


def test_play_stops_after_the_last_year() -> None:
    assert next_year(2011, options=OPTIONS) == 2012
    assert next_year(2025, options=OPTIONS) is None


def test_layer_order_is_the_drawing_order() -> None:
    assert LAYER_ORDER == ("presence", "spread", "routes", "places", "events")


def test_session_starts_from_the_url_once() -> None:
    state: dict[str, object] = {}
    start_session(state, {"year": "2018", "zoom": "x"}, options=OPTIONS)
    view = View(Filters(year=2018))
    assert state["view"] == view
    assert state["base_view"] is None
    assert state["playing"] is False
    assert len(state["url_problems"]) == 1  # type: ignore[arg-type]
    assert state["year"] == 2018  # widgets seeded
    state["year"] = 2020
    start_session(state, {"year": "2011"}, options=OPTIONS)  # later runs ignore the URL
    assert state["year"] == 2020


def test_switching_the_layout_reopens_the_map_where_it_was() -> None:
    here = MapView(-12.0, -77.0, 6.0)
    state: dict[str, object] = {"view": View(Filters(year=2022), map_view=here),
                                "base_view": None}
    seed_widgets(state, state["view"])  # type: ignore[arg-type]
    assert update_view(state).briefing is False
    assert state["base_view"] is None  # same layout: the map is not rebuilt
    state["briefing"] = True
    assert update_view(state).briefing is True
    assert state["base_view"] == here


def test_play_ticks_through_the_years_and_stops() -> None:
    state: dict[str, object] = {"year": 2025, "playing": False, "last_tick": 0.0}
    toggle_play(state, options=OPTIONS, now=100.0)
    assert (state["playing"], state["year"], state["last_tick"]) == (True, 2011, 100.0)
    play_tick(state, options=OPTIONS, now=100.5, interval_s=1.5)  # too early
    assert state["year"] == 2011
    play_tick(state, options=OPTIONS, now=101.5, interval_s=1.5)
    assert state["year"] == 2012
    state["year"] = 2025
    play_tick(state, options=OPTIONS, now=103.0, interval_s=1.5)
    assert (state["playing"], state["year"]) == (False, 2025)
    toggle_play(state, options=OPTIONS, now=104.0)
    toggle_play(state, options=OPTIONS, now=105.0)  # pause keeps the year
    assert (state["playing"], state["year"]) == (False, 2011)
