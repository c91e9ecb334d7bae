"""History on journey pages (the `history` option): real MkDocs builds of git repositories.

A journey page lists the last changes to its file, newest first, with date, author,
commit subject, what the change did and the mean emotion after it; the work is cached by
blob hash in the plugin's cache folder, and a cache that was tampered with is not trusted.
"""

from __future__ import annotations

import json
import logging
import subprocess
from pathlib import Path

import pytest
from gitkit import GitRepo
from sitekit import Node, build_site, parse_file, signed_json

from mkdocs_cjm_plugin.core.cache import secret, signed_text
from mkdocs_cjm_plugin.core.history import CACHE_FILE

PERSONA = "kind: persona\nid: anna\nname: Anna\n"
JOURNEY = """\
kind: journey
id: kauf
title: Kauf
persona: anna
updated: 2026-01-01
phases:
  - name: Suche
    steps:
      - name: Sucht im Netz
        channel: Website
        emotion: 2
        pains: [Zu viele Anbieter, Preise unklar]
      - name: Ruft an
        channel: Telefon
        emotion: 3
"""
CONFIG = """\
site_name: Handbuch
theme:
  name: mkdocs
plugins:
  - cjm:
      history: true
      history_limit: {limit}
      today: 2026-11-23
"""


def project(root: Path, limit: int = 10) -> GitRepo:
    repo = GitRepo(root)
    repo.commit(
        "Kaufreise angelegt",
        {
            "mkdocs.yml": CONFIG.format(limit=limit),
            "docs/index.md": "# Start\n",
            "journeys/anna.yml": PERSONA,
            "journeys/kauf.yml": JOURNEY,
            ".gitignore": "site/\n.cache/\n",
        },
    )
    repo.commit(
        "Preise auf der Website erklärt",
        {
            "journeys/kauf.yml": JOURNEY.replace(
                "        emotion: 2\n        pains: [Zu viele Anbieter, Preise unklar]\n",
                "        emotion: 4\n        pains: [Zu viele Anbieter]\n",
            )
        },
    )
    repo.commit("Persona ergänzt", {"journeys/anna.yml": PERSONA + "role: Einkauf\n"})
    repo.commit(
        'Rückruf <script>alert("x")</script> eingeführt',
        {
            "journeys/kauf.yml": repo.read("journeys/kauf.yml").replace(
                "        emotion: 3\n", "        emotion: 5\n        moment_of_truth: true\n"
            )
            + "      - name: Bestellt\n        channel: Website\n        emotion: 4\n"
        },
    )
    return repo


def history_rows(site: Path) -> list[list[str]]:
    doc = parse_file(site / "journeys" / "kauf" / "index.html")
    tables = [t for t in doc.main().find_all("table") if t.has_class("cjm-history-table")]
    assert len(tables) == 1
    return [
        [" ".join(words(td)) for td in tr.find_all("td")]
        for tr in tables[0].find_all("tr")
        if tr.find_all("td")
    ]


def words(node: Node) -> list[str]:
    """The words of a node, lines broken by `<br>` counting as a space."""
    out: list[str] = []
    for child in node.children:
        out += child.split() if isinstance(child, str) else words(child)
    return out


