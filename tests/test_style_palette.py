"""The palette stays apart under colour-vision-deficiency simulation (CAM02-UCS)."""

from __future__ import annotations

import itertools

import pytest

from geo import vocab
from geo.style import palette

colorspacious = pytest.importorskip("colorspacious")

MIN_DISTANCE = 10.0
"""Minimum CAM02-UCS distance between any two event or corridor colours, in every view."""
VIEWS = ("normal", "deuteranomaly", "protanomaly", "tritanomaly")


def _ucs(hex_colour: str, view: str) -> tuple[float, float, float]:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    if view != "normal":
        simulated = colorspacious.cspace_convert(
            rgb, {"name": "sRGB1+CVD", "cvd_type": view, "severity": 100}, "sRGB1")
        rgb = [min(1.0, max(0.0, float(c))) for c in simulated]
    j, a, b = colorspacious.cspace_convert(rgb, "sRGB1", "CAM02-UCS")
    return float(j), float(a), float(b)


def _distance(one: str, two: str, view: str) -> float:
    p, q = _ucs(one, view), _ucs(two, view)
    return float(sum((x - y) ** 2 for x, y in zip(p, q, strict=True)) ** 0.5)


def test_every_kind_has_a_colour() -> None:
    assert set(palette.EVENT_COLORS) == set(vocab.EVENT_KINDS)
    assert set(palette.CORRIDOR_COLORS) == set(vocab.CORRIDOR_KINDS)


def test_no_two_kinds_share_a_colour() -> None:
    colours = [*palette.EVENT_COLORS.values(), *palette.CORRIDOR_COLORS.values()]
    assert len({c.lower() for c in colours}) == len(colours)


@pytest.mark.parametrize("view", VIEWS)
def test_event_and_corridor_colours_stay_apart(view: str) -> None:
    named = [*(("event", k, c) for k, c in palette.EVENT_COLORS.items()),
             *(("corridor", k, c) for k, c in palette.CORRIDOR_COLORS.items())]
    close = [(a[:2], b[:2], round(_distance(a[2], b[2], view), 1))
             for a, b in itertools.combinations(named, 2)
             if not (a[0] == b[0] == "corridor")
             and _distance(a[2], b[2], view) < MIN_DISTANCE]
    assert close == []


@pytest.mark.parametrize("view", VIEWS)
def test_corridor_colours_stay_apart(view: str) -> None:
    colours = list(palette.CORRIDOR_COLORS.values())
    assert min(_distance(a, b, view) for a, b in itertools.combinations(colours, 2)) \
        >= MIN_DISTANCE


@pytest.mark.parametrize("view", VIEWS)
def test_kind_colours_stand_out_from_the_land(view: str) -> None:
    colours = [*palette.EVENT_COLORS.values(), *palette.CORRIDOR_COLORS.values()]
    assert min(_distance(c, palette.LAND, view) for c in colours) >= 20.0


def test_no_kind_colour_reads_as_ink() -> None:
    """Apart from the text and outline colours, and not darker than the ink (CAM02-UCS J):
    a navy such as #00002a is 10 from every grey but reads as black on the map."""
    inks = (palette.INK, palette.MUTED_INK, palette.CHANGED)
    colours = {**palette.EVENT_COLORS, **{f"corridor:{k}": c
                                         for k, c in palette.CORRIDOR_COLORS.items()}}
    close = sorted((kind, round(min(_distance(c, ink, "normal") for ink in inks), 1))
                   for kind, c in colours.items()
                   if min(_distance(c, ink, "normal") for ink in inks) < MIN_DISTANCE)
    assert close == []
    ink_j = _ucs(palette.INK, "normal")[0]
    dark = sorted(kind for kind, c in colours.items() if _ucs(c, "normal")[0] <= ink_j)
    assert dark == []
