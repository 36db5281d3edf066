/* UNESCO Sites Atlas — client-side map builders (own code, inlined by geo/maps.py).
 *
 * Every text value that comes from the data is put into the page with textContent or as an
 * attribute value set through the DOM; data never goes through innerHTML. The only HTML strings
 * built here (marker icons) contain numbers, shape names and colours that are validated again below.
 * Interface text comes with the data (data.text, from MAP_TEXT in geo/labels.py).
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
  var DANGER = "#B2182B";

  function color(value, fallback) {
    return HEX.test(value) ? value : fallback;
  }

  function shapeSvg(shape, fill, stroke, strokeWidth) {
    var body = SHAPES[shape] || SHAPES.circle;
    return (
      '<svg viewBox="0 0 20 20" aria-hidden="true" fill="' + color(fill, "#777777") + '" stroke="' +
      color(stroke, "#ffffff") + '" stroke-width="' + Number(strokeWidth) + '">' + body + "</svg>"
    );
  }
  A.shapeSvg = shapeSvg;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
      node.dir = "auto";  // Arabic names read right to left
    }
    return node;
  }

  function svgNode(shape, fill, stroke, strokeWidth) {
    var wrap = document.createElement("span");
    wrap.innerHTML = shapeSvg(shape, fill, stroke, strokeWidth); // constant markup, validated colours
    return wrap.firstChild;
  }

  A.readData = function (id) {
    return JSON.parse(document.getElementById(id).textContent);
  };

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

  /* A published JSON file (outlines, site details); rejects on an HTTP error. */
  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.statusText);
      return response.json();
    });
  }

  /* Country polygons. source: the outlines, {f: factor, c: [[iso3, name, [[ring, hole...], ...]], ...]},
   * or the URL of a JSON file holding them (fetched, so the polygons arrive after the markers);
   * styleFor(iso3) -> Leaflet path options; tooltipFor(iso3, name) -> Node or null. */
  A.countries = function (source, styleFor, tooltipFor) {
    var group = L.featureGroup();
    if (typeof source !== "string") {
      addCountries(group, source, styleFor, tooltipFor);
      return group;
    }
    fetchJson(source).then(function (data) {
      addCountries(group, data, styleFor, tooltipFor);
    }).catch(function (err) {
      if (window.console) console.warn("UNESCO Sites Atlas: no country outlines (" + source + "): " + err);
    });
    return group;
  };

  function addCountries(group, data, styleFor, tooltipFor) {
    for (var i = 0; i < data.c.length; i++) {
      var c = data.c[i];
      var latlngs = c[2].map(function (poly) {
        return poly.map(function (ring) { return decode(ring, data.f); });
      });
      var layer = L.polygon(latlngs, styleFor(c[0]));
      layer.atlasIso3 = c[0];
      layer.atlasName = c[1];
      if (tooltipFor) {
        var tip = tooltipFor(c[0], c[1]);
        if (tip) layer.bindTooltip(tip, { sticky: true, direction: "top", offset: [0, -6] });
      }
      group.addLayer(layer);
    }
  }

  A.prepareMap = function (map, opts) {
    L.DomUtil.addClass(map.getContainer(), "atlas-map");
    if (opts.sea) map.getContainer().style.background = color(opts.sea, "#d7e6ef");
    if (map.attributionControl) map.attributionControl.setPrefix(false);
  };

  /* Fit to bounds once the frame has a size (Streamlit may create the iframe hidden, e.g. in a tab). */
  A.fit = function (map, bounds, maxZoom) {
    var box = bounds || [[-58, -170], [78, 180]];
    var container = map.getContainer();
    var fitted = false;
    function tryFit() {
      if (fitted || !container.clientWidth || !container.clientHeight) return;
      fitted = true;
      map.invalidateSize({ pan: false });
      map.fitBounds(box, { padding: [24, 24], maxZoom: maxZoom, animate: false });
    }
    tryFit();
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        if (fitted) map.invalidateSize({ pan: false });
        else tryFit();
      }).observe(container);
    }
  };

  A.disclaimer = function (map, text, position) {
    var Ctl = L.Control.extend({
      options: { position: position || "bottomright" },
      onAdd: function () {
        var div = el("div", "atlas-disclaimer atlas-panel", text);
        div.setAttribute("role", "note");
        L.DomEvent.disableClickPropagation(div);
        return div;
      },
    });
    return new Ctl().addTo(map);
  };

  /* ---------------------------------------------------------------- points map */

  function fmt(n) {
    return Number(n).toLocaleString("en-US");
  }

  /* Field positions in a point row and in its details row (see geo/maps.py::_points_payload). */
  var LAT = 0, LON = 1, KIND = 2, IN_DANGER = 3, REF = 4;
  var NAME = 0, SITE = 1, CTRY = 2, YEAR = 3, PREC = 4, VERIF = 5, SUB = 6, URLP = 7, URLS = 8;

  /* Calls done(table, row) with the details of a point: from the map's data, or from the published
   * file holding them (fetched once, on the first hover or click); done(null, null) if that fails. */
  function withDetails(data, point, done) {
    var d = data.details, ref = point[REF];
    if (d.inline) {
      done(d.inline, d.inline.rows[ref] || null);
      return;
    }
    var n = Math.floor(ref / d.size), files = d.files || (d.files = {});
    if (!files[n]) {
      files[n] = fetchJson(d.url + n + ".json");
      files[n].catch(function (err) {
        delete files[n];  // the next hover or click tries again
        if (window.console) console.warn("UNESCO Sites Atlas: no site details (" + d.url + n + ".json): " + err);
      });
    }
    files[n].then(function (table) { done(table, table.rows[ref - n * d.size] || null); },
                  function () { done(null, null); });
  }
  A.details = withDetails;

  function buildPopup(data, point, table, row) {
    var kind = data.kinds[point[KIND]];
    var root = el("div", "atlas-popup");
    var head = el("div", "atlas-popup-kind");
    head.appendChild(svgNode(kind.shape, kind.color, "#ffffff", 1.5));
    var sub = row && row[SUB] != null ? table.sub[row[SUB]] : null;
    head.appendChild(el("span", null, sub ? kind.label + " · " + sub : kind.label));
    root.appendChild(head);
    var t = data.text;
    if (!row) {
      root.appendChild(el("div", "atlas-popup-note", t.noDetails));
      return root;
    }
    root.appendChild(el("div", "atlas-popup-name", row[NAME]));

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

    if (data.detailsHref && row[SITE]) {
      var details = el("a", "atlas-popup-details", t.details);
      details.href = data.detailsHref + encodeURIComponent(String(row[SITE]));
      details.target = "_blank";  // the frame may not navigate the page itself
      root.appendChild(details);
      root.appendChild(document.createTextNode(" "));
    }
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

  function select(data, row) {
    if (!data.select || !row || !row[SITE]) return;
    try {
      if (window.parent && window.parent !== window) {
        window.parent.postMessage({ type: "unesco-atlas:select", site_id: String(row[SITE]) }, "*");
      }
    } catch (err) { /* nobody listening: harmless */ }
  }

  /* One L.markerClusterGroup per designation kind, built from the compact rows. */
  A.points = function (map, data) {
    var groups = [], buckets = [], icons = [];
    data.kinds.forEach(function (kind, k) {
      buckets.push([]);
      var mk = function (stroke, width) {
        return L.divIcon({
          className: "atlas-marker atlas-k" + k, html: shapeSvg(kind.shape, kind.color, stroke, width),
          iconSize: [15, 15], iconAnchor: [7.5, 7.5], popupAnchor: [0, -6], tooltipAnchor: [0, -7],
        });
      };
      icons.push([mk("#ffffff", 1.6), mk(color(data.dangerColor, DANGER), 4.5)]);
      var textColor = color(kind.text, "#ffffff");
      groups.push(L.markerClusterGroup({
        chunkedLoading: true,
        chunkInterval: 150,
        chunkDelay: 20,
        showCoverageOnHover: false,
        spiderfyOnMaxZoom: true,
        removeOutsideVisibleBounds: true,
        maxClusterRadius: function (z) { return z < 4 ? 56 : z < 8 ? 46 : 36; },
        iconCreateFunction: function (cluster) {
          var n = cluster.getChildCount();
          var size = n < 10 ? 26 : n < 100 ? 32 : n < 1000 ? 38 : 44;
          var label = n < 10000 ? String(n) : Math.round(n / 1000) + "k";
          return L.divIcon({
            className: "atlas-cluster atlas-shape-" + (SHAPES[kind.shape] ? kind.shape : "circle") + " atlas-k" + k,
            html: shapeSvg(kind.shape, kind.color, "#ffffff", 1.4) +
              '<span class="atlas-count" style="color:' + textColor + '">' + label + "</span>",
            iconSize: [size, size],
          });
        },
      }));
    });

    var pts = data.pts;
    for (var i = 0; i < pts.length; i++) {
      var row = pts[i], k = row[KIND];
      var m = L.marker([row[LAT], row[LON]], { icon: icons[k][row[IN_DANGER] ? 1 : 0], riseOnHover: true });
      m.atlasRow = row;
      buckets[k].push(m);
    }

    groups.forEach(function (group, k) {
      group.atlasData = data;  // for A.details(group.atlasData, marker.atlasRow, done)
      group.addLayers(buckets[k]);
      // Popups and tooltips are made on the first click or hover; one made without the details
      // (their file failed) says so, and the next click or hover tries again.
      group.on("click", function (e) {
        var marker = e.layer;
        if (!marker || !marker.atlasRow) return;
        marker.closeTooltip();
        withDetails(data, marker.atlasRow, function (table, row) {
          var content = marker.atlasPopupDone ? null : buildPopup(data, marker.atlasRow, table, row);
          if (!marker.getPopup()) {  // later clicks: Leaflet toggles the bound popup itself
            marker.bindPopup(content, { maxWidth: 300, minWidth: 200, autoPanPadding: [30, 30] });
            marker.openPopup();
          } else if (content) {
            marker.setPopupContent(content);
          }
          marker.atlasPopupDone = marker.atlasPopupDone || !!row;
          select(data, row);
        });
      });
      group.on("mouseover", function (e) {
        var marker = e.layer;
        if (!marker || !marker.atlasRow || marker.atlasTooltipDone) return;
        marker.atlasHovered = true;
        withDetails(data, marker.atlasRow, function (table, row) {
          if (marker.atlasTooltipDone) return;
          var name = el("span", "atlas-tooltip-name", row ? row[NAME] : data.kinds[marker.atlasRow[KIND]].label);
          if (marker.getTooltip()) marker.setTooltipContent(name);
          else marker.bindTooltip(name, { direction: "top" });
          marker.atlasTooltipDone = !!row;
          if (marker.atlasHovered && !marker.isPopupOpen()) marker.openTooltip();
        });
      });
      group.on("mouseout", function (e) {
        if (e.layer) e.layer.atlasHovered = false;
      });
    });
    return { groups: groups, data: data };
  };

  /* A legend box: a labelled group with its title; clicks stay in it. */
  function legendPanel(title) {
    var div = el("div", "atlas-legend atlas-panel");
    div.setAttribute("role", "group");
    div.setAttribute("aria-label", title);
    L.DomEvent.disableClickPropagation(div);
    div.appendChild(el("div", "atlas-legend-title", title));
    return div;
  }

  A.pointsLegend = function (map, atlas) {
    var data = atlas.data;
    var Ctl = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var div = legendPanel(data.legendTitle);
        L.DomEvent.disableScrollPropagation(div);
        data.kinds.forEach(function (kind, k) {
          var group = atlas.groups[k];
          var row = el("div", "atlas-legend-row atlas-legend-toggle");
          row.setAttribute("data-kind", kind.key);
          row.setAttribute("role", "switch");
          row.setAttribute("tabindex", "0");
          row.setAttribute("aria-checked", "true");
          row.title = data.text.toggle;
          row.appendChild(svgNode(kind.shape, kind.color, "#ffffff", 1.6));
          row.appendChild(el("span", null, kind.label));
          row.appendChild(el("span", "atlas-legend-n", fmt(kind.n)));
          function toggle(e) {
            if (e.type === "keydown" && e.key !== "Enter" && e.key !== " ") return;
            L.DomEvent.preventDefault(e);
            if (map.hasLayer(group)) map.removeLayer(group); else map.addLayer(group);
          }
          L.DomEvent.on(row, "click keydown", toggle);
          div.appendChild(row);
          group.atlasLegendRow = row;
        });
        if (data.danger) {
          var dr = el("div", "atlas-legend-row");
          var wh = data.kinds.filter(function (kd) { return kd.key === "world_heritage"; })[0];
          dr.appendChild(svgNode(wh ? wh.shape : "circle", wh ? wh.color : "#ffffff", color(data.dangerColor, DANGER), 4.5));
          dr.appendChild(el("span", null, data.text.dangerRow));
          dr.appendChild(el("span", "atlas-legend-n", fmt(data.danger)));
          div.appendChild(dr);
        }
        div.appendChild(el("div", "atlas-legend-note", data.text.legendNote));
        if (data.missing) {
          var missing = data.missing === 1 ? data.text.missingOne : data.text.missingMany;
          div.appendChild(el("div", "atlas-legend-note", missing.replace("{n}", fmt(data.missing))));
        }
        return div;
      },
    });
    // Keep the legend in step with the layer control (and vice versa: Leaflet's control follows layeradd/remove).
    map.on("layeradd layerremove", function (e) {
      var row = e.layer && e.layer.atlasLegendRow;
      if (!row) return;
      var on = e.type === "layeradd";
      L.DomUtil[on ? "removeClass" : "addClass"](row, "atlas-off");
      row.setAttribute("aria-checked", on ? "true" : "false");
    });
    return new Ctl().addTo(map);
  };

  /* ---------------------------------------------------------------- choropleth */

  A.choropleth = function (map, countries, data) {
    var byIso = data.values;
    function styleFor(iso3) {
      var v = byIso[iso3];
      var fill = v && v[0] >= 0 ? data.classes[v[0]].color : data.noData.color;
      return { fillColor: color(fill, "#e3e1dc"), fillOpacity: 1, color: "#ffffff", weight: 0.6 };
    }
    function tooltipFor(iso3, name) {
      var v = byIso[iso3];
      var node = el("div");
      node.appendChild(el("div", "atlas-tooltip-name", name));
      node.appendChild(el("div", "atlas-tooltip-value", v ? v[1] : data.noData.label));
      return node;
    }
    var layer = A.countries(countries, styleFor, tooltipFor);
    if (data.detailsHref) {  // a click offers the country's profile
      layer.on("click", function (e) {
        var iso3 = e.layer.atlasIso3;
        var node = tooltipFor(iso3, e.layer.atlasName);
        var a = el("a", "atlas-popup-details", data.text.countryProfile);
        a.href = data.detailsHref + encodeURIComponent(String(iso3));
        a.target = "_blank";  // the frame may not navigate the page itself
        node.appendChild(a);
        L.popup().setLatLng(e.latlng).setContent(node).openOn(map);
      });
    }
    layer.on("mouseover", function (e) {
      e.layer.setStyle({ color: "#222222", weight: 1.6 });
      e.layer.bringToFront();
    });
    layer.on("mouseout", function (e) {
      e.layer.setStyle({ color: "#ffffff", weight: 0.6 });
    });
    return layer;
  };

  A.choroplethLegend = function (map, data) {
    var Ctl = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var div = legendPanel(data.title);
        data.classes.concat([data.noData]).forEach(function (c) {
          var row = el("div", "atlas-legend-row");
          var sw = el("span", "atlas-legend-swatch");
          sw.style.background = color(c.color, "#e3e1dc");
          row.appendChild(sw);
          row.appendChild(el("span", null, c.label));
          div.appendChild(row);
        });
        if (data.note) div.appendChild(el("div", "atlas-legend-note", data.note));
        return div;
      },
    });
    return new Ctl().addTo(map);
  };
})();
