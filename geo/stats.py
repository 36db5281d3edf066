"""Tidy figures for the charts and pages, from an (already filtered) designations frame.

Counting rule: in per-country figures a transboundary designation counts once for *each* of its
countries (so per-country counts add up to more than the number of designations); everywhere
else it counts once. A designation no State Party holds (the Old City of Jerusalem) counts under
``NO_STATE_PARTY``, a line of its own.
``countries`` frames have one row per country: ``iso3``, ``population``, ``area_km2`` and, for
:func:`vs_region_average`, ``region``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.query import WORLD_HERITAGE
from geo.schema import KINDS, NO_STATE_PARTY, REGIONS, WH_CATEGORIES

KIND_ORDER = list(KINDS)
_KIND_RANK = {kind: i for i, kind in enumerate(KINDS)}
RATE_COLUMNS = {"raw": "count", "pop": "per_million", "area": "per_100k_km2"}  # urlstate ``per`` → column
_PAIR_COLUMNS = ["site_id", "designation", "subtype", "region", "year", "in_danger", "transboundary"]


def country_pairs(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (designation, country): ``iso3`` plus a few of the designation's columns."""
    pairs = pd.DataFrame(df[_PAIR_COLUMNS + ["countries_iso3"]])
    pairs["countries_iso3"] = [list(c) if len(c) else [NO_STATE_PARTY] for c in pairs["countries_iso3"]]
    pairs = pairs.explode("countries_iso3").rename(columns={"countries_iso3": "iso3"})
    return pairs.drop_duplicates(["site_id", "iso3"]).reset_index(drop=True)


def by_country_kind(df: pd.DataFrame) -> pd.DataFrame:
    """``iso3, designation, count`` for every pair with at least one designation."""
    counts = country_pairs(df).groupby(["iso3", "designation"]).size().rename("count").reset_index()
    return _kind_sorted(counts, ["iso3"])


def by_country(df: pd.DataFrame) -> pd.DataFrame:
    """``iso3, count``, most designations first (ties by code)."""
    counts = country_pairs(df).groupby("iso3").size().rename("count").reset_index()
    return counts.sort_values(["count", "iso3"], ascending=[False, True], ignore_index=True)


def by_year(df: pd.DataFrame) -> pd.DataFrame:
    """``designation, year, count, cumulative``: every year from the first to the last, for each
    kind present (zero years included, so cumulative lines have no gaps). Rows without a year
    are left out."""
    dated = df[["designation", "year"]].dropna(subset=["year"])
    if dated.empty:
        return pd.DataFrame({"designation": [], "year": [], "count": [], "cumulative": []})
    years = range(int(dated["year"].min()), int(dated["year"].max()) + 1)
    present = set(dated["designation"].unique())
    kinds = [k for k in KIND_ORDER if k in present]
    grid = pd.MultiIndex.from_product([kinds, years], names=["designation", "year"])
    counts = (
        dated.astype({"year": "int64"})
        .groupby(["designation", "year"])
        .size()
        .reindex(grid, fill_value=0)
        .rename("count")
        .reset_index()
    )
    counts["cumulative"] = counts.groupby("designation")["count"].cumsum()
    return counts


def by_region_country_kind(df: pd.DataFrame) -> pd.DataFrame:
    """``region, iso3, designation, count`` for a treemap (a designation's own region is used,
    also for its other countries)."""
    pairs = country_pairs(df).dropna(subset=["region"])
    counts = pairs.groupby(["region", "iso3", "designation"]).size().rename("count").reset_index()
    return _kind_sorted(counts, ["region", "iso3"])


def wh_categories(df: pd.DataFrame) -> pd.DataFrame:
    """``category, count, share`` of the World Heritage rows (all three categories, share 0–1)."""
    wh = df.loc[df["designation"] == WORLD_HERITAGE, "subtype"]
    counts = wh.value_counts().reindex(list(WH_CATEGORIES), fill_value=0)
    out = pd.DataFrame({"category": list(WH_CATEGORIES), "count": counts.to_numpy()})
    out["share"] = out["count"] / len(wh) if len(wh) else 0.0
    return out


def in_danger_by_region(df: pd.DataFrame) -> pd.DataFrame:
    """``region, in_danger, world_heritage, share`` for all five regions (share of WH in danger)."""
    wh = df[df["designation"] == WORLD_HERITAGE]
    grouped = wh.assign(in_danger=wh["in_danger"].fillna(False).astype(bool)).groupby("region")["in_danger"]
    out = pd.DataFrame({"in_danger": grouped.sum(), "world_heritage": grouped.size()})
    out = out.reindex(list(REGIONS), fill_value=0).rename_axis("region").reset_index()
    out = out.astype({"in_danger": "int64", "world_heritage": "int64"})
    out["share"] = (out["in_danger"] / out["world_heritage"].replace(0, np.nan)).fillna(0.0)
    return out


def country_summary(df: pd.DataFrame) -> pd.DataFrame:
    """Headline figures per country, indexed by ``iso3``: ``total``, one count per kind (columns
    named by kind key), ``cultural``/``natural``/``mixed`` (WH), ``in_danger``, ``transboundary``,
    ``first_year``, ``latest_year`` (Int64, NA when no year)."""
    pairs = country_pairs(df)
    is_wh = pairs["designation"] == WORLD_HERITAGE
    columns = {kind: pairs["designation"] == kind for kind in KIND_ORDER}
    columns |= {c.lower(): is_wh & (pairs["subtype"] == c) for c in WH_CATEGORIES}
    columns["in_danger"] = pairs["in_danger"].fillna(False).astype(bool)
    columns["transboundary"] = pairs["transboundary"].fillna(False).astype(bool)
    flags = pd.DataFrame(columns).astype("int64").groupby(pairs["iso3"]).sum()
    years = pairs.groupby("iso3")["year"].agg(["min", "max"]).astype("Int64")
    out = flags.assign(first_year=years["min"], latest_year=years["max"])
    out.insert(0, "total", pairs.groupby("iso3").size())
    return out.rename_axis("iso3")


