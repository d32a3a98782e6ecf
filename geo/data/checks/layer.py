"""`validate_collection`: every rule of one parsed layer, each problem naming file, feature id,
field and value."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from geo.data.checks import LAYER_NAMES, POINT_LAYERS, items
from geo.data.checks.claims import claim_problems
from geo.data.checks.geometry import (
    committed_countries,
    country_problems,
    geometry,
    winding_problems,
)
from geo.data.checks.schema import schema_problem, validator
from geo.data.checks.years import year_problems
from geo.dates import parse_partial_date
from geo.errors import Problem


def validate_collection(
    collection: Any, *, file: str, source_ids: frozenset[str] | None,
    today: dt.date | None = None, articles: dict[str, str] | None = None,
    as_of: dt.date | None = None, countries: Mapping[str, Any] | None = None,
) -> list[Problem]:
    """Every problem of one parsed layer (empty list when it is valid).

    `source_ids` None skips the source checks (the catalog itself is unreadable). `articles`
    maps source id to article text; when given, each quote must be a verbatim substring of its
    article. `as_of` (the last day the sources cover) bounds every year and date from above.
    `countries` maps ISO alpha-3 codes to the polygons points must fall in (see
    `country_shapes`; default: the committed ``layers/countries.geojson``; empty: no check).
    """
    today = today or dt.date.today()
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        return [Problem(file, "-", "type", "not a GeoJSON FeatureCollection")]
    layer = str(collection.get("name") or Path(file).stem)
    if layer not in LAYER_NAMES:
        return [Problem(file, "-", "name", f"unknown layer {layer!r}; expected one of "
                        f"{', '.join(LAYER_NAMES)}")]
    if "crs" in collection:
        return [Problem(file, "-", "crs", "RFC 7946 GeoJSON has no 'crs' member (WGS84 only)")]
    features = collection.get("features")
    problems = [schema_problem(file, collection, e) for e in validator(layer).iter_errors(
        collection)]
    if not isinstance(features, list):
        return problems
    counts = Counter(str(f.get("id")) for f in features if isinstance(f, dict))
    problems += [Problem(file, i, "id", f"duplicate id ({n} features)")
                 for i, n in counts.items() if n > 1]
    for feature in features:
        if not isinstance(feature, dict):
            continue  # the schema reports it
        problems += _feature_problems(feature, layer=layer, file=file, source_ids=source_ids,
                                      today=today, articles=articles, countries=countries)
        if isinstance(feature.get("properties"), dict):
            problems += year_problems(feature, layer=layer, file=file, as_of=as_of)
    return sorted(set(problems))



def _feature_problems(
    feature: dict[str, Any], *, layer: str, file: str, source_ids: frozenset[str] | None,
    today: dt.date, articles: dict[str, str] | None, countries: Mapping[str, Any] | None = None,
) -> list[Problem]:
    fid = str(feature.get("id"))
    props = feature.get("properties")
    problems: list[Problem] = []
    if not isinstance(props, dict):
        props = {}  # the schema reports it
    if feature.get("geometry") is None:
        return problems  # the schema reports it
    if props.get("id") not in (None, fid):
        problems.append(Problem(file, fid, "id", f"properties.id {props.get('id')!r} differs "
                                "from the feature id"))
    try:
        geom = geometry(feature.get("geometry"))
    except (shapely.errors.ShapelyError, ValueError, TypeError, KeyError, IndexError,
            AttributeError) as exc:
        return [*problems, Problem(file, fid, "geometry", f"unreadable geometry: {exc}")]
    if geom is None or geom.is_empty:
        return [*problems, Problem(file, fid, "geometry", "empty geometry")]
    if not np.isfinite(shapely.get_coordinates(geom)).all():
        return [*problems, Problem(file, fid, "geometry", "coordinates hold NaN or Infinity")]
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        problems.append(Problem(file, fid, "geometry", f"coordinates out of range "
                                f"(bounds {geom.bounds})"))
    elif not geom.is_valid:
        problems.append(Problem(file, fid, "geometry",
                                f"invalid geometry: {shapely.is_valid_reason(geom)}"))
    else:
        problems += winding_problems(file, fid, geom)
        if layer in POINT_LAYERS and geom.geom_type == "Point" and isinstance(
                props.get("country"), str):
            problems += country_problems(file, fid, geom, props["country"], committed_countries()
                                          if countries is None else countries)
    for date_field in ("date", "date_end"):
        if isinstance(props.get(date_field), str) and isinstance(props.get("date_precision"), str):
            try:
                day = parse_partial_date(props[date_field], precision=props["date_precision"])
            except ValueError as exc:
                problems.append(Problem(file, fid, date_field, str(exc)))
            else:
                if day > today:
                    problems.append(Problem(file, fid, date_field,
                                            f"date {props[date_field]!r} is in the future"))
    problems += _source_problems(file, fid, props, source_ids, articles)
    problems += claim_problems(file, fid, layer, geom, props, countries=(
        committed_countries() if countries is None else countries))
    return problems



def _source_problems(file: str, fid: str, props: dict[str, Any],
                     source_ids: frozenset[str] | None,
                     articles: dict[str, str] | None) -> list[Problem]:
    problems: list[Problem] = []
    if source_ids is None:
        return problems
    for field in ("evidence", "figures", "claims"):
        for n, item in enumerate(items(props.get(field))):
            if not isinstance(item, dict):
                continue
            source = item.get("source")
            if source not in source_ids:
                problems.append(Problem(file, fid, f"{field}.{n}.source",
                                        f"unknown source id {source!r}"))
            elif articles is not None and source in articles:
                quote = item.get("quote")
                if isinstance(quote, str) and quote not in articles[source]:
                    problems.append(Problem(file, fid, f"{field}.{n}.quote", "quote not found "
                                            f"verbatim in {source}: {quote[:60]!r}"))
    for n, source in enumerate(items(props.get("sources"))):
        if source not in source_ids:
            problems.append(Problem(file, fid, f"sources.{n}", f"unknown source id {source!r}"))
    return problems
