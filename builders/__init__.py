"""Pain Atlas: a cited knowledge graph of pain-management options, for teaching.

Data flows one way, and so do the imports. Each package may import only the packages listed
before it (``tests/test_architecture.py`` checks this, reading the imports)::

    escape   every escape in one place: markdown, CSV cells, XML text, JSON in a script
    data     files -> validated Dataset     model, files, tables, schema, evidence, load, upload, problems
    graph    Dataset -> graph -> View       build, queries, views (filters, focus, budget), layout
    render   View -> what a person reads    payload (vis JSON), page (standalone HTML), figures, text, export
    teach    pure teaching tools            tour_files, tour_narration, tours, tour_draft, tour_check,
                                            compare, quiz, handouts
    app      Streamlit glue (the only package that imports streamlit)
             bundle (the session's data and its caches), session (every state key, the URL),
             panels, component, classroom, teaching, own_data, stage (a tour step as Present
             shows it), tour_builder, tour_panels, tour_steps (the tour builder)
    scale    synth and bench: measures everything above (uses streamlit.testing and Chromium)
    cli      the ``pain-atlas`` command: argparse, each command calling the packages

``app.py`` and ``app_pages/`` sit above ``app``: pages arrange widgets and call ``app``, ``teach``,
``render`` and ``escape``, never ``data`` or ``graph`` directly.

Where a new thing goes:

==============================  =====================================================
a validation rule               ``data/load.py`` (or ``data/schema.py`` for schema.yaml)
a query on the graph            ``graph/queries.py``
an export format                ``render/export.py`` (``FORMATS``), written in
                                ``render/export_<family>.py``
how evidence reads to people    ``render/text.py``
a teaching tool                 ``teach/<tool>.py``, its cached results in ``app/teaching.py``,
                                and its page in ``app_pages/<tool>.py``
a session-state key or URL      ``app/session.py``
a widget panel                  ``app/panels.py``
front-end code                  ``render/assets/`` (JS, CSS, HTML templates), never Python strings
a CLI command                   ``cli.py``, calling one function of a package
==============================  =====================================================
"""
