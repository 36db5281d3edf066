"""Hostile page addresses: whatever the query string holds, the app runs, says what it ignored,
and falls back to the defaults.

Two layers:

* :func:`geo.urlstate.parse` alone, with thousands of generated parameter sets (fast);
* the whole dashboard under ``streamlit.testing.v1.AppTest`` (about a second a run), with
  generated parameter sets, every known key given wrong types, 10 kB values and repeated keys.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from geo import i18n, labels, paths, query
from geo.schema import KINDS, REGIONS, WH_CATEGORIES
from geo.store import load_atlas
from geo.urlstate import (
    _FALSE,
    _KEYS,
    _SILENT_KEYS,
    IMAGE_FORMATS,
    LANGUAGES,
    MAX_SEARCH,
    MAX_VALUE,
    MODES,
    PAGES,
    PERS,
    YEARS,
    ViewState,
    encode,
    parse,
)

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")
KEYS = list(_KEYS)
LIST_KEYS = {"kind", "region", "country", "cat"}
HUGE = 8_000  # with every key huge, the address stays under Streamlit's 512 Ki characters
APP_EXAMPLES = int(os.environ.get("HOSTILE_URL_EXAMPLES", 50))  # whole-app runs (~0.3 s each once warm)
TITLES = {
    "map": "UNESCO Sites Atlas",
    "charts": "Charts",
    "country": "Country profile",
    "table": "Table and export",
    "about": "About and sources",
    "places": "Shared places",
    "compare": "Compare countries",
}

# --------------------------------------------------------------------------- strategies

# Any text a decoded query string can hold (no lone surrogates: browsers send UTF-8), with
# control characters, bidi overrides, combining marks, emoji and full-width letters included.
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
nasty = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\r\n",
        "\t",
        "\u202e",
        "\u200b",
        "\ufeff",
        "😀",
        "ｗｈｃ",
        "WHC",
        "Whc ",
        "whc:",
        "0",
        "-1",
        "1.0",
        "1e309",
        "NaN",
        "Infinity",
        "null",
        "None",
        "true",
        "yes please",
        "[]",
        "{}",
        "[1,2]",
        '{"a": 1}',
        "2000-",
        "-",
        "--",
        "2020-2000",
        "0-99999999999",
        "1899",
        ",,,",
        ";;",
        "%00",
        "%",
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "javascript:alert(1)",
        "[x](javascript:alert(1))",
        "{{7*7}}",
        "' OR 1=1 --",
        "map",
        "FRA",
        "fr",
        "whc:547",
        "c2c:001",
        "x" * 100,
    ]
)
huge = st.builds(
    lambda unit, n: (unit * n)[: HUGE + 5],
    st.sampled_from(["a", "é", "😀", ",", "1", "whc,"]),
    st.integers(min_value=MAX_VALUE - 5, max_value=HUGE),
)
value = st.one_of(any_text, nasty, huge)
values = st.one_of(value, st.lists(value, min_size=2, max_size=4))  # a list = the key repeated
key = st.one_of(
    st.sampled_from(KEYS),
    st.sampled_from(KEYS).map(str.upper),
    st.sampled_from(KEYS).map(lambda k: f" {k}\t"),
    st.sampled_from(sorted(_SILENT_KEYS)),
    any_text.filter(lambda k: k.strip().lower() not in _KEYS),
)
params_strategy = st.dictionaries(key, values, max_size=8)

GOOD = {  # one valid value per key, so generated addresses also reach every page and filter
    "page": ["map", "charts", "country", "table", "about", "places", "compare", "Table"],
    "kind": ["whc", "mab,uggp", "c2c"],
    "region": ["eur", "afr,lac"],
    "country": ["FRA", "it,cn"],
    "year": ["2000-2020", "1990", "-1980"],
    "cat": ["natural", "cultural,mixed"],
    "danger": ["1"],
    "tb": ["1"],
    "bri": ["1"],
    "minkinds": ["2"],
    "q": ["park", "huangshan"],
    "mode": ["choropleth"],
    "per": ["pop", "area"],
    "site": ["whc:547"],
    "sel": ["FRA", "cn"],
    "lang": list(LANGUAGES),
    "present": ["1"],
    "img": ["svg"],
}
app_value = st.one_of(value, nasty, st.lists(st.one_of(nasty, any_text), min_size=2, max_size=3))
app_params = st.dictionaries(
    st.one_of(st.sampled_from(KEYS), st.sampled_from(KEYS).map(str.upper), any_text.filter(lambda k: k.strip())),
    app_value,
    max_size=5,
).flatmap(
    lambda bad: st.fixed_dictionaries(
        {},
        optional={k: st.sampled_from(v) for k, v in GOOD.items() if k not in {b.strip().lower() for b in bad}},
    ).map(lambda good: {**good, **bad})
)


# --------------------------------------------------------------------------- checks

UNSAFE_IN_NOTICE = re.compile(r"[<>\[\]`*\n\r\x00-\x1f\x7f]")


def as_lists(params: dict) -> dict[str, list[str]]:
    return {k: list(v) if isinstance(v, (list, tuple)) else [v] for k, v in params.items()}


def check_state(state: ViewState, known_sites=None, known_countries=None) -> None:
    """Every field of a parsed state is one the app can show."""
    f = state.filters
    assert state.page in PAGES and state.mode in MODES and state.lang in LANGUAGES and state.per in PERS
    assert state.img in IMAGE_FORMATS
    assert isinstance(state.present, bool)
    assert set(f.kinds) <= set(KINDS) and set(f.regions) <= set(REGIONS) and set(f.wh_categories) <= set(WH_CATEGORIES)
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in f.countries)
    assert all(y is None or YEARS[0] <= y <= YEARS[1] for y in (f.year_min, f.year_max))
    assert f.year_min is None or f.year_max is None or f.year_min <= f.year_max
    assert 1 <= f.min_place_kinds <= len(KINDS)
    assert len(f.search) <= MAX_SEARCH and f.search == query.clean_search(f.search)
    if known_sites is not None:
        assert state.site is None or state.site in known_sites
    if known_countries is not None:
        assert state.sel is None or state.sel in known_countries
        assert set(f.countries) <= set(known_countries)


def check_notices(notices: list[str]) -> None:
    """Short plain sentences; nothing from the address that Markdown or HTML would act on."""
    for notice in notices:
        assert isinstance(notice, str) and 0 < len(notice) <= 300, notice
        assert not UNSAFE_IN_NOTICE.search(notice), notice
        assert notice.endswith("."), notice
        assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in notice), notice


def means_default(key: str, given: list[str]) -> bool:
    """Whether ``key=given`` asks for nothing but the default (so silence is right)."""
    if key in LIST_KEYS:
        return all(not p for v in given for p in re.split(r"[,;\s]+", v[:MAX_VALUE]))
    first = given[0][:MAX_VALUE].strip().lower()
    if key == "q":
        return query.clean_search(first) == ""
    if key in ("danger", "tb", "bri", "present"):
        return first in _FALSE
    return first in (
        "",
        {"page": "map", "mode": "points", "lang": "en", "per": "raw", "minkinds": "1", "img": "png"}.get(key),
    )


# --------------------------------------------------------------------------- parse alone


@settings(max_examples=2000, deadline=None)
@given(params_strategy)
@example({"kind": ["whc"] * 3000})
@example({"q": "\x00" * HUGE, "year": "9" * HUGE, "": "", "PAGE": ["charts", "table"]})
def test_parse_never_raises_and_returns_a_showable_state(params):
    state, notices = parse(params)
    check_state(state)
    check_notices(notices)
    assert parse(encode(state)) == (state, []), "the canonical address must read back silently"


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(KEYS), values)
def test_anything_ignored_is_noticed(key, raw):
    """One parameter alone: either it changed the view, or it meant the default, or a notice says so."""
    given_values = raw if isinstance(raw, list) else [raw]
    state, notices = parse({key: given_values})
    if len(given_values) > 1 and key not in LIST_KEYS:
        assert any(f"several '{key}' values" in n for n in notices)
    if any(len(v) > MAX_VALUE for v in given_values) and key not in LIST_KEYS:
        assert notices
    if state == ViewState() and not notices:
        assert means_default(key, given_values), f"{key}={given_values!r} was dropped without a notice"


@settings(max_examples=500, deadline=None)
@given(
    st.dictionaries(
        any_text.filter(lambda k: k.strip().lower() not in {*_KEYS, *_SILENT_KEYS}), values, min_size=1, max_size=5
    )
)
def test_unknown_keys_are_named_in_a_notice(params):
    state, notices = parse(params)
    assert state == ViewState()
    assert len(notices) == 1 and notices[0].startswith("Ignored unknown parameter")
    check_notices(notices)


def test_known_sites_and_countries_are_enforced():
    state, notices = parse(
        {"site": "whc:999999", "sel": "ZZ", "country": "FRA,XK,zzz"}, known_sites={"whc:1"}, known_countries={"FRA"}
    )
    assert state.site is None and state.sel is None and state.filters.countries == ("FRA",)
    assert len(notices) == 3


# --------------------------------------------------------------------------- the whole app


@lru_cache(maxsize=1)
def _known() -> tuple[frozenset[str], frozenset[str], int]:
    atlas = load_atlas(paths.processed_dir())
    return frozenset(atlas.designations["site_id"]), frozenset(atlas.countries["iso3"]), len(atlas.designations)


def as_app_sees(params: dict) -> dict[str, list[str]]:
    """The parameters the app reads after the address goes through a browser and Streamlit."""
    return parse_qs(urlencode(params, doseq=True), keep_blank_values=True)


def run_app(params: dict) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.query_params.update(params)
    at.run()
    return at


def app_url(at: AppTest) -> dict:
    """The address the app left in the browser, without Streamlit's own embed parameters."""
    return {k: v for k, v in at.query_params.items() if k != "page" and k not in _SILENT_KEYS}


