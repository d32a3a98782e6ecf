"""Named parts of a country (north, central, south) as the articles use the words.

The one rule, shared by placement (the pipeline) and validation (the data model): over the
latitude extent of the country's largest polygon, ``north`` is the northern half, ``south``
the southern half and ``central`` the middle half (a quarter to three quarters of the extent).
"""

from __future__ import annotations

from shapely.geometry.base import BaseGeometry

from geo.errors import OptionError

COUNTRY_PARTS = ("north", "central", "south")


def part_band_of(country: BaseGeometry, part: str) -> tuple[float, float]:
    """(south, north) latitudes of `part` of a country polygon; `OptionError` names a bad part."""
    largest = max(getattr(country, "geoms", [country]), key=lambda g: g.area)
    _, south, _, north = (float(v) for v in largest.bounds)
    span = north - south
    bands = {"north": (south + span / 2, north), "south": (south, south + span / 2),
             "central": (south + span / 4, north - span / 4)}
    if part not in bands:
        raise OptionError(f"part {part!r} is not one of {', '.join(COUNTRY_PARTS)}")
    return bands[part]
