"""Real MkDocs builds of a small handbook: what a reader gets in the built HTML.

Every site here is built by MkDocs itself (`load_config` + `build`), with the `cjm`
plugin found through its entry point and real Graphviz; nothing is mocked. Sites
are built once per module and shared by the tests that only read them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from sitekit import (
    EDIT_URI,
    PERSONAS,
    REPO_URL,
    STAKEHOLDERS,
    Doc,
    Node,
    Site,
    build_site,
    internal_links,
    nav_links,
    parse_file,
    resolve_link,
    write_project,
)

EMBED = """\
# Eingebettet

Die Kurve der Ist-Reise:

<!-- cjm:curve kauf-ist -->

Die Tabelle:

<!-- cjm:table kauf-soll -->

Die Landkarte:

<!-- cjm:map umzug -->

So schreibt man es:

```markdown
<!-- cjm:curve kauf-ist -->
```
"""

COMBOS = [
    pytest.param(
        {"theme": "mkdocs", "use_directory_urls": True, "prefix": "", "language": "de"},
        id="mkdocs-dirurls-noprefix-de",
    ),
    pytest.param(
        {"theme": "mkdocs", "use_directory_urls": False, "prefix": "handbook", "language": "en"},
        id="mkdocs-fileurls-handbook-en",
    ),
    # German from the theme's language only: the plugin's default.
    pytest.param(
        {
            "theme": "material",
            "use_directory_urls": True,
            "prefix": "handbook",
            "language": None,
            "theme_language": "de",
        },
        id="material-dirurls-handbook-de",
    ),
    pytest.param(
        {"theme": "material", "use_directory_urls": False, "prefix": "", "language": "en"},
        id="material-fileurls-noprefix-en",
    ),
    pytest.param(
        {"theme": "material", "use_directory_urls": False, "prefix": "handbook", "language": "de"},
        id="material-fileurls-handbook-de",
    ),
    pytest.param(
        {"theme": "mkdocs", "use_directory_urls": True, "prefix": "handbook", "language": "en"},
        id="mkdocs-dirurls-handbook-en",
    ),
]

LABELS = {
    "de": {
        "emotion_curve": "Emotionskurve",
        "phase_details": "Phasen und Schritte",
        "section": "Handbuch",
        "updated": "21.10.2026",
        "due": "31.03.2026",
    },
    "en": {
        "emotion_curve": "Emotion curve",
        "phase_details": "Phases and steps",
        "section": "Handbook",
        "updated": "Oct 21, 2026",
        "due": "Mar 31, 2026",
    },
}


@pytest.fixture(scope="module", params=COMBOS)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    combo: dict[str, Any] = request.param
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        root = tmp_path_factory.mktemp("site")
        built = write_project(root, docs={"embed.md": EMBED}, **combo)
        # MkDocs' --strict: any warning of MkDocs or the plugin fails the build.
        build_site(root, strict=True)
    return built


# --------------------------------------------------------------------------- helpers


def _plain(md: str) -> str:
    """What inline Markdown reads like once rendered."""
    return re.sub(r"[*_`]", "", md)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _journey_texts(journey: dict[str, Any]) -> list[str]:
    """Every piece of text of a journey that its page must show."""
    out = [journey["title"]]
    for key in ("summary", "scenario", "expectation"):
        if key in journey:
            out.append(_plain(journey[key]))
    for phase in journey["phases"]:
        out.append(phase["name"])
        out += _as_list(phase.get("customer_goals"))
        out += _as_list(phase.get("systems"))
        out += [k["name"] for k in phase.get("kpis", [])]
        out += [o["title"] for o in phase.get("opportunities", [])]
        for step in phase["steps"]:
            out.append(step["name"])
            if "action" in step:
                out.append(_plain(step["action"]))
            for key in ("touchpoint", "channel"):
                if key in step:
                    out.append(step[key])
            if isinstance(step.get("moment_of_truth"), str):
                out.append(step["moment_of_truth"])
            for key in ("thoughts", "pains", "gains"):
                out += [_plain(x) for x in _as_list(step.get(key))]
            out += [o["title"] for o in step.get("opportunities", [])]
    return out


def _target(site: Site, doc: Doc, link: str) -> Path:
    return resolve_link(site.site_dir, doc.path, link)[0]


def _links_to(site: Site, doc: Doc, node: Node, src_uri: str) -> bool:
    want = site.out(src_uri)
    return any(
        _target(site, doc, a.attrs["href"]) == want
        for a in node.find_all("a")
        if internal_links_of(a)
    )


def internal_links_of(a: Node) -> list[str]:
    href = a.attrs.get("href", "")
    return [href] if href and not href.startswith(("http:", "https:", "#", "mailto:")) else []


def _nav_targets(site: Site, doc: Doc) -> set[Path]:
    return {_target(site, doc, a.attrs["href"]) for a in nav_links(doc) if internal_links_of(a)}


def _nav_text(doc: Doc) -> str:
    """Text of the navigation, section titles included (they are not links in Material)."""
    navs = [n for n in doc.root.iter() if n.tag == "nav" or n.has_class("navbar-nav")]
    return " ".join(" ".join(n.text().split()) for n in navs)


# --------------------------------------------------------------------------- content


def test_every_generated_page_is_built(site: Site) -> None:
    for src in site.generated_src():
        assert site.out(src).is_file(), f"{src} was not built to {site.out(src)}"


def test_journey_page_shows_its_phases_steps_touchpoints_pains_and_actions(site: Site) -> None:
    texts = {j["id"]: site.page(site.journey_src(j["id"])).text() for j in site.journeys}
    for journey in site.journeys:
        text = texts[journey["id"]]
        for expected in _journey_texts(journey):
            assert expected in text, f"{expected!r} missing on the page of {journey['id']}"
        for pid in _as_list(journey.get("persona")) + _as_list(journey.get("personas")):
            name = next(p["name"] for p in site.personas if p["id"] == pid)
            assert name in text
    # ... and on its own page only: steps of one journey are not on another's page.
    assert "Ruft die Hotline an" not in texts["umzug"]
    assert "Meldet den Umzug" not in texts["kauf-ist"]


def test_target_journey_links_the_journey_it_improves(site: Site) -> None:
    doc = site.page(site.journey_src("kauf-soll"))
    assert _links_to(site, doc, doc.main(), site.journey_src("kauf-ist"))
    back = site.page(site.journey_src("kauf-ist"))
    assert _links_to(site, back, back.main(), site.journey_src("kauf-soll"))


def test_persona_page_shows_the_persona_and_lists_its_journeys(site: Site) -> None:
    anna = site.page(site.persona_src("anna"))
    text = anna.text()
    for expected in (
        "Anna Beispiel",
        "Einkaufsleiterin Beispielwerk",
        "Ich will ein Angebot in fünf Minuten verstehen.",
        "Alter",
        "44",
        "Heilbronn-Süd",
        "Verlässliche Lieferanten finden",
        "Fachmessen",
        "Angebote sind unvergleichbar",
        "Gesamtkostenrechnung auf einer Seite",
        "Gold",
        "B2B-Einkauf",
        "Datenbasis",
        "Zwölf Interviews mit Einkäuferinnen",
        "Anna kauft alles ein",
    ):
        assert expected in text
    for ident in ("kauf-ist", "kauf-soll", "umzug"):
        assert _links_to(site, anna, anna.main(), site.journey_src(ident)), ident

    ben = site.page(site.persona_src("ben"))
    assert "Facility-Manager Musterhaus" in ben.text()
    assert _links_to(site, ben, ben.main(), site.journey_src("umzug"))
    assert not _links_to(site, ben, ben.main(), site.journey_src("kauf-ist"))
    # The shared journey names the other persona.
    assert "Anna Beispiel" in ben.text()


def test_journeys_index_lists_every_journey(site: Site) -> None:
    doc = site.page(site.journeys_index_src)
    for journey in site.journeys:
        assert journey["title"] in doc.text()
        assert _links_to(site, doc, doc.main(), site.journey_src(journey["id"]))


def test_personas_index_lists_every_persona(site: Site) -> None:
    doc = site.page(site.personas_index_src)
    for persona in site.personas:
        assert persona["name"] in doc.text()
        assert _links_to(site, doc, doc.main(), site.persona_src(persona["id"]))


def test_stakeholders_page_lists_every_stakeholder(site: Site) -> None:
    doc = site.page(site.stakeholders_src)
    text = doc.text()
    for sh in site.stakeholders:
        assert sh["name"] in text
        assert f"sh-{sh['id']}" in doc.ids
        for rel in sh.get("relations", []):
            assert rel["label"] in text


def test_labels_are_in_the_site_language(site: Site) -> None:
    mine = LABELS[site.language]
    other = LABELS["en" if site.language == "de" else "de"]
    text = site.page(site.journey_src("kauf-ist")).text()
    for key in ("emotion_curve", "phase_details"):
        assert mine[key] in text
        assert other[key] not in text


def test_dates_are_formatted_for_the_language(site: Site) -> None:
    doc = site.page(site.journey_src("kauf-ist"))
    times = {t.attrs["datetime"]: " ".join(t.text().split()) for t in doc.root.find_all("time")}
    assert times["2026-10-21"] == LABELS[site.language]["updated"]
    assert times["2026-03-31"] == LABELS[site.language]["due"]


# --------------------------------------------------------------------------- links


def _pages_to_check(site: Site) -> list[Path]:
    return [*site.generated_html(), site.out("embed.md"), site.out("index.md")]


def test_every_internal_link_resolves_to_a_built_file(site: Site) -> None:
    broken = []
    checked = 0
    for path in _pages_to_check(site):
        doc = parse_file(path)
        for link in internal_links(doc):
            target, fragment = resolve_link(site.site_dir, path, link)
            checked += 1
            if not target.is_file():
                broken.append(f"{path.relative_to(site.site_dir)}: {link} -> {target}")
            elif (
                fragment
                and target.suffix == ".html"
                and target != path
                and fragment not in parse_file(target).ids
            ):
                broken.append(f"{path.relative_to(site.site_dir)}: {link} (no #{fragment})")
    assert checked > 50
    assert not broken, "\n".join(broken)


def test_every_anchor_link_of_generated_content_exists_on_the_page(site: Site) -> None:
    for path in _pages_to_check(site):
        doc = parse_file(path)
        ids = doc.ids
        missing = [
            a.attrs["href"]
            for a in doc.main().find_all("a")
            if a.attrs.get("href", "").startswith("#")
            and len(a.attrs["href"]) > 1
            and a.attrs["href"][1:] not in ids
        ]
        assert not missing, f"{path}: {missing}"


def test_phase_table_step_links_point_at_step_headings(site: Site) -> None:
    for journey in site.journeys:
        doc = site.page(site.journey_src(journey["id"]))
        table = doc.main().by_class("cjm-phase-table")
        assert len(table) == 1
        steps = [
            a.attrs["href"]
            for a in table[0].find_all("a")
            if a.attrs.get("href", "").startswith("#step-")
        ]
        assert len(set(steps)) == sum(len(p["steps"]) for p in journey["phases"])
        for href in steps:
            heading = [n for n in doc.root.iter() if n.attrs.get("id") == href[1:]]
            assert heading and heading[0].tag in {"h4", "h3"}, href


# --------------------------------------------------------------------------- nav and edit


def test_nav_has_the_generated_section(site: Site) -> None:
    doc = site.page("index.md")
    targets = _nav_targets(site, doc)
    for src in site.generated_src():
        assert site.out(src) in targets, f"{src} is not in the nav"
    assert LABELS[site.language]["section"] in _nav_text(doc)


def test_edit_link_of_a_journey_page_points_at_its_yaml_file(site: Site) -> None:
    base = REPO_URL + EDIT_URI.replace("docs/", "")
    expected = {
        site.journey_src("kauf-ist"): base + "journeys/journeys/kauf-ist.yml",
        site.persona_src("ben"): base + "journeys/personas.yml",
    }
    for src, url in expected.items():
        hrefs = {a.attrs.get("href") for a in site.page(src).root.find_all("a")}
        assert url in hrefs, (src, sorted(h for h in hrefs if h and "edit" in h))


# --------------------------------------------------------------------------- directives


def test_directives_embed_curve_table_and_map(site: Site) -> None:
    doc = site.page("embed.md")
    main = doc.main()
    curve = main.by_class("cjm-embed-curve")
    table = main.by_class("cjm-embed-table")
    stakeholder_map = main.by_class("cjm-embed-map")
    assert len(curve) == len(table) == len(stakeholder_map) == 1
    assert curve[0].find_all("svg"), "no curve svg"
    assert "Kaffeemaschine kaufen (Ist)" in curve[0].text() or curve[0].find_all("title")
    assert table[0].by_class("cjm-phase-table")
    assert "Nutzt den Kostenrechner" in table[0].text()
    assert stakeholder_map[0].find_all("svg"), "no stakeholder map svg"
    assert "Spedition Hanse Logistik" in stakeholder_map[0].text()
    # Links from the embedded table reach the journey page's step headings.
    step_links = [
        a.attrs["href"] for a in table[0].find_all("a") if "#step-" in a.attrs.get("href", "")
    ]
    assert step_links
    for link in step_links:
        target, fragment = resolve_link(site.site_dir, doc.path, link)
        assert target == site.out(site.journey_src("kauf-soll")), link
        assert fragment in parse_file(target).ids


def test_directive_in_a_code_block_stays_text(site: Site) -> None:
    doc = site.page("embed.md")
    code = " ".join(c.text() for c in doc.main().find_all("code"))
    assert "<!-- cjm:curve kauf-ist -->" in code
    assert "&lt;!-- cjm:curve kauf-ist --&gt;" in doc.source


# --------------------------------------------------------------------------- the author's nav


@pytest.mark.parametrize(("theme", "prefix"), [("material", "handbook"), ("mkdocs", "")])
def test_a_nav_of_the_author_that_places_the_handbook_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theme: str, prefix: str
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    index = f"{prefix}/journeys/index.md".lstrip("/")
    nav = [
        {"Start": "index.md"},
        {"Kundenreisen": index},
        {"Beteiligte": f"{prefix}/stakeholders/index.md".lstrip("/")},
    ]
    site = write_project(tmp_path, theme=theme, prefix=prefix, language="de", nav=nav)
    build_site(site.root, strict=True)
    doc = site.page("index.md")
    text = _nav_text(doc)
    assert "Kundenreisen" in text and "Beteiligte" in text
    assert "Handbuch" not in text, "the plugin added its own section to the author's nav"
    targets = _nav_targets(site, doc)
    assert site.out(index) in targets
    for persona in site.personas:
        assert site.out(site.persona_src(persona["id"])) not in targets
    # Pages outside the author's nav are still built.
    for src in site.generated_src():
        assert site.out(src).is_file(), src


# --------------------------------------------------------------------------- many journeys


def _many_journeys(n: int) -> list[dict[str, Any]]:
    return [
        {
            "kind": "journey",
            "id": f"reise-{i:02d}",
            "title": f"Reise Nummer {i:02d}",
            "persona": "anna" if i % 2 else "ben",
            "updated": "2026-11-01",
            "phases": [
                {
                    "name": "Einzige Phase",
                    "steps": [
                        {
                            "name": f"Schritt {i:02d}",
                            "touchpoint": "Portal",
                            "channel": "Website",
                            "emotion": 1 + i % 5,
                        }
                    ],
                }
            ],
        }
        for i in range(n)
    ]


def test_a_large_handbook_lists_only_index_pages_in_the_nav(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = write_project(tmp_path, journeys=_many_journeys(60), stakeholders=[])
    build_site(site.root, strict=True)
    journey_pages = {site.out(site.journey_src(j["id"])) for j in site.journeys}
    assert all(p.is_file() for p in journey_pages)
    assert len(journey_pages) == 60

    home = site.page("index.md")
    links = {_target(site, home, link) for link in internal_links(home)}
    assert not links & journey_pages, "the nav lists journey pages of a large handbook"
    targets = _nav_targets(site, home)
    for src in (site.journeys_index_src, site.personas_index_src, site.stakeholders_src):
        assert site.out(src) in targets, src
    # The journeys index still reaches every journey.
    index = site.page(site.journeys_index_src)
    reached = {
        _target(site, index, a.attrs["href"])
        for a in index.main().find_all("a")
        if internal_links_of(a)
    }
    assert journey_pages <= reached


# --------------------------------------------------------------------------- determinism, overrides

OVERRIDE = """\
# {{ persona.name|heading }}

