"""The offline base map's cost: ``python -m bench.basemap [--opens 7]``.

1. Time to first marker of a shared link, new visitor (empty browser cache), on three servers
   running side by side and opened in turn (so the machine's drift hits them alike): the floor app,
   the atlas without its base map (a data root whose processed folder lacks the base map files)
   and the atlas with it. Links: the world view (``/``) and a site in the Alps (zoom 7).
2. Bytes of base map fetched per zoom band: a new visitor opens the world view, then the map is
   zoomed to 5 and to 7; each step records the base map files it fetched (their size as sent, and
   gzipped as a compressing proxy would send them).

Writes ``bench/basemap.json`` and re-renders ``bench/results.md`` (its "Base map" section).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

from bench import report
from bench.browser import VIEWPORT, open_url
from bench.common import BENCH, gz, median
from bench.run import git_state
from bench.server import serve
from geo import basemap, paths
from tests.support.browser import OfflinePage, launch

ALPS = "/?site=whc:1037"
LINKS = {"world": "/", "alps": ALPS}
SET_ZOOM = """z => new Promise(done => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  map.once('zoomend', () => setTimeout(done, 50));
  map.setZoom(z, {animate: false});
})"""


def root_without_base_map(work: Path) -> Path:
    """A data root like the project's whose processed folder has no base map files."""
    root = work / "data"
    (root / "processed").mkdir(parents=True)
    for name in ("raw", "reference"):
        (root / name).symlink_to(paths.data_dir() / name)
    skip = set(basemap.file_names())
    for item in paths.processed_dir().iterdir():
        if item.is_file() and item.name not in skip:
            shutil.copy2(item, root / "processed" / item.name)
    return root


def first_marker_ms(browser, base: str, link: str) -> float:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        return open_url(OfflinePage(context.new_page(), intercept=False), base + link, 60_000)["marker"]
    finally:
        context.close()


def bytes_per_band(browser, base: str) -> list[dict]:
    """World view, then zoom 5, then zoom 7: the base map files each step fetched."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    fetched: list[tuple[str, int, int]] = []

    def record(response):
        if "/basemap-" in response.url:
            body = response.body()
            fetched.append((response.url.rsplit("/", 1)[-1], len(body), gz(body)))

    page.on("response", record)
    steps = []
    try:
        open_url(OfflinePage(page, intercept=False), base + "/", 60_000)
        frame = page.frame_locator("iframe").first
        frame.locator(".atlas-base-label").first.wait_for(timeout=30_000)
        for zoom in (None, 5, 7):
            if zoom is not None:
                page.frames[1].evaluate(SET_ZOOM, zoom)
                frame.locator(".atlas-base-label").first.wait_for(timeout=30_000)
            page.wait_for_timeout(1500)  # any fetch the zoom starts has ended
            shown = page.frames[1].evaluate("() => Object.values(window).find(v => v instanceof L.Map).getZoom()")
            steps.append(
                {
                    "zoom": shown,
                    "files": [f[0] for f in fetched],
                    "bytes": sum(f[1] for f in fetched),
                    "gzip": sum(f[2] for f in fetched),
                }
            )
            fetched.clear()
    finally:
        context.close()
    return steps


def measure(opens: int) -> dict:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="bench-basemap-"))
    apps = {
        "floor": ("bench/floor_app.py", {}, {"world": "/"}),
        "without": ("serve.py", {"UNESCO_ATLAS_DATA": str(root_without_base_map(work))}, LINKS),
        "with": ("serve.py", {}, LINKS),
    }
    times: dict[str, dict[str, list[float]]] = {
        app: {link: [] for link in links} for app, (_, _, links) in apps.items()
    }
    try:
        with sync_playwright() as p:
            browser = launch(p)
            with (
                serve(*apps["floor"][:2], log_dir=work) as floor,
                serve(*apps["without"][:2], log_dir=work) as without,
                serve(*apps["with"][:2], log_dir=work) as with_base,
            ):
                servers = {"floor": floor, "without": without, "with": with_base}
                for app, server in servers.items():  # warm each server and link once
                    for link in apps[app][2].values():
                        first_marker_ms(browser, server.base, link)
                for _ in range(opens):
                    for app, server in servers.items():
                        for name, link in apps[app][2].items():
                            times[app][name].append(first_marker_ms(browser, server.base, link))
                steps = bytes_per_band(browser, with_base.base)
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    layers = basemap.load()
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "git": git_state(),
        "opens": opens,
        "first_marker_ms": {
            app: {name: {"median": median(v), "all": [round(x) for x in v]} for name, v in links.items()}
            for app, links in times.items()
        },
        "steps": steps,
        "bands": [{"zoom": json.loads(t)["zoom"], "bytes": len(t.encode()), "gzip": gz(t)} for t in layers.texts],
    }


def section(data: dict) -> list[str]:
    """The "Base map" section of results.md."""
    t = data["first_marker_ms"]
    floor = t["floor"]["world"]["median"]
    rows = []
    for name, label in (("world", "world view (`/`)"), ("alps", f"a site in the Alps, zoom 7 (`{ALPS}`)")):
        a, b = t["without"][name]["median"], t["with"][name]["median"]
        rows.append([label, report.fmt_ms(a), report.fmt_ms(b), f"{b / a:.2f}", f"{a / floor:.2f} → {b / floor:.2f}"])
    lines = [
        "",
        "## Base map",
        "",
        f"`python -m bench.basemap` on {data['date']}, commit {data['git'].get('commit', '?')}: "
        f"{data['opens']} opens per link and server as a new visitor, the three servers opened in turn. "
        f"Floor app, world view: {report.fmt_ms(floor)}.",
        "",
        report._table(
            [
                "Shared link → first marker",
                "without base map",
                "with base map",
                "with ÷ without",
                "÷ floor app (without → with)",
            ],
            rows,
        ),
        "",
        "Bytes of base map fetched as a new visitor opens the world view and zooms in (as sent; gzipped in brackets):",
        "",
        report._table(
            ["Step", "Zoom", "Files fetched", "Bytes"],
            [
                [
                    str(i + 1),
                    f"{s['zoom']:g}",
                    ", ".join(f"`…{f[-6:]}`" for f in s["files"]) or "none",
                    f"{report.fmt_bytes(s['bytes'])} ({report.fmt_bytes(s['gzip'])})",
                ]
                for i, s in enumerate(data["steps"])
            ],
        ),
        "",
        "Band files: "
        + ", ".join(
            f"zooms {b['zoom'][0]}–{b['zoom'][1] if b['zoom'][1] < 99 else ''} {report.fmt_bytes(b['bytes'])} "
            f"({report.fmt_bytes(b['gzip'])} gzipped)"
            for b in data["bands"]
        )
        + f"; all {report.fmt_bytes(sum(b['gzip'] for b in data['bands']))} gzipped (budget 1.5 MB).",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--opens", type=int, default=7)
    args = parser.parse_args()
    data = measure(args.opens)
    (BENCH / "basemap.json").write_text(json.dumps(data, indent=1) + "\n")
    results = json.loads((BENCH / "results.json").read_text())
    (BENCH / "results.md").write_text(report.markdown(results))
    print("\n".join(section(data)))


if __name__ == "__main__":
    main()
