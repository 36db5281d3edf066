"""geo.build.sources.uggp against the bundled data in data/raw/geoparks."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo.build.sources import uggp
from geo.iso import is_iso3
from geo.paths import REPO_ROOT
from geo.schema import REJECT_COLUMNS, SOURCE_COLUMNS, validate_source_rows

RAW = REPO_ROOT / "data" / "raw"
TRANSNATIONAL = {
    "uggp:EUA101": ["AUT", "SVN"],
    "uggp:EUA201": ["DEU", "POL"],
    "uggp:EUA301": ["HUN", "SVK"],
    "uggp:EUA401": ["GBR", "IRL"],
    "uggp:EUA501": ["BEL", "NLD"],
}


@pytest.fixture(scope="module")
def result():
    return uggp.load(RAW)


@pytest.fixture(scope="module")
def rows(result):
    return result.rows.set_index("site_id", drop=False)


# --- counts and contract ---------------------------------------------------------------------


def test_one_row_per_record_and_no_rejects(result):
    assert result.name == "global_geopark"
    assert result.rows_in == 241
    assert len(result.rows) == 241
    assert result.rejects.empty
    assert list(result.rejects.columns) == REJECT_COLUMNS


def test_schema_valid(result):
    assert validate_source_rows(result.rows) == []
    assert list(result.rows.columns) == list(SOURCE_COLUMNS)


def test_dtypes(result):
    frame = result.rows
    for column, kind in SOURCE_COLUMNS.items():
        if kind == "list":
            assert all(isinstance(v, list) and all(isinstance(c, str) for c in v) for v in frame[column])
        else:
            assert frame[column].dtype == pd.Series([], dtype=kind).dtype, column


def test_site_ids_unique_sorted(result):
    ids = result.rows["site_id"]
    assert ids.is_unique
    assert ids.is_monotonic_increasing
    assert ids.str.fullmatch(r"uggp:[A-Z]{2}[A-Z0-9]{4}").all()
    assert "uggp:EUFR10" in set(ids)


def test_fixed_values(result):
    frame = result.rows
    assert (frame["designation"] == "global_geopark").all()
    assert not frame["in_danger"].any()
    assert frame["region"].isna().all()
    assert (frame["source"] == "UNESCO Data Hub eg0001 (extract)").all()
    assert (frame["source_date"] == "2026-09-17").all()


# --- countries ---------------------------------------------------------------------------------


def test_countries_iso3_valid(result):
    frame = result.rows
    assert all(is_iso3(c) for codes in frame["countries_iso3"] for c in codes)
    assert (frame["countries_iso3"].map(len) >= 1).all()
    assert (frame["primary_iso3"] == frame["countries_iso3"].str[0]).all()


def test_51_countries(result):
    codes = {c for codes in result.rows["countries_iso3"] for c in codes}
    assert len(codes) == 51
    assert {"TUN", "SVK"} <= codes  # Tunisia only from 2026 (Dahar); Slovakia only transnational


def test_transnational(rows):
    cross = rows[rows["transboundary"]]
    assert dict(zip(cross["site_id"], cross["countries_iso3"])) == TRANSNATIONAL
    assert (rows["transboundary"] == (rows["countries_iso3"].map(len) > 1)).all()


# --- years -----------------------------------------------------------------------------------


def test_official_years(rows):
    assert rows["official_year"].notna().all()
    counts = rows["official_year"].value_counts()
    assert counts[2015] == 117
    assert counts[2026] == 12
    assert 2016 not in counts


@pytest.mark.parametrize(
    "site_id, name, year",
    [
        ("uggp:ASCN12", "Huangshan", 2004),
        ("uggp:ASCN24", "Shilin", 2004),  # compiled as "Stone Forest"
        ("uggp:EUGB05", "North Pennines AONB", 2004),
        ("uggp:EURO01", "Haţeg Country", 2005),
        ("uggp:ASJP08", "Toya - Usu", 2009),
        ("uggp:EUA401", "Cuilcagh Lakelands", 2004),
        ("uggp:EUES11", "Sierra Morena de Sevilla", 2011),
        ("uggp:LAUY01", "Grutas del Palacio", 2013),
    ],
)
def test_network_years_recovered(rows, site_id, name, year):
    row = rows.loc[site_id]
    assert row["name"] == name
    assert row["official_year"] == 2015
    assert row["year"] == year
    assert row["verification"].startswith("official; year: ")


def test_years_consistent(rows):
    assert rows["year"].notna().all()
    assert (rows["year"] <= rows["official_year"]).all()
    early = rows[rows["year"] < 2015]
    assert (early["official_year"] == 2015).all()
    assert len(early) == 106
    later = rows[rows["official_year"] > 2015]
    assert (later["year"] == later["official_year"]).all()
    assert (later["verification"] == "official").all()


def test_year_fallbacks(rows):
    assert rows.loc["uggp:EUES09", "year"] == 2020  # Maestrazgo: re-designated; GGN 2004 lapsed
    assert rows.loc["uggp:EUDE03", "year"] == 2015  # Swabian Alb: compiled year blank
    assert rows.loc["uggp:ASCN50", "year"] == 2026  # Changshan (2026) is not Huangshan


def test_match_notes(result):
    notes = "\n".join(result.notes)
    assert "229 rows, 229 paired" in notes
    assert "0 unpaired" in notes
    assert "eg0001 records without a compiled pair: 12" in notes
    assert "compiled year blank" in notes
    assert "dated 2015, no compiled pair" not in notes  # every 2015-dated geopark found its year


# --- matching ----------------------------------------------------------------------------------


def _table(names, countries, ids=None):
    frame = pd.DataFrame({"name": names, "short_name": names, "countries": countries})
    if ids:
        frame["internal_id"] = ids
        frame["site_id"] = [f"uggp:{i}" for i in ids]
    return frame


def test_match_is_strict_and_one_to_one():
    records = _table(["Changshan", "Huangshan", "Lushan"], [["CHN"]] * 3, ["X1", "X2", "X3"])
    others = _table(["Huangshan", "Lu Shan", "Lushan"], [["CHN"], ["CHN"], ["JPN"]])
    matches = uggp.match_by_name(records, others)
    assert [(m.site_id, m.other, m.how) for m in matches] == [
        ("uggp:X2", 0, "same name"),  # Changshan ~ Huangshan scores 89: below the threshold
        ("uggp:X3", 1, "similar name"),  # the JPN "Lushan" is in another country
    ]


def test_match_uses_other_names():
    records = _table(["Shilin"], [["CHN"]], ["ASCN24"])
    others = _table(["Stone Forest"], [["CHN"]])
    assert [m.how for m in uggp.match_by_name(records, others)] == ["same other name"]


def test_name_key():
    assert uggp.name_key("Haţeg Country UNESCO Global Geopark") == "hateg country"
    assert uggp.name_key("Novohrad – Nógrád") == uggp.name_key("Novohrad-Nógrád")


# --- text, links, coordinates -------------------------------------------------------------------


def test_names_and_descriptions_plain(rows):
    assert not rows["name"].str.contains("UNESCO Global Geopark").any()
    assert rows["description"].notna().all()
    assert not rows["description"].str.contains(r"[<>]|&#?\w+;", regex=True).any()
    assert (rows["description"].str.endswith("…")).sum() == 198


def test_urls(rows):
    assert rows["url"].str.startswith("https://www.unesco.org/en/iggp/").all()


def test_coordinates_and_area(rows):
    assert rows["lat"].between(-90, 90).all() and rows["lon"].between(-180, 180).all()
    assert (rows["geocode_precision"] == "source").all()
    assert (rows["geocode_method"] == "UNESCO Data Hub eg0001 coordinates").all()
    assert rows["locality"].isna().all()
    assert (rows["area_ha"] > 0).all()
    assert rows.loc["uggp:ASCN12", ["lat", "lon"]].tolist() == [30.151, 118.178]


# --- determinism and rejects ------------------------------------------------------------------


def test_deterministic(result):
    again = uggp.load(RAW)
    pd.testing.assert_frame_equal(result.rows, again.rows)
    assert result.notes == again.notes


def test_bad_records_rejected_and_ids_fall_back(tmp_path: Path):
    folder = tmp_path / "geoparks"
    shutil.copytree(RAW / "geoparks", folder)
    path = folder / "eg0001_extract.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    bad = dict(records[0], uuid="00000000-0000-0000-0000-000000000001", internal_id="EUZZ01", pays="ZZ")
    twin = dict(records[1], uuid="00000000-0000-0000-0000-000000000002")  # repeats an internal id
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=list(records[0])).writerows([bad, twin])

    result = uggp.load(tmp_path)
    assert result.rows_in == 243
    assert len(result.rows) + len(result.rejects) == result.rows_in
    assert result.rejects["record_id"].tolist() == ["EUZZ01"]
    assert "unknown country code" in result.rejects["reason"].iloc[0]
    assert f"uggp:{records[1]['uuid']}" in set(result.rows["site_id"])
    assert "uggp:00000000-0000-0000-0000-000000000002" in set(result.rows["site_id"])
    assert validate_source_rows(result.rows) == []


def test_missing_point_and_missing_pair(tmp_path: Path):
    folder = tmp_path / "geoparks"
    shutil.copytree(RAW / "geoparks", folder)
    records = pd.read_csv(folder / "eg0001_extract.csv", dtype=str, keep_default_na=False)
    records.loc[records["internal_id"] == "ASCN12", "coordinates"] = ""  # Huangshan
    records.to_csv(folder / "eg0001_extract.csv", index=False)
    compiled = pd.read_csv(folder / "geoparks_compiled.csv", dtype=str, keep_default_na=False)
    compiled[compiled["name"] != "Lushan"].to_csv(folder / "geoparks_compiled.csv", index=False)

    result = uggp.load(tmp_path)
    rows = result.rows.set_index("site_id")
    huangshan, lushan = rows.loc["uggp:ASCN12"], rows.loc["uggp:ASCN18"]
    assert pd.isna(huangshan["lat"]) and pd.isna(huangshan["geocode_precision"])
    assert huangshan["locality"] == "Huangshan" and huangshan["year"] == 2004
    assert lushan["year"] == 2015 and lushan["verification"] == "official"
    assert "year: uggp:ASCN18 'Lushan' dated 2015, no compiled pair; year = 2015" in result.notes
    assert "coordinates: 240 rows from eg0001, missing for 1: uggp:ASCN12" in result.notes
