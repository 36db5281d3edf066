"""UNESCO World Heritage List → rows of the common schema.

Reads ``<raw_dir>/world_heritage`` (see its ``PROVENANCE.md``): the 2025 list is the XML feed
``whc-en.xml`` joined with the ``whc-sites-2025.xlsx`` export on id (``id_number`` = ``id_no``),
then ``whc_2026_changes.csv`` (48th session) adds the 2026 inscriptions and Danger List changes.

Which file gives what: the XML is newer, so it gives the English name, coordinates, description
and URL; the XLSX gives Danger status (the XML ``danger`` field is unreliable and is ignored),
area, criteria, category and the names in the other five languages. Quirks handled: names and
descriptions carry HTML and mojibake (``plain_text``); country codes are alpha-2, kept in the
XML's order (the XLSX sorts them); Jerusalem (148) has no ISO code; four XLSX rows list several
regions; an area of 0 ha means "not recorded". Every change row is applied (an unusable
inscription becomes a reject) or the load fails with ValueError.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

from geo import iso
from geo.build.sources import research
from geo.schema import LANGS, REGIONS, REJECT_COLUMNS, SOURCE_COLUMNS, WH_CATEGORIES, Reject, SourceResult
from geo.text import plain_text, safe_url

NAME = "world_heritage"
XML_FILE = "whc-en.xml"
XLSX_FILE = "whc-sites-2025.xlsx"
CHANGES_FILE = "whc_2026_changes.csv"
# Later checks of the 2026 changes against stored pages (geo.build.sources.research): a Danger List
# change no stored decision confirms says so in the property's verification.
CHECKS_FILE = "record_checks.csv"
SOURCE = "whc-en.xml (2025-10) + whc-sites-2025.xlsx (2025-07) + whc_2026_changes.csv"
# The 2025 list is dated by its newer file, the XML feed (committed upstream 2025-10-13). The 2026
# rows come from the whc001 Data Hub export that the changes file cites, downloaded 2026-09-16.
LIST_DATE = "2025-10-13"
CHANGES_DATE = "2026-09-16"
# The XML elements read here (the feed has 21; ``danger`` is deliberately not among these).
XML_FIELDS = (
    "id_number",
    "site",
    "iso_code",
    "region",
    "date_inscribed",
    "latitude",
    "longitude",
    "short_description",
    "http_url",
    "location",
)
XML_METHOD = "whc-en.xml latitude/longitude"
XLSX_METHOD = "whc-sites-2025.xlsx latitude/longitude"
CHANGES_METHOD = "whc001 component point"
URL = "https://whc.unesco.org/en/list/{}"
JERUSALEM = 148  # "Old City of Jerusalem and its Walls", proposed by Jordan: no State Party code
DANGER_CHANGES = {"added_to_danger": True, "removed_from_danger": False}

_CRITERIA = re.compile(r"(\((?:i{1,3}|iv|vi{0,3}|ix|x)\))+")
_YEAR = re.compile(r"[12][0-9]{3}")
_NAN = float("nan")


DANGER_UNCONFIRMED = "danger status 2026 unconfirmed"


def load(raw_dir: Path | str) -> SourceResult:
    """World Heritage properties from ``<raw_dir>/world_heritage`` (``raw_dir`` is ``data/raw``)."""
    folder = Path(raw_dir) / NAME
    xml = _read_xml(folder / XML_FILE)
    xlsx = _read_xlsx(folder / XLSX_FILE)
    changes = _read_changes(folder / CHANGES_FILE)
    pairs, rejects = _join(xml, xlsx)
    state_regions = _state_regions(xml)
    listed = _list_rows(pairs, state_regions, rejects)
    notes = _list_notes(listed, xlsx)
    danger_2025 = sum(row["in_danger"] for row in listed)
    by_id = {row["id"]: row for row in listed}
    notes += _apply_changes(changes, by_id, state_regions, rejects)
    notes += _apply_checks(research.read(folder / CHECKS_FILE), by_id)
    rows = sorted(by_id.values(), key=lambda row: row["id"])
    notes += _gap_notes(rows)
    notes.append(
        f"List in Danger: {danger_2025} in the 2025 files, "
        f"{sum(row['in_danger'] for row in rows)} after the 2026 changes"
    )
    inscribed = sum(c["change"] == "inscribed" for c in changes)
    return SourceResult(
        name=NAME,
        rows=_frame(rows),
        rejects=pd.DataFrame(rejects, columns=REJECT_COLUMNS),
        rows_in=len(xml) + len(xlsx) - len(pairs) + inscribed,
        notes=notes,
    )


# --- reading the three files -----------------------------------------------------------------


def _read_xml(path: Path) -> list[dict]:
    """The feed's ``<row>`` elements as dicts of stripped text ('' for empty or absent elements)."""
    root = ET.parse(path).getroot()
    return [
        dict.fromkeys(XML_FIELDS, "") | {child.tag: (child.text or "").strip() for child in row}
        for row in root.iter("row")
    ]


