"""Text alternatives of the charts: a one-sentence summary and the data as a table, both read
from the figure's own traces, so they say what is drawn. No Streamlit here.

Bars and lines give one row per category (a bar's or a point's position) and one column per
series; a pie one row per slice; a treemap or sunburst one row per region and per country.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import plotly.graph_objects as go

from geo import i18n, labels

MAX_LISTED = 5  # series named in a "by the last year" sentence


def plain(text: object) -> str:
    """Plotly's HTML-ish text as plain text (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]*>", " ", str(text or ""))).strip()


def title(fig: go.Figure) -> str:
    return plain(fig.layout.title.text)


def _number(value: float) -> str:
    return i18n.number(int(value)) if float(value).is_integer() else i18n.number(value, 2)


def _axis_title(fig: go.Figure, axis_id: str | None, letter: str) -> str:
    axis = fig.layout[f"{letter}axis{(axis_id or letter)[1:]}"]
    return plain(axis.title.text) if axis.title and axis.title.text else ""


def _cartesian(fig: go.Figure, traces: list) -> tuple[pd.DataFrame, str]:
    """Bars and lines: categories × series, and the category axis' title."""
    columns, category_title = {}, ""
    for trace in traces:
        horizontal = trace.type == "bar" and trace.orientation == "h"
        categories, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
        value_axis = (trace.xaxis, "x") if horizontal else (trace.yaxis, "y")
        category_title = category_title or _axis_title(fig, *((trace.yaxis, "y") if horizontal else (trace.xaxis, "x")))
        name = plain(trace.name) or _axis_title(fig, *value_axis) or labels.CHART_VALUE
        while name in columns:  # two panels or traces of one name keep both
            name += " "
        columns[name] = pd.Series(list(values), index=[plain(c) if isinstance(c, str) else c for c in categories])
    table = pd.DataFrame(columns)
    if all(t.type == "scatter" for t in traces):  # lines: a series holds its value between points
        table = table.ffill()
    return table, category_title


def _hierarchy(trace) -> pd.DataFrame:
    """Regions and the countries in them (the first two levels under the root)."""
    nodes = pd.DataFrame(
        {"id": trace.ids, "parent": trace.parents, "label": [plain(x) for x in trace.labels], "value": trace.values}
    )
    root = nodes.loc[nodes["parent"] == "", "id"]
    top = nodes[nodes["parent"].isin(root)]
    rows = []
    for node in top.itertuples():
        rows.append((node.label, node.value))
        for child in nodes[nodes["parent"] == node.id].itertuples():
            rows.append((labels.CHART_PATH.format(parent=node.label, child=child.label), child.value))
    return pd.DataFrame(rows, columns=[labels.CHART_CATEGORY, labels.CHART_VALUE]).set_index(labels.CHART_CATEGORY)


def data_table(fig: go.Figure) -> pd.DataFrame:
    """What the chart draws, as a table with a named header for every column (the index
    included); empty for a chart that shows only a message."""
    traces = [t for t in fig.data if t.visible is not False]
    if not traces:
        return pd.DataFrame()
    kind = traces[0].type
    if kind == "pie":
        table = pd.DataFrame({labels.CHART_VALUE: list(traces[0].values)}, index=[plain(x) for x in traces[0].labels])
        category: str = labels.CHART_CATEGORY
    elif kind in ("treemap", "sunburst"):
        return _hierarchy(traces[0])
    else:
        table, category = _cartesian(fig, traces)
    table.index.name = category or labels.CHART_CATEGORY
    return table.fillna(0).round(3)


def _sentence(fig: go.Figure, table: pd.DataFrame) -> str:
    traces = [t for t in fig.data if t.visible is not False]
    kind = traces[0].type
    if kind == "pie":
        values = table[labels.CHART_VALUE]
        total = values.sum()
        return labels.SUMMARY_SHARE.format(
            label=values.idxmax(),
            value=_number(values.max()),
            total=_number(total),
            share=values.max() / total if total else 0,
        )
    if kind in ("treemap", "sunburst"):
        values = table.loc[[i for i in table.index if "›" not in str(i)], labels.CHART_VALUE]
        return _ranked(values)
    first_panel = table.iloc[
        :,
        [
            i
            for i, t in enumerate(traces)
            if (t.xaxis or "x") == (traces[0].xaxis or "x") and (t.yaxis or "y") == (traces[0].yaxis or "y")
        ],
    ]
    years = all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in first_panel.index)
    stacked = fig.layout.barmode == "stack" or first_panel.shape[1] == 1
    if years and kind == "scatter" and first_panel.shape[1] > 1:
        end = first_panel.iloc[-1].sort_values(ascending=False).head(MAX_LISTED)
        values = ", ".join(labels.SUMMARY_PAIR.format(name=n.strip(), value=_number(v)) for n, v in end.items())
        return labels.SUMMARY_BY_END.format(last=first_panel.index[-1], values=values)
    if stacked:
        totals = first_panel.sum(axis=1)
        if years:
            return labels.SUMMARY_YEARS.format(
                first=totals.index[0], last=totals.index[-1], peak=totals.idxmax(), value=_number(totals.max())
            )
        return _ranked(totals)
    series = first_panel.max().idxmax()
    return labels.SUMMARY_HIGHEST.format(
        category=first_panel[series].idxmax(), series=series.strip(), value=_number(first_panel[series].max())
    )


def _ranked(values: pd.Series) -> str:
    if len(values) == 1:
        return labels.SUMMARY_ONE.format(top=values.index[0], top_value=_number(values.iloc[0]))
    return labels.SUMMARY_RANKED.format(
        top=values.idxmax(),
        top_value=_number(values.max()),
        bottom=values.idxmin(),
        bottom_value=_number(values.min()),
        n=len(values),
    )


def summary(fig: go.Figure) -> str:
    """The chart's title and one sentence about its data (or the message it shows instead)."""
    table = data_table(fig)
    if table.empty:
        message = "; ".join(plain(a.text) for a in fig.layout.annotations) or labels.CHART_NO_DATA
        sentence = labels.SUMMARY_EMPTY.format(message=message)
    else:
        sentence = _sentence(fig, table)
    return labels.CHART_SUMMARY.format(title=title(fig), sentence=sentence)
