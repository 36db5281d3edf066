"""``python -m geo build``: raw files → data/processed/ (GeoParquet) + the build report.

Every raw record ends up in designations.parquet or in rejects.csv with a reason. Outputs are
written to a new set folder, flushed to disk and then named in ``processed/CURRENT`` in one
rename, so a failed or interrupted build leaves the last good set untouched and readers never
see a mix. One build runs at a time (a lock). The same raw files always give byte-identical outputs.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import paths
from geo.build import basemap_layers, download
from geo.build.checks import CountryShapes, outside_country
from geo.build.countries import build_countries
from geo.build.geocode import Geocode, country_point, default_gazetteer, km_between
from geo.build.places import link_places
from geo.build.sources import centres, datahub, mab, uggp, whc
from geo.build.sources.uggp import name_key
from geo.files import write_temp
from geo.schema import COLUMNS, GEOCODE_PRECISIONS, KINDS, REJECT_COLUMNS, SourceResult, cap_text, validate_source_rows
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
    """The newest Data Hub download of this kind that reaches the kind's floor (a download
    stored before refresh had floors may not), else the bundled snapshot."""
    stored = None
    if key in DATAHUB_DATASETS:
        dataset = DATAHUB_DATASETS[key]
        floor = download.reference_floors(raw_dir.parent / "reference")[dataset]
        stored = datahub.latest_download(dataset, raw_dir, min_records=floor)
    if stored is None:
        return SOURCES[key](raw_dir)
    result = datahub.LOADERS[DATAHUB_DATASETS[key]](stored)
    if key == "global_geopark":
        result.notes.append(fill_network_years(result.rows, SOURCES[key](raw_dir).rows))
    return result


def fill_network_years(rows: pd.DataFrame, bundled: pd.DataFrame) -> str:
    """Data Hub dates pre-2015 geoparks 2015: take the network year the bundled source recovered,
    matched on name and country set; else keep the Data Hub year."""
    known = {
        (name_key(n), tuple(sorted(c))): y
        for n, c, y in zip(bundled["name"], bundled["countries_iso3"], bundled["year"])
        if pd.notna(y)
    }
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
        _log(
            progress,
            f"  {key}: {result.rows_in} read, {len(result.rows)} kept, "
            f"{len(result.rejects)} rejected ({time.perf_counter() - started:.1f} s)",
        )
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
    for i in todo:
        gazetteer = default_gazetteer()  # built on first use (about 2 s), then cached
        codes = list(df.at[i, "countries_iso3"])
        family = sorted({f for c in codes for f in shapes.family(c)})
        found: Geocode | None = gazetteer.lookup(df.at[i, "locality"], family)
        if found is None and codes:
            found = country_point(codes[0], labels)
        if found is None:
            raise BuildError(f"{df.at[i, 'site_id']}: no coordinates, locality or country to geocode")
        df.loc[i, ["lat", "lon", "geocode_precision", "geocode_method"]] = (
            found.lat,
            found.lon,
            found.precision,
            found.method,
        )
    return df


def point_exceptions(reference_dir: Path) -> dict[str, str]:
    """Points outside their countries' outlines on purpose (small islands, sea areas, disputed
    places), each with its reason: ``point_exceptions.csv``."""
    path = reference_dir / "point_exceptions.csv"
    if not path.exists():
        return {}
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return dict(zip(table["site_id"], table["reason"]))


def moved_points(results: list[SourceResult], countries: gpd.GeoDataFrame) -> list[dict]:
    """Points research moved: where the raw record put them (its own point, else its locality or
    country geocoded as the build would) → where they are now, largest moves first."""
    labels = {iso: (x, y) for iso, x, y in zip(countries["iso3"], countries["label_x"], countries["label_y"])}
    shapes, gazetteer, rows = CountryShapes(countries), None, []
    for result in results:
        by_site = result.rows.set_index("site_id")
        for move in result.moved:
            old_lat, old_lon, how = move["old_lat"], move["old_lon"], "source point"
            if pd.isna(old_lat):
                codes = list(by_site.at[move["site_id"], "countries_iso3"])
                gazetteer = gazetteer or default_gazetteer()
                family = sorted({f for c in codes for f in shapes.family(c)})
                found = gazetteer.lookup(move["old_locality"], family) or country_point(codes[0], labels)
                if found is None:  # a country with no label point: nothing to compare with
                    continue
                old_lat, old_lon, how = found.lat, found.lon, found.precision
            rows.append(
                {
                    "site_id": move["site_id"],
                    "name": move["name"],
                    "old": how,
                    "old_lat": round(float(old_lat), 4),
                    "old_lon": round(float(old_lon), 4),
                    "new_lat": round(move["new_lat"], 4),
                    "new_lon": round(move["new_lon"], 4),
                    "km": round(km_between(old_lat, old_lon, move["new_lat"], move["new_lon"]), 1),
                    "why": move["why"],
                }
            )
    return sorted(rows, key=lambda r: (-r["km"], r["site_id"]))


def coverage(df: pd.DataFrame, reference_dir: Path) -> list[dict]:
    """Our counts against the official totals kept in data/reference/official_totals.csv."""
    totals = pd.read_csv(reference_dir / "official_totals.csv").set_index("designation")
    rows = []
    for kind, (_prefix, label) in KINDS.items():
        ours = df[df["designation"] == kind]
        ref = totals.loc[kind]
        official = None if pd.isna(ref["total"]) else int(ref["total"])
        rows.append(
            {
                "designation": kind,
                "label": label,
                "count": len(ours),
                "countries": len({c for cs in ours["countries_iso3"] for c in cs}),
                "in_danger": int(ours["in_danger"].sum()),
                "official_total": official,
                "official_countries": None if pd.isna(ref["countries"]) else int(ref["countries"]),
                "official_in_danger": None if pd.isna(ref["in_danger"]) else int(ref["in_danger"]),
                "coverage_pct": None if not official else round(100 * len(ours) / official, 1),
                "official_source": ref["source"],
                "official_as_of": ref["as_of"],
                "note": None if pd.isna(ref["note"]) else ref["note"],
            }
        )
    return rows


def assemble(
    results: list[SourceResult], countries: gpd.GeoDataFrame, progress=None, exceptions: dict[str, str] | None = None
):
    """Source rows → the processed GeoDataFrame, plus the facts the report needs. A source point
    outside its countries is marked ``doubtful`` unless ``exceptions`` (site_id → reason) explain it."""
    df = cap_text(pd.concat([r.rows for r in results], ignore_index=True))
    df = df.sort_values("site_id", kind="stable").reset_index(drop=True)
    df["region"] = fill_regions(df, countries)
    shapes = CountryShapes(countries)
    _log(progress, f"Geocoding {int(df['lat'].isna().sum())} records without source coordinates…")
    df = geocode_missing(df, countries, shapes)
    _log(progress, "Checking points against their countries…")
    df["outside_country"] = outside_country(df, shapes)
    doubtful = (
        df["outside_country"].fillna(False)
        & (df["geocode_precision"] == "source")
        & ~df["site_id"].isin(list(exceptions or {}))
    )
    df.loc[doubtful, "geocode_precision"] = "doubtful"
    df.loc[doubtful, "geocode_method"] += "; flagged: outside its countries' outlines"
    _log(progress, "Linking designations that share a place…")
    df["place_id"], links = link_places(df)
    df["place_kinds"] = df.groupby("place_id")["designation"].transform("nunique").astype("int64")
    gdf = gpd.GeoDataFrame(df[COLUMNS], geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326")
    return gdf, links


def known_gaps(raw_dir: Path) -> list[dict]:
    """Official designations known to be missing, with why (``biosphere_reserves/reserve_gaps.csv``)."""
    path = raw_dir / "biosphere_reserves" / "reserve_gaps.csv"
    return pd.read_csv(path, dtype=str).to_dict("records") if path.exists() else []


def report(gdf, results, rejects, links, cover, countries, moved=(), gaps=()) -> dict:
    """The build report: counts in and out, rejects, geocoding, outside points, places, coverage."""
    places = gdf.groupby("place_id")["designation"].nunique()
    outside = gdf[gdf["outside_country"].fillna(False)]
    missing_polygons = sorted({c for cs in gdf["countries_iso3"] for c in cs} - set(countries["iso3"]))
    return {
        "schema_version": SCHEMA_VERSION,
        "total_designations": len(gdf),
        "sources": [
            {
                "source": r.name,
                "rows_in": r.rows_in,
                "rows_out": len(r.rows),
                "rejected": len(r.rejects),
                "notes": r.notes,
            }
            for r in results
        ],
        "rejects_by_reason": dict(
            sorted(
                Counter(f"{s}: {str(x).split(':')[0]}" for s, x in zip(rejects["source"], rejects["reason"])).items()
            )
        ),
        "geocode_precision": {
            kind: dict(sorted(Counter(g["geocode_precision"]).items())) for kind, g in gdf.groupby("designation")
        },
        "outside_country": [
            {"site_id": s, "name": n, "countries": list(c), "lat": round(la, 4), "lon": round(lo, 4)}
            for s, n, c, la, lo in zip(
                outside["site_id"], outside["name"], outside["countries_iso3"], outside["lat"], outside["lon"]
            )
        ],
        "countries_without_polygon": missing_polygons,
        "places": {
            "linked_pairs": links,
            "places_by_kinds": {str(k): int(v) for k, v in sorted(Counter(places).items())},
        },
        "coverage": cover,
        "points_moved": list(moved),
        "known_gaps": list(gaps),
    }


def report_markdown(rep: dict) -> str:
    """A readable version of the build report."""
    lines = [
        "# Build report",
        "",
        f"Designations in the atlas: **{rep['total_designations']}**",
        "",
        "## Sources",
        "",
        "| source | read | kept | rejected |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {s['source']} | {s['rows_in']} | {s['rows_out']} | {s['rejected']} |" for s in rep["sources"]]
    for s in rep["sources"]:
        lines += ["", f"### Notes: {s['source']}", ""] + [f"- {n}" for n in s["notes"]]
    lines += ["", "## Rejected records by reason (every one is in rejects.csv)", ""]
    lines += [f"- {k}: {v}" for k, v in rep["rejects_by_reason"].items()]
    lines += [
        "",
        "## Geocoding precision",
        "",
        "| kind | " + " | ".join(GEOCODE_PRECISIONS) + " |",
        "|---|" + "---:|" * len(GEOCODE_PRECISIONS),
    ]
    for kind, counts in rep["geocode_precision"].items():
        lines.append(f"| {kind} | " + " | ".join(str(counts.get(p, 0)) for p in GEOCODE_PRECISIONS) + " |")
    moved = rep.get("points_moved", [])
    lines += [
        "",
        f"## Points moved by research ({len(moved)})",
        "",
        "From where the raw record put them (its own point, or its locality or country geocoded) "
        "to the point a stored page gives (`data/raw/*/reserve_points.csv`).",
        "",
        "| site | name | old (how) | new | km | new point is |",
        "|---|---|---|---|---:|---|",
    ]
    lines += [
        f"| {m['site_id']} | {m['name']} | {m['old_lat']}, {m['old_lon']} ({m['old']}) | "
        f"{m['new_lat']}, {m['new_lon']} | {m['km']} | {m['why']} |"
        for m in moved
    ]
    lines += [
        "",
        f"## Points outside their country's polygon ({len(rep['outside_country'])})",
        "",
        "Flagged only: countries come from the UNESCO record.",
        "",
    ]
    lines += [
        f"- {o['site_id']} {o['name']} ({', '.join(o['countries'])}) at {o['lat']}, {o['lon']}"
        for o in rep["outside_country"]
    ]
    lines += ["", "## Places with several kinds of designation", ""]
    lines += [f"- {k} kind(s): {v} places" for k, v in rep["places"]["places_by_kinds"].items()]
    lines += [
        "",
        "## Coverage against official totals",
        "",
        "| kind | in atlas | official | coverage | countries (official) | as of |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for c in rep["coverage"]:
        official = c["official_total"] if c["official_total"] is not None else "unknown"
        pct = f"{c['coverage_pct']}%" if c["coverage_pct"] is not None else "n/a"
        lines.append(
            f"| {c['label']} | {c['count']} | {official} | {pct} | {c['countries']} "
            f"({c['official_countries'] or 'unknown'}) | {c['official_as_of']} |"
        )
    gaps = rep.get("known_gaps", [])
    if gaps:
        lines += [
            "",
            "## Official designations still missing, and why",
            "",
            "| session | missing | why | source |",
            "|---|---:|---|---|",
        ]
        lines += [
            f"| {g['session']} | {g['missing']} | {g['why']} | {g['source_url']} (read {g['date_read']}) |"
            for g in gaps
        ]
    return "\n".join(lines) + "\n"


LOCK = ".build.lock"
_SET_PREFIX = "set-"
_LEGACY_FILES = (
    "designations.parquet",
    "countries.parquet",
    "rejects.csv",
    "build_report.json",
    "build_report.md",
    *(f"basemap-band-{n}.json" for n in range(len(basemap_layers.BANDS))),
)


@contextmanager
def _build_lock(out_dir: Path):
    """Hold the processed folder's build lock; :class:`BuildError` if another build holds it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError("another build is running; try again when it has finished") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _text_writer(text: str) -> Callable[[Path], object]:
    return lambda path: path.write_text(text, encoding="utf-8")


