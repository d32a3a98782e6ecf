"""Validate GeoJSON layers: schema, geometry, point-in-country, dates, sources, quotes.

Every problem is collected and reported at once, each naming file, feature id and field.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import shapely
from jsonschema import Draft202012Validator

from geo import config
from geo.countries import country_of_point, country_polygon
from geo.dates import parse_partial_date
from geo.errors import LayerValidationError, Problem

POINT_LAYERS = ("places", "events")
LAYER_NAMES = ("places", "events", "presence", "countries", "basemap", "routes", "spread")


@cache
def _validator(layer: str) -> Draft202012Validator:
    schema = json.loads((config.SCHEMAS_DIR / f"{layer}.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema)


def load_source_ids(path: Path) -> frozenset[str]:
    """Ids of the source catalog (``sources.json``)."""
    return frozenset(str(s["id"]) for s in json.loads(path.read_text(encoding="utf-8")))


def validate_collection(
    collection: Any, *, file: str, source_ids: frozenset[str], today: dt.date | None = None,
    articles: dict[str, str] | None = None,
) -> list[Problem]:
    """Every problem of one parsed layer (empty list when it is valid).

    `articles` maps source id to article text; when given, each quote must be a verbatim
    substring of its article.
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
    problems = [_schema_problem(file, collection, e) for e in _validator(layer).iter_errors(
        collection)]
    if not isinstance(features, list):
        return problems
    counts = Counter(str(f.get("id")) for f in features if isinstance(f, dict))
    problems += [Problem(file, i, "id", f"duplicate id ({n} features)")
                 for i, n in counts.items() if n > 1]
    for feature in features:
        if isinstance(feature, dict):
            problems += _feature_problems(feature, layer=layer, file=file, source_ids=source_ids,
                                          today=today, articles=articles)
    return sorted(set(problems))


def _schema_problem(file: str, collection: dict[str, Any], error: Any) -> Problem:
    path = list(error.absolute_path)
    fid = "-"
    if len(path) >= 2 and path[0] == "features" and isinstance(path[1], int):
        feature = collection["features"][path[1]]
        fid = str(feature.get("id", f"#{path[1]}")) if isinstance(feature, dict) else f"#{path[1]}"
        path = path[2:]
        if path[:1] == ["properties"]:
            path = path[1:]
    field = ".".join(str(p) for p in path) or "-"
    value = json.dumps(error.instance, ensure_ascii=False)
    if len(value) > 80:
        value = value[:77] + "..."
    return Problem(file, fid, field, f"{error.message.split(' is not valid under')[0]} "
                   f"(value {value})" if error.validator != "required" else error.message)


def _feature_problems(
    feature: dict[str, Any], *, layer: str, file: str, source_ids: frozenset[str],
    today: dt.date, articles: dict[str, str] | None,
) -> list[Problem]:
    fid = str(feature.get("id"))
    props = feature.get("properties") or {}
    problems: list[Problem] = []
    if props.get("id") not in (None, fid):
        problems.append(Problem(file, fid, "id", f"properties.id {props.get('id')!r} differs "
                                "from the feature id"))
    try:
        geom = shapely.from_geojson(json.dumps(feature.get("geometry")))
    except (shapely.errors.GEOSException, ValueError, TypeError) as exc:
        return [*problems, Problem(file, fid, "geometry", f"unreadable geometry: {exc}")]
    if geom is None or geom.is_empty:
        return [*problems, Problem(file, fid, "geometry", "empty geometry")]
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        problems.append(Problem(file, fid, "geometry", f"coordinates out of range "
                                f"(bounds {geom.bounds})"))
    elif not geom.is_valid:
        problems.append(Problem(file, fid, "geometry",
                                f"invalid geometry: {shapely.is_valid_reason(geom)}"))
    elif layer in POINT_LAYERS and geom.geom_type == "Point" and isinstance(props.get("country"),
                                                                           str):
        problems += _country_problems(file, fid, geom, props["country"])
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
    return problems


def _country_problems(file: str, fid: str, point: Any, country: str) -> list[Problem]:
    try:
        polygon = country_polygon(country)
    except KeyError:
        return [Problem(file, fid, "country", f"unknown country code {country!r}")]
    if polygon.contains(point):
        return []
    found = country_of_point(point.x, point.y) or "no country (sea)"
    message = (f"point ({point.x}, {point.y}) is not inside {country}; it falls in {found}")
    if polygon.contains(shapely.Point(point.y, point.x)):
        message += "; the coordinates look swapped: GeoJSON order is [longitude, latitude]"
    return [Problem(file, fid, "geometry", message)]


def _source_problems(file: str, fid: str, props: dict[str, Any], source_ids: frozenset[str],
                     articles: dict[str, str] | None) -> list[Problem]:
    problems = []
    for field in ("evidence", "figures", "claims"):
        for n, item in enumerate(props.get(field) or []):
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
    for n, source in enumerate(props.get("sources") or []):
        if source not in source_ids:
            problems.append(Problem(file, fid, f"sources.{n}", f"unknown source id {source!r}"))
    return problems


def load_articles(sources_path: Path, articles_dir: Path) -> dict[str, str]:
    """Article text keyed by source id, read from `articles_dir`."""
    catalog = json.loads(sources_path.read_text(encoding="utf-8"))
    return {s["id"]: (articles_dir / s["seed_file"]).read_text(encoding="utf-8") for s in catalog}


def validate_paths(
    paths: list[Path], *, sources_path: Path | None = None, articles_dir: Path | None = None,
    today: dt.date | None = None,
) -> int:
    """Validate layer files; return the number of features checked.

    Raises `LayerValidationError` listing every problem of every file.
    """
    problems: list[Problem] = []
    checked = 0
    for path in paths:
        catalog = sources_path or path.parent / "sources.json"
        try:
            collection = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            problems.append(Problem(str(path), "-", "-", "file not found"))
            continue
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(path), "-", "-", f"malformed JSON: {exc}"))
            continue
        articles = load_articles(catalog, articles_dir) if articles_dir else None
        problems += validate_collection(collection, file=str(path),
                                        source_ids=load_source_ids(catalog), today=today,
                                        articles=articles)
        checked += len(collection.get("features") or []) if isinstance(collection, dict) else 0
    if problems:
        raise LayerValidationError(problems)
    return checked
