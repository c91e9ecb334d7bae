"""Plurals and units as the page's language writes them, on real built pages.

The expected percent form is asked of Babel for the page's locale, so the tests hold our
promise (we write what the locale writes) without copying CLDR's tables; the plural
texts are our own label tables.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from babel.numbers import format_percent

from mkdocs_cjm_plugin.i18n.labels import Labels
from tests.sitekit import JOURNEYS, build_site, write_project


def _journeys(unit: str) -> list[dict[str, Any]]:
    journeys = copy.deepcopy(JOURNEYS)
    kpi = journeys[0]["phases"][0]["kpis"][0]
    kpi.update(target=38, actual=12, unit=unit)
    return journeys


@pytest.mark.parametrize("language", ["en", "de"])
def test_percent_is_written_as_the_locale_writes_it(tmp_path: Path, language: str) -> None:
    site = write_project(tmp_path, language=language, journeys=_journeys("%"))
    build_site(tmp_path)
    # The raw page: the no-break space would be a plain space in the collapsed text.
    text = (site.site_dir / "journeys" / "kauf-ist" / "index.html").read_text(encoding="utf-8")
    for value in (38, 12):
        assert format_percent(value / 100, locale=language) in text


def test_english_and_german_percent_differ_as_their_locales_do() -> None:
    """The promise in one line: English `38%`, German `38 %` (a no-break space)."""
    assert Labels("en").quantity(38, "%") == format_percent(0.38, locale="en")
    assert Labels("de").quantity(38, "%") == format_percent(0.38, locale="de")
    assert Labels("en").quantity(38, "%") != Labels("de").quantity(38, "%")


def test_other_units_keep_to_their_number(tmp_path: Path) -> None:
    site = write_project(tmp_path, language="de", journeys=_journeys("pro Monat"))
    build_site(tmp_path)
    text = (site.site_dir / "journeys" / "kauf-ist" / "index.html").read_text(encoding="utf-8")
    assert "12\u00a0pro Monat" in text


@pytest.mark.parametrize(
    ("language", "days", "expected"),
    [
        ("en", 1, "more than 1 day ago"),
        ("en", 2, "more than 2 days ago"),
        ("de", 1, "seit mehr als 1 Tag nicht"),
        ("de", 2, "seit mehr als 2 Tagen nicht"),
    ],
)
def test_stale_hint_takes_the_plural_of_its_number(
    tmp_path: Path, language: str, days: int, expected: str
) -> None:
    site = write_project(tmp_path, language=language, plugin={"stale_after_days": days})
    build_site(tmp_path)
    page = (site.site_dir / "journeys" / "umzug" / "index.html").read_text(encoding="utf-8")
    assert expected in page


def test_a_site_that_overrides_the_plain_label_sees_it_for_every_number() -> None:
    labels = Labels("en", {"stale_hint": "Old: {days}"})
    assert labels.count("stale_hint", 1, days=1) == "Old: 1"
    own = Labels("en", {"stale_hint.one": "One: {days}"})
    assert own.count("stale_hint", 1, days=1) == "One: 1"
    assert own.count("stale_hint", 3, days=3) == Labels("en")("stale_hint", days=3)
