"""UNESCO Biosphere Reserves from the curated, Wikidata-derived CSV → rows of the common schema.

Reads ``<raw_dir>/biosphere_reserves/biosphere_reserves_curated.csv`` (one row per reserve) and
``biosphere_reserves_dropped.csv`` (Wikidata items the compiler left out, each with a reason);
see that folder's ``PROVENANCE.md``. Together they account for every item of the raw Wikidata
extract (646 = 529 kept + 117 dropped), so the raw files are not read here.

Quirks handled: rows from Wikidata carry a point, rows the compiler added carry only a
``locality`` (the build geocodes it); transboundary reserves list several ``;``-separated ISO3
codes; the year is the compiler's (often unofficial) first-designation year and may be empty.
Rows whose ``note`` says DOUBT or VERIFY (wrong points, uncertain status or year) are reported
in ``notes``; a source point the note says not to trust is marked ``doubtful``.

Research from stored pages, one fact per row with its source URL and the date read, then
corrects the list: ``reserve_points.csv`` (the reserve's point: UNESCO's own "Location", a core
protected area, …), ``reserve_facts.csv`` (status, designation year, official name) and
``reserve_additions.csv`` (reserves the curated list lacks). Every point moved is reported.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.build.sources import research
from geo.iso import is_iso3
from geo.schema import REJECT_COLUMNS, SOURCE_COLUMNS, Reject, SourceResult
from geo.text import plain_text

NAME = "biosphere_reserves"
CURATED = "biosphere_reserves_curated.csv"
DROPPED = "biosphere_reserves_dropped.csv"
POINTS = "reserve_points.csv"
FACTS = "reserve_facts.csv"
ADDITIONS = "reserve_additions.csv"
POINT_KINDS = {  # what a researched point stands for
    "unesco_location": "the Location UNESCO's MAB page gives",
    "core_area_centre": "the centre of the area the reserve covers",
    "protected_area": "a protected area at the reserve's core",
    "headquarters": "the reserve's administration",
}
SOURCE = "biosphere_reserves_curated.csv (Wikidata-derived, curated)"
# The Wikidata retrieval date the upstream repository states (PROVENANCE.md, "Date and licence").
SOURCE_DATE = "2026-09-01"
GEOCODE_METHOD = "Wikidata P625 via curated CSV"

_QID = re.compile(r"Q[1-9][0-9]*")
_YEAR = re.compile(r"[12][0-9]{3}")
_FLAGS = re.compile(r"\b(DOUBT|VERIFY)\b")
_UNTRUSTED_POINT = re.compile(r"do not trust it", re.IGNORECASE)
_BOOLS = {"true": True, "false": False}
# Latin letters that Unicode decomposition does not reduce to ASCII.
_ASCII = str.maketrans(
    {
        "æ": "ae",
        "Æ": "Ae",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
        "œ": "oe",
        "Œ": "Oe",
        "ı": "i",
    }
)
_NAN = float("nan")


def load(raw_dir: Path | str) -> SourceResult:
    """Biosphere Reserves from ``<raw_dir>/biosphere_reserves`` (``raw_dir`` is ``data/raw``)."""
    folder = Path(raw_dir) / NAME
    curated = _read(folder / CURATED)
    dropped = _read(folder / DROPPED)
    additions = [_addition(record) for record in research.read(folder / ADDITIONS)]
    found = Research(
        _by_site(research.read(folder / POINTS)), research.by_key(research.read(folder / FACTS), "site_id")
    )
    rows: list[dict] = []
    rejects: list[dict] = []
    notes: list[str] = []
    moved: list[dict] = []
    taken: set[str] = set()
    for number, record in enumerate(curated + additions, start=1):  # data rows, header not counted
        try:
            row, row_notes = _row(record, taken)
            row_notes += found.apply(row, moved)
        except Reject as err:
            rejects.append(_reject(_record_id(record, number), record["name"], str(err)))
            continue
        rows.append(row)
        taken.add(row["site_id"])
        notes.extend(row_notes)
    rejects.extend(_dropped_reject(record) for record in dropped)
    research.check_all_used(
        f"{POINTS}, {FACTS}", set(found.points) | set(found.facts), taken | {r["record_id"] for r in rejects}
    )
    return SourceResult(
        name=NAME,
        rows=_frame(rows),
        rejects=pd.DataFrame(rejects, columns=REJECT_COLUMNS),
        rows_in=len(curated) + len(additions) + len(dropped),
        notes=_summary(rows, len(dropped), len(additions)) + notes,
        moved=moved,
    )


def _record_id(record: dict, number: int) -> str:
    """The reject report's id: the site_id where one can be made, else the row number."""
    try:
        return f"mab:{_key(record['wikidata_qid'], _countries(record['country_iso3'])[0], plain_text(record['name']) or '')}"
    except Reject:
        return record["wikidata_qid"] or f"{CURATED} row {number}"


