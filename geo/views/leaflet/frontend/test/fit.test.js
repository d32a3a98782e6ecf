import {test} from "node:test";
import assert from "node:assert/strict";
import {edgeMargin, placeBox} from "../src/map/fit.js";

test("the edge margin is 5% of the smaller side, between 12 and 40 px", () => {
    assert.equal(edgeMargin({x: 1440, y: 1000}), 40);
    assert.equal(edgeMargin({x: 390, y: 844}), 20);
    assert.equal(edgeMargin({x: 200, y: 100}), 12);
});

test("a box that fits goes to the frame's centre", () => {
    assert.deepEqual(placeBox(100, 50, [0, 0, 400, 300], [], 8), [150, 125]);
});

test("a box keeps clear of a control, nearest the centre", () => {
    // a control over the bottom-left quarter: the box moves right of it
    const at = placeBox(200, 200, [0, 0, 400, 300], [[0, 150, 180, 300]], 8);
    assert.deepEqual(at, [188, 50]);
});

test("no place: null; too large for the frame: null", () => {
    assert.equal(placeBox(500, 50, [0, 0, 400, 300], [], 8), null);
    assert.equal(placeBox(390, 290, [0, 0, 400, 300], [[100, 100, 120, 120]], 8), null);
});
