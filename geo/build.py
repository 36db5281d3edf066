"""``python -m geo build``: raw files → data/processed/ (GeoParquet) + the build report.

Every raw record ends up in designations.parquet or in rejects.csv with a reason. Outputs are
written to temporary files and then moved into place, so a failed build leaves the last good
data untouched. The same raw files always give byte-identical outputs.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Callable

import geopandas as gpd
import pandas as pd

from geo import basemap_build, paths
from geo.checks import CountryShapes, outside_country
from geo.countries import build_countries
from geo.geocode import Geocode, country_point, default_gazetteer
from geo.places import link_places
from geo.schema import COLUMNS, KINDS, REJECT_COLUMNS, SourceResult, validate_source_rows
from geo.sources import centres, datahub, mab, uggp, whc
from geo.sources.uggp import name_key
from geo.store import SCHEMA_VERSION

SOURCES: dict[str, Callable[[Path], SourceResult]] = {
    "world_heritage": whc.load,
    "biosphere_reserve": mab.load,
    "global_geopark": uggp.load,
    "category2_centre": centres.load,
}
# A validated Data Hub download (python -m geo refresh) replaces the bundled snapshot of its kind.
DATAHUB_DATASETS = {"world_heritage": "whc001", "biosphere_reserve": "mab001", "global_geopark": "eg0001"}


class BuildError(RuntimeError):
    """A source could not be read or broke the schema; nothing was written."""


def _log(progress: Callable[[str], None] | None, message: str) -> None:
    if progress:
        progress(message)


def _load_source(key: str, raw_dir: Path) -> SourceResult:
    """The newest Data Hub download of this kind if there is one, else the bundled snapshot."""
    download = datahub.latest_download(DATAHUB_DATASETS[key], raw_dir) if key in DATAHUB_DATASETS else None
    if download is None:
        return SOURCES[key](raw_dir)
    result = datahub.LOADERS[DATAHUB_DATASETS[key]](download)
    if key == "global_geopark":
        result.notes.append(fill_network_years(result.rows, SOURCES[key](raw_dir).rows))
    return result


def fill_network_years(rows: pd.DataFrame, bundled: pd.DataFrame) -> str:
    """Data Hub dates pre-2015 geoparks 2015: take the network year the bundled source recovered,
    matched on name and country set; else keep the Data Hub year."""
    known = {(name_key(n), tuple(sorted(c))): y for n, c, y in
             zip(bundled["name"], bundled["countries_iso3"], bundled["year"]) if pd.notna(y)}
    missing = rows.index[rows["year"].isna()]
    found = 0
    for i in missing:
        year = known.get((name_key(rows.at[i, "name"]), tuple(sorted(rows.at[i, "countries_iso3"]))))
        found += year is not None
        rows.at[i, "year"] = year if year is not None else rows.at[i, "official_year"]
    return f"network years: {found} of {len(missing)} geoparks dated 2015 matched to the bundled list"


def load_sources(raw_dir: Path, progress=None) -> list[SourceResult]:
    """Run every source module and check its rows against the schema."""
    results = []
    for key in SOURCES:
        started = time.perf_counter()
        result = _load_source(key, raw_dir)
        problems = validate_source_rows(result.rows)
        if problems:
            raise BuildError(f"{key}: {'; '.join(problems)}")
        accounted = len(result.rows) + len(result.rejects)
        if accounted != result.rows_in:
            raise BuildError(f"{key}: {result.rows_in} records read but {accounted} accounted for")
        _log(progress, f"  {key}: {result.rows_in} read, {len(result.rows)} kept, "
                       f"{len(result.rejects)} rejected ({time.perf_counter() - started:.1f} s)")
        results.append(result)
    return results


def fill_regions(df: pd.DataFrame, countries: gpd.GeoDataFrame) -> pd.Series:
    """The source's region, else the UNESCO region of the primary country."""
    region_of = dict(zip(countries["iso3"], countries["region"]))
    return df["region"].fillna(df["primary_iso3"].map(region_of))


