"""Benchmark the app against the naive st_folium app, side by side, in headless Chromium.

For the seed layers and copies with 2,000 and 100,000 synthetic events
(``make_synthetic_layers.py``) it starts each app (``app.py``, then ``naive_app.py``) on a
free local port, opens Debian's Chromium with every non-local request blocked, and measures:

- cold start: page load to the map painted, first visitor after the server started (the
  app validates the folder and writes its map site then; both are cached afterwards);
- year step: key press on the year control (the app: the map's "Year" control inside the
  map page; naive: the Streamlit slider) to the map repainted, median and p95 over the
  steps (after two untimed warm-up steps); and for the app, to its panels updated;
- bytes received per step: the whole step (WebSocket frames and HTTP responses, CDP
  Network events) and the map's part (the map component's messages and any request of the
  map page);
- zoom and pan kept across the steps (zoom set to 5 first; no reload of the map page);
- memory after the steps: JS heap of the page (CDP Performance) and the server's RSS.

It prints one table with both apps per data size, the targets of issue 9 and the ratios.

``--first-visit`` measures only the first visit (issue 17 section 6): the app's generated
sites (``static/site/``) are removed, the server is started, and a reader arrives
``--settle`` seconds after it answers. It takes the server's part of the first visit and of
the next (`stclient`: connect to the script run finished; the browser's own loading, noisy
on a shared VM, is left out), then a browser's page load to the map painted. Before:
``streamlit run app.py`` (the first reader validates the folder and writes the site).
After: ``streamlit run geo/app/server.py`` (what ``scripts/app.sh`` runs: it does that
work in a thread at start-up).

A measurement, not a test: nothing here asserts. Usage::

    python scripts/benchmark_app.py [--steps 10] [--sizes 0,2000,100000] [--naive-max 100000]
    python scripts/benchmark_app.py --first-visit [--settle 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import _repo  # noqa: F401  (the repository root on sys.path: tests.support below)
import stclient
from make_synthetic_layers import write_synthetic_layers
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Page

from geo import config
from geo.data.selection import Filters, load_layers, select, year_bounds
from tests.support import appdriver

NAIVE = Path(__file__).resolve().parent / "naive_app.py"
NAIVE_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
NAIVE_NAME = b"streamlit_folium"
ZOOM = 5
# st_folium names its map `map_div`; a rerun builds a new one (usually in a new frame).
_NEW_MAP_JS = "() => window.map_div && window.map_div !== window.__oldMap"
NAIVE_SLIDER = '[data-testid="stSlider"] input[type=range]'
_UNCHANGED_S = 5.0  # a rerun that rebuilt no map after this long kept the old one (only
# for a year whose drawn features equal the year before's: `_changed_years`)
_MARK_OLD_JS = "() => { window.__oldMap = window.map_div; }"
_PAINT_JS = "() => new Promise(r => requestAnimationFrame(() => r(Date.now())))"


@dataclass
class Figures:
    """What one app measured on one layers folder."""

    app: str
    events: int
    cold_ms: float = float("nan")
    step_ms: list[float] = field(default_factory=list)
    app_ms: list[float] = field(default_factory=list)
    step_bytes: list[int] = field(default_factory=list)
    map_bytes: list[int] = field(default_factory=list)
    zoom_kept: bool | None = None
    heap_mb: float = float("nan")
    rss_mb: float = float("nan")
    blocked: int = 0
    failure: str = ""


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else \
        float("nan")


def _median(values: list[float] | list[int]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def _keys(steps: int) -> list[str]:
    """Back from the latest year, then forward: each step changes the view."""
    return ["ArrowLeft"] * (steps // 2) + ["ArrowRight"] * (steps - steps // 2)


def measure_app(layers_dir: Path, *, steps: int, events: int, timeout_s: float) -> Figures:
    """The app: the map page in the bridge, the year control inside it."""
    figures = Figures("app", events)
    with appdriver.running_app(layers_dir=layers_dir) as server, \
            appdriver.open_browser(width=1440, height=1000) as session:
        page = session.page
        start = time.perf_counter()
        page.goto(server.url)
        frame = appdriver.map_frame(page, timeout_ms=timeout_s * 1000)
        frame.evaluate(_PAINT_JS)
        figures.cold_ms = (time.perf_counter() - start) * 1000
        appdriver.wait_idle(page, timeout_ms=timeout_s * 1000)
        appdriver.set_zoom(page, frame, zoom=ZOOM, timeout_ms=timeout_s * 1000)
        appdriver.mark_map(frame)
        for key in ("ArrowLeft", "ArrowRight"):  # warm-up
            appdriver.year_step(session, frame, key=key, timeout_ms=timeout_s * 1000)
        for key in _keys(steps):
            step = appdriver.year_step(session, frame, key=key, timeout_ms=timeout_s * 1000)
            figures.step_ms.append(step.ms)
            figures.app_ms.append(step.app_ms)
            figures.step_bytes.append(step.bytes_received)
            figures.map_bytes.append(step.map_bytes)
        final = appdriver.map_state(frame)
        figures.zoom_kept = final["zoom"] == ZOOM and final["marker"] == appdriver.MARKER
        figures.heap_mb = appdriver.js_heap_mb(session)
        figures.rss_mb = appdriver.server_rss_mb(server)
        figures.blocked = len(session.blocked)
    return figures


def _naive_frame(page: Page, *, timeout_s: float) -> Frame:
    """st_folium's iframe (it is replaced on reruns: look until one has content)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        handle = page.wait_for_selector(NAIVE_FRAME, timeout=timeout_s * 1000,
                                        state="attached")
        frame = handle.content_frame() if handle else None
        if frame is not None:
            return frame
    raise TimeoutError("the naive map has no frame")


