"""CSV tables: events, figures and sources, for spreadsheets as much as for code."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from geo.data.selection import Layers, Selection
from geo.data.text import source_citation
from geo.export.research.geojson import RESEARCH_LAYERS, layer_features
from geo.export.research.schema import TABLE_TYPES, json_type, property_schemas, table_field

CSV_BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """`text` with a leading ``'`` when a spreadsheet would run it as a formula (a cell that
    starts with =, +, -, @, tab or carriage return; OWASP's CSV injection guidance)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


# Control characters (C0 but the line feed, DEL, C1) are removed: a NUL or an escape code in
# a cell breaks spreadsheets and terminals. Explicit bidi embeddings, overrides and isolates
# (U+202A-U+202E, U+2066-U+2069) are removed too rather than isolated: an override such as
# U+202E reorders the text around it, and wrapping every cell in isolates would change the
# text code reads; no record needs them (the implicit direction of letters is kept).
_REMOVED = dict.fromkeys([*range(0x00, 0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0),
                          *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
EXCEL_CELL_CHARS = 32_767  # Excel's limit per cell (UTF-16 code units)


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def clean_text(text: str) -> str:
    """`text` for a cell: controls and bidi embedding/override/isolate characters removed,
    a formula neutralised, and cut to `EXCEL_CELL_CHARS` with a visible marker."""
    text = neutralise_formula(text.replace("\r\n", "\n").replace("\r", "\n")
                              .translate(_REMOVED))
    if _utf16_length(text) <= EXCEL_CELL_CHARS:
        return text
    marker = f" … [cut: {len(text):,} characters in the data; see the GeoJSON]"
    kept = text[:EXCEL_CELL_CHARS - len(marker)]
    while (excess := _utf16_length(kept) + len(marker) - EXCEL_CELL_CHARS) > 0:
        kept = kept[:-excess]
    return kept + marker


def _cell(value: Any) -> str:
    """A CSV cell: numbers as written, text cleaned (`clean_text`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return clean_text(";".join(str(v) for v in value))
    return clean_text(str(value))


def _csv_text(columns: Iterable[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """CSV text for Excel as much as for code: a UTF-8 byte order mark, CRLF line ends."""
    buffer = io.StringIO()
    buffer.write(CSV_BOM)
    columns = list(columns)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


# Columns of the CSV tables that are not layer properties: name -> (type, description).
EVENT_EXTRA = {
    "lon": ("number", "Longitude of the event's point, WGS84 degrees."),
    "lat": ("number", "Latitude of the event's point, WGS84 degrees."),
    "source_ids": ("string", "Ids of the cited sources, separated by ';' (see sources.csv)."),
    "citations": ("string", "Citation of each source, one per line."),
    "quotes": ("string", "Verbatim quotes supporting the event, one per line, each followed "
                         "by its source id in brackets."),
}
EVENT_COLUMNS = ("id", "title", "title_es", "kind", "date", "date_end", "date_precision",
                  "date_inferred", "date_note", "year", "year_end", "country", "place",
                  "place_name", "place_name_es", "geo_precision", "lon", "lat", "groups",
                  "figures_disagree", "source_ids", "citations", "quotes")
FIGURE_COLUMNS = ("event_id", "figure", "value", "qualifier", "unit", "attributed_to",
                   "source_id", "citation", "quote", "sources_disagree")
FIGURE_FIELDS = {
    "event_id": ("string", "Id of the event (events.csv)."),
    "sources_disagree": ("boolean", "True when sources give different values for this "
                                    "figure of the event."),
    "source_id": ("string", "Id of the source that reports the figure (sources.csv)."),
    "citation": ("string", "Citation of that source."),
}
SOURCE_COLUMNS = ("id", "outlet", "title", "title_is_verbatim", "title_note", "author",
                   "published", "published_precision", "published_inferred", "published_note",
                   "outlet_basis", "language", "seed_file", "citation")
SOURCE_FIELDS = {
    "id": ("string", "Source id, cited by every layer's 'sources' and 'evidence'."),
    "outlet": ("string", "Publishing outlet as the article shows it."),
    "title": ("string", "Headline, or a descriptive title when the article has none."),
    "title_is_verbatim": ("boolean", "True when 'title' is the article's own headline."),
    "title_note": ("string", "Why the title is not verbatim."),
    "author": ("string", "Author when the article names one."),
    "published": ("string", "Publication date at its precision (YYYY, YYYY-MM, YYYY-MM-DD)."),
    "published_precision": ("string", "day, month or year."),
    "published_inferred": ("boolean", "True when the date is inferred from the text."),
    "published_note": ("string", "How the publication date was established."),
    "outlet_basis": ("string", "What in the text identifies the outlet."),
    "language": ("string", "Language of the article (ISO 639-1)."),
    "seed_file": ("string", "File name of the article text in the project's seed set."),
    "citation": ("string", "Human-readable citation."),
}


def events_csv(layers: Layers, *, selection: Selection | None = None) -> str:
    """One row per event with its point, sources, citations and quotes (UTF-8, CRLF)."""
    rows = []
    for feature in layer_features(layers, name="events", selection=selection):
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        rows.append({
            **{k: v for k, v in props.items() if k in EVENT_COLUMNS},
            "id": feature["id"], "lon": lon, "lat": lat,
            "source_ids": props["sources"],
            "citations": "\n".join(source_citation(s, layers.sources) for s in props["sources"]),
            "quotes": "\n".join(f"“{e['quote']}” [{e['source']}]" for e in props["evidence"]),
        })
    return _csv_text(EVENT_COLUMNS, rows)


def figures_csv(layers: Layers, *, selection: Selection | None = None) -> str:
    """One row per figure per source of every event (figures are never merged)."""
    rows = []
    for feature in layer_features(layers, name="events", selection=selection):
        props = feature["properties"]
        for figure in props["figures"]:
            rows.append({**figure, "event_id": feature["id"], "source_id": figure["source"],
                         "citation": source_citation(str(figure["source"]), layers.sources),
                         "sources_disagree": figure["figure"] in props["figures_disagree"]})
    return _csv_text(FIGURE_COLUMNS, rows)


def sources_rows(layers: Layers, selection: Selection | None) -> list[dict[str, Any]]:
    if selection is None:
        ids = sorted(layers.sources)
    else:
        cited = [f for name in RESEARCH_LAYERS if name != "basemap"
                 for f in layer_features(layers, name=name, selection=selection)]
        ids = sorted({s for f in cited for s in f["properties"].get("sources", [])})
    return [{**{k: layers.sources[i].get(k) for k in SOURCE_COLUMNS},
             "citation": source_citation(i, layers.sources)} for i in ids if i in layers.sources]


def sources_csv(layers: Layers, *, selection: Selection | None = None) -> str:
    """The cited articles, one row each (all of them without a selection)."""
    return _csv_text(SOURCE_COLUMNS, sources_rows(layers, selection))


def csv_files(layers: Layers, *, selection: Selection | None = None) -> dict[str, str]:
    """``{'events.csv': ..., 'figures.csv': ..., 'sources.csv': ...}``."""
    return {"events.csv": events_csv(layers, selection=selection),
            "figures.csv": figures_csv(layers, selection=selection),
            "sources.csv": sources_csv(layers, selection=selection)}


def csv_fields(columns: Iterable[str], *, layer: str | None,
                extra: Mapping[str, tuple[str, str]]) -> list[dict[str, Any]]:
    specs = property_schemas(layer) if layer else {}
    fields = []
    for column in columns:
        if column in extra:
            kind, description = extra[column]
            fields.append({"name": column, "type": kind, "description": description})
            continue
        field = table_field(column, specs[column])
        if field["type"] == "array":  # written as text; an empty list is an empty cell
            field["type"] = "string"
            field["description"] += " Values separated by ';'."
            field.pop("constraints", None)
        fields.append(field)
    return fields


def figure_specs() -> dict[str, tuple[str, str]]:
    figure = property_schemas("events")["figures"]["items"]["properties"]
    specs = {k: (TABLE_TYPES[json_type(v)], str(v.get("description", "")))
             for k, v in figure.items() if k != "source"}
    return {**specs, **FIGURE_FIELDS}
