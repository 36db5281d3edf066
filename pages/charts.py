"""Charts: every figure follows the sidebar filters."""
import streamlit as st

from geo import charts, labels
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
    show(charts.top_countries(shown, data.countries, n=20, per=state.per))
with right:
    by_year, cumulative = st.tabs(["Per year", "Cumulative"])
    with by_year:
        show(charts.per_year(shown))
    with cumulative:
        show(charts.per_year(shown, cumulative=True))

left, right = st.columns(2)
with left:
    show(charts.hierarchy(shown, data.countries, kind="treemap"))
with right:
    show(charts.wh_category_split(shown))
    show(charts.danger_by_region(shown))

st.subheader("Belt and Road lens")
st.caption(labels.BRI_CREDIT)
show(charts.bri_lens(shown, data.countries))
st.caption("To see the Belt and Road countries alone on the map or in any chart, switch on "
           "“Belt and Road countries only” in the sidebar.")

st.subheader("Year by year")
st.caption("Press play to watch the designations accumulate; the year range filter applies.")
show(charts.timeline_animation(shown))
