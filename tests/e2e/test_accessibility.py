"""WCAG 2.1 AA in the browser: axe-core on every page (English and Arabic names, desktop and
phone), headings and table headers, a visible focus on every control the keyboard reaches,
charts with a text alternative, the year-by-year chart driven by the keyboard and still under
reduced motion, the page's language, and the layout at 200 % zoom."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from geo import labels
from tests.e2e import axe_audit
from tests.e2e.axe_audit import MAPS, PAGES, wait_until_drawn
from tests.e2e.conftest import ARTIFACTS
from tests.support.browser import OfflinePage

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def audit(server, browser):
    found = axe_audit.audit_all(browser, server)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe.md").write_text(axe_audit.markdown(found, "axe-core violations"), encoding="utf-8")
    return found


def _describe(violations) -> str:
    return "\n".join(
        f"{v.page} {v.lang} {v.viewport} {v.frame}: {v.rule} ({v.impact}, {v.count}) {v.help} {list(v.targets[:2])}"
        for v in violations
    )


def test_axe_finds_nothing_unexplained_on_any_page(audit):
    pages = {(v.page, v.lang, v.viewport) for v in audit}
    assert {p for p, _, _ in pages} <= set(PAGES)
    left = axe_audit.unexplained(audit, axe_audit.allowed())
    assert not left, (
        "axe-core violations (fix them, or list minor/moderate ones with a reason in "
        "tests/e2e/axe_allowed.toml):\n" + _describe(left)
    )


def test_every_allowed_violation_still_occurs(audit):
    stale = [a for a in axe_audit.allowed() if not any(a.covers(v) for v in audit)]
    assert not stale, f"no page shows these any more; remove them from axe_allowed.toml: {stale}"


def test_the_allow_list_accepts_no_blocking_violation():
    serious = axe_audit.Violation("charts", "en", "desktop", "page", "color-contrast", "serious", "", 1, ())
    in_map = axe_audit.Violation("map", "en", "desktop", "page", "aria-command-name", "serious", "", 1, ())
    minor = axe_audit.Violation("map", "en", "desktop", "page", "region", "moderate", "", 1, ())
    anything = [
        axe_audit.Allowed("color-contrast", "page", "a reason", ()),
        axe_audit.Allowed("aria-command-name", "page", "a reason", ()),
        axe_audit.Allowed("region", "page", "a reason", ()),
    ]
    assert axe_audit.unexplained([serious, in_map, minor], anything) == [serious, in_map]
    assert axe_audit.unexplained([minor], []) == [minor]


# ---------------------------------------------------------------- structure


HEADINGS_AND_TABLES = """() => {
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => h.getClientRects().length).map(h => +h.tagName[1]);
  const tables = [...document.querySelectorAll('table')].map(t => {
    const heads = [...t.querySelectorAll('th, [role=columnheader]')];
    return {heads: heads.length, empty: heads.filter(h => !h.textContent.trim() && !h.getAttribute('aria-label')).length};
  });
  return {headings, tables, lang: document.documentElement.lang, dir: document.documentElement.dir};
}"""


@pytest.mark.parametrize("name", list(PAGES))
def test_one_h1_headings_in_order_and_tables_with_headers(server, page, name):
    page.page.set_viewport_size({"width": 1440, "height": 900})
    page.page.goto(axe_audit.page_url(server, name, "en"))
    wait_until_drawn(page.page, MAPS.get(name, 0))
    found = page.page.evaluate(HEADINGS_AND_TABLES)
    levels = found["headings"]
    assert levels.count(1) == 1, levels
    assert levels[0] <= 2 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"a level skipped: {levels}"
    for table in found["tables"]:
        assert table["heads"] > 0 and table["empty"] == 0, found["tables"]
    assert found["lang"] == "en"


def test_the_page_language_follows_lang_and_names_carry_their_own(server, page):
    # The page declares the interface's language (lang=), Arabic right to left; a name the source
    # has only in English is marked as English inside the Arabic page.
    page.page.goto(f"{server}/?lang=ar&site=whc:1")
    wait_until_drawn(page.page, 1)
    html = page.page.evaluate(
        "() => [document.documentElement.lang, document.documentElement.dir,"
        " getComputedStyle(document.querySelector('h1')).direction]"
    )
    assert html == ["ar", "rtl", "rtl"]
    name = page.page.locator("h2.atlas-site-name")
    assert name.get_attribute("lang") in ("ar", "en")
    assert name.get_attribute("dir") == "auto"


# ---------------------------------------------------------------- focus


def _shot(page, box) -> Image.Image:
    pad = 8
    clip = {
        "x": max(box["x"] - pad, 0),
        "y": max(box["y"] - pad, 0),
        "width": box["width"] + 2 * pad,
        "height": box["height"] + 2 * pad,
    }
    return Image.open(io.BytesIO(page.screenshot(clip=clip, animations="disabled"))).convert("RGB")


def _changed_pixels(a: Image.Image, b: Image.Image) -> int:
    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 40 else 0)
    return sum(1 for v in diff.getdata() if v)


FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e.tagName === 'IFRAME') return null;
  const small = e.getBoundingClientRect().width < 4;  // a visually hidden input: its label shows it
  const r = (small && e.closest('label') || e).getBoundingClientRect();
  return {x: r.x, y: r.y, width: r.width, height: r.height,
          what: (e.getAttribute('aria-label') || e.innerText || e.tagName).trim().slice(0, 40)};
}"""


