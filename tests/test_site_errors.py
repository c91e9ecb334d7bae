"""Real MkDocs builds that must fail, or warn, in a way an author can act on.

Collisions with the author's own files (CJM031), invalid definitions with and
without `strict`, and page directives that name no journey (CJM030).
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest
from mkdocs.exceptions import Abort, PluginError
from sitekit import (
    JOURNEYS,
    Doc,
    Site,
    build_site,
    dump_docs,
    nav_links,
    parse_file,
    resolve_link,
    snapshot_files,
    write_project,
)

from mkdocs_cjm_plugin.cli.main import main

PLUGIN_LOGGER = "mkdocs.plugins.cjm"




def _error_text(caplog: pytest.LogCaptureFixture, exc: BaseException) -> str:
    """What the author sees: the exception and what MkDocs logged (it logs a BuildError
    and raises `Abort('Aborted with a BuildError!')`)."""
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    return "\n".join([str(exc), *logged])


# --------------------------------------------------------------------------- CJM031


@pytest.mark.parametrize("prefix", ["", "handbook"])
def test_a_file_of_the_author_at_a_generated_path_stops_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, prefix: str
) -> None:
    site = write_project(tmp_path, prefix=prefix)
    build_site(site.root)
    before = snapshot_files(site.site_dir)
    assert site.out(site.journeys_index_src).relative_to(site.site_dir).as_posix() in before

    own = site.root / "docs" / site.journeys_index_src
    own.parent.mkdir(parents=True)
    own.write_bytes("# Meine eigenen Journeys\r\n\r\nNicht überschreiben!\r\n".encode())
    content = own.read_bytes()

    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(site.root)
    message = _error_text(caplog, info.value)
    assert "CJM031" in message
    assert f"docs/{site.journeys_index_src}" in message, message
    assert f"'{site.journeys_index_src}'" in message, message
    assert own.read_bytes() == content
    # No half-written site: the previous build is still there, unchanged.
    assert snapshot_files(site.site_dir) == before


def test_a_colliding_journey_page_names_the_yaml_it_is_made_from(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = write_project(tmp_path)
    own = site.root / "docs" / "journeys" / "umzug.md"
    own.parent.mkdir(parents=True)
    own.write_text("# Umzug\n", encoding="utf-8")
    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(site.root)
    message = _error_text(caplog, info.value)
    assert "CJM031" in message
    assert "docs/journeys/umzug.md" in message
    assert "umzug.yml" in message
    assert own.read_text(encoding="utf-8") == "# Umzug\n"
    assert not (site.site_dir / "journeys").exists()


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_cjm_check_reports_the_same_collisions_as_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, use_directory_urls: bool,
) -> None:
    own = ["journeys/kauf-ist/index.md", "personas/README.md", "personas/anna.md"]
    site = write_project(
        tmp_path, docs=dict.fromkeys(own, "# Meins\n"), use_directory_urls=use_directory_urls
    )
    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(site.root)
    built = sorted(
        line.removeprefix("cjm: ") for line in _error_text(caplog, info.value).splitlines()
        if "CJM031" in line
    )
    monkeypatch.chdir(site.root)
    assert main(["check"]) == 1
    checked = sorted(line for line in capsys.readouterr().out.splitlines() if "CJM031" in line)
    made_from = " (made from journeys/journeys/kauf-ist.yml)"
    same = ", which MkDocs would publish at the same address"
    expected = {
        True: [
            f"docs/journeys/kauf-ist/index.md:1:1: error[CJM031]: the plugin generates "
            f"'journeys/kauf-ist.md'{made_from}, but this file of yours is there{same}; rename "
            "or move your file, or set the plugin's `prefix` option (your file was not changed)",
            "docs/personas/README.md:1:1: error[CJM031]: the plugin generates "
            f"'personas/index.md', but this file of yours is there{same}; rename or move your "
            "file, or set the plugin's `prefix` option (your file was not changed)",
        ],
        False: [
            "docs/personas/README.md:1:1: error[CJM031]: the plugin generates "
            f"'personas/index.md', but this file of yours is there{same}; rename or move your "
            "file, or set the plugin's `prefix` option (your file was not changed)",
        ],
    }[use_directory_urls]
    anna = (
        "docs/personas/anna.md:1:1: error[CJM031]: the plugin generates 'personas/anna.md' "
        "(made from journeys/personas.yml), but this file of yours is there; rename or move "
        "your file, or set the plugin's `prefix` option (your file was not changed)"
    )
    assert checked == sorted([*expected, anna])
    assert built == checked
    for name in own:
        assert (site.root / "docs" / name).read_text(encoding="utf-8") == "# Meins\n"


STYLESHEET_IN_THE_WAY = (
    "docs/assets/cjm/cjm.css:1:1: error[CJM031]: the plugin generates 'assets/cjm/cjm.css' "
    "(its stylesheet), but this file of yours is there; rename or move your file (the "
    "plugin's stylesheet and script are in `assets/cjm/` whatever the `prefix`) (your "
    "file was not changed)"
)


@pytest.mark.parametrize("prefix", ["", "handbook"])
def test_a_file_of_the_author_where_the_plugin_puts_a_file_stops_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, prefix: str,
) -> None:
    # The stylesheet and a map of the author's would have been published instead of the
    # plugin's: a handbook without its styling, and someone else's picture as the map.
    site = write_project(tmp_path, prefix=prefix)
    build_site(site.root)
    before = snapshot_files(site.site_dir)
    own = {
        "assets/cjm/cjm.css": "/* mine */\n",
        "assets/cjm/more.css": "/* mine too, in nobody's way */\n",
        site.src("maps", "all.svg"): "<svg/>\n",
        site.src("maps", "journey-kauf-ist.svg"): "<svg/>\n",
        "maps/all.svg": "<svg/>\n",  # in the way only without a prefix
    }
    for name, text in own.items():
        (site.root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (site.root / "docs" / name).write_text(text, encoding="utf-8")

    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(site.root)
    built = sorted(
        line.removeprefix("cjm: ") for line in _error_text(caplog, info.value).splitlines()
        if "CJM031" in line
    )
    maps = site.src("maps")
    prefix_fix = "rename or move your file, or set the plugin's `prefix` option"
    assert built == [
        STYLESHEET_IN_THE_WAY,
        f"docs/{maps}/all.svg:1:1: error[CJM031]: the plugin generates '{maps}/all.svg' "
        f"(the map of all stakeholders), but this file of yours is there; {prefix_fix} "
        "(your file was not changed)",
        f"docs/{maps}/journey-kauf-ist.svg:1:1: error[CJM031]: the plugin generates "
        f"'{maps}/journey-kauf-ist.svg' (a stakeholder map, made from "
        "journeys/journeys/kauf-ist.yml), but this file of yours is there; "
        f"{prefix_fix} (your file was not changed)",
    ]
    monkeypatch.chdir(site.root)
    assert main(["check"]) == 1
    checked = sorted(line for line in capsys.readouterr().out.splitlines() if "CJM031" in line)
    assert checked == built
    for name, text in own.items():
        assert (site.root / "docs" / name).read_text(encoding="utf-8") == text
    assert snapshot_files(site.site_dir) == before

    # Out of the way, the plugin's files are published, and the author's beside them.
    for name in ("assets/cjm/cjm.css", site.src("maps", "all.svg"),
                 site.src("maps", "journey-kauf-ist.svg")):
        (site.root / "docs" / name).unlink()
    build_site(site.root)
    assert "/* mine */" not in (site.site_dir / "assets/cjm/cjm.css").read_text("utf-8")
    assert (site.site_dir / "assets/cjm/more.css").read_text("utf-8") == own[
        "assets/cjm/more.css"]
    assert "Anna" in (site.site_dir / maps / "journey-kauf-ist.svg").read_text("utf-8")
    if prefix:
        assert (site.site_dir / "maps/all.svg").read_text("utf-8") == "<svg/>\n"
        assert "<svg/>" not in (site.site_dir / maps / "all.svg").read_text("utf-8")


# --------------------------------------------------------------------------- invalid definitions

BROKEN_JOURNEY = """\
kind: journey
id: kaputt
title: Kaputte Reise
persona: anna
phases:
  - name: Start
    steps:
      - name: Tut etwas
        emotion: 2
        farbe: blau
