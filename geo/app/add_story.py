"""The "Add a story" page: paste or upload an article, review its candidates, save.

Thin: every decision is `geo.ingest`'s (candidates, merge, atomic save with rollback); this
page holds widgets only. The review survives a reload through the ingest's draft file.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import streamlit as st

from geo.app.panels import plain_markdown
from geo.data.text import figure_text
from geo.errors import GeoError
from geo.i18n import translator
from geo.ingest import accept
from geo.ingest.candidates import TABLES, ingest_text, pick_reading
from geo.ingest.text import decode_article
from geo.vocab import CERTAINTIES, CORRIDOR_KINDS, EVENT_KINDS, label

lang = st.query_params.get("lang", "en")
lang = lang if lang in ("en", "es") else "en"
_ = translator(lang)
seeds = accept.seeds_dir()

st.title(_("Add a story"))
st.caption(_("Paste an article or upload a .txt or .html file; review each proposed record; "
             "save. Nothing is written to the seeds until you save."))

if "story" not in st.session_state:
    st.session_state["story"] = accept.load_draft(seeds=seeds)
story: dict[str, Any] | None = st.session_state["story"]

with st.form("article"):
    text = st.text_area(_("Article text"), height=200)
    upload = st.file_uploader(_("or upload a file"), type=["txt", "html", "htm"])
    cols = st.columns(3)
    outlet = cols[0].text_input(_("Outlet"))
    published = cols[1].date_input(_("Publication date"), value=dt.date.today(),
                                   max_value=dt.date.today())
    language = cols[2].selectbox(_("Language"), ["auto", "en", "es"])
    find = st.form_submit_button(_("Find candidates"), type="primary")

if find:
    try:
        if upload is not None:
            text = decode_article(upload.getvalue(), name=upload.name)
        else:
            text = decode_article(text.encode("utf-8"), name=_("pasted text"))
        candidates = ingest_text(text=text, published=published.isoformat(), lang=language,
                                 outlet=outlet or None, seeds_dir=seeds)
    except GeoError as exc:
        st.error(plain_markdown(str(exc)))
        st.stop()
    story = {"text": text, "candidates": candidates,
             "accepted": {r["id"]: r["candidate"]["confidence"] >= 0.6
                          for t in TABLES for r in candidates[t]}}
    st.session_state["story"] = story
    accept.save_draft(story, seeds=seeds)

if story is None:
    st.stop()

cands: dict[str, Any] = story["candidates"]
article: str = story["text"]
spans = sorted({tuple(p["candidate"]["mention"]["span"]) for p in cands["places"]} |
               {tuple(e["candidate"]["date_span"]) for e in cands["events"]
                if e["candidate"]["date_span"][0] != e["candidate"]["date_span"][1]})
with st.expander(_("The article, with every candidate highlighted"), expanded=False):
    parts, at = [], 0
    for start, end in spans:
        if start < at:
            continue
        parts += [plain_markdown(article[at:start]),
                  f":orange-background[{plain_markdown(article[start:end])}]"]
        at = end
    parts.append(plain_markdown(article[at:]))
    st.markdown("".join(parts).replace("\n", "  \n"))


def _points(points: list[dict[str, Any]]) -> None:
    """The points as a table (lon, lat): Streamlit's map widgets fetch a basemap from a CDN,
    which this offline tool never does; the project's own map shows the saved records. The
    headers and kinds are in the reader's language; the table is as tall as its rows."""
    headers = {"year": _("Year"), "name": _("Name"), "country": _("Country"),
               "kind": _("Kind"), "place": _("Place"), "lat": "lat", "lon": "lon"}
    rows = [{headers[k]: label(v, lang=lang) if k == "kind" else v for k, v in p.items()}
            for p in points]
    st.dataframe(rows, height=38 + 35 * len(rows), hide_index=True)


def _changed() -> None:
    accept.save_draft(story, seeds=seeds)  # type: ignore[arg-type]


def _accept_box(decisions: dict[str, bool], record: dict[str, Any], column: Any,
                text: str) -> None:
    """The reviewer's accept (default yes) of one record, kept in the draft."""
    decisions[record["id"]] = column.checkbox(text, value=decisions.get(record["id"], True),
                                              key=f"a-{record['id']}", on_change=_changed)


