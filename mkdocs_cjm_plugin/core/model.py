"""The journey model: personas, stakeholders, journeys and the site options.

These pydantic models are the single source of truth for the file format: the
loader validates with them, `cjm schema` prints their JSON Schema, and the
format reference in the docs is tested against that schema. Field docstrings
become the schema's descriptions, which editors show on hover.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import statistics
import unicodedata
from pathlib import PurePath
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from mkdocs_cjm_plugin.core.cache import DEFAULT_CACHE_DIR
from mkdocs_cjm_plugin.core.diagnostics import did_you_mean
from mkdocs_cjm_plugin.core.files import DEFAULT_SOURCE
from mkdocs_cjm_plugin.core.yaml_source import as_written
from mkdocs_cjm_plugin.i18n.texts import EN, placeholders, template_problem

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

# How long a text may be. A file may hold 4 MB, but what a page shows must stay in
# proportion to what was written: a name is shown again in the navigation, on every page
# that lists journeys, personas or stakeholders, in headings, tooltips and maps, so one
# long name would fill every page of the site.
MAX_NAME_CHARS = 200
"""Names, titles and ids, and each tag, system and channel (the longest in the example
handbooks have about 60 characters)."""
MAX_LINE_CHARS = 1_000
"""A persona's quote and photo, a KPI's source: a sentence or a link, shown again on
many pages (the persona's card on the page of each of its journeys)."""
MAX_TEXT_CHARS = 20_000
"""Descriptions, summaries and each entry of a list of goals, pains, thoughts and the
like: shown on the page of what they describe, and in a table or two across journeys
(about eight printed pages; the longest in the example handbooks have 540 characters)."""

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=MAX_NAME_CHARS)]
"""Lowercase letters, digits and `-`."""
Name = Annotated[str, StringConstraints(max_length=MAX_NAME_CHARS)]
"""A short text that names something: a role, a touchpoint, a channel, a unit."""
Line = Annotated[str, StringConstraints(max_length=MAX_LINE_CHARS)]
"""A sentence or a link."""
LongText = Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS)]
"""A paragraph or more: a description, a summary."""

PAGE_ID_MAX = 100
"""The longest journey or persona id: the id names a page file and a folder of the site,
and file systems allow 255 bytes per name (some encrypted ones only 143); the rest is
room for `.md`, `.html` and the copies that tools make (`kauf.md.orig`)."""
RESERVED_PAGE_IDS = frozenset({"index"})
"""Ids whose page would replace the index page of its folder (`journeys/index.md`)."""


def page_id_problem(ident: str, kind: str = "journey") -> str | None:
    """Why a journey or persona id cannot name its page, or None when it can."""
    if ident in RESERVED_PAGE_IDS:
        return f"its page would be {kind}s/{ident}.md, the page that lists all {kind}s"
    if len(ident) > PAGE_ID_MAX:
        return (
            f"it has {len(ident)} characters, too many for a page name; "
            f"ids can have at most {PAGE_ID_MAX}"
        )
    return None


