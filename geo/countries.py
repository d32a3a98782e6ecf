"""Natural Earth country polygons: lookup by ISO code, point-in-country, display versions."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from geo import config, vocab
from geo.errors import GeometryError, OptionError
from geo.parts import part_band_of

NATURALEARTH_10M = config.SEEDS_DIR / "naturalearth" / "countries_10m_americas.geojson"
NATURALEARTH_50M = config.SEEDS_DIR / "naturalearth" / "countries_50m_americas.geojson"


@cache
def load_countries(path: Path = NATURALEARTH_10M) -> gpd.GeoDataFrame:
    """Country polygons (EPSG:4326) indexed by ISO 3166 alpha-3 code, sorted."""
    frame = gpd.read_file(path).set_index("iso_a3").sort_index()
    if frame.crs is None:
        frame = frame.set_crs(4326)
    return frame


def country_polygon(iso_a3: str, *, path: Path = NATURALEARTH_10M) -> BaseGeometry:
    """The polygon of one country; `KeyError` names an unknown code."""
    frame = load_countries(path)
    if iso_a3 not in frame.index:
        raise OptionError(f"country {iso_a3!r} is not in {path.name}")
    return frame.geometry.loc[iso_a3]


def country_of_point(lon: float, lat: float, *, path: Path = NATURALEARTH_10M) -> str | None:
    """ISO alpha-3 code of the country containing (lon, lat), or None at sea."""
    frame = load_countries(path)
    hits = frame.index[frame.contains(shapely.Point(lon, lat))]
    return str(hits[0]) if len(hits) else None


def representative_point(iso_a3: str) -> tuple[float, float]:
    """(lon, lat) of a point inside the largest part of a country, deterministic."""
    geom = country_polygon(iso_a3)
    parts = list(getattr(geom, "geoms", [geom]))
    largest = max(parts, key=lambda g: g.area)
    point = largest.representative_point()
    return (point.x, point.y)




def part_band(iso_a3: str, part: str) -> tuple[float, float]:
    """(south, north) latitudes of a named part of a country (see `geo.parts`)."""
    return part_band_of(country_polygon(iso_a3), part)


def band_representative_point(iso_a3: str, south: float, north: float) -> tuple[float, float]:
    """(lon, lat) of a point inside the country between two latitudes, deterministic."""
    if south >= north:
        raise GeometryError(f"latitude band ({south}, {north}) of {iso_a3} is empty")
    band = shapely.box(-180.0, south, 180.0, north).intersection(country_polygon(iso_a3))
    parts = [g for g in getattr(band, "geoms", [band]) if g.geom_type == "Polygon"]
    if not parts:
        raise GeometryError(f"{iso_a3} has no land between latitudes {south} and {north}")
    point = max(parts, key=lambda g: g.area).representative_point()
    return (point.x, point.y)


def display_countries() -> gpd.GeoDataFrame:
    """Natural Earth 1:50m polygons simplified for fast display (not for validation)."""
    frame = load_countries(NATURALEARTH_50M).copy()
    simplified = frame.geometry.simplify(vocab.DISPLAY_SIMPLIFY_DEG, preserve_topology=True)
    frame["geometry"] = shapely.make_valid(
        shapely.set_precision(simplified.values, 10.0 ** -vocab.DISPLAY_DECIMALS)
    )
    return frame
