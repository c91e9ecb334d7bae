"""One broken file per validation rule, with the exact place and wording of the report.

Most tests load definitions from memory with `load_texts`; the file-level rules
(encodings, line endings, folders, file names, photos on disk) use `load_catalogue`
on a temporary folder. Every diagnostic is checked as the formatted line a user sees:
`path:line:col: severity[CODE]: message`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from samples import JOURNEY, PERSONA, STAKEHOLDER

from mkdocs_cjm_plugin.core.diagnostics import CODES, Diagnostic, Severity
from mkdocs_cjm_plugin.core.load import LoadResult
from mkdocs_cjm_plugin.core.model import PhaseModelEntry, SiteOptions
from mkdocs_cjm_plugin.core.pipeline import load_catalogue, load_texts
from mkdocs_cjm_plugin.targets.mkdocs.options_file import read_config_file

REPO_ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 1, 15)
OPTIONS = SiteOptions(today=TODAY)

"""Line 10 is the step's `name`, line 12 its `emotion` (value at column 18)."""

PLUGIN_CODES = {
    "CJM030", "CJM031", "CJM032", "CJM035", "CJM070", "CJM071",
    "CJM036",  # the docs folder: tests/test_special_files.py
    "CJM120", "CJM121",  # the page history: tests/test_history.py
}
"""Reported by the MkDocs plugin (and `cjm check` on the docs folder), not by the loader:
tested with the plugin."""


def handbook(**files: str) -> dict[str, str]:
    """A valid persona, stakeholder and journey; keyword arguments replace or add files.

    Keys use `__` for `/` and `_` for `.`: `journeys__kauf_yml` is `journeys/kauf.yml`.
    """
    out = {
        "personas/anna.yml": PERSONA,
        "stakeholders.yml": STAKEHOLDER,
        "journeys/kauf.yml": JOURNEY,
    }
    for key, text in files.items():
        out[key.replace("__", "/").replace("_yml", ".yml")] = text
    return out


def journey(text: str, options: SiteOptions = OPTIONS, **files: str) -> LoadResult:
    """Load the handbook with `journeys/kauf.yml` replaced by `text`."""
    return load_texts(handbook(journeys__kauf_yml=text, **files), options)


def lines(result: LoadResult) -> list[str]:
    return [d.format() for d in result.diagnostics]


def assert_errors(result: LoadResult, *expected: tuple[str, ...]) -> None:
    """The errors are exactly `expected`, in order: (prefix, *words of the message)."""
    errors = [d.format() for d in result.errors]
    assert len(errors) == len(expected), "\n".join(errors)
    for line, (prefix, *words) in zip(errors, expected, strict=True):
        assert line.startswith(prefix + ": "), f"{line!r} does not start with {prefix!r}"
        for word in words:
            assert word in line, f"{word!r} not in {line!r}"


def assert_one(result: LoadResult, prefix: str, *words: str) -> Diagnostic:
    """Exactly one diagnostic starts with `prefix`, and it contains `words`."""
    found = [d for d in result.diagnostics if d.format().startswith(prefix + ": ")]
    assert len(found) == 1, "\n".join(lines(result))
    for word in words:
        assert word in found[0].message, f"{word!r} not in {found[0].format()!r}"
    return found[0]


# --------------------------------------------------------------------------- the baseline


def test_the_small_handbook_is_clean() -> None:
    result = load_texts(handbook(), OPTIONS)
    assert lines(result) == []
    cat = result.catalogue
    assert list(cat.personas) == ["anna"]
    assert list(cat.stakeholders) == ["kundenservice"]
    assert list(cat.journeys) == ["kauf"]


def test_example_handbook_is_valid() -> None:
    options = SiteOptions(today=dt.date(2026, 11, 23))
    result = load_catalogue(
        REPO_ROOT / "journeys", options, docs_dir=REPO_ROOT / "docs", base=REPO_ROOT
    )
    problems = [d.format() for d in result.diagnostics if d.severity is not Severity.NOTE]
    assert problems == []
    cat = result.catalogue
    assert len(cat.journeys) >= 4
    assert len(cat.personas) >= 2
    assert len(cat.stakeholders) >= 5
    assert cat.invalid == {}


# --------------------------------------------------------------------------- every code


# One minimal broken handbook per code, and the start of the line it must produce.
# Each breaks exactly that rule: the errors are exactly the one expected.
BROKEN: dict[str, tuple[dict[str, str | bytes], str, tuple[str, ...]]] = {
    "CJM001": (
        {"p.yml": "kind: persona\nname: M\xfcller\n".encode("latin-1")},
        "p.yml:2:8: error[CJM001]", ("byte 0xfc", "offset 21", "UTF-8"),
    ),
    "CJM002": (
        {"p.yml": "kind: persona\nname: A\n- b\n"},
        "p.yml:3:1: error[CJM002]", ("YAML cannot read line 3 from column 1 on",),
    ),
    "CJM003": (
        {"p.yml": "- just a list\n"},
        "p.yml:1:1: error[CJM003]", ("must be a map", "found a list"),
    ),
    "CJM004": (
        {"p.yml": "kind: persona\nname: A\nextra:\n  x: " + "[" * 100 + "]" * 100 + "\n"},
        "p.yml:4:69: error[CJM004]", ("nested more than 64 levels",),
    ),
    "CJM005": (
        {"p.yml": "kind: persona\nname: Anna\nname: Anne\n"},
        "p.yml:3:1: error[CJM005]", ("key 'name' appears twice",),
    ),
    "CJM010": (
        {"p.yml": "id: anna\nname: Anna\n"},
        "p.yml:1:1: error[CJM010]", ("no `kind`", "kind: persona"),
    ),
    "CJM011": (
        {"p.yml": "kind: persnoa\nname: Anna\n"},
        "p.yml:1:7: error[CJM011]", ("unknown kind 'persnoa'", "did you mean 'persona'?"),
    ),
    "CJM012": (
        {"p.yml": "kind: persona\nrole: Einkauf\n"},
        "p.yml:1:1: error[CJM012]", ("persona is missing the required field `name`",),
    ),
    "CJM013": (
        {"p.yml": "kind: persona\nname: Anna\nnmae: Anna\n"},
        "p.yml:3:1: error[CJM013]",
        ("unknown key `nmae` in persona", "did you mean 'name'?", "extra:"),
    ),
    "CJM014": (
        {"p.yml": "kind: persona\nname: Anna\ngoals: {a: 1}\n"},
        "p.yml:3:8: error[CJM014]", ("`goals` must be", "a list", "found a map"),
    ),
    "CJM015": (
        {"s.yml": "kind: stakeholder\nname: IT\ntype: intern\n"},
        "s.yml:3:7: error[CJM015]",
        ("`type` cannot be the text 'intern'", "did you mean 'internal'?",
         "allowed: internal, external, partner"),
    ),
    "CJM016": (
        {"p.yml": "kind: persona\nid: Anna_Berger\nname: A\n"},
        "p.yml:2:5: error[CJM016]", ("'Anna_Berger' is not a valid id", "'anna-berger'"),
    ),
    "CJM017": (
        handbook(journeys__kauf_yml=JOURNEY.replace("2026-01-01", "2026-02-30")),
        "journeys/kauf.yml:6:10: error[CJM017]",
        ("`updated`", "'2026-02-30' is not a real date", "day is out of range"),
    ),
    "CJM018": (
        {"p.yml": "kind: persona\nid: a\nname: A\n---\nkind: persona\nname: B\n"},
        "p.yml:5:1: error[CJM018]", ("several documents", "`id:`"),
    ),
    "CJM019": (
        handbook(journeys__kauf_yml=JOURNEY.split("phases:")[0] + "phases: []\n"),
        "journeys/kauf.yml:7:9: error[CJM019]", ("`phases` needs at least one entry",),
    ),
    "CJM020": (
        handbook(personas__zwei_yml=PERSONA),
        "personas/zwei.yml:2:5: error[CJM020]",
        ("persona id 'anna' is already used at personas/anna.yml:1",),
    ),
    "CJM021": (
        handbook(journeys__kauf_yml=JOURNEY.replace("persona: anna", "persona: anan")),
        "journeys/kauf.yml:4:10: error[CJM021]",
        ("unknown persona 'anan'", "did you mean 'anna'?"),
    ),
    "CJM022": (
        handbook(journeys__kauf_yml=JOURNEY.replace("owner:", "compares_to: kauf\nowner:")),
        "journeys/kauf.yml:5:14: error[CJM022]", ("only a `state: target` journey",),
    ),
    "CJM024": (
        handbook(journeys__kauf_yml=JOURNEY + JOURNEY[JOURNEY.index("  - name: Suche"):]),
        "journeys/kauf.yml:13:11: error[CJM024]",
        ("phase id 'suche' is used twice", "also phase 1"),
    ),
    "CJM025": (
        handbook(journeys__kauf_yml=JOURNEY.replace("emotion: 3", "emotion: 7")),
        "journeys/kauf.yml:12:18: error[CJM025]", ("emotion 7 is outside the scale 1..5",),
    ),
    "CJM026": (
        handbook(journeys__kauf_yml=JOURNEY + "  - name: Kauf\n"),
        "journeys/kauf.yml:13:5: error[CJM026]",
        ("phase 'Kauf' has neither steps nor an `emotion`",),
    ),
    "CJM027": (
        {"p.yml": "kind: persona\nname: A\nphoto: ../../etc/passwd\n"},
        "p.yml:3:8: error[CJM027]", ("photo '../../etc/passwd' leaves the docs folder",),
    ),
    "CJM028": (
        {"j.yml": "kind: journey\ntitle: Kauf\nphases:\n  - name: A\n    emotion: 3\n"},
        "j.yml:1:1: error[CJM028]", ("a journey needs `persona: <id>`", "personas:"),
    ),
    "CJM060": (
        {"p.yml": "kind: persona\nid: index\nname: A\n"},
        "p.yml:2:5: error[CJM060]",
        ("persona id 'index' cannot name a page", "personas/index.md", "`id: index-1`"),
    ),
}


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_each_code_from_a_broken_file(code: str) -> None:
    files, prefix, words = BROKEN[code]
    result = load_texts(files, OPTIONS)
    assert_errors(result, (prefix, *words))


def test_every_loader_code_has_a_broken_file() -> None:
    # The codes the loader and checks can produce, each tested in this module: by the
    # table above, or by a test of its own (named in the comment).
    own_tests = {
        "CJM006",  # test_missing_source_folder
        "CJM023",  # test_phase_not_in_phase_model
        "CJM029",  # test_invalid_site_option_points_into_mkdocs_yml
        "CJM101", "CJM102", "CJM103", "CJM104", "CJM105", "CJM106",  # hygiene tests
        "CJM107",  # test_phases_out_of_the_phase_model_order
        "CJM108",  # test_references_into_an_unreadable_file_are_not_called_unknown
        "CJM109",  # test_several_entries_written_as_one_text
        "CJM110",  # test_a_channel_the_site_does_not_know_is_a_note_with_the_way_to_add_it
        "CJM130",  # test_a_touchpoint_written_several_ways
        # YAML slips and tags: tests/test_yaml_slips.py
        "CJM040", "CJM041", "CJM042", "CJM043", "CJM044", "CJM045", "CJM046", "CJM047",
        "CJM048", "CJM049", "CJM050", "CJM051", "CJM052", "CJM053", "CJM054",
        "CJM061", "CJM062", "CJM065", "CJM066",  # test_source_boundary.py
        "CJM063",  # texts too long: tests/test_text_limits.py
        "CJM033", "CJM034",  # mkdocs.yml itself: tests/test_plugin_options.py
        "CJM140", "CJM141",  # Mermaid diagrams: tests/test_import_mermaid.py
        "CJM142", "CJM143",  # output folders of cjm: tests/test_generate.py, test_export.py
        "CJM144",  # JSON that is not an export: tests/test_export.py
    }
    assert set(BROKEN) | own_tests == set(CODES) - PLUGIN_CODES
    assert set(CODES) >= PLUGIN_CODES


