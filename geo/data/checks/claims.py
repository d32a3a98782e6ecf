"""Claim rules (what a record may say): certainty of hedged claims and titles, inferred flags
with notes, declared regions, figure derivations, presence kinds and year lines, place
visibility. `claim_problems` runs every rule of one feature."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from geo import vocab
from geo.data.checks import items, quotes
from geo.data.figures import conflicting_figures, figures_agreement, headline_figure
from geo.data.text import presence_year_text
from geo.errors import OptionError, Problem
from geo.parts import part_band_of

_INFERRED_NOTES = {"date_inferred": "date_note", "years_inferred": "years_note",
                   "year_inferred": "year_note", "order_inferred": "order_note"}



def _hedge_problems(file: str, fid: str, props: dict[str, Any]) -> list[Problem]:
    if "certainty" not in props:
        return []
    if props["certainty"] == "suspected" and not props.get("certainty_note"):
        return [Problem(file, fid, "certainty_note", "a suspected claim needs a note saying "
                        "what the article hedges")]
    if props["certainty"] != "reported" or props.get("certainty_note"):
        return []
    if "groups" in props and not props["groups"]:
        return []
    for quote in quotes(props):
        hedge = next((m for m in vocab.HEDGE_MARKERS if m in f" {quote} "), None)
        if hedge:
            return [Problem(file, fid, "certainty", f"'reported', but its evidence hedges the "
                            f"claim ({hedge.strip()!r}): make it 'suspected' or say in "
                            "certainty_note why the hedge does not touch it")]
    return []


def _inferred_problems(file: str, fid: str, props: dict[str, Any]) -> list[Problem]:
    problems = []
    records = [("", props)] + [(f"claims.{n}.", c) for n, c in enumerate(props.get("claims") or [])
                               if isinstance(c, dict)]
    for prefix, record in records:
        for flag, note in _INFERRED_NOTES.items():
            if record.get(flag) is True and not record.get(note):
                problems.append(Problem(file, fid, f"{prefix}{note}",
                                        f"{flag} is true but {note} is empty"))
    return problems


def _region_problems(file: str, fid: str, point: Any, props: dict[str, Any],
                     countries: Mapping[str, Any]) -> list[Problem]:
    """A place's declared region (the article's words) must contain its point."""
    region = props.get("region")
    if not isinstance(region, dict) or not isinstance(props.get("country"), str):
        return []
    problems = []
    if "part" in region:
        try:
            south, north = part_band_of(countries[props["country"]], str(region["part"]))
        except (KeyError, OptionError) as exc:
            return [Problem(file, fid, "region.part", f"no band for {exc}")]
        if not south <= point.y <= north:
            problems.append(Problem(file, fid, "geometry", f"latitude {point.y} is outside "
                                    f"{region['name']!r} ({region['part']} of "
                                    f"{props['country']}: {south:.2f} to {north:.2f})"))
    if "admin1" in region and props.get("admin1") != region["admin1"]:
        problems.append(Problem(file, fid, "admin1", f"gazetteer admin1 {props.get('admin1')!r}"
                                f" is not {region['admin1']!r}, the code of {region['name']!r}"))
    if "ubigeo_prefix" in region and not str(props.get("ubigeo") or "").startswith(
            str(region["ubigeo_prefix"])):
        problems.append(Problem(file, fid, "ubigeo", f"ubigeo {props.get('ubigeo')!r} is not in "
                                f"{region['name']!r} (ubigeo {region['ubigeo_prefix']}...)"))
    return problems


def _event_rule_problems(file: str, fid: str, props: dict[str, Any]) -> list[Problem]:
    figures = [f for f in props.get("figures") or [] if isinstance(f, dict)
               and isinstance(f.get("value"), int | float)]
    problems = []
    if "figures_agreement" in props and props["figures_agreement"] != figures_agreement(figures):
        problems.append(Problem(file, fid, "figures_agreement", f"{props['figures_agreement']!r}"
                                f" but the figures are {figures_agreement(figures)!r}"))
    if "figures_disagree" in props and props["figures_disagree"] != conflicting_figures(figures):
        conflicting = conflicting_figures(figures)
        problems.append(Problem(file, fid, "figures_disagree", f"{props['figures_disagree']!r} "
                                f"but the conflicting figures are {conflicting!r}"))
    if "headline_figure" in props and isinstance(props.get("kind"), str):
        expected = headline_figure(props["kind"], figures)
        if props["headline_figure"] != expected:
            problems.append(Problem(file, fid, "headline_figure", "not the smallest figure of "
                                    f"kind {vocab.HEADLINE_FIGURE_BY_KIND.get(props['kind'])!r}"
                                    " (officers involved never size a marker)"))
    if props.get("gap_note") is not None and not str(props["gap_note"]).strip():
        problems.append(Problem(file, fid, "gap_note", "empty gap note"))
    return problems


def _presence_rule_problems(file: str, fid: str, props: dict[str, Any]) -> list[Problem]:
    problems = []
    qualifier, span = props.get("year_qualifier"), props.get("year_range")
    if qualifier == "range" and not (isinstance(span, list) and len(span) == 2
                                     and span[0] == props.get("first_year") <= span[1]):
        problems.append(Problem(file, fid, "year_range", f"a range needs [first_year, hi], got "
                                f"{span!r}"))
    if qualifier not in (None, "range") and span is not None:
        problems.append(Problem(file, fid, "year_range", f"only a range has a year_range, got "
                                f"{span!r} for {qualifier!r}"))
    claims = [c for c in props.get("claims") or [] if isinstance(c, dict)]
    if "presence_kind" in props and claims:
        kinds = {c.get("presence_kind") for c in claims}
        expected = "first_reported" if "first_reported" in kinds else "reported_present_by"
        if props["presence_kind"] != expected:
            problems.append(Problem(file, fid, "presence_kind", f"{props['presence_kind']!r} but "
                                    f"its claims make it {expected!r}"))
    return problems


# Words that carry an article's hedge into a title (a suspected record's title needs one).
TITLE_HEDGES = ("suspected", "alleged", "believed", "affiliated", " may ", "possibly",
                "most likely", "told", "said to", "account")
# Their Spanish (a suspected record's title_es or name_es needs one).
TITLE_HEDGES_ES = ("presunt", "supuest", "sospechos", "se cree", "habría", "podría",
                   "posiblemente", "probablemente", "según", "acusad", "afiliad", "le dijo",
                   "le dijeron", "se dice")
# What dates a presence: a year, a month, or "... years ago" (never "has now", "is present").
_DATES_PRESENCE = re.compile(
    r"\b(1[89]|20)\d{2}\b|\byears ago\b|\b(January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\b")
# The opening a presence record's rendered year line must have, by presence kind.
_YEAR_LINE_OPENINGS = {"reported_present_by": ("Reported present by",),
                       "first_reported": ("First reported", "Origin")}


def _title_hedge_problems(file: str, fid: str, layer: str,
                          props: dict[str, Any]) -> list[Problem]:
    """A suspected event or corridor says so in its title (or name), not only in a note, and
    so does its Spanish title (or name)."""
    field = {"events": "title", "routes": "name"}.get(layer)
    if field is None or props.get("certainty") != "suspected":
        return []
    problems = []
    for name, hedges in ((field, TITLE_HEDGES), (f"{field}_es", TITLE_HEDGES_ES)):
        if name != field and not props.get(name):
            continue  # no Spanish words: Spanish views show the English title
        title = f" {str(props.get(name) or '').lower()} "
        if not any(hedge in title for hedge in hedges):
            problems.append(Problem(file, fid, name, f"a suspected record's {name} must carry "
                                    f"the article's hedge (one of "
                                    f"{', '.join(h.strip() for h in hedges)}): "
                                    f"{props.get(name)!r}"))
    return problems


def _verbatim_problems(file: str, fid: str, props: dict[str, Any]) -> list[Problem]:
    """A verbatim title is a quote: it is never translated (no ``title_es``)."""
    if props.get("title_is_verbatim") is True and props.get("title_es"):
        return [Problem(file, fid, "title_es", "the title is verbatim (title_is_verbatim): a "
                        f"quote stays as written, drop its translation {props['title_es']!r}")]
    return []


def _presence_text_problems(file: str, fid: str, props: dict[str, Any]) -> list[Problem]:
    """First-report claims are dated by their quotes; the year line every view renders
    matches the record's kind; a range is an origin (its quotes speak of it)."""
    problems = []
    for n, claim in enumerate(items(props.get("claims"))):
        if (isinstance(claim, dict) and claim.get("presence_kind") == "first_reported"
                and not _DATES_PRESENCE.search(str(claim.get("quote") or ""))):
            problems.append(Problem(file, fid, f"claims.{n}.quote", "a first_reported claim's "
                                    "quote must date the presence (a year, a month, 'years "
                                    "ago'); one that only says the gang is there is "
                                    "reported_present_by"))
    kind = props.get("presence_kind")
    if kind in _YEAR_LINE_OPENINGS and isinstance(props.get("first_year"), int):
        line = presence_year_text(props)
        if not line.startswith(_YEAR_LINE_OPENINGS[str(kind)]):
            problems.append(Problem(file, fid, "presence_kind", f"{kind!r} but every view "
                                    f"would render {line!r}"))
    if props.get("year_qualifier") == "range" and not any(
            "origin" in quote.lower() for quote in quotes(props)):
        problems.append(Problem(file, fid, "year_qualifier", "a range is shown as the origin "
                                "('Origin: lo–hi'): no quote of the record speaks of its "
                                "origin"))
    return problems


def claim_problems(file: str, fid: str, layer: str, geom: Any, props: dict[str, Any], *,
                    countries: Mapping[str, Any]) -> list[Problem]:
    """Every claim rule of one feature."""
    problems = _hedge_problems(file, fid, props) + _inferred_problems(file, fid, props)
    problems += _title_hedge_problems(file, fid, layer, props)
    problems += _verbatim_problems(file, fid, props)
    if layer == "places" and geom.geom_type == "Point":
        problems += _region_problems(file, fid, geom, props, countries)
        year = props.get("visible_from")
        if year is not None and not isinstance(year, int):
            problems.append(Problem(file, fid, "visible_from", f"{year!r} is not a year"))
        elif year is not None and "visible_from_note" in props and not str(
                props.get("visible_from_note") or "").strip():
            problems.append(Problem(file, fid, "visible_from_note", "visible_from needs a note: "
                                    "the dated record that uses the place, or the words that "
                                    "date it"))
    if layer == "events":
        problems += _event_rule_problems(file, fid, props)
    if layer == "presence":
        problems += _presence_rule_problems(file, fid, props)
    if layer in ("presence", "spread"):
        problems += _presence_text_problems(file, fid, props)
    return problems
