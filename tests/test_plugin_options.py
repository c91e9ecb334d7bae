"""Plugin options as a user meets them: in mkdocs.yml of a real build, and in `cjm check`."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, MkDocsException, PluginError
from sitekit import JOURNEYS, build_site, write_project

from mkdocs_cjm_plugin.cli.main import main


@pytest.fixture(autouse=True)
def _quiet_material(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


def _failure(tmp_path: Path, caplog: pytest.LogCaptureFixture, strict: bool = False) -> str:
    """Build, expect MkDocs to stop, and return everything it said."""
    with caplog.at_level(logging.INFO), pytest.raises((Abort, PluginError)) as caught:
        build_site(tmp_path, strict=strict)
    return str(caught.value) + "\n" + caplog.text


def test_unknown_option_stops_the_build_with_a_suggestion(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_project(tmp_path, plugin={"sourec": "journeys"})
    said = _failure(tmp_path, caplog)
    assert "unknown option `sourec` (did you mean 'source'?)" in said
    assert "Traceback" not in said


def test_invalid_nested_option_names_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_project(tmp_path, plugin={"emotion_scale": {"min": 5, "max": 1}})
    said = _failure(tmp_path, caplog)
    assert "emotion_scale" in said and "must be smaller than max" in said


def test_a_number_where_text_is_expected_is_read_as_text(tmp_path: Path) -> None:
    site = write_project(tmp_path, prefix="2026")
    build_site(tmp_path, strict=True)
    assert (site.site_dir / "2026" / "journeys" / "index.html").is_file()


def _broken_journey() -> list[dict[str, object]]:
    journeys = [dict(j) for j in JOURNEYS]
    journeys.append({
        "kind": "journey", "id": "kaputt", "title": "Kaputt", "persona": "anna",
        "phases": [{"name": "Eins", "emotion": 9}],
    })
    return journeys


def test_strict_false_keeps_definitions_from_failing_mkdocs_strict(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = write_project(tmp_path, plugin={"strict": False}, journeys=_broken_journey())
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.cjm"):
        build_site(tmp_path, strict=True)
    shown = [r for r in caplog.records if "CJM025" in r.getMessage()]
    assert shown and all(r.levelno == logging.INFO for r in shown)
    assert (site.site_dir / "journeys" / "kaputt" / "index.html").is_file()


def test_without_strict_false_mkdocs_strict_fails_on_definitions(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_project(tmp_path, journeys=_broken_journey())
    assert "error[CJM025]" in _failure(tmp_path, caplog, strict=True)


def test_nav_false_keeps_pages_out_of_the_automatic_nav(tmp_path: Path) -> None:
    site = write_project(tmp_path, plugin={"nav": False})
    build_site(tmp_path, strict=True)
    start = (site.site_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="journeys/' not in start  # the start page links nowhere else
    assert (site.site_dir / "journeys" / "index.html").is_file()


def test_nav_true_adds_the_section_to_the_automatic_nav(tmp_path: Path) -> None:
    site = write_project(tmp_path)
    build_site(tmp_path, strict=True)
    start = (site.site_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="journeys/' in start


def test_check_resolves_env_tags_like_mkdocs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "journeys").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\n"
        "plugins:\n"
        "  - cjm:\n"
        "      prefix: !ENV [CJM_PREFIX, handbook]\n"
        "      stale_after_days: !ENV CJM_DAYS\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CJM_DAYS", raising=False)
    assert main(["check"]) == 0
    monkeypatch.setenv("CJM_DAYS", "viele")
    assert main(["check"]) == 1
    assert "mkdocs.yml:5:25: error[CJM029]: plugin option `stale_after_days`" in (
        capsys.readouterr().out
    )
    monkeypatch.setenv("CJM_DAYS", "30")
    assert main(["check"]) == 0


def test_a_broken_custom_template_names_its_file_and_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_project(tmp_path, plugin={"custom_templates": "overrides"})
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "persona.md.jinja").write_text(
        "# {{ persona.name }}\n\n{{ persona.nmae }}\n", encoding="utf-8"
    )
    said = _failure(tmp_path, caplog)
    assert "persona.md.jinja, line 3" in said and "nmae" in said
    assert "Traceback" not in said


# --------------------------------------------------------------------------- mkdocs.yml itself
# `cjm check` and the build agree on a wrong mkdocs.yml: whenever the build stops,
# the check exits 1 with the line in mkdocs.yml and the fix.

CJM_ENTRY = "site_name: Handbuch\nplugins:\n  - search\n  - cjm:\n"


def _check_and_build(
    tmp_path: Path, config: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture,
    *, check_args: tuple[str, ...] = (), rename_source: str | None = None,
) -> tuple[int, list[str], str | None]:
    """(exit status of `cjm check`, its lines about mkdocs.yml, what the build said if it
    stopped). `rename_source`: move the journeys folder of the sample there first."""
    write_project(tmp_path)
    if rename_source is not None:
        (tmp_path / "journeys").rename(tmp_path / rename_source)
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status = main(["check", *check_args])
    # The sample handbook's notes (a stale map...) are not about mkdocs.yml.
    lines = [x for x in capsys.readouterr().out.splitlines() if x.startswith("mkdocs.yml:")]
    try:
        with caplog.at_level(logging.INFO):
            build_site(tmp_path, strict="--strict" in check_args)
    except MkDocsException as stopped:
        return status, lines, str(stopped) + "\n" + caplog.text
    return status, lines, None


@pytest.mark.parametrize(
    ("options", "expected", "mkdocs_says"),
    [
        (
            "    source: journeys\n    language: de\n",
            ["mkdocs.yml:5:5: error[CJM033]: `source` and `language` stand beside `cjm:` "
             "instead of below it, so MkDocs does not take them as options of the plugin and "
             "stops; indent them further than `cjm` (e.g. 2 more spaces)"],
            "Invalid Plugins configuration",
        ),
        (
            "    stale_after_days: viele\n",
            ["mkdocs.yml:5:5: error[CJM033]: `stale_after_days` stands beside `cjm:` instead "
             "of below it, so MkDocs does not take it as an option of the plugin and stops; "
             "indent it further than `cjm` (e.g. 2 more spaces)",
             "mkdocs.yml:5:23: error[CJM029]: plugin option `stale_after_days`: must be a "
             "whole number, found the text 'viele'"],
            "Invalid Plugins configuration",
        ),
        (
            "      - source: journeys\n",
            ["mkdocs.yml:5:7: error[CJM033]: the options of the plugin `cjm` must be "
             "`key: value` lines below `cjm:`, found a list; put each option on its own line, "
             "indented further than `cjm`, like `source: journeys`"],
            "Invalid config options for the 'cjm' plugin",
        ),
        (
            "      stale_after_days: viele\n",
            ["mkdocs.yml:5:25: error[CJM029]: plugin option `stale_after_days`: must be a "
             "whole number, found the text 'viele'"],
            "Plugin 'cjm' option 'stale_after_days': must be a whole number, found the text "
            "'viele'",
        ),
        (
            "      emotion_scale: 5\n",
            ["mkdocs.yml:5:22: error[CJM029]: plugin option `emotion_scale`: must be a map of "
             "`key: value` lines, found the number 5"],
            "Plugin 'cjm' option 'emotion_scale': must be a map of `key: value` lines, found "
            "the number 5",
        ),
        (
            "      langauge: de\n",
            ["mkdocs.yml:5:7: error[CJM029]: plugin option `langauge`: unknown option "
             "(did you mean 'language'?)"],
            "plugin 'cjm': unknown option `langauge` (did you mean 'language'?)",
        ),
        (
            "      phase_model:\n        - id: kauf\n          nmae: Kauf\n",
            ["mkdocs.yml:7:11: error[CJM029]: plugin option `phase_model.0.nmae`: unknown key "
             "`nmae` (did you mean 'name'?); remove it"],
            "Plugin 'cjm' option 'phase_model': 0.nmae: unknown key `nmae` "
            "(did you mean 'name'?); remove it",
        ),
        (
            "      stale_after_days: -1\n",
            ["mkdocs.yml:5:25: error[CJM029]: plugin option `stale_after_days`: must be 0 or "
             "more, found the number -1"],
            "Plugin 'cjm' option 'stale_after_days': must be 0 or more, found the number -1",
        ),
        (
            "      nav_max_journeys: -1\n",
            ["mkdocs.yml:5:25: error[CJM029]: plugin option `nav_max_journeys`: must be 0 or "
             "more, found the number -1"],
            "Plugin 'cjm' option 'nav_max_journeys': must be 0 or more, found the number -1",
        ),
        (
            "      stale_after_days: true\n",
            ["mkdocs.yml:5:25: error[CJM029]: plugin option `stale_after_days`: must be a "
             "whole number, found the boolean true"],
            "Plugin 'cjm' option 'stale_after_days': must be a whole number, found the "
            "boolean true",
        ),
        (
            "      phase_model:\n        - id: Kauf\n          name: Kauf\n",
            ["mkdocs.yml:6:15: error[CJM029]: plugin option `phase_model.0.id`: 'Kauf' is not "
             "a valid id: use lowercase letters, digits and '-' only, starting with a letter "
             "or digit; write `kauf`"],
            "Plugin 'cjm' option 'phase_model': 0.id: 'Kauf' is not a valid id: use lowercase "
            "letters, digits and '-' only, starting with a letter or digit; write `kauf`",
        ),
    ],
    ids=["options-beside-cjm", "beside-and-wrong", "options-as-list", "wrong-type",
         "map-expected", "unknown-option", "nested-typo", "negative-days", "negative-count",
         "boolean-days", "phase-id-capital"],
)
def test_check_and_build_agree_on_a_wrong_plugin_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture, options: str, expected: list[str], mkdocs_says: str,
) -> None:
    status, lines, said = _check_and_build(
        tmp_path, CJM_ENTRY + options, monkeypatch, capsys, caplog
    )
    assert status == 1
    assert lines == expected
    assert said is not None and mkdocs_says in said, said
    assert "Traceback" not in said


def test_options_written_as_text_after_cjm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    config = "site_name: Handbuch\nplugins:\n  - cjm: journeys\n"
    status, lines, said = _check_and_build(tmp_path, config, monkeypatch, capsys, caplog)
    assert status == 1
    assert lines == [
        "mkdocs.yml:3:10: error[CJM033]: the options of the plugin `cjm` must be `key: value` "
        "lines below `cjm:`, found the text 'journeys'; put each option on its own line, "
        "indented further than `cjm`, like `source: journeys`"
    ]
    assert said is not None and "Invalid config options for the 'cjm' plugin" in said


def test_mkdocs_yml_that_is_not_valid_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A plugin entry without its colon: options below it make the file unreadable."""
    config = "site_name: Handbuch\nplugins:\n  - search\n  - cjm\n    source: journeys\n"
    status, lines, said = _check_and_build(tmp_path, config, monkeypatch, capsys, caplog)
    assert status == 1
    assert len(lines) == 1 and lines[0].startswith("mkdocs.yml:5:11: error[CJM002]: "), lines
    assert said is not None and "error parsing the configuration file" in said


