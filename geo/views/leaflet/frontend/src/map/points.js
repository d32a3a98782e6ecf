/* The points canvas: every mark of the point layers drawn by one canvas layer, culled to
 * the view, grouped and fanned out (aggregate.js); labels drawn on top (labels.js). */
import {aggregateMarks, layoutMarks} from "./aggregate.js";
import {symbolOf} from "./features.js";
import {drawLabels} from "./labels.js";

const EARTH_M = 40075016.686;
const MARGIN_PX = 40;

function metresPerPixel(lat, zoom) {
    return EARTH_M * Math.cos(lat * Math.PI / 180) / (256 * Math.pow(2, zoom));
}

const SHAPES = {
    circle: function (ctx, x, y, r) { ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI); },
    square: function (ctx, x, y, r) { ctx.rect(x - r, y - r, 2 * r, 2 * r); },
    diamond: function (ctx, x, y, r) {
        ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath();
    },
    cross: function (ctx, x, y, r) {
        ctx.moveTo(x - r, y - r); ctx.lineTo(x + r, y + r); ctx.moveTo(x + r, y - r); ctx.lineTo(x - r, y + r);
    },
    star: function (ctx, x, y, r) {
        for (let i = 0; i < 10; i++) {
            const a = -Math.PI / 2 + i * Math.PI / 5, d = i % 2 ? 0.45 * r : r;
            if (i) { ctx.lineTo(x + d * Math.cos(a), y + d * Math.sin(a)); }
            else { ctx.moveTo(x + d * Math.cos(a), y + d * Math.sin(a)); }
        }
        ctx.closePath();
    }
};

export function dashOf(s) { return s ? s.split(/[ ,]+/).map(Number) : []; }

export function paint(ctx, sym, x, y, r) {
    ctx.beginPath();
    (SHAPES[sym.shape] || SHAPES.circle)(ctx, x, y, r);
    if (sym.fill && sym.fill_opacity > 0 && sym.shape !== "cross") {
        ctx.globalAlpha = sym.fill_opacity; ctx.fillStyle = sym.fill; ctx.fill();
    }
    if (sym.weight > 0) {
        ctx.globalAlpha = sym.opacity; ctx.strokeStyle = sym.color; ctx.lineWidth = sym.weight;
        ctx.setLineDash(dashOf(sym.dash)); ctx.stroke(); ctx.setLineDash([]);
    }
    ctx.globalAlpha = 1;
}

/** Buffers for the points in view, allocated once for every point of the point layers. */
function buffers(c) {
    if (!c.pointBuffers) {
        let n = 0;
        c.P.roles.points.forEach(function (name) { n += c.F[name].entries.length; });
        c.pointBuffers = {x: new Float64Array(n), y: new Float64Array(n), wx: new Float64Array(n),
                          wy: new Float64Array(n), layer: new Uint8Array(n), index: new Int32Array(n),
                          key: new Int32Array(n)};
    }
    return c.pointBuffers;
}

/** Each event's place key (the payload's `at`) as a number, computed once. */
function placeKeys(c, info) {
    if (!info.placeKeys) {
        const ids = new Map();
        info.placeKeys = Int32Array.from(info.entries, function (f) {
            if (!ids.has(f.at)) { ids.set(f.at, ids.size); }
            return ids.get(f.at);
        });
    }
    return info.placeKeys;
}

/** The visible points in view (plus a margin), as an aggregate.js point source. */
function visiblePoints(c, size, scale, ox, oy) {
    const b = buffers(c), x = b.x, y = b.y, wx = b.wx, wy = b.wy, layer = b.layer, index = b.index;
    const infos = c.P.roles.points.map(function (name) { return c.F[name]; }), key = b.key;
    const events = c.P.roles.events;
    let k = 0;
    infos.forEach(function (info, li) {
        const keys = info.name === events ? placeKeys(c, info) : null;
        const vis = info.visible, px = info.px, py = info.py, n = info.entries.length;
        for (let i = 0; i < n; i++) {
            if (!vis[i]) { continue; }
            const wxi = px[i] * scale, wyi = py[i] * scale, xi = wxi - ox, yi = wyi - oy;
            if (xi < -MARGIN_PX || yi < -MARGIN_PX || xi > size.x + MARGIN_PX || yi > size.y + MARGIN_PX) { continue; }
            x[k] = xi; y[k] = yi; wx[k] = wxi; wy[k] = wyi; layer[k] = li; index[k] = i; key[k] = keys ? keys[i] : -1;
            k++;
        }
    });
    function item(j) {
        const info = infos[layer[j]], i = index[j], sym = symbolOf(info, i), t0 = info.spans.d0[0][i];
        return {layer: info.name, index: i, rank: info.rank, t0: isFinite(t0) ? t0 : 0,
                r: sym.radius || 4, sym: sym, x: x[j], y: y[j]};
    }
    return {n: k, x: x, y: y, wx: wx, wy: wy, key: key, item: item};
}

