"""Route builder: geodesic densification, lengths, countries crossed, years, bad input."""

from __future__ import annotations

import json
import math
from itertools import pairwise
from pathlib import Path

import pytest
from pyproj import Geod

from geo.data.selection import select_by_year
from geo.errors import GeometryError
from geo.pipeline.build import build
from geo.pipeline.routes import corridor_from_waypoints, countries_crossed
from tests.conftest import features_by_id, read_layer

GEOD = Geod(ellps="WGS84")
PISIGA = (-68.63858, -19.2773)
COLCHANE = (-68.64522, -19.28721)
CUCUTA = (-72.50782, 7.89391)
LIMA = (-77.02824, -12.04318)
ORURO = (-67.15, -17.98333)


def test_pisiga_to_colchane_crosses_bolivia_then_chile() -> None:
    route = corridor_from_waypoints([PISIGA, COLCHANE])
    order, crossings = countries_crossed(route.line)
    assert order == ["BOL", "CHL"]
    assert [(c.from_country, c.to_country) for c in crossings] == [("BOL", "CHL")]
    lon, lat = crossings[0].lon, crossings[0].lat
    assert PISIGA[0] > lon > COLCHANE[0]
    assert PISIGA[1] > lat > COLCHANE[1]


def test_densified_vertices_lie_on_the_geodesic() -> None:
    route = corridor_from_waypoints([CUCUTA, LIMA], max_segment_km=25.0)
    vertices = list(route.line.coords)
    azimuth_to_end = GEOD.inv(*CUCUTA, *LIMA)[0]
    assert len(vertices) == math.ceil(GEOD.inv(*CUCUTA, *LIMA)[2] / 25_000.0) + 1 == 92
    for lon, lat in vertices[1:-1]:
        assert GEOD.inv(*CUCUTA, lon, lat)[0] == pytest.approx(azimuth_to_end, abs=1e-7)
    steps = [GEOD.inv(*a, *b)[2] for a, b in pairwise(vertices)]
    assert max(steps) <= 25_000.0
    assert min(steps) == pytest.approx(max(steps), rel=1e-6)


def test_length_is_the_sum_of_geodesic_segments() -> None:
    route = corridor_from_waypoints([CUCUTA, LIMA, ORURO, PISIGA, COLCHANE])
    expected = [GEOD.inv(*a, *b)[2] / 1000.0 for a, b in
                [(CUCUTA, LIMA), (LIMA, ORURO), (ORURO, PISIGA), (PISIGA, COLCHANE)]]
    assert route.segment_km == pytest.approx(expected, rel=1e-12)
    assert route.total_km == pytest.approx(sum(expected), rel=1e-12)
    assert route.total_km == pytest.approx(3723.38, rel=1e-6)
    assert GEOD.geometry_length(route.line) / 1000.0 == pytest.approx(route.total_km, rel=1e-6)


def test_end_bearing_points_along_the_last_segment() -> None:
    route = corridor_from_waypoints([LIMA, CUCUTA])
    back = GEOD.inv(*LIMA, *CUCUTA)[1]
    assert route.end_bearing_deg == pytest.approx((back + 180.0) % 360.0, abs=1e-6)
    assert 0.0 < route.end_bearing_deg < 90.0


def test_a_route_needs_two_waypoints() -> None:
    with pytest.raises(GeometryError, match=r"at least two waypoints, got 1"):
        corridor_from_waypoints([LIMA])


def test_built_corridors_cross_the_countries_the_article_names() -> None:
    routes = features_by_id("routes")
    network = routes["cor-smuggling-network-colombia-chile"]["properties"]
    assert network["countries_crossed"] == ["COL", "ECU", "PER", "BOL", "CHL"]
    assert network["waypoints"] == ["cucuta", "ecuador", "lima", "oruro", "pisiga", "colchane"]
    assert network["length_km"] == pytest.approx(sum(network["segment_km"]), abs=0.3)
    assert network["schematic"] is True
    crossing = routes["cor-smuggling-pisiga-colchane"]["properties"]
    assert (crossing["countries_crossed"], crossing["schematic"], crossing["length_km"]) == (
        ["BOL", "CHL"], False, 1.3)
    assert routes["cor-transfer-valdivia-santiago"]["properties"]["countries_crossed"] == ["CHL"]
    assert routes["cor-money-lima-tocoron"]["properties"]["certainty"] == "suspected"