def _kind_and_certainty(record: dict[str, Any], kinds: tuple[str, ...], columns: Any) -> None:
    """The reviewer's kind and certainty of an event or corridor."""
    record["kind"] = columns[0].selectbox(_("Kind"), kinds, index=kinds.index(record["kind"]),
                                          format_func=lambda k: label(k, lang=lang),
                                          key=f"k-{record['id']}")
    record["certainty"] = columns[1].selectbox(
        _("Certainty"), CERTAINTIES, index=CERTAINTIES.index(record["certainty"]),
        format_func=lambda c: label(c, lang=lang), key=f"c-{record['id']}")


st.subheader(_("Places"))
for place in cands["places"]:
    cand = place["candidate"]
    options = [cand["gazetteer_entry"], *cand["alternatives"]]
    row = st.columns([1, 3, 3])
    _accept_box(story["accepted"], place, row[0], _("accept"))
    names = [f"{o['name']} ({o['country']}, {label(o['kind'], lang=lang)})" for o in options]
    choice = names.index(row[1].selectbox(place["id"], names, key=f"p-{place['id']}"))
    if choice:
        pick_reading(place, options[choice])
    row[2].caption(plain_markdown(place["evidence"][-1]["quote"]))
    if len(options) > 1:
        _points([{"name": o["name"], "country": o["country"], "kind": o["kind"],
                  "lat": o["lat"], "lon": o["lon"]} for o in options[:6]])

st.subheader(_("Events"))
for event in cands["events"]:
    row = st.columns([1, 2, 2, 2, 3])
    _accept_box(story["accepted"], event, row[0], _("accept"))
    event["date"] = row[1].text_input(_("Date"), event["date"], key=f"d-{event['id']}")
    _kind_and_certainty(event, EVENT_KINDS, row[2:4])
    said = row[4].text_input(_("Who said it"), event["evidence"][0]["said_by"] or "",
                             key=f"s-{event['id']}")
    event["evidence"][0]["said_by"] = said or None
    figures = ", ".join(figure_text(f, lang=lang) for f in event["figures"])
    st.caption(plain_markdown(f"{event['place']} · {figures} · {event['evidence'][0]['quote']}"))

if cands["presence"]:
    st.subheader(_("Presence"))
for record in cands["presence"]:
    claim = record["claims"][0]
    _accept_box(story["accepted"], record, st,
                f"{record['name']}: {claim['presence_kind']} {claim['year']}")

if cands["corridors"]:
    st.subheader(_("Corridors"))
for corridor in cands["corridors"]:
    row = st.columns([1, 3, 2, 2, 3])
    _accept_box(story["accepted"], corridor, row[0], _("accept"))
    corridor["name"] = row[1].text_input(_("Name"), corridor["name"], key=f"n-{corridor['id']}")
    _kind_and_certainty(corridor, CORRIDOR_KINDS, row[2:4])
    row[4].caption(plain_markdown(corridor["evidence"][0]["quote"]))

accepted = {i for i, ok in story["accepted"].items() if ok}
by_place = {p["id"]: p for p in cands["places"]}
preview = [{"year": e["date"][:4], "kind": e["kind"], "place": e["place"],
            "lat": by_place[e["place"]]["candidate"]["lat"],
            "lon": by_place[e["place"]]["candidate"]["lon"]}
           for e in cands["events"] if e["id"] in accepted and e["place"] in by_place]
years = sorted({e["date"][:4] for e in cands["events"] if e["id"] in accepted})
st.subheader(_("Preview"))
st.caption(plain_markdown(_("Accepted events by year: {years}").format(
    years=", ".join(years) or "-")))
if preview:
    _points(preview)

if st.button(_("Save"), type="primary"):
    try:
        saved = accept.save_story(candidates=json.loads(json.dumps(cands)), accept=accepted,
                                  text=article, seeds=seeds)
    except GeoError as exc:
        st.error(plain_markdown(str(exc)))
        st.stop()
    accept.clear_draft(seeds=seeds)
    st.session_state["story"] = None
    added = sum(len(v) for v in saved.added.values())
    st.success(plain_markdown(_("Saved: {added} new record(s), {merged} corroborated.").format(
        added=added, merged=len(saved.corroborated))))
    year = years[-1] if years else ""
    st.markdown(f"[{plain_markdown(_('Show the map at {year}').format(year=year))}]"
                f"(./?year={year}&lang={lang})")
