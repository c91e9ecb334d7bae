"""Site options: validated from the plugin config or read from a mkdocs.yml file.

`cjm check` reads the same options as the plugin so that the command line and
the build agree on the emotion scale, the phase model and the channels.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pathspec import PathSpec
from pathspec.gitignore import GitIgnoreSpec
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml_env_tag import construct_env_tag

from mkdocs_cjm_plugin.core.diagnostics import (
    Diagnostic,
    Severity,
    closest,
    did_you_mean,
    make,
)
from mkdocs_cjm_plugin.core.files import (
    find_files,
    not_a_folder,
    source_problem,
    source_site_problem,
)
from mkdocs_cjm_plugin.core.load import _EXPECTED, _describe, display_path, model_at
from mkdocs_cjm_plugin.core.model import SiteOptions, slugify
from mkdocs_cjm_plugin.core.yaml_source import Document, Pos, read_documents
from mkdocs_cjm_plugin.i18n.labels import language_problem
from mkdocs_cjm_plugin.pictures.graphviz import cache_folder_problem
from mkdocs_cjm_plugin.targets.mkdocs.locate import PLUGIN_NAMES, plugin_options


def option_errors(exc: ValidationError, within: tuple[str, ...] = ()) -> list[ErrorDetails]:
    """The problems to report: a required key missing beside a misspelling of it
    (`nam: A` for `name:`) is one mistake, reported once, as the misspelling.
    `within`: as in `describe_option_error`."""
    errors = exc.errors(include_url=False)
    misspelt: set[tuple[str | int, ...]] = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            *parent, key = err["loc"]
            model = model_at(SiteOptions, (*within, *parent))
            meant = closest(str(key), model.model_fields if model else [])
            if meant is not None:
                misspelt.add((*parent, meant))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in misspelt)]


def describe_option_error(err: ErrorDetails, within: tuple[str, ...] = ()) -> tuple[str, str]:
    """(option path, message) for one problem in the options, in plain words, with the
    wording of the journey files. `within` is the option whose value `err` is about,
    when the value was checked on its own (as MkDocs checks each option)."""
    loc = [*within, *(str(p) for p in err["loc"])]
    option = ".".join(loc) or "options"
    etype, value = err["type"], err.get("input")
    if etype == "extra_forbidden":
        if len(loc) == 1:
            return option, f"unknown option{did_you_mean(loc[-1], SiteOptions.model_fields)}"
        model = model_at(SiteOptions, (*within, *err["loc"][:-1]))
        allowed = list(model.model_fields) if model else []
        return option, f"unknown key `{loc[-1]}`{did_you_mean(loc[-1], allowed)}; remove it"
    if etype == "missing":
        return ".".join(loc[:-1]) or "options", f"`{loc[-1]}` is missing; add `{loc[-1]}: ...`"
    if etype in _EXPECTED:
        return option, f"must be {_EXPECTED[etype]}, found {_describe(value)}"
    limit = err.get("ctx", {})
    if etype == "greater_than_equal":
        return option, f"must be {limit.get('ge')} or more, found {_describe(value)}"
    if etype == "less_than_equal":
        return option, f"must be {limit.get('le')} or less, found {_describe(value)}"
    if etype == "string_too_long":
        return option, (
            f"is {len(str(value).strip()):,} characters long; it may have at most "
            f"{limit.get('max_length', 0):,}: shorten it to a few words"
        )
    if etype == "string_pattern_mismatch":
        return option, (
            f"'{value}' is not a valid id: use lowercase letters, digits and '-' only, "
            f"starting with a letter or digit; write `{slugify(str(value)) or 'phase-1'}`"
        )
    return option, err["msg"]


def missing_source(source: str, project: Path, written: bool) -> str | None:
    """Why the source folder cannot be read because it is not there, with the folder
    the author probably meant, or None. `written`: `source` is set in mkdocs.yml (else
    the default `journeys` is meant)."""
    folder = project / source
    if folder.is_dir():
        return None
    kind = not_a_folder(folder)
    if kind is not None:
        return (
            f"'{source}' is {kind}, not a folder; set `source` to the folder that holds "
            "your journey files"
        )
    meant = close_folder(folder)
    near = (Path(source).parent / meant).as_posix() if meant else None
    if written:
        hint = f" (did you mean '{near}'?)" if near else ""
        return (
            f"folder '{source}' does not exist{hint}; create it or set `source` to the "
            "folder that holds your journey files"
        )
    fix = f"set `source: {near}` if that folder holds them" if near else (
        "set `source` to the folder that holds them"
    )
    return (
        f"`source` is not set, so the journey files are read from '{source}', which does "
        f"not exist; create it, or {fix}"
    )


def close_folder(folder: Path) -> str | None:
    """The name of a folder beside the missing `folder` that is probably the one meant
    (`jouneys` for `journeys`); hidden folders are never suggested."""
    try:
        near = [
            p.name for p in folder.parent.iterdir() if p.is_dir() and not p.name.startswith(".")
        ]
    except OSError:
        return None
    return closest(folder.name, near)


def option_places(doc: Document) -> dict[str, Pos]:
    """Where the cjm options written in mkdocs.yml stand (their values), and under ""
    the `cjm` entry itself, where an option left at its default is set. Empty without
    a cjm entry. For problems found after MkDocs has read the file (it keeps no
    positions), and to tell which options are written."""
    opts, at = plugin_options(doc.data.get("plugins") if isinstance(doc.data, dict) else None)
    if not at:
        return {}
    found = _malformed_entry(doc, doc.path, [])
    beside, placed = found if found is not None else ({}, {})
    places = {"": doc.where.key(("plugins", *at))}
    for name in SiteOptions.model_fields:
        if name in opts or name in beside:
            places[name] = doc.where.value(("plugins", *placed.get(name, at), name))
    return places


def option_place(places: dict[str, Pos], option: str) -> tuple[int, int]:
    """(line, column) of `option` in mkdocs.yml (see `option_places`), else 1:1."""
    p = places.get(option) or places.get("")
    return (p.line, p.col) if p else (1, 1)


def read_places(path: Path, shown: str) -> dict[str, Pos]:
    """`option_places` of the mkdocs.yml at `path`; empty when it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    docs = read_documents(raw, shown, [], config=True)
    return option_places(docs[0]) if docs else {}


