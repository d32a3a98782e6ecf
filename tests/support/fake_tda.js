/* A stand-in for the engine's `window.tda`, for the panels' own tests (tests/support/
 * panels_page.py). It draws the payload's features with plain Leaflet, one marker or path
 * each, and filters them as the engine does: by comparing the year with the spans Python
 * computed (`d`, per mode) and the filter values with the wanted ones. It keeps no layer
 * name and no rule of its own; the real engine replaces it. */
window.makeFakeTda = function (map, data) {
    "use strict";
    var listeners = {change: [], select: []};
    var order = data.layer_order;
    var filters = {};
    data.filter_names.forEach(function (k) { filters[k] = []; });
    var state = {year: data.initial.year, mode: data.initial.mode, lang: data.lang,
                 filters: filters, layers: data.initial.layers.slice(), view: null, selected: null};
    var drawn = {}, groups = {};
    function shown(name, f) {
        var span = f.d[data.modes.indexOf(state.mode)], y = state.year;
        if (state.layers.indexOf(name) < 0) { return false; }
        if (span[0] !== null && y < span[0]) { return false; }
        if (span[1] !== null && y > span[1]) { return false; }
        return Object.keys(f.f).every(function (k) {
            var want = state.filters[k] || [];
            return !want.length || f.f[k].some(function (v) { return want.indexOf(v) >= 0; });
        });
    }
    function geometryOf(f) {
        if (f.g) { return f.g; }
        var outline = data.basemap.filter(function (b) { return b.id === f.outline; })[0];
        return outline ? outline.g : null;
    }
    function popupOf(f) {
        var box = document.createElement("div");
        box.className = "fake-popup";
        box.textContent = f.p.title;
        return box;
    }
    order.forEach(function (name) { groups[name] = L.layerGroup().addTo(map); });
    function repaint() {
        order.forEach(function (name) {
            drawn[name] = {};
            groups[name].clearLayers();
            data.layers[name].features.forEach(function (f) {
                var g = geometryOf(f);
                if (!g || !shown(name, f)) { return; }
                var layer = g.type === "Point"
                    ? L.circleMarker([g.coordinates[1], g.coordinates[0]], {radius: 6})
                    : L.geoJSON(g);
                layer.bindPopup(popupOf(f));
                layer.on("click", function () { select(f.id); });
                layer.addTo(groups[name]);
                drawn[name][f.id] = layer;
            });
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
    function asFeature(f) { return {type: "Feature", id: f.id, properties: f}; }
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
        features: function (name) { return data.layers[name].features.map(asFeature); },
        visible: function (name) {
            return data.layers[name].features.filter(function (f) {
                return Boolean(drawn[name][f.id]);
            }).map(asFeature);
        },
        visibleIds: function () {
            var ids = [];
            order.forEach(function (name) { ids = ids.concat(Object.keys(drawn[name])); });
            return ids.sort();
        },
        years: data.years, quietYears: data.quiet_years, lang: data.lang,
        strings: data.strings, sources: data.sources, roles: data.roles, style: data.style,
        panelsElement: panels
    };
    repaint();
    return api;
};
