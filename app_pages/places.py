"""Places that hold several kinds of designation (World Heritage, Biosphere Reserve, Geopark …)."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from app_pages.shared import data, display, view
from geo import charts, i18n, labels, stats

atlas = data.atlas()
state = view.current()
# Counting kinds per place needs every kind, so this page ignores the kind filter.
minimum = max(2, state.filters.min_place_kinds)
everyone = replace(state.filters, kinds=(), min_place_kinds=minimum)
everything = data.filtered(everyone)
places = stats.places(everything, min_kinds=minimum)

st.title(labels.PAGE_TITLES["places"])
st.write(labels.PLACES_INTRO)
counts = places["n_kinds"].value_counts()
columns = st.columns(4)
columns[0].metric(labels.PLACES_SHOWN, i18n.number(len(places)))
for column, n in zip(columns[1:], (2, 3, 4)):
    column.metric(labels.HOLDING_N_KINDS.format(n=n), i18n.number(int(counts.get(n, 0))))
st.caption(labels.PLACES_NOTE.format(n=minimum))
header = labels.COLUMNS

left, right = st.columns([3, 2])
with left:
    display.show_map(
        data.points_data(replace(state.filters, kinds=(), min_place_kinds=minimum), state.lang, base=state.base),
        key="places_map",
        height=480,
    )
with right:
    display.image_format_control()
    display.plotly(data.figure(charts.shared_places_by_country, everyone, min_kinds=minimum))

names = data.country_names(state.lang)

st.header(labels.EVERY_SHARED_PLACE)
st.dataframe(
    pd.DataFrame(
        {
            header["place"]: places["name"],
            header["country"]: [names.get(c, c) for c in places["iso3"]],
            header["kinds"]: places["n_kinds"],
            header["designations_years"]: [
                ", ".join(f"{labels.KIND_LABELS[k]} ({y})" for k, y in zip(ks, ys))
                for ks, ys in zip(places["kinds"], places["years"])
            ],
        }
    ),
    hide_index=True,
    width="stretch",
    height=420,
)
