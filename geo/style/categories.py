"""Event categories: the 15 event kinds grouped into six colour categories.

Only the colour follows the category (`geo.style.palette.CATEGORY_COLORS`); the popup, the
table and the filter keep the exact kind. A kind outside the vocabulary has no category and
is drawn in the ink colour (`palette.UNKNOWN_KIND`).
"""

from __future__ import annotations

from geo.i18n import N_

EVENT_CATEGORIES: dict[str, tuple[str, ...]] = {
    "enforcement": ("arrest", "dismantling", "seizure", "designation"),
    "violence": ("murder", "kidnapping"),
    "exploitation_rescue": ("rescue",),
    "prisons": ("prison_escape", "escape_plot", "prison_transfer"),
    "deportation": ("deportation",),
    "statements": ("report", "statistic", "statement", "expansion"),
}
"""Category -> the event kinds it holds, in legend order."""
CATEGORY_LABELS: dict[str, str] = {
    "enforcement": N_("Enforcement: arrests, seizures, designations"),
    "violence": N_("Violence: murders, kidnappings"),
    "exploitation_rescue": N_("Exploitation and rescue"),
    "prisons": N_("Prisons: escapes, plots, transfers"),
    "deportation": N_("Deportation"),
    "statements": N_("Statements, reports and statistics"),
}
"""The legend label of each category (an English msgid)."""
_CATEGORY_OF: dict[str, str] = {kind: category for category, kinds in EVENT_CATEGORIES.items()
                                for kind in kinds}


def category_of(kind: str) -> str | None:
    """The colour category of event `kind` (None for a kind outside the vocabulary)."""
    return _CATEGORY_OF.get(kind)
