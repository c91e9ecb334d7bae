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

from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, make
from mkdocs_cjm_plugin.core.yaml_slips import (
    NUMBER_COMMENT,
    cut_by_comment,
    dash_message,
    quoted_fix,
    special_start,
    syntax_diagnostics,
)

try:  # The C loader is many times faster; fall back where libyaml is absent.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_CORE = "tag:yaml.org,2002:"
_IMPLICIT = "tag:cjm,implicit:"
"""Tags the reader gives untagged values (`3`, `yes`, `2026-01-01`) get this prefix
instead of the core one, so that an explicit `!!int drei` is told apart from a plain
value at no cost: the nodes do not record whether their tag was written."""


class _Loader(_BaseLoader):
    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class attribute
        first: [(tag.replace(_CORE, _IMPLICIT), regexp) for tag, regexp in resolvers]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }

    # The composer tells the resolver each step into and out of a node, for path
    # resolvers, which this reader has none of: built-in no-ops that take the same
    # arguments cost a C call instead of a Python one, twice per key and value.
    descend_resolver: Any = {}.get  # (node, index) -> ignored
    ascend_resolver: Any = int  # () -> ignored

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """PyYAML's `resolve`, for a reader without path resolvers: the same tags, with
        less work per value (it runs for every key and value of every file)."""
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in _RESOLVERS.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


_WILDCARD = _Loader.yaml_implicit_resolvers.get(None, [])
_RESOLVERS: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: (*resolvers, *_WILDCARD)
    for first, resolvers in _Loader.yaml_implicit_resolvers.items() if first is not None
}
"""The implicit resolvers by a value's first character (`""` for an empty value)."""
_SEQ, _MAP = _CORE + "seq", _CORE + "map"

MAX_FILE_BYTES = 4 * 1024 * 1024
"""Larger files are refused: a journey map is a few kilobytes."""
MAX_NODES = 50_000
"""Nodes one file may expand to, counting every alias use again."""
MAX_CHARS = MAX_FILE_BYTES
"""Characters of text (keys and values) one file may expand to, counting every alias use
again. A file without aliases never has more characters than bytes: only aliases that
repeat a long text reach it, and a page that shows each repetition would grow without
bound."""
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


class Located:
    """Where each path of a document stands: the key (for mappings) and the value.

    A document read from a file can be told how to read its positions again
    (`read_again_from`): it is then pickled without them, and reads them from the file's
    bytes only when one is asked for. There is a position for every key and value, most
    of a cache entry's size and of the time to load it, and most files are never asked
    where anything stands: only their problems are.
    """

    __slots__ = ("_again", "_keys", "_values")

    def __init__(
        self, keys: dict[PathKey, Pos] | None = None, values: dict[PathKey, Pos] | None = None
    ) -> None:
        self._keys: dict[PathKey, Pos] | None = {} if keys is None else keys
        self._values: dict[PathKey, Pos] | None = {} if values is None else values
        self._again: tuple[bytes, str, int] | None = None

    @property
    def keys(self) -> dict[PathKey, Pos]:
        if self._keys is None:
            self._read_again()
        assert self._keys is not None
        return self._keys

    @property
    def values(self) -> dict[PathKey, Pos]:
        if self._values is None:
            self._read_again()
        assert self._values is not None
        return self._values

    def read_again_from(self, raw: bytes, path: str, index: int) -> None:
        """The bytes of the file this document is number `index` of (0-based)."""
        self._again = (raw, path, index)

    def _read_again(self) -> None:
        assert self._again is not None
        raw, path, index = self._again
        docs = read_documents(raw, path, [])
        where = next((d.where for d in docs if d.index == index), Located())
        self._keys, self._values = where.keys, where.values

    def __getstate__(self) -> dict[str, Any]:
        if self._again is not None:
            return {"again": self._again}
        return {"keys": self.keys, "values": self.values}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._again = state.get("again")
        self._keys = state.get("keys")
        self._values = state.get("values")
        if self._again is None and (self._keys is None or self._values is None):
            self._keys, self._values = {}, {}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Located):
            return NotImplemented
        return (self.keys, self.values) == (other.keys, other.values)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass was

    def __repr__(self) -> str:
        return f"Located({len(self.keys)} keys, {len(self.values)} values)"

    def key(self, path: PathKey) -> Pos:
        """Position of the key at `path`, falling back to the nearest enclosing node."""
        keys, values = self.keys, self.values
        for i in range(len(path), -1, -1):
            p = path[:i]
            if p in keys:
                return keys[p]
            if p in values:
                return values[p]
        return Pos(1, 1)

    def value(self, path: PathKey) -> Pos:
        """Position of the value at `path`, falling back to its key or its parent."""
        keys, values = self.keys, self.values
        for i in range(len(path), -1, -1):
            p = path[:i]
            if p in values:
                return values[p]
            if p in keys:
                return keys[p]
        return Pos(1, 1)


