"""The year-by-year chart of the Charts page: a year slider and a Play/Pause button.

Playing steps through the years on the server (a fragment reruns every :data:`STEP_SECONDS`),
so the keyboard drives it like any button: Tab to it, Space or Enter to play, again to pause;
the slider takes the arrow keys and pauses the play. When the system asks for reduced motion,
app_pages.shared.theme.ACCESSIBLE_CSS hides the button and shows a note: the slider alone steps through the years.
"""

from __future__ import annotations

import streamlit as st

from app_pages.shared import data, display
from geo import charts, labels, query

STEP_SECONDS = 0.8


def _toggle(span: tuple[int, int]) -> None:
    ss = st.session_state
    ss["t_playing"] = not ss.get("t_playing", False)
    if ss["t_playing"] and ss.get("t_year") == span[1]:  # at the end: play from the first year
        ss["t_year"] = span[0]


def _pause() -> None:
    st.session_state["t_playing"] = False


def year_by_year(filters: query.Filters) -> None:
    """The chart of the designations ``filters`` select, up to the year on the slider."""
    span = charts.timeline_years(data.filtered(filters))
    if span is None or span[0] == span[1]:
        display.plotly(data.figure(charts.timeline, filters))
        return
    ss = st.session_state
    if ss.get("t_span") != span:  # new filters: stop on their last year
        ss.update(t_span=span, t_year=span[1], t_playing=False)
    playing = ss.get("t_playing", False)
    st.caption(labels.YEAR_BY_YEAR_HINT)
    with st.container(key="t_motion_note"):
        st.caption(labels.REDUCED_MOTION_NOTE)
    st.button(
        labels.PAUSE if playing else labels.PLAY,
        key="t_play",
        on_click=_toggle,
        args=(span,),
        icon=":material/pause:" if playing else ":material/play_arrow:",
    )

    @st.fragment(run_every=STEP_SECONDS if playing else None)
    def frames() -> None:
        if playing != ss.get("t_playing", False):  # paused from the slider: redraw the button
            st.rerun()
        if playing:
            if ss["t_year"] >= span[1]:
                ss["t_playing"] = False
                st.rerun()
            ss["t_year"] += 1
        st.slider(labels.TIMELINE_YEAR, span[0], span[1], key="t_year", on_change=_pause)
        display.plotly(data.figure(charts.timeline, filters, year=ss["t_year"]))

    frames()
