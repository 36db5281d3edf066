"""The designations as a readable table, and exports of exactly that set (CSV, GeoJSON, Excel)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from geo import i18n, labels, readable
from geo.schema import NO_STATE_PARTY
from geo.text import safe_url

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def localized_names(df: pd.DataFrame, lang: str) -> pd.Series:
    """Names in ``lang`` where the source has them, else English."""
    column = f"name_{lang}"
    if lang == "en" or column not in df.columns:
        return df["name"]
    return df[column].where(df[column].notna() & (df[column] != ""), df["name"])


def country_names(codes, names: dict[str, str]) -> str:
    return ", ".join(names.get(c, c) for c in codes) if len(codes) else labels.NO_STATE_PARTY


def localized_country_names(countries: pd.DataFrame, lang: str) -> dict[str, str]:
    """ISO3 → country name in ``lang`` (Natural Earth's names), English where missing."""
    names = dict(zip(countries["iso3"], countries["name"])) | {NO_STATE_PARTY: labels.NO_STATE_PARTY}
    column = f"name_{lang}"
    if lang != "en" and column in countries.columns:
        names |= {i: n for i, n in zip(countries["iso3"], countries[column]) if isinstance(n, str) and n}
    return names


def display_table(df: pd.DataFrame, countries: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per designation with readable columns (headers: ``labels.COLUMNS``), in a stable order."""
    names = localized_country_names(countries, lang)
    header = labels.COLUMNS
    return pd.DataFrame(
        {
            header["name"]: localized_names(df, lang),
            header["kind"]: df["designation"].map(labels.KIND_LABELS),
            header["countries"]: [country_names(c, names) for c in df["countries_iso3"]],
            header["region"]: df["region"].map(lambda r: labels.REGION_LABELS.get(r, r)),
            header["year"]: df["year"],
            header["subtype"]: df["subtype"].map(readable.subtype),
            header["in_danger"]: df["in_danger"],
            header["transboundary"]: df["transboundary"],
            header["area_ha"]: df["area_ha"],
            header["precision"]: df["geocode_precision"].map(readable.precision),
            header["verification"]: df["verification"].map(readable.verification),
            header["url"]: [safe_url(u) for u in df["url"]],
            header["id"]: df["site_id"],
        }
    ).reset_index(drop=True)


def _defuse_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula (CSV injection). Line breaks
    inside a cell become "\\n", which the CSV writer then quotes: a bare carriage return left
    unquoted would start a new row that could begin with a formula."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_defused)
    return out


def _defused(value):
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + value if _formula_like(value) else value


def _formula_like(value: str) -> bool:
    """True for text a spreadsheet would run as a formula."""
    return value.lstrip(" ").startswith(_FORMULA_START)


EXPORT_COLUMNS = [
    "site_id",
    "designation",
    "name",
    "name_fr",
    "name_es",
    "name_ru",
    "name_ar",
    "name_zh",
    "subtype",
    "criteria",
    "countries_iso3",
    "primary_iso3",
    "region",
    "year",
    "official_year",
    "in_danger",
    "transboundary",
    "area_ha",
    "url",
    "lat",
    "lon",
    "geocode_precision",
    "geocode_method",
    "verification",
    "place_id",
    "source",
    "source_date",
]


def _flat(df: pd.DataFrame) -> pd.DataFrame:
    out = df[EXPORT_COLUMNS].copy()
    out["countries_iso3"] = [";".join(c) for c in out["countries_iso3"]]
    return out


def _with_names(df: pd.DataFrame, countries: pd.DataFrame | None, lang: str) -> pd.DataFrame:
    """The export's columns: with ``countries``, readable ones first (name, kind, countries and
    region in ``lang``, headed in ``lang``), then the codes every export keeps under fixed names."""
    flat = _flat(df).reset_index(drop=True)
    if countries is None:
        return flat
    names = localized_country_names(countries, lang)
    header = labels.COLUMNS
    readable = pd.DataFrame(
        {
            header["name"]: localized_names(df, lang).to_numpy(),
            header["kind"]: df["designation"].map(labels.KIND_LABELS).to_numpy(),
            header["countries"]: [country_names(c, names) for c in df["countries_iso3"]],
            header["region"]: df["region"].map(lambda r: labels.REGION_LABELS.get(r, r)).to_numpy(),
        }
    )
    return pd.concat([readable, flat], axis=1)


def to_csv(df: pd.DataFrame, countries: pd.DataFrame | None = None, lang: str = "en") -> bytes:
    """The filtered designations as UTF-8 CSV (with BOM, so spreadsheets read accents); with
    ``countries``, names in ``lang`` next to the codes."""
    return (
        _defuse_formulas(_with_names(df, countries, lang)).to_csv(index=False, lineterminator="\n").encode("utf-8-sig")
    )


def to_geojson(df: gpd.GeoDataFrame, countries: pd.DataFrame | None = None, lang: str = "en") -> bytes:
    """The filtered designations as a GeoJSON FeatureCollection of points (EPSG:4326); with
    ``countries``, names in ``lang`` next to the codes."""
    flat = gpd.GeoDataFrame(
        _with_names(df, countries, lang), geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326"
    )
    data = json.loads(flat.to_json(na="null", drop_id=True))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# ---------------------------------------------------------------- Excel


@dataclass(frozen=True)
class About:
    """What an export says of itself: the filters in words, the data date and the sources (rows of
    ``data/reference/sources.csv``: title, licence, credit, snapshot_date)."""

    filters: str
    data_date: str
    sources: Sequence[Mapping[str, str]]


def to_excel(df: pd.DataFrame, about: About, countries: pd.DataFrame | None = None, lang: str = "en") -> bytes:
    """The filtered designations as an Excel workbook: a sheet with the CSV's columns, and an
    "About this data" sheet (the filters, the data date, the rows, the sources, the disclaimer).
    Text a spreadsheet would run as a formula is stored as text, as if typed after an apostrophe."""
    book = Workbook()
    rows = book.active
    rows.title = _sheet_title(labels.SHEET_DESIGNATIONS)
    _write(rows, _with_names(df, countries, lang))
    rows.freeze_panes = "A2"
    _write_about(book.create_sheet(_sheet_title(labels.SHEET_ABOUT)), about, len(df))
    for sheet in book.worksheets:
        sheet.sheet_view.rightToLeft = i18n.direction(lang) == "rtl"
        _defuse_cells(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(text: str) -> str:
    """A sheet name Excel accepts: none of []:*?/\\, at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", " ", text)[:31].strip()


def _write(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """``frame`` with its header in bold."""
    sheet.append([_cell_value(c) for c in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        sheet.append([_cell_value(v) for v in row])


def _write_about(sheet: Worksheet, about: About, n_rows: int) -> None:
    """The filters, data date and rows, the sources with their licences, and the disclaimer."""
    words = labels.ABOUT_SHEET_ROWS
    sheet.append([words["filters"], about.filters])
    sheet.append([words["data_date"], about.data_date])
    sheet.append([words["rows"], n_rows])
    sheet.append([])
    sheet.append([words["sources"]])
    fields = labels.SOURCE_FIELDS
    sheet.append(list(fields.values()))
    heading = sheet.max_row
    for source in about.sources:
        sheet.append([_cell_value(source.get(field, "")) for field in fields])
    sheet.append([])
    sheet.append([words["disclaimer"], labels.MAP_DISCLAIMER])
    for cell in [sheet.cell(row, 1) for row in range(1, sheet.max_row + 1)] + list(sheet[heading]):
        cell.font = Font(bold=True)
    for column, width in zip("ABCD", (28, 60, 60, 16)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _cell_value(value):
    """A value openpyxl writes as it is: None for a missing value, Python numbers, text without
    the control characters a workbook cannot hold."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if value is None or (not isinstance(value, (list, tuple, np.ndarray)) and pd.isna(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def _defuse_cells(sheet: Worksheet) -> None:
    """Text cells that look like formulas: kept as text (openpyxl would write "=…" as a formula),
    with Excel's quote prefix so editing the cell keeps it text."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and _formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
