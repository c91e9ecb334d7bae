"""`cjm import mermaid`: a Mermaid user journey becomes a journey file `cjm check` accepts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from mkdocs_cjm_plugin.cli import main
from tests.samples import PERSONA, STAKEHOLDER

# Mermaid's own documentation: the example of docs/syntax/userJourney.md.
WORKING_DAY = """\
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""

# Mermaid's accessibility demo of a journey: front matter title, accTitle and accDescr.
ACCESSIBLE = """\
---
title: My working day
---
journey
  accTitle: Very simple journey demo
  accDescr: 2 main sections: work and home, each with just a few tasks

  section Go to work
    Make tea: 5: Me
    Go upstairs: 3: Me
    Do work: 1: Me, Cat
  section Go home
    Go downstairs: 5: Me
    Sit down: 3: Me
"""

# A Markdown page with the diagram in a fence, comments, a directive and a multi-line
# description, as a team's README would hold it.
IN_MARKDOWN = """\
# Onboarding

Some prose first.

```mermaid
%%{init: {"theme": "forest"}}%%
journey
  title Erste Woche im Büro
  accDescr {
    Wie neue Kolleginnen ankommen
  }
  %% Kommentar: Zahlen aus dem Workshop vom März
  section Ankommen
    Bekommt den Laptop: 2: Neue Kollegin, IT
    Findet den Kaffee: 4: Neue Kollegin %% bester Moment
  section Einarbeitung
    Lernt das Team kennen: 5: Neue Kollegin
```
"""


