/* Linked panels of the map page: timeline, events table, place search, "what changed".
 *
 * They mount into `tda.panelsElement` and talk to the map only through the page's API
 * (`window.tda`: state, set, focus, on, features, visible, strings, sources, roles,
 * panelsElement). Every text comes from `tda.strings` (English msgids translated in
 * Python) and every value from the layers is written with textContent, never as markup.
 * Which layer is the events', the places' or the countries' comes from `tda.roles`; date
 * and source labels and the year each feature is new in come with the features. Options
 * (geo/views/leaflet/panels.py): `pageSize`. */
import {has} from "../dom.js";
import {install as installChanges} from "./changes.js";
import {describe, el, fold, nextId} from "./common.js";
import {install as installSearch} from "./search.js";
import {install as installTable} from "./table.js";
import {install as installTimeline} from "./timeline.js";

export function Panels(tda, options) {
    this.tda = tda;
    this.options = options || {};
    this.pageSize = Number(this.options.pageSize) || 25;
    this.page = 0;
    this.rows = [];
    this.selected = null;
    const strings = tda.strings || {};
    this.t = function (msgid, values) {
        let text = has(strings, msgid) ? strings[msgid] : msgid;
        Object.keys(values || {}).forEach(function (key) {
            text = text.split("{" + key + "}").join(String(values[key]));
        });
        return text;
    };
    this.number = new Intl.NumberFormat(tda.lang || "en");
    this.prepare();
    this.build();
    const self = this;
    tda.on("change", function (state) { self.update(state); });
    tda.on("select", function (id) { self.select(id); });
    this.update(tda.state());
}

/** Sort the events once (date, then id), index features by id, list the place names. */
Panels.prototype.prepare = function () {
    const tda = this.tda, roles = tda.roles, described = new Map();
    this.events = tda.features(roles.events).map(function (f) {
        const d = describe(f);
        described.set(f, d);
        return d;
    }).sort(function (a, b) {
        if (a.date !== b.date) { return a.date < b.date ? -1 : 1; }
        return a.id < b.id ? -1 : (a.id > b.id ? 1 : 0);
    });
    this.described = described;  // the page's feature objects -> their description
    const byId = this.byId = Object.create(null);
    this.events.forEach(function (d, i) { d.order = i; byId[d.id] = {d: d, order: i}; });
    const places = this.places = [];
    tda.features(roles.places).forEach(function (f) {
        const d = describe(f);
        [d.name].concat(d.aliases).forEach(function (name, i) {
            places.push({id: d.id, name: d.name, alias: i ? String(name) : null, key: fold(name)});
        });
    });
    places.sort(function (a, b) { return a.key < b.key ? -1 : (a.key > b.key ? 1 : 0); });
};

Panels.prototype.build = function () {
    const root = el("div", {"class": "tda-linked"});
    root.appendChild(this.buildTimeline());
    const side = el("div", {"class": "tda-linked-side"});
    side.appendChild(this.buildSearch());
    side.appendChild(this.buildChanges());
    const main = el("div", {"class": "tda-linked-main"});
    main.appendChild(this.buildTable());
    const body = el("div", {"class": "tda-linked-body"});
    body.appendChild(side);
    body.appendChild(main);
    root.appendChild(body);
    this.tda.panelsElement.appendChild(root);
    this.root = root;
};

Panels.prototype.section = function (name, title) {
    const heading = nextId(name);
    const section = el("section", {"class": "tda-panel tda-" + name, "aria-labelledby": heading});
    section.appendChild(el("h2", {id: heading}, title));
    return section;
};

/** Fly the map to a feature; bring the map into view when it is mostly scrolled away (not
 * when embedded: the frame is as tall as the page, so that would scroll the host page). */
Panels.prototype.show = function (id) {
    this.tda.focus(id);
    if (document.querySelector(".tda-embed")) { return; }
    const map = this.tda.map && this.tda.map.getContainer ? this.tda.map.getContainer()
        : document.querySelector(".leaflet-container");
    if (!map || !map.getBoundingClientRect) { return; }
    const box = map.getBoundingClientRect(), height = window.innerHeight;
    const seen = Math.min(box.bottom, height) - Math.max(box.top, 0);
    if (seen < Math.min(box.height, height) / 2) { map.scrollIntoView({block: "start"}); }
};

Panels.prototype.update = function (state) {
    // a repaint that draws the same (e.g. a display option) keeps the table's page
    const key = JSON.stringify([state.year, state.mode, state.filters, state.layers]);
    this.state = state;
    this.updateTimeline(state);
    if (key === this.drawnKey) { return; }
    this.drawnKey = key;
    const flags = this.drawnEvents();
    this.updateTable(flags);
    this.updateChanges(state, flags);
    this.root.setAttribute("data-year", String(state.year));
};

installTimeline(Panels.prototype);
installTable(Panels.prototype);
installSearch(Panels.prototype);
installChanges(Panels.prototype);

/** Start the panels once the page's `window.tda` is ready (`tda.loaded` resolves). */
export function start(options) {
    function go() {
        const tda = window.tda;
        if (!tda || tda.ready === false || !tda.panelsElement
            || typeof tda.on !== "function") { return false; }
        if (tda.panels) { return true; }
        tda.panels = new Panels(tda, options);
        return true;
    }
    if (go()) { return; }
    if (window.tda && window.tda.loaded && typeof window.tda.loaded.then === "function") {
        window.tda.loaded.then(go);
        return;
    }
    function retry() { if (go()) { stop(); } }
    function stop() { window.removeEventListener("load", retry); }
    window.addEventListener("load", retry);
}
