"""The atlas' maps: their data, drawn in the browser by ``static/atlas/atlas.js`` (no CDN, no tiles).

:func:`points_data`, :func:`country_data` and :func:`choropleth_data` build what a map shows as
JSON-ready dicts. The app hands them to its live map (a Streamlit component, ``app_pages/livemap.py``),
which updates in place; :func:`standalone` (and :func:`points_map`, :func:`country_map`,
:func:`choropleth_map`) makes a whole page of them: a folium ``Map`` with an :class:`AtlasLayer`,
written the way folium's plugins are, with Leaflet 1.9.4, Leaflet.markercluster 1.5.3 and the
atlas' code inlined from ``static/atlas/`` so the page opens anywhere with no network. An app
can :func:`publish` the code (one bundle) and the country outlines as static files instead and
pass ``static_url``: browsers then fetch those once and cache them. Likewise
:func:`publish_details` writes the popups' details (names, countries, links…) of every site, so a
map carries only each point's place, kind and row number (``site_details``).

In a page the data is a ``<script type="application/json">`` block (with ``<``, ``>`` and ``&``
written as ``\\u003c`` etc., so no value can close the script element); ``atlas.js`` builds the
markers, popups, legends and tooltips and puts every data string into the DOM with
``textContent``. Markers are built from a compact row array, one ``L.markerClusterGroup``
(``chunkedLoading``) per designation kind. No Streamlit here. Every text shown comes from
:mod:`geo.labels`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

import folium
import numpy as np
import pandas as pd
import shapely
from branca.element import Figure, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geo import i18n, labels, polyline, readable
from geo.files import publish_once
from geo.iso import country_name
from geo.schema import GEOCODE_PRECISIONS, KINDS
from geo.style import DANGER_COLOR, KIND_COLORS, KIND_SYMBOLS
from geo.text import escape, safe_url

__all__ = [
    "ASSETS_DIR",
    "COUNTRY_OUTLINES",
    "DEFAULT_COLORS",
    "DEFAULT_SHAPES",
    "MAP_OPTIONS",
    "WORLD_OUTLINES",
    "AtlasLayer",
    "Caption",
    "OfflineMap",
    "PublishedDetails",
    "choropleth_data",
    "choropleth_map",
    "code_bundle",
    "country_bounds",
    "country_data",
    "country_map",
    "outlines_file_name",
    "points_data",
    "points_map",
    "selected_point",
    "publish",
    "publish_details",
    "standalone",
    "vendored_bytes",
]

# The map code: vendored libraries and the atlas' own, inlined in maps or bundled by publish().
ASSETS_DIR = Path(__file__).resolve().parent.parent / "static" / "atlas"

# Okabe–Ito colours and a shape per kind (colour is never the only cue): geo/style.py.
DEFAULT_COLORS: dict[str, str] = dict(KIND_COLORS)
DEFAULT_SHAPES: dict[str, str] = dict(KIND_SYMBOLS)
SHAPES = ("circle", "triangle", "square", "diamond")
_FALLBACK_COLORS = ("#56B4E9", "#F0E442", "#000000", "#999999")

LAND = "#f3f0e8"
LAND_BORDER = "#bdb6a6"
SEA = "#d7e6ef"
NO_DATA = "#e3e1dc"
# Viridis (matplotlib / plotly ``sequential.Viridis``), dark → light.
_VIRIDIS = (
    "#440154",
    "#482878",
    "#3e4989",
    "#31688e",
    "#26828e",
    "#1f9e89",
    "#35b779",
    "#6ece58",
    "#b5de2b",
    "#fde725",
)

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_DEFAULT_MAX_ZOOM = 12


# --------------------------------------------------------------------------- assets


@cache
def _asset_text(rel: str) -> str:
    return (ASSETS_DIR / rel).read_text(encoding="utf-8")


def _data_uri(rel: str) -> str:
    return "data:image/png;base64," + base64.b64encode((ASSETS_DIR / rel).read_bytes()).decode("ascii")


def _strip_source_map(js: str) -> str:
    return re.sub(r"\n?//# sourceMappingURL=\S+\s*$", "\n", js)


@cache
def _vendor_code() -> tuple[str, str]:
    """The third-party libraries as (CSS with its images as data: URIs, JS)."""
    css = _asset_text("leaflet/leaflet.css")
    for img in ("layers.png", "layers-2x.png", "marker-icon.png"):
        css = css.replace(f"url(images/{img})", f"url({_data_uri('leaflet/images/' + img)})")
    css += "\n" + _asset_text("markercluster/MarkerCluster.css")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)  # comments (they hold bug-tracker URLs)
    js = (
        _strip_source_map(_asset_text("leaflet/leaflet.js"))
        + "\n"
        + _strip_source_map(_asset_text("markercluster/leaflet.markercluster.js"))
    )
    _check_inlinable(css, js)
    return css, js


@cache
def _vendor_block() -> str:
    """The inlined third-party libraries (CSS + JS), as one header fragment."""
    css, js = _vendor_code()
    return (
        "<!-- Leaflet 1.9.4 (BSD-2-Clause) and Leaflet.markercluster 1.5.3 (MIT); see static/atlas/README.md -->\n"
        f"<style>\n{css}\n</style>\n<script>\n{js}\n</script>\n"
    )


@cache
def _atlas_block() -> str:
    """The project's own map CSS/JS (static/atlas/atlas.{css,js}, then basemap.{css,js})."""
    css, js = _own_code()
    _check_inlinable(css, js)
    return f"<style>\n{css}\n</style>\n<script>\n{js}\n</script>\n"


