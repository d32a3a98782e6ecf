/* Aggregation and fan layout of point marks, in screen pixels; pure (tested with node).
 *
 * Below the style's spiderfy zoom (`aggregateMarks`), co-located points aggregate: a group
 * of two or more becomes one proportional symbol with its count, at the group's centre;
 * points that do not aggregate (places) stay where they are; only the group opened by a
 * click fans out. At and above that zoom (`layoutMarks`):
 * Points closer than `sep` form a group (a grid of that cell size, fixed to world pixels
 * so a pan does not regroup, and neighbouring cells whose first points are that close
 * joined). A group of `clusterMin` or more becomes one count mark; a smaller one fans out
 * on a ring (a spiral past RING_MAX), each mark on the side of its own location, with a
 * leader line from it; groups whose marks would touch are merged and fanned again. */

export const RING_MAX = 12;    // up to this size a group fans out on a ring, then a spiral
export const MARK_GAP = 4;     // px between the edges of two drawn marks
export const MERGE_ROUNDS = 8;

function find(parent, i) {
    while (parent[i] !== i) { parent[i] = parent[parent[i]]; i = parent[i]; }
    return i;
}

/**
 * Points as a source for `groupPoints`: {n, x, y, wx, wy (arrays), item(k)}; `item(k)` is
 * called only for points that stay separate marks (not those inside a count mark).
 */
export function pointSource(points) {
    const get = (key) => points.map((p) => p[key]);
    return {n: points.length, x: get("x"), y: get("y"), wx: get("wx"), wy: get("wy"),
            item: (k) => points[k]};
}

/**
 * Group the points of `source` (`pointSource`; x, y: screen px; wx, wy: world px).
 * grid: {sep, c0, r0, cols, rows} (cells of world px); returns groups
 * [{x, y, sx, sy, count, items|null}] (items null: a count mark).
 */
export function groupPoints(source, grid, clusterMin) {
    const sep = grid.sep, cols = grid.cols, rows = grid.rows;
    const cells = new Int32Array(cols * rows).fill(-1), groups = [];
    const xs = source.x, ys = source.y, wxs = source.wx, wys = source.wy;
    for (let k = 0; k < source.n; k++) {
        const x = xs[k], y = ys[k];
        const col = Math.floor(wxs[k] / sep) - grid.c0, row = Math.floor(wys[k] / sep) - grid.r0;
        const cell = row * cols + col;
        const g = cells[cell];
        let group;
        if (g < 0) {
            group = {x: x, y: y, sx: 0, sy: 0, count: 0, items: [], cell: cell,
                     x0: x, x1: x, y0: y, y1: y};
            cells[cell] = groups.length; groups.push(group);
        } else { group = groups[g]; }
        group.count++; group.sx += x; group.sy += y;
        if (x < group.x0) { group.x0 = x; } if (x > group.x1) { group.x1 = x; }
        if (y < group.y0) { group.y0 = y; } if (y > group.y1) { group.y1 = y; }
        if (group.count < clusterMin) { group.items.push(source.item(k)); } else { group.items = null; }
    }
    const parent = groups.map(function (g, i) { return i; });
    groups.forEach(function (g, i) {
        const col = g.cell % cols, row = (g.cell - col) / cols;
        for (let dr = 0; dr <= 1; dr++) {
            for (let dc = -1; dc <= 1; dc++) {
                if (dr === 0 && dc <= 0) { continue; }
                const c = col + dc, r = row + dr;
                if (c < 0 || c >= cols || r >= rows) { continue; }
                const j = cells[r * cols + c];
                if (j < 0) { continue; }
                const o = groups[j];
                if ((o.x - g.x) * (o.x - g.x) + (o.y - g.y) * (o.y - g.y) < sep * sep) {
                    parent[find(parent, j)] = find(parent, i);
                }
            }
        }
    });
    return mergeGroups(groups, parent, clusterMin);
}

/** Groups joined by the union-find `parent`. */
export function mergeGroups(groups, parent, clusterMin) {
    const out = [], at = Object.create(null);
    groups.forEach(function (g, i) {
        const root = find(parent, i);
        if (at[root] === undefined) {
            at[root] = out.length;
            out.push({x: g.x, y: g.y, sx: g.sx, sy: g.sy, count: g.count, items: g.items,
                      x0: g.x0, x1: g.x1, y0: g.y0, y1: g.y1});
            return;
        }
        const m = out[at[root]];
        m.count += g.count; m.sx += g.sx; m.sy += g.sy;
        m.x0 = Math.min(m.x0, g.x0); m.x1 = Math.max(m.x1, g.x1);
        m.y0 = Math.min(m.y0, g.y0); m.y1 = Math.max(m.y1, g.y1);
        m.items = m.items && g.items && m.count < clusterMin ? m.items.concat(g.items) : null;
    });
    return out;
}