def folder_problems(
    places: dict[str, Pos], shown: str, options: SiteOptions, project: Path
) -> list[Diagnostic]:
    """The folder options naming a folder that is not there: `source` (CJM006) and
    `custom_templates` (CJM029), at their lines in mkdocs.yml (`option_places`)."""
    if not places:
        return []
    out = []
    missing = missing_source(options.source, project, "source" in places)
    if missing is not None:
        line, col = option_place(places, "source")
        out.append(make("CJM006", shown, line, col, f"plugin option `source`: {missing}"))
    templates = options.custom_templates
    if templates and not (project / templates).is_dir():
        meant = close_folder(project / templates)
        hint = (
            f" (did you mean '{(Path(templates).parent / meant).as_posix()}'?)" if meant else ""
        )
        line, col = option_place(places, "custom_templates")
        out.append(make(
            "CJM029", shown, line, col,
            f"plugin option `custom_templates`: folder '{templates}' does not exist{hint}; "
            "create it with your versions of the page templates, or remove the option to "
            "use the built-in ones",
        ))
    return out


MKDOCS_LEAVES_OUT = (".*", "/templates/")
"""What MkDocs leaves out of every site besides `exclude_docs` (its documented default):
files and folders whose name starts with a dot, and `templates/` at the top."""


def path_patterns(value: object) -> GitIgnoreSpec | None:
    """An `exclude_docs` or `draft_docs` value of mkdocs.yml, read as MkDocs reads it."""
    return GitIgnoreSpec.from_lines(value.splitlines()) if isinstance(value, str) else None


