/* The feature index: per layer, the payload's entries with their spans, visibility flags,
 * legend-row combinations and (point layers) positions projected once at zoom 0. */
import {spanArrays} from "./rules.js";

/** Projection to zoom-0 pixels of the map's CRS. */
export function projector(L, crs) {
    return function proj(lon, lat) { return crs.latLngToPoint(L.latLng(lat, lon), 0); };
}

/** Projected outline rings by ISO code, for point-in-country tests of labels. */
export function countryRings(basemap, proj) {
    const rings = Object.create(null);
    basemap.forEach(function (f) {
        const polys = f.g.type === "Polygon" ? [f.g.coordinates] : f.g.coordinates;
        rings[f.iso] = polys.map(function (poly) {
            const ring = poly[0], xs = new Float64Array(ring.length), ys = new Float64Array(ring.length);
            let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
            for (let i = 0; i < ring.length; i++) {
                const p = proj(ring[i][0], ring[i][1]);
                xs[i] = p.x; ys[i] = p.y;
                x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
            }
            return {xs: xs, ys: ys, bbox: [x0, y0, x1, y1]};
        });
    });
    return rings;
}

/** Whether zoom-0 point (x, y) is inside country `iso` (true for an unknown country). */
export function insideCountry(rings, iso, x, y) {
    const parts = rings[iso];
    if (!parts) { return true; }
    for (let k = 0; k < parts.length; k++) {
        const r = parts[k], b = r.bbox;
        if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) { continue; }
        let inside = false;
        const xs = r.xs, ys = r.ys, n = xs.length;
        for (let i = 0, j = n - 1; i < n; j = i++) {
            if ((ys[i] > y) !== (ys[j] > y) &&
                x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) { inside = !inside; }
        }
        if (inside) { return true; }
    }
    return false;
}

/** Per layer {name, entries, symbols, filters, spans, visible, active, isNew, ...} and byId. */
export function indexFeatures(P, proj) {
    const layers = Object.create(null), byId = Object.create(null);
    const points = P.roles.points;
    P.layer_order.forEach(function (name) {
        const data = P.layers[name], n = data.features.length;
        const info = {name: name, entries: data.features, symbols: data.symbols,
                      filters: data.filters, spans: spanArrays(data.features, P.modes.length),
                      visible: new Uint8Array(n), active: new Uint8Array(n), isNew: new Uint8Array(n),
                      paths: null, px: null, py: null, lgIndex: new Int32Array(n), lgCombos: [],
                      rank: points.indexOf(name)};
        const combos = Object.create(null);
        data.features.forEach(function (f, i) {
            byId[f.id] = {layer: name, index: i};
            const key = f.lg.join("|") + "#" + f.lga.join("|");
            if (combos[key] === undefined) { combos[key] = info.lgCombos.length; info.lgCombos.push([f.lg, f.lga]); }
            info.lgIndex[i] = combos[key];
        });
        if (info.rank >= 0) {
            info.px = new Float64Array(n); info.py = new Float64Array(n);
            data.features.forEach(function (f, i) {
                const p = proj(f.g.coordinates[0], f.g.coordinates[1]);
                info.px[i] = p.x; info.py[i] = p.y;
            });
        }
        layers[name] = info;
    });
    return {layers: layers, byId: byId};
}

/** The symbol a feature is drawn with now (active or not). */
export function symbolOf(info, i) {
    return info.symbols[info.entries[i].s[info.active[i] ? 1 : 0]];
}
