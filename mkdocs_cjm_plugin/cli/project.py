"""The project a command works on: the source folder and the site options, read from
mkdocs.yml the way `cjm check` and the build read them."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_cjm_plugin.core.diagnostics import Diagnostic, printable
from mkdocs_cjm_plugin.core.files import not_a_folder
from mkdocs_cjm_plugin.core.load import display_path
from mkdocs_cjm_plugin.core.model import SiteOptions
from mkdocs_cjm_plugin.targets.mkdocs.locate import find_config
from mkdocs_cjm_plugin.targets.mkdocs.options_file import (
    ConfigFile,
    close_folder,
    read_config_file,
)


@dataclass
class Project:
    options: SiteOptions = field(default_factory=SiteOptions)
    config: ConfigFile | None = None
    source: Path | None = None
    """None when mkdocs.yml refuses the `source` option (its diagnostics say why)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Problems of mkdocs.yml itself."""

    @property
    def docs_dir(self) -> Path | None:
        return self.config.docs_dir if self.config is not None else None

    @property
    def language(self) -> str:
        theme = self.config.theme_language if self.config is not None else None
        return self.options.language or theme or "en"

    @property
    def use_directory_urls(self) -> bool:
        return self.config.use_directory_urls if self.config is not None else True


def read_project(
    source_arg: str | None, config_arg: str | None, doing: str = "checking",
    *, need_source: bool = True,
) -> Project | None:
    """The project, or None after printing why the command cannot run (exit status 2).

    Without `config_arg`, the mkdocs.yml of the current folder, else the nearest one
    upward from the source folder or the current folder. With `need_source=False` a
    missing source folder is no problem (the project's `source` is then None).
    """
    project = Project()
    source: Path | None = Path(source_arg) if source_arg else None
    if config_arg:
        config_path: Path | None = Path(config_arg)
        if not Path(config_arg).is_file():
            print(f"cjm: config file not found: {config_arg}", file=sys.stderr)
            return None
    else:
        config_path = find_config(source, Path.cwd())
        if config_path is None:
            print(
                f"cjm: no mkdocs.yml found; {doing} with the default options (use --config)",
                file=sys.stderr,
            )
    if config_path is not None:
        project.config = read_config_file(
            config_path, display_path(config_path), project.diagnostics
        )
        if project.config is not None:
            project.options = project.config.options
            if source is None and project.config.source_dir is None:
                return project  # `source` refused or missing: the diagnostics say why
            source = source or project.config.source_dir
    source = source or Path(project.options.source)
    kind = not_a_folder(source)
    if not source.exists() and kind is None and not need_source:  # a new handbook
        return project
    if kind == "a file":
        print(f"cjm: {printable(str(source))} is a file; give the folder that holds it",
              file=sys.stderr)
        return None
    if kind is not None:
        print(f"cjm: {printable(str(source))} is {kind}, not a folder; give the folder that "
              "holds your journey files", file=sys.stderr)
        return None
    if not source.is_dir():
        meant = close_folder(source)
        hint = f" (did you mean '{(source.parent / meant).as_posix()}'?)" if meant else ""
        print(f"cjm: source folder not found: {printable(str(source))}{printable(hint)}",
              file=sys.stderr)
        return None
    project.source = source
    return project
