"""Plotly figures for the dashboard, from an (already filtered) designations frame.

Every builder returns a ``go.Figure`` styled with :data:`TEMPLATE`; an empty selection gives a
figure with the ``labels.CHART_NO_DATA`` note instead of raising. Counting follows :mod:`geo.stats`: in
per-country figures a transboundary designation counts for each of its countries. No Streamlit here.
Every text shown comes from :mod:`geo.labels`.

Text: plotly.js renders a subset of HTML in titles, labels, ticks and hover text, and decodes
``&amp;``/``&lt;``/``&gt;`` but not ``&quot;``. Every name from the data therefore goes through
:func:`_esc` (``html.escape`` without quote escaping) before it reaches a figure.

Render figures with :data:`PLOTLY_CONFIG` (no plotly logo); none of them has a geo subplot, so
plotly.js fetches nothing (a geo subplot would make it fetch a base map from cdn.plot.ly)::

    st.plotly_chart(fig, config=charts.PLOTLY_CONFIG, theme=None)
"""

from __future__ import annotations

import copy
import html
import re
import unicodedata

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from geo import i18n, labels, stats
from geo.iso import country_name
from geo.schema import KINDS, REGIONS
from geo.style import DANGER_COLOR, KIND_COLORS, PLACES_COLOR

__all__ = [
    "PLOTLY_CONFIG",
    "TEMPLATE",
    "compare_countries",
    "compare_growth",
    "country_vs_region",
    "danger_by_region",
    "for_presentation",
    "hierarchy",
    "image_filename",
    "per_year",
    "places_by_country",
    "timeline",
    "timeline_years",
    "top_countries",
    "wh_category_split",
]

PLOTLY_CONFIG = {"displaylogo": False}

FONT = '"Source Sans 3", "Source Sans Pro", "Helvetica Neue", Arial, sans-serif'
TEXT_COLOR = "#262730"
GRID_COLOR = "#E5E5E5"
NEUTRAL = "#595959"  # "all kinds" bars
WH_CATEGORY_COLORS = {"Cultural": "#E69F00", "Natural": "#56B4E9", "Mixed": "#999999"}  # Okabe–Ito
COUNTRY_COLORS = ["#000000", "#E69F00", "#56B4E9", "#CC79A7", "#009E73"]  # compare_growth lines
COUNTRY_DASHES = ["solid", "dash", "dot", "dashdot", "longdash"]
# Titles sit under the toolbar's row and wrap to the width of a phone's chart (about 340 px):
# in characters of a Latin script (a Chinese character counts two), at 20 px and at 15 px.
MODEBAR_ROW = 36
TITLE_WIDTH = 34
SUBTITLE_WIDTH = 40
AXIS_TITLE_WIDTH = 16  # an axis title under a narrow plot (beside long names, or one of two panels)
LEGEND_WIDTH = 30  # a legend entry (a country, a region's average)
TICK_WIDTH = 18  # a long category name beside horizontal bars (a region)
TITLE_LINE, SUBTITLE_LINE, LEGEND_GAP = 26, 20, 12  # px
MAP_EXCLUDED = {"ATA"}  # Antarctica: no designations, and half the map in most projections