def test_severities_match_the_registry() -> None:
    # Notes are what is unfinished or tidying up; warnings what is probably a mistake.
    assert {c for c, info in CODES.items() if info.severity is Severity.WARNING} == {
        "CJM034", "CJM035", "CJM036", "CJM053", "CJM066", "CJM104", "CJM107", "CJM109",
    }
    assert {c for c, info in CODES.items() if info.severity is Severity.NOTE} == {
        "CJM062", "CJM071", "CJM101", "CJM102", "CJM103", "CJM105", "CJM106", "CJM108",
        "CJM110",
        "CJM120", "CJM121",
        "CJM130",
    }


# --------------------------------------------------------------------------- files on disk


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return root


def load_folder(
    root: Path, files: dict[str, str | bytes], options: SiteOptions = OPTIONS, **kw: Path
) -> LoadResult:
    write(root / "journeys", files)
    return load_catalogue(root / "journeys", options, base=root, **kw)


def test_missing_source_folder(tmp_path: Path) -> None:
    result = load_catalogue(tmp_path / "nowhere", OPTIONS, base=tmp_path)
    assert_errors(
        result, ("nowhere:1:1: error[CJM006]", "source folder 'nowhere' does not exist", "source")
    )


def test_not_utf8_names_line_column_and_byte_offset(tmp_path: Path) -> None:
    latin1 = "kind: persona\nname: Anna\nrole: Einkäuferin\n".encode("latin-1")
    result = load_folder(tmp_path, {"personas/anna.yml": latin1})
    assert_errors(
        result,
        ("journeys/personas/anna.yml:3:11: error[CJM001]", "byte 0xe4 at offset 35",
         "save the file as UTF-8"),
    )
    assert latin1[35] == 0xE4


def test_bom_is_accepted_and_columns_are_not_shifted(tmp_path: Path) -> None:
    bom = b"\xef\xbb\xbf"
    result = load_folder(tmp_path, {
        "anna.yml": bom + PERSONA.encode(),
        "bad.yml": bom + b"kind: persnoa\nname: X\n",
    })
    assert "anna" in result.catalogue.personas
    assert_errors(result, ("journeys/bad.yml:1:7: error[CJM011]", "persnoa"))


def test_crlf_is_accepted_with_right_line_numbers(tmp_path: Path) -> None:
    crlf = JOURNEY.replace("emotion: 3", "emotion: 9").replace("\n", "\r\n")
    result = load_folder(tmp_path, {
        "kauf.yml": crlf,
        "anna.yml": PERSONA.replace("\n", "\r\n"),
        "cs.yml": STAKEHOLDER.replace("\n", "\r\n"),
    })
    assert_errors(result, ("journeys/kauf.yml:12:18: error[CJM025]", "emotion 9"))
    assert result.catalogue.personas["anna"].name == "Anna Berger"  # no stray \r


def test_lone_cr_line_endings(tmp_path: Path) -> None:
    result = load_folder(tmp_path, {"anna.yml": "kind: persona\rname: Anna\rnmae: x\r"})
    assert_errors(result, ("journeys/anna.yml:3:1: error[CJM013]", "nmae"))


def test_yaml_suffix_nested_folders_and_hidden_folders(tmp_path: Path) -> None:
    result = load_folder(tmp_path, {
        "a/b/c/anna.yaml": PERSONA,
        "stakeholders/Kundenservice.YML": STAKEHOLDER,
        "journeys/2026/kauf.yml": JOURNEY,
        ".hidden/broken.yml": "kind: persnoa\n",
        "sub/.git/broken.yml": "kind: persnoa\n",
        ".broken.yml": "kind: persnoa\n",
        "notes.md": "kind: persnoa\n",
        "data.json": "{}",
    })
    assert lines(result) == []
    assert result.catalogue.files == [
        "journeys/a/b/c/anna.yaml",
        "journeys/journeys/2026/kauf.yml",
        "journeys/stakeholders/Kundenservice.YML",
    ]
    assert set(result.catalogue.journeys) == {"kauf"}


def test_empty_documents_and_comment_only_files_are_ignored(tmp_path: Path) -> None:
    result = load_folder(tmp_path, {
        "empty.yml": "",
        "comments.yml": "# nothing here yet\n",
        "anna.yml": "---\n# first an empty document\n---\n" + PERSONA + "---\n",
        "kauf.yml": JOURNEY,
        "cs.yml": STAKEHOLDER,
    })
    assert lines(result) == []
    # The persona's id was given; an empty document does not make the file "several".
    assert result.catalogue.source("persona", "anna").start.line == 4


def test_id_defaults_to_the_file_stem(tmp_path: Path) -> None:
    result = load_folder(tmp_path, {
        "Anna Berger.yml": "kind: persona\nname: Anna Berger\n",
        "Kunden_Service.yml": "kind: stakeholder\nname: Kundenservice\n",
        "kauf.yml": JOURNEY.replace("id: kauf\n", "").replace("anna", "anna-berger")
        .replace("owner: kundenservice", "owner: kunden-service"),
    })
    assert lines(result) == []
    assert list(result.catalogue.personas) == ["anna-berger"]
    assert list(result.catalogue.stakeholders) == ["kunden-service"]
    assert list(result.catalogue.journeys) == ["kauf"]


def test_stem_that_is_not_an_id_is_reported(tmp_path: Path) -> None:
    result = load_folder(tmp_path, {
        "_entwurf.yml": "kind: persona\nname: E\n",
        "Müller.yml": "kind: persona\nname: M\n",  # other characters become '-'
    })
    assert_errors(result, ("journeys/_entwurf.yml:1:1: error[CJM016]", "'-entwurf'"))
    assert list(result.catalogue.personas) == ["m-ller"]


def test_several_documents_each_need_an_id() -> None:
    text = "kind: persona\nid: anna\nname: A\n---\nkind: persona\nname: B\n---\n" \
           "kind: stakeholder\nname: C\n"
    result = load_texts({"p.yml": text}, OPTIONS)
    assert_errors(
        result,
        ("p.yml:5:1: error[CJM018]", "several documents", "this persona"),
        ("p.yml:8:1: error[CJM018]", "this stakeholder"),
    )
    assert list(result.catalogue.personas) == ["anna"]


def test_duplicate_ids_across_files_name_the_first_file_and_line(tmp_path: Path) -> None:
    first = "kind: persona\nid: bob\nname: Bob\n---\n" + PERSONA
    result = load_folder(tmp_path, {
        "a/personas.yml": first,
        "b/anna.yml": PERSONA.replace("Anna Berger", "Anna Zwei"),
        "b/kauf.yml": JOURNEY,
        "b/cs.yml": STAKEHOLDER,
        "c/kauf.yml": JOURNEY.replace("id: kauf", "id: kauf  # the same"),
    })
    assert_errors(
        result,
        ("journeys/b/anna.yml:2:5: error[CJM020]",
         "persona id 'anna' is already used at journeys/a/personas.yml:5", "rename"),
        ("journeys/c/kauf.yml:2:5: error[CJM020]",
         "journey id 'kauf' is already used at journeys/b/kauf.yml:1"),
    )
    # The first definition wins.
    assert result.catalogue.personas["anna"].name == "Anna Berger"


def test_duplicate_id_from_the_file_stem_points_at_the_document() -> None:
    result = load_texts({"a/anna.yml": PERSONA, "b/anna.yml": "kind: persona\nname: X\n"})
    assert_one(result, "b/anna.yml:1:1: error[CJM020]", "already used at a/anna.yml:1")


def test_same_id_in_different_kinds_is_fine() -> None:
    result = load_texts(handbook(stakeholders_yml=STAKEHOLDER + "---\n" + """\
kind: stakeholder
id: anna
name: Anna als Stakeholder
relations: {to: customer}
""".replace("relations: {to: customer}", "relations: [{to: customer}]")), OPTIONS)
    assert [d.format() for d in result.errors] == []
    assert "anna" in result.catalogue.personas and "anna" in result.catalogue.stakeholders


# --------------------------------------------------------------------------- keys and values


def test_unknown_key_did_you_mean_emotions_in_a_step() -> None:
    result = journey(JOURNEY.replace("emotion: 3", "emotions: 3"))
    assert_errors(
        result,
        ("journeys/kauf.yml:12:9: error[CJM013]",
         "unknown key `emotions` in step (did you mean 'emotion'?)", "extra:"),
    )


@pytest.mark.parametrize(
    ("old", "new", "prefix", "words"),
    [
        ("title: Kauf", "titel: Kauf", "journeys/kauf.yml:3:1",
         ("unknown key `titel` in journey (did you mean 'title'?)",)),
        ("    steps:", "    stepps:", "journeys/kauf.yml:9:5",
         ("unknown key `stepps` in phase (did you mean 'steps'?)",)),
        ("        channel: Website", "        chanel: Website", "journeys/kauf.yml:11:9",
         ("unknown key `chanel` in step (did you mean 'channel'?)",)),
        ("        emotion: 3", "        emotion: 3\n        kpis: [{name: A, traget: 1}]",
         "journeys/kauf.yml:13:26", ("unknown key `traget` in kpi (did you mean 'target'?)",)),
    ],
)
def test_unknown_keys_everywhere(old: str, new: str, prefix: str, words: tuple[str, ...]) -> None:
    result = journey(JOURNEY.replace(old, new))
    unknown = [d for d in result.errors if d.code == "CJM013"]
    assert len(unknown) == 1, lines(result)
    assert unknown[0].format().startswith(prefix + ": error[CJM013]: ")
    for word in words:
        assert word in unknown[0].message


def test_unknown_key_without_a_close_match_has_no_suggestion() -> None:
    result = load_texts({"p.yml": "kind: persona\nname: A\nlieblingsfarbe: blau\n"}, OPTIONS)
    d = assert_one(result, "p.yml:3:1: error[CJM013]", "unknown key `lieblingsfarbe`")
    assert "did you mean" not in d.message


def test_kind_typo_and_kind_that_is_not_text() -> None:
    result = load_texts({
        "a.yml": "kind: Journey\ntitle: x\n",
        "b.yml": "kind: [persona]\nname: x\n",
        "c.yml": "kind: stakeholdr\nname: x\n",
    })
    assert_errors(
        result,
        ("a.yml:1:7: error[CJM011]", "unknown kind 'Journey'", "did you mean 'journey'?"),
        ("b.yml:1:7: error[CJM011]", "use persona, stakeholder or journey"),
        ("c.yml:1:7: error[CJM011]", "did you mean 'stakeholder'?"),
    )


@pytest.mark.parametrize(
    ("old", "new", "prefix", "words"),
    [
        ("persona: anna", "persona: anna\nstate: soll", "journeys/kauf.yml:5:8",
         ("`state` cannot be the text 'soll' (did you mean 'target'?)",
          "allowed: current, target")),
        ("persona: anna", "persona: anna\nstate: Ist", "journeys/kauf.yml:5:8",
         ("did you mean 'current'?",)),
        ("        emotion: 3", "        emotion: 3\n        evidence: reserch",
         "journeys/kauf.yml:13:19",
         ("`evidence` cannot be the text 'reserch' (did you mean 'research'?)",
          "allowed: assumption, partial, research")),
        ("        emotion: 3", "        emotion: 3\n        evidence: Forschung",
         "journeys/kauf.yml:13:19", ("did you mean 'research'?",)),
        ("        emotion: 3",
         "        emotion: 3\n        opportunities: [{title: A, status: erledigt}]",
         "journeys/kauf.yml:13:44", ("`status` cannot be the text 'erledigt'",
                                     "did you mean 'done'?")),
        ("        emotion: 3",
         "        emotion: 3\n        opportunities: [{title: A, impact: hoch}]",
         "journeys/kauf.yml:13:44", ("did you mean 'high'?", "allowed: low, medium, high")),
    ],
)
def test_literal_typos_and_german_synonyms(
    old: str, new: str, prefix: str, words: tuple[str, ...]
) -> None:
    assert_errors(journey(JOURNEY.replace(old, new)), (prefix + ": error[CJM015]", *words))


def test_stakeholder_literals_with_german_words() -> None:
    result = load_texts(handbook(stakeholders_yml=STAKEHOLDER + "type: extern\n"
                                 "importance: wichtig\nrelations:\n  - to: customer\n"
                                 "    kind: informell\n"), OPTIONS)
    assert_errors(
        result,
        ("stakeholders.yml:4:7: error[CJM015]", "did you mean 'external'?"),
        ("stakeholders.yml:5:13: error[CJM015]", "did you mean 'important'?"),
        ("stakeholders.yml:8:11: error[CJM015]", "did you mean 'informal'?"),
    )


