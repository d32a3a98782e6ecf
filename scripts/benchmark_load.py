"""Load benchmark: one app server, N concurrent reader sessions each scrubbing the year.

Starts ``streamlit run app.py`` once (127.0.0.1 only, seed layers), loads the page once
untimed (the first visit validates the folder and writes the map site, cached afterwards),
then for each N (default 1, 5, 20; at most 20) runs N concurrent sessions. Each session
loads the app and steps the year ``--steps`` times (down for the first half, then up), as
the map page's Year control does. Two clients:

- ``--client ws`` (default): `stclient`, Streamlit's own WebSocket protocol without a
  browser. A step is the rerun the browser sends when the map page reports a new year (the
  bridge component's state value ``{"state": report}``; the report is the page's state:
  the ``set`` the app sent the page, with the new year), timed from the send to the run's
  ``script_finished``. It counts only if the run changed the app: the summary sentence
  reads "By <year>:" and the query string the app set carries ``year=<year>``.
- ``--client browser``: one headless Debian Chromium, one context per session (every
  non-local request blocked); a step is ArrowLeft/ArrowRight on the map's Year control,
  timed from the key press to the app's link showing the new year and the app idle again.

Each N stops after ``--limit`` seconds; a step not done by then, or not done right, is an
error (with its reason), not a time. Prints per N: client, sessions, steps done, errors,
step p50/p95, server RSS before / peak / after, CPU seconds of the server, of the client
(this process for ws, the Chromium processes for browser) and of everything else on the
machine (other jobs, the Playwright driver) over the run's wall time, next to the old app's
figures from issue 12; then one line per N read from those numbers (how busy the server
was, and how much of the CPU the client took: the part of a step time that is client
contention on this 2-vCPU machine). A measurement, not a test. Usage::

    python scripts/benchmark_load.py [--client ws|browser] [--sessions 1,5,20] [--steps 10]
                                     [--limit 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import _repo  # noqa: F401  (the repository root on sys.path: tests.support below)
import stclient
from playwright.async_api import Browser, Route, async_playwright

from tests.support import appdriver

MAX_SESSIONS = 20
CLIENTS = ("ws", "browser")
_TICKS = os.sysconf("SC_CLK_TCK")
_SAMPLE_S = 0.25
# The old app (st_folium, the whole map per rerun) measured with Chromium sessions, as
# reported in issue 12: {sessions: (errors, step p50 ms, step p95 ms)}, and its server RSS.
BASELINE = {1: (0, 200.0, 287.0), 20: (0, 4600.0, 7400.0)}
BASELINE_RSS_MB = (55, 318)


@dataclass
class LoadRun:
    """Figures of one N."""

    client: str
    sessions: int
    steps: int
    steps_ms: list[float] = field(default_factory=list)
    loads_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_before: float = 0.0
    rss_peak: float = 0.0
    rss_after: float = 0.0
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0
    machine_cpu_s: float = 0.0
    wall_s: float = 0.0

    @property
    def other_cpu_s(self) -> float:
        """CPU seconds used on the machine by neither the server nor the client."""
        return max(0.0, self.machine_cpu_s - self.server_cpu_s - self.client_cpu_s)


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime


def _machine_cpu_seconds() -> float:
    """Busy CPU seconds of the whole machine since boot (all cores; /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text(encoding="utf-8").split("\n")[0]
              .split()[1:9]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values) - idle) / _TICKS


def _own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


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


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0][:100] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _targets(first_year: int, steps: int) -> list[int]:
    """The years a session steps to: down for the first half, then back up."""
    years, year = [], first_year
    for n in range(steps):
        year = year - 1 if n < steps // 2 else year + 1
        years.append(year)
    return years


# --- WebSocket client -----------------------------------------------------------------


