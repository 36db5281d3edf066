"""The server's gate (geo.web): unknown addresses, links too long for Streamlit, headers."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from geo import web
from geo.urlstate import PAGES, parse


@pytest.mark.parametrize(
    "path, base, page",
    [
        ("/", "", True),
        ("/charts", "", True),
        ("/charts/", "", True),
        ("/favicon.png", "", True),
        ("/_stcore/health", "", True),
        ("/static/js/index.js", "", True),
        ("/app/static/atlas/atlas.js", "", True),
        ("/component/x/y", "", True),
        ("/charts/x/y", "", False),
        ("/nowhere", "", False),
        ("/charts/static/js/index.js", "", False),
        ("/atlas/charts", "atlas", True),
        ("/charts", "atlas", False),
    ],
)
def test_page_paths(path, base, page):
    assert web.is_page_path(path, PAGES, base) is page


def test_a_query_that_fits_is_left_alone():
    assert web.fit_query("kind=whc&country=FRA") is None
    assert web.fit_query("&".join(f"k{i}=v" for i in range(web.MAX_FIELDS))) is None


def test_a_cut_query_fits_the_second_time():
    kept, _ = web.fit_query("&".join(f"k{i}=v" for i in range(5000)))
    assert web.fit_query(f"{kept}&trimmed=4001") is None


def test_too_many_parameters_are_cut_to_what_fits():
    query = "kind=whc&" + "&".join(f"x{i}=1" for i in range(1500))
    kept, dropped = web.fit_query(query)
    assert kept.startswith("kind=whc&x0=1") and kept.count("&") + 1 == web.MAX_FIELDS - 1
    assert dropped == 1501 - (web.MAX_FIELDS - 1)


def test_a_query_too_long_is_cut_to_what_fits():
    query = "kind=mab&q=" + "a" * (web.MAX_QUERY + 10) + "&country=FRA"
    kept, dropped = web.fit_query(query)
    assert kept == "kind=mab" and dropped == 2


def test_the_page_says_what_was_dropped():
    state, notices = parse({"kind": "whc", "trimmed": "502"})
    assert state.filters.kinds == ("world_heritage",)
    assert notices == [
        "This link was longer than the dashboard accepts: its last 502 parameters were left out; the rest applies."
    ]


def _call(gate: web.Gate, path: str, query: bytes = b"") -> tuple[int, dict, bytes]:
    sent = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": b"streamlit"})

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    gate.app = app
    # a thread of its own: a browser test of this session may keep an event loop running here
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, gate({"type": "http", "path": path, "query_string": query}, receive, send)).result()
    start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


def test_the_gate_answers_unknown_paths_and_long_links_and_adds_headers():
    gate = web.Gate(None, PAGES)
    status, headers, body = _call(gate, "/charts/x/y")
    assert status == 404 and b'<a href="/">' in body and b"Page not found" in body
    assert headers["x-content-type-options"] == "nosniff"
    status, headers, _ = _call(gate, "/charts", ("&".join(f"k{i}=1" for i in range(1200))).encode())
    assert (
        status == 303
        and headers["location"].startswith("/charts?k0=1&")
        and headers["location"].endswith("&trimmed=201")
    )
    status, headers, body = _call(gate, "/charts", b"kind=whc")
    assert (status, body) == (200, b"streamlit") and headers["referrer-policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize(
    "query, fixed",
    [
        ("embed=1&kind=whc", "embed=true&kind=whc"),
        ("kind=whc&EMBED=Yes", "kind=whc&embed=true"),
        ("embed=on", "embed=true"),
        ("embed=true&kind=whc", None),  # already Streamlit's spelling
        ("embed=0&kind=whc", None),
        ("kind=whc&q=embed=1", None),  # a search for the words, not the parameter
        ("", None),
    ],
)
def test_embed_yes_is_spelt_as_streamlit_reads_it(query, fixed):
    assert web.embed_query(query) == fixed


def test_the_gate_reopens_an_embedded_page_with_embed_true():
    gate = web.Gate(None, PAGES)
    status, headers, _ = _call(gate, "/charts", b"kind=whc&embed=1")
    assert status == 302 and headers["location"] == "/charts?kind=whc&embed=true"
    status, headers, _ = _call(gate, "/", b"embed=yes")
    assert status == 302 and headers["location"] == "/?embed=true"
    assert _call(gate, "/", b"embed=true&kind=whc")[0] == 200
    assert _call(gate, "/_stcore/health", b"embed=1")[0] == 200  # Streamlit's own routes are left alone
    status, headers, _ = _call(web.Gate(None, PAGES, base="atlas"), "/atlas/charts", b"embed=1")
    assert status == 302 and headers["location"] == "/atlas/charts?embed=true"
