"""Every page starts with common.frame() and ends with common.controls(): the data and the view
come first, the sidebar filters last (so the page's own content reaches the browser first)."""
import ast
from pathlib import Path

import pytest

from app_pages import common

PAGES = sorted(Path(path) for path, _title, _icon in common.PAGES.values())


def _common_calls(tree: ast.Module) -> list[str]:
    """The ``common.<name>(…)`` calls made at the top level of a page, in order."""
    calls = []
    for statement in tree.body:
        for node in ast.walk(statement):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and getattr(node.func.value, "id", None) == "common"):
                calls.append(node.func.attr)
    return calls


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_starts_with_the_frame_and_ends_with_the_controls(page):
    tree = ast.parse((Path(__file__).resolve().parents[2] / page).read_text(encoding="utf-8"))
    calls = _common_calls(tree)
    assert calls[0] == "frame" and calls.count("frame") == 1
    last = tree.body[-1]
    assert isinstance(last, ast.Expr) and ast.unparse(last) == "common.controls(data)"
    assert calls.count("controls") == 1
