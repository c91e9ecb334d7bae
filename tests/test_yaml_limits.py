"""The YAML reader's limits: hostile or broken files are refused quickly and with a place."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_cjm_plugin.core.load import LoadResult
from mkdocs_cjm_plugin.core.pipeline import load_catalogue, load_texts
from mkdocs_cjm_plugin.core.yaml_slips import MAX_ROUNDS, MAX_TAB_LINES
from mkdocs_cjm_plugin.core.yaml_source import MAX_CHARS, MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES


def billion_laughs(levels: int = 9) -> str:
    """The classic: each level refers to the previous one nine times (9**9 strings)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghijklmnop"[: levels - 1]:
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
        prev = name
    return "\n".join(lines) + "\n"


def only(result: LoadResult) -> str:
    assert len(result.diagnostics) == 1, [d.format() for d in result.diagnostics]
    return result.diagnostics[0].format()


def test_billion_laughs_is_refused_quickly() -> None:
    text = billion_laughs()
    # Bounded work, measured in memory rather than seconds (a time limit in a test is a
    # flaky test; benchmarks/bench_load.py times hostile files): the file stops early.
    tracemalloc.start()
    try:
        result = load_texts({"bomb.yml": text})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    line = only(result)
    assert line.startswith("bomb.yml:1:")
    assert "error[CJM004]" in line
    assert f"more than {MAX_NODES:,} keys and values" in line
    assert "aliases" in line
    assert peak < 64 * 1024 * 1024, f"peak {peak:,} bytes"
    assert result.catalogue.personas == {} and result.catalogue.files == ["bomb.yml"]


def test_billion_laughs_stays_small_in_memory() -> None:
    text = billion_laughs()
    tracemalloc.start()
    try:
        result = load_texts({"bomb.yml": text})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [d.code for d in result.diagnostics] == ["CJM004"]
    assert peak < 50 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_billion_laughs_inside_a_persona() -> None:
    text = "kind: persona\nname: A\nextra:\n" + textwrap.indent(billion_laughs(), "  ")
    result = load_texts({"p.yml": text})
    assert [d.code for d in result.diagnostics] == ["CJM004"]
    assert result.catalogue.personas == {}


def test_aliases_used_a_few_times_are_fine() -> None:
    text = textwrap.dedent("""\
        kind: persona
        name: Anna
        goals: &ziele [Ruhe, Planbarkeit]
        gains: *ziele
        extra:
          kopie: *ziele
    """)
    result = load_texts({"anna.yml": text})
    assert [d.code for d in result.diagnostics] == ["CJM101"]
    persona = result.catalogue.personas["anna"]
    assert persona.goals == persona.gains == ["Ruhe", "Planbarkeit"]


def test_recursive_alias_is_refused() -> None:
    result = load_texts({"p.yml": "kind: persona\nname: A\nextra: &x\n  self: *x\n"})
    codes = [d.code for d in result.errors]
    assert codes in (["CJM002"], ["CJM004"]), codes


@pytest.mark.parametrize("opener", ["[", "{a: "])
@pytest.mark.parametrize("levels", [MAX_DEPTH + 10, 10_000, 200_000])
def test_deep_flow_nesting(opener: str, levels: int) -> None:
    closer = "]" if opener == "[" else "}"
    text = "kind: persona\nname: A\nextra:\n  x: " + opener * levels + closer * levels + "\n"
    result = load_texts({"deep.yml": text})
    line = only(result)
    assert line.startswith("deep.yml:4:")
    assert f"error[CJM004]: this document is too large: it is nested more than {MAX_DEPTH}" in line


@pytest.mark.parametrize("levels", [MAX_DEPTH + 10, 200_000])
def test_deep_block_nesting(levels: int) -> None:
    text = "kind: persona\nname: A\nextra:\n  x:\n    " + "- " * levels + "v\n"
    line = only(load_texts({"deep.yml": text}))
    assert line.startswith("deep.yml:5:")
    assert "error[CJM004]" in line and "nested more than" in line