def test_the_journey_page_lists_the_last_changes_with_the_mean_after_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = project(tmp_path / "hb")
    monkeypatch.chdir(tmp_path)  # the build does not depend on the working folder
    build_site(repo.root)
    assert history_rows(repo.root / "site") == [
        [
            "Nov 4, 2026 Anna Autorin",
            'Rückruf <script>alert("x")</script> eingeführt 1 step added · 1 emotion changed '
            "· 1 new moment of truth",
            "4.33 +0.83",
        ],
        [
            "Nov 2, 2026 Anna Autorin",
            "Preise auf der Website erklärt 1 emotion changed · 1 pain resolved",
            "3.5 +1",
        ],
        ["Nov 1, 2026 Anna Autorin", "Kaufreise angelegt file created", "2.5"],
    ]
    page = (repo.root / "site" / "journeys" / "kauf" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    doc = parse_file(repo.root / "site" / "journeys" / "kauf" / "index.html")
    assert "history" in doc.ids
    trend = [s for s in doc.main().find_all("svg") if s.has_class("cjm-sparkline")]
    assert [s.find_all("title")[0].text() for s in trend if s.ancestors()][-1] == (
        "Mean emotion over the last 3 changes, oldest to newest"
    )


def test_the_limit_and_the_cache_by_blob_and_path(tmp_path: Path) -> None:
    repo = project(tmp_path / "hb", limit=2)
    build_site(repo.root)
    rows = history_rows(repo.root / "site")
    assert [r[1].split(" 1 ")[0] for r in rows] == [
        'Rückruf <script>alert("x")</script> eingeführt',
        "Preise auf der Website erklärt",
    ]
    assert rows[1][1].endswith("1 emotion changed · 1 pain resolved")  # not "created"
    path = repo.root / ".cache" / "cjm" / CACHE_FILE
    cache = signed_json(path)
    assert cache["version"] == 3
    assert len(cache["means"]) == 2 and len(cache["facts"]) == 2
    # A cache file signed by this machine is still checked entry by entry (a bug of an
    # older build, a disk error): bad entries are read again.
    blob = sorted(cache["means"])[0]
    cache["means"][blob] = {"kauf": "<b>9</b>"}
    cache["facts"] = {
        "x:y:kauf": {"steps_added": 99},
        **{k: {"pains_resolved": -1} for k in cache["facts"]},
    }
    key = secret()
    assert key is not None
    path.write_text(signed_text(json.dumps(cache), key), encoding="utf-8")
    build_site(repo.root)
    assert history_rows(repo.root / "site") == rows
    # Well-formed values without this machine's signature (a cache restored from another
    # job) are not believed either: the pages show what git says.
    forged = signed_json(path)
    forged["means"] = {b: {"kauf": 1.0} for b in forged["means"]}
    forged["facts"] = {k: {"steps_added": 42} for k in forged["facts"]}
    path.write_text("cjm-signed-1 " + "0" * 64 + "\n" + json.dumps(forged), encoding="utf-8")
    build_site(repo.root)
    assert history_rows(repo.root / "site") == rows
    assert "42" not in "".join(r[1] for r in history_rows(repo.root / "site"))
    (repo.root / ".cache" / "cjm" / CACHE_FILE).write_text("{not json", encoding="utf-8")
    build_site(repo.root)
    assert history_rows(repo.root / "site") == rows


def test_a_journey_without_an_id_renamed_keeps_its_means(tmp_path: Path) -> None:
    """Its id comes from the file name: the same content under the new name holds
    another journey, and the cache of the old name must not answer for it."""
    repo = GitRepo(tmp_path / "hb")
    journey = JOURNEY.replace("id: kauf\n", "")
    repo.commit("Angelegt", {
        "mkdocs.yml": CONFIG.format(limit=10), "docs/index.md": "# Start\n",
        "journeys/anna.yml": PERSONA, "journeys/einkauf.yml": journey,
        ".gitignore": "site/\n.cache/\n",
    })
    build_site(repo.root)
    repo.commit("Umbenannt", {"journeys/einkauf.yml": None, "journeys/kauf.yml": journey})
    build_site(repo.root)  # with the cache of the build before
    rows = history_rows(repo.root / "site")
    assert rows[0][2] == "2.5"  # the mean after the change, not "–"
    (repo.root / ".cache" / "cjm" / CACHE_FILE).unlink()
    build_site(repo.root)
    assert history_rows(repo.root / "site") == rows


def test_off_by_default(tmp_path: Path) -> None:
    repo = project(tmp_path / "hb")
    repo.write({"mkdocs.yml": "site_name: H\ntheme:\n  name: mkdocs\nplugins:\n  - cjm\n"})
    build_site(repo.root)
    doc = parse_file(repo.root / "site" / "journeys" / "kauf" / "index.html")
    assert "history" not in doc.ids
    assert not (repo.root / ".cache" / "cjm" / CACHE_FILE).exists()


def test_without_git_or_in_a_shallow_clone_a_note_says_why(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    repo = project(tmp_path / "hb")
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(tmp_path / "shallow")],
        check=True,
    )
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.cjm"):
        build_site(tmp_path / "shallow", strict=True)  # a note never fails a build
    assert [r.getMessage() for r in caplog.records if "CJM12" in r.getMessage()] == [
        "cjm: mkdocs.yml:6:16: note[CJM121]: this clone has only the latest commits, so journey "
        "pages show only part of their history; fetch the whole history (GitHub Actions: "
        "actions/checkout with `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`)",
    ]
    assert len(history_rows(tmp_path / "shallow" / "site")) == 1
    caplog.clear()
    plain = tmp_path / "plain"
    plain.mkdir()
    for name in ("mkdocs.yml", "docs/index.md", "journeys/anna.yml", "journeys/kauf.yml"):
        (plain / name).parent.mkdir(parents=True, exist_ok=True)
        (plain / name).write_bytes((repo.root / name).read_bytes())
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.cjm"):
        build_site(plain, strict=True)
    messages = [r.getMessage() for r in caplog.records if "CJM12" in r.getMessage()]
    assert len(messages) == 1
    assert messages[0].startswith(
        "cjm: mkdocs.yml:6:16: note[CJM120]: journey pages show no history: "
    )
    assert messages[0].endswith(
        "The history is read from git: build from a git clone of "
        "the handbook, or set `history: false`"
    )
    doc = parse_file(plain / "site" / "journeys" / "kauf" / "index.html")
    assert "history" not in doc.ids


@pytest.mark.parametrize(
    ("repo_url", "link"),
    [
        ("https://github.com/acme/handbuch", "https://github.com/acme/handbuch/commit/{sha}"),
        (
            "https://gitlab.com/acme/cx/handbuch.git/",
            "https://gitlab.com/acme/cx/handbuch/-/commit/{sha}",
        ),
        ("https://git.example.org/acme/handbuch", None),  # unknown host: no guessed link
        ("http://github.com/acme/handbuch", None),  # only https links
    ],
)
def test_each_change_links_its_commit_on_github_and_gitlab(
    tmp_path: Path, repo_url: str, link: str | None
) -> None:
    repo = project(tmp_path / "hb")
    repo.write(
        {
            "mkdocs.yml": repo.read("mkdocs.yml").replace(
                "site_name: Handbuch\n", f"site_name: Handbuch\nrepo_url: '{repo_url}'\n"
            )
        }
    )
    build_site(repo.root)
    doc = parse_file(repo.root / "site" / "journeys" / "kauf" / "index.html")
    subjects = [n for n in doc.main().iter() if n.has_class("cjm-history-subject")]
    newest = repo.git("rev-parse", "HEAD").strip()
    assert len(subjects) == 3
    if link is None:
        assert {n.tag for n in subjects} == {"span"}
    else:
        assert subjects[0].tag == "a"
        assert subjects[0].attrs["href"] == link.format(sha=newest)
        assert subjects[0].attrs["title"] == newest[:12]
