"""Spanish throughout (issue 15 §8): every visible string of the Spanish print and of the
Spanish app page is Spanish, except what is data (quotes, titles and place names from the
layers, source labels without a Spanish one), proper names and numbers.

A text fails when, once the data strings are taken out, it still holds an English word of
the interface (`ENGLISH`) or a piece of an English msgid whose Spanish translation differs.
"""

from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

import pytest

from geo import i18n
from geo.data.selection import Filters, Layers, load_layers, select
from geo.data.text import label
from geo.views.print.render import render_briefing

SVG = "{http://www.w3.org/2000/svg}"
PROPER_NAMES = ("Tren de Aragua", "InSight Crime", "Natural Earth", "GeoNames",
                "Web Mercator", "CC BY 4.0", "OpenStreetMap", "GeoJSON", "GeoPackage", "PNG",
                "Streamlit")
STREAMLIT_CHROME = ("Skip to main content",)
ENGLISH = frozenset(("the", "of", "and", "as", "by", "in", "only", "with", "from", "to", "here",
    "zoom", "click", "list", "them", "this", "what", "since", "before", "event", "events",
    "people", "inferred", "sources", "source", "data", "date", "news", "report", "unsigned",
    "brief", "interview", "scale", "true", "country", "countries", "corridor", "corridors",
    "measured", "schematic", "legend", "places", "presence", "first", "reported", "selected",
    "year", "filtered", "layers", "layer", "download", "whole", "view", "briefing", "image",
    "embed", "changed", "outlined", "new", "dashed", "faded", "suspected", "marker",
    "approximate", "location", "show", "hide", "loop",
    # the project's own words in place names, now written in Spanish (name_es)
    "prison", "downtown", "region", "department", "near", "side", "trails", "bay"))
# The properties a view shows as a record's label: in Spanish, `geo.data.text.label` picks
# its Spanish words, so only those are data (the English label is not).
LABELS = ("name", "place_name", "title")


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def data_strings(layers: Layers) -> list[str]:
    """Every string of the layers a view may print as it is: names and titles in Spanish
    (`geo.data.text.label`), quotes, who said what, notes, and the English source labels of
    sources with no Spanish one."""
    keys = ("name", "place_name", "title", "quote", "said_by", "attributed_to", "note")
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str) and (key in keys or key.endswith("_note")):
                    found.add(_fold(item))
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for layer in ("places", "events", "presence", "routes", "spread"):
        for feature in layers.features(layer):
            props = feature["properties"]
            found.update(_fold(label(props, lang="es", field=key)) for key in LABELS
                         if props.get(key))
            walk({k: v for k, v in props.items() if k not in LABELS and k != "region"})
    walk([f["properties"] for f in layers.features("basemap")])
    for source in layers.sources.values():
        walk(source)
        for key in ("outlet", "author"):
            if source.get(key):
                found.add(_fold(str(source[key])))
        if not source.get("short_label_es") and source.get("short_label"):
            found.update(_fold(p) for p in re.split(r"[,;()]", str(source["short_label"]))
                         if len(p.strip()) >= 3)
    return sorted(found, key=len, reverse=True)


def _english_pieces() -> list[str]:
    """Literal pieces (two words or more) of English msgids translated differently."""
    pieces: set[str] = set()
    for msgid, spanish in i18n.catalog("es").items():
        if msgid == spanish:
            continue
        for raw in re.split(r"\{[^}]*\}", msgid):
            piece = _fold(raw.strip(" .,:;()·—-"))
            if len(piece.split()) >= 2 and piece not in spanish:
                pieces.add(piece)
    return sorted(pieces, key=len, reverse=True)


def english_leaks(texts: Iterable[str], *, data: list[str]) -> list[str]:
    """The texts that still read English once data strings and proper names are removed."""
    pieces = _english_pieces()
    leaks = []
    for text in texts:
        rest = _fold(text)
        for known in [*data, *PROPER_NAMES]:
            if known and known in rest:
                rest = rest.replace(known, " ")
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", rest)}
        if words & ENGLISH or any(re.search(rf"\b{re.escape(p)}\b", rest) for p in pieces):
            leaks.append(text)
    return leaks


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


