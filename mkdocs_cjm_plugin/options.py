"""Site options: validated from the plugin config or read from a mkdocs.yml file.

`cjm check` reads the same options as the plugin so that the command line and
the build agree on the emotion scale, the phase model and the channels.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, did_you_mean, make
from .model import SiteOptions
from .yaml_source import read_documents

PLUGIN_NAMES = ("cjm", "mkdocs-cjm", "mkdocs_cjm_plugin")


def describe_option_error(err: ErrorDetails) -> tuple[str, str]:
    """(option path, message) for one problem in the options, in plain words."""
    loc = [str(p) for p in err["loc"]]
    option = ".".join(loc) or "options"
    if err["type"] == "extra_forbidden":
        return option, f"unknown option{did_you_mean(loc[-1], SiteOptions.model_fields)}"
    return option, err["msg"]


@dataclass
class ConfigFile:
    """What `cjm check` needs from a mkdocs.yml."""

    path: Path
    options: SiteOptions
    docs_dir: Path
    source_dir: Path
    theme_language: str | None


def read_config_file(path: Path, shown: str, diags: list[Diagnostic]) -> ConfigFile | None:
    """Read the cjm options of a mkdocs.yml; problems (with positions) go to `diags`."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        diags.append(make("CJM006", shown, 1, 1, f"cannot read the config file: {exc.strerror}"))
        return None
    # Our own bounded reader: it tolerates MkDocs' custom tags (!ENV, !!python/name) and
    # keeps positions, so option errors point into mkdocs.yml.
    docs = read_documents(raw, shown, diags, config=True)
    if not docs or not isinstance(docs[0].data, dict):
        return None
    doc = docs[0]
    data: dict[str, Any] = doc.data
    plugin_opts, at = _plugin_options(data.get("plugins"))
    env = _env_options(raw, ("plugins", *at))
    plugin_opts = {k: v for k, v in {**plugin_opts, **env}.items() if v is not _UNSET}
    base = path.parent
    try:
        options = SiteOptions.model_validate(plugin_opts)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            key_path = ("plugins", *at, *loc)
            p = (
                doc.where.key(key_path)
                if err["type"] == "extra_forbidden"
                else doc.where.value(key_path)
            )
            option, message = describe_option_error(err)
            diags.append(
                make("CJM029", shown, p.line, p.col, f"plugin option `{option}`: {message}")
            )
        source = plugin_opts.get("source")
        options = SiteOptions(source=source) if isinstance(source, str) else SiteOptions()
    theme = data.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    docs_dir = base / str(data.get("docs_dir") or "docs")
    return ConfigFile(
        path, options, docs_dir, base / options.source,
        language if isinstance(language, str) else None,
    )


def _plugin_options(plugins: Any) -> tuple[dict[str, Any], tuple[str | int, ...]]:
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


_UNSET = object()
"""An `!ENV` option whose variables are all unset: the option keeps its default."""


def _env_options(raw: bytes, at: tuple[str | int, ...]) -> dict[str, Any]:
    """Options written with MkDocs' `!ENV` tag, resolved as MkDocs resolves them.

    `!ENV NAME` is the variable's value (or null); `!ENV [A, B, default]` is the first
    variable that is set, else the last item. Our own reader keeps tagged values as
    plain data, so they are read here from the composed YAML nodes.
    """
    try:
        node: Any = yaml.compose(raw.decode("utf-8-sig"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return {}  # the reader has reported it already
    for part in at:
        node = _child(node, part)
        if node is None:
            return {}
    if not isinstance(node, MappingNode):
        return {}
    out: dict[str, Any] = {}
    for key, value in node.value:
        if isinstance(key, ScalarNode) and value.tag == "!ENV":
            resolved = _resolve_env(value)
            out[key.value] = _UNSET if resolved is None else resolved
    return out


def _child(node: Node | None, part: str | int) -> Node | None:
    if isinstance(node, MappingNode) and isinstance(part, str):
        return next((v for k, v in node.value if getattr(k, "value", None) == part), None)
    if isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
        child: Node = node.value[part]
        return child
    return None


def _resolve_env(node: Node) -> Any:
    if isinstance(node, ScalarNode):
        return os.environ.get(str(node.value))
    if isinstance(node, SequenceNode) and node.value:
        *names, default = node.value
        for name in names:
            if isinstance(name, ScalarNode) and name.value in os.environ:
                return os.environ[name.value]
        if isinstance(default, ScalarNode) and default.value in os.environ and not names:
            return os.environ[default.value]
        try:
            return yaml.safe_load(yaml.serialize(default)) if default.tag != "!ENV" else None
        except yaml.YAMLError:
            return None
    return None
