/* DOM helpers shared by the map and the panels: text is always set with textContent. */

/** A new element with an optional class and text. */
export function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
}

/** A new element with attributes (`class` sets the class name) and optional text. */
export function elAttrs(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
        if (key === "class") { node.className = attrs[key]; }
        else { node.setAttribute(key, attrs[key]); }
    });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
}

/** An object with no prototype: `__proto__`, `constructor`... are plain missing keys. */
export function dict(source) {
    const out = Object.create(null);
    if (source) { Object.keys(source).forEach(function (k) { out[k] = source[k]; }); }
    return out;
}

/** Whether `obj` has `key` as an own property (never an inherited one). */
export function has(obj, key) {
    return obj !== null && obj !== undefined && Object.prototype.hasOwnProperty.call(obj, key);
}
