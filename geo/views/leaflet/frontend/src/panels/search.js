/* Place search: an accessible combobox over place names and aliases. */
import {el, fold, nextId} from "./common.js";

/** Add the search methods to the panels' prototype. */
export function install(proto) {
    proto.buildSearch = function () {
        const t = this.t, self = this;
        const section = this.section("search", t("panel_search"));
        const list = nextId("place-list");
        const label = nextId("search-label");
        section.appendChild(el("label", {"for": list + "-input", id: label},
                               t("panel_search_label")));
        const input = section.appendChild(el("input", {
            id: list + "-input", type: "search", role: "combobox", autocomplete: "off",
            spellcheck: "false", "aria-autocomplete": "list", "aria-expanded": "false",
            "aria-controls": list}));
        const box = section.appendChild(el("ul", {id: list, role: "listbox",
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
        const at = key.indexOf(query);
        if (at < 0) { return -1; }
        if (key === query) { return 0; }
        if (at === 0) { return 1; }
        return /[^a-z0-9]/.test(key.charAt(at - 1)) ? 2 : 3;
    }

    proto.search = function (query) {
        const key = fold(query), t = this.t, self = this, best = {};
        this.matches = [];
        if (key) {
            this.places.forEach(function (entry) {
                const r = rank(entry.key, key);
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
        const box = this.options_;
        while (box.firstChild) { box.removeChild(box.firstChild); }
        this.matches.forEach(function (entry, i) {
            const option = box.appendChild(el("li", {role: "option", id: box.id + "-" + i,
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

    proto.setActive = function (i) {
        const box = this.options_;
        this.active = i;
        Array.prototype.forEach.call(box.children, function (option, n) {
            option.setAttribute("aria-selected", n === i ? "true" : "false");
        });
        if (i >= 0) {
            this.input.setAttribute("aria-activedescendant", box.id + "-" + i);
            const option = box.children[i];
            // scroll the list only (scrollIntoView would scroll the page, or the host page)
            if (option.offsetTop < box.scrollTop) { box.scrollTop = option.offsetTop; }
            else if (option.offsetTop + option.offsetHeight > box.scrollTop + box.clientHeight) {
                box.scrollTop = option.offsetTop + option.offsetHeight - box.clientHeight;
            }
        } else {
            this.input.removeAttribute("aria-activedescendant");
        }
    };

    proto.onSearchKey = function (event) {
        const n = this.matches.length;
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

    proto.choose = function (i) {
        const entry = this.matches[i];
        if (!entry) { return; }
        this.input.value = entry.name;
        this.closeSearch();
        this.show(entry.id);
    };

    proto.closeSearch = function () {
        this.options_.hidden = true;
        this.input.setAttribute("aria-expanded", "false");
        this.input.removeAttribute("aria-activedescendant");
    };
}
