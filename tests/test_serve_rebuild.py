"""What `mkdocs serve` keeps from one build to the next for the pages across journeys.

The journeys index, the stakeholders page, the touchpoints, action plan and KPI board
show every journey; each is made of parts that show one journey (a row, a list item, a
journey's responsibilities by phase), and each stakeholder map of its own DOT. A rebuild
after one journey file changed makes anew only that journey's parts; a changed persona
or stakeholder the parts of the journeys that name it; a change to something site-wide
(an option, a template of one's own) makes all of them anew. What
a user sees: `mkdocs build -v` (here: the plugin's debug log of builds in one process,
as `mkdocs serve` runs them) names the journeys whose parts were made anew, and the site
is byte for byte the site a fresh build makes.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from sitekit import (
    JOURNEYS,
    PERSONAS,
    STAKEHOLDERS,
    Site,
    build_site,
    snapshot_files,
    write_project,
)

from mkdocs_cjm_plugin.core.cache import forget

LOGGER = "mkdocs.plugins.cjm"
_PARTS_LINE = re.compile(
    r"parts of pages across journeys and maps: (\d+) made anew(?: for ([^,]+(?:, [^,]+)*?))?, "
    r"(\d+) unchanged since the last build"
)
Project = dict[str, Any]


@pytest.fixture(autouse=True)
def _fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each test starts as a new `mkdocs serve` process would; MkDocs writes the build
    # time into every page unless SOURCE_DATE_EPOCH fixes it.
    forget()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def _build(root: Path, caplog: pytest.LogCaptureFixture) -> tuple[int, set[str], int]:
    """Build in this process; (parts made anew, the journeys they show, parts kept)."""
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        build_site(root)
    lines = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    found = [m for line in lines if (m := _PARTS_LINE.search(line))]
    assert len(found) == 1, lines
    made, journeys, kept = found[0].groups()
    return int(made), set(journeys.split(", ")) if journeys else set(), int(kept)


def _served_then_changed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, project: Project,
    change: Callable[[Project], None],
) -> Site:
    """A project built, changed by `change` and built again in the same process."""
    served = write_project(tmp_path / "served", **project)
    _build(served.root, caplog)
    change(project)
    write_project(served.root, **project)
    _build(served.root, caplog)
    return served


def _as_from_scratch(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, project: Project, served: Site
) -> None:
    fresh = write_project(tmp_path / "fresh", **project)
    _build(fresh.root, caplog)
    assert snapshot_files(served.site_dir) == snapshot_files(fresh.site_dir)


def _project() -> Project:
    return {
        "journeys": copy.deepcopy(JOURNEYS), "personas": copy.deepcopy(PERSONAS),
        "stakeholders": copy.deepcopy(STAKEHOLDERS), "plugin": {},
    }


def _journey(project: Project, ident: str) -> dict[str, Any]:
    found: dict[str, Any] = next(j for j in project["journeys"] if j["id"] == ident)
    return found


def _retitle_umzug(project: Project) -> None:
    """Shows in every page across journeys: the index, the stakeholders, touchpoints."""
    umzug = _journey(project, "umzug")
    umzug["title"] = "Umzug in die neue Halle"
    umzug["phases"][0]["steps"][0]["emotion"] = 1


def _retitle_kauf_ist(project: Project) -> None:
    """The target journey compares itself to it: its own page changes, not its parts."""
    _journey(project, "kauf-ist")["title"] = "Kaffeemaschine bestellen (Ist)"


def _miss_a_kpi(project: Project) -> None:
    """The KPI board and the action plan: another result, another owner."""
    kauf = _journey(project, "kauf-ist")
    kauf["phases"][0]["kpis"][0]["actual"] = 700
    kauf["phases"][0]["opportunities"][0]["owner"] = "technik"


def _widen_umzug(project: Project) -> None:
    """A third phase makes the heatmap one column wider: every journey's row changes."""
    umzug = _journey(project, "umzug")
    umzug["phases"] += [
        {"name": f"Phase {n}", "steps": [{"name": f"Schritt {n}", "emotion": 4}]}
        for n in (2, 3)
    ]


