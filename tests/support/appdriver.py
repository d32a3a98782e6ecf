"""Drive the app in headless Chromium, for the browser tests and the benchmarks.

`running_app` starts ``streamlit run`` (the app, or another script such as the naive
baseline) on a free local port (optionally on another layers folder) and waits for its
health endpoint; `open_browser` opens Debian's Chromium (``/usr/bin/chromium``; never a
downloaded browser) with a fresh profile, blocking and recording every request to a host
other than this machine, and counting the bytes received (WebSocket frames and HTTP
responses, from CDP Network events). The helpers below read the map page's state inside
the bridge's iframe (``window.tda`` and the Leaflet map global ``map_<hex>``). Every wait
is on a condition, never a fixed sleep.

Needs the test extra (Playwright); the app itself never imports this module.
"""

from __future__ import annotations

import base64
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
MAP_IFRAME = "iframe.tda-bridge-frame"
YEAR_CONTROL = '[aria-label*="Year"]'
BRIDGE_NAME = b"tda_map_bridge"  # the component's name, in each of its WebSocket messages
_POLL_S = 0.1
MARKER = 42

# The map page's state, read inside its frame: Leaflet zoom and centre, what is drawn,
# the page's own state and the reload marker.
_MAP_STATE_JS = """() => {
    const name = Object.keys(window).find(k => /^map_[0-9a-z]+$/.test(k));
    const map = name ? window[name] : null;
    const c = map ? map.getCenter() : null;
    return {zoom: map ? map.getZoom() : null, lat: c ? c.lat : null, lng: c ? c.lng : null,
            ids: window.tda ? window.tda.visibleIds() : [],
            state: window.tda ? window.tda.state() : null,
            marker: window.__tdaMarker || null};
}"""

