"""Property tests across `cjm check` and the build: arbitrary file names, YAML tags and
numbers never crash either, never reach a page unescaped, and both agree on what is valid.

The red-team classes each have their own example tests; these look for what those
examples did not think of.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import MkDocsException
from sitekit import build_site, parse_file, write_project

from mkdocs_cjm_plugin.cli.main import main
from mkdocs_cjm_plugin.core.diagnostics import CODES
from mkdocs_cjm_plugin.core.model import SiteOptions
from mkdocs_cjm_plugin.core.pipeline import load_catalogue

FAST = settings(
    max_examples=150, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
BUILDS = settings(
    max_examples=12, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
LINE = re.compile(r"^(?P<path>.+):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): "
                  r"(?P<sev>error|warning|note)\[(?P<code>CJM\d{3})\]: \S")

# File names as people and attackers write them: quotes, markup, URL syntax, spaces,
# accents, right-to-left marks, line breaks. Only `/` and NUL cannot be in a name.
HOSTILE = "\"'<>&#?%;:=()[]{}`$\\ \t\n.-_~!*+,@^|"
NAME_ALPHABET = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from("aäßzé漢\u202e\u200f\u2028"),
    st.characters(codec="utf-8", exclude_characters="/\x00", exclude_categories=("Cs",)),
)
FILE_STEMS = st.text(NAME_ALPHABET, min_size=1, max_size=30).filter(
    lambda s: s not in (".", "..") and len(s.encode()) < 200
)

TAGS = [
    "!!timestamp", "!!bool", "!!int", "!!float", "!!binary", "!!str", "!!null", "!!set",
    "!!omap", "!!pairs", "!!seq", "!!map", "!custom", "!", "!<tag:yaml.org,2002:int>",
    "!!python/object/apply:os.system", "!!python/name:os.system", "!ENV",
]
TAG_VALUES = st.one_of(
    st.sampled_from(["", "x", "3", "2026-02-30", "yes", "[1, 2]", "{a: 1}", "'q'", "AAAA",
                     "1e308", "-.inf", "[ls]", "==", "2026-01-01T25:00:00"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
)
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**400), max_value=10**400).map(str),
    st.sampled_from(["1e308", "-1e308", "5e-324", "-5e-324", "1.7976931348623157e308",
                     "1e400", ".inf", "-.inf", ".nan", "0x7fffffff", "0o17", "1_000", "3,5"]),
)


def _journey(emotion: str, tagged: str, kpi: str) -> str:
    return (
        "kind: journey\ntitle: Kauf\npersona: anna\nupdated: 2026-01-01\n"
        "phases:\n  - name: Suche\n    steps:\n"
        f"      - name: {tagged}\n        channel: Website\n        emotion: {emotion}\n"
        f"        kpis:\n          - name: NPS\n            target: {kpi}\n            actual: 1\n"
    )


def _check_lines(out: str) -> list[re.Match[str]]:
    lines = [line for line in out.splitlines() if line.strip()]
    # The last line is the summary; every line before it is one diagnostic.
    matches = [LINE.match(line) for line in lines[:-1]]
    assert all(matches), lines
    return [m for m in matches if m]


@FAST
@given(stem=FILE_STEMS, tag=st.sampled_from(TAGS), value=TAG_VALUES, emotion=NUMBERS,
       kpi=NUMBERS, suffix=st.sampled_from([".yml", ".yaml", ".YML"]))
def test_loading_never_raises(
    stem: str, tag: str, value: str, emotion: str, kpi: str, suffix: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "journeys"
        source.mkdir()
        (source / "anna.yml").write_text("kind: persona\nname: Anna\n", encoding="utf-8")
        name = stem + suffix
        (source / name).write_text(_journey(emotion, f"{tag} {value}", kpi), encoding="utf-8")
        result = load_catalogue(source, SiteOptions(today=dt.date(2026, 1, 15)), base=Path(tmp))
        for diag in result.diagnostics:
            assert diag.code in CODES
            assert diag.line >= 1 and diag.col >= 1
            assert not Path(diag.path).is_absolute(), diag.path
            assert diag.path.startswith("journeys/"), diag.path
            assert "Traceback" not in diag.message


def _build(root: Path, *, strict: bool) -> str | None:
    """None when the build succeeded, else the message it stopped with."""
    try:
        build_site(root, strict=strict)
    except MkDocsException as exc:  # a clean stop, as the `mkdocs` command prints it
        return str(exc)
    return None


@BUILDS
@given(stem=FILE_STEMS, tag=st.sampled_from(TAGS), value=TAG_VALUES, emotion=NUMBERS,
       kpi=NUMBERS, scale=st.one_of(st.none(), st.tuples(NUMBERS, NUMBERS)))
def test_check_and_build_agree_and_pages_stay_safe(
    stem: str, tag: str, value: str, emotion: str, kpi: str, scale: tuple[str, str] | None
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        site = write_project(root, theme="mkdocs", journeys=[])
        if scale is not None:  # written as YAML text: `1e400` must reach the reader as such
            config = root / "mkdocs.yml"
            text = config.read_text(encoding="utf-8")
            head, rest = text.split("- cjm:\n", 1)
            indent = rest[: len(rest) - len(rest.lstrip(" "))]
            scale_line = f"{indent}emotion_scale: {{min: {scale[0]}, max: {scale[1]}}}\n"
            config.write_text(head + "- cjm:\n" + scale_line + rest, encoding="utf-8")
        journey_file = root / "journeys" / "journeys" / (stem + ".yml")
        journey_file.write_text(_journey(emotion, f"{tag} {value}", kpi), encoding="utf-8")

        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            status = main(["check", "--config", str(root / "mkdocs.yml"), "--strict"])
        assert status in (0, 1, 2), status
        assert "Traceback" not in out.getvalue() + err.getvalue()
        if status != 2:
            _check_lines(out.getvalue())

        strict_failure = _build(root, strict=True)
        # `cjm check --strict` and `mkdocs build --strict` agree on what is valid.
        assert (status == 0) == (strict_failure is None), (out.getvalue(), strict_failure)

        if _build(root, strict=False) is None:
            for page in sorted(site.site_dir.rglob("*.html")):
                source = page.read_text(encoding="utf-8")
                assert tmp not in source, page
                for node in parse_file(page).root.iter():
                    handlers = [a for a in node.attrs if a.lower().startswith("on")]
                    assert not handlers, (page, node.tag, node.attrs)
                    for attr in ("href", "src"):
                        url = node.attrs.get(attr, "").strip().lower()
                        assert not url.startswith(("javascript:", "data:text")), (page, url)
