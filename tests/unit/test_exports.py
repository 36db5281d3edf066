"""CSV and Excel exports: every value stays in its cell, and no cell runs as a formula (CSV
injection); the workbook says what it holds (filters, data date, sources)."""

from __future__ import annotations

import csv
import io

import geopandas as gpd
import pandas as pd
import pytest
from openpyxl import load_workbook

from geo import i18n, labels, paths, tables
from geo.store import data_date, load_sources

HOSTILE = [
    '=HYPERLINK("http://x")',
    "safe\r=cmd|' /C calc'!A0",
    "a\r\nb\n=1+1",
    " +SUM(A1)",
    "@SUM(1)",
    "-2+3",
    "\t=1",
    'plain, with "quotes"',
]


@pytest.fixture(scope="module")
def designations() -> gpd.GeoDataFrame:
    table = gpd.read_parquet(paths.current_set() / "designations.parquet").head(len(HOSTILE)).copy()
    table["name"] = HOSTILE
    return table


def test_every_value_stays_in_its_row_and_no_cell_starts_a_formula(designations):
    text = tables.to_csv(designations).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(designations)
    assert [r["site_id"] for r in rows] == list(designations["site_id"])
    for row in rows:
        for value in row.values():
            if not _number(value):
                assert not value.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), value
    # no bare carriage return: a spreadsheet that breaks rows on one would start a row mid-cell
    assert "\r" not in text
    assert rows[2]["name"] == "a\nb\n=1+1" and rows[7]["name"] == 'plain, with "quotes"'


def _number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- Excel


@pytest.fixture(scope="module")
def countries() -> gpd.GeoDataFrame:
    return gpd.read_parquet(paths.current_set() / "countries.parquet")


def _about() -> tables.About:
    return tables.About("UNESCO Global Geoparks · worldwide", "2026-11-27", load_sources())


def _workbook(designations, countries, lang="en"):
    with i18n.using(lang):
        return load_workbook(io.BytesIO(tables.to_excel(designations, _about(), countries, lang)))


def test_the_rows_sheet_has_the_csv_columns_and_every_row(designations, countries):
    book = _workbook(designations, countries)
    assert book.sheetnames == ["Designations", "About this data"]
    rows = list(book["Designations"].iter_rows(values_only=True))
    csv_header = next(csv.reader(io.StringIO(tables.to_csv(designations, countries).decode("utf-8-sig"))))
    assert list(rows[0]) == csv_header and csv_header[:2] == ["Name", "Kind"]
    assert [r[csv_header.index("site_id")] for r in rows[1:]] == list(designations["site_id"])


def test_formula_looking_names_stay_text(designations, countries):
    sheet = _workbook(designations, countries)["Designations"]
    cells = [sheet.cell(row, 1) for row in range(2, len(HOSTILE) + 2)]
    assert cells[0].value == '=HYPERLINK("http://x")'  # the name as it is, stored as text
    for cell in cells:
        assert cell.data_type == "s", cell.value
    assert [c.quotePrefix for c in cells[3:6]] == [True, True, True]  # " +SUM", "@SUM", "-2+3"
    assert not cells[-1].quotePrefix  # plain text stays plain


def test_the_about_sheet_lists_filters_date_rows_sources_and_disclaimer(designations, countries):
    values = [
        v for row in _workbook(designations, countries)["About this data"].iter_rows(values_only=True) for v in row
    ]
    assert values[values.index("Filters") + 1] == "UNESCO Global Geoparks · worldwide"
    assert values[values.index("Data of") + 1] == "2026-11-27"
    assert values[values.index("Rows") + 1] == len(designations)
    for source in load_sources():
        assert {source["title"], source["licence"], source["credit"], source["snapshot_date"]} <= set(values)
    assert labels.MAP_DISCLAIMER in values


def test_a_workbook_in_arabic_reads_right_to_left_with_translated_headers(designations, countries):
    book = _workbook(designations, countries, "ar")
    with i18n.using("ar"):
        assert book.sheetnames == [labels.SHEET_DESIGNATIONS, labels.SHEET_ABOUT]
        assert book.worksheets[0].cell(1, 1).value == labels.COLUMNS["name"] != "Name"
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)


def test_the_data_date_is_the_newest_source_snapshot():
    frame = pd.DataFrame({"source_date": ["2025-10-13", "2026-11", None, "2026-09-16"]})
    assert data_date(frame) == "2026-11"
