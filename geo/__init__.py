"""Tren de Aragua map: cited data layers, route builder, one map engine and its exports.

The small public API: `load_layers` reads a built layers folder, `select` applies a view
(`Filters`: year, mode and filters) and returns a `Selection`. See docs/architecture.md.
"""

from geo.data.selection import Filters, Layers, Selection, load_layers, select

__version__ = "0.2.0"
__all__ = ["Filters", "Layers", "Selection", "__version__", "load_layers", "select"]
