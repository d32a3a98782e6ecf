"""Add a story in Chromium, as a user would: paste a seed article into an empty seeds folder
(no place, no source, no gazetteer extract), find candidates, save, and the map shows the
article's events at their year."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.appdriver import map_frame, map_state, open_browser, running_app
from tests.test_ingest import seed_article

pytestmark = pytest.mark.browser


def test_paste_accept_save_and_see_the_events_on_the_map(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    layers = tmp_path / "layers"
    monkeypatch.setenv("TDA_SEEDS_DIR", str(seeds))
    source, text = seed_article("caicedo-2025-lima-rescue")
    with running_app(layers_dir=layers) as server, open_browser() as session:
        page = session.page
        page.goto(server.url + "add-story")
        page.get_by_label("Article text").fill(text)
        page.get_by_label("Outlet").fill("Test outlet")
        for part, value in zip(("year", "month", "day"), source["published"].split("-"),
                               strict=True):
            page.get_by_role("spinbutton", name=f"{part}, Publication date").click()
            page.keyboard.type(value)
        page.get_by_role("button", name="Find candidates").click()
        page.get_by_role("button", name="Save").click(timeout=120_000)
        page.get_by_text("Saved:").wait_for(timeout=180_000)
        saved = {e["id"]: e["date"][:4] for e in json.loads(
            (seeds / "events.json").read_text("utf-8"))}
        assert saved
        year = max(saved.values())
        page.goto(server.url + f"?year={year}")
        frame = map_frame(page, timeout_ms=120_000)
        drawn = set(map_state(frame)["ids"])
        assert {i for i, y in saved.items() if y == year} <= drawn
        assert session.blocked == []
