"""Colours, symbols and short codes per designation kind (Okabe–Ito, colour-blind safe), and the
interface's own colours."""

from __future__ import annotations

KIND_COLORS = {
    "world_heritage": "#0072B2",  # blue
    "biosphere_reserve": "#009E73",  # bluish green
    "global_geopark": "#D55E00",  # vermillion
    "category2_centre": "#CC79A7",  # reddish purple
}
KIND_SYMBOLS = {  # a shape per kind, so colour is never the only cue
    "world_heritage": "circle",
    "biosphere_reserve": "diamond",
    "global_geopark": "triangle",
    "category2_centre": "square",
}
DANGER_COLOR = "#B2182B"
PLACES_COLOR = "#56B4E9"  # sky blue
# Interface colours at WCAG 2.1 AA contrast on the page (#FFFFFF) and the sidebar (#F2F5F8)
MUTED_TEXT = "#5A6570"  # captions: 5.9:1 and 5.4:1
FOCUS_RING = "#005A8C"  # keyboard focus outline: 7.4:1 and 6.8:1

# Fonts: the system's own first, then the Noto families a server or kiosk should install for
# Arabic, Chinese and Cyrillic (README: "Fonts"); a script the first fonts lack falls through to
# the next, so text never shows as empty boxes where any of them is present.
FONT_STACK = (
    '"Source Sans Pro", "Source Sans 3", system-ui, -apple-system, "Segoe UI", "Noto Sans", '
    '"Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", '
    '"Microsoft YaHei", "Source Han Sans SC", "DejaVu Sans", Tahoma, Arial, sans-serif'
)
