"""Diagnostics: one shape for every problem the plugin reports.

A diagnostic always names a file, a line and a column (1-based) so that an
editor, a terminal and a GitHub annotation can all jump to it. The codes are
stable: documentation and CI filters refer to them.
"""

from __future__ import annotations

import difflib
import enum
import json
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass


class Severity(str, enum.Enum):  # noqa: UP042 -- StrEnum would change how it prints
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "note": 2}[self.value]


@dataclass(frozen=True)
class CodeInfo:
    code: str
    severity: Severity
    title: str
    example: str
    """A minimal YAML snippet (or situation) that triggers the diagnostic."""
    drops: bool = False
    """The problem drops a document, part of one or the rest of a file before validation:
    what the file names is not known, so nothing can be called unused because of it."""
    hides_ids: bool = False
    """After it, the ids a document defines are unknown: a reference to an unknown id
    may point into that file (a note says so instead of "unknown id")."""


def _c(
    code: str, severity: str, title: str, example: str, *, drops: bool = False,
    hides_ids: bool | None = None,
) -> CodeInfo:
    hides = drops if hides_ids is None else hides_ids
    return CodeInfo(code, Severity(severity), title, example, drops, hides)


# The registry of codes. docs/reference/diagnostics.md has a section for each, with the
# same title and severity (tests/test_docs_reference.py), and a test checks that every
# code here is produced by at least one broken file.
CODES: dict[str, CodeInfo] = {
    c.code: c
    for c in [
        _c("CJM001", "error", "File is not valid UTF-8", "a file saved as Latin-1 with `Müller`",
           drops=True),
        _c("CJM002", "error", "YAML syntax error", "name: [Anna", drops=True),
        _c("CJM003", "error", "Document is not a mapping", "- just a list", drops=True),
        _c("CJM004", "error", "File too large or nested too deeply",
           "a file with aliases that expand without bound (billion laughs)", drops=True),
        _c("CJM005", "error", "Duplicate key", "name: Anna\nname: Anne", drops=True),
        _c("CJM006", "error", "Folder or file cannot be read",
           "a source folder that does not exist", drops=True),
        _c("CJM010", "error", "Missing `kind`", "id: anna\nname: Anna", drops=True),
        _c("CJM011", "error", "Unknown `kind`", "kind: persnoa", drops=True),
        _c("CJM012", "error", "Required field missing", "kind: persona\nrole: Einkauf"),
        _c("CJM013", "error", "Unknown key", "kind: persona\nname: Anna\nnmae: Anna"),
        _c("CJM014", "error", "Wrong type", "emotion: sehr gut"),
        _c("CJM015", "error", "Value not allowed", "state: soll"),
        _c("CJM016", "error", "Invalid id", "id: Anna_Berger", drops=True, hides_ids=False),
        _c("CJM017", "error", "Invalid date", "updated: 2026-02-30"),
        _c("CJM018", "error", "Several documents without `id`",
           "kind: persona\nname: A\n---\nkind: persona\nname: B", drops=True),
        _c("CJM019", "error", "Empty list where at least one entry is needed", "phases: []"),
        _c("CJM020", "error", "Duplicate id", "two personas with `id: anna` in different files",
           drops=True, hides_ids=False),
        _c("CJM021", "error", "Unknown reference", "persona: anan   # no persona `anan`"),
        _c("CJM022", "error", "Invalid comparison", "state: current\ncompares_to: kauf-ist"),
        _c("CJM023", "error", "Phase not in the site's phase model",
           "phases:\n  - name: Sonstiges   # phase_model has no `sonstiges`"),
        _c("CJM024", "error", "Duplicate phase or step id in a journey",
           "phases:\n  - name: Kauf\n  - name: Kauf"),
        _c("CJM025", "error", "Emotion outside the scale", "emotion: 7   # scale is 1..5"),
        _c("CJM026", "error", "Phase without steps or emotion", "phases:\n  - name: Kauf"),
        _c("CJM027", "error", "Photo path leaves the docs folder", "photo: ../../etc/passwd"),
        _c("CJM028", "error", "Journey without persona", "kind: journey\ntitle: Kauf"),
        _c("CJM029", "error", "Invalid site option", "emotion_scale: {min: 5, max: 1}"),
        _c("CJM030", "error", "Unknown journey in a page directive",
           "<!-- cjm:curve no-such-journey -->"),
        _c("CJM031", "error", "Generated page or file would overwrite a file of yours",
           "docs/journeys/index.md exists and the plugin generates it"),
        _c("CJM032", "error", "Graphviz is missing or failed", "`dot` is not installed"),
        _c("CJM033", "error", "Plugin entry in mkdocs.yml is malformed",
           "plugins:\n  - cjm:\n    source: journeys   # not indented below `cjm:`"),
        _c("CJM034", "warning", "Plugin option at the top level of mkdocs.yml",
           "plugins:\n  - cjm\nlanguage: de   # belongs below `cjm:`"),
        _c("CJM035", "warning", "Page directive not written right",
           "<!-- cjm:kurve kauf -->"),
        _c("CJM036", "warning", "File in the docs folder MkDocs cannot publish",
           "mkfifo docs/pipe"),
        _c("CJM040", "error", "Tab used for indentation", "\trole: Einkauf", drops=True),
        _c("CJM041", "error", "Line indented too little or too much",
           "name: Anna\n  role: Einkauf", drops=True),
        _c("CJM042", "error", "No space after a colon", "name:Anna", drops=True),
        _c("CJM043", "error", "Colon inside unquoted text", "title: Anruf: Hotline", drops=True),
        _c("CJM044", "error", "Text starts with a special character",
           "pains:\n  - **Planbare** Kosten", drops=True),
        _c("CJM045", "error", "Unclosed or misplaced quote", 'name: "Anna', drops=True),
        _c("CJM046", "error", "Unclosed bracket", "goals: [Ruhe, Planbarkeit", drops=True),
        _c("CJM047", "error", "List item without `- `",
           "steps:\n  - name: Sucht\n    channel: Web\n    name: Ruft an", drops=True),
        _c("CJM048", "error", "Value does not match its tag", "emotion: !!int drei", drops=True),
        _c("CJM049", "error", "Tag not supported", "name: !wichtig Anna", drops=True),
        _c("CJM050", "error", "Backslash in double-quoted text", 'role: "Einkauf\\Verwaltung"',
           drops=True),
        _c("CJM051", "error", "No space after a list item's `-`",
           "pains:\n  -Wartezeit", drops=True),
        _c("CJM052", "error", "List started on the line of its key", "pains: - Wartezeit",
           drops=True),
        _c("CJM053", "warning", "Text cut short by a `#`", "title: Kauf #1 Premium"),
        _c("CJM054", "error", "Key without a colon", "title: Kauf\npersona anna", drops=True),
        _c("CJM060", "error", "Id cannot name a page",
           "kind: journey\nid: index   # journeys/index.md lists all journeys"),
        _c("CJM061", "error", "Source folder contains the project",
           "plugins:\n  - cjm:\n      source: ..   # the folder above mkdocs.yml"),
        _c("CJM062", "note", "Symbolic link leads outside the source folder",
           "journeys/shared.yml -> /home/anna/elsewhere/shared.yml"),
        _c("CJM063", "error", "Text too long",
           "title: a whole paragraph of 250 characters, where a name belongs"),
        _c("CJM065", "error", "Source folder where the site is built",
           "plugins:\n  - cjm:\n      source: site   # MkDocs empties it before each build"),
        _c("CJM066", "warning", "Journey files published with the docs folder",
           "plugins:\n  - cjm:\n      source: docs/journeys"),
        _c("CJM070", "error", "Cache folder is not the plugin's own",
           "cache_dir: docs/maps   # inside the docs folder"),
        _c("CJM071", "note", "Stakeholder map too large to draw in full",
           "200 relations between the stakeholders of one map"),
        _c("CJM120", "note", "Page history not available",
           "history: true   # but the project is not in a git repository"),
        _c("CJM121", "note", "Page history is incomplete",
           "history: true   # in a CI job that fetched only the last commit"),
        _c("CJM101", "note", "Persona used by no journey", "a persona no journey names"),
        _c("CJM102", "note", "Step with neither touchpoint nor channel",
           "steps:\n  - name: Denkt nach"),
        _c("CJM103", "note", "Journey is stale", "updated: 2020-01-01"),
        _c("CJM104", "warning", "Photo file not found", "photo: img/anna.jpg   # file missing"),
        _c("CJM105", "note", "Stakeholder appears in no journey",
           "a stakeholder nobody names"),
        _c("CJM106", "note", "Opportunity overdue", "due: 2020-01-01\nstatus: planned"),
        _c("CJM107", "warning", "Phases out of the phase model's order",
           "phases:\n  - id: kauf\n  - id: planung   # phase_model: planung before kauf"),
        _c("CJM108", "note", "References not checked",
           "a file with a YAML error, and a journey naming a persona defined nowhere else"),
        _c("CJM109", "warning", "Several entries written as one text",
           "tags: B2B, Kauf   # one tag 'B2B, Kauf'"),
        _c("CJM110", "note", "Channel not in the channel list",
           "channel: Brieftaube   # neither online nor offline as far as the site knows"),
        _c("CJM130", "note", "Touchpoint written in several ways",
           "touchpoint: Hotline-Vertrieb   # elsewhere: Hotline Vertrieb"),
        _c("CJM140", "error", "Not a Mermaid journey diagram",
           "flowchart LR   # cjm import mermaid reads `journey` diagrams"),
        _c("CJM141", "error", "Mermaid journey line not understood",
           "Make tea: 7: Me   # scores are 1 to 5"),
        _c("CJM142", "error", "Output folder holds files cjm did not write",
           "cjm generate --out docs   # docs/index.md is yours"),
        _c("CJM143", "error", "A file cjm wrote was changed since",
           "docs/handbook/journeys/kauf.md edited by hand"),
        _c("CJM144", "error", "Not a cjm export", "cjm import json notes.json"),
    ]
}


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """One line for a terminal or a log: control characters and direction marks from
        file names or values are shown as escapes, so they can neither break the line nor
        reorder what a reader sees."""
        where = f"{printable(self.path)}:{self.line}:{self.col}"
        return f"{where}: {self.severity.value}[{self.code}]: {printable(self.message)}"

    def github(self) -> str:
        level = {"error": "error", "warning": "warning", "note": "notice"}[self.severity.value]
        # Workflow commands end at a newline and treat % specially; the message, like
        # the terminal's, shows control characters from the files as escapes.
        msg = printable(self.message).replace("%", "%25")
        path = (
            self.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            .replace(",", "%2C").replace(":", "%3A")
        )
        return (
            f"::{level} file={path},line={self.line},col={self.col},"
            f"title={self.code}::{msg}"
        )

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.col, self.code, self.message)