"""
OFF_SCALE_JOURNEY = """\
kind: journey
title: Zu gut um wahr zu sein
persona: anna
phases:
  - name: Start
    steps:
      - name: Freut sich
        emotion: 9
"""
BROKEN_PERSONA = """\
kind: persona
id: zoe
role: Ohne Namen
"""
# (file, line, code) the loader must report for the files above.
EXPECTED = [
    ("kaputt.yml", 10, "CJM013"),
    ("zu-hoch.yml", 8, "CJM025"),
    ("zoe.yml", 1, "CJM012"),
]


def _broken_project(root: Path, *, strict: bool) -> Site:
    site = write_project(root, plugin={"strict": strict})
    (site.root / "journeys" / "journeys" / "kaputt.yml").write_text(BROKEN_JOURNEY, "utf-8")
    (site.root / "journeys" / "journeys" / "zu-hoch.yml").write_text(OFF_SCALE_JOURNEY, "utf-8")
    (site.root / "journeys" / "zoe.yml").write_text(BROKEN_PERSONA, "utf-8")
    return site


def _has(text: str, file: str, line: int, code: str) -> bool:
    return re.search(rf"{re.escape(file)}:{line}(:\d+)?\b.*{code}", text) is not None


def test_strict_build_fails_and_lists_every_diagnostic_with_file_and_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = _broken_project(tmp_path, strict=True)
    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(site.root)
    message = _error_text(caplog, info.value)
    for file, line, code in EXPECTED:
        assert _has(message, file, line, code), f"{file}:{line} {code} not in:\n{message}"
    assert not site.site_dir.exists()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def lenient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, list[str]]]:
    """The broken handbook built with `strict: false`, and the plugin's warnings."""
    handler = _Collect()
    logger = logging.getLogger(PLUGIN_LOGGER)
    logger.addHandler(handler)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("NO_MKDOCS_2_WARNING", "1")
            site = _broken_project(tmp_path_factory.mktemp("lenient"), strict=False)
            build_site(site.root)
    finally:
        logger.removeHandler(handler)
    warnings = [r.getMessage() for r in handler.records if r.levelno == logging.WARNING]
    yield site, warnings


