"""ISO 3166-1 code conversion with pycountry, plus the few codes sources use that ISO lacks."""

from __future__ import annotations

from functools import cache

import pycountry

from geo import labels
from geo.schema import NO_STATE_PARTY

# Codes sources use that pycountry does not resolve (user-assigned / legacy ones).
_EXTRA_ALPHA2 = {"XK": "XKX", "UK": "GBR", "EL": "GRC"}
_EXTRA_ALPHA3 = {"XKX", "KOS"}


@cache
def to_iso3(code: str | None) -> str | None:
    """Alpha-2, alpha-3 or numeric code (any case, padded) → alpha-3, or None if unknown."""
    if not code or not isinstance(code, str):
        return None
    key = code.strip().upper()
    if key in _EXTRA_ALPHA2:
        return _EXTRA_ALPHA2[key]
    if key == "KOS":
        return "XKX"
    if key in _EXTRA_ALPHA3:
        return key
    try:
        country = pycountry.countries.lookup(key)
    except LookupError:
        return None
    return country.alpha_3


def is_iso3(code: object) -> bool:
    """True for a known alpha-3 code (including Kosovo's XKX)."""
    return isinstance(code, str) and (code in _EXTRA_ALPHA3 or pycountry.countries.get(alpha_3=code) is not None)


def country_name(iso3: str) -> str:
    """A readable English name for an alpha-3 code (the code itself when unknown)."""
    if iso3 == NO_STATE_PARTY:
        return labels.NO_STATE_PARTY  # an interface text: in the run's language
    return _english_name(iso3)


@cache
def _english_name(iso3: str) -> str:
    if iso3 == "XKX":
        return "Kosovo"
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    return getattr(country, "common_name", None) or country.name


def split_codes(value: object, sep: str = ",") -> list[str]:
    """'fr,BE ; de' → ['FRA', 'BEL', 'DEU'] (unknown codes are dropped: check with :func:`unknown_codes`)."""
    return [c for c in (to_iso3(p) for p in _parts(value, sep)) if c]


def unknown_codes(value: object, sep: str = ",") -> list[str]:
    """The parts of a code list that :func:`to_iso3` cannot resolve."""
    return [p for p in _parts(value, sep) if to_iso3(p) is None]


def _parts(value: object, sep: str) -> list[str]:
    if value is None or (isinstance(value, float) and value != value):
        return []
    text = str(value).replace(";", sep)
    return [p.strip() for p in text.split(sep) if p.strip()]
