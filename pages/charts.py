"""Charts: every figure follows the sidebar filters."""
import streamlit as st

from geo import labels
from geo.urlstate import PERS
from pages import common

data, state = common.frame()
shown = common.filtered(state)

st.title("Charts")
st.caption(common.shown_caption(shown, data))
show = common.plotly


left, right = st.columns(2)
with left:
    st.session_state.setdefault("c_per", state.per)
    st.segmented_control("Countries ranked by", PERS, key="c_per", format_func=labels.PER_LABELS.get,
                         on_change=lambda: common.set_view(per=st.session_state["c_per"] or "raw"))
    show(common.figure("top_countries", state.filters, n=20, per=state.per))
with right:
    by_year, cumulative = st.tabs(["Per year", "Cumulative"])
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

st.subheader("Belt and Road lens")
st.caption(labels.BRI_CREDIT)
show(common.figure("bri_lens", state.filters))
st.caption("To see the Belt and Road countries alone on the map or in any chart, switch on "
           "“Belt and Road countries only” in the sidebar.")

st.subheader("Year by year")
st.caption("Press play to watch the designations accumulate; the year range filter applies.")
show(common.figure("timeline_animation", state.filters))
