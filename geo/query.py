"""Filters and the one function that applies them to the designations table.

Rules (every filter narrows; empty tuples / ``None`` / ``False`` mean "no restriction"):

* ``countries`` and ``bri_only`` match a designation when *any* of its ``countries_iso3`` matches,
  so a transboundary site shows up under each of its countries (``bri_only`` with an empty
  ``bri_iso3`` matches nothing).
* ``wh_categories`` (Cultural/Natural/Mixed) restricts World Heritage rows only; other kinds pass
  through it untouched (use ``kinds`` to drop them).
* ``in_danger_only`` keeps rows flagged in danger, which are World Heritage rows only.
* ``year_min``/``year_max`` are inclusive; rows without a year drop out once either is set.
* ``search`` is case- and accent-insensitive over ``name`` and ``name_fr`` … ``name_zh``; every
  word of it must occur somewhere in the names (in any order, any language).
* ``min_place_kinds`` keeps rows whose place holds at least that many kinds (``place_kinds``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.schema import KINDS, LANGS, REGIONS, WH_CATEGORIES

WORLD_HERITAGE = "world_heritage"
NAME_COLUMNS = ["name"] + [f"name_{lang}" for lang in LANGS]

# Letters NFKD does not take apart, and typographic marks users cannot type easily.
_FOLD_CHARS = {
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "–": "-",
    "—": "-",
}
# Combining marks left over by NFKD: Latin/Greek, Cyrillic, Arabic harakat, extended blocks.
_MARKS = "[\u0300-\u036f\u0483-\u0489\u064b-\u065f\u0670\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Filters:
    """What the user asked to see. Canonical on construction: tuples sorted and de-duplicated,
    ``search`` cleaned (:func:`clean_search`), a reversed year range swapped. Unknown kinds,
    regions or categories raise ``ValueError`` (they come from code, not from users)."""

    kinds: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    wh_categories: tuple[str, ...] = ()
    in_danger_only: bool = False
    transboundary_only: bool = False
    bri_only: bool = False
    search: str = ""
    min_place_kinds: int = 1

    def __post_init__(self) -> None:
        for name in ("kinds", "regions", "countries", "wh_categories"):
            object.__setattr__(self, name, tuple(sorted(set(getattr(self, name)))))
        for name, allowed in (("kinds", KINDS), ("regions", REGIONS), ("wh_categories", WH_CATEGORIES)):
            unknown = set(getattr(self, name)) - set(allowed)
            if unknown:
                raise ValueError(f"Filters.{name}: unknown {sorted(unknown)}")
        if self.year_min is not None and self.year_max is not None and self.year_min > self.year_max:
            low, high = self.year_max, self.year_min
            object.__setattr__(self, "year_min", low)
            object.__setattr__(self, "year_max", high)
        if self.min_place_kinds < 1:
            raise ValueError("Filters.min_place_kinds must be at least 1")
        object.__setattr__(self, "search", clean_search(self.search))

    def is_default(self) -> bool:
        """True when nothing is filtered."""
        return self == Filters()


def clean_search(text: str) -> str:
    """Search text without control characters and with white space folded."""
    return " ".join(_CONTROL.sub(" ", text).split())


def fold(values: pd.Series) -> pd.Series:
    """Case- and accent-folded text ("Ålesund’s" → "alesund's"), vectorised."""
    out = values.astype("str").fillna("").str.casefold()
    for old, new in _FOLD_CHARS.items():
        out = out.str.replace(old, new, regex=False)
    return out.str.normalize("NFKD").str.replace(_MARKS, "", regex=True)


def fold_text(text: str) -> str:
    """:func:`fold` for one string (used on the search box text)."""
    return fold(pd.Series([text])).iloc[0]


@dataclass(frozen=True, eq=False)
class Prepared:
    """The designations with lookup structures for :func:`apply`. Build once with
    :func:`prepare` and cache it; ``frame`` is the input frame, unchanged."""

    frame: pd.DataFrame
    search_key: pd.Series  # folded names of each row (positional, RangeIndex)
    country_rows: np.ndarray  # row position of each (row, country) pair ...
    country_codes: pd.Series  # ... and its ISO3 code


def prepare(df: pd.DataFrame) -> Prepared:
    """Fold the names for search and explode the country lists (once; repeated names fold once)."""
    names = df.reindex(columns=NAME_COLUMNS).astype("str").fillna("")
    joined = names.iloc[:, 0].str.cat([names[c] for c in NAME_COLUMNS[1:]], sep="\n")
    codes, uniques = pd.factorize(joined)
    search_key = fold(pd.Series(uniques)).take(codes).reset_index(drop=True)
    pairs = pd.Series(df["countries_iso3"].to_numpy(), copy=False).explode().dropna()
    return Prepared(df, search_key, pairs.index.to_numpy(), pairs.reset_index(drop=True))


def apply(data: Prepared | pd.DataFrame, filters: Filters, bri_iso3: frozenset[str] = frozenset()) -> pd.DataFrame:
    """The rows of ``data`` that pass ``filters`` (see the module docstring for the rules).

    ``data`` is best a cached :class:`Prepared`; a plain frame is prepared on the fly.
    Returns rows of the original frame (same columns and type, e.g. a GeoDataFrame)."""
    prep = data if isinstance(data, Prepared) else prepare(data)
    df, f = prep.frame, filters
    mask = np.ones(len(df), dtype=bool)
    if f.kinds:
        mask &= df["designation"].isin(f.kinds).to_numpy()
    if f.regions:
        mask &= df["region"].isin(f.regions).to_numpy()
    if f.countries:
        mask &= _any_country(prep, f.countries)
    if f.bri_only:
        mask &= _any_country(prep, bri_iso3)
    if f.year_min is not None:
        mask &= (df["year"] >= f.year_min).fillna(False).to_numpy(dtype=bool)
    if f.year_max is not None:
        mask &= (df["year"] <= f.year_max).fillna(False).to_numpy(dtype=bool)
    if f.wh_categories:
        mask &= ((df["designation"] != WORLD_HERITAGE) | df["subtype"].isin(f.wh_categories)).to_numpy()
    if f.in_danger_only:
        mask &= _flag(df["in_danger"])
    if f.transboundary_only:
        mask &= _flag(df["transboundary"])
    if f.min_place_kinds > 1:
        mask &= (df["place_kinds"].fillna(1) >= f.min_place_kinds).to_numpy(dtype=bool)
    if f.search:
        keys = prep.search_key[mask]
        hits = np.ones(len(keys), dtype=bool)
        for word in fold_text(f.search).split():
            hits &= keys.str.contains(word, regex=False).to_numpy(dtype=bool)
        mask[np.flatnonzero(mask)[~hits]] = False
    return df.loc[mask]


def _any_country(prep: Prepared, codes) -> np.ndarray:
    rows = prep.country_rows[prep.country_codes.isin(list(codes)).to_numpy()]
    mask = np.zeros(len(prep.frame), dtype=bool)
    mask[rows] = True
    return mask


def _flag(values: pd.Series) -> np.ndarray:
    return values.fillna(False).astype(bool).to_numpy()
