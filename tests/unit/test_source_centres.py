"""geo.build.sources.centres against the real category 2 centres CSV (and one small synthetic file)."""

from __future__ import annotations

import csv
import re
import shutil

import pandas as pd
import pytest

from geo.build.sources import centres
from geo.iso import is_iso3
from geo.paths import raw_dir
from geo.schema import SOURCE_COLUMNS, validate_source_rows

FOLDER = raw_dir() / "category2_centres"


@pytest.fixture(scope="module")
def result():
    return centres.load(raw_dir())


@pytest.fixture(scope="module")
def rows(result):
    return result.rows.set_index("site_id", drop=False)


def _provenance_current_count() -> int:
    text = (FOLDER / "PROVENANCE.md").read_text(encoding="utf-8")
    return int(re.search(r"### Current counts \((\d+) rows\)", text).group(1))


def test_row_count_matches_provenance(result):
    """PROVENANCE's count, less the centre research showed is not (yet) one."""
    assert len(result.rows) == _provenance_current_count() - 1
    cirat = result.rejects.set_index("record_id").loc["c2c-063"]
    assert cirat["reason"].startswith("not a category 2 centre: ") and "https://" in cirat["reason"]


def test_every_csv_row_is_accounted_for(result):
    with open(FOLDER / "category2_centres.csv", encoding="utf-8", newline="") as handle:
        csv_rows = sum(1 for _ in csv.DictReader(handle))
    assert result.rows_in == csv_rows
    assert len(result.rows) + len(result.rejects) == result.rows_in


def test_schema_and_dtypes(result):
    assert validate_source_rows(result.rows) == []
    assert list(result.rows.columns) == list(SOURCE_COLUMNS)
    expected = {"Int64": "Int64", "bool": "bool", "float": "float64", "list": "object", "str": "str"}
    for column, kind in SOURCE_COLUMNS.items():
        assert str(result.rows[column].dtype) == expected[kind], column


def test_ids_unique_stable_and_sorted(result):
    ids = result.rows["site_id"]
    assert ids.is_unique
    assert ids.str.fullmatch(r"c2c:\d{3}").all()
    assert list(ids) == sorted(ids)
    assert ids.iloc[0] == "c2c:001"


def test_countries_are_valid_iso3(result):
    for countries, primary in zip(result.rows["countries_iso3"], result.rows["primary_iso3"]):
        assert isinstance(countries, list) and countries
        assert all(isinstance(c, str) and is_iso3(c) for c in countries)
        assert primary == countries[0]
    assert (result.rows["transboundary"] == result.rows["countries_iso3"].map(len).gt(1)).all()


def test_every_row_can_be_located(result):
    frame = result.rows
    has_point = frame["lat"].notna() & frame["lon"].notna()
    assert (has_point == (frame["geocode_precision"] == "source")).all()
    country_only = frame.loc[frame["locality"].isna() & ~has_point, "site_id"]
    # PROVENANCE: three centres have no host city; research found two (Accra, Thessaloniki).
    assert sorted(country_only) == ["c2c:076"]
    assert (rows_of(frame, "c2c:021", "c2c:050")["locality"] == ["Accra", "Thessaloniki"]).all()


def rows_of(frame: pd.DataFrame, *site_ids: str) -> pd.DataFrame:
    return frame.set_index("site_id").loc[list(site_ids)]


def test_research_corrects_years_places_and_status(result):
    """centre_facts.csv: General Conference years, a host city, an institution's point, a status."""
    rows = result.rows.set_index("site_id")
    assert rows["year"].isna().sum() <= 12  # 61 before research
    assert rows.at["c2c:003", "year"] == 1993  # INRULED: 27th General Conference, not 2008
    assert rows.at["c2c:042", "locality"] == "Kaduna"  # RC-IRBM: a UNESCO page names Kaduna, not Ilorin
    icee = rows.loc["c2c:025"]  # at Tsinghua University, no longer on Beijing's centre point
    assert icee["geocode_precision"] == "source" and icee["geocode_method"].startswith("researched:")
    assert (icee["lat"], icee["lon"]) == (40.0, 116.3266)
    assert rows.at["c2c:098", "verification"] == "stored_source"  # IMILI, confirmed
    assert any(n.startswith("c2c:105: countries BRA;PRY (https://") for n in result.notes)


