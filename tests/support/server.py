"""A real Streamlit server on a free loopback port, for the browser tests (and the benchmark).

``serve()`` starts ``python -m streamlit run <script>`` from the repository, waits for
``/_stcore/health`` and always stops the process on exit (terminate, then kill).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
LOGS = REPO / "tests" / "artifacts"


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def die_with_parent() -> None:
    """``preexec_fn`` for children: Linux sends them SIGTERM when this process dies, so a killed
    test or benchmark run leaves no server behind."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@dataclass
class Server:
    base: str  # http://127.0.0.1:<port>
    pid: int
    log: Path  # the server's stdout and stderr


@contextmanager
def serve(
    script: str = "serve.py", env_extra: dict[str, str] | None = None, timeout: float = 300, log_dir: Path | None = None
):
    """Run ``streamlit run <script>`` on a free loopback port until the block ends; yield its
    :class:`Server` once it answers its health check."""
    port = free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env_extra or {})}
    log_dir = Path(log_dir or LOGS)
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"server-{Path(script).stem}-{port}.log"
    with open(log, "w") as log_file:
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
            _wait_healthy(proc, base, timeout, log)
            yield Server(base, proc.pid, log)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


def _wait_healthy(proc: subprocess.Popen, base: str, timeout: float, log: Path) -> None:
    """Return once ``base/_stcore/health`` answers 200; raise if the process exits or ``timeout``
    seconds pass first."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"Streamlit exited with {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"Streamlit did not start in {timeout:.0f} s; see {log}")
        time.sleep(0.05)
