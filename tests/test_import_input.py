"""What `cjm import` reads: only regular files, never more than its limit, and JSON only
as strictly as the journey files themselves are read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_cjm_plugin.cli import main


def import_in_a_process(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`cjm import` in a process of its own, with 1 GB of memory: one that hangs or
    reads without end fails the test instead of stopping the run or the machine."""

    def limit_memory() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [str(Path(sys.executable).parent / "cjm"), "import", *args],
        capture_output=True, text=True, check=False, timeout=60, cwd=cwd,
        preexec_fn=limit_memory,
    )


# --------------------------------------------------------------------------- special files


def test_a_device_is_refused_unread(tmp_path: Path) -> None:
    done = import_in_a_process(tmp_path, "mermaid", "/dev/zero")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "cjm: cannot read /dev/zero: it is a device, not a file\n"


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "export.json")
    done = import_in_a_process(tmp_path, "json", "export.json", "--out", "back")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "cjm: cannot read export.json: it is a named pipe, not a file\n"
    assert not (tmp_path / "back").exists()


def test_a_file_over_the_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    with Path("big.mmd").open("wb") as big:
        big.truncate(5 * 1024 * 1024)  # sparse: no 5 MB written to the disk
    assert main(["import", "mermaid", "big.mmd"]) == 2
    assert capsys.readouterr().err == (
        "cjm: big.mmd is larger than 4 MB; that is not a diagram or an export of journeys\n"
    )


# --------------------------------------------------------------------------- JSON


HEAD = '{\n  "format": "mkdocs-cjm catalogue",\n  "version": 1,\n'
PERSONA = '{"kind": "persona", "id": "anna", "name": "Anna"}'


def export_with(body: str, head: str = HEAD) -> str:
    """An export document: `head`, then `body` (the lines of its sections)."""
    return head + body + "}\n"