def left_out_of_site(
    exclude: PathSpec[Any] | None, drafts: PathSpec[Any] | None
) -> Callable[[str], bool]:
    """Whether `mkdocs build` leaves a file of the docs folder (its path there) out of
    the site: MkDocs' own exclusions, `exclude_docs`, and `draft_docs` (which only
    `mkdocs serve` shows)."""
    spec: PathSpec[Any] = GitIgnoreSpec.from_lines(MKDOCS_LEAVES_OUT)
    if exclude is not None:
        spec = spec + exclude
    return lambda path: bool(
        spec.match_file(path) or (drafts is not None and drafts.match_file(path))
    )


def published_definitions(
    source_dir: Path, docs_dir: Path, left_out: Callable[[str], bool]
) -> list[str]:
    """The definition files (as the loader finds them) that MkDocs publishes as they are,
    lying in the docs folder and not left out of the site: their paths there."""
    source, docs = source_dir.resolve(), docs_dir.resolve()
    if not (source == docs or docs in source.parents or source in docs.parents):
        return []  # asked of every build: the walk only where the folders meet
    out = []
    for file in find_files(source_dir):
        real = file.resolve()
        if docs in real.parents:
            path = Path(os.path.relpath(real, docs)).as_posix()
            if not left_out(path):
                out.append(path)
    return sorted(out)


def source_place_problems(
    options: SiteOptions, base: Path, docs_dir: Path, site_dir: Path,
    left_out: Callable[[str], bool], shown: str, at: tuple[int, int],
) -> list[Diagnostic]:
    """The source folder where the site is built (CJM065: nothing is to be read), or
    in the docs folder, which publishes the journey files as they are (CJM066); `at`:
    the line and column of `source` in mkdocs.yml (`shown`)."""
    source_dir = base / options.source
    site = source_site_problem(options.source, source_dir, site_dir,
                               display_path(site_dir, base))
    if site is not None:
        return [make("CJM065", shown, *at, f"plugin option `source`: {site}")]
    published = published_definitions(source_dir, docs_dir, left_out)
    if not published:
        return []
    source, docs = source_dir.resolve(), docs_dir.resolve()
    where = "is" if source == docs else "is inside" if docs in source.parents else "holds"
    count = f"{len(published)} file{'s' if len(published) > 1 else ''}"
    return [make(
        "CJM066", shown, *at,
        f"plugin option `source`: '{options.source}' {where} the docs folder "
        f"'{display_path(docs_dir, base)}', so MkDocs publishes your journey files as they "
        f"are, comments and all ({count}, such as '{published[0]}'); move them to a "
        "folder outside the docs folder, e.g. `journeys` beside mkdocs.yml, and set "
        "`source` to it, or leave the files out of the site with MkDocs' `exclude_docs`",
        Severity.WARNING,
    )]


@dataclass
class ConfigFile:
    """What `cjm check` needs from a mkdocs.yml."""

    path: Path
    options: SiteOptions
    docs_dir: Path
    source_dir: Path | None
    """None when the `source` option is refused (CJM061): nothing is to be read."""
    theme_language: str | None
    use_directory_urls: bool = True
    cache_dir: Path | None = None
    """The plugin's cache folder, None when it is off or may not be used (CJM070)."""