def geocode_missing(df: pd.DataFrame, countries: gpd.GeoDataFrame, shapes: CountryShapes) -> pd.DataFrame:
    """Give every row without source coordinates a point: locality, else country label point."""
    df = df.copy()
    labels = {iso: (x, y) for iso, x, y in zip(countries["iso3"], countries["label_x"], countries["label_y"])}
    todo = df.index[df["lat"].isna() | df["lon"].isna()]
    gazetteer = default_gazetteer() if len(todo) else None
    for i in todo:
        codes = list(df.at[i, "countries_iso3"])
        family = sorted({f for c in codes for f in shapes.family(c)})
        found: Geocode | None = gazetteer.lookup(df.at[i, "locality"], family)
        if found is None and codes:
            found = country_point(codes[0], labels)
        if found is None:
            raise BuildError(f"{df.at[i, 'site_id']}: no coordinates, locality or country to geocode")
        df.loc[i, ["lat", "lon", "geocode_precision", "geocode_method"]] = (
            found.lat, found.lon, found.precision, found.method)
    return df


def coverage(df: pd.DataFrame, reference_dir: Path) -> list[dict]:
    """Our counts against the official totals kept in data/reference/official_totals.csv."""
    totals = pd.read_csv(reference_dir / "official_totals.csv").set_index("designation")
    rows = []
    for kind, (_prefix, label) in KINDS.items():
        ours = df[df["designation"] == kind]
        ref = totals.loc[kind]
        official = None if pd.isna(ref["total"]) else int(ref["total"])
        rows.append({
            "designation": kind, "label": label, "count": len(ours),
            "countries": len({c for cs in ours["countries_iso3"] for c in cs}),
            "in_danger": int(ours["in_danger"].sum()),
            "official_total": official,
            "official_countries": None if pd.isna(ref["countries"]) else int(ref["countries"]),
            "official_in_danger": None if pd.isna(ref["in_danger"]) else int(ref["in_danger"]),
            "coverage_pct": None if not official else round(100 * len(ours) / official, 1),
            "official_source": ref["source"], "official_as_of": ref["as_of"],
            "note": None if pd.isna(ref["note"]) else ref["note"],
        })
    return rows


def assemble(results: list[SourceResult], countries: gpd.GeoDataFrame, progress=None):
    """Source rows → the processed GeoDataFrame, plus the facts the report needs."""
    df = pd.concat([r.rows for r in results], ignore_index=True)
    df = df.sort_values("site_id", kind="stable").reset_index(drop=True)
    df["region"] = fill_regions(df, countries)
    shapes = CountryShapes(countries)
    _log(progress, f"Geocoding {int(df['lat'].isna().sum())} records without source coordinates…")
    df = geocode_missing(df, countries, shapes)
    _log(progress, "Checking points against their countries…")
    df["outside_country"] = outside_country(df, shapes)
    _log(progress, "Linking designations that share a place…")
    df["place_id"], links = link_places(df)
    df["place_kinds"] = df.groupby("place_id")["designation"].transform("nunique").astype("int64")
    gdf = gpd.GeoDataFrame(df[COLUMNS], geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326")
    return gdf, links


def report(gdf, results, rejects, links, cover, countries) -> dict:
    """The build report: counts in and out, rejects, geocoding, outside points, places, coverage."""
    places = gdf.groupby("place_id")["designation"].nunique()
    outside = gdf[gdf["outside_country"].fillna(False)]
    missing_polygons = sorted({c for cs in gdf["countries_iso3"] for c in cs} - set(countries["iso3"]))
    return {
        "schema_version": SCHEMA_VERSION,
        "total_designations": len(gdf),
        "sources": [{"source": r.name, "rows_in": r.rows_in, "rows_out": len(r.rows),
                     "rejected": len(r.rejects), "notes": r.notes} for r in results],
        "rejects_by_reason": dict(sorted(Counter(
            f"{s}: {str(x).split(':')[0]}" for s, x in zip(rejects["source"], rejects["reason"])).items())),
        "geocode_precision": {kind: dict(sorted(Counter(g["geocode_precision"]).items()))
                              for kind, g in gdf.groupby("designation")},
        "outside_country": [{"site_id": s, "name": n, "countries": list(c), "lat": round(la, 4),
                             "lon": round(lo, 4)} for s, n, c, la, lo in
                            zip(outside["site_id"], outside["name"], outside["countries_iso3"],
                                outside["lat"], outside["lon"])],
        "countries_without_polygon": missing_polygons,
        "places": {"linked_pairs": links,
                   "places_by_kinds": {str(k): int(v) for k, v in sorted(Counter(places).items())}},
        "coverage": cover,
    }


def report_markdown(rep: dict) -> str:
    """A readable version of the build report."""
    lines = ["# Build report", "", f"Designations in the atlas: **{rep['total_designations']}**", "",
             "## Sources", "", "| source | read | kept | rejected |", "|---|---:|---:|---:|"]
    lines += [f"| {s['source']} | {s['rows_in']} | {s['rows_out']} | {s['rejected']} |" for s in rep["sources"]]
    for s in rep["sources"]:
        lines += ["", f"### Notes: {s['source']}", ""] + [f"- {n}" for n in s["notes"]]
    lines += ["", "## Rejected records by reason (every one is in rejects.csv)", ""]
    lines += [f"- {k}: {v}" for k, v in rep["rejects_by_reason"].items()]
    lines += ["", "## Geocoding precision", "", "| kind | source | locality | country |", "|---|---:|---:|---:|"]
    for kind, counts in rep["geocode_precision"].items():
        lines.append(f"| {kind} | {counts.get('source', 0)} | {counts.get('locality', 0)} | {counts.get('country', 0)} |")
    lines += ["", f"## Points outside their country's polygon ({len(rep['outside_country'])})", "",
              "Flagged only: countries come from the UNESCO record.", ""]
    lines += [f"- {o['site_id']} {o['name']} ({', '.join(o['countries'])}) at {o['lat']}, {o['lon']}"
              for o in rep["outside_country"]]
    lines += ["", "## Places with several kinds of designation", ""]
    lines += [f"- {k} kind(s): {v} places" for k, v in rep["places"]["places_by_kinds"].items()]
    lines += ["", "## Coverage against official totals", "",
              "| kind | in atlas | official | coverage | countries (official) | as of |", "|---|---:|---:|---:|---:|---|"]
    for c in rep["coverage"]:
        official = c["official_total"] if c["official_total"] is not None else "unknown"
        pct = f"{c['coverage_pct']}%" if c["coverage_pct"] is not None else "n/a"
        lines.append(f"| {c['label']} | {c['count']} | {official} | {pct} | {c['countries']} "
                     f"({c['official_countries'] or 'unknown'}) | {c['official_as_of']} |")
    return "\n".join(lines) + "\n"


def _write_atomically(out_dir: Path, files: dict[str, Callable[[Path], None]]) -> None:
    """Write each file to <name>.tmp, then replace all of them once every write succeeded."""
    out_dir.mkdir(parents=True, exist_ok=True)
    temps = {}
    try:
        for name, write in files.items():
            temp = out_dir / f"{name}.tmp"
            write(temp)
            temps[name] = temp
        for name, temp in temps.items():
            temp.replace(out_dir / name)
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)


