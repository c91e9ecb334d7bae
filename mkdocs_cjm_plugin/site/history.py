"""The history section of a journey page: the last changes to its file, as rows.

The history itself (from git, cached) is `core.history`; this module turns it into what
the page shows, in the site's language: a trend line of the mean emotion, and per change
the date, author, commit subject, what the change did, and the mean after it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup

from mkdocs_cjm_plugin.core.history import FACTS, HistoryEntry
from mkdocs_cjm_plugin.core.model import EmotionScale
from mkdocs_cjm_plugin.i18n.labels import Labels
from mkdocs_cjm_plugin.pictures.curve import render_sparkline


def commit_url(repo_url: str | None, commit: str) -> str | None:
    """The page of a commit on GitHub or GitLab, from the site's `repo_url`; None for
    other hosts (their address for a commit is not known)."""
    if not repo_url or not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit):
        return None
    parts = urlsplit(repo_url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not parts.path.strip("/"):
        return None
    base = f"https://{parts.netloc}/{parts.path.strip('/').removesuffix('.git')}"
    if host == "github.com":
        return f"{base}/commit/{commit}"
    if host == "gitlab.com" or host.startswith("gitlab."):
        return f"{base}/-/commit/{commit}"
    return None


@dataclass(frozen=True)
class HistoryRow:
    day: dt.date | None
    date: str
    """As git gave it (YYYY-MM-DD), for `<time datetime>`."""
    commit: str
    url: str | None
    """The commit's page at the repository's host, when known."""
    author: str
    subject: str
    summary: str
    mean: str
    delta: str
    direction: str
    """`up`, `down` or empty: the mean against the change before."""


@dataclass(frozen=True)
class HistoryView:
    rows: list[HistoryRow]
    trend: Markup
    """A sparkline of the means, oldest first (empty with fewer than two)."""
    points: int


def history_view(
    entries: Sequence[HistoryEntry],
    labels: Labels,
    scale: EmotionScale,
    repo_url: str | None = None,
) -> HistoryView | None:
    """What the page shows, or None when the file has no commit yet."""
    if not entries:
        return None
    rows = []
    for index, entry in enumerate(entries):
        older = entries[index + 1] if index + 1 < len(entries) else None
        delta, direction = "", ""
        if entry.mean is not None and older is not None and older.mean is not None:
            change = round(entry.mean - older.mean, 2)
            if change:
                sign = "+" if change > 0 else "−"
                delta = f"{sign}{labels.number(abs(change))}"
                direction = "up" if change > 0 else "down"
        rows.append(
            HistoryRow(
                day=_day(entry.date),
                date=entry.date,
                commit=entry.commit[:12],
                url=commit_url(repo_url, entry.commit),
                author=entry.author,
                subject=entry.subject,
                summary=_summary(entry, labels),
                mean=labels.number(round(entry.mean, 2)) if entry.mean is not None else "–",
                delta=delta,
                direction=direction,
            )
        )
    means = [e.mean for e in reversed(entries) if e.mean is not None]
    trend = Markup(
        render_sparkline(means, scale.min, scale.max, labels("history_trend", n=len(means)))
        if len(means) > 1
        else ""
    )
    return HistoryView(rows, trend, len(means))


def _summary(entry: HistoryEntry, labels: Labels) -> str:
    if not entry.computed:
        return labels("history_not_compared")
    if entry.facts is None:
        return labels("history_created")
    if not entry.facts:
        return labels("history_no_change")
    return " · ".join(
        labels.count(f"history_fact_{name}", entry.facts[name], n=entry.facts[name])
        for name in FACTS
        if name in entry.facts
    )


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
