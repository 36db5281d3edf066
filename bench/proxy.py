"""Load through nginx: 1 vs 2 replicas, a burst of sessions, a replica killed (``python -m bench.proxy``).

Each case is one run of ``bench.load`` in a process of its own, on loopback only, bounded in
viewers and seconds; the cases alternate between targets so a change in the machine's load hits
all of them. The floor is one dashboard process reached directly (no proxy), measured in the same
run: rates and times are also given as ratios to it. Writes ``bench/results-proxy.json`` and the
"Through nginx" section at the end of ``bench/results.md`` (``bench.report`` keeps it there).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import BENCH, PYTHON, REPO, cores, cpu_model, load_average

RESULTS = BENCH / "results-proxy.json"
SECTION = "## Through nginx"
TARGETS = {"direct": [], "proxy, 1 replica": ["--cluster", "1"], "proxy, 2 replicas": ["--cluster", "2"]}
NO_ADMISSION = "proxy, 2 replicas, no admission control"
BURSTS = [("direct", []), (NO_ADMISSION, ["--cluster", "2", "--rate", "0"]), ("proxy, 2 replicas", ["--cluster", "2"])]
KILL = ["--cluster", "2", "--viewers", "20", "--think", "2", "--duration", "50", "--kill-at", "20"]
P95_TARGET_S = 1.0


def run_case(name: str, args: list[str]) -> dict:
    """``python -m bench.load *args`` with the load average around it; its report."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "load.json"
        before = load_average()
        print(f"{name}: bench.load {' '.join(args)}", flush=True)
        subprocess.run(
            [PYTHON, "-m", "bench.load", *args, "--out", str(out)],
            cwd=REPO,
            check=False,
            stdout=subprocess.DEVNULL,
            timeout=900,
        )
        report = json.loads(out.read_text())
    report.pop("rss_samples", None)
    return {"case": name, "args": args, "load_before": before, "load_after": load_average(), "report": report}


def run(viewers: list[int], duration: float, bursts: list[int]) -> dict:
    """The sweep (each viewer count on each target in turn), the bursts (the largest one only
    through the proxy), then the kill."""
    sweep = [
        run_case(target, [*extra, "--viewers", str(v), "--duration", str(duration)])
        for v in viewers
        for target, extra in TARGETS.items()
    ]
    bursts = [
        run_case(target, [*extra, "--burst", str(size), "--duration", "60"])
        for size in bursts
        for target, extra in BURSTS
        if target != "direct" or size == min(bursts)
    ]
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": _commit(),
        "machine": f"{cpu_model()}, {cores()} cores",
        "sweep": sweep,
        "bursts": bursts,
        "kill": run_case("proxy, 2 replicas, one killed", KILL),
    }


