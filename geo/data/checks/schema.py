"""The JSON Schema of each layer (``geo/data/schemas``), its errors as named problems."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from geo import config
from geo.errors import Problem


@cache
def validator(layer: str) -> Draft202012Validator:
    """The compiled schema of a layer."""
    schema = json.loads((config.SCHEMAS_DIR / f"{layer}.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema)


def schema_problem(file: str, collection: dict[str, Any], error: Any) -> Problem:
    """One schema error as a problem naming the feature and the property."""
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
