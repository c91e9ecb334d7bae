"""JSON read as strictly as journey files are, in bounded work, with a position for
every problem: what `cjm import json` reads.

Python's `json` reads fast, in C, but takes what the YAML reader refuses: a key written
twice (the last one wins silently), `NaN` and `Infinity`, numbers of any length (and it
fails with a traceback past 4,300 digits), escapes of half a character (`\\ud800`);
and it recurses once per level of nesting. Here `json` reads each entry of the
document, and its hooks refuse all of that; where they do, and for the outer levels
(the document and its lists), a reader of our own takes over, without recursion, and
says where each problem stands. The same reader finds the positions inside an entry
when a message asks for one (`JsonRead.inside`): most entries are never asked.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, make
from mkdocs_cjm_plugin.core.yaml_source import Located, PathKey, Pos

MAX_NUMBER_CHARS = 100
"""The longest number: a float needs 24 characters at most (`-1.7976931348623157e+308`);
longer is a code or garbage, and Python refuses whole numbers past 4,300 digits."""
MAX_PROBLEMS = 100
"""Problems named before reading stops: a file with more says enough with these."""
OUTER = 2
"""Levels our own reader reads: the document and its lists. `json` reads their entries."""
_ALL = 1 << 62
"""No limit: for reading an entry again, for its positions."""

_START = Pos(1, 1)
_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_PLAIN = re.compile(r'[^"\\\x00-\x1f]*')
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
            "t": "\t"}
_WORDS = (("true", True), ("false", False), ("null", None))
_NOT_NUMBERS = ("NaN", "Infinity", "-Infinity")

# What `json` and our reader say about a syntax error, in words for people who edit JSON
# by hand or wrote the program that made it.
SYNTAX = {
    "Expecting value": "a value is missing here (text in double quotes, a number, true, "
                       "false, null, a list [...] or an object {...})",
    "Expecting property name enclosed in double quotes":
        "a key in double quotes belongs here (JSON allows no comma after the last entry)",
    "Expecting ':' delimiter": "a `:` belongs between the key and its value",
    "Expecting ',' delimiter": "a `,` belongs between two entries (or a closing bracket "
                               "is missing)",
    "Unterminated string starting at": "the text that starts here has no closing `\"`",
    "Invalid control character at": "a line break or tab inside text must be written "
                                     "`\\n` or `\\t`",
    "Invalid \\escape": "a backslash starts an escape such as `\\n` or `\\\"`; write `\\\\` "
                        "for a backslash",
    "Invalid \\uXXXX escape": "`\\u` must be followed by four hexadecimal digits",
    "Extra data": "the document ends before this; remove what follows it",
}


ENDS_EARLY = "the document ends early: a value or a closing `]` or `}` is missing"


def syntax_message(msg: str) -> str:
    return SYNTAX.get(msg, msg)


class _Refused(Exception):
    """Raised by a hook of `json`: our own reader reads the entry again and says why."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Refused
    return out


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused
    value = float(text)
    if not math.isfinite(value):
        raise _Refused
    return value


def _constant(text: str) -> Any:
    raise _Refused


_DECODER = json.JSONDecoder(object_pairs_hook=_object, parse_int=_int, parse_float=_float,
                            parse_constant=_constant)


def _deeper(value: Any, limit: int) -> bool:
    """Whether anything inside `value` stands more than `limit` levels below it."""
    level = [value]
    for _ in range(limit):
        level = [child for v in level if isinstance(v, (dict, list))
                 for child in (v.values() if isinstance(v, dict) else v)]
        if not level:
            return False
    return any(isinstance(v, (dict, list)) and v for v in level)


def _skip(text: str, i: int) -> int:
    """Where the white space at `i` ends."""
    found = _WS.match(text, i)
    return found.end() if found else i