def _rename_stakeholder(project: Project) -> None:
    project["stakeholders"][0]["name"] = "Kundendienst"


def _rename_persona(project: Project) -> None:
    project["personas"][0]["name"] = "Anna Berger-Schmidt"


def _relabel(project: Project) -> None:
    project["plugin"] = {"labels": {"kpi_board": "Kennzahlen"}}


def _retitle_ben(project: Project) -> None:
    """Ben is one of umzug's personas, and no other journey's."""
    project["personas"][1]["role"] = "Leiter Gebäudetechnik"


def _rename_spedition(project: Project) -> None:
    """In the file of all three stakeholders: umzug names the Spedition, kauf-ist's map
    shows her as the service's contact; kauf-soll shows her nowhere."""
    project["stakeholders"][2]["name"] = "Spedition Elbe Logistik"


def _add_persona(project: Project) -> None:
    """A persona no journey names yet, in the file of the others."""
    project["personas"].append({"kind": "persona", "id": "clara", "name": "Clara Neu"})


def _service_external(project: Project) -> None:
    """Shows as a chip and a colour in the maps of the journeys that name the service."""
    project["stakeholders"][0]["type"] = "external"


def _technik_reports_to_spedition(project: Project) -> None:
    """A new line in the map of kauf-ist, the one journey that names both; kauf-soll
    names the Technik too, and her page is rendered again (with the same result): a
    page depends on all a stakeholder it shows says."""
    project["stakeholders"][1]["relations"].append({"to": "spedition", "label": "Termine"})


def _ben_in_his_own_file(project: Project) -> None:
    """The same persona, moved to a file of his own: no page shows a difference."""
    project["personas"].pop(1)



ALL = {"kauf-ist", "kauf-soll", "umzug"}


@pytest.mark.parametrize(
    ("change", "made_for"),
    [
        (_retitle_umzug, {"umzug"}),
        (_retitle_kauf_ist, {"kauf-ist"}),
        (_miss_a_kpi, {"kauf-ist"}),
        (_widen_umzug, ALL),
        # A persona or stakeholder: the parts of the journeys that name it.
        (_rename_stakeholder, {"kauf-ist", "kauf-soll"}),
        (_rename_persona, ALL),
        (_retitle_ben, {"umzug"}),
        (_rename_spedition, {"kauf-ist", "umzug"}),
        (_add_persona, set()),  # only the map of all stakeholders (its legend counts)
        (_relabel, ALL),
    ],
)
def test_a_rebuild_makes_anew_only_the_parts_that_show_the_change(
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
    change: Callable[[Project], None], made_for: set[str],
) -> None:
    project = _project()
    served = write_project(tmp_path / "served", **project)
    made, _, _ = _build(served.root, caplog)
    assert made > 0
    change(project)
    write_project(served.root, **project)  # the same files, the change written over them
    made, journeys, kept = _build(served.root, caplog)
    assert journeys == made_for
    assert made > 0
    if made_for != ALL:
        assert kept > 0
    if len(made_for) == 1:
        assert kept > made
    # The same site as a build from scratch of the changed handbook.
    fresh = write_project(tmp_path / "fresh", **project)
    _build(fresh.root, caplog)
    assert snapshot_files(served.site_dir) == snapshot_files(fresh.site_dir)


