"""Table and export: the filtered designations, sortable and searchable, as CSV, GeoJSON or Excel."""

import streamlit as st

from app_pages.shared import data, display, presentation, view
from geo import labels, tables

# Rows sent to the browser's grid: beyond this it grows slow to send and to scroll; the
# downloads still hold every filtered row.
MAX_ROWS = 20_000
ROW_HEIGHT = 40  # px of a row in presentation mode

atlas = data.atlas()
state = view.current()
shown = data.filtered(state.filters)

table = data.display_table(state.filters, state.lang)
header = labels.COLUMNS
columns = {
    header["url"]: st.column_config.LinkColumn(header["url"], display_text=labels.OPEN_LINK),
    header["year"]: st.column_config.NumberColumn(format="%d"),
    header["area_ha"]: st.column_config.NumberColumn(format="localized"),
    header["in_danger"]: st.column_config.CheckboxColumn(),
    header["transboundary"]: st.column_config.CheckboxColumn(),
}
if state.present or presentation.embedded():  # the first rows, as many as fit the screen
    rows = presentation.HEIGHT // ROW_HEIGHT - 1  # under the header row
    st.dataframe(
        table.head(rows),
        hide_index=True,
        width="stretch",
        height=(min(rows, len(table)) + 1) * ROW_HEIGHT + 2,
        row_height=ROW_HEIGHT,
        column_config=columns,
    )
    st.stop()

st.title(labels.PAGE_TITLES["table"])
st.caption(labels.TABLE_HINT.format(shown=display.shown_caption(shown)))
if len(table) > MAX_ROWS:
    st.info(labels.TABLE_CAPPED.format(limit=MAX_ROWS, n=len(table)), icon=":material/info:")
st.dataframe(table.head(MAX_ROWS), hide_index=True, width="stretch", height=560, column_config=columns)
# (label, file extension, type, maker): the files are made only when a button is clicked, not on every rerun.
EXPORTS = [
    (labels.DOWNLOAD_CSV, "csv", "text/csv", lambda: tables.to_csv(shown, atlas.countries, state.lang)),
    (
        labels.DOWNLOAD_GEOJSON,
        "geojson",
        "application/geo+json",
        lambda: tables.to_geojson(shown, atlas.countries, state.lang),
    ),
    (
        labels.DOWNLOAD_EXCEL,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda: tables.to_excel(shown, data.export_about(state.filters, state.lang), atlas.countries, state.lang),
    ),
]
for column, (label, extension, mime, make) in zip(st.columns(len(EXPORTS)), EXPORTS):
    column.download_button(
        label,
        display.in_view_language(make),
        file_name=f"unesco-sites-atlas.{extension}",
        mime=mime,
        width="stretch",
        icon=":material/download:",
    )
st.caption(labels.DOWNLOADS_NOTE)
