"""What the web server answers before Streamlit sees a request (``serve.py`` mounts it).

- An address that is not a page (``/charts/x/y``, ``/nowhere``) gets a small not-found page
  with a link home: Streamlit would answer it with its page shell, whose relative script paths
  then fail, leaving a blank page.
- A link longer than Streamlit accepts (1,000 parameters or 512 Ki characters) would lose its
  whole query without a word; it is cut to what fits and reopened with ``trimmed=<dropped>``,
  which the page turns into a notice.
- ``embed=1`` (or ``yes``, ``on``) on a page is reopened as ``embed=true``, the one spelling
  Streamlit's page reads to show the page embedded (no sidebar, no toolbar).
- Every answer says ``X-Content-Type-Options: nosniff`` and a ``Referrer-Policy``.

Plain ASGI (no Streamlit import), so it wraps Streamlit's Starlette app without touching it.
"""

from __future__ import annotations

import html
from collections.abc import Collection
from urllib.parse import unquote_plus

from geo import labels
from geo.urlstate import TRIMMED, TRUE_WORDS

# First path segments Streamlit serves itself: its API, its scripts, the app's static files,
# custom components and media. Anything else must be a page.
STREAMLIT_PREFIXES = frozenset({"_stcore", "static", "app", "component", "media"})
MAX_FIELDS = 1000  # Streamlit ignores a query string with more parameters than this…
MAX_QUERY = 512 * 1024  # …or more characters (streamlit.runtime.state.query_params)
SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"strict-origin-when-cross-origin")]


def is_page_path(path: str, pages: Collection[str], base: str = "") -> bool:
    """True for the app's own addresses: a page, a file at the root, or Streamlit's routes."""
    base = base.strip("/")
    rest = path.strip("/")
    if base:
        if rest != base and not rest.startswith(base + "/"):
            return False
        rest = rest[len(base) :].strip("/")
    segments = rest.split("/") if rest else []
    if not segments:
        return True
    if segments[0] in STREAMLIT_PREFIXES:
        return True
    return len(segments) == 1 and (segments[0] in pages or "." in segments[0])


def is_page_request(path: str, base: str = "") -> bool:
    """True for an address that names a page (not Streamlit's routes, not a file)."""
    rest = path.strip("/")[len(base.strip("/")) :].strip("/")
    first = rest.split("/")[0]
    return first not in STREAMLIT_PREFIXES and "." not in first


def embed_query(query: str) -> str | None:
    """``query`` with ``embed=1``/``yes``/``on`` (any case) written ``embed=true``, the spelling
    Streamlit's page reads; None when there is nothing to change."""
    pairs = query.split("&")
    for i, pair in enumerate(pairs):
        key, _, value = pair.partition("=")
        value = unquote_plus(value).strip().lower()
        if unquote_plus(key).strip().lower() == "embed" and value in TRUE_WORDS and pair != "embed=true":
            pairs[i] = "embed=true"
    fixed = "&".join(pairs)
    return fixed if fixed != query else None


def fit_query(query: str) -> tuple[str, int] | None:
    """``(kept, dropped)`` for a query string Streamlit would ignore whole; None if it fits.
    The parameters are kept in order, as many as fit with room for ``trimmed=<n>``."""
    pairs = [p for p in query.split("&") if p]
    if len(pairs) <= MAX_FIELDS and len(query) <= MAX_QUERY:
        return None
    kept: list[str] = []
    size = 0
    for pair in pairs:
        if len(kept) >= MAX_FIELDS - 1 or size + len(pair) + 1 > MAX_QUERY - 64:
            break
        kept.append(pair)
        size += len(pair) + 1
    return "&".join(kept), len(pairs) - len(kept)


def not_found_page(home: str) -> bytes:
    """A plain page that says the address is not one of the atlas's and links home."""
    title = html.escape(labels.NOT_FOUND_TITLE)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title></head>"
        f'<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">'
        f"<main><h1>{title}</h1><p>{html.escape(labels.NOT_FOUND_TEXT)}</p>"
        f'<p><a href="{html.escape(home, quote=True)}">{html.escape(labels.NOT_FOUND_HOME)}</a></p>'
        f"</main></body></html>"
    ).encode()


class Gate:
    """ASGI middleware: not-found pages, oversize links cut to fit, ``embed=1`` spelt as Streamlit
    reads it, security headers."""

    def __init__(self, app, pages: Collection[str], base: str = "") -> None:
        self.app, self.pages, self.base = app, frozenset(pages), base.strip("/")

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        home = f"/{self.base}/" if self.base else "/"
        if not is_page_path(scope["path"], self.pages, self.base):
            await _answer(send, 404, not_found_page(home), [(b"content-type", b"text/html; charset=utf-8")])
            return
        fitted = fit_query(scope.get("query_string", b"").decode("latin-1"))
        if fitted is not None:
            kept, dropped = fitted
            location = f"{scope['path']}?{kept}{'&' if kept else ''}{TRIMMED}={dropped}"
            await _answer(send, 303, b"", [(b"location", location.encode("latin-1"))])
            return
        embedded = embed_query(scope.get("query_string", b"").decode("latin-1"))
        if embedded is not None and is_page_request(scope["path"], self.base):
            await _answer(send, 302, b"", [(b"location", f"{scope['path']}?{embedded}".encode("latin-1"))])
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _answer(send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [*headers, (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})
