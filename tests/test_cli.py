"""The `cjm` command: `cjm check` and `cjm schema`, run in-process and as installed."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from samples import JOURNEY, PERSONA, STAKEHOLDER

from mkdocs_cjm_plugin import __version__
from mkdocs_cjm_plugin.cli.main import main

TODAY = "2026-01-15"

# Ten files, each broken in its own way: (file, content, code, line).
TEN_BROKEN: list[tuple[str, str | bytes, str, int]] = [
    ("latin1.yml", "kind: persona\nname: M\xfcller\n".encode("latin-1"), "CJM001", 2),
    ("syntax.yml", "kind: persona\nname: [Anna\n", "CJM046", 2),
    ("a-list.yml", "- kind: persona\n- name: Anna\n", "CJM003", 1),
    ("dup-key.yml", "kind: stakeholder\nname: A\nname: B\n", "CJM005", 3),
    ("no-kind.yml", "id: x\nname: X\n", "CJM010", 1),
    ("kind-typo.yml", "kind: persnoa\nname: X\n", "CJM011", 1),
    ("no-name.yml", "kind: persona\nrole: Einkauf\n", "CJM012", 1),
    ("unknown-key.yml", "kind: persona\nname: X\nnmae: X\n", "CJM013", 3),
    ("wrong-type.yml", "kind: persona\nname: X\ngoals: {a: 1}\n", "CJM014", 3),
    ("bad-value.yml", "kind: stakeholder\nname: X\ntype: intern\n", "CJM015", 3),
]


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def clean_handbook(root: Path) -> None:
    write(root, {
        "journeys/personas/anna.yml": PERSONA,
        "journeys/stakeholders.yml": STAKEHOLDER,
        "journeys/kauf.yml": JOURNEY,
    })


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    # The search for mkdocs.yml stops at the home folder: no file of this machine's
    # (a stray /tmp/mkdocs.yml) can change what a test sees.
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


# --------------------------------------------------------------------------- cjm check


def test_ten_broken_files_are_all_reported_in_one_run(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_handbook(cwd)
    write(cwd, {f"journeys/broken/{name}": content for name, content, _, _ in TEN_BROKEN})
    assert main(["check", "--today", TODAY]) == 1
    out, err = capsys.readouterr()
    for name, _, code, line in TEN_BROKEN:
        assert f"journeys/broken/{name}:{line}:" in out, name
        assert re.search(
            rf"^journeys/broken/{re.escape(name)}:{line}:\d+: error\[{code}\]: ", out, re.M
        ), f"{name}: {code}\n{out}"
    assert len([x for x in out.splitlines() if ": error[" in x]) == 10
    assert "13 files" in err and "10 errors" in err


def test_a_mkdocs_yml_that_inherits_is_checked_as_the_build_reads_it(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`INHERIT:` (MkDocs merges the files): `cjm check` and the build agree, and a
    problem in an option is shown in the file it is written in."""
    clean_handbook(cwd)
    write(cwd, {
        "docs/index.md": "# Start\n",
        "base.yml": "site_name: Handbuch\nplugins:\n  - cjm:\n"
                    "      emotion_scale: {min: 4, max: 5}\n",
        "mkdocs.yml": "INHERIT: base.yml\nsite_name: Handbuch (Team)\n",
    })
    assert main(["check", "--today", TODAY]) == 1
    out, _ = capsys.readouterr()
    scale = [line for line in out.splitlines() if "error[CJM025]" in line]
    assert scale and all(line.startswith("journeys/kauf.yml:") for line in scale)
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=cwd,
                           capture_output=True, text=True, check=False)
    assert all(line in built.stderr for line in scale), built.stderr
    with (cwd / "base.yml").open("a", encoding="utf-8") as base:
        base.write("      stale_afterdays: 3\n")
    assert main(["check", "--today", TODAY]) == 1
    out, _ = capsys.readouterr()
    assert "base.yml:5:7: error[CJM029]: plugin option `stale_afterdays`: unknown option " \
           "(did you mean 'stale_after_days'?)" in out.splitlines()


