"""UNESCO Data Hub exports (stored by geo.build.download.refresh) → rows of the common schema.

``load_whc``, ``load_mab`` and ``load_uggp`` each read one stored JSON export
(``data/raw/datahub/<dataset>/<YYYY-MM-DD>.json``); :func:`latest_download` finds the newest.
Quirks handled here: booleans are the strings "True"/"False", a geo point is
``{"lon", "lat"}`` (or null), countries are alpha-2 codes (a transnational geopark's entry joins
them, "AT,SI"), geoparks older than the 2015 label are dated 2015, and a geopark area counts
only when its unit is "ha".
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from geo import iso, paths
from geo.schema import REGIONS, REJECT_COLUMNS, SOURCE_COLUMNS, WH_CATEGORIES, Reject, SourceResult
from geo.text import plain_text, safe_url

_DOWNLOAD_NAME = re.compile(r"\d{4}-\d{2}-\d{2}\.json")
_NAN = float("nan")


def latest_download(dataset: str, raw_dir: Path | str | None = None, min_records: int = 0) -> Path | None:
    """The newest stored export of ``dataset`` that has its ``.meta.json`` and, where
    ``min_records`` is set, at least that many records by its meta (older, smaller downloads
    stored before refresh had floors are passed over), or None."""
    folder = Path(raw_dir if raw_dir is not None else paths.raw_dir()) / "datahub" / dataset
    if not folder.is_dir():
        return None
    complete = [
        p
        for p in folder.iterdir()
        if _DOWNLOAD_NAME.fullmatch(p.name)
        and _meta_path(p).is_file()
        and (not min_records or _records(p) >= min_records)
    ]
    return max(complete, default=None, key=lambda p: p.name)


def _records(path: Path) -> int:
    """The record count a download's ``.meta.json`` gives (0 if it gives none)."""
    try:
        records = json.loads(_meta_path(path).read_text(encoding="utf-8")).get("records")
    except (OSError, ValueError, RecursionError, AttributeError):
        return 0
    return records if isinstance(records, int) and not isinstance(records, bool) else 0


def load_whc(path: Path | str) -> SourceResult:
    """World Heritage properties from a stored ``whc001`` export."""
    return _load(Path(path), "whc001", "world_heritage", "id_no", _whc_row)


def load_mab(path: Path | str) -> SourceResult:
    """Biosphere Reserves from a stored ``mab001`` export."""
    return _load(Path(path), "mab001", "biosphere_reserve", "mab_id", _mab_row)


def load_uggp(path: Path | str) -> SourceResult:
    """UNESCO Global Geoparks from a stored ``eg0001`` export.

    ``official_year`` is the Data Hub year; ``year`` is left empty where that is 2015,
    because UNESCO dates every older member 2015 (the build can take the network year elsewhere).
    """
    result = _load(Path(path), "eg0001", "global_geopark", "ugg_id", _uggp_row)
    dated_2015 = int((result.rows["official_year"] == 2015).sum())
    if dated_2015:
        result.notes.append(
            f"{dated_2015} geoparks dated 2015 (the label's start): year left empty, "
            "their original network year is not in eg0001"
        )
    return result


LOADERS: dict[str, Callable[[Path | str], SourceResult]] = {
    "whc001": load_whc,
    "mab001": load_mab,
    "eg0001": load_uggp,
}


# --- one record → one row --------------------------------------------------------------------


