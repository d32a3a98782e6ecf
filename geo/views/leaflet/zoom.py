"""The map's zoom range and step, without folium (the app checks link zoom levels with it)."""

from __future__ import annotations

MIN_ZOOM, MAX_ZOOM = 2, 13
ZOOM_SNAP = 0.25
