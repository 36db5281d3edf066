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

from bench.common import BENCH, REPO, gz, median, wait_until_idle

# Page -> (file to switch to, or None for the home page; extra query parameters).
PAGES: dict[str, tuple[str | None, dict[str, str]]] = {
    "map": (None, {}),
    "charts": ("app_pages/charts.py", {}),
    "country": ("app_pages/country.py", {"sel": "CHN"}),
    "table": ("app_pages/table.py", {}),
    "about": ("app_pages/about.py", {}),
}
# The filter cases. The country page drops the region (Europe would leave China empty).
FILTERS: dict[str, dict[str, str]] = {"all": {}, "typical": {"kind": "whc", "region": "eur"}}
COUNTRY_TYPICAL = {"kind": "whc"}
SLOW_RUN_S = 10.0  # a first run slower than this may count (see _repeat)
REBUILD_MAX_ROWS = 50_000  # above this, the map is built once (no warm-rebuild figure)


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
    """The least a map needs: ``[lat, lon, kind index, name]`` per row, compact JSON."""
    kinds = {k: i for i, k in enumerate(dict.fromkeys(df["designation"]))}
    rows = [
        [round(float(a), 4), round(float(b), 4), kinds[k], n]
        for a, b, k, n in zip(df["lat"], df["lon"], df["designation"], df["name"])
    ]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()


def map_html(filters=None) -> tuple[str, float, int]:
    """The live map's data for the filtered designations, built with ``geo.maps.points_data`` the
    way the map page does (no Streamlit caches) and serialised as Streamlit sends it, as a JSON
    block; the seconds the builder took; the number of rows."""
    from geo import maps, query, style, tables

    atlas = _atlas()
    shown = query.apply(_prepared(), filters or query.Filters(), _bri())
    shown = shown.assign(name=lambda d: tables.localized_names(d, "en"))
    started = time.perf_counter()
    data = maps.points_data(
        shown, atlas.countries, colors=style.KIND_COLORS, shapes=style.KIND_SYMBOLS, legend_title="UNESCO designations"
    )
    return _live_map_block(json.dumps(data)), time.perf_counter() - started, len(shown)


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


def measure_builder() -> dict:
    """Time the map builder (run first in the process, so the first build is cold)."""
    from geo import query

    html, cold_s, rows = map_html()
    html2, warm_s = (map_html()[:2]) if rows <= REBUILD_MAX_ROWS else (None, None)
    typical = query.Filters(kinds=("world_heritage",), regions=("Europe and North America",))
    thtml, typical_s, trows = map_html(typical)
    _CACHE["builder_html"] = {"all": html, "typical": thtml}
    return {
        "rows": rows,
        "build_cold_s": cold_s,
        "build_warm_s": warm_s,
        "deterministic": (html == html2) if html2 is not None else None,
        "typical": {"rows": trows, "build_s": typical_s},
    }


def _live_map_block(data_json: str) -> str:
    """The live map's data as the page would carry it (a JSON block): what a rerun sends for it."""
    return f'<script type="application/json" id="live-map">{data_json}</script>'


