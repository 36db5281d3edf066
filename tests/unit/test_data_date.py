"""geo.store.built_on: the day a processed set was built (shown under a presentation's title)."""

import os
from datetime import date, datetime

from geo.store import built_on


def test_the_date_comes_from_the_sets_folder_name(tmp_path):
    folder = tmp_path / "set-20261203T183016-zxqb1aey"
    folder.mkdir()
    assert built_on(folder) == date(2026, 12, 3)


def test_else_from_the_day_the_report_was_written(tmp_path):
    report = tmp_path / "build_report.json"
    report.write_text("{}")
    written = datetime(2025, 6, 30, 12).timestamp()
    os.utime(report, (written, written))
    assert built_on(tmp_path) == date(2025, 6, 30)
    assert built_on(tmp_path / "set-20261399T000000-x") is None  # no such day, no report
