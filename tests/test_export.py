"""`cjm export` and `cjm import json`: the data leaves the tool whole and comes back."""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from babel.numbers import parse_decimal
from jsonschema import Draft202012Validator
from pypdf import PdfReader

from mkdocs_cjm_plugin.cli import main
from mkdocs_cjm_plugin.core.interchange import export_schema, export_schema_json
from mkdocs_cjm_plugin.core.pipeline import load_catalogue
from mkdocs_cjm_plugin.core.walk import walk
from tests.sitekit import parse_html, snapshot_files, write_project

REPO = Path(__file__).resolve().parent.parent
NO_CONFIG = "cjm: no mkdocs.yml found; importing with the default options (use --config)"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_project(tmp_path / "p")
    return tmp_path / "p"


def example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    root.mkdir()
    for name in ("journeys", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def export_json(root: Path, monkeypatch: pytest.MonkeyPatch,
                capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    monkeypatch.chdir(root)
    assert main(["export", "--format", "json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


# --------------------------------------------------------------------------- JSON


def test_json_has_version_walker_keys_and_validates_against_its_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = export_json(example(tmp_path), monkeypatch, capsys)
    assert data["format"] == "mkdocs-cjm catalogue"
    assert data["version"] == 1
    Draft202012Validator(export_schema()).validate(data)
    assert [j["id"] for j in data["journeys"]] == [
        "buero-kaffee-ist", "buero-kaffee-soll", "erste-wochen", "reklamation-vollautomat",
    ]
    first = data["journeys"][0]["phases"][0]
    assert (first["key"], first["path"]) == ("inspiration", "journey/buero-kaffee-ist/phase/1")
    step = first["steps"][0]
    assert step["path"] == "journey/buero-kaffee-ist/phase/1/step/1"
    assert step["key"] == "inspiration-hoert-die-beschwerden-der-belegschaft"
    assert step["emotion"] == 2  # a whole number stays one


def test_json_round_trip_gives_the_same_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = example(tmp_path)
    data = export_json(root, monkeypatch, capsys)
    (tmp_path / "catalogue.json").write_text(json.dumps(data), encoding="utf-8")
    assert main(["import", "json", str(tmp_path / "catalogue.json"),
                 "--out", str(tmp_path / "back")]) == 0
    assert "cjm: 15 files in" in capsys.readouterr().err  # 2 personas, 9 stakeholders, 4 maps
    assert (tmp_path / "back" / "journeys" / "erste-wochen.yml").is_file()
    # The files read back are the same catalogue: exported again, the same document.
    original = load_catalogue(root / "journeys")
    again = load_catalogue(tmp_path / "back")
    assert not again.errors
    for kind in ("personas", "stakeholders", "journeys"):
        assert getattr(again.catalogue, kind) == getattr(original.catalogue, kind), kind
    assert main(["export", "--format", "json", str(tmp_path / "back")]) == 0
    assert json.loads(capsys.readouterr().out) == data
    # `cjm check` accepts the imported files.
    assert main(["check", str(tmp_path / "back")]) == 0


def test_export_schema_is_published_in_the_docs() -> None:
    published = REPO / "docs" / "reference" / "catalogue-export.schema.json"
    assert published.read_text(encoding="utf-8") == export_schema_json()
    assert json.loads(export_schema_json())["$id"].endswith("catalogue-export-v1.json")


def test_cjm_schema_export_prints_the_export_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--export"]) == 0
    assert capsys.readouterr().out == export_schema_json()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "mkdocs-cjm catalogue", "version": 1, "personas": [\n',
         "bad.json:2:1: error[CJM144]: this is not valid JSON: the document ends early: a "
         "value or a closing `]` or `}` is missing; a cjm export is one JSON object as `cjm "
         "export --format json` writes it"),
        ('{"format": "mkdocs-cjm catalogue", "version": 1, "personas": [],}\n',
         "bad.json:1:65: error[CJM144]: this is not valid JSON: a key in double quotes belongs "
         "here (JSON allows no comma after the last entry); a cjm export is one JSON object "
         "as `cjm export --format json` writes it"),
        ('{\n  "format": "something else",\n  "version": 1\n}\n',
         "bad.json:2:13: error[CJM144]: this is not a cjm export of version 1 (found format "
         "'something else', version 1); export it again with `cjm export --format json`, or "
         "convert it to that shape"),
        ('[1, 2]\n',
         "bad.json:1:1: error[CJM144]: this is not a cjm export: it should be one JSON object "
         "as `cjm export --format json` writes it"),
    ],
)
def test_import_json_refuses_what_is_not_an_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    text: str, message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.json").write_text(text, encoding="utf-8")
    assert main(["import", "json", "bad.json", "--out", "back"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[:2] == [NO_CONFIG, message]
    assert not (tmp_path / "back").exists()


def test_import_json_names_a_wrong_value_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("c.json").write_text(
        '{\n "format": "mkdocs-cjm catalogue",\n "version": 1,\n "personas": [\n'
        '  {"kind": "persona", "id": "anna", "name": "Anna", "nmae": "x"}\n ],\n'
        ' "stakeholders": [],\n "journeys": []\n}\n', encoding="utf-8")
    assert main(["import", "json", "c.json", "--out", "back"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(NO_CONFIG + "\nc.json:5:53: error[CJM013]: unknown key `nmae` in "
                          "persona")


# --------------------------------------------------------------------------- CSV


def read_like_excel(data: bytes, separator: str) -> list[list[str]]:
    """What Excel does with a double-clicked CSV: a byte order mark means UTF-8 (else it
    would use the local code page), cells split at the locale's list separator."""
    assert data.startswith(b"\xef\xbb\xbf"), "without a BOM Excel reads UTF-8 as ANSI"
    text = data[3:].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))


@pytest.mark.parametrize(("choice", "separator", "locale"),
                         [("semicolon", ";", "de_DE"), ("comma", ",", "en_US")])
def test_csv_tables_open_in_excel_with_umlauts_numbers_and_iso_dates(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    choice: str, separator: str, locale: str,
) -> None:
    monkeypatch.chdir(project)
    assert main(["export", "--format", "csv", "--separator", choice, "--out", "tables"]) == 0
    out = project / "tables"
    assert sorted(p.name for p in out.glob("*.csv")) == [
        "journeys.csv", "kpis.csv", "opportunities.csv", "personas.csv", "stakeholders.csv",
        "steps.csv", "touchpoints.csv",
    ]
    steps = read_like_excel((out / "steps.csv").read_bytes(), separator)
    header, rows = steps[0], steps[1:]
    assert header[:6] == ["journey", "phase", "step", "path", "phase_name", "name"]
    by_name = {r[header.index("name")]: dict(zip(header, r, strict=True)) for r in rows}
    assert by_name["Ruft die Hotline an"]["moment_of_truth"] == (
        "Nach 20 Minuten Warteschleife entscheidet es sich."
    )
    assert by_name["Fragt Kollegen"]["pains"] == "Niemand weiß Bescheid"  # umlauts intact
    assert by_name["Sucht Preise im Netz"]["thoughts"] == "Was kostet das eigentlich?"
    assert parse_decimal(by_name["Ruft die Hotline an"]["emotion"], locale=locale) == 1
    # Every step of the catalogue is a row, in journey order, with its walker key.
    catalogue = load_catalogue(project / "journeys").catalogue
    assert [(r[0], r[2], r[5], parse_decimal(r[10], locale=locale)) for r in rows] == [
        (j.id, s.key, s.step.name, s.step.emotion)
        for _, j in sorted(catalogue.journeys.items()) for p in walk(j) for s in p.steps
    ]
    journeys = read_like_excel((out / "journeys.csv").read_bytes(), separator)
    row = dict(zip(journeys[0], journeys[1], strict=True))
    assert row["updated"] == "2026-10-21"  # ISO: Excel reads it as a date in every locale
    assert parse_decimal(row["mean_emotion"], locale=locale) == 2
    kpis = read_like_excel((out / "kpis.csv").read_bytes(), separator)
    kpi = dict(zip(kpis[0], kpis[1], strict=True))
    assert (kpi["name"], kpi["target"], kpi["actual"], kpi["met"]) == (
        "Besuche Kostenrechner", "600", "420", "false"
    )
    opps = read_like_excel((out / "opportunities.csv").read_bytes(), separator)
    assert [o[opps[0].index("due")] for o in opps[1:]] == ["2026-03-31", "2027-01-15"]


def test_csv_decimal_comma_with_semicolon_and_no_formulas(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = project / "journeys" / "journeys" / "umzug.yml"
    journey.write_text(journey.read_text("utf-8").replace(
        "name: Meldet den Umzug", "name: =HYPERLINK(\"http://x\";\"klick\")"
    ).replace("emotion: 3\n", "emotion: 3.5\n"), encoding="utf-8")  # phase and step
    monkeypatch.chdir(project)
    assert main(["export", "--format", "csv", "--out", "tables"]) == 0
    steps = read_like_excel((project / "tables" / "steps.csv").read_bytes(), ";")
    row = dict(zip(steps[0], next(r for r in steps if r[0] == "umzug"), strict=True))
    assert row["name"] == "'=HYPERLINK(\"http://x\";\"klick\")"
    assert row["emotion"] == "3,5"  # `3.5` would be the 3rd of May to a German Excel
    assert parse_decimal(row["emotion"], locale="de_DE") == Decimal("3.5")


def test_export_refuses_while_a_journey_has_errors(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    journey = project / "journeys" / "journeys" / "umzug.yml"
    journey.write_text(journey.read_text("utf-8").replace("persona", "persnoa"), "utf-8")
    monkeypatch.chdir(project)
    assert main(["export", "--format", "csv", "--out", "tables"]) == 1
    err = capsys.readouterr().err
    assert "error[CJM013]" in err
    assert "cjm: nothing exported: 1 error" in err
    assert not (project / "tables").exists()


def test_export_refuses_a_folder_of_the_users(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    before = snapshot_files(project / "docs")
    assert main(["export", "--format", "csv", "--out", "docs"]) == 1
    assert ("docs/index.md:1:1: error[CJM142]: this file is not one cjm export wrote; cjm "
            "export writes only into a folder of its own") in capsys.readouterr().err
    assert snapshot_files(project / "docs") == before


# --------------------------------------------------------------------------- SVG and PDF


def test_svg_files_stand_alone(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    assert main(["export", "--format", "svg", "--out", "slides"]) == 0
    names = sorted(p.name for p in (project / "slides").glob("*.svg"))
    assert names == [f"{j}-{k}.svg" for j in ("kauf-ist", "kauf-soll", "umzug")
                     for k in ("curve", "map")]
    curve = (project / "slides" / "kauf-ist-curve.svg").read_text(encoding="utf-8")
    assert curve.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3')
    root = parse_html(curve)
    svg = root.root.find_all("svg")[0]
    assert float(svg.attrs["width"]) > 300 and float(svg.attrs["height"]) > 100
    assert "--cjm-curve-color-0" in curve  # its colours travel with it
    assert "href=" not in curve  # links into the handbook lead nowhere on a slide
    assert "Kaffeemaschine kaufen (Ist)" in curve
    stakeholder_map = (project / "slides" / "kauf-ist-map.svg").read_text(encoding="utf-8")
    assert "Kundenservice Kassel" in stakeholder_map


def test_pdf_poster_has_one_page_per_journey_with_title_and_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = example(tmp_path)
    monkeypatch.chdir(root)
    assert main(["export", "--format", "pdf", "--out", "posters"]) == 0, capsys.readouterr().err
    catalogue = load_catalogue(root / "journeys").catalogue
    first = (root / "posters" / "erste-wochen.pdf").read_bytes()
    for ident, journey in catalogue.journeys.items():
        reader = PdfReader(root / "posters" / f"{ident}.pdf")
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert float(box.width) > float(box.height)  # landscape
        # Without spaces: a name wrapped at the end of a line is still the name.
        text = "".join(reader.pages[0].extract_text().split())
        assert "".join(journey.title.split()) in text
        for _, step in journey.steps():
            assert "".join(step.name.split()) in text, (ident, step.name)
    # Printed again, the same bytes: no print time inside.
    assert main(["export", "--format", "pdf", "--out", "posters"]) == 0
    assert (root / "posters" / "erste-wochen.pdf").read_bytes() == first


def test_pdf_without_chromium_says_what_to_do(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    monkeypatch.setenv("CJM_CHROMIUM", str(project / "no-such-browser"))
    assert main(["export", "--format", "pdf", "--out", "posters"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"cjm: CJM_CHROMIUM is set to '{project / 'no-such-browser'}', which is not a program; "
        "set it to the Chromium or Chrome program, or unset it"
    )
    assert not (project / "posters").exists()


def test_pdf_poster_of_a_long_journey_still_names_every_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    phases = [
        {"name": f"Phase {p} mit einem recht langen Namen", "steps": [
            {"name": f"Schritt {p}.{s}: Kundin ruft erneut an und fragt nach dem Stand",
             "emotion": (p + s) % 5 + 1, "channel": "Telefon"} for s in range(1, 9)
        ]} for p in range(1, 11)
    ]
    write_project(tmp_path / "p", journeys=[{
        "kind": "journey", "id": "lang", "title": "Zehn Phasen, achtzig Schritte",
        "persona": "anna", "updated": "2026-11-01", "phases": phases,
    }])
    monkeypatch.chdir(tmp_path / "p")
    assert main(["export", "--format", "pdf", "--out", "posters"]) == 0
    reader = PdfReader(tmp_path / "p" / "posters" / "lang.pdf")
    assert len(reader.pages) == 1
    text = "".join(reader.pages[0].extract_text().split())
    missing = [s["name"] for p in phases for s in p["steps"]
               if "".join(s["name"].split()) not in text]
    assert not missing