def _publish_set(out_dir: Path, files: dict[str, Callable[[Path], object]]) -> Path:
    """Write the files into a new set folder, flush them to disk, then point ``CURRENT`` at it
    in one rename: a stop at any moment leaves the old complete set or the new one. The
    previous set is kept (a server may be reading it); older ones and flat files go."""
    staging = Path(tempfile.mkdtemp(dir=out_dir, prefix=".staging-"))
    try:
        for name, write in files.items():
            write(staging / name)
            _fsync(staging / name)
        _fsync(staging)
        final = out_dir / f"{_SET_PREFIX}{time.strftime('%Y%m%dT%H%M%S')}-{staging.name[-8:]}"
        staging.chmod(0o755)  # mkdtemp makes it private; servers may run as another user
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = paths.current_set(out_dir)
    pointer = write_temp(out_dir, final.name.encode() + b"\n", ".current-")
    pointer.chmod(0o644)
    os.replace(pointer, out_dir / paths.CURRENT)
    _fsync(out_dir)
    _prune(out_dir, keep={final, previous})
    return final


def _prune(out_dir: Path, keep: set[Path]) -> None:
    """Remove set folders not in ``keep``, leftover staging folders and pre-set flat files."""
    for child in out_dir.iterdir():
        if child in keep:
            continue
        if child.is_dir() and child.name.startswith((_SET_PREFIX, ".staging-")):
            shutil.rmtree(child, ignore_errors=True)
        elif child.name in _LEGACY_FILES or child.name.endswith(".tmp"):
            child.unlink(missing_ok=True)


