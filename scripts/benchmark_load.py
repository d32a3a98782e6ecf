"""Load benchmark: one app server, N concurrent reader sessions each scrubbing the year.

Starts ``streamlit run app.py`` once (127.0.0.1 only, seed layers) and, for N = 1, 5 and 20,
opens N sessions in one headless Debian Chromium (one browser context each, every
non-local request blocked). Each session loads the app, waits for the map page, then
presses ArrowLeft/ArrowRight on the map's "Year" control ten times; a step is timed from
the key press to the app's link showing the new year and the app idle again (the panels
followed: a server round trip). Bounded: at most 20 sessions, and each N stops after
``--limit`` seconds (unfinished steps count as errors).

Prints per N: sessions, steps done, errors, step p50/p95, server RSS before / peak during /
after, and the CPU seconds used by the server and by Chromium during the run: on this
2-vCPU machine the browser competes with the server, so the ratio says how much of a step
time is browser contention rather than server work. A measurement, not a test. Usage::

    python scripts/benchmark_load.py [--sessions 1,5,20] [--steps 10] [--limit 300]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, Route, async_playwright

from tests.support import appdriver

MAX_SESSIONS = 20
_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class LoadRun:
    """Figures of one N."""

    sessions: int
    steps_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_before: float = 0.0
    rss_peak: float = 0.0
    rss_after: float = 0.0
    server_cpu_s: float = 0.0
    browser_cpu_s: float = 0.0
    wall_s: float = 0.0


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime


def _profiles() -> set[str]:
    """Playwright's temporary Chromium profiles now on this machine (one per browser)."""
    return {path.name for path in Path(tempfile.gettempdir()).glob(
        "playwright_chromiumdev_profile-*")}


def _browser_cpu_seconds(marker: str) -> float:
    """CPU seconds of the Chromium processes whose command line holds `marker`."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"chromium" in cmdline and marker.encode() in cmdline:
            total += _cpu_seconds(int(entry.name))
    return total


async def _session(browser: Browser, url: str, *, steps: int, run: LoadRun,
                   timeout_ms: float) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})

    async def route(request_route: Route) -> None:
        if appdriver.is_local(request_route.request.url):
            await request_route.continue_()
        else:
            run.errors.append(f"off-host request {request_route.request.url[:80]}")
            await request_route.abort()

    await context.route("**/*", route)
    page = await context.new_page()
    try:
        await page.goto(url, timeout=timeout_ms)
        await page.wait_for_selector(f'{appdriver.MAP_IFRAME}[data-ready="1"]',
                                     timeout=timeout_ms)
        await page.wait_for_selector(appdriver.APP_IDLE, timeout=timeout_ms)
        handle = await page.wait_for_selector(appdriver.MAP_IFRAME, timeout=timeout_ms)
        frame = await handle.content_frame() if handle else None
        if frame is None:
            raise RuntimeError("no map frame")
        await frame.wait_for_function("() => window.tda && window.tda.state().year",
                                      timeout=timeout_ms)
        for n in range(steps):
            key = "ArrowLeft" if n < steps // 2 else "ArrowRight"
            year = int(await frame.evaluate("() => window.tda.state().year"))
            target = year - 1 if key == "ArrowLeft" else year + 1
            await frame.locator(appdriver.YEAR_CONTROL).first.focus()
            start = time.perf_counter()
            await page.keyboard.press(key)
            await page.wait_for_url(f"**year={target}&**", timeout=timeout_ms)
            await page.wait_for_selector(appdriver.APP_IDLE, timeout=timeout_ms)
            run.steps_ms.append((time.perf_counter() - start) * 1000)
    except Exception as exc:  # every failure is a counted error
        run.errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:100]}")
    finally:
        await context.close()


async def _run(server: appdriver.AppServer, *, sessions: int, steps: int,
               limit_s: float) -> LoadRun:
    run = LoadRun(sessions)
    if True:
        async with async_playwright() as playwright:
            before = _profiles()
            browser = await playwright.chromium.launch(
                executable_path=str(appdriver.CHROMIUM), headless=True,
                args=list(appdriver.LAUNCH_ARGS))
            ours = sorted(_profiles() - before)
            marker = ours[0] if ours else "--no-such-profile--"
            run.rss_before = appdriver.server_rss_mb(server)
            server_cpu, browser_cpu = _cpu_seconds(server.process.pid), 0.0
            browser_cpu = _browser_cpu_seconds(marker)
            stop = threading.Event()

            def sample() -> None:
                while not stop.wait(0.5):
                    run.rss_peak = max(run.rss_peak, appdriver.server_rss_mb(server))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            began = time.perf_counter()
            tasks = [asyncio.create_task(_session(browser, server.url, steps=steps, run=run,
                                                  timeout_ms=limit_s * 1000))
                     for _ in range(sessions)]
            done, pending = await asyncio.wait(tasks, timeout=limit_s)
            for task in pending:
                task.cancel()
                run.errors.append("session did not finish within the time limit")
            del done
            run.wall_s = time.perf_counter() - began
            run.server_cpu_s = _cpu_seconds(server.process.pid) - server_cpu
            run.browser_cpu_s = _browser_cpu_seconds(marker) - browser_cpu
            stop.set()
            sampler.join()
            await browser.close()
    run.rss_after = appdriver.server_rss_mb(server)
    return run


def _pct(values: list[float], q: float) -> str:
    if not values:
        return "—"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]:,.0f} ms"


def report(runs: list[LoadRun], *, steps: int) -> str:
    """The load table (Markdown)."""
    lines = ["| sessions | steps done | errors | step p50 | step p95 | server RSS before / "
             "peak / after | CPU s: server / Chromium (wall) |", "|---|---|---|---|---|---|---|"]
    for run in runs:
        lines.append(
            f"| {run.sessions} | {len(run.steps_ms)} of {run.sessions * steps} | "
            f"{len(run.errors)} | {_pct(run.steps_ms, 0.5)} | {_pct(run.steps_ms, 0.95)} | "
            f"{run.rss_before:,.0f} / {run.rss_peak:,.0f} / {run.rss_after:,.0f} MB | "
            f"{run.server_cpu_s:,.1f} / {run.browser_cpu_s:,.1f} ({run.wall_s:,.0f} s) |")
    for run in runs:
        busy = run.server_cpu_s + run.browser_cpu_s
        if busy:
            lines.append(f"\nN={run.sessions}: Chromium used {run.browser_cpu_s / busy:.0%} of "
                         f"the CPU time of server + browser; both share 2 vCPUs "
                         f"({2 * run.wall_s:,.0f} CPU s available), so at high N the step "
                         "times are mostly the browser's rendering queue, not the server.")
        for error in sorted(set(run.errors))[:3]:
            lines.append(f"  error (N={run.sessions}): {error}")
    if runs and runs[0].steps_ms:
        lines.append(f"\n(median of N=1 steps: {statistics.median(runs[0].steps_ms):,.0f} ms)")
    return "\n".join(lines)


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", default="1,5,20", help="comma-separated N (≤ 20)")
    parser.add_argument("--steps", type=int, default=10, help="year steps per session")
    parser.add_argument("--limit", type=float, default=300.0, help="seconds per N, at most")
    args = parser.parse_args()
    counts = [min(MAX_SESSIONS, max(1, int(n))) for n in args.sessions.split(",")]
    runs = []
    with appdriver.running_app() as server:
        for count in counts:
            runs.append(asyncio.run(_run(server, sessions=count, steps=args.steps,
                                         limit_s=args.limit)))
            print(report(runs, steps=args.steps), flush=True)


if __name__ == "__main__":
    main()
