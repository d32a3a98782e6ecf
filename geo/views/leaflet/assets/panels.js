/* Linked panels of the map page: timeline, events table, place search, "what changed".
 *
 * They mount into `tda.panelsElement` and talk to the map only through the page's API
 * (`window.tda`: state, set, focus, on, features, visible, strings, panelsElement). Every text
 * comes from `tda.strings` (English msgids translated in Python) and every value from the
 * layers is written with textContent, never as markup.
 *
 * Options (from geo/views/leaflet/panels.py): `sources` {source id: short label}, `dates`
 * {event id: [date label, inferred 0|1]}, `places` [[place id, name, alias...]], `newIn` {year: [ids of the
 * countries, events and corridors new in that year]} computed with geo.data.selection, and
 * `pageSize`. Features are read through `describe`, which takes a GeoJSON feature (layer
 * properties) or the engine's compact entry.
 */
(function () {
    "use strict";

    var NS = "http://www.w3.org/2000/svg";
    var uid = 0;

    function el(tag, attrs, text) {
        var node = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (key) {
            if (key === "class") { node.className = attrs[key]; }
            else { node.setAttribute(key, attrs[key]); }
        });
        if (text !== undefined && text !== null) { node.textContent = String(text); }
        return node;
    }

    function nextId(prefix) { uid += 1; return "tda-" + prefix + "-" + uid; }

    /** Accent-insensitive, case-folded form of a name (NFD, combining marks stripped). */
    function fold(text) {
        return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
            .toLowerCase().replace(/\s+/g, " ").trim();
    }

    function first(list) { return list && list.length ? list[0] : null; }

    /** The fields the panels show of one feature, whatever shape the page gives it in. */
    function describe(f) {
        var p = f.properties || f, popup = p.popup || p.p || {}, span = p.years || p.t || [];
        var quote = first(p.evidence) || first(popup.quotes);
        return {
            id: String(f.id),
            title: String(p.title || popup.title || p.name || f.id),
            name: String(p.name || popup.title || p.title || f.id),
            year: typeof p.year === "number" ? p.year : span[0],
            date: String(p.date || ""),
            place: String(p.place_name || ""),
            sources: p.sources || [],
            quote: quote && quote.quote ? String(quote.quote) : "",
            filters: p.filters || p.f || {countries: p.country ? [p.country] : [], groups: p.groups || [],
                             event_kinds: p.kind ? [p.kind] : []}
        };
    }

    function Panels(tda, options) {
        this.tda = tda;
        this.options = options || {};
        var own = (this.options.byLang || {})[tda.lang || "en"] || {};
        this.options.sources = own.sources || {};
        this.options.dates = own.dates || {};
        this.pageSize = Number(this.options.pageSize) || 25;
        this.page = 0;
        this.rows = [];
        this.selected = null;
        var strings = tda.strings || {};
        this.t = function (msgid, values) {
            var text = Object.prototype.hasOwnProperty.call(strings, msgid) ? strings[msgid]
                : msgid;
            Object.keys(values || {}).forEach(function (key) {
                text = text.split("{" + key + "}").join(String(values[key]));
            });
            return text;
        };
        this.number = new Intl.NumberFormat(tda.lang || "en");
        this.prepare();
        this.build();
        var self = this;
        tda.on("change", function (state) { self.update(state); });
        tda.on("select", function (id) { self.select(id); });
        this.update(tda.state());
    }

    /** Sort the events once (date, then id) and index the features by id. */
    Panels.prototype.prepare = function () {
        var tda = this.tda;
        var raw = tda.features("events"), described = new Map();
        this.events = raw.map(function (f) {
            var d = describe(f);
            described.set(f, d);
            return d;
        }).sort(function (a, b) {
            if (a.date !== b.date) { return a.date < b.date ? -1 : 1; }
            return a.id < b.id ? -1 : (a.id > b.id ? 1 : 0);
        });
        this.described = described;  // the page's feature objects -> their description
        this.byId = {};
        var byId = this.byId;
        ["presence", "routes"].forEach(function (layer) {
            tda.features(layer).forEach(function (f) {
                byId[String(f.id)] = {layer: layer, d: describe(f)};
            });
        });
        this.events.forEach(function (d, i) {
            d.order = i;
            byId[d.id] = {layer: "events", d: d, order: i};
        });
        this.places = [];
        var places = this.places;
        (this.options.places || []).forEach(function (entry) {
            entry.slice(1).forEach(function (name, i) {
                places.push({id: String(entry[0]), name: String(entry[1]),
                             alias: i ? String(name) : null, key: fold(name)});
            });
        });
        places.sort(function (a, b) { return a.key < b.key ? -1 : (a.key > b.key ? 1 : 0); });
    };

    Panels.prototype.build = function () {
        var root = el("div", {"class": "tda-linked"});
        root.appendChild(this.buildTimeline());
        var side = el("div", {"class": "tda-linked-side"});
        side.appendChild(this.buildSearch());
        side.appendChild(this.buildChanges());
        var main = el("div", {"class": "tda-linked-main"});
        main.appendChild(this.buildTable());
        var body = el("div", {"class": "tda-linked-body"});
        body.appendChild(side);
        body.appendChild(main);
        root.appendChild(body);
        this.tda.panelsElement.appendChild(root);
        this.root = root;
    };

    Panels.prototype.section = function (name, title) {
        var heading = nextId(name);
        var section = el("section", {"class": "tda-panel tda-" + name, "aria-labelledby": heading});
        section.appendChild(el("h2", {id: heading}, title));
        return section;
    };

    /** Fly the map to a feature; bring the map into view when it is mostly scrolled away. */
    Panels.prototype.show = function (id) {
        this.tda.focus(id);
        var map = this.tda.map && this.tda.map.getContainer ? this.tda.map.getContainer()
            : document.querySelector(".leaflet-container");
        if (!map || !map.getBoundingClientRect) { return; }
        var box = map.getBoundingClientRect(), height = window.innerHeight;
        var seen = Math.min(box.bottom, height) - Math.max(box.top, 0);
        if (seen < Math.min(box.height, height) / 2) { map.scrollIntoView({block: "start"}); }
    };

    /* ---- timeline ---- */

    Panels.prototype.buildTimeline = function () {
        var t = this.t, years = this.tda.years;
        var section = this.section("timeline", t("panel_timeline"));
        var bars = el("div", {"class": "tda-bars", role: "group",
                              "aria-label": t("panel_timeline_group")});
        var table = el("table", {"class": "tda-visually-hidden"});
        table.appendChild(el("caption", {}, t("panel_timeline")));
        var head = el("tr");
        head.appendChild(el("th", {scope: "col"}, t("year")));
        head.appendChild(el("th", {scope: "col"}, t("layer_events")));
        table.appendChild(el("thead")).appendChild(head);
        var tbody = table.appendChild(el("tbody"));
        this.bars = {};
        this.barCells = {};
        var quiet = {};
        (this.tda.quietYears || []).forEach(function (y) { quiet[y] = true; });
        for (var year = years[0]; year <= years[1]; year += 1) {
            var button = el("button", {type: "button", "class": "tda-bar", "data-year": year,
                                       tabindex: "-1"});
            if (quiet[year]) { button.classList.add("tda-quiet"); }
            button.appendChild(el("span", {"class": "tda-bar-fill", "aria-hidden": "true"}));
            button.appendChild(el("span", {"class": "tda-bar-count", "aria-hidden": "true"}));
            button.appendChild(el("span", {"class": "tda-bar-year", "aria-hidden": "true"},
                                  year));
            button.appendChild(el("span", {"class": "tda-bar-year-short", "aria-hidden": "true"},
                                  "\u2019" + String(year).slice(-2)));
            button.addEventListener("click", this.onBar.bind(this, year));
            button.addEventListener("keydown", this.onBarKey.bind(this, year));
            bars.appendChild(button);
            this.bars[year] = button;
            var row = el("tr");
            row.appendChild(el("th", {scope: "row"}, year));
            this.barCells[year] = row.appendChild(el("td"));
            tbody.appendChild(row);
        }
        section.appendChild(bars);
        section.appendChild(table);
        this.timelineNote = section.appendChild(el("p", {"class": "tda-note"}));
        return section;
    };

    Panels.prototype.onBar = function (year) { this.tda.set({year: year}); };

    Panels.prototype.onBarKey = function (year, event) {
        var years = this.tda.years, target = null;
        if (event.key === "ArrowLeft" || event.key === "ArrowDown") { target = year - 1; }
        else if (event.key === "ArrowRight" || event.key === "ArrowUp") { target = year + 1; }
        else if (event.key === "Home") { target = years[0]; }
        else if (event.key === "End") { target = years[1]; }
        if (target === null) { return; }
        event.preventDefault();
        target = Math.max(years[0], Math.min(years[1], target));
        this.rove(target);
        this.bars[target].focus();
    };

    /** Roving tab stop: only one bar is in the tab order. */
    Panels.prototype.rove = function (year) {
        var bars = this.bars;
        Object.keys(bars).forEach(function (y) {
            bars[y].setAttribute("tabindex", Number(y) === year ? "0" : "-1");
        });
    };

    /** Events per starting year under the filters of `state` (cached per filter set). */
    Panels.prototype.yearCounts = function (state) {
        var f = state.filters || {}, key = JSON.stringify([f.countries, f.groups, f.event_kinds]);
        if (this.countsKey === key) { return this.counts; }
        var counts = {};
        this.events.forEach(function (e) {
            var v = e.filters;
            if (!keep(f.countries, v.countries) || !keep(f.groups, v.groups)
                || !keep(f.event_kinds, v.event_kinds)) { return; }
            counts[e.year] = (counts[e.year] || 0) + 1;
        });
        this.countsKey = key;
        this.counts = counts;
        return counts;
    };

    Panels.prototype.updateTimeline = function (state) {
        var t = this.t, counts = this.yearCounts(state), max = 0, self = this;
        Object.keys(this.bars).forEach(function (y) { max = Math.max(max, counts[y] || 0); });
        Object.keys(this.bars).forEach(function (y) {
            var year = Number(y), n = counts[y] || 0, bar = self.bars[y];
            bar.querySelector(".tda-bar-fill").style.height = (max ? 100 * n / max : 0) + "%";
            bar.querySelector(".tda-bar-count").textContent = n ? self.number.format(n) : "";
            var label = t("panel_bar", {year: year, count: self.number.format(n)});
            if (bar.classList.contains("tda-quiet")) { label += " (" + t("quiet_year") + ")"; }
            bar.setAttribute("aria-label", label);
            bar.setAttribute("aria-pressed", year === state.year ? "true" : "false");
            self.barCells[y].textContent = self.number.format(n);
        });
        if (!this.root.contains(document.activeElement)
            || !document.activeElement.classList.contains("tda-bar")) {
            this.rove(state.year);
        }
        this.timelineNote.textContent = t("panel_timeline_note");
    };

    function keep(chosen, values) {
        if (!chosen || !chosen.length) { return true; }
        return values.some(function (v) { return chosen.indexOf(v) >= 0; });
    }

    /* ---- events table ---- */

    Panels.prototype.buildTable = function () {
        var t = this.t;
        var section = this.section("events", t("panel_table"));
        this.tableStatus = section.appendChild(el("p", {"class": "tda-status",
                                                        role: "status"}));
        var wrap = section.appendChild(el("div", {"class": "tda-table-wrap"}));
        this.tableWrap = wrap;
        var table = wrap.appendChild(el("table", {"class": "tda-table"}));
        table.appendChild(el("caption", {"class": "tda-visually-hidden"},
                             t("panel_table")));
        var head = el("tr");
        this.columns = [t("panel_date"), t("panel_event"), t("panel_place"), t("sources"), t("panel_quote")];
        this.columns.forEach(function (name) { head.appendChild(el("th", {scope: "col"}, name)); });
        table.appendChild(el("thead")).appendChild(head);
        this.tbody = table.appendChild(el("tbody"));
        var nav = section.appendChild(el("nav", {"class": "tda-pager",
                                                 "aria-label": t("panel_pages")}));
        this.prev = nav.appendChild(el("button", {type: "button"}, t("panel_prev")));
        this.pageLabel = nav.appendChild(el("span", {"class": "tda-page"}));
        this.next = nav.appendChild(el("button", {type: "button"}, t("panel_next")));
        var self = this;
        this.prev.addEventListener("click", function () { self.showPage(self.page - 1); });
        this.next.addEventListener("click", function () { self.showPage(self.page + 1); });
        return section;
    };

    /** Which events are drawn now, by their place in the sorted list (a flag per event). */
    Panels.prototype.drawnEvents = function () {
        var flags = new Uint8Array(this.events.length), described = this.described;
        var byId = this.byId;
        this.tda.visible("events").forEach(function (f) {
            var d = described.get(f) || (byId[String(f.id)] || {}).d;
            if (d) { flags[d.order] = 1; }
        });
        return flags;
    };

    Panels.prototype.updateTable = function (flags) {
        this.rows = this.events.filter(function (d, i) { return flags[i] === 1; });
        var at = this.selected ? this.indexOf(this.selected) : -1;
        this.showPage(at >= 0 ? Math.floor(at / this.pageSize) : 0);
    };

    Panels.prototype.indexOf = function (id) {
        for (var i = 0; i < this.rows.length; i += 1) {
            if (this.rows[i].id === id) { return i; }
        }
        return -1;
    };

    Panels.prototype.pages = function () {
        return Math.max(1, Math.ceil(this.rows.length / this.pageSize));
    };

    Panels.prototype.showPage = function (page) {
        var t = this.t, n = this.number, self = this;
        this.page = Math.max(0, Math.min(this.pages() - 1, page));
        var first = this.page * this.pageSize;
        var slice = this.rows.slice(first, first + this.pageSize);
        var body = el("tbody");
        slice.forEach(function (d) { body.appendChild(self.row(d)); });
        this.tbody.parentNode.replaceChild(body, this.tbody);
        this.tbody = body;
        this.tableStatus.textContent = this.rows.length
            ? t("panel_rows", {first: n.format(first + 1),
                                                     last: n.format(first + slice.length),
                                                     total: n.format(this.rows.length)})
            : t("panel_no_rows");
        this.pageLabel.textContent = t("panel_page",
                                       {page: n.format(this.page + 1),
                                        pages: n.format(this.pages())});
        this.prev.disabled = this.page === 0;
        this.next.disabled = this.page >= this.pages() - 1;
    };

    Panels.prototype.row = function (d) {
        var t = this.t, self = this, id = d.id;
        var tr = el("tr", {"data-id": id});
        if (id === this.selected) {
            tr.classList.add("tda-selected");
            tr.setAttribute("aria-current", "true");
        }
        var cells = [this.dateText(d), null, d.place, this.sourcesText(d), d.quote];
        cells.forEach(function (value, i) {
            var td = el("td", {"data-label": self.columns[i]});
            if (i === 1) {
                var button = td.appendChild(el("button", {type: "button", "class": "tda-link"},
                                                d.title));
                button.setAttribute("aria-label", t("panel_show",
                                                    {title: d.title}));
            } else if (i === 4 && value) {
                td.appendChild(el("q", {}, value));
            } else {
                td.textContent = value || "";
            }
            tr.appendChild(td);
        });
        tr.addEventListener("click", function () { self.show(id); });
        return tr;
    };

    /** The event's date label (geo.data.text, via the options), or its ISO date. */
    Panels.prototype.dateText = function (d) {
        var date = (this.options.dates || {})[d.id];
        if (!date) { return d.date; }
        return date[1] ? date[0] + " (" + this.t("panel_inferred") + ")" : date[0];
    };

    /** Short labels of an event's sources; articles sharing a label are counted once. */
    Panels.prototype.sourcesText = function (d) {
        var labels = this.options.sources || {}, order = [], count = {}, t = this.t;
        d.sources.forEach(function (s) {
            var label = labels[s] || s;
            if (!count[label]) { order.push(label); }
            count[label] = (count[label] || 0) + 1;
        });
        return order.map(function (label) {
            return count[label] > 1 ? t("panel_articles", {label: label, count: count[label]})
                : label;
        }).join("; ");
    };

    /** A feature chosen on the map: highlight its row, on its page, and scroll to it. */
    Panels.prototype.select = function (id) {
        this.selected = id === null || id === undefined ? null : String(id);
        var at = this.selected ? this.indexOf(this.selected) : -1;
        if (at < 0) {
            Array.prototype.forEach.call(this.tbody.querySelectorAll(".tda-selected"),
                                         function (tr) {
                tr.classList.remove("tda-selected"); tr.removeAttribute("aria-current");
            });
            return;
        }
        this.showPage(Math.floor(at / this.pageSize));
        var row = this.tbody.querySelector("tr.tda-selected"), wrap = this.tableWrap;
        if (!row) { return; }
        // scroll the table, not the page: the reader is looking at the map
        var top = row.getBoundingClientRect().top - wrap.getBoundingClientRect().top
            + wrap.scrollTop;
        var head = wrap.querySelector("thead"), offset = head ? head.offsetHeight : 0;
        if (top - offset < wrap.scrollTop
            || top + row.offsetHeight > wrap.scrollTop + wrap.clientHeight) {
            wrap.scrollTop = Math.max(0, top - offset);
        }
    };

    /* ---- place search ---- */

    Panels.prototype.buildSearch = function () {
        var t = this.t, self = this;
        var section = this.section("search", t("panel_search"));
        var list = nextId("places");
        var label = nextId("search-label");
        section.appendChild(el("label", {"for": list + "-input", id: label},
                               t("panel_search_label")));
        var input = section.appendChild(el("input", {
            id: list + "-input", type: "search", role: "combobox", autocomplete: "off",
            spellcheck: "false", "aria-autocomplete": "list", "aria-expanded": "false",
            "aria-controls": list}));
        var box = section.appendChild(el("ul", {id: list, role: "listbox",
                                                "aria-labelledby": label,
                                                "class": "tda-options"}));
        box.hidden = true;
        this.searchStatus = section.appendChild(el("p", {"class": "tda-visually-hidden",
                                                         role: "status"}));
        this.input = input;
        this.options_ = box;
        this.matches = [];
        this.active = -1;
        input.addEventListener("input", function () { self.search(input.value); });
        input.addEventListener("keydown", function (event) { self.onSearchKey(event); });
        input.addEventListener("blur", function () {
            window.setTimeout(function () { self.closeSearch(); }, 150);
        });
        return section;
    };

    /** Rank of a match: exact name, prefix, word start, anywhere (-1: no match). */
    function rank(key, query) {
        var at = key.indexOf(query);
        if (at < 0) { return -1; }
        if (key === query) { return 0; }
        if (at === 0) { return 1; }
        return /[^a-z0-9]/.test(key.charAt(at - 1)) ? 2 : 3;
    }

    Panels.prototype.search = function (query) {
        var key = fold(query), t = this.t, self = this, best = {};
        this.matches = [];
        if (key) {
            this.places.forEach(function (entry) {
                var r = rank(entry.key, key);
                if (r >= 0 && (!best[entry.id] || r < best[entry.id].r)) {
                    best[entry.id] = {r: r, entry: entry};
                }
            });
            this.matches = Object.keys(best).map(function (id) { return best[id]; })
                .sort(function (a, b) {
                    if (a.r !== b.r) { return a.r - b.r; }
                    return a.entry.key < b.entry.key ? -1 : (a.entry.key > b.entry.key ? 1 : 0);
                }).map(function (hit) { return hit.entry; }).slice(0, 8);
        }
        var box = this.options_;
        while (box.firstChild) { box.removeChild(box.firstChild); }
        this.matches.forEach(function (entry, i) {
            var option = box.appendChild(el("li", {role: "option", id: box.id + "-" + i,
                                                   "aria-selected": "false"}, entry.name));
            if (entry.alias) {
                option.appendChild(el("span", {"class": "tda-alias"}, " (" + entry.alias + ")"));
            }
            option.addEventListener("mousedown", function (event) {
                event.preventDefault();
                self.choose(i);
            });
        });
        box.hidden = !this.matches.length;
        this.input.setAttribute("aria-expanded", this.matches.length ? "true" : "false");
        this.setActive(-1);
        this.searchStatus.textContent = key
            ? (this.matches.length ? t("panel_found",
                                       {count: this.number.format(this.matches.length)})
                : t("panel_not_found")) : "";
    };

    Panels.prototype.setActive = function (i) {
        var box = this.options_;
        this.active = i;
        Array.prototype.forEach.call(box.children, function (option, n) {
            option.setAttribute("aria-selected", n === i ? "true" : "false");
        });
        if (i >= 0) {
            this.input.setAttribute("aria-activedescendant", box.id + "-" + i);
            var option = box.children[i];
            if (option.scrollIntoView) { option.scrollIntoView({block: "nearest"}); }
        } else {
            this.input.removeAttribute("aria-activedescendant");
        }
    };

    Panels.prototype.onSearchKey = function (event) {
        var n = this.matches.length;
        if (event.key === "ArrowDown" && n) {
            event.preventDefault();
            this.setActive((this.active + 1) % n);
        } else if (event.key === "ArrowUp" && n) {
            event.preventDefault();
            this.setActive((this.active - 1 + n) % n);
        } else if (event.key === "Enter" && n) {
            event.preventDefault();
            this.choose(Math.max(0, this.active));
        } else if (event.key === "Escape") {
            this.closeSearch();
        }
    };

    Panels.prototype.choose = function (i) {
        var entry = this.matches[i];
        if (!entry) { return; }
        this.input.value = entry.name;
        this.closeSearch();
        this.show(entry.id);
    };

    Panels.prototype.closeSearch = function () {
        this.options_.hidden = true;
        this.input.setAttribute("aria-expanded", "false");
        this.input.removeAttribute("aria-activedescendant");
    };

    /* ---- what changed ---- */

    Panels.prototype.buildChanges = function () {
        var section = this.section("changes", this.t("panel_changes"));
        this.changesIntro = section.appendChild(el("p", {"class": "tda-note"}));
        this.changesBody = section.appendChild(el("div", {"class": "tda-changes-body"}));
        return section;
    };

    Panels.prototype.updateChanges = function (state, flags) {
        var t = this.t, self = this, groups = {presence: [], events: [], routes: []};
        var drawn = {};
        ["presence", "routes"].forEach(function (layer) {
            self.tda.visible(layer).forEach(function (f) { drawn[String(f.id)] = true; });
        });
        // ids new in the year (computed in Python), kept when drawn now
        ((this.options.newIn || {})[String(state.year)] || []).forEach(function (id) {
            var hit = self.byId[id];
            if (!hit || !groups[hit.layer]) { return; }
            if (hit.layer === "events" ? flags[hit.order] === 1 : drawn[id]) {
                groups[hit.layer].push(hit);
            }
        });
        var first = state.year <= this.tda.years[0];
        this.changesIntro.textContent = first
            ? t("panel_changes_first", {year: state.year})
            : t("panel_changes_new",
                {year: state.year, previous: state.year - 1});
        var body = el("div", {"class": "tda-changes-body"});
        var titles = {presence: t("panel_countries"), events: t("layer_events"), routes: t("layer_routes")};
        var limit = 50, any = false;
        ["presence", "events", "routes"].forEach(function (layer) {
            var items = groups[layer];
            if (!items.length) { return; }
            any = true;
            items.sort(layer === "events"
                ? function (a, b) { return a.order - b.order; }
                : function (a, b) { return a.d.name < b.d.name ? -1 : (a.d.name > b.d.name ? 1 : 0); });
            var heading = nextId("changes-" + layer);
            body.appendChild(el("h3", {id: heading}, titles[layer] + " ("
                                + self.number.format(items.length) + ")"));
            var list = body.appendChild(el("ul", {"class": "tda-changes-list",
                                                  "aria-labelledby": heading,
                                                  "data-layer": layer}));
            items.slice(0, limit).forEach(function (hit) {
                var d = hit.d, li = list.appendChild(el("li"));
                var button = li.appendChild(el("button", {type: "button", "class": "tda-link",
                                                          "data-id": d.id},
                                               layer === "events" ? d.title : d.name));
                if (layer === "events") {
                    li.appendChild(el("span", {"class": "tda-meta"}, self.dateText(d)));
                }
                button.addEventListener("click", function () { self.show(d.id); });
            });
            if (items.length > limit) {
                list.appendChild(el("li", {"class": "tda-meta"},
                                    t("panel_more", {count: self.number.format(
                                        items.length - limit)})));
            }
        });
        if (!any) {
            body.appendChild(el("p", {}, t("panel_nothing_new",
                                           {year: state.year})));
        }
        this.changesBody.parentNode.replaceChild(body, this.changesBody);
        this.changesBody = body;
    };

    Panels.prototype.update = function (state) {
        // a repaint that draws the same (e.g. a display option) keeps the table's page
        var key = JSON.stringify([state.year, state.mode, state.filters, state.layers]);
        this.state = state;
        this.updateTimeline(state);
        if (key === this.drawnKey) { return; }
        this.drawnKey = key;
        var flags = this.drawnEvents();
        this.updateTable(flags);
        this.updateChanges(state, flags);
        this.root.setAttribute("data-year", String(state.year));
    };

    /** Start the panels once the page's `window.tda` is ready (`tda.loaded` resolves). */
    function start(options) {
        function go() {
            var tda = window.tda;
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
        function stop() {
            window.removeEventListener("tda:ready", retry);
            window.removeEventListener("message", onMessage);
        }
        function onMessage(event) {
            if (event.data && event.data.type === "tda:ready") { retry(); }
        }
        window.addEventListener("tda:ready", retry);
        window.addEventListener("message", onMessage);
        if (document.readyState !== "complete") {
            window.addEventListener("load", retry, {once: true});
        }
    }

    window.TdaPanels = {start: start, fold: fold, describe: describe, Panels: Panels};
})();
