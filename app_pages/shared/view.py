"""The view state that lives in the URL, kept in the session and in step with the address bar.

The URL is the source of truth when a link is opened; after that, widgets change the view
through callbacks and the URL is rewritten to match, so a copied link reopens the same view.
Widgets bind to the view one way, with :func:`bind`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import streamlit as st

from app_pages.shared import data
from geo import i18n
from geo.urlstate import ViewState, encode, parse


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def requested_page(pages) -> str | None:
    """The page a link names with ``page=`` (links may name it instead of using its path)."""
    state, _ = parse(_url_params(), pages=pages)
    return state.page if any(k.strip().lower() == "page" for k in st.query_params) else None


def sync() -> list[str]:
    """Adopt the URL when it changed from outside (a new link), else keep the session's view; speak
    the view's language; then write the view back to the URL (the page is in the path, not in the
    query). Returns the notices about ignored parameters, in the view's language."""
    ss = st.session_state
    base = data.loaded()
    url_state, notices = parse(_url_params(), base.known_sites, base.country_codes)
    if "view" not in ss or encode(url_state) != ss.get("url_synced"):  # a link opened from outside
        i18n.use(url_state.lang)
        if notices:  # said again in the link's language
            url_state, notices = parse(_url_params(), base.known_sites, base.country_codes)
        ss["view"], ss["notices"] = url_state, notices
        refresh_widgets()
    i18n.use(ss["view"].lang)
    wanted = encode(replace(ss["view"], page="map"))
    if wanted != {k: v[-1] for k, v in _url_params().items()}:
        st.query_params.from_dict(wanted)
    ss["url_synced"] = wanted
    return ss["notices"]


def current() -> ViewState:
    return st.session_state["view"]


def set_view(**changes: Any) -> None:
    """Change view fields (not filters); the URL follows on the next run."""
    st.session_state["view"] = replace(current(), **changes)


def set_filters(**changes: Any) -> None:
    state = current()
    st.session_state["view"] = replace(state, filters=replace(state.filters, **changes))


def bind(key: str, value: Callable[[ViewState], Any], change: Callable[[Any], dict]) -> dict:
    """The arguments that bind a widget to the view: ``key`` takes its value from the view
    (``value(view)``) when the widget is first drawn or a new link is opened, and a change of
    the widget changes the view by ``change(widget value)`` (``{"filters": {...}}`` for filters).
    Use as ``st.toggle(label, **view.bind("f_danger", ...))``."""
    ss = st.session_state
    fresh = ss.setdefault("widgets", {})
    if key not in fresh or key not in ss:
        ss[key] = value(current())
        fresh[key] = True
    return {"key": key, "on_change": _changed, "args": (key, change)}


def _changed(key: str, change: Callable[[Any], dict]) -> None:
    changes = dict(change(st.session_state[key]))
    filters = changes.pop("filters", None)
    if filters:
        set_filters(**filters)
    if changes:
        set_view(**changes)


def refresh_widgets() -> None:
    """Let every bound widget take its value from the view again (after the view changed in code)."""
    st.session_state["widgets"] = {}
