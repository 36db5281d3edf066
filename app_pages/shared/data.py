"""Data access for the pages: the atlas (loaded once per process), the filtered designations and
what is built from them (tables, charts, map data), each cached and shared by every session.

Everything a page shows that holds interface text is cached per language (``lang``), since the
text comes translated from :mod:`geo.labels`.
"""

from __future__ import annotations

import gc
import inspect
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cache

import pandas as pd
import streamlit as st

from geo import basemap, describe, files, i18n, labels, maps, memory, query, stats, style, tables
from geo.store import Atlas, DataError, data_date, load_atlas, load_sources
from geo.urlstate import LANGUAGES, TRUE_WORDS

_LOG = logging.getLogger(__name__)

# The maps load their code and the country outlines from files published in the app's static
# folder (relative to the page, so a base URL path works too); the browser caches them, so each
# map sends only its data.
STATIC_DIR = maps.ASSETS_DIR.parent / "generated"  # static/generated/, not in git
STATIC_URL = "app/static/generated/"


@dataclass(frozen=True)
class Loaded:
    """The atlas plus what every rerun needs from it, computed once per process."""

    atlas: Atlas
    prepared: query.Prepared
    bri: frozenset[str]
    known_sites: frozenset[str]
    countries_with_sites: tuple[str, ...]  # ISO3
    year_span: tuple[int, int]
    data_date: str  # the newest source snapshot (exports name it)
    static_url: str | None  # where the maps fetch their code and outlines; None: inline
    base_layers: basemap.BaseLayers | None  # the offline base map's bands (published when static_url is)

    @property
    def country_codes(self) -> frozenset[str]:
        return frozenset(self.atlas.countries["iso3"])


@st.cache_resource(show_spinner=False)
def _load() -> Loaded:
    memory.tune_allocators()
    data = load_atlas()
    countries = data.countries
    years = data.designations["year"].dropna()
    result = Loaded(
        atlas=data,
        prepared=query.prepare(data.designations),
        bri=frozenset(countries.loc[countries["bri_member"], "iso3"]),
        known_sites=frozenset(data.designations["site_id"].tolist()),
        countries_with_sites=tuple(countries.loc[countries["designations"] > 0, "iso3"]),
        year_span=(int(years.min()), int(years.max())),
        data_date=data_date(data.designations),
        static_url=_publish_map_files(countries),
        base_layers=_base_layers(),
    )
    # Streamlit runs a full garbage collection after every script run; freezing what is loaded
    # once per process (modules, the atlas) takes it out of those scans (~80 ms → < 1 ms a run).
    gc.freeze()
    memory.release_free_memory()
    return result


def loaded() -> Loaded:
    return _load()


def atlas() -> Atlas:
    """The loaded atlas; on a data problem, explain it, offer a rebuild, and stop the page."""
    try:
        return _load().atlas
    except DataError as exc:
        _data_problem(str(exc))
        st.stop()


@cache
def country_names(lang: str) -> dict[str, str]:
    """ISO3 → country name in ``lang``: the one source of country names for every page, chart,
    map and export (Natural Earth's names, English where it has none)."""
    return tables.localized_country_names(_load().atlas.countries, lang)


@cache
def sources() -> tuple[dict[str, str], ...]:
    """The atlas' sources with their licences and credits (data/reference/sources.csv)."""
    return tuple(load_sources())


def export_note(filters: query.Filters, lang: str) -> str:
    """'Filters: … · data of …': what an export of these filters shows, and of when."""
    return describe.export_note(filters, country_names(lang), _load().data_date)


def export_about(filters: query.Filters, lang: str) -> tables.About:
    """What an export of these filters says of itself: the filters in words, the data date, the sources."""
    return tables.About(describe.filters_in_words(filters, country_names(lang)), _load().data_date, sources())


@cache
def countries_table(lang: str):
    """The countries table with each country's ``name`` in ``lang`` (what charts and maps name)."""
    return _load().atlas.countries.assign(name=lambda d: d["iso3"].map(country_names(lang)))


def countries_with_sites(lang: str) -> list[str]:
    """ISO3 of the countries holding a designation, sorted by their name in ``lang``."""
    names = country_names(lang)
    return sorted(_load().countries_with_sites, key=lambda c: names.get(c, c).casefold())


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


def _keep_published_fresh(every_s: float = 6 * 3600) -> None:
    """Touch this process's published files every few hours, so no other replica prunes them."""
    while True:
        time.sleep(every_s)
        files.keep_fresh()


def base_map_options(lang: str, base: str, extent=None, standalone: bool = False) -> dict | None:
    """What a map needs to draw the base map in ``lang`` (and the online tiles for ``base="osm"``):
    published files, or for a ``standalone`` page the layers of its ``extent`` inside it."""
    layers = _load().base_layers
    if layers is None:
        return None
    if standalone:
        layers = basemap.BaseLayers(layers.texts)
    return layers.options(lang, basemap.tile_settings() if base == "osm" else None, extent)


