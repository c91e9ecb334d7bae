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

import pytest
from sitekit import write_project

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


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
