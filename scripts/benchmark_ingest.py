"""Benchmark ``python -m geo ingest`` on the five seed articles against the curated seeds.

The curated ``seeds/*.json`` are the gold standard. Each article is ingested with an EMPTY
seeds folder (so the project's own place list cannot hand the answers back), then scored:

- places: gold places of the article (places citing it, places of its events, countries of
  its presence claims) found within tolerance: district ≤ 6 km, city ≤ 15 km, region by
  country and within 60 km of the drawn point, country by its code;
- events: gold events citing the article matched by a candidate with the same date string,
  a place within tolerance and (when the gold record has figures from the article) one
  figure of the same value; a candidate of the gold kind, then one citing a sentence the gold
  cites, is tried first (neither is required: "statement", "report" and "statistic" name the
  same sentence differently, and gold quotes are often parts of sentences);
- hedges / speakers: of the matched events, the certainty is the gold one / ``said_by`` is
  empty in both or shares a word with the gold one;
- quotes: every quote of every candidate is a verbatim substring of the article;
- precision: proposed places that are a gold place of the article (same tolerance);
- seconds per article: cold (a new ``python -m geo ingest`` process, the gazetteer index
  already cached in ``.cache/ingest/``) and warm (a second run in the same process).

Corridors have no target: the line under the table counts those proposed and the gold
corridors matched (the gold kind, first and last waypoints within tolerance).

Then the same event, hedge and speaker measures on short held-out news paragraphs in
English and Spanish (``tests/data/ingest_heldout.json``, other places, people and dates than
the seed articles; no test uses them), and with ``--misses`` one line per missed event
saying what the nearest candidate lacks, and one per matched event whose certainty or speaker
differs from the gold.

A measurement, not a test: nothing here asserts. Usage::

    python scripts/benchmark_ingest.py [--markdown] [--misses]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.errors import OptionError  # noqa: E402
from geo.ingest.candidates import ingest_text  # noqa: E402
from geo.ingest.gazetteer_index import load_index  # noqa: E402

SEEDS = ROOT / "seeds"
HELDOUT = ROOT / "tests" / "data" / "ingest_heldout.json"
MISSES: list[str] = []  # one diagnosis line per missed gold event
MISMATCHES: list[str] = []  # one line per matched event whose hedge or speaker differs
LAYERS = ROOT / "layers"
TOLERANCE_KM = {"district": 6.0, "city": 15.0, "site": 6.0, "region": 60.0}
TARGETS = {"places": 0.90, "events": 0.80, "hedges": 0.75, "speakers": 0.75, "quotes": 1.0,
           "precision": 0.80}
_STOP = frozenset([
    "the", "of", "a", "an", "and", "de", "la", "el", "los", "las", "del", "by", "from",
    "reported"
])


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[1]), math.radians(b[1])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(
        math.radians(b[0] - a[0]) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _load(name: str) -> list[dict[str, Any]]:
    return list(json.loads((SEEDS / f"{name}.json").read_text(encoding="utf-8")))


def _gold_points() -> dict[str, dict[str, Any]]:
    layer = json.loads((LAYERS / "places.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["id"]: {"point": tuple(f["geometry"]["coordinates"]),
                                    "precision": f["properties"]["geo_precision"],
                                    "country": f["properties"]["country"]}
            for f in layer["features"]}


def _same_place(cand: dict[str, Any], gold: dict[str, Any]) -> bool:
    c = cand["candidate"]
    if gold["precision"] == "country":
        return bool(cand["precision"] == "country" and cand["country"] == gold["country"])
    if cand["precision"] == "country":
        return False
    return _km((c["lon"], c["lat"]), gold["point"]) <= TOLERANCE_KM[gold["precision"]]


def _gold(source: str) -> tuple[set[str], list[dict[str, Any]], set[str]]:
    def cites(items: list[dict[str, Any]]) -> bool:
        return any(i.get("source") == source for i in items)
    events = [e for e in _load("events") if cites(e["evidence"]) or cites(e["figures"])]
    places = {p["id"] for p in _load("places") if cites(p["evidence"])}
    places |= {e["place"] for e in events}
    countries = {p["country"] for p in _load("presence") if cites(p["claims"])}
    return places, events, countries


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"\w+", (text or "").lower()) if w not in _STOP}


def score(source: dict[str, Any], cands: dict[str, Any], text: str,
          points: dict[str, dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """(hits, total) per measure for one article."""
    gold_places, gold_events, gold_countries = _gold(source["id"])
    golds = [points[g] for g in sorted(gold_places)] + [
        {"precision": "country", "country": c, "point": (0.0, 0.0)}
        for c in sorted(gold_countries) if not any(
            points[g]["precision"] == "country" and points[g]["country"] == c
            for g in gold_places)]
    found = sum(any(_same_place(c, g) for c in cands["places"]) for g in golds)
    correct = sum(any(_same_place(c, g) for g in golds) for c in cands["places"])
    wanted = [{"id": g["id"], "kind": g["kind"], "date": g["date"],
              "point": points[g["place"]],
              "figures": [f["value"] for f in g["figures"] if f["source"] == source["id"]],
              "certainty": g["certainty"],
              "quotes": {e["quote"] for e in g["evidence"] if e["source"] == source["id"]},
              "said_by": next((e.get("said_by") for e in g["evidence"]
                               if e["source"] == source["id"] and e.get("said_by")), None)}
             for g in gold_events]
    matched = match_events(wanted, cands, MISSES)
    hedges, speakers = _hedges_speakers(matched)
    quotes = _quotes(cands)
    verbatim = sum(q in text for q in quotes)
    return {"places": (found, len(golds)), "events": (len(matched), len(gold_events)),
            "hedges": (hedges, len(matched)), "speakers": (speakers, len(matched)),
            "quotes": (verbatim, len(quotes)), "precision": (correct, len(cands["places"]))}


def corridor_score(source: dict[str, Any], cands: dict[str, Any],
                   points: dict[str, dict[str, Any]]) -> tuple[int, int, int]:
    """(gold corridors matched, gold corridors citing the article, corridors proposed): a
    match is a candidate of the gold kind whose first and last waypoints are within
    tolerance of the gold's."""
    golds = [c for c in _load("corridors")
             if any(e["source"] == source["id"] for e in c["evidence"])]
    by_id = {p["id"]: p for p in cands["places"]}
    found = 0
    for gold in golds:
        ends = [points[gold["waypoints"][0]], points[gold["waypoints"][-1]]]
        found += any(
            cand["kind"] == gold["kind"] and all(
                w in by_id and _same_place(by_id[w], end)
                for w, end in zip((cand["waypoints"][0], cand["waypoints"][-1]), ends,
                                  strict=True))
            for cand in cands["corridors"])
    return found, len(golds), len(cands["corridors"])


