"""The catalogue as CSV tables that open cleanly in Excel, in German and English locales.

- UTF-8 with a byte order mark: without it Excel reads UTF-8 as the local code page and
  umlauts break.
- The separator is `;` by default, what Excel expects where the decimal separator is a
  comma (Germany, most of Europe); numbers are then written with a decimal comma
  (`3,5`), else Excel reads `3.5` as a date. With `,` (English locales) numbers keep
  their decimal point. No `sep=` line: Excel ignores the byte order mark after one.
- Dates are ISO (`2026-03-31`), which Excel recognises in every locale.
- Lists are one cell, one entry a line.
- Text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
  `'`: Excel would otherwise run it as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from mkdocs_cjm_plugin.core.load import Catalogue
from mkdocs_cjm_plugin.core.model import Journey, Kpi, Opportunity, SiteOptions
from mkdocs_cjm_plugin.core.walk import walk

SEPARATORS = {"semicolon": ";", "comma": ",", "tab": "\t"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvStyle:
    separator: str = ";"

    @property
    def decimal_comma(self) -> bool:
        return self.separator == ";"

    def cell(self, value: Any) -> str:
        """One value as the text of a cell."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            text = repr(value) if isinstance(value, float) else str(value)
            return text.replace(".", ",") if self.decimal_comma else text
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, (list, tuple)):
            return "\n".join(self.cell(v) for v in value)
        text = str(value)
        return "'" + text if text.startswith(FORMULA_START) else text


Row = dict[str, Any]


def _table(style: CsvStyle, columns: list[str], rows: Iterable[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=style.separator, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([style.cell(row.get(c)) for c in columns])
    return "\ufeff" + out.getvalue()


def _where(journey: Journey) -> Iterable[tuple[Row, list[Kpi], list[Opportunity]]]:
    """Every place in a journey that holds KPIs and opportunities: each phase, then its
    steps, with the columns that name the place."""
    for phase in walk(journey):
        place = {"journey": journey.id, "phase": phase.key, "step": None,
                 "path": phase.path}
        yield place, phase.phase.kpis, phase.phase.opportunities
        for step in phase.steps:
            place = {"journey": journey.id, "phase": phase.key, "step": step.key,
                     "path": step.path}
            yield place, step.step.kpis, step.step.opportunities


def tables(catalogue: Catalogue, options: SiteOptions, separator: str = ";") -> dict[str, str]:
    """File name -> CSV text, one table each."""
    style = CsvStyle(separator)
    today = options.effective_today()
    journeys = [j for _, j in sorted(catalogue.journeys.items())]
    made: dict[str, tuple[list[str], Callable[[], Iterable[Row]]]] = {
        "journeys.csv": (
            ["journey", "title", "state", "personas", "owner", "compares_to", "updated",
             "phases", "steps", "mean_emotion", "tags", "summary", "expectation"],
            lambda: ({
                "journey": j.id, "title": j.title, "state": j.state,
                "personas": j.persona_ids, "owner": j.owner, "compares_to": j.compares_to,
                "updated": j.updated, "phases": len(j.phases), "steps": len(j.steps()),
                "mean_emotion": round(sum(j.scores()) / len(j.scores()), 2)
                if j.scores() else None,
                "tags": j.tags, "summary": j.summary, "expectation": j.expectation,
            } for j in journeys),
        ),
        "steps.csv": (
            ["journey", "phase", "step", "path", "phase_name", "name", "action", "touchpoint",
             "channel", "online", "emotion", "evidence", "moment_of_truth", "owner",
             "thoughts", "pains", "gains", "systems"],
            lambda: ({
                "journey": j.id, "phase": p.key, "step": s.key, "path": s.path,
                "phase_name": p.phase.name, "name": s.step.name, "action": s.step.action,
                "touchpoint": s.step.touchpoint, "channel": s.step.channel,
                "online": s.step.online if s.step.online is not None
                else options.channel_online(s.step.channel),
                "emotion": s.step.emotion, "evidence": s.step.evidence,
                "moment_of_truth": s.step.moment_of_truth, "owner": s.step.owner,
                "thoughts": s.step.thoughts, "pains": s.step.pains, "gains": s.step.gains,
                "systems": s.step.systems,
            } for j in journeys for p in walk(j) for s in p.steps),
        ),
        "opportunities.csv": (
            ["journey", "phase", "step", "path", "title", "description", "owner", "due",
             "status", "impact", "overdue"],
            lambda: ({
                **place, "title": o.title, "description": o.description, "owner": o.owner,
                "due": o.due, "status": o.status, "impact": o.impact,
                "overdue": o.overdue(today),
            } for j in journeys for place, _, opps in _where(j) for o in opps),
        ),
        "kpis.csv": (
            ["journey", "phase", "step", "path", "name", "target", "actual", "unit",
             "source", "higher_is_better", "met"],
            lambda: ({
                **place, "name": k.name, "target": k.target, "actual": k.actual,
                "unit": k.unit, "source": k.source, "higher_is_better": k.higher_is_better,
                "met": k.met(),
            } for j in journeys for place, kpis, _ in _where(j) for k in kpis),
        ),
        "touchpoints.csv": (
            ["touchpoint", "channel", "online", "journey", "step", "path", "step_name",
             "emotion", "owner"],
            lambda: sorted(({
                "touchpoint": s.step.touchpoint, "channel": s.step.channel,
                "online": s.step.online if s.step.online is not None
                else options.channel_online(s.step.channel),
                "journey": j.id, "step": s.key, "path": s.path, "step_name": s.step.name,
                "emotion": s.step.emotion, "owner": s.step.owner,
            } for j in journeys for p in walk(j) for s in p.steps
                if s.step.touchpoint or s.step.channel),
                key=lambda r: (str(r["touchpoint"] or ""), str(r["channel"] or ""))),
        ),
        "stakeholders.csv": (
            ["stakeholder", "name", "type", "importance", "description", "relations", "tags"],
            lambda: ({
                "stakeholder": s.id, "name": s.name, "type": s.type,
                "importance": s.importance, "description": s.description,
                "relations": [
                    f"{r.to}: {r.label}" if r.label else r.to for r in s.relations
                ],
                "tags": s.tags,
            } for _, s in sorted(catalogue.stakeholders.items())),
        ),
        "personas.csv": (
            ["persona", "name", "role", "segment", "quote", "goals", "pains", "gains",
             "channels", "tags"],
            lambda: ({
                "persona": p.id, "name": p.name, "role": p.role, "segment": p.segment,
                "quote": p.quote, "goals": p.goals, "pains": p.pains, "gains": p.gains,
                "channels": p.channels, "tags": p.tags,
            } for _, p in sorted(catalogue.personas.items())),
        ),
    }
    return {name: _table(style, columns, rows()) for name, (columns, rows) in made.items()}