# C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional controls
# that can make a line read differently from what it holds ("Trojan Source").
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def printable(text: str) -> str:
    """`text` with every unprintable character as a visible escape (`\\r`, `\\u202e`)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


# What JSON leaves as it is of `_UNPRINTABLE` (its line breaks are the document's own).
_UNPRINTABLE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable_json(text: str) -> str:
    """JSON (written with `ensure_ascii=False`) whose strings hold the characters that
    `printable` escapes as `\\u` escapes: the same data for a tool, but nothing in it
    that a terminal obeys or that reorders a line (JSON escapes only C0 controls)."""
    return _UNPRINTABLE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# Numbers in messages are cut after this many digits: a 4,000-digit number would bury
# the line it is in.
_SHOWN_DIGITS = 20


def number_text(value: float, written: str | None = None) -> str:
    """A number as a message shows it: as the author `written` it where known, else
    whole numbers without ``.0`` (an emotion of ``7`` reads as 7, not 7.0); cut after
    20 digits, and saying so when it is too large for a number the plugin can use."""
    text = written
    if text is None:
        try:
            whole = isinstance(value, float) and value.is_integer() and abs(value) < 1e16
            text = str(int(value)) if whole else str(value)
        except ValueError:  # an int with more digits than Python prints
            return "with more than 4,300 digits, which is too large"
    if len(text) > _SHOWN_DIGITS + 4:
        digits = sum(c.isdigit() for c in text)
        text = f"{text[:_SHOWN_DIGITS]}… ({digits:,} digits)"
    if isinstance(value, int):
        too_large = abs(value) > sys.float_info.max
    else:
        too_large = math.isinf(value) and "inf" not in text.lower()
    return f"{text}, which is too large" if too_large else text


def make(
    code: str, path: str, line: int, col: int, message: str, severity: Severity | None = None
) -> Diagnostic:
    return Diagnostic(path, line, col, code, message, severity or CODES[code].severity)


def sort_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    # Deduplicated: an alias used twice must not print the same problem twice.
    return sorted(set(diags), key=Diagnostic.sort_key)


def has_errors(diags: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diags)


def failing(diags: Iterable[Diagnostic], *, strict: bool) -> list[Diagnostic]:
    """What fails a run: errors, and with `strict` warnings too; notes never do.
    `cjm check --strict` and `mkdocs build --strict` both ask this."""
    return [
        d for d in diags
        if d.severity is Severity.ERROR or (strict and d.severity is Severity.WARNING)
    ]


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice `word` is most likely a misspelling of, if one is close."""
    pool = sorted(set(choices))
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` suffix, or an empty string when nothing is close."""
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def counted(number: int, noun: str) -> str:
    """``1 journey``, ``2 journeys``: a count in the English of the terminal's messages."""
    return f"{number} {noun}{'s' * (number != 1)}"


def summary_line(diags: Sequence[Diagnostic]) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diags)
    warnings = sum(d.severity is Severity.WARNING for d in diags)
    notes = len(diags) - errors - warnings
    parts = [counted(errors, "error"), counted(warnings, "warning")]
    if notes:
        parts.append(counted(notes, "note"))
    return ", ".join(parts)


def to_json(diags: Sequence[Diagnostic]) -> str:
    return printable_json(json.dumps(
        {"version": 1, "diagnostics": [d.as_json() for d in diags]},
        ensure_ascii=False,
        indent=2,
    ))


UNLOADING = frozenset(c for c, info in CODES.items() if info.drops)
HIDING_IDS = frozenset(c for c, info in CODES.items() if info.hides_ids)
