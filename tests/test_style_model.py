"""The style model: symbols, year rules (the data model's), legend rows, style JSON."""

from __future__ import annotations

import json

import pytest

from geo import i18n, style, vocab
from geo.data.selection import MODES, Filters, load_layers, select, year_bounds
from geo.errors import OptionError
from geo.style import legend, rules, symbols


@pytest.fixture(scope="module")
def layers():  # type: ignore[no-untyped-def]
    return load_layers()


def test_layers_constant_is_the_drawing_order() -> None:
    assert vocab.LAYERS == ("presence", "spread", "routes", "places", "events")


def test_year_rule_is_the_selections(layers) -> None:  # type: ignore[no-untyped-def]
    first, last = year_bounds(layers)
    for mode in MODES:
        for year in range(first, last + 1):
            chosen = select(layers, Filters(year=year, mode=mode))
            for layer in ("presence", "spread", "routes", "events"):
                expected = {f["id"] for f in chosen.layer(layer)}
                drawn = {f["id"] for f in layers.features(layer)
                         if rules.is_drawn(layer, f["properties"], year=year, mode=mode)}
                assert drawn == expected, (layer, year, mode)


def test_year_span_agrees_with_is_drawn(layers) -> None:  # type: ignore[no-untyped-def]
    for layer in ("presence", "spread", "routes", "events"):
        for feature in layers.features(layer):
            lo, hi = style.year_span(layer, feature["properties"])  # type: ignore[misc]
            for year in range(2010, 2027):
                for mode in MODES:
                    by_span = lo <= year and (mode == "cumulative" or year <= hi)
                    assert by_span == rules.is_drawn(layer, feature["properties"], year=year,
                                                     mode=mode)


def test_place_visible_from() -> None:
    assert rules.place_visible({"visible_from": 2022}, year=2021) is False
    assert rules.place_visible({"visible_from": 2022}, year=2022) is True
    assert rules.place_visible({}, year=1990) is True
    assert rules.is_new("places", {"visible_from": 2022}, year=2022) is True


def test_new_this_year() -> None:
    props = {"year": 2022, "year_end": 2024}
    assert rules.is_new("events", props, year=2022) is True
    assert rules.is_new("events", props, year=2023) is False
    assert rules.is_active("events", props, year=2024) is True
    assert rules.is_active("events", props, year=2025) is False


def test_unknown_layer_is_named() -> None:
    with pytest.raises(OptionError, match="unknown layer 'roads'"):
        rules.is_drawn("roads", {}, year=2020, mode="only")


def test_route_symbols_dash_and_fade() -> None:
    plain = symbols.symbol_for("routes", {"kind": "drug_transport"})
    schematic = symbols.symbol_for("routes", {"kind": "drug_transport", "schematic": True})
    suspected = symbols.symbol_for("routes", {"kind": "drug_transport",
                                              "certainty": "suspected"})
    assert plain["color"] == style.CORRIDOR_COLORS["drug_transport"]
    assert plain["dash"] is None
    assert schematic["dash"] == "8 6"
    assert suspected["opacity"] == pytest.approx(0.45, abs=1e-9)
    assert plain["opacity"] == pytest.approx(0.95, abs=1e-9)
    active = symbols.symbol_for("routes", {"kind": "drug_transport"}, state="active")
    assert active["weight"] > plain["weight"]


def test_presence_kinds_are_drawn_distinctly() -> None:
    first = symbols.symbol_for("presence", {"first_reported_year": 2022},
                               presence_years=(2012, 2025))
    listed = symbols.symbol_for("presence", {"first_reported_year": 2022,
                                             "presence_kind": "reported_present_by"},
                                presence_years=(2012, 2025))
    assert first["dash"] is None
    assert listed["dash"] == "4 3"
    assert listed["fill_opacity"] < first["fill_opacity"]


def test_event_marker_area_is_proportional_and_clamped() -> None:
    def radius(value: float | None) -> float:
        figure = None if value is None else {"value": value}
        return float(symbols.symbol_for("events", {"kind": "arrest",
                                                   "headline_figure": figure})["radius"])
    assert radius(None) == 5.0
    assert radius(100) == pytest.approx(11.0, abs=0.05)
    assert radius(400) == pytest.approx(22.0, abs=0.05)
    assert (radius(400) / radius(100)) ** 2 == pytest.approx(4.0, rel=1e-3)
    assert radius(1_000_000) == 28.0
    assert radius(1) == 5.0


def test_approximate_points_get_an_area() -> None:
    city = symbols.symbol_for("events", {"kind": "arrest", "geo_precision": "city"})
    site = symbols.symbol_for("events", {"kind": "arrest", "geo_precision": "site"})
    assert city["area_m"] == 10_000.0
    assert city["area_dash"] == "3 4"
    assert site["area_m"] is None


def test_legend_shows_only_rows_for_what_is_drawn(layers) -> None:  # type: ignore[no-untyped-def]
    chosen = select(layers, Filters(year=2022, event_kinds=("arrest",),
                                    corridor_kinds=("drug_transport",)))
    rows = legend.legend_rows(style.legend_for(chosen, lang="en"))
    ids = [r[2] for r in rows]
    assert [i for i in ids if i.startswith("events:")][:1] == ["events:category:enforcement"]
    assert not [i for i in ids if i.startswith("events:kind:")]
    assert [i for i in ids if i.startswith("routes:kind:")] == ["routes:kind:drug_transport"]
    firsts = sorted({f["properties"]["first_reported_year"] for f in chosen.presence})
    assert [i for i in ids if i.startswith("presence:year:")] == \
        [f"presence:year:{y}" for y in firsts]


def test_legend_labels_are_translated(monkeypatch: pytest.MonkeyPatch, layers) -> None:  # type: ignore[no-untyped-def]
    label = "Enforcement: arrests, seizures, designations"
    monkeypatch.setattr(i18n, "catalog", lambda _lang: {"Events": "Eventos",
                                                       label: "Acción policial"})
    sections = style.legend_for(select(layers, Filters(year=2022)), lang="es")
    events = next(s for s in sections if s["id"] == "events")
    assert events["title"] == "Eventos"
    assert events["rows"][0]["label"] == "Acción policial"


def test_style_json_is_plain_json_of_what_the_page_reads() -> None:
    data = style.style_json()
    assert json.loads(json.dumps(data)) == data
    assert sorted(data) == ["aggregate", "basemap", "fan_out", "inset", "labels", "palette"]
    assert data["inset"] == {"width": 0.34, "height": 0.4, "min_map_px": 600, "max_px": 360,
                             "aspect": 0.75, "padding_px": 14, "max_zoom": 4}
    assert sorted(data["palette"]) == ["changed", "focus", "halo", "ink", "muted_ink"]
    assert data["aggregate"]["spiderfy_zoom"] == style.SPIDERFY_ZOOM == 8
