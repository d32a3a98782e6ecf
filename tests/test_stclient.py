"""The WebSocket-level Streamlit client of the load benchmark (``scripts/stclient.py``)
against the real app server: a page load, then a year step as the browser sends it (the
bridge component's state value), which must change the summary and the link.

Starts ``streamlit run app.py`` on the seed layers (tests.support.appdriver); no browser.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest

from geo.data.credits import summary_text
from geo.data.selection import Filters, load_layers, select
from geo.views.leaflet import assets
from scripts import stclient
from tests.support import appdriver

YEAR = 2024


@pytest.fixture(scope="module")
def server() -> Iterator[appdriver.AppServer]:
    assets.install_assets()  # the app refuses to start without its local Leaflet
    with appdriver.running_app() as running:
        yield running


def _report(data: dict[str, Any], *, year: int) -> dict[str, Any]:
    """What the map page reports after its Year control moved to `year`."""
    return {**data["set"], "year": year, "selected": None, "lang": "en"}


async def _load_and_step(url: str, *, years: tuple[int, ...]) -> list[stclient.Run]:
    async with stclient.connect(url, timeout_s=120) as session:
        runs = [session.first]
        (element,) = session.first.of_type("bidi_component")
        data = json.loads(element.bidi_component.json)
        for year in years:
            runs.append(await session.rerun(widgets=[stclient.component_state(
                element.bidi_component.id, state=_report(data, year=year))]))
        return runs


def test_the_expected_sentence_comes_from_the_seed_layers() -> None:
    selection = select(load_layers(), Filters(year=YEAR, mode="cumulative"))
    assert summary_text(selection.summary()) == (
        "By 2024: 6 countries, 30 events, 17 corridors (1,740 km measured, "
        "26,026 km schematic)")


def test_a_year_step_changes_the_summary_and_the_link(server: appdriver.AppServer) -> None:
    expected = summary_text(select(load_layers(), Filters(year=YEAR)).summary())
    latest = summary_text(select(load_layers(), Filters(year=2025)).summary())
    # 2099 is outside the data's years: the app ignores it, nothing changes.
    load, step, ignored = asyncio.run(_load_and_step(server.url, years=(YEAR, 2099)))
    assert load.status == step.status == ignored.status == 0  # FINISHED_SUCCESSFULLY
    assert latest in load.markdown_texts()
    assert load.query() == {"year": ["2025"], "mode": ["cumulative"]}
    assert expected in step.markdown_texts()
    assert latest not in step.markdown_texts()
    assert step.query() == {"year": ["2024"], "mode": ["cumulative"]}
    assert expected in ignored.markdown_texts()
    assert ignored.query_string is None  # the link did not change
    (first,) = load.of_type("bidi_component")
    (second,) = step.of_type("bidi_component")
    assert second.bidi_component.id == first.bidi_component.id  # the same map page
    assert json.loads(second.bidi_component.json)["src"] == json.loads(
        first.bidi_component.json)["src"]  # not reloaded


def test_the_stream_address_follows_the_app_address() -> None:
    assert stclient.stream_uri("http://127.0.0.1:8501/") == "ws://127.0.0.1:8501/_stcore/stream"
    assert stclient.stream_uri("https://example.org/maps/") == (
        "wss://example.org/maps/_stcore/stream")
