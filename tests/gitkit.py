"""A real git repository in a temporary folder, for tests of `cjm diff` and history.

Commits get fixed authors and dates, so the same steps give the same commits on every
machine; nothing here is mocked: `git` itself runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
JOURNEY = "journeys/journeys/reklamation-vollautomat.yml"
"""The journey of the example handbook that the example change edits."""


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


def example_change(text: str) -> str:
    """The change the guide shows: a call-back service replaces the hotline queue."""
    edits = [
        (
            "        emotion: 1\n        pains:\n          - Lange Warteschleife vor der Arbeit\n",
            "        emotion: 3\n        pains:\n",
        ),
        (
            "            due: 2026-12-15\n            status: doing\n",
            "            due: 2026-12-15\n            status: done\n",
        ),
        ("        actual: 14\n", "        actual: 2\n"),
        ("updated: 2026-11-02", "updated: 2026-11-20"),
        ("            due: 2027-02-28\n", "            due: 2027-04-30\n"),
        (
            "        gains: Schnelle Antworten anderer Besitzer\n        evidence: assumption\n",
            "        gains: Schnelle Antworten anderer Besitzer\n        evidence: research\n",
        ),
        (
            "      - name: Erhält das Versandlabel\n",
            "      - name: Wählt einen Rückruftermin\n        touchpoint: Rückruf-Formular\n"
            "        channel: Website\n        emotion: 4\n        gains: Kein Warten am Telefon\n"
            "        evidence: partial\n"
            "      - name: Erhält das Versandlabel\n",
        ),
    ]
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def handbook_repo(root: Path, *, bare: bool = False) -> GitRepo:
    """The example handbook on `main`, and the example change on the branch `feature`;
    `bare`: the journeys and mkdocs.yml only, without the docs pages."""
    repo = GitRepo(root)
    for name in ("journeys", "docs")[: 1 if bare else 2]:
        shutil.copytree(REPO_ROOT / name, root / name)
    shutil.copy(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / ".gitignore").write_text("site/\npublic/\n.cache/\n", encoding="utf-8")
    repo.commit("Example handbook")
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("Rückrufservice eingeführt", {JOURNEY: example_change(repo.read(JOURNEY))})
    return repo
