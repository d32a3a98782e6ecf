"""Shared fixtures: the committed layers, a scratch copy of the seeds, the source articles,
the ingest's gazetteer index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from geo import config
from geo.ingest.gazetteer_index import Index, load_index


def read_layer(name: str, directory: Path = config.LAYERS_DIR) -> dict[str, Any]:
    """A committed layer, parsed."""
    collection: dict[str, Any] = json.loads((directory / f"{name}.geojson").read_text("utf-8"))
    return collection


def features_by_id(name: str, directory: Path = config.LAYERS_DIR) -> dict[str, Any]:
    """Features of a layer keyed by id."""
    return {f["id"]: f for f in read_layer(name, directory)["features"]}


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of seeds/ (with its reference extracts)."""
    target = tmp_path / "seeds"
    shutil.copytree(config.SEEDS_DIR, target)
    return target


@pytest.fixture(scope="session")
def articles() -> dict[str, str]:
    """Article text by source id, from the committed seeds/articles/."""
    catalog = json.loads((config.SEEDS_DIR / "sources.json").read_text(encoding="utf-8"))
    return {s["id"]: (config.ARTICLES_DIR / s["seed_file"]).read_text(encoding="utf-8")
            for s in catalog}


@pytest.fixture(scope="session")
def index() -> Index:
    """The ingest's gazetteer index (built once into .cache/ingest/, then loaded)."""
    return load_index()
