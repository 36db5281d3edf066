"""Presentation mode on a room's screen (1920×1080) and an embedded view (800×500), in headless
Chromium, offline: every page fits the screen, its title line names the link's filters, no map or
chart text is under 20 px, the exit link opens the same view; an embedded page shows its map and
caption alone, in its frame."""

from __future__ import annotations

from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest

from geo import labels
from tests.e2e.conftest import ARTIFACTS
from tests.support.browser import OfflinePage

pytestmark = pytest.mark.e2e

SCREEN = {"width": 1920, "height": 1080}
FRAME = {"width": 800, "height": 500}  # an embedding page's frame

# Whether the page scrolls: the document, and Streamlit's main area (its own scroller).
SCROLLS = """() => {
  const doc = document.scrollingElement, main = document.querySelector('[data-testid="stMain"]');
  return doc.scrollHeight > innerHeight + 1 || (main !== null && main.scrollHeight > main.clientHeight + 1);
}"""
# Every visible element of the map frames and the charts that holds text, with its font size.
TEXT_SIZES = """() => {
  const nodes = document.querySelectorAll('[data-testid="stPlotlyChart"] svg text, .atlas-frame *');
  return [...nodes].filter((e) => {
    const box = e.getBoundingClientRect(), style = getComputedStyle(e);
    const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    return own && box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
  }).map((e) => [e.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(e).fontSize)]);
}"""


@contextmanager
def opened(browser, viewport: dict):
    context = browser.new_context(viewport=viewport)
    try:
        yield OfflinePage(context.new_page())
    finally:
        context.close()


@pytest.fixture
def screen(browser):
    with opened(browser, SCREEN) as page:
        yield page


def _ready(page, charts: int = 0, map_drawn: bool = False) -> None:
    """Wait for the title line, ``charts`` chart titles and the map's markers or shaded countries."""
    page.wait_for_selector(".atlas-present-title, .atlas-embed-caption", timeout=30_000)
    if charts:
        page.wait_for_function(
            f"() => document.querySelectorAll('.js-plotly-plot .gtitle').length >= {charts}", timeout=30_000
        )
    if map_drawn:
        page.wait_for_function(
            "() => document.querySelectorAll('.atlas-map .leaflet-marker-icon, .atlas-map path.leaflet-interactive')"
            ".length > 0",
            timeout=30_000,
        )
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


PAGES = [  # (address, charts drawn, map drawn)
    ("/?present=1&kind=uggp&region=eur&year=2015-2026", 1, True),
    ("/?present=1&kind=whc&mode=choropleth", 1, True),
    ("/charts?present=1", 2, False),
    ("/country?present=1&sel=FRA", 1, True),
    ("/places?present=1", 1, True),
    ("/table?present=1&kind=whc", 0, False),
    ("/compare?present=1&country=CHN,FRA,ITA", 2, False),
]


@pytest.mark.parametrize("address, charts, map_drawn", PAGES, ids=[a for a, _, _ in PAGES])
def test_every_page_fits_a_room_screen_with_large_type(server, screen, address, charts, map_drawn):
    screen.page.goto(server + address)
    _ready(screen.page, charts, map_drawn)
    assert not screen.page.evaluate(SCROLLS)
    assert not screen.page.locator('[data-testid="stSidebar"]').is_visible()
    sizes = screen.page.evaluate(TEXT_SIZES)
    assert sizes or not (charts or map_drawn)
    small = [(text, size) for text, size in sizes if size < 20]
    assert small == []
    assert screen.external == [] and screen.errors == []


def test_the_title_line_names_the_links_filters_and_the_data(server, screen):
    screen.page.goto(f"{server}/?present=1&kind=uggp&region=eur&year=2015-2026")
    _ready(screen.page, 1, True)
    title = screen.page.inner_text(".atlas-present-title")
    assert title == "UNESCO Global Geoparks · Europe and North America · since 2015"
    meta = screen.page.inner_text(".atlas-present-meta")
    assert meta.startswith("Data of ") and "UNESCO World Heritage Centre" in meta
    screen.page.screenshot(path=str(ARTIFACTS / "present-map.png"))
    screen.page.goto(f"{server}/charts?present=1")
    _ready(screen.page, 2)
    assert screen.page.inner_text(".atlas-present-title") == "Charts · All UNESCO designations · worldwide"
    screen.page.screenshot(path=str(ARTIFACTS / "present-charts.png"))


def test_the_exit_link_opens_the_same_view_without_presentation(server, screen):
    screen.page.goto(f"{server}/charts?present=1&kind=mab&region=afr")
    _ready(screen.page, 2)
    exit_link = screen.page.get_by_role("link", name=labels.EXIT_PRESENTATION)
    exit_link.focus()  # reached from the keyboard
    screen.page.keyboard.press("Enter")
    screen.page.wait_for_selector('[data-testid="stSidebar"]', state="visible", timeout=30_000)
    address = urlsplit(screen.page.url)
    assert address.path == "/charts"
    assert parse_qs(address.query) == {"kind": ["mab"], "region": ["afr"]}
    assert screen.page.locator(".atlas-present-title").count() == 0
    assert screen.external == [] and screen.errors == []


@pytest.mark.parametrize("embed", ["true", "1"])
def test_an_embedded_page_shows_its_map_and_caption_alone_in_its_frame(server, browser, embed):
    with opened(browser, FRAME) as frame:
        frame.page.goto(f"{server}/?embed={embed}&kind=whc")
        _ready(frame.page, map_drawn=True)
        assert "embed=true" in frame.page.url  # embed=1 reopened as Streamlit reads it
        assert frame.page.inner_text(".atlas-embed-caption") == "World Heritage properties · worldwide"
        assert not frame.page.locator('[data-testid="stSidebar"]').is_visible()
        assert frame.page.locator("h1, [data-testid='stMetricValue']").count() == 0
        box = frame.page.locator(".atlas-map").bounding_box()
        assert box["height"] > FRAME["height"] / 2 and box["y"] + box["height"] <= FRAME["height"]
        assert not frame.page.evaluate(SCROLLS)
        frame.page.screenshot(path=str(ARTIFACTS / f"embed-map-{embed}.png"))
        assert frame.external == [] and frame.errors == []


def test_an_embedded_charts_page_shows_its_first_chart_in_its_frame(server, browser):
    with opened(browser, FRAME) as frame:
        frame.page.goto(f"{server}/charts?embed=true&kind=whc")
        _ready(frame.page, 1)
        assert frame.page.locator(".js-plotly-plot").count() == 1
        chart = frame.page.locator(".js-plotly-plot").bounding_box()
        assert chart["height"] > FRAME["height"] * 0.8 and not frame.page.evaluate(SCROLLS)
        assert frame.external == [] and frame.errors == []