@pytest.mark.parametrize(
    ("old", "new", "prefix", "words"),
    [
        ("emotion: 3", "emotion: sehr gut", "journeys/kauf.yml:12:18",
         ("`emotion` must be a number, found the text 'sehr gut'",)),
        ("emotion: 3", "emotion: [1, 2]", "journeys/kauf.yml:12:18",
         ("`emotion` must be a number, found a list",)),
        ("title: Kauf", "title:", "journeys/kauf.yml:3:7",
         ("`title` must be text, found nothing", "write a value after `title:`")),
        ("        emotion: 3", "        emotion: 3\n        online: vielleicht",
         "journeys/kauf.yml:13:17",
         ("`online` must be true or false, found the text 'vielleicht'",)),
        ("    steps:\n", "    steps: Sucht\n    x:\n", "journeys/kauf.yml:9:12",
         ("`steps` must be a list, found the text 'Sucht'",)),
        ("title: Kauf", "title:\n  de: Kauf", "journeys/kauf.yml:4:3",
         ("`title` must be text, found a map", "indentation")),
        ("        emotion: 3", "        emotion: 3\n        kpis: [{name: A, target: viele}]",
         "journeys/kauf.yml:13:34", ("`target` must be a number, found the text 'viele'",)),
        ("        emotion: 3", "        emotion: 3\n        moment_of_truth: [a, b]",
         "journeys/kauf.yml:13:26", ("`moment_of_truth` must be true or false or text",
                                     "found a list")),
    ],
)
def test_wrong_types_say_what_was_expected_and_found(
    old: str, new: str, prefix: str, words: tuple[str, ...]
) -> None:
    text = JOURNEY.replace(old, new)
    if "    x:\n" in text:  # the steps: replacement leaves the old step lines behind
        text = text.split("    x:\n")[0]
    assert_errors(journey(text), (prefix + ": error[CJM014]", *words))


def test_yes_read_as_a_boolean_gets_a_quoting_hint() -> None:
    result = journey(JOURNEY.replace("title: Kauf", "title: yes"))
    assert_errors(
        result,
        ("journeys/kauf.yml:3:8: error[CJM014]",
         "`title` must be text, found the boolean true",
         "YAML reads yes/no/on/off/true/false as booleans", "quotes"),
    )
    quoted = journey(JOURNEY.replace("title: Kauf", 'title: "yes"'))
    assert quoted.errors == []
    assert quoted.catalogue.journeys["kauf"].title == "yes"


def test_keys_like_on_and_no_stay_words() -> None:
    result = load_texts(
        {"p.yml": "kind: persona\nname: A\ndemographics:\n  on: 1\n  no: 2\n"}, OPTIONS
    )
    assert result.errors == []
    assert result.catalogue.personas["p"].demographics == {"on": "1", "no": "2"}


def test_numbers_where_text_is_expected_are_accepted() -> None:
    result = load_texts({"p.yml": "kind: persona\nname: 2024\nid: 42\ntags: [1, 2.5]\n"})
    assert result.errors == []
    persona = result.catalogue.personas["42"]
    assert persona.name == "2024" and persona.tags == ["1", "2.5"]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2026-02-30", ("'2026-02-30' is not a real date", "day is out of range")),
        ("2026-13-01", ("'2026-13-01' is not a real date", "month must be in 1..12")),
        ("morgen", ("expected a date written as YYYY-MM-DD, found 'morgen'",)),
        ("15.01.2026", ("expected a date written as YYYY-MM-DD",)),
    ],
)
def test_invalid_dates(value: str, words: tuple[str, ...]) -> None:
    result = journey(JOURNEY.replace("updated: 2026-01-01", f"updated: {value}"))
    assert_errors(result, ("journeys/kauf.yml:6:10: error[CJM017]", "`updated`", *words))


def test_invalid_due_date_of_an_opportunity() -> None:
    text = JOURNEY + "    opportunities:\n      - title: Rückruf\n        due: 2026-02-30\n"
    assert_errors(
        journey(text), ("journeys/kauf.yml:15:14: error[CJM017]", "`due`", "not a real date")
    )


def test_date_with_a_time_keeps_the_day() -> None:
    result = journey(JOURNEY.replace("updated: 2026-01-01", "updated: 2026-01-02 10:30:00"))
    assert result.errors == []
    assert result.catalogue.journeys["kauf"].updated == dt.date(2026, 1, 2)


@pytest.mark.parametrize(
    ("text", "prefix", "words"),
    [
        ("kind: persona\nid: Anna\nname: A\n", "p.yml:2:5", ("'Anna' is not a valid id",)),
        ("kind: persona\nid: -anna\nname: A\n", "p.yml:2:5", ("'-anna'",)),
        ("kind: persona\nid: anna berger\nname: A\n", "p.yml:2:5", ("'anna-berger'",)),
        ("kind: persona\nid: Jürgen\nname: A\n", "p.yml:2:5", ("'juergen'",)),
    ],
)
def test_invalid_ids(text: str, prefix: str, words: tuple[str, ...]) -> None:
    assert_errors(load_texts({"p.yml": text}, OPTIONS), (prefix + ": error[CJM016]", *words))


def test_invalid_id_in_a_reference() -> None:
    result = journey(JOURNEY.replace("owner: kundenservice", "owner: Kunden_Service"))
    assert_errors(result, ("journeys/kauf.yml:5:8: error[CJM016]", "`owner` 'Kunden_Service'"))


def test_required_fields_in_nested_parts() -> None:
    text = JOURNEY.replace("      - name: Sucht im Netz\n", "      - action: sucht\n")
    text += "    kpis:\n      - target: 3\n"
    result = journey(text)
    assert_errors(
        result,
        ("journeys/kauf.yml:10:9: error[CJM012]", "step is missing the required field `name`"),
        ("journeys/kauf.yml:14:9: error[CJM012]", "kpi is missing the required field `name`"),
    )


def test_document_that_is_a_scalar() -> None:
    result = load_texts({"p.yml": "just some text\n"}, OPTIONS)
    assert_errors(result, ("p.yml:1:1: error[CJM003]", "found the text 'just some text'"))


def test_key_that_is_a_list() -> None:
    result = load_texts({"p.yml": "kind: persona\nname: A\n[a, b]: x\n"}, OPTIONS)
    assert_one(result, "p.yml:3:1: error[CJM014]", "a key must be a plain word")


def test_duplicate_keys_nested() -> None:
    text = JOURNEY.replace("        emotion: 3", "        emotion: 3\n        emotion: 4")
    result = journey(text)
    assert_errors(result, ("journeys/kauf.yml:13:9: error[CJM005]", "key 'emotion' appears twice"))
    # The first value is kept, not silently replaced by the second.
    assert result.catalogue.journeys["kauf"].phases[0].steps[0].emotion == 3


# --------------------------------------------------------------------------- references


@pytest.mark.parametrize(
    ("old", "new", "prefix", "words"),
    [
        ("persona: anna", "persona: anan", "journeys/kauf.yml:4:10",
         ("unknown persona 'anan' (did you mean 'anna'?)", "define a persona with `id: anan`")),
        ("persona: anna", "personas: [anna, bob]", "journeys/kauf.yml:4:18",
         ("unknown persona 'bob'",)),
        ("owner: kundenservice", "owner: kundendienst", "journeys/kauf.yml:5:8",
         ("unknown stakeholder 'kundendienst'",)),
        ("owner: kundenservice", "owner: kundenservice\nstakeholders: [kundenservice, it]",
         "journeys/kauf.yml:6:31", ("unknown stakeholder 'it'",)),
        ("    steps:", "    responsible: [kundenservice, vertrieb]\n    steps:",
         "journeys/kauf.yml:9:34", ("unknown stakeholder 'vertrieb'",)),
        ("        emotion: 3", "        emotion: 3\n        owner: kundenservise",
         "journeys/kauf.yml:13:16",
         ("unknown stakeholder 'kundenservise' (did you mean 'kundenservice'?)",)),
        ("        emotion: 3", "        emotion: 3\n        opportunities:\n"
         "          - title: Rückruf\n            owner: marketing",
         "journeys/kauf.yml:15:20", ("unknown stakeholder 'marketing'",)),
        ("    steps:", "    opportunities:\n      - title: Rückruf\n        owner: marketing\n"
         "    steps:", "journeys/kauf.yml:11:16", ("unknown stakeholder 'marketing'",)),
    ],
)
def test_dangling_references_in_journeys(
    old: str, new: str, prefix: str, words: tuple[str, ...]
) -> None:
    assert_errors(journey(JOURNEY.replace(old, new)), (prefix + ": error[CJM021]", *words))


def test_dangling_relation_target() -> None:
    text = STAKEHOLDER + "relations:\n  - to: anan\n    label: Fallhistorie\n" \
                         "  - to: customer\n  - to: anna\n  - to: kundenservice\n"
    result = load_texts(handbook(stakeholders_yml=text), OPTIONS)
    assert_errors(
        result,
        ("stakeholders.yml:5:9: error[CJM021]", "relation to 'anan'",
         "did you mean 'anna'?", "`customer`"),
    )


# --------------------------------------------------------------------------- compares_to


TARGET = JOURNEY.replace("id: kauf", "id: kauf-soll").replace(
    "owner:", "state: target\ncompares_to: kauf\nowner:"
)


def test_target_journey_compares_to_current() -> None:
    result = load_texts(handbook(journeys__soll_yml=TARGET), OPTIONS)
    assert lines(result) == []
    assert result.catalogue.journeys["kauf-soll"].compares_to == "kauf"


@pytest.mark.parametrize(
    ("target", "words"),
    [
        (TARGET.replace("state: target\n", ""), ("only a `state: target` journey",)),
        (TARGET.replace("compares_to: kauf", "compares_to: kauf-soll"),
         ("cannot compare to itself",)),
        (TARGET.replace("compares_to: kauf", "compares_to: kauf-alt"),
         ("unknown journey 'kauf-alt'",)),
    ],
)
def test_compares_to_rules(target: str, words: tuple[str, ...]) -> None:
    result = load_texts(handbook(journeys__soll_yml=target), OPTIONS)
    assert len(result.errors) == 1, lines(result)
    d = result.errors[0]
    assert d.format().startswith("journeys/soll.yml:")
    assert d.code in {"CJM021", "CJM022"}
    line = target.splitlines().index(next(x for x in target.splitlines() if "compares_to" in x))
    assert (d.line, d.col) == (line + 1, 14)
    for word in words:
        assert word in d.message


def test_compares_to_a_target_journey() -> None:
    other = TARGET.replace("id: kauf-soll", "id: kauf-soll-2").replace(
        "compares_to: kauf", "compares_to: kauf-soll"
    )
    result = load_texts(handbook(journeys__soll_yml=TARGET, journeys__soll2_yml=other), OPTIONS)
    assert_errors(
        result,
        ("journeys/soll2.yml:6:14: error[CJM022]",
         "must name a `state: current` journey", "'kauf-soll' is a target journey"),
    )


# --------------------------------------------------------------------------- phases


PHASE_MODEL = SiteOptions(
    today=TODAY,
    phase_model=[
        PhaseModelEntry(id="suche", name="Suche"),
        PhaseModelEntry(id="kauf", name="Kauf"),
        PhaseModelEntry(id="nutzung", name="Nutzung"),
    ],
)


def test_phase_ids_from_names_match_the_phase_model() -> None:
    assert lines(journey(JOURNEY, PHASE_MODEL)) == []


def test_phase_not_in_phase_model() -> None:
    text = JOURNEY.replace("  - name: Suche\n", "  - name: Sonstiges\n") + (
        "  - name: Bezahlen\n    id: kaufen\n    emotion: 2\n"
    )
    result = journey(text, PHASE_MODEL)
    assert_errors(
        result,
        ("journeys/kauf.yml:8:11: error[CJM023]",
         "phase 'sonstiges' is not in the site's phase_model", "suche, kauf, nutzung"),
        ("journeys/kauf.yml:14:9: error[CJM023]",
         "phase 'kaufen' is not in the site's phase_model (did you mean 'kauf'?)"),
    )


def test_phase_model_from_options_dict() -> None:
    options = SiteOptions.model_validate(
        {"today": "2026-01-15", "phase_model": [{"id": "recherche", "name": "Recherche"}]}
    )
    result = journey(JOURNEY, options)
    assert_errors(result, ("journeys/kauf.yml:8:11: error[CJM023]", "one of: recherche"))


