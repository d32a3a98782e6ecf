/* tda-map time filter: every feature is loaded once; the year, mode, filters and layers are
 * applied here, in the browser, in one frame. Mounted on a folium map by
 * geo/views/leaflet/plugin.py (TimeFilter) as `TdaTimeFilter.mount(map, options)`. No data
 * is ever written as HTML: popups, legend and controls use createElement/textContent.
 *
 * Lines and country polygons are Leaflet paths on canvas renderers (paths.js); every point
 * is drawn by one canvas layer (points.js), grouped and fanned out (aggregate.js), labelled
 * (labels.js). The year rule is a comparison on typed arrays (rules.js).
 * Protocol: URL query and page state (state.js), postMessage (messages.js), window.tda
 * (api.js); see docs/app.md. */
import {el, has} from "../dom.js";
import {setupApi} from "./api.js";
import {setupControls} from "./controls.js";
import {countryRings, indexFeatures, projector} from "./features.js";
import {setupFit} from "./fit.js";
import {setupFrame} from "./frame.js";
import {setupHeader} from "./header.js";
import {setupInset} from "./inset.js";
import {setupKeynav} from "./keynav.js";
import {setupLegend} from "./legend.js";
import {createChannel} from "./messages.js";
import {setupPaths} from "./paths.js";
import {setupPoints} from "./points.js";
import {setupPopups} from "./popups.js";
import {computeLayer} from "./rules.js";
import {cleanPartial, flag, initialState, limitsFrom, parseQuery, queryToRaw, stateToQuery} from "./state.js";

/** The payload's URL for the page's language (`?lang=`), known languages only. */
export function payloadUrl(options, search) {
    const lang = parseQuery(search).lang;
    if (options.data_urls && typeof lang === "string" && has(options.data_urls, lang)) { return options.data_urls[lang]; }
    if (options.data_urls && has(options.data_urls, options.lang)) { return options.data_urls[options.lang]; }
    return options.data_url;
}

function loadPayload(options) {
    if (options.data_element) {
        return Promise.resolve(JSON.parse(document.getElementById(options.data_element).textContent));
    }
    const url = payloadUrl(options, window.location.search);
    return fetch(url).then(function (response) {
        if (!response.ok) { throw new Error("payload " + url + ": HTTP " + response.status); }
        return response.json();
    });
}

function layoutOf(c) {
    const container = c.map.getContainer();
    c.container = container;
    c.layout = el("div", "tda-root");
    const stage = el("div", "tda-stage");
    c.mapWrap = el("div", "tda-mapwrap");
    c.side = el("aside", "tda-side");
    c.side.setAttribute("aria-label", c.S.legend);
    c.panels = el("div", "tda-panels");
    c.panels.id = "tda-panels";
    container.parentNode.insertBefore(c.layout, container);
    c.layout.appendChild(stage);
    stage.appendChild(c.mapWrap);
    stage.appendChild(c.side);
    c.layout.appendChild(c.panels);
    c.mapWrap.appendChild(container);
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", c.S.map);
    if (c.flags.briefing) { c.layout.classList.add("tda-briefing"); }
    if (c.flags.embed) { c.layout.classList.add("tda-embed"); }
    document.documentElement.setAttribute("lang", c.P.lang);
    c.map.invalidateSize();
}

