"""Fixtures of the browser tests: the project's own handbook built like `mkdocs build
--strict`, and pages opened in headless Chromium with a watch on what goes wrong."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from browserkit import ALLOWED_HOST, DESKTOP, REPO_ROOT, VIEWPORT_HEIGHT, PageWatch, build_in

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Browser, Page


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the repo's own ``mkdocs.yml`` like ``mkdocs build --strict``, into a temp folder."""
    if not (REPO_ROOT / "mkdocs.yml").is_file():
        pytest.fail(f"{REPO_ROOT / 'mkdocs.yml'} is missing: there is no handbook to build.",
                    pytrace=False)
    return build_in(REPO_ROOT, tmp_path_factory.mktemp("site"), command="build", strict=True)


@pytest.fixture(scope="module")
def site_url(built_site: Path, served_site: Callable[[Path], str]) -> str:
    return served_site(built_site)


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., tuple[Page, PageWatch]]]:
    """Factory: ``open_page(url, width=..., scheme=..., height=...)`` -> (loaded page, its
    PageWatch); the height is the usual one of a screen that wide unless given.

    Requests to any host but 127.0.0.1 are recorded and then aborted, so a page that
    wants the internet fails fast instead of waiting for a timeout.
    """
    contexts: list[Any] = []

    def _open(
        url: str, *, width: int = DESKTOP, scheme: str = "light", height: int | None = None
    ) -> tuple[Page, PageWatch]:
        context = browser.new_context(
            viewport={"width": width, "height": height or VIEWPORT_HEIGHT.get(width, 900)},
            color_scheme=scheme,  # type: ignore[arg-type]
            service_workers="block",
        )
        contexts.append(context)
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if urlsplit(route.request.url).hostname in (ALLOWED_HOST, None)
                else route.abort("blockedbyclient")
            ),
        )
        page = context.new_page()
        watch = PageWatch()
        watch.attach(page)
        response = page.goto(url, wait_until="load")
        if response is None or response.status >= 400:
            status = "no response" if response is None else f"HTTP {response.status}"
            pytest.fail(f"Could not open {url}: {status}", pytrace=False)
        page.wait_for_load_state("networkidle")
        return page, watch

    yield _open

    for context in contexts:
        context.close()