def test_duplicate_phase_ids_and_step_ids() -> None:
    text = JOURNEY.replace("        emotion: 3", "        emotion: 3\n        id: s1") + (
        "  - name: Kauf\n    id: suche\n    steps:\n"
        "      - name: Kauft\n        id: s1\n        channel: Filiale\n"
    )
    result = journey(text)
    assert_errors(
        result,
        ("journeys/kauf.yml:15:9: error[CJM024]", "phase id 'suche' is used twice",
         "also phase 1"),
        ("journeys/kauf.yml:18:13: error[CJM024]", "step id 's1' is used twice"),
    )


def test_emotions_outside_a_custom_scale() -> None:
    options = SiteOptions(today=TODAY, emotion_scale={"min": -2, "max": 2})
    text = JOURNEY + "  - name: Kauf\n    emotion: -3\n  - name: Nutzung\n    emotion: -2\n"
    result = journey(text, options)
    assert_errors(
        result,
        ("journeys/kauf.yml:12:18: error[CJM025]", "emotion 3 is outside the scale -2..2"),
        ("journeys/kauf.yml:14:14: error[CJM025]", "emotion -3 is outside the scale -2..2",
         "emotion_scale"),
    )


def test_fractional_emotions_on_the_default_scale() -> None:
    assert journey(JOURNEY.replace("emotion: 3", "emotion: 4.5")).errors == []
    result = journey(JOURNEY.replace("emotion: 3", "emotion: 5.5"))
    assert_errors(result, ("journeys/kauf.yml:12:18: error[CJM025]", "emotion 5.5", "1..5"))


def test_empty_phases_list() -> None:
    for empty in ("phases: []\n", "phases:\n"):
        result = journey(JOURNEY.split("phases:")[0] + empty)
        assert len(result.errors) == 1, lines(result)
        assert result.errors[0].format().startswith("journeys/kauf.yml:7:")
        assert result.errors[0].code in {"CJM019", "CJM014"}


def test_missing_phases() -> None:
    result = journey(JOURNEY.split("phases:")[0])
    assert_errors(result, ("journeys/kauf.yml:1:1: error[CJM012]", "required field `phases`"))


def test_phase_without_steps_or_emotion() -> None:
    result = journey(JOURNEY + "  - name: Kauf\n    steps: []\n  - name: Nutzung\n    emotion: 4\n")
    assert_errors(
        result,
        ("journeys/kauf.yml:13:5: error[CJM026]", "phase 'Kauf' has neither steps nor an "
         "`emotion`", "add at least one step"),
    )


# --------------------------------------------------------------------------- photos


@pytest.mark.parametrize(
    ("photo", "words"),
    [
        ("../../etc/passwd", ("leaves the docs folder",)),
        ("img/../../secret.png", ("leaves the docs folder",)),
        ("/etc/passwd", ("is absolute", "relative to the docs folder")),
        ("\\\\server\\anna.jpg", ("is absolute",)),
        ("C:/Users/anna.jpg", ("a path inside the docs folder",)),
        ("javascript:alert(1)", ("a photo is a path inside the docs folder or an https:// URL",)),
        ("http://example.org/a.jpg", ("https:// URL",)),
    ],
)
def test_unsafe_photo_paths(photo: str, words: tuple[str, ...]) -> None:
    result = load_texts(handbook(personas__anna_yml=PERSONA + f"photo: '{photo}'\n"), OPTIONS)
    assert_errors(result, ("personas/anna.yml:4:8: error[CJM027]", *words))


def test_photo_missing_is_a_warning_with_docs_dir(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "img").mkdir(parents=True)
    (docs / "img" / "tobias.jpg").write_bytes(b"\xff\xd8")
    files: dict[str, str | bytes] = {
        "anna.yml": PERSONA + "photo: img/anna.jpg\n",
        "tobias.yml": "kind: persona\nname: Tobias\nphoto: img/tobias.jpg\n",
        "web.yml": "kind: persona\nname: Web\nphoto: https://example.org/web.jpg\n",
        "kauf.yml": JOURNEY.replace("persona: anna", "personas: [anna, tobias, web]"),
        "cs.yml": STAKEHOLDER,
    }
    result = load_folder(tmp_path, files, docs_dir=docs)
    assert lines(result) == [
        "journeys/anna.yml:4:8: warning[CJM104]: photo 'img/anna.jpg' not found in the docs "
        "folder, so the page shows initials instead; put the picture there (the path is "
        "relative to the docs folder) or correct the path",
    ]
    # Without a docs folder (as in an editor) the file system is not consulted.
    assert lines(load_catalogue(tmp_path / "journeys", OPTIONS, base=tmp_path)) == []


# --------------------------------------------------------------------------- hygiene


def test_persona_used_by_no_journey() -> None:
    result = load_texts(handbook(personas__bob_yml="kind: persona\nname: Bob\n"), OPTIONS)
    assert lines(result) == [
        "personas/bob.yml:1:1: note[CJM101]: persona 'bob' is used by no journey; map a "
        "journey for it or remove it",
    ]


def test_step_without_touchpoint_or_channel() -> None:
    text = JOURNEY.replace("        channel: Website\n", "") + (
        "      - name: Ruft an\n        touchpoint: Hotline\n        emotion: 2\n"
    )
    assert lines(journey(text)) == [
        "journeys/kauf.yml:10:9: note[CJM102]: step 'Sucht im Netz' has neither "
        "`touchpoint` nor `channel`; say where the customer meets you here",
    ]


def test_a_channel_the_site_does_not_know_is_a_note_with_the_way_to_add_it() -> None:
    text = JOURNEY.replace("        channel: Website\n", "        channel: Whatsap\n") + (
        "      - name: Schickt eine Taube\n        channel: 'Brief: Taube'\n"
        "      - name: Ruft an\n        channel: Festnetz\n        online: false\n"
        "      - name: Schreibt eine SMS\n        channel: sms\n"
        "      - name: Bucht Termin\n        channel: Video call\n"
    )
    result = journey(text)
    assert lines(result) == [
        "journeys/kauf.yml:11:18: note[CJM110]: step 'Sucht im Netz' has the channel "
        "'Whatsap', which is not in the channel list, so its page cannot say whether it is "
        "online; if you meant 'WhatsApp', write that; else add it to the plugin's `channels` "
        "option in mkdocs.yml (`channels: {Whatsap: {online: true}}`), or write "
        "`online: true` or `online: false` on the step",
        "journeys/kauf.yml:14:18: note[CJM110]: step 'Schickt eine Taube' has the channel "
        "'Brief: Taube', which is not in the channel list, so its page cannot say whether it "
        "is online; add it to the plugin's `channels` option in mkdocs.yml "
        '(`channels: {"Brief: Taube": {online: true}}`), or write `online: true` or '
        "`online: false` on the step",
    ]
    assert result.errors == []
    own = SiteOptions(today=TODAY, channels={"Whatsap": {"online": True}})  # type: ignore[dict-item]
    assert [d.line for d in journey(text, own).diagnostics] == [14]


def test_stale_journey_is_a_note() -> None:
    result = journey(JOURNEY.replace("updated: 2026-01-01", "updated: 2020-01-01"))
    assert lines(result) == [
        "journeys/kauf.yml:6:10: note[CJM103]: journey 'kauf' last reviewed 2020-01-01, more "
        "than 365 days ago; review it and set `updated:` to today's date",
    ]
    assert result.errors == []
    missing = journey(JOURNEY.replace("updated: 2026-01-01\n", ""))
    assert_one(missing, "journeys/kauf.yml:1:1: note[CJM103]", "has no `updated` date")


def test_stale_after_days_option() -> None:
    text = JOURNEY.replace("updated: 2026-01-01", "updated: 2025-12-01")
    assert lines(journey(text)) == []
    short = SiteOptions(today=TODAY, stale_after_days=30)
    assert_one(journey(text, short), "journeys/kauf.yml:6:10: note[CJM103]", "more than 30 days")


def test_stakeholder_in_no_journey() -> None:
    # `it` is named by a relation, `hausmeister` has a relation of its own: both are on
    # the map of all stakeholders. Only `spedition` is on no map.
    extra = STAKEHOLDER + "---\nkind: stakeholder\nid: it\nname: IT\n---\n" \
        "kind: stakeholder\nid: hausmeister\nname: H\nrelations: [{to: it}]\n---\n" \
        "kind: stakeholder\nid: spedition\nname: Spedition\n"
    result = load_texts(handbook(stakeholders_yml=extra), OPTIONS)
    assert lines(result) == [
        "stakeholders.yml:14:1: note[CJM105]: stakeholder 'spedition' appears in no "
        "journey and no relation; name it as `owner` or in `responsible` of a journey, "
        "give it a relation, or remove it",
    ]


def test_a_stakeholder_with_only_outgoing_relations_is_used() -> None:
    extra = STAKEHOLDER + "---\nkind: stakeholder\nid: lieferant\nname: Lieferant\n" \
        "relations:\n  - to: anna\n    label: Ware\n"
    assert lines(load_texts(handbook(stakeholders_yml=extra), OPTIONS)) == []


def test_overdue_opportunity_is_a_note() -> None:
    text = JOURNEY + (
        "    opportunities:\n"
        "      - title: Rückruf\n        due: 2026-01-14\n        status: planned\n"
        "      - title: Chat\n        due: 2026-01-15\n        status: idea\n"
        "      - title: Formular\n        due: 2025-01-01\n        status: done\n"
    )
    result = journey(text)
    assert lines(result) == [
        "journeys/kauf.yml:15:14: note[CJM106]: opportunity 'Rückruf' was due 2026-01-14 and "
        "is 'planned'; update its status or its date",
    ]
    later = journey(text, SiteOptions(today=dt.date(2026, 1, 16)))
    assert [d.line for d in later.diagnostics if d.code == "CJM106"] == [15, 18]


# --------------------------------------------------------------------------- site options


def test_invalid_site_option_points_into_mkdocs_yml(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Handbuch\n"
        "plugins:\n"
        "  - search\n"
        "  - cjm:\n"
        "      emotion_scale: {min: 5, max: 1}\n"
        "      emotion_scael: 3\n"
        "      stale_after_days: -1\n",
        encoding="utf-8",
    )
    (tmp_path / "journeys").mkdir()
    diags: list[Diagnostic] = []
    read = read_config_file(config, "mkdocs.yml", diags)
    assert read is not None
    found = sorted(d.format() for d in diags)
    assert len(found) == 3, found
    assert found[0].startswith("mkdocs.yml:5:22: error[CJM029]: plugin option `emotion_scale`")
    assert "min (5.0) must be smaller than max (1.0)" in found[0]
    assert found[1].startswith("mkdocs.yml:6:7: error[CJM029]: plugin option `emotion_scael`")
    assert "did you mean 'emotion_scale'?" in found[1]
    assert found[2].startswith("mkdocs.yml:7:25: error[CJM029]: plugin option `stale_after_days`")


# --------------------------------------------------------------------------- many problems


def test_multiple_problems_in_one_file_are_all_reported() -> None:
    text = """\
kind: journey
id: kauf
title: yes
persona: anan
state: soll
owner: kundenservice
updated: 2026-02-30
phases:
  - name: Suche
    steps:
      - name: Sucht
        emotions: 3
        channel: Website
      - name: Vergleicht
        emotion: sehr gut
        channel: Website
"""
    result = journey(text)
    assert_errors(
        result,
        ("journeys/kauf.yml:3:8: error[CJM014]", "`title` must be text"),
        ("journeys/kauf.yml:5:8: error[CJM015]", "did you mean 'target'?"),
        ("journeys/kauf.yml:7:10: error[CJM017]", "not a real date"),
        ("journeys/kauf.yml:12:9: error[CJM013]", "did you mean 'emotion'?"),
        ("journeys/kauf.yml:15:18: error[CJM014]", "must be a number"),
    )
    assert ("journey", "kauf") in result.catalogue.invalid
    # The dangling persona is reported once the schema errors are fixed.
    fixed = (text.replace("title: yes", "title: Kauf").replace("state: soll", "state: target")
             .replace("2026-02-30", "2026-01-01").replace("emotions:", "emotion:")
             .replace("sehr gut", "2"))
    assert_errors(journey(fixed), ("journeys/kauf.yml:4:10: error[CJM021]", "'anan'"))


