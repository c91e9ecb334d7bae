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
from mkdocs_cjm_plugin.core.model import (
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    EmotionScale,
    page_id_problem,
    shorter_id,
    slugify,
)
from mkdocs_cjm_plugin.core.yaml_writer import dump_all

MERMAID_MIN, MERMAID_MAX = 1, 5
MAX_TASKS = 2_000
"""Tasks of one diagram. With `MAX_ACTORS`, the journey file stays well below the
keys and values a journey file may have (`MAX_NODES`): each step takes up to nine."""
MAX_ACTORS = 200
"""Actors of one diagram: each becomes a persona of the journey."""
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
    title_at: tuple[int, int] = (1, 1)
    description_at: tuple[int, int] = (1, 1)
    """Line and column of the title and of `accDescr`."""

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
    front_title, front_line = None, 1
    body: list[tuple[int, str]] = []
    for number, line in statements:
        if line.startswith("\0front "):
            front_title = line.removeprefix("\0front ").strip().removeprefix("title:").strip()
            front_title = front_title.strip("\"'") or None
            front_line = number
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
    diagram = MermaidJourney(title=front_title, line=first_line, title_at=(front_line, 1))
    tasks = 0
    actors: set[str] = set()
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
            diagram.title_at = (number, col)
        elif word == "section":
            name = stripped[len("section"):].strip()
            if not name:
                diags.append(make("CJM141", shown, number, col,
                                  "a section needs a name: `section Go to work`"))
                name = f"Section {len(diagram.sections) + 1}"
            _long(diags, shown, number, col, "the section's name", name, "a phase's name",
                  MAX_NAME_CHARS)
            section = Section(name, number)
            diagram.sections.append(section)
        elif re.match(r"accTitle\s*:", stripped):
            continue  # a title for screen readers: the journey has its own
        elif re.match(r"accDescr\s*:", stripped):
            diagram.description = stripped.split(":", 1)[1].strip() or None
            diagram.description_at = (number, col)
        elif re.match(r"accDescr\s*\{", stripped):
            diagram.description_at = (number, col)
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
            tasks += 1
            if tasks == MAX_TASKS + 1:
                diags.append(make(
                    "CJM004", shown, number, col,
                    f"the diagram has more than {MAX_TASKS:,} tasks, more than a journey file "
                    "may hold; split it into several diagrams"))
            new = [a for a in task.actors if a not in actors]
            if len(actors) <= MAX_ACTORS < len(actors) + len(new):
                diags.append(make(
                    "CJM004", shown, number, col,
                    f"the diagram has more than {MAX_ACTORS:,} actors, more than the personas "
                    "of one journey; split it into several diagrams"))
            actors.update(new)
            if tasks <= MAX_TASKS:
                section.tasks.append(task)
    if diagram.title:
        _long(diags, shown, *diagram.title_at, "the title", diagram.title,
              "a journey's title", MAX_NAME_CHARS)
    if diagram.description:
        _long(diags, shown, *diagram.description_at, "the description (accDescr)",
              diagram.description, "a journey's summary", MAX_TEXT_CHARS)
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
    if _long(diags, shown, line, col, "the task's name", name, "a step's name",
             MAX_NAME_CHARS):
        return None
    for actor in actors:
        shown_actor = actor if len(actor) <= 30 else actor[:30] + "..."
        if _long(diags, shown, line, col, f"actor '{shown_actor}'", actor,
                 "a persona's name", MAX_NAME_CHARS):
            return None
    return Task(name, score, actors, line)


def _long(diags: list[Diagnostic], shown: str, line: int, col: int, what: str, text: str,
          becomes: str, limit: int) -> bool:
    """Whether `text` is longer than a journey file allows what it becomes; if so,
    `diags` says it."""
    if len(text) <= limit:
        return False
    diags.append(make("CJM063", shown, line, col, f"{what} has {len(text):,} characters; "
                      f"{becomes} may have at most {limit:,}: shorten it"))
    return True


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
            base = page_id(slugify(actor), "persona")
            known, n = base, 2
            while known in actor_ids.values() or known in personas.values():
                known, n = f"{base}-{n}", n + 1
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
    keys: set[str] = set()
    for section in diagram.sections:
        # Two sections of one name would be two phases of one key, which a journey
        # cannot tell apart: the later ones get an id of their own.
        key, n = slugify(section.name), 2
        base = key if len(key) <= MAX_NAME_CHARS - 10 else shorter_id(key)
        while key in keys:
            key, n = f"{base}-{n}", n + 1
        keys.add(key)
        steps = []
        for task in section.tasks:
            step: dict[str, Any] = {"name": task.name, "emotion": emotion(task.score, scale)}
            who = [actor_ids[a] for a in task.actors]
            if task.actors and (persona or set(who) != everyone):
                step["extra"] = {"actors": ", ".join(task.actors)}
            steps.append(step)
        phase: dict[str, Any] = {"name": section.name, "steps": steps}
        if key != slugify(section.name):
            phase = {"name": section.name, "id": key, "steps": steps}
        phases.append(phase)
    journey["phases"] = phases
    docs.append(journey)
    return docs


def page_id(ident: str, kind: str = "journey") -> str:
    """`ident`, or a shorter one where it cannot name a page (too long, `index`)."""
    return shorter_id(ident) if page_id_problem(ident, kind) else ident


def journey_file(docs: list[dict[str, Any]]) -> str:
    return dump_all(docs)
