/* The page in its frame: the wheel zooms the map only after a click on it (or with Ctrl),
 * so the page scrolls past it; embedded, the map keeps the frame's first height and the
 * page reports its whole height (`tda:height`) so the parent grows the frame to fit. */

/** Whether a wheel event may zoom the map: after a click on the map, or with Ctrl/Meta. */
export function wheelZooms(event, clicked) {
    return clicked || !!(event.ctrlKey || event.metaKey);
}

/** Wheel gating and, when embedded, the height reports through `channel`. */
export function setupFrame(c, channel) {
    const map = c.map;
    let clicked = false;
    map.scrollWheelZoom.disable();
    // capture on the wrapper runs before Leaflet's own wheel handler on the map container
    c.mapWrap.addEventListener("wheel", function (e) {
        if (wheelZooms(e, clicked)) { map.scrollWheelZoom.enable(); } else { map.scrollWheelZoom.disable(); }
    }, {capture: true, passive: true});
    c.mapWrap.addEventListener("mousedown", function () { clicked = true; });
    c.mapWrap.addEventListener("mouseleave", function () { clicked = false; map.scrollWheelZoom.disable(); });
    if (!c.flags.embed) { return; }
    c.layout.style.setProperty("--tda-stage", window.innerHeight + "px");
    let last = -1;
    function report() {
        const h = c.layout.getBoundingClientRect().height;
        if (Math.abs(h - last) >= 1) { last = h; channel.height(h); }
    }
    if (window.ResizeObserver) { new window.ResizeObserver(report).observe(c.layout); }
    report();
}
