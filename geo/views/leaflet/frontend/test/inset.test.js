import {test} from "node:test";
import assert from "node:assert/strict";
import {insetSize, unionBox} from "../src/map/inset.js";

const rule = {width: 0.34, height: 0.4, max_px: 360, aspect: 0.75};

test("the union of boxes spans them all; no box, no union", () => {
    assert.deepEqual(unionBox([[-98, 20, -75, 39], [-80, 19.9, -75.1, 20]]), [-98, 19.9, -75, 39]);
    assert.equal(unionBox([]), null);
});

test("the inset is a share of the map, capped in px and by the map's height", () => {
    assert.deepEqual(insetSize({x: 960, y: 918}, rule), [326, 245]);   // desk: the width share
    assert.deepEqual(insetSize({x: 1590, y: 974}, rule), [360, 270]);  // briefing: the px cap
    assert.deepEqual(insetSize({x: 900, y: 300}, rule), [306, 120]);   // a short map: its height
});