def test_one_bad_file_does_not_hide_good_ones() -> None:
    files = handbook(
        personas__bob_yml="kind: persona\nname: [Bob\n",
        personas__carla_yml="kind: persona\nname: Carla\nnmae: x\n",
        personas__dora_yml="kind: persona\nname: Dora\n",
        journeys__dora_yml=JOURNEY.replace("id: kauf", "id: dora").replace("anna", "dora"),
    )
    result = load_texts(files, OPTIONS)
    assert [d.code for d in result.errors] == ["CJM046", "CJM013"]
    cat = result.catalogue
    assert set(cat.personas) == {"anna", "dora"}
    assert set(cat.journeys) == {"kauf", "dora"}
    assert set(cat.stakeholders) == {"kundenservice"}
    assert set(cat.invalid) == {("persona", "carla")}
    assert cat.files == sorted(files)


def test_good_documents_in_a_file_with_a_bad_one() -> None:
    text = STAKEHOLDER + "---\nkind: stakeholder\nid: it\nname: IT\ntype: intern\n---\n" \
        "kind: stakeholder\nid: vertrieb\nname: Vertrieb\nrelations: [{to: kundenservice}]\n"
    result = load_texts(handbook(stakeholders_yml=text), OPTIONS)
    assert [d.code for d in result.errors] == ["CJM015"]
    assert set(result.catalogue.stakeholders) == {"kundenservice", "vertrieb"}


def test_invalid_journey_does_not_make_its_persona_unused() -> None:
    result = journey(JOURNEY.replace("emotion: 3", "emotion: x"))
    assert [d.code for d in result.diagnostics] == ["CJM014"]


# --------------------------------------------------------------------------- lenient forms


def test_single_string_for_list_fields() -> None:
    text = JOURNEY.replace("persona: anna", "personas: anna\nstakeholders: kundenservice").replace(
        "    steps:", "    customer_goals: Überblick\n    responsible: kundenservice\n    steps:"
    ).replace("        emotion: 3", "        emotion: 3\n        pains: Wartezeit\n"
              "        thoughts: Wo ist der Preis?")
    result = journey(text)
    assert lines(result) == []
    j = result.catalogue.journeys["kauf"]
    assert j.personas == ["anna"] and j.stakeholders == ["kundenservice"]
    phase = j.phases[0]
    assert phase.customer_goals == ["Überblick"] and phase.responsible == ["kundenservice"]
    assert phase.steps[0].pains == ["Wartezeit"]
    assert phase.steps[0].thoughts == ["Wo ist der Preis?"]
    persona = load_texts({"p.yml": "kind: persona\nname: A\ngoals: Ruhe\ntags: b2b\n"})
    assert persona.catalogue.personas["p"].goals == ["Ruhe"]
    assert persona.catalogue.personas["p"].tags == ["b2b"]


def test_extra_is_a_free_map_on_every_entity() -> None:
    extra = "extra:\n  Workshop: 17.09.2026\n  Liste: [1, 2]\n  Karte: {a: {b: c}}\n"
    step_extra = extra.replace("\n  ", "\n          ").replace("extra:", "        extra:")
    text = JOURNEY + step_extra
    result = load_texts(handbook(
        personas__anna_yml=PERSONA + extra,
        stakeholders_yml=STAKEHOLDER + extra,
        journeys__kauf_yml=text + extra,
    ), OPTIONS)
    assert lines(result) == []
    j = result.catalogue.journeys["kauf"]
    # Numbers in free maps are shown as written, so they are kept as text.
    assert j.extra == {"Workshop": "17.09.2026", "Liste": ["1", "2"], "Karte": {"a": {"b": "c"}}}
    assert j.phases[0].steps[0].extra["Liste"] == ["1", "2"]
    assert result.catalogue.personas["anna"].extra["Workshop"] == "17.09.2026"
    assert result.catalogue.stakeholders["kundenservice"].extra["Karte"] == {"a": {"b": "c"}}


def test_whitespace_around_text_is_stripped() -> None:
    result = journey(JOURNEY.replace("title: Kauf", "title: '  Kauf  '"))
    assert result.catalogue.journeys["kauf"].title == "Kauf"


# --------------------------------------------------------------------------- derived values


DERIVED = """\
kind: journey
id: kauf
title: Kauf
persona: anna
updated: 2026-01-01
phases:
  - name: Suche
    steps:
      - {name: A, channel: Website, emotion: 1}
      - {name: B, channel: Telefon, emotion: 4}
      - {name: C, channel: Zoom}
      - {name: D, channel: website, emotion: 2.5, online: false}
  - name: Kauf
    emotion: 2
    steps:
      - {name: E, channel: Filiale, emotion: 5}
  - name: Nutzung
    emotion: 3
    kpis:
      - {name: Wartezeit, target: 2, actual: 3, higher_is_better: false}
      - {name: Anrufe, target: 2, actual: 1, higher_is_better: false}
      - {name: Zufriedenheit, target: 80, actual: 85}
      - {name: NPS, target: 30, actual: 12}
      - {name: Ohne Ist, target: 30}
"""


@pytest.fixture
def derived() -> LoadResult:
    result = load_texts({"kauf.yml": DERIVED, "anna.yml": PERSONA}, OPTIONS)
    assert result.errors == []
    return result


def test_phase_score_is_the_mean_of_its_steps(derived: LoadResult) -> None:
    suche, kauf, nutzung = derived.catalogue.journeys["kauf"].phases
    assert suche.score == pytest.approx((1 + 4 + 2.5) / 3)  # C has no emotion
    assert kauf.score == 2  # an explicit emotion wins over the steps
    assert nutzung.score == 3
    assert [p.key for p in (suche, kauf, nutzung)] == ["suche", "kauf", "nutzung"]
    assert derived.catalogue.journeys["kauf"].scores() == [1, 4, 2.5, 5, 3]


def test_phase_without_any_score() -> None:
    result = journey(JOURNEY.replace("        emotion: 3\n", ""))
    assert result.catalogue.journeys["kauf"].phases[0].score is None


def test_online_from_the_channel_list(derived: LoadResult) -> None:
    steps = [s for _, s in derived.catalogue.journeys["kauf"].steps()]
    online = [s.online if s.online is not None else OPTIONS.channel_online(s.channel)
              for s in steps]
    # Website online, Telefon offline, Zoom unknown, an explicit value wins, Filiale offline.
    assert online == [True, False, None, False, False]
    assert OPTIONS.channel_online("  WEBSITE ") is True
    assert OPTIONS.channel_online(None) is None


def test_site_channels_override_the_built_in_list() -> None:
    options = SiteOptions.model_validate(
        {"channels": {"Zoom": {"online": True}, "telefon": {"online": True}}}
    )
    assert options.channel_online("Zoom") is True
    assert options.channel_online("Telefon") is True
    assert options.channel_online("Website") is True
    assert options.channel_online("Brieftaube") is None


def test_overdue_relative_to_a_given_today() -> None:
    text = JOURNEY + "    opportunities:\n      - title: Rückruf\n        due: 2026-03-31\n"
    j = journey(text).catalogue.journeys["kauf"]
    (opp,) = j.opportunities()
    assert opp.status == "idea"
    assert not opp.overdue(dt.date(2026, 3, 31))
    assert opp.overdue(dt.date(2026, 4, 1))
    done = opp.model_copy(update={"status": "done"})
    assert not done.overdue(dt.date(2030, 1, 1))


def test_kpi_met_in_both_directions(derived: LoadResult) -> None:
    kpis = derived.catalogue.journeys["kauf"].phases[2].kpis
    assert [k.met() for k in kpis] == [False, True, True, False, None]


def test_stale_relative_to_today() -> None:
    j = journey(JOURNEY).catalogue.journeys["kauf"]
    assert j.updated == dt.date(2026, 1, 1)
    assert not j.stale(dt.date(2027, 1, 1), 365)
    assert j.stale(dt.date(2027, 1, 2), 365)
    assert j.stale(dt.date(2026, 1, 3), 1)


def test_defaults() -> None:
    j = journey(JOURNEY).catalogue.journeys["kauf"]
    step = j.phases[0].steps[0]
    assert j.state == "current" and step.evidence == "assumption" and step.online is None
    sh = load_texts({"s.yml": "kind: stakeholder\nname: S\nrelations: [{to: customer}]\n"})
    stakeholder = sh.catalogue.stakeholders["s"]
    assert (stakeholder.type, stakeholder.importance) == ("internal", "important")
    assert stakeholder.relations[0].kind == "formal"


def test_positions_are_kept_for_every_key(derived: LoadResult) -> None:
    src = derived.catalogue.source("journey", "kauf")
    assert src.path == "kauf.yml"
    assert (src.key("phases", 1, "emotion").line, src.value("phases", 1, "emotion").col) == (14, 14)
    assert src.value("phases", 0, "steps", 1, "channel") == src.value(
        "phases", 0, "steps", 1, "channel"
    )
    assert src.value("phases", 0, "steps", 1).line == 10
    # An unknown path falls back to the nearest enclosing node.
    assert src.value("phases", 0, "steps", 1, "nothing").line == 10


def test_invalid_id_from_the_file_name_says_where_it_came_from() -> None:
    result = load_texts({"_entwurf.yml": "kind: persona\nname: Anna\n"})
    [diag] = result.diagnostics
    assert diag.format().startswith("_entwurf.yml:1:1: error[CJM016]: ")
    assert "file name gives '-entwurf'" in diag.message
    assert "id: entwurf" in diag.message


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("value", "found"),
    [
        (".inf", "the number .inf"),
        ("-.inf", "the number -.inf"),
        (".NaN", "the number .NaN"),
        ("1e400", "the number 1e400, which is too large"),
        ("1" + "0" * 400, "the number 10000000000000000000… (401 digits), which is too large"),
        ("9" * 5000, "the number 99999999999999999999… (5,000 digits), which is too large"),
    ],
)
def test_emotion_must_be_a_finite_number(value: str, found: str) -> None:
    result = journey(JOURNEY.replace("emotion: 3", f"emotion: {value}"))
    assert lines(result) == [
        f"journeys/kauf.yml:12:18: error[CJM014]: `emotion` must be a finite number, found {found}"
    ]


def test_kpi_numbers_must_be_finite_and_not_booleans() -> None:
    kpis = "        kpis: [{name: A, target: .nan, actual: .inf}, {name: B, target: false}]"
    result = journey(JOURNEY.replace("        emotion: 3", "        emotion: 3\n" + kpis))
    assert_errors(
        result,
        ("journeys/kauf.yml:13:34: error[CJM014]", "`target` must be a finite number, found "
         "the number .nan"),
        ("journeys/kauf.yml:13:48: error[CJM014]", "`actual` must be a finite number, found "
         "the number .inf"),
        ("journeys/kauf.yml:13:73: error[CJM014]", "`target` must be a number, found the "
         "boolean false"),
    )


@pytest.mark.parametrize("value", ["true", "yes", "false"])
def test_a_boolean_is_not_an_emotion(value: str) -> None:
    result = journey(JOURNEY.replace("emotion: 3", f"emotion: {value}"))
    assert_errors(result, ("journeys/kauf.yml:12:18: error[CJM014]",
                           "`emotion` must be a number, found the boolean"))


def test_a_phase_emotion_must_be_finite_too() -> None:
    text = JOURNEY + "  - name: Kauf\n    emotion: -.inf\n"
    assert_errors(journey(text), ("journeys/kauf.yml:14:14: error[CJM014]",
                                  "`emotion` must be a finite number, found the number -.inf"))


def test_the_schema_still_says_number() -> None:
    from mkdocs_cjm_plugin.core.schema import definition_schema

    defs = definition_schema()["$defs"]
    for model, key in (("Step", "emotion"), ("Phase", "emotion"), ("Kpi", "target"),
                       ("Kpi", "actual")):
        assert {"type": "number"} in defs[model]["properties"][key]["anyOf"], (model, key)


def test_emotion_scale_must_be_finite() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="finite number"):
        SiteOptions.model_validate({"emotion_scale": {"min": 1, "max": float("inf")}})
    with pytest.raises(ValidationError, match="valid number"):
        SiteOptions.model_validate({"emotion_scale": {"min": False, "max": 5}})


