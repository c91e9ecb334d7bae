"""`<!-- cjm:curve ID -->` lines in the author's pages: which lines count, which name no
journey, and which look meant as one but are not written right. The build and
`cjm check` both read pages through this scanner, so they agree line for line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, closest, did_you_mean, make
from mkdocs_cjm_plugin.core.files import read_regular
from mkdocs_cjm_plugin.core.load import Catalogue

KINDS = ("curve", "table", "map")
# A directive counts only at the very start of a line: an indented one may be part of
# an indented code block (or a list item's), which shows the syntax rather than using it.
DIRECTIVE = re.compile(r"^<!--\s*cjm:(curve|table|map)\s+(\S+)\s*-->[ \t]*$")
# What an author most likely meant as a directive: a comment that starts with `cjm:`
# in any case, e.g. `<!-- CJM:Curve kauf -->` or `<!-- cjm:kurve kauf -->`.
_ATTEMPT = re.compile(r"^<!--\s*cjm\s*:\s*(\S*?)(?:\s+(.*?))?\s*-->[ \t]*$", re.IGNORECASE)
# German words authors write for the kinds; difflib would not find `karte` -> `map`.
_GERMAN = {"kurve": "curve", "tabelle": "table", "karte": "map", "landkarte": "map"}
FENCE = re.compile(r"^(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).*?\1")


@dataclass(frozen=True)
class Directive:
    line: int
    what: str
    ident: str


def _live_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """(number, line) of the lines a directive may stand on: not inside a fenced code
    block and not inside an HTML comment (`<!--` up to `-->`), so docs can show the
    syntax and a commented-out directive stays a comment."""
    fence: str | None = None
    in_comment = False
    for number, line in enumerate(markdown.split("\n"), start=1):
        stripped = line.lstrip()
        if in_comment:
            in_comment = _ends_open_comment(line, inside=True)
            continue
        opener = FENCE.match(stripped)
        if fence is None and opener:
            fence = opener.group(1)
            continue
        if fence is not None:
            if stripped.startswith(fence) and not stripped.rstrip().strip(fence[0]):
                fence = None
            continue
        yield number, line
        in_comment = _ends_open_comment(line, inside=False)


def find_directives(markdown: str) -> list[Directive]:
    """The directives of a page, in order. A directive stands alone on its line,
    starting in column 1."""
    out = []
    for number, line in _live_lines(markdown):
        match = DIRECTIVE.match(line)
        if match is not None:
            out.append(Directive(number, match.group(1), match.group(2)))
    return out


def unknown_journeys(
    directives: list[Directive], catalogue: Catalogue, page_path: str
) -> list[Diagnostic]:
    """CJM030 for each directive naming no journey. A journey whose own file has errors
    (or a file that cannot be read at all) may be the one meant: its errors are
    reported already, so no second one here."""
    found = []
    for d in directives:
        if d.ident in catalogue.journeys:
            continue
        if ("journey", d.ident) in catalogue.invalid or catalogue.unknown_ids:
            continue
        found.append(make(
            "CJM030", page_path, d.line, 1,
            f"no journey with id '{d.ident}' for `cjm:{d.what}`"
            f"{did_you_mean(d.ident, catalogue.journeys)}; use one of the journey ids",
        ))
    return found


def may_hold_directives(markdown: str) -> bool:
    """A cheap first look: only pages mentioning `cjm` are scanned (any case, so that
    `<!-- CJM:CURVE kauf -->` is reported too)."""
    return "cjm" in markdown.lower()


def page_problems(markdown: str, catalogue: Catalogue, page_path: str) -> list[Diagnostic]:
    """Everything wrong with the directives of one page, without rendering anything."""
    return [
        *unknown_journeys(find_directives(markdown), catalogue, page_path),
        *directive_slips(markdown, page_path),
    ]


def directive_slips(markdown: str, page_path: str) -> list[Diagnostic]:
    """CJM035 for each line that looks meant as a directive but is not one, so it would
    stay an invisible comment: a misspelt kind, capitals, no journey id, extra words."""
    found = []
    for number, line in _live_lines(markdown):
        if DIRECTIVE.match(line):
            continue
        match = _ATTEMPT.match(line)
        if match is None:
            continue
        kind, rest = match.group(1), (match.group(2) or "").split()
        meant = kind.lower() if kind.lower() in KINDS else (
            _GERMAN.get(kind.lower()) or closest(kind.lower(), KINDS)
        )
        ident = rest[0] if rest else "JOURNEY-ID"
        written = line.strip()
        if meant is None:
            why = f"`cjm:{kind}` is no kind of picture; the kinds are curve, table and map"
            fix = f"e.g. `<!-- cjm:curve {ident} -->`"
        else:
            right = f"<!-- cjm:{meant} {ident} -->"
            if not rest:
                why = f"`cjm:{kind}` names no journey"
                fix = f"`{right}` with the id of a journey"
            elif len(rest) > 1:
                why = "a directive names exactly one journey"
                fix = f"`{right}`"
            elif kind != meant:
                why = (
                    f"`cjm:{kind}` is written in capitals" if kind.lower() == meant
                    else f"`cjm:{kind}` is no kind of picture (did you mean '{meant}'?)"
                )
                fix = f"`{right}`"
            else:  # e.g. a space after `cjm:`: `<!-- cjm: curve kauf -->`
                why = "the directive is not written in its exact form"
                fix = f"`{right}`"
        found.append(make(
            "CJM035", page_path, number, 1,
            f"`{written}` shows nothing: {why}; write {fix}",
        ))
    return found


def _ends_open_comment(line: str, *, inside: bool) -> bool:
    """Whether an HTML comment is still open at the end of ``line``.

    ``inside``: the line starts inside a comment. `<!--` in a code span is text.
    """
    rest = line if inside else _CODE_SPAN.sub("", line)
    while True:
        if inside:
            end = rest.find("-->")
            if end < 0:
                return True
            rest, inside = _CODE_SPAN.sub("", rest[end + 3 :]), False
        start = rest.find("<!--")
        if start < 0:
            return False
        rest, inside = rest[start + 4 :], True


def problems_in_pages(pages: Iterable[tuple[Path, str]], catalogue: Catalogue) -> list[Diagnostic]:
    """`page_problems` of each page (its file, and its path as shown in messages), read
    without rendering anything: the build asks this before cleaning the site folder, and
    `cjm check` asks it too. A page that cannot be read is MkDocs' to report."""
    found: list[Diagnostic] = []
    for file, shown in pages:
        try:  # a named pipe called `x.md` would make a plain read wait forever
            text = read_regular(file).decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        if may_hold_directives(text):
            found.extend(page_problems(text, catalogue, shown))
    return found
