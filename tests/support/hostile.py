"""Hostile input for the tests: one generator of hostile strings and a layers folder full of them.

`hostile_values()` yields ``(name, value)`` pairs: markup that would run (``<img onerror>``,
``</script>``), template and JS injection (``${...}``, backticks, ``javascript:`` URLs), line
and control characters (U+2028/2029, ``\\x0b``), mathtext (``$...$``, ``\\frac$``), CSV
formulas (``=``, ``+``, ``-``, ``@``), Markdown images and bare links, and a
100,000-character string.

`write_hostile_layers(directory)` writes a copy of a layers folder with a hostile value in
every string property of every layer (and in the catalog's free text), keeping the folder
valid: a value the validator refuses in a field (an id, a country code, a date, a source
reference) is put back, and the provenance hashes are rewritten, so `load_layers` reads it.
Each hostile value also tells which view failed: it names itself (``[tda:<name>]``) where
the case allows.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from geo import config
from geo.data.validate import CATALOG_FILE, LAYER_NAMES, PROVENANCE_FILE, validate_layers_dir

LONG_LENGTH = 100_000
# name -> value; every value is a string a view must show as literal text (or refuse cleanly).
HOSTILE: dict[str, str] = {
    "img_onerror": '<img src=x onerror="window.__tda_xss=\'img\'">',
    "script_close": "</script><script>window.__tda_xss='script'</script>",
    "template": "${window.__tda_xss='template'}",
    "backticks": "`${window.__tda_xss='backtick'}`",
    "javascript_url": "javascript:window.__tda_xss='url'",
    "line_separators": "line\u2028separator\u2029paragraph",
    "control_chars": "tab\tvt\x0bff\x0cnul-free\x1b[31mesc\x7f",
    "mathtext": "US$5m in Chile and $3m in Peru",
    "mathtext_frac": r"\frac$ and $\frac{1}{0}$",
    "csv_equals": "=HYPERLINK(\"http://evil.example/x\",\"click\")",
    "csv_plus": "+1+cmd|' /C calc'!A0",
    "csv_minus": "-2+3",
    "csv_at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "markdown_image": "![i](http://evil.example/x.png)",
    "bare_www": "www.evil.example",
    "bare_http": "http://evil.example/",
    "bare_email": "x@evil.example",
    "html_entities": "&lt;b&gt; &amp; &#60;script&#62;",
    "long": "A" * (LONG_LENGTH - 1) + "Z",
}
# Catalog fields that must stay as they are for the folder to validate or the quotes to resolve.
_CATALOG_KEEP = ("id", "seed_file", "published", "published_precision", "language")
# Codes that rules cross-reference (a figure's name sizes the marker and decides agreement):
# they stay vocabulary; every free-text string around them turns hostile.
_PROPERTY_KEEP = ("figure", "qualifier")
# Gazetteer codes checked against the shipped gazetteers stay as they are.
_SUBTREE_KEEP = ("admin1", "gazetteer_checks", "region", "ubigeo")


def hostile_values(*, long: bool = True) -> Iterator[tuple[str, str]]:
    """Every hostile case as ``(name, value)``, in a fixed order (`long` adds the 100k one)."""
    for name, value in HOSTILE.items():
        if long or name != "long":
            yield name, value


def rehash(directory: Path) -> None:
    """Rewrite provenance.json's hashes and feature counts after the layers were edited."""
    path = directory / PROVENANCE_FILE
    provenance = json.loads(path.read_text(encoding="utf-8"))
    for name in sorted(LAYER_NAMES):
        data = (directory / f"{name}.geojson").read_bytes()
        entry = provenance["layers"][f"{name}.geojson"]
        entry["sha256"] = hashlib.sha256(data).hexdigest()
        try:
            parsed = json.loads(data)
        except (ValueError, RecursionError):  # a hostile file: the hash is all that is needed
            continue
        if isinstance(parsed, dict) and isinstance(parsed.get("features"), list):
            entry["features"] = len(parsed["features"])
    path.write_text(json.dumps(provenance, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")


def _strings(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key in sorted(value):
            yield from _strings(value[key], (*path, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _strings(item, (*path, n))


def _headline_index(props: Any) -> int | None:
    if not isinstance(props, dict) or not isinstance(props.get("headline_figure"), dict):
        return None
    return next((n for n, f in enumerate(props.get("figures") or [])
                 if f == props["headline_figure"]), None)


def _set(root: Any, path: tuple[Any, ...], value: str) -> None:
    for key in path[:-1]:
        root = root[key]
    root[path[-1]] = value


def write_hostile_layers(directory: Path, *, source: Path = config.LAYERS_DIR,
                         values: dict[str, str] | None = None, long: bool = True) -> Path:
    """Copy `source` to `directory` with hostile values in every string property; return it.

    Values cycle through `values` (default `HOSTILE`, without the 100k string unless `long`);
    the 100k string, when included, goes into the first ``title`` or ``name`` of each layer
    only, so the folder stays a few MB. Fields whose hostile value the validator refuses keep their
    original value; the result validates (the test of that is `tests/test_bad_input.py`).
    """
    pool = dict(values if values is not None else hostile_values(long=False))
    cycle = list(pool.values())
    shutil.copytree(source, directory)
    collections = {name: json.loads((directory / f"{name}.geojson").read_text("utf-8"))
                   for name in LAYER_NAMES}
    originals: dict[tuple[str, str, tuple[Any, ...]], str] = {}
    headlines: dict[tuple[str, str], int] = {}
    counter = 0
    for name, collection in sorted(collections.items()):
        first = True
        for feature in collection["features"]:
            props = feature.get("properties")
            headline = _headline_index(props)
            for path, text in list(_strings(props)):
                if path[-1] in _PROPERTY_KEEP or path[0] in (*_SUBTREE_KEEP, "headline_figure"):
                    continue
                if long and values is None and first and path in (("title",), ("name",)):
                    hostile, first = HOSTILE["long"], False
                else:
                    hostile = cycle[counter % len(cycle)]
                counter += 1
                originals[(name, str(feature["id"]), path)] = text
                _set(feature["properties"], path, hostile)
            if headline is not None:  # the headline figure is one of the figures, hostile alike
                headlines[(name, str(feature["id"]))] = headline
    catalog = json.loads((directory / CATALOG_FILE).read_text(encoding="utf-8"))
    for row in catalog:
        for key in sorted(row):
            if isinstance(row[key], str) and key not in _CATALOG_KEEP:
                row[key] = cycle[counter % len(cycle)]
                counter += 1
    (directory / CATALOG_FILE).write_text(json.dumps(catalog, ensure_ascii=False, indent=1),
                                          encoding="utf-8")
    for _ in range(10):
        for (name, fid), index in headlines.items():
            props = next(f for f in collections[name]["features"] if str(f["id"]) == fid)[
                "properties"]
            props["headline_figure"] = dict(props["figures"][index])
        for name, collection in collections.items():
            (directory / f"{name}.geojson").write_text(
                json.dumps(collection, ensure_ascii=False), encoding="utf-8")
        rehash(directory)
        problems = validate_layers_dir(directory)
        if not problems:
            return directory
        restored = 0
        for problem in problems:
            layer = Path(problem.file).stem
            fields = {key[2]: key for key in originals if key[:2] == (layer, problem.feature_id)}
            for path, key in fields.items():
                dotted = ".".join(str(p) for p in path)
                if problem.field in (dotted, path[0]) or dotted.startswith(problem.field + "."):
                    feature = next(f for f in collections[layer]["features"]
                                   if str(f["id"]) == key[1])
                    _set(feature["properties"], path, originals.pop(key))
                    restored += 1
        if not restored:
            break
    raise AssertionError("hostile folder does not validate:\n" + "\n".join(map(str, problems)))