def test_a_fact_about_an_unknown_centre_fails_the_build(tmp_path):
    folder = tmp_path / centres.NAME
    shutil.copytree(FOLDER, folder)
    with open(folder / centres.FACTS, "a", encoding="utf-8") as handle:
        handle.write("c2c-999,year,2001,https://example.org/,2026-12-03,\n")
    with pytest.raises(ValueError, match="c2c-999"):
        centres.load(tmp_path)


def test_sectors_are_normalised(result):
    assert set(result.rows["subtype"]) <= set(centres.SECTORS)
    assert result.rows["subtype"].notna().all()


def test_normalise_sector():
    assert centres.normalise_sector("Natural Sciences") == "natural_sciences"
    assert centres.normalise_sector("natural_sciences", "ocean science (IOC)") == "ocean"
    assert centres.normalise_sector("Communication and Information") == "communication_information"
    assert centres.normalise_sector("tourism") is None


def test_known_centres(rows):
    apceiu = rows.loc["c2c:001"]
    assert "(APCEIU)" in apceiu["name"]
    assert (apceiu["locality"], apceiu["primary_iso3"], apceiu["subtype"]) == ("Seoul", "KOR", "education")
    icharm = rows.loc[rows["name"].str.contains("ICHARM")].iloc[0]
    assert (icharm["locality"], icharm["countries_iso3"], icharm["subtype"]) == ("Tsukuba", ["JPN"], "water")
    assert icharm["year"] == 2006 and icharm["official_year"] == 2006
    cih = rows.loc["c2c:105"]  # binational Brazil-Paraguay centre, seated in Brazil
    assert cih["countries_iso3"] == ["BRA", "PRY"] and cih["transboundary"]
    assert rows.loc["c2c:031", "subtype"] == "ocean"  # IOC centre
    assert rows.loc["c2c:002", "year"] == 2005  # CIEFFA: research found the approval year


def test_fixed_fields(result):
    frame = result.rows
    assert (frame["designation"] == "category2_centre").all()
    assert not frame["in_danger"].any()
    assert frame["description"].str.startswith("Field: ").all()
    assert set(frame["source_date"]) == {centres.SOURCE_DATE}
    assert set(frame["verification"]) == {"stored_source", "stored_source_partial", "compiler_knowledge_unverified"}


def test_urls_are_official_pages_only(rows):
    urls = rows["url"].dropna()
    assert urls.str.match(r"https?://").all()
    assert not urls.str.contains("hindi-lyrics|scribd|docslib|unesco.org.uk").any()
    assert rows.loc["c2c:001", "url"] == "http://category2.unescoapceiu.org/"
    assert pd.isna(rows.loc["c2c:002", "url"])  # APCEIU's page, not CIEFFA's


def test_notes_report_counts(result):
    count = _provenance_current_count()
    kept = f"kept {count - 1} of {result.rows_in} rows; PROVENANCE.md counts {count} rows as current"
    assert kept in result.notes
    assert any("official total" in note and "unknown" in note for note in result.notes)


def test_deterministic(result):
    pd.testing.assert_frame_equal(centres.load(raw_dir()).rows, result.rows)


def test_unusable_rows_are_rejected_with_reasons(tmp_path):
    folder = tmp_path / "category2_centres"
    folder.mkdir()
    (folder / "PROVENANCE.md").write_text("no counts here\n", encoding="utf-8")
    with open(FOLDER / "category2_centres.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, good = reader.fieldnames, next(reader)
    bad = [
        dict(good, country_iso3="ZZZ", id="c2c-900"),
        dict(good),
        dict(good, id="x1"),
        dict(good, id="c2c-901", sector="tourism"),
        dict(good, id="c2c-902", name="<b></b>"),
    ]
    with open(folder / "category2_centres.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows([good, *bad])
    out = centres.load(tmp_path)
    assert list(out.rows["site_id"]) == ["c2c:001"]
    assert out.rows_in == 6 and len(out.rejects) == 5
    reasons = " | ".join(out.rejects["reason"])
    expected_reasons = ("unknown country code 'ZZZ'", "duplicate id", "malformed id", "unknown sector", "no name")
    for expected in expected_reasons:
        assert expected in reasons
