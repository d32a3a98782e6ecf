/* Labels: candidates (countries in view, the places the style's label rules name, places
 * of active events), placed by priority without overlaps (`placeLabels`, pure), drawn on
 * the points canvas with a halo. */
import {insideCountry} from "./features.js";

const NEAR = [[8, 0], [-8, 0, 1], [0, -1, 0.5], [0, 1, 0.5], [8, -0.8], [-8, -0.8, 1], [8, 0.8], [-8, 0.8, 1],
              [24, 0], [-24, 0, 1], [0, -2, 0.5], [0, 2, 0.5], [20, -1.6], [-20, -1.6, 1], [20, 1.6], [-20, 1.6, 1]];

/** Offsets [dx, dy] of a w x h place label around its anchor, nearest first. */
export function placeOffsets(w, h) {
    return NEAR.map(function (o) { return [o[0] - (o[2] || 0) * w, o[1] * h]; });
}

/** Offsets [dx, dy] of a w x h country label: on its anchor, else above or below it. */
export function countryOffsets(w, h) {
    const out = [[-w / 2, 0]];
    [1.5, 2.5, 4, 6].forEach(function (k) { out.push([-w / 2, -k * h], [-w / 2, k * h]); });
    return out;
}

/** Offsets [dx, dy] of a w x h country label beside its anchor, offshore (a narrow country,
 * like Chile, is named in the sea beside it): left, then right, level then a row lower. */
export function offshoreOffsets(w, h) {
    return [[-w - 12, 0], [12, 0], [-w - 12, 1.5 * h], [12, 1.5 * h]];
}

/** Whether box b overlaps a box in `boxes` (country labels may sit over single marks,
 * never over an aggregate's disc, whose count they would hide). */
export function collides(boxes, b) {
    for (let i = 0; i < boxes.length; i++) {
        const o = boxes[i];
        if (o[4] === "mark" && b[5] === "country") { continue; }
        if (b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]) { return true; }
    }
    return false;
}

function callout(c, w, h, pad, size, boxes, inside, dists) {
    // No room beside the mark: the label further out, joined to the mark by a leader,
    // first on the side the mark fans out to.
    const r = c.mark ? c.mark.r : 4;
    let out = 0;
    if (c.mark && (c.mark.x !== c.mark.ax || c.mark.y !== c.mark.ay)) {
        out = Math.atan2(c.mark.y - c.mark.ay, c.mark.x - c.mark.ax);
    }
    const angles = [];
    for (let a = 0; a < 16; a++) { angles.push(out + (a % 2 ? -1 : 1) * Math.ceil(a / 2) * Math.PI / 8); }
    for (let di = 0; di < dists.length; di++) {
        for (let ai = 0; ai < angles.length; ai++) {
            const cos = Math.cos(angles[ai]), sin = Math.sin(angles[ai]);
            const ax = c.x + dists[di] * cos, ay = c.y + dists[di] * sin;
            const x0 = cos > 0.38 ? ax : cos < -0.38 ? ax - w : ax - w / 2;
            const y0 = sin > 0.92 ? ay + h / 2 : sin < -0.92 ? ay - h / 2 : ay;
            const b = [x0 - pad, y0 - h / 2 - pad, x0 + w + pad, y0 + h / 2 + pad, "label", c.kind];
            if (b[0] < 0 || b[1] < 0 || b[2] > size.x || b[3] > size.y) { continue; }
            if (collides(boxes, b) || !inside(c.iso, b)) { continue; }
            return {x0: x0, y0: y0, b: b, leader: [c.x + r * cos, c.y + r * sin, ax, ay]};
        }
    }
    return null;
}

/**
 * Place sorted candidates [{kind, text, iso, x, y, mark, expected, key}] clear of `boxes`
 * (marks: [x0, y0, x1, y1, "mark" | "disc"]) and of each other, inside their country
 * (`inside(iso, box)`), within `size`; a country the map colours (an expected label) with
 * no room inside goes offshore when `offshore(iso, box)` is given. measure(text, font_px,
 * weight) -> width. Returns {placed: [{c, x0, y0, b, size, leader}], unplaced: [c]}
 * (unplaced: expected only).
 */
