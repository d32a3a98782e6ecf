"""Route builder: corridors of waypoints -> geodesic lines, lengths, countries crossed.

Lengths are geodesic on the WGS84 ellipsoid (``pyproj.Geod``), never in degrees. Lines are
densified along the geodesic so they draw correctly on a Web Mercator map.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Literal

import shapely
from pyproj import Geod
from shapely.geometry import LineString

from geo import vocab
from geo.countries import load_countries, representative_point
from geo.errors import GeometryError, Problem, RouteError
from geo.pipeline.catalog import Seeds
from geo.pipeline.gazetteer import Located
from geo.pipeline.layers import (
    BASE_PLACE,
    SPREAD_NOTE,
    FeatureCollection,
    feature_collection,
    geometry_to_geojson,
    presence_first,
    presence_kind,
    spread_targets,
    year_qualifier,
)

GEOD = Geod(ellps="WGS84")
DEFAULT_MAX_SEGMENT_KM = 25.0
Mode = Literal["cumulative", "only"]


@dataclass(frozen=True)
class Route:
    """A built corridor: densified geodesic line and its measures."""

    line: LineString
    segment_km: tuple[float, ...]
    total_km: float
    end_bearing_deg: float


@dataclass(frozen=True)
class Crossing:
    """Where a line passes from one country into the next."""

    from_country: str
    to_country: str
    lon: float
    lat: float


def corridor_from_waypoints(
    waypoints: Sequence[tuple[float, float]], *, max_segment_km: float = DEFAULT_MAX_SEGMENT_KM,
) -> Route:
    """Geodesic route through (lon, lat) waypoints, densified every `max_segment_km` km."""
    if len(waypoints) < 2:
        raise GeometryError(f"a route needs at least two waypoints, got {len(waypoints)}")
    coords: list[tuple[float, float]] = [waypoints[0]]
    segments = []
    for (lon1, lat1), (lon2, lat2) in pairwise(waypoints):
        distance_m = GEOD.inv(lon1, lat1, lon2, lat2)[2]
        segments.append(distance_m / 1000.0)
        extra = max(0, math.ceil(distance_m / 1000.0 / max_segment_km) - 1)
        if extra:
            coords += [(float(x), float(y)) for x, y in GEOD.npts(lon1, lat1, lon2, lat2, extra)]
        coords.append((lon2, lat2))
    (lon_a, lat_a), (lon_b, lat_b) = coords[-2], coords[-1]
    back_azimuth = GEOD.inv(lon_a, lat_a, lon_b, lat_b)[1]
    return Route(
        line=LineString(coords),
        segment_km=tuple(segments),
        total_km=sum(segments),
        end_bearing_deg=(back_azimuth + 180.0) % 360.0,
    )


def countries_crossed(line: LineString) -> tuple[list[str], list[Crossing]]:
    """Countries a line passes through, in order, and the border points between them.

    Uses the Natural Earth 1:10m polygons; stretches at sea are skipped.
    """
    countries = load_countries()
    pieces: list[tuple[float, float, str]] = []
    for iso, polygon in countries.geometry.items():
        if not line.intersects(polygon):
            continue
        for part in shapely.get_parts(line.intersection(polygon)):
            if part.geom_type != "LineString" or part.is_empty:
                continue
            start, end = line.project(shapely.Point(part.coords[0])), line.project(
                shapely.Point(part.coords[-1]))
            pieces.append((min(start, end), max(start, end), str(iso)))
    pieces.sort()
    order: list[str] = []
    crossings: list[Crossing] = []
    last_end = 0.0
    for start, end, iso in pieces:
        if order and order[-1] == iso:
            last_end = max(last_end, end)
            continue
        if order:
            point = line.interpolate((last_end + start) / 2.0)
            crossings.append(Crossing(order[-1], iso, round(point.x, vocab.POINT_DECIMALS),
                                      round(point.y, vocab.POINT_DECIMALS)))
        order.append(iso)
        last_end = end
    return order, crossings



def check_corridors(seeds: Seeds) -> None:
    """Raise `RouteError` listing every problem of every corridor definition."""
    file = str(seeds.directory / "corridors.json")
    problems = []
    for cid, corridor in seeds.corridors.items():
        def add(field: str, message: str, cid: str = cid) -> None:
            problems.append(Problem(file, cid, field, message))
        if corridor.get("kind") not in vocab.CORRIDOR_KINDS:
            add("kind", f"{corridor.get('kind')!r} is not one of "
                f"{', '.join(vocab.CORRIDOR_KINDS)}")
        waypoints = corridor.get("waypoints") or []
        for n, place in enumerate(waypoints):
            if place not in seeds.places:
                add(f"waypoints[{n}]", f"unknown waypoint id {place!r}")
        if len(set(waypoints)) < 2:
            add("waypoints", f"needs at least two distinct waypoints, got {waypoints!r}")
        first, last = corridor.get("first_year"), corridor.get("last_year")
        if not isinstance(first, int):
            add("first_year", f"{first!r} is not a year")
        elif isinstance(last, int) and last < first:
            add("last_year", f"last_year {last} is before first_year {first}")
        if corridor.get("years_inferred") and not corridor.get("years_note"):
            add("years_note", "inferred years need a note saying how they were inferred")
        if corridor.get("schematic") and not corridor.get("schematic_note"):
            add("schematic_note", "a schematic corridor must say what is schematic")
        if corridor.get("direction") not in ("forward", "both"):
            add("direction", f"{corridor.get('direction')!r} is not 'forward' or 'both'")
    if problems:
        raise RouteError(problems)


def _route_feature(fid: str, route: Route, properties: dict[str, Any]) -> dict[str, Any]:
    order, crossings = countries_crossed(route.line)
    props = {
        "id": fid,
        **properties,
        "length_km": round(route.total_km, 1),
        "segment_km": [round(km, 1) for km in route.segment_km],
        "countries_crossed": order,
        "border_crossings": [
            {"from": c.from_country, "to": c.to_country, "coordinates": [c.lon, c.lat]}
            for c in crossings
        ],
        "end_bearing_deg": round(route.end_bearing_deg, 1),
    }
    return {"type": "Feature", "id": fid,
            "geometry": geometry_to_geojson(route.line, decimals=vocab.POINT_DECIMALS),
            "properties": props}


def routes_layer(seeds: Seeds, located: dict[str, Located]) -> FeatureCollection:
    """Every corridor of ``seeds/corridors.json`` as a densified geodesic LineString."""
    check_corridors(seeds)
    features = []
    for cid, corridor in seeds.corridors.items():
        waypoints = [(located[p].lon, located[p].lat) for p in corridor["waypoints"]]
        route = corridor_from_waypoints(waypoints)
        features.append(_route_feature(cid, route, {
            "name": corridor["name"],
            "name_es": corridor.get("name_es"),
            "kind": corridor["kind"],
            "direction": corridor["direction"],
            "waypoints": corridor["waypoints"],
            "waypoint_names": [seeds.places[p]["name"] for p in corridor["waypoints"]],
            "first_year": corridor["first_year"],
            "last_year": corridor.get("last_year") or corridor["first_year"],
            "years_inferred": bool(corridor["years_inferred"]),
            "years_note": corridor.get("years_note"),
            "schematic": bool(corridor["schematic"]),
            "schematic_note": corridor.get("schematic_note"),
            "certainty": corridor["certainty"],
            "certainty_note": corridor.get("certainty_note"),
            "order_inferred": bool(corridor.get("order_inferred")),
            "order_note": corridor.get("order_note"),
            "groups": sorted(corridor["groups"]),
            "sources": sorted({e["source"] for e in corridor["evidence"]}),
            "evidence": corridor["evidence"],
        }))
    return feature_collection(features, name="routes")


def spread_layer(seeds: Seeds, located: dict[str, Located]) -> FeatureCollection:
    """Lines from the gang's base (Tocorón) to each country where it is first reported.

    Countries an article only lists as 'reported present by' its date get no line.
    """
    presences = {p["country"]: p for p in seeds.presence.values()}
    features = []
    for iso, (target, _) in spread_targets(seeds).items():
        base = located[BASE_PLACE]
        presence = presences[iso]
        first = presence_first(presence)
        if target is None:
            lon, lat = representative_point(iso)
            target_name = f"{presence['name']} (a point inside the country)"
        else:
            lon, lat = located[target].lon, located[target].lat
            target_name = seeds.places[target]["name"]
        link = presence.get("spread") or {}
        route = corridor_from_waypoints([(base.lon, base.lat), (lon, lat)])
        fid = f"spread-{iso.lower()}"
        evidence = [{"source": first["source"], "quote": first["quote"],
                     "said_by": first.get("said_by")}, *link.get("evidence", [])]
        features.append({"type": "Feature", "id": fid,
                         "geometry": geometry_to_geojson(route.line, decimals=3),
                         "properties": {
                             "id": fid, "country": iso, "name": presence["name"],
                             "first_year": first["year"], "last_year": None,
                             "year_inferred": bool(first["year_inferred"]),
                             "year_note": first.get("year_note"),
                             "presence_kind": presence_kind(presence),
                             "year_qualifier": year_qualifier(presence),
                             "year_range": presence.get("year_range"),
                             "certainty": link.get("certainty", "reported"),
                             "certainty_note": link.get("certainty_note"),
                             "target_place": target, "target_name": target_name,
                             "schematic": True,
                             "schematic_note": SPREAD_NOTE.format(country=presence["name"]),
                             "length_km": round(route.total_km, 1),
                             "end_bearing_deg": round(route.end_bearing_deg, 1),
                             "sources": sorted({c["source"] for c in presence["claims"]}
                                               | {e["source"] for e in evidence}),
                             "evidence": evidence,
                         }})
    return feature_collection(features, name="spread")
