"""The offline base map in the dashboard, in headless Chromium with no network: a shared link to a
site in the Alps opens at zoom 7 with place names, rivers and lakes under the markers; the world
view fetches only its own zoom band; ``base=osm`` without a network says so and keeps the offline
layers. Screenshots go to tests/artifacts/."""
from __future__ import annotations

import pytest

from bench.browser import OfflinePage
from geo import basemap, labels, maps
from geo.store import load_atlas
from tests.e2e.conftest import ARTIFACTS, wait_for_app

pytestmark = pytest.mark.e2e

ALPS = "/?site=whc:1037"  # Swiss Alps Jungfrau-Aletsch: the map opens on it at zoom 7
TILE_HOST = "tile.openstreetmap.org"

# What the base map drew inside the map frame's viewport.
DRAWN = """() => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  const inView = el => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight; };
  const texts = sel => [...document.querySelectorAll(sel)].filter(inView).map(e => e.textContent);
  const pane = name => map.getPane(name);
  return {
    zoom: map.getZoom(),
    places: texts('.atlas-base-place, .atlas-base-capital'),
    water: texts('.atlas-base-lake, .atlas-base-river, .atlas-base-sea'),
    rivers: [...pane('atlasBaseLines').querySelectorAll('path')].filter(inView).length,
    lakes: [...pane('atlasBaseFill').querySelectorAll('path')].filter(inView).length,
    countries: [...pane('overlayPane').querySelectorAll('path')].filter(inView).length,
    notice: texts('.atlas-base-notice').join(' '),
    attribution: document.querySelector('.leaflet-control-attribution').textContent,
    labelsBelowMarkers: +getComputedStyle(pane('atlasBaseLabels')).zIndex < +getComputedStyle(pane('markerPane')).zIndex,
  };
}"""

# For each marker on screen: is the topmost element at its centre a marker (this one or one
# overlapping it) or a map control, never a name, river, lake or province line of the base map?
MARKERS_ON_TOP = """() => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  const base = ['atlasBaseFill', 'atlasBaseLines', 'atlasBaseLabels'].map(name => map.getPane(name));
  const out = [];
  for (const icon of document.querySelectorAll('.leaflet-marker-icon.atlas-marker, .leaflet-marker-icon.atlas-cluster')) {
    const r = icon.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (r.width === 0 || x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    const top = document.elementFromPoint(x, y);
    out.push(top && !!top.closest('.leaflet-marker-pane, .leaflet-control') && !base.some(p => p.contains(top))
             ? true : (top ? top.outerHTML.slice(0, 120) + ' in ' + (top.closest('.leaflet-pane') || {}).className : 'nothing') + ' at ' + [x, y]);
  }
  return out;
}"""

# Overlapping boxes among the names shown (none expected).
NAME_OVERLAPS = """() => {
  const boxes = [...document.querySelectorAll('.atlas-base-label')].map(e => e.getBoundingClientRect())
    .filter(r => r.width > 0);
  let n = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) n++;
  }
  return n;
}"""


def _map_frame(page):
    handle = page.wait_for_selector("iframe", timeout=30_000)
    frame = handle.content_frame()
    frame.wait_for_selector(".leaflet-marker-icon", timeout=30_000)
    return frame


def _base_map_files(page: OfflinePage) -> list[str]:
    fetched: list[str] = []
    page.page.on("response", lambda r: fetched.append(r.url.rsplit("/", 1)[-1]) if "/basemap-" in r.url else None)
    return fetched


def _wait_for_names(frame) -> dict:
    frame.wait_for_function("() => document.querySelectorAll('.atlas-base-label').length > 3", timeout=20_000)
    frame.wait_for_timeout(300)  # the last names of the band
    return frame.evaluate(DRAWN)


