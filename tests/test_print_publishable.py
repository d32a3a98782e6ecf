"""Publishable print exports: SVG text and groups, PDF metadata, literal hostile text,
animations per page shape with a fixed legend, year ranges, progress, labels."""

from __future__ import annotations

import copy
import io
import itertools
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
import shapely
from PIL import Image, ImageSequence
from pypdf import PdfReader
from shapely.geometry import box, shape

from geo import style
from geo.cli import main
from geo.data.credits import MAP_TITLE, selection_source_ids
from geo.data.extent import largest_part, spherical_area_m2
from geo.data.selection import Filters, Layers, load_layers, select
from geo.errors import OptionError
from geo.export.cli import ProgressLine
from geo.views.print import text as ptext
from geo.views.print.animation import animation_frames, animations
from geo.views.print.render import briefing_labels, briefing_layout, page_boxes, render_briefing
from tests.support.hostile import write_hostile_layers

SVG = "{http://www.w3.org/2000/svg}"
SMALL = (960, 640)
GROUPS = ("map", "layer-basemap", "layer-presence", "layer-spread", "layer-routes",
          "layer-events", "layer-places", "labels", "scale-bar", "legend", "title",
          "subtitle", "summary", "footer")


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


@pytest.fixture(scope="module")
def svg_2022(layers: Layers) -> ET.Element:
    data = render_briefing(select(layers, Filters(year=2022)), layers=layers, size_px=SMALL,
                           dpi=100, fmt="svg")
    return ET.fromstring(data)


def _texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def _group(root: ET.Element, gid: str) -> ET.Element:
    (found,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == gid]
    return found


# --- SVG and PDF -------------------------------------------------------------------------

def test_svg_keeps_text_as_text(svg_2022: ET.Element) -> None:
    texts = _texts(svg_2022)
    assert MAP_TITLE in texts
    assert "As of 2022 (cumulative)" in texts
    assert {"Corridors", "Events", "Migrant smuggling", "PERU", "Lima"} <= set(texts)
    assert _texts(_group(svg_2022, "title"))[0] == MAP_TITLE


def test_svg_names_its_groups(svg_2022: ET.Element) -> None:
    ids = [g.get("id") for g in svg_2022.iter(f"{SVG}g")]
    for gid in GROUPS:
        assert ids.count(gid) == 1, gid
    labels = set(_texts(_group(svg_2022, "labels")))
    assert {"BOLIVIA", "CHILE", "COLOMBIA", "ECUADOR", "PERU", "VENEZUELA"} <= labels
    assert "Corridors" in _texts(_group(svg_2022, "legend"))
    events = _group(svg_2022, "layer-events")
    assert len(list(events.iter(f"{SVG}use"))) + len(list(events.iter(f"{SVG}path"))) >= 18


@pytest.mark.parametrize("filters", [Filters(year=2022), Filters(year=2025, mode="only"),
                                     Filters(year=2021, countries=("CHL", "PER"))],
                         ids=lambda f: f"{f.year}-{f.mode}-{len(f.countries)}")
def test_print_legend_is_the_style_models(layers: Layers, filters: Filters) -> None:
    """The same rows as `geo.style.legend_for` (what the browser map shows), in order."""
    selection = select(layers, filters)
    svg = render_briefing(selection, layers=layers, size_px=(1600, 1200), dpi=100, fmt="svg")
    sections = style.legend_for(selection, lang="en", presence_years=style.presence_years(layers),
                                paper=True)
    expected = [text for section in sections
                for text in [section["title"], *(row["label"] for row in section["rows"])]]
    legend = _group(ET.fromstring(svg), "legend")
    shown = [" ".join(_texts(g)) for g in legend.iter(f"{SVG}g")
             if (g.get("id") or "").startswith(("legend-row-", "legend-"))
             and g.get("id") != "legend" and _texts(g)]
    assert shown == expected


def test_pdf_has_title_author_and_subject(layers: Layers) -> None:
    pdf = render_briefing(select(layers, Filters(year=2022)), layers=layers, size_px=SMALL,
                          dpi=100, fmt="pdf", author="Jane Doe, Newsroom")
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None
    assert meta.title == MAP_TITLE
    assert meta.author == "Jane Doe, Newsroom"
    assert meta.subject == ("As of 2022 (cumulative). By 2022: 6 countries, 28 events, "
                            "17 corridors (1,740 km measured, 26,026 km schematic)")
    assert meta.creation_date is None  # same inputs, same bytes


