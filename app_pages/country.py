"""Country profile: one country's designations, map, comparison with its region, shared places."""

from dataclasses import replace
from functools import partial

import pandas as pd
import streamlit as st

from app_pages.shared import data, display, presentation, view
from geo import brief, charts, labels, stats, tables
from geo.schema import KINDS
from geo.text import markdown_escape

atlas = data.atlas()
state = view.current()
countries = data.countries_table(state.lang).set_index("iso3")
# The profile keeps every filter but the country list, which would hide the rest of the region.
others_filters = replace(state.filters, countries=())
with_sites = data.countries_with_sites(state.lang)


def _chosen(state) -> str | None:
    wanted = state.sel or (state.filters.countries[0] if state.filters.countries else None)
    return wanted if wanted in with_sites else None


def headline(rows) -> None:
    """The designations of each kind, as figures."""
    counts = rows["designation"].value_counts()
    metrics = st.columns(len(KINDS) + 1)
    metrics[0].metric(labels.ALL_DESIGNATIONS, len(rows))
    for column, kind in zip(metrics[1:], KINDS):
        column.metric(labels.KIND_LABELS_PLURAL[kind], int(counts.get(kind, 0)))


def country_map(iso3: str, height: int) -> None:
    display.show_map(
        data.country_map_data(state.filters, iso3, state.lang, state.base), key="country_map", height=height
    )


def rows_of(iso3: str):
    return data.filtered(replace(state.filters, countries=(iso3,)))


if presentation.embedded() or state.present:  # the country's map (and its figures, to a room)
    iso3 = _chosen(state)
    if iso3 is None:
        st.info(labels.COUNTRY_HINT)
    elif presentation.embedded():
        country_map(iso3, 480)
    else:
        headline(rows_of(iso3))
        left, right = st.columns([3, 2])
        with left:
            country_map(iso3, presentation.HEIGHT - presentation.MAP_ROOM - presentation.METRICS)
        with right:
            chart = data.figure(charts.country_vs_region, others_filters, iso3=iso3)
            display.plotly(chart, height=presentation.HEIGHT - presentation.METRICS)
    st.stop()

st.title(labels.PAGE_TITLES["country"])
st.selectbox(
    labels.COUNTRY,
    with_sites,
    placeholder=labels.CHOOSE_COUNTRY,
    format_func=lambda c: countries.at[c, "name"],
    **view.bind("c_sel", _chosen, lambda x: {"sel": x}),
)
iso3 = st.session_state["c_sel"]
if iso3 is None:
    st.info(labels.COUNTRY_HINT)
else:
    country = countries.loc[iso3]
    rows = rows_of(iso3)
    st.header(markdown_escape(country["name"]))
    region = labels.REGION_LABELS.get(country["region"], labels.NO_REGION)
    st.caption(labels.COUNTRY_FACTS.format(region=region, population=country["population"], area=country["area_km2"]))

    headline(rows)
    counts = rows["designation"].value_counts()
    in_danger = int(rows["in_danger"].sum())
    if in_danger:
        st.warning(labels.IN_DANGER.format(n=in_danger))

    # The brief is made only when the button is clicked, on another thread: partial binds what
    # it needs now (a lambda would read the page's names as they are by then).
    make_brief = partial(
        brief.country_brief,
        iso3,
        data.filtered(others_filters),
        data.countries_table(state.lang),
        state.lang,
        filtered=not others_filters.is_default(),
    )
    st.download_button(
        labels.BRIEF_DOWNLOAD,
        make_brief,
        file_name=f"unesco-atlas-brief-{iso3}.html",
        mime="text/html",
        help=labels.BRIEF_DOWNLOAD_HELP,
        icon=":material/print:",
    )

    bri = country["bri_status"] if isinstance(country["bri_status"], str) else None
    st.markdown(labels.BRI_LINE.format(status=labels.BRI_STATUS.get(bri, labels.BRI_STATUS[None])))
    st.caption(labels.BRI_CREDIT)

    left, right = st.columns([3, 2])
    with left:
        country_map(iso3, 480)
    with right:
        display.image_format_control()
        display.plotly(data.figure(charts.country_vs_region, others_filters, iso3=iso3))

    st.subheader(labels.SITES_BY_KIND)
    header = labels.COLUMNS
    kind_columns = [header[c] for c in ("name", "year", "subtype", "in_danger", "transboundary", "url")]
    tabs = st.tabs([f"{labels.KIND_LABELS[k]} ({int(counts.get(k, 0))})" for k in KINDS])
    for tab, kind in zip(tabs, KINDS):
        with tab:
            table = tables.display_table(rows[rows["designation"] == kind], atlas.countries, state.lang)
            st.dataframe(
                table[kind_columns],
                hide_index=True,
                width="stretch",
                column_config={
                    header["url"]: st.column_config.LinkColumn(display_text=labels.OPEN_LINK),
                    header["year"]: st.column_config.NumberColumn(format="%d"),
                },
            )

    st.subheader(labels.SHARED_PLACES_HEADING)
    shared = stats.places(rows, min_kinds=2)
    if shared.empty:
        st.write(labels.NO_SHARED_PLACES)
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    header["place"]: shared["name"],
                    header["kinds"]: [", ".join(labels.KIND_LABELS[k] for k in ks) for ks in shared["kinds"]],
                    header["years"]: [", ".join(str(y) for y in ys) for ys in shared["years"]],
                }
            ),
            hide_index=True,
            width="stretch",
        )
