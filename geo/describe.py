"""What a view shows, in words: one sentence for a map's caption and screen readers
("62 UNESCO Global Geoparks in Europe and North America"), and the title line of a view in
presentation mode or embedded ("UNESCO Global Geoparks · Europe and North America · since 2015")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from geo import labels
from geo.query import Filters
from geo.schema import KINDS

SEPARATOR = " · "


def points_summary(shown: pd.DataFrame, filters: Filters, country_names: Mapping[str, str]) -> str:
    """How many designations of which kinds the map shows, and where (the region or country filter)."""
    if shown.empty:
        return labels.MAP_SUMMARY_NONE
    counts = shown["designation"].value_counts()
    kinds = [k for k in KINDS if counts.get(k, 0)]
    if len(kinds) == 1:
        what = labels.KIND_COUNTS[kinds[0]].format(n=int(counts[kinds[0]]))
    else:
        parts = ", ".join(labels.KIND_COUNTS[k].format(n=int(counts[k])) for k in kinds)
        what = labels.MAP_SUMMARY_KINDS.format(n=len(shown), parts=parts)
    places = (
        [country_names.get(c, c) for c in filters.countries]
        if filters.countries
        else [labels.REGION_LABELS.get(r, r) for r in filters.regions]
    )
    if not places:
        return labels.MAP_SUMMARY_WORLD.format(what=what)
    where = places[0] if len(places) == 1 else labels.AND_LIST.format(first=", ".join(places[:-1]), last=places[-1])
    return labels.MAP_SUMMARY.format(what=what, where=where)


def view_title(
    filters: Filters,
    country_names: Mapping[str, str],
    subject: str | None = None,
    span: tuple[int, int] | None = None,
) -> str:
    """The filters in plain words, one part each, after ``subject`` (a page's name) when given:
    the kinds, where (countries, else regions, else worldwide), the years and every other filter.
    A year bound at or beyond the data's ``span`` (first, last year) is no bound ("since 2015")."""
    kinds = [labels.KIND_LABELS_PLURAL[k] for k in KINDS if k in filters.kinds]
    parts = [subject] if subject else []
    parts += [_listed(kinds) if kinds else labels.TITLE_ALL_KINDS, _where(filters, country_names)]
    parts += [labels.WH_CATEGORY_LABELS[c] for c in filters.wh_categories]
    low, high = filters.year_min, filters.year_max
    if span is not None:
        low = None if low is not None and low <= span[0] else low
        high = None if high is not None and high >= span[1] else high
    years = _years(low, high)
    flags = (
        (filters.in_danger_only, labels.TITLE_IN_DANGER),
        (filters.transboundary_only, labels.TITLE_TRANSBOUNDARY),
        (filters.bri_only, labels.TITLE_BRI),
    )
    parts += ([years] if years else []) + [text for on, text in flags if on]
    if filters.search:
        parts.append(labels.TITLE_SEARCH.format(text=filters.search))
    if filters.min_place_kinds > 1:
        parts.append(labels.TITLE_MIN_KINDS.format(n=filters.min_place_kinds))
    return SEPARATOR.join(parts)


def _listed(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) == 1:
        return items[0]
    return labels.AND_LIST.format(first=", ".join(items[:-1]), last=items[-1])


def _where(filters: Filters, country_names: Mapping[str, str]) -> str:
    if filters.countries:
        return _listed(sorted(country_names.get(c, c) for c in filters.countries))
    if filters.regions:
        return _listed([labels.REGION_LABELS.get(r, r) for r in filters.regions])
    return labels.TITLE_WORLDWIDE


def _years(low: int | None, high: int | None) -> str | None:
    """ "since 2015", "up to 2000", "1990–2000", "in 2010", or None for every year."""
    if low is None and high is None:
        return None
    if high is None:
        return labels.TITLE_SINCE.format(year=low)
    if low is None:
        return labels.TITLE_UP_TO.format(year=high)
    if low == high:
        return labels.TITLE_IN_YEAR.format(year=low)
    return labels.TITLE_YEARS.format(low=low, high=high)
