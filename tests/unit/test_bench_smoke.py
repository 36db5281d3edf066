"""The benchmark's code paths on a tiny input, quickly: synthetic scaling, payload and page-script
measurements (ours and the naive app's) on 30 real rows at 1× and 2×, no build and no browser;
then the shape of results.json and results.md."""

import json

import geopandas as gpd
import pytest

from bench import report, run
from geo import paths
from tests.fixtures import synth

pytestmark = pytest.mark.skipif(
    not (paths.current_set() / "designations.parquet").exists(), reason="needs the processed data (make build)"
)


def test_synthetic_copies_are_new_jittered_designations(tmp_path):
    root = synth.make_root(tmp_path / "x3", 3, rows=20)
    table = gpd.read_parquet(root / "processed" / "designations.parquet")
    assert len(table) == 60 and table["site_id"].is_unique
    assert (root / "raw").is_symlink() and (root / "reference").is_symlink()
    copies = table.iloc[20:]
    assert copies["site_id"].str.contains(r"-s[12]$").all()
    assert copies["name"].str.contains(r" #[12]$").all()
    assert table["lat"].between(-85, 85).all() and table["lon"].between(-180, 180).all()
    assert (table.geometry.y.round(5) == table["lat"].round(5)).all()
    report_json = json.loads((root / "processed" / "build_report.json").read_text())
    assert report_json["total_designations"] == 60


def test_synthetic_data_stays_out_of_data(tmp_path):
    with pytest.raises(ValueError):
        synth.make_root(paths.REPO_ROOT / "data" / "bench-x2", 2, rows=5)


def test_quick_run_on_a_tiny_input_writes_the_results(tmp_path):
    run.main(
        [
            "--quick",
            "--scales",
            "1,2",
            "--rows",
            "30",
            "--repeats",
            "2",
            "--skip-build",
            "--no-browser",
            "--profile",
            "off",
            "--wait-idle",
            "0",
            "--out-dir",
            str(tmp_path),
        ]
    )
    data = json.loads((tmp_path / "results.json").read_text())
    assert {"meta", "build", "scales", "figures", "ratios", "growth", "targets"} <= set(data)
    assert data["meta"]["cores"] >= 1 and data["meta"]["cpu_model"] and data["meta"]["date"]
    assert set(data["scales"]) == {"1", "2"}
    one, two = data["scales"]["1"], data["scales"]["2"]
    assert (one["rows"], two["rows"]) == (30, 60)

    payload = one["inproc"]["payload"]
    assert payload["source"].startswith("the map page") and payload["deterministic"] is True
    assert payload["vendored_bytes"] > 100_000 and payload["libraries"] in ("linked", "inlined")
    # the outlines are counted either way: linked as a file, or inline in the map
    assert (payload["outlines_file_bytes"] > 50_000) != (payload["countries_json_bytes"] > 50_000)
    if payload["libraries"] == "linked":
        assert payload["first_load_bytes"] == (
            payload["html_bytes"] + payload["linked_files_bytes"] + payload["outlines_file_bytes"]
        )
    assert 0 < payload["raw_points_bytes"] < payload["points_json_bytes"] < payload["html_bytes"]
    assert payload["html_gzip_bytes"] < payload["html_bytes"]

    pages = one["inproc"]["pages"]
    assert set(pages) == {"map", "charts", "country", "table", "about"}
    for page in pages.values():
        for case in ("all", "typical"):
            cell = page[case]
            assert cell["median_ms"] > 0 and len(cell["runs_ms"]) >= 1 and cell["check"]
    assert pages["map"]["all"]["check"].endswith("shown: 30")
    assert one["inproc"]["map_new_session"]["all"]["median_ms"] > 0
    naive = one["inproc"]["naive"]
    assert naive["all"]["shown"] == "30" and naive["all"]["html_bytes"] > 0

    figs = data["figures"]["1"]
    assert figs["ours"]["script_map_all_ms"] > 0 and figs["naive"]["script_map_all_ms"] > 0
    assert figs["ours"]["shared_all_ms"] is None  # no browser in this run
    assert any(r["figure"] == "payload_bytes" and r["scale"] == 2 for r in data["ratios"])
    assert data["growth"]["figures"]["payload_bytes"]["steps"]["1->2"] > 1
    names = [t["target"] for t in data["targets"]]
    assert "Map payload ≤ 400 kB at 1×" in names and any(n.startswith("≥ 5×") for n in names)
    assert all(t["met"] in (True, False, None) for t in data["targets"])

    md = (tmp_path / "results.md").read_text()
    for heading in (
        "## Targets",
        "## Ours vs the naive baseline",
        "## How each figure grows",
        "## Page script times",
        "## Map payload",
    ):
        assert heading in md
    assert data["meta"]["cpu_model"] in md and f"{data['meta']['cores']} cores" in md


def test_report_formats():
    assert report.fmt_ms(33.2) == "33 ms" and report.fmt_ms(4663) == "4.66 s"
    assert report.fmt_bytes(562_076) == "562 kB" and report.fmt_bytes(24_820_056) == "24.8 MB"
    assert report.fmt_ratio(108.4) == "×108" and report.fmt_ratio(2.04) == "×2.0"


def test_each_pair_also_says_what_the_floor_app_reaches():
    figs = {
        "1": {
            "ours": {"cold_start_s": 3.0, "shared_typical_ms": 1400.0},
            "naive": {"cold_start_s": 6.0, "shared_typical_ms": 1600.0},
        }
    }
    floor = {"cold_start_s": 2.5, "shared_all_ms": 900.0}  # the floor page is the same for every link
    by_figure = {r["figure"]: r for r in report._ratios(figs, floor, "1")}
    assert by_figure["cold_start_s"]["ratio"] == pytest.approx(2.0)
    assert by_figure["cold_start_s"]["floor_ratio"] == pytest.approx(2.4)
    assert by_figure["shared_typical_ms"]["floor_ratio"] == pytest.approx(1600 / 900)
    assert all(r["floor_ratio"] is None for r in report._ratios(figs, floor, "10"))  # floor measured at 1× only
