"""Rendering never falls over on odd but possible input, and says so in the site's language.

Label overrides with stray braces, numbers beyond Babel's precision, names with
characters XML cannot carry, a Graphviz SVG that cannot be read, languages without
built-in labels, directives shown as code, journeys without emotions, the same
picture twice on one page, markup in navigation labels and broken custom templates.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import logging
import math
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.numbers import get_decimal_symbol, get_group_symbol
from sitekit import JOURNEYS, PERSONAS, STAKEHOLDERS, Site, build_site, parse_file, write_project

from mkdocs_cjm_plugin.core.model import SiteOptions, mean
from mkdocs_cjm_plugin.core.pipeline import load_catalogue
from mkdocs_cjm_plugin.i18n.labels import Labels
from mkdocs_cjm_plugin.i18n.texts import DE, EN, fill
from mkdocs_cjm_plugin.pictures.dot import MapNode, quote, stakeholder_map_dot, wrap_label
from mkdocs_cjm_plugin.pictures.graphviz import GraphvizRenderer, RenderResult, clean_svg
from mkdocs_cjm_plugin.site.handbook import (
    GeneratedPage,
    Handbook,
    TemplateProblem,
    plain_title,
)
from mkdocs_cjm_plugin.site.urls import Urls
from mkdocs_cjm_plugin.targets.mkdocs.pages import page_markdown

TODAY = dt.date(2026, 11, 23)
PLUGIN_LOGGER = "mkdocs.plugins.cjm"

NO_EMOTIONS: dict[str, Any] = {
    "kind": "journey",
    "id": "ohne-gefuehl",
    "title": "Rechnung prüfen",
    "persona": "ben",
    "owner": "service",
    "updated": "2026-11-01",
    "phases": [
        {
            "name": "Rechnung lesen",
            "steps": [{"name": "Öffnet die Rechnung", "touchpoint": "Rechnungs-PDF"}],
        }
    ],
}



def _handbook(
    root: Path,
    *,
    labels: Labels | None = None,
    journeys: list[dict[str, Any]] | None = None,
    stakeholders: list[dict[str, Any]] | None = None,
    personas: list[dict[str, Any]] | None = None,
    renderer: GraphvizRenderer | None = None,
    custom_templates: Path | None = None,
) -> Handbook:
    """A handbook of the sitekit project (or a variant), rendered without MkDocs."""
    site = write_project(root, journeys=journeys, stakeholders=stakeholders, personas=personas)
    options = SiteOptions(today=TODAY)
    result = load_catalogue(site.root / "journeys", options, base=site.root)
    assert result.errors == []
    return Handbook(
        catalogue=result.catalogue, options=options, labels=labels or Labels("en"),
        urls=Urls("", True), renderer=renderer or GraphvizRenderer(None),
        custom_templates=custom_templates,
    )


def _main_ids(site: Site, src: str) -> list[str]:
    """Every id in the page's own content, duplicates included."""
    return [n.attrs["id"] for n in site.page(src).main().iter() if "id" in n.attrs]


# --------------------------------------------------------------------------- 1 label braces


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("Kurve {titel}", "Kurve {titel}"),
        ("seit {days Tagen", "seit {days Tagen"),
        ("seit days} Tagen", "seit days} Tagen"),
        ("{days} Tage", "30 Tage"),
        ("{days:d} Tage, {days!r}", "30 Tage, 30"),
        ("{days.__class__} {0} {}", "{days.__class__} {0} {}"),
        ("{x!r:>9}", "{x!r:>9}"),
        ("{{days}} = {days}", "{days} = 30"),
    ],
)
def test_label_overrides_with_braces_never_raise(template: str, expected: str) -> None:
    labels = Labels("de", {"stale_hint": template})
    assert labels("stale_hint", days=30) == expected
    assert fill(template, days=30) == expected


def test_labels_without_values_are_returned_as_written() -> None:
    labels = Labels("en", {"stale": "Alt {"})
    assert labels("stale") == "Alt {"
    assert labels("emotion_curve_of", title="Kauf") == "Emotion curve: Kauf"


