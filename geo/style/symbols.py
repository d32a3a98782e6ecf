"""The symbol of every feature: colour, dash, opacity, marker shape and size, written once.

A symbol is a flat dict with the keys of `SYMBOL_KEYS`; every view draws it as given
(Leaflet path options in the browser, matplotlib artists in print). Layout:

- ``shape``: ``polygon`` | ``line`` | ``circle`` | ``square`` | ``diamond`` | ``cross`` |
  ``star``; ``radius`` in px for point shapes;
- ``color``/``weight``/``opacity``/``dash``: the stroke (``dash`` a SVG dash array or None);
- ``fill``/``fill_opacity``: the fill (``fill`` None for none);
- ``area_m``: radius in metres of the area an approximate point stands for (None: exact),
  drawn as a ring with ``area_dash`` in the stroke colour (fill colour for events);
- an aggregate (`geo.style.marks.aggregate_symbol`) adds ``label_color``, ``label_halo`` and
  ``label_px`` for the count written in it.

An event's fill is its category's colour (`geo.style.categories`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from geo.errors import OptionError
from geo.style import palette
from geo.style.rules import State
from geo.vocab import LAYERS

Symbol = dict[str, Any]
SYMBOL_KEYS = ("shape", "radius", "color", "weight", "opacity", "dash", "fill", "fill_opacity",
               "area_m", "area_dash")

APPROXIMATE_RADIUS_M: dict[str, float] = {"district": 3_000.0, "city": 10_000.0,
                                           "region": 60_000.0, "country": 250_000.0}
"""Radius of the area drawn around a point of each approximate geographic precision."""
AREA_DASH = "3 4"
SCHEMATIC_DASH = "8 6"
SUSPECTED_OPACITY = 0.45  # faded means suspected (a hedged claim), in every view
EVENT_RADIUS_PX = (5.0, 28.0)
EVENT_RADIUS_K = 1.1
EVENT_FILL_OPACITY = 0.85
"""Events are filled strongly in every state (the dark outline marks the selected year)."""
"""Marker radius = K * sqrt(headline value) px, clamped: area proportional to the value."""

_BLANK: Symbol = {"shape": "circle", "radius": None, "color": palette.INK, "weight": 1.0,
                  "opacity": 1.0, "dash": None, "fill": None, "fill_opacity": 0.0,
                  "area_m": None, "area_dash": None}

BASE: dict[str, Symbol] = {
    "basemap": {"shape": "polygon", "color": palette.OUTLINE, "weight": 0.8,
                "fill": palette.LAND, "fill_opacity": 1.0},
    "presence": {"shape": "polygon", "color": palette.HALO, "weight": 0.8,
                 "fill_opacity": 0.8},
    "spread": {"shape": "line", "color": palette.SPREAD_COLOR, "weight": 1.6,
               "opacity": 0.8, "dash": "1 5"},
    "routes": {"shape": "line", "weight": 2.2, "opacity": 0.95},
    "events": {"shape": "circle", "color": palette.HALO, "weight": 1.0,
               "fill_opacity": EVENT_FILL_OPACITY},
    "places": {"shape": "circle", "radius": 3.5, "color": palette.HALO, "weight": 1.2,
               "fill": palette.PLACE_FILL, "fill_opacity": 1.0},
}
ACTIVE: dict[str, Symbol] = {
    "presence": {"color": palette.INK, "weight": 1.6},
    "spread": {"weight": 2.0},
    "routes": {"weight": 3.6},
    "events": {"color": palette.INK, "weight": 1.8},
    "places": {},
}
PRESENCE_KINDS: dict[str, Symbol] = {
    "first_reported": {},
    "reported_present_by": {"fill_opacity": 0.3, "dash": "4 3", "color": palette.MUTED_INK},
}
PLACE_KINDS: dict[str, Symbol] = {
    "base": {"shape": "star", "radius": 7.5, "fill": palette.SPREAD_COLOR, "weight": 0.8},
    "prison": {"shape": "square", "radius": 4.5},
    "detention_facility": {"shape": "square", "radius": 4.5, "fill": palette.HALO,
                           "color": palette.INK, "weight": 1.8},
    "border_crossing": {"shape": "cross", "radius": 4.5, "color": palette.INK, "weight": 2.4,
                        "fill": None, "fill_opacity": 0.0},
    "city": {},
    "district": {"shape": "diamond", "radius": 5.0, "weight": 1.0},
    "region": {"radius": 5.0, "color": palette.INK, "weight": 1.8, "fill": None,
               "fill_opacity": 0.0},
    "country": {"radius": 6.0, "color": palette.INK, "fill": None, "fill_opacity": 0.0,
                "dash": "2 2"},
}


def blank_symbol() -> Symbol:
    """A symbol with every key of `SYMBOL_KEYS` at its default."""
    return dict(_BLANK)


def _check_layer(layer: str) -> None:
    if layer not in LAYERS:
        raise OptionError(f"unknown layer {layer!r}; known: {', '.join(LAYERS)}")


def event_radius_px(value: float | None) -> float:
    """Marker radius for a headline figure `value`: area proportional to it, clamped."""
    low, high = EVENT_RADIUS_PX
    if value is None or value <= 0:
        return low
    return round(min(high, max(low, EVENT_RADIUS_K * math.sqrt(value))), 1)


def headline_value(props: Mapping[str, Any]) -> float | None:
    """The value of an event's `headline_figure` (None when absent or not a number)."""
    figure = props.get("headline_figure")
    value = figure.get("value") if isinstance(figure, Mapping) else None
    return float(value) if isinstance(value, int | float) else None