class _Lines:
    """Line and column of offsets into the text, asked for mostly in increasing order."""

    def __init__(self, text: str, offset: int = 0, at: Pos = _START) -> None:
        self.text = text
        self.offset = offset
        self.line = at.line
        self.start = offset - (at.col - 1)
        """Where the line of `offset` starts."""

    def pos(self, offset: int) -> Pos:
        if offset < self.offset:  # an unclosed text, named where it starts
            self.offset, self.line, self.start = 0, 1, 0
        breaks = self.text.count("\n", self.offset, offset)
        if breaks:
            self.line += breaks
            self.start = self.text.rfind("\n", self.offset, offset) + 1
        self.offset = offset
        return Pos(self.line, offset - self.start + 1)


class _Syntax(Exception):
    def __init__(self, offset: int, msg: str) -> None:
        super().__init__(msg)
        self.offset = offset
        self.msg = msg


class _Stop(Exception):
    """Enough problems found: reading ends."""


@dataclass
class _Frame:
    """An object or list being read."""

    path: PathKey
    value: dict[str, Any] | list[Any] | None
    """None inside what nests too deep: read for its end, and dropped."""
    closer: str
    pure: bool
    """Whether what it holds is read by our reader (`json` refused some of it)."""
    key: str | None = None
    """The key of the value being read; None for a key written twice (dropped)."""
    count: int = 0
    seen: dict[str, Pos] = field(default_factory=dict)


