"""Broken processed data: every way it can be broken gives a plain DataError naming the fix, the
pages show it with a Rebuild button (never a traceback), and the button really rebuilds.
Also the Data Hub refresh failures that tests/unit/test_download.py does not cover.

Each test works on a temporary data root (tests/fixtures/hostile/dataset.py: raw/ and reference/
linked to the project's, processed/ copied) pointed at with ``UNESCO_ATLAS_DATA``.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_pages.shared import data as app_data
from geo import paths
from geo.__main__ import main as geo_main
from geo.build import download
from geo.labels import REBUILD_COMMAND
from geo.store import DataError, load_atlas
from tests.fixtures.hostile.dataset import data_root
from tests.unit.test_download import FakeDataHub, Reply, snapshot

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")
DESIGNATIONS, COUNTRIES, REPORT = "designations.parquet", "countries.parquet", "build_report.json"
FIX = re.escape(REBUILD_COMMAND)


# --------------------------------------------------------------------------- ways to break it


def _cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(path.name).randbytes(path.stat().st_size))


def _rewrite(name: str, change) -> callable:
    def rewrite(folder: Path) -> None:
        path = folder / name
        change(gpd.read_parquet(path)).to_parquet(path, index=False)

    return rewrite


def _edit_report(change) -> callable:
    def edit(folder: Path) -> None:
        report = json.loads((folder / REPORT).read_text(encoding="utf-8"))
        (folder / REPORT).write_text(json.dumps(change(report)), encoding="utf-8")

    return edit


def _dict_without(key: str):
    return lambda d: {k: v for k, v in d.items() if k != key}


BREAKAGES = {  # case -> (break the processed folder, what the message must say)
    "missing designations": (lambda f: (f / DESIGNATIONS).unlink(), r"designations\.parquet is missing"),
    "missing countries": (lambda f: (f / COUNTRIES).unlink(), r"countries\.parquet is missing"),
    "missing report": (lambda f: (f / REPORT).unlink(), r"build_report\.json is missing"),
    "missing folder": (lambda f: shutil.rmtree(f), r"build_report\.json is missing"),
    "truncated designations": (
        lambda f: _cut_in_half(f / DESIGNATIONS),
        r"designations\.parquet could not be read .*truncated or corrupt",
    ),
    "truncated countries": (
        lambda f: _cut_in_half(f / COUNTRIES),
        r"countries\.parquet could not be read .*truncated or corrupt",
    ),
    "truncated report": (lambda f: _cut_in_half(f / REPORT), r"build_report\.json could not be read"),
    "corrupt designations": (lambda f: _random_bytes(f / DESIGNATIONS), r"designations\.parquet could not be read"),
    "corrupt countries": (lambda f: _random_bytes(f / COUNTRIES), r"countries\.parquet could not be read"),
    "corrupt report": (lambda f: _random_bytes(f / REPORT), r"build_report\.json could not be read"),
    "empty designations file": (
        lambda f: (f / DESIGNATIONS).write_bytes(b""),
        r"designations\.parquet could not be read",
    ),
    "directory for a file": (
        lambda f: ((f / DESIGNATIONS).unlink(), (f / DESIGNATIONS).mkdir()),
        r"designations\.parquet (could not be read|comes from an older build)",
    ),
    "plain parquet, no geometry": (
        lambda f: pd.DataFrame(gpd.read_parquet(f / DESIGNATIONS).drop(columns="geometry")).to_parquet(
            f / DESIGNATIONS
        ),
        r"designations\.parquet could not be read",
    ),
    "dropped designations column": (
        _rewrite(DESIGNATIONS, lambda d: d.drop(columns=["place_kinds", "url"])),
        r"designations\.parquet comes from an older build \(missing columns: url, place_kinds\)",
    ),
    "dropped countries column": (
        _rewrite(COUNTRIES, lambda d: d.drop(columns=["bri_member"])),
        r"countries\.parquet comes from an older build \(missing columns: bri_member\)",
    ),
    "no designations": (_rewrite(DESIGNATIONS, lambda d: d.iloc[:0]), r"designations\.parquet holds no rows"),
    "older schema_version": (
        _edit_report(lambda r: r | {"schema_version": 0}),
        r"another version of the atlas \(schema 0, expected 1\)",
    ),
    "newer schema_version": (_edit_report(lambda r: r | {"schema_version": 2}), r"schema 2, expected 1"),
    "no schema_version": (_edit_report(_dict_without("schema_version")), r"schema None, expected 1"),
    "schema_version as text": (_edit_report(lambda r: r | {"schema_version": "1"}), r"schema 1, expected 1"),
    "report is a list": (_edit_report(lambda r: [r]), r"schema \?, expected 1"),
    "report lacks a section": (
        _edit_report(_dict_without("coverage")),
        r"build_report\.json comes from an older build \(missing: coverage\)",
    ),
    # wrong inside though every column is there (#17)
    "all-null year": (
        _rewrite(DESIGNATIONS, lambda d: d.assign(year=pd.array([None] * len(d), dtype="Int64"))),
        r"designations\.parquet holds values the atlas cannot use: no designation has a year",
    ),
    "year as text": (
        _rewrite(DESIGNATIONS, lambda d: d.assign(year=d["year"].astype(str))),
        r"cannot use: year is not a whole number",
    ),
    "integer ISO codes": (
        _rewrite(DESIGNATIONS, lambda d: d.assign(countries_iso3=[[250]] * len(d))),
        r"cannot use: a country code is not ISO 3166 alpha-3",
    ),
    "unknown kind": (
        _rewrite(DESIGNATIONS, lambda d: d.assign(designation=d["designation"].replace("world_heritage", "wonder"))),
        r"cannot use: a kind is unknown \(e\.g\. whc:",
    ),
    "point off the globe": (
        _rewrite(DESIGNATIONS, lambda d: d.assign(lat=d["lat"] * 3)),
        r"cannot use: a point is out of range",
    ),
    "50 MB name": (
        _rewrite(DESIGNATIONS, lambda d: d.assign(name=["x" * 50_000_000] + list(d["name"][1:]))),
        r"cannot use: name is not text of at most 300 characters",
    ),
    "deeply nested report": (
        lambda f: (f / REPORT).write_text("[" * 200_000 + "]" * 200_000),
        r"build_report\.json could not be read \(RecursionError\)",
    ),
    "country code as number": (
        _rewrite(COUNTRIES, lambda d: d.assign(iso3=range(len(d)))),
        r"countries\.parquet holds values the atlas cannot use: a country code",
    ),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """One copy of the real data root; each test copies its processed/ folder."""
    return data_root(tmp_path_factory.mktemp("pristine"))


@pytest.fixture
def root(pristine, tmp_path) -> Path:
    out = data_root(tmp_path / "data", processed=False)
    shutil.copytree(pristine / "processed", out / "processed", dirs_exist_ok=True)
    return out


def broken_root(root: Path, case: str) -> Path:
    BREAKAGES[case][0](paths.current_set(root / "processed"))
    return root


# --------------------------------------------------------------------------- load_atlas


def test_the_copied_root_loads(root):
    atlas = load_atlas(root / "processed")
    assert len(atlas.designations) > 2000 and len(atlas.countries) > 200


@pytest.mark.parametrize("case", list(BREAKAGES))
def test_load_atlas_names_the_problem_and_the_fix(root, case):
    broken_root(root, case)
    with pytest.raises(DataError) as info:
        load_atlas(root / "processed")
    message = str(info.value)
    assert re.search(BREAKAGES[case][1], message), message
    assert message.endswith(f"with: {REBUILD_COMMAND}"), message
    assert "Traceback" not in message and len(message) < 400


# --------------------------------------------------------------------------- the pages


@pytest.fixture
def app_on(monkeypatch):
    """Run the dashboard in-process on a given data root, with the caches emptied around it."""

    def run(data: Path, params: dict | None = None, rebuild: str = "on") -> AppTest:
        monkeypatch.setenv("UNESCO_ATLAS_DATA", str(data))
        monkeypatch.setenv(app_data.REBUILD_SETTING, rebuild)
        app_data.reset_caches()
        at = AppTest.from_file(DASHBOARD, default_timeout=180)
        at.query_params.update(params or {})
        return at.run()

    yield run
    app_data.reset_caches()  # the next tests load the real data again


def rebuild_button(at: AppTest):
    return next((b for b in at.button if b.label == "Rebuild the data now"), None)


def assert_data_problem(at: AppTest, pattern: str) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1, [e.value for e in at.error]
    message = at.error[0].value
    assert message.startswith("**The atlas data can't be loaded.**") and re.search(pattern, message), message
    assert REBUILD_COMMAND in message and "Traceback" not in message and 'File "' not in message
    assert rebuild_button(at) is not None


@pytest.mark.parametrize(
    "case",
    [
        "missing designations",
        "truncated countries",
        "corrupt report",
        "dropped designations column",
        "older schema_version",
        "report lacks a section",
        "all-null year",
        "integer ISO codes",
        "unknown kind",
        "deeply nested report",
        "50 MB name",
    ],
)
def test_the_map_page_explains_and_offers_a_rebuild(root, app_on, case):
    at = app_on(broken_root(root, case))
    assert_data_problem(at, BREAKAGES[case][1])


@pytest.mark.parametrize("page", ["map", "charts", "country", "table", "places", "compare", "about"])
def test_every_page_explains_and_offers_a_rebuild(root, app_on, page):
    at = app_on(broken_root(root, "truncated designations"), {"page": page})
    assert_data_problem(at, BREAKAGES["truncated designations"][1])


def test_the_rebuild_button_rebuilds(root, app_on):
    shutil.rmtree(root / "processed")
    at = app_on(root)
    assert_data_problem(at, "is missing")
    rebuild_button(at).click()
    at.run(timeout=300)
    assert not at.exception and not at.error, [e.value for e in at.exception] + [e.value for e in at.error]
    assert rebuild_button(at) is None
    assert {DESIGNATIONS, COUNTRIES, REPORT} <= {p.name for p in paths.current_set(root / "processed").iterdir()}
    shown = next(m.value for m in at.metric if m.label == "Shown")
    assert int(shown.replace(",", "")) == len(load_atlas(root / "processed").designations) > 2000


def test_a_failed_rebuild_is_explained_too(root, app_on, tmp_path):
    """No raw data to rebuild from: the failure is shown as a message, the button stays."""
    empty_raw = tmp_path / "empty-raw"
    empty_raw.mkdir()
    (root / "raw").unlink()
    (root / "raw").symlink_to(empty_raw, target_is_directory=True)
    shutil.rmtree(root / "processed")
    at = app_on(root)
    rebuild_button(at).click()
    at.run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    assert any(e.value.startswith("Rebuild failed:") and "make build" in e.value for e in at.error), [
        e.value for e in at.error
    ]
    assert not any(str(tmp_path) in e.value or str(root) in e.value for e in at.error), "no server paths"
    assert not (root / "processed" / "CURRENT").exists()


def test_without_the_setting_there_is_no_rebuild_button(root, app_on):
    """In production (no UNESCO_ATLAS_REBUILD) a visitor cannot start a build on the server."""
    at = app_on(broken_root(root, "missing designations"), rebuild="")
    assert not at.exception and len(at.error) == 1 and rebuild_button(at) is None
    assert any("UNESCO_ATLAS_REBUILD=on" in m.value for m in at.markdown), [m.value for m in at.markdown]
    assert str(root) not in at.error[0].value


def test_two_rebuilds_at_once_run_one_build(root, tmp_path):
    """The second press while a build runs is told so at once instead of building again."""
    from geo import build

    with build._build_lock(root / "processed"):
        with pytest.raises(build.BuildError, match="another build is running"):
            build.build(raw_dir=root / "raw", out_dir=root / "processed", progress=None)


@pytest.mark.parametrize("pointer", ["set-that-does-not-exist\n", "../../etc\n", "", "\xff\xfe"])
def test_a_bad_current_pointer_is_explained(root, pointer):
    (root / "processed" / "CURRENT").write_bytes(pointer.encode("latin-1"))
    with pytest.raises(DataError) as info:
        load_atlas(root / "processed")
    assert re.search(r"build_report\.json (is missing|could not be read)", str(info.value)), str(info.value)


# --------------------------------------------------------------------------- Data Hub refresh, beyond test_download.py

SHORT = 0.3


@pytest.fixture
def hub(monkeypatch):
    monkeypatch.setenv("no_proxy", "*")
    server = FakeDataHub()
    yield server
    server.stop()


@pytest.fixture
def hub_root(tmp_path, pristine) -> Path:
    """A data root with an earlier download of every dataset in a real raw/ folder (never the
    project's own) and a copy of the processed data."""
    root = tmp_path / "data"
    for dataset in download.DATASETS:
        folder = root / "raw" / "datahub" / dataset
        folder.mkdir(parents=True)
        (folder / "2020-01-01.json").write_bytes(b'[{"earlier": "download"}]\n')
        (folder / "2020-01-01.meta.json").write_text('{"data_date": "2019-12-31"}\n')
    shutil.copytree(pristine / "processed", root / "processed")
    return root


def _html_error(status: int):
    def apply(hub: FakeDataHub) -> None:
        hub.replies[hub.metadata_path("whc001")] = Reply(b"<html><body>Service Unavailable</body></html>", status)

    return apply


def _slow_metadata(hub: FakeDataHub) -> None:
    hub.replies[hub.metadata_path("eg0001")].delay = 10


def _truncated_metadata(hub: FakeDataHub) -> None:
    reply = hub.replies[hub.metadata_path("mab001")]
    reply.body = reply.body[: len(reply.body) // 2]


def _partly_renamed(hub: FakeDataHub) -> None:
    hub.edit_json(
        hub.export_path("whc001"),
        lambda records: [
            {("name" if k == "name_en" and i == 0 else k): v for k, v in r.items()} for i, r in enumerate(records)
        ],
    )


def _fewer_in_metadata(hub: FakeDataHub) -> None:
    def fewer(metadata):
        metadata["metas"]["default"]["records_count"] = 1
        return metadata

    hub.edit_json(hub.metadata_path("eg0001"), fewer)


def _not_json(hub: FakeDataHub) -> None:
    hub.replies[hub.export_path("mab001")] = Reply(b"<!doctype html><title>Maintenance</title>")


MORE_FAILURES = {  # not in test_download.py: failures of the metadata request, and odd bodies
    "metadata 503 with an HTML body": (_html_error(503), r"whc001: HTTP 503 from http://127\.0\.0\.1:\d+/\S+/whc001$"),
    "metadata 429": (_html_error(429), r"whc001: HTTP 429 from "),
    "metadata 404": (_html_error(404), r"whc001: HTTP 404 from "),
    "metadata timeout": (_slow_metadata, rf"eg0001: timed out after {SHORT} s"),
    "truncated metadata": (_truncated_metadata, r"mab001: metadata JSON truncated at byte \d+$"),
    "field renamed in some records": (_partly_renamed, r"whc001: field 'name_en' missing in 1 of 4 records"),
    "metadata counts fewer": (_fewer_in_metadata, r"eg0001: 3 records but metadata says 1"),
    "export is an HTML page": (_not_json, r"mab001: export is not valid JSON at byte 0"),
}


@pytest.mark.parametrize("case", list(MORE_FAILURES))
def test_more_refresh_failures_store_nothing(case, hub, hub_root):
    break_it, message = MORE_FAILURES[case]
    break_it(hub)
    before = snapshot(hub_root / "raw")
    result = download.refresh(base_url=hub.base_url, raw_dir=hub_root / "raw", timeout=SHORT)
    assert not result.ok and len(result.errors) == 1
    assert re.match(message, result.errors[0]), result.errors[0]
    assert snapshot(hub_root / "raw") == before


def test_a_failed_refresh_from_the_command_line_keeps_raw_and_processed_data(hub, hub_root, monkeypatch, capsys):
    """`python -m geo refresh` on a failure: exit 1, say so, and neither download nor rebuild."""
    _html_error(503)(hub)
    monkeypatch.setenv("UNESCO_ATLAS_DATA", str(hub_root))
    before = snapshot(hub_root)
    code = geo_main(["refresh", "--url", hub.base_url, "--timeout", str(SHORT)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "whc001: FAILED: HTTP 503" in out and "mab001: skipped" in out
    assert "nothing was replaced, the current data is untouched" in err
    assert "Rebuilding" not in out
    assert snapshot(hub_root) == before, "raw downloads and processed data must stay byte for byte"
    assert load_atlas(hub_root / "processed").report["schema_version"] == 1
