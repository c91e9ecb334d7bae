"""The `cjm` command, one module per command."""

from mkdocs_cjm_plugin.cli.main import main

__all__ = ["main"]
