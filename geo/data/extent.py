"""Where a map opens: the one extent rule shared by the print views and the map engine.

An extent is ``"data"`` (fit the selection), an ISO alpha-3 country code, or a bounding box
``(min_lon, min_lat, max_lon, max_lat)`` in WGS84 degrees. `extent_bbox` turns any of them
into a bounding box.

"Largest part" of a multi-polygon is the part with the largest area on the sphere. The area is
computed with shapely alone (no geodesy library): each part is mapped to Lambert's cylindrical
equal-area projection (x = longitude in radians, y = sin(latitude)), where planar area is
proportional to area on the sphere, and shapely measures it there. This puts the contiguous
United States ahead of Alaska (which a plain degree-area would not, at high latitude) and
keeps the rule independent of matplotlib, pyproj and the browser.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.data.selection import Layers, Selection
from geo.errors import OptionError

BBox = tuple[float, float, float, float]
Extent = str | BBox
MAX_LAT = 85.0  # Web Mercator's usable latitude, rounded down
EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)


def parse_extent(text: str) -> Extent:
    """Extent from CLI text: 'data', an ISO alpha-3 code, or 'min_lon,min_lat,max_lon,max_lat'."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 4:
        try:
            min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
        except ValueError:
            raise OptionError(f"--extent {text[:80]!r}: a bounding box is four numbers "
                              "min_lon,min_lat,max_lon,max_lat") from None
        return checked_bbox((min_lon, min_lat, max_lon, max_lat))
    if len(parts) == 1 and parts[0]:
        return "data" if parts[0].lower() == "data" else parts[0].upper()
    raise OptionError(f"--extent {text[:80]!r} is not 'data', an ISO alpha-3 country code or "
                      "min_lon,min_lat,max_lon,max_lat")


def checked_bbox(box: Sequence[float]) -> BBox:
    """`box` as floats; `OptionError` unless min < max and it lies within the usable globe."""
    min_lon, min_lat, max_lon, max_lat = (float(v) for v in box)
    finite = all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat))
    if not (finite and -180 <= min_lon < max_lon <= 180
            and -MAX_LAT <= min_lat < max_lat <= MAX_LAT):
        raise OptionError(
            f"extent {min_lon:g},{min_lat:g},{max_lon:g},{max_lat:g}: expected "
            f"min_lon < max_lon within -180..180 and min_lat < max_lat within "
            f"-{MAX_LAT:g}..{MAX_LAT:g}")
    return (min_lon, min_lat, max_lon, max_lat)


def _equal_area(coords: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.column_stack([np.radians(coords[:, 0]), np.sin(np.radians(coords[:, 1]))])


def spherical_area_m2(geom: BaseGeometry) -> float:
    """Area of a lon/lat (multi)polygon on the mean-radius sphere, in square metres."""
    projected = shapely.transform(geom, _equal_area)
    return float(projected.area) * EARTH_RADIUS_M ** 2


def largest_part(geom: BaseGeometry) -> BaseGeometry:
    """The part of a multi-geometry with the largest spherical area (itself if single)."""
    parts = list(getattr(geom, "geoms", [geom]))
    return max(parts, key=spherical_area_m2)


def extent_bbox(extent: Extent, *, layers: Layers, selection: Selection) -> BBox:
    """(min_lon, min_lat, max_lon, max_lat) in degrees for an extent.

    'data' fits the selection: the events, corridors and spread lines drawn and the largest
    part of each presence country drawn (of every presence country when nothing is drawn);
    a country code is the bounds of the country's largest part (the contiguous United States,
    not Alaska).
    """
    if isinstance(extent, tuple):
        return checked_bbox(extent)
    if extent == "data":
        return data_bbox(layers, selection=selection)
    outlines = {f["properties"]["iso_a3"]: f for f in layers.features("basemap")}
    if extent not in outlines:
        raise OptionError(f"--extent {extent[:80]!r} is neither 'data' nor a country of the "
                          f"basemap; allowed countries: {', '.join(sorted(outlines))}")
    min_lon, min_lat, max_lon, max_lat = largest_part(
        shape(outlines[extent]["geometry"])).bounds
    return (min_lon, min_lat, max_lon, max_lat)


def data_bbox(layers: Layers, *, selection: Selection) -> BBox:
    """Bounds of what `selection` draws (see `extent_bbox`), clipped to the usable globe."""
    drawn = [*selection.events, *selection.routes, *selection.spread]
    geoms = [shape(f["geometry"]) for f in drawn]
    presence = selection.presence or ([] if geoms else layers.features("presence"))
    geoms += [largest_part(shape(f["geometry"])) for f in presence]
    if not geoms:
        geoms = [shape(f["geometry"]) for f in layers.features("basemap")]
    bounds = shapely.total_bounds(geoms)
    return checked_bbox([max(-180.0, bounds[0]), max(-MAX_LAT, bounds[1]),
                         min(180.0, bounds[2]), min(MAX_LAT, bounds[3])])