def test_cli_pdf_takes_title_and_authors_from_citation(tmp_path: Path) -> None:
    out = tmp_path / "brief.pdf"
    assert main(["export", "pdf", "--year", "2022", "--width", "960", "--height", "640",
                 "--dpi", "100", "--title", "Tren de Aragua in 2022", "--out", str(out)]) == 0
    meta = PdfReader(out).metadata
    assert meta is not None
    assert meta.title == "Tren de Aragua in 2022"
    assert meta.author == "Tren de Aragua map contributors"


# --- hostile text ------------------------------------------------------------------------

HOSTILE_TITLE = "US$5m seized \\frac$ in Chile, $3m\x0b in Peru\x00 <b>&amp;"


def test_print_text_is_literal_and_the_svg_stays_valid(layers: Layers) -> None:
    selection = select(layers, Filters(year=2022))
    svg = render_briefing(selection, layers=layers, size_px=SMALL, dpi=100, fmt="svg",
                          title=HOSTILE_TITLE)
    root = ET.fromstring(svg)  # \x0b and \x00 would make it invalid XML
    assert "US$5m seized \\frac$ in Chile, $3m in Peru <b>&amp;" in _texts(root)
    for fmt in ("png", "pdf"):  # mathtext would raise on '\frac$'
        assert render_briefing(selection, layers=layers, size_px=SMALL, dpi=100, fmt=fmt,
                               title=HOSTILE_TITLE)


def _hostile(layers: Layers) -> Layers:
    hostile = copy.deepcopy(layers)
    first = sorted(hostile.sources)[0]
    # The source line prints a source's short label (its full citation when it has none).
    for key in ("short_label", "title"):
        hostile.sources[first][key] = "$x$ \x0b " + "A" * 100_000
    for feature in hostile.collections["events"]["features"]:
        if feature["id"] == "ev-2022-lima-arrest" or feature["properties"]["place"] == "lima":
            feature["properties"]["place_name"] = "=1+1 $\\alpha$\x0c Lima"
    return hostile


def test_hostile_layer_text_is_cut_and_literal(layers: Layers) -> None:
    hostile = _hostile(layers)
    svg = render_briefing(select(hostile, Filters(year=2022)), layers=hostile, size_px=SMALL,
                          dpi=100, fmt="svg")
    texts = _texts(ET.fromstring(svg))
    assert any(t.startswith("=1+1 $\\alpha$ Lima") for t in texts)
    footer = "".join(texts[-1:])
    assert "A" * 100_000 not in svg.decode("utf-8")
    assert max(len(t) for t in texts) < 400
    assert any("$x$" in t for t in texts), footer


def test_a_hostile_layers_folder_prints_literal_text(tmp_path: Path) -> None:
    """Every string of every layer and of the catalog hostile (a real folder, re-hashed so it
    validates): the CLI writes all three formats, the SVG stays valid XML, long text is cut,
    mathtext and markup print as written."""
    folder = write_hostile_layers(tmp_path / "hostile")
    for fmt in ("svg", "png", "pdf"):
        out = tmp_path / f"h.{fmt}"
        assert main(["export", fmt, "--year", "2022", "--width", "960", "--height", "640",
                     "--dpi", "100", "--layers", str(folder), "--out", str(out)]) == 0
        assert out.stat().st_size > 10_000
    svg = (tmp_path / "h.svg").read_text(encoding="utf-8")
    texts = _texts(ET.fromstring(svg))
    assert "A" * 1_000 not in svg
    assert max(len(t) for t in texts) < 400
    footer = " ".join(_texts(_group(ET.fromstring(svg), "footer")))
    # the sources' short labels print as written (a URL stays text)
    assert "http://evil.example/" in footer
    assert "www.evil.example" in footer
    assert "javascript:window.__tda_xss='url'" in footer  # a URL-like label is text, not a link
    assert "<script" not in svg


def test_a_long_title_is_cut_with_an_ellipsis(layers: Layers) -> None:
    svg = render_briefing(select(layers, Filters(year=2022)), layers=layers, size_px=SMALL,
                          dpi=100, fmt="svg", title="T" * 100_000)
    (title,) = _texts(_group(ET.fromstring(svg), "title"))
    assert title == "T" * (ptext.TITLE_LIMIT - 1) + "…"