def _template() -> go.layout.Template:
    """plotly_white with large fonts, kind colours and the legend on top."""
    template = copy.deepcopy(pio.templates["plotly_white"])
    axis = dict(
        gridcolor=GRID_COLOR,
        linecolor="#BDBDBD",
        automargin=True,
        zeroline=False,
        title=dict(font=dict(size=16), standoff=12),
        tickfont=dict(size=15),
    )
    counts = dict(axis, separatethousands=True)  # "1,200"; x axes often hold years, so y only
    template.layout.update(
        font=dict(family=FONT, size=16, color=TEXT_COLOR),
        title=dict(
            font=dict(size=20),
            x=0,
            xref="container",
            xanchor="left",
            pad=dict(l=16, t=MODEBAR_ROW),  # under the toolbar, never behind it
            y=1,
            yref="container",
            yanchor="top",
            automargin=True,  # the plot starts below the title and subtitle
            subtitle=dict(font=dict(size=15, color=NEUTRAL)),
        ),
        colorway=list(KIND_COLORS.values()),
        paper_bgcolor="white",
        plot_bgcolor="white",
        legend=dict(  # under the subtitle (placed by _styled); the plot starts below its rows
            orientation="h",
            x=0,
            xref="container",  # rows as wide as the chart, not only its plot area
            xanchor="left",
            yref="container",
            yanchor="top",
            title_text="",
            font=dict(size=15),
            traceorder="normal",
        ),
        hoverlabel=dict(font=dict(family=FONT, size=15), bgcolor="white", bordercolor="#888888"),
        modebar=dict(color=NEUTRAL, activecolor=TEXT_COLOR),  # the toolbar's icons at 3:1 or more
        margin=dict(l=20, r=30, t=MODEBAR_ROW + 40, b=40),
        xaxis=axis,
        yaxis=counts,
    )
    return template


TEMPLATE = _template()


def image_filename(fig: go.Figure) -> str:
    """A file name (without extension) for a downloaded chart: the atlas' name and the chart's
    title, e.g. ``unesco-sites-atlas-designations-per-year``."""
    title = html.unescape(re.sub(r"<[^>]*>", " ", fig.layout.title.text or ""))
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return "-".join(filter(None, ["unesco-sites-atlas", slug]))[:100].rstrip("-")


def _esc(text: object) -> str:
    """Plain text made safe for Plotly's HTML-ish text (``<`` never opens a tag)."""
    return html.escape(str(text), quote=False)


