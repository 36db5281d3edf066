"""The naive baseline: what a first attempt at the map page looks like.

No caching: the parquet is read on every rerun, and the map is rebuilt with one plain
``folium.Marker`` (with a popup) per designation and sent whole via ``st.iframe``. Same filters
as the typical case of the benchmark (``?kind=whc&region=eur`` and an "In danger only" toggle).

Plain folium links Leaflet from a CDN, which fails offline. With ``BENCH_NAIVE_INLINE_LEAFLET=1``
(set by the benchmark for the browser timings only) Leaflet's JS and CSS are inlined from
the project's copy (``geo.maps.ASSETS_DIR``) instead; the other CDN links (jQuery, Bootstrap,
Font Awesome) stay and fail.

Run: ``streamlit run bench/naive_app.py`` (reads ``$UNESCO_ATLAS_DATA`` or data/).
"""

import os
from pathlib import Path

import folium
import geopandas as gpd
import streamlit as st

REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("UNESCO_ATLAS_DATA", REPO / "data"))
KIND_CODES = {"whc": "world_heritage", "mab": "biosphere_reserve", "uggp": "global_geopark", "c2c": "category2_centre"}
REGION_CODES = {
    "afr": "Africa",
    "arab": "Arab States",
    "apac": "Asia and the Pacific",
    "eur": "Europe and North America",
    "lac": "Latin America and the Caribbean",
}


def inline_leaflet(fmap: folium.Map) -> None:
    from geo.maps import ASSETS_DIR  # where the project keeps its copy of Leaflet

    assets = ASSETS_DIR / "leaflet"
    js = (assets / "leaflet.js").read_text(encoding="utf-8")
    css = (assets / "leaflet.css").read_text(encoding="utf-8")
    fmap.default_js = [(k, v) for k, v in fmap.default_js if k != "leaflet"]
    fmap.default_css = [(k, v) for k, v in fmap.default_css if k != "leaflet_css"]
    root = fmap.get_root()
    root.header.add_child(folium.Element(f"<script>{js}</script>"), name="leaflet_inline", index=0)
    root.header.add_child(folium.Element(f"<style>{css}</style>"), name="leaflet_css_inline")


st.set_page_config(page_title="Naive map", layout="wide")
from geo.paths import current_set  # noqa: E402  (the processed set the build published)

df = gpd.read_parquet(current_set(DATA / "processed") / "designations.parquet")
kinds = [KIND_CODES[k] for k in st.query_params.get("kind", "").split(",") if k in KIND_CODES]
regions = [REGION_CODES[r] for r in st.query_params.get("region", "").split(",") if r in REGION_CODES]
if kinds:
    df = df[df["designation"].isin(kinds)]
if regions:
    df = df[df["region"].isin(regions)]
with st.sidebar:
    danger = st.toggle("In danger only")
if danger:
    df = df[df["in_danger"]]

st.title("UNESCO designations (naive)")
st.metric("Shown", len(df))
fmap = folium.Map(location=[20, 10], zoom_start=2)
for row in df.itertuples():
    folium.Marker(
        [row.lat, row.lon], popup=folium.Popup(f"<b>{row.name}</b><br>{row.designation}, {row.year}"), tooltip=row.name
    ).add_to(fmap)
if os.environ.get("BENCH_NAIVE_INLINE_LEAFLET") == "1":
    inline_leaflet(fmap)
st.iframe(fmap.get_root().render(), height=640)
