"""`cjm diff`: real git repositories in temp folders, one kind of change per commit.

Each test commits a base handbook, then one change, and asserts that the report names
exactly that change (and, for changes of form only, none at all).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from gitkit import GitRepo

from mkdocs_cjm_plugin.cli.main import main
from mkdocs_cjm_plugin.core.files import UMASK

PERSONAS = """\
kind: persona
id: anna
name: Anna Berger
role: Einkauf
---
kind: persona
id: ben
name: Ben Muster
"""

STAKEHOLDERS = """\
kind: stakeholder
id: service
name: Kundenservice
---
kind: stakeholder
id: it
name: IT
"""

JOURNEY = """\
kind: journey
id: kauf
title: Kauf
persona: anna
owner: service
updated: 2026-01-01
phases:
  - name: Suche
    responsible: [service]
    steps:
      - name: Sucht im Netz
        touchpoint: Suchmaschine
        channel: Website
        emotion: 3
        pains: [Zu viele Anbieter]
        evidence: assumption
      - name: Liest Bewertungen
        channel: Website
        emotion: 4
  - name: Kauf
    kpis:
      - name: Wartezeit
        target: 3
        actual: 2
        higher_is_better: false
    steps:
      - id: anruf
        name: Ruft die Hotline an
        channel: Telefon
        emotion: 2
        owner: service
        pains: [Warteschleife, Daten fehlen]
        opportunities:
          - title: Rückrufservice
            owner: service
            due: 2026-01-10
            status: planned
      - name: Bestellt
        channel: Website
        emotion: 4
"""

TODAY = "2026-01-15"


def handbook(journey: str = JOURNEY) -> dict[str, str | bytes | None]:
    return {
        "mkdocs.yml": "site_name: T\nplugins:\n  - cjm\n",
        "journeys/personas.yml": PERSONAS,
        "journeys/stakeholders.yml": STAKEHOLDERS,
        "journeys/kauf.yml": journey,
    }


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    root = tmp_path / "repo"
    git = GitRepo(root)
    git.commit("base", handbook())
    monkeypatch.chdir(root)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    monkeypatch.delenv("CI_MERGE_REQUEST_DIFF_BASE_SHA", raising=False)
    return git


def cjm(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", "--today", TODAY, *args])
    out, err = capsys.readouterr()
    return code, out, err


def changed(repo: GitRepo, capsys: pytest.CaptureFixture[str], *edits: tuple[str, str]) -> str:
    """Commit the journey with each (old, new) text replaced; the text report of HEAD~1..HEAD."""
    text = JOURNEY
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    repo.commit("change", {"journeys/kauf.yml": text})
    code, out, err = cjm(capsys, "HEAD~1", "HEAD")
    assert code == 0, err
    return out


def body(report: str) -> list[str]:
    """The report's lines below the verdict, stripped."""
    return [line.strip() for line in report.splitlines()[2:] if line.strip()]


# --------------------------------------------------------------------------- no change


