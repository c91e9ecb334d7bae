"""The cache of read definition files: a file unchanged since the last run is not read
again.

Reading and validating a journey file is most of `cjm check` and much of a build. What a
file reads into depends on its bytes, its path and this code only, so `ReadCache` keeps
it by a hash of those three: in memory for the next build of the same process (`mkdocs
serve` rebuilds after each change), and on disk in `<cache_dir>/files/` for the next
run. A file that changed gets a new key and is read again; nothing else is.

Nothing from the disk is trusted blindly. The cache folder may come from elsewhere (a
CI cache written by another branch's job), so an entry is signed with a secret key that
never lives in the cache folder: `~/.cache/mkdocs-cjm/cache-key` (`$XDG_CACHE_HOME`
respected), made on first use. An entry whose signature does not match (written on
another machine, changed, cut short, corrupted) is never unpickled: its file is read
again and the entry written anew. Even a signed entry unpickles only into the classes
of this package and plain Python values. Entries are written to a temporary file and
renamed into place, so two builds at once, or a build killed half-way, never leave half
an entry where a reader would take it for whole.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import json
import os
import pickle
import re
import secrets
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from mkdocs_cjm_plugin.core.files import remove_left_over, remove_stale_temps, write_atomic

DEFAULT_CACHE_DIR = ".cache/cjm"
"""The `cache_dir` option's default, relative to mkdocs.yml."""
FILES = "files"
"""The subfolder of `cache_dir` for read definition files."""
MANIFEST = "manifest.json"
CACHE_TAG = "CACHEDIR.TAG"
# The standard cache marker (https://bford.info/cachedir/): backup tools skip the
# folder, and the plugin recognises a folder it made itself by this exact text.
CACHE_TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This folder is the stakeholder map cache of mkdocs-cjm (the `cache_dir` option).\n"
    "# It is safe to delete; the plugin writes and deletes only its own files here.\n"
)
# Only files a cache of the plugin writes: its list (`manifest.json` in version 1),
# SVGs named by their hash, the page history's `history.json`, the folder of read
# definition files (core.cache), their temporary files (`write_atomic`: `.NAME.` and
# eight random characters of `mkstemp`). Such a folder without its CACHEDIR.TAG is a
# cache of version 1, or one whose tag was deleted or damaged.
_OWN_NAMES = r"files|manifest\.json|cjm-cache\.json|history\.json|CACHEDIR\.TAG|[0-9a-f]{64}\.svg"
OWN_CACHE_FILE = re.compile(rf"(?:{_OWN_NAMES})|\.(?:{_OWN_NAMES})\.[a-z0-9_]{{8}}\.tmp")
# The same for the folder of read files (`FILES`): entries, their manifest, the memo of
# `cjm check` and the page memo of `cjm generate`.
_OWN_ENTRY_NAMES = r"manifest\.json|check\.json|pages\.pickle|[0-9a-f]{64}\.pickle"
OWN_ENTRY_FILE = re.compile(
    rf"(?:{_OWN_ENTRY_NAMES})|\.(?:{_OWN_ENTRY_NAMES})\.[a-z0-9_]{{8}}\.tmp"
)
_MAGIC = b"cjm-read-1\n"
_DIGEST = 32


