"""The data dictionary that documents the exported layers, in English and Spanish."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from geo import config
from geo.i18n import DATA_DICTIONARY_FILES, LANGS
from geo.pipeline.build import data_dictionaries, data_dictionary

_SECTION = re.compile(r"^## `(\w+)\.geojson`: (.+)$")
_FIELD = re.compile(r"^\| `(\w+)` \| ([^|]+) \| ")


def _fields(text: str) -> dict[str, list[str]]:
    """Field names listed under each layer's section, in order."""
    listed: dict[str, list[str]] = {}
    layer = None
    for line in text.splitlines():
        if section := _SECTION.match(line):
            layer = section.group(1)
            listed[layer] = []
        elif (field := _FIELD.match(line)) and layer is not None:
            listed[layer].append(field.group(1))
    return listed


def _committed(lang: str) -> str:
    return (config.DOCS_DIR / DATA_DICTIONARY_FILES[lang]).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_the_committed_dictionary_is_what_the_build_writes(lang: str) -> None:
    assert _committed(lang) == data_dictionary(lang=lang)


def test_the_build_writes_one_file_per_language(tmp_path: Path) -> None:
    files = data_dictionaries(tmp_path)
    assert sorted(p.name for p in files) == ["data-dictionary.es.md", "data-dictionary.md"]
    assert files[tmp_path / "data-dictionary.es.md"] == data_dictionary(lang="es")


def test_the_spanish_dictionary_is_spanish() -> None:
    spanish = _committed("es").splitlines()
    assert spanish[0] == "# Diccionario de datos"
    assert ("Generado por `python -m geo build` a partir de `geo/data/schemas/*.schema.json`; "
            "no editar.") in spanish
    assert "También en inglés: [data-dictionary.md](data-dictionary.md)." in spanish
    assert "## `events.geojson`: Hechos" in spanish
    assert spanish.count("| campo | tipo | descripción |") == 7  # one table per layer
    assert "Geometría: Polygon o MultiPolygon." in spanish
    assert any(line.startswith("| `date_end` | string o null | ") for line in spanish)
    assert "| field | type | description |" not in spanish
    english = _committed("en").splitlines()
    assert english[0] == "# Data dictionary"
    assert "Also in Spanish: [data-dictionary.es.md](data-dictionary.es.md)." in english
    assert english.count("| field | type | description |") == 7


def test_the_spanish_dictionary_lists_every_field_of_the_english_one() -> None:
    english, spanish = _fields(_committed("en")), _fields(_committed("es"))
    assert spanish == english
    schemas = {}
    for path in sorted(config.SCHEMAS_DIR.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        props = schema["properties"]["features"]["items"]["properties"]["properties"]
        schemas[schema["properties"]["name"]["const"]] = list(props["properties"])
    assert english == schemas
    assert len(english) == 7
    assert "headline_figure" in english["events"]
