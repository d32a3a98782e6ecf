"""Take the documentation's pictures, as users see them, in headless Chromium.

Writes, into ``docs/shots/`` (or ``--out``):

- ``app-desk-en-2025.png``: the app at 1440x1000 (the README's picture);
- ``map-desk-en-2022.png``, ``map-desk-en-2025.png``: the map page at 1440x1000;
- ``map-briefing-en-2025.png``: the briefing view at 1920x1080;
- ``map-phone-es-2025.png``: a phone (390x844) in Spanish;
- ``print-en-2025.png``: the briefing PNG export.

The map page is the static site (``geo.views.leaflet.standalone``), the app is started on a
free local port; every off-host request is blocked, so the pictures show the map without
tiles, as it is offline. Usage: ``.venv/bin/python scripts/screenshots.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.data.selection import Filters, load_layers, select
from geo.views.leaflet.standalone import html_document
from geo.views.print.render import render_briefing
from tests.support import appdriver
from tests.support.mappage import MapPage, chromium

MAP_VIEWS = (  # name, language, width, height, query
    ("map-desk-en-2022", "en", 1440, 1000, "year=2022"),
    ("map-desk-en-2025", "en", 1440, 1000, "year=2025"),
    ("map-briefing-en-2025", "en", 1920, 1080, "year=2025&briefing=1"),
    ("map-phone-es-2025", "es", 390, 844, "year=2025"),
)


def main(argv: list[str] | None = None) -> int:
    """Write the pictures; print each path."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs/shots"))
    out: Path = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    layers = load_layers()
    with tempfile.TemporaryDirectory() as tmp:
        pages = {}
        for lang in ("en", "es"):
            pages[lang] = Path(tmp) / f"map-{lang}.html"
            pages[lang].write_text(html_document(layers, lang=lang), encoding="utf-8")
        with chromium() as browser:
            for name, lang, width, height, query in MAP_VIEWS:
                page = MapPage(browser, f"{pages[lang].as_uri()}?{query}", width=width,
                               height=height)
                page.page.screenshot(path=str(out / f"{name}.png"))
                page.close()
                print(out / f"{name}.png")
    with appdriver.running_app() as app, appdriver.open_browser(width=1440, height=1000) as s:
        s.page.goto(f"{app.url}?year=2025")
        appdriver.map_frame(s.page)
        appdriver.wait_idle(s.page)
        s.page.screenshot(path=str(out / "app-desk-en-2025.png"))
        print(out / "app-desk-en-2025.png")
    png = render_briefing(select(layers, Filters(year=2025)), layers=layers, fmt="png")
    (out / "print-en-2025.png").write_bytes(png)
    print(out / "print-en-2025.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
