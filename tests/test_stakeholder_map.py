"""Stakeholder map: DOT generation, real Graphviz rendering, SVG cleaning and the cache.

Graphviz is never mocked: the rendering tests run the real ``dot``. Without it they
fail with the install hint (like the Chromium fixture: fail, never skip).
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sitekit import signed_json

from mkdocs_cjm_plugin.pictures.dot import (
    MAX_LABEL_CHARS,
    MAX_MAP_STAKEHOLDERS,
    GroupLabels,
    MapEdge,
    MapNode,
    attrs,
    clip_label,
    edge,
    fit_map,
    node,
    quote,
    quote_id,
    stakeholder_map_dot,
    wrap_label,
)
from mkdocs_cjm_plugin.pictures.graphviz import (
    CACHE_TAG_TEXT,
    INSTALL_HINT,
    GraphvizRenderer,
    RenderResult,
    clean_svg,
    fallback_html,
    read_cache,
)

SVG = "{http://www.w3.org/2000/svg}"
EVIL = 'Evil" ]; x [label="pwned'
LABELS = GroupLabels(internal="Intern", external="Extern", partner="Partner")

NODES = [
    MapNode("customer", "Anna Berger", "customer", href="../personas/anna/", tooltip="Anna"),
    MapNode("sh-kundenservice", "Kundenservice", "internal", "essential", href="../ks/"),
    MapNode("sh-vertrieb", "Vertrieb Innendienst", "internal", href="../vertrieb/"),
    MapNode("sh-it", "IT & CRM-Betrieb (Zentrale Systeme)", "internal", "interesting"),
    MapNode("sh-spedition", "Spedition Müller & Söhne", "external", "essential", href="../sp/"),
    MapNode("sh-evil", EVIL, "external", "interesting"),
    MapNode("sh-haendler", "Fachhändler Süd", "partner", href="../fh/"),
]
EDGES = [
    MapEdge("sh-kundenservice", "customer", "Beratung"),
    MapEdge("sh-spedition", "customer", "Lieferstatus"),
    MapEdge("sh-it", "sh-kundenservice", "Fallhistorie"),
    MapEdge("sh-kundenservice", "sh-spedition", "Abholauftrag"),
    MapEdge("sh-haendler", "customer", "Ersatzgerät"),
    MapEdge("sh-haendler", "sh-kundenservice", "Rückmeldungen", informal=True),
    MapEdge("sh-evil", "customer", "Gerüchte über Öl & Äpfel"),
    MapEdge("sh-vertrieb", "sh-not-on-this-map", "wird verworfen"),
]
VISIBLE_EDGES = len(EDGES) - 1


def sample_dot() -> str:
    title = "Stakeholder-Karte: Reklamation"
    return stakeholder_map_dot(
        NODES, EDGES, title=title, graph_id="reklamation", group_labels=LABELS
    )


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def dot_path() -> str:
    found = shutil.which("dot")
    if found is None:
        pytest.fail(f"These tests run the real Graphviz. {INSTALL_HINT}", pytrace=False)
    return found


@pytest.fixture(scope="session")
def raw_svg(dot_path: str) -> str:
    result = GraphvizRenderer(None, dot=dot_path).render(sample_dot())
    assert result.error is None, result.error
    assert result.svg is not None
    return result.svg


@pytest.fixture(scope="session")
def cleaned(raw_svg: str) -> str:
    return clean_svg(raw_svg, "map-reklamation")


@pytest.fixture(scope="session")
def tree(cleaned: str) -> ET.Element:
    return ET.fromstring(cleaned)


def groups(root: ET.Element, css_class: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if css_class in (g.get("class") or "").split()]


def title_of(element: ET.Element) -> str:
    title = element.find(f"{SVG}title")
    assert title is not None
    return title.text or ""


def tooltip_of(group: ET.Element) -> str:
    """What a browser shows on hovering a node or relation: its link's `<title>`."""
    links = list(group.iter(f"{SVG}a"))
    assert len(links) == 1
    return title_of(links[0])


def texts(element: ET.Element) -> list[str]:
    """Shown text lines; edge labels are padded with en spaces, which strip() drops."""
    return [(t.text or "").strip() for t in element.iter(f"{SVG}text")]


def node_group(root: ET.Element, node_id: str) -> ET.Element:
    found = [g for g in groups(root, "node") if title_of(g) == node_id]
    assert len(found) == 1, node_id
    return found[0]


