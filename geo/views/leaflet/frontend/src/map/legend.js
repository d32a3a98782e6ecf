/* The legend: the rows of what is drawn now (ids from the payload's features), with
 * swatches drawn from the same symbols as the marks. A button opens it on narrow screens. */
import {el} from "../dom.js";

const SVG_NS = "http://www.w3.org/2000/svg";
export const NARROW_PX = 900;   // below this width the legend is a button over the map
export const STACKED_PX = 1200; // below this width (and above NARROW_PX) the legend sits below the map

/** An SVG swatch of a symbol (line, polygon or point shape). */
export function swatch(sym) {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("width", "24"); svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "0 0 24 16"); svg.setAttribute("aria-hidden", "true");
    let node;
    if (sym.shape === "line") {
        node = document.createElementNS(SVG_NS, "line");
        node.setAttribute("x1", "1"); node.setAttribute("y1", "8"); node.setAttribute("x2", "23"); node.setAttribute("y2", "8");
    } else if (sym.shape === "polygon") {
        node = document.createElementNS(SVG_NS, "rect");
        node.setAttribute("x", "2"); node.setAttribute("y", "2"); node.setAttribute("width", "20"); node.setAttribute("height", "12");
    } else {
        node = document.createElementNS(SVG_NS, "path");
        node.setAttribute("d", shapePath(sym.shape, Math.min(7, sym.radius || 4), 12, 8));
    }
    node.setAttribute("stroke", sym.color || "none");
    node.setAttribute("stroke-width", String(Math.max(1, Math.min(sym.weight || 1, 4))));
    node.setAttribute("stroke-opacity", String(sym.opacity));
    if (sym.dash) { node.setAttribute("stroke-dasharray", sym.dash); }
    node.setAttribute("fill", sym.fill && sym.shape !== "line" ? sym.fill : "none");
    node.setAttribute("fill-opacity", String(sym.fill_opacity));
    svg.appendChild(node);
    return svg;
}

function shapePath(shape, r, c, m) {
    if (shape === "square") { return "M" + (c - r) + " " + (m - r) + "h" + 2 * r + "v" + 2 * r + "h" + -2 * r + "Z"; }
    if (shape === "diamond") { return "M" + c + " " + (m - r) + "L" + (c + r) + " " + m + "L" + c + " " + (m + r) + "L" + (c - r) + " " + m + "Z"; }
    if (shape === "cross") { return "M" + (c - r) + " " + (m - r) + "L" + (c + r) + " " + (m + r) + "M" + (c + r) + " " + (m - r) + "L" + (c - r) + " " + (m + r); }
    if (shape === "star") {
        let d = "";
        for (let i = 0; i < 10; i++) {
            const a = -Math.PI / 2 + i * Math.PI / 5, dd = i % 2 ? 0.45 * r : r;
            d += (i ? "L" : "M") + (c + dd * Math.cos(a)).toFixed(2) + " " + (m + dd * Math.sin(a)).toFixed(2);
        }
        return d + "Z";
    }
    return "M" + (c + r) + " " + m + "A" + r + " " + r + " 0 1 1 " + (c - r) + " " + m + "A" + r + " " + r + " 0 1 1 " + (c + r) + " " + m + "Z";
}

