"""Reading an article (text or HTML), refusing bad input, sentences with their offsets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from geo.errors import OptionError

MAX_BYTES = 1_000_000  # a news article is well under 100 kB; a 5 MB text is not an article
LANGS = ("en", "es")
_STOPWORDS = {
    "en": frozenset([
        "the", "of", "and", "to", "in", "a", "is", "that", "was", "for", "on", "with", "as",
        "by", "said", "were", "from", "has", "have", "it", "at", "which", "their", "its",
        "been", "had", "who", "this", "are", "after"
    ]),
    "es": frozenset([
        "el", "la", "de", "que", "y", "en", "los", "las", "del", "se", "por", "un", "una",
        "con", "para", "al", "es", "su", "lo", "como", "más", "fue", "según", "sus", "han",
        "ha", "pero", "este", "esta"
    ]),
}
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(¿¡]?[A-ZÁÉÍÓÚÑ0-9])|\n\s*\n|\n")
_ABBREVIATIONS = ("Gen.", "Sr.", "Sra.", "Dr.", "Mr.", "Mrs.", "Ms.", "St.", "Col.", "Lt.",
                  "U.S.", "No.", "Gral.", "Crnl.", "Fe.", "Jr.")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article and where it starts and ends (character offsets)."""

    start: int
    end: int
    text: str
    paragraph: int


def fold(text: str) -> str:
    """Lower-case and strip accents character by character (the offsets stay the same)."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0].lower()
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


def decode_article(data: bytes, *, name: str) -> str:
    """The article's plain text from the bytes of a ``.txt`` or ``.html`` file.

    Raise `OptionError` naming the file for an empty, binary or oversized input.
    """
    if len(data) > MAX_BYTES:
        raise OptionError(f"{name}: {len(data):,} bytes is too large for one article "
                          f"(limit {MAX_BYTES:,} bytes)")
    if not data.strip():
        raise OptionError(f"{name}: the file is empty")
    if b"\x00" in data[:8192]:
        raise OptionError(f"{name}: this is a binary file, not the text of an article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OptionError(f"{name}: not UTF-8 text (byte {exc.start}); save the article as "
                          "UTF-8 .txt or .html") from None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if controls > len(text) // 100:
        raise OptionError(f"{name}: this is a binary file, not the text of an article")
    looks_html = name.lower().endswith((".html", ".htm")) or bool(
        re.match(r"\s*(<!doctype html|<html)", text[:200], re.IGNORECASE))
    if looks_html:
        text = html_to_text(text, name=name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise OptionError(f"{name}: no article text found")
    return text


def html_to_text(html: str, *, name: str) -> str:
    """The main text of an HTML page (trafilatura, offline; no request is made)."""
    import trafilatura  # noqa: PLC0415  # only for HTML input

    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_recall=True)
    if not text:
        raise OptionError(f"{name}: no article text found in the HTML page")
    return str(text)


def detect_language(text: str, *, name: str) -> str:
    """``en`` or ``es`` by stop-word counts; raise `OptionError` for any other language."""
    words = re.findall(r"[a-záéíóúñü]+", text.lower())
    scores = {lang: sum(1 for w in words if w in stops) for lang, stops in _STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    if not words or scores[best] < max(3, len(words) // 12):
        raise OptionError(f"{name}: the text is not in English or Spanish (the languages the "
                          "ingest reads); found too few common English or Spanish words")
    return best


def sentences(text: str) -> list[Sentence]:
    """Split the text into sentences, keeping offsets; a blank line starts a paragraph."""
    out: list[Sentence] = []
    start = 0
    paragraph = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[max(0, match.start() - 6):match.start()]
        if "\n" not in match.group(0) and before.endswith(_ABBREVIATIONS):
            continue
        _add(out, text, start, match.start(), paragraph)
        if "\n" in match.group(0):
            paragraph += 1
        start = match.end()
    _add(out, text, start, len(text), paragraph)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    if piece:
        out.append(Sentence(start + lead, start + lead + len(piece), piece, paragraph))
