"""UNESCO Global Geoparks: UNESCO Data Hub export ``eg0001`` (extract), with network years.

Reads ``<raw>/geoparks/`` (see its PROVENANCE.md):

* ``eg0001_extract.csv``: the official list, one row per geopark. UNESCO dates every geopark
  older than the 2015 UGGp label as 2015; that date becomes ``official_year``.
* ``geoparks_compiled.csv``: a secondary, compiled list, used only for the original Global
  Geoparks Network year (``year``) of those 2015-dated geoparks, and for a locality to geocode
  when a record has no coordinates. Rows are paired by name within the same set of countries.
* ``uggp-api/**/boundary.geojson``: 10 Latin American outlines, kept as raw files; the atlas
  draws points, so it does not read them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

from geo.iso import split_codes, unknown_codes
from geo.schema import REJECT_COLUMNS, SOURCE_COLUMNS, SourceResult
from geo.text import plain_text, safe_url

SOURCE_NAME = "global_geopark"
SOURCE_LABEL = "UNESCO Data Hub eg0001 (extract)"
SOURCE_DATE = "2026-09-17"  # download date stated by the upstream README (PROVENANCE.md, section 4)
GEOCODE_METHOD = "UNESCO Data Hub eg0001 coordinates"
TITLE_SUFFIX = " UNESCO Global Geopark"  # ends every eg0001 title; dropped from ``name``
LABEL_YEAR = 2015  # eg0001 dates all older geoparks to the year of the UGGp label
INTRO_CUT = 300  # the extract keeps the first 300 characters of each introduction
MATCH_THRESHOLD = 92  # rapidfuzz ratio on name keys; 89 would pair Changshan with Huangshan

# Other names of eg0001 records, checked by hand in PROVENANCE.md section 4 (same site, same
# country, renamed or spelt differently); used for pairing only, never shown.
OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "ASCN19": ("Kunlunshan",),
    "ASCN24": ("Stone Forest",),
    "ASJP08": ("Toya Caldera and Usu Volcano",),
    "EUA201": ("Muskau Arch / Łuk Mużakowa",),
    "EUES11": ("Sierra Norte de Sevilla",),
    "EUGB05": ("North Pennines",),
    "EUNO05": ("Fjord Coast",),
    "EURO01": ("Hațeg",),
    "LABR02": ("Caminhos dos Cânions do Sul",),
    "LAMX01": ("Comarca Minera, Hidalgo",),
    "LAMX02": ("Mixteca Alta, Oaxaca",),
}

_DATE = re.compile(r"^(\d{4})-\d{2}-\d{2}$")
_NOT_WORD = re.compile(r"[\W_]+")
_CUT_ENTITY = re.compile(r"&#?\w*$")


@dataclass(frozen=True)
class Match:
    """An eg0001 record paired with a row of another table."""

    site_id: str
    other: int  # index label in the other table
    score: float
    how: str  # "same name", "similar name", "same other name", "similar other name"


# --- reading -------------------------------------------------------------------------------


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _records(folder: Path) -> pd.DataFrame:
    """eg0001 records with ``site_id``, ``countries`` (ISO3 list) and ``short_name`` added."""
    records = _read_csv(folder / "eg0001_extract.csv")
    records["site_id"] = _site_ids(records)
    records["countries"] = records["pays"].map(split_codes)
    records["short_name"] = records["title_en"].map(_short_name)
    return records


def _site_ids(records: pd.DataFrame) -> pd.Series:
    """``uggp:<internal_id>``; ``uggp:<uuid>`` where the internal id is blank or repeated."""
    ids = records["internal_id"].str.strip()
    usable = ids.ne("") & ~ids.duplicated(keep=False)
    return "uggp:" + ids.where(usable, records["uuid"].str.strip())


def _short_name(title: str) -> str | None:
    name = plain_text(title)
    return name and (name.removesuffix(TITLE_SUFFIX).strip() or name)


def _reject_reason(record: pd.Series) -> str | None:
    """Why a record cannot become a row (None when it can)."""
    if not record["short_name"]:
        return "no title"
    if unknown_codes(record["pays"]) or not record["countries"]:
        return f"unknown country code(s) in pays {record['pays']!r}"
    if not _DATE.match(record["date"].strip()):
        return f"date {record['date']!r} is not YYYY-MM-DD"
    if record["site_id"] == "uggp:":
        return "neither internal id nor uuid"
    return None


# --- name matching -------------------------------------------------------------------------


def name_key(name: str) -> str:
    """Casefolded name without accents, punctuation or the UGGp suffix, for comparison."""
    text = unicodedata.normalize("NFKD", (plain_text(name) or "").removesuffix(TITLE_SUFFIX))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _NOT_WORD.sub(" ", text).strip()


def match_by_name(records: pd.DataFrame, others: pd.DataFrame) -> list[Match]:
    """Pair records with ``others`` rows one to one: same country set, name score >= threshold.

    ``records`` needs ``site_id``, ``internal_id``, ``short_name`` and ``countries`` (ISO3 list),
    ``others`` needs ``name`` and ``countries``. A record is compared under its
    name and its :data:`OTHER_NAMES`; the best-scoring pairs are taken first.
    """
    other_keys = [(i, frozenset(c), name_key(n)) for i, c, n in zip(others.index, others["countries"], others["name"])]
    candidates = []
    for site_id, rid, countries, name in zip(
        records["site_id"], records["internal_id"], records["countries"], records["short_name"]
    ):
        keys = [(name_key(name), "name")] + [(name_key(n), "other name") for n in OTHER_NAMES.get(rid, ())]
        for other, other_countries, other_key in other_keys:
            if other_countries != frozenset(countries):
                continue
            key, kind = max(keys, key=lambda k: fuzz.ratio(k[0], other_key))  # first wins ties
            score = fuzz.ratio(key, other_key)
            if score >= MATCH_THRESHOLD:
                how = f"same {kind}" if score == 100 else f"similar {kind}"
                candidates.append(Match(site_id, other, score, how))
    matches, paired_records, paired_others = [], set(), set()
    for match in sorted(candidates, key=lambda m: (-m.score, m.site_id, str(m.other))):
        if match.site_id not in paired_records and match.other not in paired_others:
            matches.append(match)
            paired_records.add(match.site_id)
            paired_others.add(match.other)
    return sorted(matches, key=lambda m: m.site_id)


# --- rows ----------------------------------------------------------------------------------


def _row(record: pd.Series) -> dict:
    """One SOURCE_COLUMNS row from a usable eg0001 record (year = official year for now)."""
    lat, lon = _coordinates(record["coordinates"])
    has_point = pd.notna(lat)
    date = _DATE.match(record["date"].strip())
    if date is None:
        raise ValueError(f"undated record {record.get('internal_id')!r}")  # rejected before: no date
    official_year = int(date.group(1))
    countries = record["countries"]
    return {
        "site_id": record["site_id"],
        "designation": "global_geopark",
        "name": record["short_name"],
        **{f"name_{lang}": None for lang in ("fr", "es", "ru", "ar", "zh")},
        "subtype": None,
        "criteria": None,
        "countries_iso3": list(countries),
        "primary_iso3": countries[0],
        "region": None,
        "year": official_year,
        "official_year": official_year,
        "in_danger": False,
        "transboundary": record["transnational"].strip() == "True" or len(countries) > 1,
        "area_ha": _area_ha(record),
        "description": _description(record["intro_en"]),
        "url": safe_url(record["url"]),
        "source": SOURCE_LABEL,
        "source_date": SOURCE_DATE,
        "verification": "official",
        "lat": lat,
        "lon": lon,
        "locality": None,
        "geocode_precision": "source" if has_point else None,
        "geocode_method": GEOCODE_METHOD if has_point else None,
    }


def _coordinates(text: str) -> tuple[float, float]:
    """``"lat, lon"`` → floats; NaN, NaN when missing or out of range."""
    try:
        lat, lon = (float(part) for part in text.split(","))
    except ValueError:
        return float("nan"), float("nan")
    if abs(lat) > 90 or abs(lon) > 180:
        return float("nan"), float("nan")
    return lat, lon


def _area_ha(record: pd.Series) -> float:
    """``area_total`` in hectares (the only unit eg0001 uses); NaN otherwise."""
    if record["area_unit"].strip() != "ha":
        return float("nan")
    return pd.to_numeric(record["area_total"], errors="coerce")


def _description(intro: str) -> str | None:
    """Plain text of the introduction; escaped markup is decoded, then stripped too.

    Introductions the extract cut at :data:`INTRO_CUT` characters lose a half entity at the
    cut and end with "…".
    """
    cut = len(intro) >= INTRO_CUT
    text = plain_text(plain_text(_CUT_ENTITY.sub("", intro) if cut else intro))
    return f"{text}…" if text and cut else text


def _typed(rows: list[dict]) -> pd.DataFrame:
    """Rows as a frame with the SOURCE_COLUMNS dtypes, sorted by site_id."""
    frame = pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))
    for column, kind in SOURCE_COLUMNS.items():
        if kind != "list":
            frame[column] = frame[column].astype(kind)
    return frame.sort_values("site_id", ignore_index=True)


# --- network years from the compiled list ---------------------------------------------------


def _compiled(folder: Path) -> pd.DataFrame:
    compiled = _read_csv(folder / "geoparks_compiled.csv")
    compiled["countries"] = compiled["country_iso3"].map(lambda codes: split_codes(codes, ";"))
    compiled["year"] = pd.to_numeric(compiled["year_designated"], errors="coerce").astype("Int64")
    return compiled


def _apply_compiled(rows: pd.DataFrame, records: pd.DataFrame, compiled: pd.DataFrame) -> list[str]:
    """Set network years (and localities for rows without a point) from paired compiled rows.

    Returns the notes: counts, every pairing used for a year, every 2015-dated record left at
    2015, and disagreements.
    """
    matches = match_by_name(records, compiled)
    by_site = {m.site_id: m for m in matches}
    notes = _match_summary(records, compiled, matches)
    for i, site_id in rows["site_id"].items():
        notes += _apply_one(rows, i, by_site.get(site_id), compiled)
    return notes


def _apply_one(rows: pd.DataFrame, i: int, match: Match | None, compiled: pd.DataFrame) -> list[str]:
    """Year and locality for row ``i`` from its compiled pair; the notes this gives."""
    row = rows.loc[i]
    label = f"{row['site_id']} {row['name']!r}"
    dated_2015 = row["official_year"] == LABEL_YEAR
    if match is None and not dated_2015:
        return []
    if match is None:
        return [f"year: {label} dated {LABEL_YEAR}, no compiled pair; year = {LABEL_YEAR}"]
    other = compiled.loc[match.other]
    pair = f"compiled {other['name']!r} ({match.how}, score {match.score:.0f})"
    if pd.isna(row["lat"]) and other["locality"]:
        rows.loc[i, "locality"] = other["locality"]
    year = other["year"]
    if not dated_2015:
        notes = [f"pair: {label} = {pair}"] if match.how != "same name" else []
        if pd.notna(year) and year != row["official_year"]:
            official = row["official_year"]
            notes.append(f"year: {label} compiled says {year}, eg0001 {official}; kept {official}")
        return notes
    if pd.isna(year) or year > LABEL_YEAR:
        given = other["year_designated"] or "blank"
        return [f"year: {label} = {pair}, compiled year {given}; year = {LABEL_YEAR}"]
    rows.loc[i, "year"] = year
    rows.loc[i, "verification"] = f"official; year: {other['verification']}"
    return [f"year: {label} = {pair}: {year} ({other['verification']})"]


def _match_summary(records: pd.DataFrame, compiled: pd.DataFrame, matches: list[Match]) -> list[str]:
    hows = pd.Series([m.how for m in matches]).value_counts().to_dict()
    paired_compiled = {m.other for m in matches}
    paired_records = {m.site_id for m in matches}
    lonely = compiled.loc[~compiled.index.isin(paired_compiled), "name"].tolist()
    unpaired = records.loc[~records["site_id"].isin(paired_records)]
    unpaired_text = ", ".join(f"{r.site_id} {r.short_name} ({r.date[:4]})" for r in unpaired.itertuples())
    return [
        f"compiled list (secondary, years only; not in rows_in): {len(compiled)} rows, "
        f"{len(matches)} paired ({', '.join(f'{n} {h}' for h, n in sorted(hows.items()))}), "
        f"{len(lonely)} unpaired{': ' + ', '.join(lonely) if lonely else ''}",
        f"eg0001 records without a compiled pair: {len(unpaired)}" + (f": {unpaired_text}" if unpaired_text else ""),
    ]


# --- notes on the rows ----------------------------------------------------------------------


def _row_notes(records: pd.DataFrame, rows: pd.DataFrame) -> list[str]:
    """Fallback ids, flag/country-list disagreements, missing points, cut descriptions."""
    notes = []
    fallback = records.loc[records["site_id"] != "uggp:" + records["internal_id"].str.strip(), "uuid"]
    if len(fallback):
        notes.append(f"site_id: uuid used for {len(fallback)} records with a blank or repeated internal id")
    for r in records.itertuples():
        if (r.transnational.strip() == "True") != (len(r.countries) > 1):
            notes.append(f"transboundary: {r.site_id} flag {r.transnational} but pays {r.pays!r}; set True")
    no_point = rows.loc[rows["lat"].isna(), "site_id"].tolist()
    notes.append(
        f"coordinates: {len(rows) - len(no_point)} rows from eg0001, missing for {len(no_point)}"
        + (f": {', '.join(no_point)}" if no_point else "")
    )
    cut = int((records["intro_en"].str.len() >= INTRO_CUT).sum())
    notes.append(
        f"description: the extract keeps {INTRO_CUT} characters of each introduction; {cut} cut ones end with '…'"
    )
    notes.append(f"name: {TITLE_SUFFIX.strip()!r} dropped from the end of every title (the designation says it)")
    return notes


# --- entry points ---------------------------------------------------------------------------


def load(raw_dir: Path) -> SourceResult:
    """Geoparks from ``<raw_dir>/geoparks``: one row per usable eg0001 record."""
    folder = Path(raw_dir) / "geoparks"
    records = _records(folder)
    reasons = records.apply(_reject_reason, axis=1)
    usable = records.loc[reasons.isna()].reset_index(drop=True)
    rows = _typed([_row(record) for _, record in usable.iterrows()])
    notes = _apply_compiled(rows, usable, _compiled(folder)) + _row_notes(usable, rows)
    rejects = pd.DataFrame(
        {
            "source": SOURCE_LABEL,
            "record_id": records.loc[reasons.notna(), "internal_id"],
            "name": records.loc[reasons.notna(), "short_name"],
            "reason": reasons.dropna(),
        },
        columns=REJECT_COLUMNS,
    ).reset_index(drop=True)
    return SourceResult(name=SOURCE_NAME, rows=rows, rejects=rejects, rows_in=len(records), notes=notes)
