"""geo.maps: offline, self-contained map HTML (no CDN), embedded data per kind, escaping of hostile text."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo import labels, maps
from geo.paths import raw_dir
from geo.schema import KINDS

KIND_KEYS = list(KINDS)
HOSTILE_NAMES = [
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "<!-- <script>alert(1)//",
    "{{ 7*7 }} {% if true %}jinja{% endif %}",
    "Ab\u2028c\u2029d & <b>bold</b>",
]
ANCHORS = [  # lat, lon, iso3, place
    (48.86, 2.35, "FRA", "Paris"),
    (41.9, 12.5, "ITA", "Roma"),
    (40.42, -3.7, "ESP", "Madrid"),
    (52.52, 13.4, "DEU", "Berlin"),
    (50.06, 19.94, "POL", "Kraków"),
    (62.47, 6.15, "NOR", "Ålesund"),
    (39.9, 116.4, "CHN", "北京"),
    (34.69, 135.5, "JPN", "Ōsaka"),
    (28.61, 77.21, "IND", "Delhi"),
    (30.04, 31.24, "EGY", "القاهرة"),
    (-1.29, 36.82, "KEN", "Nairobi"),
    (-33.92, 18.42, "ZAF", "Cape Town"),
    (19.43, -99.13, "MEX", "Ciudad de México"),
    (-12.05, -77.04, "PER", "Lima"),
    (-22.9, -43.2, "BRA", "Rio"),
    (40.71, -74.0, "USA", "New York"),
    (45.42, -75.7, "CAN", "Ottawa"),
    (-33.87, 151.2, "AUS", "Sydney"),
    (55.75, 37.62, "RUS", "Москва"),
    (-6.2, 106.8, "IDN", "Jakarta"),
    (13.75, 100.5, "THA", "Bangkok"),
]


def synthetic_designations(per_kind: dict[str, int] | None = None, seed: int = 7, hostile: bool = True) -> pd.DataFrame:
    """Designations in the schema's columns, scattered around a few cities, plus hostile rows."""
    per_kind = (
        per_kind
        if per_kind is not None
        else {"world_heritage": 160, "biosphere_reserve": 90, "global_geopark": 40, "category2_centre": 30}
    )
    rng = np.random.default_rng(seed)
    rows = []
    for kind, n in per_kind.items():
        prefix, label = KINDS[kind]
        for i in range(n):
            lat, lon, iso3, place = ANCHORS[rng.integers(len(ANCHORS))]
            rows.append(
                {
                    "site_id": f"{prefix}:{i}",
                    "designation": kind,
                    "name": f"{label} {i} near {place}",
                    "subtype": {
                        "world_heritage": ["Cultural", "Natural", "Mixed"][i % 3],
                        "category2_centre": "education",
                    }.get(kind),
                    "countries_iso3": [iso3] if i % 9 else [iso3, "CHE"],
                    "year": int(1972 + i % 50),
                    "in_danger": kind == "world_heritage" and i % 17 == 0,
                    "geocode_precision": ["source", "locality", "country"][i % 3],
                    "verification": "stored_source" if i % 2 else None,
                    "url": f"https://whc.unesco.org/en/list/{i}"
                    if kind == "world_heritage"
                    else f"https://www.unesco.org/en/{prefix}/{i}",
                    "lat": float(np.clip(lat + rng.normal(0, 2.5), -85, 85)),
                    "lon": float(np.clip(lon + rng.normal(0, 3.5), -179, 179)),
                }
            )
    if hostile:
        for j, name in enumerate(HOSTILE_NAMES):
            rows.append(
                {
                    "site_id": f"whc:9{j}",
                    "designation": KIND_KEYS[j % 4],
                    "name": name,
                    "subtype": "<script>alert(2)</script>",
                    "countries_iso3": ["<SCRIPT>", "FRA"],
                    "year": 2000,
                    "in_danger": False,
                    "geocode_precision": "<i>x</i>",
                    "verification": "<b onmouseover=alert(3)>v</b>",
                    "url": ["javascript:alert(1)", 'https://e.org/"><script>alert(1)</script>', "data:text/html,x"][
                        j % 3
                    ],
                    "lat": -40.0 - 3 * j,
                    "lon": -120.0 + 4 * j,
                }
            )
    df = pd.DataFrame(
        rows,
        columns=[
            "site_id",
            "designation",
            "name",
            "subtype",
            "countries_iso3",
            "year",
            "in_danger",
            "geocode_precision",
            "verification",
            "url",
            "lat",
            "lon",
        ],
    )
    df["year"] = df["year"].astype("Int64")
    return df