def check_app(at: AppTest, params: dict) -> ViewState:
    """No exception or error box, every notice shown, the page parse chose, the address canonical."""
    sites, countries, _n = _known()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    seen = as_app_sees(params)
    expected, _ = parse(seen, sites, countries)
    with i18n.using(expected.lang):  # notices and titles in the link's language
        expected, notices = parse(seen, sites, countries)
        title = labels.APP_TITLE if expected.page == "map" else labels.PAGE_TITLES[expected.page]
    shown = [w.value for w in at.warning]
    missing = [n for n in notices if n not in shown]
    assert not missing, f"notices not shown: {missing}"
    if not expected.present:
        assert at.title and at.title[0].value == title, (
            f"expected the {expected.page} page, got {[t.value for t in at.title]}"
        )
    canonical = encode(replace(expected, page="map"))
    assert app_url(at) == canonical
    return expected


@settings(
    max_examples=APP_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(app_params)
def test_the_app_survives_any_address(params):
    check_app(run_app(params), params)


WRONG_TYPES = [
    "[1,2]",
    '{"a":1}',
    "-1",
    "1e309",
    "NaN",
    "true",
    "yes please",
    "\x00\x01",
    "\u202e😀",
    "<script>alert(1)</script>",
    "",
    "  ",
]


@pytest.mark.parametrize("key", KEYS)
def test_wrong_types_for_every_key(key):
    params = {key: WRONG_TYPES}  # the key repeated with every kind of wrong value
    at = run_app(params)
    state = check_app(at, params)
    assert at.warning, "a notice should say what was ignored"
    assert state.filters == query.Filters() or key == "q"


def test_huge_values_everywhere_fall_back_to_defaults():
    params = {k: ("é" if i % 4 == 0 else "a") * HUGE for i, k in enumerate(KEYS)}
    params |= {"x" * HUGE: "1", "unknown": "z" * HUGE}  # ~0.4 MB once percent-encoded
    at = run_app(params)
    state = check_app(at, params)
    assert replace(state, filters=replace(state.filters, search="")) == ViewState()
    assert len(state.filters.search) == MAX_SEARCH
    assert any("over-long" in w.value for w in at.warning)
    assert any("unknown parameter" in w.value for w in at.warning)


def test_an_address_beyond_streamlits_limit_is_dropped_whole():
    """Streamlit ignores a query string over 512 KiB outright: the app opens with the defaults."""
    at = run_app({"q": "é" * 100_000})  # 600,000 characters percent-encoded
    assert not at.exception and not at.error
    assert at.title[0].value == TITLES["map"]
    assert at.sidebar.text_input(key="f_search").value == ""  # (the address bar keeps what it had)


def test_all_garbage_shows_the_default_map():
    params = {k: "\u202e<b>zz</b>" for k in KEYS if k != "q"} | {"Kind": ["?", "!"], "embed": "true"}
    at = run_app(params)
    assert check_app(at, params) == ViewState()
    _sites, _countries, total = _known()
    assert next(m.value for m in at.metric if m.label == "Shown") == f"{total:,}"
    assert app_url(at) == {}
    assert len(at.warning) >= len(params) - 3  # nearly one notice per parameter (repeats are merged)


# --------------------------------------------------------------------------- the server's own settings

REPO = Path(DASHBOARD).parent
HARDENING = {  # .streamlit/config.toml: (section, option) -> value
    ("server", "enableXsrfProtection"): True,
    ("server", "enableCORS"): True,
    ("browser", "gatherUsageStats"): False,
    ("client", "showErrorDetails"): "none",
}


def test_config_file_hardens_the_server():
    import tomllib

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    for (section, option), wanted in HARDENING.items():
        assert config[section][option] == wanted, (section, option)


def test_streamlit_reads_the_hardened_settings():
    """What `streamlit config show` resolves in the project folder (no STREAMLIT_* overrides)."""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    shown = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    for (_section, option), wanted in HARDENING.items():
        literal = f'"{wanted}"' if isinstance(wanted, str) else str(wanted).lower()
        assert re.search(rf"^{option} = {re.escape(literal)}$", shown, re.M), option


def test_an_app_error_shows_no_details():
    """showErrorDetails = "none" in effect: the message and the stack trace stay in the server log."""
    at = AppTest.from_string("raise ValueError('secret detail in /srv/app/file.py')").run()
    assert len(at.exception) == 1
    assert "secret detail" not in at.exception[0].value and not at.exception[0].stack_trace
