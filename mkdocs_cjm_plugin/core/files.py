"""Finding the definition files, and writing the files the plugin owns (caches,
pictures) so that no reader sees half a file.

Nothing here imports the model: `cjm check` finds and hashes the files before it knows
whether it has to read them at all."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

DEFAULT_SOURCE = "journeys"
"""The `source` option's default: the folder of the definition files."""
SUFFIXES = (".yml", ".yaml")
"""The suffixes of definition files."""


def _leads_inside(link: Path, root: Path) -> bool:
    """Whether a symbolic link ends inside `root` (a loop or a dangling link does not)."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return target == root or root in target.parents


def find_files(folder: Path, outside: list[Path] | None = None) -> list[Path]:
    """Definition files below `folder`, sorted so that every run reads them in one order.

    The folder is a boundary: a symbolic link that leads outside it (or nowhere, or in
    a loop) is not followed and goes to `outside` instead. Linked folders are never
    entered, even inside: their files would be read twice, and a link to a parent
    folder would never end.
    """
    root = folder.resolve()
    out: list[Path] = []
    for here, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in dirs:
            link = Path(here, name)
            if link.is_symlink() and not _leads_inside(link, root) and outside is not None:
                outside.append(link)
        for name in names:
            path = Path(here, name)
            if name.startswith(".") or path.suffix.lower() not in SUFFIXES:
                continue
            if path.is_symlink() and not _leads_inside(path, root):
                if outside is not None:
                    outside.append(path)
            elif path.is_file():
                out.append(path)
    return sorted(out, key=lambda p: p.relative_to(folder).as_posix())


def leads_inside(path: Path, folder: Path) -> bool:
    """Whether `path`, with every symbolic link on the way followed, ends inside `folder`
    (wherever links take `folder` itself); a path that leads nowhere does not."""
    try:
        root = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return _leads_inside(path, root)


def source_site_problem(source: str, folder: Path, site_dir: Path, site_shown: str) -> str | None:
    """Why the source folder `folder` (the option's value `source`) cannot be where the
    site is built (`site_dir`, printed as `site_shown`), or None. MkDocs empties the
    site folder before every build, and then fills it with what it publishes."""
    here, site = folder.resolve(), site_dir.resolve()
    if here == site or site in here.parents:
        where = "is" if here == site else "is inside"
        return (
            f"'{source}' {where} the site folder '{site_shown}', which MkDocs empties before "
            "every build: your journey files would be deleted; move them to a folder of "
            "their own outside it, e.g. `journeys` beside mkdocs.yml, and set `source` to "
            "that folder"
        )
    if here in site.parents:
        return (
            f"'{source}' contains the site folder '{site_shown}': what MkDocs publishes there "
            "would be read as journeys, and journey files in it deleted with every build; "
            "set `source` to a folder that holds only your journey files, e.g. "
            "`source: journeys`"
        )
    return None


class NotAFile(OSError):
    """A named pipe, socket or device where a file was expected (`open_regular`)."""

    def __init__(self, path: Path, mode: int) -> None:
        super().__init__(errno.EINVAL, f"it is {special_kind(mode)}, not a file", str(path))


def special_kind(mode: int) -> str:
    """What a path of this `st_mode` is, in words, for what is not a regular file."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "no regular file"


def not_a_folder(path: Path) -> str | None:
    """What `path` is, in words, when it is there but is no folder (`a file`, `a
    device`, `a link that leads nowhere`); None for a folder, or for nothing at all."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "a link that leads nowhere" if path.is_symlink() else None
    if stat.S_ISDIR(mode):
        return None
    return "a file" if stat.S_ISREG(mode) else special_kind(mode)


# Opening a named pipe for reading waits until some process opens it for writing, which
# may be never: without blocking, the open returns at once and fstat can refuse it.
_NO_WAIT = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def open_regular(path: Path) -> BinaryIO:
    """`path` (links followed) opened for reading, if it is a regular file; else
    `NotAFile`, and it is not opened at all: reading a named pipe waits for a writer
    forever, a device may never end, and opening some devices has effects of its own.
    A file that turns into one of them between the look and the open is refused too."""
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        raise NotAFile(path, mode)
    fd = os.open(path, os.O_RDONLY | _NO_WAIT)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFile(path, mode)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class TooLarge(OSError):
    """A file larger than the limit `read_regular` was given."""

    def __init__(self, path: Path, limit: int, size: int) -> None:
        super().__init__(errno.EFBIG, f"it has more than {limit:,} bytes", str(path))
        self.limit = limit
        self.size = size
        """Its size as stat said, or one byte past the limit when it grew as it was read."""


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of `path` if it is a regular file (see `open_regular`); OSError else.

    With `limit`, a file larger than that is refused with `TooLarge`: unread when its
    size says so, and cut one byte past the limit when it grows while it is read."""
    with open_regular(path) as stream:
        if limit is None:
            return stream.read()
        size = os.fstat(stream.fileno()).st_size
        if size > limit:
            raise TooLarge(path, limit, size)
        # Ask for what stat promised, not for the limit: read(n) sets n bytes aside.
        raw = stream.read(size + 1)
        if len(raw) > size:
            raw += stream.read(limit + 1 - len(raw))
        if len(raw) > limit:
            raise TooLarge(path, limit, len(raw))
        return raw


UMASK = os.umask(0)
os.umask(UMASK)
"""The permissions this process's files must not get (read once: setting it is the only
way to read it, and another thread could create a file meanwhile)."""


def write_atomic(
    path: Path, text: str | bytes, *, shared: bool = False, temp_prefix: str | None = None
) -> None:
    """Write via a temporary file and os.replace: readers never see half a file. The
    file is private to the user (as caches and their keys must be) unless `shared`:
    then it gets the permissions of any file the user makes (0666 less the umask), as
    a picture or report someone publishes must. The temporary file is named
    `.NAME.XXXXXXXX.tmp`, or `temp_prefix` + `XXXXXXXX.tmp`."""
    prefix = f".{path.name}." if temp_prefix is None else temp_prefix
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    try:
        if shared:  # mkstemp makes the file private
            Path(temp).chmod(0o666 & ~UMASK)
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as handle:
                handle.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        Path(temp).replace(path)  # atomic on POSIX and Windows (os.replace)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


OWN_FILE_HEAD = 1 << 20
"""How much of a file in the way `in_the_way` hands to the command to recognise as its
own (its outputs are smaller; a larger file is someone else's)."""
THEIRS = "theirs"


def in_the_way(path: Path, ours: Callable[[bytes], bool]) -> str | None:
    """What keeps a command that writes only new files and files of its own from writing
    `path`, or None when it may: `path` is not there, is empty, or is a file whose
    content `ours` recognises as the command's.

    Else `"a link"` (a link is neither followed nor replaced: it is the user's, and
    where it leads may be anything), `"a folder"`, `"a device"` and the like, or
    `THEIRS` for a file the command did not write.
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    except OSError:  # not there for us to look at: the write says why, if it fails
        return None
    if stat.S_ISLNK(info.st_mode):
        return "a link"
    if not stat.S_ISREG(info.st_mode):
        return special_kind(info.st_mode)
    if info.st_size == 0:  # `mktemp` made it for us, or it holds nothing to lose
        return None
    try:
        fd = os.open(path, os.O_RDONLY | _NO_WAIT | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as stream:
            head = stream.read(OWN_FILE_HEAD + 1)
    except OSError:
        return THEIRS
    return None if len(head) <= OWN_FILE_HEAD and ours(head) else THEIRS


class InTheWay(Exception):
    """`write_own` did not write: `kind` says what is in the way (see `in_the_way`)."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path}: {kind}")
        self.path = path
        self.kind = kind


