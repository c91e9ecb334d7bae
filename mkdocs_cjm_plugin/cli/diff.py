"""`cjm diff`: what a change does to the journey maps, for a reviewer.

Compares two revisions of the repository (read from git, the working tree untouched) or
two folders, by meaning: journeys, phases and steps by their stable keys, emotions,
pains, moments of truth, actions, owners, KPIs and evidence. See `core.diff`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs_cjm_plugin.cli.common import (
    EXIT_USAGE,
    output_refused,
    schema_id,
    write_output,
)
from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, printable
from mkdocs_cjm_plugin.core.diff import CatalogueDiff, Side, compare
from mkdocs_cjm_plugin.core.load import display_path
from mkdocs_cjm_plugin.core.model import SiteOptions
from mkdocs_cjm_plugin.core.pipeline import load_catalogue, load_revision
from mkdocs_cjm_plugin.core.revisions import WORKING_TREE, GitProblem, Repo
from mkdocs_cjm_plugin.i18n.labels import Labels
from mkdocs_cjm_plugin.report.curves import CurvesProblem, write_curves
from mkdocs_cjm_plugin.report.markdown import Link, diff_markdown
from mkdocs_cjm_plugin.report.text import diff_text
from mkdocs_cjm_plugin.report.words import verdict
from mkdocs_cjm_plugin.site.urls import Urls, page_url
from mkdocs_cjm_plugin.targets.mkdocs.locate import find_config
from mkdocs_cjm_plugin.targets.mkdocs.options_file import (
    ConfigFile,
    read_config_file,
)

DIFF_HELP = """\
Compare the journey maps of two revisions by meaning, not by text: journeys, phases
and steps added, removed, renamed or moved; emotions with direction and size; pains
resolved; moments of truth; actions closed or postponed; owners, KPIs and evidence.

  cjm diff                     the working tree against the default branch (its merge base)
  cjm diff main                the working tree against main
  cjm diff v1.0 HEAD           two commits
  cjm diff old-folder/ new/    two folders, without git
  cjm diff --format markdown   a pull-request comment with before/after charts

The source folder and site options come from mkdocs.yml, as for `cjm check`.
Git is only read: no file, branch or index is changed.