# ---------------------------------------------------------------- the popups' details, per language

# Publishes the popups' details off the script thread (at 100× the data it takes seconds).
_PUBLISHER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="atlas-publish")


@st.cache_resource(max_entries=len(LANGUAGES), show_spinner=False)
def site_details_job(lang: str) -> Future:
    """Start publishing the popups' details in ``lang`` (once per process and language)."""
    return _PUBLISHER.submit(_publish_site_details, _load(), lang)


def _publish_site_details(base: Loaded, lang: str) -> maps.PublishedDetails | None:
    """The popups' details of every designation, names in ``lang``, published as static files
    (fetched by browsers on the first hover or click, then cached); None: the maps carry them."""
    if base.static_url is None:
        return None
    table = base.atlas.designations.assign(name=lambda d: tables.localized_names(d, lang))
    try:
        with i18n.using(lang):  # another thread: its texts in the language asked for
            return maps.publish_details(table, STATIC_DIR, base.static_url, country_names=country_names(lang))
    except (OSError, ValueError) as exc:
        _LOG.warning("site details not published to %s (%s); maps will carry them", STATIC_DIR, exc)
        return None


def site_details(lang: str) -> maps.PublishedDetails | None:
    """The published details in ``lang`` (waits for the job if it is still running)."""
    return site_details_job(lang).result()


# ---------------------------------------------------------------- a broken data set, and the rebuild

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
    for cached in (
        _load,
        site_details_job,
        _apply,
        site_choices,
        display_table,
        _figure,
        points_data,
        choropleth_data,
        country_map_data,
    ):
        cached.clear()
    country_names.cache_clear()
    countries_table.cache_clear()
    st.cache_data.clear()
    gc.unfreeze()  # the old atlas may be collected; _load freezes the new one


# ---------------------------------------------------------------- what the filters select


# A resource cache: every session shares the same (read-only) frame instead of a copy per call.
@st.cache_resource(max_entries=256, show_spinner=False)
def _apply(filters: query.Filters) -> pd.DataFrame:
    base = _load()
    return query.apply(base.prepared, filters, base.bri)


def filtered(filters: query.Filters) -> pd.DataFrame:
    """The designations ``filters`` select (cached per filter set, shared, read-only)."""
    return _apply(filters)


@st.cache_resource(max_entries=64, show_spinner=False)
def site_choices(filters: query.Filters, lang: str) -> list[tuple[str, str, str]]:
    """(searchable names, site id, how a site picker shows it) of each filtered designation, sorted by
    name: its name in ``lang``, kind and countries ("Venice and its Lagoon — World Heritage, Italy").
    The searchable names hold the name in ``lang`` and in English, so either finds the site."""
    shown = _apply(filters)
    names = tables.localized_names(shown, lang).tolist()
    english = shown["name"].tolist()
    countries = country_names(lang)
    choices = []
    for site, name, en, kind, codes in zip(
        shown["site_id"], names, english, shown["designation"], shown["countries_iso3"]
    ):
        label = labels.SITE_CHOICE.format(
            name=name, kind=labels.KIND_LABELS[kind], countries=tables.country_names(codes, countries)
        )
        searchable = name.casefold() if name == en else f"{name.casefold()}\n{str(en).casefold()}"
        choices.append((searchable, site, label))
    return sorted(choices)


def find_sites(filters: query.Filters, lang: str, text: str, limit: int = 8) -> list[tuple[str, str]]:
    """(site id, label) of the filtered designations whose name in ``lang`` or English holds
    ``text``: the name itself first, then names starting with it, then names with a word starting
    with it, then the rest."""
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        return []
    found = []
    for searchable, site, label in site_choices(filters, lang):
        names = searchable.split("\n")
        if not any(wanted in name for name in names):
            continue
        rank = min(
            0 if name == wanted else 1 if name.startswith(wanted) else 2 if f" {wanted}" in f" {name}" else 3
            for name in names
        )
        found.append((rank, names[0], site, label))
    return [(site, label) for _, _, site, label in sorted(found)[:limit]]


@st.cache_resource(max_entries=32, show_spinner=False)
def display_table(filters: query.Filters, lang: str) -> pd.DataFrame:
    """The readable table of the filtered designations (shared, read-only)."""
    return tables.display_table(_apply(filters), _load().atlas.countries, lang)


@st.cache_resource(max_entries=64, show_spinner=False)
def _figure(_build: Callable, name: str, filters: query.Filters, lang: str, options: tuple):
    kwargs = dict(options)
    if "countries" in inspect.signature(_build).parameters:
        kwargs["countries"] = countries_table(lang)
    return _build(_apply(filters), **kwargs)


