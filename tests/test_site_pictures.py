"""The pictures of real sites: emotion curves, stakeholder maps, heatmap, sparklines.

Every site is built by MkDocs itself with the `cjm` plugin and real Graphviz; the
`<svg>` of each `figure.cjm-curve` / `figure.cjm-map-figure` is cut out of the
built HTML and parsed with `xml.etree`, so the tests see what a browser gets.
Sites that are only read are built once per module.
"""

from __future__ import annotations

import copy
import logging
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from sitekit import Doc, Node, Site, parse_file, resolve_link, snapshot_files, write_project

PLUGIN_LOGGER = "mkdocs.plugins.cjm"
SVG_NS = "{http://www.w3.org/2000/svg}"

# --------------------------------------------------------------------------- the handbook

EVIL = 'Evil" ]; x [label="pwned'
SCRIPT = "<script>alert(1)</script>"
HOSTILE_LABEL = "Akte \\N &amp; Co"

PERSONAS: list[dict[str, Any]] = [
    {"kind": "persona", "id": "anna", "name": "Anna Beispiel"},
    {"kind": "persona", "id": "ben", "name": "Ben Muster"},
]


def _sh(
    ident: str, name: str, type_: str = "internal", importance: str = "important",
    relations: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    return {
        "kind": "stakeholder", "id": ident, "name": name, "type": type_,
        "importance": importance, "relations": relations or [],
    }


STAKEHOLDERS: list[dict[str, Any]] = [
    _sh("service", "Kundenservice Kassel", importance="essential", relations=[
        {"to": "customer", "label": "Fallstatus"},
        {"to": "technik", "label": "Fehlerbeschreibung", "kind": "informal"},
    ]),
    _sh("technik", "Technischer Außendienst",
        relations=[{"to": "anna", "label": "Einweisung vor Ort"}]),
    _sh("spedition", "Spedition Hanse Logistik", "external", "interesting",
        relations=[{"to": "service", "label": "Lieferstatus"}]),
    _sh("leasing", "Leasingpartner Süd", "partner",
        relations=[{"to": "customer", "label": "Vertrag"}]),
    _sh("vertrieb", "Vertrieb Nord", relations=[
        {"to": "ben", "label": "Newsletter"},  # not the persona of kauf-ist
        {"to": "buchhaltung", "label": "Auftrag"},  # not on the map of kauf-ist
    ]),
    _sh("marketing", "Marketing Team", importance="interesting",
        relations=[{"to": "vertrieb", "label": "Leads", "kind": "informal"}]),
    _sh("buchhaltung", "Buchhaltung"),
    _sh("evil", EVIL, "external", relations=[{"to": "customer", "label": HOSTILE_LABEL}]),
    _sh("script", SCRIPT, "partner",
        relations=[{"to": "evil", "label": SCRIPT, "kind": "informal"}]),
]
NAMES = {s["id"]: s["name"] for s in STAKEHOLDERS}


def _step(name: str, emotion: float | None = None, **kw: Any) -> dict[str, Any]:
    step: dict[str, Any] = {"name": name, "touchpoint": f"Ort: {name}", "channel": "Telefon"}
    if emotion is not None:
        step["emotion"] = emotion
    return {**step, **kw}


JOURNEYS: list[dict[str, Any]] = [
    {
        "kind": "journey", "id": "kauf-ist", "title": "Kaffeemaschine kaufen (Ist)",
        "persona": "anna", "owner": "service", "stakeholders": ["spedition"],
        "updated": "2026-10-01",
        "phases": [
            {
                "id": "bedarf", "name": "Bedarf erkennen", "responsible": ["leasing"],
                "opportunities": [{"title": "Preisrechner", "owner": "vertrieb"}],
                "steps": [
                    _step("Sucht Preise im Netz", 3, pains=["Keine Preise"]),
                    _step("Liest die AGB"),  # no emotion: no point on the curve
                    _step("Fragt Kollegen", 2),
                ],
            },
            {
                "id": "angebot", "name": "Angebot einholen",
                "steps": [
                    _step("Ruft die Hotline an", 1, owner="service",
                          moment_of_truth="Nach der Warteschleife entscheidet es sich.",
                          opportunities=[{"title": "Rückruf", "owner": "marketing"}]),
                    _step("Erhält das Angebot", 4, owner="technik", gains=["Klar"]),
                ],
            },
            {   # only a phase emotion: the phase itself is the point
                "id": "entscheidung", "name": "Entscheiden", "emotion": 3.5,
                "steps": [_step("Bespricht mit dem Chef")],
            },
        ],
    },
    {
        "kind": "journey", "id": "kauf-soll", "title": "Kaffeemaschine kaufen (Soll)",
        "persona": "anna", "state": "target", "compares_to": "kauf-ist", "owner": "technik",
        "updated": "2026-10-01",
        "phases": [
            {"id": "bedarf", "name": "Bedarf erkennen",
             "steps": [_step("Nutzt den Rechner", 4)]},
            {"id": "angebot", "name": "Angebot einholen",
             "steps": [_step("Bekommt den Rückruf", 5, owner="service")]},
        ],
    },
    {
        "kind": "journey", "id": "umzug", "title": "Umzug ins neue Büro",
        "personas": ["anna", "ben"], "stakeholders": ["buchhaltung"], "updated": "2026-10-01",
        "phases": [
            {"id": "umzug", "name": "Umzug planen", "steps": [
                _step("Meldet den Umzug", 3, owner="spedition"),
                _step("Packt Kisten", 2),
            ]},
        ],
    },
    {
        "kind": "journey", "id": "boese", "title": "Böse Namen", "persona": "ben",
        "stakeholders": ["evil", "script"], "updated": "2026-10-01",
        "phases": [{"id": "pruefung", "name": "Prüfung", "steps": [_step("Prüft", 2)]}],
    },
]
JOURNEY_IDS = [j["id"] for j in JOURNEYS]
TITLES = {j["id"]: j["title"] for j in JOURNEYS}

PHASE_MODEL = [
    {"id": "bedarf", "name": "Bedarf"},
    {"id": "angebot", "name": "Angebot"},
    {"id": "entscheidung", "name": "Entscheidung"},
    {"id": "umzug", "name": "Umzug"},
    {"id": "pruefung", "name": "Prüfung"},
]

EMBED = """\
# Überblick

<!-- cjm:curve kauf-soll -->

Text dazwischen.

<!-- cjm:map kauf-ist -->
"""
EMBED_PAGES = {"uebersicht.md": EMBED, "team/notes.md": EMBED}


def _project(root: Path, **kw: Any) -> Site:
    kw.setdefault("journeys", JOURNEYS)
    kw.setdefault("personas", PERSONAS)
    kw.setdefault("stakeholders", STAKEHOLDERS)
    plugin = {"cache_dir": ".cjm-cache", **kw.pop("plugin", {})}
    return write_project(root, language="en", plugin=plugin, **kw)


def _build(root: Path, *, strict: bool = False) -> MkDocsConfig:
    """`mkdocs build`; returns the config, whose plugin instance keeps its counters."""
    cfg = load_config(config_file=str(root / "mkdocs.yml"), strict=strict)
    build(cfg)
    return cfg


def _set_plugin_option(root: Path, **options: Any) -> None:
    path = root / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["plugins"][0]["cjm"].update(options)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")



def _built(root: Path, **kw: Any) -> Site:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        site = _project(root, **kw)
        # MkDocs' --strict: the handbook builds without a single warning.
        _build(site.root, strict=True)
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Directory URLs, no phase model, hand-written pages with directives."""
    return _built(tmp_path_factory.mktemp("pictures"), docs=EMBED_PAGES)


@pytest.fixture(scope="module")
def twin(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The same project once more, in another folder with a fresh cache."""
    return _built(tmp_path_factory.mktemp("twin"), docs=EMBED_PAGES)


@pytest.fixture(scope="module")
def file_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """File URLs (`page.html`) and a site-wide phase model."""
    return _built(
        tmp_path_factory.mktemp("file-urls"), docs=EMBED_PAGES, use_directory_urls=False,
        plugin={"phase_model": PHASE_MODEL},
    )


@pytest.fixture(params=["site", "file_site"])
def any_site(request: pytest.FixtureRequest) -> Site:
    site: Site = request.getfixturevalue(request.param)
    return site


# --------------------------------------------------------------------------- SVG helpers


def _figure_svgs(source: str, figure_class: str) -> list[str]:
    """The first `<svg>...</svg>` text of every `<figure class="figure_class ...">` of a
    page (the emotion curve's chart across; its upright twin follows it)."""
    out = []
    for match in re.finditer(rf'<figure class="{re.escape(figure_class)}( [^"]*)?"[ >]', source):
        end = source.index("</figure>", match.start())
        start = source.find("<svg", match.start(), end)
        if start >= 0:
            out.append(source[start : source.index("</svg>", start) + len("</svg>")])
    return out


def _all_svgs(source: str) -> list[ET.Element]:
    out = []
    for match in re.finditer(r"<svg[ >]", source):
        out.append(_parse_svg(source[match.start() : source.index("</svg>", match.start()) + 6]))
    return out


def _parse_svg(text: str) -> ET.Element:
    root = ET.fromstring(text)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith(SVG_NS):
            element.tag = element.tag[len(SVG_NS) :]
    return root


def _html(site: Site, src: str) -> str:
    return site.out(src).read_text(encoding="utf-8")


def _one_svg(site: Site, src: str, figure_class: str) -> ET.Element:
    svgs = _figure_svgs(_html(site, src), figure_class)
    assert len(svgs) == 1, f"{src}: {len(svgs)} figure.{figure_class}"
    return _parse_svg(svgs[0])


def _curve(site: Site, src: str) -> ET.Element:
    return _one_svg(site, src, "cjm-curve")


def _map(site: Site, src: str) -> ET.Element:
    return _one_svg(site, src, "cjm-map-figure")


def _classes(element: ET.Element) -> list[str]:
    return element.get("class", "").split()


def _by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in _classes(e)]


