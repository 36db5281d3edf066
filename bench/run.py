"""The benchmark run: ``python -m bench [--scales 1,10,100] [--quick]``.

1. the data build (``geo.build.build`` into a temp dir) and the processed file sizes;
2. per scale, in a fresh process (``bench.inproc``): the map payload and every page's script
   time under AppTest, plus the naive baseline's (``bench/naive_app.py``);
3. per scale, in headless Chromium against real servers (``bench.browser``): shared URL →
   markers visible, filter click → map updated, cold start, memory — ours and the naive app's.

Scales above 1 use synthetic data roots (``tests.fixtures.synth``) in a temp dir, deleted at the end, as
are all servers. Writes ``results.json`` and ``results.md`` (default: next to this file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from bench import report
from bench.common import BENCH, REPO, cores, cpu_model, load_average, run_json, versions
from tests.fixtures import synth

# Repeats per scale (full run). Budgets keep the full run near 15 min on 2 cores; the naive app
# is measured where one run takes under a minute (1×, 10×) and only extrapolated beyond. A shared
# link's open time varies by ±0.3 s from one open to the next here: its median takes 7 opens.
FULL = {
    1: dict(
        repeats=7,
        sessions=5,
        cap=15,
        naive=True,
        naive_repeats=3,
        profile=True,
        timeout=120,
        browser=dict(opens=7, clicks=5, sessions=5, typical=True, new_tab=True),
        naive_browser=dict(opens=1, clicks=3, sessions=3, typical=True, new_tab=False),
    ),
    10: dict(
        repeats=4,
        sessions=3,
        cap=10,
        naive=True,
        naive_repeats=1,
        profile=False,
        timeout=240,
        browser=dict(opens=3, clicks=3, sessions=3, typical=True, new_tab=True),
        naive_browser=dict(opens=1, clicks=1, sessions=0, typical=False, new_tab=False),
    ),
    100: dict(
        repeats=2,
        sessions=1,
        cap=10,
        naive=False,
        naive_repeats=0,
        profile=False,
        timeout=420,
        browser=dict(opens=1, clicks=1, sessions=0, typical=False, new_tab=False),
        naive_browser=None,
    ),
}
QUICK = {
    1: dict(
        repeats=3,
        sessions=2,
        cap=8,
        naive=True,
        naive_repeats=2,
        profile=False,
        timeout=90,
        browser=dict(opens=1, clicks=2, sessions=1, typical=False, new_tab=False),
        naive_browser=dict(opens=1, clicks=1, sessions=0, typical=False, new_tab=False),
    ),
}
# The floor app (bench/floor_app.py): measured once, at 1×, for reference.
FLOOR = dict(opens=7, clicks=3, sessions=0, typical=False, new_tab=True)
FLOOR_QUICK = dict(opens=1, clicks=2, sessions=0, typical=False, new_tab=False)
TYPICAL_URL = "/?kind=whc&region=eur"


def settings_for(scale: int, quick: bool) -> dict:
    table = QUICK if quick else FULL
    nearest = min(table, key=lambda s: (abs(s - scale), s))
    return dict(table[nearest])


def wait_for_idle(max_wait: float, log) -> dict:
    """Wait (up to ``max_wait`` s) until the 1-minute load average is below the core count."""
    start = time.monotonic()
    first = load_average()
    while max_wait > 0 and time.monotonic() - start < max_wait:
        load = load_average()
        if load and load[0] < cores():
            break
        time.sleep(5)
    waited = time.monotonic() - start
    if waited > 1:
        log(f"waited {waited:.0f} s for the machine to settle (load {first} → {load_average()})")
    return {"waited_s": round(waited, 1), "load_before": first, "load_after": load_average()}


def measure_build(work: Path, log) -> dict:
    log("building the data (geo.build.build) …")
    dest = work / "build" / "processed"
    dest.mkdir(parents=True)
    result = run_json("bench.buildtime", ["--dest", str(dest)], timeout=900)
    log(f"  built {result['designations']} designations in {result['build_s']:.1f} s")
    return result


def _root_from(processed: Path, dest: Path) -> Path:
    """A data root around a processed/ folder, with the project's raw/ and reference/."""
    dest.mkdir(parents=True, exist_ok=True)
    for sub in ("raw", "reference"):
        (dest / sub).symlink_to((REPO / "data" / sub).resolve(), target_is_directory=True)
    (dest / "processed").symlink_to(processed.resolve(), target_is_directory=True)
    return dest


