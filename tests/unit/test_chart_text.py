"""Each chart's text alternative says what the chart draws: title, one sentence, data table."""

from __future__ import annotations

import pytest

from geo import chart_text, charts, labels
from geo.store import load_atlas


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def _figures(atlas):
    d, c = atlas.designations, atlas.countries
    return {
        "top_countries": charts.top_countries(d, c),
        "top_pop": charts.top_countries(d, c, per="pop"),
        "per_year": charts.per_year(d),
        "cumulative": charts.per_year(d, cumulative=True),
        "treemap": charts.hierarchy(d, c),
        "categories": charts.wh_category_split(d),
        "danger": charts.danger_by_region(d),
        "bri": charts.bri_lens(d, c),
        "timeline": charts.timeline(d, 1990),
        "vs_region": charts.country_vs_region(d, "FRA", c),
        "compare": charts.compare_countries(d, ["CHN", "FRA", "ITA"], c),
        "growth": charts.compare_growth(d, ["CHN", "FRA", "ITA"], c),
        "places": charts.places_by_country(__import__("geo.stats", fromlist=["x"]).places(d, min_kinds=2), c),
    }


def test_every_chart_has_a_titled_one_sentence_summary_and_a_headed_table(atlas):
    for name, fig in _figures(atlas).items():
        text = chart_text.summary(fig)
        assert text.startswith(chart_text.title(fig) + ". ") and text.endswith("."), (name, text)
        assert "<" not in text and "%{" not in text, (name, text)
        table = chart_text.data_table(fig)
        assert len(table) > 0 and table.index.name and all(str(c).strip() for c in table.columns), name


def test_the_sentences_follow_the_data(atlas):
    d = atlas.designations
    figs = _figures(atlas)
    counts = d.explode("countries_iso3")["countries_iso3"].value_counts()
    top = chart_text.data_table(figs["top_countries"]).sum(axis=1)
    assert int(top.max()) == counts.max()  # the longest bar is the most designated country
    assert chart_text.summary(figs["top_countries"]).endswith(
        f"Highest: {top.idxmax()} ({int(top.max()):,}); lowest: {top.idxmin()} ({int(top.min()):,}); 20 in all."
    )
    per_year = d["year"].value_counts()
    assert chart_text.summary(figs["per_year"]).endswith(f"the most in {int(per_year.idxmax())} ({per_year.max():,}).")
    wh = d[d["designation"] == "world_heritage"]
    cultural = int((wh["subtype"] == "Cultural").sum())
    assert f"Cultural, {cultural:,} of {len(wh):,}" in chart_text.summary(figs["categories"])
    growth = chart_text.summary(figs["growth"])
    assert growth.split(". ", 1)[1].startswith(f"By {int(d['year'].max())}: China ")
    timeline = chart_text.data_table(figs["timeline"]).sum(axis=1)
    assert int(timeline.sum()) == int(((d["year"] <= 1990) & d["region"].notna()).sum())


def test_a_chart_with_only_a_message_says_it():
    fig = charts.per_year(load_atlas().designations.iloc[:0])
    assert chart_text.data_table(fig).empty
    assert chart_text.summary(fig) == f"{labels.DESIGNATIONS_PER_YEAR}. {labels.CHART_NO_DATA}."
