"""The engine-neutral core: the journey format and everything known about a catalogue.

Reading YAML with positions, the model, loading, the cross-checks, queries and the
diagnostics they produce. It knows no pages, no site engine, no Jinja, no Babel.
"""
