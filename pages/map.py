"""The map (home page): every filtered designation as clustered points, or countries shaded."""
import pandas as pd
import streamlit as st

from geo import charts, labels, tables
from geo.schema import KINDS
from geo.text import escape, markdown_escape, safe_url
from geo.urlstate import MODES, PERS
from pages import common

MAP_HEIGHT = 640
MAX_SITE_CHOICES = 5_000  # sites listed in the site finder
# Above this many sites the map shades countries instead: tens of thousands of markers would take
# the browser tens of seconds, while the shading costs the same whatever the number of sites.
MAX_POINTS = 25_000

data, state = common.frame()
shown = common.filtered(state)
shading = state.mode == "choropleth" or len(shown) > MAX_POINTS

if state.present:  # presentation mode: the map and one chart fill the screen
    left, right = st.columns([3, 2])
    with left:
        html = (common.choropleth(state.filters, state.per) if shading
                else common.points_map(state.filters, state.site))
        st.iframe(html, height=820)
        st.caption(common.shown_caption(shown, data) + " · " + labels.DISCLAIMER)
    with right:
        common.plotly(charts.top_countries(shown, data.countries, n=15, per=state.per), height=820)
    st.stop()

st.title(labels.APP_TITLE)
st.caption(labels.APP_TAGLINE)

counts = shown["designation"].value_counts()
metrics = st.columns(len(KINDS) + 1)
metrics[0].metric("Shown", f"{len(shown):,}", help=common.shown_caption(shown, data))
for column, kind in zip(metrics[1:], KINDS):
    column.metric(labels.KIND_LABELS_PLURAL[kind], f"{counts.get(kind, 0):,}")
st.caption(common.shown_caption(shown, data))

controls = st.columns([2, 2, 5])
st.session_state.setdefault("m_mode", state.mode)
controls[0].segmented_control("Map shows", MODES, key="m_mode", format_func=labels.MODE_LABELS.get,
                              on_change=lambda: common.set_view(mode=st.session_state["m_mode"] or "points"))
if state.mode == "choropleth":
    st.session_state.setdefault("m_per", state.per)
    controls[1].segmented_control("Count", PERS, key="m_per", format_func=labels.PER_LABELS.get,
                                  on_change=lambda: common.set_view(per=st.session_state["m_per"] or "raw"))
else:
    options, names = common.site_choices(state.filters, state.lang)
    if len(options) <= MAX_SITE_CHOICES:
        st.session_state.setdefault("m_site", state.site if state.site in names else None)
        controls[2].selectbox("Find a site", options, key="m_site",
                              placeholder="Type a name to zoom to it…", format_func=lambda s: names.get(s, s),
                              on_change=lambda: common.set_view(site=st.session_state["m_site"]))
    else:  # a list that long would weigh on every rerun: narrow it first
        controls[2].caption(f"{len(options):,} sites: narrow them with the filters or the name search "
                            "to pick one here.")

if shading and state.mode == "points":
    st.info(f"{len(shown):,} sites are too many to draw one by one, so the map shades countries. "
            "Narrow the filters to see the sites.", icon=":material/info:")
if shading:
    html = common.choropleth(state.filters, state.per)
else:
    html = common.points_map(state.filters, state.site)
st.iframe(html, height=MAP_HEIGHT)
st.caption(labels.DISCLAIMER)

def standalone() -> str:
    """The map as one page that opens anywhere (made when the button is clicked)."""
    if shading:
        return common.choropleth_html(state.filters, state.per)
    return common.points_map_html(state.filters, state.site, state.lang)


st.download_button("Download this map (HTML, opens offline)", standalone, file_name="unesco-sites-atlas-map.html",
                   mime="text/html", icon=":material/download:",
                   help="A self-contained page: Leaflet and the data are inside the file. Charts can "
                        "be saved as PNG from their toolbar.")

if state.site and state.mode == "points" and (shown["site_id"] == state.site).any():
    site = shown.loc[shown["site_id"] == state.site].iloc[0]
    country_names = common.loaded().country_names
    with st.container(border=True):
        name = tables.localized_names(site.to_frame().T, state.lang).iloc[0]
        st.html(f'<h3 dir="auto" class="atlas-site-name">{escape(name)}</h3>')  # escaped: source text
        facts = [labels.KIND_LABELS[site["designation"]],
                 markdown_escape(tables.country_names(site["countries_iso3"], country_names)),
                 f"since {site['year']}" if pd.notna(site["year"]) else "year unknown"]
        if site["in_danger"]:
            facts.append("**in danger**")
        st.markdown(" · ".join(facts))
        if isinstance(site["description"], str):
            st.text(site["description"])
        verification = site["verification"] if isinstance(site["verification"], str) else "official list"
        st.caption(f"Location: {labels.PRECISION_LABELS.get(site['geocode_precision'], '?')} "
                   f"({markdown_escape(site['geocode_method'])}). Verification: {markdown_escape(verification)}.")
        if safe_url(site["url"]):
            st.link_button("Official page ↗", safe_url(site["url"]))