def write_handbook(root: Path, scale: dict[str, int] | None = None) -> None:
    (root / "journeys").mkdir(parents=True)
    (root / "journeys" / "anna.yml").write_text(PERSONA, encoding="utf-8")
    (root / "journeys" / "kundenservice.yml").write_text(STAKEHOLDER, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Start\n", encoding="utf-8")
    options: dict[str, Any] = {"source": "journeys"}
    if scale:
        options["emotion_scale"] = scale
    (root / "mkdocs.yml").write_text(
        yaml.safe_dump({"site_name": "t", "plugins": [{"cjm": options}]}), encoding="utf-8"
    )


def run_import(root: Path, monkeypatch: pytest.MonkeyPatch, diagram: str, *more: str,
               name: str = "diagram.mmd") -> int:
    monkeypatch.chdir(root)
    Path(name).write_text(diagram, encoding="utf-8")
    return main(["import", "mermaid", name, *more])


def documents(path: Path) -> list[dict[str, Any]]:
    return list(yaml.safe_load_all(path.read_text(encoding="utf-8")))


def test_mermaids_documentation_example_becomes_a_journey_cjm_check_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_handbook(tmp_path)
    assert run_import(tmp_path, monkeypatch, WORKING_DAY,
                      "--out", "journeys/working-day.yml") == 0
    assert capsys.readouterr().err.strip() == (
        "cjm: wrote journeys/working-day.yml: journey 'my-working-day' with 2 phases and "
        "5 steps"
    )
    docs = documents(tmp_path / "journeys" / "working-day.yml")
    assert docs == [
        {"kind": "persona", "id": "me", "name": "Me"},
        {"kind": "persona", "id": "cat", "name": "Cat"},
        {"kind": "journey", "id": "my-working-day", "title": "My working day",
         "personas": ["me", "cat"], "phases": [
             {"name": "Go to work", "steps": [
                 {"name": "Make tea", "emotion": 5, "extra": {"actors": "Me"}},
                 {"name": "Go upstairs", "emotion": 3, "extra": {"actors": "Me"}},
                 {"name": "Do work", "emotion": 1},
             ]},
             {"name": "Go home", "steps": [
                 {"name": "Go downstairs", "emotion": 5, "extra": {"actors": "Me"}},
                 {"name": "Sit down", "emotion": 5, "extra": {"actors": "Me"}},
             ]},
         ]},
    ]
    assert main(["check", "--strict"]) == 0


def test_scores_are_mapped_onto_the_sites_emotion_scale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_handbook(tmp_path, scale={"min": -2, "max": 2})
    assert run_import(tmp_path, monkeypatch, ACCESSIBLE, "--out", "journeys/day.yml") == 0
    journey = documents(tmp_path / "journeys" / "day.yml")[-1]
    assert journey["title"] == "My working day"  # from the front matter
    assert journey["summary"] == "2 main sections: work and home, each with just a few tasks"
    scores = [s["emotion"] for p in journey["phases"] for s in p["steps"]]
    assert scores == [2, 0, -2, 2, 0]  # 1..5 onto -2..2
    assert main(["check", "--strict"]) == 0


def test_markdown_fence_comments_stay_out_and_known_personas_are_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_handbook(tmp_path)
    diagram = IN_MARKDOWN.replace("Neue Kollegin", "Anna Berger")  # a persona of the handbook
    assert run_import(tmp_path, monkeypatch, diagram, "--out", "journeys/woche.yml",
                      name="README.md") == 0
    text = (tmp_path / "journeys" / "woche.yml").read_text(encoding="utf-8")
    assert "Kommentar" not in text and "bester Moment" not in text and "forest" not in text
    docs = documents(tmp_path / "journeys" / "woche.yml")
    assert [d["kind"] for d in docs] == ["persona", "journey"]  # IT is new, Anna is known
    assert docs[0] == {"kind": "persona", "id": "it", "name": "IT"}
    journey = docs[1]
    assert journey["personas"] == ["anna", "it"]
    assert journey["summary"] == "Wie neue Kolleginnen ankommen"
    assert [s["name"] for p in journey["phases"] for s in p["steps"]] == [
        "Bekommt den Laptop", "Findet den Kaffee", "Lernt das Team kennen",
    ]
    assert main(["check", "--strict"]) == 0


def test_without_out_the_file_is_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_handbook(tmp_path)
    assert run_import(tmp_path, monkeypatch, WORKING_DAY, "--persona", "anna",
                      "--id", "arbeitstag") == 0
    docs = list(yaml.safe_load_all(capsys.readouterr().out))
    assert [d["kind"] for d in docs] == ["journey"]
    assert docs[0]["id"] == "arbeitstag"
    assert docs[0]["persona"] == "anna"
    assert docs[0]["phases"][0]["steps"][2]["extra"] == {"actors": "Me, Cat"}


@pytest.mark.parametrize(
    ("diagram", "message"),
    [
        ("flowchart LR\n  A --> B\n",
         "diagram.mmd:1:1: error[CJM140]: this is a Mermaid `flowchart` diagram, not a "
         "`journey`; cjm import mermaid reads user journey diagrams, which start with the "
         "line `journey`"),
        ("journey\n  title T\n  section A\n    Make tea: 7: Me\n",
         "diagram.mmd:4:15: error[CJM141]: task 'Make tea' has the score 7; Mermaid scores "
         "run from 1 (bad) to 5 (good)"),
        ("journey\n  title T\n  section A\n    Make tea: gut: Me\n",
         "diagram.mmd:4:15: error[CJM141]: task 'Make tea' has 'gut' where its score "
         "belongs; write a number from 1 (bad) to 5 (good): `Make tea: 3: ...`"),
        ("journey\n  title T\n  secton A\n    Make tea: 5: Me\n",
         "diagram.mmd:3:3: error[CJM141]: 'secton A' is neither `title`, `section` nor a task; "
         "did you mean `section`? a task is written `name: score: actors`, e.g. "
         "`Make tea: 5: Me`"),
        ("journey\n  title T\n  Make tea: 5: Me\n  section A\n    Sit: 3: Me\n",
         "diagram.mmd:3:3: error[CJM141]: task 'Make tea' comes before the first `section`; "
         "add a line `section <name>` above it (sections become the phases)"),
        ("journey\n  title T\n  section A\n  section B\n    Sit: 3: Me\n",
         "diagram.mmd:3:1: error[CJM141]: section 'A' has no tasks; add tasks below it "
         "(`Make tea: 5: Me`) or remove the section"),
        ("journey\n  title T\n  section A\n    Sit: 3\n",
         "diagram.mmd:1:1: error[CJM141]: no task names an actor, so the journey would have "
         "no persona; add actors to the tasks (`Make tea: 5: Me`) or give the persona with "
         "--persona ID"),
    ],
)
def test_bad_input_gets_a_message_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    diagram: str, message: str,
) -> None:
    write_handbook(tmp_path)
    assert run_import(tmp_path, monkeypatch, diagram, "--out", "journeys/x.yml") == 1
    assert capsys.readouterr().err.splitlines()[0] == message
    assert not (tmp_path / "journeys" / "x.yml").exists()