def shorter_id(ident: str) -> str:
    """A suggestion for an id that `page_id_problem` refuses."""
    if ident in RESERVED_PAGE_IDS:
        return f"{ident}-1"
    cut = ident[: PAGE_ID_MAX // 2]
    if ident[len(cut):].startswith("-") or "-" not in cut:  # keep whole words
        return cut.rstrip("-") or "x"
    return cut.rsplit("-", 1)[0].rstrip("-") or "x"


def _one_or_many(value: Any) -> Any:
    # The format lets a single string stand for a one-element list.
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [value]
    return value


def _list_schema(item: dict[str, Any]) -> WithJsonSchema:
    return WithJsonSchema({"anyOf": [item, {"type": "array", "items": item}]})


TextList = Annotated[
    list[LongText],
    BeforeValidator(_one_or_many),
    _list_schema({"type": "string", "maxLength": MAX_TEXT_CHARS}),
]
"""Goals, pains, thoughts: each entry a text of its own."""
NameList = Annotated[
    list[Name],
    BeforeValidator(_one_or_many),
    _list_schema({"type": "string", "maxLength": MAX_NAME_CHARS}),
]
"""Tags, systems, channels: each entry a name."""
IdList = Annotated[
    list[Id],
    BeforeValidator(_one_or_many),
    _list_schema({"type": "string", "pattern": ID_PATTERN, "maxLength": MAX_NAME_CHARS}),
]

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and DATE_RE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise PydanticCustomError(
                "cjm_date", "'{value}' is not a real date ({reason})",
                {"value": value, "reason": str(exc)},
            ) from None
    raise PydanticCustomError(
        "cjm_date", "expected a date written as YYYY-MM-DD, found {found}",
        {"found": repr(value)},
    )


Date = Annotated[
    dt.date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]


def _number(value: Any) -> Any:
    # true/false are not numbers, though Python counts them as 1 and 0; a whole number
    # too large for a float is reported like infinity.
    if isinstance(value, bool):
        raise PydanticCustomError("float_type", "Input should be a valid number")
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            raise PydanticCustomError("finite_number", "Input should be a finite number") from None
    return value


Number = Annotated[float, BeforeValidator(_number)]
"""A finite number; whole numbers are fine, true/false, .inf and .nan are not."""


def _whole_number(value: Any) -> Any:
    # `stale_after_days: true` is no number of days, though Python counts true as 1.
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
"""A whole number; true/false are not."""


def mean(values: list[float]) -> float:
    """The mean of finite numbers, also near the float limits (`1e308` twice).

    The plain sum overflows there; the mean of the values scaled into -1..1 cannot,
    and scaled back it is kept between the smallest and largest value.
    """
    try:
        return statistics.fmean(values)
    except OverflowError:
        scale = max(abs(v) for v in values)
        scaled = statistics.fmean(v / scale for v in values) * scale
        return max(min(scaled, max(values)), min(values))


def _not_empty(value: str) -> str:
    if not value:  # whitespace is stripped before
        raise PydanticCustomError("cjm_empty", "must not be empty")
    return value


Text = Annotated[
    str,
    StringConstraints(max_length=MAX_NAME_CHARS),
    AfterValidator(_not_empty),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_NAME_CHARS}),
]
"""A required name or title: not empty and not only spaces."""

Scalar = str | int | float | bool | dt.date | None
Demographics = Annotated[dict[str, Scalar], BeforeValidator(as_written)]
"""Shown as written: a number keeps its text (`PLZ: 01067`, `Einkommen: 3.500`)."""
ExtraMap = Annotated[dict[str, Any], BeforeValidator(as_written)]


class _Model(BaseModel):
    # Numbers where text is expected are accepted ("PLZ: 10115" is text to a reader),
    # as written in the file: str() of a number read from YAML is its text.
    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
        use_attribute_docstrings=True,
        populate_by_name=True,
        allow_inf_nan=False,
    )


@functools.lru_cache(maxsize=16384)  # phase and step names, asked for again and again
def slugify(text: str) -> str:
    """An id from free text: `Entscheidung & Kauf` -> `entscheidung-kauf`.

    German umlauts are spelt out (ä -> ae) so ids stay readable.
    """
    text = text.lower()
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(src, dst)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug or "x"


def stem_id(path: str) -> str:
    """The default id of a single-document file, as the format defines it: the file's
    stem lowercased, every other character a `-` (`Anna Berger.yml` -> `anna-berger`).

    Unlike `slugify` it spells nothing out and keeps runs of `-`, so an id says which
    file it came from; a stem that gives no valid id is reported, with `slugify`'s
    proposal."""
    return re.sub(r"[^a-z0-9-]", "-", PurePath(path).stem.lower())


# --- small parts ---------------------------------------------------------------------


class Kpi(_Model):
    """A measurable indicator of success."""

    name: Text
    """What is measured, e.g. "Anrufe bis zur Lösung"."""
    target: Number | None = None
    """The value the team aims for."""
    actual: Number | None = None
    """The value measured now."""
    unit: Name | None = None
    """Unit shown after the numbers, e.g. "%" or "Tage"."""
    source: Line | None = None
    """Where the number comes from, e.g. "Google Analytics"."""
    higher_is_better: bool = True
    """Direction: false when fewer is better (calls, waiting time)."""
    extra: ExtraMap = Field(default_factory=dict)
    """Free key/value pairs, shown as a list."""

    def met(self) -> bool | None:
        """Whether the target is met; None when a number is missing."""
        if self.target is None or self.actual is None:
            return None
        if self.higher_is_better:
            return self.actual >= self.target
        return self.actual <= self.target


OpportunityStatus = Literal["idea", "planned", "doing", "done"]


