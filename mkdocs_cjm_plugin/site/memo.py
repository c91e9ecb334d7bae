"""Journey pages kept from one build to the next (`mkdocs serve`, and `cjm generate` in
its cache folder): after a change to one journey file, only the pages that depend on it
are rendered again.

A journey page depends on three things, and is reused only while all three are the
same as when it was rendered:

- everything site-wide, as one fingerprint (`Handbook.fingerprint`): options, labels,
  templates, every file that holds more than valid journeys, personas and
  stakeholders, the photos in the docs folder;
- its own file, by content key, with what the page shows from outside it: its
  stakeholder map as drawn, and its own problems (a problem fixed in one journey file
  renders that journey's page again, not every page);
- the other journeys, personas and stakeholders it read while it was rendered, found
  by watching the catalogue's tables (`Watched`): a page that looked at journey `b`
  depends on `b`'s file, one that asked which journeys compare to it on that list, one
  that went through all journeys on all journey files; a page that showed persona
  `anna` depends on what `anna` says (not on the rest of her file), one that went
  through all personas or stakeholders on all of them, in their order; one that asked
  where `anna` is written on that file, one that read the problems of another entity
  on those problems, and one that read any other table of the catalogue (the files,
  the invalid entities: a template of one's own may) on that whole table.

Watching the reads, rather than listing what a page shows, keeps this right when a
template or a view starts to show something new. Finished HTML the page handed to
`place_html` (the MkDocs target parks it past Python-Markdown) is handed over again
when the page is reused, so the page reads the same in the new build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import re
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import jinja2.bccache
from markupsafe import Markup
from pydantic import BaseModel

from mkdocs_cjm_plugin.core.cache import pack, secret, unpack
from mkdocs_cjm_plugin.core.diagnostics import Diagnostic
from mkdocs_cjm_plugin.core.files import write_atomic
from mkdocs_cjm_plugin.core.load import Catalogue
from mkdocs_cjm_plugin.core.yaml_source import WrittenFloat, WrittenInt

T = TypeVar("T")

_ALL = "*"
_COMPARED = "compared-by:"
_ENTITIES = "entities:*"
_ENTITY_KINDS = frozenset({"persona", "stakeholder"})
_SOURCES = "sources:*"
_SOURCE = "source:"
_ISSUES = "issues:"


class Watched(dict[Any, Any]):
    """A dict that notes which keys are read (the names in `whole` when it is gone
    through, compared or printed whole)."""

    def __init__(
        self, data: dict[Any, Any], key_of: Callable[[Any], str | None],
        whole: tuple[str, ...] = (_ALL,),
    ) -> None:
        super().__init__(data)
        self.key_of = key_of
        self.whole = whole
        self.reads: set[str] | None = None

    def _read(self, key: Any) -> None:
        if self.reads is not None:
            name = self.key_of(key)
            if name is not None:
                self.reads.add(name)

    def _all(self) -> None:
        if self.reads is not None:
            self.reads.update(self.whole)

    def __getitem__(self, key: Any) -> Any:
        self._read(key)
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self._read(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._read(key)
        return super().__contains__(key)

    def __iter__(self) -> Iterator[Any]:
        self._all()
        return super().__iter__()

    def __len__(self) -> int:
        self._all()
        return super().__len__()

    def keys(self) -> Any:
        self._all()
        return super().keys()

    def values(self) -> Any:
        self._all()
        return super().values()

    def items(self) -> Any:
        self._all()
        return super().items()

    def copy(self) -> dict[Any, Any]:
        self._all()
        return dict(super().items())

    # What a template may do with a table besides the above (`|reverse`, `|last`, `==`,
    # printing it): each goes through it whole.
    def __reversed__(self) -> Iterator[Any]:
        self._all()
        return super().__reversed__()

    def __eq__(self, other: object) -> bool:
        self._all()
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        self._all()
        return super().__ne__(other)

    __hash__ = None  # as a dict's

    def __or__(self, other: Any) -> Any:
        self._all()
        return dict(super().items()) | other

    def __ror__(self, other: Any) -> Any:
        self._all()
        return other | dict(super().items())

    def __repr__(self) -> str:
        self._all()
        return super().__repr__()


class _Noting(Catalogue):
    """The catalogue while a journey page renders: notes which of its tables that are
    not `Watched` the page reads (any use counts as a read of the whole table). A
    template of one's own may show anything of the catalogue."""

    def __getattribute__(self, name: str) -> Any:
        if name in _NOTED:
            reads = object.__getattribute__(self, "__dict__").get(_READS)
            if reads is not None:
                reads.add(f"{_TABLE}{name}")
        return object.__getattribute__(self, name)


