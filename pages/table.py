"""Table and export: the filtered designations, sortable and searchable, as CSV or GeoJSON."""
import streamlit as st

from geo import tables
from pages import common

data, state = common.frame()
shown = common.filtered(state)

st.title("Table and export")
st.caption(common.shown_caption(shown, data) + " · sort by clicking a column header; search with the "
           "table's magnifier or the sidebar.")
table = common.display_table(state.filters, state.lang)
st.dataframe(
    table, hide_index=True, width="stretch", height=560,
    column_config={
        "Official page": st.column_config.LinkColumn("Official page", display_text="Open ↗"),
        "Year": st.column_config.NumberColumn(format="%d"),
        "Area (ha)": st.column_config.NumberColumn(format="localized"),
        "In danger": st.column_config.CheckboxColumn(),
        "Transboundary": st.column_config.CheckboxColumn(),
    },
)
left, right = st.columns(2)
# The files are made only when a button is clicked (a callable), not on every rerun.
left.download_button("Download CSV", lambda: tables.to_csv(shown), file_name="unesco-sites-atlas.csv",
                     mime="text/csv", width="stretch", icon=":material/download:")
right.download_button("Download GeoJSON", lambda: tables.to_geojson(shown), file_name="unesco-sites-atlas.geojson",
                      mime="application/geo+json", width="stretch", icon=":material/download:")
st.caption("Downloads hold exactly the rows shown above. Credit the sources listed on the About page.")
