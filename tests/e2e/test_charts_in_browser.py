"""Figures in headless Chromium with the network cut off: names from the data show as text."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from geo import charts
from tests.unit.test_charts import HOSTILE, countries, df  # noqa: F401  (fixtures)


def open_offline(browser, tmp_path, fig: go.Figure, config: dict):
    """The figure as a standalone page; every request that leaves the file is aborted and listed."""
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    page.blocked, page.dialogs = [], []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.route(
        "**/*",
        lambda r: (
            r.continue_() if r.request.url.startswith("file:") else (page.blocked.append(r.request.url), r.abort())
        ),
    )
    path = tmp_path / "figure.html"
    path.write_text(fig.to_html(include_plotlyjs=True, config=config, auto_play=False), encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_timeout(500)
    return page


@pytest.mark.e2e
def test_hostile_name_shows_as_text_in_the_hover_label(browser, tmp_path, df, countries):  # noqa: F811
    page = open_offline(browser, tmp_path, charts.compare_countries(df, ["CHE"], countries), charts.PLOTLY_CONFIG)
    assert HOSTILE in page.locator(".xtick").first.text_content()
    bar = page.locator(".barlayer .point path").first.bounding_box()
    page.mouse.move(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    page.wait_for_selector(".hoverlayer .hovertext")
    assert HOSTILE in page.locator(".hoverlayer").text_content()
    assert page.locator("img").count() == 0 and page.dialogs == [] and page.blocked == []
    page.close()