_READS = "_cjm_page_reads"
_TABLE = "catalogue:"
_WATCHED_TABLES = ("journeys", "sources", "compared_by", "personas", "stakeholders", "issues")
_NOTED = frozenset(f.name for f in dataclasses.fields(Catalogue)) - set(_WATCHED_TABLES)


@dataclass
class _Kept:
    fingerprint: str
    own: str | None
    reads: dict[str, str | None]
    """Journey id (or `_ALL`) -> the content key it had, None for a journey not there."""
    content: str
    title: str
    source: str | None
    parked: list[tuple[str, str]]
    """(the placeholder `place_html` gave, the HTML), in the order they were placed."""
    problems: list[Diagnostic]


class Kept:
    """Values made in the last build, by a key that names everything they were made
    from (so a value found is the value that would be made). What a build does not ask
    for is forgotten at the start of the next: memory stays the size of two builds. A
    value asked for while another is made is kept as long as that one is (a part of a
    page within a part)."""

    def __init__(self) -> None:
        self._values: dict[Hashable, tuple[int, Any, list[Hashable]]] = {}
        self._build = 0
        self._asking: list[list[Hashable]] = []
        self.made = 0
        self.reused = 0

    def start(self) -> None:
        self._build += 1
        self.made = self.reused = 0
        self._asking = []
        last = self._build - 1
        self._values = {k: v for k, v in self._values.items() if v[0] >= last}

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        found = self._values.get(key)
        if found is None:
            self._asking.append([])
            try:
                value = make()
            finally:
                within = self._asking.pop()
            self.made += 1
        else:
            _, value, within = found
            self.reused += 1
            self._keep(within)
        if self._asking:
            self._asking[-1].append(key)
        self._values[key] = (self._build, value, within)
        return value

    def _keep(self, keys: list[Hashable]) -> None:
        """Keep what a reused value was made with for the next build too."""
        for key in keys:
            found = self._values.get(key)
            if found is not None and found[0] != self._build:
                self._values[key] = (self._build, *found[1:])
                self._keep(found[2])


@dataclass
class PageMemo:
    """Journey pages of the last build, by source path. `rendered` and `reused` count
    this build's pages, for the build's log. `parts` keeps what pages across journeys
    and the stakeholder maps are made of (see `Handbook.part`)."""

    kept: dict[str, _Kept] = field(default_factory=dict)
    rendered: int = 0
    reused: int = 0
    _seen: set[str] = field(default_factory=set)
    parts: Kept = field(default_factory=Kept)
    templates: CompiledTemplates = field(default_factory=lambda: CompiledTemplates())

    def start(self) -> None:
        self.rendered = self.reused = 0
        self._seen = set()

    def finish(self) -> None:
        """Forget pages this build did not make: memory stays the size of one build."""
        for src in [s for s in self.kept if s not in self._seen]:
            del self.kept[src]


MEMO_FILE = "pages.pickle"
"""The file in the cache of read files where `cjm generate` keeps its memo."""


