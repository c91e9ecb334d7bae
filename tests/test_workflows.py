"""The ready-made CI files in examples/ and the pre-commit hooks: they load, every `cjm`
call in them exists with those flags, and their commands run in order on a repository of
the example handbook with one change on a branch (real git, real MkDocs, real Graphviz)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from gitkit import JOURNEY, GitRepo, handbook_repo

from mkdocs_cjm_plugin.cli.main import COMMANDS, _parser

REPO_ROOT = Path(__file__).resolve().parent.parent
GITHUB = REPO_ROOT / "examples" / "github" / "journeys.yml"
GITLAB = REPO_ROOT / "examples" / "gitlab" / ".gitlab-ci.yml"
HOOKS = REPO_ROOT / ".pre-commit-hooks.yaml"


def github_runs() -> list[str]:
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    return [step["run"] for step in workflow["jobs"]["review"]["steps"] if "run" in step]


def gitlab_scripts(job: str) -> list[str]:
    return list(yaml.safe_load(GITLAB.read_text(encoding="utf-8"))[job]["script"])


def our_commands(scripts: list[str]) -> list[str]:
    """The lines that run `cjm` or `mkdocs`, in order."""
    return [
        line.strip()
        for script in scripts
        for line in script.splitlines()
        if line.strip().split(" ", 1)[0] in ("cjm", "mkdocs")
    ]


def test_the_workflow_files_load_and_say_what_they_do() -> None:
    github = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    triggers = github[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"pull_request", "push"}
    steps = github["jobs"]["review"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@")
    assert steps[0]["with"]["fetch-depth"] == 0
    runs = "\n".join(github_runs())
    assert "cjm diff --format markdown --output journey-diff.md" in runs
    assert 'cat journey-diff.md >> "$GITHUB_STEP_SUMMARY"' in runs
    assert "issues/comments/$id" in runs  # the comment is updated, not repeated
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    deploy = github["jobs"]["deploy"]
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}

    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert gitlab["variables"]["GIT_DEPTH"] == 0
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert "merge_requests" in "\n".join(gitlab_scripts("journeys"))

    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["cjm-check", "cjm-check-all"]
    for hook in hooks:
        assert set(hook) <= {
            "id",
            "name",
            "description",
            "entry",
            "language",
            "files",
            "pass_filenames",
            "require_serial",
        }
        assert hook["language"] == "python" and hook["pass_filenames"] is False


def test_every_cjm_call_in_them_exists_with_those_flags() -> None:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    calls = [
        *our_commands(github_runs()),
        *our_commands(gitlab_scripts("journeys")),
        *our_commands(gitlab_scripts("pages")),
        *(hook["entry"] for hook in hooks),
    ]
    cjm_calls = [c for c in calls if c.startswith("cjm ")]
    assert len(cjm_calls) >= 7
    parser = _parser()
    for call in cjm_calls:
        argv = shlex.split(call.split(">")[0])[1:]
        assert argv[0] in COMMANDS
        parser.parse_args(argv)  # an unknown flag would exit here


def _run_in_order(commands: list[str], repo: GitRepo, env: dict[str, str]) -> None:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    for command in commands:
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=repo.root,
            capture_output=True,
            text=True,
            env={**os.environ, **env, "PATH": path, "NO_COLOR": "1"},
            check=False,
        )
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"


def test_the_github_workflow_runs_on_a_pull_request(tmp_path: Path) -> None:
    repo = handbook_repo(tmp_path / "repo")
    summary = tmp_path / "summary.md"
    commands = our_commands(github_runs()) + [
        line.strip()
        for run in github_runs()
        for line in run.splitlines()
        if "GITHUB_STEP_SUMMARY" in line
    ]
    assert commands == [
        "cjm check --format github",
        "cjm diff --format markdown --output journey-diff.md",
        "mkdocs build --strict",
        'cat journey-diff.md >> "$GITHUB_STEP_SUMMARY"',
    ]
    _run_in_order(commands, repo, {"GITHUB_BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary)})
    text = summary.read_text(encoding="utf-8")
    assert text.startswith(
        "### Journey maps: 1 journey changed: mean emotion \\+0\\.23, 1 pain resolved, "
        "1 action closed\n"
    )
    assert "Ruft die Hotline an | 1 → 3 | \\(\\+2\\)" in text
    assert (
        repo.root / "site" / "handbook" / "journeys" / "reklamation-vollautomat" / "index.html"
    ).is_file()


def test_the_gitlab_job_runs_on_a_merge_request(tmp_path: Path) -> None:
    repo = handbook_repo(tmp_path / "repo")
    base = repo.git("rev-parse", "main").strip()
    commands = our_commands(gitlab_scripts("journeys"))
    assert commands == [
        "cjm check",
        "cjm diff",
        "cjm diff --format markdown --output journey-diff.md",
        "mkdocs build --strict",
    ]
    _run_in_order(commands, repo, {"CI_MERGE_REQUEST_DIFF_BASE_SHA": base})
    assert repo.read("journey-diff.md").startswith("### Journey maps: 1 journey changed")
    repo.git("checkout", "-q", "main")
    _run_in_order(our_commands(gitlab_scripts("pages")), repo, {})
    assert (repo.root / "public" / "index.html").is_file()


@pytest.mark.parametrize("hook", ["cjm-check", "cjm-check-all"])
def test_the_pre_commit_hooks_check_the_commit(tmp_path: Path, hook: str) -> None:
    repo = handbook_repo(tmp_path / "repo")
    entry = {h["id"]: h["entry"] for h in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    _run_in_order([entry[hook]], repo, {})
    repo.write({JOURNEY: repo.read(JOURNEY).replace("emotion: 3\n", "emotion: 9\n", 1)})
    repo.git("add", "-A")  # pre-commit runs hooks on what is staged
    done = subprocess.run(
        ["bash", "-c", entry[hook]],
        cwd=repo.root,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        },
        check=False,
    )
    assert done.returncode == 1
    errors = [line for line in done.stdout.splitlines() if "error[" in line]
    assert [line.split(":")[0] for line in errors] == [JOURNEY]
    assert "CJM025" in errors[0]
