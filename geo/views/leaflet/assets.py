"""Serve the map's JavaScript and CSS from the app itself, never from a public CDN.

Folium points every map at jsDelivr, code.jquery.com and cdnjs: with no internet the map stays
blank, and every view tells those hosts who is reading. The app's maps need Leaflet only (no
``folium.Icon``, ``folium.Popup`` or plugins, so no jQuery, Bootstrap or Font Awesome).
The map page links its assets as ``tda-asset:`` placeholders (`geo.views.leaflet.plugin`)
that the page writers resolve: the app serves the static site it writes (hashed Leaflet
included) from ``static/site/``, so it needs nothing here to start. ``install_assets``
(``python -m geo assets``) copies Leaflet from the installed ``xstatic-leaflet`` package
into ``static/vendor/leaflet/`` for pages that link Leaflet by URL (the naive baseline of
``scripts/benchmark_app.py``); `static_url` builds every ``/app/static/`` address.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from xstatic.pkg import leaflet

from geo import config
from geo.errors import OptionError

STATIC_DIR = config.ROOT / "static"
LEAFLET_VERSION = "1.9.3"  # the version folium 0.20 is written for
_LEAFLET_FILES = ("leaflet.js", "leaflet.css")
# Leaflet's licence (BSD-2-Clause), with the copyright lines of the 1.9.3 build header.
_LEAFLET_LICENSE = """\
Leaflet 1.9.3 (https://leafletjs.com), copied from the PyPI package XStatic-Leaflet 1.9.3.0.

BSD 2-Clause License

Copyright (c) 2010-2022, Vladimir Agafonkin
Copyright (c) 2010-2011, CloudMade
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
"""


def _leaflet_source() -> Path:
    if leaflet.VERSION != LEAFLET_VERSION:
        raise OptionError(f"xstatic-leaflet ships Leaflet {leaflet.VERSION}; folium 0.20 needs "
                          f"{LEAFLET_VERSION} (pin xstatic-leaflet=={LEAFLET_VERSION}.0)")
    return Path(leaflet.BASE_DIR)


def install_assets(*, static_dir: Path = STATIC_DIR) -> list[Path]:
    """Copy Leaflet (js, css, images) and its licence into `static_dir`/vendor/leaflet.

    Idempotent; returns the files written, sorted.
    """
    source = _leaflet_source()
    target = static_dir / "vendor" / "leaflet"
    (target / "images").mkdir(parents=True, exist_ok=True)
    written = []
    for name in _LEAFLET_FILES:
        written.append(Path(shutil.copyfile(source / name, target / name)))
    for image in sorted((source / "images").glob("*.png")):
        written.append(Path(shutil.copyfile(image, target / "images" / image.name)))
    licence = target / "LICENSE"
    licence.write_text(_LEAFLET_LICENSE, encoding="utf-8")
    written.append(licence)
    return sorted(written)


def static_url(path: str, *, base_url_path: str = "") -> str:
    """Absolute URL of `path` under Streamlit's static folder (``/app/static/``), for a
    server with ``server.baseUrlPath`` `base_url_path` (the one place the prefix is built)."""
    prefix = "/".join(part for part in base_url_path.split("/") if part)
    base = f"/{prefix}/app/static" if prefix else "/app/static"
    return f"{base}/{path.lstrip('/')}"


def missing_assets(*, static_dir: Path = STATIC_DIR) -> list[str]:
    """Vendored files the map needs that are absent (empty when installed)."""
    target = static_dir / "vendor" / "leaflet"
    return [name for name in _LEAFLET_FILES if not (target / name).is_file()]
