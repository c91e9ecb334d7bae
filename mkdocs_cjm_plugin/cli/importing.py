"""`cjm import`: journey files from a Mermaid `journey` diagram, or from a JSON export."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from mkdocs_cjm_plugin.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_USAGE
from mkdocs_cjm_plugin.cli.project import Project, read_project
from mkdocs_cjm_plugin.core import mermaid
from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, make, sort_diagnostics
from mkdocs_cjm_plugin.core.files import TooLarge, read_regular
from mkdocs_cjm_plugin.core.interchange import documents_from
from mkdocs_cjm_plugin.core.load import display_path
from mkdocs_cjm_plugin.core.model import (
    ID_PATTERN,
    MAX_NAME_CHARS,
    page_id_problem,
    shorter_id,
    slugify,
)
from mkdocs_cjm_plugin.core.pipeline import load_catalogue, load_texts
from mkdocs_cjm_plugin.core.yaml_source import MAX_FILE_BYTES
from mkdocs_cjm_plugin.targets.files.folder import folder_problems, write_folder

MAX_IMPORT_BYTES = 256_000_000
"""Bounds the work for any input: larger than the export of thousands of journeys (a
Mermaid diagram has the bound of a journey file)."""

IMPORT_HELP = """\
Turn other formats into journey files:

  cjm import mermaid diagram.mmd --out journeys/arbeitstag.yml
      a Mermaid `journey` diagram (a .mmd file, or a Markdown file with a ```mermaid
      block): sections become phases, tasks steps, actors personas, and the scores
      1 to 5 are mapped onto your emotion scale. Actors that name a persona of your
      handbook (by name or id) use it; the others become personas in the new file.
  cjm import json catalogue.json --out journeys-imported
      a `cjm export --format json` document: one file per persona, stakeholder and
      journey, in a folder of cjm's own. The entries are checked as `cjm check`
      checks files, with the options of your mkdocs.yml; a problem is named at its
      line in the JSON, and then nothing is written.

Without --out, a Mermaid journey is printed. An existing file is never overwritten.

exit status: 0 imported, 1 the input has problems (nothing written), 2 could not run
"""


def register(sub: Any) -> None:
    """Add `import` to the subcommands of the `cjm` parser."""
    imp = sub.add_parser(
        "import",
        help="make journey files from a Mermaid journey diagram or a JSON export",
        description=IMPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("what", choices=("mermaid", "json"), metavar="FORMAT",
                     help="mermaid or json")
    imp.add_argument("file", metavar="FILE", help="the file to read")
    imp.add_argument("--out", "-o", metavar="PATH",
                     help="mermaid: the journey file to write (default: print it); json: the "
                     "folder to write")
    imp.add_argument("--id", dest="ident", metavar="ID",
                     help="mermaid: the journey's id (default: from the title)")
    imp.add_argument("--persona", metavar="ID",
                     help="mermaid: the persona of the journey, instead of its actors")
    imp.add_argument("--config", "-f", metavar="FILE",
                     help="the mkdocs.yml whose options (emotion scale, phase model) to check "
                     "with; mermaid: and whose personas to use")


def run(args: argparse.Namespace) -> int:
    source = Path(args.file)
    limit = MAX_IMPORT_BYTES if args.what == "json" else MAX_FILE_BYTES
    try:
        # Only a regular file: a named pipe may wait for a writer forever, and a device
        # (/dev/zero) never ends and reports no size.
        raw = read_regular(source, limit)
    except TooLarge:
        print(f"cjm: {args.file} is larger than {limit // 1_000_000} MB; "
              "that is not a diagram or an export of journeys", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"cjm: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    shown = display_path(source)
    if args.what == "json":
        return _json(raw, shown, args)
    return _mermaid(raw, shown, args)


def _print(diags: list[Diagnostic]) -> None:
    for d in sort_diagnostics(diags):
        print(d.format(), file=sys.stderr)


def _json(raw: bytes, shown: str, args: argparse.Namespace) -> int:
    if not args.out:
        print("cjm: give the folder to write the journey files to: --out DIR", file=sys.stderr)
        return EXIT_USAGE
    project = read_project(None, args.config, doing="importing", need_source=False)
    if project is None:
        return EXIT_USAGE
    imported = documents_from(raw, shown, project.options)
    if imported.diagnostics:
        _print(imported.diagnostics)
        print("cjm: nothing imported", file=sys.stderr)
        return EXIT_ERRORS
    out = Path(args.out)
    files = {path: text.encode("utf-8") for path, text in imported.files.items()}
    refused = folder_problems(out, files, "cjm import", owner="cjm import json")
    if refused:
        _print(refused)
        print(f"cjm: nothing written to {display_path(out)}", file=sys.stderr)
        return EXIT_ERRORS
    try:
        report = write_folder(out, files, "cjm import json")
    except OSError as exc:  # a full disk, a folder without write permission
        print(f"cjm: cannot write {display_path(out)}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"cjm: {len(files)} files in {display_path(out)} ({len(report.written)} written, "
          f"{len(report.unchanged)} unchanged, {len(report.removed)} removed)", file=sys.stderr)
    return EXIT_OK


def _mermaid(raw: bytes, shown: str, args: argparse.Namespace) -> int:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        print(f"cjm: {shown} is not UTF-8 (byte {raw[exc.start]:#04x} at offset {exc.start}); "
              "save it as UTF-8", file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.out) if args.out else None
    if out is not None and (out.exists() or out.is_symlink()):
        print(f"cjm: {args.out} exists; cjm import never overwrites a file: give another "
              "--out (nothing was written)", file=sys.stderr)
        return EXIT_USAGE
    project = read_project(None, args.config, doing="importing", need_source=False)
    if project is None:
        return EXIT_USAGE
    diagram, diags = mermaid.parse(text, shown)
    if diagram is None:
        _print(diags)
        print("cjm: nothing imported", file=sys.stderr)
        return EXIT_ERRORS
    known = _known(project)
    title = diagram.title or Path(shown).stem[:MAX_NAME_CHARS]
    ident = args.ident or mermaid.page_id(slugify(title))
    for what, value in (("--id", ident), ("--persona", args.persona)):
        if value is not None and not _is_id(value):
            print(f"cjm: {what} '{value}' is not an id: use lowercase letters, digits and '-' "
                  f"(e.g. {slugify(value)})", file=sys.stderr)
            return EXIT_USAGE
        kind = "journey" if what == "--id" else "persona"
        problem = page_id_problem(value, kind) if value is not None else None
        if value is not None and problem:
            print(f"cjm: {what} '{value}' cannot name a page: {problem}; pick another id, "
                  f"e.g. {shorter_id(value)}", file=sys.stderr)
            return EXIT_USAGE
    if ident in known.journeys:
        print(f"cjm: the handbook has a journey '{ident}' already ({known.journeys[ident]}); "
              "give the new one another id with --id", file=sys.stderr)
        return EXIT_USAGE
    if not diagram.actors and args.persona is None:
        print(make_hint(shown, diagram.line), file=sys.stderr)
        return EXIT_ERRORS
    docs = mermaid.journey_documents(
        diagram, scale=project.options.emotion_scale, ident=ident, title=title,
        personas=known.personas, persona=args.persona,
    )
    written = mermaid.journey_file(docs)
    size = len(written.encode("utf-8"))
    if size > MAX_FILE_BYTES:  # texts escaped in quotes, a step's actors on each step
        _print([make("CJM004", shown, diagram.line, 1,
                     f"the journey file made from this diagram would have {size:,} bytes, "
                     f"more than the {MAX_FILE_BYTES:,} a journey file may have; split the "
                     "diagram into several")])
        print("cjm: nothing imported", file=sys.stderr)
        return EXIT_ERRORS
    # The file must be one the handbook accepts, with the handbook's personas around it.
    around = [{"kind": "persona", "id": i, "name": i} for i in sorted(set(known.personas.values()))]
    check = load_texts({"imported.yml": written, "handbook.yml": mermaid.journey_file(around)},
                       project.options)
    wrong = [d for d in check.diagnostics if d.path == "imported.yml" and d.is_error]
    if wrong:  # pragma: no cover - a mistake of ours, not of the diagram
        _print([make(d.code, shown, diagram.line, 1,
                     f"the journey file made from this diagram would not pass cjm check: "
                     f"{d.message} (line {d.line} of that file); that is a mistake of cjm "
                     "import: please report it") for d in wrong])
        print("cjm: nothing imported", file=sys.stderr)
        return EXIT_ERRORS
    if out is None:
        sys.stdout.write(written)
        return EXIT_OK
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("x", encoding="utf-8") as file:  # "x": never over a file made meanwhile
            file.write(written)
    except OSError as exc:
        print(f"cjm: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    steps = sum(len(s.tasks) for s in diagram.sections)
    print(f"cjm: wrote {display_path(out)}: journey '{ident}' with {len(diagram.sections)} "
          f"phases and {steps} steps", file=sys.stderr)
    return EXIT_OK


def make_hint(shown: str, line: int) -> str:
    return make("CJM141", shown, line, 1,
                "no task names an actor, so the journey would have no persona; add actors "
                "to the tasks (`Make tea: 5: Me`) or give the persona with --persona ID"
                ).format()


class _Known:
    def __init__(self) -> None:
        self.personas: dict[str, str] = {}
        """Name and id -> id of the handbook's personas."""
        self.journeys: dict[str, str] = {}
        """Id -> file of the handbook's journeys."""


def _known(project: Project) -> _Known:
    """What the handbook next to the new file defines (nothing without a source folder)."""
    known = _Known()
    if project.source is None or not project.source.is_dir():
        return known
    result = load_catalogue(project.source, project.options)
    for ident, persona in result.catalogue.personas.items():
        known.personas[ident] = ident
        known.personas.setdefault(persona.name, ident)
    for ident in result.catalogue.journeys:
        source = result.catalogue.sources.get(("journey", ident))
        known.journeys[ident] = source.path if source else ident
    return known


def _is_id(value: str) -> bool:
    return re.fullmatch(ID_PATTERN, value) is not None
