"""The map page the app hosts: one static site per layers folder and language.

`ensure_site` writes the site (the engine's ``write_site``: index.html plus content-hashed
assets and data) into ``static/site/<hash>/`` once, where Streamlit serves it at
``/app/static/site/<hash>/index.html``; `page_url` builds the iframe address with the view
in its query (``embed=1``: no page chrome). The folder name hashes the layers' signature,
the language and the code that writes the page (`code_digest`), so a rebuilt layers folder
or a changed engine gets a new site and old ones stay valid for open sessions; a site
already on disk is served without loading the engine (folium). Writes go to a temporary
folder renamed into place: never a half-written site.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from geo import config
from geo.data.selection import Layers
from geo.views.leaflet import assets

SITE_DIR_NAME = "site"
_HASH_CHARS = 16
# What the page is made of besides the layers: the package outside the app (engine, style,
# data text, catalogue).
_CODE_GLOBS = ("*.py", "data/**/*", "style/**/*", "views/leaflet/**/*", "locale/**/*.po")


@cache
def code_digest() -> str:
    """Hash of the files that write the map page (read once per process, ~70 small files)."""
    package = config.ROOT / "geo"
    digest = hashlib.sha256()
    files = sorted({p for pattern in _CODE_GLOBS for p in package.glob(pattern)
                    if p.is_file() and "__pycache__" not in p.parts})
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def site_hash(*, signature: str, lang: str) -> str:
    """Folder name of the site of a layers folder state (`signature`) in `lang`."""
    key = f"{signature}\0{lang}\0{code_digest()}"
    return hashlib.sha256(key.encode()).hexdigest()[:_HASH_CHARS]


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
    page = assets.static_url(f"{SITE_DIR_NAME}/{name}/index.html", base_url_path=base_url_path)
    return f"{page}?{urlencode({**query, 'embed': '1'})}"


def _write(layers: Layers, folder: Path, *, lang: str) -> None:
    # One language per site; the tiles switch is in the page (its query's tiles=1), so the
    # site is written with tiles available and the page starts them only when asked.
    from geo.views.leaflet.standalone import write_site  # noqa: PLC0415 (folium: on a write)

    write_site(folder, layers, langs=(lang,), default_lang=lang, tiles=True)