/**
 * The marks of one group, in drawing order: [{item, x, y, r, leader}] or one
 * {cluster, x, y, count, r}. Items carry {rank, t0, r} (layer rank, first year, radius):
 * lower ranks under higher, newer and larger on top.
 */
export function fanOut(group, leg) {
    const items = group.items;
    if (!items) {
        const cr = Math.min(26, 9 + 3 * Math.log(group.count));
        return [{cluster: true, x: group.sx / group.count, y: group.sy / group.count, count: group.count, r: cr}];
    }
    items.sort(function (a, b) {
        if (a.rank !== b.rank) { return a.rank - b.rank; }
        if (a.t0 !== b.t0) { return a.t0 - b.t0; }
        return b.r - a.r;
    });
    const n = items.length, cx = group.sx / group.count, cy = group.sy / group.count;
    const out = items.map(function (it) { return {item: it, x: it.x, y: it.y, r: it.r}; });
    if (n === 1) { return out; }
    let maxR = 0;
    out.forEach(function (m) { maxR = Math.max(maxR, m.r); });
    const spacing = 2 * maxR + MARK_GAP + 1;
    out.centre = [cx, cy];
    const bySide = out.slice().sort(function (a, b) {
        let aa = Math.atan2(a.item.y - cy, a.item.x - cx), ab = Math.atan2(b.item.y - cy, b.item.x - cx);
        const spread = Math.abs(a.item.x - b.item.x) + Math.abs(a.item.y - b.item.y);
        if (spread < 1) { return out.indexOf(a) - out.indexOf(b); }
        aa = (aa + 2.5 * Math.PI) % (2 * Math.PI); ab = (ab + 2.5 * Math.PI) % (2 * Math.PI);
        return aa - ab || out.indexOf(a) - out.indexOf(b);
    });
    bySide.forEach(function (m, k) {
        let angle, dist;
        if (n <= RING_MAX) {
            angle = -Math.PI / 2 + 2 * Math.PI * k / n;
            dist = Math.max(leg, n * spacing / (2 * Math.PI) / Math.max(0.95, Math.sin(Math.PI / n) / (Math.PI / n)));
        } else {       // Archimedean spiral, like Leaflet.markercluster's
            angle = -Math.PI / 2 + 2.34 * Math.sqrt(k + 1);
            dist = leg * 0.8 + Math.max(11, 0.86 * spacing) * Math.sqrt(k + 1);
        }
        m.x = cx + dist * Math.cos(angle); m.y = cy + dist * Math.sin(angle);
        m.leader = true;
    });
    return out;
}

/** Union of groups whose discs come closer than MARK_GAP; null when none do. */
export function collidingGroups(placed) {
    const CELL = 64, grid = new Map(), parent = placed.map(function (g, i) { return i; });
    let any = false;
    placed.forEach(function (ms, gi) {
        let cx = 0, cy = 0, rad = 0;
        ms.forEach(function (m) { cx += m.x; cy += m.y; });
        if (ms[0].item && ms.length > 1) { cx = ms.centre[0]; cy = ms.centre[1]; }
        else { cx /= ms.length; cy /= ms.length; }
        ms.forEach(function (m) { rad = Math.max(rad, Math.hypot(m.x - cx, m.y - cy) + m.r); });
        const disc = {g: gi, x: cx, y: cy, r: rad}, seen = Object.create(null);
        const c0 = Math.floor((cx - rad - MARK_GAP) / CELL), c1 = Math.floor((cx + rad + MARK_GAP) / CELL);
        const r0 = Math.floor((cy - rad - MARK_GAP) / CELL), r1 = Math.floor((cy + rad + MARK_GAP) / CELL);
        for (let r = r0; r <= r1; r++) {
            for (let c = c0; c <= c1; c++) {
                const key = r + ":" + c;
                let list = grid.get(key);
                if (!list) { list = []; grid.set(key, list); }
                for (let k = 0; k < list.length; k++) {
                    const o = list[k];
                    if (seen[o.g]) { continue; }
                    seen[o.g] = true;
                    const need = o.r + rad + MARK_GAP;
                    if ((o.x - cx) * (o.x - cx) + (o.y - cy) * (o.y - cy) < need * need
                            && find(parent, o.g) !== find(parent, gi)) {
                        parent[find(parent, o.g)] = find(parent, gi); any = true;
                    }
                }
                list.push(disc);
            }
        }
    });
    return any ? parent : null;
}

