"""The last changes to each journey's file, for the history on its page.

For every journey: the last commits that changed its file (date, author, subject), the
journey's mean emotion after each, and what each change did to it (a summary of the
semantic diff, in counts). Everything is read from git in three commands, whatever the
number of journeys: one `git log` over the source folder (read as it streams and
stopped once every file has its changes, or after `MAX_COMMITS`), one
`git cat-file --batch` for the file contents, and `rev-parse` for the repository.

Reading and comparing old versions is what costs time, so the results are kept in
`history.json` in the plugin's cache folder, by blob hash: a file's content at a commit
never changes, so the entry never goes stale. The file is signed like the cache of
read files (`core.cache`) and checked entry by entry before use (anything else is
computed again); what cannot be computed within `budget` seconds is shown without a
mean or summary and computed by a later build.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import subprocess
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_cjm_plugin.core.cache import secret, signed_text, verified_text
from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, make
from mkdocs_cjm_plugin.core.diff import compare_journeys
from mkdocs_cjm_plugin.core.files import write_atomic
from mkdocs_cjm_plugin.core.load import Catalogue, read_texts
from mkdocs_cjm_plugin.core.model import ID_PATTERN, Journey, mean
from mkdocs_cjm_plugin.core.revisions import (
    TIMEOUT_SECONDS,
    GitProblem,
    Repo,
    git_env,
    is_definition,
    safe_path,
)

CACHE_FILE = "history.json"
CACHE_VERSION = 3
MAX_COMMITS = 5000
"""Commits read from the log at most: older changes are not looked for."""
MAX_CACHE_BYTES = 32 * 1024 * 1024
"""A larger cache file is not read (it is rewritten with what this build needs)."""
FACTS = (
    "steps_added",
    "steps_removed",
    "steps_renamed",
    "steps_moved",
    "emotions_changed",
    "pains_resolved",
    "pains_added",
    "moments_gained",
    "moments_lost",
    "actions_added",
    "actions_closed",
    "actions_changed",
    "kpis_missed",
    "kpis_changed",
    "other_changes",
)
"""What the summary of a change counts, in the order a page names them."""

_HEX = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_ID = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class HistoryEntry:
    commit: str
    date: str
    """YYYY-MM-DD, the author date."""
    author: str
    subject: str
    mean: float | None
    """The journey's mean emotion after the change; None when it has no score, was
    not in the file, or was not computed within the time budget."""
    facts: dict[str, int] | None
    """What the change did to the journey (`FACTS`, only those above 0); None for the
    change that created the file, or when not computed within the time budget."""
    computed: bool = True
    """False when the time budget ran out before this change was read."""


@dataclass
class HistoryResult:
    journeys: dict[str, list[HistoryEntry]] = field(default_factory=dict)
    """Journey id -> its file's last changes, newest first."""
    shallow: bool = False
    """The clone has only part of the history (a CI checkout of depth 1)."""
    left_out: int = 0
    """Changes not computed within the time budget."""


@dataclass(frozen=True)
class _Commit:
    commit: str
    date: str
    author: str
    subject: str
    blobs: dict[str, str | None]
    """Path -> the file's blob after the commit (None: deleted)."""


