"""Any text given to `cjm import` gets messages or files, never a traceback; any text
it writes reads back the same."""

from __future__ import annotations

import json

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from mkdocs_cjm_plugin.core import mermaid
from mkdocs_cjm_plugin.core.diagnostics import CODES
from mkdocs_cjm_plugin.core.interchange import documents_from
from mkdocs_cjm_plugin.core.json_source import read_json
from mkdocs_cjm_plugin.core.load import read_texts
from mkdocs_cjm_plugin.core.model import EmotionScale, Journey
from mkdocs_cjm_plugin.core.yaml_writer import dump

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


# Any text, with more of the characters YAML gives a meaning to than chance would pick.
TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from(
    "\x85\u2028\u2029\ufeff\r\n\t \x00\x7f\x9b\xa0#:-'\"\\{}[]&*!|>%@`,?"))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(TEXT, TEXT | st.lists(TEXT, max_size=3), max_size=4), TEXT)
def test_any_text_an_import_writes_reads_back_the_same(
    extra: dict[str, object], name: str
) -> None:
    try:
        journey = Journey.model_validate({
            "id": "kauf", "title": "Kauf", "persona": "anna", "extra": extra,
            "phases": [{"name": "Suche", "steps": [{"name": name, "extra": extra}]}],
        })
    except ValidationError:
        assume(False)  # a name of white space only, or too long: the import refuses it
    written = dump({"kind": "journey", **journey.model_dump(exclude_defaults=True)})
    read = read_texts({"kauf.yml": written})
    assert [d.format() for d in read.diagnostics if d.is_error] == []
    assert read.catalogue.journeys["kauf"] == journey


PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(PLAIN, st.sampled_from([None, 0, 2]), st.booleans())
def test_the_strict_reader_reads_json_as_json_does(
    value: object, indent: int | None, ascii_only: bool
) -> None:
    # With ascii_only, a character past U+FFFF is written as two escapes, which the
    # reader of our own reads instead of `json`: both readers are compared.
    document = {"personas": [value, [value]]}
    text = json.dumps(document, indent=indent, ensure_ascii=ascii_only)
    read = read_json(text, "c.json", max_depth=1000)
    assert read.problems == []
    assert read.data == json.loads(text)
    inside = read.inside(("personas", 1))
    assert inside.value((0,)).line >= read.where.value(("personas", 1)).line


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_broken_export_gets_messages_never_a_traceback(data: st.DataObject) -> None:
    text = json.dumps({"format": "mkdocs-cjm catalogue", "version": 1, "personas": [
        {"kind": "persona", "id": "anna", "name": "Anna", "extra": {"a": [1, 2.5, None]}}],
        "stakeholders": [], "journeys": []}, indent=data.draw(st.sampled_from([None, 2])))
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        text = text[:at] + data.draw(st.sampled_from(
            ["", "[", "]", "{", "}", ",", ":", '"', "\\", "\\ud800", "NaN", "1e999",
             "9" * 120, '"a": 1, "a": 2', "\x00", "\u2028"])) + text[at + cut:]
    imported = documents_from(text.encode("utf-8", "surrogatepass"), "c.json")
    for d in imported.diagnostics:
        assert d.code in CODES and d.line >= 1 and d.col >= 1
    assert not (imported.files and imported.diagnostics)  # files only without a problem
