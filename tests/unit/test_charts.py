"""geo.charts on a small hand-built frame; every expected number below was counted by hand.

tests/e2e/test_charts_in_browser.py loads figures in headless Chromium with the network cut off.
"""

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from shapely.geometry import box

from geo import charts, labels
from geo.chart_text import plain
from geo.labels import KIND_LABELS
from geo.schema import NO_STATE_PARTY, REGIONS

EUR, APAC, AFR, ARAB, LAC = (
    "Europe and North America",
    "Asia and the Pacific",
    "Africa",
    "Arab States",
    "Latin America and the Caribbean",
)
WH, BR, GP, C2C = "world_heritage", "biosphere_reserve", "global_geopark", "category2_centre"
HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
NO_STATE_NAME = labels.NO_STATE_PARTY

# site_id, designation, countries, region, year, subtype, in_danger
ROWS = [
    ("whc:1", WH, ["FRA"], EUR, 1980, "Cultural", False),
    ("mab:1", BR, ["FRA"], EUR, 1990, None, False),
    ("whc:2", WH, ["FRA", "CHE"], EUR, 2000, "Natural", True),
    ("uggp:1", GP, ["CHN"], APAC, 2004, None, False),
    ("whc:3", WH, ["CHN"], APAC, 1987, "Cultural", False),
    ("mab:2", BR, ["CHN"], APAC, 1987, None, False),
    ("uggp:2", GP, ["CHN"], APAC, 2010, None, False),
    ("c2c:1", C2C, ["KEN"], AFR, 2012, "education", False),
    ("whc:4", WH, ["KEN"], AFR, 1980, "Mixed", True),
    ("whc:5", WH, [], ARAB, 1981, "Cultural", True),  # Jerusalem: in no per-country figure
    ("mab:3", BR, ["CHE"], EUR, None, None, False),  # no year
]
# Per country (a transboundary designation counts for each): CHN 4 (WH 1, BR 1, GP 2),
# FRA 3 (WH 2, BR 1), CHE 2 (WH 1, BR 1), KEN 2 (WH 1, C2C 1); DEU none.


@pytest.fixture
def df() -> pd.DataFrame:
    out = pd.DataFrame(
        ROWS, columns=["site_id", "designation", "countries_iso3", "region", "year", "subtype", "in_danger"]
    )
    out["name"] = out["site_id"]
    out["year"] = out["year"].astype("Int64")
    out["transboundary"] = out["countries_iso3"].map(len) > 1
    out["primary_iso3"] = out["countries_iso3"].map(lambda c: c[0] if c else None)
    out["place_id"] = None
    return out


@pytest.fixture
def empty(df) -> pd.DataFrame:
    return df.iloc[0:0]


@pytest.fixture
def countries() -> gpd.GeoDataFrame:
    """Five 10°×10° boxes along the equator; Switzerland carries a hostile name."""
    iso3 = ["FRA", "CHE", "DEU", "CHN", "KEN"]
    return gpd.GeoDataFrame(
        {
            "iso3": iso3,
            "name": ["France", HOSTILE, "Germany", "China", "Kenya"],
            "region": [EUR, EUR, EUR, APAC, AFR],
            "population": [60_000_000, 8_000_000, 80_000_000, 1_000_000_000, 0],
            "area_km2": [600_000, 40_000, 350_000, 10_000_000, 500_000],
        },
        geometry=[box(10 * i, -5, 10 * i + 10, 5) for i in range(len(iso3))],
        crs="EPSG:4326",
    )


def strings(obj) -> list[str]:
    """Every string anywhere in a figure's JSON-able dict."""
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for v in obj.values() for s in strings(v)]
    if isinstance(obj, (list, tuple)):
        return [s for v in obj for s in strings(v)]
    if isinstance(obj, np.ndarray) and obj.dtype == object:
        return strings(obj.tolist())
    return []


def trace(fig: go.Figure, name: str):
    return next(t for t in fig.data if t.name == name)


