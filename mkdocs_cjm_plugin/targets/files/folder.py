"""A folder that cjm writes and nobody else: `cjm generate` and `cjm export` write into
one, and never touch a file they did not write.

The folder keeps a manifest (`.cjm-written.json`) of every file written, with the
SHA-256 of its bytes. Before anything is written the whole folder is looked at:

- a file (or link) the manifest does not list is the user's: nothing is written, and
  the problem names it (CJM142);
- a listed file whose bytes are not what cjm wrote was edited by hand: nothing is
  written either (CJM143), so no edit is lost;
- listed files that the new run does not make any more are removed.

Files whose bytes stay the same are not rewritten, so a watching site server rebuilds
only what changed. Each file is replaced atomically. The manifest is written first with
both the old and the new digest of every file about to change, so a run that is
stopped half-way leaves a folder the next run still recognises as its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, make
from mkdocs_cjm_plugin.core.files import read_regular, write_atomic
from mkdocs_cjm_plugin.core.load import display_path

MANIFEST = ".cjm-written.json"
MANIFEST_FORMAT = "mkdocs-cjm written files"
MAX_REPORTED = 20
"""Files of the user's named before `folder_problems` stops looking."""
# Files the desktop puts into any folder a person opens: never a reason to refuse one.
DESKTOP_LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    """Paths (relative to the folder) whose content is new or changed."""
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    """Files an earlier run wrote that this run no longer makes."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_relative(path: str) -> bool:
    """Whether `path` (posix, relative) stays inside the folder it is relative to."""
    if not path or path.startswith("/") or "\\" in path or "\x00" in path:
        return False
    parts = path.split("/")
    return all(part not in ("", ".", "..") for part in parts) and ":" not in parts[0]


def read_manifest(folder: Path) -> dict[str, list[str]] | None:
    """The files an earlier run wrote, each with the digests it may have; None when the
    folder has no manifest or it is not one of ours (then nothing in it counts as ours)."""
    try:
        data = json.loads(read_regular(folder / MANIFEST).decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        return None
    files = data.get("files")
    if not isinstance(files, dict):
        return None
    out: dict[str, list[str]] = {}
    for path, digests in files.items():
        # Never trusted blindly: a manifest naming `../x` must not make us delete it.
        if not isinstance(path, str) or not safe_relative(path) or path == MANIFEST:
            continue
        if isinstance(digests, str):
            digests = [digests]
        if isinstance(digests, list) and all(isinstance(d, str) for d in digests):
            out[path] = list(digests)
    return out


def written_by_cjm(path: Path, root: Path) -> bool:
    """Whether `path` is a file that `cjm generate` (or export) wrote and nobody changed
    since: a manifest in one of its folders up to `root` lists it with its bytes. Such a
    file is not the author's: the plugin's own page may take its place."""
    here = path.parent
    while True:
        manifest = read_manifest(here)
        if manifest is not None:
            listed = manifest.get(path.relative_to(here).as_posix())
            try:
                return listed is not None and digest(read_regular(path)) in listed
            except OSError:
                return False
        if here == root or root not in here.parents:
            return False
        here = here.parent


def manifest_owner(folder: Path) -> str | None:
    """The command whose folder this is (`cjm generate`, `cjm export --format csv`)."""
    try:
        data = json.loads(read_regular(folder / MANIFEST).decode("utf-8"))
    except (OSError, ValueError):
        return None
    owner = data.get("written_by") if isinstance(data, dict) else None
    return owner if isinstance(owner, str) else None


def _write_manifest(folder: Path, files: Mapping[str, list[str]], owner: str) -> None:
    data = {"format": MANIFEST_FORMAT, "written_by": owner,
            "files": dict(sorted(files.items()))}
    text = (json.dumps(data, indent=1) + "\n").encode("utf-8")
    with contextlib.suppress(OSError):
        if read_regular(folder / MANIFEST) == text:
            return  # a watching server need not see a change
    _write_atomic(folder / MANIFEST, text)


def _write_atomic(path: Path, data: bytes) -> None:
    # Named `.cjm-*.tmp`: a run that was stopped leaves nothing `_present` counts as a
    # file of the author's. A published page must be readable as any file (`shared`).
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data, shared=True, temp_prefix=".cjm-")


def _present(folder: Path, listed: Mapping[str, object]) -> tuple[list[str], list[str], bool]:
    """(files, links, more) below `folder`, as posix paths; links are never followed.
    The walk stops after a few files the manifest does not list (`more` is then True):
    `--out ~` by mistake must not read the whole home folder to refuse it."""
    files: list[str] = []
    links: list[str] = []
    foreign = 0
    for here, dirs, names in os.walk(folder, followlinks=False):
        if foreign + len(links) >= MAX_REPORTED:
            return sorted(files), sorted(links), True
        dirs.sort()
        rel = Path(here).relative_to(folder).as_posix()
        for name in dirs:
            if Path(here, name).is_symlink():
                links.append(posixpath.join(rel, name).removeprefix("./"))
        for name in names:
            path = posixpath.join(rel, name).removeprefix("./")
            if Path(here, name).is_symlink():
                links.append(path)
            elif name not in DESKTOP_LITTER and not (
                name.startswith(".cjm-") and name.endswith(".tmp")
            ):
                files.append(path)
                foreign += path not in listed and path != MANIFEST
    return sorted(files), sorted(links), False


def folder_problems(
    folder: Path, files: Mapping[str, bytes], command: str, base: Path | None = None,
    owner: str | None = None,
) -> list[Diagnostic]:
    """Why `command` may not write `files` into `folder`: the folder of another command,
    files it did not write (CJM142), files it wrote that were edited since (CJM143).
    Empty when it may. `owner` names the command in the manifest (default: `command`)."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        what = "a link" if folder.is_symlink() else "a file"
        return [make("CJM142", display_path(folder, base), 1, 1,
                     f"{command} writes into a folder of its own, but this is {what}; "
                     "give another --out (nothing was written)")]
    if not folder.exists():
        return []
    manifest = read_manifest(folder) or {}
    other = manifest_owner(folder)
    if manifest and other is not None and other != (owner or command):
        return [make("CJM142", display_path(folder / MANIFEST, base), 1, 1,
                     f"this folder holds what `{other}` wrote; `{owner or command}` would "
                     "replace it: give another --out (nothing was written)")]
    present, links, more = _present(folder, manifest)
    problems: list[Diagnostic] = []
    for link in links:
        problems.append(make(
            "CJM142", display_path(folder / link, base), 1, 1,
            f"a link in the output folder of {command}: it writes only plain files of its "
            "own; remove the link or give another --out (nothing was written)",
        ))
    for path in present:
        shown = display_path(folder / path, base)
        if path == MANIFEST:
            continue
        if path not in manifest:
            clash = " (it would write a page there)" if path in files else ""
            problems.append(make(
                "CJM142", shown, 1, 1,
                f"this file is not one {command} wrote{clash}; {command} writes only into a "
                "folder of its own: move the file out, or give another --out "
                "(nothing was written)",
            ))
            continue
        try:
            now = digest(read_regular(folder / path))
        except OSError as exc:
            problems.append(make("CJM142", shown, 1, 1,
                                 f"cannot read this file: {exc.strerror} (nothing was written)"))
            continue
        new = files.get(path)
        if now not in manifest[path] and (new is None or digest(new) != now):
            problems.append(make(
                "CJM143", shown, 1, 1,
                f"{command} wrote this file, and it was changed since; changes here are "
                "lost at the next run, so nothing was written: make them in the journey "
                "files (or your own pages) and delete this file",
            ))
    if more:
        problems.append(make(
            "CJM142", display_path(folder, base), 1, 1,
            f"this folder holds more files {command} did not write than the ones above "
            "(it was not searched further); give a folder of its own with --out "
            "(nothing was written)",
        ))
    return problems


