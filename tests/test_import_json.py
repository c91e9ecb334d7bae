"""`cjm import json` writes only files that read back as what the export held, and that
`cjm check` accepts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mkdocs_cjm_plugin.cli import main
from tests.samples import JOURNEY, PERSONA, STAKEHOLDER

# Characters YAML counts as line breaks besides \n, and others that are not printable.
AWKWARD = {
    "nel": "\x85nel", "ls": "a\u2028b", "ps": "a\u2029b", "bom": "\ufeffx", "cr": "a\rb",
    "tab": "a\tb", "nul": "a\x00b", "del": "a\x7fb", "c1": "a\x9bb", "nbsp": "\xa0a\xa0",
    "lines": "one\ntwo\n", "folded": "word " * 40, "quote": "it's \"x\"", "hash": "a #b",
    "yes": "yes", "octal": "0o17", "date": "2026-01-01", "emoji": "😀",
}


def quoted(text: str) -> str:
    """`text` in YAML's double quotes, everything but printable ASCII escaped."""
    return '"' + "".join(
        c if " " <= c <= "~" and c not in '"\\' else
        f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}" for c in text
    ) + '"'


def handbook(root: Path) -> None:
    (root / "journeys").mkdir(parents=True)
    persona = PERSONA + "extra:\n" + "".join(
        f"  {key}: {quoted(value)}\n" for key, value in AWKWARD.items())
    (root / "journeys" / "anna.yml").write_text(persona, encoding="utf-8")
    (root / "journeys" / "kundenservice.yml").write_text(STAKEHOLDER, encoding="utf-8")
    (root / "journeys" / "kauf.yml").write_text(JOURNEY.replace(
        "Sucht im Netz", quoted("Sucht im Netz \u2028 und\x85 findet")), encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - cjm:\n      source: journeys\n", encoding="utf-8")


def test_export_import_export_is_byte_for_byte_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    handbook(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--format", "json"]) == 0
    first = capsys.readouterr().out
    assert json.loads(first)["personas"][0]["extra"] == AWKWARD  # read as written
    Path("e1.json").write_text(first, encoding="utf-8")
    assert main(["import", "json", "e1.json", "--out", "back"]) == 0
    capsys.readouterr()
    assert main(["export", "--format", "json", "back"]) == 0
    assert capsys.readouterr().out == first


def exported(root: Path, monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """The export of the smallest handbook, as a dict to break."""
    (root / "journeys").mkdir(parents=True)
    for name, text in (("anna", PERSONA), ("kundenservice", STAKEHOLDER), ("kauf", JOURNEY)):
        (root / "journeys" / f"{name}.yml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    assert main(["export", "--format", "json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def at(text: str, before: str, value: str) -> str:
    """`line:col` of `value` where it follows `before` in `text`."""
    offset = text.index(before + value) + len(before)
    line = text.count("\n", 0, offset) + 1
    return f"{line}:{offset - text.rfind(chr(10), 0, offset)}"


def refused(text: str, capsys: pytest.CaptureFixture[str], *more: str) -> list[str]:
    """The messages of importing `text`, which must write nothing."""
    Path("c.json").write_text(text, encoding="utf-8")
    assert main(["import", "json", "c.json", "--out", "back", *more]) == 1
    assert not Path("back").exists()
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1] == "cjm: nothing imported"
    return [line for line in lines[:-1] if not line.startswith("cjm: no mkdocs.yml")]


def test_what_cjm_check_would_refuse_is_named_at_its_line_in_the_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = exported(tmp_path, monkeypatch, capsys)
    journey = data["journeys"][0]
    journey["persona"] = "nobody"
    journey["compares_to"] = "kauf-alt"
    journey["phases"][0]["steps"][0]["emotion"] = 99
    text = json.dumps(data, indent=2)
    persona = at(text, '"persona": ', '"nobody"')
    compares = at(text, '"compares_to": ', '"kauf-alt"')
    emotion = at(text, '"emotion": ', "99")
    assert refused(text, capsys) == [
        f"c.json:{persona}: error[CJM021]: unknown persona 'nobody' (known personas: anna); "
        "define a persona with `id: nobody` or fix the spelling",
        f"c.json:{compares}: error[CJM022]: only a `state: target` journey can use "
        "`compares_to`; set `state: target` or remove `compares_to`",
        f"c.json:{emotion}: error[CJM025]: emotion 99 is outside the scale 1..5; use a value "
        "inside it (or change the site's `emotion_scale`)",
    ]


def test_the_sites_emotion_scale_decides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = exported(tmp_path, monkeypatch, capsys)
    data["journeys"][0]["phases"][0]["steps"][0]["emotion"] = -2
    text = json.dumps(data, indent=2)
    emotion = at(text, '"emotion": ', "-2")
    assert refused(text, capsys) == [
        f"c.json:{emotion}: error[CJM025]: emotion -2 is outside the scale 1..5; use a value "
        "inside it (or change the site's `emotion_scale`)",
    ]
    Path("mkdocs.yml").write_text("site_name: t\nplugins:\n  - cjm:\n      emotion_scale: "
                                  "{min: -2, max: 2}\n", encoding="utf-8")
    assert main(["import", "json", "c.json", "--out", "back"]) == 0
    assert main(["check", "back"]) == 0


def test_an_entry_too_large_for_a_journey_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = exported(tmp_path, monkeypatch, capsys)
    data["personas"][0]["extra"] = {"notes": "a" * 5_000_000}
    data["stakeholders"][0]["extra"] = {"rows": list(range(60_000))}
    # Few characters, but each written as an escape of four: a file too large all the same.
    data["journeys"][0]["extra"] = {"raw": "\x01" * 1_500_000}
    text = json.dumps(data, indent=2)
    messages = refused(text, capsys)
    notes, stakeholder = at(text, '"notes": ', '"a'), at(text, '"stakeholders": [\n    ', "{")
    raw = at(text, '"raw": ', '"')
    assert messages == [
        f"c.json:{notes}: error[CJM004]: this text has 5,000,000 characters: persona 'anna' "
        "would make a file larger than the 4,194,304 bytes a journey file may have; shorten "
        "it, or keep the full text elsewhere and link to it",
        f"c.json:{stakeholder}: error[CJM004]: stakeholder "
        "'kundenservice' would have more than 50,000 keys and values, more than a journey "
        "file may hold; make it smaller",
        f"c.json:{raw}: error[CJM004]: this text has 1,500,000 characters: journey 'kauf' "
        "would make a file larger than the 4,194,304 bytes a journey file may have; shorten "
        "it, or keep the full text elsewhere and link to it",
    ]