def test_pages_render_with_broken_label_templates(tmp_path: Path) -> None:
    overrides = {
        "emotion_curve_of": "Kurve {titel}",
        "stale_hint": "seit {days Tagen",
        "journeys_of": "Journeys {name.upper}",
        "number_of_phases": "{n:q} Phasen",
        "curve_point": "{name}: {score",
        "curve_description": "Tief {lowest}, {unbekannt}",
        "stakeholder_map_of": "Karte {",
    }
    handbook = _handbook(tmp_path, labels=Labels("de", overrides))
    pages = {page.src_uri: page.content for page in handbook.pages()}
    journey = pages["journeys/kauf-ist.md"]
    assert "Kurve {titel}" in journey
    assert "seit {days Tagen" in pages["journeys/umzug.md"]  # umzug is stale
    assert "## Journeys \\{name\\.upper\\}" in pages["personas/anna.md"]  # Markdown-escaped


# --------------------------------------------------------------------------- 2 numbers, dates


@pytest.mark.parametrize("language", ["en", "de", "de_CH"])
@pytest.mark.parametrize(
    "value", [1e26, -1e26, 10**27, -(10**30), 1.5e300, 10**400, math.inf, -math.inf, math.nan]
)
def test_numbers_never_raise(language: str, value: float) -> None:
    text = Labels(language).number(value)
    assert text
    assert len(text) < 20, text


def test_large_and_odd_numbers_are_readable() -> None:
    en, de = Labels("en"), Labels("de")
    assert en.number(1e26) == "1e+26"
    assert en.number(10**27) == "1e+27"
    assert de.number(1.5e30) == "1,5e+30"
    assert en.number(math.inf) == "inf"
    assert en.number(math.nan) == "nan"
    # Everyday numbers keep the locale's grouping and at most two decimals.
    assert en.number(1234567.891) == "1,234,567.89"
    assert de.number(1234567.891) == "1.234.567,89"
    assert en.number(None) == ""


def test_dates_never_raise() -> None:
    de = Labels("de")
    assert de.date(dt.date(2026, 3, 4)) == "04.03.2026"
    assert de.date(dt.datetime(2026, 3, 4, 17, 30)) == "04.03.2026"
    assert de.date(dt.date(1, 1, 1))
    assert de.date("2026-03-04") == "2026-03-04"  # type: ignore[arg-type]
    assert de.date(None) == ""


def test_pages_render_with_huge_numbers(tmp_path: Path) -> None:
    journeys = copy.deepcopy(JOURNEYS)
    journeys[0]["phases"][0]["kpis"][0]["target"] = 10**27
    journeys[0]["phases"][0]["kpis"][0]["actual"] = -1.0e26
    handbook = _handbook(tmp_path, labels=Labels("de"), journeys=journeys)
    page = {p.src_uri: p.content for p in handbook.pages()}[
        "journeys/kauf-ist.md"
    ]
    assert "(Ziel 1e+27\u00a0pro Monat)" in page
    assert "-1e+26\u00a0pro Monat" in page


# --------------------------------------------------------------------------- 3 names XML forbids

NOT_XML = "\ufffe\uffff\ud800\udfff\x00\x01\x08\x0b\x0c\x1f"


def test_dot_text_drops_every_character_xml_forbids() -> None:
    assert quote(f"Kunden{NOT_XML}service") == '"Kundenservice"'
    assert wrap_label("A\ufffeB\uffffC") == "ABC"


def test_a_map_with_names_xml_forbids_is_drawn(tmp_path: Path) -> None:
    nodes = [
        MapNode("customer", f"Anna{NOT_XML}", "customer"),
        MapNode("sh-a", "Service\ufffe Kassel\uffff", "internal", tooltip="Tipp\ufffe"),
    ]
    source = stakeholder_map_dot(nodes, [], title="Karte\uffff", graph_id="x")
    result = GraphvizRenderer(None).render(source)
    assert result.svg is not None, result.error
    svg = clean_svg(result.svg, "cjm-x")
    assert "Service Kassel" in svg
    assert "\ufffe" not in svg and "\uffff" not in svg


def test_a_site_with_names_xml_forbids_builds_strict(tmp_path: Path) -> None:
    stakeholders = copy.deepcopy(STAKEHOLDERS)
    stakeholders[0]["name"] = "Kunden\ufffeservice\x01 Kassel\uffff"
    personas = copy.deepcopy(PERSONAS)
    personas[0]["name"] = "Anna\uffff Beispiel"
    site = write_project(tmp_path, stakeholders=stakeholders, personas=personas)
    build_site(site.root, strict=True)
    page = site.page(site.journey_src("kauf-ist"))
    [figure] = [n for n in page.main().iter() if n.has_class("cjm-map-figure")]
    assert "Kundenservice Kassel" in figure.text()


