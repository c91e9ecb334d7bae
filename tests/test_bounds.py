"""Red-team classes of real builds: the cache folder, tampered cache files, maps too
large to draw, very long names, numbers near the float limits and hand-written pages.

Every test builds a real site with MkDocs, the `cjm` plugin and real Graphviz, and
looks at what a user gets: the message line, the files on disk, the built pages.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort, PluginError
from sitekit import (
    JOURNEYS,
    PERSONAS,
    STAKEHOLDERS,
    Site,
    build_site,
    snapshot_files,
    unsigned_json,
    write_project,
)

from mkdocs_cjm_plugin.cli.main import main
from mkdocs_cjm_plugin.pictures.dot import MAX_LABEL_CHARS, MAX_MAP_RELATIONS, MAX_MAP_STAKEHOLDERS

PLUGIN_LOGGER = "mkdocs.plugins.cjm"
SVG_NS = "{http://www.w3.org/2000/svg}"
TODAY = "2026-11-23"


@pytest.fixture(autouse=True)
def _in_the_project(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run where the author runs `mkdocs build`: messages name paths from there."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(tmp_path)



def _messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage().removeprefix("cjm: ") for r in caplog.records
            if r.name == PLUGIN_LOGGER]


def _lines_with(caplog: pytest.LogCaptureFixture, code: str) -> list[str]:
    return [m for m in _messages(caplog) if f"[{code}]" in m]


def _build(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger=PLUGIN_LOGGER):
        build_site(site.root)


def _html(site: Site, src: str) -> str:
    return site.out(src).read_text(encoding="utf-8")


def _map_svgs(page: str) -> list[ET.Element]:
    """The inline `<svg>` of every stakeholder map on a page, parsed as XML (the caption
    after it holds the link to the full-size view)."""
    return [
        ET.fromstring(m.group(1))
        for m in re.finditer(
            r'<figure class="cjm-map-figure">(<svg.*?</svg>)(?:<figcaption.*?</figcaption>)?'
            r"</figure>", page, re.S
        )
    ]


def _summary(drawn: int, cached: int) -> str:
    return f"stakeholder maps: {drawn} drawn by Graphviz, {cached} unchanged from the cache"


def _drawn(caplog: pytest.LogCaptureFixture) -> str:
    """The plugin's summary line of the Graphviz work."""
    lines = [m for m in _messages(caplog) if m.startswith("stakeholder maps:")]
    assert len(lines) == 1, _messages(caplog)
    return lines[0]


MAPS = len(JOURNEYS) + 1  # one per journey and the one of all stakeholders


# --------------------------------------------------------------------------- the cache folder


def _user_files(folder: Path) -> dict[str, bytes]:
    """Files of a user in a folder the cache might be pointed at."""
    files = {
        "logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>\n',
        "manifest.json": b'{"name": "Mein Manifest", "icons": []}\r\n',
        "a" * 64 + ".svg": b"<svg>looks like a cache file, but is mine</svg>",
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return snapshot_files(folder)


@pytest.mark.parametrize("where", ["docs/maps", "docs", "site/cache"])
def test_a_cache_dir_in_the_docs_or_site_folder_is_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, where: str
) -> None:
    site = write_project(tmp_path, plugin={"cache_dir": where})
    folder = tmp_path / where
    if where.startswith("docs"):
        before = _user_files(folder)
    _build(site, caplog)
    name = "docs" if where.startswith("docs") else "site"
    # At the `cache_dir` line of mkdocs.yml, as `cjm check` reports it.
    assert _lines_with(caplog, "CJM070") == [
        f"mkdocs.yml:12:16: error[CJM070]: cache_dir '{where}' is inside the {name} folder "
        f"'{name}'; the cached pictures would be published or cleaned away with it. Set "
        "`cache_dir` to a folder of its own outside it, such as `.cache/cjm` (the default); "
        "the maps are drawn without a cache until then"
    ]
    assert _drawn(caplog) == _summary(MAPS, 0)
    assert len(_map_svgs(_html(site, site.journey_src("kauf-ist")))) == 1  # still drawn
    if where.startswith("docs"):
        assert snapshot_files(folder) == before  # byte for byte, nothing added


