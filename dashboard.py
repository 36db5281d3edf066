"""UNESCO Sites Atlas: `streamlit run dashboard.py`.

The entry point: page setup, the data, the view state from the URL, navigation that keeps the
URL's filters, and the shared sidebar. Each page in pages/ composes widgets around geo/.
"""
from __future__ import annotations

import streamlit as st

from geo import labels
from pages import common

st.set_page_config(page_title=labels.APP_TITLE, page_icon=":material/public:", layout="wide",
                   initial_sidebar_state="expanded")

PAGES = {
    "map": st.Page("pages/map.py", title="Map", icon=":material/map:", url_path="map", default=True),
    "charts": st.Page("pages/charts.py", title="Charts", icon=":material/bar_chart:", url_path="charts"),
    "country": st.Page("pages/country.py", title="Country profile", icon=":material/flag:", url_path="country"),
    "table": st.Page("pages/table.py", title="Table and export", icon=":material/table:", url_path="table"),
    "about": st.Page("pages/about.py", title="About and sources", icon=":material/info:", url_path="about"),
}

data = common.atlas()
requested_page = st.query_params.get("page")
notices = common.sync_view(data)
current = st.navigation(list(PAGES.values()), position="hidden")
if requested_page in PAGES and PAGES[requested_page].url_path != current.url_path:
    st.switch_page(PAGES[requested_page], query_params=common.share_query())

with st.sidebar:
    st.markdown(f"### {labels.APP_TITLE}")
    for page in PAGES.values():
        st.page_link(page, query_params=common.share_query())
common.sidebar(data)
for notice in notices:
    st.warning(notice, icon="ℹ️")
current.run()
