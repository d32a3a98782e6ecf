"""GeoJSON: each layer as stored (all features, or those of a selection), and which
features a research export holds."""

from __future__ import annotations

from typing import Any

from geo.data.selection import FILTER_NAMES, Feature, Filters, Layers, Selection, as_collection
from geo.errors import OptionError
from geo.jsonio import geojson_text, read_bytes

RESEARCH_LAYERS = ("places", "events", "presence", "routes", "spread", "basemap")
GEOMETRY_TYPES = {"places": "Point", "events": "Point", "presence": "MultiPolygon",
                   "routes": "LineString", "spread": "LineString", "basemap": "MultiPolygon",
                   "countries": "Polygon or MultiPolygon"}  # countries: GeoJSON only


def layer_features(layers: Layers, *, name: str,
                   selection: Selection | None = None) -> list[Feature]:
    """Features of a layer as stored, all of them or those of `selection`, sorted by id."""
    if name not in RESEARCH_LAYERS:
        raise OptionError(f"unknown layer {name!r}; allowed: {', '.join(RESEARCH_LAYERS)}")
    features = layers.features(name)
    if selection is not None and name != "basemap":
        chosen = {str(f["id"]) for f in selection.layer(name)}
        features = [f for f in features if str(f["id"]) in chosen]
    return sorted(features, key=lambda f: str(f["id"]))


REFERENCE_LAYERS = ("basemap", "countries")  # always exported in full


def filter_member(filters: Filters) -> dict[str, Any]:
    """The top-level ``filter`` member of a filtered layer: the year, the mode and every
    filter's values (empty: not filtered). RFC 7946 section 6.1 allows such foreign
    members; GeoJSON readers that do not know it ignore it."""
    return {"year": filters.year, "mode": filters.mode,
            **{name: list(getattr(filters, name)) for name in FILTER_NAMES}}


def layer_geojson(layers: Layers, *, name: str, selection: Selection | None = None) -> str:
    """One layer as canonical GeoJSON text (RFC 7946, WGS84, one feature per line); a
    filtered layer records its filter (`filter_member`)."""
    collection = as_collection(layer_features(layers, name=name, selection=selection),
                               name=name)
    if selection is not None and name not in REFERENCE_LAYERS:
        collection = {**collection, "filter": filter_member(selection.filters)}
    return geojson_text(collection)


def countries_geojson(layers: Layers) -> str:
    """The country polygons (Natural Earth, public domain) exactly as ``layers/`` holds
    them: the reference every ``country`` code and presence polygon refers to."""
    return read_bytes(layers.directory / "countries.geojson").decode("utf-8")


def geojson_files(layers: Layers, *, selection: Selection | None = None) -> dict[str, str]:
    """``{'events.geojson': text, ...}`` for every layer, ``countries.geojson`` included."""
    files = {f"{name}.geojson": layer_geojson(layers, name=name, selection=selection)
             for name in RESEARCH_LAYERS}
    files["countries.geojson"] = countries_geojson(layers)
    return dict(sorted(files.items()))
