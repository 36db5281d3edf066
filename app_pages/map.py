"""The map (home page): every filtered designation as clustered points, or countries shaded."""

import pandas as pd
import streamlit as st

from app_pages.shared import data, display, links, presentation, view
from geo import charts, i18n, labels, readable, tables
from geo.schema import KINDS
from geo.text import escape, markdown_escape, safe_url
from geo.urlstate import MODES, PERS, clean_view

MAP_HEIGHT = 640
# Above this many sites the map shades countries instead: tens of thousands of markers would take
# the browser tens of seconds, while the shading costs the same whatever the number of sites.
MAX_POINTS = 25_000

atlas = data.atlas()
state = view.current()
shown = data.filtered(state.filters)


def site_card(site: pd.Series) -> None:
    """The selected site: name, kind, countries, year, status, description, location and link."""
    country_names = data.country_names(state.lang)
    with st.container(border=True):
        name = tables.localized_names(site.to_frame().T, state.lang).iloc[0]
        name_lang = state.lang if name != site["name"] else "en"  # English where the source has no other
        # escaped: source text; lang and dir for screen readers and bidi (the page itself is English)
        st.html(f'<h2 lang="{name_lang}" dir="auto" class="atlas-site-name">{escape(name)}</h2>')
        facts = [
            labels.KIND_LABELS[site["designation"]],
            markdown_escape(tables.country_names(site["countries_iso3"], country_names)),
            (labels.SITE_SINCE.format(year=site["year"]) if pd.notna(site["year"]) else labels.SITE_YEAR_UNKNOWN),
        ]
        if site["in_danger"]:
            facts.append(labels.SITE_IN_DANGER)
        st.markdown(" · ".join(facts))
        if isinstance(site["description"], str):
            st.text(site["description"])
        # a record without a verification note is one of UNESCO's own (the World Heritage List)
        verification = readable.verification(site["verification"]) or labels.VERIFICATION_LABELS["official"]
        precision = site["geocode_precision"]
        if precision in labels.PRECISION_REASONS:
            st.caption(f"**{labels.MAP_TEXT['approximate']}** {labels.PRECISION_REASONS[precision]}")
        st.caption(
            labels.SITE_LOCATION.format(
                precision=readable.precision(precision) or labels.UNKNOWN,
                method=markdown_escape(readable.geocode_method(site["geocode_method"]) or labels.UNKNOWN),
                verification=markdown_escape(verification),
            )
        )
        if safe_url(site["url"]):
            st.link_button(labels.OFFICIAL_PAGE, safe_url(site["url"]))


shading = state.mode == "choropleth" or len(shown) > MAX_POINTS
if shading:
    map_data = data.choropleth_data(state.filters, state.per, state.lang)
else:
    map_data = data.with_selection(
        data.points_data(state.filters, state.lang, base=state.base), state.filters, state.lang, state.site
    )


def _picked(field: str):
    """The value the reader just sent from the map (a site, a country or a view), or None."""
    return getattr(st.session_state.get("atlas_map"), field, None)


def on_select() -> None:
    site = _picked("select")
    if site in data.loaded().known_sites:
        view.set_view(site=site)


def on_country() -> None:
    iso3 = _picked("country")
    if iso3 in data.loaded().country_codes:
        view.set_view(sel=iso3)
        st.session_state["goto_country"] = True


def on_view() -> None:
    moved_to = clean_view(_picked("view") or "")
    if moved_to:
        view.set_view(view=moved_to)


def live_map(height: int) -> None:
    display.show_map(
        map_data,
        key="atlas_map",
        height=height,
        write_view=True,
        on_select=on_select,
        on_country=on_country,
        on_view=on_view,
    )


if st.session_state.pop("goto_country", False):  # a click on a shaded country: its profile, same tab
    st.switch_page("app_pages/country.py", query_params=links.query(view.current()))

if presentation.embedded():  # in another site's frame: the map alone, as tall as the frame
    live_map(MAP_HEIGHT)
    st.stop()
if state.present:  # presentation mode: the map and one chart fill the screen
    left, right = st.columns([3, 2])
    with left:
        live_map(presentation.HEIGHT - presentation.MAP_ROOM)
    with right:
        display.plotly(
            data.figure(charts.top_countries, state.filters, n=15, per=state.per), height=presentation.HEIGHT
        )
    st.stop()

# The map goes out first, so the browser starts drawing it while the rest of the page is sent;
# the title, figures and controls fill the container reserved above it.
top = st.container()
if shading and state.mode == "points":
    st.info(labels.TOO_MANY_TO_DRAW.format(n=len(shown)), icon=":material/info:")
map_column, side = st.columns([5, 2])
with map_column:
    live_map(MAP_HEIGHT)

with top:
    st.title(labels.APP_TITLE)
    st.caption(labels.APP_TAGLINE)

    counts = shown["designation"].value_counts()
    caption = display.shown_caption(shown)
    metrics = st.columns(len(KINDS) + 1)
    metrics[0].metric(labels.SHOWN, i18n.number(len(shown)), help=caption)
    for column, kind in zip(metrics[1:], KINDS):
        column.metric(labels.KIND_LABELS_PLURAL[kind], i18n.number(int(counts.get(kind, 0))))
    st.caption(caption)

    controls = st.columns([2, 7])
    controls[0].segmented_control(
        labels.MAP_SHOWS,
        MODES,
        format_func=labels.MODE_LABELS.get,
        **view.bind("m_mode", lambda v: v.mode, lambda x: {"mode": x or "points"}),
    )
    if state.mode == "choropleth":
        controls[1].segmented_control(
            labels.MAP_COUNT,
            PERS,
            format_func=labels.PER_LABELS.get,
            **view.bind("m_per", lambda v: v.per, lambda x: {"per": x or "raw"}),
        )


def standalone(map_view: str | None = state.view) -> str:
    """The map as one page that opens anywhere, at the reader's view (made when the button is clicked,
    outside the script run: the view is the one the map reported, bound here)."""
    whole = (
        data.choropleth_data(state.filters, state.per, state.lang, published=False)
        if shading
        else data.points_data(state.filters, state.lang, published=False, base=state.base)
    )
    return data.standalone_map(whole, map_view, state.filters, state.lang)


with side:
    if shading:
        st.caption(labels.SHADED_HINT)
    else:
        st.text_input(labels.FIND_SITE, key="m_find", placeholder=labels.FIND_SITE_PLACEHOLDER, max_chars=100)
        typed = st.session_state["m_find"]
        matches = data.find_sites(state.filters, state.lang, typed)
        for site, label in matches:
            st.button(label, key=f"m_pick_{site}", type="tertiary", on_click=view.set_view, kwargs={"site": site})
        if typed.strip() and not matches:
            st.caption(labels.FIND_SITE_NONE)
        if state.site and (shown["site_id"] == state.site).any():
            site_card(shown.loc[shown["site_id"] == state.site].iloc[0])
        else:
            st.caption(labels.MAP_HINT)

with map_column:  # under the map, where they have room (the side column is narrow at 200 % zoom)
    if not shading:
        display.base_map_control()
    st.download_button(
        labels.DOWNLOAD_MAP,
        display.in_view_language(standalone),
        file_name="unesco-sites-atlas-map.html",
        mime="text/html",
        icon=":material/download:",
        help=labels.DOWNLOAD_MAP_HELP,
    )
