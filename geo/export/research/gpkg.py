"""GeoPackage: every layer plus a ``sources`` table, in one file."""

from __future__ import annotations

import json
import tempfile
import threading
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
from shapely.geometry import shape

from geo.data.credits import data_as_of
from geo.data.selection import Feature, Layers, Selection
from geo.export.research.geojson import GEOMETRY_TYPES, RESEARCH_LAYERS, layer_features
from geo.export.research.schema import json_type, layer_schema, property_schemas
from geo.export.research.tables import SOURCE_COLUMNS, sources_rows

GEOPACKAGE_NAME = "tda-map.gpkg"
_GPKG_LOCK = threading.Lock()  # GDAL config options are process-wide


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
    specs = property_schemas(name)
    keys = sorted(({k for f in features for k in f["properties"]} | set(specs)) - {"id"})
    columns = {"id": _column([f["id"] for f in features], "string")}
    for key in keys:
        kind = json_type(specs[key]) if key in specs else "string"
        columns[key] = _column([f["properties"].get(key) for f in features], kind)
    geometry = gpd.GeoSeries([shape(f["geometry"]) for f in features], crs="EPSG:4326")
    return gpd.GeoDataFrame(columns, geometry=geometry, crs="EPSG:4326")


def _sources_frame(layers: Layers, selection: Selection | None) -> pd.DataFrame:
    rows = sources_rows(layers, selection)
    return pd.DataFrame({key: pd.Series([r[key] for r in rows], dtype=object)
                         for key in SOURCE_COLUMNS})


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
                    geometry_type=GEOMETRY_TYPES[name],
                    promote_to_multi=GEOMETRY_TYPES[name].startswith("Multi"),
                    layer_options={"DESCRIPTION": layer_schema(name).get("description", ""),
                                   "IDENTIFIER": layer_schema(name).get("title", name)})
            pyogrio.write_dataframe(_sources_frame(layers, selection), path, layer="sources",
                                    driver="GPKG", layer_options={
                                        "DESCRIPTION": "The news articles every record cites."})
        finally:
            pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})
        return path.read_bytes()
