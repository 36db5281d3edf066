"""The dashboard in headless Chromium, offline: a shared link, every kind on the map, charts,
a filter click, and screenshots under tests/artifacts/."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook

from geo import labels
from geo.store import data_date, load_atlas
from tests.e2e.conftest import ARTIFACTS, run_server, wait_for_app
from tests.support.browser import OfflinePage

pytestmark = pytest.mark.e2e

KIND_LABELS = (
    "World Heritage property",
    "Biosphere Reserve",
    "UNESCO Global Geopark",
    "Category 2 institute or centre",
)


@cache
def _data_date() -> str:
    """The data date the server's exports name (of the processed data it loads)."""
    return data_date(load_atlas().designations)


def _map_frame(page):
    """The page, once Leaflet has drawn its map there (in the page: no frame)."""
    page.wait_for_selector(".atlas-map.leaflet-container", timeout=30_000)
    assert page.locator("iframe").count() == 0
    return page


def test_shared_link_opens_the_map_offline_with_every_kind(server, page):
    page.page.goto(f"{server}/?year=1950-2026")
    wait_for_app(page.page)
    frame = _map_frame(page.page)
    frame.wait_for_function("() => document.querySelectorAll('.leaflet-marker-icon').length > 20", timeout=30_000)
    legend = frame.inner_text(".leaflet-control-container")
    for label in KIND_LABELS:
        assert label in legend
    assert "do not imply" in frame.inner_text(".atlas-disclaimer")  # UNESCO's disclaimer, under the map
    page.page.screenshot(path=str(ARTIFACTS / "dashboard-map.png"), full_page=True)
    assert page.external == [], page.external
    assert page.errors == [] and page.dialogs == []


def test_filter_click_updates_counts_url_and_map(server, page):
    page.page.goto(f"{server}/?kind=whc")
    wait_for_app(page.page)
    shown = page.page.locator('[data-testid="stMetricValue"]').first
    assert shown.inner_text() == "1,273"
    page.page.get_by_text("In danger only").click()
    page.page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stMetricValue\"]').innerText === '58'", timeout=20_000
    )
    page.page.wait_for_function("() => location.search.includes('danger=1')", timeout=10_000)
    assert re.search(r"kind=whc", page.href())
    frame = _map_frame(page.page)
    frame.wait_for_function(
        "() => [...document.querySelectorAll('.leaflet-control-container *')]"
        ".some(e => /\\b58\\b/.test(e.textContent))",
        timeout=20_000,
    )
    page.page.screenshot(path=str(ARTIFACTS / "dashboard-filtered.png"), full_page=True)
    assert page.external == [] and page.errors == []


def test_choropleth_mode_renders_offline(server, page):
    page.page.goto(f"{server}/?mode=choropleth&per=raw")
    wait_for_app(page.page)
    frame = _map_frame(page.page)
    frame.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive').length > 100", timeout=30_000)
    # every choice of the "Count" switch fits its column (none cut off)
    page.page.get_by_text("per 100,000 km²", exact=True).wait_for(timeout=10_000)
    clipped = page.page.evaluate("""() => [...document.querySelectorAll('[data-testid="stColumn"] button')]
        .filter(b => b.innerText.trim() && b.getBoundingClientRect().width > 0)
        .filter(b => b.getBoundingClientRect().right > b.closest('[data-testid="stColumn"]').getBoundingClientRect().right + 1)
        .map(b => b.innerText.trim())""")
    assert clipped == [], clipped
    page.page.screenshot(path=str(ARTIFACTS / "dashboard-choropleth.png"), full_page=True)
    assert page.external == [] and page.errors == []


def test_charts_render_offline(server, page):
    page.page.goto(f"{server}/charts?region=eur")
    wait_for_app(page.page)
    page.page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    assert page.page.locator(".js-plotly-plot").count() >= 4
    page.page.screenshot(path=str(ARTIFACTS / "dashboard-charts.png"), full_page=True)
    assert page.external == [] and page.errors == []


