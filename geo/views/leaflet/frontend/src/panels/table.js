/* The events table: the drawn events by date, paged; a row shows its event on the map. */
import {el} from "./common.js";

/** Add the table methods to the panels' prototype. */
export function install(proto) {
    proto.buildTable = function () {
        const t = this.t;
        const section = this.section("events-table", t("panel_table"));
        this.tableStatus = section.appendChild(el("p", {"class": "tda-status",
                                                        role: "status"}));
        const wrap = section.appendChild(el("div", {"class": "tda-table-wrap"}));
        this.tableWrap = wrap;
        const table = wrap.appendChild(el("table", {"class": "tda-table"}));
        table.appendChild(el("caption", {"class": "tda-visually-hidden"},
                             t("panel_table")));
        const head = el("tr");
        this.columns = [t("panel_date"), t("panel_event"), t("panel_place"), t("sources"), t("panel_quote")];
        this.columns.forEach(function (name) { head.appendChild(el("th", {scope: "col"}, name)); });
        table.appendChild(el("thead")).appendChild(head);
        this.tbody = table.appendChild(el("tbody"));
        const nav = section.appendChild(el("nav", {"class": "tda-pager",
                                                 "aria-label": t("panel_pages")}));
        this.prev = nav.appendChild(el("button", {type: "button"}, t("panel_prev")));
        this.pageLabel = nav.appendChild(el("span", {"class": "tda-page"}));
        this.next = nav.appendChild(el("button", {type: "button"}, t("panel_next")));
        const self = this;
        this.prev.addEventListener("click", function () { self.showPage(self.page - 1); });
        this.next.addEventListener("click", function () { self.showPage(self.page + 1); });
        return section;
    };

    /** Which events are drawn now, by their place in the sorted list (a flag per event). */
    proto.drawnEvents = function () {
        const flags = new Uint8Array(this.events.length), described = this.described;
        const byId = this.byId;
        this.tda.visible(this.tda.roles.events).forEach(function (f) {
            const d = described.get(f) || (byId[String(f.id)] || {}).d;
            if (d) { flags[d.order] = 1; }
        });
        return flags;
    };

    proto.updateTable = function (flags) {
        this.rows = this.events.filter(function (d, i) { return flags[i] === 1; });
        const at = this.selected ? this.indexOf(this.selected) : -1;
        this.showPage(at >= 0 ? Math.floor(at / this.pageSize) : 0);
    };

    proto.indexOf = function (id) {
        for (let i = 0; i < this.rows.length; i += 1) {
            if (this.rows[i].id === id) { return i; }
        }
        return -1;
    };

    proto.pages = function () {
        return Math.max(1, Math.ceil(this.rows.length / this.pageSize));
    };

    proto.showPage = function (page) {
        const t = this.t, n = this.number, self = this;
        this.page = Math.max(0, Math.min(this.pages() - 1, page));
        const first = this.page * this.pageSize;
        const slice = this.rows.slice(first, first + this.pageSize);
        const body = el("tbody");
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

    proto.row = function (d) {
        const t = this.t, self = this, id = d.id;
        const tr = el("tr", {"data-id": id});
        if (id === this.selected) {
            tr.classList.add("tda-selected");
            tr.setAttribute("aria-current", "true");
        }
        const cells = [this.dateText(d), null, d.place, this.sourcesText(d), d.quote];
        cells.forEach(function (value, i) {
            const td = el("td", {"data-label": self.columns[i]});
            if (i === 1) {
                const button = td.appendChild(el("button", {type: "button", "class": "tda-link"},
                                                d.title));
                button.setAttribute("aria-label", t("panel_show",
                                                    {title: d.title}));
            } else if (i === 4 && value) {
                td.appendChild(el("q", d.quoteLang ? {lang: d.quoteLang} : {}, value));
            } else {
                td.textContent = value || "";
            }
            tr.appendChild(td);
        });
        tr.addEventListener("click", function () { self.show(id); });
        return tr;
    };

    /** The event's date label (computed in Python), or its ISO date. */
    proto.dateText = function (d) {
        if (!d.dateLabel) { return d.date; }
        return d.dateLabel[1] ? d.dateLabel[0] + " (" + this.t("panel_inferred") + ")" : d.dateLabel[0];
    };

    /** Short labels of an event's sources; articles sharing a label are counted once. */
    proto.sourcesText = function (d) {
        const sources = this.tda.sources || {}, order = [], count = {}, t = this.t;
        d.sources.forEach(function (s) {
            const label = Object.prototype.hasOwnProperty.call(sources, s) ? sources[s].label : s;
            if (!count[label]) { order.push(label); }
            count[label] = (count[label] || 0) + 1;
        });
        return order.map(function (label) {
            return count[label] > 1 ? t("panel_articles", {label: label, count: count[label]})
                : label;
        }).join("; ");
    };

    /** A feature chosen on the map: highlight its row, on its page, and scroll to it. */
    proto.select = function (id) {
        this.selected = id === null || id === undefined ? null : String(id);
        const at = this.selected ? this.indexOf(this.selected) : -1;
        if (at < 0) {
            Array.prototype.forEach.call(this.tbody.querySelectorAll(".tda-selected"),
                                         function (tr) {
                tr.classList.remove("tda-selected"); tr.removeAttribute("aria-current");
            });
            return;
        }
        this.showPage(Math.floor(at / this.pageSize));
        const row = this.tbody.querySelector("tr.tda-selected"), wrap = this.tableWrap;
        if (!row) { return; }
        // scroll the table, not the page: the reader is looking at the map
        const top = row.getBoundingClientRect().top - wrap.getBoundingClientRect().top
            + wrap.scrollTop;
        const head = wrap.querySelector("thead"), offset = head ? head.offsetHeight : 0;
        if (top - offset < wrap.scrollTop
            || top + row.offsetHeight > wrap.scrollTop + wrap.clientHeight) {
            wrap.scrollTop = Math.max(0, top - offset);
        }
    };
}
