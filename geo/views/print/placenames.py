"""Which names the print map writes, in which order (the placer decides where:
`geo.views.print.labels`).

Key places first (the gang's base, the event marks by their place, border crossings), then
the countries of the selection. A place whose mark lies within the style's separation of a
mark already named gets no second label (Cúcuta names the border trails beside it).
"""

from __future__ import annotations

import numpy as np
from shapely.geometry.base import BaseGeometry

from geo import style
from geo.data.selection import Feature, Layers, Selection
from geo.data.text import label
from geo.i18n import country_name
from geo.views.print import text as ptext
from geo.views.print.canvas import Canvas
from geo.views.print.labels import LabelPlacer, PlacedLabel
from geo.views.print.layers import Z, visible_places
from geo.views.print.layout import type_pt
from geo.views.print.marks import EventGroup, group_name, group_radius_pt
from geo.views.print.projection import mercator
from geo.views.print.symbols import marker_radius_pt, pt


def draw_labels(c: Canvas, selection: Selection, *, layers: Layers,
                outlines: dict[str, BaseGeometry], groups: list[EventGroup], lang: str,
                gid: str = "labels") -> list[PlacedLabel]:
    """Label the map of `selection` (event marks as `groups`); returns every label placed."""
    drawn_iso = frozenset(str(f["properties"]["country"]) for f in selection.presence)
    placer = LabelPlacer(c, countries=outlines, drawn=drawn_iso, zorder=Z["labels"])
    size = type_pt("place", c.s)
    year = selection.filters.year
    separation = c.px(pt(c, style.FAN_OUT["min_separation_px"]))
    named_at: list[np.ndarray] = []
    names: set[str] = set()

    def crowded(x: float, y: float) -> bool:
        here = c.ax.transData.transform((x, y))
        return any(float(np.hypot(*(here - at))) < separation for at in named_at)

    def name(text: str, *, ref: str, x: float, y: float, iso: str, radius: float) -> None:
        placer.point(ptext.literal(text, limit=ptext.LABEL_LIMIT), ref=ref, x=x, y=y,
                     iso=iso, radius_pt=radius, required=True, size=size)
        names.add(text)
        named_at.append(c.ax.transData.transform((x, y)))

    with c.group(gid, zorder=Z["labels"]):
        places = visible_places(selection)
        for feature in places:
            props = feature["properties"]
            if props["kind"] == "base":
                x, y = mercator(*feature["geometry"]["coordinates"])
                name(label(props, lang=lang), ref=str(feature["id"]), x=x, y=y,
                     iso=str(props["country"]),
                     radius=marker_radius_pt(c, style.symbol_for("places", props)))
        own = frozenset(label(f["properties"], lang=lang) for f in places
                        if f["properties"]["kind"] == "base")
        for group in sorted(groups, key=lambda g: (-len(g.features), g.ref)):
            text = group_name(group, skip=own, lang=lang)
            if text is None or text in names or crowded(group.x, group.y):
                continue
            name(text, ref=group.ref, x=group.x, y=group.y,
                 iso=str(group.features[0]["properties"]["country"]),
                 radius=group_radius_pt(c, group, year=year))
        for feature in places:
            props = feature["properties"]
            x, y = mercator(*feature["geometry"]["coordinates"])
            if (props["kind"] != "border_crossing" or label(props, lang=lang) in names
                    or crowded(x, y)):
                continue
            name(label(props, lang=lang), ref=str(feature["id"]), x=x, y=y,
                 iso=str(props["country"]),
                 radius=marker_radius_pt(c, style.symbol_for("places", props)))
        _countries(placer, selection, layers=layers, lang=lang, size=type_pt("country", c.s))
    return placer.placed


def _countries(placer: LabelPlacer, selection: Selection, *, layers: Layers, lang: str,
               size: float) -> None:
    drawn: dict[str, Feature] = {f["properties"]["country"]: f for f in selection.presence}
    names = {f["properties"]["iso_a3"]: str(f["properties"]["name"])
             for f in layers.features("basemap")}
    for iso in sorted(drawn, key=lambda k: names.get(k, k)):
        text = country_name(iso, lang=lang, default=names.get(
            iso, str(drawn[iso]["properties"]["name"])))
        placer.country(ptext.literal(text, limit=ptext.LABEL_LIMIT).upper(), iso=iso,
                       required=True, size=size)