def _read_xlsx(path: Path) -> list[dict]:
    """The export's single sheet as dicts keyed by the header row (cells as openpyxl reads them)."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        cells = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(cells)
        return [dict(zip(header, values)) for values in cells if any(v is not None for v in values)]
    finally:
        workbook.close()


def _read_changes(path: Path) -> list[dict]:
    """The changes CSV as dicts of stripped strings ('' for empty cells)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return [{k: v.strip() for k, v in record.items()} for record in frame.to_dict("records")]


# --- joining the XML and the XLSX ------------------------------------------------------------


def _join(xml: list[dict], xlsx: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict]]:
    """(XML, XLSX) record pairs with the same id; every other record is a reject."""
    xml_by_id, rejects = _by_id(xml, "id_number", "site", XML_FILE)
    xlsx_by_id, xlsx_rejects = _by_id(xlsx, "id_no", "name_en", XLSX_FILE)
    rejects += xlsx_rejects
    for record_id in sorted(xml_by_id.keys() - xlsx_by_id.keys(), key=int):
        rejects.append(_reject(XML_FILE, record_id, xml_by_id[record_id]["site"], f"id_number not in {XLSX_FILE}"))
    for record_id in sorted(xlsx_by_id.keys() - xml_by_id.keys(), key=int):
        rejects.append(_reject(XLSX_FILE, record_id, xlsx_by_id[record_id].get("name_en"), f"id_no not in {XML_FILE}"))
    pairs = [(x, xlsx_by_id[i]) for i, x in xml_by_id.items() if i in xlsx_by_id]
    return pairs, rejects


def _by_id(records: list[dict], id_field: str, name_field: str, source: str):
    """Records keyed by their id (a string of digits); bad or repeated ids are rejects."""
    by_id, rejects = {}, []
    for record in records:
        record_id = _text(record.get(id_field))
        if not record_id.isdigit() or record_id in by_id:
            problem = "is repeated" if record_id in by_id else "is not a number"
            rejects.append(_reject(source, record_id, record.get(name_field), f"{id_field} {record_id!r} {problem}"))
        else:
            by_id[record_id] = record
    return by_id, rejects


def _state_regions(xml: list[dict]) -> dict[str, str]:
    """ISO3 → region, from single-state properties (a state with two regions is left out)."""
    found: dict[str, set[str]] = {}
    for record in xml:
        codes = iso.split_codes(record.get("iso_code"))
        if len(codes) == 1 and record.get("region") in REGIONS:
            found.setdefault(codes[0], set()).add(record["region"])
    return {code: regions.pop() for code, regions in found.items() if len(regions) == 1}


# --- one record → one row --------------------------------------------------------------------


def _list_rows(pairs: list[tuple[dict, dict]], state_regions: dict, rejects: list) -> list[dict]:
    """Rows of the 2025 list; a pair that cannot become a row goes to ``rejects``."""
    rows = []
    for x, s in pairs:
        try:
            rows.append(_list_row(x, s, state_regions))
        except Reject as err:
            rejects.append(_reject(XML_FILE, x["id_number"], x["site"], str(err)))
    return rows