def test_a_plugin_option_at_the_top_level_is_a_warning_as_in_mkdocs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """MkDocs ignores it with a warning, and stops only under --strict: so does the check."""
    config = "site_name: Handbuch\nplugins:\n  - cjm:\nlanguage: de\n"
    status, lines, said = _check_and_build(tmp_path, config, monkeypatch, capsys, caplog)
    expected = [
        "mkdocs.yml:4:1: warning[CJM034]: `language` is an option of the plugin `cjm`, but it "
        "stands at the top level of mkdocs.yml, where MkDocs ignores it; move it below "
        "`cjm:` in `plugins:`, indented further than `cjm`"
    ]
    assert (status, lines, said) == (0, expected, None)
    status, lines, said = _check_and_build(
        tmp_path, config, monkeypatch, capsys, caplog, check_args=("--strict",)
    )
    assert (status, lines) == (1, expected)
    assert said is not None and "configuration warnings in 'strict' mode" in said


def test_an_emotion_scale_exactly_the_documented_minimum_apart_is_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # 1.000001 - 1 is a hair below 0.000001 in binary: the docs promise it is enough.
    config = CJM_ENTRY + "      emotion_scale: {min: 1, max: 1.000001}\n"
    _, lines, said = _check_and_build(tmp_path, config, monkeypatch, capsys, caplog)
    assert lines == []
    assert said is None


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ("      source: jouneys\n",
         "mkdocs.yml:5:15: error[CJM006]: plugin option `source`: folder 'jouneys' does not "
         "exist (did you mean 'journeys'?); create it or set `source` to the folder that "
         "holds your journey files"),
        ("      language: de\n",  # `source` not written: the default folder is missing
         "mkdocs.yml:4:5: error[CJM006]: plugin option `source`: `source` is not set, so the "
         "journey files are read from 'journeys', which does not exist; create it, or set "
         "`source: journey` if that folder holds them"),
    ],
    ids=["misspelt", "default-missing"],
)
def test_check_and_build_report_a_missing_source_at_its_line_in_mkdocs_yml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture, options: str, expected: str,
) -> None:
    status, lines, said = _check_and_build(
        tmp_path, CJM_ENTRY + options, monkeypatch, capsys, caplog, check_args=("--strict",),
        rename_source=None if "source:" in options else "journey",
    )
    assert status == 1
    assert lines == [expected]
    assert said is not None and expected in said, said


