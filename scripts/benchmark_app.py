"""Benchmark the app in headless Chromium: cold start, slider steps, bytes, zoom kept.

For the seed layers and for a copy with synthetic events (``make_synthetic_layers.py``) it
starts ``streamlit run app.py`` on a free port, opens Debian's Chromium with every non-local
request blocked, and prints:

- cold start: page load to the map painted (ms; the server is up, the first visitor);
- slider step: key press to the updated map painted (ms), median over the steps, after two
  untimed warm-up updates. The steps go back one year at a time from the latest year ("up to
  the year"), then forward again ("that year only"): each shows a view not seen before
  (Streamlit caches messages the browser already has, which makes revisits cheaper) and
  changes the map;
- bytes received per step (WebSocket frames, median);
- whether zoom and the map itself (no reload) were kept after the steps.

A measurement, not a test: nothing here asserts a time. Usage::

    python scripts/benchmark_app.py [--steps 8] [--synthetic 2000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from make_synthetic_layers import write_synthetic_layers

from geo import config
from geo.app import panels
from tests.support import appdriver

_ZOOM = 5


@dataclass(frozen=True)
class Run:
    """Figures of one benchmark run."""

    events: int
    cold_ms: float
    step_ms: list[float]
    step_bytes: list[int]
    changed_steps: int
    zoom_kept: bool
    blocked: list[str]

    def report(self, name: str) -> str:
        """Printable summary."""
        steps = ", ".join(f"{ms:.0f}" for ms in self.step_ms)
        return (f"{name}: {self.events} events\n"
                f"  cold start -> map painted: {self.cold_ms:.0f} ms\n"
                f"  slider step -> map updated: median {statistics.median(self.step_ms):.0f} ms"
                f" over {len(self.step_ms)} steps ({steps} ms)\n"
                f"  bytes received per step: median "
                f"{statistics.median(self.step_bytes) / 1024:.0f} KiB\n"
                f"  steps that changed which features are drawn: {self.changed_steps} of "
                f"{len(self.step_ms)}\n"
                f"  zoom kept, no map reload: {'yes' if self.zoom_kept else 'no'}\n"
                f"  non-local requests attempted: {len(self.blocked)}")


def measure(layers_dir: Path, *, steps: int) -> Run:
    """Cold start, slider steps and zoom check on one layers folder."""
    with appdriver.running_app(layers_dir=layers_dir) as server, \
            appdriver.open_browser() as session:
        page = session.page
        start = time.perf_counter()
        page.goto(server.url)
        frame = appdriver.map_frame(page)
        cold_ms = (time.perf_counter() - start) * 1000
        appdriver.wait_idle(page)
        appdriver.set_zoom(page, frame, zoom=_ZOOM)
        appdriver.mark_map(frame)
        for mode in ("only", "cumulative"):  # warm-up: two untimed updates (JIT, caches)
            appdriver.click_and_wait_map(session, frame, key="mode", text=panels.MODE_LABELS[mode])
        results, changed = [], 0
        for n in range(steps):
            if n == steps // 2:  # then forward again, one year at a time
                appdriver.click_and_wait_map(session, frame, key="mode",
                                             text=panels.MODE_LABELS["only"])
            before = appdriver.map_state(frame)["drawn"]
            key = "ArrowLeft" if n < steps // 2 else "ArrowRight"
            results.append(appdriver.slider_step(session, frame, key=key))
            changed += results[-1].state["drawn"] != before
        final = appdriver.map_state(frame)
        events = len(json.loads((layers_dir / "events.geojson").read_text("utf-8"))["features"])
        return Run(events=events, cold_ms=cold_ms, step_ms=[r.ms for r in results],
                   step_bytes=[r.bytes_received for r in results],
                   changed_steps=changed,
                   zoom_kept=final["zoom"] == _ZOOM and final["marker"] == appdriver.MARKER,
                   blocked=list(session.blocked))


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=8,
                        help="slider steps per run (>= 5; the seed data changes the map on "
                        "every step for up to 8)")
    parser.add_argument("--synthetic", type=int, default=2000,
                        help="synthetic events added for the second run (0: skip it)")
    args = parser.parse_args()
    print(measure(config.LAYERS_DIR, steps=args.steps).report("seed layers"))
    if args.synthetic:
        with tempfile.TemporaryDirectory(prefix="tda-synthetic-") as folder:
            write_synthetic_layers(Path(folder), count=args.synthetic)
            print(measure(Path(folder), steps=args.steps).report(
                f"seed + {args.synthetic} synthetic events"))


if __name__ == "__main__":
    main()
