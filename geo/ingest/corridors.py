"""Movements an article describes between two places it names: corridor candidates.

A movement is "from X … to Y" (or "desde X hasta Y", "de X a Y") in one sentence, X and Y two
different places of the text, with the words of a corridor kind in the same sentence:
migrants or smuggling, trafficking, sexual exploitation or victims, drugs, weapons, money, a
transfer between prisons, a deportation. Each kind named gives one corridor ("transporting migrants,
drugs and weapons from X to Y": three). Nothing else is proposed: a destination without an
origin ("deported to Guantanamo Bay"), an origin without a destination, or a route the
article builds over several sentences are left to the reviewer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.ingest.places import Mention

_ARTICLE = r"(?:(?:the|el|la|los|las)\s+)?"
_FROM = re.compile(rf"\b(?:from|desde|de)\s+{_ARTICLE}$", re.IGNORECASE)
_TO = re.compile(rf"\b(?:to|into|towards?|hacia|hasta|a|al)\s+{_ARTICLE}$", re.IGNORECASE)
_MAX_GAP = 80  # characters between the origin's name and the destination's

KIND_WORDS: dict[str, re.Pattern[str]] = {
    "migrant_smuggling": re.compile(
        r"\b(?:migrants?|migrantes?|smuggl\w*|coyotes?|trocheros?|tráfico de migrantes|"
        r"(?:moving|moves|moved|transport\w*|traslad\w*|llev\w*)\s+(?:people|personas))\b",
        re.IGNORECASE),
    "human_trafficking": re.compile(
        r"\b(?:(?<!drug )(?<!arms )(?<!weapons )(?<!cocaine )traffick(?:ed|ing)\b(?!\s+(?:of\s+)?"
        r"(?:drugs|cocaine|arms|weapons|firearms))|trata de (?:personas|mujeres)|"
        r"sex(?:ual)? exploitation|explotación sexual|explotadas? sexualmente|"
        r"victims?|víctimas?)", re.IGNORECASE),
    "drug_transport": re.compile(
        r"\b(?:drugs?|cocaine|cocaína|drogas?|marijuana|marihuana|narcotics|estupefacientes)\b",
        re.IGNORECASE),
    "weapons_flow": re.compile(r"\b(?:weapons|arms|firearms|guns|armas|armamento)\b",
                               re.IGNORECASE),
    "money_flow": re.compile(r"\b(?:money|profits|cash|dinero|ganancias|remesas)\b",
                             re.IGNORECASE),
    "prison_transfer": re.compile(
        r"\b(?:transferred|moved|trasladad[oa]s?)\b.{0,80}\b(?:prisons?|jails?|penal(?:es)?|"
        r"cárcel(?:es)?|penitenciari[oa]s?)\b", re.IGNORECASE),
    "deportation": re.compile(r"\b(?:deport\w*|expelled|expulsad[oa]s?)\b", re.IGNORECASE),
}


@dataclass(frozen=True)
class Movement:
    """One "from X to Y" of a sentence, and the corridor kinds its sentence names."""

    origin: Mention
    destination: Mention
    kinds: tuple[str, ...]


def movements(text: str, start: int, end: int, mentions: list[Mention]) -> list[Movement]:
    """The movements of the sentence at ``text[start:end]`` between the given mentions."""
    sentence = text[start:end]
    kinds = tuple(k for k, words in KIND_WORDS.items() if words.search(sentence))
    if not kinds:
        return []
    inside = [m for m in mentions if start <= m.start < end and m.best is not None]
    out = []
    for n, origin in enumerate(inside):
        if not _FROM.search(text, max(start, origin.start - 16), origin.start):
            continue
        for destination in inside[n + 1:]:
            if destination.start - origin.end > _MAX_GAP:
                break
            if destination.best != origin.best and _TO.search(
                    text, max(origin.end, destination.start - 16), destination.start):
                out.append(Movement(origin, destination, kinds))
                break
    return out
