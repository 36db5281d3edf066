"""Figures, targets, ratios to the naive baseline and growth, and the Markdown report.

``finish(results)`` adds ``figures``, ``targets``, ``ratios`` and ``growth`` to the results dict;
``markdown(results)`` renders ``results.md``. kB/MB are decimal (1 kB = 1,000 bytes).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench import proxy
from bench.common import median

# figure key -> (label, unit); lower is better for all. Units: ms, s, bytes.
FIGURES: dict[str, tuple[str, str]] = {
    "script_map_all_ms": ("Map page script, warm rerun, all designations", "ms"),
    "script_map_typical_ms": ("Map page script, warm rerun, kind=whc&region=eur", "ms"),
    "script_map_new_session_ms": ("Map page script, new session (warm caches), all", "ms"),
    "map_build_s": ("Points map data build (geo.maps.points_data, no cache), all", "s"),
    "payload_bytes": ("Map payload (HTML), all", "bytes"),
    "payload_gzip_bytes": ("Map payload gzipped, all", "bytes"),
    "payload_typical_bytes": ("Map payload (HTML), kind=whc&region=eur", "bytes"),
    "shared_all_ms": ("Shared URL → markers visible (warm server), all, new visitor", "ms"),
    "shared_all_tab_ms": ("Shared URL → markers visible (warm server), all, new tab (files cached)", "ms"),
    "shared_typical_ms": ("Shared URL → markers visible (warm server), kind=whc&region=eur, new visitor", "ms"),
    "click_first_ms": ("Filter click → map updated, first time (uncached)", "ms"),
    "click_repeat_ms": ("Filter click → map updated, repeated (cached)", "ms"),
    "click_ws_gzip_bytes": ("Websocket data per filter click, gzipped (median)", "bytes"),
    "cold_start_s": ("Cold start: process start → first markers visible", "s"),
    "server_cpu_per_open_ms": ("Server CPU time per shared-URL open, all (new visitor)", "ms"),
    "server_cpu_per_tab_ms": ("Server CPU time per shared-URL open, all (new tab)", "ms"),
    "peak_rss_bytes": ("Server peak RSS", "bytes"),
    "rss_per_session_bytes": ("Server RSS growth per extra browser session", "bytes"),
}


def _get(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _first(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


def figures(entry: dict, who: str) -> dict[str, float | None]:
    """The named figures of one scale, for ``who`` = "ours" or "naive"."""
    inproc = entry.get("inproc") or {}
    if who == "ours":
        payload, browser = inproc.get("payload") or {}, entry.get("browser") or {}
        script = {
            "script_map_all_ms": _get(inproc, "pages", "map", "all", "median_ms"),
            "script_map_typical_ms": _get(inproc, "pages", "map", "typical", "median_ms"),
            "script_map_new_session_ms": _get(inproc, "map_new_session", "all", "median_ms"),
            "map_build_s": payload.get("build_cold_s"),
            "payload_bytes": payload.get("html_bytes"),
            "payload_gzip_bytes": payload.get("html_gzip_bytes"),
            "payload_typical_bytes": _get(payload, "typical", "html_bytes"),
        }
    else:
        naive, browser = inproc.get("naive") or {}, entry.get("naive_browser") or {}
        script = {
            "script_map_all_ms": _get(naive, "all", "median_ms"),
            "script_map_typical_ms": _get(naive, "typical", "median_ms"),
            # nothing is cached: a new session costs what a rerun does
            "script_map_new_session_ms": _get(naive, "all", "median_ms"),
            "map_build_s": None,
            "payload_bytes": _get(naive, "all", "html_bytes"),
            "payload_gzip_bytes": _get(naive, "all", "html_gzip_bytes"),
            "payload_typical_bytes": _get(naive, "typical", "html_bytes"),
        }
    out = dict(script)
    out.update(_browser_figures(browser))
    return out


def _browser_figures(browser: dict) -> dict[str, float | None]:
    """The figures measured in Chromium (ours, the naive app's or the floor app's)."""
    if "error" in browser:
        browser = {}
    shared = lambda name, kind: _get(browser, "shared_url", name, f"{kind}_median_ms")  # noqa: E731
    out: dict[str, float | None] = {}
    out.update(
        {
            "shared_all_ms": _first(shared("all", "new_visitor"), _get(browser, "shared_url", "all", "warmup_ms")),
            "shared_all_tab_ms": shared("all", "new_tab"),
            "shared_typical_ms": shared("typical", "new_visitor"),
            "click_first_ms": _get(browser, "filter_click", "first_ms"),
            "click_repeat_ms": _get(browser, "filter_click", "repeat_median_ms"),
            "click_ws_gzip_bytes": median(_get(browser, "filter_click", "ws_gzip_bytes") or []) or None,
            "cold_start_s": browser.get("cold_start_s"),
            "server_cpu_per_open_ms": _get(browser, "shared_url", "all", "new_visitor_server_cpu_ms"),
            "server_cpu_per_tab_ms": _get(browser, "shared_url", "all", "new_tab_server_cpu_ms"),
            "peak_rss_bytes": _get(browser, "memory", "peak_rss"),
            "rss_per_session_bytes": _get(browser, "memory", "growth_per_session"),
        }
    )
    return out


# The floor page draws the same whatever the link asks for: its one open stands for every link.
_FLOOR_SAME = {"shared_typical_ms": "shared_all_ms"}


def finish(results: dict) -> dict:
    scales = results.get("scales", {})
    results["figures"] = {s: {"ours": figures(e, "ours"), "naive": figures(e, "naive")} for s, e in scales.items()}
    floor = results.get("floor") or {}
    results["ratios"] = _ratios(results["figures"], _browser_figures(floor), str(floor.get("scale")))
    results["growth"] = _growth(results)
    results["targets"] = _targets(results)
    return results


def _ratios(figs: dict, floor: dict, floor_scale: str) -> list[dict]:
    """naive ÷ ours for each figure and scale; where the floor app was measured, naive ÷ floor
    too: what a bare Streamlit page with a one-marker map reaches on the same pair."""
    out = []
    for scale, pair in figs.items():
        for key in FIGURES:
            ours, naive = pair["ours"].get(key), pair["naive"].get(key)
            if ours is None or naive is None:
                continue
            best = floor.get(_FLOOR_SAME.get(key, key)) if scale == floor_scale else None
            out.append(
                {
                    "figure": key,
                    "scale": int(scale),
                    "ours": ours,
                    "naive": naive,
                    "ratio": (naive / ours) if ours else None,
                    "naive_slower": naive > ours,
                    "floor_ratio": (naive / best) if best else None,
                }
            )
    return out


def _growth(results: dict) -> dict:
    figs = results["figures"]
    scales = sorted(figs, key=int)
    rows = {s: _get(results, "scales", s, "rows") for s in scales}
    out: dict = {"rows": rows, "figures": {}}
    for key in FIGURES:
        values = {s: figs[s]["ours"].get(key) for s in scales}
        steps = {}
        for a, b in zip(scales, scales[1:]):
            if values[a] and values[b] is not None:
                steps[f"{a}->{b}"] = values[b] / values[a]
        out["figures"][key] = {"values": values, "steps": steps}
    return out


def _target(name: str, value: str, met: bool | None, note: str = "") -> dict:
    return {"target": name, "measured": value, "met": met, "note": note}


def _targets(results: dict) -> list[dict]:
    figs = results["figures"]
    ours = lambda s, k: _get(figs, str(s), "ours", k)  # noqa: E731
    out = []
    for scale, limit in ((1, 150), (10, 300)):
        v = ours(scale, "script_map_all_ms")
        ns = ours(scale, "script_map_new_session_ms")
        out.append(
            _target(
                f"Warm map page script ≤ {limit} ms at {scale}×",
                fmt_ms(v),
                None if v is None else v <= limit,
                f"median warm rerun (AppTest); a new session with warm caches: {fmt_ms(ns)}" if ns is not None else "",
            )
        )
    v = ours(1, "payload_bytes")
    p1 = _get(results, "scales", "1", "inproc", "payload") or {}
    outlines = (
        f", country outlines ({fmt_bytes(p1.get('outlines_file_bytes'))})" if p1.get("outlines_file_bytes") else ""
    )
    if p1.get("details_files_bytes"):
        outlines += (
            f" and popup details ({fmt_bytes(p1.get('details_files_bytes'))} in {p1.get('details_files')} "
            "files, fetched on the first hover or click)"
        )
    libs = (
        f"libraries ({fmt_bytes(p1.get('linked_files_bytes'))}){outlines} linked from the app's static files, "
        "fetched once per browser and cached"
        if p1.get("libraries") == "linked"
        else f"libraries inlined in every map (Leaflet + markercluster {fmt_bytes(p1.get('vendored_bytes'))})"
    )
    out.append(
        _target(
            "Map payload ≤ 400 kB at 1×",
            fmt_bytes(v),
            None if v is None else v <= 400_000,
            f"map HTML per view; gzipped {fmt_bytes(ours(1, 'payload_gzip_bytes'))}; {libs}",
        )
    )
    steps = results["growth"]["figures"]["payload_bytes"]["steps"]
    rows = results["growth"]["rows"]
    parts, met = [], None
    for step, factor in steps.items():
        a, b = step.split("->")
        if rows.get(a) and rows.get(b):
            row_factor = rows[b] / rows[a]
            view = _get(results, "scales", b, "inproc", "payload", "map_view")
            per_row = [_get(results, "scales", s, "inproc", "payload", "html_bytes") / rows[s] for s in (a, b)]
            parts.append(
                f"{a}×→{b}×: bytes ×{factor:.2f} for rows ×{row_factor:.0f}"
                + (
                    " (shaded countries at " + b + "×)"
                    if view == "shaded countries"
                    else f" ({per_row[0]:.0f} → {per_row[1]:.0f} bytes a row)"
                )
            )
            # Linear: bytes per row may not grow, bar the few bytes each synthetic copy adds to its
            # id and name ("-s7", " #7"): 10 % slack.
            met = (met is not False) and factor <= row_factor * 1.10
    out.append(
        _target(
            "Map payload grows at most linearly",
            "; ".join(parts) or "n/a",
            met,
            "synthetic copies have longer ids and names (`-s<n>`, ` #<n>`), so a row "
            "weighs a few bytes more at 10×; up to 10 % more a row counts as linear",
        )
    )
    floor = results.get("floor") or {}
    floor_open = _get(floor, "shared_url", "all", "new_visitor_median_ms")
    floor_click = _get(floor, "filter_click", "repeat_median_ms") or _get(floor, "filter_click", "first_ms")
    v = ours(1, "shared_all_ms")
    out.append(
        _target(
            "Shared URL → markers visible ≤ 2 s (warm server, 1×)",
            fmt_ms(v),
            None if v is None else v <= 2000,
            f"new visitor (empty browser cache), all designations; as a new tab: "
            f"{fmt_ms(ours(1, 'shared_all_tab_ms'))}; kind=whc&region=eur: {fmt_ms(ours(1, 'shared_typical_ms'))}"
            + (
                f". Floor (a Streamlit page with one metric and a one-marker Leaflet map): {fmt_ms(floor_open)}"
                if floor_open is not None
                else ""
            ),
        )
    )
    if v is not None and floor_open is not None:
        out.append(
            _target(
                "Shared URL → markers within 0.3 s of the floor app (1×)",
                fmt_ms(v - floor_open),
                v - floor_open <= 300,
                f"atlas {fmt_ms(v)} − floor {fmt_ms(floor_open)}, same run",
            )
        )
    for key, what in (("click_first_ms", "first time (map not cached)"), ("click_repeat_ms", "repeated (map cached)")):
        v = ours(1, key)
        out.append(
            _target(
                f"Filter click → map updated ≤ 150 ms (1×, {what})",
                fmt_ms(v),
                None if v is None else v <= 150,
                "the live map updates in place"
                + (f"; floor app: {fmt_ms(floor_click)}" if floor_click is not None else ""),
            )
        )
    v = ours(1, "click_ws_gzip_bytes")
    out.append(
        _target(
            "Data per filter change ≤ 30 kB compressed (1×)",
            fmt_bytes(v) if v is not None else "n/a",
            None if v is None else v <= 30_000,
            "websocket messages of a click, gzipped",
        )
    )
    for key, what in (("click_first_ms", "first time (map not cached)"), ("click_repeat_ms", "repeated (map cached)")):
        v = ours(1, key)
        out.append(
            _target(
                f"Filter click → map updated ≤ 1 s (1×, {what})",
                fmt_ms(v),
                None if v is None else v <= 1000,
                "“In danger only” toggle in the sidebar"
                + (f"; floor app: {fmt_ms(floor_click)}" if floor_click is not None else ""),
            )
        )
    hundred = _get(results, "scales", "100")
    if hundred is None:
        out.append(_target("100× still opens and filters", "not measured", None))
    else:
        b = hundred.get("browser") or {}
        opened, clicked = ours(100, "shared_all_ms") or ours(100, "cold_start_s"), ours(100, "click_first_ms")
        if "error" in b:
            out.append(_target("100× still opens and filters", b["error"][:160], False))
        elif not b:
            out.append(_target("100× still opens and filters", "not measured (no browser)", None))
        else:
            view = _get(b, "shared_url", "all", "view") or b.get("cold_view") or "markers"
            click_views = _get(b, "filter_click", "views") or []
            out.append(
                _target(
                    "100× still opens and filters",
                    f"opens: {view} after {fmt_ms(ours(100, 'shared_all_ms'))} (cold start "
                    f"{fmt_s(ours(100, 'cold_start_s'))}); filter click → "
                    f"{click_views[0] if click_views else 'map'} after {fmt_ms(clicked)}",
                    bool(opened) and clicked is not None,
                )
            )
    slower = [r for r in results["ratios"] if r["naive_slower"]]
    misses = [r for r in slower if r["ratio"] is not None and r["ratio"] < 5]
    if not slower:
        out.append(_target("≥ 5× better than naive where the baseline is slower", "no naive figures", None))
    else:
        miss_text = "; ".join(
            f"{FIGURES[r['figure']][0]} at {r['scale']}×: ×{r['ratio']:.1f}"
            + (f" (floor app: ×{r['floor_ratio']:.1f})" if r.get("floor_ratio") is not None else "")
            for r in misses
        )
        out_of_reach = [r for r in misses if r.get("floor_ratio") is not None and r["floor_ratio"] < 5]
        reach = (
            f". {len(out_of_reach)} of these {len(misses)} are below ×5 for the floor app too (a Streamlit "
            "page with one metric and a one-marker map): out of reach for any Streamlit page here"
            if out_of_reach
            else ""
        )
        out.append(
            _target(
                "≥ 5× better than naive where the baseline is slower",
                f"{len(slower) - len(misses)} of {len(slower)} pairs ≥ ×5",
                not misses,
                ("below ×5: " + miss_text + reach) if misses else "",
            )
        )
    return out


# ------------------------------------------------------------------ formatting


def fmt_ms(v: float | None) -> str:
    if v is None:
        return "n/a"
    return f"{v:,.0f} ms" if v < 1000 else f"{v / 1000:,.2f} s"


def fmt_s(v: float | None) -> str:
    return "n/a" if v is None else f"{v:,.1f} s"


def fmt_bytes(v: float | None) -> str:
    if v is None:
        return "n/a"
    if abs(v) >= 1e6:
        return f"{v / 1e6:,.1f} MB"
    return f"{v / 1e3:,.0f} kB" if abs(v) >= 1e4 else f"{v / 1e3:,.1f} kB"


def fmt(v: float | None, unit: str) -> str:
    return {"ms": fmt_ms, "s": fmt_s, "bytes": fmt_bytes}[unit](v)


def fmt_ratio(r: float | None) -> str:
    if r is None:
        return "n/a"
    return f"×{r:,.0f}" if r >= 10 else f"×{r:.1f}" if r >= 0.1 else f"×{r:.2f}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def markdown(results: dict) -> str:
    meta, figs = results["meta"], results["figures"]
    scales = sorted(figs, key=int)
    v = meta.get("versions", {})
    lines = [
        "# UNESCO Sites Atlas — benchmark results",
        "",
        f"Written by `python -m bench {' '.join(meta.get('argv') or [])}`".rstrip() + f" on {meta['date']} "
        f"({meta['mode']} run, {meta.get('duration_s', '?')} s).",
        "",
        f"- Machine: {meta['cpu_model']}, {meta['cores']} cores; load average at start "
        f"{meta['idle_wait'].get('load_after')}, at end {meta.get('load_end')}.",
        f"- Software: Python {v.get('python')}, Streamlit {v.get('streamlit')}, folium {v.get('folium')}, "
        f"pandas {v.get('pandas')}, Chromium {meta.get('chromium', 'n/a')} (headless, software rendering).",
        f"- Code: commit {meta.get('git', {}).get('commit', '?')} ({meta.get('git', {}).get('subject', '')})"
        + (
            f"; app files changed since: {', '.join(meta['git']['app_changed_since_commit'])}"
            if meta.get("git", {}).get("app_changed_since_commit")
            else "; no uncommitted app changes"
        )
        + ".",
        "- Data: " + ", ".join(f"{s}× = {results['scales'][s].get('rows', 0):,} designations" for s in scales) + ".",
    ]
    busy = [
        s
        for s in scales
        for la in (results["scales"][s].get("load_before"), results["scales"][s].get("load_after"))
        if la and la[0] > meta["cores"]
    ]
    if busy:
        lines.append(
            f"- **Caveat:** other processes kept the load average above the core count during "
            f"{', '.join(sorted(set(busy), key=int))}× measurements; wall-clock times there are inflated "
            "(the server CPU-time rows are less affected)."
        )
    lines += ["", "## Targets", ""]
    lines.append(
        _table(
            ["Target", "Measured", "Met", "Note"],
            [
                [t["target"], t["measured"], {True: "met", False: "**missed**", None: "n/a"}[t["met"]], t["note"]]
                for t in results["targets"]
            ],
        )
    )

    lines += [
        "",
        "## Ours vs the naive baseline",
        "",
        "Ratio = naive ÷ ours (above ×1: ours is better). The naive app (`bench/naive_app.py`) reads the parquet "
        "on every run and draws one `folium.Marker` with a popup per designation; its payload is as shipped "
        "(CDN links, libraries not counted); in the browser it gets Leaflet inlined.",
        "",
    ]
    header = ["Figure"]
    for s in scales:
        header += [f"{s}× ours", f"{s}× naive", f"{s}× ratio"]
    rows = []
    ratio_index = {(r["figure"], str(r["scale"])): r["ratio"] for r in results["ratios"]}
    for key, (label, unit) in FIGURES.items():
        row = [label]
        for s in scales:
            o, n = figs[s]["ours"].get(key), figs[s]["naive"].get(key)
            row += [
                fmt(o, unit),
                fmt(n, unit) if n is not None else _naive_missing(results, s, key),
                fmt_ratio(ratio_index.get((key, s))),
            ]
        rows.append(row)
    lines.append(_table(header, rows))

    if len(scales) > 1:
        lines += ["", "## How each figure grows with the data (ours)", ""]
        steps = [f"{a}×→{b}×" for a, b in zip(scales, scales[1:])]
        rows = []
        for key, (label, unit) in FIGURES.items():
            g = results["growth"]["figures"][key]
            row = [label] + [fmt(g["values"].get(s), unit) for s in scales]
            row += [fmt_ratio(g["steps"].get(f"{a}->{b}")) for a, b in zip(scales, scales[1:])]
            rows.append(row)
        rows.append(
            ["Designations"]
            + [f"{results['scales'][s].get('rows', 0):,}" for s in scales]
            + [
                fmt_ratio(results["scales"][b]["rows"] / results["scales"][a]["rows"])
                for a, b in zip(scales, scales[1:])
            ]
        )
        lines.append(_table(["Figure"] + [f"{s}×" for s in scales] + steps, rows))
        shaded = [
            s for s in scales if _get(results, "scales", s, "inproc", "payload", "map_view") == "shaded countries"
        ]
        if shaded:
            lines += [
                "",
                f"At {', '.join(shaded)}× the map page draws shaded countries instead of points (too many "
                "designations for points), so its payload and browser figures there measure that view; the "
                "points map HTML build time is still measured on every designation.",
            ]

    lines += [
        "",
        "## Page script times",
        "",
        '`AppTest.from_file("dashboard.py")`: median of the warm reruns of one session (its first run '
        "discarded, except runs over 10 s on pages measured after the map page, whose caches are warm). "
        "AppTest's own floor (a one-line script): "
        + ", ".join(f"{fmt_ms(_get(results, 'scales', s, 'inproc', 'apptest_floor_ms'))} at {s}×" for s in scales)
        + ".",
        "",
    ]
    rows = []
    pages = _get(results, "scales", scales[0], "inproc", "pages") or {}
    for page in pages:
        for case in ("all", "typical"):
            query = _get(pages, page, case, "query") or ""
            row = [page, query or "(none)"]
            for s in scales:
                cell = _get(results, "scales", s, "inproc", "pages", page, case)
                row.append(
                    fmt_ms(cell["median_ms"]) + ("" if len(cell["runs_ms"]) > 1 else " (1 run)") if cell else "n/a"
                )
            rows.append(row)
    for case in ("all", "typical"):
        row = ["map, new session", "(none)" if case == "all" else "kind=whc&region=eur"]
        row += [fmt_ms(_get(results, "scales", s, "inproc", "map_new_session", case, "median_ms")) for s in scales]
        rows.append(row)
    lines.append(_table(["Page", "Query"] + [f"{s}×" for s in scales], rows))

    lines += ["", "## Map payload", ""]
    parts = [
        ("HTML, all designations", "html_bytes"),
        ("… gzipped (level 6)", "html_gzip_bytes"),
        ("… HTML without the libraries", "html_without_libs_bytes"),
        ("… points JSON block", "points_json_bytes"),
        ("… points JSON gzipped", "points_json_gzip_bytes"),
        ("… country outlines JSON block (0 = linked file)", "countries_json_bytes"),
        ("Country outlines as a linked static file", "outlines_file_bytes"),
        ("Raw points: [lat, lon, kind, name] JSON", "raw_points_bytes"),
        ("Raw points gzipped", "raw_points_gzip_bytes"),
        ("Libraries: Leaflet + markercluster (inlined form)", "vendored_bytes"),
        ("Libraries: own map code atlas.js/css (inlined form)", "own_code_bytes"),
        ("Libraries as linked static files (0 = inlined in the HTML)", "linked_files_bytes"),
        ("First load: HTML + linked files and outlines", "first_load_bytes"),
        (
            "Popup details as linked static files, all sites (fetched on the first hover or click)",
            "details_files_bytes",
        ),
    ]
    rows = [
        ["What the map page draws (all designations)"]
        + [str(_get(results, "scales", s, "inproc", "payload", "map_view")) for s in scales]
    ]
    rows += [
        ["How the libraries reach the map"]
        + [str(_get(results, "scales", s, "inproc", "payload", "libraries")) for s in scales]
    ]
    rows += [
        [label] + [fmt_bytes(_get(results, "scales", s, "inproc", "payload", key)) for s in scales]
        for label, key in parts
    ]
    rows.append(
        ["HTML, kind=whc&region=eur"]
        + [fmt_bytes(_get(results, "scales", s, "inproc", "payload", "typical", "html_bytes")) for s in scales]
    )
    rows.append(
        ["HTML ÷ raw points"]
        + [
            fmt_ratio(
                _div(
                    _get(results, "scales", s, "inproc", "payload", "html_bytes"),
                    _get(results, "scales", s, "inproc", "payload", "raw_points_bytes"),
                )
            )
            for s in scales
        ]
    )
    rows.append(
        ["Naive HTML (CDN links), all"]
        + [fmt_bytes(_get(results, "scales", s, "inproc", "naive", "all", "html_bytes")) for s in scales]
    )
    lines.append(_table(["Part"] + [f"{s}×" for s in scales], rows))
    lines += [
        "",
        "Streamlit sends the map HTML inside its websocket messages. They are not compressed by "
        "default; the atlas turns compression on (`server.enableWebsocketCompression = true` in "
        "`.streamlit/config.toml`, which every app in this run shares), so the gzipped size is close to "
        "what travels.",
    ]

    lines += [
        "",
        "## Browser stages",
        "",
        "In-page clock (`performance.now()`): *content* = the page's first metric shows its value (the script's "
        "output arrived); *markers* = the first marker or cluster is drawn in the map frame. Server CPU = user + "
        "system time of the server process per action. *floor* = `bench/floor_app.py`, a Streamlit page with one "
        "metric, one toggle and a one-marker Leaflet map: about the least any Streamlit page with a map costs here.",
        "",
    ]
    rows = []
    for s in scales:
        for who, key in (("ours", "browser"), ("naive", "naive_browser"), ("floor", None)):
            if key is None:
                b = results.get("floor") if str((results.get("floor") or {}).get("scale")) == s else None
            else:
                b = _get(results, "scales", s, key)
            if not b:
                continue
            if "error" in b:
                rows.append([f"{s}×", who, "failed", b["error"][:120], "", "", ""])
                continue
            for _name, shared in b.get("shared_url", {}).items():
                for kind in ("new_visitor", "new_tab"):
                    st = shared.get(f"{kind}_stages_ms") or {}
                    if st.get("marker") is None:
                        continue
                    view = " → shaded countries" if shared.get("view") == "shaded countries" else ""
                    rows.append(
                        [
                            f"{s}×",
                            who,
                            f"open {shared['path']} ({kind.replace('_', ' ')}){view}",
                            fmt_ms(st.get("content")),
                            fmt_ms(st.get("marker")),
                            fmt_ms(shared.get(f"{kind}_server_cpu_ms")),
                            f"{len(shared.get(f'{kind}_ms', []))} opens",
                        ]
                    )
            fc = b.get("filter_click") or {}
            content = [c for c in fc.get("content_ms", []) if c is not None]
            views = fc.get("views") or []
            rows.append(
                [
                    f"{s}×",
                    who,
                    "click " + fc.get("control", "") + (f" → {views[0]}" if views else ""),
                    fmt_ms(content[0] if content else None),
                    fmt_ms(fc.get("first_ms")),
                    fmt_ms(fc.get("server_cpu_ms_per_click")),
                    f"{len(fc.get('clicks_ms', []))} clicks: " + ", ".join(fmt_ms(c) for c in fc.get("clicks_ms", [])),
                ]
            )
            rows.append(
                [
                    f"{s}×",
                    who,
                    "cold start" + (" → shaded countries" if b.get("cold_view") == "shaded countries" else ""),
                    f"server ready {fmt_s(b.get('server_ready_s'))}",
                    fmt_s(b.get("cold_start_s")),
                    "",
                    f"then idle after {fmt_s(b.get('server_idle_wait_s'))}; "
                    f"external requests blocked: {b.get('external_requests_blocked', 0)}",
                ]
            )
    lines.append(_table(["Scale", "App", "Action", "Content", "Markers", "Server CPU", "Notes"], rows))

    build = results.get("build")
    lines += ["", "## Data build", ""]
    if build:
        lines.append(
            f"`geo.build.build(out_dir=tmp)`: {fmt_s(build['build_s'])} for {build['designations']:,} "
            f"designations (imports {fmt_s(build['imports_s'])} more); processed files "
            f"{fmt_bytes(build['processed_bytes'])}:"
        )
        lines += [""] + [f"- `{name}`: {fmt_bytes(size)}" for name, size in build["files"].items()]
    else:
        lines.append("Not measured in this run (`--skip-build`).")

    profiles = _get(results, "scales", "1", "inproc", "profiles")
    lines += [
        "",
        "## Method",
        "",
        "- Page scripts: `streamlit.testing.v1.AppTest` in a fresh process per scale (process caches start "
        "empty); the country page uses `?sel=CHN` (its typical case `kind=whc`, as a region filter would hide China).",
        "- Browser: Debian Chromium via Playwright, one real `streamlit run` server per app and scale on "
        "127.0.0.1; requests to any other host fail in the browser (a proxy on a closed port; pages "
        "only listen to requests, they do not route them through Playwright). *New visitor* = fresh browser context (empty cache); "
        "*new tab* = a tab of a context that already loaded the app. Filter click: the sidebar toggle "
        "“In danger only”, clicked on/off alternately.",
        "- Memory: `/proc/<pid>/status` of the server process (VmHWM = peak RSS; growth per session = "
        "VmRSS after N extra sessions, each with its tab open, minus before, ÷ N). psutil is not used.",
        "- Scale: 10× and 100× tables are the real one plus jittered copies (σ = 0.5°, new site ids, "
        "names suffixed ` #k`), written to a temp data root served with `UNESCO_ATLAS_DATA`.",
        "- The naive app is measured at 1× and 10× only: one run at 100× would take about ten times its 10× run.",
    ]
    if profiles:
        lines.append(
            "- Profiles (pyinstrument; warm reruns of the map, charts and table pages at 1×, and new "
            "sessions opening the map): " + ", ".join(f"`{p}`" for p in profiles.values())
        )
    lines += _basemap_section()
    if proxy.RESULTS.exists():  # the load through nginx (python -m bench.proxy) stays at the end
        lines += ["", proxy.markdown(json.loads(proxy.RESULTS.read_text(encoding="utf-8"))).rstrip("\n")]
    return "\n".join(lines) + "\n"


def _basemap_section() -> list[str]:
    """The base map's figures, from the last ``python -m bench.basemap`` (bench/basemap.json)."""
    from bench import basemap

    path = Path(__file__).resolve().parent / "basemap.json"
    return basemap.section(json.loads(path.read_text())) if path.exists() else []


def _div(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _naive_missing(results: dict, scale: str, key: str) -> str:
    ten = _get(results, "figures", "10", "naive", key)
    if scale == "100" and ten is not None and key.startswith(("script_map_all", "payload_bytes")):
        unit = FIGURES[key][1]
        return f"not run (≈ {fmt(ten * 10, unit)} by 10× growth)"
    return "n/a"
