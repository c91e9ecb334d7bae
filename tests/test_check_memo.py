"""`cjm check` answers an unchanged handbook from its last result, and never wrongly.

For every kind of change a check can see, a run after the change prints exactly what a
run without any cache prints; a run over an unchanged handbook prints the same as the
last one and loads nothing (no model, no MkDocs).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from samples import JOURNEY, PERSONA, STAKEHOLDER

from mkdocs_cjm_plugin.cli.check_memo import MEMO
from mkdocs_cjm_plugin.cli.main import main
from mkdocs_cjm_plugin.core import cache, load

TODAY = "2026-01-15"
CONFIG = """\
site_name: Handbuch
plugins:
  - cjm:
      language: de
"""
MEMO_FILE = Path(".cache/cjm/files") / MEMO


def write(root: Path, name: str, text: str | bytes) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "handbuch"
    root.mkdir()
    monkeypatch.chdir(root)
    monkeypatch.setenv("HOME", str(tmp_path))
    write(root, "mkdocs.yml", CONFIG)
    write(root, "docs/index.md", "# Handbuch\n")
    write(root, "journeys/personas/anna.yml", PERSONA)
    write(root, "journeys/stakeholders.yml", STAKEHOLDER)
    write(root, "journeys/kauf.yml", JOURNEY)
    # A note in every run, so that every output names a file.
    write(root, "journeys/besuch.yml", JOURNEY.replace("id: kauf", "id: besuch").replace(
        "channel: Website", "channel: Brieftaube"))
    return root


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--today", TODAY, *args])
    out, err = capsys.readouterr()
    return code, out, err


def fresh(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """What a check says with nothing cached (what it keeps put aside meanwhile)."""
    kept, ours = root.parent / "kept-cache", root / MEMO_FILE.parent
    shutil.move(ours, kept)
    ours.mkdir()  # empty, as it would be before a first run that kept nothing
    cache.forget()
    try:
        return check(capsys, *args)
    finally:
        shutil.rmtree(ours, ignore_errors=True)
        shutil.move(kept, ours)


def edit(name: str, text: str) -> Callable[[Path], None]:
    return lambda root: write(root, name, text)


def _symlink_out(root: Path) -> None:
    (root.parent / "elsewhere.yml").write_text(PERSONA, encoding="utf-8")
    (root / "journeys/linked.yml").symlink_to(root.parent / "elsewhere.yml")


def _photo_linked_out(root: Path) -> None:
    write(root, "journeys/personas/anna.yml", PERSONA + "photo: img/anna.svg\n")
    write(root.parent, "anna.svg", "<svg/>\n")
    (root / "docs/img").mkdir()
    (root / "docs/img/anna.svg").symlink_to(root.parent / "anna.svg")


def _foreign_file_in_cache(root: Path) -> None:
    (root / ".cache/cjm/notes.txt").write_text("mine\n", encoding="utf-8")


CHANGES: dict[str, Callable[[Path], None]] = {
    "a journey gets an error": edit(
        "journeys/kauf.yml", JOURNEY.replace("emotion: 3", "emotion: 9")),
    "a file is added": edit("journeys/neu.yml", "kind: persona\nname: Neu\nnmae: x\n"),
    "a file is removed": lambda root: (root / "journeys/stakeholders.yml").unlink(),
    "a file is renamed": lambda root: (root / "journeys/besuch.yml").rename(
        root / "journeys/b.yml"),
    "a link leads outside": _symlink_out,
    "a page names an unknown journey": edit("docs/index.md", "# H\n\n<!-- cjm:curve kaufen -->\n"),
    "a page stands where a journey page goes": edit("docs/journeys/kauf.md", "# Meine Seite\n"),
    "a photo is missing": edit("journeys/personas/anna.yml", PERSONA + "photo: img/anna.jpg\n"),
    "a photo is a link out of the docs folder": _photo_linked_out,
    "a file stands where the stylesheet goes": edit("docs/assets/cjm/cjm.css", "/* mine */\n"),
    "a file stands where a map goes": edit("docs/maps/journey-kauf.svg", "<svg/>\n"),
    "the source folder holds the site folder": edit(
        "mkdocs.yml", CONFIG + "      source: journeys\nsite_dir: journeys/site\n"),
    "an option changes": edit("mkdocs.yml", CONFIG + "      stale_after_days: 1\n"),
    "an option is misspelt": edit("mkdocs.yml", CONFIG + "      stale_afterdays: 1\n"),
    "custom templates are named": edit("mkdocs.yml", CONFIG + "      custom_templates: tpl\n"),
    "the cache folder holds a file of the author's": _foreign_file_in_cache,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_check_after_a_change_says_what_a_check_without_cache_says(
    project: Path, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    before = check(capsys)
    assert (project / MEMO_FILE).is_file()
    CHANGES[change](project)
    after = check(capsys)
    assert after == fresh(project, capsys)
    assert after != before, "the change is one a check reports"


def test_an_unchanged_handbook_gets_the_same_answer_without_loading_anything(
    project: Path,
) -> None:
    write(project, "journeys/kauf.yml", JOURNEY.replace("emotion: 3", "emotion: 9"))
    script = (
        "import sys\n"
        "from mkdocs_cjm_plugin.cli import main\n"
        f"code = main(['check', '--today', '{TODAY}'])\n"
        "loaded = [m for m in ('pydantic', 'mkdocs.config', 'jinja2') if m in sys.modules]\n"
        "print('loaded:', loaded, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                       check=False, env={**os.environ, "HOME": str(project.parent)})
        for _ in range(2)
    ]
    first, second = runs
    assert first.returncode == second.returncode == 1
    assert "error[CJM0" in first.stdout and first.stdout == second.stdout
    assert "loaded: ['pydantic'" in first.stderr
    assert "loaded: []" in second.stderr
    assert re.sub(r"loaded: \[.*\]", "", first.stderr) == second.stderr.replace("loaded: []", "")


def test_other_questions_are_not_answered_from_the_memo(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project, "mkdocs.yml", CONFIG + "      stale_after_days: !ENV [STALE_DAYS, 365]\n")
    check(capsys)
    monkeypatch.setenv("STALE_DAYS", "10")
    after_env = check(capsys)
    assert after_env == fresh(project, capsys)
    assert "CJM" in after_env[1]
    later = check(capsys, "--today", "2026-01-05")  # the last --today counts
    assert later == fresh(project, capsys, "--today", "2026-01-05")
    assert later != after_env
    monkeypatch.chdir(project / "journeys")  # paths in messages are relative to here
    inside = check(capsys)
    assert inside == fresh(project, capsys)
    assert "kauf.yml:" in inside[1] and "journeys/kauf.yml" not in inside[1]


@pytest.mark.parametrize("damage", ["cut", "flipped", "foreign key", "not ours"])
def test_a_damaged_memo_is_never_trusted(
    project: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    write(project, "journeys/kauf.yml", JOURNEY.replace("emotion: 3", "emotion: 9"))
    good = check(capsys)
    memo = project / MEMO_FILE
    data = memo.read_bytes()
    # The same shape as a real entry, but saying "no problems": read, it would hide the error.
    lie = data.replace(b'"diagnostics": [', b'"diagnostics": [], "x": [')
    damaged = {
        "cut": data[: len(data) // 2],
        "flipped": lie,
        "foreign key": lie,
        "not ours": b"cjm-check-1\n" + b"\0" * 32 + b"{}",
    }[damage]
    if damage == "foreign key":  # signed, but with another machine's key
        import hmac

        head = len(b"cjm-check-1\n") + 32
        payload = lie[head:]
        damaged = lie[:12] + hmac.digest(b"x" * 32, payload, "sha256") + payload
    memo.write_bytes(damaged)
    assert check(capsys) == good
    assert memo.read_bytes() != damaged, "the entry was written anew"


def test_no_cache_folder_no_memo(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "mkdocs.yml", CONFIG + "      cache_dir: ''\n")
    first = check(capsys)
    assert check(capsys) == first
    assert not (project / ".cache").exists()


def test_a_source_the_check_refuses_is_not_read_ahead(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`source: ..` holds the project and everything beside it: the check refuses it
    (CJM061) and reads nothing, also not ahead of its setup on other cores."""
    for i in range(80):  # enough files beside the project for the workers to start
        write(project.parent, f"elsewhere/other-{i}.yml", "kind: note\n")
    write(project, "mkdocs.yml", CONFIG + "      source: ..\n")
    started: list[Path] = []
    start = load.ReadAhead.start.__func__  # type: ignore[attr-defined]

    def recorded(cls: type[load.ReadAhead], folder: Path, *rest: Any) -> Any:
        started.append(folder)
        return start(cls, folder, *rest)

    monkeypatch.setattr(load.ReadAhead, "start", classmethod(recorded))
    code, out, _ = check(capsys)
    assert code == 1
    assert "error[CJM061]" in out
    assert started == []
    # A source that is not refused is read ahead (where the files are is known early).
    write(project, "mkdocs.yml", CONFIG)
    assert check(capsys)[0] in (0, 1)
    assert started == [project / "journeys"]


