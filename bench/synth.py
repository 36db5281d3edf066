"""Synthetic data roots at k× the real number of designations (for the scale measurements).

Copy 0 is the real table; copies 1..k-1 jitter every point (normal, σ = 0.5°), get new
``site_id``/``place_id`` values (``<id>-s<copy>``) and names with a `` #<copy>`` suffix (in every
language that has a name). The root holds ``raw/`` and ``reference/`` as symlinks to the real
ones and a freshly written ``processed/`` — point ``UNESCO_ATLAS_DATA`` at it. Never under data/.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import paths
from geo.query import NAME_COLUMNS

JITTER_DEG = 0.5


def jitter(real: gpd.GeoDataFrame, scale: int, seed: int = 4) -> gpd.GeoDataFrame:
    """``scale`` copies of ``real`` (copy 0 unchanged), as one GeoDataFrame."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    rng = np.random.default_rng(seed)
    frames = [real.drop(columns="geometry")]
    base = real.drop(columns="geometry")
    for copy in range(1, scale):
        part = base.copy()
        suffix = f"-s{copy}"
        part["site_id"] = part["site_id"] + suffix
        part["place_id"] = part["place_id"].where(part["place_id"].isna(), part["place_id"] + suffix)
        for column in NAME_COLUMNS:
            if column in part:
                part[column] = part[column].where(part[column].isna(), part[column] + f" #{copy}")
        lat = part["lat"].to_numpy(float) + rng.normal(0, JITTER_DEG, len(part))
        lon = part["lon"].to_numpy(float) + rng.normal(0, JITTER_DEG, len(part))
        part["lat"] = np.clip(lat, -85, 85).round(5)
        part["lon"] = (((lon + 180) % 360) - 180).round(5)
        frames.append(part)
    out = pd.concat(frames, ignore_index=True)
    geometry = gpd.points_from_xy(out["lon"], out["lat"], crs=real.crs)
    return gpd.GeoDataFrame(out, geometry=geometry, crs=real.crs)[list(real.columns)]


def make_root(dest: Path, scale: int, source: Path | None = None, rows: int | None = None) -> Path:
    """Write a data root at ``dest`` with ``scale``× the designations of ``source`` (a data root,
    default the project's); ``rows`` keeps only that many real rows, evenly spaced (a tiny test input)."""
    source = Path(source or paths.data_dir())
    dest = Path(dest)
    if dest.resolve().is_relative_to(paths.REPO_ROOT / "data"):
        raise ValueError("synthetic data must stay out of data/")
    (dest / "processed").mkdir(parents=True, exist_ok=True)
    for sub in ("raw", "reference"):
        link = dest / sub
        if not link.exists():
            link.symlink_to((source / sub).resolve(), target_is_directory=True)
    src = paths.current_set(source / "processed")
    real = gpd.read_parquet(src / "designations.parquet")
    if rows is not None:  # evenly spaced rows, so every kind is represented
        real = real.iloc[np.linspace(0, len(real) - 1, min(rows, len(real))).astype(int)].copy()
    designations = jitter(real, scale)
    designations.to_parquet(dest / "processed" / "designations.parquet", index=False)

    countries = gpd.read_parquet(src / "countries.parquet")
    counts = pd.Series([c for cs in designations["countries_iso3"] for c in cs]).value_counts()
    countries["designations"] = countries["iso3"].map(counts).fillna(0).astype("int64")
    countries.to_parquet(dest / "processed" / "countries.parquet", index=False)

    report = json.loads((src / "build_report.json").read_text(encoding="utf-8"))
    report["total_designations"] = len(designations)
    report["synthetic"] = {"scale": scale, "jitter_deg": JITTER_DEG, "real_rows": len(real)}
    (dest / "processed" / "build_report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    for name in ("build_report.md", "rejects.csv"):
        if (src / name).exists():
            shutil.copyfile(src / name, dest / "processed" / name)
    return dest
