"""What the app shows around the map: timeline chart, events table, download names, text.

Pure functions of the layers and a selection; the app only lays them out. Every string here
is plain text (the app renders it as text or escapes it), never HTML.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlencode

import pandas as pd

from geo.data import text
from geo.data.selection import Filters, Layers, Selection
from geo.vocab import label

DOWNLOAD_LAYERS: dict[str, str] = {"presence": "Presence", "spread": "Spread",
                                   "routes": "Corridors", "places": "Places",
                                   "events": "Events"}
"""Layers offered as GeoJSON downloads (the files come from `geo.research.layer_geojson`)."""
EVENT_COLUMNS = ("Date", "Event", "Kind", "Place", "Country", "Figures", "Sources", "Quote")
MAP_HEIGHT_PX = 620
BRIEFING_MAP_HEIGHT_PX = 860  # title, map and sources fill a 1920x1080 screen
PLAY_INTERVAL_S = 1.5
MODE_LABELS = {"cumulative": "Up to the year", "only": "That year only"}
# Briefing view: no Streamlit header or sidebar, tight margins (constant CSS, no data).
BRIEFING_CSS = """<style>
header[data-testid="stHeader"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"] { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding: 0.8rem 1.2rem 0 1.2rem !important;
  max-width: 100% !important; }
