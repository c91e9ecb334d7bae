"""The reference pages in docs/ must agree with the code they describe.

- docs/reference/format.md: one table per entity whose first column lists every
  field of the pydantic model as `key`, no more, no less; the `required` column
  agrees with the JSON Schema that `cjm schema` prints.
- docs/reference/configuration.md: the options table lists every SiteOptions field,
  and the channel table every built-in channel.
- docs/reference/diagnostics.md: one `## CODE: Title` section per diagnostic code,
  with the registry's title and severity.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from mkdocs_cjm_plugin.core.diagnostics import CODES
from mkdocs_cjm_plugin.core.model import (
    DEFAULT_CHANNELS,
    Journey,
    Kpi,
    Opportunity,
    Persona,
    Phase,
    Relation,
    SiteOptions,
    Stakeholder,
    Step,
)
from mkdocs_cjm_plugin.core.schema import definition_schema

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "reference"

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{[^}]*\})?\s*$")
KEY_CELL = re.compile(r"^`([^`]+)`$")

# The heading of each entity's section in format.md, and the model it documents.
ENTITIES: dict[str, type[BaseModel]] = {
    "Persona": Persona,
    "Stakeholder": Stakeholder,
    "Relation": Relation,
    "Journey": Journey,
    "Phase": Phase,
    "Step": Step,
    "KPI": Kpi,
    "Opportunity": Opportunity,
}


def _read(name: str) -> str:
    path = REFERENCE / name
    assert path.is_file(), f"{path} is missing"
    return path.read_text(encoding="utf-8")


def _sections(text: str) -> dict[str, list[str]]:
    """Heading text -> the lines up to the next heading of any level (code blocks skipped)."""
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    fence: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        marker = re.match(r"^(`{3,}|~{3,})", stripped)
        if marker:
            if fence is None:
                fence = marker.group(1)
            elif stripped.startswith(fence):
                fence = None
            continue
        if fence is not None:
            continue
        heading = HEADING.match(line)
        if heading:
            title = heading.group(2)
            assert title not in out, f"heading {title!r} appears twice"
            current = out[title] = []
        elif current is not None:
            current.append(line)
    return out


def _cells(row: str) -> list[str]:
    # Split on pipes that are not inside `code` spans.
    cells, buf, in_code = [], "", False
    for ch in row.strip().strip("|"):
        if ch == "`":
            in_code = not in_code
        if ch == "|" and not in_code:
            cells.append(buf.strip())
            buf = ""
        else:
            buf += ch
    cells.append(buf.strip())
    return cells


def _tables(lines: list[str]) -> list[tuple[list[str], list[list[str]]]]:
    """Every Markdown table in `lines` as (header cells, body rows)."""
    tables: list[tuple[list[str], list[list[str]]]] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.lstrip().startswith("|"):
            block.append(line)
            continue
        if len(block) >= 2 and re.match(r"^\s*\|?\s*:?-{3,}", block[1]):
            tables.append((_cells(block[0]), [_cells(r) for r in block[2:]]))
        block = []
    return tables


def _keyed_rows(lines: list[str], where: str) -> dict[str, dict[str, str]]:
    """key -> {column: cell} for every table row under a section."""
    rows: dict[str, dict[str, str]] = {}
    tables = _tables(lines)
    assert tables, f"no table under {where}"
    for header, body in tables:
        columns = [h.lower() for h in header]
        for cells in body:
            found = KEY_CELL.match(cells[0])
            assert found, f"{where}: first cell {cells[0]!r} is not written as `key`"
            key = found.group(1)
            assert key not in rows, f"{where}: `{key}` is listed twice"
            rows[key] = dict(zip(columns, cells, strict=True))
    return rows


# --------------------------------------------------------------------------- format.md


@pytest.fixture(scope="module")
def format_sections() -> dict[str, list[str]]:
    return _sections(_read("format.md"))


@pytest.mark.parametrize("heading", list(ENTITIES))
def test_format_table_lists_exactly_the_model_fields(
    heading: str, format_sections: dict[str, list[str]]
) -> None:
    model = ENTITIES[heading]
    assert heading in format_sections, f"format.md has no section headed {heading!r}"
    rows = _keyed_rows(format_sections[heading], f"format.md § {heading}")
    documented, fields = set(rows), set(model.model_fields)
    assert not fields - documented, (
        f"{heading}: fields missing from the table: {fields - documented}"
    )
    assert not documented - fields, (
        f"{heading}: keys the model does not know: {documented - fields}"
    )


@pytest.mark.parametrize("heading", list(ENTITIES))
def test_format_required_column_matches_the_schema(
    heading: str, format_sections: dict[str, list[str]]
) -> None:
    model = ENTITIES[heading]
    schema = definition_schema()["$defs"][model.__name__]
    assert set(schema["properties"]) == set(model.model_fields)
    required = set(schema.get("required", []))
    rows = _keyed_rows(format_sections[heading], f"format.md § {heading}")
    for key, row in rows.items():
        cell = row.get("required", "").lower()
        says_yes = cell.startswith("yes")
        assert says_yes == (key in required), (
            f"{heading}.{key}: the required column says {cell!r}, "
            f"the schema says {'required' if key in required else 'optional'}"
        )


@pytest.mark.parametrize("heading", list(ENTITIES))
def test_format_simple_defaults_are_the_models(
    heading: str, format_sections: dict[str, list[str]]
) -> None:
    model = ENTITIES[heading]
    rows = _keyed_rows(format_sections[heading], f"format.md § {heading}")
    for key, info in model.model_fields.items():
        default = info.default
        if isinstance(default, bool):
            expected = "true" if default else "false"
        elif isinstance(default, str) and key != "kind":
            expected = default
        else:
            continue
        cell = rows[key].get("default", "")
        assert f"`{expected}`" in cell, (
            f"{heading}.{key}: default should be `{expected}`, not {cell!r}"
        )


# --------------------------------------------------------------------------- configuration.md


@pytest.fixture(scope="module")
def configuration_sections() -> dict[str, list[str]]:
    return _sections(_read("configuration.md"))


def test_configuration_options_table_lists_every_site_option(
    configuration_sections: dict[str, list[str]],
) -> None:
    assert "Options" in configuration_sections, "configuration.md has no `## Options` section"
    rows = _keyed_rows(configuration_sections["Options"], "configuration.md § Options")
    documented, fields = set(rows), set(SiteOptions.model_fields)
    assert not fields - documented, f"options missing from the table: {fields - documented}"
    assert not documented - fields, f"options the plugin does not have: {documented - fields}"
    for key, info in SiteOptions.model_fields.items():
        default = info.default
        if isinstance(default, (bool, int, str)) and default != "":
            expected = str(default).lower() if isinstance(default, bool) else str(default)
            cell = rows[key].get("default", "")
            assert f"`{expected}`" in cell, f"{key}: default should be `{expected}`, not {cell!r}"


def test_configuration_lists_every_built_in_channel(
    configuration_sections: dict[str, list[str]],
) -> None:
    assert "Channels" in configuration_sections, "configuration.md has no `## Channels` section"
    text = "\n".join(configuration_sections["Channels"])
    named = set(re.findall(r"`([^`]+)`", text))
    missing = [name for name in DEFAULT_CHANNELS if name not in named]
    assert not missing, f"built-in channels missing from configuration.md: {missing}"
    tables = _tables(configuration_sections["Channels"])
    by_kind: dict[str, set[str]] = {}
    for header, body in tables:
        columns = [h.lower() for h in header]
        if "online" not in columns or "offline" not in columns:
            continue
        for cells in body:
            row = dict(zip(columns, cells, strict=True))
            for kind in ("online", "offline"):
                by_kind.setdefault(kind, set()).update(re.findall(r"`([^`]+)`", row[kind]))
    for name, is_online in DEFAULT_CHANNELS.items():
        kind = "online" if is_online else "offline"
        assert name in by_kind.get(kind, set()), f"channel {name!r} should be listed as {kind}"


# --------------------------------------------------------------------------- diagnostics.md

CODE_HEADING = re.compile(r"^(CJM\d{3}): (.+)$")


def test_diagnostics_has_one_section_per_code() -> None:
    sections = _sections(_read("diagnostics.md"))
    documented: dict[str, tuple[str, list[str]]] = {}
    for title, lines in sections.items():
        found = CODE_HEADING.match(title)
        if found:
            documented[found.group(1)] = (found.group(2), lines)
    assert not set(CODES) - set(documented), (
        f"codes without a section: {set(CODES) - set(documented)}"
    )
    assert not set(documented) - set(CODES), (
        f"sections for unknown codes: {set(documented) - set(CODES)}"
    )
    for code, (title, lines) in documented.items():
        info = CODES[code]
        assert title == info.title, f"{code}: heading says {title!r}, the registry {info.title!r}"
        body = "\n".join(lines)
        assert f"**Severity:** {info.severity.value}" in body, f"{code}: severity line missing"


def test_diagnostics_headings_are_level_two() -> None:
    text = _read("diagnostics.md")
    for code in CODES:
        assert re.search(rf"^## {code}: ", text, re.MULTILINE), f"`## {code}: ...` missing"


def test_the_severities_section_says_which_code_is_which() -> None:
    # The rule (error = wrong, warning = probably a slip, note = unfinished) is only
    # useful with the list of codes under it, in step with the registry.
    lines = _sections(_read("diagnostics.md"))["Severities"]
    bullets = " ".join(lines)
    named: dict[str, set[str]] = {}
    for severity in ("Errors", "Warnings", "Notes"):
        part = bullets.split(f"**{severity}:**", 1)[1].split("**", 1)[0]
        named[severity] = set(re.findall(r"\[(CJM\d{3})\]", part))
    by_severity = {
        name: {c for c, info in CODES.items() if info.severity.value == value}
        for name, value in (("Errors", "error"), ("Warnings", "warning"), ("Notes", "note"))
    }
    assert named["Warnings"] == by_severity["Warnings"]
    assert named["Notes"] == by_severity["Notes"]
    assert named["Errors"] <= by_severity["Errors"]
    assert "every code from [CJM001](#cjm001) to [CJM033](#cjm033)" in bullets
    assert by_severity["Errors"] - named["Errors"] == {
        c for c in CODES if "CJM001" < c < "CJM033"
    }


# --------------------------------------------------------------------------- label keys

LABELS_START = "<!-- label keys: generated from mkdocs_cjm_plugin/i18n/texts.py -->"
LABELS_END = "<!-- end of label keys -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def label_table() -> str:
    """The table of every label key a site can override, as configuration.md shows it."""
    from mkdocs_cjm_plugin.i18n.texts import DE, EN

    rows = ["| key | English | German |", "|---|---|---|"]
    keys = [*EN, *(key for key in DE if key not in EN)]
    rows += [
        f"| `{key}` | {_cell(EN.get(key, ''))} | {_cell(DE.get(key, ''))} |" for key in keys
    ]
    return "\n".join(rows)


def test_configuration_lists_every_label_key_with_its_wording() -> None:
    text = _read("configuration.md")
    assert LABELS_START in text and LABELS_END in text, (
        f"configuration.md needs the label table between {LABELS_START!r} and {LABELS_END!r}"
    )
    shown = text.split(LABELS_START, 1)[1].split(LABELS_END, 1)[0].strip()
    expected = label_table()
    assert shown == expected, (
        "The label table in docs/reference/configuration.md is not the one the label table "
        f"in mkdocs_cjm_plugin/i18n/texts.py gives; replace it with:\n\n{expected}\n"
    )
