"""What the browser tests share besides fixtures (those are in conftest.py): where pages
and screenshots are, what went wrong while a page loaded, and how to measure text."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "tests" / "artifacts" / "screenshots"
"""Full-page screenshots of every test, for a human to look at (not committed)."""
DOC_SCREENSHOTS = REPO_ROOT / "docs" / "img" / "screenshots"
"""The screenshots the docs and the README show, refreshed by the tests."""
ALLOWED_HOST = "127.0.0.1"
PHONE, DESKTOP = 390, 1440
VIEWPORT_HEIGHT = {320: 640, PHONE: 844, 430: 932, 1366: 768, DESKTOP: 900, 1920: 1080}
CHART_SELECTOR = "svg.cjm-map"
"""Pictures that must take up space on a page (an emotion curve's two charts are
checked apart: one of them shows)."""


def build_in(folder: Path, site_dir: Path, *, command: str, strict: bool = False) -> Path:
    """Build `folder`/mkdocs.yml into `site_dir` as `mkdocs <command>` does, from `folder`
    (relative paths resolve there), with the plugins' start and end hooks."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = folder / "mkdocs.yml"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        config = load_config(
            config_file=str(config_file),
            config_file_path=str(config_file),
            site_dir=str(site_dir),
            strict=strict,
        )
        config.plugins.on_startup(command=command, dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    return site_dir


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def page_under(site: Path, section: str) -> Path:
    """The first ``<section>/<id>/index.html`` of the site, sorted (not the section's index)."""
    candidates = [
        p
        for p in html_pages(site)
        if len(rel := p.relative_to(site).parts) >= 3
        and rel[-1] == "index.html"
        and rel[-3] == section
    ]
    if not candidates:
        listing = "\n  ".join(str(p.relative_to(site)) for p in html_pages(site))
        pytest.fail(
            f"The built site has no {section}/<id>/index.html page. Pages built:\n  {listing}",
            pytrace=False,
        )
    return candidates[0]


def url_of(site: Path, base_url: str, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")]
    return base_url + rel


@dataclass
class PageWatch:
    """Collects what went wrong while a page loaded: console errors, failed requests, 4xx/5xx,
    uncaught exceptions, and any request that left 127.0.0.1."""

    problems: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.problems.append(f"uncaught JS error: {exc}"))
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def _on_console(self, msg: Any) -> None:
        if msg.type == "error":
            self.problems.append(f"console error: {msg.text} (at {msg.location.get('url', '?')})")

    def _on_request(self, request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname != ALLOWED_HOST:
            self.problems.append(
                f"request to another host (the site must work offline, no CDN): {request.url}"
            )

    def _on_request_failed(self, request: Any) -> None:
        self.problems.append(f"request failed ({request.failure}): {request.url}")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


def assert_clean(where: str, watch: PageWatch) -> None:
    if watch.problems:
        pytest.fail(
            f"The {where} has problems:\n  - " + "\n  - ".join(dict.fromkeys(watch.problems)),
            pytrace=False,
        )


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot in tests/artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


SMALLEST_TEXT_JS = """
root => {
  // The rendered size of each visible text: its font size times the scale of its
  // picture (SVG text shrinks and grows with the viewBox). Rotated text scales alike,
  // hence the length of the matrix' first column, not its first entry.
  const sizes = [];
  for (const t of root.querySelectorAll('text')) {
    const box = t.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || !t.textContent.trim()) continue;
    const m = t.getScreenCTM();
    sizes.push({size: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b),
                text: t.textContent.trim()});
  }
  sizes.sort((a, b) => a.size - b.size);
  return sizes.length ? sizes[0] : null;
}
"""
"""Evaluated on an element: its smallest visible text, as {size, text}, or null."""
