"""geo.describe: the one-sentence description of what a map shows (its caption, read by screen readers)."""

import pandas as pd
import pytest

from geo import labels
from geo.describe import points_summary, view_title
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
        == "3 designations: 2 World Heritage properties, 1 Biosphere Reserve in France and Italy"
    )
    assert points_summary(shown, Filters(), NAMES).endswith(" worldwide")
    assert points_summary(_shown(), Filters(), NAMES) == labels.MAP_SUMMARY_NONE


def test_the_title_line_of_a_view_names_its_filters_in_words():
    filters = Filters(kinds=("global_geopark",), regions=("Europe and North America",), year_min=2015, year_max=2026)
    assert view_title(filters, NAMES) == "UNESCO Global Geoparks · Europe and North America · 2015–2026"
    # the data's last year is no bound
    assert (
        view_title(filters, NAMES, span=(1972, 2026))
        == "UNESCO Global Geoparks · Europe and North America · since 2015"
    )
    assert view_title(Filters(), NAMES) == "All UNESCO designations · worldwide"


def test_every_filter_has_its_words():
    filters = Filters(
        kinds=("world_heritage", "global_geopark"),
        countries=("ITA", "FRA", "XKX"),
        wh_categories=("Cultural",),
        year_max=2000,
        in_danger_only=True,
        transboundary_only=True,
        bri_only=True,
        search="castle",
        min_place_kinds=3,
    )
    assert view_title(filters, NAMES, subject="Charts") == (
        "Charts · World Heritage properties and UNESCO Global Geoparks · France, Italy and XKX · Cultural"
        " · up to 2000 · in danger · transboundary · Belt and Road countries · names matching “castle”"
        " · places holding 3 or more kinds"
    )


@pytest.mark.parametrize(
    "low, high, words",
    [(1990, 2000, "1990–2000"), (2010, 2010, "in 2010"), (None, 1980, "up to 1980"), (1990, None, "since 1990")],
)
def test_years_in_words(low, high, words):
    assert view_title(Filters(year_min=low, year_max=high), NAMES).endswith(f" · worldwide · {words}")


def test_the_title_line_speaks_the_views_language():
    from geo import i18n

    with i18n.using("fr"):
        title = view_title(Filters(kinds=("world_heritage",), regions=("Africa",)), {})
    assert "World Heritage properties" not in title and "Africa" not in title
