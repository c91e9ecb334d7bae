"""What `cjm import` reads: only regular files, never more than its limit, and JSON only
as strictly as the journey files themselves are read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_cjm_plugin.cli import main


def import_in_a_process(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`cjm import` in a process of its own, with 1 GB of memory: one that hangs or
    reads without end fails the test instead of stopping the run or the machine."""

    def limit_memory() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [str(Path(sys.executable).parent / "cjm"), "import", *args],
        capture_output=True, text=True, check=False, timeout=60, cwd=cwd,
        preexec_fn=limit_memory,  # noqa: PLW1509 - only sets a limit, no threads yet
    )


# --------------------------------------------------------------------------- special files


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_unread(tmp_path: Path) -> None:
    done = import_in_a_process(tmp_path, "mermaid", "/dev/zero")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "cjm: cannot read /dev/zero: it is a device, not a file\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "export.json")
    done = import_in_a_process(tmp_path, "json", "export.json", "--out", "back")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "cjm: cannot read export.json: it is a named pipe, not a file\n"
    assert not (tmp_path / "back").exists()


def test_a_file_over_the_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    with Path("big.mmd").open("wb") as big:
        big.truncate(5 * 1024 * 1024)  # sparse: no 5 MB written to the disk
    assert main(["import", "mermaid", "big.mmd"]) == 2
    assert capsys.readouterr().err == (
        "cjm: big.mmd is larger than 4 MB; that is not a diagram or an export of journeys\n"
    )
