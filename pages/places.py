"""Places that hold several kinds of designation (World Heritage, Biosphere Reserve, Geopark …)."""
from dataclasses import replace

import pandas as pd
import streamlit as st

from geo import labels, stats, style
from pages import common

data, state = common.frame()
# Counting kinds per place needs every kind, so this page ignores the kind filter.
minimum = max(2, state.filters.min_place_kinds)
everything = common.filtered(replace(state, filters=replace(state.filters, kinds=(), min_place_kinds=minimum)))
places = stats.places(everything, min_kinds=minimum)

st.title("Shared places")
st.write("Places where UNESCO designations of different kinds overlap, linked by distance and "
         "name similarity during the build (a place's designations share a `place_id`).")
counts = places["n_kinds"].value_counts()
columns = st.columns(4)
columns[0].metric("Places shown", f"{len(places):,}")
for column, n in zip(columns[1:], (2, 3, 4)):
    column.metric(f"Holding {n} kinds", f"{int(counts.get(n, 0)):,}")
st.caption(f"At least {minimum} kinds per place (change it in the sidebar) · other filters apply.")

left, right = st.columns([3, 2])
with left:
    st.iframe(common.points_map(replace(state.filters, kinds=(), min_place_kinds=minimum)), height=520)
with right:
    names = dict(zip(data.countries["iso3"], data.countries["name"]))
    by_country = places.groupby("iso3").size().sort_values(ascending=False).head(15)
    st.bar_chart(pd.DataFrame({"Country": [names.get(c, c) for c in by_country.index],
                               "Places": by_country.to_numpy()}),
                 x="Country", y="Places", horizontal=True, height=520, color=style.PLACES_COLOR,
                 sort="-Places")

st.subheader("Every shared place")
st.dataframe(pd.DataFrame({
    "Place": places["name"],
    "Country": [names.get(c, c) for c in places["iso3"]],
    "Kinds": places["n_kinds"],
    "Designations (year)": [", ".join(f"{labels.KIND_LABELS[k]} ({y})" for k, y in zip(ks, ys))
                            for ks, ys in zip(places["kinds"], places["years"])],
}), hide_index=True, width="stretch", height=420)