@lru_cache(maxsize=1)
def _countries() -> gpd.GeoDataFrame:
    ne = gpd.read_file(
        raw_dir() / "base" / "ne_50m_admin_0_countries.geojson", columns=["ISO_A3_EH", "ADM0_A3", "NAME_EN"]
    )
    iso3 = ne["ISO_A3_EH"].where(ne["ISO_A3_EH"] != "-99", ne["ADM0_A3"])
    return gpd.GeoDataFrame({"iso3": iso3, "name": ne["NAME_EN"]}, geometry=ne.geometry.simplify(0.05), crs="EPSG:4326")


@pytest.fixture(scope="module")
def countries() -> gpd.GeoDataFrame:
    return _countries()


@pytest.fixture(scope="module")
def designations() -> pd.DataFrame:
    return synthetic_designations()


@pytest.fixture(scope="module")
def points_html(designations, countries) -> str:
    return maps.points_map(designations, countries, colors=maps.DEFAULT_COLORS)


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>/<style> element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.styles: list[str] = []
        self._open: tuple[str, dict] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in ("script", "style"):
            self._open = (tag, attrs)
            self._text: list[str] = []

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            text = "".join(self._text)
            (self.scripts.append((self._open[1], text)) if tag == "script" else self.styles.append(text))
            self._open = None


def parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    p.close()
    return p


def json_blocks(html: str) -> dict[str, object]:
    return {a["id"]: json.loads(text) for a, text in parse(html).scripts if a.get("type") == "application/json"}


def points_data(html: str) -> dict:
    return next(v for v in json_blocks(html).values() if isinstance(v, dict) and "pts" in v)


def details_rows(data: dict) -> list[list]:
    """The inline details row of each point, in point order."""
    table = data["details"]["inline"]
    return [table["rows"][point[4]] for point in data["pts"]]


# ----------------------------------------------------------------------------------------- offline


def external_refs(html: str) -> list[str]:
    p = parse(html)
    refs = [a.get(k) for t, a in p.tags for k in ("src", "href") if a.get(k)]
    refs += re.findall(r"url\(\s*['\"]?([^)'\"]+)", "".join(p.styles))
    return [r for r in refs if not r.startswith(("data:", "#"))]


def test_points_map_is_self_contained(points_html):
    assert external_refs(points_html) == []
    for cdn in (
        "cdn.jsdelivr",
        "cdnjs",
        "unpkg.com",
        "code.jquery",
        "bootstrapcdn",
        "fontawesome",
        "tile.openstreetmap",
    ):
        assert cdn not in points_html
    assert "L.markerClusterGroup" in points_html
    assert "sourceMappingURL" not in points_html
    # Leaflet and the plugin are inlined (their code is in the page)
    assert "Leaflet 1.9.4" in points_html and "MarkerClusterGroup" in points_html
    assert "images/layers.png" not in points_html  # CSS images are data: URIs


def test_only_known_urls_remain_outside_the_data(points_html):
    """Apart from the data (official pages), the page holds no URL but an XML namespace and the
    Leaflet attribution string (which the map switches off)."""
    p = parse(points_html)
    code = "".join(text for a, text in p.scripts if a.get("type") != "application/json") + "".join(p.styles)
    assert set(re.findall(r"https?://[^\s\"'()<>]+", code)) <= {"http://www.w3.org/2000/svg", "https://leafletjs.com"}
    assert "setPrefix(false)" in code


def test_choropleth_is_self_contained(countries):
    counts = pd.DataFrame(
        {"iso3": ["FRA", "ITA", "CHN"], "value": [49, 60, 59], "label": ["49 sites", "60 sites", "59 sites"]}
    )
    html = maps.choropleth_map(counts, countries, legend_title="World Heritage properties")
    assert external_refs(html) == []
    assert "cdn." not in html and "tile.openstreetmap" not in html
    assert labels.MAP_DISCLAIMER in html