def _changed_years(layers_dir: Path) -> set[int]:
    """Years whose cumulative selection differs from the year before's (the naive map must
    be rebuilt on a step into or out of them)."""
    layers = load_layers(layers_dir)
    first, last = year_bounds(layers)
    ids = {year: sorted(str(f["id"]) for name in ("events", "routes", "presence", "spread")
                        for f in select(layers, Filters(year=year)).layer(name))
           for year in range(first, last + 1)}
    return {year for year in range(first + 1, last + 1) if ids[year] != ids[year - 1]}


def _naive_paint(page: Page, *, year: int, timeout_s: float,
                 changes: bool) -> float | None:
    """Wait for the map st_folium builds on the rerun; its paint time (ms since epoch), or
    None when the step `changes` nothing, the rerun for `year` ended and st_folium kept the
    map (an identical map is not rebuilt)."""
    began = time.monotonic()
    deadline = began + timeout_s
    while time.monotonic() < deadline:
        if not changes and time.monotonic() - began > _UNCHANGED_S and page.locator(
                appdriver.APP_IDLE).count() and page.get_by_text(f"By {year}:").count():
            return None
        try:
            frame = _naive_frame(page, timeout_s=max(1.0, deadline - time.monotonic()))
            # Short attempts: st_folium replaces its iframe, and a wait on the old one
            # would not end when it is detached.
            frame.wait_for_function(_NEW_MAP_JS, polling="raf", timeout=250)
            return float(frame.evaluate(_PAINT_JS))
        except PlaywrightError:  # not yet, or the frame was replaced: look again
            continue
    raise TimeoutError(f"no new map painted in {timeout_s:.0f} s")


def _naive_ready(page: Page, *, timeout_s: float) -> Frame:
    """The naive map's frame once its map exists."""
    frame = _naive_frame(page, timeout_s=timeout_s)
    frame.wait_for_function("() => window.map_div && window.map_div.getZoom",
                            polling="raf", timeout=timeout_s * 1000)
    return frame


