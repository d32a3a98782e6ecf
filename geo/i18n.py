"""Interface language: one gettext message catalogue, English (the msgids) and Spanish.

Every interface string, legend row, popup label, export title and footer is an English
msgid marked with `N_` (for extraction) and translated at the point of use with
``gettext(msgid, lang=...)`` (or a `translator`). The catalogue is
``geo/locale/<lang>/LC_MESSAGES/messages.po``, read with Babel; ``python scripts/i18n.py``
refreshes the template and the Spanish catalogue (docs/i18n.md), and a test fails when a
marked string has no Spanish translation. Quotes from the articles are data, never translated.

Country names, dates and numbers come from CLDR through Babel (`country_name`, `format_day`,
`format_number`), so that no month or country name is spelled out in code.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Literal

from geo.errors import OptionError

Lang = Literal["en", "es"]
LANGS: tuple[Lang, ...] = ("en", "es")
DEFAULT_LANG: Lang = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
# CLDR locale of each interface language (Spanish: the generic "es" data, whose "10 nov 2022"
# and "12.345" read naturally across Latin America).
BABEL_LOCALES: dict[Lang, str] = {"en": "en", "es": "es"}
# CLDR date patterns per precision of a partial date (geo.dates).
DATE_PATTERNS = {"day": "d MMM y", "month": "MMM y", "year": "y"}
MONTH_PATTERN = "MMM"


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional marker name)
    """Mark `message` for extraction; translate it later with `gettext`."""
    return message


def check_lang(lang: str) -> Lang:
    """`lang` as a `Lang`; `OptionError` names an unknown language."""
    if lang not in LANGS:
        raise OptionError(f"language {lang[:40]!r} is not one of {', '.join(LANGS)}")
    return lang


def po_path(lang: Lang) -> Path:
    """The catalogue file of `lang`."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalog(lang: Lang) -> dict[str, str]:
    """msgid -> translation for `lang` (empty for English, the source language)."""
    path = po_path(lang)
    if lang == "en" or not path.is_file():
        return {}
    from babel.messages.pofile import read_po  # noqa: PLC0415 (only where a catalogue exists)

    with path.open("rb") as handle:
        po = read_po(handle, locale=lang)
    return {m.id: str(m.string) for m in po
            if isinstance(m.id, str) and m.id and m.string and not m.fuzzy}


def gettext(message: str, *, lang: str) -> str:
    """`message` (an English msgid) in `lang`; the msgid itself when untranslated."""
    return catalog(check_lang(lang)).get(message, message)


@cache
def _compiled(lang: Lang) -> _gettext.NullTranslations:
    """The catalogue of `lang` compiled in memory to a standard `gettext` object (plurals)."""
    path = po_path(lang)
    if lang == "en" or not path.is_file():
        return _gettext.NullTranslations()
    from babel.messages.mofile import write_mo  # noqa: PLC0415
    from babel.messages.pofile import read_po  # noqa: PLC0415

    with path.open("rb") as handle:
        po = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, po)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def ngettext(singular: str, plural: str, count: int, *, lang: str) -> str:
    """The form of a plural msgid for `count` in `lang`, e.g.
    ``ngettext("{count} event", "{count} events", n, lang=lang).format(count=n)``."""
    return _compiled(check_lang(lang)).ngettext(singular, plural, count)


def translator(lang: str) -> Callable[[str], str]:
    """A one-argument `gettext` bound to `lang`, conventionally named ``_``."""
    table = catalog(check_lang(lang))
    return lambda message: table.get(message, message)


def strings(messages: dict[str, str], *, lang: str) -> dict[str, str]:
    """``{key: msgid}`` -> ``{key: translation}``, sorted by key (e.g. for ``tda.strings``)."""
    _ = translator(lang)
    return {key: _(messages[key]) for key in sorted(messages)}


# --- CLDR data via Babel -------------------------------------------------------------------

@cache
def _territory_names(lang: Lang) -> dict[str, str]:
    from babel import Locale  # noqa: PLC0415 (Babel loads only where names are shown)

    return dict(Locale.parse(BABEL_LOCALES[lang]).territories)


@cache
def _alpha2(iso_a3: str) -> str | None:
    from babel.core import get_global  # noqa: PLC0415

    aliases = get_global("territory_aliases").get(iso_a3.upper())
    return str(aliases[0]) if aliases else None


def country_name(iso_a3: str, *, lang: str, default: str | None = None) -> str:
    """CLDR name of an ISO 3166-1 alpha-3 country in `lang` ('PER' -> 'Perú' in Spanish).

    Codes CLDR does not know (Natural Earth's ``-99``, Kosovo's ``XKX``...) give `default`
    (the layer's own name), or the code itself.
    """
    names = _territory_names(check_lang(lang))
    alpha2 = _alpha2(iso_a3)
    name = names.get(alpha2) if alpha2 else None
    return name or default or iso_a3


def format_number(value: float, *, lang: str) -> str:
    """`value` with the grouping and decimal signs of `lang` ('12,345' / '12.345')."""
    from babel.numbers import format_decimal  # noqa: PLC0415

    return str(format_decimal(value, locale=BABEL_LOCALES[check_lang(lang)]))


def format_day(day: dt.date, *, precision: str, lang: str) -> str:
    """`day` at a date precision: '10 Nov 2022' / '10 nov 2022', 'Nov 2022', '2022'."""
    from babel.dates import format_date  # noqa: PLC0415

    pattern = DATE_PATTERNS.get(precision)
    if pattern is None:
        raise OptionError(f"date precision {precision!r} is not one of "
                          f"{', '.join(DATE_PATTERNS)}")
    return str(format_date(day, pattern, locale=BABEL_LOCALES[check_lang(lang)]))


def format_month(day: dt.date, *, lang: str) -> str:
    """The abbreviated month of `day` alone ('Mar' / 'mar'), for ranges within a year."""
    from babel.dates import format_date  # noqa: PLC0415

    return str(format_date(day, MONTH_PATTERN, locale=BABEL_LOCALES[check_lang(lang)]))


def language_name(code: str, *, lang: str) -> str:
    """CLDR name of the language `code` in `lang` ('es' -> 'Spanish'; 'en' -> 'inglés')."""
    from babel import Locale  # noqa: PLC0415

    return str(Locale.parse(BABEL_LOCALES[check_lang(lang)]).languages.get(code, code))


# --- Data dictionary (docs/data-dictionary*.md, written by ``python -m geo build``) ----------

DATA_DICTIONARY_FILES: dict[Lang, str] = {"en": "data-dictionary.md",
                                          "es": "data-dictionary.es.md"}
DATA_DICTIONARY_TEXT: dict[str, str] = {
    "title": N_("Data dictionary"),
    "generated": N_("Generated by `{command}` from `{schemas}`; do not edit."),
    "format": N_("All layers are RFC 7946 GeoJSON (WGS84, [longitude, latitude]); features "
                 "are sorted by `id`, which is stable across releases."),
    "schema_language": N_("Layer and field descriptions are quoted from the JSON Schemas, "
                          "in English."),
    "geometry": N_("Geometry: {kind}."),
    "field": N_("field"),
    "type": N_("type"),
    "description": N_("description"),
    "values": N_("Values: {values}."),
    "or": N_("or"),
    "other_language": N_("Also in {language}: [{file}]({file})."),
}


def data_dictionary_text(*, lang: str) -> dict[str, str]:
    """The headings of the data dictionary in `lang` (keys of `DATA_DICTIONARY_TEXT`)."""
    return strings(DATA_DICTIONARY_TEXT, lang=lang)
