"""Whole layers folders: the file set, strict JSON, the catalog, each layer's rules, the
provenance hashes; read in one pass (`read_layers_dir`).

Verdicts are cached by content (`VerdictCache`: bounded LRU, one lock), so the app's sessions
share them safely: an unchanged folder read again costs a hash, not a validation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.data.catalog import CATALOG_FILE, catalog_rows, iso_date, latest_day, read_articles
from geo.data.checks import LAYER_NAMES
from geo.data.checks.geometry import country_shapes
from geo.data.checks.layer import validate_collection
from geo.errors import DataError, Problem
from geo.jsonio import parse_json, read_bytes

PROVENANCE_FILE = "provenance.json"
# Files of a built layers folder: every layer, the catalog and the provenance sidecar.
BUILT_FILES = (*(f"{name}.geojson" for name in sorted(LAYER_NAMES)), CATALOG_FILE,
               PROVENANCE_FILE)
# Hand-written files a layers folder may hold beside them (the build carries them over).
KEPT_FILES = ("LICENSE-DATA.md",)
# Layers whose years make the timeline: a folder needs at least one feature in them.
TIMELINE_LAYERS = ("events", "presence", "routes")


@dataclass(frozen=True)
class FolderContents:
    """What one read of a layers folder found: parsed files and every problem."""

    collections: dict[str, Any]
    catalog: dict[str, dict[str, Any]]
    problems: list[Problem]


def validate_layers_dir(directory: Path, *, articles_dir: Path | None = None,
                        today: dt.date | None = None) -> list[Problem]:
    """Every problem of a layers folder (empty when it is valid); never raises for bad content.

    Checks the file set (missing, extra, leftover temporaries), that each file reads as strict
    JSON, the source catalog, each layer's schema and rules, years bounded by the data's as-of
    date, the provenance hashes, and that the timeline has at least one dated feature.
    `articles_dir`, when given, checks every quote verbatim against its article.
    """
    return read_layers_dir(directory, articles_dir=articles_dir, today=today).problems


def read_layers_dir(directory: Path, *, articles_dir: Path | None = None,
                    today: dt.date | None = None) -> FolderContents:
    """Read and validate a layers folder in one pass (the same bytes are hashed and parsed).

    Files are opened relative to one handle on the folder, so a folder swapped in by the
    build while it is read is read whole from one version.
    """
    where = str(directory)
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return FolderContents({}, {}, [Problem(where, "-", "-", "layers folder not found")])
    except NotADirectoryError:
        return FolderContents({}, {}, [Problem(where, "-", "-", "is a file, not a layers "
                                               "folder")])
    except OSError as exc:
        return FolderContents({}, {}, [Problem(where, "-", "-", f"cannot open: {exc.strerror}")])
    try:
        return _read_folder(directory, fd, articles_dir=articles_dir, today=today)
    finally:
        os.close(fd)


# Verdicts of layers already validated, keyed by the file's bytes and everything else the rules


class VerdictCache:
    """Verdicts of layers already validated, keyed by the file's bytes and everything else the
    rules read (catalog, as-of date, today, articles, countries layer): the same input gives
    the same verdict. Bounded (least recently used out first) and safe across threads (the
    app's sessions run in threads of one process)."""

    def __init__(self, *, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Any, ...], tuple[Problem, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> tuple[Problem, ...] | None:
        """The cached verdict of `key` (now the most recent), or None."""
        with self._lock:
            verdict = self._items.get(key)
            if verdict is not None:
                self._items.move_to_end(key)
            return verdict

    def put(self, key: tuple[Any, ...], verdict: tuple[Problem, ...]) -> None:
        """Keep a verdict, dropping the least recently used beyond `size`."""
        with self._lock:
            self._items[key] = verdict
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


VERDICTS = VerdictCache()


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _read_folder(directory: Path, fd: int, *, articles_dir: Path | None,
                 today: dt.date | None) -> FolderContents:
    problems: list[Problem] = []
    names = set(os.listdir(fd))
    if not any(name.endswith(".geojson") for name in names):
        return FolderContents({}, {}, [Problem(str(directory), "-", "-", "not a layers folder: "
                                               f"it holds none of {', '.join(BUILT_FILES)}")])
    for name in sorted(names - set(BUILT_FILES) - set(KEPT_FILES)):
        what = ("a temporary file an interrupted build left; run 'python -m geo build'"
                if name.startswith(".") else "unexpected file in a layers folder")
        problems.append(Problem(str(directory / name), "-", "-", what))
    raw: dict[str, bytes] = {}
    for name in BUILT_FILES:
        try:
            raw[name] = read_bytes(Path(name), dir_fd=fd)
        except DataError as exc:
            message = exc.problems[0].message if exc.problems else "unreadable"
            if message == "file not found":
                message = ("layer file not found" if name.endswith(".geojson") else message) + (
                    "; run 'python -m geo build' or point to a folder of built layers")
            problems.append(Problem(str(directory / name), "-", "-", message))

    def parsed(name: str) -> Any:
        if name not in raw:
            return None
        try:
            return parse_json(raw[name], file=str(directory / name))
        except DataError as exc:
            problems.extend(exc.problems)
            raw.pop(name)
            return None

    catalog: dict[str, dict[str, Any]] = {}
    catalog_ok = False
    rows = parsed(CATALOG_FILE)
    if CATALOG_FILE in raw:
        catalog, more = catalog_rows(rows, file=str(directory / CATALOG_FILE))
        catalog_ok = not more
        problems += more
    provenance = parsed(PROVENANCE_FILE)
    as_of = latest_day(catalog) if catalog_ok else None  # the bound of every date
    if PROVENANCE_FILE in raw:  # still there: it parsed
        recorded, more = _provenance_problems(provenance, raw, file=str(directory /
                                                                         PROVENANCE_FILE))
        problems += more
        as_of = as_of or recorded
    articles = None
    if articles_dir is not None and catalog_ok:
        articles, more = read_articles(catalog, articles_dir)
        problems += more
    collections: dict[str, Any] = {}
    countries: dict[str, Any] | None = None
    context = (_digest(raw.get(CATALOG_FILE)) if catalog_ok else None, as_of,
               today or dt.date.today(),
               None if articles is None else _digest(json.dumps(articles, sort_keys=True).encode()),
               _digest(raw.get("countries.geojson")))
    for layer in sorted(LAYER_NAMES, key=lambda n: n != "countries"):  # countries first
        name = f"{layer}.geojson"
        collection = parsed(name)
        if name not in raw:
            continue
        file = str(directory / name)
        if isinstance(collection, dict) and collection.get("name") not in (None, layer):
            problems.append(Problem(file, "-", "name", f"layer name {collection.get('name')!r} "
                                    f"does not match the file name {name!r}"))
            continue
        collections[layer] = collection
        key = (file, layer, _digest(raw[name]), *context)
        verdict = VERDICTS.get(key)
        if verdict is None:
            if countries is None:
                countries = country_shapes(collections.get("countries"))
            verdict = tuple(validate_collection(
                collection, file=file, today=today, articles=articles, as_of=as_of,
                source_ids=frozenset(catalog) if catalog_ok else None,
                countries=countries if layer != "countries" else {}))
            VERDICTS.put(key, verdict)
        problems += verdict
    features = [f for layer in TIMELINE_LAYERS if isinstance(collections.get(layer), dict)
                and isinstance(f := collections[layer].get("features"), list) and f]
    if all(f"{layer}.geojson" in raw for layer in TIMELINE_LAYERS) and not features:
        problems.append(Problem(str(directory), "-", "-", "no feature in events, presence or "
                                "routes: the timeline has no year to show"))
    return FolderContents(collections, catalog, sorted(set(problems)))


def _provenance_problems(provenance: Any, raw: dict[str, bytes],
                         *, file: str) -> tuple[dt.date | None, list[Problem]]:
    """The recorded as-of date, and every mismatch between provenance.json and the files."""
    entries = provenance.get("layers") if isinstance(provenance, dict) else None
    if not isinstance(entries, dict):
        return None, [Problem(file, "-", "layers", "provenance must be an object with a "
                              "'layers' object")]
    problems = []
    as_of = iso_date(provenance["data_as_of"]) if isinstance(provenance.get("data_as_of"),
                                                              str) else None
    if as_of is None:
        problems.append(Problem(file, "-", "data_as_of", "data_as_of must be a date YYYY-MM-DD, "
                                f"not {provenance.get('data_as_of')!r}"))
    for layer in sorted(LAYER_NAMES):
        name = f"{layer}.geojson"
        entry = entries.get(name)
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):
            problems.append(Problem(file, name, "sha256", "no recorded hash for this layer"))
        elif name in raw and hashlib.sha256(raw[name]).hexdigest() != entry["sha256"]:
            problems.append(Problem(file, name, "sha256", "the file's SHA-256 differs from the "
                                    "recorded one: the folder mixes two builds or was edited; "
                                    "rebuild it with 'python -m geo build'"))
    return as_of, problems
