"""Country profile: one country's designations, map, comparison with its region, shared places."""
from dataclasses import replace

import pandas as pd
import streamlit as st

from geo import charts, labels, query, stats, tables
from geo.schema import KINDS
from geo.text import markdown_escape
from pages import common

data, state = common.frame()
countries = data.countries.set_index("iso3")
# The profile keeps every filter but the country list, which would hide the rest of the region.
others = common.filtered(replace(state, filters=replace(state.filters, countries=())))
with_sites = sorted(set(data.countries.loc[data.countries["designations"] > 0, "iso3"]),
                    key=lambda c: countries.at[c, "name"])

st.title("Country profile")
default = state.sel or (state.filters.countries[0] if state.filters.countries else None)
st.session_state.setdefault("c_sel", default if default in with_sites else None)
st.selectbox("Country", with_sites, key="c_sel", placeholder="Choose a country…",
             format_func=lambda c: countries.at[c, "name"],
             on_change=lambda: common.set_view(sel=st.session_state["c_sel"]))
iso3 = st.session_state["c_sel"]
if iso3 is None:
    st.info("Choose a country above, or open one from the map's country shading.")
else:
    country = countries.loc[iso3]
    rows = query.in_country(others, iso3)
    st.header(markdown_escape(country["name"]))
    st.caption(f"{country['region'] if isinstance(country['region'], str) else 'No UNESCO region'} · "
               f"population {country['population']:,.0f} · area {country['area_km2']:,.0f} km² "
               "(Natural Earth) · figures follow the sidebar filters except the country list")

    counts = rows["designation"].value_counts()
    metrics = st.columns(len(KINDS) + 1)
    metrics[0].metric("All designations", len(rows))
    for column, kind in zip(metrics[1:], KINDS):
        column.metric(labels.KIND_LABELS_PLURAL[kind], int(counts.get(kind, 0)))
    in_danger = int(rows["in_danger"].sum())
    if in_danger:
        st.warning(f"{in_danger} World Heritage propert{'y is' if in_danger == 1 else 'ies are'} on the "
                   "List of World Heritage in Danger.")

    bri = country["bri_status"] if isinstance(country["bri_status"], str) else None
    st.markdown(f"**Belt and Road:** {labels.BRI_STATUS.get(bri, labels.BRI_STATUS[None])}")
    st.caption(labels.BRI_CREDIT)

    left, right = st.columns([3, 2])
    with left:
        st.iframe(common.country_map_html(state.filters, iso3, state.lang), height=520)
    with right:
        common.plotly(charts.country_vs_region(others, iso3, data.countries))

    st.subheader("Sites by kind")
    tabs = st.tabs([f"{labels.KIND_LABELS[k]} ({int(counts.get(k, 0))})" for k in KINDS])
    for tab, kind in zip(tabs, KINDS):
        with tab:
            table = tables.display_table(rows[rows["designation"] == kind], data.countries, state.lang)
            st.dataframe(table[["Name", "Year", "Category / sector", "In danger", "Transboundary",
                                "Official page"]],
                         hide_index=True, width="stretch",
                         column_config={"Official page": st.column_config.LinkColumn(display_text="Open ↗"),
                                        "Year": st.column_config.NumberColumn(format="%d")})

    st.subheader("Places that hold several designations")
    shared = stats.places(rows, min_kinds=2)
    if shared.empty:
        st.write("None among the designations shown.")
    else:
        st.dataframe(pd.DataFrame({
            "Place": shared["name"],
            "Kinds": [", ".join(labels.KIND_LABELS[k] for k in ks) for ks in shared["kinds"]],
            "Years": [", ".join(str(y) for y in ys) for ys in shared["years"]],
        }), hide_index=True, width="stretch")
