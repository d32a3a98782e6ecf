/* The year and filter rules, as comparisons only. The rules themselves are Python's
 * (geo/data/selection.py): each feature arrives with the years it is drawn in per mode
 * (`d`), the years it is emphasised in (`a`) and the year it is new in (`n`); this module
 * compares the selected year with them. No layer name, field name or year rule here. */

const OPEN_LOW = -Infinity;
const OPEN_HIGH = Infinity;

function low(v) { return v === null || v === undefined ? OPEN_LOW : v; }
function high(v) { return v === null || v === undefined ? OPEN_HIGH : v; }

/** Typed arrays of one layer's spans: d0/d1 per mode index, a0/a1, nw (NaN: never new). */
export function spanArrays(entries, modeCount) {
    const n = entries.length, d0 = [], d1 = [];
    for (let m = 0; m < modeCount; m++) { d0.push(new Float64Array(n)); d1.push(new Float64Array(n)); }
    const a0 = new Float64Array(n), a1 = new Float64Array(n), nw = new Float64Array(n);
    entries.forEach(function (f, i) {
        for (let m = 0; m < modeCount; m++) {
            const span = f.d[m];
            d0[m][i] = low(span[0]); d1[m][i] = high(span[1]);
        }
        if (f.a) { a0[i] = low(f.a[0]); a1[i] = high(f.a[1]); }
        else { a0[i] = OPEN_HIGH; a1[i] = OPEN_LOW; }   // an empty span: never emphasised
        nw[i] = f.n === null || f.n === undefined ? NaN : f.n;
    });
    return {d0: d0, d1: d1, a0: a0, a1: a1, nw: nw};
}

/** Whether a feature's filter values pass the wanted values (an empty filter keeps all). */
export function passesFilters(values, wanted, names) {
    for (let k = 0; k < names.length; k++) {
        const want = wanted[names[k]];
        if (!want || !want.length) { continue; }
        const have = values[names[k]] || [];
        let hit = false;
        for (let v = 0; v < have.length; v++) { if (want.indexOf(have[v]) >= 0) { hit = true; break; } }
        if (!hit) { return false; }
    }
    return true;
}

/**
 * Fill `out.visible`, `out.active`, `out.isNew` (Uint8Array) for one layer.
 * spans: from spanArrays; entries: the features (for their filter values `f`);
 * opts: {year, mode (index), on (layer shown), filterNames (the layer's), wanted}.
 */
export function computeLayer(spans, entries, out, opts) {
    const year = opts.year, d0 = spans.d0[opts.mode], d1 = spans.d1[opts.mode];
    const a0 = spans.a0, a1 = spans.a1, nw = spans.nw, n = entries.length;
    const names = opts.filterNames || [];
    let filtered = false;
    for (let k = 0; k < names.length; k++) {
        const w = opts.wanted[names[k]];
        if (w && w.length) { filtered = true; }
    }
    for (let i = 0; i < n; i++) {
        let v = opts.on && d0[i] <= year && year <= d1[i];
        if (v && filtered) { v = passesFilters(entries[i].f, opts.wanted, names); }
        out.visible[i] = v ? 1 : 0;
        out.active[i] = v && a0[i] <= year && year <= a1[i] ? 1 : 0;
        out.isNew[i] = v && nw[i] === year ? 1 : 0;
    }
}
