"""Untrusted text from the sources, end to end: a real server on a poisoned copy of the data.

tests/fixtures/hostile/dataset.py rewrites eight designations (names in every language,
descriptions, URLs, verification notes, geocoding notes), two country names and some build-report
notes with script/HTML/Markdown/template payloads and ``javascript:`` URLs. Every payload that
runs sets ``top.__xss``. Headless Chromium then opens the map (popups, tooltips, the selected-site
panel), the choropleth tooltip, the table, the country profile, the charts and the about page,
and checks that no dialog opened, no payload ran, no ``javascript:`` URL became a link, no
injected image was fetched, and the payloads read as literal text.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest

from tests.e2e.conftest import run_server, wait_for_app
from tests.e2e.map_js import OPEN_POPUP
from tests.fixtures.hostile.dataset import COUNTRY_NAMES, TOKEN, hostile_root
from tests.support.browser import CHROMIUM

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]

QUERY = f"q={TOKEN.lower()}"
KNOWN_EXTERNAL: tuple[str, ...] = ()  # no request may leave the machine

# Every URL-bearing attribute in a document, and inline handlers that carry a payload.
FIND_BAD = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value || '';
      const squashed = value.replace(/[\\s\\u0000-\\u001f]+/g, '').toLowerCase();
      if (/^(href|src|action|formaction|xlink:href|srcdoc|data)$/.test(name) && squashed.startsWith('javascript:'))
        bad.push(`${el.tagName} ${name}=${value}`);
      if (name.startsWith('on') && /__xss|alert\\(/.test(value)) bad.push(`${el.tagName} ${name}=${value}`);
    }
  }
  for (const img of document.querySelectorAll('img')) if (img.getAttribute('src') === 'x') bad.push('img src=x');
  for (const s of document.querySelectorAll('script')) if (/__xss/.test(s.textContent) && s.type !== 'application/json')
    bad.push('script: ' + s.textContent.slice(0, 80));
  if (window.__xss !== undefined) bad.push('window.__xss=' + window.__xss);
  return bad;
}"""


def squash(text: str) -> str:
    """White space folded; word joiners (markdown_escape's guard against autolinks) dropped."""
    return " ".join(text.replace("\u2060", "").split())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-data")
    return root, hostile_root(root)


@pytest.fixture(scope="module")
def base(hostile):
    root, _sites = hostile
    with run_server({"UNESCO_ATLAS_DATA": str(root)}) as url:
        yield url


def open_page(page, base: str, path: str) -> None:
    page.page.goto(base + path)
    wait_for_app(page.page)
    page.page.wait_for_function("() => document.querySelectorAll('[data-stale=\"true\"]').length === 0")


def the_map(page, timeout: float = 20_000):
    """The page, once its map (in the page, not a frame) has drawn its data."""
    page.page.wait_for_selector(".atlas-map[data-atlas-updates]", timeout=timeout)
    assert page.page.locator("iframe").count() == 0
    return page.page


def assert_inert(page) -> None:
    """Nothing ran, nothing became a javascript: link, nothing was fetched from elsewhere."""
    problems = {}
    for frame in page.page.frames:
        found = frame.evaluate(FIND_BAD)
        if found:
            problems[frame.url[:60]] = found
    assert problems == {}, problems
    assert page.dialogs == [], f"dialogs fired: {page.dialogs}"
    assert not [e for e in page.errors if "__xss" in e or "alert" in e], page.errors
    external = [u for u in page.external if not u.startswith(KNOWN_EXTERNAL)]
    assert external == [], f"requests to other hosts: {external}"


def main_text(page) -> str:
    return squash(page.page.locator('[data-testid="stMain"]').inner_text())


def test_map_markers_popups_and_tooltips_show_payloads_as_text(page, base, hostile):
    _root, sites = hostile
    open_page(page, base, f"/?{QUERY}")
    shown = page.page.locator('[data-testid="stMetric"]').filter(has_text="Shown")
    assert shown.locator('[data-testid="stMetricValue"]').inner_text() == str(len(sites))
    frame = the_map(page)
    page.page.locator(".atlas-map").scroll_into_view_if_needed()
    frame.wait_for_function("() => document.querySelectorAll('.leaflet-marker-icon').length > 0")
    for site in sites:
        icon = frame.evaluate_handle(OPEN_POPUP, site.name).as_element()
        frame.wait_for_timeout(200)
        icon.hover()
        # this marker's tooltip (Leaflet links it by aria-describedby; the marker clicked before
        # keeps the focus, and with it its own tooltip, until this click)
        frame.wait_for_function("icon => icon.getAttribute('aria-describedby')", arg=icon)
        tip = frame.locator(f"#{icon.get_attribute('aria-describedby')} .atlas-tooltip-name")
        tip.wait_for(state="visible")
        assert tip.inner_text() == site.name
        icon.click()
        popup = frame.locator(".leaflet-popup-content .atlas-popup")
        popup.wait_for(state="visible")
        assert popup.locator(".atlas-popup-name").inner_text() == site.name
        hrefs = popup.locator("a").evaluate_all("links => links.map(a => a.href)")
        assert all(h.startswith(base + "/") for h in hrefs), f"an unsafe official-page URL became a link: {hrefs}"
        assert popup.locator("img, svg[onload], script, iframe").count() == 0
    assert_inert(page)


