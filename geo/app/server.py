"""The app's server: ``streamlit run geo/app/server.py`` (what ``scripts/app.sh`` starts).

Streamlit finds the `st.App` below and serves ``app.py`` through it, with two additions:

- **Framing.** Every HTTP response says that only the app itself may frame it
  (``Content-Security-Policy: frame-ancestors 'self'`` and ``X-Frame-Options: SAMEORIGIN``):
  the app frames its own map page, and no other site can frame the app. The published static
  site (``python -m geo export site``) carries no such header and stays embeddable.
- **First visit.** At start-up a background thread validates the layers folder and writes
  the map site of each language (`warm_up`), the work the first reader would otherwise wait
  for; the server answers meanwhile, and a reader who comes first shares the same caches.

A plain ``streamlit run app.py`` still works; it has neither addition.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

import streamlit as st
from starlette.middleware import Middleware

from geo import config
from geo.i18n import LANGS

APP_SCRIPT = config.ROOT / "app.py"
FRAMING_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", b"frame-ancestors 'self'"),
    (b"x-frame-options", b"SAMEORIGIN"),
)
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class FramingHeaders:
    """ASGI middleware: add `FRAMING_HEADERS` to every HTTP response (replacing any)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in FRAMING_HEADERS}
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in names]
                message["headers"] = [*headers, *FRAMING_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def warm_up() -> list[str]:
    """Import what the app's first run needs, install the bridge module, read and validate
    the layers folder and write its map site in every language (the app's own caches);
    return the site hashes (none when the folder does not validate)."""
    # Imported here, once the runtime exists (cache.py's st.cache_data picks the runtime's
    # storage when it is decorated), as the first script run would.
    from geo.app import cache  # noqa: PLC0415

    importlib.import_module("geo.app.panels")
    importlib.import_module("geo.data.credits")
    cache.bridge_module()
    path, signature = cache.source()
    if cache.problems(path, signature):
        return []
    return [cache.site(path, signature, lang) for lang in LANGS]


@asynccontextmanager
async def _lifespan(_: Any) -> AsyncIterator[None]:
    threading.Thread(target=warm_up, name="tda-warm-up", daemon=True).start()
    yield


app = st.App(str(APP_SCRIPT), middleware=[Middleware(FramingHeaders)], lifespan=_lifespan)
