"""Compare two to five countries side by side: kinds, growth, danger, shared places."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from app_pages.shared import data, display, presentation, view
from geo import charts, i18n, labels, stats
from geo.schema import KINDS

MAX_COUNTRIES = 5

atlas = data.atlas()
state = view.current()
names = data.country_names(state.lang)
with_sites = data.countries_with_sites(state.lang)
# The countries compared are the sidebar's country filter; the rest of the filters apply.
known = [c for c in state.filters.countries if c in names]
chosen = known[:MAX_COUNTRIES]
every_country = replace(state.filters, countries=())
shown = data.filtered(every_country)


def kinds_chart():
    return data.figure(charts.compare_countries, every_country, iso3s=tuple(chosen))


def growth_chart():
    return data.figure(charts.compare_growth, every_country, iso3s=tuple(chosen))


if presentation.embedded() or state.present:  # the charts alone: the first embedded, both to a room
    if len(chosen) < 2:
        st.info(labels.COMPARE_HINT)
    elif presentation.embedded():
        display.plotly(kinds_chart())
    else:
        left, right = st.columns(2)
        with left:
            display.plotly(kinds_chart(), height=presentation.HEIGHT)
        with right:
            display.plotly(growth_chart(), height=presentation.HEIGHT)
    st.stop()

st.title(labels.PAGE_TITLES["compare"])
if len(known) > MAX_COUNTRIES:
    st.warning(
        labels.COMPARE_DROPPED.format(
            n=len(known), most=MAX_COUNTRIES, dropped=", ".join(names[c] for c in known[MAX_COUNTRIES:])
        ),
        icon=":material/info:",
    )
if st.session_state.get("cmp") != chosen:  # one state with the sidebar's country filter
    st.session_state["cmp"] = chosen
st.multiselect(
    labels.COMPARE_PICK,
    with_sites,
    key="cmp",
    max_selections=MAX_COUNTRIES,
    format_func=names.get,
    placeholder=labels.CHOOSE_COUNTRIES,
    on_change=lambda: view.set_filters(countries=tuple(st.session_state["cmp"] or ())),
)
if len(chosen) < 2:
    st.info(labels.COMPARE_HINT)
else:
    summary = stats.country_summary(shown).reindex(chosen).fillna(0)
    places = stats.places(shown, min_kinds=2)
    header = labels.COLUMNS
    table = pd.DataFrame(
        {
            header["country"]: [names[c] for c in chosen],
            header["all"]: summary["total"].astype(int).to_numpy(),
            **{labels.KIND_LABELS_PLURAL[k]: summary[k].astype(int).to_numpy() for k in KINDS},
            header["wh_in_danger"]: summary["in_danger"].astype(int).to_numpy(),
            header["wh_danger_share"]: [
                i18n.percent(d / w) if w else "—" for d, w in zip(summary["in_danger"], summary["world_heritage"])
            ],
            header["shared_places"]: [int((places["iso3"] == c).sum()) for c in chosen],
            header["bri"]: [
                labels.BRI_SHORT.get(s if isinstance(s, str) else None)
                for s in atlas.countries.set_index("iso3")["bri_status"].reindex(chosen)
            ],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    display.image_format_control()
    left, right = st.columns(2)
    with left:
        display.plotly(kinds_chart())
    with right:
        display.plotly(growth_chart())
    st.caption(labels.COUNTED_FOR_EACH_COUNTRY)