def test_selected_site_panel_shows_literal_text_and_no_unsafe_link(page, base, hostile):
    _root, sites = hostile
    for site in sites[::2] + sites[-1:]:  # script, attribute, template and Markdown names; odd site_id
        open_page(page, base, f"/?{QUERY}&site={urllib.parse.quote(site.site_id, safe='')}")
        # the innermost block holding the site's heading: the bordered panel under the map
        panel = (
            page.page.locator('[data-testid="stVerticalBlock"]')
            .filter(has=page.page.locator("h2.atlas-site-name", has_text=TOKEN))
            .last
        )
        panel.wait_for(state="visible")
        assert squash(panel.locator("h2.atlas-site-name").inner_text()) == squash(site.name)
        assert squash(panel.locator('[data-testid="stText"]').inner_text()) == squash(site.description)
        assert panel.locator('[data-testid="stLinkButton"]').count() == 0
        assert not [w for w in page.page.locator('[data-testid="stAlert"]').all_inner_texts() if "site" in w.lower()], (
            f"site {site.site_id!r} was not accepted from the URL"
        )
        assert_inert(page)


def test_choropleth_tooltip_shows_country_names_as_text(page, base):
    open_page(page, base, f"/?{QUERY}&mode=choropleth")
    frame = the_map(page)
    frame.wait_for_selector(".leaflet-overlay-pane path", state="attached")
    page.page.locator(".atlas-map").scroll_into_view_if_needed()
    for iso3, lat_lon in (("BRA", (-10, -53)), ("KEN", (0.5, 37.9))):  # both in view at the world zoom
        x, y = frame.evaluate(
            """([iso3, ll]) => { const map = document.querySelector('.atlas-map').atlasMap.map;
            const p = map.latLngToContainerPoint(ll); return [p.x, p.y]; }""",
            [iso3, list(lat_lon)],
        )
        box = page.page.locator(".atlas-map").bounding_box()
        page.page.mouse.move(box["x"] + x, box["y"] + y)
        tip = frame.locator(".leaflet-tooltip .atlas-tooltip-name")
        tip.wait_for(state="visible")
        assert tip.inner_text() == COUNTRY_NAMES[iso3]
        page.page.mouse.move(box["x"] + 5, box["y"] + 5)
        tip.wait_for(state="detached")
    assert_inert(page)


def test_table_page_lists_payloads_as_text(page, base, hostile):
    _root, sites = hostile
    open_page(page, base, f"/table?{QUERY}")
    names = page.page.locator('[data-testid="stDataFrame"] [role="gridcell"][aria-colindex="1"]')
    names.first.wait_for(state="attached")
    assert sorted(squash(n) for n in names.all_inner_texts()) == sorted(squash(s.name) for s in sites)
    assert_inert(page)


@pytest.mark.parametrize("iso3", list(COUNTRY_NAMES))
def test_country_page_shows_the_country_name_as_text(page, base, iso3):
    open_page(page, base, f"/country?sel={iso3}&{QUERY}")
    header = page.page.locator('[data-testid="stMain"] h2').first
    header.wait_for(state="visible")
    assert squash(header.inner_text()) == squash(COUNTRY_NAMES[iso3])
    the_map(page)
    cells = page.page.locator('[data-testid="stDataFrame"] [role="gridcell"][aria-colindex="1"]')
    assert all(TOKEN in c for c in cells.all_inner_texts() if c.strip())
    titles = page.page.locator(".js-plotly-plot .gtitle")  # the country-vs-region chart
    if titles.count():
        # a chart title wraps at spaces (its lines' text joins without them)
        assert "".join(COUNTRY_NAMES[iso3].split()) in "".join(titles.first.text_content().split())
    assert_inert(page)


def test_charts_and_about_pages_stay_inert(page, base):
    open_page(page, base, f"/charts?{QUERY}")
    page.page.wait_for_timeout(1500)  # let any chart finish drawing
    assert_inert(page)

    open_page(page, base, "/about")
    notes = page.page.locator('[data-testid="stExpander"]').filter(has_text="world_heritage:")
    notes.locator("summary").click()
    notes.get_by_text("note {{7*7}}").wait_for(state="visible")
    text = squash(notes.inner_text())
    assert "note ![pixel](http://198.51.100.7/pixel.png) :red[red] $x^2$ <!-- open comment" in text
    assert "note [click](javascript:top.__xss='md';alert(5))" in text
    assert "note <script>top.__xss='script';alert(1)</script>" in text
    assert notes.locator("a, img").count() == 0
    assert_inert(page)


def test_the_running_server_enforces_xsrf(base):
    """enableXsrfProtection in effect: a cookie is issued, and a write without the token is refused."""
    import urllib.error
    import urllib.request

    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=10) as reply:
        assert "_streamlit_xsrf=" in (reply.headers.get("Set-Cookie") or "")
    request = urllib.request.Request(f"{base}/_stcore/upload_file/some-session/some-file", data=b"x", method="PUT")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
