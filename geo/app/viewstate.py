"""The view a reader sees (year, mode, filters, layers, map view, language, briefing) and its
forms: the app's URL query string (a link reproduces the view), the app's widget values,
the map page's query and the state the map page reports (``tda:state``).

Query parameters of the app (every one optional; lists are comma-separated or repeated)::

    year=2022  mode=cumulative|only  country=PER,CHL  group=tren-de-aragua
    event=arrest,rescue  corridor=drug_transport  layers=presence,routes,events
    lat=-12.05  lon=-77.04  zoom=6  tiles=osm  briefing=1  lang=es

Parsing never fails: a bad value falls back to its default and is reported in the returned
list of problems, which the app shows as a warning (long values cut). The map page's
reports are parsed the same way: anything unknown is dropped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from geo.data.selection import MODES, Filters, Layers, Mode, filter_options, year_bounds
from geo.export.pagestate import PAGE_FILTERS, page_state
from geo.i18n import DEFAULT_LANG, LANGS
from geo.views.leaflet.zoom import MAX_ZOOM, MIN_ZOOM
from geo.vocab import LAYERS as LAYER_ORDER

# Filter field of `Filters` -> query parameter name.
FILTER_PARAMS: dict[str, str] = {"countries": "country", "groups": "group",
                                 "event_kinds": "event", "corridor_kinds": "corridor"}
# Widget keys of the app (one per part of the view edited in Streamlit; the year and the
# mode are edited in the map).
WIDGET_KEYS = ("countries", "groups", "event_kinds", "corridor_kinds", "layers", "tiles",
               "briefing", "lang")
SHOWN_VALUE_CHARS = 60  # a value echoed in a warning is cut to this length
SHOWN_VALUES = 5  # values listed per warning; the count names the rest
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")
_LATLON_DECIMALS = 4
_MAX_LAT = 85.0


@dataclass(frozen=True)
class MapView:
    """A map view: centre (lat, lon, degrees) and Leaflet zoom level (quarter steps)."""

    lat: float
    lon: float
    zoom: float


@dataclass(frozen=True)
class ViewOptions:
    """What the data allows: year range and the values of each filter, sorted."""

    first_year: int
    last_year: int
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class View:
    """Everything a link reproduces."""

    filters: Filters
    layers: tuple[str, ...] = LAYER_ORDER
    map_view: MapView | None = None
    tiles: bool = False
    briefing: bool = False
    lang: str = DEFAULT_LANG


def view_options(layers: Layers) -> ViewOptions:
    """The options of `layers` (year bounds and filter values)."""
    first, last = year_bounds(layers)
    return ViewOptions(first, last, filter_options(layers))


def default_view(*, options: ViewOptions) -> View:
    """The latest year, cumulative, every layer, no filter, map fitted to the data."""
    return View(Filters(year=options.last_year))


def view_from_query(params: Mapping[str, str | Sequence[str]], *,
                    options: ViewOptions) -> tuple[View, list[str]]:
    """Parse query parameters into a view; also return one message per ignored value."""
    problems: list[str] = []
    view = default_view(options=options)
    year, mode = view.filters.year, view.filters.mode
    raw_year = _last(params, "year")
    if raw_year is not None:
        parsed = _int(raw_year)
        if parsed is not None and options.first_year <= parsed <= options.last_year:
            year = parsed
        else:
            problems.append(f"year={shown(raw_year)} is not a year from {options.first_year} to "
                            f"{options.last_year}; showing {year}")
    raw_mode = _last(params, "mode")
    if raw_mode is not None:
        if raw_mode in MODES:
            mode = _mode(raw_mode)
        else:
            problems.append(f"mode={shown(raw_mode)} is not one of {', '.join(MODES)}; "
                            f"showing {mode}")
    chosen: dict[str, tuple[str, ...]] = {}
    for name, param in FILTER_PARAMS.items():
        allowed = options.choices.get(name, ())
        values = _list(params, param)
        unknown = [v for v in values if v not in allowed]
        if unknown:
            problems.append(f"{param}: ignored unknown value(s) {shown_list(unknown)}")
        chosen[name] = tuple(v for v in allowed if v in values)
    layers = view.layers
    if "layers" in params:
        wanted = _list(params, "layers")
        unknown = [v for v in wanted if v not in LAYER_ORDER and v != "none"]
        if unknown:
            problems.append(f"layers: ignored unknown layer(s) {shown_list(unknown)}")
        layers = tuple(name for name in LAYER_ORDER if name in wanted)
        if wanted and unknown and not layers and "none" not in wanted:
            problems.append("layers= names no known layer; showing every layer")
            layers = view.layers
        if not wanted:
            problems.append("layers= is empty; showing every layer (use layers=none to hide "
                            "them all)")
            layers = view.layers
    map_view, problem = _map_view(params)
    if problem:
        problems.append(problem)
    tiles = False
    raw_tiles = _last(params, "tiles")
    if raw_tiles is not None:
        if raw_tiles in ("osm", "none"):
            tiles = raw_tiles == "osm"
        else:
            problems.append(f"tiles={shown(raw_tiles)} is not 'osm' or 'none'; tiles off")
    briefing = _flag(params, "briefing", problems)
    lang = DEFAULT_LANG
    raw_lang = _last(params, "lang")
    if raw_lang is not None:
        if raw_lang in LANGS:
            lang = raw_lang
        else:
            problems.append(f"lang={shown(raw_lang)} is not one of {', '.join(LANGS)}; "
                            f"showing {lang}")
    filters = Filters(year=year, mode=mode, **chosen)
    return View(filters, layers, map_view, tiles, briefing, lang), problems


def shown(value: str) -> str:
    """`value` quoted for a message, cut to `SHOWN_VALUE_CHARS` characters."""
    if len(value) <= SHOWN_VALUE_CHARS:
        return repr(value)
    return f"{value[:SHOWN_VALUE_CHARS]!r}… ({len(value):,} characters)"


def shown_list(values: Sequence[str]) -> str:
    """The first `SHOWN_VALUES` of `values`, each `shown`, then how many more (bounded)."""
    listed = ", ".join(map(shown, values[:SHOWN_VALUES]))
    rest = len(values) - SHOWN_VALUES
    return listed + (f" … and {rest:,} more" if rest > 0 else "")


def view_to_query(view: View) -> dict[str, str]:
    """Query parameters of a view: year and mode always, the rest only when not default."""
    query = {"year": str(view.filters.year), "mode": view.filters.mode}
    for name, param in FILTER_PARAMS.items():
        values: tuple[str, ...] = getattr(view.filters, name)
        if values:
            query[param] = ",".join(values)
    if view.layers != LAYER_ORDER:
        query["layers"] = ",".join(view.layers) if view.layers else "none"
    if view.map_view is not None:
        query["lat"] = f"{view.map_view.lat:.{_LATLON_DECIMALS}f}"
        query["lon"] = f"{view.map_view.lon:.{_LATLON_DECIMALS}f}"
        query["zoom"] = f"{view.map_view.zoom:g}"
    if view.tiles:
        query["tiles"] = "osm"
    if view.briefing:
        query["briefing"] = "1"
    if view.lang != DEFAULT_LANG:
        query["lang"] = view.lang
    return query


def page_query(view: View) -> dict[str, str]:
    """The map page's query for `view` (the page's parameter names; see docs/app.md)."""
    query = {"year": str(view.filters.year), "mode": view.filters.mode, "lang": view.lang}
    for name in PAGE_FILTERS:
        values: tuple[str, ...] = getattr(view.filters, name)
        if values:
            query[name] = ",".join(values)
    if view.layers != LAYER_ORDER:
        query["layers"] = ",".join(view.layers)
    if view.map_view is not None:
        query.update(lat=f"{view.map_view.lat:g}", lon=f"{view.map_view.lon:g}",
                     zoom=f"{view.map_view.zoom:g}")
    if view.tiles:
        query["tiles"] = "1"
    if view.briefing:
        query["briefing"] = "1"
    return query


def page_set(view: View) -> dict[str, Any]:
    """The partial page state (``tda:set``) that shows the Streamlit side of `view`."""
    return page_state(view.filters, layers=view.layers)


def view_from_page(report: Any, *, previous: View, options: ViewOptions) -> View:
    """`previous` updated with what the map page reported (``tda:state``), checked.

    The report comes from the browser: a value of the wrong type, out of range or not one
    the data offers is ignored (the previous value stays).
    """
    if not isinstance(report, Mapping):
        return previous
    filters = previous.filters
    year, mode = filters.year, filters.mode
    raw_year = report.get("year")
    if isinstance(raw_year, int) and not isinstance(raw_year, bool) \
            and options.first_year <= raw_year <= options.last_year:
        year = raw_year
    if report.get("mode") in MODES:
        mode = _mode(str(report["mode"]))
    chosen = {name: getattr(filters, name) for name in PAGE_FILTERS}
    raw_filters = report.get("filters")
    if isinstance(raw_filters, Mapping):
        for name in PAGE_FILTERS:
            values = raw_filters.get(name)
            if isinstance(values, list):
                allowed = options.choices.get(name, ())
                chosen[name] = tuple(v for v in allowed if v in values)
    layers = previous.layers
    if isinstance(report.get("layers"), list):
        layers = tuple(name for name in LAYER_ORDER if name in report["layers"])
    map_view = previous.map_view
    raw_view = report.get("view")
    if isinstance(raw_view, Mapping):
        try:
            checked = _checked_view(float(raw_view["lat"]), _wrap_lon(float(raw_view["lon"])),
                                    float(raw_view["zoom"]))
        except (KeyError, TypeError, ValueError, OverflowError):  # e.g. lat = 10**400
            checked = None
        map_view = checked or map_view
    return replace(previous, filters=Filters(year=year, mode=mode, **chosen), layers=layers,
                   map_view=map_view)

def widget_values(view: View) -> dict[str, Any]:
    """The value of each widget key (`WIDGET_KEYS`) that shows `view`."""
    filters = view.filters
    return {**{name: list(getattr(filters, name)) for name in FILTER_PARAMS},
            "layers": list(view.layers), "tiles": view.tiles, "briefing": view.briefing,
            "lang": view.lang}


def seed_widgets(state: MutableMapping[Any, Any], view: View) -> None:
    """Give each widget key missing from `state` the value that shows `view`.

    Widgets that were not drawn in a run (e.g. in the briefing view) lose their state; this
    restores them from the view when they come back.
    """
    for key, value in widget_values(view).items():
        if key not in state:
            state[key] = value


def start_session(state: MutableMapping[Any, Any], params: Mapping[str, str | Sequence[str]],
                  *, options: ViewOptions) -> None:
    """On a session's first run, set its view from the URL (once; later runs keep theirs).

    Keys: ``view`` (the current `View`), ``url_problems`` and ``start_view`` (the link's
    ignored values and the view it opened, see `url_problems`), ``page_view``
    (the view the map page was opened with: its address changes only with the language,
    tiles or layout) and ``revision`` (counts Streamlit-side changes sent to the page).
    """
    if "view" not in state:
        view, problems = view_from_query(params, options=options)
        state.update(view=view, url_problems=problems, page_view=view, start_view=view,
                     revision=0)
    seed_widgets(state, state["view"])


def url_problems(state: MutableMapping[Any, Any]) -> list[str]:
    """The link's ignored values, while the reader has not changed the year, mode, filters
    or layers since the link opened (moving the map keeps them)."""
    problems: list[str] = state.get("url_problems") or []
    start: View | None = state.get("start_view")
    view: View = state["view"]
    if problems and start is not None and (view.filters, view.layers) == (start.filters,
                                                                          start.layers):
        return problems
    state["url_problems"] = []
    return []


def apply_page_report(state: MutableMapping[Any, Any], report: Any, *,
                      options: ViewOptions) -> View:
    """Take what the map page reported as the view, and make the sidebar widgets show it
    (a filter changed in the map is not a Streamlit-side change: nothing is sent back)."""
    view = view_from_page(report, previous=state["view"], options=options)
    state["view"] = view
    values = widget_values(view)
    for key in (*FILTER_PARAMS, "layers"):
        state[key] = values[key]
    return view


def update_view(state: MutableMapping[Any, Any]) -> View:
    """Store the view the widgets show. A changed filter or layer is sent to the page (a new
    ``revision``); a changed language, tiles or layout reopens the page where it was."""
    previous: View = state["view"]
    view = view_from_widgets(state, previous=previous)
    if (view.filters, view.layers) != (previous.filters, previous.layers):
        state["revision"] = int(state.get("revision", 0)) + 1
    if (view.lang, view.tiles, view.briefing) != (previous.lang, previous.tiles,
                                                   previous.briefing):
        state["page_view"] = view
    state["view"] = view
    return view


def view_from_widgets(state: Mapping[Any, Any], *, previous: View) -> View:
    """`previous` updated with the widget values present in `state` (absent keys kept)."""
    current = widget_values(previous)
    current.update({key: state[key] for key in WIDGET_KEYS if key in state})
    filters = Filters(year=previous.filters.year, mode=previous.filters.mode,
                      **{name: tuple(current[name]) for name in FILTER_PARAMS})
    layers = tuple(name for name in LAYER_ORDER if name in current["layers"])
    lang = str(current["lang"]) if current["lang"] in LANGS else previous.lang
    return replace(previous, filters=filters, layers=layers, tiles=bool(current["tiles"]),
                   briefing=bool(current["briefing"]), lang=lang)


def _map_view(params: Mapping[str, str | Sequence[str]]) -> tuple[MapView | None, str | None]:
    raw = {key: _last(params, key) for key in ("lat", "lon", "zoom")}
    given = {k: v for k, v in raw.items() if v is not None}
    if not given:
        return None, None
    try:
        lat, lon = float(raw["lat"] or "nan"), float(raw["lon"] or "nan")
        view = _checked_view(lat, lon, float(raw["zoom"] or "nan"))
    except (ValueError, OverflowError):
        view = None
    if view is None:
        values = "&".join(f"{k}={v[:SHOWN_VALUE_CHARS]}" + ("…" if len(v) > SHOWN_VALUE_CHARS
                                                              else "")
                          for k, v in given.items())
        return None, (f"map view {values!r} needs lat (-85 to 85), lon (-180 to 180) and zoom "
                      f"({MIN_ZOOM} to {MAX_ZOOM}); fitting the map to the data")
    return view, None


def _checked_view(lat: float, lon: float, zoom: float) -> MapView | None:
    if not (math.isfinite(lat) and math.isfinite(lon) and math.isfinite(zoom)):
        return None
    if not (-_MAX_LAT <= lat <= _MAX_LAT and -180 <= lon <= 180 and MIN_ZOOM <= zoom <= MAX_ZOOM):
        return None
    return MapView(round(lat, _LATLON_DECIMALS), round(lon, _LATLON_DECIMALS),
                   round(zoom * 4) / 4)  # the map snaps zoom to quarters


def _wrap_lon(lon: float) -> float:
    return ((lon + 180.0) % 360.0) - 180.0


def _flag(params: Mapping[str, str | Sequence[str]], key: str, problems: list[str]) -> bool:
    raw = _last(params, key)
    if raw is None or raw.lower() in _FALSE:
        return False
    if raw.lower() in _TRUE:
        return True
    problems.append(f"{key}={shown(raw)} is not 1 or 0; off")
    return False


def _mode(value: str) -> Mode:
    return "only" if value == "only" else "cumulative"


def _values(params: Mapping[str, str | Sequence[str]], key: str) -> list[str]:
    value = params.get(key)
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _last(params: Mapping[str, str | Sequence[str]], key: str) -> str | None:
    values = _values(params, key)
    return values[-1].strip() if values else None


def _list(params: Mapping[str, str | Sequence[str]], key: str) -> list[str]:
    """Comma-separated or repeated values, stripped, without empties, in given order."""
    items = [part.strip() for value in _values(params, key) for part in value.split(",")]
    return list(dict.fromkeys(item for item in items if item))


def _int(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None
