"""Vocabularies (kinds, precisions, groups) and output conventions shared by every module."""

from __future__ import annotations

from geo.i18n import N_, gettext

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

LAYERS = ("presence", "spread", "routes", "places", "events")
"""The map's data layers in drawing order, bottom to top (basemap outlines are always drawn)."""

# Decimal places written to layers: 1e-5 degrees is about 1 m, 1e-4 about 11 m.
POINT_DECIMALS = 5
POLYGON_DECIMALS = 4
# Display polygons (presence, basemap) are simplified by this tolerance in degrees.
DISPLAY_SIMPLIFY_DEG = 0.02
DISPLAY_DECIMALS = 3

# Human labels of the codes above, as gettext msgids (English); `label` translates them.
LABELS: dict[str, str] = {
    # layers
    "presence": N_("Presence"), "spread": N_("Spread"), "routes": N_("Corridors"),
    "places": N_("Places"), "events": N_("Events"),
    # corridor kinds
    "migrant_smuggling": N_("Migrant smuggling"), "human_trafficking": N_("Human trafficking"),
    "drug_transport": N_("Drug transport"), "money_flow": N_("Money flow"),
    "weapons_flow": N_("Weapons flow"), "prison_transfer": N_("Prison transfer"),
    "deportation": N_("Deportation"),
    # event kinds
    "arrest": N_("Arrest"), "rescue": N_("Rescue"), "murder": N_("Murder"),
    "kidnapping": N_("Kidnapping"), "prison_escape": N_("Prison escape"),
    "escape_plot": N_("Escape plot"), "designation": N_("Designation"),
    "dismantling": N_("Gang dismantled"), "report": N_("Official report"),
    "statistic": N_("Statistic"), "seizure": N_("Seizure"), "statement": N_("Statement"),
    "expansion": N_("Expansion reported"),
    # place kinds and geographic precisions
    "base": N_("Gang base"), "prison": N_("Prison"), "border_crossing": N_("Border crossing"),
    "city": N_("City"), "district": N_("District"), "region": N_("Region"),
    "country": N_("Country"), "detention_facility": N_("Detention facility"),
    "site": N_("Site"),
    # groups
    "tren-de-aragua": N_("Tren de Aragua"), "gallegos": N_("Los Gallegos"),
    "hijos-de-dios": N_("Hijos de Dios"),
    # figures (what a number counts)
    "arrested": N_("Arrested"), "arrests": N_("Arrests"), "rescued": N_("Rescued"),
    "killed": N_("Killed"),
    "deported": N_("Deported"), "transferred": N_("Transferred"), "members": N_("Members"),
    "officers": N_("Officers"), "minors_rescued": N_("Minors rescued"),
    "irregular_entries": N_("Irregular entries"), "homicide_rate": N_("Homicide rate"),
    "homicide_rate_change": N_("Homicide rate change"),
    "prison_occupancy": N_("Prison occupancy"),
    "lima_areas_with_presence": N_("Lima areas with presence"),
    "lima_districts_with_prostitution_control": N_("Lima districts with prostitution control"),
    # presence kinds, year qualifiers, certainty, figure agreement
    "first_reported": N_("First reported"), "reported_present_by": N_("Reported present"),
    "exact": N_("Exact"), "earliest_possible": N_("Earliest possible"), "range": N_("Range"),
    "reported": N_("Reported"), "suspected": N_("Suspected"),
    "single": N_("Single source"), "compatible": N_("Compatible"),
    "conflicting": N_("Conflicting"),
}


def label(code: str, *, lang: str = "en") -> str:
    """Human label of a vocabulary code in `lang` (the code, capitalised, when unknown)."""
    if code in LABELS:
        return gettext(LABELS[code], lang=lang)
    return code.replace("_", " ").replace("-", " ").capitalize()
