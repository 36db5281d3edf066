"""Link designations of different kinds that cover the same place into a shared ``place_id``.

Two designations are one place when they share a country, are of different kinds, and are
either close with similar names, or very close with somewhat similar names. Names are compared
after removing the designation words ("Biosphere Reserve", "UNESCO Global Geopark", …).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from geo.build.geocode import normalise
from geo.schema import KINDS

NEAR_KM = 60.0  # close: the name must be similar
VERY_NEAR_KM = 15.0  # very close: a looser name match is enough
SIMILAR = 85  # token-set ratio (0–100) on cleaned names
SOMEWHAT_SIMILAR = 60
_GENERIC = re.compile(
    r"\b(unesco|global|geopark|geoparque|geoparc|biosphere|reserve|reserva|biosfera|de la|del|de|"
    r"the|and|of|national|park|parc|parque|area|region|mount|mountain|mountains|scenic|historic|"
    r"site|sites|cultural|landscape|nature|natural|world|heritage|transboundary|la|le|des|du|y|et|"
    r"monts|mt|lake|river|island|islands|coast)\b"
)


def core_name(name: str) -> str:
    """'Mount Huangshan' / 'Huangshan UNESCO Global Geopark' → 'huangshan'."""
    return re.sub(r"\s+", " ", _GENERIC.sub(" ", normalise(name or ""))).strip()


def _haversine_km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _same_place(core_a: str, core_b: str, km: float) -> bool:
    if not core_a or not core_b:
        return False
    score = fuzz.token_set_ratio(core_a, core_b)
    return score >= SIMILAR or (km <= VERY_NEAR_KM and score >= SOMEWHAT_SIMILAR)


def link_places(df: pd.DataFrame) -> tuple[pd.Series, list[dict]]:
    """Return (place_id per row, the links made with their evidence).

    ``df`` needs site_id, designation, name, countries_iso3, lat, lon. A place is named after
    its first member in kind order (World Heritage first): ``place:whc:547``; unlinked rows get
    ``place:<site_id>``.
    Points geocoded only to a country centre never link (their distance means nothing), and
    neither do category 2 centres: they are institutions in a city, not designated areas.
    """
    ids = df["site_id"].to_numpy()
    lat, lon = df["lat"].to_numpy(float), df["lon"].to_numpy(float)
    kinds = df["designation"].to_numpy()
    cores = [core_name(n) for n in df["name"]]
    countries = [set(c) for c in df["countries_iso3"]]
    linkable = ((df["geocode_precision"] != "country") & (df["designation"] != "category2_centre")).to_numpy()
    parent = list(range(len(df)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    links = []
    for i in range(len(df)):
        if not linkable[i]:
            continue
        km = _haversine_km(lat[i], lon[i], lat[i + 1 :], lon[i + 1 :])
        for offset in np.flatnonzero(km <= NEAR_KM):
            j = i + 1 + offset
            if (
                kinds[i] != kinds[j]
                and linkable[j]
                and countries[i] & countries[j]
                and _same_place(cores[i], cores[j], km[offset])
            ):
                parent[find(int(j))] = find(i)
                links.append(
                    {
                        "a": ids[i],
                        "b": ids[j],
                        "km": round(float(km[offset]), 1),
                        "name_a": df["name"].iat[i],
                        "name_b": df["name"].iat[j],
                    }
                )
    roots = [find(i) for i in range(len(df))]
    kind_rank = {kind: rank for rank, kind in enumerate(KINDS)}
    groups: dict[int, list[tuple[int, str]]] = {}
    for i, root in enumerate(roots):
        groups.setdefault(root, []).append((kind_rank.get(kinds[i], len(kind_rank)), ids[i]))
    place_of_root = {root: "place:" + min(members)[1] for root, members in groups.items()}
    return pd.Series([place_of_root[r] for r in roots], index=df.index, name="place_id"), links
