"""A synthetic handbook of any size, the same for the same seed: the benchmarks' input.

What a large company's handbook looks like: personas (one per ten journeys), stakeholders
with relations between them, and journeys of 6 phases x 4 steps with KPIs, opportunities,
pains and gains, in German and (every third journey) English text of realistic length.
Every fifth journey is a target journey that `compares_to` the current journey before it.
The handbook is valid: `cjm check` reports no error, so a benchmark measures the
ordinary case, not the error path.

    python benchmarks/corpus.py 100 /tmp/handbook/journeys     # writes the YAML files
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path
from typing import Any

import yaml

PHASES = {
    "de": [
        ("inspiration", "Inspiration & Bedarf erkennen"),
        ("informationssuche", "Informationssuche"),
        ("planung", "Planung & Vergleich"),
        ("kauf", "Entscheidung & Kauf"),
        ("lieferung", "Lieferung & Nutzung"),
        ("bindung", "Service & Bindung"),
    ],
    "en": [
        ("awareness", "Awareness"),
        ("research", "Research"),
        ("comparison", "Planning & comparison"),
        ("purchase", "Decision & purchase"),
        ("delivery", "Delivery & use"),
        ("loyalty", "Service & loyalty"),
    ],
}
CHANNELS = ["Website", "Telefon", "E-Mail", "Filiale", "App", "Messe", "Chat", "Brief"]
SYSTEMS = ["CRM", "ERP", "Website-CMS", "Ticketsystem", "Matomo", "Telefonanlage"]
TEXT = {
    "de": {
        "verbs": ["Sucht", "Vergleicht", "Ruft an bei", "Liest", "Bestellt", "Wartet auf",
                  "Prüft", "Testet"],
        "touchpoint": "Kontaktpunkt",
        "nouns": ["Angebot", "Hotline", "Ratgeber", "Lieferung", "Rechnung", "Vertrag",
                  "Gerät", "Termin"],
        "pains": ["Preise nur *auf Anfrage*", "Lange Warteschleife",
                  "Formular mit 14 Pflichtfeldern", "Niemand kennt die Vorgeschichte",
                  "Wartungskosten im Kleingedruckten"],
        "gains": ["Klare Angabe der Lieferzeit", "Ein fester Ansprechpartner",
                  "Rückruf zur vereinbarten Zeit", "Alle Kosten auf einer Seite"],
        "thoughts": ["Warum dauert das so lange?", "Wer ist eigentlich zuständig?",
                     "Kann ich das meinem Chef in fünf Minuten erklären?"],
        "action": "Öffnet die Seite, liest die Bedingungen und entscheidet, ob es weitergeht; "
                  "fragt im Zweifel eine Kollegin, die das Produkt schon kennt.",
        "phase": "Was in dieser Phase geschieht, in zwei Sätzen erklärt. Die Kundin sammelt "
                 "Eindrücke und vergleicht sie mit dem, was sie von früher kennt.",
        "title": "Kaffeeversorgung fürs Büro beschaffen",
        "summary": "Die heutige Kaufreise einer Geschäftskundin vom ersten Ärger bis zur "
                   "Weiterempfehlung, aufgenommen im Workshop mit Vertrieb und Service.",
        "scenario": "Die alten Padmaschinen fallen reihenweise aus; die Teamassistenz soll "
                    "bis Monatsende eine Lösung finden.",
        "opportunity": "Rückrufservice statt Warteschleife",
        "kpi": "Wartezeit",
        "unit": "Minuten",
    },
    "en": {
        "verbs": ["Searches", "Compares", "Calls", "Reads", "Orders", "Waits for", "Checks",
                  "Tries"],
        "touchpoint": "Touchpoint",
        "nouns": ["offer", "hotline", "guide", "delivery", "invoice", "contract", "device",
                  "appointment"],
        "pains": ["Prices only *on request*", "Long hold queue", "Form with 14 required fields",
                  "Nobody knows the history", "Maintenance costs in the small print"],
        "gains": ["Clear delivery time", "One contact person", "Call back at the agreed time",
                  "All costs on one page"],
        "thoughts": ["Why does this take so long?", "Who is in charge here?",
                     "Can I explain this to my boss in five minutes?"],
        "action": "Opens the page, reads the terms and decides whether to go on; asks a "
                  "colleague who already knows the product when in doubt.",
        "phase": "What happens in this phase, explained in two sentences. The customer "
                 "gathers impressions and compares them with what she knows.",
        "title": "Buying coffee supplies for the office",
        "summary": "Today's purchase journey of a business customer from the first annoyance "
                   "to the recommendation, recorded in a workshop with sales and service.",
        "scenario": "The old pod machines break down one after another; the team assistant "
                    "must find a solution by the end of the month.",
        "opportunity": "Call-back service instead of a hold queue",
        "kpi": "Waiting time",
        "unit": "minutes",
    },
}


def sizes(journeys: int) -> tuple[int, int]:
    """(personas, stakeholders) for a handbook of `journeys` journeys."""
    return max(3, journeys // 10), max(6, 10 + journeys // 50)


def _persona(i: int) -> dict[str, Any]:
    lang = "en" if i % 3 == 2 else "de"
    t = TEXT[lang]
    return {
        "kind": "persona",
        "id": f"persona-{i}",
        "name": f"Persona {i} Beispiel",
        "role": "Einkaufsleiterin im Mittelstand" if lang == "de" else "Head of purchasing",
        "quote": "Ich brauche ein Angebot, das ich in fünf Minuten erklären kann."
        if lang == "de" else "I need an offer I can explain in five minutes.",
        "summary": t["summary"],
        "segment": ["Gold", "Silber", "Bronze"][i % 3],
        "demographics": {"Alter": 30 + i % 30, "Wohnort": "Heilbronn", "Einkommen": "86.000 €"},
        "goals": ["Planbare Kosten", "Wenige, verlässliche Lieferanten"],
        "pains": t["pains"][:3],
        "gains": t["gains"][:3],
        "channels": ["Suchmaschine", "Fachmessen", "Newsletter"],
        "tags": ["B2B", "Einkauf"],
    }


def _stakeholder(i: int, count: int) -> dict[str, Any]:
    return {
        "kind": "stakeholder",
        "id": f"team-{i}",
        "name": f"Team {i}",
        "type": ["internal", "external", "partner"][i % 3],
        "importance": ["essential", "important", "interesting"][i % 3],
        "description": "Sorgt dafür, dass Anfragen **am selben Tag** beantwortet werden.",
        "relations": [
            {"to": "customer", "label": "Beratung"},
            {"to": f"team-{(i + 1) % count}", "label": "Fallhistorie", "kind": "informal"},
            {"to": f"team-{(i + 7) % count}", "label": "Übergabe"},
        ],
        "tags": ["Service"],
    }


def _step(
    rng: random.Random, t: dict[str, Any], team: int, p: int, s: int, teams: int
) -> dict[str, Any]:
    step: dict[str, Any] = {
        "name": f"{rng.choice(t['verbs'])} {rng.choice(t['nouns'])} ({p + 1}.{s + 1})",
        "action": t["action"],
        "touchpoint": f"{t['touchpoint']} {rng.choice(t['nouns'])}",
        "channel": rng.choice(CHANNELS),
        "thoughts": rng.sample(t["thoughts"], 2),
        "emotion": rng.randint(1, 5),
        "pains": rng.sample(t["pains"], 2),
        "gains": rng.choice(t["gains"]),
        "owner": f"team-{(team + s) % teams}",
        "systems": rng.sample(SYSTEMS, 2),
        "evidence": rng.choice(["assumption", "partial", "research"]),
    }
    if s == 1:
        step["moment_of_truth"] = "Hier entscheidet sich, ob die Kundin bleibt."
        step["kpis"] = [
            {"name": t["kpi"], "target": 2, "actual": rng.randint(1, 6), "unit": t["unit"],
             "source": "Telefonanlage", "higher_is_better": False},
        ]
    if s == 2:
        step["opportunities"] = [
            {"title": t["opportunity"], "owner": f"team-{team % teams}",
             "due": dt.date(2027, 1 + p, 15), "status": rng.choice(["idea", "planned", "done"]),
             "impact": rng.choice(["low", "medium", "high"]),
             "description": "Kundinnen wählen ein Zeitfenster für den Rückruf."},
        ]
    return step


def _journey(rng: random.Random, j: int, personas: int, teams: int) -> dict[str, Any]:
    lang = "en" if j % 3 == 2 else "de"
    t = TEXT[lang]
    team = j % teams
    phases = [
        {
            "id": pid,
            "name": name,
            "description": t["phase"],
            "customer_goals": ["Marktüberblick gewinnen", "Preisrahmen kennen"],
            "company_goals": "Eine qualifizierte Anfrage erhalten",
            "backstage": ["Kampagne *Kaffeepause neu gedacht*", "Angebotskalkulation im ERP"],
            "responsible": [f"team-{(team + p) % teams}", f"team-{(team + p + 1) % teams}"],
            "systems": rng.sample(SYSTEMS, 3),
            "kpis": [{"name": "Anfragen", "target": 60, "actual": rng.randint(20, 90),
                      "unit": "pro Monat", "source": "CRM"}],
            "steps": [_step(rng, t, team, p, s, teams) for s in range(4)],
        }
        for p, (pid, name) in enumerate(PHASES[lang])
    ]
    journey: dict[str, Any] = {
        "kind": "journey",
        "id": f"journey-{j}",
        "title": f"{j}: {t['title']}",
        "persona": f"persona-{j % personas}",
        "state": "current",
        "owner": f"team-{team}",
        "summary": t["summary"],
        "scenario": t["scenario"],
        "expectation": "Innerhalb von sechs Wochen ein vergleichbares Angebot.",
        "stakeholders": [f"team-{(team + 3) % teams}"],
        "tags": ["B2B", "Kauf", f"Segment {j % 7}"],
        "updated": dt.date(2026, 1 + j % 12, 1 + j % 28),
        "extra": {"Workshop": "17.09.2026", "Version": f"1.{j % 9}"},
        "phases": phases,
    }
    if j % 5 == 4:  # the target picture of the journey before it (same language)
        journey["state"] = "target"
        journey["compares_to"] = f"journey-{j - 3}" if lang == "en" else f"journey-{j - 1}"
    return journey


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def journey_text(j: int, journeys: int, seed: int = 1) -> str:
    """The YAML text of journey `j` (the same as `generate` writes)."""
    personas, teams = sizes(journeys)
    return dump(_journey(random.Random(f"{seed}-{j}"), j, personas, teams))


def generate(folder: Path, journeys: int, seed: int = 1) -> int:
    """Write a handbook of `journeys` journeys into `folder`; the number of bytes written.

    Each journey has a random generator of its own (seeded by `seed` and its number), so
    a handbook of 1,000 journeys starts with the 100 of a handbook of 100.
    """
    personas, teams = sizes(journeys)
    (folder / "personas").mkdir(parents=True, exist_ok=True)
    (folder / "journeys").mkdir(exist_ok=True)
    size = 0

    def write(path: Path, text: str) -> None:
        nonlocal size
        path.write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))

    for i in range(personas):
        write(folder / "personas" / f"persona-{i}.yml", dump(_persona(i)))
    write(folder / "stakeholders.yml", yaml.safe_dump_all(
        [_stakeholder(i, teams) for i in range(teams)], allow_unicode=True, sort_keys=False,
    ))
    for j in range(journeys):
        write(folder / "journeys" / f"journey-{j:04d}.yml", journey_text(j, journeys, seed))
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("journeys", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    size = generate(args.folder, args.journeys, args.seed)
    print(f"{args.journeys} journeys, {size / 1e6:.1f} MB of YAML in {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