class Opportunity(_Model):
    """An improvement found while mapping, to be turned into an owned action."""

    title: Text
    """Short name of the improvement."""
    description: LongText | None = None
    """(md) What to do and why."""
    owner: Id | None = None
    """Stakeholder id: who does it."""
    due: Date | None = None
    """By when (YYYY-MM-DD)."""
    status: OpportunityStatus = "idea"
    """idea, planned, doing or done."""
    impact: Literal["low", "medium", "high"] | None = None
    """Expected effect on the experience."""
    extra: ExtraMap = Field(default_factory=dict)
    """Free key/value pairs, shown as a list."""

    def overdue(self, today: dt.date) -> bool:
        return self.status != "done" and self.due is not None and self.due < today


class Relation(_Model):
    """What a stakeholder provides to another stakeholder or to the customer."""

    to: Name
    """A stakeholder id, a persona id, or `customer` (the persona of the journey drawn)."""
    label: Name | None = None
    """What flows, e.g. "Fallhistorie"."""
    kind: Literal["formal", "informal"] = "formal"
    """Informal relations are drawn dashed."""


# --- entities --------------------------------------------------------------------------


class Persona(_Model):
    """A fictional person standing for a target group."""

    kind: Literal["persona"] = "persona"
    id: Id
    """Unique among personas; default: the file name."""
    name: Text
    """Display name, e.g. "Anna Berger"."""
    role: Name | None = None
    """Job or position."""
    photo: Line | None = None
    """Path relative to the docs folder, or an https URL."""
    quote: Line | None = None
    """A typical sentence of the persona."""
    summary: LongText | None = None
    """(md) A paragraph about the persona."""
    segment: Name | None = None
    """Customer segment or tier, e.g. "Gold"."""
    demographics: Demographics = Field(default_factory=dict)
    """Age, place, income, ... shown in the given order."""
    career: LongText | None = None
    """(md) Job and career development."""
    goals: TextList = Field(default_factory=list)
    """(md) Values and goals."""
    pains: TextList = Field(default_factory=list)
    """(md) Problems the persona seeks a solution for."""
    gains: TextList = Field(default_factory=list)
    """(md) What would delight them."""
    channels: NameList = Field(default_factory=list)
    """Information behaviour: where they look for solutions."""
    tags: NameList = Field(default_factory=list)
    """Free tags."""
    extra: ExtraMap = Field(default_factory=dict)
    """Free key/value pairs, shown as a list."""

    @field_validator("photo")
    @classmethod
    def _photo(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value) and not value.startswith("https://"):
            raise PydanticCustomError(
                "cjm_photo", "a photo is a path inside the docs folder or an https:// URL"
            )
        return value

    @property
    def initials(self) -> str:
        words = [w for w in re.split(r"\s+", self.name) if w]
        return "".join(w[0] for w in words[:2]).upper() or "?"


class Stakeholder(_Model):
    """Someone who works directly or indirectly with the customer."""

    kind: Literal["stakeholder"] = "stakeholder"
    id: Id
    """Unique among stakeholders; default: the file name."""
    name: Text
    """Display name, e.g. "Kundenservice"."""
    type: Literal["internal", "external", "partner"] = "internal"
    """Grouping on the stakeholder map."""
    importance: Literal["essential", "important", "interesting"] = "important"
    """How close to the customer it is drawn."""
    description: LongText | None = None
    """(md) What this stakeholder does for the customer."""
    relations: list[Relation] = Field(default_factory=list)
    """What this stakeholder provides to others."""
    tags: NameList = Field(default_factory=list)
    """Free tags."""
    extra: ExtraMap = Field(default_factory=dict)
    """Free key/value pairs, shown as a list."""


Evidence = Literal["assumption", "partial", "research"]