def _addition(record: dict) -> dict:
    """A row of reserve_additions.csv in the curated file's shape (no point: that is research)."""
    return {
        "name": record["name"],
        "country_iso3": record["country_iso3"],
        "year_designated": record["year_designated"],
        "latitude": "",
        "longitude": "",
        "locality": "",
        "transboundary": str(";" in record["country_iso3"]).lower(),
        "wikidata_qid": "",
        "verification": "stored_source",
        "note": f"added from a stored page: {record['designation_source_url']} (read {record['date_read']})",
    }


def _by_site(records: list[dict]) -> dict[str, dict]:
    table: dict[str, dict] = {}
    for record in records:
        if record["site_id"] in table:
            raise ValueError(f"{POINTS}: {record['site_id']} appears twice")
        table[record["site_id"]] = record
    return table


@dataclass
class Research:
    """Researched points and facts, applied to the rows they name."""

    points: dict[str, dict]
    facts: dict[str, list[dict]]

    def apply(self, row: dict, moved: list[dict]) -> list[str]:
        """Correct ``row`` in place; :class:`Reject` if research shows it left the network."""
        notes = [self._fact(row, fact) for fact in self.facts.get(row["site_id"], [])]
        point = self.points.get(row["site_id"])
        if point and point["lat"]:
            lat, lon = _point(point["lat"], point["lon"])
            if point["point_kind"] not in POINT_KINDS:
                raise ValueError(f"{POINTS}: {row['site_id']}: unknown point_kind {point['point_kind']!r}")
            moved.append(
                {
                    "site_id": row["site_id"],
                    "name": row["name"],
                    "old_lat": row["lat"],
                    "old_lon": row["lon"],
                    "old_locality": row["locality"],
                    "new_lat": lat,
                    "new_lon": lon,
                    "why": POINT_KINDS[point["point_kind"]],
                }
            )
            what = f" ({plain_text(point['point_what'])})" if point["point_what"] else ""
            row.update(
                lat=lat,
                lon=lon,
                geocode_precision="source",
                geocode_method=f"researched: {POINT_KINDS[point['point_kind']]}{what}; {research.cited(point)}",
            )
        elif point:
            notes.append(
                f"{row['site_id']} ({row['name']}): no point found in stored pages "
                f"({(plain_text(point['notes']) or '')[:200]})"
            )
        return notes

    def _fact(self, row: dict, fact: dict) -> str:
        source = research.cited(fact)
        kind, value = fact["fact"], fact["value"]
        if kind == "status" and value in ("withdrawn", "merged"):
            raise Reject(f"{value}: {plain_text(fact['note'])} ({source})")
        if kind == "status" and value == "confirmed":
            row["verification"] = "stored_source"
            return f"{row['site_id']}: designation confirmed by {source}"
        if kind == "year":
            old, row["year"], row["official_year"] = row["year"], _year(value), _year(value)
            return f"{row['site_id']}: year {old} → {value} ({source})"
        if kind == "name":
            old, row["name"] = row["name"], plain_text(value)
            return f"{row['site_id']}: renamed {old!r} → {row['name']!r} ({source})"
        raise ValueError(f"{FACTS}: {row['site_id']}: unknown fact {kind}={value!r}")


def _read(path: Path) -> list[dict]:
    """A CSV as a list of dicts of stripped strings ('' for empty cells)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return [{k: v.strip() for k, v in rec.items()} for rec in frame.to_dict("records")]


# --- one curated record → one row ------------------------------------------------------------


def _row(record: dict, taken: set[str]) -> tuple[dict, list[str]]:
    """The row for one curated record and what to report about it; :class:`Reject` if unusable."""
    name = plain_text(record["name"])
    if not name:
        raise Reject("no name")
    countries = _countries(record["country_iso3"])
    site_id = f"mab:{_key(record['wikidata_qid'], countries[0], name)}"
    if site_id in taken:
        raise Reject(f"duplicate site_id: {site_id}")
    lat, lon = _point(record["latitude"], record["longitude"])
    year = _year(record["year_designated"])
    transboundary, notes = _transboundary(record["transboundary"], countries, site_id)
    if _FLAGS.search(record["note"]):
        notes.append(f"flagged in source note: {site_id} ({name}): {plain_text(record['note'])}")
    has_point = not math.isnan(lat)
    row = dict.fromkeys(SOURCE_COLUMNS) | {
        "site_id": site_id,
        "designation": "biosphere_reserve",
        "name": name,
        "countries_iso3": countries,
        "primary_iso3": countries[0],
        "year": year,
        "official_year": year,
        "in_danger": False,
        "transboundary": transboundary,
        "area_ha": _NAN,
        "source": SOURCE,
        "source_date": SOURCE_DATE,
        "verification": record["verification"] or None,
        "lat": lat,
        "lon": lon,
        "locality": plain_text(record["locality"]),
        "geocode_precision": _precision(has_point, record["note"]),
        "geocode_method": GEOCODE_METHOD if has_point else None,
    }
    return row, notes


def _precision(has_point: bool, note: str) -> str | None:
    """'source' for a point, 'doubtful' where the compiler's note says not to trust it."""
    if not has_point:
        return None
    return "doubtful" if _UNTRUSTED_POINT.search(note) else "source"


