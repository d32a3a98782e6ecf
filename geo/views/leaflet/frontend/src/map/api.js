/* window.tda: the page's API for the panels, the app bridge and the tests.
 * state(), set(partial), focus(id), on("change"|"select", fn), features(layer),
 * visible(layer), visibleIds(), years, quietYears, lang, strings, sources, roles, style,
 * panelsElement; test hooks: drawnStyle(id), marks(), labels(), legendRows(), inset(),
 * drawnBounds(), fit(), fitMargins(), moving(), repaint(), lastRepaintMs(),
 * lastRepaintParts(). */
import {symbolOf} from "./features.js";
import {CONTROL_GAP, edgeMargin} from "./fit.js";

function asFeature(c, name, f) {
    return {type: "Feature", id: f.id, geometry: c.geometryOf(f),
            properties: {layer: name, kind: f.kind, name: f.name, drawn: f.d, active: f.a,
                         new_in: f.n, country: f.country, place: f.place,
                         place_name: f.place_name, date: f.date, date_label: f.date_label,
                         aliases: f.aliases, sources: f.sources, filters: f.f, popup: f.p}};
}

/** Fill `api` (window.tda) from the page context `c`. */
export function setupApi(c, api) {
    const L = c.L, map = c.map, P = c.P;
    const cache = Object.create(null);
    api.state = c.snapshot;
    api.set = function (partial) { c.setState(partial || {}); };
    api.focus = function (id) { return c.focus(String(id)); };
    api.on = function (name, fn) { if (api._listeners[name]) { api._listeners[name].push(fn); } };
    api.features = function (name) {
        if (!c.F[name]) { return []; }
        if (!cache[name]) { cache[name] = c.F[name].entries.map(function (f) { return asFeature(c, name, f); }); }
        return cache[name].slice();
    };
    api.visible = function (name) {
        const info = c.F[name];
        return api.features(name).filter(function (f, i) { return info.visible[i] === 1; });
    };
    api.visibleIds = function () {
        const ids = [];
        P.layer_order.forEach(function (name) {
            const info = c.F[name];
            for (let i = 0; i < info.entries.length; i++) { if (info.visible[i]) { ids.push(info.entries[i].id); } }
        });
        return ids.sort();
    };
    api.drawnStyle = function (id) {
        const where = c.byId[id];
        if (!where || !c.F[where.layer].visible[where.index]) { return null; }
        const info = c.F[where.layer];
        if (info.paths) {
            let o = null;
            info.paths[where.index].eachLayer(function (l) { o = l.options; });
            return {color: o.color, weight: o.weight, opacity: o.opacity, dash: o.dashArray || null,
                    fill: o.fill ? o.fillColor : null, fill_opacity: o.fill ? o.fillOpacity : 0};
        }
        // A point without its own mark is counted in an aggregate (or out of view): its
        // symbol, flagged `own_mark: false`, with no position.
        const k = c.markOf(where.layer, where.index);
        const m = k < 0 ? null : c.marks[k], s = m ? m.sym : symbolOf(info, where.index);
        const at = m ? c.drawnAt(m) : {x: null, y: null};
        return {color: s.color, weight: s.weight, opacity: s.opacity, dash: s.dash || null,
                fill: s.fill, fill_opacity: s.fill_opacity, radius: m ? m.r : s.radius || null,
                shape: s.shape, own_mark: Boolean(m), x: at.x, y: at.y};
    };
    api.marks = function () {  // where each mark is on screen now (container px)
        const d = c.drawnShift();
        return c.marks.map(function (m) {
            // away: how far the mark is drawn from its place (an aggregate: its farthest point)
            return m.cluster ? {cluster: true, count: m.count, x: m.x + d.x, y: m.y + d.y, r: m.r, away: m.spread}
                : {id: c.F[m.layer].entries[m.index].id, layer: m.layer, x: m.x + d.x, y: m.y + d.y, r: m.r,
                   away: Math.hypot(m.x - m.ax, m.y - m.ay)};
        });
    };
    let moving = false;
    map.on("movestart zoomstart", function () { moving = true; });
    map.on("moveend zoomend", function () { moving = false; });
    api.moving = function () { return moving; };
    api.labels = function () {  // boxes in container px now, like marks()
        const d = c.drawnShift();
        return {placed: c.placedLabels.map(function (l) {
                    return L.extend({}, l, {box: [l.box[0] + d.x, l.box[1] + d.y, l.box[2] + d.x, l.box[3] + d.y]});
                }), unplaced: c.unplacedLabels.slice()};
    };
    api.legendRows = function () { return c.legendIds.slice(); };
    api.inset = function () { return {shown: c.insetShown, marks: c.insetMarks()}; };
    api.fitMargins = function () { return {edge: edgeMargin(map.getSize()), control: CONTROL_GAP}; };
    api.drawnBounds = function () {
        const b = c.drawnBounds();
        return b.isValid() ? [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]] : null;
    };
    api.years = P.years.slice();
    api.quietYears = P.quiet_years.slice();
    api.lang = P.lang;
    api.strings = c.S;
    api.sources = P.sources;
    api.roles = P.roles;
    api.style = c.STYLE;
    api.panelsElement = c.panels;
    api.fit = c.fit;
    api.repaint = function () { c.repaint({silent: true}); return c.lastRepaintMs; };
    api.lastRepaintMs = function () { return c.lastRepaintMs; };
    api.lastRepaintParts = function () { return c.lastParts; };
}