# --------------------------------------------------------------------------- quoting


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kundenservice", '"Kundenservice"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("a\\b", '"a\\\\b"'),
        ("\\N \\G \\l \\r \\E", '"\\\\N \\\\G \\\\l \\\\r \\\\E"'),
        ("ends with \\", '"ends with \\\\"'),
        ('\\"', '"\\\\\\""'),
        ("two\nlines", '"two\\nlines"'),
        ("crlf\r\nand\rcr", '"crlf\\nand\\ncr"'),
        ("Müller & Söhne", '"Müller &amp; Söhne"'),
        ("&amp; stays text", '"&amp;amp; stays text"'),
        ("bell\x07 tab\t", '"bell tab "'),
        ("", '""'),
    ],
)
def test_quote(text: str, expected: str) -> None:
    assert quote(text) == expected


def test_a_tooltip_quotes_backslashes_for_both_of_graphvizs_readings() -> None:
    assert quote("\\N \\G", tooltip=True) == '"\\\\\\\\N \\\\\\\\G"'
    assert quote('\\"', tooltip=True) == '"\\\\\\\\\\""'
    assert quote("two\nlines", tooltip=True) == '"two\\nlines"'  # a line break, once
    assert attrs(tooltip="a\\b", label="a\\b") == '[label="a\\\\b", tooltip="a\\\\\\\\b"]'


def test_quote_keeps_the_hostile_name_inside_one_string() -> None:
    quoted = quote(EVIL)
    assert quoted == '"Evil\\" ]; x [label=\\"pwned"'
    # Every inner quote is escaped: only the outer two are bare.
    assert len(re.findall(r'(?<!\\)"', quoted)) == 2


def test_quote_id_cannot_break_out_either() -> None:
    assert quote_id("sh-kundenservice") == '"sh-kundenservice"'
    assert quote_id(EVIL) == '"Evil\\" ]; x [label=\\"pwned"'
    assert quote_id("a\\") == '"a&#92;"'  # DOT ids cannot end in a backslash
    assert quote_id("%3 & &amp;") == '"&#37;3 &amp; &amp;amp;"'  # `%3`: an anonymous graph
    assert quote_id("line\nbreak") == '"line break"'


def test_attrs_node_edge() -> None:
    assert attrs() == ""
    assert attrs(b=1, a="x", c=None) == '[a="x", b="1"]'
    assert attrs(flag=True, off=False, w=0.5) == '[flag="true", off="false", w="0.5"]'
    assert attrs(class_="cjm-node") == '[class="cjm-node"]'
    assert node("n1") == '"n1";'
    assert node("n1", label="A") == '"n1" [label="A"];'
    assert edge("a", "b") == '"a" -> "b";'
    dashed = edge("a", "b", style="dashed", label='x"y')
    assert dashed == '"a" -> "b" [label="x\\"y", style="dashed"];'


def test_wrap_label() -> None:
    assert wrap_label("Kundenservice") == "Kundenservice"
    assert wrap_label("Spedition Müller & Söhne") == "Spedition\nMüller & Söhne"
    wrapped = wrap_label("IT & CRM-Betrieb der Zentrale mit sehr vielen Aufgaben")
    assert all(len(line) <= 22 for line in wrapped.split("\n"))
    assert not any(line.endswith("&") for line in wrapped.split("\n"))
    long_word = "Donaudampfschifffahrtsgesellschaft"
    assert wrap_label(f"{long_word} Nord") == f"{long_word}\nNord"  # never cut a word
    assert wrap_label("Haus\u00a0Nr\u00a012 am sehr langen Weg").startswith("Haus\u00a0Nr\u00a012 ")
    assert wrap_label("eins\nzwei") == "eins\nzwei"


# --------------------------------------------------------------------------- DOT


def test_dot_contains_every_node_and_edge() -> None:
    source = sample_dot()
    for item in NODES:
        assert quote_id(item.id) in source
    for relation in EDGES[:-1]:
        for line in wrap_label(relation.label, 18).split("\n"):
            assert quote(line)[1:-1] in source
    assert "wird verworfen" not in source  # its target is not on the map
    assert '"sh-not-on-this-map"' not in source
    for title in ("Intern", "Extern", "Partner"):
        assert f'label="{title}"' in source
    assert source.startswith('digraph "Stakeholder-Karte: Reklamation" {')
    assert "cjm-graph-reklamation" in source


def test_dot_is_deterministic() -> None:
    assert sample_dot() == sample_dot()


def test_dot_styles() -> None:
    source = sample_dot()
    customer = next(line for line in source.splitlines() if line.strip().startswith('"customer" ['))
    assert 'shape="ellipse"' in customer and 'peripheries="2"' in customer
    assert 'URL="../personas/anna/"' in customer and 'target="_top"' in customer
    informal = next(line for line in source.splitlines() if "Rückmeldungen" in line)
    assert 'style="dashed"' in informal
    formal = next(line for line in source.splitlines() if "Lieferstatus" in line)
    assert 'style="solid"' in formal
    assert 'rankdir="TB"' in source


