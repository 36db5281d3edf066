"""The designations as a readable table, and exports of exactly that set (CSV, GeoJSON)."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd

from geo import labels, readable
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
    return "'" + value if value.lstrip(" ").startswith(_FORMULA_START) else value


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