def _own_code() -> tuple[str, str]:
    """The project's own CSS and JS: the atlas, then the base map (geo/basemap.py), which extends it."""
    return (
        f"{_asset_text('atlas.css')}\n{_asset_text('basemap.css')}",
        f"{_asset_text('atlas.js')}\n;\n{_asset_text('basemap.js')}",
    )


@cache
def code_bundle() -> dict[str, str]:
    """All the map code as two files, ``{"atlas-<hash>.css": css, "atlas-<hash>.js": js}`` (named by
    content): two requests instead of six, which matters while the page loads its own scripts."""
    vendor_css, vendor_js = _vendor_code()
    own_css, own_js = _own_code()
    css = f"{vendor_css}\n{own_css}\n"
    js = (
        f"/* Leaflet 1.9.4 (BSD-2-Clause), Leaflet.markercluster 1.5.3 (MIT): see static/atlas/README.md */\n"
        f"{vendor_js}\n;\n{own_js}\n"
    )
    return {f"atlas-{_digest(text)}.{ext}": text for ext, text in (("css", css), ("js", js))}


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def _check_inlinable(*texts: str) -> None:
    for text in texts:
        low = text.lower()
        if "</script" in low or "</style" in low or "<!--" in low:
            raise ValueError("an inlined asset contains '</script', '</style' or '<!--'")


def vendored_bytes() -> dict[str, int]:
    """UTF-8 sizes of what every map inlines: ``{"vendor": ..., "atlas": ...}`` (third-party / own code)."""
    return {"vendor": len(_vendor_block().encode()), "atlas": len(_atlas_block().encode())}


# --------------------------------------------------------------------------- helpers


def _script_json(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script``, ``<!--``, ``]]>``)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return False


def _text(value: Any) -> str | None:
    if _is_missing(value):
        return None
    text = str(value).strip()
    return text or None


def _int_or_none(value: Any) -> int | None:
    if _is_missing(value):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _hex6(value: str) -> str:
    if not isinstance(value, str) or not _HEX.match(value):
        raise ValueError(f"colours must be hex strings like '#0072B2', got {value!r}")
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.upper()


def _shape(value: str | None) -> str:
    if value is None:
        return "circle"
    if value not in SHAPES:
        raise ValueError(f"shapes must be one of {SHAPES}, got {value!r}")
    return value