def read_config_file(path: Path, shown: str, diags: list[Diagnostic]) -> ConfigFile | None:
    """Read the cjm options of a mkdocs.yml; problems (with positions) go to `diags`."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        diags.append(make("CJM006", shown, 1, 1, f"cannot read the config file: {exc.strerror}"))
        return None
    joined = joined_plugin_entries(raw.decode("utf-8-sig", errors="replace"), shown)
    # Our own bounded reader: it tolerates MkDocs' custom tags (!ENV, !!python/name) and
    # keeps positions, so option errors point into mkdocs.yml.
    reading: list[Diagnostic] = []
    docs = read_documents(raw, shown, reading, config=True)
    if joined:  # what YAML says after a joined entry follows from it: said once, plainly
        first = joined[0].line
        reading = [d for d in reading if d.line < first]
    diags.extend([*joined, *reading])
    if not docs or not isinstance(docs[0].data, dict):
        return None
    doc = docs[0]
    data: dict[str, Any] = doc.data
    if "INHERIT" in data:
        inherited = _inherited(path, shown, raw, doc, diags)
        if inherited is None:
            return None
        # The settings as MkDocs merges them; the options, and where their problems are
        # shown, from the file whose `plugins` the build uses.
        data, (_, shown, raw, doc) = inherited
    plugin_opts, at = plugin_options(data.get("plugins"))
    found = _malformed_entry(doc, shown, diags)
    placed = dict.fromkeys(plugin_opts, at)
    if found is not None:  # options written beside `cjm:`: check them where they are
        plugin_opts, placed = {**plugin_opts, **found[0]}, {**placed, **found[1]}
    if at:
        diags.extend(_top_level_options(doc, shown))
    for where in dict.fromkeys(placed.values()):
        env = _env_options(raw, ("plugins", *where))
        plugin_opts.update({k: v for k, v in env.items() if placed.get(k) == where})
    plugin_opts = {k: v for k, v in plugin_opts.items() if v is not _UNSET}
    base = path.parent
    try:
        options = SiteOptions.model_validate(plugin_opts)
    except ValidationError as exc:
        for err in option_errors(exc):
            loc = tuple(err["loc"])
            key_path = ("plugins", *placed.get(str(loc[0]) if loc else "", at), *loc)
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
    source_dir: Path | None = base / options.source
    unknown_language = language_problem(options.language) if options.language else None
    if unknown_language is not None:
        p = doc.where.value(("plugins", *placed.get("language", at), "language"))
        diags.append(
            make("CJM029", shown, p.line, p.col, f"plugin option `language`: {unknown_language}")
        )
    problem = source_problem(options.source, base)
    p = doc.where.value(("plugins", *placed.get("source", at), "source"))
    site_dir = base / str(data.get("site_dir") or "site")
    if problem is not None:
        diags.append(make("CJM061", shown, p.line, p.col, f"plugin option `source`: {problem}"))
        source_dir = None
    else:
        places = option_places(doc)
        found_folders = folder_problems(places, shown, options, base)
        placed_at = source_place_problems(
            options, base, docs_dir, site_dir,
            left_out_of_site(path_patterns(data.get("exclude_docs")),
                             path_patterns(data.get("draft_docs"))),
            shown, option_place(places, "source"),
        ) if places else []
        if any(d.code == "CJM065" for d in placed_at):  # said first: it is there or not
            found_folders = [d for d in found_folders if d.code != "CJM006"]
            source_dir = None
        diags.extend([*found_folders, *placed_at])
        if any(d.code == "CJM006" for d in found_folders):
            source_dir = None
    cache_dir = None
    if at and options.cache_dir:
        cache_dir = base / options.cache_dir
        cache_problem = cache_folder_problem(
            cache_dir, {"docs folder": docs_dir, "site folder": site_dir}
        )
        if cache_problem is not None:
            cache_dir = None
            line, col = option_place(option_places(doc), "cache_dir")
            diags.append(make("CJM070", shown, line, col, cache_problem))
    return ConfigFile(
        path, options, docs_dir, source_dir, language if isinstance(language, str) else None,
        use_directory_urls=data.get("use_directory_urls") is not False, cache_dir=cache_dir,
    )


_ITEM = re.compile(r"^(?P<indent>[ ]*)-(?:[ ]+(?P<text>[^#]*?))?[ ]*(?:#.*)?$")


MAX_INHERIT = 10
"""Files a mkdocs.yml may inherit from, one from the other (`INHERIT:`)."""

_Link = tuple[Path, str, bytes, Document]


def _inherited(
    path: Path, shown: str, raw: bytes, doc: Document, diags: list[Diagnostic]
) -> tuple[dict[str, Any], _Link] | None:
    """mkdocs.yml merged with the files it inherits from as MkDocs merges them (maps key
    by key, anything else replaced by the nearer file), and the nearest file that has
    `plugins` (a list is replaced whole, so its options are all from that file); None
    after a problem with a file it names (CJM006)."""
    chain: list[_Link] = [(path, shown, raw, doc)]
    seen = {path.resolve()}
    while "INHERIT" in chain[-1][3].data:
        here, here_shown, _, here_doc = chain[-1]
        name = here_doc.data["INHERIT"]
        p = here_doc.where.value(("INHERIT",))
        if not isinstance(name, str) or not name.strip():
            diags.append(make("CJM006", here_shown, p.line, p.col,
                              "`INHERIT` names no file; write the path of the mkdocs.yml to "
                              "take settings from, such as `INHERIT: ../base.yml`"))
            return None
        # MkDocs' own join: relative to the inheriting file, `..` resolved as written.
        parent = Path(os.path.normpath(os.path.join(here.parent, name)))  # noqa: PTH118
        if parent.resolve() in seen or len(chain) > MAX_INHERIT:
            why = ("which inherits back from this one: one of them must not"
                   if parent.resolve() in seen else
                   f"more than {MAX_INHERIT} files deep: inherit from fewer files")
            diags.append(make("CJM006", here_shown, p.line, p.col,
                              f"`INHERIT: {name}` leads to '{display_path(parent)}', {why}"))
            return None
        try:
            parent_raw = parent.read_bytes()
        except OSError as exc:
            diags.append(make("CJM006", here_shown, p.line, p.col,
                              f"`INHERIT: {name}` names '{display_path(parent)}', which cannot "
                              f"be read ({exc.strerror or exc}); check the path, relative to "
                              "this file"))
            return None
        parent_shown = display_path(parent)
        parent_docs = read_documents(parent_raw, parent_shown, diags, config=True)
        if not parent_docs or not isinstance(parent_docs[0].data, dict):
            return None
        chain.append((parent, parent_shown, parent_raw, parent_docs[0]))
        seen.add(parent.resolve())
    merged: dict[str, Any] = {}
    for link in reversed(chain):
        merged = _merged(merged, link[3].data)
    merged.pop("INHERIT", None)
    return merged, next((link for link in chain if "plugins" in link[3].data), chain[0])


def _merged(base: dict[str, Any], nearer: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in nearer.items():
        old = out.get(key)
        out[key] = (_merged(old, value) if isinstance(old, dict) and isinstance(value, dict)
                    else value)
    return out


def joined_plugin_entries(text: str, shown: str) -> list[Diagnostic]:
    """CJM033 for an entry of `plugins:` indented further than the one above it.

    Below a plain entry (`- search`), a more indented `- cjm` is not a new entry: YAML
    reads it as more words of the one above, `search - cjm`, and MkDocs stops with
    "The 'search - cjm' plugin is not installed"; with options below `- cjm:` YAML
    cannot read the file at all. Found in the text, as YAML has lost the entry.
    """
    lines = text.splitlines()
    start = next(
        (i for i, line in enumerate(lines) if re.match(r"plugins:[ ]*(#.*)?$", line)), None
    )
    if start is None:
        return []
    out = []
    above: tuple[int, str] | None = None  # (indent, text) of the entry above, if plain
    base: int | None = None
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "-")):
            break  # the next top-level key
        item = _ITEM.match(line)
        if item is None:
            above = None  # options of an entry: what follows is no continuation
            continue
        indent, words = len(item.group("indent")), (item.group("text") or "").strip()
        if base is None:
            base = indent
        if above is not None and indent > above[0]:
            more = indent - above[0]
            name = words.rstrip(":").strip() or "-"
            out.append(make(
                "CJM033", shown, number, indent + 1,
                f"`- {name}` is indented {more} space{'s' * (more != 1)} more than "
                f"`- {above[1]}` above it, so YAML reads it as part of that entry "
                f"('{above[1]} - {name}') and MkDocs does not find the plugin; indent "
                f"`- {name}` exactly like `- {above[1]}`",
            ))
            continue
        plain = (
            indent == base and words and ":" not in words
            and not words.startswith(("{", "[", "'", '"', "&", "*", "!"))
        )
        above = (indent, words) if plain else None
    return out


def _malformed_entry(
    doc: Document, shown: str, diags: list[Diagnostic]
) -> tuple[dict[str, Any], dict[str, tuple[str | int, ...]]] | None:
    """Report a `cjm` entry of `plugins:` that MkDocs refuses (CJM033).

    Options indented like `cjm:` itself land beside it, in the same list item: MkDocs
    stops with "Invalid Plugins configuration". They are returned, with where they
    stand, so that their values are checked too. Options that are not `key: value`
    lines (`- cjm: journeys`) make MkDocs stop with "Invalid config options".
    """
    plugins = doc.data.get("plugins")
    entries: list[tuple[tuple[str | int, ...], Any]] = []
    if isinstance(plugins, list):
        entries = [((i,), e) for i, e in enumerate(plugins) if isinstance(e, dict)]
    elif isinstance(plugins, dict):
        entries = [((), plugins)]
    for at, entry in entries:
        name = next((n for n in PLUGIN_NAMES if n in entry), None)
        if name is None:
            continue
        value = entry[name]
        if value is not None and not isinstance(value, dict):
            p = doc.where.value(("plugins", *at, name))
            diags.append(make(
                "CJM033", shown, p.line, p.col,
                f"the options of the plugin `{name}` must be `key: value` lines below "
                f"`{name}:`, found {_describe(value)}; put each option on its own line, "
                f"indented further than `{name}`, like `source: journeys`",
            ))
        beside = [k for k in entry if k != name] if at else []
        if not beside:
            continue
        p = doc.where.key(("plugins", *at, beside[0]))
        names = " and ".join(f"`{k}`" for k in beside)
        verb = "stands" if len(beside) == 1 else "stand"
        diags.append(make(
            "CJM033", shown, p.line, p.col,
            f"{names} {verb} beside `{name}:` instead of below it, so MkDocs does not "
            f"take {'it as an option' if len(beside) == 1 else 'them as options'} of the "
            f"plugin and stops; indent {'it' if len(beside) == 1 else 'them'} further than "
            f"`{name}` (e.g. 2 more spaces)",
        ))
        return {k: entry[k] for k in beside}, dict.fromkeys(beside, at)
    return None


def _top_level_options(doc: Document, shown: str) -> list[Diagnostic]:
    """Plugin options written at the top level of mkdocs.yml (CJM034): MkDocs ignores
    them with a warning, so the site is built without them."""
    found = [key for key in doc.data if isinstance(key, str) and key in SiteOptions.model_fields]
    if not found:
        return []
    # MkDocs' own option names, only where they are needed: importing them costs a
    # check of a large handbook a tenth of its time.
    from mkdocs.config.defaults import get_schema

    mkdocs_keys = {name for name, _ in get_schema()}
    out = []
    for key in found:
        if key not in mkdocs_keys:
            p = doc.where.key((key,))
            out.append(make(
                "CJM034", shown, p.line, p.col,
                f"`{key}` is an option of the plugin `cjm`, but it stands at the top level "
                "of mkdocs.yml, where MkDocs ignores it; move it below `cjm:` in `plugins:`, "
                "indented further than `cjm`",
            ))
    return out


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
    # MkDocs' own resolver (pyyaml_env_tag), so a value reads here as in the build.
    loader = yaml.SafeLoader("")
    try:
        return construct_env_tag(loader, node)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
