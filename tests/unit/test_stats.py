"""geo.stats on a small hand-built frame; every expected number below was counted by hand."""

import math

import numpy as np
import pandas as pd
import pytest

from geo import stats
from geo.schema import NO_STATE_PARTY

EUR, APAC, AFR, ARAB, LAC = (
    "Europe and North America",
    "Asia and the Pacific",
    "Africa",
    "Arab States",
    "Latin America and the Caribbean",
)
WH, BR, GP, C2C = "world_heritage", "biosphere_reserve", "global_geopark", "category2_centre"

# site_id, designation, name, countries, region, year, subtype, in_danger, place_id
ROWS = [
    ("whc:1", WH, "Old Town", ["FRA"], EUR, 1980, "Cultural", False, "p1"),
    ("mab:1", BR, "Old Town Reserve", ["FRA"], EUR, 1990, None, False, "p1"),
    ("whc:2", WH, "Alps", ["FRA", "CHE"], EUR, 2000, "Natural", True, "p2"),
    ("uggp:1", GP, "Geo Park", ["CHN"], APAC, 2004, None, False, "p3"),
    ("whc:3", WH, "Great Wall", ["CHN"], APAC, 1987, "Cultural", False, "p4"),
    ("mab:2", BR, "Wall Reserve", ["CHN"], APAC, 1987, None, False, "p4"),
    ("uggp:2", GP, "Wall Geopark", ["CHN"], APAC, 2010, None, False, "p4"),
    ("c2c:1", C2C, "Centre", ["KEN"], AFR, 2012, "education", False, "p5"),
    ("whc:4", WH, "Mixed Site", ["KEN"], AFR, 1980, "Mixed", True, "p6"),
    ("whc:5", WH, "Jerusalem", [], ARAB, 1981, "Cultural", True, "p7"),
    ("mab:3", BR, "Undated Reserve", ["CHE"], EUR, None, None, False, "p8"),
]


@pytest.fixture
def df() -> pd.DataFrame:
    cols = ["site_id", "designation", "name", "countries_iso3", "region", "year", "subtype", "in_danger", "place_id"]
    out = pd.DataFrame(ROWS, columns=cols)
    out["year"] = out["year"].astype("Int64")
    out["transboundary"] = out["countries_iso3"].map(len) > 1
    out["primary_iso3"] = out["countries_iso3"].map(lambda c: c[0] if c else None)
    return out


@pytest.fixture
def countries() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "iso3": ["FRA", "CHE", "DEU", "CHN", "KEN"],
            "population": [60_000_000, 8_000_000, 80_000_000, 1_000_000_000, 0],
            "area_km2": [600_000, 40_000, 350_000, 10_000_000, 500_000],
            "region": [EUR, EUR, EUR, APAC, AFR],
        }
    )


def records(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(r) for r in frame.itertuples(index=False)]


def test_by_country_counts_transboundary_for_each_country(df):
    # Jerusalem (no State Party) is a line of its own
    assert records(stats.by_country(df)) == [("CHN", 4), ("FRA", 3), ("CHE", 2), ("KEN", 2), (NO_STATE_PARTY, 1)]


def test_by_country_kind(df):
    assert records(stats.by_country_kind(df)) == [
        ("CHE", WH, 1),
        ("CHE", BR, 1),
        ("CHN", WH, 1),
        ("CHN", BR, 1),
        ("CHN", GP, 2),
        ("FRA", WH, 2),
        ("FRA", BR, 1),
        ("KEN", WH, 1),
        ("KEN", C2C, 1),
        (NO_STATE_PARTY, WH, 1),
    ]


def test_by_region_country_kind(df):
    out = stats.by_region_country_kind(df)
    assert records(out[out["region"] == EUR]) == [
        (EUR, "CHE", WH, 1),
        (EUR, "CHE", BR, 1),
        (EUR, "FRA", WH, 2),
        (EUR, "FRA", BR, 1),
    ]
    assert out["count"].sum() == 12  # 11 designations, the transboundary one twice


