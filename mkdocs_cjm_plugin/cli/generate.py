"""`cjm generate`: write the handbook's pages into a folder of the docs, for Zensical,
plain MkDocs or any engine that reads Markdown; `--watch` writes them again on change."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs_cjm_plugin.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_USAGE
from mkdocs_cjm_plugin.cli.project import Project, read_project
from mkdocs_cjm_plugin.core.cache import FILES, ReadCache, code_version
from mkdocs_cjm_plugin.core.diagnostics import (
    Diagnostic,
    counted,
    failing,
    has_errors,
    printable,
    sort_diagnostics,
    summary_line,
)
from mkdocs_cjm_plugin.core.files import find_files
from mkdocs_cjm_plugin.core.load import display_path
from mkdocs_cjm_plugin.core.pipeline import load_catalogue
from mkdocs_cjm_plugin.site.handbook import TemplateProblem
from mkdocs_cjm_plugin.site.memo import PageMemo, keep_page_memo, load_page_memo
from mkdocs_cjm_plugin.targets.files.folder import folder_problems, write_folder
from mkdocs_cjm_plugin.targets.files.generate import ENGINES, NAV_FILE, SiteSetup, generate

GENERATE_HELP = """\
Write the handbook's pages (Markdown with HTML, pictures inline as SVG), its CSS and
JavaScript, and cjm-nav.yml (the lines your mkdocs.yml needs) into DIR, a folder inside
the docs folder. Any engine that reads Markdown then builds the handbook: Zensical,
MkDocs or ProperDocs without the plugin.

DIR is cjm's own: it refuses a folder holding files it did not write, never changes
a file edited since it wrote it, and removes pages of journeys that no longer exist.
The site options come from the cjm entry of mkdocs.yml, as for cjm check.

  cjm generate --out docs/handbook                  write once, for Zensical (in CI too)
  cjm generate --out docs/handbook --watch          write again whenever a file changes
  cjm generate --engine mkdocs --out docs/handbook  for MkDocs without the plugin

