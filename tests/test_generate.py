"""`cjm generate`: what it writes, and what it refuses to touch."""

from __future__ import annotations

import copy
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_cjm_plugin.cli import generate, main
from mkdocs_cjm_plugin.core.cache import forget
from tests.sitekit import build_site, snapshot_files, write_project

OUT = "docs/handbook"


def run(root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        *args: str) -> tuple[int, str]:
    monkeypatch.chdir(root)
    status = main(["generate", "--engine", "mkdocs", "--out", OUT, *args])
    return status, capsys.readouterr().err


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_project(tmp_path / "p", prefix="handbook")
    return tmp_path / "p"


def test_writes_pages_assets_and_nav_snippet(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, err = run(project, monkeypatch, capsys)
    assert status == 0, err
    out = project / OUT
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [
        ".cjm-written.json", "actions/index.md", "assets/cjm/cjm.css", "assets/cjm/cjm.js",
        "cjm-nav.yml", "journeys/index.md", "journeys/kauf-ist.md", "journeys/kauf-soll.md",
        "journeys/umzug.md", "kpis/index.md", "maps/all.svg", "maps/journey-kauf-ist.svg",
        "maps/journey-kauf-soll.svg", "maps/journey-umzug.svg", "overview/index.md",
        "personas/anna.md", "personas/ben.md", "personas/index.md", "stakeholders/index.md",
        "touchpoints/index.md",
    ]
    page = (out / "journeys" / "kauf-ist.md").read_text(encoding="utf-8")
    # Front matter as the plugin writes it: the title, and Material's `hide` on a wide page.
    assert page.startswith(
        '---\ntitle: "Kaffeemaschine kaufen (Ist)"\nhide: [navigation, toc]\n---\n'
    )
    assert "<svg" in page  # the curve and the map are inside the page
    nav = (out / "cjm-nav.yml").read_text(encoding="utf-8")
    assert "- handbook/assets/cjm/cjm.css" in nav
    assert "    - handbook/journeys/kauf-ist.md" in nav
    assert "cjm: 12 pages in docs/handbook (19 files written, 0 unchanged, 0 removed)" in err
    assert "cjm: add the lines of docs/handbook/cjm-nav.yml to your mkdocs.yml" in err


def test_a_name_with_a_code_fence_in_it_stays_text_on_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import markdown

    from tests.sitekit import JOURNEYS

    journeys = copy.deepcopy(JOURNEYS)
    steps = journeys[0]["phases"][0]["steps"]
    steps[0]["name"] = "A\n```\nB"  # `cjm check` takes it: a name may hold line breaks
    steps[1]["name"] = "C\n~~~~ python\nD"
    write_project(tmp_path / "p", prefix="handbook", journeys=journeys)
    status, err = run(tmp_path / "p", monkeypatch, capsys)
    assert status == 0, err
    for page in (tmp_path / "p" / OUT).rglob("*.md"):
        text = page.read_text(encoding="utf-8").split("---\n", 2)[-1]
        # As MkDocs reads the page: every name a fence would swallow is still there.
        html = markdown.markdown(text, extensions=["fenced_code", "attr_list", "md_in_html"])
        assert "<pre" not in html, page


def test_second_run_rewrites_nothing_and_output_is_the_same_from_any_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, monkeypatch, capsys)[0] == 0
    assert (project / MEMO).is_file()
    first = snapshot_files(project / OUT)
    mtimes = {p: p.stat().st_mtime_ns for p in (project / OUT).rglob("*") if p.is_file()}
    memo = project / MEMO
    os.utime(memo, (1_000_000_000, 1_000_000_000))
    status, err = run(project, monkeypatch, capsys)
    assert status == 0
    assert "(0 files written, 19 unchanged, 0 removed; 3 journey pages kept from the last " \
        "run)" in err
    assert memo.stat().st_mtime == 1_000_000_000  # nothing made anew: the memo is as it was
    assert "3 journey pages kept from the last run" in run(project, monkeypatch, capsys)[1]
    assert {p: p.stat().st_mtime_ns for p in (project / OUT).rglob("*") if p.is_file()} == mtimes
    # From another folder, with the paths given: the same bytes, no absolute path in them.
    monkeypatch.chdir(project.parent)
    other = project.parent / "copy"
    write_project(other, prefix="handbook")
    assert main(["generate", "--engine", "mkdocs", "--out", "copy/docs/handbook",
                 "--config", "copy/mkdocs.yml"]) == 0
    assert snapshot_files(other / OUT) == first
    for data in first.values():
        assert str(project).encode() not in data
        assert str(project.parent).encode() not in data


