"""The reference pages in docs/ must agree with the code they describe.

- docs/reference/format.md: one table per entity whose first column lists every
  field of the pydantic model as `key`, no more, no less; the `required` column
  agrees with the JSON Schema that `cjm schema` prints.
- docs/reference/configuration.md: the options table lists every SiteOptions field,
  and the channel table every built-in channel.
- docs/reference/diagnostics.md: one `## CODE: Title` section per diagnostic code,
  with the registry's title and severity; every example in an English and a German
  tab, each giving the very messages shown under it.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from mkdocs_cjm_plugin.core.diagnostics import CODES, Diagnostic
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


# --------------------------------------------------------------------------- diagnostics examples

TABS = ("English", "Deutsch")
TAB = re.compile(r'^=== "([^"]+)"\n\n((?:    .*\n|\n)+)', re.MULTILINE)
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
# The files around an example: the persona and the stakeholders its journey names.
AROUND = {
    "journeys/personas/anna-berger.yml": "kind: persona\nname: Anna Berger\n",
    "journeys/stakeholders.yml": (
        "kind: stakeholder\nid: vertrieb\nname: Vertrieb\n---\n"
        "kind: stakeholder\nid: sales\nname: Sales\n"
    ),
}
# The site's phase model where a code is about it, in the example's language.
PHASE_MODELS = {
    ("CJM023", "English"): ["research", "purchase"],
    ("CJM023", "Deutsch"): ["informationssuche", "kauf"],
    ("CJM107", "English"): ["research", "planning", "purchase"],
    ("CJM107", "Deutsch"): ["informationssuche", "planung", "kauf"],
}
# Examples whose message needs more than one file and the site's options: a photo
# looked up in the docs folder (CJM104), other files that name the broken one (CJM108),
# the other journey that spells the touchpoint the usual way (CJM130; tests/test_validation.py
# checks that message).
NOT_LOADED = {"CJM104", "CJM108", "CJM130"}


def diagnostics_tabs() -> dict[str, dict[str, list[list[tuple[str, str]]]]]:
    """code -> language tab -> the fenced blocks (language, text) of each of its tabs."""
    text = _read("diagnostics.md")
    out: dict[str, dict[str, list[list[tuple[str, str]]]]] = {}
    for section in text.split("\n## ")[1:]:
        found = re.match(r"(CJM\d{3}): ", section)
        if not found:
            continue
        tabs = out.setdefault(found.group(1), {})
        for match in TAB.finditer(section):
            body = "\n".join(line[4:] for line in match.group(2).split("\n"))
            tabs.setdefault(match.group(1), []).append(FENCE.findall(body))
    return out


def test_every_diagnostics_example_is_shown_in_english_and_in_german() -> None:
    text = _read("diagnostics.md")
    # Sections whose YAML is an option snippet without a word in any language.
    neutral = ("## CJM120:", "## CJM121:")
    sections = [s for s in text.split("\n## ") if not ("## " + s).startswith(neutral)]
    untabbed = [
        line
        for section in sections
        for line in section.split("\n")
        if line in ("```yaml", "```markdown")
    ]
    assert not untabbed, f"{len(untabbed)} examples are in one language only"
    for code, tabs in diagnostics_tabs().items():
        if not tabs:
            continue  # messages only, no YAML example (a page directive, a missing program)
        assert set(tabs) == set(TABS), f"{code}: tabs {sorted(tabs)}"
        shapes = {lang: [[kind for kind, _ in tab] for tab in tabs[lang]] for lang in TABS}
        assert shapes["English"] == shapes["Deutsch"], f"{code}: {shapes}"
    assert text.index('=== "English"') < text.index('=== "Deutsch"')


def diagnostics_examples() -> list[tuple[str, str, str, list[str]]]:
    """(code, tab, file, the messages shown under it) for each whole file with its messages."""
    out = []
    for code, tabs in diagnostics_tabs().items():
        if code in NOT_LOADED:
            continue
        for lang in TABS:
            for blocks in tabs.get(lang, []):
                for (kind, body), (next_kind, shown) in itertools.pairwise(blocks):
                    path = shown.split(":", 1)[0]
                    if kind == "yaml" and next_kind == "text" and path.startswith(
                        ("journeys/", "mkdocs.yml")
                    ):
                        out.append((code, lang, body, shown.splitlines()))
    return out


def test_there_are_english_and_german_examples_with_messages() -> None:
    examples = diagnostics_examples()
    by_lang = {lang: [code for code, tab, _, _ in examples if tab == lang] for lang in TABS}
    assert by_lang["English"] == by_lang["Deutsch"]
    assert len(by_lang["English"]) >= 45


@pytest.mark.parametrize(("code", "lang", "body", "shown"), diagnostics_examples())
def test_each_diagnostics_example_gives_the_message_shown(
    code: str, lang: str, body: str, shown: list[str], tmp_path: Path
) -> None:
    import datetime as dt

    from mkdocs_cjm_plugin.core.pipeline import load_texts
    from mkdocs_cjm_plugin.targets.mkdocs.options_file import read_config_file

    path = shown[0].split(":", 1)[0]
    if path == "mkdocs.yml":
        # A part of mkdocs.yml is shown below its first line, `site_name:`.
        if not body.startswith("site_name:"):
            body = "site_name: Handbook\n" + body
        (tmp_path / "journeys").mkdir()
        (tmp_path / path).write_text(body + "\n", encoding="utf-8")
        diags: list[Diagnostic] = []
        read_config_file(tmp_path / path, path, diags)
        assert [d.format() for d in diags if d.code == code] == shown, f"{code} ({lang})"
        return
    content: str | bytes = body + "\n"
    if code == "CJM001":  # saved as Latin-1
        content = str(content).encode("latin-1")
    options: dict[str, object] = {"today": dt.date(2026, 11, 23)}
    if (code, lang) in PHASE_MODELS:
        options["phase_model"] = [{"id": i, "name": i} for i in PHASE_MODELS[code, lang]]
    result = load_texts({**AROUND, path: content}, SiteOptions(**options))
    found = [d.format() for d in result.diagnostics if d.code == code and d.path == path]
    assert found == shown, f"{code} ({lang})"


def page_examples() -> list[tuple[str, str, str, list[str]]]:
    """(code, tab, page, the messages shown under it) for each page directive example."""
    out = []
    for code, tabs in diagnostics_tabs().items():
        for lang in TABS:
            for blocks in tabs.get(lang, []):
                for (kind, body), (next_kind, shown) in itertools.pairwise(blocks):
                    if kind == "markdown" and next_kind == "text":
                        out.append((code, lang, body, shown.splitlines()))
    return out


def test_the_page_directive_examples_are_in_both_languages() -> None:
    codes = {lang: [code for code, tab, _, _ in page_examples() if tab == lang] for lang in TABS}
    assert codes["English"] == codes["Deutsch"] == ["CJM030", "CJM035"]


@pytest.mark.parametrize(("code", "lang", "page", "shown"), page_examples())
def test_each_page_directive_example_gives_the_message_shown(
    code: str, lang: str, page: str, shown: list[str]
) -> None:
    from mkdocs_cjm_plugin.core.pipeline import load_texts
    from mkdocs_cjm_plugin.site.directives import page_problems

    journey = "kind: journey\ntitle: T\npersona: anna-berger\nphases: [{name: A, emotion: 3}]\n"
    files = {f"journeys/journeys/{j}.yml": journey for j in ("office-coffee", "buero-kaffee")}
    catalogue = load_texts({**AROUND, **files}).catalogue
    assert sorted(catalogue.journeys) == ["buero-kaffee", "office-coffee"]
    path, line = shown[0].split(":")[:2]
    # The example is the page from the line of the first message on.
    text = "\n" * (int(line) - 1) + page + "\n"
    found = [d.format() for d in page_problems(text, catalogue, path) if d.code == code]
    assert found == shown, f"{code} ({lang})"


def journey_parts() -> list[tuple[str, str, str, list[str]]]:
    """(code, tab, part of a journey, its message) where the message is shown first."""
    out = []
    for code, tabs in diagnostics_tabs().items():
        for lang in TABS:
            for blocks in tabs.get(lang, []):
                for (kind, shown), (next_kind, body) in itertools.pairwise(blocks):
                    if kind == "text" and next_kind == "yaml" and body.startswith("phases:"):
                        out.append((code, lang, body, shown.splitlines()))
    return out


@pytest.mark.parametrize(("code", "lang", "part", "shown"), journey_parts())
def test_each_part_of_a_journey_gives_the_message_shown(
    code: str, lang: str, part: str, shown: list[str]
) -> None:
    from mkdocs_cjm_plugin.core.pipeline import load_texts

    path = shown[0].split(":", 1)[0]
    ident = path.rsplit("/", 1)[1].removesuffix(".yml")
    # The part follows the journey's first lines: kind, id, title, persona, updated.
    head = f"kind: journey\nid: {ident}\ntitle: T\npersona: anna-berger\nupdated: 2026-11-02\n"
    result = load_texts({**AROUND, path: head + part + "\n"})
    found = [d.format() for d in result.diagnostics if d.code == code and d.path == path]
    assert found == shown, f"{code} ({lang})"


def test_the_parts_of_a_journey_are_in_both_languages() -> None:
    codes = {lang: [code for code, tab, _, _ in journey_parts() if tab == lang] for lang in TABS}
    assert codes["English"] == codes["Deutsch"] == ["CJM013"]
