"""Print for print: type sizes at the stated size, label collisions, aggregated marks, the
inset, and the web's symbols (issue 15 §9)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from matplotlib.figure import Figure

from geo import style
from geo.data.selection import Filters, Layers, load_layers, select
from geo.views.print import symbols as psymbols
from geo.views.print.canvas import Canvas
from geo.views.print.layout import MIN_TEXT_PT
from geo.views.print.options import DEFAULT_DPI, DEFAULT_SIZE_PX
from geo.views.print.render import Layout, briefing_layout, render_briefing

SVG = "{http://www.w3.org/2000/svg}"
_FONT = re.compile(r"font(?:-size)?:\s*(?:[a-z0-9 ]*\s)?([0-9.]+)px")


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


@pytest.fixture(scope="module")
def layout_2025(layers: Layers) -> Layout:
    return briefing_layout(select(layers, Filters(year=2025)), layers=layers)


@pytest.fixture(scope="module")
def layout_2022(layers: Layers) -> Layout:
    return briefing_layout(select(layers, Filters(year=2022)), layers=layers)


def _font_sizes(svg: bytes) -> list[tuple[float, str]]:
    """(size in SVG user units = points, text) of every text element."""
    out = []
    for text in ET.fromstring(svg).iter(f"{SVG}text"):
        found = _FONT.search(text.get("style") or "")
        assert found is not None, text.attrib
        assert "scale" not in (text.get("transform") or ""), text.attrib
        out.append((float(found.group(1)), "".join(text.itertext())))
    return out


@pytest.mark.parametrize("year", [2022, 2025])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_smallest_text_is_seven_points_at_the_stated_size(layers: Layers, year: int,
                                                          lang: str) -> None:
    svg = render_briefing(select(layers, Filters(year=year)), layers=layers, fmt="svg",
                          lang=lang)
    root = ET.fromstring(svg)
    assert (root.get("width"), root.get("height")) == ("720pt", "480pt")
    assert DEFAULT_SIZE_PX[0] / DEFAULT_DPI * 72 == 720
    sizes = _font_sizes(svg)
    assert len(sizes) > 60
    small = sorted((s, t) for s, t in sizes if s < MIN_TEXT_PT - 1e-6)
    assert small == []
    assert MIN_TEXT_PT == 7.0


def test_the_floor_holds_on_a_small_page(layers: Layers) -> None:
    svg = render_briefing(select(layers, Filters(year=2022)), layers=layers, fmt="svg",
                          size_px=(2400, 2400), dpi=300)
    assert min(s for s, _ in _font_sizes(svg)) >= MIN_TEXT_PT - 1e-6


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, w) * max(0.0, h)


@pytest.mark.parametrize("which", ["layout_2022", "layout_2025"])
def test_no_label_over_another_label_or_under_a_mark(which: str,
                                                     request: pytest.FixtureRequest) -> None:
    layout: Layout = request.getfixturevalue(which)
    labels = layout.labels
    assert [(lb.text, lb.placement) for lb in labels if lb.placement == "forced"] == []
    assert len(labels) >= 12
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert _overlap(a.page, b.page) == 0.0, (a.text, b.text)
        under = [ref for ref, mark in layout.marks if _overlap(a.page, mark) > 0.0]
        assert under == [], (a.text, under)
        assert a.page[0] >= 0
        assert a.page[1] >= 0
        assert a.page[2] <= 720
        assert a.page[3] <= 480


def test_the_collision_check_can_fail(layout_2022: Layout) -> None:
    """A label moved onto a mark is caught by the same overlap measure."""
    label = layout_2022.labels[0]
    ref, mark = layout_2022.marks[0]
    assert _overlap(mark, mark) > 0
    assert _overlap(label.page, label.page) > 0
    assert ref


def test_co_located_events_aggregate_into_numbered_discs(layers: Layers,
                                                         layout_2025: Layout) -> None:
    chosen = select(layers, Filters(year=2025))
    counts = dict(layout_2025.events)
    assert sum(counts.values()) == len(chosen.events)
    lima = [f for f in chosen.events if f["properties"]["place"] == "lima"]
    assert max(counts.values()) >= len(lima) >= 4
    assert len(counts) < len(chosen.events) - 10  # aggregated, not fanned


def test_count_and_no_leader_lines_in_the_svg(layers: Layers) -> None:
    svg = render_briefing(select(layers, Filters(year=2022)), layers=layers, fmt="svg")
    root = ET.fromstring(svg)
    events = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "layer-events")
    counts = [int("".join(t.itertext())) for g in events.iter(f"{SVG}g")
              if (g.get("id") or "").startswith("count-") for t in g.iter(f"{SVG}text")]
    assert counts
    assert min(counts) >= 2
    lines = [p for p in events.iter(f"{SVG}path") if "stroke-linecap" in (p.get("style") or "")
             and "fill: none" in (p.get("style") or "")]
    assert lines == []  # every mark is a marker at its place: no leader line


def test_us_and_guantanamo_go_into_an_inset(layout_2025: Layout, layout_2022: Layout) -> None:
    assert layout_2025.inset is not None
    assert layout_2022.inset is None
    _, min_lat, _, max_lat = layout_2025.view
    assert max_lat < 25.0  # South America fills the frame: the US is not in it
    assert min_lat < -50.0
    inset_labels = [lb.text for lb in layout_2025.labels if lb.text in
                    ("UNITED STATES", "Guantanamo Bay")]
    assert sorted(inset_labels) == ["Guantanamo Bay", "UNITED STATES"]
    x0, y0, x1, y1 = layout_2025.inset
    for label in layout_2025.labels:
        inside = label.page[0] >= x0 and label.page[2] <= x1 and label.page[1] >= y0 \
            and label.page[3] <= y1
        assert inside == (label.text in ("UNITED STATES", "Guantanamo Bay", "MEXICO")), label


def test_border_crossings_are_an_x_as_on_the_web() -> None:
    symbol = style.symbol_for("places", {"kind": "border_crossing"})
    assert symbol["shape"] == "cross"
    fig = Figure(figsize=(10, 6.667), dpi=72)
    c = Canvas(fig, fig.add_axes((0, 0, 1, 1)), None, 1.0)
    marker = psymbols.marker_kwargs(c, symbol)
    assert marker["marker"] == "x"  # a stroked x, not matplotlib's filled plus
    assert marker["markerfacecolor"] == "none"
    assert marker["markeredgewidth"] == pytest.approx(2.4 * psymbols.PT_PER_PX, abs=1e-9)
