/* The timeline: events per year they began, one bar per year (a roving tab stop). */
import {passesFilters} from "../map/rules.js";
import {el} from "./common.js";

/** Add the timeline methods to the panels' prototype. */
export function install(proto) {
    proto.buildTimeline = function () {
        const t = this.t, years = this.tda.years;
        const section = this.section("timeline", t("panel_timeline"));
        const bars = el("div", {"class": "tda-bars", role: "group",
                              "aria-label": t("panel_timeline_group")});
        const table = el("table", {"class": "tda-visually-hidden"});
        table.appendChild(el("caption", {}, t("panel_timeline")));
        const head = el("tr");
        head.appendChild(el("th", {scope: "col"}, t("year")));
        head.appendChild(el("th", {scope: "col"}, t("layer_events")));
        table.appendChild(el("thead")).appendChild(head);
        const tbody = table.appendChild(el("tbody"));
        this.bars = {};
        this.barCounts = {};
        this.barCells = {};
        const quiet = {};
        (this.tda.quietYears || []).forEach(function (y) { quiet[y] = true; });
        for (let year = years[0]; year <= years[1]; year += 1) {
            // The count is drawn beside the button, not in it: the button's visible text is
            // its year, which its name ("2021: 3 events") contains (axe label-content-name).
            const cell = el("div", {"class": "tda-bar-cell"});
            const count = cell.appendChild(el("span", {"class": "tda-bar-count", "aria-hidden": "true"}));
            const button = cell.appendChild(el("button", {type: "button", "class": "tda-bar",
                                                          "data-year": year, tabindex: "-1"}));
            if (quiet[year]) { button.classList.add("tda-quiet"); }
            button.appendChild(el("span", {"class": "tda-bar-fill", "aria-hidden": "true"}));
            button.appendChild(el("span", {"class": "tda-bar-year"}, year));
            button.addEventListener("click", this.onBar.bind(this, year));
            button.addEventListener("keydown", this.onBarKey.bind(this, year));
            bars.appendChild(cell);
            this.bars[year] = button;
            this.barCounts[year] = count;
            const row = el("tr");
            row.appendChild(el("th", {scope: "row"}, year));
            this.barCells[year] = row.appendChild(el("td"));
            tbody.appendChild(row);
        }
        section.appendChild(bars);
        section.appendChild(table);
        this.timelineNote = section.appendChild(el("p", {"class": "tda-note"}));
        return section;
    };

    proto.onBar = function (year) { this.tda.set({year: year}); };

    proto.onBarKey = function (year, event) {
        const years = this.tda.years;
        let target = null;
        if (event.key === "ArrowLeft" || event.key === "ArrowDown") { target = year - 1; }
        else if (event.key === "ArrowRight" || event.key === "ArrowUp") { target = year + 1; }
        else if (event.key === "Home") { target = years[0]; }
        else if (event.key === "End") { target = years[1]; }
        if (target === null) { return; }
        event.preventDefault();
        target = Math.max(years[0], Math.min(years[1], target));
        this.rove(target);
        this.bars[target].focus({preventScroll: true});
    };

    /** Roving tab stop: only one bar is in the tab order. */
    proto.rove = function (year) {
        const bars = this.bars;
        Object.keys(bars).forEach(function (y) {
            bars[y].setAttribute("tabindex", Number(y) === year ? "0" : "-1");
        });
    };

    /** Events per starting year under the filters of `state` (cached per filter set). */
    proto.yearCounts = function (state) {
        const wanted = state.filters || {}, key = JSON.stringify(wanted);
        if (this.countsKey === key) { return this.counts; }
        const counts = {};
        this.events.forEach(function (e) {
            if (!passesFilters(e.filters, wanted, Object.keys(e.filters))) { return; }
            counts[e.year] = (counts[e.year] || 0) + 1;
        });
        this.countsKey = key;
        this.counts = counts;
        return counts;
    };

    proto.updateTimeline = function (state) {
        const t = this.t, counts = this.yearCounts(state), self = this;
        let max = 0;
        Object.keys(this.bars).forEach(function (y) { max = Math.max(max, counts[y] || 0); });
        Object.keys(this.bars).forEach(function (y) {
            const year = Number(y), n = counts[y] || 0, bar = self.bars[y];
            bar.querySelector(".tda-bar-fill").style.height = (max ? 100 * n / max : 0) + "%";
            self.barCounts[y].textContent = n ? self.number.format(n) : "";
            let label = t("panel_bar", {year: year, count: self.number.format(n)});
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
}
