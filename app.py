"""Interactive map of Tren de Aragua's expansion and corridors: ``streamlit run app.py``.

Widgets and layout only; the logic lives in `geo`. Layers come from ``layers/`` or from
the folder named by ``TDA_LAYERS_DIR``. The view (year, mode, filters, layers, map view,
briefing) lives in the URL, so a link reproduces it.
"""

from __future__ import annotations

import time
from dataclasses import replace
from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from geo.app import cache as appdata
from geo.app import panels, viewstate
from geo.data.credits import (
    CAVEAT,
    MAP_TITLE,
    data_as_of_text,
    filter_phrases,
    selection_source_ids,
    sources_text,
    view_heading,
)
from geo.data.selection import MODES, select
from geo.errors import GeoError
from geo.export import research
from geo.views.leaflet import assets, mapview
from geo.vocab import label

st.set_page_config(page_title=MAP_TITLE, page_icon=":world_map:", layout="wide")

path, signature = appdata.source()
try:
    layers = appdata.layers(path, signature)
    options = appdata.options(path, signature)
    drawing = appdata.drawing(path, signature)
except (GeoError, OSError, ValueError) as exc:
    st.error(f"Cannot read the layers in {path}: {exc}", icon=":material/error:")
    st.stop()
if setup := appdata.setup_problems(static_serving=st.get_option("server.enableStaticServing")):
    for problem in setup:
        st.error(problem, icon=":material/error:")
    st.stop()
asset_url = assets.static_base_url(base_url_path=st.get_option("server.baseUrlPath"))

state = st.session_state
viewstate.start_session(state, {key: st.query_params.get_all(key) for key in st.query_params},
                        options=options)

if not state["briefing"]:
    with st.sidebar:
        st.header("Layers")
        st.pills("Layers shown", mapview.LAYER_ORDER, selection_mode="multi", key="layers",
                 format_func=mapview.LAYER_TITLES.__getitem__, label_visibility="collapsed")
        st.header("Filters")
        choices = options.choices
        names = panels.country_names(layers)
        st.multiselect("Country", choices["countries"], key="countries",
                       format_func=lambda code: names.get(code, code),
                       placeholder="All countries")
        st.multiselect("Group or faction", choices["groups"], key="groups", format_func=label,
                       placeholder="All groups")
        st.multiselect("Event kind", choices["event_kinds"], key="event_kinds",
                       format_func=label, placeholder="All event kinds")
        st.multiselect("Corridor kind", choices["corridor_kinds"], key="corridor_kinds",
                       format_func=label, placeholder="All corridor kinds")
        st.header("View")
        st.toggle("Street map tiles (OpenStreetMap)", key="tiles",
                  help="Loads tiles from tile.openstreetmap.org: needs internet and tells "
                  "that server which area you view. Off: offline country outlines only.")
        st.toggle("Briefing view", key="briefing",
                  help="Hide the controls: title, year, legend, scale bar and sources, sized "
                  "for a 1920×1080 screenshot.")
        with st.expander("About the data"):
            st.caption(panels.plain_markdown(f"{CAVEAT} {data_as_of_text(layers)}. Layers "
                                             f"folder: {path}"))

viewstate.update_view(state)
if problems := state.pop("url_problems", None):
    st.warning(panels.plain_markdown("Some link parameters were ignored: "
                                     + "; ".join(problems)), icon=":material/link_off:")


def _toggle_play() -> None:
    viewstate.toggle_play(state, options=options, now=time.monotonic())


def _exit_briefing() -> None:
    state["briefing"] = False


