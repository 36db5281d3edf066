"""Helpers for the deploy tests: the nginx cluster of deploy/ on loopback, started with
deploy/atlas-cluster as a user would, in a runtime folder of its own, on free ports."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.server import free_port

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "deploy" / "atlas-cluster"
ARTIFACTS = REPO / "tests" / "artifacts"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

NO_NGINX = "nginx is not installed (apt-get install nginx; .ci/run installs it)"
LOG_LINE = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d+) \d+ route=(?P<route>\S+) upstream=(?P<upstream>.*) rt=')


@dataclass
class Cluster:
    base: str
    runtime: Path
    state: dict

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return atlas_cluster("--runtime", str(self.runtime), *args, check=check)

    def replica(self, port: int) -> dict:
        return next(r for r in self.state["replicas"] if r["port"] == port)

    def log(self) -> list[dict]:
        """The access log: request, status, route (the browser's cookie) and upstream per line."""
        text = (self.runtime / "logs" / "access.log").read_text()
        return [m.groupdict() for m in map(LOG_LINE.search, text.splitlines()) if m]

    def log_until(self, wanted, timeout: float = 15) -> list[dict]:
        """The access log once some line satisfies ``wanted`` (a websocket is logged when it closes)."""
        deadline = time.monotonic() + timeout
        while not any(map(wanted, lines := self.log())) and time.monotonic() < deadline:
            time.sleep(0.2)
        return lines

    def get(self, path: str, headers: dict[str, str] | None = None, timeout: float = 10):
        """(status, headers, body) of a GET through the proxy; error statuses are answers too."""
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:
                return reply.status, reply.headers, reply.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read()


def health(base: str, timeout: float = 5) -> tuple[int | None, float]:
    """(status or None, seconds) of ``GET base/_stcore/health``."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + "/_stcore/health", timeout=timeout) as reply:
            return reply.status, time.perf_counter() - started
    except urllib.error.HTTPError as exc:
        return exc.code, time.perf_counter() - started
    except OSError:
        return None, time.perf_counter() - started


def atlas_cluster(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "ATLAS_PYTHON": sys.executable, "ATLAS_NGINX": NGINX}
    return subprocess.run(
        [str(SCRIPT), *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=180, check=check
    )


def start_cluster(tmp: Path, replicas: int, *options: str) -> Cluster:
    runtime = tmp / "runtime"
    port = free_port()
    done = atlas_cluster("--runtime", str(runtime), "start", str(replicas), str(port), *options, check=False)
    if done.returncode != 0:
        pytest.fail(f"atlas-cluster start failed:\n{done.stdout}\n{done.stderr}")
    return Cluster(f"http://127.0.0.1:{port}", runtime, json.loads((runtime / "state.json").read_text()))


def stop_cluster(cluster: Cluster) -> None:
    cluster.cli("stop", check=False)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copytree(
        cluster.runtime / "logs", ARTIFACTS / f"cluster-{cluster.base.rsplit(':', 1)[1]}", dirs_exist_ok=True
    )
