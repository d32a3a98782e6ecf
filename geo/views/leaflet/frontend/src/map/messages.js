/* The map page's postMessage protocol, written once.
 *
 * Page -> parent: {type: "tda:ready"} once; {type: "tda:state", state: S} after changes,
 *   at most one per animation frame, posted to the parent's origin only (`parentOrigin`);
 *   {type: "tda:height", height: px} when the page's height changes, so the parent sizes
 *   the frame to its content (like Datawrapper's responsive embed) and nothing scrolls inside.
 * Parent -> page: {type: "tda:set", state: partial S}, {type: "tda:focus", id}. Accepted
 *   only from `window.parent` (and its origin, when known), with exactly these keys and a
 *   state that `cleanPartial` accepts whole; anything else is ignored. A burst of messages
 *   is merged and applied once per animation frame.
 * S = {year, mode, filters: {name: [values]}, layers: [names], view: {lat, lon, zoom},
 *   selected: id | null, lang}. */
import {dict} from "../dom.js";
import {MAX_ID, cleanPartial, isPlain} from "./state.js";

export const READY = "tda:ready";
export const STATE = "tda:state";
export const SET = "tda:set";
export const FOCUS = "tda:focus";
export const HEIGHT = "tda:height";

/**
 * A checked message: {type: SET, partial} or {type: FOCUS, id}; null when the message is
 * not one of the parent's, has other keys or a malformed value.
 */
export function checkMessage(data, lim) {
    if (!isPlain(data)) { return null; }
    const keys = Object.keys(data);
    if (data.type === SET && keys.length === 2 && keys.indexOf("state") >= 0) {
        const checked = cleanPartial(data.state, lim, true);
        return checked.problems.length ? null : {type: SET, partial: checked.partial};
    }
    if (data.type === FOCUS && keys.length === 2 && keys.indexOf("id") >= 0) {
        const id = data.id;
        return typeof id === "string" && id.length > 0 && id.length <= MAX_ID ? {type: FOCUS, id: id} : null;
    }
    return null;
}

/**
 * The origin to post state to: the parent's (`location.ancestorOrigins`, else the
 * referrer's). Without either (the app's frame withholds its referrer), the page's own
 * origin: the app serves the page from its own origin. A page opened from file:// can
 * only be framed by another local file, whose origin is opaque: "*" then. null: do not
 * post (an opaque parent of an http page, e.g. a sandboxed frame).
 */
export function parentOrigin(win) {
    const anc = win.location.ancestorOrigins;
    let origin = anc && anc.length ? anc[0] : "";
    if (!origin && win.document.referrer) {
        try { origin = new URL(win.document.referrer).origin; } catch { origin = ""; }
    }
    if (!origin) { origin = win.location.origin; }
    if (origin === "null" || origin.indexOf("file:") === 0) {
        return win.location.protocol === "file:" ? "*" : null;
    }
    return origin;
}

/** `schedule(fn)`: run `fn` once at the next animation frame (or a timer, if frames stall). */
export function frameScheduler(win) {
    let queued = null;
    function run() {
        if (!queued) { return; }
        const fn = queued;
        queued = null;
        fn();
    }
    return function schedule(fn) {
        const first = !queued;
        queued = fn;
        if (first) {
            if (win.requestAnimationFrame) { win.requestAnimationFrame(run); }
            win.setTimeout(run, 100);
        }
    };
}

/** Merge a checked partial state into a pending one (later values win, filters per name). */
export function mergePartial(into, partial) {
    Object.keys(partial).forEach(function (k) {
        if (k === "filters") {
            into.filters = into.filters || dict();
            Object.keys(partial.filters).forEach(function (f) { into.filters[f] = partial.filters[f]; });
        } else { into[k] = partial[k]; }
    });
    return into;
}

/**
 * Listen to the parent and talk to it. handlers: {set(partial), focus(id)}. Returns
 * {ready(), post(snapshot) (coalesced per frame; `snapshot` is called then), stop()}.
 */
export function createChannel(win, lim, handlers) {
    const framed = win.parent && win.parent !== win;
    const target = framed ? parentOrigin(win) : null;
    const scheduleIn = frameScheduler(win), scheduleOut = frameScheduler(win);
    let pending = null, pendingFocus = null;
    function apply() {
        const partial = pending, id = pendingFocus;
        pending = null; pendingFocus = null;
        if (partial) { handlers.set(partial); }
        if (id !== null) { handlers.focus(id); }
    }
    function onMessage(event) {
        if (!framed || event.source !== win.parent) { return; }
        if (target && target !== "*" && event.origin !== target) { return; }
        const msg = checkMessage(event.data, lim);
        if (!msg) { return; }
        if (msg.type === SET) { pending = mergePartial(pending || dict(), msg.partial); }
        else { pendingFocus = msg.id; }
        scheduleIn(apply);
    }
    win.addEventListener("message", onMessage);
    function send(message) { if (framed && target) { win.parent.postMessage(message, target); } }
    return {
        ready: function () { send({type: READY}); },
        post: function (snapshot) {
            if (framed && target) { scheduleOut(function () { send({type: STATE, state: snapshot()}); }); }
        },
        height: function (px) { send({type: HEIGHT, height: Math.ceil(px)}); },
        stop: function () { win.removeEventListener("message", onMessage); }
    };
}
