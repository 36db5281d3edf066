"""In-process measurements for one data root: map payload and page script times (AppTest).

Run in its own process (``python -m bench.inproc --out r.json``) with ``UNESCO_ATLAS_DATA``
pointing at the data root, so Streamlit's process-wide caches start empty and one scale can't
warm another. Nothing here starts a server or a browser.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
import time
from pathlib import Path

from bench.common import BENCH, REPO, gz, median

# Page -> (file to switch to, or None for the home page; extra query parameters).
PAGES: dict[str, tuple[str | None, dict[str, str]]] = {
    "map": (None, {}),
    "charts": ("pages/charts.py", {}),
    "country": ("pages/country.py", {"sel": "CHN"}),
    "table": ("pages/table.py", {}),
    "about": ("pages/about.py", {}),
}
# The filter cases. The country page drops the region (Europe would leave China empty).
FILTERS: dict[str, dict[str, str]] = {"all": {}, "typical": {"kind": "whc", "region": "eur"}}
COUNTRY_TYPICAL = {"kind": "whc"}
SLOW_RUN_S = 10.0  # a first run slower than this counts (an import warm-up is < 1% of it)


def filter_params(page: str, case: str) -> dict[str, str]:
    return dict(COUNTRY_TYPICAL if page == "country" and case == "typical" else FILTERS[case])


def filter_query(page: str, case: str) -> str:
    params = {**filter_params(page, case), **PAGES[page][1]}
    return "&".join(f"{k}={v}" for k, v in params.items())


# ------------------------------------------------------------------ payload


def _script_blocks(html: str) -> dict[str, str]:
    """Bytes of the inline JSON data blocks (``<script type="application/json">``): ``points``
    (starts ``{"kinds"``), ``countries`` (``{"f"``), ``other``."""
    out = {"points": "", "countries": "", "other": ""}
    for match in re.finditer(r'<script type="application/json" id="[^"]+">(.*?)</script>', html, re.S):
        text = match.group(1)
        kind = "points" if text.startswith('{"kinds"') else "countries" if text.startswith('{"f"') else "other"
        out[kind] += text
    return out


def _raw_points(df) -> bytes:
    rows = [[round(float(a), 4), round(float(b), 4), k, n]
            for a, b, k, n in zip(df["lat"], df["lon"], df["designation"], df["name"])]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()


def map_html(filters=None) -> tuple[str, float, int]:
    """The points map HTML exactly as ``pages/common.points_map_html`` builds it (no caches),
    the seconds the builder took, and the number of rows."""
    from geo import maps, query, style, tables
    atlas = _atlas()
    shown = query.apply(_prepared(), filters or query.Filters(), _bri())
    shown = shown.assign(name=lambda d: tables.localized_names(d, "en"))
    started = time.perf_counter()
    html = maps.points_map(shown, atlas.countries, colors=style.KIND_COLORS, shapes=style.KIND_SYMBOLS,
                           bounds=None, legend_title="UNESCO designations")
    return html, time.perf_counter() - started, len(shown)


_CACHE: dict = {}


def _atlas():
    if "atlas" not in _CACHE:
        from geo.store import load_atlas
        _CACHE["atlas"] = load_atlas()
    return _CACHE["atlas"]


def _prepared():
    if "prepared" not in _CACHE:
        from geo import query
        _CACHE["prepared"] = query.prepare(_atlas().designations)
    return _CACHE["prepared"]


def _bri():
    countries = _atlas().countries
    return frozenset(countries.loc[countries["bri_member"], "iso3"])


def measure_payload() -> dict:
    from geo import maps, query
    atlas = _atlas()
    vendored = maps.vendored_bytes()
    html, cold_s, rows = map_html()
    html2, warm_s, _ = map_html()
    body = html.encode()
    blocks = _script_blocks(html)
    typical = query.Filters(kinds=("world_heritage",), regions=("Europe and North America",))
    thtml, typical_s, trows = map_html(typical)
    raw = _raw_points(atlas.designations)
    return {
        "rows": rows,
        "html_bytes": len(body),
        "html_gzip_bytes": gz(body),
        "vendored_bytes": vendored["vendor"],
        "own_code_bytes": vendored["atlas"],
        "html_without_vendored_bytes": len(body) - vendored["vendor"],
        "html_without_libs_bytes": len(body) - vendored["vendor"] - vendored["atlas"],
        "points_json_bytes": len(blocks["points"].encode()),
        "points_json_gzip_bytes": gz(blocks["points"]),
        "countries_json_bytes": len(blocks["countries"].encode()),
        "raw_points_bytes": len(raw),
        "raw_points_gzip_bytes": gz(raw),
        "deterministic": html == html2,
        "build_cold_s": cold_s,
        "build_warm_s": warm_s,
        "typical": {"rows": trows, "html_bytes": len(thtml.encode()), "html_gzip_bytes": gz(thtml),
                    "build_s": typical_s},
    }


# ------------------------------------------------------------------ AppTest page scripts


def _new_app(script: Path, params: dict[str, str], timeout: float):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(script), default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def _timed_run(at) -> float:
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"the script raised: {[e.message for e in at.exception][:2]}")
    return elapsed


def _repeat(at, repeats: int, cap_s: float, first_s: float) -> dict:
    """Discard the first run (already done: ``first_s``) unless it was slow; then rerun."""
    runs: list[float] = [first_s] if first_s > SLOW_RUN_S else []
    spent = first_s
    while len(runs) < repeats and (not runs or spent < cap_s):
        elapsed = _timed_run(at)
        runs.append(elapsed)
        spent += elapsed
    return {"median_ms": median(runs) * 1000, "runs_ms": [round(r * 1000, 2) for r in runs],
            "first_ms": round(first_s * 1000, 2), "first_counted": first_s > SLOW_RUN_S}


def page_times(page: str, case: str, repeats: int, cap_s: float, timeout: float) -> tuple[dict, object]:
    path, extra = PAGES[page]
    params = {**filter_params(page, case), **extra}
    at = _new_app(REPO / "dashboard.py", params, timeout)
    if path is None:
        first = _timed_run(at)
    else:
        at.run()  # AppTest needs one run before switching pages
        at.switch_page(path)
        for key, value in params.items():
            at.query_params[key] = value
        first = _timed_run(at)
    result = _repeat(at, repeats, cap_s, first)
    result["check"] = _check(page, at)
    return result, at


def _check(page: str, at) -> str:
    titles = [t.value for t in at.title]
    if page == "country":
        return "header: " + ", ".join(h.value for h in at.header)
    if page == "map":
        metric = at.metric[0].value if len(at.metric) else "?"
        return f"title: {titles[0] if titles else '?'}; shown: {metric}"
    return "title: " + (titles[0] if titles else "?")


def new_session_times(case: str, sessions: int, cap_s: float, timeout: float) -> dict:
    """The map page opened by new sessions while the process caches are warm."""
    runs: list[float] = []
    spent = 0.0
    while len(runs) < sessions and (not runs or spent < cap_s):
        at = _new_app(REPO / "dashboard.py", filter_params("map", case), timeout)
        elapsed = _timed_run(at)
        runs.append(elapsed)
        spent += elapsed
    return {"median_ms": median(runs) * 1000, "runs_ms": [round(r * 1000, 2) for r in runs]}


def apptest_floor(repeats: int) -> float:
    """AppTest's own cost: the median rerun of a one-line script."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "trivial.py"
        script.write_text('import streamlit as st\nst.write("x")\n')
        at = _new_app(script, {}, 60)
        at.run()
        return median([_timed_run(at) for _ in range(max(repeats, 3))]) * 1000


def naive_times(case: str, repeats: int, cap_s: float, timeout: float) -> dict:
    at = _new_app(BENCH / "naive_app.py", FILTERS[case], timeout)
    first = _timed_run(at)
    result = _repeat(at, repeats, cap_s, first)
    srcdoc = at.get("iframe")[0].proto.srcdoc.encode()
    result["html_bytes"] = len(srcdoc)
    result["html_gzip_bytes"] = gz(srcdoc)
    result["shown"] = at.metric[0].value if len(at.metric) else None
    return result


# ------------------------------------------------------------------ profiling (optional)


def profile_map(out_dir: Path, label: str, timeout: float) -> dict:
    """pyinstrument profiles of the map page (warm reruns; new sessions), written as text."""
    from pyinstrument import Profiler
    from streamlit.runtime.scriptrunner import script_runner

    current: dict[str, Profiler | None] = {"p": None}
    original = script_runner.ScriptRunner._run_script

    def profiled(self, rerun_data):  # the script runs in its own thread: profile it there
        profiler = current["p"]
        if profiler is None:
            return original(self, rerun_data)
        profiler.start()
        try:
            return original(self, rerun_data)
        finally:
            profiler.stop()

    script_runner.ScriptRunner._run_script = profiled
    written = {}
    try:
        at = _new_app(REPO / "dashboard.py", {}, timeout)
        at.run()
        for name, action in (("warm-rerun", lambda: [at.run() for _ in range(10)]),
                             ("new-session", lambda: [_new_app(REPO / "dashboard.py", {}, timeout).run()
                                                      for _ in range(5)])):
            current["p"] = Profiler(interval=0.0005)
            action()
            path = out_dir / f"profile-map-{label}-{name}.txt"
            path.write_text(current["p"].output_text(unicode=True, color=False))
            written[name] = str(path)
            current["p"] = None
    finally:
        script_runner.ScriptRunner._run_script = original
    return written


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--cap", type=float, default=20.0, help="seconds per measured cell (soft)")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--naive", action="store_true")
    parser.add_argument("--naive-cases", default="all,typical")
    parser.add_argument("--naive-repeats", type=int, default=5)
    parser.add_argument("--profile-dir", default=None)
    parser.add_argument("--label", default="1x")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    result: dict = {"data_root": os.environ.get("UNESCO_ATLAS_DATA", str(REPO / "data"))}
    result["payload"] = measure_payload()
    result["apptest_floor_ms"] = apptest_floor(args.repeats)
    pages: dict = {}
    map_srcdoc = None
    for page in [p for p in args.pages.split(",") if p]:
        pages[page] = {}
        for case in FILTERS:
            timing, at = page_times(page, case, args.repeats, args.cap, args.timeout)
            timing["query"] = filter_query(page, case)
            pages[page][case] = timing
            if page == "map" and case == "all":
                map_srcdoc = at.get("iframe")[0].proto.srcdoc
    result["pages"] = pages
    if "map" in pages:
        result["map_new_session"] = {case: new_session_times(case, args.sessions, args.cap, args.timeout)
                                     for case in FILTERS}
        expected, _, _ = map_html()
        result["payload"]["same_as_app"] = map_srcdoc == expected
    if args.naive:
        result["naive"] = {case: naive_times(case, args.naive_repeats, args.cap, args.timeout)
                           for case in args.naive_cases.split(",") if case}
    if args.profile_dir:
        Path(args.profile_dir).mkdir(parents=True, exist_ok=True)
        result["profiles"] = profile_map(Path(args.profile_dir), args.label, args.timeout)
    result["seconds"] = time.perf_counter() - started
    Path(args.out).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
