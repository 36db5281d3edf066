"""A country brief to print: one self-contained HTML page for A4 (inline CSS and SVG, nothing
fetched) with a country's headline figures, its map, its sites by kind, the places holding
several designations, the comparison with its region, and the sources with the data date.

Every text comes from :mod:`geo.labels` in the brief's language; source text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo import describe, i18n, labels, maps, stats, tables
from geo.paths import reference_dir
from geo.query import Filters
from geo.schema import KINDS
from geo.style import DANGER_COLOR, FONT_STACK, KIND_COLORS, KIND_SYMBOLS, MUTED_TEXT
from geo.text import escape

# The rows of data/reference/sources.csv behind each kind, and behind every brief (the map,
# the country names and figures, the regions).
KIND_SOURCES = {
    "world_heritage": ("world_heritage", "world_heritage_2026"),
    "biosphere_reserve": ("biosphere_reserve",),
    "global_geopark": ("global_geopark",),
    "category2_centre": ("category2_centre", "geonames"),
}
COMMON_SOURCES = ("natural_earth", "unesco_regions")

MAP_MAX_WIDTH, MAP_MAX_HEIGHT = 104.0, 92.0  # mm
SYMBOL_RADIUS = 1.25  # mm
SHORT_NAMES = 22  # characters on average: a kind's sites then list in four columns, else three
INK = "#1D2329"
LAND, OTHER_LAND, SEA, BORDER = "#FBF7EE", "#EDEDEA", "#E6F0F7", "#4A4A4A"

CSS = f"""<style>
@page {{ size: A4; margin: 14mm; }}
* {{ box-sizing: border-box; }}
html {{ font-family: {FONT_STACK}; font-size: 10pt; line-height: 1.3; color: {INK};
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ margin: 0; }}
@media screen {{ body {{ max-width: 182mm; margin: 8mm auto; }} }}
h1 {{ font-size: 20pt; line-height: 1.1; margin: 0; }}
h2 {{ font-size: 10.5pt; margin: 3.5mm 0 1.5mm; padding-bottom: 0.6mm; border-bottom: 0.3mm solid #C9CED3;
  break-after: avoid; }}