<p class="my-persona">EIGENE-VORLAGE für {{ persona.name }}</p>
"""


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Site, Site, Site]:
    """The same project built in two folders (each drawing its maps afresh), the first
    rebuilt from its map cache, and a copy with an overridden persona template."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        kw: dict[str, Any] = {
            "theme": "material",
            "prefix": "handbook",
            "language": "de",
            "docs": {"embed.md": EMBED},
        }
        first = write_project(tmp_path_factory.mktemp("first"), **kw)
        second = write_project(tmp_path_factory.mktemp("second"), **kw)
        custom = write_project(
            tmp_path_factory.mktemp("custom"), plugin={"custom_templates": "overrides"}, **kw
        )
        (custom.root / "overrides").mkdir()
        (custom.root / "overrides" / "persona.md.jinja").write_text(OVERRIDE, "utf-8")
        for site in (first, second, custom):
            build_site(site.root, strict=True)
        again = Site(**{**first.__dict__, "site_dir": first.root / "site-again"})
        build_site(first.root, strict=True, site_dir=again.site_dir)
    return first, second, again, custom


def _generated_bytes(site: Site) -> dict[str, bytes]:
    files = [*site.generated_html(), *(site.site_dir / "assets" / "cjm").iterdir()]
    return {p.relative_to(site.site_dir).as_posix(): p.read_bytes() for p in files}


