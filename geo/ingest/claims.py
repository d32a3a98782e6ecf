"""What a sentence claims: the event kind, the groups named, hedges and who said it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.ingest.dates import MONTHS, WEEKDAYS
from geo.ingest.figures import NUMBER_WORDS

# Event kind → verbs and nouns that report it (English and Spanish stems). The first kind
# whose words occur wins, so the more specific kinds come first.
_KINDS: list[tuple[str, str]] = [
    ("prison_escape", r"escaped|broke out|fuga(?:ron)?|se fugaron|evadieron|se evadi[oó]"),
    ("escape_plot", r"planning an escape|plan(?:eaba|ned)? (?:de )?(?:fuga|escape)"),
    ("prison_transfer", r"transferred|moved\b.{0,60}\bprison|"
                        r"transfer(?:s|red)? (?:back )?to (?:a |the )?prison|"
                        r"trasladad[oa]s? a (?:un |el |la )?"
                        r"(?:penal|cárcel|prisión|centro penitenciario)|"
                        r"traslad(?:ó|aron) a (?:un |el |la )?(?:penal|cárcel|prisión)"),
    ("deportation", r"deported|deportation|deportad[oa]s?|deport(?:ó|aron)|expulsad[oa]s?|"
                    r"expelled|expuls(?:ó|aron)"),
    ("rescue", r"rescued|rescue[sd]?\b|rescatad[oa]s?|rescat(?:e|aron|ó)|liberad[oa]s|"
               r"freed|saved"),
    ("murder", r"murder(?:ed|s)?|killed|killing|shot dead|slain|asesinad[oa]s?|asesinatos?|"
               r"asesin(?:ó|aron)|homicidios?|ejecutad[oa]s?|matad[oa]s?|crimen de|"
               r"sin vida|bodies (?:of|were found)|cadáver(?:es)?|"
               r"(?:hallazgo|hallaron|encontraron) (?:de )?(?:\w+ )?cuerpos"),
    ("kidnapping", r"kidnapp(?:ed|ing)|abducted|secuestrad[oa]s?|secuestros?|secuestr(?:ó|aron)"),
    ("seizure", r"seized|seizure|confiscated|incautad[oa]s?|incautaci[oó]n|incaut(?:ó|aron)|"
                r"decomis(?:o|aron|ó|ad[oa]s?)"),
    ("arrest", r"arrest(?:ed|s)?|captur(?:ed|e)|detained|apprehended|caught|rounded up|"
               r"rolled up|indicted|formaliz(?:ó|aron|ad[oa]s?)|"
               # charges, not a price ("charged migrants 2 million pesos each")
               r"(?:were|was|been|being|are|is|be|got) (?:formally )?charged|"
               r"charged (?:[\w-]+ ){0,6}?(?:with|over|for)|"
               r"detenid[oa]s?|detenci[oó]n|deten(?:ción|ciones)|captur(?:ad[oa]s?|aron|ó|o|a)|"
               r"detuv(?:o|ieron)|arrest(?:ó|aron)|aprehend(?:ió|ieron)|"
               r"arrestad[oa]s?|aprehendid[oa]s?|imputad[oa]s?|acusad[oa]s? formalmente|"
               r"raid(?:ed|s)?|allanamientos?|(?:mega)?operativo|redadas?|crackdown"),
    ("dismantling", r"dismantled|broke up|busted|desarticulad[oa]s?|desarticul(?:aron|ó)|"
                    r"desbaratad[oa]s?|desmantelad[oa]s?|desmantel(?:aron|ó)"),
    ("designation", r"designat(?:ed|ion)|label(?:l)?ed (?:a )?terrorist|designad[oa]|"
                    r"declarad[oa] (?:como )?(?:organización )?terrorista"),
    ("expansion", r"expanded (?:to|into)|spread (?:to|into)|extended its reach (?:to|into)|"
                  r"se (?:expandió|extendió) (?:a|hacia|por)|expandi(?:ó|eron) (?:a|hacia)"),
    ("report", r"\breported\b|report(?:s)? that|inform[oó]|denunci[oó]|reveal(?:ed)?|"
               r"report[oó]|revel[oó]|showed that|found that|mostr[oó] que|"
               r"determin[oó] que"),
    ("statistic", r"statistics|estadísticas|\brate\b|\btasa\b|increased (?:by|from)|"
                  r"pas(?:aron|ó) de|went from|grew from|crecieron de|creció de|jumped from|"
                  r"fell from|dropped from|baj(?:aron|ó) de|"
                  r"rose (?:by|from)|fell by|dropped by|aument[oó]|disminuy[oó]|cay[oó] (?:un|en)"),
]
# "el detenido", "los rescatados", "the detainees": people of an act told before.
_REFERENCE = re.compile(r"(?:detenid|arrestad|capturad|aprehendid|rescatad|secuestrad|"
                        r"deportad|detainee)", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|never|no one|nobody|no|nunca|sin|ningún|ninguna|nadie|"
                      r"didn't|wasn't|weren't)\s+(?:(?:been|be|was|were|fue|fueron|hubo|"
                      r"había|ha|han|sido|yet|aún|one|person|persona)\s+){0,2}$",
                      re.IGNORECASE)
_DEFINITE = re.compile(r"\b(?:el|la|los|las|del|al|the)\s+$", re.IGNORECASE)
# "the homicide rate", "la tasa de secuestros": a statistic, whatever act it counts.
_RATE = re.compile(r"\b(?:(?:homicide|murder|crime|kidnapping|extortion|poverty)\s+rates?|"
                   r"rates?\s+of|tasas?\s+de|índices?\s+de|statistics|estadísticas|"
                   r"(?:an?\s+)?(?:increase|rise|decrease|drop|fall)\s+in|"
                   r"(?:un\s+)?(?:aumento|incremento|alza|disminución|caída)\s+(?:de|en)|"
                   r"so far this year|en lo que va del? año|since the start of the year|"
                   r"(?:aumentaron|aumentó|crecieron|creció|cayeron|cayó|disminuyeron|"
                   r"disminuyó|bajaron|bajó|subieron|subió|increased|rose|fell|dropped|"
                   r"declined|grew|jumped|climbed)\s+(?:by\s+|un\s+|en\s+(?:un\s+)?)?\d+|"
                   r"desde (?:inicios|principios|comienzos) de(?:l)? año)\b",
                   re.IGNORECASE)
# "13 areas of the capital", "ocho distritos de Lima": a count of places is a statistic.
_PLACES_COUNTED = re.compile(rf"\b(?:\d+|{NUMBER_WORDS})\s+(?:districts|areas|neighbou?rhoods|"
                             r"distritos|zonas|barrios|comunas|municipalities|municipios)\s+"
                             r"(?:of|in|de|en|del)\b", re.IGNORECASE)
# A sentence that reports something ("police said X was arrested") is the event it reports;
# "report" and "statistic" stand only when no act is named, or when the sentence is a report
# of findings ("prosecutors reported that ...").
_WEAK_KINDS = ("report", "statistic")
_REPORT_THAT = re.compile(r"\b(?:report(?:ed|s)?|revealed|informó|denunció|reveló|reportó|"
                          r"showed|found|mostró|determinó)"
                          r"\s+(?:that|que)\b", re.IGNORECASE)
SPEECH = re.compile(
    r"\b(?:said|says|told|stated|explained|confirmed|announced|warned|added|noted|declared|"
    r"emphasi[sz]ed|highlighted|dijo|afirmó|señaló|indicó|explicó|declaró|aseguró|confirmó|"
    r"anunció|precisó|sostuvo|detalló|advirtió|manifestó|agregó|añadió|enfatizó)\b",
    re.IGNORECASE)
# "El hecho ocurrió la madrugada del 2 de mayo": a sentence that dates the act just told.
OCCURRED = re.compile(
    r"\b(?:el hecho|los hechos|el ataque|el crimen|el asesinato|el secuestro|el rescate|"
    r"la captura|the incident|the attack|the killing|the murder|the kidnapping|the rescue|"
    r"it)\s+(?:\w+\s+){0,2}?(?:ocurrió|se registró|se produjo|tuvo lugar|happened|occurred|"
    r"took place)\b", re.IGNORECASE)
# Kinds named by a specific phrase win over the verb that comes first ("caught planning an
# escape" is an escape plot, not an arrest).
# An operation names no act of its own ("en el operativo se incautaron 8 armas": a seizure).
_OPERATION = re.compile(r"raid(?:ed|s)?|allanamientos?|(?:mega)?operativo|redadas?|crackdown",
                        re.IGNORECASE)
_SPECIFIC_KINDS = ("escape_plot", "prison_escape", "prison_transfer", "deportation",
                   "dismantling", "designation", "expansion")
_KIND_RES = [(kind, re.compile(rf"\b(?:{words})", re.IGNORECASE)) for kind, words in _KINDS]
GROUPS = {"tren-de-aragua": re.compile(r"Tren de Aragua", re.IGNORECASE),
          "gallegos": re.compile(r"\bLos Gallegos\b|\bthe Gallegos\b|\bGallegos\b"),
          "hijos-de-dios": re.compile(r"Hijos de Dios", re.IGNORECASE)}
HEDGES = re.compile(
    r"\b(alleged(?:ly)?|suspected|believed to(?: be)?|said to be|reportedly|purported(?:ly)?|"
    r"apparently|may have|might have|could have|probably|likely|presunt[oa]s?|"
    r"presuntamente|supuest[oa]s?|supuestamente|habría(?:n)?|sería(?:n)?|"
    r"aparentemente|al parecer|affiliated with|vinculad[oa]s? (?:a|con)|believes?|"
    r"suspects? that|creen que|cree que|se cree|sospecha(?:n)? que|tendría(?:n)?|"
    r"podría(?:n)? haber|would have to)\b", re.IGNORECASE)
_NAME = (r"(?:[A-ZÁÉÍÓÚÑ][\w'’.-]+(?:\s+(?:de(?:l)?|la|y|van|von|of(?:\s+the)?)\s+|\s+)){0,4}"
         r"[A-ZÁÉÍÓÚÑ][\w'’-]+")
_TW = (r"(?i:Gen\.|General|Col\.|Colonel|Coronel|Gral\.|"
       r"fiscal|prosecutor|minister|ministro|ministra|mayor|alcalde|alcaldesa|director|"
       r"directora|jefe|jefa|chief|commander|comandante|president|presidente|presidenta|"
       r"police|policía|spokesperson|vocero|vocera|analyst|analista|governor|gobernador|"
       r"gobernadora|senator|senador|senadora|judge|juez|jueza|captain|capitán|inspector|"
       r"superintendent|comisario|comisaria|ambassador|embajador|embajadora|"
       r"attorney general|fiscal general|prefect|prefecto|prefecta)")
# "the", then a place or body naming whose title it is ("Aurora police chief"), then titles
_TITLE = (rf"(?:(?:the|el|la|los|las)\s+)?(?:[A-ZÁÉÍÓÚÑ][\w'’-]+\s+(?={_TW}\s))?"
          rf"(?:{_TW}(?:\s+(?:to|of|for|in|de|del|en)\s+[A-ZÁÉÍÓÚÑ][\w'’-]+)?,?\s+)*")
_WHERE = r"(?:\s+(?:in|en)\s+[A-ZÁÉÍÓÚÑ][\w'’-]+)?"  # "the US Embassy in Lima"
# Bodies that speak as a subject: "the prosecutor's office", "las autoridades"
_INSTITUTION = (r"(?:the\s+|la\s+|las\s+|los\s+|el\s+)?(?:police|prosecutor['’]s office|"
                r"prosecutors?|authorities|officials|investigators|ombudsman|policía|fiscalía|"
                r"fiscales|autoridades|defensoría del pueblo|ministerio público|"
                r"ministerio del interior)")
_SPEAKERS = [
    re.compile(rf"\b(?i:according to|según|de acuerdo con|citing)\s+(?P<who>{_TITLE}{_NAME}"
               rf"(?:,\s+(?:the|a|an|el|la|un|una)\s+[a-z][\w\s]{{0,40}}?(?=[,.]))?)"),
    # an interview: "General Ulises Guillén (GUG): We decided ..."
    re.compile(rf"^(?P<who>{_TITLE}{_NAME})\s*(?:\([A-Z]{{2,6}}\))?:\s"),
    *[re.compile(rf"(?P<who>{_TITLE}{_NAME}{_WHERE}){apposition}\s+(?:told|said|stated|"
                 r"explained|confirmed|announced|emphasized|emphasised|highlighted|added|"
                 r"noted|reported|warned|declared|"
                 r"dijo|afirmó|señaló|indicó|explicó|declaró|informó|aseguró|confirmó|"
                 r"anunció|precisó|sostuvo|detalló|advirtió|reportó|manifestó|agregó)\b")
      # the name nearest the verb first: "..., a district of Lima, Gen. X told RPP"
      for apposition in (",?", r"(?:,[^,]{3,120}),", r"(?:,[^,]{3,120}){2},")],
    re.compile(rf"\b(?:said|told|announced|explained|stated|added|noted|confirmed|warned|"
               rf"dijo|afirmó|señaló|indicó|explicó|informó|aseguró|declaró|precisó|"
               rf"sostuvo|detalló|advirtió|agregó|añadió)\s+(?P<who>{_TITLE}{_NAME})"),
    # figures as the source: "Police statistics showed", "datos de la Fiscalía revelan"
    re.compile(r"(?i:\b(?P<who>(?:[a-záéíóúñ’'-]+\s+){0,2}?(?:statistics|figures|data|records|"
               r"estadísticas|cifras|datos|registros)(?:\s+(?:from|of|by|de|del)\s+(?:the\s+|"
               r"la\s+|el\s+|los\s+)?[a-záéíóúñ’'-]+(?:\s+[a-záéíóúñ’'-]+){0,3}?)?)\s+(?:"
               r"showed|show|shows|revealed|reveal|reveals|indicated|indicate|indicates|"
               r"mostraron|muestran|revelan|revelaron|indican|indicaron)\b)"),
    # the attribution that closes the sentence: "…, the prosecutor's office said."
    re.compile(rf"(?i:,\s+(?P<who>{_INSTITUTION})\s+(?:said|reported|told|confirmed|"
               r"announced|stated|added)\b)"),
    # the verb first, as Spanish puts it: "informaron las autoridades"
    re.compile(rf"(?i:\b(?:informó|dijo|señaló|confirmó|reportó|indicó|precisó|anunció|"
               rf"informaron|dijeron|señalaron|confirmaron|reportaron|indicaron|precisaron|"
               rf"anunciaron)\s+(?P<who>{_INSTITUTION})\b)"),
    # an institution as the subject: "prosecutors in Tarapacá reported", "la Fiscalía informó"
    re.compile(rf"(?i:\b(?P<who>{_INSTITUTION})\b[^.;]{{0,80}}?\b(?:said|reported|told|"
               r"confirmed|announced|stated|informó|dijo|señaló|confirmó|reportó|indicó|"
               r"precisó|anunció|informaron|dijeron|señalaron|confirmaron|reportaron|"
               r"indicaron|precisaron|anunciaron))"),
    # "a 2022 report by the National Penitentiary Institute showed"
    re.compile(rf"\b(?i:report|study|survey|audit|informe|estudio|encuesta|auditoría)\s+"
               rf"(?i:by|from|of|de|del)\s+(?P<who>{_TITLE}{_NAME})"),
    # "..., he said." (the person named last; resolved by the caller)
    re.compile(r"[,”\"]\s+(?P<who>[Hh]e|[Ss]he)\s+(?:said|added|explained|told|noted|stated)\b"),
    re.compile(r"\b(?i:according to|según|de acuerdo con)\s+(?P<who>(?:(?:a|an|the|un|una|el|la|"
               r"los|las)\s+)?[a-záéíóúñ][\w\s’'-]{3,60}?)(?=[,.;]|$)"),
]
PRONOUNS = ("he", "she", "He", "She")
_DATA_ALONE = re.compile(r"^(?:(?:the|a|these|those|this|our|new|latest|official|los|las|estos|"
                         r"estas|nuevos|nuevas|últimos|últimas)\s+)*(?:statistics|figures|data|"
                         r"records|estadísticas|cifras|datos|registros)$", re.IGNORECASE)
_NOT_SPEAKERS = re.compile(r"^(?:The|This|It|He|She|They|We|I|El|La|Ella|Ellos|Él)$")
# A capitalised first word that opens a sentence, not a name ("Last March, prosecutors said").
_NOT_NAME_START = frozenset(["In", "En", "On", "Last", "Since", "After", "Before", "But", "And",
                             "Y", "Pero", "Desde", "Tras", "This", "That", "Este", "Esta",
                             "Around", "During", "Durante", "When", "Cuando", "Also",
                             "However", "Sin", "Además", "First", "Most", "Many", "Some",
                             "Several", "Other", "Others", "Now", "Then", "Later", "Meanwhile",
                             "Both", "All", "Each", "Such", "These", "Those", "Its", "Their"])


@dataclass(frozen=True)
class Claim:
    """What one sentence claims."""

    kind: str | None
    groups: tuple[str, ...]
    hedge: str | None
    speaker: str | None
    trigger: int = 0  # where the words naming the kind start (0 when none)
    refers_to: str | None = None  # "el detenido", "los rescatados": an act told before


def read_claim(sentence: str) -> Claim:
    """The kind, groups, hedge and speaker of a sentence (each None when absent).

    A sentence naming no act but quoting a named speaker ("X said", "dijo X") is a
    ``statement``.
    """
    found: list[tuple[int, str]] = []
    operations: list[tuple[int, str]] = []
    refers_to = None
    for k, pattern in _KIND_RES:
        for m in pattern.finditer(sentence):
            if _NEGATED.search(sentence[max(0, m.start() - 30):m.start()]):
                continue  # "no one was arrested", "no hubo detenidos": no such act
            if _REFERENCE.match(m.group(0)) and _DEFINITE.search(sentence[:m.start()]):
                refers_to = refers_to or k  # "the detainee" names who, not a new act
                continue
            if _OPERATION.fullmatch(m.group(0)):
                operations.append((m.start(), k))
                continue
            found.append((m.start(), k))
            break
    if not any(k not in _WEAK_KINDS for _, k in found):
        found += operations[:1]  # "un operativo" is an arrest only when no act is named
    found.sort()
    specific = [(p, k) for p, k in found if k in _SPECIFIC_KINDS]
    acts = [(p, k) for p, k in found if k not in _WEAK_KINDS]
    report_that = _REPORT_THAT.search(sentence)
    rate = _RATE.search(sentence) or _PLACES_COUNTED.search(sentence)
    if specific:
        chosen = specific[0]
    elif rate:
        chosen = (rate.start(), "statistic")
    elif acts and not (report_that and report_that.start() < acts[0][0]):
        chosen = acts[0]
    else:  # a report of figures ("police figures showed that X rose from …") is a statistic
        chosen = next((f for f in found if f[1] == "statistic"), found[0] if found else (-1, ""))
    groups = tuple(g for g, pattern in GROUPS.items() if pattern.search(sentence))
    hedge = HEDGES.search(sentence)
    who = speaker(sentence)
    kind: str | None = chosen[1] or None
    if kind is None and who is not None and SPEECH.search(sentence):
        chosen, kind = (SPEECH.search(sentence).start(), ""), "statement"  # type: ignore[union-attr]
    return Claim(kind, groups, hedge.group(0) if hedge else None, who, max(chosen[0], 0),
                 refers_to)


def speaker(sentence: str) -> str | None:
    """Who the sentence says said it ("Gen. X told RPP", "según el fiscal X"), or None."""
    for pattern in _SPEAKERS:
        for match in pattern.finditer(sentence):
            who = match.group("who").strip().rstrip(",.")
            words = who.split()
            if who in PRONOUNS:
                return who
            if _DATA_ALONE.match(who):
                continue  # "the data show": whose data is not said
            if _NOT_SPEAKERS.match(who) or words[0] in _NOT_NAME_START or any(
                    w.lower() in MONTHS or w.lower() in WEEKDAYS for w in words):
                continue
            if not pattern.pattern.startswith("(?i:") and re.search(
                    r"\b(?:in|en|of|de|at|near|from)\s+$", sentence[:match.start("who")]):
                continue  # "the prosecutor's office in Trujillo confirmed": a place
            if "," in match.group(0) and len(words) < 2 and pattern.pattern.startswith("(?P"):
                continue  # one capitalised word before an apposition is a place, not a name
            return who
    return None


_INITIALS = re.compile(rf"(?P<who>{_TITLE}{_NAME})\s+\((?P<initials>[A-Z]{{2,6}})\)")
_TURN = re.compile(r"^(?P<initials>[A-Z]{2,6}):\s")


def interview_turns(text: str) -> dict[str, str]:
    """An interview's speakers by their initials ("General Ulises Guillén (GUG)"): a
    paragraph opening "GUG:" is theirs."""
    return {m.group("initials"): m.group("who").split(". ")[-1].strip()
            for m in _INITIALS.finditer(text)}


def turn_speaker(paragraph_start: str, turns: dict[str, str]) -> str | None:
    """Who speaks in a paragraph that opens with an interview turn ("GUG: ...")."""
    match = _TURN.match(paragraph_start)
    return turns.get(match.group("initials")) if match else None


def hedge_note(hedge: str) -> str:
    """The certainty note of a hedged claim."""
    return f"The article hedges the claim: '{hedge}'."