def build(
    raw_dir: Path | None = None,
    reference_dir: Path | None = None,
    out_dir: Path | None = None,
    progress: Callable[[str], None] | None = print,
) -> dict:
    """Build the processed data and return the build report (one build at a time per folder:
    a second one raises :class:`BuildError` at once instead of doing the work twice)."""
    out_dir = out_dir or paths.processed_dir()
    with _build_lock(out_dir):
        return _build(raw_dir or paths.raw_dir(), reference_dir or paths.reference_dir(), out_dir, progress)


def _build(raw_dir: Path, reference_dir: Path, out_dir: Path, progress: Callable[[str], None] | None) -> dict:
    started = time.perf_counter()
    _log(progress, "Reading sources…")
    results = load_sources(raw_dir, progress)
    _log(progress, "Building the country table…")
    countries = build_countries(raw_dir, reference_dir)
    gdf, links = assemble(results, countries, progress, point_exceptions(reference_dir))
    rejects = pd.concat([r.rejects for r in results], ignore_index=True)[REJECT_COLUMNS]
    rejects = rejects.astype(str).sort_values(REJECT_COLUMNS, kind="stable").reset_index(drop=True)
    rep = report(
        gdf,
        results,
        rejects,
        links,
        coverage(gdf, reference_dir),
        countries,
        moved_points(results, countries),
        known_gaps(raw_dir),
    )
    country_out = countries.copy()
    country_out["designations"] = (
        country_out["iso3"].map(Counter(c for cs in gdf["countries_iso3"] for c in cs)).fillna(0).astype("int64")
    )
    _log(progress, "Preparing the base map layers…")
    base_map = {f"basemap-{name}": text for name, text in basemap_layers.band_texts(raw_dir).items()}
    texts = {
        **base_map,
        "build_report.json": json.dumps(rep, indent=2, ensure_ascii=False, default=str) + "\n",
        "build_report.md": report_markdown(rep),
    }
    writers: dict[str, Callable[[Path], object]] = {
        **{name: _text_writer(text) for name, text in texts.items()},
        "designations.parquet": lambda p: gdf.to_parquet(p, index=False),
        "countries.parquet": lambda p: country_out.to_parquet(p, index=False),
        "rejects.csv": lambda p: rejects.to_csv(p, index=False, lineterminator="\n"),
    }
    published = _publish_set(out_dir, writers)
    _log(progress, f"Built {len(gdf)} designations in {time.perf_counter() - started:.1f} s → {published}")
    return rep