def test_the_cli_cuts_a_long_title_too(tmp_path: Path) -> None:
    out = tmp_path / "t.svg"
    assert main(["export", "svg", "--year", "2022", "--width", "960", "--height", "640",
                 "--dpi", "100", "--title", "x" * 100_000, "--out", str(out)]) == 0
    (title,) = _texts(_group(ET.parse(out).getroot(), "title"))
    assert title.endswith("…")
    assert len(title) == ptext.TITLE_LIMIT


@pytest.mark.parametrize(("raw", "printed"), [
    ("a\x0bb", "a b"), ("tab\there", "tab here"), ("x\x00\x7f\x85y", "x y"),
    ("keep $1 and \\frac", "keep $1 and \\frac"), ("é — ü", "é — ü"),
])
def test_literal_replaces_controls(raw: str, printed: str) -> None:
    assert ptext.literal(raw) == printed


# --- animations --------------------------------------------------------------------------

def _frames(gif: bytes) -> list[np.ndarray]:
    with Image.open(io.BytesIO(gif)) as image:
        return [np.asarray(f.convert("RGB")) for f in ImageSequence.Iterator(image)]


def _legend_box(layers: Layers, *, size: tuple[int, int], dpi: int,
                years: tuple[int, int]) -> tuple[int, int, int, int]:
    everything = select(layers, Filters(year=years[1]))
    cited = selection_source_ids(everything)
    boxes = page_boxes(size_px=size, dpi=dpi, footer=lambda chars: ptext.footer_lines(
        cited, layers=layers, lang="en", chars=chars))
    return boxes["legend"]


@pytest.mark.parametrize(("aspect", "size"), [("16:9", (1280, 720)), ("1:1", (1080, 1080)),
                                              ("9:16", (720, 1280))])
def test_gif_per_aspect_with_a_fixed_legend(tmp_path: Path, layers: Layers, aspect: str,
                                            size: tuple[int, int]) -> None:
    out = tmp_path / "a.gif"
    assert main(["export", "gif", "--aspect", aspect, "--years", "2017-2022",
                 "--out", str(out)]) == 0
    frames = _frames(out.read_bytes())
    assert len(frames) == 6
    assert all(f.shape[:2] == (size[1], size[0]) for f in frames)
    left, top, right, bottom = _legend_box(layers, size=size, dpi=100, years=(2017, 2022))
    legend = frames[0][top:bottom, left:right]
    assert legend.min() < 100  # the legend is drawn there
    for frame in frames[1:]:  # and is the same, pixel for pixel, in every frame
        assert np.array_equal(frame[top:bottom, left:right], legend)
    assert not np.array_equal(frames[0], frames[-1])
    boxes = page_boxes(size_px=size, dpi=100, footer=lambda _chars: ["x"] * 4)
    if aspect == "9:16":  # the legend sits below the map, not over it
        assert boxes["legend"][1] > boxes["map"][3]
    else:  # beside it
        assert boxes["legend"][0] > boxes["map"][2]


def test_year_gives_one_frame_and_years_a_range(tmp_path: Path) -> None:
    one, some = tmp_path / "one.gif", tmp_path / "some.gif"
    base = ["--width", "480", "--height", "320", "--dpi", "50"]
    assert main(["export", "gif", "--year", "2022", *base, "--out", str(one)]) == 0
    assert main(["export", "gif", "--years", "2019-2022", *base, "--out", str(some)]) == 0
    with Image.open(one) as image:
        assert image.n_frames == 1
    assert len(_frames(some.read_bytes())) == 4


def test_animation_legend_is_the_whole_range(layers: Layers) -> None:
    rows = []
    for year in (2017, 2022):  # alone, each year has a legend of its own
        svg = render_briefing(select(layers, Filters(year=year)), layers=layers,
                              size_px=SMALL, dpi=100, fmt="svg")
        rows.append(_texts(_group(ET.fromstring(svg), "legend")))
    assert rows[0] != rows[1]
    frames = animation_frames(layers, filters=Filters(year=2022), size_px=SMALL, dpi=100,
                              years=(2017, 2022))
    assert len(frames) == 6
    first, last = (np.asarray(f) for f in (frames[0], frames[-1]))
    left, top, right, bottom = _legend_box(layers, size=SMALL, dpi=100, years=(2017, 2022))
    assert np.array_equal(first[top:bottom, left:right], last[top:bottom, left:right])
    assert first[top:bottom, left:right].min() < 100  # the legend is there


