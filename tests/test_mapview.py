"""The folium map, tested on its structure (groups, features, styles), not on raw HTML."""

from __future__ import annotations

import copy
import json
import math

import folium
import pytest
from streamlit_folium import _get_map_string, generate_js_hash

from geo import style
from geo.data.selection import Feature, Filters, Layers, Selection, load_layers, select
from geo.views.leaflet import mapview
from geo.views.leaflet.popups import event_popup

HOSTILE = "<img src=x onerror=alert(1)>`${alert(2)}`</script><script>alert(3)</script>"


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


@pytest.fixture(scope="module")
def index(layers: Layers) -> mapview.DrawIndex:
    return mapview.draw_index(layers)


def _groups(layers: Layers, index: mapview.DrawIndex, filters: Filters, *,
            visible: tuple[str, ...] = mapview.LAYER_ORDER) -> dict[str, list[Feature]]:
    groups = mapview.feature_groups(select(layers, filters), layers=layers, index=index,
                                    visible=visible)
    return {group.layer_name: mapview.group_features(group) for group in groups}


def test_six_groups_in_drawing_order(layers: Layers, index: mapview.DrawIndex) -> None:
    groups = mapview.feature_groups(select(layers, Filters(year=2022)), layers=layers,
                                    visible=(), index=index)
    assert [g.layer_name for g in groups] == ["tiles", *mapview.LAYER_ORDER]
    assert all(mapview.group_features(g) == [] for g in groups)


def test_features_per_group(layers: Layers, index: mapview.DrawIndex) -> None:
    drawn = _groups(layers, index, Filters(year=2022))
    # presence: 6 countries; spread: 5 lines + 5 arrowheads; corridors: 15 + 15 arrowheads
    assert {name: len(features) for name, features in drawn.items()} == {
        "tiles": 0, "presence": 6, "spread": 10, "routes": 30, "places": 34, "events": 18}
    only = _groups(layers, index, Filters(year=2025, mode="only"))
    assert len(only["events"]) == 5
    assert len(only["routes"]) == 2  # one corridor and its arrowhead


def test_hidden_layers_draw_nothing(layers: Layers, index: mapview.DrawIndex) -> None:
    drawn = _groups(layers, index, Filters(year=2022), visible=("events",))
    assert [name for name, features in drawn.items() if features] == ["events"]


def test_unknown_layer_is_refused(layers: Layers, index: mapview.DrawIndex) -> None:
    with pytest.raises(ValueError, match=r"unknown layer\(s\) heatmap; known: presence"):
        mapview.feature_groups(select(layers, Filters(year=2022)), layers=layers,
                               visible=("heatmap",), index=index)


def test_corridors_coloured_by_kind_dashed_when_schematic(layers: Layers,
                                                          index: mapview.DrawIndex) -> None:
    routes = {f["id"]: f["properties"] for f in layers.features("routes")}
    lines = [f for f in _groups(layers, index, Filters(year=2025))["routes"]
             if f["id"] in routes]
    assert len(lines) == 16
    for line in lines:
        props, line_style = routes[line["id"]], line["properties"]["style"]
        assert line_style["color"] == style.CORRIDOR_COLORS[props["kind"]]
        assert ("dashArray" in line_style) is bool(props["schematic"])
    assert sum(bool(p["schematic"]) for p in routes.values()) == 12


def test_arrowheads_follow_the_end_bearing(layers: Layers, index: mapview.DrawIndex) -> None:
    routes = {f["id"]: f for f in layers.features("routes")}
    arrows = [f for f in _groups(layers, index, Filters(year=2025))["routes"]
              if str(f["id"]).endswith("#arrow-end")]
    assert len(arrows) == 16
    for arrow in arrows:
        route = routes[str(arrow["id"]).removesuffix("#arrow-end")]
        arrow_style = arrow["properties"]["style"]
        assert arrow_style["symbol"] == "arrow"
        assert arrow_style["rotate"] == pytest.approx(route["properties"]["end_bearing_deg"],
                                                      abs=0.05)
        assert arrow["geometry"]["coordinates"] == pytest.approx(
            route["geometry"]["coordinates"][-1], abs=1e-4)


