"""Policy and presenter features: shared places, comparisons, presentation mode, share, languages."""

import base64
import json

import geopandas as gpd
import numpy as np
import pytest

from geo import paths
from tests.app.helpers import metric, open_app, url

KIND_COLUMNS = {
    "world_heritage": "World Heritage properties",
    "biosphere_reserve": "Biosphere Reserves",
    "global_geopark": "UNESCO Global Geoparks",
    "category2_centre": "Category 2 institutes and centres",
}


@pytest.fixture(scope="module")
def table():
    return gpd.read_parquet(paths.current_set() / "designations.parquet")


def _direct_counts(table, iso3):
    """Counted straight from the processed table, independently of geo.stats."""
    rows = table[table["countries_iso3"].map(lambda cs: iso3 in list(cs))]
    return rows, rows["designation"].value_counts()


def test_compare_page_agrees_with_the_processed_table(table):
    at = open_app({"country": "CHN,FRA,ITA"}, page="app_pages/compare.py")
    shown = at.dataframe[0].value.set_index("Country")
    for iso3, name in (("CHN", "China"), ("FRA", "France"), ("ITA", "Italy")):
        rows, counts = _direct_counts(table, iso3)
        assert shown.at[name, "All designations"] == len(rows)
        for kind, column in KIND_COLUMNS.items():
            assert shown.at[name, column] == counts.get(kind, 0), (name, kind)
        assert shown.at[name, "World Heritage in danger"] == int(rows["in_danger"].sum())
    assert shown.at["Italy", "Belt and Road"] == "exited"
    assert len(at.get("plotly_chart")) == 2


def test_compare_page_asks_for_two_countries():
    at = open_app({"country": "CHN"}, page="app_pages/compare.py")
    assert any("at least two" in i.value for i in at.info)


def test_compare_page_says_which_countries_it_leaves_out():
    at = open_app({"country": "CHN,FRA,ITA,DEU,ESP,GBR,USA"}, page="app_pages/compare.py")
    # the link's countries in the view's order (by code): the last two are left out, and said so
    assert [w.value for w in at.warning] == [
        "The link names 7 countries; the comparison shows the first 5. Left out: Italy, United States."
    ]
    assert list(at.dataframe[0].value["Country"]) == ["China", "Germany", "Spain", "France", "United Kingdom"]
    assert at.multiselect(key="cmp").value == ["CHN", "DEU", "ESP", "FRA", "GBR"]


def test_compare_box_and_sidebar_filter_are_one_state():
    at = open_app({"country": "CHN,FRA,ITA"}, page="app_pages/compare.py")
    at.multiselect(key="f_countries").set_value(["CHN", "FRA"]).run()  # the sidebar filter
    assert at.multiselect(key="cmp").value == ["CHN", "FRA"]
    assert list(at.dataframe[0].value["Country"]) == ["China", "France"]


def test_country_profile_agrees_with_the_processed_table(table):
    for iso3 in ("CHN", "FRA", "ITA"):
        at = open_app({"sel": iso3}, page="app_pages/country.py")
        rows, counts = _direct_counts(table, iso3)
        assert metric(at, "All designations") == str(len(rows))
        for kind, column in KIND_COLUMNS.items():
            assert metric(at, column) == str(counts.get(kind, 0))


def test_shared_places_page_lists_huangshan(table):
    at = open_app({"minkinds": "3"}, page="app_pages/places.py")
    places = at.dataframe[0].value
    huangshan = places[places["Place"].str.contains("Huangshan")]
    assert len(huangshan) == 1 and huangshan["Kinds"].iloc[0] == 3
    assert "World Heritage (1990)" in huangshan["Designations (year)"].iloc[0]
    three = table.groupby("place_id")["designation"].nunique()
    assert metric(at, "Places shown") == str(int((three >= 3).sum()))
    assert url(at) == {"minkinds": "3"}
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]  # places per country
    per_country = np.frombuffer(base64.b64decode(bars["x"]["bdata"]), dtype=bars["x"]["dtype"])  # Plotly's typed array
    first = table[table["place_id"].isin(three.index[three >= 3])].sort_values("year").groupby("place_id").first()
    assert list(per_country) == sorted(first["primary_iso3"].value_counts(), reverse=True)


def test_min_kinds_filter_applies_to_the_map(table):
    at = open_app({"minkinds": "2"})
    assert metric(at, "Shown") == f"{int((table['place_kinds'] >= 2).sum()):,}"


def _title_line(at) -> str:
    return next(h.proto.body for h in at.get("html") if "atlas-present-title" in h.proto.body)


def test_presentation_mode_hides_the_chrome_and_keeps_filters():
    at = open_app({"present": "1", "kind": "whc", "country": "FRA"})
    assert not at.title  # no page title, just the title line, the map and one chart
    assert len(at.get("plotly_chart")) == 1
    assert not at.sidebar.children  # no navigation, no filters
    line = _title_line(at)
    assert "World Heritage properties · France</h1>" in line
    assert '<a class="atlas-exit" href="/?kind=whc&amp;country=FRA"' in line  # the same view, not presented


@pytest.mark.parametrize(
    "page, params, charts",
    [
        ("app_pages/charts.py", {}, 2),
        ("app_pages/country.py", {"sel": "FRA"}, 1),
        ("app_pages/places.py", {}, 1),
        ("app_pages/table.py", {}, 0),
        ("app_pages/compare.py", {"country": "CHN,FRA"}, 2),
        ("app_pages/about.py", {}, 0),
    ],
)
def test_every_page_has_a_presentation_layout_under_its_title_line(page, params, charts):
    at = open_app({"present": "1", "kind": "mab", **params}, page=page)
    assert "Biosphere Reserves" in _title_line(at)
    assert len(at.get("plotly_chart")) == charts
    assert not at.sidebar.children and not at.get("expander") or page.endswith("about.py")


def test_language_choice_is_kept_in_the_url_and_used_for_names():
    at = open_app({"lang": "fr", "site": "whc:547"})
    assert at.sidebar.selectbox(key="f_lang").value == "fr"
    assert url(at)["lang"] == "fr"
    assert any("Mont Huangshan" in h.proto.body for h in at.get("html"))
    at.sidebar.selectbox(key="f_lang").set_value("zh").run()
    assert url(at)["lang"] == "zh"
    assert any("黄山" in h.proto.body for h in at.get("html"))


def test_share_control_offers_link_and_embed_snippet():
    at = open_app({"kind": "uggp", "country": "CHN"})
    codes = [c.value for c in at.sidebar.code]
    assert any("kind=uggp" in c and "country=CHN" in c for c in codes)
    assert any("<iframe" in c and "embed=true" in c and "aspect-ratio" in c for c in codes)  # a responsive frame
    assert any("present=1" in c for c in codes)