def test_non_strict_build_logs_every_diagnostic_as_a_warning(
    lenient: tuple[Site, list[str]],
) -> None:
    _, warnings = lenient
    text = "\n".join(warnings)
    for file, line, code in EXPECTED:
        assert _has(text, file, line, code), f"{file}:{line} {code} not in:\n{text}"


def test_non_strict_build_still_builds_the_valid_pages(lenient: tuple[Site, list[str]]) -> None:
    site, _ = lenient
    for src in site.generated_src():
        assert site.out(src).is_file(), src
    assert "Kaffeemaschine kaufen (Ist)" in site.page(site.journey_src("kauf-ist")).text()
    # The persona without a name gets no page.
    assert not site.out(site.persona_src("zoe")).exists()


def test_a_journey_that_cannot_be_read_gets_a_page_listing_its_errors(
    lenient: tuple[Site, list[str]],
) -> None:
    site, _ = lenient
    file, line, code = EXPECTED[0]
    page = site.page(site.journey_src("kaputt"))
    text = page.text()
    assert page.main().by_class("cjm-invalid")
    assert _has(text, file, line, code), f"{file}:{line} {code} not on the page:\n{text}"
    index = site.page(site.journeys_index_src)
    assert any(
        resolve_link(site.site_dir, index.path, a.attrs["href"])[0]
        == site.out(site.journey_src("kaputt"))
        for a in index.main().find_all("a")
        if "href" in a.attrs
    ), "the journeys index does not link the invalid journey"


def test_a_journey_with_errors_shows_them_on_its_page(lenient: tuple[Site, list[str]]) -> None:
    """A journey that loads but breaks a rule (here: an emotion outside the scale) is
    invalid too; a lenient build must not present it as if it were fine."""
    site, _ = lenient
    file, line, code = EXPECTED[1]
    text = site.page(site.journey_src("zu-hoch")).text()
    assert _has(text, file, line, code), f"{file}:{line} {code} not on the page:\n{text}"


