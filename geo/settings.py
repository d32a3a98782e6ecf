"""Paths, vocabularies and output conventions shared by every module."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = ROOT / "seeds"
LAYERS_DIR = ROOT / "layers"
ENV_LAYERS_DIR = "TDA_LAYERS_DIR"  # the app reads its layers from this folder when set
DOCS_DIR = ROOT / "docs"
SCHEMAS_DIR = Path(__file__).resolve().parent / "schemas"
ARTICLES_DIR = ROOT.parent / "shared" / "seeds"

DATA_VERSION = "0.1.0"
DATA_LICENSE = "CC-BY-4.0"

GEO_PRECISIONS = ("site", "district", "city", "region", "country")
DATE_PRECISIONS = ("day", "month", "year")
PLACE_KINDS = (
    "base", "prison", "border_crossing", "city", "district", "region", "country",
    "detention_facility",
)
EVENT_KINDS = (
    "arrest", "rescue", "murder", "kidnapping", "prison_escape", "escape_plot",
    "prison_transfer", "deportation", "designation", "dismantling", "report", "statistic",
)
GROUPS = ("tren-de-aragua", "gallegos", "hijos-de-dios")
FIGURE_QUALIFIERS = ("exact", "about", "at_least", "more_than")
CORRIDOR_KINDS = (
    "migrant_smuggling", "human_trafficking", "drug_transport", "money_flow", "weapons_flow",
    "prison_transfer", "deportation",
)

# Decimal places written to layers: 1e-5 degrees is about 1 m, 1e-4 about 11 m.
POINT_DECIMALS = 5
POLYGON_DECIMALS = 4
# Display polygons (presence, basemap) are simplified by this tolerance in degrees.
DISPLAY_SIMPLIFY_DEG = 0.02
DISPLAY_DECIMALS = 3
