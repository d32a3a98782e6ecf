"""The year, visibility and filter rules as the views apply them: read from the data model.

The rules live in `geo.data.selection` (`drawn_span`, `active_span`, `new_year`,
`filter_values`); this module only answers the style model's questions with them (is a
feature drawn, emphasised, new in a year?), for the print renderer and the legend. The
browser gets the computed spans in the payload (`geo.views.leaflet.payload`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from geo.data.selection import (
    FILTER_NAMES,
    FILTERS,
    active_span,
    drawn_span,
    filter_values,
    is_drawn,
    new_year,
)

State = Literal["inactive", "active"]
"""A drawn feature's emphasis: active in a year its `active_span` covers."""

__all__ = ["FILTERS", "FILTER_NAMES", "State", "drawn_span", "filter_values", "is_active",
           "is_drawn", "is_new", "place_visible", "year_span"]


def year_span(layer: str, props: Mapping[str, Any]) -> tuple[int, float] | None:
    """(first, last) year a feature of `layer` is drawn in ``only`` mode; None for places.

    `last` is infinite for a feature that stays once reported in both modes (presence).
    """
    if layer == "places":
        return None
    first, last = drawn_span(layer, props, mode="only")
    return int(first), last


def is_active(layer: str, props: Mapping[str, Any], *, year: int) -> bool:
    """Whether a feature is emphasised in `year` (`geo.data.selection.active_span`)."""
    span = active_span(layer, props)
    return span is not None and span[0] <= year <= span[1]


def is_new(layer: str, props: Mapping[str, Any], *, year: int) -> bool:
    """Whether a feature is new in `year` (`geo.data.selection.new_year`)."""
    return new_year(layer, props) == year


def place_visible(props: Mapping[str, Any], *, year: int) -> bool:
    """Whether a place is drawn in `year` (the places' year rule)."""
    return is_drawn("places", props, year=year, mode="cumulative")
