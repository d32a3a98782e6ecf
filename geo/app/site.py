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
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlencode

from geo import config
from geo.data.selection import Layers, year_bounds
from geo.views.leaflet import assets

SITE_DIR_NAME = "site"
_HASH_CHARS = 16
# Until the engine's write_site lands, a stand-in page that speaks the same protocol.
_STANDIN = config.ROOT / "tests" / "support" / "standin_site"


def site_hash(*, signature: str, lang: str) -> str:
    """Folder name of the site of a layers folder state (`signature`) in `lang`."""
    digest = hashlib.sha256(f"{signature}\0{lang}\0{_writer_name()}".encode()).hexdigest()
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
        _write(layers, work, lang=lang)
        try:
            os.replace(work, target)
        except OSError:  # another session wrote it first
            if not (target / "index.html").is_file():
                raise
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return name


def page_url(name: str, *, query: Mapping[str, str], base_url_path: str = "") -> str:
    """Address of the site `name`'s page for the app's iframe, `query` plus ``embed=1``."""
    prefix = "/".join(part for part in base_url_path.split("/") if part)
    base = f"/{prefix}/app/static" if prefix else "/app/static"
    return f"{base}/{SITE_DIR_NAME}/{name}/index.html?{urlencode({**query, 'embed': '1'})}"


def _writer_name() -> str:
    return "engine" if _engine_writer() is not None else "standin"


def _engine_writer() -> object | None:
    try:
        from geo.views.leaflet import site  # type: ignore[attr-defined,unused-ignore]  # noqa: PLC0415
    except ImportError:
        return None
    return getattr(site, "write_site", None)


def _write(layers: Layers, folder: Path, *, lang: str) -> None:
    writer = _engine_writer()
    if writer is not None:
        writer(layers, folder, lang=lang)  # type: ignore[operator]
        return
    for path in sorted(_STANDIN.iterdir()):
        shutil.copyfile(path, folder / path.name)
    events = [{"type": "Feature", "id": f["id"], "geometry": f["geometry"],
               "properties": {key: f["properties"].get(key) for key in
                              ("year", "year_end", "kind", "country", "groups")}}
              for f in layers.features("events")]
    first, last = year_bounds(layers)
    (folder / "data.json").write_text(json.dumps({"events": events, "years": [first, last],
                                                  "lang": lang}, sort_keys=True),
                                      encoding="utf-8")
