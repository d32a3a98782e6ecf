/* tda-map time filter: every feature is loaded once; the year, mode, filters and layers are
 * applied here, in the browser, in one frame. Mounted on a folium map by
 * geo/views/leaflet/plugin.py (TimeFilter). No data is ever written as HTML: popups,
 * legend and controls are built with createElement/textContent.
 *
 * Rendering: lines and country polygons are Leaflet paths on the map's canvas renderer
 * (few hundred at most); every point (places, events) is drawn by one canvas layer from
 * arrays projected once (zoom 0), culled to the view; co-located marks fan out on a ring
 * or spiral with leader lines, and groups larger than CLUSTER_MIN are aggregated into one
 * mark with a count (a click zooms in). Hit-testing scans the drawn marks, topmost first.
 * The year rule runs on typed arrays; a year step at 100,000 events takes ~20 ms.
 *
 * Protocol (docs: the helper preamble's "map engine and its bridge"):
 * - URL query: year, mode, lang, countries, groups, event_kinds, corridor_kinds, layers,
 *   lat, lon, zoom, embed=1, briefing=1, tiles=1; kept in sync with history.replaceState
 *   (not when embed=1).
 * - postMessage to the parent: {type: "tda:ready"} once, {type: "tda:state", state: S}
 *   after every change; from the parent: {type: "tda:set", state}, {type: "tda:focus", id}.
 * - window.tda: state(), set(partial), focus(id), on("change"|"select", fn), features(layer),
 *   visible(layer), visibleIds(), years, quietYears, lang, strings, style, panelsElement;
 *   test hooks: drawnStyle(id), marks(), labels(), legendRows(), drawnBounds(), fit(),
 *   fitMargins(), moving(), lastRepaintMs(), lastRepaintParts().
 * Quiet years (nothing new reported) stay on the year control, marked grey; playback skips
 * them unless "Skip quiet years" is unticked.
 */
