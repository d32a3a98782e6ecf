"""Around the map: country names, downloads, text escaping; and the vendored assets."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from geo.app import bridge, panels
from geo.app import cache as appdata
from geo.app import site as appsite
from geo.data.selection import Filters, Layers, load_layers, select
from geo.views.leaflet import assets


@pytest.fixture(scope="module")
def layers() -> Layers:
    return load_layers()


def test_country_names_for_the_filter(layers: Layers) -> None:
    names = panels.country_names(layers, lang="en")
    assert names["PER"] == "Peru (PER)"
    assert len(names) == 50
    spanish = panels.country_names(layers, lang="es")
    assert (spanish["PER"], spanish["USA"]) == ("Perú (PER)", "Estados Unidos (USA)")


def test_download_names() -> None:
    assert panels.download_name(name="events", filters=Filters(year=2022, countries=("PER",))) \
        == "tda-events-2022-cumulative-filtered.geojson"
    assert panels.download_name(name="routes", filters=Filters(year=2018, mode="only")) == (
        "tda-routes-2018-only.geojson")
    assert panels.download_name(name="routes", filters=None) == "tda-routes-all.geojson"


def test_plain_markdown_shows_text_literally() -> None:
    assert panels.plain_markdown("By 2022: [x](javascript:alert(1)) <b>*hi*</b>") == (
        r"By 2022\: \[x\]\(javascript\:alert\(1\)\) \<b\>\*hi\*\<\/b\>")
    # auto-links need www., a scheme or an @ unescaped
    assert panels.plain_markdown("www.a.org http://a.org x@a.org") == (
        r"www\.a\.org http\:\/\/a\.org x\@a\.org")


def test_install_assets_copies_leaflet_and_its_licence(tmp_path: Path) -> None:
    written = assets.install_assets(static_dir=tmp_path)
    names = [p.relative_to(tmp_path).as_posix() for p in written]
    assert names == sorted(names)
    assert {"vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css",
            "vendor/leaflet/LICENSE", "vendor/leaflet/images/layers.png"} <= set(names)
    assert (tmp_path / "vendor/leaflet/leaflet.js").read_text(encoding="utf-8").startswith(
        "/* @preserve\n * Leaflet 1.9.3")
    assert "BSD 2-Clause License" in (tmp_path / "vendor/leaflet/LICENSE").read_text("utf-8")
    assert assets.missing_assets(static_dir=tmp_path) == []
    assert assets.missing_assets(static_dir=tmp_path / "empty") == ["leaflet.js", "leaflet.css"]
    assert assets.install_assets(static_dir=tmp_path) == written  # idempotent


def test_setup_problems_name_the_fix() -> None:
    """The app needs no vendored Leaflet: it serves the site it writes."""
    assert appdata.setup_problems(static_serving=True) == []
    assert appdata.setup_problems(static_serving=False) == [
        "Set `server.enableStaticServing = true` (see .streamlit/config.toml)."]


def test_static_urls_carry_the_base_url_path_once() -> None:
    assert assets.static_url("site/abc/index.html") == "/app/static/site/abc/index.html"
    assert assets.static_url("/bridge/b.js", base_url_path="/news/maps/") == (
        "/news/maps/app/static/bridge/b.js")
    assert bridge.module_url("b.js", base_url_path="news") == "/news/app/static/bridge/b.js"
    assert appsite.page_url("abc", query={"year": "2022"}, base_url_path="/n/") == (
        "/n/app/static/site/abc/index.html?year=2022&embed=1")


def test_file_downloads_offer_the_briefing_image_and_research_files(layers: Layers) -> None:
    selection = select(layers, Filters(year=2022, mode="only", countries=("PER",)))
    downloads = {d.key: d for d in panels.file_downloads(layers, selection=selection)}
    assert {k: d.file_name for k, d in downloads.items()} == {
        "briefing_png": "tda-briefing-2022-only-filtered.png",
        "gpkg_view": "tda-layers-2022-only-filtered.gpkg",
        "gpkg_all": "tda-layers-all.gpkg",
        "events_csv": "tda-events-2022-only-filtered.csv",
        "datapackage": "tda-datapackage-all.zip",
        "citation": "tda-citation.txt",
    }
    png = downloads["briefing_png"].data()
    assert isinstance(png, bytes)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    gpkg = downloads["gpkg_view"].data()
    assert isinstance(gpkg, bytes)
    assert gpkg.startswith(b"SQLite format 3\x00")
    text = str(downloads["events_csv"].data()).removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["id"] for r in rows) == sorted(e["id"] for e in selection.events)
    assert len(rows) == 11  # Peru 2022, with the later-added statements
