"""The view state (filters, page, map mode …) ⇄ short, readable URL query parameters.

``page=charts&kind=whc,mab&region=eur&country=FRA,ITA&year=2000-2025&cat=cultural&q=castle``

:func:`parse` is lenient: it never raises, and everything it ignores or changes yields a short
plain-text notice (safe to show as Markdown: echoed values keep only letters, digits and
``-_.:,`` and are cut to about 40 characters; the wording is in :mod:`geo.labels`). Repeated
keys: the list keys (``kind``, ``region``, ``country``, ``cat``) merge all their values; the
other keys use the first value.
Keys are case-insensitive; list items may be separated by commas, semicolons or spaces.
:func:`encode` omits defaults and sorts lists, so ``parse(encode(state)) == (state, [])`` for
every state :func:`parse` can return.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from geo import labels
from geo.iso import to_iso3
from geo.query import Filters, clean_search
from geo.schema import KINDS, LANGS, REGIONS, WH_CATEGORIES

PAGES = ("map", "charts", "country", "table", "about", "places", "compare")
MODES = ("points", "choropleth")
LANGUAGES = ("en",) + LANGS
PERS = ("raw", "pop", "area")  # per-country figures: raw counts, per million people, per 100,000 km²
IMAGE_FORMATS = ("png", "svg")  # what a chart's download button saves
BASES = ("offline", "osm")  # the maps' base: the offline layers, or online tiles over them

KIND_CODES = {prefix: kind for kind, (prefix, _) in KINDS.items()}  # "whc" -> "world_heritage"
REGION_CODES = dict(zip(("afr", "arab", "apac", "eur", "lac"), REGIONS))
CATEGORY_CODES = {c.lower(): c for c in WH_CATEGORIES}

YEARS = (1900, 2100)  # accepted year bounds
MAX_SEARCH = 100  # characters of search text kept
MAX_VALUE = 2000  # characters read from one parameter
_SHOW = 40  # characters of a bad value echoed in a notice
_SILENT_KEYS = {"embed", "embed_options"}  # Streamlit's own parameters
_SITE_ID = re.compile(r"(%s):[A-Za-z0-9][A-Za-z0-9._-]{0,79}" % "|".join(KIND_CODES))
_COUNTRY_CODE = re.compile(r"[A-Za-z]{2,3}|[0-9]{3}")  # the shapes to_iso3 may resolve
_VIEW = re.compile(r"(-?[0-9]{1,3}(?:\.[0-9]{1,8})?),(-?[0-9]{1,3}(?:\.[0-9]{1,8})?),([0-9]{1,2}(?:\.[0-9]{1,4})?)")
_YEAR_RANGE = re.compile(r"([0-9]{1,9})?\s*[-–—]\s*([0-9]{1,9})?|([0-9]{1,9})")
TRUE_WORDS, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class ViewState:
    """Everything the URL carries: the filters plus what is shown and how."""

    filters: Filters = field(default_factory=Filters)
    page: str = "map"
    mode: str = "points"  # map mode: points | choropleth
    site: str | None = None  # selected designation (site_id)
    sel: str | None = None  # selected country (ISO3)
    lang: str = "en"  # language of names
    present: bool = False  # presentation mode
    per: str = "raw"  # per-country normalisation: raw | pop | area
    img: str = "png"  # chart downloads: png | svg
    base: str = "offline"  # base map: offline | osm (online tiles)
    view: str | None = None  # the map's view, "lat,lon,zoom" (see :func:`clean_view`)


# Set by the server (geo.web) when it cut a link too long for Streamlit: how many parameters
# it dropped. Read for the notice only; never written back.
TRIMMED = "trimmed"
_KEYS = (
    "page",
    "kind",
    "region",
    "country",
    "year",
    "cat",
    "danger",
    "tb",
    "bri",
    "minkinds",
    "q",
    "mode",
    "per",
    "site",
    "sel",
    "lang",
    "img",
    "base",
    "present",
    TRIMMED,
    "view",
)  # the map writes `view` last


def encode(state: ViewState) -> dict[str, str]:
    """Query parameters for ``state``: defaults left out, lists sorted, keys in a fixed order."""
    f, default = state.filters, ViewState()
    out = {
        "page": state.page if state.page != default.page else None,
        "kind": _codes(KIND_CODES, f.kinds),
        "region": _codes(REGION_CODES, f.regions),
        "country": ",".join(f.countries),
        "year": _encode_years(f.year_min, f.year_max),
        "cat": _codes(CATEGORY_CODES, f.wh_categories),
        "danger": "1" if f.in_danger_only else None,
        "tb": "1" if f.transboundary_only else None,
        "bri": "1" if f.bri_only else None,
        "minkinds": str(f.min_place_kinds) if f.min_place_kinds != 1 else None,
        "q": f.search,
        "mode": state.mode if state.mode != default.mode else None,
        "per": state.per if state.per != default.per else None,
        "site": state.site,
        "sel": state.sel,
        "lang": state.lang if state.lang != default.lang else None,
        "img": state.img if state.img != default.img else None,
        "base": state.base if state.base != default.base else None,
        "present": "1" if state.present else None,
        "view": state.view,
    }
    return {k: value for k in _KEYS if (value := out.get(k))}


def parse(
    params: Mapping[str, str | list[str]],
    known_sites: Collection[str] | None = None,
    known_countries: Collection[str] | None = None,
    pages: Collection[str] = PAGES,
) -> tuple[ViewState, list[str]]:
    """The view state in ``params``, and notices about what was ignored or changed.

    ``known_sites``/``known_countries`` (site_ids / ISO3 codes in the data), when given, reject
    other sites and countries. Countries may be alpha-3 or alpha-2 codes in any case. With
    Streamlit pass ``{k: st.query_params.get_all(k) for k in st.query_params}`` to see repeats.
    """
    r = _Reader(params, known_countries)
    years = r.years()
    filters = Filters(
        kinds=r.items("kind", "kind", KIND_CODES | {k: k for k in KINDS}),
        regions=r.items("region", "region", REGION_CODES),
        countries=r.countries(),
        year_min=years[0],
        year_max=years[1],
        wh_categories=r.items("cat", "category", CATEGORY_CODES),
        in_danger_only=r.flag("danger"),
        transboundary_only=r.flag("tb"),
        bri_only=r.flag("bri"),
        search=r.search(),
        min_place_kinds=r.min_kinds(),
    )
    state = ViewState(
        filters=filters,
        page=r.choice("page", pages, "map"),
        mode=r.choice("mode", MODES, "points"),
        site=r.site(known_sites),
        sel=r.country("sel"),
        lang=r.choice("lang", LANGUAGES, "en"),
        present=r.flag("present"),
        per=r.choice("per", PERS, "raw"),
        img=r.choice("img", IMAGE_FORMATS, "png"),
        base=r.choice("base", BASES, "offline"),
        view=r.view(),
    )
    r.trimmed()
    return state, r.notices


def clean_view(text: str) -> str | None:
    """``"lat,lon,zoom"`` as the map writes it (lat/lon rounded to 5 decimals at most, zoom to
    2), or None when ``text`` is no view: latitude within ±90, longitude ±180, zoom 0–18."""
    match = _VIEW.fullmatch(text.strip())
    if not match:
        return None
    lat, lon, zoom = (float(g) for g in match.groups())
    if abs(lat) > 90 or abs(lon) > 180 or zoom > 18:
        return None
    return f"{_number(lat, 5)},{_number(lon, 5)},{_number(zoom, 2)}"


def _number(value: float, digits: int) -> str:
    """The shortest text of ``value`` rounded to ``digits`` decimals ("45.5", "7", "-0.25")."""
    text = f"{round(value, digits):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Reader:
    """Reads one parameter at a time, collecting notices."""

    def __init__(self, params: Mapping, known_countries: Collection[str] | None) -> None:
        self.notices: list[str] = []
        self.known_countries = known_countries
        self.values: dict[str, list[str]] = {}
        unknown = []
        for key, value in params.items():
            key = str(key).strip().lower()
            values = [str(v) for v in (value if isinstance(value, (list, tuple)) else [value]) if v is not None]
            if key in _KEYS:
                self.values.setdefault(key, []).extend(values)
            elif key not in _SILENT_KEYS:
                unknown.append(key)
        self._ignored("parameter", unknown)

    def scalar(self, key: str) -> str | None:
        values = self.values.get(key)
        if not values:
            return None
        if len(values) > 1:
            self.notices.append(labels.URL_FIRST_OF_SEVERAL.format(key=key))
        return self._clip(key, values[0]).strip()

    def choice(self, key: str, choices: Collection[str], default: str) -> str:
        value = self.scalar(key)
        if not value:
            return default
        if value.lower() in choices:
            return value.lower()
        self.notices.append(labels.URL_NOT_A_CHOICE.format(key=key, value=_show(value), choices=", ".join(choices)))
        return default

    def flag(self, key: str) -> bool:
        value = self.scalar(key)
        if value is None or value.lower() in _FALSE:
            return False
        if value.lower() in TRUE_WORDS:
            return True
        self.notices.append(labels.URL_NOT_A_FLAG.format(key=key, value=_show(value)))
        return False

    def parts(self, key: str) -> list[str]:
        text = self._clip(key, ",".join(self.values.get(key, [])))
        return [p for p in re.split(r"[,;\s]+", text) if p]

    def items(self, key: str, what: str, codes: Mapping[str, str]) -> tuple[str, ...]:
        parts = self.parts(key)
        self._ignored(what, [p for p in parts if p.lower() not in codes])
        return tuple(codes[p.lower()] for p in parts if p.lower() in codes)

    def countries(self) -> tuple[str, ...]:
        resolved = [(p, self._iso3(p)) for p in self.parts("country")]
        self._ignored("country", [p for p, iso in resolved if not iso])
        return tuple(iso for _, iso in resolved if iso)

    def country(self, key: str) -> str | None:
        value = self.scalar(key)
        if not value:
            return None
        iso = self._iso3(value)
        if not iso:
            self._ignored("country", [value])
        return iso

    def _iso3(self, code: str) -> str | None:
        iso = to_iso3(code) if _COUNTRY_CODE.fullmatch(code) else None  # keeps to_iso3's cache small
        if iso and self.known_countries is not None and iso not in self.known_countries:
            return None
        return iso

    def years(self) -> tuple[int | None, int | None]:
        value = self.scalar("year")
        if not value:
            return None, None
        match = _YEAR_RANGE.fullmatch(value)
        if not match or not any(match.groups()):
            self.notices.append(labels.URL_BAD_YEAR.format(value=_show(value)))
            return None, None
        low, high, single = match.groups()
        bounds = [self._year(b) for b in ([single, single] if single else [low, high])]
        if bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
            self.notices.append(labels.URL_YEARS_SWAPPED.format(low=bounds[0], high=bounds[1]))
            bounds.reverse()
        return bounds[0], bounds[1]

    def _year(self, text: str | None) -> int | None:
        if text is None:
            return None
        if YEARS[0] <= int(text) <= YEARS[1]:
            return int(text)
        self.notices.append(labels.URL_YEAR_OUTSIDE.format(value=_show(text), low=YEARS[0], high=YEARS[1]))
        return None

    def search(self) -> str:
        text = clean_search(self.scalar("q") or "")
        if len(text) > MAX_SEARCH:
            self.notices.append(labels.URL_SEARCH_SHORTENED.format(n=MAX_SEARCH))
        return text[:MAX_SEARCH]

    def trimmed(self) -> None:
        value = self.scalar(TRIMMED)
        if value and re.fullmatch(r"[0-9]{1,9}", value):
            self.notices.append(labels.URL_TRIMMED.format(n=int(value)))
        elif value:
            self.notices.append(labels.URL_BAD_TRIMMED.format(value=_show(value)))

    def min_kinds(self) -> int:
        value = self.scalar("minkinds")
        if not value:
            return 1
        if re.fullmatch(r"[0-9]{1,2}", value) and 1 <= int(value) <= len(KINDS):
            return int(value)
        self.notices.append(labels.URL_BAD_MIN_KINDS.format(value=_show(value), most=len(KINDS)))
        return 1

    def site(self, known_sites: Collection[str] | None) -> str | None:
        value = self.scalar("site")
        if not value:
            return None
        ok = value in known_sites if known_sites is not None else _SITE_ID.fullmatch(value)
        if ok:
            return value
        self.notices.append(labels.URL_UNKNOWN_SITE.format(value=_show(value)))
        return None

    def view(self) -> str | None:
        value = self.scalar("view")
        if not value:
            return None
        view = clean_view(value)
        if view is None:
            self.notices.append(labels.URL_BAD_VIEW.format(value=_show(value)))
        return view

    def _clip(self, key: str, text: str) -> str:
        if len(text) <= MAX_VALUE:
            return text
        self.notices.append(labels.URL_TOO_LONG.format(key=key))
        return text[:MAX_VALUE]

    def _ignored(self, what: str, values: list[str]) -> None:
        """One notice for the unrecognised ``values`` (``what``: a key of ``labels.URL_UNKNOWN``)."""
        shown = list(dict.fromkeys(values))
        if not shown:
            return
        text = ", ".join(_show(v) for v in shown[:3])
        template = labels.URL_IGNORED_MORE if len(shown) > 3 else labels.URL_IGNORED
        self.notices.append(
            template.format(what=labels.URL_UNKNOWN[what](len(shown)), values=text, more=len(shown) - 3)
        )


def _show(value: str) -> str:
    """A bad value, quoted, cut short and stripped of anything but letters, digits and -_.:,"""
    text = "".join(c for c in value if c.isalnum() or c in " -_.:,")
    return f"'{text[:_SHOW]}…'" if len(text) > _SHOW else f"'{text}'"


def _codes(codes: Mapping[str, str], values: tuple[str, ...]) -> str:
    return ",".join(sorted(code for code, value in codes.items() if value in values))


def _encode_years(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return ""
    if low == high:
        return str(low)
    return f"{'' if low is None else low}-{'' if high is None else high}"