def test_country_profile_and_table(server, page):
    page.page.goto(f"{server}/country?sel=CHN")
    wait_for_app(page.page)
    page.page.get_by_role("heading", name="China").wait_for(timeout=20_000)
    _map_frame(page.page)
    page.page.screenshot(path=str(ARTIFACTS / "dashboard-country.png"), full_page=True)
    page.page.goto(f"{server}/table?kind=uggp")
    wait_for_app(page.page)
    page.page.get_by_text("241 of").first.wait_for(timeout=20_000)
    page.page.screenshot(path=str(ARTIFACTS / "dashboard-table.png"), full_page=True)
    assert page.external == [] and page.errors == []


def test_clicking_a_marker_leads_to_a_shareable_site_view(server, page, browser):
    page.page.goto(f"{server}/?q=huangshan&kind=whc")
    wait_for_app(page.page)
    frame = _map_frame(page.page)
    marker = frame.locator(".atlas-marker").first
    marker.wait_for(timeout=30_000)
    marker.click()
    page.page.get_by_role("heading", name="Mount Huangshan").wait_for(timeout=20_000)  # its card, same tab
    page.page.wait_for_function("() => location.search.includes('site=whc%3A547')", timeout=10_000)
    assert "q=huangshan" in page.href() and len(page.page.context.pages) == 1
    assert frame.locator(".atlas-marker.atlas-selected").count() == 1
    # the link opens on that site, for anyone
    other = browser.new_context(viewport={"width": 1440, "height": 1000})
    shared = OfflinePage(other.new_page())
    shared.page.goto(page.href())
    wait_for_app(shared.page)
    shared.page.get_by_role("heading", name="Mount Huangshan").wait_for(timeout=20_000)
    shared.page.locator(".atlas-popup-name", has_text="Mount Huangshan").wait_for(timeout=20_000)
    shared.page.screenshot(path=str(ARTIFACTS / "dashboard-site.png"), full_page=True)
    other.close()
    assert page.external == [] and page.errors == [] and shared.external == [] and shared.errors == []


def test_map_downloads_as_a_self_contained_page(server, page):
    page.page.goto(f"{server}/?kind=uggp")
    wait_for_app(page.page)
    # the button sits under the map: wait until the map has drawn (and the page stopped moving)
    page.page.wait_for_selector(".atlas-map[data-atlas-updates]", timeout=30_000)
    with page.page.expect_download() as info:
        page.page.get_by_role("button", name="Download this map").click()
    path = info.value.path()
    html = open(path, encoding="utf-8").read()
    assert "L.markerClusterGroup" in html and "UnescoAtlas.standalone(" in html
    assert '"writeView"' not in html and "app/static" not in html  # nothing from the app: opens anywhere
    assert "https://unpkg" not in html and "cdn.jsdelivr" not in html
    assert re.findall(r"<title>(.*?)</title>", html) == ["UNESCO Sites Atlas — UNESCO Global Geoparks · worldwide"]
    # opened on its own: the caption is on screen under the map, with filters, date and credits
    asked_before = len(page.external)
    page.page.set_content(html)
    page.page.wait_for_selector(".atlas-map-box .leaflet-container", timeout=30_000)
    caption = page.page.locator("footer.atlas-caption")
    text = caption.inner_text()
    assert f"Filters: UNESCO Global Geoparks · worldwide · data of {_data_date()}" in text
    for credit in ("UNESCO Global Geoparks (eg0001)", "Made with Natural Earth", "licence: Public domain", "Leaflet"):
        assert credit in text, credit
    box, map_box = caption.bounding_box(), page.page.locator(".atlas-map-box").bounding_box()
    assert map_box["height"] > 400 and map_box["y"] + map_box["height"] <= box["y"] <= 1000 - 20
    assert page.external[asked_before:] == [] and page.errors == []


