"""The one style model: palette, symbols, year rules, labels and legend (no rendering library).

Every view reads it: the browser map as JSON (`style_json`), the print renderer directly.
"""

from __future__ import annotations

from typing import Any

from geo import i18n
from geo.style.legend import (
    FIXED_ROWS,
    SECTIONS,
    drawn_features,
    legend_for,
    legend_rows,
    row_ids,
    rows_for_ids,
)
from geo.style.palette import (
    BASEMAP_FILL,
    BASEMAP_LINE,
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
    rules_json,
    year_span,
)
from geo.style.symbols import (
    PRECISION_RADIUS_M,
    Symbol,
    basemap_symbol,
    event_radius_px,
    headline_value,
    presence_ramp,
    symbol_for,
    symbols_json,
)

QUIET_YEARS_POLICY = "marked"
"""Years with nothing new (e.g. 2011-2016) stay on the year control, marked as quiet;
playback skips them by default."""
LABELS: dict[str, Any] = {
    "countries": {"min_zoom": 2.5, "font_px": 12, "weight": 600},
    "places": {"kinds": ["base", "border_crossing"], "event_places": True,
               "min_zoom": {"base": 3.0, "border_crossing": 5.0, "event": 4.0},
               "font_px": 11},
    "collision_padding_px": 2,
    "callout_px": [36, 52, 68, 84],
}
"""Label rules: which features get a label and from which zoom; placement avoids overlaps
(higher priority first: countries, base, border crossings, event places). A place label with
no room beside its mark goes `callout_px` out, joined to the mark by a leader line."""
FAN_OUT: dict[str, float] = {"min_separation_px": 14.0, "leg_px": 22.0}
"""Co-located marks closer than `min_separation_px` fan out on a ring with leader lines."""


def style_json(*, lang: str) -> dict[str, Any]:
    """The style model as the JSON the browser reads."""
    _ = i18n.translator(lang)
    return {
        "palette": palette_json(),
        "symbols": symbols_json(),
        "basemap": basemap_symbol(),
        "rules": rules_json(),
        "legend": {"sections": [{"id": sid, "title": _(title)} for sid, title in SECTIONS],
                   "fixed_rows": {rid: _(text) for rid, text in FIXED_ROWS.items()}},
        "labels": LABELS,
        "fan_out": FAN_OUT,
        "quiet_years": QUIET_YEARS_POLICY,
    }


__all__ = [
    "BASEMAP_FILL", "BASEMAP_LINE", "CORRIDOR_COLORS", "EVENT_COLORS", "FAN_OUT", "LABELS",
    "PRECISION_RADIUS_M", "PRESENCE_RAMP", "QUIET_YEARS_POLICY", "SPREAD_COLOR", "Symbol",
    "basemap_symbol", "drawn_features", "event_radius_px", "headline_value", "is_active",
    "is_drawn", "is_new", "legend_for", "legend_rows", "place_visible", "presence_color",
    "presence_ramp",
    "row_ids", "rows_for_ids", "rules_json", "style_json", "symbol_for", "symbols_json",
    "year_span",
]
