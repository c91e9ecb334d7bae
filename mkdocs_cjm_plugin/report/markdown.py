"""The diff as Markdown for a pull-request comment or a CI job summary.

A verdict line on top, then one collapsible section per journey with a before/after
emotion chart that GitHub and GitLab draw themselves (a Mermaid `xychart-beta`), and
links to the changed pages of a preview site when its address is known.

Everything from the files and from git is escaped for where it goes: Markdown text
through `_md`, the `<summary>` line (raw HTML, where Markdown is not read) through
`_html`, chart labels with only the characters a Mermaid string can hold. Neither lets
a line break through (a blank line would end the `<details>` block, and the rest of a
title would become headings and links of the comment): control characters are shown
as escapes, as in the terminal. The whole comment stays below GitHub's limit for one
comment.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence

from mkdocs_cjm_plugin.core.diagnostics import printable
from mkdocs_cjm_plugin.core.diff import CatalogueDiff, CurvePointData, JourneyDiff
from mkdocs_cjm_plugin.core.model import EmotionScale
from mkdocs_cjm_plugin.report.words import (
    compared,
    emotion_rows,
    entity_line,
    headline,
    not_compared_line,
    number,
    sections,
    verdict,
)
from mkdocs_cjm_plugin.site.markup import md_escape

MAX_CHARS = 60_000
"""GitHub refuses comments over 65,536 characters; what does not fit is named, not cut."""
MAX_LABEL = 24
"""Characters of a step name on the chart's axis: longer ones would overlap."""
BEFORE_COLOUR, AFTER_COLOUR = "#8c959f", "#1f66d1"

Link = Callable[[str, str], str]
"""(kind, id) -> the address of that journey, persona or stakeholder on the preview site."""

_NOT_IN_LABEL = re.compile(r'["`\\<>{}\[\];#%\x00-\x1f\x7f-\x9f\u2028\u2029]')


def _md(text: str) -> str:
    """Report text as Markdown that reads literally, on one line, with arrows that need
    no escape. Beyond `md_escape`: `$` (GitHub draws `$...$` as a formula) and the
    `://` of a web address (GitHub links a bare one) are escaped too."""
    escaped = str(md_escape(printable(text.replace(" -> ", " → "))))
    return escaped.replace("$", "\\$").replace("://", "\\://")


def _html(text: str) -> str:
    """Report text as the HTML of a block that Markdown does not read, on one line."""
    return html.escape(printable(text.replace(" -> ", " → ")), quote=False)


def mermaid_label(text: str) -> str:
    """A step name as a Mermaid string: no quote, bracket, `#`, `;` or backtick (Mermaid
    strings have no escape for them, and a backtick run could end the code block)."""
    one_line = " ".join(_NOT_IN_LABEL.sub(" ", text).split())
    if len(one_line) > MAX_LABEL:
        one_line = one_line[: MAX_LABEL - 1].rstrip() + "…"
    return one_line or "?"


def _values(points: Sequence[CurvePointData], keys: Sequence[str]) -> list[float]:
    """The score at each key of the axis; a step missing on this side carries the score
    next to it, so both lines span the whole axis (Mermaid lines cannot have gaps)."""
    by_key = {p.key: p.score for p in points}
    raw = [by_key.get(k) for k in keys]
    first = next((v for v in raw if v is not None), 0.0)
    out: list[float] = []
    for value in raw:
        out.append(value if value is not None else (out[-1] if out else first))
    return out


def axis(journey: JourneyDiff) -> list[CurvePointData]:
    """The steps of the chart's axis: the journey after the change, with removed steps
    put back where they stood."""
    after_keys = {p.key for p in journey.curve_after}
    out = list(journey.curve_after)
    previous: str | None = None
    for point in journey.curve_before:
        if point.key not in after_keys:
            at = next((i + 1 for i, p in enumerate(out) if p.key == previous), 0)
            out.insert(at, point)
        previous = point.key
    return out