def test_an_out_of_scale_emotion_shows_the_same_number_everywhere(
    lenient: tuple[Site, list[str]],
) -> None:
    """zu-hoch has one step with emotion 9 on the 1..5 scale: its page keeps its content
    under the error box, and the curve, the overview and the persona page all say 9."""
    site, _ = lenient
    page = site.page(site.journey_src("zu-hoch"))
    main = page.main()
    assert main.by_class("cjm-issues") and main.by_class("cjm-phase-table")
    # Once in the chart across and once in the upright one (narrow screens).
    assert [v.text() for v in main.by_class("cjm-curve-offscale-value")] == ["9", "9"]
    assert main.by_class("cjm-curve-limit")

    def row_of(doc: Doc) -> list[str]:
        rows = [
            tr for tr in doc.main().find_all("tr")
            if any(a.text() == "Zu gut um wahr zu sein" for a in tr.find_all("a"))
        ]
        assert rows
        return [" ".join(td.text().split()) for td in rows[0].find_all("td")]

    index = row_of(site.page(site.journeys_index_src))
    assert index[5:7] == ["9", "9"], index  # mean and lowest emotion
    heat = site.page(site.journeys_index_src).main().by_class("cjm-heat-score")
    assert [h.text() for h in heat].count("9") == 1
    persona = row_of(site.page(site.persona_src("anna")))
    assert persona[3] == "9", persona  # mean emotion


def _nav(site: Site, doc: Doc) -> list[tuple[Path, str]]:
    """The links of the site navigation of a page: (target file, link text)."""
    return [
        (resolve_link(site.site_dir, doc.path, a.attrs["href"])[0], " ".join(a.text().split()))
        for a in nav_links(doc)
        if not a.attrs.get("href", "#").startswith(("#", "http"))
    ]


def test_a_journey_with_errors_stays_in_the_nav_marked(lenient: tuple[Site, list[str]]) -> None:
    site, _ = lenient
    doc = site.page(site.journeys_index_src)
    nav = _nav(site, doc)
    assert (site.out(site.journey_src("kaputt")), "⚠ kaputt (Has errors)") in nav, nav
    assert (site.out(site.journey_src("kauf-ist")), "Kaffeemaschine kaufen (Ist)") in nav, nav


# --------------------------------------------------------------------------- unreadable files

UNCLOSED = """kind: journey
title: Umzug in die Zentrale
persona: anna
phases:
  - name: Planen
    steps: [Anruf
"""
# stakeholders.yaml of the sample handbook, broken at its end: the healthy journeys
# name its stakeholders, and must not be blamed for them.
TAB_INDENT = "kind: stakeholder\nid: service\nname: Kundenservice\n\ttype: internal\n"


def _unreadable_project(root: Path, *, strict: bool) -> Site:
    site = write_project(root, plugin={"strict": strict})
    journeys = site.root / "journeys"
    (journeys / "journeys" / "umzug-zentrale.yml").write_text(UNCLOSED, "utf-8")
    (journeys / "stakeholders.yaml").write_text(TAB_INDENT, "utf-8")
    (journeys / "journeys" / "Übergabe.yml").write_bytes("title: Übergabe\n".encode("latin-1"))
    return site


@pytest.fixture(scope="module")
def unreadable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, list[str]]]:
    """Three files that cannot be read, built with `strict: false` (as `mkdocs serve`)."""
    handler = _Collect()
    logger = logging.getLogger(PLUGIN_LOGGER)
    logger.addHandler(handler)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("NO_MKDOCS_2_WARNING", "1")
            site = _unreadable_project(tmp_path_factory.mktemp("unreadable"), strict=False)
            build_site(site.root)
    finally:
        logger.removeHandler(handler)
    yield site, [r.getMessage() for r in handler.records if r.levelno == logging.WARNING]


# (page id, file name, where the page says the problem is). The wording of the
# problems is the loader's, tested with it.
UNREADABLE = [
    ("umzug-zentrale", "umzug-zentrale.yml",
     "journeys/journeys/umzug-zentrale.yml:6:12 error[CJM046]"),
    ("stakeholders", "stakeholders.yaml", "journeys/stakeholders.yaml:4:1 error[CJM040]"),
    ("uebergabe", "Übergabe.yml", "journeys/journeys/Übergabe.yml:1:8 error[CJM001]"),
]


@pytest.mark.parametrize(("ident", "name", "problem"), UNREADABLE)
def test_a_file_that_cannot_be_read_keeps_a_page_with_its_problems(
    unreadable: tuple[Site, list[str]], ident: str, name: str, problem: str
) -> None:
    site, warnings = unreadable
    page = site.page(site.journey_src(ident))
    assert [h.text() for h in page.main().find_all("h1")] == [name]
    box = page.main().by_class("cjm-unreadable")
    assert len(box) == 1
    text = " ".join(box[0].text().split())
    assert text.startswith("This file cannot be read Nothing in journeys/"), text
    assert f"{name} is in the handbook yet: the file has the problems below. Fix them in the " \
        "file; once it can be read, this page shows its journey again." in text, text
    assert problem in text, text
    # The build log says the same, as a warning (the site was built: `mkdocs serve`).
    location = problem.split(" ")[0]
    assert any(w.startswith(f"cjm: {location}: error[") for w in warnings), warnings


