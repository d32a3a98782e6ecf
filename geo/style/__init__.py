"""The one style model: palette, symbols, year rules, labels and legend (no rendering library).

Every view reads it: the browser map as JSON (`style_json`), the print renderer directly.
"""

from __future__ import annotations

from typing import Any

from geo.data.selection import Layers, year_bounds
from geo.style.categories import CATEGORY_LABELS, EVENT_CATEGORIES, category_of
from geo.style.inset import in_inset, inset_bounds, inset_json
from geo.style.legend import (
    drawn_features,
    legend_for,
    legend_rows,
    row_ids,
    rows_for_ids,
)
from geo.style.marks import (
    CLUSTER_ROW,
    SPIDERFY_ZOOM,
    aggregate_json,
    aggregate_radius_px,
    aggregate_symbol,
    co_located,
    place_key,
)
from geo.style.palette import (
    CATEGORY_COLORS,
    CORRIDOR_COLORS,
    EVENT_COLORS,
    PRESENCE_RAMP,
    SPREAD_COLOR,
    palette_json,
    presence_color,
)
from geo.style.rules import (
    is_active,
    is_drawn,
    is_new,
    place_visible,
    year_span,
)
from geo.style.symbols import (
    APPROXIMATE_RADIUS_M,
    Symbol,
    basemap_symbol,
    event_radius_px,
    headline_value,
    presence_ramp,
    symbol_for,
)

LABELS: dict[str, Any] = {
    "countries": {"min_zoom": 2.5, "font_px": 12, "weight": 600},
    "places": {"kinds": ["base", "border_crossing"], "event_places": True,
               "event_place_skip": ["country"],
               "min_zoom": {"base": 3.0, "border_crossing": 5.0, "event": 4.0},
               "priority": {"base": 0, "border_crossing": 2, "event": 3},
               "font_px": 11},
    "country_priority": {"drawn": 1, "other": 9},
    "collision_padding_px": 2,
    "callout_px": [36, 52, 68, 84],
}
"""Label rules: which features get a label and from which zoom; placement avoids overlaps
(lower `priority` first: base, countries drawn in the presence layer, border crossings,
event places (not those placed at country precision), other countries). A place label with
no room beside its mark goes `callout_px` out, joined to the mark by a leader line."""
FOCUS_RING = "#ffbf00"
"""The ring around the selected or keyboard-focused mark."""
FAN_OUT: dict[str, float] = {"min_separation_px": 14.0, "leg_px": 22.0}
"""Where marks fan out (city zoom, or an aggregate clicked open: `geo.style.marks`), marks
closer than `min_separation_px` go on a ring `leg_px` out, with leader lines."""


def presence_years(layers: Layers) -> tuple[int, int]:
    """The span of the presence ramp over the whole presence layer (every view's; the data's
    years when the layer is empty)."""
    presence = layers.features("presence")
    return presence_ramp(presence) if presence else year_bounds(layers)


def style_json() -> dict[str, Any]:
    """The style model as the JSON the browser reads (symbols and legend rows travel with
    the features: `geo.views.leaflet.payload`); the aggregation rule as numbers."""
    return {
        "palette": {**palette_json(), "focus": FOCUS_RING},
        "basemap": basemap_symbol(),
        "labels": LABELS,
        "fan_out": FAN_OUT,
        "aggregate": aggregate_json(),
        "inset": inset_json(),
    }


__all__ = [
    "APPROXIMATE_RADIUS_M", "CATEGORY_COLORS", "CATEGORY_LABELS", "CLUSTER_ROW",
    "CORRIDOR_COLORS", "EVENT_CATEGORIES", "EVENT_COLORS", "FAN_OUT", "FOCUS_RING", "LABELS",
    "PRESENCE_RAMP", "SPIDERFY_ZOOM", "SPREAD_COLOR", "Symbol",
    "aggregate_json", "aggregate_radius_px", "aggregate_symbol", "basemap_symbol",
    "category_of", "co_located", "drawn_features", "event_radius_px", "headline_value",
    "in_inset", "inset_bounds", "inset_json", "is_active", "is_drawn", "is_new", "legend_for",
    "legend_rows", "place_key",
    "place_visible", "presence_color", "presence_ramp", "presence_years", "row_ids",
    "rows_for_ids", "style_json", "symbol_for", "year_span",
]