def test_a_rebuild_with_nothing_changed_makes_nothing_anew(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = write_project(tmp_path)
    assert _build(site.root, caplog)[1] == ALL
    first = snapshot_files(site.site_dir)
    again, journeys, kept = _build(site.root, caplog)
    assert (again, journeys) == (0, set())
    assert kept > 0
    assert snapshot_files(site.site_dir) == first


def test_the_changed_journey_is_shown_on_every_page_across_journeys(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = _project()
    site = write_project(tmp_path, **project)
    _build(site.root, caplog)
    _retitle_umzug(project)
    write_project(site.root, **project)
    _build(site.root, caplog)
    for page in ("journeys", "stakeholders", "touchpoints", "personas/ben"):
        html = (site.site_dir / page / "index.html").read_text(encoding="utf-8")
        assert "Umzug in die neue Halle" in html, page
        assert "Umzug ins neue Büro" not in html, page


def test_a_changed_template_of_ones_own_renders_every_part_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    package = resources.files("mkdocs_cjm_plugin.site") / "templates" / "kpis.md.jinja"
    original = package.read_text(encoding="utf-8")
    changed = original.replace("<strong>{{ k.name }}</strong>", "<strong>KPI {{ k.name }}</strong>")
    assert changed != original
    project = {**_project(), "plugin": {"custom_templates": "overrides"}}

    def own_template(root: Path, text: str) -> None:
        (root / "overrides").mkdir(exist_ok=True)
        (root / "overrides" / "kpis.md.jinja").write_text(text, encoding="utf-8")

    site = write_project(tmp_path / "served", **project)
    own_template(site.root, original)
    _build(site.root, caplog)
    own_template(site.root, changed)
    _, journeys, _ = _build(site.root, caplog)
    assert journeys == ALL
    board = (site.site_dir / "kpis" / "index.html").read_text(encoding="utf-8")
    assert "<strong>KPI Besuche Kostenrechner</strong>" in board
    fresh = write_project(tmp_path / "fresh", **project)
    own_template(fresh.root, changed)
    _build(fresh.root, caplog)
    assert snapshot_files(site.site_dir) == snapshot_files(fresh.site_dir)


def test_a_touchpoint_two_journeys_share_keeps_the_steps_of_the_unchanged_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Over several rebuilds, as `mkdocs serve` runs them: the row of a touchpoint two
    journeys share is made anew when one of them changes, and the other journey's steps
    in it are still taken as they were, however many builds ago they were made: as
    much is made anew as when the change comes right after the first build."""
    project = _project()
    step = _journey(project, "umzug")["phases"][0]["steps"][0]
    step["touchpoint"], step["channel"] = "Hotline Vertrieb", "Telefon"
    retitled = copy.deepcopy(project)
    _journey(retitled, "kauf-soll")["title"] = "Kaffeemaschine kaufen (Ziel)"
    both = copy.deepcopy(retitled)
    _retitle_umzug(both)
    umzug_only = copy.deepcopy(project)
    _retitle_umzug(umzug_only)

    served = write_project(tmp_path / "served", **project)
    _build(served.root, caplog)
    write_project(served.root, **retitled)
    assert _build(served.root, caplog)[1] == {"kauf-soll"}
    write_project(served.root, **both)
    made, journeys, _ = _build(served.root, caplog)
    assert journeys == {"umzug", "kauf-ist"}  # the row shows both
    touchpoints = (served.site_dir / "touchpoints" / "index.html").read_text(encoding="utf-8")
    row = touchpoints[touchpoints.index(">Hotline Vertrieb<"):].split("</tr>")[0]
    assert "Umzug in die neue Halle" in row and "Kaffeemaschine kaufen (Ist)" in row

    at_once = write_project(tmp_path / "at-once", **project)
    _build(at_once.root, caplog)
    write_project(at_once.root, **umzug_only)
    assert _build(at_once.root, caplog)[0] == made

    fresh = write_project(tmp_path / "fresh", **both)
    _build(fresh.root, caplog)
    assert snapshot_files(served.site_dir) == snapshot_files(fresh.site_dir)


_PAGES_LINE = re.compile(r"journey pages: (\d+) rendered, (\d+) unchanged since the last build")


def _pages_rendered(caplog: pytest.LogCaptureFixture) -> int:
    found = [m for r in caplog.records if r.name == LOGGER
             and (m := _PAGES_LINE.search(r.getMessage()))]
    assert len(found) == 1
    return int(found[0].group(1))


def _unknown_channel(project: Project) -> None:
    _journey(project, "umzug")["phases"][0]["steps"][0]["channel"] = "Brieftaube"


def _known_channel(project: Project) -> None:
    _journey(project, "umzug")["phases"][0]["steps"][0]["channel"] = "Telefon"


def _hotline_twice_in_umzug(project: Project) -> None:
    """Two steps write `Hotline-Vertrieb`, kauf-ist's one step `Hotline Vertrieb`: a
    note (CJM130) now stands at kauf-ist's step, whose file did not change; the build's
    log shows it, the journey pages show their own errors and warnings only."""
    steps = _journey(project, "umzug")["phases"][0]["steps"]
    steps[0]["touchpoint"], steps[0]["channel"] = "Hotline-Vertrieb", "Telefon"
    steps.append({"name": "Rückruf abwarten", "emotion": 3,
                  "touchpoint": "Hotline-Vertrieb", "channel": "Telefon"})


@pytest.mark.parametrize(
    ("before", "change", "rendered"),
    [
        # A note fixed in one file: only that journey's page, not every page.
        (_unknown_channel, _known_channel, 1),
        (_known_channel, _unknown_channel, 1),
        # A note across journeys, at a journey whose file did not change.
        (_known_channel, _hotline_twice_in_umzug, 1),
    ],
)
def test_a_problem_that_comes_or_goes_renders_the_pages_that_show_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
    before: Callable[[Project], None], change: Callable[[Project], None], rendered: int,
) -> None:
    project = _project()
    before(project)
    served = _served_then_changed(tmp_path, caplog, project, change)
    assert _pages_rendered(caplog) == rendered
    _as_from_scratch(tmp_path, caplog, project, served)


@pytest.mark.parametrize(
    ("change", "rendered"),
    [
        (_retitle_ben, 1),
        (_rename_persona, 3),  # Anna is a persona of every journey
        (_rename_spedition, 2),
        (_add_persona, 0),
        (_service_external, 2),
        (_technik_reports_to_spedition, 2),
    ],
)
def test_a_changed_persona_or_stakeholder_renders_the_journey_pages_that_show_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
    change: Callable[[Project], None], rendered: int,
) -> None:
    project = _project()
    served = _served_then_changed(tmp_path, caplog, project, change)
    assert _pages_rendered(caplog) == rendered
    _as_from_scratch(tmp_path, caplog, project, served)


def test_a_persona_moved_to_a_file_of_its_own_renders_no_journey_page_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = _project()
    served = write_project(tmp_path / "served", **project)
    _build(served.root, caplog)
    ben = project["personas"][1]
    _ben_in_his_own_file(project)
    write_project(served.root, **project)
    (served.root / "journeys" / "ben.yml").write_text(
        "\n".join(f"{key}: {value}" for key, value in ben.items() if key != "tags")
        + "\ntags: [Betrieb]\n", encoding="utf-8")
    _build(served.root, caplog)
    assert _pages_rendered(caplog) == 0
    umzug = (served.site_dir / "journeys" / "umzug" / "index.html").read_text(encoding="utf-8")
    assert "Facility-Manager Musterhaus" in umzug


def test_a_persona_that_goes_renders_the_pages_that_showed_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = _project()
    # And no file of his own: umzug names an unknown persona.
    served = _served_then_changed(tmp_path, caplog, project, _ben_in_his_own_file)
    assert _pages_rendered(caplog) == 1
    umzug = (served.site_dir / "journeys" / "umzug" / "index.html").read_text(encoding="utf-8")
    assert "Facility-Manager Musterhaus" not in umzug
    _as_from_scratch(tmp_path, caplog, project, served)


def test_a_stakeholder_defined_at_last_renders_the_pages_and_parts_that_name_her(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = _project()
    _journey(project, "umzug")["owner"] = "einkauf"  # unknown: an error, shown as text
    served = write_project(tmp_path / "served", **project)
    _build(served.root, caplog)
    project["stakeholders"].append(
        {"kind": "stakeholder", "id": "einkauf", "name": "Zentraleinkauf Nord"})
    write_project(served.root, **project)
    _, journeys, _ = _build(served.root, caplog)
    assert _pages_rendered(caplog) == 1
    assert journeys == {"umzug"}
    index = (served.site_dir / "journeys" / "index.html").read_text(encoding="utf-8")
    assert "Zentraleinkauf Nord" in index
    fresh = write_project(tmp_path / "fresh", **project)
    _build(fresh.root, caplog)
    assert snapshot_files(served.site_dir) == snapshot_files(fresh.site_dir)


def _personas_reversed(project: Project) -> None:
    project["personas"].reverse()


def _ben_moved(project: Project) -> None:
    """Ben, word for word, in a file of his own (see `_own_files`)."""
    project["personas"].pop(1)


def _new_stakeholder(project: Project) -> None:
    project["stakeholders"].append({"kind": "stakeholder", "id": "neu", "name": "Neu"})


@pytest.mark.parametrize(
    ("line", "change"),
    [
        # Every persona, in the order of the files: the order is what changes.
        ("{% for p in catalogue.personas.values() %}{{ p.name }}; {% endfor %}",
         _personas_reversed),
        # Where each of its personas is written: the file is what changes.
        ("{% for pid in j.persona_ids %}{{ catalogue.sources[('persona', pid)].path }} "
         "{{ catalogue.sources[('persona', pid)].start.line }}; {% endfor %}", _ben_moved),
        ("{% for s in catalogue.stakeholders|reverse %}{{ s }}; {% endfor %}",
         _new_stakeholder),
        ("{{ catalogue.stakeholders|last }} {{ catalogue.files|length }}", _new_stakeholder),
        ("{{ catalogue.issues|length }}", _new_stakeholder),
    ],
)
def test_a_journey_template_of_ones_own_sees_every_change_of_what_it_shows(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, line: str,
    change: Callable[[Project], None],
) -> None:
    """Whatever of the catalogue a template of one's own shows on journey pages, a
    rebuild shows it as a build from scratch does."""
    package = resources.files("mkdocs_cjm_plugin.site") / "templates" / "journey.md.jinja"
    template = package.read_text(encoding="utf-8") + f"\n<p>OWN: {line}</p>\n"
    project = {**_project(), "plugin": {"custom_templates": "overrides"}}
    ben = dict(project["personas"][1])

    def own_files(root: Path, moved: bool) -> None:
        (root / "overrides").mkdir(exist_ok=True)
        (root / "overrides" / "journey.md.jinja").write_text(template, encoding="utf-8")
        if moved:
            (root / "journeys" / "ben.yml").write_text(
                "kind: persona\nid: ben\nname: Ben Muster\n"
                f"role: {ben['role']}\nquote: {ben['quote']}\ntags: [Betrieb]\n",
                encoding="utf-8")

    served = write_project(tmp_path / "served", **project)
    own_files(served.root, moved=False)
    _build(served.root, caplog)
    change(project)
    write_project(served.root, **project)
    own_files(served.root, moved=change is _ben_moved)
    _build(served.root, caplog)
    fresh = write_project(tmp_path / "fresh", **project)
    own_files(fresh.root, moved=change is _ben_moved)
    _build(fresh.root, caplog)
    assert snapshot_files(served.site_dir) == snapshot_files(fresh.site_dir)
    umzug = (served.site_dir / "journeys" / "umzug" / "index.html").read_text(encoding="utf-8")
    assert "<p>OWN: " in umzug
