"""The palette: every colour of every view, written once.

Event and corridor colours were chosen together (greedy max-min in CAM02-UCS over normal
vision and simulated deuteranopia, protanopia and tritanopia at full severity, on the land
colour): no two event kinds, and no event kind and corridor kind, share a colour, and every
pair stays apart under each simulation (`tests/test_style_palette.py` asserts the distance).
No kind colour reads as ink: each stays apart from the text and outline colours (INK,
MUTED_INK, CHANGED) in normal vision. The last three (seizure, statement, expansion) were
chosen on a 16-step RGB grid by the same rule, keeping J 30-90 and some chroma, and the three
at least 20 apart in normal vision: light green, violet, raspberry.
"""

from __future__ import annotations

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
EVENT_COLORS: dict[str, str] = {
    "arrest": "#2a00aa",
    "rescue": "#80bfff",
    "murder": "#952a15",
    "kidnapping": "#ff9515",
    "prison_escape": "#954095",
    "escape_plot": "#80006a",
    "prison_transfer": "#6a80d4",
    "deportation": "#6a4040",
    "designation": "#aa956a",
    "dismantling": "#806a6a",
    "report": "#808095",
    "statistic": "#aaaaaa",
    "seizure": "#78ff78",
    "statement": "#784bff",
    "expansion": "#f02d87",
}
UNKNOWN_KIND = INK

# Sequential ramp (ColorBrewer YlOrRd, reversed) for presence by first reported year,
# earliest darkest.
PRESENCE_RAMP: tuple[str, ...] = ("#800026", "#bd0026", "#e31a1c", "#fc4e2a", "#fd8d3c",
                                  "#feb24c", "#fed976")
SPREAD_COLOR = "#7f0000"
PLACE_FILL = "#222222"

# Kept for the print renderer until it reads `geo.style.symbols` (print helper).
BASEMAP_FILL = LAND
BASEMAP_LINE = OUTLINE


def presence_color(first_year: int, *, first: int, last: int) -> str:
    """Colour of a country first reported in `first_year`, on the ramp from `first` to `last`."""
    if last <= first:
        return PRESENCE_RAMP[0]
    step = (first_year - first) / (last - first)
    index = min(len(PRESENCE_RAMP) - 1, max(0, round(step * (len(PRESENCE_RAMP) - 1))))
    return PRESENCE_RAMP[index]


def palette_json() -> dict[str, object]:
    """The palette as plain JSON."""
    return {"sea": SEA, "land": LAND, "outline": OUTLINE, "ink": INK, "muted_ink": MUTED_INK,
            "halo": HALO, "changed": CHANGED, "corridors": dict(CORRIDOR_COLORS),
            "events": dict(EVENT_COLORS), "presence_ramp": list(PRESENCE_RAMP),
            "spread": SPREAD_COLOR, "place": PLACE_FILL, "unknown": UNKNOWN_KIND}
