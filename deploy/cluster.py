"""Start, stop and check N dashboard replicas behind nginx, as the current user (deploy/atlas-cluster).

    deploy/atlas-cluster start 2 8080   # 2 replicas on free loopback ports, nginx on 127.0.0.1:8080
    deploy/atlas-cluster status         # each replica's /_stcore/health, nginx, the proxy
    deploy/atlas-cluster stop

Everything the cluster writes (the rendered nginx.conf, pids, logs, nginx's temp folders, the
shared cookie secret, state.json) goes to the runtime folder: ``$ATLAS_RUNTIME`` or
``deploy/run/`` (not in git). The replicas share one data folder (``$UNESCO_ATLAS_DATA``, else
the repository's ``data/``) and the static/generated/ folder nginx serves; the Rebuild button
stays off (``UNESCO_ATLAS_REBUILD`` is removed from their environment).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import importlib.util
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
REPO = DEPLOY.parent
TEMPLATE = DEPLOY / "nginx.conf.template"
HEALTH = "/_stcore/health"

# Admission control per replica (nginx multiplies by the number of replicas): page loads let
# through per second (new sessions: twice that, for the reconnections), and for how many seconds
# of that rate more may wait in nginx before the busy page; and open connections per replica.
PAGE_RATE = 10
QUEUE_S = 10
NO_LIMIT = 10_000  # --rate 0: admission control off (to measure without it)
MAX_CONNS = 1000
MAX_FAILS, FAIL_TIMEOUT_S = 3, 10  # passive health check: 3 failures in 10 s take a replica out for 10 s


def runtime_dir(given: str | None = None) -> Path:
    return Path(given or os.environ.get("ATLAS_RUNTIME") or DEPLOY / "run").resolve()


def nginx_binary() -> str:
    found = os.environ.get("ATLAS_NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).exists():
        raise SystemExit("nginx not found: install Debian's nginx (apt-get install nginx) or set ATLAS_NGINX")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- the nginx config


COMPRESSIBLE = {".js", ".css", ".json", ".svg", ".html", ".ttf", ".txt"}


def streamlit_static(runtime: Path) -> Path:
    """A mirror of the installed Streamlit's web files for nginx: links to each file beside a
    gzipped copy (``gzip_static``), made once per Streamlit version, so nginx spends no CPU
    compressing the same scripts for every new visitor while the replicas need the cores."""
    source = Path(importlib.util.find_spec("streamlit").origin).parent / "static"
    mirror = runtime / f"streamlit-{importlib.metadata.version('streamlit')}"
    if (mirror / "complete").exists():
        return mirror
    shutil.rmtree(mirror, ignore_errors=True)
    for path in source.rglob("*"):
        if not path.is_file():
            continue
        target = mirror / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(path)
        if path.suffix in COMPRESSIBLE and path.stat().st_size >= 1024:
            target.with_name(target.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), 6, mtime=0))
    (mirror / "complete").touch()
    return mirror


def upstream_servers(ports: list[int]) -> str:
    return "\n        ".join(
        f"server 127.0.0.1:{p} max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT_S}s max_conns={MAX_CONNS};"
        for p in ports
    )


def render(values: dict[str, str]) -> str:
    """The template with its ``${ATLAS_*}`` names filled in; a name without a value is an error."""
    text = TEMPLATE.read_text(encoding="utf-8")

    def fill(match: re.Match) -> str:
        if match.group(1) not in values:
            raise KeyError(f"no value for ${{{match.group(1)}}}")
        return values[match.group(1)]

    return re.sub(r"\$\{(ATLAS_[A-Z_]+)\}", fill, text)


def nginx_config(runtime: Path, listen: str, ports: list[int], rate: int = PAGE_RATE, queue_s: float = QUEUE_S) -> str:
    pages = rate * len(ports) if rate > 0 else NO_LIMIT
    burst = round(pages * queue_s) if rate > 0 else NO_LIMIT
    text = render(
        {
            "ATLAS_RUNTIME": str(runtime),
            "ATLAS_LOGS": str(runtime / "logs"),
            "ATLAS_LISTEN": listen,
            "ATLAS_DEPLOY": str(DEPLOY),
            "ATLAS_STATIC": str(REPO / "static"),
            "ATLAS_STREAMLIT_STATIC": str(streamlit_static(runtime)),
            "ATLAS_UPSTREAM_SERVERS": upstream_servers(ports),
            "ATLAS_SESSION_RATE": str(2 * pages),
            "ATLAS_SESSION_BURST": str(2 * burst),
            "ATLAS_PAGE_RATE": str(pages),
            "ATLAS_PAGE_BURST": str(burst),
        }
    )
    if os.geteuid() == 0:  # nginx run by root would hand its workers to "nobody": keep the current user
        text = "user root root;\n" + text
    return text


# --------------------------------------------------------------------------- processes


def _alive(pid: int, marker: str) -> bool:
    """Whether ``pid`` runs and its command line contains ``marker`` (not a recycled pid)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    return marker in cmdline