# Records the time (ms since epoch) of the first frame painted after each map repaint.
_STEP_PROBE_JS = """() => {
    if (window.__tdaPaints) { return; }
    window.__tdaPaints = [];
    window.tda.on("change", () => requestAnimationFrame(
        () => window.__tdaPaints.push(Date.now())));
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
    cdp: Any = None
    blocked: list[str] = field(default_factory=list)
    ws_frames: list[bytes] = field(default_factory=list)
    http_bytes: list[int] = field(default_factory=list)

    def reset_counts(self) -> None:
        """Start counting received bytes afresh."""
        self.ws_frames.clear()
        self.http_bytes.clear()

    def received(self) -> tuple[int, int]:
        """(bytes received since the last reset, of which the map's part): WebSocket frames
        plus HTTP responses; the map's part is the bridge's messages and every HTTP
        response (the map page's requests)."""
        ws = sum(len(f) for f in self.ws_frames)
        http = sum(self.http_bytes)
        bridge = sum(len(f) for f in self.ws_frames if BRIDGE_NAME in f)
        return ws + http, bridge + http


@dataclass(frozen=True)
class StepResult:
    """One year step: key press to the map repainted (ms), to the app's panels updated
    (ms), bytes received in the whole step and the map's part of them, the map's state."""

    ms: float
    app_ms: float
    bytes_received: int
    map_bytes: int
    state: dict[str, Any]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_app(*, layers_dir: Path | None = None, timeout_s: float = 90.0,
                script: Path | None = None) -> Iterator[AppServer]:
    """Start the app (or `script`) headless on a free port (on `layers_dir` if given);
    stop it on exit."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != ENV_LAYERS_DIR}
    if layers_dir is not None:
        env[ENV_LAYERS_DIR] = str(layers_dir)
    log = Path(tempfile.mkstemp(prefix="tda-app-", suffix=".log")[1])
    command = [sys.executable, "-m", "streamlit", "run", str(script or config.ROOT / "app.py"),
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
        session.cdp = cdp
        cdp.send("Network.enable")
        cdp.send("Performance.enable")
        cdp.on("Network.webSocketFrameReceived", lambda event: session.ws_frames.append(
            _frame_payload(event["response"])))
        cdp.on("Network.loadingFinished", lambda event: session.http_bytes.append(
            int(event.get("encodedDataLength", 0))))
        try:
            yield session
        finally:
            context.close()


def _frame_payload(response: dict[str, Any]) -> bytes:
    data = str(response.get("payloadData", ""))
    return base64.b64decode(data) if response.get("opcode") == 2 else data.encode("utf-8")


def js_heap_mb(session: BrowserSession) -> float:
    """JavaScript heap in use by the page and its frames (MB, CDP Performance metrics)."""
    metrics = session.cdp.send("Performance.getMetrics")["metrics"]
    used = next(m["value"] for m in metrics if m["name"] == "JSHeapUsedSize")
    return float(used) / 1e6


def server_rss_mb(server: AppServer) -> float:
    """Resident memory of the app's server process (MB, from /proc)."""
    status = Path(f"/proc/{server.process.pid}/status").read_text(encoding="utf-8")
    line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def wait_idle(page: Page, *, timeout_ms: float = 60_000) -> None:
    """Wait until the app's script is not running."""
    page.wait_for_selector(APP_IDLE, timeout=timeout_ms)


def map_frame(page: Page, *, timeout_ms: float = 60_000) -> Frame:
    """The map page's frame, once it has loaded its data and drawn (``window.tda`` and the
    Leaflet map global are there, the bridge has its ``tda:ready``)."""
    page.wait_for_selector(f'{MAP_IFRAME}[data-ready="1"]', timeout=timeout_ms)
    handle = page.wait_for_selector(MAP_IFRAME, timeout=timeout_ms)
    frame = handle.content_frame() if handle else None
    if frame is None:
        raise RuntimeError("the map iframe has no content")
    frame.wait_for_function(
        "() => window.tda && Object.keys(window).some(k => /^map_[0-9a-z]+$/.test(k))",
        timeout=timeout_ms, polling="raf")
    return frame


def map_state(frame: Frame) -> dict[str, Any]:
    """Zoom, centre, drawn feature ids, the page's state and the reload marker."""
    state: dict[str, Any] = frame.evaluate(_MAP_STATE_JS)
    return state


def mark_map(frame: Frame, *, value: int = MARKER) -> None:
    """Set a marker on the map page's window: it disappears if the iframe reloads."""
    frame.evaluate(f"() => {{ window.__tdaMarker = {int(value)}; }}")


def set_zoom(page: Page, frame: Frame, *, zoom: int, timeout_ms: float = 30_000) -> None:
    """Zoom the map like a reader would; wait until the app's link shows it."""
    frame.evaluate("""(zoom) => { const name = Object.keys(window).find(
        k => /^map_[0-9a-z]+$/.test(k)); window[name].setZoom(zoom, {animate: false}); }""",
                   int(zoom))
    page.wait_for_url(f"**zoom={int(zoom)}**", timeout=timeout_ms)
    wait_idle(page, timeout_ms=timeout_ms)


def year_step(session: BrowserSession, frame: Frame, *, key: str = "ArrowLeft",
              timeout_ms: float = 30_000) -> StepResult:
    """Press `key` on the map's year control; time until the map is repainted and until the
    app's link shows the new year (the panels followed), with the bytes received."""
    page = session.page
    frame.evaluate(_STEP_PROBE_JS)
    before = int(frame.evaluate("() => window.__tdaPaints.length"))
    year = int(frame.evaluate("() => window.tda.state().year"))
    target = year - 1 if key == "ArrowLeft" else year + 1
    control = frame.locator(YEAR_CONTROL).first
    control.focus()
    session.reset_counts()
    start = float(frame.evaluate("() => Date.now()"))
    page.keyboard.press(key)
    frame.wait_for_function(f"() => window.__tdaPaints.length > {before}", timeout=timeout_ms,
                            polling="raf")
    painted = float(frame.evaluate(f"() => window.__tdaPaints[{before}]"))
    page.wait_for_url(f"**year={target}&**", timeout=timeout_ms)
    wait_idle(page, timeout_ms=timeout_ms)
    done = float(page.evaluate("() => Date.now()"))
    total, map_part = session.received()
    return StepResult(painted - start, done - start, total, map_part, map_state(frame))
