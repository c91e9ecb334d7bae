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

from pydantic import BaseModel

from mkdocs_cjm_plugin import __version__
from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, did_you_mean, make, sort_diagnostics
from mkdocs_cjm_plugin.core.json_source import OUTER, read_json
from mkdocs_cjm_plugin.core.load import Catalogue, Source, read_texts
from mkdocs_cjm_plugin.core.model import Journey, SiteOptions
from mkdocs_cjm_plugin.core.pipeline import load_entities
from mkdocs_cjm_plugin.core.schema import definition_schema
from mkdocs_cjm_plugin.core.walk import walk
from mkdocs_cjm_plugin.core.yaml_source import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, PathKey
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


def _decode(raw: bytes, shown: str) -> str | Diagnostic:
    """The text, or where it stops being UTF-8 (a column counts characters, as an
    editor does)."""
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        return raw[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[bom:bom + exc.start].decode("utf-8")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        return make("CJM144", shown, line, col,
                    f"this is not a cjm export: byte 0x{raw[bom + exc.start]:02x} is not UTF-8 "
                    "text; export it again with `cjm export --format json`, which writes UTF-8")


def _as_shown(value: Any) -> str:
    """A value of the document as its JSON writes it (text in quotes)."""
    return f"'{value}'" if isinstance(value, str) else json.dumps(value)


def documents_from(raw: bytes, shown: str, options: SiteOptions | None = None) -> Imported:
    """The files an export document describes, as the handbook with `options` would read
    them; problems name their place in the JSON. Files are given only without a problem:
    each is read back as `cjm check` reads it."""
    text = _decode(raw, shown)
    if isinstance(text, Diagnostic):
        return Imported({}, [text])
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
    entities: list[tuple[str, dict[str, Any], Source]] = []
    untold = False
    for section, kind in SECTIONS.items():
        entries = data.get(section, [])
        if not isinstance(entries, list):
            at = where.value((section,))
            diags.append(make("CJM144", shown, at.line, at.col,
                              f"`{section}` must be a list of {kind}s"))
            untold = True
            continue
        for index, entry in enumerate(entries):
            source = Source(shown, read.inside((section, index)), where.value((section, index)))
            value = _entry(source, section, kind, entry, diags)
            if value is None:
                untold = True
            else:
                entities.append((kind, value, source))
    # The checks of `cjm check`, on the entries where the JSON holds them: a problem is
    # named at its line in the JSON, in the words `cjm check` would use for the file.
    result = load_entities(entities, options, shown if untold else None)
    diags.extend(d for d in result.diagnostics if d.is_error)
    if diags:
        return Imported({}, sort_diagnostics(diags))
    files, written = _files(result.catalogue, diags)
    if not diags:
        diags.extend(_read_back(files, written))
    return Imported({} if diags else files, diags)


def _entry(source: Source, section: str, kind: str, entry: Any,
           diags: list[Diagnostic]) -> dict[str, Any] | None:
    """The entity an entry of `section` holds, as a journey file would (without what the
    export derives), or None after saying why it is none."""
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
    return value


def _files(
    catalogue: Catalogue, diags: list[Diagnostic]
) -> tuple[dict[str, str], dict[str, tuple[str, Source]]]:
    """The file of each entity (path -> YAML), and what each file holds (path -> kind
    and where the JSON has it); problems of size go to `diags`."""
    files: dict[str, str] = {}
    written: dict[str, tuple[str, Source]] = {}
    tables: dict[str, dict[str, Any]] = {
        "personas": catalogue.personas, "stakeholders": catalogue.stakeholders,
        "journeys": catalogue.journeys,
    }
    for section, table in tables.items():
        kind = SECTIONS[section]
        for ident, model in sorted(table.items()):
            source = catalogue.sources[(kind, ident)]
            data = _as_written(model)
            nodes, chars = _measure(data)
            if nodes > MAX_NODES:
                diags.append(make(
                    "CJM004", source.path, source.start.line, source.start.col,
                    f"{kind} '{ident}' would have more than {MAX_NODES:,} keys and values, "
                    "more than a journey file may hold; make it smaller"
                    + (" or split it into several journeys" if kind == "journey" else "")))
                continue
            # Each character takes a byte or more: a file of more characters is too large
            # without writing it (which takes long for a text of many megabytes).
            text = dump(data) if chars <= MAX_FILE_BYTES else ""
            if not text or len(text.encode("utf-8")) > MAX_FILE_BYTES:
                path, longest = _longest_text(data)
                at = source.value(*path)
                diags.append(make(
                    "CJM004", source.path, at.line, at.col,
                    f"this text has {len(longest):,} characters: {kind} '{ident}' would make "
                    f"a file larger than the {MAX_FILE_BYTES:,} bytes a journey file may "
                    "have; shorten it, or keep the full text elsewhere and link to it"))
                continue
            files[f"{section}/{ident}.yml"] = text
            written[f"{section}/{ident}.yml"] = (kind, source)
    return files, written


def _measure(data: Any) -> tuple[int, int]:
    """The keys and values the YAML reader counts in `data` (see `MAX_NODES`; counted
    only up to a little more than that), and the characters of its texts and keys."""
    nodes, chars, todo = 0, 0, [data]
    while todo and nodes <= MAX_NODES:
        value = todo.pop()
        nodes += 1
        if isinstance(value, str):
            chars += len(value)
        elif isinstance(value, dict):
            nodes += len(value)
            chars += sum(len(key) for key in value)
            todo.extend(value.values())
        elif isinstance(value, list):
            todo.extend(value)
    return nodes, chars


def _longest_text(data: Any) -> tuple[PathKey, str]:
    """The path of the longest text (value or key) in `data`, and the text."""
    best: tuple[PathKey, str] = ((), "")
    todo: list[tuple[PathKey, Any]] = [((), data)]
    while todo:
        path, value = todo.pop()
        if isinstance(value, str) and len(value) > len(best[1]):
            best = path, value
        elif isinstance(value, dict):
            for key, item in value.items():
                if len(key) > len(best[1]):
                    best = (*path, key), key
                todo.append(((*path, key), item))
        elif isinstance(value, list):
            todo.extend(((*path, i), item) for i, item in enumerate(value))
    return best


def _read_back(
    files: dict[str, str], written: dict[str, tuple[str, Source]]
) -> list[Diagnostic]:
    """Any error `cjm check` would find in the files as written, at the entry that made
    the file: the files are read back before anything is written."""
    texts: dict[str, str | bytes] = dict(files)
    out: list[Diagnostic] = []
    for d in read_texts(texts).diagnostics:
        if not d.is_error or d.path not in written:
            continue
        kind, source = written[d.path]
        out.append(make(
            d.code, source.path, source.start.line, source.start.col,
            f"this {kind} would be written as {d.path}, where cjm check would say: "
            f"{d.message} (line {d.line}); that is a mistake of cjm import: please report it"))
    return out
