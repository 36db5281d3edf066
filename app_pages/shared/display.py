"""How pages show the shared kinds of content: the live map, a chart with its text alternative,
the counts caption, and the view's small controls (base map, chart download format)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from app_pages.shared import data, livemap, presentation, view
from geo import chart_text, charts, i18n, labels, maps
from geo.text import markdown_escape
from geo.urlstate import BASES, IMAGE_FORMATS

PLOTLY_CONFIG = {**charts.PLOTLY_CONFIG, "responsive": True}


def cited(text: object) -> str:
    """Source text quoted as written (a title, a licence, a credit, a build note), inert for
    Markdown and marked as English for screen readers and translators; for ``st.markdown`` with
    ``unsafe_allow_html``."""
    return f'<span lang="en">{markdown_escape(text)}</span>'


def shown_caption(shown: pd.DataFrame) -> str:
    """'1,234 of 2,345 designations shown'."""
    return labels.SHOWN_OF_TOTAL.format(shown=len(shown), n=len(data.loaded().atlas.designations))


def show_map(map_data: dict, *, key: str, height: int, write_view: bool = False, **callbacks) -> None:
    """The live map of ``map_data`` (see :mod:`app_pages.shared.livemap`); where the map files could
    not be published, the standalone page in a frame instead (no selection, no view in the address).
    In presentation mode and embedded, its frame is as tall as the map and its caption lines."""
    static_url = data.loaded().static_url
    if static_url is None:
        st.iframe(maps.standalone(map_data), height=height + 90)
        return
    fit = view.current().present or presentation.embedded()
    livemap.live_map(
        map_data, key=key, static_url=static_url, height=height, write_view=write_view, fit=fit, **callbacks
    )


def plotly(figure, height: int | None = None, **kwargs) -> None:
    """A chart with the atlas' own template, the language's number format and the offline config,
    and its text alternative under it. The camera button in its toolbar saves the chart as drawn
    (PNG or SVG, the view's ``img``), named after its title; ``height`` pixels tall when given. In presentation mode its
    type is large (no text under 20 px; the title line above names filters and sources); there and
    embedded, no text alternative under it (the room sees the chart; an embedding page has room
    for the chart alone)."""
    state = view.current()
    embedded = presentation.embedded()
    shown = figure
    if embedded:  # as tall as the embedding frame lets it be
        kwargs["height"] = "stretch"
    elif state.present:
        shown = charts.for_presentation(figure, height)
    elif height:
        kwargs["height"] = height
    if i18n.direction() == "rtl":
        shown = charts.right_to_left(shown)
    # A fixed width: a chart from a narrow column still saves with room for its legend.
    download = {"format": state.img, "filename": charts.image_filename(figure), "width": 1200, "scale": 2}
    config = {**PLOTLY_CONFIG, "toImageButtonOptions": download, "locale": i18n.current()}
    st.plotly_chart(shown, width="stretch", theme=None, config=config, **kwargs)
    if not (state.present or embedded):
        chart_alternative(figure)


def chart_alternative(figure) -> None:
    """A chart's text alternative: its title and one sentence about its data, and the data as a
    table on demand."""
    st.caption(chart_text.summary(figure))
    table = chart_text.data_table(figure)
    if not table.empty:
        with st.expander(labels.CHART_DATA.format(title=chart_text.title(figure))):
            st.table(table)


def base_map_control() -> None:
    """Offline base map or online tiles (``base=osm``), kept in the URL."""
    st.segmented_control(
        labels.BASE_MAP,
        BASES,
        required=True,
        format_func=labels.BASE_MAP_LABELS.get,
        help=labels.BASE_MAP_HELP,
        **view.bind("base_map", lambda v: v.base, lambda x: {"base": x}),
    )


def image_format_control() -> None:
    """A PNG/SVG switch for the charts' download button, kept in the URL (``img``)."""
    st.segmented_control(
        labels.IMAGE_FORMAT,
        IMAGE_FORMATS,
        required=True,
        format_func=labels.IMAGE_FORMAT_LABELS.get,
        help=labels.IMAGE_FORMAT_HELP,
        **view.bind("img_format", lambda v: v.img, lambda x: {"img": x}),
    )


def in_view_language(make: Callable[[], bytes | str]) -> Callable[[], bytes | str]:
    """``make`` (a download's file, made when its button is clicked, outside the script run) run
    in the view's language."""
    lang = view.current().lang

    def made() -> bytes | str:
        with i18n.using(lang):
            return make()

    return made