def emotion_chart(journey: JourneyDiff, scale: EmotionScale) -> str:
    """A Mermaid `xychart-beta` with the curve before (grey) and after (blue)."""
    points = axis(journey)
    if not points:
        return ""
    keys = [p.key for p in points]
    before, after = _values(journey.curve_before, keys), _values(journey.curve_after, keys)
    shown = [v for v in (*before, *after) if journey.curve_before or journey.curve_after]
    lo, hi = min(scale.min, *shown), max(scale.max, *shown)
    theme = {
        "themeVariables": {"xyChart": {"plotColorPalette": f"{BEFORE_COLOUR}, {AFTER_COLOUR}"}}
    }
    labels = ", ".join(json.dumps(mermaid_label(p.label), ensure_ascii=False) for p in points)
    lines = [
        "```mermaid",
        f"%%{{init: {json.dumps(theme)}}}%%",
        "xychart-beta",
        '    title "Emotion: before (grey) and after (blue)"',
        f"    x-axis [{labels}]",
        f'    y-axis "Emotion" {number(lo)} --> {number(hi)}',
    ]
    if journey.curve_before:
        lines.append(f"    line [{', '.join(number(v) for v in before)}]")
    if journey.curve_after:
        lines.append(f"    line [{', '.join(number(v) for v in after)}]")
    lines.append("```")
    return "\n".join(lines)


def _journey_block(journey: JourneyDiff, scale: EmotionScale, link: Link | None) -> str:
    out = [f"<details><summary><b>{_html(headline(journey))}</b></summary>", ""]
    if link is not None and journey.change != "removed":
        out += [f"[Open the journey in the preview](<{link('journey', journey.id)}>)", ""]
    chart = emotion_chart(journey, scale)
    if chart:
        out += [chart, ""]
    rows = emotion_rows(journey)
    if rows:
        out += ["| Step | Emotion | Change |", "|---|---|---|"]
        out += [f"| {_md(step)} | {_md(change)} | {_md(size)} |" for step, change, size in rows]
        out.append("")
    for section in sections(journey):
        if section.title == "Emotion":  # the chart and the table above say it
            out += [f"**Emotion:** {_md(section.lines[0])}", ""]
            continue
        out += [f"**{section.title}**", ""]
        out += [f"- {_md(line)}" for line in section.lines]
        out.append("")
    out += ["</details>", ""]
    return "\n".join(out)


def diff_markdown(
    diff: CatalogueDiff, scale: EmotionScale | None = None, link: Link | None = None
) -> str:
    """The whole comment."""
    scale = scale or EmotionScale()
    # `<sub>` starts no HTML block: its line is a paragraph, read as Markdown.
    what = _md(compared(diff))
    out = [f"### Journey maps: {_md(verdict(diff.summary))}", "", f"<sub>Compared {what}</sub>", ""]
    if diff.entities:
        for e in diff.entities:
            page = f" ([preview](<{link(e.kind, e.id)}>))" if link and e.change != "removed" else ""
            out.append(f"- {_md(entity_line(e))}{page}")
        out.append("")
    size = sum(len(part) + 1 for part in out)
    left_out = 0
    for journey in diff.journeys:
        block = _journey_block(journey, scale, link)
        if size + len(block) > MAX_CHARS:
            left_out += 1
            continue
        out.append(block)
        size += len(block) + 1
    if left_out:
        out += [
            f"*{left_out} more journeys changed; they do not fit in one comment. "
            "Run `cjm diff` or see the job log for all of them.*",
            "",
        ]
    for item in diff.not_compared:
        out.append(f"- {_md(not_compared_line(item))}")
    for label, problems in (("before", diff.problems_before), ("after", diff.problems_after)):
        if problems:
            out += ["", f"**Files that fail to load {label} the change**", "", "```text"]
            out += [d.format().replace("```", "'''") for d in problems[:50]]
            if len(problems) > 50:
                out.append(f"... and {len(problems) - 50} more (cjm check lists them all)")
            out.append("```")
    return "\n".join(out).rstrip() + "\n"
