"""The view in the URL and in the widgets: parsing never fails, links round-trip."""

from __future__ import annotations

import pytest

from geo.app.viewstate import (
    LAYER_ORDER,
    MapView,
    View,
    ViewOptions,
    apply_page_report,
    default_view,
    page_query,
    page_set,
    seed_widgets,
    start_session,
    update_view,
    view_from_page,
    view_from_query,
    view_from_widgets,
    view_to_query,
    widget_values,
)
from geo.data.selection import Filters

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
        "lang": "es",
    }, options=OPTIONS)
    assert problems == []
    assert view == View(
        Filters(year=2022, mode="only", countries=("CHL", "PER"), groups=("gallegos",),
                event_kinds=("arrest", "rescue"), corridor_kinds=("drug_transport",)),
        layers=("presence", "events"), map_view=MapView(-12.05, -77.04, 6.25), tiles=True,
        briefing=True, lang="es")


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
    ({"lat": "1", "lon": "2", "zoom": "40"}, "zoom (2 to 13)"),
    ({"tiles": "google"}, "tiles='google' is not 'osm' or 'none'"),
    ({"briefing": "maybe"}, "briefing='maybe' is not 1 or 0"),
    ({"lang": "fr"}, "lang='fr' is not one of en, es; showing en"),
    ({"layers": ""}, "layers= is empty; showing every layer (use layers=none"),
    ({"country": "PER," + "X" * 60_000}, f"country: ignored unknown value(s) '{'X' * 60}'… "
     "(60,000 characters)"),
])
def test_bad_values_fall_back_and_are_reported(params: dict[str, str], fragment: str) -> None:
    view, problems = view_from_query(params, options=OPTIONS)
    assert len(problems) == 1
    assert fragment in problems[0]
    assert len(problems[0]) < 200  # a long value is cut
    default = default_view(options=OPTIONS)
    if "country" in params:
        assert view.filters.countries == ("PER",)  # the known value is kept
    elif params.get("layers"):
        assert view.layers == ("events",)
    else:
        assert view == default


def test_the_page_report_is_checked_value_by_value() -> None:
    previous = View(Filters(year=2020, countries=("PER",)), layers=("events",))
    report = {"year": 2022, "mode": "only", "lang": "es", "selected": "x",
              "filters": {"countries": ["VEN", "<img>"], "groups": "gallegos"},
              "layers": ["routes", "heatmap"],
              "view": {"lat": -12.04567, "lon": 282.96, "zoom": 5.6}}
    assert view_from_page(report, previous=previous, options=OPTIONS) == View(
        Filters(year=2022, mode="only", countries=("VEN",)), layers=("routes",),
        map_view=MapView(-12.0457, -77.04, 5.5))
    for bad in (None, "x", {"year": 1800}, {"year": True}, {"mode": "all"},
                {"view": {"lat": "x"}}, {"view": {"lat": 95, "lon": 0, "zoom": 4}},
                {"view": {"lat": 10**400, "lon": 0, "zoom": 4}},
                {"view": {"lat": 0, "lon": -(10**400), "zoom": 10**400}}):
        assert view_from_page(bad, previous=previous, options=OPTIONS) == previous


def test_the_page_query_and_set_use_the_page_names() -> None:
    view = View(Filters(year=2018, mode="only", countries=("VEN",), event_kinds=("arrest",)),
                layers=("routes", "events"), map_view=MapView(4.6, -74.1, 5.0), tiles=True,
                lang="es")
    assert page_query(view) == {"year": "2018", "mode": "only", "lang": "es",
                                "countries": "VEN", "event_kinds": "arrest",
                                "layers": "routes,events", "lat": "4.6", "lon": "-74.1",
                                "zoom": "5", "tiles": "1"}
    assert page_set(view) == {"year": 2018, "mode": "only", "layers": ["routes", "events"],
                              "filters": {"countries": ["VEN"], "groups": [],
                                          "event_kinds": ["arrest"], "corridor_kinds": []}}


