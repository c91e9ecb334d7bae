"""Property tests: whatever bytes or documents arrive, loading never raises and every
diagnostic it returns is well-formed (a known code, the path as given, line and column
from 1)."""

from __future__ import annotations

import copy
import datetime as dt
import math
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_cjm_plugin.core.diagnostics import CODES, Diagnostic, Severity
from mkdocs_cjm_plugin.core.load import LoadResult
from mkdocs_cjm_plugin.core.model import Persona, SiteOptions
from mkdocs_cjm_plugin.core.pipeline import load_texts

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
OPTIONS = SiteOptions(today=dt.date(2026, 1, 15))

PERSONA: dict[str, Any] = {
    "kind": "persona",
    "id": "anna",
    "name": "Anna Berger",
    "role": "Einkaufsleiterin",
    "photo": "img/anna.jpg",
    "demographics": {"Alter": 44, "Wohnort": "Heilbronn"},
    "goals": ["Planbare Kosten"],
    "pains": "Lange Warteschleifen",
    "extra": {"Datenbasis": "12 Interviews"},
}

STAKEHOLDER: dict[str, Any] = {
    "kind": "stakeholder",
    "id": "kundenservice",
    "name": "Kundenservice",
    "type": "internal",
    "importance": "essential",
    "relations": [{"to": "customer", "label": "Beratung", "kind": "informal"}],
}

JOURNEY: dict[str, Any] = {
    "kind": "journey",
    "id": "kauf",
    "title": "Kauf",
    "persona": "anna",
    "state": "current",
    "owner": "kundenservice",
    "stakeholders": ["kundenservice"],
    "updated": "2026-01-01",
    "tags": ["B2B"],
    "phases": [
        {
            "name": "Suche",
            "customer_goals": ["Überblick"],
            "responsible": ["kundenservice"],
            "kpis": [{"name": "Anfragen", "target": 60, "actual": 41, "unit": "pro Monat"}],
            "steps": [
                {
                    "name": "Sucht",
                    "channel": "Website",
                    "touchpoint": "FAQ",
                    "emotion": 2,
                    "pains": ["Preise fehlen"],
                    "moment_of_truth": True,
                    "evidence": "research",
                    "owner": "kundenservice",
                    "opportunities": [
                        {"title": "Preise zeigen", "due": "2026-03-31", "status": "planned",
                         "owner": "kundenservice", "impact": "high"},
                    ],
                },
            ],
        },
        {"name": "Kauf", "emotion": 4},
    ],
}

PATHS = ("personas/anna.yml", "stakeholders.yml", "journeys/kauf.yml")


def check_result(result: LoadResult, paths: set[str]) -> None:
    assert isinstance(result, LoadResult)
    for d in result.diagnostics:
        assert isinstance(d, Diagnostic)
        assert d.code in CODES, d
        assert d.path in paths, d
        assert isinstance(d.line, int) and d.line >= 1, d
        assert isinstance(d.col, int) and d.col >= 1, d
        assert isinstance(d.message, str) and d.message, d
        assert isinstance(d.severity, Severity)
        line = d.format()
        assert line.startswith(f"{d.path}:{d.line}:{d.col}: {d.severity.value}[{d.code}]: ")
        assert "\n" not in d.github()
    # Everything the catalogue holds is valid and was loaded from the given files.
    cat = result.catalogue
    for kind, table in (("persona", cat.personas), ("stakeholder", cat.stakeholders),
                        ("journey", cat.journeys)):
        for ident, entity in table.items():
            assert entity.id == ident
            assert cat.source(kind, ident).path in paths
    assert set(cat.files) <= paths


def load_and_check(files: dict[str, str | bytes], options: SiteOptions = OPTIONS) -> LoadResult:
    result = load_texts(files, options)
    check_result(result, set(files))
    return result


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_the_seed_documents_are_valid() -> None:
    texts = map(dump, (PERSONA, STAKEHOLDER, JOURNEY))
    result = load_and_check(dict(zip(PATHS, texts, strict=True)))
    assert result.errors == []


# --------------------------------------------------------------------------- random text