def _text(element: ET.Element) -> str:
    """All text of an element (tspans joined by a space), without `<title>`s."""
    parts: list[str] = []

    def walk(e: ET.Element) -> None:
        if e.tag == "title":
            return
        if e.text and e.text.strip():
            parts.append(e.text.strip())
        for child in e:
            walk(child)
            if child.tail and child.tail.strip():
                parts.append(child.tail.strip())

    walk(element)
    return " ".join(parts)


def _title(element: ET.Element) -> str:
    title = element.find("title")
    assert title is not None, f"<{element.tag} class={element.get('class')!r}> has no <title>"
    return title.text or ""


def _translate(element: ET.Element) -> tuple[float, float]:
    match = re.fullmatch(r"translate\(([-\d.]+),([-\d.]+)\)", element.get("transform", ""))
    assert match, element.get("transform")
    return float(match.group(1)), float(match.group(2))


def _resolves(site: Site, page_src: str, href: str) -> tuple[Path, str]:
    """Assert that a relative link of a page reaches an existing file and anchor."""
    page = site.out(page_src)
    target, fragment = resolve_link(site.site_dir, page, href)
    assert target.is_file(), f"{page_src}: {href!r} -> {target} does not exist"
    if fragment:
        assert fragment in parse_file(target).ids, f"{page_src}: {href!r}: no #{fragment}"
    return target, fragment


