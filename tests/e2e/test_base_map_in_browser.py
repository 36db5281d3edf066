"""The offline base map in the dashboard, in headless Chromium with no network: a shared link to a
site in the Alps opens at zoom 7 with place names, rivers and lakes under the markers; the world
view fetches only its own zoom band; ``base=osm`` without a network says so and keeps the offline
layers. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import pytest

from geo import basemap, labels, maps
from geo.store import load_atlas
from tests.e2e.conftest import ARTIFACTS, wait_for_app
from tests.support.browser import OfflinePage

pytestmark = pytest.mark.e2e

ALPS = "/?site=whc:1037&view=46.5,8,7"  # Swiss Alps Jungfrau-Aletsch, a link shared at zoom 7
TILE_HOST = "tile.openstreetmap.org"

# The atlas map of the page (the app's live map, or a downloaded page's).
MAP = "document.querySelector('.atlas-map').atlasMap.map"

# What the base map drew inside the viewport.
DRAWN = (
    """() => {
  const map = %s;
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
    % MAP
)

# For each marker on screen (in the map's box and the window): is the topmost element at its centre a marker (this one or one
# overlapping it), the selected site's popup or a map control, never a name, river, lake or province line of the base map?
MARKERS_ON_TOP = (
    """() => {
  const map = %s;
  const base = ['atlasBaseFill', 'atlasBaseLines', 'atlasBaseLabels'].map(name => map.getPane(name));
  const box = map.getContainer().getBoundingClientRect();
  const out = [];
  for (const icon of document.querySelectorAll('.leaflet-marker-icon.atlas-marker, .leaflet-marker-icon.atlas-cluster')) {
    const r = icon.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (r.width === 0 || x < Math.max(0, box.left) || y < Math.max(0, box.top)
        || x >= Math.min(innerWidth, box.right) || y >= Math.min(innerHeight, box.bottom)) continue;  // off screen
    const top = document.elementFromPoint(x, y);
    out.push(top && !!top.closest('.leaflet-marker-pane, .leaflet-popup-pane, .leaflet-control') && !base.some(p => p.contains(top))
             ? true : (top ? top.outerHTML.slice(0, 120) + ' in ' + (top.closest('.leaflet-pane') || {}).className : 'nothing') + ' at ' + [x, y]);
  }
  return out;
}"""
    % MAP
)

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


def _map(page):
    """The page, once its map (in the page, not a frame) has markers."""
    assert page.query_selector("iframe") is None
    page.wait_for_selector(".atlas-map .leaflet-marker-icon", timeout=30_000)
    return page


def _base_map_files(page: OfflinePage) -> list[str]:
    fetched: list[str] = []
    page.page.on("response", lambda r: fetched.append(r.url.rsplit("/", 1)[-1]) if "/basemap-" in r.url else None)
    return fetched


def _wait_for_names(shown) -> dict:
    shown.wait_for_function("() => document.querySelectorAll('.atlas-base-label').length > 3", timeout=20_000)
    shown.wait_for_timeout(300)  # the last names of the band
    return shown.evaluate(DRAWN)


@pytest.mark.parametrize("viewport", [(1440, 900), (1920, 1080), (390, 844)])
def test_alps_at_zoom_7_show_places_rivers_and_lakes_under_the_markers(server, browser, viewport):
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height})
    page = OfflinePage(context.new_page())
    fetched = _base_map_files(page)
    page.page.goto(server + ALPS)
    wait_for_app(page.page)
    shown = _map(page.page)
    sidebar = page.page.locator('[data-testid="stSidebar"]')
    if width < 600 and sidebar.is_visible():  # on a phone the open sidebar covers the page: close it
        page.page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        sidebar.wait_for(state="hidden", timeout=5_000)
    shown.locator(".leaflet-container").scroll_into_view_if_needed()  # below the title on a phone
    drawn = _wait_for_names(shown)
    page.page.screenshot(path=str(ARTIFACTS / f"basemap-alps-{width}x{height}.png"))

    assert drawn["zoom"] == 7
    assert len(drawn["places"]) >= 3, drawn
    assert drawn["rivers"] >= 1 and drawn["lakes"] >= 1, drawn
    assert drawn["countries"] > 0 and drawn["notice"] == ""
    assert "Made with Natural Earth" in drawn["attribution"]
    assert drawn["labelsBelowMarkers"]
    on_top = shown.evaluate(MARKERS_ON_TOP)
    assert on_top and [t for t in on_top if t is not True] == [], on_top
    assert shown.evaluate(NAME_OVERLAPS) == 0
    assert [name.rsplit("-", 1)[-1] for name in fetched] == ["2.json"]  # only the band of zooms 6 and up
    assert page.external == [] and page.errors == []
    context.close()


def test_world_view_fetches_only_its_band_then_zooming_in_fetches_the_next(server, page):
    fetched = _base_map_files(page)
    page.page.goto(server + "/")
    wait_for_app(page.page)
    shown = _map(page.page)
    drawn = _wait_for_names(shown)
    assert drawn["zoom"] < 4 and any(drawn["water"]), drawn
    assert [name.rsplit("-", 1)[-1] for name in fetched] == ["0.json"]

    zoom_in = shown.locator(".leaflet-control-zoom-in")
    while shown.evaluate(f"() => {MAP}.getZoom()") < 4.5:
        zoom_in.click()
        shown.wait_for_timeout(350)
    shown.wait_for_function("() => document.querySelectorAll('.atlas-base-label').length > 3", timeout=20_000)
    assert [name.rsplit("-", 1)[-1] for name in fetched] == ["0.json", "1.json"]
    page.page.screenshot(path=str(ARTIFACTS / "basemap-zoom-4.png"))
    assert page.external == [] and page.errors == []


def test_online_tiles_without_network_say_so_and_keep_the_offline_layers(server, page):
    page.page.goto(server + ALPS + "&base=osm")
    wait_for_app(page.page)
    page.page.get_by_text(labels.BASE_MAP_LABELS["osm"], exact=True).wait_for(timeout=20_000)  # the switch
    shown = _map(page.page)
    shown.wait_for_selector(".atlas-base-notice", timeout=20_000)
    drawn = _wait_for_names(shown)
    page.page.screenshot(path=str(ARTIFACTS / "basemap-osm-offline.png"))
    assert drawn["notice"] == labels.BASEMAP_TEXT["tilesUnavailable"]
    assert shown.locator(".atlas-base-notice").count() == 1  # said once
    assert len(drawn["places"]) >= 3 and drawn["rivers"] >= 1 and drawn["countries"] > 0
    assert page.external and all(TILE_HOST in url for url in page.external), page.external
    assert page.errors == []


def test_switching_to_online_tiles_lands_in_the_url(server, page):
    page.page.goto(server + ALPS)
    wait_for_app(page.page)
    page.page.get_by_text(labels.BASE_MAP_LABELS["osm"], exact=True).click()
    page.page.wait_for_function("() => location.search.includes('base=osm')", timeout=20_000)
    page.page.locator(".atlas-map .atlas-base-notice").wait_for(timeout=30_000)
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
