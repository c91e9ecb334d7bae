"""Files read on all cores give the same catalogue and the same messages, at the same
lines, as files read one after the other."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from samples import JOURNEY, PERSONA, STAKEHOLDER

from mkdocs_cjm_plugin.core import cache, load
from mkdocs_cjm_plugin.core.cache import ReadCache
from mkdocs_cjm_plugin.core.pipeline import load_catalogue


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


def test_reading_on_all_cores_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = handbook(tmp_path)
    results = []
    for parallel_from in (10**9, 1):
        monkeypatch.setattr(load, "PARALLEL_FROM", parallel_from)
        cache.forget()
        result = load_catalogue(folder, base=tmp_path, cache=ReadCache(None))
        results.append(result)
    one_by_one, together = results
    messages = [d.format() for d in one_by_one.diagnostics]
    assert any("kauf-7.yml:" in m and "CJM" in m for m in messages)
    assert any("kauf-11.yml:" in m and "'ana'" in m for m in messages)
    assert [d.format() for d in together.diagnostics] == messages
    assert together.catalogue.journeys == one_by_one.catalogue.journeys
    assert {k: (s.path, s.start) for k, s in together.catalogue.sources.items()} == {
        k: (s.path, s.start) for k, s in one_by_one.catalogue.sources.items()
    }


def read_with(folder: Path, root: Path, ahead: load.ReadAhead | None) -> list[str]:
    result = load_catalogue(folder, base=None, cache=ReadCache(None), ahead=ahead)
    return [d.format() for d in result.diagnostics]


@pytest.fixture
def in_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A handbook of 82 files in the working folder, read in no process before."""
    monkeypatch.chdir(tmp_path)
    cache.forget()
    return handbook(tmp_path)


def test_files_read_ahead_are_taken_as_read(in_folder: Path, tmp_path: Path) -> None:
    alone = read_with(in_folder, tmp_path, None)
    cache.forget()
    ahead = load.ReadAhead.start(in_folder, None)
    assert ahead is not None
    assert read_with(in_folder, tmp_path, ahead) == alone
    assert ahead.used == 82  # every file: none was read twice


def test_a_file_changed_after_the_start_is_taken_as_it_was_read(
    in_folder: Path, tmp_path: Path
) -> None:
    """The check answers for the files as they were when it started, as a check that
    had read them a moment earlier; its memo digested them before that, so the next
    check reads the change."""
    before = read_with(in_folder, tmp_path, None)
    cache.forget()
    ahead = load.ReadAhead.start(in_folder, None)
    assert ahead is not None
    changed = in_folder / "kauf-1.yml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("emotion: 3", "emotion: 8"),
                       encoding="utf-8")
    assert read_with(in_folder, tmp_path, ahead) == before
    assert ahead.used == 82
    cache.forget()
    after = read_with(in_folder, tmp_path, None)
    assert any(m.startswith("journeys/kauf-1.yml:") for m in set(after) - set(before))


def test_another_folder_than_the_one_read_ahead(in_folder: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    (in_folder).rename(other)
    handbook(tmp_path)
    (tmp_path / "journeys/kauf-3.yml").unlink()
    ahead = load.ReadAhead.start(other, None)
    assert ahead is not None
    messages = read_with(in_folder, tmp_path, ahead)
    assert ahead.used == 0
    cache.forget()
    assert messages == read_with(in_folder, tmp_path, None)
    assert not any("kauf-3.yml" in m for m in messages)


def test_files_the_cache_holds_are_not_read_ahead(in_folder: Path, tmp_path: Path) -> None:
    folder = tmp_path / ".cache" / "files"
    load_catalogue(in_folder, cache=ReadCache(folder))
    cache.forget()
    ahead = load.ReadAhead.start(in_folder, folder)
    assert ahead is not None and not ahead.forked  # nothing left to read
    for i in range(70):
        (in_folder / f"new-{i}.yml").write_text(
            JOURNEY.replace("id: kauf", f"id: neu-{i}"), encoding="utf-8")
    ahead = load.ReadAhead.start(in_folder, folder)
    assert ahead is not None
    load_catalogue(in_folder, cache=ReadCache(folder), ahead=ahead)
    assert ahead.used == 70


MAIN = os.getpid()
READ_ITEM = load._read_item


def dies_in_a_worker(item: tuple[str, str, bytes]) -> load.FileRead:
    if os.getpid() != MAIN and item[0].endswith("kauf-40.yml"):
        os._exit(9)  # as if the kernel had killed it
    return READ_ITEM(item)


def test_a_worker_that_dies_costs_only_time(
    in_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = read_with(in_folder, tmp_path, None)
    cache.forget()
    monkeypatch.setattr(load, "_read_item", dies_in_a_worker)
    ahead = load.ReadAhead.start(in_folder, None)
    assert ahead is not None
    assert read_with(in_folder, tmp_path, ahead) == alone
    assert 0 < ahead.used < 82