def test_clicking_a_country_offers_its_profile(server, page):
    page.page.goto(f"{server}/?mode=choropleth&kind=uggp")
    wait_for_app(page.page)
    frame = _map_frame(page.page)
    frame.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive').length > 100", timeout=30_000)
    # Click China: the polygon under its label point opens its profile in the same tab.
    frame.evaluate("""() => {
        const map = document.querySelector('.atlas-map').atlasMap.map;
        map.eachLayer(l => { if (l.atlasIso3 === 'CHN') l.fire('click', {latlng: L.latLng(33, 105)}, true); });
    }""")
    page.page.wait_for_function("() => location.pathname.endsWith('/country')", timeout=20_000)
    wait_for_app(page.page)
    page.page.get_by_role("heading", name="China").wait_for(timeout=20_000)
    assert "sel=CHN" in page.href() and "kind=uggp" in page.href() and len(page.page.context.pages) == 1
    assert page.errors == []


def _download_first_chart(page) -> tuple[str, bytes]:
    """Hover the first chart so Plotly shows its toolbar, click "Download plot", return the file."""
    chart = page.locator(".js-plotly-plot").first
    chart.locator(".main-svg").first.wait_for(timeout=30_000)
    chart.hover()
    button = chart.locator('.modebar-btn[data-title^="Download plot"]')
    with page.expect_download(timeout=30_000) as info:
        button.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


@pytest.mark.parametrize("query, fmt, magic", [("img=svg&", "svg", b"<svg"), ("", "png", b"\x89PNG\r\n\x1a\n")])
def test_a_chart_downloads_in_the_format_of_the_link(server, page, query, fmt, magic):
    page.page.goto(f"{server}/charts?{query}region=eur")
    wait_for_app(page.page)
    name, content = _download_first_chart(page.page)
    assert name == f"unesco-sites-atlas-countries-with-the-most-designations.{fmt}"
    assert content.startswith(magic), content[:40]
    assert ("img=svg" in page.href()) == (fmt == "svg")
    assert page.external == [] and page.errors == []


def test_the_table_downloads_as_an_excel_workbook_that_says_what_it_holds(server, page):
    page.page.goto(f"{server}/table?kind=uggp&region=eur")
    wait_for_app(page.page)
    page.page.get_by_text("of 2,").first.wait_for(timeout=20_000)
    with page.page.expect_download() as info:
        page.page.get_by_role("button", name="Download Excel").click()
    assert info.value.suggested_filename == "unesco-sites-atlas.xlsx"
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    rows, about = book.worksheets
    designations = load_atlas().designations
    europe = designations[
        (designations["designation"] == "global_geopark") & (designations["region"] == "Europe and North America")
    ]
    assert rows.max_row == len(europe) + 1 and rows["A1"].value == "Name"
    values = [v for row in about.iter_rows(values_only=True) for v in row]
    assert values[1] == "UNESCO Global Geoparks · Europe and North America"
    assert _data_date() in values and len(europe) in values and "Made with Natural Earth" in " ".join(map(str, values))
    assert page.errors == []


def test_the_image_format_control_changes_the_link_and_the_download(server, page):
    page.page.goto(f"{server}/charts?region=eur")
    wait_for_app(page.page)
    page.page.get_by_role("radiogroup", name="Chart downloads").get_by_role("radio", name="SVG").click()
    page.page.wait_for_function("() => location.search.includes('img=svg')", timeout=20_000)
    wait_for_app(page.page)
    page.page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=30_000)
    _name, content = _download_first_chart(page.page)
    assert content.startswith(b"<svg"), content[:40]
    assert "img=svg" in page.href() and "region=eur" in page.href()
    assert page.external == [] and page.errors == []


def test_a_deep_link_is_the_first_visit_of_a_fresh_server(browser):
    """Right after a restart, a shared link to a page (not the home page) still opens that page
    through dashboard.py: our navigation only, wide layout, the page's own filters."""
    with run_server() as base:
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        page = OfflinePage(context.new_page())
        page.page.goto(f"{base}/table?kind=uggp")
        wait_for_app(page.page)
        page.page.wait_for_function(
            "() => document.querySelector('h1') && document.querySelector('h1').innerText.includes('Table')",
            timeout=30_000,
        )
        assert page.page.locator('[data-testid="stSidebarNav"]').count() == 0  # no auto-discovered pages
        assert page.page.title() == f"{labels.PAGE_TITLES['table']} · {labels.APP_TITLE}"  # the page, then the app
        designations = load_atlas().designations  # the counts of the processed data the server loads
        geoparks = int((designations["designation"] == "global_geopark").sum())
        assert f"{geoparks:,} of {len(designations):,}" in page.page.inner_text('[data-testid="stMain"]')
        assert page.external == [] and page.errors == []
        context.close()


