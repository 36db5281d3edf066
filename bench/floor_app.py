"""A floor for the browser timings: about the least a Streamlit page with a Leaflet map can do.

One metric, a sidebar toggle and an iframe holding Leaflet (inlined from the project's copy,
``geo.maps.ASSETS_DIR``) with one
marker (two when the toggle is on). The benchmark opens and clicks it like the atlas, so the
atlas's browser figures can be read against what Streamlit itself costs on the same machine.
"""

import streamlit as st

from geo.maps import ASSETS_DIR

ASSETS = ASSETS_DIR / "leaflet"
MARKER = "L.marker([%s], {icon: L.divIcon({className: 'floor', iconSize: [12, 12]})}).addTo(m);"

st.set_page_config(page_title="Floor", layout="wide")
with st.sidebar:
    more = st.toggle("In danger only")
st.metric("Shown", 2 if more else 1)
css = (ASSETS / "leaflet.css").read_text(encoding="utf-8")
js = (ASSETS / "leaflet.js").read_text(encoding="utf-8")
markers = MARKER % "48.85, 2.35" + (MARKER % "41.9, 12.5" if more else "")
st.iframe(
    f"""<!DOCTYPE html><html><head><style>{css}</style><script>{js}</script>
<style>html, body, #m {{ height: 100%; margin: 0; }} .floor {{ background: #0072B2; }}</style></head>
<body><div id="m"></div><script>var m = L.map('m').setView([30, 10], 2); {markers}</script></body></html>""",
    height=640,
)
