"""The tiny layers fixture (tests/support/fixtures) is a valid built folder with the answers
its module states, so code tests can rely on them."""

from __future__ import annotations

from geo.cli import main
from geo.data.selection import Filters, filter_options, load_layers, select, year_bounds
from tests.support.fixtures import (
    TINY_COUNTRIES,
    TINY_EVENTS,
    TINY_LAYERS,
    TINY_PERU_EVENTS,
    TINY_ROUTES,
    TINY_SOURCES,
    TINY_YEARS,
)


def test_the_tiny_fixture_validates_and_has_its_stated_answers() -> None:
    assert main(["validate", str(TINY_LAYERS)]) == 0
    layers = load_layers(TINY_LAYERS)
    assert year_bounds(layers) == TINY_YEARS
    assert filter_options(layers)["countries"] == TINY_COUNTRIES
    assert tuple(sorted(str(f["id"]) for f in layers.features("events"))) == TINY_EVENTS
    assert tuple(sorted(str(f["id"]) for f in layers.features("routes"))) == TINY_ROUTES
    assert len(layers.sources) == TINY_SOURCES
    peru = select(layers, Filters(year=2022, countries=("PER",)))
    assert tuple(sorted(str(f["id"]) for f in peru.events)) == TINY_PERU_EVENTS
    summary = select(layers, Filters(year=2022, mode="only")).summary()
    assert (summary.countries, summary.events, summary.corridors) == (2, 7, 3)
