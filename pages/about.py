"""About and sources: credits and licences, coverage against official totals, data quality."""
import pandas as pd
import streamlit as st

from geo import labels
from geo.paths import reference_dir
from geo.text import markdown_escape
from pages import common

data, state = common.frame()
report = data.report

st.title("About and sources")
st.write(f"{labels.APP_TAGLINE}. Every record is placed on the map; where a source gives no "
         "coordinates the atlas geocodes the host city or locality offline and says how precise "
         "the point is. Every filter lives in the page address, so a copied link reopens the same view.")

st.header("Coverage against the official totals")
coverage = pd.DataFrame(report["coverage"])
st.dataframe(pd.DataFrame({
    "Kind": coverage["label"],
    "In the atlas": coverage["count"],
    "Official total": coverage["official_total"].map(lambda v: "unknown" if pd.isna(v) else f"{int(v):,}"),
    "Coverage": coverage["coverage_pct"].map(lambda v: "n/a" if pd.isna(v) else f"{v:.1f}%"),
    "Countries (atlas)": coverage["countries"],
    "Countries (official)": coverage["official_countries"].map(lambda v: "unknown" if pd.isna(v) else f"{int(v):,}"),
    "Official figure as of": coverage["official_as_of"],
}), hide_index=True, width="stretch")
st.caption("Official totals: UNESCO Data Hub metadata as read by a public client (late 2026). "
           "UNESCO publishes no count of category 2 centres; its pages said \"over 100\" in 2018–2022.")

st.header("How precise the points are")
precision = pd.DataFrame(report["geocode_precision"]).T.fillna(0).astype(int)
precision.index = precision.index.map(labels.KIND_LABELS)
precision.columns = [labels.PRECISION_LABELS.get(c, c) for c in precision.columns]
st.dataframe(precision, width="stretch")
outside = report["outside_country"]
with st.expander(f"{len(outside)} points fall outside their country's outline (flagged, not moved)"):
    st.write("Countries always come from the UNESCO record. A point can fall outside because the "
             "source point is wrong, because the site is offshore, or because Natural Earth draws a "
             "disputed border its own way (Crimea, for example).")
    st.dataframe(pd.DataFrame(outside), hide_index=True, width="stretch")

st.header("What is known to be missing")
for source in report["sources"]:
    with st.expander(f"{source['source']}: {source['rows_out']} kept of {source['rows_in']} read, "
                     f"{source['rejected']} set aside"):
        for note in source["notes"]:
            st.markdown(f"- {markdown_escape(note)}")  # notes quote source text: no links or images

st.header("Sources, licences and credits")
sources = pd.read_csv(reference_dir() / "sources.csv")
for row in sources.itertuples():
    st.markdown(f"**{row.title}**  \nUsed for: {row.used_for}. Snapshot: {row.snapshot_date}.  \n"
                f"Licence: {row.licence}.  \nCredit: {row.credit}")
st.info(labels.DISCLAIMER)
