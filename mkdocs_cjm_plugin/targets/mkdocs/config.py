"""The plugin's options as MkDocs sees them.

Each option is validated by the same pydantic field that `cjm check` uses, so a
wrong option fails with a message that names it, and both agree on what is valid.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from mkdocs.config import base
from mkdocs.config.base import BaseConfigOption
from mkdocs.exceptions import PluginError
from pydantic import ConfigDict, PydanticUserError, TypeAdapter
from pydantic import ValidationError as PydanticError

from mkdocs_cjm_plugin.core.diagnostics import did_you_mean
from mkdocs_cjm_plugin.core.files import source_problem
from mkdocs_cjm_plugin.core.model import SiteOptions
from mkdocs_cjm_plugin.i18n.labels import language_problem
from mkdocs_cjm_plugin.targets.mkdocs.options_file import (
    describe_option_error,
    option_errors,
)

_LENIENT = ConfigDict(coerce_numbers_to_str=True, str_strip_whitespace=True)


class _Field(BaseConfigOption[Any]):
    """A config option checked by the `SiteOptions` field of the same name."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name
        info = SiteOptions.model_fields[name]
        annotation: Any = info.annotation
        for meta in info.metadata:  # constraints such as `ge=0` live beside the type
            annotation = Annotated[annotation, meta]
        try:  # the same leniency as the model: `prefix: 5` is the text "5"
            self._adapter: TypeAdapter[Any] = TypeAdapter(annotation, config=_LENIENT)
        except PydanticUserError:  # a model brings its own config
            self._adapter = TypeAdapter(annotation)
        # Plain data, not models: MkDocs copies defaults with `.copy()`.
        self.default = self._adapter.dump_python(info.get_default(call_default_factory=True))

    def run_validation(self, value: object) -> Any:
        try:
            return self._adapter.validate_python(value)
        except PydanticError as exc:
            problems = []
            for err in option_errors(exc, (self._name,)):
                # MkDocs names the option already ("Plugin 'cjm' option 'nav': ...").
                option, message = describe_option_error(err, (self._name,))
                where = option.removeprefix(self._name).lstrip(".")
                problems.append(f"{where}: {message}" if where else message)
            raise base.ValidationError("; ".join(problems)) from None


class CjmConfig(base.Config):  # type: ignore[no-untyped-call]
    source = _Field("source")
    """Folder with the journey definitions (*.yml, *.yaml), relative to mkdocs.yml."""
    prefix = _Field("prefix")
    """URL folder for the generated pages: `handbook` gives /handbook/journeys/..."""
    language = _Field("language")
    """Language of generated labels (`en`, `de`); default: the theme's language, else en."""
    labels = _Field("labels")
    """Overrides of single labels, e.g. `{journeys: Kundenreisen}`."""
    emotion_scale = _Field("emotion_scale")
    """`{min, max}` of emotion scores; every emotion must lie inside. Default 1..5."""
    phase_model = _Field("phase_model")
    """Standard phases (`[{id, name}]`) every journey uses, in order; aligns comparisons."""
    channels = _Field("channels")
    """Channel name -> `{online: bool}`, added to and overriding the built-in list."""
    stale_after_days = _Field("stale_after_days")
    """A journey reviewed (`updated`) longer ago than this is flagged stale."""
    nav = _Field("nav")
    """Add the generated section to the navigation when your `nav` does not place it."""
    nav_max_journeys = _Field("nav_max_journeys")
    """Above this many journeys (those with errors and files that cannot be read
    included) the navigation lists only the index pages."""
    strict = _Field("strict")
    """Fail the build on invalid definitions; default: MkDocs' own `--strict`."""
    custom_templates = _Field("custom_templates")
    """Folder with your own versions of the page templates; they win over the built-in ones."""
    cache_dir = _Field("cache_dir")
    """Where rendered stakeholder maps and read definition files are cached, relative
    to mkdocs.yml (empty: no cache)."""
    today = _Field("today")
    """The date to judge stale maps and overdue actions by; default: the build day."""
    wide_pages = _Field("wide_pages")
    """Journey pages, the journeys index, the stakeholders page and the tables across
    journeys (touchpoints, action plan, KPI board) use the whole width of the screen
    (navigation and table of contents step aside); `false` keeps the theme's normal
    layout there too."""
    history = _Field("history")
    """Show on each journey page the last changes to its file in git, with the mean emotion
    after each and what each change did; off by default."""
    history_limit = _Field("history_limit")
    """How many changes the history on a journey page lists (1 to 100, default 10)."""


def site_options(config: CjmConfig, project: Path) -> SiteOptions:
    """The validated options; a problem stops the build with a message naming the option.

    Each option was checked on its own already; this catches what MkDocs only warns
    about (an unknown option), rules that span options or need the whole model, and
    a `source` that would crawl the project folder (`project`, mkdocs.yml's folder).
    """
    values = dict(config)
    unknown = [key for key in values if key not in SiteOptions.model_fields]
    problems = [
        f"plugin 'cjm': unknown option `{key}`{did_you_mean(key, SiteOptions.model_fields)}"
        for key in unknown
    ]
    if not problems:
        try:
            options = SiteOptions.model_validate(values)
        except PydanticError as exc:
            for err in option_errors(exc):
                option, message = describe_option_error(err)
                problems.append(f"plugin 'cjm' option `{option}`: {message}")
        else:
            unknown_language = language_problem(options.language) if options.language else None
            if unknown_language is not None:
                problems.append(f"plugin 'cjm' option `language`: {unknown_language}")
            problem = source_problem(options.source, project)
            if problem is not None:
                problems.append(f"plugin 'cjm' option `source` [CJM061]: {problem}")
            if not problems:
                return options
    raise PluginError("invalid configuration:\n" + "\n".join(problems))
