"""The typed properties of `geo.data.properties` match the layer schemas key for key."""

from __future__ import annotations

import json
import typing
from typing import Any

import pytest

from geo import config, vocab
from geo.data import properties

SCHEMAS = config.ROOT / "geo" / "data" / "schemas"


def _feature_properties(layer: str) -> dict[str, Any]:
    schema = json.loads((SCHEMAS / f"{layer}.schema.json").read_text(encoding="utf-8"))
    props: dict[str, Any] = schema["properties"]["features"]["items"]["properties"][
        "properties"]["properties"]
    return props


def test_every_data_layer_has_a_typed_dict() -> None:
    assert sorted(properties.PROPERTIES) == sorted(vocab.LAYERS)


@pytest.mark.parametrize("layer", sorted(properties.PROPERTIES))
def test_typed_keys_are_the_schema_properties(layer: str) -> None:
    typed = properties.PROPERTIES[layer]
    assert sorted(typing.get_type_hints(typed)) == sorted(_feature_properties(layer))
    assert typed.__required_keys__ == frozenset(_feature_properties(layer))  # type: ignore[attr-defined]


@pytest.mark.parametrize(("field", "typed"), [("evidence", properties.Evidence),
                                              ("figures", properties.Figure)])
def test_evidence_and_figure_items(field: str, typed: type) -> None:
    items = _feature_properties("events")[field]["items"]["properties"]
    assert sorted(typing.get_type_hints(typed)) == sorted(items)


def test_a_schema_type_maps_to_its_python_type() -> None:
    hints = typing.get_type_hints(properties.EventProperties)
    assert (hints["year"], hints["date_inferred"], hints["sources"]) == (int, bool, list[str])
    assert hints["date_end"] == str | None
