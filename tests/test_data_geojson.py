"""The layers are RFC 7946 in fact: an independent reader (geojson-validator) finds every
ring wound as §3.1.6 requires, and our validator rejects a ring wound the other way."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from typing import Any

import geojson_validator
import pytest

from geo import config
from geo.data.validate import validate_collection
from tests.conftest import read_layer

POLYGON_LAYERS = ("basemap", "countries", "presence")


@pytest.mark.parametrize("name", POLYGON_LAYERS)
def test_an_independent_reader_finds_no_invalid_geometry(name: str) -> None:
    report = geojson_validator.validate_geometries(
        str(config.LAYERS_DIR / f"{name}.geojson"),
        criteria_invalid=("unclosed", "less_three_unique_nodes", "exterior_not_ccw",
                          "interior_not_cw"),
        criteria_problematic=())
    assert report["invalid"] == {}
    # the layers really hold polygons, and countries has holes to check
    polygons = [f for f in read_layer(name)["features"]
                if f["geometry"]["type"] in ("Polygon", "MultiPolygon")]
    assert len(polygons) == {"basemap": 50, "countries": 50, "presence": 11}[name]


def test_countries_hold_holes_wound_clockwise() -> None:
    holes = [ring for f in read_layer("countries")["features"]
             for polygon in _polygons(f["geometry"]) for ring in polygon[1:]]
    assert len(holes) >= 2
    assert all(_signed_area(ring) < 0 for ring in holes)


def _polygons(geometry: dict[str, Any]) -> list[Any]:
    return (geometry["coordinates"] if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]])


def _signed_area(ring: list[list[float]]) -> float:
    """Shoelace area: positive when the ring winds counterclockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


def test_the_validator_rejects_a_ring_wound_the_wrong_way() -> None:
    layer = copy.deepcopy(read_layer("presence"))
    feature = next(f for f in layer["features"] if f["id"] == "presence-per")
    for polygon in _polygons(feature["geometry"]):
        polygon[0].reverse()
    problems = validate_collection(layer, file="presence.geojson", source_ids=None,
                                   today=dt.date(2026, 1, 1), countries={})
    assert problems
    assert {(p.file, p.feature_id, p.field) for p in problems} == {
        ("presence.geojson", "presence-per", "geometry")}
    assert all("exterior ring winds clockwise; RFC 7946 wants it counterclockwise" in p.message
               for p in problems)
    # the independent reader agrees
    report = geojson_validator.validate_geometries(layer, criteria_problematic=())
    assert "exterior_not_ccw" in report["invalid"]


def test_the_validator_rejects_a_hole_wound_counterclockwise() -> None:
    square = [[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [0.0, 0.0]]
    hole = [[1.0, 1.0], [2.0, 1.0], [2.0, 2.0], [1.0, 2.0], [1.0, 1.0]]  # counterclockwise
    layer = copy.deepcopy(read_layer("basemap"))
    layer["features"] = [dict(layer["features"][0], geometry={"type": "Polygon",
                                                             "coordinates": [square, hole]})]
    problems = validate_collection(layer, file="basemap.geojson", source_ids=None,
                                   today=dt.date(2026, 1, 1), countries={})
    assert [p.message for p in problems] == [
        "hole 0 winds counterclockwise; RFC 7946 wants holes clockwise"]