def payload_figures(html: str, typical_html: str, source: str) -> dict:
    """Byte figures of the map HTML the app sent (``source`` says where the HTML came from).

    The libraries (Leaflet, markercluster, the atlas's own JS/CSS) are either inlined in every map
    or linked from the app's static files (fetched once, then cached by the browser): both cases
    are recognised, and ``libraries`` says which. So are the country outlines (inline JSON, or a
    linked static file), and the popups' details (inline, or linked files counted apart: they are
    fetched on the first hover or click, not to draw the map)."""
    from geo import maps

    vendored = maps.vendored_bytes()
    library_bytes = vendored["vendor"] + vendored["atlas"]
    # files the app published in static/generated/ and the map links to (code bundle, outlines)
    published = maps.ASSETS_DIR.parent / "generated"
    linked_names = set(re.findall(r"(?:atlas|outlines)-[0-9a-f]{16}\.(?:json|js|css)", html))
    sizes = {name: (published / name).stat().st_size for name in linked_names if (published / name).exists()}
    linked = any(name.startswith("atlas-") for name in sizes)
    linked_files = sum(size for name, size in sizes.items() if name.startswith("atlas-"))
    outlines_bytes = sum(size for name, size in sizes.items() if name.startswith("outlines-"))
    # the popups' details: files fetched on the first hover or click, then cached
    details_files = [
        f for prefix in set(re.findall(r"sites-[0-9a-f]{16}-", html)) for f in published.glob(f"{prefix}*.json")
    ]
    body = html.encode()
    blocks = _script_blocks(html)
    raw = _raw_points(_atlas().designations)
    return {
        "source": source,
        "map_view": "points" if blocks["points"] else "shaded countries",
        "libraries": "linked" if linked else "inlined",
        "html_bytes": len(body),
        "html_gzip_bytes": gz(body),
        "vendored_bytes": vendored["vendor"],
        "own_code_bytes": vendored["atlas"],
        "linked_files_bytes": linked_files,
        "html_without_libs_bytes": len(body) - (0 if linked else library_bytes),
        "outlines_file_bytes": outlines_bytes,
        "first_load_bytes": len(body) + linked_files + outlines_bytes,
        "details_files": len(details_files),
        "details_files_bytes": sum(f.stat().st_size for f in details_files),
        "points_json_bytes": len(blocks["points"].encode()),
        "points_json_gzip_bytes": gz(blocks["points"]),
        "countries_json_bytes": len(blocks["countries"].encode()),
        "raw_points_bytes": len(raw),
        "raw_points_gzip_bytes": gz(raw),
        "typical_html_bytes": len(typical_html.encode()),
        "typical_html_gzip_bytes": gz(typical_html),
        "builder_html_bytes": len(_CACHE["builder_html"]["all"].encode()),
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
        raise RuntimeError(
            f"the script raised: {[e.message for e in at.exception][:2]} "
            f"{[(e.stack_trace or [''])[-1] for e in at.exception][:2]}"
        )
    return elapsed


def _repeat(at, repeats: int, cap_s: float, first_s: float, count_slow_first: bool) -> dict:
    """Discard the first run (already done: ``first_s``), then rerun up to ``repeats`` times
    while under ``cap_s`` seconds. With ``count_slow_first``, a first run over SLOW_RUN_S counts
    instead: used where the process caches are already warm (pages measured after the map page)
    or absent (the naive app), so the first run differs from the rest by an import warm-up only."""
    counted = count_slow_first and first_s > SLOW_RUN_S
    runs: list[float] = [first_s] if counted else []
    spent = first_s
    while len(runs) < repeats and (not runs or spent < cap_s):
        elapsed = _timed_run(at)
        runs.append(elapsed)
        spent += elapsed
    return {
        "median_ms": median(runs) * 1000,
        "runs_ms": [round(r * 1000, 2) for r in runs],
        "first_ms": round(first_s * 1000, 2),
        "first_counted": counted,
    }


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
    # The map page runs first for each filter case and fills the shared caches: never count its first run.
    idle_wait = wait_until_idle(time.process_time)  # this process runs the app: its worker too
    result = _repeat(at, repeats, cap_s, first, count_slow_first=page != "map")
    result["idle_wait_s"] = round(idle_wait, 2)
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
    result = _repeat(at, repeats, cap_s, first, count_slow_first=True)
    srcdoc = at.get("iframe")[0].proto.srcdoc.encode()
    result["html_bytes"] = len(srcdoc)
    result["html_gzip_bytes"] = gz(srcdoc)
    result["shown"] = at.metric[0].value if len(at.metric) else None
    return result


# ------------------------------------------------------------------ profiling (optional)


def profile_pages(out_dir: Path, label: str, pages: list[str], timeout: float, reruns: int = 10) -> dict:
    """pyinstrument profiles (text) of each page's warm reruns, and of new sessions opening the
    map page. Written to ``out_dir/profile-<page>-<label>-<kind>.txt``; returns the paths."""
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

    def record(name: str, action) -> None:
        current["p"] = Profiler(interval=0.0005)
        try:
            action()
            path = out_dir / f"profile-{name}-{label}.txt"
            path.write_text(current["p"].output_text(unicode=True, color=False, show_all=False))
            written[name] = str(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
        finally:
            current["p"] = None

    script_runner.ScriptRunner._run_script = profiled
    written: dict[str, str] = {}
    try:
        for page in pages:
            path, extra = PAGES[page]
            at = _new_app(REPO / "dashboard.py", extra, timeout)
            at.run()
            if path is not None:
                at.switch_page(path)
                for key, value in extra.items():
                    at.query_params[key] = value
                at.run()
            record(f"{page}-warm-rerun", lambda at=at: [at.run() for _ in range(reruns)])
        if "map" in pages:
            record(
                "map-new-session",
                lambda: [_new_app(REPO / "dashboard.py", {}, timeout).run() for _ in range(max(2, reruns // 2))],
            )
    finally:
        script_runner.ScriptRunner._run_script = original
    return written


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "full")  # readable errors in the results
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--cap", type=float, default=20.0, help="seconds per measured cell (soft)")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--naive", action="store_true")
    parser.add_argument("--naive-cases", default="all,typical")
    parser.add_argument("--naive-repeats", type=int, default=5)
    parser.add_argument("--profile-dir", default=None, help="write pyinstrument profiles here")
    parser.add_argument("--profile-pages", default="map,charts,table")
    parser.add_argument("--profile-reruns", type=int, default=10)
    parser.add_argument("--label", default="1x")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    result: dict = {"data_root": os.environ.get("UNESCO_ATLAS_DATA", str(REPO / "data"))}
    builder = measure_builder()
    result["apptest_floor_ms"] = apptest_floor(args.repeats)
    pages: dict = {}
    srcdoc: dict[str, str] = {}
    for page in [p for p in args.pages.split(",") if p]:
        pages[page] = {}
        for case in FILTERS:
            try:
                timing, at = page_times(page, case, args.repeats, args.cap, args.timeout)
            except Exception as exc:  # a page that fails is reported, and the run goes on
                timing, at = {"median_ms": None, "runs_ms": [], "error": str(exc)[:500]}, None
            timing["query"] = filter_query(page, case)
            pages[page][case] = timing
            if page == "map" and at is not None and len(at.get("iframe")):
                srcdoc[case] = at.get("iframe")[0].proto.srcdoc
            elif page == "map" and at is not None and len(at.get("bidi_component")):
                srcdoc[case] = _live_map_block(at.get("bidi_component")[0].proto.json)
    result["pages"] = pages
    if len(srcdoc) == len(FILTERS):
        payload = payload_figures(srcdoc["all"], srcdoc["typical"], "the map page's map (AppTest)")
    else:  # the map page failed: fall back to the builder's HTML
        payload = payload_figures(
            _CACHE["builder_html"]["all"],
            _CACHE["builder_html"]["typical"],
            "geo.maps.points_map (the map page failed)",
        )
    typical = {
        **builder["typical"],
        "html_bytes": payload.pop("typical_html_bytes"),
        "html_gzip_bytes": payload.pop("typical_html_gzip_bytes"),
    }
    result["payload"] = {**builder, **payload, "typical": typical}
    if "map" in pages and "all" in srcdoc:
        result["map_new_session"] = {
            case: new_session_times(case, args.sessions, args.cap, args.timeout) for case in FILTERS
        }
    if args.naive:
        result["naive"] = {
            case: naive_times(case, args.naive_repeats, args.cap, args.timeout)
            for case in args.naive_cases.split(",")
            if case
        }
    if args.profile_dir:
        Path(args.profile_dir).mkdir(parents=True, exist_ok=True)
        result["profiles"] = profile_pages(
            Path(args.profile_dir),
            args.label,
            [p for p in args.profile_pages.split(",") if p],
            args.timeout,
            args.profile_reruns,
        )
    result["seconds"] = time.perf_counter() - started
    Path(args.out).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
