"""Pain Atlas's installed name, ``pain_atlas``, by which Streamlit finds the project's components.

Streamlit serves a v2 component's JavaScript and CSS as files (cached by the browser, not sent
with every rerun) when the installed project declares them in its ``pyproject.toml``
(``[[tool.streamlit.component.components]]``: the graph, from ``builders/render/assets``). It
locates that file, and the folder the asset directory is relative to, through the importable
module named like the project, this one. The code is in ``builders``; nothing imports this module.
"""