class Step(_Model):
    """A single step of the customer."""

    name: Text
    """Short title, e.g. "Ruft die Hotline an"."""
    id: Id | None = None
    """Anchor of the step on its page; default: derived from the name."""
    action: LongText | None = None
    """(md) What the customer does."""
    touchpoint: Name | None = None
    """The concrete contact point, e.g. "Kontaktformular Reklamation"."""
    channel: Name | None = None
    """The medium, e.g. "Website", "Telefon", "Filiale"."""
    online: bool | None = None
    """Online or offline; default: from the site's channel list."""
    thoughts: TextList = Field(default_factory=list)
    """(md) What the customer thinks or asks here."""
    emotion: Number | None = None
    """How the customer feels here, on the site's emotion scale."""
    pains: TextList = Field(default_factory=list)
    """(md) What hurts here."""
    gains: TextList = Field(default_factory=list)
    """(md) What delights here."""
    moment_of_truth: bool | LongText | None = None
    """A moment that decides for or against; a text says why."""
    owner: Id | None = None
    """Stakeholder id: responsible for the experience at this step."""
    systems: NameList = Field(default_factory=list)
    """IT systems staff need here."""
    evidence: Evidence = "assumption"
    """assumption, partial or research: how far data backs this step."""
    kpis: list[Kpi] = Field(default_factory=list)
    """Indicators measured at this step."""
    opportunities: list[Opportunity] = Field(default_factory=list)
    """Improvements found at this step."""
    extra: ExtraMap = Field(default_factory=dict)
    """Free key/value pairs, shown as a list."""

    @property
    def is_moment_of_truth(self) -> bool:
        return bool(self.moment_of_truth)

    @property
    def moment_of_truth_text(self) -> str | None:
        return self.moment_of_truth if isinstance(self.moment_of_truth, str) else None


class Phase(_Model):
    """A stage of the journey."""

    name: Text
    """e.g. "Informationssuche"."""
    id: Id | None = None
    """Default: derived from the name. Must name a phase_model entry when the site has one."""
    description: LongText | None = None
    """(md) What happens in this phase."""
    customer_goals: TextList = Field(default_factory=list)
    """(md) What the customer wants in this phase."""
    company_goals: TextList = Field(default_factory=list)
    """(md) The company's goal in this phase."""
    backstage: TextList = Field(default_factory=list)
    """(md) Organisational activities behind the scenes."""
    responsible: IdList = Field(default_factory=list)
    """Stakeholder ids: who is needed in this phase."""
    systems: NameList = Field(default_factory=list)
    """IT systems and software needed."""
    kpis: list[Kpi] = Field(default_factory=list)
    """Indicators of this phase."""
    emotion: Number | None = None
    """The phase's score; default: the mean of its steps' emotions."""
    steps: list[Step] = Field(default_factory=list)
    """The customer's steps in this phase, in order."""
    opportunities: list[Opportunity] = Field(default_factory=list)
    """Improvements found in this phase."""
    extra: ExtraMap = Field(default_factory=dict)
    """Free key/value pairs, shown as a list."""

    @property
    def key(self) -> str:
        return self.id or slugify(self.name)

    @property
    def score(self) -> float | None:
        """The explicit emotion, else the mean of the steps' emotions."""
        if self.emotion is not None:
            return self.emotion
        scores = [s.emotion for s in self.steps if s.emotion is not None]
        return mean(scores) if scores else None


class Journey(_Model):
    """The journey of one persona (or several) through phases and steps."""

    kind: Literal["journey"] = "journey"
    id: Id
    """Unique among journeys; default: the file name."""
    title: Text
    """e.g. "Reklamation eines defekten Geräts"."""
    persona: Id | None = None
    """The persona whose journey this is."""
    personas: IdList = Field(default_factory=list)
    """Several personas, for a shared journey."""
    state: Literal["current", "target"] = "current"
    """current (as-is) or target (to-be)."""
    compares_to: Id | None = None
    """For a target journey: the current journey it improves."""
    owner: Id | None = None
    """Stakeholder id: who keeps this map."""
    summary: LongText | None = None
    """(md) What the journey is about."""
    scenario: LongText | None = None
    """(md) The situation the journey starts from."""
    expectation: LongText | None = None
    """(md) The outcome the customer concretely expects."""
    stakeholders: IdList = Field(default_factory=list)
    """Stakeholder ids drawn on the map besides those the steps name."""
    tags: NameList = Field(default_factory=list)
    """Free tags."""
    updated: Date | None = None
    """When the map was last reviewed (YYYY-MM-DD)."""
    phases: list[Phase] = Field(min_length=1)
    """The phases, in journey order."""
    extra: ExtraMap = Field(default_factory=dict)
    """Free key/value pairs, shown as a list."""

    @model_validator(mode="after")
    def _needs_persona(self) -> Journey:
        if self.persona is None and not self.personas:
            raise PydanticCustomError(
                "cjm_persona",
                "a journey needs `persona: <id>` (or `personas: [...]` for a shared journey)",
            )
        return self

    @property
    def persona_ids(self) -> list[str]:
        ids = ([self.persona] if self.persona else []) + list(self.personas)
        return list(dict.fromkeys(ids))

    def steps(self) -> list[tuple[Phase, Step]]:
        return [(phase, step) for phase in self.phases for step in phase.steps]

    def scores(self) -> list[float]:
        """Every score along the journey: steps, or the phase score for step-less phases."""
        out: list[float] = []
        for phase in self.phases:
            step_scores = [s.emotion for s in phase.steps if s.emotion is not None]
            if step_scores:
                out.extend(step_scores)
            elif phase.score is not None:
                out.append(phase.score)
        return out

    def opportunities(self) -> list[Opportunity]:
        out = []
        for phase in self.phases:
            out.extend(phase.opportunities)
            for step in phase.steps:
                out.extend(step.opportunities)
        return out

    def stale(self, today: dt.date, after_days: int) -> bool:
        return self.updated is None or (today - self.updated).days > after_days