/** Legend box, its toggle button, `c.updateLegend`, `c.setLegendOpen`, `c.updateLayoutMode`. */
export function setupLegend(c) {
    const S = c.S, L = c.L, layout = c.layout;
    const rows = Object.create(null);  // legend rows by id, in the legend's order
    c.P.legend_rows.forEach(function (row, i) { rows[row.id] = {row: row, order: i}; });
    const box = el("div", "tda-legend");
    box.id = "tda-legend";
    box.appendChild(el("h2", "tda-legend-title", S.legend));
    const body = el("div", "tda-legend-body");
    box.appendChild(body);
    c.side.appendChild(box);
    const button = el("button", "tda-legend-button", S.show_legend);
    button.type = "button";
    button.setAttribute("aria-controls", "tda-legend");
    button.setAttribute("aria-expanded", "false");
    const Toggle = L.Control.extend({
        options: {position: "topright"},
        onAdd: function () { L.DomEvent.disableClickPropagation(button); return button; }
    });
    new Toggle().addTo(c.map);
    c.setLegendOpen = function (open) {
        layout.classList.toggle("tda-legend-open", open);
        button.setAttribute("aria-expanded", open ? "true" : "false");
        button.textContent = open ? S.hide_legend : S.show_legend;
    };
    button.addEventListener("click", function () { c.setLegendOpen(!layout.classList.contains("tda-legend-open")); });
    c.updateLayoutMode = function () {
        const wasNarrow = layout.classList.contains("tda-narrow");
        const width = layout.getBoundingClientRect().width;
        const isNarrow = width < NARROW_PX && !c.flags.briefing;
        const wasStacked = layout.classList.contains("tda-stacked");
        const isStacked = !isNarrow && width < STACKED_PX && !c.flags.briefing;
        layout.classList.toggle("tda-narrow", isNarrow);
        layout.classList.toggle("tda-stacked", isStacked);
        if (isNarrow && !wasNarrow) { c.setLegendOpen(false); }
        // on a phone the year control sits above the attribution strip, never under it
        const corner = c.container.querySelector(".leaflet-bottom.leaflet-left");
        const strip = c.container.querySelector(".leaflet-control-attribution");
        if (corner) { corner.style.bottom = isNarrow && strip ? strip.offsetHeight + "px" : ""; }
        if (c.updateHeader) { c.updateHeader(); }
        if (wasNarrow !== isNarrow || wasStacked !== isStacked) { c.map.invalidateSize(); }
        c.fitLegend();
    };
    /** Two legend columns when one would need a scrollbar (and the screen has room). */
    c.fitLegend = function () {
        const side = c.side, was = side.classList.contains("tda-legend-wide");
        side.classList.remove("tda-legend-wide");
        const beside = !layout.classList.contains("tda-narrow") && !layout.classList.contains("tda-stacked");
        const wide = beside && side.scrollHeight > side.clientHeight + 1;
        side.classList.toggle("tda-legend-wide", wide);
        if (wide !== was) { c.map.invalidateSize(); }
    };
    c.legendIds = [];
    c.updateLegend = function () {
        const wanted = Object.create(null);
        c.P.layer_order.forEach(function (name) {
            const info = c.F[name], n = info.entries.length, m = info.lgCombos.length;
            const seen = new Uint8Array(m), seenActive = new Uint8Array(m);
            const vis = info.visible, act = info.active, nw = info.isNew, idx = info.lgIndex;
            let anyNew = false;
            for (let i = 0; i < n; i++) {
                if (!vis[i]) { continue; }
                seen[idx[i]] = 1;
                if (act[i]) { seenActive[idx[i]] = 1; }
                if (nw[i]) { anyNew = true; }
            }
            for (let k = 0; k < m; k++) {
                if (seen[k]) { info.lgCombos[k][0].forEach(function (id) { wanted[id] = true; }); }
                if (seenActive[k]) { info.lgCombos[k][1].forEach(function (id) { wanted[id] = true; }); }
            }
            if (anyNew && c.flags.changed) { wanted[c.P.changed_row] = true; }
        });
        if (c.aggregateDrawn) { wanted[c.STYLE.aggregate.legend_row] = true; }
        const ids = Object.keys(wanted).filter(function (id) { return rows[id]; });
        ids.sort(function (a, b) { return rows[a].order - rows[b].order; });
        if (ids.join("|") === c.legendIds.join("|")) { return; }
        c.legendIds = ids;
        while (body.firstChild) { body.removeChild(body.firstChild); }
        let current = null, list = null;
        ids.forEach(function (id) {
            const row = rows[id].row;
            if (row.section !== current) {
                current = row.section;
                const sec = el("section", "tda-legend-section");
                sec.setAttribute("data-section", row.section);
                sec.appendChild(el("h3", null, row.section_title));
                list = el("ul");
                sec.appendChild(list);
                body.appendChild(sec);
            }
            const li = el("li", "tda-legend-row");
            li.setAttribute("data-row", id);
            li.appendChild(swatch(row.symbol));
            li.appendChild(el("span", null, row.label));
            list.appendChild(li);
        });
        if (c.fitLegend) { c.fitLegend(); }
    };
}
