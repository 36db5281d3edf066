"""Refresh the README's screenshots: `python docs/take_screenshots.py [name …]` (needs /usr/bin/chromium);
with names (e.g. ``charts``), only those pictures."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from geo import labels  # noqa: E402
from tests.e2e.conftest import run_server  # noqa: E402
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

DOCS = Path(__file__).resolve().parent
VIEWS = {  # file name -> (path and query, size)
    "screenshot-map.png": ("/?region=apac&year=1980-2026", (1500, 1000)),
    "screenshot-charts.png": ("/charts?region=eur", (1500, 1000)),
    "screenshot-country.png": ("/country?sel=ITA", (1500, 1000)),
    "screenshot-places.png": ("/places?minkinds=2", (1500, 1000)),
    "screenshot-compare.png": ("/compare?country=CHN,FRA,ITA", (1500, 1000)),
    "screenshot-present.png": ("/?present=1&kind=whc&mode=choropleth&per=raw", (1600, 950)),
    "screenshot-bri-timeline.png": ("/charts?img=svg", (1500, 1000)),
    "screenshot-arabic.png": ("/table?lang=ar&region=arab&kind=whc", (1500, 900)),
    "screenshot-share.png": ("/?kind=uggp&region=apac", (1500, 1000)),
}
# What to do before the picture: scroll to a heading, or open a control.
ACTIONS = {
    "screenshot-bri-timeline.png": lambda page: page.get_by_text(
        labels.BRI_LENS, exact=True
    ).scroll_into_view_if_needed(),
    "screenshot-share.png": lambda page: page.get_by_text(labels.SHARE, exact=True).click(),
}


def main(only: list[str]) -> None:
    views = {name: view for name, view in VIEWS.items() if not only or any(f"-{o}." in name for o in only)}
    with run_server() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, (address, (width, height)) in views.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(base + address)
            page.wait_for_selector('[data-testid="stApp"]')
            page.wait_for_timeout(7000)  # let maps cluster and charts animate
            if name in ACTIONS:
                ACTIONS[name](page)
                page.wait_for_timeout(1500)
            page.screenshot(path=str(DOCS / name))
            page.close()
            print("wrote", DOCS / name)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
