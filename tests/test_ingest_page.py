"""The Add a story page without a browser (streamlit AppTest): paste a seed article into a
seeds folder with no story yet, find candidates, save, and the layers hold its events."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import config
from tests.test_ingest import base_seeds, seed_article

PAGE = str(config.ROOT / "geo" / "app" / "add_story.py")


def test_paste_find_save_and_reload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = base_seeds(tmp_path / "seeds")
    layers = tmp_path / "layers"
    monkeypatch.setenv("TDA_SEEDS_DIR", str(seeds))
    monkeypatch.setenv("TDA_LAYERS_DIR", str(layers))
    source, text = seed_article("caicedo-2025-lima-rescue")
    page = AppTest.from_file(PAGE, default_timeout=120)
    page.run()
    page.text_area[0].set_value(text)
    page.text_input[0].set_value("Test outlet")
    page.date_input[0].set_value(dt.date.fromisoformat(source["published"]))
    page.button[0].click().run()
    assert not page.exception
    assert [e.value for e in page.error] == []
    assert any("Lima" in s.value for s in page.selectbox)
    reloaded = AppTest.from_file(PAGE, default_timeout=120)  # a reload: the draft is kept
    reloaded.run()
    assert any("Lima" in s.value for s in reloaded.selectbox)
    save = next(b for b in reloaded.button if b.label == "Save")
    save.click().run()
    assert [e.value for e in reloaded.error] == []
    assert reloaded.success
    events = json.loads((layers / "events.geojson").read_text("utf-8"))["features"]
    years = {f["properties"]["id"]: f["properties"]["date"][:4] for f in events}
    assert "2025" in years.values()
    saved = json.loads((seeds / "events.json").read_text("utf-8"))
    assert {e["id"] for e in saved} == set(years)


def test_a_corridor_is_reviewed_and_saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    seeds = base_seeds(tmp_path / "seeds")
    layers = tmp_path / "layers"
    monkeypatch.setenv("TDA_SEEDS_DIR", str(seeds))
    monkeypatch.setenv("TDA_LAYERS_DIR", str(layers))
    text = ("In 2023 the Tren de Aragua moved migrants from Tacna to Arica through the desert, "
            "the police said in a statement on Monday.")
    page = AppTest.from_file(PAGE, default_timeout=120)
    page.run()
    page.text_area[0].set_value(text)
    page.text_input[0].set_value("Test outlet")
    page.date_input[0].set_value(dt.date(2024, 6, 1))
    page.button[0].click().run()
    assert [e.value for e in page.error] == []
    name = next(t for t in page.text_input if t.label == "Name")
    assert name.value == "Migrant smuggling from Tacna to Arica"
    name.set_value("Migrant smuggling from Tacna to Arica (desert crossing)").run()
    next(b for b in page.button if b.label == "Save").click().run()
    assert [e.value for e in page.error] == []
    routes = json.loads((layers / "routes.geojson").read_text("utf-8"))["features"]
    assert [(f["properties"]["name"], f["properties"]["first_year"]) for f in routes] == [
        ("Migrant smuggling from Tacna to Arica (desert crossing)", 2023)]