def test_a_page_report_moves_the_sidebar_and_sends_nothing_back() -> None:
    state: dict[str, object] = {}
    start_session(state, {"year": "2018"}, options=OPTIONS)
    apply_page_report(state, {"year": 2021, "filters": {"countries": ["CHL"]}},
                      options=OPTIONS)
    assert state["countries"] == ["CHL"]
    update_view(state)
    assert state["view"] == View(Filters(year=2021, countries=("CHL",)))
    assert state["revision"] == 0  # nothing to send to the page
    state["event_kinds"] = ["rescue"]  # a sidebar change
    update_view(state)
    assert state["revision"] == 1
    assert state["view"].filters.event_kinds == ("rescue",)  # type: ignore[attr-defined]


def test_widgets_seed_from_the_view_and_update_it() -> None:
    view = View(Filters(year=2022, countries=("PER",)), layers=("events",))
    state: dict[str, object] = {"tiles": True}
    seed_widgets(state, view)
    assert state == {**widget_values(view), "tiles": True}  # existing values are kept
    state.update(layers=["presence", "events"], lang="es")
    updated = view_from_widgets(state, previous=view)
    assert updated == View(Filters(year=2022, countries=("PER",)),
                           layers=("presence", "events"), tiles=True, lang="es")
    assert view_from_widgets({}, previous=view) == view


def test_layer_order_is_the_drawing_order() -> None:
    assert LAYER_ORDER == ("presence", "spread", "routes", "places", "events")


def test_session_starts_from_the_url_once() -> None:
    state: dict[str, object] = {}
    start_session(state, {"year": "2018", "zoom": "x", "country": "PER"}, options=OPTIONS)
    view = View(Filters(year=2018, countries=("PER",)))
    assert state["view"] == view
    assert state["page_view"] == view
    assert state["revision"] == 0
    assert len(state["url_problems"]) == 1  # type: ignore[arg-type]
    assert state["countries"] == ["PER"]  # widgets seeded
    state["countries"] = ["CHL"]
    start_session(state, {"country": "VEN"}, options=OPTIONS)  # later runs ignore the URL
    assert state["countries"] == ["CHL"]


def test_language_tiles_and_layout_reopen_the_page_where_it_was() -> None:
    here = MapView(-12.0, -77.0, 6.0)
    state: dict[str, object] = {"view": View(Filters(year=2022), map_view=here),
                                "page_view": View(Filters(year=2025)), "revision": 0}
    seed_widgets(state, state["view"])  # type: ignore[arg-type]
    assert update_view(state).briefing is False
    assert state["page_view"] == View(Filters(year=2025))  # same page: not reloaded
    state["briefing"] = True
    assert update_view(state).briefing is True
    assert state["page_view"] == View(Filters(year=2022), map_view=here, briefing=True)
    assert state["revision"] == 0


@pytest.mark.parametrize("params", [
    {"briefing": "1" * 5_000}, {"lat": "9" * 5_000, "lon": "1", "zoom": "4"},
    {"lat": "1e308", "lon": "1e308", "zoom": "4"}, {"tiles": "x" * 5_000},
    {"lang": "x" * 5_000}, {"year": "9" * 5_000}, {"mode": "m" * 5_000},
])
def test_a_long_value_is_cut_to_60_characters(params: dict[str, str]) -> None:
    view, problems = view_from_query(params, options=OPTIONS)
    assert len(problems) == 1
    assert len(problems[0]) < 300
    assert view.map_view is None


@pytest.mark.parametrize("param", ["country", "layers", "group", "event", "corridor"])
def test_many_unknown_values_list_five_and_count_the_rest(param: str) -> None:
    values = [f"v{i:05d}" for i in range(10_000)]
    _, problems = view_from_query({param: values}, options=OPTIONS)
    listed = problems[0]
    assert "'v00000', 'v00001', 'v00002', 'v00003', 'v00004' … and 9,995 more" in listed
    assert "v00005" not in listed
    assert sum(len(p) for p in problems) < 400


def test_layers_with_only_unknown_names_fall_back_to_every_layer() -> None:
    view, problems = view_from_query({"layers": "heatmap,xyz"}, options=OPTIONS)
    assert view.layers == LAYER_ORDER
    assert problems == ["layers: ignored unknown layer(s) 'heatmap', 'xyz'",
                        "layers= names no known layer; showing every layer"]
    view, _ = view_from_query({"layers": "none"}, options=OPTIONS)
    assert view.layers == ()  # hiding every layer stays possible
    view, _ = view_from_query({"layers": "none,heatmap"}, options=OPTIONS)
    assert view.layers == ()