def measure_browser(browser_obj, root: Path, cfg: dict, work: Path, log, floor: dict | None = None) -> dict:
    """``{"ours": ..., "naive": ..., "floor": ...}`` browser results (None where not measured)."""
    from bench import browser

    env = {"UNESCO_ATLAS_DATA": str(root)}
    logs = work / "logs"
    results = {}
    for who, script, extra, bc in (
        ("ours", "serve.py", {}, cfg["browser"]),
        ("naive", "bench/naive_app.py", {"BENCH_NAIVE_INLINE_LEAFLET": "1"}, cfg.get("naive_browser")),
        ("floor", "bench/floor_app.py", {}, floor),
    ):
        if not bc:
            results[who] = None
            continue
        urls = {"all": "/"} | ({"typical": TYPICAL_URL} if bc["typical"] else {})
        try:
            results[who] = browser.measure_server(
                browser_obj,
                script=script,
                env_extra={**env, **extra},
                urls=urls,
                opens=bc["opens"],
                clicks=bc["clicks"],
                sessions=bc["sessions"],
                timeout_s=cfg["timeout"],
                log_dir=logs,
                new_tab=bc["new_tab"],
            )
        except Exception as exc:  # e.g. a timeout at a large scale: a finding, not a crash
            results[who] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"}
        log(f"  browser ({who}): {_brief(results[who])}")
    return results