Entity = Persona | Stakeholder | Journey
KINDS: dict[str, type[Persona] | type[Stakeholder] | type[Journey]] = {
    "persona": Persona,
    "stakeholder": Stakeholder,
    "journey": Journey,
}


# --- site options ----------------------------------------------------------------------


SCALE_LIMIT = 1e12
SCALE_MIN_SPAN = 1e-6


class EmotionScale(_Model):
    """The range every emotion must lie in."""

    min: Number = 1
    """Worst feeling."""
    max: Number = 5
    """Best feeling."""

    @model_validator(mode="after")
    def _ordered(self) -> EmotionScale:
        if self.min >= self.max:
            raise PydanticCustomError(
                "cjm_scale", "min ({lo}) must be smaller than max ({hi})",
                {"lo": self.min, "hi": self.max},
            )
        # The curve divides by the span and labels its ticks: a span that overflows
        # (-1e308..1e308) or is too small to divide into ticks (0..5e-324) cannot be drawn.
        # 1.000001 - 1 is a hair below 0.000001 in binary floating point: a span that
        # is the documented minimum as written counts as wide enough.
        span = self.max - self.min
        too_narrow = span < SCALE_MIN_SPAN and not math.isclose(span, SCALE_MIN_SPAN, rel_tol=1e-6)
        if max(abs(self.min), abs(self.max)) > SCALE_LIMIT or too_narrow:
            raise PydanticCustomError(
                "cjm_scale",
                "min ({lo}) and max ({hi}) must lie between -{limit} and {limit} and be at "
                "least {span} apart, so that the emotion curve can be drawn; use a scale "
                "like 1..5 or -2..2",
                {"lo": self.min, "hi": self.max, "limit": f"{SCALE_LIMIT:,.0f}",
                 "span": f"{SCALE_MIN_SPAN:f}"},
            )
        return self

    @property
    def neutral(self) -> float:
        return (self.min + self.max) / 2

    def fraction(self, value: float) -> float:
        """0 at the bottom of the scale, 1 at the top, clamped."""
        return max(0.0, min(1.0, (value - self.min) / (self.max - self.min)))


class PhaseModelEntry(_Model):
    id: Id
    """The phase id journeys use."""
    name: Text
    """Display name of the standard phase."""


class ChannelInfo(_Model):
    online: bool
    """Whether the channel is an online one."""


DEFAULT_CHANNELS: dict[str, bool] = {
    # German
    "Website": True, "Webseite": True, "Online-Shop": True, "Onlineshop": True,
    # "Mail" is e-mail in German usage; a letter is "Brief" or "Post".
    "E-Mail": True, "Mail": True, "Newsletter": True, "Chat": True, "Live-Chat": True,
    "App": True,
    "Social Media": True, "Suchmaschine": True, "Google": True, "Portal": True,
    "Kundenportal": True, "Bewertungsportal": True, "Video": True, "Webinar": True,
    "Telefon": False, "Hotline": False, "Filiale": False, "Laden": False, "Messe": False,
    "Brief": False, "Post": False, "Außendienst": False, "Vor Ort": False, "Print": False,
    "Katalog": False, "Fax": False, "Persönlich": False, "Event": False,
    "Mobile App": True, "Smartphone-App": True, "Messenger": True, "WhatsApp": True,
    "Chatbot": True, "Videoanruf": True, "Videocall": True, "Video-Call": True,
    "Videoberatung": True, "Videokonferenz": True, "Soziale Medien": True, "SMS": True,
    "Kontaktformular": True, "Online-Termin": True, "Callcenter": False, "Anruf": False,
    # English
    "Web": True, "Web shop": True, "Online shop": True, "Email": True, "Search": True,
    "Search engine": True, "Mobile app": True, "Live chat": True, "Text message": True,
    "Video call": True, "Video conference": True, "Social": True, "Contact form": True,
    "Customer portal": True, "Review site": True,
    "Phone": False, "Telephone": False, "Call center": False, "Call centre": False,
    "Store": False, "Shop": False, "Branch": False, "Trade fair": False, "Letter": False,
    "Field sales": False, "On site": False, "In person": False, "Catalogue": False,
}