def test_a_cache_folder_that_cannot_be_looked_into_holds_nothing() -> None:
    assert not cache.kept(Path("x" * 300), "a" * 64)  # a name no file system takes


def _photo_through_link(root: Path, *, folder: bool) -> Path:
    """Anna's photo in the docs folder through a symbolic link to a file, or to a folder,
    outside it; the file the link leads to."""
    outside = root.parent / "bilder"
    write(outside, "anna.jpg", b"\xff\xd8 photo")
    write(root, "journeys/personas/anna.yml", PERSONA + "photo: img/anna.jpg\n")
    (root / "docs/img").mkdir(parents=True, exist_ok=True)
    if folder:
        (root / "docs/img").rmdir()
        (root / "docs/img").symlink_to(outside, target_is_directory=True)
    else:
        (root / "docs/img/anna.jpg").symlink_to(outside / "anna.jpg")
    return outside / "anna.jpg"


def _page_through_link(root: Path) -> Path:
    write(root.parent, "seiten/seite.md", "# Seite\n")
    (root / "docs/seite.md").symlink_to(root.parent / "seiten/seite.md")
    return root.parent / "seiten/seite.md"


def _move_away(target: Path) -> None:
    target.rename(target.parent.parent / "weg.jpg")


# name: (what the link leads to, put before the first check; the change made there)
LINKED: dict[str, tuple[Callable[[Path], Path], Callable[[Path], None]]] = {
    "the file a link leads to is moved away": (
        lambda root: _photo_through_link(root, folder=False), _move_away),
    "the linked folder loses the file": (
        lambda root: _photo_through_link(root, folder=True), _move_away),
    "the page a link leads to names an unknown journey": (
        _page_through_link,
        lambda page: page.write_text("# Seite\n\n<!-- cjm:curve kaufen -->\n", "utf-8")),
}