def test_the_page_is_a_folium_map_with_the_atlas_layer_and_no_tiles(points_html):
    assert re.search(r"var (map_\w+) = L\.map\(", points_html)  # folium's own map
    # no tile layer of folium's (basemap.js, inlined, adds one only when a map asks for online tiles)
    assert not re.search(r"L\.tileLayer\(\s*[\"']", points_html) and "openstreetmap" not in points_html.lower()
    map_var = re.search(r"var (map_\w+) = L\.map\(", points_html).group(1)
    assert f"UnescoAtlas.standalone({map_var}," in points_html  # the atlas added to that map
    assert external_refs(points_html) == []


# ----------------------------------------------------------------------------------------- content


def test_disclaimer_legend_and_accessible_texts(points_html):
    data = points_data(points_html)
    assert data["disclaimer"] == labels.MAP_DISCLAIMER and "United Nations/UNESCO" in labels.MAP_DISCLAIMER
    assert data["mapLabel"] == labels.MAP_REGION_LABEL and data["legendTitle"] == labels.MAP_LEGEND_TITLE
    assert [k["label"] for k in data["kinds"]] == [KINDS[key][1] for key in KIND_KEYS]  # legend rows
    assert [k["plural"] for k in data["kinds"]] == [labels.KIND_LABELS_PLURAL[key] for key in KIND_KEYS]
    assert data["text"] == labels.MAP_TEXT


def test_approximate_points_are_marked_with_their_reason(designations, countries):
    data = points_data(maps.points_map(designations, countries))
    approx = {a["key"]: a for a in data["approx"]}
    assert set(approx) == {"locality", "country"}  # the synthetic rows' non-source precisions
    for a in approx.values():
        assert a["reason"] == labels.PRECISION_REASONS[a["key"]] and a["label"] == labels.MAP_PRECISION_LABELS[a["key"]]
    rows = {r[1]: p for p, r in zip(data["pts"], details_rows(data))}
    src = designations.drop_duplicates("site_id", keep="last").set_index("site_id")["geocode_precision"]
    for site, point in rows.items():
        precision = src[site]
        if precision in approx:
            assert data["approx"][point[5]]["key"] == precision
        else:
            assert len(point) == 5  # located: no precision mark
    assert data["approxCount"] == sum(len(p) == 6 for p in data["pts"]) > 0
    ambiguous = designations.assign(geocode_precision="ambiguous")
    assert [a["key"] for a in maps.points_data(ambiguous, None)["approx"]] == ["ambiguous"]


def test_points_per_kind_match_the_frame(points_html, designations):
    data = points_data(points_html)
    kinds = [k["key"] for k in data["kinds"]]
    assert kinds == KIND_KEYS
    got = pd.Series([kinds[row[2]] for row in data["pts"]]).value_counts().to_dict()
    assert got == designations["designation"].value_counts().to_dict()
    assert {k["key"]: k["n"] for k in data["kinds"]} == got
    assert data["missing"] == 0
    assert data["danger"] == int(designations["in_danger"].sum())
    names = data["details"]["inline"]["countryNames"]
    assert set(names) >= {"FRA", "CHE", "CHN"} and names["CHE"] == "Switzerland"


def test_rows_without_coordinates_are_counted_not_drawn(designations, countries):
    df = designations.copy()
    df.loc[df.index[:5], "lat"] = np.nan
    df.loc[df.index[5], "lon"] = 999.0
    data = points_data(maps.points_map(df, countries))
    assert len(data["pts"]) == len(df) - 6 and data["missing"] == 6


def test_popup_fields_round_trip(points_html, designations):
    data = points_data(points_html)
    table = data["details"]["inline"]
    point, row = next((p, r) for p, r in zip(data["pts"], details_rows(data)) if r[1] == "whc:3")
    src = designations.set_index("site_id").loc["whc:3"]
    assert point[:2] == [round(src["lat"], 4), round(src["lon"], 4)] and point[3] == int(src["in_danger"])
    assert row[0] == src["name"] and row[3] == src["year"]
    assert table["urlp"][row[7]] + row[8] == src["url"]
    assert table["prec"][row[4]] == labels.MAP_PRECISION_LABELS["source"]
    assert row[2].split() == list(src["countries_iso3"])


