"""The layer schemas (``geo/data/schemas``) as Table Schema fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geo import config
from geo.export.research.geojson import GEOMETRY_TYPES
from geo.jsonio import read_json


def layer_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = read_json(config.SCHEMAS_DIR / f"{name}.schema.json")
    return schema


def property_schemas(name: str) -> dict[str, dict[str, Any]]:
    """JSON Schema of the feature id and of every property of a layer, by field name."""
    feature = layer_schema(name)["properties"]["features"]["items"]["properties"]
    fields = {"id": feature["id"]}
    fields.update(feature["properties"]["properties"])
    return fields


def _types(spec: Mapping[str, Any]) -> list[str]:
    kinds = spec.get("type", "string")
    return [kinds] if isinstance(kinds, str) else [str(k) for k in kinds]


def json_type(spec: Mapping[str, Any]) -> str:
    real = [k for k in _types(spec) if k != "null"]
    return real[0] if real else "null"


TABLE_TYPES = {"string": "string", "integer": "integer", "number": "number",
                "boolean": "boolean", "array": "array", "object": "object", "null": "any"}


def table_field(name: str, spec: Mapping[str, Any]) -> dict[str, Any]:
    """Table Schema field from a JSON Schema property."""
    field: dict[str, Any] = {"name": name, "type": TABLE_TYPES[json_type(spec)],
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
    specs = property_schemas(name)
    fields = [table_field("id", specs["id"])]
    fields += [table_field(key, specs[key]) for key in sorted(specs) if key != "id"]
    fields.append({"name": "geometry", "type": "geojson",
                   "description": f"{GEOMETRY_TYPES[name]} in WGS84 [longitude, latitude]."})
    return fields
