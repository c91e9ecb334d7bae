"""Files read on all cores give the same catalogue and the same messages, at the same
lines, as files read one after the other; `cjm check`'s read-ahead takes each file once.

Workers are forked only in a process that runs a single thread, which the test process
is not once the browser tests have run: each case runs in a fresh Python process of its
own (`in_fresh_process`), and first makes sure that workers will start there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from samples import JOURNEY, PERSONA, STAKEHOLDER

from mkdocs_cjm_plugin.core import cache, load, parallel
from mkdocs_cjm_plugin.core.cache import ReadCache
from mkdocs_cjm_plugin.core.pipeline import load_catalogue

TESTS = Path(__file__).parent
_RUN_CASE = (
    "import os, sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
    "import test_parallel_read as t; t.start(Path(sys.argv[3])); getattr(t, sys.argv[2])()"
)


def in_fresh_process(case: str, root: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _RUN_CASE, str(TESTS), case, str(root)],
        capture_output=True, text=True, check=False, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def start(root: Path) -> None:
    """In the fresh process: workers can start, and the handbook is in the working
    folder, read by no process before."""
    assert parallel.can_fork(), "workers cannot be forked here"
    os.chdir(root)
    handbook(root)


def handbook(root: Path) -> Path:
    folder = root / "journeys"
    (folder / "personas").mkdir(parents=True)
    (folder / "personas/anna.yml").write_text(PERSONA, encoding="utf-8")
    (folder / "stakeholders.yml").write_text(STAKEHOLDER, encoding="utf-8")
    for i in range(80):
        text = JOURNEY.replace("id: kauf", f"id: kauf-{i}")
        if i % 7 == 0:  # a problem the check finds in the file, with its position
            text = text.replace("emotion: 3", "emotion: 9")
        if i % 11 == 0:  # one the checks across files find
            text = text.replace("persona: anna", "persona: ana")
        (folder / f"kauf-{i}.yml").write_text(text, encoding="utf-8")
    return folder


FOLDER = Path("journeys")


def read_with(ahead: load.ReadAhead | None) -> list[str]:
    """The messages of a load that keeps nothing for the next one."""
    cache.forget()
    result = load_catalogue(FOLDER, cache=ReadCache(None), ahead=ahead)
    cache.forget()
    return [d.format() for d in result.diagnostics]


def reading_on_all_cores_changes_nothing() -> None:
    results = []
    for parallel_from in (10**9, 1):
        load.PARALLEL_FROM = parallel_from
        cache.forget()
        results.append(load_catalogue(FOLDER, cache=ReadCache(None)))
    one_by_one, together = results
    messages = [d.format() for d in one_by_one.diagnostics]
    assert any("kauf-7.yml:" in m and "CJM" in m for m in messages)
    assert any("kauf-11.yml:" in m and "'ana'" in m for m in messages)
    assert [d.format() for d in together.diagnostics] == messages
    assert together.catalogue.journeys == one_by_one.catalogue.journeys
    assert {k: (s.path, s.start) for k, s in together.catalogue.sources.items()} == {
        k: (s.path, s.start) for k, s in one_by_one.catalogue.sources.items()
    }


def files_read_ahead_are_taken_as_read() -> None:
    alone = read_with(None)
    ahead = load.ReadAhead.start(FOLDER, None)
    assert ahead is not None and ahead.forked
    assert read_with(ahead) == alone
    assert ahead.used == 82  # every file: none was read twice


def a_file_changed_after_the_start_is_taken_as_it_was_read() -> None:
    """The check answers for the files as they were when it started, as a check that
    had read them a moment earlier; its memo digested them before that, so the next
    check reads the change."""
    before = read_with(None)
    ahead = load.ReadAhead.start(FOLDER, None)
    assert ahead is not None and ahead.forked
    changed = FOLDER / "kauf-1.yml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("emotion: 3", "emotion: 8"),
                       encoding="utf-8")
    assert read_with(ahead) == before
    assert ahead.used == 82
    after = read_with(None)
    assert any(m.startswith("journeys/kauf-1.yml:") for m in set(after) - set(before))


def another_folder_than_the_one_read_ahead() -> None:
    other = Path("other")
    FOLDER.rename(other)
    handbook(Path.cwd())
    (FOLDER / "kauf-3.yml").unlink()
    ahead = load.ReadAhead.start(other, None)
    assert ahead is not None and ahead.forked
    messages = read_with(ahead)
    assert ahead.used == 0
    assert messages == read_with(None)
    assert not any("kauf-3.yml" in m for m in messages)


def files_the_cache_holds_are_not_read_ahead() -> None:
    folder = Path(".cache/files")
    load_catalogue(FOLDER, cache=ReadCache(folder))
    cache.forget()
    ahead = load.ReadAhead.start(FOLDER, folder)
    assert ahead is not None and not ahead.forked  # nothing left to read
    for i in range(70):
        (FOLDER / f"new-{i}.yml").write_text(
            JOURNEY.replace("id: kauf", f"id: neu-{i}"), encoding="utf-8")
    ahead = load.ReadAhead.start(FOLDER, folder)
    assert ahead is not None and ahead.forked
    load_catalogue(FOLDER, cache=ReadCache(folder), ahead=ahead)
    assert ahead.used == 70


MAIN = os.getpid()
READ_ITEM = load._read_item


def dies_in_a_worker(item: tuple[str, str, bytes]) -> load.FileRead:
    if os.getpid() != MAIN and item[0].endswith("kauf-40.yml"):
        os._exit(9)  # as if the kernel had killed it
    return READ_ITEM(item)


def a_worker_that_dies_costs_only_time() -> None:
    alone = read_with(None)
    load._read_item = dies_in_a_worker
    ahead = load.ReadAhead.start(FOLDER, None)
    assert ahead is not None and ahead.forked
    assert read_with(ahead) == alone
    assert 0 < ahead.used < 82


def interrupted_in_a_worker(item: tuple[str, str, bytes]) -> load.FileRead:
    if os.getpid() != MAIN and item[0].endswith("kauf-40.yml"):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C reaches the terminal's every process
    return READ_ITEM(item)


def ctrl_c_is_left_to_the_command() -> None:
    alone = read_with(None)
    load._read_item = interrupted_in_a_worker
    ahead = load.ReadAhead.start(FOLDER, None)
    assert ahead is not None and ahead.forked
    assert read_with(ahead) == alone  # no KeyboardInterrupt from the worker
    assert ahead.used == 82


@pytest.mark.parametrize("case", [
    "reading_on_all_cores_changes_nothing",
    "files_read_ahead_are_taken_as_read",
    "a_file_changed_after_the_start_is_taken_as_it_was_read",
    "another_folder_than_the_one_read_ahead",
    "files_the_cache_holds_are_not_read_ahead",
    "a_worker_that_dies_costs_only_time",
    "ctrl_c_is_left_to_the_command",
])
def test_reading_on_all_cores(case: str, tmp_path: Path) -> None:
    in_fresh_process(case, tmp_path)


def test_no_workers_in_a_process_with_threads() -> None:
    """`mkdocs serve` runs a server thread beside the build: the files are read there,
    one after the other, by the same code."""
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
    finally:
        stop.set()
        thread.join()