def _brief(result: dict | None) -> str:
    if not result:
        return "n/a"
    if "error" in result:
        return "failed: " + result["error"]
    shared = result.get("shared_url", {}).get("all", {})
    visitor = shared.get("new_visitor_median_ms") or shared.get("warmup_ms") or float("nan")
    click = result.get("filter_click", {}).get("first_ms") or float("nan")
    return f"cold start {result['cold_start_s']:.1f} s, shared URL {visitor / 1000:.2f} s, click {click / 1000:.2f} s"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default=None, help="comma-separated multiples of the real data (default 1,10,100)")
    parser.add_argument("--quick", action="store_true", help="1× only, fewer repeats (about 2 minutes)")
    parser.add_argument("--out-dir", default=str(BENCH), help="where results.md/json go (default bench/)")
    parser.add_argument("--skip-build", action="store_true", help="don't time the build; use data/processed")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        help="override the warm reruns per page (and the naive app's, and new sessions)",
    )
    parser.add_argument("--rows", type=int, default=None, help="use only the first N real rows (tiny test input)")
    parser.add_argument(
        "--profile",
        choices=("auto", "on", "off"),
        default="auto",
        help="pyinstrument profiles of the map page at 1× (auto: when installed, full run)",
    )
    parser.add_argument(
        "--wait-idle",
        type=float,
        default=None,
        help="wait up to N s for the load average to drop below the core count (default: 120 full, 0 quick)",
    )
    args = parser.parse_args(argv)
    import threading

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)  # run the clean-up below on `kill`, too
    scales = [1] if args.quick and not args.scales else [int(s) for s in (args.scales or "1,10,100").split(",")]
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", flush=True)

    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu_model": cpu_model(),
        "cores": cores(),
        "versions": versions(),
        "mode": "quick" if args.quick else "full",
        "scales": scales,
        "argv": argv if argv is not None else sys.argv[1:],
        "git": git_state(),
    }
    meta["idle_wait"] = wait_for_idle(args.wait_idle if args.wait_idle is not None else (0 if args.quick else 120), log)
    results: dict = {"meta": meta, "build": None, "scales": {}}
    work = Path(tempfile.mkdtemp(prefix="unesco-bench-"))
    playwright = browser_obj = None
    try:
        if not args.skip_build:
            results["build"] = measure_build(work, log)
            base_root = _root_from(work / "build" / "processed", work / "x1-built")
        else:
            base_root = REPO / "data"
        if args.rows:
            base_root = synth.make_root(work / "x1-rows", 1, source=base_root, rows=args.rows)
        if not args.no_browser:
            from playwright.sync_api import sync_playwright

            from bench.browser import chromium_version
            from tests.support.browser import launch

            playwright = sync_playwright().start()
            browser_obj = launch(playwright)
            meta["chromium"] = chromium_version(browser_obj)
        for scale in scales:
            cfg = settings_for(scale, args.quick)
            if args.repeats:
                cfg.update(
                    repeats=args.repeats,
                    sessions=min(cfg["sessions"], args.repeats),
                    naive_repeats=min(cfg["naive_repeats"], args.repeats),
                )
            root = base_root if scale == 1 else synth.make_root(work / f"x{scale}", scale, source=base_root)
            entry: dict = {"scale": scale, "settings": cfg, "load_before": load_average()}
            log(f"{scale}×: page scripts and payload (AppTest) …")
            inproc_args = [
                "--repeats",
                str(cfg["repeats"]),
                "--sessions",
                str(cfg["sessions"]),
                "--cap",
                str(cfg["cap"]),
                "--label",
                f"{scale}x",
                "--timeout",
                str(cfg["timeout"] * 3),
            ]
            if cfg["naive"] and not args.no_naive:
                inproc_args += ["--naive", "--naive-repeats", str(cfg["naive_repeats"])]
            want_profile = args.profile == "on" or (args.profile == "auto" and cfg["profile"] and _has_pyinstrument())
            if want_profile and scale == 1:
                inproc_args += ["--profile-dir", str(out_dir / "out")]
            entry["inproc"] = run_json(
                "bench.inproc", inproc_args, env_extra={"UNESCO_ATLAS_DATA": str(root)}, timeout=1800
            )
            entry["rows"] = entry["inproc"]["payload"]["rows"]
            pages = entry["inproc"]["pages"]
            log(
                f"  {entry['rows']:,} rows; map page {pages['map']['all']['median_ms']:.0f} ms warm; "
                f"payload {entry['inproc']['payload']['html_bytes'] / 1e3:,.0f} kB"
            )
            if browser_obj is not None:
                log(f"{scale}×: browser …")
                found = measure_browser(
                    browser_obj,
                    root,
                    {**cfg, "naive_browser": None if args.no_naive else cfg["naive_browser"]},
                    work,
                    log,
                    floor=(FLOOR_QUICK if args.quick else FLOOR) if scale == scales[0] else None,
                )
                entry["browser"], entry["naive_browser"] = found["ours"], found["naive"]
                if found["floor"] is not None:
                    results["floor"] = {"scale": scale, **found["floor"]}
            entry["load_after"] = load_average()
            results["scales"][str(scale)] = entry
    finally:
        if browser_obj is not None:
            browser_obj.close()
        if playwright is not None:
            playwright.stop()
        shutil.rmtree(work, ignore_errors=True)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    meta["duration_s"] = round(time.perf_counter() - started, 1)
    meta["load_end"] = load_average()
    report.finish(results)
    (out_dir / "results.json").write_text(json.dumps(results, indent=1, default=str) + "\n")
    (out_dir / "results.md").write_text(report.markdown(results))
    log(f"wrote {out_dir / 'results.md'} and results.json")
    return results


def _terminate(signum, frame) -> None:
    raise SystemExit(f"stopped by signal {signum}")


def git_state() -> dict:
    """The commit measured, and whether the app's code differed from it (read-only git calls)."""
    import subprocess

    def git(*cmd: str) -> str:
        try:
            return subprocess.run(["git", *cmd], cwd=REPO, capture_output=True, text=True, timeout=20).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    changed = git("status", "--porcelain", "--", "dashboard.py", "serve.py", "app_pages", "geo", ".streamlit")
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "subject": git("log", "-1", "--format=%s"),
        "app_changed_since_commit": [line[3:] for line in changed.splitlines()],
    }


def _has_pyinstrument() -> bool:
    try:
        import pyinstrument  # noqa: F401

        return True
    except ImportError:
        return False
