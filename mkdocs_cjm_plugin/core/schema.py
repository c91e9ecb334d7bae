"""The JSON Schema of a definition file, for editors and for the docs.

Editors with yaml-language-server (VS Code's YAML extension, JetBrains IDEs,
Neovim) use it for completion, hover help and validation while typing.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from mkdocs_cjm_plugin import __version__
from mkdocs_cjm_plugin.core.model import Journey, Persona, Stakeholder

SCHEMA_VERSION = 1
SCHEMA_ID = "https://mkdocs-cjm.invalid/schema/journey-format-v1.json"

_Definition = Annotated[Persona | Stakeholder | Journey, Field(discriminator="kind")]


def definition_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one YAML document in the source folder."""
    schema = TypeAdapter(_Definition).json_schema(ref_template="#/$defs/{model}")
    for name in ("Persona", "Stakeholder", "Journey"):
        entity = schema["$defs"][name]
        required = [r for r in entity.get("required", []) if r != "id"]
        # `kind` has a Python default only so the model can be built; files must say it.
        entity["required"] = ["kind", *required]
        entity["properties"]["id"]["description"] = (
            "Unique per kind. Optional in a file with a single document: defaults to the "
            "file name (lowercased, other characters turned into '-')."
        )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "mkdocs-cjm journey definition",
        "description": (
            f"One document of a mkdocs-cjm source folder (format version {SCHEMA_VERSION}, "
            f"mkdocs-cjm {__version__}): a persona, a stakeholder or a journey."
        ),
        **schema,
    }


def schema_json() -> str:
    return json.dumps(definition_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
