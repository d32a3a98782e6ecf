import {test} from "node:test";
import assert from "node:assert/strict";
import {describe, fold} from "../src/panels/common.js";
import {nextYear} from "../src/map/controls.js";
import {payloadUrl} from "../src/map/index.js";

test("fold ignores accents, case and spacing", () => {
    assert.equal(fold("  Tarapacá   Región "), "tarapaca region");
});

test("describe reads a payload entry and the page API's feature alike", () => {
    const entry = {id: "ev", name: "T", n: 2022, date: "2022-03", date_label: ["Mar 2022", 1],
                   sources: ["s"], f: {countries: ["PER"]}, p: {title: "Title", quotes: [{quote: "q", lang: "en"}]}};
    const feature = {id: "ev", properties: {name: "T", new_in: 2022, date: "2022-03",
                     date_label: ["Mar 2022", 1], sources: ["s"], filters: {countries: ["PER"]},
                     popup: {title: "Title", quotes: [{quote: "q", lang: "en"}]}}};
    assert.deepEqual(describe(entry), describe({id: "ev", properties: entry}));
    assert.deepEqual(describe(feature), describe(entry));
    assert.equal(describe(entry).year, 2022);
    assert.equal(describe(entry).quote, "q");
    assert.equal(describe(entry).quoteLang, "en");   // the quote's own language, marked
});

test("playback skips quiet years when asked", () => {
    assert.equal(nextYear(2011, 2025, [2012, 2013], true), 2014);
    assert.equal(nextYear(2011, 2025, [2012, 2013], false), 2012);
});

test("the payload URL follows a known ?lang= only (no prototype lookups)", () => {
    const options = {lang: "en", data_url: "data-en.json", data_urls: {en: "data-en.json", es: "data-es.json"}};
    assert.equal(payloadUrl(options, "?lang=es"), "data-es.json");
    for (const bad of ["__proto__", "constructor", "toString", "hasOwnProperty", "xx"]) {
        assert.equal(payloadUrl(options, "?lang=" + bad), "data-en.json", bad);
    }
});
