"""static/generated/: files no server has used for a week are pruned, the ones in use never."""

from __future__ import annotations

import os
import time

from geo import files


def test_publish_once_writes_then_touches(tmp_path):
    path = tmp_path / "sites-abc-0.json"
    files.publish_once(path, lambda: "[1]")
    os.utime(path, (1, 1))
    files.publish_once(path, lambda: "never called")
    assert path.read_text() == "[1]" and path.stat().st_mtime > time.time() - 60


def test_prune_removes_only_old_files_no_process_uses(tmp_path):
    used, old, recent = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"
    files.publish_once(used, lambda: "1")
    for path in (old, recent):
        path.write_text("x")
    week_ago = time.time() - (files.KEEP_DAYS + 1) * 86400
    for path in (used, old):
        os.utime(path, (week_ago, week_ago))
    assert files.prune(tmp_path) == [old]
    assert used.exists() and recent.exists() and not old.exists()


def test_keep_fresh_touches_what_this_process_published(tmp_path):
    path = tmp_path / "outlines-x.json"
    files.publish_once(path, lambda: "{}")
    os.utime(path, (1, 1))
    files.keep_fresh()
    assert path.stat().st_mtime > time.time() - 60
    path.unlink()
    files.keep_fresh()  # a file removed by hand is forgotten, not an error
    assert path not in files._published