def match_events(golds: list[dict[str, Any]], cands: dict[str, Any],
                 misses: list[str]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Pair each gold event with a candidate: the same date string, a place within tolerance
    and (when the gold has figures) one figure of the same value; a diagnosis line per miss
    goes into ``misses``."""
    by_id = {p["id"]: p for p in cands["places"]}
    matched = []
    for gold in golds:
        # a candidate of the gold kind, citing a sentence the gold cites, first: the hedge
        # and speaker are then compared on the same act, not on another of that day and place
        found = None
        quotes = gold.get("quotes") or set()
        for cand in sorted(cands["events"], key=lambda c: (
                c["kind"] != gold["kind"],
                not any(any(g in q for g in quotes) for q in
                        (e["quote"] for e in c["evidence"])))):
            place = by_id.get(cand["place"])
            if cand["date"] != gold["date"] or place is None or \
                    not _same_place(place, gold["point"]):
                continue
            if gold["figures"] and not any(f["value"] in gold["figures"]
                                           for f in cand["figures"]):
                continue
            found = cand
            break
        if found is not None:
            matched.append((gold, found))
        else:
            misses.append(_why(gold, cands["events"], by_id))
    return matched


def _why(gold: dict[str, Any], events: list[dict[str, Any]], by_id: dict[str, Any]) -> str:
    """One line: what the nearest candidate lacks (date, place, figure) or that none is near."""
    head = (f"{gold['id']}: {gold['kind']} {gold['date']} at {gold['point']['precision']} "
            f"{tuple(round(v, 2) for v in gold['point']['point'])} figures {gold['figures']}")
    notes = []
    for cand in events:
        place = by_id.get(cand["place"])
        same_date = cand["date"] == gold["date"]
        near = place is not None and _same_place(place, gold["point"])
        if not (same_date or near):
            continue
        lacks = [w for w, ok in (("date", same_date), ("place", near), (
            "figure", not gold["figures"] or any(f["value"] in gold["figures"]
                                                 for f in cand["figures"]))) if not ok]
        notes.append(f"{cand['kind']} {cand['date']} at {cand['place']} lacks "
                     f"{'/'.join(lacks)}")
    return head + (" — nearest: " + "; ".join(notes[:2]) if notes else
                   " — no candidate on that date or at that place")


def _hedges_speakers(matched: list[tuple[dict[str, Any], dict[str, Any]]]) -> tuple[int, int]:
    """How many matched events have the gold certainty, and the gold speaker; a line per
    mismatch goes into ``MISMATCHES``."""
    hedges = speakers = 0
    for g, c in matched:
        hedges += g["certainty"] == c["certainty"]
        if g["certainty"] != c["certainty"]:
            MISMATCHES.append(f"{g['id']}: certainty {c['certainty']} (gold {g['certainty']})"
                              f"{' — ' + c['certainty_note'] if c['certainty_note'] else ''}")
        cand_by = next((e.get("said_by") for e in c["evidence"] if e.get("said_by")), None)
        same = (g["said_by"] is None and cand_by is None) or bool(
            _words(g["said_by"]) & _words(cand_by))
        speakers += same
        if not same:
            MISMATCHES.append(f"{g['id']}: said_by {cand_by!r} (gold {g['said_by']!r})")
    return hedges, speakers


def heldout(index: Any) -> dict[str, tuple[int, int]]:
    """Events, hedges and speakers on the held-out paragraphs (tests/data/)."""
    data = json.loads(HELDOUT.read_text(encoding="utf-8"))
    totals = {"events": [0, 0], "hedges": [0, 0], "speakers": [0, 0]}
    with tempfile.TemporaryDirectory() as tmp:
        for n, item in enumerate(data["paragraphs"]):
            golds = [g | {"id": f"heldout-{n + 1}", "point": {
                "point": tuple(g["point"]), "precision": g["precision"],
                "country": ""}} for g in item["events"]]
            try:
                cands = ingest_text(text=item["text"], published=item["published"],
                                    seeds_dir=Path(tmp), index=index, source_id="heldout")
            except OptionError as exc:  # no place found: every event of it is missed
                cands = {"places": [], "events": []}
                MISSES.extend(f"heldout-{n + 1}: {exc}" for _ in golds)
            matched = match_events(golds, cands, MISSES if cands["events"] else [])
            hedges, speakers = _hedges_speakers(matched)
            for key, hit, total in (("events", len(matched), len(golds)),
                                    ("hedges", hedges, len(matched)),
                                    ("speakers", speakers, len(matched))):
                totals[key][0] += hit
                totals[key][1] += total
    return {k: (v[0], v[1]) for k, v in totals.items()}


def _quotes(cands: dict[str, Any]) -> list[str]:
    out = []
    for table in ("places", "events", "presence", "corridors"):
        for record in cands[table]:
            out += [i["quote"] for key in ("evidence", "figures", "claims")
                    for i in record.get(key, []) if i.get("source") == cands["source"]["id"]]
    return out


def _cold(path: Path, published: str, seeds: Path) -> float:
    out = seeds.parent / "cold.json"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "geo", "ingest", str(path), "--published", published,
                    "--out", str(out), "--seeds", str(seeds)], cwd=ROOT, check=True,
                   capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--misses", action="store_true",
                        help="also print why each missed gold event was missed, and each "
                             "hedge or speaker that differs")
    args = parser.parse_args()
    index = load_index()  # built once (cached in .cache/ingest/); not part of any timing
    points = _gold_points()
    rows = []
    corridors = [0, 0, 0]
    totals: dict[str, list[int]] = {k: [0, 0] for k in TARGETS}
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "seeds"
        empty.mkdir()
        for source in _load("sources"):
            path = SEEDS / "articles" / source["seed_file"]
            text = path.read_text(encoding="utf-8")
            cold = _cold(path, source["published"], empty)
            ingest_text(text=text, published=source["published"], source_id=source["id"],
                        seeds_dir=empty)
            start = time.perf_counter()
            cands = ingest_text(text=text, published=source["published"],
                                source_id=source["id"], seeds_dir=empty)
            warm = time.perf_counter() - start
            marks = score(source, cands, text, points)
            corridors = [a + b for a, b in zip(corridors, corridor_score(source, cands, points),
                                               strict=True)]
            for key, (hit, total) in marks.items():
                totals[key][0] += hit
                totals[key][1] += total
            rows.append((source["seed_file"][:3] + " " + source["id"], marks, cold, warm))
    _print(rows, totals, markdown=args.markdown)
    print(f"\ncorridors (no target): {corridors[2]} proposed; {corridors[0]} of the "
          f"{corridors[1]} gold corridors matched (kind, first and last waypoint)")
    seed_misses = list(MISSES)
    held = heldout(index)
    line = "  ".join(f"{k} {_pct(*v)}" for k, v in held.items())
    print(f"\nheld-out paragraphs ({HELDOUT.relative_to(ROOT)}): {line}")
    if args.misses:
        print("\nmissed events (seed articles, then held-out):")
        for miss in [*seed_misses, *MISSES[len(seed_misses):]]:
            print(f"- {miss}")
        print("\nmatched events whose certainty or speaker differs from the gold:")
        for line in MISMATCHES:
            print(f"- {line}")
    return 0


def _pct(hit: int, total: int) -> str:
    return f"{hit}/{total} ({100 * hit / total:.0f} %)" if total else "–"


def _print(rows: list[Any], totals: dict[str, list[int]], *, markdown: bool) -> None:
    head = ["article", *TARGETS, "cold s", "warm s"]
    lines = [[name, *(_pct(*m[k]) for k in TARGETS), f"{c:.2f}", f"{w:.3f}"]
             for name, m, c, w in rows]
    colds, warms = [r[2] for r in rows], [r[3] for r in rows]
    lines.append(["total", *(_pct(*totals[k]) for k in TARGETS),
                  f"{max(colds):.2f} max", f"{max(warms):.3f} max"])
    lines.append(["target", *(f"≥ {100 * v:.0f} %" for v in TARGETS.values()), "≤ 3", "≤ 0.5"])
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for line in lines:
            print("| " + " | ".join(line) + " |")
        return
    widths = [max(len(str(x[i])) for x in [head, *lines]) for i in range(len(head))]
    for line in [head, *lines]:
        print("  ".join(str(v).ljust(w) for v, w in zip(line, widths, strict=True)))


if __name__ == "__main__":
    sys.exit(main())