def test_builds_are_byte_identical(twins: tuple[Site, Site, Site, Site]) -> None:
    first, second, again, _ = twins
    a, b, c = (_generated_bytes(s) for s in (first, second, again))
    assert len(a) >= 10
    assert sorted(a) == sorted(b) == sorted(c)
    for name in a:
        assert a[name] == b[name], f"{name} differs between two folders"
        assert a[name] == c[name], f"{name} differs when the maps come from the cache"
    embed = first.out("embed.md").read_bytes()
    assert embed == second.out("embed.md").read_bytes()


def test_a_custom_template_replaces_only_its_page(twins: tuple[Site, Site, Site, Site]) -> None:
    first, _, _, custom = twins
    for persona in custom.personas:
        doc = custom.page(custom.persona_src(persona["id"]))
        marker = doc.main().by_class("my-persona")
        assert marker and f"EIGENE-VORLAGE für {persona['name']}" in marker[0].text()
    plain, mine = _generated_bytes(first), _generated_bytes(custom)
    personas = {
        custom.out(custom.persona_src(p["id"])).relative_to(custom.site_dir).as_posix()
        for p in custom.personas
    }
    assert sorted(plain) == sorted(mine)
    for name in plain:
        if name in personas:
            assert b"EIGENE-VORLAGE" not in plain[name]
        else:
            assert b"EIGENE-VORLAGE" not in mine[name]
            assert plain[name] == mine[name], f"{name} changed by the persona template"


