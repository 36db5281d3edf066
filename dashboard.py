"""UNESCO Sites Atlas: `streamlit run dashboard.py`.

The entry point: page setup and navigation. Every page starts with ``common.frame()``, which
loads the data, restores the view from the URL and draws the shared sidebar.
"""
from __future__ import annotations

import streamlit as st

from geo import labels
from pages import common

presenting = st.query_params.get("present") in ("1", "true", "yes")
st.set_page_config(page_title=labels.APP_TITLE, page_icon="assets/favicon.png", layout="wide",
                   initial_sidebar_state="collapsed" if presenting else "expanded")

pages = {key: st.Page(path, title=title, icon=icon, url_path=key, default=key == "map")
         for key, (path, title, icon) in common.PAGES.items()}
current = st.navigation(list(pages.values()), position="hidden")
requested = st.query_params.get("page")  # links may name the page instead of using its path
if requested in pages and requested != current.url_path and not (requested == "map" and current.url_path == ""):
    st.switch_page(pages[requested], query_params={k: v for k, v in st.query_params.to_dict().items() if k != "page"})
current.run()