def _key(qid: str, iso3: str, name: str) -> str:
    """The Wikidata QID, else ``<ISO3>-<slug of name>``."""
    if qid:
        if not _QID.fullmatch(qid):
            raise Reject(f"malformed Wikidata QID: {qid!r}")
        return qid
    slug = _slug(name)
    if not slug:
        raise Reject(f"no site_id: name {name!r} gives an empty slug")
    return f"{iso3}-{slug}"


def _slug(text: str) -> str:
    """'Łuknajno Lake' → 'luknajno-lake' (ASCII letters and digits joined by hyphens)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _countries(value: str) -> list[str]:
    """'PRT;ESP' → ['PRT', 'ESP'] (order kept, repeats removed); :class:`Reject` on unknown codes."""
    codes = list(dict.fromkeys(c.strip().upper() for c in value.split(";") if c.strip()))
    if not codes:
        raise Reject("no country code")
    unknown = [c for c in codes if not is_iso3(c)]
    if unknown:
        raise Reject(f"unknown ISO3 code(s): {', '.join(unknown)}")
    return codes


def _year(value: str) -> int | None:
    """A four-digit year, None when empty; :class:`Reject` on anything else."""
    if not value:
        return None
    if not _YEAR.fullmatch(value):
        raise Reject(f"bad year: year_designated {value!r} is not a year")
    return int(value)


def _point(lat_text: str, lon_text: str) -> tuple[float, float]:
    """(lat, lon), NaNs when both are empty; :class:`Reject` when half-given or out of range."""
    if not lat_text and not lon_text:
        return _NAN, _NAN
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        raise Reject(f"bad coordinates: {lat_text!r}, {lon_text!r} are not numbers") from None
    if not (abs(lat) <= 90 and abs(lon) <= 180):
        raise Reject(f"bad coordinates: {lat}, {lon} out of range")
    return lat, lon


def _transboundary(value: str, countries: list[str], site_id: str) -> tuple[bool, list[str]]:
    """The flag the country list implies (more than one ⇒ True), with a note if the source differs."""
    implied = len(countries) > 1
    if _BOOLS.get(value.lower()) == implied:
        return implied, []
    note = (
        f"{site_id}: source transboundary={value!r} but {len(countries)} country code(s) "
        f"({';'.join(countries)}); set to {implied}"
    )
    return implied, [note]


# --- rejects, frame, notes -------------------------------------------------------------------


def _reject(record_id: str, name: str, reason: str) -> dict:
    return {"source": NAME, "record_id": record_id, "name": plain_text(name), "reason": reason}


def _dropped_reject(record: dict) -> dict:
    """A row of the dropped file: 'category: reason', plus the kept site where there is one."""
    reason = f"{record['category']}: {record['reason']}"
    if record["kept_as"]:
        reason += f" (kept as mab:{record['kept_as']})"
    return _reject(record["wikidata_qid"], record["source_name"], reason)


def _frame(rows: list[dict]) -> pd.DataFrame:
    """Rows → a frame with the SOURCE_COLUMNS, typed as the schema says, sorted by site_id."""
    frame = pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))
    for column, kind in SOURCE_COLUMNS.items():
        if kind in ("Int64", "float", "bool"):
            frame[column] = frame[column].astype(kind)
    return frame.sort_values("site_id", ignore_index=True)


def _summary(rows: list[dict], dropped: int, added: int) -> list[str]:
    """Counts and caveats that hold for the whole source."""
    methods = Counter(
        "researched"
        if (r["geocode_method"] or "").startswith("researched")
        else "wikidata"
        if r["geocode_method"] == GEOCODE_METHOD
        else "none"
        for r in rows
    )
    countries = {c for r in rows for c in r["countries_iso3"]}
    no_year = [r["site_id"] for r in rows if r["year"] is None]
    notes = [
        f"{len(rows)} reserves in {len(countries)} countries (distinct ISO3 over all country lists); "
        f"{methods['researched']} points researched from stored pages, {methods['wikidata']} Wikidata "
        f"points, {methods['none']} left to geocode from a locality or the country",
        f"{added} reserves added from stored pages (reserve_additions.csv)",
        f"{dropped} Wikidata items left out by the compiler (duplicate, merged, withdrawn, not a reserve) are rejects",
        "best-effort, unofficial list (UNESCO Data Hub mab001, late 2026: 797 reserves in 145 "
        "countries); names and years are the compiler's unless research corrected them "
        "('verification' says which)",
        f"source_date {SOURCE_DATE} is the Wikidata retrieval date claimed upstream; "
        "research read stored pages on the dates its files give",
        "national components of transboundary reserves are separate rows, as UNESCO counts them",
    ]
    if no_year:
        notes.append(f"{len(no_year)} reserves without a year: {', '.join(no_year)}")
    return notes