exit status: 0 written, 1 errors found with --strict (nothing written), 2 could not run
"""

POLL_SECONDS = 1.0


def register(sub: Any) -> None:
    """Add `generate` to the subcommands of the `cjm` parser."""
    gen = sub.add_parser(
        "generate",
        help="write the handbook's pages into a docs folder, for Zensical or plain MkDocs",
        description=GENERATE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    gen.add_argument("source", nargs="?", metavar="SOURCE",
                     help="folder with the YAML files (default: the plugin's `source`)")
    gen.add_argument("--out", "-o", metavar="DIR", required=True,
                     help="the folder to write, inside the docs folder (e.g. docs/handbook)")
    gen.add_argument(
        "--engine", choices=ENGINES, default="zensical",
        help="the engine that builds the site: zensical (default), or mkdocs for MkDocs "
        "and ProperDocs without the plugin (and other engines that keep HTML as written)",
    )
    gen.add_argument("--config", "-f", metavar="FILE",
                     help="the mkdocs.yml to read site options from")
    gen.add_argument("--strict", action="store_true",
                     help="write nothing (exit 1) when there are errors or warnings")
    gen.add_argument("--watch", action="store_true",
                     help="keep running and write again whenever a source file changes")
    gen.add_argument("--today", metavar="YYYY-MM-DD", type=dt.date.fromisoformat,
                     help="the date to judge stale maps and overdue actions by")


def run(args: argparse.Namespace) -> int:
    project = read_project(args.source, args.config, doing="generating")
    if project is None:
        return EXIT_USAGE
    if project.source is None:
        _print(project.diagnostics)
        return EXIT_ERRORS
    out = Path(args.out)
    setup = _setup(project, out, args.today, args.engine)
    if isinstance(setup, str):
        print(f"cjm: {printable(setup)}", file=sys.stderr)
        return EXIT_USAGE
    # The pages and parts of the last run of the same setup, kept in the cache folder: a
    # run after a change to one journey renders that journey's pages, not a thousand.
    kept_in = _cache_folder(project)
    key = _memo_key(setup)
    limit = MEMO_BASE_BYTES + MEMO_BYTES_PER_FILE * len(find_files(project.source))
    loaded = load_page_memo(kept_in, key, limit) if kept_in is not None else None
    memo = loaded or PageMemo()
    # What the files were before this run reads them: a file saved while it writes is
    # written again by the watcher, not missed.
    seen = _watched(project, project.source, setup) if args.watch else {}
    with _stop_after_writing() as stopped:
        status = _once(project, project.source, out, setup, strict=args.strict, memo=memo)
    # A run that made nothing anew leaves the memo it loaded as it was: the next run of
    # the same files reuses as much from it (and writing it is a tenth of such a run).
    made = loaded is None or memo.rendered or memo.parts.made
    if kept_in is not None and status == EXIT_OK and made:
        keep_page_memo(kept_in, key, memo)
    if not args.watch or stopped:
        return status
    return _watch(project, project.source, out, setup, strict=args.strict, memo=memo,
                  seen=seen)


MEMO_BASE_BYTES = 64 * 1024 * 1024
MEMO_BYTES_PER_FILE = 4 * 1024 * 1024
"""A kept memo larger than this (plus so much per definition file) is not read: it holds
about 0.3 MB per journey, so a larger file was not written for this handbook."""


def _cache_folder(project: Project) -> Path | None:
    """The cache folder of read files, as mkdocs.yml sets it (None: none, or refused)."""
    config = project.config
    return config.cache_dir / FILES if config is not None and config.cache_dir else None


def _memo_key(setup: SiteSetup) -> str:
    """What a kept memo must have been made with: this code, the same setup, and the
    same Graphviz (a kept stakeholder map is its picture). Everything else a page shows
    is checked page by page (`site.memo`)."""
    digest = hashlib.sha256()
    dot = shutil.which("dot")
    try:
        info = Path(dot).stat() if dot else None
    except OSError:
        info = None
    for part in (code_version(), repr(setup), dot or "",
                 f"{info.st_size}:{info.st_mtime_ns}" if info else ""):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _setup(
    project: Project, out: Path, today: dt.date | None, engine: str
) -> SiteSetup | str:
    """How the pages are made, or why DIR cannot hold them."""
    assert project.source is not None
    docs = project.docs_dir
    here = _absolute(out)
    for name, folder in (("source folder", project.source), ("docs folder", docs)):
        if folder is None:
            continue
        there = _absolute(folder)
        if here == there or there.is_relative_to(here):
            return (f"--out {out} would hold the {name} ({display_path(folder)}); give a "
                    "folder of its own inside the docs folder, e.g. docs/handbook")
        if name == "source folder" and here.is_relative_to(there):
            return (f"--out {out} is inside the source folder ({display_path(folder)}); give "
                    "a folder inside the docs folder, e.g. docs/handbook")
    if docs is not None and not here.is_relative_to(_absolute(docs)):
        return (f"--out {out} is not inside the docs folder ({display_path(docs)}), so the "
                "site engine would not find the pages; give e.g. "
                f"{display_path(docs / 'handbook')}")
    # Without a mkdocs.yml the folder above DIR is taken for the docs folder.
    docs_abs = _absolute(docs) if docs is not None else here.parent
    prefix = here.relative_to(docs_abs).as_posix()
    options = project.options
    if today is not None:
        options = options.model_copy(update={"today": today})
    base = project.config.path.parent if project.config is not None else Path()
    return SiteSetup(
        options=options,
        language=project.language,
        prefix=prefix,
        use_directory_urls=project.use_directory_urls,
        engine=engine,
        docs_dir=docs,
        cache_dir=base / options.cache_dir if options.cache_dir else None,
        custom_templates=base / options.custom_templates if options.custom_templates else None,
        config_path=display_path(project.config.path) if project.config else "mkdocs.yml",
    )


def _absolute(path: Path) -> Path:
    return path.resolve()


def _once(
    project: Project, source: Path, out: Path, setup: SiteSetup, *, strict: bool,
    memo: PageMemo | None = None,
) -> int:
    # As the plugin: `--strict` fails on errors and warnings, the `strict: true` option
    # on errors; without either, a wrong journey gets a page that lists its errors.
    stops = strict or bool(setup.options.strict)
    # Paths on pages (an invalid journey lists its problems) are relative to the project,
    # never to where the command runs: the same pages from any folder, no machine paths.
    base = project.config.path.parent if project.config is not None else None
    # The build's cache of read files (`cache_dir`), as `cjm check` and the plugin use it:
    # a file unchanged since the last run is not read again.
    cache = ReadCache(_cache_folder(project))
    result = load_catalogue(source, setup.options, docs_dir=setup.docs_dir, base=base,
                            cache=cache)
    diags = [*project.diagnostics, *result.diagnostics]
    # A wrong option in mkdocs.yml stops every build (MkDocs refuses the config): here too.
    if (stops and failing(diags, strict=strict)) or has_errors(project.diagnostics):
        _print(diags)
        print(f"cjm: nothing written to {display_path(out)}: {summary_line(diags)}",
              file=sys.stderr)
        return EXIT_ERRORS
    forbidden = {"output folder": out}
    if setup.docs_dir is not None:
        forbidden["docs folder"] = setup.docs_dir
    try:
        made = generate(result, setup, forbidden, memo)
    except TemplateProblem as problem:
        _print(diags)
        print(f"cjm: {printable(str(problem))} (nothing written)", file=sys.stderr)
        return EXIT_ERRORS
    diags = sort_diagnostics([*diags, *made.problems])
    refused = folder_problems(out, made.files, "cjm generate")
    if refused or (stops and failing(made.problems, strict=strict)):
        _print([*diags, *refused])
        print(f"cjm: nothing written to {display_path(out)}", file=sys.stderr)
        return EXIT_ERRORS
    _print(diags)
    try:
        report = write_folder(out, made.files, "cjm generate")
    except OSError as exc:  # a full disk, a folder without write permission
        print(f"cjm: cannot write {display_path(out)}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    pages = sum(1 for path in made.files if path.endswith(".md"))
    kept = f"; {counted(memo.reused, 'journey page')} kept from the last run" if (
        memo is not None and memo.reused) else ""
    print(
        f"cjm: {pages} pages in {display_path(out)} ({len(report.written)} files written, "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed{kept}): "
        f"{summary_line(diags)}",
        file=sys.stderr,
    )
    if NAV_FILE in report.written:
        print(f"cjm: add the lines of {display_path(out / NAV_FILE)} to your mkdocs.yml",
              file=sys.stderr)
    return EXIT_OK


def _print(diags: list[Diagnostic]) -> None:
    for d in sort_diagnostics(diags):
        print(d.format(), file=sys.stderr)


def _watched(project: Project, source: Path, setup: SiteSetup) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every file a page depends on."""
    paths = list(find_files(source))
    if project.config is not None:
        paths.append(project.config.path)
    if setup.custom_templates is not None and setup.custom_templates.is_dir():
        paths.extend(p for p in setup.custom_templates.rglob("*") if p.is_file())
    state: dict[str, tuple[int, int]] = {}
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        state[str(path)] = (info.st_mtime_ns, info.st_size)
    return state


