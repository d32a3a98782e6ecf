"""Research data: layers as GeoJSON and GeoPackage, CSV tables, a Frictionless Data Package,
a citation; one module per format.

Every function takes the loaded `Layers` and an optional `Selection`: without one the layers
are exported in full, with one only the selected features (the basemap always in full).
Features are written as the layer files hold them, so every export follows the layer
schemas in ``geo/data/schemas`` (described in ``docs/data-dictionary.md``).
"""

from __future__ import annotations

from geo.export.research.citation import citation_authors, citation_text
from geo.export.research.datapackage import datapackage_files, datapackage_zip
from geo.export.research.geojson import (
    RESEARCH_LAYERS,
    geojson_files,
    layer_features,
    layer_geojson,
)
from geo.export.research.gpkg import GEOPACKAGE_NAME, geopackage_bytes
from geo.export.research.tables import (
    CSV_BOM,
    csv_files,
    events_csv,
    figures_csv,
    neutralise_formula,
    sources_csv,
)

__all__ = ["CSV_BOM", "GEOPACKAGE_NAME", "RESEARCH_LAYERS", "citation_authors",
           "citation_text", "csv_files", "datapackage_files", "datapackage_zip",
           "events_csv", "figures_csv", "geojson_files", "geopackage_bytes", "layer_features",
           "layer_geojson", "neutralise_formula", "sources_csv"]