def figure(build: Callable, filters: query.Filters, **options):
    """``build(filtered, …)`` (a chart of :mod:`geo.charts`) for these filters, made once per
    language and options and shared; it gets the countries table when it takes one."""
    # the function is passed as is; its qualified name keys the cache
    return _figure(
        build, f"{build.__module__}.{build.__qualname__}", filters, i18n.current(), tuple(sorted(options.items()))
    )


# ---------------------------------------------------------------- map data


@st.cache_resource(max_entries=64, show_spinner=False)
def points_data(filters: query.Filters, lang: str, published: bool = True, base: str = "offline") -> dict:
    """The points map of the filtered designations (shared, read-only), over the base map ``base``.
    With ``published`` its outlines, popups and base map come from the published files, else the
    data carries them (a download: the base map cut to the sites' extent)."""
    loaded_ = _load()
    shown = _apply(filters).assign(name=lambda d: tables.localized_names(d, lang))
    static_url = loaded_.static_url if published else None
    extent = (
        [[shown["lat"].min(), shown["lon"].min()], [shown["lat"].max(), shown["lon"].max()]]
        if not published and shown["lat"].notna().any()
        else None
    )
    data = maps.points_data(
        shown,
        loaded_.atlas.countries,
        colors=style.KIND_COLORS,
        shapes=style.KIND_SYMBOLS,
        static_url=static_url,
        site_details=site_details(lang) if static_url else None,
        summary=describe.points_summary(shown, filters, country_names(lang)),
        base_layers=base_map_options(lang, base, extent, standalone=static_url is None),
        country_names=country_names(lang),
    )
    return {**data, "key": str(hash(("points", filters, lang, published, base)))}


def with_selection(data: dict, filters: query.Filters, lang: str, site: str | None) -> dict:
    """``data`` with ``site`` selected (highlighted, its popup open), when it is on the map."""
    if not site:
        return data
    published = site_details(lang) if data["details"].get("url") else None
    return {**data, "selected": maps.selected_point(_apply(filters), site, published)}


@st.cache_resource(max_entries=64, show_spinner=False)
def choropleth_data(filters: query.Filters, per: str, lang: str, published: bool = True) -> dict:
    """Countries shaded by the number of filtered designations (raw, per million, per area)."""
    base = _load()
    rates = stats.country_rates(_apply(filters), base.atlas.countries)
    column = stats.RATE_COLUMNS[per]
    counts = pd.DataFrame(
        {
            "iso3": rates["iso3"],
            "value": rates[column],
            "label": [_count_label(c, v, per) for c, v in zip(rates["count"], rates[column])],
        }
    )
    data = maps.choropleth_data(
        counts,
        countries_table(lang),
        legend_title=labels.PER_TITLES[per],
        static_url=base.static_url if published else None,
        summary=labels.MAP_SUMMARY_SHADED.format(what=labels.PER_TITLES[per].lower()),
    )
    return {**data, "key": str(hash(("shaded", filters, per, lang, published)))}


@st.cache_resource(max_entries=64, show_spinner=False)
def country_map_data(filters: query.Filters, iso3: str, lang: str, base: str = "offline") -> dict:
    """A map fitted to one country, with its designations under the filters (bar the country list),
    over the base map ``base``."""
    loaded_ = _load()
    one_country = replace(filters, countries=(iso3,))
    shown = _apply(one_country).assign(name=lambda d: tables.localized_names(d, lang))
    data = maps.country_data(
        shown,
        loaded_.atlas.countries,
        iso3,
        colors=style.KIND_COLORS,
        shapes=style.KIND_SYMBOLS,
        static_url=loaded_.static_url,
        site_details=site_details(lang) if loaded_.static_url else None,
        summary=describe.points_summary(shown, one_country, country_names(lang)),
        base_layers=base_map_options(lang, base, standalone=loaded_.static_url is None),
        country_names=country_names(lang),
    )
    return {**data, "key": str(hash(("country", filters, iso3, lang, base)))}


def standalone_map(data: dict, view_text: str | None, filters: query.Filters, lang: str) -> str:
    """The map as one page that opens anywhere, at the view ``view_text`` ("lat,lon,zoom"), titled
    with the filters and captioned with them, the data date and the credits."""
    view = [float(v) for v in view_text.split(",")] if view_text else None
    words = describe.filters_in_words(filters, country_names(lang))
    caption = maps.Caption(
        title=labels.EXPORT_TITLE.format(app=labels.APP_TITLE, filters=words),
        lines=(export_note(filters, lang), *describe.source_credits(sources()), labels.LEAFLET_CREDIT),
    )
    return maps.standalone({**data, "view": view, "selected": None}, caption=caption)


def _count_label(count: int, rate: float, per: str) -> str:
    """'3 designations', or with a rate '3 designations (1.25 per million people)'."""
    text = labels.N_DESIGNATIONS.format(n=int(count))
    if per == "raw":
        return text
    return labels.COUNT_AND_RATE.format(count=text, rate=rate, unit=labels.PER_LABELS[per])
