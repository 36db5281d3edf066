"""The interface in each UN language, in the browser: no English interface text left on any page
(the page's text against the English catalogue), the page declares its language, Arabic lays out
right to left, and the exports carry translated headers."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from geo import i18n, labels
from tests.e2e.axe_audit import MAPS, PAGES, wait_until_drawn

pytestmark = pytest.mark.e2e
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# The page's text, without what is marked as another language (cited titles, licences, credits).
SHOWN_TEXT = """() => {
  let text = document.body.innerText;
  for (const other of document.querySelectorAll('body [lang]')) {
    if (other.lang !== document.documentElement.lang && other.innerText) text = text.split(other.innerText).join(' ');
  }
  return text;
}"""


def _english_left_in(lang: str) -> list[str]:
    """Fragments of English interface text that the ``lang`` catalogue translates differently: each
    text cut at its placeholders and Markdown, fragments of two words or more that no translation
    keeps (a translation may quote an English title, such as a cited publication's)."""
    with open(i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalogue = read_po(handle, locale=lang)
    translations = [s for m in catalogue if m.id for s in (m.string if isinstance(m.string, tuple) else (m.string,))]
    fragments = set()
    for message in catalogue:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        for source in sources:
            for part in PLACEHOLDER.split(re.sub(r"\*\*|`|<br>|<b>|</b>|\s+", " ", source)):
                part = part.strip(" .,:;()·—-")
                if len(part.split()) >= 2 and not any(part in s for s in translations):
                    fragments.add(part)
    return sorted(fragments, key=len, reverse=True)


@pytest.mark.parametrize("lang", ["fr", "ar"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_english_interface_text_on_the_page(server, page, lang, name):
    address = PAGES[name]
    page.page.goto(f"{server}{address}{'&' if '?' in address else '?'}lang={lang}")
    wait_until_drawn(page.page, MAPS.get(name, 0))
    shown = page.page.evaluate(SHOWN_TEXT)
    left = [fragment for fragment in _english_left_in(lang) if re.search(rf"\b{re.escape(fragment)}\b", shown)]
    assert not left, f"English interface text on {name} in {lang}: {left[:10]}"
    html = page.page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]")
    assert html == [lang, "rtl" if lang == "ar" else "ltr"]
    assert page.external == [] and page.errors == []


def test_arabic_lays_the_page_out_right_to_left(server, page):
    page.page.goto(f"{server}/?lang=ar")
    wait_until_drawn(page.page, 1)
    sidebar, main = (page.page.locator(f'[data-testid="{t}"]').bounding_box() for t in ("stSidebar", "stMain"))
    assert sidebar["x"] > main["x"]  # the sidebar on the right
    direction = page.page.evaluate(
        "() => getComputedStyle(document.querySelector('[data-testid=\"stMain\"] h1')).direction"
    )
    assert direction == "rtl"


def test_the_exports_carry_translated_headers(server, page):
    page.page.goto(f"{server}/table?lang=fr&country=KEN")
    wait_until_drawn(page.page)
    with page.page.expect_download() as download:
        with i18n.using("fr"):
            page.page.get_by_role("button", name=labels.DOWNLOAD_CSV, exact=True).click()
    header = open(download.value.path(), encoding="utf-8-sig").readline()
    assert header.startswith("Nom,Type,Pays,Région,site_id,designation")
