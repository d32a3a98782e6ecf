import {test} from "node:test";
import assert from "node:assert/strict";
import {collides, placeLabels, placeOffsets} from "../src/map/labels.js";

const rules = {countries: {font_px: 12, weight: 600}, places: {font_px: 11},
               collision_padding_px: 2, callout_px: [36, 52]};
const measure = (text, px) => text.length * px * 0.5;
const anywhere = () => true;

function place(candidates, boxes = [], inside = anywhere) {
    return placeLabels(candidates, boxes, {rules, size: {x: 400, y: 300}, inside, measure});
}

test("a place label goes right of its mark when there is room", () => {
    const {placed} = place([{kind: "base", text: "Tocoron", iso: "VEN", x: 100, y: 100, key: "p"}]);
    assert.equal(placed.length, 1);
    assert.equal(placed[0].x0, 108);
    assert.equal(placed[0].leader, null);
});

test("labels never overlap; the later one moves, then calls out with a leader", () => {
    const cands = [{kind: "base", text: "Alpha", x: 100, y: 100, key: "a", expected: true},
                   {kind: "event", text: "Beta", x: 100, y: 100, key: "b", expected: true}];
    const {placed} = place(cands);
    assert.equal(placed.length, 2);
    assert.equal(collides([placed[0].b], placed[1].b), false);
});

test("a country label is centred and may sit over marks, not outside its country", () => {
    const marks = [[90, 90, 110, 110, "mark"]];
    const {placed} = place([{kind: "country", text: "Peru", iso: "PER", x: 100, y: 100, key: "c"}], marks);
    assert.equal(placed[0].x0, 100 - measure("Peru", 12) / 2);
    const out = place([{kind: "country", text: "Peru", iso: "PER", x: 100, y: 100, key: "c", expected: true}],
                      [], () => false);
    assert.deepEqual(out.placed, []);
    assert.equal(out.unplaced[0].key, "c");
});

test("a country label moves off an aggregate's disc, above it when there is room", () => {
    const disc = [[90, 90, 110, 110, "disc"]];
    const {placed} = place([{kind: "country", text: "Chile", iso: "CHL", x: 100, y: 100, key: "c"}], disc);
    assert.equal(placed.length, 1);
    assert.equal(placed[0].y0, 100 - 1.5 * 14);   // 12 px text, 14 px line: a line and a half up
    assert.equal(collides(disc.slice(0, 1), placed[0].b), false);  // placeLabels adds its own box
});

test("offsets try right, left, above, below first", () => {
    assert.deepEqual(placeOffsets(40, 10).slice(0, 4), [[8, 0], [-48, 0], [-20, -10], [-20, 10]]);
});

test("a country label with no room inside goes offshore, beside its anchor, clear of discs", () => {
    const disc = [[90, 90, 110, 110, "disc"]];
    const opts = {rules, size: {x: 400, y: 300}, measure, inside: (iso, b) => b[0] > 95 && b[2] < 105,
                  offshore: () => true};
    const {placed} = placeLabels([{kind: "country", text: "Chile", iso: "CHL", x: 100, y: 100, key: "c", expected: true}],
                                 disc.slice(), opts);
    assert.equal(placed.length, 1);
    assert.equal(placed[0].x0, 100 - measure("Chile", 12) - 12);   // in the sea to its left
    assert.equal(collides(disc, placed[0].b), false);
});

test("a country the map does not colour is never named offshore", () => {
    const opts = {rules, size: {x: 400, y: 300}, measure, inside: () => false, offshore: () => true};
    const out = placeLabels([{kind: "country", text: "Aruba", iso: "ABW", x: 100, y: 100, key: "a"}], [], opts);
    assert.deepEqual(out.placed, []);
});
