"""Refresh the message catalogue: extract marked strings, update the Spanish translations.

    python scripts/i18n.py           # write geo/locale/messages.pot and es/.../messages.po
    python scripts/i18n.py --check   # exit 1 when either file is stale or a string untranslated
    python scripts/i18n.py --prune   # also drop translations of strings no longer marked

Strings are marked in ``geo/**/*.py`` and ``app.py`` with ``N_("...")``, ``_("...")``,
``gettext("...", lang=...)`` or ``ngettext(...)`` (see docs/i18n.md); the layer schemas'
titles (``geo/data/schemas/*.schema.json``, the data dictionary's headings) are msgids too.
Output is deterministic: entries sorted by msgid, file names without line numbers, fixed
header dates, no tool version; translations of strings that disappear are kept as obsolete
(``#~``) entries and come back when the string does.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import io
import json
import re
import sys
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "geo" / "locale"
POT_PATH = LOCALE_DIR / "messages.pot"
TRANSLATED = ("es",)
# Marker function -> how many leading arguments are the message (singular, plural).
KEYWORDS = {"N_": 1, "_": 1, "gettext": 1, "ngettext": 2}
COMMENT_TAGS = ("TRANSLATORS:",)
# Fixed so that a refresh with nothing new rewrites the files byte for byte.
HEADER_DATE = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
PROJECT = "tda-map"
# gettext's plural rule per language, fixed here: Babel derives one from its CLDR version
# (Babel 2.19 gives Spanish a third form for exact millions), which would change the files
# with the tool's version.
PLURAL_FORMS = {"es": "nplurals=2; plural=(n != 1);"}
WIDTH = 96
_TOOL_LINE = re.compile(rb'^"Generated-By: .*\\n"\n', re.MULTILINE)


def source_files(root: Path = ROOT) -> list[Path]:
    """Python files whose marked strings make the catalogue, sorted."""
    files = sorted(p for p in (root / "geo").rglob("*.py") if "__pycache__" not in p.parts)
    return [*files, root / "app.py"]


def marked_messages(source: str, *, keywords: Mapping[str, int] = KEYWORDS,
                    comment_tags: Collection[str] = COMMENT_TAGS,
                    ) -> list[tuple[int, str | tuple[str, str], list[str]]]:
    """(line, msgid or (singular, plural), translator notes) of each marked call in `source`.

    Read from the syntax tree: a call of a keyword (``N_``, ``_``, ``gettext``,
    ``i18n.gettext``, ``ngettext``...) counts only when its message arguments are string
    literals, so a literal inside another expression (``_(TABLE["key"])``) is never taken for
    a msgid, and ``gettext(variable, ...)`` is skipped. Comments starting with one of
    `comment_tags` on the lines just above the call are the translator's notes.
    """
    lines = source.splitlines()
    found: list[tuple[int, str | tuple[str, str], list[str]]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = (func.id if isinstance(func, ast.Name)
                else func.attr if isinstance(func, ast.Attribute) else "")
        count = keywords.get(name, 0)
        args = [a.value for a in node.args[:count]
                if isinstance(a, ast.Constant) and isinstance(a.value, str) and a.value]
        if count and len(args) == count:
            message = args[0] if count == 1 else (args[0], args[1])
            found.append((node.lineno, message, _translator_comments(lines, node.lineno,
                                                                     comment_tags)))
    return sorted(found, key=lambda item: (item[0], str(item[1])))


def _translator_comments(lines: Sequence[str], lineno: int,
                         comment_tags: Collection[str]) -> list[str]:
    block: list[str] = []
    index = lineno - 2
    while index >= 0 and lines[index].strip().startswith("#"):
        block.insert(0, lines[index].strip().lstrip("#").strip())
        index -= 1
    for start, text in enumerate(block):
        tag = next((t for t in comment_tags if text.startswith(t)), None)
        if tag is not None:
            return [text.removeprefix(tag).strip(), *block[start + 1:]]
    return []


def _new_catalog(*, locale: str | None) -> Catalog:
    catalog = Catalog(locale=locale, project=PROJECT, version="",
                      copyright_holder="the tda-map authors", msgid_bugs_address="",
                      creation_date=HEADER_DATE, revision_date=HEADER_DATE, fuzzy=False)
    if locale in PLURAL_FORMS:
        catalog.mime_headers = [(name, PLURAL_FORMS[locale] if name == "Plural-Forms" else value)
                                for name, value in catalog.mime_headers]
    return catalog


def schema_files(root: Path = ROOT) -> list[Path]:
    """The layer JSON Schemas, whose titles head the data dictionary's sections, sorted."""
    return sorted((root / "geo" / "data" / "schemas").glob("*.schema.json"))