def test_the_detector_catches_english(layers: Layers) -> None:
    data = data_strings(layers)
    assert english_leaks(["As of 2022 (cumulative)", "30 people", "date inferred",
                          "n events here: zoom in or click to list them"], data=data) == [
        "As of 2022 (cumulative)", "30 people", "date inferred",
        "n events here: zoom in or click to list them"]
    assert english_leaks(["Hasta 2022 (acumulado)", "30 personas", "fecha inferida",
                          "Lima", "InSight Crime, nov 2022", "1.740 km"], data=data) == []
    # the English words of a place name are no longer data: its Spanish name is
    assert english_leaks(["Tocorón prison", "Tarapacá region / Colchane +1"], data=data) == [
        "Tocorón prison", "Tarapacá region / Colchane +1"]
    assert english_leaks(["Penal de Tocorón", "Región de Tarapacá / Colchane +1"],
                         data=data) == []


def _svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    groups = []
    for group in root.iter(f"{SVG}g"):  # a wrapped text is one group of lines
        lines = [t for t in group if t.tag == f"{SVG}text"]
        if lines:
            groups.append(" ".join("".join(t.itertext()) for t in lines))
    return groups


@pytest.mark.parametrize("year", [2018, 2022, 2025])
def test_the_spanish_print_has_no_english_interface_string(layers: Layers, year: int) -> None:
    svg = render_briefing(select(layers, Filters(year=year)), layers=layers, fmt="svg",
                          lang="es")
    texts = _svg_texts(svg)
    assert len(texts) > 25
    assert english_leaks(texts, data=data_strings(layers)) == []
    english = render_briefing(select(layers, Filters(year=year)), layers=layers, fmt="svg")
    assert english_leaks(_svg_texts(english), data=data_strings(layers)) != []


def _app_texts(at: Any) -> list[str]:
    texts = [str(m.value) for m in [*at.markdown, *at.caption, *at.subheader, *at.header,
                                    *at.title]]
    texts += [re.sub(r"<[^>]+>", " ", html.unescape(str(n.proto.body)))
              for n in at.get("html")]
    for kind in ("button", "toggle", "multiselect", "segmented_control", "pills",
                 "expander", "popover", "download_button"):
        texts += [str(getattr(w, "label", "") or "") for w in at.get(kind)]
    return [re.sub(r"\\(.)", r"\1", t).replace("**", "") for t in texts if t]


def test_the_spanish_app_page_has_no_english_interface_string(
        layers: Layers, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest  # noqa: PLC0415

    from geo import config  # noqa: PLC0415
    from geo.views.leaflet import assets  # noqa: PLC0415

    assets.install_assets()
    monkeypatch.delenv(config.ENV_LAYERS_DIR, raising=False)
    at = AppTest.from_file(str(config.ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"lang": "es", "year": "2022"})
    at.run()
    assert not at.exception
    texts = _app_texts(at)
    assert len(texts) > 15
    title = "Tren de Aragua: expansión y corredores de tráfico"
    assert title in texts
    folder = str(layers.directory)  # the layers folder's path is shown as it is
    leaks = english_leaks(texts, data=[folder, *data_strings(layers)])
    assert leaks == []


def _browser_texts(lang: str) -> tuple[list[str], str, list[str]]:
    """(visible lines of the app page and of the map page in its frame, the page title,
    blocked requests), in Chromium."""
    from tests.support.appdriver import (  # noqa: PLC0415
        map_frame,
        open_browser,
        running_app,
        wait_idle,
    )

    with running_app() as server, open_browser(width=1440, height=1000) as session:
        page = session.page
        page.goto(f"{server.url}?lang={lang}&year=2022")
        frame = map_frame(page)
        wait_idle(page)
        texts = [t for t in page.inner_text("body").splitlines() if t.strip()]
        texts += [t for t in frame.inner_text("body").splitlines() if t.strip()]
        # Streamlit's own skip link, and the ligature names of Material icons
        # (':material/x:' renders the word the icon font draws) are not the app's text.
        ours = [t for t in texts if t.strip() not in STREAMLIT_CHROME
                and not re.fullmatch(r"[a-z_]+", t.strip())]
        return ours, page.title(), session.blocked


@pytest.mark.browser
def test_the_spanish_app_in_a_browser_has_no_english_interface_string(layers: Layers) -> None:
    """Every visible string of the app page and of the map page in its frame, in Chromium
    (the English page, read the same way, is caught)."""
    data = [str(layers.directory), *data_strings(layers)]
    texts, title, blocked = _browser_texts("es")
    assert blocked == []
    assert len(texts) > 20
    assert "Tren de Aragua: expansión y corredores de tráfico" in texts
    assert title == "Tren de Aragua: expansión y corredores de tráfico"
    assert english_leaks(texts, data=data) == []
    english, _, _ = _browser_texts("en")
    assert len(english_leaks(english, data=data)) > 5
