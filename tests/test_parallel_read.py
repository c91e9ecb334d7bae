"""Files read on all cores give the same catalogue and the same messages, at the same
lines, as files read one after the other."""

from __future__ import annotations

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