def _stop(pid: int, marker: str, sig: int = signal.SIGTERM, wait_s: float = 15) -> None:
    if not _alive(pid, marker):
        return
    os.kill(pid, sig)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if not _alive(pid, marker):
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


def health(base: str, timeout: float = 5) -> tuple[int | None, float]:
    """(HTTP status or None, seconds) of ``GET base/_stcore/health``."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + HEALTH, timeout=timeout) as reply:
            return reply.status, time.perf_counter() - started
    except urllib.error.HTTPError as exc:
        return exc.code, time.perf_counter() - started
    except OSError:
        return None, time.perf_counter() - started


def wait_healthy(base: str, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{base} exited ({proc.returncode}) while starting; see {log}")
        if health(base, timeout=2)[0] == 200:
            return
        time.sleep(0.2)
    raise SystemExit(f"{base} not healthy after {timeout:.0f} s; see {log}")


def replica_env(runtime: Path) -> dict[str, str]:
    secret_file = runtime / "cookie-secret"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_hex(32))
        secret_file.chmod(0o600)
    env = {
        **os.environ,
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        # one secret for all: a browser that moves to another replica keeps a valid XSRF cookie
        "STREAMLIT_SERVER_COOKIE_SECRET": secret_file.read_text().strip(),
        "UNESCO_ATLAS_DATA": os.environ.get("UNESCO_ATLAS_DATA", str(REPO / "data")),
    }
    env.pop("UNESCO_ATLAS_REBUILD", None)  # production: no Rebuild button
    return env


def start_replica(port: int, runtime: Path, env: dict[str, str]) -> subprocess.Popen:
    log = runtime / "logs" / f"replica-{port}.log"
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "serve.py",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
            ],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # outlives this script; `stop` ends it by its pid
    return proc


def nginx_command(runtime: Path, *extra: str) -> list[str]:
    return [
        nginx_binary(),
        "-p",
        str(runtime),
        "-c",
        str(runtime / "nginx.conf"),
        "-e",
        str(runtime / "logs" / "error.log"),
        *extra,
    ]


# --------------------------------------------------------------------------- commands


def read_state(runtime: Path) -> dict | None:
    try:
        return json.loads((runtime / "state.json").read_text())
    except (OSError, ValueError):
        return None


def replica_marker(port: int) -> str:
    return f"--server.port {port}"


def start(
    n: int, port: int, runtime: Path, address: str, timeout: float, rate: int = PAGE_RATE, queue_s: float = QUEUE_S
) -> int:
    if n < 1:
        raise SystemExit("start needs at least one replica")
    state = read_state(runtime)
    if state and (
        any(_alive(r["pid"], replica_marker(r["port"])) for r in state["replicas"])
        or _alive(state.get("nginx_pid", 0), str(runtime))
    ):
        raise SystemExit(f"already running (runtime folder {runtime}); run `stop` first")
    (runtime / "logs").mkdir(parents=True, exist_ok=True)
    env = replica_env(runtime)
    ports = []
    while len(ports) < n:
        if (p := free_port()) not in ports and p != port:
            ports.append(p)
    state = {"address": address, "port": port, "replicas": [], "nginx_pid": 0}
    try:
        procs = {p: start_replica(p, runtime, env) for p in ports}
        state["replicas"] = [{"port": p, "pid": proc.pid} for p, proc in procs.items()]
        (runtime / "state.json").write_text(json.dumps(state, indent=1))
        for p, proc in procs.items():
            wait_healthy(f"http://127.0.0.1:{p}", proc, runtime / "logs" / f"replica-{p}.log", timeout)
        (runtime / "nginx.conf").write_text(nginx_config(runtime, f"{address}:{port}", ports, rate, queue_s))
        subprocess.run(nginx_command(runtime, "-t", "-q"), check=True)
        subprocess.run(nginx_command(runtime), check=True)
        state["nginx_pid"] = int((runtime / "nginx.pid").read_text())
        (runtime / "state.json").write_text(json.dumps(state, indent=1))
        proxy = f"http://{address}:{port}"
        if health(proxy)[0] != 200:
            raise SystemExit(f"the proxy at {proxy} does not answer; see {runtime / 'logs'}")
    except BaseException:
        stop(runtime)
        raise
    print(f"atlas: {n} replica(s) on ports {', '.join(map(str, ports))} behind {proxy} (runtime {runtime})")
    return 0


def stop(runtime: Path) -> int:
    state = read_state(runtime)
    if not state:
        print(f"not running (no state in {runtime})")
        return 0
    if state.get("nginx_pid"):
        _stop(state["nginx_pid"], str(runtime))  # TERM: fast shutdown, open websockets are closed
    for r in state["replicas"]:
        _stop(r["pid"], replica_marker(r["port"]))
    (runtime / "state.json").unlink()
    print("stopped")
    return 0


def status(runtime: Path) -> int:
    state = read_state(runtime)
    if not state:
        print(f"not running (no state in {runtime})")
        return 3
    ok = True
    for r in state["replicas"]:
        alive = _alive(r["pid"], replica_marker(r["port"]))
        code, took = health(f"http://127.0.0.1:{r['port']}") if alive else (None, 0.0)
        ok &= code == 200
        print(
            f"replica 127.0.0.1:{r['port']} pid {r['pid']}: "
            + (f"health {code or 'no answer'} in {took:.2f} s" if alive else "not running")
        )
    alive = _alive(state.get("nginx_pid", 0), str(runtime))
    proxy = f"http://{state['address']}:{state['port']}"
    code, took = health(proxy) if alive else (None, 0.0)
    ok &= code == 200
    print(
        f"nginx pid {state.get('nginx_pid')} at {proxy}: "
        + (f"health {code or 'no answer'} in {took:.2f} s" if alive else "not running")
    )
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="atlas-cluster", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runtime", help="runtime folder (default $ATLAS_RUNTIME or deploy/run)")
    sub = parser.add_subparsers(dest="command", required=True)
    begin = sub.add_parser("start", help="start N replicas and nginx in front of them")
    begin.add_argument("replicas", type=int)
    begin.add_argument("port", type=int, nargs="?", default=8080, help="nginx's port (default 8080)")
    begin.add_argument("--address", default="127.0.0.1", help="nginx's address (default 127.0.0.1)")
    begin.add_argument("--timeout", type=float, default=120, help="seconds to wait for each replica")
    begin.add_argument(
        "--rate",
        type=int,
        default=PAGE_RATE,
        help=f"page loads admitted per second per replica (default {PAGE_RATE}; 0: no limit)",
    )
    begin.add_argument(
        "--queue", type=float, default=QUEUE_S, help=f"seconds of that rate that may wait in nginx (default {QUEUE_S})"
    )
    sub.add_parser("stop", help="stop nginx and the replicas")
    sub.add_parser("status", help="health of each replica and of the proxy")
    args = parser.parse_args(argv)
    runtime = runtime_dir(args.runtime)
    if args.command == "start":
        return start(args.replicas, args.port, runtime, args.address, args.timeout, args.rate, args.queue)
    return stop(runtime) if args.command == "stop" else status(runtime)


if __name__ == "__main__":
    sys.exit(main())
