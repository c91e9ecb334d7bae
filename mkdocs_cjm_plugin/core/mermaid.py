"""Mermaid `journey` diagrams read into journey files: `cjm import mermaid`.

A Mermaid user journey is a title, sections and tasks:

    journey
      title My working day
      section Go to work
        Make tea: 5: Me
        Do work: 1: Me, Cat

Sections become phases, tasks steps, actors personas. Mermaid scores run from 1 to 5;
they are mapped onto the site's emotion scale (on `-2..2`, a 5 becomes 2). Comments
(`%% ...`), directives and accessibility lines stay out of the journey, except
`accDescr`, which describes the diagram and becomes the journey's summary. Anything
else that cannot be read is refused with a message at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, closest, make
from mkdocs_cjm_plugin.core.model import EmotionScale, slugify
from mkdocs_cjm_plugin.core.yaml_writer import dump_all

MERMAID_MIN, MERMAID_MAX = 1, 5
KEYWORDS = ("title", "section", "accTitle", "accDescr")
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*mermaid\b.*$")
_DIAGRAM = re.compile(r"^\s*([A-Za-z][\w-]*)")
_COMMENT = re.compile(r"%%.*$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class Task:
    name: str
    score: float
    actors: list[str]
    line: int


@dataclass
class Section:
    name: str
    line: int
    tasks: list[Task] = field(default_factory=list)
    lines: int = 0
    """Task lines written in it, read or not: one that could not be read is reported
    once, not again as a section without tasks."""


@dataclass
class MermaidJourney:
    title: str | None = None
    description: str | None = None
    sections: list[Section] = field(default_factory=list)
    line: int = 1
    """The line of the `journey` keyword."""

    @property
    def actors(self) -> list[str]:
        return list(dict.fromkeys(a for s in self.sections for t in s.tasks for a in t.actors))


def _lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of the diagram: a Markdown file's ```mermaid block holding a
    journey, else the whole file."""
    # Only these end a line, for editors and Mermaid alike; `splitlines` also breaks at
    # U+2028, NEL, form feeds and more, which made every later line number wrong.
    lines = _LINE_BREAK.split(text)
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] | None = None
    fence = ""
    for number, line in enumerate(lines, 1):
        if current is None:
            found = _FENCE.match(line)
            if found:
                current, fence = [], found.group(2)
        elif line.strip().startswith(fence[0] * 3) and not line.strip().strip(fence[0]):
            blocks.append(current)
            current = None
        else:
            current.append((number, line))
    if current is not None:
        blocks.append(current)
    if not blocks:
        return list(enumerate(lines, 1))
    journeys = [b for b in blocks if _first_word(b) == "journey"]
    return journeys[0] if journeys else blocks[0]


def _first_word(block: list[tuple[int, str]]) -> str | None:
    for _, line in _statements(block):
        found = _DIAGRAM.match(line)
        return found.group(1) if found else line.strip()
    return None