class _BrokenSvg(GraphvizRenderer):
    """Graphviz "draws" SVG that is no XML at all."""

    def render_many(self, jobs: Mapping[str, str]) -> dict[str, RenderResult]:
        return {key: RenderResult("<svg><g>\ufffe</svg>", None, False) for key in jobs}


def test_an_unreadable_svg_falls_back_to_the_source_with_a_problem(tmp_path: Path) -> None:
    handbook = _handbook(tmp_path, labels=Labels("de"), renderer=_BrokenSvg(None))
    html = handbook.map_html("journey-kauf-ist", "journeys/kauf-ist.md")
    assert "cjm-map-fallback" in html
    assert "Stakeholder-Landkarte nicht gezeichnet" in html
    assert "Graphviz fehlt" not in html
    assert "digraph" in html
    assert [d.code for d in handbook.problems] == ["CJM032"]
    assert handbook.problems[0].path.endswith("kauf-ist.yml")
    # Shown again (a directive elsewhere): the same box, no second problem.
    again = handbook.map_html("journey-kauf-ist", "index.md")
    assert "cjm-map-fallback" in again
    assert len(handbook.problems) == 1
    # The whole handbook still renders.
    assert handbook.pages()


# --------------------------------------------------------------------------- 4 localised fallback


def test_the_missing_graphviz_box_speaks_the_site_language(tmp_path: Path) -> None:
    renderer = GraphvizRenderer(None, dot="no-such-dot-program-cjm")
    handbook = _handbook(tmp_path, labels=Labels("de"), renderer=renderer)
    html = handbook.map_html("journey-kauf-ist", "journeys/kauf-ist.md")
    assert "Stakeholder-Landkarte nicht gezeichnet: Graphviz fehlt" in html
    assert "Stakeholder map not drawn" not in html


def test_a_failing_graphviz_box_says_not_drawn_in_the_site_language(tmp_path: Path) -> None:
    renderer = GraphvizRenderer(None, dot="false")  # runs, but fails on every map
    handbook = _handbook(tmp_path, labels=Labels("de"), renderer=renderer)
    html = handbook.map_html("all", "stakeholders/index.md")
    assert "Stakeholder-Landkarte nicht gezeichnet" in html
    assert "Graphviz fehlt" not in html
    assert "Stakeholder map not drawn" not in html


# --------------------------------------------------------------------------- 5 fallback language


@pytest.mark.parametrize("language", ["pt-BR", "pt_BR", "fr", "xx", ""])
def test_a_language_without_labels_formats_like_the_fallback(language: str) -> None:
    labels, en = Labels(language), Labels("en")
    assert labels("updated") == EN["updated"]
    assert labels.date(dt.date(2026, 10, 21)) == en.date(dt.date(2026, 10, 21)) == "Oct 21, 2026"
    assert labels.number(1234.5) == "1,234.5"


@pytest.mark.parametrize(
    ("language", "locale"), [("de-AT", "de_AT"), ("de_CH", "de_CH"), ("en-GB", "en_GB")]
)
def test_a_regional_language_keeps_its_own_locale(language: str, locale: str) -> None:
    labels = Labels(language)
    assert str(labels.locale) == locale
    assert labels("updated") == (DE if language.startswith("de") else EN)["updated"]
    # The signs come from Babel's CLDR data, which changes between releases: the test
    # asserts that the regional locale's own signs are used, not what they are today.
    group, decimal = get_group_symbol(locale), get_decimal_symbol(locale)
    assert labels.number(1234.5) == f"1{group}234{decimal}5"


def test_swiss_german_groups_thousands_unlike_german() -> None:
    assert get_group_symbol("de_CH") != get_group_symbol("de")
    assert Labels("de_CH").number(1234.5) != Labels("de").number(1234.5)


def test_a_portuguese_theme_gets_english_labels_and_english_dates(tmp_path: Path) -> None:
    site = write_project(tmp_path, language=None, theme_language="pt_BR")
    build_site(site.root, strict=True)
    text = site.page(site.journey_src("kauf-ist")).text()
    assert "Last reviewed: Oct 21, 2026" in text
    assert "out." not in text  # the Portuguese month


# --------------------------------------------------------------------------- 6-8 a real site

CODE_PAGE = """# Syntax

The directive, as code:

    <!-- cjm:curve kauf-ist -->

- In a list:

        <!-- cjm:map kauf-ist -->

  Indented under the item:

  <!-- cjm:table kauf-ist -->

```markdown
<!-- cjm:curve kauf-ist -->
```

And the real one:

<!-- cjm:curve kauf-soll -->
"""

