"""Linking designations of one place."""

import pandas as pd

from geo.build.places import core_name, link_places


def _frame(rows):
    return pd.DataFrame(
        rows, columns=["site_id", "designation", "name", "countries_iso3", "lat", "lon", "geocode_precision"]
    )


def test_core_name_drops_designation_words():
    assert core_name("Huangshan UNESCO Global Geopark") == "huangshan"
    assert core_name("Mount Huangshan") == "huangshan"
    assert core_name("Reserva de la Biosfera Sian Ka'an") == "sian ka an"


def test_links_same_place_of_different_kinds():
    df = _frame(
        [
            ("whc:547", "world_heritage", "Mount Huangshan", ["CHN"], 30.13, 118.17, "source"),
            ("mab:x", "biosphere_reserve", "Huangshan", ["CHN"], 30.10, 118.10, "source"),
            ("uggp:y", "global_geopark", "Huangshan UNESCO Global Geopark", ["CHN"], 30.2, 118.2, "source"),
            ("whc:1", "world_heritage", "Far away site", ["CHN"], 30.14, 118.16, "source"),
        ]
    )
    place, links = link_places(df)
    assert place.iloc[0] == place.iloc[1] == place.iloc[2] == "place:whc:547"
    assert place.iloc[3] == "place:whc:1"
    assert len(links) >= 2


def test_does_not_link_same_kind_other_country_or_country_centroids():
    df = _frame(
        [
            ("whc:1", "world_heritage", "Alpha", ["FRA"], 45.0, 5.0, "source"),
            ("whc:2", "world_heritage", "Alpha", ["FRA"], 45.0, 5.0, "source"),  # same kind
            ("mab:1", "biosphere_reserve", "Alpha", ["ITA"], 45.0, 5.0, "source"),  # other country
            ("uggp:1", "global_geopark", "Alpha", ["FRA"], 45.0, 5.0, "country"),  # country centroid
            ("c2c:1", "category2_centre", "Alpha", ["FRA"], 45.0, 5.0, "locality"),  # an institution
        ]
    )
    place, links = link_places(df)
    assert place.nunique() == 5 and links == []


def test_far_apart_places_with_the_same_name_stay_apart():
    df = _frame(
        [
            ("whc:1", "world_heritage", "Beta", ["RUS"], 55.0, 37.0, "source"),
            ("mab:1", "biosphere_reserve", "Beta", ["RUS"], 60.0, 100.0, "source"),
        ]
    )
    place, _ = link_places(df)
    assert place.nunique() == 2