def _statements(block: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines without comments, blank lines and front matter."""
    out: list[tuple[int, str]] = []
    in_front = False
    for index, (number, line) in enumerate(block):
        if index == 0 and line.strip() == "---":
            in_front = True
            continue
        if in_front:
            if line.strip() == "---":
                in_front = False
            if line.strip().startswith("title:"):  # front matter may hold the title
                out.append((number, "\0front " + line))
            continue
        stripped = line.strip()
        if stripped.startswith("%%"):
            continue  # comments and %%{init: ...}%% directives
        stripped = _COMMENT.sub("", stripped).strip()
        if stripped:
            out.append((number, line[: len(line) - len(line.lstrip())] + stripped))
    return out


def parse(text: str, shown: str) -> tuple[MermaidJourney | None, list[Diagnostic]]:
    """The journey diagram in `text`, or None; every problem found, at its line."""
    diags: list[Diagnostic] = []
    statements = _statements(_lines(text))
    front_title = None
    body: list[tuple[int, str]] = []
    for number, line in statements:
        if line.startswith("\0front "):
            front_title = line.removeprefix("\0front ").strip().removeprefix("title:").strip()
            front_title = front_title.strip("\"'") or None
        else:
            body.append((number, line))
    if not body:
        return None, [make("CJM140", shown, 1, 1,
                           "no Mermaid diagram found; the file should start with `journey`, "
                           "then `title ...`, `section ...` and tasks (`Make tea: 5: Me`)")]
    first_line, first = body[0]
    kind = first.split()[0]
    if kind != "journey":
        col = len(first) - len(first.lstrip()) + 1
        other = f"a Mermaid `{kind}` diagram" if re.fullmatch(r"[A-Za-z][\w-]*", kind) else (
            "not a Mermaid diagram"
        )
        return None, [make("CJM140", shown, first_line, col,
                           f"this is {other}, not a `journey`; cjm import mermaid reads user "
                           "journey diagrams, which start with the line `journey`")]
    diagram = MermaidJourney(title=front_title, line=first_line)
    section: Section | None = None
    in_description: list[str] | None = None
    for number, line in body[1:]:
        stripped = line.strip()
        col = len(line) - len(stripped) + 1
        if in_description is not None:
            if stripped.endswith("}"):
                in_description.append(stripped[:-1].strip())
                diagram.description = " ".join(p for p in in_description if p) or None
                in_description = None
            else:
                in_description.append(stripped)
            continue
        word = stripped.split()[0] if stripped.split() else ""
        if word == "title":
            diagram.title = stripped[len("title"):].strip() or diagram.title
        elif word == "section":
            name = stripped[len("section"):].strip()
            if not name:
                diags.append(make("CJM141", shown, number, col,
                                  "a section needs a name: `section Go to work`"))
                name = f"Section {len(diagram.sections) + 1}"
            section = Section(name, number)
            diagram.sections.append(section)
        elif re.match(r"accTitle\s*:", stripped):
            continue  # a title for screen readers: the journey has its own
        elif re.match(r"accDescr\s*:", stripped):
            diagram.description = stripped.split(":", 1)[1].strip() or None
        elif re.match(r"accDescr\s*\{", stripped):
            rest = stripped.split("{", 1)[1]
            if rest.rstrip().endswith("}"):
                diagram.description = rest.rstrip()[:-1].strip() or None
            else:
                in_description = [rest.strip()]
        elif ":" not in stripped:
            meant = closest(word, KEYWORDS)
            hint = (f"did you mean `{meant}`? " if meant else "")
            diags.append(make(
                "CJM141", shown, number, col,
                f"'{stripped}' is neither `title`, `section` nor a task; {hint}a task is "
                "written `name: score: actors`, e.g. `Make tea: 5: Me`",
            ))
        else:
            if section is not None:
                section.lines += 1
            task = _task(stripped, number, col, shown, diags)
            if task is None:
                continue
            if section is None:
                diags.append(make(
                    "CJM141", shown, number, col,
                    f"task '{task.name}' comes before the first `section`; add a line "
                    "`section <name>` above it (sections become the phases)",
                ))
                continue
            section.tasks.append(task)
    for s in diagram.sections:
        if not s.lines:
            diags.append(make("CJM141", shown, s.line, 1,
                              f"section '{s.name}' has no tasks; add tasks below it "
                              "(`Make tea: 5: Me`) or remove the section"))
    if not diagram.sections and not diags:
        diags.append(make("CJM141", shown, first_line, 1,
                          "the journey has no sections; add `section <name>` lines with tasks "
                          "below them"))
    return (None if diags else diagram), diags


def _task(text: str, line: int, col: int, shown: str, diags: list[Diagnostic]) -> Task | None:
    name, _, data = text.partition(":")
    name = name.strip()
    score_text, _, actors_text = data.partition(":")
    score_text = score_text.strip()
    if not name:
        diags.append(make("CJM141", shown, line, col,
                          "a task needs a name before its first `:`: `Make tea: 5: Me`"))
        return None
    if ":" in actors_text:
        diags.append(make("CJM141", shown, line, col,
                          f"task '{name}' has more than two `:`; a task is written `name: "
                          "score: actors`, and a name or an actor cannot contain `:`"))
        return None
    score_col = col + text.index(":") + 1 + (len(data) - len(data.lstrip()))
    try:
        score = float(score_text.replace(",", "."))
    except ValueError:
        shown_score = f"'{score_text}'" if score_text else "nothing"
        diags.append(make("CJM141", shown, line, score_col,
                          f"task '{name}' has {shown_score} where its score belongs; write "
                          f"a number from {MERMAID_MIN} (bad) to {MERMAID_MAX} (good): "
                          f"`{name}: 3: ...`"))
        return None
    if not MERMAID_MIN <= score <= MERMAID_MAX:
        diags.append(make("CJM141", shown, line, score_col,
                          f"task '{name}' has the score {score_text}; Mermaid scores run from "
                          f"{MERMAID_MIN} (bad) to {MERMAID_MAX} (good)"))
        return None
    actors = [a.strip() for a in actors_text.split(",") if a.strip()]
    return Task(name, score, actors, line)


def emotion(score: float, scale: EmotionScale) -> float | int:
    """A Mermaid score (1 to 5) on the site's emotion scale."""
    value = scale.min + (score - MERMAID_MIN) * (scale.max - scale.min) / (
        MERMAID_MAX - MERMAID_MIN
    )
    value = round(value, 2)
    return int(value) if float(value).is_integer() else value


def journey_documents(
    diagram: MermaidJourney, *, scale: EmotionScale, ident: str, title: str,
    personas: dict[str, str], persona: str | None = None,
) -> list[dict[str, Any]]:
    """The documents of a journey file: a persona for each actor not in `personas` (name
    or id -> id of a persona the handbook has), then the journey."""
    docs: list[dict[str, Any]] = []
    actor_ids: dict[str, str] = {}
    for actor in diagram.actors:
        known = personas.get(actor) or personas.get(slugify(actor))
        if known is None:
            # Two names may share a slug (`Me` and `me`, or names without a Latin letter,
            # which all slug to `x`): each actor keeps a persona of its own.
            known, n = slugify(actor), 2
            while known in actor_ids.values() or known in personas.values():
                known, n = f"{slugify(actor)}-{n}", n + 1
            if persona is None:  # with --persona the actors stay on the steps only
                docs.append({"kind": "persona", "id": known, "name": actor})
        actor_ids[actor] = known
    journey: dict[str, Any] = {"kind": "journey", "id": ident, "title": title}
    ids = [persona] if persona else list(dict.fromkeys(actor_ids.values()))
    if len(ids) == 1:
        journey["persona"] = ids[0]
    else:
        journey["personas"] = ids
    if diagram.description:
        journey["summary"] = diagram.description
    everyone = set(ids)
    phases = []
    for section in diagram.sections:
        steps = []
        for task in section.tasks:
            step: dict[str, Any] = {"name": task.name, "emotion": emotion(task.score, scale)}
            who = [actor_ids[a] for a in task.actors]
            if task.actors and (persona or set(who) != everyone):
                step["extra"] = {"actors": ", ".join(task.actors)}
            steps.append(step)
        phases.append({"name": section.name, "steps": steps})
    journey["phases"] = phases
    docs.append(journey)
    return docs


def journey_file(docs: list[dict[str, Any]]) -> str:
    return dump_all(docs)