/** The radius of an aggregate of `count` events: the style's table (`radius_px[n - 1]`,
 * its last entry for larger counts). */
export function aggregateRadius(rule, count) {
    const table = rule.radius_px;
    return table[Math.min(count, table.length) - 1];
}

export function drawAggregate(c, ctx, m) {
    const sym = c.STYLE.aggregate.symbol;
    paint(ctx, sym, m.x, m.y, m.r);
    ctx.fillStyle = sym.label_color; ctx.font = "bold " + sym.label_px + "px sans-serif"; ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineWidth = 3; ctx.strokeStyle = sym.label_halo;
    ctx.strokeText(String(m.count), m.x, m.y);
    ctx.fillText(String(m.count), m.x, m.y);
}

function drawPoints(c, ctx, size) {
    const map = c.map, PAL = c.PAL, zoom = map.getZoom(), scale = Math.pow(2, zoom);
    const origin = map.getPixelOrigin(), tl = map.containerPointToLayerPoint([0, 0]);
    const ox = origin.x + tl.x, oy = origin.y + tl.y;
    const sep = c.STYLE.fan_out.min_separation_px;
    const leg = c.STYLE.fan_out.leg_px * (zoom >= 9 ? 1.6 : 1);
    const c0 = Math.floor((ox - MARGIN_PX) / sep), r0 = Math.floor((oy - MARGIN_PX) / sep);
    const grid = {sep: sep, c0: c0, r0: r0,
                  cols: Math.floor((ox + size.x + MARGIN_PX) / sep) - c0 + 1,
                  rows: Math.floor((oy + size.y + MARGIN_PX) / sep) - r0 + 1, ox: ox, oy: oy};
    const source = visiblePoints(c, size, scale, ox, oy), agg = c.STYLE.aggregate;
    if (c.openGroup && c.openGroup.zoom !== zoom) { c.openGroup = null; }
    const placed = zoom >= agg.spiderfy_zoom
        ? layoutMarks(source, grid, {clusterMin: Infinity, leg: leg})
        : aggregateMarks(source, {leg: leg, open: c.openGroup ? c.openGroup.key : -1,
                                  radius: function (n) { return aggregateRadius(agg, n); }});
    const marks = [], areas = [], seenArea = new Set(), leaders = [];
    placed.forEach(function (ms) {
        ms.forEach(function (m) {
            if (m.cluster) { marks.push(m); return; }
            const it = m.item, sym = it.sym, f = c.F[it.layer].entries[it.index];
            if (sym.area_m) {
                const rr = sym.area_m / metresPerPixel(f.g.coordinates[1], zoom);
                const akey = Math.round(it.x) + ":" + Math.round(it.y) + ":" + sym.area_m + ":" + (sym.fill || sym.color);
                if (rr > 3 && !seenArea.has(akey)) { seenArea.add(akey); areas.push({x: it.x, y: it.y, r: rr, sym: sym}); }
            }
            if (m.leader) { leaders.push([it.x, it.y, m.x, m.y]); }
            marks.push({layer: it.layer, index: it.index, x: m.x, y: m.y, ax: it.x, ay: it.y,
                        r: m.r, sym: sym, isNew: c.F[it.layer].isNew[it.index]});
        });
    });
    c.marks = marks;
    const anyAggregate = marks.some(function (m) { return m.cluster; });
    if (anyAggregate !== c.aggregateDrawn) { c.aggregateDrawn = anyAggregate; if (c.updateLegend) { c.updateLegend(); } }
    ctx.clearRect(0, 0, size.x, size.y);
    areas.forEach(function (a) {
        ctx.beginPath(); ctx.arc(a.x, a.y, a.r, 0, 2 * Math.PI);
        const colour = a.sym.fill || a.sym.color;
        ctx.globalAlpha = 0.07; ctx.fillStyle = colour; ctx.fill();
        ctx.globalAlpha = 0.6; ctx.strokeStyle = colour; ctx.lineWidth = 1;
        ctx.setLineDash(dashOf(a.sym.area_dash)); ctx.stroke(); ctx.setLineDash([]);
        ctx.globalAlpha = 1;
    });
    ctx.strokeStyle = PAL.muted_ink; ctx.lineWidth = 1; ctx.globalAlpha = 0.8;
    ctx.beginPath();
    leaders.forEach(function (l) { ctx.moveTo(l[0], l[1]); ctx.lineTo(l[2], l[3]); });
    ctx.stroke(); ctx.globalAlpha = 1;
    leaders.forEach(function (l) { ctx.beginPath(); ctx.arc(l[0], l[1], 2, 0, 2 * Math.PI); ctx.fillStyle = PAL.ink; ctx.fill(); });
    marks.forEach(function (m, k) {
        if (m.cluster) { drawAggregate(c, ctx, m); return; }
        if (c.flags.changed && m.isNew) {
            ctx.beginPath(); ctx.arc(m.x, m.y, m.r + 3.5, 0, 2 * Math.PI);
            ctx.strokeStyle = PAL.changed; ctx.lineWidth = 2; ctx.stroke();
        }
        paint(ctx, m.sym, m.x, m.y, m.r);
        const id = c.F[m.layer].entries[m.index].id;
        if (id === c.state.selected || k === c.focusIndex) {
            ctx.beginPath(); ctx.arc(m.x, m.y, m.r + 6, 0, 2 * Math.PI);
            ctx.strokeStyle = PAL.focus; ctx.lineWidth = 3; ctx.stroke();
        }
    });
    drawLabels(c, ctx, size, scale, ox, oy);
}

