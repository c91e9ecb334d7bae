"""Golden tests: exact output for fixed input, to see every change in a diff.

The inputs live in tests/golden/, the expected outputs (snapshots, one file each) in
tests/__snapshots__/test_golden/. After an intended change, refresh them with
`./dev test tests/test_golden.py --snapshot-update` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from mkdocs_cjm_plugin.cli.main import main
from mkdocs_cjm_plugin.core.model import SiteOptions
from mkdocs_cjm_plugin.core.pipeline import load_catalogue
from mkdocs_cjm_plugin.i18n.labels import Labels
from mkdocs_cjm_plugin.pictures.graphviz import GraphvizRenderer
from mkdocs_cjm_plugin.site.handbook import Handbook
from mkdocs_cjm_plugin.site.urls import Urls

GOLDEN = Path(__file__).parent / "golden"

_MAP_SVG = re.compile(r'<svg viewBox="[^"]*"(?P<attrs>[^>]*class="cjm-map"[^>]*)>.*?</svg>', re.S)
_MAP_PART = re.compile(
    r'<g id="[^"]*" class="(?P<cls>(?:node|edge|cluster)[^"]*)">\n<title>(?P<title>[^<]*)</title>'
    r'(?:\n<g id="[^"]*"><a(?P<link>[^>]*)>\n<title>(?P<tip>[^<]*)</title>)?'
)


def _map_outline(match: re.Match[str]) -> str:
    """The stakeholder map as its nodes, edges and clusters with their classes, links and
    tooltips: what we put into the DOT. Graphviz's coordinates, sizes and font metrics
    depend on its version and the installed fonts, so they are left out of the golden."""
    attrs = re.sub(r'\s*style="[^"]*"', "", match.group("attrs"))
    parts = [
        f'  {m["cls"]} | {m["title"]} | {m["tip"] or ""} |{m["link"] or ""}'
        for m in _MAP_PART.finditer(match.group(0))
    ]
    return "<svg" + attrs + ">\n" + "\n".join(parts) + "\n</svg>"


class _Text(SingleFileSnapshotExtension):
    """A snapshot as a text file of its own, readable in a diff."""

    _write_mode = WriteMode.TEXT


class _Markdown(_Text):
    file_extension = "md"


class _Txt(_Text):
    file_extension = "txt"


def test_check_output_of_a_broken_folder(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    snapshot: SnapshotAssertion,
) -> None:
    monkeypatch.chdir(GOLDEN)
    code = main(["check", "broken", "--today", "2026-11-23"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out + "--- stderr ---\n" + err == snapshot.use_extension(_Txt)


def test_generated_journey_page_without_mkdocs(snapshot: SnapshotAssertion) -> None:
    """The core renders a page with no MkDocs build: the adapter only hands it over."""
    options = SiteOptions(today=dt.date(2026, 11, 23))
    result = load_catalogue(GOLDEN / "small", options, base=GOLDEN)
    assert result.errors == []
    handbook = Handbook(
        catalogue=result.catalogue, options=options, labels=Labels("de"),
        urls=Urls("handbook", True), renderer=GraphvizRenderer(None),
    )
    pages = {page.src_uri: page for page in handbook.pages()}
    assert sorted(pages) == [
        "handbook/actions/index.md", "handbook/journeys/index.md",
        "handbook/journeys/reklamation.md", "handbook/kpis/index.md",
        "handbook/overview/index.md", "handbook/personas/anna.md",
        "handbook/personas/index.md", "handbook/stakeholders/index.md",
        "handbook/touchpoints/index.md",
    ]
    page = pages["handbook/journeys/reklamation.md"]
    # The core's page: Markdown with its HTML blocks in place, no front matter (that,
    # like parking HTML past Python-Markdown, is the MkDocs target's business).
    markdown = page.content
    outlined, maps = _MAP_SVG.subn(_map_outline, markdown)
    assert maps == 1
    assert outlined == snapshot.use_extension(_Markdown)


def test_generated_pages_across_journeys_without_mkdocs(snapshot: SnapshotAssertion) -> None:
    """The overview, touchpoints, action plan and KPI board of the small handbook, exactly."""
    options = SiteOptions(today=dt.date(2026, 11, 23))
    result = load_catalogue(GOLDEN / "small", options, base=GOLDEN)
    handbook = Handbook(
        catalogue=result.catalogue, options=options, labels=Labels("de"),
        urls=Urls("handbook", True), renderer=GraphvizRenderer(None),
    )
    pages = {page.src_uri: page for page in handbook.pages()}
    names = ("overview", "touchpoints", "actions", "kpis")
    text = "".join(
        f"<!-- handbook/{name}/index.md -->\n{pages[f'handbook/{name}/index.md'].content}"
        for name in names
    )
    assert text == snapshot.use_extension(_Markdown)
