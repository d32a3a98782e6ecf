/* Keyboard navigation of the drawn features: arrow keys move west to east, Enter opens. */
import {el} from "../dom.js";

/** The keyboard focus target over the map. */
export function setupKeynav(c) {
    const L = c.L, map = c.map, S = c.S;
    const keynav = el("div", "tda-keynav");
    keynav.tabIndex = 0;
    keynav.setAttribute("role", "application");
    keynav.setAttribute("aria-label", S.features_nav);
    const live = el("div", "tda-live");
    live.setAttribute("aria-live", "polite");
    keynav.appendChild(live);
    c.mapWrap.appendChild(keynav);
    let navList = [], navPos = -1;
    function build() {
        navList = [];
        c.P.layer_order.forEach(function (name) {
            const info = c.F[name];
            for (let i = 0; i < info.entries.length; i++) {
                if (!info.visible[i]) { continue; }
                const f = info.entries[i];
                const ll = info.px ? L.latLng(f.g.coordinates[1], f.g.coordinates[0])
                    : (info.paths[i] ? info.paths[i].getBounds().getCenter() : null);
                if (ll) { navList.push({layer: name, index: i, ll: ll, id: f.id}); }
            }
        });
        navList.sort(function (a, b) { return a.ll.lng - b.ll.lng || a.ll.lat - b.ll.lat || (a.id < b.id ? -1 : 1); });
    }
    function navTo(pos) {
        if (!navList.length) { live.textContent = S.no_features; return; }
        navPos = (pos + navList.length) % navList.length;
        const item = navList[navPos], f = c.F[item.layer].entries[item.index];
        if (!map.getBounds().pad(-0.1).contains(item.ll)) { map.panTo(item.ll, {animate: false}); }
        c.focusIndex = -1;
        c.points._reset();
        c.focusIndex = c.markOf(item.layer, item.index);
        c.points._reset();
        live.textContent = (navPos + 1) + "/" + navList.length + ": " + f.p.title;
        keynav.setAttribute("data-current", f.id);
    }
    keynav.addEventListener("keydown", function (e) {
        if (e.key === "ArrowRight" || e.key === "ArrowDown") { build(); navTo(navPos + 1); e.preventDefault(); }
        else if (e.key === "ArrowLeft" || e.key === "ArrowUp") { build(); navTo(navPos < 0 ? -1 : navPos - 1); e.preventDefault(); }
        else if (e.key === "Enter" && navPos >= 0 && navList[navPos]) {
            const item = navList[navPos];
            c.openPopup(item.layer, item.index);
            e.preventDefault();
        } else if (e.key === "Escape") { map.closePopup(); }
    });
    keynav.addEventListener("blur", function () { c.focusIndex = -1; c.points._reset(); });
}
