"""Vocabularies (kinds, precisions, groups) and output conventions shared by every module."""

from __future__ import annotations

GEO_PRECISIONS = ("site", "district", "city", "region", "country")
DATE_PRECISIONS = ("day", "month", "year")
PLACE_KINDS = (
    "base", "prison", "border_crossing", "city", "district", "region", "country",
    "detention_facility",
)
EVENT_KINDS = (
    "arrest", "rescue", "murder", "kidnapping", "prison_escape", "escape_plot",
    "prison_transfer", "deportation", "designation", "dismantling", "report", "statistic",
)
GROUPS = ("tren-de-aragua", "gallegos", "hijos-de-dios")
FIGURE_QUALIFIERS = ("exact", "about", "at_least", "more_than")
CORRIDOR_KINDS = (
    "migrant_smuggling", "human_trafficking", "drug_transport", "money_flow", "weapons_flow",
    "prison_transfer", "deportation",
)
LAYERS = ("presence", "spread", "routes", "places", "events")
"""The map's data layers in drawing order, bottom to top (basemap outlines are always drawn)."""

# Decimal places written to layers: 1e-5 degrees is about 1 m, 1e-4 about 11 m.
POINT_DECIMALS = 5
POLYGON_DECIMALS = 4
# Display polygons (presence, basemap) are simplified by this tolerance in degrees.
DISPLAY_SIMPLIFY_DEG = 0.02
DISPLAY_DECIMALS = 3

LABELS: dict[str, str] = {
    "migrant_smuggling": "Migrant smuggling", "human_trafficking": "Human trafficking",
    "drug_transport": "Drug transport", "money_flow": "Money flow",
    "weapons_flow": "Weapons flow", "prison_transfer": "Prison transfer",
    "deportation": "Deportation", "arrest": "Arrest", "rescue": "Rescue", "murder": "Murder",
    "kidnapping": "Kidnapping", "prison_escape": "Prison escape", "escape_plot": "Escape plot",
    "designation": "Designation", "dismantling": "Gang dismantled", "report": "Official report",
    "statistic": "Statistic", "base": "Gang base", "prison": "Prison",
    "border_crossing": "Border crossing", "city": "City", "district": "District",
    "region": "Region", "country": "Country", "detention_facility": "Detention facility",
    "tren-de-aragua": "Tren de Aragua", "gallegos": "Los Gallegos",
    "hijos-de-dios": "Hijos de Dios",
}


def label(code: str) -> str:
    """Human label of a vocabulary code (the code itself when unknown)."""
    return LABELS.get(code, code.replace("_", " ").replace("-", " ").capitalize())