def _commit() -> str:
    done = subprocess.run(["git", "log", "-1", "--format=%h"], cwd=REPO, capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


# --------------------------------------------------------------------------- the section


def _x(value: float | None, floor: float | None) -> str:
    return f"×{value / floor:.2f}" if value is not None and floor else "–"


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def _load(case: dict) -> str:
    return f"{case['load_before'][0]:.1f}" if case["load_before"] else "?"


def markdown(results: dict) -> str:
    """The "Through nginx" section of results.md."""
    lines = [
        SECTION,
        "",
        f"`python -m bench.proxy` on {results['date']}, commit {results['commit']}, {results['machine']}. "
        "Simulated viewers (`bench.load`: the browser's websocket protocol) on loopback; *direct* is one "
        "dashboard process without the proxy (the floor), *proxy* is `deploy/atlas-cluster` (nginx in front "
        "of N replicas). Ratios are against *direct* at the same number of viewers. The load average "
        "(1 min, before each run) shows what else the machine was doing.",
        "",
        "### 1 vs 2 replicas: viewers changing a filter about every second",
        "",
        "| viewers | target | load avg | changes/s | ratio | p50 | p95 | p95 ratio | errors |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    floors = {c["report"]["viewers"]: c["report"] for c in results["sweep"] if c["case"] == "direct"}
    best: dict[str, float] = {}
    for case in results["sweep"]:
        rep, floor = case["report"], floors.get(case["report"]["viewers"], {})
        lines.append(
            f"| {rep['viewers']} | {case['case']} | {_load(case)} | {rep['runs_per_s']:.1f} | "
            f"{_x(rep['runs_per_s'], floor.get('runs_per_s'))} | {_s(rep['p50_s'])} | {_s(rep['p95_s'])} | "
            f"{_x(rep['p95_s'], floor.get('p95_s'))} | {rep['errors']} |"
        )
        if rep["p95_s"] is not None and rep["p95_s"] <= P95_TARGET_S and rep["errors"] == 0:
            best[case["case"]] = max(best.get(case["case"], 0.0), rep["runs_per_s"])
    within = [
        f"{name} {best[name]:.1f} changes/s" + (f" ({_x(best[name], best.get('direct'))})" if name != "direct" else "")
        for name in TARGETS
        if name in best
    ]
    never = [name for name in TARGETS if name not in best]
    lines += [
        "",
        f"Highest rate with p95 ≤ {P95_TARGET_S:g} s and no errors: "
        + ("; ".join(within) or "none")
        + (f" (never within it: {', '.join(never)})" if never else "")
        + ".",
    ]

    lines += [
        "",
        "### A burst of sessions opened at once",
        "",
        "Each session is a browser with an empty cache: the page, the scripts, styles and font it names, the "
        "health check and host config (six at a time), then the websocket and the map page's first run; the "
        "socket stays open. A 503 is retried after its Retry-After. Meanwhile a separate process asks "
        "`/_stcore/health` every 0.25 s through the entry point and on each replica.",
        "",
        "| sessions | target | load avg | shown | got a 503 | 503s | arrival → shown p50 | max | max ratio | "
        "health worst, entry | worst, replicas |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    burst_floors = {c["report"]["viewers"]: c["report"] for c in results["bursts"] if c["case"] == "direct"}
    for case in results["bursts"]:
        rep = case["report"]
        floor = burst_floors.get(rep["viewers"], {})
        health = rep.get("health", {})
        replicas = [h["max_s"] for name, h in health.items() if name != "entry" and h["max_s"] is not None]
        entry = health.get("entry", {})
        failed = sum(h["failed"] for h in health.values())
        lines.append(
            f"| {rep['viewers']} | {case['case']} | {_load(case)} | {rep['sessions_admitted']} | "
            f"{rep['sessions_rejected_at_least_once']} | {rep['rejected_503']} | {_s(rep['ready_p50_s'])} | "
            f"{_s(rep['ready_max_s'])} | {_x(rep['ready_max_s'], floor.get('ready_max_s'))} | "
            f"{_s(entry.get('max_s'))}{f' ({failed} failed)' if failed else ''} | "
            f"{_s(max(replicas)) if replicas else '–'} |"
        )

    kill = results["kill"]["report"]
    lines += [
        "",
        "### A replica killed mid-run",
        "",
        f"{kill['viewers']} viewers (a change every ~{kill['think_s']:g} s) on 2 replicas for "
        f"{kill['duration_s']:g} s; the first replica SIGKILLed after {kill['killed_at_s']:g} s "
        f"(load avg {_load(results['kill'])}). Sockets that dropped and were reopened through nginx (to the other "
        f"replica): {kill['reconnections']}; each new session was sent the address the old one had written, and "
        f"{kill['views_kept']} of {kill['views_checked']} showed the same view. Errors: {kill['errors']}"
        + (f" ({'; '.join(kill['error_samples'])})" if kill["error_samples"] else "")
        + f". Changes {kill['changes']} ({kill['runs_per_s']:.1f}/s), p95 {_s(kill['p95_s'])}.",
    ]
    return "\n".join(lines) + "\n"


def write_section(results: dict, path: Path = BENCH / "results.md") -> None:
    """Put the section at the end of results.md, replacing an older one."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    head = text.split("\n" + SECTION, 1)[0].rstrip("\n")
    path.write_text((head + "\n\n" if head else "") + markdown(results), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.proxy", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--viewers", default="12,16,20,24,32", help="viewer counts of the sweep (default 12,16,20,24,32)"
    )
    parser.add_argument("--duration", type=float, default=45, help="seconds per sweep run (default 45)")
    parser.add_argument(
        "--bursts", default="200,400", help="sessions opened at once (default 200,400; direct: the first)"
    )
    parser.add_argument("--render", action="store_true", help="only rewrite the section from results-proxy.json")
    args = parser.parse_args(argv)
    if args.render:
        results = json.loads(RESULTS.read_text())
    else:
        results = run(
            [int(v) for v in args.viewers.split(",")], args.duration, [int(b) for b in args.bursts.split(",")]
        )
        RESULTS.write_text(json.dumps(results, indent=1), encoding="utf-8")
    write_section(results)
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
