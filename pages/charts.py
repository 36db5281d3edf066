"""Placeholder while the page is written."""
import streamlit as st

from pages import common

data, state = common.frame()
st.title("Charts")