@pytest.mark.parametrize("viewport", [(1440, 900), (1920, 1080), (390, 844)])
def test_alps_at_zoom_7_show_places_rivers_and_lakes_under_the_markers(server, browser, viewport):
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height})
    page = OfflinePage(context.new_page())
    fetched = _base_map_files(page)
    page.page.goto(server + ALPS)
    wait_for_app(page.page)
    frame = _map_frame(page.page)
    drawn = _wait_for_names(frame)
    frame.locator(".leaflet-container").scroll_into_view_if_needed()
    page.page.screenshot(path=str(ARTIFACTS / f"basemap-alps-{width}x{height}.png"))

    assert drawn["zoom"] == 7
    assert len(drawn["places"]) >= 3, drawn
    assert drawn["rivers"] >= 1 and drawn["lakes"] >= 1, drawn
    assert drawn["countries"] > 0 and drawn["notice"] == ""
    assert "Made with Natural Earth" in drawn["attribution"]
    assert drawn["labelsBelowMarkers"]
    on_top = frame.evaluate(MARKERS_ON_TOP)
    assert on_top and [t for t in on_top if t is not True] == [], on_top
    assert frame.evaluate(NAME_OVERLAPS) == 0
    assert [name.rsplit("-", 1)[-1] for name in fetched] == ["2.json"]  # only the band of zooms 6 and up
    assert page.external == [] and page.errors == []
    context.close()


def test_world_view_fetches_only_its_band_then_zooming_in_fetches_the_next(server, page):
    fetched = _base_map_files(page)
    page.page.goto(server + "/")
    wait_for_app(page.page)
    frame = _map_frame(page.page)
    drawn = _wait_for_names(frame)
    assert drawn["zoom"] < 4 and any(drawn["water"]), drawn
    assert [name.rsplit("-", 1)[-1] for name in fetched] == ["0.json"]

    zoom_in = frame.locator(".leaflet-control-zoom-in")
    while frame.evaluate("() => Object.values(window).find(v => v instanceof L.Map).getZoom()") < 4.5:
        zoom_in.click()
        frame.wait_for_timeout(350)
    frame.wait_for_function("() => document.querySelectorAll('.atlas-base-label').length > 3", timeout=20_000)
    assert [name.rsplit("-", 1)[-1] for name in fetched] == ["0.json", "1.json"]
    page.page.screenshot(path=str(ARTIFACTS / "basemap-zoom-4.png"))
    assert page.external == [] and page.errors == []


def test_online_tiles_without_network_say_so_and_keep_the_offline_layers(server, page):
    page.page.goto(server + ALPS + "&base=osm")
    wait_for_app(page.page)
    page.page.get_by_text(labels.BASE_MAP_LABELS["osm"], exact=True).wait_for(timeout=20_000)  # the switch
    frame = _map_frame(page.page)
    frame.wait_for_selector(".atlas-base-notice", timeout=20_000)
    drawn = _wait_for_names(frame)
    page.page.screenshot(path=str(ARTIFACTS / "basemap-osm-offline.png"))
    assert drawn["notice"] == labels.BASEMAP_TEXT["tilesUnavailable"]
    assert frame.locator(".atlas-base-notice").count() == 1  # said once
    assert len(drawn["places"]) >= 3 and drawn["rivers"] >= 1 and drawn["countries"] > 0
    assert page.external and all(TILE_HOST in url for url in page.external), page.external
    assert page.errors == []


def test_switching_to_online_tiles_lands_in_the_url(server, page):
    page.page.goto(server + ALPS)
    wait_for_app(page.page)
    page.page.get_by_text(labels.BASE_MAP_LABELS["osm"], exact=True).click()
    page.page.wait_for_function("() => location.search.includes('base=osm')", timeout=20_000)
    frame = page.page.frame_locator("iframe").first
    frame.locator(".atlas-base-notice").wait_for(timeout=30_000)
    assert page.errors == []


def test_a_downloaded_map_carries_the_base_map_of_its_extent(browser, tmp_path):
    atlas = load_atlas()
    swiss = atlas.designations[atlas.designations["countries_iso3"].map(lambda c: "CHE" in list(c))]
    extent = [[swiss["lat"].min(), swiss["lon"].min()], [swiss["lat"].max(), swiss["lon"].max()]]
    html = maps.points_map(swiss, atlas.countries, base_layers=basemap.load().options("fr", extent=extent))
    path = tmp_path / "map.html"
    path.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1100, "height": 700})
    page = context.new_page()
    fetched: list[str] = []
    page.route("http*://**/*", lambda route: (fetched.append(route.request.url), route.abort()))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    drawn = _wait_for_names(page)
    page.screenshot(path=str(ARTIFACTS / "basemap-download-fr.png"))
    assert "Genève" in drawn["places"] and "Zurich" in drawn["places"], drawn  # names in French
    assert drawn["rivers"] >= 1 and drawn["lakes"] >= 1
    assert fetched == [] and errors == []  # everything is in the file
    context.close()
