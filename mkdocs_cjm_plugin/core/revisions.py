"""Journey files as they were in a git revision, read without touching the working tree.

Only plumbing commands that read the object database are run (`rev-parse`, `ls-tree`,
`cat-file --batch`, `log`, `merge-base`, `diff --name-only`), never through a shell and
with optional locks off, so a review never changes a file, the index or a branch. Paths
given to git are literal (`GIT_LITERAL_PATHSPECS`), never pathspec magic or globs.

Paths that git returns are file names from someone else's commit: each is checked (no
absolute path, no `..`, no control character, bounded length) before it names anything,
and files over the loader's size limit are refused by their size before they are read.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, closest
from mkdocs_cjm_plugin.core.files import SUFFIXES
from mkdocs_cjm_plugin.core.load import display_path
from mkdocs_cjm_plugin.core.yaml_source import MAX_FILE_BYTES, file_too_large

TIMEOUT_SECONDS = 120
"""One git command on a large repository takes well under this; a hung one is stopped."""
MAX_PATH_CHARS = 4096
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
WORKING_TREE = "working tree"


class GitProblem(Exception):
    """Git cannot answer: no repository, an unknown revision, a shallow clone."""


@dataclass(frozen=True)
class Blob:
    path: str
    """Relative to the repository's top folder, with `/`."""
    sha: str
    size: int


@dataclass(frozen=True)
class Change:
    """One commit that changed a file, newest first in `Repo.log`."""

    commit: str
    date: str
    """The author date, YYYY-MM-DD."""
    author: str
    subject: str
    blob: str | None
    """The file's content after the commit (None when the commit deleted it)."""


def safe_path(path: str) -> str | None:
    """`path` when it can name a file inside the repository, else None. A path is only
    ever a name here (git reads the files): a control character in it is shown escaped
    in messages, like a file name in the working tree."""
    if not path or len(path) > MAX_PATH_CHARS or "\0" in path:
        return None
    pure = PurePosixPath(path)
    if pure.is_absolute() or any(part in ("..", "") for part in path.split("/")):
        return None
    return pure.as_posix()


def is_definition(path: str, prefix: str) -> bool:
    """Whether `path` is a definition file below `prefix`, as `load.find_files` sees it:
    `.yml`/`.yaml`, no folder or file whose name starts with `.`."""
    if prefix and not path.startswith(prefix.rstrip("/") + "/"):
        return False
    inside = path[len(prefix.rstrip("/")) + 1 :] if prefix else path
    parts = inside.split("/")
    return PurePosixPath(path).suffix.lower() in SUFFIXES and not any(
        part.startswith(".") for part in parts
    )