def test_by_year(df):
    out = stats.by_year(df).set_index(["designation", "year"])
    assert len(out) == 4 * (2012 - 1980 + 1)  # every kind, every year 1980..2012
    assert out.loc[(WH, 1980), "count"] == 2
    assert out.loc[(WH, 1999), "cumulative"] == 4  # 1980 ×2, 1981, 1987
    assert out.loc[(WH, 2012), "cumulative"] == 5
    assert out.loc[(BR, 1989), "cumulative"] == 1
    assert out.loc[(BR, 2012), "cumulative"] == 2  # undated mab:3 left out
    assert out.loc[(GP, 2009), "cumulative"] == 1
    assert out.loc[(C2C, 2011), "cumulative"] == 0
    assert out.loc[(C2C, 2012), "cumulative"] == 1


def test_by_year_only_kinds_present(df):
    out = stats.by_year(df[df["designation"] == GP])
    assert set(out["designation"]) == {GP}
    assert list(out["year"]) == list(range(2004, 2011))
    assert list(out["cumulative"]) == [1, 1, 1, 1, 1, 1, 2]


def test_wh_categories(df):
    assert records(stats.wh_categories(df)) == [("Cultural", 3, 0.6), ("Natural", 1, 0.2), ("Mixed", 1, 0.2)]
    assert records(stats.wh_categories(df[df["designation"] == BR])) == [
        ("Cultural", 0, 0.0),
        ("Natural", 0, 0.0),
        ("Mixed", 0, 0.0),
    ]


def test_in_danger_by_region(df):
    assert records(stats.in_danger_by_region(df)) == [
        (AFR, 1, 1, 1.0),
        (ARAB, 1, 1, 1.0),
        (APAC, 0, 1, 0.0),
        (EUR, 1, 2, 0.5),
        (LAC, 0, 0, 0.0),
    ]


def test_country_summary(df):
    out = stats.country_summary(df)
    assert list(out.index) == ["CHE", "CHN", "FRA", "KEN", NO_STATE_PARTY]
    assert out.loc["FRA"].to_dict() == {
        "total": 3,
        WH: 2,
        BR: 1,
        GP: 0,
        C2C: 0,
        "cultural": 1,
        "natural": 1,
        "mixed": 0,
        "in_danger": 1,
        "transboundary": 1,
        "first_year": 1980,
        "latest_year": 2000,
    }
    assert out.loc["CHE"].to_dict() == {
        "total": 2,
        WH: 1,
        BR: 1,
        GP: 0,
        C2C: 0,
        "cultural": 0,
        "natural": 1,
        "mixed": 0,
        "in_danger": 1,
        "transboundary": 1,
        "first_year": 2000,
        "latest_year": 2000,
    }
    assert out.loc["CHN", GP] == 2 and out.loc["KEN", "mixed"] == 1 and out.loc["KEN", "latest_year"] == 2012


def test_country_rates(df, countries):
    out = stats.country_rates(df, countries).set_index("iso3")
    assert out.loc["FRA", "per_million"] == pytest.approx(0.05)  # 3 / 60
    assert out.loc["FRA", "per_100k_km2"] == pytest.approx(0.5)  # 3 / 6
    assert out.loc["CHE", "per_million"] == pytest.approx(0.25)  # 2 / 8
    assert out.loc["CHE", "per_100k_km2"] == pytest.approx(5.0)  # 2 / 0.4
    assert out.loc["CHN", "per_million"] == pytest.approx(0.004)  # 4 / 1000
    assert math.isnan(out.loc["KEN", "per_million"])  # population 0
    assert out.loc["KEN", "per_100k_km2"] == pytest.approx(0.4)  # 2 / 5
    assert "DEU" not in out.index  # no designations
    assert set(stats.RATE_COLUMNS.values()) <= set(out.columns)


