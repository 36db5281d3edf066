"""The tests' server (tests/support/server.py), measured: when it started and became healthy, its
memory and its CPU time (the process whose memory is measured)."""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.common import BENCH, proc_cpu_seconds, proc_status
from tests.support import server as support


@dataclass
class Server:
    base: str
    pid: int
    started: float  # perf_counter just before the process was started
    healthy: float  # perf_counter when /_stcore/health first answered 200
    log: Path

    def memory(self) -> dict[str, int]:
        """``{"VmRSS": bytes, "VmHWM": bytes}`` (current and peak resident memory)."""
        return proc_status(self.pid)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far (a figure other load can't inflate)."""
        return proc_cpu_seconds(self.pid)


@contextmanager
def serve(
    script: str = "serve.py", env_extra: dict[str, str] | None = None, timeout: float = 300, log_dir: Path | None = None
):
    """:func:`tests.support.server.serve` (logs in bench/out by default), timed."""
    started = time.perf_counter()
    with support.serve(script, env_extra, timeout, log_dir or BENCH / "out") as running:
        yield Server(running.base, running.pid, started, time.perf_counter(), running.log)