def test_fit_bounds_and_country_view(designations, countries):
    html = maps.points_map(designations, countries)
    data = points_data(html)
    (s, w), (n, e) = data["bounds"]
    assert s == pytest.approx(designations["lat"].min(), abs=1e-4) and e == pytest.approx(
        designations["lon"].max(), abs=1e-4
    )
    fra = maps.country_bounds(countries, "FRA")
    (s, w), (n, e) = fra
    assert 40 < s < 43 and -6 < w < -4 and 50 < n < 52 and 9 < e < 10  # metropolitan France + Corsica only
    data = points_data(
        maps.country_map(designations[designations["countries_iso3"].map(lambda c: "FRA" in c)], countries, "FRA")
    )
    assert data["fit"] == fra and data["landStyle"]["hl"] == "FRA" and data["view"] is None
    assert points_data(maps.points_map(designations, countries, view=(46.5, 9.8, 6)))["view"] == [46.5, 9.8, 6]


def test_same_input_same_data(designations, countries):
    """Deterministic data: the live map's unchanged element is not sent again (Streamlit's message cache)."""
    dump = lambda d: json.dumps(d, sort_keys=True)  # noqa: E731
    assert dump(maps.points_data(designations, countries)) == dump(maps.points_data(designations, countries))
    counts = pd.DataFrame({"iso3": ["FRA"], "value": [3]})
    assert dump(maps.choropleth_data(counts, countries, legend_title="x")) == dump(
        maps.choropleth_data(counts, countries, legend_title="x")
    )


def test_a_selected_site_is_named_with_its_point(designations, countries, tmp_path):
    unique = designations.drop_duplicates("site_id")
    data = maps.points_data(unique, countries, selected="whc:5")
    ref = data["selected"]["ref"]
    assert (
        data["selected"]["site"] == "whc:5" and details_rows(data)[[p[4] for p in data["pts"]].index(ref)][1] == "whc:5"
    )
    assert maps.points_data(unique, countries, selected="whc:nope")["selected"] is None
    published = maps.publish_details(unique, tmp_path, "generated/")
    assert maps.selected_point(unique, "whc:5", published) == {"site": "whc:5", "ref": published.refs["whc:5"]}
    placed = unique.assign(lat=np.where(unique["site_id"] == "whc:5", np.nan, unique["lat"]))
    assert maps.selected_point(placed, "whc:5", None) is None  # not drawn: nothing to select


def test_colours_and_shapes_are_validated(designations):
    with pytest.raises(ValueError):
        maps.points_map(designations, None, colors={"world_heritage": "red;background:url(//evil)"})
    with pytest.raises(ValueError):
        maps.points_map(designations, None, shapes={"world_heritage": "<svg onload=alert(1)>"})
    html = maps.points_map(designations, None, colors={"world_heritage": "#abc"}, shapes={"world_heritage": "square"})
    wh = points_data(html)["kinds"][0]
    assert (wh["color"], wh["shape"], wh["text"]) == ("#AABBCC", "square", "#000000")


def test_empty_frame_gives_a_world_map(countries):
    empty = synthetic_designations({}, hostile=False).reindex(columns=["designation", "name", "lat", "lon"])
    html = maps.points_map(empty, countries)
    data = points_data(html)
    assert data["pts"] == [] and data["bounds"] is None and labels.MAP_DISCLAIMER in html


# ----------------------------------------------------------------------------------------- escaping


def test_hostile_text_cannot_break_out(points_html, designations):
    benign = maps.points_map(synthetic_designations(hostile=False), _countries())
    hostile, plain = parse(points_html), parse(benign)
    # Same document structure: the hostile rows add no element at all.
    assert [t for t, _ in hostile.tags] == [t for t, _ in plain.tags]
    # Executable scripts are only ours; data sits in JSON blocks that parse back to the exact strings.
    data = points_data(points_html)
    table = data["details"]["inline"]
    names = {row[0] for row in table["rows"]}
    assert set(HOSTILE_NAMES) <= names
    # No raw markup from the data anywhere in the page source.
    for needle in (
        "<img src=x",
        "</script><script>alert",
        "<svg onload",
        "<!-- <script>",
        "<b onmouseover",
        "<SCRIPT>",
    ):
        assert needle not in points_html
    assert "\u2028" not in points_html and "\u2029" not in points_html
    # Jinja syntax in data is not evaluated by folium/branca templates.
    assert "{{ 7*7 }} {% if true %}jinja{% endif %}" in names and "49 {" not in points_html
    # Unsafe URLs are dropped, subtypes/verification/precision are data only.
    assert all(u.startswith(("https://", "http://")) for u in table["urlp"])
    assert not any("javascript:" in u or "data:text" in u for u in table["urlp"])
    hostile_rows = [r for r in table["rows"] if r[0] in HOSTILE_NAMES]
    assert all(len(r) <= 7 for r in hostile_rows)  # no URL fields
    assert all("SCRIPT" not in r[2] for r in hostile_rows)  # bad country codes dropped


