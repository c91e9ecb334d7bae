"""Hostile text in every string field of a handbook: the built site shows it, never runs it.

Each field gets a unique tag (`F07`) followed by the same payload of HTML, Markdown,
attribute-list and Jinja tricks. After a real build the HTML is parsed: no script
that alerts, no event-handler attribute, no `javascript:`/`data:` URL; the payload is
visible as text on the page that shows the field, and `{{ 7*7 }}` is not 49.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from sitekit import Doc, Node, Site, build_site, parse_file, write_project

from mkdocs_cjm_plugin.site.markup import message_html

PAYLOAD = (
    "</title><script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) "
    '"><svg onload=alert(1)> {{ 7*7 }} {% raw %} {: onclick="alert(1)" }'
)
# What a reader sees of the payload in a field that accepts inline Markdown: the
# `javascript:` link is dropped, its text stays.
PAYLOAD_MD = PAYLOAD.replace("[click](javascript:alert(1))", "click")

_counter = itertools.count(1)
# (page kind, page id, expected visible text) for every hostile field.
EXPECTED: list[tuple[str, str, str]] = []


def _h(kind: str, ident: str, md: bool = False) -> str:
    """A hostile value for a field shown on the page (kind, ident)."""
    tag = f"F{next(_counter):02d}"
    EXPECTED.append((kind, ident, f"{tag} {PAYLOAD_MD if md else PAYLOAD}"))
    return f"{tag} {PAYLOAD}"


def _persona(ident: str) -> dict[str, Any]:
    def h(md: bool = False) -> str:
        return _h("persona", ident, md)

    return {
        "kind": "persona",
        "id": ident,
        "name": h(),
        "role": h(),
        "quote": h(),
        "summary": h(True),
        "segment": h(),
        "demographics": {h(): h()},
        "career": h(True),
        "goals": [h(True)],
        "pains": [h(True)],
        "gains": [h(True)],
        "channels": [h()],
        "tags": [h()],
        "extra": {h(): h()},
    }


def _stakeholder(ident: str, to: str) -> dict[str, Any]:
    def h(md: bool = False) -> str:
        return _h("stakeholders", "", md)

    return {
        "kind": "stakeholder",
        "id": ident,
        "name": h(),
        "description": h(True),
        "relations": [{"to": to, "label": h()}, {"to": "customer", "label": h()}],
        "tags": [h()],
        "extra": {h(): h()},
    }


def _journey(ident: str, persona: str) -> dict[str, Any]:
    def h(md: bool = False) -> str:
        return _h("journey", ident, md)

    def kpi() -> dict[str, Any]:
        return {"name": h(), "target": 5, "actual": 3, "unit": h(), "source": h()}

    def opportunity() -> dict[str, Any]:
        return {"title": h(), "description": h(True), "owner": "sh-a", "due": "2026-12-01"}

    def step() -> dict[str, Any]:
        return {
            "name": h(),
            "action": h(True),
            "touchpoint": h(),
            "channel": h(),
            "thoughts": [h(True)],
            "emotion": 2,
            "pains": [h(True)],
            "gains": [h(True)],
            "moment_of_truth": h(True),
            "owner": "sh-b",
            "systems": [h()],
            "kpis": [kpi()],
            "opportunities": [opportunity()],
            "extra": {h(): h()},
        }

    return {
        "kind": "journey",
        "id": ident,
        "title": h(),
        "persona": persona,
        "owner": "sh-a",
        "summary": h(True),
        "scenario": h(True),
        "expectation": h(True),
        "tags": [h()],
        "updated": "2026-11-01",
        "extra": {h(): h()},
        "phases": [
            {
                "name": h(),
                "description": h(True),
                "customer_goals": [h(True)],
                "company_goals": [h(True)],
                "backstage": [h(True)],
                "responsible": ["sh-a"],
                "systems": [h()],
                "kpis": [kpi()],
                "opportunities": [opportunity()],
                "extra": {h(): h()},
                "steps": [step(), step()],
            },
            {"name": h(), "steps": [step()]},
        ],
    }


PERSONAS = [_persona("evil")]
STAKEHOLDERS = [_stakeholder("sh-a", "sh-b"), _stakeholder("sh-b", "evil")]
JOURNEYS = [_journey("boese", "evil")]

EMBED = """\
# Eingebettet

<!-- cjm:curve boese -->

<!-- cjm:table boese -->

