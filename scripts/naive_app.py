"""The naive baseline (issue 9): the Streamlit map app a Python user writes first.

On every rerun it rebuilds a `folium.Map` with every feature up to the slider year (country
presence, corridors, events as circle markers with popups) and shows it with `st_folium`.
Only change from the first draft: folium's default CDN assets point at the local copy of
Leaflet (``/app/static/vendor``, from ``python -m geo assets``), so the benchmark makes no
off-host request. Streamlit serves the ``static/`` folder next to the script: the benchmark
runs a copy of this file beside a link to the project's ``static/``.

Not part of the package: `scripts/benchmark_app.py` measures it beside the app.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from typing import Any

import folium
import streamlit as st
from streamlit_folium import st_folium

LAYERS = Path(os.environ.get("TDA_LAYERS_DIR") or Path(__file__).resolve().parents[1] / "layers")
VENDOR = "/app/static/vendor/leaflet"
# folium's defaults load Leaflet, jQuery, Bootstrap and Font Awesome from CDNs; a circle
# marker map needs Leaflet only, served locally.
folium.Map.default_js = [("leaflet", f"{VENDOR}/leaflet.js")]
folium.Map.default_css = [("leaflet_css", f"{VENDOR}/leaflet.css")]


@st.cache_data
def load(name: str) -> list[dict[str, Any]]:
    """Features of one layer file."""
    features: list[dict[str, Any]] = json.loads(
        (LAYERS / f"{name}.geojson").read_text(encoding="utf-8"))["features"]
    return features


events, routes, presence = load("events"), load("routes"), load("presence")
years = [int(f["properties"]["year"]) for f in events]
year = st.slider("Year", min(years), max(years), max(years), key="year")

m = folium.Map(location=[-10, -65], zoom_start=3, tiles=None, prefer_canvas=True)
folium.GeoJson({"type": "FeatureCollection", "features": [
    f for f in presence if int(f["properties"]["first_reported_year"]) <= year]},
    style_function=lambda _: {"fillColor": "#f4a582", "color": "#b2182b", "weight": 1}).add_to(m)
folium.GeoJson({"type": "FeatureCollection", "features": [
    f for f in routes if int(f["properties"]["first_year"]) <= year]},
    style_function=lambda _: {"color": "#2166ac", "weight": 2}).add_to(m)
for feature in events:
    props = feature["properties"]
    if int(props["year"]) <= year:
        lon, lat = feature["geometry"]["coordinates"][:2]
        folium.CircleMarker([lat, lon], radius=5, color="#b30000", fill=True,
                            popup=folium.Popup(html.escape(str(props["title"])))).add_to(m)
shown = sum(int(f["properties"]["year"]) <= year for f in events)
st.write(f"By {year}: {shown} events")
st_folium(m, key="map", height=600, use_container_width=True, returned_objects=[])
