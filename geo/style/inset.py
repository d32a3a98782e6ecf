"""The inset rule, shared by the web map and print: what lies far north of South America
(the United States, Mexico, Guantánamo Bay) is drawn in a small map in a corner, so that
South America fills the frame.

A feature lies in the inset when it lies north of `INSET_MIN_LAT`: a point, every vertex of
a line, the centroid of a country's largest part (Mexico goes, Costa Rica stays).
"""

from __future__ import annotations

from typing import Any

from shapely.geometry import shape

from geo.data.extent import largest_part
from geo.data.selection import Feature

INSET_MIN_LAT = 15.0
"""Features wholly north of this latitude (degrees) are drawn in the inset."""
INSET_WIDTH = 0.34
"""Largest inset width, as a fraction of the map's width."""
INSET_HEIGHT = 0.40
"""Largest inset height, as a fraction of the map's height."""
INSET_MIN_MAP_PX = 600
"""The web map shows an inset only when it is at least this wide (a phone pans instead)."""
WEB_INSET = {"max_px": 360, "aspect": 0.75, "padding_px": 14, "max_zoom": 4}
"""The web inset: at most `max_px` wide, `aspect` high per wide, its features framed with
`padding_px` up to `max_zoom`."""


def in_inset(feature: Feature) -> bool:
    """Whether `feature` is drawn in the inset (see the module)."""
    geom = shape(feature["geometry"])
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return bool(largest_part(geom).centroid.y > INSET_MIN_LAT)
    return bool(geom.bounds[1] > INSET_MIN_LAT)


def inset_bounds(feature: Feature) -> tuple[float, float, float, float]:
    """What the inset frames of `feature`: its bounds (a country's: its largest part's)."""
    geom = shape(feature["geometry"])
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = largest_part(geom)
    x0, y0, x1, y1 = geom.bounds
    return float(x0), float(y0), float(x1), float(y1)


def inset_json() -> dict[str, Any]:
    """The inset's layout rule as the numbers the browser reads."""
    return {"width": INSET_WIDTH, "height": INSET_HEIGHT, "min_map_px": INSET_MIN_MAP_PX,
            **WEB_INSET}