def test_events_coloured_by_kind_and_this_year_outlined(layers: Layers,
                                                        index: mapview.DrawIndex) -> None:
    events = {f["id"]: f["properties"] for f in layers.features("events")}
    drawn = _groups(layers, index, Filters(year=2022))["events"]
    outlined = [f["id"] for f in drawn
                if f["properties"]["style"]["color"] == "#111111"]
    assert sorted(outlined) == sorted(
        i for i, p in events.items() if p["year"] <= 2022 <= p["year_end"])
    assert len(outlined) == 14
    for feature in drawn:
        assert feature["properties"]["style"]["fillColor"] == (
            style.EVENT_COLORS[events[feature["id"]]["kind"]])


def test_event_size_grows_with_people(layers: Layers, index: mapview.DrawIndex) -> None:
    radius = {f["id"]: f["properties"]["r"]
              for f in _groups(layers, index, Filters(year=2025))["events"]}
    assert radius["ev-2025-02-07-lima-rescue"] == pytest.approx(1.1 * math.sqrt(123), abs=0.05)
    assert radius["ev-2022-11-10-gallegos-arrests"] == pytest.approx(6.0, abs=0.05)
    assert radius["ev-2021-northern-chile-irregular-entries"] == 5.0  # a statistic
    assert radius["ev-2025-01-us-designation"] == 5.0  # no figure
    assert mapview.event_radius_px(1_000_000) == 28.0
    assert mapview.event_people({"kind": "rescue", "figures": [
        {"value": 3, "unit": "people"}, {"value": 84, "unit": "people"},
        {"value": 183, "unit": "percent"}]}) == 84.0


def test_approximate_points_are_drawn_as_areas(layers: Layers,
                                               index: mapview.DrawIndex) -> None:
    drawn = {f["id"]: f["properties"] for f in _groups(layers, index, Filters(year=2025))["events"]}
    events = {f["id"]: f["properties"] for f in layers.features("events")}
    for fid, props in drawn.items():
        precision = events[fid]["geo_precision"]
        area = props.get("area")
        if precision == "site":
            assert area is None
        else:
            assert area["radius"] == style.PRECISION_RADIUS_M[precision]
            assert area["dashArray"] == "3 4"
    assert drawn["ev-2025-01-us-designation"]["area"]["radius"] == 250_000.0


def test_places_have_a_symbol_per_kind(layers: Layers, index: mapview.DrawIndex) -> None:
    kinds = {f["id"]: f["properties"]["kind"] for f in layers.features("places")}
    for place in _groups(layers, index, Filters(year=2025))["places"]:
        symbol = place["properties"]["style"]["symbol"]
        assert symbol == {"base": "star", "prison": "square", "detention_facility": "square",
                          "border_crossing": "cross", "district": "diamond"}.get(
                              kinds[place["id"]], "circle")


def test_presence_by_first_year_new_countries_outlined(layers: Layers,
                                                       index: mapview.DrawIndex) -> None:
    presence = {f["id"]: f["properties"] for f in layers.features("presence")}
    years = mapview.presence_years(layers)
    assert years == (2011, 2018, 2021, 2022, 2025)
    drawn = _groups(layers, index, Filters(year=2022))["presence"]
    new = sorted(f["id"] for f in drawn if f["properties"]["style"]["color"] == "#333333")
    assert new == sorted(i for i, p in presence.items() if p["first_reported_year"] == 2022)
    for feature in drawn:
        props = feature["properties"]
        first = presence[feature["id"]]["first_reported_year"]
        assert props["style"]["fillColor"] == style.presence_color(
            first, first=2011, last=2025)
        assert feature["geometry"] is None  # drawn with the base map's outline
        assert props["outline"] == f"basemap-{presence[feature['id']]['country'].lower()}"


def _hostile(layers: Layers) -> Layers:
    collections = copy.deepcopy(layers.collections)
    for name, field in (("events", "title"), ("events", "place_name"), ("places", "name"),
                        ("routes", "name"), ("presence", "name"), ("spread", "name")):
        for feature in collections[name]["features"]:
            feature["properties"][field] = HOSTILE
            for item in feature["properties"].get("evidence", []):
                item["quote"] = HOSTILE
    sources = {k: {**v, "outlet": HOSTILE, "title": HOSTILE} for k, v in layers.sources.items()}
    return Layers(layers.directory, collections, sources)


