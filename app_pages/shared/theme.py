"""The page's look: contrast, focus and motion (WCAG 2.1 AA), the type and fonts for every script,
right-to-left layout, and the presentation layout."""

from __future__ import annotations

import json

import streamlit as st

from geo import style

# Fonts: the system's own first, then the Noto families a server or kiosk should install for
# Arabic, Chinese and Cyrillic (README: "Fonts"); a script the first fonts lack falls through to
# the next, so text never shows as empty boxes where any of them is present.
FONT_STACK = (
    '"Source Sans Pro", "Source Sans 3", system-ui, -apple-system, "Segoe UI", "Noto Sans", '
    '"Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", '
    '"Microsoft YaHei", "Source Han Sans SC", "DejaVu Sans", Tahoma, Arial, sans-serif'
)

# Contrast, focus and motion for every page: captions in a grey of 5.4:1 or more on the page and
# the sidebar, a focus ring of 3:1 or more on any control the keyboard reaches, labels that wrap
# instead of being cut (metric labels, the chosen countries, segmented controls and pills on a
# phone), the sidebar's headings in step with the page's, and "reduced motion" honoured (the year-by-year chart does not
# play; animations and transitions stop).
ACCESSIBLE_CSS = f"""<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * {{ color: {style.MUTED_TEXT} !important; opacity: 1 !important; }}
:focus-visible {{ outline: 3px solid {style.FOCUS_RING} !important; outline-offset: 2px !important; }}
[data-baseweb="select"]:focus-within > div, [data-baseweb="input"]:focus-within,
[data-baseweb="textarea"]:focus-within {{ outline: 3px solid {style.FOCUS_RING}; outline-offset: 1px; }}
[data-testid="stCheckbox"] label:has(input:focus-visible), [data-testid="stDataFrame"]:has(:focus-visible) {{
  outline: 3px solid {style.FOCUS_RING}; outline-offset: 2px; }}
[data-testid="stElementToolbar"]:focus-within {{ opacity: 1 !important; }}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {{ white-space: normal !important; overflow-wrap: anywhere; }}
[data-testid="stMultiSelectTagsContainer"] span {{ white-space: normal; overflow: visible; text-overflow: clip; height: auto; }}
[data-testid="stButtonGroup"] > div {{ flex-wrap: wrap; row-gap: 0.4rem; }}
[data-testid="stTabs"] [role="tablist"] {{ flex-wrap: wrap; row-gap: 0; }}
[data-testid="stTabs"] [role="tab"] {{ height: 2.5rem; }}
[data-testid="stSidebar"] h2 {{ font-size: 1.35rem; padding-top: 0.5rem; }}
.atlas-site-name {{ font-size: 1.6rem; }}
.st-key-t_motion_note {{ display: none; }}
@media (prefers-reduced-motion: reduce) {{
  .st-key-t_play {{ display: none; }}
  .st-key-t_motion_note {{ display: block; }}
  *, *::before, *::after {{ animation: none !important; transition: none !important; scroll-behavior: auto !important; }}
}}
</style>"""
FONTS_CSS = f"""<style>
html, body, [data-testid="stAppViewContainer"], [data-testid="stSidebar"], .atlas-frame, .leaflet-container {{
  font-family: {FONT_STACK}; }}
</style>"""
# Right to left (Arabic): the page's text and controls flow from the right; maps keep their
# geography, their popups and legends follow the text (atlas.js sets their direction).
RTL_CSS = """<style>
[data-testid="stMain"], [data-testid="stSidebarContent"] { direction: rtl; text-align: right; }
[data-testid="stMain"] .leaflet-container { direction: ltr; }
[data-testid="stMarkdownContainer"] ul { padding-right: 1.2em; padding-left: 0; }
</style>"""
PAGE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; }
[data-testid="stMetricValue"] { font-size: 2.1rem; }
</style>"""
PRESENTATION_CSS = """<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 21px; }
[data-testid="stMainBlockContainer"] { padding-top: 1.2rem; max-width: 100%; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
[data-testid="stHeader"] { display: none; }  /* it would cover the top of the map and the chart title */
</style>"""


def page_css(*, present: bool, rtl: bool) -> str:
    """The style sheets of a page in this layout and direction."""
    layout = PRESENTATION_CSS if present else PAGE_CSS
    return layout + ACCESSIBLE_CSS + FONTS_CSS + (RTL_CSS if rtl else "")


def set_language(lang: str, direction: str) -> None:
    """Declare the page's language and direction on ``<html>`` (screen readers pick their voice by
    it; Arabic lays the whole page out right to left). The element it needs takes no room."""
    script = (
        f"document.documentElement.lang = {json.dumps(lang)};document.documentElement.dir = {json.dumps(direction)};"
    )
    st.html(
        f'<style>[data-testid="stElementContainer"]:has(script.atlas-lang) {{ display: none; }}</style>'
        f'<script class="atlas-lang">{script}</script>',
        unsafe_allow_javascript=True,
    )
