"""Suggestions for mistakes whose fix is obvious to a person reading the file.

Authors write what they see on the site or say in a workshop: German key names
(`schritte:`), the labels the site shows (`status: In Arbeit`), display names
where an id belongs (`owner: Kundenservice Team`), a decimal comma (`3,5`) or a
comma-separated text where a list belongs. These helpers turn such values into
the spelling the format expects, so a message can propose the exact fix.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

from mkdocs_cjm_plugin.core.model import slugify

# Every key of every entity (persona, stakeholder, relation, journey, phase, step, KPI,
# opportunity) with the German words authors use for it. A test asserts that each model
# field has an entry, so a new field cannot be forgotten. A word may stand for several
# keys (`ziele`); the first one the entity has is proposed.
GERMAN_KEYS: dict[str, tuple[str, ...]] = {
    "kind": ("art", "sorte"),
    "id": ("kennung", "kennzeichen", "schlüssel"),
    "name": ("bezeichnung", "vorname", "nachname"),
    "title": ("titel", "überschrift", "bezeichnung"),
    "role": ("rolle", "funktion", "position", "stelle"),
    "photo": ("foto", "bild", "porträt"),
    "quote": ("zitat",),
    "summary": ("zusammenfassung", "kurzbeschreibung", "überblick"),
    "segment": ("kundensegment", "zielgruppe"),
    "demographics": ("demografie", "demographie", "demografische daten", "steckbrief"),
    "career": ("karriere", "werdegang", "laufbahn", "beruf"),
    "goals": ("ziele", "werte", "ziele und werte"),
    "pains": ("schmerzpunkte", "probleme", "ärgernisse", "frust", "schmerzen"),
    "gains": ("gewinne", "freuden", "begeisterer", "nutzen", "vorteile"),
    "channels": ("kanäle", "informationskanäle"),
    "tags": ("schlagworte", "schlagwörter", "stichworte", "stichwörter", "etiketten"),
    "extra": ("zusätzlich", "sonstiges", "weiteres", "mehr", "zusatz"),
    "type": ("typ",),
    "importance": ("wichtigkeit", "bedeutung", "relevanz"),
    "description": ("beschreibung", "erläuterung"),
    "relations": ("beziehungen", "verbindungen", "liefert"),
    "to": ("an", "zu", "nach", "empfänger"),
    "label": ("beschriftung", "bezeichnung", "inhalt"),
    "persona": ("kunde", "kundin", "person"),
    "personas": ("personen", "kunden"),
    "state": ("zustand", "status", "reise"),
    "compares_to": ("vergleicht mit", "vergleich mit", "vergleich", "verbessert", "ist-reise"),
    "owner": ("eigentümer", "besitzer", "inhaber", "zuständig", "verantwortlich"),
    "scenario": ("szenario", "ausgangslage"),
    "expectation": ("erwartung", "erwartungen", "erwartetes ergebnis"),
    "stakeholders": ("beteiligte", "interessengruppen", "akteure"),
    "updated": ("aktualisiert", "geprüft", "zuletzt geprüft", "stand", "datum"),
    "phases": ("phasen",),
    "action": ("aktion", "handlung", "tätigkeit"),
    "touchpoint": ("kontaktpunkt", "berührungspunkt", "kontaktstelle"),
    "channel": ("kanal", "medium"),
    "online": ("digital",),
    "thoughts": ("gedanken", "fragen"),
    "emotion": ("gefühl", "stimmung", "emotionen", "zufriedenheit"),
    "moment_of_truth": ("moment der wahrheit", "wahrheitsmoment", "schlüsselmoment"),
    "systems": ("systeme", "it-systeme", "software"),
    "evidence": ("beleg", "belege", "nachweis", "evidenz", "datenbasis"),
    "kpis": ("kennzahlen", "messgrößen"),
    "opportunities": ("chancen", "verbesserungen", "maßnahmen", "ideen"),
    "customer_goals": ("kundenziele", "ziele des kunden", "ziele"),
    "company_goals": ("unternehmensziele", "firmenziele", "ziele des unternehmens"),
    "backstage": ("hinter den kulissen", "hinterbühne", "hintergrund"),
    "responsible": ("verantwortliche", "verantwortlich", "zuständige", "zuständig"),
    "steps": ("schritte",),
    "target": ("ziel", "zielwert", "sollwert", "soll"),
    "actual": ("ist", "istwert", "aktuell"),
    "unit": ("einheit",),
    "source": ("quelle", "datenquelle"),
    "higher_is_better": ("höher ist besser", "mehr ist besser"),
    "due": ("fällig", "frist", "termin", "bis"),
    "status": ("bearbeitungsstand", "fortschritt"),
    "impact": ("wirkung", "auswirkung", "effekt"),
}


def _word(text: str) -> str:
    # `Moment der Wahrheit`, `moment_der_wahrheit` and `Kanäle`/`kanaele` are one word.
    return slugify(text)


@functools.cache
def _german_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for key, words in GERMAN_KEYS.items():
        for word in words:
            index.setdefault(_word(word), []).append(key)
    return {word: tuple(keys) for word, keys in index.items()}


def english_keys(key: str) -> tuple[str, ...]:
    """The keys of the format that a German key name may stand for, most likely first."""
    return _german_index().get(_word(key), ())


# The field whose values the site shows with labels `<prefix>_<value>` (and `_long`).
_LABEL_PREFIX = {"kind": "relation"}


@functools.cache
def _shown_values(field: str) -> dict[str, str]:
    # Local import: the labels live with the pages, and the core should not pull in
    # the renderer just to be imported.
    from mkdocs_cjm_plugin.i18n.texts import LANGUAGES

    prefix = _LABEL_PREFIX.get(field, field) + "_"
    out: dict[str, str] = {}
    for table in LANGUAGES.values():
        for key, text in table.items():
            if key.startswith(prefix):
                value = key[len(prefix):].removesuffix("_long")
                out.setdefault(_value_key(text), value)
    return out


def _value_key(text: str) -> str:
    return " ".join(text.casefold().split())


def value_as_shown(field: str, written: str, choices: Iterable[str]) -> str | None:
    """The allowed value whose label the site shows as `written` (`In Arbeit` -> `doing`)."""
    found = _shown_values(field).get(_value_key(written))
    return found if found in set(choices) else None


def name_key(text: str) -> str:
    """A display name as compared with what an author wrote where an id belongs: case,
    spaces, punctuation and the spelling of umlauts do not count."""
    return slugify(text).replace("-", "")


def ids_by_name(names: Mapping[str, list[str]], written: str) -> list[str]:
    """Ids of the entities whose display name is `written`."""
    return list(dict.fromkeys(names.get(name_key(written), [])))


def comma_parts(text: str) -> list[str]:
    """The items of a comma-separated text (`anna, ben`), or [] when it has no comma."""
    if "," not in text:
        return []
    return [part.strip() for part in text.split(",") if part.strip()]


# German writes thousands with points: `1.000,5` is one thousand and a half.
_DECIMAL_COMMA = re.compile(r"^\s*([+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)),(\d+)\s*$")


def decimal_point(text: str) -> str | None:
    """`3,5` and `1.000,5` as the number the author meant, written with a point:
    `3.5`, `1000.5`."""
    found = _DECIMAL_COMMA.match(text)
    return f"{found.group(1).replace('.', '')}.{found.group(2)}" if found else None
