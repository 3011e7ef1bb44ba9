"""The interaction benchmark's yardstick: a bare Streamlit app, one button that writes a line.

``pain-atlas bench --interaction`` runs it beside Pain Atlas, launched the same way
(:func:`builders.scale.browser.streamlit_server`), and every interaction of the app is reported
against this app's click-to-text and page load in the same run.
"""

import streamlit as st

st.session_state.setdefault("lines", 0)
if st.button("Write a line"):
    st.session_state["lines"] += 1
st.write(f"Line {st.session_state['lines']}")
