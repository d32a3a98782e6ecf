"""Test helpers for the map page: Chromium with off-host requests blocked, hostile layers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from geo import config
from tests.support.hostile import rehash

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_PREFIXES = ("file://", "data:", "http://127.0.0.1", "http://localhost", "blob:")
HOSTILE_TITLE = '</script><img src=x onerror="window.__pwned=1">&amp; \u2028\u2029'
HOSTILE_EVENT = "ev-2022-oruro-courier-arrest"


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Debian Chromium (Playwright), closed afterwards."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class MapPage:
    """One page of the map, with every off-host request blocked and recorded."""

    def __init__(self, browser: Any, url: str, *, width: int = 1440, height: int = 1000,
                 ready: bool = True, bypass_csp: bool = True) -> None:
        """`bypass_csp` lets Playwright's own `wait_for_function` run (it evaluates strings,
        which the page's Content-Security-Policy forbids); pass False to test the page
        under its policy, with `js` (evaluated by the browser, not by the page) only."""
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": height},
                                           bypass_csp=bypass_csp)
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.goto(url)
        if ready:
            self.page.wait_for_selector("html[data-tda-ready='1']", state="attached",
                                        timeout=30_000)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(LOCAL_PREFIXES):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def js(self, expression: str, arg: Any = None) -> Any:
        """Evaluate `expression` in the page."""
        return self.page.evaluate(expression, arg)

    def set_state(self, partial: dict[str, Any]) -> None:
        """Apply a partial state and wait for the repaint it causes."""
        self.js("s => window.tda.set(s)", partial)

    def close(self) -> None:
        self.context.close()


def hostile_layers(target: Path) -> Path:
    """A copy of the committed layers with hostile text in one event's title and quote."""
    shutil.copytree(config.LAYERS_DIR, target)
    path = target / "events.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        if feature["id"] == HOSTILE_EVENT:
            feature["properties"]["title"] = HOSTILE_TITLE
            feature["properties"]["evidence"][0]["quote"] = HOSTILE_TITLE
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    rehash(target)
    return target


AXE_JS = (Path(__file__).resolve().parents[2] / "geo" / "views" / "leaflet" / "frontend"
          / "node_modules" / "axe-core" / "axe.min.js")
"""axe-core, pinned in the frontend's package.json (``npm ci`` there installs it)."""

# Visible controls a reader operates, with their boxes (container px of the page): buttons,
# links, selects, range inputs, and a checkbox by its label (a click on the label toggles it).
CONTROLS_JS = """(scope) => {
    const root = scope ? document.querySelector(scope) : document;
    const out = [];
    root.querySelectorAll('button, a[href], select, input, [role=button]').forEach(n => {
        const target = n.type === 'checkbox' && n.closest('label') ? n.closest('label') : n;
        const r = target.getBoundingClientRect(), s = getComputedStyle(n);
        if (!r.width || !r.height || s.visibility === 'hidden') return;
        if (n.closest('[aria-hidden=true]')) return;
        if (r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) return;
        out.push({tag: n.tagName, cls: String(n.className),
                  text: (n.innerText || n.value || '').slice(0, 30),
                  x: r.left, y: r.top, w: r.width, h: r.height});
    });
    return out;
}"""

# Boxes of the controls over the map (Leaflet's control corners), container px of the page.
CONTROL_BOXES_JS = """() => Array.from(document.querySelectorAll('.leaflet-control'))
    .map(n => n.getBoundingClientRect()).filter(r => r.width && r.height)
    .map(r => ({x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}))"""

# Visible text of the page that is the interface, not the record's own words: quotes
# (blockquote, q), source citations and the records' titles and place names (written in the
# articles' language in the data) are left out.
UI_TEXT_JS = """() => {
    const skip = 'blockquote, q, .tda-source, .tda-credit, script, style, .tda-visually-hidden,'
        + ' .tda-link, .tda-table td:nth-child(3), .tda-table td:nth-child(4), .tda-popup h4,'
        + ' [data-testid=stIconMaterial]';   // an icon's ligature name is not text
    const parts = [];
    const walk = (node) => {
        if (node.nodeType === 3) { parts.push(node.textContent); return; }
        if (node.nodeType !== 1 || node.matches(skip)) return;
        const s = getComputedStyle(node);
        if (s.display === 'none' || s.visibility === 'hidden') return;
        node.childNodes.forEach(walk);
    };
    walk(document.body);
    return parts.join(' ').replace(/\\s+/g, ' ');
}"""


def axe_violations(page: Any, *, context: str = "document") -> list[dict[str, Any]]:
    """Serious and critical axe-core violations of `page` (a Playwright page or frame), with
    the experimental label-content-name-mismatch rule turned on."""
    # evaluated through the debugging protocol: the page's Content-Security-Policy (scripts
    # by hash only) would block an added script tag
    page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate(
        "(ctx) => axe.run(ctx === 'document' ? document : ctx,"
        " {resultTypes: ['violations'], rules: {'label-content-name-mismatch': {enabled: true}}})"
        ".then(r => r.violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))"
        ".slice(0, 5)})))", context)
    return list(result)


def english_ui_strings(text: str) -> list[str]:
    """The English interface strings (catalogue msgids whose Spanish differs) found in `text`:
    each msgid's literal fragments between placeholders, of two words or more or 6+
    letters, matched as whole words."""
    import re  # noqa: PLC0415

    from geo import i18n  # noqa: PLC0415

    found: list[str] = []
    for msgid, msgstr in i18n.catalog("es").items():
        if not msgstr or msgstr == msgid:
            continue
        for part in re.split(r"\{[^}]*\}", msgid):
            fragment = part.strip(" :;,.·—-()")
            words = fragment.split()
            if not words or (len(words) < 2 and len(fragment) < 6) or fragment in msgstr:
                continue
            if re.search(r"(?<!\w)" + re.escape(fragment) + r"(?!\w)", text):
                found.append(fragment)
    return sorted(set(found))


@contextmanager
def serve_folder(folder: Path, *, port: int, page: str) -> Iterator[str]:
    """`folder` served on 127.0.0.1:`port`; the URL of `page`, once the server answers."""
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/{page}"
    deadline = time.monotonic() + 20
    try:
        while True:  # wait on the condition: the server answers
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
