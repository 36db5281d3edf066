"""The processed atlas, checked against known facts; the build is complete and deterministic."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geo import basemap, build, paths
from geo.build import download
from geo.iso import is_iso3
from geo.schema import COLUMNS, GEOCODE_PRECISIONS, KINDS
from geo.store import load_atlas
from tests.unit.test_download import FakeDataHub


@pytest.fixture(scope="module")
def atlas():
    folder = paths.current_set()
    return (
        gpd.read_parquet(folder / "designations.parquet"),
        gpd.read_parquet(folder / "countries.parquet"),
        json.loads((folder / "build_report.json").read_text()),
        pd.read_csv(folder / "rejects.csv"),
    )


def test_counts_per_kind(atlas):
    table, _, report, _ = atlas
    counts = table["designation"].value_counts()
    assert counts["world_heritage"] == 1273
    assert counts["biosphere_reserve"] == 773  # 753 curated + 22 added from stored pages - 2 withdrawn
    assert counts["global_geopark"] == 241
    assert counts["category2_centre"] == 114  # one refuted by research (CIRAT)
    assert report["total_designations"] == len(table) == 2401


def test_schema_ids_and_geometry(atlas):
    table, countries, _, _ = atlas
    assert set(COLUMNS) <= set(table.columns)
    assert table["site_id"].is_unique
    wh_ids = table.loc[table.designation == "world_heritage", "site_id"]
    assert wh_ids.str.fullmatch(r"whc:\d+").all() and wh_ids.is_unique
    assert table.crs.to_epsg() == 4326
    assert table.geometry.notna().all() and not table.geometry.is_empty.any()
    assert table.geometry.y.between(-90, 90).all() and table.geometry.x.between(-180, 180).all()
    assert set(table["designation"]) == set(KINDS)
    assert table["geocode_precision"].isin(GEOCODE_PRECISIONS).all()
    codes = {c for cs in table["countries_iso3"] for c in cs}
    assert all(is_iso3(c) for c in codes)
    assert table["primary_iso3"].dropna().map(is_iso3).all()
    assert countries["iso3"].is_unique and {"FRA", "NOR", "PSE", "SSD", "XKX"} <= set(countries["iso3"])


def test_jerusalem_has_no_country_but_a_region(atlas):
    table = atlas[0].set_index("site_id")
    assert list(table.at["whc:148", "countries_iso3"]) == [] and table.at["whc:148", "region"] == "Arab States"


def test_every_row_has_a_unesco_region_where_its_country_has_one(atlas):
    table = atlas[0]
    assert table["region"].notna().all()


def test_transboundary_flags_agree_with_country_lists(atlas):
    table = atlas[0]
    assert (table["transboundary"] == table["countries_iso3"].map(len).gt(1)).all()
    assert int(table.loc[table.designation == "world_heritage", "transboundary"].sum()) == 51


def test_world_heritage_in_danger_after_2026(atlas):
    table = atlas[0].set_index("site_id")
    assert int(table["in_danger"].sum()) == 58
    assert not table.at["whc:1033", "in_danger"]  # Vienna, removed in 2026
    assert table.at["whc:1810", "in_danger"]  # Mount Amel Castles, added in 2026
    assert table.loc[table.designation != "world_heritage", "in_danger"].eq(False).all()


def test_geoparks_in_51_countries(atlas):
    table = atlas[0]
    geoparks = table[table.designation == "global_geopark"]
    assert len(geoparks) == 241
    assert len({c for cs in geoparks["countries_iso3"] for c in cs}) == 51
    assert geoparks["official_year"].notna().all() and (geoparks["year"] <= geoparks["official_year"]).all()


def test_huangshan_holds_three_designations_in_one_place(atlas):
    table = atlas[0]
    place = table.loc[table.site_id == "whc:547", "place_id"].iloc[0]
    members = table[table.place_id == place]
    assert set(members["designation"]) == {"world_heritage", "biosphere_reserve", "global_geopark"}
    assert (members["place_kinds"] == 3).all()


def test_qomolangma_is_moved_into_china_by_research(atlas):
    """Its Wikidata point lay in Nepal; UNESCO's page puts it in Tibet."""
    table, _, report, _ = atlas
    assert "Qomolangma" not in {o["name"] for o in report["outside_country"]}
    row = table.loc[table["name"] == "Qomolangma"].iloc[0]
    assert list(row["countries_iso3"]) == ["CHN"] and row["geocode_precision"] == "source"
    assert row["lat"] > 27.5 and row["geocode_method"].startswith("researched:")
    moved = next(m for m in report["points_moved"] if m["name"] == "Qomolangma")
    assert moved["old"] == "source point" and moved["km"] > 100


def test_every_input_record_is_in_the_table_or_the_reject_report(atlas):
    table, _, report, rejects = atlas
    for source in report["sources"]:
        assert source["rows_in"] == source["rows_out"] + source["rejected"], source["source"]
    assert sum(s["rows_out"] for s in report["sources"]) == len(table)
    assert sum(s["rejected"] for s in report["sources"]) == len(rejects)
    assert rejects["reason"].notna().all() and (rejects["reason"].str.len() > 0).all()


