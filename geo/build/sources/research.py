"""Facts researched from stored public pages, kept beside a source as CSV files of their own:
one fact per row, with the page it comes from (``source_url``) and the day it was read
(``date_read``). Facts carry over, wording does not: a row holds a value, never page text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read(path: Path) -> list[dict]:
    """The rows of a research file as dicts of stripped strings; [] when there is no such file."""
    if not path.exists():
        return []
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return [{k: v.strip() for k, v in rec.items()} for rec in frame.to_dict("records")]


def by_key(records: list[dict], key: str) -> dict[str, list[dict]]:
    """Rows grouped by the record they are about."""
    table: dict[str, list[dict]] = {}
    for record in records:
        table.setdefault(record[key], []).append(record)
    return table


def cited(fact: dict) -> str:
    """'<url>, read <date>': where a fact comes from, for notes and methods."""
    return f"{fact['source_url']}, read {fact['date_read']}"


def check_all_used(name: str, about: set[str], known: set[str]) -> None:
    """Every research row must name a record of the source: a typo in an id fails the build."""
    stray = sorted(about - known)
    if stray:
        raise ValueError(f"{name} names records the source does not have: {', '.join(stray[:5])}")
