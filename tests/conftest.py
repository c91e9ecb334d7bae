"""Shared pytest fixtures for the whole test suite.

Keep this file small and general. A fixture that only one test module uses
belongs in that module; add a fixture here only when several modules need it,
and put it under the matching section below.

Sections:
    paths           -- where the repository lives
    static server   -- serve a built ``site/`` folder over HTTP on 127.0.0.1
    chromium        -- find the Chromium executable (installed by ``./dev test``)
    browser         -- a Playwright-driven headless Chromium
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser

# --------------------------------------------------------------------------- hypothesis

# The same examples on every machine and in every CI run: a property test must not pass
# one run and fail the next. `HYPOTHESIS_PROFILE=explore ./dev test` searches anew.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# --------------------------------------------------------------------------- mkdocs


@pytest.fixture(autouse=True)
def _no_mkdocs_2_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    # Material prints a large banner about its successor on every build.
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(autouse=True, scope="session")
def _own_cache_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # The key that signs cached definition files lives in the user's cache folder
    # (core.cache): the tests make their own instead of using the developer's.
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if old is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = old


# --------------------------------------------------------------------------- paths

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (the folder holding ``mkdocs.yml`` and ``pyproject.toml``)."""
    return REPO_ROOT


# --------------------------------------------------------------------------- static server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files from one folder without logging every request to stderr."""

    extensions_map: dict[str, str] = {  # noqa: RUF012 - same shape as the base class attribute
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".css": "text/css",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
        ".webmanifest": "application/manifest+json",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that cancels a request leaves a broken pipe behind: not an error of the site.
        pass


@pytest.fixture(scope="module")
def served_site() -> Iterator[Callable[[Path], str]]:
    """Factory: ``served_site(folder)`` serves ``folder`` and returns its base URL.

    The URL looks like ``http://127.0.0.1:PORT/`` (a free port picked by the OS).
    Every server started through the factory is stopped when the module's tests end.
    Module-scoped so that module-scoped fixtures (such as a built site) can use it.
    """
    running: list[tuple[_QuietServer, threading.Thread]] = []

    def serve(folder: Path) -> str:
        folder = Path(folder)
        if not (folder / "index.html").is_file():
            pytest.fail(f"served_site: {folder} has no index.html; is it a built site?")
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = _QuietServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(
            target=server.serve_forever, name=f"served_site:{folder.name}", daemon=True
        )
        thread.start()
        running.append((server, thread))
        port = server.server_address[1]
        return f"http://127.0.0.1:{port}/"

    yield serve

    for server, thread in running:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --------------------------------------------------------------------------- chromium

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path to a Chromium (or Chrome) executable. Fails, never skips, when there is none."""
    from_env = os.environ.get("CJM_CHROMIUM", "").strip()
    if from_env:
        if Path(from_env).is_file() and os.access(from_env, os.X_OK):
            return from_env
        found = shutil.which(from_env)
        if found:
            return found
        pytest.fail(
            f"CJM_CHROMIUM is set to {from_env!r}, which is not an executable file. "
            "Unset it and run the tests with `./dev test`, which installs Chromium.",
            pytrace=False,
        )
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(
        "Chromium was not found (looked for $CJM_CHROMIUM, then "
        + ", ".join(CHROMIUM_NAMES)
        + " on PATH). Run the tests with `./dev test`: it installs Chromium and sets "
        "CJM_CHROMIUM. Or install Chromium yourself and set CJM_CHROMIUM=/path/to/chromium.",
        pytrace=False,
    )


# --------------------------------------------------------------------------- browser

# --no-sandbox: tests may run as root. The background-networking flags stop Chromium from
# calling home, which on a machine with a closed network makes connections get refused.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    """A headless Chromium driven by Playwright's sync API, shared by the whole session.

    Always launches ``chromium_path`` (never a Playwright-downloaded browser), so
    ``PLAYWRIGHT_BROWSERS_PATH`` plays no part. Open a fresh context per test:
    ``context = browser.new_context(...)`` and close it at the end.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            yield launched
        finally:
            launched.close()