YAML_BITS = st.sampled_from([
    "kind: ", "persona", "journey", "stakeholder", "id: ", "name: ", "phases:", "steps:",
    "\n", "\n  ", "\n    ", "- ", ": ", "---\n", "...\n", "[", "]", "{", "}", ", ", "&a ", "*a",
    "<<: ", "!!str ", "!!python/object:os.system ", "!ENV ", "'", '"', "#", "|\n  ", ">-\n  ",
    "? ", "emotion: ", "2026-02-30", "yes", "~", "null", ".inf", "1e999", "0x1F", "\t", "\r\n",
    "\ufeff", "\x00", "\x85", "ü", "😀",
])


@SETTINGS
@given(st.lists(st.one_of(YAML_BITS, st.text(max_size=8)), max_size=60))
def test_random_yamlish_text_never_raises(parts: list[str]) -> None:
    text = "".join(parts)
    load_and_check({"a.yml": text, "b/c.yaml": "kind: persona\n" + text})


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(raw: bytes) -> None:
    load_and_check({"a.yml": raw, "b.yml": b"\xef\xbb\xbf" + raw})


# --------------------------------------------------------------------------- mutated documents

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=10),
    st.sampled_from(["", " ", "yes", "soll", "Anna_Berger", "kundenservice", "anna", "kauf",
                     "2026-02-30", "2026-01-01", "../../etc/passwd", "https://x.org/a.png",
                     "javascript:alert(1)", "customer", "current", "target", "-1", "1e400"]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=10), inner, max_size=4),
    ),
    max_leaves=12,
)
KEYS = st.one_of(
    st.sampled_from(["kind", "id", "name", "title", "persona", "personas", "phases", "steps",
                     "emotion", "emotions", "owner", "compares_to", "state", "extra", "kpis",
                     "opportunities", "relations", "to", "due", "updated", "photo", "online",
                     "responsible", "stakeholders", "target", "actual", "higher_is_better"]),
    st.text(max_size=12),
)


def _containers(node: Any, out: list[Any]) -> list[Any]:
    if isinstance(node, (dict, list)):
        out.append(node)
        for child in node.values() if isinstance(node, dict) else node:
            _containers(child, out)
    return out


@st.composite
def mutated(draw: st.DrawFn, seed: dict[str, Any]) -> Any:
    doc = copy.deepcopy(seed)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        targets = _containers(doc, [])
        if not targets:
            break
        target = draw(st.sampled_from(targets))
        action = draw(st.sampled_from(["delete", "set", "insert", "wrap", "dup"]))
        if isinstance(target, dict):
            if action == "delete" and target:
                del target[draw(st.sampled_from(sorted(target)))]
            elif action in ("set", "wrap") and target:
                key = draw(st.sampled_from(sorted(target)))
                value = draw(VALUES)
                target[key] = [value, target[key]] if action == "wrap" else value
            else:
                target[draw(KEYS)] = draw(VALUES)
        elif isinstance(target, list):
            if action == "delete" and target:
                target.pop(draw(st.integers(min_value=0, max_value=len(target) - 1)))
            elif action == "dup" and target:
                target.append(copy.deepcopy(target[0]))
            elif action == "set" and target:
                target[draw(st.integers(min_value=0, max_value=len(target) - 1))] = draw(VALUES)
            else:
                target.append(draw(VALUES))
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        return draw(VALUES)  # sometimes not a map at all
    return doc


@SETTINGS
@given(
    persona=mutated(PERSONA),
    stakeholder=mutated(STAKEHOLDER),
    journey=mutated(JOURNEY),
    scale=st.sampled_from([(1, 5), (-2, 2), (0, 10)]),
    phase_model=st.booleans(),
)
def test_mutated_documents_never_raise(
    persona: Any, stakeholder: Any, journey: Any, scale: tuple[int, int], phase_model: bool
) -> None:
    options = SiteOptions(
        today=dt.date(2026, 1, 15),
        emotion_scale={"min": scale[0], "max": scale[1]},
        phase_model=[{"id": "suche", "name": "Suche"}] if phase_model else None,
    )
    files: dict[str, str | bytes] = {
        "personas/anna.yml": dump(persona),
        "stakeholders.yml": dump(stakeholder),
        "journeys/kauf.yml": dump(journey),
    }
    load_and_check(files, options)


