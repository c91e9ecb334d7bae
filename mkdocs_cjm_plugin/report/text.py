"""The diff for a terminal: the verdict, then each journey's changes, coloured on a tty."""

from __future__ import annotations

from mkdocs_cjm_plugin.core.diagnostics import printable
from mkdocs_cjm_plugin.core.diff import CatalogueDiff
from mkdocs_cjm_plugin.report.words import (
    compared,
    entity_line,
    headline,
    not_compared_line,
    sections,
    verdict,
)

_RESET = "\x1b[0m"
_COLOURS = {"+": "\x1b[32m", "-": "\x1b[31m", "head": "\x1b[1m", "note": "\x1b[2m"}


def diff_text(diff: CatalogueDiff, *, colour: bool = False) -> str:
    """Every change, one per line; file names and values with control characters are
    shown as escapes (`printable`), so a name cannot rewrite the terminal."""

    def paint(kind: str, text: str) -> str:
        return f"{_COLOURS[kind]}{text}{_RESET}" if colour and kind in _COLOURS else text

    def sign(line: str) -> str:
        kind = (
            "+"
            if line.startswith(("+ ", "new", "gained", "closed", "resolved"))
            else ("-" if line.startswith(("- ", "lost", "gone")) or "MISSED" in line else "")
        )
        return paint(kind, line)

    out = [
        paint("note", f"compared {printable(compared(diff))}"),
        paint("head", verdict(diff.summary)),
    ]
    if diff.entities:
        out.append("")
        out += [
            sign(
                ("+ " if e.change == "added" else "- " if e.change == "removed" else "~ ")
                + printable(entity_line(e))
            )
            for e in diff.entities
        ]
    for journey in diff.journeys:
        out += ["", paint("head", printable(headline(journey)))]
        for section in sections(journey):
            out.append(f"  {section.title}")
            out += [f"    {sign(printable(line))}" for line in section.lines]
    for item in diff.not_compared:
        out += ["", printable(not_compared_line(item))]
    for label, problems in (("before", diff.problems_before), ("after", diff.problems_after)):
        if problems:
            out += ["", paint("head", f"Files that fail to load {label} the change:")]
            out += [f"  {d.format()}" for d in problems]
    return "\n".join(out) + "\n"