# --- map helpers


def _nodes(svg: ET.Element) -> list[ET.Element]:
    return [g for g in svg.iter("g") if "node" in _classes(g)]


def _edges(svg: ET.Element) -> list[ET.Element]:
    return [g for g in svg.iter("g") if "edge" in _classes(g)]


def _tooltip(element: ET.Element) -> str:
    """The tooltip Graphviz writes as the `<title>` inside the element's link."""
    for a in element.iter("a"):
        title = a.find("title")
        if title is not None:
            return title.text or ""
    return ""


def _node_lines(node: ET.Element) -> list[str]:
    return [(t.text or "") for t in node.iter("text")]


def _edge_label(edge: ET.Element) -> str:
    """An edge label's lines (wrapped, padded with en spaces) as one line of text."""
    return " ".join((t.text or "").strip() for t in edge.iter("text"))


def _node_named(svg: ET.Element, name: str) -> ET.Element:
    found = [n for n in _nodes(svg) if name in (_tooltip(n), " ".join(_node_lines(n)))]
    assert len(found) == 1, f"{len(found)} nodes named {name!r}: {_node_names(svg)}"
    return found[0]


def _node_names(svg: ET.Element) -> list[str]:
    return [" ".join(_node_lines(n)) for n in _nodes(svg)]


def _node_y(node: ET.Element) -> float:
    ys = [float(t.get("y", "nan")) for t in node.iter("text")]
    return sum(ys) / len(ys)


def _edge_by_flow(svg: ET.Element, source: str, target: str, label: str) -> ET.Element:
    tip = f"{source} → {target}: {label}"
    found = [e for e in _edges(svg) if _tooltip(e) == tip]
    assert len(found) == 1, f"{len(found)} edges {tip!r}: {[_tooltip(e) for e in _edges(svg)]}"
    return found[0]


def _dashed(edge: ET.Element) -> bool:
    paths = list(edge.iter("path"))
    assert paths, "edge without a path"
    return all(p.get("stroke-dasharray") for p in paths)


def _node_links(svg: ET.Element) -> dict[str, str]:
    """Node id (the DOT name, `sh-x`) -> href of its link."""
    out = {}
    for node in _nodes(svg):
        hrefs = [a.get("href") for a in node.iter("a") if a.get("href")]
        if hrefs:
            assert len(hrefs) == 1
            out[_title(node)] = str(hrefs[0])
    return out


# --- curve helpers


def _series(svg: ET.Element) -> list[ET.Element]:
    return [g for g in svg.iter("g") if "cjm-curve-series" in _classes(g)]


def _markers(root: ET.Element) -> list[ET.Element]:
    return _by_class(root, "cjm-curve-marker")


def _figure_node(doc: Doc, figure_class: str) -> list[Node]:
    return [n for n in doc.root.iter() if n.tag == "figure" and n.has_class(figure_class)]


# --------------------------------------------------------------------------- 1. the curve

KAUF_IST_POINTS = [
    ("Sucht Preise im Netz", 3, "Bedarf erkennen"),
    ("Fragt Kollegen", 2, "Bedarf erkennen"),
    ("Ruft die Hotline an", 1, "Angebot einholen"),
    ("Erhält das Angebot", 4, "Angebot einholen"),
    ("Entscheiden", 3.5, "Entscheiden"),  # phase with only a phase emotion
]


def _score(value: float) -> str:
    return f"{value:g}"


def test_curve_has_one_marker_per_scored_step_and_phase(site: Site) -> None:
    svg = _curve(site, site.journey_src("kauf-ist"))
    markers = _markers(svg)
    assert len(markers) == len(KAUF_IST_POINTS)
    titles = [_title(m) for m in markers]
    for title, (name, score, _) in zip(titles, KAUF_IST_POINTS, strict=True):
        assert title.startswith(f"{name}: {_score(score)}"), title
    assert not any("Liest die AGB" in t or "Bespricht mit dem Chef" in t for t in titles)


def test_curve_markers_are_placed_by_score_and_order(site: Site) -> None:
    svg = _curve(site, site.journey_src("kauf-ist"))
    at = [_translate(m) for m in _markers(svg)]
    xs = [x for x, _ in at]
    assert xs == sorted(xs) and len(set(xs)) == len(xs), "points left to right in journey order"
    by_score = sorted(zip((p[1] for p in KAUF_IST_POINTS), (y for _, y in at), strict=True))
    ys = [y for _, y in by_score]
    assert ys == sorted(ys, reverse=True) and len(set(ys)) == len(ys), (
        "a higher score is drawn higher (smaller y)"
    )


