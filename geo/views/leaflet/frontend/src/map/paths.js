/* Panes, the base map, the optional tile background and the Leaflet paths of the path
 * layers (created once, added when drawn); outlines of what is new. */

/** Leaflet path options of a style symbol. */
export function pathOptions(sym) {
    return {color: sym.color, weight: sym.weight, opacity: sym.opacity,
            dashArray: sym.dash || null, fill: sym.fill !== null && sym.fill !== undefined,
            fillColor: sym.fill || undefined, fillOpacity: sym.fill_opacity, lineCap: "round",
            lineJoin: "round"};
}

/** Base map, panes, `c.geometryOf`, `c.updatePaths()`, `c.updateTiles()`. */
export function setupPaths(c) {
    const L = c.L, map = c.map, P = c.P, R = P.roles;
    map.createPane("tdaBase").style.zIndex = 200;
    map.createPane("tdaAreas").style.zIndex = 380;
    map.createPane("tdaPoints").style.zIndex = 450;
    map.getPane("tdaPoints").style.pointerEvents = "none";
    const baseRenderer = L.canvas({pane: "tdaBase", padding: 0.3});
    const lineRenderer = L.canvas({padding: 0.3});
    const outlines = Object.create(null);
    P.basemap.forEach(function (f) { outlines[f.id] = f; });
    L.geoJSON({type: "FeatureCollection", features: P.basemap.map(function (f) {
        return {type: "Feature", id: f.id, geometry: f.g, properties: {}};
    })}, {renderer: baseRenderer, interactive: false, pane: "tdaBase",
          style: function () { return pathOptions(c.STYLE.basemap); }}).addTo(map);
    if (map.attributionControl) { map.attributionControl.addAttribution(P.attribution); }
    let tiles = null;
    c.updateTiles = function () {
        if (c.flags.tiles && P.tiles && !tiles) {
            tiles = L.tileLayer(P.tiles.url, {attribution: P.tiles.attribution, maxZoom: 19,
                                              maxNativeZoom: 19}).addTo(map);
        } else if (!(c.flags.tiles && P.tiles) && tiles) { map.removeLayer(tiles); tiles = null; }
    };
    c.updateTiles();
    c.geometryOf = function (f) { return f.g || (outlines[f.outline] ? outlines[f.outline].g : null); };
    R.paths.forEach(function (name) {
        const info = c.F[name], area = name === R.areas;
        info.paths = info.entries.map(function (f, i) {
            const g = c.geometryOf(f);
            if (!g) { return null; }
            const layer = L.geoJSON({type: "Feature", geometry: g, properties: {}}, {
                renderer: area ? baseRenderer : lineRenderer,
                pane: area ? "tdaBase" : "overlayPane",
                style: function () { return pathOptions(info.symbols[f.s[0]]); }
            });
            layer.on("click", function (e) {   // a mark drawn over the path takes the click first
                if (!c.clickMarks(e.containerPoint)) { c.openPopup(name, i, e.latlng); }
            });
            layer._tdaState = -1;
            return layer;
        });
    });
    const changedOutline = L.layerGroup().addTo(map);
    c.updatePaths = function () {
        changedOutline.clearLayers();
        R.paths.forEach(function (name) {
            const info = c.F[name], area = name === R.areas;
            info.paths.forEach(function (layer, i) {
                if (!layer) { return; }
                const want = info.visible[i] ? info.active[i] : -1;
                if (want !== layer._tdaState) {
                    if (want < 0) { map.removeLayer(layer); }
                    else {
                        layer.setStyle(pathOptions(info.symbols[info.entries[i].s[want]]));
                        if (layer._tdaState < 0) { layer.addTo(map); }
                    }
                    layer._tdaState = want;
                }
                if (want >= 0 && c.flags.changed && info.isNew[i]) {
                    changedOutline.addLayer(L.geoJSON({type: "Feature", geometry: c.geometryOf(info.entries[i]), properties: {}}, {
                        renderer: lineRenderer, interactive: false,
                        style: function () {
                            return {color: c.PAL.changed, weight: area ? 2.6 : 6,
                                    opacity: area ? 0.9 : 0.25, fill: false};
                        }
                    }));
                }
            });
        });
    };
}
