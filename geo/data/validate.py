"""Validate GeoJSON layers: schema, geometry, point-in-country, dates, years, sources, quotes,
and whole layers folders (file set, provenance hashes, source catalog).

Every problem is collected and reported at once, each naming file, feature id and field; bad
content never raises (`validate_layers_dir` returns the problems).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from jsonschema import Draft202012Validator
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo import config, vocab
from geo.data.text import presence_year_text
from geo.dates import parse_partial_date
from geo.errors import DataError, GeometryError, LayerValidationError, OptionError, Problem
from geo.jsonio import parse_json, read_bytes, read_json
from geo.parts import part_band_of

POINT_LAYERS = ("places", "events")
LAYER_NAMES = ("places", "events", "presence", "countries", "basemap", "routes", "spread")
CATALOG_FILE = "sources.json"
PROVENANCE_FILE = "provenance.json"
# Files of a built layers folder: every layer, the catalog and the provenance sidecar.
BUILT_FILES = (*(f"{name}.geojson" for name in sorted(LAYER_NAMES)), CATALOG_FILE,
               PROVENANCE_FILE)
# Hand-written files a layers folder may hold beside them (the build carries them over).
KEPT_FILES = ("LICENSE-DATA.md",)
# The year rule, written once: every year of a layer lies in [YEAR_FLOOR, data as-of year];
# a year before YEAR_FLOOR passes only when one of the feature's quotes states it.
YEAR_FLOOR = 1990
# Year-valued properties per layer (ints, or lists of ints); `claims` items carry a `year`.
YEAR_FIELDS: dict[str, tuple[str, ...]] = {
    "events": ("year", "year_end"),
    "presence": ("first_reported_year", "claim_years"),
    "routes": ("first_year", "last_year"),
    "spread": ("first_year", "last_year"),
    "places": ("visible_from",),
}
# Layers whose years make the timeline: a folder needs at least one feature in them.
TIMELINE_LAYERS = ("events", "presence", "routes")


@cache
def _validator(layer: str) -> Draft202012Validator:
    schema = json.loads((config.SCHEMAS_DIR / f"{layer}.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema)


def load_source_ids(path: Path) -> frozenset[str]:
    """Ids of the source catalog (``sources.json``); raise `DataError` naming the file."""
    catalog, problems = read_catalog(path)
    if problems:
        raise DataError(problems)
    return frozenset(catalog)


def validate_collection(
    collection: Any, *, file: str, source_ids: frozenset[str] | None,
    today: dt.date | None = None, articles: dict[str, str] | None = None,
    as_of: dt.date | None = None, countries: Mapping[str, Any] | None = None,
) -> list[Problem]:
    """Every problem of one parsed layer (empty list when it is valid).

    `source_ids` None skips the source checks (the catalog itself is unreadable). `articles`
    maps source id to article text; when given, each quote must be a verbatim substring of its
    article. `as_of` (the data's as-of date) bounds every year and date from above.
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
    problems = [_schema_problem(file, collection, e) for e in _validator(layer).iter_errors(
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
            problems += _year_problems(feature, layer=layer, file=file, as_of=as_of)
    return sorted(set(problems))


def _schema_problem(file: str, collection: dict[str, Any], error: Any) -> Problem:
    path = list(error.absolute_path)
    fid = "-"
    if len(path) >= 2 and path[0] == "features" and isinstance(path[1], int):
        feature = collection["features"][path[1]]
        fid = str(feature.get("id", f"#{path[1]}")) if isinstance(feature, dict) else f"#{path[1]}"
        path = path[2:]
        if error.validator == "required":  # name the missing property itself
            path += [n for n in error.validator_value if error.message.startswith(f"{n!r} ")][:1]
        if path[:1] == ["properties"] and len(path) > 1:
            path = path[1:]
    field = ".".join(str(p) for p in path) or "-"
    value = json.dumps(error.instance, ensure_ascii=False)
    if len(value) > 80:
        value = value[:77] + "..."
    return Problem(file, fid, field, f"{error.message.split(' is not valid under')[0]} "
                   f"(value {value})" if error.validator != "required" else error.message)


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
            problems += _country_problems(file, fid, geom, props["country"], committed_countries()
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
    problems += _claim_problems(file, fid, layer, geom, props, countries=(
        committed_countries() if countries is None else countries))
    return problems


def winding_problems(file: str, fid: str, geom: BaseGeometry) -> list[Problem]:
    """Rings wound against RFC 7946 §3.1.6 (exteriors counterclockwise, holes clockwise)."""
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        return []
    problems = []
    for m, polygon in enumerate(getattr(geom, "geoms", [geom])):
        where = f"polygon {m} " if geom.geom_type == "MultiPolygon" else ""
        if not shapely.is_ccw(polygon.exterior):
            problems.append(Problem(file, fid, "geometry", f"{where}exterior ring winds "
                                    "clockwise; RFC 7946 wants it counterclockwise"))
        problems += [Problem(file, fid, "geometry", f"{where}hole {n} winds counterclockwise; "
                             "RFC 7946 wants holes clockwise")
                     for n, hole in enumerate(polygon.interiors) if shapely.is_ccw(hole)]
    return problems


def geometry(value: Any) -> BaseGeometry:
    """A GeoJSON geometry object as shapely (built from the coordinates: no JSON round trip)."""
    if not isinstance(value, dict):
        raise GeometryError(f"not a GeoJSON geometry object: {type(value).__name__}")
    kind, coords = value.get("type"), value.get("coordinates")
    if kind == "Polygon" and isinstance(coords, list) and coords:
        return _polygon(coords)
    if kind == "MultiPolygon" and isinstance(coords, list) and coords:
        return shapely.multipolygons([_polygon(part) for part in coords])
    return shape(value)


def _polygon(rings: list[Any]) -> BaseGeometry:
    """A polygon from its rings through numpy (country outlines hold ~100k points)."""
    shell, *holes = (np.asarray(ring, dtype=float) for ring in rings)
    return shapely.polygons(shell, holes=[shapely.linearrings(h) for h in holes] or None)


def country_shapes(collection: Any) -> dict[str, Any]:
    """Polygons of a ``countries`` layer keyed by ISO alpha-3 (unreadable features skipped)."""
    shapes = {}
    for feature in _items(collection.get("features") if isinstance(collection, dict) else None):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(props, dict) and isinstance(props.get("iso_a3"), str):
            try:
                geom = geometry(feature.get("geometry"))
            except (shapely.errors.ShapelyError, ValueError, TypeError, KeyError, IndexError,
                    AttributeError):
                continue
            if geom is not None and not geom.is_empty:
                shapely.prepare(geom)
                shapes[props["iso_a3"]] = geom
    return dict(sorted(shapes.items()))


@cache
def committed_countries() -> dict[str, Any]:
    """`country_shapes` of the committed ``layers/countries.geojson`` (Natural Earth 1:10m)."""
    try:
        return country_shapes(read_json(config.LAYERS_DIR / "countries.geojson"))
    except DataError:
        return {}


def _country_problems(file: str, fid: str, point: Any, country: str,
                      countries: Mapping[str, Any]) -> list[Problem]:
    if not countries:
        return []  # no usable countries layer: reported where it is read
    polygon = countries.get(country)
    if polygon is None:
        return [Problem(file, fid, "country", f"unknown country code {country!r}")]
    if polygon.contains(point):
        return []
    found = next((iso for iso, shape in countries.items() if shape.contains(point)),
                 "no country (sea)")
    message = (f"point ({point.x}, {point.y}) is not inside {country}; it falls in {found}")
    if polygon.contains(shapely.Point(point.y, point.x)):
        message += "; the coordinates look swapped: GeoJSON order is [longitude, latitude]"
    return [Problem(file, fid, "geometry", message)]


def _source_problems(file: str, fid: str, props: dict[str, Any],
                     source_ids: frozenset[str] | None,
                     articles: dict[str, str] | None) -> list[Problem]:
    problems: list[Problem] = []
    if source_ids is None:
        return problems
    for field in ("evidence", "figures", "claims"):
        for n, item in enumerate(_items(props.get(field))):
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
    for n, source in enumerate(_items(props.get("sources"))):
        if source not in source_ids:
            problems.append(Problem(file, fid, f"sources.{n}", f"unknown source id {source!r}"))
    return problems


def load_articles(sources_path: Path, articles_dir: Path) -> dict[str, str]:
    """Article text keyed by source id, read from `articles_dir`; raise `DataError`."""
    catalog, problems = read_catalog(sources_path)
    articles, more = read_articles(catalog, articles_dir)
    if problems or more:
        raise DataError(problems + more)
    return articles


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
        try:
            collection = read_json(path)
        except DataError as exc:
            problems += exc.problems
            continue
        catalog, catalog_problems = read_catalog(sources_path or path.parent / CATALOG_FILE)
        problems += catalog_problems
        articles = None
        if articles_dir and not catalog_problems:
            articles, more = read_articles(catalog, articles_dir)
            problems += more
        problems += validate_collection(
            collection, file=str(path), today=today, articles=articles,
            source_ids=None if catalog_problems else frozenset(catalog),
            as_of=data_as_of(catalog) if not catalog_problems else None)
        features = collection.get("features") if isinstance(collection, dict) else None
        checked += len(features) if isinstance(features, list) else 0
    if problems:
        raise LayerValidationError(problems)
    return checked


# -- helpers of the rules ----------------------------------------------------------------------
def _kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", type(None): "null",
            bool: "a boolean"}.get(type(value), "a number")


def _items(value: Any) -> list[Any]:
    """A list property as a list; anything else (a string, null) as no items.

    The schema reports the wrong type once; iterating a string would report every character.
    """
    return value if isinstance(value, list) else []


def _quotes(props: dict[str, Any]) -> Iterator[str]:
    for field in ("evidence", "figures", "claims"):
        for item in _items(props.get(field)):
            if isinstance(item, dict) and isinstance(item.get("quote"), str):
                yield item["quote"]


def _year_problems(feature: dict[str, Any], *, layer: str, file: str,
                   as_of: dt.date | None) -> list[Problem]:
    """Every year of a feature within [YEAR_FLOOR, as-of year] (see YEAR_FIELDS)."""
    fid = str(feature.get("id"))
    props: dict[str, Any] = feature["properties"]
    years: list[tuple[str, Any]] = []
    for field in YEAR_FIELDS.get(layer, ()):
        value = props.get(field)
        if isinstance(value, list):
            years += [(f"{field}.{n}", v) for n, v in enumerate(value)]
        else:
            years.append((field, value))
    years += [(f"claims.{n}.year", c.get("year")) for n, c in enumerate(_items(props.get(
        "claims"))) if isinstance(c, dict)]
    quoted = " ".join(_quotes(props))
    problems = []
    for field, year in years:
        if not isinstance(year, int) or isinstance(year, bool):
            continue  # null is allowed where the schema allows it; wrong types are schema errors
        if as_of is not None and year > as_of.year:
            problems.append(Problem(file, fid, field, f"year {year} is after the data's as-of "
                                    f"date {as_of.isoformat()}"))
        elif year < YEAR_FLOOR and str(year) not in quoted:
            problems.append(Problem(file, fid, field, f"year {year} is before {YEAR_FLOOR} and "
                                    "no quote of the feature states it"))
    for field in ("date", "date_end"):
        day = _date_of(props, field)
        if as_of is not None and day is not None and day > as_of:
            problems.append(Problem(file, fid, field, f"date {props[field]!r} is after the "
                                    f"data's as-of date {as_of.isoformat()}"))
    return problems


def _date_of(props: dict[str, Any], field: str) -> dt.date | None:
    value, precision = props.get(field), props.get("date_precision")
    if not (isinstance(value, str) and isinstance(precision, str)):
        return None
    try:
        return parse_partial_date(value, precision=precision)
    except ValueError:
        return None


# -- the source catalog and the articles --------------------------------------------------------
def read_catalog(path: Path) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """The source catalog keyed by id, and every problem of it (never raises)."""
    try:
        rows = read_json(path)
    except DataError as exc:
        return {}, exc.problems
    return _catalog_rows(rows, file=str(path))


def _catalog_rows(rows: Any, *, file: str) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    if not isinstance(rows, list):
        return {}, [Problem(file, "-", "-", f"expected an array of sources, not {_kind(rows)}")]
    catalog: dict[str, dict[str, Any]] = {}
    problems = []
    for n, row in enumerate(rows):
        if not isinstance(row, dict):
            problems.append(Problem(file, f"#{n}", "-", f"a source must be an object, not "
                                    f"{_kind(row)}"))
            continue
        sid = row.get("id")
        if not isinstance(sid, str) or not sid:
            problems.append(Problem(file, f"#{n}", "id", "a source needs a non-empty string id"))
            continue
        if sid in catalog:
            problems.append(Problem(file, sid, "id", "duplicate source id"))
        if _published(row) is None:
            problems.append(Problem(file, sid, "published", "published must be a date "
                                    f"YYYY, YYYY-MM or YYYY-MM-DD, not {row.get('published')!r}"))
        catalog[sid] = row
    return catalog, problems


def _iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _published(source: dict[str, Any]) -> dt.date | None:
    value = source.get("published")
    if not isinstance(value, str):
        return None
    precision = {4: "year", 7: "month"}.get(len(value), "day")
    try:
        return parse_partial_date(value, precision=precision)
    except ValueError:
        return None


def data_as_of(catalog: dict[str, dict[str, Any]]) -> dt.date | None:
    """The data's as-of date: the latest publication date of the catalog."""
    return max((d for s in catalog.values() if (d := _published(s)) is not None), default=None)


def read_articles(catalog: dict[str, dict[str, Any]],
                  articles_dir: Path) -> tuple[dict[str, str], list[Problem]]:
    """Article text by source id from `articles_dir`, each checked against its recorded
    ``sha256``, and every problem (a missing folder or file, a changed text); never raises."""
    articles: dict[str, str] = {}
    problems = []
    if not articles_dir.is_dir():
        return {}, [Problem(str(articles_dir), "-", "-", "articles folder not found: no quote "
                            "can be checked")]
    for sid, source in sorted(catalog.items()):
        name = source.get("seed_file")
        if not isinstance(name, str) or not name or Path(name).name != name:
            problems.append(Problem(CATALOG_FILE, sid, "seed_file", f"not a file name: {name!r}"))
            continue
        try:
            data = read_bytes(articles_dir / name)
        except DataError as exc:
            problems += exc.problems
            continue
        digest = source.get("sha256")
        if not isinstance(digest, str):
            problems.append(Problem(CATALOG_FILE, sid, "sha256", "no recorded SHA-256 of the "
                                    f"article {name!r}"))
        elif hashlib.sha256(data).hexdigest() != digest:
            problems.append(Problem(str(articles_dir / name), sid, "sha256", "the article's "
                                    f"SHA-256 is {hashlib.sha256(data).hexdigest()}, not the "
                                    f"recorded {digest}: the text changed since it was quoted"))
        try:
            articles[sid] = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(str(articles_dir / name), sid, "-", f"not UTF-8 text: {exc}"))
    return articles, problems


# -- whole folders ------------------------------------------------------------------------------
@dataclass(frozen=True)
class FolderContents:
    """What one read of a layers folder found: parsed files and every problem."""

    collections: dict[str, Any]
    catalog: dict[str, dict[str, Any]]
    problems: list[Problem]


def validate_layers_dir(directory: Path, *, articles_dir: Path | None = None,
                        today: dt.date | None = None) -> list[Problem]:
    """Every problem of a layers folder (empty when it is valid); never raises for bad content.

    Checks the file set (missing, extra, leftover temporaries), that each file reads as strict
    JSON, the source catalog, each layer's schema and rules, years bounded by the data's as-of
    date, the provenance hashes, and that the timeline has at least one dated feature.
    `articles_dir`, when given, checks every quote verbatim against its article.
    """
    return read_layers_dir(directory, articles_dir=articles_dir, today=today).problems


def read_layers_dir(directory: Path, *, articles_dir: Path | None = None,
                    today: dt.date | None = None) -> FolderContents:
    """Read and validate a layers folder in one pass (the same bytes are hashed and parsed).

    Files are opened relative to one handle on the folder, so a folder swapped in by the
    build while it is read is read whole from one version.
    """
    where = str(directory)
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return FolderContents({}, {}, [Problem(where, "-", "-", "layers folder not found")])
    except NotADirectoryError:
        return FolderContents({}, {}, [Problem(where, "-", "-", "is a file, not a layers "
                                               "folder")])
    except OSError as exc:
        return FolderContents({}, {}, [Problem(where, "-", "-", f"cannot open: {exc.strerror}")])
    try:
        return _read_folder(directory, fd, articles_dir=articles_dir, today=today)
    finally:
        os.close(fd)


# Verdicts of layers already validated, keyed by the file's bytes and everything else the rules
# read (catalog, as-of date, today, articles, countries layer): the same input gives the same
# verdict, so reading an unchanged folder again (every app session, every export) is cheap.
_VERDICTS: dict[tuple[Any, ...], tuple[Problem, ...]] = {}
_MAX_VERDICTS = 64


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _read_folder(directory: Path, fd: int, *, articles_dir: Path | None,
                 today: dt.date | None) -> FolderContents:
    problems: list[Problem] = []
    names = set(os.listdir(fd))
    if not any(name.endswith(".geojson") for name in names):
        return FolderContents({}, {}, [Problem(str(directory), "-", "-", "not a layers folder: "
                                               f"it holds none of {', '.join(BUILT_FILES)}")])
    for name in sorted(names - set(BUILT_FILES) - set(KEPT_FILES)):
        what = ("a temporary file an interrupted build left; run 'python -m geo build'"
                if name.startswith(".") else "unexpected file in a layers folder")
        problems.append(Problem(str(directory / name), "-", "-", what))
    raw: dict[str, bytes] = {}
    for name in BUILT_FILES:
        try:
            raw[name] = read_bytes(Path(name), dir_fd=fd)
        except DataError as exc:
            message = exc.problems[0].message if exc.problems else "unreadable"
            if message == "file not found":
                message = ("layer file not found" if name.endswith(".geojson") else message) + (
                    "; run 'python -m geo build' or point to a folder of built layers")
            problems.append(Problem(str(directory / name), "-", "-", message))

    def parsed(name: str) -> Any:
        if name not in raw:
            return None
        try:
            return parse_json(raw[name], file=str(directory / name))
        except DataError as exc:
            problems.extend(exc.problems)
            raw.pop(name)
            return None

    catalog: dict[str, dict[str, Any]] = {}
    catalog_ok = False
    rows = parsed(CATALOG_FILE)
    if CATALOG_FILE in raw:
        catalog, more = _catalog_rows(rows, file=str(directory / CATALOG_FILE))
        catalog_ok = not more
        problems += more
    provenance = parsed(PROVENANCE_FILE)
    as_of = data_as_of(catalog) if catalog_ok else None
    if PROVENANCE_FILE in raw:  # still there: it parsed
        recorded, more = _provenance_problems(provenance, raw, file=str(directory /
                                                                         PROVENANCE_FILE))
        problems += more
        as_of = recorded or as_of
    articles = None
    if articles_dir is not None and catalog_ok:
        articles, more = read_articles(catalog, articles_dir)
        problems += more
    collections: dict[str, Any] = {}
    countries: dict[str, Any] | None = None
    context = (_digest(raw.get(CATALOG_FILE)) if catalog_ok else None, as_of,
               today or dt.date.today(),
               None if articles is None else _digest(json.dumps(articles, sort_keys=True).encode()),
               _digest(raw.get("countries.geojson")))
    for layer in sorted(LAYER_NAMES, key=lambda n: n != "countries"):  # countries first
        name = f"{layer}.geojson"
        collection = parsed(name)
        if name not in raw:
            continue
        file = str(directory / name)
        if isinstance(collection, dict) and collection.get("name") not in (None, layer):
            problems.append(Problem(file, "-", "name", f"layer name {collection.get('name')!r} "
                                    f"does not match the file name {name!r}"))
            continue
        collections[layer] = collection
        key = (file, layer, _digest(raw[name]), *context)
        if key not in _VERDICTS:
            if countries is None:
                countries = country_shapes(collections.get("countries"))
            if len(_VERDICTS) >= _MAX_VERDICTS:
                _VERDICTS.clear()
            _VERDICTS[key] = tuple(validate_collection(
                collection, file=file, today=today, articles=articles, as_of=as_of,
                source_ids=frozenset(catalog) if catalog_ok else None,
                countries=countries if layer != "countries" else {}))
        problems += _VERDICTS[key]
    features = [f for layer in TIMELINE_LAYERS if isinstance(collections.get(layer), dict)
                and isinstance(f := collections[layer].get("features"), list) and f]
    if all(f"{layer}.geojson" in raw for layer in TIMELINE_LAYERS) and not features:
        problems.append(Problem(str(directory), "-", "-", "no feature in events, presence or "
                                "routes: the timeline has no year to show"))
    return FolderContents(collections, catalog, sorted(set(problems)))


def _provenance_problems(provenance: Any, raw: dict[str, bytes],
                         *, file: str) -> tuple[dt.date | None, list[Problem]]:
    """The recorded as-of date, and every mismatch between provenance.json and the files."""
    entries = provenance.get("layers") if isinstance(provenance, dict) else None
    if not isinstance(entries, dict):
        return None, [Problem(file, "-", "layers", "provenance must be an object with a "
                              "'layers' object")]
    problems = []
    as_of = _iso_date(provenance["data_as_of"]) if isinstance(provenance.get("data_as_of"),
                                                              str) else None
    if as_of is None:
        problems.append(Problem(file, "-", "data_as_of", "data_as_of must be a date YYYY-MM-DD, "
                                f"not {provenance.get('data_as_of')!r}"))
    for layer in sorted(LAYER_NAMES):
        name = f"{layer}.geojson"
        entry = entries.get(name)
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):
            problems.append(Problem(file, name, "sha256", "no recorded hash for this layer"))
        elif name in raw and hashlib.sha256(raw[name]).hexdigest() != entry["sha256"]:
            problems.append(Problem(file, name, "sha256", "the file's SHA-256 differs from the "
                                    "recorded one: the folder mixes two builds or was edited; "
                                    "rebuild it with 'python -m geo build'"))
    return as_of, problems

# ---------------------------------------------------------------------------------------
# Claim rules (data helper): figures agreement, certainty of hedged claims, inferred flags
# with notes, declared regions, headline figures, presence kinds, place visibility.
# Called from `_claim_problems`, which `_feature_problems` runs for every feature.
# ---------------------------------------------------------------------------------------

_QUALIFIER_ORDER = ("exact", "about", "at_least", "more_than")
_INFERRED_NOTES = {"date_inferred": "date_note", "years_inferred": "years_note",
                   "year_inferred": "year_note", "order_inferred": "order_note"}


def _interval(figure: dict[str, Any]) -> tuple[float, bool, float]:
    """(low, low_is_open, high) of the values a figure allows ('about' as its value)."""
    value = float(figure["value"])
    qualifier = figure.get("qualifier")
    if qualifier == "at_least":
        return (value, False, float("inf"))
    if qualifier == "more_than":
        return (value, True, float("inf"))
    return (value, False, value)


def _compatible(figures: list[dict[str, Any]]) -> bool:
    """True when one value satisfies every figure (a bound and a value that meets it)."""
    spans = [_interval(f) for f in figures]
    low = max(spans, key=lambda s: (s[0], s[1]))
    high = min(s[2] for s in spans)
    return low[0] < high or (low[0] == high and not low[1])


def conflicting_figures(figures: list[dict[str, Any]]) -> list[str]:
    """Sorted names of figures whose sources give values no single number satisfies."""
    by_name: dict[str, list[dict[str, Any]]] = {}
    for figure in figures:
        by_name.setdefault(str(figure["figure"]), []).append(figure)
    return sorted(name for name, group in by_name.items() if not _compatible(group))


def figures_agreement(figures: list[dict[str, Any]]) -> str | None:
    """``single`` (one source per figure), ``compatible``, ``conflicting``, or None."""
    if not figures:
        return None
    if conflicting_figures(figures):
        return "conflicting"
    sources: dict[str, set[str]] = {}
    for figure in figures:
        sources.setdefault(str(figure["figure"]), set()).add(str(figure["source"]))
    return "compatible" if any(len(s) > 1 for s in sources.values()) else "single"


def headline_figure(kind: str, figures: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The figure that sizes an event's marker: of the kind's headline figure (never officers
    involved), the smallest any source gives, so the marker never says more than a source."""
    name = vocab.HEADLINE_FIGURE_BY_KIND.get(kind)
    candidates = [f for f in figures if f["figure"] == name]
    if not candidates:
        return None
    return min(candidates, key=lambda f: (float(f["value"]), _QUALIFIER_ORDER.index(
        f["qualifier"]) if f["qualifier"] in _QUALIFIER_ORDER else 9, str(f["source"])))


def _hedge_problems(file: str, fid: str, props: dict[str, Any]) -> list[Problem]:
    if "certainty" not in props:
        return []
    if props["certainty"] == "suspected" and not props.get("certainty_note"):
        return [Problem(file, fid, "certainty_note", "a suspected claim needs a note saying "
                        "what the article hedges")]
    if props["certainty"] != "reported" or props.get("certainty_note"):
        return []
    if "groups" in props and not props["groups"]:
        return []
    for quote in _quotes(props):
        hedge = next((m for m in vocab.HEDGE_MARKERS if m in f" {quote} "), None)
        if hedge:
            return [Problem(file, fid, "certainty", f"'reported', but its evidence hedges the "
                            f"claim ({hedge.strip()!r}): make it 'suspected' or say in "
                            "certainty_note why the hedge does not touch it")]
    return []


def _inferred_problems(file: str, fid: str, props: dict[str, Any]) -> list[Problem]:
    problems = []
    records = [("", props)] + [(f"claims.{n}.", c) for n, c in enumerate(props.get("claims") or [])
                               if isinstance(c, dict)]
    for prefix, record in records:
        for flag, note in _INFERRED_NOTES.items():
            if record.get(flag) is True and not record.get(note):
                problems.append(Problem(file, fid, f"{prefix}{note}",
                                        f"{flag} is true but {note} is empty"))
    return problems


def _region_problems(file: str, fid: str, point: Any, props: dict[str, Any],
                     countries: Mapping[str, Any]) -> list[Problem]:
    """A place's declared region (the article's words) must contain its point."""
    region = props.get("region")
    if not isinstance(region, dict) or not isinstance(props.get("country"), str):
        return []
    problems = []
    if "part" in region:
        try:
            south, north = part_band_of(countries[props["country"]], str(region["part"]))
        except (KeyError, OptionError) as exc:
            return [Problem(file, fid, "region.part", f"no band for {exc}")]
        if not south <= point.y <= north:
            problems.append(Problem(file, fid, "geometry", f"latitude {point.y} is outside "
                                    f"{region['name']!r} ({region['part']} of "
                                    f"{props['country']}: {south:.2f} to {north:.2f})"))
    if "admin1" in region and props.get("admin1") != region["admin1"]:
        problems.append(Problem(file, fid, "admin1", f"gazetteer admin1 {props.get('admin1')!r}"
                                f" is not {region['admin1']!r}, the code of {region['name']!r}"))
    if "ubigeo_prefix" in region and not str(props.get("ubigeo") or "").startswith(
            str(region["ubigeo_prefix"])):
        problems.append(Problem(file, fid, "ubigeo", f"ubigeo {props.get('ubigeo')!r} is not in "
                                f"{region['name']!r} (ubigeo {region['ubigeo_prefix']}...)"))
    return problems


def _event_rule_problems(file: str, fid: str, props: dict[str, Any]) -> list[Problem]:
    figures = [f for f in props.get("figures") or [] if isinstance(f, dict)
               and isinstance(f.get("value"), int | float)]
    problems = []
    if "figures_agreement" in props and props["figures_agreement"] != figures_agreement(figures):
        problems.append(Problem(file, fid, "figures_agreement", f"{props['figures_agreement']!r}"
                                f" but the figures are {figures_agreement(figures)!r}"))
    if "figures_disagree" in props and props["figures_disagree"] != conflicting_figures(figures):
        conflicting = conflicting_figures(figures)
        problems.append(Problem(file, fid, "figures_disagree", f"{props['figures_disagree']!r} "
                                f"but the conflicting figures are {conflicting!r}"))
    if "headline_figure" in props and isinstance(props.get("kind"), str):
        expected = headline_figure(props["kind"], figures)
        if props["headline_figure"] != expected:
            problems.append(Problem(file, fid, "headline_figure", "not the smallest figure of "
                                    f"kind {vocab.HEADLINE_FIGURE_BY_KIND.get(props['kind'])!r}"
                                    " (officers involved never size a marker)"))
    if props.get("gap_note") is not None and not str(props["gap_note"]).strip():
        problems.append(Problem(file, fid, "gap_note", "empty gap note"))
    return problems


def _presence_rule_problems(file: str, fid: str, props: dict[str, Any]) -> list[Problem]:
    problems = []
    qualifier, span = props.get("year_qualifier"), props.get("year_range")
    if qualifier == "range" and not (isinstance(span, list) and len(span) == 2
                                     and span[0] == props.get("first_year") <= span[1]):
        problems.append(Problem(file, fid, "year_range", f"a range needs [first_year, hi], got "
                                f"{span!r}"))
    if qualifier not in (None, "range") and span is not None:
        problems.append(Problem(file, fid, "year_range", f"only a range has a year_range, got "
                                f"{span!r} for {qualifier!r}"))
    claims = [c for c in props.get("claims") or [] if isinstance(c, dict)]
    if "presence_kind" in props and claims:
        kinds = {c.get("presence_kind") for c in claims}
        expected = "first_reported" if "first_reported" in kinds else "reported_present_by"
        if props["presence_kind"] != expected:
            problems.append(Problem(file, fid, "presence_kind", f"{props['presence_kind']!r} but "
                                    f"its claims make it {expected!r}"))
    return problems


# Words that carry an article's hedge into a title (a suspected record's title needs one).
TITLE_HEDGES = ("suspected", "alleged", "believed", "affiliated", " may ", "possibly",
                "most likely", "told", "said to", "account")
# What dates a presence: a year, a month, or "... years ago" (never "has now", "is present").
_DATES_PRESENCE = re.compile(
    r"\b(1[89]|20)\d{2}\b|\byears ago\b|\b(January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\b")
# The opening a presence record's rendered year line must have, by presence kind.
_YEAR_LINE_OPENINGS = {"reported_present_by": ("Reported present by",),
                       "first_reported": ("First reported", "Origin")}


def _title_hedge_problems(file: str, fid: str, layer: str,
                          props: dict[str, Any]) -> list[Problem]:
    """A suspected event or corridor says so in its title (or name), not only in a note."""
    field = {"events": "title", "routes": "name"}.get(layer)
    if field is None or props.get("certainty") != "suspected":
        return []
    title = f" {str(props.get(field) or '').lower()} "
    if any(hedge in title for hedge in TITLE_HEDGES):
        return []
    return [Problem(file, fid, field, f"a suspected record's {field} must carry the article's "
                    f"hedge (one of {', '.join(h.strip() for h in TITLE_HEDGES)}): "
                    f"{props.get(field)!r}")]


def _presence_text_problems(file: str, fid: str, props: dict[str, Any]) -> list[Problem]:
    """First-report claims are dated by their quotes; the year line every view renders
    matches the record's kind; a range is an origin (its quotes speak of it)."""
    problems = []
    for n, claim in enumerate(_items(props.get("claims"))):
        if (isinstance(claim, dict) and claim.get("presence_kind") == "first_reported"
                and not _DATES_PRESENCE.search(str(claim.get("quote") or ""))):
            problems.append(Problem(file, fid, f"claims.{n}.quote", "a first_reported claim's "
                                    "quote must date the presence (a year, a month, 'years "
                                    "ago'); one that only says the gang is there is "
                                    "reported_present_by"))
    kind = props.get("presence_kind")
    if kind in _YEAR_LINE_OPENINGS and isinstance(props.get("first_year"), int):
        line = presence_year_text(props)
        if not line.startswith(_YEAR_LINE_OPENINGS[str(kind)]):
            problems.append(Problem(file, fid, "presence_kind", f"{kind!r} but every view "
                                    f"would render {line!r}"))
    if props.get("year_qualifier") == "range" and not any(
            "origin" in quote.lower() for quote in _quotes(props)):
        problems.append(Problem(file, fid, "year_qualifier", "a range is shown as the origin "
                                "('Origin: lo–hi'): no quote of the record speaks of its "
                                "origin"))
    return problems


def _claim_problems(file: str, fid: str, layer: str, geom: Any, props: dict[str, Any], *,
                    countries: Mapping[str, Any]) -> list[Problem]:
    """Every claim rule of one feature."""
    problems = _hedge_problems(file, fid, props) + _inferred_problems(file, fid, props)
    problems += _title_hedge_problems(file, fid, layer, props)
    if layer == "places" and geom.geom_type == "Point":
        problems += _region_problems(file, fid, geom, props, countries)
        year = props.get("visible_from")
        if year is not None and not isinstance(year, int):
            problems.append(Problem(file, fid, "visible_from", f"{year!r} is not a year"))
        elif year is not None and "visible_from_note" in props and not str(
                props.get("visible_from_note") or "").strip():
            problems.append(Problem(file, fid, "visible_from_note", "visible_from needs a note: "
                                    "the dated record that uses the place, or the words that "
                                    "date it"))
    if layer == "events":
        problems += _event_rule_problems(file, fid, props)
    if layer == "presence":
        problems += _presence_rule_problems(file, fid, props)
    if layer in ("presence", "spread"):
        problems += _presence_text_problems(file, fid, props)
    return problems
