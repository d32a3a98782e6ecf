"""Colours, symbols and labels shared by the interactive map and the static exports."""

from __future__ import annotations

# Colour-blind-safe qualitative palette (Okabe-Ito) for corridor kinds.
CORRIDOR_COLORS: dict[str, str] = {
    "migrant_smuggling": "#0072B2",
    "human_trafficking": "#D55E00",
    "drug_transport": "#009E73",
    "money_flow": "#E69F00",
    "weapons_flow": "#CC79A7",
    "prison_transfer": "#56B4E9",
    "deportation": "#000000",
}
EVENT_COLORS: dict[str, str] = {
    "arrest": "#0072B2",
    "rescue": "#009E73",
    "murder": "#B2182B",
    "kidnapping": "#D55E00",
    "prison_escape": "#CC79A7",
    "escape_plot": "#CC79A7",
    "prison_transfer": "#56B4E9",
    "deportation": "#000000",
    "designation": "#6A3D9A",
    "dismantling": "#E69F00",
    "report": "#777777",
    "statistic": "#AAAAAA",
}
# Sequential palette (ColorBrewer YlOrRd, reversed) for presence by first reported year,
# earliest darkest; steps are far enough apart to tell neighbouring years apart.
PRESENCE_RAMP = ("#800026", "#bd0026", "#e31a1c", "#fc4e2a", "#fd8d3c", "#feb24c", "#fed976")
SPREAD_COLOR = "#7f0000"
BASEMAP_FILL = "#f2efe9"
BASEMAP_LINE = "#9a9a9a"
# Radius in metres of the area drawn for an approximate point, by geographic precision.
PRECISION_RADIUS_M: dict[str, float] = {"district": 3_000.0, "city": 10_000.0,
                                         "region": 60_000.0, "country": 250_000.0}

def presence_color(first_year: int, *, first: int, last: int) -> str:
    """Colour of a country first reported in `first_year`, on the ramp from `first` to `last`."""
    if last <= first:
        return PRESENCE_RAMP[0]
    step = (first_year - first) / (last - first)
    index = min(len(PRESENCE_RAMP) - 1, max(0, round(step * (len(PRESENCE_RAMP) - 1))))
    return PRESENCE_RAMP[index]