def test_dot_merges_parallel_relations_and_drops_self_loops() -> None:
    nodes = [MapNode("c", "C", "customer"), MapNode("a", "A", "internal")]
    edges = [
        MapEdge("a", "c", "Rat"),
        MapEdge("a", "c", "Tat"),
        MapEdge("a", "c", "Rat"),
        MapEdge("a", "a", "Selbstgespräch"),
    ]
    source = stakeholder_map_dot(nodes, edges, title="t", graph_id="g")
    assert source.count('"a" -> "c" [class=') == 1
    assert 'label="\u2002Rat\u2002\\n\u2002Tat\u2002"' in source
    assert "Selbstgespräch" not in source


def test_dot_without_customer_still_lays_out() -> None:
    nodes = [MapNode("a", "A", "internal"), MapNode("b", "B", "external")]
    source = stakeholder_map_dot(nodes, [MapEdge("a", "b", "x")], title="t", graph_id="g")
    assert 'style="invis"' not in source
    assert '"a" -> "b"' in source


# --------------------------------------------------------------------------- real dot


def test_svg_has_every_node_with_its_text(tree: ET.Element) -> None:
    assert len(groups(tree, "node")) == len(NODES)
    for item in NODES:
        g = node_group(tree, item.id)
        assert texts(g) == wrap_label(item.label).split("\n")


def test_hostile_name_is_plain_text(tree: ET.Element, cleaned: str) -> None:
    shown = texts(node_group(tree, "sh-evil"))
    assert shown == wrap_label(EVIL).split("\n")
    assert " ".join(shown) == EVIL
    assert "pwned" not in [title_of(g) for g in groups(tree, "node")]
    assert len(groups(tree, "node")) == len(NODES)  # no extra node "x" sneaked in


@pytest.mark.parametrize(
    "title",
    ["Kauf &amp; Miete", "Kauf & Miete", "Q&A &#38; &lt;b&gt; <b>", "Ende &", "&amp;amp;",
     "50 % Rabatt"],
)
def test_the_map_is_named_by_the_title_as_written(dot_path: str, title: str) -> None:
    # What a screen reader says and a tooltip shows is the journey's title, entities
    # and all: `&amp;` in a title is those five characters, not an `&`.
    source = stakeholder_map_dot(NODES[:2], EDGES[:1], title=title, graph_id="t",
                                 group_labels=LABELS)
    result = GraphvizRenderer(None, dot=dot_path).render(source)
    assert result.svg is not None, result.error
    root = ET.fromstring(clean_svg(result.svg, "t"))
    assert root.get("aria-label") == title
    assert title_of(groups(root, "graph")[0]) == title


def test_umlauts_survive(tree: ET.Element) -> None:
    all_text = " ".join(texts(tree))
    for word in ("Müller", "Söhne", "Fachhändler", "Süd", "Ersatzgerät", "Rückmeldungen"):
        assert word in all_text
    assert "Gerüchte über Öl" in all_text


def test_edges_drawn_with_labels_and_dashes(tree: ET.Element) -> None:
    edges = groups(tree, "cjm-edge")
    assert len(edges) == VISIBLE_EDGES  # skeleton edges are invisible
    informal = groups(tree, "cjm-informal")
    assert len(informal) == 1
    assert texts(informal[0]) == ["Rückmeldungen"]
    assert all(p.get("stroke-dasharray") for p in informal[0].iter(f"{SVG}path"))
    for g in groups(tree, "cjm-formal"):
        assert not any(p.get("stroke-dasharray") for p in g.iter(f"{SVG}path"))
    all_text = " ".join(texts(tree))
    for relation in EDGES[:-1]:
        for line in wrap_label(relation.label, 18).split("\n"):
            assert line in all_text


def test_links_and_tooltips(tree: ET.Element, cleaned: str) -> None:
    anchor = node_group(tree, "sh-spedition").find(f".//{SVG}a")
    assert anchor is not None
    assert anchor.get("href") == "../sp/"
    assert anchor.get("target") == "_top"
    assert title_of(anchor) == "Spedition Müller & Söhne"  # a <title> browsers show
    customer = node_group(tree, "customer").find(f".//{SVG}a")
    assert customer is not None and title_of(customer) == "Anna"
    assert "xlink" not in cleaned


