"""Figures: a number with its qualifier, unit and what it counts ("at least 23 members")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

_QUALIFIERS = [
    ("at_least", r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|al\s+menos|por\s+lo\s+menos|"
                 r"como\s+mínimo"),
    ("more_than", r"more\s+than|over|upwards\s+of|más\s+de|mas\s+de|superior\s+a"),
    ("about", r"about|around|some|nearly|almost|approximately|roughly|close\s+to|an\s+estimated|"
              r"unos|unas|alrededor\s+de|cerca\s+de|casi|aproximadamente|aprox\.|poco\s+más\s+de"),
]
# Collective number words: "una veintena" is about 20; "más de una veintena" more than 20.
_COLLECTIVE = {"docena": 12, "decena": 10, "veintena": 20, "treintena": 30, "centenar": 100,
               "dozen": 12, "score": 20}
_SCALE = {"million": 1_000_000, "millones": 1_000_000, "millón": 1_000_000,
          "billion": 1_000_000_000, "thousand": 1_000, "mil": 1_000}
NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|"
    r"doce|trece|catorce|quince|dieciséis|dieciseis|diecisiete|dieciocho|diecinueve|veinte|"
    r"treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|cien|ciento|doscientos|"
    r"trescientos|quinientos")
_QUAL = "|".join(f"(?P<{name}>{words})" for name, words in _QUALIFIERS)
_FIGURE = re.compile(
    rf"(?:\b(?:{_QUAL})\s+)?"
    rf"(?P<number>\d{{1,3}}(?:[,.]\d{{3}})+|\d+(?:[.,]\d+)?|"
    rf"(?:una?\s+)?(?:{'|'.join(_COLLECTIVE)})s?|(?:\b(?:{NUMBER_WORDS})\b[\s-]?(?:y\s+)?)+)"
    rf"(?:\s*(?P<scale>{'|'.join(_SCALE)})\b)?"
    rf"(?:\s*(?:de\s+)?(?P<unit>[A-Za-zÀ-ÿ%][\w-]*(?:\s+(?:de\s+)?[A-Za-zÀ-ÿ][\w-]*)?))?",
    re.IGNORECASE)
# words that name what a number counts -> its unit (each shown by `geo.data.text.UNITS`)
UNIT_WORDS = {
    "districts": "districts", "distritos": "districts", "areas": "areas", "zonas": "areas",
    "neighbourhoods": "neighbourhoods", "neighborhoods": "neighbourhoods",
    "barrios": "neighbourhoods", "countries": "countries", "países": "countries",
    "cities": "cities", "ciudades": "cities", "firearms": "firearms", "weapons": "weapons",
    "armas": "weapons", "guns": "weapons", "rifles": "firearms", "fusiles": "firearms",
    "pistols": "firearms", "pistolas": "firearms", "revolvers": "firearms",
    "revólveres": "firearms", "shotguns": "firearms", "escopetas": "firearms",
    "grenades": "grenades", "granadas": "grenades",
    "raids": "raids", "allanamientos": "raids", "arrests": "arrests",
    "detenciones": "arrests", "capturas": "arrests", "vehicles": "vehicles",
    "vehículos": "vehicles", "cells": "cells", "células": "cells", "murders": "murders",
    "homicides": "murders", "killings": "murders", "asesinatos": "murders",
    "homicidios": "murders",
    "kilograms": "kilograms", "kilogramos": "kilograms", "kilos": "kilograms", "kg": "kilograms",
    "grams": "grams", "gramos": "grams",
    "tons": "tonnes", "toneladas": "tonnes", "pesos": "pesos", "soles": "soles",
    "dollars": "US dollars", "dólares": "US dollars", "percent": "percent", "%": "percent",
    "por ciento": "percent",
}
_PEOPLE = re.compile(
    r"^(people|persons?|personas?|members?|miembros?|integrantes?|wom[ae]n|mujer(?:es)?|m[ae]n|"
    r"hombres?|girls?|niñas?|boys?|niños?|minors?|menores|victims?|víctimas?|suspects?|"
    r"sospechosos?|detainees?|detenid[oa]s?|officers?|agentes?|policías?|police|prisoners?|"
    r"presos?|reos?|inmates?|internos?|migrants?|migrantes?|alleged|presunt[oa]s|young|"
    r"jóvenes|venezuelans?|venezolan[oa]s|foreigners?|extranjer[oa]s|gang|individuals?|"
    r"individuos?|leaders?|líderes?|cabecillas?|sicarios?|hitmen|children|adults?|adultos?|"
    r"workers?|trabajador(?:es|as)?|sex workers|ciudadan[oa]s|citizens?|nationals?|"
    r"extortionists?|extorsionadores|traffickers?|tratantes|smugglers?|coyotes|"
    r"gang members|pandilleros|delincuentes|criminals?|hostages?|rehenes|"
    r"teenagers?|adolescentes|kids|students?|estudiantes|soldados|militares|"
    r"foreign nationals|personas extranjeras|drivers?|conductores|choferes|transportistas|"
    r"merchants?|comerciantes|shopkeepers?|bodegueros|businessm[ae]n|empresari[oa]s|"
    r"journalists?|periodistas|residents?|vecinos|inhabitants?|habitantes)\b",
    re.IGNORECASE)
# Adjectives between a number and what it counts ("two female Ecuadorean sex workers",
# "23 presuntos integrantes"): up to three words are skipped to find the noun.
_ADJECTIVE = re.compile(r"^[a-záéíóúñü-]+$", re.IGNORECASE)
# "3.5 per 100,000 people", "9,7 por cada 100.000 habitantes": a rate.
_RATE = re.compile(r"\s*(?:per|por\s+cada|por)\s+(100[,.]000|100\s+mil|mil|1[,.]000)"
                   r"(?:\s+(?:people|inhabitants|residents|habitantes|personas))?", re.IGNORECASE)
# "fell by 25%", "cayó un 25 %": a fall is a negative change.
_FALL = re.compile(r"\b(?:fell|dropped|decreased|declined|plunged|decrease of|drop of|"
                   r"fall of|cayó|cayeron|disminuyó|bajó|descendió|redujo|reducción de|"
                   r"caída de)\s+(?:by\s+|un\s+|en\s+(?:un\s+)?|de\s+)?$", re.IGNORECASE)


# "more than double their capacity", "el triple": a multiple.
_MULTIPLE = re.compile(
    rf"(?:\b(?:{_QUAL})\s+)?\b(?:el\s+)?(?P<times>double|twice|triple|quadruple|doble|"
    r"cuádruple|cuadruple)\b(?:\s+(?:their|its|the|su|sus|la|de\s+su)\s+"
    r"(?P<what>capacity|capacidad|size|tamaño))?", re.IGNORECASE)
_TIMES = {"double": 2, "twice": 2, "doble": 2, "triple": 3, "quadruple": 4, "cuádruple": 4,
          "cuadruple": 4}


@dataclass(frozen=True)
class FigureHit:
    """A number in the text: value, qualifier, unit and the words around it."""

    start: int
    end: int
    value: float
    qualifier: str
    unit: str
    noun: str


def find_figures(text: str, *, offset: int = 0, years: tuple[tuple[int, int], ...] = ()
                 ) -> list[FigureHit]:
    """Every figure in ``text`` except the spans of dates (``years``: their offsets)."""
    hits = []
    skip_until = -1
    for m in _FIGURE.finditer(text):
        number = m.group("number")
        if not number or not number.strip():
            continue
        start, end = m.start() + offset, m.end() + offset
        n_start, n_end = m.start("number") + offset, m.end("number") + offset
        if any(not (n_end <= a or n_start >= b) for a, b in years):  # the number is a date's
            continue
        value = _value(number.strip(), m.group("scale"))
        if value is None or value == 0:
            continue
        qualifier = next((name for name, _ in _QUALIFIERS if m.group(name)), "exact")
        if _collective(number) and qualifier == "exact":
            qualifier = "about"
        unit_words = (m.group("unit") or "").strip()
        unit = _unit(unit_words)
        rate = _RATE.match(text, m.end("number") + (len(m.group("scale") or "")))
        if rate and not m.group("scale"):
            base = rate.group(1).replace(".", ",").replace(" mil", ",000")
            base = "100,000" if base.startswith("100") else "1,000"
            hits.append(FigureHit(start, rate.end() + offset, value, qualifier,
                                  f"per {base} people", "rate"))
            skip_until = rate.end()
            continue
        if m.start() < skip_until:
            continue  # the base of a rate ("per 100,000")
        if unit == "":
            unit, unit_words = _unit_after(text[m.end("number"):]) or (unit, unit_words)
        if unit == "percent" and _FALL.search(text[max(0, m.start() - 40):m.start()]):
            value = -value
        if unit == "" and not m.group("scale") and not number.strip()[0].isdigit() and \
                number.strip().lower() in ("one", "una", "uno"):
            continue  # "one of the", "una de las": not a count
        hits.append(FigureHit(start, end, value, qualifier, unit, unit_words.lower()))
    for m in _MULTIPLE.finditer(text):
        qualifier = next((name for name, _ in _QUALIFIERS if m.group(name)), "exact")
        unit = "times capacity" if m.group("what") and m.group("what").lower().startswith(
            "capac") else "times"
        hits.append(FigureHit(m.start() + offset, m.end() + offset,
                              float(_TIMES[m.group("times").lower()]), qualifier, unit, unit))
    return sorted(hits, key=lambda h: h.start)


def _unit_after(rest: str) -> tuple[str, str] | None:
    """A people noun after up to three adjectives ("female Ecuadorean sex workers")."""
    words = re.findall(r"[\w-]+|[^\w\s]", rest[:80])
    for i in range(1, min(4, len(words))):
        if not all(_ADJECTIVE.match(w) for w in words[:i]):
            return None
        tail = " ".join(words[i:i + 2])
        if _PEOPLE.match(tail):
            return "people", tail.lower()
    return None


def _collective(number: str) -> bool:
    return any(word in number.lower() for word in _COLLECTIVE)


def _value(number: str, scale: str | None) -> float | None:
    factor = _SCALE[scale.lower()] if scale else 1
    words = number.lower()
    for word, value in _COLLECTIVE.items():
        if word in words:
            return float(value * factor)
    if words[0].isdigit():
        if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", words):
            return float(int(re.sub(r"[,.]", "", words)) * factor)
        return float(words.replace(",", ".")) * factor
    cleaned = " ".join(words.replace("-", " ").split())
    for lang in ("en", "es"):
        try:
            return float(text2num(cleaned, lang)) * factor
        except ValueError:
            continue
    return None


def _unit(words: str) -> str:
    lower = words.lower()
    for key, unit in UNIT_WORDS.items():
        if lower.startswith(key):
            return unit
    if _PEOPLE.match(lower):
        return "people"
    return ""
