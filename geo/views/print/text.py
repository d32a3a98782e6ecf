"""Every string the print views write, literal and translated.

The words come from `geo.data.credits` (title, heading, summary, sources, credits) and
`geo.i18n` (country names, numbers), in the language asked; print adds only its own rules.
Print text is always literal: control characters are replaced (they would make an SVG
invalid XML), over-long text is cut with an ellipsis, and matplotlib's mathtext is off for
every text artist (``parse_math=False``), so "US$5m … $3m" prints as written.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

from geo.data import credits
from geo.data.selection import Filters, Layers, Selection
from geo.data.text import source_line
from geo.i18n import N_, translator

TITLE_LIMIT = 160  # characters of a title, heading or legend row
LABEL_LIMIT = 60  # characters of a map label
SOURCE_LIMIT = 300  # characters of one source in the source line
FOOTER_LINES_LIMIT = 12  # wrapped lines of the footer
PROJECTION = N_("Web Mercator")  # the projection of every print map (geo.views.print.projection)
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


def title_text(title: str | None, *, lang: str) -> str:
    """The title printed: `title` when given, else the map's title in `lang` (literal)."""
    return literal(title if title is not None else credits.map_title(lang=lang))


def heading_text(filters: Filters, *, lang: str) -> str:
    """'As of 2022 (cumulative)' or '2022 only', then the filters (`credits.view_heading`)."""
    return literal(credits.view_heading(filters, lang=lang))


def summary_text(selection: Selection, *, lang: str) -> str:
    """'By 2022: 6 countries, 24 events, ...' (`credits.summary_text`, literal)."""
    return literal(credits.summary_text(selection.summary(), lang=lang))


def footer_lines(source_ids: Sequence[str], *, layers: Layers, lang: str,
                 chars: int) -> list[str]:
    """The source line and the credits, wrapped to `chars` a line, at most a dozen lines.

    The words are those of `geo.data.credits` (`SOURCES`, `data_as_of_text`, `credits_lines`,
    `caveat`) and each source is its `geo.data.text.source_line`; print only cuts each source
    to `SOURCE_LIMIT` characters, so that one over-long label cannot push the others out.
    """
    _ = translator(lang)
    cited = [literal(source_line(s, layers.sources, lang=lang), limit=SOURCE_LIMIT)
             for s in source_ids]
    sources = _(credits.SOURCES).format(
        sources="; ".join(cited) if cited else _(credits.NO_SOURCES))
    notes = " · ".join([credits.data_as_of_text(layers, lang=lang),
                        *credits.credits_lines(lang=lang), _(PROJECTION)])
    notes += ". " + credits.caveat(lang=lang)
    source_rows = textwrap.wrap(literal(sources, limit=10_000), chars)
    credit_rows = textwrap.wrap(literal(notes, limit=2_000), chars)
    room = max(1, FOOTER_LINES_LIMIT - len(credit_rows))
    if len(source_rows) > room:
        source_rows = [*source_rows[:room - 1],
                       literal(source_rows[room - 1], limit=max(2, chars - 2)) + " …"]
    return [*source_rows, *credit_rows]
