"""Names and places from the file system in real MkDocs builds.

File names are input: a hostile name stays text on the page and part of the path in
the "edit this page" link. A generated page never replaces a file of the author's at
the same address, and the build stops before the previous site is touched. Ids that
cannot name a page get none. The same project gives the same bytes from any working
directory, and no page shows where the project lives.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from mkdocs.exceptions import Abort, PluginError
from sitekit import (
    EDIT_URI,
    PERSONAS,
    REPO_URL,
    Site,
    build_site,
    parse_file,
    snapshot_files,
    write_project,
)


def _failure(caplog: pytest.LogCaptureFixture, exc: BaseException) -> str:
    """What the author sees of a failed build: the exception and the logged errors."""
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    return "\n".join([str(exc), *logged])


def _journey(ident: str, **extra: Any) -> str:
    lines = [
        "kind: journey", f"id: {ident}", f"title: Reise {ident}", "persona: anna",
        "phases:", "  - name: Start", "    steps:", "      - name: Denkt nach",
        "        emotion: 3",
    ]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- hostile names

HOSTILE_NAMES = [
    'zitat" onmouseover="alert(1)',
    "apostroph' onfocus='alert(2)",
    "<img src=x onerror=alert(3)>",
    "Müller & Söhne",
    "raute#anker",
    "frage?x=1",
    "prozent%20%3Cb%3E",
    "leer zeichen",
    "Größe 日本語 ñ",
    "rtl\u202egpj.exe",
    "javascript:alert(4)",
]
"""File names (without `.yml`); one journey each, `j1`, `j2`, ... in this order."""


@pytest.fixture(scope="module", params=["mkdocs", "material"])
def named(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        site = write_project(
            tmp_path_factory.mktemp(f"names-{request.param}"), theme=request.param,
            journeys=[], personas=PERSONAS[:1], stakeholders=[],
        )
        folder = site.root / "journeys" / "journeys"
        for number, name in enumerate(HOSTILE_NAMES, start=1):
            (folder / f"{name}.yml").write_text(
                _journey(f"j{number}", tags="B2B, Kauf"), encoding="utf-8"
            )
            # An invalid journey gets a page of its own that lists its errors.
            (folder / f"{name}.yaml").write_text(
                _journey(f"kaputt-{number}", farbe="blau"), encoding="utf-8"
            )
        build_site(site.root)
    return site


def _edit_links(site: Site, src: str) -> list[str]:
    base = REPO_URL + EDIT_URI.replace("docs/", "")
    return [
        a.attrs["href"] for a in site.page(src).root.find_all("a")
        if a.attrs.get("href", "").startswith(base)
    ]


@pytest.mark.parametrize("number", range(1, len(HOSTILE_NAMES) + 1))
def test_the_edit_link_keeps_the_file_name_in_its_path(named: Site, number: int) -> None:
    name = HOSTILE_NAMES[number - 1]
    for src, suffix in ((named.journey_src(f"j{number}"), "yml"),
                        (named.journey_src(f"kaputt-{number}"), "yaml")):
        links = _edit_links(named, src)
        assert links, f"{src}: no edit link"
        for href in links:
            parts = urlsplit(href)
            assert unquote(parts.path).endswith(f"/journeys/journeys/{name}.{suffix}"), href
            assert not parts.query and not parts.fragment, href
            assert not set(href) & set("\"'<> \u202e"), href


@pytest.mark.parametrize("number", range(1, len(HOSTILE_NAMES) + 1))
def test_the_file_name_is_shown_as_text_where_a_page_names_it(named: Site, number: int) -> None:
    # A bidirectional override would make the name read backwards ("exe.jpg"): pages show
    # the name without it, in the order it is stored.
    name = HOSTILE_NAMES[number - 1].replace("\u202e", "")
    # Two tags written as one text: the journey page lists the warning.
    page = named.page(named.journey_src(f"j{number}")).text()
    assert f"journeys/journeys/{name}.yml:10:7" in page
    broken = named.page(named.journey_src(f"kaputt-{number}")).text()
    assert f"journeys/journeys/{name}.yaml:10:1" in broken


def test_no_file_name_adds_markup_to_a_page(named: Site) -> None:
    for path in named.generated_html():
        doc = parse_file(path)
        for node in doc.root.iter():
            handlers = [a for a in node.attrs if a.lower().startswith("on")]
            assert not handlers, (path, node.tag, node.attrs)
            assert not (node.tag == "img" and node.attrs.get("src") == "x"), path
            for attr in ("href", "src", "action"):
                assert not node.attrs.get(attr, "").lower().startswith("javascript:"), path


# --------------------------------------------------------------------------- collisions

# (the author's file in docs/, use_directory_urls, the generated page it is in the way of)
COLLISIONS = [
    ("journeys/index.md", True, "journeys/index.md"),
    ("journeys/index.md", False, "journeys/index.md"),
    ("journeys/README.md", True, "journeys/index.md"),
    ("journeys/README.md", False, "journeys/index.md"),
    ("journeys.md", True, "journeys/index.md"),
    ("personas/README.md", True, "personas/index.md"),
    ("personas/README.md", False, "personas/index.md"),
    ("stakeholders.markdown", True, "stakeholders/index.md"),
    ("journeys/kauf-ist/index.md", True, "journeys/kauf-ist.md"),
    ("journeys/kauf-ist/README.md", True, "journeys/kauf-ist.md"),
    ("journeys/kauf-ist.markdown", False, "journeys/kauf-ist.md"),
    ("personas/anna/index.html", True, "personas/anna.md"),
    ("personas/anna.html", False, "personas/anna.md"),
    # The pages across journeys: a site that has an `overview.md` of its own.
    ("overview.md", True, "overview/index.md"),
    ("actions/index.md", False, "actions/index.md"),
    ("kpis/README.md", True, "kpis/index.md"),
    ("touchpoints.md", True, "touchpoints/index.md"),
]
# Files at the same source path in another layout, which MkDocs publishes elsewhere.
NO_COLLISIONS = [
    ("journeys.md", False),
    ("overview.md", False),
    ("journeys/kauf-ist/index.md", False),
    ("personas/anna/README.md", False),
    ("personas/anna.html", True),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[bool], Site]:
    """A project built once per layout; each test works on a copy of it, previous site
    included."""
    sites: dict[bool, Site] = {}

    def get(use_directory_urls: bool) -> Site:
        if use_directory_urls not in sites:
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("NO_MKDOCS_2_WARNING", "1")
                site = write_project(
                    tmp_path_factory.mktemp("built"), use_directory_urls=use_directory_urls
                )
                build_site(site.root)
            sites[use_directory_urls] = site
        return sites[use_directory_urls]

    return get


def _copy(site: Site, to: Path) -> Site:
    shutil.copytree(site.root, to, symlinks=True)
    return Site(**{**site.__dict__, "root": to, "site_dir": to / "site"})


def _own_files(site: Site, *paths: str) -> dict[Path, bytes]:
    out = {}
    for path in paths:
        own = site.root / "docs" / path
        own.parent.mkdir(parents=True, exist_ok=True)
        own.write_bytes(f"# Meine Seite {path}\r\n\r\nNicht überschreiben!\r\n".encode())
        out[own] = own.read_bytes()
    return out


@pytest.mark.parametrize(("own", "directory_urls", "generated"), COLLISIONS)
def test_a_file_at_the_address_of_a_generated_page_stops_the_build(
    built: Callable[[bool], Site], tmp_path: Path, caplog: pytest.LogCaptureFixture,
    own: str, directory_urls: bool, generated: str,
) -> None:
    site = _copy(built(directory_urls), tmp_path / "projekt")
    before = snapshot_files(site.site_dir)
    files = _own_files(site, own)

    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(site.root)
    message = _failure(caplog, info.value)
    same = "" if own == generated else ", which MkDocs would publish at the same address"
    assert (
        f"docs/{own}:1:1: error[CJM031]: the plugin generates '{generated}'"
    ) in message, message
    assert (
        f"but this file of yours is there{same}; rename or move your file, or set the "
        "plugin's `prefix` option (your file was not changed)"
    ) in message, message
    assert {path: path.read_bytes() for path in files} == files
    assert snapshot_files(site.site_dir) == before  # the previous site is untouched


def test_every_file_in_the_way_is_named_at_once(
    built: Callable[[bool], Site], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = _copy(built(True), tmp_path / "projekt")
    before = snapshot_files(site.site_dir)
    _own_files(site, "journeys/README.md", "personas/ben.md", "stakeholders/index.md")
    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(site.root)
    message = _failure(caplog, info.value)
    for own in ("journeys/README.md", "personas/ben.md", "stakeholders/index.md"):
        assert f"docs/{own}:1:1: error[CJM031]" in message, message
    assert snapshot_files(site.site_dir) == before


@pytest.mark.parametrize(("own", "directory_urls"), NO_COLLISIONS)
def test_a_file_at_another_address_is_published_beside_the_generated_pages(
    built: Callable[[bool], Site], tmp_path: Path, own: str, directory_urls: bool
) -> None:
    site = _copy(built(directory_urls), tmp_path / "projekt")
    _own_files(site, own)
    build_site(site.root)
    for src in site.generated_src():
        assert site.out(src).is_file(), src
    if own.endswith(".html"):
        assert (site.site_dir / own).read_text(encoding="utf-8").startswith("# Meine Seite")
    else:
        assert f"Meine Seite {own}" in site.page(own).text()


def test_a_prefix_that_mkdocs_would_skip_is_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = write_project(tmp_path, prefix=".handbuch")
    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(site.root)
    # MkDocs checks the option itself (through our validator) and names it its own way.
    assert (
        "prefix must be a folder name like `handbook`, not "
        "'.handbuch'; MkDocs skips folders whose name starts with `.`, so the pages would "
        "not be published"
    ) in _failure(caplog, info.value)
    assert not site.site_dir.exists()


# --------------------------------------------------------------------------- ids and pages


@pytest.mark.parametrize("invalid", [False, True], ids=["valid", "invalid"])
def test_a_journey_called_index_gets_no_page_and_the_overview_stays(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, invalid: bool
) -> None:
    site = write_project(tmp_path)
    # No `id:`: the file name gives the id. An invalid journey would get a page that
    # lists its errors: not this one.
    index = site.root / "journeys" / "journeys" / "index.yml"
    text = _journey("index", **({"farbe": "blau"} if invalid else {}))
    index.write_text(text.replace("id: index\n", ""), encoding="utf-8")
    persona = site.root / "journeys" / "index-persona.yml"
    persona.write_text("kind: persona\nid: index\nname: Ein Index\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.cjm"):
        build_site(site.root)
    logged = [r.getMessage() for r in caplog.records]
    assert (
        "cjm: journeys/journeys/index.yml:1:1: error[CJM060]: journey id 'index' cannot name "
        "a page: its page would be journeys/index.md, the page that lists all journeys; "
        "add `id: index-1` or rename the file"
    ) in logged
    assert (
        "cjm: journeys/index-persona.yml:2:5: error[CJM060]: persona id 'index' cannot name "
        "a page: its page would be personas/index.md, the page that lists all personas; "
        "pick another id, e.g. `id: index-1`"
    ) in logged
    overview = site.page(site.journeys_index_src).text()
    assert "Kaffeemaschine kaufen (Ist)" in overview
    assert "Reise index" not in overview
    assert "Ein Index" not in site.page(site.personas_index_src).text()


def test_a_strict_build_stops_on_an_id_too_long_before_touching_the_site(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = write_project(tmp_path)
    build_site(site.root)
    before = snapshot_files(site.site_dir)
    ident = "sehr-lange-" * 12 + "reise"  # longer than 200 would be CJM063
    (site.root / "journeys" / "journeys" / "lang.yml").write_text(
        _journey(ident), encoding="utf-8"
    )
    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(site.root, strict=True)
    message = _failure(caplog, info.value)
    assert (
        "journeys/journeys/lang.yml:2:5: error[CJM060]: journey id "
        "'sehr-lange-sehr-lange-sehr-lange-sehr...' cannot name a page: it has 137 characters"
    ) in message, message
    assert "pick another id, e.g. `id: sehr-lange-sehr-lange-sehr-lange-sehr-lange-sehr`" in message
    assert snapshot_files(site.site_dir) == before


# --------------------------------------------------------------------------- any folder


def test_the_same_site_from_any_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home" / "anna"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")  # the sitemap's gzip header
    site = write_project(
        home / "projekt", theme="material", plugin={"source": "../karten"},
        docs={"eingebettet.md": "# Eingebettet\n\n<!-- cjm:curve kauf-ist -->\n"},
    )
    # The definitions live beside the project; one journey is invalid, one has a
    # warning: both pages print file paths.
    shutil.move(site.root / "journeys", home / "karten")
    (home / "karten" / "kaputt.yml").write_text(
        _journey("kaputt", farbe="blau"), encoding="utf-8"
    )
    (home / "karten" / "still.yml").write_text(
        _journey("still", tags="B2B, Kauf"), encoding="utf-8"
    )

    elsewhere = tmp_path / "anderswo" / "tief"
    elsewhere.mkdir(parents=True)
    outputs = []
    for number, cwd in enumerate([site.root, elsewhere, tmp_path]):
        monkeypatch.chdir(cwd)
        out = tmp_path / f"out-{number}"
        build_site(site.root, site_dir=out)  # as `mkdocs build -f .../mkdocs.yml -d out`
        outputs.append(snapshot_files(out))
    assert outputs[0] == outputs[1] == outputs[2]

    shown = outputs[0]
    assert "../karten/kaputt.yml:10:1" in parse_file(
        tmp_path / "out-0" / "journeys" / "kaputt" / "index.html"
    ).text()
    forbidden = {str(tmp_path), str(tmp_path.resolve()), str(home), str(elsewhere)}
    for name, content in shown.items():
        for path in forbidden:
            assert path.encode() not in content, (name, path)
