"""The interactive map: a folium map and the project's time-filter plugin.

Public API:

- `geo.views.leaflet.map.build_map(layers, *, lang, state=None, tiles=False, data_url=None,
  data_urls=None) -> folium.Map`
- `geo.views.leaflet.standalone.html_document(layers, *, lang, state=None, tiles=False) -> str`
- `geo.views.leaflet.standalone.site_files(layers, *, langs, default_lang, state, tiles)
  -> dict[str, bytes]`, `write_site(directory, layers, ...) -> list[Path]`,
  `site_digest(files) -> str` (the page state: `geo.export.pagestate.page_state`)
- `geo.views.leaflet.payload.payload(layers, *, lang, tiles=False) -> dict`

The page's JavaScript is an npm project in ``frontend/`` (ES modules in ``src/``, unit tests
in ``test/``), bundled into ``assets/timefilter.js`` and ``assets/panels.js``. Its protocol
(URL query, postMessage, ``window.tda``) is in ``src/map/state.js``, ``src/map/messages.js``
and ``src/map/api.js``, and in docs/app.md.
"""
