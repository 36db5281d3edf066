"""The interface's language: gettext catalogues (managed with Babel) and locale-aware numbers.

The language is per script run: the app calls :func:`use` before it draws anything, and every
text taken from :mod:`geo.labels` after that comes translated (see ``labels.__getattr__``). Code
that runs on another thread sets it with :func:`using`. Catalogues live in ``locale/`` as
``.po`` files (``make i18n`` re-extracts the template; ``.mo`` files are compiled at set-up).
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache
from gettext import NullTranslations
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from babel.support import Translations

LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")  # the six UN languages; English is the source
SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"

_language: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)


def use(lang: str) -> None:
    """Speak ``lang`` (one of :data:`LANGUAGES`, else English) for the rest of this run."""
    _language.set(lang if lang in LANGUAGES else SOURCE_LANGUAGE)


def current() -> str:
    return _language.get()


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Speak ``lang`` inside the block (for work handed to another thread)."""
    token = _language.set(lang if lang in LANGUAGES else SOURCE_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


def direction(lang: str | None = None) -> str:
    """``rtl`` for a language written right to left (Arabic), else ``ltr``."""
    return "rtl" if Locale.parse(lang or current()).character_order == "right-to-left" else "ltr"


@cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalogue of ``lang``; English (the source) and a missing catalogue translate
    nothing, so a text then shows in English rather than not at all."""
    if lang == SOURCE_LANGUAGE:
        return NullTranslations()
    return Translations.load(LOCALE_DIR, [lang], DOMAIN)


def gettext(message: str, lang: str | None = None) -> str:
    return translations(lang or current()).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    return translations(lang or current()).ngettext(singular, plural, n)


def number(value: float, digits: int | None = None, lang: str | None = None, *, up_to: bool = False) -> str:
    """``value`` with the language's digit grouping and decimal sign (``digits`` decimals, or with
    ``up_to`` at most that many, trailing zeros dropped; or as many as it has)."""
    pattern = None if digits is None else "#,##0" + ("." + ("#" if up_to else "0") * digits if digits else "")
    return format_decimal(value, format=pattern, locale=lang or current())


def percent(value: float, digits: int = 0, lang: str | None = None) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(value, format=pattern, locale=lang or current())


def long_date(iso: str, lang: str | None = None) -> str:
    """An ISO day or month written out the language's way ("27 November 2026", "novembre 2026");
    anything else as it is."""
    locale = lang or current()
    try:
        if len(iso) == 10:
            return format_date(date.fromisoformat(iso), format="long", locale=locale)
        if len(iso) == 7:
            return format_date(date.fromisoformat(f"{iso}-01"), format="LLLL y", locale=locale)
    except ValueError:
        pass
    return iso


def separators(lang: str | None = None) -> str:
    """Plotly's ``separators`` for ``lang``: its decimal sign then its group sign."""
    locale = Locale.parse(lang or current())
    symbols = locale.number_symbols["latn"]
    return symbols["decimal"] + symbols["group"]


def browser_locale(lang: str | None = None) -> str:
    """The BCP 47 tag a browser formats numbers with as Babel does (Latin digits)."""
    return f"{lang or current()}-u-nu-latn"


class _Formatter(string.Formatter):
    """``str.format`` whose number fields (``{n:,}``, ``{rate:,.2f}``, ``{share:.0%}``) follow the
    current language: "1 234,5" in French, "1.234" in Spanish."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, bool) or not isinstance(value, int | float) or not format_spec:
            return super().format_field(value, format_spec)
        spec = format_spec.lstrip(",")
        if format_spec.endswith("%"):
            return percent(value, int(spec[1:-1] or 0) if spec.startswith(".") else 0)
        if format_spec.startswith(",") and (not spec or (spec.startswith(".") and spec.endswith("f"))):
            return number(value, int(spec[1:-1]) if spec else (None if isinstance(value, float) else 0))
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


class Text(str):
    """A translated interface text; its :meth:`format` writes numbers the language's way."""

    __slots__ = ()

    def format(self, *args: Any, **values: Any) -> str:
        return _FORMATTER.vformat(self, args, values)


class Message(str):
    """An English source text marked for translation (see :func:`N_`)."""

    __slots__ = ()


class Plural:
    """A text with a count, in as many forms as the language has (``{n}`` is the count)."""

    __slots__ = ("singular", "plural")

    def __init__(self, singular: str, plural: str) -> None:
        self.singular, self.plural = singular, plural

    def __call__(self, n: int) -> Text:
        """The form for ``n``, unformatted (its other placeholders are filled by the caller)."""
        return Text(ngettext(self.singular, self.plural, int(n)))

    def format(self, n: int, **values: Any) -> str:
        return self(n).format(n=n, **values)


def N_(message: str) -> Message:  # noqa: N802 (gettext's name for "mark, translate later")
    return Message(message)


def P_(singular: str, plural: str) -> Plural:  # noqa: N802
    return Plural(singular, plural)


def localize(source: Any) -> Any:
    """``source`` (a text, a plural, or a dict or tuple of them) in the current language; values
    not marked for translation (names of languages, file formats, markup) are kept."""
    if isinstance(source, Message):
        return Text(gettext(source))
    if isinstance(source, Plural):
        return source
    if isinstance(source, Mapping):
        return {key: localize(value) for key, value in source.items()}
    if isinstance(source, tuple):
        return tuple(localize(value) for value in source)
    if isinstance(source, str):  # not translated, but its numbers are written the language's way
        return Text(source)
    return source