def load_page_memo(folder: Path, key: str, limit: int) -> PageMemo | None:
    """The memo `keep_page_memo` left in `folder` for `key` (a digest of the code and of
    how the pages are made); None when there is none, or one for another key, or one
    this machine did not sign (see `core.cache`), or one larger than `limit` bytes
    (never read: a file that size in the cache folder was not written for this
    handbook)."""
    own = secret()
    if own is None:
        return None
    try:
        with (folder / MEMO_FILE).open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError:
        return None
    if len(data) > limit:
        return None
    found = unpack(data, own)
    if not (isinstance(found, tuple) and len(found) == 2 and found[0] == key
            and isinstance(found[1], PageMemo)):
        return None
    memo: PageMemo = found[1]
    return memo


def keep_page_memo(folder: Path, key: str, memo: PageMemo) -> None:
    """Keep `memo` for the next run of the same `key` (a cache that cannot be written
    only costs that run its time). Without its compiled templates: Jinja's compiled
    code is never read from a file, the next run compiles the templates anew."""
    own = secret()
    if own is None:
        return
    templates, memo.templates = memo.templates, CompiledTemplates()
    try:
        data = pack((key, memo), own)
    finally:
        memo.templates = templates
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / MEMO_FILE, data)
    except OSError:
        pass


def _source_read(key: Any) -> str | None:
    """The name of a read of `catalogue.sources`: a journey's by its id (its file's
    key says where it stands), a persona's or stakeholder's by where it is written."""
    if not (isinstance(key, tuple) and len(key) == 2 and isinstance(key[1], str)):
        return _SOURCES
    kind, ident = key
    if kind == "journey":
        return str(ident)
    return f"{_SOURCE}{kind}:{ident}" if kind in _ENTITY_KINDS else _SOURCES


def _pair(text: str) -> tuple[str, str]:
    """`kind:id` as the key of `catalogue.sources` or `catalogue.issues`."""
    kind, _, ident = text.partition(":")
    return kind, ident


def entity_digest(value: object) -> str:
    """A digest of what a persona or stakeholder says (or of several, or of any value
    the catalogue holds), the same in every process: of `_canonical`, not of a pickle,
    whose sets (pydantic's `__pydantic_fields_set__`) come in the order of the
    process's hash seed."""
    return hashlib.sha256(repr(_canonical(value)).encode("utf-8", "surrogatepass")).hexdigest()


def _canonical(value: object) -> object:
    """`value` as nested tuples of text and numbers that print the same for the same
    value, in any process: a model by its fields, a number as written (`030`), maps
    and lists in their order, sets sorted."""
    if isinstance(value, BaseModel):
        fields = tuple((name, _canonical(getattr(value, name)))
                       for name in type(value).model_fields)
        return (type(value).__name__, fields, _canonical(value.model_extra or {}))
    if isinstance(value, (WrittenInt, WrittenFloat)):
        return (type(value).__name__, value.text)
    if isinstance(value, dict):
        return ("dict", tuple((_canonical(k), _canonical(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_canonical(v) for v in value))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(repr(_canonical(v)) for v in value)))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, tuple(
            (f.name, _canonical(getattr(value, f.name))) for f in dataclasses.fields(value)))
    return (type(value).__name__, repr(value))


