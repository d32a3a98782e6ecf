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
    "seizure", "statement", "expansion",
)
GROUPS = ("tren-de-aragua", "gallegos", "hijos-de-dios")
FIGURE_QUALIFIERS = ("exact", "about", "at_least", "more_than")
CORRIDOR_KINDS = (
    "migrant_smuggling", "human_trafficking", "drug_transport", "money_flow", "weapons_flow",
    "prison_transfer", "deportation",
)
# A claim the article hedges (its actor, membership or the act itself) is "suspected".
CERTAINTIES = ("reported", "suspected")
# Words that hedge a claim: a record quoting one is "suspected" unless its certainty_note
# says why the hedge does not touch the claim.
HEDGE_MARKERS = (
    "believed to be", "affiliated with", "suspected", " may ", "could have", "most likely",
    "allegedly", "not yet confirmed",
)
# Presence: "first_reported" when an article dates the gang's presence (an event, "since
# 2021"); "reported_present_by" when it only says the gang is there when it was published.
PRESENCE_KINDS = ("first_reported", "reported_present_by")
YEAR_QUALIFIERS = ("exact", "earliest_possible", "range")
FIGURE_AGREEMENTS = ("single", "compatible", "conflicting")
# The figure that sizes an event's marker, by event kind (never officers involved).
HEADLINE_FIGURE_BY_KIND = {
    "arrest": "arrested", "rescue": "rescued", "murder": "killed", "deportation": "deported",
    "prison_transfer": "transferred", "escape_plot": "members",
}

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
    "seizure": "Seizure", "statement": "Statement", "expansion": "Expansion reported",
    "reported": "Reported", "suspected": "Suspected", "first_reported": "First reported",
    "reported_present_by": "Reported present by",
}


def label(code: str) -> str:
    """Human label of a vocabulary code (the code itself when unknown)."""
    return LABELS.get(code, code.replace("_", " ").replace("-", " ").capitalize())