GERMAN_NUMBERS = """\
kind: persona
name: Anna
quote: 12:30
role: 01067
demographics:
  PLZ: 01067
  Einkommen: 3.500
  Zeit: 8:30
  Menge: 1_000
  Alter: 44
  Anteil: +5
  Kinder: yes
extra:
  Preise: [3.50, 0x1F, .inf]
"""


def test_numbers_in_text_fields_are_kept_as_written() -> None:
    # YAML 1.1 would read 01067 as octal 567, 8:30 as 510 minutes, 3.500 as 3.5.
    result = load_texts({"p.yml": GERMAN_NUMBERS}, OPTIONS)
    assert [d.code for d in result.diagnostics] == ["CJM101"]
    persona = result.catalogue.personas["p"]
    assert persona.quote == "12:30"
    assert persona.role == "01067"
    assert persona.demographics == {
        "PLZ": "01067", "Einkommen": "3.500", "Zeit": "8:30", "Menge": "1_000",
        "Alter": "44", "Anteil": "+5", "Kinder": True,
    }
    assert persona.extra == {"Preise": ["3.50", "0x1F", ".inf"]}
    where = result.catalogue.source("persona", "p")
    assert where.value("demographics", "Einkommen") == (7, 14)
    assert where.value("demographics", "Zeit") == (8, 9)


def test_numbers_in_number_fields_follow_yaml_1_2() -> None:
    kpis = "        kpis: [{name: A, target: 1.000, actual: 010}, {name: B, target: 0x10}]"
    text = JOURNEY.replace("emotion: 3", "emotion: 3.50").replace(
        "        channel: Website", "        channel: Website\n" + kpis
    )
    result = journey(text)
    assert lines(result) == []
    step = result.catalogue.journeys["kauf"].phases[0].steps[0]
    assert step.emotion == 3.5 and type(step.emotion) is float
    a, b = step.kpis
    assert (a.target, a.actual, b.target) == (1.0, 10.0, 16.0)  # 010 is ten, not octal 8
    assert all(type(v) is float for v in (a.target, a.actual, b.target))


def test_base_60_and_underscores_are_text_in_yaml_1_2() -> None:
    result = journey(JOURNEY.replace("emotion: 3", "emotion: 1:30"))
    assert_errors(result, ("journeys/kauf.yml:12:18: error[CJM014]",
                           "`emotion` must be a number, found the text '1:30'"))


def test_an_id_written_with_leading_zeros_keeps_them() -> None:
    result = load_texts({"p.yml": "kind: persona\nid: 0042\nname: A\n"}, OPTIONS)
    assert list(result.catalogue.personas) == ["0042"]


# --------------------------------------------------------------------------- empty text


@pytest.mark.parametrize(
    ("old", "new", "prefix", "words"),
    [
        ("title: Kauf", 'title: "  "', "journeys/kauf.yml:3:8", ("journey `title`",)),
        ("name: Suche", 'name: ""', "journeys/kauf.yml:8:11", ("phase `name`",)),
        ("name: Sucht im Netz", "name: ''", "journeys/kauf.yml:10:15", ("step `name`",)),
        ("        emotion: 3", "        emotion: 3\n        kpis: [{name: ' '}]",
         "journeys/kauf.yml:13:23", ("kpi `name`",)),
        ("        emotion: 3", "        emotion: 3\n        opportunities: [{title: ''}]",
         "journeys/kauf.yml:13:33", ("opportunity `title`",)),
    ],
)
def test_required_text_must_not_be_empty(
    old: str, new: str, prefix: str, words: tuple[str, ...]
) -> None:
    result = journey(JOURNEY.replace(old, new))
    assert_errors(result, (prefix + ": error[CJM012]", *words, "must not be empty"))


def test_empty_names_of_personas_and_stakeholders() -> None:
    result = load_texts({
        "p.yml": "kind: persona\nname: ''\n",
        "s.yml": "kind: stakeholder\nname: '   '\n",
    }, OPTIONS)
    assert lines(result) == [
        "p.yml:2:7: error[CJM012]: persona `name` must not be empty; write it after `name:`",
        "s.yml:2:7: error[CJM012]: stakeholder `name` must not be empty; write it after `name:`",
    ]


# --------------------------------------------------------------------------- encodings


def test_not_utf8_column_counts_characters_not_bytes() -> None:
    # `Müller` in UTF-8, then a Latin-1 `ä`: the column counts ü as one character.
    raw = "kind: persona\nname: Anna Müller ".encode() + b"\xe4\n"
    result = load_texts({"p.yml": raw})
    offset = raw.index(b"\xe4")
    assert lines(result) == [
        f"p.yml:2:19: error[CJM001]: byte 0xe4 at offset {offset} is not UTF-8; save the "
        "file as UTF-8 (in most editors: 'Save with encoding' > UTF-8)"
    ]


def test_not_utf8_after_a_bom_counts_the_offset_in_the_file() -> None:
    raw = b"\xef\xbb\xbfkind: persona\nname: M\xfcller\n"
    assert lines(load_texts({"p.yml": raw}))[0].startswith(
        "p.yml:2:8: error[CJM001]: byte 0xfc at offset 24 is not UTF-8"
    )
    assert raw[24] == 0xFC


# --------------------------------------------------------------------------- phase model


def test_phase_model_must_not_be_empty_or_repeat_an_id() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="needs at least one phase"):
        SiteOptions.model_validate({"phase_model": []})
    with pytest.raises(ValidationError, match="phase id 'kauf' appears twice"):
        SiteOptions.model_validate({"phase_model": [
            {"id": "kauf", "name": "Kauf"}, {"id": "suche", "name": "Suche"},
            {"id": "kauf", "name": "Kauf 2"},
        ]})
    with pytest.raises(ValidationError, match="must not be empty"):
        SiteOptions.model_validate({"phase_model": [{"id": "kauf", "name": " "}]})


def test_phases_out_of_the_phase_model_order() -> None:
    text = JOURNEY.replace("  - name: Suche\n", "  - name: Nutzung\n") + (
        "  - name: Suche\n    emotion: 2\n"
        "  - name: Bezahlen\n    id: kauf\n    emotion: 2\n"
    )
    result = journey(text, PHASE_MODEL)
    assert lines(result) == [
        "journeys/kauf.yml:13:11: warning[CJM107]: phase 'suche' comes after 'nutzung' here, "
        "but before it in the site's phase_model; order the phases as the model does",
        "journeys/kauf.yml:16:9: warning[CJM107]: phase 'kauf' comes after 'nutzung' here, "
        "but before it in the site's phase_model; order the phases as the model does",
    ]
    in_order = JOURNEY + "  - name: Kauf\n    emotion: 2\n  - name: Nutzung\n    emotion: 3\n"
    assert lines(journey(in_order, PHASE_MODEL)) == []
    # Phases missing from the model are CJM023 and do not count for the order.
    skipping = JOURNEY + "  - name: Sonstiges\n    emotion: 2\n  - name: Kauf\n    emotion: 3\n"
    assert [d.code for d in journey(skipping, PHASE_MODEL).diagnostics] == ["CJM023"]


# --------------------------------------------------------------------------- unused, or unknown


@pytest.mark.parametrize(
    "broken",
    [
        "kind: journey\nid: x\ntitle: [Kauf\n",  # CJM046
        "kind: journey\nid: x\ntitle: Kauf\n- persona: bob\n",  # CJM002
        "id: kauf-2\ntitle: Kauf\npersona: bob\nowner: it\n",  # CJM010
        "kind: jorney\nid: kauf-2\npersona: bob\nowner: it\n",  # CJM011
        "- kind: journey\n",  # CJM003
        "kind: journey\ntitle: Kauf\npersona: bob\n---\nkind: journey\nid: y\n",  # CJM018
        b"kind: journey\ntitle: K\xe4ufe\npersona: bob\n",  # CJM001
        JOURNEY.replace("id: kauf", "id: kauf-2") + "persona: bob\nowner: it\n",  # CJM005
    ],
)
def test_no_unused_warnings_while_a_file_cannot_be_read(broken: str | bytes) -> None:
    # The broken file may be the one that names persona `bob` and stakeholder `it`.
    files: dict[str, str | bytes] = {
        **handbook(),
        "personas/bob.yml": "kind: persona\nname: Bob\n",
        "it.yml": "kind: stakeholder\nname: IT\n",
        "journeys/broken.yml": broken,
    }
    result = load_texts(files, OPTIONS)
    assert result.errors
    assert not {"CJM101", "CJM105"} & {d.code for d in result.diagnostics}, lines(result)
    # Without the broken file, both are reported.
    del files["journeys/broken.yml"]
    assert [d.code for d in load_texts(files, OPTIONS).diagnostics] == ["CJM105", "CJM101"]


def test_an_invalid_stakeholder_may_be_the_one_that_names_another() -> None:
    extra = STAKEHOLDER + (
        "---\nkind: stakeholder\nid: it\nname: IT\n---\n"
        "kind: stakeholder\nid: hausmeister\nname: H\ntype: intern\nrelations: [{to: it}]\n"
    )
    result = load_texts(handbook(stakeholders_yml=extra), OPTIONS)
    assert [d.code for d in result.diagnostics] == ["CJM015"]


def test_unreadable_file_on_disk_keeps_unused_warnings_quiet(tmp_path: Path) -> None:
    result = load_folder(tmp_path, {
        **handbook(), "personas/bob.yml": "kind: persona\nname: Bob\n",
        "journeys/bob.yml": "kind: journey\ntitle: Bob\npersona: bob\nphases: [\n",
    })
    assert [d.code for d in result.diagnostics] == ["CJM046"]
    assert result.catalogue.unloaded == ["journeys/journeys/bob.yml"]


def test_stale_note_without_an_updated_date() -> None:
    result = journey(JOURNEY.replace("updated: 2026-01-01\n", ""))
    assert lines(result) == [
        "journeys/kauf.yml:1:1: note[CJM103]: journey 'kauf' has no `updated` date; add "
        "`updated: YYYY-MM-DD` when it was last reviewed",
    ]


# --------------------------------------------------------------------------- channels


@pytest.mark.parametrize(
    ("channel", "online"),
    [("Mail", True), ("mail", True), ("E-Mail", True), ("Post", False), ("Brief", False),
     ("Letter", False)],
)
def test_built_in_channels(channel: str, online: bool) -> None:
    assert OPTIONS.channel_online(channel) is online


# --------------------------------------------------------------------------- site options


