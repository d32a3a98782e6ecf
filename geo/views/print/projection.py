"""Web Mercator (EPSG:3857) for the print views, through pyproj."""

from __future__ import annotations

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import Geod, Transformer
from shapely.geometry.base import BaseGeometry

from geo.data.extent import MAX_LAT

GEOD = Geod(ellps="WGS84")
_TO_MERCATOR = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
_TO_LONLAT = Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)


def mercator(lon: float, lat: float) -> tuple[float, float]:
    """Projected (x, y) in metres of a point, its latitude clipped to +-85 degrees."""
    x, y = _TO_MERCATOR.transform(lon, max(-MAX_LAT, min(MAX_LAT, lat)))
    return float(x), float(y)


def lonlat(x: float, y: float) -> tuple[float, float]:
    """(lon, lat) in degrees of a projected point."""
    lon, lat = _TO_LONLAT.transform(x, y)
    return float(lon), float(lat)


def _project_coords(coords: NDArray[np.float64]) -> NDArray[np.float64]:
    lat = np.clip(coords[:, 1], -MAX_LAT, MAX_LAT)
    x, y = _TO_MERCATOR.transform(coords[:, 0], lat)
    return np.column_stack([x, y])


def project(geom: BaseGeometry) -> BaseGeometry:
    """A lon/lat geometry in Web Mercator."""
    projected: BaseGeometry = shapely.transform(geom, _project_coords)
    return projected
