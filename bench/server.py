"""A real Streamlit server on a free loopback port, for the browser measurements.

``serve()`` starts ``python -m streamlit run <script>`` (the process whose memory is measured),
waits for ``/_stcore/health`` and always stops the process on exit (terminate, then kill).
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.common import PYTHON, REPO, die_with_parent, proc_cpu_seconds, proc_status


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    port = free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env_extra or {})}
    log_dir = Path(log_dir or REPO / "bench" / "out")
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"server-{Path(script).stem}-{port}.log"
    with open(log, "w") as log_file:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=REPO,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = started + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"Streamlit exited with {proc.returncode}; see {log}")
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"Streamlit did not start in {timeout:.0f} s; see {log}")
                time.sleep(0.05)
            yield Server(base, proc.pid, started, time.perf_counter(), log)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)