class _Reader:
    def __init__(self, text: str, shown: str, lines: _Lines, *, outer: int, max_depth: int,
                 record: int) -> None:
        self.text = text
        self.shown = shown
        self.lines = lines
        self.outer = outer
        """Objects and lists at paths shorter than this are read here, the rest by `json`."""
        self.max_depth = max_depth
        """The longest path of a value."""
        self.record = record
        """Positions are kept for paths up to this long."""
        self.keys: dict[PathKey, Pos] = {}
        self.values: dict[PathKey, Pos] = {}
        self.offsets: dict[PathKey, int] = {}
        self.problems: list[Diagnostic] = []

    def problem(self, at: Pos | int, code: str, message: str) -> None:
        p = self.lines.pos(at) if isinstance(at, int) else at
        self.problems.append(make(code, self.shown, p.line, p.col, message))
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(make(
                "CJM144", self.shown, p.line, p.col,
                f"reading stopped here after {MAX_PROBLEMS} problems; fix them and import "
                "again to see the rest"))
            raise _Stop

    def read(self, i: int, path: PathKey = (), pure: bool = False) -> tuple[Any, int]:
        """The value that starts at `i` (white space before it is skipped) and where it
        ends. Problems are kept in `problems`; a syntax error raises `_Syntax`."""
        text = self.text
        stack: list[_Frame] = []
        lost_at = -1  # the index in `stack` of the object or list that nests too deep
        while True:
            i = _skip(text, i)
            if lost_at < 0 and len(path) <= self.record:
                self.values[path] = self.lines.pos(i)
                self.offsets[path] = i
            if lost_at < 0 and len(path) > self.max_depth:
                self.problem(i, "CJM004", _too_deep(self.max_depth))
                lost_at = len(stack) - 1  # the rest of the enclosing one is dropped
                stack[-1].value = None
            got = None
            if not pure and lost_at < 0 and len(path) >= self.outer:
                got = self._fast(i, len(path))
            if got is not None:
                value, i = got
            elif text.startswith("{", i) or text.startswith("[", i):
                obj = text[i] == "{"
                frame = _Frame(path, None if lost_at >= 0 else ({} if obj else []),
                               "}" if obj else "]", pure=pure or len(path) >= self.outer)
                stack.append(frame)
                i = _skip(text, i + 1)
                if not text.startswith(frame.closer, i):
                    path, i = self._next(frame, i, lost_at >= 0)
                    pure = frame.pure
                    continue
                i += 1
                stack.pop()
                value = frame.value
            else:
                value, i = self._scalar(i, quiet=lost_at >= 0)
            # The value is read: add it to its object or list, and close those that end.
            while True:
                if not stack:
                    return value, i
                frame = stack[-1]
                if isinstance(frame.value, dict):
                    if frame.key is not None:
                        frame.value[frame.key] = value
                elif frame.value is not None:
                    frame.value.append(value)
                i = _skip(text, i)
                if text.startswith(",", i):
                    path, i = self._next(frame, _skip(text, i + 1), lost_at >= 0)
                    pure = frame.pure
                    break
                if not text.startswith(frame.closer, i):
                    raise _Syntax(i, "Expecting ',' delimiter")
                i += 1
                stack.pop()
                if len(stack) == lost_at:
                    lost_at = -1
                value = frame.value

    def _next(self, frame: _Frame, i: int, lost: bool) -> tuple[PathKey, int]:
        """The path of the next value of `frame`, which starts at `i` (after its key)."""
        if frame.closer == "]":
            frame.count += 1
            # Inside what nests too deep no path is kept: paths as long as the nesting
            # (100,000 levels) would take memory that grows with its square.
            return frame.path if lost else (*frame.path, frame.count - 1), i
        text = self.text
        if not text.startswith('"', i):
            raise _Syntax(i, "Expecting property name enclosed in double quotes")
        at = self.lines.pos(i)
        key, i = self._string(i, quiet=lost)
        i = _skip(text, i)
        if not text.startswith(":", i):
            raise _Syntax(i, "Expecting ':' delimiter")
        if lost:
            return frame.path, i + 1
        path = (*frame.path, key)
        first = frame.seen.setdefault(key, at)
        if first is not at:
            frame.key = None
            self.problem(at, "CJM005",
                         f"key '{key}' appears twice in this object (first at line "
                         f"{first.line}, column {first.col}); the second one would win "
                         "silently, so remove or rename one of them")
        else:
            frame.key = key
            if len(path) <= self.record:
                self.keys[path] = at
        return path, i + 1

    def _fast(self, i: int, depth: int) -> tuple[Any, int] | None:
        """The value at `i` as `json` reads it, or None where it refuses some of it."""
        try:
            value, end = _DECODER.raw_decode(self.text, i)
        except (_Refused, RecursionError, json.JSONDecodeError):
            return None
        if _SURROGATE_ESCAPE.search(self.text, i, end):
            return None  # json keeps half characters: read again, to know if they are
        if _deeper(value, self.max_depth - depth):
            return None
        return value, end

    def _scalar(self, i: int, quiet: bool) -> tuple[Any, int]:
        text = self.text
        if text.startswith('"', i):
            return self._string(i, quiet)
        number = _NUMBER.match(text, i)
        if number:
            return self._number(i, number.group(), quiet), number.end()
        for word, value in _WORDS:
            if text.startswith(word, i):
                return value, i + len(word)
        for word in _NOT_NUMBERS:
            if text.startswith(word, i):
                if not quiet:
                    self.problem(i, "CJM144", f"`{word}` is no number in JSON (some programs "
                                 "write it for a number they could not compute); write a "
                                 "number, or null for none")
                return None, i + len(word)
        raise _Syntax(i, "Expecting value")

    def _number(self, i: int, written: str, quiet: bool) -> Any:
        whole = written.lstrip("-").isdigit()
        if len(written) > MAX_NUMBER_CHARS:
            if not quiet:
                noun = "digits" if whole else "characters"
                self.problem(i, "CJM144", f"this number has {len(written):,} {noun}; a journey "
                             f"has no number that long: write it with at most "
                             f"{MAX_NUMBER_CHARS} characters, or in quotes as text if it is "
                             "a code")
            return None
        if whole:
            return int(written)
        value = float(written)
        if not math.isfinite(value):
            if not quiet:
                self.problem(i, "CJM144", f"the number {written} is too large; numbers go up "
                             "to about 1.8e308: write a smaller one, or in quotes as text if "
                             "it is a code")
            return None
        return value

    def _string(self, i: int, quiet: bool) -> tuple[str, int]:
        text = self.text
        parts: list[str] = []
        j = i + 1
        while True:
            plain = _PLAIN.match(text, j)
            if plain and plain.end() > j:
                parts.append(plain.group())
                j = plain.end()
            ch = text[j:j + 1]
            if ch == '"':
                return "".join(parts), j + 1
            if not ch:
                raise _Syntax(i, "Unterminated string starting at")
            if ch != "\\":
                raise _Syntax(j, "Invalid control character at")
            escape = text[j + 1:j + 2]
            if escape in _ESCAPES:
                parts.append(_ESCAPES[escape])
                j += 2
                continue
            if escape != "u":
                raise _Syntax(j, "Invalid \\escape")
            if not _HEX4.fullmatch(text, j + 2, j + 6):
                raise _Syntax(j, "Invalid \\uXXXX escape")
            code = int(text[j + 2:j + 6], 16)
            if 0xD800 <= code <= 0xDBFF and text.startswith("\\u", j + 6) and _HEX4.fullmatch(
                    text, j + 8, j + 12) and 0xDC00 <= int(text[j + 8:j + 12], 16) <= 0xDFFF:
                low = int(text[j + 8:j + 12], 16)
                parts.append(chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)))
                j += 12
            elif 0xD800 <= code <= 0xDFFF:
                if not quiet:
                    self.problem(j, "CJM144", f"`{text[j:j + 6]}` is half of a character (a "
                                 "UTF-16 surrogate) without its other half; write the "
                                 "character itself, or both halves (`\\ud83d\\ude00` is 😀)")
                parts.append("\ufffd")
                j += 6
            else:
                parts.append(chr(code))
                j += 6