def year_view(*, animated: bool) -> None:
    """Everything that depends on the year: reruns alone on a slider step or a play tick."""
    if animated:
        viewstate.play_tick(state, options=options, now=time.monotonic(),
                            interval_s=panels.PLAY_INTERVAL_S)
    if state["playing"] != animated or state["briefing"] != state["view"].briefing:
        st.rerun(scope="app")  # play or layout switched inside the fragment: (un)set timer
    briefing = state["view"].briefing
    if not briefing:
        year_col, mode_col, play_col = st.columns([5, 3, 1], vertical_alignment="bottom")
        year_col.slider("As of year", options.first_year, options.last_year, key="year",
                        disabled=state["playing"])
        mode_col.segmented_control("Mode", MODES, key="mode", required=True,
                                   format_func=panels.MODE_LABELS.__getitem__)
        play_col.button("Pause" if state["playing"] else "Play", key="play",
                        icon=":material/pause:" if state["playing"] else ":material/play_arrow:",
                        on_click=_toggle_play, width="stretch",
                        help=f"Animate the years, one every {panels.PLAY_INTERVAL_S:g} s")
    current = viewstate.view_from_widgets(state, previous=state["view"])
    selection = select(layers, current.filters)
    sentence = panels.plain_markdown(selection.summary().sentence())
    if briefing:
        st.markdown(f"**{panels.plain_markdown(view_heading(current.filters))}** · {sentence}")
    else:
        st.markdown(f"**{sentence}**")
    returned = st_folium(
        mapview.base_map(layers, view=state["base_view"], asset_base_url=asset_url,
                         index=drawing, large_legend=briefing),
        key="map", use_container_width=True, returned_objects=["center", "zoom"],
        height=panels.BRIEFING_MAP_HEIGHT_PX if briefing else panels.MAP_HEIGHT_PX,
        feature_group_to_add=mapview.feature_groups(
            selection, layers=layers, visible=current.layers, tiles=current.tiles,
            index=drawing))
    if reported := viewstate.map_view_from_return(returned):
        current = replace(current, map_view=reported)
    state["view"] = current
    query = viewstate.view_to_query(current)
    if query != st.query_params.to_dict():
        st.query_params.from_dict(query)
    credit = (f"{sources_text(selection_source_ids(selection), layers)} — "
              f"{data_as_of_text(layers)}")
    if briefing:
        st.caption(panels.plain_markdown(credit))
        st.button("Exit briefing view", key="exit_briefing", on_click=_exit_briefing)
        return
    if phrases := filter_phrases(current.filters):
        st.caption(panels.plain_markdown("Filtered: " + " · ".join(phrases)))
    chart_col, files_col = st.columns([4, 1], vertical_alignment="bottom")
    chart_col.image(panels.timeline_svg(appdata.timeline(path, signature, current.filters),
                                        filters=current.filters),
                    caption="Events per year (by start year, filters applied)")
    # Table and downloads are drawn only when opened: cheaper slider steps.
    with files_col.popover("Download GeoJSON", icon=":material/download:", key="downloads",
                           on_change="rerun", width="stretch"):
        if state.get("downloads"):
            for name, title in panels.DOWNLOAD_LAYERS.items():
                st.download_button(
                    f"{title}: this view", partial(research.layer_geojson, layers, name=name,
                                                   selection=selection),
                    file_name=panels.download_name(name=name, filters=current.filters),
                    mime="application/geo+json", key=f"download_{name}_view",
                    on_click="ignore", width="stretch")
                st.download_button(
                    f"{title}: whole layer", partial(research.layer_geojson, layers, name=name),
                    file_name=panels.download_name(name=name, filters=None),
                    mime="application/geo+json", key=f"download_{name}_all",
                    on_click="ignore", width="stretch")
    with files_col.popover("Briefing image and data", icon=":material/description:",
                           key="files", on_change="rerun", width="stretch"):
        if state.get("files"):
            for item in panels.file_downloads(layers, selection=selection):
                st.download_button(item.label, item.data, file_name=item.file_name,
                                   mime=item.mime, key=f"file_{item.key}", on_click="ignore",
                                   width="stretch")
    with st.expander(f"Events in this view ({len(selection.events)}), with their sources",
                     key="events_open", on_change="rerun"):
        if state.get("events_open"):
            st.dataframe(appdata.events_frame(path, signature, current.filters),
                         hide_index=True, height=300, lazy=True)
    st.caption(panels.plain_markdown(credit))


if state["view"].briefing:
    st.html(panels.BRIEFING_CSS)
st.subheader(MAP_TITLE, anchor=False)
if not state["view"].briefing:
    st.caption(panels.plain_markdown(CAVEAT))
st.fragment(year_view, run_every=panels.PLAY_INTERVAL_S if state["playing"] else None)(
    animated=state["playing"])
