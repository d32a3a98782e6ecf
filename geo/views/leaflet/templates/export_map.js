/* Publishable map of the tda-map project: a fixed script, no layer value is ever turned into
 * code or markup here. Data comes from the JSON block #tda-data; popups and tooltips are
 * HTML strings built and escaped by geo/popups.py on the server side. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("tda-data").textContent);
  var map = L.map("tda-map", {minZoom: 2, maxZoom: 12, zoomSnap: 0.25});
  var outlines = L.geoJSON(data.basemap, {
    interactive: false,
    style: function () { return data.styles.basemap; }
  }).addTo(map);
  var baseLayers = {"Outlines (offline)": outlines};
  if (data.tiles) {
    baseLayers["OpenStreetMap (online)"] = L.tileLayer(
      "https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
        maxZoom: 12,
        referrerPolicy: "strict-origin-when-cross-origin",
        attribution: "&copy; <a href=\"https://www.openstreetmap.org/copyright\">" +
          "OpenStreetMap</a> contributors"
      });
  }
  map.attributionControl.addAttribution("Natural Earth (public domain); GeoNames (CC BY 4.0)");

  var groups = {};
  var entries = [];
  var current = {year: data.initial.year, mode: data.initial.mode};

  function latLng(point) { return [point[1], point[0]]; }

  function popupFor(entry) {
    var parts = [];
    entries.forEach(function (other) {
      if (other.layer === entry.layer && other.feature.group === entry.feature.group &&
          other.visible) {
        parts.push(other.feature.popup);
      }
    });
    return parts.length ? parts.join("<hr>") : entry.feature.popup;
  }

  function arrow(coords, f) {
    var tip = document.createElement("div");
    tip.className = "tda-arrow";
    tip.style.borderBottomColor = f.style.color;
    tip.style.transform = "rotate(" + Number(f.bearing) + "deg)";
    return L.marker(latLng(coords[coords.length - 1]), {
      interactive: false, keyboard: false,
      icon: L.divIcon({html: tip, className: "tda-arrow-icon", iconSize: [12, 12]})
    });
  }

  function draw(f) {
    var g = f.geometry;
    var main;
    var extras = [];
    if (g.type === "Point") {
      if (f.area_m) {
        extras.push(L.circle(latLng(g.coordinates), {radius: Number(f.area_m),
          interactive: false, color: f.style.color, weight: 1, dashArray: "3 4",
          fillOpacity: 0.06}));
      }
      main = L.circleMarker(latLng(g.coordinates), f.style);
    } else if (g.type === "LineString") {
      main = L.polyline(g.coordinates.map(latLng), f.style);
      if (typeof f.bearing === "number") { extras.push(arrow(g.coordinates, f)); }
    } else {
      main = L.geoJSON(g, {style: function () { return f.style; }});
    }
    return {main: main, shapes: extras.concat([main])};
  }

  data.layers.forEach(function (layer) {
    groups[layer.name] = L.featureGroup().addTo(map);
    layer.features.forEach(function (f) {
      var drawn = draw(f);
      var entry = {layer: layer.name, feature: f, main: drawn.main, shapes: drawn.shapes,
                   visible: false};
      entry.main.bindPopup(function () { return popupFor(entry); },
                           {maxWidth: 380, maxHeight: 340});
      entry.main.bindTooltip(f.tooltip, {sticky: true});
      entries.push(entry);
    });
  });
  if (groups.places) {
    map.removeLayer(groups.places);
  }

  function update() {
    var visible = 0;
    entries.forEach(function (entry) {
      var show = entry.feature.years[current.mode].indexOf(current.year) >= 0;
      var group = groups[entry.layer];
      entry.visible = show;
      entry.shapes.forEach(function (shape) {
        if (show && !group.hasLayer(shape)) { group.addLayer(shape); }
        if (!show && group.hasLayer(shape)) { group.removeLayer(shape); }
      });
      if (show) { visible += 1; }
      if (show && entry.feature.new_year !== undefined) {
        var isNew = entry.feature.new_year === current.year;
        entry.main.setStyle(isNew ? data.styles.presence_new : entry.feature.style);
      }
    });
    var summary = data.summaries[current.mode][String(current.year)];
    document.getElementById("tda-summary").textContent = summary;
    document.getElementById("tda-heading").textContent =
      data.headings[current.mode][String(current.year)];
    var container = map.getContainer();
    container.setAttribute("data-year", String(current.year));
    container.setAttribute("data-mode", current.mode);
    container.setAttribute("data-visible", String(visible));
  }

  var Slider = L.Control.extend({
    options: {position: "bottomleft"},
    onAdd: function () {
      var box = L.DomUtil.create("div", "tda-slider leaflet-bar");
      var year = L.DomUtil.create("div", "tda-slider-year", box);
      var input = L.DomUtil.create("input", "tda-slider-input", box);
      input.type = "range";
      input.min = String(data.years[0]);
      input.max = String(data.years[1]);
      input.step = "1";
      input.value = String(current.year);
      input.setAttribute("aria-label", "Year");
      var row = L.DomUtil.create("div", "tda-slider-row", box);
      var play = L.DomUtil.create("button", "tda-play", row);
      play.type = "button";
      play.textContent = "Play";
      var timer = null;
      [["cumulative", "Up to the year"], ["only", "That year only"]].forEach(function (pair) {
        var label = L.DomUtil.create("label", "tda-mode", row);
        var radio = L.DomUtil.create("input", "", label);
        radio.type = "radio";
        radio.name = "tda-mode";
        radio.value = pair[0];
        radio.checked = pair[0] === current.mode;
        label.appendChild(document.createTextNode(" " + pair[1]));
        radio.addEventListener("change", function () {
          current.mode = radio.value;
          update();
        });
      });
      function setYear(value) {
        current.year = Number(value);
        input.value = String(current.year);
        year.textContent = String(current.year);
        update();
      }
      input.addEventListener("input", function () { setYear(input.value); });
      play.addEventListener("click", function () {
        if (timer !== null) {
          window.clearInterval(timer);
          timer = null;
          play.textContent = "Play";
          return;
        }
        if (current.year >= data.years[1]) { setYear(data.years[0]); }
        play.textContent = "Pause";
        timer = window.setInterval(function () {
          if (current.year >= data.years[1]) {
            window.clearInterval(timer);
            timer = null;
            play.textContent = "Play";
            return;
          }
          setYear(current.year + 1);
        }, 900);
      });
      year.textContent = String(current.year);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }
  });

  var Legend = L.Control.extend({
    options: {position: "bottomright"},
    onAdd: function () {
      var legend = document.getElementById("tda-legend");
      legend.hidden = false;
      L.DomEvent.disableScrollPropagation(legend);
      return legend;
    }
  });

  var overlays = {};
  [["presence", "Presence"], ["spread", "Spread from Tocorón"], ["routes", "Corridors"],
   ["events", "Events"], ["places", "Places (all, undated)"]].forEach(function (pair) {
    if (groups[pair[0]]) { overlays[pair[1]] = groups[pair[0]]; }
  });
  L.control.layers(baseLayers, overlays, {collapsed: false, position: "topright"}).addTo(map);
  L.control.scale({metric: true, imperial: false}).addTo(map);
  new Slider().addTo(map);
  new Legend().addTo(map);
  map.fitBounds(data.bounds, {padding: [12, 12]});
  update();
  window.tdaMap = map;
}());