export function placeLabels(candidates, boxes, opts) {
    const rules = opts.rules, size = opts.size, pad = rules.collision_padding_px;
    const placed = [], unplaced = [];
    // The first of `offsets` where a `px` label of c fits and passes `where`: placed, true.
    function tryOffsets(c, px, offsetsOf, where) {
        const w = opts.measure(c.text, px, c.kind === "country"), h = px + 2, offsets = offsetsOf(w, h);
        for (let o = 0; o < offsets.length; o++) {
            const x0 = c.x + offsets[o][0], y0 = c.y + offsets[o][1];
            const b = [x0 - pad, y0 - h / 2 - pad, x0 + w + pad, y0 + h / 2 + pad, "label", c.kind];
            if (b[0] < 0 || b[1] < 0 || b[2] > size.x || b[3] > size.y) { continue; }
            if (collides(boxes, b) || !where(c.iso, b)) { continue; }
            boxes.push(b);
            placed.push({c: c, x0: x0, y0: y0, b: b, size: px, leader: null});
            return true;
        }
        return false;
    }
    candidates.forEach(function (c) {
        const country = c.kind === "country";
        const sizes = country ? [rules.countries.font_px, 10, 9] : [rules.places.font_px, 10];
        const offsetsOf = country ? countryOffsets : placeOffsets;
        for (let s = 0; s < sizes.length; s++) {
            if (tryOffsets(c, sizes[s], offsetsOf, opts.inside)) { return; }
        }
        if (country && c.expected && opts.offshore
                && tryOffsets(c, rules.countries.font_px, offshoreOffsets, opts.offshore)) { return; }
        if (!country) {
            const fs = rules.places.font_px;
            const co = callout(c, opts.measure(c.text, fs, false), fs + 2, pad, size, boxes, opts.inside,
                               rules.callout_px);
            if (co) {
                boxes.push(co.b);
                placed.push({c: c, x0: co.x0, y0: co.y0, b: co.b, size: fs, leader: co.leader});
                return;
            }
        }
        if (c.expected) { unplaced.push(c); }
    });
    return {placed: placed, unplaced: unplaced};
}

function candidatesOf(c, size, scale, ox, oy) {
    const rules = c.STYLE.labels, zoom = c.map.getZoom(), R = c.P.roles;
    const areas = c.F[R.areas], places = c.F[R.places], events = c.F[R.events];
    const out = [];
    const drawnCountries = Object.create(null);
    areas.entries.forEach(function (f, i) { if (areas.visible[i]) { drawnCountries[f.country] = true; } });
    Object.keys(c.P.country_labels).sort().forEach(function (iso) {
        const lab = c.P.country_labels[iso];
        if (zoom < rules.countries.min_zoom) { return; }
        const p = c.proj(lab.anchor[0], lab.anchor[1]), cx = p.x * scale - ox, cy = p.y * scale - oy;
        if (cx < 0 || cy < 0 || cx > size.x || cy > size.y) { return; }
        const drawn = !!drawnCountries[iso];
        out.push({kind: "country", text: lab.name, iso: iso, x: cx, y: cy, expected: drawn,
                  priority: rules.country_priority[drawn ? "drawn" : "other"], key: "country:" + iso});
    });
    const want = Object.create(null);
    places.entries.forEach(function (f, i) {
        if (places.visible[i] && rules.places.kinds.indexOf(f.kind) >= 0) { want[i] = f.kind; }
    });
    const placeIndex = c.placeIndex;
    if (rules.places.event_places) {
        events.entries.forEach(function (f, i) {
            if (!events.visible[i] || !events.active[i]) { return; }
            const pi = placeIndex[f.place];
            if (pi === undefined || !places.visible[pi]) { return; }
            if (rules.places.event_place_skip.indexOf(places.entries[pi].kind) >= 0) { return; }
            if (want[pi] === undefined) { want[pi] = "event"; }
        });
    }
    const placeMarks = Object.create(null);  // a fanned-out place is labelled where its mark is
    c.marks.forEach(function (m) { if (m.layer === R.places) { placeMarks[m.index] = m; } });
    Object.keys(want).forEach(function (k) {
        const i = Number(k), f = places.entries[i], kind = want[k];
        const minZoom = rules.places.min_zoom[kind] !== undefined ? rules.places.min_zoom[kind] : 4;
        if (zoom < minZoom) { return; }
        const pm = placeMarks[i];
        const x = pm ? pm.x : places.px[i] * scale - ox, y = pm ? pm.y : places.py[i] * scale - oy;
        if (x < 0 || y < 0 || x > size.x || y > size.y) { return; }
        out.push({kind: kind, text: f.name, iso: f.country, x: x, y: y, mark: pm || null,
                  priority: rules.places.priority[kind], expected: true, key: "place:" + f.id});
    });
    out.sort(function (a, b) { return a.priority - b.priority || (a.key < b.key ? -1 : 1); });
    return out;
}

