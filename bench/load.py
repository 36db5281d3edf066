"""Many viewers on one server: concurrent Streamlit sessions that keep changing the filters.

    .venv/bin/python -m bench.load                      # 20 viewers, 75 s, own server on loopback
    .venv/bin/python -m bench.load --viewers 40 --duration 60 --think 0.5
    .venv/bin/python -m bench.load --url http://127.0.0.1:8501 --pid 1234   # an already running server
    .venv/bin/python -m bench.load --cluster 2            # deploy/atlas-cluster: 2 replicas behind nginx
    .venv/bin/python -m bench.load --cluster 2 --burst 200 --duration 40    # 200 sessions opened at once
    .venv/bin/python -m bench.load --cluster 2 --kill-at 20                 # a replica killed after 20 s

Each viewer is a Streamlit websocket client (``tests.support.session.Session``) speaking the
browser's protocol (the ``streamlit`` subprotocol, BackMsg/ForwardMsg protobufs): it opens the map
page, then loops — wait a think time, change one sidebar filter (a toggle, the year slider or the
search box) the way the browser does (all widget values in a ``rerun_script`` message), and time
how long until the server reports ``script_finished``. Cached messages are acknowledged like a
browser does, and the address the app writes (``page_info_changed``) is sent back on the next
rerun, so the app sees a real session.
Every viewer stops after ``--duration`` seconds or ``--changes`` changes, whichever comes first.

With ``--cluster N`` the viewers go through nginx to N replicas (``deploy/atlas-cluster``, in a
runtime folder of its own on free loopback ports). A socket refused with 503 by the proxy's
admission control is retried after its Retry-After, as Streamlit's page does; a socket that drops
(``--kill-at`` SIGKILLs the first replica) is reopened, and the new session is sent the address
the old one had written: the view is kept when it shows the same "Shown" count. ``--burst K``
opens K sessions at the same moment, each as a browser with an empty cache: the page, the
scripts, styles and font it names, then the map page's first run, and keeps its socket open.
Meanwhile a separate process asks ``/_stcore/health`` every 0.25 s, through the proxy and on
each replica, and keeps the latencies.

Recorded: errors (exception or error boxes, failed runs, time-outs, dropped sockets), p50/p95/max
response time, runs per second, 503s, reconnections, health latencies, server RSS and CPU over
time (``/proc/<pid>/status`` and ``stat``, summed over the replicas), and whether memory levels
off. Results go to stdout and, as JSON, to ``bench/out/load-*.json``. Importing this module starts
nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.support.server import free_port, serve
from tests.support.session import Session

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
CLUSTER = REPO / "deploy" / "cluster.py"
HEALTH_EVERY_S = 0.25


# --------------------------------------------------------------------------- results


@dataclass
class Viewer:
    """What one simulated viewer saw."""

    index: int
    first_load_s: float | None = None  # its socket open -> the map page's first run finished
    ready_s: float | None = None  # it arrived -> that run finished (503 waits included)
    times_s: list[float] = field(default_factory=list)  # filter change -> script finished
    errors: list[str] = field(default_factory=list)
    rejected: int = 0  # 503s from the proxy's admission control
    admitted: bool = False  # its first page load finished
    reconnections: int = 0  # sockets reopened after a drop
    views_checked: int = 0  # ... after a view had been shown
    views_kept: int = 0  # ... whose new session showed that view again


@dataclass
class Report:
    viewers: int
    duration_s: float
    think_s: float
    changes: int
    errors: int
    error_samples: list[str]
    first_load_p50_s: float | None
    p50_s: float | None
    p95_s: float | None
    max_s: float | None
    runs_per_s: float
    rss_mb_start: float | None
    rss_mb_peak: float | None
    rss_mb_end: float | None
    rss_growth_last_half_mb: float | None
    memory_stable: bool | None
    server_cpu_pct: float | None
    rss_samples: list[tuple[float, float]]
    first_load_p95_s: float | None = None
    first_load_max_s: float | None = None
    ready_p50_s: float | None = None
    ready_max_s: float | None = None
    sessions_admitted: int = 0
    rejected_503: int = 0
    sessions_rejected_at_least_once: int = 0
    reconnections: int = 0
    views_checked: int = 0
    views_kept: int = 0
    health: dict = field(default_factory=dict)  # target -> {"probes", "failed", "p50_s", "max_s"}
    replicas: int | None = None
    killed_at_s: float | None = None


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


# --------------------------------------------------------------------------- the server's memory and CPU


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    except (OSError, IndexError, ValueError):
        return None


# --------------------------------------------------------------------------- one viewer


ASSET = re.compile(r'(?:src|href)="\./(static/[^"]+)"')
BROWSER_CONNECTIONS = 6  # a browser's parallel connections to one host


async def http_get(base: str, path: str, cookie: str = "", gzip: bool = True) -> tuple[int, dict[str, str], bytes]:
    """One ``GET`` as a browser sends it (gzip accepted, the cookie), on a connection of its own:
    (status, headers in lower case, raw body: ask for the page without gzip to read it)."""
    host, port = base.split("//", 1)[1].split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(
            (
                f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                + ("Accept-Encoding: gzip\r\n" if gzip else "")
                + (f"Cookie: {cookie}\r\n" if cookie else "")
                + "Connection: close\r\n\r\n"
            ).encode()
        )
        data = await reader.read()
    finally:
        writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


async def open_page(base: str, out: Viewer, give_up_at: float) -> str:
    """What a browser with an empty cache does before its websocket: the page (a 503 busy page is
    retried after its Retry-After, as its refresh does), then the scripts, styles and font the page
    names, the health check and the host config, six at a time. Returns the cookie it was given."""
    while True:
        status, headers, body = await http_get(base, "/", gzip=False)
        if status != 503 or time.monotonic() >= give_up_at:
            break
        out.rejected += 1
        await asyncio.sleep(min(5.0, float(headers.get("retry-after", "1"))))
    if status != 200:
        raise RuntimeError(f"the page answered {status}")
    cookie = headers.get("set-cookie", "").split(";")[0]
    limit = asyncio.Semaphore(BROWSER_CONNECTIONS)

    async def fetch(path: str) -> None:
        async with limit:
            code, _headers, _body = await http_get(base, path, cookie)
        if code != 200:
            raise RuntimeError(f"{path} answered {code}")

    paths = ["/_stcore/health", "/_stcore/host-config", *(f"/{p}" for p in dict.fromkeys(ASSET.findall(body.decode())))]
    await asyncio.gather(*(fetch(p) for p in paths))
    return cookie


async def _connect(base: str, out: Viewer, give_up_at: float, cookie: str = ""):
    """The session's websocket; a 503 from the proxy is retried after its Retry-After (capped at
    5 s) and a refused connection after 1 s, until ``give_up_at``, as Streamlit's page does."""
    import websockets

    ws_url = base.replace("http://", "ws://", 1) + "/_stcore/stream"
    while True:
        try:
            return await websockets.connect(
                ws_url,
                subprotocols=["streamlit"],
                origin=base,
                max_size=None,
                open_timeout=30,
                ping_interval=None,
                compression=None,
                additional_headers={"Cookie": cookie} if cookie else None,
            )
        except websockets.InvalidStatus as exc:
            if exc.response.status_code != 503 or time.monotonic() >= give_up_at:
                raise
            out.rejected += 1
            retry = exc.response.headers.get("Retry-After", "1")
            await asyncio.sleep(min(5.0, float(retry)) if retry.isdigit() else 1.0)
        except OSError:
            if time.monotonic() >= give_up_at:
                raise
            await asyncio.sleep(1.0)


