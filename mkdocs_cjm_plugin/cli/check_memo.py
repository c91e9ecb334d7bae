"""The last result of `cjm check`, kept so that a run over an unchanged handbook prints it
without loading anything: a pre-commit hook that costs nothing while nothing changed.

A result is used again only for the same question asked of the same inputs:

- the **key** covers what the run was asked and how it answers: the code (see
  `core.cache.code_version`), the working folder (paths in messages are relative to it),
  the arguments, today's date, the mkdocs.yml (its path and bytes) and the values of the
  environment variables its `!ENV` tags name;
- the **inputs** are what the answer was read from, taken before the check reads
  anything (a file changed during a run gives a different digest the next time, never a
  stale answer): every definition file's bytes and where the symbolic links that are
  not followed stand; every entry of the docs folder as the check sees it, through
  symbolic links (the bytes of pages and small files, the size and time of larger ones
  such as photos, the kind alone of named pipes, sockets and devices, which are never
  opened); whether `custom_templates` is a folder; the cache folder's files the plugin
  did not write.

The entry lives in the cache folder of the read files (`<cache_dir>/files/check.json`),
signed like every entry there (see `core.cache`). This module imports neither MkDocs nor
the model: on a hit, `cjm check` reads mkdocs.yml with the YAML reader only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs_cjm_plugin.core.cache import (
    CACHE_TAG,
    DEFAULT_CACHE_DIR,
    FILES,
    OWN_CACHE_FILE,
    OWN_ENTRY_FILE,
    code_version,
    secret,
)
from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, Severity
from mkdocs_cjm_plugin.core.files import (
    DEFAULT_SOURCE,
    find_files,
    open_regular,
    read_regular,
    source_problem,
    write_atomic,
)
from mkdocs_cjm_plugin.core.yaml_source import MAX_FILE_BYTES, read_documents
from mkdocs_cjm_plugin.targets.mkdocs.locate import find_config, plugin_options

MEMO = "check.json"
_MAGIC = b"cjm-check-1\n"
_DIGEST = 32
_HASHED_UP_TO = 64 * 1024
"""Files of the docs folder up to this size are compared by their bytes, and pages of
any size; other files (photos, downloads), which a check only looks for, by size and
modification time."""
_PAGES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd", ".html", ".htm")
_ENV = re.compile(r"!ENV\s*(\[[^\]]*\]|[^\s,\]}]+)")


@dataclass(frozen=True)
class Answer:
    """What `cjm check` found: its diagnostics and what it counted."""

    diagnostics: list[Diagnostic]
    files: int
    journeys: int
    personas: int


@dataclass(frozen=True)
class Folders:
    """The folders a check reads, as the memo sees them in mkdocs.yml; an answer is kept
    only when the check itself used the same ones."""

    source: Path
    docs: Path
    cache: Path
    templates: Path | None


@dataclass
class CheckMemo:
    entry: Path
    key: str
    folders: Folders
    signing_key: bytes
    base: Path
    """The folder of mkdocs.yml."""

    @classmethod
    def open(
        cls, source_arg: str | None, config_arg: str | None, today: dt.date | None
    ) -> CheckMemo | None:
        """The memo of this run, or None when there can be none: no mkdocs.yml with a
        cjm entry, the cache off, a source folder that is not there, no signing key."""
        cwd = Path.cwd()
        config = Path(config_arg) if config_arg else find_config(
            Path(source_arg) if source_arg else None, cwd
        )
        if config is None:
            return None
        try:
            raw = config.read_bytes()
        except OSError:
            return None
        folders = _folders(raw, config, source_arg)
        signing_key = secret()
        if folders is None or signing_key is None or not folders.source.is_dir():
            return None
        if source_problem(str(folders.source), config.parent) is not None:
            return None  # refused (CJM061): its digest would walk the whole disk
        text = raw.decode("utf-8", errors="replace")
        digest = hashlib.sha256()
        for part in (
            code_version(), str(cwd), str(config.resolve()), source_arg or "",
            config_arg or "", today.isoformat() if today else "", dt.date.today().isoformat(),
            *(f"{name}={os.environ.get(name)}" for name in _env_names(text)),
        ):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(raw)
        return cls(folders.cache / FILES / MEMO, digest.hexdigest(), folders, signing_key,
                   config.parent)

    def inputs(self) -> str | None:
        """A digest of everything the answer is read from, as it is now; None when that
        is more than the memo looks at (then it neither answers nor keeps an answer)."""
        digest = hashlib.sha256()
        outside: list[Path] = []
        source = self.folders.source
        for file in find_files(source, outside):
            digest.update(b"S" + _name(file, source))
            _digest_definition(digest, file)
        for link in outside:
            digest.update(b"L" + _name(link, source) + bytes([link.exists()]))
        if not _digest_tree(digest, self.folders.docs):
            return None
        templates = self.folders.templates
        digest.update(b"T" + bytes([templates is not None and templates.is_dir()]))
        _digest_cache_folder(digest, self.folders.cache)
        return digest.hexdigest()

    def recall(self, inputs: str) -> Answer | None:
        """The answer kept for this key and these inputs, or None."""
        try:
            data = self.entry.read_bytes()
        except OSError:
            return None
        head = len(_MAGIC) + _DIGEST
        payload = data[head:]
        signature = hmac.digest(self.signing_key, payload, "sha256")
        if not data.startswith(_MAGIC) or not hmac.compare_digest(
            signature, data[len(_MAGIC):head]
        ):
            return None
        try:
            return _answer(json.loads(payload), self.key, inputs)
        except (ValueError, TypeError, KeyError):
            return None

    def keep(self, inputs: str, answer: Answer, used: Folders) -> None:
        """Keep `answer` for the next run, if the check read the folders the memo looked
        at (else a later run could not tell whether they changed)."""
        if used != self.folders:
            return
        payload = json.dumps({
            "version": 1, "key": self.key, "inputs": inputs,
            "counts": [answer.files, answer.journeys, answer.personas],
            "diagnostics": [d.as_json() for d in answer.diagnostics],
        }, ensure_ascii=False, sort_keys=True).encode("utf-8")
        signature = hmac.digest(self.signing_key, payload, "sha256")
        try:
            self.entry.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.entry, _MAGIC + signature + payload)
        except OSError:
            pass  # a cache that cannot be written only costs the next run its time


def _folders(raw: bytes, config: Path, source_arg: str | None) -> Folders | None:
    """The folders of mkdocs.yml's plain settings; None where the memo cannot tell them
    (no cjm entry, the cache off, a value that is not plain text)."""
    docs = read_documents(raw, str(config), [], config=True)
    data = docs[0].data if docs else None
    if not isinstance(data, dict) or "INHERIT" in data:  # settings from elsewhere too
        return None
    options, at = plugin_options(data.get("plugins"))
    if not at:
        return None
    base = config.parent
    cache = options.get("cache_dir", DEFAULT_CACHE_DIR)
    source = options.get("source", DEFAULT_SOURCE)
    docs_dir = data.get("docs_dir") or "docs"
    templates = options.get("custom_templates")
    if not all(isinstance(v, str) and v for v in (cache, source, docs_dir)) or not (
        templates is None or isinstance(templates, str)
    ):
        return None
    return Folders(
        source=Path(source_arg) if source_arg else base / source,
        docs=base / docs_dir,
        cache=base / cache,
        templates=base / templates if templates else None,
    )


def _env_names(text: str) -> list[str]:
    """Every word after an `!ENV` tag (a variable's name, or a default, which costs
    nothing to include), each once."""
    names: dict[str, None] = {}
    for found in _ENV.finditer(text):
        for word in re.split(r"[\s,\[\]'\"]+", found.group(1)):
            if word:
                names[word] = None
    return list(names)


def _name(path: Path, folder: Path) -> bytes:
    return path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape") + b"\0"


_LINKED_ENTRIES = 20_000
"""How many entries the memo looks at below folders that symbolic links in the docs
folder lead to, at most; past that it does not answer (the check runs in full), so that
a link to a large folder (`/`, the home folder) costs the memo no more than this."""


class _TooLarge(Exception):
    """The folders the docs folder links to hold more than `_LINKED_ENTRIES`."""


def _digest_definition(digest: Any, file: Path) -> None:
    """A definition file by its bytes, as the check reads it: one over the size limit,
    which the check refuses unread, by its size and time."""
    try:
        with open_regular(file) as stream:
            info = os.fstat(stream.fileno())
            if info.st_size > MAX_FILE_BYTES:
                digest.update(f"{info.st_size}:{info.st_mtime_ns}".encode())
            else:
                digest.update(hashlib.sha256(stream.read()).digest())
    except OSError as exc:  # the check reports it (CJM006), with the reason
        digest.update(f"?{exc.errno}".encode())


def _digest_tree(digest: Any, folder: Path) -> bool:
    """Every entry below `folder` as the check sees it, which follows symbolic links (a
    photo, a page or a file in the way of a generated page may be one, or lie in a
    linked folder): a link by its text and what it leads to, a linked folder walked
    once. Regular files by their bytes or their size and time (`_HASHED_UP_TO`); a
    named pipe, socket or device by its kind alone, never opened: reading a pipe waits
    for a writer forever. False when linked folders hold too much to look at."""
    if not folder.is_dir():
        digest.update(b"D-")
        return True
    try:
        _digest_folders(digest, folder)
    except _TooLarge:
        return False
    return True


def _digest_folders(digest: Any, folder: Path) -> None:
    # Each folder once, by device and inode: links that go round in a circle, or two
    # links to one folder, are named but not walked again.
    walked: set[tuple[int, int]] = set()
    todo: list[tuple[str, bytes, bool]] = [(str(folder), b"", False)]
    linked = 0
    while todo:
        here, shown, through_link = todo.pop()
        try:
            info = Path(here).stat()
            if (info.st_dev, info.st_ino) in walked:
                digest.update(b"W" + shown + b"\0")
                continue
            walked.add((info.st_dev, info.st_ino))
            with os.scandir(here) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError:
            digest.update(b"?" + shown + b"\0")
            continue
        if through_link:
            linked += len(entries)
            if linked > _LINKED_ENTRIES:
                raise _TooLarge
        folders: list[tuple[str, bytes, bool]] = []
        for entry in entries:
            name = shown + os.fsencode(entry.name)
            digest.update(b"D" + name + b"\0")
            is_link = entry.is_symlink()
            if is_link:
                try:
                    digest.update(b"L" + os.fsencode(Path(entry.path).readlink()) + b"\0")
                except OSError:
                    digest.update(b"L?")
            try:
                info = entry.stat()  # of what a link leads to
            except OSError:  # a link that leads nowhere, or an entry gone meanwhile
                digest.update(b"-")
                continue
            _digest_entry(digest, entry.path, entry.name, info)
            if stat.S_ISDIR(info.st_mode):
                folders.append((entry.path, name + b"/", through_link or is_link))
        todo.extend(reversed(folders))


def _digest_entry(digest: Any, path: str, name: str, info: os.stat_result) -> None:
    """One entry (a link: what it leads to) by its kind, and a regular file by its
    content or its size and time."""
    digest.update(str(info.st_mode).encode())
    if not stat.S_ISREG(info.st_mode):
        return
    if info.st_size <= _HASHED_UP_TO or name.lower().endswith(_PAGES):
        try:
            digest.update(hashlib.sha256(read_regular(Path(path))).digest())
        except OSError:
            digest.update(b"?")
    else:
        digest.update(f"{info.st_size}:{info.st_mtime_ns}".encode())


def _digest_cache_folder(digest: Any, folder: Path) -> None:
    """What decides whether the check may use the cache folder: the files in it and in
    its folder of read files that the plugin did not write, what that folder is (a link,
    a file), and its CACHEDIR.TAG."""
    try:
        names = sorted(entry.name for entry in folder.iterdir())
    except FileNotFoundError:  # made by the check itself: the same as empty
        return
    except OSError:
        digest.update(b"C?")
        return
    for name in names:
        if not OWN_CACHE_FILE.fullmatch(name):
            digest.update(b"C" + name.encode("utf-8", "surrogateescape") + b"\0")
    entries = folder / FILES
    if entries.is_symlink() or not entries.is_dir():
        digest.update(b"F" + bytes([entries.is_symlink(), entries.exists()]))
    else:
        try:
            for name in sorted(entry.name for entry in entries.iterdir()):
                if not OWN_ENTRY_FILE.fullmatch(name):
                    digest.update(b"E" + name.encode("utf-8", "surrogateescape") + b"\0")
        except OSError:
            digest.update(b"E?")
    if CACHE_TAG in names:
        try:
            digest.update((folder / CACHE_TAG).read_bytes())
        except OSError:
            digest.update(b"?")


def _answer(data: Any, key: str, inputs: str) -> Answer | None:
    if not isinstance(data, dict) or data.get("version") != 1:
        return None
    if data.get("key") != key or data.get("inputs") != inputs:
        return None
    files, journeys, personas = (int(n) for n in data["counts"])
    diagnostics = [
        Diagnostic(str(d["path"]), int(d["line"]), int(d["col"]), str(d["code"]),
                   str(d["message"]), Severity(d["severity"]))
        for d in data["diagnostics"]
    ]
    return Answer(diagnostics, files, journeys, personas)
