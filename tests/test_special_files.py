"""Named pipes in the docs folder and in output folders: never opened, never waited for.

Reading a named pipe waits until some process writes to it, which may be never; a
device may never end. Each command runs in a process of its own here, with a time
limit: one that waits fails its test instead of stopping the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sitekit import write_project


def cjm(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs_cjm_plugin.cli.main", *args],
        capture_output=True, text=True, check=False, timeout=60, cwd=root,
        env={**os.environ, "HOME": str(root.parent), "NO_MKDOCS_2_WARNING": "1"},
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_a_named_pipe_beside_a_page_in_the_way_is_not_taken_for_cjms_list(
    tmp_path: Path,
) -> None:
    """A page of the author's where a generated page goes is cjm's own if the list of
    what `cjm generate` wrote (`.cjm-written.json`) says so: a pipe of that name is no
    such list."""
    site = write_project(tmp_path / "p", docs={"journeys/kauf-ist.md": "# Meins\n"})
    os.mkfifo(site.root / "docs/journeys/.cjm-written.json")
    done = cjm(site.root, "check")
    assert done.returncode == 1
    assert "docs/journeys/kauf-ist.md:1:1: error[CJM031]: the plugin generates " \
        "'journeys/kauf-ist.md'" in done.stdout, done.stdout


def test_cjm_generate_refuses_a_named_pipe_where_it_wrote_a_page(tmp_path: Path) -> None:
    site = write_project(tmp_path / "p", prefix="handbook")
    generate = ("generate", "--engine", "mkdocs", "--out", "docs/handbook")
    assert cjm(site.root, *generate).returncode == 0
    page = site.root / "docs/handbook/journeys/kauf-ist.md"
    page.unlink()
    os.mkfifo(page)
    done = cjm(site.root, *generate)
    assert done.returncode == 1
    assert "docs/handbook/journeys/kauf-ist.md:1:1: error[CJM142]: cannot read this file: it " \
        "is a named pipe, not a file (nothing was written)" in done.stdout + done.stderr, done
    assert page.is_fifo()


def mkdocs(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        capture_output=True, text=True, check=False, timeout=120, cwd=root,
        env={**os.environ, "HOME": str(root.parent), "NO_MKDOCS_2_WARNING": "1"},
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


UNPUBLISHABLE = [
    "docs/pipe.md:1:1: warning[CJM036]: this is a named pipe, not a file: MkDocs would wait "
    "for it forever or stop, so the site leaves it out; move it out of the docs folder, or "
    "name it in MkDocs' `exclude_docs`",
    "docs/img/anna.jpg:1:1: warning[CJM036]: this symbolic link leads nowhere (what it "
    "points to is missing, or links go round in a circle): MkDocs would stop with an error "
    "copying it, so the site leaves it out; remove the link or point it at a file",
]


def _unpublishable_project(root: Path) -> Path:
    site = write_project(root, docs={"guide/seite.md": "# Seite\n"})
    os.mkfifo(site.root / "docs/pipe.md")
    os.mkfifo(site.root / "docs/.privat")  # MkDocs leaves out what starts with a dot
    (site.root / "docs/img").mkdir()
    (site.root / "docs/img/anna.jpg").symlink_to(root.parent / "verschoben.jpg")
    return site.root


def test_a_build_leaves_out_what_mkdocs_cannot_publish_and_says_so(tmp_path: Path) -> None:
    """A named pipe as a page made MkDocs wait forever; a link that leads nowhere made
    it stop with a traceback."""
    root = _unpublishable_project(tmp_path / "p")
    built = mkdocs(root)
    assert built.returncode == 0, built.stderr
    warned = [line.removeprefix("WARNING -  cjm: ") for line in built.stderr.splitlines()
              if "CJM036" in line]
    assert sorted(warned) == sorted(UNPUBLISHABLE), built.stderr
    assert (root / "site/guide/seite/index.html").is_file()
    assert not os.path.lexists(root / "site/pipe")
    assert not os.path.lexists(root / "site/img/anna.jpg")
    checked = cjm(root, "check")
    assert [line for line in checked.stdout.splitlines() if "CJM036" in line] == sorted(
        UNPUBLISHABLE), checked.stdout
    assert checked.returncode == 0
    assert cjm(root, "check", "--strict").returncode == 1


def test_a_strict_build_stops_on_what_mkdocs_cannot_publish(tmp_path: Path) -> None:
    root = _unpublishable_project(tmp_path / "p")
    built = mkdocs(root, "--strict")
    assert built.returncode == 1
    for line in UNPUBLISHABLE:
        assert line in built.stderr, built.stderr
