"""geo.brief on a small hand-built atlas: every section is there, source text is escaped, nothing
points outside the page, and the figures are those counted by hand below."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo import brief, i18n, labels

EUR, AFR = "Europe and North America", "Africa"
WH, BR, GP = "world_heritage", "biosphere_reserve", "global_geopark"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'

# site_id, designation, name, name_fr, countries, region, year, in_danger, place_id, lon, lat, date
ROWS = [
    ("whc:1", WH, "Old Town", "Vieille ville", ["FRA"], EUR, 1979, False, "p1", 2.0, 46.0, "2025-10-13"),
    (
        "mab:1",
        BR,
        "Old Town Reserve",
        "Réserve de la vieille ville",
        ["FRA"],
        EUR,
        1988,
        False,
        "p1",
        2.1,
        46.1,
        "2026-09-01",
    ),
    ("whc:2", WH, HOSTILE, None, ["FRA", "DEU"], EUR, 2001, True, "p2", 4.0, 45.0, "2025-10-13"),
    ("uggp:1", GP, "Overseas Geopark", None, ["FRA"], EUR, 2010, False, "p3", 55.5, -21.0, "2026-09-17"),
    ("whc:3", WH, "Rhine Valley", None, ["DEU"], EUR, 2002, False, "p4", 8.0, 50.0, "2025-10-13"),
    ("whc:4", WH, "Lake", None, ["KEN"], AFR, 1997, False, "p5", 36.0, 0.0, "2025-10-13"),
]
# By hand, for France: 4 designations (2 WH, one of them in danger; 1 BR; 1 GP); 1 place with
# two kinds (p1); 1 site outside the map (the overseas geopark). Europe's three countries hold
# FRA 4, DEU 2 (whc:2 counts for both), CHE 0: an average of 2.0 in all, 1.3 for WH (2, 2, 0).


@pytest.fixture
def designations() -> pd.DataFrame:
    columns = ["site_id", "designation", "name", "name_fr", "countries_iso3", "region", "year", "in_danger"]
    columns += ["place_id", "lon", "lat", "source_date"]
    df = pd.DataFrame(ROWS, columns=columns)
    df["year"] = df["year"].astype("Int64")
    df["transboundary"] = df["countries_iso3"].map(len) > 1
    df["primary_iso3"] = df["countries_iso3"].map(lambda c: c[0])
    df["subtype"] = None
    df["geocode_precision"] = "source"
    return df


@pytest.fixture
def countries() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "iso3": ["FRA", "DEU", "CHE", "KEN", "ATA"],
            "name": ["France", "Germany", "Switzerland", "Kenya", "Antarctica"],
            "name_fr": ["France", "Allemagne", "Suisse", "Kenya", "Antarctique"],
            "region": [EUR, EUR, EUR, AFR, None],
            "population": [68_000_000, 84_000_000, 9_000_000, 55_000_000, None],
            "area_km2": [550_000, 357_000, 41_000, 580_000, None],
        },
        geometry=[
            box(-5, 42, 8, 51),
            box(6, 47, 15, 55),
            box(6, 45.8, 10.5, 47.8),
            box(34, -4.7, 42, 5),
            box(-60, -90, 60, -65),
        ],
        crs="EPSG:4326",
    )


@pytest.fixture
def sources() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": [
                "world_heritage",
                "biosphere_reserve",
                "global_geopark",
                "category2_centre",
                "natural_earth",
                "bri",
            ],
            "title": ["WH list", "MAB list", "Geoparks <b>list</b>", "Centres", "Natural Earth", "Belt and Road"],
            "snapshot_date": ["2025-10-13", "2026-09-01", "2026-09", "2026-11", "2024-07", "2023-12"],
            "licence": ["WHC terms", "CC0", "CC BY-SA 4.0", "cite", "Public domain", "none"],
            "credit": ["UNESCO https://whc.unesco.org", "Wikidata", "UNESCO", "UNESCO", "naturalearthdata.com", "GFDC"],
        }
    )


def _brief(designations, countries, sources, iso3="FRA", lang="en", **options) -> str:
    return brief.country_brief(iso3, designations, countries, lang, sources=sources, **options)


def _text(page: str) -> str:
    """The page's words, tags gone and entities read."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _figures(page: str) -> dict[str, str]:
    """Each headline figure's label → its number."""
    return {
        html.unescape(label): number
        for number, label in re.findall(r'<div class="figure"[^>]*><b>([^<]+)</b><span>([^<]+)</span>', page)
    }


def test_every_section_is_there(designations, countries, sources):
    page = _brief(designations, countries, sources)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "@page { size: A4; margin: 14mm; }" in page
    for heading in (
        labels.BRIEF_MAP_HEADING,
        labels.VS_REGION_TITLE.format(country="France"),
        labels.SHARED_PLACES_HEADING,
        labels.SITES_BY_KIND,
        labels.SOURCES_HEADING,
    ):
        assert f"<h2>{html.escape(heading)}</h2>" in page
    assert "<h1>France</h1>" in page
    assert "<svg" in page and 'role="img"' in page
    assert html.escape(labels.DISCLAIMER) in page
    assert labels.BRIEF_DATA_DATE.format(date="2026-09-17") in page  # the newest of France's rows


