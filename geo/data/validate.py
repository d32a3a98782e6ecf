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

from geo import config, vocab
from geo.countries import country_of_point, country_polygon, part_band
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
    problems += _claim_problems(file, fid, layer, geom, props)
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


def _quotes(props: dict[str, Any]) -> list[str]:
    return [str(item.get("quote", "")) for name in ("evidence", "figures", "claims")
            for item in props.get(name) or [] if isinstance(item, dict)]


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


def _region_problems(file: str, fid: str, point: Any, props: dict[str, Any]) -> list[Problem]:
    """A place's declared region (the article's words) must contain its point."""
    region = props.get("region")
    if not isinstance(region, dict) or not isinstance(props.get("country"), str):
        return []
    problems = []
    if "part" in region:
        try:
            south, north = part_band(props["country"], str(region["part"]))
        except KeyError as exc:
            return [Problem(file, fid, "region.part", str(exc))]
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


def _claim_problems(file: str, fid: str, layer: str, geom: Any,
                    props: dict[str, Any]) -> list[Problem]:
    """Every claim rule of one feature."""
    problems = _hedge_problems(file, fid, props) + _inferred_problems(file, fid, props)
    if layer == "places" and geom.geom_type == "Point":
        problems += _region_problems(file, fid, geom, props)
        year = props.get("visible_from")
        if year is not None and not isinstance(year, int):
            problems.append(Problem(file, fid, "visible_from", f"{year!r} is not a year"))
    if layer == "events":
        problems += _event_rule_problems(file, fid, props)
    if layer == "presence":
        problems += _presence_rule_problems(file, fid, props)
    return problems
