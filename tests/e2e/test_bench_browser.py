"""The benchmark's browser is offline by itself: requests to other hosts fail in Chromium (it does
not route them through Playwright, which would slow every page it times), loopback works, and
each attempt to leave is recorded."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Run apart: Playwright's sync API allows one instance per process, and the session's is open.
SCRIPT = r"""
import json, threading
from http.server import HTTPServer, SimpleHTTPRequestHandler
from playwright.sync_api import sync_playwright
from bench.browser import _open_tab
from tests.support.browser import launch

class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args): pass

local = HTTPServer(("127.0.0.1", 0), Quiet)
threading.Thread(target=local.serve_forever, daemon=True).start()
with sync_playwright() as p:
    browser = launch(p)
    tab = _open_tab(browser.new_context())
    failed, done = [], []
    tab.page.on("requestfailed", lambda r: failed.append(r.url))
    tab.page.on("requestfinished", lambda r: done.append(r.url))
    tab.page.goto(f"http://127.0.0.1:{local.server_port}/")
    tab.page.set_content('<img src="http://example.com/a.png"><img src="http://93.184.215.14/b.png">'
                         '<img src="https://tile.openstreetmap.org/1/1/1.png">')
    tab.page.wait_for_function("() => [...document.images].every(i => i.complete)")
    print(json.dumps({"external": tab.external, "failed": failed, "done": done}))
    browser.close()
"""


def test_the_benchmark_browser_blocks_other_hosts_and_records_them():
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    seen = __import__("json").loads(out.stdout.strip().splitlines()[-1])
    outside = ["http://example.com/a.png", "http://93.184.215.14/b.png", "https://tile.openstreetmap.org/1/1/1.png"]
    assert seen["external"] == outside
    assert sorted(seen["failed"]) == sorted(outside)
    assert any(u.startswith("http://127.0.0.1:") for u in seen["done"])  # loopback still works