def test_presentation_mode_fills_the_screen_with_the_map_and_a_chart(server, page):
    page.page.goto(f"{server}/?present=1&kind=whc&mode=choropleth")
    frame = _map_frame(page.page)  # (no title or metric here for wait_for_app to wait for)
    frame.wait_for_function(
        "() => document.querySelectorAll('path.leaflet-interactive').length > 100", timeout=30_000
    )  # the shaded countries
    title = page.page.wait_for_selector(".js-plotly-plot .gtitle", timeout=30_000)
    assert not page.page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.page.locator('[data-testid="stHeader"]').is_visible()
    box = title.bounding_box()
    # the chart title is on screen and nothing (such as Streamlit's header bar) covers it
    assert box["y"] >= 0 and box["y"] + box["height"] <= 1000
    on_top = page.page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('.js-plotly-plot') !== null",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top
    map_box = page.page.locator(".atlas-map").first.bounding_box()
    assert map_box["y"] >= 0 and map_box["width"] > 700  # wide: the map takes most of the screen
    page.page.screenshot(path=str(ARTIFACTS / "dashboard-present.png"))
    assert page.external == [] and page.errors == []


def test_shared_places_and_compare_pages_render_offline(server, page):
    page.page.goto(f"{server}/places?minkinds=3")
    wait_for_app(page.page)
    page.page.wait_for_selector(".js-plotly-plot .gtitle", timeout=30_000)  # places per country
    _map_frame(page.page).wait_for_selector(".leaflet-marker-icon", timeout=30_000)
    assert page.page.locator('[data-testid="stMetricValue"]').first.inner_text() == "4"  # places with 3 kinds
    page.page.goto(f"{server}/compare?country=CHN,FRA,ITA")
    wait_for_app(page.page)
    page.page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot .gtitle').length >= 2", timeout=30_000
    )
    assert page.external == [] and page.errors == []


def test_arabic_names_read_right_to_left(server, page):
    page.page.goto(f"{server}/?lang=ar&site=whc:1")
    wait_for_app(page.page)
    # a locator, not an element handle: the map writes its view into the address once it has
    # zoomed to the site, and the rerun that follows may draw the card again
    name = page.page.locator("h2.atlas-site-name")
    name.wait_for(timeout=30_000)
    assert name.inner_text() == "أرخبيل جزر غالاباغوس"
    assert name.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert name.get_attribute("lang") == "ar"
    query = parse_qs(urlsplit(page.href()).query)  # however the address escapes the site's ":"
    assert query["lang"] == ["ar"] and query["site"] == ["whc:1"]


def test_share_offers_the_link_presentation_link_and_embed_snippet(server, page):
    page.page.goto(f"{server}/?kind=uggp&region=apac")
    wait_for_app(page.page)
    page.page.get_by_text(labels.SHARE, exact=True).click()
    codes = page.page.locator('[data-testid="stPopoverBody"] code')
    # three blocks; the embed snippet's (highlighted as HTML) may come a moment after the others
    page.page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stPopoverBody\"] code').length >= 3", timeout=10_000
    )
    texts = [codes.nth(i).inner_text() for i in range(codes.count())]
    assert texts[0] == f"{server}/?kind=uggp&region=apac"
    assert texts[1] == f"{server}/?kind=uggp&region=apac&present=1"
    assert texts[2].startswith('<div style="position:relative;width:100%;aspect-ratio:16/10">')  # responsive
    assert f'<iframe src="{server}/?kind=uggp&amp;region=apac&amp;embed=true"' in texts[2]
    assert page.external == [] and page.errors == []
