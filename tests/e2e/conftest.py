"""End-to-end fixtures: a real Streamlit server on loopback and headless Debian Chromium.

The browser is started with no network beyond loopback, and every request to another host is
aborted and recorded, so the tests prove the dashboard works offline.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.browser import OfflinePage
from tests.support.server import serve

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"


@contextmanager
def run_server(env_extra: dict[str, str] | None = None, timeout: float = 60):
    """Start `streamlit run serve.py` (the dashboard behind its gate) on a free loopback port
    (tests.support.server.serve); yield its base URL."""
    with serve("serve.py", env_extra, timeout, log_dir=ARTIFACTS) as running:
        yield running.base


@pytest.fixture(scope="session")
def server():
    with run_server() as base:
        yield base


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
        timeout=timeout,
    )