def _whc_row(record: dict) -> dict:
    id_no = _record_id(record, "id_no")
    countries = _countries([record.get("iso_codes")], allow_none=True)
    category = record.get("category")
    if category not in WH_CATEGORIES:
        raise Reject(f"unknown category {category!r}")
    year = _year(record.get("date_inscribed"))
    return {
        "site_id": f"whc:{id_no}",
        "designation": "world_heritage",
        "name": plain_text(record.get("name_en")),
        **{f"name_{lang}": plain_text(record.get(f"name_{lang}")) for lang in ("fr", "es", "ru", "ar", "zh")},
        "subtype": category,
        "criteria": plain_text(record.get("criteria_txt")),
        "countries_iso3": countries,
        "region": _region(record.get("region")),
        "year": year,
        "official_year": year,
        "in_danger": _bool(record.get("danger")),
        "transboundary": _bool(record.get("transboundary")) or len(countries) > 1,
        "area_ha": _float(record.get("area_hectares")),
        "description": plain_text(record.get("short_description_en")),
        "url": f"https://whc.unesco.org/en/list/{id_no}",
    }


def _mab_row(record: dict) -> dict:
    countries = _countries([record.get("iso2")])
    year = _year(str(record.get("date") or "")[:4])
    return {
        "site_id": f"mab:{_record_id(record, 'mab_id')}",
        "designation": "biosphere_reserve",
        "name": plain_text(record.get("title_en")),
        "countries_iso3": countries,
        "region": _region(record.get("regional_group")),
        "year": year,
        "official_year": year,
        "transboundary": _bool(record.get("tbr")),
        "area_ha": _float(record.get("area_total")),
        "description": plain_text(record.get("introduction_en")),
        "url": safe_url(record.get("url")),
    }


def _uggp_row(record: dict) -> dict:
    countries = _countries(record.get("countries") or [])
    official_year = _year(str(record.get("date") or "")[:4])
    in_hectares = record.get("area_unit") in ("ha", None)
    return {
        "site_id": f"uggp:{_record_id(record, 'ugg_id')}",
        "designation": "global_geopark",
        "name": plain_text(record.get("title_en")),
        "countries_iso3": countries,
        "year": None if official_year == 2015 else official_year,
        "official_year": official_year,
        "transboundary": _bool(record.get("transnational")) or len(countries) > 1,
        "area_ha": _float(record.get("area_total")) if in_hectares else _NAN,
        "description": plain_text(record.get("introduction_en")),
        "url": safe_url(record.get("url")),
    }


# --- value parsers ---------------------------------------------------------------------------


def _bool(value: Any) -> bool:
    """The Data Hub's "True"/"False" strings (anything else is a reject)."""
    if value not in ("True", "False"):
        raise Reject(f"boolean {value!r} is not 'True' or 'False'")
    return value == "True"


def _year(value: Any) -> int:
    text = str(value).strip() if value is not None else ""
    if not re.fullmatch(r"\d{4}", text):
        raise Reject(f"no year in {value!r}")
    return int(text)


