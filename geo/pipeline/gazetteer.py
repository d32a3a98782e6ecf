"""Coordinates of the curated places, from GeoNames or from a check that can be shown.

Methods (``coordinates_from.method`` in ``seeds/places.json``):

- ``gazetteer``: the GeoNames point, as it stands.
- ``gazetteer_snapped``: the GeoNames point, moved into the claimed country when Natural
  Earth's generalised border puts it just outside (at most ``max_snap_km``).
- ``across_border``: a point ``offset_km`` inside the claimed country, beyond the border
  point nearest another place (for twin border towns such as Pisiga facing Colchane).
- ``country_representative_point``: a point inside the country (country precision).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from pyproj import Geod
from shapely.ops import nearest_points

from geo import config
from geo.countries import country_polygon, representative_point
from geo.errors import DataError, Problem

GEONAMES_EXTRACT = config.SEEDS_DIR / "gazetteer" / "geonames_cities500_extract.tsv"
_GEOD = Geod(ellps="WGS84")
_INSIDE_MARGIN_M = 300.0


@dataclass(frozen=True)
class Located:
    """A resolved place position and how it was obtained."""

    lon: float
    lat: float
    method: str
    gazetteer_id: str | None
    moved_km: float | None


def load_geonames(path: Path = GEONAMES_EXTRACT) -> dict[int, dict[str, str]]:
    """GeoNames rows keyed by geonameid."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {int(row["geonameid"]): row for row in csv.DictReader(handle, delimiter="\t")}


def locate_places(places: dict[str, dict[str, Any]], *, seeds_file: str) -> dict[str, Located]:
    """Resolve every place's coordinates; raise `DataError` listing every failure."""
    geonames = load_geonames()
    located: dict[str, Located] = {}
    problems: list[Problem] = []
    # across_border places depend on another place: resolve them last.
    ordered = sorted(places.values(), key=lambda p: (
        p["coordinates_from"]["method"] == "across_border", p["id"]))
    for place in ordered:
        try:
            located[place["id"]] = _locate(place, geonames, located)
        except (KeyError, ValueError) as exc:
            problems.append(Problem(seeds_file, place["id"], "coordinates_from", str(exc)))
    if problems:
        raise DataError(problems)
    return located


def _locate(place: dict[str, Any], geonames: dict[int, dict[str, str]],
            located: dict[str, Located]) -> Located:
    spec = place["coordinates_from"]
    method = spec["method"]
    if method == "country_representative_point":
        lon, lat = representative_point(place["country"])
        return Located(lon, lat, method, None, None)
    if method == "across_border":
        origin = located[spec["from_place"]]
        lon, lat = _beyond_border(origin.lon, origin.lat, place["country"],
                                  margin_m=float(spec["offset_km"]) * 1000.0)
        return Located(lon, lat, method, None, None)
    row = geonames.get(int(spec["geonameid"]))
    if row is None:
        raise KeyError(f"geonameid {spec['geonameid']} is not in {GEONAMES_EXTRACT.name}")
    lon, lat = float(row["longitude"]), float(row["latitude"])
    gid = f"geonames:{row['geonameid']}"
    if method == "gazetteer":
        return Located(lon, lat, method, gid, None)
    polygon = country_polygon(place["country"])
    if polygon.contains(shapely.Point(lon, lat)):
        return Located(lon, lat, method, gid, 0.0)
    new_lon, new_lat = _beyond_border(lon, lat, place["country"], margin_m=_INSIDE_MARGIN_M)
    moved_km = _GEOD.inv(lon, lat, new_lon, new_lat)[2] / 1000.0
    if moved_km > float(spec["max_snap_km"]):
        raise ValueError(f"snapping {gid} into {place['country']} moves it {moved_km:.1f} km, "
                         f"more than max_snap_km={spec['max_snap_km']}")
    return Located(new_lon, new_lat, method, gid, round(moved_km, 2))


def _beyond_border(lon: float, lat: float, iso_a3: str, *, margin_m: float) -> tuple[float, float]:
    """The point `margin_m` inside `iso_a3`, past the border point nearest (lon, lat)."""
    polygon = country_polygon(iso_a3)
    edge = nearest_points(polygon.boundary, shapely.Point(lon, lat))[0]
    azimuth = _GEOD.inv(lon, lat, edge.x, edge.y)[0]
    new_lon, new_lat, _ = _GEOD.fwd(edge.x, edge.y, azimuth, margin_m)
    if not polygon.contains(shapely.Point(new_lon, new_lat)):
        raise ValueError(f"no point {margin_m:.0f} m inside {iso_a3} beyond ({lon}, {lat})")
    return (float(new_lon), float(new_lat))
