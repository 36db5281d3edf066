"""Scripts the e2e tests run in a page holding an atlas map (the app's live map, or a standalone
page) to find markers (shared by the test modules)."""

# The atlas of the page's first map (static/atlas/atlas.js keeps it on the map's container).
ATLAS = "document.querySelector('.atlas-map').atlasMap"

# The icon of the marker named ``name`` (its details may come from a file), zoomed into view.
OPEN_POPUP = (
    """name => new Promise((resolve, reject) => {
  const atlas = %s, map = atlas.map;
  map.closePopup();
  const hits = Object.values(atlas.byRef).map(m => new Promise(ok => UnescoAtlas.details(atlas.data, m.atlasRow,
    (table, row) => ok(row && row[0] === name ? m : null))));
  Promise.all(hits).then(found => {
    const m = found.find(h => h);
    if (!m) return reject(new Error('no marker named ' + name));
    atlas.groups[m.atlasRow[2]].zoomToShowLayer(m, () => {
      map.panTo(m.getLatLng(), {animate: false}); setTimeout(() => resolve(m.getElement()), 300); });
  });
})"""
    % ATLAS
)


# The single-site marker nearest the middle of the map (away from the legend and controls).
CENTRAL_MARKER = """() => {
  const box = document.querySelector('.atlas-map').getBoundingClientRect();
  const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
  let best = null, distance = Infinity;
  for (const icon of document.querySelectorAll('.leaflet-marker-icon.atlas-marker')) {
    const r = icon.getBoundingClientRect();
    const d = Math.hypot(r.left + r.width / 2 - cx, r.top + r.height / 2 - cy);
    if (d < distance) { distance = d; best = icon; }
  }
  return best;
}"""

# The map's centre and zoom: [lat, lon, zoom].
VIEW = "() => { const m = %s.map, c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; }" % ATLAS
