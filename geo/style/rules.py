"""Year, visibility and filter rules of each layer, as the views apply them.

The year rule itself is the data model's (`geo.data.selection.select_by_year`); this module
only names, per layer, which properties it reads and how each mode maps onto it, so the
browser can apply the same rule to every feature it has loaded.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

from geo.data.selection import Mode, select_by_year
from geo.errors import OptionError
from geo.vocab import LAYERS

State = Literal["inactive", "active"]

# Per layer: the start and end fields of its years, and the rule each view mode applies
# (presence stays lit once reported, in both modes; spread shows only its first year in
# `only` mode, hence no end field).
YEAR_FIELDS: dict[str, tuple[str, str | None]] = {
    "events": ("year", "year_end"),
    "routes": ("first_year", "last_year"),
    "presence": ("first_reported_year", None),
    "spread": ("first_year", None),
}
MODE_RULES: dict[str, dict[str, Mode]] = {
    "events": {"cumulative": "cumulative", "only": "only"},
    "routes": {"cumulative": "cumulative", "only": "only"},
    "presence": {"cumulative": "cumulative", "only": "cumulative"},
    "spread": {"cumulative": "cumulative", "only": "only"},
}
# Which filter applies to which layer (an empty filter keeps everything).
FILTERS: dict[str, tuple[str, ...]] = {
    "events": ("countries", "groups", "event_kinds"),
    "routes": ("countries", "groups", "corridor_kinds"),
    "presence": ("countries",),
    "spread": ("countries",),
    "places": ("countries",),
}
FILTER_NAMES = ("countries", "groups", "event_kinds", "corridor_kinds")


def year_span(layer: str, props: Mapping[str, Any]) -> tuple[int, float] | None:
    """(first, last) year a feature of `layer` covers; None for a layer without years.

    `last` is infinite for a feature that stays once reported in both modes (presence).
    """
    if layer == "places":
        return None
    start, end = YEAR_FIELDS[layer]
    first = int(props[start])
    if MODE_RULES[layer]["only"] == "cumulative":
        return first, math.inf
    last = props.get(end) if end else None
    return first, float(int(last) if last is not None else first)


def _span_rule(layer: str, props: Mapping[str, Any], *, year: int, mode: Mode) -> bool:
    start, end = YEAR_FIELDS[layer]
    record = {"properties": {"start": props[start], "end": props.get(end) if end else None}}
    return bool(select_by_year([record], year=year, mode=mode, start_field="start",
                               end_field="end"))


def is_drawn(layer: str, props: Mapping[str, Any], *, year: int, mode: Mode) -> bool:
    """Whether the year rule of `layer` draws a feature in `year` and `mode`.

    Places follow the place-visibility rule (`place_visible`).
    """
    if layer not in LAYERS:
        raise OptionError(f"unknown layer {layer!r}; known: {', '.join(LAYERS)}")
    if layer == "places":
        return place_visible(props, year=year)
    return _span_rule(layer, props, year=year, mode=MODE_RULES[layer][mode])


def is_active(layer: str, props: Mapping[str, Any], *, year: int) -> bool:
    """Whether a feature is emphasised in `year`: its span covers the year (a presence or a
    spread line: first reported in it). Places are never emphasised."""
    if layer == "places":
        return False
    return _span_rule(layer, props, year=year, mode="only")


def is_new(layer: str, props: Mapping[str, Any], *, year: int) -> bool:
    """Whether a feature is drawn in `year` but was not the year before (cumulative)."""
    if layer == "places":
        return place_visible(props, year=year) and not place_visible(props, year=year - 1)
    return (_span_rule(layer, props, year=year, mode="cumulative")
            and not _span_rule(layer, props, year=year - 1, mode="cumulative"))


def place_visible(props: Mapping[str, Any], *, year: int) -> bool:
    """A place is drawn from `visible_from` (the first year a dated claim uses it) on;
    always when the field is absent or null."""
    start = props.get("visible_from")
    return start is None or int(start) <= year


def filter_values(layer: str, props: Mapping[str, Any]) -> dict[str, list[str]]:
    """The values of a feature that each filter of its layer tests."""
    values: dict[str, list[str]] = {}
    for name in FILTERS[layer]:
        if name == "countries":
            values[name] = ([str(c) for c in props["countries_crossed"]] if layer == "routes"
                            else [str(props["country"])])
        elif name == "groups":
            values[name] = [str(g) for g in props.get("groups", [])]
        else:
            values[name] = [str(props["kind"])]
    return values


def rules_json() -> dict[str, Any]:
    """The rules as plain JSON, for the browser."""
    return {"year_fields": {k: list(v) for k, v in YEAR_FIELDS.items()},
            "modes": MODE_RULES, "filters": {k: list(v) for k, v in FILTERS.items()},
            "place_visible_from": "visible_from",
            "doc": {"drawn": "first <= year && (mode == 'cumulative' || year <= last)",
                    "active": "first <= year <= last", "new": "first == year"}}