def test_svg_is_inlineable(cleaned: str, tree: ET.Element) -> None:
    assert cleaned.startswith("<svg ")
    assert "<?xml" not in cleaned and "<!DOCTYPE" not in cleaned and "<!--" not in cleaned
    assert all(line.strip() for line in cleaned.split("\n")), "blank line in SVG"
    assert "width" not in tree.attrib and "height" not in tree.attrib
    assert tree.get("viewBox")
    assert re.fullmatch(r"--cjm-map-width:\d+px", tree.get("style", ""))
    assert tree.get("role") == "img"
    assert tree.get("aria-label") == "Stakeholder-Karte: Reklamation"
    assert "cjm-map" in tree.get("class", "").split()
    ids = [el.get("id") for el in tree.iter() if el.get("id")]
    assert ids and all(i.startswith("map-reklamation-") for i in ids)  # type: ignore[union-attr]
    assert len(ids) == len(set(ids))


def test_background_removed(dot_path: str, tree: ET.Element) -> None:
    graph = groups(tree, "graph")[0]
    assert [child.tag for child in graph][:2] == [f"{SVG}title", f"{SVG}g"]
    # A graph without bgcolor gets a white page from Graphviz; it must go.
    for extra in ("", 'tooltip="whole graph"; '):
        source = f"digraph G {{ {extra}a -> b; }}"
        raw = GraphvizRenderer(None, dot=dot_path).render(source).svg
        assert raw is not None and 'fill="white"' in raw
        cleaned = clean_svg(raw, "bg")
        assert 'fill="white"' not in cleaned
        assert len(list(ET.fromstring(cleaned).iter(f"{SVG}polygon"))) == 1  # the arrowhead


def test_css_hooks_present(tree: ET.Element) -> None:
    assert groups(tree, "cjm-customer")
    for group in ("internal", "external", "partner"):
        assert groups(tree, f"cjm-{group}")
        assert groups(tree, f"cjm-cluster-{group}")
    css = Path(__file__).parent.parent / "mkdocs_cjm_plugin" / "site" / "assets" / "map.css"
    text = css.read_text(encoding="utf-8")
    assert '[data-md-color-scheme="slate"] .cjm-map' in text
    for hook in ("cjm-customer", "cjm-internal", "cjm-external", "cjm-partner", "cjm-informal"):
        assert f".{hook}" in text


def test_rendering_is_byte_identical(dot_path: str, raw_svg: str, cleaned: str) -> None:
    again = GraphvizRenderer(None, dot=dot_path).render(sample_dot()).svg
    assert again == raw_svg
    assert again is not None and clean_svg(again, "map-reklamation") == cleaned


def test_two_maps_on_one_page_do_not_share_ids(raw_svg: str) -> None:
    first = ET.fromstring(clean_svg(raw_svg, "page-a"))
    second = ET.fromstring(clean_svg(raw_svg, "page b!"))  # sanitised to page-b
    ids_a = {el.get("id") for el in first.iter() if el.get("id")}
    ids_b = {el.get("id") for el in second.iter() if el.get("id")}
    assert ids_a and ids_b and not ids_a & ids_b
    assert all(i.startswith("page-b-") for i in ids_b)  # type: ignore[union-attr]


def test_references_follow_prefixed_ids(dot_path: str) -> None:
    gradient = 'digraph G { a [style=filled, fillcolor="red:blue"]; b -> a; }'
    svg = GraphvizRenderer(None, dot=dot_path).render(gradient).svg
    assert svg is not None and "url(#" in svg
    root = ET.fromstring(clean_svg(svg, "p"))
    ids = {el.get("id") for el in root.iter()}
    refs = re.findall(r"url\(#([^)]+)\)", ET.tostring(root, encoding="unicode"))
    assert refs and all(ref in ids and ref.startswith("p-") for ref in refs)


def test_renders_in_parallel_and_once_per_source(dot_path: str) -> None:
    renderer = GraphvizRenderer(None, dot=dot_path, max_workers=4)
    jobs = {f"map-{i}": f'digraph "m{i}" {{ a{i} -> b; }}' for i in range(6)}
    jobs["same-as-0"] = jobs["map-0"]
    results = renderer.render_many(jobs)
    assert list(results) == list(jobs)
    assert all(r.svg and r.error is None and not r.from_cache for r in results.values())
    assert renderer.rendered == 6
    assert results["same-as-0"] == results["map-0"]