def test_curve_markers_sit_in_the_band_of_their_phase(site: Site) -> None:
    svg = _curve(site, site.journey_src("kauf-ist"))
    bands = _by_class(svg, "cjm-curve-band")
    spans = [(float(b.get("x", 0)), float(b.get("x", 0)) + float(b.get("width", 0)))
             for b in bands]
    phases = ["Bedarf erkennen", "Angebot einholen", "Entscheiden"]
    for marker, (_, _, phase) in zip(_markers(svg), KAUF_IST_POINTS, strict=True):
        x, _ = _translate(marker)
        left, right = spans[phases.index(phase)]
        assert left < x < right


def test_curve_has_one_named_band_per_phase(site: Site) -> None:
    src = site.journey_src("kauf-ist")
    svg = _curve(site, src)
    assert len(_by_class(svg, "cjm-curve-band")) == 3
    names = [_text(t) for t in _by_class(svg, "cjm-curve-phase")]
    assert names == ["Bedarf erkennen", "Angebot einholen", "Entscheiden"]
    links = [a.get("href") for a in svg.iter("a") if "cjm-curve-phase-link" in _classes(a)]
    assert links == ["#phase-bedarf", "#phase-angebot", "#phase-entscheidung"]
    for href in links:
        _resolves(site, src, str(href))


def test_curve_points_link_to_their_steps(site: Site) -> None:
    src = site.journey_src("kauf-ist")
    svg = _curve(site, src)
    hrefs = [m.get("href") for m in _markers(svg)]
    assert all(h and h.startswith("#") for h in hrefs), hrefs
    targets = {_resolves(site, src, str(h))[1] for h in hrefs}
    assert len(targets) == len(KAUF_IST_POINTS)
    assert "phase-entscheidung" in targets


def test_a_moment_of_truth_has_its_own_marker(site: Site) -> None:
    svg = _curve(site, site.journey_src("kauf-ist"))
    for marker in _markers(svg):
        star = _by_class(marker, "cjm-curve-mot")
        if _title(marker).startswith("Ruft die Hotline an"):
            assert len(star) == 1 and star[0].tag == "polygon"
            assert marker.find("circle") is None
        else:
            assert not star
            assert marker.find("circle") is not None


def test_curve_svg_is_an_image_with_title_and_description(site: Site) -> None:
    svg = _curve(site, site.journey_src("kauf-ist"))
    assert svg.get("role") == "img"
    title, desc = svg.find("title"), svg.find("desc")
    assert title is not None and desc is not None
    assert title.text == "Emotion curve: Kaffeemaschine kaufen (Ist)"
    assert "Ruft die Hotline an (1)" in (desc.text or "")
    assert "Erhält das Angebot (4)" in (desc.text or "")
    assert (desc.text or "").index("Ruft die Hotline an") < (desc.text or "").index("Erhält")
    assert (svg.get("aria-labelledby") or "").split() == [title.get("id"), desc.get("id")]


def test_curve_data_table_has_a_row_per_point(site: Site) -> None:
    doc = site.page(site.journey_src("kauf-ist"))
    [figure] = _figure_node(doc, "cjm-curve")
    [table] = figure.find_all("table")
    assert table.has_class("cjm-sr-only")
    rows = [r for body in table.find_all("tbody") for r in body.find_all("tr")]
    assert len(rows) == len(KAUF_IST_POINTS)
    for row, (name, score, phase) in zip(rows, KAUF_IST_POINTS, strict=True):
        cells = [c for c in row.children if isinstance(c, Node)]
        texts = [" ".join(c.text().split()) for c in cells]
        assert texts[0] == phase
        assert texts[1].startswith(name)
        assert texts[2] == _score(score)


# --------------------------------------------------------------------------- 2. comparison


def _legend_series(svg: ET.Element) -> list[ET.Element]:
    return _by_class(svg, "cjm-curve-legend-series")


def test_a_target_journey_draws_both_curves(site: Site) -> None:
    svg = _curve(site, site.journey_src("kauf-soll"))
    series = _series(svg)
    assert len(series) == 2
    dashed = [s for s in series if "cjm-curve-dashed" in _classes(s)]
    solid = [s for s in series if "cjm-curve-dashed" not in _classes(s)]
    assert len(dashed) == 1 and len(solid) == 1
    own = [_title(m) for m in _markers(solid[0])]
    other = [_title(m) for m in _markers(dashed[0])]
    assert [t.split(":")[0] for t in own] == ["Nutzt den Rechner", "Bekommt den Rückruf"]
    assert [t.split(":")[0] for t in other] == [p[0] for p in KAUF_IST_POINTS]
    # Aligned by phase: the shared phases are one band each, plus the Ist-only one.
    assert [_text(t) for t in _by_class(svg, "cjm-curve-phase")] == [
        "Bedarf erkennen", "Angebot einholen", "Entscheiden",
    ]


