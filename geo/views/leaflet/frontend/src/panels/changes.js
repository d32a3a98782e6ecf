/* What changed: the features new in the year (Python computes each one's year), drawn now. */
import {describe, el, nextId} from "./common.js";

/** Add the changes methods to the panels' prototype. */
export function install(proto) {
    proto.buildChanges = function () {
        const section = this.section("changes", this.t("panel_changes"));
        this.changesIntro = section.appendChild(el("p", {"class": "tda-note"}));
        this.changesBody = section.appendChild(el("div", {"class": "tda-changes-body"}));
        return section;
    };

    proto.updateChanges = function (state, flags) {
        const t = this.t, self = this, roles = this.tda.roles, groups = {};
        roles.changes.forEach(function (layer) { groups[layer] = []; });
        // features new in the year (each feature's year comes from Python), kept when drawn now
        roles.changes.forEach(function (layer) {
            if (layer === roles.events) {
                self.events.forEach(function (d, i) {
                    if (d.year === state.year && flags[i] === 1) { groups[layer].push({d: d, order: i}); }
                });
                return;
            }
            self.tda.visible(layer).forEach(function (f) {
                const d = describe(f);
                if (d.year === state.year) { groups[layer].push({d: d}); }
            });
        });
        const first = state.year <= this.tda.years[0];
        this.changesIntro.textContent = first
            ? t("panel_changes_first", {year: state.year})
            : t("panel_changes_new",
                {year: state.year, previous: state.year - 1});
        const body = el("div", {"class": "tda-changes-body"});
        const limit = 50;
        let any = false;
        roles.changes.forEach(function (layer) {
            const isEvents = layer === roles.events;
            const title = layer === roles.areas ? t("panel_countries") : t("layer_" + layer);
            const items = groups[layer];
            if (!items.length) { return; }
            any = true;
            items.sort(isEvents
                ? function (a, b) { return a.order - b.order; }
                : function (a, b) { return a.d.name < b.d.name ? -1 : (a.d.name > b.d.name ? 1 : 0); });
            const heading = nextId("changes-" + layer);
            body.appendChild(el("h3", {id: heading}, title + " ("
                                + self.number.format(items.length) + ")"));
            const list = body.appendChild(el("ul", {"class": "tda-changes-list",
                                                  "aria-labelledby": heading,
                                                  "data-layer": layer}));
            items.slice(0, limit).forEach(function (hit) {
                const d = hit.d, li = list.appendChild(el("li"));
                const button = li.appendChild(el("button", {type: "button", "class": "tda-link",
                                                          "data-id": d.id},
                                               isEvents ? d.title : d.name));
                if (isEvents) {
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
}
