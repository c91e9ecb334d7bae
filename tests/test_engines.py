"""The example handbook built four ways: the plugin under MkDocs (the reference),
`cjm generate` + MkDocs without the plugin, `cjm generate` + Zensical, and the plugin
under ProperDocs. Each must show the same journey, persona and stakeholder pages with
the same pictures."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from mkdocs_cjm_plugin.cli import main
from tests.sitekit import Doc, Node, build_site, parse_file

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"
PREFIX = "handbook"


def copy_example(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in ("journeys", "docs"):
        shutil.copytree(REPO / name, root / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    # One date for every build: stale badges and overdue marks must not differ.
    config = config.replace("      stale_after_days: 365\n",
                            f"      stale_after_days: 365\n      today: {TODAY}\n")
    assert f"today: {TODAY}" in config
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def generate(root: Path, monkeypatch: pytest.MonkeyPatch, engine: str, *more: str) -> int:
    monkeypatch.chdir(root)
    return main(["generate", "--engine", engine, "--out", f"docs/{PREFIX}", *more])


def without_plugin(root: Path, *, keep_entry: bool = False) -> Path:
    """mkdocs.yml as the lines of cjm-nav.yml say: the pages in the nav, the CSS and
    JavaScript added; the cjm plugin entry removed (MkDocs would run the plugin)."""
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)
    snippet = yaml.safe_load((root / "docs" / PREFIX / "cjm-nav.yml").read_text("utf-8"))
    if not keep_entry:
        config["plugins"] = [p for p in config["plugins"] if p == "search"]
    config["extra_css"] = snippet["extra_css"]
    config["extra_javascript"] = snippet["extra_javascript"]
    config["nav"] = [*config["nav"], *snippet["nav"]]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                     encoding="utf-8")
    return root


def generated_pages(site: Path) -> list[str]:
    """The HTML files of the generated pages, relative to the site folder."""
    return sorted(
        p.relative_to(site).as_posix()
        for folder in ("journeys", "personas", "stakeholders")
        for p in (site / PREFIX / folder).rglob("index.html")
    )


def _outside_buttons(node: Node) -> bool:
    return not any(a.has_class("md-content__button") for a in [node, *node.ancestors()])


def content(doc: Doc) -> dict[str, Any]:
    """What a reader sees of a page's own content: its headings with their anchors, its
    pictures (each SVG's label and text), its links and its text. The theme's edit button
    is left out: the plugin points it at the YAML file, a generated page at itself."""
    main_node = doc.main()
    nodes = [n for n in main_node.iter() if _outside_buttons(n)]
    headings = [
        (n.tag, n.attrs.get("id"), " ".join(n.text().replace("¶", "").split()))
        for n in nodes if n.tag in ("h1", "h2", "h3", "h4")
    ]
    pictures = [
        (n.attrs.get("aria-label"), n.attrs.get("class"), " ".join(n.text().split()))
        for n in nodes if n.tag == "svg"
    ]
    links = [n.attrs["href"] for n in nodes if n.tag == "a" and "href" in n.attrs
             and not n.has_class("headerlink")]
    links += [n.attrs["src"] for n in nodes if n.tag == "img"]
    text = " ".join(
        " ".join(n.text().split()) for n in main_node.iter()
        if n.tag in ("p", "li", "td", "th", "dd", "dt", "figcaption") and _outside_buttons(n)
    )
    return {"headings": headings, "pictures": pictures, "links": links, "text": text}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example handbook built by MkDocs with the plugin."""
    root = copy_example(tmp_path_factory.mktemp("plugin") / "project")
    build_site(root)
    return root / "site"


def assert_same_pages(site: Path, reference: Path) -> None:
    pages = generated_pages(reference)
    assert len(pages) >= 9  # indexes, the example's journeys and personas
    assert generated_pages(site) == pages
    for page in pages:
        expected, got = content(parse_file(reference / page)), content(parse_file(site / page))
        assert got["headings"] == expected["headings"], page
        assert got["pictures"] == expected["pictures"], page
        assert got["links"] == expected["links"], page
        assert got["text"] == expected["text"], page
    # The pictures are there at all: each journey page has its curve and its map.
    journey = content(parse_file(site / PREFIX / "journeys" / "buero-kaffee-ist" / "index.html"))
    texts = [text for _, _, text in journey["pictures"]]
    assert any(t.startswith("Emotionskurve: Kaffeeversorgung fürs Büro beschaffen (Ist)")
               for t in texts)
    # The stakeholder map, drawn by Graphviz, and its file of its own at full size.
    assert any("Spedition Hanse Logistik" in t for t in texts)
    assert (site / PREFIX / "maps" / "journey-buero-kaffee-ist.svg").is_file()


def test_generate_then_mkdocs_without_plugin_gives_the_plugins_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: Path
) -> None:
    root = copy_example(tmp_path / "project")
    assert generate(root, monkeypatch, "mkdocs") == 0
    build_site(without_plugin(root))
    assert_same_pages(root / "site", reference)
    # The CSS and script are published where the snippet says.
    assert (root / "site" / PREFIX / "assets" / "cjm" / "cjm.css").is_file()
    assert (root / "site" / PREFIX / "assets" / "cjm" / "cjm.js").is_file()


def test_generate_then_zensical_gives_the_plugins_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: Path
) -> None:
    root = copy_example(tmp_path / "project")
    assert generate(root, monkeypatch, "zensical") == 0
    # Zensical ignores plugins it does not run: the cjm entry may stay for `cjm generate`.
    without_plugin(root, keep_entry=True)
    done = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "-f", "mkdocs.yml"],
        cwd=root, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # Zensical checks every link of every page: the generated ones all lead somewhere.
    assert "No issues found" in done.stderr, done.stderr
    assert_same_pages(root / "site", reference)


def test_properdocs_builds_the_example_with_the_plugin(
    tmp_path: Path, reference: Path
) -> None:
    root = copy_example(tmp_path / "project")
    done = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"],
        cwd=root, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert_same_pages(root / "site", reference)


def test_properdocs_finds_the_plugin_under_its_own_entry_point() -> None:
    from importlib.metadata import entry_points

    found = {e.name: e.value for e in entry_points(group="properdocs.plugins")}
    assert found.get("cjm") == "mkdocs_cjm_plugin.targets.mkdocs.plugin:CjmPlugin"
