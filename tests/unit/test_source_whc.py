"""The World Heritage source (geo.build.sources.whc) on the bundled raw files, plus broken copies."""

from __future__ import annotations

import csv
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from geo.build.sources import whc
from geo.iso import is_iso3
from geo.paths import REPO_ROOT
from geo.schema import REGIONS, REJECT_COLUMNS, SOURCE_COLUMNS, validate_source_rows

RAW = REPO_ROOT / "data" / "raw"
FOLDER = RAW / "world_heritage"
NAME_COLUMNS = ["name", "name_fr", "name_es", "name_ru", "name_ar", "name_zh"]
TAG = re.compile(r"<\s*/?\s*[A-Za-z]")
MOJIBAKE = re.compile(r"Ã.|â€")


@pytest.fixture(scope="module")
def result():
    return whc.load(RAW)


@pytest.fixture(scope="module")
def rows(result):
    return result.rows


@pytest.fixture(scope="module")
def changes():
    with open(FOLDER / whc.CHANGES_FILE, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _site(rows: pd.DataFrame, id_no: int) -> pd.Series:
    match = rows[rows["site_id"] == f"whc:{id_no}"]
    assert len(match) == 1, id_no
    return match.iloc[0]


def _ids(rows: pd.DataFrame) -> list[int]:
    return [int(s.removeprefix("whc:")) for s in rows["site_id"]]


# --- schema and accounting -------------------------------------------------------------------


def test_schema(result, rows):
    assert validate_source_rows(rows) == []
    assert list(rows.columns) == list(SOURCE_COLUMNS)
    for column, kind in SOURCE_COLUMNS.items():
        if kind in ("Int64", "bool"):
            assert str(rows[column].dtype) == kind, column
        elif kind == "float":
            assert rows[column].dtype == "float64", column
    assert all(isinstance(c, list) and all(isinstance(x, str) for x in c) for c in rows["countries_iso3"])
    assert list(result.rejects.columns) == REJECT_COLUMNS
    assert result.name == "world_heritage"


def test_every_record_accounted_for(result, rows):
    assert len(rows) == 1273
    assert result.rows_in == 1248 + 25
    assert result.rejects.empty
    assert len(rows) + len(result.rejects) == result.rows_in


def test_each_id_once_sorted_by_number(rows):
    ids = _ids(rows)
    assert len(set(ids)) == len(ids) == 1273
    assert ids == sorted(ids)
    assert (rows["designation"] == "world_heritage").all()


def test_deterministic(rows, result):
    again = whc.load(RAW)
    pd.testing.assert_frame_equal(rows, again.rows)
    assert again.notes == result.notes


# --- official totals -------------------------------------------------------------------------


def test_categories(rows):
    assert rows["subtype"].value_counts().to_dict() == {"Cultural": 991, "Natural": 240, "Mixed": 42}


def test_danger_list(rows):
    assert int(rows["in_danger"].sum()) == 58
    assert not _site(rows, 1033)["in_danger"]  # Vienna, removed 2026
    for id_no in (299, 1411, 940, 1810, 1809, 1808):  # added 2026
        assert _site(rows, id_no)["in_danger"], id_no
    assert _site(rows, 148)["in_danger"]  # Jerusalem, since 1982
    # the XML danger field says "Y" for these, but they left the Danger List
    for id_no in (90, 153, 764):
        assert not _site(rows, id_no)["in_danger"], id_no


def test_transboundary_matches_country_lists(rows, result):
    assert (rows["transboundary"] == (rows["countries_iso3"].map(len) > 1)).all()
    assert int(rows["transboundary"].sum()) == 51  # the 2026 inscriptions are all single-state
    assert not any("XLSX transboundary" in n for n in result.notes)  # the flag agreed everywhere


# --- countries, regions, Jerusalem -----------------------------------------------------------


def test_countries(rows):
    codes = {c for cs in rows["countries_iso3"] for c in cs}
    assert all(is_iso3(c) for c in codes)
    with_codes = rows[rows["countries_iso3"].map(len) > 0]
    assert (with_codes["primary_iso3"] == with_codes["countries_iso3"].str[0]).all()
    assert len(codes) == 173  # States Parties with properties after 2026
    # UNESCO's (XML) order, not the XLSX's alphabetical one
    assert _site(rows, 91)["countries_iso3"] == ["VAT", "ITA"]
    assert _site(rows, 1321)["countries_iso3"][:3] == ["ARG", "BEL", "FRA"]


def test_jerusalem(rows, result):
    jerusalem = _site(rows, whc.JERUSALEM)
    assert jerusalem["countries_iso3"] == []
    assert pd.isna(jerusalem["primary_iso3"])
    assert jerusalem["region"] == "Arab States"
    assert not jerusalem["transboundary"]
    assert rows["primary_iso3"].isna().sum() == 1
    assert any(n.startswith("whc:148 ") for n in result.notes)


def test_regions(rows, result):
    assert set(rows["region"].dropna()) <= set(REGIONS)
    # several regions in the XLSX → the first listed state's
    assert _site(rows, 1321)["region"] == "Latin America and the Caribbean"  # Argentina first
    assert _site(rows, 1584)["region"] == "Europe and North America"  # Azerbaijan first
    assert _site(rows, 769)["region"] == "Asia and the Pacific"  # Mongolia first
    assert _site(rows, 1448)["region"] == "Asia and the Pacific"
    assert any("several regions" in n for n in result.notes)
    # first properties of Comoros, Sao Tome and Principe, South Sudan: the build derives the region
    missing = rows.loc[rows["region"].isna(), "site_id"].tolist()
    assert sorted(missing) == ["whc:1750", "whc:1768", "whc:1808"]


# --- text ------------------------------------------------------------------------------------


def test_names_are_plain_text(rows):
    for column in NAME_COLUMNS + ["description"]:
        values = rows[column].dropna()
        assert not values.str.contains(TAG).any(), column
        assert not values.str.contains(MOJIBAKE).any(), column
        assert (values.str.strip() == values).all() and (values != "").all(), column
    assert _site(rows, 157)["name"] == "SGang Gwaay"
    assert _site(rows, 787)["name"] == "The Trulli of Alberobello"
    assert _site(rows, 31)["name"].startswith("Auschwitz Birkenau German Nazi")
    assert _site(rows, 1182)["name_es"].startswith("Islas y áreas")
    assert "alcázar" in _site(rows, 383)["name_es"]


def test_names_from_the_xml_translations_from_the_xlsx(rows):
    assert _site(rows, 630)["name"] in ("K’gari", "K'gari")  # the XLSX adds "(Fraser Island)"
    assert _site(rows, 547)["name_zh"] == "黄山"
    # empty translations are None, never ""
    assert rows["name_ru"].isna().sum() == 120 + 25
    assert rows["name_zh"].isna().sum() == 167 + 25
    new = rows[rows["source_date"] == whc.CHANGES_DATE]
    assert new[["name_fr", "name_es", "name_ru", "name_ar", "name_zh", "description"]].isna().all().all()


def test_descriptions_and_urls(rows):
    listed = rows[rows["source_date"] == whc.LIST_DATE]
    assert listed["description"].notna().all()
    assert rows["url"].str.fullmatch(r"https://whc\.unesco\.org/en/list/\d+").all()
    assert (rows["url"].str.rsplit("/", n=1).str[1] == rows["site_id"].str[4:]).all()


# --- points, area, criteria ------------------------------------------------------------------


def test_huangshan(rows):
    site = _site(rows, 547)
    assert site["name"] == "Mount Huangshan"
    assert site["countries_iso3"] == ["CHN"]
    assert abs(site["lat"] - 30.1) < 0.2 and abs(site["lon"] - 118.2) < 0.2
    assert site["geocode_method"] == "whc-en.xml latitude/longitude"


def test_points(rows):
    has_point = rows["lat"].notna() & rows["lon"].notna()
    assert rows.loc[~has_point, "site_id"].tolist() == ["whc:1567"]
    assert rows.loc[has_point, "lat"].abs().le(90).all() and rows.loc[has_point, "lon"].abs().le(180).all()
    assert (rows.loc[has_point, "geocode_precision"] == "source").all()
    assert rows.loc[~has_point, ["geocode_precision", "geocode_method", "locality"]].isna().all().all()
    listed = rows[rows["source_date"] == whc.LIST_DATE]
    assert (listed.loc[has_point, "geocode_method"] == "whc-en.xml latitude/longitude").all()
    # the XML's newer coordinates win over the XLSX (Sveshtari moved ~9 km)
    assert abs(_site(rows, 359)["lat"] - 43.744917) < 1e-5


def test_area(rows):
    area = rows["area_ha"]
    assert (area.dropna() > 0).all()
    assert math.isnan(_site(rows, 570)["area_ha"])  # empty in the XLSX
    assert math.isnan(_site(rows, 148)["area_ha"])  # 0 in the XLSX
    assert _site(rows, 547)["area_ha"] == 16060.0


def test_criteria_and_years(rows):
    criteria = rows["criteria"].dropna()
    assert criteria.str.fullmatch(r"(\((i{1,3}|iv|vi{0,3}|ix|x)\))+").all()
    assert rows.loc[rows["criteria"].isna(), "site_id"].tolist() == ["whc:1581"]  # empty in whc001
    assert _site(rows, 547)["criteria"] == "(ii)(vii)(x)"
    assert (rows["year"] == rows["official_year"]).all()
    assert rows["year"].between(1978, 2026).all()
    assert (rows["year"] == 2026).sum() == 25


def test_source_and_verification(rows):
    assert (rows["source"] == whc.SOURCE).all()
    assert rows["source_date"].value_counts().to_dict() == {"2025-10-13": 1248, "2026-09-16": 25}
    listed = rows[rows["source_date"] == whc.LIST_DATE]
    partial = {299, 1411, 940, 1033}
    assert set(_ids(listed[listed["verification"].notna()])) == partial
    for id_no in partial:  # no stored decision of the 48th session confirms them (record_checks.csv)
        assert _site(rows, id_no)["verification"] == (f"danger status: stored_source_partial; {whc.DANGER_UNCONFIRMED}")


# --- the 2026 changes ------------------------------------------------------------------------


def test_every_change_row_accounted_for(rows, result, changes):
    assert len(changes) == 32
    for change in changes:
        kind, id_no = change["change"], int(change["id_no"])
        site = _site(rows, id_no)
        if kind == "inscribed":
            assert site["source_date"] == "2026-09-16" and site["year"] == 2026
        else:
            assert site["in_danger"] == (kind == "added_to_danger"), id_no
        note = next(n for n in result.notes if n.startswith(f"{whc.CHANGES_FILE} {kind} ("))
        outcome = "added" if kind == "inscribed" else "applied"
        assert f"{id_no} {outcome} [{change['verification']}]" in note
    assert any("32 of 32 change rows accounted for" in n for n in result.notes)


def test_inscriptions_2026(rows, changes):
    for change in (c for c in changes if c["change"] == "inscribed"):
        site = _site(rows, int(change["id_no"]))
        assert site["subtype"] == change["category"]
        assert site["locality"] == change["locality"]
        assert site["verification"] == change["verification"] == "stored_source"
        assert site["lat"] == float(change["latitude"]) and site["lon"] == float(change["longitude"])
        assert site["geocode_method"] == "whc001 component point"
        assert site["geocode_precision"] == "source"
        assert site["countries_iso3"] == [change["iso3"]]
    assert _site(rows, 1762)["name"].startswith("The system of Italian-style condominio theatres")


# --- broken copies of the raw files ----------------------------------------------------------


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A raw folder whose files can be edited (the XLSX is linked, not copied)."""
    folder = tmp_path / whc.NAME
    folder.mkdir()
    for name in (whc.XML_FILE, whc.CHANGES_FILE):
        (folder / name).write_bytes((FOLDER / name).read_bytes())
    (folder / whc.XLSX_FILE).symlink_to(FOLDER / whc.XLSX_FILE)
    return tmp_path


def test_unmatched_ids_are_rejected(raw_copy):
    path = raw_copy / whc.NAME / whc.XML_FILE
    tree = ET.parse(path)
    row = next(r for r in tree.getroot().iter("row") if r.findtext("id_number") == "547")
    row.find("id_number").text = "99999"
    tree.write(path, encoding="utf-8")
    result = whc.load(raw_copy)
    assert len(result.rows) == 1272
    assert result.rows_in == 1274 == len(result.rows) + len(result.rejects)
    reasons = dict(zip(result.rejects["record_id"], result.rejects["reason"]))
    assert reasons == {"99999": "id_number not in whc-sites-2025.xlsx", "547": "id_no not in whc-en.xml"}


def test_inscription_of_a_listed_id_is_rejected(raw_copy):
    path = raw_copy / whc.NAME / whc.CHANGES_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("inscribed,1758,", "inscribed,547,", 1), encoding="utf-8")
    result = whc.load(raw_copy)
    assert result.rejects["record_id"].tolist() == ["547"]
    assert "already on the list" in result.rejects["reason"].iloc[0]
    assert len(result.rows) + len(result.rejects) == result.rows_in == 1273
    assert any("547 rejected: id 547 is already on the list" in n for n in result.notes)


@pytest.mark.parametrize(
    "edit",
    [
        ("removed_from_danger,1033,", "renamed,1033,"),  # a kind of change not handled
        ("removed_from_danger,1033,", "removed_from_danger,547,"),  # 547 is not in danger
        ("added_to_danger,299,", "added_to_danger,99999,"),  # no such property
    ],
)
def test_changes_that_cannot_apply_fail_loudly(raw_copy, edit):
    path = raw_copy / whc.NAME / whc.CHANGES_FILE
    path.write_text(path.read_text(encoding="utf-8").replace(*edit, 1), encoding="utf-8")
    with pytest.raises(ValueError, match=whc.CHANGES_FILE):
        whc.load(raw_copy)