<!-- cjm:map boese -->
"""


@pytest.fixture(scope="module", params=["mkdocs", "material"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        built = write_project(
            tmp_path_factory.mktemp(f"evil-{request.param}"),
            theme=request.param,
            prefix="handbook",
            language="de",
            personas=PERSONAS,
            stakeholders=STAKEHOLDERS,
            journeys=JOURNEYS,
            docs={"embed.md": EMBED},
        )
        build_site(built.root)
    return built


def _pages(site: Site) -> list[Path]:
    return [*site.generated_html(), site.out("embed.md"), site.out("index.md")]


def _where(doc: Doc, node: Node) -> str:
    return f"{doc.path.name}: <{node.tag} {node.attrs}>"


def test_the_hostile_handbook_builds_every_page(site: Site) -> None:
    for src in site.generated_src():
        assert site.out(src).is_file(), src
    assert len(EXPECTED) > 80


def test_no_script_runs(site: Site) -> None:
    for path in _pages(site):
        doc = parse_file(path)
        for node in doc.root.find_all("script"):
            assert "alert" not in node.text(), _where(doc, node)
            assert node.attrs.get("src") != "x", _where(doc, node)


def test_no_event_handler_attributes(site: Site) -> None:
    for path in _pages(site):
        doc = parse_file(path)
        for node in doc.root.iter():
            handlers = [name for name in node.attrs if name.lower().startswith("on")]
            assert not handlers, _where(doc, node)


def test_no_script_urls(site: Site) -> None:
    for path in _pages(site):
        doc = parse_file(path)
        for node in doc.root.iter():
            for name in ("href", "src", "xlink:href", "action", "formaction"):
                value = "".join(node.attrs.get(name, "").split()).lower()
                assert not value.startswith(("javascript:", "data:text", "vbscript:")), _where(
                    doc, node
                )


def test_no_injected_elements(site: Site) -> None:
    for path in _pages(site):
        doc = parse_file(path)
        for node in doc.root.find_all("img"):
            assert node.attrs.get("src") != "x", _where(doc, node)
        for node in doc.main().find_all("svg"):
            assert "onload" not in node.attrs, _where(doc, node)


def _page_for(site: Site, kind: str, ident: str) -> Path:
    if kind == "persona":
        return site.out(site.persona_src(ident))
    if kind == "journey":
        return site.out(site.journey_src(ident))
    return site.out(site.stakeholders_src)


def test_every_hostile_value_is_shown_as_text_on_its_page(site: Site) -> None:
    missing = []
    for kind, ident, expected in EXPECTED:
        doc = parse_file(_page_for(site, kind, ident))
        if expected not in doc.text():
            missing.append(f"{kind} {ident}: {expected[:4]}")
    assert not missing, f"not shown verbatim: {missing}"


def test_the_markup_is_escaped_in_the_source(site: Site) -> None:
    for path in _pages(site)[:-1]:  # not the home page, which shows no field
        source = path.read_text(encoding="utf-8")
        assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in source, path
        assert "<script>alert(1)" not in source, path
        assert "{{ 7*7 }}" in source, path
        assert "onerror=alert(1)>" not in source.replace("&gt;", ""), path


def test_jinja_in_values_is_not_evaluated(site: Site) -> None:
    for path in _pages(site)[:-1]:
        text = parse_file(path).text()
        assert "{{ 7*7 }} {% raw %}" in text, path
        assert " 49 {% raw %}" not in text, path


def test_titles_and_nav_show_the_name_as_text(site: Site) -> None:
    """Themes print page titles as HTML (Material even unescapes them in <title>)."""
    name = next(text for kind, _, text in EXPECTED if kind == "persona")
    doc = site.page(site.persona_src("evil"))
    titles = doc.root.find_all("title")
    assert titles[0].text() == f"{name} - Testhandbuch"
    assert titles[0].parent is not None and titles[0].parent.tag == "head"
    h1 = doc.main().find_all("h1")
    assert len(h1) == 1 and " ".join(h1[0].text().split()) == name
    home = site.page("index.md")
    nav = [a for a in home.root.find_all("a") if a.text().strip().startswith("F01 ")]
    assert nav and all(" ".join(a.text().split()) == name for a in nav)
    assert not [n for n in home.root.iter() if n.tag == "script" and "alert" in n.text()]


# --------------------------------------------------------------------------- invisible characters

# Written as YAML escapes in double quotes: the reader allows them there.
CONTROLS = '"Kauf\\e[31m rot\\0 \\x07 \\u202Egnalre\\u2066x\\u2069 \\u200Fשלום"'


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_control_and_override_characters_never_reach_a_page(tmp_path: Path, theme: str) -> None:
    site = write_project(tmp_path, theme=theme, plugin={"strict": False})
    journey = site.root / "journeys" / "journeys" / f"{site.journeys[0]['id']}.yml"
    text = journey.read_text(encoding="utf-8")
    journey.write_text(
        "\n".join(
            f"title: {CONTROLS}" if line.startswith("title:") else line
            for line in text.split("\n")
        ),
        encoding="utf-8",
    )
    # An unreadable file whose name carries a right-to-left override.
    (site.root / "journeys" / "rtl\u202etxt.yml").write_text("kind: journey\ntitle: A: b\n")
    build_site(site.root)
    pages = sorted(site.site_dir.rglob("*.html"))
    assert pages
    for page in pages:
        source = page.read_text(encoding="utf-8")
        bad = sorted({hex(ord(c)) for c in source if c in "\x00\x07\x1b\u202e\u2066\u2069"})
        assert not bad, (page, bad)
    shown = site.page(site.journey_src(site.journeys[0]["id"])).main().text()
    assert "Kauf[31m rot" in shown and "gnalre" in shown
    assert "\u200fשלום" in shown  # a direction mark, which right-to-left text needs, stays


def test_a_message_on_a_page_shows_its_code_spans_as_code_and_stays_escaped() -> None:
    html = message_html('put the text in quotes: `title: "A: b"`; found `<script>` & `: `')
    assert html == (
        "put the text in quotes: <code>title: &#34;A: b&#34;</code>; found "
        "<code>&lt;script&gt;</code> &amp; <code>: </code>"
    )
    assert message_html("no code here <b>") == "no code here &lt;b&gt;"
