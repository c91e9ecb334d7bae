"""The whole catalogue as one JSON document, its JSON Schema, and the way back to files.

`cjm export --format json` writes `catalogue_document`; `cjm import json` turns such a
document back into journey files (`documents_from`), so a team's data never depends on
this tool. Every phase and step carries the walker's `key` (stable while the file
changes elsewhere) and `path` (where it stands today, `journey/kauf/phase/2/step/1`):
other tools can follow a step from one export to the next by its key. Both are derived,
so the way back ignores them.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from mkdocs_cjm_plugin import __version__
from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, did_you_mean, make
from mkdocs_cjm_plugin.core.json_source import OUTER, read_json
from mkdocs_cjm_plugin.core.load import Catalogue, Source, errors_to_diagnostics
from mkdocs_cjm_plugin.core.model import KINDS, Journey
from mkdocs_cjm_plugin.core.schema import definition_schema
from mkdocs_cjm_plugin.core.walk import walk
from mkdocs_cjm_plugin.core.yaml_source import MAX_DEPTH
from mkdocs_cjm_plugin.core.yaml_writer import dump

EXPORT_FORMAT = "mkdocs-cjm catalogue"
EXPORT_VERSION = 1
EXPORT_SCHEMA_ID = "https://mkdocs-cjm.invalid/schema/catalogue-export-v1.json"
SECTIONS = {"personas": "persona", "stakeholders": "stakeholder", "journeys": "journey"}
DERIVED = ("key", "path")
"""Keys of a phase or step in an export that the walker computes: not written back."""


def _tidy(value: Any) -> Any:
    """JSON as a person writes it: a whole number without `.0` (the models keep every
    number as a float)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    return value


def _dump(model: BaseModel) -> dict[str, Any]:
    data: dict[str, Any] = _tidy(model.model_dump(mode="json"))
    return data


def journey_document(journey: Journey) -> dict[str, Any]:
    """A journey as exported: every field, and `key` and `path` on phases and steps."""
    data = _dump(journey)
    for phase_at, phase in zip(walk(journey), data["phases"], strict=True):
        phase["key"], phase["path"] = phase_at.key, phase_at.path
        for step_at, step in zip(phase_at.steps, phase["steps"], strict=True):
            step["key"], step["path"] = step_at.key, step_at.path
    return data


def catalogue_document(catalogue: Catalogue) -> dict[str, Any]:
    """The valid part of the catalogue as one JSON-ready document, in a stable order."""
    return {
        "$schema": EXPORT_SCHEMA_ID,
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "generator": f"mkdocs-cjm {__version__}",
        "personas": [_dump(p) for _, p in sorted(catalogue.personas.items())],
        "stakeholders": [_dump(s) for _, s in sorted(catalogue.stakeholders.items())],
        "journeys": [journey_document(j) for _, j in sorted(catalogue.journeys.items())],
    }


