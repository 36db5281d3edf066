"""The live map in headless Chromium, offline: it is part of the page, a click selects a site,
moves go into the address, a link reopens the same view, filters keep it, the download opens at
it from file://, the keyboard reaches markers, and popups fit a phone."""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import ARTIFACTS, wait_for_app
from tests.e2e.map_js import ATLAS, CENTRAL_MARKER, VIEW
from tests.support.browser import OfflinePage

pytestmark = pytest.mark.e2e


def _open(browser, url: str, width: int = 1440, height: int = 1000) -> OfflinePage:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = OfflinePage(context.new_page())
    page.page.goto(url)
    wait_for_app(page.page)
    page.page.wait_for_selector(".atlas-marker, .atlas-cluster", timeout=30_000)
    return page


def _view_in_address(page: OfflinePage) -> list[float] | None:
    text = page.page.evaluate("new URLSearchParams(location.search).get('view')")
    return [float(v) for v in text.split(",")] if text else None


def _zoom_in(page: OfflinePage, times: int) -> None:
    for _ in range(times):
        page.page.locator(".leaflet-control-zoom-in").click()
        time.sleep(0.4)


def test_moves_go_into_the_address_and_a_fresh_browser_opens_there(server, browser):
    page = _open(browser, f"{server}/?kind=whc&region=eur")
    entries = page.page.evaluate("history.length")
    _zoom_in(page, 3)
    page.page.mouse.move(900, 700)
    page.page.mouse.down()
    page.page.mouse.move(780, 640, steps=8)
    page.page.mouse.up()
    page.page.wait_for_function(
        "() => { const v = new URLSearchParams(location.search).get('view');"
        f" return v && Math.abs(Number(v.split(',')[2]) - {ATLAS}.map.getZoom()) < 0.01"
        f" && {ATLAS}.map.getZoom() > 2; }}",
        timeout=10_000,
    )
    time.sleep(1.5)  # the app writes the same address: no new entry
    view = _view_in_address(page)
    lat, lon, zoom = page.page.evaluate(VIEW)
    assert view == pytest.approx([lat, lon, zoom], abs=0.01)
    assert page.page.evaluate("history.length") == entries  # moves replace the entry, not add one
    page.page.get_by_test_id("stPopoverButton").click()
    assert f"view={view[0]:g}%2C{view[1]:g}%2C{view[2]:g}" in page.page.locator("code").first.inner_text()

    fresh = _open(browser, page.href())
    assert fresh.page.evaluate(VIEW) == pytest.approx([lat, lon, zoom], abs=0.01)
    fresh.page.screenshot(path=str(ARTIFACTS / "live-map-shared-view.png"))
    for p in (page, fresh):
        assert p.external == [] and p.errors == []
        p.page.context.close()


def test_a_filter_change_updates_the_map_in_place_and_keeps_the_view(server, browser):
    page = _open(browser, f"{server}/?kind=whc&view=33,37,5.5")
    assert page.page.evaluate(VIEW) == pytest.approx([33, 37, 5.5], abs=0.01)
    page.page.evaluate(f"() => {{ {ATLAS}.map.getContainer().tagged = 1; }}")
    page.page.locator('[data-testid="stSidebar"]').get_by_text("In danger only", exact=True).click()
    page.page.wait_for_function(
        "() => document.querySelector('.atlas-map').dataset.atlasUpdates === '2'", timeout=20_000
    )
    assert page.page.evaluate(f"() => {ATLAS}.map.getContainer().tagged") == 1  # the same map, not a new one
    assert page.page.evaluate(VIEW) == pytest.approx([33, 37, 5.5], abs=0.01)
    assert "danger=1" in page.href() and "view=33%2C37%2C5.5" in page.href()
    # a change that leaves nothing in view refits by itself
    page.page.goto(f"{page.page.url.split('?')[0]}?kind=uggp&country=NZL&view=46.5,9.8,6")
    wait_for_app(page.page)
    page.page.wait_for_selector(".atlas-map[data-atlas-updates]", timeout=30_000)
    lat, lon, _ = page.page.evaluate(VIEW)
    assert lat == pytest.approx(46.5, abs=0.01)  # a link's view is kept as given
    page.page.get_by_role("button", name="Fit to results").click()
    time.sleep(1)
    lat, lon, _ = page.page.evaluate(VIEW)
    assert -48 < lat < -34 and 165 < lon < 179  # New Zealand
    assert page.external == [] and page.errors == []
    page.page.context.close()


