"""UNESCO Sites Atlas: `streamlit run serve.py` (or `streamlit run dashboard.py`).

The entry point is the frame every page runs in: it loads the data, restores the view from the
URL, speaks its language, sets up the page (style, language, map code), runs the page and then
draws the shared sidebar. Pages in ``app_pages/`` hold only their own content.
"""

from __future__ import annotations

import streamlit as st

from app_pages.shared import data, links, presentation, sidebar, theme, view
from app_pages.shared.livemap import preload_code
from geo import i18n, labels

# url path -> (file, icon, has a map); the map is the home page
PAGES = {
    "map": ("app_pages/map.py", ":material/map:", True),
    "charts": ("app_pages/charts.py", ":material/bar_chart:", False),
    "country": ("app_pages/country.py", ":material/flag:", True),
    "table": ("app_pages/table.py", ":material/table:", False),
    "places": ("app_pages/places.py", ":material/hub:", True),
    "compare": ("app_pages/compare.py", ":material/compare_arrows:", False),
    "about": ("app_pages/about.py", ":material/info:", False),
}

data.atlas()  # stops the page with an explanation (and a rebuild offer) if the data can't load
requested = view.requested_page(PAGES)
notices = view.sync()  # from here on, labels come in the view's language
embedded = presentation.embedded()  # in another site's frame: the view alone
bare = view.current().present or embedded  # no sidebar: the frame's title line instead
# Before the navigation: a page's own (Material) icon would otherwise become the tab's icon,
# fetched from Google's font server.
st.set_page_config(
    page_icon="assets/favicon.png",
    layout="wide",
    initial_sidebar_state="collapsed" if bare else "auto",
)
pages = {
    key: st.Page(path, title=labels.PAGE_TITLES[key], icon=icon, url_path=key, default=key == links.HOME)
    for key, (path, icon, _map) in PAGES.items()
}
current = st.navigation(list(pages.values()), position="hidden")
page = current.url_path or links.HOME
if requested and requested != page:
    st.switch_page(pages[requested], query_params=links.query(view.current()))
view.set_view(page=page)
state = view.current()
st.set_page_config(page_title=f"{labels.PAGE_TITLES[page]} · {labels.APP_TITLE}", page_icon="assets/favicon.png")
if PAGES[page][2] and data.loaded().static_url is not None:
    preload_code(data.loaded().static_url)  # the map's code starts loading before anything else
theme.set_language(state.lang, i18n.direction(state.lang))
st.html(theme.page_css(present=state.present, embed=embedded, rtl=i18n.direction(state.lang) == "rtl"))
if embedded:
    presentation.caption(state, page)
else:
    if state.present:
        presentation.header(state, page)
    else:
        sidebar.navigation(pages)
    for notice in notices:
        st.warning(notice, icon=":material/info:")

current.run()

if not bare:
    sidebar.filters()
    sidebar.language_and_share()
data.site_details_job(state.lang)  # after the page: ready by the next map that needs it
