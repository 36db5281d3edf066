"""geo.describe: the one-sentence description of what a map shows (its caption, read by screen readers)."""

import pandas as pd
import pytest

from geo import labels
from geo.describe import export_note, filters_in_words, points_summary, source_credits, view_title
from geo.query import Filters
from geo.schema import KINDS

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
    assert view_title(Filters(), NAMES, subject="Charts") == "Charts · All UNESCO designations · worldwide"


@pytest.mark.parametrize(
    "low, high, words",
    [(1990, 2000, "1990–2000"), (2010, 2010, "in 2010"), (None, 1980, "until 1980"), (1990, None, "since 1990")],
)
def test_years_in_words(low, high, words):
    assert view_title(Filters(year_min=low, year_max=high), NAMES).endswith(f" · worldwide · {words}")


def test_the_title_line_speaks_the_views_language():
    from geo import i18n

    with i18n.using("fr"):
        title = view_title(Filters(kinds=("world_heritage",), regions=("Africa",)), {})
    assert "World Heritage properties" not in title and "Africa" not in title


# ---------------------------------------------------------------- the filters in words (exports)


def test_no_filter_reads_all_designations_worldwide():
    assert filters_in_words(Filters(), NAMES) == "All UNESCO designations · worldwide"
    assert filters_in_words(Filters(kinds=KINDS), NAMES) == "All UNESCO designations · worldwide"


def test_kinds_region_and_years():
    europe = Filters(kinds=("global_geopark",), regions=("Europe and North America",), year_min=2015)
    assert filters_in_words(europe, NAMES) == "UNESCO Global Geoparks · Europe and North America · since 2015"
    until = Filters(kinds=("world_heritage", "biosphere_reserve"), year_max=1990)
    assert filters_in_words(until, NAMES) == "World Heritage properties and Biosphere Reserves · worldwide · until 1990"
    assert filters_in_words(Filters(year_min=2000, year_max=2010), NAMES).endswith(" · 2000–2010")


def test_countries_by_name_and_the_rest_counted():
    assert filters_in_words(Filters(countries=("ITA", "FRA")), NAMES).endswith(" · France and Italy")
    many = Filters(countries=("FRA", "ITA", "DEU", "ESP", "PRT", "GRC", "AUT"))
    assert filters_in_words(many, NAMES, most_places=2).endswith(" · AUT, DEU and 5 others")


def test_every_other_filter_is_named():
    everything = Filters(
        wh_categories=("Natural",),
        in_danger_only=True,
        transboundary_only=True,
        bri_only=True,
        search="huang shan",
        min_place_kinds=2,
    )
    assert filters_in_words(everything, NAMES) == (
        "All UNESCO designations · World Heritage: Natural · worldwide · in danger · transboundary · "
        "Belt and Road countries · names with “huang shan” · places holding 2 kinds or more"
    )


def test_export_note_names_the_filters_and_the_date():
    note = export_note(Filters(regions=("Africa",)), NAMES, "2026-11-27")
    assert note == "Filters: All UNESCO designations · Africa · data of 2026-11-27"


def test_source_credits_give_credit_and_licence():
    sources = [{"title": "T", "credit": "Made with Natural Earth", "licence": "Public domain"}]
    assert source_credits(sources) == ["Made with Natural Earth (licence: Public domain)"]
