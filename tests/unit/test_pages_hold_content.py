"""The entry point is the frame: pages hold only their content. Every page file is in the
navigation, and none sets up the page, reads the URL or draws the shared sidebar itself."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE_FILES = sorted((ROOT / "app_pages").glob("*.py"))
FRAME_ONLY = {"set_page_config", "navigation", "query_params", "sidebar", "switch_page"}


def _frame_pages() -> set[str]:
    """The page files dashboard.py's PAGES table names."""
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    table = next(n.value for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "PAGES")
    return {ast.literal_eval(value)[0] for value in table.values}


def test_every_page_file_is_in_the_navigation():
    assert {f"app_pages/{p.name}" for p in PAGE_FILES if p.name != "__init__.py"} == _frame_pages()


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.stem)
def test_page_leaves_the_frame_to_the_entry_point(page):
    tree = ast.parse(page.read_text(encoding="utf-8"))
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "st"
    }
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    # the map page may open a country profile in the same tab (a click on a shaded country)
    allowed = {"switch_page"} if page.stem == "map" else set()
    assert not (used & FRAME_ONLY) - allowed
    assert not {"sidebar", "theme"} & imported
