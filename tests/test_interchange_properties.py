"""Any text given to `cjm import` gets messages or files, never a traceback."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_cjm_plugin.core import mermaid
from mkdocs_cjm_plugin.core.diagnostics import CODES
from mkdocs_cjm_plugin.core.interchange import documents_from
from mkdocs_cjm_plugin.core.model import EmotionScale

LINES = st.sampled_from([
    "journey", "  title Tag", "  section Arbeit", "    Tee: 5: Ich", "    Tee: 9: Ich",
    "    : 3: Ich", "    Tee:: Ich", "    Tee: 3", "%% Kommentar", "  accDescr {", "  }",
    "  accTitle: x", "---", "title: y", "```mermaid", "```", "flowchart LR", "",
    "    Tee: drei: Ich, Du", "  secton X", "\t\tTee: 1: A,,B", "\x00", "\u202e",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=30)), max_size=25))
def test_mermaid_input_gives_a_journey_or_messages(lines: list[str]) -> None:
    diagram, diags = mermaid.parse("\n".join(lines), "d.mmd")
    assert (diagram is None) == bool(diags)
    for d in diags:
        assert d.code in CODES and d.line >= 1 and d.col >= 1
    if diagram is not None and diagram.actors:
        docs = mermaid.journey_documents(
            diagram, scale=EmotionScale(), ident="x", title="X", personas={}
        )
        assert docs[-1]["kind"] == "journey"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                  max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["personas", "stakeholders", "journeys", "x"]), JSON,
                       max_size=4))
def test_json_import_gives_files_or_messages(body: dict[str, object]) -> None:
    document = {"format": "mkdocs-cjm catalogue", "version": 1, **body}
    imported = documents_from(json.dumps(document).encode(), "c.json")
    for d in imported.diagnostics:
        assert d.code in CODES and d.line >= 1 and d.col >= 1
