"""geo.describe: the one-sentence description of what a map shows (its caption, read by screen readers)."""

import pandas as pd

from geo import labels
from geo.describe import points_summary
from geo.query import Filters

NAMES = {"FRA": "France", "ITA": "Italy"}


def _shown(*kinds: str) -> pd.DataFrame:
    return pd.DataFrame({"designation": list(kinds)})


def test_one_kind_in_a_region():
    shown = _shown(*["global_geopark"] * 62)
    assert (
        points_summary(shown, Filters(regions=("Europe and North America",)), NAMES)
        == "62 UNESCO Global Geoparks in Europe and North America"
    )


def test_several_kinds_in_countries_and_worldwide():
    shown = _shown("world_heritage", "world_heritage", "biosphere_reserve")
    assert (
        points_summary(shown, Filters(countries=("FRA", "ITA")), NAMES)
        == "3 designations: 2 World Heritage properties, 1 Biosphere Reserves in France and Italy"
    )
    assert points_summary(shown, Filters(), NAMES).endswith(" worldwide")
    assert points_summary(_shown(), Filters(), NAMES) == labels.MAP_SUMMARY_NONE
