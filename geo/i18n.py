"""Interface language: one gettext message catalogue, English (the msgids) and Spanish.

Every interface string, legend row, popup label, export title and footer is an English
msgid marked with `N_` (for extraction) and translated at the point of use with
``gettext(msgid, lang=...)`` (or a `translator`). The catalogue is
``geo/locale/<lang>/LC_MESSAGES/messages.po``, read with Babel; ``pybabel extract`` (see
docs/architecture.md) refreshes the template, and a test fails when a marked string has no
Spanish translation. Quotes from the articles are data, never translated.
"""

from __future__ import annotations

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


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional marker name)
    """Mark `message` for extraction; translate it later with `gettext`."""
    return message


def check_lang(lang: str) -> Lang:
    """`lang` as a `Lang`; `OptionError` names an unknown language."""
    if lang not in LANGS:
        raise OptionError(f"language {lang[:40]!r} is not one of {', '.join(LANGS)}")
    return lang


@cache
def catalog(lang: Lang) -> dict[str, str]:
    """msgid -> translation for `lang` (empty for English, the source language)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == "en" or not path.is_file():
        return {}
    from babel.messages.pofile import read_po  # noqa: PLC0415 (only where a catalogue exists)

    with path.open("rb") as handle:
        po = read_po(handle, locale=lang)
    return {str(m.id): str(m.string) for m in po if m.id and m.string and not m.fuzzy}


def gettext(message: str, *, lang: str) -> str:
    """`message` (an English msgid) in `lang`; the msgid itself when untranslated."""
    return catalog(check_lang(lang)).get(message, message)


def translator(lang: str) -> Callable[[str], str]:
    """A one-argument `gettext` bound to `lang`, conventionally named ``_``."""
    table = catalog(check_lang(lang))
    return lambda message: table.get(message, message)
