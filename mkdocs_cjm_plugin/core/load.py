"""Loading a source folder into a catalogue of personas, stakeholders and journeys.

`load_catalogue` never raises for bad input: every problem becomes a
diagnostic with the file, line and column of the offending key or value, and
one bad document never hides the good ones.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import re
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from mkdocs_cjm_plugin.core import parallel
from mkdocs_cjm_plugin.core.cache import ReadCache, kept
from mkdocs_cjm_plugin.core.diagnostics import (
    HIDING_IDS,
    UNLOADING,
    Diagnostic,
    closest,
    did_you_mean,
    make,
    number_text,
)
from mkdocs_cjm_plugin.core.files import (
    TooLarge,
    find_files,
    not_a_folder,
    read_regular,
)
from mkdocs_cjm_plugin.core.model import (
    ID_PATTERN,
    KINDS,
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    PAGE_ID_MAX,
    Journey,
    Persona,
    Stakeholder,
    page_id_problem,
    shorter_id,
    slugify,
    stem_id,
)
from mkdocs_cjm_plugin.core.suggest import (
    GERMAN_KEYS,
    comma_parts,
    decimal_point,
    english_keys,
    ids_by_name,
    name_key,
    value_as_shown,
)
from mkdocs_cjm_plugin.core.yaml_slips import colon_message, no_space, no_space_message, quote
from mkdocs_cjm_plugin.core.yaml_source import (
    MAX_FILE_BYTES,
    Document,
    Located,
    PathKey,
    Pos,
    as_written,
    file_too_large,
    gc_paused,
    read_documents,
    value_at,
)

_FORMAT_KEYS = frozenset(GERMAN_KEYS)
"""Every key of the format (GERMAN_KEYS has an entry for each)."""


@dataclass
class Source:
    """Where an entity was defined, with positions of all its keys and values."""

    path: str
    where: Located
    start: Pos
    path_prefix: PathKey = ()

    def key(self, *path: str | int) -> Pos:
        return self.where.key((*self.path_prefix, *path))

    def value(self, *path: str | int) -> Pos:
        return self.where.value((*self.path_prefix, *path))

    def written(self, *path: str | int) -> bool:
        """Whether the file has a value at exactly `path` (not one of its parents)."""
        return (*self.path_prefix, *path) in self.where.values


@dataclass
class Catalogue:
    personas: dict[str, Persona] = field(default_factory=dict)
    stakeholders: dict[str, Stakeholder] = field(default_factory=dict)
    journeys: dict[str, Journey] = field(default_factory=dict)
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)
    invalid: dict[tuple[str, str], list[Diagnostic]] = field(default_factory=dict)
    """Entities that failed validation, by (kind, id), with their errors."""
    issues: dict[tuple[str, str], list[Diagnostic]] = field(default_factory=dict)
    """Problems the cross-checks found in valid entities, by (kind, id)."""
    files: list[str] = field(default_factory=list)
    """Every definition file read, as given to diagnostics."""
    unloaded: list[str] = field(default_factory=list)
    """Files not read completely (bad YAML, a document without `kind`, a duplicate key,
    ...): what they name is unknown, so nothing can be called unused."""
    unknown_ids: list[str] = field(default_factory=list)
    """Files with a document whose kind or id could not be told: it may define an id
    that another file names, so unknown references cannot be reported."""
    names: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """kind -> `suggest.name_key` of a display name (`name`, a journey's `title`) -> ids,
    of every document read, valid or not: to propose an id where a name was written."""
    name_refs: list[_NameRef] = field(default_factory=list)
    """References that failed as ids, to be given a better fix by `_suggest_ids`."""
    file_keys: dict[str, str] = field(default_factory=dict)
    """Every file read, by its content key (`core.cache.ReadCache.key`): what a page
    made from it depends on, for the pages `mkdocs serve` need not render again."""
    compared_by: dict[str, list[str]] = field(default_factory=dict)
    """Journey id -> the ids of the journeys that compare to it (`compares_to`), in
    catalogue order: one lookup per page instead of a pass over every journey."""
    journey_files: set[str] = field(default_factory=set)
    """Files that hold nothing but valid journeys, without a problem: a change to one
    of them changes no other entity."""
    entity_files: set[str] = field(default_factory=set)
    """Files that hold nothing but valid personas and stakeholders, without a problem:
    a journey page that does not show what they define does not change with them."""
    duplicates: list[tuple[str, str, Diagnostic]] = field(default_factory=list)
    """(kind, id, its CJM020) of each valid definition left out because an earlier one
    has its id: the site lists it with its file, as it has no page."""

    def source(self, kind: str, ident: str) -> Source:
        return self.sources[(kind, ident)]


@dataclass
class LoadResult:
    catalogue: Catalogue
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def display_path(path: Path, base: Path | None = None) -> str:
    """The path as a person would type it.

    With a `base` (the project folder) always relative to it, `..` included: what the
    plugin prints and publishes must not depend on where the project lives. Without
    one, relative to the working directory when inside it (`cjm check` in a terminal).
    """
    try:
        if base is not None:
            return Path(os.path.relpath(path, base)).as_posix()
        return Path(os.path.relpath(path)).as_posix() if _inside(path, Path.cwd()) else str(path)
    except ValueError:  # other drive on Windows
        return str(path)


def _display_paths(files: list[Path], folder: Path, base: Path | None) -> list[str]:
    """`display_path` of each file `find_files(folder)` found, without resolving each:
    it enters no linked folder, so they are all inside the working directory or none."""
    if base is not None or not files:
        return [display_path(file, base) for file in files]
    if not _inside(folder / "x", Path.cwd()):
        return [str(file) for file in files]
    cwd = Path.cwd()
    return [Path(os.path.relpath(file, cwd)).as_posix() for file in files]


def _inside(path: Path, base: Path) -> bool:
    """Whether `path` lies in `base`, following the links in its folders but not a link
    that `path` itself is (a link is shown where it stands, not where it leads)."""
    try:
        (path.parent.resolve() / path.name).relative_to(base.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a loop of links
        return False
    return True


def read_catalogue(
    folder: Path, *, base: Path | None = None, cache: ReadCache | None = None,
    ahead: ReadAhead | None = None,
) -> LoadResult:
    """Read every definition file below `folder` into a catalogue: each document's
    shape is validated, nothing across documents is checked (`core.checks` does that;
    `core.pipeline` does both). Paths in diagnostics are relative to `base`. Files whose
    bytes `cache` knows are not read again (by default a cache in memory only), nor are
    those `ahead` read already."""
    diags: list[Diagnostic] = []
    catalogue = Catalogue()
    if not folder.is_dir():
        shown = display_path(folder, base)
        kind = not_a_folder(folder)
        problem = f"is {kind}, not a folder;" if kind else "does not exist; create it or"
        diags.append(
            make("CJM006", shown, 1, 1,
                 f"source folder '{shown}' {problem} set the plugin's "
                 "`source` option to the folder that holds your journey files")
        )
        return LoadResult(catalogue, diags)
    outside: list[Path] = []
    with gc_paused():  # a third faster for large handbooks; see gc_paused
        found: list[tuple[str, bytes | None]] = []
        files = find_files(folder, outside)
        for file, shown in zip(files, _display_paths(files, folder, base), strict=True):
            known = ahead.file(shown) if ahead is not None else None
            if known is not None:  # read a moment ago, before the setup was
                found.append((shown, known[0]))
                continue
            try:
                found.append((shown, _read_bounded(file, shown, diags)))
            except OSError as exc:
                diags.append(make(
                    "CJM006", shown, 1, 1,
                    f"cannot read the file ({exc.strerror}); check that it exists and that "
                    "you may read it",
                ))
                found.append((shown, None))
        reads = read_files(
            [(shown, raw) for shown, raw in found if raw is not None], cache, ahead)
        for shown, raw in found:
            catalogue.files.append(shown)
            if raw is None:
                catalogue.unloaded.append(shown)
                catalogue.unknown_ids.append(shown)
            else:
                add_read(catalogue, *reads[shown], diags)
        _suggest_ids(catalogue, diags)
        for link in outside:
            # Named by where it stands only: what it points to is none of our business.
            if link.exists():
                why = (
                    "leads outside the source folder, so it is not read; copy the file or "
                    "folder into the source folder, or set `source` to a folder that holds it"
                )
            else:
                why = (
                    "leads nowhere (what it points to is missing, or links go round in a "
                    "circle), so it is not read; remove the link or point it at a file"
                )
            diags.append(make("CJM062", display_path(link, base), 1, 1,
                              f"this symbolic link {why}"))
        refuse_page_ids(catalogue, diags)
        index_comparisons(catalogue)
    return LoadResult(catalogue, diags)


def _read_bounded(file: Path, shown: str, diags: list[Diagnostic]) -> bytes | None:
    """The file's bytes, or None for a file over the size limit, which is never read:
    a file that grows after the check is cut one byte past the limit, and refused."""
    try:  # not a named pipe put there since it was found
        return read_regular(file, MAX_FILE_BYTES)
    except TooLarge as big:
        diags.append(file_too_large(shown, big.size))
        return None


def read_texts(files: dict[str, str | bytes]) -> LoadResult:
    """Read definitions from memory (path -> content), as `read_catalogue` reads files."""
    diags: list[Diagnostic] = []
    catalogue = Catalogue()
    for path in sorted(files):
        content = files[path]
        raw = content.encode("utf-8") if isinstance(content, str) else content
        catalogue.files.append(path)
        _add_file(catalogue, raw, path, diags)
    _suggest_ids(catalogue, diags)
    refuse_page_ids(catalogue, diags)
    index_comparisons(catalogue)
    return LoadResult(catalogue, diags)


def _add_file(catalogue: Catalogue, raw: bytes, shown: str, diags: list[Diagnostic]) -> None:
    add_read(catalogue, ReadCache.key(shown, raw), read_file(raw, shown), diags)


def read_files(
    items: list[tuple[str, bytes]], cache: ReadCache | None, ahead: ReadAhead | None = None
) -> dict[str, tuple[str, FileRead]]:
    """Each file (shown path, bytes) read and validated, with its content key, by shown
    path: from `cache` where it holds the same bytes, else from what `ahead` read of the
    same bytes, else read now (and given to the cache)."""
    cache = cache if cache is not None else ReadCache(None)
    out: dict[str, tuple[str, FileRead]] = {}
    unread: list[tuple[str, str, bytes]] = []
    for shown, raw in items:
        early = ahead.file(shown) if ahead is not None else None
        key = early[1] if early is not None and early[0] is raw else cache.key(shown, raw)
        known = cache.get(shown, key)
        if isinstance(known, FileRead) and known.shown == shown:
            out[shown] = key, known
        else:
            unread.append((shown, key, raw))
    wanted = {key: shown for shown, key, _ in unread}
    if ahead is not None:
        for key, pickled in ahead.results():
            if key in wanted:
                shown = wanted.pop(key)
                out[shown] = key, _keep(cache, shown, key, pickled)
                ahead.used += 1
    rest = [item for item in unread if item[1] in wanted]
    for (shown, key, _), got in zip(rest, _read_many(rest), strict=True):
        out[shown] = key, _keep(cache, shown, key, got)
    cache.finish()
    return {shown: out[shown] for shown, _ in items}


PARALLEL_FROM = 64
"""Files to read from which the work is shared among the processor's cores."""


def _keep(cache: ReadCache, shown: str, key: str, got: FileRead | bytes) -> FileRead:
    """A file's read, given to the cache: as a worker pickled it (kept as it is, not
    pickled again), or as it was read here."""
    if isinstance(got, FileRead):
        cache.put(shown, key, got)
        return got
    read: FileRead = pickle.loads(got)  # our own child's result, never from a file
    cache.put(shown, key, read, pickled=got)
    return read


def _read_many(unread: list[tuple[str, str, bytes]]) -> Iterator[FileRead | bytes]:
    """`read_file` of each file, in order: pickled by forked workers where that pays off
    and is safe (see `core.parallel`), each chunk as soon as it is done; else read here,
    one after the other (in `mkdocs serve`, for a handful of files, or what is left when
    the workers cannot start or die)."""
    done = 0
    if len(unread) >= PARALLEL_FROM and parallel.can_fork():
        for pickled in parallel.Ahead(_read_item, unread).results():
            done += 1
            yield pickled
    for item in unread[done:]:
        yield _read_item(item)


class ReadAhead:
    """The files of a source folder, read before the load asks for them, and handed to
    workers on all cores when many are not in the cache: `cjm check` starts this before
    it imports MkDocs and reads mkdocs.yml.

    What it read is used by shown path and content key, so a folder that turns out to be
    another one is simply read again; nothing can be taken for the wrong file. (A file
    that changes meanwhile is taken as it was when it was read here, as it would be
    if the check had read it a moment earlier.)
    """

    def __init__(
        self, files: dict[str, tuple[bytes, str]], ahead: parallel.Ahead | None,
        keys: list[str],
    ) -> None:
        self._files = files
        self._ahead = ahead
        self._keys = keys
        self.used = 0
        """Files the load took from the workers (for the tests)."""

    @classmethod
    def start(cls, folder: Path, cache_folder: Path | None) -> ReadAhead | None:
        """Read the files below `folder`, and start the workers on those that
        `cache_folder` (the cache of read files) does not hold, when there are enough of
        them for the workers to pay off and workers may be forked; None when `folder`
        is not a folder."""
        if not folder.is_dir():
            return None
        files: dict[str, tuple[bytes, str]] = {}
        items: list[tuple[str, str, bytes]] = []
        found = find_files(folder, [])
        for file, shown in zip(found, _display_paths(found, folder, None), strict=True):
            try:
                raw = _read_bounded(file, shown, [])
            except OSError:
                continue
            if raw is None:  # too large: the load reports it
                continue
            key = ReadCache.key(shown, raw)
            files[shown] = raw, key
            if not kept(cache_folder, key):
                items.append((shown, key, raw))
        ahead = (parallel.Ahead(_read_item, items)
                 if len(items) >= PARALLEL_FROM and parallel.can_fork() else None)
        return cls(files, ahead, [key for _, key, _ in items])

    @property
    def forked(self) -> bool:
        """Whether workers were started."""
        return self._ahead is not None

    def file(self, shown: str) -> tuple[bytes, str] | None:
        """The bytes and content key of the file shown as `shown`, as read here."""
        return self._files.get(shown)

    def results(self) -> Iterator[tuple[str, bytes]]:
        """What the workers read, pickled, with its content key, as they finish (nothing
        more once they failed: the load reads the rest itself)."""
        if self._ahead is None:
            return iter(())
        # Shorter than the keys when the workers failed: the load reads the rest.
        return zip(self._keys, self._ahead.results(), strict=False)

    def close(self) -> None:
        if self._ahead is not None:
            self._ahead.close()


def _read_item(item: tuple[str, str, bytes]) -> FileRead:
    shown, _, raw = item
    return read_file(raw, shown)


@dataclass
class Checked:
    """One document of a file, validated: the entity, or its errors."""

    kind: str
    ident: str
    """The entity's id, `?` when it has none that could be told."""
    source: Source
    entity: BaseModel | None
    errors: list[Diagnostic]
    refs: list[tuple[Diagnostic, str, str, str]]
    """References that failed as ids (see `_NameRef`)."""
    id_written: bool
    """Whether the document has an `id:` of its own (else the file name gives it)."""


@dataclass
class FileRead:
    """What one file holds, read and validated on its own: a function of its bytes and
    its shown path only, so it can be kept between builds (`core.cache`) and placed into
    a catalogue again (`add_read`) without reading the file."""

    shown: str
    names: list[tuple[str, str, str]]
    """(kind, `suggest.name_key` of its display name, id) of each document with both."""
    steps: list[Checked | Diagnostic]
    """In file order: a validated document, or the problem that kept one out."""
    diagnostics: list[Diagnostic]
    """What reading the file found (YAML, values), before validation."""
    codes: frozenset[str]
    """The codes of every problem in the file, validation included."""


def read_file(raw: bytes, shown: str) -> FileRead:
    """Read and validate one file's documents, nothing across files."""
    diags: list[Diagnostic] = []
    docs = read_documents(raw, shown, diags, keys=_FORMAT_KEYS)
    for doc in docs:  # kept in a cache without its positions: see `Located`
        doc.where.read_again_from(raw, shown, doc.index)
    several = len(docs) > 1
    names = [entry for doc in docs if (entry := _name_entry(doc, several=several))]
    steps = [_check_document(doc, several) for doc in docs]
    codes = {d.code for d in diags}
    for step in steps:
        if isinstance(step, Diagnostic):
            codes.add(step.code)
        else:
            codes.update(d.code for d in step.errors)
    return FileRead(shown, names, steps, diags, frozenset(codes))


def add_read(catalogue: Catalogue, key: str, read: FileRead, diags: list[Diagnostic]) -> None:
    """Place a file's documents (`key`: its content key) into the catalogue, in file
    order (an id used twice is reported at its second use)."""
    catalogue.file_keys[read.shown] = key
    if read.steps and not read.codes and all(isinstance(step, Checked) for step in read.steps):
        kinds = {step.kind for step in read.steps if isinstance(step, Checked)}
        if kinds == {"journey"}:
            catalogue.journey_files.add(read.shown)
        elif "journey" not in kinds:
            catalogue.entity_files.add(read.shown)
    diags.extend(read.diagnostics)
    for kind, key, ident in read.names:
        catalogue.names.setdefault(kind, {}).setdefault(key, []).append(ident)
    for step in read.steps:
        if isinstance(step, Diagnostic):
            diags.append(step)
        else:
            _place(catalogue, step, diags)
    if read.codes & UNLOADING:
        catalogue.unloaded.append(read.shown)
    if read.codes & HIDING_IDS:
        catalogue.unknown_ids.append(read.shown)


@dataclass(frozen=True)
class _NameRef:
    """A reference that is not an id, waiting for the names of every file."""

    diagnostic: Diagnostic
    key: str
    value: str
    target: str
    entity: tuple[str, str]


def _suggest_ids(catalogue: Catalogue, diags: list[Diagnostic]) -> None:
    """Propose ids for display names and lists written where an id belongs, once the
    names of all files are known (a reference may name an entity of a later file).
    Only invalid references are kept for this, so memory stays as it was."""
    better: dict[Diagnostic, Diagnostic] = {}
    known: dict[str, set[str]] = {}
    for ref in catalogue.name_refs:
        names = catalogue.names.get(ref.target, {})
        if ref.target not in known:
            known[ref.target] = {ident for ids in names.values() for ident in ids}
        fix = _reference_fix(ref.key, ref.value, ref.target, names, known[ref.target])
        if fix:
            old = ref.diagnostic
            better[old] = make(old.code, old.path, old.line, old.col,
                               f"`{ref.key}` '{ref.value}' is not an id; {fix}")
    if better:
        diags[:] = [better.get(d, d) for d in diags]
        for entity in {ref.entity for ref in catalogue.name_refs}:
            errors = catalogue.invalid[entity]
            errors[:] = [better.get(d, d) for d in errors]
    catalogue.name_refs.clear()


def _name_entry(doc: Document, *, several: bool) -> tuple[str, str, str] | None:
    data = doc.data
    kind = data.get("kind") if isinstance(data, dict) else None
    if not isinstance(kind, str) or kind not in KINDS:
        return None
    ident = data.get("id", None if several else stem_id(doc.path))
    name = data.get("title" if kind == "journey" else "name")
    if isinstance(ident, str) and re.fullmatch(ID_PATTERN, ident) and isinstance(name, str):
        return kind, name_key(name), ident
    return None


def _check_document(doc: Document, several: bool) -> Checked | Diagnostic:
    """Validate one document on its own: the entity or its errors, or the problem that
    keeps it out (no `kind`, no id)."""
    data: Any = doc.data
    if not isinstance(data, dict):
        found = _describe(data)
        return make("CJM003", doc.path, doc.start.line, doc.start.col,
                    f"a definition must be a map of `key: value` lines starting with `kind:`, "
                    f"found {found}")
    kind = data.get("kind")
    if kind is None:
        return make("CJM010", doc.path, doc.start.line, doc.start.col,
                    "this document has no `kind`; add `kind: persona`, `kind: stakeholder` or "
                    "`kind: journey` as its first line")
    if not isinstance(kind, str) or kind not in KINDS:
        p = doc.where.value(("kind",))
        return make("CJM011", doc.path, p.line, p.col,
                    f"unknown kind '{kind}'{_kind_hint(kind)}; "
                    "use persona, stakeholder or journey")
    if "id" not in data:
        if several:
            return make("CJM018", doc.path, doc.start.line, doc.start.col,
                        f"this file holds several documents, so each needs an `id:`; add one "
                        f"to this {kind}")
        derived = stem_id(doc.path)
        if not re.fullmatch(ID_PATTERN, derived):
            return make("CJM016", doc.path, doc.start.line, doc.start.col,
                        f"this {kind} has no `id:` and the file name gives '{derived}', which "
                        f"is not a valid id; add `id: {slugify(derived)}` or rename the file")
        data = {**data, "id": derived}
    checked = check_entity(kind, data, Source(doc.path, doc.where, doc.start),
                           id_written="id" in doc.data)
    if doc.flagged:  # the reader already said what is wrong with these values
        checked.errors = [e for e in checked.errors if (e.line, e.col) not in doc.flagged]
    return checked


def check_entity(kind: str, data: dict[str, Any], source: Source, *,
                 id_written: bool = True) -> Checked:
    """Validate one entity's data on its own (a document of a file, or an entry of a
    JSON export): the entity, or its errors at their places in `source`."""
    model = KINDS[kind]
    ident = data.get("id")
    ident_text = str(ident) if ident is not None else "?"
    try:
        entity = model.model_validate(data)
    except ValidationError as exc:
        refs: list[tuple[Diagnostic, str, str, str]] = []
        errors = errors_to_diagnostics(exc, data, model, source, kind, refs)
        return Checked(kind, ident_text, source, None, errors, refs, id_written)
    return Checked(kind, entity.id, source, entity, [], [], id_written)


def read_entities(
    entities: list[tuple[str, dict[str, Any], Source]], unread: str | None = None
) -> LoadResult:
    """Entities given as data, each with where it was written (the entries of a JSON
    export), validated and placed into a catalogue as `read_texts` places the documents
    of files. `unread` names where entries could not be told apart (no object, a wrong
    kind): what they define is unknown, so no reference is called unknown."""
    diags: list[Diagnostic] = []
    catalogue = Catalogue()
    for kind, data, source in entities:
        checked = check_entity(kind, data, source)
        name = data.get("title" if kind == "journey" else "name")
        if isinstance(name, str) and re.fullmatch(ID_PATTERN, checked.ident):
            catalogue.names.setdefault(kind, {}).setdefault(name_key(name), []).append(
                checked.ident)
        _place(catalogue, checked, diags)
    if unread is not None:
        catalogue.unloaded.append(unread)
        catalogue.unknown_ids.append(unread)
    _suggest_ids(catalogue, diags)
    refuse_page_ids(catalogue, diags)
    index_comparisons(catalogue)
    return LoadResult(catalogue, diags)


def _place(catalogue: Catalogue, checked: Checked, diags: list[Diagnostic]) -> None:
    kind, source = checked.kind, checked.source
    if checked.entity is None:
        catalogue.name_refs.extend(_NameRef(*ref, (kind, checked.ident)) for ref in checked.refs)
        diags.extend(checked.errors)
        catalogue.invalid.setdefault((kind, checked.ident), []).extend(checked.errors)
        catalogue.sources.setdefault((kind, checked.ident), source)
        return
    tables: dict[str, dict[str, Any]] = {
        "persona": catalogue.personas,
        "stakeholder": catalogue.stakeholders,
        "journey": catalogue.journeys,
    }
    table = tables[kind]
    if checked.ident in table:
        first = catalogue.sources[(kind, checked.ident)]
        p = source.value("id") if checked.id_written else source.start
        diag = make("CJM020", source.path, p.line, p.col,
                    f"{kind} id '{checked.ident}' is already used at "
                    f"{first.path}:{first.start.line}; ids must be unique per kind, so rename "
                    "one of them")
        diags.append(diag)
        catalogue.duplicates.append((kind, checked.ident, diag))
        return
    table[checked.ident] = checked.entity
    catalogue.sources[(kind, checked.ident)] = source


def index_comparisons(catalogue: Catalogue) -> None:
    """Fill `catalogue.compared_by` from the journeys' `compares_to`."""
    catalogue.compared_by = {}
    for journey in catalogue.journeys.values():
        if journey.compares_to:
            catalogue.compared_by.setdefault(journey.compares_to, []).append(journey.id)


def refuse_page_ids(catalogue: Catalogue, diags: list[Diagnostic]) -> None:
    """Journeys and personas whose id cannot name a page (`index`, too long) are
    reported and kept as invalid: no page replaces another, and references to them
    are not reported a second time as unknown."""
    pages: list[tuple[str, dict[str, Any]]] = [
        ("journey", catalogue.journeys), ("persona", catalogue.personas),
    ]
    invalid = [(kind, ident) for kind, ident in catalogue.invalid if kind in dict(pages)]
    for kind, table in pages:
        for ident in sorted(set(table) | {i for k, i in invalid if k == kind}):
            if len(ident) > MAX_NAME_CHARS:
                continue  # reported as too long (CJM063) where it was read
            problem = page_id_problem(ident, kind) if re.fullmatch(ID_PATTERN, ident) else None
            if problem is None:
                continue
            source = catalogue.sources[(kind, ident)]
            written = ("id",) in source.where.values
            p = source.value("id") if written else source.start
            fix = (
                f"pick another id, e.g. `id: {shorter_id(ident)}`" if written
                else f"add `id: {shorter_id(ident)}` or rename the file"
            )
            shown = ident if len(ident) <= 40 else ident[:37] + "..."
            diag = make("CJM060", source.path, p.line, p.col,
                        f"{kind} id '{shown}' cannot name a page: {problem}; {fix}")
            diags.append(diag)
            if ident in table:
                del table[ident]
            catalogue.invalid.setdefault((kind, ident), []).append(diag)


# --- pydantic errors -> diagnostics ------------------------------------------------------

# Words authors reach for that the site does not show as a label (the labels themselves,
# `Ist`, `In Arbeit`, ..., are understood through `suggest.value_as_shown`).
_SYNONYMS = {
    "aktuell": "current", "as-is": "current", "ziel": "target", "to-be": "target",
    "partnerin": "partner", "formell": "formal", "teilweise": "partial",
    "forschung": "research", "niedrig": "low",
}

_EXPECTED = {
    "string_type": "text",
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "finite_number": "a finite number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a map of `key: value` lines",
    "model_type": "a map of `key: value` lines",
    "model_attributes_type": "a map of `key: value` lines",
    "date_type": "a date (YYYY-MM-DD)",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {number_text(value)}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{short}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a map"
    return type(value).__name__




_UNION_MEMBER = re.compile(r"^(str|bool|float|int|list|dict|date|none|.*[\\[(].*)$")


def _data_path(loc: tuple[str | int, ...], data: Any) -> PathKey:
    """The part of a pydantic `loc` that indexes the data (drops union member names)."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
            out.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            out.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and not _UNION_MEMBER.match(part):
            # A missing key: keep it as the last element, then stop.
            out.append(part)
            break
        # Anything else names a member of a union type, not a place in the file.
    return tuple(out)


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap_model(typing.get_args(annotation)[0])
    # `origin is None`: on Python 3.10, `list[Phase]` passes isinstance(..., type) but not
    # issubclass.
    if origin is None and isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _unwrap_model(arg)
            if found is not None:
                return found
    return None


def model_at(model: type[BaseModel], path: PathKey) -> type[BaseModel] | None:
    """The model class that describes the map at `path` (for did-you-mean hints)."""
    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap_model(info.annotation)
    return current


def _where_name(model: type[BaseModel] | None, kind: str) -> str:
    if model is None:
        return kind
    return re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__).lower()


def errors_to_diagnostics(
    exc: ValidationError,
    data: dict[str, Any],
    model: type[BaseModel],
    source: Source,
    kind: str,
    refs: list[tuple[Diagnostic, str, str, str]] | None = None,
) -> list[Diagnostic]:
    """`refs` collects (diagnostic, key, value, kind of entity) of references that are not
    ids, whose fix depends on the names of all files."""
    # A union (true/false or text) fails once per member: one message per place,
    # naming everything that would have been accepted.
    by_path: dict[PathKey, list[ErrorDetails]] = {}
    for err in _without_follow_ons(exc.errors(include_url=False), data, model):
        by_path.setdefault(_data_path(err["loc"], data), []).append(err)
    out: list[Diagnostic] = []
    for path, errs in by_path.items():
        expected = [_EXPECTED[e["type"]] for e in errs if e["type"] in _EXPECTED]
        if len(expected) > 1 and len(expected) == len(errs):
            alternatives = " or ".join(dict.fromkeys(expected))
            out.append(_type_error(source, path, alternatives, errs[0].get("input")))
        else:
            # A text too long for `moment_of_truth` is no reason to say it must be true
            # or false: the length is what to fix.
            first = next((e for e in errs if e["type"] == "string_too_long"), errs[0])
            found = _error_to_diagnostic(first, path, model, source, kind, data)
            out.append(found)
            target = REFERENCES.get(_field_name(path))
            if refs is not None and target and errs[0]["type"] == "string_pattern_mismatch":
                refs.append((found, _field_name(path), str(errs[0].get("input")), target))
    return out


def _field_name(path: PathKey) -> str:
    names = [p for p in path if isinstance(p, str)]
    return names[-1] if names else "document"


def _error_to_diagnostic(
    err: ErrorDetails, path: PathKey, model: type[BaseModel], source: Source, kind: str,
    data: Any,
) -> Diagnostic:
    etype = err["type"]
    value = err.get("input")
    name = _field_name(path)
    parent = model_at(model, path[:-1])
    where = _where_name(parent, kind)
    vpos = source.value(*path)
    if etype == "missing":
        p = source.value(*path[:-1])
        return make("CJM012", source.path, p.line, p.col,
                    f"{where} is missing the required field `{name}`; add `{name}: ...`")
    if etype == "extra_forbidden":
        p = source.key(*path)
        allowed = list(parent.model_fields) if parent else []
        home = (
            _nested_home(name, parent, value_at(data, path[:-1]), source, path[:-1], p)
            if parent else None
        )
        if home is not None:
            return make("CJM013", source.path, p.line, p.col, f"`{name}` is a key of {home}")
        hint = _key_hint(name, allowed, where)
        fix = (
            " or move it under `extra:` (free key/value pairs)"
            if "extra" in allowed else ""
        )
        return make("CJM013", source.path, p.line, p.col,
                    f"unknown key `{name}` in {where}{hint}; remove it{fix}")
    if etype == "literal_error":
        allowed_text = err.get("ctx", {}).get("expected", "")
        choices = re.findall(r"'([^']*)'", str(allowed_text))
        synonym = value_as_shown(name, str(value), choices) or _SYNONYMS.get(
            str(value).strip().casefold()
        )
        hint = (
            f" (did you mean '{synonym}'?)" if synonym in choices
            else did_you_mean(str(value), choices)
        )
        return make("CJM015", source.path, vpos.line, vpos.col,
                    f"`{name}` cannot be {_describe(value)}{hint}; allowed: {', '.join(choices)}")
    if etype == "string_pattern_mismatch":
        suggestion = slugify(str(value))
        return make("CJM016", source.path, vpos.line, vpos.col,
                    f"`{name}` '{value}' is not a valid id: use lowercase letters, digits and "
                    f"'-' only, starting with a letter or digit (e.g. '{suggestion}')")
    if etype == "cjm_date":
        return make("CJM017", source.path, vpos.line, vpos.col, f"`{name}`: {err['msg']}")
    if etype == "cjm_empty":
        return make("CJM012", source.path, vpos.line, vpos.col,
                    f"{where} `{name}` must not be empty; write it after `{name}:`")
    if etype == "string_too_long":
        return _too_long(err, path, model, source, kind)
    if etype == "too_short":
        return make("CJM019", source.path, vpos.line, vpos.col,
                    f"`{name}` needs at least one entry; add one below "
                    f"`{name}:`")
    if etype == "cjm_persona":
        p = source.start
        return make("CJM028", source.path, p.line, p.col, err["msg"])
    if etype == "cjm_photo":
        return make("CJM027", source.path, vpos.line, vpos.col, f"`{name}`: {err['msg']}")
    if etype == "cjm_scale":
        return make("CJM029", source.path, vpos.line, vpos.col, f"`{name}`: {err['msg']}")
    expected = _EXPECTED.get(etype)
    if expected is None:
        return make("CJM014", source.path, vpos.line, vpos.col, f"`{name}`: {err['msg']}")
    return _type_error(source, path, expected, value)


REFERENCES = {
    "persona": "persona", "personas": "persona", "owner": "stakeholder",
    "stakeholders": "stakeholder", "responsible": "stakeholder", "compares_to": "journey",
}
"""Keys whose value names another entity by id, and that entity's kind."""


_REST_GOES = {
    ("journey", "title"): "summary", ("persona", "name"): "summary",
    ("persona", "role"): "career", ("persona", "segment"): "summary",
    ("persona", "quote"): "summary", ("stakeholder", "name"): "description",
    ("phase", "name"): "description", ("step", "name"): "action",
    ("step", "touchpoint"): "action", ("step", "channel"): "action",
    ("opportunity", "title"): "description", ("kpi", "name"): "extra",
    ("kpi", "unit"): "extra", ("kpi", "source"): "extra",
}
"""Where the rest of a name or sentence that is too long belongs: a field of the same
entity that takes a longer text."""


def _too_long(
    err: ErrorDetails, path: PathKey, model: type[BaseModel], source: Source, kind: str
) -> Diagnostic:
    """A text longer than the format allows, with the way to shorten it."""
    number = path[-1] if path and isinstance(path[-1], int) else None
    entry = number is not None  # of a list: `pains`, `tags`
    key_path = path[:-1] if entry else path
    name = _field_name(path)
    where = _where_name(model_at(model, key_path[:-1]), kind)
    value = str(err.get("input", ""))
    length = len(value.strip())
    limit = int(err.get("ctx", {}).get("max_length", MAX_NAME_CHARS))
    if key_path == ("id",) and kind in ("journey", "persona"):
        limit = PAGE_ID_MAX  # it names a page (CJM060)
    target = "stakeholder or persona" if name == "to" else REFERENCES.get(name)
    home = _REST_GOES.get((where, name))
    if key_path == ("id",):
        short = shorter_id(slugify(value))
        fix = (
            f"pick a short id, e.g. `id: {short}`" if source.written("id")
            else f"add `id: {short}` or rename the file"
        )
    elif target:
        fix = f"write the id of the {target} here, not its name or a description"
    elif home == "extra":
        fix = "shorten it and put the rest under `extra:` (free key/value pairs)"
    elif home:
        fix = f"shorten it and put the rest into `{home}:`"
    elif name == "photo":
        fix = "use a shorter path or link"
    elif limit < MAX_TEXT_CHARS and entry:
        fix = f"shorten it to a few words; write several {name} as entries of their own"
    elif limit < MAX_TEXT_CHARS:
        fix = "shorten it to a few words"
    elif entry:
        fix = "shorten it, or split it into several entries"
    else:
        fix = "shorten it, and keep the full text elsewhere with a link to it"
    what = f"{where} `{name}`" if number is None else f"entry {number + 1} of {where} `{name}`"
    vpos = source.value(*path)
    return make("CJM063", source.path, vpos.line, vpos.col,
                f"{what} is {length:,} characters long; {'each entry' if entry else 'it'} "
                f"may have at most {limit:,}: {fix}")


_LISTS = {"personas", "stakeholders", "responsible"}


_KIND_WORDS = {
    "reise": "journey", "kundenreise": "journey", "customer-journey": "journey",
    "journey-map": "journey", "person": "persona", "kunde": "persona", "kundin": "persona",
    "beteiligter": "stakeholder", "beteiligte": "stakeholder", "akteur": "stakeholder",
    "interessengruppe": "stakeholder", "anspruchsgruppe": "stakeholder",
}
"""German words for the three kinds (the kinds themselves are English)."""


_NESTING = 3
"""Levels searched for the entity a key belongs to (journey > phase > step > KPI)."""


def _nested_home(
    name: str, model: type[BaseModel], node: Any, source: Source, at: PathKey, written: Pos
) -> str | None:
    """Where a key written too far left belongs (`steps:` in line with `phases:`): the
    last item above it, of an entity that has this key, and the column to indent it to.
    Only when that item stands above the key: elsewhere the key is more likely a typo.
    Follows the last item of each list only: a few lookups per unknown key."""
    level: list[tuple[type[BaseModel], Any, PathKey]] = [(model, node, at)]
    for _ in range(_NESTING):
        deeper: list[tuple[type[BaseModel], Any, PathKey]] = []
        for current, data, path in level:
            for field_name, info in current.model_fields.items():
                inner = _unwrap_model(info.annotation)
                items = data.get(field_name) if isinstance(data, dict) else None
                if inner is None or not items or not isinstance(items, list):
                    continue
                last, index = items[-1], len(items) - 1
                if not isinstance(last, dict) or not last:
                    continue
                item = (*path, field_name, index)
                first_key = next(iter(last))
                first = source.key(*item, first_key)
                if name in inner.model_fields and first.line < written.line:
                    what = _where_name(inner, "")
                    owner = _where_name(model, "")
                    return (f"{_article(what)} {what} (under `{field_name}:`), not of "
                            f"{_article(owner)} {owner}; indent it "
                            f"to line up with `{first_key}:` on line {first.line} (column "
                            f"{first.col}), the first key of the {what} above it")
                deeper.append((inner, last, item))
        level = deeper
    return None


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _kind_hint(kind: object) -> str:
    word = _KIND_WORDS.get(slugify(kind)) if isinstance(kind, str) else None
    return f" (did you mean '{word}'?)" if word else did_you_mean(str(kind), KINDS)


def _reference_fix(
    name: str, value: str, target: str, names: Mapping[str, list[str]], known: set[str]
) -> str | None:
    """The fix for a display name, or several ids in one text, where an id belongs;
    `known` holds the ids of `target` entities."""
    parts = comma_parts(value)
    words = value.split()
    if not parts and len(words) > 1 and all(w in known for w in words) and not ids_by_name(
        names, value
    ):
        parts = words  # `stakeholders: kundenservice vertrieb`: ids without commas
    if parts and (name in _LISTS or name == "persona"):
        ids = [_one_id(part, names) for part in parts]
        key = "personas" if name == "persona" else name
        why = "a shared journey lists its personas" if name == "persona" else "write them"
        return f"{why} as a list of ids: `{key}: [{', '.join(ids)}]`"
    if parts:
        return (f"`{name}` takes one {target} id, not several; keep one of: "
                f"{', '.join(_one_id(part, names) for part in parts)}")
    ids = ids_by_name(names, value)
    if len(ids) == 1:
        return f"it is the name of {target} '{ids[0]}', so write its id: `{name}: {ids[0]}`"
    if ids:
        return (f"several {target}s have this name ({', '.join(ids)}); write the id of the "
                f"one you mean, e.g. `{name}: {ids[0]}`")
    return None


def _one_id(written: str, names: Mapping[str, list[str]]) -> str:
    ids = ids_by_name(names, written)
    return ids[0] if len(ids) == 1 else slugify(written)


def _without_follow_ons(
    errors: list[ErrorDetails], data: dict[str, Any], model: type[BaseModel]
) -> list[ErrorDetails]:
    """A required key missing beside a misspelling of it (`nmae: Anna`, `titel: Kauf`) is
    one mistake, reported once, as the misspelling; so is a journey without persona
    beside `kunde: anna`."""
    meant: set[tuple[str | int, ...]] = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            *parent, key = err["loc"]
            found = model_at(model, _data_path(tuple(parent), data))
            key_meant = meant_key(str(key), list(found.model_fields) if found else [])
            if key_meant is not None:
                meant.add((*parent, key_meant))
    return [
        e for e in errors
        if not (e["type"] == "missing" and tuple(e["loc"]) in meant)
        and not (e["type"] == "cjm_persona" and meant & {("persona",), ("personas",)})
    ]


def meant_key(name: str, allowed: list[str]) -> str | None:
    """The key an unknown key most likely stands for: its English key when it is a
    German key name, else the closest key."""
    fitting = [key for key in english_keys(name) if key in allowed]
    if fitting:
        return fitting[0]
    return None if english_keys(name) else closest(name, allowed)


def _key_hint(name: str, allowed: list[str], where: str) -> str:
    meant = meant_key(name, allowed)
    if meant:
        return f" (did you mean '{meant}'?)"
    english = english_keys(name)
    if english:
        # Rather than a close English key that would mislead (`schritte` is not `state`).
        return f" (`{name}` is `{english[0]}`, which a {where} does not have)"
    return ""


def _slip_in_value(source: Source, path: PathKey, expected: str, value: Any) -> Diagnostic | None:
    """The YAML slip that valid YAML turned into a value of the wrong type: `- name:B`
    (text where a map belongs), `- Ärger: groß` (a map where text belongs)."""
    vpos = source.value(*path)
    item = "- " if path and isinstance(path[-1], int) else ""
    if isinstance(value, str) and expected.endswith("lines"):
        found = no_space(value)
        # Only a key of the format: `- 8:30` is a time, not `8: 30`.
        if found is not None and (found[0] in _FORMAT_KEYS or english_keys(found[0])):
            key, rest = found
            return make("CJM042", source.path, vpos.line, vpos.col + len(key),
                        no_space_message(key, rest, f"{item}{key}: {rest}"))
    if item and isinstance(value, dict) and len(value) == 1 and expected.endswith("text"):
        ((key, inner),) = as_written(value).items()
        if isinstance(inner, str):
            fixed = f"- {quote(f'{key}: {inner}')}"
            return make("CJM043", source.path, vpos.line, vpos.col, colon_message(
                "this list item", fixed))
    return None


def _type_error(source: Source, path: PathKey, expected: str, value: Any) -> Diagnostic:
    slip = _slip_in_value(source, path, expected, value)
    if slip is not None:
        return slip
    name = _field_name(path)
    vpos = source.value(*path)
    hint = ""
    if isinstance(value, bool) and expected.endswith("text"):
        hint = "; YAML reads yes/no/on/off/true/false as booleans, so put the text in quotes"
    elif value is None:
        hint = f"; write a value after `{name}:` or remove the line"
    elif isinstance(value, (dict, list)) and expected.endswith("text"):
        hint = "; check the indentation of the lines below"
    elif isinstance(value, str) and "number" in expected and decimal_point(value):
        hint = f"; write decimals with a point: `{name}: {decimal_point(value)}`"
    found = _describe(value)
    if expected == _EXPECTED["finite_number"] and isinstance(value, str):
        with contextlib.suppress(ValueError):  # text that reads as infinity: `1e400`, `inf`
            found = f"the number {number_text(float(value), value.strip())}"
    return make("CJM014", source.path, vpos.line, vpos.col,
                f"`{name}` must be {expected}, found {found}{hint}")
