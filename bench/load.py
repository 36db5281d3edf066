"""Many viewers on one server: concurrent Streamlit sessions that keep changing the filters.

    .venv/bin/python -m bench.load                      # 20 viewers, 75 s, own server on loopback
    .venv/bin/python -m bench.load --viewers 40 --duration 60 --think 0.5
    .venv/bin/python -m bench.load --url http://127.0.0.1:8501 --pid 1234   # an already running server

Each viewer is a Streamlit websocket client speaking the browser's protocol (the ``streamlit``
subprotocol, BackMsg/ForwardMsg protobufs): it opens the map page, then loops — wait a think time,
change one sidebar filter (a toggle, the year slider or the search box) the way the browser does
(all widget values in a ``rerun_script`` message), and time how long until the server reports
``script_finished``. Cached messages are acknowledged like a browser does, and the address the
app writes (``page_info_changed``) is sent back on the next rerun, so the app sees a real session.
Every viewer stops after ``--duration`` seconds or ``--changes`` changes, whichever comes first.

Recorded: errors (exception or error boxes, failed runs, time-outs, dropped sockets), p50/p95/max
response time, runs per second, server RSS and CPU over time (``/proc/<pid>/status`` and ``stat``),
and whether memory levels off. Results go to stdout and, as JSON, to ``bench/out/load-*.json``.
Importing this module starts nothing.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
SEARCHES = ["", "park", "national", "reserve", "old town", "cave", "lake", "mount", "island", "river"]
YEAR_SPAN = (1970, 2026)


# --------------------------------------------------------------------------- results


@dataclass
class Viewer:
    """What one simulated viewer saw."""

    index: int
    first_load_s: float | None = None
    times_s: list[float] = field(default_factory=list)     # filter change -> script finished
    errors: list[str] = field(default_factory=list)


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


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


# --------------------------------------------------------------------------- server process


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, log: Path) -> subprocess.Popen:
    """`streamlit run dashboard.py` on 127.0.0.1:port, waited for until healthy."""
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    handle = open(log, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=REPO, env=env, stdout=handle, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"the server did not start; see {log}")


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
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")   # utime + stime
    except (OSError, IndexError, ValueError):
        return None


# --------------------------------------------------------------------------- one viewer


class Session:
    """A Streamlit session over the websocket, as the browser runs it."""

    def __init__(self, ws, origin: str):
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        self._BackMsg, self._ForwardMsg = BackMsg, ForwardMsg
        self.ws, self.origin = ws, origin
        self.query_string = ""
        self.page_hash = ""
        self.widgets: dict[str, tuple[str, str]] = {}    # user key -> (element type, widget id)
        self.values: dict[str, object] = {}              # widget id -> value we set
        self.cached: set[str] = set()
        self.shown = ""                                  # the map page's "Shown" count, as last drawn

    async def run(self, timeout: float) -> list[str]:
        """Ask for a rerun with the current widget values; wait for its end; return problems seen."""
        msg = self._BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_hash
        state.cached_message_hashes.extend(sorted(self.cached))
        state.context_info.timezone = "UTC"
        state.context_info.url = f"{self.origin}/?{self.query_string}" if self.query_string else f"{self.origin}/"
        for widget_id, value in self.values.items():
            w = state.widget_states.widgets.add()
            w.id = widget_id
            if isinstance(value, bool):
                w.bool_value = value
            elif isinstance(value, str):
                w.string_value = value
            else:
                w.double_array_value.data.extend(float(v) for v in value)
        await self.ws.send(msg.SerializeToString())
        return await self._until_finished(timeout)

    async def _until_finished(self, timeout: float) -> list[str]:
        problems: list[str] = []
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return problems + [f"no script_finished within {timeout:.0f} s"]
            raw = await asyncio.wait_for(self.ws.recv(), left)
            fwd = self._ForwardMsg()
            fwd.ParseFromString(raw)
            if fwd.metadata.cacheable and fwd.hash:
                self.cached.add(fwd.hash)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = fwd.new_session.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                problems += self._element(fwd.delta.new_element)
            elif kind == "script_finished":
                status = self._ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue
                if status != "FINISHED_SUCCESSFULLY":
                    problems.append(status)
                return problems

    def _element(self, element) -> list[str]:
        kind = element.WhichOneof("type")
        if kind == "exception":
            return [f"exception: {element.exception.type}: {element.exception.message[:120]}"]
        if kind == "alert" and element.alert.format == element.alert.ERROR:
            return [f"error box: {element.alert.body[:120]}"]
        if kind == "metric" and element.metric.label == "Shown":
            self.shown = element.metric.body
        widget = getattr(element, kind)
        widget_id = getattr(widget, "id", "")
        if widget_id and "-" in widget_id:
            self.widgets[widget_id.rsplit("-", 1)[-1]] = (kind, widget_id)
        return []

    def change_a_filter(self, rng: random.Random) -> str:
        """Change one filter the way a user would; returns a label for the change."""
        choices = [k for k in ("f_danger", "f_tb", "f_bri", "f_years", "f_search") if k in self.widgets]
        key = rng.choice(choices)
        _kind, widget_id = self.widgets[key]
        if key == "f_search":
            self.values[widget_id] = rng.choice(SEARCHES)
        elif key == "f_years":
            low = rng.randrange(YEAR_SPAN[0], YEAR_SPAN[1] - 5)
            self.values[widget_id] = [low, rng.randrange(low + 1, YEAR_SPAN[1] + 1)]
        else:
            self.values[widget_id] = not self.values.get(widget_id, False)
        return key


async def viewer(index: int, base: str, stop_at: float, think: float, max_changes: int, timeout: float,
                 seed: int) -> Viewer:
    import websockets
    out, rng = Viewer(index), random.Random(seed * 1000 + index)
    ws_url = base.replace("http://", "ws://", 1) + "/_stcore/stream"
    await asyncio.sleep(rng.uniform(0, 2))   # people do not all arrive in the same millisecond
    try:
        async with websockets.connect(ws_url, subprotocols=["streamlit"], origin=base, max_size=None,
                                      open_timeout=30, ping_interval=None, compression=None) as ws:
            session = Session(ws, base)
            started = time.perf_counter()
            problems = await session.run(timeout)
            out.first_load_s = time.perf_counter() - started
            out.errors += problems
            while len(out.times_s) < max_changes and time.monotonic() < stop_at:
                await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
                if time.monotonic() >= stop_at:
                    break
                session.change_a_filter(rng)
                started = time.perf_counter()
                problems = await session.run(timeout)
                out.times_s.append(time.perf_counter() - started)
                out.errors += problems
    except Exception as exc:   # a dropped socket or a time-out is a result, not a crash of the bench
        out.errors.append(f"{type(exc).__name__}: {exc}"[:200])
    return out


# --------------------------------------------------------------------------- the run


async def _sample(pid: int | None, samples: list[tuple[float, float]], cpu: list[float | None],
                  t0: float, done: asyncio.Event, every: float) -> None:
    cpu.append(cpu_seconds(pid) if pid else None)
    while not done.is_set():
        if pid and (value := rss_mb(pid)) is not None:
            samples.append((round(time.monotonic() - t0, 1), round(value, 1)))
        try:
            await asyncio.wait_for(done.wait(), every)
        except asyncio.TimeoutError:
            pass
    cpu.append(cpu_seconds(pid) if pid else None)


async def run_load(base: str, pid: int | None, viewers: int, duration: float, think: float,
                   max_changes: int, timeout: float = 120, seed: int = 1) -> Report:
    t0 = time.monotonic()
    samples: list[tuple[float, float]] = []
    cpu: list[float | None] = []
    done = asyncio.Event()
    sampler = asyncio.create_task(_sample(pid, samples, cpu, t0, done, every=1.0))
    results = await asyncio.gather(*(viewer(i, base, t0 + duration, think, max_changes, timeout, seed)
                                     for i in range(viewers)))
    elapsed = time.monotonic() - t0
    done.set()
    await sampler

    times = [t for r in results for t in r.times_s]
    errors = [e for r in results for e in r.errors]
    rss = [v for _t, v in samples]
    half = [v for t, v in samples if t >= elapsed / 2]
    growth = (max(half) - half[0]) if len(half) > 1 else None
    cpu_pct = (100 * (cpu[1] - cpu[0]) / elapsed) if len(cpu) == 2 and None not in cpu else None
    return Report(
        viewers=viewers, duration_s=round(elapsed, 1), think_s=think, changes=len(times), errors=len(errors),
        error_samples=sorted(set(errors))[:10],
        first_load_p50_s=_r(percentile([r.first_load_s for r in results if r.first_load_s], 0.5)),
        p50_s=_r(percentile(times, 0.5)), p95_s=_r(percentile(times, 0.95)), max_s=_r(max(times, default=None)),
        runs_per_s=round(len(times) / elapsed, 2),
        rss_mb_start=rss[0] if rss else None, rss_mb_peak=max(rss, default=None), rss_mb_end=rss[-1] if rss else None,
        rss_growth_last_half_mb=_r(growth, 1),
        memory_stable=None if growth is None else growth < max(30.0, 0.05 * max(rss)),
        server_cpu_pct=_r(cpu_pct, 0), rss_samples=samples,
    )


def _r(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def summary(rep: Report) -> str:
    return "\n".join([
        f"viewers {rep.viewers}, {rep.duration_s} s, think time ~{rep.think_s} s",
        f"filter changes {rep.changes} ({rep.runs_per_s}/s), errors {rep.errors}"
        + (f": {rep.error_samples}" if rep.error_samples else ""),
        f"response (change -> script finished): p50 {rep.p50_s} s, p95 {rep.p95_s} s, max {rep.max_s} s;"
        f" first page load p50 {rep.first_load_p50_s} s",
        f"server RSS {rep.rss_mb_start} -> peak {rep.rss_mb_peak} -> end {rep.rss_mb_end} MB;"
        f" growth over the last half {rep.rss_growth_last_half_mb} MB (stable: {rep.memory_stable});"
        f" server CPU {rep.server_cpu_pct}% of one core",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=20)
    parser.add_argument("--duration", type=float, default=75, help="seconds of load (default 75)")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a viewer's changes (s)")
    parser.add_argument("--changes", type=int, default=500, help="at most this many changes per viewer")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for one run")
    parser.add_argument("--url", help="an already running server (default: start one on loopback)")
    parser.add_argument("--pid", type=int, help="its process id, for memory and CPU figures")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    OUT.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    proc = None
    if args.url:
        base, pid = args.url.rstrip("/"), args.pid
    else:
        port = free_port()
        proc = start_server(port, OUT / f"server-{stamp}.log")
        base, pid = f"http://127.0.0.1:{port}", proc.pid
    try:
        rep = asyncio.run(run_load(base, pid, args.viewers, args.duration, args.think, args.changes,
                                   args.timeout, args.seed))
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    print(summary(rep))
    path = OUT / f"load-{stamp}-{args.viewers}v.json"
    path.write_text(json.dumps(asdict(rep), indent=1), encoding="utf-8")
    print(f"details: {path}")
    return 0 if rep.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
