"""Drive the app in headless Chromium, for the browser tests and the benchmark.

`running_app` starts ``streamlit run app.py`` on a free local port (optionally on another
layers folder) and waits for its health endpoint; `open_browser` opens Debian's Chromium
(``/usr/bin/chromium``; never a downloaded browser) with a fresh profile, blocking and
recording every request to a host other than this machine. The helpers below read the map's
state from inside its iframe. Every wait is on a condition, never a fixed sleep.

Needs the test extra (Playwright); the app itself never imports this module.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Frame, Page, Route, sync_playwright

from geo import config
from geo.config import ENV_LAYERS_DIR

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--disable-default-apps", "--disable-extensions")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
YEAR_SLIDER = '[data-testid="stSlider"] input[type=range]'
GROUP_NAMES = ("tiles", "presence", "spread", "routes", "places", "events")
_POLL_S = 0.1
MARKER = 42

# Map state, read inside the map iframe: zoom, centre, the current six feature groups
# (st_folium appends them to window.feature_group on each update) and their feature ids.
_MAP_STATE_JS = """() => {
    const groups = (window.feature_group || []).slice(-6);
    const names = %s;
    const drawn = {};
    groups.forEach((group, i) => {
        const ids = [];
        group.eachLayer(child => {
            if (!child.getLayers) { return; }
            child.eachLayer(layer => {
                if (layer.feature) { ids.push(String(layer.feature.id)); }
            });
        });
        drawn[names[i]] = ids.sort();
    });
    const c = window.map ? window.map.getCenter() : null;
    return {zoom: window.map ? window.map.getZoom() : null, lat: c ? c.lat : null,
            lng: c ? c.lng : null, updates: (window.feature_group || []).length / 6,
            marker: window.__tdaMarker || null, drawn: drawn};
}""" % repr(list(GROUP_NAMES))  # noqa: UP031 (JS braces)

# Records the time (ms since epoch) of the first frame painted after each map update.
_STEP_PROBE_JS = """() => {
    if (window.__tdaProbe) { return; }
    window.__tdaProbe = [];
    let last = (window.feature_group || []).length;
    const loop = () => {
        const n = (window.feature_group || []).length;
        if (n !== last) {
            last = n;
            requestAnimationFrame(() => window.__tdaProbe.push({n: n, t: Date.now()}));
        }
        requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
}"""


@dataclass
class AppServer:
    """A running ``streamlit run app.py``."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path


@dataclass
class BrowserSession:
    """A Chromium page, with the non-local requests it attempted (all blocked)."""

    page: Page
    context: BrowserContext
    blocked: list[str] = field(default_factory=list)
    ws_bytes: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class StepResult:
    """One slider step: time from key press to the updated map painted, and bytes received."""

    ms: float
    bytes_received: int
    state: dict[str, Any]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_app(*, layers_dir: Path | None = None, timeout_s: float = 90.0,
                ) -> Iterator[AppServer]:
    """Start the app headless on a free port (on `layers_dir` if given); stop it on exit."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != ENV_LAYERS_DIR}
    if layers_dir is not None:
        env[ENV_LAYERS_DIR] = str(layers_dir)
    log = Path(tempfile.mkstemp(prefix="tda-app-", suffix=".log")[1])
    command = [sys.executable, "-m", "streamlit", "run", str(config.ROOT / "app.py"),
               "--server.headless", "true", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=config.ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    server = AppServer(f"http://127.0.0.1:{port}/", process, log)
    try:
        _wait_healthy(server, timeout_s=timeout_s)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _wait_healthy(server: AppServer, *, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the app exited ({server.process.returncode}):\n"
                               + server.log.read_text(encoding="utf-8", errors="replace"))
        try:
            with urllib.request.urlopen(server.url + "_stcore/health", timeout=1) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(_POLL_S)  # polling a condition (the health endpoint), not a fixed wait
    raise TimeoutError(f"the app did not answer {server.url}_stcore/health in {timeout_s} s")


def is_local(url: str) -> bool:
    """Whether a request stays on this machine (data:, blob: and 127.0.0.1/localhost)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


@contextmanager
def open_browser(*, width: int = 1440, height: int = 900) -> Iterator[BrowserSession]:
    """Headless Chromium with a fresh profile; every non-local request aborted and recorded."""
    with tempfile.TemporaryDirectory(prefix="tda-chromium-") as profile, \
            sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=list(LAUNCH_ARGS),
            viewport={"width": width, "height": height})
        page = context.pages[0] if context.pages else context.new_page()
        session = BrowserSession(page, context)

        def route(request_route: Route) -> None:
            if is_local(request_route.request.url):
                request_route.continue_()
            else:
                session.blocked.append(request_route.request.url)
                request_route.abort()

        context.route("**/*", route)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameReceived", lambda event: session.ws_bytes.append(
            _frame_bytes(event["response"])))
        try:
            yield session
        finally:
            context.close()


