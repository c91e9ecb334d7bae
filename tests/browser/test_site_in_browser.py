"""The project's own handbook, built with real MkDocs and looked at in headless Chromium.

What a person would notice is checked here: every page loads without errors and without
reaching the internet, a journey page shows its title, phase table and charts, nothing
spills sideways on a phone, and dark mode really is dark. Screenshots land in
``tests/artifacts/screenshots/`` so a human can look at them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browserkit import (
    CHART_SELECTOR,
    DESKTOP,
    PHONE,
    REPO_ROOT,
    SCREENSHOTS,
    PageWatch,
    build_in,
)
from browserkit import assert_clean as _assert_clean
from browserkit import html_pages as _html_pages
from browserkit import page_under as _page_under
from browserkit import screenshot as _screenshot
from browserkit import url_of as _url_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


# --------------------------------------------------------------------------- tests


def test_every_page_loads_cleanly_and_offline(
    built_site: Path, site_url: str, open_page: Callable[..., tuple[Page, PageWatch]]
) -> None:
    pages = _html_pages(built_site)
    assert pages, f"The built site in {built_site} has no HTML pages besides 404.html"
    report: list[str] = []
    bad_pages = 0
    for html in pages:
        url = _url_of(built_site, site_url, html)
        page, watch = open_page(url)
        if watch.problems:
            bad_pages += 1
            report.append(f"{html.relative_to(built_site)} ({url}):")
            report.extend(f"    {p}" for p in dict.fromkeys(watch.problems))
        page.context.close()
    if report:
        pytest.fail(
            f"{bad_pages} of {len(pages)} pages had console errors, failed requests or requests "
            "to other hosts:\n  " + "\n  ".join(report),
            pytrace=False,
        )


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=lambda w: f"{w}px")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_journey_page_shows_what_a_reader_needs(
    built_site: Path,
    site_url: str,
    open_page: Callable[..., tuple[Page, PageWatch]],
    scheme: str,
    width: int,
) -> None:
    html = _page_under(built_site, "journeys")
    url = _url_of(built_site, site_url, html)
    page, watch = open_page(url, width=width, scheme=scheme)
    shot = _screenshot(page, f"journey-{scheme}-{width}")
    failures = list(dict.fromkeys(watch.problems))

    h1 = page.locator("h1").first
    if h1.count() == 0:
        failures.append("there is no <h1> title")
    elif not h1.is_visible():
        failures.append("the <h1> title is not visible")

    # Wide screens show the journey-map matrix; phones one stacked card per phase.
    table = page.locator("table.cjm-phase-table").first
    cards = page.locator(".cjm-phase-cards .cjm-phase-card")
    phases = page.locator("table.cjm-phase-table thead th.cjm-phase-head").count()
    if table.count() == 0:
        failures.append("there is no phase table (table.cjm-phase-table)")
    elif width == DESKTOP:
        if not table.is_visible():
            failures.append("the phase table (table.cjm-phase-table) is not visible")
        if cards.count() and cards.first.is_visible():
            failures.append("the phone cards show beside the phase table on a wide screen")
    else:
        if table.is_visible():
            failures.append("the wide phase table shows on a phone instead of the cards")
        visible = sum(cards.nth(i).is_visible() for i in range(cards.count()))
        if visible != phases:
            failures.append(f"{visible} phase cards are visible on a phone, expected {phases}")

    if width == PHONE:
        scroll_width, inner_width = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width + 1:
            failures.append(
                f"the page scrolls sideways on a phone: it is {scroll_width}px wide but the "
                f"screen is {inner_width}px (a table or chart must wrap or scroll on its own)"
            )

    # An emotion curve holds two charts, across and upright: exactly one of them shows.
    curves = page.locator("figure.cjm-curve")
    for i in range(curves.count()):
        shown = curves.nth(i).evaluate(_SHOWN_CHARTS_JS)
        if shown != 1:
            failures.append(f"emotion curve #{i + 1} shows {shown} of its two charts, not one")
    charts = page.locator(CHART_SELECTOR)
    for i in range(charts.count()):
        chart = charts.nth(i)
        box = chart.bounding_box()
        if box is None or box["width"] <= 0 or box["height"] <= 0:
            label = chart.evaluate(_DESCRIBE_JS)
            failures.append(
                f"chart #{i + 1} ({label}) takes up no space on screen (bounding box: {box})"
            )

    if failures:
        pytest.fail(
            f"Journey page {url} ({scheme} mode, {width}px wide) is not right:\n  - "
            + "\n  - ".join(failures)
            + f"\nScreenshot: {shot}",
            pytrace=False,
        )


_SHOWN_CHARTS_JS = """
figure => Array.from(figure.querySelectorAll('svg.cjm-curve-svg')).filter(svg => {
  const box = svg.getBoundingClientRect();
  return box.width > 0 && box.height > 0;
}).length
"""

_DESCRIBE_JS = """
el => el.tagName.toLowerCase()
  + (el.getAttribute('class') ? '.' + el.getAttribute('class').trim().split(/\\s+/).join('.') : '')
  + (el.parentElement ? ' in <' + el.parentElement.tagName.toLowerCase()
     + (el.parentElement.className ? ' class="' + el.parentElement.className + '"' : '') + '>' : '')
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_persona_page_renders(
    built_site: Path, site_url: str, open_page: Callable[..., tuple[Page, PageWatch]], scheme: str
) -> None:
    html = _page_under(built_site, "personas")
    url = _url_of(built_site, site_url, html)
    page, watch = open_page(url, width=DESKTOP, scheme=scheme)
    shot = _screenshot(page, f"persona-{scheme}-{DESKTOP}")

    where = f"persona page {url} ({scheme}; screenshot: {shot})"
    _assert_clean(where, watch)
    h1 = page.locator("h1").first
    assert h1.count() > 0 and h1.is_visible(), f"The {where} shows no <h1> title."