def test_hostile_names_are_escaped(layers: Layers) -> None:
    hostile = _hostile(layers)
    popup = event_popup(hostile.features("events")[0]["properties"], hostile.sources)
    assert "&lt;img src=x onerror=alert(1)&gt;" in popup
    assert "<img src=x" not in popup
    index = mapview.draw_index(hostile)
    selection = select(hostile, Filters(year=2025))
    groups = mapview.feature_groups(selection, layers=hostile, visible=mapview.LAYER_ORDER,
                                    index=index)
    fmap = mapview.base_map(hostile, index=index)
    for group in groups:
        group.add_to(fmap)
        for child in group._children.values():
            script = child.script_text() if isinstance(child, mapview.DataLayer) else ""
            assert "<" not in script  # every < of the data is \\u003c in the script
    drawn = [f for g in groups for f in mapview.group_features(g) if "popup" in f["properties"]]
    assert len(drawn) == 11 + 10 + 16 + 34 + 25  # Venezuela has no spread line
    for feature in drawn:
        props = feature["properties"]
        assert "<img" not in props["popup"]
        assert "&lt;img" in props["popup"]
        assert props["tooltip"].startswith("&lt;img src=x")
    assert index.legend == mapview.draw_index(layers).legend  # legend: constants only


def test_selection_with_a_hostile_feature_name(layers: Layers) -> None:
    place = copy.deepcopy(layers.features("places")[0])
    place["properties"]["name"] = "<img src=x onerror=alert(1)>"
    selection = Selection(Filters(year=2022), places=[place])
    group = mapview.feature_groups(selection, layers=layers, visible=("places",))[4]
    (feature,) = mapview.group_features(group)
    assert "&lt;img src=x onerror=alert(1)&gt;" in feature["properties"]["popup"]
    assert "<img src=x" not in feature["properties"]["popup"]
    assert feature["properties"]["tooltip"] == "&lt;img src=x onerror=alert(1)&gt;"


def test_base_map_is_identical_on_every_rerun(layers: Layers,
                                              index: mapview.DrawIndex) -> None:
    def key(view: mapview.MapView | None) -> str:
        fmap = mapview.base_map(layers, view=view, index=index)
        fmap.get_root().render()
        return str(generate_js_hash(_get_map_string(fmap), "map"))

    assert key(None) == key(None)
    view = mapview.MapView(-12.0, -77.0, 6.0)
    assert key(view) == key(view)
    assert key(view) != key(None)


def test_map_loads_only_local_assets(layers: Layers, index: mapview.DrawIndex) -> None:
    fmap = mapview.base_map(layers, index=index, asset_base_url="/base/app/static/vendor")
    for group in mapview.feature_groups(select(layers, Filters(year=2025)), layers=layers,
                                        visible=mapview.LAYER_ORDER, index=index):
        group.add_to(fmap)

    def walk(element: folium.Element) -> list[folium.Element]:
        return [element, *(e for child in element._children.values() for e in walk(child))]

    links = sorted({url for element in walk(fmap)
                    for _, url in [*getattr(element, "default_js", []),
                                   *getattr(element, "default_css", [])]})
    assert links == ["/base/app/static/vendor/leaflet/leaflet.css",
                     "/base/app/static/vendor/leaflet/leaflet.js"]
    html = fmap.get_root().render()
    assert "cdn" not in html.lower()
    assert "https://" not in html.replace(mapview.OSM_TILES, "").replace(
        "https://www.openstreetmap.org/copyright", "")


def test_tiles_only_when_asked(layers: Layers, index: mapview.DrawIndex) -> None:
    selection = select(layers, Filters(year=2025))
    off, on = (mapview.feature_groups(selection, layers=layers, visible=(), tiles=flag,
                                      index=index)[0] for flag in (False, True))
    assert list(off._children.values()) == []
    (tile,) = on._children.values()
    assert isinstance(tile, folium.TileLayer)
    assert tile.tiles == mapview.OSM_TILES
    assert "OpenStreetMap" in str(tile.options["attribution"])


def test_prepared_json_is_valid_and_compact(index: mapview.DrawIndex) -> None:
    basemap = json.loads(index.basemap)
    assert len(basemap["features"]) == 50
    assert len(basemap["styles"]) == 1  # one style shared by every outline
    for name in mapview.LAYER_ORDER:
        assert isinstance(json.loads(index.styles[name]), list)
