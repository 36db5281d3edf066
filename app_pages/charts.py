"""Charts: every figure follows the sidebar filters."""

import streamlit as st

from app_pages.shared import data, display, presentation, timeline, view
from geo import charts, labels
from geo.urlstate import PERS

atlas = data.atlas()
state = view.current()
shown = data.filtered(state.filters)

if presentation.embedded():  # in another site's frame: the first chart alone
    display.plotly(data.figure(charts.top_countries, state.filters, n=10, per=state.per))
    st.stop()
if state.present:  # presentation mode: the two main charts side by side
    left, right = st.columns(2)
    with left:
        display.plotly(
            data.figure(charts.top_countries, state.filters, n=15, per=state.per), height=presentation.HEIGHT
        )
    with right:
        display.plotly(data.figure(charts.per_year, state.filters), height=presentation.HEIGHT)
    st.stop()

st.title(labels.PAGE_TITLES["charts"])
st.caption(display.shown_caption(shown))
display.image_format_control()
show = display.plotly


left, right = st.columns(2)
with left:
    st.segmented_control(
        labels.RANK_COUNTRIES_BY,
        PERS,
        format_func=labels.PER_LABELS.get,
        **view.bind("c_per", lambda v: v.per, lambda x: {"per": x or "raw"}),
    )
    show(data.figure(charts.top_countries, state.filters, n=20, per=state.per))
with right:
    by_year, cumulative = st.tabs([labels.PER_YEAR_TAB, labels.CUMULATIVE_TAB])
    with by_year:
        show(data.figure(charts.per_year, state.filters))
    with cumulative:
        show(data.figure(charts.per_year, state.filters, cumulative=True))

left, right = st.columns(2)
with left:
    show(data.figure(charts.hierarchy, state.filters, kind="treemap"))
with right:
    show(data.figure(charts.wh_category_split, state.filters))
    show(data.figure(charts.danger_by_region, state.filters))

st.header(labels.BRI_LENS)
st.caption(labels.BRI_CREDIT)
show(data.figure(charts.bri_lens, state.filters))
st.caption(labels.BRI_LENS_HINT)

st.header(labels.YEAR_BY_YEAR)
timeline.year_by_year(state.filters)
