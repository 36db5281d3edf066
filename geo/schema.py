"""The one table: columns, kinds, regions, and the contract between sources and the build.

Every source module (``geo/build/sources/*.py``) exposes ``load(raw_dir) -> SourceResult``. Its
``rows`` frame has the :data:`SOURCE_COLUMNS`; the build geocodes rows without ``lat``/``lon``,
fills ``region`` from the country table where the source gives none, links places, and writes
:data:`COLUMNS` (``geometry`` as EPSG:4326 points) to ``data/processed/designations.parquet``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from geo.labels import KIND_NAMES

# designation kind -> (site_id prefix, label)
KINDS: dict[str, tuple[str, str]] = {
    "world_heritage": ("whc", KIND_NAMES["world_heritage"]),
    "biosphere_reserve": ("mab", KIND_NAMES["biosphere_reserve"]),
    "global_geopark": ("uggp", KIND_NAMES["global_geopark"]),
    "category2_centre": ("c2c", KIND_NAMES["category2_centre"]),
}

REGIONS = (
    "Africa",
    "Arab States",
    "Asia and the Pacific",
    "Europe and North America",
    "Latin America and the Caribbean",
)

WH_CATEGORIES = ("Cultural", "Natural", "Mixed")
CENTRE_SECTORS = (
    "education",
    "natural_sciences",
    "social_human_sciences",
    "culture",
    "communication_information",
    "ocean",
)  # informative; sources may use others

# source: the record's own point or one researched from a stored page; locality: a town the record
# names; ambiguous: one of several towns of that name; doubtful: a source point that failed the
# checks (far outside its country, flagged wrong); country: the country's label point.
# The country line of a property no State Party holds (UNESCO lists the Old City of Jerusalem as
# "site proposed by Jordan"): a user-assigned ISO 3166 code, so per-country figures show it as a
# line of its own instead of leaving it out.
NO_STATE_PARTY = "XJE"

GEOCODE_PRECISIONS = ("source", "locality", "ambiguous", "doubtful", "country")
APPROXIMATE = frozenset(GEOCODE_PRECISIONS) - {"source"}
LANGS = ("fr", "es", "ru", "ar", "zh")  # besides English

# Columns a source module returns. Types: str unless noted; "list" = list[str].
SOURCE_COLUMNS: dict[str, str] = {
    "site_id": "str",  # e.g. whc:547, mab:<slug or id>, uggp:<id>, c2c:001 — stable across builds
    "designation": "str",  # a key of KINDS
    "name": "str",  # English name, plain text (geo.text.plain_text)
    "name_fr": "str",
    "name_es": "str",
    "name_ru": "str",
    "name_ar": "str",
    "name_zh": "str",
    "subtype": "str",  # Cultural/Natural/Mixed (WH); sector (centres); else None
    "criteria": "str",  # WH criteria like "(i)(iii)"; else None
    "countries_iso3": "list",  # from the UNESCO record, ISO 3166-1 alpha-3 (pycountry); [] for Jerusalem
    "primary_iso3": "str",  # first/filing country; None only where no ISO code exists (Jerusalem)
    "region": "str",  # one of REGIONS, or None to let the build derive it from primary_iso3
    "year": "Int64",  # first year of the designation (geoparks: original network year)
    "official_year": "Int64",  # year as the official source dates it (geoparks: 2015 for older ones)
    "in_danger": "bool",  # World Heritage only; False elsewhere
    "transboundary": "bool",  # True iff len(countries_iso3) > 1 (or the source says so)
    "area_ha": "float",
    "description": "str",  # plain text
    "url": "str",  # the official page (http/https)
    "source": "str",  # short source label, e.g. "whc-en.xml + whc-sites-2025.xlsx"
    "source_date": "str",  # ISO date (YYYY-MM-DD or YYYY-MM) of the source snapshot
    "verification": "str",  # as the source gives it, else None
    "lat": "float",  # source coordinates, NaN when the source has none
    "lon": "float",
    "locality": "str",  # host city / locality to geocode when lat/lon are missing
    "geocode_precision": "str",  # "source" when lat/lon come from the source; else None (build fills)
    "geocode_method": "str",  # e.g. "whc-en.xml latitude/longitude"; else None (build fills)
}

# Columns of the processed table (besides geometry).
COLUMNS: list[str] = [c for c in SOURCE_COLUMNS if c not in ("lat", "lon")] + [
    "lat",
    "lon",
    "place_id",
    "place_kinds",
    "outside_country",
]

REJECT_COLUMNS = ["source", "record_id", "name", "reason"]


class Reject(Exception):
    """A source record that cannot become a row; the message is the reject reason."""


@dataclass
class SourceResult:
    """What one source module returns: rows in the common schema, and what it left out."""

    name: str  # source key, e.g. "world_heritage"
    rows: pd.DataFrame  # SOURCE_COLUMNS
    rejects: pd.DataFrame  # REJECT_COLUMNS: every input record not in rows, with a reason
    rows_in: int  # input records read (rows + rejects must account for them)
    notes: list[str] = field(default_factory=list)  # merges, corrections, anything worth reporting
    # points this source moved from where the raw record put them: dicts with site_id, name,
    # old_lat/old_lon (NaN when the record had only a locality), old_locality, new_lat, new_lon, why
    moved: list[dict] = field(default_factory=list)


def validate_source_rows(rows: pd.DataFrame) -> list[str]:
    """Return the problems with a source frame (empty list = valid)."""
    problems = []
    missing = [c for c in SOURCE_COLUMNS if c not in rows.columns]
    if missing:
        problems.append(f"missing columns: {missing}")
        return problems
    if rows["site_id"].duplicated().any():
        problems.append(f"duplicate site_id: {sorted(rows.loc[rows.site_id.duplicated(), 'site_id'])[:5]}")
    bad_kind = set(rows["designation"]) - set(KINDS)
    if bad_kind:
        problems.append(f"unknown designation: {bad_kind}")
    if rows["name"].isna().any():
        problems.append("rows without a name")
    bad_region = set(rows["region"].dropna()) - set(REGIONS)
    if bad_region:
        problems.append(f"unknown region: {bad_region}")
    return problems


# --- limits and value checks of the processed table ------------------------------------------

# Source text is capped at build (a 50 MB name must not reach every map) and checked on load.
TEXT_LIMITS = {
    "name": 300,
    **{f"name_{lang}": 300 for lang in LANGS},
    "description": 5000,
    "locality": 500,
    "url": 2000,
    "verification": 300,
    "geocode_method": 1000,
}
YEAR_RANGE = (1900, 2100)


def cap_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns cut to :data:`TEXT_LIMITS` (an ellipsis marks the cut)."""
    frame = frame.copy()
    for column, limit in TEXT_LIMITS.items():
        if column in frame.columns:
            frame[column] = [
                v if not isinstance(v, str) or len(v) <= limit else v[: limit - 1] + "…" for v in frame[column]
            ]
    return frame