def test_clicking_a_marker_shows_its_card_and_writes_the_site(server, browser):
    page = _open(browser, f"{server}/?kind=uggp&country=ITA")
    _zoom_in(page, 2)
    page.page.wait_for_function("() => document.querySelectorAll('.atlas-marker').length > 0", timeout=10_000)
    marker = page.page.evaluate_handle(CENTRAL_MARKER).as_element()
    marker.click()
    page.page.wait_for_function("() => location.search.includes('site=uggp')", timeout=10_000)
    name = page.page.locator(".atlas-popup-name").inner_text()
    card = page.page.locator(".atlas-site-name")
    card.wait_for(timeout=10_000)
    assert card.inner_text() == name
    card_box, map_box = card.bounding_box(), page.page.locator(".atlas-map").bounding_box()
    assert (
        card_box["x"] > map_box["x"] + map_box["width"] - 1 and card_box["y"] < map_box["y"] + map_box["height"]
    )  # beside it
    assert page.page.locator(".atlas-marker.atlas-selected").count() == 1
    page.page.screenshot(path=str(ARTIFACTS / "live-map-selected.png"))
    assert page.external == [] and page.errors == []
    page.page.context.close()


def test_the_downloaded_map_opens_at_the_view_from_a_file(server, browser, tmp_path):
    page = _open(browser, f"{server}/?kind=mab&view=-18.9,47.5,6")
    with page.page.expect_download() as info:
        page.page.get_by_role("button", name="Download this map").click()
    path = tmp_path / "map.html"
    info.value.save_as(path)
    offline = OfflinePage(page.page.context.new_page(), intercept=False)  # records any request leaving the file
    offline.page.goto(path.as_uri())
    offline.page.wait_for_selector(".atlas-marker, .atlas-cluster", timeout=30_000)
    assert offline.page.evaluate(
        "() => { const m = Object.values(window).find(v => v instanceof L.Map);"
        " const c = m.getCenter(); return [c.lat, c.lng, m.getZoom()]; }"
    ) == pytest.approx([-18.9, 47.5, 6], abs=0.01)
    assert "do not imply" in offline.page.inner_text(".atlas-disclaimer")
    offline.page.screenshot(path=str(ARTIFACTS / "live-map-download.png"))
    assert [u for u in offline.external if u != path.as_uri()] == [] and offline.errors == [] and page.errors == []
    page.page.context.close()


def test_the_keyboard_reaches_markers_with_their_names(server, browser):
    page = _open(browser, f"{server}/?kind=uggp&region=eur")
    page.page.locator(".atlas-map").focus()
    names = []
    for _ in range(40):
        page.page.keyboard.press("Tab")
        label = page.page.evaluate(
            "() => { const e = document.activeElement;"
            " return e.classList.contains('atlas-cluster') || e.classList.contains('atlas-marker')"
            " ? e.getAttribute('aria-label') : null; }"
        )
        if label:
            names.append(label)
            break
    assert names and "UNESCO Global Geopark" in names[0]
    page.page.screenshot(path=str(ARTIFACTS / "live-map-keyboard-focus.png"))
    page.page.keyboard.press("Enter")  # a cluster zooms in, a marker opens its popup
    map_box = page.page.locator(".atlas-map").bounding_box()
    assert map_box and page.page.get_attribute(".atlas-frame", "aria-label")
    assert "UNESCO Global Geoparks in Europe and North America" in page.page.inner_text(".atlas-summary")
    toggle = page.page.locator(".atlas-legend-toggle").first
    assert toggle.evaluate("e => e.tagName") == "BUTTON" and toggle.get_attribute("aria-pressed") == "true"
    page.page.locator(".atlas-list-summary").click()
    page.page.wait_for_selector(".atlas-list-site", timeout=10_000)
    assert page.page.locator(".atlas-list-site").count() > 0
    assert page.errors == []
    page.page.context.close()


def test_on_a_phone_the_legend_folds_and_popups_fit(server, browser):
    page = _open(browser, f"{server}/?kind=whc&country=ITA", width=390, height=844)
    legend = page.page.locator(".atlas-legend")
    assert "atlas-folded" in legend.get_attribute("class")
    if page.page.locator('[data-testid="stSidebar"]').is_visible():
        page.page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        time.sleep(0.5)
    page.page.locator(".atlas-map").scroll_into_view_if_needed()
    _zoom_in(page, 3)
    page.page.wait_for_function("() => document.querySelectorAll('.atlas-marker').length > 0", timeout=10_000)
    marker = page.page.evaluate_handle(CENTRAL_MARKER).as_element()
    marker.click()
    popup = page.page.locator(".leaflet-popup")
    popup.wait_for(timeout=10_000)
    time.sleep(1)
    box = popup.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.page.screenshot(path=str(ARTIFACTS / "live-map-phone.png"))
    assert page.errors == []
    page.page.context.close()