# property: whatever the name, Graphviz shows exactly the (wrapped) name
NAME = st.text(
    alphabet=st.one_of(
        st.sampled_from('\\"&;[]{}<>=-#%:/ '),
        st.characters(blacklist_categories=("Cs", "Cc", "Z")),
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAME)
@example(name="Shop \\N \\G \\L \\E \\T \\H \\l \\n \\\\ &amp; end\\")
@example(name="%3 \\G")
def test_any_name_round_trips_through_graphviz(name: str) -> None:
    dot_bin = shutil.which("dot")
    assert dot_bin, INSTALL_HINT
    nodes = [MapNode("customer", name, "customer"), MapNode("x", name, "partner")]
    source = stakeholder_map_dot(nodes, [MapEdge("x", "customer", name)], title=name, graph_id="p")
    result = GraphvizRenderer(None, dot=dot_bin).render(source)
    assert result.svg is not None, result.error
    root = ET.fromstring(clean_svg(result.svg, "p"))
    assert root.get("aria-label") == " ".join(name.split())
    assert texts(node_group(root, "x")) == wrap_label(name).split("\n")
    assert len(groups(root, "node")) == 2 and len(groups(root, "cjm-edge")) == 1
    # Tooltips too: Graphviz expands `\N`, `\G` and `\L` in them where it can.
    assert tooltip_of(node_group(root, "x")) == name
    assert tooltip_of(groups(root, "cjm-edge")[0]) == f"{name} \u2192 {name}: {name}"


# --------------------------------------------------------------------------- cache


def test_cache_renders_unchanged_jobs_never_again(dot_path: str, tmp_path: Path) -> None:
    jobs = {"a": "digraph A { a -> b; }", "b": "digraph B { c -> d; }"}
    first = GraphvizRenderer(tmp_path, dot=dot_path)
    results = first.render_many(jobs)
    assert (first.rendered, first.cached) == (2, 0)
    manifest = signed_json(tmp_path / "cjm-cache.json")["maps"]
    assert set(manifest) == {"a", "b"}
    assert all(re.fullmatch(r"[0-9a-f]{64}", v["digest"]) for v in manifest.values())
    assert all((tmp_path / f"{v['digest']}.svg").is_file() for v in manifest.values())

    second = GraphvizRenderer(tmp_path, dot=dot_path)  # a new build, same folder
    again = second.render_many(jobs)
    assert (second.rendered, second.cached) == (0, 2)
    assert all(r.from_cache for r in again.values())
    assert {k: r.svg for k, r in again.items()} == {k: r.svg for k, r in results.items()}

    third = GraphvizRenderer(tmp_path, dot=dot_path)
    changed = third.render_many({**jobs, "b": "digraph B { c -> e; }"})
    assert (third.rendered, third.cached) == (1, 1)
    assert not changed["b"].from_cache and changed["a"].from_cache
    assert len(list(tmp_path.glob("*.svg"))) == 2  # the old "b" picture was pruned


def test_corrupt_manifest_means_render_again(dot_path: str, tmp_path: Path) -> None:
    jobs = {"a": "digraph A { a -> b; }"}
    GraphvizRenderer(tmp_path, dot=dot_path).render_many(jobs)
    (tmp_path / "cjm-cache.json").write_text("{ not json", encoding="utf-8")
    renderer = GraphvizRenderer(tmp_path, dot=dot_path)
    result = renderer.render_many(jobs)["a"]
    assert result.svg and renderer.rendered == 1
    signed_json(tmp_path / "cjm-cache.json")  # repaired
    (tmp_path / "cjm-cache.json").write_text("[1, 2]", encoding="utf-8")  # valid JSON, wrong shape
    assert GraphvizRenderer(tmp_path, dot=dot_path).render_many(jobs)["a"].svg


def test_missing_svg_file_means_render_again(dot_path: str, tmp_path: Path) -> None:
    jobs = {"a": "digraph A { a -> b; }"}
    GraphvizRenderer(tmp_path, dot=dot_path).render_many(jobs)
    for svg in tmp_path.glob("*.svg"):
        svg.unlink()
    renderer = GraphvizRenderer(tmp_path, dot=dot_path)
    assert renderer.render_many(jobs)["a"].svg and renderer.rendered == 1


def test_dot_failure_reports_stderr_and_is_not_cached(dot_path: str, tmp_path: Path) -> None:
    renderer = GraphvizRenderer(tmp_path, dot=dot_path)
    result = renderer.render_many({"bad": "digraph { a -> ; }"})["bad"]
    assert result.svg is None and result.error is not None
    assert "syntax error" in result.error
    assert renderer.render_many({"bad": "digraph { a -> ; }"})["bad"].error
    assert renderer.rendered == 2


# --------------------------------------------------------------------------- no Graphviz


def test_install_hint_names_every_platform() -> None:
    for needle in ("sudo apt-get install graphviz", "brew install graphviz", "winget", "choco"):
        assert needle in INSTALL_HINT
    assert "PATH" in INSTALL_HINT


def assert_missing(results: dict[str, RenderResult]) -> None:
    for result in results.values():
        assert result.svg is None and not result.from_cache
        assert result.error is not None
        assert "apt-get install graphviz" in result.error and "brew install" in result.error


def test_missing_dot_by_path(tmp_path: Path) -> None:
    renderer = GraphvizRenderer(tmp_path, dot="/nonexistent/dot")
    assert_missing(renderer.render_many({"a": "digraph { a; }", "b": "digraph { b; }"}))
    assert renderer.rendered == 0


def test_missing_dot_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert_missing(GraphvizRenderer(None).render_many({"a": "digraph { a; }"}))


def test_fallback_html() -> None:
    source = 'digraph "x" {\n\n  a [label="<b>&"];\n\n}\n'
    out = fallback_html(source, f"Graphviz 'dot' not found.\n{INSTALL_HINT}")
    assert out.startswith('<div class="admonition warning')
    assert '<p class="admonition-title">' in out
    assert all(line.strip() for line in out.split("\n")), "blank line in fallback"
    assert "&lt;b&gt;&amp;" in out and "<b>" not in out
    assert "brew install graphviz" in out
    code = re.search(r"<code[^>]*>(.*)</code>", out)
    assert code and code.group(1).split("&#10;")[1] == ""  # the blank line is kept, encoded


# --------------------------------------------------------------------------- bounded work


@pytest.mark.parametrize("text", [
    "Donaudampfschifffahrtsgesellschaft" * 3000,  # no space at all
    "ab " * 33_000,  # 33,000 short words
    "a " * 50_000,
    "Spedition & " * 8000,  # connectors glued to the next word
    "Zeile\n" * 20_000,  # many paragraphs
])
def test_wrapping_any_length_gives_a_small_box(text: str) -> None:
    lines = wrap_label(text).split("\n")
    assert len(lines) <= MAX_LABEL_CHARS // 10
    assert sum(len(line) for line in lines) <= MAX_LABEL_CHARS
    assert lines[-1].endswith("\u2026")


def test_clip_label_cuts_at_a_space_near_the_end() -> None:
    assert clip_label("kurz") == "kurz"
    assert clip_label("x" * 200) == "x" * 119 + "\u2026"
    assert clip_label("Wort " * 40) == ("Wort " * 23).rstrip() + "\u2026"
    assert len(clip_label("Wort " * 40)) <= MAX_LABEL_CHARS


def test_quoted_text_stays_within_what_graphviz_reads(dot_path: str) -> None:
    # `&` becomes `&amp;`: five characters for one, the worst case of escaping.
    name = "&" * 100_000
    nodes = [MapNode("customer", name, "customer", tooltip=name), MapNode("x", name, "partner")]
    source = stakeholder_map_dot(nodes, [MapEdge("x", "customer", name)], title=name,
                                 graph_id="p")
    result = GraphvizRenderer(None, dot=dot_path).render(source)
    assert result.svg is not None, result.error
    assert all(len(q) < 16_384 for q in re.findall(r'"(?:[^"\\]|\\.)*"', source))


def _map(stakeholders: int, related: bool) -> tuple[list[MapNode], list[MapEdge]]:
    nodes = [MapNode("customer", "Kunde", "customer")]
    nodes += [MapNode(f"s{i}", f"S {i}", "internal") for i in range(stakeholders)]
    edges = [MapEdge(f"s{i}", "customer", "Leistung") for i in range(stakeholders)]
    if related:
        edges += [MapEdge(f"s{i}", f"s{j}", "Info") for i in range(stakeholders)
                  for j in range(stakeholders) if i != j]
    return nodes, edges


def test_fit_map_keeps_a_map_within_the_limits() -> None:
    nodes, edges = _map(12, related=True)  # 12 + 132 = 144 relations
    drawn, total = fit_map(nodes, edges)
    assert drawn == edges and total == 144


def test_fit_map_keeps_only_customer_relations_of_a_dense_map() -> None:
    nodes, edges = _map(30, related=True)  # 30 + 870 relations
    drawn, total = fit_map(nodes, edges)
    assert total == 900
    assert drawn is not None and len(drawn) == 30
    assert all(e.target == "customer" for e in drawn)


def test_fit_map_draws_no_map_of_too_many_stakeholders() -> None:
    nodes, edges = _map(MAX_MAP_STAKEHOLDERS + 1, related=False)
    assert fit_map(nodes, edges) == (None, MAX_MAP_STAKEHOLDERS + 1)
    nodes, edges = _map(MAX_MAP_STAKEHOLDERS, related=False)
    assert fit_map(nodes, edges)[0] == edges


def test_the_largest_map_allowed_is_drawn(dot_path: str) -> None:
    """A star of the most stakeholders a map may have (measured: a fraction of a second)."""
    nodes, edges = _map(MAX_MAP_STAKEHOLDERS, related=False)
    drawn, _ = fit_map(nodes, edges)
    assert drawn is not None
    source = stakeholder_map_dot(nodes, drawn, title="Alle", graph_id="all")
    result = GraphvizRenderer(None, dot=dot_path).render(source)
    assert result.svg is not None, result.error
    root = ET.fromstring(clean_svg(result.svg, "p"))
    assert len(groups(root, "node")) == MAX_MAP_STAKEHOLDERS + 1


# --------------------------------------------------------------------------- SVG cleaning


HOSTILE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
  width="100pt" height="50pt" viewBox="0 0 100 50" onload="alert(1)">
<script>alert(2)</script>
<g id="graph0" class="graph" style="background:url(https://evil.example/)">
<title>G</title>
<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/"/>
</foreignObject>
<g id="node1" class="node" onclick="alert(3)" onmouseover="alert(4)">
<title>a</title>
<a xlink:href="java&#9;script:alert(5)" xlink:title="a"><text x="1" y="2">A</text></a>
<a xlink:href="DATA:text/html,x"><text x="1" y="2">B</text></a>
<a xlink:href="cjmlink:stakeholder/x" target="javascript:alert(6)"><text x="1" y="2">C</text></a>
<a href="../x/#y"><text x="1" y="2">D</text></a>
<set attributeName="href" to="javascript:alert(7)"/>
<animate attributeName="href" values="javascript:alert(8)"/>
<use href="https://evil.example/x.svg#a"/>
</g>
<defs><linearGradient id="l_0"><stop offset="0" style="stop-color:red;stop-opacity:1.0;"/>
<stop offset="1" style="stop-color:blue;background:url(x)"/></linearGradient></defs>
</g>
</svg>"""


def test_cleaning_keeps_only_what_graphviz_draws() -> None:
    cleaned = clean_svg(HOSTILE_SVG, "p")
    lowered = cleaned.lower()
    for bad in ("script", "onload", "onclick", "onmouseover", "foreignobject", "iframe",
                "evil.example", "data:", "<set", "<animate", "<use", "background"):
        assert bad not in lowered, bad
    root = ET.fromstring(cleaned)
    links = {"".join(a.itertext()).strip(): a.get("href") for a in root.iter(f"{SVG}a")}
    assert links == {"a\nA": None, "B": None, "C": "cjmlink:stakeholder/x", "D": "../x/#y"}
    assert all(a.get("target") is None for a in root.iter(f"{SVG}a"))
    stops = [s.get("style") for s in root.iter(f"{SVG}stop")]
    assert stops == ["stop-color:red;stop-opacity:1.0;", None]
    assert [t.text for t in root.iter(f"{SVG}text")] == ["A", "B", "C", "D"]


# --------------------------------------------------------------------------- cache ownership


def test_a_changed_cache_file_is_drawn_again(dot_path: str, tmp_path: Path) -> None:
    jobs = {"a": "digraph A { a -> b; }"}
    GraphvizRenderer(tmp_path, dot=dot_path).render_many(jobs)
    [svg] = tmp_path.glob("*.svg")
    svg.write_text(svg.read_text(encoding="utf-8").replace("</svg>", "<script/></svg>"),
                   encoding="utf-8")
    renderer = GraphvizRenderer(tmp_path, dot=dot_path)
    result = renderer.render_many(jobs)["a"]
    assert renderer.rendered == 1 and not result.from_cache
    assert result.svg is not None and "<script" not in result.svg
    assert "<script" not in svg.read_text(encoding="utf-8")  # repaired


@pytest.mark.parametrize(("files", "problem"), [
    ({}, None),
    ({"manifest.json": "{}", "a" * 64 + ".svg": "<svg/>"}, None),  # version 1 of the cache
    ({"cjm-cache.json": "{}", "b" * 64 + ".svg": "<svg/>"}, None),  # its tag was deleted
    ({"CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n"},
     "holds files the plugin did not write ('CACHEDIR.TAG', ...)"),  # another tool's cache
    ({"logo.svg": "<svg/>"}, "holds files the plugin did not write ('logo.svg', ...)"),
    ({"manifest.json": "{}", "notes.txt": "x"},
     "holds files the plugin did not write ('notes.txt', ...)"),
    # A cache of the plugin's whose tag was damaged: its own files say it is ours.
    ({"CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n# cut", "files": None,
      "cjm-cache.json": "{}"}, None),
    # Temporary files of the user's, and a folder of read files with the user's files in
    # it, are not the plugin's.
    ({".draft.tmp": "x"}, "holds files the plugin did not write ('.draft.tmp', ...)"),
    ({"files": None, "files/manifest.json": "{}", "files/.notes.tmp": "x"},
     "holds files the plugin did not write ('files/.notes.tmp', ...)"),
    ({"files": None, "files/" + "c" * 64 + ".pickle": "x", "files/photo.png": "x"},
     "holds files the plugin did not write ('files/photo.png', ...)"),
    ({"files": "a file"}, "holds 'files' as a file, where the plugin keeps a folder"),
])
def test_the_cache_uses_only_a_folder_of_its_own(
    dot_path: str, tmp_path: Path, files: dict[str, str], problem: str | None
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    for name, text in files.items():
        if text is None:
            (folder / name).mkdir()
        else:
            (folder / name).write_text(text, encoding="utf-8")
    before = _files_below(folder)
    renderer = GraphvizRenderer(folder, dot=dot_path)
    result = renderer.render_many({"a": "digraph A { a -> b; }"})["a"]
    assert result.svg is not None
    found = renderer.claim_cache()
    if problem is None:
        assert found is None
        assert (folder / "CACHEDIR.TAG").read_text(encoding="utf-8") == CACHE_TAG_TEXT
    else:
        assert found is not None and problem in found
        assert _files_below(folder) == before
    # Files the cache did not write are never changed; its own list and tag it keeps up
    # to date.
    assert all((folder / name).read_bytes() == data for name, data in before.items()
               if name not in ("cjm-cache.json", "CACHEDIR.TAG"))


def _files_below(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_cache_folder_below_a_file_is_refused(dot_path: str, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("mine", encoding="utf-8")
    renderer = GraphvizRenderer(tmp_path / "afile" / "sub", dot=dot_path)
    assert renderer.render_many({"a": "digraph A { a -> b; }"})["a"].svg
    problem = renderer.claim_cache()
    assert problem is not None and "cannot be made: '" in problem
    assert problem.endswith("afile' is a file, not a folder; set `cache_dir` to a new folder "
                            "such as `.cache/cjm`")
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "mine"


def test_a_link_as_the_folder_of_read_files_is_refused(dot_path: str, tmp_path: Path) -> None:
    """A cache restored from elsewhere must not send the plugin's writes (and deletions)
    into the user's folders through a link."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "manifest.json").write_text('{"name": "my PWA"}', encoding="utf-8")
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "CACHEDIR.TAG").write_text(CACHE_TAG_TEXT, encoding="utf-8")
    (folder / "files").symlink_to(docs, target_is_directory=True)
    renderer = GraphvizRenderer(folder, dot=dot_path)
    assert renderer.render_many({"a": "digraph A { a -> b; }"})["a"].svg
    problem = renderer.claim_cache()
    assert problem is not None
    assert "holds 'files' as a link, where the plugin keeps a folder of its own" in problem
    assert read_cache(folder, {}).folder is None  # nothing is read or written through it
    assert [p.name for p in docs.iterdir()] == ["manifest.json"]
    assert (docs / "manifest.json").read_text(encoding="utf-8") == '{"name": "my PWA"}'


