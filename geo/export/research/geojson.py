"""GeoJSON: each layer as stored (all features, or those of a selection), and which
features a research export holds."""

from __future__ import annotations

from geo.data.selection import Feature, Layers, Selection, as_collection
from geo.errors import OptionError
from geo.jsonio import geojson_text

RESEARCH_LAYERS = ("places", "events", "presence", "routes", "spread", "basemap")
GEOMETRY_TYPES = {"places": "Point", "events": "Point", "presence": "MultiPolygon",
                   "routes": "LineString", "spread": "LineString", "basemap": "MultiPolygon"}


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


def layer_geojson(layers: Layers, *, name: str, selection: Selection | None = None) -> str:
    """One layer as canonical GeoJSON text (RFC 7946, WGS84, one feature per line)."""
    return geojson_text(as_collection(layer_features(layers, name=name, selection=selection),
                                      name=name))


def geojson_files(layers: Layers, *, selection: Selection | None = None) -> dict[str, str]:
    """``{'events.geojson': text, ...}`` for every layer."""
    return {f"{name}.geojson": layer_geojson(layers, name=name, selection=selection)
            for name in RESEARCH_LAYERS}
