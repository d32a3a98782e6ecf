"""Event marks on paper: the style model's aggregation rule at country scale.

Print is always at country scale (`geo.style.marks`): events at the same place, or whose
marks would land closer than the style's separation on the page, become one aggregate, a
proportional disc with its count; a lone event keeps its own symbol. Nothing fans out and no
leader line is drawn.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass

import numpy as np

from geo import style
from geo.data.selection import Feature
from geo.data.text import label
from geo.views.print.canvas import Canvas
from geo.views.print.layers import Z, draw_area, state
from geo.views.print.layout import type_pt
from geo.views.print.projection import mercator
from geo.views.print.symbols import marker_kwargs, marker_radius_pt, pt


@dataclass(frozen=True)
class EventGroup:
    """Events drawn as one mark at projected (x, y): an aggregate when more than one."""

    x: float
    y: float
    features: list[Feature]

    @property
    def ref(self) -> str:
        """The mark's reference: the first event's id."""
        return str(self.features[0]["id"])


def event_groups(c: Canvas, events: list[Feature]) -> list[EventGroup]:
    """Events grouped by place (`geo.style.co_located`), then places whose marks would land
    closer than the style's separation merged into the largest one (ties: the first id), then
    aggregates whose discs would overlap."""
    separation = c.px(pt(c, style.FAN_OUT["min_separation_px"]))
    places = sorted(style.co_located(sorted(events, key=lambda f: str(f["id"]))),
                    key=lambda g: (-len(g), str(g[0]["id"])))
    merged: list[tuple[np.ndarray, float, float, list[Feature]]] = []
    for group in places:
        x, y = mercator(*group[0]["geometry"]["coordinates"])
        here = c.ax.transData.transform((x, y))
        for anchor, _x, _y, members in merged:
            if float(np.hypot(*(here - anchor))) < separation:
                members.extend(group)
                break
        else:
            merged.append((here, x, y, list(group)))
    # Aggregates whose discs would overlap are one, as on the web map; the larger one keeps
    # its place (the list stays largest first).
    overlap = True
    while overlap:
        overlap = False
        for i, j in itertools.combinations(range(len(merged)), 2):
            a, b = merged[i][3], merged[j][3]
            reach = c.px(_aggregate_radius(c, len(a))) + c.px(_aggregate_radius(c, len(b)))
            apart = float(np.hypot(*(merged[i][0] - merged[j][0])))
            if len(a) > 1 and len(b) > 1 and apart < reach:
                a.extend(b)
                del merged[j]
                overlap = True
                break
    return [EventGroup(x, y, members) for _, x, y, members in merged]


def group_name(group: EventGroup, *, skip: frozenset[str] = frozenset(),
               lang: str = "en") -> str | None:
    """Label of a group: its most frequent place name in `lang` (alphabetical on ties), then
    any other place that name does not already cover ('Tarapacá region / Arica prison';
    Downtown Lima is covered by Lima), at most two and '+N'; None for countries (the country
    label names them). Names in `skip` have labels of their own."""
    places = (label(f["properties"], lang=lang, field="place_name") for f in group.features
              if f["properties"]["geo_precision"] != "country")
    names = Counter(name for name in places if name not in skip)
    if not names:
        return None
    ranked = sorted(names, key=lambda name: (-names[name], name))
    shown = [ranked[0]] + [n for n in ranked[1:] if ranked[0] not in n]
    if len(shown) > 2:
        return f"{shown[0]} / {shown[1]} +{len(shown) - 2}"
    return " / ".join(shown)


def group_radius_pt(c: Canvas, group: EventGroup, *, year: int) -> float:
    """The drawn radius of a group's mark in points."""
    if len(group.features) == 1:
        props = group.features[0]["properties"]
        return marker_radius_pt(c, style.symbol_for("events", props,
                                                    state=state("events", props, year)))
    return _aggregate_radius(c, len(group.features))


def _aggregate_radius(c: Canvas, count: int) -> float:
    symbol = style.aggregate_symbol(count)
    digits = len(str(count))
    size = type_pt("count", c.s)
    room = max(0.31 * digits, 0.5) * size + 1.0  # the count fits inside, whatever the page
    return max(pt(c, float(symbol["radius"])), room)


def draw_events(c: Canvas, events: list[Feature], *, year: int, gid: str) -> list[EventGroup]:
    """Event marks: lone events with their symbol (and the ring of an approximate place),
    aggregates as a disc with the count. Returns the groups, largest first."""
    groups = event_groups(c, events)
    with c.group(gid, zorder=Z["events"]) as z:
        for group in sorted(groups, key=lambda g: (len(g.features), g.ref)):
            if len(group.features) == 1:
                _draw_one(c, group.features[0], x=group.x, y=group.y, year=year, z=z)
            else:
                _draw_aggregate(c, group, z=z)
            c.take_mark(group.ref, x=group.x, y=group.y,
                        radius_pt=group_radius_pt(c, group, year=year))
    return groups


def _draw_one(c: Canvas, feature: Feature, *, x: float, y: float, year: int,
              z: float) -> None:
    props = feature["properties"]
    symbol = style.symbol_for("events", props, state=state("events", props, year))
    lon, lat = feature["geometry"]["coordinates"]
    draw_area(c, symbol, lon=lon, lat=lat, color=symbol["fill"], z=z)
    if style.is_new("events", props, year=year) and not style.is_active("events", props,
                                                                         year=year):
        # new but not in the selected year (e.g. a range starting the year before)
        ring = style.rows_for_ids(["changed:new"], lang="en",
                                  presence_years=(year, year))[0]["rows"][0]["symbol"]
        c.ax.plot([x], [y], zorder=z, **marker_kwargs(
            c, ring, radius_pt=pt(c, float(symbol["radius"] or 0) + ring["weight"] * 1.5)))
    c.ax.plot([x], [y], zorder=z, **marker_kwargs(c, symbol))


def _draw_aggregate(c: Canvas, group: EventGroup, *, z: float) -> None:
    count = len(group.features)
    symbol = style.aggregate_symbol(count)
    c.ax.plot([group.x], [group.y], zorder=z,
              **marker_kwargs(c, symbol, radius_pt=_aggregate_radius(c, count)))
    artist = c.text(group.x, group.y, str(count), size=type_pt("count", c.s), bold=True,
                    color=symbol["label_color"], ha="center", va="center_baseline",
                    zorder=z)
    artist.set_gid(f"count-{group.ref}")