def test_the_figures_are_those_counted_by_hand(designations, countries, sources):
    page = _brief(designations, countries, sources)
    figures = _figures(page)
    assert figures[labels.ALL_DESIGNATIONS] == "4"
    assert figures[labels.KIND_LABELS_PLURAL[WH]] == "2"
    assert figures[labels.KIND_LABELS_PLURAL[BR]] == "1"
    assert figures[labels.KIND_LABELS_PLURAL[GP]] == "1"
    assert figures[labels.KIND_LABELS_PLURAL["category2_centre"]] == "0"
    assert labels.BRIEF_IN_DANGER.format(n=1) in page
    # the region comparison: France against the mean of Europe's three countries
    rows = re.findall(r'<tr><td>([^<]+)</td><td class="n">([^<]+)</td><td class="n">([^<]+)</td>', page)
    table = {html.unescape(kind): (own, average) for kind, own, average in rows}
    assert table[labels.ALL_KINDS] == ("4", "2.0")
    assert table[labels.KIND_LABELS[WH]] == ("2", "1.3")
    assert table[labels.KIND_LABELS[GP]] == ("1", "0.3")
    assert labels.REGION_AVERAGE.format(region=labels.REGION_LABELS[EUR], n=3) in _text(page)


def test_sites_places_and_the_map(designations, countries, sources):
    page = _brief(designations, countries, sources)
    words = _text(page)
    sites = page[page.index('<section class="sites">') :]
    assert "1979" in sites and "Old Town" in sites and sites.count(html.escape(labels.COLUMNS["in_danger"])) == 1
    assert sites.index("Old Town") < sites.index("2001")  # years in order
    places = page[page.index('<section class="places">') : page.index('<section class="sites">')]
    assert "Old Town" in places and "World Heritage (1979), Biosphere Reserve (1988)" in html.unescape(places)
    assert labels.BRIEF_OUTSIDE_MAP.format(n=1) in words  # the overseas geopark
    svg = page[
        page.index("<svg", page.index('<section class="map"')) : page.index(
            "</svg>", page.index('<section class="map"')
        )
    ]
    assert svg.count("<polygon") == 1  # a diamond: the one Biosphere Reserve (no geopark triangle: it is overseas)
    assert 'stroke="#B2182B"' in svg  # the ring of the site in danger


def test_source_text_is_escaped(designations, countries, sources):
    countries = countries.assign(name=countries["name"].where(countries["iso3"] != "FRA", "Fr<i>ance</i>"))
    page = _brief(designations, countries, sources)
    assert "<script" not in page and "<img" not in page and "<i>" not in page and "<b>list</b>" not in page
    assert html.escape(HOSTILE) in page
    assert "Fr&lt;i&gt;ance&lt;/i&gt;" in page


class _Parts(HTMLParser):
    """The page's elements with their attributes, and its text outside the sources section."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.in_sources = 0

    def handle_starttag(self, tag, attrs):
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        if self.in_sources or ("class", "sources") in attrs:
            self.in_sources += 1

    def handle_endtag(self, tag):
        self.in_sources = max(self.in_sources - 1, 0)

    def handle_data(self, data):
        if not self.in_sources:
            self.text.append(data)


def test_nothing_points_outside_the_page(designations, countries, sources):
    page = _brief(designations, countries, sources)
    parts = _Parts()
    parts.feed(page)
    assert parts.attributes and not [a for a in parts.attributes if a[1] in {"src", "href", "xlink:href", "srcset"}]
    assert not [a for a in parts.attributes if re.search(r"https?:|//|url\(", a[2])]
    outside_sources = "".join(parts.text)  # the style sheet included
    assert "@page" in outside_sources and not re.search(r"https?:|url\(|@import", outside_sources)
    source_list = page[page.index('<section class="sources">') :]
    assert "https://whc.unesco.org" in source_list  # credits are text


def test_the_sources_are_those_behind_the_brief(designations, countries, sources):
    listed = re.search(r'<section class="sources">.*?</section>', _brief(designations, countries, sources), re.S)
    text = html.unescape(listed.group())
    assert all(title in text for title in ("WH list", "MAB list", "Geoparks <b>list</b>", "Natural Earth"))
    assert "Centres" not in text and "Belt and Road" not in text  # no centre in France; BRI not used


def test_in_the_view_s_language(designations, countries, sources):
    page = _brief(designations, countries, sources, lang="fr")  # the run itself speaks English
    with i18n.using("fr"):
        expected = labels.SITES_BY_KIND, labels.KIND_LABELS[WH], labels.ALL_KINDS
    assert '<html lang="fr" dir="ltr">' in page
    assert all(html.escape(text) in page for text in expected)
    assert "Vieille ville" in page and "Old Town<" not in page  # names in French where known
    table = dict(re.findall(r'<tr><td>([^<]+)</td><td class="n">[^<]+</td><td class="n">([^<]+)</td>', page))
    assert table[html.escape(expected[2])] == "2,0"  # French decimal sign
    assert '<html lang="ar" dir="rtl">' in _brief(designations, countries, sources, lang="ar")


def test_filtered_view_is_said(designations, countries, sources):
    assert labels.BRIEF_FILTERED not in _text(_brief(designations, countries, sources))
    assert labels.BRIEF_FILTERED in _text(_brief(designations, countries, sources, filtered=True))


def test_a_country_without_sites_or_region(designations, countries, sources):
    page = _brief(designations, countries, sources, iso3="ATA")
    assert _figures(page)[labels.ALL_DESIGNATIONS] == "0"
    assert html.escape(labels.NO_REGION_AVERAGE) in page
    assert html.escape(labels.NO_SHARED_PLACES) in page
    assert "<svg" in page  # its outline, with no sites


def test_the_real_atlas_briefs_render():
    from geo.store import load_atlas

    atlas = load_atlas()
    for iso3 in ("FRA", "KEN", "CHN"):
        page = brief.country_brief(iso3, atlas.designations, atlas.countries, "en")
        n = int(atlas.countries.loc[atlas.countries["iso3"] == iso3, "designations"].iloc[0])
        assert _figures(page)[labels.ALL_DESIGNATIONS] == i18n.number(n, lang="en")
