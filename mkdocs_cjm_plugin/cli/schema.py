"""`cjm schema`: the JSON Schema of a journey file, for editor completion."""

from __future__ import annotations

import argparse
from typing import Any

from mkdocs_cjm_plugin.cli.common import write_output
from mkdocs_cjm_plugin.core.interchange import export_schema_json
from mkdocs_cjm_plugin.core.schema import schema_json


def register(sub: Any) -> None:
    """Add `schema` to the subcommands of the `cjm` parser."""
    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema of a journey file (for editor completion)",
        description="Print the JSON Schema that describes one YAML document of a journey "
        "file. Point your editor's YAML extension at it for completion and checking "
        "while you type.",
    )
    schema.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    schema.add_argument(
        "--export", action="store_true",
        help="the schema of `cjm export --format json` instead (the whole catalogue)",
    )


def run(args: argparse.Namespace) -> int:
    text = export_schema_json() if args.export else schema_json()
    return write_output(text, args.output)
