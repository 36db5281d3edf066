/* UNESCO Sites Atlas — the map in the browser (own code; bundled by geo/maps.py).
 *
 * One drawing path for every map: the live map mounted in the app (static/atlas/live.js, a
 * Streamlit component) and the standalone page (a folium Map with geo.maps.AtlasLayer) both
 * call `UnescoAtlas.Atlas`, whose `update(data)` replaces the layers in place and keeps the view.
 *
 * Every text value that comes from the data is put into the page with textContent or as an
 * attribute value set through the DOM; data never goes through innerHTML. The only HTML strings
 * built here (marker icons) contain numbers, shape names and colours that are validated again below.
 * Interface text comes with the data (data.text, from MAP_TEXT in geo/labels.py); shapes and
 * colours come with the data too (geo/style.py).
 */
(function () {
  "use strict";
  var A = (window.UnescoAtlas = {});

  var HEX = /^#[0-9a-fA-F]{6}$/;
  var SHAPES = {
    circle: '<circle cx="10" cy="10" r="8"/>',
    triangle: '<path d="M10 1.2 19.2 17.6H.8Z"/>',
    square: '<rect x="2" y="2" width="16" height="16" rx="1.5"/>',
    diamond: '<path d="M10 .6 19.4 10 10 19.4.6 10Z"/>',
  };
  var GREY = "#777777";
  var WHITE = "#ffffff";

  function color(value, fallback) {
    return HEX.test(value) ? value : fallback;
  }

  function shapeSvg(shape, fill, stroke, strokeWidth) {
    var body = SHAPES[shape] || SHAPES.circle;
    return (
      '<svg viewBox="0 0 20 20" aria-hidden="true" fill="' + color(fill, GREY) + '" stroke="' +
      color(stroke, WHITE) + '" stroke-width="' + Number(strokeWidth) + '">' + body + "</svg>"
    );
  }

  /* A kind's symbol: filled (located), hollow (approximate location), ringed (in danger). */
  function symbol(kind, style, dangerColor) {
    if (style === "hollow") return shapeSvg(kind.shape, WHITE, kind.color, 4);
    if (style === "danger") return shapeSvg(kind.shape, kind.color, dangerColor, 4.5);
    return shapeSvg(kind.shape, kind.color, WHITE, 1.6);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
      node.dir = "auto";  // Arabic names read right to left
    }
    return node;
  }

  function svgNode(html) {
    var wrap = document.createElement("span");
    wrap.innerHTML = html; // constant markup, validated colours
    return wrap.firstChild;
  }

  // Numbers the way the page's language writes them (the data's "locale", e.g. "fr-u-nu-latn").
  var numberLocale = "en-US";
  function fmt(n) {
    return Number(n).toLocaleString(numberLocale);
  }

  /* Google encoded-polyline decoding (lat/lon deltas scaled by `factor`). */
  function decode(str, factor) {
    var i = 0, lat = 0, lng = 0, out = [], len = str.length;
    while (i < len) {
      var b, shift = 0, result = 0;
      do { b = str.charCodeAt(i++) - 63; result |= (b & 0x1f) << shift; shift += 5; } while (b >= 0x20);
      lat += result & 1 ? ~(result >> 1) : result >> 1;
      shift = 0; result = 0;
      do { b = str.charCodeAt(i++) - 63; result |= (b & 0x1f) << shift; shift += 5; } while (b >= 0x20);
      lng += result & 1 ? ~(result >> 1) : result >> 1;
      out.push([lat / factor, lng / factor]);
    }
    return out;
  }
  A.decode = decode;

  /* A published JSON file (outlines, site details), fetched once per address; rejects on an HTTP
   * error, and says in the console which file is missing (`what`: "no country outlines"…). */
  var fetched = {};
  function fetchJson(url, what) {
    if (!fetched[url]) {
      fetched[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      });
      fetched[url].catch(function (err) {
        delete fetched[url];  // the next use tries again
        if (window.console) console.warn("UNESCO Sites Atlas: " + what + " (" + url + "): " + err);
      });
    }
    return fetched[url];
  }

  /* ---------------------------------------------------------------- the map itself */

  /* Every live atlas map is made here (the standalone page's map is made by folium with the same
   * options, then passes through prepareMap). */
  A.createMap = function (container, options) {
    var map = L.map(container, options);
    A.prepareMap(map);
    return map;
  };

  A.prepareMap = function (map) {
    var container = map.getContainer();
    L.DomUtil.addClass(container, "atlas-map");
    if (map.attributionControl) map.attributionControl.setPrefix(false);
    /* Leaflet's keyboard handler focuses the map on a press of the mouse and then restores the
     * window's scroll, but the page scrolls inside a box (Streamlit's main area): a map partly out
     * of view jumped into view between the press and the release, and a click on a marker landed
     * on the map beside it. Focusing it first without scrolling leaves Leaflet nothing to do. */
    container.addEventListener("mousedown", function () {
      if (!container.contains(document.activeElement)) container.focus({ preventScroll: true });
    }, true);
    return map;
  };

  /* "lat,lon,zoom" → [lat, lon, zoom], or null when it is not a view. */
  A.parseView = function (text) {
    var m = /^(-?\d{1,2}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?),(\d{1,2}(?:\.\d+)?)$/.exec(String(text || ""));
    if (!m) return null;
    var v = [Number(m[1]), Number(m[2]), Number(m[3])];
    return Math.abs(v[0]) <= 90 && Math.abs(v[1]) <= 180 && v[2] <= 18 ? v : null;
  };

  /* A number rounded to `digits` decimals, written as geo/urlstate.py::clean_view writes it. */
  function short(x, digits) {
    var text = x.toFixed(digits).replace(/\.?0+$/, "");
    return text === "-0" || text === "" ? "0" : text;
  }

  /* The view as written in the address: "lat,lon,zoom", rounded to what the zoom can show. */
  A.formatView = function (map) {
    var c = map.getCenter().wrap(), z = map.getZoom();
    var digits = Math.max(1, Math.min(5, Math.ceil(z * 0.3) + 1));
    return [short(c.lat, digits), short(c.lng, digits), short(z, 2)].join(",");
  };

  /* ---------------------------------------------------------------- details of the sites */

  /* Field positions in a point row and in its details row (see geo/maps.py::_points_payload). */
  var LAT = 0, LON = 1, KIND = 2, IN_DANGER = 3, REF = 4, APPROX = 5;
  var NAME = 0, SITE = 1, CTRY = 2, YEAR = 3, PREC = 4, VERIF = 5, SUB = 6, URLP = 7, URLS = 8;

  /* Calls done(table, row) with the details of a point: from the map's data, or from the published
   * file holding them (fetched once, on the first hover or click); done(null, null) if that fails. */
  function withDetails(data, point, done) {
    var d = data.details, ref = point[REF];
    if (d.inline) {
      done(d.inline, d.inline.rows[ref] || null);
      return;
    }
    var n = Math.floor(ref / d.size);
    fetchJson(d.url + n + ".json", "no site details").then(function (table) { done(table, table.rows[ref - n * d.size] || null); },
                                       function () { done(null, null); });
  }
  A.details = withDetails;

  function approxOf(data, point) {
    return point[APPROX] != null ? data.approx[point[APPROX]] || null : null;
  }

  function buildPopup(data, point, table, row) {
    var kind = data.kinds[point[KIND]];
    var t = data.text;
    var root = el("div", "atlas-popup");
    var head = el("div", "atlas-popup-kind");
    var approx = approxOf(data, point);
    head.appendChild(svgNode(symbol(kind, approx ? "hollow" : "plain")));
    var sub = row && row[SUB] != null ? table.sub[row[SUB]] : null;
    head.appendChild(el("span", null, sub ? kind.label + " · " + sub : kind.label));
    root.appendChild(head);
    if (!row) {
      root.appendChild(el("div", "atlas-popup-note", t.noDetails));
      return root;
    }
    root.appendChild(el("div", "atlas-popup-name", row[NAME]));
    if (approx) {
      var note = el("div", "atlas-popup-approx");
      note.appendChild(el("strong", null, t.approximate));
      note.appendChild(el("span", null, " " + approx.reason));
      root.appendChild(note);
    }
    var dl = el("dl");
    function item(label, value, cls) {
      if (value === null || value === undefined || value === "") return;
      dl.appendChild(el("dt", null, label));
      dl.appendChild(el("dd", cls || null, value));
    }
    var codes = row[CTRY] ? String(row[CTRY]).split(" ") : [];
    var names = codes.map(function (c) { return table.countryNames[c] || c; });
    item(names.length > 1 ? t.countries : t.country, names.join(", "));
    item(kind.yearLabel, row[YEAR]);
    if (kind.key === "world_heritage") {
      item(t.status, point[IN_DANGER] ? t.inDanger : t.notInDanger, point[IN_DANGER] ? "atlas-danger" : null);
    }
    item(t.location, row[PREC] != null ? table.prec[row[PREC]] : null);
    item(t.verification, row[VERIF] != null ? table.verif[row[VERIF]] : null);
    root.appendChild(dl);
    if (row[URLP] != null) {
      var url = table.urlp[row[URLP]] + (row[URLS] || "");
      if (/^https?:\/\/[^\s"'<>]+$/i.test(url)) {
        var a = el("a", null, t.officialPage);
        a.href = url;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        root.appendChild(a);
      }
    }
    return root;
  }
  A.buildPopup = buildPopup;

  /* "Name — kind, countries" (or just the kind while the details are not loaded). */
  function siteLabel(data, point, table, row) {
    var kind = data.kinds[point[KIND]];
    var approx = approxOf(data, point);
    var parts = [kind.label];
    if (row) {
      var codes = row[CTRY] ? String(row[CTRY]).split(" ") : [];
      parts.push(codes.map(function (c) { return table.countryNames[c] || c; }).join(", "));
    }
    if (point[IN_DANGER]) parts.push(data.text.inDanger);
    if (approx) parts.push(data.text.approximate);
    return (row ? row[NAME] + " — " : "") + parts.filter(Boolean).join(", ");
  }

  /* ---------------------------------------------------------------- the atlas layers */

  /* The layers of one atlas map. `events.select(siteId)`, `events.country(iso3)` and
   * `events.view(text)` are called when the reader picks a site, a country, or moves the map. */
  function Atlas(map, events) {
    this.map = map;
    this.events = events || {};
    this.layers = [];      // what update() replaces
    this.controls = [];
    this.byRef = {};
    this.selected = null;
    this.outlines = null;  // kept across updates when the same
    this.outlinesKey = null;
    this.key = null;
    this.fitted = false;
    map.getContainer().atlasMap = this;  // what browser tests and the page find the atlas by
    var self = this;
    map.on("moveend", function () {
      clearTimeout(self.moved);
      self.moved = setTimeout(function () {
        if (self.gone || !map.getContainer().isConnected) return;  // the page moved on meanwhile
        var view = A.formatView(map);
        if (self.events.view && view !== self.shownView) self.events.view(view);
        self.shownView = view;
        if (self.list) self.list.refresh();
      }, 250);
    });
    map.on("layeradd", function (e) { self.labelIcon(e.layer); });
    map.on("popupopen", function (e) { fitPopup(map, e.popup); });
    map.getContainer().addEventListener("focusin", function (e) { showFocused(map, e.target); });
  }
  A.Atlas = Atlas;

  /* A marker or cluster reached with the keyboard is brought well inside the map at once, its
   * focus ring too, and to the middle if the legend or a button would cover it (Leaflet's own
   * pan on focus, turned off below, stops at the map's edge and is animated: the ring could be
   * cut off, and a marker just outside the map stayed there). */
  var FOCUS_MARGIN = 24;
  L.Marker.mergeOptions({ autoPanOnFocus: false });
  function showFocused(map, target) {
    if (!target.classList || !target.classList.contains("leaflet-marker-icon")) return;
    if (!target.matches(":focus-visible")) return;  // a click's focus: moving now would lose the click
    var container = map.getContainer();
    container.scrollTop = container.scrollLeft = 0;  // the browser's own scroll to the focus (Leaflet undoes it later)
    var box = container.getBoundingClientRect(), r = target.getBoundingClientRect();
    function shift(lo, hi, min, max) {
      return lo < min + FOCUS_MARGIN ? lo - min - FOCUS_MARGIN : hi > max - FOCUS_MARGIN ? hi - max + FOCUS_MARGIN : 0;
    }
    var dx = shift(r.left, r.right, box.left, box.right), dy = shift(r.top, r.bottom, box.top, box.bottom);
    var x = (r.left + r.right) / 2 - dx, y = (r.top + r.bottom) / 2 - dy;
    var over = document.elementFromPoint(Math.max(0, x), Math.max(0, y));
    if (over && over.closest(".leaflet-control")) {  // under the legend or a button: to the middle
      dx = (r.left + r.right) / 2 - (box.left + box.right) / 2;
      dy = (r.top + r.bottom) / 2 - (box.top + box.bottom) / 2;
    }
    if (dx || dy) map.panBy([dx, dy], { animate: false });
  }

  /* Replace the layers with `data`'s, keeping the view (unless nothing would be left in it). */
  Atlas.prototype.update = function (data, view) {
    var map = this.map;
    if (data.key && data.key === this.key) {
      this.select(data.selected, false);
      return;
    }
    this.key = data.key || null;
    this.data = data;
    if (data.locale) numberLocale = data.locale;
    this.clear();
    map.getContainer().setAttribute("aria-label", data.mapLabel || "");
    if (this.description) this.description.textContent = data.summary || "";
    var outlines = this.outlines;
    if (data.kind === "choropleth") this.drawChoropleth(data);
    else {
      this.setOutlines(data, landPainter(data.landStyle));
      this.drawPoints(data);
    }
    this.setBase(data.kind === "choropleth" ? null : data.base, outlines !== this.outlines);
    this.addControl(fitControl(this));
    var atView = false;
    if (!this.fitted) {
      this.fitted = true;
      atView = !!view;
      if (view) map.setView([view[0], view[1]], view[2], { animate: false });
      else this.fit(false);
      this.shownView = A.formatView(map);  // the view it opens at is not the reader's choice
    } else if (!this.anyInView()) {
      this.fit(false);
    }
    if (this.list) this.list.refresh();
    this.updates = (this.updates || 0) + 1;
    map.getContainer().setAttribute("data-atlas-updates", String(this.updates));
    if (data.kind !== "choropleth") this.select(data.selected, atView);
  };

  Atlas.prototype.clear = function () {
    var map = this.map;
    this.layers.forEach(function (layer) { map.removeLayer(layer); });
    this.controls.forEach(function (ctl) { map.removeControl(ctl); });
    this.layers = [];
    this.controls = [];
    this.byRef = {};
    map.closePopup();
  };

  /* The offline base map and the online tiles (basemap.js), under the points: kept across updates
   * with the same options, made again when they change or the country outlines under them do
   * (online tiles take the outlines off). */
  Atlas.prototype.setBase = function (base, outlinesChanged) {
    var key = base ? JSON.stringify(base) : null;
    if (key === this.baseKey && !outlinesChanged) return;
    if (this.base) this.base.remove();
    this.base = null;
    this.baseKey = key;
    if (base && A.addBaseLayers) this.base = A.addBaseLayers(this.map, base, this.outlines ? [this.outlines] : []);
  };

  Atlas.prototype.addLayer = function (layer) {
    this.layers.push(layer);
    this.map.addLayer(layer);
    return layer;
  };

  Atlas.prototype.addControl = function (ctl) {
    this.controls.push(ctl);
    this.map.addControl(ctl);
    return ctl;
  };

  /* The data's extent (or its explicit `fit` box), within `maxFitZoom`. */
  Atlas.prototype.fit = function (animate) {
    var d = this.data, box = d.fit || d.bounds || [[-58, -170], [78, 180]];
    var map = this.map, size = map.getSize();
    if (!size.x || !size.y) map.invalidateSize({ pan: false });
    map.fitBounds(box, { padding: [24, 24], maxZoom: d.maxFitZoom || 7, animate: !!animate });
  };

  Atlas.prototype.anyInView = function () {
    var d = this.data, bounds = this.map.getBounds();
    if (d.kind === "choropleth" || !d.pts.length) return true;
    for (var i = 0; i < d.pts.length; i++) {
      if (bounds.contains([d.pts[i][LAT], d.pts[i][LON]])) return true;
    }
    return false;
  };

  /* Country outlines, kept while the next data uses the same file in the same mode:
   * plain land under the points, or the shaded countries. `paint(polygon)` styles each one. */
  Atlas.prototype.setOutlines = function (data, paint) {
    var source = data.outlines, shaded = data.kind === "choropleth";
    var key = (typeof source === "string" ? source : JSON.stringify(source)) + "|" + shaded;
    this.paint = paint;
    if (this.outlines && this.outlinesKey === key) {
      this.outlines.eachLayer(paint);
      return;
    }
    if (this.outlines) this.map.removeLayer(this.outlines);
    this.outlines = null;
    this.outlinesKey = key;
    if (!source) return;
    var group = (this.outlines = L.featureGroup());
    this.map.addLayer(group);
    var self = this;
    if (shaded) {
      group.on("click", function (e) { self.countryClicked(e); });
      group.on("mouseover", function (e) {
        e.layer.setStyle({ color: "#222222", weight: 1.6 });
        e.layer.bringToFront();
      });
      group.on("mouseout", function (e) { e.layer.setStyle({ color: WHITE, weight: 0.6 }); });
    }
    var add = function (outlines) {
      if (self.outlines !== group) return;
      addCountries(group, outlines, shaded);
      group.eachLayer(function (layer) { self.paint(layer); });
      group.bringToBack();
    };
    if (typeof source === "string") fetchJson(source, "no country outlines").then(add, function () {});
    else add(source);
  };

  function addCountries(group, data, interactive) {
    for (var i = 0; i < data.c.length; i++) {
      var c = data.c[i];
      var latlngs = c[2].map(function (poly) {
        return poly.map(function (ring) { return decode(ring, data.f); });
      });
      var layer = L.polygon(latlngs, { interactive: interactive });
      layer.atlasIso3 = c[0];
      layer.atlasName = c[1];
      group.addLayer(layer);
    }
  }

  /* Land under the points: the highlighted country (a country profile) stands out. */
  function landPainter(styles) {
    return function (layer) {
      var iso3 = layer.atlasIso3;
      layer.setStyle(styles.hl ? (iso3 === styles.hl ? styles.focus : styles.other) : styles.land);
    };
  }

  /* ---------------------------------------------------------------- points */

  Atlas.prototype.drawPoints = function (data) {
    var self = this, map = this.map;
    var danger = color(data.dangerColor, "#B2182B");
    var groups = data.kinds.map(function (kind, k) {
      var mk = function (style) {
        return L.divIcon({
          className: "atlas-marker atlas-k" + k, html: symbol(kind, style, danger),
          iconSize: [15, 15], iconAnchor: [7.5, 7.5], popupAnchor: [0, -6], tooltipAnchor: [0, -7],
        });
      };
      kind.icons = { plain: mk("plain"), danger: mk("danger"), hollow: mk("hollow") };
      var textColor = color(kind.text, WHITE);
      var group = L.markerClusterGroup({
        chunkedLoading: true, chunkInterval: 150, chunkDelay: 20,
        showCoverageOnHover: false, spiderfyOnMaxZoom: true, removeOutsideVisibleBounds: true,
        maxClusterRadius: function (z) { return z < 4 ? 56 : z < 8 ? 46 : 36; },
        iconCreateFunction: function (cluster) {
          var n = cluster.getChildCount();
          var size = n < 10 ? 26 : n < 100 ? 32 : n < 1000 ? 38 : 44;
          var label = n < 10000 ? String(n) : Math.round(n / 1000) + "k";
          return L.divIcon({
            className: "atlas-cluster atlas-shape-" + (SHAPES[kind.shape] ? kind.shape : "circle") + " atlas-k" + k,
            html: shapeSvg(kind.shape, kind.color, WHITE, 1.4) +
              '<span class="atlas-count" aria-hidden="true" style="color:' + textColor + '">' + label + "</span>",
            iconSize: [size, size],
          });
        },
      });
      return group;
    });
    var buckets = data.kinds.map(function () { return []; });
    data.pts.forEach(function (row) {
      var kind = data.kinds[row[KIND]];
      var style = row[APPROX] != null ? "hollow" : row[IN_DANGER] ? "danger" : "plain";
      var m = L.marker([row[LAT], row[LON]], { icon: kind.icons[style], riseOnHover: true, keyboard: true });
      m.atlasRow = row;
      self.byRef[row[REF]] = m;
      buckets[row[KIND]].push(m);
    });
    groups.forEach(function (group, k) {
      group.addLayers(buckets[k]);
      self.addLayer(group);
      group.on("click", function (e) {
        if (e.layer && e.layer.atlasRow) self.openSite(e.layer, true);
      });
      group.on("mouseover", function (e) { self.hover(e.layer); });
      group.on("mouseout", function (e) { if (e.layer) e.layer.atlasHovered = false; });
    });
    this.groups = groups;
    this.addControl(pointsLegend(this, data, groups));
  };

  /* Open a marker's popup; `fromReader`: the reader picked it here (tell the app). */
  Atlas.prototype.openSite = function (marker, fromReader, keepView) {
    var self = this, data = this.data, row = marker.atlasRow;
    marker.closeTooltip();
    this.highlight(row[REF]);
    withDetails(data, row, function (table, details) {
      if (self.data !== data) return;
      var content = buildPopup(data, row, table, details);
      if (marker.getPopup()) marker.setPopupContent(content);
      else marker.bindPopup(content, { maxWidth: 300, minWidth: 180, autoPanPadding: [16, 16] });
      marker.getPopup().options.autoPan = !keepView;  // a shared view is not moved by its popup
      if (!marker.isPopupOpen()) marker.openPopup();
      if (fromReader && details && details[SITE]) {
        self.selected = String(details[SITE]);
        if (self.events.select) self.events.select(self.selected);
      }
    });
  };

  Atlas.prototype.hover = function (marker) {
    if (!marker || !marker.atlasRow || marker.atlasTooltipDone) return;
    var data = this.data;
    marker.atlasHovered = true;
    withDetails(data, marker.atlasRow, function (table, row) {
      if (marker.atlasTooltipDone) return;
      var name = el("span", "atlas-tooltip-name", row ? row[NAME] : data.kinds[marker.atlasRow[KIND]].label);
      if (marker.getTooltip()) marker.setTooltipContent(name);
      else marker.bindTooltip(name, { direction: "top" });
      marker.atlasTooltipDone = !!row;
      if (marker.atlasHovered && !marker.isPopupOpen()) marker.openTooltip();
    });
  };

  /* Mark one marker as the selected site (and keep the mark when clusters redraw it). */
  Atlas.prototype.highlight = function (ref) {
    var old = this.byRef[this.highlighted];
    this.highlighted = ref;
    if (old && old.getElement()) L.DomUtil.removeClass(old.getElement(), "atlas-selected");
    var m = this.byRef[ref];
    if (m && m.getElement()) L.DomUtil.addClass(m.getElement(), "atlas-selected");
  };

  /* Highlight the site `selected` ({site, ref}) and, when it is newly selected, show it: zoom to
   * its marker and open its popup. With `keepView` (the map opens at a shared view) the view
   * stays: the popup opens only if the marker is on screen, not inside a cluster. */
  Atlas.prototype.select = function (selected, keepView) {
    if (!selected) {
      this.selected = null;
      this.highlight(null);
      return;
    }
    var isNew = selected.site !== this.selected;
    this.selected = selected.site;
    var marker = this.byRef[selected.ref];
    if (!marker) return;
    this.highlight(selected.ref);
    if (!isNew) return;
    var self = this;
    var group = this.groups[marker.atlasRow[KIND]];
    if (!this.map.hasLayer(group)) this.map.addLayer(group);
    if (!keepView) group.zoomToShowLayer(marker, function () { self.openSite(marker, false); });
    else if (group.getVisibleParent(marker) === marker && this.map.getBounds().contains(marker.getLatLng())) {
      this.openSite(marker, false, true);
    }
  };

  /* Accessible names for markers and clusters, as they are drawn. */
  Atlas.prototype.labelIcon = function (layer) {
    if (!layer || !layer.getElement || !layer.getElement()) return;
    var icon = layer.getElement(), data = this.data;
    if (layer.atlasRow) {
      var row = layer.atlasRow;
      icon.setAttribute("aria-label", siteLabel(data, row, null, null));
      if (row[REF] === this.highlighted) L.DomUtil.addClass(icon, "atlas-selected");
      withDetailsIfLoaded(data, row, function (table, details) {
        icon.setAttribute("aria-label", siteLabel(data, row, table, details));
      });
    } else if (layer instanceof L.MarkerCluster) {
      var k = /atlas-k(\d+)/.exec(icon.className);
      var kind = k && data.kinds[Number(k[1])];
      if (kind) icon.setAttribute("aria-label", data.text.cluster.replace("{n}", fmt(layer.getChildCount())).replace("{kind}", kind.plural));
    }
  };

  /* Like withDetails, but only from a table already in the page or already fetched. */
  function withDetailsIfLoaded(data, point, done) {
    var d = data.details;
    if (d.inline) return withDetails(data, point, done);
    var url = d.url + Math.floor(point[REF] / d.size) + ".json";
    if (fetched[url]) withDetails(data, point, done);
  }

  /* ---------------------------------------------------------------- controls */

  function button(className, text, title) {
    var b = el("button", className, text);
    b.type = "button";
    if (title) b.title = title;
    return b;
  }

  /* "Fit to results": back to the extent of what the filters select. */
  function fitControl(atlas) {
    var Ctl = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var div = el("div", "leaflet-bar atlas-fit");
        var b = button("atlas-fit-button", atlas.data.text.fit, atlas.data.text.fitTitle);
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.on(b, "click", function () { atlas.fit(true); });
        div.appendChild(b);
        return div;
      },
    });
    return new Ctl();
  }

  /* A legend box: a labelled group whose title folds it away (folded at first on narrow maps). */
  function legendPanel(map, title) {
    var div = el("div", "atlas-legend atlas-panel");
    div.setAttribute("role", "group");
    div.setAttribute("aria-label", title);
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    var head = button("atlas-legend-title", title);
    var body = el("div", "atlas-legend-body");
    var open = map.getSize().x >= 520;
    function show(on) {
      open = on;
      head.setAttribute("aria-expanded", on ? "true" : "false");
      L.DomUtil[on ? "removeClass" : "addClass"](div, "atlas-folded");
    }
    L.DomEvent.on(head, "click", function () { show(!open); });
    show(open);
    div.appendChild(head);
    div.appendChild(body);
    return { div: div, body: body };
  }

  function pointsLegend(atlas, data, groups) {
    var map = atlas.map, t = data.text;
    var danger = color(data.dangerColor, "#B2182B");
    var Ctl = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var panel = legendPanel(map, data.legendTitle);
        data.kinds.forEach(function (kind, k) {
          var group = groups[k];
          var row = button("atlas-legend-row atlas-legend-toggle");
          row.setAttribute("data-kind", kind.key);
          row.setAttribute("aria-pressed", "true");
          row.title = t.toggle;
          row.appendChild(svgNode(symbol(kind, "plain")));
          row.appendChild(el("span", null, kind.label));
          row.appendChild(el("span", "atlas-legend-n", fmt(kind.n)));
          L.DomEvent.on(row, "click", function () {
            var on = !map.hasLayer(group);
            if (on) map.addLayer(group); else map.removeLayer(group);
            L.DomUtil[on ? "removeClass" : "addClass"](row, "atlas-off");
            row.setAttribute("aria-pressed", on ? "true" : "false");
            if (atlas.list) atlas.list.refresh();
          });
          panel.body.appendChild(row);
        });
        var wh = data.kinds.filter(function (kd) { return kd.key === "world_heritage"; })[0];
        if (data.danger) {
          var dr = el("div", "atlas-legend-row");
          dr.appendChild(svgNode(symbol(wh || { shape: "circle", color: WHITE }, "danger", danger)));
          dr.appendChild(el("span", null, t.dangerRow));
          dr.appendChild(el("span", "atlas-legend-n", fmt(data.danger)));
          panel.body.appendChild(dr);
        }
        if (data.approxCount) {
          var ar = el("div", "atlas-legend-row");
          ar.appendChild(svgNode(symbol({ shape: "circle", color: "#555555" }, "hollow")));
          ar.appendChild(el("span", null, t.approxRow));
          ar.appendChild(el("span", "atlas-legend-n", fmt(data.approxCount)));
          panel.body.appendChild(ar);
        }
        panel.body.appendChild(el("div", "atlas-legend-note", t.legendNote));
        if (data.missing) {
          panel.body.appendChild(el("div", "atlas-legend-note", data.missingText));
        }
        return panel.div;
      },
    });
    return new Ctl();
  }

  /* Keep a popup inside a narrow map: no wider than the map, then panned into view. */
  function fitPopup(map, popup) {
    var width = map.getSize().x;
    var max = Math.max(160, Math.min(300, width - 56));
    if (popup.options.maxWidth !== max) {
      popup.options.maxWidth = max;
      popup.options.minWidth = Math.min(popup.options.minWidth || 0, max);
      popup.update();
    }
  }

  /* ---------------------------------------------------------------- the list of sites in view */

  /* A folded list under the map naming the sites in view (for screen readers, and anyone):
   * each entry a button that shows the site on the map. */
  function SitesList(atlas, parent) {
    this.atlas = atlas;
    var box = el("details", "atlas-list");
    this.summary = el("summary", "atlas-list-summary");
    this.items = el("ul", "atlas-list-items");
    box.appendChild(this.summary);
    box.appendChild(this.items);
    parent.appendChild(box);
    this.box = box;
    var self = this;
    box.addEventListener("toggle", function () { self.refresh(); });
  }

  SitesList.prototype.refresh = function () {
    var atlas = this.atlas, data = atlas.data;
    if (!data) return;
    var t = data.text;
    if (data.kind === "choropleth") {
      this.box.hidden = true;
      return;
    }
    this.box.hidden = false;
    var bounds = atlas.map.getBounds(), map = atlas.map;
    var inView = data.pts.filter(function (p) {
      return map.hasLayer(atlas.groups[p[KIND]]) && bounds.contains([p[LAT], p[LON]]);
    });
    this.summary.textContent = t.listSummary.replace("{n}", fmt(inView.length));
    var items = this.items;
    if (!this.box.open) {
      items.textContent = "";
      return;
    }
    var shown = inView.slice(0, data.listMax || 200);
    var token = (this.token = {});
    var self = this;
    var pending = shown.length;
    var entries = [];
    if (!pending) items.textContent = "";
    shown.forEach(function (p, i) {
      withDetails(data, p, function (table, row) {
        if (self.token !== token) return;
        entries[i] = { point: p, label: siteLabel(data, p, table, row), name: row ? row[NAME] : "" };
        if (--pending) return;
        entries.sort(function (a, b) { return a.name.localeCompare(b.name); });
        items.textContent = "";
        entries.forEach(function (entry) {
          var li = el("li");
          var b = button("atlas-list-site", entry.label);
          b.addEventListener("click", function () {
            var marker = atlas.byRef[entry.point[REF]];
            if (!marker) return;
            atlas.groups[entry.point[KIND]].zoomToShowLayer(marker, function () {
              atlas.openSite(marker, true);
              if (marker.getElement()) marker.getElement().focus();
            });
          });
          li.appendChild(b);
          items.appendChild(li);
        });
        if (inView.length > shown.length) {
          items.appendChild(el("li", "atlas-list-more", t.listMore.replace("{n}", fmt(inView.length - shown.length))));
        }
      });
    });
  };

  /* ---------------------------------------------------------------- choropleth */

  Atlas.prototype.drawChoropleth = function (data) {
    var byIso = data.values;
    this.setOutlines(data, function (layer) {
      var v = byIso[layer.atlasIso3];
      var fill = v && v[0] >= 0 ? data.classes[v[0]].color : data.noData.color;
      layer.setStyle({ fillColor: color(fill, "#e3e1dc"), fillOpacity: 1, color: WHITE, weight: 0.6 });
      var tip = countryTip(data, layer);
      if (layer.getTooltip()) layer.setTooltipContent(tip);
      else layer.bindTooltip(tip, { sticky: true, direction: "top", offset: [0, -6] });
    });
    this.addControl(choroplethLegend(this.map, data));
  };

  function countryTip(data, layer) {
    var v = data.values[layer.atlasIso3];
    var node = el("div");
    node.appendChild(el("div", "atlas-tooltip-name", layer.atlasName));
    node.appendChild(el("div", "atlas-tooltip-value", v ? v[1] : data.noData.label));
    return node;
  }

  /* A click on a shaded country: the app opens its profile; a standalone map says its figure. */
  Atlas.prototype.countryClicked = function (e) {
    if (this.events.country) {
      this.events.country(e.layer.atlasIso3);
      return;
    }
    L.popup().setLatLng(e.latlng).setContent(countryTip(this.data, e.layer)).openOn(this.map);
  };

  function choroplethLegend(map, data) {
    var Ctl = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var panel = legendPanel(map, data.title);
        data.classes.concat([data.noData]).forEach(function (c) {
          var row = el("div", "atlas-legend-row");
          var sw = el("span", "atlas-legend-swatch");
          sw.style.background = color(c.color, "#e3e1dc");
          row.appendChild(sw);
          row.appendChild(el("span", null, c.label));
          panel.body.appendChild(row);
        });
        if (data.note) panel.body.appendChild(el("div", "atlas-legend-note", data.note));
        return panel.div;
      },
    });
    return new Ctl();
  }

  /* ---------------------------------------------------------------- pages around the map */

  /* The frame of an atlas map: a region named by `data.mapLabel`, described by `data.summary`,
   * with the map, a one-line disclaimer under it (covering nothing) and the list of sites in view. */
  function frame(parent, data) {
    var region = el("section", "atlas-frame");
    region.setAttribute("aria-label", data.mapLabel || "");
    var description = el("p", "atlas-summary", data.summary || "");
    description.id = "atlas-summary-" + Math.random().toString(36).slice(2, 10);
    var box = el("div", "atlas-map-box");
    region.appendChild(description);
    region.appendChild(box);
    region.appendChild(el("p", "atlas-disclaimer", data.disclaimer));
    parent.appendChild(region);
    return { region: region, box: box, description: description };
  }

  /* The live map: made on the first call, updated in place on the next ones. */
  A.live = function (parent, data, events, view) {
    var atlas = parent.atlasLive;
    if (!atlas) {
      var f = frame(parent, data);
      f.box.style.height = (data.height || 600) + "px";
      var map = A.createMap(f.box, data.mapOptions);
      map.getContainer().setAttribute("aria-describedby", f.description.id);
      map.attributionControl.addAttribution(data.attribution);
      atlas = parent.atlasLive = new Atlas(map, events);
      atlas.description = f.description;
      atlas.list = new SitesList(atlas, f.region);
    }
    atlas.events = events;
    atlas.update(data, view);
    return atlas;
  };

  A.unmount = function (parent) {
    if (parent.atlasLive) {
      // the view a move reports a moment later (a click that leaves the page) would read panes gone
      clearTimeout(parent.atlasLive.moved);
      parent.atlasLive.gone = true;
      parent.atlasLive.map.stop();
      parent.atlasLive.map.remove();
      parent.atlasLive = null;
      parent.textContent = "";
    }
  };

  /* The standalone page: `map` made by folium; the frame goes around its container. */
  A.standalone = function (map, data) {
    A.prepareMap(map);
    var container = map.getContainer();
    var f = frame(container.parentNode, data);
    container.parentNode.insertBefore(f.region, container);
    f.box.appendChild(container);
    L.DomUtil.addClass(f.region, "atlas-standalone");
    map.invalidateSize({ pan: false });
    map.getContainer().setAttribute("aria-describedby", f.description.id);
    map.attributionControl.addAttribution(data.attribution);
    var atlas = new Atlas(map, {});
    atlas.description = f.description;
    atlas.list = new SitesList(atlas, f.region);
    atlas.update(data, data.view);
    return atlas;
  };
})();
