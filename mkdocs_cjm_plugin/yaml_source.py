"""Safe, bounded YAML reading that remembers where every key and value stands.

PyYAML's composer gives nodes with line/column marks; we turn nodes into plain
Python data ourselves so that we can (a) record a position for every path,
(b) report duplicate keys, which PyYAML silently drops, and (c) count every
node as aliases expand, which stops "billion laughs" files early instead of
letting them eat memory.

Numbers follow YAML 1.2, not PyYAML's YAML 1.1: `8:30` and `1_000` are text, `010`
is ten, not eight. A number also remembers how it was written (`WrittenInt`,
`WrittenFloat`), so that a postcode `01067` or a price `3.500` that lands in a text
field reads exactly as in the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, make

try:  # The C loader is many times faster; fall back where libyaml is absent.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 4 * 1024 * 1024
"""Larger files are refused: a journey map is a few kilobytes."""
MAX_NODES = 50_000
"""Nodes one file may expand to, counting every alias use again."""
MAX_DEPTH = 64
"""Nesting deeper than this is certainly not a journey map."""
_PRECHECK_INDICATORS = 1000
"""Files with more collection indicators than this get their nesting measured before
composing: libyaml's composer recurses in C (a few thousand levels overflow a thread's
stack and crash the process) and its scanner is quadratic in flow nesting."""

PathKey = tuple[str | int, ...]


class Pos(NamedTuple):
    # A tuple of two ints, not a dataclass: there is one per key and value of every file,
    # and the garbage collector stops tracking tuples of plain ints.
    line: int  # 1-based
    col: int  # 1-based


@dataclass
class Located:
    """Where each path of a document stands: the key (for mappings) and the value."""

    keys: dict[PathKey, Pos] = field(default_factory=dict)
    values: dict[PathKey, Pos] = field(default_factory=dict)

    def key(self, path: PathKey) -> Pos:
        """Position of the key at `path`, falling back to the nearest enclosing node."""
        for i in range(len(path), -1, -1):
            p = path[:i]
            if p in self.keys:
                return self.keys[p]
            if p in self.values:
                return self.values[p]
        return Pos(1, 1)

    def value(self, path: PathKey) -> Pos:
        """Position of the value at `path`, falling back to its key or its parent."""
        for i in range(len(path), -1, -1):
            p = path[:i]
            if p in self.values:
                return self.values[p]
            if p in self.keys:
                return self.keys[p]
        return Pos(1, 1)


@dataclass
class Document:
    path: str
    index: int  # 0-based document number in its file
    data: Any
    where: Located
    start: Pos


class _TooBig(Exception):
    def __init__(self, pos: Pos, what: str) -> None:
        super().__init__(what)
        self.pos = pos
        self.what = what


class WrittenInt(int):
    """A whole number read from YAML that remembers its text: `str()` gives `01067`."""

    text: str

    def __new__(cls, value: int, text: str) -> WrittenInt:
        self = super().__new__(cls, value)
        self.text = text
        return self

    def __str__(self) -> str:
        return self.text

    def __getnewargs__(self) -> tuple[int, str]:  # type: ignore[override]
        return int(self), self.text


class WrittenFloat(float):
    """A number with a fraction read from YAML that remembers its text: `3.500`."""

    text: str

    def __new__(cls, value: float, text: str) -> WrittenFloat:
        self = super().__new__(cls, value)
        self.text = text
        return self

    def __str__(self) -> str:
        return self.text

    def __getnewargs__(self) -> tuple[float, str]:  # type: ignore[override]
        return float(self), self.text


def as_written(value: Any) -> Any:
    """Numbers read from YAML replaced by their text, in lists and maps too."""
    if isinstance(value, (WrittenInt, WrittenFloat)):
        return value.text
    if isinstance(value, list):
        return [as_written(v) for v in value]
    if isinstance(value, dict):
        return {k: as_written(v) for k, v in value.items()}
    return value


# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_INT_12 = re.compile(r"[-+]?[0-9]+")
_OCT_12 = re.compile(r"0o[0-7]+")
_HEX_12 = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT_12 = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF_12 = re.compile(r"([-+]?)\.(?:inf|Inf|INF)")
_NAN_12 = re.compile(r"\.(?:nan|NaN|NAN)")


def number_12(text: str) -> WrittenInt | WrittenFloat | None:
    """The number `text` stands for under YAML 1.2's core schema, or None for text.

    PyYAML resolves YAML 1.1, where `8:30` is 510 (base 60), `01067` is 567 (octal)
    and `1_000` is 1000; in YAML 1.2 the first and last are text and the second is
    1067. Either way the number keeps `text`, for text fields.
    """
    if _INT_12.fullmatch(text):
        try:
            return WrittenInt(int(text), text)
        except ValueError:  # more digits than Python converts: too large anyway
            return WrittenFloat(float(text), text)
    if _OCT_12.fullmatch(text):
        return WrittenInt(int(text[2:], 8), text)
    if _HEX_12.fullmatch(text):
        return WrittenInt(int(text[2:], 16), text)
    if _FLOAT_12.fullmatch(text):
        return WrittenFloat(float(text), text)  # overflow gives inf, reported as too large
    inf = _INF_12.fullmatch(text)
    if inf:
        return WrittenFloat(float(f"{inf.group(1)}inf"), text)
    if _NAN_12.fullmatch(text):
        return WrittenFloat(float("nan"), text)
    return None


def _pos(node: Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


_MERGE = "tag:yaml.org,2002:merge"
_STR = "tag:yaml.org,2002:str"
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


class _Builder:
    """Turns one composed document into data, bounded in size and depth."""

    def __init__(self, path: str, diags: list[Diagnostic]) -> None:
        self.path = path
        self.diags = diags
        self.count = 0
        self.where = Located()
        self._scalars = SafeConstructor()

    def build(self, node: Node, at: PathKey, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(
                _pos(node),
                f"it expands to more than {MAX_NODES:,} values (every use of an alias counts); "
                "look for aliases (*name) that repeat each other",
            )
        if depth > MAX_DEPTH:
            raise _TooBig(
                _pos(node), f"it is nested more than {MAX_DEPTH} levels deep; check the indentation"
            )
        self.where.values.setdefault(at, _pos(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            return [self.build(child, (*at, i), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, at, depth)
        raise _TooBig(_pos(node), "an unsupported YAML node")  # pragma: no cover

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag == _STR:  # most values: what construct_object would return, but faster
            return node.value
        if node.tag == "tag:yaml.org,2002:timestamp":
            try:
                value = self._scalars.construct_object(node)
            except (ValueError, ConstructorError):
                # Keep the text: the model reports it as an invalid date, with position.
                return node.value
            # A date with a time is still a date for journey maps; keep the day.
            return value.date() if isinstance(value, dt.datetime) else value
        if node.tag in _NUMBER_TAGS:  # resolved by YAML 1.1's rules: resolve again by 1.2's
            number = number_12(node.value)
            return node.value if number is None else number
        if node.tag.startswith("tag:yaml.org,2002:"):
            try:
                return self._scalars.construct_object(node)
            except (ValueError, ConstructorError):
                return node.value
        return node.value

    def _mapping(self, node: MappingNode, at: PathKey, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        merged: list[tuple[str, Any]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.extend(self._merge_items(value_node, at, depth))
                continue
            if not isinstance(key_node, ScalarNode):
                p = _pos(key_node)
                self.diags.append(
                    make("CJM014", self.path, p.line, p.col,
                         "a key must be a plain word, not a list or a map")
                )
                continue
            # The raw text, so that `on:` or `no:` stay words (YAML 1.1 reads them as booleans).
            key = key_node.value
            if key in out:
                p = _pos(key_node)
                self.diags.append(
                    make("CJM005", self.path, p.line, p.col,
                         f"key '{key}' appears twice in this map; the second one would win "
                         "silently, so remove or rename one of them")
                )
                continue
            path = (*at, key)  # one tuple for the key's and the value's position
            self.where.keys[path] = _pos(key_node)
            out[key] = self.build(value_node, path, depth + 1)
        for key, value in merged:
            out.setdefault(key, value)
        return out

    def _merge_items(self, node: Node, at: PathKey, depth: int) -> Iterator[tuple[str, Any]]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            value = self.build(source, at, depth + 1)
            if isinstance(value, dict):
                yield from value.items()
            else:
                p = _pos(source)
                self.diags.append(
                    make("CJM014", self.path, p.line, p.col,
                         "`<<` must merge a map (an &anchor of a map)")
                )


def _decode(raw: bytes, path: str, diags: list[Diagnostic]) -> str | None:
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = raw[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start
        # Everything before the bad byte is UTF-8: the column counts its characters,
        # as an editor does (`Müller` has six, not seven).
        before = raw[bom:offset].decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        diags.append(
            make("CJM001", path, line, col,
                 f"byte 0x{raw[offset]:02x} at offset {offset} is not UTF-8; save the file "
                 "as UTF-8 (in most editors: 'Save with encoding' > UTF-8)")
        )
        return None
    # CRLF and lone CR are fine for YAML, but columns are counted on LF text.
    return text.replace("\r\n", "\n")


def read_documents(raw: bytes, path: str, diags: list[Diagnostic]) -> list[Document]:
    """All documents of one file. Problems go to `diags`; never raises."""
    with gc_paused():
        return _read_documents(raw, path, diags)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading.

    Loading makes thousands of nodes per file and keeps a position for every key and
    value. With the collector on, they set off repeated full collections over everything
    loaded so far: a third of the time of loading a large handbook. Reference counting
    frees it all; only a recursive alias makes a cycle, collected once the collector
    resumes (which it does on leaving, if it was on).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_documents(raw: bytes, path: str, diags: list[Diagnostic]) -> list[Document]:
    if len(raw) > MAX_FILE_BYTES:
        diags.append(
            make("CJM004", path, 1, 1,
                 f"file is {len(raw):,} bytes, more than the limit of {MAX_FILE_BYTES:,}; "
                 "split it into several files")
        )
        return []
    text = _decode(raw, path, diags)
    if text is None:
        return []
    docs: list[Document] = []
    too_deep = _too_deep(text)
    if too_deep is not None:
        diags.append(
            make("CJM004", path, too_deep.line, too_deep.col,
                 f"this document is too large: it is nested more than {MAX_DEPTH} levels deep; "
                 "check the indentation")
        )
        return docs
    loader = _Loader(text)
    try:
        index = 0
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                docs.append(_build_document(node, path, index, diags))
            index += 1
    except yaml.MarkedYAMLError as exc:
        if _is_nesting_limit(exc):  # only where the pre-check did not run: same wording
            where = exc.problem_mark
            diags.append(
                make("CJM004", path, where.line + 1 if where else 1,
                     where.column + 1 if where else 1,
                     f"this document is too large: it is nested more than {MAX_DEPTH} levels "
                     "deep; check the indentation")
            )
            return [d for d in docs if d.data is not None]
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        context = f" {exc.context}" if exc.context else ""
        if exc.context_mark and mark is not exc.context_mark:
            context += f" (which starts at line {exc.context_mark.line + 1})"
        diags.append(
            make("CJM002", path, line, col,
                 f"YAML syntax error: {problem}{context}; check indentation, colons and quotes "
                 "around text that contains ': ' or starts with a special character")
        )
    except yaml.reader.ReaderError as exc:  # control characters; one line, with position
        # libyaml counts bytes of the UTF-8 text, the pure-Python reader characters.
        before = (
            text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
            if _Loader.__name__ == "CSafeLoader" else text[: exc.position]
        )
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        diags.append(
            make("CJM002", path, line, col,
                 f"YAML error: character 0x{exc.character:02x} is not allowed "
                 f"({exc.reason}); remove it or write it as an escape in double quotes")
        )
    except yaml.YAMLError as exc:
        diags.append(make("CJM002", path, 1, 1, f"YAML error: {exc}".replace("\n", " ")))
    except RecursionError:
        diags.append(make("CJM004", path, 1, 1, "YAML is nested too deeply to be a journey map"))
    finally:
        loader.dispose()
    return [d for d in docs if d.data is not None]


_OPEN_EVENTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE_EVENTS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _too_deep(text: str) -> Pos | None:
    """Where nesting first exceeds MAX_DEPTH, read from parser events (which libyaml
    produces without recursion), or None. Every nesting level needs one of the characters
    counted below, so files with few of them are composed directly: that is all real ones."""
    if sum(text.count(c) for c in "[{-?:") <= _PRECHECK_INDICATORS:
        return None
    try:
        return _first_too_deep(_Loader(text))
    except yaml.YAMLError as exc:
        if not _is_nesting_limit(exc):
            return None  # reported, with its position, when the file is composed
    # libyaml 0.2.6 and later stop at a nesting limit of their own (1000) while their
    # scanner looks ahead, before a single deep event reaches us. The pure-Python parser
    # has no such limit and looks ahead at most 1024 characters: it finds where *our*
    # limit is passed, so the message and position do not depend on the libyaml version.
    try:
        return _first_too_deep(yaml.SafeLoader(text)) or Pos(1, 1)
    except yaml.YAMLError:
        return Pos(1, 1)


def _first_too_deep(loader: Any) -> Pos | None:
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, _OPEN_EVENTS):
                depth += 1
                mark = event.start_mark
                if depth > MAX_DEPTH + 1 and mark:  # the root counts 1 here, 0 in _Builder
                    return Pos(mark.line + 1, mark.column + 1)
            elif isinstance(event, _CLOSE_EVENTS):
                depth -= 1
    finally:
        loader.dispose()
    return None


def _is_nesting_limit(exc: yaml.YAMLError) -> bool:
    """libyaml's own nesting limit ("exceeded maximum nesting depth"), not a syntax error."""
    problem = getattr(exc, "problem", None) or str(exc)
    return "nesting depth" in problem


def _build_document(node: Node, path: str, index: int, diags: list[Diagnostic]) -> Document:
    builder = _Builder(path, diags)
    start = _pos(node)
    try:
        data = builder.build(node, ())
    except _TooBig as big:
        diags.append(
            make("CJM004", path, big.pos.line, big.pos.col,
                 f"this document is too large: {big.what}")
        )
        data = None
    except RecursionError:
        diags.append(make("CJM004", path, start.line, start.col, "YAML is nested too deeply"))
        data = None
    return Document(path, index, data, builder.where, start)
