"""Colours, symbols and short codes per designation kind (Okabe–Ito, colour-blind safe)."""
from __future__ import annotations

KIND_COLORS = {
    "world_heritage": "#0072B2",     # blue
    "biosphere_reserve": "#009E73",  # bluish green
    "global_geopark": "#D55E00",     # vermillion
    "category2_centre": "#CC79A7",   # reddish purple
}
KIND_SYMBOLS = {  # a shape per kind, so colour is never the only cue
    "world_heritage": "circle",
    "biosphere_reserve": "diamond",
    "global_geopark": "triangle",
    "category2_centre": "square",
}
DANGER_COLOR = "#B2182B"
SEQUENTIAL = ["#f7fcf5", "#c7e9c0", "#74c476", "#31a354", "#006d2c", "#00441b"]
PLACES_COLOR = "#56B4E9"  # sky blue
