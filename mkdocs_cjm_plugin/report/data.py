"""The diff as JSON for tools, and the JSON Schema it follows.

Both come from the dataclasses of `core.diff` through pydantic, so the published schema
and the output cannot drift apart. `version` changes only when a field changes meaning
or goes away; new fields may be added within a version.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter

from mkdocs_cjm_plugin.core.diagnostics import printable_json
from mkdocs_cjm_plugin.core.diff import CatalogueDiff

VERSION = 1
SCHEMA_ID = "https://mkdocs-cjm.github.io/schema/diff-v1.json"


class DiffDocument(BaseModel):
    """The output of `cjm diff --format json`."""

    model_config = ConfigDict(
        extra="forbid",
        use_attribute_docstrings=True,
        json_schema_serialization_defaults_required=True,
    )

    version: Literal[1]
    """The format's version: 1."""
    verdict: str
    """The one-line summary on top of the text and Markdown reports."""
    diff: CatalogueDiff
    """What changed."""


def diff_json(diff: CatalogueDiff, verdict: str) -> str:
    document = DiffDocument(version=VERSION, verdict=verdict, diff=diff)
    data = document.model_dump(mode="json")
    return printable_json(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)) + "\n"


def diff_schema() -> dict[str, Any]:
    schema = TypeAdapter(DiffDocument).json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def diff_schema_json() -> str:
    return json.dumps(diff_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
