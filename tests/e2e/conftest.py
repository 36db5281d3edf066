"""End-to-end fixtures: a real Streamlit server on loopback and headless Debian Chromium.

The browser is started with no network beyond loopback, and every request to another host is
aborted and recorded, so the tests prove the dashboard works offline.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.server import serve
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: F401  (one browser for the whole run)

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
LOCAL_HOSTS = ("127.0.0.1", "localhost")


@contextmanager
def run_server(env_extra: dict[str, str] | None = None, timeout: float = 60):
    """Start `streamlit run dashboard.py` on a free loopback port (bench.server.serve); yield its base URL."""
    with serve("dashboard.py", env_extra, timeout, log_dir=ARTIFACTS) as running:
        yield running.base


@pytest.fixture(scope="session")
def server():
    with run_server() as base:
        yield base


class OfflinePage:
    """A page whose requests to any non-loopback host are aborted and recorded."""

    def __init__(self, page):
        self.page = page
        self.external: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.route("**/*", self._route)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)

    def _route(self, route):
        url = route.request.url
        host = url.split("/")[2].split(":")[0] if "://" in url else ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def href(self) -> str:
        """The address bar (Playwright's page.url lags behind history.pushState)."""
        return self.page.evaluate("document.location.href")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    p = OfflinePage(context.new_page())
    yield p
    context.close()


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelectorAll('[data-testid=\"stMetricValue\"], h1').length > 0",
        timeout=timeout)
