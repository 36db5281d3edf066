"""The Biosphere Reserves source (geo.build.sources.mab) on the bundled curated data, plus bad rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo.build.sources import mab
from geo.iso import is_iso3
from geo.paths import REPO_ROOT
from geo.schema import REJECT_COLUMNS, SOURCE_COLUMNS, validate_source_rows

RAW = REPO_ROOT / "data" / "raw"
FOLDER = RAW / "biosphere_reserves"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    """The curated list alone, as PROVENANCE.md describes it (no research applied)."""
    raw = tmp_path_factory.mktemp("curated")
    (raw / mab.NAME).mkdir()
    for name in (mab.CURATED, mab.DROPPED):
        shutil.copy(FOLDER / name, raw / mab.NAME / name)
    return mab.load(raw)


@pytest.fixture(scope="module")
def researched():
    """The list with research applied: points, facts, additions."""
    return mab.load(RAW)


@pytest.fixture(scope="module")
def rows(result):
    return result.rows


def _site(rows: pd.DataFrame, site_id: str) -> pd.Series:
    match = rows[rows["site_id"] == site_id]
    assert len(match) == 1, site_id
    return match.iloc[0]


def test_counts_match_provenance(rows):
    # Countries = distinct ISO3 codes over every row's full country list (TBR partners included).
    countries = {code for codes in rows["countries_iso3"] for code in codes}
    with_point = rows["lat"].notna() & rows["lon"].notna()
    assert len(rows) == 753
    assert len(countries) == 142
    assert with_point.sum() == 529
    assert (~with_point).sum() == 224
    assert rows["verification"].value_counts().to_dict() == {
        "source_wikidata": 529,
        "compiler_knowledge_unverified": 113,
        "stored_source": 111,
    }


def test_points_and_localities(rows):
    with_point = rows[rows["lat"].notna()]
    locality_only = rows[rows["lat"].isna()]
    assert with_point["geocode_precision"].value_counts().to_dict() == {"source": 527, "doubtful": 2}
    assert (with_point["geocode_method"] == mab.GEOCODE_METHOD).all()
    assert with_point["locality"].isna().all()
    assert (with_point["verification"] == "source_wikidata").all()
    assert locality_only["lon"].isna().all()
    assert locality_only["locality"].notna().all()
    assert locality_only["geocode_precision"].isna().all()
    assert locality_only["geocode_method"].isna().all()
    assert with_point["lat"].between(-90, 90).all() and with_point["lon"].between(-180, 180).all()


def test_site_ids_unique_and_stable(rows):
    curated = pd.read_csv(FOLDER / mab.CURATED, dtype=str, keep_default_na=False)
    qids = curated.loc[curated["wikidata_qid"] != "", "wikidata_qid"]
    assert rows["site_id"].is_unique
    assert rows["site_id"].str.fullmatch(r"mab:(Q[1-9]\d*|[A-Z]{3}-[a-z0-9]+(-[a-z0-9]+)*)").all()
    assert set("mab:" + qids) <= set(rows["site_id"])
    assert (rows["site_id"].str.startswith("mab:Q")).sum() == len(qids) == 529
    assert _site(rows, "mab:AGO-quicama")["name"] == "Quiçama"


def test_every_record_accounted_for(result):
    dropped = pd.read_csv(FOLDER / mab.DROPPED, dtype=str, keep_default_na=False)
    rejects = result.rejects
    assert list(rejects.columns) == REJECT_COLUMNS
    assert result.rows_in == 753 + 117
    assert len(result.rows) + len(rejects) == result.rows_in
    assert len(rejects) == len(dropped) == 117  # no curated row is rejected
    assert set(dropped["wikidata_qid"]) == set(rejects["record_id"])
    assert (rejects["source"] == "biosphere_reserves").all()
    by_qid = rejects.set_index("record_id")
    for record in dropped.itertuples():
        reason = by_qid.loc[record.wikidata_qid, "reason"]
        assert reason.startswith(f"{record.category}: ")
        if record.kept_as:
            assert f"mab:{record.kept_as}" in reason
            assert f"mab:{record.kept_as}" in set(result.rows["site_id"])


def test_countries_and_transboundary(rows):
    assert rows["countries_iso3"].map(lambda codes: type(codes) is list and len(codes) > 0).all()
    assert all(is_iso3(code) for codes in rows["countries_iso3"] for code in codes)
    assert (rows["primary_iso3"] == rows["countries_iso3"].str[0]).all()
    assert (rows["transboundary"] == (rows["countries_iso3"].str.len() > 1)).all()
    assert rows["transboundary"].sum() == 24


def test_schema(rows):
    assert validate_source_rows(rows) == []
    assert list(rows.columns) == list(SOURCE_COLUMNS)
    for column, kind in SOURCE_COLUMNS.items():
        if kind in ("Int64", "bool"):
            assert rows[column].dtype == kind, column
        elif kind == "float":
            assert rows[column].dtype == "float64", column
    assert (rows["designation"] == "biosphere_reserve").all()
    assert (~rows["in_danger"]).all()
    assert rows[["region", "description", "url", "area_ha"]].isna().all().all()
    assert (rows["source"] == mab.SOURCE).all()
    assert (rows["source_date"] == "2026-09-01").all()
    assert rows["year"].equals(rows["official_year"])
    assert rows["year"].isna().sum() == 3
    assert rows["year"].dropna().between(1976, 2025).all()


def test_deterministic(researched):
    rows = researched.rows
    pd.testing.assert_frame_equal(rows, mab.load(RAW).rows)
    assert rows["site_id"].tolist() == sorted(rows["site_id"])


def test_known_reserves(rows):
    huangshan = rows[rows["name"] == "Mount Huangshan"].iloc[0]
    assert huangshan["countries_iso3"] == ["CHN"]
    assert huangshan["year"] == 2018
    assert huangshan["locality"] == "Huangshan"
    ohrid = _site(rows, "mab:Q22680822")
    assert ohrid["countries_iso3"] == ["ALB", "MKD"] and ohrid["transboundary"]
    assert ohrid["year"] == 2014
    assert ohrid["geocode_precision"] == "source"
    trifinio = rows[rows["name"].str.startswith("Trifinio")].iloc[0]
    assert trifinio["countries_iso3"] == ["SLV", "GTM", "HND"]


def test_wrong_points_are_reported_and_marked_doubtful(result):
    qomolangma = _site(result.rows, "mab:Q22695540")
    assert (qomolangma["lat"], qomolangma["lon"]) == (26.84, 86.19)  # as given (in Nepal)
    assert qomolangma["geocode_precision"] == "doubtful"  # the note says not to trust it
    flagged = [n for n in result.notes if n.startswith("flagged in source note:")]
    assert len(flagged) == 22  # PROVENANCE: 22 rows flagged DOUBT or VERIFY
    assert any("mab:Q22695540" in n and "Nepal" in n for n in flagged)
    assert any("mab:Q22678366" in n and "Banda Sea" in n for n in flagged)  # Komodo


HEADER = (
    "name,country_iso3,countries,year_designated,latitude,longitude,locality,"
    "transboundary,wikidata_qid,verification,note\n"
)
BAD_ROWS = [
    # (csv line, expected reject reason or None when the row is kept)
    ("Good,FRA,France,2000,45.0,5.0,,false,Q1,source_wikidata,ok", None),
    ("Added Here,DEU,Germany,,,,Bonn,false,,stored_source,ok", None),
    ("Wrong Flag,ESP;PRT,Spain; Portugal,2001,,,Vigo,false,,stored_source,ok", None),
    ("Bad Code,XXX,Nowhere,2000,,,Town,false,,stored_source,ok", "unknown ISO3 code(s): XXX"),
    ("Bad Year,ITA,Italy,19x9,,,Roma,false,,stored_source,ok", "bad year: "),
    ("Half Point,ITA,Italy,2000,41.0,,,false,Q2,source_wikidata,ok", "bad coordinates: "),
    ("Far Point,ITA,Italy,2000,95.0,10.0,,false,Q3,source_wikidata,ok", "bad coordinates: 95.0, 10.0 out of range"),
    ("Bad Qid,ITA,Italy,2000,41.0,12.0,,false,12345,source_wikidata,ok", "malformed Wikidata QID: "),
    ("Added  Here,DEU,Germany,,,,Köln,false,,stored_source,ok", "duplicate site_id: mab:DEU-added-here"),
    ("<b></b>,DEU,Germany,,,,Köln,false,,stored_source,ok", "no name"),
]


def test_bad_curated_rows_become_rejects(tmp_path: Path):
    folder = tmp_path / "biosphere_reserves"
    folder.mkdir()
    (folder / mab.CURATED).write_text(HEADER + "".join(line + "\n" for line, _ in BAD_ROWS), encoding="utf-8")
    shutil.copy(FOLDER / mab.DROPPED, folder / mab.DROPPED)
    result = mab.load(tmp_path)
    kept = [line.split(",")[0] for line, reason in BAD_ROWS if reason is None]
    expected = [reason for _, reason in BAD_ROWS if reason is not None]
    curated_rejects = result.rejects.iloc[: len(expected)]
    assert sorted(result.rows["name"]) == sorted(kept)
    assert len(result.rows) + len(result.rejects) == result.rows_in == len(BAD_ROWS) + 117
    for reason, got in zip(expected, curated_rejects["reason"], strict=True):
        assert got.startswith(reason), got
    assert curated_rejects["record_id"].iloc[0] == f"{mab.CURATED} row 4"
    assert _site(result.rows, "mab:Q1")["geocode_precision"] == "source"
    wrong_flag = _site(result.rows, "mab:ESP-wrong-flag")
    assert wrong_flag["transboundary"]
    assert any(n.startswith("mab:ESP-wrong-flag: source transboundary='false'") for n in result.notes)


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Łuknajno Lake", "luknajno-lake"),
        ("Snæfellsnes", "snaefellsnes"),
        ("Tang-e-Sayad & Sabzkuh", "tang-e-sayad-sabzkuh"),
        ("Quiçama", "quicama"),
    ],
)
def test_slug(text, slug):
    assert mab._slug(text) == slug


# --- research applied (#13) ------------------------------------------------------------------


def test_research_locates_the_reserves(researched):
    rows, moved = researched.rows, {m["site_id"]: m for m in researched.moved}
    researched_points = rows["geocode_method"].fillna("").str.startswith("researched: ")
    assert researched_points.sum() == len(moved) >= 200
    assert (rows.loc[researched_points, "geocode_precision"] == "source").all()
    assert rows["geocode_method"].fillna("").str.contains(r"https?://\S+, read 2026-12-03").sum() == len(moved)
    baikal = _site(rows, "mab:RUS-baikalsky")  # was drawn in a Moscow district (locality geocoding)
    assert baikal["lat"] == pytest.approx(51.2, abs=0.3) and baikal["lon"] == pytest.approx(105.1, abs=0.3)
    assert moved["mab:RUS-baikalsky"]["old_locality"] and pd.isna(moved["mab:RUS-baikalsky"]["old_lat"])
    komodo = _site(rows, "mab:Q22678366")  # its Wikidata point lay in the Banda Sea
    assert komodo["lon"] == pytest.approx(119.5, abs=0.6) and komodo["geocode_precision"] == "source"
    assert moved["mab:Q22678366"]["old_lon"] == 129.35


def test_research_completes_and_corrects_the_list(researched, result):
    rows = researched.rows
    assert len(rows) == len(result.rows) + 22 - 2  # 22 added from stored pages, 2 withdrawn
    assert researched.rows_in == len(rows) + len(researched.rejects)
    withdrawn = researched.rejects.set_index("record_id").loc["mab:Q2904841", "reason"]  # Bistrishko Branishte
    assert withdrawn.startswith("withdrawn: ") and "https://" in withdrawn
    assert _site(rows, "mab:Q22671009")["name"] == "Apalachicola"  # renamed 2019
    assert _site(rows, "mab:Q134699375")["year"] == 2023  # Bicentenario-Ayacucho
    added = _site(rows, "mab:MDG-andasibe-mantadia")
    assert added["year"] == 2025 and added["verification"] == "stored_source"
    unverified = (rows["verification"] == "compiler_knowledge_unverified").sum()
    assert unverified < 10  # 113 before research checked them against stored pages


def test_research_about_an_unknown_reserve_fails_the_load(tmp_path: Path):
    shutil.copytree(FOLDER, tmp_path / mab.NAME)
    with open(tmp_path / mab.NAME / mab.FACTS, "a", encoding="utf-8") as handle:
        handle.write("mab:Q999999999,year,2001,https://example.org/,2026-12-03,\n")
    with pytest.raises(ValueError, match="Q999999999"):
        mab.load(tmp_path)


def test_every_research_row_carries_its_source_and_date():
    for name in (mab.POINTS, mab.FACTS, mab.ADDITIONS, "reserve_points_check.csv", "reserve_gaps.csv"):
        table = pd.read_csv(FOLDER / name, dtype=str, keep_default_na=False)
        url = table["designation_source_url"] if name == mab.ADDITIONS else table["source_url"]
        located = table["lat"] != "" if name == mab.POINTS else pd.Series(True, index=table.index)
        assert url[located].str.match(r"https?://").all(), name
        assert table["date_read"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all(), name
    points = pd.read_csv(FOLDER / mab.POINTS, dtype=str, keep_default_na=False)
    assert points.loc[points["lat"] == "", "notes"].str.len().gt(10).all(), "a reserve not found says why"
