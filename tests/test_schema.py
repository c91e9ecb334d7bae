"""The JSON Schema that editors use agrees with the model and the example handbook."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import BaseModel

from mkdocs_cjm_plugin.core.model import (
    Journey,
    Kpi,
    Opportunity,
    Persona,
    Phase,
    Relation,
    Stakeholder,
    Step,
)
from mkdocs_cjm_plugin.core.schema import definition_schema, schema_json

REPO_ROOT = Path(__file__).resolve().parent.parent
MODELS: list[type[BaseModel]] = [
    Persona, Stakeholder, Journey, Phase, Step, Kpi, Opportunity, Relation,
]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    data = definition_schema()
    jsonschema.Draft202012Validator.check_schema(data)
    return data


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def as_json(value: Any) -> Any:
    """YAML data as an editor's YAML language server sees it: dates are strings."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def example_documents() -> list[tuple[str, int, Any]]:
    out = []
    for path in sorted((REPO_ROOT / "journeys").rglob("*.y*ml")):
        docs = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
        for i, doc in enumerate(d for d in docs if d is not None):
            out.append((path.relative_to(REPO_ROOT).as_posix(), i, as_json(doc)))
    return out


EXAMPLES = example_documents()


def test_the_example_handbook_has_every_kind() -> None:
    kinds = {doc["kind"] for _, _, doc in EXAMPLES}
    assert kinds == {"persona", "stakeholder", "journey"}


@pytest.mark.parametrize(
    ("path", "index", "doc"), EXAMPLES, ids=[f"{p}#{i}" for p, i, _ in EXAMPLES]
)
def test_schema_accepts_the_example_handbook(
    validator: jsonschema.Draft202012Validator, path: str, index: int, doc: Any
) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]
    assert errors == [], f"{path} document {index}"


def _minimal() -> dict[str, Any]:
    return {
        "kind": "journey",
        "title": "Kauf",
        "persona": "anna",
        "phases": [{"name": "Suche", "steps": [{"name": "Sucht", "emotion": 2}]}],
    }


def test_schema_accepts_a_minimal_journey(validator: jsonschema.Draft202012Validator) -> None:
    assert list(validator.iter_errors(_minimal())) == []


@pytest.mark.parametrize(
    ("where", "key"),
    [
        ((), "titel"),
        (("phases", 0), "stepps"),
        (("phases", 0, "steps", 0), "emotions"),
    ],
)
def test_schema_rejects_an_unknown_key(
    validator: jsonschema.Draft202012Validator, where: tuple[str | int, ...], key: str
) -> None:
    doc = _minimal()
    node: Any = doc
    for part in where:
        node = node[part]
    node[key] = 1
    errors = list(validator.iter_errors(doc))
    assert errors, f"{key} was accepted"
    assert any(key in e.message for e in errors) or any(
        key in sub.message for e in errors for sub in (e.context or [])
    ), [e.message for e in errors]


def test_schema_accepts_anything_under_extra(validator: jsonschema.Draft202012Validator) -> None:
    doc = _minimal()
    doc["extra"] = {"titel": 1, "Liste": [1, {"a": None}]}
    doc["phases"][0]["steps"][0]["extra"] = {"frei": "ja"}
    assert list(validator.iter_errors(doc)) == []


@pytest.mark.parametrize(
    "broken",
    [
        {"kind": "persnoa", "name": "A"},
        {"kind": "persona"},
        {"kind": "persona", "name": "A", "id": "Anna_Berger"},
        {"kind": "journey", "title": "Kauf", "persona": "anna", "phases": [{"name": "A"}],
         "state": "soll"},
        {"kind": "journey", "title": "Kauf", "persona": "anna", "phases": [{"name": "A"}],
         "updated": "15.01.2026"},
        {"kind": "stakeholder", "name": "IT", "type": "intern"},
    ],
)
def test_schema_rejects_broken_documents(
    validator: jsonschema.Draft202012Validator, broken: dict[str, Any]
) -> None:
    assert list(validator.iter_errors(broken)) != []


def test_single_strings_for_lists_are_allowed(
    validator: jsonschema.Draft202012Validator,
) -> None:
    doc = _minimal()
    doc["personas"] = "anna"
    doc["tags"] = "B2B"
    doc["phases"][0]["responsible"] = "kundenservice"
    doc["phases"][0]["steps"][0]["pains"] = "Wartezeit"
    assert list(validator.iter_errors(doc)) == []


@pytest.mark.parametrize("model", MODELS, ids=[m.__name__ for m in MODELS])
def test_every_model_field_is_in_the_schema(schema: dict[str, Any], model: type[BaseModel]) -> None:
    entry = schema["$defs"][model.__name__]
    assert list(entry["properties"]) == list(model.model_fields)
    assert entry.get("additionalProperties") is False
    for name, info in model.model_fields.items():
        prop = entry["properties"][name]
        if name not in ("kind", "id"):
            assert prop.get("description"), f"{model.__name__}.{name} has no description"
        if info.is_required() and name != "id":
            assert name in entry["required"], f"{model.__name__}.{name}"


def test_kind_is_required_and_id_is_optional(schema: dict[str, Any]) -> None:
    for name in ("Persona", "Stakeholder", "Journey"):
        required = schema["$defs"][name]["required"]
        assert required[0] == "kind"
        assert "id" not in required
    assert schema["$defs"]["Persona"]["required"] == ["kind", "name"]
    assert schema["$defs"]["Journey"]["required"] == ["kind", "title", "phases"]


def test_every_model_is_defined(schema: dict[str, Any]) -> None:
    assert {m.__name__ for m in MODELS} <= set(schema["$defs"])
    assert [ref["$ref"] for ref in schema["oneOf"]] == [
        "#/$defs/Persona", "#/$defs/Stakeholder", "#/$defs/Journey",
    ]


def test_schema_json_is_the_schema() -> None:
    text = schema_json()
    assert text.endswith("\n")
    assert json.loads(text) == definition_schema()
