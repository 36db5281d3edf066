"""What every page shares: the data (loaded once), the view state that lives in the URL, and
the sidebar filters. Pages call :func:`view` and :func:`filtered`; nothing else reads the URL.

The URL is the source of truth when a link is opened; after that, widgets change the view
through callbacks and the URL is rewritten to match, so a copied link reopens the same view.
"""
from __future__ import annotations

import gc
import html
import inspect
import logging
import os
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from geo import basemap, chart_text, charts, describe, files, labels, maps, memory, query, stats, style, tables
from geo.schema import KINDS, REGIONS, WH_CATEGORIES
from geo.store import Atlas, DataError, load_atlas
from geo.urlstate import BASES, IMAGE_FORMATS, LANGUAGES, TRUE_WORDS, ViewState, encode, parse
from app_pages import livemap

_LOG = logging.getLogger(__name__)
KIND_KEYS = list(KINDS)
# url path -> (file, title, icon); the map is the home page
PAGES = {
    "map": ("app_pages/map.py", labels.PAGE_TITLES["map"], ":material/map:"),
    "charts": ("app_pages/charts.py", labels.PAGE_TITLES["charts"], ":material/bar_chart:"),
    "country": ("app_pages/country.py", labels.PAGE_TITLES["country"], ":material/flag:"),
    "table": ("app_pages/table.py", labels.PAGE_TITLES["table"], ":material/table:"),
    "places": ("app_pages/places.py", labels.PAGE_TITLES["places"], ":material/hub:"),
    "compare": ("app_pages/compare.py", labels.PAGE_TITLES["compare"], ":material/compare_arrows:"),
    "about": ("app_pages/about.py", labels.PAGE_TITLES["about"], ":material/info:"),
}
# Contrast, focus and motion for every page (WCAG 2.1 AA): captions in a grey of 5.4:1 or more on
# the page and the sidebar, a focus ring of 3:1 or more on any control the keyboard reaches, the
# sidebar's headings in step with the page's, and "reduced motion" honoured (the year-by-year
# chart does not play; animations and transitions stop).
ACCESSIBLE_CSS = f"""<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * {{ color: {style.MUTED_TEXT} !important; opacity: 1 !important; }}
:focus-visible {{ outline: 3px solid {style.FOCUS_RING} !important; outline-offset: 2px !important; }}
[data-baseweb="select"]:focus-within > div, [data-baseweb="input"]:focus-within,
[data-baseweb="textarea"]:focus-within {{ outline: 3px solid {style.FOCUS_RING}; outline-offset: 1px; }}
[data-testid="stCheckbox"] label:has(input:focus-visible), [data-testid="stDataFrame"]:has(:focus-visible) {{
  outline: 3px solid {style.FOCUS_RING}; outline-offset: 2px; }}
[data-testid="stElementToolbar"]:focus-within {{ opacity: 1 !important; }}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {{ white-space: normal !important; overflow-wrap: anywhere; }}
[data-testid="stSidebar"] h2 {{ font-size: 1.35rem; padding-top: 0.5rem; }}
.atlas-site-name {{ font-size: 1.6rem; }}
.st-key-t_motion_note {{ display: none; }}
@media (prefers-reduced-motion: reduce) {{
  .st-key-t_play {{ display: none; }}
  .st-key-t_motion_note {{ display: block; }}
  *, *::before, *::after {{ animation: none !important; transition: none !important; scroll-behavior: auto !important; }}
}}
</style>"""
PAGE_CSS = f"""<style>
[data-testid="stMainBlockContainer"] {{ padding-top: 2.2rem; }}
[data-testid="stMetricValue"] {{ font-size: 2.1rem; }}
</style>{ACCESSIBLE_CSS}"""
PRESENTATION_CSS = f"""<style>
html, body, [data-testid="stAppViewContainer"] {{ font-size: 21px; }}
[data-testid="stMainBlockContainer"] {{ padding-top: 1.2rem; max-width: 100%; }}
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {{ display: none; }}
[data-testid="stHeader"] {{ display: none; }}  /* it would cover the top of the map and the chart title */
</style>{ACCESSIBLE_CSS}"""