def extract(files: Iterable[Path] | None = None, *, root: Path = ROOT,
            schemas: Iterable[Path] | None = None) -> Catalog:
    """A template catalogue of every string marked in `files` (default: `source_files`) and
    of the `title` of each layer schema (default: `schema_files`; none when `files` is given).
    """
    template = _new_catalog(locale=None)
    for path in files if files is not None else source_files(root):
        name = path.relative_to(root).as_posix()
        for lineno, message, comments in marked_messages(path.read_text(encoding="utf-8")):
            template.add(message, locations=[(name, lineno)], auto_comments=comments)
    for path in schemas if schemas is not None else ([] if files else schema_files(root)):
        title = json.loads(path.read_text(encoding="utf-8")).get("title")
        if isinstance(title, str) and title:
            template.add(title, locations=[(path.relative_to(root).as_posix(), 1)],
                         auto_comments=["The heading of a layer in the data dictionary."])
    return template


def render(catalog: Catalog) -> bytes:
    """The .pot/.po text of `catalog`: sorted, without line numbers or tool version."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, sort_output=True, include_lineno=False)
    return _TOOL_LINE.sub(b"", buffer.getvalue())


def read_catalog(path: Path, *, locale: str) -> Catalog:
    """The catalogue at `path` (an empty one when the file does not exist)."""
    if not path.is_file():
        return _new_catalog(locale=locale)
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def msgid_key(message: Message) -> str:
    """The msgid of `message` (the singular of a plural message)."""
    return message.id if isinstance(message.id, str) else str(message.id[0])


def merge(template: Catalog, old: Catalog, *, locale: str, keep_obsolete: bool = True,
          ) -> Catalog:
    """`template` with the translations of `old` (active or obsolete); the rest obsolete
    (or dropped when not `keep_obsolete`)."""
    known: dict[str, Message] = {msgid_key(m): m for m in old.obsolete.values()}
    known |= {msgid_key(m): m for m in old if m.id}
    merged = _new_catalog(locale=locale)
    for message in template:
        if not message.id:
            continue
        previous = known.pop(msgid_key(message), None)
        if previous is not None and type(previous.id) is not type(message.id):
            previous = None  # a message became (or stopped being) plural: translate anew
        merged.add(message.id, previous.string if previous else "",
                   locations=message.locations, auto_comments=message.auto_comments,
                   user_comments=previous.user_comments if previous else (),
                   flags=[f for f in (previous.flags if previous else ()) if f == "fuzzy"],
                   context=message.context)
    for msgid, message in sorted(known.items()):
        if message.string and keep_obsolete:
            merged.obsolete[msgid] = Message(message.id, message.string,
                                             user_comments=message.user_comments)
    return merged


def po_path(lang: str) -> Path:
    """The catalogue file of `lang`."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


def refreshed(*, keep_obsolete: bool = True) -> dict[Path, bytes]:
    """Path -> up-to-date bytes of the template and every translated catalogue."""
    template = extract()
    files = {POT_PATH: render(template)}
    for lang in TRANSLATED:
        old = read_catalog(po_path(lang), locale=lang)
        files[po_path(lang)] = render(merge(template, old, locale=lang,
                                            keep_obsolete=keep_obsolete))
    return files


def is_translated(message: Message) -> bool:
    """Whether `message` has a non-fuzzy translation (every form of a plural one)."""
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(forms) and all(forms) and not message.fuzzy


def untranslated(catalog: Catalog) -> list[str]:
    """msgids of `catalog` without a (non-fuzzy) translation, sorted."""
    return sorted(msgid_key(m) for m in catalog if m.id and not is_translated(m))


def main(argv: Sequence[str] | None = None) -> int:
    """Refresh (or with ``--check`` verify) the catalogue files; 1 when something is stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when a file is stale or a string untranslated")
    parser.add_argument("--prune", action="store_true",
                        help="drop the translations of strings no longer marked (#~ entries)")
    args = parser.parse_args(argv)
    status = 0
    for path, data in refreshed(keep_obsolete=not args.prune).items():
        if path.is_file() and path.read_bytes() == data:
            continue
        if args.check:
            print(f"{path.relative_to(ROOT)} is stale: run python scripts/i18n.py",
                  file=sys.stderr)
            status = 1
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)}")
    for lang in TRANSLATED:
        missing = untranslated(read_catalog(po_path(lang), locale=lang))
        for msgid in missing:
            print(f"{po_path(lang).relative_to(ROOT)}: untranslated: {msgid!r}", file=sys.stderr)
        status = status or (1 if missing and args.check else 0)
        if missing and not args.check:
            print(f"{len(missing)} string(s) to translate in {po_path(lang).relative_to(ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