def _option_error(message: str) -> PydanticCustomError:
    # The text goes in as a value: a template would read `{title}` in it as a field.
    return PydanticCustomError("cjm_option", "{message}", {"message": message})


_PREFIX_CHARS = re.compile(r"^[A-Za-z0-9._/-]*$")


def _prefix(value: str) -> str:
    problem = None
    if not _PREFIX_CHARS.match(value):
        problem = "use only letters, digits, `.`, `_`, `-` and `/` between folders"
    elif value.startswith("/"):
        problem = "it must not start with `/`"
    elif ".." in value.split("/"):
        problem = "`..` would leave the site folder"
    elif any(part.startswith(".") for part in value.split("/")):
        problem = (
            "MkDocs skips folders whose name starts with `.`, so the pages would not be "
            "published"
        )
    if problem:
        raise _option_error(
            f"prefix must be a folder name like `handbook`, not '{value}'; {problem}"
        )
    return value


_LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def _language(value: str | None) -> str | None:
    # The shape of a language tag only: a code that Babel does not know gets English
    # labels and formats (i18n.labels), so the core needs no locale data.
    if value is None or _LANGUAGE_CODE.fullmatch(value):
        return value
    raise _option_error(f"'{value}' is not a language code; use one like `en`, `de` or `de-AT`")


def _labels(value: dict[str, str]) -> dict[str, str]:
    problems: list[str] = []
    for key, text in value.items():
        if key not in EN:
            problems.append(f"unknown label `{key}`{did_you_mean(key, EN)}")
            continue
        problem = template_problem(text, placeholders(EN[key]) or set())
        if problem:
            problems.append(f"label `{key}`: {problem}")
    if problems:
        raise _option_error("; ".join(problems))
    return value


def _phase_model(value: list[PhaseModelEntry] | None) -> list[PhaseModelEntry] | None:
    if value is None:
        return None
    if not value:
        raise _option_error(
            "needs at least one phase; remove `phase_model` to let every journey name "
            "its own phases"
        )
    seen: set[str] = set()
    for entry in value:
        if entry.id in seen:
            raise _option_error(
                f"phase id '{entry.id}' appears twice; each phase of the model needs its own id"
            )
        seen.add(entry.id)
    return value


class SiteOptions(_Model):
    """The plugin's options in mkdocs.yml that shape validation and pages."""

    source: str = DEFAULT_SOURCE
    prefix: Annotated[str, AfterValidator(_prefix)] = ""
    language: Annotated[str | None, AfterValidator(_language)] = None
    labels: Annotated[dict[str, str], AfterValidator(_labels)] = Field(default_factory=dict)
    emotion_scale: EmotionScale = Field(default_factory=EmotionScale)
    phase_model: Annotated[list[PhaseModelEntry] | None, AfterValidator(_phase_model)] = None
    channels: dict[str, ChannelInfo] = Field(default_factory=dict)
    stale_after_days: WholeNumber = Field(default=365, ge=0)
    nav: bool = True
    nav_max_journeys: WholeNumber = Field(default=50, ge=0)
    strict: bool | None = None
    custom_templates: str | None = None
    cache_dir: str = DEFAULT_CACHE_DIR
    today: Date | None = None
    wide_pages: bool = True
    history: bool = False
    history_limit: WholeNumber = Field(default=10, ge=1, le=100)

    def channel_online(self, channel: str | None) -> bool | None:
        """Online/offline for a channel name: the site's list first, then the built-in one."""
        if not channel:
            return None
        wanted = channel.strip().casefold()
        for name, info in self.channels.items():
            if name.casefold() == wanted:
                return info.online
        for name, online in DEFAULT_CHANNELS.items():
            if name.casefold() == wanted:
                return online
        return None

    def channel_names(self) -> list[str]:
        """Every channel the site knows: its own list, then the built-in one."""
        return [*self.channels, *DEFAULT_CHANNELS]

    def phase_ids(self) -> list[str] | None:
        return [p.id for p in self.phase_model] if self.phase_model is not None else None

    def effective_today(self) -> dt.date:
        return self.today or dt.date.today()
