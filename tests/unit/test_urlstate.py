"""geo.urlstate: lenient parsing, canonical encoding, and hypothesis properties."""

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.query import Filters
from geo.schema import KINDS, REGIONS, WH_CATEGORIES
from geo.urlstate import IMAGE_FORMATS, LANGUAGES, MAX_SEARCH, MODES, PAGES, PERS, ViewState, encode, parse

WH, BR = "world_heritage", "biosphere_reserve"
EUR, LAC = "Europe and North America", "Latin America and the Caribbean"


def test_full_example():
    state, notices = parse(
        {
            "page": "charts",
            "kind": "whc,mab",
            "region": "eur,lac",
            "country": "fra,IT",
            "year": "2000-2025",
            "cat": "cultural",
            "danger": "1",
            "tb": "1",
            "bri": "1",
            "q": "castle",
            "mode": "choropleth",
            "site": "whc:547",
            "sel": "cn",
            "lang": "fr",
            "present": "1",
            "minkinds": "2",
            "per": "pop",
            "img": "svg",
        }
    )
    assert notices == []
    assert state == ViewState(
        filters=Filters(
            kinds=(WH, BR),
            regions=(EUR, LAC),
            countries=("FRA", "ITA"),
            year_min=2000,
            year_max=2025,
            wh_categories=("Cultural",),
            in_danger_only=True,
            transboundary_only=True,
            bri_only=True,
            search="castle",
            min_place_kinds=2,
        ),
        page="charts",
        mode="choropleth",
        site="whc:547",
        sel="CHN",
        lang="fr",
        present=True,
        per="pop",
        img="svg",
    )


def test_empty_params_give_default_state():
    assert parse({}) == (ViewState(), [])
    assert encode(ViewState()) == {}


def test_encode_is_canonical():
    state = ViewState(
        filters=Filters(
            kinds=(WH, "category2_centre"),
            countries=("ITA", "FRA"),
            year_min=1990,
            wh_categories=("Natural", "Cultural"),
            search="old town",
        ),
        page="table",
        sel="FRA",
    )
    assert encode(state) == {
        "page": "table",
        "kind": "c2c,whc",
        "country": "FRA,ITA",
        "year": "1990-",
        "cat": "cultural,natural",
        "q": "old town",
        "sel": "FRA",
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2000-2025", (2000, 2025)),
        ("2000-", (2000, None)),
        ("-1990", (None, 1990)),
        ("1995", (1995, 1995)),
        (" 2000 – 2010 ", (2000, 2010)),
    ],
)
def test_year_forms(text, expected):
    state, notices = parse({"year": text})
    assert (state.filters.year_min, state.filters.year_max) == expected and notices == []
    assert parse(encode(state)) == (state, [])


def test_reversed_years_are_swapped_with_a_notice():
    state, notices = parse({"year": "2025-2000"})
    assert (state.filters.year_min, state.filters.year_max) == (2000, 2025)
    assert notices == ["Swapped the reversed year range 2025-2000."]


@pytest.mark.parametrize(
    "text, notice",
    [
        ("abc", "Ignored year 'abc' (expected e.g. 2000-2025)."),
        ("-", "Ignored year '-' (expected e.g. 2000-2025)."),
        ("1800-2000", "Ignored year '1800' (outside 1900-2100)."),
        ("99999999999999999999", "Ignored year '99999999999999999999' (expected e.g. 2000-2025)."),
    ],
)
def test_bad_years(text, notice):
    assert parse({"year": text})[1] == [notice]


def test_countries_alpha2_any_case_and_unknown_codes():
    state, notices = parse({"country": "fr, de;XYZ,chn"})
    assert state.filters.countries == ("CHN", "DEU", "FRA")
    assert notices == ["Ignored unknown country code 'XYZ'."]


def test_known_countries_restrict():
    state, notices = parse({"country": "FRA,ATA", "sel": "aq"}, known_countries={"FRA"})
    assert state.filters.countries == ("FRA",) and state.sel is None
    assert notices == ["Ignored unknown country code 'ATA'.", "Ignored unknown country code 'aq'."]


def test_many_bad_items_make_one_short_notice():
    _, notices = parse({"kind": "a,b,c,d,e,whc"})
    assert notices == ["Ignored unknown kinds 'a', 'b', 'c' and 2 more."]


def test_known_sites():
    assert parse({"site": "whc:547"}, known_sites={"whc:547"})[0].site == "whc:547"
    state, notices = parse({"site": "whc:999"}, known_sites={"whc:547"})
    assert state.site is None and notices == ["Ignored unknown site 'whc:999'."]
    assert parse({"site": "foo:1"})[1] == ["Ignored unknown site 'foo:1'."]


def test_repeated_keys_merge_lists_and_take_first_scalar():
    state, notices = parse({"kind": ["whc", "mab"], "page": ["table", "map"]})
    assert state.filters.kinds == (BR, WH) and state.page == "table"
    assert notices == ["Used the first of several 'page' values."]


def test_unknown_and_streamlit_keys():
    state, notices = parse({"foo": "1", "embed": "true", "Page": "about"})
    assert state.page == "about"
    assert notices == ["Ignored unknown parameter 'foo'."]


