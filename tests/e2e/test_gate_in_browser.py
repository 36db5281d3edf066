"""The server's gate, as a visitor meets it: an unknown address, an oversize link (#17)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e


def test_an_unknown_address_shows_a_not_found_page_with_a_link_home(server, page):
    for path in ("/charts/x/y", "/nowhere"):
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(f"{server}{path}", timeout=10)
        assert info.value.code == 404 and info.value.headers["X-Content-Type-Options"] == "nosniff"
    page.page.goto(f"{server}/charts/x/y")
    assert page.page.locator("h1").inner_text() == "Page not found"
    page.page.get_by_role("link", name="Open the atlas's map").click()
    wait_for_app(page.page)
    assert page.page.url.rstrip("/") == server and page.page.locator("h1").count() >= 1
    assert not page.external and not page.errors


def test_a_link_too_long_keeps_what_fits_and_says_so(server, page):
    extra = "&".join(f"x{i}=1" for i in range(1200))
    page.page.goto(f"{server}/?kind=uggp&{extra}")
    wait_for_app(page.page)
    assert "kind=uggp" in page.page.url and "trimmed=" not in page.page.url  # the notice is shown once
    alerts = page.page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("longer than the dashboard accepts" in a and "202 parameters" in a for a in alerts), alerts
    shown = page.page.locator('[data-testid="stMetricValue"]').first.inner_text()
    assert shown == "241"  # the kept kind=uggp applies: the geoparks only
    assert not page.errors


def test_pages_carry_the_security_headers(server):
    with urllib.request.urlopen(f"{server}/charts", timeout=10) as reply:
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert reply.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
