"""geo.query: Filters and apply() on a small hand-built frame (expected rows worked out by hand)."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo.query import Filters, apply, clean_search, fold_text, prepare

EUR, APAC, AFR, ARAB = "Europe and North America", "Asia and the Pacific", "Africa", "Arab States"
WH, BR, GP, C2C = "world_heritage", "biosphere_reserve", "global_geopark", "category2_centre"

# site_id, designation, name, name_fr, name_ru, name_zh, countries, region, year, subtype, danger, place_kinds
ROWS = [
    (
        "whc:1",
        WH,
        "Old Town of Ålesund",
        "Vieille ville d’Ålesund",
        None,
        None,
        ["FRA"],
        EUR,
        1980,
        "Cultural",
        False,
        2,
    ),
    ("mab:1", BR, "Old Town Reserve", "Réserve de la Vieille-Ville", None, None, ["FRA"], EUR, 1990, None, False, 2),
    ("whc:2", WH, "Alps", "Alpes", None, None, ["FRA", "CHE"], EUR, 2000, "Natural", True, 1),
    ("uggp:1", GP, "Xi’an Geopark", None, None, None, ["CHN"], APAC, 2004, None, False, 1),
    (
        "whc:3",
        WH,
        "The Great Wall",
        "La Grande Muraille",
        "Великая стена",
        "长城",
        ["CHN"],
        APAC,
        1987,
        "Cultural",
        False,
        3,
    ),
    ("mab:2", BR, "Wall Reserve", None, None, None, ["CHN"], APAC, 1987, None, False, 3),
    ("uggp:2", GP, "Wall Geopark", None, None, None, ["CHN"], APAC, 2010, None, False, 3),
    ("c2c:1", C2C, "Centre", None, "Центр Ёлка", None, ["KEN"], AFR, 2012, "education", False, 1),
    ("whc:4", WH, "Mixed Site", None, None, None, ["KEN"], AFR, 1980, "Mixed", True, 1),
    ("whc:5", WH, "Old City of Jerusalem", None, None, None, [], ARAB, 1981, "Cultural", True, 1),
    ("mab:3", BR, "Undated Reserve", None, None, None, ["CHE"], EUR, None, None, False, 1),
]


def frame() -> pd.DataFrame:
    cols = [
        "site_id",
        "designation",
        "name",
        "name_fr",
        "name_ru",
        "name_zh",
        "countries_iso3",
        "region",
        "year",
        "subtype",
        "in_danger",
        "place_kinds",
    ]
    df = pd.DataFrame(ROWS, columns=cols)
    df["year"] = df["year"].astype("Int64")
    df["transboundary"] = df["countries_iso3"].map(len) > 1
    return df


def ids(data, **filters) -> set[str]:
    return set(apply(data, Filters(**filters), frozenset({"CHN", "KEN"}))["site_id"])


ALL = {r[0] for r in ROWS}


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, ALL),
        ({"kinds": (BR,)}, {"mab:1", "mab:2", "mab:3"}),
        ({"regions": (AFR,)}, {"c2c:1", "whc:4"}),
        ({"countries": ("CHE",)}, {"whc:2", "mab:3"}),  # transboundary site counts for CHE
        ({"countries": ("CHE", "KEN")}, {"whc:2", "mab:3", "c2c:1", "whc:4"}),
        ({"year_min": 1987, "year_max": 2000}, {"whc:2", "whc:3", "mab:2", "mab:1"}),  # undated mab:3 drops out
        ({"year_max": 1980}, {"whc:1", "whc:4"}),
        ({"wh_categories": ("Cultural",)}, ALL - {"whc:2", "whc:4"}),  # non-WH rows pass through
        ({"wh_categories": ("Cultural",), "kinds": (WH,)}, {"whc:1", "whc:3", "whc:5"}),
        ({"in_danger_only": True}, {"whc:2", "whc:4", "whc:5"}),
        ({"transboundary_only": True}, {"whc:2"}),
        ({"bri_only": True}, {"uggp:1", "whc:3", "mab:2", "uggp:2", "c2c:1", "whc:4"}),
        ({"min_place_kinds": 2}, {"whc:1", "mab:1", "whc:3", "mab:2", "uggp:2"}),
        ({"min_place_kinds": 3}, {"whc:3", "mab:2", "uggp:2"}),
        ({"countries": ("CHN",), "kinds": (WH, GP), "search": "wall"}, {"whc:3", "uggp:2"}),
    ],
)
def test_filters(filters, expected):
    assert ids(frame(), **filters) == expected
    assert ids(prepare(frame()), **filters) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("alesund", {"whc:1"}),
        ("ÅLESUND", {"whc:1"}),
        ("ålesund", {"whc:1"}),
        ("muraille", {"whc:3"}),  # French name
        ("长城", {"whc:3"}),  # Chinese name
        ("великая", {"whc:3"}),  # Russian, case-folded
        ("елка", {"c2c:1"}),  # ё folded to е
        ("xi'an", {"uggp:1"}),  # typographic apostrophe in the data
        ("wall", {"whc:3", "mab:2", "uggp:2"}),
        ("great wall", {"whc:3"}),  # every word must occur
        ("wall great", {"whc:3"}),
        ("reserve vieille", {"mab:1"}),  # words may come from different languages
        ("  OLD   town ", {"whc:1", "mab:1"}),
        ("nowhere", set()),
    ],
)
def test_search(text, expected):
    assert ids(frame(), search=text) == expected


def test_bri_only_with_empty_list_matches_nothing():
    assert apply(frame(), Filters(bri_only=True)).empty


def test_apply_keeps_columns_index_and_type():
    df = frame().set_index("site_id", drop=False)
    df.index = [f"r{i}" for i in range(len(df))]
    out = apply(prepare(df), Filters(countries=("CHE",)))
    assert list(out.index) == ["r2", "r10"]
    assert list(out.columns) == list(df.columns)
    gdf = gpd.GeoDataFrame(frame(), geometry=gpd.points_from_xy(range(11), range(11)), crs=4326)
    assert isinstance(apply(gdf, Filters(kinds=(GP,))), gpd.GeoDataFrame)


def test_prepare_leaves_frame_untouched():
    df = frame()
    prep = prepare(df)
    assert prep.frame is df and list(df.columns) == list(frame().columns)


def test_filters_are_canonical():
    f = Filters(kinds=(WH, BR, WH), countries=("FRA", "CHE"), year_min=2010, year_max=1990, search=" a \x00 b ")
    assert f.kinds == (BR, WH)
    assert f.countries == ("CHE", "FRA")
    assert (f.year_min, f.year_max) == (1990, 2010)
    assert f.search == "a b"
    assert Filters(kinds=[BR, WH]) == Filters(kinds=(WH, BR))


@pytest.mark.parametrize(
    "bad", [{"kinds": ("whc",)}, {"regions": ("eur",)}, {"wh_categories": ("cultural",)}, {"min_place_kinds": 0}]
)
def test_filters_reject_programming_errors(bad):
    with pytest.raises(ValueError):
        Filters(**bad)


def test_is_default():
    assert Filters().is_default()
    assert Filters(search="  ").is_default()
    assert not Filters(in_danger_only=True).is_default()
    assert not Filters(min_place_kinds=2).is_default()


def test_fold_and_clean():
    assert fold_text("Øresund Æbelø – Łódź") == "oresund aebelo - lodz"
    assert clean_search("\tGreat\n\nWall\x07 ") == "Great Wall"


def test_country_lists_read_from_parquet_as_arrays():
    df = frame()
    df["countries_iso3"] = df["countries_iso3"].map(np.array)
    assert ids(df, countries=("CHE",)) == {"whc:2", "mab:3"}


def test_one_country_keeps_transboundary_rows_and_handles_no_match():
    """The country profile's rows: a one-country filter (transboundary sites included)."""
    df = pd.DataFrame({"site_id": ["a", "b", "c"], "countries_iso3": [["FRA"], ["FRA", "ESP"], ["ITA"]]})
    assert list(apply(df, Filters(countries=("FRA",)))["site_id"]) == ["a", "b"]
    empty = apply(df, Filters(countries=("CHN",)))
    assert empty.empty and list(empty.columns) == ["site_id", "countries_iso3"]