def test_deep_indentation() -> None:
    body = "".join("  " * (i + 1) + f"k{i}:\n" for i in range(100)) + "  " * 101 + "v\n"
    line = only(load_texts({"deep.yml": "kind: persona\nname: A\nextra:\n" + body}))
    assert line.startswith("deep.yml:")
    assert "error[CJM004]" in line and f"nested more than {MAX_DEPTH} levels deep" in line


def test_nesting_just_inside_the_limit_is_read() -> None:
    # The root map, `extra`, `x` and 61 lists: 64 levels below the root.
    text = "kind: persona\nname: A\nextra:\n  x:\n    " + "- " * 61 + "v\n"
    result = load_texts({"ok.yml": text})
    assert [d.code for d in result.diagnostics] == ["CJM101"]
    deepest = result.catalogue.personas["ok"].extra["x"]
    for _ in range(61):
        deepest = deepest[0]
    assert deepest == "v"


def test_deeply_nested_file_does_not_crash_the_process() -> None:
    # libyaml's composer recurses in C: without the depth check a file like this one
    # overflows the stack and kills the interpreter (SIGSEGV), which no except can catch.
    script = (
        "from mkdocs_cjm_plugin.core.pipeline import load_texts\n"
        "text = 'kind: persona\\nname: A\\nextra:\\n  x: ' + '[' * 1_000_000 + ']' * 1_000_000\n"
        "print([d.code for d in load_texts({'deep.yml': text}).diagnostics])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['CJM004']"


def test_file_over_the_size_limit() -> None:
    text = "kind: persona\nname: A\n" + "# padding\n" * (MAX_FILE_BYTES // 10)
    size = len(text.encode())
    assert size > MAX_FILE_BYTES
    line = only(load_texts({"big.yml": text}))
    assert line == (
        f"big.yml:1:1: error[CJM004]: file is {size:,} bytes, more than the limit of "
        f"{MAX_FILE_BYTES:,}; split it into several files"
    )


def test_file_at_the_size_limit_is_read() -> None:
    head = "kind: persona\nname: A\n"
    text = head + "#" * (MAX_FILE_BYTES - len(head) - 1) + "\n"
    assert len(text.encode()) == MAX_FILE_BYTES
    assert [d.code for d in load_texts({"big.yml": text}).diagnostics] == ["CJM101"]


def test_duplicate_keys() -> None:
    text = "kind: persona\nname: Anna\nrole: Einkauf\nname: Anne\n"
    result = load_texts({"anna.yml": text})
    assert [d.format() for d in result.errors] == [
        "anna.yml:4:1: error[CJM005]: key 'name' appears twice in this map; the second one "
        "would win silently, so remove or rename one of them",
    ]


def test_duplicate_keys_in_nested_maps_and_quoted_forms() -> None:
    text = textwrap.dedent("""\
        kind: persona
        name: Anna
        demographics:
          Alter: 44
          "Alter": 45
        extra:
          a: 1
          'a': 2
    """)
    result = load_texts({"anna.yml": text})
    assert [d.format()[:30] for d in result.errors] == [
        "anna.yml:5:3: error[CJM005]: k",
        "anna.yml:8:3: error[CJM005]: k",
    ]


def test_merge_keys_work() -> None:
    text = textwrap.dedent("""\
        kind: journey
        id: kauf
        title: Kauf
        persona: anna
        updated: 2026-01-01
        phases:
          - name: Suche
            steps:
              - &base
                name: Sucht
                channel: Website
                emotion: 2
                evidence: research
              - <<: *base
                name: Vergleicht
                emotion: 4
              - <<: [*base]
                name: Ruft an
                channel: Telefon
    """)
    result = load_texts({"kauf.yml": text, "anna.yml": "kind: persona\nname: Anna\n"})
    assert result.errors == [], [d.format() for d in result.errors]
    steps = result.catalogue.journeys["kauf"].phases[0].steps
    assert [(s.name, s.channel, s.emotion, s.evidence) for s in steps] == [
        ("Sucht", "Website", 2, "research"),
        ("Vergleicht", "Website", 4, "research"),
        ("Ruft an", "Telefon", 2, "research"),
    ]


def test_merge_of_a_non_map() -> None:
    result = load_texts({"p.yml": "kind: persona\nname: A\n<<: [1]\n"})
    assert [d.format()[:29] for d in result.errors] == ["p.yml:3:6: error[CJM014]: `<<"]


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("kind: persona\nname: A\n- b\n", "p.yml:3:1"),
        ("kind: persona\n: A\n", "p.yml:2:1"),
        ("kind: persona\nname: A\n...\nx\n", "p.yml:4:1"),
    ],
)
def test_syntax_error_nobody_recognises_is_said_in_plain_words(text: str, prefix: str) -> None:
    line = only(load_texts({"p.yml": text}))
    row = prefix.split(":")[1]
    assert line.startswith(f"{prefix}: error[CJM002]: YAML cannot read line {row} from "), line
    assert line.endswith(
        "; check the indentation, that every `key:` is followed by a space, and that text "
        "containing `: ` or starting with a special character is in quotes"
    ), line