def test_a_file_that_cannot_be_read_stays_in_the_nav_and_the_index_marked(
    unreadable: tuple[Site, list[str]],
) -> None:
    site, _ = unreadable
    index = site.page(site.journeys_index_src)
    nav = _nav(site, index)
    for ident, name, _problem in UNREADABLE:
        out = site.out(site.journey_src(ident))
        assert (out, f"⚠ {name} (Cannot be read)") in nav, nav
        items = [
            " ".join(li.text().split()) for li in index.main().find_all("li")
            if any(resolve_link(site.site_dir, index.path, a.attrs["href"])[0] == out
                   for a in li.find_all("a"))
        ]
        assert len(items) == 1 and items[0].startswith(f"{name} ⚠ Cannot be read journeys/"), items
    assert "⚠ umzug-zentrale.yml (Cannot be read)" in parse_file(
        site.out(site.journey_src("umzug-zentrale"))
    ).source.split("<title>", 1)[1].split("</title>", 1)[0]


def test_no_healthy_journey_is_blamed_for_a_file_that_cannot_be_read(
    unreadable: tuple[Site, list[str]],
) -> None:
    """kauf-ist names stakeholders of the unreadable stakeholders.yaml: its page shows
    its content and no error box."""
    site, _ = unreadable
    page = site.page(site.journey_src("kauf-ist"))
    assert not page.main().by_class("cjm-issues")
    assert not page.main().by_class("cjm-invalid")
    assert page.main().by_class("cjm-phase-table")
    assert "Kaffeemaschine kaufen (Ist)" in page.text()


def test_a_strict_build_still_fails_on_a_file_that_cannot_be_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = _unreadable_project(tmp_path, strict=True)
    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(site.root)
    message = _error_text(caplog, info.value)
    for _ident, _name, problem in UNREADABLE:
        location, code = problem.split(" ")[:2]
        assert f"{location}: {code}" in message, message
    assert not site.site_dir.exists()


@pytest.mark.parametrize(
    ("name", "ident"), [("kauf-ist.yaml", "kauf-ist-2"), ("index.yml", "index-1")]
)
def test_an_unreadable_file_never_takes_the_page_of_another(
    tmp_path: Path, name: str, ident: str
) -> None:
    """Its file name gives the id of a journey that loaded, or of the overview itself:
    it gets the next free address, and both pages stay."""
    site = write_project(tmp_path, plugin={"strict": False})
    (site.root / "journeys" / name).write_text(UNCLOSED, "utf-8")
    build_site(site.root)
    assert "Kaffeemaschine kaufen (Ist)" in site.page(site.journey_src("kauf-ist")).text()
    index = site.page(site.journeys_index_src)
    assert index.main().by_class("cjm-journey-index")
    assert f"{name} ⚠ Cannot be read journeys/{name}" in index.text()
    page = site.page(site.journey_src(ident))
    assert [h.text() for h in page.main().find_all("h1")] == [name]


def test_unreadable_files_with_the_same_name_each_keep_a_page_and_a_nav_entry(
    tmp_path: Path,
) -> None:
    # `ist/kauf.yml` and `soll/kauf.yml` both broken: neither hides the other's problems.
    site = write_project(tmp_path, plugin={"strict": False})
    broken = "kind: journey\ntitle: A: b\n"
    files = ["journeys/X.yaml", "journeys/a/x.yml", "journeys/b/x.yml"]
    for name in files:
        (site.root / name).parent.mkdir(parents=True, exist_ok=True)
        (site.root / name).write_text(broken, "utf-8")
    build_site(site.root)
    index = site.page(site.journeys_index_src)
    nav = _nav(site, index)
    for ident, path in zip(["x", "x-2", "x-3"], files, strict=True):
        page = site.page(site.journey_src(ident))
        assert [h.text() for h in page.main().find_all("h1")] == [PurePosixPath(path).name]
        text = " ".join(page.main().text().split())
        assert f"Nothing in {path} is in the handbook yet" in text, text
        # The line to write stands in <code>, not between backticks.
        assert "error[CJM043]" in text and 'put the text in quotes: title: "A: b"' in text
        name = PurePosixPath(path).name
        assert (site.out(site.journey_src(ident)), f"⚠ {name} (Cannot be read)") in nav, nav