def _too_deep(max_depth: int) -> str:
    return (f"this is nested more than {max_depth - OUTER} levels deep inside its entry, "
            "deeper than a journey file may be; flatten it (a cjm export never nests that "
            "deep)")


@dataclass
class JsonRead:
    data: Any
    """None when the text is not JSON."""
    where: Located
    """The positions of the document's keys and values down to its entries (`OUTER`
    levels)."""
    problems: list[Diagnostic]
    """Every problem found (up to `MAX_PROBLEMS`): the data is not to be used if any."""
    text: str
    shown: str
    offsets: dict[PathKey, int]

    def inside(self, path: PathKey) -> Located:
        """The positions of everything inside the value at `path` (an entry), relative
        to it; found when a message first asks for one."""
        return _Inside(self, path)


class _Inside(Located):
    __slots__ = ("_path", "_read")

    def __init__(self, read: JsonRead, path: PathKey) -> None:
        super().__init__()
        self._keys = self._values = None
        self._read = read
        self._path = path

    def _read_again(self) -> None:
        read, path = self._read, self._path
        offset = read.offsets.get(path, 0)
        lines = _Lines(read.text, offset, read.where.values.get(path, Pos(1, 1)))
        reader = _Reader(read.text, read.shown, lines, outer=_ALL, max_depth=_ALL, record=_ALL)
        with contextlib.suppress(_Syntax, _Stop):  # text that was read without problems
            reader.read(offset)
        self._keys, self._values = reader.keys, reader.values


def read_json(text: str, shown: str, *, max_depth: int) -> JsonRead:
    """The JSON document `text` (shown as `shown` in messages), with values nested at
    most `max_depth` levels deep (the document itself is level 0)."""
    reader = _Reader(text, shown, _Lines(text), outer=OUTER, max_depth=max_depth,
                     record=OUTER)
    data: Any = None
    try:
        data, end = reader.read(0)
        end = _skip(text, end)
        if end < len(text):
            raise _Syntax(end, "Extra data")
    except _Syntax as exc:
        data = None
        p = reader.lines.pos(exc.offset)
        words = ENDS_EARLY if exc.offset >= len(text) else syntax_message(exc.msg)
        reader.problems.append(make(
            "CJM144", shown, p.line, p.col,
            f"this is not valid JSON: {words}; a cjm export is one JSON object as `cjm "
            "export --format json` writes it"))
    except _Stop:
        data = None
    return JsonRead(data, Located(reader.keys, reader.values), reader.problems, text, shown,
                    reader.offsets)
