"""Legend sections and rows, from the symbols; only rows for what is drawn.

Each feature contributes legend row ids (`row_ids`); a view shows the rows whose id some
drawn feature contributes, in the order of `SECTIONS`. The browser gets every row of the
loaded layers once and each feature's ids in the payload, so it filters with the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from geo import i18n, vocab
from geo.data.selection import Feature, Selection
from geo.i18n import N_
from geo.style import marks, palette, rules, symbols
from geo.style.categories import CATEGORY_LABELS, EVENT_CATEGORIES, category_of
from geo.style.rules import State

SECTIONS: tuple[tuple[str, str], ...] = (
    ("presence", N_("Presence, first reported")),
    ("routes", N_("Corridors")),
    ("spread", N_("Spread")),
    ("events", N_("Events")),
    ("places", N_("Places")),
    ("changed", N_("What changed")),
)
FIXED_ROWS: dict[str, str] = {
    "presence:new": N_("First reported in the selected year"),
    "presence:reported_present_by": N_("Reported present (no first-report date)"),
    "routes:schematic": N_("Dashed: schematic path, length not measured"),
    "routes:suspected": N_("Faded: suspected (hedged claim)"),
    "routes:active": N_("Thick: active in the selected year"),
    "spread:line": N_("Spread from Tocorón"),
    "events:active": N_("Dark outline: in the selected year"),
    "events:approximate": N_("Dashed ring: approximate location"),
    "events:suspected": N_("Faded: suspected (hedged claim)"),
    "events:size": N_("Marker area: headline figure"),
    marks.CLUSTER_ROW: N_("n events here: zoom in or click to list them"),
    "changed:new": N_("Outlined: new since the year before"),
}
PRINT_LABELS: dict[str, str] = {
    marks.CLUSTER_ROW: N_("n events at the same place"),
}
"""Row labels that differ on paper (nothing to click or zoom)."""
LegendRow = dict[str, Any]
LegendSection = dict[str, Any]


def row_ids(layer: str, props: Mapping[str, Any], *, state: State = "inactive",
            new: bool = False) -> list[str]:
    """Ids of the legend rows one drawn feature needs."""
    ids: list[str] = []
    kind = str(props.get("kind", ""))
    if layer == "presence":
        if props.get("presence_kind") == "reported_present_by":
            ids.append("presence:reported_present_by")
        else:
            ids.append(f"presence:year:{int(props['first_reported_year'])}")
        if state == "active":
            ids.append("presence:new")
    elif layer == "routes":
        ids.append(f"routes:kind:{kind}")
        ids += ["routes:schematic"] if props.get("schematic") else []
        ids += ["routes:active"] if state == "active" else []
    elif layer == "spread":
        ids.append("spread:line")
    elif layer == "events":
        category = category_of(kind)
        ids += [f"events:category:{category}"] if category else []
        ids += ["events:active"] if state == "active" else []
        if str(props.get("geo_precision")) in symbols.APPROXIMATE_RADIUS_M:
            ids.append("events:approximate")
        ids += ["events:size"] if symbols.headline_value(props) is not None else []
    elif layer == "places":
        ids.append(f"places:kind:{kind}")
    if props.get("certainty") == "suspected" and layer in ("routes", "events"):
        ids.append(f"{layer}:suspected")
    if new:
        ids.append("changed:new")
    return ids


def _row_symbol(row_id: str, *, presence_years: tuple[int, int]) -> symbols.Symbol:
    parts = row_id.split(":")
    layer, what = parts[0], parts[1]
    if what == "year":
        return symbols.symbol_for("presence", {"first_reported_year": int(parts[2])},
                                  presence_years=presence_years)
    if what == "category":
        return symbols.symbol_for("events", {"kind": EVENT_CATEGORIES[parts[2]][0],
                                             "geo_precision": "site"})
    if row_id == marks.CLUSTER_ROW:
        return marks.aggregate_symbol()
    if what == "kind":
        return symbols.symbol_for(layer, {"kind": parts[2], "geo_precision": "site"},
                                  presence_years=presence_years)
    examples: dict[str, tuple[str, dict[str, Any], State]] = {
        "presence:new": ("presence", {"first_reported_year": presence_years[1]}, "active"),
        "presence:reported_present_by": ("presence", {
            "first_reported_year": presence_years[1],
            "presence_kind": "reported_present_by"}, "inactive"),
        "routes:schematic": ("routes", {"schematic": True}, "inactive"),
        "routes:suspected": ("routes", {"certainty": "suspected"}, "inactive"),
        "routes:active": ("routes", {}, "active"),
        "spread:line": ("spread", {}, "inactive"),
        "events:active": ("events", {}, "active"),
        "events:approximate": ("events", {"geo_precision": "city"}, "inactive"),
        "events:suspected": ("events", {"certainty": "suspected"}, "inactive"),
        "events:size": ("events", {"headline_figure": {"value": 100}}, "inactive"),
    }
    if row_id == "changed:new":
        return {**symbols.symbol_for("events", {}), "fill": None, "fill_opacity": 0.0,
                "color": palette.CHANGED, "weight": 2.5, "radius": 8.0}
    layer, props, state = examples[row_id]
    symbol = symbols.symbol_for(layer, props, state=state, presence_years=presence_years)
    if layer in ("routes", "events") and row_id.split(":")[1] != "kind":
        symbol["color" if layer == "routes" else "fill"] = palette.MUTED_INK
    return symbol


def rows_for_ids(ids: Iterable[str], *, lang: str, presence_years: tuple[int, int],
                 paper: bool = False) -> list[LegendSection]:
    """The legend sections holding exactly the rows `ids`, in the legend's order (`paper`:
    the print wording of `PRINT_LABELS`)."""
    _ = i18n.translator(lang)
    wanted = set(ids)
    sections: list[LegendSection] = []
    for section, title in SECTIONS:
        chosen = sorted((i for i in wanted if i.split(":")[0] == section), key=_row_order)
        if not chosen:
            continue
        rows = [{"id": i, "label": _row_label(i, _, paper=paper),
                 "symbol": _row_symbol(i, presence_years=presence_years)} for i in chosen]
        sections.append({"id": section, "title": _(title), "rows": rows})
    return sections


def _row_order(row_id: str) -> tuple[int, str]:
    parts = row_id.split(":")
    if parts[1] == "year":
        return 0, parts[2]
    if parts[1] == "category":
        return 1, f"{list(EVENT_CATEGORIES).index(parts[2]):03d}"
    if parts[1] == "kind":
        order = {"routes": vocab.CORRIDOR_KINDS, "events": vocab.EVENT_KINDS,
                 "places": vocab.PLACE_KINDS}[parts[0]]
        return 1, f"{order.index(parts[2]) if parts[2] in order else 99:03d}"
    return 2, f"{list(FIXED_ROWS).index(row_id):03d}"


def _row_label(row_id: str, _: Any, *, paper: bool = False) -> str:
    parts = row_id.split(":")
    if parts[1] == "year":
        return parts[2]
    if parts[1] == "category":
        return str(_(CATEGORY_LABELS[parts[2]]))
    if paper and row_id in PRINT_LABELS:
        return str(_(PRINT_LABELS[row_id]))
    if parts[1] == "kind":
        return str(_(vocab.label(parts[2])))
    return str(_(FIXED_ROWS[row_id]))


def drawn_features(selection: Selection) -> dict[str, list[Feature]]:
    """What a view draws of a selection, per layer (places by the place-visibility rule)."""
    year = selection.filters.year
    return {layer: [f for f in selection.layer(layer)
                    if layer != "places" or rules.place_visible(f["properties"], year=year)]
            for layer in vocab.LAYERS}


def legend_for(selection: Selection, *, lang: str,
               presence_years: tuple[int, int] | None = None,
               paper: bool = False) -> list[LegendSection]:
    """Legend sections and rows for what `selection` draws at country scale (co-located
    events as one aggregate: `geo.style.marks`), labels in `lang`.

    `presence_years` spans the presence ramp (default: the selection's presence years);
    `paper` picks the print wording.
    """
    year = selection.filters.year
    drawn = drawn_features(selection)
    if presence_years is None:
        firsts = [int(f["properties"]["first_reported_year"]) for f in drawn["presence"]]
        presence_years = (min(firsts), max(firsts)) if firsts else (year, year)
    ids: set[str] = set()
    for layer, features in drawn.items():
        for feature in features:
            props = feature["properties"]
            state: State = "active" if rules.is_active(layer, props, year=year) else "inactive"
            ids.update(row_ids(layer, props, state=state,
                               new=rules.is_new(layer, props, year=year)))
    if any(len(group) > 1 for group in marks.co_located(drawn["events"])):
        ids.add(marks.CLUSTER_ROW)
    return rows_for_ids(ids, lang=lang, presence_years=presence_years, paper=paper)


def legend_rows(sections: list[LegendSection]) -> list[tuple[str, str, str]]:
    """(section title, row label, row id) of legend sections, flat (for tests and print)."""
    return [(s["title"], r["label"], r["id"]) for s in sections for r in s["rows"]]