def _config_problems(tmp_path: Path, options: str) -> list[str]:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Handbuch\nplugins:\n  - cjm:\n" + options, encoding="utf-8")
    (tmp_path / "journeys").mkdir()
    diags: list[Diagnostic] = []
    read_config_file(config, "mkdocs.yml", diags)
    return [d.format() for d in diags]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ("      labels: {jouneys: Reisen}\n",
         "mkdocs.yml:4:15: error[CJM029]: plugin option `labels`: unknown label `jouneys` "
         "(did you mean 'journeys'?)"),
        ("      labels:\n        emotion_curve_of: 'Kurve {titel}'\n",
         "mkdocs.yml:5:9: error[CJM029]: plugin option `labels`: label `emotion_curve_of`: "
         "unknown placeholder {titel}; this label can use {title}"),
        ("      labels: {journeys: 'Reisen {n}'}\n",
         "mkdocs.yml:4:15: error[CJM029]: plugin option `labels`: label `journeys`: unknown "
         "placeholder {n}; this label has no placeholders"),
        ("      labels: {stale_hint: 'seit {days Tagen'}\n",
         "mkdocs.yml:4:15: error[CJM029]: plugin option `labels`: label `stale_hint`: a `{` or "
         "`}` has no partner; write `{{` and `}}` for braces as text"),
        ("      labels: {stale_hint: 'seit {days!r} Tagen'}\n",
         "mkdocs.yml:4:15: error[CJM029]: plugin option `labels`: label `stale_hint`: write the "
         "placeholder {days!r} as {days}, without `!` or `:`"),
        ("      language: xx\n",
         "mkdocs.yml:4:17: error[CJM029]: plugin option `language`: 'xx' is not a language "
         "code; use one like `en`, `de` or `de-AT`"),
        ("      prefix: ../handbuch\n",
         "mkdocs.yml:4:15: error[CJM029]: plugin option `prefix`: prefix must be a folder name "
         "like `handbook`, not '../handbuch'; `..` would leave the site folder"),
        ("      prefix: /handbuch\n",
         "mkdocs.yml:4:15: error[CJM029]: plugin option `prefix`: prefix must be a folder name "
         "like `handbook`, not '/handbuch'; it must not start with `/`"),
        ("      prefix: 'hand\\buch'\n",
         "mkdocs.yml:4:15: error[CJM029]: plugin option `prefix`: prefix must be a folder name "
         "like `handbook`, not 'hand\\buch'; use only letters, digits"),
        ("      prefix: .handbuch\n",
         "mkdocs.yml:4:15: error[CJM029]: plugin option `prefix`: prefix must be a folder name "
         "like `handbook`, not '.handbuch'; MkDocs skips folders whose name starts with `.`, "
         "so the pages would not be published"),
        ("      prefix: handbuch/.intern\n",
         "mkdocs.yml:4:15: error[CJM029]: plugin option `prefix`: prefix must be a folder name "
         "like `handbook`, not 'handbuch/.intern'; MkDocs skips folders whose name starts"),
        ("      prefix: ./handbuch\n",
         "mkdocs.yml:4:15: error[CJM029]: plugin option `prefix`: prefix must be a folder name "
         "like `handbook`, not './handbuch'; MkDocs skips folders whose name starts"),
        ("      prefix: hand buch\n",
         "mkdocs.yml:4:15: error[CJM029]: plugin option `prefix`: prefix must be a folder name "
         "like `handbook`, not 'hand buch'"),
        ("      phase_model: []\n",
         "mkdocs.yml:4:20: error[CJM029]: plugin option `phase_model`: needs at least one phase"),
        ("      phase_model:\n        - {id: kauf, name: Kauf}\n        - {id: kauf, name: K}\n",
         "mkdocs.yml:5:9: error[CJM029]: plugin option `phase_model`: phase id 'kauf' appears "
         "twice"),
    ],
)
def test_invalid_labels_language_prefix_and_phase_model(
    tmp_path: Path, options: str, expected: str
) -> None:
    found = _config_problems(tmp_path, options)
    assert len(found) == 1, found
    assert found[0].startswith(expected), found[0]


@pytest.mark.parametrize(
    "options",
    [
        "      labels: {journeys: Kundenreisen, emotion_curve_of: 'Verlauf: {title}'}\n",
        "      labels: {stale_hint: 'Veraltet'}\n",  # leaving a placeholder out is fine
        "      labels: {journeys: 'Reisen {{alle}}'}\n",
        "      language: fr\n",  # no built-in labels: English ones
        "      language: de-AT\n",
        "      language: pt_BR\n",
        "      prefix: handbuch/2026\n",
        "      prefix: handbuch/\n",
        "      prefix: v1.2_intern\n",
    ],
)
def test_valid_labels_language_and_prefix(tmp_path: Path, options: str) -> None:
    assert _config_problems(tmp_path, options) == []


# --------------------------------------------------------------------------- no follow-on errors


def test_references_into_an_unreadable_file_are_not_called_unknown() -> None:
    # `bob` and `it` may well be defined in the file that cannot be read: one note says
    # that these references wait, instead of three errors that go away with the fix.
    files = handbook(
        journeys__bob_yml=JOURNEY.replace("id: kauf", "id: kauf-bob").replace(
            "persona: anna", "persona: bob"
        ).replace("owner: kundenservice", "owner: it"),
        stakeholders_yml=STAKEHOLDER + "relations:\n  - to: bob\n",
        broken_yml="kind: persona\nid: bob\nname: [Bob\n",
    )
    assert lines(load_texts(files, OPTIONS)) == [
        "broken.yml:1:1: note[CJM108]: 3 references could not be checked because this file "
        "could not be read and may define what they name: 'bob' (journeys/bob.yml:4:10), "
        "'it' (journeys/bob.yml:5:8), 'bob' (stakeholders.yml:5:9); fix the errors in this "
        "file and check again",
        "broken.yml:3:7: error[CJM046]: the `[` that starts a list on line 3 is never "
        "closed; add `]` after its last entry: `name: [Bob]`",
    ]


def test_the_note_on_unchecked_references_is_bounded_and_names_every_failed_file() -> None:
    many = "".join(f"  - to: x{i}\n" for i in range(8))
    files = handbook(
        stakeholders_yml=STAKEHOLDER + "relations:\n" + many,
        a_yml="kind: persona\nname: [A\n", b_yml="kind: persnoa\nname: B\n",
    )
    note = assert_one(load_texts(files, OPTIONS), "a.yml:1:1: note[CJM108]")
    assert note.message.startswith(
        "8 references could not be checked because this file (nor b.yml) could not be read"
    )
    assert "'x4' (stakeholders.yml:9:9), and 3 more;" in note.message


def test_a_duplicate_id_does_not_hold_references_back() -> None:
    # The duplicate defines nothing new: an unknown id is still unknown.
    files = handbook(
        personas__copy_yml=PERSONA,
        journeys__kauf_yml=JOURNEY.replace("persona: anna", "persona: anan"),
    )
    assert [d.code for d in load_texts(files, OPTIONS).diagnostics] == ["CJM021", "CJM020"]


def test_a_misspelt_reference_does_not_make_what_it_meant_unused() -> None:
    result = journey(JOURNEY.replace("persona: anna", "persona: anan").replace(
        "owner: kundenservice", "owner: kundenservis"))
    assert lines(result) == [
        "journeys/kauf.yml:4:10: error[CJM021]: unknown persona 'anan' (did you mean 'anna'?); "
        "define a persona with `id: anan` or fix the spelling",
        "journeys/kauf.yml:5:8: error[CJM021]: unknown stakeholder 'kundenservis' (did you "
        "mean 'kundenservice'?); define a stakeholder with `id: kundenservis` or fix the "
        "spelling",
    ]


def test_a_repeated_phase_is_not_also_out_of_order() -> None:
    model = SiteOptions(today=TODAY, phase_model=[
        PhaseModelEntry(id="suche", name="Suche"), PhaseModelEntry(id="kauf", name="Kauf"),
    ])
    text = JOURNEY + "  - name: Kauf\n    emotion: 3\n  - name: Suche\n    emotion: 2\n"
    assert lines(journey(text, model)) == [
        "journeys/kauf.yml:15:11: error[CJM024]: phase id 'suche' is used twice in this "
        "journey (also phase 1); give one of them its own `id:`",
    ]


def test_the_names_suggested_are_on_the_journeys_page_too() -> None:
    later = "kind: stakeholder\nid: zentrale\nname: Die Zentrale\n"
    result = journey(JOURNEY.replace("owner: kundenservice", "owner: Die Zentrale"),
                     zz_yml=later)
    assert result.catalogue.invalid[("journey", "kauf")] == result.errors


def test_a_misspelt_required_key_is_not_also_missing() -> None:
    result = load_texts({
        "p.yml": "kind: persona\nid: a\nnmae: Anna\n",
        "j.yml": "kind: journey\nid: k\ntitel: Kauf\nkunde: a\nphases:\n  - Name: X\n"
                 "    emotion: 3\n",
    }, OPTIONS)
    assert lines(result) == [
        "j.yml:3:1: error[CJM013]: unknown key `titel` in journey (did you mean 'title'?); "
        "remove it or move it under `extra:` (free key/value pairs)",
        "j.yml:4:1: error[CJM013]: unknown key `kunde` in journey (did you mean 'persona'?); "
        "remove it or move it under `extra:` (free key/value pairs)",
        "j.yml:6:5: error[CJM013]: unknown key `Name` in phase (did you mean 'name'?); "
        "remove it or move it under `extra:` (free key/value pairs)",
        "p.yml:3:1: error[CJM013]: unknown key `nmae` in persona (did you mean 'name'?); "
        "remove it or move it under `extra:` (free key/value pairs)",
    ]
    # Without a key that could stand for it, the missing key is reported.
    alone = load_texts({"p.yml": "kind: persona\nid: a\nrolle: Einkauf\n"}, OPTIONS)
    assert [d.code for d in alone.diagnostics] == ["CJM012", "CJM013"]


def test_a_target_journey_is_not_told_to_compare_to_itself() -> None:
    # The current journey failed: its id is unknown, and the note says so.
    target = JOURNEY.replace("id: kauf", "id: kauf-soll").replace(
        "title: Kauf", "title: Kauf\nstate: target\ncompares_to: kauf-ist"
    )
    broken_current = JOURNEY.replace("id: kauf", "id: kauf-ist").replace("title: Kauf", "title: [")
    result = load_texts(handbook(journeys__kauf_yml=target, ist_yml=broken_current), OPTIONS)
    assert [d.code for d in result.diagnostics] == ["CJM108", "CJM046"]
    assert "kauf-soll" not in result.diagnostics[0].message
    # Misspelt, with another journey to propose: never the journey that compares.
    result = load_texts(handbook(journeys__soll_yml=target), OPTIONS)
    assert lines(result) == [
        "journeys/soll.yml:5:14: error[CJM021]: unknown journey 'kauf-ist' (did you mean "
        "'kauf'?); define a journey with `id: kauf-ist` or fix the spelling",
    ]
    alone = load_texts({"personas/anna.yml": PERSONA, "stakeholders.yml": STAKEHOLDER,
                        "journeys/soll.yml": target}, OPTIONS)
    assert lines(alone) == [
        "journeys/soll.yml:5:14: error[CJM021]: unknown journey 'kauf-ist' (known journeys: "
        "none yet); define a journey with `id: kauf-ist` or fix the spelling",
    ]


# --------------------------------------------------------------------------- obvious fixes


def test_a_display_name_where_an_id_belongs_suggests_the_id() -> None:
    team = "---\nkind: stakeholder\nid: claims-team\nname: Claims Handling Team\n"
    text = JOURNEY.replace("owner: kundenservice", "owner: Claims Handling Team")
    result = journey(text, stakeholders_yml=STAKEHOLDER + team)
    assert lines(result) == [
        "journeys/kauf.yml:5:8: error[CJM016]: `owner` 'Claims Handling Team' is not an id; "
        "it is the name of stakeholder 'claims-team', so write its id: `owner: claims-team`",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # Case, spaces and umlaut spelling do not count.
        ("persona: anna", "persona: ANNA  berger",
         "journeys/kauf.yml:4:10: error[CJM016]: `persona` 'ANNA  berger' is not an id; it is "
         "the name of persona 'anna', so write its id: `persona: anna`"),
        ("    steps:", "    responsible: [Kunden-Service]\n    steps:",
         "journeys/kauf.yml:9:19: error[CJM016]: `responsible` 'Kunden-Service' is not an id; "
         "it is the name of stakeholder 'kundenservice', so write its id: "
         "`responsible: kundenservice`"),
        # A name written like an id is an unknown id, with the id it names proposed.
        ("owner: kundenservice", "owner: kunden-service",
         "journeys/kauf.yml:5:8: error[CJM021]: unknown stakeholder 'kunden-service' (did you "
         "mean 'kundenservice'? 'kunden-service' is its name); define a stakeholder with "
         "`id: kunden-service` or fix the spelling"),
    ],
)
def test_names_are_matched_without_case_and_spaces(old: str, new: str, expected: str) -> None:
    assert lines(journey(JOURNEY.replace(old, new))) == [expected]


def test_a_relation_to_a_display_name_suggests_the_id() -> None:
    result = load_texts(handbook(
        stakeholders_yml=STAKEHOLDER + "relations:\n  - to: Anna Berger\n"
    ), OPTIONS)
    assert lines(result) == [
        "stakeholders.yml:5:9: error[CJM021]: relation to 'Anna Berger': no stakeholder or "
        "persona has this id (did you mean 'anna'? 'Anna Berger' is its name); use a "
        "stakeholder id, a persona id or `customer`",
    ]


