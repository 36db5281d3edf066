"""Places that hold several kinds of designation (World Heritage, Biosphere Reserve, Geopark …)."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from app_pages.shared import data, display, presentation, view
from geo import charts, i18n, labels, stats

atlas = data.atlas()
state = view.current()
# Counting kinds per place needs every kind, so this page ignores the kind filter.
minimum = max(2, state.filters.min_place_kinds)
everyone = replace(state.filters, kinds=(), min_place_kinds=minimum)
everything = data.filtered(everyone)
places = stats.places(everything, min_kinds=minimum)

shared_map = data.points_data(replace(state.filters, kinds=(), min_place_kinds=minimum), state.lang, base=state.base)
by_country = data.figure(charts.shared_places_by_country, everyone, min_kinds=minimum)


def headline() -> None:
    """How many places hold two, three or four kinds."""
    counts = places["n_kinds"].value_counts()
    columns = st.columns(4)
    columns[0].metric(labels.PLACES_SHOWN, i18n.number(len(places)))
    for column, n in zip(columns[1:], (2, 3, 4)):
        column.metric(labels.HOLDING_N_KINDS.format(n=n), i18n.number(int(counts.get(n, 0))))


if presentation.embedded():  # in another site's frame: the map alone
    display.show_map(shared_map, key="places_map", height=480)
    st.stop()
if state.present:  # the figures, the map and the chart fill the screen
    headline()
    left, right = st.columns([3, 2])
    with left:
        height = presentation.HEIGHT - presentation.MAP_ROOM - presentation.METRICS
        display.show_map(shared_map, key="places_map", height=height)
    with right:
        display.plotly(by_country, height=presentation.HEIGHT - presentation.METRICS)
    st.stop()

st.title(labels.PAGE_TITLES["places"])
st.write(labels.PLACES_INTRO)
headline()
st.caption(labels.PLACES_NOTE.format(n=minimum))
header = labels.COLUMNS

left, right = st.columns([3, 2])
with left:
    display.show_map(shared_map, key="places_map", height=480)
with right:
    display.image_format_control()
    display.plotly(by_country)

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
