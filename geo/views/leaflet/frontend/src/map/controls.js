/* Controls over the map: the year control (slider, play/pause, mode, speed, range, loop,
 * skip quiet years) and the layer toggles. Play and pause are inline SVG icons. */
import {el} from "../dom.js";

const SPEEDS = [0.5, 1, 2, 4];
const SVG_NS = "http://www.w3.org/2000/svg";
const ICONS = {play: "M4 2 L14 8 L4 14 Z", pause: "M3 2 H7 V14 H3 Z M9 2 H13 V14 H9 Z"};

function icon(name) {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 16 16"); svg.setAttribute("width", "14"); svg.setAttribute("height", "14");
    svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false");
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", ICONS[name]); path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
}

/** The next year to play after `y` (quiet years skipped when asked), within `last`. */
export function nextYear(y, last, quiet, skipQuiet) {
    let n = y + 1;
    while (skipQuiet && n <= last && quiet.indexOf(n) >= 0) { n++; }
    return n;
}

function selectBox(label, values, current, onChange) {
    const wrap = el("label", "tda-opt"), sel = el("select");
    wrap.appendChild(el("span", null, label));
    values.forEach(function (v) {
        const o = el("option", null, v[1]);
        o.value = String(v[0]);
        if (String(v[0]) === String(current)) { o.selected = true; }
        sel.appendChild(o);
    });
    sel.addEventListener("change", function () { onChange(sel.value); });
    wrap.appendChild(sel);
    return {wrap: wrap, select: sel};
}

/** A labelled checkbox. */
export function checkBox(label, checked, onChange) {
    const wrap = el("label", "tda-opt"), box = el("input");
    box.type = "checkbox"; box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    wrap.appendChild(box); wrap.appendChild(el("span", null, label));
    return {wrap: wrap, box: box};
}

/** A button that opens and closes the element `controls` (aria-expanded); `onToggle(open)`. */
function toggleButton(cls, label, controls, onToggle) {
    const button = el("button", cls, label);
    button.type = "button";
    button.setAttribute("aria-controls", controls);
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
        const open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", open ? "true" : "false");
        onToggle(open);
    });
    return button;
}

