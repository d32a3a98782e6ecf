"""Print the map page's year-step repaint time in headless Chromium (not a test).

For the seed layers and synthetic copies with 2,000 and 100,000 extra events
(`scripts/make_synthetic_layers.py`), build the one-file page, open it from file:// with
every off-host request blocked, step the year control with ArrowLeft/ArrowRight and read
``performance.now()`` around the repaint (``tda.lastRepaintMs()``), and the time to the
next painted frame.

Usage: ``python scripts/benchmark_map.py [--counts 0,2000,100000] [--steps 20]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Route, sync_playwright

from geo import config
from geo.data.selection import load_layers
from geo.views.leaflet.standalone import html_document

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
_STEP_JS = """async (key) => {
  const input = document.querySelector('input[aria-label*="Year"], input.tda-year-input');
  input.focus();
  const t0 = performance.now();
  await new Promise((done) => {
    const after = () => requestAnimationFrame(() => done());
    window.tda.on('change', function once() { after(); });
    input.dispatchEvent(new KeyboardEvent('keydown', {key}));
    input.value = String(Number(input.value) + (key === 'ArrowLeft' ? -1 : 1));
    input.dispatchEvent(new Event('input'));
  });
  return {repaint: window.tda.lastRepaintMs(), frame: performance.now() - t0};
}"""


def _page_for(count: int, folder: Path) -> Path:
    layers_dir = config.LAYERS_DIR
    if count:
        import sys  # noqa: PLC0415

        sys.path.insert(0, str(config.ROOT / "scripts"))
        from make_synthetic_layers import write_synthetic_layers  # noqa: PLC0415

        layers_dir = folder / f"layers-{count}"
        write_synthetic_layers(layers_dir, count=count)
    page = folder / f"map-{count}.html"
    page.write_text(html_document(load_layers(layers_dir), lang="en"), encoding="utf-8")
    return page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="0,2000,100000")
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(",")]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        print(f"{'events':>8} {'page MB':>8} {'load s':>7} {'repaint ms (median/max)':>24} "
              f"{'to frame ms (median)':>21}")
        for count in counts:
            path = _page_for(count, Path(tmp))
            page = browser.new_page(viewport={"width": 1440, "height": 1000})

            def block(route: Route) -> None:
                if route.request.url.startswith(("file://", "data:")):
                    route.continue_()
                else:
                    route.abort()

            page.route("**/*", block)
            started = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_function("document.documentElement.dataset.tdaReady === '1'",
                                   timeout=120_000)
            load = time.perf_counter() - started
            repaint, frame = [], []
            for n in range(args.steps):
                key = "ArrowLeft" if n < args.steps // 2 else "ArrowRight"
                result = page.evaluate(_STEP_JS, key)
                repaint.append(float(result["repaint"]))
                frame.append(float(result["frame"]))
            events = len(load_layers(config.LAYERS_DIR).features("events")) + count
            print(f"{events:>8} {path.stat().st_size / 1e6:>8.1f} {load:>7.2f} "
                  f"{statistics.median(repaint):>15.1f} / {max(repaint):>6.1f} "
                  f"{statistics.median(frame):>21.1f}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