@pytest.mark.parametrize(("files", "problem"), [
    ({"mkdocs.yml": "INHERIT: nope.yml\n"},
     "mkdocs.yml:1:10: error[CJM006]: `INHERIT: nope.yml` names 'nope.yml', which cannot be "
     "read (No such file or directory); check the path, relative to this file"),
    ({"mkdocs.yml": "INHERIT: base.yml\n", "base.yml": "INHERIT: mkdocs.yml\n"},
     "base.yml:1:10: error[CJM006]: `INHERIT: mkdocs.yml` leads to 'mkdocs.yml', which "
     "inherits back from this one: one of them must not"),
    ({"mkdocs.yml": "INHERIT:\n"},
     "mkdocs.yml:1:9: error[CJM006]: `INHERIT` names no file; write the path of the "
     "mkdocs.yml to take settings from, such as `INHERIT: ../base.yml`"),
])
def test_an_inherit_that_leads_nowhere_is_said_plainly(
    cwd: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], problem: str
) -> None:
    clean_handbook(cwd)
    write(cwd, files)
    assert main(["check", "--today", TODAY]) == 1
    out, _ = capsys.readouterr()
    assert problem in out.splitlines()


def test_clean_folder_exits_0(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean_handbook(cwd)
    assert main(["check", "journeys", "--today", TODAY]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "cjm: checked 3 files, 1 journey, 1 persona: 0 errors, 0 warnings" in err


def test_warnings_exit_0_but_1_with_strict(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_handbook(cwd)
    write(cwd, {
        "mkdocs.yml": "site_name: Handbuch\nplugins:\n  - cjm\n",
        "docs/index.md": "# Start\n",
        "journeys/personas/anna.yml": PERSONA + "photo: img/anna.jpg\n",
    })
    assert main(["check", "--today", TODAY]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "journeys/personas/anna.yml:4:8: warning[CJM104]: photo 'img/anna.jpg' not found in "
        "the docs folder, so the page shows initials instead; put the picture there (the "
        "path is relative to the docs folder) or correct the path",
    ]
    assert "0 errors, 1 warning" in err
    assert main(["check", "--strict", "--today", TODAY]) == 1


def test_an_unfinished_handbook_passes_a_strict_check(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A persona without a journey yet, a stakeholder with only relations of its own, a
    # step without a channel: unfinished, not wrong.
    clean_handbook(cwd)
    write(cwd, {
        "journeys/personas/bob.yml": "kind: persona\nname: Bob\n",
        "journeys/lieferant.yml": "kind: stakeholder\nname: Lieferant\nrelations:\n"
                                  "  - to: kundenservice\n    label: Ersatzteile\n",
        "journeys/kauf.yml": JOURNEY.replace("        channel: Website\n", ""),
    })
    assert main(["check", "--strict", "--today", TODAY]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "journeys/kauf.yml:10:9: note[CJM102]: step 'Sucht im Netz' has neither `touchpoint` "
        "nor `channel`; say where the customer meets you here",
        "journeys/personas/bob.yml:1:1: note[CJM101]: persona 'bob' is used by no journey; "
        "map a journey for it or remove it",
    ]
    assert "0 errors, 0 warnings, 2 notes" in err


def test_notes_do_not_fail_a_strict_check(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_handbook(cwd)
    assert main(["check", "--strict", "--today", "2030-01-01"]) == 0
    out, err = capsys.readouterr()
    assert "note[CJM103]" in out
    assert "0 errors, 0 warnings, 1 note" in err


def test_json_format(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean_handbook(cwd)
    write(cwd, {"journeys/bad.yml": "kind: persona\nname: X\nnmae: Y\n",
                "journeys/bob.yml": "kind: persona\nname: Bob\n"})
    assert main(["check", "--format", "json", "--today", TODAY]) == 1
    out, _ = capsys.readouterr()
    data = json.loads(out)
    assert data["version"] == 1
    assert data["diagnostics"] == [
        {"path": "journeys/bad.yml", "line": 3, "col": 1, "code": "CJM013",
         "message": "unknown key `nmae` in persona (did you mean 'name'?); remove it or move "
                    "it under `extra:` (free key/value pairs)",
         "severity": "error"},
        {"path": "journeys/bob.yml", "line": 1, "col": 1, "code": "CJM101",
         "message": "persona 'bob' is used by no journey; map a journey for it or remove it",
         "severity": "note"},
    ]


def test_json_format_when_clean(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean_handbook(cwd)
    assert main(["check", "--format", "json", "--today", TODAY]) == 0
    assert json.loads(capsys.readouterr().out) == {"version": 1, "diagnostics": []}


def test_github_format(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean_handbook(cwd)
    write(cwd, {
        "journeys/bad.yml": "kind: persona\nname: X\nnmae: 100%\n",
        "journeys/bob.yml": "kind: persona\nname: Bob\n",
    })
    assert main(["check", "--format", "github", "--today", "2030-01-01"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(
        "::error file=journeys/bad.yml,line=3,col=1,title=CJM013::unknown key `nmae`"
    )
    assert any(
        x.startswith("::notice file=journeys/bob.yml,line=1,col=1,title=CJM101::persona 'bob'")
        for x in lines
    )
    assert any(x.startswith("::notice file=journeys/kauf.yml,line=6,col=10,") for x in lines)
    pattern = re.compile(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=CJM\d{3}::")
    assert all(pattern.match(x) for x in lines), lines


def test_github_format_keeps_a_file_name_with_a_line_break_on_one_line(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A line break in a file name would end the annotation and start a command of its own.
    clean_handbook(cwd)
    write(cwd, {"journeys/a\n::error file=x::b.yml": "kind: persona\nname: X\nnmae: 1\n"})
    assert main(["check", "--format", "github", "--today", TODAY]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(
        "::error file=journeys/a%0A%3A%3Aerror file=x%3A%3Ab.yml,line=3,col=1,title=CJM013::"
    ), lines
    assert not any(line.startswith("::error file=x") for line in lines), lines
    # Nor can a key with a line break or a terminal colour in it.
    write(cwd, {"journeys/a\n::error file=x::b.yml": 'kind: persona\nname: X\n"a\\nb\\e[31m": 1\n'})
    assert main(["check", "--format", "github", "--today", TODAY]) == 1
    line = capsys.readouterr().out.splitlines()[0]
    assert "::unknown key `a\\nb\\x1b[31m`" in line, line


@pytest.mark.parametrize(
    ("name", "shown"),
    [("a\rb", "a\\rb"), ("a\nb", "a\\nb"), ("a\u202eb", "a\\u202eb"), ("a\x1b[2Jb", "a\\x1b[2Jb")],
)
def test_text_format_shows_control_characters_in_file_names_as_escapes(
    cwd: Path, capsys: pytest.CaptureFixture[str], name: str, shown: str
) -> None:
    # A carriage return would overwrite the line in a terminal, an escape sequence clear
    # the screen, a right-to-left override reorder what a reviewer reads.
    clean_handbook(cwd)
    write(cwd, {f"journeys/{name}.yml": "kind: persona\nid: x\nname: X\nnmae: 1\n"})
    assert main(["check", "--today", TODAY]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"journeys/{shown}.yml:4:1: error[CJM013]: "), lines
    assert len(lines) == 1, lines  # one problem on one line (the summary goes to stderr)


MKDOCS_YML = """\
site_name: Handbuch
theme:
  name: material
  language: de
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
extra:
  analytics_key: !ENV [ANALYTICS_KEY, "none"]
plugins:
  - search
  - cjm:
      emotion_scale: {min: -2, max: 2}
"""


def test_options_are_read_from_mkdocs_yml(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean_handbook(cwd)
    (cwd / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    assert main(["check", "--today", TODAY]) == 1
    out, _ = capsys.readouterr()
    assert out.splitlines() == [
        "journeys/kauf.yml:12:18: error[CJM025]: emotion 3 is outside the scale -2..2; use a "
        "value inside it (or change the site's `emotion_scale`)",
    ]
    # The same file passes once its emotion fits the site's scale.
    write(cwd, {"journeys/kauf.yml": JOURNEY.replace("emotion: 3", "emotion: -1")})
    assert main(["check", "--today", TODAY]) == 0


def test_source_option_from_mkdocs_yml(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(cwd, {"maps/kauf.yml": JOURNEY, "maps/anna.yml": PERSONA,
                "maps/cs.yml": STAKEHOLDER})
    (cwd / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - cjm:\n      source: maps\n")
    assert main(["check", "--today", TODAY]) == 0
    assert "checked 3 files" in capsys.readouterr().err
    (cwd / "maps" / "kauf.yml").write_text("kind: persnoa\n")
    assert main(["check", "--today", TODAY]) == 1
    # Only the broken file: the persona and stakeholder it may name are not "unused".
    out = capsys.readouterr().out
    assert out.startswith("maps/kauf.yml:1:7: error[CJM011]: ")
    assert out.count("\n") == 1, out


@pytest.mark.parametrize(
    ("option", "line", "col", "words"),
    [
        ("emotion_scale: {min: 5, max: 1}", 14, 22,
         ("plugin option `emotion_scale`", "min (5.0) must be smaller than max (1.0)")),
        ("emotion_scael: {min: -2, max: 2}", 14, 7,
         ("plugin option `emotion_scael`", "unknown option (did you mean 'emotion_scale'?)")),
        ("stale_after_days: bald", 14, 25, ("plugin option `stale_after_days`",)),
        ("labels: {emotion_curve_of: 'Kurve {titel}'}", 14, 15,
         ("plugin option `labels`", "label `emotion_curve_of`: unknown placeholder {titel}; "
          "this label can use {title}")),
        ("labels: {jouneys: Reisen}", 14, 15,
         ("plugin option `labels`", "unknown label `jouneys` (did you mean 'journeys'?)")),
        ("language: deutsch-ch", 14, 17,
         ("plugin option `language`", "'deutsch-ch' is not a language code")),
        ("prefix: ../site", 14, 15,
         ("plugin option `prefix`", "prefix must be a folder name like `handbook`")),
        ("phase_model: [{id: kauf, name: Kauf}, {id: kauf, name: Kauf}]", 14, 20,
         ("plugin option `phase_model`", "phase id 'kauf' appears twice")),
    ],
)
def test_invalid_option_in_mkdocs_yml(
    cwd: Path, capsys: pytest.CaptureFixture[str],
    option: str, line: int, col: int, words: tuple[str, ...],
) -> None:
    clean_handbook(cwd)
    config = MKDOCS_YML.replace("emotion_scale: {min: -2, max: 2}", option)
    (cwd / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert main(["check", "--today", TODAY]) == 1
    out, _ = capsys.readouterr()
    errors = [x for x in out.splitlines() if "error[" in x]
    assert len(errors) == 1, out
    assert errors[0].startswith(f"mkdocs.yml:{line}:{col}: error[CJM029]: ")
    for word in words:
        assert word in errors[0]


def test_config_option_names_another_file(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_handbook(cwd)
    (cwd / "site").mkdir()
    (cwd / "site" / "handbook.yml").write_text(
        "site_name: x\nplugins:\n  cjm:\n    source: ../journeys\n"
        "    emotion_scale: {min: 0, max: 2}\n"
    )
    assert main(["check", "--config", "site/handbook.yml", "--today", TODAY]) == 1
    assert "journeys/kauf.yml:12:18: error[CJM025]" in capsys.readouterr().out
    assert main(["check", "--config", "site/missing.yml"]) == 2
    assert "config file not found" in capsys.readouterr().err


def test_missing_source_folder_exits_2(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "nowhere"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "source folder not found: nowhere" in err
    # The default folder, journeys/, is missing too.
    assert main(["check"]) == 2
    assert "source folder not found: journeys" in capsys.readouterr().err


def test_source_that_is_a_file_exits_2(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean_handbook(cwd)
    assert main(["check", "journeys/kauf.yml"]) == 2
    assert "is a file" in capsys.readouterr().err


def test_bad_arguments_exit_2(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "xml"]) == 2
    assert main(["check", "--today", "gestern"]) == 2
    assert main(["frobnicate"]) == 2
    assert main([]) == 2
    assert "usage: cjm" in capsys.readouterr().out


# --------------------------------------------------------------------------- schema and help


def test_schema_prints_json(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"Persona", "Stakeholder", "Journey"} <= set(schema["$defs"])
    assert schema["$schema"].startswith("https://json-schema.org/")


def test_schema_to_a_file(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "-o", "schema.json"]) == 0
    assert capsys.readouterr().out == ""
    schema = json.loads((cwd / "schema.json").read_text(encoding="utf-8"))
    assert "Journey" in schema["$defs"]
    assert main(["schema", "-o", "no/such/folder/schema.json"]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_schema_writes_a_new_file_or_its_own_and_never_through_a_link(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mkdocs_cjm_plugin.core.files import UMASK

    assert main(["schema", "-o", "schema.json"]) == 0
    # As readable as any file of the user's: editors and a published site read it.
    assert (cwd / "schema.json").stat().st_mode & 0o777 == 0o666 & ~UMASK
    # Its own file is replaced, also by the other schema, and so is an empty one.
    assert main(["schema", "--export", "-o", "schema.json"]) == 0
    assert "catalogue-export" in (cwd / "schema.json").read_text(encoding="utf-8")
    (cwd / "made-by-mktemp.json").touch()
    assert main(["schema", "-o", "made-by-mktemp.json"]) == 0
    assert capsys.readouterr() == ("", "")
    write(cwd, {"mkdocs.yml": "site_name: x\n", "victim.txt": "mine\n"})
    (cwd / "link.json").symlink_to("victim.txt")
    (cwd / "own.json").symlink_to("schema.json")
    (cwd / "lost.json").symlink_to("nowhere.json")
    refused = {
        "mkdocs.yml": "cjm: mkdocs.yml exists and was not written by cjm schema; it is left "
        "as it is. Give --output another file (nothing was written)",
        "/dev/null": "cjm: /dev/null is a device, not a file; give --output a file (nothing "
        "was written)",
    }
    for link in ("link.json", "own.json", "lost.json"):
        refused[link] = (
            f"cjm: {link} is a link; cjm schema never writes through a link: give --output "
            "the file itself or a new name (nothing was written)"
        )
    for output, message in refused.items():
        assert main(["schema", "-o", output]) == 2
        assert capsys.readouterr() == ("", message + "\n")
    assert (cwd / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: x\n"
    assert (cwd / "victim.txt").read_text(encoding="utf-8") == "mine\n"
    assert all((cwd / link).is_symlink() for link in ("link.json", "own.json", "lost.json"))
    assert not (cwd / "nowhere.json").exists()


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "check" in out and "schema" in out
    assert main(["check", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--strict" in out and "--format" in out and "exit status" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"mkdocs-cjm {__version__}"


# --------------------------------------------------------------------------- installed script


def test_installed_console_script(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "cjm"
    assert script.is_file(), f"the console script is not installed next to {sys.executable}"
    clean_handbook(tmp_path)
    write(tmp_path, {"journeys/bad.yml": "kind: persona\nname: X\nnmae: Y\n"})
    done = subprocess.run(
        [str(script), "check", "--today", TODAY], cwd=tmp_path, capture_output=True,
        text=True, timeout=120, check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("journeys/bad.yml:3:1: error[CJM013]: unknown key `nmae`")
    assert "1 error" in done.stderr
    done = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0
    assert "check" in done.stdout and "schema" in done.stdout


def test_output_that_cannot_be_written_is_said_in_one_line(tmp_path: Path) -> None:
    clean_handbook(tmp_path)
    for command in (["schema"], ["export", "--format", "json"], ["check"]):
        if command == ["check"]:  # a problem to print
            write(tmp_path, {"journeys/bad.yml": "kind: persona\nname: X\nnmae: Y\n"})
        with Path("/dev/full").open("w") as full:
            done = subprocess.run(
                [str(Path(sys.executable).parent / "cjm"), *command], cwd=tmp_path,
                stdout=full, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
            )
        assert done.returncode == 2, command
        assert done.stderr.splitlines()[-1] == "cjm: cannot write: no space left on device"
        assert "Traceback" not in done.stderr and "Exception" not in done.stderr


def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path: Path) -> None:
    import fcntl

    clean_handbook(tmp_path)
    script = str(Path(sys.executable).parent / "cjm")
    # `cjm schema | head -c 100`: the reader goes after the first bytes of a long output.
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)  # smaller than the schema
    process = subprocess.Popen([script, "schema"], stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    assert os.read(read_end, 100).startswith(b"{")
    os.close(read_end)
    _, err = process.communicate(timeout=120)
    assert (process.returncode, err) == (0, b"")
    # `cjm check | true`: the reader is gone before anything is written.
    read_end, write_end = os.pipe()
    os.close(read_end)
    done = subprocess.run([script, "check", "journeys"], cwd=tmp_path, stdout=write_end,
                          stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    os.close(write_end)
    assert done.returncode == 0
    assert "Traceback" not in done.stderr and "Exception" not in done.stderr


def test_ctrl_c_ends_the_run_with_one_line_and_status_130() -> None:
    import fcntl
    import termios

    # `cjm schema` into a pipe nobody reads waits once the pipe is full: from then on the
    # signal comes while the command runs, not while Python starts.
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)  # smaller than the schema
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "cjm"), "schema"],
        stdout=write_end, stderr=subprocess.PIPE,
    )
    os.close(write_end)
    try:
        deadline = time.monotonic() + 60
        waiting = bytearray(4)
        while time.monotonic() < deadline:
            fcntl.ioctl(read_end, termios.FIONREAD, waiting)
            if int.from_bytes(waiting, sys.byteorder) >= 4096:
                break
            time.sleep(0.05)
        else:
            pytest.fail("cjm schema never filled the pipe")
        process.send_signal(signal.SIGINT)
        with os.fdopen(read_end, "rb") as stdout:
            stdout.read()  # what it had written before: then it can end
        assert process.stderr is not None
        err = process.stderr.read()
        process.wait(timeout=60)
    finally:
        process.kill()
        if process.stderr is not None:
            process.stderr.close()
    assert (process.returncode, err) == (130, b"cjm: interrupted\n")


# --------------------------------------------------------------------------- finding mkdocs.yml

NO_CONFIG = "cjm: no mkdocs.yml found; checking with the default options (use --config)"


def _scale_project(root: Path) -> None:
    """A handbook whose emotions (-2) are only valid with its mkdocs.yml (scale -2..2)."""
    clean_handbook(root)
    kauf = root / "journeys" / "kauf.yml"
    kauf.write_text(re.sub(r"emotion: \d", "emotion: -2", kauf.read_text()))
    write(root, {
        "mkdocs.yml": "site_name: x\nplugins:\n  - cjm:\n"
        "      emotion_scale: {min: -2, max: 2}\n",
        "docs/index.md": "# x\n",
    })


@pytest.mark.parametrize(
    ("where", "args"),
    [("elsewhere", ["../proj/journeys"]), ("proj/journeys", ["."]), ("proj/docs", []),
     ("proj/journeys/personas", ["--config", "../../mkdocs.yml"])],
    ids=["outside-the-project", "in-the-source-folder", "in-the-docs-folder", "given"],
)
def test_check_finds_the_mkdocs_yml_of_the_project_from_any_folder(
    cwd: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    where: str, args: list[str],
) -> None:
    _scale_project(cwd / "proj")
    (cwd / "elsewhere").mkdir()
    monkeypatch.chdir(cwd / where)
    assert main(["check", "--today", TODAY, *args]) == 0
    out, err = capsys.readouterr()
    assert "CJM025" not in out, out
    assert NO_CONFIG not in err


def test_without_any_mkdocs_yml_the_check_says_it_uses_the_defaults(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _scale_project(cwd / "proj")
    (cwd / "proj" / "mkdocs.yml").unlink()
    assert main(["check", "--today", TODAY, "proj/journeys"]) == 1
    out, err = capsys.readouterr()
    assert "error[CJM025]" in out  # -2 is outside the default scale 1..5
    assert err.splitlines()[0] == NO_CONFIG
    assert err.count("no mkdocs.yml") == 1


def test_a_mkdocs_yml_above_the_home_folder_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    _scale_project(tmp_path)
    home = tmp_path / "journeys"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home)
    assert main(["check", "--today", TODAY, "."]) == 1
    assert capsys.readouterr().err.splitlines()[0] == NO_CONFIG


def test_a_source_that_is_there_but_no_folder_is_named_for_what_it_is(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    from mkdocs_cjm_plugin.core.model import SiteOptions
    from mkdocs_cjm_plugin.core.pipeline import load_catalogue

    os.mkfifo(cwd / "pipe")
    (cwd / "lost").symlink_to("nowhere")
    for source, kind in (("/dev/null", "a device"), ("pipe", "a named pipe"),
                         ("lost", "a link that leads nowhere")):
        write(cwd, {"mkdocs.yml": "site_name: x\nplugins:\n  - cjm\n"})
        assert main(["check", source]) == 2
        assert capsys.readouterr().err == (
            f"cjm: {source} is {kind}, not a folder; give the folder that holds your "
            "journey files\n"
        )
        write(cwd, {"mkdocs.yml": f"site_name: x\nplugins:\n  - cjm:\n      source: {source}\n"})
        assert main(["check"]) == 1
        assert capsys.readouterr().out == (
            f"mkdocs.yml:4:15: error[CJM006]: plugin option `source`: '{source}' is {kind}, "
            "not a folder; set `source` to the folder that holds your journey files\n"
        )
    result = load_catalogue(Path("/dev/null"), SiteOptions())
    assert [d.format() for d in result.diagnostics] == [
        "/dev/null:1:1: error[CJM006]: source folder '/dev/null' is a device, not a folder; "
        "set the plugin's `source` option to the folder that holds your journey files"
    ]


def test_a_missing_source_folder_is_reported_at_its_option_with_the_folder_meant(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_handbook(cwd)
    write(cwd, {"mkdocs.yml": "site_name: x\nplugins:\n  - cjm:\n      source: jouneys\n"})
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "mkdocs.yml:4:15: error[CJM006]: plugin option `source`: folder 'jouneys' does not "
        "exist (did you mean 'journeys'?); create it or set `source` to the folder that "
        "holds your journey files"
    ]
    # Given on the command line, it is a wrong argument (status 2), with the same hint.
    assert main(["check", "jouneys"]) == 2
    assert "cjm: source folder not found: jouneys (did you mean 'journeys'?)" in (
        capsys.readouterr().err
    )