def test_script_json_escapes_closers():
    text = maps._script_json({"a": "</script><!--<script>", "b": "x\u2028y", "c": "]]>&"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!--<script>", "b": "x\u2028y", "c": "]]>&"}


def test_hostile_legend_title_and_labels_in_choropleth(countries):
    counts = pd.DataFrame(
        {"iso3": ["FRA", "DEU"], "value": [3, 1], "label": ["<img src=x onerror=alert(1)>", "{{ 7*7 }}"]}
    )
    html = maps.choropleth_map(counts, countries, legend_title="</script><script>alert(1)</script>")
    assert "<img src=x" not in html and "</script><script>alert" not in html
    values = next(v for v in json_blocks(html).values() if isinstance(v, dict) and "classes" in v)
    assert values["title"] == "</script><script>alert(1)</script>"
    assert values["values"]["DEU"][1] == "{{ 7*7 }}"


# ----------------------------------------------------------------------------------------- choropleth


def test_choropleth_classes_and_tooltips(countries):
    rng = np.random.default_rng(3)
    iso = [c for c in countries["iso3"] if re.fullmatch(r"[A-Z]{3}", c)][:120]
    values = rng.integers(1, 60, len(iso))
    counts = pd.DataFrame({"iso3": iso + ["TUV", "ATA"], "value": list(values) + [2, 0]})
    counts["label"] = [f"{v} sites" for v in counts["value"]]
    html = maps.choropleth_map(counts, countries, legend_title="Sites per country")
    data = next(v for v in json_blocks(html).values() if isinstance(v, dict) and "classes" in v)
    assert 2 <= len(data["classes"]) <= 6
    colours = [c["color"] for c in data["classes"]]
    assert len(set(colours)) == len(colours)
    assert data["values"]["ATA"] == [-1, "0 sites"]  # zero → no-data colour, own label
    assert data["values"][iso[0]][1] == f"{values[0]} sites"
    labels = [c["label"] for c in data["classes"]]
    assert labels[0].startswith("1") and labels[-1].endswith("59" if 59 in values else str(values.max()))
    # every positive value falls in the class whose range holds it
    for code, value in zip(iso, values):
        cls = data["values"][code][0]
        lo, _, hi = data["classes"][cls]["label"].partition("–")
        assert int(lo) <= value <= int(hi or lo)
    if "TUV" not in set(countries["iso3"]):
        assert "Tuvalu" in data["note"]


def test_classes_small_and_float():
    assert [c[2] for c in maps._classes(np.array([1, 2, 2, 5, 0, np.nan]), 6)] == ["1", "2", "5"]
    classes = maps._classes(np.linspace(0.01, 1, 200), 5)
    assert len(classes) == 5 and classes[0][2].startswith("0.01") and classes[-1][1] == pytest.approx(1.0)
    assert maps._steps(3, ["#f7fcf5", "#00441b"])[0] == "#F7FCF5"


# ----------------------------------------------------------------------------------------- size


def test_payload_size_for_2500_points(countries, capsys, tmp_path):
    per = {"world_heritage": 1250, "biosphere_reserve": 760, "global_geopark": 230, "category2_centre": 260}
    df = synthetic_designations(per, hostile=False)
    # names average ~42 characters here; the real ones ~31 (WH 36, MAB 16, geoparks 20, centres 63)
    html = maps.points_map(df, countries)  # a download: everything inline
    size = len(html.encode())
    libs = maps.vendored_bytes()
    without_vendor = size - libs["vendor"]
    url = "app/static/generated/"  # the app's: code, outlines and popup details in cached files
    app = len(
        maps.points_map(df, countries, static_url=url, site_details=maps.publish_details(df, tmp_path, url)).encode()
    )
    with capsys.disabled():
        print(
            f"\n[maps] 2,500 points: the app's map {app / 1e3:.0f} kB; a download {size / 1e3:.0f} kB, "
            f"without vendored libs {without_vendor / 1e3:.0f} kB (vendor {libs['vendor'] / 1e3:.0f} kB, "
            f"atlas.js/css {libs['atlas'] / 1e3:.0f} kB)"
        )
    assert app <= 100_000  # ~40 bytes a point
    assert without_vendor <= 450_000


