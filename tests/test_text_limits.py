"""How long a text may be: one error per text that is too long, at its value, with the
way to shorten it, and a build that stops before a long name fills every page.

A name is shown again on many pages (navigation, lists, tables across journeys, maps);
before these limits one journey with a 3.8 MB title made a site of 173 MB. Long texts
(descriptions, summaries, list entries) are shown on their own page and may be long.
"""

from __future__ import annotations

import copy
import logging
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError
from samples import JOURNEY, PERSONA, STAKEHOLDER
from sitekit import JOURNEYS, TODAY, build_site, write_project

from mkdocs_cjm_plugin.cli.main import main
from mkdocs_cjm_plugin.core.diagnostics import Diagnostic
from mkdocs_cjm_plugin.core.load import LoadResult
from mkdocs_cjm_plugin.core.model import MAX_LINE_CHARS, MAX_NAME_CHARS, MAX_TEXT_CHARS
from mkdocs_cjm_plugin.core.pipeline import load_texts
from mkdocs_cjm_plugin.core.schema import definition_schema
from mkdocs_cjm_plugin.targets.mkdocs.options_file import read_config_file


def load(journey: str = JOURNEY, persona: str = PERSONA, stakeholder: str = STAKEHOLDER
         ) -> LoadResult:
    return load_texts({
        "personas/anna.yml": persona,
        "stakeholders.yml": stakeholder,
        "journeys/kauf.yml": journey,
    })


def lines(result: LoadResult) -> list[str]:
    """Every problem, notes included: a long text must not bring others along."""
    return [d.format() for d in result.diagnostics]


