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


# The build writes each processed set into a folder of its own and then names it in this file
# (one atomic rename), so readers see the old complete set or the new one, never a mix.
CURRENT = "CURRENT"


def current_set(processed: Path | None = None) -> Path:
    """The folder holding the processed set in use: the one ``processed/CURRENT`` names, else
    ``processed/`` itself (data built before sets, or written by hand)."""
    folder = Path(processed) if processed is not None else processed_dir()
    try:
        name = (folder / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return folder
    except (OSError, UnicodeDecodeError):
        return folder / CURRENT  # unreadable pointer: readers report the set as missing
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return folder / CURRENT
    return folder / name


def reference_dir() -> Path:
    return data_dir() / "reference"