def frame(has_map: bool = False) -> tuple[Atlas, ViewState]:
    """What every page starts with: data, the view from the URL and navigation (the filters
    come last, from :func:`controls`). A page that ``has_map`` starts loading the map's code
    first of all.

    In presentation mode (``?present=1``) the sidebar is hidden and the type enlarged; the
    URL's filters still apply."""
    data = atlas()
    notices = sync_view()
    if has_map and _load().static_url is not None:
        livemap.preload_code(_load().static_url)
    st.html(PRESENTATION_CSS if view().present else PAGE_CSS)
    with st.sidebar:
        st.markdown(f"**{labels.APP_TITLE}**")  # the page's own title is its one h1
        for path, title, icon in PAGES.values():
            st.page_link(path, label=title, icon=icon, query_params=share_query())
    for notice in notices:
        st.warning(notice, icon=":material/info:")
    return data, view()


def controls(data: Atlas) -> None:
    """What every page ends with: the sidebar filters and share control. Drawn last, so the
    page's own content (above all the map) reaches the browser first."""
    sidebar(data)
    share_control()
    _site_details_job(view().lang)  # after the page: ready by the next map that needs it


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class Loaded:
    """The atlas plus what every rerun needs from it, computed once per process."""

    atlas: Atlas
    prepared: query.Prepared
    bri: frozenset[str]
    known_sites: frozenset[str]
    country_names: dict[str, str]
    countries_with_sites: list[str]   # ISO3, sorted by name
    year_span: tuple[int, int]
    static_url: str | None            # where the maps fetch their code and outlines; None: inline
    base_layers: basemap.BaseLayers | None  # the offline base map's bands (published when static_url is)


@st.cache_resource(show_spinner=labels.LOADING_ATLAS)
def _load() -> Loaded:
    memory.tune_allocators()
    data = load_atlas()
    countries = data.countries
    names = dict(zip(countries["iso3"], countries["name"]))
    years = data.designations["year"].dropna()
    result = Loaded(
        atlas=data, prepared=query.prepare(data.designations),
        bri=frozenset(countries.loc[countries["bri_member"], "iso3"]),
        known_sites=frozenset(data.designations["site_id"].tolist()),
        country_names=names,
        countries_with_sites=sorted(countries.loc[countries["designations"] > 0, "iso3"], key=names.get),
        year_span=(int(years.min()), int(years.max())),
        static_url=_publish_map_files(countries),
        base_layers=_base_layers(),
    )
    # Streamlit runs a full garbage collection after every script run; freezing what is loaded
    # once per process (modules, the atlas) takes it out of those scans (~80 ms → < 1 ms a run).
    gc.freeze()
    memory.release_free_memory()
    return result


def _publish_map_files(countries) -> str | None:
    """Write the maps' code bundle and country outlines as static files (browsers cache them);
    None where the app's folder is read-only: the maps then carry them inline."""
    try:
        maps.publish(countries, STATIC_DIR)
    except OSError as exc:
        _LOG.warning("map files not published to %s (%s); maps will inline them", STATIC_DIR, exc)
        return None
    removed = files.prune(STATIC_DIR)
    if removed:
        _LOG.info("pruned %d generated files no server used for %d days", len(removed), files.KEEP_DAYS)
    threading.Thread(target=_keep_published_fresh, name="atlas-keep-fresh", daemon=True).start()
    return STATIC_URL


def _base_layers() -> basemap.BaseLayers | None:
    """The offline base map's bands, published as static files (inline where they can't be)."""
    layers = basemap.load()
    if layers is None:
        _LOG.warning("no base map layers in the processed data: run `python -m geo build`")
        return None
    try:
        return basemap.publish(layers, STATIC_DIR, STATIC_URL)
    except OSError as exc:
        _LOG.warning("base map not published to %s (%s); maps will carry it", STATIC_DIR, exc)
        return layers


def base_map_options(lang: str, base: str, extent=None, standalone: bool = False) -> dict | None:
    """What a map needs to draw the base map in ``lang`` (and the online tiles for ``base="osm"``):
    published files, or for a ``standalone`` page the layers of its ``extent`` inside it."""
    layers = _load().base_layers
    if layers is None:
        return None
    if standalone:
        layers = basemap.BaseLayers(layers.texts)
    return layers.options(lang, basemap.tile_settings() if base == "osm" else None, extent)


