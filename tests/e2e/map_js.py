"""Scripts the e2e tests run inside a map frame to find markers (shared by the test modules)."""

# The icon of the marker named ``name`` (its details may come from a file), zoomed into view.
OPEN_POPUP = """name => new Promise((resolve, reject) => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  map.closePopup();
  const hits = [];
  map.eachLayer(g => {
    if (!(g instanceof L.MarkerClusterGroup)) return;
    g.eachLayer(m => { if (m.atlasRow) hits.push(new Promise(ok => UnescoAtlas.details(g.atlasData, m.atlasRow,
      (table, row) => ok(row && row[0] === name ? [g, m] : null)))); });
  });
  Promise.all(hits).then(found => {
    const hit = found.find(h => h);
    if (!hit) return reject(new Error('no marker named ' + name));
    const [g, m] = hit;
    g.zoomToShowLayer(m, () => { map.panTo(m.getLatLng(), {animate: false}); setTimeout(() => resolve(m._icon), 300); });
  });
})"""


# The single-site marker nearest the middle of the map (away from the legend and controls).
CENTRAL_MARKER = """() => {
  let best = null, distance = Infinity;
  for (const icon of document.querySelectorAll('.leaflet-marker-icon.atlas-marker')) {
    const r = icon.getBoundingClientRect();
    const d = Math.hypot(r.left + r.width / 2 - innerWidth / 2, r.top + r.height / 2 - innerHeight / 2);
    if (d < distance) { distance = d; best = icon; }
  }
  return best;
}"""