async def viewer(
    index: int,
    base: str,
    stop_at: float,
    think: float,
    max_changes: int,
    timeout: float,
    seed: int,
    stagger: float = 2.0,
    hold: bool = False,
    cold: bool = False,
) -> Viewer:
    """One viewer: open the map page (``cold``: first the page's files, as a new browser), then
    change filters until ``stop_at`` or ``max_changes``; with ``hold`` keep the socket open until
    ``stop_at``. A socket that drops is reopened, as the page does (no timing for that run)."""
    from websockets.exceptions import ConnectionClosed

    out, rng = Viewer(index), random.Random(seed * 1000 + index)
    await asyncio.sleep(rng.uniform(0, stagger))  # people do not all arrive in the same millisecond
    arrived = time.perf_counter()
    session = None
    cookie = ""

    async def run(view: tuple[str, str]) -> bool:
        """One run; on a dropped socket reopen it (a new session, sent ``view``'s address) and
        run again. Returns whether the socket was reopened."""
        try:
            out.errors.extend(await session.run(timeout))
            return False
        except ConnectionClosed:  # its replica went away
            out.reconnections += 1
            await session.ws.close()
            session.reopen(await _connect(base, out, stop_at + timeout, cookie), view[0])
            out.errors.extend(await session.run(timeout))
            if view[1]:
                out.views_checked += 1
                out.views_kept += (session.query_string, session.shown) == view
            return True

    try:
        cookie = await open_page(base, out, stop_at) if cold else ""
        session = Session(await _connect(base, out, stop_at, cookie), base)
        started = time.perf_counter()
        if not await run(("", "")):
            out.first_load_s = time.perf_counter() - started
        out.ready_s = time.perf_counter() - arrived
        out.admitted = True
        while len(out.times_s) < max_changes and time.monotonic() < stop_at:
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
            if time.monotonic() >= stop_at:
                break
            view = (session.query_string, session.shown)  # what the address holds now
            session.change_a_filter(rng)
            started = time.perf_counter()
            if not await run(view):
                out.times_s.append(time.perf_counter() - started)
        if hold:
            await asyncio.sleep(max(0.0, stop_at - time.monotonic()))
    except Exception as exc:  # a dropped socket or a time-out is a result, not a crash of the bench
        out.errors.append(f"{type(exc).__name__}: {exc}"[:200])
    finally:
        if session is not None:
            await session.ws.close()
    return out