@pytest.mark.parametrize(
    ("text", "prefix", "words"),
    [
        ("kind: persona\nname: A\x07\n", "p.yml:2:8", ("character 0x07 is not allowed",)),
        ("kind: persona\nname: Ä\x07\n", "p.yml:2:8", ("character 0x07",)),
    ],
)
def test_control_character_position(text: str, prefix: str, words: tuple[str, ...]) -> None:
    line = only(load_texts({"p.yml": text}))
    assert line.startswith(prefix + ": error[CJM002]: "), line
    assert "\n" not in line
    for word in words:
        assert word in line, line


def test_syntax_error_in_a_later_document_keeps_the_earlier_ones() -> None:
    text = "kind: persona\nid: anna\nname: Anna\n---\nkind: persona\nid: bob\nname: [Bob\n"
    result = load_texts({"p.yml": text})
    assert [d.format()[:25] for d in result.errors] == ["p.yml:7:7: error[CJM046]:"]
    assert list(result.catalogue.personas) == ["anna"]


def test_python_tags_are_refused_not_executed() -> None:
    text = "kind: persona\nname: !!python/object/apply:os.system ['echo pwned']\n"
    assert [d.format() for d in load_texts({"p.yml": text}).diagnostics] == [
        "p.yml:2:7: error[CJM049]: `!!python/object/apply:os.system` is not supported in "
        "journey files: it is a Python type, which journey files never use; remove it",
    ]
    text = "kind: persona\nname: A\nrole: !!python/name:os.system x\n"
    assert [d.format() for d in load_texts({"p.yml": text}).diagnostics] == [
        "p.yml:3:7: error[CJM049]: `!!python/name:os.system` is not supported in "
        "journey files: it is a Python type, which journey files never use; remove it",
    ]


def peak_of(run: Callable[[], LoadResult]) -> tuple[LoadResult, int]:
    tracemalloc.start()
    try:
        result = run()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak


def test_file_of_repeated_keys_stops_early_and_small() -> None:
    # 4 MB of one key, again and again: every key counts, a dropped duplicate too, and
    # the file is refused while it is parsed, before YAML builds a node per line.
    text = "kind: persona\nname: A\n" + "Ort: Köln\n" * 380_000
    assert MAX_FILE_BYTES - 100_000 < len(text.encode()) <= MAX_FILE_BYTES
    result, peak = peak_of(lambda: load_texts({"p.yml": text}))
    assert [d.format() for d in result.diagnostics] == [
        f"p.yml:25000:6: error[CJM004]: this file is too large: it has more than {MAX_NODES:,} "
        "keys and values; split it into several files"
    ]
    assert peak < 64 * 1024 * 1024, f"peak {peak:,} bytes"


def test_flow_list_of_tiny_values_stops_early_and_small() -> None:
    text = "kind: persona\nname: A\nextra:\n  x: [" + "a," * 1_500_000 + "a]\n"
    result, peak = peak_of(lambda: load_texts({"p.yml": text}))
    assert [d.code for d in result.diagnostics] == ["CJM004"]
    assert "this file is too large: it has more than" in result.diagnostics[0].message
    assert peak < 64 * 1024 * 1024, f"peak {peak:,} bytes"