exit status: 0 compared, 2 the comparison could not run
"""


def register(sub: Any) -> None:
    """Add `diff` to the subcommands of the `cjm` parser."""
    cmd = sub.add_parser(
        "diff",
        help="what a change does to the journey maps (for reviews and pull requests)",
        description=DIFF_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cmd.add_argument(
        "base",
        nargs="?",
        metavar="BASE",
        help="revision (or folder) before the change; default: the merge base with the "
        "default branch",
    )
    cmd.add_argument(
        "head",
        nargs="?",
        metavar="HEAD",
        help="revision (or folder) after the change; default: the working tree",
    )
    cmd.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="text for the terminal (default), markdown for a pull-request comment or a "
        "job summary, json for tools",
    )
    cmd.add_argument(
        "--config",
        "-f",
        metavar="FILE",
        help="the mkdocs.yml to read the source folder and site options from (default: "
        "./mkdocs.yml, else the nearest one upward)",
    )
    cmd.add_argument(
        "--site-url",
        metavar="URL",
        help="address of a preview site of the change: the Markdown links each changed "
        "journey's page there",
    )
    cmd.add_argument(
        "--curves",
        metavar="DIR",
        help="also write each changed journey's emotion curve before and after as "
        "DIR/<journey>.svg",
    )
    cmd.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write the report to FILE instead of the terminal (a new file, or a report "
        "cjm diff wrote before; never through a link)",
    )
    cmd.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output: auto (default) when it goes to a terminal",
    )
    cmd.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        type=dt.date.fromisoformat,
        help="the date that decides which actions were overdue (default: today)",
    )
    cmd.add_argument(
        "--schema",
        action="store_true",
        help="print the JSON Schema of `--format json` and exit",
    )


@dataclass
class _Project:
    options: SiteOptions
    source: Path
    config: ConfigFile | None


def _project(args: argparse.Namespace) -> _Project | str:
    """The site options and source folder from mkdocs.yml, or why not."""
    config_path = Path(args.config) if args.config else find_config(None, Path.cwd())
    if args.config and not Path(args.config).is_file():
        return f"config file not found: {args.config}"
    if config_path is None:
        return _Project(SiteOptions(), Path("journeys"), None)
    diags: list[Diagnostic] = []
    config = read_config_file(config_path, display_path(config_path), diags)
    if config is None or config.source_dir is None:
        problems = "; ".join(d.format() for d in diags if d.is_error)
        return f"mkdocs.yml cannot be read ({problems}); `cjm check` says more"
    return _Project(config.options, config.source_dir, config)


def run(args: argparse.Namespace) -> int:
    if output_refused(args.output, "cjm diff", written_by_diff):
        return EXIT_USAGE
    if args.schema:
        from mkdocs_cjm_plugin.report.data import diff_schema_json  # see _render

        return write_output(diff_schema_json(), args.output, "cjm diff", written_by_diff)
    project = _project(args)
    if isinstance(project, str):
        print(f"cjm: {printable(project)}", file=sys.stderr)
        return EXIT_USAGE
    options = project.options
    if args.today:
        options = options.model_copy(update={"today": args.today})
    try:
        diff = _compare(args, project, options)
    except GitProblem as problem:
        print(f"cjm: {printable(str(problem))}", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(diff, str):
        print(f"cjm: {printable(diff)}", file=sys.stderr)
        return EXIT_USAGE
    text = _render(args, diff, project, options)
    if args.curves:
        language = (
            options.language or (project.config.theme_language if project.config else None) or "en"
        )
        try:
            written = write_curves(
                diff, Path(args.curves), options.emotion_scale, Labels(language, options.labels)
            )
        except (CurvesProblem, OSError) as problem:
            print(f"cjm: {printable(str(problem))}", file=sys.stderr)
            return EXIT_USAGE
        print(
            f"cjm: {len(written)} curve{'s' * (len(written) != 1)} written to "
            f"{printable(args.curves)}",
            file=sys.stderr,
        )
    return write_output(text, args.output, "cjm diff", written_by_diff)


# What each format starts with: `cjm diff -o FILE` replaces a report of its own, in any
# format, and no other file.
_REPORT_START = re.compile(
    rb"(\x1b\[\d+m)?compared .* -> .*\n"  # text
    rb"|### Journey maps: "  # markdown
    rb'|\{\n  "version": \d+,\n  "verdict": "'  # json
)


_SCHEMA = re.compile(r"https://mkdocs-cjm\.github\.io/schema/diff-v\d+\.json")


def written_by_diff(data: bytes) -> bool:
    """Whether `data` is a report (or the JSON Schema) that `cjm diff` wrote."""
    return _REPORT_START.match(data) is not None or bool(_SCHEMA.fullmatch(schema_id(data) or ""))


def _compare(
    args: argparse.Namespace, project: _Project, options: SiteOptions
) -> CatalogueDiff | str:
    today = options.effective_today()
    if args.base and args.head and Path(args.base).is_dir() and Path(args.head).is_dir():
        sides = []
        for folder in (Path(args.base), Path(args.head)):
            result = load_catalogue(folder, options)
            shown = display_path(folder)
            sides.append(
                Side(shown, result.catalogue, result.diagnostics, prefix=shown.rstrip("/") + "/")
            )
        return compare(sides[0], sides[1], today)
    if args.base and args.head and Path(args.base).is_dir() != Path(args.head).is_dir():
        missing = args.head if Path(args.base).is_dir() else args.base
        return f"folder not found: {missing} (to compare two folders, give two folders that exist)"
    if args.base and Path(args.base).is_dir() and not args.head:
        return (
            f"'{args.base}' is a folder: give the folder to compare it with too "
            f"(`cjm diff {args.base} OTHER_FOLDER`)"
        )
    source = project.source
    repo = Repo.find(
        source if source.is_dir() else Path.cwd(),
        hint=("; compare two folders instead (`cjm diff OLD_FOLDER NEW_FOLDER`)"),
    )
    prefix = repo.relative(source if source.exists() else Path.cwd() / source)
    if prefix.startswith(".."):
        return f"the source folder '{source}' is outside the git repository {repo.root}"
    if args.base:
        base, base_label = repo.commit(args.base), args.base
    else:
        base, base_label = repo.default_base()
    inside = prefix + "/" if prefix else ""
    # The side after the change is read and checked whole (its problems are reported);
    # of the side before, only the files that differ: the rest is the same on both.
    if args.head:
        head = repo.commit(args.head)
        after, head_blobs = load_revision(repo, head, prefix, options)
        new = Side(args.head, after.catalogue, after.diagnostics, prefix=inside)
        base_blobs = {b.path: b.sha for b in repo.blobs(base, prefix)}
        changed = {
            path
            for path in {*head_blobs, *base_blobs}
            if head_blobs.get(path) != base_blobs.get(path)
        }
    else:
        loaded = load_catalogue(repo.root / prefix, options, base=repo.root)
        new = Side(WORKING_TREE, loaded.catalogue, loaded.diagnostics, prefix=inside)
        changed = set(repo.changed_files(base, prefix))
    before, _ = load_revision(
        repo, base, prefix, options, only=lambda path, _blob: path in changed, check=False
    )
    old = Side(base_label, before.catalogue, before.diagnostics, prefix=inside)
    scope = {path.removeprefix(inside) for path in changed}
    return compare(old, new, today, scope)


def _render(
    args: argparse.Namespace, diff: CatalogueDiff, project: _Project, options: SiteOptions
) -> str:
    if args.format == "json":
        # Only here: building the JSON model costs half a second of every start.
        from mkdocs_cjm_plugin.report.data import diff_json

        return diff_json(diff, verdict(diff.summary))
    if args.format == "markdown":
        return diff_markdown(diff, options.emotion_scale, _link(args.site_url, project))
    colour = args.color == "always" or (
        args.color == "auto"
        and not args.output
        and sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
    )
    return diff_text(diff, colour=colour)


def _link(site_url: str | None, project: _Project) -> Link | None:
    if not site_url:
        return None
    root = quote(site_url.strip().rstrip("/"), safe=":/?&=%~@!$,;+")
    directory_urls = project.config.use_directory_urls if project.config else True
    urls = Urls(project.options.prefix.strip("/"), directory_urls)

    def link(kind: str, ident: str) -> str:
        source, anchor = {
            "journey": (urls.journey(ident), ""),
            "persona": (urls.persona(ident), ""),
        }.get(kind, (urls.stakeholders_index, f"sh-{ident}"))
        page = page_url(source, directory_urls)
        return f"{root}/{quote(page)}" + (f"#{quote(anchor)}" if anchor else "")

    return link
