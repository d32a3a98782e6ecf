"""Build the GeoJSON layers of ``layers/`` from the seeds (deterministic, RFC 7946)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import shapely
from shapely.geometry import mapping

from geo import vocab
from geo.countries import display_countries, load_countries
from geo.dates import parse_partial_date
from geo.pipeline.catalog import Record, Seeds
from geo.pipeline.gazetteer import Located

Feature = dict[str, Any]
FeatureCollection = dict[str, Any]


def feature_collection(features: list[Feature], *, name: str) -> FeatureCollection:
    """A FeatureCollection sorted by feature id (no ``crs`` member: RFC 7946 is WGS84)."""
    ordered = sorted(features, key=lambda f: str(f["id"]))
    return {"type": "FeatureCollection", "name": name, "features": ordered}


def _round(value: Any, decimals: int) -> Any:
    if isinstance(value, float):
        return round(value, decimals) + 0.0  # no "-0.0"
    if isinstance(value, list | tuple):
        return [_round(v, decimals) for v in value]
    return value


def geometry_to_geojson(geom: shapely.Geometry, *, decimals: int) -> dict[str, Any]:
    """GeoJSON geometry on a 10^-`decimals` degree grid (lon, lat order), kept valid."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = shapely.set_precision(geom, 10.0**-decimals)
    raw = mapping(geom)
    return {"type": raw["type"], "coordinates": _round(raw["coordinates"], decimals)}


def _point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": _round([lon, lat], vocab.POINT_DECIMALS)}


def _sources_of(*groups: list[Record]) -> list[str]:
    return sorted({item["source"] for group in groups for item in group})


def places_layer(seeds: Seeds, located: dict[str, Located]) -> FeatureCollection:
    """One point per curated place, with its gazetteer id, precision and evidence."""
    features = []
    for place in seeds.places.values():
        where = located[place["id"]]
        features.append({
            "type": "Feature",
            "id": place["id"],
            "geometry": _point(where.lon, where.lat),
            "properties": {
                "id": place["id"],
                "name": place["name"],
                "kind": place["kind"],
                "country": place["country"],
                "geo_precision": place["precision"],
                "coordinates_method": where.method,
                "gazetteer_id": where.gazetteer_id,
                "moved_km": where.moved_km,
                "location_note": place.get("location_note"),
                "sources": _sources_of(place["evidence"]),
                "evidence": place["evidence"],
            },
        })
    return feature_collection(features, name="places")


def _disagreements(figures: list[Record]) -> list[str]:
    """Figure names whose value or qualifier differs between sources."""
    seen: dict[str, set[tuple[Any, str]]] = defaultdict(set)
    for figure in figures:
        seen[figure["figure"]].add((figure["value"], figure["qualifier"]))
    return sorted(name for name, values in seen.items() if len(values) > 1)


def events_layer(seeds: Seeds, located: dict[str, Located]) -> FeatureCollection:
    """One point per dated event, at its place; figures kept per source."""
    features = []
    for event in seeds.events.values():
        place = seeds.places[event["place"]]
        where = located[place["id"]]
        end = event.get("date_end") or event["date"]
        features.append({
            "type": "Feature",
            "id": event["id"],
            "geometry": _point(where.lon, where.lat),
            "properties": {
                "id": event["id"],
                "title": event["title"],
                "kind": event["kind"],
                "date": event["date"],
                "date_end": event.get("date_end"),
                "date_precision": event["date_precision"],
                "date_inferred": bool(event["date_inferred"]),
                "date_note": event.get("date_note"),
                "year": parse_partial_date(event["date"], precision=event["date_precision"]).year,
                "year_end": parse_partial_date(end, precision=event["date_precision"]).year,
                "place": place["id"],
                "place_name": place["name"],
                "country": place["country"],
                "geo_precision": place["precision"],
                "groups": sorted(event["groups"]),
                "figures": sorted(event["figures"], key=lambda f: (f["figure"], f["source"],
                                                                   f["value"])),
                "figures_disagree": _disagreements(event["figures"]),
                "sources": _sources_of(event["evidence"], event["figures"]),
                "evidence": event["evidence"],
            },
        })
    return feature_collection(features, name="events")


def presence_layer(seeds: Seeds) -> FeatureCollection:
    """Countries where the gang is reported, with the first year any source reports it."""
    shapes = display_countries()
    features = []
    for presence in seeds.presence.values():
        claims = sorted(presence["claims"], key=lambda c: (c["year"], c["source"]))
        first = claims[0]
        features.append({
            "type": "Feature",
            "id": presence["id"],
            "geometry": geometry_to_geojson(shapes.geometry.loc[presence["country"]],
                                            decimals=vocab.DISPLAY_DECIMALS),
            "properties": {
                "id": presence["id"],
                "country": presence["country"],
                "name": presence["name"],
                "first_reported_year": first["year"],
                "first_reported_inferred": bool(first["year_inferred"]),
                "first_reported_source": first["source"],
                "claim_years": sorted({c["year"] for c in claims}),
                "geo_precision": "country",
                "note": presence.get("note"),
                "sources": _sources_of(claims),
                "claims": claims,
            },
        })
    return feature_collection(features, name="presence")


def _outline_layer(frame: Any, *, name: str, prefix: str, decimals: int) -> FeatureCollection:
    features = [
        {
            "type": "Feature",
            "id": f"{prefix}-{iso.lower()}",
            "geometry": geometry_to_geojson(row.geometry, decimals=decimals),
            "properties": {"id": f"{prefix}-{iso.lower()}", "iso_a3": iso, "name": row.ne_name},
        }
        for iso, row in frame.iterrows()
    ]
    return feature_collection(features, name=name)


def countries_layer() -> FeatureCollection:
    """Natural Earth 1:10m countries of the Americas (reference, validation)."""
    return _outline_layer(load_countries(), name="countries", prefix="country",
                          decimals=vocab.POLYGON_DECIMALS)


def basemap_layer() -> FeatureCollection:
    """Simplified Natural Earth 1:50m outlines: the offline basemap of the app and exports."""
    return _outline_layer(display_countries(), name="basemap", prefix="basemap",
                          decimals=vocab.DISPLAY_DECIMALS)
