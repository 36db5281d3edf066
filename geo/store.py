"""Read the processed data, and say plainly what is wrong when it can't be read (the messages
are in :mod:`geo.labels`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import labels, paths
from geo.labels import REBUILD_COMMAND
from geo.schema import COLUMNS, value_problems

SCHEMA_VERSION = 1
# What the pages read from countries.parquet and build_report.json (besides designations' COLUMNS).
COUNTRY_COLUMNS = ["iso3", "name", "region", "population", "area_km2", "bri_status", "bri_member", "designations"]
REPORT_KEYS = ["sources", "coverage", "geocode_precision", "outside_country"]


class DataError(RuntimeError):
    """The processed data is missing, unreadable or from an older build. ``str()`` says how to fix it."""


@dataclass(frozen=True)
class Atlas:
    """Everything the dashboard shows: designations, countries and the build report."""

    designations: gpd.GeoDataFrame
    countries: gpd.GeoDataFrame
    report: dict


def _read_parquet(path: Path, required: list[str]) -> gpd.GeoDataFrame:
    if not path.exists():
        raise DataError(labels.DATA_FILE_MISSING.format(file=path.name, command=REBUILD_COMMAND))
    try:
        frame = gpd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for truncated or corrupt files
        raise DataError(
            labels.DATA_FILE_CORRUPT.format(file=path.name, error=type(exc).__name__, command=REBUILD_COMMAND)
        ) from exc
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataError(
            labels.DATA_FILE_OLD.format(file=path.name, missing=", ".join(missing[:5]), command=REBUILD_COMMAND)
        )
    return frame


def load_atlas(processed_dir: Path | None = None) -> Atlas:
    """Load and check the three processed files (of the set ``processed/CURRENT`` names, read
    once so a rebuild meanwhile cannot mix two sets); raise DataError with a fix on any problem."""
    folder = paths.current_set(processed_dir or paths.processed_dir())
    report_path = folder / "build_report.json"
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(labels.DATA_FILE_MISSING.format(file=report_path.name, command=REBUILD_COMMAND)) from None
    except (ValueError, OSError, RecursionError) as exc:  # RecursionError: absurdly nested JSON
        raise DataError(
            labels.DATA_FILE_UNREADABLE.format(file=report_path.name, error=type(exc).__name__, command=REBUILD_COMMAND)
        ) from exc
    if not isinstance(report, dict) or report.get("schema_version") != SCHEMA_VERSION:
        found = report.get("schema_version") if isinstance(report, dict) else "?"
        raise DataError(labels.DATA_OTHER_VERSION.format(found=found, expected=SCHEMA_VERSION, command=REBUILD_COMMAND))
    missing = [key for key in REPORT_KEYS if key not in report]
    if missing:
        raise DataError(
            labels.DATA_REPORT_OLD.format(file=report_path.name, missing=", ".join(missing), command=REBUILD_COMMAND)
        )
    designations = _read_parquet(folder / "designations.parquet", COLUMNS)
    countries = _read_parquet(folder / "countries.parquet", COUNTRY_COLUMNS)
    for name, frame in (("designations.parquet", designations), ("countries.parquet", countries)):
        if frame.empty:
            raise DataError(labels.DATA_FILE_EMPTY.format(file=name, command=REBUILD_COMMAND))
    for name, problems in (
        ("designations.parquet", value_problems(designations)),
        ("countries.parquet", _country_problems(countries)),
    ):
        if problems:
            raise DataError(
                labels.DATA_FILE_INVALID.format(file=name, problems="; ".join(problems[:3]), command=REBUILD_COMMAND)
            )
    return Atlas(designations, countries, report)


def data_date(designations: pd.DataFrame) -> str:
    """The newest source snapshot the designations come from (ISO date, as precise as the source)."""
    return str(designations["source_date"].dropna().max())


SOURCE_FIELDS = ["title", "licence", "credit", "snapshot_date"]


def load_sources(reference_dir: Path | None = None) -> list[dict[str, str]]:
    """The atlas' sources (``data/reference/sources.csv``): title, licence, credit and snapshot date
    of each, as text."""
    path = (reference_dir or paths.reference_dir()) / "sources.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return frame[SOURCE_FIELDS].to_dict("records")


def _country_problems(countries: gpd.GeoDataFrame) -> list[str]:
    """What in the country table the pages cannot use."""
    problems = []
    if not countries["iso3"].map(lambda v: isinstance(v, str) and len(v) == 3).all():
        problems.append("a country code is not three letters")
    if not countries["name"].map(lambda v: isinstance(v, str) and 0 < len(v) <= 200).all():
        problems.append("a country name is missing or too long")
    for column in ("population", "area_km2", "designations"):
        if not pd.api.types.is_numeric_dtype(countries[column]):
            problems.append(f"{column} is not a number")
    return problems