def step_problem(run: stclient.Run, *, year: int) -> str | None:
    """Why `run` is not a step to `year` (None if it is): the summary must read
    "By <year>:" and the query string the app set must carry year=<year>."""
    if not any(text.startswith(f"By {year}:") for text in run.markdown_texts()):
        return f"summary not 'By {year}:'"
    if run.query().get("year") != [str(year)]:
        return f"query string {run.query_string!r} not year={year}"
    return None


def page_report(session: stclient.Session, *, year: int) -> tuple[str, dict[str, Any]]:
    """The bridge's element id and what the map page reports after stepping to `year`:
    its state (the ``set`` the app sent it, the language of its address) with `year`."""
    (element,) = session.first.of_type("bidi_component")
    data = json.loads(element.bidi_component.json)
    lang = parse_qs(urlsplit(str(data["src"])).query).get("lang", ["en"])[0]
    return element.bidi_component.id, {**data["set"], "year": year, "selected": None,
                                       "lang": lang}


async def _ws_session(url: str, *, steps: int, run: LoadRun, deadline: float) -> None:
    done = 0
    try:
        async with stclient.connect(url, timeout_s=deadline - time.perf_counter()) as session:
            run.loads_ms.append(session.first.ms)
            start_year = int(session.first.query()["year"][0])
            for year in _targets(start_year, steps):
                element_id, report = page_report(session, year=year)
                step = await session.rerun(
                    widgets=[stclient.component_state(element_id, state=report)],
                    timeout_s=deadline - time.perf_counter())
                done += 1
                if problem := step_problem(step, year=year):
                    run.errors.append(problem)
                else:
                    run.steps_ms.append(step.ms)
    except asyncio.CancelledError:
        run.errors.extend(["not done within the time limit"] * (steps - done))
        raise
    except Exception as exc:  # a timeout, a closed connection, a broken run: all counted
        run.errors.extend([_reason(exc)] * (steps - done))


async def _ws_sessions(url: str, *, sessions: int, steps: int, run: LoadRun,
                       deadline: float) -> Callable[[], float]:
    tasks = [asyncio.create_task(_ws_session(url, steps=steps, run=run, deadline=deadline))
             for _ in range(sessions)]
    await _bounded(tasks, deadline=deadline)
    return _own_cpu_seconds


# --- Browser client -------------------------------------------------------------------


async def _browser_session(browser: Browser, url: str, *, steps: int, run: LoadRun,
                           deadline: float) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    done = 0

    def left_ms() -> float:
        return max(1.0, (deadline - time.perf_counter()) * 1000)

    async def route(request_route: Route) -> None:
        if appdriver.is_local(request_route.request.url):
            await request_route.continue_()
        else:
            run.errors.append(f"off-host request {request_route.request.url[:80]}")
            await request_route.abort()

    await context.route("**/*", route)
    page = await context.new_page()
    try:
        began = time.perf_counter()
        await page.goto(url, timeout=left_ms())
        await page.wait_for_selector(f'{appdriver.MAP_IFRAME}[data-ready="1"]',
                                     timeout=left_ms())
        await page.wait_for_selector(appdriver.APP_IDLE, timeout=left_ms())
        run.loads_ms.append((time.perf_counter() - began) * 1000)
        handle = await page.wait_for_selector(appdriver.MAP_IFRAME, timeout=left_ms())
        frame = await handle.content_frame() if handle else None
        if frame is None:
            raise RuntimeError("no map frame")
        await frame.wait_for_function("() => window.tda && window.tda.state().year",
                                      timeout=left_ms())
        for n in range(steps):
            key = "ArrowLeft" if n < steps // 2 else "ArrowRight"
            year = int(await frame.evaluate("() => window.tda.state().year"))
            target = year - 1 if key == "ArrowLeft" else year + 1
            await frame.locator(appdriver.YEAR_CONTROL).first.focus()
            start = time.perf_counter()
            await page.keyboard.press(key)
            await page.wait_for_url(f"**year={target}&**", timeout=left_ms())
            await page.wait_for_selector(appdriver.APP_IDLE, timeout=left_ms())
            run.steps_ms.append((time.perf_counter() - start) * 1000)
            done += 1
    except asyncio.CancelledError:
        run.errors.extend(["not done within the time limit"] * (steps - done))
        raise
    except Exception as exc:  # every failure is a counted error
        run.errors.extend([_reason(exc)] * (steps - done))
    finally:
        await context.close()


