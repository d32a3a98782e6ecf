"""Select what a view shows: year, mode and filters applied to the built layers.

Shared by the app and the exports, so a view and its exported files always agree.

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

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from geo import config, vocab
from geo.data.validate import read_layers_dir
from geo.errors import DataError, OptionError

Mode = Literal["cumulative", "only"]
MODES: tuple[Mode, ...] = ("cumulative", "only")
Feature = dict[str, Any]
LAYER_FILES = ("places", "events", "presence", "routes", "spread", "basemap")


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
        if name not in ("places", "events", "presence", "routes", "spread"):
            raise OptionError(f"unknown layer {name!r}")
        features: list[Feature] = getattr(self, name)
        return features


def _claim_years(feature: Feature) -> set[int]:
    props = feature["properties"]
    return {int(y) for y in props.get("claim_years") or [props["first_reported_year"]]}


def place_visible(feature: Feature, year: int) -> bool:
    """The place-visibility rule: shown from ``visible_from``; null means reference only."""
    first = feature["properties"].get("visible_from")
    return first is None or int(first) <= year


def select_by_year(
    features: Iterable[dict[str, Any]], *, year: int, mode: Mode,
    start_field: str = "first_year", end_field: str = "last_year",
) -> list[dict[str, Any]]:
    """Features active in `year` (`mode="only"`) or reported up to it (`"cumulative"`)."""
    if mode not in ("cumulative", "only"):
        raise OptionError(f"mode must be 'cumulative' or 'only', got {mode!r}")
    chosen = []
    for feature in features:
        props = feature.get("properties", feature)
        start = props[start_field]
        end = props.get(end_field) or start
        if start <= year and (mode == "cumulative" or year <= end):
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


def _keep(values: tuple[str, ...], *candidates: str) -> bool:
    return not values or any(c in values for c in candidates)


def select(layers: Layers, filters: Filters) -> Selection:
    """Apply `filters` to `layers` (values are checked first)."""
    check_filters(filters, layers)
    year, mode = filters.year, filters.mode
    events = [
        f for f in select_by_year(layers.features("events"), year=year, mode=mode,
                                  start_field="year", end_field="year_end")
        if _keep(filters.countries, f["properties"]["country"])
        and _keep(filters.groups, *f["properties"]["groups"])
        and _keep(filters.event_kinds, f["properties"]["kind"])
    ]
    routes = [
        f for f in select_by_year(layers.features("routes"), year=year, mode=mode)
        if _keep(filters.countries, *f["properties"]["countries_crossed"])
        and _keep(filters.groups, *f["properties"]["groups"])
        and _keep(filters.corridor_kinds, f["properties"]["kind"])
    ]
    presence = [
        _with_new_flag(f, year)
        for f in select_by_year(layers.features("presence"), year=year, mode="cumulative",
                                start_field="first_reported_year")
        if _keep(filters.countries, f["properties"]["country"])
    ]
    spread = [
        f for f in select_by_year(layers.features("spread"), year=year, mode="cumulative")
        if _keep(filters.countries, f["properties"]["country"])
        and (mode == "cumulative" or f["properties"]["first_year"] == year)
    ]
    places = [f for f in layers.features("places")
              if _keep(filters.countries, f["properties"]["country"]) and place_visible(f, year)]
    return Selection(filters, sorted(places, key=lambda f: str(f["id"])), events, presence,
                     routes, spread)


def _with_new_flag(feature: Feature, year: int) -> Feature:
    first = feature["properties"]["first_reported_year"]
    props = {**feature["properties"], "is_new": first == year}
    return {**feature, "properties": props}


def events_per_year(layers: Layers, filters: Filters) -> list[tuple[int, int]]:
    """(year, number of events starting that year) for every year of the data, with the
    country, group and kind filters of `filters` applied (its year and mode ignored)."""
    first, last = year_bounds(layers)
    counts: Counter[int] = Counter()
    for year in range(first, last + 1):
        chosen = select(layers, replace(filters, year=year, mode="only")).events
        counts[year] = sum(1 for f in chosen if f["properties"]["year"] == year)
    return sorted(counts.items())


def as_collection(features: list[Feature], *, name: str) -> dict[str, Any]:
    """A selection's features as a FeatureCollection (for downloads)."""
    return {"type": "FeatureCollection", "name": name, "features": features}
