"""Files written whole or not at all: the data goes to a temp file beside its target, and one
rename (``os.replace``, same folder) then puts it in place."""
from __future__ import annotations

import os
import tempfile
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