async def _browser_sessions(url: str, *, sessions: int, steps: int, run: LoadRun,
                            deadline: float) -> Callable[[], float]:
    async with async_playwright() as playwright:
        before = _profiles()
        browser = await playwright.chromium.launch(
            executable_path=str(appdriver.CHROMIUM), headless=True,
            args=list(appdriver.LAUNCH_ARGS))
        ours = sorted(_profiles() - before)
        marker = ours[0] if ours else "--no-such-profile--"
        tasks = [asyncio.create_task(_browser_session(browser, url, steps=steps, run=run,
                                                      deadline=deadline))
                 for _ in range(sessions)]
        await _bounded(tasks, deadline=deadline)
        used = _browser_cpu_seconds(marker)
        await browser.close()
    return lambda: used


# --- One N ----------------------------------------------------------------------------


async def _bounded(tasks: list[asyncio.Task[None]], *, deadline: float) -> None:
    """Wait for `tasks` until `deadline`; cancel (and wait for) the ones still running."""
    _, pending = await asyncio.wait(tasks, timeout=max(0.0, deadline - time.perf_counter()))
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending)


Driver = Callable[..., Awaitable[Callable[[], float]]]
DRIVERS: dict[str, Driver] = {"ws": _ws_sessions, "browser": _browser_sessions}


async def _run(server: appdriver.AppServer, *, client: str, sessions: int, steps: int,
               limit_s: float) -> LoadRun:
    run = LoadRun(client, sessions, steps)
    pid = server.process.pid
    run.rss_before = run.rss_peak = appdriver.server_rss_mb(server)
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(_SAMPLE_S):
            run.rss_peak = max(run.rss_peak, appdriver.server_rss_mb(server))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    server_cpu, own_cpu, machine_cpu = (_cpu_seconds(pid), _own_cpu_seconds(),
                                        _machine_cpu_seconds())
    began = time.perf_counter()
    client_cpu = await DRIVERS[client](server.url, sessions=sessions, steps=steps, run=run,
                                       deadline=began + limit_s)
    run.wall_s = time.perf_counter() - began
    run.server_cpu_s = _cpu_seconds(pid) - server_cpu
    run.client_cpu_s = client_cpu() - (own_cpu if client == "ws" else 0.0)
    run.machine_cpu_s = _machine_cpu_seconds() - machine_cpu
    stop.set()
    sampler.join()
    run.rss_peak = max(run.rss_peak, appdriver.server_rss_mb(server))
    run.rss_after = appdriver.server_rss_mb(server)
    return run


async def _warm_up(url: str, *, timeout_s: float) -> float:
    """One untimed page load (the first visit fills the server's caches); its ms."""
    async with stclient.connect(url, timeout_s=timeout_s) as session:
        return session.first.ms


# --- Report ---------------------------------------------------------------------------


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def interpretation(run: LoadRun) -> str:
    """One line read from the numbers of `run`."""
    busy = run.server_cpu_s / run.wall_s if run.wall_s else 0.0
    used = run.server_cpu_s + run.client_cpu_s + run.other_cpu_s
    client_share = run.client_cpu_s / used if used else 0.0
    script_runs = len(run.steps_ms) + len(run.loads_ms)  # page loads run the script too
    per_run = run.server_cpu_s / script_runs if script_runs else None
    machine = run.machine_cpu_s / (2 * run.wall_s) if run.wall_s else 0.0
    name = "Chromium" if run.client == "browser" else "the ws client"
    if client_share >= 0.5:
        verdict = f"the step times are mostly {name}'s contention, not the server"
    elif busy >= 0.8 and run.sessions == 1:
        verdict = "a step's time is the server's own script run"
    elif busy >= 0.8:
        verdict = "the server (one Python process) is the bottleneck: steps queue behind it"
    elif machine >= 0.8:
        verdict = "the machine is saturated, much of it by other jobs"
    else:
        verdict = "neither the server nor the machine was saturated"
    cost = (f", {per_run:.2f} server CPU s per script run (page loads and steps)"
            if per_run is not None else "")
    return (f"N={run.sessions} ({run.client}): server busy {busy:.0%} of one core over "
            f"{run.wall_s:,.0f} s{cost}; {name} took {client_share:.0%} of the CPU time "
            f"used (other jobs {run.other_cpu_s / used if used else 0:.0%}; machine "
            f"{machine:.0%} busy of 2 vCPUs): {verdict}.")