def _luminance(hex6: str) -> float:
    def chan(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex6[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * chan(r) + 0.7152 * chan(g) + 0.0722 * chan(b)


def _text_on(hex6: str) -> str:
    """Black or white, whichever contrasts more with the background colour."""
    lum = _luminance(hex6)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#FFFFFF"


def _codes(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        items: Iterable[Any] = re.split(r"[\s,;|]+", value)
    elif isinstance(value, Iterable):
        items = value
    else:
        return []
    out = []
    for item in items:
        code = _text(item)
        if code and _ISO3.match(code.upper()):
            out.append(code.upper())
    return out


def _lat_lon(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    n = len(df)
    lat = pd.to_numeric(df["lat"], errors="coerce").to_numpy(float) if "lat" in df else np.full(n, np.nan)
    lon = pd.to_numeric(df["lon"], errors="coerce").to_numpy(float) if "lon" in df else np.full(n, np.nan)
    if "geometry" in df and (np.isnan(lat).any() or np.isnan(lon).any()):
        geoms = np.asarray(df["geometry"], dtype=object)
        pts = np.array([isinstance(g, shapely.Point) and not g.is_empty for g in geoms])
        fill = (np.isnan(lat) | np.isnan(lon)) & pts
        if fill.any():
            lat[fill] = shapely.get_y(geoms[fill].astype(object))
            lon[fill] = shapely.get_x(geoms[fill].astype(object))
    return lat, lon


class _Table:
    """Interns repeated strings (precision, verification, subtype, URL prefixes) as indices."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, value: str | None) -> int | None:
        if value is None:
            return None
        if value not in self._index:
            self._index[value] = len(self.values)
            self.values.append(value)
        return self._index[value]


# --------------------------------------------------------------------------- countries


def _fingerprint(countries: Any) -> str:
    h = hashlib.sha1()
    h.update("\x1f".join(map(str, countries["iso3"])).encode())
    h.update("\x1f".join(map(str, countries["name"])).encode())
    for wkb in shapely.to_wkb(np.asarray(countries.geometry.values, dtype=object)):
        h.update(wkb or b"")
    return h.hexdigest()


_COUNTRY_CACHE: dict[tuple, dict] = {}


def _countries_payload(countries: Any, tolerance: float, min_part_area: float, factor: int = 100) -> dict:
    """``{"f": factor, "c": [[iso3, name, [[ring, hole, ...], ...]], ...]}`` with polyline rings."""
    key = (_fingerprint(countries), tolerance, min_part_area, factor)
    if key in _COUNTRY_CACHE:
        return _COUNTRY_CACHE[key]
    geoms = np.asarray(countries.geometry.values, dtype=object)
    if tolerance:
        geoms = shapely.simplify(geoms, tolerance, preserve_topology=True)
    rows = []
    for iso3, name, geom in zip(countries["iso3"], countries["name"], geoms):
        if geom is None or geom.is_empty:
            continue
        parts = [p for p in getattr(geom, "geoms", [geom]) if isinstance(p, shapely.Polygon) and not p.is_empty]
        if not parts:
            continue
        biggest = max(p.area for p in parts)
        polys = []
        for p in parts:
            if p.area < min_part_area and p.area < biggest:
                continue
            rings = [polyline.encode(np.asarray(p.exterior.coords), factor)]
            rings += [
                polyline.encode(np.asarray(r.coords), factor)
                for r in p.interiors
                if shapely.Polygon(r).area >= min_part_area
            ]
            polys.append(rings)
        rows.append([_text(iso3) or "", _text(name) or _text(iso3) or "", polys])
    payload = {"f": factor, "c": rows}
    if len(_COUNTRY_CACHE) > 8:
        _COUNTRY_CACHE.clear()
    _COUNTRY_CACHE[key] = payload
    return payload


# Outline detail levels, (simplify tolerance, smallest island kept) in degrees: the world maps and
# the country profile's map. :func:`publish` writes one file per level.
WORLD_OUTLINES = (0.05, 0.005)
COUNTRY_OUTLINES = (0.02, 0.005)
OUTLINE_LEVELS = (WORLD_OUTLINES, COUNTRY_OUTLINES)
_OUTLINES_FORMAT = 1  # bump when the file's layout or encoding changes (new names, no stale caches)


def outlines_file_name(countries: Any, tolerance: float, min_part_area: float) -> str:
    """``outlines-<hash>.json``: named by the outlines' content, so a browser may cache it for good."""
    key = f"{_OUTLINES_FORMAT}|{_fingerprint(countries)}|{tolerance!r}|{min_part_area!r}"
    return f"outlines-{_digest(key)}.json"


def publish(countries: Any, directory: Path) -> list[Path]:
    """Write what maps built with ``static_url`` (the address ``directory`` is served at) link
    to: the :func:`code_bundle` and the country outlines at each of :data:`OUTLINE_LEVELS`.
    Returns the files. Each is named by its content and kept if already there; other files are
    left alone (processes serving other data, such as tests, may share the folder).

    Browsers fetch these files once and cache them, so a map carries only its data: ~220 kB of
    code and ~110 kB of outlines less in every map, and a filter change sends only the points."""
    directory.mkdir(parents=True, exist_ok=True)
    files = [publish_once(directory / name, lambda text=text: text) for name, text in code_bundle().items()]
    for tolerance, min_part_area in OUTLINE_LEVELS:
        files.append(
            publish_once(
                directory / outlines_file_name(countries, tolerance, min_part_area),
                lambda tolerance=tolerance, min_part_area=min_part_area: _script_json(
                    _countries_payload(countries, tolerance, min_part_area)
                ),
            )
        )
    return files


DETAILS_PER_FILE = 1_000  # designations per published details file
_DETAILS_FORMAT = 1  # bump when the details' layout changes, so new files get new names


@dataclass(frozen=True)
class PublishedDetails:
    """Where maps find their popups' details: the files ``prefix + "<n>.json"``, each holding
    ``per_file`` rows of :func:`publish_details`' table (row ``ref`` is in file ``ref // per_file``),
    and each designation's ``ref`` by site id."""

    prefix: str
    refs: Mapping[str, int]
    per_file: int = DETAILS_PER_FILE


def publish_details(
    designations: pd.DataFrame,
    directory: Path,
    static_url: str,
    per_file: int = DETAILS_PER_FILE,
    country_names: Mapping[str, str] | None = None,
) -> PublishedDetails:
    """Write the popups' details (names, countries, years, links…) of every designation as files
    of ``per_file`` rows under ``directory`` (served at ``static_url``), named by their content.

    Maps built with the result carry only each point's place, kind and row number; a browser
    fetches a file on the first hover or click on one of its points and keeps it, so views and
    filter changes no longer resend the names. ``site_id`` must be unique."""
    url = _relative_href(static_url)
    if not url:
        raise ValueError(f"not a same-site address: {static_url!r}")
    ids = designations["site_id"].tolist()
    if len(set(ids)) != len(ids) or not all(isinstance(i, str) and i for i in ids):
        raise ValueError("site_id must be unique and not blank")
    texts = [
        _script_json(_details_table(designations.iloc[start : start + per_file], country_names))
        for start in range(0, len(designations), per_file)
    ]
    prefix = f"sites-{_digest(f'{_DETAILS_FORMAT}|{per_file}|' + '|'.join(texts))}-"
    directory.mkdir(parents=True, exist_ok=True)
    for n, text in enumerate(texts):
        publish_once(directory / f"{prefix}{n}.json", lambda text=text: text)
    return PublishedDetails(prefix=url + prefix, refs={site: ref for ref, site in enumerate(ids)}, per_file=per_file)


def _outlines(countries: Any, tolerance: float, min_part_area: float, static_url: str | None) -> str | dict:
    """A base layer's outlines: the address of the published file under ``static_url`` for a
    published level, else the outlines themselves."""
    url = _relative_href(static_url)
    if url and (tolerance, min_part_area) in OUTLINE_LEVELS:
        return url + outlines_file_name(countries, tolerance, min_part_area)
    return _countries_payload(countries, tolerance, min_part_area)


def country_bounds(countries: Any, iso3: str, gap: float = 8.0) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` of a country's main landmass and the parts near it.

    Starts from the largest polygon and adds parts within ``gap`` degrees of the growing box, so
    France gives metropolitan France + Corsica (not French Guiana or Réunion), Indonesia its islands.
    """
    rows = countries[countries["iso3"] == iso3]
    if rows.empty:
        return None
    parts = [p for g in rows.geometry if g is not None and not g.is_empty for p in getattr(g, "geoms", [g])]
    if not parts:
        return None
    parts.sort(key=lambda p: p.area, reverse=True)
    minx, miny, maxx, maxy = parts[0].bounds
    rest = parts[1:]
    grew = True
    while grew and rest:
        grew = False
        for p in list(rest):
            x0, y0, x1, y1 = p.bounds
            dx = max(0.0, x0 - maxx, minx - x1)
            dy = max(0.0, y0 - maxy, miny - y1)
            if dx <= gap and dy <= gap:
                minx, miny, maxx, maxy = min(minx, x0), min(miny, y0), max(maxx, x1), max(maxy, y1)
                rest.remove(p)
                grew = True
    return [[round(miny, 4), round(minx, 4)], [round(maxy, 4), round(maxx, 4)]]


# --------------------------------------------------------------------------- the standalone page

# Leaflet map options shared by the live map and the standalone page.
MAP_OPTIONS = {
    "center": [20, 10],
    "zoom": 2,
    "zoomControl": True,
    "minZoom": 1,
    "zoomSnap": 0.25,
    "zoomDelta": 0.5,
    "maxBounds": [[-88, -260], [88, 260]],
    "maxBoundsViscosity": 0.6,
    "worldCopyJump": False,
}


class OfflineMap(folium.Map):
    """A folium ``Map`` that links no CDN: :class:`AtlasLayer` brings Leaflet and the atlas' code."""

    default_js: list = []
    default_css: list = []


class AtlasLayer(JSCSSMixin, MacroElement):
    """The atlas drawn on a folium map by ``static/atlas/atlas.js`` (``UnescoAtlas.standalone``),
    from the data of :func:`points_data` or :func:`choropleth_data` (a JSON block in the page).

    The code is inlined in the page (it opens anywhere, offline), or with ``static_url`` linked
    from the files :func:`publish` wrote there (browsers cache them)."""

    _template = Template("""
{% macro header(this, kwargs) %}{{ this.inline_code }}{% endmacro %}
{% macro html(this, kwargs) %}<script type="application/json" id="{{ this.get_name() }}_data">{{ this.payload }}</script>
{% endmacro %}
{% macro script(this, kwargs) %}
    UnescoAtlas.standalone({{ this._parent.get_name() }},
        JSON.parse(document.getElementById("{{ this.get_name() }}_data").textContent));
{% endmacro %}
""")

    def __init__(self, data: Mapping[str, Any], static_url: str | None = None):
        super().__init__()
        self._name = "AtlasLayer"
        self.payload = _verbatim(_script_json(data).replace("%", "\\u0025"))  # no "{%" can end the raw block
        self.default_js, self.default_css = [], []  # this map's own lists, not the class's
        url = _relative_href(static_url)
        self.inline_code = "" if url else _verbatim(_vendor_block() + _atlas_block())
        for name in code_bundle() if url else ():
            (self.add_css_link if name.endswith(".css") else self.add_js_link)(name, f"{url}{name}")


@dataclass(frozen=True)
class Caption:
    """What a downloaded map says of itself: the page's title, and lines of plain text under the map."""

    title: str
    lines: tuple[str, ...]


class CaptionElement(MacroElement):
    """A :class:`Caption`'s lines as a footer under the map; the page becomes a column (the map's
    frame, then the footer, which scrolls if it holds more than a quarter of the window)."""

    _template = Template("""
{% macro header(this, kwargs) %}<style>
body { display: flex; flex-direction: column; }
body > .atlas-standalone { flex: 1 1 auto; height: auto; min-height: 0; }
.atlas-caption { flex: none; max-height: 25vh; overflow-y: auto; padding: 2px 8px 6px;
  font: 12px/1.35 system-ui, sans-serif; color: #4a4a4a; }
.atlas-caption p { margin: 0 0 2px; }
</style>{% endmacro %}
{% macro html(this, kwargs) %}<footer class="atlas-caption" dir="auto">
{% for line in this.lines %}<p>{{ line }}</p>{% endfor %}
</footer>{% endmacro %}
""")

    def __init__(self, lines: Iterable[str]):
        super().__init__()
        self._name = "Caption"
        self.lines = [_inert(line) for line in lines]


def _inert(text: str) -> str:
    """Plain text made safe in HTML and in branca's templates (which compile what a macro renders
    once more): escaped, with braces as character references."""
    return escape(text).replace("{", "&#123;").replace("}", "&#125;")


def _verbatim(text: str) -> str:
    """``text`` kept as it is through branca, which compiles what a macro renders as a template
    again (so data holding ``{{ … }}`` would be evaluated): a Jinja raw block around it."""
    if "{%" in text or "%}" in text:
        raise ValueError("verbatim text must not contain '{%' or '%}'")
    return "{% raw %}" + text + "{% endraw %}"


def standalone(data: Mapping[str, Any], static_url: str | None = None, caption: Caption | None = None) -> str:
    """A whole HTML page showing the atlas ``data``: a folium map with an :class:`AtlasLayer`;
    with ``caption``, the page's title and a footer under the map."""
    options: dict[str, Any] = {k: v for k, v in MAP_OPTIONS.items() if k not in ("center", "zoom", "zoomControl")}
    fmap = OfflineMap(
        location=cast(Sequence[float], MAP_OPTIONS["center"]),
        zoom_start=cast(int, MAP_OPTIONS["zoom"]),
        tiles=None,
        zoom_control=True,
        maxZoom=data["mapOptions"]["maxZoom"],
        **options,
    )
    AtlasLayer(data, static_url).add_to(fmap)
    if caption:
        cast(Figure, fmap.get_root()).title = escape(caption.title)
        CaptionElement(caption.lines).add_to(fmap)
    return fmap.get_root().render()


# --------------------------------------------------------------------------- points


def _kinds_in(df: pd.DataFrame, colors: Mapping[str, str], shapes: Mapping[str, str]) -> list[dict]:
    """The legend's kinds, in :data:`KINDS` order then any other, with colour, shape and labels."""
    kinds_in = [k for k in dict.fromkeys(df["designation"].astype(str))] if "designation" in df else []
    order = [k for k in KINDS if k in kinds_in] + sorted(k for k in kinds_in if k not in KINDS)
    fallback = iter(_FALLBACK_COLORS * 4)
    kinds = []
    for k in order:
        col = _hex6(colors.get(k) or DEFAULT_COLORS.get(k) or next(fallback))
        kinds.append(
            {
                "key": k,
                "label": labels.KIND_NAMES.get(k) or k.replace("_", " "),
                "color": col,
                "text": _text_on(col),
                "shape": _shape(shapes.get(k) or DEFAULT_SHAPES.get(k)),
                "plural": labels.KIND_LABELS_PLURAL.get(k) or k.replace("_", " "),
                "yearLabel": labels.YEAR_LABELS.get(k, labels.YEAR_LABEL),
                "n": 0,
            }
        )
    return kinds


def _each(df: pd.DataFrame, column: str, transform: Callable[[Any], Any]) -> list:
    """``transform(value)`` for each value of ``column`` (None if absent), computed once per
    distinct value, in row order (so interning tables number values by first appearance)."""
    if column not in df:
        return [transform(None)] * len(df)
    memo: dict[Any, Any] = {}
    out = []
    for value in df[column].tolist():
        key = tuple(value) if isinstance(value, (list, np.ndarray)) else value
        try:
            out.append(memo[key])
        except KeyError:
            out.append(memo.setdefault(key, transform(value)))
        except TypeError:  # unhashable
            out.append(transform(value))
    return out


def _details_table(df: pd.DataFrame, country_names: Mapping[str, str] | None = None) -> dict:
    """What the popups and tooltips show of each row of ``df``, in order: ``rows`` of [name, site id,
    ISO3 codes, year, precision, verification, subtype, URL prefix, URL rest] (trailing blanks
    dropped; the repeated texts as indexes into the lists beside them)."""
    prec, verif, sub, urlp = _Table(), _Table(), _Table(), _Table()

    def precision(value: Any) -> int | None:
        p = _text(value)
        return prec(labels.MAP_PRECISION_LABELS.get(p) or readable.precision(p) if p else None)

    def link(value: Any) -> tuple[int | None, str | None]:
        url = safe_url(_text(value))
        if not url:
            return None, None
        cut = url.rfind("/") + 1
        return urlp(url[:cut]), url[cut:]

    codes = _each(df, "countries_iso3", lambda v: " ".join(_codes(v)))
    columns = zip(
        _each(df, "name", lambda v: _text(v) or labels.UNNAMED),
        _each(df, "site_id", lambda v: _text(v) or ""),
        codes,
        _each(df, "year", _int_or_none),
        _each(df, "geocode_precision", precision),
        _each(df, "verification", lambda v: verif(readable.verification(v))),
        _each(df, "subtype", lambda v: sub(readable.subtype(v))),
        _each(df, "url", link),
    )
    rows = []
    for *fields, (up, us) in columns:
        row = [*fields, up, us]
        while row and row[-1] in (None, ""):
            row.pop()
        rows.append(row)
    known = country_names or {}
    names = {c: known.get(c) or country_name(c) for text in dict.fromkeys(codes) for c in text.split()}
    return {
        "rows": rows,
        "countryNames": names,
        "prec": prec.values,
        "verif": verif.values,
        "sub": sub.values,
        "urlp": urlp.values,
    }


APPROXIMATE = tuple(p for p in GEOCODE_PRECISIONS if p != "source")  # drawn as hollow markers


def _points_payload(
    df: pd.DataFrame,
    colors: Mapping[str, str],
    shapes: Mapping[str, str],
    published: PublishedDetails | None = None,
    country_names: Mapping[str, str] | None = None,
) -> dict:
    """The map's data: ``pts`` rows of [lat, lon, kind, in danger, ref] (plus, for an approximate
    point, the index of its precision in ``approx``) and where each point's details are: row
    ``ref`` of the ``details`` inline, or of the ``published`` files."""
    kinds = _kinds_in(df, colors, shapes)
    kind_index = {kind["key"]: i for i, kind in enumerate(kinds)}
    lat, lon = _lat_lon(df)
    ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    drawn = np.flatnonzero(ok)
    site_ids: list[Any] = df["site_id"].tolist() if "site_id" in df else [None] * len(df)
    if published is not None and not all(site_ids[i] in published.refs for i in drawn):
        published = None  # a site the files don't hold: the map carries the details
    designation = df["designation"].astype(str).tolist() if "designation" in df else []
    in_danger = df["in_danger"].tolist() if "in_danger" in df else [None] * len(df)
    precision: list[Any] = df["geocode_precision"].tolist() if "geocode_precision" in df else [None] * len(df)
    approx = [p for p in APPROXIMATE if p in set(precision)]
    approx_index = {p: i for i, p in enumerate(approx)}
    rows: list[list[Any]] = []
    danger = approximate = 0
    for i in drawn:
        k = kind_index[designation[i]]
        kinds[k]["n"] += 1
        flag = 0 if _is_missing(in_danger[i]) else int(bool(in_danger[i]))
        danger += flag
        ref = published.refs[site_ids[i]] if published is not None else len(rows)
        row = [round(float(lat[i]), 4), round(float(lon[i]), 4), k, flag, ref]
        if precision[i] in approx_index:
            row.append(approx_index[precision[i]])
            approximate += 1
        rows.append(row)
    details = (
        {"url": published.prefix, "size": published.per_file}
        if published is not None
        else {"inline": _details_table(df.iloc[drawn], country_names)}
    )
    return {
        "kinds": kinds,
        "pts": rows,
        "details": details,
        "missing": int((~ok).sum()),
        "missingText": labels.MAP_MISSING.format(n=int((~ok).sum())),
        "danger": danger,
        "approxCount": approximate,
        "approx": [
            {"key": p, "label": labels.MAP_PRECISION_LABELS[p], "reason": labels.PRECISION_REASONS[p]} for p in approx
        ],
        "bounds": (
            [[float(lat[ok].min()), float(lon[ok].min())], [float(lat[ok].max()), float(lon[ok].max())]]
            if ok.any()
            else None
        ),
    }


def _relative_href(href: str | None) -> str | None:
    """A same-site link prefix (no scheme, host or script), or None."""
    if not href or re.match(r"^\s*([a-z][a-z0-9+.-]*:|//)", href, re.I) or any(c in href for c in "<>\"' \n"):
        return None
    return href


def _frame(
    kind: str,
    countries: Any | None,
    *,
    static_url: str | None,
    tolerance: float,
    min_part_area: float,
    max_zoom: int,
    max_fit_zoom: int,
    summary: str,
    view: Sequence[float] | None,
) -> dict:
    """What every atlas map's data holds besides its layer: outlines, options, texts, view."""
    return {
        "kind": kind,
        "outlines": (
            _outlines(countries, tolerance, min_part_area, static_url)
            if countries is not None and len(countries)
            else None
        ),
        "mapOptions": {**MAP_OPTIONS, "maxZoom": int(max_zoom)},
        "maxFitZoom": int(max_fit_zoom),
        "text": labels.MAP_TEXT,
        "locale": i18n.browser_locale(),
        "dir": i18n.direction(),
        "mapLabel": labels.MAP_REGION_LABEL,
        "summary": summary,
        "attribution": escape(labels.MAP_ATTRIBUTION),
        "disclaimer": labels.MAP_DISCLAIMER,
        "view": [float(v) for v in view] if view is not None else None,
    }


def points_data(
    designations: pd.DataFrame,
    countries: Any | None,
    *,
    colors: Mapping[str, str] | None = None,
    shapes: Mapping[str, str] | None = None,
    danger_color: str = DANGER_COLOR,
    bounds: Sequence[Sequence[float]] | None = None,
    view: Sequence[float] | None = None,
    highlight_iso3: str | None = None,
    max_zoom: int = _DEFAULT_MAX_ZOOM,
    max_fit_zoom: int = 7,
    static_url: str | None = None,
    site_details: PublishedDetails | None = None,
    selected: str | None = None,
    legend_title: str | None = None,
    summary: str = "",
    simplify_tolerance: float = WORLD_OUTLINES[0],
    min_part_area: float = WORLD_OUTLINES[1],
    base_layers: Mapping[str, Any] | None = None,
    country_names: Mapping[str, str] | None = None,
) -> dict:
    """The data ``static/atlas/atlas.js`` draws as clustered points, one layer per kind.

    ``designations`` needs ``designation``, ``name`` and ``lat``/``lon`` (or point ``geometry``);
    ``site_id``, ``countries_iso3``, ``year``, ``in_danger``, ``geocode_precision``, ``verification``,
    ``subtype`` and ``url`` fill the popups when present. Rows without coordinates are counted in
    the legend, not drawn; points whose precision is not ``source`` are drawn hollow, their popup
    saying why the location is approximate. ``countries`` is a GeoDataFrame ``[iso3, name,
    geometry]`` (EPSG:4326) drawn as the offline base layer (simplified with ``simplify_tolerance``
    degrees), ``highlight_iso3`` standing out; ``None`` gives just the sea colour. ``colors`` maps
    designation keys to hex colours and ``shapes`` to one of :data:`SHAPES` (defaults:
    ``geo.style``); World Heritage in Danger get a ``danger_color`` ring.

    The map opens at ``view`` ``(lat, lon, zoom)``, else fitted to ``bounds`` ``[[south, west],
    [north, east]]`` or to the points. ``selected`` (a site id) is highlighted and its popup opened.
    The outlines, and with ``site_details`` (from :func:`publish_details`) the popups' details,
    come from files published under ``static_url``, else travel in the data. ``summary`` is the
    map's short description for screen readers (and its caption).
    ``base_layers`` (``geo.basemap.BaseLayers.options``) adds the offline base map and, if asked,
    the online tiles, drawn by ``static/atlas/basemap.js`` once the markers are painted.
    ``country_names`` (ISO3 → name) names the countries in the popups (default: English).
    """
    data = _points_payload(designations, dict(colors or {}), dict(shapes or {}), site_details, country_names)
    data.update(
        _frame(
            "points",
            countries,
            static_url=static_url,
            tolerance=simplify_tolerance,
            min_part_area=min_part_area,
            max_zoom=max_zoom,
            max_fit_zoom=max_fit_zoom,
            summary=summary,
            view=view,
        )
    )
    data.update(
        {
            "legendTitle": legend_title or labels.MAP_LEGEND_TITLE,
            "dangerColor": _hex6(danger_color),
            "fit": [[float(v) for v in corner] for corner in bounds] if bounds is not None else None,
            "landStyle": {
                "land": {"fillColor": LAND, "fillOpacity": 1, "color": LAND_BORDER, "weight": 0.6},
                "other": {"fillColor": "#ebe7dd", "fillOpacity": 1, "color": LAND_BORDER, "weight": 0.6},
                "focus": {"fillColor": "#fffdf6", "fillOpacity": 1, "color": "#5c5547", "weight": 1.6},
                "hl": highlight_iso3 or None,
            },
            "selected": selected_point(designations, selected, site_details) if selected else None,
            "base": dict(base_layers) if base_layers is not None else None,
        }
    )
    return data


def selected_point(designations: pd.DataFrame, site: str, published: PublishedDetails | None) -> dict | None:
    """``{"site", "ref"}``: the selection of ``site`` on the points map of ``designations`` (with
    ``published`` details: the one it was built with), or None when it is not drawn there."""
    data_refs = published.refs if published is not None else None
    ids = designations["site_id"].tolist() if "site_id" in designations else []
    if site not in ids:
        return None
    if data_refs is not None and site in data_refs:
        return {"site": site, "ref": data_refs[site]}
    lat, lon = _lat_lon(designations)
    ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    drawn = [ids[i] for i in np.flatnonzero(ok)]
    return {"site": site, "ref": drawn.index(site)} if site in drawn else None


def points_map(
    designations: pd.DataFrame, countries: Any | None, *, static_url: str | None = None, **options: Any
) -> str:
    """:func:`points_data` as a whole page (see :func:`standalone`)."""
    return standalone(points_data(designations, countries, static_url=static_url, **options), static_url)


def country_data(
    designations: pd.DataFrame,
    countries: Any,
    iso3: str,
    *,
    bounds: Sequence[Sequence[float]] | None = None,
    **options: Any,
) -> dict:
    """:func:`points_data` fitted to one country (its main landmass, see :func:`country_bounds`).

    Pass the rows to show (e.g. the designations of that country); the country is outlined and
    the others greyed. Falls back to the extent of the rows when the country has no polygon.
    """
    if bounds is None and countries is not None:
        bounds = country_bounds(countries, iso3)
    options.setdefault("max_fit_zoom", 9)
    options.setdefault("simplify_tolerance", COUNTRY_OUTLINES[0])  # finer outlines at country zoom
    options.setdefault("min_part_area", COUNTRY_OUTLINES[1])
    return points_data(designations, countries, bounds=bounds, highlight_iso3=iso3, **options)


def country_map(
    designations: pd.DataFrame, countries: Any, iso3: str, *, static_url: str | None = None, **options: Any
) -> str:
    """:func:`country_data` as a whole page (see :func:`standalone`)."""
    return standalone(country_data(designations, countries, iso3, static_url=static_url, **options), static_url)


# --------------------------------------------------------------------------- choropleth


def _interpolate(stops: Sequence[str], t: float) -> str:
    t = min(max(t, 0.0), 1.0) * (len(stops) - 1)
    i = min(int(t), len(stops) - 2)
    f = t - i
    a = [int(stops[i][j : j + 2], 16) for j in (1, 3, 5)]
    b = [int(stops[i + 1][j : j + 2], 16) for j in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * f):02X}" for x, y in zip(a, b))


def _steps(n: int, palette: Sequence[str] | None = None) -> list[str]:
    """n colours for ordered classes, low → high: a light-to-dark slice of viridis by default,
    or spread over ``palette`` (hex colours, low → high) when given."""
    if n <= 0:
        return []
    if palette:
        stops = [_hex6(c) for c in palette]
        if len(stops) == 1:
            return stops * n
        return [_interpolate(stops, i / (n - 1) if n > 1 else 1.0) for i in range(n)]
    if n == 1:
        return [_interpolate(_VIRIDIS, 0.5)]
    return [_interpolate(_VIRIDIS, 0.92 - 0.92 * i / (n - 1)) for i in range(n)]


def _fmt_num(x: float, integer: bool) -> str:
    """A legend number as people write it: whole, or to three significant digits without trailing
    zeros ("2,420", "3.05", "0.45", "0.0031"), never in exponent form, never 0 for a value that isn't."""
    if integer or x == 0:
        return i18n.number(round(x), 0)
    digits = max(0, 2 - math.floor(math.log10(abs(x))))
    return i18n.number(round(x, digits), digits, up_to=True)


def _classes(values: np.ndarray, max_classes: int) -> list[tuple[float, float, str]]:
    """(low, high, label) classes over the positive values: one per value when few, else quantiles."""
    pos = np.sort(values[np.isfinite(values) & (values > 0)])
    if not len(pos):
        return []
    integer = bool(np.all(np.mod(pos, 1) == 0))
    uniq = np.unique(pos)
    if len(uniq) <= max_classes:
        return [(float(v), float(v), _fmt_num(v, integer)) for v in uniq]
    uppers = np.quantile(pos, np.linspace(0, 1, max_classes + 1)[1:], method="higher" if integer else "linear")
    uppers = [float(u) for u in uppers]
    uppers[-1] = float(pos[-1])
    out, low = [], float(pos[0])
    for up in dict.fromkeys(uppers):
        inside = pos[(pos >= low) & (pos <= up)]
        if not len(inside):
            continue
        lo, hi = float(inside[0]), float(inside[-1])
        label = _fmt_num(lo, integer) if lo == hi else f"{_fmt_num(lo, integer)}–{_fmt_num(hi, integer)}"
        out.append((lo, hi, label))
        low = np.nextafter(up, np.inf)
    return out


def choropleth_data(
    counts: pd.DataFrame,
    countries: Any,
    *,
    legend_title: str,
    max_classes: int = 6,
    palette: Sequence[str] | None = None,
    no_data_label: str | None = None,
    fit_bounds: Sequence[Sequence[float]] | None = None,
    view: Sequence[float] | None = None,
    simplify_tolerance: float = WORLD_OUTLINES[0],
    min_part_area: float = WORLD_OUTLINES[1],
    static_url: str | None = None,
    summary: str = "",
) -> dict:
    """The data ``static/atlas/atlas.js`` draws as countries shaded by ``counts.value`` in up to
    ``max_classes`` steps. In the app a click on a country opens its profile; on a standalone
    page it shows the country's figure.

    Colours: viridis from light (low) to dark (high), or ``palette`` (hex, low → high).

    ``counts`` has ``iso3``, ``value`` and optionally ``label`` (the tooltip text; default the
    value); countries with no row or a value ≤ 0 get the ``no_data_label`` colour. ``countries``
    is a GeoDataFrame ``[iso3, name, geometry]``. The map opens at ``view`` ``(lat, lon, zoom)``,
    else at ``fit_bounds`` ``[[s, w], [n, e]]`` (default: the world). ``static_url`` links the
    outlines instead of carrying them, as in :func:`points_data`.
    """
    values = pd.to_numeric(counts["value"], errors="coerce").to_numpy(float) if len(counts) else np.array([])
    classes = _classes(values, max_classes)
    colors = _steps(len(classes), palette)
    tooltips = counts["label"].tolist() if "label" in counts else [None] * len(counts)
    integer = bool(len(values)) and bool(np.all(np.mod(values[np.isfinite(values)], 1) == 0))
    by_iso: dict[str, list] = {}
    for iso3, value, label in zip(counts["iso3"].tolist(), values.tolist(), tooltips):
        code = _text(iso3)
        if not code:
            continue
        cls = -1
        if math.isfinite(value) and value > 0:
            cls = next((i for i, (lo, hi, _) in enumerate(classes) if value <= hi), len(classes) - 1)
        text = _text(label) or (
            _fmt_num(value, integer) if math.isfinite(value) else no_data_label or labels.NO_DATA_LABEL
        )
        by_iso[code] = [cls, text]
    drawn = set(countries["iso3"].astype(str))
    missing = sorted(c for c, (cls, _) in by_iso.items() if cls >= 0 and c not in drawn)
    note = None
    if missing:
        shown = ", ".join(country_name(c) for c in missing[:4]) + (" …" if len(missing) > 4 else "")
        note = labels.NOT_DRAWN.format(countries=shown)
    data = _frame(
        "choropleth",
        countries,
        static_url=static_url,
        tolerance=simplify_tolerance,
        min_part_area=min_part_area,
        max_zoom=8,
        max_fit_zoom=6,
        summary=summary,
        view=view,
    )
    data.update(
        {
            "title": legend_title,
            "values": by_iso,
            "classes": [{"color": c, "label": lab} for c, (_, _, lab) in zip(colors, classes)],
            "noData": {"color": NO_DATA, "label": no_data_label or labels.NO_DATA_LABEL},
            "note": note,
            "fit": [[float(v) for v in corner] for corner in fit_bounds] if fit_bounds is not None else None,
            "bounds": None,
        }
    )
    return data


def choropleth_map(counts: pd.DataFrame, countries: Any, *, static_url: str | None = None, **options: Any) -> str:
    """:func:`choropleth_data` as a whole page (see :func:`standalone`)."""
    return standalone(choropleth_data(counts, countries, static_url=static_url, **options), static_url)
