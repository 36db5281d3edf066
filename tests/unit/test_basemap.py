"""The offline base map: zoom bands built from Natural Earth, their size, their publication as
content-named files, standalone maps cut to their extent, and the online tiles' settings."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

from geo import basemap, labels, maps
from geo.build.basemap_layers import BANDS, band_texts
from geo.paths import raw_dir

BUDGET = 1_500_000  # bytes, every band gzipped


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return band_texts(raw_dir())


@pytest.fixture(scope="module")
def bands(texts) -> list[dict]:
    return [json.loads(texts[f"band-{n}.json"]) for n in range(len(BANDS))]


def zooms(band: dict) -> list[float]:
    """The zoom each feature of a band shows from."""
    return (
        [p[2] for p in band["places"]]
        + [n[2] for n in band["names"]]
        + [r[0] for key in ("provinces", "rivers", "lakes") for r in band[key]]
    )


def test_a_band_holds_nothing_that_shows_only_above_its_zooms(bands):
    for band, (lo, hi, _tolerance, _factor) in zip(bands, BANDS):
        assert band["zoom"] == [lo, hi]
        assert zooms(band) and max(zooms(band)) < hi
    # the world view (zooms below 4) carries no place, river or name that shows from zoom 5
    assert not [z for z in zooms(bands[0]) if z >= 5]
    # and each band keeps what the one below shows
    for lower, upper in zip(bands, bands[1:]):
        for key in ("places", "names", "provinces", "rivers", "lakes"):
            assert len(upper[key]) >= len(lower[key]), key


def test_every_layer_is_there_with_its_names(bands):
    last = bands[-1]
    places = {p[4][0]: p for p in last["places"]}
    assert len(places) > 1_200
    paris = places["Paris"]
    assert paris[3] == 1 and paris[4][1] is None  # a capital; the French name is the English one
    assert places["London"][4][1:] == ["Londres", "Londres", "Лондон", "倫敦"]
    kinds = {n[3] for n in last["names"]}
    assert kinds == {"sea", "lake", "river", "region"}
    names = {n[4] for n in last["names"]}
    assert {"Mediterranean Sea", "Lake Geneva", "Rhine", "North Atlantic Ocean"} <= names, names & {"Rhein"}
    assert min(r[0] for r in last["provinces"]) >= 4  # province lines only from zoom 4
    assert len(last["rivers"]) > 400 and len(last["lakes"]) > 300


def test_coarser_bands_are_simplified_and_rounded(texts, bands):
    sizes = [len(texts[f"band-{n}.json"]) for n in range(len(BANDS))]
    assert sizes == sorted(sizes)
    lakes = [{json.dumps(r[0]): r for r in b["lakes"]} for b in bands]
    geneva = [next(r for r in b["names"] if r[4] == "Lake Geneva") for b in bands[1:]]
    assert geneva[0][:2] == geneva[1][:2]
    assert all(b["f"] == f for b, (_, _, _, f) in zip(bands, BANDS))
    assert lakes  # every band has lakes to draw
    assert all(isinstance(p[0], float) and round(p[0], 3) == p[0] for b in bands for p in b["places"])


def test_all_layers_fit_the_budget_compressed(texts):
    compressed = sum(len(gzip.compress(t.encode(), 9)) for t in texts.values())
    assert compressed <= BUDGET, compressed


def test_build_writes_the_same_bands(texts):
    layers = basemap.load()
    assert layers is not None, "run python -m geo build"
    assert list(layers.texts) == [texts[f"band-{n}.json"] for n in range(len(BANDS))]


def test_publish_names_files_by_content_and_keeps_them(tmp_path, texts):
    layers = basemap.BaseLayers(tuple(texts[f"band-{n}.json"] for n in range(len(BANDS))))
    published = basemap.publish(layers, tmp_path, "app/static/generated/")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == len(BANDS) and all(n.startswith("basemap-") for n in names)
    assert [u.rsplit("/", 1)[-1] for u in published.urls] == names
    assert all(u.startswith("app/static/generated/basemap-") for u in published.urls)
    assert (tmp_path / names[0]).read_text(encoding="utf-8") == layers.texts[0]
    assert basemap.publish(layers, tmp_path, "app/static/generated/") == published  # the same files
    changed = basemap.BaseLayers((layers.texts[0] + " ",) + layers.texts[1:])
    assert basemap.publish(changed, tmp_path, "x/").urls[0] != "x/" + names[0]

    options = published.options("fr")
    assert [b["url"] for b in options["bands"]] == list(published.urls)
    assert options["lang"] == 1 and options["tiles"] is None
    assert published.options("ar")["lang"] == 0  # no Arabic names: English


def test_a_standalone_map_carries_the_layers_of_its_extent(texts):
    layers = basemap.BaseLayers(tuple(texts[f"band-{n}.json"] for n in range(len(BANDS))))
    alps = [[45.5, 6.0], [47.5, 11.0]]
    options = layers.options("en", extent=alps)
    last = options["bands"][-1]["data"]
    places = {p[4][0] for p in last["places"]}
    assert {"Geneva", "Zurich", "Milan"} <= places and "Tokyo" not in places and "Lima" not in places
    names = {n[4] for n in last["names"]}
    assert "Lake Geneva" in names and "Caspian Sea" not in names
    world = json.loads(texts[f"band-{len(BANDS) - 1}.json"])
    assert 0 < len(last["rivers"]) < len(world["rivers"]) / 5
    assert 0 < len(last["lakes"]) < len(world["lakes"]) / 5
    assert layers.options("en")["bands"][-1]["data"] == world  # no extent: the whole band


def test_online_tiles_default_to_openstreetmap_and_follow_the_settings(tmp_path):
    nothing = tmp_path / "none.toml"
    assert basemap.tile_settings({}, nothing) == {"url": basemap.OSM_TILES, "attribution": labels.OSM_ATTRIBUTION}
    config = tmp_path / "config.toml"
    config.write_text(
        '[server]\nheadless = true\n[atlas]\ntile_url = "https://tiles.example.org/{z}/{x}/{y}.png"\n'
        'tile_attribution = "Tiles <b>Example</b> & co"\n'
    )
    assert basemap.tile_settings({}, config) == {
        "url": "https://tiles.example.org/{z}/{x}/{y}.png",
        "attribution": "Tiles &lt;b&gt;Example&lt;/b&gt; &amp; co",
    }
    assert basemap.tile_source({}, config) == ("tiles.example.org", "Tiles <b>Example</b> & co")
    env = {basemap.TILE_URL_ENV: "https://maps.org.int/t/{z}/{x}/{y}.png"}
    assert basemap.tile_settings(env, config)["url"] == "https://maps.org.int/t/{z}/{x}/{y}.png"  # env first
    assert basemap.tile_settings(env, nothing)["attribution"] == "Map tiles: maps.org.int"
    for bad in ("javascript:alert(1)//{z}{x}{y}", "https://x.org/tiles.png", 'https://x.org/{z}/{x}/{y}"><b>'):
        assert basemap.tile_settings({basemap.TILE_URL_ENV: bad}, nothing)["url"] == basemap.OSM_TILES
    assert basemap.tile_source({}, nothing) == ("tile.openstreetmap.org", labels.OSM_CREDIT)


def test_points_maps_carry_the_base_map_options(texts):
    layers = basemap.BaseLayers(
        tuple(texts[f"band-{n}.json"] for n in range(len(BANDS))), urls=("a/0.json", "a/1.json", "a/2.json")
    )
    sites = pd.DataFrame(
        {"site_id": ["whc:1"], "designation": ["world_heritage"], "name": ["X"], "lat": [46.5], "lon": [8.0]}
    )
    options = layers.options("en", basemap.tile_settings({}))
    data = maps.points_data(sites, None, base_layers=options)
    assert data["base"]["bands"][2]["url"] == "a/2.json"
    assert data["base"]["tiles"]["url"] == basemap.OSM_TILES
    assert maps.points_data(sites, None)["base"] is None
    assert maps.country_data(sites, None, "CHE", base_layers=options)["base"] == options
    html = maps.points_map(sites, None, base_layers=options)  # the standalone page holds them in its data
    assert '"url":"a/2.json"' in html and "tile.openstreetmap.org" in html
    assert any("addBaseLayers" in text for text in maps.code_bundle().values())
