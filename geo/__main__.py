"""Command line: ``python -m geo build`` and ``python -m geo refresh``."""
from __future__ import annotations

import argparse
import sys

from geo import build as build_module
from geo import datahub, paths


def _build(_args) -> int:
    try:
        rep = build_module.build()
    except (build_module.BuildError, OSError, ValueError) as exc:
        print(f"Build failed, the previous data is untouched: {exc}", file=sys.stderr)
        return 1
    print()
    print(build_module.report_markdown(rep))
    print(f"Report written to {paths.processed_dir() / 'build_report.md'}")
    return 0


def _refresh(args) -> int:
    print(f"Downloading the current lists from {datahub.resolve_base_url(args.url)} …")
    result = datahub.refresh(base_url=args.url, timeout=args.timeout)
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
    refresh.add_argument("--timeout", type=float, default=datahub.DEFAULT_TIMEOUT,
                         help="seconds to wait for each network operation")
    args = parser.parse_args(argv)
    return {"build": _build, "refresh": _refresh}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