def _text_width(text: str) -> int:
    """The width of ``text`` in Latin characters: a wide (Chinese, Japanese, Korean) one counts two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> str:
    """``text`` in lines of about ``width`` Latin characters joined by ``<br>``: broken at spaces,
    and between any two characters of scripts written without spaces (Chinese)."""
    lines: list[str] = []
    line = ""
    for word in re.findall(r"[\u2e80-\uffef]|[^\s\u2e80-\uffef]+\s*", text):
        if line and _text_width(line.rstrip() + word.rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        line += word
    return "<br>".join(lines + [line.rstrip()])


def _styled(
    fig: go.Figure, title: str, subtitle: str | None = None, height: int = 480, legend: bool = True
) -> go.Figure:
    """Template, height, the title and subtitle wrapped to a phone's width, and the legend under
    them: the top margin fits the title block, and Plotly moves the plot down for the legend's rows."""
    title, subtitle = wrap(title, TITLE_WIDTH), subtitle and wrap(subtitle, SUBTITLE_WIDTH)
    lines = title.count("<br>") + 1
    block = MODEBAR_ROW + TITLE_LINE * lines
    if subtitle:
        block += SUBTITLE_LINE * (subtitle.count("<br>") + 1) + 6
    fig.update_layout(
        template=TEMPLATE,
        height=height,
        margin_t=block + (LEGEND_GAP if legend else 24),
        separators=i18n.separators(),
        # Plotly raises a title of several lines by half a line per extra line: down again
        title=dict(text=title, subtitle_text=subtitle, pad_t=MODEBAR_ROW + (lines - 1) * TITLE_LINE // 2),
        legend_y=1 - (block + LEGEND_GAP) / height,
    )
    return fig


def right_to_left(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` laid out for a language written right to left: title and legend on the
    right, value axes on the right, category and year axes running from the right."""
    fig = go.Figure(fig)
    fig.update_layout(title_x=1, title_xanchor="right", legend_xanchor="right", legend_x=1)
    fig.update_xaxes(autorange="reversed")
    fig.update_yaxes(side="right")
    return fig


# Presentation mode (a room's screen): no chart text under this size, in CSS pixels at 1920×1080.
PRESENTATION_MIN_FONT = 20


def for_presentation(fig: go.Figure, height: int | None = None) -> go.Figure:
    """A copy of ``fig`` for a room's screen: every text (title, subtitle, legend, axes, bar and
    slice labels, notes, hover) at least :data:`PRESENTATION_MIN_FONT` px, a label that would have
    to shrink below it hidden, the top margin grown to hold the larger title and legend; ``height``
    in pixels when given."""
    fig = go.Figure(fig)
    small, body = PRESENTATION_MIN_FONT, PRESENTATION_MIN_FONT + 2
    fig.update_layout(
        font_size=body,
        title_font_size=small + 10,
        title_subtitle_font_size=body,
        legend_font_size=body,
        hoverlabel_font_size=body,
        uniformtext=dict(minsize=small, mode="hide"),
        margin_t=round((fig.layout.margin.t or 100) * 1.5),
    )
    if height:
        fig.update_layout(height=height)
    fig.update_xaxes(tickfont_size=small, title_font_size=body)
    fig.update_yaxes(tickfont_size=small, title_font_size=body)
    fig.for_each_annotation(lambda note: note.update(font_size=max(note.font.size or 0, body)))
    for trace in fig.data:
        if "textfont" in trace:
            trace.textfont.size = max(trace.textfont.size or 0, body)
    return fig


def _figure(title: str, subtitle: str | None = None, height: int = 480, legend: bool = True) -> go.Figure:
    return _styled(go.Figure(), title, subtitle, height, legend)


def _empty(title: str, message: str | None = None) -> go.Figure:
    """A figure holding only ``message`` (by default: no designation matches), centred."""
    message = message or labels.CHART_NO_DATA
    fig = _figure(title, height=320, legend=False)
    fig.add_annotation(
        text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font=dict(size=18, color=NEUTRAL)
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _no_wh(df: pd.DataFrame, title: str) -> go.Figure:
    return _empty(title, labels.CHART_NO_DATA if df.empty else labels.CHART_NO_WH)


def _names(countries: pd.DataFrame | None, iso3s) -> list[str]:
    """Escaped display names for ``iso3s`` (the countries table's, else pycountry's)."""
    known = {} if countries is None else dict(zip(countries["iso3"], countries["name"].fillna("")))
    return [_esc(known.get(code) or country_name(code)) for code in iso3s]


def _rate_column(per: str) -> str:
    if per not in stats.RATE_COLUMNS:
        raise ValueError(f"per must be one of {sorted(stats.RATE_COLUMNS)}, not {per!r}")
    return stats.RATE_COLUMNS[per]


def _region_label(region: str) -> str:
    """A UNESCO region's name in the run's language."""
    return labels.REGION_LABELS.get(region, region)


def _region_of(countries: pd.DataFrame, iso3: str) -> str | None:
    region = countries.loc[countries["iso3"] == iso3, "region"].dropna()
    return region.iloc[0] if len(region) else None


def _kinds_present(frame: pd.DataFrame) -> list[str]:
    present = set(frame["designation"])
    return [kind for kind in KINDS if kind in present]


# --- countries ---------------------------------------------------------------------------------


def top_countries(df: pd.DataFrame, countries: pd.DataFrame, n: int = 20, per: str = "raw") -> go.Figure:
    """Horizontal bars: the ``n`` countries with the most designations (``per``: raw counts, per
    million people or per 100,000 km²), stacked by kind."""
    column = _rate_column(per)
    title = labels.TOP_COUNTRIES_TITLES[per]
    rates = stats.country_rates(df, countries).dropna(subset=[column])
    if rates.empty:
        return _empty(title)
    top = rates.sort_values([column, "iso3"], ascending=[False, True]).head(n)
    ranked = pd.DataFrame(
        {"iso3": top["iso3"], "name": _names(countries, top["iso3"]), "total": top["count"], "rate": top[column]}
    )
    parts = stats.by_country_kind(df).merge(ranked, on="iso3")
    parts["value"] = parts["rate"] * parts["count"] / parts["total"]  # the kind's share of the rate

    fig = _figure(
        title, labels.TOP_N.format(n=len(ranked), note=labels.TRANSBOUNDARY_NOTE), height=235 + 30 * len(ranked)
    )
    rate_line = "" if per == "raw" else f"<br>%{{x:,.2f}} {labels.PER_LABELS[per]}"
    for kind in _kinds_present(parts):
        rows = parts[parts["designation"] == kind]
        fig.add_trace(
            go.Bar(
                x=rows["value"],
                y=rows["name"],
                orientation="h",
                name=labels.KIND_LABELS[kind],
                marker_color=KIND_COLORS[kind],
                customdata=rows[["count"]].to_numpy(),
                hovertemplate=f"<b>%{{y}}</b><br>{labels.KIND_LABELS[kind]}: %{{customdata[0]:,}}{rate_line}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text=wrap(labels.PER_AXIS[per], AXIS_TITLE_WIDTH), separatethousands=True)
    fig.update_yaxes(categoryorder="array", categoryarray=ranked["name"].tolist()[::-1], showgrid=False)
    return fig


def places_by_country(places: pd.DataFrame, countries: pd.DataFrame, n: int = 15) -> go.Figure:
    """Horizontal bars: the ``n`` countries with the most shared places (``stats.places`` rows)."""
    title = labels.PLACES_BY_COUNTRY_TITLE
    if places.empty:
        return _empty(title)
    counts = places.groupby("iso3").size().rename("count").reset_index()
    top = counts.sort_values(["count", "iso3"], ascending=[False, True]).head(n)
    fig = _figure(title, labels.PLACES_BY_COUNTRY_NOTE.format(n=len(top)), height=170 + 30 * len(top), legend=False)
    fig.add_trace(
        go.Bar(
            x=top["count"],
            y=_names(countries, top["iso3"]),
            orientation="h",
            marker_color=PLACES_COLOR,
            hovertemplate="<b>%{y}</b><br>" + labels.HOVER_PLACES.format(count="%{x:,}") + "<extra></extra>",
        )
    )
    fig.update_xaxes(title_text=wrap(labels.PLACES_AXIS, AXIS_TITLE_WIDTH), separatethousands=True, rangemode="tozero")
    fig.update_yaxes(autorange="reversed", showgrid=False)
    return fig


def shared_places_by_country(df: pd.DataFrame, countries: pd.DataFrame, min_kinds: int = 2, n: int = 15) -> go.Figure:
    """:func:`places_by_country` of the places holding ``min_kinds`` kinds or more among ``df``."""
    return places_by_country(stats.places(df, min_kinds=min_kinds), countries, n)


def country_vs_region(df: pd.DataFrame, iso3: str, countries: pd.DataFrame) -> go.Figure:
    """Grouped bars: one country's designations per kind against its region's average."""
    name = _names(countries, [iso3])[0]
    own_region = _region_of(countries, iso3)
    region = _esc(_region_label(own_region)) if own_region else None
    title = (labels.VS_REGION_TITLE if region else labels.BY_KIND_TITLE).format(country=name)
    if df.empty:
        return _empty(title)
    table = stats.vs_region_average(df, iso3, countries)
    kinds = [labels.KIND_LABELS.get(k, labels.ALL_KINDS) for k in table["designation"]]
    colors = [KIND_COLORS.get(k, NEUTRAL) for k in table["designation"]]

    fig = _figure(title, labels.TRANSBOUNDARY_NOTE if region else labels.NO_REGION_AVERAGE)
    fig.add_trace(
        go.Bar(
            x=kinds,
            y=table["country"],
            name=wrap(name, LEGEND_WIDTH),
            marker_color=colors,
            text=table["country"],
            textposition="outside",
            hovertemplate="<b>%{fullData.name}</b><br>%{x}: %{y:,}<extra></extra>",
        )
    )
    if region:
        members = int((countries["region"] == own_region).sum())
        fig.add_trace(
            go.Bar(
                x=kinds,
                y=table["region_average"],
                name=wrap(labels.REGION_AVERAGE.format(region=region, n=members), LEGEND_WIDTH),
                marker=dict(
                    color="white",
                    line=dict(color=colors, width=2),
                    pattern=dict(shape="/", fgcolor=colors, solidity=0.35),
                ),
                text=[i18n.number(v, 1) for v in table["region_average"]],
                textposition="outside",
                hovertemplate="<b>%{fullData.name}</b><br>%{x}: %{y:.1f}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text=labels.AXIS_DESIGNATIONS, rangemode="tozero")
    fig.update_xaxes(showgrid=False)
    return fig


def compare_countries(df: pd.DataFrame, iso3s: list[str], countries: pd.DataFrame) -> go.Figure:
    """Grouped bars: designations per kind for a few countries side by side."""
    title = labels.COMPARE_KINDS_TITLE
    if not iso3s:
        return _empty(title, labels.CHART_NO_COUNTRIES)
    counts = stats.by_country_kind(df).pivot(index="iso3", columns="designation", values="count")
    counts = counts.reindex(index=list(iso3s), columns=list(KINDS)).fillna(0).astype("int64")
    if not counts.to_numpy().any():
        return _empty(title)
    names = _names(countries, iso3s)
    fig = _figure(title, labels.TRANSBOUNDARY_NOTE)
    for kind in counts.columns[counts.any()]:
        fig.add_trace(
            go.Bar(
                x=names,
                y=counts[kind],
                name=labels.KIND_LABELS[kind],
                marker_color=KIND_COLORS[kind],
                text=counts[kind],
                textposition="outside",
                hovertemplate=f"<b>%{{x}}</b><br>{labels.KIND_LABELS[kind]}: %{{y:,}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text=labels.AXIS_DESIGNATIONS, rangemode="tozero")
    fig.update_xaxes(showgrid=False)
    return fig


def compare_growth(df: pd.DataFrame, iso3s: list[str], countries: pd.DataFrame | None = None) -> go.Figure:
    """Lines: cumulative designations per year for a few countries (names from ``countries``
    when given)."""
    title = labels.COMPARE_GROWTH_TITLE
    if not iso3s:
        return _empty(title, labels.CHART_NO_COUNTRIES)
    pairs = stats.country_pairs(df)
    pairs = pairs[pairs["iso3"].isin(iso3s)].dropna(subset=["year"])
    if pairs.empty:
        return _empty(title)
    years = range(int(pairs["year"].min()), int(pairs["year"].max()) + 1)
    cumulative = (
        pd.crosstab(pairs["year"].astype("int64"), pairs["iso3"])
        .reindex(index=years, columns=list(iso3s), fill_value=0)
        .cumsum()
    )
    names = _names(countries, iso3s)
    fig = _figure(title, labels.CUMULATIVE_NOTE.format(note=labels.TRANSBOUNDARY_NOTE))
    hover = labels.HOVER_DESIGNATIONS_BY.format(count="%{y:,}", year="%{x}")
    for i, (iso3, name) in enumerate(zip(iso3s, names)):
        fig.add_trace(
            go.Scatter(
                x=list(years),
                y=cumulative[iso3],
                name=wrap(name, LEGEND_WIDTH),
                mode="lines",
                line=dict(
                    color=COUNTRY_COLORS[i % len(COUNTRY_COLORS)], width=3, dash=COUNTRY_DASHES[i % len(COUNTRY_DASHES)]
                ),
                hovertemplate=f"<b>%{{fullData.name}}</b><br>{hover}<extra></extra>",
            )
        )
    fig.update_xaxes(title_text=labels.AXIS_YEAR, showgrid=False)
    fig.update_yaxes(title_text=labels.AXIS_CUMULATIVE, rangemode="tozero")
    return fig


# --- time --------------------------------------------------------------------------------------


def per_year(df: pd.DataFrame, cumulative: bool = False) -> go.Figure:
    """Designations per year by kind: stacked bars, or cumulative lines."""
    title = labels.CUMULATIVE_TITLE if cumulative else labels.DESIGNATIONS_PER_YEAR
    years = stats.by_year(df)
    if years.empty:
        return _empty(title)
    undated = int(df["year"].isna().sum())
    subtitle = labels.UNDATED_NOTE.format(n=undated) if undated else None
    fig = _figure(title, subtitle)
    for kind, rows in years.groupby("designation", sort=False):
        label, color = labels.KIND_LABELS[kind], KIND_COLORS[kind]
        if cumulative:
            fig.add_trace(
                go.Scatter(
                    x=rows["year"],
                    y=rows["cumulative"],
                    name=label,
                    mode="lines",
                    line=dict(color=color, width=3),
                    hovertemplate=f"{label}: %{{y:,}}<extra></extra>",
                )
            )
        else:
            fig.add_trace(
                go.Bar(
                    x=rows["year"],
                    y=rows["count"],
                    name=label,
                    marker_color=color,
                    hovertemplate=f"{label}: %{{y:,}}<extra></extra>",
                )
            )
    fig.update_layout(barmode="stack", hovermode="x unified", bargap=0.15)
    fig.update_xaxes(title_text=labels.AXIS_YEAR, showgrid=False)
    fig.update_yaxes(
        title_text=labels.AXIS_CUMULATIVE if cumulative else labels.DESIGNATIONS_PER_YEAR, rangemode="tozero"
    )
    return fig


def timeline_years(df: pd.DataFrame) -> tuple[int, int] | None:
    """The first and last year of :func:`timeline` (None: no dated designation with a region)."""
    dated = df.dropna(subset=["year", "region"])
    return None if dated.empty else (int(dated["year"].min()), int(dated["year"].max()))


def timeline(df: pd.DataFrame, year: int | None = None) -> go.Figure:
    """Bars: cumulative designations per region up to ``year`` (default: the last), stacked by
    kind, on the scale of the last year, so that stepping through the years shows them grow."""
    title = labels.TIMELINE_TITLE
    span = timeline_years(df)
    if span is None:
        return _empty(title)
    dated = df.dropna(subset=["year", "region"])
    kinds = _kinds_present(dated)
    first, last = span
    year = last if year is None else min(max(int(year), first), last)
    columns = pd.MultiIndex.from_product([kinds, REGIONS])
    cumulative = (
        pd.crosstab(dated["year"].astype("int64"), [dated["designation"], dated["region"]])
        .reindex(index=range(first, last + 1), columns=columns, fill_value=0)
        .cumsum()
    )
    regions = [wrap(_esc(_region_label(r)), TICK_WIDTH) for r in REGIONS]
    fig = _figure(title, labels.TIMELINE_NOTE.format(year=year), height=520)
    for kind in kinds:
        fig.add_trace(
            go.Bar(
                x=cumulative.loc[year, kind].to_numpy(),
                y=regions,
                orientation="h",
                name=labels.KIND_LABELS[kind],
                marker_color=KIND_COLORS[kind],
                hovertemplate=f"<b>%{{y}}</b><br>{labels.KIND_LABELS[kind]}: %{{x:,}}<extra></extra>",
            )
        )
    most = cumulative.loc[last].groupby(level=1).sum().max()  # the longest bar, in the last year
    fig.update_layout(barmode="stack")
    fig.update_xaxes(
        title_text=wrap(labels.AXIS_CUMULATIVE, AXIS_TITLE_WIDTH),
        range=[0, max(most, 1) * 1.05],
        separatethousands=True,
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    return fig


# --- hierarchy and World Heritage ----------------------------------------------------------------


def hierarchy(df: pd.DataFrame, countries: pd.DataFrame, kind: str = "treemap") -> go.Figure:
    """Treemap or sunburst: region → country → kind (per-country counting)."""
    if kind not in ("treemap", "sunburst"):
        raise ValueError(f"kind must be 'treemap' or 'sunburst', not {kind!r}")
    title = labels.HIERARCHY_TITLE
    counts = stats.by_region_country_kind(df)
    if counts.empty:
        return _empty(title)
    nodes = _hierarchy_nodes(counts, countries)
    trace = go.Treemap if kind == "treemap" else go.Sunburst
    fig = _figure(title, labels.TRANSBOUNDARY_NOTE, height=640, legend=False)
    fig.add_trace(
        trace(
            ids=nodes["id"],
            parents=nodes["parent"],
            labels=nodes["label"],
            values=nodes["value"],
            branchvalues="total",
            marker=dict(colors=nodes["color"]),
            customdata=nodes["hover"],
            hovertemplate="%{customdata}<extra></extra>",
            textinfo="label+value",
        )
    )
    if kind == "sunburst":
        fig.update_traces(leaf_opacity=1)
    return fig


def _hierarchy_nodes(counts: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """``id, parent, label, value, color, hover`` rows: world, regions, countries, kinds."""
    counts = counts.assign(
        name=_names(countries, counts["iso3"]), region_label=counts["region"].map(lambda r: _esc(_region_label(r)))
    )
    regions = counts.groupby(["region", "region_label"], as_index=False)["count"].sum()
    per_country = counts.groupby(["region", "region_label", "iso3", "name"], as_index=False)["count"].sum()
    total = int(counts["count"].sum())
    world = pd.DataFrame(
        {
            "id": ["world"],
            "parent": [""],
            "label": [labels.WORLD],
            "value": [total],
            "color": ["#F2F2F2"],
            "hover": [f"<b>{labels.WORLD}</b><br>{labels.N_DESIGNATIONS.format(n=total)}"],
        }
    )
    region_nodes = pd.DataFrame(
        {
            "id": regions["region"],
            "parent": "world",
            "label": regions["region_label"],
            "value": regions["count"],
            "color": "#D9D9D9",
            "hover": [
                f"<b>{r}</b><br>{labels.N_DESIGNATIONS.format(n=c)}"
                for r, c in zip(regions["region_label"], regions["count"])
            ],
        }
    )
    country_nodes = pd.DataFrame(
        {
            "id": per_country["region"] + "/" + per_country["iso3"],
            "parent": per_country["region"],
            "label": per_country["name"],
            "value": per_country["count"],
            "color": "#EDEDED",
            "hover": [
                f"<b>{n}</b> ({r})<br>{labels.N_DESIGNATIONS.format(n=c)}"
                for n, r, c in zip(per_country["name"], per_country["region_label"], per_country["count"])
            ],
        }
    )
    kind_nodes = pd.DataFrame(
        {
            "id": counts["region"] + "/" + counts["iso3"] + "/" + counts["designation"],
            "parent": counts["region"] + "/" + counts["iso3"],
            "label": counts["designation"].map(labels.KIND_LABELS),
            "value": counts["count"],
            "color": counts["designation"].map(KIND_COLORS),
            "hover": [
                f"<b>{n}</b><br>{labels.KIND_LABELS[k]}: {i18n.number(c)}"
                for n, k, c in zip(counts["name"], counts["designation"], counts["count"])
            ],
        }
    )
    return pd.concat([world, region_nodes, country_nodes, kind_nodes], ignore_index=True)


def wh_category_split(df: pd.DataFrame) -> go.Figure:
    """Donut: World Heritage properties by category (Cultural, Natural, Mixed)."""
    title = labels.WH_CATEGORIES_TITLE
    table = stats.wh_categories(df)
    table = table[table["count"] > 0]
    if table.empty:
        return _no_wh(df, title)
    total = int(table["count"].sum())
    fig = _figure(title, height=460, legend=False)
    fig.add_trace(
        go.Pie(
            labels=table["category"],
            values=table["count"],
            hole=0.55,
            sort=False,
            direction="clockwise",
            marker=dict(colors=table["category"].map(WH_CATEGORY_COLORS), line=dict(color="white", width=2)),
            textinfo="label+percent",
            textfont_size=16,
            showlegend=False,
            hovertemplate=f"<b>%{{label}}</b><br>{labels.KIND_LABELS['world_heritage']}: %{{value:,}} (%{{percent}})"
            "<extra></extra>",
        )
    )
    fig.add_annotation(
        text=f"<b>{total:,}</b><br>{labels.PROPERTIES}",
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font=dict(size=20),
    )
    return fig


def danger_by_region(df: pd.DataFrame) -> go.Figure:
    """Two bar panels per region: World Heritage properties in danger, and their share."""
    title = labels.DANGER_TITLE
    table = stats.in_danger_by_region(df)
    if not table["world_heritage"].any():
        return _no_wh(df, title)
    regions = [wrap(_esc(_region_label(r)), TICK_WIDTH) for r in table["region"]]
    custom = np.column_stack([table["in_danger"], table["world_heritage"], table["share"]])
    in_danger = labels.HOVER_IN_DANGER.format(
        count="%{customdata[0]:,}", total="%{customdata[1]:,}", share="%{customdata[2]:.1%}"
    )
    hover = f"<b>%{{y}}</b><br>{in_danger}<extra></extra>"
    # Each panel is named by its axis title: titles above the panels collide in a narrow column.
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.08)
    fig.add_trace(
        go.Bar(
            x=table["in_danger"],
            y=regions,
            orientation="h",
            marker_color=DANGER_COLOR,
            text=table["in_danger"],
            textposition="outside",
            customdata=custom,
            hovertemplate=hover,
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Bar(
            x=table["share"],
            y=regions,
            orientation="h",
            marker_color=DANGER_COLOR,
            text=[i18n.percent(s) for s in table["share"]],
            textposition="outside",
            customdata=custom,
            hovertemplate=hover,
            showlegend=False,
        ),
        row=1,
        col=2,
    )
    _styled(fig, title, labels.DANGER_NOTE, height=420, legend=False)
    counts_title, share_title = (wrap(text, AXIS_TITLE_WIDTH) for text in labels.DANGER_PANELS)
    fig.update_xaxes(title_text=counts_title, range=[0, max(table["in_danger"].max(), 1) * 1.35], row=1, col=1)
    fig.update_xaxes(
        title_text=share_title, tickformat=".0%", range=[0, max(table["share"].max(), 0.01) * 1.4], row=1, col=2
    )
    fig.update_traces(cliponaxis=False)  # the value labels past the longest bar stay whole
    fig.update_yaxes(autorange="reversed", showgrid=False)
    return fig


# --- map ---------------------------------------------------------------------------------------

BRI_COLORS = {stats.BRI_GROUPS[0]: "#B2182B", stats.BRI_GROUPS[1]: "#7F7F7F"}


def bri_lens(df: pd.DataFrame, countries: pd.DataFrame) -> go.Figure:
    """Grouped bars: designations per country, Belt and Road countries against the rest, by kind."""
    title = labels.BRI_TITLE
    if df.empty:
        return _empty(title)
    table = stats.bri_split(df, countries)
    fig = _figure(title, labels.BRI_NOTE.format(note=labels.TRANSBOUNDARY_NOTE))
    hover = labels.HOVER_PER_COUNTRY.format(value="%{y:.2f}", count="%{customdata:,}")
    for group, rows in table.groupby("group", sort=False):
        kinds = [labels.KIND_LABELS.get(k, labels.ALL_KINDS) for k in rows["designation"]]
        fig.add_trace(
            go.Bar(
                x=kinds,
                y=rows["per_country"],
                name=f"{dict(zip(stats.BRI_GROUPS, labels.BRI_GROUP_LABELS))[group]} ({rows['countries'].iloc[0]})",
                marker_color=BRI_COLORS[group],
                text=[i18n.number(v, 1) for v in rows["per_country"]],
                textposition="outside",
                customdata=rows["count"],
                hovertemplate=f"<b>%{{fullData.name}}</b><br>%{{x}}: {hover}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text=labels.AXIS_PER_COUNTRY, rangemode="tozero")
    fig.update_xaxes(showgrid=False)
    return fig
