"""A real git repository in a temporary folder, for tests of `cjm diff` and history.

Commits get fixed authors and dates, so the same steps give the same commits on every
machine; nothing here is mocked: `git` itself runs.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class GitRepo:
    def __init__(self, root: Path, branch: str = "main") -> None:
        self.root = root
        self.commits = 0
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", branch)

    def git(self, *args: str) -> str:
        date = f"2026-11-{1 + self.commits % 28:02d}T10:00:00+00:00"
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Anna Autorin",
            "GIT_AUTHOR_EMAIL": "anna@example.org",
            "GIT_COMMITTER_NAME": "Anna Autorin",
            "GIT_COMMITTER_EMAIL": "anna@example.org",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, check=True
        )
        return done.stdout.decode("utf-8")

    def write(self, files: dict[str, str | bytes | None]) -> None:
        """Write (or, for None, delete) files, relative to the repository."""
        for name, content in files.items():
            path = self.root / name
            if content is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    def commit(self, message: str, files: dict[str, str | bytes | None] | None = None) -> str:
        if files:
            self.write(files)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        self.commits += 1
        return self.git("rev-parse", "HEAD").strip()

    def read(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")