def test_progress_is_reported_to_the_end(layers: Layers) -> None:
    seen: list[tuple[float, str]] = []
    animations(layers, filters=Filters(year=2022), formats=("gif",), size_px=(480, 320),
               dpi=50, years=(2021, 2022), progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions)
    assert seen[0] == (0.0, "frame 1 of 2 (2021)")
    assert seen[-1] == (1.0, "done")
    assert ("frame 2 of 2 (2022)" in [m for _, m in seen])
    seen.clear()
    render_briefing(select(layers, Filters(year=2022)), layers=layers, size_px=SMALL, dpi=100,
                    progress=lambda f, m: seen.append((f, m)))
    assert [m for _, m in seen] == ["drawing the map", "placing labels", "drawing the legend",
                                    "writing PNG", "done"]


def test_progress_line_is_one_line_after_a_second() -> None:
    stream = io.StringIO()
    now = [0.0]
    line = ProgressLine("export gif", stream=stream, clock=lambda: now[0])
    line(0.1, "frame 1 of 15 (2011)")
    assert stream.getvalue() == ""  # nothing for an export that ends within a second
    now[0] = 1.5
    line(0.5, "frame 8 of 15 (2018)")
    line(1.0, "done")
    line.finish()
    text = stream.getvalue()
    assert text.startswith("\rexport gif:  50% frame 8 of 15 (2018)")
    assert "\rexport gif: 100% done" in text
    assert text.endswith("\n")
    assert text.count("\n") == 1


def test_cli_shows_progress_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ProgressLine, "__init__", _eager_init)
    assert main(["export", "gif", "--years", "2021-2022", "--width", "480", "--height",
                 "320", "--dpi", "50", "--out", str(tmp_path / "p.gif")]) == 0
    err = capsys.readouterr().err
    assert "\rexport gif:   0% frame 1 of 2 (2021)" in err
    assert "\rexport gif: 100% done" in err


_ORIGINAL_INIT = ProgressLine.__init__


def _eager_init(self: ProgressLine, label: str) -> None:
    _ORIGINAL_INIT(self, label, after_s=0.0)


# --- labels ------------------------------------------------------------------------------

EXPECTED_2022 = {
    ("country", "BOLIVIA"), ("country", "CHILE"), ("country", "COLOMBIA"),
    ("country", "ECUADOR"), ("country", "PERU"), ("country", "VENEZUELA"),
    ("place", "Tocorón prison"),  # the base
    ("place", "Norte de Santander department"),  # one label for the marks at Cúcuta
    ("place", "Lima"), ("place", "Puerto Montt"), ("place", "Prison facility in Valdivia"),
    ("place", "Oruro"), ("place", "Santa Cruz de la Sierra"),  # the cities of the events
    # the aggregate at the Pisiga-Colchane crossing, one disc with the statistics of Chile's
    # northern regions (their discs would overlap)
    ("place", "Tarapacá region / Chile's four northern regions +2"),
}


@pytest.fixture(scope="module")
def labels_2022(layers: Layers) -> list[object]:
    return list(briefing_labels(select(layers, Filters(year=2022)), layers=layers))


def test_every_expected_label_of_2022_is_placed(labels_2022: list[object]) -> None:
    placed = {(label.kind, label.text): label for label in labels_2022}  # type: ignore[attr-defined]
    missing = EXPECTED_2022 - set(placed)
    assert not missing
    for key in EXPECTED_2022:
        assert placed[key].placement in ("inside", "near", "callout"), key  # type: ignore[attr-defined]


def test_labels_stay_in_the_region_they_name(labels_2022: list[object],
                                             layers: Layers) -> None:
    outlines = {f["properties"]["iso_a3"]: shape(f["geometry"])
                for f in layers.features("basemap")}
    presence = {f["properties"]["country"] for f in select(layers, Filters(year=2022)).presence}
    places = {f["properties"]["name"]: f["properties"]["country"]
              for f in layers.features("places")}
    for label in labels_2022:
        where = box(*label.box)  # type: ignore[attr-defined]
        if label.kind == "country" and label.placement == "inside":  # type: ignore[attr-defined]
            iso = label.ref  # type: ignore[attr-defined]
            assert outlines[iso].buffer(0.01).contains(where), label
        if label.kind == "place" and label.text in places:  # type: ignore[attr-defined]
            own = places[label.text]  # type: ignore[attr-defined]
            for iso in presence - {own}:
                assert not outlines[iso].intersects(where), (label, iso)
    boxes = [box(*label.box) for label in labels_2022]  # type: ignore[attr-defined]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a.intersection(b).area <= 1e-9 * a.area