def code_version() -> str:
    """A hash of the code that made an entry: an entry written by other code is not used.

    Hashing the package's sources (a few hundred kB, read once per process) rather than
    trusting a version number also covers a checkout between two runs; the names of the
    installed distributions (`pydantic-2.14.4.dist-info`, ...) beside PyYAML cover an
    upgrade of a library, without importing any of them."""
    global _CODE_VERSION
    if _CODE_VERSION is None:
        digest = hashlib.sha256(sys.version.encode())
        package = Path(__file__).resolve().parent.parent
        for here, dirs, names in os.walk(package):
            dirs.sort()
            for name in sorted(n for n in names if n.endswith(".py")):
                path = Path(here, name)
                digest.update(path.relative_to(package).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
        libraries = Path(yaml.__file__).resolve().parent.parent
        with contextlib.suppress(OSError):
            for name in sorted(entry.name for entry in libraries.iterdir()):
                if name.endswith(".dist-info"):
                    digest.update(name.encode() + b"\0")
        _CODE_VERSION = digest.hexdigest()
    return _CODE_VERSION


_CODE_VERSION: str | None = None

# What an entry may unpickle into: classes of this package and of the few libraries its
# values are made of (`Markup`: the text of a kept page), never a function (a pickle
# calls what it names).
_ALLOWED_MODULES = (
    "mkdocs_cjm_plugin.", "datetime", "pydantic", "builtins", "copyreg", "markupsafe",
)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        allowed = module.startswith(_ALLOWED_MODULES) and "." not in name
        found = super().find_class(module, name) if allowed else None
        if not isinstance(found, type) or issubclass(found, BaseException):
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return found


def _key_file() -> Path:
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(home) / "mkdocs-cjm" / "cache-key"


_SECRET: list[bytes | None] = []


KEY_VARIABLE = "CJM_CACHE_KEY"
"""An environment variable that gives the key instead: a CI secret, so that jobs which
have it share a cache that jobs without it cannot forge."""


def secret() -> bytes | None:
    """The key for signing cache entries: from `KEY_VARIABLE` when it is set, else this
    machine's, made on first use; None when it can be neither read nor made (the cache
    then lives in memory only)."""
    if not _SECRET:
        given = os.environ.get(KEY_VARIABLE)
        _SECRET.append(
            hashlib.sha256(b"mkdocs-cjm cache key\0" + given.encode("utf-8", "surrogatepass"))
            .digest() if given else _read_or_make_key(_key_file())
        )
    return _SECRET[0]


def _read_or_make_key(path: Path) -> bytes | None:
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".cache-key.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(32))
            # A link is made whole or not at all, and never replaces a key another
            # process made meanwhile: both then use that one.
            with contextlib.suppress(FileExistsError):
                os.link(temp, path)
        finally:
            Path(temp).unlink(missing_ok=True)
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None


_SIGNED = "cjm-signed-1 "


def signed_text(text: str, key: bytes) -> str:
    """`text` behind a first line that signs it with `key` (see `verified_text`): for
    the small JSON files of the caches, whose values reach the pages (the list of kept
    stakeholder maps with the hash of each, the history's means and counts)."""
    return f"{_SIGNED}{_mac(text, key)}\n{text}"


def verified_text(data: str, key: bytes) -> str | None:
    """The text `signed_text` signed with `key`, or None for anything else (another
    machine's, edited, cut short, not ours)."""
    head, newline, text = data.partition("\n")
    if not newline or not head.startswith(_SIGNED):
        return None
    written = head[len(_SIGNED):].encode("utf-8", "surrogatepass")
    return text if hmac.compare_digest(written, _mac(text, key).encode()) else None


def _mac(text: str, key: bytes) -> str:
    return hmac.digest(key, text.encode("utf-8", "surrogatepass"), "sha256").hex()


def pack(value: object, key: bytes, pickled: bytes | None = None) -> bytes:
    """`value` signed with `key`; `pickled` is its pickle, if it was made already."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL) if pickled is None else pickled
    return _MAGIC + hmac.digest(key, payload, "sha256") + payload


def unpack(data: bytes, key: bytes) -> Any:
    """The value `pack` wrote with `key`, or None for anything else (signed with another
    key, changed, cut short, not ours)."""
    head = len(_MAGIC) + _DIGEST
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    payload = data[head:]
    if not hmac.compare_digest(hmac.digest(key, payload, "sha256"), data[len(_MAGIC):head]):
        return None
    try:
        return _Unpickler(io.BytesIO(payload)).load()
    except Exception:
        return None


# Results of this process, by key, for the next build of `mkdocs serve`: what the last
# load used, so memory stays bounded by the size of the handbook.
_MEMORY: dict[str, object] = {}


def kept(folder: Path | None, key: str) -> bool:
    """Whether this process or the cache of read files in `folder` has an entry for
    `key` (on disk, not yet checked: a bad one is read again when it is asked for)."""
    if key in _MEMORY:
        return True
    try:
        return folder is not None and (folder / f"{key}.pickle").is_file()
    except OSError:  # a folder that cannot be read: the load says so (CJM070)
        return False


def forget() -> None:
    """Drop what this process keeps in memory: the next load reads every file again
    (or takes it from the cache folder)."""
    _MEMORY.clear()


class ReadCache:
    """Values by content key, from memory, then from `folder` (None: memory only).

    `get` and `put` during a load, `finish` at its end: it writes the new entries,
    records them in the manifest and deletes the entries of this folder that the load no
    longer used. Counters say what happened, for the build's log: `read` values made
    anew, `from_memory`, `from_disk`; `problem` why the folder could not be written.
    """

    def __init__(self, folder: Path | None) -> None:
        self._secret = secret() if folder is not None else None
        self.folder = folder if self._secret is not None else None
        self.read = 0
        self.from_memory = 0
        self.from_disk = 0
        self._used: dict[str, str] = {}
        """name (the shown path) -> key, of this load."""
        self._written = False
        """Whether an entry was written since the last `finish`."""
        self.problem: str | None = None

    @staticmethod
    def key(name: str, content: bytes) -> str:
        digest = hashlib.sha256(code_version().encode())
        digest.update(name.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(content)
        return digest.hexdigest()

    def get(self, name: str, key: str) -> Any:
        self._used[name] = key
        value = _MEMORY.get(key)
        if value is not None:
            self.from_memory += 1
            return value
        if self.folder is None:
            return None
        try:
            data = (self.folder / f"{key}.pickle").read_bytes()
        except OSError:
            return None
        assert self._secret is not None
        value = unpack(data, self._secret)
        if value is not None:
            self.from_disk += 1
            _MEMORY[key] = value
        return value

    def put(self, name: str, key: str, value: object, pickled: bytes | None = None) -> None:
        """Keep `value`; `pickled`: its pickle, made already (by a worker), kept as it is.

        The entry is written at once, not at `finish`: while workers still read other
        files, writing costs the load no time."""
        self._used[name] = key
        self.read += 1
        _MEMORY[key] = value
        if self._secret is None or self.folder is None or self.problem is not None:
            return
        try:
            if not self._written:
                self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / f"{key}.pickle", pack(value, self._secret, pickled))
            self._written = True
        except OSError as error:
            self.problem = f"{self.folder}: {error.strerror or error}"

    def finish(self) -> None:
        """Keep what this load used (a cache that cannot be written only costs time:
        `problem` says why)."""
        keep = set(self._used.values())
        for key in [k for k in _MEMORY if k not in keep]:
            del _MEMORY[key]
        if self.folder is None or self.problem is not None:
            return
        try:
            old = self._manifest()
            remove_stale_temps(self.folder, OWN_ENTRY_FILE)  # left by a run killed while writing
            # Entries of a load that was stopped before it wrote its manifest (an hour
            # old, so never a running load's): nothing else would ever delete them.
            remove_left_over(self.folder, lambda name: (
                name.endswith(".pickle") and _is_key(name[:-7]) and name[:-7] not in keep))
            if not self._written and old == self._used:
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            text = json.dumps({"version": 1, "files": self._used}, indent=1, sort_keys=True,
                              ensure_ascii=False)
            write_atomic(self.folder / MANIFEST, text + "\n")
            # Only entries this cache recorded itself are ever deleted.
            for key in sorted(set(old.values()) - keep):
                (self.folder / f"{key}.pickle").unlink(missing_ok=True)
        except OSError as error:
            self.problem = f"{self.folder}: {error.strerror or error}"
        finally:
            self._written = False

    def _manifest(self) -> dict[str, str]:
        """name -> key of the last load; anything unreadable is an empty manifest."""
        assert self.folder is not None
        try:
            data = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        files = data.get("files") if isinstance(data, dict) else None
        if not isinstance(files, dict):
            return {}
        return {
            name: key for name, key in files.items()
            if isinstance(name, str) and isinstance(key, str) and _is_key(key)
        }


def _is_key(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)
