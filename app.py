"""Interactive map of Tren de Aragua's expansion and corridors: ``streamlit run app.py``.

Widgets and layout only; the logic lives in `geo`. Layers come from ``layers/`` or from
the folder named by ``TDA_LAYERS_DIR``. The map page (with its year control, timeline,
events table and search) runs in the browser inside the bridge component; the panels here
follow the state it reports. The view (year, mode, filters, layers, map view, language,
briefing, tiles) lives in the URL, so a link reproduces it.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st

from geo.app import bridge, checks, panels, viewstate
from geo.app import cache as appdata
from geo.app import site as appsite
from geo.data.credits import (
    MAP_TITLE,
    caveat,
    data_as_of_text,
    map_title,
    selection_source_ids,
    sources_text,
    summary_text,
    view_heading,
)
from geo.data.selection import select
from geo.errors import GeoError
from geo.i18n import LANGS, translator
from geo.vocab import LAYERS, label

LANGUAGE_NAMES = {"en": "English", "es": "Español"}
_md = panels.plain_markdown

st.set_page_config(page_title=MAP_TITLE, page_icon=":world_map:", layout="wide")
_nav_lang = str(st.session_state.get("lang") or st.query_params.get("lang", "en"))
_nav = translator(_nav_lang if _nav_lang in LANGS else "en")
_pages = [st.Page(lambda: None, title=_nav("Map"), url_path="map", default=True),
          st.Page("geo/app/add_story.py", title=_nav("Add a story"), url_path="add-story")]
if st.navigation(_pages, position="top").url_path == "add-story":  # the ingest review page
    _pages[1].run()
    st.stop()

path, signature = appdata.source()
if problems := appdata.problems(path, signature):
    st.error(checks.banner(problems), icon=":material/error:")
    st.code(checks.problem_lines(Path(path), problems), language=None, wrap_lines=True)
    st.stop()
try:
    layers = appdata.layers(path, signature)
    options = appdata.options(path, signature)
except (GeoError, OSError, ValueError, KeyError, TypeError) as exc:
    st.error(checks.BANNER.format(count="1 problem"), icon=":material/error:")
    st.code(f"Folder: {path}\n- {type(exc).__name__}: {exc}"[:4000], language=None,
            wrap_lines=True)
    st.stop()
if setup := appdata.setup_problems(static_serving=st.get_option("server.enableStaticServing")):
    for problem in setup:
        st.error(problem, icon=":material/error:")
    st.stop()

state = st.session_state
viewstate.start_session(state, {key: st.query_params.get_all(key) for key in st.query_params},
                        options=options)


def _on_map() -> None:
    """The map page reported a change: the view follows it (before this run draws)."""
    viewstate.apply_page_report(state, bridge.reported(state.get("map")), options=options)


def _exit_briefing() -> None:
    state["briefing"] = False


_ = translator(state["view"].lang)
_label = partial(label, lang=state["view"].lang)
if not state["briefing"]:
    with st.sidebar:
        st.segmented_control(_("Language"), LANGS, key="lang", required=True,
                             format_func=LANGUAGE_NAMES.__getitem__)
        st.header(_("Layers"))
        st.pills(_("Layers shown"), LAYERS, selection_mode="multi", key="layers",
                 format_func=_label,
                 label_visibility="collapsed")
        st.header(_("Filters"))
        choices = options.choices
        names = panels.country_names(layers, lang=state["view"].lang)
        st.multiselect(_("Country"), choices["countries"], key="countries",
                       format_func=lambda code: names.get(code, code),
                       placeholder=_("All countries"))
        st.multiselect(_("Group or faction"), choices["groups"], key="groups",
                       format_func=_label, placeholder=_("All groups"))
        st.multiselect(_("Event kind"), choices["event_kinds"], key="event_kinds",
                       format_func=_label, placeholder=_("All event kinds"))
        st.multiselect(_("Corridor kind"), choices["corridor_kinds"], key="corridor_kinds",
                       format_func=_label, placeholder=_("All corridor kinds"))
        st.header(_("View"))
        st.toggle(_("Street map tiles (OpenStreetMap)"), key="tiles",
                  help=_("Loads tiles from tile.openstreetmap.org: needs internet and tells "
                         "that server which area you view. Off: offline country outlines "
                         "only."))
        st.toggle(_("Briefing view"), key="briefing",
                  help=_("Hide the controls: title, year, legend, scale bar and sources, "
                         "sized for a 1920×1080 screenshot."))
        with st.expander(_("About the data")):
            lang = state["view"].lang
            st.html(panels.caption_html(
                f"{caveat(lang=lang)} {data_as_of_text(layers, lang=lang)}. "
                + _("Layers folder: {path}").format(path=path)))

view = viewstate.update_view(state)
_ = translator(view.lang)
if url_problems := viewstate.url_problems(state):
    st.warning(_("Some link parameters were ignored (the default is shown instead):"),
               icon=":material/link_off:")
    st.code("\n".join(url_problems), language=None, wrap_lines=True)

briefing = view.briefing
if briefing:
    st.html(panels.BRIEFING_CSS)
title = map_title(lang=view.lang)
st.set_page_config(page_title=title)
st.subheader(title, anchor=False)
selection = select(layers, view.filters)
sentence = _md(summary_text(selection.summary(), lang=view.lang))
if briefing:
    st.markdown(f"**{_md(view_heading(view.filters, lang=view.lang))}** · {sentence}")
else:
    st.html(panels.caption_html(caveat(lang=view.lang)))
    st.markdown(f"**{sentence}**")

site_name = appdata.site(path, signature, view.lang)
base_url_path = st.get_option("server.baseUrlPath")
bridge.map_bridge(
    key="map", on_change=_on_map, title=title, revision=int(state["revision"]),
    module=bridge.module_url(appdata.bridge_module(), base_url_path=base_url_path),
    src=appsite.page_url(site_name, query=viewstate.page_query(state["page_view"]),
                         base_url_path=base_url_path),
    set_state=viewstate.page_set(view),
    height=panels.BRIEFING_MAP_HEIGHT_PX if briefing else panels.MAP_HEIGHT_PX)

query = viewstate.view_to_query(view)
if query != st.query_params.to_dict():
    st.query_params.from_dict(query)
credit = (f"{sources_text(selection_source_ids(selection), layers, lang=view.lang)} — "
          f"{data_as_of_text(layers, lang=view.lang)}")
if briefing:
    st.html(panels.caption_html(credit))
    st.button(_("Exit briefing view"), key="exit_briefing", on_click=_exit_briefing)
    st.stop()

if phrases := panels.filter_caption(view.filters, layers, lang=view.lang):
    st.html(panels.caption_html(_("Filtered: ") + " · ".join(phrases)))
geojson_col, files_col, embed_col = st.columns(3)
# Downloads are built only when a popover is open, and each file only on click.
with geojson_col.popover(_("Download GeoJSON"), icon=":material/download:", key="downloads",
                         on_change="rerun", width="stretch"):
    if state.get("downloads"):
        for name in LAYERS:
            st.download_button(
                f"{label(name, lang=view.lang)}: {_('this view')}",
                partial(panels.layer_geojson, layers, name=name, selection=selection),
                file_name=panels.download_name(name=name, filters=view.filters),
                mime="application/geo+json", key=f"download_{name}_view", on_click="ignore",
                width="stretch")
            st.download_button(
                f"{label(name, lang=view.lang)}: {_('whole layer')}",
                partial(panels.layer_geojson, layers, name=name),
                file_name=panels.download_name(name=name, filters=None),
                mime="application/geo+json", key=f"download_{name}_all", on_click="ignore",
                width="stretch")
with files_col.popover(_("Briefing image and data"), icon=":material/description:",
                       key="files", on_change="rerun", width="stretch"):
    if state.get("files"):
        for item in panels.file_downloads(layers, selection=selection):
            st.download_button(_(item.label), item.data, file_name=item.file_name,
                               mime=item.mime, key=f"file_{item.key}", on_click="ignore",
                               width="stretch")
with embed_col.popover(_("Embed this map"), icon=":material/code:", key="embed",
                       on_change="rerun", width="stretch"):
    if state.get("embed"):
        st.caption(_("Publish the static site (python -m geo export site --out DIR), then paste "
                     "this where the map should appear, with your site's address:"))
        st.code(panels.embed_snippet(
            page_address=panels.site_page_address(viewstate.page_query(view)),
            title=title), language="html", wrap_lines=True)
st.html(panels.caption_html(credit))