def naive_script(folder: Path) -> Path:
    """A copy of the naive app in `folder`, beside a link to the app's ``static/``
    (Streamlit serves the ``static/`` folder next to the script it runs)."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / NAIVE.name
    shutil.copyfile(NAIVE, script)
    if not (folder / "static").exists():
        (folder / "static").symlink_to(config.ROOT / "static", target_is_directory=True)
    return script


def measure_naive(layers_dir: Path, *, steps: int, events: int, timeout_s: float) -> Figures:
    """The naive app: slider in Streamlit, map rebuilt by st_folium on every rerun."""
    figures = Figures("naive", events)
    changed = _changed_years(layers_dir)
    with tempfile.TemporaryDirectory(prefix="tda-naive-") as scratch, \
            appdriver.running_app(layers_dir=layers_dir,
                                  script=naive_script(Path(scratch))) as server, \
            appdriver.open_browser(width=1440, height=1000) as session:
        page = session.page
        try:
            start = time.perf_counter()
            page.goto(server.url)
            frame = _naive_ready(page, timeout_s=timeout_s)
            frame.evaluate(_PAINT_JS)
            figures.cold_ms = (time.perf_counter() - start) * 1000
            appdriver.wait_idle(page, timeout_ms=timeout_s * 1000)
            frame.evaluate(f"() => window.map_div.setZoom({ZOOM}, {{animate: false}})")
            slider = page.locator(NAIVE_SLIDER).first
            for n, key in enumerate(["ArrowLeft", "ArrowRight", *_keys(steps)]):
                _naive_ready(page, timeout_s=timeout_s).evaluate(_MARK_OLD_JS)
                year = int(slider.get_attribute("aria-valuenow")
                           or slider.input_value())
                year += -1 if key == "ArrowLeft" else 1
                slider.focus()
                session.reset_counts()
                began = float(page.evaluate("() => Date.now()"))
                page.keyboard.press(key)
                step_changes = (year if key == "ArrowRight" else year + 1) in changed
                painted = _naive_paint(page, year=year, timeout_s=timeout_s,
                                       changes=step_changes)
                appdriver.wait_idle(page, timeout_ms=timeout_s * 1000)
                if n >= 2 and painted is not None:  # after the warm-up; map changed
                    figures.step_ms.append(painted - began)
                    figures.step_bytes.append(sum(len(f) for f in session.ws_frames)
                                              + sum(session.http_bytes))
                    figures.map_bytes.append(sum(len(f) for f in session.ws_frames
                                                 if NAIVE_NAME in f) + sum(session.http_bytes))
            zoom = _naive_ready(page, timeout_s=timeout_s).evaluate(
                "() => window.map_div.getZoom()")
            figures.zoom_kept = zoom == ZOOM
            figures.heap_mb = appdriver.js_heap_mb(session)
            figures.rss_mb = appdriver.server_rss_mb(server)
        except (PlaywrightError, TimeoutError) as exc:
            figures.failure = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
        figures.blocked = len(session.blocked)
    return figures


def _ms(value: float) -> str:
    return "—" if value != value else f"{value:,.0f} ms"  # noqa: PLR0124 (NaN check)


def _kb(value: float) -> str:
    return "—" if value != value else f"{value / 1024:,.1f} KB"  # noqa: PLR0124


Cell = Callable[[Figures], str]


def table(results: list[tuple[Figures, Figures | None]]) -> str:
    """The side-by-side table (Markdown), with targets and ratios."""
    head = ["metric"]
    for app, _ in results:
        size = "seed" if app.events < 100 else f"{app.events:,} events"
        head += [f"{size}: app", f"{size}: naive"]
    head.append("target (issue 9)")
    rows: list[list[str]] = []

    def add(name: str, of_app: Cell, of_naive: Cell, target: str) -> None:
        cells = [name]
        for app, naive in results:
            cells.append(of_app(app))
            if naive is None:
                cells.append("not run")
            elif naive.failure:
                cells.append(f"failed ({naive.failure[:50]})")
            else:
                cells.append(of_naive(naive))
        rows.append([*cells, target])

    def same(cell: Cell) -> tuple[Cell, Cell]:
        return cell, cell

    add("year step → map painted, median", *same(lambda f: _ms(_median(f.step_ms))),
        "≤ 50 ms (seed, 2k), ≤ 150 ms (100k)")
    add("year step → map painted, p95", *same(lambda f: _ms(_p95(f.step_ms))), "")
    add("year step → panels updated, median", lambda f: _ms(_median(f.app_ms)),
        lambda _: "(one rerun)", "")
    add("bytes received per step, map part (median)",
        *same(lambda f: _kb(_median(f.map_bytes))), "≤ 2 KB")
    add("bytes received per step, whole step (median)",
        *same(lambda f: _kb(_median(f.step_bytes))), "≤ 1/10 of naive at 2k")
    add("zoom and pan kept", *same(lambda f: "yes" if f.zoom_kept else "no"), "yes")
    add("cold start → map painted", *same(lambda f: _ms(f.cold_ms)), "≤ 3 s (seed)")
    add("JS heap after the steps", *same(lambda f: f"{f.heap_mb:,.0f} MB"), "bounded")
    add("server RSS after the steps", *same(lambda f: f"{f.rss_mb:,.0f} MB"), "bounded")
    add("off-host requests attempted", *same(lambda f: str(f.blocked)), "0")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    for app, naive in results:
        if naive and not naive.failure and app.step_ms and naive.step_ms:
            speed = _median(naive.step_ms) / _median(app.step_ms)
            volume = _median(app.step_bytes) / _median(naive.step_bytes)
            lines.append(f"\nratio at {app.events:,} events: naive/app step time {speed:,.1f}× "
                         f"(target ≥ 10× at 2k); app/naive bytes per step {volume:.3f} "
                         "(target ≤ 0.1 at 2k)")
    return "\n".join(lines)


SERVER = config.ROOT / "geo" / "app" / "server.py"
# Issue 17 section 6, before this change: first visit 5.2 s, warm 2.7 s, static site 0.72 s.
FIRST_VISIT_BASELINE_MS = (5200.0, 2700.0)


def _visit_ms(server_url: str, *, timeout_s: float) -> float:
    """A new browser's page load to the map painted (ms)."""
    with appdriver.open_browser(width=1440, height=1000) as session:
        start = time.perf_counter()
        session.page.goto(server_url)
        frame = appdriver.map_frame(session.page, timeout_ms=timeout_s * 1000)
        frame.evaluate(_PAINT_JS)
        return (time.perf_counter() - start) * 1000


