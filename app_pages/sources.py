"""Sources: one entry per source with its reliability, rationale, the claims it backs and the
claims it makes that stand contradicted, with their corrections."""

import streamlit as st

from builders.app import bundle as data
from builders.app import panels
from builders.escape import md
from builders.render.text import reference_markdown, source_kind

st.set_page_config(initial_sidebar_state="collapsed")  # no controls in the sidebar: the page takes the width

bundle = data.current_bundle()
cited_for = data.claims_of_sources(bundle)
RELIABILITY_COLOR = {"high": "green", "moderate": "blue", "low": "orange"}

st.title("Sources", anchor=False)
st.write("Each source is graded for reliability. A claim backed only by sources rated low shows as "
         "weak; a claim that a vetted reference corrects shows as contradicted.")

order = {"low": 0, "moderate": 1, "high": 2}
documents = [s for s in bundle.sources.values() if s.is_document]
references = [s for s in bundle.sources.values() if not s.is_document]
for heading, group in (("Source documents", documents), ("Vetted references", references)):
    st.header(heading, anchor=False)
    for source in sorted(group, key=lambda s: (order[s.reliability], s.title.casefold())):
        claims = cited_for[source.id]
        contradicted = [c for c in claims if c["status"] == "contradicted"]
        supported = [c for c in claims if c["status"] != "contradicted"]
        with st.container(border=True):
            st.subheader(reference_markdown(source.title), anchor=False)
            st.badge(f"Reliability: {source.reliability}", color=RELIABILITY_COLOR[source.reliability])
            facts = [source_kind(source).capitalize()] + [x for x in (source.author, source.year) if x]
            st.caption(md(" · ".join(facts)))
            if source.reference:
                st.markdown(reference_markdown(source.reference))
            st.markdown("**Why this rating:** " + md(source.rationale))
            st.caption(f"Cited for {len(claims)} claim(s), {len(contradicted)} of them contradicted.")
            if contradicted:
                with st.expander(f"Claims it makes that stand contradicted ({len(contradicted)})"):
                    for c in contradicted:
                        panels.claim_summary(bundle, c["source"], c["target"], c)
                        st.divider()
            if supported:
                with st.expander(f"Other claims it is cited for ({len(supported)})"):
                    for c in supported:
                        st.markdown("- " + md(c["claim"]) + f" — *{c['status']}*")
