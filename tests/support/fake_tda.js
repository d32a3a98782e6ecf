/* A stand-in for the engine's `window.tda`, for the panels' own tests (tests/support/
 * panels_page.py). It draws the real layers with plain Leaflet and filters them with the
 * rules of geo.data.selection, enough to drive the panels; the real engine replaces it. */
window.makeFakeTda = function (map, data) {
    "use strict";
    var listeners = {change: [], select: []};
    var state = {year: data.years[1], mode: "cumulative", lang: data.lang,
                 filters: {countries: [], groups: [], event_kinds: [], corridor_kinds: []},
                 layers: ["presence", "spread", "routes", "places", "events"],
                 view: null, selected: null};
    var layers = {}, drawn = {};
    var order = ["presence", "spread", "routes", "places", "events"];
    function keep(chosen, values) {
        return !chosen.length || values.some(function (v) { return chosen.indexOf(v) >= 0; });
    }
    function shown(name, p) {
        var y = state.year, f = state.filters, only = state.mode === "only";
        if (state.layers.indexOf(name) < 0) { return false; }
        if (name === "events") {
            return p.year <= y && (!only || y <= p.year_end) && keep(f.countries, [p.country])
                && keep(f.groups, p.groups) && keep(f.event_kinds, [p.kind]);
        }
        if (name === "routes") {
            return p.first_year <= y && (!only || y <= p.last_year)
                && keep(f.countries, p.countries_crossed) && keep(f.groups, p.groups)
                && keep(f.corridor_kinds, [p.kind]);
        }
        if (name === "presence") {
            return p.first_reported_year <= y && keep(f.countries, [p.country]);
        }
        if (name === "spread") {
            return p.first_year <= y && keep(f.countries, [p.country])
                && (!only || p.first_year === y);
        }
        return keep(f.countries, [p.country]);
    }
    function popupOf(feature) {
        var box = document.createElement("div");
        box.className = "fake-popup";
        box.textContent = feature.properties.title || feature.properties.name || feature.id;
        return box;
    }
    order.forEach(function (name) {
        drawn[name] = {};
        layers[name] = L.geoJSON(data.layers[name], {
            filter: function (feature) { return shown(name, feature.properties); },
            pointToLayer: function (feature, latlng) {
                return L.circleMarker(latlng, {radius: name === "events" ? 7 : 4});
            },
            onEachFeature: function (feature, layer) {
                layer.bindPopup(popupOf(feature));
                layer.on("click", function () { select(String(feature.id)); });
                drawn[name][String(feature.id)] = layer;
            }
        });
    });
    function repaint() {
        order.forEach(function (name) {
            drawn[name] = {};
            layers[name].clearLayers();
            layers[name].addData(data.layers[name]);
            layers[name].addTo(map);
        });
        emit("change", state);
    }
    function emit(name, value) {
        listeners[name].forEach(function (fn) { fn(value); });
    }
    function select(id) { state.selected = id; emit("select", id); }
    var panels = document.createElement("div");
    panels.id = "panels";
    map.getContainer().after(panels);
    var api = {
        state: function () { return JSON.parse(JSON.stringify(state)); },
        set: function (partial) {
            Object.keys(partial).forEach(function (k) { state[k] = partial[k]; });
            repaint();
        },
        focus: function (id) {
            var hit = null;
            order.forEach(function (name) { hit = hit || drawn[name][id]; });
            if (!hit) { return; }
            var at = hit.getLatLng ? hit.getLatLng() : hit.getBounds().getCenter();
            map.once("moveend", function () { hit.openPopup(at); });
            map.flyTo(at, Math.max(map.getZoom(), 7), {duration: 0.3});
            select(id);
        },
        on: function (name, fn) { listeners[name].push(fn); },
        features: function (name) { return data.layers[name].features; },
        visible: function (name) {
            return data.layers[name].features.filter(function (f) {
                return Boolean(drawn[name][String(f.id)]);
            });
        },
        visibleIds: function () {
            var ids = [];
            order.forEach(function (name) { ids = ids.concat(Object.keys(drawn[name])); });
            return ids.sort();
        },
        years: data.years, quietYears: data.quietYears, lang: data.lang,
        strings: data.strings, style: {}, panelsElement: panels
    };
    repaint();
    return api;
};
