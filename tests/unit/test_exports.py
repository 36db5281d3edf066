"""CSV export: every value stays in its cell, and no cell starts a formula (CSV injection)."""

from __future__ import annotations

import csv
import io

import geopandas as gpd
import pytest

from geo import paths, tables

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