h2 { padding: 0 0 0.1rem 0 !important; }
</style>"""
_HIGHLIGHT = "#b30000"
_MUTED = "#c9c9c9"
# Every ASCII punctuation character: escaping them all also stops auto-links (www., http://,
# x@y) and HTML.
_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")


def timeline_svg(counts: list[tuple[int, int]], *, filters: Filters, width: int = 640,
                 height: int = 170) -> str:
    """Bar chart of events per year as SVG: the year shown (or the years up to it) in red.

    Built from numbers only (no layer text), drawn as an image: light enough to redraw on
    every slider step (a Vega-Lite chart costs the browser ~70 ms per update).
    """
    year, mode = filters.year, filters.mode
    left, right, top, bottom = 30, 8, 16, 22
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([n for _, n in counts] + [1])
    step = plot_w / max(len(counts), 1)
    ticks = sorted({0, peak, *([peak // 2] if peak >= 4 else [])})
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
             f"viewBox='0 0 {width} {height}' font-family='sans-serif' font-size='11' "
             "fill='#31333f'>"]
    for tick in ticks:
        y = top + plot_h - plot_h * tick / peak
        parts.append(f"<line x1='{left}' x2='{width - right}' y1='{y:.1f}' y2='{y:.1f}' "
                     f"stroke='#e6e6e6'/><text x='{left - 5}' y='{y + 4:.1f}' "
                     f"text-anchor='end'>{tick}</text>")
    label_every = 1 if step >= 34 else 2
    for n, (bar_year, count) in enumerate(counts):
        shown = bar_year == year if mode == "only" else bar_year <= year
        x = left + n * step
        bar_h = plot_h * count / peak
        parts.append(f"<rect x='{x + step * 0.1:.1f}' y='{top + plot_h - bar_h:.1f}' "
                     f"width='{step * 0.8:.1f}' height='{bar_h:.1f}' "
                     f"fill='{_HIGHLIGHT if shown else _MUTED}'><title>{bar_year}: {count} "
                     f"event{'s' if count != 1 else ''}</title></rect>")
        if bar_year == year or (n % label_every == 0
                                and (label_every == 1 or abs(bar_year - year) > 1)):
            weight = " font-weight='bold'" if bar_year == year else ""
            parts.append(f"<text x='{x + step / 2:.1f}' y='{height - 6}' "
                         f"text-anchor='middle'{weight}>{bar_year}</text>")
        if bar_year == year:
            parts.append(f"<line x1='{x + step / 2:.1f}' x2='{x + step / 2:.1f}' y1='{top - 4}'"
                         f" y2='{top + plot_h}' stroke='#111111' stroke-dasharray='4 3'/>")
    parts.append("</svg>")
    return "".join(parts)


def events_table(selection: Selection, layers: Layers) -> pd.DataFrame:
    """One row per selected event, latest first: date, title, kind, place, figures, sources."""
    rows: list[tuple[tuple[str, str], dict[str, str]]] = []
    for feature in selection.events:
        props = feature["properties"]
        figures = "; ".join(
            f"{label(str(f['figure']))}: {text.figure_text(f)} "
            f"({_outlet(str(f['source']), layers)})"
            + (" ⚠ sources differ" if f["figure"] in props["figures_disagree"] else "")
            for f in props["figures"])
        rows.append(((str(props["date"]), str(feature["id"])), {
            "Date": text.date_label(str(props["date"]), precision=str(props["date_precision"]),
                                      date_end=props.get("date_end"),
                                      inferred=bool(props["date_inferred"])),
            "Event": str(props["title"]),
            "Kind": label(str(props["kind"])),
            "Place": f"{props['place_name']} ({props['geo_precision']} precision)",
            "Country": str(props["country"]),
            "Figures": figures,
            "Sources": "; ".join(text.source_line(str(s), layers.sources)
                                 for s in props["sources"]),
            "Quote": " / ".join(f"“{e['quote']}”" for e in props["evidence"]),
        }))
    rows.sort(key=lambda row: row[0], reverse=True)
    return pd.DataFrame([row for _, row in rows], columns=list(EVENT_COLUMNS))


def _outlet(source_id: str, layers: Layers) -> str:
    source = layers.sources.get(source_id)
    return str(source["outlet"]) if source else source_id


def country_names(layers: Layers) -> dict[str, str]:
    """ISO alpha-3 code -> 'Name (CODE)' from the base map, for the country filter."""
    return {str(f["properties"]["iso_a3"]): f"{f['properties']['name']} "
            f"({f['properties']['iso_a3']})" for f in layers.features("basemap")}


def download_name(*, name: str, filters: Filters | None, extension: str = "geojson") -> str:
    """File name of a download, e.g. 'tda-events-2022-cumulative.geojson'."""
    if filters is None:
        return f"tda-{name}-all.{extension}"
    suffix = "-filtered" if any((filters.countries, filters.groups, filters.event_kinds,
                                 filters.corridor_kinds)) else ""
    return f"tda-{name}-{filters.year}-{filters.mode}{suffix}.{extension}"


@dataclass(frozen=True)
class FileDownload:
    """One export offered by the app; `data` is called only when the user clicks."""

    key: str
    label: str
    data: Callable[[], bytes | str]
    file_name: str
    mime: str


def layer_geojson(layers: Layers, *, name: str, selection: Selection | None = None) -> str:
    """One layer as GeoJSON, filtered to `selection` or whole (the CLI's function)."""
    from geo.export import research  # noqa: PLC0415 (geopandas loads on a download only)

    return research.layer_geojson(layers, name=name, selection=selection)


def file_downloads(layers: Layers, *, selection: Selection) -> list[FileDownload]:
    """The briefing image and research files of the view (same functions as the CLI)."""
    # Loaded when the popover opens, not at the app's start (matplotlib, geopandas).
    from geo.export import research  # noqa: PLC0415
    from geo.views.print import render  # noqa: PLC0415

    filters = selection.filters
    return [
        FileDownload("briefing_png", "Briefing image of this view (PNG, 300 dpi)",
                     partial(render.briefing_png, selection, layers=layers),
                     download_name(name="briefing", filters=filters, extension="png"),
                     "image/png"),
        FileDownload("gpkg_view", "All layers of this view (GeoPackage)",
                     partial(research.geopackage_bytes, layers, selection=selection),
                     download_name(name="layers", filters=filters, extension="gpkg"),
                     "application/geopackage+sqlite3"),
        FileDownload("gpkg_all", "All layers, full data (GeoPackage)",
                     partial(research.geopackage_bytes, layers),
                     download_name(name="layers", filters=None, extension="gpkg"),
                     "application/geopackage+sqlite3"),
        FileDownload("events_csv", "Events of this view with sources (CSV)",
                     partial(research.events_csv, layers, selection=selection),
                     download_name(name="events", filters=filters, extension="csv"), "text/csv"),
        FileDownload("datapackage", "Data package, full data (ZIP, Frictionless)",
                     partial(research.datapackage_zip, layers),
                     download_name(name="datapackage", filters=None, extension="zip"),
                     "application/zip"),
        FileDownload("citation", "How to cite (text and BibTeX)",
                     partial(research.citation_text, layers), "tda-citation.txt", "text/plain"),
    ]


def plain_markdown(text: str) -> str:
    """`text` shown literally by ``st.markdown``/``caption``/``error``: every ASCII
    punctuation character escaped (no emphasis, link, auto-link, image or HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


SITE_ADDRESS = "https://your-site.example/tda-map/index.html"
"""Placeholder address of the published static site in the embed snippet."""


def site_page_address(query: dict[str, str], *, base: str = SITE_ADDRESS) -> str:
    """Address of the published page showing the view of `query` (the page's names)."""
    return f"{base}?{urlencode(query)}" if query else base


CAPTION_STYLE = "font-size:0.875rem;color:rgba(49,51,63,0.6);margin:0 0 0.5rem 0"


def caption_html(text: str) -> str:
    """`text` as a caption in HTML, escaped: shown exactly as written (Markdown would turn
    www., http:// and x@y into links even when escaped)."""
    return f'<p style="{CAPTION_STYLE}">{html.escape(text)}</p>'


def embed_snippet(*, page_address: str, title: str) -> str:
    """HTML that embeds the static site's page in another page: full width, responsive
    height (4:3, at most 85% of the window, at least 420 px). Constant markup; the
    address and title are escaped."""
    return (f'<iframe src="{html.escape(page_address)}" title="{html.escape(title)}"\n'
            '  style="width:100%;aspect-ratio:4/3;max-height:85vh;min-height:420px;border:0"\n'
            '  loading="lazy" referrerpolicy="no-referrer" allowfullscreen></iframe>')
