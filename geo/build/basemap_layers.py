"""Build step of the offline base map: Natural Earth 1:50m layers → one small JSON file per zoom band.

Reads ``data/raw/base/basemap_50m/`` (populated places, province lines, rivers, lakes, region
points, marine names) and writes ``data/processed/basemap/band-<n>.json``. Band ``n`` covers the
zooms in ``BANDS[n]`` and holds every feature that shows below its upper zoom (``min_zoom`` for
shapes, ``min_label``/``min_zoom`` for names), simplified and rounded for that band's zooms, so a
world view never carries what only shows from zoom 5. :mod:`geo.basemap` publishes the files.

Layout of a band file (compact arrays; lines are Google encoded polylines of lat/lon × ``f``)::

    {"v": 1, "zoom": [lo, hi], "f": factor,
     "places": [[lat, lon, zoom, capital, [en, fr, es, ru, zh]], ...],   # null: same as English
     "provinces": [[zoom, [line, ...]], ...], "rivers": [[zoom, [line, ...]], ...],
     "lakes": [[zoom, [[ring, hole, ...], ...]], ...],
     "names": [[lat, lon, zoom, kind, name, name_fr], ...]}               # kind: sea, lake, river, region
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.ops import polylabel

from geo import polyline
from geo.basemap import BANDS, PLACE_LANGS

FORMAT = 1
SOURCE_DIR = ("base", "basemap_50m")
FILES = {
    "places": "ne_50m_populated_places.json",
    "provinces": "ne_50m_admin_1_states_provinces_lines.json",
    "rivers": "ne_50m_rivers_lake_centerlines.json",
    "lakes": "ne_50m_lakes.json",
    "regions": "ne_50m_geography_regions_points.json",
    "marine": "ne_50m_geography_marine_polys.json",
}
PROVINCES_FROM = 4.0  # province lines are noise on a world view, whatever their min_zoom says
MARINE_KINDS = ("ocean", "sea", "gulf", "bay", "strait", "channel", "sound")  # not river mouths or reefs


def source_dir(raw_dir: Path) -> Path:
    return raw_dir.joinpath(*SOURCE_DIR)


def _parts(geom) -> list:
    """The non-empty parts of a geometry (none for a missing one)."""
    if geom is None:
        return []
    return [p for p in getattr(geom, "geoms", [geom]) if not p.is_empty]


def _lines(geom, tolerance: float, factor: int) -> list[str]:
    """The encoded parts of a (multi)line, simplified; parts that shrink to a point are dropped."""
    simple = shapely.simplify(geom, tolerance, preserve_topology=False)
    return [
        polyline.encode(np.asarray(p.coords), factor)
        for p in _parts(simple)
        if p.length >= tolerance and len(p.coords) > 1
    ]


def _polygons(geom, tolerance: float, factor: int) -> list[list[str]]:
    """The encoded rings of a (multi)polygon, simplified; parts smaller than a pixel are dropped."""
    simple = shapely.simplify(geom, tolerance, preserve_topology=True)
    out = []
    for p in _parts(simple):
        if p.area < tolerance * tolerance:
            continue
        rings = [polyline.encode(np.asarray(p.exterior.coords), factor)]
        rings += [
            polyline.encode(np.asarray(r.coords), factor)
            for r in p.interiors
            if shapely.Polygon(r).area >= tolerance * tolerance
        ]
        out.append(rings)
    return out


def _zoom(value, default: float = 99.0) -> float:
    return default if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _readable(name: str | None) -> str | None:
    """Natural Earth writes ocean names in capitals: 'NORTH ATLANTIC OCEAN' → 'North Atlantic Ocean'."""
    return name.title() if name and name.isupper() else name


def _label_point(geom) -> tuple[float, float]:
    """(lat, lon) inside the largest part, far from its edges (where a name reads best)."""
    biggest = max(_parts(geom), key=lambda p: p.area)
    point = polylabel(biggest, tolerance=0.05)
    return round(point.y, 2), round(point.x, 2)


def _line_label_point(geom) -> tuple[float, float]:
    """(lat, lon) halfway along the longest part of a river."""
    longest = max(_parts(geom), key=lambda p: p.length)
    point = longest.interpolate(0.5, normalized=True)
    return round(point.y, 2), round(point.x, 2)


def read_layers(raw_dir: Path) -> dict[str, gpd.GeoDataFrame]:
    folder = source_dir(raw_dir)
    return {key: gpd.read_file(folder / name) for key, name in FILES.items()}


def _places(df: gpd.GeoDataFrame, hi: float) -> list:
    rows = []
    for row in df.itertuples():
        zoom = _zoom(row.min_zoom)
        names = [_text(getattr(row, f"NAME_{lang}")) for lang in PLACE_LANGS]
        names[0] = names[0] or _text(row.NAME)
        if zoom >= hi or not names[0]:
            continue
        names = [names[0], *(n if n != names[0] else None for n in names[1:])]
        while names[-1] is None:
            names.pop()
        capital = int(row.ADM0CAP == 1 or row.FEATURECLA.startswith("Admin-0 capital"))
        rows.append([round(row.geometry.y, 3), round(row.geometry.x, 3), zoom, capital, names])
    return sorted(rows, key=lambda r: (r[2], -r[3]))


def _shapes(df: gpd.GeoDataFrame, hi: float, encode, floor: float = 0.0) -> list:
    rows = []
    for zoom, geom in zip(df["min_zoom"], df.geometry):
        zoom = max(_zoom(zoom), floor)
        if zoom < hi and _parts(geom):
            parts = encode(geom)
            if parts:
                rows.append([zoom, parts])
    return sorted(rows, key=lambda r: r[0])


def _names(layers: dict[str, gpd.GeoDataFrame], hi: float) -> list:
    """Names drawn as labels: seas, lakes, rivers and regions (capes, islands, waterfalls)."""
    rows = []
    marine = layers["marine"]
    for name, fr, zoom, kind, geom in zip(
        marine["name"], marine["name_fr"], marine["min_label"], marine["featurecla"], marine.geometry
    ):
        if kind in MARINE_KINDS and _text(name) and _parts(geom) and _zoom(zoom) < hi:
            rows.append([*_label_point(geom), _zoom(zoom), "sea", _readable(_text(name)), _readable(_text(fr))])
    lakes = layers["lakes"]
    for name, zoom, geom in zip(lakes["name"], lakes["min_label"], lakes.geometry):
        if _text(name) and _parts(geom) and _zoom(zoom) < hi:
            rows.append([*_label_point(geom), _zoom(zoom), "lake", _text(name), None])
    rivers = layers["rivers"]
    seen: set[tuple[str, float]] = set()
    for name, zoom, geom in zip(rivers["name_en"].fillna(rivers["name"]), rivers["min_label"], rivers.geometry):
        name = _text(name)
        if (
            name and _parts(geom) and _zoom(zoom) < hi and (name, _zoom(zoom)) not in seen
        ):  # a river's lake stretches share its name
            seen.add((name, _zoom(zoom)))
            rows.append([*_line_label_point(geom), _zoom(zoom), "river", name, None])
    regions = layers["regions"]
    for name, zoom, geom in zip(regions["name"], regions["min_zoom"], regions.geometry):
        if _text(name) and geom is not None and _zoom(zoom) < hi:
            rows.append([round(geom.y, 2), round(geom.x, 2), _zoom(zoom), "region", _text(name), None])
    for row in rows:
        if row[-1] is None or row[-1] == row[-2]:
            row.pop()
    return sorted(rows, key=lambda r: r[2])


def band_payload(layers: dict[str, gpd.GeoDataFrame], band: int) -> dict:
    """What the map draws in zoom band ``band`` (an index into :data:`BANDS`)."""
    lo, hi, tolerance, factor = BANDS[band]
    return {
        "v": FORMAT,
        "zoom": [lo, hi],
        "f": factor,
        "places": _places(layers["places"], hi),
        "provinces": _shapes(layers["provinces"], hi, lambda g: _lines(g, tolerance, factor), PROVINCES_FROM),
        "rivers": _shapes(layers["rivers"], hi, lambda g: _lines(g, tolerance, factor)),
        "lakes": _shapes(layers["lakes"], hi, lambda g: _polygons(g, tolerance, factor)),
        "names": _names(layers, hi),
    }


def band_texts(raw_dir: Path) -> dict[str, str]:
    """``{"band-<n>.json": text}`` for every zoom band (deterministic: same raw files, same bytes)."""
    layers = read_layers(raw_dir)
    return {
        f"band-{n}.json": json.dumps(band_payload(layers, n), ensure_ascii=False, separators=(",", ":"))
        for n in range(len(BANDS))
    }
