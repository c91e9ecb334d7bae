"""The source folder is a boundary: links out of it are not followed, and a `source`
that holds the project itself is refused before anything is read.

Real folders, real symbolic links, `cjm check` as a user runs it and real MkDocs
builds; every report is checked as the line the user sees.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError
from samples import JOURNEY, PERSONA, STAKEHOLDER
from sitekit import build_site, snapshot_files, write_project

from mkdocs_cjm_plugin.cli.main import main
from mkdocs_cjm_plugin.core.pipeline import load_catalogue

SECRET = "Geheime Notiz Ausserhalb"
OUTSIDE_PERSONA = f"kind: persona\nid: geheim\nname: {SECRET}\n"
LINK_OUT = (
    "this symbolic link leads outside the source folder, so it is not read; copy the "
    "file or folder into the source folder, or set `source` to a folder that holds it"
)
LINK_NOWHERE = (
    "this symbolic link leads nowhere (what it points to is missing, or links go round "
    "in a circle), so it is not read; remove the link or point it at a file"
)



def _handbook(folder: Path) -> Path:
    """A valid source folder (persona, stakeholder, journey) inside `folder`."""
    source = folder / "journeys"
    (source / "personas").mkdir(parents=True)
    (source / "personas" / "anna.yml").write_text(PERSONA, encoding="utf-8")
    (source / "stakeholders.yml").write_text(STAKEHOLDER, encoding="utf-8")
    (source / "kauf.yml").write_text(JOURNEY, encoding="utf-8")
    return source


def _outside(folder: Path) -> Path:
    """A folder beside the source with a definition nobody should read."""
    out = folder / "elsewhere"
    (out / "deep").mkdir(parents=True)
    (out / "geheim.yml").write_text(OUTSIDE_PERSONA, encoding="utf-8")
    (out / "deep" / "geheim.yml").write_text(OUTSIDE_PERSONA, encoding="utf-8")
    return out


def _lines(source: Path, base: Path) -> list[str]:
    result = load_catalogue(source, base=base)
    return [d.format() for d in result.diagnostics]


# --------------------------------------------------------------------------- links


def test_a_linked_file_outside_is_not_read_and_a_note_names_the_link(tmp_path: Path) -> None:
    source = _handbook(tmp_path)
    outside = _outside(tmp_path)
    (source / "personas" / "geteilt.yml").symlink_to(outside / "geheim.yml")
    (source / "relativ.yaml").symlink_to(Path("..", "elsewhere", "geheim.yml"))

    result = load_catalogue(source, base=tmp_path)
    lines = [d.format() for d in result.diagnostics]
    assert lines == [
        f"journeys/personas/geteilt.yml:1:1: note[CJM062]: {LINK_OUT}",
        f"journeys/relativ.yaml:1:1: note[CJM062]: {LINK_OUT}",
    ]
    assert "geheim" not in result.catalogue.personas
    assert not any(SECRET in line or "elsewhere" in line for line in lines)


def test_a_linked_folder_outside_is_not_entered(tmp_path: Path) -> None:
    source = _handbook(tmp_path)
    outside = _outside(tmp_path)
    (source / "extern").symlink_to(outside, target_is_directory=True)
    (source / "personas" / "root").symlink_to(Path("/"), target_is_directory=True)

    result = load_catalogue(source, base=tmp_path)
    assert [d.format() for d in result.diagnostics] == [
        f"journeys/extern:1:1: note[CJM062]: {LINK_OUT}",
        f"journeys/personas/root:1:1: note[CJM062]: {LINK_OUT}",
    ]
    assert result.catalogue.files == [
        "journeys/kauf.yml", "journeys/personas/anna.yml", "journeys/stakeholders.yml",
    ]


def test_loops_of_links_end_and_are_reported_as_leading_nowhere(tmp_path: Path) -> None:
    source = _handbook(tmp_path)
    (source / "a.yml").symlink_to("b.yml")
    (source / "b.yml").symlink_to("a.yml")
    (source / "selbst.yml").symlink_to("selbst.yml")
    (source / "weg.yml").symlink_to("gibt-es-nicht.yml")
    # Links to a folder inside (here: the source itself, and its parent's parent's
    # child) would read every file again and again if they were entered.
    (source / "personas" / "oben").symlink_to("..", target_is_directory=True)
    (source / "personas" / "ich").symlink_to(".", target_is_directory=True)

    assert _lines(source, tmp_path) == [
        f"journeys/a.yml:1:1: note[CJM062]: {LINK_NOWHERE}",
        f"journeys/b.yml:1:1: note[CJM062]: {LINK_NOWHERE}",
        f"journeys/selbst.yml:1:1: note[CJM062]: {LINK_NOWHERE}",
        f"journeys/weg.yml:1:1: note[CJM062]: {LINK_NOWHERE}",
    ]


def test_a_link_to_a_file_inside_the_source_folder_is_read(tmp_path: Path) -> None:
    source = tmp_path / "journeys"
    (source / "archiv").mkdir(parents=True)
    (source / "archiv" / "anna.txt").write_text(PERSONA, encoding="utf-8")
    (source / "anna.yml").symlink_to(Path("archiv", "anna.txt"))

    result = load_catalogue(source, base=tmp_path)
    assert [d.code for d in result.diagnostics] == ["CJM101"]  # anna is in no journey
    assert list(result.catalogue.personas) == ["anna"]


def test_a_source_folder_reached_through_a_link_is_read(tmp_path: Path) -> None:
    real = _handbook(tmp_path / "echt")
    project = tmp_path / "projekt"
    project.mkdir()
    (project / "journeys").symlink_to(real, target_is_directory=True)

    result = load_catalogue(project / "journeys", base=project)
    assert [d.format() for d in result.diagnostics] == []
    assert result.catalogue.files == [
        "journeys/kauf.yml", "journeys/personas/anna.yml", "journeys/stakeholders.yml",
    ]


def test_a_build_shows_nothing_of_a_linked_file_outside(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = write_project(tmp_path / "projekt")
    outside = _outside(tmp_path)
    (site.root / "journeys" / "geteilt.yml").symlink_to(outside / "geheim.yml")
    (site.root / "journeys" / "extern").symlink_to(outside, target_is_directory=True)

    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.cjm"):
        build_site(site.root, strict=True)  # a note never fails a build
    logged = [r.getMessage() for r in caplog.records]
    assert f"cjm: journeys/geteilt.yml:1:1: note[CJM062]: {LINK_OUT}" in logged
    assert f"cjm: journeys/extern:1:1: note[CJM062]: {LINK_OUT}" in logged
    assert not (site.site_dir / "personas" / "geheim").exists()
    for page in site.site_dir.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".json", ".xml"):
            assert SECRET not in page.read_text(encoding="utf-8"), page


# --------------------------------------------------------------------------- `source` option


def _config(project: Path, source: str, more: str = "") -> Path:
    """mkdocs.yml with `source` at line 5, column 15; `more`: lines after it."""
    project.mkdir(parents=True, exist_ok=True)
    (project / "docs").mkdir(exist_ok=True)
    (project / "docs" / "index.md").write_text("# Start\n", encoding="utf-8")
    # A broken YAML file beside mkdocs.yml: crawling the project would report it.
    (project / "notizen.yml").write_text("name: [offen\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        f"site_name: Handbuch\nplugins:\n  - search\n  - cjm:\n      source: '{source}'\n"
        + more,
        encoding="utf-8",
    )
    return config


REFUSED_TEXT = {
    "contains": "contains the folder of mkdocs.yml, so every YAML file of the project would "
    "be read as a journey; set `source` to the folder that holds only your journey files, "
    "e.g. `source: journeys`",
    "is": "is the folder of mkdocs.yml, so every YAML file of the project would be read as "
    "a journey; set `source` to the folder that holds only your journey files, "
    "e.g. `source: journeys`",
    "root": "is the root folder, which holds far more than journeys; set `source` to the "
    "folder that holds only your journey files, e.g. `source: journeys`",
    "home": "is your home folder, which holds far more than journeys; set `source` to the "
    "folder that holds only your journey files, e.g. `source: journeys`",
}


def _refused(tmp_path: Path, name: str) -> tuple[str, str]:
    """(source option, expected message) for each way to name a folder too wide."""
    project = tmp_path / "home" / "anna" / "projekt"
    return {
        "dot": (".", f"'.' {REFUSED_TEXT['is']}"),
        "parent": ("..", f"'..' {REFUSED_TEXT['contains']}"),
        "grandparent": ("../..", f"'../..' {REFUSED_TEXT['contains']}"),
        "absolute parent": (str(project.parent), f"'{project.parent}' {REFUSED_TEXT['contains']}"),
        "trailing slash": ("journeys/../", f"'journeys/../' {REFUSED_TEXT['is']}"),
        "root": ("/", f"'/' {REFUSED_TEXT['contains']}"),
    }[name]


REFUSED = ["dot", "parent", "grandparent", "absolute parent", "trailing slash", "root"]


@pytest.mark.parametrize("name", REFUSED)
def test_cjm_check_refuses_a_source_that_holds_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    name: str,
) -> None:
    source, message = _refused(tmp_path, name)
    config = _config(tmp_path / "home" / "anna" / "projekt", source)
    monkeypatch.chdir(config.parent)
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"mkdocs.yml:5:15: error[CJM061]: plugin option `source`: {message}"]


@pytest.mark.parametrize("name", REFUSED)
def test_a_build_refuses_a_source_that_holds_the_project(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    source, message = _refused(tmp_path, name)
    config = _config(tmp_path / "home" / "anna" / "projekt", source)
    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(config.parent)
    text = "\n".join([str(info.value), *(r.getMessage() for r in caplog.records)])
    assert f"plugin 'cjm' option `source` [CJM061]: {message}" in text
    assert "notizen.yml" not in text
    assert not (config.parent / "site").exists()


def test_the_home_folder_is_refused_as_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    home = tmp_path / "home" / "anna"
    config = _config(tmp_path / "arbeit" / "projekt", str(home))
    home.mkdir(parents=True)
    (home / "kaputt.yml").write_text("name: [offen\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(config.parent)
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"mkdocs.yml:5:15: error[CJM061]: plugin option `source`: '{home}' {REFUSED_TEXT['home']}"
    ]
    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(config.parent)
    text = "\n".join([str(info.value), *(r.getMessage() for r in caplog.records)])
    assert f"'{home}' {REFUSED_TEXT['home']}" in text
    assert "kaputt.yml" not in text


def test_a_folder_beside_the_project_is_a_fine_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _handbook(tmp_path / "karten")
    config = _config(tmp_path / "projekt", "../karten/journeys")
    (config.parent / "notizen.yml").unlink()
    monkeypatch.chdir(config.parent)
    assert main(["check"]) == 0
    assert capsys.readouterr().out == ""
    build_site(config.parent, strict=True)
    assert (config.parent / "site" / "journeys" / "kauf" / "index.html").is_file()


def test_an_explicit_folder_on_the_command_line_is_checked_as_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `cjm check journeys` names the folder itself: a refused option does not matter.
    config = _config(tmp_path / "projekt", "..")
    _handbook(config.parent)
    monkeypatch.chdir(config.parent)
    assert main(["check", "journeys"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"mkdocs.yml:5:15: error[CJM061]: plugin option `source`: '..' {REFUSED_TEXT['contains']}"
    ]


# ---------------------------------------------------------------------- site and docs folder


def _definitions(folder: Path) -> dict[str, bytes]:
    """A valid persona, stakeholder and journey in `folder`; every file below it."""
    (folder / "personas").mkdir(parents=True, exist_ok=True)
    (folder / "personas" / "anna.yml").write_text(PERSONA, encoding="utf-8")
    (folder / "stakeholders.yml").write_text(STAKEHOLDER, encoding="utf-8")
    (folder / "kauf.yml").write_text(JOURNEY, encoding="utf-8")
    return snapshot_files(folder)


EMPTIED = (
    "which MkDocs empties before every build: your journey files would be deleted; move "
    "them to a folder of their own outside it, e.g. `journeys` beside mkdocs.yml, and set "
    "`source` to that folder"
)


@pytest.mark.parametrize(
    ("source", "more", "definitions", "message"),
    [
        ("site", "", "site", f"'site' is the site folder 'site', {EMPTIED}"),
        ("site/journeys", "", "site/journeys",
         f"'site/journeys' is inside the site folder 'site', {EMPTIED}"),
        ("public/karten", "site_dir: public\n", "public/karten",
         f"'public/karten' is inside the site folder 'public', {EMPTIED}"),
        ("build", "site_dir: build/site\n", "build/journeys",
         "'build' contains the site folder 'build/site': what MkDocs publishes there would "
         "be read as journeys, and journey files in it deleted with every build; set "
         "`source` to a folder that holds only your journey files, e.g. `source: journeys`"),
    ],
)
def test_a_source_folder_where_the_site_is_built_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture, source: str, more: str, definitions: str, message: str,
) -> None:
    # MkDocs empties the site folder before it builds: journey files kept there were
    # gone after the first `mkdocs build`.
    config = _config(tmp_path / "projekt", source, more)
    (config.parent / "notizen.yml").unlink()
    kept = _definitions(config.parent / definitions)
    expected = f"mkdocs.yml:5:15: error[CJM065]: plugin option `source`: {message}"
    monkeypatch.chdir(config.parent)
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines() == [expected]
    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(config.parent)
    text = "\n".join([str(info.value), *(r.getMessage() for r in caplog.records)])
    assert expected in text
    assert snapshot_files(config.parent / definitions) == kept
    assert "Cleaning site directory" not in text


PUBLISHED = (
    "mkdocs.yml:5:15: warning[CJM066]: plugin option `source`: 'docs/journeys' is inside "
    "the docs folder 'docs', so MkDocs publishes your journey files as they are, comments "
    "and all (3 files, such as 'journeys/kauf.yml'); move them to a folder outside "
    "the docs folder, e.g. `journeys` beside mkdocs.yml, and set `source` to it, or leave "
    "the files out of the site with MkDocs' `exclude_docs`"
)


def test_a_source_folder_in_the_docs_folder_is_published_and_the_build_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    config = _config(tmp_path / "projekt", "docs/journeys")
    (config.parent / "notizen.yml").unlink()
    _definitions(config.parent / "docs" / "journeys")
    monkeypatch.chdir(config.parent)
    assert main(["check"]) == 0  # a warning: the handbook is fine, its sources public
    assert capsys.readouterr().out.splitlines() == [PUBLISHED]
    with caplog.at_level(logging.INFO):
        build_site(config.parent)
    assert f"cjm: {PUBLISHED}" in [r.getMessage() for r in caplog.records]
    assert (config.parent / "site" / "journeys" / "kauf.yml").read_text("utf-8") == JOURNEY
    assert (config.parent / "site" / "journeys" / "kauf" / "index.html").is_file()
    with pytest.raises((PluginError, Abort)):
        build_site(config.parent, strict=True)


@pytest.mark.parametrize("left_out", [
    "exclude_docs: |\n  *.yml\n  *.yaml\n",
    "exclude_docs: /journeys/**/*.yml\n",
    "draft_docs: journeys/**/*.yml\n",
])
def test_journey_files_the_site_leaves_out_may_stay_in_the_docs_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture, left_out: str,
) -> None:
    config = _config(tmp_path / "projekt", "docs/journeys", left_out)
    (config.parent / "notizen.yml").unlink()
    _definitions(config.parent / "docs" / "journeys")
    monkeypatch.chdir(config.parent)
    assert main(["check"]) == 0
    assert capsys.readouterr().out == ""
    with caplog.at_level(logging.INFO):
        build_site(config.parent, strict=True)
    assert not any("CJM066" in r.getMessage() for r in caplog.records)
    assert not list((config.parent / "site").rglob("*.yml"))
    assert (config.parent / "site" / "journeys" / "kauf" / "index.html").is_file()


# ---------------------------------------------------------------- docs and templates folders

PHOTO_OUT = (
    "leads out of the docs folder through a symbolic link, so the page shows initials "
    "instead (MkDocs still copies what the link points to into the site); put the "
    "picture itself in the docs folder instead of a link, or remove the link"
)


def _photo_project(tmp_path: Path) -> tuple[Path, Path]:
    """A project whose personas have photos in the docs folder that symbolic links lead
    out of (a linked file, a file in a linked folder), beside one that is there; and the
    folder outside."""
    config = _config(tmp_path / "projekt", "journeys")
    (config.parent / "notizen.yml").unlink()
    root, docs = config.parent, config.parent / "docs"
    source = root / "journeys"
    _definitions(source)
    (source / "personas" / "anna.yml").write_text(PERSONA + "photo: img/anna.svg\n", "utf-8")
    for ident, photo in (("ben", "fremd/ben.svg"), ("cem", "img/cem.svg")):
        (source / "personas" / f"{ident}.yml").write_text(
            f"kind: persona\nid: {ident}\nname: {ident.title()}\nphoto: {photo}\n", "utf-8")
    (source / "kauf.yml").write_text(
        JOURNEY.replace("persona: anna", "personas: [anna, ben, cem]"), "utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    for name in ("geheim.svg", "ben.svg"):
        (outside / name).write_text(f"<svg><!-- {SECRET} --></svg>\n", "utf-8")
    (docs / "img").mkdir()
    (docs / "img" / "anna.svg").symlink_to(outside / "geheim.svg")
    (docs / "img" / "cem.svg").write_text("<svg/>\n", "utf-8")
    (docs / "fremd").symlink_to(outside, target_is_directory=True)
    return root, outside


def test_a_photo_that_a_link_takes_out_of_the_docs_folder_is_refused_and_not_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # `ln -s /etc/passwd docs/img/anna.svg` with `photo: img/anna.svg`: MkDocs copies the
    # file the link points to into the site, and the page linked it.
    root, _ = _photo_project(tmp_path)
    expected = [
        f"journeys/personas/anna.yml:4:8: error[CJM027]: photo 'img/anna.svg' {PHOTO_OUT}",
        f"journeys/personas/ben.yml:4:8: error[CJM027]: photo 'fremd/ben.svg' {PHOTO_OUT}",
    ]
    monkeypatch.chdir(root)
    assert main(["check"]) == 1
    assert [line for line in capsys.readouterr().out.splitlines() if "CJM0" in line] == expected

    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)):
        build_site(root, strict=True)  # stops before MkDocs copies anything
    assert not (root / "site").exists()

    caplog.clear()
    with caplog.at_level(logging.INFO):
        build_site(root)
    logged = [r.getMessage() for r in caplog.records]
    assert all(f"cjm: {line}" in logged for line in expected), logged
    pages = [root / "site" / "personas" / name / "index.html" for name in ("anna", "ben")]
    pages.append(root / "site" / "journeys" / "kauf" / "index.html")
    for page in pages:
        html = page.read_text("utf-8")
        assert "anna.svg" not in html and "ben.svg" not in html, page
    assert "img/cem.svg" in (root / "site" / "personas" / "cem" / "index.html").read_text("utf-8")


def _templates(root: Path) -> Path:
    """mkdocs.yml with `custom_templates: tpl`, and the folder."""
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "      custom_templates: tpl\n", "utf-8")
    (root / "tpl").mkdir()
    return root / "tpl"


@pytest.mark.parametrize("how", ["file", "folder"])
def test_a_template_that_a_link_takes_out_of_the_templates_folder_is_not_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, how: str
) -> None:
    # A link in the templates folder to /etc/hostname was rendered into a journey page.
    config = _config(tmp_path / "projekt", "journeys")
    (config.parent / "notizen.yml").unlink()
    _definitions(config.parent / "journeys")
    templates = _templates(config.parent)
    outside = tmp_path / "elsewhere"
    (outside / "partials").mkdir(parents=True)
    (outside / "journey.md.jinja").write_text(SECRET + "\n", "utf-8")
    (outside / "partials" / "phase-table.html.jinja").write_text(SECRET + "\n", "utf-8")
    if how == "file":
        (templates / "journey.md.jinja").symlink_to(outside / "journey.md.jinja")
        name = "journey.md.jinja"
    else:
        (templates / "partials").symlink_to(outside / "partials", target_is_directory=True)
        name = "partials/phase-table.html.jinja"

    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(config.parent)
    text = "\n".join([str(info.value), *(r.getMessage() for r in caplog.records)])
    assert (
        f"custom template 'tpl/{name}' leads out of the custom_templates folder 'tpl' "
        "through a symbolic link, so it is not used; put the template itself in the "
        "folder instead of a link"
    ) in text
    assert SECRET not in text
    assert not (config.parent / "site").exists()


def test_a_template_linked_within_the_templates_folder_is_used(tmp_path: Path) -> None:
    config = _config(tmp_path / "projekt", "journeys")
    (config.parent / "notizen.yml").unlink()
    _definitions(config.parent / "journeys")
    templates = _templates(config.parent)
    (templates / "varianten").mkdir()
    (templates / "varianten" / "persona.md.jinja").write_text(
        "# {{ persona.name }} (eigene)\n", "utf-8")
    (templates / "persona.md.jinja").symlink_to(Path("varianten", "persona.md.jinja"))
    build_site(config.parent)
    page = config.parent / "site" / "personas" / "anna" / "index.html"
    assert "Anna Berger (eigene)" in page.read_text("utf-8")