def test_the_pisiga_colchane_knot_is_one_label(labels_2022: list[object]) -> None:
    """At country scale the marks at the crossing aggregate: one label names them, and the
    crossings beside it get no second one (no knot of labels and leaders)."""
    texts = [label.text for label in labels_2022]  # type: ignore[attr-defined]
    assert [t for t in texts if any(n in t for n in ("Colchane", "Pisiga", "Tarapacá"))] == \
        ["Tarapacá region / Chile's four northern regions +2"]
    assert "Cúcuta" not in texts


@pytest.mark.parametrize("year", [2022, 2025])
def test_no_two_count_discs_overlap(layers: Layers, year: int) -> None:
    """Aggregates whose discs would overlap are one disc (as on the web map)."""
    layout = briefing_layout(select(layers, Filters(year=year)), layers=layers)
    aggregates = {ref for ref, count in layout.events if count > 1}
    discs = [((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, (b[2] - b[0]) / 2)
             for ref, b in layout.marks if ref in aggregates]
    assert len(discs) >= 3
    for (x0, y0, r0), (x1, y1, r1) in itertools.combinations(discs, 2):
        assert math.hypot(x1 - x0, y1 - y0) >= r0 + r1


def test_spanish_goes_through_the_catalogue(layers: Layers,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from geo import i18n  # noqa: PLC0415

    spanish = {MAP_TITLE: "Tren de Aragua: expansión y corredores", "Corridors": "Corredores",
               "As of {year} (cumulative)": "Hasta {year} (acumulado)", "Peru": "Perú"}
    monkeypatch.setattr(i18n, "catalog", lambda lang: spanish if lang == "es" else {})
    svg = render_briefing(select(layers, Filters(year=2022)), layers=layers, size_px=SMALL,
                          dpi=100, fmt="svg", lang="es")
    texts = _texts(ET.fromstring(svg))
    assert {"Tren de Aragua: expansión y corredores", "Hasta 2022 (acumulado)",
            "PERÚ"} <= set(texts)
    with pytest.raises(OptionError, match="language 'fr' is not one of en, es"):
        render_briefing(select(layers, Filters(year=2022)), layers=layers, lang="fr")


def test_cli_writes_a_spanish_svg_with_the_shared_words(tmp_path: Path) -> None:
    """--lang es: heading, summary, source line and credits are geo.data.credits' words in
    Spanish (the real catalogue), country labels CLDR's names, numbers Spanish-grouped."""
    out = tmp_path / "es.svg"
    assert main(["export", "svg", "--year", "2022", "--width", "1600", "--height", "1000",
                 "--dpi", "100", "--lang", "es", "--out", str(out)]) == 0
    root = ET.parse(out).getroot()
    assert _texts(_group(root, "title")) == ["Tren de Aragua: expansión y corredores de tráfico"]
    assert _texts(_group(root, "subtitle")) == ["Hasta 2022 (acumulado)"]
    assert _texts(_group(root, "summary")) == [
        "Hasta 2022: 6 países, 28 hechos, 17 corredores (1.740 km medidos, 26.026 km "
        "esquemáticos)"]
    footer = " ".join(_texts(_group(root, "footer")))
    assert footer.startswith("Fuentes: John Caicedo, 12 feb. 2025 (fecha inferida); ")
    assert "Datos al 12 feb 2025 (datos v0.1.0, CC BY 4.0)" in footer
    assert "Contornos: Natural Earth (dominio público)" in footer
    assert {"PERÚ", "BOLIVIA", "CHILE", "COLOMBIA", "ECUADOR", "VENEZUELA"} <= set(
        _texts(_group(root, "labels")))
    assert "1.000 km" in _texts(_group(root, "scale-bar"))


# --- the extent rule ---------------------------------------------------------------------

def test_largest_part_is_by_area_on_the_sphere() -> None:
    # Two 10x10-degree squares: the one at the equator is larger on the sphere than the one
    # at 60-70 N, though equal in square degrees.
    north = box(0, 60, 10, 70)
    equator = box(20, 0, 30, 10)
    assert largest_part(shapely.MultiPolygon([north, equator])).equals(equator)
    # On the mean-radius sphere a lon/lat cell has area R^2 (lon1 - lon0)(sin lat1 - sin lat0).
    radius = 6_371_008.8
    expected = radius ** 2 * math.radians(1) * (math.sin(math.radians(1)) - 0)
    assert spherical_area_m2(box(0, 0, 1, 1)) == pytest.approx(expected, rel=1e-9)
    assert expected == pytest.approx(12_363.7e6, rel=1e-4)