class Repo:
    """A git repository, read through the `git` program."""

    def __init__(self, root: Path, git: str = "git") -> None:
        self.root = root
        self.git = git

    @classmethod
    def find(cls, folder: Path, git: str = "git", hint: str = "", name: str | None = None) -> Repo:
        """The repository that holds `folder` (called `name` in messages); `hint` ends
        the message when there is none."""
        what = name or f"the folder '{display_path(folder)}'"
        out = _run(
            git,
            folder,
            ["rev-parse", "--show-toplevel"],
            not_found=f"{what} is not inside a git repository{hint}",
        )
        return cls(Path(out.decode("utf-8", "surrogateescape").strip()), git)

    def run(self, args: Sequence[str], stdin: bytes | None = None) -> bytes:
        return _run(self.git, self.root, args, stdin)

    def relative(self, folder: Path) -> str:
        """`folder` as a path inside the repository (`""` for its top)."""
        rel = os.path.relpath(folder.resolve(), self.root.resolve())
        return "" if rel == "." else Path(rel).as_posix()

    # -- revisions

    def commit(self, revision: str) -> str:
        """The commit a revision names; a problem with the names that are close."""
        if revision.startswith("-"):
            raise GitProblem(f"'{revision}' is not a revision; name a branch, tag or commit")
        try:
            out = self.run(
                ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"]
            )
        except GitProblem:
            names = self.branch_names()
            meant = closest(revision, names)
            hint = f" (did you mean '{meant}'?)" if meant else ""
            raise GitProblem(
                f"no branch, tag or commit '{revision}' in this repository{hint}; "
                "`git branch -a` lists the branches (in a CI job, fetch the whole history)"
            ) from None
        return out.decode("ascii").strip()

    def branch_names(self) -> list[str]:
        try:
            out = self.run(
                [
                    "for-each-ref",
                    "--format=%(refname:short)",
                    "refs/heads",
                    "refs/remotes",
                    "refs/tags",
                ]
            )
        except GitProblem:
            return []
        return out.decode("utf-8", "replace").split()

    def default_base(self) -> tuple[str, str]:
        """The merge base of HEAD with the default branch, and how to name it.

        In a pull request job the target branch is known from the CI's variables
        (GitHub: GITHUB_BASE_REF; GitLab: CI_MERGE_REQUEST_DIFF_BASE_SHA); else the
        remote's default branch, else `main` or `master`.
        """
        gitlab = os.environ.get("CI_MERGE_REQUEST_DIFF_BASE_SHA", "")
        if _SHA.fullmatch(gitlab):
            return self.commit(gitlab), gitlab[:12]
        candidates: list[str] = []
        github = os.environ.get("GITHUB_BASE_REF", "")
        if github:
            candidates += [f"origin/{github}", github]
        try:
            head = self.run(["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"])
            candidates.append(head.decode("utf-8", "replace").strip())
        except GitProblem:
            pass
        candidates += ["origin/main", "origin/master", "main", "master"]
        for name in candidates:
            try:
                branch = self.commit(name)
            except GitProblem:
                continue
            try:
                base = self.run(["merge-base", branch, "HEAD"]).decode("ascii").strip()
            except GitProblem:
                raise GitProblem(
                    f"HEAD and {name} have no commit in common here; the clone is probably "
                    "shallow: fetch the whole history (GitHub: actions/checkout with "
                    "`fetch-depth: 0`; GitLab: `GIT_DEPTH: 0`), or name the base "
                    "(`cjm diff main`)"
                ) from None
            return base, f"{name} (merge base {base[:12]})"
        raise GitProblem(
            "no default branch found (tried origin/HEAD, main and master); name the base "
            "to compare with, such as `cjm diff origin/develop`"
        )

    def is_shallow(self) -> bool:
        try:
            out = self.run(["rev-parse", "--is-shallow-repository"])
        except GitProblem:
            return False
        return out.strip() == b"true"

    # -- files

    def blobs(self, commit: str, prefix: str) -> list[Blob]:
        """The definition files below `prefix` at `commit` (links and odd paths left out)."""
        args = ["ls-tree", "-r", "-z", "-l", "--full-tree", commit]
        if prefix:
            args += ["--", prefix]
        out: list[Blob] = []
        for entry in self.run(args).split(b"\0"):
            if not entry:
                continue
            meta, _, raw_path = entry.partition(b"\t")
            fields = meta.split()
            # A link (mode 120000) or a submodule is no file of the handbook.
            if len(fields) != 4 or fields[1] != b"blob" or fields[0] == b"120000":
                continue
            path = safe_path(raw_path.decode("utf-8", "surrogateescape"))
            if path is None or not is_definition(path, prefix):
                continue
            size = int(fields[3]) if fields[3].isdigit() else MAX_FILE_BYTES + 1
            out.append(Blob(path, fields[2].decode("ascii"), size))
        return sorted(out, key=lambda b: b.path)

    def read_blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        """The content of each blob, through one `git cat-file --batch`."""
        wanted = list(dict.fromkeys(s for s in shas if _SHA.fullmatch(s)))
        if not wanted:
            return {}
        out = self.run(["cat-file", "--batch"], ("\n".join(wanted) + "\n").encode("ascii"))
        contents: dict[str, bytes] = {}
        at = 0
        for sha in wanted:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            at = end + 1
            if len(header) != 3 or header[1] != b"blob":  # "<sha> missing"
                continue
            size = int(header[2])
            contents[sha] = out[at : at + size]
            at += size + 1
        return contents

    def files_at(
        self,
        commit: str,
        prefix: str,
        diags: list[Diagnostic],
        only: Callable[[str, str], bool] | None = None,
    ) -> tuple[dict[str, bytes], dict[str, str]]:
        """The definition files below `prefix` at `commit` (those for which `only(path,
        blob)` is true): path -> content, and path -> blob hash. A file over the size
        limit is named in `diags` and not read."""
        blobs = [b for b in self.blobs(commit, prefix) if only is None or only(b.path, b.sha)]
        small = [b for b in blobs if b.size <= MAX_FILE_BYTES]
        for blob in blobs:
            if blob.size > MAX_FILE_BYTES:
                diags.append(file_too_large(blob.path, blob.size))
        contents = self.read_blobs(b.sha for b in small)
        files = {b.path: contents[b.sha] for b in small if b.sha in contents}
        return files, {b.path: b.sha for b in blobs}

    def changed_files(self, base: str, prefix: str, *, definitions: bool = True) -> list[str]:
        """Files below `prefix` (definition files only, unless `definitions` is false)
        that differ between `base` and the working tree, new files not yet added
        included (ignored ones not)."""
        args = ["diff", "--name-only", "-z", "--no-renames", base]
        others = ["ls-files", "--others", "--exclude-standard", "-z"]
        if prefix:
            args += ["--", prefix]
            others += ["--", prefix]
        names = self.run(args).split(b"\0") + self.run(others).split(b"\0")
        out = set()
        for raw in names:
            path = safe_path(raw.decode("utf-8", "surrogateescape")) if raw else None
            if path is not None and (not definitions or is_definition(path, prefix)):
                out.add(path)
        return sorted(out)

    def log(self, path: str, limit: int) -> list[Change]:
        """The last `limit` commits that changed `path`, newest first, following renames."""
        out = self.run(
            [
                "log",
                f"-n{limit}",
                "--follow",
                "--no-abbrev",
                "--raw",
                "-z",
                "--format=%x1e%H%x00%as%x00%an%x00%s",
                "--end-of-options",
                "HEAD",
                "--",
                path,
            ]
        )
        changes: list[Change] = []
        for record in out.split(b"\x1e")[1:]:
            fields = record.split(b"\0")
            if len(fields) < 4:
                continue
            commit, date, author, subject = (f.decode("utf-8", "replace") for f in fields[:4])
            blob = None
            for item in fields[4:]:  # ":100644 100644 <old> <new> M"
                parts = item.split()
                if item.startswith(b"\n:") or item.startswith(b":"):
                    if len(parts) >= 4:
                        new = parts[3].decode("ascii", "replace")
                        blob = None if set(new) == {"0"} else new
                    break
            changes.append(Change(commit.strip(), date, author, subject, blob))
        return changes


def git_env() -> dict[str, str]:
    """No password prompt (a job would hang), no optional index writes, plain messages,
    and every path taken as written: the source folder is a name from mkdocs.yml, and
    one called `:!maps` or `*` must not become pathspec magic or a glob."""
    return {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_LITERAL_PATHSPECS": "1",
        "LC_ALL": "C",
    }


def _run(
    git: str,
    cwd: Path,
    args: Sequence[str],
    stdin: bytes | None = None,
    not_found: str | None = None,
) -> bytes:
    try:
        done = subprocess.run(
            [git, "-c", "core.quotepath=off", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
            env=git_env(),
        )
    except FileNotFoundError:
        raise GitProblem("git is not installed (or not on the PATH); install git") from None
    except subprocess.TimeoutExpired:
        raise GitProblem(f"git {args[0]} did not finish within {TIMEOUT_SECONDS} s") from None
    except OSError as error:
        raise GitProblem(f"git could not be run: {error.strerror or error}") from None
    if done.returncode != 0:
        if not_found is not None:
            raise GitProblem(not_found)
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitProblem(f"git {args[0]} failed: {detail[-1] if detail else 'no message'}")
    return done.stdout