TWICE_PAGE = """# Twice

<!-- cjm:curve kauf-ist -->

<!-- cjm:map kauf-ist -->

Once more:

<!-- cjm:curve kauf-ist -->

<!-- cjm:map kauf-ist -->

<!-- cjm:curve ohne-gefuehl -->
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NO_MKDOCS_2_WARNING", "1")
        built = write_project(
            tmp_path_factory.mktemp("robust"), language="de",
            journeys=[*copy.deepcopy(JOURNEYS), copy.deepcopy(NO_EMOTIONS)],
            docs={"code.md": CODE_PAGE, "twice.md": TWICE_PAGE},
        )
        build_site(built.root, strict=True)
    return built


def test_only_directives_in_column_one_are_expanded(site: Site) -> None:
    main = site.page("code.md").main()
    embeds = [n for n in main.iter() if n.has_class("cjm-embed")]
    assert [n.attrs["class"] for n in embeds] == ["cjm-embed cjm-embed-curve"]
    assert "Kaffeemaschine kaufen (Soll)" in embeds[0].text()
    code = " ".join(n.text() for n in main.iter() if n.tag == "code")
    assert "<!-- cjm:curve kauf-ist -->" in code
    assert "<!-- cjm:map kauf-ist -->" in code


def test_indented_directives_are_left_as_written(tmp_path: Path) -> None:
    handbook = _handbook(tmp_path)
    markdown = "A\n\n    <!-- cjm:curve kauf-ist -->\n\n <!-- cjm:map nope -->\n"
    assert handbook.expand_directives(markdown, "a.md", "docs/a.md") == markdown
    assert handbook.problems == []


def test_a_journey_without_emotions_says_so(site: Site) -> None:
    main = site.page(site.journey_src("ohne-gefuehl")).main()
    headings = [n.text().strip() for n in main.iter() if n.tag == "h2"]
    assert "Emotionskurve" in headings
    assert not [n for n in main.iter() if n.has_class("cjm-curve")]
    [note] = [n for n in main.iter() if n.has_class("cjm-curve-empty")]
    assert note.text() == DE["no_emotions"]


def test_the_no_emotions_note_has_an_english_label() -> None:
    assert Labels("en")("no_emotions") == EN["no_emotions"]
    assert EN["no_emotions"] != DE["no_emotions"]


def test_the_same_pictures_twice_on_a_page_have_unique_ids(site: Site) -> None:
    page = site.page("twice.md")
    ids = _main_ids(site, "twice.md")
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert duplicates == []
    main = page.main()
    curves = [n for n in main.iter() if n.has_class("cjm-curve")]
    maps = [n for n in main.iter() if n.has_class("cjm-map-figure")]
    assert len(curves) == 2
    assert len(maps) == 2
    # Every reference inside a picture points at an id of that same picture.
    for figure in [*curves, *maps]:
        own = {n.attrs["id"] for n in figure.iter() if "id" in n.attrs}
        for node in figure.iter():
            for ref in node.attrs.get("aria-labelledby", "").split():
                assert ref in own, ref
    assert [n for n in main.iter() if n.has_class("cjm-curve-empty")]


# --------------------------------------------------------------------------- 9 nav titles


def test_nav_titles_from_labels_are_escaped(tmp_path: Path) -> None:
    handbook = _handbook(
        tmp_path / "unit",
        labels=Labels("en", {"section": "<b>Hand</b>buch", "journeys": "Reisen & Wege"}),
    )
    section = handbook.nav_section()
    assert list(section) == ["&lt;b&gt;Hand&lt;/b&gt;buch"]
    assert list(section["&lt;b&gt;Hand&lt;/b&gt;buch"][1]) == ["Reisen &amp; Wege"]


def test_a_nav_label_with_markup_is_shown_as_text(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = write_project(
        tmp_path, plugin={"labels": {"section": "<img src=x onerror=alert(1)>Handbuch"}}
    )
    with caplog.at_level(logging.WARNING):
        build_site(site.root)
    doc = parse_file(site.site_dir / "index.html")
    assert not [n for n in doc.root.iter() if n.tag == "img" and n.attrs.get("src") == "x"]
    assert "<img src=x onerror=alert(1)>Handbuch" in doc.root.text()


# --------------------------------------------------------------------------- 10 templates


def _templates(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_an_undefined_variable_in_a_custom_template_names_file_and_line(tmp_path: Path) -> None:
    templates = _templates(tmp_path / "tpl", {
        "journey.md.jinja": "# {{ journey.title }}\n\n{{ no_such_thing }}\n",
    })
    handbook = _handbook(tmp_path / "p", custom_templates=templates)
    with pytest.raises(TemplateProblem) as info:
        handbook.pages()
    message = str(info.value)
    assert "journey.md.jinja, line 3" in message
    assert str(templates.name) in message
    assert "'no_such_thing' is undefined" in message


def test_a_syntax_error_in_a_custom_partial_names_file_and_line(tmp_path: Path) -> None:
    templates = _templates(tmp_path / "tpl", {
        "partials/phase-table.html.jinja": "<table>\n{% if %}\n</table>\n",
    })
    handbook = _handbook(tmp_path / "p", custom_templates=templates)
    with pytest.raises(TemplateProblem) as info:
        handbook.pages()
    message = str(info.value)
    assert "partials/phase-table.html.jinja, line 2" in message
    assert "Expected an expression" in message


def test_a_template_problem_in_a_directive_is_a_template_problem(tmp_path: Path) -> None:
    templates = _templates(tmp_path / "tpl", {
        "partials/phase-table.html.jinja": "{{ view.nope.deeper }}\n",
    })
    handbook = _handbook(tmp_path / "p", custom_templates=templates)
    with pytest.raises(TemplateProblem, match=r"phase-table\.html\.jinja, line 1"):
        handbook.expand_directives("<!-- cjm:table kauf-ist -->", "a.md", "docs/a.md")


def test_a_missing_custom_templates_folder_is_a_template_problem(tmp_path: Path) -> None:
    with pytest.raises(TemplateProblem, match=r"custom_templates folder '.*overrides' not found"):
        _handbook(tmp_path / "p", custom_templates=tmp_path / "overrides")


# --------------------------------------------------------------------------- 11. bounds


@pytest.mark.parametrize(("title", "shown"), [
    ("Kauf\x00Ende", "Kauf Ende"),
    ("Kauf\x1b[31mrot", "Kauf [31mrot"),
    ("Kauf\u2028\u2029Ende", "Kauf Ende"),
    ("Kauf\x7f\x85\x9fEnde", "Kauf Ende"),
    ("Kauf\ud800Ende\uffff", "Kauf Ende"),
    ("  Kauf\r\n\tEnde ", "Kauf Ende"),
    ("Kauf \u200d Familie 👨\u200d👩\u200d👧", "Kauf \u200d Familie 👨\u200d👩\u200d👧"),
])
def test_a_title_keeps_no_control_character(title: str, shown: str) -> None:
    assert plain_title(title) == shown
    page = GeneratedPage("a.md", "# x\n", title)
    front = page_markdown(page).split("---\n")[1]
    assert yaml.safe_load(front) == {"title": html.escape(shown)}


@pytest.mark.parametrize(("values", "expected"), [
    ([1e308, 1e308], 1e308),
    ([-1e308, -1e308, 1e308], -1e308 / 3),
    ([1.7976931348623157e308] * 3, 1.7976931348623157e308),
    ([-1.7976931348623157e308, 1.7976931348623157e308], 0.0),
    ([5e-324, 5e-324], 5e-324),
    ([1.0, 2.0, 4.0], 7 / 3),
])
def test_a_mean_never_overflows(values: list[float], expected: float) -> None:
    result = mean(values)
    assert math.isfinite(result)
    assert min(values) <= result <= max(values)
    assert result == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("expression", "problem"), [
    ("{{ 1/0 }}", "ZeroDivisionError: division by zero"),
    ("{{ [view]|sum }}", "TypeError: unsupported operand"),
    ("{{ '%d'|format('x') }}", "TypeError: %d format"),
    ("{{ page_src.nope }}", "has no attribute 'nope'"),
])
def test_a_runtime_error_in_a_custom_template_names_file_and_line(
    tmp_path: Path, expression: str, problem: str
) -> None:
    templates = _templates(tmp_path / "tpl", {
        "partials/phase-table.html.jinja": f"<table>\n{expression}\n</table>\n",
    })
    handbook = _handbook(tmp_path / "p", custom_templates=templates)
    with pytest.raises(TemplateProblem) as info:
        handbook.pages()
    message = str(info.value)
    assert "partials/phase-table.html.jinja, line 2 (rendering partials/phase-table" in message
    assert problem in message