def test_the_cache_stays_out_of_the_docs_folder(dot_path: str, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    renderer = GraphvizRenderer(docs / "maps", dot=dot_path, forbidden={"docs folder": docs})
    assert renderer.render_many({"a": "digraph A { a -> b; }"})["a"].svg
    problem = renderer.claim_cache()
    assert problem is not None and "is inside the docs folder" in problem
    assert not docs.exists()


def test_a_dot_run_that_takes_too_long_is_stopped_with_a_message(dot_path: str) -> None:
    # Thousands of nodes keep any dot busy for far longer than a hundredth of a second.
    big = "digraph G {\n" + "\n".join(f"n{i} -> n{(i * 7) % 3000};" for i in range(3000)) + "\n}"
    renderer = GraphvizRenderer(None, dot=dot_path, timeout=0.01)
    result = renderer.render(big)
    assert result.svg is None and not result.missing
    assert result.error == (
        "Graphviz 'dot' did not finish a stakeholder map within 0.01 s and was stopped; the "
        "page shows the map's DOT source instead. Record fewer relations between the "
        "stakeholders of that map"
    )


def test_cleaning_keeps_what_newer_graphviz_versions_write() -> None:
    # Graphviz 9 and later write xml:space and font-stretch on every label text.
    svg = (
        '<svg width="62pt" height="40pt" viewBox="0 0 62 40" xmlns="http://www.w3.org/2000/svg">'
        '<g id="graph0" class="graph"><title>G</title><g id="node1" class="node"><title>a</title>'
        '<text xml:space="preserve" text-anchor="middle" x="27" y="-8" font-family="Times,serif"'
        ' font-stretch="condensed" font-size="14.00">a  b</text></g></g></svg>'
    )
    [text] = ET.fromstring(clean_svg(svg, "p")).iter(f"{SVG}text")
    assert text.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert text.get("font-stretch") == "condensed" and text.text == "a  b"
