"""Headless Debian Chromium kept offline: nothing but loopback is reached, and every attempt to
leave is recorded.

The tests wrap each page in :class:`OfflinePage`, which aborts requests to other hosts itself
(Playwright routes every request through this process). The benchmark instead launches its
browser with :func:`launch`, whose proxy makes those requests fail inside Chromium, and its pages
only listen: routing costs a map page about 0.3 s of round trips that no user pays.
"""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = ("127.0.0.1", "localhost")
# Every request to another host goes to a proxy on a closed loopback port and fails there.
BLOCKING_PROXY = {"server": "http://127.0.0.1:9", "bypass": ",".join(LOCAL_HOSTS)}


def _is_local(url: str) -> bool:
    host = url.split("/")[2].split(":")[0] if "://" in url else ""
    return url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS


class OfflinePage:
    """A Playwright page whose requests to any host but loopback are recorded, with its script
    errors and dialogs (dismissed). With ``intercept`` (the tests) the page aborts those
    requests itself; without, the browser must block them (:func:`launch`)."""

    def __init__(self, page, intercept: bool = True):
        self.page = page
        self.external: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        if intercept:
            page.route("**/*", self._route)
        else:
            page.on("request", self._record)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)

    def _route(self, route):
        if _is_local(route.request.url):
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def _record(self, request):
        if not _is_local(request.url):
            self.external.append(request.url)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def href(self) -> str:
        """The address bar (Playwright's page.url lags behind history.pushState)."""
        return self.page.evaluate("document.location.href")


def launch(playwright):
    """Chromium in which requests to any host but loopback fail (the benchmark's browser)."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium not found at {CHROMIUM}")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, proxy=BLOCKING_PROXY)