MEMO = ".cache/cjm/files/pages.pickle"


def fresh(root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
          *args: str) -> dict[str, bytes]:
    """What a run writes for a copy of the project without its cache."""
    copy = root.parent / "fresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".cache", "handbook"))
    status, err = run(copy, monkeypatch, capsys, *args)
    assert status == 0, err
    assert "kept from the last run" not in err
    return snapshot_files(copy / OUT)


@pytest.mark.parametrize(
    ("path", "old", "new", "page", "kept"),
    [
        # kauf-soll compares itself to kauf-ist, so its page is made anew too.
        ("journeys/kauf-ist.yml", "Lange Warteschleife", "Endlose Warteschleife",
         "journeys/kauf-ist.md", "1 journey page"),
        # Ben is a persona of umzug only.
        ("personas.yml", "Facility-Manager Musterhaus", "Leiter Gebäudetechnik",
         "journeys/umzug.md", "2 journey pages"),
    ],
)
def test_a_run_after_a_change_renders_only_what_changed_and_writes_what_a_fresh_run_writes(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    path: str, old: str, new: str, page: str, kept: str,
) -> None:
    assert run(project, monkeypatch, capsys)[0] == 0
    assert (project / MEMO).is_file()
    changed = project / "journeys" / path
    text = changed.read_text(encoding="utf-8")
    assert old in text
    changed.write_text(text.replace(old, new), encoding="utf-8")
    forget()  # the next run reads the files it kept from the cache folder, as a new process
    status, err = run(project, monkeypatch, capsys)
    assert status == 0, err
    assert f"removed; {kept} kept from the last run)" in err
    written = snapshot_files(project / OUT)
    assert new in written[page].decode("utf-8")
    assert written == fresh(project, monkeypatch, capsys)


def test_a_run_in_a_new_process_keeps_the_pages_a_persona_change_does_not_touch(
    project: Path,
) -> None:
    """As a user runs it: each run its own process, with its own hash seed (the order
    of a set differs from one to the next, what a page depends on must not)."""

    def generate(seed: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", "import sys; from mkdocs_cjm_plugin.cli import main; "
             "sys.exit(main())", "generate", "--engine", "mkdocs", "--out", OUT],
            cwd=project, env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True, text=True, check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stderr

    generate("1")
    personas = project / "journeys" / "personas.yml"
    text = personas.read_text(encoding="utf-8")
    personas.write_text(text.replace("Facility-Manager Musterhaus", "Leiter Gebäudetechnik"),
                        encoding="utf-8")
    assert "removed; 2 journey pages kept from the last run)" in generate("2")
    assert "removed; 3 journey pages kept from the last run)" in generate("3")


def test_a_kept_memo_of_another_setup_or_not_whole_is_not_used(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, monkeypatch, capsys)[0] == 0
    # Another engine makes other pages (links to the definition files): not from the memo.
    status, err = run(project, monkeypatch, capsys, "--engine", "zensical")
    assert status == 0, err
    assert "kept from the last run" not in err
    written = snapshot_files(project / OUT)
    assert written == fresh(project, monkeypatch, capsys, "--engine", "zensical")
    memo = project / MEMO
    for broken in (memo.read_bytes()[:-100], b"garbage", b""):
        memo.write_bytes(broken)
        status, err = run(project, monkeypatch, capsys, "--engine", "zensical")
        assert status == 0, err
        assert "kept from the last run" not in err
        assert "(0 files written, 19 unchanged, 0 removed)" in err
        assert snapshot_files(project / OUT) == written