@pytest.mark.parametrize("path", ["/charts", "/?site=whc:1", "/table"])
def test_every_control_the_keyboard_reaches_shows_its_focus(server, page, path):
    """Tab through the page: each control looks different focused and unfocused (pixels)."""
    p = page.page
    p.set_viewport_size({"width": 1440, "height": 900})
    p.goto(server + path)
    wait_until_drawn(p, 1 if path.startswith("/?") else 0)
    p.add_style_tag(content="* { caret-color: transparent !important; }")  # a caret is no focus ring
    p.evaluate("() => document.activeElement && document.activeElement.blur()")
    unseen, seen = [], 0
    for _ in range(45):
        p.keyboard.press("Tab")
        p.wait_for_timeout(120)
        box = p.evaluate(FOCUSED)
        if box is None or box["width"] == 0:
            continue
        p.evaluate("() => document.activeElement.scrollIntoView({block: 'center'})")
        box = p.evaluate(FOCUSED)
        focused = _shot(p, box)
        p.evaluate("() => { window.__focused = document.activeElement; document.activeElement.blur(); }")
        p.wait_for_timeout(80)
        blurred = _shot(p, box)
        p.evaluate("() => window.__focused.focus()")
        seen += 1
        if _changed_pixels(focused, blurred) < 30:
            unseen.append(box["what"])
            focused.save(ARTIFACTS / f"focus-unseen-{len(unseen)}.png")
    assert seen >= 20, f"only {seen} controls reached"
    assert not unseen, f"no visible focus on: {unseen}"


# ---------------------------------------------------------------- charts and motion


def test_each_chart_has_a_summary_and_a_data_table(server, page):
    p = page.page
    p.goto(f"{server}/charts?region=eur")
    wait_until_drawn(p)
    charts = p.locator(".stPlotlyChart").count()
    tables = p.get_by_text(labels.CHART_DATA.format(title=""), exact=False)
    assert charts >= 8 and tables.count() == charts
    first = tables.first
    first.click()
    table = p.locator('[data-testid="stTable"] table').first
    table.wait_for()
    assert table.locator("th").count() >= 2 and table.locator("tbody tr").count() >= 5
    summaries = p.locator('[data-testid="stCaptionContainer"]').all_inner_texts()
    assert any(s.startswith("Countries with the most designations. Highest: ") for s in summaries), summaries


YEAR_SLIDER = ".st-key-t_year input[type=range]"
YEAR_IS = (
    "([sel, test, y]) => { const v = +document.querySelector(sel).value;"
    " return test === 'below' ? v < y : test === 'from' ? v >= y : v === y; }"
)


