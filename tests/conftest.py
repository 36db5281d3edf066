"""Shared test set-up: the processed data must exist (``make test`` builds it first)."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import basemap, build, paths
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS  # one browser set-up for tests and benchmark


@pytest.fixture(scope="session", autouse=True)
def processed_data():
    """Build data/processed/ once if a plain `pytest` run finds it missing (or made before the base map)."""
    needed = ["designations.parquet", *basemap.file_names()]
    if not all((paths.current_set() / name).exists() for name in needed):
        build.build(progress=None)


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for every browser test (Playwright's sync API allows one)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
