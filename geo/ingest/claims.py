"""What a sentence claims: the event kind, the groups named, hedges and who said it."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Event kind → verbs and nouns that report it (English and Spanish stems). The first kind
# whose words occur wins, so the more specific kinds come first.
_KINDS: list[tuple[str, str]] = [
    ("prison_escape", r"escaped|broke out|fuga(?:ron)?|se fugaron|evadieron"),
    ("escape_plot", r"planning an escape|plan(?:eaba|ned)? (?:de )?(?:fuga|escape)"),
    ("prison_transfer", r"transferred|moved\b.{0,60}\bprison|"
                        r"transfer(?:s|red)? (?:back )?to (?:a |the )?prison|"
                        r"trasladad[oa]s? a (?:un |el |la )?"
                        r"(?:penal|cárcel|prisión|centro penitenciario)|"
                        r"traslad(?:ó|aron) a (?:un |el |la )?(?:penal|cárcel|prisión)"),
    ("deportation", r"deported|deportation|deportad[oa]s?|expulsad[oa]s?|expelled"),
    ("rescue", r"rescued|rescue[sd]?\b|rescatad[oa]s?|rescat(?:e|aron)|liberad[oa]s"),
    ("murder", r"murder(?:ed|s)?|killed|killing|shot dead|asesinad[oa]s?|asesinato|homicidio|"
               r"ejecutad[oa]s?|matad[oa]s?|crimen de"),
    ("kidnapping", r"kidnapp(?:ed|ing)|abducted|secuestrad[oa]s?|secuestro"),
    ("seizure", r"seized|seizure|confiscated|incautad[oa]s?|incautaci[oó]n|decomis(?:o|aron)"),
    ("arrest", r"arrest(?:ed|s)?|captur(?:ed|e)|detained|apprehended|caught|rounded up|"
               r"detenid[oa]s?|captur(?:ad[oa]s?|aron|ó|o|a)|arrestad[oa]s?|aprehendid[oa]s?|"
               r"raid(?:ed|s)?|allanamiento|operativo"),
    ("dismantling", r"dismantled|desarticulad[oa]|desarticul(?:aron|ó)"),
    ("designation", r"designat(?:ed|ion)|label(?:l)?ed (?:a )?terrorist|designad[oa]|"
                    r"declarad[oa] (?:como )?terrorista"),
    ("report", r"\breported\b|report(?:s)? that|inform[oó]|denunci[oó]|reveal(?:ed)?"),
    ("statistic", r"statistics|estadísticas|\brate\b|\btasa\b|increased (?:by|from)|"
                  r"rose (?:by|from)|fell by|aument[oó]|disminuy[oó]"),
]
# Kinds named by a specific phrase win over the verb that comes first ("caught planning an
# escape" is an escape plot, not an arrest).
_SPECIFIC_KINDS = ("escape_plot", "prison_escape", "prison_transfer", "deportation",
                   "dismantling", "designation")
_KIND_RES = [(kind, re.compile(rf"\b(?:{words})", re.IGNORECASE)) for kind, words in _KINDS]
GROUPS = {"tren-de-aragua": re.compile(r"Tren de Aragua", re.IGNORECASE),
          "gallegos": re.compile(r"\bLos Gallegos\b|\bthe Gallegos\b|\bGallegos\b"),
          "hijos-de-dios": re.compile(r"Hijos de Dios", re.IGNORECASE)}
HEDGES = re.compile(
    r"\b(alleged(?:ly)?|suspected|believed to(?: be)?|said to be|reportedly|purported(?:ly)?|"
    r"apparently|may have|might have|could have|probably|likely|presunt[oa]s?|"
    r"presuntamente|supuest[oa]s?|supuestamente|habría(?:n)?|sería(?:n)?|"
    r"aparentemente|al parecer|affiliated with|vinculad[oa]s? (?:a|con))\b", re.IGNORECASE)
_NAME = r"(?:[A-ZÁÉÍÓÚÑ][\w'’.-]+(?:\s+(?:de(?:l)?|la|y|van|von)\s+|\s+)){0,4}[A-ZÁÉÍÓÚÑ][\w'’-]+"
_TITLE = (r"(?:(?:the|el|la|los|las)\s+)?(?:(?:Gen\.|General|Col\.|Colonel|Coronel|Gral\.|"
          r"fiscal|prosecutor|minister|ministro|ministra|mayor|alcalde|alcaldesa|director|"
          r"directora|jefe|jefa|chief|commander|comandante|president|presidente|presidenta|"
          r"police|policía|spokesperson|vocero|vocera|analyst|analista)\s+)*")
_SPEAKERS = [
    re.compile(rf"\b(?i:according to|según|de acuerdo con|citing)\s+(?P<who>{_TITLE}{_NAME}"
               rf"(?:,\s+(?:the\s+)?[a-z][\w\s]{{0,40}}?(?=[,.]))?)"),
    re.compile(rf"(?P<who>{_TITLE}{_NAME})(?:,[^,]{{3,80}},)?\s+(?:told|said|stated|"
               r"explained|confirmed|announced|emphasized|emphasised|highlighted|added|noted|"
               r"dijo|afirmó|señaló|indicó|explicó|declaró|informó|aseguró|confirmó|"
               r"anunció|precisó|sostuvo|detalló)\b"),
    re.compile(rf"\b(?:said|told|announced|dijo|afirmó|señaló|indicó|explicó|informó)\s+"
               rf"(?P<who>{_TITLE}{_NAME})"),
    re.compile(r"\b(?i:according to|según|de acuerdo con)\s+(?P<who>(?:(?:a|an|the|un|una|el|la|"
               r"los|las)\s+)?[a-záéíóúñ][\w\s’'-]{3,60}?)(?=[,.;]|$)"),
]
_NOT_SPEAKERS = re.compile(r"^(?:The|This|It|He|She|They|We|I|El|La|Ella|Ellos|Él)$")


@dataclass(frozen=True)
class Claim:
    """What one sentence claims."""

    kind: str | None
    groups: tuple[str, ...]
    hedge: str | None
    speaker: str | None


def read_claim(sentence: str) -> Claim:
    """The kind, groups, hedge and speaker of a sentence (each None when absent)."""
    found = [(m.start(), k) for k, pattern in _KIND_RES if (m := pattern.search(sentence))]
    specific = [k for _, k in found if k in _SPECIFIC_KINDS]
    kind = specific[0] if specific else min(found)[1] if found else None
    groups = tuple(g for g, pattern in GROUPS.items() if pattern.search(sentence))
    hedge = HEDGES.search(sentence)
    return Claim(kind, groups, hedge.group(0) if hedge else None, speaker(sentence))


def speaker(sentence: str) -> str | None:
    """Who the sentence says said it ("Gen. X told RPP", "según el fiscal X"), or None."""
    for pattern in _SPEAKERS:
        for match in pattern.finditer(sentence):
            who = match.group("who").strip().rstrip(",.")
            if not _NOT_SPEAKERS.match(who):
                return who
    return None


def hedge_note(hedge: str) -> str:
    """The certainty note of a hedged claim."""
    return f"The article hedges the claim: '{hedge}'."
