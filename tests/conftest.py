"""Shared test set-up: the processed data must exist (``make test`` builds it first)."""
from __future__ import annotations

import pytest

from geo import build, paths


@pytest.fixture(scope="session", autouse=True)
def processed_data():
    """Build data/processed/ once if a plain `pytest` run finds it missing."""
    if not (paths.processed_dir() / "designations.parquet").exists():
        build.build(progress=None)
