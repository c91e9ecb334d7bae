"""The whole map at a glance, measured in real Chromium: wide journey pages, the journeys
index, the emotion curve on phones and the stakeholder maps, light and dark.

Two handbooks: the project's own (German, `mkdocs.yml` of the repo) and an English test
handbook with a journey of six phases and one of nine. The tests assert geometry (where
boxes lie, how large text renders), not mere presence. The docs' screenshots
(`docs/img/screenshots/`) and the README's are written here too.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browserkit import (
    DOC_SCREENSHOTS,
    REPO_ROOT,
    SMALLEST_TEXT_JS,
    PageWatch,
    assert_clean,
    screenshot,
)
from sitekit import TODAY, build_site, write_project

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

OpenPage = Callable[..., tuple["Page", PageWatch]]

SCHEMES = ("light", "dark")
READABLE_PX = 11.0

# --------------------------------------------------------------------------- the English handbook

SIX_PHASES = [
    ("Awareness", "Notices the old machine keeps failing"),
    ("Research", "Searches for how to clean the machine properly before giving up"),
    ("Comparison", "Compares three offers side by side"),
    ("Purchase", "Signs the leasing contract"),
    ("Delivery & set-up", "Waits for the delivery slot"),
    ("Recommendation", "Tells a colleague at another company"),
]
CHANNELS = ["Video call", "SMS", "Mobile app", "Messenger", "Social media", "Phone"]


def _six_phase_journey() -> dict[str, Any]:
    phases = []
    for index, (name, step) in enumerate(SIX_PHASES):
        phases.append({
            "name": name,
            "customer_goals": [f"Understand what {name.lower()} means for the team"],
            "steps": [
                {
                    "name": step,
                    "action": "Talks it through with the facility manager and writes down "
                    "the questions that come up, so nothing is forgotten.",
                    "touchpoint": f"Touchpoint {index + 1}",
                    "channel": CHANNELS[index],
                    "emotion": [2, 3, 4, 1, 4, 5][index],
                    "thoughts": ["Will this really be easier than what we have today?"],
                    "pains": ["Nobody calls back within a day"] if index % 2 else [],
                    "gains": ["A clear price per month"] if index % 2 == 0 else [],
                    "evidence": ["assumption", "partial", "research"][index % 3],
                },
                {
                    "name": f"Second step of {name.lower()}",
                    "channel": "Email",
                    "emotion": 3,
                },
            ],
        })
    return {
        "kind": "journey",
        "id": "office-coffee",
        "title": "Buying office coffee (current)",
        "persona": "anna",
        "owner": "service",
        "updated": "2026-11-01",
        "summary": "How an office manager buys coffee for 240 people today.",
        "phases": phases,
    }


def _nine_phase_journey() -> dict[str, Any]:
    names = [
        "Trigger", "Orientation", "Research", "Shortlist", "Trial", "Negotiation",
        "Contract", "Onboarding", "Renewal",
    ]
    return {
        "kind": "journey",
        "id": "service-contract",
        "title": "Renewing the service contract",
        "persona": "anna",
        "owner": "service",
        "updated": "2026-11-01",
        "phases": [
            {
                "name": name,
                "steps": [
                    {
                        "name": f"Step {i + 1} of the contract journey",
                        "channel": "Website",
                        "emotion": 1 + (i * 2) % 5,
                        "pains": ["Another form to fill in"],
                    }
                ],
            }
            for i, name in enumerate(names)
        ],
    }


PALETTE = [
    {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo"},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo"},
]


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("english")
    journeys = [_six_phase_journey(), _nine_phase_journey()]
    site = write_project(
        root,
        theme="material",
        language="en",
        journeys=journeys,
        extra_config={
            "theme": {"name": "material", "language": "en", "palette": PALETTE, "font": False},
        },
    )
    build_site(root)
    return site.site_dir


@pytest.fixture(scope="module")
def english_url(english_site: Path, served_site: Callable[[Path], str]) -> str:
    return served_site(english_site)


@pytest.fixture(scope="module")
def plain_theme_url(
    tmp_path_factory: pytest.TempPathFactory, served_site: Callable[[Path], str]
) -> str:
    """The English handbook with MkDocs' own `mkdocs` theme instead of Material (without
    its highlight.js, which it loads from a CDN, and with the search its script expects)."""
    root = tmp_path_factory.mktemp("plain")
    site = write_project(
        root, theme="mkdocs", language="en", journeys=[_six_phase_journey()],
        extra_config={
            "theme": {"name": "mkdocs", "highlightjs": False},
            "plugins": ["search", {"cjm": {"language": "en", "today": TODAY}}],
        },
    )
    build_site(root)
    return served_site(site.site_dir)


EXAMPLE_JOURNEY = "handbook/journeys/buero-kaffee-ist/"
EXAMPLE_PAGES = {
    "journey": EXAMPLE_JOURNEY,
    "journeys-index": "handbook/journeys/",
    "stakeholders": "handbook/stakeholders/",
    "persona": "handbook/personas/anna-berger/",
}


# --------------------------------------------------------------------------- measuring

BOX_JS = """el => { const r = el.getBoundingClientRect();
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; }"""


def _boxes(page: Page, selector: str) -> list[dict[str, float]]:
    return [page.locator(selector).nth(i).evaluate(BOX_JS)
            for i in range(page.locator(selector).count())]


def _phase_heads(page: Page) -> list[tuple[str, dict[str, float]]]:
    heads = page.locator("table.cjm-phase-table thead th.cjm-phase-head")
    return [(" ".join(heads.nth(i).inner_text().split()), heads.nth(i).evaluate(BOX_JS))
            for i in range(heads.count())]


def _scroll_state(page: Page, scroller: str) -> dict[str, Any]:
    return dict(page.locator(scroller).first.evaluate(
        """el => ({scrollLeft: el.scrollLeft, room: el.scrollWidth - el.clientWidth,
                   frame: el.closest('.cjm-scroll-frame').className})"""
    ))


def _smallest_text(page: Page, selector: str) -> dict[str, Any] | None:
    result = page.locator(selector).first.evaluate(SMALLEST_TEXT_JS)
    return None if result is None else dict(result)


# --------------------------------------------------------------------------- journey pages


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [1366, 1920])
@pytest.mark.parametrize("which", ["example", "english"])
def test_every_phase_of_a_six_phase_journey_is_in_view(
    which: str,
    width: int,
    scheme: str,
    built_site: Path,
    site_url: str,
    english_url: str,
    open_page: OpenPage,
) -> None:
    url = (
        f"{site_url}{EXAMPLE_JOURNEY}" if which == "example"
        else f"{english_url}journeys/office-coffee/"
    )
    page, watch = open_page(url, width=width, scheme=scheme)
    page.locator("#journey-map").scroll_into_view_if_needed()
    shot = screenshot(page, f"wide-{which}-journey-{scheme}-{width}")
    where = f"{url} at {width}px ({scheme}; screenshot: {shot})"
    assert_clean(where, watch)
    heads = _phase_heads(page)
    assert len(heads) == 6, where
    outside = [name for name, box in heads if box["left"] < 0 or box["right"] > width + 0.5]
    assert not outside, f"{where}: phase headers outside the screen: {outside}"
    narrow = [(name, round(box["width"])) for name, box in heads if box["width"] < 150]
    assert not narrow, f"{where}: phase columns too narrow to read: {narrow}"
    state = _scroll_state(page, ".cjm-phase-table-wrap")
    assert state["room"] <= 1, f"{where}: the map scrolls sideways by {state['room']}px"
    assert not page.locator(".cjm-scroll-bar").first.is_visible(), (
        f"{where}: 'more phases' shows although every phase is in view"
    )
    back = page.locator("p.cjm-back a").first
    assert back.evaluate("a => a.href").endswith("journeys/"), f"{where}: no way back"
    if which == "example":
        # The sidebars stepped aside on this page only: the author's pages keep them.
        assert not page.locator(".md-sidebar--primary").first.is_visible(), where
        own, _ = open_page(f"{site_url}getting-started/", width=width, scheme=scheme)
        assert own.locator(".md-sidebar--primary").first.is_visible(), (
            "the navigation is gone from an author's own page"
        )


def test_the_plain_mkdocs_theme_gives_the_map_the_whole_width_too(
    plain_theme_url: str, open_page: OpenPage
) -> None:
    url = f"{plain_theme_url}journeys/office-coffee/"
    page, watch = open_page(url, width=1366)
    shot = screenshot(page, "wide-plain-theme-light-1366")
    where = f"{url} with the mkdocs theme (screenshot: {shot})"
    assert_clean(where, watch)
    heads = _phase_heads(page)
    assert len(heads) == 6, where
    outside = [name for name, box in heads if box["left"] < 0 or box["right"] > 1366 + 0.5]
    assert not outside, f"{where}: phase headers outside the screen: {outside}"
    assert _scroll_state(page, ".cjm-phase-table-wrap")["room"] <= 1, where
    # Its table of contents stepped aside on this page only.
    assert not page.locator(".col-md-3").first.is_visible(), where
    own, _ = open_page(plain_theme_url, width=1366)
    assert own.locator(".col-md-3").first.is_visible(), "the author's page lost its contents"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_nine_phases_show_that_the_map_continues(
    scheme: str, english_url: str, open_page: OpenPage
) -> None:
    url = f"{english_url}journeys/service-contract/"
    page, watch = open_page(url, width=1366, scheme=scheme)
    page.locator("#journey-map").scroll_into_view_if_needed()
    shot = screenshot(page, f"wide-nine-phases-{scheme}-1366")
    where = f"{url} ({scheme}; screenshot: {shot})"
    assert_clean(where, watch)
    wrap = ".cjm-phase-table-wrap"
    state = _scroll_state(page, wrap)
    assert state["room"] > 0, f"{where}: nine phases fit?"
    assert "cjm-more-right" in state["frame"] and "cjm-more-left" not in state["frame"], where
    more = page.get_by_role("button", name="More phases →")
    back = page.get_by_role("button", name="← Earlier phases")
    assert more.is_visible() and more.is_enabled(), f"{where}: no visible 'More phases'"
    assert back.is_visible() and back.is_disabled(), where
    shadow = page.locator(".cjm-scroll-frame").first.evaluate(
        "el => getComputedStyle(el, '::after').opacity"
    )
    assert shadow == "1", f"{where}: no shadow on the right edge (opacity {shadow})"
    lane = page.locator("table.cjm-phase-table tbody th").first
    lane_before = lane.evaluate(BOX_JS)

    more.click()
    page.wait_for_function(f"document.querySelector('{wrap}').scrollLeft > 0")
    page.wait_for_timeout(600)  # the smooth scroll settles
    moved = _scroll_state(page, wrap)
    assert "cjm-more-left" in moved["frame"], where
    assert back.is_enabled(), where
    assert lane.evaluate(BOX_JS)["left"] == pytest.approx(lane_before["left"], abs=1), (
        f"{where}: the lane names scrolled away with the phases"
    )
    # The keyboard: the map is a focusable region that scrolls with the arrow keys.
    page.locator(wrap).first.focus()
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        f"(el => el.scrollLeft >= el.scrollWidth - el.clientWidth - 1)"
        f"(document.querySelector('{wrap}'))"
    )
    done = _scroll_state(page, wrap)
    assert "cjm-more-right" not in done["frame"] and more.is_disabled(), where
    last = _phase_heads(page)[-1]
    assert last[0].endswith("Renewal") and last[1]["right"] <= 1366 + 0.5, where


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_journeys_index_shows_all_its_columns_at_1366(
    scheme: str, site_url: str, english_url: str, open_page: OpenPage
) -> None:
    for url in (f"{site_url}handbook/journeys/", f"{english_url}journeys/"):
        page, watch = open_page(url, width=1366, scheme=scheme)
        shot = screenshot(page, f"wide-index-{scheme}-1366-{url.count('/')}")
        where = f"{url} ({scheme}; screenshot: {shot})"
        assert_clean(where, watch)
        heads = _boxes(page, "table.cjm-journey-index thead th")
        assert len(heads) == 12, where
        assert all(b["left"] >= 0 and b["right"] <= 1366 + 0.5 for b in heads), (
            f"{where}: some columns are off screen: {heads}"
        )
        wrap = _scroll_state(page, ".cjm-scroll-frame .cjm-table-wrap")
        assert wrap["room"] <= 1, f"{where}: the index scrolls sideways"


def test_the_journeys_index_on_a_phone_says_there_are_more_columns(
    site_url: str, open_page: OpenPage
) -> None:
    url = f"{site_url}handbook/journeys/"
    page, watch = open_page(url, width=390)
    shot = screenshot(page, "wide-index-light-390")
    assert_clean(f"{url} (screenshot: {shot})", watch)
    more = page.get_by_role("button", name="Weitere Spalten →")
    assert more.is_visible(), f"{url} on a phone: no 'More columns' (screenshot: {shot})"
    width, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width <= inner + 1, f"{url}: the page itself scrolls sideways on a phone"


# --------------------------------------------------------------------------- the emotion curve


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [320, 390, 430])
@pytest.mark.parametrize("which", ["example", "english"])
def test_the_curve_fits_a_phone_and_its_text_reads(
    which: str, width: int, scheme: str, site_url: str, english_url: str, open_page: OpenPage
) -> None:
    url = (
        f"{site_url}{EXAMPLE_JOURNEY}" if which == "example"
        else f"{english_url}journeys/office-coffee/"
    )
    page, watch = open_page(url, width=width, scheme=scheme)
    figure = page.locator("figure.cjm-curve").first
    figure.scroll_into_view_if_needed()
    shot = screenshot(page, f"curve-{which}-{scheme}-{width}")
    where = f"the curve of {url} at {width}px ({scheme}; screenshot: {shot})"
    assert_clean(where, watch)
    svg = page.locator("figure.cjm-curve svg.cjm-curve-upright").first
    assert svg.is_visible(), f"{where}: the upright chart is not the one shown"
    assert not page.locator("figure.cjm-curve svg.cjm-curve-across").first.is_visible(), where
    box = svg.evaluate(BOX_JS)
    assert box["left"] >= 0 and box["right"] <= width + 0.5, f"{where}: cut off: {box}"
    smallest = _smallest_text(page, "figure.cjm-curve svg.cjm-curve-upright")
    assert smallest is not None and smallest["size"] >= READABLE_PX, f"{where}: {smallest}"
    names = svg.evaluate(
        """svg => Array.from(svg.querySelectorAll('.cjm-curve-step')).map(t =>
             Array.from(t.querySelectorAll('tspan')).map(s => s.textContent).join(' ')
             || t.textContent)"""
    )
    cut = [n for n in names if "…" in n]
    assert not cut, f"{where}: step names cut short: {cut}"
    if which == "english":
        assert SIX_PHASES[1][1] in names, f"{where}: {names}"
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert scroll <= inner + 1, f"{where}: the page scrolls sideways"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [1366, 1920])
def test_the_curve_across_reads_on_a_desktop(
    width: int, scheme: str, site_url: str, open_page: OpenPage
) -> None:
    url = f"{site_url}{EXAMPLE_JOURNEY}"
    page, watch = open_page(url, width=width, scheme=scheme)
    assert_clean(url, watch)
    svg = page.locator("figure.cjm-curve svg.cjm-curve-across").first
    assert svg.is_visible(), f"{url} at {width}px: the chart across is not shown"
    box = svg.evaluate(BOX_JS)
    assert box["left"] >= 0 and box["right"] <= width + 0.5, f"{url}: the curve is cut: {box}"
    smallest = _smallest_text(page, "figure.cjm-curve svg.cjm-curve-across")
    assert smallest is not None and smallest["size"] >= READABLE_PX, f"{url}: {smallest}"


# --------------------------------------------------------------------------- stakeholder maps


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_path", ["handbook/stakeholders/", EXAMPLE_JOURNEY])
def test_a_stakeholder_map_reads_at_1366_or_opens_full_size(
    page_path: str, scheme: str, site_url: str, open_page: OpenPage
) -> None:
    url = f"{site_url}{page_path}"
    page, watch = open_page(url, width=1366, scheme=scheme)
    figure = page.locator("figure.cjm-map-figure").first
    figure.scroll_into_view_if_needed()
    shot = screenshot(page, f"map-{page_path.strip('/').replace('/', '-')}-{scheme}-1366")
    where = f"the stakeholder map of {url} ({scheme}; screenshot: {shot})"
    assert_clean(where, watch)
    smallest = _smallest_text(page, "figure.cjm-map-figure svg")
    assert smallest is not None, where
    link = page.locator("figure.cjm-map-figure a.cjm-map-open").first
    assert link.is_visible(), f"{where}: no 'Open full size'"
    href = link.get_attribute("href") or ""
    assert re.search(r"maps/(all|journey-buero-kaffee-ist)\.svg$", href), href
    # Without JavaScript the link is the map's own SVG file: it is there.
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok and b"<svg" in response.body(), f"{where}: {href} is not an SVG"
    if smallest["size"] >= READABLE_PX:
        return
    # Too small on the page: the full-size view opens by keyboard and shows it readably.
    link.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.cjm-map-dialog")
    assert dialog.is_visible(), f"{where}: labels are {smallest}, and no full-size view opens"
    full = _smallest_text(page, "dialog.cjm-map-dialog svg")
    assert full is not None and full["size"] >= READABLE_PX, f"{where}: full size: {full}"
    page.keyboard.press("Escape")
    # The browser fires the dialog's `close` event, which removes it, as a task of its
    # own after the key: wait for it rather than look at once.
    dialog.wait_for(state="detached", timeout=5000)
    assert dialog.count() == 0, where


def test_a_small_map_keeps_its_natural_size_on_a_wide_page(
    english_url: str, open_page: OpenPage
) -> None:
    url = f"{english_url}journeys/service-contract/"
    page, _ = open_page(url, width=1920)
    svg = page.locator("figure.cjm-map-figure svg").first
    natural = float(svg.evaluate("s => parseFloat(s.style.getPropertyValue('--cjm-map-width'))"))
    assert svg.evaluate(BOX_JS)["width"] == pytest.approx(natural, abs=1), (
        f"{url}: a map of two stakeholders is blown up past its natural size"
    )


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_full_size_map_opens_zooms_and_closes(
    scheme: str, site_url: str, open_page: OpenPage
) -> None:
    url = f"{site_url}handbook/stakeholders/"
    page, watch = open_page(url, width=390, scheme=scheme)
    shot = screenshot(page, f"map-stakeholders-{scheme}-390")
    where = f"the stakeholder map of {url} on a phone ({scheme}; screenshot: {shot})"
    assert_clean(where, watch)
    on_page = _smallest_text(page, "figure.cjm-map-figure svg")
    assert on_page is not None and on_page["size"] < READABLE_PX  # a phone: too small
    link = page.locator("a.cjm-map-open").first
    link.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.cjm-map-dialog")
    assert dialog.is_visible(), where
    full = _smallest_text(page, "dialog.cjm-map-dialog svg")
    assert full is not None and full["size"] >= READABLE_PX, f"{where}: {full}"
    page.locator("dialog.cjm-map-dialog").screenshot(
        path=str(screenshot(page, f"map-dialog-{scheme}-390"))
    )
    zoom = dialog.get_attribute("data-cjm-zoom")
    page.get_by_role("button", name="Verkleinern").click()
    assert float(dialog.get_attribute("data-cjm-zoom") or 0) < float(zoom or 0), where
    page.keyboard.press("+")
    page.keyboard.press("+")
    assert float(dialog.get_attribute("data-cjm-zoom") or 0) > float(zoom or 0), where
    page.get_by_role("button", name="An Fenster anpassen").click()
    box = page.locator("dialog.cjm-map-dialog svg").first.evaluate(BOX_JS)
    assert box["left"] >= -0.5 and box["right"] <= 390.5, f"{where}: fit: {box}"
    page.keyboard.press("Escape")
    # The browser fires the dialog's `close` event, which removes it, as a task of its
    # own after the key: wait for it rather than look at once.
    dialog.wait_for(state="detached", timeout=5000)
    assert dialog.count() == 0, where
    assert page.evaluate("document.activeElement.classList.contains('cjm-map-open')"), (
        f"{where}: the focus did not return to the link"
    )


# --------------------------------------------------------------------------- print


@pytest.mark.parametrize(
    ("which", "path", "paper"),
    [
        ("example", EXAMPLE_JOURNEY, (842, 595)),
        ("english", "journeys/office-coffee/", (842, 595)),
        ("nine", "journeys/service-contract/", (1191, 842)),
    ],
)
def test_a_journey_prints_its_whole_map_on_one_landscape_page(
    which: str,
    path: str,
    paper: tuple[int, int],
    site_url: str,
    english_url: str,
    open_page: OpenPage,
) -> None:
    from pypdf import PdfReader

    url = (site_url if which == "example" else english_url) + path
    page, _ = open_page(url, width=390)  # a narrow window must not decide the print layout
    lanes = page.locator("table.cjm-phase-table tbody th").all_text_contents()
    phases = [" ".join(t.split()) for t in
              page.locator("table.cjm-phase-table thead th.cjm-phase-head").all_text_contents()]
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    pages = [(p.mediabox, " ".join(p.extract_text().split())) for p in pdf.pages]
    title = "Emotionskurve" if which == "example" else "Emotion curve"
    poster = [(box, text) for box, text in pages if text.startswith(title)]
    assert len(poster) == 1, f"{url}: no page of its own starts with the curve: " + repr(
        [text[:60] for _, text in pages]
    )
    box, text = poster[0]
    assert (round(float(box.width)), round(float(box.height))) == paper, f"{url}: {box}"
    missing = [name for name in [*lanes, *phases] if " ".join(name.split()) not in text]
    assert not missing, f"{url}: not on the printed map's page: {missing}"
    navigation = "Getting started" if which == "example" else "Testhandbuch Start"
    assert navigation not in text, f"{url}: the navigation is printed"


# --------------------------------------------------------------------------- docs screenshots


def _doc_shot(page: Page, name: str, anchor: str | None) -> Path:
    """A screen-sized picture of the part of a page that matters, for the docs."""
    DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if anchor:
        page.locator(anchor).first.evaluate("el => window.scrollTo(0, el.offsetTop - 8)")
        page.evaluate("document.querySelector('.md-header') && window.scrollBy(0, -60)")
    page.wait_for_timeout(500)  # Material's header fades its title in after a scroll
    path = DOC_SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


@pytest.mark.parametrize("width", [1366, 1920, 390])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_screenshots_for_the_docs(
    scheme: str, width: int, site_url: str, open_page: OpenPage
) -> None:
    """Every page of the example handbook at the three widths; the journey page shows
    its map (on a phone: its curve). Written to docs/img/screenshots/ for the docs."""
    anchors = {
        "journey": "#emotion-curve" if width == 390 else "#journey-map",
        "journeys-index": None,
        "stakeholders": None,
        "persona": None,
    }
    for name, path in EXAMPLE_PAGES.items():
        if scheme == "dark" and name != "journey":
            continue
        page, watch = open_page(f"{site_url}{path}", width=width, scheme=scheme)
        assert_clean(f"{path} at {width}px ({scheme})", watch)
        screenshot(page, f"docs-{name}-{scheme}-{width}")
        shot = _doc_shot(page, f"{name}-{scheme}-{width}", anchors[name])
        assert shot.stat().st_size > 10_000, shot
        page.context.close()


def test_the_readme_screenshot(site_url: str, open_page: OpenPage) -> None:
    """The README's picture: a journey page at 1366 px, its curve above the whole map."""
    page, _ = open_page(f"{site_url}{EXAMPLE_JOURNEY}", width=1366, height=1200)
    top = page.locator("#emotion-curve").evaluate("el => el.getBoundingClientRect().top")
    page.evaluate(f"window.scrollTo(0, {top} - 70)")
    page.wait_for_timeout(500)
    path = REPO_ROOT / "docs" / "img" / "screenshot-journey.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 50_000
