/* Fit: the largest zoom at which what is drawn, with a margin, fits the map beside the
 * controls over it. `placeBox` and `edgeMargin` are pure (tested with node). */

export const CONTROL_GAP = 8;   // px between fitted content and a control over the map
export const MAX_FIT_ZOOM = 9;

/** px between fitted content and the map's edge, for a map of `size` {x, y}. */
export function edgeMargin(size) {
    return Math.round(Math.max(12, Math.min(40, 0.05 * Math.min(size.x, size.y))));
}

/**
 * Top-left corner [x, y] of a w x h box inside frame [x0, y0, x1, y1] that overlaps no
 * obstacle ([x0, y0, x1, y1], kept `gap` px away), nearest the frame's centre; null if none.
 */
export function placeBox(w, h, frame, obstacles, gap) {
    if (w > frame[2] - frame[0] || h > frame[3] - frame[1]) { return null; }
    const cx = (frame[0] + frame[2] - w) / 2, cy = (frame[1] + frame[3] - h) / 2;
    const xs = [cx, frame[0], frame[2] - w], ys = [cy, frame[1], frame[3] - h];
    obstacles.forEach(function (o) {
        xs.push(o[2] + gap, o[0] - gap - w); ys.push(o[3] + gap, o[1] - gap - h);
    });
    let best = null, bestD = Infinity;
    xs.forEach(function (x0) {
        const x = Math.max(frame[0], Math.min(frame[2] - w, x0));
        ys.forEach(function (y0) {
            const y = Math.max(frame[1], Math.min(frame[3] - h, y0));
            for (let k = 0; k < obstacles.length; k++) {
                const o = obstacles[k];
                if (x < o[2] + gap && x + w > o[0] - gap && y < o[3] + gap && y + h > o[1] - gap) { return; }
            }
            const d = (x - cx) * (x - cx) + (y - cy) * (y - cy);
            if (d < bestD) { bestD = d; best = [x, y]; }
        });
    });
    return best;
}

/** `c.drawnBounds()`, `c.fitPadding()`, `c.fit()`. */
export function setupFit(c) {
    const L = c.L, map = c.map, R = c.P.roles;
    c.drawnBounds = function () {
        const b = L.latLngBounds([]);
        // what the inset shows (inset.js) is left out
        function framed(info, i) { return info.visible[i] && !(c.insetShown && info.entries[i].i); }
        R.points.forEach(function (name) {
            const info = c.F[name];
            for (let i = 0; i < info.entries.length; i++) {
                if (framed(info, i)) { const p = info.entries[i].g.coordinates; b.extend([p[1], p[0]]); }
            }
        });
        R.paths.forEach(function (name) {
            if (name === R.areas) { return; }
            const info = c.F[name];
            info.paths.forEach(function (p, i) { if (p && framed(info, i)) { b.extend(p.getBounds()); } });
        });
        if (!b.isValid()) {   // only countries drawn
            const areas = c.F[R.areas];
            areas.paths.forEach(function (p, i) { if (p && areas.visible[i]) { b.extend(p.getBounds()); } });
        }
        return b;
    };
    c.fitPadding = function () {
        const size = map.getSize(), ctl = c.yearBox.getBoundingClientRect(), mr = c.container.getBoundingClientRect();
        const pad = edgeMargin(size);
        let bottom = Math.max(pad, Math.round(mr.bottom - ctl.top) + 8);
        if (bottom > size.y * 0.45) { bottom = pad; }
        const top = pad + (c.layout.classList.contains("tda-narrow") ? 36 : 0);
        return {paddingTopLeft: [pad, top], paddingBottomRight: [pad, bottom]};
    };
    function controlRects() {
        // The controls over the map, in container pixels: the fitted content stays clear.
        const mr = c.container.getBoundingClientRect(), out = [];
        const nodes = c.container.querySelectorAll(".leaflet-control");
        for (let i = 0; i < nodes.length; i++) {
            const r = nodes[i].getBoundingClientRect();
            if (r.width > 0 && r.height > 0) {
                out.push([r.left - mr.left, r.top - mr.top, r.right - mr.left, r.bottom - mr.top]);
            }
        }
        return out;
    }
    c.fit = function () {
        const b = c.drawnBounds();
        if (!b.isValid()) { return; }
        const size = map.getSize(), pad = edgeMargin(size);
        const frame = [pad, pad, size.x - pad, size.y - pad], obstacles = controlRects();
        const snap = map.options.zoomSnap || 1, minZoom = map.getMinZoom();
        let zoom = Math.min(MAX_FIT_ZOOM, map.getMaxZoom(), map.getBoundsZoom(b, false, L.point(2 * pad, 2 * pad)));
        for (; zoom >= minZoom; zoom -= snap) {
            const sw = map.project(b.getSouthWest(), zoom), ne = map.project(b.getNorthEast(), zoom);
            const w = ne.x - sw.x, h = sw.y - ne.y;
            const at = placeBox(w, h, frame, obstacles, CONTROL_GAP);
            if (at) {
                // Map centre such that the extent's box lands at `at`.
                const centre = L.point((sw.x + ne.x) / 2 + size.x / 2 - (at[0] + w / 2),
                                       (sw.y + ne.y) / 2 + size.y / 2 - (at[1] + h / 2));
                map.setView(map.unproject(centre, zoom), zoom, {animate: false, reset: true});
                return;
            }
        }
        const opts = c.fitPadding();
        opts.maxZoom = MAX_FIT_ZOOM; opts.animate = false; opts.reset = true;
        map.fitBounds(b, opts);
    };
}
