"""What the app shows around the map: download names and files, captions, embed code.

Pure functions of the layers and a selection; the app only lays them out. Every string here
is plain text (the app renders it as text or escapes it), never HTML.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from urllib.parse import urlencode

from geo.data.credits import filter_phrases
from geo.data.selection import Filters, Layers, Selection
from geo.i18n import country_name

MAP_HEIGHT_PX = 760
"""The map's height in the app; the frame then grows to the page's panels below the map
(the page's ``tda:height`` reports), so nothing scrolls inside it."""
BRIEFING_MAP_HEIGHT_PX = 860  # title, map and sources fill a 1920x1080 screen
# Briefing view: no Streamlit header or sidebar, tight margins (constant CSS, no data).
BRIEFING_CSS = """<style>
header[data-testid="stHeader"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"] { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding: 0.8rem 1.2rem 0 1.2rem !important;
  max-width: 100% !important; }
h2 { padding: 0 0 0.1rem 0 !important; }
</style>"""
# Every ASCII punctuation character: escaping them all also stops auto-links (www., http://,
# x@y) and HTML.
_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")


def plain_country_names(layers: Layers, *, lang: str) -> dict[str, str]:
    """ISO alpha-3 code -> the country's name in `lang`."""
    return {str(f["properties"]["iso_a3"]): country_name(
                str(f["properties"]["iso_a3"]), lang=lang, default=str(f["properties"]["name"]))
            for f in layers.features("basemap")}


def country_names(layers: Layers, *, lang: str) -> dict[str, str]:
    """ISO alpha-3 code -> 'Name (CODE)' in `lang`, for the country filter."""
    return {code: f"{name} ({code})"
            for code, name in plain_country_names(layers, lang=lang).items()}


def filter_caption(filters: Filters, layers: Layers, *, lang: str) -> list[str]:
    """The filter phrases of `filters` (`geo.data.credits.filter_phrases`) in `lang`, with
    each country's name in that language instead of its ISO code."""
    names = plain_country_names(layers, lang=lang)
    named = replace(filters, countries=tuple(names.get(c, c) for c in filters.countries))
    return filter_phrases(named, lang=lang)


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


CAPTION_STYLE = "font-size:0.875rem;color:#555861;margin:0 0 0.5rem 0"


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
