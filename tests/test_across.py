"""The pages across journeys, built with real MkDocs: the overview, touchpoints and
channels, the action plan, the KPI board, and the responsibility matrix, open actions,
evidence and freshness on the stakeholders page, the journey index and journey pages.

Every number is worked out by hand from the handbook in `tests/sitekit.py` (built on
`today: 2026-11-23`), so a test fails when a page counts wrong:

- 3 journeys, 2 personas, 7 steps, 7 touchpoints in 5 channels.
- 2 opportunities: "Preisrechner auf der Startseite" (Kundenservice Kassel, due
  2026-03-31, planned: overdue) and "Rückrufservice statt Warteschleife" (no owner, due
  2027-01-15, doing).
- 1 KPI, "Besuche Kostenrechner": 420 of 600 pro Monat, missed by 180 (30 %).
- Evidence: 1 step research-backed, 6 assumed.
- `umzug` was last reviewed 2025-01-15: 677 days before `today`, stale.
- Phase 1 of `kauf-soll` has nobody responsible and no step owner: the one gap.
"""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.sitekit import (
    JOURNEYS,
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

WORDS = {
    "en": {
        "overview": "Overview", "touchpoints": "Touchpoints and channels",
        "actions": "Action plan", "kpis": "KPI board", "no_owner": "No owner yet",
        "group": "1 open, 1 overdue, 0 done", "summary": "2 open, of which 1 overdue; 0 done.",
        "kpi_line": "1 missed, 0 met, 0 not measured", "used": "1 of 3 journeys",
        "used_2": "2 of 3 journeys", "evidence": "Research-backed: 1 (14%)",
        "assumed": "Assumption: 6 (86%)", "age": "677 days ago", "missed": "target missed",
        "difference": "Difference: -180 pro Monat (-30%)", "gap": "nobody responsible",
        "overdue": "overdue", "section": "Handbook", "as_of": "Overdue as of Nov 23, 2026.",
        "online": "Online", "offline": "Offline", "unknown": "Online or offline not known",
        "stale_title": "Not reviewed for more than 365 days",
    },
    "de": {
        "overview": "Überblick", "touchpoints": "Touchpoints und Kanäle",
        "actions": "Maßnahmenplan", "kpis": "KPI-Übersicht",
        "no_owner": "Noch niemand verantwortlich",
        "group": "1 offen, 1 überfällig, 0 erledigt",
        "summary": "2 offen, davon 1 überfällig; 0 erledigt.",
        "kpi_line": "1 verfehlt, 0 erreicht, 0 nicht gemessen", "used": "1 von 3 Journeys",
        "used_2": "2 von 3 Journeys", "evidence": "Durch Forschung belegt: 1 (14 %)",
        "assumed": "Annahme: 6 (86 %)", "age": "vor 677 Tagen", "missed": "Ziel verfehlt",
        "difference": "Abstand: -180 pro Monat (-30 %)", "gap": "niemand verantwortlich",
        "overdue": "überfällig", "section": "Handbuch",
        "as_of": "Fälligkeiten zum Stand 23.11.2026.",
        "online": "Online", "offline": "Offline", "unknown": "Online oder offline unbekannt",
        "stale_title": "Seit mehr als 365 Tagen nicht geprüft",
    },
}

COMBOS = [
    pytest.param(
        {"theme": "material", "use_directory_urls": True, "prefix": "handbook", "language": "de"},
        id="material-de",
    ),
    pytest.param(
        {"theme": "mkdocs", "use_directory_urls": False, "prefix": "", "language": "en"},
        id="mkdocs-en",
    ),
]


@pytest.fixture(scope="module", params=COMBOS)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        root = tmp_path_factory.mktemp("across")
        built = write_project(root, **request.param)
        # With MkDocs' search, as most sites have it: the new pages must be found.
        config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
        config["plugins"].insert(0, "search")
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
        build_site(root, strict=True)
    return built


def _w(site: Site, key: str) -> str:
    return WORDS[site.language][key]


def _page(site: Site, name: str) -> Doc:
    return site.page(site.across_src[name])


def _text(node: Node) -> str:
    return " ".join(node.text().split())


def _rows(node: Node) -> list[Node]:
    return [tr for tr in node.find_all("tr") if tr.find_all("td")]


def _row_with(doc: Doc, text: str, table_class: str) -> Node:
    for table in doc.main().by_class(table_class):
        for row in _rows(table):
            if text in _text(row):
                return row
    raise AssertionError(f"no row of table.{table_class} says {text!r}")


def _links_resolve(site: Site, doc: Doc) -> None:
    for link in internal_links(doc):
        target, fragment = resolve_link(site.site_dir, doc.path, link)
        assert target.is_file(), f"{doc.path}: {link} leads nowhere"
        if fragment:
            assert fragment in parse_file(target).ids, f"{doc.path}: {link} has no anchor"


# --------------------------------------------------------------------------- the overview


def test_the_overview_counts_the_handbook(site: Site) -> None:
    doc = _page(site, "overview")
    tiles = {
        _text(n.by_class("cjm-tile-label")[0]).lstrip("⚠✗ "):
            _text(n.by_class("cjm-tile-number")[0])
        for n in doc.main().by_class("cjm-tile")
    }
    de = site.language == "de"
    assert tiles == {
        "Journeys": "3", "Personas": "2", "Schritte" if de else "Steps": "7",
        "Touchpoints": "7",
        "Offene Maßnahmen" if de else "Open actions": "2",
        "Überfällige Maßnahmen" if de else "Overdue actions": "1",
        "Verfehlte KPIs" if de else "Missed KPIs": "1",
    }
    assert _w(site, "as_of") in doc.text()
    # The five lowest moments, lowest first, ties in the order of the files.
    lowest = [_text(li) for li in doc.main().by_class("cjm-lowest")[0].find_all("li")]
    assert [item.split(" ›")[0] for item in lowest] == [
        "1 Kaffeemaschine kaufen (Ist)", "2 Kaffeemaschine kaufen (Ist)",
        "2 Kaffeemaschine kaufen (Ist)", "3 Kaffeemaschine kaufen (Ist)",
        "3 Umzug ins neue Büro",
    ]
    assert [item.split("› ")[1].split(" ·")[0] for item in lowest] == [
        "Ruft die Hotline an", "Fragt Kollegen", "Erhält das Angebot", "Sucht Preise im Netz",
        "Meldet den Umzug",
    ]
    _links_resolve(site, doc)


def test_the_overview_shows_evidence_and_stale_journeys(site: Site) -> None:
    doc = _page(site, "overview")
    text = doc.text()
    assert _w(site, "evidence") in text
    assert _w(site, "assumed") in text
    stale = doc.main().by_class("cjm-stale-list")[0]
    assert [_text(li.find_all("a")[0]) for li in stale.find_all("li")] == ["Umzug ins neue Büro"]
    assert _w(site, "age") in _text(stale)
    assert _w(site, "stale_title") in text


# --------------------------------------------------------------------------- touchpoints


def test_every_touchpoint_appears_once_with_its_numbers(site: Site) -> None:
    doc = _page(site, "touchpoints")
    names = [_text(n) for n in doc.main().by_class("cjm-touchpoint-name")]
    assert sorted(names) == sorted({
        step["touchpoint"] for j in JOURNEYS for p in j["phases"] for step in p["steps"]
    })
    hotline = _row_with(doc, "Hotline Vertrieb", "cjm-touchpoints")
    assert [_text(e) for e in hotline.by_class("cjm-emotion")] == ["1"]
    assert _w(site, "used") in _text(hotline)
    assert "★" in _text(hotline)  # a moment of truth
    assert "Lange Warteschleife" in _text(hotline)
    assert "Kundenservice Kassel" in _text(hotline)
    step_link = hotline.by_class("cjm-step-ref")[0]
    assert _text(step_link) == "Ruft die Hotline an"
    _links_resolve(site, doc)


def test_touchpoints_are_grouped_by_channel_online_first_worst_first(site: Site) -> None:
    doc = _page(site, "touchpoints")
    headings = [_text(h).rstrip("¶ ") for h in doc.main().find_all("h2")]
    assert headings[:3] == [_w(site, "online"), _w(site, "offline"), _w(site, "unknown")]
    channels = [_text(h).rstrip("¶ ") for h in doc.main().find_all("h3")]
    # Online: E-Mail (2), Kundenportal (3), Website (3.5); offline: Telefon (3);
    # unknown: Mundpropaganda (2).
    assert channels == ["E-Mail", "Kundenportal", "Website", "Telefon", "Mundpropaganda"]
    website = _row_with(doc, "Suchergebnisseite", "cjm-touchpoints")
    table = next(a for a in website.ancestors() if a.tag == "table")
    assert [_text(r.by_class("cjm-touchpoint-name")[0]) for r in _rows(table)] == [
        "Suchergebnisseite", "Kostenrechner Online",  # 3 before 4: the worst first
    ]


def test_the_channel_matrix_counts_steps_per_phase(site: Site) -> None:
    doc = _page(site, "touchpoints")
    matrix = doc.main().by_class("cjm-channel-matrix")[0]
    rows = {
        _text(r.find_all("th")[0]): [
            " ".join(_text(part) for part in c.find_all("span")[1:]) for c in r.find_all("td")
        ]
        for r in _rows(matrix)
    }
    # Without a phase model the columns are the phases' positions 1 and 2.
    assert rows["Website"] == ["2 ⌀ 3,5" if site.language == "de" else "2 ⌀ 3.5", ""]
    assert rows["Telefon"] == ["", "2 ⌀ 3"]
    assert rows["E-Mail"] == ["", "1 ⌀ 2"]
    assert rows["Kundenportal"] == ["1 ⌀ 3", ""]


def test_touchpoints_written_differently_are_one_row(tmp_path: Path) -> None:
    journeys = copy.deepcopy(JOURNEYS)
    # kauf-soll's phone step now names the hotline, written another way.
    journeys[1]["phases"][1]["steps"][0]["touchpoint"] = "hotline-vertrieb"
    site = write_project(tmp_path, journeys=journeys)
    build_site(site.root)
    doc = site.page(site.across_src["touchpoints"])
    row = _row_with(doc, "Hotline Vertrieb", "cjm-touchpoints")
    assert _text(row.by_class("cjm-variants")[0]) == "also written: hotline-vertrieb"
    assert "2 of 3 journeys" in _text(row)
    assert [_text(e) for e in row.by_class("cjm-emotion")] == ["3"]  # mean of 1 and 5
    assert "Lowest emotion: 1" in _text(row)
    assert not [n for n in doc.main().by_class("cjm-touchpoint-name")
                if _text(n) == "hotline-vertrieb"]


# --------------------------------------------------------------------------- the action plan


def test_the_action_plan_groups_every_opportunity_by_owner(site: Site) -> None:
    doc = _page(site, "actions")
    assert _w(site, "summary") in doc.text()
    groups = doc.main().by_class("cjm-owner-group")
    assert [g.attrs["data-owner"] for g in groups] == ["owner-service", "no-owner"]
    service, nobody = groups
    assert _w(site, "group") in _text(service)
    item = service.find_all("tr", id="action-kauf-ist-1")[0]
    assert "Preisrechner auf der Startseite" in _text(item)
    assert item.attrs["data-overdue"] == "1"
    assert _w(site, "overdue") in _text(item)
    assert _text(item.by_class("cjm-step-ref")[0]) == "Bedarf erkennen"
    other = nobody.find_all("tr", id="action-kauf-ist-2")[0]
    assert "Rückrufservice statt Warteschleife" in _text(other)
    assert "data-overdue" not in other.attrs
    assert _text(other.by_class("cjm-step-ref")[0]) == "Ruft die Hotline an"
    assert _text(other.by_class("cjm-phase-ref")[0]) == "Angebot einholen"
    assert not item.by_class("cjm-phase-ref")  # an opportunity of the phase itself
    headings = [_text(h).rstrip("¶ ") for h in doc.main().find_all("h2")]
    assert headings == ["Kundenservice Kassel", _w(site, "no_owner")]
    _links_resolve(site, doc)


def test_done_actions_are_folded_and_the_filter_works_without_a_server(tmp_path: Path) -> None:
    journeys = copy.deepcopy(JOURNEYS)
    journeys[0]["phases"][0]["opportunities"].append(
        {"title": "Preisliste als PDF", "owner": "service", "due": "2026-01-01", "status": "done"}
    )
    site = write_project(tmp_path, journeys=journeys)
    build_site(site.root)
    doc = site.page(site.across_src["actions"])
    service = doc.main().by_class("cjm-owner-group")[0]
    done = service.by_class("cjm-done-items")[0]
    assert done.tag == "details" and "open" not in done.attrs
    assert "Done (1)" in _text(done.find_all("summary")[0])
    row = done.find_all("tr", id="action-kauf-ist-2")[0]
    assert "Preisliste als PDF" in _text(row)
    assert "data-overdue" not in row.attrs  # done is never overdue
    assert "1 open, 1 overdue, 1 done" in _text(service)
    # The filter is a form the script shows; without it the grouped tables are the page.
    form = doc.main().find_all("form")[0]
    assert "hidden" in form.attrs
    owners = [o.attrs["value"] for o in form.find_all("option") if o.parent
              and o.parent.attrs.get("data-filter") == "owner"]
    assert owners == ["", "owner-service", "no-owner"]


def test_each_stakeholder_page_entry_lists_its_open_actions(site: Site) -> None:
    doc = site.page(site.stakeholders_src)
    service = doc.main().find_all("tr", id="sh-service")[0]
    actions = service.by_class("cjm-open-actions")[0]
    assert "Preisrechner auf der Startseite" in _text(actions)
    assert _w(site, "overdue") in _text(actions)
    technik = doc.main().find_all("tr", id="sh-technik")[0]
    assert not technik.by_class("cjm-open-actions")
    _links_resolve(site, doc)


# --------------------------------------------------------------------------- the KPI board


def test_the_kpi_board_says_met_or_missed_and_by_how_much(site: Site) -> None:
    doc = _page(site, "kpis")
    row = _row_with(doc, "Besuche Kostenrechner", "cjm-kpis")
    text = _text(row)
    assert _w(site, "missed") in text
    assert _w(site, "difference") in text
    assert "Matomo" in text
    assert "600 pro Monat" in text and "420 pro Monat" in text
    assert _text(row.by_class("cjm-step-ref")[0]) == "Bedarf erkennen"
    assert _w(site, "kpi_line") in doc.text()
    _links_resolve(site, doc)


def test_kpis_missed_first_then_met_then_not_measured(tmp_path: Path) -> None:
    journeys = copy.deepcopy(JOURNEYS)
    journeys[1]["phases"][0]["steps"][0]["kpis"] = [
        {"name": "Nicht gemessen", "target": 10},
        {"name": "Anrufe", "target": 2, "actual": 1, "higher_is_better": False},
        {"name": "Weit daneben", "target": 10, "actual": 1},
    ]
    site = write_project(tmp_path, journeys=journeys)
    build_site(site.root)
    doc = site.page(site.across_src["kpis"])
    names = [_text(r.find_all("strong")[0]) for r in _rows(doc.main().by_class("cjm-kpis")[0])]
    assert names == ["Weit daneben", "Besuche Kostenrechner", "Anrufe", "Nicht gemessen"]
    assert "2 missed, 1 met, 1 not measured" in doc.text()
    page = site.page(site.journey_src("kauf-soll")).main().by_class("cjm-kpi-summary")[0]
    assert "1 missed, 1 met, 1 not measured" in _text(page)


def test_a_journey_page_has_its_kpi_line_and_evidence(site: Site) -> None:
    doc = site.page(site.journey_src("kauf-ist"))
    line = doc.main().by_class("cjm-kpi-summary")[0]
    assert _w(site, "kpi_line") in _text(line)
    _links_resolve(site, doc)
    evidence = doc.main().by_class("cjm-journey-evidence")[0]
    label = evidence.by_class("cjm-evidence-bar")[0].attrs["aria-label"]
    assert label.endswith(
        "1 durch Forschung belegt, 0 teilweise belegt, 3 Annahmen" if site.language == "de"
        else "1 research-backed, 0 partly researched, 3 assumed"
    )


# --------------------------------------------------------------------------- responsibilities


def test_the_responsibility_matrix_shows_roles_and_gaps(site: Site) -> None:
    doc = site.page(site.stakeholders_src)
    matrix = doc.main().by_class("cjm-responsibility")[0]
    table = matrix.by_class("cjm-matrix")[0]
    columns = [_text(th.find_all("a")[0]) for th in table.find_all("thead")[0].find_all("th")[1:]]
    assert columns == [
        "Kaffeemaschine kaufen (Ist)", "Kaffeemaschine kaufen (Soll)", "Umzug ins neue Büro",
    ]
    cells = {
        _text(r.find_all("th")[0]): [
            [r2.attrs["class"].split()[-1] for r2 in td.by_class("cjm-chip")]
            for td in r.find_all("td")
        ]
        for r in _rows(table)
    }
    assert cells["Kundenservice Kassel"] == [
        ["cjm-role-as_owner", "cjm-role-as_responsible", "cjm-role-as_step_owner",
         "cjm-role-as_action_owner"],
        ["cjm-role-as_step_owner"], [],
    ]
    assert cells["Technischer Außendienst"] == [
        ["cjm-role-as_step_owner"], ["cjm-role-as_owner"], [],
    ]
    assert cells["Spedition Hanse Logistik"] == [
        ["cjm-role-as_named"], [], ["cjm-role-as_step_owner"],
    ]
    phases = matrix.by_class("cjm-phase-matrix")
    assert [p.attrs.get("data-gaps") for p in phases] == [None, "1", None]
    gap_heads = [th for th in phases[1].find_all("th") if th.has_class("cjm-matrix-gap")]
    assert [_text(th) for th in gap_heads] == [f"1. Bedarf verstehen⚠ {_w(site, 'gap')}"]


# --------------------------------------------------------------------------- journey index


def test_the_journey_index_shows_evidence_and_stale_journeys(site: Site) -> None:
    doc = site.page(site.journeys_index_src)
    bars = {
        _text(r.find_all("a")[0]): r.by_class("cjm-evidence-bar")[0].attrs["title"]
        for r in _rows(doc.main().by_class("cjm-evidence-table")[0])
    }
    de = site.language == "de"
    assert bars["Kaffeemaschine kaufen (Ist)"] == (
        "1 durch Forschung belegt, 0 teilweise belegt, 3 Annahmen" if de
        else "1 research-backed, 0 partly researched, 3 assumed"
    )
    assert bars["Umzug ins neue Büro"] == (
        "0 durch Forschung belegt, 0 teilweise belegt, 1 Annahmen" if de
        else "0 research-backed, 0 partly researched, 1 assumed"
    )
    stale = doc.main().by_class("cjm-stale-list")[0]
    assert _w(site, "age") in _text(stale)
    assert _w(site, "evidence") in doc.text()


# --------------------------------------------------------------------------- nav and search


def test_the_new_pages_are_in_the_nav_in_the_site_language(site: Site) -> None:
    doc = site.page("index.md")
    texts = [_text(a) for a in nav_links(doc)]
    for key in ("overview", "actions", "kpis"):
        assert _w(site, key) in texts, texts
    assert "Touchpoints" in texts


def test_the_site_search_finds_touchpoints_actions_and_kpis(site: Site) -> None:
    index = json.loads((site.site_dir / "search" / "search_index.json").read_text("utf-8"))
    by_page: dict[str, str] = {}
    for entry in index["docs"]:
        page = entry["location"].split("#")[0]
        by_page[page] = by_page.get(page, "") + " " + entry["title"] + " " + entry["text"]

    def pages_with(text: str) -> set[str]:
        return {page for page, words in by_page.items() if text in words}

    def location(name: str) -> str:
        src = site.across_src[name]
        stem = src.removesuffix("index.md")
        return stem if site.use_directory_urls else f"{stem}index.html"

    assert location("touchpoints") in pages_with("Umzugsformular Portal")
    assert location("actions") in pages_with("Rückrufservice statt Warteschleife")
    assert location("kpis") in pages_with("Besuche Kostenrechner")


# --------------------------------------------------------------------------- empty handbook


def test_a_handbook_without_actions_or_kpis_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    journeys: list[dict[str, Any]] = [{
        "kind": "journey", "id": "kurz", "title": "Kurz", "persona": "anna",
        "updated": "2026-11-01",
        "phases": [{"name": "Eins", "steps": [{"name": "Schaut", "channel": "Website"}]}],
    }]
    site = write_project(tmp_path, journeys=journeys, stakeholders=[])
    with caplog.at_level(logging.WARNING):
        build_site(site.root, strict=True)
    assert "No opportunities recorded yet." in site.page(site.across_src["actions"]).text()
    assert "No KPIs recorded yet." in site.page(site.across_src["kpis"]).text()
    overview = site.page(site.across_src["overview"]).text()
    assert "No emotions recorded yet." in overview
    assert "Every journey was reviewed in the last 365 days." in overview
    touchpoints = site.page(site.across_src["touchpoints"])
    assert "(no touchpoint named)" in touchpoints.text()


def test_pages_across_journeys_say_when_a_file_is_left_out(tmp_path: Path) -> None:
    journeys = [*copy.deepcopy(JOURNEYS), {
        "kind": "journey", "id": "kaputt", "persona": "anna",  # no title: invalid
        "phases": [{"name": "Eins", "emotion": 3}],
    }]
    site = write_project(tmp_path, journeys=journeys)
    build_site(site.root)
    for name in ("overview", "touchpoints", "actions", "kpis"):
        doc = site.page(site.across_src[name])
        notice = doc.main().by_class("cjm-left-out")[0]
        assert _text(notice) == (
            "⚠ 1 Journey files with errors are left out of this page until they are fixed: "
            "see the list of journeys with errors."
        )
        _links_resolve(site, doc)
    # The three valid journeys are still counted.
    tiles = site.page(site.across_src["overview"]).main().by_class("cjm-tile-number")
    assert _text(tiles[0]) == "3"
    assert not site.page(site.journey_src("kauf-ist")).main().by_class("cjm-left-out")


def test_the_channel_matrix_follows_the_phase_model(tmp_path: Path) -> None:
    journeys = copy.deepcopy(JOURNEYS)
    for j in journeys:
        for phase in j["phases"]:
            phase["id"] = phase["name"].split()[0].lower()  # bedarf, angebot, umzug
    model = [{"id": "bedarf", "name": "Bedarf"}, {"id": "angebot", "name": "Angebot"},
             {"id": "umzug", "name": "Umzug"}]
    site = write_project(tmp_path, journeys=journeys, plugin={"phase_model": model})
    build_site(site.root, strict=True)
    matrix = site.page(site.across_src["touchpoints"]).main().by_class("cjm-channel-matrix")[0]
    head = [_text(th) for th in matrix.find_all("thead")[0].find_all("th")]
    assert head == ["Channel", "Bedarf", "Angebot", "Umzug"]
    rows = {
        _text(r.find_all("th")[0]): [
            " ".join(_text(part) for part in c.find_all("span")[1:]) for c in r.find_all("td")
        ]
        for r in _rows(matrix)
    }
    # Website: "Sucht Preise im Netz" (3) in kauf-ist and "Nutzt den Kostenrechner" (4) in
    # kauf-soll are both in the model's phase `bedarf`.
    assert rows["Website"] == ["2 ⌀ 3.5", "", ""]
    assert rows["Telefon"] == ["", "2 ⌀ 3", ""]
    assert rows["Kundenportal"] == ["", "", "1 ⌀ 3"]


def test_a_touchpoint_used_often_shows_five_steps_and_folds_the_rest(tmp_path: Path) -> None:
    steps = [{"name": f"Schritt {n}", "touchpoint": "Hotline Vertrieb", "channel": "Telefon",
              "emotion": 3} for n in range(1, 8)]
    journeys = [*copy.deepcopy(JOURNEYS), {
        "kind": "journey", "id": "oft", "title": "Oft", "persona": "anna",
        "updated": "2026-11-01", "phases": [{"name": "Eins", "steps": steps}],
    }]
    site = write_project(tmp_path, journeys=journeys)
    build_site(site.root)
    doc = site.page(site.across_src["touchpoints"])
    row = _row_with(doc, "Hotline Vertrieb", "cjm-touchpoints")
    cell = row.by_class("cjm-uses")[0]
    folded = cell.by_class("cjm-more")[0]
    shown = [li for li in cell.find_all("li") if folded not in li.ancestors()]
    assert [_text(li.by_class("cjm-step-ref")[0]) for li in shown] == [
        "Ruft die Hotline an", "Schritt 1", "Schritt 2", "Schritt 3", "Schritt 4",
    ]
    assert _text(folded.find_all("summary")[0]) == "3 more"
    assert [_text(a) for a in folded.by_class("cjm-step-ref")] == [
        "Schritt 5", "Schritt 6", "Schritt 7",
    ]
    assert "2 of 4 journeys" in _text(row)
    _links_resolve(site, doc)


def test_a_touchpoint_in_two_channels_is_counted_once(tmp_path: Path) -> None:
    journeys = copy.deepcopy(JOURNEYS)
    journeys[2]["phases"][0]["steps"] += [
        {"name": "Schreibt", "touchpoint": "Hotline Vertrieb", "channel": "E-Mail"},
        {"name": "Strich", "touchpoint": "—", "channel": "Website"},  # a name, though odd
        {"name": "Ohne", "channel": "Website"},
    ]
    site = write_project(tmp_path, journeys=journeys)
    build_site(site.root)
    overview = site.page(site.across_src["overview"]).main()
    assert _text(overview.by_class("cjm-tile-number")[3]) == "8"  # 7 and "—"
    doc = site.page(site.across_src["touchpoints"])
    assert "8 touchpoints · 5 channels" in doc.text()
    website = _row_with(doc, "Suchergebnisseite", "cjm-touchpoints")
    table = next(a for a in website.ancestors() if a.tag == "table")
    assert [_text((r.by_class("cjm-touchpoint-name") or r.by_class("cjm-muted"))[0])
            for r in _rows(table)] == [
        "Suchergebnisseite", "Kostenrechner Online", "—", "(no touchpoint named)",
    ]
    hotline = [r for r in _rows(doc.main()) if "Hotline Vertrieb" in _text(r)]
    assert len(hotline) == 2  # in the Telefon and in the E-Mail table


def test_anchors_stay_unique_whatever_the_names(tmp_path: Path) -> None:
    journeys = copy.deepcopy(JOURNEYS)
    journeys[2]["phases"][0]["steps"] += [
        {"name": "Matrix", "touchpoint": "Tafel", "channel": "Matrix"},
        {"name": "Keiner", "touchpoint": "Niemand", "channel": "None"},
        {"name": "Ohne", "touchpoint": "Zettel"},
    ]
    journeys[2]["phases"][0]["opportunities"] = [{"title": "Für none", "owner": "none"},
                                                 {"title": "Für niemand"}]
    stakeholders = [*copy.deepcopy(STAKEHOLDERS),
                    {"kind": "stakeholder", "id": "none", "name": "Team None"}]
    site = write_project(tmp_path, journeys=journeys, stakeholders=stakeholders)
    build_site(site.root)
    for name in ("touchpoints", "actions"):
        doc = site.page(site.across_src[name])
        ids = [n.attrs["id"] for n in doc.root.iter() if "id" in n.attrs]
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
        _links_resolve(site, doc)
