"""Every link the app makes, in one place: to a page (the navigation, a country opened from the
map), to this view (share), to its presentation and embed forms, and out of presentation mode.
A link is the page's path and the view's query parameters (:func:`geo.urlstate.encode`); the map
is the root path.
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from geo import labels
from geo.urlstate import PAGES, ViewState, encode

HOME = "map"


def query(state: ViewState, **changes: Any) -> dict[str, str]:
    """The query parameters of ``state`` (with ``changes``), without the page: it is the path."""
    return encode(replace(state, **changes, page=HOME))


def _app_root() -> str:
    """The app's own address ("http://host/base/"), whatever page is open."""
    address = urlsplit(st.context.url or "")
    parts = [p for p in (address.path or "/").split("/") if p]
    if parts and parts[-1] in PAGES:
        parts.pop()
    path = "/" + "".join(f"{p}/" for p in parts)
    return urlunsplit((address.scheme, address.netloc, path, "", ""))


def address(state: ViewState, **changes: Any) -> str:
    """The full address of ``state`` with ``changes`` applied (``page=`` picks the page)."""
    target = replace(state, **changes)
    path = "" if target.page == HOME else target.page
    params = urlencode(query(target))
    return _app_root() + path + (f"?{params}" if params else "")


def share(state: ViewState) -> str:
    """This exact view: anyone opening it sees what the reader sees."""
    return address(state)


def presentation(state: ViewState) -> str:
    return address(state, present=True)


def embed_snippet(state: ViewState) -> str:
    """An iframe showing this view (Streamlit's ``embed=true``), as wide as its column, 16:10."""
    link = address(state)
    src = html.escape(link + ("&" if "?" in link else "?") + "embed=true", quote=True)
    return (
        f'<div style="position:relative;width:100%;aspect-ratio:16/10">'
        f'<iframe src="{src}" style="position:absolute;inset:0;width:100%;height:100%;border:0" '
        f'title="{html.escape(labels.APP_TITLE, quote=True)}" loading="lazy"></iframe></div>'
    )
