"""Point-in-country check: flags points that fall outside every country of their record.

Countries always come from the UNESCO record; this check only reports. A point passes when it
lies within BUFFER_DEG of the polygons of any of its countries or their dependencies (Puerto
Rico for the United States), which forgives coastlines, islands and marine areas drawn at 1:50m.
"""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import pandas as pd
from shapely import Point
from shapely.prepared import prep

BUFFER_DEG = 0.25  # about 25 km at the equator


class CountryShapes:
    """Buffered, prepared country polygons, built on first use per country."""

    def __init__(self, countries: gpd.GeoDataFrame) -> None:
        self._geometry = dict(zip(countries["iso3"], countries.geometry))
        self._dependencies: dict[str, list[str]] = {}
        for iso3, sovereign in zip(countries["iso3"], countries["sovereign_iso3"]):
            self._dependencies.setdefault(sovereign, []).append(iso3)
        self._prepared = lru_cache(maxsize=None)(self._build)

    def family(self, iso3: str) -> list[str]:
        """The country and its dependencies that have their own polygons."""
        return sorted({iso3, *self._dependencies.get(iso3, [])})

    def _build(self, iso3: str):
        shape = self._geometry.get(iso3)
        return prep(shape.buffer(BUFFER_DEG)) if shape is not None else None

    def contains(self, iso3: str, lon: float, lat: float) -> bool | None:
        """True/False, or None when the country has no polygon."""
        results = [self._prepared(code) for code in self.family(iso3)]
        results = [r for r in results if r is not None]
        if not results:
            return None
        point = Point(lon, lat)
        return any(r.contains(point) for r in results)


def outside_country(df: pd.DataFrame, shapes: CountryShapes) -> pd.Series:
    """Per row: True if the point is outside all its countries, False if inside, NA if unknown."""
    flags = []
    for countries, lon, lat in zip(df["countries_iso3"], df["lon"], df["lat"]):
        verdicts = [shapes.contains(c, lon, lat) for c in countries]
        known = [v for v in verdicts if v is not None]
        flags.append(pd.NA if not known else not any(known))
    return pd.Series(flags, index=df.index, dtype="boolean")
