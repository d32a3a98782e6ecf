"""Typed properties of each layer's features, as the JSON Schemas in `schemas/` define them.

For type checking only: features stay plain dicts at run time (`Feature`), and the layers are
validated against the schemas as they are read. tests/test_data_properties.py keeps these
keys equal to the schemas' properties.
"""

from __future__ import annotations

from typing import Any, TypedDict


class Evidence(TypedDict):
    """One supporting quote: the source id, its verbatim sentence and who said it."""

    quote: str
    said_by: str | None
    source: str


class Figure(TypedDict):
    """One number a source reports for an event."""

    attributed_to: str | None
    figure: str
    qualifier: str
    quote: str
    said_by: str | None
    source: str
    unit: str
    value: float


class EventProperties(TypedDict):
    """Properties of a feature of ``events.geojson``."""

    certainty: str
    certainty_note: str | None
    country: str
    date: str
    date_end: str | None
    date_inferred: bool
    date_note: str | None
    date_precision: str
    evidence: list[Evidence]
    figures: list[Figure]
    figures_agreement: str | None
    figures_disagree: list[str]
    gap_note: str | None
    geo_precision: str
    groups: list[str]
    headline_figure: Figure | None
    id: str
    kind: str
    place: str
    place_name: str
    place_name_es: str | None
    sources: list[str]
    title: str
    title_es: str | None
    year: int
    year_end: int


class PlaceProperties(TypedDict):
    """Properties of a feature of ``places.geojson``."""

    admin1: str | None
    coordinates_method: str
    country: str
    evidence: list[Evidence]
    gazetteer: str | None
    gazetteer_checks: list[Any]
    gazetteer_id: str | None
    geo_precision: str
    id: str
    kind: str
    location_note: str | None
    moved_km: float | None
    name: str
    name_es: str | None
    region: dict[str, Any] | None
    sources: list[str]
    ubigeo: str | None
    visible_from: int | None
    visible_from_note: str | None


class PresenceProperties(TypedDict):
    """Properties of a feature of ``presence.geojson``."""

    claim_years: list[int]
    claims: list[Any]
    country: str
    first_reported_inferred: bool
    first_reported_source: str
    first_reported_year: int
    first_year: int
    geo_precision: str
    id: str
    name: str
    note: str | None
    presence_kind: str
    sources: list[str]
    year_qualifier: str
    year_range: list[int] | None
    year_range_note: str | None


class RouteProperties(TypedDict):
    """Properties of a feature of ``routes.geojson``."""

    border_crossings: list[Any]
    certainty: str
    certainty_note: str | None
    countries_crossed: list[str]
    direction: str
    end_bearing_deg: float
    evidence: list[Evidence]
    first_year: int
    groups: list[str]
    id: str
    kind: str
    last_year: int
    length_km: float
    name: str
    name_es: str | None
    order_inferred: bool
    order_note: str | None
    schematic: bool
    schematic_note: str | None
    segment_km: list[float]
    sources: list[str]
    waypoint_names: list[str]
    waypoints: list[str]
    years_inferred: bool
    years_note: str | None


class SpreadProperties(TypedDict):
    """Properties of a feature of ``spread.geojson``."""

    certainty: str
    certainty_note: str | None
    country: str
    end_bearing_deg: float
    evidence: list[Evidence]
    first_year: int
    id: str
    last_year: None
    length_km: float
    name: str
    presence_kind: str
    schematic: bool
    schematic_note: str | None
    sources: list[str]
    target_name: str
    target_place: str | None
    year_inferred: bool
    year_note: str | None
    year_qualifier: str
    year_range: list[int] | None


PROPERTIES: dict[str, type] = {
    "events": EventProperties, "places": PlaceProperties, "presence": PresenceProperties,
    "routes": RouteProperties, "spread": SpreadProperties,
}
"""The TypedDict of each data layer's feature properties."""
