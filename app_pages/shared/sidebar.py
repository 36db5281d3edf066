"""The sidebar every page shares: navigation, the filters, the language and the Share control.
Every change lands in the view, and so in the URL."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app_pages.shared import data, links, view
from app_pages.shared.display import shown_caption
from geo import i18n, labels, query
from geo.schema import KINDS, REGIONS, WH_CATEGORIES


def navigation(pages: dict[str, st.Page]) -> None:
    """The app's name and a link to each page that keeps the view."""
    with st.sidebar:
        st.markdown(f"**{labels.APP_TITLE}**")  # the page's own title is its one h1
        params = links.query(view.current())
        for page in pages.values():
            st.page_link(page, query_params=params)


def _tuple(values) -> tuple:
    return tuple(values or ())


def filters() -> None:
    """The shared filters."""
    state = view.current()
    names = data.country_names(state.lang)
    with st.sidebar:
        st.header(labels.FILTERS, anchor=False)
        st.caption(shown_caption(data.filtered(state.filters)))
        st.pills(
            labels.FILTER_KINDS,
            list(KINDS),
            selection_mode="multi",
            format_func=labels.KIND_LABELS.get,
            help=labels.FILTER_KINDS_HELP,
            **view.bind("f_kinds", lambda v: list(v.filters.kinds), lambda x: {"filters": {"kinds": _tuple(x)}}),
        )
        st.multiselect(
            labels.FILTER_REGIONS,
            REGIONS,
            format_func=labels.REGION_LABELS.get,
            placeholder=labels.ALL_REGIONS,
            **view.bind("f_regions", lambda v: list(v.filters.regions), lambda x: {"filters": {"regions": _tuple(x)}}),
        )
        with_sites = data.countries_with_sites(state.lang)
        extra = [c for c in state.filters.countries if c not in with_sites]
        st.multiselect(
            labels.FILTER_COUNTRIES,
            with_sites + extra,
            format_func=lambda c: names.get(c, c),
            placeholder=labels.ALL_COUNTRIES,
            **view.bind(
                "f_countries", lambda v: list(v.filters.countries), lambda x: {"filters": {"countries": _tuple(x)}}
            ),
        )
        low, high = data.loaded().year_span
        st.slider(
            labels.FILTER_YEARS,
            min_value=low,
            max_value=high,
            **view.bind(
                "f_years",
                lambda v: (max(low, v.filters.year_min or low), min(high, v.filters.year_max or high)),
                lambda x: {
                    "filters": {"year_min": None if x[0] <= low else x[0], "year_max": None if x[1] >= high else x[1]}
                },
            ),
        )
        st.pills(
            labels.FILTER_WH_CATEGORIES,
            WH_CATEGORIES,
            selection_mode="multi",
            format_func=labels.WH_CATEGORY_LABELS.get,
            help=labels.FILTER_WH_CATEGORIES_HELP,
            **view.bind(
                "f_cats", lambda v: list(v.filters.wh_categories), lambda x: {"filters": {"wh_categories": _tuple(x)}}
            ),
        )
        st.toggle(
            labels.FILTER_DANGER,
            help=labels.FILTER_DANGER_HELP,
            **view.bind(
                "f_danger", lambda v: v.filters.in_danger_only, lambda x: {"filters": {"in_danger_only": bool(x)}}
            ),
        )
        st.toggle(
            labels.FILTER_TRANSBOUNDARY,
            **view.bind(
                "f_tb", lambda v: v.filters.transboundary_only, lambda x: {"filters": {"transboundary_only": bool(x)}}
            ),
        )
        st.toggle(
            labels.FILTER_BRI,
            help=labels.BRI_CREDIT,
            **view.bind("f_bri", lambda v: v.filters.bri_only, lambda x: {"filters": {"bri_only": bool(x)}}),
        )
        st.select_slider(
            labels.FILTER_MIN_KINDS,
            [1, 2, 3, 4],
            format_func=lambda n: labels.MIN_KINDS_ANY if n == 1 else labels.MIN_KINDS_AT_LEAST.format(n=n),
            help=labels.FILTER_MIN_KINDS_HELP,
            **view.bind(
                "f_minkinds",
                lambda v: v.filters.min_place_kinds,
                lambda x: {"filters": {"min_place_kinds": int(x or 1)}},
            ),
        )
        st.text_input(
            labels.FILTER_SEARCH,
            placeholder=labels.FILTER_SEARCH_PLACEHOLDER,
            max_chars=100,
            **view.bind(
                "f_search", lambda v: v.filters.search, lambda x: {"filters": {"search": query.clean_search(x or "")}}
            ),
        )
        if not state.filters.is_default():
            st.button(labels.CLEAR_FILTERS, on_click=_clear_filters, width="stretch")


def _clear_filters() -> None:
    st.session_state["view"] = replace(view.current(), filters=query.Filters())
    view.refresh_widgets()


def language_and_share() -> None:
    """The interface language, and the link to this exact view with its embed and presentation forms."""
    state = view.current()
    with st.sidebar:
        st.selectbox(
            labels.LANGUAGE,
            i18n.LANGUAGES,
            format_func=labels.LANGUAGE_LABELS.get,
            help=labels.LANGUAGE_HELP,
            **view.bind("f_lang", lambda v: v.lang, lambda x: {"lang": x}),
        )
        with st.popover(labels.SHARE, icon=":material/share:", width="stretch"):
            st.caption(labels.SHARE_LINK)
            st.code(links.share(state), language=None, wrap_lines=True)
            st.caption(labels.SHARE_PRESENTATION)
            st.code(links.presentation(state), language=None, wrap_lines=True)
            st.caption(labels.SHARE_EMBED)
            st.code(links.embed_snippet(state), language="html", wrap_lines=True)