def test_country_rates_country_missing_from_table(df, countries):
    out = stats.country_rates(df, countries[countries["iso3"] != "CHN"]).set_index("iso3")
    assert out.loc["CHN", "count"] == 4 and math.isnan(out.loc["CHN", "per_million"])


def test_vs_region_average(df, countries):
    out = stats.vs_region_average(df, "FRA", countries)
    # Europe: FRA (WH 2, BR 1), CHE (WH 1, BR 1), DEU (none) → averages over 3 countries
    assert list(out["designation"]) == [WH, BR, GP, C2C, "all"]
    assert list(out["country"]) == [2, 1, 0, 0, 3]
    assert list(out["region_average"]) == pytest.approx([1.0, 2 / 3, 0.0, 0.0, 5 / 3])


def test_vs_region_average_unknown_country(df, countries):
    out = stats.vs_region_average(df, "ATA", countries)
    assert list(out["country"]) == [0] * 5
    assert out["region_average"].isna().all()


def test_places(df):
    out = stats.places(df)
    assert list(out["place_id"]) == ["p4", "p1"]  # 3 kinds first
    great_wall = out.iloc[0].to_dict()
    assert great_wall == {
        "place_id": "p4",
        "name": "Great Wall",
        "iso3": "CHN",
        "n_kinds": 3,
        "kinds": [WH, BR, GP],
        "years": [1987, 1987, 2010],
        "site_ids": ["whc:3", "mab:2", "uggp:2"],
        "first_year": 1987,
    }
    assert out.iloc[1]["kinds"] == [WH, BR] and out.iloc[1]["years"] == [1980, 1990]
    assert list(stats.places(df, min_kinds=3)["place_id"]) == ["p4"]
    assert stats.places(df[df["designation"] == WH]).empty  # kinds are counted within the frame


def test_empty_frame(df, countries):
    empty = df.iloc[:0]
    assert stats.by_country(empty).empty and stats.by_year(empty).empty and stats.places(empty).empty
    assert stats.country_summary(empty).empty
    assert stats.in_danger_by_region(empty)["world_heritage"].sum() == 0


def test_country_lists_read_from_parquet_as_arrays(df):
    df["countries_iso3"] = df["countries_iso3"].map(np.array)
    assert records(stats.by_country(df)) == [("CHN", 4), ("FRA", 3), ("CHE", 2), ("KEN", 2), (NO_STATE_PARTY, 1)]


def test_bri_split_counts_by_group_and_kind():
    import pandas as pd

    from geo.stats import bri_split

    df = pd.DataFrame(
        {
            "site_id": ["a", "b", "c", "d"],
            "designation": ["world_heritage", "world_heritage", "global_geopark", "world_heritage"],
            "subtype": ["Cultural", "Natural", None, "Cultural"],
            "region": [None] * 4,
            "year": [2000] * 4,
            "in_danger": [False] * 4,
            "transboundary": [False, False, False, True],
            "countries_iso3": [["CHN"], ["FRA"], ["CHN"], ["CHN", "FRA"]],
        }
    )
    countries = pd.DataFrame(
        {
            "iso3": ["CHN", "PAK", "FRA", "XXX"],
            "region": ["A", "A", "E", None],
            "population": [1e9, 2e8, 6e7, 1e6],
            "bri_member": [True, True, False, False],
        }
    )
    out = bri_split(df, countries).set_index(["group", "designation"])
    bri = out.loc[("Belt and Road countries", "world_heritage")]
    assert (bri["countries"], bri["count"], bri["per_country"]) == (2, 2, 1.0)  # a and d in CHN
    assert out.loc[("Belt and Road countries", "all"), "count"] == 3
    other = out.loc[("Other countries", "all")]
    assert (other["countries"], other["count"]) == (1, 2)  # b and d in FRA
    assert other["per_million"] == 2 / 60