def journey_histories(
    repo: Repo,
    files: Mapping[str, list[str]],
    prefix: str,
    limit: int,
    cache_dir: Path | None,
    budget: float,
) -> HistoryResult:
    """The history of each journey: `files` maps a repository path to the ids of the
    journeys defined in it; `prefix` is the source folder inside the repository."""
    result = HistoryResult(shallow=repo.is_shallow())
    wanted = dict.fromkeys(files, limit + 1)  # one more: the summary of the oldest
    changes: dict[str, list[_Commit]] = {path: [] for path in files}
    for entry in _log(repo, prefix):
        for path in entry.blobs:
            if path in changes and len(changes[path]) < wanted[path]:
                changes[path].append(entry)
        if all(len(changes[p]) >= wanted[p] for p in changes):
            break
    cache = _Cache.read(cache_dir)
    deadline = time.monotonic() + budget
    parsed: dict[str, dict[str, Journey]] = {}
    missing: dict[str, None] = {}  # in order, without repeats
    for path, commits in changes.items():
        for index, commit in enumerate(commits[:limit]):
            blob = commit.blobs[path]
            older = commits[index + 1].blobs[path] if index + 1 < len(commits) else None
            if blob is not None and _means_key(blob, path) not in cache.means:
                missing[blob] = None
            created = index + 1 >= len(commits) and len(commits) <= limit  # no summary
            if not created and any(
                _facts_key_of(older, blob, i) not in cache.facts for i in files[path]
            ):
                missing.update((b, None) for b in (blob, older) if b is not None)
    contents = _read_within(repo, list(missing), deadline)
    for path, ids in files.items():
        commits = changes[path]
        for ident in ids:
            entries: list[HistoryEntry] = []
            for index, commit in enumerate(commits[:limit]):
                blob = commit.blobs[path]
                older = commits[index + 1].blobs[path] if index + 1 < len(commits) else None
                first = index + 1 >= len(commits) and len(commits) <= limit
                entries.append(
                    _entry(
                        commit, ident, path, blob, older, first, cache, contents, parsed, deadline
                    )
                )
            result.journeys[ident] = entries
            result.left_out += sum(not e.computed for e in entries)
    cache.write(cache_dir)
    return result


def _entry(
    commit: _Commit,
    ident: str,
    path: str,
    blob: str | None,
    older: str | None,
    first: bool,
    cache: _Cache,
    contents: dict[str, bytes],
    parsed: dict[str, dict[str, Journey]],
    deadline: float,
) -> HistoryEntry:
    # By content and path: a journey without `id:` takes its id from the file name, so
    # the same content under another name (renamed, or copied) holds another journey.
    def journeys(sha: str | None) -> dict[str, Journey] | None:
        if sha is None:
            return {}
        key = _means_key(sha, path)
        if key not in parsed:
            if sha not in contents or time.monotonic() > deadline:
                return None
            parsed[key] = dict(read_texts({path: contents[sha]}).catalogue.journeys)
        return parsed[key]

    def mean_of(sha: str | None) -> tuple[float | None, bool]:
        if sha is None:
            return None, True
        key = _means_key(sha, path)
        if key in cache.means:
            return cache.means[key].get(ident), True
        found = journeys(sha)
        if found is None:
            return None, False
        cache.means[key] = {i: mean(j.scores()) if j.scores() else None for i, j in found.items()}
        return cache.means[key].get(ident), True

    after, computed = mean_of(blob)
    facts: dict[str, int] | None = None
    key = _facts_key_of(older, blob, ident)
    if not first and computed:
        if key in cache.facts:
            facts = cache.facts[key]
        else:
            old, new = journeys(older), journeys(blob)
            if old is not None and new is not None and time.monotonic() < deadline:
                facts = cache.facts[key] = summary_facts(old.get(ident), new.get(ident))
            else:
                computed = False
    cache.used_means.add(_means_key(blob, path) if blob else "")
    cache.used_facts.add(key)
    return HistoryEntry(
        commit.commit, commit.date, commit.author, commit.subject, after, facts, computed
    )


def _means_key(blob: str, path: str) -> str:
    return f"{blob}:{path}"


def _facts_key_of(older: str | None, blob: str | None, ident: str) -> str:
    return f"{older or 'none'}:{blob or 'none'}:{ident}"


