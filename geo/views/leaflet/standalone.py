"""Write the map page: one self-contained HTML file, or a static site folder.

- `html_document`: ONE file; every script, stylesheet (Leaflet's images as data URIs) and
  the data inlined; opens from ``file://`` with zero requests; a Content-Security-Policy
  runs only the page's own inline scripts (by hash).
- `site_files` / `write_site`: ``index.html`` plus content-hashed assets
  (``timefilter.<sha8>.js``, ``leaflet.<sha8>.css``, ``data-en.<sha8>.json`` ...) under
  relative URLs, deployable to any static host; the payload is fetched per language
  (``?lang=es``).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from html import escape
from pathlib import Path
from typing import Any

from xstatic.pkg import leaflet as xstatic_leaflet

from geo import i18n
from geo.data.credits import MAP_TITLE
from geo.data.selection import Layers
from geo.errors import OptionError
from geo.jsonio import write_bytes_atomically
from geo.views.leaflet.map import build_map
from geo.views.leaflet.payload import payload_json
from geo.views.leaflet.plugin import ASSET_SCHEME, ASSETS_DIR

LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)
TILE_HOST = "https://tile.openstreetmap.org"
LEAFLET_NOTICE = ("Leaflet 1.9.3 (https://leafletjs.com), BSD 2-Clause License. "
                  "Copyright (c) 2010-2022, Vladimir Agafonkin; (c) 2010-2011, CloudMade.")
_SCRIPT_LINK = re.compile(r'<script src="' + ASSET_SCHEME + r'([A-Za-z0-9_.-]+)"></script>')
_CSS_LINK = re.compile(r'<link rel="stylesheet" href="' + ASSET_SCHEME
                       + r'([A-Za-z0-9_.-]+)"/>')
_SELF, _NONE = "'self'", "'none'"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
"""The page's viewport: folium's forbids zooming (``user-scalable=no``); pinch-zoom stays."""


def asset_text(name: str) -> str:
    """Text of an asset the page links: Leaflet (vendored package) or the plugin's files."""
    if name == "leaflet.js":
        return (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    if name == "leaflet.css":
        css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")

        def data_uri(match: re.Match[str]) -> str:
            png = (LEAFLET_DIR / "images" / match.group(1)).read_bytes()
            return f"url(data:image/png;base64,{base64.b64encode(png).decode('ascii')})"

        return re.sub(r"url\(images/([a-z0-9-]+\.png)\)", data_uri, css)
    path = ASSETS_DIR / name
    if not path.is_file():
        raise OptionError(f"asset {name!r} is not in {ASSETS_DIR}")
    return path.read_text(encoding="utf-8")


def _inline_safe(name: str, text: str) -> str:
    if re.search(r"</script|<!--", text, flags=re.IGNORECASE):
        raise OptionError(f"asset {name}: an inline script must not contain '</script' or '<!--'")
    return text


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _csp(html: str, *, tiles: bool, connect_self: bool, script_self: bool) -> str:
    hashes = sorted({_csp_hash(body) for body in _INLINE_SCRIPT.findall(html)})
    scripts = " ".join((["'self'"] if script_self else []) + hashes)
    images = "data:" + (f" {TILE_HOST}" if tiles else "")
    return (f"default-src 'none'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
            f"img-src {images}; connect-src {_SELF if connect_self else _NONE}; "
            "base-uri 'none'; form-action 'none'")


def _head(html: str, *, csp: str, lang: str) -> str:
    title = escape(i18n.gettext(MAP_TITLE, lang=lang))
    head = (f'<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" '
            f'content="{escape(csp)}">\n<title>{title}</title>\n<!-- {LEAFLET_NOTICE} -->')
    html = html.replace("<html>", f'<html lang="{lang}">', 1)
    html = _VIEWPORT.sub(VIEWPORT, html, count=1)
    return html.replace("<head>", head, 1)


def html_document(layers: Layers, *, lang: str, state: Mapping[str, Any] | None = None,
                  tiles: bool = False) -> str:
    """The map as ONE self-contained HTML page (see the module docstring)."""
    html = build_map(layers, lang=lang, state=state, tiles=tiles).get_root().render()
    html = _SCRIPT_LINK.sub(lambda m: "<script>" + _inline_safe(m.group(1),
                                                                asset_text(m.group(1)))
                            + "</script>", html)
    html = _CSS_LINK.sub(lambda m: "<style>" + asset_text(m.group(1)) + "</style>", html)
    if ASSET_SCHEME in html:
        raise OptionError(f"unresolved asset link left in the page: {ASSET_SCHEME}...")
    csp = _csp(html, tiles=tiles, connect_self=False, script_self=False)
    return _head(html, csp=csp, lang=i18n.check_lang(lang))


def _hashed(name: str, data: bytes) -> str:
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:8]}{dot}{ext}"


def site_files(layers: Layers, *, langs: Iterable[str] = i18n.LANGS, default_lang: str = "en",
               state: Mapping[str, Any] | None = None, tiles: bool = False) -> dict[str, bytes]:
    """Every file of the static site, by relative path (nothing is written here)."""
    files: dict[str, bytes] = {}
    data_urls: dict[str, str] = {}
    for lang in sorted(set(langs) | {default_lang}):
        data = payload_json(layers, lang=lang, tiles=tiles).encode("utf-8")
        name = _hashed(f"data-{i18n.check_lang(lang)}.json", data)
        files[name] = data
        data_urls[lang] = name
    fmap = build_map(layers, lang=default_lang, state=state, tiles=tiles,
                     data_url=data_urls[default_lang], data_urls=data_urls)
    html = fmap.get_root().render()

    def link(name: str) -> str:
        data = asset_text(name).encode("utf-8")
        hashed = _hashed(name, data)
        files[hashed] = data
        return hashed

    html = _SCRIPT_LINK.sub(lambda m: f'<script src="{link(m.group(1))}"></script>', html)
    html = _CSS_LINK.sub(lambda m: f'<link rel="stylesheet" href="{link(m.group(1))}">', html)
    csp = _csp(html, tiles=tiles, connect_self=True, script_self=True)
    files["index.html"] = _head(html, csp=csp, lang=default_lang).encode("utf-8")
    files["LICENSE-leaflet.txt"] = (LEAFLET_NOTICE + "\n").encode("utf-8")
    return dict(sorted(files.items()))


def write_site(directory: Path, layers: Layers, *, langs: Iterable[str] = i18n.LANGS,
               default_lang: str = "en", state: Mapping[str, Any] | None = None,
               tiles: bool = False) -> list[Path]:
    """Write the static site into `directory`, all or nothing; return the files, sorted.

    The site is written to a temporary folder beside `directory` and renamed into place; a
    previous site there is replaced only once the new one is complete.
    """
    files = site_files(layers, langs=langs, default_lang=default_lang, state=state,
                       tiles=tiles)
    directory = directory.resolve()
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    try:
        write_bytes_atomically({staging / name: data for name, data in files.items()})
        os.chmod(staging, 0o755)
        if directory.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old.", dir=directory.parent))
            os.replace(directory, old / "site")
            os.replace(staging, directory)
            shutil.rmtree(old)
        else:
            os.replace(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(directory / name for name in files)


def site_digest(files: Mapping[str, bytes]) -> str:
    """A short content hash of a whole site (`site_files`), e.g. for ``static/site/<hash>/``."""
    digest = hashlib.sha256()
    for name, data in sorted(files.items()):
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:12]
