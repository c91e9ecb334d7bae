"""The cache of read definition files (`cache_dir/files`) and the incremental build.

What a user sees: `mkdocs build -v` says how many definition files were read anew and
how many came unchanged from memory (`mkdocs serve`) or from the cache folder; the
stakeholder-map line says how many maps Graphviz drew. A second build reads only what
changed, a damaged cache is read again from the source files, and the site is the same
with or without a cache.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import pickle
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sitekit import JOURNEYS, STAKEHOLDERS, build_site, snapshot_files, write_project

from mkdocs_cjm_plugin.core.cache import FILES, MANIFEST, forget

LOGGER = "mkdocs.plugins.cjm"
# MkDocs writes the build time into every page, unless this fixes it.
_REPRODUCIBLE = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
_FILES_LINE = re.compile(
    r"definition files: (\d+) read, (\d+) unchanged \((\d+) kept in memory, (\d+) from the "
    r"cache folder\)"
)
_MAPS_LINE = re.compile(r"stakeholder maps: (\d+) drawn by Graphviz, (\d+) unchanged")


@pytest.fixture(autouse=True)
def _fresh_process_memory() -> None:
    # Earlier tests in this process built the same sample files, which the memory of
    # `mkdocs serve` would otherwise serve: each test starts as a new process would.
    forget()


def _counts(text: str, pattern: re.Pattern[str] = _FILES_LINE) -> tuple[int, ...]:
    found = pattern.findall(text)
    assert len(found) == 1, text
    return tuple(int(n) for n in found[0])


def _build_in_process(root: Path, caplog: pytest.LogCaptureFixture) -> str:
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        build_site(root)
    return "\n".join(r.getMessage() for r in caplog.records if r.name == LOGGER)


def _mkdocs_build(root: Path, env: dict[str, str] | None = None) -> str:
    """`mkdocs build -v` in a process of its own, as a user runs it: its log."""
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-v"], cwd=root, capture_output=True,
        text=True, env={**os.environ, **_REPRODUCIBLE, **(env or {})},
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def _entries(root: Path) -> list[Path]:
    return sorted((root / ".cache" / "cjm" / FILES).glob("*.pickle"))


def test_second_build_in_one_process_reads_only_the_changed_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = write_project(tmp_path)
    files = len(list((tmp_path / "journeys").rglob("*.y*ml")))
    first = _build_in_process(tmp_path, caplog)
    read, unchanged, _, _ = _counts(first)
    assert (read, unchanged) == (files, 0)
    journeys = copy.deepcopy(JOURNEYS)
    journeys[2]["title"] = "Umzug in die neue Halle"
    write_project(tmp_path, journeys=journeys)  # the same files, one journey changed
    second = _build_in_process(tmp_path, caplog)
    assert _counts(second) == (1, files - 1, files - 1, 0)
    page = (site.site_dir / "journeys" / "umzug" / "index.html").read_text(encoding="utf-8")
    assert "Umzug in die neue Halle" in page


def test_only_the_changed_stakeholder_map_is_drawn_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_project(tmp_path)
    first = _build_in_process(tmp_path, caplog)
    drawn, _ = _counts(first, _MAPS_LINE)
    assert drawn > 1
    journeys = copy.deepcopy(JOURNEYS)
    journeys[2]["stakeholders"] = ["technik"]  # changes the map of this journey only
    write_project(tmp_path, journeys=journeys)
    second = _build_in_process(tmp_path, caplog)
    assert _counts(second, _MAPS_LINE) == (1, drawn - 1)
    assert _counts(second)[0] == 1


def test_a_new_process_takes_the_files_from_the_cache_folder(tmp_path: Path) -> None:
    write_project(tmp_path)
    files = len(list((tmp_path / "journeys").rglob("*.y*ml")))
    assert _counts(_mkdocs_build(tmp_path)) == (files, 0, 0, 0)
    assert len(_entries(tmp_path)) == files
    assert _counts(_mkdocs_build(tmp_path)) == (0, files, 0, files)


def test_a_damaged_cache_is_read_again_never_trusted(tmp_path: Path) -> None:
    write_project(tmp_path)
    _mkdocs_build(tmp_path)
    clean = snapshot_files(tmp_path / "site")
    entries = _entries(tmp_path)
    cut, flipped, foreign, *_ = entries
    # A build killed while writing: half an entry (only possible by hand, since entries
    # are renamed into place whole, but a disk can fail too).
    cut.write_bytes(cut.read_bytes()[: len(cut.read_bytes()) // 2])
    data = bytearray(flipped.read_bytes())
    data[-10] ^= 0xFF
    flipped.write_bytes(bytes(data))
    # An entry that would run a program when unpickled, with a checksum as someone
    # without this machine's key would write it.
    payload = pickle.dumps(os.system)
    head = foreign.read_bytes()[: foreign.read_bytes().index(b"\n") + 1]
    foreign.write_bytes(head + hashlib.sha256(payload).digest() + payload)
    # Left-overs of a killed build and a manifest cut short.
    (tmp_path / ".cache" / "cjm" / FILES / f".{cut.name}.x1.tmp").write_bytes(b"half")
    manifest = tmp_path / ".cache" / "cjm" / FILES / MANIFEST
    manifest.write_text(manifest.read_text(encoding="utf-8")[:40], encoding="utf-8")

    log = _mkdocs_build(tmp_path)
    read, unchanged, _, from_disk = _counts(log)
    assert read == 3
    assert unchanged == from_disk == len(entries) - 3
    assert snapshot_files(tmp_path / "site") == clean
    # Each damaged entry was written anew, and is used by the next build.
    assert _counts(_mkdocs_build(tmp_path)) == (0, len(entries), 0, len(entries))


def test_left_overs_of_a_killed_build_are_cleaned_up(tmp_path: Path) -> None:
    write_project(tmp_path)
    _mkdocs_build(tmp_path)
    cache = tmp_path / ".cache" / "cjm"
    entry = _entries(tmp_path)[0]
    # What a build killed while writing leaves: a temporary file, renamed never. One of
    # the files of the author's in the folder beside them is not the plugin's to delete.
    old = [cache / FILES / f".{entry.name}.k1ll_0ab.tmp", cache / ".cjm-cache.json.k1ll_0ab.tmp"]
    running = cache / FILES / f".{entry.name}.now1_0ab.tmp"  # another build, writing now
    # Temporary files the plugin does not name so: the author's, never deleted.
    theirs = [cache / FILES / ".notes.tmp", cache / f".{entry.name}.tmp", cache / ".draft.tmp"]
    # Entries a build wrote before it was stopped, before its manifest listed them; one
    # of them by a build running now. `pages.pickle` is `cjm generate`'s memo.
    old.append(cache / FILES / f"{'a' * 64}.pickle")
    running_entry = cache / FILES / f"{'b' * 64}.pickle"
    memo = cache / FILES / "pages.pickle"
    for left in [*old, running, running_entry, memo, *theirs]:
        left.write_bytes(b"half")
    hours_ago = time.time() - 2 * 3600
    for left in [*old, memo, *theirs]:
        os.utime(left, (hours_ago, hours_ago))
    next(cache.glob("*.svg")).unlink()  # a map to draw again: the map cache is written
    _mkdocs_build(tmp_path)
    assert [p.exists() for p in old] == [False, False, False]
    assert all(p.exists() for p in theirs)
    assert running.exists()
    assert running_entry.exists()
    assert memo.exists()
    assert entry.exists()  # in use


def test_the_site_is_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    cached = write_project(tmp_path / "a")
    plain = write_project(tmp_path / "b", plugin={"cache_dir": ""})
    _mkdocs_build(cached.root)
    _mkdocs_build(cached.root)  # from the cache folder
    _mkdocs_build(plain.root)
    assert snapshot_files(cached.site_dir) == snapshot_files(plain.site_dir)
    assert not (plain.root / ".cache").exists()


def test_two_builds_at_once_leave_a_valid_cache(tmp_path: Path) -> None:
    site = write_project(tmp_path)
    files = len(list((tmp_path / "journeys").rglob("*.y*ml")))
    env = {**os.environ, **_REPRODUCIBLE}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", f"site-{i}"], cwd=tmp_path,
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for i in range(2)
    ]
    for run in runs:
        _, err = run.communicate()
        assert run.returncode == 0, err
    assert snapshot_files(site.root / "site-0") == snapshot_files(site.root / "site-1")
    assert _counts(_mkdocs_build(tmp_path)) == (0, files, 0, files)


def test_a_cache_written_elsewhere_is_not_used(tmp_path: Path) -> None:
    """A CI cache restored from another job or machine holds entries signed with another
    key: each file is read again, and the site is the same."""
    write_project(tmp_path)
    files = len(list((tmp_path / "journeys").rglob("*.y*ml")))
    _mkdocs_build(tmp_path)
    clean = snapshot_files(tmp_path / "site")
    elsewhere = {"XDG_CACHE_HOME": str(tmp_path / "other-machine")}
    log = _mkdocs_build(tmp_path, env=elsewhere)
    assert _counts(log) == (files, 0, 0, 0)
    # The maps too: their list is signed, so pictures from elsewhere are drawn anew.
    maps = _counts(log, _MAPS_LINE)[0]
    assert maps > 0 and _counts(log, _MAPS_LINE) == (maps, 0)
    assert snapshot_files(tmp_path / "site") == clean


def test_jobs_with_the_same_key_share_a_cache(tmp_path: Path) -> None:
    """CI runners that get the key from a CI secret use what another runner kept; a job
    without it (a fork's pull request) reads and draws everything again."""
    write_project(tmp_path)
    files = len(list((tmp_path / "journeys").rglob("*.y*ml")))
    first = {"XDG_CACHE_HOME": str(tmp_path / "runner-1"), "CJM_CACHE_KEY": "s3cret-" * 6}
    maps = _counts(_mkdocs_build(tmp_path, env=first), _MAPS_LINE)[0]
    clean = snapshot_files(tmp_path / "site")
    second = {**first, "XDG_CACHE_HOME": str(tmp_path / "runner-2")}
    log = _mkdocs_build(tmp_path, env=second)
    assert _counts(log) == (0, files, 0, files)
    assert _counts(log, _MAPS_LINE) == (0, maps)
    assert snapshot_files(tmp_path / "site") == clean
    forger = {**second, "CJM_CACHE_KEY": "guessed"}
    log = _mkdocs_build(tmp_path, env=forger)
    assert _counts(log) == (files, 0, 0, 0)
    assert _counts(log, _MAPS_LINE) == (maps, 0)
    assert snapshot_files(tmp_path / "site") == clean


_PAGES_LINE = re.compile(r"journey pages: (\d+) rendered, (\d+) unchanged")


def _retitle(journey_id: str) -> Callable[[dict[str, Any]], None]:
    def change(project: dict[str, Any]) -> None:
        at = next(j for j in project["journeys"] if j["id"] == journey_id)
        at["title"] = f"{at['title']} (neu)"
        at["phases"][0]["steps"][0]["emotion"] = 1

    return change


def _rename_stakeholder(project: dict[str, Any]) -> None:
    project["stakeholders"][0]["name"] = "Kundendienst"


@pytest.mark.parametrize(
    ("change", "rendered"),
    [
        # A journey no other page looks at: only its own page.
        (_retitle("umzug"), {"umzug"}),
        # A current journey that a target journey compares to: both pages show it.
        (_retitle("kauf-ist"), {"kauf-ist", "kauf-soll"}),
        # A stakeholder: the pages that show her (umzug names only the Spedition, whose
        # map shows no service).
        (_rename_stakeholder, {"kauf-ist", "kauf-soll"}),
    ],
)
def test_a_rebuild_renders_only_the_pages_that_show_the_change(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
    change: Callable[[dict[str, Any]], None], rendered: set[str],
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    site = write_project(tmp_path / "served")
    _build_in_process(site.root, caplog)
    project = {"journeys": copy.deepcopy(JOURNEYS), "stakeholders": copy.deepcopy(STAKEHOLDERS)}
    change(project)
    write_project(site.root, **project)
    log = _build_in_process(site.root, caplog)
    assert _counts(log, _PAGES_LINE) == (len(rendered), len(JOURNEYS) - len(rendered))
    # The same pages as a build from scratch of the changed handbook.
    fresh = write_project(tmp_path / "fresh", **project)
    _build_in_process(fresh.root, caplog)
    assert snapshot_files(site.site_dir) == snapshot_files(fresh.site_dir)


def test_cjm_check_fills_the_cache_the_build_then_uses(tmp_path: Path) -> None:
    """A check in a pre-commit hook, then the build: the build reads no file again."""
    write_project(tmp_path)
    files = len(list((tmp_path / "journeys").rglob("*.y*ml")))
    done = subprocess.run(
        [str(Path(sys.executable).parent / "cjm"), "check"], cwd=tmp_path,
        capture_output=True, text=True, env={**os.environ, **_REPRODUCIBLE}, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(_entries(tmp_path)) == files
    assert _counts(_mkdocs_build(tmp_path)) == (0, files, 0, files)
