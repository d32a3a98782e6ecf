"""A Streamlit client at the WebSocket level: what the browser's frontend sends, no browser.

`connect` opens ``ws://HOST:PORT/_stcore/stream`` the way the frontend of Streamlit 1.67
does (subprotocols ``streamlit`` plus an auth-token placeholder, a same-origin ``Origin``,
binary protobuf frames) and runs the script once, as a page load does. `Session.rerun`
sends ``BackMsg.rerun_script`` with a ``ClientState`` (the current query string, widget
states, the page's script hash, context info) and reads ``ForwardMsg``s until that run's
``script_finished``: the run starts with its ``new_session`` message and a finish "early,
for a rerun" is followed by the next run of the chain. The session keeps the query string
the app sets (``page_info_changed``) and sends it back on the next rerun, like the
browser's address bar.

Widget states sent are only the ones given: the server keeps the other widgets' values
(what the browser would resend unchanged). `component_state` builds the state a custom
component (v2) reports with ``setStateValue``. Nothing is cached on the client side (no
``cached_message_hashes``), so every message arrives whole.

Used by the load benchmark (``scripts/benchmark_load.py``); needs only ``websockets`` and
Streamlit's protobufs.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from websockets.asyncio.client import ClientConnection
from websockets.asyncio.client import connect as ws_connect
from websockets.typing import Origin, Subprotocol

STREAM_PATH = "_stcore/stream"
# The frontend offers "streamlit", then its XSRF token or this placeholder (no auth here).
SUBPROTOCOLS = (Subprotocol("streamlit"), Subprotocol("PLACEHOLDER_AUTH_TOKEN"))
_ESCAPED = re.compile(r"\\(.)")


class ProtocolError(RuntimeError):
    """The server answered in a way a browser session would show as broken."""


@dataclass
class Run:
    """What one script run sent: its elements by delta path, the query string it set (or
    None), its finish status, message count and bytes, and the time from send to finish."""

    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)
    query_string: str | None = None
    status: int | None = None
    messages: int = 0
    bytes: int = 0
    ms: float = 0.0

    def of_type(self, kind: str) -> list[Element]:
        """The elements of one type (``markdown``, ``bidi_component``, ...) in page order."""
        return [self.elements[path] for path in sorted(self.elements)
                if self.elements[path].WhichOneof("type") == kind]

    def markdown_texts(self) -> list[str]:
        """The markdown elements' text as shown (escapes and bold markers removed)."""
        return [plain(element.markdown.body) for element in self.of_type("markdown")]

    def query(self) -> dict[str, list[str]]:
        """The query string this run set, parsed (empty if it set none)."""
        return parse_qs(self.query_string or "", keep_blank_values=True)


def plain(markdown: str) -> str:
    """Markdown text as shown: backslash escapes and ``**`` removed."""
    return _ESCAPED.sub(r"\1", markdown).replace("**", "")


def component_state(element_id: str, **values: Any) -> WidgetState:
    """The widget state a v2 custom component sends after ``setStateValue(key, value)``
    for each of `values` (one JSON object of all its state keys)."""
    return WidgetState(id=element_id, json_value=json.dumps(values))


class Session:
    """One connected browser-like session (use `connect`)."""

    def __init__(self, websocket: ClientConnection, *, url: str, query_string: str,
                 timeout_s: float) -> None:
        self._ws = websocket
        self.url = url
        self.query_string = query_string
        self.page_script_hash = ""
        self.timeout_s = timeout_s
        self.first: Run = Run()

    async def rerun(self, *, widgets: Sequence[WidgetState] = (),
                    timeout_s: float | None = None) -> Run:
        """Run the script as the browser does after a widget change; wait for the finish."""
        state = ClientState(
            query_string=self.query_string, page_script_hash=self.page_script_hash,
            widget_states=WidgetStates(widgets=list(widgets)),
            context_info=ContextInfo(timezone="UTC", timezone_offset=0, locale="en-US",
                                     url=self.url, is_embedded=False))
        run = Run()
        start = time.perf_counter()
        await self._ws.send(BackMsg(rerun_script=state).SerializeToString())
        deadline = start + (self.timeout_s if timeout_s is None else timeout_s)
        await self._read_run(run, deadline=deadline)
        run.ms = (time.perf_counter() - start) * 1000
        if run.query_string is not None:
            self.query_string = run.query_string
        return run

    async def _read_run(self, run: Run, *, deadline: float) -> None:
        run_id: str | None = None  # set by this run's new_session
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no script_finished within the time limit "
                                   f"({run.messages} messages)")
            frame = await asyncio.wait_for(self._ws.recv(), timeout=remaining)
            if isinstance(frame, str):
                raise ProtocolError("a text frame from the server (expected protobuf)")
            msg = ForwardMsg()
            msg.ParseFromString(frame)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                run_id = msg.metadata.run.script_run_id
                self.page_script_hash = msg.new_session.page_script_hash
                continue
            if run_id is None:
                continue  # left over from an earlier run
            run.messages += 1
            run.bytes += len(frame)
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                run.elements[tuple(msg.metadata.delta_path)] = msg.delta.new_element
            elif kind == "page_info_changed":
                run.query_string = msg.page_info_changed.query_string
            elif kind == "ref_hash":
                raise ProtocolError("a cached-message reference (none was offered)")
            elif kind == "session_event" and msg.session_event.HasField(
                    "script_compilation_exception"):
                raise ProtocolError("the script failed to compile")
            elif kind == "script_finished":
                finished_id = msg.metadata.run.script_run_id
                if finished_id and finished_id != run_id:
                    continue
                if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    run_id = None  # the chain's next run follows
                    continue
                run.status = msg.script_finished
                if run.status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise ProtocolError("the script failed to compile")
                if exceptions := run.of_type("exception"):
                    raise ProtocolError(f"the script raised {exceptions[0].exception.type}: "
                                        f"{exceptions[0].exception.message[:100]}")
                return


def stream_uri(url: str) -> str:
    """The WebSocket address of the app at `url` (``http://host:port/base/``)."""
    parts = urlsplit(url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    base = parts.path.rstrip("/")
    return f"{scheme}://{parts.netloc}{base}/{STREAM_PATH}"


@asynccontextmanager
async def connect(url: str, *, query_string: str = "",
                  timeout_s: float = 60.0) -> AsyncIterator[Session]:
    """A session on the app at `url`, after its first run (the page load, with
    `query_string`); closed on exit."""
    parts = urlsplit(url)
    async with ws_connect(stream_uri(url), subprotocols=list(SUBPROTOCOLS), proxy=None,
                          origin=Origin(f"{parts.scheme}://{parts.netloc}"),
                          max_size=None, open_timeout=timeout_s) as websocket:
        session = Session(websocket, url=url, query_string=query_string,
                          timeout_s=timeout_s)
        session.first = await session.rerun()
        yield session

