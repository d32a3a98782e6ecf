import {test} from "node:test";
import assert from "node:assert/strict";
import {FOCUS, SET, checkMessage, createChannel, frameScheduler, mergePartial, parentOrigin} from "../src/map/messages.js";
import {cleanPartial, cleanView, queryToRaw, parseQuery} from "../src/map/state.js";

const lim = {years: [2011, 2025], modes: ["cumulative", "only"], filterNames: ["countries", "groups"],
             layerNames: ["a", "b", "c"], defaultLayers: ["a", "b", "c"], minZoom: 2, maxZoom: 13};

test("a well-formed tda:set is accepted whole", () => {
    const msg = checkMessage({type: SET, state: {year: 2020, mode: "only", filters: {countries: ["PER"]},
                                                 layers: ["c", "a"], view: {lat: -12, lon: -77, zoom: 6},
                                                 selected: "x"}}, lim);
    assert.equal(msg.type, SET);
    assert.equal(msg.partial.year, 2020);
    assert.deepEqual(msg.partial.layers, ["a", "c"]);  // drawing order
    assert.deepEqual({...msg.partial.view}, {lat: -12, lon: -77, zoom: 6});
});

test("hostile tda:set messages are rejected", () => {
    const hostile = [
        {type: SET, state: {year: 2020}, extra: 1},
        {type: SET, state: {year: "abc"}},
        {type: SET, state: {year: Infinity}},
        {type: SET, state: {mode: "__proto__"}},
        {type: SET, state: {view: {lat: 1e308, lon: 1e308, zoom: 3}}},
        {type: SET, state: {view: {lat: 10, lon: "abc", zoom: 3}}},
        {type: SET, state: {view: {lat: 10, lon: 10, zoom: 3, x: 1}}},
        {type: SET, state: {filters: {__proto__: ["x"]}}},
        {type: SET, state: JSON.parse('{"filters": {"__proto__": ["x"]}}')},
        {type: SET, state: JSON.parse('{"__proto__": {"year": 2020}}')},
        {type: SET, state: {filters: {constructor: ["x"]}}},
        {type: SET, state: {filters: {countries: ["x".repeat(10000)]}}},
        {type: SET, state: {filters: {countries: new Array(1000).fill("PER")}}},
        {type: SET, state: {selected: {id: 1}}},
        {type: SET, state: {selected: "x".repeat(5000)}},
        {type: SET, state: {constructor: 1}},
        {type: SET, state: null},
        {type: SET, state: [1, 2]},
        {type: FOCUS, id: {toString: "x"}},
        {type: FOCUS, id: ""},
        {type: FOCUS, id: "x".repeat(5000)},
        {type: "tda:other"},
        "tda:set",
        null,
    ];
    hostile.forEach((msg, i) => assert.equal(checkMessage(msg, lim), null, `case ${i}`));
});

test("layers with only unknown names fall back to the default layers", () => {
    assert.deepEqual(cleanPartial({layers: "zz,__proto__"}, lim, false).partial.layers, ["a", "b", "c"]);
    assert.deepEqual(cleanPartial({layers: ""}, lim, false).partial.layers, []);
    assert.deepEqual(cleanPartial({layers: "b,zz"}, lim, false).partial.layers, ["b"]);
});

test("URL view values out of range are dropped; the zoom is clamped", () => {
    const q = parseQuery("?lat=1e308&lon=1e308&zoom=4&year=1900&lang=__proto__");
    const partial = cleanPartial(queryToRaw(q, lim), lim, false).partial;
    assert.equal(partial.view, undefined);
    assert.equal(partial.year, 2011);
    assert.equal(cleanView({lat: 89, lon: 10, zoom: 40}, lim).lat, 85.0511);
    assert.equal(cleanView({lat: 0, lon: 0, zoom: 40}, lim).zoom, 13);
    assert.equal(Object.getPrototypeOf(q), null);
    assert.equal(q.constructor, undefined);
});

test("merged partial states keep the latest value of each key and filter", () => {
    const merged = mergePartial(mergePartial({}, {year: 2020, filters: {countries: ["PER"]}}),
                                {year: 2021, filters: {groups: ["g"]}});
    assert.equal(merged.year, 2021);
    assert.deepEqual({...merged.filters}, {countries: ["PER"], groups: ["g"]});
});

function fakeWindow(href, {ancestor = null, referrer = ""} = {}) {
    const url = new URL(href);
    const listeners = [], posted = [], frames = [], timers = [];
    const parent = {postMessage: (data, origin) => posted.push([data, origin])};
    const win = {
        location: {origin: url.origin, protocol: url.protocol, ancestorOrigins: ancestor ? [ancestor] : []},
        document: {referrer}, parent,
        addEventListener: (type, fn) => listeners.push(fn),
        removeEventListener: () => {},
        requestAnimationFrame: (fn) => frames.push(fn),
        setTimeout: (fn) => timers.push(fn),
    };
    return {win, parent, posted, frames, timers,
            send: (data, source = parent, origin = ancestor) => listeners.forEach((fn) => fn({data, source, origin})),
            frame: () => frames.splice(0).forEach((fn) => fn())};
}

test("the parent's origin: ancestor, then referrer, then the page's own; '*' only for file://", () => {
    assert.equal(parentOrigin(fakeWindow("http://a.test/x", {ancestor: "http://b.test"}).win), "http://b.test");
    assert.equal(parentOrigin(fakeWindow("http://a.test/x", {referrer: "http://c.test/p?q"}).win), "http://c.test");
    assert.equal(parentOrigin(fakeWindow("http://a.test/x").win), "http://a.test");
    assert.equal(parentOrigin(fakeWindow("file:///tmp/x.html", {ancestor: "file://"}).win), "*");
    assert.equal(parentOrigin(fakeWindow("http://a.test/x", {ancestor: "null"}).win), null);
});

test("a burst of messages is applied once per frame; state posts are coalesced", () => {
    const w = fakeWindow("http://a.test/x", {ancestor: "http://b.test"});
    const applied = [], focused = [];
    const channel = createChannel(w.win, lim, {set: (p) => applied.push(p), focus: (id) => focused.push(id)});
    for (let y = 2011; y <= 2025; y++) { w.send({type: SET, state: {year: y}}); }
    w.send({type: SET, state: {year: 2012}}, {});                 // not the parent: ignored
    w.send({type: SET, state: {year: 2013}}, w.parent, "http://evil.test");  // wrong origin
    w.send({type: FOCUS, id: "ev-1"});
    assert.equal(applied.length, 0);
    w.frame();
    assert.equal(applied.length, 1);
    assert.equal(applied[0].year, 2025);
    assert.deepEqual(focused, ["ev-1"]);
    let snapshots = 0;
    for (let i = 0; i < 100; i++) { channel.post(() => { snapshots += 1; return {year: i}; }); }
    w.frame();
    assert.equal(snapshots, 1);
    assert.equal(w.posted.length, 1);
    assert.deepEqual(w.posted[0], [{type: "tda:state", state: {year: 99}}, "http://b.test"]);
    w.timers.forEach((fn) => fn());  // the timer fallback finds nothing left to run
    assert.equal(w.posted.length, 1);
});

test("frameScheduler runs the latest function once", () => {
    const w = fakeWindow("http://a.test/x");
    const schedule = frameScheduler(w.win), runs = [];
    schedule(() => runs.push(1)); schedule(() => runs.push(2));
    w.frame(); w.timers.forEach((fn) => fn());
    assert.deepEqual(runs, [2]);
});