def _list_row(x: dict, s: dict, state_regions: dict) -> dict:
    """A property of the 2025 list from its XML record ``x`` and XLSX record ``s``."""
    id_no = int(x["id_number"])
    countries = _countries(x["iso_code"], allow_none=id_no == JERUSALEM)
    year = _year(x["date_inscribed"])
    lat, lon, method = _list_point(x, s)
    return {
        "id": id_no,
        "name": _name(x["site"] or s.get("name_en")),
        **{f"name_{lang}": plain_text(s.get(f"name_{lang}")) for lang in LANGS},
        "subtype": _category(s.get("category")),
        "criteria": _criteria(s.get("criteria_txt")),
        "countries_iso3": countries,
        "region": _region(x["region"], _text(s.get("region_en")), countries, state_regions),
        "year": year,
        "in_danger": _in_danger(s.get("danger")),
        "xlsx_transboundary": s.get("transboundary"),
        "area_ha": _area(s.get("area_hectares")),
        "description": plain_text(x["short_description"] or s.get("short_description_en")),
        "url": safe_url(x["http_url"]) or URL.format(id_no),
        "source_date": LIST_DATE,
        "verification": None,
        "lat": lat,
        "lon": lon,
        "geocode_method": method,
        "locality": plain_text(x["location"]),
    }


def _new_row(change: dict, state_regions: dict) -> dict:
    """A property inscribed in 2026, from its ``inscribed`` row of the changes file."""
    if not change["id_no"].isdigit():
        raise Reject(f"id_no {change['id_no']!r} is not a number")
    id_no = int(change["id_no"])
    countries = _countries(change["iso3"])
    lat, lon = _point(change["latitude"], change["longitude"])
    return {
        "id": id_no,
        "name": _name(change["name_en"]),
        "subtype": _category(change["category"]),
        "criteria": _criteria(change["criteria_txt"]),
        "countries_iso3": countries,
        "region": state_regions.get(countries[0]),  # None: the build derives it (first property)
        "year": _year(change["year"]),
        "in_danger": False,  # an added_to_danger row says otherwise
        "area_ha": _NAN,
        "url": URL.format(id_no),
        "source_date": CHANGES_DATE,
        "verification": change["verification"] or None,
        "lat": lat,
        "lon": lon,
        "geocode_method": None if math.isnan(lat) else CHANGES_METHOD,
        "locality": plain_text(change["locality"]),
    }


# --- field parsers ---------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _name(value: Any) -> str:
    name = plain_text(value)
    if not name:
        raise Reject("no name")
    return name


def _countries(value: Any, allow_none: bool = False) -> list[str]:
    """'be,fr' → ['BEL', 'FRA'] in the given order; :class:`Reject` on unknown or missing codes."""
    unknown = iso.unknown_codes(value)
    if unknown:
        raise Reject(f"unknown country code(s): {', '.join(unknown)}")
    codes = list(dict.fromkeys(iso.split_codes(value)))
    if not codes and not allow_none:
        raise Reject("no country code")
    return codes


def _category(value: Any) -> str:
    category = _text(value)
    if category not in WH_CATEGORIES:
        raise Reject(f"unknown category {category!r}")
    return category


def _criteria(value: Any) -> str | None:
    """'(i)(iii)' as given, None when empty; :class:`Reject` on anything else."""
    criteria = _text(value).replace(" ", "")
    if criteria and not _CRITERIA.fullmatch(criteria):
        raise Reject(f"malformed criteria {value!r}")
    return criteria or None


def _year(value: Any) -> int:
    text = _text(value)
    if not _YEAR.fullmatch(text):
        raise Reject(f"no inscription year in {value!r}")
    return int(text)


def _in_danger(value: Any) -> bool:
    """The XLSX ``danger`` flag (0 or 1)."""
    if value not in (0, 1):
        raise Reject(f"danger flag {value!r} is not 0 or 1")
    return value == 1


def _area(value: Any) -> float:
    """Hectares; NaN when empty or 0 (the export's way of saying "not recorded")."""
    area = _number(value)
    return area if area > 0 else _NAN


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return _NAN


def _point(lat_value: Any, lon_value: Any) -> tuple[float, float]:
    """(lat, lon), NaNs when either is missing or out of range."""
    lat, lon = _number(lat_value), _number(lon_value)
    if not (abs(lat) <= 90 and abs(lon) <= 180):
        return _NAN, _NAN
    return lat, lon