def test_coverage_is_reported_against_official_totals(atlas):
    coverage = {c["designation"]: c for c in atlas[2]["coverage"]}
    assert coverage["world_heritage"]["official_total"] == 1273 and coverage["world_heritage"]["coverage_pct"] == 100.0
    assert coverage["biosphere_reserve"]["official_total"] == 797
    assert coverage["category2_centre"]["official_total"] is None


def test_two_builds_give_identical_files(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build.build(out_dir=first, progress=None)
    build.build(out_dir=second, progress=None)
    first, second = paths.current_set(first), paths.current_set(second)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir()) and "designations.parquet" in names
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def _raw_copy(tmp_path: Path) -> Path:
    """A raw folder that links to the bundled sources (so downloads land beside them)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for child in paths.raw_dir().iterdir():
        if child.name != "datahub":
            os.symlink(child, raw / child.name)
    return raw


def test_refresh_then_build_uses_the_downloads(tmp_path, monkeypatch):
    monkeypatch.setenv("no_proxy", "*")
    hub = FakeDataHub()
    try:
        raw = _raw_copy(tmp_path)
        result = download.refresh(base_url=hub.base_url, raw_dir=raw, timeout=5)
        assert result.ok, result.summary()
        report = build.build(raw_dir=raw, out_dir=tmp_path / "out", progress=None)
    finally:
        hub.stop()
    table = gpd.read_parquet(paths.current_set(tmp_path / "out") / "designations.parquet")
    wh = table[table.designation == "world_heritage"]
    assert wh["source"].str.startswith("UNESCO Data Hub whc001").all()
    assert len(wh) == len(json.loads((paths.REPO_ROOT / "tests/fixtures/datahub/whc001.json").read_text()))
    assert (table.loc[table.designation == "category2_centre", "source"].str.startswith("category2")).all()
    assert [s["source"] for s in report["sources"]][:3] == [
        "datahub_world_heritage",
        "datahub_biosphere_reserve",
        "datahub_global_geopark",
    ]


def test_a_stored_download_below_the_floor_is_passed_over(tmp_path):
    """An empty export stored before refresh had floors must not gut every later build."""
    raw = _raw_copy(tmp_path)
    os.symlink(paths.reference_dir(), tmp_path / "reference")
    folder = raw / "datahub" / "mab001"
    folder.mkdir(parents=True)
    (folder / "2026-12-01.json").write_text("[]\n")
    (folder / "2026-12-01.meta.json").write_text(json.dumps({"records": 0, "data_date": "2026-12-01"}))
    build.build(raw_dir=raw, out_dir=tmp_path / "out", progress=None)
    table = gpd.read_parquet(paths.current_set(tmp_path / "out") / "designations.parquet")
    reserves = table[table.designation == "biosphere_reserve"]
    assert len(reserves) > 700 and not reserves["source"].str.contains("Data Hub").any()


# --- publishing: one complete set or the other, one build at a time (#17) ---------------------

SET_FILES = sorted(
    [
        "build_report.json",
        "build_report.md",
        "countries.parquet",
        "designations.parquet",
        "rejects.csv",
        *basemap.file_names(),
    ]
)


def test_a_build_publishes_a_new_set_keeps_the_previous_and_prunes_the_rest(tmp_path):
    out = tmp_path / "processed"
    out.mkdir()
    (out / "designations.parquet").write_text("a flat file from before sets")
    sets = []
    for _ in range(3):
        build.build(out_dir=out, progress=None)
        sets.append(paths.current_set(out))
    assert len(set(sets)) == 3 and sorted(p.name for p in sets[-1].iterdir()) == SET_FILES
    left = sorted(p.name for p in out.iterdir())
    assert left == sorted([".build.lock", "CURRENT", sets[1].name, sets[2].name])  # previous kept, flat gone
    assert load_atlas(out).designations.equals(load_atlas(sets[2].parent).designations)


def test_a_failed_build_leaves_the_current_set(tmp_path, monkeypatch):
    out = tmp_path / "processed"
    build.build(out_dir=out, progress=None)
    before = paths.current_set(out)

    def no_space(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", no_space)
    with pytest.raises(OSError):
        build.build(out_dir=out, progress=None)
    assert paths.current_set(out) == before
    assert sorted(p.name for p in out.iterdir()) == sorted([".build.lock", "CURRENT", before.name])


def test_one_build_at_a_time(tmp_path):
    out = tmp_path / "processed"
    with build._build_lock(out):
        with pytest.raises(build.BuildError, match="another build is running"):
            build.build(out_dir=out, progress=None)
    assert not (out / "CURRENT").exists()


def test_a_build_stopped_at_any_moment_leaves_a_complete_set(tmp_path):
    """Kill a build process at ever later moments: the folder always loads as one whole set."""
    out = tmp_path / "processed"
    build.build(out_dir=out, progress=None)
    script = f"from geo import build; build.build(out_dir=__import__('pathlib').Path({str(out)!r}), progress=None)"
    for delay in (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0):
        child = subprocess.Popen([sys.executable, "-c", script], cwd=paths.REPO_ROOT)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        current = paths.current_set(out)
        assert sorted(p.name for p in current.iterdir()) == SET_FILES, delay
        assert len(load_atlas(out).designations) > 2000
