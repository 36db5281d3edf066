"""UNESCO category 2 institutes and centres from ``category2_centres/category2_centres.csv``.

The CSV is a partial, hand-compiled list (see its ``PROVENANCE.md``): one row per centre, a
host city but no coordinates, and a ``verification`` column saying how well each row is backed.
Rows become ``c2c:<number>`` sites located by host city; the build geocodes them offline.
``centre_facts.csv`` holds what later research found in stored pages (one fact per row with its
source): General Conference years, host countries and cities, an institution's point, and
whether a page confirms the centre's status (a centre shown not to be one is a reject).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from geo.build.sources import research
from geo.iso import is_iso3, to_iso3
from geo.schema import REJECT_COLUMNS, SOURCE_COLUMNS, SourceResult
from geo.text import plain_text, safe_url

NAME = "category2_centres"
FACTS = "centre_facts.csv"
SOURCE_LABEL = "category2_centres.csv (compiled from UNESCO sector pages)"
SOURCE_DATE = "2026-11-27"  # PROVENANCE.md: extension pass, the snapshot the CSV reflects

# Normalised sector labels. "ocean" is split out of natural_sciences for IOC centres, as UNESCO's
# own C2C list does; "other" is UNESCO's "Other/Cross-cutting".
SECTORS = (
    "education",
    "natural_sciences",
    "water",
    "ocean",
    "culture",
    "social_human_sciences",
    "communication_information",
    "other",
)
_SECTOR_ALIASES = {
    "natural_science": "natural_sciences",
    "sciences": "natural_sciences",
    "water_sciences": "water",
    "ioc": "ocean",
    "social_and_human_sciences": "social_human_sciences",
    "shs": "social_human_sciences",
    "communication_and_information": "communication_information",
    "ci": "communication_information",
    "cross_cutting": "other",
}

# source_url prefixes (host + path) that are the centre's own site or its section of its host's
# site, checked by hand against source_extracts/. Other non-UNESCO URLs are news, mirrors or
# another centre's page, so they are not offered as the centre's official page.
OWN_PAGES = {
    "c2c-001": "category2.unescoapceiu.org/",
    "c2c-010": "eng.ichei.org/",
    "c2c-011": "untec.shnu.edu.cn/",
    "c2c-022": "en.spmi.ru/unesco-centre/",
    "c2c-027": "www.globalgeochemistry.com/",
    "c2c-029": "ictp-ap.org/",
    "c2c-031": "odc.fio.com.cn/",
    "c2c-037": "iop.vast.vn/icp/",
    "c2c-040": "en.irtces.org/",
    "c2c-043": "rcuwm.ir/",
    "c2c-052": "www.pwri.go.jp/icharm/",
    "c2c-053": "iciwarm.info/",
    "c2c-058": "erce.unesco.lodz.pl/",
    "c2c-068": "un-ihe.org/",
    "c2c-069": "waterandchange.org/",
    "c2c-081": "crespial.org/",
    "c2c-084": "en.crihap.cn/",
    "c2c-086": "irci.jp/",
    "c2c-087": "www.unesco-ichcap.org/",
    "c2c-090": "www.icua.hr/",
    "c2c-095": "cetic.br/",
    "c2c-099": "www.cipdh.gob.ar/",
    "c2c-102": "www.grocentre.is/",
    "c2c-104": "www.ucpbl.net/",
    "c2c-106": "www.cimpa-icpam.org/",
    "c2c-108": "www.cish-byblos.org/",
}

_ID = re.compile(r"^c2c-(\d+)$")
_BINATIONAL = re.compile(r"\b[Bb]inational (\w+)-(\w+)")
_DOUBTFUL = re.compile(
    r"(?i)doubtful|probably not|ceased|no longer|left UNESCO|withdrawal"
    r"|status (?:uncertain|affected|verify)|verify (?:current |C2C )?status|name/status verify"
)
_PROVENANCE_COUNT = re.compile(r"### Current counts \((\d+) rows\)")


def load(raw_dir: Path) -> SourceResult:
    """Read ``<raw_dir>/category2_centres``: one row per usable centre, a reject for every other row."""
    folder = Path(raw_dir) / NAME
    table = pd.read_csv(folder / "category2_centres.csv", dtype=str, keep_default_na=False)
    facts = research.by_key(research.read(folder / FACTS), "id")
    records: list[dict] = []
    rejects: list[dict] = []
    doubtful: list[str] = []
    seen: set[str] = set()
    corrections: list[str] = []
    for raw in table.to_dict("records"):
        record = {key: value.strip() for key, value in raw.items()}
        reason = _reject_reason(record, seen) or _refuted(facts.get(record["id"], []))
        if reason:
            rejects.append(
                {"source": NAME, "record_id": record["id"], "name": plain_text(record["name"]), "reason": reason}
            )
            continue
        seen.add(record["id"])
        row = _row(record)
        corrections += [_apply(row, fact) for fact in facts.get(record["id"], [])]
        records.append(row)
        if _DOUBTFUL.search(record["source_note"]):
            doubtful.append(_site_id(record["id"]))
    research.check_all_used(FACTS, set(facts), set(table["id"]))
    rows = _frame(records).sort_values("site_id", ignore_index=True)
    return SourceResult(
        NAME,
        rows,
        pd.DataFrame(rejects, columns=REJECT_COLUMNS),
        rows_in=len(table),
        notes=_notes(rows, len(table), sorted(doubtful), folder / "PROVENANCE.md") + corrections,
    )


def _refuted(facts: list[dict]) -> str | None:
    """A reject reason where research shows the record is not a category 2 centre."""
    for fact in facts:
        if fact["fact"] == "status" and fact["value"] == "not_a_centre":
            return f"not a category 2 centre: {plain_text(fact['note'])} ({research.cited(fact)})"
    return None


def _apply(row: dict, fact: dict) -> str:
    """Correct ``row`` with one researched fact; returns the note for the build report."""
    kind, value, site = fact["fact"], fact["value"], row["site_id"]
    if kind == "year":
        row["year"] = row["official_year"] = int(value)
    elif kind == "host_city":
        row["locality"] = plain_text(value)
    elif kind == "countries":
        codes = [to_iso3(c) for c in value.split(";")]
        if not all(is_iso3(c) for c in codes):
            raise ValueError(f"{FACTS}: {site}: bad countries {value!r}")
        row.update(countries_iso3=codes, primary_iso3=codes[0], transboundary=len(codes) > 1)
    elif kind == "point":
        lat, lon = (float(v) for v in value.split(","))
        row.update(
            lat=lat,
            lon=lon,
            locality=None,
            geocode_precision="source",
            geocode_method=f"researched: {plain_text(fact['note'])}; {research.cited(fact)}",
        )
    elif kind == "status" and value in ("confirmed", "unconfirmed"):
        row["verification"] = "stored_source" if value == "confirmed" else "compiler_knowledge_unverified"
    else:
        raise ValueError(f"{FACTS}: {site}: unknown fact {kind}={value!r}")
    return f"{site}: {kind} {value} ({research.cited(fact)})"


def normalise_sector(sector: str, field: str = "") -> str | None:
    """A CSV sector (+ field) → one of :data:`SECTORS`, or None if unrecognised."""
    key = re.sub(r"[^a-z]+", "_", sector.casefold()).strip("_")
    key = _SECTOR_ALIASES.get(key, key)
    if key == "natural_sciences" and "(IOC)" in field:
        return "ocean"
    return key if key in SECTORS else None


def _reject_reason(record: dict, seen: set[str]) -> str | None:
    """Why a CSV row cannot be a centre row (None if it can)."""
    if not _ID.match(record["id"]):
        return f"malformed id {record['id']!r}"
    if record["id"] in seen:
        return "duplicate id"
    if not plain_text(record["name"]):
        return "no name"
    if not is_iso3(to_iso3(record["country_iso3"])):
        return f"unknown country code {record['country_iso3']!r}"
    if normalise_sector(record["sector"], record["field"]) is None:
        return f"unknown sector {record['sector']!r}"
    return None


def _row(record: dict) -> dict:
    """One CSV record → one row in the common schema."""
    countries = _countries(record)
    lat, lon = _coordinates(record)
    has_coords = not math.isnan(lat)
    year = int(record["year_established"]) if record["year_established"].isdigit() else None
    return {
        "site_id": _site_id(record["id"]),
        "designation": "category2_centre",
        "name": _name(record),
        "subtype": normalise_sector(record["sector"], record["field"]),
        "countries_iso3": countries,
        "primary_iso3": countries[0],
        "year": year,
        "official_year": year,
        "in_danger": False,
        "transboundary": len(countries) > 1,
        "description": plain_text(f"Field: {record['field'].rstrip('.')}.") if record["field"] else None,
        "url": _url(record),
        "source": SOURCE_LABEL,
        "source_date": SOURCE_DATE,
        "verification": record["verification"] or None,
        "lat": lat,
        "lon": lon,
        "locality": None if has_coords else plain_text(record["host_city"]),
        "geocode_precision": "source" if has_coords else None,
        "geocode_method": "category2_centres.csv latitude/longitude" if has_coords else None,
    }


def _site_id(record_id: str) -> str:
    """'c2c-001' → 'c2c:001' (the CSV's number, kept as written so ids stay stable)."""
    match = _ID.match(record_id)
    if match is None:
        raise ValueError(f"malformed id {record_id!r}")  # _reject_reason turned these away
    return "c2c:" + match.group(1)


def _name(record: dict) -> str:
    """Name plus acronym in brackets (so centres can be found by the acronym they go by)."""
    name, acronym = plain_text(record["name"]) or "", plain_text(record["acronym"])
    if not acronym or acronym.casefold() in name.casefold():
        return name
    return f"{name} ({acronym})"


def _countries(record: dict) -> list[str]:
    """Host country first, then any partner country of a centre the note calls binational."""
    countries = [c for c in [to_iso3(record["country_iso3"])] if c]
    match = _BINATIONAL.search(record["source_note"])
    for partner in (to_iso3(name) for name in match.groups()) if match else ():
        if partner and partner not in countries:
            countries.append(partner)
    return countries


def _coordinates(record: dict) -> tuple[float, float]:
    """The CSV's latitude/longitude if both are valid numbers, else (NaN, NaN)."""
    try:
        lat, lon = float(record["latitude"]), float(record["longitude"])
    except ValueError:
        return math.nan, math.nan
    if -90 <= lat <= 90 and -180 <= lon <= 180:
        return lat, lon
    return math.nan, math.nan


def _url(record: dict) -> str | None:
    """source_url if it is a UNESCO page or the centre's own page, else None."""
    url = safe_url(record["source_url"])
    if url is None:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host == "unesco.org" or host.endswith(".unesco.org"):
        return url
    own = OWN_PAGES.get(record["id"])
    return url if own and f"{host}{parts.path or '/'}".startswith(own) else None


def _frame(records: list[dict]) -> pd.DataFrame:
    """Records → a frame with exactly the SOURCE_COLUMNS and their dtypes."""
    frame = pd.DataFrame(records).reindex(columns=list(SOURCE_COLUMNS))
    dtypes = {"str": "str", "list": "object", "Int64": "Int64", "bool": "bool", "float": "float64"}
    for column, kind in SOURCE_COLUMNS.items():
        frame[column] = frame[column].astype(dtypes[kind])
    return frame


def _notes(rows: pd.DataFrame, rows_in: int, doubtful: list[str], provenance: Path) -> list[str]:
    """Counts and caveats worth reporting with the build."""
    match = _PROVENANCE_COUNT.search(provenance.read_text(encoding="utf-8"))
    current = match.group(1) if match else "an unknown number of"
    verification = rows["verification"].value_counts().sort_index()
    no_city = sorted(rows.loc[rows["locality"].isna() & rows["lat"].isna(), "site_id"])
    return [
        f"kept {len(rows)} of {rows_in} rows; PROVENANCE.md counts {current} rows as current",
        "UNESCO's official total of category 2 centres is unknown: the file is a partial, "
        "unofficial compilation (stored totals range from 81 in c. 2012 to 'over 100' in 2022)",
        "verification: " + ", ".join(f"{name} {count}" for name, count in verification.items()),
        f"kept though source_note doubts the current status ({len(doubtful)}): {', '.join(doubtful)}",
        f"no host city, to be located at country level: {', '.join(no_city)}",
        f"official page kept for {rows['url'].notna().sum()} rows; other source URLs are news or mirrors",
        "IOC centres (field '(IOC)') get subtype 'ocean'; binational centres list the partner country",
    ]
