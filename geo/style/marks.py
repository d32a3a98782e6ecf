"""The aggregation rule of point marks, written once for every view.

At country scale (below `SPIDERFY_ZOOM`), events at the same place aggregate into one
proportional symbol carrying its count (`aggregate_symbol`, legend row `events:cluster`);
their marks fan out (spiderfy, with leader lines) only at city zoom or when a reader clicks
the aggregate, the way Leaflet.markercluster does. Print is always at country scale: it
draws the aggregates and never fans. The browser reads the numbers through
`geo.style.style_json` (``aggregate``); nothing here renders.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from geo.style import palette
from geo.style.symbols import Symbol, blank_symbol

SPIDERFY_ZOOM = 8
"""Web-map zoom (city scale) from which co-located events fan out instead of aggregating."""
AGGREGATE_BASE_PX = 6.0
"""Radius of an aggregate of one event (px); area grows with the count."""
AGGREGATE_MAX_PX = 22.0
"""Largest aggregate radius (px)."""
AGGREGATE_LABEL_PX = 11.0
"""Size of the count written in an aggregate (px)."""
CLUSTER_ROW = "events:cluster"
"""The legend row of the aggregate symbol."""


def aggregate_radius_px(count: int) -> float:
    """Radius (px) of an aggregate of `count` events: area proportional to the count, capped."""
    if count < 1:
        return AGGREGATE_BASE_PX
    return round(min(AGGREGATE_MAX_PX, AGGREGATE_BASE_PX * math.sqrt(count)), 2)


def aggregate_symbol(count: int = 2) -> Symbol:
    """The symbol of an aggregate of `count` events (the legend's swatch uses the same)."""
    return {**blank_symbol(), "shape": "circle", "radius": aggregate_radius_px(count),
            "color": palette.INK, "weight": 1.5, "opacity": 1.0, "fill": palette.HALO,
            "fill_opacity": 0.92, "label_color": palette.INK, "label_halo": palette.HALO,
            "label_px": AGGREGATE_LABEL_PX}


def place_key(feature: Mapping[str, Any]) -> str:
    """What makes two events co-located: the same `place` id (else the same coordinates)."""
    props = feature.get("properties") or {}
    place = props.get("place")
    if place:
        return f"place:{place}"
    coords = (feature.get("geometry") or {}).get("coordinates") or ()
    return "at:" + ",".join(f"{float(c):.5f}" for c in coords)


def co_located(features: Iterable[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """Events grouped by place (`place_key`), groups in first-seen order: a group of two or
    more is drawn as one aggregate at country scale."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for feature in features:
        groups.setdefault(place_key(feature), []).append(feature)
    return list(groups.values())


def aggregate_json(*, max_count: int | None = None) -> dict[str, Any]:
    """The aggregation rule as numbers: the spiderfy zoom, the radius rule and a radius per
    count (``radius_px[n - 1]``; the last entry for larger counts), the symbol and its row."""
    top = max_count or math.ceil((AGGREGATE_MAX_PX / AGGREGATE_BASE_PX) ** 2)
    return {"spiderfy_zoom": SPIDERFY_ZOOM, "base_px": AGGREGATE_BASE_PX,
            "max_px": AGGREGATE_MAX_PX,
            "radius_px": [aggregate_radius_px(n) for n in range(1, top + 1)],
            "symbol": aggregate_symbol(), "legend_row": CLUSTER_ROW}
