"""Where the project's data lives (override the root with UNESCO_ATLAS_DATA)."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The data folder: ``$UNESCO_ATLAS_DATA`` or ``<repo>/data``."""
    return Path(os.environ.get("UNESCO_ATLAS_DATA", REPO_ROOT / "data"))


def raw_dir() -> Path:
    return data_dir() / "raw"


def processed_dir() -> Path:
    return data_dir() / "processed"


def reference_dir() -> Path:
    return data_dir() / "reference"
