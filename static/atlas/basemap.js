/* UNESCO Sites Atlas — the offline base map: places, provinces, rivers, lakes and seas (own code).
 *
 * One entry point, UnescoAtlas.addBaseLayers(map, opts, offline), called once the map's markers
 * are added (geo/basemap.py makes opts). The layers come in zoom bands (opts.bands: [{zoom: [lo, hi],
 * url | data}]); the band of the current zoom is fetched once the first markers are painted, so it
 * never delays them, and kept for the rest of the page's life. Shapes and names go to
 * their own panes between the country polygons (overlayPane, 400) and the markers (markerPane, 600):
 * markers always draw above them. Names are placed greedily, most important first; one that would
 * overlap a name already placed is left out. Names come from the data and go into the page with
 * textContent only.
 *
 * With opts.tiles ({url, attribution}) an online tile layer goes under everything; once a tile has
 * loaded, the offline layers (these and the `offline` ones given, e.g. the country polygons) are
 * taken off. If no tile loads (an error, or nothing within TILE_WAIT_MS) the tiles are removed,
 * the map says so once (opts.text.tilesUnavailable), and the offline layers stay.
 *
 * The state it returns has remove(): the base map off again (the live map changes base or mode).
 */
(function () {
  "use strict";
  var A = (window.UnescoAtlas = window.UnescoAtlas || {});

  var PANES = { atlasBaseFill: 410, atlasBaseLines: 420, atlasBaseLabels: 450 };
  var TILE_WAIT_MS = 8000, MARKER_WAIT_MS = 3000;
  var WATER = "#9cc3dd", WATER_LINE = "#6fa3c7", PROVINCE = "#a49b8a";
  var FONT = "12px system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif";
  var LABEL_HEIGHT = 16, PAD = 3, DOT = 4;  // px: a name's line, the gap kept between names, dot offset

  /* atlas.js (loaded first, in the bundle and in standalone maps) decodes the lines. */
  function decode(str, factor) {
    return window.UnescoAtlas.decode(str, factor);
  }

  var measure = (function () {
    var ctx = document.createElement("canvas").getContext("2d");
    return function (text, bold) {
      ctx.font = (bold ? "600 " : "") + FONT;
      return Math.ceil(ctx.measureText(text).width) + 2;
    };
  })();

  /* Once the map's first markers are in the page (or MARKER_WAIT_MS passed without any), after the
   * frame that paints them, off the current task: the base map never competes with them. */
  function afterMarkers(map, fn) {
    var raf = window.requestAnimationFrame || function (f) { return setTimeout(f, 16); };
    var start = Date.now(), pane = map.getPane("markerPane");
    (function check() {
      if (pane.firstChild || Date.now() - start > MARKER_WAIT_MS) raf(function () { setTimeout(fn, 0); });
      else raf(check);
    })();
  }

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.statusText);
      return response.json();
    });
  }

  /* A band's drawable parts: shapes [{zoom, layer}] and name candidates [{zoom, lat, lng, ...}]. */
  function buildBand(data, lang) {
    var f = data.f, shapes = [], names = [];
    function lines(rows, style) {
      rows.forEach(function (row) {
        var latlngs = row[1].map(function (line) { return decode(line, f); });
        shapes.push({ zoom: row[0], layer: L.polyline(latlngs, style) });
      });
    }
    data.lakes.forEach(function (row) {
      var latlngs = row[1].map(function (poly) { return poly.map(function (ring) { return decode(ring, f); }); });
      shapes.push({ zoom: row[0], layer: L.polygon(latlngs, {
        pane: "atlasBaseFill", interactive: false, fillColor: WATER, fillOpacity: 1, color: WATER_LINE, weight: 0.6 }) });
    });
    lines(data.provinces, { pane: "atlasBaseLines", interactive: false, color: PROVINCE, weight: 0.8, dashArray: "4 3" });
    lines(data.rivers, { pane: "atlasBaseLines", interactive: false, color: WATER_LINE, weight: 1.1 });
    data.places.forEach(function (p) {  // [lat, lon, zoom, capital, [en, fr, es, ru, zh]]
      var text = p[4][lang] || p[4][0];
      names.push({ lat: p[0], lng: p[1], zoom: p[2], rank: p[2] * 10 - (p[3] ? 5 : 0), text: text,
                   kind: p[3] ? "capital" : "place", dot: true, width: measure(text, p[3]) + DOT * 2 + 2 });
    });
    data.names.forEach(function (n) {  // [lat, lon, zoom, kind, name, name_fr]
      var text = lang === 1 && n[5] ? n[5] : n[4];
      names.push({ lat: n[0], lng: n[1], zoom: n[2], rank: n[2] * 10 + 1, text: text, kind: n[3],
                   dot: false, width: measure(text, false) });
    });
    names.sort(function (a, b) { return a.rank - b.rank; });
    return { shapes: shapes, names: names };
  }

  function labelMarker(name) {
    var div = document.createElement("div");
    if (name.dot) div.appendChild(document.createElement("span")).className = "atlas-base-dot";
    var span = div.appendChild(document.createElement("span"));
    span.className = "atlas-base-text";
    span.textContent = name.text;
    div.dir = "auto";
    var anchor = name.dot ? [DOT, LABEL_HEIGHT / 2] : [name.width / 2, LABEL_HEIGHT / 2];
    return L.marker([name.lat, name.lng], {
      pane: "atlasBaseLabels", interactive: false, keyboard: false,
      icon: L.divIcon({ className: "atlas-base-label atlas-base-" + name.kind, html: div,
                        iconSize: [name.width, LABEL_HEIGHT], iconAnchor: anchor }),
    });
  }

  /* Shows the band's shapes from their zoom and the names that fit, most important first. */
  function draw(map, band, shapesGroup, namesGroup) {
    var zoom = map.getZoom(), size = map.getSize(), placed = [];
    band.shapes.forEach(function (s) {
      var on = zoom >= s.zoom;
      if (on !== shapesGroup.hasLayer(s.layer)) { if (on) shapesGroup.addLayer(s.layer); else shapesGroup.removeLayer(s.layer); }
    });
    band.names.forEach(function (n) {
      var show = false;
      if (zoom >= n.zoom) {
        var p = map.latLngToContainerPoint([n.lat, n.lng]);
        var left = n.dot ? p.x - DOT : p.x - n.width / 2, top = p.y - LABEL_HEIGHT / 2;
        var box = [left - PAD, top - PAD, left + n.width + PAD, top + LABEL_HEIGHT + PAD];
        if (box[2] > 0 && box[3] > 0 && box[0] < size.x && box[1] < size.y) {
          show = !placed.some(function (o) { return box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]; });
          if (show) placed.push(box);
        }
      }
      if (show && !n.marker) n.marker = labelMarker(n);
      if (n.marker && show !== namesGroup.hasLayer(n.marker)) {
        if (show) namesGroup.addLayer(n.marker); else namesGroup.removeLayer(n.marker);
      }
    });
  }

  function notice(map, text) {
    var Ctl = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var div = document.createElement("div");
        div.className = "atlas-base-notice atlas-panel";
        div.setAttribute("role", "status");
        div.textContent = String(text);
        L.DomEvent.disableClickPropagation(div);
        return div;
      },
    });
    return new Ctl().addTo(map);
  }

  A.addBaseLayers = function (map, opts, offline) {
    Object.keys(PANES).forEach(function (name) {
      if (!map.getPane(name)) map.createPane(name).style.zIndex = PANES[name];
    });
    map.getPane("atlasBaseLabels").style.pointerEvents = "none";
    var shapesGroup = L.layerGroup().addTo(map), namesGroup = L.layerGroup().addTo(map);
    var bands = opts.bands.map(function (b) { return { zoom: b.zoom, url: b.url, data: b.data, built: null, loading: null }; });
    var shown = null, tilesOn = false, removed = false;
    var state = { bands: bands, shapes: shapesGroup, names: namesGroup };

    function bandFor(zoom) {
      for (var i = 0; i < bands.length; i++) if (zoom >= bands[i].zoom[0] && zoom < bands[i].zoom[1]) return bands[i];
      return bands[bands.length - 1];
    }

    function show(band) {
      if (removed || tilesOn || bandFor(map.getZoom()) !== band) return;
      if (shown !== band) {
        shapesGroup.clearLayers();
        namesGroup.clearLayers();
        shown = band;
      }
      draw(map, band.built, shapesGroup, namesGroup);
    }

    function update() {
      if (removed || tilesOn) return;
      var band = bandFor(map.getZoom());
      if (band.built) return show(band);
      if (band.data) { band.built = buildBand(band.data, opts.lang); return show(band); }
      if (!band.loading) {
        band.loading = fetchJson(band.url).then(function (data) {
          band.built = buildBand(data, opts.lang);
          show(band);
        }).catch(function (err) {
          band.loading = null;  // the next zoom or pan tries again
          if (window.console) console.warn("UNESCO Sites Atlas: no base map layers (" + band.url + "): " + err);
        });
      }
    }

    afterMarkers(map, function () {
      update();
      map.on("zoomend moveend", update);
    });

    if (opts.tiles) {
      var tiles = L.tileLayer(opts.tiles.url, { attribution: opts.tiles.attribution, maxZoom: 19 });
      var loaded = false, failed = false, zooming = false;
      var onZoomStart = function () { zooming = true; }, onZoomEnd = function () { zooming = false; };
      map.on("zoomstart", onZoomStart);
      map.on("zoomend", onZoomEnd);
      var takeOff = function () {
        map.off("zoomstart", onZoomStart);
        map.off("zoomend", onZoomEnd);
        if (removed) return;
        map.removeLayer(tiles);
        state.notice = notice(map, opts.text.tilesUnavailable);
      };
      var fail = function () {
        if (loaded || failed || removed) return;
        failed = true;
        // Taking a tile layer off inside its own tileerror event, or while the map zooms, makes
        // Leaflet read the position of tiles already gone: take it off once the map is at rest.
        setTimeout(function () { if (zooming) map.once("zoomend", takeOff); else takeOff(); }, 0);
      };
      tiles.on("tileload", function () {
        if (loaded || failed) return;
        loaded = true;
        tilesOn = true;
        [shapesGroup, namesGroup].concat(offline || []).forEach(function (layer) { if (layer) map.removeLayer(layer); });
      });
      tiles.on("tileerror", fail);
      setTimeout(fail, TILE_WAIT_MS);
      tiles.addTo(map);
      state.tiles = tiles;
    }
    state.remove = function () {
      removed = true;
      map.off("zoomend moveend", update);
      [shapesGroup, namesGroup, state.tiles, state.notice].forEach(function (layer) { if (layer) layer.remove(); });
      if (map.atlasBase === state) map.atlasBase = null;
    };
    map.atlasBase = state;  // for tests and the page's own scripts
    return state;
  };
})();