_LUMINANCE_JS = """
() => {
  const rgb = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number);
  const [r, g, b] = rgb.slice(0, 3).map(v => v / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
"""


def test_dark_mode_follows_the_system_setting(
    built_site: Path, site_url: str, open_page: Callable[..., tuple[Page, PageWatch]]
) -> None:
    url = _url_of(built_site, site_url, _page_under(built_site, "journeys"))
    light_page, _ = open_page(url, scheme="light")
    dark_page, _ = open_page(url, scheme="dark")
    light = light_page.evaluate(_LUMINANCE_JS)
    dark = dark_page.evaluate(_LUMINANCE_JS)
    if not dark < 0.5 < light:
        pytest.fail(
            f"With the system set to dark, {url} should have a dark background, and a light one "
            f"otherwise; but the page background's luminance is {dark:.2f} in dark mode and "
            f"{light:.2f} in light mode (0 = black, 1 = white). Does mkdocs.yml bind its Material "
            "palettes to (prefers-color-scheme: light) and (prefers-color-scheme: dark)?",
            pytrace=False,
        )


def test_journey_page_prints_on_a4_landscape(
    built_site: Path, site_url: str, open_page: Callable[..., tuple[Page, PageWatch]]
) -> None:
    """Printed, the whole phase table shows (no phone cards, nothing cut off by scrolling)."""
    url = _url_of(built_site, site_url, _page_under(built_site, "journeys"))
    page, _ = open_page(url, width=PHONE)  # a narrow window must not decide the print layout
    page.emulate_media(media="print")
    table = page.locator("table.cjm-phase-table").first
    cards = page.locator(".cjm-phase-cards").first
    assert table.is_visible(), "the phase table is hidden when printing"
    assert not cards.is_visible(), "the phone cards are printed as well as the table"
    overflow = page.evaluate(
        "getComputedStyle(document.querySelector('.cjm-phase-table-wrap')).overflowX"
    )
    assert overflow == "visible", f"the table scrolls instead of printing whole ({overflow})"
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


# --------------------------------------------------------------------------- while editing
# `mkdocs serve` while someone edits: one journey file with a YAML slip (a colon in the
# title), another with an emotion outside the scale.

BROKEN_JOURNEY = "erste-wochen.yml"


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repo's handbook with two slips, built as `mkdocs serve` builds (not strict)."""
    import shutil

    project = tmp_path_factory.mktemp("editing")
    for folder in ("docs", "journeys"):
        shutil.copytree(REPO_ROOT / folder, project / folder)
    shutil.copy(REPO_ROOT / "mkdocs.yml", project / "mkdocs.yml")
    journeys = project / "journeys" / "journeys"
    slip = journeys / BROKEN_JOURNEY
    text = slip.read_text(encoding="utf-8")
    slip.write_text(
        text.replace("title: Die ersten Wochen mit", "title: Die ersten Wochen: mit", 1),
        encoding="utf-8",
    )
    scale = journeys / "reklamation-vollautomat.yml"
    scale.write_text(
        scale.read_text(encoding="utf-8").replace("emotion: 2", "emotion: 7", 1),
        encoding="utf-8",
    )
    return build_in(project, project / "site", command="serve")