/** Year control, playback and layer toggles; `c.updateControls()`. */
export function setupControls(c) {
    const L = c.L, P = c.P, S = c.S, flags = c.flags, state = c.state;
    const quiet = P.quiet_years;
    const yearBox = el("div", "tda-year leaflet-bar");
    c.yearBox = yearBox;
    const yearRow = el("div", "tda-year-row");
    const yearLabel = el("output", "tda-year-label", state.year);
    yearLabel.setAttribute("aria-live", "polite");
    const playButton = el("button", "tda-play");
    playButton.type = "button";
    function setPlayIcon(playing) {
        while (playButton.firstChild) { playButton.removeChild(playButton.firstChild); }
        playButton.appendChild(icon(playing ? "pause" : "play"));
        playButton.setAttribute("aria-label", playing ? S.pause : S.play);
    }
    setPlayIcon(false);
    const slider = el("input", "tda-year-input");
    slider.type = "range"; slider.min = P.years[0]; slider.max = P.years[1]; slider.step = 1;
    slider.value = state.year;
    slider.setAttribute("aria-label", S.year);
    const sliderWrap = el("div", "tda-slider-wrap");
    const ticks = el("div", "tda-ticks");
    ticks.setAttribute("aria-hidden", "true");
    const yearsList = [];
    for (let y = P.years[0]; y <= P.years[1]; y++) {
        const isQuiet = quiet.indexOf(y) >= 0;
        const tick = el("span", isQuiet ? "tda-tick tda-quiet" : "tda-tick");
        tick.title = isQuiet ? y + ": " + S.quiet_year : String(y);
        ticks.appendChild(tick);
        yearsList.push([y, String(y)]);
    }
    sliderWrap.appendChild(slider); sliderWrap.appendChild(ticks);
    yearRow.appendChild(playButton); yearRow.appendChild(yearLabel); yearRow.appendChild(sliderWrap);
    const optRow = el("div", "tda-year-options");
    const modeSel = selectBox(S.mode, P.modes.map(function (m) { return [m, S[m]]; }), state.mode,
                              function (v) { c.setState({mode: v}); });
    const speedSel = selectBox(S.speed, SPEEDS.map(function (s) { return [s, s + "×"]; }), flags.speed,
                               function (v) { flags.speed = Number(v); });
    const fromSel = selectBox(S.from, yearsList, flags.range[0], function (v) { flags.range[0] = Number(v); });
    const toSel = selectBox(S.to, yearsList, flags.range[1], function (v) { flags.range[1] = Number(v); });
    const loopBox = checkBox(S.loop, flags.loop, function (v) { flags.loop = v; });
    const quietBox = checkBox(S.skip_quiet, flags.skipQuiet, function (v) { flags.skipQuiet = v; });
    [modeSel, speedSel, fromSel, toSel, loopBox, quietBox].forEach(function (w) { optRow.appendChild(w.wrap); });
    optRow.id = "tda-year-options";
    // on narrow screens the playback options open from this button (CSS shows it there)
    const optButton = toggleButton("tda-options-button", S.options, "tda-year-options", function (open) {
        yearBox.classList.toggle("tda-options-open", open);
    });
    yearRow.appendChild(optButton);
    yearBox.appendChild(yearRow); yearBox.appendChild(optRow);
    const YearControl = L.Control.extend({
        options: {position: "bottomleft"},
        onAdd: function () {
            L.DomEvent.disableClickPropagation(yearBox);
            L.DomEvent.disableScrollPropagation(yearBox);
            return yearBox;
        }
    });
    new YearControl().addTo(c.map);
    slider.addEventListener("input", function () { c.setState({year: Number(slider.value)}); });

    let timer = null;
    function stop() { if (timer) { clearTimeout(timer); timer = null; } setPlayIcon(false); }
    function step() {
        let n = nextYear(state.year, flags.range[1], quiet, flags.skipQuiet);
        if (n > flags.range[1]) {
            if (!flags.loop) { stop(); return; }
            n = flags.range[0];
        }
        c.setState({year: n});
        timer = setTimeout(step, 1000 / flags.speed);
    }
    playButton.addEventListener("click", function () {
        if (timer) { stop(); return; }
        if (state.year >= flags.range[1] || state.year < flags.range[0]) { c.setState({year: flags.range[0]}); }
        setPlayIcon(true);
        timer = setTimeout(step, 1000 / flags.speed);
    });

    const layerBox = el("div", "tda-layers leaflet-bar");
    const layerList = el("div", "tda-layers-list");
    layerList.id = "tda-layers-list";
    layerBox.appendChild(toggleButton("tda-layers-button", S.layers, "tda-layers-list", function (open) {
        layerBox.classList.toggle("tda-layers-open", open);
    }));
    layerBox.appendChild(layerList);
    layerList.appendChild(el("div", "tda-layers-title", S.layers));
    const layerChecks = Object.create(null);
    P.layer_order.forEach(function (name) {
        const cb = checkBox(S["layer_" + name], state.layers.indexOf(name) >= 0, function (on) {
            const next = state.layers.filter(function (n) { return n !== name; });
            if (on) { next.push(name); }
            c.setState({layers: next});
        });
        cb.box.setAttribute("data-layer", name);
        layerChecks[name] = cb.box;
        layerList.appendChild(cb.wrap);
    });
    const changedBox = checkBox(S.changed, flags.changed, function (v) { flags.changed = v; c.repaint(); });
    layerList.appendChild(changedBox.wrap);
    if (P.tiles) {
        layerList.appendChild(checkBox(S.tiles, flags.tiles, function (v) { flags.tiles = v; c.updateTiles(); }).wrap);
    }
    const LayerControl = L.Control.extend({
        options: {position: "topleft"},
        onAdd: function () { L.DomEvent.disableClickPropagation(layerBox); return layerBox; }
    });
    new LayerControl().addTo(c.map);

    c.updateControls = function () {
        slider.value = String(state.year);
        yearLabel.textContent = String(state.year);
        slider.setAttribute("aria-valuetext", state.year + (quiet.indexOf(state.year) >= 0 ? " (" + S.quiet_year + ")" : ""));
        modeSel.select.value = state.mode;
        P.layer_order.forEach(function (n) { layerChecks[n].checked = state.layers.indexOf(n) >= 0; });
    };
}