def _keep_published_fresh(every_s: float = 6 * 3600) -> None:
    """Touch this process's published files every few hours, so no other replica prunes them."""
    while True:
        time.sleep(every_s)
        files.keep_fresh()


def loaded() -> Loaded:
    return _load()


# Publishes the popups' details off the script thread (at 100× the data it takes seconds).
_PUBLISHER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="atlas-publish")


@st.cache_resource(max_entries=len(LANGUAGES), show_spinner=False)
def _site_details_job(lang: str) -> Future:
    """Start publishing the popups' details in ``lang`` (once per process and language)."""
    return _PUBLISHER.submit(_publish_site_details, _load(), lang)


def _publish_site_details(base: Loaded, lang: str) -> maps.PublishedDetails | None:
    """The popups' details of every designation, names in ``lang``, published as static files
    (fetched by browsers on the first hover or click, then cached); None: the maps carry them."""
    if base.static_url is None:
        return None
    table = base.atlas.designations.assign(name=lambda d: tables.localized_names(d, lang))
    try:
        return maps.publish_details(table, STATIC_DIR, base.static_url)
    except (OSError, ValueError) as exc:
        _LOG.warning("site details not published to %s (%s); maps will carry them", STATIC_DIR, exc)
        return None


def _site_details(lang: str) -> maps.PublishedDetails | None:
    """The published details in ``lang`` (waits for the job if it is still running)."""
    return _site_details_job(lang).result()


def atlas() -> Atlas:
    """The loaded atlas; on a data problem, explain it, offer a rebuild, and stop the page."""
    try:
        return _load().atlas
    except DataError as exc:
        _data_problem(str(exc))
        st.stop()


# The "Rebuild the data now" button: on where the Makefile runs the app (development), off unless
# set elsewhere (Docker, deploy/), where any visitor could otherwise start a build on the server.
REBUILD_SETTING = "UNESCO_ATLAS_REBUILD"


def rebuild_allowed() -> bool:
    return os.environ.get(REBUILD_SETTING, "").strip().lower() in TRUE_WORDS


def _data_problem(message: str) -> None:
    st.error(labels.DATA_CANT_LOAD.format(message=message), icon="⚠️")
    if not rebuild_allowed():
        st.write(labels.REBUILD_OFF)
        return
    st.write(labels.REBUILD_OFFER)
    if st.button(labels.REBUILD_BUTTON, type="primary"):
        # Imported only here: the source readers (openpyxl, requests…) add ~0.2 s and ~6 MB to
        # every server start, and are needed only to rebuild.
        from geo import build

        with st.status(labels.REBUILD_RUNNING, expanded=True) as status:
            try:
                build.build(progress=st.write)
            except Exception as exc:  # any failure is shown, never a traceback or a server path
                _LOG.exception("rebuild from the page failed")
                status.update(label=labels.REBUILD_FAILED_STATUS, state="error")
                shown = exc if isinstance(exc, build.BuildError) else type(exc).__name__
                st.error(labels.REBUILD_FAILED.format(error=shown))
                return
            status.update(label=labels.REBUILD_DONE, state="complete")
        reset_caches()
        st.rerun()


def reset_caches() -> None:
    """Forget the loaded data and everything derived from it (after a rebuild)."""
    for cached in (_load, _site_details_job, _apply, site_choices, display_table, figure, points_data,
                   choropleth_data, country_map_data):
        cached.clear()
    st.cache_data.clear()
    gc.unfreeze()  # the old atlas may be collected; _load freezes the new one


# A resource cache: every session shares the same (read-only) frame instead of a copy per call.
@st.cache_resource(max_entries=256, show_spinner=False)
def _apply(filters: query.Filters) -> pd.DataFrame:
    base = _load()
    return query.apply(base.prepared, filters, base.bri)


