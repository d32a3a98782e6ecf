/* The page state and its checks: URL query, the parent's `tda:set` and the API all go
 * through `cleanPartial`, which keeps known keys with well-formed values only. Names come
 * from the payload (`limitsFrom`): years, modes, filter and layer names, zoom range. */
import {dict, has} from "../dom.js";

export const MAX_TEXT = 80;       // characters of one filter value or layer name
export const MAX_VALUES = 100;    // values of one filter or layer list
export const MAX_ID = 200;        // characters of a feature id
export const MAX_LAT = 85.0511;   // Web Mercator's limit
export const STATE_KEYS = ["year", "mode", "filters", "layers", "view", "selected"];

/** The bounds a state must keep, from the payload and the page options. */
export function limitsFrom(P, options) {
    return {years: P.years.slice(), modes: P.modes.slice(), filterNames: P.filter_names.slice(),
            layerNames: P.layer_order.slice(), defaultLayers: P.initial.layers.slice(),
            minZoom: options.min_zoom || 2, maxZoom: options.max_zoom || 13};
}

/** A new state: the payload's initial view, no filters, nothing selected. */
export function initialState(P) {
    const filters = dict();
    P.filter_names.forEach(function (k) { filters[k] = []; });
    return {year: P.initial.year, mode: P.initial.mode, filters: filters,
            layers: P.initial.layers.slice(), view: null, selected: null, lang: P.lang};
}

/** The query string as a prototype-free map (the last value of a repeated key wins). */
export function parseQuery(search) {
    const out = dict();
    new URLSearchParams(search || "").forEach(function (value, key) { out[key] = value; });
    return out;
}

/** A plain object (an object literal or JSON, or prototype-free), not an array. */
export function isPlain(v) {
    if (!v || typeof v !== "object") { return false; }
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
}

function number(v) {
    if (typeof v === "number") { return v; }
    if (typeof v === "string" && v.length <= 40 && v.trim() !== "") { return Number(v); }
    return NaN;
}

/** A list from an array or a comma-separated string; undefined when malformed or too long. */
export function cleanList(v) {
    let items;
    if (Array.isArray(v)) { items = v; }
    else if (typeof v === "string") {
        if (v.length > MAX_VALUES * (MAX_TEXT + 1)) { return undefined; }
        items = v === "" ? [] : v.split(",");
    } else { return undefined; }
    if (items.length > MAX_VALUES) { return undefined; }
    const out = [];
    for (let i = 0; i < items.length; i++) {
        const s = items[i];
        if (typeof s !== "string" || s.length > MAX_TEXT) { return undefined; }
        if (s !== "" && out.indexOf(s) < 0) { out.push(s); }
    }
    return out;
}

/** The year, rounded and clamped to the data; undefined when not a finite number. */
export function cleanYear(v, lim) {
    const y = number(v);
    if (!isFinite(y)) { return undefined; }
    return Math.max(lim.years[0], Math.min(lim.years[1], Math.round(y)));
}

/** Known layers in drawing order; the default layers when only unknown names are given. */
export function cleanLayers(v, lim) {
    const list = cleanList(v);
    if (list === undefined) { return undefined; }
    const known = lim.layerNames.filter(function (n) { return list.indexOf(n) >= 0; });
    return known.length || !list.length ? known : lim.defaultLayers.slice();
}

/** {lat, lon, zoom} with finite numbers in range (zoom clamped); undefined otherwise. */
export function cleanView(v, lim) {
    if (!isPlain(v)) { return undefined; }
    const keys = Object.keys(v);
    if (keys.some(function (k) { return k !== "lat" && k !== "lon" && k !== "zoom"; })) { return undefined; }
    const lat = number(v.lat), lon = number(v.lon), zoom = number(v.zoom);
    if (!isFinite(lat) || !isFinite(lon) || !isFinite(zoom)) { return undefined; }
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180) { return undefined; }
    return {lat: Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)), lon: lon,
            zoom: Math.max(lim.minZoom, Math.min(lim.maxZoom, zoom))};
}

/**
 * A partial state with only known keys and well-formed values, and the problems found.
 * `strict` (a message): an unknown key or a malformed value is a problem; otherwise (the
 * URL, the page options) such values are dropped quietly.
 */
export function cleanPartial(raw, lim, strict) {
    const out = dict(), problems = [];
    if (!isPlain(raw)) { return {partial: out, problems: ["not an object"]}; }
    Object.keys(raw).forEach(function (key) {
        if (STATE_KEYS.indexOf(key) < 0) { if (strict) { problems.push("unknown key"); } return; }
        const v = raw[key];
        let clean;
        if (key === "year") { clean = cleanYear(v, lim); }
        else if (key === "mode") { clean = typeof v === "string" && lim.modes.indexOf(v) >= 0 ? v : undefined; }
        else if (key === "layers") { clean = cleanLayers(v, lim); }
        else if (key === "view") { clean = cleanView(v, lim); }
        else if (key === "selected") {
            clean = v === null || (typeof v === "string" && v.length <= MAX_ID) ? v : undefined;
        } else if (key === "filters") { clean = cleanFilters(v, lim, strict, problems); }
        if (clean === undefined) { problems.push("bad " + key); return; }
        out[key] = clean;
    });
    return {partial: out, problems: problems};
}

function cleanFilters(v, lim, strict, problems) {
    if (!isPlain(v)) { return undefined; }
    const out = dict();
    Object.keys(v).forEach(function (k) {
        if (lim.filterNames.indexOf(k) < 0) { if (strict) { problems.push("unknown filter"); } return; }
        const list = cleanList(v[k]);
        if (list === undefined) { problems.push("bad filter"); return; }
        out[k] = list;
    });
    return out;
}

/** The URL query's state parameters as a raw partial state (checked by `cleanPartial`). */
export function queryToRaw(q, lim) {
    const raw = dict();
    ["year", "mode", "layers"].forEach(function (k) { if (has(q, k)) { raw[k] = q[k]; } });
    const filters = dict();
    lim.filterNames.forEach(function (k) { if (has(q, k)) { filters[k] = q[k]; } });
    if (Object.keys(filters).length) { raw.filters = filters; }
    if (has(q, "lat") && has(q, "lon") && has(q, "zoom")) { raw.view = {lat: q.lat, lon: q.lon, zoom: q.zoom}; }
    if (has(q, "selected")) { raw.selected = q.selected; }
    return raw;
}

/** A page flag (briefing, embed, tiles) from the query or the options: "1" or true. */
export function flag(v) { return v === true || v === "1"; }

/** The URL query of a state snapshot, keeping the query's other parameters. */
export function stateToQuery(s, search, filterNames) {
    const q = new URLSearchParams(search);
    q.set("year", String(s.year)); q.set("mode", s.mode); q.set("lang", s.lang);
    filterNames.forEach(function (k) {
        if (s.filters[k].length) { q.set(k, s.filters[k].join(",")); } else { q.delete(k); }
    });
    q.set("layers", s.layers.join(","));
    q.set("lat", String(s.view.lat)); q.set("lon", String(s.view.lon)); q.set("zoom", String(s.view.zoom));
    if (s.selected) { q.set("selected", s.selected); } else { q.delete("selected"); }   // the open popup
    return q.toString();
}
