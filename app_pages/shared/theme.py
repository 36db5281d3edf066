"""The page's look: contrast, focus and motion (WCAG 2.1 AA), the type and fonts for every script,
right-to-left layout, and the presentation layout."""

from __future__ import annotations

import json

import streamlit as st

from geo import style

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
  font-family: {style.FONT_STACK}; }}
</style>"""
# Right to left (Arabic): the page's text and controls flow from the right; maps keep their
# geography, their popups and legends follow the text (atlas.js sets their direction).
RTL_CSS = """<style>
[data-testid="stMain"], [data-testid="stSidebarContent"] { direction: rtl; text-align: right; }
[data-testid="stMain"] .leaflet-container { direction: ltr; }
[data-testid="stMain"] .leaflet-popup-content, [data-testid="stMain"] .atlas-legend,
[data-testid="stMain"] .atlas-list, [data-testid="stMain"] .atlas-disclaimer { direction: rtl; text-align: right; }
[data-testid="stMarkdownContainer"] ul { padding-right: 1.2em; padding-left: 0; }
</style>"""
PAGE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; }
[data-testid="stMetricValue"] { font-size: 2.1rem; }
</style>"""
# Presentation mode (a room's screen, 1920×1080): large type, no sidebar or header bar, the title
# lines of app_pages/shared/presentation.py, and no text of a map under 20 px (its site list, made
# for a reader's mouse, is left out; clusters grow to hold their larger numbers).
PRESENTATION_CSS = f"""<style>
html, body, [data-testid="stAppViewContainer"] {{ font-size: 21px; }}
[data-testid="stMainBlockContainer"] {{ padding: 1rem 1.5rem 0.5rem; max-width: 100%; }}
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {{ display: none; }}
[data-testid="stHeader"] {{ display: none; }}  /* it would cover the top of the map and the chart title */
.atlas-present {{ display: flex; align-items: center; justify-content: space-between; gap: 1.5rem; }}
.atlas-present-title {{ font-size: 34px; line-height: 1.2; margin: 0; padding: 0; font-weight: 700; }}
.atlas-present-meta {{ font-size: 20px; margin: 2px 0 0; color: {style.MUTED_TEXT}; }}
.atlas-exit {{ flex: none; font-size: 20px; padding: 8px 16px; border: 1px solid {style.MUTED_TEXT};
  border-radius: 8px; color: inherit; text-decoration: none; white-space: nowrap; }}
.atlas-exit:hover {{ background: rgba(0, 0, 0, .05); }}
.atlas-frame, .atlas-frame * {{ font-size: 20px !important; }}
.atlas-frame .atlas-popup-name {{ font-size: 24px !important; }}
.atlas-legend {{ max-width: 440px; }}
.atlas-cluster svg {{ transform: scale(1.5); }}
.atlas-list {{ display: none; }}
[data-testid="stMetricValue"] {{ font-size: 2.1rem; }}
</style>"""
# An embedded view (embed=true) shows one map or chart under a one-line caption, in its frame:
# the map is as tall as the frame allows (EMBED_ROOM px go to the caption, summary and disclaimer).
EMBED_ROOM = 130
EMBED_CSS = f"""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"] {{ display: none; }}
[data-testid="stMainBlockContainer"] {{ padding: 0.25rem 0.5rem 0; max-width: 100%; }}
[data-testid="stMain"] [data-testid="stVerticalBlock"] {{ gap: 0.25rem; }}
[data-testid="stMainBlockContainer"] {{ height: 100vh; box-sizing: border-box; }}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {{ height: 100%; }}
[data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {{ flex: 1 1 0; min-height: 0; }}
.atlas-embed-caption {{ margin: 0; font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
.atlas-list {{ display: none; }}
.atlas-map-box {{ height: max(160px, calc(100vh - {EMBED_ROOM}px)) !important; }}
</style>"""


def page_css(*, present: bool, rtl: bool, embed: bool = False) -> str:
    """The style sheets of a page in this layout and direction."""
    layout = EMBED_CSS if embed else PRESENTATION_CSS if present else PAGE_CSS
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
