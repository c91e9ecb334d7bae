"""The one walk through a journey: its keys are the page's anchors, and they stay when
other journeys, other files or other phases change."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from sitekit import JOURNEYS, build_site, parse_file, write_project

from mkdocs_cjm_plugin.core.model import Journey
from mkdocs_cjm_plugin.core.pipeline import load_catalogue
from mkdocs_cjm_plugin.core.walk import opportunities, steps, walk


def _keys(journey: Journey) -> dict[str, str]:
    """Step path -> key, phase path -> key."""
    out = {}
    for phase in walk(journey):
        out[phase.path] = phase.key
        out.update({at.path: at.key for at in phase.steps})
    return out


def test_the_walk_keys_are_the_anchors_of_the_journey_page(tmp_path: Path) -> None:
    site = write_project(tmp_path)
    build_site(site.root, strict=True)
    catalogue = load_catalogue(site.root / "journeys").catalogue
    for journey in catalogue.journeys.values():
        page = parse_file(site.out(site.journey_src(journey.id)))
        ids = page.ids
        links = {link.split("#", 1)[1] for link in page.links() if link.startswith("#")}
        for phase in walk(journey):
            assert phase.anchor in ids, (journey.id, phase.anchor)
            for at in phase.steps:
                assert at.anchor in ids, (journey.id, at.anchor)
                if at.step.emotion is not None:  # the curve's point links to the step
                    assert at.anchor in links, (journey.id, at.anchor)


def test_paths_count_from_one_and_name_the_journey() -> None:
    journey = Journey.model_validate(JOURNEYS[0])
    walked = walk(journey)
    assert walked[0].path == "journey/kauf-ist/phase/1"
    assert walked[0].steps[0].path == "journey/kauf-ist/phase/1/step/1"
    assert walked[1].steps[0].at == ("phases", 1, "steps", 0)
    assert [at.key for at in steps(journey)] == [
        at.key for phase in walked for at in phase.steps
    ]


def test_a_step_id_is_its_key_and_equal_names_get_a_counter() -> None:
    data: dict[str, Any] = {
        "kind": "journey", "id": "j", "title": "J", "persona": "p",
        "phases": [{"name": "Kauf", "steps": [
            {"name": "Ruft an", "emotion": 2}, {"name": "Ruft an", "emotion": 3},
            {"name": "Ruft an", "id": "rueckruf", "emotion": 4},
        ]}],
    }
    keys = [at.key for at in steps(Journey.model_validate(data))]
    assert keys == ["kauf-ruft-an", "kauf-ruft-an-2", "rueckruf"]


def test_keys_stay_when_other_phases_journeys_and_files_change(tmp_path: Path) -> None:
    site = write_project(tmp_path)
    source = site.root / "journeys"
    before = _keys(load_catalogue(source).catalogue.journeys["kauf-ist"])

    # Another journey gains a phase, a new journey file appears, this one moves folder.
    other = copy.deepcopy(JOURNEYS[1])
    other["phases"].insert(0, {"name": "Vorher", "steps": [{"name": "Neu", "emotion": 3}]})
    second = write_project(tmp_path / "b", journeys=[copy.deepcopy(JOURNEYS[0]), other])
    moved = second.root / "journeys" / "journeys" / "kauf-ist.yml"
    (second.root / "journeys" / "archiv").mkdir()
    moved.rename(second.root / "journeys" / "archiv" / "kauf-ist.yml")
    after = _keys(load_catalogue(second.root / "journeys").catalogue.journeys["kauf-ist"])
    assert after == before

    # A phase added at the front of this journey: every key stays, only the numbers move.
    grown = copy.deepcopy(JOURNEYS[0])
    grown["phases"].insert(0, {"name": "Ganz am Anfang", "steps": [{"name": "Neu"}]})
    third = write_project(tmp_path / "c", journeys=[grown, copy.deepcopy(JOURNEYS[1])])
    journey = load_catalogue(third.root / "journeys").catalogue.journeys["kauf-ist"]
    shifted = {at.key for phase in walk(journey)[1:] for at in phase.steps}
    assert shifted == {key for path, key in before.items() if "/step/" in path}


def test_opportunities_are_walked_with_their_place_in_the_file() -> None:
    journey = Journey.model_validate(JOURNEYS[0])
    places = [path for path, _ in opportunities(journey)]
    assert places  # the sample journey has opportunities
    for path in places:
        assert path[0] == "phases" and path[-2] == "opportunities"
