"""Geometry rules: readable, finite, in range, valid, RFC 7946 winding, points inside their
country (Natural Earth 1:10m)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo import config
from geo.data.checks import items
from geo.errors import DataError, GeometryError, Problem
from geo.jsonio import read_json


def winding_problems(file: str, fid: str, geom: BaseGeometry) -> list[Problem]:
    """Rings wound against RFC 7946 §3.1.6 (exteriors counterclockwise, holes clockwise)."""
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        return []
    problems = []
    for m, polygon in enumerate(getattr(geom, "geoms", [geom])):
        where = f"polygon {m} " if geom.geom_type == "MultiPolygon" else ""
        if not shapely.is_ccw(polygon.exterior):
            problems.append(Problem(file, fid, "geometry", f"{where}exterior ring winds "
                                    "clockwise; RFC 7946 wants it counterclockwise"))
        problems += [Problem(file, fid, "geometry", f"{where}hole {n} winds counterclockwise; "
                             "RFC 7946 wants holes clockwise")
                     for n, hole in enumerate(polygon.interiors) if shapely.is_ccw(hole)]
    return problems


def geometry(value: Any) -> BaseGeometry:
    """A GeoJSON geometry object as shapely (built from the coordinates: no JSON round trip)."""
    if not isinstance(value, dict):
        raise GeometryError(f"not a GeoJSON geometry object: {type(value).__name__}")
    kind, coords = value.get("type"), value.get("coordinates")
    if kind == "Polygon" and isinstance(coords, list) and coords:
        return _polygon(coords)
    if kind == "MultiPolygon" and isinstance(coords, list) and coords:
        return shapely.multipolygons([_polygon(part) for part in coords])
    return shape(value)


def _polygon(rings: list[Any]) -> BaseGeometry:
    """A polygon from its rings through numpy (country outlines hold ~100k points)."""
    shell, *holes = (np.asarray(ring, dtype=float) for ring in rings)
    return shapely.polygons(shell, holes=[shapely.linearrings(h) for h in holes] or None)


def country_shapes(collection: Any) -> dict[str, Any]:
    """Polygons of a ``countries`` layer keyed by ISO alpha-3 (unreadable features skipped)."""
    shapes = {}
    for feature in items(collection.get("features") if isinstance(collection, dict) else None):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(props, dict) and isinstance(props.get("iso_a3"), str):
            try:
                geom = geometry(feature.get("geometry"))
            except (shapely.errors.ShapelyError, ValueError, TypeError, KeyError, IndexError,
                    AttributeError):
                continue
            if geom is not None and not geom.is_empty:
                shapely.prepare(geom)
                shapes[props["iso_a3"]] = geom
    return dict(sorted(shapes.items()))


@cache
def committed_countries() -> dict[str, Any]:
    """`country_shapes` of the committed ``layers/countries.geojson`` (Natural Earth 1:10m)."""
    try:
        return country_shapes(read_json(config.LAYERS_DIR / "countries.geojson"))
    except DataError:
        return {}


def country_problems(file: str, fid: str, point: Any, country: str,
                     countries: Mapping[str, Any]) -> list[Problem]:
    """A point must lie in the country it claims (swapped coordinates are named)."""
    if not countries:
        return []  # no usable countries layer: reported where it is read
    polygon = countries.get(country)
    if polygon is None:
        return [Problem(file, fid, "country", f"unknown country code {country!r}")]
    if polygon.contains(point):
        return []
    found = next((iso for iso, shape in countries.items() if shape.contains(point)),
                 "no country (sea)")
    message = (f"point ({point.x}, {point.y}) is not inside {country}; it falls in {found}")
    if polygon.contains(shapely.Point(point.y, point.x)):
        message += "; the coordinates look swapped: GeoJSON order is [longitude, latitude]"
    return [Problem(file, fid, "geometry", message)]