@dataclass
class Document:
    path: str
    index: int  # 0-based document number in its file
    data: Any
    where: Located
    start: Pos
    flagged: set[Pos] = field(default_factory=set)
    """Values the reader reported (a bad tag): the model's report on them would repeat it."""


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


_new_tuple = tuple.__new__


def _pos(node: Node) -> Pos:
    mark = node.start_mark
    # What Pos(...) makes, without the Python-level __new__ of a named tuple: there is one
    # per key and value.
    return _new_tuple(Pos, (mark.line + 1, mark.column + 1))


def _mark_pos(mark: Any) -> Pos:
    return Pos(mark.line + 1, mark.column + 1)


_MERGE = frozenset({_IMPLICIT + "merge", _CORE + "merge"})
_STR = _CORE + "str"
_NUMBER_TAGS = frozenset({_IMPLICIT + "int", _IMPLICIT + "float"})
_COLLECTION_TAGS = frozenset({_CORE + "map", _CORE + "seq"})
_NULL_TEXTS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL_TEXTS = SafeConstructor.bool_values
_TAGGED_AS = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "null": "empty",
    "timestamp": "a date (YYYY-MM-DD)",
}
_SCALAR_KINDS = frozenset({"str", *_TAGGED_AS})
_UNSUPPORTED = {
    "binary": "binary data has no place in a journey file; put pictures in the docs folder "
              "and name them with `photo:`",
    "set": "write a list of `- entry` lines instead",
    "omap": "write a map of `key: value` lines instead",
    "pairs": "write a map of `key: value` lines instead",
}


def tag_text(tag: str) -> str:
    """A tag as an author writes it: `!!int`, `!wichtig`, `!<tag:example.com,2026:x>`."""
    if tag.startswith(_CORE):
        return "!!" + tag[len(_CORE):]
    if tag.startswith("!"):
        return tag
    return f"!<{tag}>"


class _NewItems(Exception):
    """A list item's map whose first key comes back: items that lost their `- `."""


