"""The smallest valid handbook (one persona, one stakeholder, one journey) as YAML text.

Tests break one thing in it at a time, so each problem is the only one reported.
"""

from __future__ import annotations

PERSONA = """\
kind: persona
id: anna
name: Anna Berger
"""

STAKEHOLDER = """\
kind: stakeholder
id: kundenservice
name: Kundenservice
"""

JOURNEY = """\
kind: journey
id: kauf
title: Kauf
persona: anna
owner: kundenservice
updated: 2026-01-01
phases:
  - name: Suche
    steps:
      - name: Sucht im Netz
        channel: Website
        emotion: 3
"""
