"""`<!-- cjm:curve ID -->`, `<!-- cjm:table ID -->` and `<!-- cjm:map ID -->` in an
author's own pages: which lines are directives, and which name no journey.

A directive must stand alone on its line, starting in column 1. Lines inside fenced
code blocks and indented lines (an indented code block, a list item's code) are left
alone, so docs can show the syntax, and so are lines inside an HTML comment (`<!--` up
to `-->`): a commented-out directive stays a comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, did_you_mean, make
from mkdocs_cjm_plugin.core.load import Catalogue

DIRECTIVE = re.compile(r"^<!--\s*cjm:(curve|table|map)\s+(\S+)\s*-->[ \t]*$")
FENCE = re.compile(r"^(`{3,}|~{3,})")


class Directive(NamedTuple):
    line: int  # 1-based
    what: str  # curve, table or map
    ident: str  # the journey id as written


def find_directives(markdown: str) -> Iterator[Directive]:
    """The directives of a page, in order."""
    fence: str | None = None
    in_comment = False
    for number, line in enumerate(markdown.split("\n"), start=1):
        stripped = line.lstrip()
        opener = FENCE.match(stripped)
        if in_comment:
            in_comment = _ends_open_comment(line, inside=True)
            continue
        if fence is None and opener:
            fence = opener.group(1)
        elif fence is not None and stripped.startswith(fence) and not stripped.rstrip().strip(
            fence[0]
        ):
            fence = None
        match = DIRECTIVE.match(line) if fence is None else None
        if match is None:
            in_comment = fence is None and _ends_open_comment(line, inside=False)
            continue
        yield Directive(number, match.group(1), match.group(2))


def unknown_journeys(
    directives: Iterable[Directive], catalogue: Catalogue, page_path: str
) -> list[Diagnostic]:
    """CJM030 for each directive whose journey does not exist. A journey that exists but
    failed, or that an unreadable file may define, reports its own errors instead."""
    out: list[Diagnostic] = []
    for found in directives:
        ident = found.ident
        if ident in catalogue.journeys:
            continue
        if ("journey", ident) in catalogue.invalid or catalogue.unknown_ids:
            continue
        out.append(make(
            "CJM030", page_path, found.line, 1,
            f"no journey with id '{ident}' for `cjm:{found.what}`"
            f"{did_you_mean(ident, catalogue.journeys)}; use one of the journey ids",
        ))
    return out


_CODE_SPAN = re.compile(r"(`+).*?\1")


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
