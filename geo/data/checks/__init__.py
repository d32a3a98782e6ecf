"""The validation rules of one layer, by concern: `schema`, `geometry`, `years`, `claims`
(`layer.validate_collection` runs them all). Shared here: the layer names and two helpers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

LAYER_NAMES = ("places", "events", "presence", "countries", "basemap", "routes", "spread")
POINT_LAYERS = ("places", "events")


def items(value: Any) -> list[Any]:
    """A list property as a list; anything else (a string, null) as no items.

    The schema reports the wrong type once; iterating a string would report every character.
    """
    return value if isinstance(value, list) else []


def quotes(props: dict[str, Any]) -> Iterator[str]:
    """Every quote of a feature (evidence, figures, claims)."""
    for field in ("evidence", "figures", "claims"):
        for item in items(props.get(field)):
            if isinstance(item, dict) and isinstance(item.get("quote"), str):
                yield item["quote"]
