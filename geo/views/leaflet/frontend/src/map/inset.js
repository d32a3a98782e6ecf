/* The inset: features the payload flags `i` (geo.style.inset: what lies far north of South
 * America) are framed again in a small map in the top-right corner, so that South America
 * fills the main map, which leaves them out of its fit (`c.insetShown`). Shown when the map
 * is at least `style.inset.min_map_px` wide and both flagged and other features are drawn.
 * Same symbols and aggregation as the main map; a click on a mark shows it on the main map. */
import {el} from "../dom.js";
import {aggregateMarks} from "./aggregate.js";
import {symbolOf} from "./features.js";
import {pathOptions} from "./paths.js";
import {aggregateRadius, drawAggregate, paint} from "./points.js";

const HIT_PX = 12;

/** The union [w, s, e, n] of the boxes, or null for none. */
export function unionBox(boxes) {
    if (!boxes.length) { return null; }
    return boxes.reduce(function (u, b) {
        return [Math.min(u[0], b[0]), Math.min(u[1], b[1]), Math.max(u[2], b[2]), Math.max(u[3], b[3])];
    }, boxes[0].slice());
}

/** The inset's size [w, h] in px on a map of `size` {x, y}: the style's rule. */
export function insetSize(size, rule) {
    const w = Math.min(rule.max_px, rule.width * size.x);
    return [Math.round(w), Math.round(Math.min(rule.height * size.y, rule.aspect * w))];
}

/** `c.updateInset()`, `c.insetShown`, `c.insetMarks()`. */
export function setupInset(c) {
    const L = c.L, map = c.map, P = c.P, rule = c.STYLE.inset;
    const box = el("div", "tda-inset"), holder = el("div", "tda-inset-map");
    const canvas = el("canvas", "tda-inset-points"), caption = el("div", "tda-inset-caption", c.S.inset_caption);
    box.setAttribute("role", "img");
    box.setAttribute("aria-label", c.S.inset);
    box.style.borderColor = c.PAL.muted_ink;
    box.style.display = "none";
    box.appendChild(holder); box.appendChild(canvas); box.appendChild(caption);
    const Inset = L.Control.extend({options: {position: "topright"}, onAdd: function () { return box; }});
    new Inset().addTo(map);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    let inset = null, drawn = null, marks = [];
    c.insetShown = false;

    function create() {
        inset = L.map(holder, {zoomControl: false, attributionControl: false, dragging: false,
                               scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false,
                               keyboard: false, touchZoom: false, zoomSnap: 0.25, inertia: false,
                               fadeAnimation: false, zoomAnimation: false});
        const renderer = L.canvas({padding: 0.1});
        L.geoJSON({type: "FeatureCollection", features: P.basemap.map(function (f) {
            return {type: "Feature", geometry: f.g, properties: {}};
        })}, {renderer: renderer, interactive: false,
              style: function () { return pathOptions(c.STYLE.basemap); }}).addTo(inset);
        drawn = L.layerGroup().addTo(inset);
        drawn.renderer = renderer;
    }

    function flagged() {
        const out = [];
        let others = 0;
        P.layer_order.forEach(function (name) {
            const info = c.F[name];
            info.entries.forEach(function (f, i) {
                if (!info.visible[i]) { return; }
                if (f.i) { out.push({name: name, info: info, i: i}); } else { others++; }
            });
        });
        return {items: out, others: others};
    }

    function drawPoints(items) {
        const size = inset.getSize(), ratio = window.devicePixelRatio || 1;
        canvas.width = size.x * ratio; canvas.height = size.y * ratio;
        canvas.style.width = size.x + "px"; canvas.style.height = size.y + "px";
        const ctx = canvas.getContext("2d");
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        const points = items.filter(function (it) { return it.info.rank >= 0; });
        const x = [], y = [], key = [];
        points.forEach(function (it) {
            const g = it.info.entries[it.i].g.coordinates, p = inset.latLngToContainerPoint([g[1], g[0]]);
            x.push(p.x); y.push(p.y);
            key.push(it.name === P.roles.events ? it.info.entries[it.i].at : -1);
        });
        const keys = new Map();   // place keys as numbers, as the main map groups them
        const source = {n: points.length, x: x, y: y, key: key.map(function (k) {
            if (k === -1) { return -1; }
            if (!keys.has(k)) { keys.set(k, keys.size); }
            return keys.get(k);
        }), item: function (k) {
            const it = points[k], sym = symbolOf(it.info, it.i);
            return {layer: it.name, index: it.i, id: it.info.entries[it.i].id, rank: it.info.rank,
                    t0: 0, r: sym.radius || 4, sym: sym, x: x[k], y: y[k]};
        }};
        const groups = aggregateMarks(source, {leg: c.STYLE.fan_out.leg_px, open: -1, radius: function (n) {
            return aggregateRadius(c.STYLE.aggregate, n);
        }});
        marks = [];
        groups.forEach(function (ms) {
            ms.forEach(function (m) {
                if (m.cluster) {
                    const first = points.findIndex(function (p, k) { return source.key[k] === m.key; });
                    marks.push({cluster: true, count: m.count, x: m.x, y: m.y, r: m.r,
                                id: points[first].info.entries[points[first].i].id});
                } else {
                    marks.push({id: m.item.id, x: m.x, y: m.y, r: m.r, sym: m.item.sym});
                }
            });
        });
        ctx.clearRect(0, 0, size.x, size.y);
        marks.forEach(function (m) {
            if (m.cluster) { drawAggregate(c, ctx, m); } else { paint(ctx, m.sym, m.x, m.y, m.r); }
        });
    }

    c.updateInset = function () {
        const size = map.getSize(), found = flagged();
        const show = size.x >= rule.min_map_px && found.items.length > 0 && found.others > 0;
        box.style.display = show ? "" : "none";
        c.insetShown = show;
        if (!show) { marks = []; return; }
        const wh = insetSize(size, rule);
        box.style.width = wh[0] + "px"; box.style.height = wh[1] + "px";
        if (!inset) { create(); }
        inset.invalidateSize({pan: false});
        const b = unionBox(found.items.map(function (it) { return it.info.entries[it.i].i; }));
        inset.fitBounds([[b[1], b[0]], [b[3], b[2]]], {padding: [rule.padding_px, rule.padding_px],
                                                       maxZoom: rule.max_zoom, animate: false});
        drawn.clearLayers();
        found.items.forEach(function (it) {   // areas first, then lines (layer order)
            if (it.info.rank >= 0) { return; }
            drawn.addLayer(L.geoJSON({type: "Feature", geometry: c.geometryOf(it.info.entries[it.i]), properties: {}},
                                     {renderer: drawn.renderer, interactive: false,
                                      style: function () { return pathOptions(symbolOf(it.info, it.i)); }}));
        });
        drawPoints(found.items);
    };
    /** The inset's marks now, in inset container px (tests and clicks). */
    c.insetMarks = function () { return marks.slice(); };
    box.addEventListener("click", function (e) {
        const r = holder.getBoundingClientRect(), px = e.clientX - r.left, py = e.clientY - r.top;
        let best = null, bestD = HIT_PX;
        marks.forEach(function (m) {
            const d = Math.hypot(m.x - px, m.y - py) - m.r;
            if (d < bestD) { bestD = d; best = m; }
        });
        if (best) { c.focus(best.id); }
    });
}