function start(L, map, options, P, api) {
    const lim = limitsFrom(P, options);
    const c = {L: L, map: map, P: P, S: P.strings, STYLE: P.style, PAL: P.style.palette, lim: lim,
               state: initialState(P), placedLabels: [], unplacedLabels: [], lastRepaintMs: 0, lastParts: {},
               flags: {briefing: false, embed: false, tiles: false, changed: true,
                       skipQuiet: true, loop: false, speed: 1, range: P.years.slice()}};
    // Set directly: setMinZoom would start a zoom animation that a fit in the same frame
    // cannot interrupt.
    map.options.minZoom = lim.minZoom;
    map.options.maxZoom = lim.maxZoom;
    map.setView(map.getCenter(), Math.max(map.getZoom(), lim.minZoom), {reset: true});
    const query = parseQuery(window.location.search), initial = options.initial || {};
    [initial, queryToRaw(query, lim)].forEach(function (raw) {
        assign(c.state, cleanPartial(raw, lim, false).partial);
    });
    ["briefing", "embed", "tiles"].forEach(function (k) {
        if (has(initial, k)) { c.flags[k] = flag(initial[k]); }
        if (has(query, k)) { c.flags[k] = flag(query[k]); }
    });
    let explicitView = !!c.state.view;
    layoutOf(c);
    c.proj = projector(L, map.options.crs);
    c.rings = countryRings(P.basemap, c.proj);
    const index = indexFeatures(P, c.proj);
    c.F = index.layers; c.byId = index.byId;
    c.placeIndex = Object.create(null);
    c.F[P.roles.places].entries.forEach(function (f, i) { c.placeIndex[f.id] = i; });
    c.emit = function (name, value) {
        api._listeners[name].forEach(function (fn) { try { fn(value); } catch (err) { console.error(err); } });
    };
    setupPaths(c);
    setupPoints(c);
    setupInset(c);
    setupLegend(c);
    setupHeader(c);
    setupControls(c);
    setupPopups(c);
    setupFit(c);
    setupKeynav(c);

    function computeVisibility() {
        const mode = P.modes.indexOf(c.state.mode);
        P.layer_order.forEach(function (name) {
            const info = c.F[name];
            computeLayer(info.spans, info.entries, info,
                         {year: c.state.year, mode: mode, on: c.state.layers.indexOf(name) >= 0,
                          filterNames: info.filters, wanted: c.state.filters});
        });
    }
    c.snapshot = function () {
        const s = c.state, centre = map.getCenter(), filters = {};
        lim.filterNames.forEach(function (k) { filters[k] = s.filters[k].slice(); });
        return {year: s.year, mode: s.mode, filters: filters, layers: s.layers.slice(),
                view: {lat: Math.round(centre.lat * 1e4) / 1e4, lon: Math.round(centre.lng * 1e4) / 1e4,
                       zoom: map.getZoom()},
                selected: s.selected, lang: s.lang};
    };
    const channel = createChannel(window, lim, {
        set: function (partial) { c.setState(partial); },
        focus: function (id) { c.focus(id); }
    });
    c.announce = function () {
        if (!c.flags.embed && window.history && window.history.replaceState) {
            const q = stateToQuery(c.snapshot(), window.location.search, lim.filterNames);
            try { window.history.replaceState(null, "", "?" + q + window.location.hash); } catch { /* file:// in some browsers */ }
        }
        channel.post(c.snapshot);
    };
    c.repaint = function (opts) {
        const t0 = performance.now();
        computeVisibility();
        const t1 = performance.now();
        c.updatePaths();
        const t2 = performance.now();
        // The legend, controls and header first: the fit keeps clear of them at their new size.
        c.updateLegend();
        c.updateControls();
        c.updateHeader();
        c.updateInset();
        const t3 = performance.now();
        if (opts && opts.refit && !explicitView) { c.fit(); }
        c.points._reset();
        c.lastRepaintMs = performance.now() - t0;
        c.lastParts = {visibility: t1 - t0, paths: t2 - t1, legend: t3 - t2, points: performance.now() - t3};
        c.emit("change", c.snapshot());
        if (!opts || !opts.silent) { c.announce(); }
    };
    /** Apply a partial state (checked here: the API, controls and messages all pass). */
    c.setState = function (raw) {
        const partial = cleanPartial(raw, lim, false).partial, s = c.state;
        let refit = false;
        if (has(partial, "filters")) {
            Object.keys(partial.filters).forEach(function (k) {
                const v = partial.filters[k];
                if (v.join(",") !== s.filters[k].join(",")) {
                    s.filters[k] = v;
                    if (P.refit_filters.indexOf(k) >= 0) { refit = true; }
                }
            });
        }
        ["year", "mode", "layers"].forEach(function (k) { if (has(partial, k)) { s[k] = partial[k]; } });
        if (has(partial, "view")) {
            map.setView([partial.view.lat, partial.view.lon], partial.view.zoom, {animate: false});
        }
        if (refit) { explicitView = false; }
        c.repaint({refit: refit});
        if (has(partial, "selected") && partial.selected !== s.selected) {
            if (partial.selected) { c.focus(partial.selected); } else { map.closePopup(); }
        }
    };
    c.focus = function (id) {
        const where = c.byId[id];
        if (!where) { return false; }
        const info = c.F[where.layer];
        if (!info.visible[where.index]) { return false; }
        const f = info.entries[where.index];
        if (info.px) {
            map.setView(L.latLng(f.g.coordinates[1], f.g.coordinates[0]), Math.max(map.getZoom(), 6), {animate: false});
        } else if (info.paths[where.index]) {
            map.fitBounds(info.paths[where.index].getBounds(), L.extend(c.fitPadding(), {animate: false, maxZoom: 8}));
        }
        c.openPopup(where.layer, where.index);
        return true;
    };
    setupApi(c, api);
    setupFrame(c, channel);
    window.addEventListener("resize", function () { c.updateLayoutMode(); });

    computeVisibility();
    c.updateHeader();
    c.updateLegend();
    c.updateLayoutMode();
    c.points.addTo(map);
    c.updatePaths();
    c.updateInset();
    if (explicitView) { map.setView([c.state.view.lat, c.state.view.lon], c.state.view.zoom, {reset: true}); }
    else { c.fit(); }
    c.repaint({silent: true});
    if (c.state.selected) {   // the popup open in the link, where the view shows it
        const where = c.byId[c.state.selected];
        c.state.selected = null;
        if (where && c.F[where.layer].visible[where.index]) { c.openPopup(where.layer, where.index); }
    }
    map.on("moveend", function () { c.announce(); });
    api.ready = true;
    document.documentElement.setAttribute("data-tda-ready", "1");
    channel.ready();
    c.announce();
}

function assign(state, partial) {
    Object.keys(partial).forEach(function (k) {
        if (k === "filters") { Object.keys(partial.filters).forEach(function (f) { state.filters[f] = partial.filters[f]; }); }
        else { state[k] = partial[k]; }
    });
}

/** Load the payload and start the page on `map`; `window.tda` is its API. */
export function mount(map, options) {
    const api = {ready: false, map: map, _listeners: {change: [], select: []}};
    window.tda = api;
    api.loaded = loadPayload(options).then(function (P) {
        start(window.L, map, options, P, api);
        return api;
    });
    return api;
}
