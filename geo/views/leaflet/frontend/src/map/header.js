/* The title block above the map (title, the summary sentence of the year, caveat), the
 * source line beside the legend, and the way out of the briefing view (Esc or the link
 * below the frame). Every text is the payload's (Python's `title_block`). */
import {el} from "../dom.js";

/** The address of this page without the briefing flag (`search`: location.search). */
export function exitBriefingHref(search) {
    const params = new URLSearchParams(search);
    params.delete("briefing");
    const q = params.toString();
    return q ? "?" + q : "?";
}

/** `c.header`, `c.updateHeader()`; the briefing's exit link and Esc key. */
export function setupHeader(c) {
    const T = c.P.title_block, S = c.S;
    document.title = T.title;   // the page's title in the payload's language (?lang=)
    const header = el("header", "tda-header");
    header.appendChild(el("h1", "tda-title", T.title));
    const summary = el("p", "tda-summary");
    header.appendChild(summary);
    header.appendChild(el("p", "tda-caveat", T.caveat));
    c.layout.insertBefore(header, c.layout.firstChild);
    c.header = header;
    c.side.appendChild(el("p", "tda-credit", T.credit));
    if (c.flags.briefing && !c.flags.embed) {
        const exit = el("p", "tda-exit");
        const link = el("a", null, S.exit_briefing);
        link.href = exitBriefingHref(window.location.search);
        exit.appendChild(link);
        c.layout.insertBefore(exit, c.panels);
        document.addEventListener("keydown", function (e) {
            if (e.key === "Escape") { window.location.href = exitBriefingHref(window.location.search); }
        });
    }
    c.updateHeader = function () {
        const s = c.state, byYear = T.summaries[s.mode];
        const filtered = Object.keys(s.filters).some(function (k) { return s.filters[k].length > 0; });
        // the sentence counts the unfiltered view: with a filter the year alone is shown
        summary.textContent = filtered || !byYear ? String(s.year) : byYear[String(s.year)];
        const head = Math.ceil(header.getBoundingClientRect().height) + "px";
        if (c.layout.style.getPropertyValue("--tda-head") !== head) {
            // the map's height follows the header's: Leaflet must measure it again, or a fit
            // would frame the old, taller map and cut off its bottom
            c.layout.style.setProperty("--tda-head", head);
            c.map.invalidateSize({pan: false});
        }
    };
}
