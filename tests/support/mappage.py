"""Test helpers for the map page: Chromium with off-host requests blocked, hostile layers."""

from __future__ import annotations

import json
import shutil
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
