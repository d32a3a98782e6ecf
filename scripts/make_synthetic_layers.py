"""Write a copy of the layers with synthetic events added, for the app benchmark.

Every synthetic event is marked as such (id ``synthetic-NNNN``, title starting "SYNTHETIC",
source ``synthetic``) and sits at an existing place; the real layers are copied unchanged.
The output is deterministic for a given ``--count`` and ``--seed``. Never publish it.

Usage::

    python scripts/make_synthetic_layers.py OUT_DIR [--count 2000]
    TDA_LAYERS_DIR=OUT_DIR streamlit run app.py
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path
from typing import Any

from geo import config, vocab
from geo.data.selection import load_layers, year_bounds

_UNITS = ("people",)


def synthetic_events(layers_dir: Path, *, count: int, seed: int) -> list[dict[str, Any]]:
    """`count` synthetic events at the places of `layers_dir`, within its years."""
    layers = load_layers(layers_dir)
    first, last = year_bounds(layers)
    places = sorted(layers.features("places"), key=lambda f: str(f["id"]))
    rng = random.Random(seed)
    events = []
    for n in range(1, count + 1):
        place = rng.choice(places)
        props = place["properties"]
        year = rng.randint(first, last)
        kind = vocab.EVENT_KINDS[n % len(vocab.EVENT_KINDS)]
        figures = []
        if rng.random() < 0.6:
            figures.append({"attributed_to": None, "figure": "people_involved",
                            "qualifier": "about", "quote": "synthetic", "source": "synthetic",
                            "unit": rng.choice(_UNITS), "value": rng.randint(1, 800)})
        events.append({
            "type": "Feature", "id": f"synthetic-{n:04d}", "geometry": place["geometry"],
            "properties": {
                "country": props["country"], "date": str(year), "date_end": None,
                "date_inferred": False, "date_note": "SYNTHETIC benchmark data",
                "date_precision": "year",
                "evidence": [{"quote": "Synthetic event for the app benchmark; not reported "
                              "by any source.", "source": "synthetic"}],
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
    (out_dir / "SYNTHETIC.txt").write_text(
        f"{count} synthetic events were added to events.geojson for the app benchmark "
        "(scripts/make_synthetic_layers.py). Not data: never publish.\n", encoding="utf-8")
    return events_path


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