def _watch(
    project: Project, source: Path, out: Path, setup: SiteSetup, *, strict: bool,
    memo: PageMemo, seen: dict[str, tuple[int, int]],
) -> int:
    """Write again whenever a journey file, mkdocs.yml or a template changes (`seen`:
    the files as the last run read them); Ctrl-C ends. Polling keeps it free of a
    file-watching library and works on network drives."""
    print(f"cjm: watching {printable(display_path(source))} (Ctrl-C to stop)", file=sys.stderr)
    # Pages and parts of the last run, as `mkdocs serve` keeps them: a changed journey
    # file makes its own pages again, not a thousand others. A changed mkdocs.yml starts
    # a new memo, for what it sets beyond the options (use_directory_urls, say).
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = _watched(project, source, setup)
            if now != seen:
                seen = now
                fresh = read_project(
                    str(source), str(project.config.path) if project.config else None,
                    doing="generating",
                )
                if fresh is not None and fresh.source is not None:
                    project = fresh
                    again = _setup(project, out, setup.options.today, setup.engine)
                    if isinstance(again, SiteSetup):
                        if again != setup:
                            memo = PageMemo()
                        setup = again
                with _stop_after_writing() as stopped:
                    _once(project, source, out, setup, strict=strict, memo=memo)
                if stopped:
                    return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_OK


@contextlib.contextmanager
def _stop_after_writing() -> Iterator[list[bool]]:
    """Ctrl-C while a run renders and writes stops once it is done (the list it gives
    is then not empty), so that the folder holds one run's pages, not half of two; a
    second Ctrl-C stops at once."""
    stopped: list[bool] = []

    def ask(signum: int, frame: Any) -> None:
        if stopped:
            raise KeyboardInterrupt
        stopped.append(True)
        print("cjm: stopping once these pages are written (Ctrl-C again to stop now)",
              file=sys.stderr)

    if threading.current_thread() is not threading.main_thread():
        yield stopped  # signals reach the main thread only (a test's thread, say)
        return
    before = signal.signal(signal.SIGINT, ask)
    try:
        yield stopped
    finally:
        signal.signal(signal.SIGINT, before)
