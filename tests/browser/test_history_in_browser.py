"""The history section of a journey page (the `history` option), looked at in Chromium.

The example handbook in a git repository with a few reviews of one journey, built with
Material and `history: true`: the section lists every change with its mean emotion, the
trend line shows, and on a phone nothing scrolls sideways. Screenshots of the section
at 1366, 1920 and 390 px, light and dark, land in ``tests/artifacts/screenshots/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browserkit import SCREENSHOTS, PageWatch, assert_clean
from gitkit import GitRepo

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
JOURNEY = "journeys/journeys/reklamation-vollautomat.yml"
REVIEWS = [  # (commit subject, [(old text, new text)])
    ("Ticketauswertung Oktober: Hotline noch schlechter", [("actual: 14\n", "actual: 18\n")]),
    (
        "Rückrufservice eingeführt",
        [
            (
                "        emotion: 1\n        pains:\n"
                "          - Lange Warteschleife vor der Arbeit\n",
                "        emotion: 3\n        pains:\n",
            )
        ],
    ),
    (
        "Workshop 17.11.: Statusseite und Bewertung neu bewertet",
        [
            (
                "        emotion: 2\n        pains: Status",
                "        emotion: 3\n        pains: Status",
            )
        ],
    ),
]

@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path_factory.mktemp("history") / "handbook"
    repo = GitRepo(root)
    for name in ("journeys", "docs"):
        shutil.copytree(REPO_ROOT / name, root / name)
    config = (
        (REPO_ROOT / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace(
            "      stale_after_days: 365\n", "      stale_after_days: 365\n      history: true\n"
        )
    )
    assert "history: true" in config
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    repo.commit("Beispielhandbuch angelegt")
    for subject, edits in REVIEWS:
        text = repo.read(JOURNEY)
        for old, new in edits:
            assert old in text, old
            text = text.replace(old, new, 1)
        repo.commit(subject, {JOURNEY: text})
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        cfg = load_config(config_file=str(root / "mkdocs.yml"), strict=True)
        build(cfg)
    return root / "site"


@pytest.mark.parametrize("width", [1366, 1920, 390], ids=lambda w: f"{w}px")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_history_section_reads_well_everywhere(
    history_site: Path,
    served_site: Callable[[Path], str],
    open_page: Callable[..., tuple[Page, PageWatch]],
    scheme: str,
    width: int,
) -> None:
    url = served_site(history_site) + "handbook/journeys/reklamation-vollautomat/"
    page, watch = open_page(url, width=width, scheme=scheme)
    section = page.locator(".cjm-history")
    section.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"history-{scheme}-{width}.png"
    section.screenshot(path=str(shot))
    assert_clean(f"journey page with history ({scheme}, {width}px; screenshot: {shot})", watch)
    rows = page.locator("table.cjm-history-table tbody tr")
    assert rows.count() == 4, shot
    first = rows.first.inner_text()
    assert "Workshop 17.11.: Statusseite und Bewertung neu bewertet" in first, shot
    assert "1 Emotion geändert" in first, shot
    assert "1 KPI-Wert geändert" in rows.nth(2).inner_text(), shot
    assert page.locator(".cjm-history-trend svg.cjm-sparkline").is_visible(), shot
    heading = page.locator("h2#history")
    assert heading.inner_text().startswith("Verlauf"), shot
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width + 1, f"the page scrolls sideways ({shot})"
    for i in range(rows.count()):
        box = rows.nth(i).bounding_box()
        assert box is not None and box["width"] <= inner_width, shot
    if width == 390:  # one card per change, the mean emotion named
        assert page.locator("table.cjm-history-table thead").is_hidden(), shot
        label = page.locator(".cjm-history-mean").first.evaluate(
            "el => getComputedStyle(el, '::before').content"
        )
        assert "Mittlere Emotion danach" in label, shot
