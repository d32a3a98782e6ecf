"""The map bridge: a Streamlit custom component (v2) that hosts the map page in an iframe.

The page (`geo.app.site`) owns the year control: scrubbing, play, mode and filter changes
repaint in the browser. The page reports its state (``tda:state``); the component stores it
as its state value ``state``, which reruns the script so the panels follow the map. A
Streamlit-side change (sidebar filter, link) reaches the page as ``tda:set`` when
`revision` changes, without reloading it; a new `src` reloads it. The JavaScript and CSS
are files in ``geo/app/frontend/``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st

FRONTEND_DIR = Path(__file__).resolve().parent / "frontend"
COMPONENT_NAME = "tda_map_bridge"
STATE_KEY = "state"


@cache
def _component() -> Any:
    return st.components.v2.component(
        COMPONENT_NAME,
        html=(FRONTEND_DIR / "bridge.html").read_text(encoding="utf-8"),
        css=(FRONTEND_DIR / "bridge.css").read_text(encoding="utf-8"),
        js=(FRONTEND_DIR / "bridge.js").read_text(encoding="utf-8"))


def map_bridge(*, key: str, src: str, revision: int, set_state: Mapping[str, Any],
               height: int, title: str, on_change: Callable[[], None]) -> Any:
    """Mount the bridge; return what the page last reported (a dict) or None.

    `src` is the page address (a new one reloads the page); `set_state` (a partial state)
    is posted to the page each time `revision` changes.
    """
    result = _component()(
        key=key, height=height, on_state_change=on_change,
        data={"src": src, "revision": revision, "set": dict(set_state), "height": height,
              "title": title})
    return getattr(result, STATE_KEY, None)


def reported(session_value: Any) -> Any:
    """The page's last reported state from the component's Session State entry, or None."""
    if isinstance(session_value, Mapping):
        return session_value.get(STATE_KEY)
    return getattr(session_value, STATE_KEY, None)