def _list_point(x: dict, s: dict) -> tuple[float, float, str | None]:
    """The XML point, else the XLSX point, else NaNs; with the geocode method."""
    for lat, lon, method in (
        (x["latitude"], x["longitude"], XML_METHOD),
        (s.get("latitude"), s.get("longitude"), XLSX_METHOD),
    ):
        point = _point(lat, lon)
        if not math.isnan(point[0]):
            return *point, method
    return _NAN, _NAN, None


def _region(xml_region: str, xlsx_region: str, countries: list[str], state_regions: dict) -> str:
    """The region given; where the XLSX lists several, the region of the first listed state."""
    listed = [r.strip() for r in xlsx_region.split(",") if r.strip()]
    if len(listed) > 1:
        region = state_regions.get(countries[0]) if countries else None
        if region not in listed:
            raise Reject(f"several regions ({xlsx_region}) and none is the first state's")
        return region
    region = xml_region or xlsx_region
    if region not in REGIONS:
        raise Reject(f"unknown region {region!r}")
    return region


# --- the 2026 changes ------------------------------------------------------------------------


def _apply_changes(changes: list[dict], by_id: dict[int, dict], state_regions: dict, rejects: list) -> list[str]:
    """Add the inscriptions, then apply the Danger List changes; one note per kind of change.

    An inscription that cannot become a row is a reject; any other change that cannot be applied
    (unknown kind or property, Danger status already as stated) raises ValueError.
    """
    done: dict[str, list[str]] = {}
    numbered = enumerate(changes, start=2)  # line 1 is the header
    for number, change in sorted(numbered, key=lambda item: item[1]["change"] != "inscribed"):
        kind = change["change"]
        if kind == "inscribed":
            outcome = _inscribe(change, by_id, state_regions, rejects)
        elif kind in DANGER_CHANGES:
            outcome = _apply_danger(change, by_id, number)
        else:
            raise ValueError(f"{CHANGES_FILE} line {number}: change {kind!r} is not supported")
        done.setdefault(kind, []).append(f"{change['id_no']} {outcome} [{change['verification']}]")
    notes = [f"{CHANGES_FILE} {kind} ({len(items)}): {'; '.join(items)}" for kind, items in done.items()]
    return notes + [
        f"{CHANGES_FILE}: {sum(map(len, done.values()))} of {len(changes)} change rows "
        f"accounted for; 2026 rows are dated {CHANGES_DATE} (the whc001 export)"
    ]


def _apply_checks(checks: list[dict], by_id: dict[int, dict]) -> list[str]:
    """Mark the Danger List changes no stored decision confirms; one note per check."""
    notes = []
    for check in checks:
        row = by_id.get(int(check["id_no"])) if check["id_no"].isdigit() else None
        if row is None or (check["check"], check["outcome"]) != ("danger_2026", "unconfirmed"):
            raise ValueError(f"{CHECKS_FILE}: cannot apply {check['check']}={check['outcome']} to {check['id_no']}")
        row["verification"] = "; ".join(p for p in (row["verification"], DANGER_UNCONFIRMED) if p)
        notes.append(
            f"{check['id_no']}: 2026 Danger List change not confirmed by a stored decision "
            f"({plain_text(check['note'])}; {research.cited(check)})"
        )
    return notes


def _inscribe(change: dict, by_id: dict[int, dict], state_regions: dict, rejects: list) -> str:
    """Add a 2026 inscription to ``by_id`` ("added"), or reject it ("rejected: <reason>")."""
    try:
        row = _new_row(change, state_regions)
        if row["id"] in by_id:
            raise Reject(f"id {row['id']} is already on the list")
    except Reject as err:
        rejects.append(_reject(CHANGES_FILE, change["id_no"], change["name_en"], str(err)))
        return f"rejected: {err}"
    by_id[row["id"]] = row
    return "added"


