"""Labels of generated pages in English and German, and locale-aware formatting.

Every text a reader sees on a generated page comes from here, so that a site
can override single labels with the plugin's `labels` option.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Context, Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent, get_decimal_symbol

from mkdocs_cjm_plugin.i18n.texts import EN, FALLBACK, LANGUAGES, fill

# Beyond this, grouped digits are unreadable (and Babel's decimal context overflows
# from about 1e26 on): such numbers are written as 1.5e+30.
_HUGE = 1e21

# The digits of a CLDR number pattern (`#,##0`), around which the percent sign sits.
_NUMBER_PART = re.compile(r"[#0,.]+")


def language_problem(language: str) -> str | None:
    """Why `language` cannot be a site's language (Babel knows no such locale), or None.

    The core checks only the shape of the code; the site options are read by the
    targets, which ask this once the options are valid."""
    try:
        Locale.parse(language.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return f"'{language}' is not a language code; use one like `en`, `de` or `de-AT`"
    return None


def label_language(language: str) -> str:
    """The language of the built-in labels for a site language: ``de-AT`` -> ``de``;
    one without built-in labels (``pt-BR``, ``fr``) falls back to English."""
    base = language.replace("-", "_").split("_")[0].lower()
    return base if base in LANGUAGES else FALLBACK


def _locale(language: str) -> Locale:
    """Babel's locale for dates and numbers: the site's own (``de_CH`` writes
    1’234.5) when its labels exist, else that of the fallback labels, so a page never
    mixes English words with, say, Portuguese dates."""
    if label_language(language) == FALLBACK and not language.lower().startswith(FALLBACK):
        return Locale.parse(FALLBACK)
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return Locale.parse(label_language(language))


@dataclass(frozen=True)
class Labels:
    """Labels for one language, with the site's overrides applied."""

    language: str = "en"
    overrides: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        table = {**LANGUAGES[label_language(self.language)], **self.overrides}
        object.__setattr__(self, "_table", table)
        object.__setattr__(self, "_locale", _locale(self.language))

    def __call__(self, key: str, **values: object) -> str:
        """The label ``key``, its ``{name}`` fields filled with ``values``; never raises."""
        text = self._table.get(key, EN.get(key, key))  # type: ignore[attr-defined]
        text = text if isinstance(text, str) else str(text)
        return fill(text, **values) if values else text

    def count(self, key: str, number: float, **values: object) -> str:
        """The label ``key`` in the plural form that `number` takes in the site's
        language: ``stale_hint.one`` for 1 where the table has it, else ``stale_hint``.

        A site that overrides only ``stale_hint`` sees its own text for every number."""
        try:
            form = self.locale.plural_form(abs(number))
        except (ValueError, TypeError, ArithmeticError):  # NaN, or not a number at all
            form = "other"
        variant = f"{key}.{form}"
        table: Mapping[str, str] = self._table  # type: ignore[attr-defined]
        own_variant = variant in self.overrides
        if own_variant or (variant in table and key not in self.overrides):
            key = variant
        return self(key, **values)

    def quantity(self, value: float | None, unit: str | None) -> str:
        """A number with its unit as the site's language writes them: ``38%`` in
        English, ``38 %`` in German (the locale's percent pattern), other units after a
        no-break space, so a line never ends between a number and its unit."""
        number = self.number(value)
        if not unit or not number:
            return number
        if unit.strip() == "%":
            pattern = str(self.locale.percent_formats[None].pattern).split(";")[0]
            match = _NUMBER_PART.search(pattern)
            if match and "%" in pattern:
                before, after = pattern[: match.start()], pattern[match.end() :]
                return before.replace("'", "") + number + after.replace("'", "")
        return f"{number}\u00a0{unit}"

    @property
    def locale(self) -> Locale:
        return self._locale  # type: ignore[attr-defined, no-any-return]

    def date(self, value: dt.date | None) -> str:
        """A date as the site's language writes it; odd input is shown as it is."""
        if value is None:
            return ""
        if isinstance(value, dt.date):
            try:
                return format_date(value, format="medium", locale=self.locale)
            except (ValueError, TypeError, OverflowError, KeyError):  # never break a page
                return value.isoformat()
        return str(value)

    def number(self, value: float | None) -> str:
        """A number with the site's separators, at most two decimals; never raises.

        Infinity and NaN are written as Python does; magnitudes from 1e21 on (digit
        groups nobody can read, and beyond Babel's precision) as ``1.5e+30``.
        """
        if value is None:
            return ""
        try:
            if isinstance(value, float) and not math.isfinite(value):
                return str(value)
            if abs(value) < _HUGE:
                # `+ 0` turns the -0.0 that rounding leaves of -0.001 into 0
                shown = round(value, 2) + 0
                return format_decimal(shown, format="#,##0.##", locale=self.locale)
        except (ValueError, TypeError, ArithmeticError):  # fall through to the plain form
            pass
        return self._plain(value)

    def percent(self, share: float | None) -> str:
        """A share (0.25) as the site's language writes a percentage (`25 %` in German,
        `25%` in English), whole numbers only; never raises."""
        if share is None:
            return ""
        try:
            if math.isfinite(share) and abs(share) < _HUGE:
                return format_percent(share, locale=self.locale)
        except (ValueError, TypeError, ArithmeticError):
            pass
        return f"{self.number(share * 100 if math.isfinite(share) else share)}%"

    def _plain(self, value: float) -> str:
        """``1.5e+30``, with the locale's decimal sign."""
        try:
            exact = Decimal(value) if isinstance(value, int) else Decimal(repr(float(value)))
            text = format(exact.normalize(Context(prec=6)), "g")
        except (ValueError, TypeError, ArithmeticError):  # not a number at all
            return str(value)
        try:
            return text.replace(".", get_decimal_symbol(self.locale))
        except (KeyError, AttributeError):  # a locale without a decimal sign
            return text