def test_a_target_journey_has_a_legend_with_both_names(site: Site) -> None:
    svg = _curve(site, site.journey_src("kauf-soll"))
    items = _legend_series(svg)
    texts = {_text(i): "cjm-curve-dashed" in _classes(i) for i in items}
    assert texts == {
        "Target: Kaffeemaschine kaufen (Soll)": False,
        "Current: Kaffeemaschine kaufen (Ist)": True,
    }


def test_the_current_journey_draws_only_its_own_curve(site: Site) -> None:
    svg = _curve(site, site.journey_src("kauf-ist"))
    [series] = _series(svg)
    assert "cjm-curve-dashed" not in _classes(series)
    assert [_text(i) for i in _legend_series(svg)] == ["Current: Kaffeemaschine kaufen (Ist)"]
    assert "Soll" not in ET.tostring(svg, encoding="unicode")


def test_a_shared_journey_draws_one_curve(site: Site) -> None:
    svg = _curve(site, site.journey_src("umzug"))
    [series] = _series(svg)
    assert [_title(m) for m in _markers(series)] == ["Meldet den Umzug: 3", "Packt Kisten: 2"]
    assert len(_legend_series(svg)) == 1


# --------------------------------------------------------------------------- 3. the map

KAUF_IST_STAKEHOLDERS = ["service", "spedition", "leasing", "vertrieb", "marketing", "technik"]


def test_journey_map_shows_every_stakeholder_of_the_journey(site: Site) -> None:
    svg = _map(site, site.journey_src("kauf-ist"))
    assert svg.get("role") == "img"
    nodes = _nodes(svg)
    assert len(nodes) == len(KAUF_IST_STAKEHOLDERS) + 1  # and the persona
    for ident in KAUF_IST_STAKEHOLDERS:
        node = _node_named(svg, NAMES[ident])
        assert _title(node) == f"sh-{ident}"
        assert " ".join(_node_lines(node)) == NAMES[ident]
    for ident in ("buchhaltung", "evil", "script"):
        assert all(NAMES[ident] not in (_tooltip(n), " ".join(_node_lines(n))) for n in nodes)


def test_the_persona_is_the_centre_of_the_map(site: Site) -> None:
    svg = _map(site, site.journey_src("kauf-ist"))
    centre = _node_named(svg, "Anna Beispiel")
    assert "cjm-customer" in _classes(centre)
    assert centre.find(".//ellipse") is not None
    y = _node_y(centre)
    for ident in ("service", "vertrieb", "marketing", "technik"):  # internal: above
        assert _node_y(_node_named(svg, NAMES[ident])) < y, ident
    assert _node_y(_node_named(svg, NAMES["spedition"])) > y  # external: below


def test_journey_map_draws_relations_as_edges(site: Site) -> None:
    svg = _map(site, site.journey_src("kauf-ist"))
    anna = "Anna Beispiel"
    expected = [
        (NAMES["service"], anna, "Fallstatus", False),
        (NAMES["service"], NAMES["technik"], "Fehlerbeschreibung", True),
        (NAMES["technik"], anna, "Einweisung vor Ort", False),  # `to: anna`
        (NAMES["spedition"], NAMES["service"], "Lieferstatus", False),
        (NAMES["leasing"], anna, "Vertrag", False),
        (NAMES["marketing"], NAMES["vertrieb"], "Leads", True),
    ]
    for source, target, label, informal in expected:
        edge = _edge_by_flow(svg, source, target, label)
        assert _dashed(edge) is informal, (source, target)
        assert ("cjm-informal" in _classes(edge)) is informal
        assert _edge_label(edge) == label
    # Relations to Ben (not this journey's persona) and to Buchhaltung (not on this map).
    assert len(_edges(svg)) == len(expected)


def test_journey_map_nodes_link_to_the_stakeholders_page(any_site: Site) -> None:
    site = any_site
    src = site.journey_src("kauf-ist")
    links = _node_links(_map(site, src))
    assert set(links) == {f"sh-{i}" for i in KAUF_IST_STAKEHOLDERS}
    for node_id, href in links.items():
        assert not href.startswith(("/", "http", "cjmlink")), href
        target, fragment = _resolves(site, src, href)
        assert fragment == node_id
        assert target == site.out(site.stakeholders_src)


def test_the_stakeholders_page_maps_every_stakeholder(any_site: Site) -> None:
    site = any_site
    src = site.stakeholders_src
    svg = _map(site, src)
    assert len(_nodes(svg)) == len(STAKEHOLDERS) + 1
    assert "cjm-customer" in _classes(_node_named(svg, "Customer"))
    for ident, name in NAMES.items():
        assert _title(_node_named(svg, name)) == f"sh-{ident}"
    links = _node_links(svg)
    assert set(links) == {f"sh-{i}" for i in NAMES}
    for node_id, href in links.items():
        assert _resolves(site, src, href)[1] == node_id
    flows = {_tooltip(e) for e in _edges(svg)}
    for s in STAKEHOLDERS:
        for rel in s["relations"]:
            target = NAMES.get(rel["to"], "Customer")
            assert f"{s['name']} → {target}: {rel['label']}" in flows
    assert len(flows) == sum(len(s["relations"]) for s in STAKEHOLDERS)


# --------------------------------------------------------------------------- 4. hostile names