def test_check_and_build_report_a_missing_custom_templates_folder_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    (tmp_path / "templates").mkdir(parents=True)
    expected = (
        "mkdocs.yml:5:25: error[CJM029]: plugin option `custom_templates`: folder "
        "'template' does not exist (did you mean 'templates'?); create it with your "
        "versions of the page templates, or remove the option to use the built-in ones"
    )
    status, lines, said = _check_and_build(
        tmp_path, CJM_ENTRY + "      custom_templates: template\n", monkeypatch, capsys, caplog
    )
    assert status == 1
    assert lines == [expected]
    assert said is not None and expected in said, said  # not strict: it stops all the same
    assert "Traceback" not in said


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("docs/img", "mkdocs.yml:5:18: error[CJM070]: cache_dir 'docs/img' is inside the docs "
         "folder 'docs'; the cached pictures would be published or cleaned away with it. "
         "Set `cache_dir` to a folder of its own outside it, such as `.cache/cjm` (the "
         "default); the maps are drawn without a cache until then"),
        ("site", "mkdocs.yml:5:18: error[CJM070]: cache_dir 'site' is inside the site folder "
         "'site'; the cached pictures would be published or cleaned away with it. Set "
         "`cache_dir` to a folder of its own outside it, such as `.cache/cjm` (the "
         "default); the maps are drawn without a cache until then"),
        (".", "mkdocs.yml:5:18: error[CJM070]: cache_dir '.' holds files the plugin did not "
         "write ('docs', 'journeys', 'mkdocs.yml', ...); it deletes and replaces files in "
         "its cache folder, so it uses only a folder of its own. Set `cache_dir` to a new "
         "folder such as `.cache/cjm`; the maps are drawn without a cache until then (your "
         "files were not changed)"),
        ("journeys", "mkdocs.yml:5:18: error[CJM070]: cache_dir 'journeys' holds files the "
         "plugin did not write ('journeys', 'personas.yml', 'stakeholders.yaml', ...); it "
         "deletes and replaces files in its cache folder, so it uses only a folder of its "
         "own. Set `cache_dir` to a new folder such as `.cache/cjm`; the maps are drawn "
         "without a cache until then (your files were not changed)"),
    ],
    ids=["in-docs", "site", "project", "source"],
)
def test_check_and_build_report_a_wrong_cache_dir_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture, folder: str, expected: str,
) -> None:
    status, lines, said = _check_and_build(
        tmp_path, CJM_ENTRY + f"      cache_dir: {folder}\n", monkeypatch, capsys, caplog,
        check_args=("--strict",),
    )
    assert status == 1
    assert lines == [expected]
    assert said is not None and expected in said, said