def test_pages_can_be_restricted():
    state, notices = parse({"page": "compare"}, pages=("map", "table"))
    assert state.page == "map" and notices == ["Ignored page 'compare' (expected map, table)."]


def test_bad_scalars():
    state, notices = parse({"mode": "3d", "danger": "maybe", "minkinds": "9", "lang": "xx", "per": "gdp", "img": "gif"})
    assert state == ViewState()
    assert notices == [
        "Ignored danger 'maybe' (expected 1 or 0).",
        "Ignored minkinds '9' (expected 1 to 4).",
        "Ignored mode '3d' (expected points, choropleth).",
        "Ignored lang 'xx' (expected en, fr, es, ru, ar, zh).",
        "Ignored per 'gdp' (expected raw, pop, area).",
        "Ignored img 'gif' (expected png, svg).",
    ]


def test_chart_image_format():
    assert parse({"img": " SVG "}) == (ViewState(img="svg"), [])
    assert encode(ViewState(img="svg")) == {"img": "svg"}
    assert encode(ViewState(img="png")) == {}  # the default stays out of the link
    assert parse({"img": ["svg", "png"]}) == (ViewState(img="svg"), ["Used the first of several 'img' values."])
    assert parse({"img": "<svg onload=x>"})[1] == ["Ignored img 'svg onloadx' (expected png, svg)."]


def test_long_and_hostile_values_are_cut_and_cleaned():
    state, notices = parse({"country": "X" * 100_000, "q": "a" * 500, "site": "<script>alert(1)</script>"})
    assert len(state.filters.search) == MAX_SEARCH
    assert all(len(n) < 120 for n in notices)
    assert not any(c in n for n in notices for c in "<>()[]*`$")
    assert "Shortened the search text to 100 characters." in notices


# --- properties -------------------------------------------------------------------------------

ISO3 = sorted({c.alpha_3 for c in pycountry.countries} | {"XKX"})
KEYS = [
    "page",
    "kind",
    "region",
    "country",
    "year",
    "cat",
    "danger",
    "tb",
    "bri",
    "q",
    "mode",
    "site",
    "sel",
    "lang",
    "present",
    "minkinds",
    "per",
    "img",
]
values = st.one_of(st.text(max_size=30), st.lists(st.text(max_size=30), max_size=3))
params = st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=10)), values, max_size=8)

years = st.one_of(st.none(), st.integers(1900, 2100))
filters = st.builds(
    Filters,
    kinds=st.sets(st.sampled_from(list(KINDS))).map(tuple),
    regions=st.sets(st.sampled_from(REGIONS)).map(tuple),
    countries=st.sets(st.sampled_from(ISO3), max_size=4).map(tuple),
    year_min=years,
    year_max=years,
    wh_categories=st.sets(st.sampled_from(WH_CATEGORIES)).map(tuple),
    in_danger_only=st.booleans(),
    transboundary_only=st.booleans(),
    bri_only=st.booleans(),
    search=st.text(max_size=MAX_SEARCH),
    min_place_kinds=st.integers(1, len(KINDS)),
)
states = st.builds(
    ViewState,
    filters=filters,
    page=st.sampled_from(PAGES),
    mode=st.sampled_from(MODES),
    site=st.one_of(st.none(), st.from_regex(r"(whc|mab|uggp|c2c):[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)),
    sel=st.one_of(st.none(), st.sampled_from(ISO3)),
    lang=st.sampled_from(LANGUAGES),
    present=st.booleans(),
    per=st.sampled_from(PERS),
    img=st.sampled_from(IMAGE_FORMATS),
)


@given(states)
def test_round_trip(state):
    encoded = encode(state)
    assert all(isinstance(v, str) and v for v in encoded.values())
    assert parse(encoded) == (state, [])


@settings(max_examples=300)
@given(params)
def test_parse_never_raises_and_its_result_round_trips(raw):
    state, notices = parse(raw)
    assert all(isinstance(n, str) and len(n) < 200 for n in notices)
    assert parse(encode(state)) == (state, [])


@given(st.sampled_from([k for k in KEYS if k != "q"]), st.text(max_size=20))
def test_garbage_values_yield_a_notice(key, text):
    assert parse({key: text + "!"})[1]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("46.5,9.8,6", "46.5,9.8,6"),
        ("46.50000,9.80,6.00", "46.5,9.8,6"),
        ("-0.0,-180,0", "0,-180,0"),
        ("45.123456,7.1,6.25", "45.12346,7.1,6.25"),
    ],
)
def test_the_map_view_is_kept_rounded_and_last(text, expected):
    state, notices = parse({"kind": "whc", "view": text})
    assert notices == [] and state.view == expected
    assert list(encode(state)) == ["kind", "view"] and encode(state)["view"] == expected  # the map writes it last
    assert parse(encode(state)) == (state, [])


@pytest.mark.parametrize("text", ["91,0,3", "0,181,3", "1,2,19", "1,2", "a,b,c", "1;2;3", "1,2,3,4"])
def test_a_bad_map_view_is_ignored_with_a_notice(text):
    state, notices = parse({"view": text})
    assert state.view is None and len(notices) == 1 and "map view" in notices[0]