def write_folder(folder: Path, files: Mapping[str, bytes], owner: str) -> WriteReport:
    """Make `folder` hold exactly `files` (path -> bytes) and the manifest. Call
    `folder_problems` first: this trusts that every file in the folder is ours."""
    for path in files:
        if not safe_relative(path) or path == MANIFEST:
            raise ValueError(f"not a path inside the output folder: {path!r}")
    folder.mkdir(parents=True, exist_ok=True)
    old = read_manifest(folder) or {}
    report = WriteReport()
    changing: dict[str, bytes] = {}
    for path, data in sorted(files.items()):
        target = folder / path
        try:
            same = read_regular(target) == data
        except OSError:
            same = False
        if same:
            report.unchanged.append(path)
        else:
            changing[path] = data
    pending = {path: list(digests) for path, digests in old.items()}
    for path, data in changing.items():
        pending[path] = [*pending.get(path, []), digest(data)]
    if changing:
        _write_manifest(folder, pending, owner)
    for path, data in changing.items():
        _write_atomic(folder / path, data)
        report.written.append(path)
    for path in sorted(set(old) - set(files)):
        target = folder / path
        if target.is_file() and not target.is_symlink():
            target.unlink()
            report.removed.append(path)
            _remove_empty_parents(target.parent, folder)
    _write_manifest(folder, {path: [digest(data)] for path, data in files.items()}, owner)
    return report


def _remove_empty_parents(here: Path, folder: Path) -> None:
    """Remove the folders a removed page leaves empty, up to (not including) `folder`."""
    while here != folder and folder in here.parents:
        try:
            here.rmdir()
        except OSError:  # not empty (or not ours to remove): stop
            return
        here = here.parent
