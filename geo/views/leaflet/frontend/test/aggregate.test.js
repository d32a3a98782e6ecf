import {test} from "node:test";
import assert from "node:assert/strict";
import {MARK_GAP, aggregateMarks, collidingGroups, fanOut, groupPoints as group, layoutMarks as layout, pointSource} from "../src/map/aggregate.js";

const groupPoints = (pts, grid, min) => group(pointSource(pts), grid, min);
const layoutMarks = (pts, grid, opts) => layout(pointSource(pts), grid, opts);

function point(x, y, extra = {}) {
    return {x, y, wx: x, wy: y, rank: 1, t0: 2020, r: 5, ...extra};
}
const grid = {sep: 14, c0: 0, r0: 0, cols: 100, rows: 100};

test("points closer than the separation form one group, far ones stay apart", () => {
    const groups = groupPoints([point(100, 100), point(105, 103), point(400, 400)], grid, 61);
    assert.equal(groups.length, 2);
    assert.deepEqual(groups.map((g) => g.count).sort(), [1, 2]);
});

test("a group of clusterMin points or more is one count mark at their centre", () => {
    const pts = [];
    for (let i = 0; i < 70; i++) { pts.push(point(200 + (i % 5), 200 + Math.floor(i / 5) % 5)); }
    const [group] = groupPoints(pts, grid, 61);
    assert.equal(group.items, null);
    const [mark] = fanOut(group, 22);
    assert.equal(mark.cluster, true);
    assert.equal(mark.count, 70);
    assert.ok(Math.abs(mark.x - 202) < 0.5);
});

test("a fanned group's marks sit on a ring, clear of each other, with leaders", () => {
    const pts = [point(300, 300), point(300, 300), point(300, 300), point(301, 300)];
    const [group] = groupPoints(pts, grid, 61);
    const marks = fanOut(group, 22);
    assert.equal(marks.length, 4);
    for (const m of marks) {
        assert.equal(m.leader, true);
        assert.ok(Math.hypot(m.x - 300.25, m.y - 300) >= 22 - 1e-9);
    }
    for (let i = 0; i < marks.length; i++) {
        for (let j = i + 1; j < marks.length; j++) {
            const d = Math.hypot(marks[i].x - marks[j].x, marks[i].y - marks[j].y);
            assert.ok(d >= marks[i].r + marks[j].r + MARK_GAP, `marks ${i} and ${j} overlap`);
        }
    }
});

test("lower ranks draw first, then older, then larger", () => {
    const [group] = groupPoints([point(50, 50, {rank: 1, t0: 2022, id: "new"}),
                                 point(50, 50, {rank: 0, t0: 2025, id: "place"}),
                                 point(50, 50, {rank: 1, t0: 2019, id: "old"})], grid, 61);
    assert.deepEqual(fanOut(group, 22).map((m) => m.item.id), ["place", "old", "new"]);
});

test("groups whose fans touch are merged until every mark is clear", () => {
    const pts = [point(100, 100), point(100, 100), point(130, 100), point(130, 100)];
    const placed = layoutMarks(pts, grid, {clusterMin: 61, leg: 22});
    assert.equal(collidingGroups(placed), null);
    const marks = placed.flat();
    assert.equal(marks.length, 4);
    for (let i = 0; i < marks.length; i++) {
        for (let j = i + 1; j < marks.length; j++) {
            assert.ok(Math.hypot(marks[i].x - marks[j].x, marks[i].y - marks[j].y) >= 10 + MARK_GAP);
        }
    }
});

test("below the spiderfy zoom, events of one place are one aggregate at their centre; places stay", () => {
    const pts = [point(100, 100), point(102, 100), point(104, 100), point(300, 300), point(100, 100, {id: "place"})];
    const source = {...pointSource(pts), key: Int32Array.from([7, 7, 7, 8, -1])};
    const placed = aggregateMarks(source, {leg: 22, open: -1, radius: (n) => 5 * Math.sqrt(n)});
    const marks = placed.flat();
    assert.equal(marks.length, 3);
    assert.equal(marks[0].item.id, "place");            // places first, where they lie
    const agg = marks.find((m) => m.cluster);
    assert.equal(agg.count, 3);
    assert.equal(agg.x, 102);
    assert.equal(agg.spread, 2);
    assert.equal(agg.r, 5 * Math.sqrt(3));
    assert.ok(marks.every((m) => !m.leader));            // no fans at country scale
});

test("the aggregate a click opened fans out, the others stay aggregated", () => {
    const pts = [point(100, 100), point(100, 100), point(200, 200), point(200, 200)];
    const source = {...pointSource(pts), key: Int32Array.from([1, 1, 2, 2])};
    const marks = aggregateMarks(source, {leg: 22, open: 2, radius: () => 8}).flat();
    assert.equal(marks.filter((m) => m.cluster).length, 1);
    assert.equal(marks.filter((m) => m.leader).length, 2);
});

test("aggregates whose discs would overlap are one disc with both counts; apart, they stay two", () => {
    const pts = [point(100, 100), point(100, 100), point(112, 100), point(112, 100), point(112, 100),
                 point(300, 100), point(300, 100)];
    const source = {...pointSource(pts), key: Int32Array.from([1, 1, 2, 2, 2, 3, 3])};
    const marks = aggregateMarks(source, {leg: 22, open: -1, radius: (n) => 5 * Math.sqrt(n)}).flat();
    assert.deepEqual(marks.map((m) => [m.count, m.key]).sort(), [[2, 3], [5, 1]]);
    const merged = marks.find((m) => m.count === 5);
    assert.equal(merged.x, (2 * 100 + 3 * 112) / 5);
    // a click on the merged disc opens all its events, whichever key it answers to
    const opened = aggregateMarks(source, {leg: 22, open: 1, radius: (n) => 5 * Math.sqrt(n)}).flat();
    assert.equal(opened.filter((m) => m.leader).length, 5);
});
