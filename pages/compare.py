"""Compare two to five countries side by side: kinds, growth, danger, shared places."""
from dataclasses import replace

import pandas as pd
import streamlit as st

from geo import charts, labels, stats
from geo.schema import KINDS
from pages import common

MAX_COUNTRIES = 5

data, state = common.frame()
names = dict(zip(data.countries["iso3"], data.countries["name"]))
with_sites = sorted(set(data.countries.loc[data.countries["designations"] > 0, "iso3"]), key=names.get)
# The countries compared are the sidebar's country filter; the rest of the filters apply.
chosen = [c for c in state.filters.countries if c in names][:MAX_COUNTRIES]
shown = common.filtered(replace(state, filters=replace(state.filters, countries=())))

st.title("Compare countries")
st.session_state.setdefault("cmp", chosen)
st.multiselect("Countries to compare (two to five)", with_sites, key="cmp", max_selections=MAX_COUNTRIES,
               format_func=names.get, placeholder="Choose countries…",
               on_change=lambda: common.set_filters(countries=tuple(st.session_state["cmp"] or ())))
if len(chosen) < 2:
    st.info("Choose at least two countries (for example China, France and Italy). They are kept in "
            "the link as the country filter.")
else:
    summary = stats.country_summary(shown).reindex(chosen).fillna(0)
    places = stats.places(shown, min_kinds=2)
    table = pd.DataFrame({
        "Country": [names[c] for c in chosen],
        "All designations": summary["total"].astype(int).to_numpy(),
        **{labels.KIND_LABELS_PLURAL[k]: summary[k].astype(int).to_numpy() for k in KINDS},
        "World Heritage in danger": summary["in_danger"].astype(int).to_numpy(),
        "Share of WH in danger": [f"{d / w:.0%}" if w else "—" for d, w in
                                  zip(summary["in_danger"], summary["world_heritage"])],
        "Places with several kinds": [int((places["iso3"] == c).sum()) for c in chosen],
        "Belt and Road": [labels.BRI_SHORT.get(s if isinstance(s, str) else None)
                          for s in data.countries.set_index("iso3")["bri_status"].reindex(chosen)],
    })
    st.dataframe(table, hide_index=True, width="stretch")
    left, right = st.columns(2)
    with left:
        common.plotly(charts.compare_countries(shown, chosen, data.countries))
    with right:
        common.plotly(charts.compare_growth(shown, chosen, data.countries))
    st.caption("A transboundary designation counts once for each of its countries.")
