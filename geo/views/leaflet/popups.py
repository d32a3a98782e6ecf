"""Popup and tooltip text for map features; every value from a layer is HTML-escaped.

Layer values are untrusted: they pass through `html.escape` before they reach any markup,
so a name such as ``<img src=x onerror=alert(1)>`` shows as text and never runs.
"""

from __future__ import annotations

from html import escape

from geo.data.text import Catalog, Props, date_label, figure_text, source_line
from geo.vocab import label


def _figures_html(figures: list[Props], catalog: Catalog, disagree: list[str]) -> str:
    if not figures:
        return ""
    rows = []
    for figure in figures:
        who = f" — {figure['attributed_to']}" if figure.get("attributed_to") else ""
        flag = " ⚠ sources differ" if figure["figure"] in disagree else ""
        rows.append(
            f"<li><b>{escape(label(str(figure['figure'])))}</b>: {escape(figure_text(figure))}"
            f"{escape(who)} <i>({escape(source_line(str(figure['source']), catalog))})</i>"
            f"{escape(flag)}</li>")
    return "<ul class='figures'>" + "".join(rows) + "</ul>"


def _evidence_html(evidence: list[Props], catalog: Catalog) -> str:
    items = []
    for item in evidence:
        cited = escape(source_line(str(item["source"]), catalog))
        items.append(f"<blockquote>“{escape(str(item['quote']))}”<br><small>{cited}</small>"
                     "</blockquote>")
    return "".join(items)


def _wrap(title: str, lines: list[str], body: str) -> str:
    meta = "".join(f"<div>{escape(line)}</div>" for line in lines if line)
    return f"<div class='tda-popup'><h4>{escape(title)}</h4>{meta}{body}</div>"


def event_popup(props: Props, catalog: Catalog) -> str:
    """Popup HTML of an event: title, date with precision, place, figures, sources."""
    lines = [
        f"{label(str(props['kind']))} · " + date_label(
            str(props["date"]), precision=str(props["date_precision"]),
            date_end=props.get("date_end"), inferred=bool(props["date_inferred"])),
        f"{props['place_name']} ({props['geo_precision']} precision)",
        "Groups: " + ", ".join(label(g) for g in props["groups"]) if props["groups"] else "",
        f"Date note: {props['date_note']}" if props.get("date_note") else "",
    ]
    body = _figures_html(list(props["figures"]), catalog, list(props["figures_disagree"]))
    return _wrap(str(props["title"]), lines, body + _evidence_html(list(props["evidence"]),
                                                                   catalog))


def place_popup(props: Props, catalog: Catalog) -> str:
    """Popup HTML of a place: name, kind, precision, location note, sources."""
    lines = [f"{label(str(props['kind']))} · {props['country']} · "
             f"{props['geo_precision']} precision",
             f"Location: {props['location_note']}" if props.get("location_note") else "",
             f"Gazetteer: {props['gazetteer_id']}" if props.get("gazetteer_id") else ""]
    return _wrap(str(props["name"]), lines, _evidence_html(list(props["evidence"]), catalog))


def route_popup(props: Props, catalog: Catalog) -> str:
    """Popup HTML of a corridor: kind, years, length, countries, schematic note, sources."""
    years = (f"{props['first_year']}" if props["first_year"] == props["last_year"]
             else f"{props['first_year']}–{props['last_year']}")
    lines = [
        f"{label(str(props['kind']))} · reported {years}"
        + (" (inferred)" if props["years_inferred"] else "")
        + (" · suspected" if props["certainty"] == "suspected" else ""),
        " → ".join(str(n) for n in props["waypoint_names"]),
        f"{props['length_km']:,.0f} km · crosses " + " → ".join(props["countries_crossed"]),
        f"Schematic: {props['schematic_note']}" if props.get("schematic") else "",
        f"Years: {props['years_note']}" if props.get("years_note") else "",
    ]
    return _wrap(str(props["name"]), lines, _evidence_html(list(props["evidence"]), catalog))


def presence_popup(props: Props, catalog: Catalog) -> str:
    """Popup HTML of a presence country: first reported year and every claim."""
    lines = [f"First reported: {props['first_reported_year']}"
             + (" (inferred)" if props["first_reported_inferred"] else ""),
             str(props.get("note") or "")]
    claims = [
        f"<li>{escape(str(c['year']))}{' (inferred)' if c['year_inferred'] else ''}: "
        f"“{escape(str(c['quote']))}” <small>{escape(source_line(str(c['source']), catalog))}"
        "</small></li>" for c in props["claims"]
    ]
    return _wrap(str(props["name"]), lines, "<ul>" + "".join(claims) + "</ul>")


def spread_popup(props: Props, catalog: Catalog) -> str:
    """Popup HTML of a spread line."""
    lines = [f"Tocorón → {props['target_name']}",
             f"First reported in {props['name']}: {props['first_year']}"
             + (" (inferred)" if props["year_inferred"] else "")]
    return _wrap(f"Spread to {props['name']}", lines,
                 _evidence_html(list(props["evidence"]), catalog))


def tooltip(props: Props) -> str:
    """One-line tooltip, escaped (folium renders tooltip text as HTML)."""
    name = props.get("title") or props.get("name") or props.get("id")
    extra = props.get("date") or props.get("first_reported_year") or props.get("first_year") or ""
    return escape(f"{name} ({extra})" if extra else str(name))