def report(runs: list[LoadRun], *, warm: tuple[float, float, float] | None = None) -> str:
    """The load table (Markdown), the old app's figures beside it, and one line per N."""
    lines = ["| client | sessions | steps done | errors | step p50 ms | step p95 ms | "
             "page load p50 ms | server RSS MB before / peak / after | server CPU s | "
             "client CPU s | other CPU s | wall s |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for run in runs:
        lines.append(
            f"| {run.client} | {run.sessions} | {len(run.steps_ms)} of "
            f"{run.sessions * run.steps} | {len(run.errors)} | "
            f"{_ms(_pct(run.steps_ms, 0.5))} | {_ms(_pct(run.steps_ms, 0.95))} | "
            f"{_ms(_pct(run.loads_ms, 0.5))} | {run.rss_before:,.0f} / {run.rss_peak:,.0f} / "
            f"{run.rss_after:,.0f} | {run.server_cpu_s:,.1f} | {run.client_cpu_s:,.1f} | "
            f"{run.other_cpu_s:,.1f} | {run.wall_s:,.0f} |")
        if (old := BASELINE.get(run.sessions)) is not None:
            errors, p50, p95 = old
            lines.append(f"| old app, issue 12 (browser) | {run.sessions} | — | {errors} | "
                         f"{p50:,.0f} | {p95:,.0f} | — | {BASELINE_RSS_MB[0]} → "
                         f"{BASELINE_RSS_MB[1]} (whole run) | — | — | — | — |")
    if warm is not None:
        lines.append(f"\nWarm-up page load (untimed above): {warm[0]:,.0f} ms; server RSS "
                     f"{warm[1]:,.0f} MB fresh, {warm[2]:,.0f} MB after it.")
    for run in runs:
        lines.append(interpretation(run))
        counts: dict[str, int] = {}
        for error in run.errors:
            counts[error] = counts.get(error, 0) + 1
        for error, count in sorted(counts.items(), key=lambda item: -item[1])[:3]:
            lines.append(f"  errors (N={run.sessions}): {count} × {error}")
    return "\n".join(lines)


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--client", choices=CLIENTS, default="ws",
                        help="ws: Streamlit's WebSocket protocol (default); browser: Chromium")
    parser.add_argument("--sessions", default="1,5,20", help="comma-separated N (≤ 20)")
    parser.add_argument("--steps", type=int, default=10, help="year steps per session")
    parser.add_argument("--limit", type=float, default=300.0, help="seconds per N, at most")
    args = parser.parse_args()
    counts = [min(MAX_SESSIONS, max(1, int(n))) for n in args.sessions.split(",")]
    runs: list[LoadRun] = []
    with appdriver.running_app() as server:
        fresh = appdriver.server_rss_mb(server)
        warm_ms = asyncio.run(_warm_up(server.url, timeout_s=args.limit))
        warm = (warm_ms, fresh, appdriver.server_rss_mb(server))
        for count in counts:
            runs.append(asyncio.run(_run(server, client=args.client, sessions=count,
                                         steps=args.steps, limit_s=args.limit)))
            print(f"N={count} done ({runs[-1].wall_s:,.0f} s)", flush=True)
    print(report(runs, warm=warm), flush=True)


if __name__ == "__main__":
    main()
