"""The offline base map at run time: places, provinces, rivers, lakes and sea names, plus the
optional online tiles.

``python -m geo build`` prepares one file per zoom band (:mod:`geo.build.basemap_layers`); the app
publishes them (:func:`publish`) as static files named by their content, and each map gets
:meth:`BaseLayers.options` for ``static/atlas/basemap.js``: the bands' addresses (the browser
fetches the band of the current zoom after the first markers are drawn, and caches it) or, for a
map that must open anywhere, the bands themselves cut to the extent it shows.

Online tiles are a choice (``base=osm`` in the URL), never a requirement: OpenStreetMap's
standard tiles unless ``$UNESCO_ATLAS_TILE_URL`` or ``[atlas] tile_url`` in
``.streamlit/config.toml`` name another server (``tile_attribution`` beside it credits it).
No Streamlit here; the texts come from :mod:`geo.labels`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from geo import labels, paths
from geo.files import publish_once
from geo.text import escape

# (lowest zoom, zoom it stops at, simplify tolerance in degrees, coordinate factor): about half a
# screen pixel at the band's highest zoom; the last band keeps the 1:50m detail. The build
# (geo.build.basemap_layers) prepares the bands; the maps choose among them.
BANDS = ((0, 4, 0.04, 100), (4, 6, 0.01, 100), (6, 99, 0.002, 1000))
PLACE_LANGS = ("EN", "FR", "ES", "RU", "ZH")  # name fields of the populated places (no Arabic)
FILE_PREFIX = "basemap-band-"  # data/processed/basemap-band-<n>.json (geo.build)
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILE_URL_ENV, TILE_ATTRIBUTION_ENV = "UNESCO_ATLAS_TILE_URL", "UNESCO_ATLAS_TILE_ATTRIBUTION"
_TILE_URL = re.compile(r"https?://[^\s\"'<>\\]+")
_MARGIN = 0.5  # a standalone map carries the layers of its extent plus this share of it on each side


def file_names() -> list[str]:
    """The build's output files, one per zoom band."""
    return [f"{FILE_PREFIX}{n}.json" for n in range(len(BANDS))]


@dataclass(frozen=True)
class BaseLayers:
    """The prepared bands (JSON texts, in :data:`BANDS` order) and, once published, their addresses."""

    texts: tuple[str, ...]
    urls: tuple[str, ...] | None = None

    def options(self, lang: str, tiles: dict | None = None, extent: Sequence[Sequence[float]] | None = None) -> dict:
        """What ``UnescoAtlas.addBaseLayers`` needs: each band's zooms and address (published) or
        its data cut to ``extent`` ``[[south, west], [north, east]]`` (``None``: the world), the
        language of place names, the online ``tiles`` (see :func:`tile_settings`) if wanted, and
        the texts it shows."""
        bands = []
        for n, (lo, hi, _tolerance, _factor) in enumerate(BANDS):
            band: dict[str, object] = {"zoom": [lo, hi]}
            if self.urls is not None:
                band["url"] = self.urls[n]
            else:
                band["data"] = clip(json.loads(self.texts[n]), extent)
            bands.append(band)
        return {
            "bands": bands,
            "lang": PLACE_LANGS.index(lang.upper()) if lang.upper() in PLACE_LANGS else 0,
            "tiles": tiles,
            "text": labels.BASEMAP_TEXT,
        }


def load(processed_dir: Path | None = None) -> BaseLayers | None:
    """The built bands, or None when the build has not made them (maps then have no base layers)."""
    folder = paths.current_set(processed_dir or paths.processed_dir())
    try:
        return BaseLayers(tuple((folder / name).read_text(encoding="utf-8") for name in file_names()))
    except FileNotFoundError:
        return None


def publish(layers: BaseLayers, directory: Path, static_url: str) -> BaseLayers:
    """Write the bands to ``directory`` (served at ``static_url``) as ``basemap-<hash>-<n>.json``,
    named by their content so browsers may cache them for good; files already there are kept."""
    digest = hashlib.sha1("\x1f".join(layers.texts).encode()).hexdigest()[:16]
    directory.mkdir(parents=True, exist_ok=True)
    urls = []
    for n, text in enumerate(layers.texts):
        name = f"basemap-{digest}-{n}.json"
        publish_once(directory / name, lambda text=text: text)
        urls.append(static_url + name)
    return replace(layers, urls=tuple(urls))


