"""Validate GeoJSON layers: schema, geometry, point-in-country, RFC 7946 winding, dates, years,
sources, quotes and claims, and whole layers folders (file set, provenance hashes, source
catalog).

Every problem is collected and reported at once, each naming file, feature id and field; bad
content never raises (`validate_layers_dir` returns the problems). The public entry points
live here; the rules are in `geo.data.checks`, the catalog in `geo.data.catalog`, the folder
reader in `geo.data.folder`, the figure derivations in `geo.data.figures`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from geo.data.catalog import CATALOG_FILE, data_as_of, latest_day, read_articles, read_catalog
from geo.data.checks import LAYER_NAMES
from geo.data.checks.layer import validate_collection
from geo.data.figures import conflicting_figures, figures_agreement, headline_figure
from geo.data.folder import (
    KEPT_FILES,
    PROVENANCE_FILE,
    FolderContents,
    read_layers_dir,
    validate_layers_dir,
)
from geo.errors import DataError, LayerValidationError, Problem
from geo.jsonio import read_json

__all__ = [
    "CATALOG_FILE", "KEPT_FILES", "LAYER_NAMES", "PROVENANCE_FILE", "FolderContents",
    "conflicting_figures", "data_as_of", "figures_agreement", "headline_figure",
    "read_articles", "read_layers_dir", "validate_collection", "validate_layers_dir",
    "validate_paths",
]


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
            as_of=latest_day(catalog) if not catalog_problems else None)
        features = collection.get("features") if isinstance(collection, dict) else None
        checked += len(features) if isinstance(features, list) else 0
    if problems:
        raise LayerValidationError(problems)
    return checked