/** The points layer (a Leaflet layer with one canvas) and the drawn-mark helpers on `c`. */
export function setupPoints(c) {
    const L = c.L, map = c.map;
    c.marks = [];
    c.focusIndex = -1;
    c.openGroup = null;   // the aggregate a click fanned out: {key, zoom}
    c.pointsAt = L.point(0, 0);  // layer point of the canvas's top left at its last paint
    const PointsLayer = L.Layer.extend({
        onAdd: function (m) {
            this._canvas = L.DomUtil.create("canvas", "tda-points leaflet-zoom-hide");
            m.getPane("tdaPoints").appendChild(this._canvas);
            m.on("moveend zoomend resize viewreset", this._reset, this);
            m.on("zoomstart", this._hide, this);
            this._reset();
        },
        onRemove: function (m) {
            L.DomUtil.remove(this._canvas);
            m.off("moveend zoomend resize viewreset", this._reset, this);
            m.off("zoomstart", this._hide, this);
        },
        _hide: function () { this._canvas.style.visibility = "hidden"; },
        _reset: function () {
            if (!this._canvas) { return; }
            const size = map.getSize(), ratio = window.devicePixelRatio || 1, cv = this._canvas;
            c.pointsAt = map.containerPointToLayerPoint([0, 0]);
            L.DomUtil.setPosition(cv, c.pointsAt);
            cv.width = size.x * ratio; cv.height = size.y * ratio;
            cv.style.width = size.x + "px"; cv.style.height = size.y + "px";
            cv.style.visibility = "visible";
            const ctx = cv.getContext("2d");
            ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
            drawPoints(c, ctx, size);
        }
    });
    c.points = new PointsLayer();
    // Marks are in container px of the last paint; a pan under way since then (a popup's
    // autopan) has moved the canvas by this much.
    c.drawnShift = function () { return map.layerPointToContainerPoint(c.pointsAt); };
    c.drawnAt = function (m) { const d = c.drawnShift(); return L.point(m.x + d.x, m.y + d.y); };
    c.markOf = function (name, i) {
        for (let k = 0; k < c.marks.length; k++) {
            if (c.marks[k].layer === name && c.marks[k].index === i) { return k; }
        }
        return -1;
    };
}