@pytest.mark.parametrize("page", ["journey", "stakeholders"])
def test_hostile_names_are_shown_as_text(site: Site, page: str) -> None:
    src = site.journey_src("boese") if page == "journey" else site.stakeholders_src
    source = _html(site, src)
    svg = _map(site, src)
    evil = _node_named(svg, EVIL)
    assert _tooltip(evil) == EVIL
    assert " ".join(_node_lines(evil)) == EVIL
    script = _node_named(svg, SCRIPT)
    assert _tooltip(script) == SCRIPT
    assert _node_lines(script) == [SCRIPT]
    # The quote did not end the DOT string: no node `x`, no text "pwned" on its own.
    assert "x" not in {_title(n) for n in _nodes(svg)}
    assert all(t.text not in ("pwned", "x") for t in svg.iter("text"))
    assert sorted(_title(n) for n in _nodes(svg) if _title(n) != "customer") == (
        ["sh-evil", "sh-script"] if page == "journey" else sorted(f"sh-{i}" for i in NAMES)
    )
    # Neither `\N` (node name) nor `&amp;` (an entity) was expanded by Graphviz.
    customer = "Ben Muster" if page == "journey" else "Customer"
    edge = _edge_by_flow(svg, EVIL, customer, HOSTILE_LABEL)
    assert _edge_label(edge) == HOSTILE_LABEL
    informal = _edge_by_flow(svg, SCRIPT, EVIL, SCRIPT)
    assert _edge_label(informal) == SCRIPT
    assert not list(svg.iter("script"))
    assert SCRIPT not in source and "alert(1)</script>" not in source


def test_no_script_element_comes_from_a_name(site: Site) -> None:
    for src in (site.journey_src("boese"), site.stakeholders_src):
        doc = site.page(src)
        for node in doc.root.iter():
            if node.tag == "script":
                assert "alert" not in node.text()
                assert not any(a.tag == "svg" for a in node.ancestors())


# --------------------------------------------------------------------------- 5. no Graphviz


@pytest.fixture
def no_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def _install_hint_ok(text: str) -> None:
    assert "CJM032" in text
    for needle in ("Graphviz", "apt-get install graphviz", "brew install graphviz",
                   "winget install graphviz"):
        assert needle in text, needle


def test_without_graphviz_a_build_warns_and_shows_the_dot_source(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, no_dot: None
) -> None:
    site = _project(tmp_path / "p", plugin={"cache_dir": str(tmp_path / "cache")})
    with caplog.at_level(logging.INFO):
        _build(site.root)
    warnings = [r.getMessage() for r in caplog.records
                if r.name == PLUGIN_LOGGER and r.levelno == logging.WARNING]
    assert len([w for w in warnings if "CJM032" in w]) == 1, warnings
    _install_hint_ok("\n".join(warnings))

    for ident in JOURNEY_IDS:
        src = site.journey_src(ident)
        source = _html(site, src)
        assert not _figure_svgs(source, "cjm-map-figure")
        assert len(_figure_svgs(source, "cjm-curve")) == 1, "the curve needs no Graphviz"
        boxes = [n for n in site.page(src).main().iter()
                 if n.tag == "div" and n.has_class("admonition") and n.has_class("warning")
                 and n.has_class("cjm-map-fallback")]
        assert len(boxes) == 1, src
        [code] = [c for c in boxes[0].find_all("code") if c.parent and c.parent.tag == "pre"]
        dot = code.text()
        assert dot.startswith(f'digraph "Stakeholders of {TITLES[ident]}" {{\n'), dot[:80]
        assert dot.rstrip().endswith("}")
        assert '"customer"' in dot
        _install_hint_ok("CJM032 " + boxes[0].text())
    dot = _fallback_dot(site, site.journey_src("kauf-ist"))
    for ident in KAUF_IST_STAKEHOLDERS:
        assert f'"sh-{ident}" [' in dot
    assert "sh-buchhaltung" not in dot
    assert _fallback_dot(site, site.stakeholders_src).startswith('digraph "All stakeholders"')


def _fallback_dot(site: Site, src: str) -> str:
    doc = site.page(src)
    [box] = [n for n in doc.main().iter() if n.has_class("cjm-map-fallback")]
    [code] = box.find_all("code")
    return code.text()



