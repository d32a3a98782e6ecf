"""The map bridge: a Streamlit custom component (v2) that hosts the map page in an iframe.

The page (`geo.app.site`) owns the year control: scrubbing, play, mode and filter changes
repaint in the browser. The page reports its state (``tda:state``); the component stores it
as its state value ``state``, which reruns the script so the panels follow the map. A
Streamlit-side change (sidebar filter, link) reaches the page as ``tda:set`` when
`revision` changes, without reloading it; a new `src` reloads it.

The JavaScript and CSS are files in ``geo/app/frontend/``. Components v2 sends a
component's inline JavaScript with every rerun's message, so the registered JavaScript is
a small loader (``loader.js``) that imports ``bridge.js`` from the app's static files
(copied under a content-hashed name by `install_module`): a rerun then carries only the
component's data, a few hundred bytes. (An ``asset_dir`` declared in a package's
pyproject.toml does the same for an installed package, but not for a source checkout
run with ``PYTHONPATH``.)
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st

from geo.views.leaflet import assets

FRONTEND_DIR = Path(__file__).resolve().parent / "frontend"
COMPONENT_NAME = "tda_map_bridge"
STATE_KEY = "state"
MODULE_DIR_NAME = "bridge"


def install_module(*, static_dir: Path = assets.STATIC_DIR) -> str:
    """Copy ``bridge.js`` to `static_dir`/bridge/bridge-<hash>.js (once); its file name."""
    code = (FRONTEND_DIR / "bridge.js").read_bytes()
    name = f"bridge-{hashlib.sha256(code).hexdigest()[:16]}.js"
    target = static_dir / MODULE_DIR_NAME / name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".bridge-")
        with os.fdopen(handle, "wb") as out:
            out.write(code)
        os.replace(temporary, target)
    return name


def module_url(name: str, *, base_url_path: str = "") -> str:
    """Address of the installed bridge module `name`."""
    return assets.static_url(f"{MODULE_DIR_NAME}/{name}", base_url_path=base_url_path)


@cache
def _component() -> Any:
    return st.components.v2.component(
        COMPONENT_NAME,
        html=(FRONTEND_DIR / "bridge.html").read_text(encoding="utf-8"),
        css=(FRONTEND_DIR / "bridge.css").read_text(encoding="utf-8"),
        js=(FRONTEND_DIR / "loader.js").read_text(encoding="utf-8"))


def map_bridge(*, key: str, module: str, src: str, revision: int,
               set_state: Mapping[str, Any], height: int, title: str,
               on_change: Callable[[], None]) -> Any:
    """Mount the bridge; return what the page last reported (a dict) or None.

    `module` is the bridge module's address (`module_url`), `src` the page's (a new one
    reloads the page); `set_state` (a partial state) is posted to the page each time
    `revision` changes.
    """
    result = _component()(
        key=key, height="content", on_state_change=on_change,  # the page sizes its frame
        data={"module": module, "src": src, "revision": revision, "set": dict(set_state),
              "height": height, "title": title})
    return getattr(result, STATE_KEY, None)


def reported(session_value: Any) -> Any:
    """The page's last reported state from the component's Session State entry, or None."""
    if isinstance(session_value, Mapping):
        return session_value.get(STATE_KEY)
    return getattr(session_value, STATE_KEY, None)
