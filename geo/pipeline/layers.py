"""Build the GeoJSON layers of ``layers/`` from the seeds (deterministic, RFC 7946)."""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry import mapping

from geo import vocab
from geo.countries import display_countries, load_countries
from geo.data.figures import conflicting_figures, figures_agreement, headline_figure
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
    never to countries an article only lists as 'reported present by' its date. No article
    says where in a country the gang arrived, so a line ends at the country's point
    (country precision; None: a point inside the country) and is schematic (`SPREAD_NOTE`).
    A seeds folder without the base place (a newsroom's own story folder) has no lines.
    """
    if BASE_PLACE not in seeds.places:
        return {}
    base_country = seeds.places[BASE_PLACE]["country"]
    country_places = {p["country"]: p["id"] for p in seeds.places.values()
                      if p["kind"] == "country"}
    return {presence["country"]: (country_places.get(presence["country"]),
                                  presence_first(presence)["year"])
            for presence in seeds.presence.values()
            if presence["country"] != base_country
            and presence_kind(presence) == "first_reported"}


SPREAD_NOTE = ("No article traces the gang's path from Tocorón or says where in {country} it "
               "was first reported: the line joins the base to a point standing for the "
               "country (country precision).")


def place_years(seeds: Seeds) -> dict[str, tuple[int, str]]:
    """Place id -> (year, note): the year a place is drawn from and why.

    A place's seed `visible_from` (with `visible_from_note`) sets it where the articles date
    the place without a dated record using it; otherwise it is the first year a dated claim
    (event, corridor, spread line) uses the place, and the note names that claim.
    """
    years: dict[str, tuple[int, str]] = {}

    def use(place: str | None, year: int, record: str) -> None:
        if place is not None and (place not in years or year < years[place][0]):
            years[place] = (year, f"First used by a dated record: {record} ({year}).")

    for event in seeds.events.values():
        use(event["place"], event_year(event), event["id"])
    for corridor in seeds.corridors.values():
        for place in corridor["waypoints"]:
            use(place, corridor["first_year"], corridor["id"])
    for iso, (target, year) in spread_targets(seeds).items():
        use(target, year, f"spread-{iso.lower()}")
        use(BASE_PLACE, year, f"spread-{iso.lower()}")
    for place in seeds.places.values():
        if place.get("visible_from") is not None:
            years[place["id"]] = (int(place["visible_from"]), str(place["visible_from_note"]))
    return dict(sorted(years.items()))


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
                "name_es": place.get("name_es"),
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
                "visible_from": visible[place["id"]][0] if place["id"] in visible else None,
                "visible_from_note": visible[place["id"]][1] if place["id"] in visible else None,
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
                "title_es": event.get("title_es"),
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
                "place_name_es": place.get("name_es"),
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
