"""`cjm export --format svg|pdf`: each journey's pictures as files for slides, and each
journey as a one-page poster printed to PDF by a headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs_cjm_plugin.site.handbook import Handbook
from mkdocs_cjm_plugin.site.standalone import curve_svg, map_svg, poster_html

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
                  "chrome", "msedge")
PRINT_WORKERS = 4
PRINT_TIMEOUT = 120.0
"""Seconds one poster may take to print before Chromium is stopped."""


class NoChromium(Exception):
    """No Chromium to print with; the message says where we looked and what to do."""


def svg_files(handbook: Handbook) -> dict[str, bytes]:
    """`<journey>-curve.svg` and `<journey>-map.svg` for every journey that has them."""
    handbook.render_maps()
    files: dict[str, bytes] = {}
    for ident, journey in sorted(handbook.catalogue.journeys.items()):
        for suffix, make in (("curve", curve_svg), ("map", map_svg)):
            svg = make(handbook, journey)
            if svg is not None:
                files[f"{ident}-{suffix}.svg"] = svg.encode("utf-8")
    return files


def find_chromium() -> str:
    """The Chromium to print with: $CJM_CHROMIUM, else one on PATH, else Playwright's."""
    named = os.environ.get("CJM_CHROMIUM", "").strip()
    if named:
        if Path(named).is_file() and os.access(named, os.X_OK):
            return named
        raise NoChromium(
            f"CJM_CHROMIUM is set to '{named}', which is not a program; set it to the "
            "Chromium or Chrome program, or unset it"
        )
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    bundled = _playwright_chromium()
    if bundled:
        return bundled
    raise NoChromium(
        "printing a PDF needs Chromium or Chrome, and none was found (looked at "
        "$CJM_CHROMIUM, then " + ", ".join(CHROMIUM_NAMES) + " on PATH, then Playwright's); "
        "install Chromium, or set CJM_CHROMIUM=/path/to/chromium. `--format svg` needs no "
        "browser"
    )


def _playwright_chromium() -> str | None:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Error:
        return None
    return path if path and Path(path).is_file() else None


def print_pdf(chromium: str, page_html: str) -> bytes:
    """`page_html` printed to PDF by headless Chromium (no header or footer lines)."""
    with tempfile.TemporaryDirectory(prefix="cjm-print-") as tmp:
        page = Path(tmp, "poster.html")
        page.write_text(page_html, encoding="utf-8")
        out = Path(tmp, "poster.pdf")
        command = [
            chromium, "--headless", "--disable-gpu", "--no-first-run",
            "--disable-extensions", f"--user-data-dir={Path(tmp, 'profile')}",
            "--no-pdf-header-footer", "--print-to-pdf-no-header",
            "--run-all-compositor-stages-before-draw", f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            # Chromium refuses to start its sandbox as root (containers, CI); the page is
            # our own poster (every text from the files escaped), loading nothing.
            command.insert(1, "--no-sandbox")
        try:
            done = subprocess.run(command, capture_output=True, timeout=PRINT_TIMEOUT,
                                  check=False)
        except subprocess.TimeoutExpired:
            raise OSError(f"Chromium did not finish printing in {PRINT_TIMEOUT:g} s") from None
        if not out.is_file() or out.stat().st_size == 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise OSError(f"Chromium printed no PDF (exit status {done.returncode}) "
                          f"{detail[0]}".strip())
        return _without_dates(out.read_bytes())


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})")


def _without_dates(pdf: bytes) -> bytes:
    """The PDF without the time it was printed: the same journeys print to the same
    bytes. Same length, so the offsets in the PDF's cross-reference table stay right."""
    return _PDF_DATE.sub(lambda m: b"/" + m.group(1) + b" (D:19700101000000", pdf)


def pdf_files(handbook: Handbook, chromium: str) -> dict[str, bytes]:
    """`<journey>.pdf`, a one-page landscape poster for every journey. Chromium prints
    one page per start, most of it waiting: several print at once."""
    handbook.render_maps()
    pages = {
        f"{ident}.pdf": poster_html(handbook, journey)
        for ident, journey in sorted(handbook.catalogue.journeys.items())
    }
    workers = max(1, min(PRINT_WORKERS, len(pages), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        printed = dict(zip(pages, pool.map(lambda html: print_pdf(chromium, html),
                                           pages.values()), strict=True))
    return printed
