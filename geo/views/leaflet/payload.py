"""Everything the map page needs, as one JSON document (see `payload` for its layout).

All features of every year and layer are loaded once; the page's plugin
(``assets/timefilter.js``) filters them by year, mode and filters. Per feature the payload
carries what the style model decided (an index into the layer's symbol table for each
state), the years the rules of `geo.data.selection` give it (drawn per mode, emphasised, new
in), the values each filter tests, its legend row ids, its date label and its popup as
structured, translated fields: the browser builds popups with ``textContent`` only, never
HTML from data. The page keeps no rule and no name list: it compares the year with these
spans and reads layer, mode and filter names (`ROLES`, ``modes``, ``filter_names``) here.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from shapely.geometry import shape
from shapely.ops import polylabel

from geo import i18n, style, vocab
from geo.data import credits, selection, text
from geo.data.selection import Feature, Layers, year_bounds
from geo.i18n import N_
from geo.jsonio import html_safe_json
from geo.style import legend, marks, symbols

POINT_DECIMALS = 4  # about 11 m: plenty for display
LINE_DECIMALS = 3
OUTLINE_DECIMALS = 3
PAYLOAD_VERSION = 2
CHANGED_ROW = "changed:new"
"""The legend row (`geo.style.legend.FIXED_ROWS`) of the outline around new features."""
POINT_LAYERS = ("places", "events")
"""Layers drawn as marks on the points canvas, bottom to top (the others are paths)."""
CHANGES_LAYERS = ("presence", "events", "routes")
"""Layers whose new features the "what changed" panel lists: countries, events, corridors."""
REFIT_FILTERS = ("countries", "groups")
"""Filters whose change moves what is drawn across the map: the view fits it again."""
ROLES: dict[str, Any] = {
    "areas": "presence", "places": "places", "events": "events",
    "points": list(POINT_LAYERS),
    "paths": [name for name in vocab.LAYERS if name not in POINT_LAYERS],
    "changes": list(CHANGES_LAYERS),
}
"""What the page does with each layer (it keeps no layer name of its own): ``areas`` are
the countries lit by presence, ``places`` the place layer (labels, search), ``events`` the
event layer (table, timeline)."""

# Interface strings of the page (English msgids, translated for the payload's language).
UI_STRINGS: dict[str, str] = {
    "year": N_("Year"), "play": N_("Play"), "pause": N_("Pause"), "speed": N_("Speed"),
    "mode": N_("Mode"), "cumulative": N_("Up to the year"), "only": N_("That year only"),
    "loop": N_("Loop"), "from": N_("From"), "to": N_("To"), "legend": N_("Legend"),
    "show_legend": N_("Show legend"), "hide_legend": N_("Hide legend"),
    "layers": N_("Layers"), "quiet_year": N_("quiet year: nothing new reported"),
    "skip_quiet": N_("Skip quiet years when playing"), "changed": N_("Show what changed"),
    "features_nav": N_("Map features: arrow keys move between them, Enter opens one"),
    "no_features": N_("Nothing is drawn for this year and these filters."),
    "close": N_("Close"), "sources": N_("Sources"), "figures": N_("Figures"),
    "said_by": N_("said by"), "more": N_("more here: zoom in"),
    # the layer toggles: each layer's title is its label in the vocabulary
    **{f"layer_{name}": vocab.LABELS[name] for name in vocab.LAYERS},
    "map": N_("Map"), "tiles": N_("OpenStreetMap background"),
    "exit_briefing": N_("Exit briefing view"), "options": N_("Options"),
    "inset": N_("Inset map of what lies farther north, at a smaller scale; click a mark to "
                "show it on the main map"),
    "inset_caption": N_("Farther north (smaller scale)"),
    # linked panels (geo/views/leaflet/panels.py)
    "panel_timeline": N_("Events per year"),
    "panel_timeline_group": N_("Timeline: choose a year"),
    "panel_bar": N_("{year}: {count} events"),
    "panel_timeline_note": N_("Events counted in the year they began."),
    "panel_table": N_("Events on the map"), "panel_date": N_("Date"),
    "panel_event": N_("Event"), "panel_place": N_("Place"), "panel_quote": N_("Quote"),
    "panel_pages": N_("Pages of the events table"), "panel_prev": N_("Previous page"),
    "panel_next": N_("Next page"), "panel_page": N_("Page {page} of {pages}"),
    "panel_rows": N_("Events {first}–{last} of {total}"),
    "panel_no_rows": N_("No events drawn for this selection."),
    "panel_show": N_("Show on the map: {title}"), "panel_inferred": N_("inferred"),
    "panel_articles": N_("{label} ({count} articles)"),
    "panel_search": N_("Find a place"), "panel_search_label": N_("Place name"),
    "panel_found": N_("{count} places found"), "panel_not_found": N_("No place found."),
    "panel_changes": N_("What changed"),
    "panel_changes_new": N_("New in {year} compared with {previous}."),
    "panel_changes_first": N_("Reported in {year}, the first year of the data."),
    "panel_countries": N_("Countries"), "panel_more": N_("and {count} more"),
    "panel_nothing_new": N_("Nothing new in {year} for this selection."),
}
_CERTAINTY = {"reported": N_("reported"), "suspected": N_("suspected (hedged claim)")}
_AGREEMENT = {"single": N_("One source gives this figure."),
              "compatible": N_("Sources give compatible figures."),
              "conflicting": N_("Sources give conflicting figures; each is shown.")}


def _round(value: Any, decimals: int) -> Any:
    if isinstance(value, int | float):
        return round(float(value), decimals)
    return [_round(v, decimals) for v in value]


def _geometry(geometry: Mapping[str, Any], decimals: int) -> dict[str, Any]:
    return {"type": geometry["type"], "coordinates": _round(geometry["coordinates"], decimals)}


def _date(props: Mapping[str, Any], *, lang: str) -> tuple[str, bool]:
    """An event's date label at its precision in `lang`, and whether its year is inferred."""
    label = text.date_label(str(props["date"]), precision=str(props["date_precision"]),
                            date_end=props.get("date_end"), lang=lang)
    return label, bool(props.get("date_inferred"))