async def _script_runs_ms(url: str, *, timeout_s: float) -> tuple[float, float]:
    """The server's part of a visit: two sessions' first script runs (WebSocket client)."""
    times = []
    for _ in range(2):
        async with stclient.connect(url, timeout_s=timeout_s) as session:
            times.append(session.first.ms)
    return times[0], times[1]


def measure_first_visit(script: Path, *, settle_s: float,
                        timeout_s: float) -> tuple[float, float, float]:
    """For a server of `script` started afresh with its generated sites removed, the reader
    arriving `settle_s` after it answers: the server's part of the first visit and of the
    next (ms, `stclient`: connect to the script run finished), then a browser's page load
    to the map painted (ms)."""
    shutil.rmtree(config.ROOT / "static" / "site", ignore_errors=True)
    with appdriver.running_app(script=script) as server:
        time.sleep(settle_s)  # the reader comes some time after the start (a measured wait)
        first, second = asyncio.run(_script_runs_ms(server.url, timeout_s=timeout_s))
        painted = _visit_ms(server.url, timeout_s=timeout_s)
    return first, second, painted


def first_visit_table(*, settle_s: float, runs: int, timeout_s: float) -> str:
    """Medians for app.py (before) and geo/app/server.py (after)."""
    lines = [f"first visit, the reader arriving {settle_s:g} s after the server answers "
             f"(median of {runs}; issue 17 baseline in a browser: first visit "
             f"{FIRST_VISIT_BASELINE_MS[0]:,.0f} ms, warm {FIRST_VISIT_BASELINE_MS[1]:,.0f} ms)",
             f"{'server':<34}{'1st run ms':>11}{'2nd run ms':>11}{'browser ms':>11}"]
    for label, script in (("streamlit run app.py (before)", config.ROOT / "app.py"),
                          ("streamlit run geo/app/server.py", SERVER)):
        visits = [measure_first_visit(script, settle_s=settle_s, timeout_s=timeout_s)
                  for _ in range(runs)]
        lines.append(f"{label:<34}" + "".join(f"{_median([v[i] for v in visits]):>11,.0f}"
                                              for i in range(3)))
    lines.append("1st/2nd run: the server's part of the first and the next visit (script run, "
                 "WebSocket client); browser: a third visit, page load to the map painted")
    return "\n".join(lines)


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=10, help="timed year steps per run")
    parser.add_argument("--sizes", default="0,2000,100000",
                        help="synthetic events added per run (0: the seed layers)")
    parser.add_argument("--naive-max", type=int, default=100_000,
                        help="largest size the naive app is run at")
    parser.add_argument("--timeout", type=float, default=600.0,
                        help="seconds any one wait may take")
    parser.add_argument("--first-visit", action="store_true",
                        help="measure only the first visit: app.py against geo/app/server.py")
    parser.add_argument("--settle", type=float, default=10.0,
                        help="--first-visit: seconds between the server answering and the "
                        "reader arriving")
    parser.add_argument("--runs", type=int, default=3, help="--first-visit: runs per server")
    args = parser.parse_args()
    if args.first_visit:
        print(first_visit_table(settle_s=args.settle, runs=args.runs, timeout_s=args.timeout))
        return
    results: list[tuple[Figures, Figures | None]] = []
    with tempfile.TemporaryDirectory(prefix="tda-bench-") as scratch:
        for count in (int(part) for part in args.sizes.split(",")):
            folder = config.LAYERS_DIR
            if count:
                folder = Path(scratch) / f"synthetic-{count}"
                write_synthetic_layers(folder, count=count)
            events = len(json.loads((folder / "events.geojson").read_text("utf-8"))["features"])
            print(f"measuring {events:,} events: app ...", file=sys.stderr, flush=True)
            app = measure_app(folder, steps=args.steps, events=events, timeout_s=args.timeout)
            naive = None
            if count <= args.naive_max:
                print(f"measuring {events:,} events: naive ...", file=sys.stderr, flush=True)
                naive = measure_naive(folder, steps=args.steps, events=events,
                                      timeout_s=args.timeout)
            results.append((app, naive))
            print(table(results), file=sys.stderr, flush=True)
    print(table(results))


if __name__ == "__main__":
    main()