def words(count: int) -> str:
    """Text of exactly `count` characters, as an author would paste it (no quotes needed)."""
    text = "Kaffeemaschine kaufen und reklamieren " * (count // 38 + 1)
    return text[:count].strip().ljust(count, "x")


REPO = Path(__file__).resolve().parent.parent
NAME = words(MAX_NAME_CHARS + 1)
LINE = words(MAX_LINE_CHARS + 1)
TEXT = words(MAX_TEXT_CHARS + 1)
STEP = "        emotion: 3\n"
"""The last line of the sample's step: what a test adds to the step goes below it."""


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(("journey", "expected"), [
    (JOURNEY.replace("title: Kauf", f"title: {NAME}"),
     "journeys/kauf.yml:3:8: error[CJM063]: journey `title` is 201 characters long; it may "
     "have at most 200: shorten it and put the rest into `summary:`"),
    (JOURNEY.replace("  - name: Suche", f"  - name: {NAME}"),
     "journeys/kauf.yml:8:11: error[CJM063]: phase `name` is 201 characters long; it may "
     "have at most 200: shorten it and put the rest into `description:`"),
    (JOURNEY.replace("      - name: Sucht im Netz", f"      - name: {NAME}"),
     "journeys/kauf.yml:10:15: error[CJM063]: step `name` is 201 characters long; it may "
     "have at most 200: shorten it and put the rest into `action:`"),
    (JOURNEY.replace("channel: Website", f"channel: {NAME}"),
     "journeys/kauf.yml:11:18: error[CJM063]: step `channel` is 201 characters long; it may "
     "have at most 200: shorten it and put the rest into `action:`"),
    (JOURNEY.replace(STEP, f"{STEP}        touchpoint: {NAME}\n"),
     "journeys/kauf.yml:13:21: error[CJM063]: step `touchpoint` is 201 characters long; it "
     "may have at most 200: shorten it and put the rest into `action:`"),
    (JOURNEY.replace(STEP, f"{STEP}        kpis:\n          - name: {NAME}\n"),
     "journeys/kauf.yml:14:19: error[CJM063]: kpi `name` is 201 characters long; it may "
     "have at most 200: shorten it and put the rest under `extra:` (free key/value pairs)"),
    (JOURNEY.replace(STEP, f"{STEP}        opportunities:\n          - title: {NAME}\n"),
     "journeys/kauf.yml:14:20: error[CJM063]: opportunity `title` is 201 characters long; it "
     "may have at most 200: shorten it and put the rest into `description:`"),
    (JOURNEY.replace("updated:", f"tags: [Kauf, {NAME}]\nupdated:"),
     "journeys/kauf.yml:6:14: error[CJM063]: entry 2 of journey `tags` is 201 characters "
     "long; each entry may have at most 200: shorten it to a few words; write several tags "
     "as entries of their own"),
    (JOURNEY.replace("owner: kundenservice", f"owner: {'kundenservice-' * 20}"),
     "journeys/kauf.yml:5:8: error[CJM063]: journey `owner` is 280 characters long; it may "
     "have at most 200: write the id of the stakeholder here, not its name or a description"),
])
def test_a_name_that_is_too_long_is_one_error_at_its_value(journey: str, expected: str) -> None:
    assert lines(load(journey)) == [expected]


def test_a_persona_name_too_long_is_reported_once_and_its_journeys_are_not_blamed() -> None:
    # The persona is left out, but the journey that names it is not told "unknown persona",
    # nor is anything else said about it.
    result = load(persona=PERSONA.replace("name: Anna Berger", f"name: {NAME}"))
    assert lines(result) == [
        "personas/anna.yml:3:7: error[CJM063]: persona `name` is 201 characters long; it may "
        "have at most 200: shorten it and put the rest into `summary:`"
    ]
    assert "kauf" in result.catalogue.journeys and "anna" not in result.catalogue.personas


def test_a_stakeholder_name_and_relation_too_long_are_one_error_each() -> None:
    stakeholder = (STAKEHOLDER.replace("name: Kundenservice", f"name: {NAME}")
                   + f"relations:\n  - to: customer\n    label: {NAME}\n")
    assert lines(load(stakeholder=stakeholder)) == [
        "stakeholders.yml:3:7: error[CJM063]: stakeholder `name` is 201 characters long; it "
        "may have at most 200: shorten it and put the rest into `description:`",
        "stakeholders.yml:6:12: error[CJM063]: relation `label` is 201 characters long; it "
        "may have at most 200: shorten it to a few words",
    ]


def test_a_journey_id_too_long_names_the_limit_of_a_page_name_once() -> None:
    # Ids name pages, so a journey id has at most 100 characters (CJM060); one that is
    # over every limit is reported once, not once as too long and once as a page name.
    result = load(JOURNEY.replace("id: kauf", f"id: {'kauf-' * 50}x"))
    assert lines(result) == [
        "journeys/kauf.yml:2:5: error[CJM063]: journey `id` is 251 characters long; it may "
        "have at most 100: pick a short id, e.g. `id: kauf-kauf-kauf-kauf-kauf-kauf-kauf-kauf-"
        "kauf-kauf`"
    ]


# --------------------------------------------------------------------------- sentences


def test_a_quote_too_long_is_an_error_at_its_value() -> None:
    # A quote is shown on the page of each of the persona's journeys, in its card.
    persona = PERSONA + f"quote: {LINE}\nphoto: img/anna.jpg\n"
    assert lines(load(persona=persona)) == [
        "personas/anna.yml:4:8: error[CJM063]: persona `quote` is 1,001 characters long; it "
        "may have at most 1,000: shorten it and put the rest into `summary:`"
    ]


# --------------------------------------------------------------------------- long texts


@pytest.mark.parametrize(("journey", "expected"), [
    (JOURNEY.replace("updated:", f"summary: >-\n  {TEXT}\nupdated:"),
     "journeys/kauf.yml:6:10: error[CJM063]: journey `summary` is 20,001 characters long; it "
     "may have at most 20,000: shorten it, and keep the full text elsewhere with a link to "
     "it"),
    (JOURNEY.replace(STEP, f"{STEP}        pains:\n          - Wartezeit\n          - {TEXT}\n"),
     "journeys/kauf.yml:15:13: error[CJM063]: entry 2 of step `pains` is 20,001 characters "
     "long; each entry may have at most 20,000: shorten it, or split it into several "
     "entries"),
    # `moment_of_truth` takes true/false or a text: the text is too long, not the wrong type.
    (JOURNEY.replace(STEP, f"{STEP}        moment_of_truth: {TEXT}\n"),
     "journeys/kauf.yml:13:26: error[CJM063]: step `moment_of_truth` is 20,001 characters "
     "long; it may have at most 20,000: shorten it, and keep the full text elsewhere with a "
     "link to it"),
])
def test_a_long_text_that_is_too_long_is_one_error_at_its_value(
    journey: str, expected: str
) -> None:
    assert lines(load(journey)) == [expected]


def test_several_texts_too_long_are_one_error_each() -> None:
    journey = (JOURNEY.replace("title: Kauf", f"title: {NAME}")
               .replace("updated:", f"summary: {TEXT}\nupdated:"))
    found = lines(load(journey))
    assert [line.split(": error[CJM063]: ")[0] for line in found] == [
        "journeys/kauf.yml:3:8", "journeys/kauf.yml:6:10",
    ]


# --------------------------------------------------------------------------- at the limit


def test_texts_at_the_limit_pass() -> None:
    journey = (
        JOURNEY.replace("title: Kauf", f"title: \"  {words(MAX_NAME_CHARS)}  \"")
        .replace("updated:", f"summary: {words(MAX_TEXT_CHARS)}\nupdated:")
        .replace(STEP, f"{STEP}        pains: [{words(MAX_TEXT_CHARS)}]\n")
    )
    persona = PERSONA + f"quote: {words(MAX_LINE_CHARS)}\n"
    result = load(journey, persona)
    assert lines(result) == []
    # The spaces around the title are not counted.
    assert len(result.catalogue.journeys["kauf"].title) == MAX_NAME_CHARS
    assert len(result.catalogue.personas["anna"].quote or "") == MAX_LINE_CHARS


# --------------------------------------------------------------------------- the docs


def _max_lengths(node: object) -> set[int]:
    """Every `maxLength` in a part of the JSON Schema (a text, a list, or either)."""
    if isinstance(node, dict):
        own = {node["maxLength"]} if "maxLength" in node else set()
        return own.union(*(_max_lengths(v) for k, v in node.items() if k != "description"))
    if isinstance(node, list):
        return set().union(*(_max_lengths(v) for v in node))
    return set()


def test_the_format_reference_lists_every_limit() -> None:
    schema = definition_schema()
    limits: dict[str, set[int]] = {}
    for model in schema["$defs"].values():
        for key, prop in model.get("properties", {}).items():
            if found := _max_lengths(prop):
                limits.setdefault(key, set()).update(found)
    lines = (REPO / "docs" / "reference" / "format.md").read_text(encoding="utf-8")
    section = lines.split("### Length of texts", 1)[1].split("\n### ", 1)[0]
    documented: dict[str, set[int]] = {}
    for row in re.findall(r"^\| ([\d,]+) characters \| (.*) \|$", section, re.MULTILINE):
        for key in re.findall(r"`([a-z_]+)`", row[1]):
            documented.setdefault(key, set()).add(int(row[0].replace(",", "")))
    assert documented == limits
    assert {n for found in limits.values() for n in found} == {
        MAX_NAME_CHARS, MAX_LINE_CHARS, MAX_TEXT_CHARS,
    }


# --------------------------------------------------------------------------- mkdocs.yml


def test_a_phase_of_the_phase_model_with_a_long_name_is_an_option_error(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Handbuch\nplugins:\n  - cjm:\n      phase_model:\n"
        f"        - {{id: suche, name: {NAME}}}\n",
        encoding="utf-8",
    )
    (tmp_path / "journeys").mkdir()
    diags: list[Diagnostic] = []
    read_config_file(config, "mkdocs.yml", diags)
    assert [d.format() for d in diags] == [
        "mkdocs.yml:5:29: error[CJM029]: plugin option `phase_model.0.name`: is 201 characters "
        "long; it may have at most 200: shorten it to a few words"
    ]


# --------------------------------------------------------------------------- a real build


MEGABYTE_TITLE = words(1_000_000)


def _project(tmp_path: Path, **plugin: object) -> Path:
    journeys = copy.deepcopy(JOURNEYS)
    journeys[0]["title"] = MEGABYTE_TITLE
    write_project(tmp_path, journeys=journeys, plugin={"cache_dir": "", **plugin})
    return tmp_path


def _error_line(path: str) -> str:
    # The sample's first journey file has its title on line 3, written after `title: `.
    return (f"{path}:3:8: error[CJM063]: journey `title` is 1,000,000 characters long; it "
            "may have at most 200: shorten it and put the rest into `summary:`")


def test_a_strict_build_stops_on_a_1_mb_title_and_writes_no_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    root = _project(tmp_path, strict=True)
    monkeypatch.chdir(root)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    expected = _error_line("journeys/journeys/kauf-ist.yml")
    # `cjm check` and the build say the same, once.
    assert main(["check", "--today", TODAY]) == 1
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if "error[" in line] == [expected]
    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)):
        build_site(root)
    messages = [r.getMessage() for r in caplog.records]
    assert f"invalid journey definitions:\n{expected}" in messages
    assert not (root / "site").exists()
    assert sum(len(m) for m in messages) < 10_000  # the title is never printed


def test_a_build_that_is_not_strict_shows_the_error_instead_of_the_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    root = _project(tmp_path)
    monkeypatch.chdir(root)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    with caplog.at_level(logging.INFO):
        build_site(root)
    assert "cjm: " + _error_line("journeys/journeys/kauf-ist.yml") in [
        r.getMessage() for r in caplog.records
    ]
    page = (root / "site" / "journeys" / "kauf-ist" / "index.html").read_text(encoding="utf-8")
    assert "journey <code>title</code> is 1,000,000 characters long" in page
    pages = sum(p.stat().st_size for p in (root / "site").rglob("*.html"))
    assert pages < 500_000, f"{pages:,} bytes"  # 62 MB before the limit