class _Builder:
    """Turns the composed documents of one file into data, bounded in size and depth.

    The budget of MAX_NODES is the file's: every value, every key (a dropped duplicate
    too) and every use of an alias counts; so it is for MAX_CHARS, the characters of
    every key and value.
    """

    def __init__(self, path: str, diags: list[Diagnostic], text: str, config: bool) -> None:
        self.path = path
        self.config = config
        self.diags = diags
        self.text = text
        self.count = 0
        self.chars = 0
        self._new_document()
        self.flagged: set[Pos] = set()
        self._flagged_paths: list[PathKey] = []
        self._lines: list[str] | None = None
        self._dash_starts: dict[Pos, int] | None = None
        self._cut_lines: list[int] | None = None
        self._scalars = SafeConstructor()

    @property
    def lines(self) -> list[str]:
        # Only a tag or a missing `- ` needs the source lines: split on demand.
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    def _new_document(self) -> None:
        self.where = Located()
        # The dicts themselves: one lookup less per key and value read.
        self._keys, self._values = self.where.keys, self.where.values

    def document(self, node: Node, index: int) -> Document:
        self._new_document()
        self._flagged_paths = []
        start = _pos(node)
        first_diag = len(self.diags)
        try:
            data = self.build(node, ())
        except _TooBig as big:
            # The size is what to fix; hundreds of duplicate keys before it would only bury it.
            del self.diags[first_diag:]
            self.diags.append(
                make("CJM004", self.path, big.pos.line, big.pos.col,
                     f"this document is too large: {big.what}")
            )
            data = None
        except RecursionError:
            self.diags.append(
                make("CJM004", self.path, start.line, start.col,
                     f"this document is too large: {_TOO_DEEP}")
            )
            data = None
        if self._flagged_paths:
            self._flag_inside()
        if self._dash_starts is None:
            self._dash_starts = _dash_word_lines(self.text)
        if self._dash_starts:
            self._dash_words(data, self._dash_starts)
        if self._cut_lines is None:
            self._cut_lines = _lines_with(NUMBER_COMMENT, self.text)
        if self._cut_lines:
            self._cut_texts(data, self._cut_lines)
        return Document(self.path, index, data, self.where, start, self.flagged)

    def _cut_texts(self, data: Any, lines: list[int]) -> None:
        """`title: Kauf #1 Premium` is valid YAML: the title is `Kauf`, the rest a comment."""
        cuts: dict[Pos, tuple[int, int, str]] = {}
        for index in lines:
            found = cut_by_comment(self.lines[index])
            if found is not None:
                cuts[Pos(index + 1, found[0] + 1)] = found
        for path, pos in self.where.values.items():
            if pos in cuts and isinstance(value_at(data, path), str):
                _, hash_col, message = cuts[pos]
                self.diags.append(make("CJM053", self.path, pos.line, hash_col + 1, message))

    def _dash_words(self, data: Any, starts: dict[Pos, int]) -> None:
        """`-Wartezeit` below `pains:` is valid YAML: text, not a list item, and the
        `-Ärger` below it is more of the same text. Report each such line."""
        for path, pos in self.where.values.items():
            if pos not in starts or not isinstance(value_at(data, path), str):
                continue
            index = starts[pos]
            while Pos(index + 1, pos.col) in starts:
                line = self.lines[index]
                at = Pos(index + 1, pos.col)
                fixed = line[: pos.col - 1] + "- " + line[pos.col:]
                self.flagged.add(at)
                self.diags.append(make("CJM051", self.path, at.line, at.col, dash_message(
                    line[pos.col - 1:], fixed.strip())))
                index += 1

    def _flag_inside(self) -> None:
        """Flag every place inside a flagged value too: a list the model finds in place
        of text under `!!omap` is the same problem, already reported."""
        for path, pos in [*self.where.values.items(), *self.where.keys.items()]:
            if any(path[: len(f)] == f for f in self._flagged_paths):
                self.flagged.add(pos)

    def _too_many(self, node: Node) -> _TooBig:
        return _TooBig(
            _pos(node),
            f"it expands to more than {MAX_NODES:,} keys and values (every use of an alias "
            "counts); look for aliases (*name) that repeat each other",
        )

    def _too_much_text(self, node: Node) -> _TooBig:
        return _TooBig(
            _pos(node),
            f"its aliases (*name) repeat text to more than {MAX_CHARS:,} characters, more "
            "than a whole file may hold; write each text where it belongs instead of "
            "repeating it with an alias",
        )

    def build(self, node: Node, at: PathKey, depth: int = 0, item: bool = False) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._too_many(node)
        if depth > MAX_DEPTH:
            raise _TooBig(
                _pos(node), f"it is nested more than {MAX_DEPTH} levels deep; check the indentation"
            )
        self._values.setdefault(at, _pos(node))
        if isinstance(node, ScalarNode):
            self.chars += len(node.value)
            if self.chars > MAX_CHARS:
                raise self._too_much_text(node)
            return self._scalar(node, at)
        if node.tag not in _COLLECTION_TAGS:
            self._unsupported(node, at)
        if isinstance(node, SequenceNode):
            return self._sequence(node, at, depth)
        if isinstance(node, MappingNode):
            return self._mapping(node, at, depth, item)
        raise _TooBig(_pos(node), "an unsupported YAML node")  # pragma: no cover

    def _sequence(self, node: SequenceNode, at: PathKey, depth: int) -> list[Any]:
        out: list[Any] = []
        for child in node.value:
            if not isinstance(child, MappingNode) or child.flow_style:
                out.append(self.build(child, (*at, len(out)), depth + 1))
                continue
            chars = self.chars
            try:
                out.append(self.build(child, (*at, len(out)), depth + 1, item=True))
            except _NewItems:
                self.chars = chars  # the text is read again, item by item
                for part in self._split(child):
                    out.append(self.build(part, (*at, len(out)), depth + 1))
        return out

    def _split(self, node: MappingNode) -> list[MappingNode]:
        """The items merged into `node` because later ones lack their `- `: one
        diagnostic where each `- ` is missing, and one map per item."""
        first_key = node.value[0][0]
        parts: list[list[tuple[Node, Node]]] = []
        for pair in node.value:
            key = pair[0]
            if not parts or (isinstance(key, ScalarNode) and key.value == first_key.value):
                if parts:
                    self._missing_dash(key, first_key)
                parts.append([])
            parts[-1].append(pair)
        return [
            MappingNode(node.tag, pairs, pairs[0][0].start_mark, pairs[-1][1].end_mark,
                        flow_style=False)
            for pairs in parts
        ]

    def _missing_dash(self, key: Node, first_key: Node) -> None:
        p, item = _pos(key), _pos(first_key)
        written = self.lines[p.line - 1].strip()
        self.diags.append(
            make("CJM047", self.path, p.line, p.col,
                 f"line {p.line} starts a new list item but has no `- ` in front, so YAML "
                 f"adds its keys to the item on line {item.line} and drops them as duplicates; "
                 f"write `- {written}`, with the `-` in line with the `-` of line {item.line}")
        )

    def _scalar(self, node: ScalarNode, at: PathKey) -> Any:
        tag = node.tag
        if tag == _STR:  # most values: what construct_object would return, but faster
            return node.value
        if tag in _NUMBER_TAGS:  # resolved by YAML 1.1's rules: resolve again by 1.2's
            number = number_12(node.value)
            return node.value if number is None else number
        if tag == _IMPLICIT + "timestamp":
            try:
                value = self._scalars.construct_yaml_timestamp(node)
            except (ValueError, ConstructorError):
                # Keep the text: the model reports it as an invalid date, with position.
                return node.value
            # A date with a time is still a date for journey maps; keep the day.
            return value.date() if isinstance(value, dt.datetime) else value
        if tag == _IMPLICIT + "bool":
            return _BOOL_TEXTS[node.value.lower()]
        if tag == _IMPLICIT + "null":
            return None
        if tag.startswith(_IMPLICIT):  # `=` and the like: text for journey maps
            return node.value
        return self._tagged(node, at)

    def _tagged(self, node: ScalarNode, at: PathKey) -> Any:
        """A value with a tag written in front of it (`!!int 3`): checked, never trusted."""
        if self.config:
            try:
                return self._scalars.construct_object(node)
            except (ValueError, ConstructorError):
                return node.value
        kind = node.tag[len(_CORE):] if node.tag.startswith(_CORE) else ""
        text = node.value.strip()
        if kind in ("int", "float"):
            number = number_12(text)
            if isinstance(number, WrittenInt) and kind == "int":
                return number
            if number is not None and kind == "float":
                return WrittenFloat(float(number), number.text)
        elif kind == "bool" and text.lower() in _BOOL_TEXTS:
            return _BOOL_TEXTS[text.lower()]
        elif kind == "null" and text in _NULL_TEXTS:
            return None
        elif kind == "timestamp":
            try:
                value = self._scalars.construct_yaml_timestamp(node)
            except (ValueError, ConstructorError, AttributeError, TypeError, OverflowError):
                pass  # no date: reported below
            else:
                return value.date() if isinstance(value, dt.datetime) else value
        if kind not in _TAGGED_AS:
            self._unsupported(node, at)
            return node.value
        written = tag_text(node.tag)
        what = _TAGGED_AS[kind]
        shown = f"`{text}`" if text else "an empty value"
        fix = (
            f"remove `{text}` or `{written}`" if kind == "null"
            else f"write {what} after `{written}`, or remove `{written}`"
        )
        self._flag(node, at, "CJM048", f"`{written}` marks {shown} as {what}, but it is not; {fix}")
        return node.value

    def _unsupported(self, node: Node, at: PathKey) -> None:
        if self.config:
            return
        written = tag_text(node.tag)
        kind = node.tag[len(_CORE):] if node.tag.startswith(_CORE) else None
        if kind in _UNSUPPORTED:
            advice = _UNSUPPORTED[kind]
        elif kind in _SCALAR_KINDS and not isinstance(node, ScalarNode):
            what = "a list" if isinstance(node, SequenceNode) else "a map"
            advice = f"it is for a single value, not for {what}; remove `{written}`"
        elif kind is not None and kind.startswith("python/"):
            advice = "it is a Python type, which journey files never use; remove it"
        else:
            advice = f"journey files use no tags; remove `{written}`"
            if isinstance(node, ScalarNode) and node.tag.startswith("!") and node.value:
                line = self.lines[node.start_mark.line]
                fixed = quoted_fix(line, node.start_mark.column)
                advice += f", or if it is part of the text, put the text in quotes: `{fixed}`"
        self._flag(node, at, "CJM049", f"`{written}` is not supported in journey files: {advice}")

    def _flag(self, node: Node, at: PathKey, code: str, message: str) -> None:
        p = _pos(node)
        self.flagged.add(p)
        self._flagged_paths.append(at)
        self.diags.append(make(code, self.path, p.line, p.col, message))

    def _mapping(
        self, node: MappingNode, at: PathKey, depth: int, item: bool = False
    ) -> dict[str, Any]:
        self.count += len(node.value)  # the keys
        if self.count > MAX_NODES:
            raise self._too_many(node)
        out: dict[str, Any] = {}
        merged: list[tuple[str, Any]] = []
        for key_node, value_node in node.value:
            if key_node.tag in _MERGE:
                merged.extend(self._merge_items(value_node, at, depth))
                continue
            if not isinstance(key_node, ScalarNode):
                p = _pos(key_node)
                self.diags.append(
                    make("CJM014", self.path, p.line, p.col,
                         "a key must be a plain word, not a list or a map; write a "
                         "key such as `name:` and put the list or map after it")
                )
                continue
            # The raw text, so that `on:` or `no:` stay words (YAML 1.1 reads them as booleans).
            key = key_node.value
            self.chars += len(key)
            if self.chars > MAX_CHARS:
                raise self._too_much_text(key_node)
            if key in out:
                if item and _first_key_returns(node):
                    raise _NewItems
                p = _pos(key_node)
                self.diags.append(
                    make("CJM005", self.path, p.line, p.col,
                         f"key '{key}' appears twice in this map; the second one would win "
                         "silently, so remove or rename one of them")
                )
                continue
            path = (*at, key)  # one tuple for the key's and the value's position
            self._keys[path] = _pos(key_node)
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
                         "`<<` must merge a map (an &anchor of a map); write "
                         "`<<: *name` with the anchor of a map, or write its keys out")
                )


