"""`cjm import json` writes only files that read back as what the export held, and that
`cjm check` accepts."""

from __future__ import annotations

import json
from pathlib import Path

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