def test_a_kept_memo_larger_than_a_handbook_of_this_size_needs_is_not_read(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, monkeypatch, capsys)[0] == 0
    size = (project / MEMO).stat().st_size
    files = len(list((project / "journeys").rglob("*.y*ml")))
    monkeypatch.setattr(generate, "MEMO_BASE_BYTES", 0)
    monkeypatch.setattr(generate, "MEMO_BYTES_PER_FILE", size // files - 1)
    status, err = run(project, monkeypatch, capsys)
    assert status == 0, err
    assert "kept from the last run" not in err
    monkeypatch.setattr(generate, "MEMO_BYTES_PER_FILE", size // files + 10_000)
    status, err = run(project, monkeypatch, capsys)
    assert "kept from the last run" in err


def test_removes_the_page_of_a_deleted_journey_and_empty_folders(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, monkeypatch, capsys)[0] == 0
    (project / "journeys" / "journeys" / "umzug.yml").unlink()
    status, err = run(project, monkeypatch, capsys)
    assert status == 0, err
    assert not (project / OUT / "journeys" / "umzug.md").exists()
    assert not (project / OUT / "maps" / "journey-umzug.svg").exists()
    assert "2 removed" in err  # its page and its map
    manifest = json.loads((project / OUT / ".cjm-written.json").read_text(encoding="utf-8"))
    assert "journeys/umzug.md" not in manifest["files"]


def test_refuses_a_folder_with_files_it_did_not_write(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    own = project / OUT / "journeys" / "kauf-ist.md"
    own.parent.mkdir(parents=True)
    own.write_text("# Meine Notizen\n", encoding="utf-8")
    (project / OUT / "notes.txt").write_text("privat", encoding="utf-8")
    before = snapshot_files(project / "docs")
    status, err = run(project, monkeypatch, capsys)
    assert status == 1
    assert (
        "docs/handbook/journeys/kauf-ist.md:1:1: error[CJM142]: this file is not one cjm "
        "generate wrote (it would write a page there); cjm generate writes only into a folder "
        "of its own: move the file out, or give another --out (nothing was written)"
    ) in err
    assert "docs/handbook/notes.txt:1:1: error[CJM142]: this file is not one cjm generate wrote;" \
        in err
    assert "cjm: nothing written to docs/handbook" in err
    assert snapshot_files(project / "docs") == before


def test_refuses_to_overwrite_a_page_edited_since(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, monkeypatch, capsys)[0] == 0
    page = project / OUT / "personas" / "ben.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nNachtrag von Hand\n", encoding="utf-8")
    before = snapshot_files(project / OUT)
    status, err = run(project, monkeypatch, capsys)
    assert status == 1
    assert (
        "docs/handbook/personas/ben.md:1:1: error[CJM143]: cjm generate wrote this file, and it "
        "was changed since; changes here are lost at the next run, so nothing was written: "
        "make them in the journey files (or your own pages) and delete this file"
    ) in err
    assert snapshot_files(project / OUT) == before


def test_a_manifest_naming_paths_outside_the_folder_deletes_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, monkeypatch, capsys)[0] == 0
    manifest = project / OUT / ".cjm-written.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["files"]["../index.md"] = ["0" * 64]
    data["files"]["/etc/hostname"] = ["0" * 64]
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert run(project, monkeypatch, capsys)[0] == 0
    assert (project / "docs" / "index.md").is_file()


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("docs", "cjm: --out docs would hold the docs folder (docs); give a folder of its own "
                 "inside the docs folder, e.g. docs/handbook"),
        (".", "cjm: --out . would hold the source folder (journeys); give a folder of its own "
              "inside the docs folder, e.g. docs/handbook"),
        ("journeys/pages", "cjm: --out journeys/pages is inside the source folder (journeys); "
                           "give a folder inside the docs folder, e.g. docs/handbook"),
        ("handbook", "cjm: --out handbook is not inside the docs folder (docs), so the site "
                     "engine would not find the pages; give e.g. docs/handbook"),
    ],
)
def test_refuses_an_output_folder_that_is_not_its_own(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    out: str, message: str,
) -> None:
    monkeypatch.chdir(project)
    before = snapshot_files(project)
    assert main(["generate", "--engine", "mkdocs", "--out", out]) == 2
    assert capsys.readouterr().err.strip() == message
    assert snapshot_files(project) == before