def test_a_reformatted_file_with_keys_reordered_is_no_change(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    reformatted = """\
# Kommentar: gleiche Reise, anders geschrieben
phases:
- steps:
  - {emotion: 3.0, name: 'Sucht im Netz', channel: Website, touchpoint: Suchmaschine,
     pains: Zu viele Anbieter}
  - {name: "Liest Bewertungen", emotion: 4, channel: Website}
  responsible: service
  name: Suche
- name: Kauf
  steps:
  - name: Ruft die Hotline an
    id: anruf
    pains:
    - Warteschleife
    - Daten fehlen
    emotion: 2
    channel: Telefon
    opportunities: [{title: Rückrufservice, status: planned, due: 2026-01-10, owner: service}]
    owner: service
  - {name: Bestellt, channel: Website, emotion: 4}
  kpis: [{name: Wartezeit, higher_is_better: no, target: 3, actual: 2.0}]
updated: 2026-01-01
owner: service
persona: anna
title: "Kauf"
id: kauf
kind: journey
""".replace("\n", "\r\n")
    repo.commit("reformat", {"journeys/kauf.yml": reformatted})
    code, out, _ = cjm(capsys, "HEAD~1", "HEAD")
    assert code == 0
    assert out.splitlines()[1] == "No change to the journey maps."
    assert body(out) == []


def test_a_moved_file_is_no_change(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit("move", {"journeys/kauf.yml": None, "journeys/b2b/kauf-ist.yml": JOURNEY})
    code, out, _ = cjm(capsys, "HEAD~1", "HEAD")
    assert code == 0
    assert out.splitlines()[1] == "No change to the journey maps."
    # The id is written in the file, so the new file name gives it no other default.
    assert body(out) == []


# --------------------------------------------------------------------------- structure


def test_a_step_renamed_with_its_id_is_a_rename(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    out = changed(repo, capsys, ("name: Ruft die Hotline an", "name: Ruft den Service an"))
    assert body(out) == [
        "Kauf (kauf)",
        "Phases and steps",
        "~ step renamed: Ruft die Hotline an -> Ruft den Service an",
    ]


def test_a_step_renamed_without_id_is_a_rename(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    out = changed(repo, capsys, ("name: Liest Bewertungen", "name: Liest Testberichte"))
    assert body(out)[1:] == [
        "Phases and steps",
        "~ step renamed: Liest Bewertungen -> Liest Testberichte",
    ]


def test_a_step_moved_to_another_phase(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    step = "      - name: Liest Bewertungen\n        channel: Website\n        emotion: 4\n"
    out = changed(
        repo, capsys, (step, ""), ("      - name: Bestellt\n", step + "      - name: Bestellt\n")
    )
    assert body(out)[1:] == ["Phases and steps", "> step Liest Bewertungen moved: Suche -> Kauf"]


def test_steps_reordered_and_a_phase_renamed_added_and_removed(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    first = (
        "      - name: Sucht im Netz\n        touchpoint: Suchmaschine\n        channel: Website\n"
        "        emotion: 3\n        pains: [Zu viele Anbieter]\n        evidence: assumption\n"
    )
    second = "      - name: Liest Bewertungen\n        channel: Website\n        emotion: 4\n"
    out = changed(
        repo,
        capsys,
        (first + second, second + first),
        ("  - name: Kauf\n", "  - name: Bestellung\n"),
        ("updated: 2026-01-01\n", "updated: 2026-01-01\n"),
    )
    lines = body(out)
    assert "~ phase renamed: Kauf -> Bestellung" in lines
    assert "~ step Liest Bewertungen changed place" in lines
    assert not [line for line in lines if line.startswith(("+ ", "- "))]
    repo.commit(
        "add phase",
        {
            "journeys/kauf.yml": JOURNEY
            + ("  - name: Nutzung\n    steps:\n      - name: Packt aus\n        emotion: 5\n")
        },
    )
    _, out, _ = cjm(capsys, "HEAD~1", "HEAD")
    assert "+ phase Nutzung" in body(out)
    assert "+ step Packt aus (in Nutzung)" in body(out)
    _, out, _ = cjm(capsys, "HEAD", "HEAD~1")
    assert "- phase Nutzung" in body(out)
    assert "- step Packt aus (was in Nutzung)" in body(out)


# --------------------------------------------------------------------------- entities


def test_journeys_personas_and_stakeholders_added_removed_and_renamed(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit(
        "entities",
        {
            "journeys/personas.yml": PERSONAS.replace("name: Ben Muster", "name: Benjamin Muster")
            + "---\nkind: persona\nid: cleo\nname: Cleo\n",
            "journeys/stakeholders.yml": STAKEHOLDERS.split("---\n")[0],
            "journeys/service.yml": JOURNEY.replace("id: kauf", "id: service").replace(
                "title: Kauf", "title: Service"
            ),
        },
    )
    code, out, _ = cjm(capsys, "HEAD~1", "HEAD")
    assert code == 0
    assert out.splitlines()[1] == "1 journey added, 2 personas changed, 1 stakeholder changed"
    assert body(out)[:4] == [
        "~ persona ben renamed: Ben Muster -> Benjamin Muster",
        "+ persona cleo added: Cleo",
        "- stakeholder it removed: IT",
        "+ journey service added: Service",
    ]


# --------------------------------------------------------------------------- content


def test_emotion_changes_with_direction_size_mean_and_lowest(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    out = changed(
        repo,
        capsys,
        ("        emotion: 2\n", "        emotion: 4\n"),
        ("        emotion: 3\n", "        emotion: 1\n"),
    )
    assert out.splitlines()[1] == "1 journey changed"  # the mean stayed
    assert body(out) == [
        "Kauf (kauf)",
        "Emotion",
        "mean 3.25 -> 3.25 (±0), lowest 2 -> 1",
        "Sucht im Netz        3 -> 1  (-2)",
        "Ruft die Hotline an  2 -> 4  (+2)",
    ]


def test_pains_gains_moments_touchpoints_evidence_owners_and_review_date(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    out = changed(
        repo,
        capsys,
        (
            "        pains: [Warteschleife, Daten fehlen]\n",
            "        pains: [Daten fehlen, Falsche Auskunft]\n        gains: Freundlich\n"
            "        moment_of_truth: Hier entscheidet sich alles.\n",
        ),
        ("        touchpoint: Suchmaschine\n", "        touchpoint: Vergleichsportal\n"),
        ("        evidence: assumption\n", "        evidence: research\n"),
        ("        owner: service\n        pains", "        owner: it\n        pains"),
        ("    responsible: [service]\n", "    responsible: [service, it]\n"),
        ("owner: service\nupdated: 2026-01-01", "owner: it\nupdated: 2026-01-14"),
    )
    assert body(out) == [
        "Kauf (kauf)",
        "Pains",
        "resolved: Warteschleife (Ruft die Hotline an)",
        "new: Falsche Auskunft (Ruft die Hotline an)",
        "Gains",
        "new: Freundlich (Ruft die Hotline an)",
        "Moments of truth",
        "gained: Ruft die Hotline an (Hier entscheidet sich alles.)",
        "Touchpoints and channels",
        "Sucht im Netz: touchpoint Suchmaschine -> Vergleichsportal",
        "Owners and responsibilities",
        "owner service -> it",
        "Suche: responsible service -> service, it",
        "Ruft die Hotline an: owner service -> it",
        "Evidence",
        "Sucht im Netz: evidence assumption -> research",
        "Reviewed",
        "updated 2026-01-01 -> 2026-01-14",
    ]


def test_opportunities_closed_overdue_reassigned_postponed_and_added(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    out = changed(
        repo,
        capsys,
        (
            "            status: planned\n",
            "            status: done\n"
            "          - title: Chat einführen\n            status: idea\n",
        ),
    )
    assert out.splitlines()[1] == ("1 journey changed: 1 new action, 1 overdue action closed")
    assert body(out)[1:] == [
        "Opportunities",
        "closed: Rückrufservice (Ruft die Hotline an), was overdue",
        "+ Chat einführen (Ruft die Hotline an), idea",
    ]
    repo.commit(
        "later",
        {
            "journeys/kauf.yml": JOURNEY.replace(
                "            owner: service\n            due: 2026-01-10\n",
                "            owner: it\n            due: 2026-03-31\n",
            )
        },
    )
    out = cjm(capsys, "HEAD~2", "HEAD")[1]
    assert body(out)[1:] == [
        "Opportunities",
        "re-assigned: Rückrufservice (Ruft die Hotline an), service -> it",
        "postponed: Rückrufservice (Ruft die Hotline an), due 2026-01-10 -> 2026-03-31 (+80 days)",
    ]


def test_kpi_target_met_then_missed_is_called_out(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    out = changed(repo, capsys, ("        actual: 2\n", "        actual: 5\n"))
    assert out.splitlines()[1] == "1 journey changed: 1 KPI now missing its target"
    assert body(out)[1:] == ["KPIs", "Wartezeit (Kauf): actual 2 -> 5; target met -> MISSED"]


def test_other_fields_are_listed_and_nothing_is_missed(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    out = changed(
        repo,
        capsys,
        ("title: Kauf\n", "title: Kauf im Netz\nsummary: Neu.\n"),
        ("        channel: Telefon\n", "        channel: Telefon\n        action: Ruft an.\n"),
    )
    assert body(out) == [
        "Kauf im Netz (kauf)",
        "Title",
        "Kauf -> Kauf im Netz",
        "Other changes",
        "summary (none) -> Neu.",
        "Ruft die Hotline an: action (none) -> Ruft an.",
    ]


# --------------------------------------------------------------------------- broken files


def test_a_file_that_fails_to_load_is_reported_and_the_rest_compared(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit(
        "break",
        {
            "journeys/kauf.yml": JOURNEY.replace("title: Kauf", "title: Kauf: jetzt"),
            "journeys/personas.yml": PERSONAS.replace("name: Ben Muster", "name: Ben M."),
        },
    )
    code, out, _ = cjm(capsys, "HEAD~1", "HEAD")
    assert code == 0
    lines = body(out)
    assert lines[0] == "~ persona ben renamed: Ben Muster -> Ben M."
    assert "journey kauf: not compared, journeys/kauf.yml fails to load after the change" in lines
    assert not [line for line in lines if "kauf removed" in line]
    assert lines[-2] == "Files that fail to load after the change:"
    assert re.fullmatch(r"journeys/kauf\.yml:3:\d+: error\[CJM043\]: .*", lines[-1])
    assert out.splitlines()[1].endswith("1 error after the change")


# --------------------------------------------------------------------------- git


def test_the_default_base_is_the_merge_base_and_the_working_tree_is_untouched(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("feature", {"journeys/kauf.yml": JOURNEY.replace("emotion: 2\n", "emotion: 5\n")})
    repo.git("checkout", "-q", "main")
    repo.commit(
        "elsewhere",
        {
            "journeys/stakeholders.yml": STAKEHOLDERS
            + ("---\nkind: stakeholder\nid: vertrieb\nname: Vertrieb\n")
        },
    )
    repo.git("checkout", "-q", "feature")
    # Unsaved work in the working tree is part of HEAD's side by default.
    repo.write(
        {
            "journeys/kauf.yml": repo.read("journeys/kauf.yml").replace(
                "title: Kauf", "title: Kauf neu"
            )
        }
    )
    status = repo.git("--no-optional-locks", "status", "--porcelain=v1", "-uall")
    index = (repo.root / ".git" / "index").stat().st_mtime_ns
    code, out, _ = cjm(capsys)
    assert code == 0
    assert out.splitlines()[0].startswith("compared main (merge base ")
    assert out.splitlines()[0].endswith(") -> working tree")
    assert "Ruft die Hotline an  2 -> 5  (+3)" in body(out)
    assert "Kauf -> Kauf neu" in body(out)
    assert not [line for line in body(out) if "vertrieb" in line]  # main's own change
    assert repo.git("--no-optional-locks", "status", "--porcelain=v1", "-uall") == status
    assert (repo.root / ".git" / "index").stat().st_mtime_ns == index


def test_an_unknown_revision_is_named_with_the_closest_branch(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cjm(capsys, "mian")
    assert code == 2
    assert out == ""
    assert err == (
        "cjm: no branch, tag or commit 'mian' in this repository (did you mean 'main'?); "
        "`git branch -a` lists the branches (in a CI job, fetch the whole history)\n"
    )


def test_two_folders_without_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    for folder, journey in (
        ("alt", JOURNEY),
        ("neu", JOURNEY.replace("emotion: 4\n", "emotion: 2\n", 1)),
    ):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "kauf.yml").write_text(journey, encoding="utf-8")
        (tmp_path / folder / "p.yml").write_text(PERSONAS, encoding="utf-8")
    code, out, _ = cjm(capsys, "alt", "neu")
    assert code == 0
    assert out.splitlines()[0] == "compared alt -> neu"
    assert "Liest Bewertungen  4 -> 2  (-2)" in body(out)


# --------------------------------------------------------------------------- outputs


def test_markdown_parses_and_its_verdict_matches_the_json(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    import markdown

    repo.commit(
        "change",
        {
            "journeys/personas.yml": PERSONAS.replace("name: Ben Muster", "name: Ben M."),
            "journeys/stakeholders.yml": STAKEHOLDERS.replace("name: IT", "name: IT-Service"),
            "journeys/kauf.yml": JOURNEY.replace("        emotion: 2\n", "        emotion: 4\n")
            .replace(
                "        pains: [Warteschleife, Daten fehlen]\n", "        pains: [Daten fehlen]\n"
            )
            .replace("            status: planned\n", "            status: done\n")
            .replace(
                "name: Bestellt", 'name: Bestellt "sofort" `x` <script>alert(1)</script> [a](b) #1;'
            ),
        },
    )
    _, md, _ = cjm(
        capsys,
        "HEAD~1",
        "HEAD",
        "--format",
        "markdown",
        "--site-url",
        "https://preview.example.org/pr-7/",
    )
    _, data, _ = cjm(capsys, "HEAD~1", "HEAD", "--format", "json")
    document = json.loads(data)
    summary = document["diff"]["summary"]
    verdict = md.splitlines()[0].removeprefix("### Journey maps: ")
    html = markdown.markdown(md, extensions=["fenced_code", "tables"])
    assert "<script>" not in html.replace("<script>alert", "")  # escaped as text
    assert "&lt;script&gt;" in html
    numbers = [int(n) for n in re.findall(r"(?<![.\d])(\d+)(?![.\d])", verdict.replace("\\", ""))]
    assert numbers == [
        summary["journeys_changed"],
        summary["personas_changed"],
        summary["stakeholders_changed"],
        summary["pains_resolved"],
        summary["overdue_closed"],
    ]
    assert f"mean emotion +{summary['mean_emotion_delta']}" in verdict.replace("\\", "")
    assert document["verdict"] == verdict.replace("\\", "")
    assert (
        "[Open the journey in the preview](<https://preview.example.org/pr-7/journeys/kauf/>)" in md
    )
    assert "Ben M\\. ([preview](<https://preview.example.org/pr-7/personas/ben/>))" in md
    assert "([preview](<https://preview.example.org/pr-7/stakeholders/#sh-it>))" in md
    chart = re.search(r"```mermaid\n(.*?)\n```", md, re.DOTALL)
    assert chart is not None
    lines = chart.group(1).splitlines()
    assert lines[0].startswith("%%{init: ") and lines[0].endswith("}%%")
    json.loads(lines[0][len("%%{init: ") : -len("}%%")])
    assert lines[1] == "xychart-beta"
    assert re.fullmatch(r'    title "[^"]*"', lines[2])
    axis = re.fullmatch(r"    x-axis \[(.*)\]", lines[3])
    assert axis is not None
    labels = json.loads(f"[{axis.group(1)}]")
    assert labels[0] == "Sucht im Netz"
    assert all(not set(label) & set('"`[];#<>') for label in labels)
    assert re.fullmatch(r'    y-axis "Emotion" 1 --> 5', lines[4])
    before = json.loads(lines[5].removeprefix("    line "))
    after = json.loads(lines[6].removeprefix("    line "))
    assert len(before) == len(after) == len(labels) == 4
    assert (before[2], after[2]) == (2, 4)


def test_json_validates_against_the_published_schema(
    repo: GitRepo, capsys: pytest.CaptureFixture[str], repo_root: Path
) -> None:
    import jsonschema

    repo.commit(
        "change",
        {
            "journeys/kauf.yml": JOURNEY.replace("emotion: 2\n", "emotion: 1\n").replace(
                "title: Kauf", "title: Kauf: kaputt"
            )
        },
    )
    repo.commit("fix", {"journeys/kauf.yml": JOURNEY.replace("emotion: 2\n", "emotion: 1\n")})
    _, schema_text, _ = cjm(capsys, "--schema")
    published = repo_root / "docs" / "reference" / "diff.schema.json"
    assert published.read_text(encoding="utf-8") == schema_text, (
        "docs/reference/diff.schema.json is out of date: cjm diff --schema > "
        "docs/reference/diff.schema.json"
    )
    schema = json.loads(schema_text)
    jsonschema.Draft202012Validator.check_schema(schema)
    for base, head in (("HEAD~2", "HEAD"), ("HEAD~2", "HEAD~1"), ("HEAD~1", "HEAD")):
        _, data, _ = cjm(capsys, base, head, "--format", "json")
        document = json.loads(data)
        jsonschema.validate(document, schema)
        assert document["version"] == 1
    assert document["diff"]["problems_before"][0]["code"] == "CJM043"


def test_curves_are_standalone_svg_with_both_series(
    repo: GitRepo, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import xml.etree.ElementTree as ET

    repo.commit("change", {"journeys/kauf.yml": JOURNEY.replace("emotion: 2\n", "emotion: 5\n")})
    folder = tmp_path / "curves"
    code, _, err = cjm(capsys, "HEAD~1", "HEAD", "--curves", str(folder))
    assert code == 0, err
    assert err == f"cjm: 1 curve written to {folder}\n"
    svg = ET.parse(folder / "kauf.svg").getroot()
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.find("s:style", ns) is not None
    series = svg.findall(".//s:g[@class]", ns)
    names = [g.get("class", "") for g in series if "cjm-curve-series" in g.get("class", "")]
    assert len(names) == 2 and any("cjm-curve-dashed" in n for n in names)
    legend = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    assert "Before: Kauf" in legend and "After: Kauf" in legend
    # Written again over its own files; a file of the user's stops it before writing.
    assert cjm(capsys, "HEAD~1", "HEAD", "--curves", str(folder))[0] == 0
    (folder / "kauf.svg").write_text("<svg>mine</svg>", encoding="utf-8")
    code, _, err = cjm(capsys, "HEAD~1", "HEAD", "--curves", str(folder))
    assert code == 2
    assert err == (
        f"cjm: {folder / 'kauf.svg'} exists and was not written by cjm diff; it is left as it "
        "is. Give --curves another folder (the curve of journey 'kauf' goes there)\n"
    )
    assert (folder / "kauf.svg").read_text(encoding="utf-8") == "<svg>mine</svg>"
    # A link is the user's, even one that leads nowhere: not replaced, not followed.
    (folder / "kauf.svg").unlink()
    (folder / "kauf.svg").symlink_to("nowhere.svg")
    code, _, err = cjm(capsys, "HEAD~1", "HEAD", "--curves", str(folder))
    assert code == 2
    assert err == (
        f"cjm: {folder / 'kauf.svg'} is a link, and cjm diff never writes through a link; it "
        "is left as it is. Give --curves another folder (the curve of journey 'kauf' goes "
        "there)\n"
    )
    assert (folder / "kauf.svg").is_symlink() and not (folder / "nowhere.svg").exists()
    (folder / "kauf.svg").unlink()
    assert cjm(capsys, "HEAD~1", "HEAD", "--curves", str(folder))[0] == 0
    # Pictures to publish: as readable as any file of the user's, not private to them.
    assert (folder / "kauf.svg").stat().st_mode & 0o777 == 0o666 & ~UMASK


def test_the_report_goes_to_a_new_file_or_one_cjm_diff_wrote(
    repo: GitRepo, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    repo.commit("change", {"journeys/kauf.yml": JOURNEY.replace("emotion: 2\n", "emotion: 5\n")})
    # Its own report is replaced, whatever the format it was written in.
    for args in (["--format", "markdown"], ["--format", "json"], ["--color", "always"], [],
                 ["--schema"], ["--format", "markdown"]):
        code, out, err = cjm(capsys, "HEAD~1", "HEAD", "--output", "report.md", *args)
        assert (code, out, err) == (0, "", "")
    assert repo.read("report.md").startswith("### Journey maps: 1 journey changed")
    assert (repo.root / "report.md").stat().st_mode & 0o777 == 0o666 & ~UMASK
    assert main(["schema", "-o", "schema.json"]) == 0
    (repo.root / "link.md").symlink_to("report.md")
    curves = tmp_path / "curves"
    for output, message in (
        ("mkdocs.yml", "mkdocs.yml exists and was not written by cjm diff; it is left as it "
         "is. Give --output another file (nothing was written)"),
        ("schema.json", "schema.json exists and was not written by cjm diff; it is left as it "
         "is. Give --output another file (nothing was written)"),
        ("link.md", "link.md is a link; cjm diff never writes through a link: give --output "
         "the file itself or a new name (nothing was written)"),
    ):
        before = (repo.root / output).read_bytes()
        code, out, err = cjm(capsys, "HEAD~1", "HEAD", "-o", output, "--curves", str(curves))
        assert (code, out, err) == (2, "", f"cjm: {message}\n")
        assert (repo.root / output).read_bytes() == before
    assert not curves.exists()  # refused before anything was written


def test_the_text_is_coloured_only_when_asked_or_on_a_terminal(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit(
        "change",
        {
            "journeys/kauf.yml": JOURNEY.replace(
                "pains: [Warteschleife, Daten fehlen]", "pains: [Daten fehlen]"
            )
        },
    )
    _, plain, _ = cjm(capsys, "HEAD~1", "HEAD")
    assert "\x1b[" not in plain
    _, coloured, _ = cjm(capsys, "HEAD~1", "HEAD", "--color", "always")
    assert "\x1b[32mresolved: Warteschleife (Ruft die Hotline an)\x1b[0m" in coloured


# --------------------------------------------------------------------------- check --changed-only


def test_check_changed_only_reports_the_changed_files_and_still_sees_the_whole_catalogue(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    # An old problem in a file the change does not touch: not this change's business.
    repo.commit("old slip", {"journeys/personas.yml": PERSONAS + "nmae: x\n"})
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit(
        "feature",
        {
            "journeys/kauf.yml": JOURNEY.replace("persona: anna", "persona: ben").replace(
                "owner: service\nupdated", "owner: servce\nupdated"
            )
        },
    )
    repo.write({"journeys/neu.yml": "kind: stakeholder\nname: Neu\ntype: intern\n"})  # not added
    code = main(["check", "--changed-only", "--today", "2026-01-05"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.splitlines() == [
        "journeys/kauf.yml:5:8: error[CJM021]: unknown stakeholder 'servce' "
        "(did you mean 'service'?); define a stakeholder with `id: servce` or fix the spelling",
        "journeys/neu.yml:3:7: error[CJM015]: `type` cannot be the text 'intern' "
        "(did you mean 'internal'?); allowed: internal, external, partner",
    ]
    assert "journeys/personas.yml" in main_check_everything(capsys)
    assert err.startswith("cjm: checked 4 files, 1 journey")  # the whole catalogue was read
    code = main(["check", "--changed-only", "HEAD", "--today", "2026-01-05"])
    out, _ = capsys.readouterr()
    assert [line.split(":")[0] for line in out.splitlines()] == ["journeys/neu.yml"]
    assert main(["check", "--changed-only", "nope"]) == 2
    assert "no branch, tag or commit 'nope'" in capsys.readouterr().err


def main_check_everything(capsys: pytest.CaptureFixture[str]) -> str:
    main(["check", "--today", "2026-01-05"])
    return capsys.readouterr().out


# --------------------------------------------------------------------------- hostile input


def test_odd_files_in_a_revision_are_bounded_and_named(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    big = "kind: persona\nid: riesig\nname: Riesig\nsummary: " + "x" * (5 * 1024 * 1024) + "\n"
    repo.commit(
        "odd",
        {
            "journeys/riesig.yml": big,
            "journeys/.versteckt.yml": "kind: x\n",
            "journeys/zeile\nneu.yml": PERSONAS.replace("id: anna", "id: cleo").replace(
                "id: ben", "id: dora"
            ),
        },
    )
    (repo.root / "journeys" / "link.yml").symlink_to("/etc/passwd")
    repo.commit("link")
    code, out, _ = cjm(capsys, "HEAD~2", "HEAD")
    assert code == 0
    lines = body(out)
    assert lines[:2] == ["+ persona cleo added: Anna Berger", "+ persona dora added: Ben Muster"]
    assert lines[2] == "Files that fail to load after the change:"
    assert lines[3] == (
        "journeys/riesig.yml:1:1: error[CJM004]: file is 5,242,928 bytes, more than the limit "
        "of 4,194,304; split it into several files"
    )
    assert len(lines) == 4  # the hidden file and the link are not read, as in a folder


def test_step_and_file_names_cannot_break_the_terminal(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    out = changed(repo, capsys, ("name: Bestellt", 'name: "Bestellt\\u202e\\x1b[31m"'))
    assert "\x1b[31m" not in out and "\u202e" not in out
    assert "~ step renamed: Bestellt -> Bestellt\\u202e\\x1b[31m" in body(out)


def test_phases_reordered_a_moment_lost_a_channel_and_a_persona_field(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    suche, kauf = JOURNEY.split("phases:\n")[1].split("  - name: Kauf\n")
    head = JOURNEY.split("phases:\n")[0]
    repo.commit(
        "base with a moment",
        {
            "journeys/kauf.yml": JOURNEY.replace(
                "        owner: service\n        pains",
                "        owner: service\n        moment_of_truth: true\n        pains",
            )
        },
    )
    repo.commit(
        "reorder",
        {
            "journeys/kauf.yml": head
            + "phases:\n  - name: Kauf\n"
            + kauf.replace("        channel: Telefon\n", "        channel: Chat\n")
            + suche,
            "journeys/personas.yml": PERSONAS.replace("role: Einkauf", "role: Leitung Einkauf"),
            "journeys/stakeholders.yml": STAKEHOLDERS.replace("name: IT", "name: IT-Service"),
        },
    )
    code, out, _ = cjm(capsys, "HEAD~1", "HEAD")
    assert code == 0
    assert body(out) == [
        "~ persona anna (Anna Berger) changed: role Einkauf -> Leitung Einkauf",
        "~ stakeholder it renamed: IT -> IT-Service",
        "Kauf (kauf)",
        "Phases and steps",
        "~ phase Kauf changed place",
        "Moments of truth",
        "lost: Ruft die Hotline an",
        "Touchpoints and channels",
        "Ruft die Hotline an: channel Telefon -> Chat",
    ]


def test_usage_problems_are_named_in_plain_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "alt").mkdir()
    assert cjm(capsys, "alt", "neu") == (
        2,
        "",
        "cjm: folder not found: neu (to compare two folders, give two folders that exist)\n",
    )
    assert cjm(capsys, "alt") == (
        2,
        "",
        "cjm: 'alt' is a folder: give the folder to compare it with too "
        "(`cjm diff alt OTHER_FOLDER`)\n",
    )
    assert cjm(capsys) == (
        2,
        "",
        "cjm: the folder '.' is not inside a git repository; compare two folders "
        "instead (`cjm diff OLD_FOLDER NEW_FOLDER`)\n",
    )


def test_a_source_folder_named_like_pathspec_magic_is_just_a_folder(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    # To git, `:!maps` as a path would mean "everything but maps".
    repo.commit(
        "odd folder name",
        {
            "mkdocs.yml": 'site_name: T\nplugins:\n  - cjm:\n      source: ":!maps"\n',
            ":!maps/personas.yml": PERSONAS,
            "maps/personas.yml": PERSONAS,
        },
    )
    renamed = PERSONAS.replace("name: Ben Muster", "name: Ben M.")
    repo.write({":!maps/personas.yml": renamed, "maps/personas.yml": renamed.replace("Anna", "A")})
    code, out, err = cjm(capsys, "HEAD")
    assert (code, err) == (0, "")
    assert body(out) == ["~ persona ben renamed: Ben Muster -> Ben M."]
    repo.commit("rename")
    code, out, err = cjm(capsys, "HEAD~1", "HEAD")
    assert (code, err) == (0, "")
    assert body(out) == ["~ persona ben renamed: Ben Muster -> Ben M."]


# What `cjm check` lets through in a title or a name (YAML double quotes): line breaks,
# a heading, a link, HTML, a formula, a fence, a terminal colour, a C1 control and a
# right-to-left override.
HOSTILE = (
    "T\\n\\n# Injected heading [click](https://evil.example) <img src=x onerror=alert(1)> "
    "$\\\\color{red}{x}$ www.evil.example | &amp; @{x}\\n\\n```\\e[31mRED\\x9b31m\\u202eX"
)
HOSTILE_TEXT = yaml.safe_load(f'"{HOSTILE}"')


def test_text_from_files_and_git_stays_in_its_place_in_every_format(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    from markdown_it import MarkdownIt

    from mkdocs_cjm_plugin.core.diagnostics import printable

    broken = 'journeys/x\n\n# evil `$y$` [a](b) \x1b[31m.yml'
    other = JOURNEY.replace("id: kauf", "id: other").replace("title: Kauf", "title: Other")
    repo.commit("other", {broken: other})
    branch = "base/<b>`|$x$_a](b)!#"  # what git allows in a branch name
    repo.git("branch", branch)
    repo.commit(
        "hostile",
        {
            "journeys/kauf.yml": JOURNEY.replace("title: Kauf", f'title: "{HOSTILE}"')
            .replace("name: Bestellt", f'name: "{HOSTILE}"')
            .replace("emotion: 2\n", "emotion: 5\n")
            .replace("pains: [Zu viele Anbieter]", f'pains: ["{HOSTILE}"]'),
            "journeys/personas.yml": PERSONAS.replace("name: Ben Muster", f'name: "{HOSTILE}"'),
            broken: other + "  - name: [kaputt\n",
        },
    )
    code, md, err = cjm(capsys, branch, "HEAD", "--format", "markdown")
    assert (code, err) == (0, "")
    unprintable = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
    assert unprintable.search(md) is None
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    # Read as GitHub reads it: the structure is the report's own, nothing more.
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h3"]
    assert [t.info for t in tokens if t.type == "fence"] == ["mermaid", "text"]
    blocks = [t.content for t in tokens if t.type == "html_block"]
    assert len(blocks) == 2 and blocks[1] == "</details>\n"
    assert re.fullmatch(r"<details><summary><b>[^\n<>]*</b></summary>\n", blocks[0])
    inline = [child for t in tokens if t.type == "inline" for child in t.children or []]
    assert {c.type for c in inline} <= {"text", "strong_open", "strong_close", "html_inline"}
    assert {c.content for c in inline if c.type == "html_inline"} == {"<sub>", "</sub>"}
    # Nor does GitHub find a bare address to link, or a formula to draw (in the text it
    # reads as Markdown: not in code, nor in the raw HTML of the summary line).
    prose = re.sub(r"```.*?```|<details>[^\n]*\n", "", md, flags=re.DOTALL)
    assert re.search(r"(?<!\\)(://|\$)|(?<![\\\w])www\.", prose) is None
    # The reader sees the text as written, with control characters as escapes.
    shown = printable(HOSTILE_TEXT)
    assert html.unescape(blocks[0]).startswith(f"<details><summary><b>{shown} (kauf)")
    paragraphs = {
        "".join(c.content for c in (t.children or []) if c.type == "text")
        for t in tokens
        if t.type == "inline"
    }
    assert f"Kauf → {shown}" in paragraphs
    assert f"~ step renamed: Bestellt → {shown}" in paragraphs
    assert f"persona ben renamed: Ben Muster → {shown}" in paragraphs
    assert f"new: {shown} (Sucht im Netz)" in paragraphs  # a pain
    assert f"Compared {branch} → HEAD" in paragraphs
    assert f"journey other: not compared, {printable(broken)} fails to load after the change" in (
        paragraphs
    )
    # The terminal and tools get the same text without anything a terminal obeys.
    code, text, _ = cjm(capsys, branch, "HEAD")
    assert code == 0 and unprintable.search(text) is None
    assert f"  Title\n    Kauf -> {shown}\n" in text
    code, data, _ = cjm(capsys, branch, "HEAD", "--format", "json")
    assert code == 0 and unprintable.search(data) is None
    assert json.loads(data)["diff"]["journeys"][0]["title"] == HOSTILE_TEXT
    # A folder name from mkdocs.yml in a message, too.
    outside = repo.root.parent / "maps\x1b[31m"
    outside.mkdir()
    (outside / "personas.yml").write_text(PERSONAS, encoding="utf-8")
    repo.write({"mkdocs.yml": 'site_name: T\nplugins:\n  - cjm:\n      source: "../maps\\e[31m"\n'})
    code, _, err = cjm(capsys)
    assert code == 2 and unprintable.search(err.rstrip("\n")) is None
    assert "/maps\\x1b[31m' is not inside a git repository" in err
