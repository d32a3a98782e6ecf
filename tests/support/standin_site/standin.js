/* Stand-in map page: loads data.json once and filters it by year, mode and filters in the
   browser; speaks the tda:* postMessage protocol (tests only). */
(function () {
  "use strict";
  const query = new URLSearchParams(window.location.search);
  const list = (key) => (query.get(key) || "").split(",").filter(Boolean);
  const state = {
    year: 0, mode: query.get("mode") === "only" ? "only" : "cumulative",
    filters: {countries: list("countries"), groups: list("groups"),
              event_kinds: list("event_kinds"), corridor_kinds: list("corridor_kinds")},
    layers: query.has("layers") ? list("layers") : ["presence", "spread", "routes", "places", "events"],
    view: null, selected: null, lang: query.get("lang") === "es" ? "es" : "en",
  };
  const handlers = {change: [], select: []};
  const map = L.map("map", {preferCanvas: true, zoomSnap: 0.25});
  window["map_standin0"] = map;
  const drawn = L.layerGroup().addTo(map);
  const yearInput = document.getElementById("year");
  const yearLabel = document.getElementById("year-label");
  const modeInput = document.getElementById("mode");
  let features = [];
  let visibleFeatures = [];
  let timer = null;

  function embedded() { return window.parent !== window; }
  function post(message) { if (embedded()) { window.parent.postMessage(message, window.location.origin); } }
  function snapshot() {
    const c = map.getCenter();
    return JSON.parse(JSON.stringify(Object.assign({}, state, {
      view: {lat: Math.round(c.lat * 1e4) / 1e4, lon: Math.round(c.lng * 1e4) / 1e4, zoom: map.getZoom()}})));
  }
  function keep(values, value) { return values.length === 0 || values.indexOf(value) >= 0; }
  function shown(f) {
    const p = f.properties;
    if (state.layers.indexOf("events") < 0) { return false; }
    if (p.year > state.year) { return false; }
    if (state.mode === "only" && p.year_end < state.year) { return false; }
    return keep(state.filters.countries, p.country) && keep(state.filters.event_kinds, p.kind)
      && (state.filters.groups.length === 0 || p.groups.some((g) => state.filters.groups.indexOf(g) >= 0));
  }
  function repaint() {
    drawn.clearLayers();
    visibleFeatures = features.filter(shown);
    visibleFeatures.forEach((f) => {
      const [lon, lat] = f.geometry.coordinates;
      const marker = L.circleMarker([lat, lon], {radius: 5, color: "#b30000", weight: 1});
      marker.feature = f;
      drawn.addLayer(marker);
    });
    yearInput.value = String(state.year);
    yearLabel.textContent = String(state.year);
    modeInput.value = state.mode;
    handlers.change.forEach((fn) => fn(snapshot()));
  }
  function changed() { repaint(); post({type: "tda:state", state: snapshot()}); }
  function apply(partial) {
    if (!partial || typeof partial !== "object") { return; }
    let refit = false;
    if (Number.isInteger(partial.year)) { state.year = Math.min(Math.max(partial.year, tda.years[0]), tda.years[1]); }
    if (partial.mode === "cumulative" || partial.mode === "only") { state.mode = partial.mode; }
    if (partial.filters && typeof partial.filters === "object") {
      Object.keys(state.filters).forEach((k) => {
        if (Array.isArray(partial.filters[k])) { state.filters[k] = partial.filters[k].map(String); refit = true; }
      });
    }
    if (Array.isArray(partial.layers)) { state.layers = partial.layers.map(String); }
    if (partial.view && typeof partial.view === "object") {
      map.setView([partial.view.lat, partial.view.lon], partial.view.zoom, {animate: false});
    } else if (refit) {
      fit();
    }
    repaint();
  }
  function fit() {
    const shownNow = features.filter(shown);
    const points = (shownNow.length ? shownNow : features).map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]);
    if (points.length) { map.fitBounds(points, {animate: false, maxZoom: 8}); } else { map.setView([0, -60], 3); }
  }
  const tda = {
    state: snapshot, set: apply,
    focus: (id) => { state.selected = id; changed(); },
    on: (name, fn) => { (handlers[name] || []).push(fn); },
    features: (layer) => (layer === "events" ? features.slice() : []),
    visible: (layer) => (layer === "events" ? visibleFeatures.slice() : []),
    visibleIds: () => visibleFeatures.map((f) => String(f.id)).sort(),
    years: [0, 0], quietYears: [], lang: state.lang, strings: {}, style: {},
    panelsElement: document.getElementById("panels"),
  };
  window.tda = tda;

  yearInput.addEventListener("input", () => { state.year = Number(yearInput.value); changed(); });
  modeInput.addEventListener("change", () => { state.mode = modeInput.value; changed(); });
  document.getElementById("play").addEventListener("click", () => {
    if (timer) { clearInterval(timer); timer = null; return; }
    if (state.year >= tda.years[1]) { state.year = tda.years[0]; changed(); }
    timer = setInterval(() => {
      if (state.year >= tda.years[1]) { clearInterval(timer); timer = null; return; }
      state.year += 1; changed();
    }, 600);
  });
  map.on("moveend", () => { if (tda.years[1]) { post({type: "tda:state", state: snapshot()}); } });
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || event.origin !== window.location.origin) { return; }
    const message = event.data;
    if (message && message.type === "tda:set") { apply(message.state); }
    if (message && message.type === "tda:focus") { tda.focus(String(message.id)); }
  });

  fetch("data.json").then((r) => r.json()).then((data) => {
    features = data.events;
    tda.years = data.years;
    yearInput.min = String(data.years[0]);
    yearInput.max = String(data.years[1]);
    const asked = Number(query.get("year"));
    state.year = Number.isInteger(asked) && asked >= data.years[0] && asked <= data.years[1] ? asked : data.years[1];
    if (query.has("lat") && query.has("lon") && query.has("zoom")) {
      map.setView([Number(query.get("lat")), Number(query.get("lon"))], Number(query.get("zoom")), {animate: false});
    } else {
      fit();
    }
    repaint();
    post({type: "tda:ready"});
  });
}());