@st.cache_resource(max_entries=64, show_spinner=False)
def site_choices(filters: query.Filters, lang: str) -> list[tuple[str, str, str]]:
    """(casefolded name, site id, how a site picker shows it) of each filtered designation, sorted by
    name: its name in ``lang``, kind and countries ("Venice and its Lagoon — World Heritage, Italy")."""
    shown = _apply(filters)
    names = tables.localized_names(shown, lang).tolist()
    country_names = _load().country_names
    return sorted(
        (name.casefold(), site, labels.SITE_CHOICE.format(name=name, kind=labels.KIND_LABELS[kind],
                                                          countries=tables.country_names(codes, country_names)))
        for site, name, kind, codes in zip(shown["site_id"], names, shown["designation"], shown["countries_iso3"]))


def find_sites(filters: query.Filters, lang: str, text: str, limit: int = 8) -> list[tuple[str, str]]:
    """(site id, label) of the filtered designations whose name holds ``text``: the name itself
    first, then names starting with it, then names with a word starting with it, then the rest."""
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        return []
    found = []
    for name, site, label in site_choices(filters, lang):
        if wanted not in name:
            continue
        rank = 0 if name == wanted else 1 if name.startswith(wanted) else 2 if f" {wanted}" in f" {name}" else 3
        found.append((rank, name, site, label))
    return [(site, label) for _, _, site, label in sorted(found)[:limit]]


@st.cache_resource(max_entries=32, show_spinner=False)
def display_table(filters: query.Filters, lang: str) -> pd.DataFrame:
    """The readable table of the filtered designations (shared, read-only)."""
    return tables.display_table(_apply(filters), _load().atlas.countries, lang)


@st.cache_resource(max_entries=64, show_spinner=False)
def figure(builder: str, filters: query.Filters, **options):
    """``geo.charts.<builder>(filtered, …)`` for these filters, built once and shared."""
    build_chart = getattr(charts, builder)
    if "countries" in inspect.signature(build_chart).parameters:
        options["countries"] = _load().atlas.countries
    return build_chart(_apply(filters), **options)


def filtered(view_state: ViewState | None = None) -> pd.DataFrame:
    """The designations the current filters select (cached per filter set)."""
    return _apply((view_state or view()).filters)


# ---------------------------------------------------------------- view state ⇄ URL


def _url_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def sync_view() -> list[str]:
    """Adopt the URL when it changed from outside (a new link), else keep the session's view;
    then write the view back to the URL. Returns the notices about ignored parameters."""
    ss = st.session_state
    base = _load()
    url_state, notices = parse(_url_params(), base.known_sites, base.country_names)
    if "view" not in ss or encode(url_state) != ss.get("url_synced"):
        ss["view"] = replace(url_state, page="map")
        ss["notices"] = notices
        _seed_widgets(ss["view"], overwrite=True)
    wanted = encode(ss["view"])
    if wanted != {k: v[-1] for k, v in _url_params().items()}:
        st.query_params.from_dict(wanted)
    ss["url_synced"] = wanted
    return ss.get("notices", [])


def view() -> ViewState:
    return st.session_state["view"]


def set_view(**changes) -> None:
    """Change view fields (not filters) and keep the URL in step."""
    st.session_state["view"] = replace(view(), **changes)


def set_filters(**changes) -> None:
    current = view()
    st.session_state["view"] = replace(current, filters=replace(current.filters, **changes))


def share_query() -> dict[str, str]:
    """The query parameters of the current view, for links that must keep it."""
    return encode(view())


# ---------------------------------------------------------------- sidebar widgets

# widget key -> (value from the view, change to the view)
_FILTER_WIDGETS = {
    "f_kinds": (lambda v: list(v.filters.kinds), lambda x: {"kinds": tuple(x or ())}),
    "f_regions": (lambda v: list(v.filters.regions), lambda x: {"regions": tuple(x or ())}),
    "f_countries": (lambda v: list(v.filters.countries), lambda x: {"countries": tuple(x or ())}),
    "f_cats": (lambda v: list(v.filters.wh_categories), lambda x: {"wh_categories": tuple(x or ())}),
    "f_danger": (lambda v: v.filters.in_danger_only, lambda x: {"in_danger_only": bool(x)}),
    "f_tb": (lambda v: v.filters.transboundary_only, lambda x: {"transboundary_only": bool(x)}),
    "f_bri": (lambda v: v.filters.bri_only, lambda x: {"bri_only": bool(x)}),
    "f_search": (lambda v: v.filters.search, lambda x: {"search": query.clean_search(x or "")}),
    "f_minkinds": (lambda v: v.filters.min_place_kinds, lambda x: {"min_place_kinds": int(x or 1)}),
}