def build(raw_dir: Path | None = None, reference_dir: Path | None = None, out_dir: Path | None = None,
          progress: Callable[[str], None] | None = print) -> dict:
    """Build the processed data and return the build report."""
    raw_dir = raw_dir or paths.raw_dir()
    reference_dir = reference_dir or paths.reference_dir()
    out_dir = out_dir or paths.processed_dir()
    started = time.perf_counter()
    _log(progress, "Reading sources…")
    results = load_sources(raw_dir, progress)
    _log(progress, "Building the country table…")
    countries = build_countries(raw_dir, reference_dir)
    gdf, links = assemble(results, countries, progress)
    rejects = pd.concat([r.rejects for r in results], ignore_index=True)[REJECT_COLUMNS]
    rejects = rejects.astype(str).sort_values(REJECT_COLUMNS, kind="stable").reset_index(drop=True)
    rep = report(gdf, results, rejects, links, coverage(gdf, reference_dir), countries)
    country_out = countries.copy()
    country_out["designations"] = country_out["iso3"].map(
        Counter(c for cs in gdf["countries_iso3"] for c in cs)).fillna(0).astype("int64")

    _log(progress, "Preparing the base map layers…")
    base_map = {f"basemap-{name}": text for name, text in basemap_build.band_texts(raw_dir).items()}

    _write_atomically(out_dir, {
        **{name: (lambda p, text=text: p.write_text(text, encoding="utf-8")) for name, text in base_map.items()},
        "designations.parquet": lambda p: gdf.to_parquet(p, index=False),
        "countries.parquet": lambda p: country_out.to_parquet(p, index=False),
        "rejects.csv": lambda p: rejects.to_csv(p, index=False, lineterminator="\n"),
        "build_report.json": lambda p: p.write_text(json.dumps(rep, indent=2, ensure_ascii=False, default=str) + "\n"),
        "build_report.md": lambda p: p.write_text(report_markdown(rep)),
    })
    _log(progress, f"Built {len(gdf)} designations in {time.perf_counter() - started:.1f} s → {out_dir}")
    return rep
