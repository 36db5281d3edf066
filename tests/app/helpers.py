"""Helpers for AppTest page tests."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")


def open_app(params: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    """Run the dashboard as a fresh session opening a URL with ``params`` (and ``page``)."""
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def url(at: AppTest) -> dict[str, str]:
    return {k: v for k, v in at.query_params.items()}
