"""What a view shows, in words: one sentence for a map's caption and screen readers
("62 UNESCO Global Geoparks in Europe and North America"), and what the filters select, for the
title line of a presentation or an embedded view and for the exports ("UNESCO Global Geoparks ·
Europe and North America · since 2015")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

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
    return labels.MAP_SUMMARY.format(what=what, where=_and_list(places))


def _and_list(items: Sequence[str]) -> str:
    """'France', 'France and Italy', 'France, Italy and Spain'."""
    return items[0] if len(items) == 1 else labels.AND_LIST.format(first=", ".join(items[:-1]), last=items[-1])


def view_title(
    filters: Filters,
    country_names: Mapping[str, str],
    subject: str | None = None,
    span: tuple[int, int] | None = None,
) -> str:
    """The title line of a view: ``subject`` (a page's name) when given, then the filters in words."""
    return SEPARATOR.join(([subject] if subject else []) + [filters_in_words(filters, country_names, span=span)])


def filters_in_words(
    filters: Filters, country_names: Mapping[str, str], most_places: int = 5, span: tuple[int, int] | None = None
) -> str:
    """What ``filters`` select, in words: kinds, then place, then every other filter set
    ("UNESCO Global Geoparks · Europe and North America · since 2015"); beyond ``most_places``
    countries, the rest are counted. A year bound at or beyond the data's ``span`` (first, last
    year) is no bound."""
    kinds = [labels.KIND_LABELS_PLURAL[k] for k in KINDS if k in filters.kinds]
    parts = [_and_list(kinds) if 0 < len(kinds) < len(KINDS) else labels.ALL_UNESCO_DESIGNATIONS]
    if filters.wh_categories:
        categories = ", ".join(labels.WH_CATEGORY_LABELS[c] for c in filters.wh_categories)
        parts.append(labels.WORDS_WH_CATEGORIES.format(categories=categories))
    parts.append(_where(filters, country_names, most_places))
    parts += _years(filters, span)
    flags = {
        labels.WORDS_IN_DANGER: filters.in_danger_only,
        labels.WORDS_TRANSBOUNDARY: filters.transboundary_only,
        labels.BRI_GROUP_LABELS[0]: filters.bri_only,
    }
    parts += [words for words, on in flags.items() if on]
    if filters.search:
        parts.append(labels.WORDS_SEARCH.format(text=filters.search))
    if filters.min_place_kinds > 1:
        parts.append(labels.WORDS_MIN_KINDS.format(n=filters.min_place_kinds))
    return SEPARATOR.join(parts)


def _where(filters: Filters, country_names: Mapping[str, str], most: int) -> str:
    """The countries (the first ``most``, then how many more), else the regions, else worldwide."""
    if filters.countries:
        names = sorted((country_names.get(c, c) for c in filters.countries), key=str.casefold)
        if len(names) > most:
            return labels.MORE_PLACES.format(first=", ".join(names[:most]), n=len(names) - most)
        return _and_list(names)
    if filters.regions:
        return _and_list([labels.REGION_LABELS.get(r, r) for r in filters.regions])
    return labels.WORLDWIDE


def _years(filters: Filters, span: tuple[int, int] | None) -> list[str]:
    """The year range in words, if one is set within the data's ``span``."""
    first, last = filters.year_min, filters.year_max
    if span is not None:
        first = None if first is not None and first <= span[0] else first
        last = None if last is not None and last >= span[1] else last
    if first is not None and first == last:
        return [labels.YEARS_IN.format(year=first)]
    if first is not None and last is not None:
        return [labels.YEARS_FROM_TO.format(first=first, last=last)]
    if first is not None:
        return [labels.YEARS_SINCE.format(year=first)]
    if last is not None:
        return [labels.YEARS_UNTIL.format(year=last)]
    return []


def export_note(filters: Filters, country_names: Mapping[str, str], data_date: str) -> str:
    """'Filters: … · data of 2026-11-27': what an exported chart or map shows, and of when."""
    return labels.EXPORT_NOTE.format(filters=filters_in_words(filters, country_names), date=data_date)


def source_credits(sources: Iterable[Mapping[str, str]]) -> list[str]:
    """One line per source: its credit and licence (rows of ``data/reference/sources.csv``)."""
    return [labels.SOURCE_CREDIT.format(credit=s["credit"], licence=s["licence"]) for s in sources]
