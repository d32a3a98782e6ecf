"""Paths and data-release constants shared by every module."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = ROOT / "seeds"
LAYERS_DIR = ROOT / "layers"
ENV_LAYERS_DIR = "TDA_LAYERS_DIR"  # the app reads its layers from this folder when set
DOCS_DIR = ROOT / "docs"
SCHEMAS_DIR = Path(__file__).resolve().parent / "data" / "schemas"
ARTICLES_DIR = SEEDS_DIR / "articles"  # the source articles, committed with the seeds

DATA_VERSION = "0.1.0"
DATA_LICENSE = "CC-BY-4.0"