def _float(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else _NAN


def _countries(entries: list[Any], allow_none: bool = False) -> list[str]:
    """Alpha-2 entries (each may join several codes with commas) → ISO3 codes, in order, unique."""
    unknown = [code for entry in entries for code in iso.unknown_codes(entry)]
    if unknown:
        raise Reject(f"unknown country code(s) {', '.join(unknown)}")
    codes = list(dict.fromkeys(code for entry in entries for code in iso.split_codes(entry)))
    if not codes and not allow_none:
        raise Reject("no country code")
    return codes


def _region(value: Any) -> str | None:
    """A single UNESCO region as given; None (the build derives it) for lists or other text."""
    return value if value in REGIONS else None


def _point(value: Any) -> tuple[float, float]:
    """(lat, lon) from a ``{"lon", "lat"}`` geo point; NaNs when missing or out of range."""
    if not isinstance(value, dict):
        return _NAN, _NAN
    lat, lon = _float(value.get("lat")), _float(value.get("lon"))
    if math.isnan(lat) or math.isnan(lon) or abs(lat) > 90 or abs(lon) > 180:
        return _NAN, _NAN
    return lat, lon


# --- shared loading --------------------------------------------------------------------------


def _blank_row() -> dict:
    """Every column empty, with the schema's defaults for the ones that cannot be empty."""
    return dict.fromkeys(SOURCE_COLUMNS) | {"in_danger": False, "lat": _NAN, "lon": _NAN}


def _load(path: Path, dataset: str, kind: str, id_field: str, to_row: Callable[[dict], dict]) -> SourceResult:
    """Read the export, turn each record into a row (or a reject) and add the common columns."""
    records = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(records, list):
        raise ValueError(f"{path} is not a Data Hub JSON export (a list of records)")
    source_date = _data_date(path)
    source = f"UNESCO Data Hub {dataset} ({path.name})"
    rows: list[dict] = []
    rejects: list[dict] = []
    seen: set[str] = set()
    for record in records:
        try:
            row = _row(record, id_field, seen, to_row)
        except Reject as err:
            rejects.append(_reject(record, id_field, source, str(err)))
            continue
        lat, lon = _point(record.get("coordinates"))
        rows.append(
            _blank_row()
            | row
            | {
                "primary_iso3": row["countries_iso3"][0] if row["countries_iso3"] else None,
                "source": source,
                "source_date": source_date,
                "lat": lat,
                "lon": lon,
                "geocode_precision": None if math.isnan(lat) else "source",
                "geocode_method": None if math.isnan(lat) else f"Data Hub {dataset} coordinates",
            }
        )
    return SourceResult(
        name=f"datahub_{kind}",
        rows=_frame(rows),
        rejects=pd.DataFrame(rejects, columns=REJECT_COLUMNS),
        rows_in=len(records),
        notes=_notes(rows),
    )


def _row(record: Any, id_field: str, seen: set[str], to_row: Callable[[dict], dict]) -> dict:
    """One record → row dict, or :class:`Reject` for a non-object, a missing or repeated id, no name."""
    if not isinstance(record, dict):
        raise Reject("record is not a JSON object")
    record_id = _record_id(record, id_field)
    if not record_id:
        raise Reject(f"no {id_field}")
    if record_id in seen:
        raise Reject(f"duplicate {id_field} {record_id!r}")
    row = to_row(record)
    if not row["name"]:
        raise Reject("no name")
    seen.add(record_id)
    return row


def _record_id(record: dict, id_field: str) -> str:
    value = record.get(id_field)
    return str(value).strip() if value is not None else ""


def _reject(record: Any, id_field: str, source: str, reason: str) -> dict:
    if not isinstance(record, dict):
        return {"source": source, "record_id": None, "name": None, "reason": reason}
    name = plain_text(record.get("name_en") or record.get("title_en"))
    record_id = _record_id(record, id_field) or None
    return {"source": source, "record_id": record_id, "name": name, "reason": reason}


def _data_date(path: Path) -> str | None:
    """The data date from the download's ``.meta.json``, else the download date in the file name."""
    meta_path = _meta_path(path)
    if meta_path.is_file():
        date = json.loads(meta_path.read_text(encoding="utf-8")).get("data_date")
        if date:
            return date
    return path.stem if _DOWNLOAD_NAME.fullmatch(path.name) else None


def _meta_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.meta.json")


def _frame(rows: list[dict]) -> pd.DataFrame:
    """Rows → a frame with the SOURCE_COLUMNS, numbers and flags typed as the schema says."""
    frame = pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))
    for column, kind in SOURCE_COLUMNS.items():
        if kind in ("Int64", "float", "bool"):
            frame[column] = frame[column].astype(kind)
    return frame


def _notes(rows: list[dict]) -> list[str]:
    notes = []
    without_point = [r["site_id"] for r in rows if math.isnan(r["lat"])]
    if without_point:
        examples = ", ".join(without_point[:10])
        notes.append(f"{len(without_point)} rows without coordinates (to geocode), e.g. {examples}")
    without_country = [r["site_id"] for r in rows if not r["countries_iso3"]]
    if without_country:
        notes.append(f"{len(without_country)} rows without a country code: {', '.join(without_country)}")
    return notes
