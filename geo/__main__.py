"""Command line: ``python -m geo build`` and ``python -m geo refresh``."""

from __future__ import annotations

import argparse
import sys

from geo import build as build_module
from geo import paths
from geo.build import download


def _build(_args) -> int:
    try:
        rep = build_module.build()
    except (build_module.BuildError, OSError, ValueError) as exc:
        print(f"Build failed, the previous data is untouched: {exc}", file=sys.stderr)
        return 1
    print()
    print(build_module.report_markdown(rep))
    print(f"Report written to {paths.current_set() / 'build_report.md'}")
    return 0


def _refresh(args) -> int:
    try:
        base = download.resolve_base_url(args.url)
    except ValueError as exc:
        print(f"Refresh failed: {download.clean_text(str(exc))}", file=sys.stderr)
        return 2
    print(f"Downloading the current lists from {base} …")
    try:
        result = download.refresh(
            base_url=base,
            timeout=args.timeout,
            deadline=args.deadline,
            max_bytes=int(args.max_mb * 1024 * 1024),
            accept_shrink=args.accept_shrink,
        )
    except Exception as exc:  # whatever went wrong, one line and the data untouched, never a traceback
        print(
            f"Refresh failed ({type(exc).__name__}: {download.clean_text(str(exc))}): nothing was "
            "replaced, the current data is untouched.",
            file=sys.stderr,
        )
        return 1
    print(result.summary())
    if not result.ok:
        print("Refresh failed: nothing was replaced, the current data is untouched.", file=sys.stderr)
        return 1
    print("Downloads stored. Rebuilding the processed data from them…")
    return _build(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="build data/processed/ from data/raw/ and print the report")
    refresh = commands.add_parser("refresh", help="download UNESCO's current lists (Data Hub), then rebuild")
    refresh.add_argument("--url", help="Data Hub base URL (default: $UNESCO_DATAHUB_URL or UNESCO's)")
    refresh.add_argument(
        "--timeout", type=float, default=download.DEFAULT_TIMEOUT, help="seconds to wait for each network operation"
    )
    refresh.add_argument(
        "--deadline", type=float, default=download.DEFAULT_DEADLINE, help="seconds one whole download may take"
    )
    refresh.add_argument(
        "--max-mb",
        type=float,
        default=download.DEFAULT_MAX_BYTES / 1024 / 1024,
        help="the largest download accepted, in MB",
    )
    refresh.add_argument(
        "--accept-shrink",
        action="store_true",
        help=f"accept a list that lost more than {download.DEFAULT_MAX_SHRINK:.0%} of its "
        "designations (an empty one is never accepted)",
    )
    args = parser.parse_args(argv)
    return {"build": _build, "refresh": _refresh}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
