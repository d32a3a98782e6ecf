"""Every string the print views write, literal and translated.

Print text is always literal: control characters are replaced (they would make an SVG
invalid XML), over-long text is cut with an ellipsis, and matplotlib's mathtext is off for
every text artist (``parse_math=False``), so "US$5m … $3m" prints as written.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

from geo import i18n, vocab
from geo.data.credits import CAVEAT, CREDITS, MAP_TITLE, data_as_of_text
from geo.data.selection import Filters, Layers, Selection
from geo.data.text import source_line
from geo.i18n import N_, gettext

TITLE_LIMIT = 160  # characters of a title, heading or legend row
LABEL_LIMIT = 60  # characters of a map label
SOURCE_LIMIT = 300  # characters of one source in the source line
FOOTER_LINES_LIMIT = 12  # wrapped lines of the footer
# C0 and C1 controls (but newline), DEL, non-characters and lone surrogates.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def literal(text: str, *, limit: int = TITLE_LIMIT, one_line: bool = True) -> str:
    """`text` safe to print: controls become spaces, cut to `limit` characters with '…'."""
    text = _CONTROL.sub(" ", str(text).replace("\r\n", "\n").replace("\r", "\n"))
    if one_line:
        text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    return text


def country_name(iso_a3: str, *, lang: str, default: str) -> str:
    """A country's name in `lang` (e.g. 'Perú'); `default` (the basemap's English name)
    when no translation is known.

    PLACEHOLDER until the i18n helper's branch is merged: it provides
    ``geo.i18n.country_name(iso_a3, *, lang, default)`` and this function then uses it; until
    then it asks the message catalogue for the English name. Replace the body with that one
    call once merged.
    """
    provided = getattr(i18n, "country_name", None)
    if provided is not None:
        return str(provided(iso_a3, lang=lang, default=default))
    return gettext(default, lang=lang)


def kind_label(code: str, *, lang: str) -> str:
    """Label of a vocabulary code (event or corridor kind) in `lang`."""
    return gettext(vocab.label(code), lang=lang)


def map_title(*, lang: str) -> str:
    """The map's title in `lang`."""
    return gettext(MAP_TITLE, lang=lang)


def view_heading(filters: Filters, *, lang: str) -> str:
    """'As of 2022 (cumulative)' or '2022 only', then the filters in use."""
    head = (gettext(N_("As of {year} (cumulative)"), lang=lang) if filters.mode == "cumulative"
            else gettext(N_("{year} only"), lang=lang)).format(year=filters.year)
    parts = [(N_("Countries"), filters.countries, False), (N_("Groups"), filters.groups, True),
             (N_("Events"), filters.event_kinds, True),
             (N_("Corridors"), filters.corridor_kinds, True)]
    phrases = [gettext(name, lang=lang) + ": "
               + ", ".join(kind_label(v, lang=lang) if labelled else v for v in sorted(values))
               for name, values, labelled in parts if values]
    return literal(" · ".join([head, *phrases]))


def summary_sentence(selection: Selection, *, lang: str) -> str:
    """E.g. 'By 2022: 6 countries, 19 events, 15 corridors, 9,800 km of corridors'."""
    s = selection.summary()
    lead = (gettext(N_("By {year}"), lang=lang) if s.mode == "cumulative"
            else gettext(N_("In {year} only"), lang=lang)).format(year=s.year)
    counts = gettext(N_("{countries} countries, {events} events, {corridors} corridors, "
                        "{km} km of corridors"), lang=lang)
    km = f"{s.corridor_km:,.0f}"
    if lang == "es":
        km = km.replace(",", ".")
    return literal(lead + ": " + counts.format(countries=s.countries, events=s.events,
                                              corridors=s.corridors, km=km))


def footer_lines(source_ids: Sequence[str], *, layers: Layers, lang: str,
                 chars: int) -> list[str]:
    """The source line and the credits, wrapped to `chars` a line, at most a dozen lines."""
    cited = [literal(source_line(s, layers.sources), limit=SOURCE_LIMIT) for s in source_ids]
    sources = gettext(N_("Sources"), lang=lang) + ": " + (
        "; ".join(cited) if cited else gettext(N_("none in this selection"), lang=lang))
    credits = " · ".join([gettext(data_as_of_text(layers), lang=lang),
                          *(gettext(c, lang=lang) for c in CREDITS),
                          gettext(N_("Web Mercator"), lang=lang)])
    credits += ". " + gettext(CAVEAT, lang=lang)
    source_rows = textwrap.wrap(literal(sources, limit=10_000), chars)
    credit_rows = textwrap.wrap(literal(credits, limit=2_000), chars)
    room = max(1, FOOTER_LINES_LIMIT - len(credit_rows))
    if len(source_rows) > room:
        source_rows = [*source_rows[:room - 1],
                       literal(source_rows[room - 1], limit=max(2, chars - 2)) + " …"]
    return [*source_rows, *credit_rows]
