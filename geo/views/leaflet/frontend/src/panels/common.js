/* Shared helpers of the linked panels: elements, ids, accent folding, feature fields. */
import {elAttrs} from "../dom.js";

export const el = elAttrs;
let uid = 0;

/** A page-unique element id. */
export function nextId(prefix) { uid += 1; return "tda-" + prefix + "-" + uid; }

/** Accent-insensitive, case-folded form of a name (NFD, combining marks stripped). */
export function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
        .toLowerCase().replace(/\s+/g, " ").trim();
}

function first(list) { return list && list.length ? list[0] : null; }

function pick(p, a, b) { return p[a] !== undefined ? p[a] : p[b]; }

/** The fields the panels show of one feature: the page API's GeoJSON feature
 * (tda.features) or a payload entry. */
export function describe(f) {
    const p = f.properties || f, popup = pick(p, "popup", "p") || {};
    const quote = first(popup.quotes);
    const date = pick(p, "date_label", "date_label");
    return {
        id: String(f.id),
        title: String(popup.title || p.name || f.id),
        name: String(p.name || popup.title || f.id),
        year: pick(p, "new_in", "n"),
        date: String(p.date || ""),
        dateLabel: date ? [String(date[0]), date[1] ? 1 : 0] : null,
        place: String(p.place_name || ""),
        aliases: p.aliases || [],
        sources: p.sources || [],
        quote: quote && quote.quote ? String(quote.quote) : "",
        quoteLang: quote && quote.lang ? String(quote.lang) : "",
        filters: pick(p, "filters", "f") || {}
    };
}