@pytest.mark.parametrize("how", ["plugin-strict", "mkdocs-strict"])
def test_without_graphviz_a_strict_build_fails_and_keeps_the_old_site(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    site = _project(tmp_path / "p", plugin={"cache_dir": str(tmp_path / "cache")})
    _build(site.root, strict=True)  # with Graphviz: fine, even under --strict
    before = snapshot_files(site.site_dir)
    assert site.out(site.journey_src("kauf-ist")).relative_to(site.site_dir).as_posix() in before

    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    if how == "plugin-strict":
        _set_plugin_option(site.root, strict=True)
    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        _build(site.root, strict=how == "mkdocs-strict")
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    _install_hint_ok("\n".join([str(info.value), *logged]))
    assert snapshot_files(site.site_dir) == before


# --------------------------------------------------------------------------- 6. the cache


def _renderer(cfg: MkDocsConfig) -> Any:
    handbook = cfg.plugins["cjm"].handbook  # type: ignore[attr-defined]
    assert handbook is not None and handbook.renderer is not None
    return handbook.renderer


def _cache_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The plugin's summary of the Graphviz work (without the `cjm: ` prefix)."""
    return [r.getMessage().removeprefix("cjm: ") for r in caplog.records
            if r.name == PLUGIN_LOGGER and "stakeholder maps:" in r.getMessage()]


def test_unchanged_maps_come_from_the_cache(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    site = _project(tmp_path / "p", plugin={"cache_dir": str(cache)})
    maps = len(JOURNEYS) + 1  # one per journey and the one of all stakeholders

    with caplog.at_level(logging.INFO, logger=PLUGIN_LOGGER):
        first = _renderer(_build(site.root))
    assert (first.rendered, first.cached) == (maps, 0)
    assert _cache_lines(caplog) == [
        f"stakeholder maps: {maps} drawn by Graphviz, 0 unchanged from the cache"
    ]
    drawn = {i: _figure_svgs(_html(site, site.journey_src(i)), "cjm-map-figure")
             for i in JOURNEY_IDS}

    caplog.clear()
    with caplog.at_level(logging.INFO, logger=PLUGIN_LOGGER):
        second = _renderer(_build(site.root))
    assert (second.rendered, second.cached) == (0, maps)
    assert _cache_lines(caplog) == [
        f"stakeholder maps: 0 drawn by Graphviz, {maps} unchanged from the cache"
    ]
    for ident in JOURNEY_IDS:  # a map from the cache is the map Graphviz drew
        assert _figure_svgs(_html(site, site.journey_src(ident)), "cjm-map-figure") == (
            drawn[ident]
        )

    journeys = copy.deepcopy(JOURNEYS)
    umzug = next(j for j in journeys if j["id"] == "umzug")
    umzug["owner"] = "service"
    site = _project(tmp_path / "p", plugin={"cache_dir": str(cache)}, journeys=journeys)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger=PLUGIN_LOGGER):
        third = _renderer(_build(site.root))
    assert (third.rendered, third.cached) == (1, maps - 1)
    assert _cache_lines(caplog) == [
        f"stakeholder maps: 1 drawn by Graphviz, {maps - 1} unchanged from the cache"
    ]
    svg = _map(site, site.journey_src("umzug"))
    assert _title(_node_named(svg, NAMES["service"])) == "sh-service"


# --------------------------------------------------------------------------- 7. determinism


def test_two_builds_give_byte_identical_pictures(site: Site, twin: Site) -> None:
    assert site.root != twin.root
    for src in [*(site.journey_src(i) for i in JOURNEY_IDS), site.stakeholders_src,
                *(site.persona_src(p["id"]) for p in PERSONAS), "uebersicht.md"]:
        one, two = _html(site, src), _html(twin, src)
        for figure in ("cjm-curve", "cjm-map-figure"):
            assert _figure_svgs(one, figure) == _figure_svgs(two, figure), (src, figure)
        assert [ET.tostring(s) for s in _all_svgs(one)] == [
            ET.tostring(s) for s in _all_svgs(two)
        ], src
    for ident in JOURNEY_IDS:
        source = _html(site, site.journey_src(ident))
        assert len(_figure_svgs(source, "cjm-curve")) == 1
        assert len(_figure_svgs(source, "cjm-map-figure")) == 1


# --------------------------------------------------------------------------- 8. heatmap


def _heat_rows(site: Site) -> dict[str, list[Node]]:
    doc = site.page(site.journeys_index_src)
    [table] = [n for n in doc.main().iter() if n.tag == "table" and n.has_class("cjm-heatmap")]
    rows: dict[str, list[Node]] = {}
    for body in table.find_all("tbody"):
        for row in body.find_all("tr"):
            [head] = row.find_all("th")
            cells = [c for c in row.children if isinstance(c, Node) and c.tag == "td"]
            rows[" ".join(head.text().split())] = cells
    return rows


def _heat_columns(site: Site) -> list[str]:
    doc = site.page(site.journeys_index_src)
    [table] = [n for n in doc.main().iter() if n.tag == "table" and n.has_class("cjm-heatmap")]
    [head] = table.find_all("thead")
    return [" ".join(th.text().split()) for th in head.find_all("th")][1:]


def _phase_scores(journey: dict[str, Any]) -> list[tuple[str, float]]:
    out = []
    for phase in journey["phases"]:
        if "emotion" in phase:
            out.append((phase["id"], phase["emotion"]))
        else:
            scores = [s["emotion"] for s in phase["steps"] if "emotion" in s]
            out.append((phase["id"], sum(scores) / len(scores)))
    return out


def _check_cell(site: Site, cell: Node, journey: str, phase: str, score: float) -> None:
    src = site.journeys_index_src
    assert cell.has_class("cjm-heat") and not cell.has_class("cjm-heat-none")
    assert cell.attrs.get("style") == f"--cjm-t:{(score - 1) / 4:.2f}"
    [score_span] = [n for n in cell.iter() if n.has_class("cjm-heat-score")]
    assert score_span.text() == _score(score)
    [link] = cell.find_all("a")
    target, fragment = _resolves(site, src, link.attrs["href"])
    assert fragment == f"phase-{phase}"
    assert target == site.out(site.journey_src(journey))


def test_heatmap_has_a_row_per_journey_with_linked_coloured_cells(site: Site) -> None:
    rows = _heat_rows(site)
    assert set(rows) == set(TITLES.values())
    width = max(len(j["phases"]) for j in JOURNEYS)
    assert _heat_columns(site) == [str(i) for i in range(1, width + 1)]
    for journey in JOURNEYS:
        cells = rows[journey["title"]]
        assert len(cells) == width
        scores = _phase_scores(journey)
        for cell, (phase, score) in zip(cells, scores, strict=False):
            _check_cell(site, cell, journey["id"], phase, score)
        for cell in cells[len(scores):]:
            assert cell.has_class("cjm-heat-none") and not cell.find_all("a")


def test_heatmap_follows_the_phase_model(file_site: Site) -> None:
    site = file_site
    assert _heat_columns(site) == [p["name"] for p in PHASE_MODEL]
    rows = _heat_rows(site)
    assert set(rows) == set(TITLES.values())
    for journey in JOURNEYS:
        cells = rows[journey["title"]]
        assert len(cells) == len(PHASE_MODEL)
        scores = dict(_phase_scores(journey))
        for cell, model in zip(cells, PHASE_MODEL, strict=True):
            if model["id"] in scores:
                _check_cell(site, cell, journey["id"], model["id"], scores[model["id"]])
            else:
                assert not cell.find_all("a") and not cell.text().strip(), (
                    journey["id"], model["id"]
                )
                assert "--cjm-t" not in cell.attrs.get("style", "")


# --------------------------------------------------------------------------- 9. persona page


def _scores(journey: dict[str, Any]) -> list[float]:
    out: list[float] = []
    for phase in journey["phases"]:
        step_scores = [s["emotion"] for s in phase["steps"] if "emotion" in s]
        out.extend(step_scores or [phase["emotion"]])
    return out


@pytest.mark.parametrize("persona", ["anna", "ben"])
def test_persona_page_has_a_sparkline_per_journey(any_site: Site, persona: str) -> None:
    site = any_site
    src = site.persona_src(persona)
    mine = [j for j in JOURNEYS if persona in (j.get("personas") or [j.get("persona")])]
    sparks = [s for s in _all_svgs(_html(site, src)) if "cjm-sparkline" in _classes(s)]
    assert len(sparks) == len(mine)
    by_title = {_title(s): s for s in sparks}
    assert set(by_title) == {f"Emotion curve: {j['title']}" for j in mine}
    for journey in mine:
        spark = by_title[f"Emotion curve: {journey['title']}"]
        scores = _scores(journey)
        line = spark.find("polyline")
        if len(scores) == 1:
            assert line is None and spark.find("circle") is not None
            continue
        assert line is not None
        points = [tuple(map(float, p.split(","))) for p in (line.get("points") or "").split()]
        assert len(points) == len(scores)
        for (_, y1), (_, y2), s1, s2 in zip(points, points[1:], scores, scores[1:], strict=False):
            assert (y1 < y2) == (s1 > s2) and (y1 == y2) == (s1 == s2)
    # Each sparkline stands in the table row that links to its journey.
    doc = site.page(src)
    [table] = [n for n in doc.main().iter() if n.has_class("cjm-persona-journeys")]
    for row in table.find_all("tr")[1:]:
        [svg] = row.find_all("svg")
        [title] = svg.find_all("title")
        link = row.find_all("a")[0]
        assert title.text() == f"Emotion curve: {link.text()}"
        _resolves(site, src, link.attrs["href"])


# --------------------------------------------------------------------------- 10. directives


@pytest.mark.parametrize("page", ["uebersicht.md", "team/notes.md"])
def test_directives_draw_curve_and_map_with_working_links(any_site: Site, page: str) -> None:
    site = any_site
    source = _html(site, page)
    [curve_text] = _figure_svgs(source, "cjm-curve")
    [map_text] = _figure_svgs(source, "cjm-map-figure")
    curve, stakeholder_map = _parse_svg(curve_text), _parse_svg(map_text)

    assert len(_series(curve)) == 2  # kauf-soll with the compared kauf-ist
    journey_page = site.out(site.journey_src("kauf-soll"))
    hrefs = [a.get("href") for a in curve.iter("a")]
    assert len(hrefs) == 2 + 2  # two own points, two own phases
    for href in hrefs:
        target, fragment = _resolves(site, page, str(href))
        assert target == journey_page and fragment.startswith(("step-", "phase-")), href
    assert _curve(site, site.journey_src("kauf-soll")).get("viewBox") == curve.get("viewBox")

    links = _node_links(stakeholder_map)
    assert set(links) == {f"sh-{i}" for i in KAUF_IST_STAKEHOLDERS}
    for node_id, href in links.items():
        target, fragment = _resolves(site, page, href)
        assert target == site.out(site.stakeholders_src) and fragment == node_id
    assert len(_nodes(stakeholder_map)) == len(KAUF_IST_STAKEHOLDERS) + 1


def test_directive_pictures_are_the_journey_pages_pictures(site: Site) -> None:
    """Apart from where links point, an embedded map is the journey page's map."""
    embedded = _figure_svgs(_html(site, "team/notes.md"), "cjm-map-figure")[0]
    own = _figure_svgs(_html(site, site.journey_src("kauf-ist")), "cjm-map-figure")[0]
    assert re.sub(r'href="[^"]*"', "", embedded) == re.sub(r'href="[^"]*"', "", own)