def value_problems(rows: pd.DataFrame) -> list[str]:
    """What in a processed designations table the atlas cannot use: types, value sets, ranges
    and lengths as this module defines them (empty list = usable)."""
    from geo.iso import is_iso3  # geo.iso imports this module

    problems = []

    def check(ok: pd.Series, what: str) -> None:
        bad = ~ok.fillna(False).astype(bool)
        if bad.any():
            problems.append(f"{what} (e.g. {rows.loc[bad, 'site_id'].astype(str).iloc[0][:40]})")

    check(rows["site_id"].map(lambda v: isinstance(v, str) and 0 < len(v) <= 160), "a site_id is not a short text")
    if rows["site_id"].duplicated().any():
        problems.append("site_id repeats")
    check(rows["designation"].isin(list(KINDS)), "a kind is unknown")
    check(rows["geocode_precision"].isin(list(GEOCODE_PRECISIONS)), "a location precision is unknown")
    for column in ("year", "official_year"):
        if not pd.api.types.is_integer_dtype(rows[column]):
            problems.append(f"{column} is not a whole number")
        else:
            check(rows[column].isna() | rows[column].between(*YEAR_RANGE), f"a {column} is out of range")
    if rows["year"].isna().all():
        problems.append("no designation has a year")
    check(rows["lat"].between(-90, 90) & rows["lon"].between(-180, 180), "a point is out of range")
    check(
        rows["countries_iso3"].map(
            lambda codes: (
                hasattr(codes, "__len__")
                and not isinstance(codes, str)
                and all(isinstance(c, str) and (is_iso3(c) or c == NO_STATE_PARTY) for c in codes)
            )
        ),
        "a country code is not ISO 3166 alpha-3",
    )
    check(rows["region"].isna() | rows["region"].isin(list(REGIONS)), "a region is unknown")
    for column, limit in TEXT_LIMITS.items():
        check(
            rows[column].map(lambda v, n=limit: not isinstance(v, str) or len(v) <= n)
            & rows[column].map(lambda v: v is None or isinstance(v, str) or v != v),
            f"{column} is not text of at most {limit} characters",
        )
    check(rows["name"].map(lambda v: isinstance(v, str) and v != ""), "a designation has no name")
    return problems