def test_a_name_defined_in_a_later_file_is_found() -> None:
    # Files are read in name order; the names of all of them are known before checking.
    later = "kind: stakeholder\nid: zentrale\nname: Die Zentrale\n"
    text = JOURNEY.replace("owner: kundenservice", "owner: Die Zentrale")
    result = journey(text, zz_yml=later)
    assert lines(result) == [
        "journeys/kauf.yml:5:8: error[CJM016]: `owner` 'Die Zentrale' is not an id; it is "
        "the name of stakeholder 'zentrale', so write its id: `owner: zentrale`",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    steps:", "    responsible: Kundenservice, Vertrieb\n    steps:",
         "journeys/kauf.yml:9:18: error[CJM016]: `responsible` 'Kundenservice, Vertrieb' is "
         "not an id; write them as a list of ids: `responsible: [kundenservice, vertrieb]`"),
        ("persona: anna", "persona: anna, Ben",
         "journeys/kauf.yml:4:10: error[CJM016]: `persona` 'anna, Ben' is not an id; a shared "
         "journey lists its personas as a list of ids: `personas: [anna, ben]`"),
        ("owner: kundenservice", "owner: Kundenservice, IT",
         "journeys/kauf.yml:5:8: error[CJM016]: `owner` 'Kundenservice, IT' is not an id; "
         "`owner` takes one stakeholder id, not several; keep one of: kundenservice, it"),
    ],
)
def test_a_comma_separated_text_where_a_list_belongs(old: str, new: str, expected: str) -> None:
    assert lines(journey(JOURNEY.replace(old, new))) == [expected]


def test_several_entries_written_as_one_text() -> None:
    text = JOURNEY.replace("title: Kauf", "title: Kauf\ntags: B2B, Kauf").replace(
        "        channel: Website", "        channel: Website\n        systems: CRM,ERP")
    result = journey(text, personas__anna_yml=PERSONA + "channels: Messe, Suchmaschine\n")
    assert lines(result) == [
        "journeys/kauf.yml:4:7: warning[CJM109]: `tags` has one entry, 'B2B, Kauf'; for 2 "
        "entries write a list: `tags: [B2B, Kauf]`",
        "journeys/kauf.yml:13:18: warning[CJM109]: `systems` has one entry, 'CRM,ERP'; for 2 "
        "entries write a list: `systems: [CRM, ERP]`",
        "personas/anna.yml:4:11: warning[CJM109]: `channels` has one entry, 'Messe, "
        "Suchmaschine'; for 2 entries write a list: `channels: [Messe, Suchmaschine]`",
    ]


@pytest.mark.parametrize("value", [
    '["CRM, ERP"]',  # a list, written on purpose
    "Web-Analyse (Matomo, Piwik)",  # a comma inside brackets
    "CRM",
])
def test_commas_that_do_not_separate_entries(value: str) -> None:
    text = JOURNEY.replace("        channel: Website", f"        channel: Website\n        "
                           f"systems: {value}")
    assert lines(journey(text)) == []


def test_ids_separated_by_spaces_get_the_list_form() -> None:
    it = "---\nkind: stakeholder\nid: it\nname: IT-Abteilung\n"
    text = JOURNEY.replace("owner: kundenservice", "owner: kundenservice\nstakeholders: "
                           "kundenservice it")
    assert lines(journey(text, stakeholders_yml=STAKEHOLDER + it)) == [
        "journeys/kauf.yml:6:15: error[CJM016]: `stakeholders` 'kundenservice it' is not an "
        "id; write them as a list of ids: `stakeholders: [kundenservice, it]`",
    ]


@pytest.mark.parametrize(("word", "kind"), [("Reise", "journey"), ("Kundenreise", "journey"),
                                            ("Person", "persona"), ("Beteiligter", "stakeholder")])
def test_german_kinds_suggest_the_english_kind(word: str, kind: str) -> None:
    result = load_texts({"x.yml": f"kind: {word}\nname: X\n"}, OPTIONS)
    assert lines(result) == [
        f"x.yml:1:7: error[CJM011]: unknown kind '{word}' (did you mean '{kind}'?); use "
        "persona, stakeholder or journey",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("emotion: 3", "emotion: 3,5",
         "journeys/kauf.yml:12:18: error[CJM014]: `emotion` must be a number, found the text "
         "'3,5'; write decimals with a point: `emotion: 3.5`"),
        ("        emotion: 3", "        emotion: 3\n        kpis: [{name: A, target: '-0,25'}]",
         "journeys/kauf.yml:13:34: error[CJM014]: `target` must be a number, found the text "
         "'-0,25'; write decimals with a point: `target: -0.25`"),
    ],
)
def test_a_decimal_comma_suggests_the_point(old: str, new: str, expected: str) -> None:
    assert lines(journey(JOURNEY.replace(old, new))) == [expected]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("persona: anna", "persona: anna\nstate: Soll", "journeys/kauf.yml:5:8: error[CJM015]: "
         "`state` cannot be the text 'Soll' (did you mean 'target'?); allowed: current, target"),
        ("persona: anna", "persona: anna\nstate: Ist-Reise", "journeys/kauf.yml:5:8: "
         "error[CJM015]: `state` cannot be the text 'Ist-Reise' (did you mean 'current'?); "
         "allowed: current, target"),
        ("        emotion: 3",
         "        emotion: 3\n        opportunities: [{title: A, status: in progress}]",
         "journeys/kauf.yml:13:44: error[CJM015]: `status` cannot be the text 'in progress' "
         "(did you mean 'doing'?); allowed: idea, planned, doing, done"),
        ("        emotion: 3", "        emotion: 3\n        evidence: Teilweise  belegt",
         "journeys/kauf.yml:13:19: error[CJM015]: `evidence` cannot be the text 'Teilweise  "
         "belegt' (did you mean 'partial'?); allowed: assumption, partial, research"),
        ("        emotion: 3",
         "        emotion: 3\n        opportunities: [{title: A, impact: gering}]",
         "journeys/kauf.yml:13:44: error[CJM015]: `impact` cannot be the text 'gering' "
         "(did you mean 'low'?); allowed: low, medium, high"),
    ],
)
def test_values_as_the_site_shows_them(old: str, new: str, expected: str) -> None:
    assert lines(journey(JOURNEY.replace(old, new))) == [expected]


def test_every_label_of_a_value_is_understood() -> None:
    # The reverse of what the pages show, in every language the site speaks.
    from mkdocs_cjm_plugin.core.suggest import value_as_shown
    from mkdocs_cjm_plugin.i18n.texts import LANGUAGES

    fields = {
        "state": ("current", "target"), "status": ("idea", "planned", "doing", "done"),
        "evidence": ("assumption", "partial", "research"),
        "impact": ("low", "medium", "high"), "type": ("internal", "external", "partner"),
        "importance": ("essential", "important", "interesting"), "kind": ("formal", "informal"),
    }
    prefix = {"kind": "relation"}
    for field, choices in fields.items():
        for table in LANGUAGES.values():
            for choice in choices:
                label = table.get(f"{prefix.get(field, field)}_{choice}")
                if label is not None:
                    assert value_as_shown(field, label.upper(), choices) == choice, label


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("        channel: Website", "        kanal: Website",
         "journeys/kauf.yml:11:9: error[CJM013]: unknown key `kanal` in step (did you mean "
         "'channel'?); remove it or move it under `extra:` (free key/value pairs)"),
        ("        emotion: 3", "        emotion: 3\n        Gedanken: [Was kostet das?]",
         "journeys/kauf.yml:13:9: error[CJM013]: unknown key `Gedanken` in step (did you mean "
         "'thoughts'?); remove it or move it under `extra:` (free key/value pairs)"),
        ("    steps:", "    schritte:",
         "journeys/kauf.yml:9:5: error[CJM013]: unknown key `schritte` in phase (did you mean "
         "'steps'?); remove it or move it under `extra:` (free key/value pairs)"),
        ("    steps:", "    Ziele: [Passendes Gerät]\n    steps:",
         "journeys/kauf.yml:9:5: error[CJM013]: unknown key `Ziele` in phase (did you mean "
         "'customer_goals'?); remove it or move it under `extra:` (free key/value pairs)"),
        ("        emotion: 3", "        emotion: 3\n        Moment der Wahrheit: true",
         "journeys/kauf.yml:13:9: error[CJM013]: unknown key `Moment der Wahrheit` in step (did "
         "you mean 'moment_of_truth'?); remove it or move it under `extra:` (free key/value "
         "pairs)"),
        # A German key of another entity: no misleading close English key.
        ("title: Kauf", "title: Kauf\nschritte: []",
         "journeys/kauf.yml:4:1: error[CJM013]: unknown key `schritte` in journey (`schritte` "
         "is `steps`, which a journey does not have); remove it or move it under `extra:` "
         "(free key/value pairs)"),
    ],
)
def test_german_key_names_suggest_the_english_key(old: str, new: str, expected: str) -> None:
    assert lines(journey(JOURNEY.replace(old, new))) == [expected]


def test_every_key_of_every_entity_has_a_german_name() -> None:
    from mkdocs_cjm_plugin.core.load import model_at
    from mkdocs_cjm_plugin.core.model import Journey, Persona, Stakeholder
    from mkdocs_cjm_plugin.core.suggest import GERMAN_KEYS, english_keys

    models = {Persona, Stakeholder, Journey}
    for path in [("relations",), ("phases",), ("phases", "steps"), ("phases", "kpis"),
                 ("phases", "opportunities")]:
        root = Stakeholder if path == ("relations",) else Journey
        found = model_at(root, path)
        assert found is not None
        models.add(found)
    assert len(models) == 8
    for model in models:
        for key in model.model_fields:
            assert GERMAN_KEYS.get(key), f"{model.__name__}.{key} has no German name"
            assert all(key in english_keys(word) for word in GERMAN_KEYS[key])


def test_an_unknown_id_lists_the_known_ones_when_few() -> None:
    result = journey(JOURNEY.replace("owner: kundenservice", "owner: zentrale"))
    assert lines(result) == [
        "journeys/kauf.yml:5:8: error[CJM021]: unknown stakeholder 'zentrale' (known "
        "stakeholders: kundenservice); define a stakeholder with `id: zentrale` or fix the "
        "spelling",
    ]
    many = "".join(f"---\nkind: stakeholder\nid: team-{i}\nname: T{i}\n" for i in range(8))
    result = journey(JOURNEY.replace("owner: kundenservice", "owner: zentrale"),
                     stakeholders_yml=STAKEHOLDER + many)
    assert lines(result) == [
        "journeys/kauf.yml:5:8: error[CJM021]: unknown stakeholder 'zentrale'; define a "
        "stakeholder with `id: zentrale` or fix the spelling",
    ]


# --------------------------------------------------------------------------- CJM130


def _with_touchpoints(ident: str, *touchpoints: str) -> str:
    """The minimal journey as `ident`, with one step per touchpoint."""
    text = JOURNEY.replace("id: kauf", f"id: {ident}").split("    steps:")[0] + "    steps:\n"
    for n, tp in enumerate(touchpoints, 1):
        text += f"      - name: Schritt {n}\n        touchpoint: {tp}\n        emotion: 3\n"
    return text


def test_a_touchpoint_written_several_ways() -> None:
    result = load_texts(handbook(
        journeys__kauf_yml=_with_touchpoints("kauf", "Hotline Vertrieb", "Hotline Vertrieb"),
        journeys__reklamation_yml=_with_touchpoints("reklamation", "hotline-vertrieb",
                                                    "Hotline  Vertrieb", "Hotline"),
    ), OPTIONS)
    assert [line for line in lines(result) if "CJM130" in line] == [
        "journeys/reklamation.yml:11:21: note[CJM130]: touchpoint 'hotline-vertrieb' is "
        "written 'Hotline Vertrieb' elsewhere (2 steps, first at journeys/kauf.yml:11); the "
        "touchpoints page counts them as one, so write it the same way everywhere: "
        "`touchpoint: Hotline Vertrieb`",
        "journeys/reklamation.yml:14:21: note[CJM130]: touchpoint 'Hotline  Vertrieb' is "
        "written 'Hotline Vertrieb' elsewhere (2 steps, first at journeys/kauf.yml:11); the "
        "touchpoints page counts them as one, so write it the same way everywhere: "
        "`touchpoint: Hotline Vertrieb`",
    ]
    assert not result.errors


def test_touchpoints_written_the_same_way_are_no_note() -> None:
    result = load_texts(handbook(
        journeys__kauf_yml=_with_touchpoints("kauf", "Hotline", "Hotline Vertrieb"),
        journeys__reklamation_yml=_with_touchpoints("reklamation", "Hotline Vertrieb"),
    ), OPTIONS)
    assert [line for line in lines(result) if "CJM130" in line] == []