# --------------------------------------------------------------------------- health, seen from outside


def probe_health(targets: dict[str, str], seconds: float, results) -> None:
    """In a process of its own (the viewers' event loop does not delay it): ``GET /_stcore/health``
    on each target every :data:`HEALTH_EVERY_S`, one thread per target; puts
    ``{target: [(seconds or None for a failure), ...]}`` on ``results``."""
    import threading

    seen: dict[str, list[float | None]] = {name: [] for name in targets}

    def probe(name: str, base: str) -> None:
        stop = time.monotonic() + seconds
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=30) as reply:
                    ok = reply.status == 200
            except OSError:
                ok = False
            took = time.perf_counter() - started
            seen[name].append(took if ok else None)
            time.sleep(max(0.0, HEALTH_EVERY_S - took))

    threads = [threading.Thread(target=probe, args=item) for item in targets.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results.put(seen)


def health_summary(seen: dict[str, list[float | None]]) -> dict:
    out = {}
    for name, values in seen.items():
        ok = [v for v in values if v is not None]
        out[name] = {
            "probes": len(values),
            "failed": len(values) - len(ok),
            "p50_s": _r(percentile(ok, 0.5)),
            "max_s": _r(max(ok, default=None)),
        }
    return out


# --------------------------------------------------------------------------- the cluster


def start_cluster(replicas: int, runtime: Path, admission: list[str]) -> dict:
    """deploy/atlas-cluster start on free loopback ports (``admission``: its --rate/--queue
    options); returns its state (ports, pids)."""
    port = free_port()
    subprocess.run(
        [sys.executable, str(CLUSTER), "--runtime", str(runtime), "start", str(replicas), str(port), *admission],
        check=True,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )
    return json.loads((runtime / "state.json").read_text())


def stop_cluster(runtime: Path) -> None:
    subprocess.run(
        [sys.executable, str(CLUSTER), "--runtime", str(runtime), "stop"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        check=False,
    )


# --------------------------------------------------------------------------- the run


async def _sample(
    pids: list[int],
    samples: list[tuple[float, float]],
    cpu: dict[int, list[float]],
    t0: float,
    done: asyncio.Event,
    every: float,
) -> None:
    """RSS summed over the live server processes, and each one's CPU seconds (first and last seen)."""
    while True:
        rss = [v for pid in pids if (v := rss_mb(pid)) is not None]
        if rss:
            samples.append((round(time.monotonic() - t0, 1), round(sum(rss), 1)))
        for pid in pids:
            if (seconds := cpu_seconds(pid)) is not None:
                cpu.setdefault(pid, [seconds]).append(seconds)
        if done.is_set():
            return
        try:
            await asyncio.wait_for(done.wait(), every)
        except TimeoutError:
            pass


async def _kill_later(pid: int, at: float) -> None:
    await asyncio.sleep(max(0.0, at - time.monotonic()))
    os.kill(pid, signal.SIGKILL)


async def run_load(
    base: str,
    pids: list[int],
    viewers: int,
    duration: float,
    think: float,
    max_changes: int,
    timeout: float = 120,
    seed: int = 1,
    burst: bool = False,
    health_targets: dict[str, str] | None = None,
    kill_at: float | None = None,
) -> Report:
    """``viewers`` viewers for ``duration`` s (a ``burst``: all at once, one page load each, sockets
    held); the health of ``health_targets`` probed meanwhile; ``pids[0]`` killed after ``kill_at`` s."""
    t0 = time.monotonic()
    samples: list[tuple[float, float]] = []
    cpu: dict[int, list[float]] = {}
    done = asyncio.Event()
    sampler = asyncio.create_task(_sample(pids, samples, cpu, t0, done, every=1.0))
    prober, seen = None, None
    if health_targets:
        seen = multiprocessing.get_context("spawn").Queue()
        prober = multiprocessing.get_context("spawn").Process(
            target=probe_health, args=(health_targets, duration, seen)
        )
        prober.start()
    killer = asyncio.create_task(_kill_later(pids[0], t0 + kill_at)) if kill_at is not None else None
    results = await asyncio.gather(
        *(
            viewer(
                i,
                base,
                t0 + duration,
                think,
                0 if burst else max_changes,
                timeout,
                seed,
                stagger=0.0 if burst else 2.0,
                hold=burst,
                cold=burst,
            )
            for i in range(viewers)
        )
    )
    elapsed = time.monotonic() - t0
    done.set()
    await sampler
    if killer is not None:
        await killer
    health = {}
    if prober is not None:
        health = health_summary(await asyncio.to_thread(seen.get))
        prober.join()

    times = [t for r in results for t in r.times_s]
    errors = [e for r in results for e in r.errors]
    first_loads = [r.first_load_s for r in results if r.first_load_s]
    ready = [r.ready_s for r in results if r.ready_s]
    rss = [v for _t, v in samples]
    half = [v for t, v in samples if t >= elapsed / 2]
    growth = (max(half) - half[0]) if len(half) > 1 and kill_at is None else None
    cpu_pct = 100 * sum(v[-1] - v[0] for v in cpu.values()) / elapsed if cpu else None
    return Report(
        viewers=viewers,
        duration_s=round(elapsed, 1),
        think_s=think,
        changes=len(times),
        errors=len(errors),
        error_samples=sorted(set(errors))[:10],
        first_load_p50_s=_r(percentile(first_loads, 0.5)),
        p50_s=_r(percentile(times, 0.5)),
        p95_s=_r(percentile(times, 0.95)),
        max_s=_r(max(times, default=None)),
        runs_per_s=round(len(times) / elapsed, 2),
        rss_mb_start=rss[0] if rss else None,
        rss_mb_peak=max(rss, default=None),
        rss_mb_end=rss[-1] if rss else None,
        rss_growth_last_half_mb=_r(growth, 1),
        memory_stable=None if growth is None else growth < max(30.0, 0.05 * max(rss)),
        server_cpu_pct=_r(cpu_pct, 0),
        rss_samples=samples,
        first_load_p95_s=_r(percentile(first_loads, 0.95)),
        first_load_max_s=_r(max(first_loads, default=None)),
        ready_p50_s=_r(percentile(ready, 0.5)),
        ready_max_s=_r(max(ready, default=None)),
        sessions_admitted=sum(r.admitted for r in results),
        rejected_503=sum(r.rejected for r in results),
        sessions_rejected_at_least_once=sum(r.rejected > 0 for r in results),
        reconnections=sum(r.reconnections for r in results),
        views_checked=sum(r.views_checked for r in results),
        views_kept=sum(r.views_kept for r in results),
        health=health,
        replicas=len(pids),
        killed_at_s=kill_at,
    )


def _r(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def summary(rep: Report) -> str:
    lines = [
        f"viewers {rep.viewers} on {rep.replicas} server process(es), {rep.duration_s} s, think time ~{rep.think_s} s",
        f"filter changes {rep.changes} ({rep.runs_per_s}/s), errors {rep.errors}"
        + (f": {rep.error_samples}" if rep.error_samples else ""),
        f"response (change -> script finished): p50 {rep.p50_s} s, p95 {rep.p95_s} s, max {rep.max_s} s;"
        f" first page load p50 {rep.first_load_p50_s} s, p95 {rep.first_load_p95_s} s, max {rep.first_load_max_s} s",
        f"sessions admitted {rep.sessions_admitted}/{rep.viewers}; 503s {rep.rejected_503}"
        f" ({rep.sessions_rejected_at_least_once} sessions got one); arrival -> page shown p50 {rep.ready_p50_s} s,"
        f" max {rep.ready_max_s} s; reconnections {rep.reconnections},"
        f" views kept {rep.views_kept}/{rep.views_checked}"
        + (f" (replica killed at {rep.killed_at_s} s)" if rep.killed_at_s else ""),
        f"server RSS {rep.rss_mb_start} -> peak {rep.rss_mb_peak} -> end {rep.rss_mb_end} MB;"
        f" growth over the last half {rep.rss_growth_last_half_mb} MB (stable: {rep.memory_stable});"
        f" server CPU {rep.server_cpu_pct}% of one core",
    ]
    lines += [
        f"health {name}: {h['probes']} probes, {h['failed']} failed, p50 {h['p50_s']} s, worst {h['max_s']} s"
        for name, h in rep.health.items()
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=20)
    parser.add_argument("--duration", type=float, default=75, help="seconds of load (default 75)")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a viewer's changes (s)")
    parser.add_argument("--changes", type=int, default=500, help="at most this many changes per viewer")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for one run")
    parser.add_argument("--url", help="an already running server (default: start one on loopback)")
    parser.add_argument("--pid", type=int, help="its process id, for memory and CPU figures")
    parser.add_argument("--cluster", type=int, metavar="N", help="start N replicas behind nginx (deploy/atlas-cluster)")
    parser.add_argument("--burst", type=int, metavar="K", help="open K sessions at once instead of --viewers")
    parser.add_argument("--rate", help="with --cluster: its page loads admitted per second per replica (0: off)")
    parser.add_argument("--queue", help="with --cluster: seconds of that rate that may wait in nginx")
    parser.add_argument("--kill-at", type=float, metavar="S", help="with --cluster: SIGKILL one replica after S s")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", help="write the JSON here (default bench/out/load-<time>-….json)")
    args = parser.parse_args(argv)
    if args.kill_at is not None and not args.cluster:
        parser.error("--kill-at needs --cluster")
    if min(args.viewers, args.burst or 1) < 1 or args.viewers > 500 or (args.burst or 0) > 500 or args.duration > 600:
        parser.error("at most 500 viewers for at most 600 s")

    OUT.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    runtime, targets, servers = None, {}, ExitStack()
    try:
        if args.url:
            base, pids = args.url.rstrip("/"), [args.pid] if args.pid else []
        elif args.cluster:
            runtime = Path(tempfile.mkdtemp(prefix="atlas-load-"))
            admission = [
                *(["--rate", args.rate] if args.rate else []),
                *(["--queue", args.queue] if args.queue else []),
            ]
            state = start_cluster(args.cluster, runtime, admission)
            base, pids = f"http://127.0.0.1:{state['port']}", [r["pid"] for r in state["replicas"]]
            targets = {f"replica {r['port']}": f"http://127.0.0.1:{r['port']}" for r in state["replicas"]}
        else:
            running = servers.enter_context(serve(log_dir=OUT, timeout=90))
            base, pids = running.base, [running.pid]
        targets = {"entry": base, **targets}
        rep = asyncio.run(
            run_load(
                base,
                pids,
                args.burst or args.viewers,
                args.duration,
                args.think,
                args.changes,
                args.timeout,
                args.seed,
                burst=bool(args.burst),
                health_targets=targets,
                kill_at=args.kill_at,
            )
        )
    finally:
        servers.close()
        if runtime is not None:
            stop_cluster(runtime)
            shutil.copytree(runtime / "logs", OUT / f"cluster-{stamp}", dirs_exist_ok=True)
            shutil.rmtree(runtime, ignore_errors=True)
    print(summary(rep))
    name = (
        f"load-{stamp}-"
        + (f"burst{args.burst}" if args.burst else f"{args.viewers}v")
        + (f"-{args.cluster}r" if args.cluster else "")
        + ("-kill" if args.kill_at is not None else "")
    )
    path = Path(args.out) if args.out else OUT / f"{name}.json"
    path.write_text(json.dumps(asdict(rep), indent=1), encoding="utf-8")
    print(f"details: {path}")
    return 0 if rep.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
