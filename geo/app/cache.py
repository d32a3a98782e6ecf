"""The app's cached data: every cache is keyed by the layers folder and its files' state.

`source()` names the folder (``TDA_LAYERS_DIR``, else ``layers/``) with a signature of its
files (names, sizes, modification times), so a rebuilt folder is read again without a
restart. Objects from `st.cache_resource` are shared by every session and must be treated
as read-only (nothing in `geo` mutates layers or drawings); small results use
`st.cache_data`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import config
from geo.app import panels
from geo.app.viewstate import ViewOptions, view_options
from geo.data.selection import Filters, Layers, events_per_year, load_layers, select
from geo.views.leaflet import assets, mapview


def layers_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The layers folder: ``$TDA_LAYERS_DIR`` when set, else the project's ``layers/``."""
    value = (os.environ if environ is None else environ).get(config.ENV_LAYERS_DIR, "")
    value = value.strip()
    return Path(value).expanduser().resolve() if value else config.LAYERS_DIR


def setup_problems(*, static_serving: bool, static_dir: Path = assets.STATIC_DIR) -> list[str]:
    """Why the map cannot load its local Leaflet (empty when ready)."""
    problems = []
    if missing := assets.missing_assets(static_dir=static_dir):
        problems.append(f"Map assets missing ({', '.join(missing)}): run "
                        "`python -m geo assets`.")
    if not static_serving:
        problems.append("Set `server.enableStaticServing = true` (see .streamlit/config.toml).")
    return problems


def source(directory: Path | None = None) -> tuple[str, str]:
    """(folder path, signature of the folder and every file in it) to key the caches.

    The signature covers the folder itself (a rebuilt folder is a new directory) and every
    entry in it, ``.geojson`` included: name, size and modification time.
    """
    folder = directory or layers_dir()
    try:
        stat = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda e: e.name) if folder.is_dir() else []
        parts = [f".:{stat.st_ino}:{stat.st_mtime_ns}"]
        for entry in entries:
            info = entry.stat()
            parts.append(f"{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    except OSError as exc:  # missing, or swapped while listed: a fresh key, read again
        parts = [f"unreadable:{exc.errno}"]
    return str(folder), ";".join(parts)


@st.cache_resource(show_spinner=False, max_entries=4)
def layers(path: str, signature: str) -> Layers:  # noqa: ARG001 (cache key)
    """The parsed layers (shared, read-only)."""
    return load_layers(Path(path))


@st.cache_resource(show_spinner=False, max_entries=4)
def drawing(path: str, signature: str) -> mapview.DrawIndex:
    """What the map draws of every feature (shared, read-only)."""
    return mapview.draw_index(layers(path, signature))


@st.cache_data(show_spinner=False, max_entries=4)
def options(path: str, signature: str) -> ViewOptions:
    """Year bounds and filter values of the layers."""
    return view_options(layers(path, signature))


def timeline(path: str, signature: str, filters: Filters) -> list[tuple[int, int]]:
    """Events per year with the filters of `filters` (its year and mode ignored)."""
    return _timeline(path, signature, countries=filters.countries, groups=filters.groups,
                     event_kinds=filters.event_kinds, corridor_kinds=filters.corridor_kinds)


@st.cache_data(show_spinner=False, max_entries=64)
def _timeline(path: str, signature: str, *, countries: tuple[str, ...],
              groups: tuple[str, ...], event_kinds: tuple[str, ...],
              corridor_kinds: tuple[str, ...]) -> list[tuple[int, int]]:
    data = layers(path, signature)
    return events_per_year(data, Filters(year=options(path, signature).last_year,
                                         countries=countries, groups=groups,
                                         event_kinds=event_kinds, corridor_kinds=corridor_kinds))


@st.cache_data(show_spinner=False, max_entries=64)
def events_frame(path: str, signature: str, filters: Filters) -> pd.DataFrame:
    """The events table of a view."""
    data = layers(path, signature)
    return panels.events_table(select(data, filters), data)