def test_every_problem_of_a_diagram_in_one_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_handbook(tmp_path)
    diagram = "journey\n  section A\n    Tea: 9: Me\n    Coffee: 0: Me\n    Walk 3 Me\n"
    assert run_import(tmp_path, monkeypatch, diagram) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": error")[0] for line in lines[:-1]] == [
        "diagram.mmd:3:10", "diagram.mmd:4:13", "diagram.mmd:5:5",
    ]
    assert lines[-1] == "cjm: nothing imported"


def test_never_overwrites_a_file_or_reuses_a_journey_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_handbook(tmp_path)
    (tmp_path / "journeys" / "kauf.yml").write_text(
        "kind: journey\nid: my-working-day\ntitle: X\npersona: anna\nphases:\n"
        "  - name: A\n    emotion: 3\n", encoding="utf-8")
    assert run_import(tmp_path, monkeypatch, WORKING_DAY, "--out", "journeys/kauf.yml") == 2
    assert capsys.readouterr().err.strip() == (
        "cjm: journeys/kauf.yml exists; cjm import never overwrites a file: give another "
        "--out (nothing was written)"
    )
    assert run_import(tmp_path, monkeypatch, WORKING_DAY, "--out", "journeys/new.yml") == 2
    assert capsys.readouterr().err.strip() == (
        "cjm: the handbook has a journey 'my-working-day' already (journeys/kauf.yml); give "
        "the new one another id with --id"
    )


def test_names_that_mean_something_in_yaml_or_html_come_through_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_handbook(tmp_path)
    names = ["yes", "null", "- Liste", "*fett*", "<script>alert(1)</script>", "Anruf #1",
             "'zitiert'", '"doppelt"', "{ klammer }", "& und @", "\u202eumgedreht", "1.5",
             "Zeile\u2028zwei", "Neue\x85Zeile", "Absatz\u2029zwei"]
    tasks = "".join(f"    {name}: 3: Ärztin & Team\n" for name in names)
    diagram = f"journey\n  title Härtefall: alles\n  section Übergabe\n{tasks}"
    assert run_import(tmp_path, monkeypatch, diagram, "--out", "journeys/hart.yml") == 0
    docs = documents(tmp_path / "journeys" / "hart.yml")
    assert docs[0] == {"kind": "persona", "id": "aerztin-team", "name": "Ärztin & Team"}
    journey = docs[1]
    assert journey["title"] == "Härtefall: alles"
    assert [s["name"] for s in journey["phases"][0]["steps"]] == names
    assert main(["check", "--strict"]) == 0


def test_a_team_without_a_handbook_yet_imports_in_one_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # No mkdocs.yml, no journeys/ folder: the default options, and a new folder.
    assert run_import(tmp_path, monkeypatch, WORKING_DAY, "--out", "journeys/tag.yml") == 0
    assert "cjm: wrote journeys/tag.yml" in capsys.readouterr().err
    assert main(["check", "journeys"]) == 0


def test_actors_whose_names_make_the_same_id_stay_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_handbook(tmp_path)
    diagram = "journey\n  title Tag\n  section A\n    Tee: 5: 我, 猫\n    Kaffee: 4: Me, me\n"
    assert run_import(tmp_path, monkeypatch, diagram, "--out", "journeys/tag.yml") == 0
    docs = documents(tmp_path / "journeys" / "tag.yml")
    assert [(d["id"], d["name"]) for d in docs[:-1]] == [
        ("x", "我"), ("x-2", "猫"), ("me", "Me"), ("me-2", "me"),
    ]
    assert docs[-1]["personas"] == ["x", "x-2", "me", "me-2"]
    assert main(["check", "--strict"]) == 0


@pytest.mark.parametrize("inside", ["\u2028", "\x85", "\u2029", "\x0c", "\x1e"])
def test_lines_are_counted_by_line_breaks_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    inside: str,
) -> None:
    # Python's splitlines also breaks at these, which editors and Mermaid do not.
    write_handbook(tmp_path)
    diagram = (f"journey\r\n  title Day{inside}one\r\n  section A\n    Tea{inside}time: 5: Me\r"
               "    Bad: 9: Me\n")
    assert run_import(tmp_path, monkeypatch, diagram) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "diagram.mmd:5:10: error[CJM141]: task 'Bad' has the score 9; Mermaid scores run "
        "from 1 (bad) to 5 (good)"
    )


TASKS = "journey\n  title T\n  section A\n"