def country_rates(df: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """:func:`by_country` plus ``population``, ``area_km2``, ``per_million`` (designations per
    million people) and ``per_100k_km2`` (per 100,000 km²); NaN where the figure is missing or 0."""
    out = by_country(df).merge(countries[["iso3", "population", "area_km2"]], on="iso3", how="left")
    out["per_million"] = out["count"] / (out["population"].where(out["population"] > 0) / 1e6)
    out["per_100k_km2"] = out["count"] / (out["area_km2"].where(out["area_km2"] > 0) / 1e5)
    return out


def vs_region_average(df: pd.DataFrame, iso3: str, countries: pd.DataFrame) -> pd.DataFrame:
    """``designation, country, region_average`` (one row per kind, then ``"all"``): the country's
    counts against the mean over every country of its region in ``countries`` (itself included,
    countries without designations counted as 0). NaN averages when the country has no region."""
    counts = by_country_kind(df).set_index(["iso3", "designation"])["count"].unstack(fill_value=0)
    counts = counts.reindex(columns=KIND_ORDER, fill_value=0)
    counts["all"] = counts.sum(axis=1)
    own = counts.reindex([iso3], fill_value=0).iloc[0]
    region = countries.loc[countries["iso3"] == iso3, "region"].dropna()
    if region.empty:
        average = pd.Series(np.nan, index=counts.columns)
    else:
        members = countries.loc[countries["region"] == region.iloc[0], "iso3"]
        average = counts.reindex(members, fill_value=0).mean()
    return pd.DataFrame(
        {
            "designation": counts.columns,
            "country": own.to_numpy(dtype="int64"),
            "region_average": average.to_numpy(dtype=float),
        }
    )


def places(df: pd.DataFrame, min_kinds: int = 2) -> pd.DataFrame:
    """Places holding at least ``min_kinds`` kinds among the rows of ``df``: ``place_id, name,
    iso3, n_kinds, kinds, years, site_ids, first_year``. ``kinds``/``years``/``site_ids`` are
    lists with one entry per designation, earliest first; ``name``/``iso3`` come from the first.
    ``n_kinds`` is counted within ``df``. Most kinds first, then earliest."""
    rows = df.dropna(subset=["place_id"])
    n_kinds = rows.groupby("place_id")["designation"].nunique()
    rows = rows[rows["place_id"].isin(n_kinds.index[n_kinds >= min_kinds])]
    rows = rows.assign(_order=rows["designation"].map(_KIND_RANK))
    rows = rows.sort_values(["place_id", "year", "_order"], na_position="last")
    place = rows["place_id"].to_numpy()
    starts = np.flatnonzero(np.r_[True, place[1:] != place[:-1]]) if len(rows) else np.array([], int)
    first = rows.iloc[starts]
    out = pd.DataFrame(
        {
            "place_id": first["place_id"].to_numpy(),
            "name": first["name"].to_numpy(),
            "iso3": first["primary_iso3"].to_numpy(),
            "n_kinds": n_kinds.reindex(first["place_id"]).to_numpy(),
            "kinds": _lists(rows["designation"], starts),
            "years": _lists(rows["year"].astype(object).where(rows["year"].notna(), None), starts),
            "site_ids": _lists(rows["site_id"], starts),
            "first_year": first["year"].astype("Int64").to_numpy(),
        }
    )
    return out.sort_values(
        ["n_kinds", "first_year", "name"], ascending=[False, True, True], na_position="last", ignore_index=True
    )


def _lists(values: pd.Series, starts: np.ndarray) -> list[list]:
    """The values of each group of a frame sorted by group, groups starting at ``starts``."""
    if not len(starts):
        return []
    return [part.tolist() for part in np.split(values.to_numpy(dtype=object), starts[1:])]


def _kind_sorted(counts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    order = counts["designation"].map(_KIND_RANK)
    return counts.assign(_o=order).sort_values(keys + ["_o"]).drop(columns="_o").reset_index(drop=True)


BRI_GROUPS = ("Belt and Road countries", "Other countries")


def bri_split(df: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """Belt and Road countries against the rest: per group and kind, ``countries`` (countries
    with a UNESCO region in the group), ``count`` (country-designation pairs), ``per_country``
    and ``per_million``. ``countries`` needs ``iso3, region, population, bri_member``."""
    universe = countries[countries["region"].notna()].assign(
        group=lambda c: np.where(c["bri_member"].astype(bool), BRI_GROUPS[0], BRI_GROUPS[1])
    )
    group_of = dict(zip(universe["iso3"], universe["group"]))
    pairs = country_pairs(df).assign(group=lambda p: p["iso3"].map(group_of)).dropna(subset=["group"])
    counts = pairs.groupby(["group", "designation"]).size()
    sizes = universe.groupby("group").agg(countries=("iso3", "size"), population=("population", "sum"))
    rows = []
    for group in BRI_GROUPS:
        n, population = sizes.loc[group] if group in sizes.index else (0, 0)
        for kind in KIND_ORDER + ["all"]:
            count = int(
                counts.get(group, pd.Series(dtype=int)).sum() if kind == "all" else counts.get((group, kind), 0)
            )
            rows.append(
                {
                    "group": group,
                    "designation": kind,
                    "countries": int(n),
                    "count": count,
                    "per_country": count / n if n else np.nan,
                    "per_million": count / (population / 1e6) if population else np.nan,
                }
            )
    return pd.DataFrame(rows)