# --------------------------------------------------------------------------- standalone maps


def _decode(line: str, factor: int) -> list[tuple[float, float]]:
    """(lat, lon) points of a Google encoded polyline."""
    values, shift, result = [], 0, 0
    for char in line:
        b = ord(char) - 63
        result |= (b & 0x1F) << shift
        shift += 5
        if b < 0x20:
            values.append(~(result >> 1) if result & 1 else result >> 1)
            shift, result = 0, 0
    lat = lon = 0
    points = []
    for dlat, dlon in zip(values[::2], values[1::2]):
        lat += dlat
        lon += dlon
        points.append((lat / factor, lon / factor))
    return points


def _within(box: tuple[float, float, float, float], points) -> bool:
    south, west, north, east = box
    return any(south <= lat <= north and west <= lon <= east for lat, lon in points)


def clip(band: dict, extent: Sequence[Sequence[float]] | None) -> dict:
    """The band's features with a point in ``extent`` widened by :data:`_MARGIN` (all of them for None)."""
    if extent is None:
        return band
    (south, west), (north, east) = extent
    dy, dx = (north - south) * _MARGIN + 1, (east - west) * _MARGIN + 1
    box = (south - dy, west - dx, north + dy, east + dx)
    f = band["f"]

    def near(lines: list[str]) -> bool:
        return any(_within(box, _decode(line, f)) for line in lines)

    return {
        **band,
        "places": [p for p in band["places"] if _within(box, [(p[0], p[1])])],
        "names": [n for n in band["names"] if _within(box, [(n[0], n[1])])],
        "provinces": [r for r in band["provinces"] if near(r[1])],
        "rivers": [r for r in band["rivers"] if near(r[1])],
        "lakes": [r for r in band["lakes"] if near([ring for poly in r[1] for ring in poly[:1]])],
    }


# --------------------------------------------------------------------------- online tiles


def _configured(config_file: Path) -> dict:
    """The ``[atlas]`` table of a Streamlit config file ({} if there is none)."""
    try:
        return tomllib.loads(config_file.read_text(encoding="utf-8")).get("atlas", {})
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def _tiles(environ: Mapping[str, str] | None, config_file: Path | None) -> tuple[str, str | None]:
    """The tile URL template and its configured credit (None: OpenStreetMap's own). A URL that is
    not a plain http(s) template with {z}, {x} and {y} is ignored."""
    if environ is None:
        environ = os.environ
    table = _configured(config_file or paths.REPO_ROOT / ".streamlit" / "config.toml")
    url = str(environ.get(TILE_URL_ENV) or table.get("tile_url") or "").strip()
    credit = str(environ.get(TILE_ATTRIBUTION_ENV) or table.get("tile_attribution") or "").strip()
    if not (_TILE_URL.fullmatch(url) and all(k in url for k in ("{z}", "{x}", "{y}"))) or url == OSM_TILES:
        return OSM_TILES, credit or None
    return url, credit or labels.TILES_CREDIT_DEFAULT.format(host=url.split("/")[2])


def tile_settings(environ: dict | None = None, config_file: Path | None = None) -> dict:
    """``{"url", "attribution"}`` of the online tiles for the map: the environment's, else the
    config file's, else OpenStreetMap's. A configured credit is plain text, escaped here (Leaflet
    shows attributions as HTML)."""
    url, credit = _tiles(environ, config_file)
    return {"url": url, "attribution": escape(credit) if credit else labels.OSM_ATTRIBUTION}


def tile_source(environ: dict | None = None, config_file: Path | None = None) -> tuple[str, str]:
    """(host, credit as plain text) of the online tiles, for the credits page."""
    url, credit = _tiles(environ, config_file)
    return url.split("/")[2], credit or labels.OSM_CREDIT
