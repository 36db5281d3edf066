"""The map (home page): every filtered designation as clustered points, or countries shaded."""
import pandas as pd
import streamlit as st

from geo import charts, labels, tables
from geo.schema import KINDS
from geo.text import escape, markdown_escape, safe_url
from geo.urlstate import MODES, PERS
from app_pages import common

MAP_HEIGHT = 640
MAX_SITE_CHOICES = 5_000  # sites listed in the site finder
# Above this many sites the map shades countries instead: tens of thousands of markers would take
# the browser tens of seconds, while the shading costs the same whatever the number of sites.
MAX_POINTS = 25_000

data, state = common.frame()
shown = common.filtered(state)
shading = state.mode == "choropleth" or len(shown) > MAX_POINTS
html = common.choropleth(state.filters, state.per) if shading else common.points_map(state.filters, state.site)

if state.present:  # presentation mode: the map and one chart fill the screen
    left, right = st.columns([3, 2])
    with left:
        st.iframe(html, height=820)
        st.caption(common.shown_caption(shown, data) + " · " + labels.DISCLAIMER)
    with right:
        common.plotly(charts.top_countries(shown, data.countries, n=15, per=state.per), height=820)
    st.stop()

# The map goes out first, so the browser starts drawing it while the rest of the page is sent;
# the title, figures and controls fill the container reserved above it.
top = st.container()
if shading and state.mode == "points":
    st.info(labels.TOO_MANY_TO_DRAW.format(n=len(shown)), icon=":material/info:")
st.iframe(html, height=MAP_HEIGHT)
st.caption(labels.DISCLAIMER)

with top:
    st.title(labels.APP_TITLE)
    st.caption(labels.APP_TAGLINE)

    counts = shown["designation"].value_counts()
    caption = common.shown_caption(shown, data)
    metrics = st.columns(len(KINDS) + 1)
    metrics[0].metric(labels.SHOWN, f"{len(shown):,}", help=caption)
    for column, kind in zip(metrics[1:], KINDS):
        column.metric(labels.KIND_LABELS_PLURAL[kind], f"{counts.get(kind, 0):,}")
    st.caption(caption)

    controls = st.columns([2, 7])  # the second holds the count switch (3 choices) or the site finder
    st.session_state.setdefault("m_mode", state.mode)
    controls[0].segmented_control(labels.MAP_SHOWS, MODES, key="m_mode", format_func=labels.MODE_LABELS.get,
                                  on_change=lambda: common.set_view(mode=st.session_state["m_mode"] or "points"))
    if state.mode == "choropleth":
        st.session_state.setdefault("m_per", state.per)
        controls[1].segmented_control(labels.MAP_COUNT, PERS, key="m_per", format_func=labels.PER_LABELS.get,
                                      on_change=lambda: common.set_view(per=st.session_state["m_per"] or "raw"))
    else:
        options, names = common.site_choices(state.filters, state.lang)
        if len(options) <= MAX_SITE_CHOICES:
            st.session_state.setdefault("m_site", state.site if state.site in names else None)
            controls[1].selectbox(labels.FIND_SITE, options, key="m_site",
                                  placeholder=labels.FIND_SITE_PLACEHOLDER, format_func=lambda s: names.get(s, s),
                                  on_change=lambda: common.set_view(site=st.session_state["m_site"]))
        else:  # a list that long would weigh on every rerun: narrow it first
            controls[1].caption(labels.TOO_MANY_TO_LIST.format(n=len(options)))


def standalone() -> str:
    """The map as one page that opens anywhere (made when the button is clicked)."""
    if shading:
        return common.choropleth_html(state.filters, state.per)
    return common.points_map_html(state.filters, state.site, state.lang)


if not shading:
    common.base_map_control()
st.download_button(labels.DOWNLOAD_MAP, standalone, file_name="unesco-sites-atlas-map.html",
                   mime="text/html", icon=":material/download:", help=labels.DOWNLOAD_MAP_HELP)

if state.site and state.mode == "points" and (shown["site_id"] == state.site).any():
    site = shown.loc[shown["site_id"] == state.site].iloc[0]
    country_names = common.loaded().country_names
    with st.container(border=True):
        name = tables.localized_names(site.to_frame().T, state.lang).iloc[0]
        name_lang = state.lang if name != site["name"] else "en"  # English where the source has no other
        # escaped: source text; lang and dir for screen readers and bidi (the page itself is English)
        st.html(f'<h2 lang="{name_lang}" dir="auto" class="atlas-site-name">{escape(name)}</h2>')
        facts = [labels.KIND_LABELS[site["designation"]],
                 markdown_escape(tables.country_names(site["countries_iso3"], country_names)),
                 (labels.SITE_SINCE.format(year=site["year"]) if pd.notna(site["year"])
                  else labels.SITE_YEAR_UNKNOWN)]
        if site["in_danger"]:
            facts.append(labels.SITE_IN_DANGER)
        st.markdown(" · ".join(facts))
        if isinstance(site["description"], str):
            st.text(site["description"])
        verification = (site["verification"] if isinstance(site["verification"], str)
                        else labels.VERIFICATION_DEFAULT)
        precision = labels.PRECISION_LABELS.get(site["geocode_precision"], "?")
        st.caption(labels.SITE_LOCATION.format(precision=precision, method=markdown_escape(site["geocode_method"]),
                                               verification=markdown_escape(verification)))
        if safe_url(site["url"]):
            st.link_button(labels.OFFICIAL_PAGE, safe_url(site["url"]))

common.controls(data)
