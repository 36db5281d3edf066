"""What a map shows, in one sentence for its caption and screen readers
("62 UNESCO Global Geoparks in Europe and North America")."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from geo import labels
from geo.query import Filters
from geo.schema import KINDS


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
