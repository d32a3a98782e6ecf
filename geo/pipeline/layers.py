"""Build the GeoJSON layers of ``layers/`` from the seeds (deterministic, RFC 7946)."""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry import mapping

from geo import vocab
from geo.countries import display_countries, load_countries
from geo.data.validate import conflicting_figures, figures_agreement, headline_figure
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
    """GeoJSON geometry on a 10^-`decimals` degree grid (lon, lat order), kept valid.

    Polygon rings are wound as RFC 7946 §3.1.6 requires: exteriors counterclockwise, holes
    clockwise (rounding moves no vertex across an edge on this grid, so it keeps the winding).
    """
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = shapely.orient_polygons(shapely.set_precision(geom, 10.0**-decimals),
                                       exterior_cw=False)
    raw = mapping(geom)
    return {"type": raw["type"], "coordinates": _round(raw["coordinates"], decimals)}


def _point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": _round([lon, lat], vocab.POINT_DECIMALS)}


def _sources_of(*groups: list[Record]) -> list[str]:
    return sorted({item["source"] for group in groups for item in group})


BASE_PLACE = "tocoron-prison"


def event_year(event: Record) -> int:
    """Year of an event's (start) date."""
    return parse_partial_date(event["date"], precision=event["date_precision"]).year


def presence_first(presence: Record) -> Record:
    """The claim that sets a country's timeline year: the earliest, a dated one first."""
    return min(presence["claims"], key=lambda c: (
        c["year"], c["presence_kind"] != "first_reported", c["source"]))


def presence_kind(presence: Record) -> str:
    """``first_reported`` when any claim dates the presence, else ``reported_present_by``."""
    kinds = {c["presence_kind"] for c in presence["claims"]}
    return "first_reported" if "first_reported" in kinds else "reported_present_by"


def year_qualifier(presence: Record) -> str:
    """``range`` for a disputed origin, else the qualifier of the year-setting claim."""
    if presence.get("year_range") is not None:
        return "range"
    return str(presence_first(presence)["year_qualifier"])


def spread_targets(seeds: Seeds) -> dict[str, tuple[str | None, int]]:
    """Country -> (target place or None, year) of every spread line.

    Lines are drawn only to countries where the gang is first reported (a dated claim),
    never to countries an article only lists as 'reported present by' its date. The target
    is the place of the country's earliest gang-attributed event that is not hedged (events
    dated only by year come after the dated ones of that year); else the country point.
    """
    base_country = seeds.places[BASE_PLACE]["country"]
    country_places = {p["country"]: p["id"] for p in seeds.places.values()
                      if p["kind"] == "country"}
    targets: dict[str, tuple[str | None, int]] = {}
    for presence in seeds.presence.values():
        iso = presence["country"]
        if iso == base_country or presence_kind(presence) != "first_reported":
            continue
        candidates = sorted(
            (event_year(e), e["date_precision"] == "year", e["date"], e["id"], e["place"])
            for e in seeds.events.values()
            if e["groups"] and e["certainty"] == "reported"
            and seeds.places[e["place"]]["country"] == iso
        )
        target = candidates[0][-1] if candidates else country_places.get(iso)
        targets[iso] = (target, presence_first(presence)["year"])
    return targets


def place_years(seeds: Seeds) -> dict[str, int]:
    """Place id -> first year a dated claim (event, corridor, spread line) uses it."""
    years: dict[str, int] = {}

    def use(place: str | None, year: int) -> None:
        if place is not None:
            years[place] = min(year, years.get(place, year))

    for event in seeds.events.values():
        use(event["place"], event_year(event))
    for corridor in seeds.corridors.values():
        for place in corridor["waypoints"]:
            use(place, corridor["first_year"])
    for target, year in spread_targets(seeds).values():
        use(target, year)
        use(BASE_PLACE, year)
    return years


def places_layer(seeds: Seeds, located: dict[str, Located]) -> FeatureCollection:
    """One point per curated place, with its gazetteer id, precision and evidence."""
    features = []
    visible = place_years(seeds)
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
                "gazetteer": where.gazetteer,
                "admin1": where.admin1,
                "ubigeo": where.ubigeo,
                "gazetteer_checks": list(where.checks),
                "region": place.get("region"),
                "visible_from": visible.get(place["id"]),
                "sources": _sources_of(place["evidence"]),
                "evidence": place["evidence"],
            },
        })
    return feature_collection(features, name="places")


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
                "figures_disagree": conflicting_figures(event["figures"]),
                "figures_agreement": figures_agreement(event["figures"]),
                "headline_figure": headline_figure(event["kind"], event["figures"]),
                "certainty": event["certainty"],
                "certainty_note": event.get("certainty_note"),
                "gap_note": event.get("gap_note"),
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
        first = presence_first(presence)
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
                "first_year": first["year"],
                "presence_kind": presence_kind(presence),
                "year_qualifier": year_qualifier(presence),
                "year_range": presence.get("year_range"),
                "year_range_note": presence.get("year_range_note"),
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