# --------------------------------------------------------------------------- the project's own site


def test_the_projects_own_site_builds_strictly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo_root: Path
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    cfg = load_config(
        config_file=str(repo_root / "mkdocs.yml"), strict=True, site_dir=str(tmp_path / "site")
    )
    build(cfg)
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "handbook" / "journeys" / "index.html").is_file()


def test_an_unfinished_handbook_builds_strictly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A persona without a journey yet and a stakeholder that only has relations of its
    # own are unfinished, not wrong: `mkdocs build --strict` and `cjm check --strict`
    # both pass, and say what is open as notes.
    from mkdocs_cjm_plugin.cli.main import main

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(tmp_path)
    site = write_project(
        tmp_path,
        personas=[*PERSONAS, {"kind": "persona", "id": "carla", "name": "Carla Neu"}],
        stakeholders=[*STAKEHOLDERS, {
            "kind": "stakeholder", "id": "roesterei", "name": "Rösterei Süd",
            "relations": [{"to": "anna", "label": "Bohnen nach Wunsch"}],
        }],
    )
    with caplog.at_level("INFO", logger="mkdocs.plugins.cjm"):
        build_site(tmp_path, strict=True)
    unused = [r.getMessage() for r in caplog.records if re.search(r"CJM10[15]", r.getMessage())]
    assert len(unused) == 1, unused
    assert re.fullmatch(
        r"cjm: journeys/personas\.yml:\d+:1: note\[CJM101\]: persona 'carla' is used by no "
        r"journey; map a journey for it or remove it", unused[0]
    ), unused
    carla = site.page(site.persona_src("carla"))
    assert "No journey maps this persona yet." in carla.text()
    stakeholders = site.page(site.stakeholders_src).text()
    assert "Rösterei Süd" in stakeholders and "Bohnen nach Wunsch" in stakeholders

    capsys.readouterr()
    assert main(["check", "--strict"]) == 0
    out, err = capsys.readouterr()
    assert unused[0].removeprefix("cjm: ") in out.splitlines()
    assert "roesterei" not in out
    assert "0 errors, 0 warnings," in err