@pytest.mark.parametrize(("year", "mode", "expected"), [
    (2021, "only", set()),
    (2021, "cumulative", set()),
    (2023, "only", set()),
    (2025, "only", {"cor-deportation-us-guantanamo"}),
    (2025, "cumulative", "all"),
    (2022, "only", "all but deportation"),
    (2023, "cumulative", "all but deportation"),
])
def test_corridors_active_by_year(year: int, mode: str, expected: set[str] | str) -> None:
    routes = read_layer("routes")["features"]
    every = {f["id"] for f in routes}
    wanted = {"all": every, "all but deportation": every - {"cor-deportation-us-guantanamo"}}
    chosen = {f["id"] for f in select_by_year(routes, year=year, mode=mode)}  # type: ignore[arg-type]
    assert chosen == (wanted[expected] if isinstance(expected, str) else expected)
    assert len(every) == 18


def test_select_by_year_rejects_an_unknown_mode() -> None:
    with pytest.raises(ValueError, match=r"mode must be 'cumulative' or 'only', got 'all'"):
        select_by_year([], year=2022, mode="all")  # type: ignore[arg-type]


def test_spread_links_the_base_to_each_country_in_its_first_year() -> None:
    spread = features_by_id("spread")
    # Only countries where the gang is first reported get a line; those an article only
    # lists as present by its date (Bolivia, Brazil, Panama, Costa Rica, Mexico, the US,
    # Ecuador) don't.
    assert {f["properties"]["country"]: f["properties"]["first_year"] for f in spread.values()} == {
        "CHL": 2022, "COL": 2018, "PER": 2021}
    # No article says where in a country the gang arrived: each line ends at the country's
    # point and is schematic, with the reason.
    assert {f["properties"]["target_place"] for f in spread.values()} == {"chile", "colombia",
                                                                          "peru"}
    assert all(f["properties"]["schematic"] is True and "No article traces" in
               f["properties"]["schematic_note"] for f in spread.values())
    peru = spread["spread-per"]
    assert peru["geometry"]["coordinates"][0] == [-67.591, 10.235]
    assert peru["geometry"]["coordinates"][-1] == [-75.765, -9.187]
    assert "spread-bra" not in spread
    assert "spread-bol" not in spread


def _corridors(seeds: Path) -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads((seeds / "corridors.json").read_text("utf-8"))
    return data


@pytest.mark.parametrize(("change", "message"), [
    ({"waypoints": ["pisiga", "el-dorado"]},
     r"field 'waypoints\[1\]': unknown waypoint id 'el-dorado'"),
    ({"waypoints": ["pisiga", "pisiga"]},
     r"field 'waypoints': needs at least two distinct waypoints, got \['pisiga', 'pisiga'\]"),
    ({"first_year": 2022, "last_year": 2019},
     r"field 'last_year': last_year 2019 is before first_year 2022"),
    ({"kind": "teleportation"}, r"field 'kind': 'teleportation' is not one of migrant_smuggling"),
])
def test_bad_corridor_names_corridor_and_field_and_writes_nothing(
    tmp_path: Path, seeds_copy: Path, change: dict[str, object], message: str,
) -> None:
    corridors = _corridors(seeds_copy)
    target = next(c for c in corridors if c["id"] == "cor-smuggling-pisiga-colchane")
    target.update(change)
    (seeds_copy / "corridors.json").write_text(json.dumps(corridors), encoding="utf-8")
    out = tmp_path / "layers"
    with pytest.raises(ValueError, match=r"corridors\.json: feature 'cor-smuggling-pisiga-"
                       r"colchane': " + message):
        build(seeds_dir=seeds_copy, layers_dir=out, docs_dir=tmp_path / "docs")
    assert not out.exists()