_DASH_WORD_LINE = re.compile(r"\n *-[^\W\d_]")
"""A line starting `-Wartezeit`: a list item without the space after its `-`. Starting
with the line break (not `^` in multi-line mode) and capturing nothing makes the search
of a file without such a line several times faster. A file's first line is never a list
item of a map."""


def _dash_word_lines(text: str) -> dict[Pos, int]:
    """Where lines start with `-` and a letter, with their 0-based line numbers: one
    search of the text, so that files without such a line (all real ones) pay no more."""
    out: dict[Pos, int] = {}
    line, counted = 0, 0
    for found in _DASH_WORD_LINE.finditer(text):
        line += text.count("\n", counted, found.end())
        counted = found.end()
        indent = found.end() - found.start() - 3  # less the line break, `-` and letter
        out[Pos(line + 1, indent + 1)] = line
    return out


def _lines_with(pattern: re.Pattern[str], text: str) -> list[int]:
    """The 0-based numbers of the lines where `pattern` is found, each once."""
    out: list[int] = []
    line, counted = 0, 0
    for found in pattern.finditer(text):
        line += text.count("\n", counted, found.start())
        counted = found.start()
        if not out or out[-1] != line:
            out.append(line)
    return out


def value_at(data: Any, path: PathKey) -> Any:
    """The value at `path` of data read from YAML, or None."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _first_key_returns(node: MappingNode) -> bool:
    """The map's first key comes back later: the shape of list items without `- `."""
    first = node.value[0][0]
    return isinstance(first, ScalarNode) and any(
        isinstance(key, ScalarNode) and key.value == first.value for key, _ in node.value[1:]
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


def read_documents(
    raw: bytes, path: str, diags: list[Diagnostic], *, config: bool = False,
    keys: frozenset[str] = frozenset(),
) -> list[Document]:
    """All documents of one file. Problems go to `diags`; never raises.

    `config` reads a mkdocs.yml, whose tags (`!ENV`, `!!python/name:...`) belong to
    MkDocs: they are kept as text there, where a journey file reports them. `keys` are
    the keys of the file's format, for messages on YAML slips."""
    with gc_paused():
        return _read_documents(raw, path, diags, config, keys)


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


def file_too_large(path: str, size: int) -> Diagnostic:
    return make("CJM004", path, 1, 1,
                f"file is {size:,} bytes, more than the limit of {MAX_FILE_BYTES:,}; "
                "split it into several files")


_TOO_DEEP = f"it is nested more than {MAX_DEPTH} levels deep; check the indentation"
_TOO_MANY = (
    f"it has more than {MAX_NODES:,} keys and values; split it into several files"
)


def _read_documents(
    raw: bytes, path: str, diags: list[Diagnostic], config: bool, keys: frozenset[str]
) -> list[Document]:
    if len(raw) > MAX_FILE_BYTES:
        diags.append(file_too_large(path, len(raw)))
        return []
    text = _decode(raw, path, diags)
    if text is None:
        return []
    docs: list[Document] = []
    refused = _precheck(text)
    if refused is not None:
        where, what = refused
        noun = "document" if what is _TOO_DEEP else "file"
        diags.append(
            make("CJM004", path, where.line, where.col, f"this {noun} is too large: {what}")
        )
        return docs
    loader = _Loader(text)
    builder = _Builder(path, diags, text, config)
    read_all = False
    try:
        index = 0
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                docs.append(builder.document(node, index))
            index += 1
        read_all = True
    except yaml.MarkedYAMLError as exc:
        if _is_nesting_limit(exc):  # only where the pre-check did not run: same wording
            mark = exc.problem_mark
            diags.append(
                make("CJM004", path, mark.line + 1 if mark else 1,
                     mark.column + 1 if mark else 1,
                     f"this document is too large: {_TOO_DEEP}")
            )
            return [d for d in docs if d.data is not None]
        diags.extend(syntax_diagnostics(text, exc, path, _first_error, keys))
        if docs and not _separated(text, docs[-1], exc):
            # YAML ended the last document where the slip is: it is cut short, and its
            # missing keys would be reported as if they were missing.
            docs.pop()
    except yaml.reader.ReaderError as exc:  # control characters; one line, with position
        # libyaml counts bytes of the UTF-8 text, the pure-Python reader characters.
        before = (
            text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
            if _BaseLoader.__name__ == "CSafeLoader" else text[: exc.position]
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
        diags.append(make("CJM004", path, 1, 1, f"this document is too large: {_TOO_DEEP}"))
    except ValueError:
        # The pure-Python scanner (where PyYAML lacks libyaml) turns `"\U00110000"` into
        # chr() of no character; libyaml reports it as a bad escape, and so do we.
        if not hasattr(loader, "get_mark"):
            raise
        bad = yaml.scanner.ScannerError("while scanning a double-quoted scalar", None,
                                        "found an escape of no character", loader.get_mark())
        diags.extend(syntax_diagnostics(text, bad, path, _first_error, keys))
    finally:
        loader.dispose()
    if read_all and not config and _may_have_anchor(text):
        _unused_anchors(text, builder, diags)
    return [d for d in docs if d.data is not None]


def _separated(text: str, doc: Document, exc: yaml.MarkedYAMLError) -> bool:
    """A `---` or `...` line stands between the start of `doc` and the error."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return False
    lines = text.split("\n")[doc.start.line : mark.line + 1]
    return any(line.startswith(("---", "...")) for line in lines)


_AMPERSAND = re.compile(r"&[^\s\[\]{},]")


def _may_have_anchor(text: str) -> bool:
    """`&name` where YAML would read an anchor; `Service & Bindung` and `AT&T` have
    none. A literal first, so that the search is as fast as `str.find`."""
    for found in _AMPERSAND.finditer(text):
        at = found.start()
        if at == 0 or text[at - 1] in " \t\n[{,":
            return True
    return False


def _unused_anchors(text: str, builder: _Builder, diags: list[Diagnostic]) -> None:
    """`name: &Anna Berger` is valid YAML: the value is `Berger`, and `&Anna` a name
    for reuse that nothing uses. An unused anchor on a text is a slip; report it."""
    loader = _Loader(text)
    anchored: list[yaml.ScalarEvent] = []
    used: set[str] = set()
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) and event.anchor is not None:
                used.add(event.anchor)
            elif isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
                anchored.append(event)
    except yaml.YAMLError:  # pragma: no cover - the same text was just read without error
        return
    finally:
        loader.dispose()
    for event in anchored:
        if event.anchor in used:
            continue
        mark = event.start_mark
        if mark is None:  # pragma: no cover - both parsers give every event its place
            continue
        slip = special_start(builder.lines, mark.line, mark.column)
        builder.flagged.add(Pos(slip.line, slip.col))
        diags.append(make(slip.code, builder.path, slip.line, slip.col, slip.message))


def _first_error(text: str) -> yaml.MarkedYAMLError | None:
    """The first syntax error of `text`, found by parsing alone (no nodes are built, so
    the work is bounded for any text), or None."""
    loader = _Loader(text)
    anchors: set[str] = set()
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.DocumentStartEvent):
                anchors = set()
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in anchors:
                    return yaml.composer.ComposerError(
                        None, None, "found undefined alias", event.start_mark  # type: ignore[arg-type]
                    )
            elif isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                anchors.add(event.anchor)
    except yaml.MarkedYAMLError as exc:
        return None if _is_nesting_limit(exc) else exc
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


_OPEN_EVENTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE_EVENTS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NODE_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, *_OPEN_EVENTS)


def _precheck(text: str) -> tuple[Pos, str] | None:
    """Where the file first nests deeper than MAX_DEPTH or holds more than MAX_NODES
    keys and values, read from parser events (which libyaml produces one at a time,
    without recursion), with what is wrong; or None.

    libyaml's composer recurses in C and keeps every node of a document: a deep file
    overflows the stack, and a 4 MB file of tiny values takes gigabytes. Every nesting
    level and every key or value beyond the first needs one of the characters counted
    below, so files with few of them are composed directly: that is all real ones."""
    indicators = sum(text.count(c) for c in "[{-?:")
    if "[" in text or "{" in text:
        indicators += text.count(",")  # `[a,a,a,...]`: a value per comma
    if indicators <= _PRECHECK_INDICATORS:
        return None
    try:
        return _first_too_big(_Loader(text))
    except yaml.YAMLError as exc:
        if not _is_nesting_limit(exc):
            return None  # reported, with its position, when the file is composed
    # libyaml 0.2.6 and later stop at a nesting limit of their own (1000) while their
    # scanner looks ahead, before a single deep event reaches us. The pure-Python parser
    # has no such limit and looks ahead at most 1024 characters: it finds where *our*
    # limit is passed, so the message and position do not depend on the libyaml version.
    try:
        return _first_too_big(yaml.SafeLoader(text)) or (Pos(1, 1), _TOO_DEEP)
    except yaml.YAMLError:
        return Pos(1, 1), _TOO_DEEP


def _first_too_big(loader: Any) -> tuple[Pos, str] | None:
    depth = 0
    count = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, _NODE_EVENTS):
                count += 1
                if count > MAX_NODES and event.start_mark:
                    return _mark_pos(event.start_mark), _TOO_MANY
            if isinstance(event, _OPEN_EVENTS):
                depth += 1
                # The root counts 1 here, 0 in _Builder.
                if depth > MAX_DEPTH + 1 and event.start_mark:
                    return _mark_pos(event.start_mark), _TOO_DEEP
            elif isinstance(event, _CLOSE_EVENTS):
                depth -= 1
    finally:
        loader.dispose()
    return None


def _is_nesting_limit(exc: yaml.YAMLError) -> bool:
    """libyaml's own nesting limit ("exceeded maximum nesting depth"), not a syntax error."""
    problem = getattr(exc, "problem", None) or str(exc)
    return "nesting depth" in problem
