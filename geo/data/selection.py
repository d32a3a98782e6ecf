"""Select what a view shows: year, mode and filters applied to the built layers.

Shared by the app, the map page, print and the exports, so every view agrees. The rules
below are written once here (`drawn_span`, `active_span`, `new_year`, `filter_values`,
`passes_filters`): `select` applies them, `geo.style.rules` answers the style model's
questions with them, and the map page gets their results per feature in its payload.

Rules:
- events: ``cumulative`` keeps events that started by the year; ``only`` keeps events whose
  date span covers the year.
- corridors: active when ``first_year <= year <= last_year`` (``only``), or reported by the
  year (``cumulative``).
- presence: a country stays lit once first reported (both modes); ``is_new`` marks the
  countries first reported in the selected year.
- spread: lines of countries reported by the year (``cumulative``) or in it (``only``).
- places: a place is shown from ``visible_from``, the first year a dated claim uses it (both
  modes); a place with ``visible_from`` null is neutral reference, shown at every year.
- summary: ``cumulative`` counts countries reported by the year; ``only`` counts the
  countries with a presence claim of that year. Corridor lengths are split into measured
  (``schematic`` false) and schematic kilometres, never added together in the sentence.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from geo import config, vocab
from geo.data.folder import read_layers_dir
from geo.errors import DataError, OptionError

Mode = Literal["cumulative", "only"]
MODES: tuple[Mode, ...] = ("cumulative", "only")
Feature = dict[str, Any]
LAYER_FILES = (*vocab.LAYERS, "basemap")


@dataclass(frozen=True)
class Layers:
    """The built layers of one folder, as parsed GeoJSON, plus the source catalog."""

    directory: Path
    collections: dict[str, dict[str, Any]]
    sources: dict[str, dict[str, Any]]

    def features(self, name: str) -> list[Feature]:
        """Features of one layer."""
        return list(self.collections[name]["features"])


@dataclass(frozen=True)
class Filters:
    """A view: year, mode and optional filters (an empty tuple means 'all')."""

    year: int
    mode: Mode = "cumulative"
    countries: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    event_kinds: tuple[str, ...] = ()
    corridor_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Summary:
    """Headline numbers of a selection."""

    year: int
    mode: Mode
    countries: int
    events: int
    corridors: int
    corridor_km: float
    measured_km: float = 0.0
    schematic_km: float = 0.0


@dataclass(frozen=True)
class Selection:
    """The features a view shows, per layer, sorted by id."""

    filters: Filters
    places: list[Feature] = field(default_factory=list)
    events: list[Feature] = field(default_factory=list)
    presence: list[Feature] = field(default_factory=list)
    routes: list[Feature] = field(default_factory=list)
    spread: list[Feature] = field(default_factory=list)

    def summary(self) -> Summary:
        """Counts and corridor lengths of the selection (see the module rules)."""
        year = self.filters.year
        if self.filters.mode == "only":
            countries = sum(1 for f in self.presence if year in _claim_years(f))
        else:
            countries = len(self.presence)
        measured = sum(float(r["properties"]["length_km"]) for r in self.routes
                       if not r["properties"].get("schematic"))
        schematic = sum(float(r["properties"]["length_km"]) for r in self.routes
                        if r["properties"].get("schematic"))
        return Summary(
            year=year, mode=self.filters.mode, countries=countries,
            events=len(self.events), corridors=len(self.routes),
            corridor_km=measured + schematic, measured_km=measured, schematic_km=schematic,
        )

    def layer(self, name: str) -> list[Feature]:
        """Selected features of one layer by name."""
        _check_layer(name)
        features: list[Feature] = getattr(self, name)
        return features


def _claim_years(feature: Feature) -> set[int]:
    props = feature["properties"]
    return {int(y) for y in props.get("claim_years") or [props["first_reported_year"]]}


# --- the year and filter rules, written once ----------------------------------------------
# Per dated layer: the properties holding its first and last year (no end field: a claim of
# one year). Presence stays drawn from its first year in both modes.
YEAR_FIELDS: dict[str, tuple[str, str | None]] = {
    "events": ("year", "year_end"),
    "routes": ("first_year", "last_year"),
    "presence": ("first_reported_year", None),
    "spread": ("first_year", None),
}
STAYS_DRAWN = ("presence",)
PLACE_FROM = "visible_from"
"""Places: drawn from this year on (the first year a dated claim uses the place); a place
without it is neutral reference, drawn at every year. Places are never emphasised."""
FILTER_NAMES = ("countries", "groups", "event_kinds", "corridor_kinds")
FILTERS: dict[str, tuple[str, ...]] = {
    "events": ("countries", "groups", "event_kinds"),
    "routes": ("countries", "groups", "corridor_kinds"),
    "presence": ("countries",),
    "spread": ("countries",),
    "places": ("countries",),
}
"""Which filters apply to which layer (an empty filter keeps everything)."""
Span = tuple[float, float]
"""(first, last) year, inclusive; -inf/inf for an open end."""


def _check_layer(layer: str) -> None:
    if layer not in vocab.LAYERS:
        raise OptionError(f"unknown layer {layer!r}; known: {', '.join(vocab.LAYERS)}")


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise OptionError(f"mode must be {' or '.join(map(repr, MODES))}, got {mode!r}")


def _first_last(layer: str, props: Mapping[str, Any]) -> tuple[int, int]:
    start, end = YEAR_FIELDS[layer]
    first = int(props[start])
    last = props.get(end) if end else None
    return first, int(last) if last is not None else first


def drawn_span(layer: str, props: Mapping[str, Any], *, mode: Mode) -> Span:
    """Years in which a feature of `layer` is drawn in `mode` (the year rule).

    ``cumulative``: from its first year on; ``only``: its first to last year; presence
    stays drawn from its first year in both modes; places follow `PLACE_FROM`.
    """
    _check_layer(layer)
    _check_mode(mode)
    if layer == "places":
        start = props.get(PLACE_FROM)
        return (-math.inf if start is None else float(start)), math.inf
    first, last = _first_last(layer, props)
    if mode == "cumulative" or layer in STAYS_DRAWN:
        return float(first), math.inf
    return float(first), float(last)


def active_span(layer: str, props: Mapping[str, Any]) -> Span | None:
    """Years in which a drawn feature is emphasised: its first to last year (presence and
    spread: their first year); None for places, which are never emphasised."""
    _check_layer(layer)
    if layer == "places":
        return None
    first, last = _first_last(layer, props)
    return float(first), float(last)


def new_year(layer: str, props: Mapping[str, Any]) -> int | None:
    """The year a feature is new in: drawn that year and not the year before (the same in
    both modes: its first year). None for a place shown at every year."""
    first = drawn_span(layer, props, mode="cumulative")[0]
    return None if math.isinf(first) else int(first)


def is_drawn(layer: str, props: Mapping[str, Any], *, year: int, mode: Mode) -> bool:
    """Whether the year rule draws a feature of `layer` in `year` and `mode`."""
    first, last = drawn_span(layer, props, mode=mode)
    return first <= year <= last


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


def passes_filters(filters: Filters, values: Mapping[str, list[str]]) -> bool:
    """Whether a feature with these `filter_values` passes `filters` (an empty filter, or a
    filter its layer does not test, keeps it; otherwise one shared value keeps it)."""
    for name, have in values.items():
        wanted: tuple[str, ...] = getattr(filters, name)
        if wanted and not any(v in wanted for v in have):
            return False
    return True


def place_visible(feature: Feature, year: int) -> bool:
    """The place-visibility rule: shown from ``visible_from``; null means reference only."""
    return is_drawn("places", feature["properties"], year=year, mode="cumulative")


def select_by_year(
    features: Iterable[dict[str, Any]], *, year: int, mode: Mode,
    start_field: str = "first_year", end_field: str = "last_year",
) -> list[dict[str, Any]]:
    """Features active in `year` (`mode="only"`) or reported up to it (`"cumulative"`),
    with their years in `start_field`/`end_field` (the corridors' rule), sorted by id."""
    _check_mode(mode)
    chosen = []
    for feature in features:
        props = feature.get("properties", feature)
        record = {"first_year": props[start_field], "last_year": props.get(end_field)}
        if is_drawn("routes", record, year=year, mode=mode):
            chosen.append(feature)
    return sorted(chosen, key=lambda f: str(f.get("id")))


def load_layers(directory: Path = config.LAYERS_DIR) -> Layers:
    """Read the built layers of `directory` (see ``python -m geo build``).

    The folder is validated as it is read (`geo.data.validate.validate_layers_dir`): a folder
    that does not validate raises `DataError` listing every problem, naming file, feature id
    and field, so no view ever draws a broken or mixed folder.
    """
    contents = read_layers_dir(directory)
    if contents.problems:
        raise DataError(contents.problems)
    collections = {name: contents.collections[name] for name in LAYER_FILES}
    return Layers(directory, collections, contents.catalog)


def year_bounds(layers: Layers) -> tuple[int, int]:
    """First and last year found in events, presence and corridors."""
    years = [f["properties"]["year"] for f in layers.features("events")]
    years += [f["properties"]["year_end"] for f in layers.features("events")]
    years += [f["properties"]["first_reported_year"] for f in layers.features("presence")]
    years += [f["properties"][k] for f in layers.features("routes") for k in ("first_year",
                                                                             "last_year")]
    return min(years), max(years)


def filter_options(layers: Layers) -> dict[str, tuple[str, ...]]:
    """Allowed values of each filter, sorted."""
    events = layers.features("events")
    return {
        "countries": tuple(sorted(
            {f["properties"]["country"] for f in events}
            | {f["properties"]["country"] for f in layers.features("presence")}
            | {c for f in layers.features("routes") for c in f["properties"]["countries_crossed"]}
        )),
        "groups": vocab.GROUPS,
        "event_kinds": tuple(sorted({f["properties"]["kind"] for f in events})),
        "corridor_kinds": tuple(sorted({f["properties"]["kind"]
                                        for f in layers.features("routes")})),
    }


def check_filters(filters: Filters, layers: Layers) -> None:
    """Raise `OptionError` naming every value the data does not allow."""
    first, last = year_bounds(layers)
    problems = []
    if not first <= filters.year <= last:
        problems.append(f"year {filters.year} is outside the data ({first}-{last})")
    if filters.mode not in MODES:
        problems.append(f"mode {filters.mode!r} is not one of {', '.join(MODES)}")
    for name, allowed in filter_options(layers).items():
        unknown = [v for v in getattr(filters, name) if v not in allowed]
        if unknown:
            problems.append(f"{name}: unknown value(s) {', '.join(map(repr, unknown))}; "
                            f"allowed: {', '.join(allowed)}")
    if problems:
        raise OptionError("; ".join(problems))


def select(layers: Layers, filters: Filters) -> Selection:
    """Apply `filters` to `layers` (values are checked first): per layer, the features the
    year rule (`drawn_span`) draws and the filters (`passes_filters`) keep, sorted by id.
    Presence features carry ``is_new`` (`new_year` is the year)."""
    check_filters(filters, layers)
    year, mode = filters.year, filters.mode
    chosen: dict[str, list[Feature]] = {}
    for layer in vocab.LAYERS:
        kept = [f for f in layers.features(layer)
                if is_drawn(layer, f["properties"], year=year, mode=mode)
                and passes_filters(filters, filter_values(layer, f["properties"]))]
        if layer == "presence":
            kept = [_with_new_flag(f, year) for f in kept]
        chosen[layer] = sorted(kept, key=lambda f: str(f["id"]))
    return Selection(filters, **chosen)


def _with_new_flag(feature: Feature, year: int) -> Feature:
    props = {**feature["properties"],
             "is_new": new_year("presence", feature["properties"]) == year}
    return {**feature, "properties": props}


def as_collection(features: list[Feature], *, name: str) -> dict[str, Any]:
    """A selection's features as a FeatureCollection (for downloads)."""
    return {"type": "FeatureCollection", "name": name, "features": features}