@pytest.mark.parametrize("change", list(LINKED))
def test_a_change_behind_a_symbolic_link_is_not_answered_from_the_memo(
    project: Path, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    """The check follows the links of the docs folder (a photo, a page): a change to
    what one leads to, outside the docs folder, changes the answer."""
    setup, act = LINKED[change]
    target = setup(project)
    before = check(capsys)
    assert "CJM104" not in before[1] and "CJM030" not in before[1], before
    act(target)
    after = check(capsys)
    assert after == fresh(project, capsys)
    assert after != before, "the change is one a check reports"


def test_links_that_go_round_in_a_circle_end_and_far_ones_are_not_walked(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "docs/hier").symlink_to(project / "docs", target_is_directory=True)
    (project / "docs/kreis").symlink_to(project / "docs/kreis")
    first = check(capsys)
    assert check(capsys) == first == fresh(project, capsys)
    # A link to a large folder: past the bound the memo steps aside, the check still runs.
    from mkdocs_cjm_plugin.cli import check_memo

    monkeypatch.setattr(check_memo, "_LINKED_ENTRIES", 3)
    for i in range(5):
        write(project.parent, f"gross/{i}.txt", "x")
    (project / "docs/gross").symlink_to(project.parent / "gross", target_is_directory=True)
    memo = project / MEMO_FILE
    memo.unlink()
    assert check(capsys) == first
    assert not memo.exists()
    # Without a memo every check reads everything again: a change shows at once.
    write(project, "journeys/personas/anna.yml", PERSONA + "photo: fehlt.png\n")
    assert "CJM104" in check(capsys)[1]


def _check_in_a_process(root: Path) -> subprocess.CompletedProcess[str]:
    """`cjm check` in a process of its own: a check that hangs fails the test instead of
    stopping the run."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_cjm_plugin.cli.main", "check", "--today", TODAY],
        capture_output=True, text=True, check=False, timeout=60, cwd=root,
        env={**os.environ, "HOME": str(root.parent)},
    )


def test_a_named_pipe_in_the_docs_folder_is_never_opened(project: Path) -> None:
    """Reading a pipe waits until some process writes to it: the check must not wait."""
    os.mkfifo(project / "docs/pipe")
    os.mkfifo(project / "docs/pipe.md")
    os.mkfifo(project.parent / "elsewhere.svg")
    (project / "docs/linked.svg").symlink_to(project.parent / "elsewhere.svg")
    first = _check_in_a_process(project)
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr
    again = _check_in_a_process(project)  # from the memo
    assert (again.returncode, again.stdout, again.stderr) == (
        first.returncode, first.stdout, first.stderr)
    # The pipe becomes a page: a change of the answer.
    (project / "docs/pipe.md").unlink()
    write(project, "docs/pipe.md", "# Seite\n\n<!-- cjm:curve kaufen -->\n")
    changed = _check_in_a_process(project)
    assert "docs/pipe.md:3:1: error[CJM030]" in changed.stdout, changed.stdout