def _year(p) -> int:
    return int(p.locator(YEAR_SLIDER).input_value())


def _wait_year(p, test: str, year: int) -> None:
    p.wait_for_function(YEAR_IS, arg=[YEAR_SLIDER, test, year], timeout=20_000)


def test_the_year_by_year_chart_plays_and_pauses_from_the_keyboard(server, page):
    p = page.page
    p.goto(f"{server}/charts")
    wait_until_drawn(p)
    last = _year(p)
    play = p.locator(".st-key-t_play button")
    play.focus()
    p.keyboard.press("Space")  # at the last year: plays from the first
    _wait_year(p, "below", last)
    started = _year(p)
    _wait_year(p, "from", started + 2)  # one year a step
    assert p.evaluate("() => document.activeElement.innerText").strip().endswith(labels.PAUSE)
    p.keyboard.press("Space")  # the focus stayed on the button: it pauses
    play.filter(has_text=labels.PLAY).wait_for(timeout=10_000)
    paused = _year(p)
    p.wait_for_timeout(2_500)
    assert _year(p) == paused < last
    p.locator(YEAR_SLIDER).focus()  # the slider steps with the arrow keys
    p.keyboard.press("ArrowRight")
    _wait_year(p, "is", paused + 1)
    assert page.errors == []


def test_reduced_motion_hides_play_and_says_why(server, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, reduced_motion="reduce")
    p = OfflinePage(context.new_page()).page
    p.goto(f"{server}/charts")
    wait_until_drawn(p)
    assert not p.locator(".st-key-t_play").is_visible()
    assert p.get_by_text(labels.REDUCED_MOTION_NOTE).is_visible()
    assert p.get_by_role("slider", name=labels.TIMELINE_YEAR).is_visible()
    context.close()


def test_without_reduced_motion_play_shows_and_the_note_does_not(server, page):
    page.page.goto(f"{server}/charts")
    wait_until_drawn(page.page)
    assert page.page.locator(".st-key-t_play").is_visible()
    assert not page.page.get_by_text(labels.REDUCED_MOTION_NOTE).is_visible()


# ---------------------------------------------------------------- zoom

OVERFLOW = """() => {
  const w = window.innerWidth;
  const boxes = ['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]', '[data-testid="stMainBlockContainer"]']
    .map(s => document.querySelector(s)).filter(Boolean).concat([document.scrollingElement]);
  const scrolls = boxes.filter(b => b.scrollWidth > b.clientWidth + 1).map(b => b.getAttribute('data-testid') || b.tagName);
  const past = [...document.querySelectorAll('[data-testid="stMain"] :is(p, h1, h2, h3, label, button, input, [role=slider], .stPlotlyChart, iframe)')]
    .filter(e => e.getClientRects().length && !e.closest('[data-testid="stDataFrame"]'))
    .filter(e => !e.matches('input[type=range]'))  // visually hidden, follows the slider's thumb
    .filter(e => e.getBoundingClientRect().right > w + 1)
    .map(e => e.tagName + ' ' + (e.innerText || '').slice(0, 30));
  return {scrolls, past};
}"""


@pytest.mark.parametrize("name", ["map", "charts", "country", "table", "about"])
def test_the_layout_holds_at_200_percent_zoom(server, browser, name):
    """200 % zoom of a 1440×900 screen: a 720×450 CSS viewport at twice the pixel density."""
    context = browser.new_context(viewport={"width": 720, "height": 450}, device_scale_factor=2)
    p = OfflinePage(context.new_page()).page
    p.goto(axe_audit.page_url(server, name, "en"))
    wait_until_drawn(p, MAPS.get(name, 0))
    found = p.evaluate(OVERFLOW)
    if name == "charts":
        p.screenshot(path=str(ARTIFACTS / "zoom-200-charts.png"))
    context.close()
    assert found == {"scrolls": [], "past": []}, found
