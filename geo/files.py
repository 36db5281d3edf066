"""Files written whole or not at all: the data goes to a temp file beside its target, and one
rename (``os.replace``, same folder) then puts it in place."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path


def write_temp(folder: Path, data: bytes, prefix: str) -> Path:
    """Write ``data`` to a new hidden temp file in ``folder`` (flushed to disk) and return its
    path; if the write fails, no file is left behind."""
    fd, name = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


# --- content-named static files (static/generated/) -------------------------------------------
# Each server process publishes the files its maps link to, named by their content. Files of
# other code or data versions pile up; a file is pruned only when no process has used it for
# KEEP_DAYS: publishing touches a file that is already there, and a running process touches
# what it published again every few hours (keep_fresh), so a long-running replica never loses
# the files its pages link to.
KEEP_DAYS = 7
_published: set[Path] = set()


def publish_once(path: Path, make_text) -> Path:
    """Write ``make_text()`` to ``path`` unless it exists (whole or not at all: processes may
    race); either way the file counts as used by this process from now on."""
    if path.exists():
        os.utime(path)
    else:
        temp = write_temp(path.parent, make_text().encode("utf-8"), prefix=f".{path.name}-")
        temp.chmod(0o644)  # a static file, readable like the rest of static/ (temp files start private)
        os.replace(temp, path)
    _published.add(path)
    return path


def keep_fresh() -> None:
    """Touch every file this process published (they must outlive the prune window)."""
    for path in list(_published):
        try:
            os.utime(path)
        except OSError:
            _published.discard(path)  # removed by hand: the next publish writes it again


def prune(folder: Path, keep_days: float = KEEP_DAYS, now: float | None = None) -> list[Path]:
    """Remove the files (and leftover temp files) in ``folder`` that this process does not use
    and no process has touched for ``keep_days``; returns what was removed."""
    cutoff = (now if now is not None else time.time()) - keep_days * 86400
    removed = []
    for path in folder.iterdir() if folder.is_dir() else ():
        try:
            if path.is_file() and path not in _published and path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
        except OSError:  # another process removed or replaced it meanwhile
            continue
    return removed
