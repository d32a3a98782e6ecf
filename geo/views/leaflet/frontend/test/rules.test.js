import {test} from "node:test";
import assert from "node:assert/strict";
import {computeLayer, passesFilters, spanArrays} from "../src/map/rules.js";

// Spans as Python writes them: d per mode [cumulative, only], a (active), n (new in).
const entries = [
    {id: "ev-a", d: [[2020, null], [2020, 2022]], a: [2020, 2022], n: 2020,
     f: {countries: ["PER"], kinds: ["arrest"]}},
    {id: "presence-x", d: [[2018, null], [2018, null]], a: [2018, 2018], n: 2018,
     f: {countries: ["CHL"]}},
    {id: "place-ref", d: [[null, null], [null, null]], a: null, n: null, f: {countries: ["VEN"]}},
];

function run(year, mode, wanted, on = true) {
    const n = entries.length;
    const out = {visible: new Uint8Array(n), active: new Uint8Array(n), isNew: new Uint8Array(n)};
    computeLayer(spanArrays(entries, 2), entries, out,
                 {year, mode, on, filterNames: ["countries", "kinds"], wanted: wanted || {}});
    return {visible: [...out.visible], active: [...out.active], isNew: [...out.isNew]};
}

test("a feature is drawn in the years of its span for the mode", () => {
    assert.deepEqual(run(2019, 0).visible, [0, 1, 1]);
    assert.deepEqual(run(2025, 0).visible, [1, 1, 1]);  // cumulative: open end
    assert.deepEqual(run(2023, 1).visible, [0, 1, 1]);  // only: 2020-2022
    assert.deepEqual(run(2021, 1).visible, [1, 1, 1]);
});

test("active and new are comparisons with the spans Python computed", () => {
    assert.deepEqual(run(2020, 0).active, [1, 0, 0]);
    assert.deepEqual(run(2023, 0).active, [0, 0, 0]);
    assert.deepEqual(run(2018, 0).active, [0, 1, 0]);
    assert.deepEqual(run(2020, 0).isNew, [1, 0, 0]);
    assert.deepEqual(run(2018, 0).isNew, [0, 1, 0]);
    assert.deepEqual(run(2021, 0).isNew, [0, 0, 0]);
});

test("a hidden layer draws nothing; filters keep a shared value", () => {
    assert.deepEqual(run(2025, 0, {}, false).visible, [0, 0, 0]);
    assert.deepEqual(run(2025, 0, {countries: ["PER", "VEN"]}).visible, [1, 0, 1]);
    assert.deepEqual(run(2025, 0, {kinds: ["arrest"]}).visible, [1, 0, 0]);
    // a filter the layer does not test (not in its names) keeps the feature
    assert.equal(passesFilters({countries: ["CHL"]}, {kinds: ["murder"]}, ["countries"]), true);
    assert.equal(passesFilters({countries: ["PER"]}, {countries: []}, ["countries"]), true);
    assert.equal(passesFilters({countries: []}, {countries: ["PER"]}, ["countries"]), false);
});
