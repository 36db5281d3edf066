"""Time ``geo.build.build(out_dir=<dest>)`` in a fresh process and list what it wrote.

``python -m bench.buildtime --dest DIR --out r.json``; the imports are timed separately.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

started = time.perf_counter()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dest", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    from geo import build, paths

    imported = time.perf_counter()
    dest = Path(args.dest)
    report = build.build(out_dir=dest, progress=None)
    done = time.perf_counter()
    files = {p.name: p.stat().st_size for p in sorted(paths.current_set(dest).iterdir()) if p.is_file()}
    Path(args.out).write_text(
        json.dumps(
            {
                "build_s": done - imported,
                "imports_s": imported - started,
                "designations": report.get("total_designations"),
                "files": files,
                "processed_bytes": sum(files.values()),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
