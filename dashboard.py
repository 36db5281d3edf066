"""UNESCO Sites Atlas: `streamlit run dashboard.py`.

The entry point: page setup and navigation. Every page starts with ``common.frame()``, which
loads the data and restores the view from the URL, and ends with ``common.controls()``, which
draws the shared sidebar filters.
"""
from __future__ import annotations

import streamlit as st

from geo import labels
from geo.urlstate import TRUE_WORDS
from app_pages import common


def _first(key: str) -> str:
    """A parameter as geo.urlstate.parse reads it: key in any case, the first of repeats, trimmed."""
    values = [v for k in st.query_params if k.strip().lower() == key for v in st.query_params.get_all(k)]
    return values[0].strip().lower() if values else ""


presenting = _first("present") in TRUE_WORDS
st.set_page_config(page_title=labels.APP_TITLE, page_icon="assets/favicon.png", layout="wide",
                   initial_sidebar_state="collapsed" if presenting else "expanded")

pages = {key: st.Page(path, title=title, icon=icon, url_path=key, default=key == "map")
         for key, (path, title, icon) in common.PAGES.items()}
current = st.navigation(list(pages.values()), position="hidden")
requested = _first("page")  # links may name the page instead of using its path
if requested in pages and requested != (current.url_path or "map"):
    # keep repeated keys (kind=whc&kind=mab): every page reads them all
    st.switch_page(pages[requested], query_params={k: st.query_params.get_all(k) for k in st.query_params
                                                   if k.strip().lower() != "page"})
current.run()
