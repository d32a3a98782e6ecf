"""The palette stays apart under colour-vision-deficiency simulation (CAM02-UCS).

Colours are compared as drawn: composited on the land colour at the fill opacity of their
layer, in normal vision and under simulated deuteranopia, protanopia and tritanopia at full
severity.
"""

from __future__ import annotations

import itertools

import pytest

from geo import vocab
from geo.style import categories, palette, symbols

colorspacious = pytest.importorskip("colorspacious")

MIN_CATEGORY_DISTANCE = 15.0
"""Minimum CAM02-UCS distance between two event categories, in every view."""
MIN_CORRIDOR_DISTANCE = 10.0
MIN_RAMP_STEP = {"normal": 12.0, "deuteranomaly": 9.0, "protanomaly": 9.0,
                 "tritanomaly": 9.0}
"""Minimum CAM02-UCS distance between successive presence-ramp steps, per view."""
VIEWS = ("normal", "deuteranomaly", "protanomaly", "tritanomaly")


def _rgb(hex_colour: str) -> list[float]:
    return [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]


def _ucs(hex_colour: str, view: str, *, alpha: float = 1.0) -> tuple[float, float, float]:
    land = _rgb(palette.LAND)
    rgb = [alpha * c + (1 - alpha) * g for c, g in zip(_rgb(hex_colour), land, strict=True)]
    if view != "normal":
        simulated = colorspacious.cspace_convert(
            rgb, {"name": "sRGB1+CVD", "cvd_type": view, "severity": 100}, "sRGB1")
        rgb = [min(1.0, max(0.0, float(c))) for c in simulated]
    j, a, b = colorspacious.cspace_convert(rgb, "sRGB1", "CAM02-UCS")
    return float(j), float(a), float(b)


def _distance(one: str, two: str, view: str, *, alpha: float = 1.0,
              alpha_two: float | None = None) -> float:
    p = _ucs(one, view, alpha=alpha)
    q = _ucs(two, view, alpha=alpha if alpha_two is None else alpha_two)
    return float(sum((x - y) ** 2 for x, y in zip(p, q, strict=True)) ** 0.5)


EVENT_ALPHA = symbols.EVENT_FILL_OPACITY
PRESENCE_ALPHA = float(symbols.BASE["presence"]["fill_opacity"])


def test_every_kind_has_a_category_and_at_most_six() -> None:
    assert len(categories.EVENT_CATEGORIES) <= 6
    grouped = [k for kinds in categories.EVENT_CATEGORIES.values() for k in kinds]
    assert sorted(grouped) == sorted(vocab.EVENT_KINDS)
    assert len(grouped) == len(set(grouped))
    assert set(palette.CATEGORY_COLORS) == set(categories.EVENT_CATEGORIES)
    assert set(categories.CATEGORY_LABELS) == set(categories.EVENT_CATEGORIES)
    assert set(palette.CORRIDOR_COLORS) == set(vocab.CORRIDOR_KINDS)


def test_a_kind_takes_its_categorys_colour() -> None:
    assert palette.EVENT_COLORS["murder"] == palette.EVENT_COLORS["kidnapping"] \
        == palette.CATEGORY_COLORS["violence"]
    assert palette.EVENT_COLORS["arrest"] != palette.EVENT_COLORS["murder"]
    assert categories.category_of("prison_escape") == "prisons"
    assert categories.category_of("no_such_kind") is None
    unknown = symbols.symbol_for("events", {"kind": "no_such_kind"})
    assert unknown["fill"] == palette.UNKNOWN_KIND


@pytest.mark.parametrize("view", VIEWS)
def test_event_categories_stay_apart(view: str) -> None:
    colours = palette.CATEGORY_COLORS
    distances = {(a, b): _distance(colours[a], colours[b], view, alpha=EVENT_ALPHA)
                 for a, b in itertools.combinations(colours, 2)}
    closest = min(distances, key=lambda k: distances[k])
    assert distances[closest] >= MIN_CATEGORY_DISTANCE, (closest, distances[closest])


@pytest.mark.parametrize("view", VIEWS)
def test_corridor_colours_stay_apart(view: str) -> None:
    colours = list(palette.CORRIDOR_COLORS.values())
    assert min(_distance(a, b, view) for a, b in itertools.combinations(colours, 2)) \
        >= MIN_CORRIDOR_DISTANCE


@pytest.mark.parametrize("view", VIEWS)
def test_kind_colours_stand_out_from_the_land(view: str) -> None:
    events = [_distance(c, palette.LAND, view, alpha=EVENT_ALPHA, alpha_two=1.0)
              for c in palette.CATEGORY_COLORS.values()]
    corridors = [_distance(c, palette.LAND, view) for c in palette.CORRIDOR_COLORS.values()]
    assert min(events) >= 25.0
    assert min(corridors) >= 20.0


@pytest.mark.parametrize("view", VIEWS)
def test_presence_steps_are_distinct(view: str) -> None:
    ramp = palette.PRESENCE_RAMP
    steps = [_distance(a, b, view, alpha=PRESENCE_ALPHA) for a, b in itertools.pairwise(ramp)]
    assert min(steps) >= MIN_RAMP_STEP[view], [round(s, 1) for s in steps]
    lightness = [_ucs(c, "normal", alpha=PRESENCE_ALPHA)[0] for c in ramp]
    assert lightness == sorted(lightness)  # earliest darkest


def test_presence_years_of_the_data_get_distinct_steps() -> None:
    first, last = 2011, 2025
    colours = [palette.presence_color(y, first=first, last=last)
               for y in (2011, 2018, 2021, 2022, 2025)]
    assert len(set(colours)) == 5


def test_no_kind_colour_reads_as_ink() -> None:
    """Apart from the text and outline colours, and not darker than the ink (CAM02-UCS J):
    a navy such as #00002a is 10 from every grey but reads as black on the map."""
    inks = (palette.INK, palette.MUTED_INK, palette.CHANGED)
    colours = {**palette.CATEGORY_COLORS, **{f"corridor:{k}": c
                                            for k, c in palette.CORRIDOR_COLORS.items()}}
    close = sorted((kind, round(min(_distance(c, ink, "normal") for ink in inks), 1))
                   for kind, c in colours.items()
                   if min(_distance(c, ink, "normal") for ink in inks) < MIN_CORRIDOR_DISTANCE)
    assert close == []
    ink_j = _ucs(palette.INK, "normal")[0]
    dark = sorted(kind for kind, c in colours.items() if _ucs(c, "normal")[0] <= ink_j)
    assert dark == []


def test_a_worse_palette_fails_the_category_check() -> None:
    """The check can fail: the old kind colours of prison escape and escape plot were 9 apart
    under deuteranopia."""
    assert _distance("#954095", "#80006a", "deuteranomaly", alpha=EVENT_ALPHA) \
        < MIN_CATEGORY_DISTANCE