@SETTINGS
@given(docs=st.lists(st.one_of(mutated(PERSONA), mutated(STAKEHOLDER), mutated(JOURNEY)),
                     min_size=1, max_size=4))
def test_several_mutated_documents_in_one_file(docs: list[Any]) -> None:
    text = yaml.safe_dump_all(docs, allow_unicode=True, sort_keys=False)
    load_and_check({"all.yml": text, "again.yml": text})


@SETTINGS
@given(journey=mutated(JOURNEY), cut=st.integers(min_value=0, max_value=4000),
       junk=st.text(max_size=5))
def test_truncated_and_spliced_text(journey: Any, cut: int, junk: str) -> None:
    text = dump(journey)
    cut = min(cut, len(text))
    load_and_check({"kauf.yml": text[:cut] + junk + text[cut:][len(junk):]})
    load_and_check({"kauf.yml": text[:cut]})


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40), SCALARS)
def test_unicode_keys_and_values_in_extra_and_demographics(key: str, value: Any) -> None:
    persona = {**PERSONA, "extra": {key: value}, "demographics": {key: value}, key: value}
    result = load_and_check({"anna.yml": dump(persona)})
    if key not in Persona.model_fields and result.catalogue.personas:
        raise AssertionError(f"unknown key {key!r} was accepted")


# --------------------------------------------------------------------------- numbers as written

NUMBERISH = st.from_regex(
    r"\A(?:[-+]?[0-9]{1,25}(?:\.[0-9]{0,6}|[:_][0-9]{1,6}){0,2}(?:[eE][-+]?[0-9]{1,3})?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|0x[0-9a-fA-F]{1,8}|0o[0-7]{1,8}"
    r"|0b[01]{1,8})\Z"
)


@SETTINGS
@given(NUMBERISH)
def test_plain_numbers_in_text_fields_are_kept_as_written(text: str) -> None:
    # Whatever YAML reads as a number (or, in YAML 1.1, as base 60 or octal), a text
    # field and the free maps show exactly what was written.
    persona = (
        f"kind: persona\nname: {text}\nquote: {text}\ntags: [{text}]\n"
        f"demographics:\n  x: {text}\nextra:\n  y: [{text}]\n"
    )
    result = load_and_check({"p.yml": persona})
    assert result.errors == [], result.errors
    p = result.catalogue.personas["p"]
    assert (p.name, p.quote, p.tags) == (text, text, [text])
    assert p.demographics == {"x": text} and p.extra == {"y": [text]}


@SETTINGS
@given(NUMBERISH)
def test_emotions_are_finite_numbers_or_errors(text: str) -> None:
    journey = dump({**JOURNEY, "phases": [{"name": "Suche", "emotion": 3}]})
    journey = journey.replace("emotion: 3", f"emotion: {text}")
    result = load_and_check({"kauf.yml": journey}, SiteOptions(
        today=dt.date(2026, 1, 15), emotion_scale={"min": -1e12, "max": 1e12}
    ))
    emotion_errors = [d for d in result.errors if d.code == "CJM014"]
    if result.catalogue.journeys:
        score = result.catalogue.journeys["kauf"].phases[0].emotion
        assert type(score) is float and math.isfinite(score)
    else:
        assert len(emotion_errors) == 1
        assert len(emotion_errors[0].message) < 200, emotion_errors[0].message


@SETTINGS
@given(
    good=st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r\x85\u2028\u2029"),
                 max_size=40),
    bad=st.sampled_from([b"\xe4", b"\xff", b"\xc3", b"\x80"]),
)
def test_not_utf8_column_counts_characters(good: str, bad: bytes) -> None:
    raw = good.encode("utf-8") + bad + b"x"
    result = load_and_check({"a.yml": raw})
    (d,) = result.diagnostics
    assert d.code == "CJM001"
    assert (d.line, d.col) == (good.count("\n") + 1, len(good.split("\n")[-1]) + 1)
