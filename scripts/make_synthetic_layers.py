"""Write a copy of the layers with synthetic events added, for the app benchmark.

Every synthetic event is marked as such (id ``synthetic-NNNNNN``, title starting
"SYNTHETIC", source ``synthetic``, a catalogue entry saying it is not a source) and sits at an
existing place; the real layers are copied unchanged. ``provenance.json`` records the new
files' hashes and counts, so the copy validates like a built folder. The output is
deterministic for a given ``--count`` and ``--seed`` (up to 999,999 events; the benchmarks
use 2,000 and 100,000). Never publish it.

Usage::

    python scripts/make_synthetic_layers.py OUT_DIR [--count 2000]
    TDA_LAYERS_DIR=OUT_DIR streamlit run app.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
from pathlib import Path
from typing import Any

from geo import config, vocab
from geo.data import validate
from geo.data.selection import load_layers, year_bounds

_UNITS = ("people",)


def synthetic_events(layers_dir: Path, *, count: int, seed: int) -> list[dict[str, Any]]:
    """`count` synthetic events at the places of `layers_dir`, within its years."""
    layers = load_layers(layers_dir)
    first, last = year_bounds(layers)
    places = sorted(layers.features("places"), key=lambda f: str(f["id"]))
    # Every property a real event has (newer ones included), then the synthetic values.
    template = min(layers.features("events"), key=lambda f: str(f["id"]))["properties"]
    rng = random.Random(seed)
    events = []
    for n in range(1, count + 1):
        place = rng.choice(places)
        props = place["properties"]
        year = rng.randint(first, last)
        kind = vocab.EVENT_KINDS[n % len(vocab.EVENT_KINDS)]
        figures = []
        if rng.random() < 0.6:  # sized like a real event: the kind's headline figure
            figures.append({"attributed_to": None, "said_by": None,
                            "figure": vocab.HEADLINE_FIGURE_BY_KIND.get(kind, "arrested"),
                            "qualifier": "about", "quote": "synthetic", "source": "synthetic",
                            "unit": rng.choice(_UNITS), "value": rng.randint(1, 800)})
        fid = f"synthetic-{n:06d}"
        extra: dict[str, Any] = {}
        if "headline_figure" in template:
            extra["headline_figure"] = validate.headline_figure(kind, figures)
        if "figures_agreement" in template:
            extra["figures_agreement"] = validate.figures_agreement(figures)
        if "certainty" in template:
            extra["certainty"] = "reported"
        events.append({
            "type": "Feature", "id": fid, "geometry": place["geometry"],
            "properties": {
                **template, **extra, "id": fid,
                "country": props["country"], "date": str(year), "date_end": None,
                "date_inferred": False, "date_note": "SYNTHETIC benchmark data",
                "date_precision": "year",
                "evidence": [{"quote": "Synthetic event for the app benchmark; not reported "
                              "by any source.", "said_by": None, "source": "synthetic"}],
                "figures": figures, "figures_disagree": [],
                "geo_precision": props["geo_precision"],
                "groups": ["tren-de-aragua"] if n % 3 else [], "kind": kind,
                "place": place["id"], "place_name": props["name"], "sources": ["synthetic"],
                "title": f"SYNTHETIC event {n} (benchmark data, not real)",
                "year": year, "year_end": year,
            },
        })
    return events


def write_synthetic_layers(out_dir: Path, *, count: int, seed: int = 1,
                           layers_dir: Path = config.LAYERS_DIR) -> Path:
    """Copy `layers_dir` to `out_dir` and add `count` synthetic events; return the events file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in sorted(layers_dir.iterdir()):
        if path.is_file():
            shutil.copyfile(path, out_dir / path.name)
    events_path = out_dir / "events.geojson"
    collection = json.loads(events_path.read_text(encoding="utf-8"))
    collection["features"] = sorted(
        collection["features"] + synthetic_events(layers_dir, count=count, seed=seed),
        key=lambda f: str(f["id"]))
    events_path.write_text(json.dumps(collection, ensure_ascii=False, sort_keys=True) + "\n",
                           encoding="utf-8")
    sources_path = out_dir / "sources.json"
    catalog = json.loads(sources_path.read_text(encoding="utf-8"))
    if not any(entry.get("id") == "synthetic" for entry in catalog):
        marker = {**catalog[0], "id": "synthetic", "outlet": "SYNTHETIC benchmark data",
                  "title": "Not a source: synthetic events for the app benchmark"}
        if "short_label" in marker:
            marker["short_label"] = "SYNTHETIC"
        catalog = sorted([*catalog, marker], key=lambda entry: str(entry["id"]))
        sources_path.write_text(json.dumps(catalog, ensure_ascii=False, indent=1,
                                           sort_keys=True) + "\n", encoding="utf-8")
    _record_provenance(out_dir)
    return events_path


def _record_provenance(folder: Path) -> None:
    """Rewrite provenance.json's hash and feature count of each file it lists."""
    path = folder / "provenance.json"
    if not path.is_file():
        return
    provenance = json.loads(path.read_text(encoding="utf-8"))
    for name, entry in sorted(provenance.get("layers", {}).items()):
        data = (folder / name).read_bytes()
        entry["sha256"] = hashlib.sha256(data).hexdigest()
        if "features" in entry and name.endswith(".geojson"):
            entry["features"] = len(json.loads(data)["features"])
    path.write_text(json.dumps(provenance, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to write (created if needed)")
    parser.add_argument("--count", type=int, default=2000, help="synthetic events to add")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    args = parser.parse_args()
    path = write_synthetic_layers(args.out_dir, count=args.count, seed=args.seed)
    print(f"wrote {path} with {args.count} synthetic events")


if __name__ == "__main__":
    main()
