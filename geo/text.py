"""Untrusted source text → safe plain text or a small allow-listed HTML subset (nh3)."""

from __future__ import annotations

import html
import re

import ftfy
import nh3

_SPACE = re.compile(r"\s+")
_BLOCK_TAGS = re.compile(r"(?i)<\s*(br|/p|/div|/li|/h\d)\b[^>]*>")


def plain_text(value: object) -> str | None:
    """Strip every tag, unescape entities, fix mojibake and fold white space.

    ``None``/NaN/empty give ``None``. The result is text, not HTML: escape it before
    putting it into markup (or use :func:`safe_html`).
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value)
    text = _BLOCK_TAGS.sub(" ", text)
    text = nh3.clean(text, tags=set(), clean_content_tags={"script", "style"})
    text = html.unescape(html.unescape(text))
    text = ftfy.fix_text(text, uncurl_quotes=False, fix_character_width=False)
    text = _SPACE.sub(" ", text).strip()
    return text or None


def escape(value: object) -> str:
    """Plain text made safe to place inside HTML (element content or quoted attribute)."""
    return html.escape("" if value is None else str(value), quote=True)


SAFE_URL_SCHEMES = {"http", "https"}


def safe_url(value: object) -> str | None:
    """Return an http(s) URL unchanged, anything else (``javascript:``, data:, junk) as None."""
    if not value or not isinstance(value, str):
        return None
    url = value.strip()
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in SAFE_URL_SCHEMES or any(c in url for c in "<>\"' \n\r\t"):
        return None
    return url


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# GFM turns bare URLs, www. names and e-mail addresses into links after escapes are resolved;
# an invisible word joiner (U+2060) inside the trigger keeps them plain text.
_AUTOLINK = re.compile(r"(?i)(?<=://)|(?<=\bwww)(?=\.)|(?<=@)(?=[\w-])")


def markdown_escape(value: object) -> str:
    """Plain text made inert for a Markdown renderer: no links (bare URLs included), emphasis,
    HTML or math."""
    text = _AUTOLINK.sub("\u2060", "" if value is None else str(value))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
