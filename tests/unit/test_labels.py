"""geo.labels holds every piece of interface text: no sentence hides in the pages, charts or
maps, and every template formats with its named placeholders."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from string import Formatter

import pytest
import streamlit

from geo import labels

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = [
    ROOT / "dashboard.py",
    *sorted((ROOT / "app_pages").glob("*.py")),
    *(ROOT / "geo" / name for name in ("brief.py", "charts.py", "maps.py", "tables.py", "urlstate.py", "store.py")),
]

# Streamlit calls: st.x(...) or a container's method of the same name (left.metric(...)).
STREAMLIT_CALLS = {name for name in dir(streamlit) if not name.startswith("_")}
# Their arguments that are never shown as text.
NOT_TEXT = {
    "key",
    "icon",
    "mime",
    "file_name",
    "type",
    "language",
    "format",
    "selection_mode",
    "sort",
    "url_path",
    "page_icon",
    "layout",
    "initial_sidebar_state",
    "on_change",
    "on_click",
    "args",
    "width",
    "height",
    "label_visibility",
    "state",
    "query_params",
}
# Anywhere: keyword arguments, parameters, dict keys and variables that hold text for people.
TEXT_NAMES = {
    "title",
    "subtitle",
    "title_text",
    "subtitle_text",
    "text",
    "name",
    "label",
    "help",
    "placeholder",
    "hovertemplate",
    "prefix",
    "legend_title",
    "display_text",
    "subplot_titles",
    "no_data_label",
    "attribution",
    "show_spinner",
    "page_title",
    "message",
    "note",
    "hover",
    "caption",
    "missing",
    "labels",
}
LIST_OF_MESSAGES = {"notices", "facts", "lines"}  # notices.append("…")
NOT_TEXT_CONSTANTS = {"FONT"}  # module constants that only look like words

_MARKUP = re.compile(r"<style>.*?</style>|<[^>]*>|%\{[^}]*\}|\{[^}]*\}|:[a-z_/]+:", re.S)
# a=b, text/csv, name_fr, f(x), UnescoAtlas.fit, and file names made of a prefix, a value and an
# extension (f"outlines-{digest}.json" reads "outlines- .json" once the value is gone)
_CODE_LIKE = re.compile(r"[=&?/_#]|\w\(|\w\.\w{2,}|\w-$|^\.\w+$")
LOGGERS = {"_LOG", "logger", "log", "logging"}  # _LOG.warning(…) is for the server log, not st.warning


def is_prose(text: str, has_values: bool) -> bool:
    """Words for people: two or more (one is enough next to a value, as in f"{n} sites"), once
    markup, placeholders, icons and code-like tokens (``a=b``, ``text/csv``, ``name_fr``) are gone."""
    words = [w for w in _MARKUP.sub(" ", text).split() if re.search(r"[^\W\d_]", w) and not _CODE_LIKE.search(w)]
    return len(words) >= (1 if has_values else 2)


def literals(node: ast.AST):
    """``(line, text, has_values)`` for each string literal in ``node``; an f-string is one text
    with ``{}`` for its values. Streamlit arguments in NOT_TEXT are skipped."""
    if isinstance(node, ast.JoinedStr):
        parts = [v.value if isinstance(v, ast.Constant) else "{}" for v in node.values]
        yield node.lineno, "".join(parts), len(parts) > sum(isinstance(v, ast.Constant) for v in node.values)
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                yield from literals(value.value)
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            yield node.lineno, node.value, False
    elif isinstance(node, ast.keyword):
        if node.arg not in NOT_TEXT:
            yield from literals(node.value)
    else:
        for child in ast.iter_child_nodes(node):
            yield from literals(child)


def _name(node: ast.AST | None) -> str | None:
    """``x`` for ``x`` and for ``a.b.x``."""
    return getattr(node, "id", None) or getattr(node, "attr", None)


def _called(node: ast.Call) -> tuple[str | None, str | None]:
    """(root, last name) of what is called: ``st.column_config.LinkColumn(…)`` → ("st", "LinkColumn")."""
    func = node.func
    while isinstance(func, (ast.Attribute, ast.Subscript, ast.Call)):
        func = func.func if isinstance(func, ast.Call) else func.value
    return _name(func), _name(node.func)


class _Finder(ast.NodeVisitor):
    """Collects the expressions whose strings reach people: Streamlit arguments, text keywords,
    text variables and dict keys, returned values, notices, DataError messages, module constants."""

    def __init__(self) -> None:
        self.places: list[ast.AST] = []

    def visit_Module(self, node: ast.Module) -> None:
        for statement in node.body:
            targets = getattr(statement, "targets", [getattr(statement, "target", None)])
            if (
                isinstance(statement, (ast.Assign, ast.AnnAssign))
                and statement.value is not None
                and not any(getattr(t, "id", None) in NOT_TEXT_CONSTANTS for t in targets)
            ):
                self.places.append(statement.value)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        root, name = _called(node)
        receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
        appends_message = name == "append" and _name(receiver) in LIST_OF_MESSAGES
        if _name(receiver) in LOGGERS:
            pass
        elif root == "st" or name in STREAMLIT_CALLS or appends_message:
            self.places += [*node.args, *node.keywords]
        else:
            self.places += [k.value for k in node.keywords if k.arg in TEXT_NAMES]
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        arguments = node.args.args + node.args.kwonlyargs
        defaults = [None] * (len(node.args.args) - len(node.args.defaults)) + node.args.defaults + node.args.kw_defaults
        self.places += [d for a, d in zip(arguments, defaults) if d is not None and a.arg in TEXT_NAMES]
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        if any(isinstance(t, ast.Name) and t.id in TEXT_NAMES for t in node.targets):
            self.places.append(node.value)
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        self.places += [
            v for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant) and k.value in TEXT_NAMES
        ]
        self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:
        if node.value is not None:
            self.places.append(node.value)

    def visit_Raise(self, node: ast.Raise) -> None:
        if isinstance(node.exc, ast.Call) and _called(node.exc)[1] == "DataError":
            self.places += node.exc.args


def interface_literals(source: str) -> list[tuple[int, str]]:
    """``(line, text)`` of the sentences in ``source`` that people would read."""
    finder = _Finder()
    finder.visit(ast.parse(source))
    found = {
        (line, text) for place in finder.places for line, text, values in literals(place) if is_prose(text, values)
    }
    return sorted(found)


def test_no_interface_text_outside_labels():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in UI_FILES
        for line, text in interface_literals(path.read_text(encoding="utf-8"))
    ]
    assert not found, "interface text belongs in geo/labels.py:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        'st.caption("Some new sentence")',
        'left.metric(f"{n} sites", 3)',
        'st.button(labels.OK, help="Does a thing")',
        'fig.update_xaxes(title_text="Designations per year")',
        'def f(df):\n    title = "Sites by year"\n    return _empty(title)',
        'def f(n):\n    return f"{n} sites found"',
        'self.notices.append(f"Ignored {key}.")',
        'raise DataError(f"{name} is missing")',
        'fig.add_trace(go.Bar(hovertemplate="%{y} sites in all<extra></extra>"))',
        'x = {"label": f"{count:,} designations"}',
        'NOTE = "A module constant with words"',
        'st.warning("Some files are missing")',
    ],
)
def test_the_check_finds_interface_text(source):
    assert interface_literals(source), source


@pytest.mark.parametrize(
    "source",
    [
        "st.caption(labels.NOTE.format(n=3))",
        'st.download_button(labels.CSV, data, file_name="unesco-sites-atlas.csv", mime="text/csv")',
        'st.html(f\'<h3 dir="auto" class="atlas-site-name">{escape(name)}</h3>\')',
        'fig.update_layout(hovermode="x unified", barmode="stack")',
        'def href(q):\n    return f"map?{q}&site="',
        'raise ValueError(f"kind must be treemap, not {kind!r}")',
        'CSS = """<style>html, body { font-size: 21px; }</style>"""',
        'st.session_state.setdefault("c_per", state.per)',
        '_LOG.warning("map files not published to %s (%s)", path, exc)',
        'def name(digest):\n    return f"outlines-{digest}.json"',
    ],
)
def test_the_check_leaves_code_alone(source):
    assert not interface_literals(source), source


# ---------------------------------------------------------------- the texts themselves


def _texts(value, name: str):
    """``(name, text)`` for every string in a label (inside dicts and tuples too)."""
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{name}[{key!r}]")
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from _texts(item, f"{name}[{i}]")


def test_every_template_formats_with_named_placeholders():
    texts = [t for name in dir(labels) if name.isupper() for t in _texts(getattr(labels, name), name)]
    assert len(texts) > 250
    for name, text in texts:
        fields = [field for _, field, _, _ in Formatter().parse(text) if field is not None]
        assert all(field.isidentifier() for field in fields), f"{name}: placeholders must be named: {text!r}"
        formatted = text.format(**{field: 1234 for field in fields})  # a number suits every format spec used
        assert "{" not in formatted and "}" not in formatted, name


def test_the_map_script_uses_only_texts_from_map_text():
    script = "".join((ROOT / "static" / "atlas" / name).read_text(encoding="utf-8") for name in ("atlas.js", "live.js"))
    used = set(re.findall(r"\b(?:data\.text|t)\.([A-Za-z]+)", script))
    assert used == set(labels.MAP_TEXT)
