"""The map page's state for a view of the data model: the one place its shape is written.

Used for the state a page opens with (``export html`` / ``export site``) and for what the
app sends the page (``tda:set``, `geo.app.viewstate.page_set`); the keys are the page's
(see docs/app.md). A light module: it loads no map engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geo.data.selection import Filters

PAGE_FILTERS: tuple[str, ...] = ("countries", "groups", "event_kinds", "corridor_kinds")


def page_state(filters: Filters, *, layers: Sequence[str] | None = None) -> dict[str, Any]:
    """The page state (a partial state S) showing `filters`, and `layers` when given."""
    state: dict[str, Any] = {
        "year": filters.year, "mode": filters.mode,
        "filters": {name: list(getattr(filters, name)) for name in PAGE_FILTERS}}
    if layers is not None:
        state["layers"] = list(layers)
    return state
