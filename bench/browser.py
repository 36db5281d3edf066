"""Browser measurements in headless Debian Chromium against a real server (loopback only).

Times are taken inside the page with ``performance.now()``: a shared URL is timed from the
navigation start to the first map marker (or cluster) drawn with a non-zero box inside the map
(a map in the page, as the atlas' live map, or in a frame, as the floor app's); a filter click
from the click event to the first marker of the map's *next* data: a new frame document (the
old one is tagged before the click) or, for a map in the page, its next update in place
(``data-atlas-updates`` grows). The websocket messages each click brings are counted too. Every request to a host other than 127.0.0.1 fails and
is counted (the naive baseline asks for CDN files and OpenStreetMap tiles).

The browser (``tests.support.browser.launch``) blocks other hosts itself and pages only listen
to requests: routing each request through Playwright, as the e2e tests do to abort them, costs
an open of the map page about 0.3 s of round trips to this Python process that no user pays.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.common import gz, median, wait_until_idle
from bench.server import serve
from tests.support.browser import OfflinePage

VIEWPORT = {"width": 1440, "height": 1000}
DANGER_TOGGLE = "In danger only"

# Polled every animation frame. Records when the page's first metric shows a new value (the
# script's output arrived; on a click: the rerun's), and returns {content, marker, shaded}
# (performance.now() ms) once a map frame not tagged __benchOld shows its data: a marker or
# cluster icon on screen, or (shaded = 1) an interactive country polygon, as the map page draws
# shaded countries instead of points above a size (the points map's base land is not interactive).
MARKERS_VISIBLE = """() => {
  const s = window.__benchStages || (window.__benchStages = {});
  const now = performance.now();
  const metric = document.querySelector('[data-testid="stMetricValue"]');
  if (s.content === undefined && metric && metric.textContent !== window.__benchMetric) s.content = now;
  for (const m of document.querySelectorAll('.atlas-map[data-atlas-updates]')) {
    if (m.dataset.atlasUpdates === window.__benchOldUpdates) continue;
    const box = m.getBoundingClientRect();
    for (const e of m.querySelectorAll('.leaflet-marker-icon, path.leaflet-interactive')) {
      const r = e.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && r.right > box.left && r.bottom > box.top && r.left < box.right && r.top < box.bottom) {
        s.marker = now;
        if (e.tagName.toLowerCase() === 'path') s.shaded = 1;
        window.__benchStages = null;
        return s;
      }
    }
  }
  for (const f of document.querySelectorAll('iframe')) {
    let w, d;
    try { w = f.contentWindow; d = f.contentDocument; } catch (e) { continue; }
    if (!w || !d || w.__benchOld || !d.body) continue;
    const icons = d.querySelectorAll('.leaflet-marker-icon');
    const vw = w.innerWidth, vh = w.innerHeight;
    for (let i = 0; i < icons.length; i++) {
      const r = icons[i].getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < vw && r.top < vh) {
        s.marker = now;
        window.__benchStages = null;
        return s;
      }
    }
    const paths = d.querySelectorAll('path.leaflet-interactive');
    for (let i = 0; i < paths.length; i++) {
      const r = paths[i].getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < vw && r.top < vh) {
        s.marker = now;
        s.shaded = 1;
        window.__benchStages = null;
        return s;
      }
    }
  }
  return false;
}"""
TAG_OLD_MAPS = """() => {
  for (const f of document.querySelectorAll('iframe')) { try { f.contentWindow.__benchOld = 1; } catch (e) {} }
  const live = document.querySelector('.atlas-map[data-atlas-updates]');
  window.__benchOldUpdates = live ? live.dataset.atlasUpdates : undefined;
  const metric = document.querySelector('[data-testid="stMetricValue"]');
  window.__benchMetric = metric ? metric.textContent : undefined;
  window.__benchStages = null;
  window.__benchClick = null;
  document.addEventListener('click', () => { window.__benchClick = performance.now(); }, {capture: true, once: true});
}"""


class Tab(OfflinePage):
    """An offline page that only listens (the browser blocks other hosts) and keeps the websocket
    messages the app sends, in order, to weigh what a click brings."""

    def __init__(self, page):
        super().__init__(page, intercept=False)
        self.ws_frames: list[bytes] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload):
        self.ws_frames.append(payload if isinstance(payload, bytes) else payload.encode())


def _open_tab(context) -> Tab:
    return Tab(context.new_page())


def wait_markers(tab: OfflinePage, timeout_ms: float) -> dict:
    """``{content, marker}``: in-page times (ms) of the stages, once a marker is visible."""
    handle = tab.page.wait_for_function(MARKERS_VISIBLE, polling="raf", timeout=timeout_ms)
    return {k: float(v) for k, v in handle.json_value().items() if v is not None}


def open_url(tab: OfflinePage, url: str, timeout_ms: float) -> dict:
    """Navigation start → stages → first marker visible (ms since navigation start)."""
    tab.page.goto(url, wait_until="commit", timeout=timeout_ms)
    return wait_markers(tab, timeout_ms)


def click_filter(tab: Tab, label: str, timeout_ms: float) -> dict:
    """Click the sidebar control ``label``; ms from the click event to the new metric value (the
    rerun's output) and to the new map's first visible marker."""
    page = tab.page
    page.evaluate(TAG_OLD_MAPS)
    first_frame = len(tab.ws_frames)
    page.locator('[data-testid="stSidebar"]').get_by_text(label, exact=True).click(timeout=timeout_ms)
    stages = wait_markers(tab, timeout_ms)
    clicked = page.evaluate("() => window.__benchClick")
    if clicked is None:
        raise RuntimeError("the click event was not seen")
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)
    time.sleep(0.3)  # the rerun's last messages
    received = b"".join(tab.ws_frames[first_frame:])
    return {
        "marker": stages["marker"] - clicked,
        "content": stages["content"] - clicked if "content" in stages else None,
        "shaded": bool(stages.get("shaded")),
        "ws_bytes": len(received),
        "ws_gzip_bytes": gz(received),
    }


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def _stage_medians(samples: list[dict]) -> dict:  # noqa: D103
    return {k: median([s[k] for s in samples if s.get(k) is not None]) for k in ("content", "marker")}


def measure_server(
    browser,
    *,
    script: str = "serve.py",
    env_extra: dict[str, str] | None = None,
    urls: dict[str, str],
    opens: int,
    clicks: int,
    sessions: int,
    timeout_s: float,
    log_dir: Path,
    cold_url: str = "/",
    new_tab: bool = True,
) -> dict:
    """Cold start, warm shared-URL opens, filter clicks and memory of one server process.

    Each URL is opened ``opens`` times as a new visitor (fresh browser context: empty cache) and,
    with ``new_tab``, as a new tab of a browser that has the app's static files cached. The server
    is warm for a URL once it has been opened (the cold start opens ``cold_url``) and the process
    has finished its one-off work after the start (it idles)."""
    timeout_ms = timeout_s * 1000
    out: dict = {"script": script}
    external: list[str] = []
    errors: list[str] = []

    def track(tab: OfflinePage) -> OfflinePage:
        external.extend(tab.external)
        errors.extend(e[:200] for e in tab.errors)
        return tab

    cold_ctx = browser.new_context(viewport=VIEWPORT)
    cold_tab = _open_tab(cold_ctx)
    with serve(script, env_extra=env_extra, log_dir=log_dir, timeout=timeout_s) as server:
        # 1. cold start: process start -> first markers visible in a browser that opens the URL
        cold_tab.page.goto(server.base + cold_url, wait_until="commit", timeout=timeout_ms)
        stages = wait_markers(cold_tab, timeout_ms)
        out["cold_start_s"] = time.perf_counter() - server.started
        out["server_ready_s"] = server.healthy - server.started
        out["cold_page_stages_ms"] = stages
        out["cold_view"] = "shaded countries" if stages.get("shaded") else "markers"
        out["memory_after_first_render"] = server.memory()
        track(cold_tab)
        cold_ctx.close()
        out["server_idle_wait_s"] = wait_until_idle(server.cpu_seconds)  # one-off work after the start

        # 2. shared URLs on the warm server: each opened once to warm, then `opens` times as a new
        #    visitor (empty browser cache) and as a new tab (the app's static files cached)
        out["shared_url"] = {}
        for name, path in urls.items():
            url = server.base + path
            warm_ctx = browser.new_context(viewport=VIEWPORT)
            warmup = None
            if path != cold_url or new_tab:  # warm the server, or the browser cache for new tabs
                first = track(_open_tab(warm_ctx))
                warmup = open_url(first, url, timeout_ms)
                first.page.close()
            new_visitor, new_tabs, cpu_visitor, cpu_tab = [], [], [], []
            for _ in range(opens):
                ctx = browser.new_context(viewport=VIEWPORT)
                tab = _open_tab(ctx)
                cpu = server.cpu_seconds()
                new_visitor.append(open_url(tab, url, timeout_ms))
                cpu_visitor.append(server.cpu_seconds() - cpu)
                track(tab)
                ctx.close()
                if new_tab:
                    tab = _open_tab(warm_ctx)
                    cpu = server.cpu_seconds()
                    new_tabs.append(open_url(tab, url, timeout_ms))
                    cpu_tab.append(server.cpu_seconds() - cpu)
                    track(tab)
                    tab.page.close()
            warm_ctx.close()
            out["shared_url"][name] = {
                "path": path,
                "warmup_ms": warmup["marker"] if warmup else None,
                "new_visitor_ms": [s["marker"] for s in new_visitor],
                "new_visitor_median_ms": median([s["marker"] for s in new_visitor]),
                "new_visitor_stages_ms": _stage_medians(new_visitor),
                "new_visitor_server_cpu_ms": _ms(median(cpu_visitor)),
                "new_tab_ms": [s["marker"] for s in new_tabs],
                "new_tab_median_ms": median([s["marker"] for s in new_tabs]),
                "new_tab_stages_ms": _stage_medians(new_tabs),
                "new_tab_server_cpu_ms": _ms(median(cpu_tab)),
                "view": "shaded countries"
                if any(x.get("shaded") for x in new_visitor + new_tabs + ([warmup] if warmup else []))
                else "markers",
            }

        # 3. filter clicks: "In danger only" on, off, on … (the first "on" builds a new map)
        ctx = browser.new_context(viewport=VIEWPORT)
        tab = _open_tab(ctx)
        open_url(tab, server.base + "/", timeout_ms)
        samples, urls_seen = [], []
        cpu_before = server.cpu_seconds()
        for _ in range(clicks):
            samples.append(click_filter(tab, DANGER_TOGGLE, timeout_ms))
            urls_seen.append(tab.href())
        cpu = server.cpu_seconds() - cpu_before
        track(tab)
        ctx.close()
        times = [s["marker"] for s in samples]
        out["filter_click"] = {
            "control": DANGER_TOGGLE,
            "clicks_ms": times,
            "content_ms": [s["content"] for s in samples],
            "first_ms": times[0] if times else None,
            "repeat_median_ms": median(times[1:]) if len(times) > 1 else None,
            "server_cpu_ms_per_click": cpu * 1000 / clicks if clicks else None,
            "views": ["shaded countries" if x["shaded"] else "markers" for x in samples],
            "ws_bytes": [x["ws_bytes"] for x in samples],
            "ws_gzip_bytes": [x["ws_gzip_bytes"] for x in samples],
            "urls": [u.replace(server.base, "") for u in urls_seen[:2]],
        }

        # 4. memory per extra browser session (each keeps its tab open)
        out["memory_before_sessions"] = before = server.memory()
        contexts, steps = [], []
        for _ in range(sessions):
            c = browser.new_context(viewport=VIEWPORT)
            contexts.append(c)
            t = _open_tab(c)
            open_url(t, server.base + "/", timeout_ms)
            time.sleep(0.5)
            steps.append(server.memory().get("VmRSS"))
            track(t)
        for c in contexts:
            c.close()
        base_rss = before.get("VmRSS")
        out["memory"] = {
            "rss_before_sessions": base_rss,
            "rss_after_each_session": steps,
            "growth_per_session": ((steps[-1] - base_rss) / len(steps)) if steps and base_rss else None,
            "peak_rss": server.memory().get("VmHWM"),
            "method": "/proc/<pid>/status: VmRSS (current), VmHWM (peak)",
        }
    out["external_requests_blocked"] = len(external)
    out["external_hosts"] = sorted({u.split("/")[2] for u in external if "://" in u})
    out["page_errors"] = errors[:5]
    return out


def chromium_version(browser) -> str:
    try:
        return browser.version
    except Exception:  # older Playwright
        return "unknown"