@pytest.mark.parametrize(("broken", "listed"), [(2, 5), (5, 0)])
def test_broken_files_count_toward_nav_max_journeys(
    tmp_path: Path, broken: int, listed: int
) -> None:
    """Every page carries the nav: with an entry for each file that cannot be read, the
    site grew with the square of their number (10,000 such files: 7.6 GB). Past
    `nav_max_journeys` entries, broken ones included, the nav lists the overview pages
    only, as for valid journeys; the journeys index still reaches every page."""
    site = write_project(tmp_path, plugin={"strict": False, "nav_max_journeys": 5})
    for i in range(broken):
        (site.root / "journeys" / f"kaputt-{i}.yml").write_text("kind: [\n", "utf-8")
    build_site(site.root)
    pages = {site.out(site.journey_src(j["id"])) for j in site.journeys}
    pages |= {site.out(site.journey_src(f"kaputt-{i}")) for i in range(broken)}
    assert len(pages) == 3 + broken and all(page.is_file() for page in pages)
    for html in sorted(site.site_dir.rglob("*.html")):
        if html.name == "404.html":
            continue
        doc = parse_file(html)
        in_nav = {target for target, _ in _nav(site, doc)} & pages
        assert len(in_nav) == listed, (html, sorted(in_nav))
    index = site.page(site.journeys_index_src)
    reached = {
        resolve_link(site.site_dir, index.path, a.attrs["href"])[0]
        for a in index.main().find_all("a") if "href" in a.attrs
    }
    assert pages <= reached


# ------------------------------------------------------------------- journeys without a page

LONG_NAME = "reise-" + "x" * 194 + ".yml"  # an id of 200 characters: CJM060


def _pageless_project(root: Path) -> Site:
    """Journeys with errors that can have no page of their own."""
    site = write_project(root, plugin={"strict": False})
    folder = site.root / "journeys" / "journeys"
    unnamed = {k: v for k, v in JOURNEYS[0].items() if k != "id"}
    files = {
        LONG_NAME: unnamed,  # CJM060: too long for a page name
        "Fall.yml": unnamed,
        # CJM020: the id Fall.yml has (as `fall.yml` beside it would, where names differ
        # by case; written out, so that the test runs on any file system).
        "fall-zwei.yml": {**unnamed, "id": "fall", "title": "Der andere Fall"},
        "index-reise.yml": {**unnamed, "id": "index"},  # CJM060: the journeys overview
        "doppelt.yml": {**JOURNEYS[0], "nmae": "x"},  # CJM013, with the id of kauf-ist
    }
    for name, journey in files.items():
        (folder / name).write_text(dump_docs([journey]), "utf-8")
    return site


def test_journeys_that_can_have_no_page_are_listed_with_their_file(tmp_path: Path) -> None:
    """They were in the build log only: no page, no entry among the journeys with errors."""
    site = _pageless_project(tmp_path)
    build_site(site.root)
    index = site.page(site.journeys_index_src)
    (section,) = index.main().by_class("cjm-invalid-list")
    items = {
        " ".join(li.text().split()): li for li in section.find_all("li")
        if li.parent is section
    }
    long_id = LONG_NAME.removesuffix(".yml")
    # (id shown, file, what its problem says)
    expected = [
        (f"{long_id[:37]}...", LONG_NAME,
         f"CJM060 journey id '{long_id[:37]}...' cannot name a page: it has 200 characters"),
        ("fall", "fall-zwei.yml", "CJM020 journey id 'fall' is already used at "
         "journeys/journeys/Fall.yml:1"),
        ("index", "index-reise.yml", "CJM060 journey id 'index' cannot name a page"),
        ("kauf-ist", "doppelt.yml", "CJM013 unknown key nmae in journey"),
    ]
    for name, file, problem in expected:
        path = f"journeys/journeys/{file}"
        found = [text for text in items if text.startswith(f"{name} ⚠ Has errors {path} {path}:")]
        assert len(found) == 1, (name, list(items))
        assert problem in found[0], found[0]
        assert not items[found[0]].find_all("a"), "a link to a page that is not there"
    # Every link of the index leads to a page, and the overview counts them as left out.
    for a in index.main().find_all("a"):
        href = a.attrs.get("href", "")
        if href and not href.startswith(("#", "http")):
            assert resolve_link(site.site_dir, index.path, href)[0].is_file(), href
    overview = site.page(site.across_src["overview"])
    (left_out,) = overview.main().by_class("cjm-left-out")
    assert left_out.text().split()[:2] == ["⚠", "4"], left_out.text()


