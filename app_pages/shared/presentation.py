"""A view shown to a room (presentation mode, ``present=1``) or embedded in another site
(Streamlit's ``embed=true``): its title line in words, the data's date and credit, the way back
to the full page, and the sizes the pages lay their map and charts out in.

At 1920×1080 a presentation page fits the screen without scrolling: the frame's title lines take
:data:`HEADER` pixels, the page's content :data:`HEIGHT` (the rest, less the page's margins).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app_pages.shared import data, links
from geo import describe, i18n, labels
from geo.text import escape
from geo.urlstate import ViewState

HEIGHT = 900  # px for a presentation page's content under the title lines, at 1920×1080
MAP_ROOM = 150  # px a map's frame takes besides the map: its summary line and the disclaimer
METRICS = 130  # px of a row of headline figures


def embedded() -> bool:
    """True when the page is shown inside another site's frame (``embed=true``)."""
    return bool(st.context.is_embedded)


def title_line(state: ViewState, page: str) -> str:
    """The page's subject (none for the map) and the view's filters in words; on a country profile
    the country shown."""
    filters = state.filters
    if page == "country" and state.sel:
        filters = replace(filters, countries=(state.sel,))
    subject = None if page == links.HOME else labels.PAGE_TITLES[page]
    return describe.view_title(filters, data.country_names(state.lang), subject, data.loaded().year_span)


def header(state: ViewState, page: str) -> None:
    """Presentation mode's top line: the title line, under it the data's date and its sources,
    and a link to the same view without presentation mode."""
    meta = [labels.PRESENT_DATA_DATE.format(date=i18n.long_date(data.loaded().data_date)), labels.CREDIT_LINE]
    exit_link = links.address(state, present=False)
    st.html(
        f'<header class="atlas-present">'
        f'<div><h1 class="atlas-present-title">{escape(title_line(state, page))}</h1>'
        f'<p class="atlas-present-meta">{escape(describe.SEPARATOR.join(meta))}</p></div>'
        f'<a class="atlas-exit" href="{escape(exit_link)}" title="{escape(labels.EXIT_PRESENTATION_HELP)}">'
        f"{escape(labels.EXIT_PRESENTATION)}</a></header>"
    )


def caption(state: ViewState, page: str) -> None:
    """An embedded view's one-line caption: its title line."""
    title = escape(title_line(state, page))
    st.html(f'<p class="atlas-embed-caption" title="{title}">{title}</p>')
