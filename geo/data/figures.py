"""Figure derivations: whether the sources' figures of an event agree, and which figure
sizes its marker. The build writes them into the layers; the validator recomputes them."""

from __future__ import annotations

from typing import Any

from geo import vocab

_QUALIFIER_ORDER = ("exact", "about", "at_least", "more_than")


def _interval(figure: dict[str, Any]) -> tuple[float, bool, float]:
    """(low, low_is_open, high) of the values a figure allows ('about' as its value)."""
    value = float(figure["value"])
    qualifier = figure.get("qualifier")
    if qualifier == "at_least":
        return (value, False, float("inf"))
    if qualifier == "more_than":
        return (value, True, float("inf"))
    return (value, False, value)


def _compatible(figures: list[dict[str, Any]]) -> bool:
    """True when one value satisfies every figure (a bound and a value that meets it)."""
    spans = [_interval(f) for f in figures]
    low = max(spans, key=lambda s: (s[0], s[1]))
    high = min(s[2] for s in spans)
    return low[0] < high or (low[0] == high and not low[1])


def conflicting_figures(figures: list[dict[str, Any]]) -> list[str]:
    """Sorted names of figures whose sources give values no single number satisfies."""
    by_name: dict[str, list[dict[str, Any]]] = {}
    for figure in figures:
        by_name.setdefault(str(figure["figure"]), []).append(figure)
    return sorted(name for name, group in by_name.items() if not _compatible(group))


def figures_agreement(figures: list[dict[str, Any]]) -> str | None:
    """``single`` (one source per figure), ``compatible``, ``conflicting``, or None."""
    if not figures:
        return None
    if conflicting_figures(figures):
        return "conflicting"
    sources: dict[str, set[str]] = {}
    for figure in figures:
        sources.setdefault(str(figure["figure"]), set()).add(str(figure["source"]))
    return "compatible" if any(len(s) > 1 for s in sources.values()) else "single"


def headline_figure(kind: str, figures: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The figure that sizes an event's marker: of the kind's headline figure (never officers
    involved), the smallest any source gives, so the marker never says more than a source."""
    name = vocab.HEADLINE_FIGURE_BY_KIND.get(kind)
    candidates = [f for f in figures if f["figure"] == name]
    if not candidates:
        return None
    return min(candidates, key=lambda f: (float(f["value"]), _QUALIFIER_ORDER.index(
        f["qualifier"]) if f["qualifier"] in _QUALIFIER_ORDER else 9, str(f["source"])))