def _frame_bytes(response: dict[str, Any]) -> int:
    data = str(response.get("payloadData", ""))
    return len(data) * 3 // 4 if response.get("opcode") == 2 else len(data.encode("utf-8"))


def wait_idle(page: Page, *, timeout_ms: float = 60_000) -> None:
    """Wait until the app's script is not running."""
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)


def map_frame(page: Page, *, timeout_ms: float = 60_000) -> Frame:
    """The map's iframe, once Leaflet and the first feature groups are drawn in it."""
    handle = page.wait_for_selector(MAP_IFRAME, timeout=timeout_ms)
    frame = handle.content_frame() if handle else None
    if frame is None:
        raise RuntimeError("the map iframe has no content")
    frame.wait_for_function(
        "() => window.map && window.tda && (window.feature_group || []).length >= 6 "
        "&& document.querySelector('.leaflet-overlay-pane canvas')",
        timeout=timeout_ms, polling="raf")
    return frame


def map_state(frame: Frame) -> dict[str, Any]:
    """Zoom, centre, number of updates, reload marker and drawn feature ids per group."""
    state: dict[str, Any] = frame.evaluate(_MAP_STATE_JS)
    return state


def mark_map(frame: Frame, *, value: int = MARKER) -> None:
    """Set a marker on the map's window: it disappears if the iframe reloads."""
    frame.evaluate(f"() => {{ window.__tdaMarker = {int(value)}; }}")


def set_zoom(page: Page, frame: Frame, *, zoom: int) -> None:
    """Zoom the map like a reader would, and wait for the app to settle."""
    frame.evaluate(f"() => {{ window.map.setZoom({int(zoom)}, {{animate: false}}); }}")
    frame.wait_for_function(f"() => window.map.getZoom() === {int(zoom)}")
    wait_idle(page)


def click_and_wait_map(session: BrowserSession, frame: Frame, *, key: str, text: str,
                       timeout_ms: float = 30_000) -> None:
    """Click the button showing `text` in the widget with key `key` (e.g. a mode) and wait
    for the map update it causes."""
    page = session.page
    frame.evaluate(_STEP_PROBE_JS)
    before = int(frame.evaluate("() => (window.feature_group || []).length"))
    page.locator(f".st-key-{key} button", has_text=text).first.click()
    frame.wait_for_function(f"() => window.__tdaProbe.some(s => s.n > {before})",
                            timeout=timeout_ms, polling="raf")
    wait_idle(page, timeout_ms=timeout_ms)


def slider_step(session: BrowserSession, frame: Frame, *, key: str = "ArrowLeft",
                timeout_ms: float = 30_000) -> StepResult:
    """Press `key` on the year slider; time until the updated map is painted.

    The step must change what the map draws (a step between two years with the same
    features sends no update, and this waits until `timeout_ms`).
    """
    page = session.page
    frame.evaluate(_STEP_PROBE_JS)
    before = int(frame.evaluate("() => (window.feature_group || []).length"))
    session.ws_bytes.clear()
    slider = page.locator(YEAR_SLIDER).first
    slider.focus()
    start = float(page.evaluate("() => Date.now()"))
    page.keyboard.press(key)
    frame.wait_for_function(f"() => window.__tdaProbe.some(s => s.n > {before})",
                            timeout=timeout_ms, polling="raf")
    painted = float(frame.evaluate(f"() => window.__tdaProbe.find(s => s.n > {before}).t"))
    wait_idle(page, timeout_ms=timeout_ms)
    return StepResult(painted - start, sum(session.ws_bytes), map_state(frame))