@pytest.fixture(scope="module")
def broken_url(broken_site: Path, served_site: Callable[[Path], str]) -> str:
    return served_site(broken_site)


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=lambda w: f"{w}px")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_journey_that_cannot_be_read_keeps_its_page(
    broken_site: Path,
    broken_url: str,
    open_page: Callable[..., tuple[Page, PageWatch]],
    scheme: str,
    width: int,
) -> None:
    url = f"{broken_url}handbook/journeys/erste-wochen/"
    page, watch = open_page(url, width=width, scheme=scheme)
    shot = _screenshot(page, f"unreadable-{scheme}-{width}")
    where = f"page {url} of a file that cannot be read ({scheme}, {width}px; screenshot: {shot})"
    _assert_clean(where, watch)
    h1 = page.locator("h1").first
    assert h1.is_visible() and h1.inner_text().strip().rstrip("¶") == BROKEN_JOURNEY, where
    box = page.locator(".cjm-unreadable").first
    assert box.is_visible(), f"The {where} shows no error box."
    text = " ".join(box.inner_text().split())
    assert text.startswith("Diese Datei kann nicht gelesen werden"), text
    assert f"journeys/journeys/{BROKEN_JOURNEY}:4:8 error[CJM043]" in text, text
    if width == DESKTOP:  # on a phone, the navigation is behind the menu button
        nav = page.locator("nav.md-nav--primary a", has_text=f"⚠ {BROKEN_JOURNEY} (Nicht lesbar)")
        assert nav.count() >= 1 and nav.first.is_visible(), f"The {where}: not in the nav."
    else:
        scroll_width, inner_width = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll_width <= inner_width + 1, f"The {where} scrolls sideways on a phone."


def test_the_overview_and_the_curve_while_editing(
    broken_site: Path, broken_url: str, open_page: Callable[..., tuple[Page, PageWatch]]
) -> None:
    """The overview marks the unreadable journey; the curve shows the 7 on a 1..5 scale."""
    page, watch = open_page(f"{broken_url}handbook/journeys/", width=DESKTOP)
    shot = _screenshot(page, "overview-while-editing-light-1440")
    _assert_clean(f"journeys overview (screenshot: {shot})", watch)
    marked = page.locator(".cjm-invalid-list li", has_text=BROKEN_JOURNEY)
    assert "⚠ Nicht lesbar" in marked.first.inner_text(), shot

    page, watch = open_page(f"{broken_url}handbook/journeys/reklamation-vollautomat/")
    shot = _screenshot(page, "off-scale-light-1440")
    _assert_clean(f"journey page with an emotion of 7 (screenshot: {shot})", watch)
    assert page.locator(".cjm-issues").first.is_visible(), shot
    curve = page.locator("figure.cjm-curve").first
    curve.screenshot(path=str(SCREENSHOTS / "off-scale-curve-light-1440.png"))
    value = page.locator(".cjm-curve-offscale-value").first
    assert value.is_visible() and value.text_content() == "7", shot  # SVG: no inner_text
    assert page.locator("table.cjm-phase-table").first.is_visible(), shot


# --------------------------------------------------------------------------- across journeys
# The pages that look across all journeys, at a laptop's and a phone's width.

WIDE = 1366
ACROSS = {
    "overview": ".cjm-tiles",
    "touchpoints": "table.cjm-touchpoints",
    "actions": "table.cjm-action-table",
    "kpis": "table.cjm-kpis",
    "stakeholders": "table.cjm-matrix",
}

_OVERFLOWING_JS = """
sel => Array.from(document.querySelectorAll(sel)).filter(t => {
  const wrap = t.closest('.cjm-table-wrap') || t.parentElement;
  return wrap.scrollWidth > wrap.clientWidth + 1;
}).length
"""


@pytest.mark.parametrize("width", [WIDE, PHONE], ids=lambda w: f"{w}px")
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(ACROSS))
def test_pages_across_journeys_read_well(
    built_site: Path,
    site_url: str,
    open_page: Callable[..., tuple[Page, PageWatch]],
    name: str,
    scheme: str,
    width: int,
) -> None:
    url = f"{site_url}handbook/{name}/"
    page, watch = open_page(url, width=width, scheme=scheme)
    shot = _screenshot(page, f"across-{name}-{scheme}-{width}")
    where = f"page {url} ({scheme}, {width}px; screenshot: {shot})"
    _assert_clean(where, watch)
    assert page.locator("h1").first.is_visible(), f"The {where} shows no <h1> title."
    main = page.locator(ACROSS[name]).first
    assert main.is_visible(), f"The {where} does not show {ACROSS[name]}."
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width + 1, (
        f"The {where} scrolls sideways: {scroll_width}px wide on a {inner_width}px screen."
    )
    if name in ("touchpoints", "actions", "kpis"):
        # Wide screens: every column in view; phones: one card per row, nothing cut off.
        cut = page.evaluate(_OVERFLOWING_JS, ACROSS[name])
        assert cut == 0, f"The {where}: {cut} tables are wider than the page and scroll."
    if width == PHONE and name != "overview" and name != "stakeholders":
        header = page.locator(f"{ACROSS[name]} thead").first
        assert not header.is_visible(), f"The {where} shows the table header on a phone."