def _seed_widgets(state: ViewState, overwrite: bool) -> None:
    """Give each sidebar widget its value from the view (all of them when a link is opened)."""
    ss = st.session_state
    for key, (get, _change) in _FILTER_WIDGETS.items():
        if overwrite or key not in ss:
            ss[key] = get(state)
    if overwrite or "f_years" not in ss:
        ss["f_years"] = None  # filled in by the slider once the data's year span is known


def _on_filter(key: str) -> None:
    set_filters(**_FILTER_WIDGETS[key][1](st.session_state[key]))


def _on_years(span: tuple[int, int]) -> None:
    low, high = st.session_state["f_years"]
    set_filters(year_min=None if low <= span[0] else low, year_max=None if high >= span[1] else high)


def _years_widget() -> None:
    span = _load().year_span
    f = view().filters
    if st.session_state.get("f_years") is None:
        st.session_state["f_years"] = (max(span[0], f.year_min or span[0]), min(span[1], f.year_max or span[1]))
    st.slider(labels.FILTER_YEARS, min_value=span[0], max_value=span[1], key="f_years",
              on_change=_on_years, args=(span,))


def sidebar(data: Atlas) -> None:
    """The shared filters; every change lands in the URL."""
    _seed_widgets(view(), overwrite=False)
    base = _load()
    names = base.country_names
    with st.sidebar:
        st.header(labels.FILTERS, anchor=False)
        st.caption(shown_caption(filtered(), data))
        st.pills(labels.FILTER_KINDS, KIND_KEYS, selection_mode="multi", key="f_kinds",
                 format_func=labels.KIND_LABELS.get, on_change=_on_filter, args=("f_kinds",),
                 help=labels.FILTER_KINDS_HELP)
        st.multiselect(labels.FILTER_REGIONS, REGIONS, key="f_regions", on_change=_on_filter,
                       args=("f_regions",), placeholder=labels.ALL_REGIONS)
        extra = [c for c in view().filters.countries if c not in base.countries_with_sites]
        st.multiselect(labels.FILTER_COUNTRIES, base.countries_with_sites + extra, key="f_countries",
                       format_func=names.get, on_change=_on_filter, args=("f_countries",),
                       placeholder=labels.ALL_COUNTRIES)
        _years_widget()
        st.pills(labels.FILTER_WH_CATEGORIES, WH_CATEGORIES, selection_mode="multi", key="f_cats",
                 on_change=_on_filter, args=("f_cats",), help=labels.FILTER_WH_CATEGORIES_HELP)
        st.toggle(labels.FILTER_DANGER, key="f_danger", on_change=_on_filter, args=("f_danger",),
                  help=labels.FILTER_DANGER_HELP)
        st.toggle(labels.FILTER_TRANSBOUNDARY, key="f_tb", on_change=_on_filter, args=("f_tb",))
        st.toggle(labels.FILTER_BRI, key="f_bri", on_change=_on_filter, args=("f_bri",),
                  help=labels.BRI_CREDIT)
        st.select_slider(labels.FILTER_MIN_KINDS, [1, 2, 3, 4], key="f_minkinds",
                         on_change=_on_filter, args=("f_minkinds",),
                         format_func=lambda n: (labels.MIN_KINDS_ANY if n == 1
                                                else labels.MIN_KINDS_AT_LEAST.format(n=n)),
                         help=labels.FILTER_MIN_KINDS_HELP)
        st.text_input(labels.FILTER_SEARCH, key="f_search", on_change=_on_filter, args=("f_search",),
                      placeholder=labels.FILTER_SEARCH_PLACEHOLDER, max_chars=100)
        if not view().filters.is_default():
            st.button(labels.CLEAR_FILTERS, on_click=_clear_filters, width="stretch")


def share_link(**changes) -> str:
    """The address of the current view (with ``changes`` to the view applied)."""
    address = urlsplit(st.context.url or "")
    base = urlunsplit((address.scheme, address.netloc, address.path or "/", "", ""))  # "http://host/", not "http://host"
    params = urlencode(encode(replace(view(), **changes)))
    return f"{base}?{params}" if params else base


