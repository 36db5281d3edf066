"""Every page under AppTest: widgets present, filters change counts, URLs restore state."""

import json

import geopandas as gpd
import pytest

from geo import labels, paths
from tests.app.helpers import metric, open_app, url


@pytest.fixture(scope="module")
def table():
    return gpd.read_parquet(paths.current_set() / "designations.parquet")


def test_map_page_shows_all_designations_by_default(table):
    at = open_app()
    assert metric(at, "Shown") == f"{len(table):,}"
    assert metric(at, "World Heritage properties") == f"{(table.designation == 'world_heritage').sum():,}"
    assert any("designations shown" in c.value for c in at.caption)
    labels = {w.label for w in at.sidebar.toggle} | {w.label for w in at.sidebar.multiselect}
    assert {
        "In danger only",
        "Transboundary only",
        "Belt and Road countries only",
        "UNESCO region",
        "Countries",
    } <= labels
    assert at.sidebar.slider(key="f_years").label == "Year designated"
    assert at.sidebar.text_input(key="f_search")


def test_a_filter_changes_the_counts_and_the_url(table):
    at = open_app({"kind": "whc"})
    assert metric(at, "Shown") == "1,273"
    at.sidebar.toggle(key="f_danger").set_value(True).run()
    assert metric(at, "Shown") == "58"
    assert url(at) == {"kind": "whc", "danger": "1"}


def test_a_shared_url_restores_the_same_view(table):
    params = {"kind": "whc,uggp", "country": "CHN", "year": "2000-2025", "q": "", "mode": "points"}
    at = open_app(params)
    expected = table[
        table.designation.isin(["world_heritage", "global_geopark"])
        & table.countries_iso3.map(lambda c: "CHN" in c)
        & table.year.between(2000, 2025)
    ]
    assert metric(at, "Shown") == f"{len(expected):,}"
    assert at.sidebar.multiselect(key="f_countries").value == ["CHN"]
    assert at.sidebar.slider(key="f_years").value == (2000, 2025)
    assert set(at.sidebar.pills(key="f_kinds").value) == {"world_heritage", "global_geopark"}
    assert url(at) == {"kind": "uggp,whc", "country": "CHN", "year": "2000-2025"}


def test_bad_parameters_show_a_notice_and_fall_back():
    at = open_app({"kind": "whc,nonsense", "country": "XYZ", "year": "abc", "zzz": "1"})
    notices = " ".join(w.value for w in at.warning)
    assert "nonsense" in notices and "XYZ" in notices and "zzz" in notices
    assert metric(at, "Shown") == "1,273"  # the good part (kind=whc) still applies
    assert not at.error


def test_search_filter_and_site_selection():
    at = open_app({"q": "huangshan", "site": "whc:547"})
    assert int(metric(at, "Shown")) >= 3
    assert any("Mount Huangshan" in h.proto.body for h in at.get("html"))
    assert url(at)["site"] == "whc:547"


def test_find_a_site_lists_the_name_then_prefixes_with_kind_and_country():
    at = open_app({"kind": "whc"})
    at.text_input(key="m_find").set_value("old").run()
    labels = [b.label for b in at.button if b.key and b.key.startswith("m_pick_")]
    assert len(labels) == 8 and all(" — World Heritage, " in label for label in labels)  # with kind and country
    names = [label.split(" — ")[0].casefold() for label in labels]
    ranks = [0 if n == "old" else 1 if n.startswith("old") else 2 if " old" in f" {n}" else 3 for n in names]
    assert ranks == sorted(ranks) and ranks[0] == 1 and all("old" in n for n in names)  # no loosely related names
    pick = next(b for b in at.button if b.key and b.key.startswith("m_pick_"))
    pick.click().run()
    assert url(at)["site"] == pick.key.removeprefix("m_pick_")
    assert any('class="atlas-site-name"' in h.proto.body and h.proto.body.startswith("<h2 ") for h in at.get("html"))


def test_choropleth_mode_from_the_url():
    at = open_app({"mode": "choropleth", "per": "pop"})
    assert at.segmented_control(key="m_mode").value == "choropleth"
    assert at.segmented_control(key="m_per").value == "pop"