(function () {
    "use strict";

    var CLUSTER_MIN = 61;       // co-located groups of this size or more become a count mark
    var RING_MAX = 12;          // up to this size a group fans out on a ring, then a spiral
    var NARROW_PX = 900;        // below this width the legend is a button over the map
    var EARTH_M = 40075016.686;

    function el(tag, cls, text) {
        var node = document.createElement(tag);
        if (cls) { node.className = cls; }
        if (text !== undefined && text !== null) { node.textContent = String(text); }
        return node;
    }

    function parseQuery(search) {
        var out = {};
        var params = new URLSearchParams(search || "");
        params.forEach(function (value, key) { out[key] = value; });
        return out;
    }

    function list(value) {
        if (Array.isArray(value)) { return value.map(String); }
        if (value === undefined || value === null || value === "") { return []; }
        return String(value).split(",").filter(function (v) { return v !== ""; });
    }

    function loadPayload(options) {
        if (options.data_element) {
            var node = document.getElementById(options.data_element);
            return Promise.resolve(JSON.parse(node.textContent));
        }
        var query = parseQuery(window.location.search);
        var url = options.data_url;
        if (options.data_urls) { url = options.data_urls[query.lang] || options.data_urls[options.lang]; }
        return fetch(url).then(function (response) {
            if (!response.ok) { throw new Error("payload " + url + ": HTTP " + response.status); }
            return response.json();
        });
    }

    function mount(map, options) {
        var api = {ready: false, map: map, _listeners: {change: [], select: []}};
        window.tda = api;
        api.loaded = loadPayload(options).then(function (payload) {
            start(map, options, payload, api);
            return api;
        });
        return api;
    }

    // ---------------------------------------------------------------------------------
    function start(map, options, P, api) {
        var STYLE = P.style, S = P.strings, RULES = STYLE.rules, PAL = STYLE.palette;
        var LAYERS = P.layer_order;
        var ROWS = {};  // legend rows by id, in the legend's order
        P.legend_rows.forEach(function (row, i) { ROWS[row.id] = row; row.order = i; });
        var query = parseQuery(window.location.search);
        var initial = options.initial || {};
        var root = document.documentElement;
        // Set directly: setMinZoom would start a zoom animation that a fit made in the same
        // frame cannot interrupt.
        map.options.minZoom = options.min_zoom || 2;
        map.options.maxZoom = options.max_zoom || 13;
        map.setView(map.getCenter(), Math.max(map.getZoom(), map.options.minZoom), {reset: true});

        // --- state ---------------------------------------------------------------
        var state = {
            year: P.initial.year, mode: P.initial.mode,
            filters: {countries: [], groups: [], event_kinds: [], corridor_kinds: []},
            layers: P.initial.layers.slice(), view: null, selected: null, lang: P.lang
        };
        var flags = {briefing: false, embed: false, tiles: false, changed: true,
                     skipQuiet: true, loop: false, speed: 1, range: P.years.slice()};
        function applyQuery(q) {
            if (q.year !== undefined) { state.year = clampYear(parseInt(q.year, 10)); }
            if (q.mode === "cumulative" || q.mode === "only") { state.mode = q.mode; }
            ["countries", "groups", "event_kinds", "corridor_kinds"].forEach(function (k) {
                if (q[k] !== undefined) { state.filters[k] = list(q[k]); }
            });
            if (q.filters) {
                Object.keys(q.filters).forEach(function (k) { state.filters[k] = list(q.filters[k]); });
            }
            if (q.layers !== undefined) {
                state.layers = list(q.layers).filter(function (n) { return LAYERS.indexOf(n) >= 0; });
            }
            if (q.view && isFinite(q.view.lat)) { state.view = q.view; }
            if (q.lat !== undefined && q.lon !== undefined && q.zoom !== undefined) {
                var v = {lat: Number(q.lat), lon: Number(q.lon), zoom: Number(q.zoom)};
                if (isFinite(v.lat) && isFinite(v.lon) && isFinite(v.zoom)) { state.view = v; }
            }
            if (q.briefing !== undefined) { flags.briefing = String(q.briefing) === "1" || q.briefing === true; }
            if (q.embed !== undefined) { flags.embed = String(q.embed) === "1" || q.embed === true; }
            if (q.tiles !== undefined) { flags.tiles = String(q.tiles) === "1" || q.tiles === true; }
        }
        function clampYear(y) {
            if (!isFinite(y)) { return state.year; }
            return Math.max(P.years[0], Math.min(P.years[1], y));
        }
        applyQuery(initial);
        applyQuery(query);
        var explicitView = !!state.view;

        // --- layout ----------------------------------------------------------------
        var container = map.getContainer();
        var layout = el("div", "tda-root");
        var stage = el("div", "tda-stage");
        var mapWrap = el("div", "tda-mapwrap");
        var side = el("aside", "tda-side");
        side.setAttribute("aria-label", S.legend);
        var panels = el("div", "tda-panels");
        panels.id = "tda-panels";
        container.parentNode.insertBefore(layout, container);
        layout.appendChild(stage);
        stage.appendChild(mapWrap);
        stage.appendChild(side);
        layout.appendChild(panels);
        mapWrap.appendChild(container);
        container.setAttribute("role", "region");
        container.setAttribute("aria-label", S.map);
        if (flags.briefing) { layout.classList.add("tda-briefing"); }
        if (flags.embed) { layout.classList.add("tda-embed"); }
        root.setAttribute("lang", P.lang);
        map.invalidateSize();

        // --- panes and base map ------------------------------------------------------
        map.createPane("tdaBase").style.zIndex = 200;
        map.createPane("tdaAreas").style.zIndex = 380;
        map.createPane("tdaPoints").style.zIndex = 450;
        map.getPane("tdaPoints").style.pointerEvents = "none";
        var baseRenderer = L.canvas({pane: "tdaBase", padding: 0.3});
        var lineRenderer = L.canvas({padding: 0.3});
        var outlines = {};
        var bm = STYLE.basemap;
        P.basemap.forEach(function (f) { outlines[f.id] = f; });
        L.geoJSON({type: "FeatureCollection", features: P.basemap.map(function (f) {
            return {type: "Feature", id: f.id, geometry: f.g, properties: {}};
        })}, {renderer: baseRenderer, interactive: false, pane: "tdaBase",
              style: function () { return pathOptions(bm); }}).addTo(map);
        if (map.attributionControl) { map.attributionControl.addAttribution(P.attribution); }
        var tiles = null;
        function updateTiles() {
            if (flags.tiles && P.tiles && !tiles) {
                tiles = L.tileLayer(P.tiles.url, {attribution: P.tiles.attribution, maxZoom: 19,
                                                  maxNativeZoom: 19}).addTo(map);
            } else if (!(flags.tiles && P.tiles) && tiles) { map.removeLayer(tiles); tiles = null; }
        }
        updateTiles();

        // Projected outline rings (zoom 0) for point-in-polygon tests of labels.
        var crs = map.options.crs;
        function proj(lon, lat) { return crs.latLngToPoint(L.latLng(lat, lon), 0); }
        var rings = {};   // outline id -> [{bbox, xs, ys}]
        P.basemap.forEach(function (f) {
            var polys = f.g.type === "Polygon" ? [f.g.coordinates] : f.g.coordinates;
            rings[f.iso] = polys.map(function (poly) {
                var ring = poly[0], xs = new Float64Array(ring.length), ys = new Float64Array(ring.length);
                var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
                for (var i = 0; i < ring.length; i++) {
                    var p = proj(ring[i][0], ring[i][1]);
                    xs[i] = p.x; ys[i] = p.y;
                    x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
                }
                return {xs: xs, ys: ys, bbox: [x0, y0, x1, y1]};
            });
        });
        function insideCountry(iso, x, y) {  // x, y projected at zoom 0
            var parts = rings[iso];
            if (!parts) { return true; }
            for (var k = 0; k < parts.length; k++) {
                var r = parts[k], b = r.bbox;
                if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) { continue; }
                var inside = false, xs = r.xs, ys = r.ys, n = xs.length;
                for (var i = 0, j = n - 1; i < n; j = i++) {
                    if ((ys[i] > y) !== (ys[j] > y) &&
                        x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) { inside = !inside; }
                }
                if (inside) { return true; }
            }
            return false;
        }

        // --- features ------------------------------------------------------------------
        var L_ = {};  // per layer: {entries, symbols, visible: Uint8Array, active, isNew, paths}
        var byId = {};
        LAYERS.forEach(function (name) {
            var data = P.layers[name], n = data.features.length;
            var info = {name: name, entries: data.features, symbols: data.symbols,
                        visible: new Uint8Array(n), active: new Uint8Array(n),
                        isNew: new Uint8Array(n), paths: null, px: null, py: null};
            // Years as typed arrays (t1: +Infinity when open) and legend-row combinations
            // by index: a repaint then loops over numbers only.
            info.t0 = new Float64Array(n); info.t1 = new Float64Array(n);
            info.lgIndex = new Int32Array(n); info.lgCombos = [];
            var combos = {};
            data.features.forEach(function (f, i) {
                byId[f.id] = {layer: name, index: i};
                info.t0[i] = f.t[0] === null || f.t[0] === undefined ? -Infinity : f.t[0];
                info.t1[i] = f.t[1] === null || f.t[1] === undefined ? Infinity : f.t[1];
                var key = f.lg.join("|") + "#" + f.lga.join("|");
                if (combos[key] === undefined) { combos[key] = info.lgCombos.length; info.lgCombos.push([f.lg, f.lga]); }
                info.lgIndex[i] = combos[key];
            });
            if (name === "places" || name === "events") {
                info.px = new Float64Array(n); info.py = new Float64Array(n);
                data.features.forEach(function (f, i) {
                    var p = proj(f.g.coordinates[0], f.g.coordinates[1]);
                    info.px[i] = p.x; info.py[i] = p.y;
                });
            }
            L_[name] = info;
        });
        var placeById = {};
        L_.places.entries.forEach(function (f, i) { placeById[f.id] = i; });

        function pathOptions(sym) {
            return {color: sym.color, weight: sym.weight, opacity: sym.opacity,
                    dashArray: sym.dash || null, fill: sym.fill !== null && sym.fill !== undefined,
                    fillColor: sym.fill || undefined, fillOpacity: sym.fill_opacity, lineCap: "round",
                    lineJoin: "round"};
        }
        function geometryOf(f) { return f.g || (outlines[f.outline] ? outlines[f.outline].g : null); }

        // Leaflet paths for presence, spread and routes (created once, added when drawn).
        ["presence", "spread", "routes"].forEach(function (name) {
            var info = L_[name];
            info.paths = info.entries.map(function (f, i) {
                var g = geometryOf(f);
                if (!g) { return null; }
                var layer = L.geoJSON({type: "Feature", geometry: g, properties: {}}, {
                    renderer: name === "presence" ? baseRenderer : lineRenderer,
                    pane: name === "presence" ? "tdaBase" : "overlayPane",
                    style: function () { return pathOptions(info.symbols[f.s[0]]); }
                });
                layer.on("click", function (e) { openPopup(name, i, e.latlng); });
                layer._tdaState = -1;
                return layer;
            });
        });
        var changedOutline = L.layerGroup().addTo(map);

        // --- rules ---------------------------------------------------------------------
        function drawnByYear(name, f, year, mode) {
            var t = f.t;
            if (name === "places") { return t[0] === null || t[0] === undefined || t[0] <= year; }
            var m = RULES.modes[name][mode];
            return t[0] <= year && (m === "cumulative" || t[1] === null || year <= t[1]);
        }
        function activeIn(name, f, year) {
            if (name === "places") { return false; }
            var t = f.t;
            return t[1] === null ? t[0] === year : (t[0] <= year && year <= t[1]);
        }
        function newIn(name, f, year) {
            var t0 = f.t[0];
            return t0 !== null && t0 !== undefined && t0 === year;
        }
        function passesFilters(name, f) {
            var keys = RULES.filters[name];
            for (var k = 0; k < keys.length; k++) {
                var wanted = state.filters[keys[k]];
                if (!wanted || !wanted.length) { continue; }
                var values = f.f[keys[k]] || [], hit = false;
                for (var v = 0; v < values.length; v++) { if (wanted.indexOf(values[v]) >= 0) { hit = true; break; } }
                if (!hit) { return false; }
            }
            return true;
        }
        function computeVisibility() {
            // The same rules as drawnByYear / activeIn / newIn, on the typed arrays.
            var year = state.year;
            LAYERS.forEach(function (name) {
                var info = L_[name], on = state.layers.indexOf(name) >= 0, n = info.entries.length;
                var t0 = info.t0, t1 = info.t1, vis = info.visible, act = info.active, nw = info.isNew;
                var cumulative = name === "places" || RULES.modes[name][state.mode] === "cumulative";
                var open = name !== "places" && RULES.modes[name].only === "cumulative";
                var keys = RULES.filters[name], filtered = false;
                for (var k = 0; k < keys.length; k++) { if (state.filters[keys[k]] && state.filters[keys[k]].length) { filtered = true; } }
                for (var i = 0; i < n; i++) {
                    var a = t0[i], b = t1[i];
                    var v = on && a <= year && (cumulative || year <= b);
                    if (v && filtered) { v = passesFilters(name, info.entries[i]); }
                    vis[i] = v ? 1 : 0;
                    if (!v || name === "places") { act[i] = 0; nw[i] = v && a === year ? 1 : 0; continue; }
                    act[i] = (open || b === Infinity ? a === year : year <= b) ? 1 : 0;
                    nw[i] = a === year ? 1 : 0;
                }
            });
        }

        // --- paths --------------------------------------------------------------------
        function updatePaths() {
            changedOutline.clearLayers();
            ["presence", "spread", "routes"].forEach(function (name) {
                var info = L_[name];
                info.paths.forEach(function (layer, i) {
                    if (!layer) { return; }
                    var want = info.visible[i] ? info.active[i] : -1;
                    if (want !== layer._tdaState) {
                        if (want < 0) { map.removeLayer(layer); }
                        else {
                            layer.setStyle(pathOptions(info.symbols[info.entries[i].s[want]]));
                            if (layer._tdaState < 0) { layer.addTo(map); }
                        }
                        layer._tdaState = want;
                    }
                    if (want >= 0 && flags.changed && info.isNew[i]) {
                        changedOutline.addLayer(L.geoJSON({type: "Feature", geometry: geometryOf(info.entries[i]), properties: {}}, {
                            renderer: lineRenderer, interactive: false,
                            style: function () {
                                return {color: PAL.changed, weight: name === "presence" ? 2.6 : 6,
                                        opacity: name === "presence" ? 0.9 : 0.25, fill: false};
                            }
                        }));
                    }
                });
            });
        }

        // --- points canvas ----------------------------------------------------------------
        var marks = [];        // drawn marks, in drawing order
        var placedLabels = [];
        var unplacedLabels = [];
        var focusIndex = -1;
        var PointsLayer = L.Layer.extend({
            onAdd: function (m) {
                this._canvas = L.DomUtil.create("canvas", "tda-points leaflet-zoom-hide");
                m.getPane("tdaPoints").appendChild(this._canvas);
                m.on("moveend zoomend resize viewreset", this._reset, this);
                m.on("zoomstart", this._hide, this);
                this._reset();
            },
            onRemove: function (m) {
                L.DomUtil.remove(this._canvas);
                m.off("moveend zoomend resize viewreset", this._reset, this);
                m.off("zoomstart", this._hide, this);
            },
            _hide: function () { this._canvas.style.visibility = "hidden"; },
            _reset: function () {
                var size = map.getSize(), ratio = window.devicePixelRatio || 1;
                var c = this._canvas;
                pointsAt = map.containerPointToLayerPoint([0, 0]);
                L.DomUtil.setPosition(c, pointsAt);
                c.width = size.x * ratio; c.height = size.y * ratio;
                c.style.width = size.x + "px"; c.style.height = size.y + "px";
                c.style.visibility = "visible";
                var ctx = c.getContext("2d");
                ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
                drawPoints(ctx, size);
            }
        });
        var points = new PointsLayer();
        var pointsAt = L.point(0, 0);  // layer point of the canvas's top left at its last paint
        function drawnShift() {
            // Marks are in container px of the last paint; a pan under way since then (a
            // popup's autopan) has moved the canvas by this much.
            return map.layerPointToContainerPoint(pointsAt);
        }
        function drawnAt(m) { var d = drawnShift(); return L.point(m.x + d.x, m.y + d.y); }

        function metresPerPixel(lat, zoom) {
            return EARTH_M * Math.cos(lat * Math.PI / 180) / (256 * Math.pow(2, zoom));
        }

        var SHAPES = {
            circle: function (ctx, x, y, r) { ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI); },
            square: function (ctx, x, y, r) { ctx.rect(x - r, y - r, 2 * r, 2 * r); },
            diamond: function (ctx, x, y, r) {
                ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath();
            },
            cross: function (ctx, x, y, r) {
                ctx.moveTo(x - r, y - r); ctx.lineTo(x + r, y + r); ctx.moveTo(x + r, y - r); ctx.lineTo(x - r, y + r);
            },
            star: function (ctx, x, y, r) {
                for (var i = 0; i < 10; i++) {
                    var a = -Math.PI / 2 + i * Math.PI / 5, d = i % 2 ? 0.45 * r : r;
                    if (i) { ctx.lineTo(x + d * Math.cos(a), y + d * Math.sin(a)); }
                    else { ctx.moveTo(x + d * Math.cos(a), y + d * Math.sin(a)); }
                }
                ctx.closePath();
            }
        };
        function dashOf(s) { return s ? s.split(/[ ,]+/).map(Number) : []; }
        function paint(ctx, sym, x, y, r) {
            ctx.beginPath();
            (SHAPES[sym.shape] || SHAPES.circle)(ctx, x, y, r);
            if (sym.fill && sym.fill_opacity > 0 && sym.shape !== "cross") {
                ctx.globalAlpha = sym.fill_opacity; ctx.fillStyle = sym.fill; ctx.fill();
            }
            if (sym.weight > 0) {
                ctx.globalAlpha = sym.opacity; ctx.strokeStyle = sym.color; ctx.lineWidth = sym.weight;
                ctx.setLineDash(dashOf(sym.dash)); ctx.stroke(); ctx.setLineDash([]);
            }
            ctx.globalAlpha = 1;
        }

        // Co-location. Points closer than `min_separation_px` form a group (a typed grid
        // of that cell size, fixed to world pixels so a pan does not regroup, and cells
        // whose first points are that close joined). A group fans out on a ring (a spiral
        // past RING_MAX), each mark on the side of its own location, with a leader line from
        // that location; groups whose marks would touch another group's are merged and fanned
        // again, so every mark is clear of every other and separately clickable.
        var MARK_GAP = 4;      // px between the edges of two drawn marks
        var MERGE_ROUNDS = 8;
        function find(parent, i) {
            while (parent[i] !== i) { parent[i] = parent[parent[i]]; i = parent[i]; }
            return i;
        }
        function groupPoints(size, scale, ox, oy, sep, margin) {
            var c0 = Math.floor((ox - margin) / sep), r0 = Math.floor((oy - margin) / sep);
            var cols = Math.floor((ox + size.x + margin) / sep) - c0 + 1;
            var rows = Math.floor((oy + size.y + margin) / sep) - r0 + 1;
            var cells = new Int32Array(cols * rows).fill(-1), groups = [];
            ["places", "events"].forEach(function (name, layerRank) {
                var info = L_[name], vis = info.visible, px = info.px, py = info.py, n = info.entries.length;
                for (var i = 0; i < n; i++) {
                    if (!vis[i]) { continue; }
                    var wx = px[i] * scale, wy = py[i] * scale, x = wx - ox, y = wy - oy;
                    if (x < -margin || y < -margin || x > size.x + margin || y > size.y + margin) { continue; }
                    var cell = (Math.floor(wy / sep) - r0) * cols + (Math.floor(wx / sep) - c0);
                    var g = cells[cell], group;
                    if (g < 0) {
                        group = {x: x, y: y, sx: 0, sy: 0, count: 0, items: [], cell: cell};
                        cells[cell] = groups.length; groups.push(group);
                    } else { group = groups[g]; }
                    group.count++; group.sx += x; group.sy += y;
                    // a group this large becomes one count mark: keep no items
                    if (group.count < CLUSTER_MIN) { group.items.push({layer: name, index: i, rank: layerRank, x: x, y: y}); }
                    else { group.items = null; }
                }
            });
            // Join neighbouring cells whose first points are closer than `sep`.
            var parent = groups.map(function (g, i) { return i; });
            groups.forEach(function (g, i) {
                var col = g.cell % cols, row = (g.cell - col) / cols;
                for (var dr = 0; dr <= 1; dr++) {
                    for (var dc = -1; dc <= 1; dc++) {
                        if (dr === 0 && dc <= 0) { continue; }
                        var c = col + dc, r = row + dr;
                        if (c < 0 || c >= cols || r >= rows) { continue; }
                        var j = cells[r * cols + c];
                        if (j < 0) { continue; }
                        var o = groups[j];
                        if ((o.x - g.x) * (o.x - g.x) + (o.y - g.y) * (o.y - g.y) < sep * sep) {
                            parent[find(parent, j)] = find(parent, i);
                        }
                    }
                }
            });
            return mergeGroups(groups, parent);
        }
        function mergeGroups(groups, parent) {
            var out = [], at = {};
            groups.forEach(function (g, i) {
                var root = find(parent, i);
                if (at[root] === undefined) {
                    at[root] = out.length;
                    out.push({x: g.x, y: g.y, sx: g.sx, sy: g.sy, count: g.count, items: g.items});
                    return;
                }
                var m = out[at[root]];
                m.count += g.count; m.sx += g.sx; m.sy += g.sy;
                m.items = m.items && g.items && m.count < CLUSTER_MIN ? m.items.concat(g.items) : null;
            });
            return out;
        }
        function fanOut(group, leg) {
            // Marks of one group: [{item, x, y, r, sym}], in drawing order.
            var items = group.items;
            if (!items) {
                var cr = Math.min(26, 9 + 3 * Math.log(group.count));
                return [{cluster: true, x: group.sx / group.count, y: group.sy / group.count, count: group.count, r: cr}];
            }
            items.sort(function (a, b) {   // places under events; newest and largest on top
                if (a.rank !== b.rank) { return a.rank - b.rank; }
                var fa = L_[a.layer].entries[a.index], fb = L_[b.layer].entries[b.index];
                var ta = fa.t[0] || 0, tb = fb.t[0] || 0;
                if (ta !== tb) { return ta - tb; }
                var ra = symbolOf(a.layer, a.index).radius || 0, rb = symbolOf(b.layer, b.index).radius || 0;
                return rb - ra;
            });
            var n = items.length, cx = group.sx / group.count, cy = group.sy / group.count;
            var out = items.map(function (it) {
                var sym = symbolOf(it.layer, it.index);
                return {item: it, x: it.x, y: it.y, r: sym.radius || 4, sym: sym};
            });
            if (n === 1) { return out; }
            var maxR = 0;
            out.forEach(function (m) { maxR = Math.max(maxR, m.r); });
            var spacing = 2 * maxR + MARK_GAP + 1;
            out.centre = [cx, cy];
            // Ring slots go round from the top; a mark takes the slot on its location's side.
            var bySide = out.slice().sort(function (a, b) {
                var aa = Math.atan2(a.item.y - cy, a.item.x - cx), ab = Math.atan2(b.item.y - cy, b.item.x - cx);
                var spread = Math.abs(a.item.x - b.item.x) + Math.abs(a.item.y - b.item.y);
                if (spread < 1) { return out.indexOf(a) - out.indexOf(b); }
                aa = (aa + 2.5 * Math.PI) % (2 * Math.PI); ab = (ab + 2.5 * Math.PI) % (2 * Math.PI);
                return aa - ab || out.indexOf(a) - out.indexOf(b);
            });
            bySide.forEach(function (m, k) {
                var angle, dist;
                if (n <= RING_MAX) {
                    angle = -Math.PI / 2 + 2 * Math.PI * k / n;
                    dist = Math.max(leg, n * spacing / (2 * Math.PI) / Math.max(0.95, Math.sin(Math.PI / n) / (Math.PI / n)));
                } else {       // Archimedean spiral, like Leaflet.markercluster's
                    angle = -Math.PI / 2 + 2.34 * Math.sqrt(k + 1);
                    dist = leg * 0.8 + Math.max(11, 0.86 * spacing) * Math.sqrt(k + 1);
                }
                m.x = cx + dist * Math.cos(angle); m.y = cy + dist * Math.sin(angle);
                m.leader = true;
            });
            return out;
        }
        function collidingGroups(placed) {
            // Union of groups whose discs (every mark of the group, with its leaders) come
            // closer than MARK_GAP; null when none do. Discs are binned in CELL px cells.
            var CELL = 64, grid = new Map(), parent = placed.map(function (g, i) { return i; });
            var any = false;
            placed.forEach(function (ms, gi) {
                var cx = 0, cy = 0, rad = 0;
                ms.forEach(function (m) { cx += m.x; cy += m.y; });
                if (ms[0].item && ms.length > 1) { cx = ms.centre[0]; cy = ms.centre[1]; }
                else { cx /= ms.length; cy /= ms.length; }
                ms.forEach(function (m) { rad = Math.max(rad, Math.hypot(m.x - cx, m.y - cy) + m.r); });
                var disc = {g: gi, x: cx, y: cy, r: rad}, seen = {};
                var c0 = Math.floor((cx - rad - MARK_GAP) / CELL), c1 = Math.floor((cx + rad + MARK_GAP) / CELL);
                var r0 = Math.floor((cy - rad - MARK_GAP) / CELL), r1 = Math.floor((cy + rad + MARK_GAP) / CELL);
                for (var r = r0; r <= r1; r++) {
                    for (var c = c0; c <= c1; c++) {
                        var key = r + ":" + c, list = grid.get(key);
                        if (!list) { list = []; grid.set(key, list); }
                        for (var k = 0; k < list.length; k++) {
                            var o = list[k];
                            if (seen[o.g]) { continue; }
                            seen[o.g] = true;
                            var need = o.r + rad + MARK_GAP;
                            if ((o.x - cx) * (o.x - cx) + (o.y - cy) * (o.y - cy) < need * need
                                    && find(parent, o.g) !== find(parent, gi)) {
                                parent[find(parent, o.g)] = find(parent, gi); any = true;
                            }
                        }
                        list.push(disc);
                    }
                }
            });
            return any ? parent : null;
        }

        function drawPoints(ctx, size) {
            var zoom = map.getZoom(), scale = Math.pow(2, zoom);
            var origin = map.getPixelOrigin(), tl = map.containerPointToLayerPoint([0, 0]);
            var ox = origin.x + tl.x, oy = origin.y + tl.y;
            var sep = STYLE.fan_out.min_separation_px, margin = 40;
            var leg = STYLE.fan_out.leg_px * (zoom >= 9 ? 1.6 : 1);
            var groups = groupPoints(size, scale, ox, oy, sep, margin);
            var placed = groups.map(function (g) { return fanOut(g, leg); });
            for (var round = 0; round < MERGE_ROUNDS; round++) {
                var parent = collidingGroups(placed);
                if (!parent) { break; }
                groups = mergeGroups(groups, parent);
                placed = groups.map(function (g) { return fanOut(g, leg); });
            }
            marks = [];
            var areas = [], seenArea = new Set(), leaders = [];
            placed.forEach(function (ms) {
                ms.forEach(function (m) {
                    if (m.cluster) { marks.push(m); return; }
                    var it = m.item, sym = m.sym, f = L_[it.layer].entries[it.index];
                    if (sym.area_m) {
                        var lat = f.g.coordinates[1];
                        var rr = sym.area_m / metresPerPixel(lat, zoom);
                        var akey = Math.round(it.x) + ":" + Math.round(it.y) + ":" + sym.area_m + ":" + (sym.fill || sym.color);
                        if (rr > 3 && !seenArea.has(akey)) { seenArea.add(akey); areas.push({x: it.x, y: it.y, r: rr, sym: sym}); }
                    }
                    if (m.leader) { leaders.push([it.x, it.y, m.x, m.y]); }
                    marks.push({layer: it.layer, index: it.index, x: m.x, y: m.y, ax: it.x, ay: it.y,
                                r: m.r, sym: sym, isNew: L_[it.layer].isNew[it.index]});
                });
            });
            ctx.clearRect(0, 0, size.x, size.y);
            areas.forEach(function (a) {
                ctx.beginPath(); ctx.arc(a.x, a.y, a.r, 0, 2 * Math.PI);
                var colour = a.sym.fill || a.sym.color;
                ctx.globalAlpha = 0.07; ctx.fillStyle = colour; ctx.fill();
                ctx.globalAlpha = 0.6; ctx.strokeStyle = colour; ctx.lineWidth = 1;
                ctx.setLineDash(dashOf(a.sym.area_dash)); ctx.stroke(); ctx.setLineDash([]);
                ctx.globalAlpha = 1;
            });
            ctx.strokeStyle = PAL.muted_ink; ctx.lineWidth = 1; ctx.globalAlpha = 0.8;
            ctx.beginPath();
            leaders.forEach(function (l) { ctx.moveTo(l[0], l[1]); ctx.lineTo(l[2], l[3]); });
            ctx.stroke(); ctx.globalAlpha = 1;
            leaders.forEach(function (l) { ctx.beginPath(); ctx.arc(l[0], l[1], 2, 0, 2 * Math.PI); ctx.fillStyle = PAL.ink; ctx.fill(); });
            marks.forEach(function (m, k) {
                if (m.cluster) {
                    ctx.beginPath(); ctx.arc(m.x, m.y, m.r, 0, 2 * Math.PI);
                    ctx.fillStyle = PAL.ink; ctx.globalAlpha = 0.85; ctx.fill(); ctx.globalAlpha = 1;
                    ctx.strokeStyle = PAL.halo; ctx.lineWidth = 1.5; ctx.stroke();
                    ctx.fillStyle = PAL.halo; ctx.font = "bold 11px sans-serif"; ctx.textAlign = "center";
                    ctx.textBaseline = "middle"; ctx.fillText(String(m.count), m.x, m.y);
                    return;
                }
                if (flags.changed && m.isNew) {
                    ctx.beginPath(); ctx.arc(m.x, m.y, m.r + 3.5, 0, 2 * Math.PI);
                    ctx.strokeStyle = PAL.changed; ctx.lineWidth = 2; ctx.stroke();
                }
                paint(ctx, m.sym, m.x, m.y, m.r);
                var id = L_[m.layer].entries[m.index].id;
                if (id === state.selected || k === focusIndex) {
                    ctx.beginPath(); ctx.arc(m.x, m.y, m.r + 6, 0, 2 * Math.PI);
                    ctx.strokeStyle = "#ffbf00"; ctx.lineWidth = 3; ctx.stroke();
                }
            });
            drawLabels(ctx, size, scale, ox, oy);
        }

        function symbolOf(name, i) {
            var info = L_[name];
            return info.symbols[info.entries[i].s[info.active[i] ? 1 : 0]];
        }

        // --- labels ---------------------------------------------------------------------
        function drawLabels(ctx, size, scale, ox, oy) {
            var rules = STYLE.labels, zoom = map.getZoom(), boxes = [];
            placedLabels = []; unplacedLabels = [];
            marks.forEach(function (m) { boxes.push([m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r, "mark"]); });
            function collides(b) {
                for (var i = 0; i < boxes.length; i++) {
                    var o = boxes[i];
                    if (o[4] === "mark" && b[5] === "country") { continue; }
                    if (b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]) { return true; }
                }
                return false;
            }
            function inside(iso, b) {  // every corner of the box in the country's polygon
                var pts = [[b[0], b[1]], [b[2], b[1]], [b[0], b[3]], [b[2], b[3]]];
                for (var i = 0; i < pts.length; i++) {
                    if (!insideCountry(iso, (pts[i][0] + ox) / scale, (pts[i][1] + oy) / scale)) { return false; }
                }
                return true;
            }
            var candidates = [];
            // Countries drawn in the presence layer first, then the others.
            var drawnCountries = {};
            L_.presence.entries.forEach(function (f, i) { if (L_.presence.visible[i]) { drawnCountries[f.f.countries[0]] = true; } });
            Object.keys(P.country_labels).sort().forEach(function (iso) {
                var c = P.country_labels[iso];
                if (zoom < rules.countries.min_zoom) { return; }
                var p = proj(c.anchor[0], c.anchor[1]), cx = p.x * scale - ox, cy = p.y * scale - oy;
                if (cx < 0 || cy < 0 || cx > size.x || cy > size.y) { return; }  // not in view
                candidates.push({kind: "country", text: c.name, iso: iso, x: cx, y: cy,
                                 priority: drawnCountries[iso] ? 1 : 9, expected: !!drawnCountries[iso], key: "country:" + iso});
            });
            var wantPlaces = {};
            L_.places.entries.forEach(function (f, i) {
                if (!L_.places.visible[i]) { return; }
                var kind = f.kind;
                if (rules.places.kinds.indexOf(kind) >= 0) { wantPlaces[i] = kind; }
            });
            L_.events.entries.forEach(function (f, i) {
                if (!L_.events.visible[i] || !L_.events.active[i]) { return; }
                var pi = placeById[f.place];
                if (pi === undefined || !L_.places.visible[pi]) { return; }
                var kind = L_.places.entries[pi].kind;
                if (kind === "country") { return; }
                if (wantPlaces[pi] === undefined) { wantPlaces[pi] = "event"; }
            });
            var placeMarks = {};  // a fanned-out place is labelled where its mark is drawn
            marks.forEach(function (m) { if (m.layer === "places") { placeMarks[m.index] = m; } });
            Object.keys(wantPlaces).forEach(function (k) {
                var i = Number(k), f = L_.places.entries[i], kind = wantPlaces[k];
                var minZoom = rules.places.min_zoom[kind] !== undefined ? rules.places.min_zoom[kind] : 4;
                if (zoom < minZoom) { return; }
                var pm = placeMarks[i];
                var x = pm ? pm.x : L_.places.px[i] * scale - ox, y = pm ? pm.y : L_.places.py[i] * scale - oy;
                if (x < 0 || y < 0 || x > size.x || y > size.y) { return; }
                candidates.push({kind: kind, text: f.name, iso: f.country, x: x, y: y, mark: pm || null,
                                 priority: kind === "base" ? 0 : kind === "border_crossing" ? 2 : 3,
                                 expected: true, key: "place:" + f.id});
            });
            candidates.sort(function (a, b) { return a.priority - b.priority || (a.key < b.key ? -1 : 1); });
            ctx.textAlign = "left"; ctx.textBaseline = "middle";
            function draw(c, x0, y0, b, size, leader) {
                boxes.push(b);
                if (leader) {
                    ctx.beginPath(); ctx.moveTo(leader[0], leader[1]); ctx.lineTo(leader[2], leader[3]);
                    ctx.strokeStyle = PAL.muted_ink; ctx.lineWidth = 1; ctx.globalAlpha = 0.8; ctx.stroke();
                    ctx.globalAlpha = 1;
                }
                ctx.lineWidth = 3; ctx.strokeStyle = PAL.halo; ctx.lineJoin = "round";
                ctx.strokeText(c.text, x0, y0);
                ctx.fillStyle = c.kind === "country" ? PAL.muted_ink : PAL.ink;
                ctx.fillText(c.text, x0, y0);
                placedLabels.push({key: c.key, text: c.text, kind: c.kind, box: b.slice(0, 4), size: size,
                                   leader: !!leader});
            }
            function callout(c, w, h, pad, size) {
                // No room beside the mark: the label further out (rules.callout_px), joined to
                // the mark by a leader, first on the side the mark fans out to.
                var r = c.mark ? c.mark.r : 4, out = 0;
                if (c.mark && (c.mark.x !== c.mark.ax || c.mark.y !== c.mark.ay)) {
                    out = Math.atan2(c.mark.y - c.mark.ay, c.mark.x - c.mark.ax);
                }
                var angles = [];
                for (var a = 0; a < 16; a++) { angles.push(out + (a % 2 ? -1 : 1) * Math.ceil(a / 2) * Math.PI / 8); }
                var dists = rules.callout_px;
                for (var di = 0; di < dists.length; di++) {
                    for (var ai = 0; ai < angles.length; ai++) {
                        var cos = Math.cos(angles[ai]), sin = Math.sin(angles[ai]);
                        var ax = c.x + dists[di] * cos, ay = c.y + dists[di] * sin;
                        var x0 = cos > 0.38 ? ax : cos < -0.38 ? ax - w : ax - w / 2;
                        var y0 = sin > 0.92 ? ay + h / 2 : sin < -0.92 ? ay - h / 2 : ay;
                        var b = [x0 - pad, y0 - h / 2 - pad, x0 + w + pad, y0 + h / 2 + pad, "label", c.kind];
                        if (b[0] < 0 || b[1] < 0 || b[2] > size.x || b[3] > size.y) { continue; }
                        if (collides(b) || !inside(c.iso, b)) { continue; }
                        return {x0: x0, y0: y0, b: b, leader: [c.x + r * cos, c.y + r * sin, ax, ay]};
                    }
                }
                return null;
            }
            candidates.forEach(function (c) {
                var sizes = c.kind === "country" ? [rules.countries.font_px, 10, 9] : [rules.places.font_px, 10];
                var weight = c.kind === "country" ? "600 " : "";
                for (var s = 0; s < sizes.length; s++) {
                    ctx.font = weight + sizes[s] + "px sans-serif";
                    var w = ctx.measureText(c.text).width, h = sizes[s] + 2, pad = rules.collision_padding_px;
                    var offsets = c.kind === "country" ? [[-w / 2, 0]] :
                        [[8, 0], [-8 - w, 0], [-w / 2, -h], [-w / 2, h], [8, -h * 0.8], [-8 - w, -h * 0.8], [8, h * 0.8], [-8 - w, h * 0.8],
                         [24, 0], [-24 - w, 0], [-w / 2, -2 * h], [-w / 2, 2 * h], [20, -1.6 * h], [-20 - w, -1.6 * h], [20, 1.6 * h], [-20 - w, 1.6 * h]];
                    for (var o = 0; o < offsets.length; o++) {
                        var x0 = c.x + offsets[o][0], y0 = c.y + offsets[o][1];
                        var b = [x0 - pad, y0 - h / 2 - pad, x0 + w + pad, y0 + h / 2 + pad, "label", c.kind];
                        if (b[0] < 0 || b[1] < 0 || b[2] > size.x || b[3] > size.y) { continue; }
                        if (collides(b) || !inside(c.iso, b)) { continue; }
                        draw(c, x0, y0, b, sizes[s], null);
                        return;
                    }
                }
                if (c.kind !== "country") {
                    ctx.font = rules.places.font_px + "px sans-serif";
                    var cw = ctx.measureText(c.text).width, ch = rules.places.font_px + 2;
                    var co = callout(c, cw, ch, rules.collision_padding_px, size);
                    if (co) { draw(c, co.x0, co.y0, co.b, rules.places.font_px, co.leader); return; }
                }
                if (c.expected) { unplacedLabels.push({key: c.key, text: c.text, kind: c.kind}); }
            });
        }

        // --- legend -----------------------------------------------------------------------
        var legendBox = el("div", "tda-legend");
        legendBox.id = "tda-legend";
        var legendTitle = el("h2", "tda-legend-title", S.legend);
        var legendBody = el("div", "tda-legend-body");
        legendBox.appendChild(legendTitle);
        legendBox.appendChild(legendBody);
        side.appendChild(legendBox);
        var legendButton = el("button", "tda-legend-button", S.show_legend);
        legendButton.type = "button";
        legendButton.setAttribute("aria-controls", "tda-legend");
        legendButton.setAttribute("aria-expanded", "false");
        var LegendToggle = L.Control.extend({
            options: {position: "topright"},
            onAdd: function () { L.DomEvent.disableClickPropagation(legendButton); return legendButton; }
        });
        new LegendToggle().addTo(map);
        function narrow() { return layout.getBoundingClientRect().width < NARROW_PX && !flags.briefing; }
        function setLegendOpen(open) {
            layout.classList.toggle("tda-legend-open", open);
            legendButton.setAttribute("aria-expanded", open ? "true" : "false");
            legendButton.textContent = open ? S.hide_legend : S.show_legend;
        }
        legendButton.addEventListener("click", function () {
            setLegendOpen(!layout.classList.contains("tda-legend-open"));
        });
        function updateLayoutMode() {
            var wasNarrow = layout.classList.contains("tda-narrow");
            var isNarrow = narrow();
            layout.classList.toggle("tda-narrow", isNarrow);
            if (isNarrow && !wasNarrow) { setLegendOpen(false); }
            if (wasNarrow !== isNarrow) { map.invalidateSize(); }
        }
        function swatch(sym) {
            var svgNS = "http://www.w3.org/2000/svg";
            var svg = document.createElementNS(svgNS, "svg");
            svg.setAttribute("width", "24"); svg.setAttribute("height", "16");
            svg.setAttribute("viewBox", "0 0 24 16"); svg.setAttribute("aria-hidden", "true");
            var node;
            if (sym.shape === "line") {
                node = document.createElementNS(svgNS, "line");
                node.setAttribute("x1", "1"); node.setAttribute("y1", "8"); node.setAttribute("x2", "23"); node.setAttribute("y2", "8");
            } else if (sym.shape === "polygon") {
                node = document.createElementNS(svgNS, "rect");
                node.setAttribute("x", "2"); node.setAttribute("y", "2"); node.setAttribute("width", "20"); node.setAttribute("height", "12");
            } else {
                var r = Math.min(7, sym.radius || 4), c = 12;
                node = document.createElementNS(svgNS, "path");
                var d;
                if (sym.shape === "square") { d = "M" + (c - r) + " " + (8 - r) + "h" + 2 * r + "v" + 2 * r + "h" + -2 * r + "Z"; }
                else if (sym.shape === "diamond") { d = "M" + c + " " + (8 - r) + "L" + (c + r) + " 8L" + c + " " + (8 + r) + "L" + (c - r) + " 8Z"; }
                else if (sym.shape === "cross") { d = "M" + (c - r) + " " + (8 - r) + "L" + (c + r) + " " + (8 + r) + "M" + (c + r) + " " + (8 - r) + "L" + (c - r) + " " + (8 + r); }
                else if (sym.shape === "star") {
                    d = "";
                    for (var i = 0; i < 10; i++) {
                        var a = -Math.PI / 2 + i * Math.PI / 5, dd = i % 2 ? 0.45 * r : r;
                        d += (i ? "L" : "M") + (c + dd * Math.cos(a)).toFixed(2) + " " + (8 + dd * Math.sin(a)).toFixed(2);
                    }
                    d += "Z";
                } else { d = "M" + (c + r) + " 8A" + r + " " + r + " 0 1 1 " + (c - r) + " 8A" + r + " " + r + " 0 1 1 " + (c + r) + " 8Z"; }
                node.setAttribute("d", d);
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
        var legendIds = [];
        function updateLegend() {
            var wanted = {};
            LAYERS.forEach(function (name) {
                var info = L_[name], n = info.entries.length, m = info.lgCombos.length;
                var seen = new Uint8Array(m), seenActive = new Uint8Array(m), anyNew = false;
                var vis = info.visible, act = info.active, nw = info.isNew, idx = info.lgIndex;
                for (var i = 0; i < n; i++) {
                    if (!vis[i]) { continue; }
                    seen[idx[i]] = 1;
                    if (act[i]) { seenActive[idx[i]] = 1; }
                    if (nw[i]) { anyNew = true; }
                }
                for (var c = 0; c < m; c++) {
                    if (seen[c]) { info.lgCombos[c][0].forEach(function (id) { wanted[id] = true; }); }
                    if (seenActive[c]) { info.lgCombos[c][1].forEach(function (id) { wanted[id] = true; }); }
                }
                if (anyNew && flags.changed) { wanted["changed:new"] = true; }
            });
            var ids = Object.keys(wanted).filter(function (id) { return ROWS[id]; });
            ids.sort(function (a, b) { return ROWS[a].order - ROWS[b].order; });
            var key = ids.join("|");
            if (key === legendIds.join("|")) { return; }
            legendIds = ids;
            while (legendBody.firstChild) { legendBody.removeChild(legendBody.firstChild); }
            var current = null, listNode = null;
            ids.forEach(function (id) {
                var row = ROWS[id];
                if (row.section !== current) {
                    current = row.section;
                    var sec = el("section", "tda-legend-section");
                    sec.setAttribute("data-section", row.section);
                    sec.appendChild(el("h3", null, row.section_title));
                    listNode = el("ul");
                    sec.appendChild(listNode);
                    legendBody.appendChild(sec);
                }
                var li = el("li", "tda-legend-row");
                li.setAttribute("data-row", id);
                li.appendChild(swatch(row.symbol));
                li.appendChild(el("span", null, row.label));
                listNode.appendChild(li);
            });
        }

        // --- popups -----------------------------------------------------------------------
        function sourceLabel(id) { return P.sources[id] ? P.sources[id].label : id; }
        function popupContent(name, i) {
            var f = L_[name].entries[i], p = f.p, box = el("div", "tda-popup");
            box.appendChild(el("h4", null, p.title));
            p.meta.forEach(function (line) { box.appendChild(el("div", "tda-meta", line)); });
            if (p.figures && p.figures.length) {
                box.appendChild(el("div", "tda-label", S.figures));
                var ul = el("ul", "tda-figures");
                p.figures.forEach(function (fig) {
                    var li = el("li");
                    li.appendChild(el("b", null, fig.label + ": "));
                    li.appendChild(document.createTextNode(fig.text));
                    if (fig.said_by) { li.appendChild(document.createTextNode(" — " + S.said_by + " " + fig.said_by)); }
                    li.appendChild(el("span", "tda-source", " (" + sourceLabel(fig.source) + ")"));
                    if (fig.differs) { li.classList.add("tda-differs"); }
                    ul.appendChild(li);
                });
                box.appendChild(ul);
            }
            if (p.agreement) { box.appendChild(el("div", "tda-agreement", p.agreement)); }
            p.quotes.forEach(function (q) {
                var bq = el("blockquote", null, "“" + q.quote + "”");
                var cite = (q.year ? q.year + " · " : "") + (q.said_by ? q.said_by + " · " : "") + sourceLabel(q.source);
                bq.appendChild(el("small", null, cite));
                box.appendChild(bq);
            });
            return box;
        }
        function popupPadding() {
            var ctl = yearBox.getBoundingClientRect(), mr = container.getBoundingClientRect();
            var bottom = Math.max(10, mr.bottom - ctl.top + 10);
            return {tl: L.point(10, 10), br: L.point(10, Math.min(bottom, mr.height / 2))};
        }
        var popup = null;
        function openPopup(name, i, latlng) {
            var f = L_[name].entries[i], pad = popupPadding();
            if (!latlng) { latlng = anchorOf(name, i); }
            if (layout.classList.contains("tda-narrow")) { setLegendOpen(false); }
            popup = L.popup({maxWidth: Math.min(360, map.getSize().x - 40), minWidth: 200,
                             autoPanPaddingTopLeft: pad.tl, autoPanPaddingBottomRight: pad.br,
                             className: "tda-popup-wrap"})
                .setLatLng(latlng).setContent(popupContent(name, i)).openOn(map);
            select(f.id);
        }
        map.on("popupclose", function (e) {
            // A closed popup fades out for 200 ms: it must not catch the next click meanwhile.
            var node = e.popup.getElement();
            if (node) { node.style.pointerEvents = "none"; }
            if (e.popup === popup) { popup = null; select(null); }
        });
        function anchorOf(name, i) {
            var f = L_[name].entries[i];
            if (name === "places" || name === "events") {
                for (var k = 0; k < marks.length; k++) {
                    if (marks[k].layer === name && marks[k].index === i) {
                        return map.containerPointToLatLng(drawnAt(marks[k]));
                    }
                }
                return L.latLng(f.g.coordinates[1], f.g.coordinates[0]);
            }
            var path = L_[name].paths[i];
            return path ? path.getBounds().getCenter() : map.getCenter();
        }
        function hit(cp) {
            var d = drawnShift();
            for (var k = marks.length - 1; k >= 0; k--) {
                var m = marks[k], dx = m.x + d.x - cp.x, dy = m.y + d.y - cp.y;
                if (dx * dx + dy * dy <= (m.r + 3) * (m.r + 3)) { return m; }
            }
            return null;
        }
        map.on("click", function (e) {
            var m = hit(e.containerPoint);
            if (!m) { return; }
            if (m.cluster) { map.setView(e.latlng, Math.min(map.getMaxZoom(), map.getZoom() + 2)); return; }
            openPopup(m.layer, m.index, map.containerPointToLatLng(drawnAt(m)));
        });
        map.on("mousemove", function (e) {
            container.classList.toggle("tda-pointer", !!hit(e.containerPoint));
        });

        // --- selection and events ---------------------------------------------------
        function emit(name, value) { api._listeners[name].forEach(function (fn) { try { fn(value); } catch (err) { console.error(err); } }); }
        function select(id) {
            if (state.selected === id) { return; }
            state.selected = id;
            points._reset();
            emit("select", id);
            announce();
        }
        function snapshot() {
            var c = map.getCenter();
            return {year: state.year, mode: state.mode,
                    filters: {countries: state.filters.countries.slice(), groups: state.filters.groups.slice(),
                              event_kinds: state.filters.event_kinds.slice(), corridor_kinds: state.filters.corridor_kinds.slice()},
                    layers: state.layers.slice(),
                    view: {lat: Math.round(c.lat * 1e4) / 1e4, lon: Math.round(c.lng * 1e4) / 1e4, zoom: map.getZoom()},
                    selected: state.selected, lang: state.lang};
        }
        function announce() {
            var s = snapshot();
            if (!flags.embed && window.history && window.history.replaceState) {
                var q = new URLSearchParams(window.location.search);
                q.set("year", String(s.year)); q.set("mode", s.mode); q.set("lang", s.lang);
                ["countries", "groups", "event_kinds", "corridor_kinds"].forEach(function (k) {
                    if (s.filters[k].length) { q.set(k, s.filters[k].join(",")); } else { q.delete(k); }
                });
                q.set("layers", s.layers.join(","));
                q.set("lat", String(s.view.lat)); q.set("lon", String(s.view.lon)); q.set("zoom", String(s.view.zoom));
                try { window.history.replaceState(null, "", "?" + q.toString() + window.location.hash); } catch (err) { /* file:// in some browsers */ }
            }
            if (window.parent && window.parent !== window) {
                window.parent.postMessage({type: "tda:state", state: s}, "*");
            }
        }

        // --- fit ----------------------------------------------------------------------
        function drawnBounds() {
            var b = L.latLngBounds([]);
            ["places", "events"].forEach(function (name) {
                var info = L_[name];
                for (var i = 0; i < info.entries.length; i++) {
                    if (info.visible[i]) { var c = info.entries[i].g.coordinates; b.extend([c[1], c[0]]); }
                }
            });
            ["spread", "routes"].forEach(function (name) {
                var info = L_[name];
                info.paths.forEach(function (p, i) { if (p && info.visible[i]) { b.extend(p.getBounds()); } });
            });
            if (!b.isValid()) {   // only countries drawn
                L_.presence.paths.forEach(function (p, i) { if (p && L_.presence.visible[i]) { b.extend(p.getBounds()); } });
            }
            return b;
        }
        var CONTROL_GAP = 8;    // px between fitted content and a control over the map
        function edgeMargin() {  // px between fitted content and the map's edge
            var size = map.getSize();
            return Math.round(Math.max(12, Math.min(40, 0.05 * Math.min(size.x, size.y))));
        }
        function fitPadding() {
            var size = map.getSize(), ctl = yearBox.getBoundingClientRect(), mr = container.getBoundingClientRect();
            var pad = edgeMargin();
            var bottom = Math.max(pad, Math.round(mr.bottom - ctl.top) + 8);
            if (bottom > size.y * 0.45) { bottom = pad; }
            var top = pad + (layout.classList.contains("tda-narrow") ? 36 : 0);
            return {paddingTopLeft: [pad, top], paddingBottomRight: [pad, bottom]};
        }
        function controlRects() {
            // The controls over the map (year, layers, zoom, legend button, scale,
            // attribution), in container pixels: the fitted content stays clear of them.
            var mr = container.getBoundingClientRect(), out = [];
            var nodes = container.querySelectorAll(".leaflet-control");
            for (var i = 0; i < nodes.length; i++) {
                var r = nodes[i].getBoundingClientRect();
                if (r.width > 0 && r.height > 0) {
                    out.push([r.left - mr.left, r.top - mr.top, r.right - mr.left, r.bottom - mr.top]);
                }
            }
            return out;
        }
        function placeBox(w, h, frame, obstacles, gap) {
            // Top-left corner of a w x h box inside frame [x0, y0, x1, y1] that overlaps no
            // obstacle (kept `gap` px away), nearest the frame's centre; null if none.
            if (w > frame[2] - frame[0] || h > frame[3] - frame[1]) { return null; }
            var cx = (frame[0] + frame[2] - w) / 2, cy = (frame[1] + frame[3] - h) / 2;
            var xs = [cx, frame[0], frame[2] - w], ys = [cy, frame[1], frame[3] - h];
            obstacles.forEach(function (o) {
                xs.push(o[2] + gap, o[0] - gap - w); ys.push(o[3] + gap, o[1] - gap - h);
            });
            var best = null, bestD = Infinity;
            xs.forEach(function (x) {
                x = Math.max(frame[0], Math.min(frame[2] - w, x));
                ys.forEach(function (y) {
                    y = Math.max(frame[1], Math.min(frame[3] - h, y));
                    for (var k = 0; k < obstacles.length; k++) {
                        var o = obstacles[k];
                        if (x < o[2] + gap && x + w > o[0] - gap && y < o[3] + gap && y + h > o[1] - gap) { return; }
                    }
                    var d = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                    if (d < bestD) { bestD = d; best = [x, y]; }
                });
            });
            return best;
        }
        function fit() {
            // The largest zoom (in zoomSnap steps, at most 9) at which the drawn extent, with
            // a margin, fits the map beside the controls: content may sit above the year
            // control's row when it is not under the control itself.
            var b = drawnBounds();
            if (!b.isValid()) { return; }
            var size = map.getSize(), pad = edgeMargin();
            var frame = [pad, pad, size.x - pad, size.y - pad], obstacles = controlRects();
            var snap = map.options.zoomSnap || 1, minZoom = map.getMinZoom();
            var zoom = Math.min(9, map.getMaxZoom(), map.getBoundsZoom(b, false, L.point(2 * pad, 2 * pad)));
            for (; zoom >= minZoom; zoom -= snap) {
                var sw = map.project(b.getSouthWest(), zoom), ne = map.project(b.getNorthEast(), zoom);
                var w = ne.x - sw.x, h = sw.y - ne.y;
                var at = placeBox(w, h, frame, obstacles, CONTROL_GAP);
                if (at) {
                    // Map centre such that the extent's box lands at `at`.
                    var centre = L.point((sw.x + ne.x) / 2 + size.x / 2 - (at[0] + w / 2),
                                         (sw.y + ne.y) / 2 + size.y / 2 - (at[1] + h / 2));
                    map.setView(map.unproject(centre, zoom), zoom, {animate: false, reset: true});
                    return;
                }
            }
            var opts = fitPadding();
            opts.maxZoom = 9; opts.animate = false; opts.reset = true;
            map.fitBounds(b, opts);
        }
        api.fitMargins = function () { return {edge: edgeMargin(), control: CONTROL_GAP}; };
        api.drawnBounds = function () {
            var b = drawnBounds();
            return b.isValid() ? [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]] : null;
        };

        // --- repaint ---------------------------------------------------------------------
        var lastRepaintMs = 0, lastParts = {};
        function repaint(opts) {
            var t0 = performance.now();
            computeVisibility();
            var t1 = performance.now();
            updatePaths();
            if (opts && opts.refit && !explicitView) { fit(); }
            var t2 = performance.now();
            points._reset();
            var t3 = performance.now();
            updateLegend();
            updateControls();
            lastRepaintMs = performance.now() - t0;
            lastParts = {visibility: t1 - t0, paths: t2 - t1, points: t3 - t2, legend: performance.now() - t3};
            emit("change", snapshot());
            if (!opts || !opts.silent) { announce(); }
        }
        api.lastRepaintMs = function () { return lastRepaintMs; };
        api.lastRepaintParts = function () { return lastParts; };

        // --- year control ---------------------------------------------------------------------
        var yearBox = el("div", "tda-year leaflet-bar");
        var yearRow = el("div", "tda-year-row");
        var yearLabel = el("output", "tda-year-label", state.year);
        yearLabel.setAttribute("aria-live", "polite");
        var playButton = el("button", "tda-play", "▶");
        playButton.type = "button";
        playButton.setAttribute("aria-label", S.play);
        var slider = el("input", "tda-year-input");
        slider.type = "range"; slider.min = P.years[0]; slider.max = P.years[1]; slider.step = 1;
        slider.value = state.year;
        slider.setAttribute("aria-label", S.year);
        var sliderWrap = el("div", "tda-slider-wrap");
        var ticks = el("div", "tda-ticks");
        ticks.setAttribute("aria-hidden", "true");
        for (var y = P.years[0]; y <= P.years[1]; y++) {
            var tick = el("span", P.quiet_years.indexOf(y) >= 0 ? "tda-tick tda-quiet" : "tda-tick");
            tick.title = P.quiet_years.indexOf(y) >= 0 ? y + ": " + S.quiet_year : String(y);
            ticks.appendChild(tick);
        }
        sliderWrap.appendChild(slider); sliderWrap.appendChild(ticks);
        yearRow.appendChild(playButton); yearRow.appendChild(yearLabel); yearRow.appendChild(sliderWrap);
        var optRow = el("div", "tda-year-options");
        function selectBox(label, values, current, onChange) {
            var wrap = el("label", "tda-opt"), sel = el("select");
            wrap.appendChild(el("span", null, label));
            values.forEach(function (v) {
                var o = el("option", null, v[1]); o.value = String(v[0]);
                if (String(v[0]) === String(current)) { o.selected = true; }
                sel.appendChild(o);
            });
            sel.addEventListener("change", function () { onChange(sel.value); });
            wrap.appendChild(sel);
            return {wrap: wrap, select: sel};
        }
        function checkBox(label, checked, onChange) {
            var wrap = el("label", "tda-opt"), box = el("input");
            box.type = "checkbox"; box.checked = checked;
            box.addEventListener("change", function () { onChange(box.checked); });
            wrap.appendChild(box); wrap.appendChild(el("span", null, label));
            return {wrap: wrap, box: box};
        }
        var yearsList = [];
        for (var yy = P.years[0]; yy <= P.years[1]; yy++) { yearsList.push([yy, String(yy)]); }
        var modeSel = selectBox(S.mode, [["cumulative", S.cumulative], ["only", S.only]], state.mode,
                                function (v) { setState({mode: v}, "page"); });
        var speedSel = selectBox(S.speed, [[0.5, "0.5×"], [1, "1×"], [2, "2×"], [4, "4×"]], flags.speed,
                                 function (v) { flags.speed = Number(v); });
        var fromSel = selectBox(S.from, yearsList, flags.range[0], function (v) { flags.range[0] = Number(v); });
        var toSel = selectBox(S.to, yearsList, flags.range[1], function (v) { flags.range[1] = Number(v); });
        var loopBox = checkBox(S.loop, flags.loop, function (v) { flags.loop = v; });
        var quietBox = checkBox(S.skip_quiet, flags.skipQuiet, function (v) { flags.skipQuiet = v; });
        [modeSel.wrap, speedSel.wrap, fromSel.wrap, toSel.wrap, loopBox.wrap, quietBox.wrap].forEach(function (w) { optRow.appendChild(w); });
        yearBox.appendChild(yearRow); yearBox.appendChild(optRow);
        var YearControl = L.Control.extend({
            options: {position: "bottomleft"},
            onAdd: function () {
                L.DomEvent.disableClickPropagation(yearBox);
                L.DomEvent.disableScrollPropagation(yearBox);
                return yearBox;
            }
        });
        new YearControl().addTo(map);
        slider.addEventListener("input", function () { setState({year: Number(slider.value)}, "page"); });
        var timer = null;
        function nextYear(y) {
            var n = y + 1;
            while (flags.skipQuiet && n <= flags.range[1] && P.quiet_years.indexOf(n) >= 0) { n++; }
            return n;
        }
        function stop() { if (timer) { clearTimeout(timer); timer = null; } playButton.textContent = "▶"; playButton.setAttribute("aria-label", S.play); }
        function step() {
            var n = nextYear(state.year);
            if (n > flags.range[1]) {
                if (!flags.loop) { stop(); return; }
                n = flags.range[0];
            }
            setState({year: n}, "page");
            timer = setTimeout(step, 1000 / flags.speed);
        }
        playButton.addEventListener("click", function () {
            if (timer) { stop(); return; }
            if (state.year >= flags.range[1] || state.year < flags.range[0]) { setState({year: flags.range[0]}, "page"); }
            playButton.textContent = "⏸"; playButton.setAttribute("aria-label", S.pause);
            timer = setTimeout(step, 1000 / flags.speed);
        });

        // Layer toggles
        var layerBox = el("div", "tda-layers leaflet-bar");
        var layerTitle = el("div", "tda-layers-title", S.layers);
        layerBox.appendChild(layerTitle);
        var layerChecks = {};
        LAYERS.forEach(function (name) {
            var c = checkBox(S["layer_" + name] || name, state.layers.indexOf(name) >= 0, function (on) {
                var next = state.layers.filter(function (n) { return n !== name; });
                if (on) { next.push(name); }
                next.sort(function (a, b) { return LAYERS.indexOf(a) - LAYERS.indexOf(b); });
                setState({layers: next}, "page");
            });
            c.box.setAttribute("data-layer", name);
            layerChecks[name] = c.box;
            layerBox.appendChild(c.wrap);
        });
        var changedBox = checkBox(S.changed, flags.changed, function (v) { flags.changed = v; repaint(); });
        layerBox.appendChild(changedBox.wrap);
        if (P.tiles) {
            var tilesBox = checkBox(S.tiles, flags.tiles, function (v) { flags.tiles = v; updateTiles(); });
            layerBox.appendChild(tilesBox.wrap);
        }
        var LayerControl = L.Control.extend({
            options: {position: "topleft"},
            onAdd: function () { L.DomEvent.disableClickPropagation(layerBox); return layerBox; }
        });
        new LayerControl().addTo(map);

        function updateControls() {
            slider.value = String(state.year);
            yearLabel.textContent = String(state.year);
            slider.setAttribute("aria-valuetext", state.year + (P.quiet_years.indexOf(state.year) >= 0 ? " (" + S.quiet_year + ")" : ""));
            modeSel.select.value = state.mode;
            LAYERS.forEach(function (n) { layerChecks[n].checked = state.layers.indexOf(n) >= 0; });
        }

        // --- keyboard navigation of features ----------------------------------------------------
        var keynav = el("div", "tda-keynav");
        keynav.tabIndex = 0;
        keynav.setAttribute("role", "application");
        keynav.setAttribute("aria-label", S.features_nav);
        var live = el("div", "tda-live");
        live.setAttribute("aria-live", "polite");
        keynav.appendChild(live);
        mapWrap.appendChild(keynav);
        var navList = [], navPos = -1;
        function buildNav() {
            navList = [];
            LAYERS.forEach(function (name) {
                var info = L_[name];
                for (var i = 0; i < info.entries.length; i++) {
                    if (!info.visible[i]) { continue; }
                    var ll = name === "places" || name === "events"
                        ? L.latLng(info.entries[i].g.coordinates[1], info.entries[i].g.coordinates[0])
                        : (info.paths[i] ? info.paths[i].getBounds().getCenter() : null);
                    if (ll) { navList.push({layer: name, index: i, ll: ll, id: info.entries[i].id}); }
                }
            });
            navList.sort(function (a, b) { return a.ll.lng - b.ll.lng || a.ll.lat - b.ll.lat || (a.id < b.id ? -1 : 1); });
        }
        function navTo(pos) {
            if (!navList.length) { live.textContent = S.no_features; return; }
            navPos = (pos + navList.length) % navList.length;
            var item = navList[navPos], f = L_[item.layer].entries[item.index];
            if (!map.getBounds().pad(-0.1).contains(item.ll)) { map.panTo(item.ll, {animate: false}); }
            focusIndex = -1;
            for (var k = 0; k < marks.length; k++) { if (marks[k].layer === item.layer && marks[k].index === item.index) { focusIndex = k; } }
            points._reset();
            for (var k2 = 0; k2 < marks.length; k2++) { if (marks[k2].layer === item.layer && marks[k2].index === item.index) { focusIndex = k2; } }
            points._reset();
            live.textContent = (navPos + 1) + "/" + navList.length + ": " + f.p.title;
            keynav.setAttribute("data-current", f.id);
        }
        keynav.addEventListener("keydown", function (e) {
            if (e.key === "ArrowRight" || e.key === "ArrowDown") { buildNav(); navTo(navPos + 1); e.preventDefault(); }
            else if (e.key === "ArrowLeft" || e.key === "ArrowUp") { buildNav(); navTo(navPos < 0 ? -1 : navPos - 1); e.preventDefault(); }
            else if (e.key === "Enter" && navPos >= 0 && navList[navPos]) {
                var item = navList[navPos];
                openPopup(item.layer, item.index);
                e.preventDefault();
            } else if (e.key === "Escape") { map.closePopup(); }
        });
        keynav.addEventListener("blur", function () { focusIndex = -1; points._reset(); });

        // --- state changes ----------------------------------------------------------------------
        function setState(partial, origin) {
            var refit = false;
            if (partial.year !== undefined) { state.year = clampYear(Number(partial.year)); }
            if (partial.mode === "cumulative" || partial.mode === "only") { state.mode = partial.mode; }
            if (partial.filters) {
                Object.keys(partial.filters).forEach(function (k) {
                    if (state.filters[k] === undefined) { return; }
                    var v = list(partial.filters[k]);
                    if (v.join(",") !== state.filters[k].join(",")) {
                        state.filters[k] = v;
                        if (k === "countries" || k === "groups") { refit = true; }
                    }
                });
            }
            if (partial.layers) { state.layers = list(partial.layers).filter(function (n) { return LAYERS.indexOf(n) >= 0; }); }
            if (partial.view && isFinite(partial.view.lat)) {
                map.setView([partial.view.lat, partial.view.lon], partial.view.zoom, {animate: false});
            }
            if (refit) { explicitView = false; }
            repaint({refit: refit});
            if (partial.selected !== undefined && partial.selected !== state.selected) {
                if (partial.selected) { focus(partial.selected); } else { map.closePopup(); }
            }
            return origin;
        }
        function focus(id) {
            var where = byId[id];
            if (!where) { return false; }
            var info = L_[where.layer];
            if (!info.visible[where.index]) { return false; }
            var f = info.entries[where.index];
            if (where.layer === "places" || where.layer === "events") {
                var ll = L.latLng(f.g.coordinates[1], f.g.coordinates[0]);
                map.setView(ll, Math.max(map.getZoom(), 6), {animate: false});
            } else if (info.paths[where.index]) {
                map.fitBounds(info.paths[where.index].getBounds(), L.extend(fitPadding(), {animate: false, maxZoom: 8}));
            }
            openPopup(where.layer, where.index);
            return true;
        }

        // --- API --------------------------------------------------------------------------
        function asFeature(name, f) {
            return {type: "Feature", id: f.id, geometry: geometryOf(f),
                    properties: {layer: name, kind: f.kind, name: f.name, years: f.t, country: f.country,
                                 place: f.place, place_name: f.place_name, date: f.date,
                                 sources: f.sources, filters: f.f, popup: f.p}};
        }
        var featureCache = {};
        api.state = snapshot;
        api.set = function (partial) { setState(partial || {}, "api"); };
        api.focus = function (id) { return focus(id); };
        api.on = function (name, fn) { if (api._listeners[name]) { api._listeners[name].push(fn); } };
        api.features = function (name) {
            if (!L_[name]) { return []; }
            if (!featureCache[name]) { featureCache[name] = L_[name].entries.map(function (f) { return asFeature(name, f); }); }
            return featureCache[name].slice();
        };
        api.visible = function (name) {
            var all = api.features(name), info = L_[name];
            return all.filter(function (f, i) { return info.visible[i] === 1; });
        };
        api.visibleIds = function () {
            var ids = [];
            LAYERS.forEach(function (name) {
                var info = L_[name];
                for (var i = 0; i < info.entries.length; i++) { if (info.visible[i]) { ids.push(info.entries[i].id); } }
            });
            return ids.sort();
        };
        api.drawnStyle = function (id) {
            var where = byId[id];
            if (!where || !L_[where.layer].visible[where.index]) { return null; }
            var info = L_[where.layer];
            if (info.paths) {
                var o = null;
                info.paths[where.index].eachLayer(function (l) { o = l.options; });
                return {color: o.color, weight: o.weight, opacity: o.opacity, dash: o.dashArray || null,
                        fill: o.fill ? o.fillColor : null, fill_opacity: o.fill ? o.fillOpacity : 0};
            }
            for (var k = 0; k < marks.length; k++) {
                var m = marks[k];
                if (m.layer === where.layer && m.index === where.index) {
                    var s = m.sym;
                    return {color: s.color, weight: s.weight, opacity: s.opacity, dash: s.dash || null,
                            fill: s.fill, fill_opacity: s.fill_opacity, radius: m.r, shape: s.shape,
                            x: drawnAt(m).x, y: drawnAt(m).y};
                }
            }
            return {offscreen: true};
        };
        api.marks = function () {  // where each mark is on screen now (container px)
            var d = drawnShift();
            return marks.map(function (m) {
                return m.cluster ? {cluster: true, count: m.count, x: m.x + d.x, y: m.y + d.y, r: m.r}
                    : {id: L_[m.layer].entries[m.index].id, layer: m.layer, x: m.x + d.x, y: m.y + d.y, r: m.r};
            });
        };
        var moving = false;
        map.on("movestart zoomstart", function () { moving = true; });
        map.on("moveend zoomend", function () { moving = false; });
        api.moving = function () { return moving; };
        api.labels = function () {  // boxes in container px now, like marks()
            var d = drawnShift();
            return {placed: placedLabels.map(function (l) {
                        return L.extend({}, l, {box: [l.box[0] + d.x, l.box[1] + d.y, l.box[2] + d.x, l.box[3] + d.y]});
                    }), unplaced: unplacedLabels.slice()};
        };
        api.legendRows = function () { return legendIds.slice(); };
        api.years = P.years.slice();
        api.quietYears = P.quiet_years.slice();
        api.lang = P.lang;
        api.strings = S;
        api.style = STYLE;
        api.panelsElement = panels;
        api.fit = fit;
        api.repaint = function () { repaint({silent: true}); return lastRepaintMs; };

        window.addEventListener("message", function (e) {
            var msg = e.data;
            if (!msg || typeof msg !== "object") { return; }
            if (msg.type === "tda:set" && msg.state) { setState(msg.state, "message"); }
            else if (msg.type === "tda:focus" && msg.id) { focus(String(msg.id)); }
        });
        window.addEventListener("resize", function () { updateLayoutMode(); });

        // --- first paint --------------------------------------------------------------------
        updateLayoutMode();
        points.addTo(map);
        computeVisibility();
        updatePaths();
        if (explicitView) { map.setView([state.view.lat, state.view.lon], state.view.zoom, {reset: true}); }
        else { fit(); }
        repaint({silent: true});
        map.on("moveend", function () { announce(); });
        api.ready = true;
        root.setAttribute("data-tda-ready", "1");
        if (window.parent && window.parent !== window) { window.parent.postMessage({type: "tda:ready"}, "*"); }
        announce();
    }

    window.TdaTimeFilter = {mount: mount};
})();