def test_strict_writes_nothing_when_a_journey_is_wrong(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = project / "journeys" / "journeys" / "umzug.yml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("emotion: 3", "emotion: 9", 1),
                   encoding="utf-8")
    status, err = run(project, monkeypatch, capsys, "--strict")
    assert status == 1
    assert "journeys/journeys/umzug.yml:" in err and "error[CJM025]" in err
    assert "cjm: nothing written to docs/handbook: 1 error" in err
    assert not (project / OUT).exists()
    # Without --strict the handbook is written, and the journey's page lists the error.
    status, err = run(project, monkeypatch, capsys)
    assert status == 0
    assert "CJM025" in (project / OUT / "journeys" / "umzug.md").read_text(encoding="utf-8")


def test_zensical_pages_link_to_source_files(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    assert main(["generate", "--engine", "zensical", "--out", OUT]) == 0
    page = (project / OUT / "personas" / "anna.md").read_text(encoding="utf-8")
    assert 'href="../journeys/kauf-ist.md"' in page
    monkeypatch.chdir(project)


def test_watch_writes_again_when_a_journey_changes(project: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from mkdocs_cjm_plugin.cli import main; "
         "sys.exit(main())", "generate", "--engine", "mkdocs", "--out", OUT, "--watch"],
        cwd=project, env=env, stderr=subprocess.PIPE, text=True,
        # Ctrl-C as in a terminal, also when the tests were started with SIGINT ignored
        # (`nohup ... &`), which the watcher would otherwise inherit.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    page = project / OUT / "journeys" / "umzug.md"
    try:
        _wait_for(proc, lambda: page.is_file() and "Umzug ins neue" in page.read_text("utf-8"))
        source = project / "journeys" / "journeys" / "umzug.yml"
        source.write_text(source.read_text("utf-8").replace(
            "Umzug ins neue Büro", "Umzug in die neue Halle"), encoding="utf-8")
        _wait_for(proc, lambda: "Umzug in die neue Halle" in page.read_text("utf-8"))
        # A second change, to another journey: the pages kept from the run before the
        # last must not come back.
        other = project / "journeys" / "journeys" / "kauf-ist.yml"
        index = project / OUT / "journeys" / "index.md"
        other.write_text(other.read_text("utf-8").replace(
            "Kaffeemaschine kaufen (Ist)", "Kaffeemaschine neu kaufen (Ist)"), encoding="utf-8")
        _wait_for(proc, lambda: "Kaffeemaschine neu kaufen" in index.read_text("utf-8"))
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise AssertionError("the watcher did not stop on Ctrl-C") from None
    assert proc.returncode == 0, err
    assert "cjm: watching journeys (Ctrl-C to stop)" in err
    assert "Traceback" not in err
    # What the watcher wrote, taking unchanged pages from its last run, is what one run
    # from scratch writes.
    watched = snapshot_files(project / OUT)
    fresh = subprocess.run(
        [sys.executable, "-c", "import sys; from mkdocs_cjm_plugin.cli import main; "
         "sys.exit(main())", "generate", "--engine", "mkdocs", "--out", OUT],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )
    assert fresh.returncode == 0, fresh.stderr
    assert snapshot_files(project / OUT) == watched


def test_ctrl_c_while_pages_are_written_stops_once_they_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The first Ctrl-C lets the run finish writing (the folder never holds half of two
    runs); a second one stops at once."""
    with generate._stop_after_writing() as stopped:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # the handler runs between two bytecodes of this thread
        assert stopped == [True]
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
    assert capsys.readouterr().err == (
        "cjm: stopping once these pages are written (Ctrl-C again to stop now)\n")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def _wait_for(proc: subprocess.Popen[str], condition: Callable[[], bool]) -> None:
    """Poll until `condition()` holds; a generous bound keeps a broken watcher from
    hanging the suite (it is not a time limit on the watcher)."""
    for _ in range(600):
        assert proc.poll() is None, "the watcher ended"
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the watcher did not write the change")


def test_a_wrong_option_in_mkdocs_yml_stops_before_writing(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("prefix:", "prefx:"), "utf-8")
    status, err = run(project, monkeypatch, capsys)
    assert status == 1
    assert "mkdocs.yml:" in err and "error[CJM029]: plugin option `prefx`: unknown option" in err
    assert not (project / OUT).exists()


def test_the_plugin_build_takes_the_place_of_pages_cjm_generate_wrote(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The same project built both ways (a team trying Zensical beside MkDocs): the
    # generated pages and maps are not the author's, so neither cjm check nor the build
    # stops.
    assert run(project, monkeypatch, capsys)[0] == 0
    assert (project / OUT / "maps" / "all.svg").is_file()
    assert main(["check"]) == 0
    assert "CJM031" not in capsys.readouterr().out
    build_site(project)
    page = (project / "site" / "handbook" / "journeys" / "kauf-ist" / "index.html")
    assert "Kaffeemaschine kaufen (Ist)" in page.read_text(encoding="utf-8")
    # Edited by hand, a generated page is the author's: the build names the collision.
    edited = project / OUT / "journeys" / "kauf-ist.md"
    edited.write_text(edited.read_text("utf-8") + "\nvon Hand\n", encoding="utf-8")
    edited_map = project / OUT / "maps" / "all.svg"
    edited_map.write_text(edited_map.read_text("utf-8") + "<!-- von Hand -->\n", "utf-8")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert ("docs/handbook/journeys/kauf-ist.md:1:1: error[CJM031]: the plugin generates "
            "'handbook/journeys/kauf-ist.md'") in out
    assert ("docs/handbook/maps/all.svg:1:1: error[CJM031]: the plugin generates "
            "'handbook/maps/all.svg' (the map of all stakeholders)") in out


def test_pages_listing_problems_are_the_same_from_any_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    bad = project / "journeys" / "journeys" / "umzug.yml"
    bad.write_text(bad.read_text("utf-8").replace("emotion: 3", "emotion: 9", 1), "utf-8")
    assert run(project, monkeypatch, capsys)[0] == 0
    here = snapshot_files(project / OUT)
    page = here["journeys/umzug.md"].decode("utf-8")
    assert "journeys/journeys/umzug.yml" in page  # the page lists the problem, at its file
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    (project / OUT / ".cjm-written.json").unlink()  # start from an empty folder again
    for path in sorted((project / OUT).rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert main(["generate", "--out", str(project / OUT), "--engine", "mkdocs",
                 "--config", str(project / "mkdocs.yml")]) == 0
    assert snapshot_files(project / OUT) == here
    assert all(str(tmp_path).encode() not in data for data in here.values())


def test_export_does_not_take_over_the_folder_of_generate(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, monkeypatch, capsys)[0] == 0
    before = snapshot_files(project / OUT)
    assert main(["export", "--format", "csv", "--out", OUT]) == 1
    assert capsys.readouterr().err.splitlines()[-2] == (
        "docs/handbook/.cjm-written.json:1:1: error[CJM142]: this folder holds what "
        "`cjm generate` wrote; `cjm export --format csv` would replace it: give another "
        "--out (nothing was written)"
    )
    assert snapshot_files(project / OUT) == before


def test_a_folder_full_of_the_users_files_is_not_searched_to_the_end(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for folder in range(30):
        (project / OUT / f"f{folder:02}").mkdir(parents=True)
        (project / OUT / f"f{folder:02}" / "notes.md").write_text("# Notiz\n", "utf-8")
    status, err = run(project, monkeypatch, capsys)
    assert status == 1
    named = [line for line in err.splitlines() if "notes.md:1:1: error[CJM142]" in line]
    assert 20 <= len(named) < 30
    assert ("docs/handbook:1:1: error[CJM142]: this folder holds more files cjm generate did "
            "not write than the ones above (it was not searched further); give a folder of "
            "its own with --out (nothing was written)") in err