def test_a_cache_dir_holding_files_of_the_user_is_left_alone(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = write_project(tmp_path, plugin={"cache_dir": "assets"})
    before = _user_files(tmp_path / "assets")
    for _ in range(2):
        _build(site, caplog)
        [line] = _lines_with(caplog, "CJM070")
        assert line.startswith("mkdocs.yml:12:16: error[CJM070]: cache_dir '")
        assert "holds files the plugin did not write ('" in line
        assert "(your files were not changed)" in line
        assert _drawn(caplog) == _summary(MAPS, 0)
        assert snapshot_files(tmp_path / "assets") == before


def test_a_strict_build_stops_on_a_cache_dir_in_docs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = write_project(tmp_path, plugin={"cache_dir": "docs/cache", "strict": True})
    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(site.root)
    text = "\n".join([str(info.value), *(r.getMessage() for r in caplog.records)])
    assert "error[CJM070]: cache_dir 'docs/cache' is inside the docs folder" in text
    assert not (tmp_path / "docs" / "cache").exists()


def test_the_cache_deletes_only_its_own_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = write_project(tmp_path, plugin={"cache_dir": "cache"})
    _build(site, caplog)
    cache = tmp_path / "cache"
    tag = (cache / "CACHEDIR.TAG").read_text(encoding="utf-8")
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    ours = {p.name for p in cache.glob("*.svg")}
    assert len(ours) == MAPS
    # Someone puts files into the cache folder later: they are not the cache's to delete.
    mine = {"notizen.txt": b"meine Notizen", "b" * 64 + ".svg": b"<svg/>"}
    for name, data in mine.items():
        (cache / name).write_bytes(data)
    journeys = copy.deepcopy(JOURNEYS)
    next(j for j in journeys if j["id"] == "umzug")["owner"] = "service"
    site = write_project(tmp_path, plugin={"cache_dir": "cache"}, journeys=journeys)
    _build(site, caplog)
    assert not _lines_with(caplog, "CJM070")
    assert _drawn(caplog) == _summary(1, MAPS - 1)
    now = {p.name for p in cache.glob("*.svg")}
    assert len(ours - now) == 1  # the old map of `umzug` was pruned ...
    assert all((cache / name).read_bytes() == data for name, data in mine.items())  # ... only


def test_a_cache_of_the_previous_version_is_taken_over_without_deleting(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / ".cache" / "cjm"
    cache.mkdir(parents=True)
    old = "c" * 64
    (cache / f"{old}.svg").write_text("<svg/>", encoding="utf-8")
    (cache / "manifest.json").write_text(json.dumps({"journey-x": old}), encoding="utf-8")
    before = snapshot_files(cache)
    site = write_project(tmp_path)  # the default cache_dir
    _build(site, caplog)
    assert not _lines_with(caplog, "CJM070")
    after = snapshot_files(cache)
    assert {k: after[k] for k in before} == before
    assert "CACHEDIR.TAG" in after and "cjm-cache.json" in after


# --------------------------------------------------------------------------- tampered cache


def _inject(svg: str, what: str) -> str:
    """A cached SVG changed the way someone with write access to a shared cache could."""
    if what == "script":
        return svg.replace("</svg>", "<script>alert(1)</script></svg>")
    if what == "handler":
        return svg.replace("<svg ", '<svg onload="alert(1)" ', 1)
    if what == "foreign":
        return svg.replace("</svg>", '<foreignObject><iframe src="https://evil.example/">'
                           "</iframe></foreignObject></svg>")
    if what == "link":
        return re.sub(r'xlink:href="[^"]*"', 'xlink:href="java&#9;script:alert(1)"', svg)
    if what == "style":
        return svg.replace("<g ", '<g style="background:url(https://evil.example/t.png)" ', 1)
    assert what == "text"
    return svg.replace("Kundenservice Kassel", "Gehackt GmbH")


@pytest.mark.parametrize("what", ["script", "handler", "foreign", "link", "style", "text"])
@pytest.mark.parametrize("rehash", [False, True])
def test_a_tampered_cache_is_never_inlined(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, what: str, rehash: bool
) -> None:
    """`rehash`: the list of kept maps was edited too, with the hashes of the changed
    files, as someone without this machine's key could: it is not believed at all."""
    site = write_project(tmp_path, plugin={"cache_dir": "cache"})
    _build(site, caplog)
    pages = [site.journey_src("kauf-ist"), site.stakeholders_src]
    scripts = {page: _html(site, page).lower().count("<script") for page in pages}
    cache = tmp_path / "cache"
    manifest_path = cache / "cjm-cache.json"
    manifest = unsigned_json(manifest_path)
    tampered = 0
    for entry in manifest["maps"].values():
        path = cache / f"{entry['digest']}.svg"
        original = path.read_text(encoding="utf-8")
        changed = _inject(original, what)
        tampered += changed != original
        path.write_text(changed, encoding="utf-8")
        if rehash:
            entry["sha256"] = hashlib.sha256(changed.encode("utf-8")).hexdigest()
    if rehash:
        manifest_path.write_text("cjm-signed-1 " + "0" * 64 + "\n" + json.dumps(manifest),
                                 encoding="utf-8")

    _build(site, caplog)
    assert tampered >= 2
    # A changed file is drawn again and the cache repaired; a list without this
    # machine's signature has every map drawn again.
    assert _drawn(caplog) == (_summary(MAPS, 0) if rehash else
                              _summary(tampered, MAPS - tampered))
    for page in pages:
        html = _html(site, page)
        [svg] = _map_svgs(html)
        [figure] = re.findall(r'<figure class="cjm-map-figure">.*?</figure>', html, re.S)
        lowered = figure.lower()
        assert html.lower().count("<script") == scripts[page]  # only the theme's own
        for bad in ("<script", "onload=", "foreignobject", "<iframe", "evil.example",
                    "javascript"):
            assert bad not in lowered, (what, bad)
        names = {"".join(t.itertext()) for t in svg.iter(f"{SVG_NS}text")}
        assert "Kundenservice Kassel" in names
        assert "Gehackt GmbH" not in names
    # Each map is published as an SVG file of its own too (the full-size view): as clean.
    files = sorted(site.site_dir.rglob("maps/*.svg"))
    assert len(files) == MAPS, files
    for file in files:
        lowered = file.read_text(encoding="utf-8").lower()
        for bad in ("<script", "onload=", "foreignobject", "<iframe", "evil.example",
                    "javascript"):
            assert bad not in lowered, (what, bad, file.name)
    _build(site, caplog)  # repaired: all from the cache again
    assert _drawn(caplog) == _summary(0, MAPS)


# --------------------------------------------------------------------------- large maps


def _crowd(count: int, related: bool) -> list[dict[str, Any]]:
    """`count` stakeholders; each related to the customer, and all to each other if `related`."""
    ids = [f"s{i:03d}" for i in range(count)]
    out = []
    for i, ident in enumerate(ids):
        relations = [{"to": "customer", "label": f"Leistung {i}"}]
        if related:
            relations += [{"to": other, "label": f"Info {ident}-{other}"}
                          for other in ids if other != ident]
        out.append({
            "kind": "stakeholder", "id": ident, "name": f"Abteilung {i}",
            "type": ["internal", "external", "partner"][i % 3],
            "importance": ["essential", "important", "interesting"][(i // 3) % 3],
            "relations": relations,
        })
    return out


def _journey_with(ids: list[str]) -> list[dict[str, Any]]:
    journey = copy.deepcopy(next(j for j in JOURNEYS if j["id"] == "umzug"))
    journey["stakeholders"] = ids
    journey.pop("owner", None)
    return [journey]


def test_a_densely_related_map_shows_only_the_customer_relations(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    crowd = _crowd(20, related=True)  # 20 * 19 = 380 relations between stakeholders
    ids = [s["id"] for s in crowd]
    site = write_project(tmp_path, stakeholders=crowd, journeys=_journey_with(ids),
                         plugin={"cache_dir": ""})
    _build(site, caplog)
    lines = _lines_with(caplog, "CJM071")
    assert lines == [
        "journeys/journeys/umzug.yml:1:1: note[CJM071]: the stakeholder map of journey 'umzug' "
        f"has 400 relations, more than the {MAX_MAP_RELATIONS} Graphviz can lay out readably "
        "and quickly; it shows only the 20 relations with the customer, and the stakeholders "
        "page lists every relation (record only the relations that matter for the customer)",
        "mkdocs.yml:1:1: note[CJM071]: the map of all stakeholders has 400 relations, more than "
        f"the {MAX_MAP_RELATIONS} Graphviz can lay out readably and quickly; it shows only the "
        "20 relations with the customer, and the stakeholders page lists every relation "
        "(record only the relations that matter for the customer)",
    ]
    html = _html(site, site.journey_src("umzug"))
    [svg] = _map_svgs(html)
    edges = [g for g in svg.iter(f"{SVG_NS}g") if "cjm-edge" in g.get("class", "")]
    assert len(edges) == 20
    assert "The map shows only the relations with the customer (20 of 400)" in html
    stakeholders = _html(site, site.stakeholders_src)
    assert all(f'id="sh-{ident}"' in stakeholders for ident in ids)  # the full list
    assert "Info s000-s019" in stakeholders  # every relation is listed


def test_a_map_with_too_many_stakeholders_is_replaced_by_the_list(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    count = MAX_MAP_STAKEHOLDERS + 10
    crowd = _crowd(count, related=False)
    ids = [s["id"] for s in crowd]
    site = write_project(tmp_path, stakeholders=crowd, journeys=_journey_with(ids),
                         plugin={"cache_dir": ""})
    _build(site, caplog)
    lines = _lines_with(caplog, "CJM071")
    assert lines == [
        "journeys/journeys/umzug.yml:1:1: note[CJM071]: the stakeholder map of journey 'umzug' "
        f"has {count} stakeholders, more than the {MAX_MAP_STAKEHOLDERS} a map can show "
        "readably; it is not drawn, the page lists the stakeholders instead (name fewer "
        "stakeholders on the journey, or split it)",
        f"mkdocs.yml:1:1: note[CJM071]: the map of all stakeholders has {count} stakeholders, "
        f"more than the {MAX_MAP_STAKEHOLDERS} a map can show readably; it is not drawn, the "
        "page lists the stakeholders instead (the map of each journey shows its own "
        "stakeholders)",
    ]
    assert not [m for m in _messages(caplog) if "drawn by Graphviz" in m]  # dot never ran
    for src in (site.journey_src("umzug"), site.stakeholders_src):
        html = _html(site, src)
        assert not _map_svgs(html)
        assert f"The stakeholder map is not drawn: {count} stakeholders are too many" in html
    stakeholders = _html(site, site.stakeholders_src)
    assert all(f'id="sh-{ident}"' in stakeholders for ident in ids)


# --------------------------------------------------------------------------- long names


@pytest.mark.parametrize("name", [
    "Donaudampfschifffahrtsgesellschaft" * 5,  # 170 characters, no space
    "Kundenservice Nord " * 10,  # 189 characters, 9 spaces
])
def test_a_long_name_is_cut_on_the_map_and_kept_in_the_tooltip(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    # A name may have 200 characters (CJM063), more than a box on the map shows.
    stakeholders = copy.deepcopy(STAKEHOLDERS)
    stakeholders[0]["name"] = name
    site = write_project(tmp_path, stakeholders=stakeholders, plugin={"cache_dir": ""})
    _build(site, caplog)
    html = _html(site, site.journey_src("kauf-ist"))
    [svg] = _map_svgs(html)
    node = next(g for g in svg.iter(f"{SVG_NS}g")
                if g.findtext(f"{SVG_NS}title") == "sh-service" and "node" in g.get("class", ""))
    shown = " ".join("".join(t.itertext()) for t in node.iter(f"{SVG_NS}text"))
    assert shown.endswith("\u2026")
    assert len(shown) <= MAX_LABEL_CHARS + 10  # line breaks become spaces here
    tooltips = [(t.text or "").strip() for t in node.iter(f"{SVG_NS}title")]
    assert name.strip() in tooltips
    assert name.strip() in html  # the pages show the full name as text


# --------------------------------------------------------------------------- float limits


_NOT_FINITE = re.compile(r"(?i)(?<![a-z])(inf|infinity|nan)(?![a-z])")
_STYLE = re.compile(r'\sstyle="([^"]*)"')


def _no_inf_or_nan(site: Site) -> None:
    """Every SVG of every generated page parses, and no attribute of it (nor any inline
    style of the page: heatmap colours, sparklines) holds an infinite or NaN number."""
    svgs = 0
    for path in site.generated_html():
        page = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<svg\b.*?</svg>", page, re.S):
            root = ET.fromstring(match.group(0))
            svgs += 1
            for element in root.iter():
                for name, value in element.attrib.items():
                    if name in ("href", "class", "id", "aria-label", "aria-labelledby"):
                        continue
                    assert not _NOT_FINITE.search(value), (path, element.tag, name, value)
        for style in _STYLE.findall(page):
            assert not _NOT_FINITE.search(style), (path, style)
    assert svgs > 0


@pytest.mark.parametrize("value", [1e308, -1e308, 5e-324, -5e-324, 1.7976931348623157e308])
def test_emotions_near_the_float_limits_are_reported_and_drawn_finitely(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, value: float
) -> None:
    journeys = copy.deepcopy(JOURNEYS)
    for phase in journeys[0]["phases"]:
        for step in phase.get("steps", []):
            step["emotion"] = value
    site = write_project(tmp_path, journeys=journeys, plugin={"cache_dir": ""})
    _build(site, caplog)  # not strict: the errors are shown, the site is built
    lines = _lines_with(caplog, "CJM025")
    assert lines and all(f"emotion {value!r} is outside the scale 1..5" in line
                         or f"emotion {value:g}" in line for line in lines), lines
    assert all(len(line) < 300 for line in lines)
    _no_inf_or_nan(site)
    index = _html(site, site.journeys_index_src)
    assert "kauf-ist" in index


def test_emotions_at_both_float_limits_on_one_curve_are_drawn_finitely(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The axis stretches to emotions outside the scale: from -1.8e308 to 1.8e308 here."""
    limits = [1e308, -1e308, 1.7976931348623157e308, -1.7976931348623157e308, 5e-324]
    journeys = copy.deepcopy(JOURNEYS)
    scores = iter(limits * 10)
    for phase in journeys[0]["phases"]:
        phase["emotion"] = next(scores)
        for step in phase.get("steps", []):
            step["emotion"] = next(scores)
    site = write_project(tmp_path, journeys=journeys, plugin={"cache_dir": ""})
    _build(site, caplog)
    assert len(_lines_with(caplog, "CJM025")) >= 4
    _no_inf_or_nan(site)


@pytest.mark.parametrize("scale", [
    {"min": -1e308, "max": 1e308},
    {"min": 0, "max": 5e-324},
    {"min": -1.7976931348623157e308, "max": 0},
    {"min": 1, "max": 1.0000000001},
])
def test_an_emotion_scale_that_cannot_be_drawn_is_refused_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture, scale: dict[str, float],
) -> None:
    site = write_project(tmp_path, plugin={"emotion_scale": scale})
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--today", TODAY]) == 1
    out = capsys.readouterr().out
    [line] = [line for line in out.splitlines() if "CJM029" in line]
    assert re.match(r"mkdocs\.yml:\d+:\d+: error\[CJM029\]: plugin option `emotion_scale`: ", line)
    reason = ("must lie between -1,000,000,000,000 and 1,000,000,000,000 and be at least "
              "0.000001 apart, so that the emotion curve can be drawn; use a scale like 1..5")
    assert reason in line
    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)):
        build_site(site.root)
    assert any(reason in r.getMessage() for r in caplog.records)


def test_the_widest_scale_allowed_draws_finite_pictures(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    journeys = copy.deepcopy(JOURNEYS)
    for phase in journeys[0]["phases"]:
        for n, step in enumerate(phase.get("steps", [])):
            step["emotion"] = 1e12 if n % 2 else -1e12
    site = write_project(tmp_path, journeys=journeys, plugin={
        "cache_dir": "", "emotion_scale": {"min": -1e12, "max": 1e12}, "strict": True,
    })
    _build(site, caplog)
    _no_inf_or_nan(site)


# --------------------------------------------------------------------------- hand-written pages


COMMENTED = {
    "block.md": "# Block\n\n<!-- Entwurf:\n<!-- cjm:curve kauf-ist -->\n-->\n\n"
                "Sichtbar nach dem Block.\n\n<!-- cjm:table kauf-ist -->\n",
    "nested.md": "# Verschachtelt\n\n<!-- x <!-- cjm:curve kauf-ist --> -->\n\n"
                 "Sichtbar nach dem Kommentar.\n",
    # A comment ends at the first `-->`, here the one of the commented-out directive.
    "long.md": "# Lang\n\n<!--\nEntwurf\n\n<!-- cjm:curve nix -->\n\nmehr Entwurf\n\n"
               "Sichtbar am Ende. `<!--` im Code.\n\n<!-- cjm:curve kauf-ist -->\n",
}


def test_directives_inside_html_comments_are_left_alone(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = write_project(tmp_path, docs=COMMENTED, plugin={"cache_dir": ""})
    _build(site, caplog)
    assert not _lines_with(caplog, "CJM030")  # `nix` is commented out: no error
    block = (site.site_dir / "block" / "index.html").read_text(encoding="utf-8")
    assert "Sichtbar nach dem Block." in block
    assert block.count('class="cjm-embed ') == 1 and "cjm-embed-table" in block
    nested = (site.site_dir / "nested" / "index.html").read_text(encoding="utf-8")
    assert "Sichtbar nach dem Kommentar." in nested and "cjm-embed" not in nested
    long = (site.site_dir / "long" / "index.html").read_text(encoding="utf-8")
    assert "Sichtbar am Ende." in long
    assert long.count('class="cjm-embed ') == 1 and "cjm-embed-curve" in long  # after the code span


@pytest.mark.parametrize("char", ["\x01", "\x1f", "\x7f", "\x85", "\u2028", "\u2029", "\t\n"])
def test_a_control_character_in_a_title_keeps_the_page_title(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, char: str
) -> None:
    journeys = copy.deepcopy(JOURNEYS)
    journeys[0]["title"] = f"Kaffee{char}maschine kaufen"
    site = write_project(tmp_path, journeys=journeys, plugin={"cache_dir": ""})
    _build(site, caplog)
    html = _html(site, site.journey_src("kauf-ist"))
    [title] = re.findall(r"<title>(.*?)</title>", html, re.S)[:1]
    assert title == "Kaffee maschine kaufen - Testhandbuch"
    assert ">title: " not in html  # the front matter was read, not shown as text


def test_a_missing_photo_shows_the_initials(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    personas = copy.deepcopy(PERSONAS)
    personas[0]["photo"] = "img/anna.jpg"
    personas[1]["photo"] = "img/ben.png"
    site = write_project(tmp_path, personas=personas, plugin={"cache_dir": ""})
    (tmp_path / "docs" / "img").mkdir()
    (tmp_path / "docs" / "img" / "ben.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    _build(site, caplog)
    [warning] = _lines_with(caplog, "CJM104")
    assert warning.endswith("photo 'img/anna.jpg' not found in the docs folder, so the "
                            "page shows initials instead; put the picture there (the path "
                            "is relative to the docs folder) or correct the path")
    for src in (site.persona_src("anna"), site.personas_index_src, site.journey_src("kauf-ist")):
        html = _html(site, src)
        assert "anna.jpg" not in html, src
        assert re.search(r'cjm-avatar-initials"[^>]*>AB</span>', html), src
    assert "img/ben.png" in _html(site, site.persona_src("ben"))  # a photo that is there


TEMPLATE_ERRORS = [
    ("{{ 1/0 }}", "ZeroDivisionError: division by zero"),
    ("{{ journey.phases|sum }}", "TypeError: unsupported operand"),
    ("{{ '%d'|format('x') }}", "TypeError"),
    ("{{ journey.nope.deeper }}", "has no attribute 'nope'"),
]


@pytest.mark.parametrize(("expression", "problem"), TEMPLATE_ERRORS)
def test_a_runtime_error_in_a_custom_template_names_file_and_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, expression: str, problem: str
) -> None:
    site = write_project(tmp_path, plugin={"custom_templates": "overrides", "cache_dir": ""})
    folder = tmp_path / "overrides"
    folder.mkdir()
    (folder / "journey.md.jinja").write_text(
        f"# {{{{ journey.title }}}}\n\nText\n{expression}\n", encoding="utf-8"
    )
    before = snapshot_files(tmp_path / "docs")
    with caplog.at_level(logging.INFO), pytest.raises((PluginError, Abort)) as info:
        build_site(site.root)
    text = "\n".join([str(info.value), *(r.getMessage() for r in caplog.records)])
    assert "template error in overrides/journey.md.jinja, line 4 (rendering journey.md.jinja)" \
        in text, text
    assert problem in text
    assert "Traceback" not in text
    assert snapshot_files(tmp_path / "docs") == before
    assert not site.site_dir.exists()  # nothing half-written
