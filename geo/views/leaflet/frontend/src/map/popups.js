/* Popups: structured, translated fields from the payload, set with textContent only;
 * hit-testing of the canvas marks; selection. */
import {el} from "../dom.js";

function sourceLabel(P, id) { return P.sources[id] ? P.sources[id].label : id; }

/** The popup's content of one feature (plain text nodes only). */
export function popupContent(P, S, f) {
    const p = f.p, box = el("div", "tda-popup");
    box.appendChild(el("h4", null, p.title));
    p.meta.forEach(function (line) { box.appendChild(el("div", "tda-meta", line)); });
    (p.notes || []).forEach(function (note) {   // the record's own words, in their language
        box.appendChild(el("div", "tda-meta", note.text)).setAttribute("lang", note.lang);
    });
    if (p.figures && p.figures.length) {
        box.appendChild(el("div", "tda-label", S.figures));
        const ul = el("ul", "tda-figures");
        p.figures.forEach(function (fig) {
            const li = el("li");
            li.appendChild(el("b", null, fig.label + ": "));
            li.appendChild(document.createTextNode(fig.text));
            if (fig.said_by) { li.appendChild(document.createTextNode(" — " + S.said_by + " " + fig.said_by)); }
            li.appendChild(el("span", "tda-source", " (" + sourceLabel(P, fig.source) + ")"));
            if (fig.differs) { li.classList.add("tda-differs"); }
            ul.appendChild(li);
        });
        box.appendChild(ul);
    }
    if (p.agreement) { box.appendChild(el("div", "tda-agreement", p.agreement)); }
    p.quotes.forEach(function (q) {
        const bq = el("blockquote");
        const said = bq.appendChild(el("span", null, "“" + q.quote + "”"));
        if (q.lang) { said.setAttribute("lang", q.lang); }   // verbatim, in its article's language
        const cite = (q.year ? q.year + " · " : "") + (q.said_by ? q.said_by + " · " : "") + sourceLabel(P, q.source);
        bq.appendChild(el("small", null, cite));
        box.appendChild(bq);
    });
    return box;
}

/** `c.openPopup(layer, index, latlng?)`, `c.select(id)`, `c.anchorOf`, map click/hover. */
export function setupPopups(c) {
    const L = c.L, map = c.map;
    let popup = null;
    /** autoPan padding that keeps a popup clear of every control box over the map: the band
     * between the lowest top control and the highest bottom one. */
    function padding() {
        const mr = c.container.getBoundingClientRect();
        let top = 10, bottom = 10;
        c.container.querySelectorAll(".leaflet-control").forEach(function (node) {
            const r = node.getBoundingClientRect();
            if (!r.width || !r.height) { return; }
            if (node.closest(".leaflet-top")) { top = Math.max(top, r.bottom - mr.top + 8); }
            else { bottom = Math.max(bottom, mr.bottom - r.top + 8); }
        });
        return {tl: L.point(10, Math.min(top, mr.height / 2)), br: L.point(10, Math.min(bottom, mr.height / 2))};
    }
    c.anchorOf = function (name, i) {
        const f = c.F[name].entries[i];
        if (c.F[name].px) {
            const k = c.markOf(name, i);
            if (k >= 0) { return map.containerPointToLatLng(c.drawnAt(c.marks[k])); }
            return L.latLng(f.g.coordinates[1], f.g.coordinates[0]);
        }
        const path = c.F[name].paths[i];
        return path ? path.getBounds().getCenter() : map.getCenter();
    };
    c.openPopup = function (name, i, latlng) {
        const f = c.F[name].entries[i], pad = padding();
        if (!latlng) { latlng = c.anchorOf(name, i); }
        if (c.layout.classList.contains("tda-narrow")) { c.setLegendOpen(false); }
        // the popup's box is its content plus 40 px of frame: it fits a 390 px screen
        const width = Math.min(360, map.getSize().x - 70);
        popup = L.popup({maxWidth: width, minWidth: Math.min(200, width),
                         autoPanPaddingTopLeft: pad.tl, autoPanPaddingBottomRight: pad.br,
                         className: "tda-popup-wrap"})
            .setLatLng(latlng).setContent(popupContent(c.P, c.S, f)).openOn(map);
        c.select(f.id);
    };
    c.select = function (id) {
        if (c.state.selected === id) { return; }
        c.state.selected = id;
        c.points._reset();
        c.emit("select", id);
        c.announce();
    };
    map.on("popupclose", function (e) {
        // A closed popup fades out for 200 ms: it must not catch the next click meanwhile.
        const node = e.popup.getElement();
        if (node) { node.style.pointerEvents = "none"; }
        if (e.popup === popup) { popup = null; c.select(null); }
    });
    function hit(cp) {
        const d = c.drawnShift();
        for (let k = c.marks.length - 1; k >= 0; k--) {
            const m = c.marks[k], dx = m.x + d.x - cp.x, dy = m.y + d.y - cp.y;
            if (dx * dx + dy * dy <= (m.r + 3) * (m.r + 3)) { return m; }
        }
        return null;
    }
    /** A click at container point `cp` on the marks (drawn above the paths): true when a
     * mark took it (a popup, or an aggregate fanned out); a click beside them folds an
     * opened aggregate back. */
    c.clickMarks = function (cp) {
        const m = hit(cp);
        if (!m) {
            if (c.openGroup) { c.openGroup = null; c.points._reset(); }
            return false;
        }
        if (m.cluster) {   // spiderfy: this aggregate's events fan out around it
            c.openGroup = {key: m.key, zoom: map.getZoom()};
            c.points._reset();
            return true;
        }
        c.openPopup(m.layer, m.index, map.containerPointToLatLng(c.drawnAt(m)));
        return true;
    };
    map.on("click", function (e) { c.clickMarks(e.containerPoint); });
    map.on("mousemove", function (e) { c.container.classList.toggle("tda-pointer", !!hit(e.containerPoint)); });
}