def summary_facts(old: Journey | None, new: Journey | None) -> dict[str, int]:
    """The counts of what a change did to one journey (only those above 0)."""
    if old is None or new is None:
        return {}
    diff = compare_journeys(old, new, today=_FAR_PAST)
    counts = {
        "steps_added": sum(p.part == "step" and p.change == "added" for p in diff.parts),
        "steps_removed": sum(p.part == "step" and p.change == "removed" for p in diff.parts),
        "steps_renamed": sum(p.part == "step" and p.change == "renamed" for p in diff.parts),
        "steps_moved": sum(p.part == "step" and p.change == "moved" for p in diff.parts),
        "emotions_changed": sum(e.delta not in (None, 0) for e in diff.emotions),
        "pains_resolved": len(diff.pains_resolved),
        "pains_added": len(diff.pains_added),
        "moments_gained": len(diff.moments_gained),
        "moments_lost": len(diff.moments_lost),
        "actions_added": sum(o.change == "added" for o in diff.opportunities),
        "actions_closed": sum(o.change == "closed" for o in diff.opportunities),
        "actions_changed": sum(o.change not in ("added", "closed") for o in diff.opportunities),
        "kpis_missed": sum(k.now_missed for k in diff.kpis),
        "kpis_changed": sum(not k.now_missed for k in diff.kpis),
        "other_changes": len(diff.details)
        + len(diff.touchpoints)
        + len(diff.owners)
        + len(diff.evidence)
        + sum(p.part == "phase" for p in diff.parts)
        + (diff.title_before is not None),
    }
    return {name: n for name, n in counts.items() if n}


_FAR_PAST = dt.date(1970, 1, 1)
"""The summary counts changes, never whether an action was overdue: any date will do."""


# --------------------------------------------------------------------------- git


def _log(repo: Repo, prefix: str) -> Iterator[_Commit]:
    """The commits that changed a definition file below `prefix`, newest first, read
    as git writes them (the caller stops when it has enough)."""
    args = [
        repo.git,
        "-c",
        "core.quotepath=off",
        "log",
        f"-n{MAX_COMMITS}",
        "--no-renames",
        "--no-abbrev",
        "--raw",
        "-z",
        "--format=%x1e%H%x00%as%x00%an%x00%s",
        "HEAD",
    ]
    if prefix:
        args += ["--", prefix]
    try:
        process = subprocess.Popen(
            args,
            cwd=repo.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=git_env(),
        )
    except OSError as error:
        raise GitProblem(f"git could not be run: {error.strerror or error}") from None
    assert process.stdout is not None
    started = time.monotonic()
    buffer = b""
    try:
        while True:
            chunk = os.read(process.stdout.fileno(), 1 << 16)  # what is there, not 64 kB
            buffer += chunk
            *records, buffer = buffer.split(b"\x1e")
            for record in records:
                commit = _parse(record, prefix)
                if commit is not None:
                    yield commit
            if not chunk or time.monotonic() - started > TIMEOUT_SECONDS:
                break
        commit = _parse(buffer, prefix)
        if commit is not None:
            yield commit
    finally:
        process.kill()
        process.stdout.close()
        process.wait()


def _parse(record: bytes, prefix: str) -> _Commit | None:
    fields = record.split(b"\0")
    if len(fields) < 4:
        return None
    commit, date, author, subject = (f.decode("utf-8", "replace") for f in fields[:4])
    blobs: dict[str, str | None] = {}
    rest = fields[4:]
    for index, item in enumerate(rest):  # ":100644 100644 <old> <new> M", then the path
        meta = item.lstrip(b"\n")
        if not meta.startswith(b":") or index + 1 >= len(rest):
            continue
        parts = meta.split()
        path = safe_path(rest[index + 1].decode("utf-8", "surrogateescape"))
        if len(parts) < 5 or path is None or not is_definition(path, prefix):
            continue
        new = parts[3].decode("ascii", "replace")
        blobs[path] = None if set(new) == {"0"} else new if _HEX.fullmatch(new) else None
    return _Commit(commit.strip(), date, author.strip(), subject.strip(), blobs)


def _read_within(repo: Repo, shas: list[str], deadline: float) -> dict[str, bytes]:
    """The content of the blobs, in batches, until the deadline."""
    out: dict[str, bytes] = {}
    for start in range(0, len(shas), 200):
        if time.monotonic() > deadline:
            break
        out.update(repo.read_blobs(shas[start : start + 200]))
    return out


# --------------------------------------------------------------------------- cache


