"""The palette: every colour of every view, written once.

Event colours follow the event's category (`geo.style.categories`): six colours chosen by a
max-min search in CAM02-UCS over normal vision and simulated deuteranopia, protanopia and
tritanopia at full severity, each composited on the land colour at the events' fill opacity,
anchored on conventional hues (enforcement blue, violence red, exploitation orange, prisons
purple, deportation green, statements light blue); `tests/test_style_palette.py` asserts the
minimum distance. The presence ramp (dark wine to pale yellow) was searched the same way for
distinct successive steps at the presence fill opacity.
"""

from __future__ import annotations

from geo.style.categories import EVENT_CATEGORIES

SEA = "#dbe7ef"
LAND = "#f2efe9"
OUTLINE = "#9a9a9a"
INK = "#222222"
MUTED_INK = "#555555"
HALO = "#ffffff"
CHANGED = "#111111"
"""Outline of what is new in the selected year compared with the year before."""

CORRIDOR_COLORS: dict[str, str] = {
    "migrant_smuggling": "#1515ea",
    "human_trafficking": "#bf4000",
    "drug_transport": "#558040",
    "money_flow": "#bf8015",
    "weapons_flow": "#551540",
    "prison_transfer": "#80aabf",
    "deportation": "#402a15",
}
CATEGORY_COLORS: dict[str, str] = {
    "enforcement": "#2036ac",
    "violence": "#d42a00",
    "exploitation_rescue": "#e69700",
    "prisons": "#7e537e",
    "deportation": "#008a55",
    "statements": "#67afff",
}
"""The colour of each event category (`geo.style.categories.EVENT_CATEGORIES`)."""
UNKNOWN_KIND = INK
EVENT_COLORS: dict[str, str] = {kind: CATEGORY_COLORS[category]
                                for category, kinds in EVENT_CATEGORIES.items()
                                for kind in kinds}
"""The colour of each event kind: its category's."""

PRESENCE_RAMP: tuple[str, ...] = ("#42003a", "#8e0036", "#bc1422", "#e44630", "#f57e42",
                                  "#ffb542", "#ffec92")
"""Sequential ramp for presence by first reported year, earliest darkest."""
SPREAD_COLOR = "#7f0000"
PLACE_FILL = "#222222"


def presence_color(first_year: int, *, first: int, last: int) -> str:
    """Colour of a country first reported in `first_year`, on the ramp from `first` to `last`."""
    if last <= first:
        return PRESENCE_RAMP[0]
    step = (first_year - first) / (last - first)
    index = min(len(PRESENCE_RAMP) - 1, max(0, round(step * (len(PRESENCE_RAMP) - 1))))
    return PRESENCE_RAMP[index]


def palette_json() -> dict[str, object]:
    """The colours the map page reads by name (every feature's colours travel in its
    symbol)."""
    return {"ink": INK, "muted_ink": MUTED_INK, "halo": HALO, "changed": CHANGED}


def all_colors() -> tuple[str, ...]:
    """Every colour of the palette, lower case, sorted (the animation's fixed GIF palette)."""
    named = {SEA, LAND, OUTLINE, INK, MUTED_INK, HALO, CHANGED, SPREAD_COLOR, PLACE_FILL,
             UNKNOWN_KIND, *CORRIDOR_COLORS.values(), *CATEGORY_COLORS.values(), *PRESENCE_RAMP}
    return tuple(sorted(c.lower() for c in named))
