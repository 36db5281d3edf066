"""Offline gazetteer lookups, with the country as a constraint."""

import pytest

from geo.build.geocode import Gazetteer, country_point, default_gazetteer, normalise


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


def test_normalise_folds_case_accents_and_hyphens():
    assert normalise("Bahir-Dar") == "bahir dar"
    assert normalise("Ciudad de México") == "ciudad de mexico"
    assert normalise("  Tsukuba–shi ") == "tsukuba shi"


@pytest.mark.parametrize(
    "locality, iso3, lat, lon",
    [
        ("Paris", "FRA", 48.85, 2.35),
        ("Peking", "CHN", 39.91, 116.40),  # alternate name
        ("Bahir-Dar", "ETH", 11.59, 37.39),  # hyphen variant
        ("Tsukuba-shi", "JPN", 36.08, 140.12),  # qualifier removed
        ("Delft, South Holland", "NLD", 52.01, 4.36),  # first part of a compound locality
        ("Alma-Ata", "KAZ", 43.25, 76.91),
    ],
)
def test_lookup_finds_the_right_city(gazetteer, locality, iso3, lat, lon):
    found = gazetteer.lookup(locality, [iso3])
    assert found is not None and found.precision == "locality"
    assert found.lat == pytest.approx(lat, abs=0.1) and found.lon == pytest.approx(lon, abs=0.1)


def test_country_constrains_the_match(gazetteer):
    # Paris, Texas is smaller than Paris, France, but it is the only Paris in the USA.
    texas = gazetteer.lookup("Paris", ["USA"])
    assert texas is not None and texas.lon < -80
    assert gazetteer.lookup("Paris", ["NZL"]) is None


def test_unknown_locality_gives_none(gazetteer):
    assert gazetteer.lookup("Nowhereville Xq", ["FRA"]) is None
    assert gazetteer.lookup("", ["FRA"]) is None


def test_country_point_is_flagged_as_country_precision():
    point = country_point("FRA", {"FRA": (2.55, 46.7)})
    assert point.precision == "country" and (point.lon, point.lat) == (2.55, 46.7)
    assert country_point("XYZ", {}) is None


def test_a_name_held_by_several_towns_is_marked_ambiguous(gazetteer):
    """Newport: Wales (the bigger) and the Isle of Wight; never a silent 'locality'."""
    found = gazetteer.lookup("Newport", ["GBR"])
    assert found.precision == "ambiguous"
    assert "most populous of" in found.method


def test_the_region_named_in_the_record_chooses(gazetteer):
    plain = gazetteer.lookup("Alexandria", ["USA"])
    assert plain.precision == "ambiguous"
    virginia = gazetteer.lookup("Alexandria, Virginia", ["USA"])
    assert virginia.precision == "locality" and "region named (virginia)" in virginia.method
    assert virginia.lat == pytest.approx(38.80, abs=0.1) and virginia.lon == pytest.approx(-77.05, abs=0.1)


def test_suburbs_of_one_town_are_not_ambiguity(gazetteer):
    assert gazetteer.lookup("Paris", ["FRA"]).precision == "locality"
