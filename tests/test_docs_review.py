"""docs/guide/reviewing.md shows real output: `cjm diff` on a real change to the example
handbook, and the CI files of examples/ as they are.

Each block between `<!-- generated: WHAT -->` and `<!-- end generated -->` must be what
this test makes. After an intended change, rewrite them with
`./dev test tests/test_docs_review.py --snapshot-update` and review the diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from gitkit import REPO_ROOT, handbook_repo

from mkdocs_cjm_plugin.cli.main import main

GUIDE = REPO_ROOT / "docs" / "guide" / "reviewing.md"
BLOCK = re.compile(
    r"(?P<head><!-- generated: (?P<what>.+?) -->\n(?P<fence>`{3,})\w*\n)(?P<body>.*?)"
    r"(?P<tail>\n(?P=fence)\n<!-- end generated -->)",
    re.DOTALL,
)
TODAY = "2026-11-23"


def _diff(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["diff", "main", "--today", TODAY, *args]) == 0
    return capsys.readouterr().out.rstrip("\n")


def test_the_guide_shows_the_real_output_of_a_real_change(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    repo = handbook_repo(tmp_path / "handbook", bare=True)
    monkeypatch.chdir(repo.root)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    monkeypatch.delenv("CI_MERGE_REQUEST_DIFF_BASE_SHA", raising=False)
    made = {
        "cjm diff main": _diff(capsys),
        "cjm diff main --format markdown": _diff(capsys, "--format", "markdown"),
        "examples/github/journeys.yml": (REPO_ROOT / "examples/github/journeys.yml")
        .read_text(encoding="utf-8")
        .rstrip("\n"),
        "examples/gitlab/.gitlab-ci.yml": (REPO_ROOT / "examples/gitlab/.gitlab-ci.yml")
        .read_text(encoding="utf-8")
        .rstrip("\n"),
    }
    text = GUIDE.read_text(encoding="utf-8")
    found = {m["what"]: m["body"] for m in BLOCK.finditer(text)}
    assert set(found) == set(made)
    if request.config.getoption("--snapshot-update", default=False):
        text = BLOCK.sub(lambda m: m["head"] + made[m["what"]] + m["tail"], text)
        GUIDE.write_text(text, encoding="utf-8")
        found = made
    for what, body in made.items():
        assert found[what] == body, (
            f"docs/guide/reviewing.md: the block `{what}` is out of date; run "
            "./dev test tests/test_docs_review.py --snapshot-update"
        )
    # The picture `--curves` draws for that change, shown in the guide.
    curves = tmp_path / "curves"
    assert main(["diff", "main", "--today", TODAY, "--curves", str(curves)]) == 0
    capsys.readouterr()
    drawn = (curves / "reklamation-vollautomat.svg").read_text(encoding="utf-8")
    picture = REPO_ROOT / "docs" / "img" / "diff-curve-reklamation.svg"
    if request.config.getoption("--snapshot-update", default=False):
        picture.write_text(drawn, encoding="utf-8")
    assert picture.read_text(encoding="utf-8") == drawn, (
        "docs/img/diff-curve-reklamation.svg is out of date; run "
        "./dev test tests/test_docs_review.py --snapshot-update"
    )
    assert "(../img/diff-curve-reklamation.svg)" in text
    # The example shows the kinds of change the guide promises.
    assert "Ruft die Hotline an        1 -> 3  (+2)" in made["cjm diff main"]
    assert "xychart-beta" in made["cjm diff main --format markdown"]
