"""The live map: a Streamlit custom component (``st.components.v2``) mounted in the page.

It draws with the published map code (``static/atlas/``, served from the app's static folder),
so it works offline, and it is made once: the next data it receives (a filter change) replaces
its layers in place and the view stays where the reader put it. Clicking a marker, a country or
moving the map comes back to the app through the callbacks.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import streamlit as st

from geo import maps

_LIVE_JS = (maps.ASSETS_DIR / "live.js").read_text(encoding="utf-8")
_CSS = ".atlas-frame { width: 100%; }"

_component = st.components.v2.component("unesco_atlas.live_map", js=_LIVE_JS, css=_CSS, isolate_styles=False)


def code_urls(static_url: str) -> dict[str, str]:
    """Where the page loads the map code from: ``{"css": url, "js": url}`` of the published bundle."""
    return {name.rsplit(".", 1)[1]: static_url + name for name in maps.code_bundle()}


_PRELOAD_JS = (maps.ASSETS_DIR / "preload.js").read_text(encoding="utf-8")
# The loader's element takes no room (no gap at the top of the page).
_PRELOAD_CSS = '<style>[data-testid="stElementContainer"]:has(script.atlas-preload) { display: none; }</style>'


def preload_code(static_url: str) -> None:
    """Start loading the map code now (call it before the page's other elements): see
    ``static/atlas/preload.js``."""
    script = _PRELOAD_JS.replace("__URLS__", json.dumps(code_urls(static_url)))
    st.html(f'{_PRELOAD_CSS}<script class="atlas-preload">{script}</script>', unsafe_allow_javascript=True)


def live_map(
    data: dict,
    *,
    key: str,
    static_url: str,
    height: int,
    write_view: bool = False,
    fit: bool = False,
    on_select: Callable[[], None] | None = None,
    on_country: Callable[[], None] | None = None,
    on_view: Callable[[], None] | None = None,
):
    """Mount (or update) the live map showing ``data`` (from ``geo.maps.*_data``).

    ``key`` keeps the same map across reruns; with ``write_view`` its moves go into the address
    (``view=``); with ``fit`` its frame is as tall as its content (the page's style may then size
    the map, e.g. to an embedding frame), else ``height`` plus room for its caption lines. The callbacks run when the reader picks a site, a country or moves the map; the
    value is in ``st.session_state[key]`` (``.select``, ``.country``, ``.view``)."""
    payload = {**data, "code": code_urls(static_url), "height": height, "writeView": write_view}
    return _component(
        key=key,
        data=payload,
        height="content" if fit else height + 90,
        on_select_change=on_select or _ignore,
        on_country_change=on_country or _ignore,
        on_view_change=on_view or _ignore,
    )


def _ignore() -> None:
    """A trigger nobody here needs (Streamlit requires a callback for each)."""
