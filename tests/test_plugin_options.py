"""Plugin options as a user meets them: in mkdocs.yml of a real build, and in `cjm check`."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError
from sitekit import JOURNEYS, build_site, write_project

from mkdocs_cjm_plugin.cli import main


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


def test_a_missing_custom_templates_folder_is_a_clear_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_project(tmp_path, plugin={"custom_templates": "nirgends"})
    said = _failure(tmp_path, caplog)
    assert "custom_templates folder" in said and "nirgends' not found" in said
