"""`cjm schema`: the JSON Schema of a journey file, for editor completion."""

from __future__ import annotations

import argparse
import re
from typing import Any

from mkdocs_cjm_plugin.cli.common import schema_id, write_output
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
    schema.add_argument(
        "--output", "-o", metavar="FILE",
        help="write to FILE instead of stdout (a new file, or one cjm schema wrote)",
    )
    schema.add_argument(
        "--export", action="store_true",
        help="the schema of `cjm export --format json` instead (the whole catalogue)",
    )


# Either schema, of any version: `-o` replaces what an older cjm wrote there.
_OURS = re.compile(r"https://mkdocs-cjm\.invalid/schema/(journey-format|catalogue-export)-v\d+\.json")


def _written_by_schema(data: bytes) -> bool:
    return _OURS.fullmatch(schema_id(data) or "") is not None


def run(args: argparse.Namespace) -> int:
    text = export_schema_json() if args.export else schema_json()
    return write_output(text, args.output, "cjm schema", _written_by_schema)
