"""The country brief in headless Chromium: printed to A4 it takes two pages at most for France,
Kenya and China, asks nothing of any server, and the country page's button gives it in the
view's language. The PDFs and a screenshot of France's brief go to tests/artifacts/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo import brief, i18n, labels
from geo.store import load_atlas
from tests.e2e.conftest import ARTIFACTS, wait_for_app

pytestmark = pytest.mark.e2e

A4_POINTS = (595.3, 841.9)  # 210 × 297 mm, within a point
CONTENT_WIDTH_PX = round((210 - 2 * 14) / 25.4 * 96)  # A4 less the 14 mm margins, at 96 px per inch


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def _pages(pdf: bytes) -> int:
    """The PDF's page count: its page objects, checked against the page tree's count."""
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert re.search(rb"/Type\s*/Pages\b.*?/Count\s+%d\b" % pages, pdf, re.S), "page objects and /Count disagree"
    return pages


def _media_boxes(pdf: bytes) -> set[tuple[float, float]]:
    return {
        (round(float(w), 1), round(float(h), 1)) for w, h in re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    }


@pytest.mark.parametrize("iso3", ["FRA", "KEN", "CHN"])
def test_the_brief_prints_on_two_a4_pages_at_most_offline(browser, atlas, iso3):
    html = brief.country_brief(iso3, atlas.designations, atlas.countries, "en")
    context = browser.new_context(viewport={"width": CONTENT_WIDTH_PX, "height": 1000})
    page = context.new_page()
    requests: list[str] = []
    page.route("**/*", lambda route: (requests.append(route.request.url), route.abort()))
    try:
        page.set_content(html, wait_until="load")
        page.emulate_media(media="print")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        figures = page.locator(".figure b").all_inner_texts()
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        (ARTIFACTS / f"brief-{iso3}.pdf").write_bytes(pdf)
        if iso3 == "FRA":
            page.screenshot(path=str(ARTIFACTS / "brief-FRA.png"), full_page=True)
    finally:
        context.close()
    assert requests == []
    assert overflow <= 0, f"the brief is {overflow}px wider than A4's printable width"
    n = int(atlas.countries.loc[atlas.countries["iso3"] == iso3, "designations"].iloc[0])
    assert figures[0] == i18n.number(n, lang="en")
    assert pdf.startswith(b"%PDF") and 1 <= _pages(pdf) <= 2
    boxes = _media_boxes(pdf)
    assert boxes and all(abs(w - A4_POINTS[0]) < 1 and abs(h - A4_POINTS[1]) < 1 for w, h in boxes)


def test_the_country_page_gives_the_brief_in_its_language(server, page):
    page.page.goto(f"{server}/country?sel=KEN&lang=fr")
    wait_for_app(page.page)
    with page.page.expect_download(timeout=30_000) as info:
        page.page.get_by_role("button", name=re.compile("A4")).click()
    download = info.value
    html = Path(download.path()).read_text(encoding="utf-8")
    with i18n.using("fr"):
        sites_by_kind = labels.SITES_BY_KIND
    assert download.suggested_filename == "unesco-atlas-brief-KEN.html"
    assert '<html lang="fr" dir="ltr">' in html and "<h1>Kenya</h1>" in html
    assert f"<h2>{sites_by_kind}</h2>" in html  # made on the server's thread, still in French
    assert page.external == [] and page.errors == []  # nothing fetched off the server, not even a tab icon