def test_the_action_plan_filters_by_owner_and_status(
    built_site: Path, site_url: str, open_page: Callable[..., tuple[Page, PageWatch]]
) -> None:
    page, watch = open_page(f"{site_url}handbook/actions/", width=WIDE)
    _assert_clean("action plan", watch)
    form = page.locator("form.cjm-filter")
    assert form.is_visible(), "the filter is not shown although the script runs"
    groups = page.locator(".cjm-owner-group")
    total = groups.count()
    assert total > 2
    owner = page.locator("select[data-filter=owner]")
    first = owner.locator("option").nth(1).get_attribute("value")
    owner.select_option(first)
    visible = [groups.nth(i).get_attribute("data-owner") for i in range(total)
               if groups.nth(i).is_visible()]
    assert visible == [first]
    index = page.locator(".cjm-owner-index li")
    assert [index.nth(i).get_attribute("data-owner") for i in range(index.count())
            if index.nth(i).is_visible()] == [first]
    owner.select_option("")
    status = page.locator("select[data-filter=status]")
    status.select_option("overdue")
    rows = page.locator("tr[data-status]")
    shown = [rows.nth(i) for i in range(rows.count()) if rows.nth(i).is_visible()]
    assert shown, "no overdue action is shown, though the handbook has one"
    assert all(r.get_attribute("data-overdue") == "1" for r in shown)
    status.select_option("done")
    shown = [rows.nth(i) for i in range(rows.count()) if rows.nth(i).is_visible()]
    assert shown and all(r.get_attribute("data-status") == "done" for r in shown)
    _screenshot(page, f"across-actions-filtered-light-{WIDE}")


def test_the_action_plan_prints_its_done_actions(
    built_site: Path, site_url: str, open_page: Callable[..., tuple[Page, PageWatch]]
) -> None:
    """Paper cannot unfold: printed, the done actions are shown, and fold again after."""
    page, _ = open_page(f"{site_url}handbook/actions/", width=WIDE)
    done = page.locator("details.cjm-done-items").first
    assert done.get_attribute("open") is None
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert done.get_attribute("open") is not None
    assert done.locator("tr[data-status=done]").first.is_visible()
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert done.get_attribute("open") is None


# --------------------------------------------------------------------------- Zensical


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repo's handbook as `cjm generate --engine zensical` + `zensical build` make it."""
    import shutil
    import subprocess
    import sys

    import yaml

    from mkdocs_cjm_plugin.cli import main

    root = tmp_path_factory.mktemp("zensical") / "project"
    root.mkdir()
    for name in ("journeys", "docs"):
        shutil.copytree(REPO_ROOT / name, root / name)
    shutil.copy(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        assert main(["generate", "--engine", "zensical", "--out", "docs/handbook"]) == 0
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    snippet = yaml.safe_load((root / "docs/handbook/cjm-nav.yml").read_text(encoding="utf-8"))
    config.update(extra_css=snippet["extra_css"], extra_javascript=snippet["extra_javascript"])
    config["nav"] = [*config["nav"], *snippet["nav"]]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    done = subprocess.run([sys.executable, "-m", "zensical", "build"], cwd=root,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "site"


@pytest.mark.parametrize("width", [1366, 1920, PHONE], ids=lambda w: f"{w}px")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_zensical_journey_page_looks_like_the_plugins(
    zensical_site: Path, served_site: Callable[[Path], str],
    open_page: Callable[..., tuple[Page, PageWatch]], scheme: str, width: int,
) -> None:
    base = served_site(zensical_site)
    page, watch = open_page(f"{base}handbook/journeys/buero-kaffee-ist/", width=width,
                            scheme=scheme)
    shot = _screenshot(page, f"zensical-journey-{scheme}-{width}")
    where = f"Zensical journey page ({scheme}, {width}px; screenshot: {shot})"
    _assert_clean(where, watch)
    # The handbook's CSS is there: the curve is painted in its colours, not black.
    # Of the curve's two charts (across, upright) the one that fits the column shows.
    line = page.locator("svg.cjm-curve-svg:visible path.cjm-curve-line").first
    stroke = line.evaluate("e => getComputedStyle(e).stroke")
    assert stroke not in ("none", "rgb(0, 0, 0)"), f"{where}: the curve line is {stroke}"
    for selector in ("svg.cjm-curve-svg:visible", "svg.cjm-map:visible"):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 100, (where, selector)
    if width == PHONE:
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll <= inner + 1, f"{where}: the page scrolls sideways ({scroll}px)"
    # A link of a generated page leads to the right page under Zensical's addresses.
    page.locator("a.cjm-stakeholder-link").first.click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0].endswith("/handbook/stakeholders/"), (where, page.url)