class EntityDigests:
    """`entity_digest` of each persona and stakeholder of one build's catalogue, made
    once however many pages and parts ask (None: no such entity)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._found: dict[tuple[str, str], str | None] = {}

    def of(self, kind: str, ident: str) -> str | None:
        if (kind, ident) not in self._found:
            table = self.catalogue.personas if kind == "persona" else self.catalogue.stakeholders
            entity = table.get(ident)
            self._found[(kind, ident)] = None if entity is None else entity_digest(entity)
        return self._found[(kind, ident)]


class JourneyPages:
    """The journey pages of one build, rendered or reused (see the module's doc)."""

    def __init__(
        self, memo: PageMemo, catalogue: Catalogue, fingerprint: str,
        place_html: Callable[[str], Markup] | None, problems: list[Diagnostic],
        entities: EntityDigests | None = None,
    ) -> None:
        self.memo = memo
        self.catalogue = catalogue
        self.fingerprint = fingerprint
        self.place_html = place_html
        self.problems = problems
        self.entities = entities or EntityDigests(catalogue)
        self._parked: list[tuple[str, str]] | None = None
        self._keys: dict[str, str | None] = {}
        """What `_current` found for each name that is not a journey's, this build."""

    def _journey_key(self, ident: str) -> str | None:
        src = self.catalogue.sources.get(("journey", ident))
        return self.catalogue.file_keys.get(src.path) if src is not None else None

    def _current(self, name: str) -> str | None:
        if name.startswith(_COMPARED):
            ids = self.catalogue.compared_by.get(name.removeprefix(_COMPARED), [])
            return repr([(i, self._journey_key(i)) for i in ids])
        if name == _ALL:
            files = sorted(self.catalogue.journey_files)
            digest = hashlib.sha256()
            for path in files:
                digest.update(f"{path}\0{self.catalogue.file_keys.get(path)}\0".encode())
            return digest.hexdigest()
        if ":" not in name:
            return self._journey_key(name)
        if name not in self._keys:
            self._keys[name] = self._other_key(name)
        return self._keys[name]

    def _other_key(self, name: str) -> str | None:
        """What a page read that is not a journey, as it is now (None: not there).

        A persona or stakeholder by a digest of what it says, not of its file: one
        stakeholder renamed in a file of fifty renders the pages that show her. The
        tables in their order, which a page that goes through them shows."""
        catalogue = self.catalogue
        table, _, rest = name.partition(":")
        found: object
        if table in _ENTITY_KINDS:
            return self.entities.of(table, rest)
        if name == _ENTITIES:
            found = [list(catalogue.personas.items()), list(catalogue.stakeholders.items())]
        elif name == _SOURCES:
            found = [(key, src.path, catalogue.file_keys.get(src.path))
                     for key, src in catalogue.sources.items()]
        elif f"{table}:" == _SOURCE:  # where a persona or stakeholder is written
            src = catalogue.sources.get(_pair(rest))
            found = None if src is None else (src.path, catalogue.file_keys.get(src.path))
        elif name == f"{_ISSUES}*":
            found = list(catalogue.issues.items())
        elif f"{table}:" == _ISSUES:
            found = catalogue.issues.get(_pair(rest))
        elif f"{table}:" == _TABLE:
            found = getattr(catalogue, rest, None)
        else:  # a name this code does not make: never the same
            return "?"
        return None if found is None else entity_digest(found)

    def place(self, text: str) -> Markup:
        """`place_html` as the pages see it: what is placed is noted for reuse."""
        assert self.place_html is not None
        marker = self.place_html(text)
        if self._parked is not None:
            self._parked.append((str(marker), text))
        return marker

    @contextlib.contextmanager
    def watching(self) -> Iterator[None]:
        """Watch the catalogue while pages are rendered (restored afterwards): its
        tables of journeys, personas, stakeholders, sources and problems by key, the
        others whole (`_Noting`)."""
        catalogue = self.catalogue
        tables = {name: getattr(catalogue, name) for name in _WATCHED_TABLES}
        catalogue.journeys = Watched(
            tables["journeys"], lambda key: key if isinstance(key, str) else None)
        catalogue.sources = Watched(tables["sources"], _source_read, (_ALL, _SOURCES))
        catalogue.compared_by = Watched(tables["compared_by"], lambda key: f"{_COMPARED}{key}")
        catalogue.personas = Watched(tables["personas"], lambda key: (
            f"persona:{key}" if isinstance(key, str) else None), (_ENTITIES,))
        catalogue.stakeholders = Watched(tables["stakeholders"], lambda key: (
            f"stakeholder:{key}" if isinstance(key, str) else None), (_ENTITIES,))
        catalogue.issues = Watched(tables["issues"], lambda key: (
            f"{_ISSUES}{key[0]}:{key[1]}" if isinstance(key, tuple) and len(key) == 2
            else f"{_ISSUES}*"), (f"{_ISSUES}*",))
        plain = type(catalogue)
        catalogue.__class__ = _Noting
        try:
            yield
        finally:
            catalogue.__class__ = plain
            catalogue.__dict__.pop(_READS, None)
            for name, table in tables.items():
                setattr(catalogue, name, table)

    def page(
        self, src: str, ident: str, render: Callable[[], tuple[str, str, str | None]],
        pictures: str = "",
    ) -> tuple[str, str, str | None]:
        """(content, title, source) of the journey page `src` of journey `ident`;
        `pictures` is a digest of what the page shows that is neither in its file nor in
        the journeys it reads: its stakeholder map, as this build's renderer or cache gave
        it, and its own problems."""
        memo = self.memo
        memo._seen.add(src)
        key = self._journey_key(ident)
        own = None if key is None else f"{key}:{pictures}"
        kept = memo.kept.get(src)
        if (
            kept is not None and kept.fingerprint == self.fingerprint and kept.own == own
            and own is not None
            and all(self._current(name) == key for name, key in kept.reads.items())
        ):
            memo.reused += 1
            self.problems.extend(kept.problems)
            return self._replay(kept), kept.title, kept.source
        memo.rendered += 1
        catalogue = self.catalogue
        tables = [t for t in (getattr(catalogue, name) for name in _WATCHED_TABLES)
                  if isinstance(t, Watched)]
        watched = len(tables) == len(_WATCHED_TABLES) and isinstance(catalogue, _Noting)
        reads: set[str] = set()
        for table in tables:
            table.reads = reads
        if watched:
            catalogue.__dict__[_READS] = reads
        self._parked = [] if self.place_html is not None else None
        before = len(self.problems)
        try:
            content, title, source = render()
        finally:
            for table in tables:
                table.reads = None
            catalogue.__dict__.pop(_READS, None)
            parked, self._parked = self._parked or [], None
        reads.discard(ident)
        if watched and own is not None and _replayable(content, parked):
            memo.kept[src] = _Kept(
                self.fingerprint, own, {name: self._current(name) for name in reads},
                content, title, source, parked, self.problems[before:],
            )
        else:
            memo.kept.pop(src, None)
        return content, title, source

    def _replay(self, kept: _Kept) -> str:
        """The kept page with its finished HTML placed again in this build."""
        if not kept.parked:
            return kept.content
        assert self.place_html is not None
        # A target whose placeholder depends only on the HTML (the MkDocs target's) gives
        # the same ones again: the page needs no renaming, which would cost more than
        # the rest of the reuse together.
        again = [str(self.place_html(text)) for _, text in kept.parked]
        if all(marker == placed for (marker, _), placed in zip(kept.parked, again, strict=True)):
            return kept.content
        new: dict[str, str] = {}
        # One pattern for all the page's placeholders; a block holds only earlier ones.
        markers = sorted({marker for marker, _ in kept.parked}, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(marker) for marker in markers))

        def renamed(text: str) -> str:
            return pattern.sub(lambda m: new.get(m.group(0), m.group(0)), text)

        for marker, text in kept.parked:
            new[marker] = str(self.place_html(renamed(text)))
        return renamed(kept.content)


def _replayable(content: str, parked: list[tuple[str, str]]) -> bool:
    """Whether every placeholder shows up in the page (or in HTML placed after it), so
    that giving each a new one keeps the page whole; else the page is not kept."""
    for i, (marker, _) in enumerate(parked):
        if marker not in content and not any(marker in text for _, text in parked[i + 1:]):
            return False
    # A placeholder named by its HTML may come twice, for the same HTML twice.
    return len({marker for marker, _ in parked}) == len(set(parked))


class CompiledTemplates(jinja2.BytecodeCache):
    """The page templates as Jinja compiled them in an earlier build of this process:
    compiling them again is most of what a rebuild that reuses pages spends on them.
    Jinja checks each against its template's source and compiles anew on a mismatch."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
