"""The server: ``streamlit run serve.py`` serves ``dashboard.py`` behind geo.web's gate
(not-found pages, oversize links cut to fit, security headers)."""

import streamlit as st
from starlette.middleware import Middleware

from geo.urlstate import PAGES
from geo.web import Gate

app = st.App("dashboard.py", middleware=[Middleware(Gate, pages=PAGES, base=st.get_option("server.baseUrlPath"))])
