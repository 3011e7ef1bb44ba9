"""Measurement at scale: synthetic datasets (``pain-atlas synth``) and the benchmark
(``pain-atlas bench``). It drives the app from outside (``streamlit.testing``, Chromium) and may
import every package below it."""