def export_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of `catalogue_document`."""
    base = definition_schema()
    defs = copy.deepcopy(base["$defs"])
    derived = {
        "key": {"type": "string", "description": "Stable within the journey: the step's "
                "`id`, else its phase key and name slug (a phase: its `id`, else its name "
                "slug). Not read back by `cjm import json`."},
        "path": {"type": "string", "description": "Where it stands today, counted from 1: "
                 "`journey/<id>/phase/<n>` or `journey/<id>/phase/<n>/step/<m>`. Not read "
                 "back by `cjm import json`."},
    }
    for name in ("Phase", "Step"):
        defs[name]["properties"].update(copy.deepcopy(derived))
        defs[name]["required"] = [*defs[name].get("required", []), *DERIVED]
    for name in ("Persona", "Stakeholder", "Journey"):
        defs[name]["required"] = [*defs[name]["required"], "id"]

    def listed(model: str) -> dict[str, Any]:
        return {"type": "array", "items": {"$ref": f"#/$defs/{model}"}}

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": EXPORT_SCHEMA_ID,
        "title": "mkdocs-cjm catalogue export",
        "description": (
            f"Every persona, stakeholder and journey of a handbook, as written by `cjm export "
            f"--format json` (export version {EXPORT_VERSION}, mkdocs-cjm {__version__}) and "
            "read by `cjm import json`."
        ),
        "type": "object",
        "required": ["format", "version", "personas", "stakeholders", "journeys"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string"},
            "format": {"const": EXPORT_FORMAT},
            "version": {"const": EXPORT_VERSION,
                        "description": "Changes only when a reader of version 1 would "
                        "misread the document."},
            "generator": {"type": "string", "description": "The mkdocs-cjm that wrote it."},
            "personas": listed("Persona"),
            "stakeholders": listed("Stakeholder"),
            "journeys": listed("Journey"),
        },
        "$defs": defs,
    }


def export_schema_json() -> str:
    return json.dumps(export_schema(), indent=2, ensure_ascii=False) + "\n"


# --- the way back -------------------------------------------------------------------


@dataclass
class Imported:
    files: dict[str, str]
    """`personas/anna.yml` -> YAML text, one file per persona, stakeholder and journey."""
    diagnostics: list[Diagnostic]


def _without_derived(journey: dict[str, Any]) -> dict[str, Any]:
    out = dict(journey)
    phases = out.get("phases")
    if isinstance(phases, list):
        out["phases"] = [_strip(p) for p in phases]
    return out


def _strip(phase: Any) -> Any:
    if not isinstance(phase, dict):
        return phase
    phase = {k: v for k, v in phase.items() if k not in DERIVED}
    if isinstance(phase.get("steps"), list):
        phase["steps"] = [
            {k: v for k, v in s.items() if k not in DERIVED} if isinstance(s, dict) else s
            for s in phase["steps"]
        ]
    return phase


def _as_written(model: BaseModel) -> dict[str, Any]:
    """What a person would have written: nothing that is a default or empty."""
    data: dict[str, Any] = _tidy(
        model.model_dump(mode="python", exclude_defaults=True, exclude_none=True)
    )
    return {"kind": model.kind, **data} if hasattr(model, "kind") else data  # kind first


DOCUMENT_KEYS = {
    "$schema": "the address of the export's JSON Schema",
    "format": "", "version": "",
    "generator": "the name of the program that wrote the export",
    **dict.fromkeys(SECTIONS, ""),
}
"""The keys of an export document; what the text ones hold."""


def _decode(raw: bytes, shown: str) -> tuple[str | None, Diagnostic | None]:
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        return raw[bom:].decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[bom:bom + exc.start].decode("utf-8")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        return None, make("CJM144", shown, line, col,
                          f"this is not a cjm export: byte 0x{raw[bom + exc.start]:02x} is not "
                          "UTF-8 text; a cjm export is UTF-8")


def _as_shown(value: Any) -> str:
    """A value of the document as its JSON writes it (text in quotes)."""
    return f"'{value}'" if isinstance(value, str) else json.dumps(value)


def documents_from(raw: bytes, shown: str) -> Imported:
    """The files an export document describes; problems name their place in the JSON."""
    text, undecoded = _decode(raw, shown)
    if text is None:
        return Imported({}, [undecoded] if undecoded else [])
    # The entries are the documents of journey files: nested no deeper than those.
    read = read_json(text, shown, max_depth=MAX_DEPTH + OUTER)
    if read.problems:
        return Imported({}, read.problems)
    data = read.data
    if not isinstance(data, dict):
        return Imported({}, [make(
            "CJM144", shown, 1, 1,
            "this is not a cjm export: it should be one JSON object as `cjm export --format "
            "json` writes it",
        )])
    where = read.where
    version = data.get("version")
    # `true` and `1.0` equal 1 in Python: only the number 1 is version 1.
    if data.get("format") != EXPORT_FORMAT or type(version) is not int or version != 1:
        wrong = "format" if data.get("format") != EXPORT_FORMAT else "version"
        at = where.value((wrong,)) if wrong in data else where.value(())
        return Imported({}, [make(
            "CJM144", shown, at.line, at.col,
            f"this is not a cjm export of version {EXPORT_VERSION} (found format "
            f"{_as_shown(data.get('format'))}, version {_as_shown(version)}); export it "
            "again with `cjm export --format json`, or convert it to that shape",
        )])
    diags: list[Diagnostic] = []
    for key, value in data.items():
        if key not in DOCUMENT_KEYS:
            at = where.key((key,))
            diags.append(make("CJM013", shown, at.line, at.col,
                              f"unknown key `{key}` in a cjm export"
                              f"{did_you_mean(key, DOCUMENT_KEYS)}; remove it"))
        elif DOCUMENT_KEYS[key] and not isinstance(value, str):
            at = where.value((key,))
            diags.append(make("CJM014", shown, at.line, at.col,
                              f"`{key}` must be text, {DOCUMENT_KEYS[key]}"))
    files: dict[str, str] = {}
    for section, kind in SECTIONS.items():
        entries = data.get(section, [])
        if not isinstance(entries, list):
            at = where.value((section,))
            diags.append(make("CJM144", shown, at.line, at.col,
                              f"`{section}` must be a list of {kind}s"))
            continue
        for index, entry in enumerate(entries):
            source = Source(shown, read.inside((section, index)), where.value((section, index)))
            model = _entity(source, section, kind, entry, diags)
            if model is None:
                continue
            path = f"{section}/{model.id}.yml"
            if path in files:
                at = source.value("id")
                diags.append(make("CJM020", shown, at.line, at.col,
                                  f"a second {kind} with id '{model.id}'; ids are unique "
                                  "per kind: rename one of them"))
                continue
            files[path] = dump(_as_written(model))
    return Imported(files, diags)


def _entity(source: Source, section: str, kind: str, entry: Any,
            diags: list[Diagnostic]) -> Any:
    at = source.start
    if not isinstance(entry, dict):
        diags.append(make("CJM144", source.path, at.line, at.col,
                          f"each entry of `{section}` must be a {kind} object"))
        return None
    value = _without_derived(entry) if kind == "journey" else dict(entry)
    value.setdefault("kind", kind)
    if value["kind"] != kind:
        where = source.value("kind")
        diags.append(make("CJM144", source.path, where.line, where.col,
                          f"an entry of `{section}` must have `kind: {kind}`"))
        return None
    model = KINDS[kind]
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        diags.extend(errors_to_diagnostics(exc, value, model, source, kind))
        return None
