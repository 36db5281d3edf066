"""axe-core (vendored in tests/e2e/vendor/axe-core/) run on every page of the dashboard, in
English and Arabic names, at a desktop and a phone viewport.

axe is injected into the page, where the maps are, and into any frame it holds, and run in each
document on its own, so every violation says which document it was found in. Violations that
are accepted, with a reason, are listed in tests/e2e/axe_allowed.toml.

`python -m tests.e2e.axe_audit [out.md]` starts a server, audits every page and writes the
violations per page as Markdown (the record of docs/accessibility.md).
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
AXE_JS = (HERE / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
ALLOWED_FILE = HERE / "axe_allowed.toml"
BLOCKING = ("serious", "critical")

# name -> path and query: every page, the map in both modes and with a site open
PAGES = {
    "map": "/?site=whc:1",
    "map-countries": "/?mode=choropleth",
    "charts": "/charts",
    "country": "/country?sel=FRA",
    "table": "/table",
    "places": "/places",
    "compare": "/compare?country=CHN,FRA,ITA",
    "about": "/about",
}
MAPS = {"map": 1, "map-countries": 1, "country": 1, "places": 1}  # maps per page
LANGS = ("en", "ar")
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
RUN_AXE = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations'], iframes: false});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5), count: v.nodes.length}));
}"""


@dataclass(frozen=True)
class Violation:
    page: str
    lang: str
    viewport: str
    frame: str  # "page" or "map" (a frame of the page)
    rule: str
    impact: str
    help: str
    count: int
    targets: tuple[str, ...]

    @property
    def blocking(self) -> bool:
        return self.impact in BLOCKING


def page_url(base: str, name: str, lang: str) -> str:
    path = PAGES[name]
    if lang == "en":
        return base + path
    return base + path + ("&" if "?" in path else "?") + f"lang={lang}"


# The script has run to its end (the sidebar's Share control is drawn last), nothing is pending,
# every chart is drawn and each of the n maps (in the page) has drawn its data.
DRAWN = """n => !document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSkeleton"]')
  && document.querySelector('[data-testid="stSidebar"] [data-testid="stPopover"]')
  && document.querySelectorAll('h1').length > 0
  && document.querySelectorAll('.atlas-map[data-atlas-updates]').length >= n
  && [...document.querySelectorAll('.stPlotlyChart')].every(c => c.querySelector('.main-svg'))"""


def wait_until_drawn(page, maps: int = 0, timeout: float = 45_000) -> None:
    """Wait until the page is complete (:data:`DRAWN`) and has stayed so for a moment."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    for _ in range(2):
        page.wait_for_function(DRAWN, arg=maps, timeout=timeout)
        page.wait_for_timeout(500)  # Plotly and Leaflet finish their first layout


def audit_document(frame) -> list[dict]:
    """axe's violations in one document (a page or a frame)."""
    if not frame.evaluate("() => typeof window.axe !== 'undefined'"):
        frame.evaluate(AXE_JS)
    return frame.evaluate(RUN_AXE)


def audit_page(page, base: str, name: str, lang: str, viewport: str) -> list[Violation]:
    page.goto(page_url(base, name, lang))
    wait_until_drawn(page, MAPS.get(name, 0))
    found = []
    for frame in page.frames:
        where = "page" if frame == page.main_frame else "map"
        if frame != page.main_frame and not frame.evaluate("() => !!document.querySelector('.leaflet-container')"):
            where = "frame"
        for v in audit_document(frame):
            found.append(
                Violation(
                    name,
                    lang,
                    viewport,
                    where,
                    v["id"],
                    v["impact"] or "minor",
                    v["help"],
                    v["count"],
                    tuple(v["targets"]),
                )
            )
    return found


def audit_all(browser, base: str, pages=PAGES, langs=LANGS, viewports=VIEWPORTS) -> list[Violation]:
    from tests.support.browser import OfflinePage

    found: list[Violation] = []
    for viewport, size in viewports.items():
        context = browser.new_context(viewport=size)
        page = OfflinePage(context.new_page()).page
        for lang in langs:
            for name in pages:
                found += audit_page(page, base, name, lang, viewport)
        context.close()
    return found


# ---------------------------------------------------------------- the accepted violations


@dataclass(frozen=True)
class Allowed:
    rule: str
    frame: str
    reason: str
    pages: tuple[str, ...]  # empty: every page

    def covers(self, v: Violation) -> bool:
        return v.rule == self.rule and v.frame == self.frame and (not self.pages or v.page in self.pages)


def allowed(path: Path = ALLOWED_FILE) -> list[Allowed]:
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("allowed", [])
    return [Allowed(e["rule"], e.get("frame", "page"), e["reason"].strip(), tuple(e.get("pages", ()))) for e in entries]


def unexplained(found: list[Violation], accepted: list[Allowed]) -> list[Violation]:
    """Violations not accepted: any serious or critical one, and any other one with no entry."""
    return [v for v in found if v.blocking or not any(a.covers(v) for a in accepted)]


# ---------------------------------------------------------------- the record


def markdown(found: list[Violation], title: str) -> str:
    """Violations per page (rule ids with their impact and the number of elements)."""
    lines = [
        f"### {title}",
        "",
        "| page | lang | viewport | serious/critical | minor/moderate |",
        "|---|---|---|---|---|",
    ]
    keys = sorted(
        {(v.page, v.lang, v.viewport) for v in found}
        | {(p, lg, vp) for p in PAGES for lg in LANGS for vp in VIEWPORTS},
        key=lambda k: (list(PAGES).index(k[0]), k[1], k[2]),
    )
    for key in keys:
        here = [v for v in found if (v.page, v.lang, v.viewport) == key]

        def cell(vs):
            return (
                ", ".join(f"{v.rule} ({v.impact}, {v.count}{'' if v.frame == 'page' else ', ' + v.frame})" for v in vs)
                or "0"
            )

        lines.append(
            f"| {key[0]} | {key[1]} | {key[2]} | {cell([v for v in here if v.blocking])} "
            f"| {cell([v for v in here if not v.blocking])} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import run_server
    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS

    out = Path(argv[0]) if argv else None
    with sync_playwright() as p, run_server() as base:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        found = audit_all(browser, base)
        browser.close()
    text = markdown(found, "axe-core 4.14.1 violations per page")
    details = sorted({(v.rule, v.impact, v.frame, v.help, v.targets[:2]) for v in found})
    text += "\n" + "\n".join(f"- `{r}` ({i}, {f}): {h} — e.g. `{'`, `'.join(t)}`" for r, i, f, h, t in details) + "\n"
    if out:
        out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