def share_control() -> None:
    """Sidebar: the link to this exact view, an embed snippet and presentation mode."""
    with st.sidebar:
        st.session_state.setdefault("f_lang", view().lang)
        st.selectbox(labels.NAMES_IN, LANGUAGES, key="f_lang", format_func=labels.LANGUAGE_LABELS.get,
                     on_change=lambda: set_view(lang=st.session_state["f_lang"]), help=labels.NAMES_IN_HELP)
        with st.popover(labels.SHARE, icon=":material/share:", width="stretch"):
            link = share_link()
            st.caption(labels.SHARE_LINK)
            st.code(link, language=None, wrap_lines=True)
            st.caption(labels.SHARE_PRESENTATION)
            st.code(share_link(present=True), language=None, wrap_lines=True)
            st.caption(labels.SHARE_EMBED)
            embed = html.escape(link + ("&" if "?" in link else "?") + "embed=true", quote=True)
            st.code(f'<iframe src="{embed}" width="100%" height="720" style="border:0" '
                    f'title="{labels.APP_TITLE}"></iframe>', language="html", wrap_lines=True)


def _clear_filters() -> None:
    st.session_state["view"] = replace(view(), filters=query.Filters())
    _seed_widgets(view(), overwrite=True)


def shown_caption(shown: pd.DataFrame, data: Atlas) -> str:
    """'1,234 of 2,345 designations shown'."""
    return labels.SHOWN_OF_TOTAL.format(shown=len(shown), total=len(data.designations))


# ---------------------------------------------------------------- cached figures


# The maps load their code and the country outlines from files published in the app's static
# folder (relative to the page, so a base URL path works too); the browser caches them, so each
# map sends only its data.
STATIC_DIR = maps.ASSETS_DIR.parent / "generated"  # static/generated/, not in git
STATIC_URL = "app/static/generated/"


@st.cache_resource(max_entries=64, show_spinner=False)
def points_data(filters: query.Filters, lang: str, published: bool = True, base: str = "offline") -> dict:
    """The points map of the filtered designations (shared, read-only), over the base map ``base``.
    With ``published`` its outlines, popups and base map come from the published files, else the
    data carries them (a download: the base map cut to the sites' extent)."""
    loaded_ = _load()
    shown = _apply(filters).assign(name=lambda d: tables.localized_names(d, lang))
    static_url = loaded_.static_url if published else None
    extent = ([[shown["lat"].min(), shown["lon"].min()], [shown["lat"].max(), shown["lon"].max()]]
              if not published and shown["lat"].notna().any() else None)
    data = maps.points_data(shown, loaded_.atlas.countries, colors=style.KIND_COLORS, shapes=style.KIND_SYMBOLS,
                            static_url=static_url, site_details=_site_details(lang) if static_url else None,
                            summary=describe.points_summary(shown, filters, loaded_.country_names),
                            base_layers=base_map_options(lang, base, extent, standalone=static_url is None))
    return {**data, "key": str(hash(("points", filters, lang, published, base)))}


def with_selection(data: dict, filters: query.Filters, lang: str, site: str | None) -> dict:
    """``data`` with ``site`` selected (highlighted, its popup open), when it is on the map."""
    if not site:
        return data
    published = _site_details(lang) if data["details"].get("url") else None
    return {**data, "selected": maps.selected_point(_apply(filters), site, published)}


@st.cache_resource(max_entries=64, show_spinner=False)
def choropleth_data(filters: query.Filters, per: str, published: bool = True) -> dict:
    """Countries shaded by the number of filtered designations (raw, per million, per area)."""
    base = _load()
    rates = stats.country_rates(_apply(filters), base.atlas.countries)
    column = stats.RATE_COLUMNS[per]
    counts = pd.DataFrame({
        "iso3": rates["iso3"], "value": rates[column],
        "label": [_count_label(c, v, per) for c, v in zip(rates["count"], rates[column])],
    })
    data = maps.choropleth_data(counts, base.atlas.countries, legend_title=labels.PER_TITLES[per],
                                static_url=base.static_url if published else None,
                                summary=labels.MAP_SUMMARY_SHADED.format(what=labels.PER_TITLES[per].lower()))
    return {**data, "key": str(hash(("shaded", filters, per, published)))}