/** Group, fan out and merge colliding groups: the placed marks of every group. */
export function layoutMarks(source, grid, opts) {
    let groups = groupPoints(source, grid, opts.clusterMin);
    let placed = groups.map(function (g) { return fanOut(g, opts.leg); });
    for (let round = 0; round < MERGE_ROUNDS; round++) {
        const parent = collidingGroups(placed);
        if (!parent) { break; }
        groups = mergeGroups(groups, parent, opts.clusterMin);
        placed = groups.map(function (g) { return fanOut(g, opts.leg); });
    }
    return placed;
}

/** Farthest a point of `group` lies from its centre (px; from the group's bounding box). */
export function groupSpread(group) {
    const cx = group.sx / group.count, cy = group.sy / group.count;
    return Math.hypot(Math.max(cx - group.x0, group.x1 - cx), Math.max(cy - group.y0, group.y1 - cy));
}

/** Aggregates (groups of two or more) whose discs would overlap, merged into one: their
 * counts add up, the disc sits at the centre of all their points and answers to every key. */
export function mergeDiscs(discs, radius) {
    for (let round = 0; round < MERGE_ROUNDS; round++) {
        const parent = collidingGroups(discs.map(function (g) {
            return [{cluster: true, x: g.sx / g.count, y: g.sy / g.count, r: radius(g.count)}];
        }));
        if (!parent) { break; }
        const roots = new Map();
        discs.forEach(function (g, i) {
            const root = find(parent, i), m = roots.get(root);
            if (!m) { roots.set(root, g); return; }
            m.count += g.count; m.sx += g.sx; m.sy += g.sy; m.ks = m.ks.concat(g.ks);
            m.keys = m.keys.concat(g.keys); m.key = Math.min(m.key, g.key);
            m.x0 = Math.min(m.x0, g.x0); m.x1 = Math.max(m.x1, g.x1);
            m.y0 = Math.min(m.y0, g.y0); m.y1 = Math.max(m.y1, g.y1);
        });
        discs = Array.from(roots.values());
    }
    return discs;
}

/**
 * Marks below the spiderfy zoom: points whose `source.key` is -1 (places) are their own
 * marks where they lie; the others group by key (one place) and a group of two or more is
 * one aggregate mark {cluster, x, y, count, r: opts.radius(count), spread, key} at its
 * centre; aggregates whose discs would overlap are one (`mergeDiscs`). The aggregate
 * holding key `opts.open` (a click's spiderfy) fans out instead. Aggregates draw larger
 * under smaller, after the single marks.
 */
export function aggregateMarks(source, opts) {
    const singles = [], groups = new Map(), keys = source.key;
    for (let k = 0; k < source.n; k++) {
        const key = keys[k], x = source.x[k], y = source.y[k];
        if (key < 0) {
            const it = source.item(k);
            singles.push([{item: it, x: it.x, y: it.y, r: it.r}]);
            continue;
        }
        let g = groups.get(key);
        if (!g) {
            g = {key: key, keys: [key], sx: 0, sy: 0, count: 0, ks: [], x0: x, x1: x, y0: y, y1: y};
            groups.set(key, g);
        }
        g.count++; g.sx += x; g.sy += y; g.ks.push(k);
        g.x0 = Math.min(g.x0, x); g.x1 = Math.max(g.x1, x); g.y0 = Math.min(g.y0, y); g.y1 = Math.max(g.y1, y);
    }
    const out = [], aggregates = [], discs = [];
    groups.forEach(function (g) { (g.count === 1 ? out : discs).push(g); });
    out.forEach(function (g, i) { g.items = [source.item(g.ks[0])]; out[i] = fanOut(g, opts.leg); });
    mergeDiscs(discs, opts.radius).forEach(function (g) {
        if (g.keys.indexOf(opts.open) >= 0) {
            g.items = g.ks.map(function (k) { return source.item(k); });
            aggregates.push(fanOut(g, opts.leg));
            return;
        }
        aggregates.push([{cluster: true, x: g.sx / g.count, y: g.sy / g.count, count: g.count,
                          r: opts.radius(g.count), spread: groupSpread(g), key: g.key}]);
    });
    aggregates.sort(function (a, b) {
        const ra = a[0].cluster ? a[0].r : 0, rb = b[0].cluster ? b[0].r : 0;
        return rb - ra;
    });
    return singles.concat(out, aggregates);
}