def import_json(root: Path, text: str, monkeypatch: pytest.MonkeyPatch,
                capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The messages of `cjm import json` on `text`, which must import nothing."""
    monkeypatch.chdir(root)
    Path("c.json").write_text(text, encoding="utf-8")
    assert main(["import", "json", "c.json", "--out", "back"]) == 1
    assert not Path("back").exists()
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1] == "cjm: nothing imported"
    assert not any("Traceback" in line for line in lines)
    return [line for line in lines[:-1] if not line.startswith("cjm: no mkdocs.yml")]


DEEP = "c.json:1:68: error[CJM004]: this is nested more than 64 levels deep inside its " \
    "entry, deeper than a journey file may be; flatten it (a cjm export never nests that deep)"


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        pytest.param("[" * 100_000 + "]" * 100_000, [DEEP], id="deep-brackets"),
        pytest.param("[" * 100_000, [
            DEEP,
            "c.json:1:100001: error[CJM144]: this is not valid JSON: the document ends "
            "early: a value or a closing `]` or `}` is missing; a cjm export is one JSON "
            "object as `cjm export --format json` writes it",
        ], id="deep-and-unclosed"),
        pytest.param(
            export_with('  "personas": [{"kind": "persona", "id": "anna", "name": "Anna",\n'
                        '    "extra": {"a": ' + "[" * 70 + "]" * 70 + "}}],\n"
                        '  "stakeholders": [], "journeys": []\n'),
            ["c.json:5:83: error[CJM004]: this is nested more than 64 levels deep inside its "
             "entry, deeper than a journey file may be; flatten it (a cjm export never nests "
             "that deep)"],
            id="deep-in-extra"),
        pytest.param(
            export_with('  "personas": [], "stakeholders": [],\n  "journeys": [{"kind": '
                        '"journey", "id": "j", "title": "J", "persona": "anna", "phases": '
                        '[{"name": "P", "steps": [{"name": "S",\n    "emotion": '
                        + "1" * 5001 + "}]}]}]\n"),
            ["c.json:6:16: error[CJM144]: this number has 5,001 digits; a journey has no "
             "number that long: write it with at most 100 characters, or in quotes as text if "
             "it is a code"],
            id="5001-digits"),
    ],
)
def test_json_too_deep_or_too_long_is_named_at_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    text: str, messages: list[str],
) -> None:
    assert import_json(tmp_path, text, monkeypatch, capsys) == messages


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("NaN", "c.json:4:81: error[CJM144]: `NaN` is no number in JSON (some programs "
         "write it for a number they could not compute); write a number, or null for none"),
        ("Infinity", "c.json:4:81: error[CJM144]: `Infinity` is no number in JSON (some "
         "programs write it for a number they could not compute); write a number, or null "
         "for none"),
        ("-Infinity", "c.json:4:81: error[CJM144]: `-Infinity` is no number in JSON (some "
         "programs write it for a number they could not compute); write a number, or null "
         "for none"),
        ("1e400", "c.json:4:81: error[CJM144]: the number 1e400 is too large; numbers go up "
         "to about 1.8e308: write a smaller one, or in quotes as text if it is a code"),
    ],
)
def test_json_numbers_that_are_no_numbers_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    value: str, message: str,
) -> None:
    text = export_with(
        '  "personas": [{"kind": "persona", "id": "anna", "name": "Anna", "extra": {"n": '
        + value + '}}],\n  "stakeholders": [], "journeys": []\n')
    assert import_json(tmp_path, text, monkeypatch, capsys) == [message]


def test_json_duplicate_keys_are_refused_not_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A tool that appends `"journeys": []` to an export would drop every journey.
    text = export_with(
        f'  "personas": [{PERSONA[:-1]}, "name": "Anne"}}],\n'
        '  "stakeholders": [],\n'
        '  "journeys": [{"kind": "journey"}],\n'
        '  "journeys": []\n')
    assert import_json(tmp_path, text, monkeypatch, capsys) == [
        "c.json:4:66: error[CJM005]: key 'name' appears twice in this object (first at "
        "line 4, column 50); the second one would win silently, so remove or rename one of them",
        "c.json:7:3: error[CJM005]: key 'journeys' appears twice in this object (first at "
        "line 6, column 3); the second one would win silently, so remove or rename one of them",
    ]


@pytest.mark.parametrize(
    ("version", "shown"), [("true", "true"), ("1.0", "1.0"), ('"1"', "'1'")]
)
def test_json_version_must_be_the_number_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    version: str, shown: str,
) -> None:
    head = '{\n  "format": "mkdocs-cjm catalogue",\n  "version": ' + version + ",\n"
    text = export_with('  "personas": [], "stakeholders": [], "journeys": []\n', head)
    assert import_json(tmp_path, text, monkeypatch, capsys) == [
        f"c.json:3:14: error[CJM144]: this is not a cjm export of version 1 (found format "
        f"'mkdocs-cjm catalogue', version {shown}); export it again with `cjm export "
        "--format json`, or convert it to that shape"
    ]


def test_json_unknown_keys_of_the_document_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = export_with('  "personas": [], "stakeholders": [],\n  "jouneys": [],\n'
                       '  "generator": 7\n')
    assert import_json(tmp_path, text, monkeypatch, capsys) == [
        "c.json:5:3: error[CJM013]: unknown key `jouneys` in a cjm export (did you mean "
        "'journeys'?); remove it",
        "c.json:6:16: error[CJM014]: `generator` must be text, the name of the program "
        "that wrote the export",
    ]


@pytest.mark.parametrize(
    "entry",
    [
        '{"kind": "persona", "id": "anna", "name": "Anna", "extra": {"\\ud800": 1}}',
        '{"kind": "persona", "id": "anna", "name": "A\\udc00nna"}',
        '{"kind": "persona", "id": "anna", "name": "A\\ud83d\\u0041"}',
    ],
)
def test_json_half_a_character_is_named_at_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    entry: str,
) -> None:
    text = export_with(f'  "personas": [{entry}],\n  "stakeholders": [], "journeys": []\n')
    at = entry.index("\\u")
    col = len('  "personas": [') + at + 1
    assert import_json(tmp_path, text, monkeypatch, capsys) == [
        f"c.json:4:{col}: error[CJM144]: `{entry[at:at + 6]}` "
        "is half of a character (a UTF-16 surrogate) without its other half; write the "
        "character itself, or both halves (`\\ud83d\\ude00` is 😀)"
    ]


def test_json_with_a_whole_character_in_two_halves_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("c.json").write_text(export_with(
        '  "personas": [{"kind": "persona", "id": "anna", "name": "Anna \\ud83d\\ude00"}],\n'
        '  "stakeholders": [], "journeys": []\n'), encoding="utf-8")
    assert main(["import", "json", "c.json", "--out", "back"]) == 0
    assert "name: Anna 😀\n" in Path("back/personas/anna.yml").read_text(encoding="utf-8")


def test_json_that_is_not_utf8_is_named_where_it_stops_being_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("c.json").write_bytes(export_with(
        '  "personas": [{"kind": "persona", "id": "anna", "name": "Jürgen Müller"}],\n'
    ).encode("latin-1"))
    assert main(["import", "json", "c.json", "--out", "back"]) == 1
    assert capsys.readouterr().err.splitlines()[-2:] == [
        "c.json:4:60: error[CJM144]: this is not a cjm export: byte 0xfc is not UTF-8 text; "
        "export it again with `cjm export --format json`, which writes UTF-8",
        "cjm: nothing imported",
    ]
