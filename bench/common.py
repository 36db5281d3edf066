"""Small helpers shared by the benchmark modules (no Streamlit, no browser here)."""

from __future__ import annotations

import gzip
import json
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from tests.support.server import PYTHON, REPO, die_with_parent

BENCH = Path(__file__).resolve().parent
GZIP_LEVEL = 6  # what a typical web server uses


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def wait_until_idle(
    cpu_seconds: Callable[[], float], window_s: float = 0.5, busy: float = 0.1, timeout_s: float = 60.0
) -> float:
    """Wait until a process uses less than ``busy`` of a core over ``window_s`` (its one-off
    background work, such as publishing the popups' details, is done): warm figures are taken on
    a warm process. Returns the seconds waited (``timeout_s`` at most)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout_s:
        before = cpu_seconds()
        time.sleep(window_s)
        if cpu_seconds() - before < busy * window_s:
            break
    return time.perf_counter() - started


def gz(data: bytes | str) -> int:
    if isinstance(data, str):
        data = data.encode()
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS / VmHWM (peak RSS) of a process in bytes, from /proc/<pid>/status (Linux)."""
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return out


def proc_cpu_seconds(pid: int) -> float:
    """utime + stime of a process, from /proc/<pid>/stat (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def run_json(module: str, args: list[str], env_extra: dict[str, str] | None = None, timeout: float = 900) -> dict:
    """Run ``python -m <module> <args> --out <tmp.json>`` in a subprocess; return its JSON."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        out = Path(tmp) / "out.json"
        env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env_extra or {})}
        proc = subprocess.run(
            [PYTHON, "-m", module, *args, "--out", str(out)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=die_with_parent,
        )
        if proc.returncode != 0 or not out.exists():
            tail = "\n".join((proc.stderr or "").splitlines()[-25:])
            raise RuntimeError(f"python -m {module} failed (exit {proc.returncode}):\n{tail}")
        return json.loads(out.read_text())


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in ("streamlit", "folium", "pandas", "geopandas", "playwright"):
        try:
            from importlib.metadata import version

            found[name] = version(name)
        except Exception:  # not installed
            found[name] = "n/a"
    return found