def test_details_link_prefix_is_kept_only_when_same_site():
    from geo.maps import _relative_href

    assert _relative_href("map?kind=whc&site=") == "map?kind=whc&site="
    for hostile in ("javascript:alert(1)//", "https://evil.example/?", "//evil.example/", 'map?"><script>', None, ""):
        assert _relative_href(hostile) is None


# ----------------------------------------------------------------------------------------- outlines


def _map_data(html: str) -> dict:
    return next(v for v in json_blocks(html).values() if isinstance(v, dict) and "outlines" in v)


def _outline_blocks(html: str) -> list[dict]:
    """The outlines a page carries (none when it links the published file)."""
    outlines = _map_data(html)["outlines"]
    return [outlines] if isinstance(outlines, dict) else []


def test_published_files_are_the_inline_ones_named_by_content(countries, tmp_path):
    files = maps.publish(countries, tmp_path)
    outlines = [maps.outlines_file_name(countries, *level) for level in maps.OUTLINE_LEVELS]
    assert [f.name for f in files] == list(maps.code_bundle()) + outlines
    assert len(set(files)) == 4
    inline = _outline_blocks(maps.points_map(synthetic_designations(), countries))
    assert json.loads((tmp_path / outlines[0]).read_text(encoding="utf-8")) == inline[0]  # world level
    js = next(f for f in files if f.suffix == ".js").read_text(encoding="utf-8")
    assert "Leaflet 1.9.4" in js and "L.MarkerClusterGroup" in js and "UnescoAtlas" in js
    css = next(f for f in files if f.suffix == ".css").read_text(encoding="utf-8")
    assert ".leaflet-container" in css and ".leaflet-cluster-anim" in css and "data:image/png" in css
    inodes = [f.stat().st_ino for f in files]
    assert maps.publish(countries, tmp_path) == files  # already there: not rewritten (only touched)
    assert [f.stat().st_ino for f in files] == inodes
    other = countries[countries["iso3"] != "FRA"]
    assert maps.outlines_file_name(other, *maps.WORLD_OUTLINES) != files[0].name
    assert list(tmp_path.glob("*.tmp")) == []


def test_maps_link_published_files_instead_of_carrying_them(designations, countries):
    url = "app/static/generated/"
    world = maps.outlines_file_name(countries, *maps.WORLD_OUTLINES)
    linked = maps.points_map(designations, countries, static_url=url)
    inline = maps.points_map(designations, countries)
    assert _outline_blocks(linked) == [] and len(_outline_blocks(inline)) == 1
    assert _map_data(linked)["outlines"] == url + world
    assert sorted(external_refs(linked)) == sorted(url + name for name in maps.code_bundle())
    assert "MarkerClusterGroup" not in linked  # the code is linked, not inlined
    assert len(inline) - len(linked) > 250_000
    country = maps.country_map(designations, countries, "FRA", static_url=url)
    assert _outline_blocks(country) == []
    assert _map_data(country)["outlines"] == url + maps.outlines_file_name(countries, *maps.COUNTRY_OUTLINES)
    shaded = maps.choropleth_map(
        pd.DataFrame({"iso3": ["FRA"], "value": [3]}), countries, legend_title="x", static_url=url
    )
    assert _outline_blocks(shaded) == [] and _map_data(shaded)["outlines"] == url + world