h3 {{ font-size: 8.5pt; margin: 2mm 0 0.8mm; break-after: avoid; }}
p {{ margin: 0 0 1mm; }}
.top {{ border-bottom: 0.6mm solid {INK}; padding-bottom: 1mm; }}
.kicker {{ display: flex; justify-content: space-between; gap: 6mm; font-size: 8.5pt; color: {MUTED_TEXT}; }}
.kicker span:first-child {{ text-transform: uppercase; letter-spacing: 0.04em; }}
.figures {{ display: grid; grid-template-columns: repeat({len(KINDS) + 1}, 1fr); gap: 2mm; margin: 2.5mm 0 1mm; }}
.figure {{ border-inline-start: 1.2mm solid {INK}; padding: 0.5mm 0 0.5mm 2mm; }}
.figure b {{ display: block; font-size: 16pt; line-height: 1.1; }}
.figure span {{ font-size: 8pt; }}
.danger {{ color: {DANGER_COLOR}; font-weight: 600; }}
.note {{ font-size: 7.5pt; color: {MUTED_TEXT}; }}
.overview {{ display: grid; grid-template-columns: auto 1fr; gap: 5mm; break-inside: avoid; }}
.map svg {{ display: block; border: 0.2mm solid #B8BEC4; }}
.legend {{ list-style: none; padding: 0; margin: 1mm 0; font-size: 7.5pt; display: flex; flex-wrap: wrap;
  gap: 0.5mm 3mm; }}
.legend svg {{ vertical-align: -0.5mm; margin-inline-end: 0.8mm; border: 0; display: inline; }}
table {{ border-collapse: collapse; width: 100%; font-size: 8pt; }}
th, td {{ text-align: start; padding: 0.4mm 1mm; border-bottom: 0.2mm solid #E1E4E7; vertical-align: middle; }}
th {{ font-weight: 600; }}
th.n, td.n {{ text-align: end; }}
.versus {{ table-layout: fixed; }}
.versus .count {{ width: 17mm; }}
.versus .bars {{ width: 20mm; }}
.versus th {{ white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
td svg {{ display: block; }}
.places ul {{ list-style: none; padding: 0; margin: 0; column-count: 2; column-gap: 5mm; font-size: 7.5pt;
  line-height: 1.22; }}
.places li {{ break-inside: avoid; margin-bottom: 0.4mm; }}
.sites ol {{ list-style: none; padding: 0; margin: 0; column-count: 3; column-gap: 4mm; font-size: 7.2pt;
  line-height: 1.18; }}
.sites li {{ display: grid; grid-template-columns: 2.2em 1fr; gap: 0 1.5mm; break-inside: avoid; }}
.sites li > span:first-child {{ color: {MUTED_TEXT}; font-variant-numeric: tabular-nums; }}
.sites .danger {{ font-size: 6.3pt; text-transform: uppercase; margin-inline-start: 0.8mm; }}
.sources ul {{ padding: 0; margin: 0; list-style: none; column-count: 3; column-gap: 4mm; font-size: 6pt;
  line-height: 1.15; }}
.sources li {{ margin-bottom: 0.6mm; }}
.disclaimer {{ font-size: 6pt; color: {MUTED_TEXT}; margin-top: 1mm; }}
</style>"""


def country_brief(
    iso3: str,
    designations: pd.DataFrame,
    countries: pd.DataFrame,
    lang: str,
    *,
    filtered: bool = False,
    sources: pd.DataFrame | None = None,
) -> str:
    """The brief of ``iso3`` as a complete HTML page in ``lang``.

    ``designations`` are those the view selects bar the country list (the region comparison
    needs the other countries); ``countries`` the countries table (``iso3``, names, ``region``,
    ``population``, ``area_km2``, ``geometry``). ``filtered`` says the view's filters narrowed
    the designations; ``sources`` defaults to ``data/reference/sources.csv``."""
    with i18n.using(lang):  # labels in ``lang``, also on a thread that never chose a language
        names = tables.localized_country_names(countries, lang)
        rows = designations[[iso3 in list(codes) for codes in designations["countries_iso3"]]]
        rows = rows.assign(name=tables.localized_names(rows, lang))
        country = names.get(iso3, iso3)
        record = countries[countries["iso3"] == iso3]
        facts = record.iloc[0] if len(record) else pd.Series(dtype=object)
        region = facts.get("region")
        region = region if isinstance(region, str) else None
        sections = [
            _header(country, region, facts, rows, filtered),
            _figures(rows),
            '<div class="overview">',
            _map_section(iso3, rows, countries, names),
            _region_section(iso3, country, region, designations, countries),
            "</div>",
            _places_section(rows),
            _sites_section(rows),
            _sources_section(rows, reference_sources() if sources is None else sources),
        ]
        title = labels.BRIEF_PAGE_TITLE.format(country=country, what=labels.BRIEF_TITLE)
        return (
            f'<!DOCTYPE html>\n<html lang="{escape(lang)}" dir="{i18n.direction(lang)}">\n<head>\n'
            f'<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n{CSS}\n</head>\n<body>\n" + "\n".join(sections) + "\n</body>\n</html>\n"
        )


def reference_sources() -> pd.DataFrame:
    """The atlas's sources with their licences and credits (``data/reference/sources.csv``)."""
    return pd.read_csv(reference_dir() / "sources.csv", dtype=str)


# ---------------------------------------------------------------- the sections


def _header(country: str, region: str | None, facts: pd.Series, rows: pd.DataFrame, filtered: bool) -> str:
    """The title block: atlas and brief, the country's name, region and size, the data date."""
    region_name = labels.REGION_LABELS.get(region, region) if region else labels.NO_REGION
    population, area = _positive(facts.get("population")), _positive(facts.get("area_km2"))
    line = (
        labels.BRIEF_FACTS.format(region=region_name, population=population, area=area)
        if population and area
        else region_name
    )
    dates = rows["source_date"].dropna().astype(str)
    date = f"<span>{escape(labels.BRIEF_DATA_DATE.format(date=max(dates)))}</span>" if len(dates) else ""
    note = f'<p class="note">{escape(labels.BRIEF_FILTERED)}</p>' if filtered else ""
    kicker = labels.BRIEF_PAGE_TITLE.format(country=labels.APP_TITLE, what=labels.BRIEF_TITLE)
    return (
        f'<header class="top"><p class="kicker"><span>{escape(kicker)}</span>{date}</p><h1>{escape(country)}</h1>'
        f"<p>{escape(line)}</p></header>{note}"
    )


def _positive(value: object) -> float | None:
    """A figure of the countries table, None where it is missing or not above 0."""
    number = pd.to_numeric(value, errors="coerce")
    return float(number) if pd.notna(number) and number > 0 else None


def _figures(rows: pd.DataFrame) -> str:
    """A figure per kind (and all kinds): how many, and for World Heritage how many in danger."""
    counts = rows["designation"].value_counts()
    in_danger = int(rows["in_danger"].fillna(False).astype(bool).sum())
    cells = [_figure(len(rows), labels.ALL_DESIGNATIONS, INK)]
    for kind in KINDS:
        extra = labels.BRIEF_IN_DANGER.format(n=in_danger) if kind == "world_heritage" and in_danger else ""
        cells.append(_figure(int(counts.get(kind, 0)), labels.KIND_LABELS_PLURAL[kind], KIND_COLORS[kind], extra))
    return f'<section class="figures">{"".join(cells)}</section>'


def _figure(n: int, label: str, color: str, extra: str = "") -> str:
    danger = f'<br><span class="danger">{escape(extra)}</span>' if extra else ""
    return (
        f'<div class="figure" style="border-color:{color}"><b>{escape(i18n.number(n))}</b>'
        f"<span>{escape(label)}</span>{danger}</div>"
    )


def _map_section(iso3: str, rows: pd.DataFrame, countries: pd.DataFrame, names: dict[str, str]) -> str:
    """The country's outline with its sites, a legend, and what the map leaves out."""
    frame = _frame(iso3, rows, countries)
    if frame is None:
        return "<section></section>"
    located = rows.dropna(subset=["lat", "lon"])
    inside = located[located["lon"].between(frame.west, frame.east) & located["lat"].between(frame.south, frame.north)]
    summary = describe.points_summary(rows, Filters(countries=(iso3,)), names)
    notes = [
        labels.BRIEF_OUTSIDE_MAP.format(n=len(located) - len(inside)) if len(located) > len(inside) else "",
        labels.MAP_MISSING.format(n=len(rows) - len(located)) if len(rows) > len(located) else "",
    ]
    note = " ".join(n for n in notes if n)
    return (
        f'<section class="map" style="width:{max(frame.width, 60):.1f}mm"><h2>{escape(labels.BRIEF_MAP_HEADING)}</h2>'
        f"{_map_svg(frame, iso3, inside, countries, summary)}{_legend(inside)}"
        + (f'<p class="note">{escape(note)}</p>' if note else "")
        + f'<p class="note">{escape(labels.MAP_DISCLAIMER)}</p></section>'
    )


def _region_section(
    iso3: str, country: str, region: str | None, designations: pd.DataFrame, countries: pd.DataFrame
) -> str:
    """The country's designations per kind against its region's average, with bars."""
    heading = f"<h2>{escape(labels.VS_REGION_TITLE.format(country=country))}</h2>"
    if region is None:
        return f'<section>{heading}<p class="note">{escape(labels.NO_REGION_AVERAGE)}</p></section>'
    table = stats.vs_region_average(designations, iso3, countries)
    members = int((countries["region"] == region).sum())
    average = labels.REGION_AVERAGE.format(region=labels.REGION_LABELS.get(region, region), n=members)
    top = max(float(table["country"].max()), float(table["region_average"].max()), 1.0)
    body = "".join(
        f"<tr><td>{escape(labels.KIND_LABELS.get(kind, labels.ALL_KINDS))}</td>"
        f'<td class="n">{escape(i18n.number(own))}</td><td class="n">{escape(i18n.number(avg, 1))}</td>'
        f"<td>{_bars(own / top, avg / top, KIND_COLORS.get(kind, INK))}</td></tr>"
        for kind, own, avg in zip(table["designation"], table["country"], table["region_average"])
    )
    key = "".join(
        f'<li><svg width="5mm" height="2.4mm" viewBox="0 0 5 2.4" aria-hidden="true">'
        f'<rect x="0.2" y="0.2" width="4.6" height="2" {paint}/></svg>{escape(text)}</li>'
        for paint, text in (
            (f'fill="{INK}"', country),
            (f'fill="#FFFFFF" stroke="{INK}" stroke-width="0.3"', average),
        )
    )
    return (
        f'<section>{heading}<table class="versus"><colgroup><col><col class="count"><col class="count">'
        f'<col class="bars"></colgroup><thead><tr><th>{escape(labels.COLUMNS["kind"])}</th>'
        f'<th class="n">{escape(country)}</th><th class="n">{escape(labels.BRIEF_AVERAGE)}</th><th></th></tr></thead>'
        f'<tbody>{body}</tbody></table><ul class="legend">{key}</ul>'
        f'<p class="note">{escape(labels.TRANSBOUNDARY_NOTE)}</p></section>'
    )


def _bars(own: float, average: float, color: str) -> str:
    """Two small bars, the country's (solid) over the region average's (outlined), 0–1 of 18 mm."""
    width = 18.0
    return (
        f'<svg width="{width}mm" height="3.6mm" viewBox="0 0 {width} 3.6" aria-hidden="true">'
        f'<rect x="0" y="0.2" width="{max(own * width, 0.3):.2f}" height="1.5" fill="{color}"/>'
        f'<rect x="0.1" y="2" width="{max(average * width - 0.2, 0.3):.2f}" height="1.4" fill="#FFFFFF" '
        f'stroke="{color}" stroke-width="0.25"/></svg>'
    )


def _places_section(rows: pd.DataFrame) -> str:
    """The places holding several kinds of designation, each kind with its year."""
    heading = f"<h2>{escape(labels.SHARED_PLACES_HEADING)}</h2>"
    shared = stats.places(rows, min_kinds=2)
    if shared.empty:
        return f'<section>{heading}<p class="note">{escape(labels.NO_SHARED_PLACES)}</p></section>'
    names = dict(zip(rows["site_id"], rows["name"]))
    items = "".join(
        f"<li><b>{escape(names.get(sites[0], name))}</b>: {escape(_kinds_and_years(kinds, years))}</li>"
        for name, sites, kinds, years in zip(shared["name"], shared["site_ids"], shared["kinds"], shared["years"])
    )
    return f'<section class="places">{heading}<ul>{items}</ul></section>'


def _kinds_and_years(kinds: list[str], years: list) -> str:
    return ", ".join(
        labels.BRIEF_KIND_YEAR.format(kind=labels.KIND_LABELS[k], year=_year(y)) for k, y in zip(kinds, years)
    )


def _sites_section(rows: pd.DataFrame) -> str:
    """Each kind's sites in year order, in columns: year, name, and a mark when in danger."""
    header = labels.COLUMNS
    parts = [f'<section class="sites"><h2>{escape(labels.SITES_BY_KIND)}</h2>']
    for kind in KINDS:
        of_kind = rows[rows["designation"] == kind].sort_values(["year", "name"], na_position="last")
        if of_kind.empty:
            continue
        heading = labels.BRIEF_KIND_HEADING.format(kind=labels.KIND_LABELS_PLURAL[kind], n=len(of_kind))
        items = "".join(
            f"<li><span>{escape(_year(year))}</span><span>{escape(name)}"
            + (f'<span class="danger">{escape(header["in_danger"])}</span>' if _yes(danger) else "")
            + "</span></li>"
            for year, name, danger in zip(of_kind["year"], of_kind["name"], of_kind["in_danger"])
        )
        columns = 4 if of_kind["name"].str.len().mean() <= SHORT_NAMES else 3
        parts.append(
            f'<h3 style="color:{KIND_COLORS[kind]}">{escape(heading)}</h3>'
            f'<ol style="column-count:{columns}" aria-label="{escape(header["year"])}, {escape(header["name"])}">'
            f"{items}</ol>"
        )
    return "".join(parts) + "</section>"


def _sources_section(rows: pd.DataFrame, sources: pd.DataFrame) -> str:
    """The sources behind the brief's kinds and map, with licences and credits, and UNESCO's
    disclaimer."""
    used = {key for kind in rows["designation"].unique() for key in KIND_SOURCES.get(kind, ())}
    used |= set(COMMON_SOURCES)
    items = "".join(
        f"<li><b>{escape(row.title)}</b>. "
        + escape(labels.BRIEF_SOURCE.format(snapshot=row.snapshot_date, licence=row.licence, credit=row.credit))
        + "</li>"
        for row in sources.itertuples()
        if row.source in used
    )
    return (
        f'<section class="sources"><h2>{escape(labels.SOURCES_HEADING)}</h2><ul>{items}</ul>'
        f'<p class="disclaimer">{escape(labels.DISCLAIMER)}</p></section>'
    )


def _year(value) -> str:
    return "–" if value is None or pd.isna(value) else str(int(value))


def _yes(flag: object) -> bool:
    """A yes/no of the data (``in_danger``): missing is no."""
    return bool(pd.notna(flag) and flag)


# ---------------------------------------------------------------- the map


@dataclass(frozen=True)
class _Frame:
    """A lon/lat box drawn in millimetres (equirectangular, squeezed by the cosine of its middle)."""

    west: float
    south: float
    east: float
    north: float
    scale: float  # mm per degree of latitude
    squeeze: float  # mm per degree of longitude / scale

    @property
    def width(self) -> float:
        return (self.east - self.west) * self.squeeze * self.scale

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.scale

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.squeeze * self.scale, (self.north - lat) * self.scale


def _frame(iso3: str, rows: pd.DataFrame, countries: pd.DataFrame) -> _Frame | None:
    """The box of the country's main landmass (see :func:`geo.maps.country_bounds`), else of its
    sites, with a margin, sized to fit the brief; None with neither."""
    bounds = maps.country_bounds(countries, iso3)
    located = rows.dropna(subset=["lat", "lon"])
    if bounds is None and located.empty:
        return None
    if bounds is None:
        bounds = [[located["lat"].min(), located["lon"].min()], [located["lat"].max(), located["lon"].max()]]
    (south, west), (north, east) = bounds
    pad_x, pad_y = max((east - west) * 0.05, 0.4), max((north - south) * 0.05, 0.4)
    south, north = max(south - pad_y, -89.0), min(north + pad_y, 89.0)
    west, east = west - pad_x, east + pad_x
    squeeze = max(math.cos(math.radians((south + north) / 2)), 0.2)
    scale = min(MAP_MAX_WIDTH / ((east - west) * squeeze), MAP_MAX_HEIGHT / (north - south))
    return _Frame(west, south, east, north, scale, squeeze)


def _map_svg(frame: _Frame, iso3: str, points: pd.DataFrame, countries: pd.DataFrame, summary: str) -> str:
    """The sea, the neighbours in grey, the country outlined, and a symbol per site."""
    tolerance = (frame.north - frame.south) / 400
    land = []
    near = countries.cx[frame.west : frame.east, frame.south : frame.north]  # by bounding box
    for code, geometry in zip(near["iso3"], near.geometry):
        if geometry is None or geometry.is_empty:
            continue
        clipped = shapely.clip_by_rect(geometry, frame.west, frame.south, frame.east, frame.north)
        path = _path(clipped.simplify(tolerance), frame)
        if path:
            own = code == iso3
            land.append(
                (
                    own,
                    f'<path d="{path}" fill="{LAND if own else OTHER_LAND}" stroke="{BORDER if own else "#B5B5B0"}" '
                    f'stroke-width="{0.35 if own else 0.15}" fill-rule="evenodd"/>',
                )
            )
    land.sort(key=lambda item: item[0])  # the country last, over its neighbours' borders
    symbols = [
        _site_symbol(kind, *frame.xy(lon, lat), danger=_yes(danger), approximate=precision != "source")
        for kind, lon, lat, danger, precision in zip(
            points["designation"], points["lon"], points["lat"], points["in_danger"], points["geocode_precision"]
        )
    ]
    width, height = frame.width, frame.height
    return (
        f'<svg width="{width:.1f}mm" height="{height:.1f}mm" '
        f'viewBox="0 0 {width:.1f} {height:.1f}" role="img" aria-label="{escape(summary)}">'
        f'<rect width="{width:.1f}" height="{height:.1f}" fill="{SEA}"/>'
        + "".join(path for _, path in land)
        + "".join(symbols)
        + "</svg>"
    )


def _polygons(geometry: BaseGeometry) -> Iterator[BaseGeometry]:
    if geometry.geom_type == "Polygon":
        yield geometry
    elif hasattr(geometry, "geoms"):
        for part in geometry.geoms:
            yield from _polygons(part)


def _path(geometry: BaseGeometry, frame: _Frame) -> str:
    """An SVG path of the polygons of ``geometry`` (rings closed, holes kept), in mm."""
    rings = []
    for polygon in _polygons(geometry):
        for ring in (polygon.exterior, *polygon.interiors):
            points = [frame.xy(x, y) for x, y in ring.coords]
            if len(points) >= 3:
                rings.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
    return "".join(rings)


def _site_symbol(kind: str, x: float, y: float, *, danger: bool = False, approximate: bool = False) -> str:
    """The kind's shape and colour (hollow when the point is approximate), ringed when in danger."""
    color = KIND_COLORS.get(kind, INK)
    fill, stroke, stroke_width = ("#FFFFFF", color, 0.45) if approximate else (color, "#FFFFFF", 0.25)
    ring = (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{SYMBOL_RADIUS * 1.75:.2f}" fill="none" stroke="{DANGER_COLOR}" '
        f'stroke-width="0.45"/>'
        if danger
        else ""
    )
    return ring + _shape(KIND_SYMBOLS.get(kind, "circle"), x, y, SYMBOL_RADIUS, fill, stroke, stroke_width)


def _shape(shape: str, x: float, y: float, r: float, fill: str, stroke: str, stroke_width: float) -> str:
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"'
    if shape == "square":
        return f'<rect x="{x - r * 0.88:.2f}" y="{y - r * 0.88:.2f}" width="{r * 1.76:.2f}" height="{r * 1.76:.2f}" {paint}/>'
    corners = {
        "diamond": [(0, -1.25), (1.25, 0), (0, 1.25), (-1.25, 0)],
        "triangle": [(0, -1.3), (1.15, 0.75), (-1.15, 0.75)],
    }.get(shape)
    if corners is None:
        return f'<circle cx="{x:.2f}" cy="{y:.2f}" r="{r:.2f}" {paint}/>'
    points = " ".join(f"{x + dx * r:.2f},{y + dy * r:.2f}" for dx, dy in corners)
    return f'<polygon points="{points}" {paint}/>'


def _legend(points: pd.DataFrame) -> str:
    """A line per kind on the map (with its count), then the in-danger ring and hollow symbols."""
    counts = points["designation"].value_counts()
    entries = [
        (_site_symbol(kind, 2.5, 2.5), labels.KIND_COUNTS[kind].format(n=int(counts[kind])))
        for kind in KINDS
        if counts.get(kind, 0)
    ]
    if points["in_danger"].fillna(False).astype(bool).any():
        entries.append((_site_symbol("world_heritage", 2.5, 2.5, danger=True), labels.MAP_TEXT["dangerRow"]))
    if (points["geocode_precision"] != "source").any():
        entries.append((_site_symbol("category2_centre", 2.5, 2.5, approximate=True), labels.MAP_TEXT["approxRow"]))
    return (
        '<ul class="legend">'
        + "".join(
            f'<li><svg width="4.5mm" height="4.5mm" viewBox="0 0 5 5" aria-hidden="true">{symbol}</svg>{escape(text)}</li>'
            for symbol, text in entries
        )
        + "</ul>"
    )