def _apply_danger(change: dict, by_id: dict[int, dict], number: int) -> str:
    """Set the row's Danger status and add the change's verification where it differs."""
    row = by_id.get(int(change["id_no"])) if change["id_no"].isdigit() else None
    target = DANGER_CHANGES[change["change"]]
    if row is None or row["in_danger"] == target:
        state = "not on the list" if row is None else f"already in_danger={target}"
        raise ValueError(f"{CHANGES_FILE} line {number}: {change['change']} {change['id_no']}: {state}")
    row["in_danger"] = target
    if change["verification"] and change["verification"] != row["verification"]:
        parts = [row["verification"], f"danger status: {change['verification']}"]
        row["verification"] = "; ".join(p for p in parts if p)
    return "applied"


# --- rejects, frame, notes -------------------------------------------------------------------


def _reject(source: str, record_id: str, name: Any, reason: str) -> dict:
    return {"source": source, "record_id": record_id or None, "name": plain_text(name), "reason": reason}


def _frame(rows: list[dict]) -> pd.DataFrame:
    """Rows → the SOURCE_COLUMNS frame, typed as the schema says (rows already sorted by id)."""
    full = [dict.fromkeys(SOURCE_COLUMNS) | _common(row) for row in rows]
    frame = pd.DataFrame(full, columns=list(SOURCE_COLUMNS))
    for column, kind in SOURCE_COLUMNS.items():
        if kind in ("Int64", "float", "bool"):
            frame[column] = frame[column].astype(kind)
    return frame


def _common(row: dict) -> dict:
    """A parsed row plus the columns every row derives the same way."""
    countries = row["countries_iso3"]
    has_point = not math.isnan(row["lat"])
    fields = {k: v for k, v in row.items() if k in SOURCE_COLUMNS}
    return fields | {
        "site_id": f"whc:{row['id']}",
        "designation": NAME,
        "primary_iso3": countries[0] if countries else None,
        "official_year": row["year"],
        "transboundary": len(countries) > 1,
        "source": SOURCE,
        "geocode_precision": "source" if has_point else None,
    }


def _list_notes(rows: list[dict], xlsx: list[dict]) -> list[str]:
    """What the join of the 2025 files did that a reader should know."""
    notes = [
        f"2025 list: {len(rows)} properties ({XML_FILE} joined with {XLSX_FILE} on id); "
        "name, point, description and URL from the XML, Danger status, area, criteria, "
        "category and translations from the XLSX; the XML 'danger' field is ignored",
        "countries_iso3 keeps the XML iso_code order (the XLSX sorts the codes); primary_iso3 is the first",
    ]
    for row in rows:
        if row["id"] == JERUSALEM and not row["countries_iso3"]:
            notes.append(
                f"whc:{JERUSALEM} ({row['name']}) has no ISO country code (proposed by "
                f"Jordan): countries_iso3 = [], primary_iso3 = None, region {row['region']}"
            )
        flag = row["xlsx_transboundary"]
        if bool(flag) != (len(row["countries_iso3"]) > 1):
            notes.append(
                f"whc:{row['id']}: XLSX transboundary={flag} but countries "
                f"{row['countries_iso3']}; set from the country list"
            )
    multi = {_text(s["id_no"]) for s in xlsx if "," in _text(s.get("region_en"))}
    if multi:
        chosen = ", ".join(f"whc:{r['id']} {r['region']}" for r in rows if str(r["id"]) in multi)
        notes.append(f"{len(multi)} XLSX rows list several regions; took the first listed state's region: {chosen}")
    return notes


def _gap_notes(rows: list[dict]) -> list[str]:
    """Rows without a point, with the XLSX point, without an area, or without a region."""
    gaps = {
        "no coordinates in any file (the build geocodes them)": lambda r: math.isnan(r["lat"]),
        "point from the XLSX (none in the XML)": lambda r: r["geocode_method"] == XLSX_METHOD,
        "no region (first property of the state; the build derives it)": lambda r: not r["region"],
    }
    notes = []
    for label, test in gaps.items():
        ids = [f"whc:{r['id']}" for r in rows if test(r)]
        if ids:
            notes.append(f"{label}: {', '.join(ids)}")
    no_area = sum(math.isnan(r["area_ha"]) for r in rows)
    notes.append(
        f"area_ha is NaN for {no_area} properties: area_hectares empty or 0 in the XLSX, none for the 2026 inscriptions"
    )
    return notes