@pytest.mark.parametrize(
    ("entry", "mkdocs_says"),
    [
        ("   - cjm\n", 'The "search - cjm" plugin is not installed'),
        ("   - cjm:\n       language: de\n", "error parsing the configuration file"),
    ],
    ids=["plain", "with-options"],
)
def test_a_plugin_entry_indented_one_space_too_far_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture, entry: str, mkdocs_says: str,
) -> None:
    config = "site_name: Handbuch\nplugins:\n  - search\n" + entry
    status, lines, said = _check_and_build(tmp_path, config, monkeypatch, capsys, caplog)
    assert status == 1
    assert lines == [  # one line, no follow-on "YAML cannot read" error
        "mkdocs.yml:4:4: error[CJM033]: `- cjm` is indented 1 space more than `- search` "
        "above it, so YAML reads it as part of that entry ('search - cjm') and MkDocs does "
        "not find the plugin; indent `- cjm` exactly like `- search`"
    ]
    assert said is not None and mkdocs_says in said, said


def test_plugin_entries_indented_alike_are_not_joined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    config = "site_name: Handbuch\nplugins:\n- search\n- cjm:\n    language: de\n"
    status, lines, said = _check_and_build(tmp_path, config, monkeypatch, capsys, caplog)
    assert (status, lines, said) == (0, [], None)