# --------------------------------------------------------------------------- CJM030

DIRECTIVES = """\
# Seite

Text davor.

<!-- cjm:curve kauf-isst -->

```
<!-- cjm:table gibt-es-nicht -->
```
"""


@pytest.fixture
def directive_project(tmp_path: Path) -> Iterator[Site]:
    yield write_project(tmp_path, docs={"guide/seite.md": DIRECTIVES})


def test_unknown_directive_id_warns_with_page_and_line(
    directive_project: Site, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        build_site(directive_project.root)
    warnings = [
        r.getMessage()
        for r in caplog.records
        if r.name == PLUGIN_LOGGER and r.levelno == logging.WARNING
    ]
    hits = [w for w in warnings if "CJM030" in w]
    assert len(hits) == 1, warnings  # the directive in the code block is not looked up
    assert re.search(r"docs/guide/seite\.md:5(:\d+)?\b", hits[0]), hits[0]
    assert "kauf-isst" in hits[0]
    assert "kauf-ist" in hits[0].split("kauf-isst", 1)[1]  # did you mean
    page = parse_file(directive_project.out("guide/seite.md"))
    assert "<!-- cjm:table gibt-es-nicht -->" in page.text()


def test_a_directive_naming_a_journey_with_errors_is_not_a_second_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    journeys = copy.deepcopy(JOURNEYS)
    journeys[0]["nmae"] = "Tippfehler"  # kauf-ist fails validation
    site = write_project(tmp_path, journeys=journeys, docs={"guide/seite.md": DIRECTIVES.replace(
        "kauf-isst", journeys[0]["id"])})
    with caplog.at_level(logging.INFO):
        build_site(site.root)
    codes = re.findall(r"\[(CJM\d+)\]", " ".join(
        r.getMessage() for r in caplog.records if r.name == PLUGIN_LOGGER
    ))
    assert "CJM013" in codes
    assert "CJM030" not in codes


def test_unknown_directive_id_fails_a_strict_build(
    directive_project: Site, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(directive_project.root, strict=True)
    message = _error_text(caplog, info.value)
    assert "CJM030" in message
    assert re.search(r"docs/guide/seite\.md:5(:\d+)?\b", message), message


def test_unknown_directive_id_fails_with_the_plugins_strict_option(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = write_project(tmp_path, docs={"guide/seite.md": DIRECTIVES}, plugin={"strict": True})
    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(site.root)
    assert "CJM030" in _error_text(caplog, info.value)


@pytest.mark.parametrize("plugin", [{}, {"strict": True}])
def test_a_failing_directive_leaves_the_previous_site_untouched(
    tmp_path: Path, plugin: dict[str, object]
) -> None:
    # The directive is checked before MkDocs cleans the site folder, as journey files are.
    site = write_project(tmp_path, docs={"guide/seite.md": "# Seite\n"}, plugin=plugin)
    build_site(site.root)
    (site.site_dir / "MARKER").write_text("from the last good build", encoding="utf-8")
    before = sorted(p.relative_to(site.site_dir) for p in site.site_dir.rglob("*"))
    (site.root / "docs" / "guide" / "seite.md").write_text(DIRECTIVES, encoding="utf-8")
    with pytest.raises((PluginError, Abort)):
        build_site(site.root, strict=not plugin)
    assert sorted(p.relative_to(site.site_dir) for p in site.site_dir.rglob("*")) == before


def test_cjm_check_reports_a_directive_naming_no_journey_as_the_build_does(
    directive_project: Site, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(directive_project.root)
    assert main(["check", "--strict"]) == 1
    out = capsys.readouterr().out
    assert "docs/guide/seite.md:5:1: error[CJM030]: no journey with id 'kauf-isst' for " \
        "`cjm:curve` (did you mean 'kauf-ist'?); use one of the journey ids" in out, out
    assert "gibt-es-nicht" not in out  # the one in a code block is no directive


def test_directives_of_excluded_pages_are_not_read(tmp_path: Path) -> None:
    site = write_project(
        tmp_path, docs={"guide/seite.md": DIRECTIVES},
        extra_config={"exclude_docs": "guide/seite.md\n"},
    )
    build_site(site.root, strict=True)  # the page is not built, so nothing fails


def test_the_name_of_an_unreadable_file_is_text_everywhere(tmp_path: Path) -> None:
    """A file name is shown as written, never run as HTML: on its page, in the browser
    tab, in the nav and in the overview."""
    name = "<img src=x onerror=alert(1)> & *Reise*.yml"
    site = write_project(tmp_path, plugin={"strict": False})
    (site.root / "journeys" / name).write_text(UNCLOSED, "utf-8")
    build_site(site.root)
    ident = "img-src-x-onerror-alert-1-reise"
    page = site.page(site.journey_src(ident))
    assert [h.text() for h in page.main().find_all("h1")] == [name]
    assert not page.root.find_all("img")
    title = page.source.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<img" not in title and "&lt;img" in title
    index = site.page(site.journeys_index_src)
    assert not index.root.find_all("img")
    assert f"{name} ⚠ Cannot be read journeys/{name}" in index.text()
    assert (site.out(site.journey_src(ident)), f"⚠ {name} (Cannot be read)") in _nav(site, index)


def test_problems_on_pages_do_not_depend_on_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages list problems with paths relative to mkdocs.yml: built from its folder or
    from anywhere else, the site is the same and names no folder of the build machine."""
    site = _unreadable_project(tmp_path / "project", strict=False)
    (site.root / "journeys" / "journeys" / "kaputt.yml").write_text(BROKEN_JOURNEY, "utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")  # the theme prints the build time
    monkeypatch.chdir(site.root)
    build_site(site.root, site_dir=tmp_path / "here")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    build_site(site.root, site_dir=tmp_path / "there")
    here, there = snapshot_files(tmp_path / "here"), snapshot_files(tmp_path / "there")
    pages = [name for name in here if name.endswith(".html")]
    assert pages and [here[p] for p in pages] == [there.get(p) for p in pages]
    for page in pages:
        assert str(tmp_path).encode() not in here[page], page
    text = parse_file(tmp_path / "there" / "journeys" / "kaputt" / "index.html").text()
    assert "journeys/journeys/kaputt.yml:10:9" in text, text


SLIPPED_DIRECTIVES = """\
# Seite

<!-- cjm:kurve kauf-ist -->
<!-- cjm:curve -->
<!-- CJM:CURVE kauf-ist -->

    <!-- cjm:kurve kauf-ist -->
"""

SLIP_LINES = [
    "docs/guide/seite.md:3:1: warning[CJM035]: `<!-- cjm:kurve kauf-ist -->` shows nothing: "
    "`cjm:kurve` is no kind of picture (did you mean 'curve'?); write "
    "`<!-- cjm:curve kauf-ist -->`",
    "docs/guide/seite.md:4:1: warning[CJM035]: `<!-- cjm:curve -->` shows nothing: "
    "`cjm:curve` names no journey; write `<!-- cjm:curve JOURNEY-ID -->` with the id "
    "of a journey",
    "docs/guide/seite.md:5:1: warning[CJM035]: `<!-- CJM:CURVE kauf-ist -->` shows nothing: "
    "`cjm:CURVE` is written in capitals; write `<!-- cjm:curve kauf-ist -->`",
]


def test_a_misspelt_directive_is_reported_by_the_build_and_by_cjm_check(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = write_project(tmp_path, docs={"guide/seite.md": SLIPPED_DIRECTIVES})
    with caplog.at_level(logging.INFO):
        build_site(site.root)
    warnings = [
        r.getMessage().removeprefix("cjm: ") for r in caplog.records
        if r.name == PLUGIN_LOGGER and r.levelno == logging.WARNING and "CJM035" in r.getMessage()
    ]
    assert warnings == SLIP_LINES  # the indented line is code, not a directive
    with pytest.raises((PluginError, Abort)):
        build_site(site.root, strict=True)
    monkeypatch.chdir(site.root)
    assert main(["check"]) == 0
    assert main(["check", "--strict"]) == 1
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if "CJM035" in line] == SLIP_LINES * 2
