"""The examples of the docs work, in English and in German.

Every example is shown in both languages, in tabs (`=== "English"`, `=== "Deutsch"`).
The getting-started handbook, written as the page says, must load without a problem in
either language, and the mistake it suggests must give the message the page shows.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from mkdocs_cjm_plugin.core.model import SiteOptions
from mkdocs_cjm_plugin.core.pipeline import load_texts

DOCS = Path(__file__).resolve().parent.parent / "docs"
LANGUAGES = {"English": "office-coffee", "Deutsch": "buero-kaffee"}
MISTAKE = {"English": "good", "Deutsch": "gut"}
TAB = re.compile(r'^=== "([^"]+)"\n\n((?:    .*\n|\n)+)', re.MULTILINE)
FENCE = re.compile(r"```(\w+)\n(.*?)\n```", re.DOTALL)


def tabbed_blocks(page: str) -> dict[str, list[tuple[str, str]]]:
    """Language tab -> its fenced blocks (language, text), in page order."""
    text = (DOCS / page).read_text(encoding="utf-8")
    out: dict[str, list[tuple[str, str]]] = {}
    for match in TAB.finditer(text):
        body = "\n".join(line[4:] for line in match.group(2).split("\n"))
        out.setdefault(match.group(1), []).extend(FENCE.findall(body))
    return out


def test_every_example_of_getting_started_is_in_both_languages() -> None:
    blocks = tabbed_blocks("getting-started.md")
    kinds = {
        lang: [kind for kind, _ in blocks.get(lang, [])] for lang in LANGUAGES
    }
    assert kinds["English"] == kinds["Deutsch"], kinds
    assert kinds["English"].count("yaml") >= 4, kinds  # mkdocs.yml and the three files


def _handbook(lang: str) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for kind, text in tabbed_blocks("getting-started.md")[lang]:
        if kind != "yaml" or "kind:" not in text:
            continue
        first = text.split("\n", 1)[0]
        if first == "kind: persona":
            files["journeys/personas/anna-berger.yml"] = text + "\n"
        elif first == "kind: stakeholder":
            files["journeys/stakeholders.yml"] = text + "\n"
        elif first == "kind: journey":
            files[f"journeys/journeys/{LANGUAGES[lang]}.yml"] = text + "\n"
    return files


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_getting_started_handbook_loads_without_a_problem(lang: str) -> None:
    files = _handbook(lang)
    assert len(files) == 3, sorted(files)
    result = load_texts(files, SiteOptions(today=dt.date(2026, 11, 23)))
    assert [d.format() for d in result.diagnostics if d.severity.value != "note"] == []
    assert len(result.catalogue.journeys) == 1 and len(result.catalogue.personas) == 1


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_suggested_mistake_gives_the_message_shown(lang: str) -> None:
    files = _handbook(lang)
    name = f"journeys/journeys/{LANGUAGES[lang]}.yml"
    files[name] = str(files[name]).replace("emotion: 4", f"emotion: {MISTAKE[lang]}", 1)
    result = load_texts(files, SiteOptions(today=dt.date(2026, 11, 23)))
    shown = [text for kind, text in tabbed_blocks("getting-started.md")[lang]
             if kind == "text" and "error[" in text]
    assert [d.format() for d in result.errors] == shown


TABBED_PAGES = [
    "index.md", "getting-started.md", "guide/writing-journeys.md", "reference/format.md",
]
# What a lone example may lack: the persona or stakeholder it names lives in another
# file (CJM021), or it shows only the top of a journey, without its phases (CJM012).
ELSEWHERE = {"CJM021", "CJM012"}


@pytest.mark.parametrize("page", TABBED_PAGES)
def test_each_example_is_shown_in_english_and_in_german(page: str) -> None:
    blocks = tabbed_blocks(page)
    assert set(blocks) >= set(LANGUAGES), f"{page}: tabs {sorted(blocks)}"
    shapes = {lang: [kind for kind, _ in blocks[lang]] for lang in LANGUAGES}
    assert shapes["English"] == shapes["Deutsch"], f"{page}: {shapes}"
    untabbed = [
        line for line in (DOCS / page).read_text(encoding="utf-8").split("\n")
        if line == "```yaml"
    ]
    assert not untabbed, f"{page}: {len(untabbed)} YAML examples are in one language only"


@pytest.mark.parametrize("page", TABBED_PAGES)
def test_whole_files_among_the_examples_load_alike_in_both_languages(page: str) -> None:
    codes: dict[str, list[list[str]]] = {}
    for lang in LANGUAGES:
        for kind, text in tabbed_blocks(page)[lang]:
            if kind != "yaml" or not text.startswith("kind:"):
                continue
            result = load_texts({"journeys/example.yml": text + "\n"})
            found = [d.code for d in result.errors]
            assert set(found) <= ELSEWHERE, (
                f"{page} ({lang}): {[d.format() for d in result.errors]}\n{text}"
            )
            codes.setdefault(lang, []).append(found)
    assert codes.get("English") == codes.get("Deutsch"), f"{page}: {codes}"
