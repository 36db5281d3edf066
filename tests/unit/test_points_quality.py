"""Every designation where its place really is (#13): points inside their countries, no two
places on one point, researched points checked against coordinates held out from the build."""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd
import pytest

from geo import paths
from geo.build.checks import CountryShapes
from geo.build.geocode import km_between
from geo.schema import APPROXIMATE

RAW = paths.REPO_ROOT / "data" / "raw"
REFERENCE = paths.REPO_ROOT / "data" / "reference"


@pytest.fixture(scope="module")
def table() -> gpd.GeoDataFrame:
    return gpd.read_parquet(paths.current_set() / "designations.parquet")


@pytest.fixture(scope="module")
def report() -> dict:
    import json

    return json.loads((paths.current_set() / "build_report.json").read_text(encoding="utf-8"))


def _listed(name: str) -> dict[str, str]:
    frame = pd.read_csv(REFERENCE / name, dtype=str, keep_default_na=False)
    assert frame["reason"].str.len().gt(20).all(), f"{name}: every entry needs its reason"
    return dict(zip(frame["site_id"], frame["reason"]))


def test_every_point_lies_in_its_countries_or_is_a_documented_exception(table):
    countries = gpd.read_parquet(paths.current_set() / "countries.parquet")
    shapes, exceptions = CountryShapes(countries), _listed("point_exceptions.csv")
    outside = []
    for row in table.itertuples():
        verdicts = [shapes.contains(c, row.lon, row.lat) for c in row.countries_iso3]
        if any(v is False for v in verdicts) and not any(verdicts):
            outside.append(row)
    undocumented = [
        (r.site_id, r.name) for r in outside if r.site_id not in exceptions and r.geocode_precision != "doubtful"
    ]
    assert not undocumented, undocumented
    # an exception that is no longer outside is stale: the file must say only what is true
    assert sorted(set(exceptions) - {r.site_id for r in outside}) == []
    # a point outside for no documented reason is never called located from a source
    assert all(r.geocode_precision != "source" for r in outside if r.site_id not in exceptions)


def test_no_two_places_share_a_point_unless_documented(table):
    shared = _listed("shared_points.csv")
    points = table.assign(point=list(zip(table["lat"].round(5), table["lon"].round(5))))
    crowded = points.groupby("point").filter(lambda group: group["place_id"].nunique() > 1)
    assert sorted(set(crowded["site_id"]) - set(shared)) == []
    assert sorted(set(shared) - set(crowded["site_id"])) == [], "stale entries in shared_points.csv"


def test_researched_points_agree_with_coordinates_held_out_from_the_build(table):
    check = pd.read_csv(RAW / "biosphere_reserves" / "reserve_points_check.csv")
    assert (check["max_km"] == 50).sum() >= 30
    assert check.loc[check["max_km"] > 50, "why"].str.len().gt(10).all()
    built = table.set_index("site_id")
    built_sources = pd.read_csv(RAW / "biosphere_reserves" / "reserve_points.csv").set_index("site_id")
    for row in check.itertuples():
        assert row.source_url != built_sources.at[row.site_id, "source_url"], f"{row.site_id}: not held out"
        km = km_between(row.lat, row.lon, built.at[row.site_id, "lat"], built.at[row.site_id, "lon"])
        assert km <= row.max_km, f"{row.site_id}: {km:.0f} km from {row.source_url}"


def test_at_least_95_percent_of_reserves_are_located_from_a_source(table, report):
    reserves = table[table["designation"] == "biosphere_reserve"]
    assert (reserves["geocode_precision"] == "source").mean() >= 0.95
    notes = next(s["notes"] for s in report["sources"] if s["source"] == "biosphere_reserves")
    for site_id in reserves.loc[reserves["geocode_precision"] == "country", "site_id"]:
        assert any(n.startswith(f"{site_id} (") and "no point found" in n for n in notes), (
            f"{site_id} stands at its country's label point without a written reason"
        )


def test_approximate_points_say_why(table):
    approximate = table[table["geocode_precision"].isin(APPROXIMATE)]
    assert approximate["geocode_method"].str.len().gt(20).all()
    ambiguous = table[table["geocode_precision"] == "ambiguous"]
    assert ambiguous["geocode_method"].str.contains("most populous of").all()


def test_the_build_report_lists_the_points_research_moved(report):
    moved = report["points_moved"]
    assert len(moved) >= 200 and moved == sorted(moved, key=lambda m: (-m["km"], m["site_id"]))
    baikal = next(m for m in moved if re.search(r"Baikal", m["name"]))
    assert baikal["km"] > 1000 and baikal["new_lat"] == pytest.approx(51.0, abs=0.5)


def test_coverage_per_kind_is_reported(report):
    reserves = next(c for c in report["coverage"] if c["designation"] == "biosphere_reserve")
    assert reserves["official_total"] == 797 and reserves["count"] >= 770
