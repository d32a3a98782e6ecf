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

import streamlit as st

from geo import config
from geo.app import bridge, checks
from geo.app import site as appsite
from geo.app.viewstate import ViewOptions, view_options
from geo.data.selection import Layers
from geo.errors import DataError, Problem


def layers_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The layers folder: ``$TDA_LAYERS_DIR`` when set, else the project's ``layers/``."""
    value = (os.environ if environ is None else environ).get(config.ENV_LAYERS_DIR, "")
    value = value.strip()
    # absolute, not resolved: resolving a symbolic-link loop raises; the loader names it
    return Path(os.path.abspath(Path(value).expanduser())) if value else config.LAYERS_DIR


def setup_problems(*, static_serving: bool) -> list[str]:
    """Why the app cannot serve its map page (empty when ready). The page is the static
    site the app writes under static/site/ (`site`), with its own hashed Leaflet."""
    if not static_serving:
        return ["Set `server.enableStaticServing = true` (see .streamlit/config.toml)."]
    return []


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
def _folder(path: str, signature: str) -> tuple[Layers | None, list[Problem]]:  # noqa: ARG001
    """The folder read and validated once (shared, read-only; the signature is the key)."""
    return checks.read_folder(Path(path))


def problems(path: str, signature: str) -> list[Problem]:
    """The validator's verdict on the folder (empty: the app may show it)."""
    return _folder(path, signature)[1]


def layers(path: str, signature: str) -> Layers:
    """The parsed layers of a folder without problems (see `problems`)."""
    loaded, found = _folder(path, signature)
    if loaded is None:
        raise DataError(found)
    return loaded


@st.cache_resource(show_spinner=False, max_entries=8)
def site(path: str, signature: str, lang: str) -> str:
    """The hash of the map site of the folder in `lang`, written once under static/site/."""
    return appsite.ensure_site(layers(path, signature), signature=signature, lang=lang)


@st.cache_resource(show_spinner=False)
def bridge_module() -> str:
    """File name of the bridge's JavaScript module, installed once under static/bridge/."""
    return bridge.install_module()


@st.cache_data(show_spinner=False, max_entries=4)
def options(path: str, signature: str) -> ViewOptions:
    """Year bounds and filter values of the layers."""
    return view_options(layers(path, signature))