@dataclass
class _Cache:
    means: dict[str, dict[str, float | None]] = field(default_factory=dict)
    """`blob:path` -> journey id -> mean emotion (None: no score)."""
    facts: dict[str, dict[str, int]] = field(default_factory=dict)
    """`old blob:new blob:journey id` -> the summary's counts."""
    used_means: set[str] = field(default_factory=set)
    used_facts: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, folder: Path | None) -> _Cache:
        """The cache as written by this module; each entry checked, the rest ignored."""
        cache = cls()
        if folder is None:
            return cache
        key = secret()
        try:
            path = folder / CACHE_FILE
            if key is None or path.stat().st_size > MAX_CACHE_BYTES:
                return cache
            # Its means and counts are printed on the pages: only what this machine
            # wrote is believed (a cache restored from another job is not).
            text = verified_text(path.read_text(encoding="utf-8"), key)
            data = json.loads(text) if text is not None else None
        except (OSError, ValueError):
            return cache
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return cache
        means, facts = data.get("means"), data.get("facts")
        if isinstance(means, dict):
            for blob, per_journey in means.items():
                sha, colon, name = str(blob).partition(":")
                if (
                    _HEX.fullmatch(sha) and colon and name and "\0" not in name
                    and isinstance(per_journey, dict)
                    and all(_ID.fullmatch(str(i)) and _score(v) for i, v in per_journey.items())
                ):
                    cache.means[blob] = per_journey
        if isinstance(facts, dict):
            for key, counts in facts.items():
                if (
                    _facts_key(str(key))
                    and isinstance(counts, dict)
                    and all(
                        name in FACTS and type(n) is int and 0 < n < 1_000_000
                        for name, n in counts.items()
                    )
                ):
                    cache.facts[key] = counts
        return cache

    def write(self, folder: Path | None) -> None:
        """Keep what this build used; a cache that cannot be written only costs time."""
        key = secret()
        if folder is None or key is None:
            return
        data = {
            "version": CACHE_VERSION,
            "means": {b: m for b, m in sorted(self.means.items()) if b in self.used_means},
            "facts": {k: f for k, f in sorted(self.facts.items()) if k in self.used_facts},
        }
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(folder / CACHE_FILE,
                         signed_text(json.dumps(data, sort_keys=True) + "\n", key))
        except OSError:
            pass


def _score(value: object) -> bool:
    return value is None or (type(value) is float and math.isfinite(value)) or type(value) is int


def _facts_key(key: str) -> bool:
    parts = key.split(":")
    return (
        len(parts) == 3
        and all(p == "none" or _HEX.fullmatch(p) for p in parts[:2])
        and _ID.fullmatch(parts[2]) is not None
    )


# --------------------------------------------------------------------------- for a site

BUDGET_SECONDS = 5.0
"""What a build may spend reading old versions of journey files; the rest comes from the
cache, or is read by the next build."""


def site_history(
    catalogue: Catalogue,
    base: Path,
    limit: int,
    cache_dir: Path | None,
    config_path: str,
    place: tuple[int, int],
    budget: float = BUDGET_SECONDS,
) -> tuple[HistoryResult, list[Diagnostic]]:
    """The history of every journey of a site whose project folder is `base` (paths in
    the catalogue are relative to it); why there is none, or only part, as notes at
    `place` (the `history` option) in `config_path`."""
    try:
        repo = Repo.find(base, hint=" (or git is not installed)", name="the project folder")
        files: dict[str, list[str]] = {}
        for (kind, ident), source in sorted(catalogue.sources.items()):
            if kind == "journey":
                files.setdefault(repo.relative(base / source.path), []).append(ident)
        folders = {path.rpartition("/")[0] for path in files}
        prefix = os.path.commonpath(sorted(folders)) if folders and "" not in folders else ""
        result = journey_histories(repo, files, prefix, limit, cache_dir, budget)
    except GitProblem as problem:
        return HistoryResult(), [
            make(
                "CJM120",
                config_path,
                *place,
                f"journey pages show no history: {problem}. The history is read from git: "
                "build from a git clone of the handbook, or set `history: false`",
            )
        ]
    notes = []
    if result.shallow:
        notes.append(
            make(
                "CJM121",
                config_path,
                *place,
                "this clone has only the latest commits, so journey pages show only part of "
                "their history; fetch the whole history (GitHub Actions: actions/checkout with "
                "`fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`)",
            )
        )
    return result, notes