@pytest.mark.parametrize(
    ("diagram", "message"),
    [
        pytest.param(TASKS + "".join(f"    Task {i}: 3: Me\n" for i in range(20_000)),
                     "diagram.mmd:2004:5: error[CJM004]: the diagram has more than 2,000 tasks, "
                     "more than a journey file may hold; split it into several diagrams",
                     id="20000-tasks"),
        pytest.param(TASKS + "".join(f"    Task {i}: 3: P{i}, Q{i}\n" for i in range(150)),
                     "diagram.mmd:104:5: error[CJM004]: the diagram has more than 200 actors, "
                     "more than the personas of one journey; split it into several diagrams",
                     id="300-actors"),
        pytest.param(TASKS + "    " + "x" * 300 + ": 5: Me\n",
                     "diagram.mmd:4:5: error[CJM063]: the task's name has 300 characters; a "
                     "step's name may have at most 200: shorten it", id="long-task"),
        pytest.param("journey\n  title T\n  section " + "s" * 300 + "\n    a: 5: Me\n",
                     "diagram.mmd:3:3: error[CJM063]: the section's name has 300 characters; a "
                     "phase's name may have at most 200: shorten it", id="long-section"),
        pytest.param("journey\n  title " + "t" * 300 + "\n  section A\n    a: 5: Me\n",
                     "diagram.mmd:2:3: error[CJM063]: the title has 300 characters; a journey's "
                     "title may have at most 200: shorten it", id="long-title"),
        pytest.param(TASKS + "    a: 5: " + "P" * 300 + "\n",
                     "diagram.mmd:4:5: error[CJM063]: actor 'PPPPPPPPPPPPPPPPPPPPPPPPPPPPPP...' "
                     "has 300 characters; a persona's name may have at most 200: shorten it",
                     id="long-actor"),
        pytest.param("journey\n  title T\n  accDescr: " + "d" * 30_000 + "\n  section s\n"
                     "    a: 5: Me\n",
                     "diagram.mmd:3:3: error[CJM063]: the description (accDescr) has 30,000 "
                     "characters; a journey's summary may have at most 20,000: shorten it",
                     id="long-description"),
    ],
)
def test_a_diagram_too_large_for_a_journey_file_is_named_in_mermaid_terms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    diagram: str, message: str,
) -> None:
    write_handbook(tmp_path)
    assert run_import(tmp_path, monkeypatch, diagram, "--out", "journeys/x.yml") == 1
    assert capsys.readouterr().err.splitlines() == [message, "cjm: nothing imported"]
    assert not (tmp_path / "journeys" / "x.yml").exists()


def test_a_journey_file_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Control characters are written as escapes, four times their size: 200 actors named
    # with them, on every step, make a file larger than any journey file may be.
    write_handbook(tmp_path)
    actors = [f"{i:03}" + "\x01" * 190 for i in range(200)]
    tasks = "".join(f"    Task {i}: 3: {', '.join(actors[:i] + actors[i + 1:])}\n"
                    for i in range(30))
    assert run_import(tmp_path, monkeypatch, TASKS + tasks, "--out", "journeys/x.yml") == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("diagram.mmd:1:1: error[CJM004]: the journey file made from "
                               "this diagram would have ")
    assert lines[0].endswith(" bytes, more than the 4,194,304 a journey file may have; split "
                             "the diagram into several")
    assert lines[1:] == ["cjm: nothing imported"]


def test_ids_made_from_names_are_ids_a_page_can_have(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_handbook(tmp_path)
    title = "A very long title " * 8
    diagram = (f"journey\n  title {title}\n  section Go\n    a: 5: Index\n"
               f"    b: 4: {'Someone with a name ' * 9}\n  section Go\n    c: 3: Index\n")
    assert run_import(tmp_path, monkeypatch, diagram, "--out", "journeys/x.yml") == 0
    docs = documents(tmp_path / "journeys" / "x.yml")
    assert [d["id"] for d in docs] == [
        "index-1", "someone-with-a-name-someone-with-a-name-someone",
        "a-very-long-title-a-very-long-title-a-very-long",
    ]
    assert [p.get("id") for p in docs[-1]["phases"]] == [None, "go-2"]
    assert main(["check", "--strict"]) == 0
    assert run_import(tmp_path, monkeypatch, WORKING_DAY, "--id", "index") == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "cjm: --id 'index' cannot name a page: its page would be journeys/index.md, the page "
        "that lists all journeys; pick another id, e.g. index-1")