def annotation_texts(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def builders(countries):
    """Every figure, as (id, function of the designations frame)."""
    return [
        ("top_countries", lambda d: charts.top_countries(d, countries)),
        ("top_countries_pop", lambda d: charts.top_countries(d, countries, per="pop")),
        ("per_year", charts.per_year),
        ("per_year_cumulative", lambda d: charts.per_year(d, cumulative=True)),
        ("treemap", lambda d: charts.hierarchy(d, countries)),
        ("sunburst", lambda d: charts.hierarchy(d, countries, kind="sunburst")),
        ("wh_category_split", charts.wh_category_split),
        ("danger_by_region", charts.danger_by_region),
        ("timeline", charts.timeline),
        ("country_vs_region", lambda d: charts.country_vs_region(d, "FRA", countries)),
        ("compare_countries", lambda d: charts.compare_countries(d, ["FRA", "CHN"], countries)),
        ("compare_growth", lambda d: charts.compare_growth(d, ["FRA", "CHN"], countries)),
    ]


BUILDER_IDS = [name for name, _ in builders(None)]


@pytest.mark.parametrize("which", BUILDER_IDS)
def test_every_figure_builds_with_a_title_and_the_template(df, countries, which):
    fig = dict(builders(countries))[which](df)
    assert isinstance(fig, go.Figure) and fig.data
    assert fig.layout.title.text
    assert fig.layout.template.layout.font.size == 16
    assert fig.layout.template.layout.title.font.size == 20
    assert fig.layout.template.layout.legend.yref == "container" and fig.layout.legend.y > 0.5  # legend on top
    json.loads(fig.to_json())


@pytest.mark.parametrize("which", BUILDER_IDS)
def test_an_empty_frame_gives_a_note_not_an_error(empty, countries, which):
    fig = dict(builders(countries))[which](empty)
    assert not fig.data
    assert annotation_texts(fig) == [labels.CHART_NO_DATA]
    assert fig.layout.title.text


def test_top_countries_counts_per_kind(df, countries):
    fig = charts.top_countries(df, countries)
    assert [t.name for t in fig.data] == [KIND_LABELS[k] for k in (WH, BR, GP, C2C)]
    wh = trace(fig, KIND_LABELS[WH])
    assert dict(zip(wh.y, wh.x)) == {"China": 1, "France": 2, HOSTILE_ESCAPED: 1, "Kenya": 1, NO_STATE_NAME: 1}
    assert dict(zip(trace(fig, KIND_LABELS[GP]).y, trace(fig, KIND_LABELS[GP]).x)) == {"China": 2}
    # Most first, from the top (ties by code: CHE before KEN).
    assert list(fig.layout.yaxis.categoryarray) == [NO_STATE_NAME, "Kenya", HOSTILE_ESCAPED, "France", "China"]
    assert fig.layout.xaxis.title.text == "Designations"
    assert "World Heritage" in wh.hovertemplate and "%{y}" in wh.hovertemplate


def test_top_countries_per_million_people(df, countries):
    fig = charts.top_countries(df, countries, n=2, per="pop")
    # CHE 2 / 8 M = 0.25, FRA 3 / 60 M = 0.05, CHN 0.004; KEN has no population figure.
    totals = {}
    for t in fig.data:
        for name, x in zip(t.y, t.x):
            totals[name] = totals.get(name, 0) + x
    assert totals == pytest.approx({HOSTILE_ESCAPED: 0.25, "France": 0.05})
    wh = trace(fig, KIND_LABELS[WH])
    assert dict(zip(wh.y, wh.x)) == pytest.approx({HOSTILE_ESCAPED: 0.125, "France": 2 / 60})
    assert dict(zip(wh.y, wh.customdata[:, 0])) == {HOSTILE_ESCAPED: 1, "France": 2}  # the count, for hover
    assert plain(fig.layout.xaxis.title.text) == "Designations per million people"
    assert plain(charts.top_countries(df, countries, per="area").layout.xaxis.title.text) == (
        "Designations per 100,000 km²"
    )
    with pytest.raises(ValueError):
        charts.top_countries(df, countries, per="people")


def test_per_year_bars(df):
    fig = charts.per_year(df)
    wh = trace(fig, KIND_LABELS[WH])
    assert wh.type == "bar" and fig.layout.barmode == "stack"
    assert dict(zip(wh.x, wh.y))[1980] == 2
    assert sum(sum(t.y) for t in fig.data) == 10  # the undated reserve left out...
    assert "(1)" in fig.layout.title.subtitle.text  # ...and said so
    assert list(wh.x) == list(range(1980, 2013))


def test_per_year_cumulative(df):
    fig = charts.per_year(df, cumulative=True)
    wh = trace(fig, KIND_LABELS[WH])
    assert wh.type == "scatter" and wh.mode == "lines"
    assert dict(zip(wh.x, wh.y))[1999] == 4 and wh.y[-1] == 5
    assert trace(fig, KIND_LABELS[GP]).y[-1] == 2


def test_hierarchy_values(df, countries):
    fig = charts.hierarchy(df, countries)
    t = fig.data[0]
    assert t.type == "treemap" and t.branchvalues == "total"
    value = dict(zip(t.ids, t.values))
    assert value["world"] == 12  # 11 designations, the transboundary one twice
    assert value[EUR] == 5 and value[f"{EUR}/FRA"] == 3 and value[f"{APAC}/CHN/{GP}"] == 2
    assert value[f"{ARAB}/{NO_STATE_PARTY}"] == 1  # Jerusalem: a line of its own
    label = dict(zip(t.ids, t.labels))
    assert label[f"{EUR}/CHE"] == HOSTILE_ESCAPED and label[f"{APAC}/CHN/{GP}"] == KIND_LABELS[GP]
    assert dict(zip(t.ids, t.marker.colors))[f"{APAC}/CHN/{GP}"] == "#D55E00"
    assert charts.hierarchy(df, countries, kind="sunburst").data[0].type == "sunburst"
    with pytest.raises(ValueError):
        charts.hierarchy(df, countries, kind="icicle")


def test_wh_category_split(df):
    fig = charts.wh_category_split(df)
    pie = fig.data[0]
    assert dict(zip(pie.labels, pie.values)) == {"Cultural": 3, "Natural": 1, "Mixed": 1}
    assert "<b>5</b>" in annotation_texts(fig)[0]
    no_wh = charts.wh_category_split(df[df["designation"] != WH])
    assert annotation_texts(no_wh) == [labels.CHART_NO_WH]


def test_danger_by_region(df):
    fig = charts.danger_by_region(df)
    counts, shares = fig.data
    assert [plain(r) for r in counts.y] == list(REGIONS)
    # Africa 1 of 1, Arab States 1 of 1, Asia-Pacific 0 of 1, Europe 1 of 2, Latin America 0 of 0.
    assert list(counts.x) == [1, 1, 0, 1, 0]
    assert list(shares.x) == [1.0, 1.0, 0.0, 0.5, 0.0]
    assert fig.layout.xaxis2.tickformat == ".0%"


def test_country_vs_region(df, countries):
    fig = charts.country_vs_region(df, "FRA", countries)
    country, average = fig.data
    kinds = [KIND_LABELS[k] for k in (WH, BR, GP, C2C)] + ["All kinds"]
    assert list(country.x) == kinds and list(country.y) == [2, 1, 0, 0, 3]
    # Europe in the countries table: FRA, CHE, DEU (0) → WH (2+1+0)/3, BR (1+1)/3, all (3+2)/3.
    assert list(average.y) == pytest.approx([1, 2 / 3, 0, 0, 5 / 3])
    assert plain(average.name) == f"{EUR} average (3 countries)"
    assert fig.layout.title.text == "France and its region's average"
    hostile = charts.country_vs_region(df, "CHE", countries)
    one_line = [text.replace("<br>", " ") for text in (hostile.data[0].name, hostile.layout.title.text)]
    assert one_line[0] == HOSTILE_ESCAPED and HOSTILE_ESCAPED in one_line[1]


def test_compare_countries(df, countries):
    fig = charts.compare_countries(df, ["FRA", "CHN"], countries)
    assert [t.name for t in fig.data] == [KIND_LABELS[k] for k in (WH, BR, GP)]  # no centre in either
    assert list(trace(fig, KIND_LABELS[WH]).x) == ["France", "China"]
    assert list(trace(fig, KIND_LABELS[WH]).y) == [2, 1]
    assert list(trace(fig, KIND_LABELS[GP]).y) == [0, 2]
    assert annotation_texts(charts.compare_countries(df, [], countries)) == [labels.CHART_NO_COUNTRIES]
    assert annotation_texts(charts.compare_countries(df, ["DEU"], countries)) == [labels.CHART_NO_DATA]


def test_compare_growth(df, countries):
    fig = charts.compare_growth(df, ["FRA", "CHN"], countries)
    france, china = fig.data
    assert (france.name, china.name) == ("France", "China")
    assert list(france.x) == list(range(1980, 2011))
    assert dict(zip(france.x, france.y))[1999] == 2 and france.y[-1] == 3
    assert dict(zip(china.x, china.y))[1987] == 2 and china.y[-1] == 4
    assert france.line.dash != china.line.dash  # colour is not the only cue
    assert charts.compare_growth(df, ["FRA"]).data[0].name == "France"  # names from pycountry


def test_timeline_counts_each_year_cumulatively_on_the_last_year_scale(df):
    assert charts.timeline_years(df) == (1980, 2012)
    last, early = charts.timeline(df), charts.timeline(df, 1985)
    wh = [t.name for t in last.data].index(KIND_LABELS[WH])
    regions = [plain(r) for r in last.data[wh].y]
    assert regions == list(REGIONS)
    # Each designation counted once, in its own region (so Jerusalem counts for the Arab States).
    assert dict(zip(regions, last.data[wh].x)) == {AFR: 1, ARAB: 1, APAC: 1, EUR: 2, LAC: 0}
    assert dict(zip(regions, early.data[wh].x)) == {AFR: 1, ARAB: 1, APAC: 0, EUR: 1, LAC: 0}
    assert early.layout.xaxis.range == last.layout.xaxis.range  # bars grow on one scale
    assert "1985" in early.layout.title.subtitle.text and not early.frames
    assert plain(charts.timeline(df, 1900).layout.title.subtitle.text) == labels.TIMELINE_NOTE.format(
        year=1980
    )  # clamped


@pytest.mark.parametrize("which", BUILDER_IDS)
def test_hostile_names_reach_figures_escaped(df, countries, which):
    everything = strings(dict(builders(countries))[which](df).to_plotly_json())
    assert not any("<img" in s for s in everything)


def test_hostile_names_appear_escaped_in_hover_and_labels(df, countries):
    fig = charts.hierarchy(df, countries)
    hover = dict(zip(fig.data[0].ids, fig.data[0].customdata))
    assert hover[f"{EUR}/CHE/{WH}"] == f"<b>{HOSTILE_ESCAPED}</b><br>World Heritage: 1"
    assert HOSTILE_ESCAPED in charts.compare_countries(df, ["CHE"], countries).data[0].x
    assert charts.compare_growth(df, ["CHE"], countries).data[0].name.replace("<br>", " ") == HOSTILE_ESCAPED


def test_bri_lens_bars_per_group():
    import pandas as pd

    from geo.charts import bri_lens

    df = pd.DataFrame(
        {
            "site_id": ["a", "b"],
            "designation": ["world_heritage", "biosphere_reserve"],
            "subtype": ["Cultural", None],
            "region": [None, None],
            "year": [2000, 2001],
            "in_danger": [False, False],
            "transboundary": [False, False],
            "countries_iso3": [["CHN"], ["FRA"]],
        }
    )
    countries = pd.DataFrame(
        {"iso3": ["CHN", "FRA"], "region": ["A", "E"], "population": [1e9, 6e7], "bri_member": [True, False]}
    )
    fig = bri_lens(df, countries)
    assert [t.name for t in fig.data] == ["Belt and Road countries (1)", "Other countries (1)"]
    assert list(fig.data[0].y)[-1] == 1.0 and list(fig.data[1].y)[-1] == 1.0


def test_places_by_country_counts_places_most_first(countries):
    places = pd.DataFrame({"place_id": ["p1", "p2", "p3", "p4"], "iso3": ["FRA", "CHN", "CHN", "CHE"]})
    fig = charts.places_by_country(places, countries, n=2)
    assert list(fig.data[0].y) == ["China", HOSTILE_ESCAPED] and list(fig.data[0].x) == [2, 1]
    assert plain(fig.layout.title.text) == labels.PLACES_BY_COUNTRY_TITLE
    empty = charts.places_by_country(places.iloc[:0], countries)
    assert not empty.data and annotation_texts(empty) == [labels.CHART_NO_DATA]


@pytest.mark.parametrize("which", BUILDER_IDS)
def test_the_presentation_variant_has_no_text_under_20_px(df, countries, which):
    original = dict(builders(countries))[which](df)
    fig = charts.for_presentation(original, height=800)
    layout = fig.layout
    sizes = [
        layout.font.size,
        layout.title.font.size,
        layout.title.subtitle.font.size,
        layout.legend.font.size,
        layout.hoverlabel.font.size,
        layout.uniformtext.minsize,  # a label that would shrink below it is hidden
        *(a.font.size for a in layout.annotations),
        *(t.textfont.size for t in fig.data if "textfont" in t),
    ]
    for axis in [*fig.select_xaxes(), *fig.select_yaxes()]:
        sizes += [axis.tickfont.size, axis.title.font.size]
    assert min(sizes) >= charts.PRESENTATION_MIN_FONT and layout.uniformtext.mode == "hide"
    assert layout.height == 800 and layout.margin.t > (original.layout.margin.t or 0)
    assert original.layout.font.size is None  # the figure shown elsewhere is left as it was


def test_titles_wrap_at_spaces_and_between_chinese_characters():
    assert charts.wrap("A transboundary designation counts for each of its countries", 40) == (
        "A transboundary designation counts for<br>each of its countries"
    )
    assert charts.wrap("Short", 40) == "Short"
    assert charts.wrap("&lt;img src=x&gt; and more", 12) == "&lt;img<br>src=x&gt; and<br>more"  # entities whole
    chinese = charts.wrap("按国家和类型划分的教科文组织名录项目数量", 16)  # 20 characters, 2 wide each
    assert chinese.split("<br>") == ["按国家和类型划分", "的教科文组织名录", "项目数量"]


def test_the_title_block_sits_under_the_toolbar_and_above_the_legend():
    fig = charts._figure("Designations by kind, country by country", "A transboundary designation counts")
    assert fig.layout.title.text.count("<br>") == 1 and fig.layout.title.pad.t >= charts.MODEBAR_ROW
    legend_top = (1 - fig.layout.legend.y) * fig.layout.height
    assert legend_top == pytest.approx(
        fig.layout.margin.t
    )  # the plot starts below the title block; Plotly adds the legend's rows