def test_duplicate_keys_count_as_aliases_repeat_them() -> None:
    # Too few characters for the pre-check: the reader's own count stops it, and the
    # thousands of duplicates it found on the way are not listed before the real problem.
    pairs = ", ".join(["k: 1"] * 200)
    aliases = ", ".join(["*a"] * 300)
    text = f"kind: persona\nname: A\nextra:\n  a: &a {{{pairs}}}\n  b: [{aliases}]\n"
    result = load_texts({"p.yml": text})
    assert [d.format() for d in result.diagnostics] == [
        f"p.yml:4:6: error[CJM004]: this document is too large: it expands to more than "
        f"{MAX_NODES:,} keys and values (every use of an alias counts); look for aliases (*name) "
        "that repeat each other"
    ]


def test_aliases_that_repeat_a_long_text_stop_early_and_small() -> None:
    # 10,000 uses of a text of 300,000 characters: 3 billion characters on a page, from a
    # file of 3 MB. Before this budget, reading it took all the memory there was.
    long = "Wartezeit " * 30_000
    text = f"kind: persona\nname: A\nsummary: &a {long}\npains: [{', '.join(['*a'] * 10_000)}]\n"
    result, peak = peak_of(lambda: load_texts({"p.yml": text}))
    assert [d.format() for d in result.diagnostics] == [
        f"p.yml:3:10: error[CJM004]: this document is too large: its aliases (*name) repeat "
        f"text to more than {MAX_CHARS:,} characters, more than a whole file may hold; write "
        "each text where it belongs instead of repeating it with an alias"
    ]
    assert peak < 64 * 1024 * 1024, f"peak {peak:,} bytes"


def test_a_file_of_text_near_the_size_limit_is_within_the_text_budget() -> None:
    # Without aliases a file has no more characters than bytes, also when an item that
    # lost its `- ` is read again as two items.
    first, second = "a" * 2_000_000, "b" * 2_000_000
    text = f"kind: persona\nname: A\nextra:\n  notes:\n    - text: {first}\n      text: {second}\n"
    assert len(text.encode()) <= MAX_FILE_BYTES < 2 * len(first) + len(second)
    result = load_texts({"p.yml": text})
    assert [d.code for d in result.diagnostics] == ["CJM047"]


def test_documents_of_one_file_share_the_budget() -> None:
    pairs = ", ".join(f"k{i}: 1" for i in range(600))
    doc = "kind: persona\nid: p{}\nname: A\nextra: {{" + pairs + "}}\n"
    text = "---\n".join(doc.format(i) for i in range(50))
    result = load_texts({"p.yml": text})
    assert [d.code for d in result.diagnostics] == ["CJM004"]
    assert result.catalogue.personas == {}


def test_huge_file_on_disk_is_refused_without_reading_it(tmp_path: Path) -> None:
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "anna.yml").write_text("kind: persona\nname: Anna\n", encoding="utf-8")
    huge = folder / "riesig.yml"
    with huge.open("wb") as stream:  # sparse: takes no disk space, reads as zero bytes
        stream.truncate(1024 ** 3)
    result, peak = peak_of(lambda: load_catalogue(folder, base=tmp_path))
    # The file that was not read may name the persona: no "unused" warning for it.
    assert [d.format() for d in result.diagnostics] == [
        "journeys/riesig.yml:1:1: error[CJM004]: file is 1,073,741,824 bytes, more than the "
        f"limit of {MAX_FILE_BYTES:,}; split it into several files",
    ]
    assert result.catalogue.unloaded == ["journeys/riesig.yml"]
    assert peak < 16 * 1024 * 1024, f"peak {peak:,} bytes"


@pytest.mark.parametrize(
    ("line", "code"),
    [("name:Anna\n", "CJM042"), ("a: b: c\n", "CJM043"), ('a: "x\n', "CJM045"),
     ("a: [x\n", "CJM046"), ("\ta: 1\n", "CJM040")],
)
def test_a_file_full_of_slips_is_reported_in_bounded_work(line: str, code: str) -> None:
    # Each repaired slip costs one more parse: a limited number of them, then the
    # author fixes what was shown and runs again.
    text = "kind: persona\nx:\n" + line * 20_000
    codes = [d.code for d in load_texts({"p.yml": text}).diagnostics]
    assert set(codes) == {code}
    assert len(codes) == (MAX_TAB_LINES if code == "CJM040" else MAX_ROUNDS + 1)