def _span_json(span: tuple[float, float] | None) -> list[int | None] | None:
    """A (first, last) year span as JSON: null for an open end (-inf/inf)."""
    if span is None:
        return None
    return [None if math.isinf(v) else int(v) for v in span]


def _quotes(props: Mapping[str, Any], languages: Mapping[str, str]) -> list[dict[str, Any]]:
    return [{"quote": str(e["quote"]), "source": str(e["source"]),
             "lang": languages.get(str(e["source"])), "said_by": e.get("said_by")}
            for e in props.get("evidence", [])]


NOTE_FIELDS = {"events": ("date_note",), "places": ("location_note",),
               "routes": ("schematic_note", "years_note"), "presence": ("note",)}
"""The note fields a popup shows, by layer, in this order."""


def _popup(layer: str, props: Mapping[str, Any], _: Any, *, lang: str,
           places: Mapping[str, Mapping[str, Any]] | None = None,
           languages: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Structured popup fields (plain text; the page sets them with textContent). Names and
    titles are the record's words in `lang` (`geo.data.text.label`); a place a corridor or a
    spread line names is labelled from `places` (its properties by id) when given. Notes
    are the record's own words, in `text.NOTES_LANG`; each quote carries its source's
    language (`languages`: source id -> code), so the page marks what is not in `lang`."""
    places = places or {}
    languages = languages or {}
    notes = [{"text": str(props[k]), "lang": text.NOTES_LANG}
             for k in NOTE_FIELDS.get(layer, ()) if props.get(k)]

    def place(place_id: Any, english: Any) -> str:
        found = places.get(str(place_id))
        return text.label(found, lang=lang) if found is not None else str(english)

    meta: list[str] = []
    figures: list[dict[str, Any]] = []
    agreement = None
    quotes = _quotes(props, languages)
    if layer == "events":
        title = text.label(props, lang=lang)
        date, inferred = _date(props, lang=lang)
        date += f" ({_(N_('inferred'))})" if inferred else ""
        meta.append(f"{_(vocab.label(str(props['kind'])))} · {date}")
        precision = _(vocab.label(str(props["geo_precision"])))
        meta.append(f"{text.label(props, lang=lang, field='place_name')} ({precision})")
        if props.get("groups"):
            meta.append(", ".join(_(vocab.label(g)) for g in props["groups"]))
        figures = [{"label": _(vocab.label(str(f["figure"]))),
                    "text": text.figure_text(f, lang=lang),
                    "said_by": f.get("said_by") or f.get("attributed_to"),
                    "source": str(f["source"]), "quote": str(f.get("quote", "")),
                    "differs": str(f["figure"]) in props.get("figures_disagree", [])}
                   for f in props.get("figures", [])]
        kind = props.get("figures_agreement")
        if kind is None and props.get("figures_disagree"):
            kind = "conflicting"
        agreement = _(_AGREEMENT[kind]) if kind in _AGREEMENT else None
    elif layer == "places":
        title = text.label(props, lang=lang)
        meta.append(f"{_(vocab.label(str(props['kind'])))} · {props['country']}")
    elif layer == "routes":
        years = (f"{props['first_year']}" if props["first_year"] == props["last_year"]
                 else f"{props['first_year']}–{props['last_year']}")
        title = text.label(props, lang=lang)
        meta.append(f"{_(vocab.label(str(props['kind'])))} · {years}"
                    + (f" ({_(N_('inferred'))})" if props.get("years_inferred") else ""))
        meta.append(" → ".join(place(p, n) for p, n in zip(
            props.get("waypoints") or [], props["waypoint_names"], strict=False)))
        km = f"{float(props['length_km']):,.0f} km"
        meta.append(f"{km} ({_(N_('schematic'))})" if props.get("schematic") else km)
    elif layer == "presence":
        title = text.label(props, lang=lang)
        meta.append(text.presence_year_text(props, lang=lang))
        quotes = [{"quote": str(c["quote"]), "source": str(c["source"]),
                   "lang": languages.get(str(c["source"])), "said_by": c.get("said_by"),
                   "year": f"{c['year']}" + (f" ({_(N_('inferred'))})"
                                             if c.get("year_inferred") else "")}
                  for c in props.get("claims", [])]
    else:  # spread
        title = f"{_(N_('Spread to'))} {text.label(props, lang=lang)}"
        meta.append(f"Tocorón → {place(props.get('target_place'), props['target_name'])}")
        meta.append(text.presence_year_text(props, lang=lang))
    if props.get("certainty") in _CERTAINTY:
        meta.append(_(_CERTAINTY[str(props["certainty"])]))
    return {"title": title, "meta": meta, "notes": notes, "figures": figures,
            "agreement": agreement, "quotes": quotes}


class _Table:
    """Distinct values (symbols, legend ids) referred to by index."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._index: dict[str, int] = {}

    def ref(self, value: Any) -> int:
        key = json.dumps(value, sort_keys=True)
        if key not in self._index:
            self._index[key] = len(self.items)
            self.items.append(value)
        return self._index[key]


def _name(feature: Feature, *, lang: str) -> str:
    """A feature's name (or title) in `lang` (`geo.data.text.label`): 'Penal de Tocorón',
    a presence area its country's name there."""
    return text.label({"id": feature["id"], **feature["properties"]}, lang=lang)


def _feature_entry(layer: str, feature: Feature, *, ramp: tuple[int, int], table: _Table,
                   rows: set[str], outline_ids: Mapping[str, str], _: Any,
                   lang: str, places: Mapping[str, Mapping[str, Any]],
                   languages: Mapping[str, str]) -> dict[str, Any]:
    props = feature["properties"]
    inactive = symbols.symbol_for(layer, props, state="inactive", presence_years=ramp)
    active = symbols.symbol_for(layer, props, state="active", presence_years=ramp)
    lg_inactive = legend.row_ids(layer, props, state="inactive")
    lg_active = [i for i in legend.row_ids(layer, props, state="active")
                 if i not in lg_inactive]
    rows.update(lg_inactive, lg_active)
    entry: dict[str, Any] = {
        "id": str(feature["id"]),
        "d": [_span_json(selection.drawn_span(layer, props, mode=mode))
              for mode in selection.MODES],
        "a": _span_json(selection.active_span(layer, props)),
        "n": selection.new_year(layer, props),
        "s": [table.ref(inactive), table.ref(active)],
        "f": selection.filter_values(layer, props),
        "lg": lg_inactive, "lga": lg_active,
        "p": _popup(layer, props, _, lang=lang, places=places, languages=languages),
        "kind": str(props.get("kind", "")),
        "name": _name(feature, lang=lang),
        "sources": sorted({str(s) for s in props.get("sources", [])}),
    }
    if style.in_inset(feature):  # drawn in the inset where the map is wide enough
        entry["i"] = [round(v, 2) for v in style.inset_bounds(feature)]
    if "country" in props:
        entry["country"] = str(props["country"])
    if layer == "places":  # the search finds a place by its name in every language too
        aliases = [str(a) for a in props.get("aliases") or []]
        aliases += [a for a in text.other_labels(props, lang=lang) if a not in aliases]
        if aliases:
            entry["aliases"] = aliases
    if layer == "events":
        entry["place"] = str(props.get("place", ""))
        entry["at"] = marks.place_key(feature)  # events with one key aggregate
        entry["place_name"] = text.label(props, lang=lang, field="place_name")
        entry["date"] = str(props["date"])
        date, inferred = _date(props, lang=lang)
        entry["date_label"] = [date, 1 if inferred else 0]
    iso = str(props.get("country", ""))
    if layer == "presence" and iso in outline_ids:
        entry["outline"] = outline_ids[iso]  # drawn with the base map's shape
        entry["g"] = None
    else:
        decimals = POINT_DECIMALS if feature["geometry"]["type"] == "Point" else LINE_DECIMALS
        entry["g"] = _geometry(feature["geometry"], decimals)
    return entry


def _country_labels(layers: Layers, *, lang: str) -> dict[str, dict[str, Any]]:
    """Label anchor of each outline: the pole of inaccessibility of its largest part."""
    labels: dict[str, dict[str, Any]] = {}
    for feature in layers.features("basemap"):
        geometry = shape(feature["geometry"])
        parts = list(getattr(geometry, "geoms", [geometry]))
        largest = max(parts, key=lambda p: p.area)
        anchor = polylabel(largest, tolerance=0.05)
        labels[str(feature["properties"]["iso_a3"])] = {
            "name": i18n.country_name(str(feature["properties"]["iso_a3"]), lang=lang,
                                      default=str(feature["properties"]["name"])),
            "anchor": [round(anchor.x, 3), round(anchor.y, 3)],
            "outline": str(feature["id"]),
        }
    return labels


def quiet_years(layers: Layers) -> list[int]:
    """Years of the data in which no feature is new (`geo.data.selection.new_year`)."""
    first, last = year_bounds(layers)
    new = {selection.new_year(layer, f["properties"])
           for layer in vocab.LAYERS for f in layers.features(layer)}
    return [y for y in range(first, last + 1) if y not in new]


def payload(layers: Layers, *, lang: str, tiles: bool = False) -> dict[str, Any]:
    """The page's data: every feature of every layer, the style, strings, years, sources.

    Layout: ``layers[name] = {"symbols": [...], "features": [entry, ...], "filters":
    [names]}`` where an entry has ``id``, ``g`` (geometry, rounded; presence refers to an
    ``outline`` of ``basemap``), ``d`` ([first, last] year drawn, per mode in ``modes``
    order; null = open), ``a`` ([first, last] year emphasised, or null), ``n`` (the year it
    is new in, or null), ``s`` (symbol indexes: inactive, active), ``f`` (filter values),
    ``lg``/``lga`` (legend row ids: always / when active), ``p`` (popup fields), ``i``
    (in the inset, `geo.style.inset`: the [w, s, e, n] it frames), events
    also ``date_label`` ([label, inferred 0|1]) and ``at`` (the place key they aggregate by).
    """
    lang = i18n.check_lang(lang)
    _ = i18n.translator(lang)
    ramp = style.presence_years(layers)
    outline_ids = {str(f["properties"]["iso_a3"]): str(f["id"])
                   for f in layers.features("basemap")}
    rows: set[str] = {CHANGED_ROW, marks.CLUSTER_ROW}
    places = {str(f["id"]): f["properties"] for f in layers.features("places")}
    languages = {sid: str(s["language"]) for sid, s in layers.sources.items()}
    data_layers: dict[str, Any] = {}
    for layer in vocab.LAYERS:
        table = _Table()
        features = [_feature_entry(layer, f, ramp=ramp, table=table, rows=rows,
                                   outline_ids=outline_ids, _=_, lang=lang, places=places,
                                   languages=languages)
                    for f in sorted(layers.features(layer), key=lambda f: str(f["id"]))]
        data_layers[layer] = {"symbols": table.items, "features": features,
                              "filters": list(selection.FILTERS[layer])}
    legend_rows = [{**row, "section": section["id"], "section_title": section["title"]}
                   for section in legend.rows_for_ids(rows, lang=lang, presence_years=ramp)
                   for row in section["rows"]]
    first, last = year_bounds(layers)
    basemap = [{"id": str(f["id"]), "iso": str(f["properties"]["iso_a3"]),
                "g": _geometry(f["geometry"], OUTLINE_DECIMALS)}
               for f in sorted(layers.features("basemap"), key=lambda f: str(f["id"]))]
    return {
        "version": PAYLOAD_VERSION,
        "lang": lang,
        "years": [first, last],
        "quiet_years": quiet_years(layers),
        "presence_years": list(ramp),
        "initial": {"year": last, "mode": selection.MODES[0], "layers": list(vocab.LAYERS)},
        "layer_order": list(vocab.LAYERS),
        "roles": ROLES,
        "modes": list(selection.MODES),
        "filter_names": list(selection.FILTER_NAMES),
        "refit_filters": list(REFIT_FILTERS),
        "langs": list(i18n.LANGS),
        "changed_row": CHANGED_ROW,
        "strings": {key: _(msgid) for key, msgid in UI_STRINGS.items()},
        "style": style.style_json(),
        "legend_rows": legend_rows,
        "basemap": basemap,
        "layers": data_layers,
        "country_labels": _country_labels(layers, lang=lang),
        "sources": {sid: {"label": text.source_line(sid, layers.sources, lang=lang)}
                    for sid in sorted(layers.sources)},
        "tiles": ({"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                   "attribution": "© OpenStreetMap contributors"} if tiles else None),
        "attribution": _(N_("Outlines: Natural Earth · Data: tda-map, CC BY 4.0")),
        "title_block": _title_block(layers, lang=lang),
    }


def _title_block(layers: Layers, *, lang: str) -> dict[str, Any]:
    """The page's title block: title, caveat, source line and the summary sentence of every
    (mode, year) of the unfiltered view (`geo.data.credits.summary_text`)."""
    _ = i18n.translator(lang)
    first, last = year_bounds(layers)
    summaries = {mode: {str(year): credits.summary_text(
                     selection.select(layers, selection.Filters(year=year, mode=mode)).summary(),
                     lang=lang)
                        for year in range(first, last + 1)}
                 for mode in selection.MODES}
    every_source = credits.cited_source_ids(
        f for name in vocab.LAYERS if name != "places" for f in layers.features(name))
    credit = (f"{credits.sources_text(every_source, layers, lang=lang)} — "
              f"{credits.data_as_of_text(layers, lang=lang)}")
    return {"title": _(credits.MAP_TITLE), "caveat": _(credits.CAVEAT), "credit": credit,
            "summaries": summaries}


def payload_json(layers: Layers, *, lang: str, tiles: bool = False) -> str:
    """`payload` as HTML-safe JSON (`geo.jsonio.html_safe_json`)."""
    return html_safe_json(payload(layers, lang=lang, tiles=tiles))
