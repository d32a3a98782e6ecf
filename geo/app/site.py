"""The map page the app hosts: one static site per layers folder and language.

`ensure_site` writes the site (the engine's ``write_site``: index.html plus content-hashed
assets and data) into ``static/site/<hash>/`` once, where Streamlit serves it at
``/app/static/site/<hash>/index.html``; `page_url` builds the iframe address with the view
in its query (``embed=1``: no page chrome). The folder name hashes the layers' signature
and the language, so a rebuilt layers folder gets a new site and old ones stay valid for
open sessions. Writes go to a temporary folder renamed into place: never a half-written
site.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlencode

from geo.data.selection import Layers
from geo.views.leaflet import assets
from geo.views.leaflet.standalone import write_site

SITE_DIR_NAME = "site"
SITE_VERSION = "1"  # bump when the page's files change shape without the layers changing
_HASH_CHARS = 16


def site_hash(*, signature: str, lang: str) -> str:
    """Folder name of the site of a layers folder state (`signature`) in `lang`."""
    digest = hashlib.sha256(f"{signature}\0{lang}\0{SITE_VERSION}".encode()).hexdigest()
    return digest[:_HASH_CHARS]


def ensure_site(layers: Layers, *, signature: str, lang: str,
                static_dir: Path = assets.STATIC_DIR) -> str:
    """Write the site of `layers` in `lang` under `static_dir`/site/ unless present; its hash."""
    name = site_hash(signature=signature, lang=lang)
    root = static_dir / SITE_DIR_NAME
    target = root / name
    if (target / "index.html").is_file():
        return name
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=root))
    try:
        _write(layers, work / "site", lang=lang)
        if not (target / "index.html").is_file():  # else another session wrote it first
            (work / "site").replace(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return name


def page_url(name: str, *, query: Mapping[str, str], base_url_path: str = "") -> str:
    """Address of the site `name`'s page for the app's iframe, `query` plus ``embed=1``."""
    prefix = "/".join(part for part in base_url_path.split("/") if part)
    base = f"/{prefix}/app/static" if prefix else "/app/static"
    return f"{base}/{SITE_DIR_NAME}/{name}/index.html?{urlencode({**query, 'embed': '1'})}"


def _write(layers: Layers, folder: Path, *, lang: str) -> None:
    # One language per site; the tiles switch is in the page (its query's tiles=1), so the
    # site is written with tiles available and the page starts them only when asked.
    write_site(folder, layers, langs=(lang,), default_lang=lang, tiles=True)
