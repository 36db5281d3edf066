"""Charts: every figure follows the sidebar filters."""
import streamlit as st

from geo import labels
from geo.urlstate import PERS
from app_pages import common, timeline

data, state = common.frame()
shown = common.filtered(state)

st.title(labels.PAGE_TITLES["charts"])
st.caption(common.shown_caption(shown, data))
common.image_format_control()
show = common.plotly


left, right = st.columns(2)
with left:
    st.session_state.setdefault("c_per", state.per)
    st.segmented_control(labels.RANK_COUNTRIES_BY, PERS, key="c_per", format_func=labels.PER_LABELS.get,
                         on_change=lambda: common.set_view(per=st.session_state["c_per"] or "raw"))
    show(common.figure("top_countries", state.filters, n=20, per=state.per))
with right:
    by_year, cumulative = st.tabs([labels.PER_YEAR_TAB, labels.CUMULATIVE_TAB])
    with by_year:
        show(common.figure("per_year", state.filters))
    with cumulative:
        show(common.figure("per_year", state.filters, cumulative=True))

left, right = st.columns(2)
with left:
    show(common.figure("hierarchy", state.filters, kind="treemap"))
with right:
    show(common.figure("wh_category_split", state.filters))
    show(common.figure("danger_by_region", state.filters))

st.header(labels.BRI_LENS)
st.caption(labels.BRI_CREDIT)
show(common.figure("bri_lens", state.filters))
st.caption(labels.BRI_LENS_HINT)

st.header(labels.YEAR_BY_YEAR)
timeline.year_by_year(shown)

common.controls(data)
