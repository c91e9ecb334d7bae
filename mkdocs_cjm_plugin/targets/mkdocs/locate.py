"""Where a project's mkdocs.yml is and where its cjm entry stands in it.

Neither MkDocs nor the model is imported here: `cjm check` looks up its cache with this
before it knows whether it has to load anything (see `cli.check_memo`)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

PLUGIN_NAMES = ("cjm", "mkdocs-cjm", "mkdocs_cjm_plugin")
"""The names the plugin may be listed under in `plugins:`."""

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
"""The names MkDocs looks for, in its order."""


def find_config(source: Path | None, cwd: Path) -> Path | None:
    """The mkdocs.yml that `cjm check` reads when none is given, as git finds its folder:
    the working folder's own, else the first one upward from SOURCE, else upward from
    the working folder. The search stops at the home folder or the file system root,
    so a stray file above them never sets the options."""
    starts = [cwd] if source is None else [source, cwd]
    for name in CONFIG_NAMES:
        if (cwd / name).is_file():
            return cwd / name
    for start in starts:
        for folder in _upward(start):
            for name in CONFIG_NAMES:
                if (folder / name).is_file():
                    return folder / name
    return None


def _upward(start: Path) -> list[Path]:
    try:
        folder = start.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return []
    home: Path | None = None
    with contextlib.suppress(RuntimeError, KeyError, OSError):  # no home folder known
        home = Path.home().resolve()
    out = []
    for candidate in (folder, *folder.parents):
        out.append(candidate)
        if candidate == home:
            break
    return out


def plugin_options(plugins: Any) -> tuple[dict[str, Any], tuple[str | int, ...]]:
    """The cjm entry of `plugins:` (a list of names/maps, or a map) and its YAML path."""
    if isinstance(plugins, list):
        for i, entry in enumerate(plugins):
            if isinstance(entry, str) and entry in PLUGIN_NAMES:
                return {}, (i,)
            if isinstance(entry, dict):
                for name in PLUGIN_NAMES:
                    if name in entry:
                        opts = entry[name]
                        return (opts if isinstance(opts, dict) else {}), (i, name)
    if isinstance(plugins, dict):
        for name in PLUGIN_NAMES:
            if name in plugins:
                opts = plugins[name]
                return (opts if isinstance(opts, dict) else {}), (name,)
    return {}, ()