def test_table_page_lists_the_filtered_rows_with_downloads():
    at = open_app({"kind": "uggp"}, page="app_pages/table.py")
    assert any("241 of" in c.value for c in at.caption)
    frame = at.dataframe[0].value
    assert len(frame) == 241 and set(frame["Kind"]) == {"Global Geopark"}
    assert [b.proto.label for b in at.get("download_button")] == ["Download CSV", "Download GeoJSON", "Download Excel"]


def test_country_page_from_the_url():
    at = open_app({"sel": "CHN"}, page="app_pages/country.py")
    assert at.selectbox(key="c_sel").value == "CHN"
    assert any(h.value == "China" for h in at.header)
    assert int(metric(at, "All designations")) > 100
    assert "sel" in url(at) and url(at)["sel"] == "CHN"
    (brief,) = at.get("download_button")  # the country brief, made only when clicked
    assert brief.proto.label == labels.BRIEF_DOWNLOAD and brief.proto.HasField("deferred_file_id")


def test_about_page_credits_every_source():
    at = open_app(page="app_pages/about.py")
    text = " ".join(m.value for m in at.markdown)
    for credit in (
        "UNESCO/World Heritage Centre",
        "Natural Earth",
        "GeoNames",
        "Green Finance",
        "Wikidata",
        "UNESCO Global Geoparks",
    ):
        assert credit in text
    assert at.dataframe  # coverage table


def test_page_parameter_opens_that_page():
    at = open_app({"page": "about", "kind": "whc"})
    assert any(t.value == "About and sources" for t in at.title)


def test_charts_page_follows_the_filters(table):
    at = open_app({"region": "eur", "per": "pop"}, page="app_pages/charts.py")
    europe = int((table["region"] == "Europe and North America").sum())
    assert any(c.value.startswith(f"{europe:,} of") for c in at.caption)
    assert len(at.get("plotly_chart")) == 8
    assert at.segmented_control(key="c_per").value == "pop"
    at.sidebar.toggle(key="f_danger").set_value(True).run()
    in_danger = int(((table["region"] == "Europe and North America") & table["in_danger"]).sum())
    assert any(c.value.startswith(f"{in_danger:,} of") for c in at.caption)
    assert url(at) == {"region": "eur", "danger": "1", "per": "pop"}


def download_options(at) -> list[dict]:
    """What each chart's camera button saves (Plotly's toImageButtonOptions)."""
    return [json.loads(chart.proto.config)["toImageButtonOptions"] for chart in at.get("plotly_chart")]


def test_chart_image_format_comes_from_the_url_and_goes_back_to_it():
    at = open_app({"img": "svg"}, page="app_pages/charts.py")
    assert at.segmented_control(key="img_format").value == "svg"
    options = download_options(at)
    assert {o["format"] for o in options} == {"svg"}
    assert len({o["filename"] for o in options}) == len(options)  # each chart named after its title
    assert "unesco-sites-atlas-designations-per-year" in {o["filename"] for o in options}
    at.segmented_control(key="img_format").set_value("png").run()
    assert url(at) == {}  # png is the default, left out of the link
    assert {o["format"] for o in download_options(at)} == {"png"}


@pytest.mark.parametrize(
    "params, page", [({"sel": "FRA"}, "app_pages/country.py"), ({"country": "CHN,FRA"}, "app_pages/compare.py")]
)
def test_every_page_with_charts_offers_the_image_format(params, page):
    at = open_app(params, page=page)
    assert at.segmented_control(key="img_format").value == "png"
    at.segmented_control(key="img_format").set_value("svg").run()
    assert url(at) == {**params, "img": "svg"}
    assert {o["format"] for o in download_options(at)} == {"svg"}


def test_pages_with_a_map_start_loading_its_code_first():
    """The map page's first element (before any widget) loads the published map bundle; a page
    without a map does not."""
    from app_pages.shared import livemap
    from app_pages.shared.data import STATIC_URL

    at = open_app()
    first = at.main.children[0]
    assert first.type == "html" and "atlas-preload" in first.proto.body and first.proto.unsafe_allow_javascript
    assert livemap.code_urls(STATIC_URL)["js"] in first.proto.body
    charts = open_app(page="app_pages/charts.py")
    assert not [h for h in charts.get("html") if "atlas-preload" in h.proto.body]