def test_published_details_are_the_inline_ones_in_files_of_fixed_size(designations, countries, tmp_path):
    designations = designations.drop_duplicates("site_id")  # the hostile rows reuse a few ids
    url = "app/static/generated/"
    published = maps.publish_details(designations, tmp_path, url, per_file=7)
    files = sorted(tmp_path.glob("sites-*.json"), key=lambda f: int(f.stem.rsplit("-", 1)[1]))
    assert len(files) == -(-len(designations) // 7) and published.prefix.startswith(url + "sites-")
    assert [f.name for f in files] == [f"{published.prefix[len(url) :]}{n}.json" for n in range(len(files))]
    assert published.refs == {site: i for i, site in enumerate(designations["site_id"])}

    linked = points_data(maps.points_map(designations, countries, static_url=url, site_details=published))
    inline = points_data(maps.points_map(designations, countries))
    assert linked["details"] == {"url": published.prefix, "size": 7}
    assert [p[:4] for p in linked["pts"]] == [p[:4] for p in inline["pts"]]
    tables = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    for point, expected in zip(linked["pts"], details_rows(inline)):
        table = tables[point[4] // 7]
        row = table["rows"][point[4] % 7]
        assert row[:4] == expected[:4]  # name, site id, countries, year
        assert [table["urlp"][row[7]] + row[8]] == [inline["details"]["inline"]["urlp"][expected[7]] + expected[8]]
    # the same table again: the same names, not rewritten
    inodes = [f.stat().st_ino for f in files]
    assert maps.publish_details(designations, tmp_path, url, per_file=7) == published
    assert [f.stat().st_ino for f in files] == inodes
    renamed = designations.assign(name=designations["name"] + " (fr)")
    assert maps.publish_details(renamed, tmp_path, url, per_file=7).prefix != published.prefix
    assert list(tmp_path.glob(".*")) == []  # no temp file left


def test_a_map_with_published_details_carries_no_names(designations, countries, tmp_path):
    designations = designations.drop_duplicates("site_id")
    url = "app/static/generated/"
    published = maps.publish_details(designations, tmp_path, url)
    html = maps.points_map(designations, countries, static_url=url, site_details=published)
    assert not any(name in html for name in designations["name"] if len(name) > 12)
    assert len(html) < len(maps.points_map(designations, countries, static_url=url)) / 2
    # a shown site the files do not hold: the map carries the details itself
    stranger = designations.assign(site_id=designations["site_id"] + "-x")
    data = points_data(maps.points_map(stranger, countries, static_url=url, site_details=published))
    assert "inline" in data["details"] and details_rows(data)[0][1].endswith("-x")


def test_details_are_only_published_for_unique_ids_and_same_site_urls(designations, tmp_path):
    with pytest.raises(ValueError):
        maps.publish_details(pd.concat([designations, designations.head(1)]), tmp_path, "generated/")
    for url in ("https://evil.example/", "//evil.example/", 'x"><script>'):
        with pytest.raises(ValueError):
            maps.publish_details(designations, tmp_path, url)
    assert list(tmp_path.iterdir()) == []


def test_files_stay_inline_for_other_levels_or_foreign_urls(designations, countries):
    finer = maps.points_map(designations, countries, static_url="generated/", simplify_tolerance=0.01)
    assert len(_outline_blocks(finer)) == 1
    for url in ("https://evil.example/", "//evil.example/", 'x"><script>'):
        html = maps.points_map(designations, countries, static_url=url)
        assert len(_outline_blocks(html)) == 1 and "evil.example" not in html
        assert external_refs(html) == []  # code inlined too


# ----------------------------------------------------------------------------------------- caption

CAPTION = maps.Caption(
    title="UNESCO Sites Atlas — Côte d'Ivoire & <b>Ghana</b>",
    lines=("Filters: names with “{{ 7*7 }} {% raw %}</p><script>alert(1)</script>” · data of 2026-11-27", "Leaflet"),
)


@pytest.fixture(scope="module")
def captioned_html(designations, countries) -> str:
    data = maps.points_data(designations, countries, colors=maps.DEFAULT_COLORS)
    return maps.standalone(data, caption=CAPTION)


def _caption_paragraphs(html: str) -> list[str]:
    footer = re.search(r'<footer class="atlas-caption"[^>]*>(.*?)</footer>', html, re.S).group(1)
    return [unescape(p) for p in re.findall(r"<p>(.*?)</p>", footer, re.S)]


def test_a_captioned_map_has_the_title_escaped(captioned_html):
    titles = re.findall(r"<title>(.*?)</title>", captioned_html, re.S)
    assert titles == ["UNESCO Sites Atlas — Côte d&#x27;Ivoire &amp; &lt;b&gt;Ghana&lt;/b&gt;"]
    assert unescape(titles[0]) == CAPTION.title


def test_the_caption_shows_every_line_as_text(captioned_html):
    assert _caption_paragraphs(captioned_html) == list(CAPTION.lines)  # nothing evaluated, nothing lost
    assert "<script>alert(1)" not in captioned_html and "49" not in _caption_paragraphs(captioned_html)[0]
    assert external_refs(captioned_html) == []
    assert [t for t, _ in parse(captioned_html).tags].count("footer") == 1


def test_a_map_without_caption_has_neither_title_nor_footer(points_html):
    assert "<title>" not in points_html and "atlas-caption" not in points_html
