"""About and sources: credits and licences, coverage against official totals, data quality."""

import pandas as pd
import streamlit as st

from app_pages.shared import data, display, view
from geo import basemap, i18n, labels
from geo.paths import reference_dir
from geo.schema import GEOCODE_PRECISIONS


def count_or_unknown(value) -> str:
    """A count from the report, or 'unknown' where the figure is missing."""
    return labels.UNKNOWN if pd.isna(value) else i18n.number(int(value))


atlas = data.atlas()
state = view.current()
report = atlas.report

st.title(labels.PAGE_TITLES["about"])
st.write(labels.ABOUT_INTRO.format(tagline=labels.APP_TAGLINE))

st.header(labels.COVERAGE_HEADING)
coverage = pd.DataFrame(report["coverage"])
header = labels.COLUMNS
st.dataframe(
    pd.DataFrame(
        {
            header["kind"]: coverage["designation"].map(labels.KIND_NAMES),
            header["in_atlas"]: coverage["count"],
            header["official_total"]: coverage["official_total"].map(count_or_unknown),
            header["coverage"]: coverage["coverage_pct"].map(
                lambda v: labels.NOT_APPLICABLE if pd.isna(v) else i18n.percent(v / 100, 1)
            ),
            header["countries_atlas"]: coverage["countries"],
            header["countries_official"]: coverage["official_countries"].map(count_or_unknown),
            header["official_as_of"]: coverage["official_as_of"],
        }
    ),
    hide_index=True,
    width="stretch",
)
st.caption(labels.COVERAGE_NOTE)

st.header(labels.PRECISION_HEADING)
precision = pd.DataFrame(report["geocode_precision"]).T.fillna(0).astype(int)
precision.index = precision.index.map(labels.KIND_LABELS).rename(header["kind"])  # a named header cell
precision = precision.reindex(columns=[p for p in GEOCODE_PRECISIONS if p in precision.columns])
precision.columns = [labels.PRECISION_LABELS.get(c, c) for c in precision.columns]
st.dataframe(precision, width="stretch")
st.caption(labels.PRECISION_NOTE)
st.caption(labels.NO_STATE_PARTY_NOTE)
outside = report["outside_country"]
with st.expander(labels.OUTSIDE_COUNTRY.format(n=len(outside))):
    st.write(labels.OUTSIDE_COUNTRY_NOTE)
    st.dataframe(pd.DataFrame(outside), hide_index=True, width="stretch")

st.header(labels.MISSING_HEADING)
for source in report["sources"]:
    with st.expander(
        labels.SOURCE_SUMMARY.format(
            source=source["source"], kept=source["rows_out"], read=source["rows_in"], rejected=source["rejected"]
        )
    ):
        for note in source["notes"]:  # the build's notes, in English; they quote source text
            st.markdown(f"- {display.cited(note)}", unsafe_allow_html=True)

st.header(labels.SOURCES_HEADING)
sources = pd.read_csv(reference_dir() / "sources.csv")
for row in sources.itertuples():  # titles, licences and credits cited as written
    st.markdown(
        labels.SOURCE_ENTRY.format(
            title=display.cited(row.title),
            used_for=labels.SOURCE_USES.get(row.source, row.used_for),
            snapshot=row.snapshot_date,
            licence=display.cited(row.licence),
            credit=display.cited(row.credit),
        ),
        unsafe_allow_html=True,
    )
host, credit = basemap.tile_source()
st.markdown(labels.TILES_SOURCE.format(host=display.cited(host), credit=display.cited(credit)), unsafe_allow_html=True)
st.info(labels.DISCLAIMER)