/** Place and draw the labels of the current view; keep them on c.placedLabels/unplacedLabels. */
export function drawLabels(c, ctx, size, scale, ox, oy) {
    const rules = c.STYLE.labels, PAL = c.PAL;
    const boxes = c.marks.map(function (m) {
        return [m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r, m.cluster ? "disc" : "mark"];
    });
    function inside(iso, b) {  // every corner of the box in the country's polygon
        const pts = [[b[0], b[1]], [b[2], b[1]], [b[0], b[3]], [b[2], b[3]]];
        for (let i = 0; i < pts.length; i++) {
            if (!insideCountry(c.rings, iso, (pts[i][0] + ox) / scale, (pts[i][1] + oy) / scale)) { return false; }
        }
        return true;
    }
    function offshore(iso, b) {  // no corner of the box in another country
        const pts = [[b[0], b[1]], [b[2], b[1]], [b[0], b[3]], [b[2], b[3]]], others = Object.keys(c.rings);
        return pts.every(function (pt) {
            const x = (pt[0] + ox) / scale, y = (pt[1] + oy) / scale;
            return others.every(function (k) { return k === iso || !insideCountry(c.rings, k, x, y); });
        });
    }
    function measure(text, px, bold) {
        ctx.font = (bold ? rules.countries.weight + " " : "") + px + "px sans-serif";
        return ctx.measureText(text).width;
    }
    const result = placeLabels(candidatesOf(c, size, scale, ox, oy), boxes,
                               {rules: rules, size: size, inside: inside, offshore: offshore,
                                measure: measure});
    ctx.textAlign = "left"; ctx.textBaseline = "middle";
    result.placed.forEach(function (p) {
        const lc = p.c;
        if (p.leader) {
            ctx.beginPath(); ctx.moveTo(p.leader[0], p.leader[1]); ctx.lineTo(p.leader[2], p.leader[3]);
            ctx.strokeStyle = PAL.muted_ink; ctx.lineWidth = 1; ctx.globalAlpha = 0.8; ctx.stroke();
            ctx.globalAlpha = 1;
        }
        ctx.font = (lc.kind === "country" ? rules.countries.weight + " " : "") + p.size + "px sans-serif";
        ctx.lineWidth = 3; ctx.strokeStyle = PAL.halo; ctx.lineJoin = "round";
        ctx.strokeText(lc.text, p.x0, p.y0);
        ctx.fillStyle = lc.kind === "country" ? PAL.muted_ink : PAL.ink;
        ctx.fillText(lc.text, p.x0, p.y0);
    });
    c.placedLabels = result.placed.map(function (p) {
        return {key: p.c.key, text: p.c.text, kind: p.c.kind, box: p.b.slice(0, 4), size: p.size, leader: !!p.leader};
    });
    c.unplacedLabels = result.unplaced.map(function (lc) { return {key: lc.key, text: lc.text, kind: lc.kind}; });
}
