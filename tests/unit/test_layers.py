"""The layers import one way: geo/ never imports Streamlit, and the tests never import the
benchmark (bench/ uses the tests' helpers in tests/support/, not the reverse), except the tests
of the benchmark itself."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BENCHMARK_TESTS = {"tests/unit/test_bench_smoke.py", "tests/e2e/test_bench_browser.py"}


def imported(path: Path) -> set[str]:
    """The top-level package of every absolute import in a file, at any depth (imports inside
    functions count)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def importers(folder: str, package: str, allowed: set[str] = frozenset()) -> list[str]:
    """Files under ``folder`` (vendored code aside) that import ``package``, but ``allowed``."""
    files = (p for p in (REPO / folder).rglob("*.py") if "vendor" not in p.parts)
    return sorted(
        name for p in files if (name := p.relative_to(REPO).as_posix()) not in allowed and package in imported(p)
    )


def test_imports_are_found_at_any_depth(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("import os.path\ndef f():\n    from bench.browser import x\n    from . import y\n")
    assert imported(source) == {"os", "bench"}


def test_geo_never_imports_streamlit():
    assert importers("geo", "streamlit") == []


def test_tests_never_import_the_benchmark():
    assert all((REPO / name).exists() for name in BENCHMARK_TESTS)  # no stale exemption
    assert importers("tests", "bench", BENCHMARK_TESTS) == []
