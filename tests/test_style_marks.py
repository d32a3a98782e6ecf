"""The aggregation rule and the legend rows of categories and aggregates (geo.style.marks)."""

from __future__ import annotations

import pytest

from geo import style
from geo.style import legend, marks, symbols


def _event(fid: str, kind: str, *, place: str | None, at: tuple[float, float]) -> dict:  # type: ignore[type-arg]
    return {"type": "Feature", "id": fid,
            "geometry": {"type": "Point", "coordinates": list(at)},
            "properties": {"id": fid, "kind": kind, "place": place}}


def test_aggregate_area_is_proportional_to_the_count_and_capped() -> None:
    assert marks.aggregate_radius_px(1) == 6.0
    assert (marks.aggregate_radius_px(4) / marks.aggregate_radius_px(1)) ** 2 \
        == pytest.approx(4.0, rel=1e-3)
    assert marks.aggregate_radius_px(9) == pytest.approx(18.0, abs=0.01)
    assert marks.aggregate_radius_px(500) == 22.0


def test_aggregate_json_is_the_radius_function_as_numbers() -> None:
    data = marks.aggregate_json()
    radii = data["radius_px"]
    assert radii == [marks.aggregate_radius_px(n) for n in range(1, len(radii) + 1)]
    assert radii[-1] == data["max_px"] == 22.0
    assert radii[-2] < 22.0  # the table stops where the cap starts
    assert data["legend_row"] == "events:cluster"
    assert data["symbol"] == marks.aggregate_symbol()


def test_co_located_means_the_same_place() -> None:
    events = [_event("a", "arrest", place="lima", at=(-77.03, -12.04)),
              _event("b", "murder", place="lima", at=(-77.03, -12.04)),
              _event("c", "rescue", place="callao", at=(-77.03, -12.04)),
              _event("d", "report", place=None, at=(-70.0, -20.0)),
              _event("e", "report", place=None, at=(-70.0, -20.0))]
    groups = [[f["id"] for f in g] for g in marks.co_located(events)]
    assert groups == [["a", "b"], ["c"], ["d", "e"]]


def test_category_row_swatch_is_the_mark_symbol() -> None:
    sections = legend.rows_for_ids(["events:category:violence", marks.CLUSTER_ROW],
                                   lang="en", presence_years=(2011, 2025))
    rows = {r["id"]: r for r in sections[0]["rows"]}
    mark = symbols.symbol_for("events", {"kind": "murder", "geo_precision": "site"})
    swatch = rows["events:category:violence"]["symbol"]
    assert swatch == mark
    assert (swatch["fill"], swatch["fill_opacity"], swatch["color"], swatch["weight"]) == \
        (style.CATEGORY_COLORS["violence"], symbols.EVENT_FILL_OPACITY, "#ffffff", 1.0)
    assert rows[marks.CLUSTER_ROW]["symbol"] == marks.aggregate_symbol()
    assert rows[marks.CLUSTER_ROW]["label"] == "n events here: zoom in or click to list them"
    assert [r["id"] for r in sections[0]["rows"]] == ["events:category:violence",
                                                      marks.CLUSTER_ROW]


def test_cluster_row_in_spanish_and_on_paper() -> None:
    es = legend.rows_for_ids([marks.CLUSTER_ROW], lang="es", presence_years=(2011, 2025))
    assert es[0]["rows"][0]["label"] == \
        "n hechos aquí: acerque el mapa o haga clic para verlos"
    paper = legend.rows_for_ids([marks.CLUSTER_ROW], lang="en", presence_years=(2011, 2025),
                                paper=True)
    assert "click" not in paper[0]["rows"][0]["label"]


def test_every_category_label_is_translated() -> None:
    sections = legend.rows_for_ids([f"events:category:{c}" for c in style.EVENT_CATEGORIES],
                                   lang="es", presence_years=(2011, 2025))
    labels = [r["label"] for r in sections[0]["rows"]]
    english = [style.CATEGORY_LABELS[c] for c in style.EVENT_CATEGORIES]
    assert len(labels) == 6
    assert [es for es, en in zip(labels, english, strict=True) if es == en] == []


def test_cluster_row_only_when_events_share_a_place() -> None:
    from geo.data.selection import Filters, load_layers, select  # noqa: PLC0415

    chosen = select(load_layers(), Filters(year=2025))
    ids = [r[2] for r in legend.legend_rows(style.legend_for(chosen, lang="en"))]
    shared = any(len(g) > 1 for g in marks.co_located(chosen.layer("events")))
    assert (marks.CLUSTER_ROW in ids) == shared