@st.cache_resource(max_entries=64, show_spinner=False)
def country_map_data(filters: query.Filters, iso3: str, lang: str, base: str = "offline") -> dict:
    """A map fitted to one country, with its designations under the filters (bar the country list),
    over the base map ``base``."""
    loaded_ = _load()
    shown = _apply(replace(filters, countries=(iso3,))).assign(name=lambda d: tables.localized_names(d, lang))
    data = maps.country_data(shown, loaded_.atlas.countries, iso3, colors=style.KIND_COLORS,
                             shapes=style.KIND_SYMBOLS, static_url=loaded_.static_url,
                             site_details=_site_details(lang) if loaded_.static_url else None,
                             summary=describe.points_summary(shown, replace(filters, countries=(iso3,)),
                                                             loaded_.country_names),
                             base_layers=base_map_options(lang, base, standalone=loaded_.static_url is None))
    return {**data, "key": str(hash(("country", filters, iso3, lang, base)))}


def show_map(data: dict, *, key: str, height: int, write_view: bool = False, **callbacks) -> None:
    """The live map of ``data`` (see :mod:`app_pages.livemap`); where the map files could not be
    published, the standalone page in a frame instead (no selection, no view in the address)."""
    static_url = _load().static_url
    if static_url is None:
        st.iframe(maps.standalone(data), height=height + 90)
        return
    livemap.live_map(data, key=key, static_url=static_url, height=height, write_view=write_view, **callbacks)


def standalone_map(data: dict, view_text: str | None) -> str:
    """The map as one page that opens anywhere, at the view ``view_text`` ("lat,lon,zoom")."""
    view = [float(v) for v in view_text.split(",")] if view_text else None
    return maps.standalone({**data, "view": view, "selected": None})


def _count_label(count: int, rate: float, per: str) -> str:
    """'3 designations', or with a rate '3 designations (1.25 per million people)'."""
    text = (labels.ONE_DESIGNATION if count == 1 else labels.N_DESIGNATIONS).format(n=int(count))
    if per == "raw":
        return text
    return labels.COUNT_AND_RATE.format(count=text, rate=rate, unit=labels.PER_LABELS[per])


PLOTLY_CONFIG = {**charts.PLOTLY_CONFIG, "responsive": True}


def plotly(figure, **kwargs) -> None:
    """A chart with the atlas' own template and the offline config. The camera button in its
    toolbar saves it as PNG or SVG (the view's ``img``), named after its title."""
    # A fixed width: a chart from a narrow column still saves with room for its legend.
    download = {"format": view().img, "filename": charts.image_filename(figure), "width": 1200, "scale": 2}
    config = {**PLOTLY_CONFIG, "toImageButtonOptions": download}
    st.plotly_chart(figure, width="stretch", theme=None, config=config, **kwargs)
    chart_alternative(figure)


def chart_alternative(figure) -> None:
    """A chart's text alternative under it: its title and one sentence about its data, and the
    data as a table on demand."""
    st.caption(chart_text.summary(figure))
    table = chart_text.data_table(figure)
    if not table.empty:
        with st.expander(labels.CHART_DATA.format(title=chart_text.title(figure))):
            st.table(table)


def base_map_control() -> None:
    """Offline base map or online tiles (``base=osm``), kept in the URL."""
    st.session_state.setdefault("base_map", view().base)
    st.segmented_control(labels.BASE_MAP, BASES, key="base_map", required=True,
                         format_func=labels.BASE_MAP_LABELS.get, help=labels.BASE_MAP_HELP,
                         on_change=lambda: set_view(base=st.session_state["base_map"]))


def image_format_control() -> None:
    """A PNG/SVG switch for the charts' download button, kept in the URL (``img``)."""
    st.session_state.setdefault("img_format", view().img)
    st.segmented_control(labels.IMAGE_FORMAT, IMAGE_FORMATS, key="img_format", required=True,
                         format_func=labels.IMAGE_FORMAT_LABELS.get, help=labels.IMAGE_FORMAT_HELP,
                         on_change=lambda: set_view(img=st.session_state["img_format"]))
