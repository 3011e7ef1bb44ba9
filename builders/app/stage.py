"""One tour step as Present shows it: the narration in large type beside a wide graph, a predict
step's question with its "Reveal the answer" button and, once revealed, the claim with its
evidence; the sources of the step; the details of what is clicked.

The Present page and the tour builder's preview both call :func:`show_step`, so a teacher
previews a step exactly as the class will see it. The predict steps already revealed are kept in
the session (``session.PRESENT_REVEALED``, by a token naming the tour and the step).
"""

from __future__ import annotations

import streamlit as st

from ..escape import md
from ..graph.views import ViewSpec
from ..render.payload import PRESENT_HEIGHT, without_claims
from ..teach import tours
from ..teach.tour_files import Step
from . import panels, session
from .bundle import Bundle, edge_index, payload_of
from .component import graph_view


def _reveal(token: str) -> None:
    st.session_state[session.PRESENT_REVEALED] = st.session_state[session.PRESENT_REVEALED] + [token]


def show_step(bundle: Bundle, step: Step, token: str, *, graph_key: str = "pa_present_graph",
              height=PRESENT_HEIGHT) -> ViewSpec:
    """Draw ``step`` (its predict claim hidden until revealed); returns the view it shows.

    ``token`` names the step among those revealed (Present: ``"tour:3"``); ``graph_key`` keys the
    graph (one per page); ``height`` is the graph's (Present's fills the screen).
    """
    G = bundle.graph
    state = st.session_state
    state.setdefault(session.PRESENT_REVEALED, [])
    revealed = token in state[session.PRESENT_REVEALED]
    spec = step.spec(revealed=revealed)
    view, payload = payload_of(bundle, spec, height=height)
    if step.is_predict and not revealed:
        payload = without_claims(payload, {step.claim})
    words, picture = st.columns([2, 5], gap="medium")
    with words:
        with st.container(key="pa_narration"):  # large type: assets/page.css
            st.markdown(md(step.narration))
            if step.is_predict:
                st.markdown("**" + md(tours.question_of(G, step)) + "**")
        if step.is_predict:
            if not revealed:
                st.button("Reveal the answer", key=f"reveal_{token}", icon=":material/visibility:", type="primary",
                          on_click=_reveal, args=(token,))
            else:
                u, v, claim = edge_index(bundle)[step.claim]
                with st.container(border=True):
                    st.markdown("**The answer**")
                    panels.claim_summary(bundle, u, v, claim)
        sources = tours.step_sources(G, step)
        if sources:
            with st.expander(f"Sources for this step ({len(sources)})"):
                st.caption("  \n".join(md(line) for line in sources))  # one element, a line each
    with picture:
        clicked = graph_view(payload, key=graph_key).selected
    if clicked:
        with st.expander("Details of what you clicked", expanded=True):
            panels.selection_details(bundle, (clicked["kind"], clicked["id"]))
    return spec
