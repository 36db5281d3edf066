"""Command line: ``python -m geo build`` and ``python -m geo refresh``."""
from __future__ import annotations

import argparse
import sys

from geo import build as build_module
from geo import paths


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="build data/processed/ from data/raw/ and print the report")
    args = parser.parse_args(argv)
    return {"build": _build}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