def symbol_for(layer: str, props: Mapping[str, Any], *, state: State = "inactive",
               presence_years: tuple[int, int] = (0, 0)) -> Symbol:
    """The symbol of one feature of `layer` in `state`.

    `presence_years` (first, last) spans the presence ramp.
    """
    _check_layer(layer)
    symbol: Symbol = {**_BLANK, **BASE[layer]}
    kind = str(props.get("kind", ""))
    if layer == "presence":
        symbol["fill"] = palette.presence_color(int(props["first_reported_year"]),
                                                first=presence_years[0],
                                                last=presence_years[1])
        symbol.update(PRESENCE_KINDS.get(str(props.get("presence_kind", "first_reported")),
                                         {}))
    elif layer == "routes":
        symbol["color"] = palette.CORRIDOR_COLORS.get(kind, palette.UNKNOWN_KIND)
        if props.get("schematic"):
            symbol["dash"] = SCHEMATIC_DASH
    elif layer == "events":
        symbol["fill"] = palette.EVENT_COLORS.get(kind, palette.UNKNOWN_KIND)
        symbol["radius"] = event_radius_px(headline_value(props))
    elif layer == "places":
        symbol.update(PLACE_KINDS.get(kind, {}))
    if layer in ("events", "places"):
        area = APPROXIMATE_RADIUS_M.get(str(props.get("geo_precision")))
        if area is not None and not (layer == "places" and kind in ("region", "country")):
            symbol["area_m"], symbol["area_dash"] = area, AREA_DASH
    if state == "active":
        symbol.update(ACTIVE[layer])
    if props.get("certainty") == "suspected":
        symbol["opacity"] = SUSPECTED_OPACITY
        if symbol["fill"] is not None:
            symbol["fill_opacity"] = round(symbol["fill_opacity"] * SUSPECTED_OPACITY, 3)
    return symbol


def presence_ramp(presence: Iterable[Mapping[str, Any]]) -> tuple[int, int]:
    """(first, last) first-reported year of presence features: the span of the ramp.

    Every view passes the ramp of the whole presence layer, so a country keeps its colour
    from year to year.
    """
    years = [int(f["properties"]["first_reported_year"]) for f in presence]
    if not years:
        raise OptionError("no presence features: the presence ramp needs at least one")
    return min(years), max(years)


def basemap_symbol() -> Symbol:
    """The symbol of the country outlines under every map."""
    return {**_BLANK, **BASE["basemap"]}