def write_own(path: Path, text: str | bytes, ours: Callable[[bytes], bool]) -> None:
    """Write `path` unless `in_the_way` finds something there (`InTheWay`): replaced
    atomically, never through a link, with the permissions of any file the user makes."""
    kind = in_the_way(path, ours)
    if kind is not None:
        raise InTheWay(path, kind)
    write_atomic(path, text, shared=True)


STALE_TEMP_SECONDS = 3600
"""A temporary file of `write_atomic` this old was left by a process killed mid-write:
a running one renames its own within a second."""


def remove_stale_temps(folder: Path, own: re.Pattern[str]) -> int:
    """Delete the temporary files `write_atomic` left in `folder` (one of the plugin's
    cache folders) when its process was killed half-way; the number deleted. Only files
    named as it names them (`.NAME.XXXXXXXX.tmp`) for a NAME the plugin writes there
    (`own` matches them), older than `STALE_TEMP_SECONDS`: a `.notes.tmp` of the
    user's is left alone."""
    return remove_left_over(
        folder, lambda name: name.endswith(".tmp") and own.fullmatch(name) is not None)


def remove_left_over(folder: Path, left_over: Callable[[str], bool]) -> int:
    """Delete the files of `folder` (one of the plugin's cache folders) whose names
    `left_over` picks and that are older than `STALE_TEMP_SECONDS` (a running process
    finishes its own work within that time); the number deleted."""
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not left_over(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if entry.is_file(follow_symlinks=False) and now - info.st_mtime > STALE_TEMP_SECONDS:
                Path(entry.path).unlink()
                removed += 1
        except OSError:
            continue
    return removed


def source_problem(source: str, project: Path) -> str | None:
    """Why the `source` option cannot be crawled, or None.

    A source that holds the project folder (`.`, `..`, `/`, the home folder) would read
    every YAML file of the project and far beyond: the site, the virtualenv, the home
    folder. A folder beside the project (`../maps`) is fine.
    """
    folder = (project / source).resolve()
    here = project.resolve()
    if folder == here or folder in here.parents:
        where = "is" if folder == here else "contains"
        return (
            f"'{source}' {where} the folder of mkdocs.yml, so every YAML file of the "
            "project would be read as a journey; set `source` to the folder that holds "
            "only your journey files, e.g. `source: journeys`"
        )
    which = "the root folder" if folder == Path(folder.anchor) else None
    with contextlib.suppress(RuntimeError, KeyError):  # no home folder known
        if folder == Path.home().resolve():
            which = "your home folder"
    if which:
        return (
            f"'{source}' is {which}, which holds far more than journeys; set `source` to "
            "the folder that holds only your journey files, e.g. `source: journeys`"
        )
    return None
