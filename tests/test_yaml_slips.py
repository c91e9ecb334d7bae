"""YAML slips in plain words: what was written, where the slip is, and the fixed line.

Each case is a file with one kind of slip, and the exact lines `cjm check` prints for
it: position (the line of the slip itself, not where the parser gave up), code and the
corrected line the message proposes. Several inputs per kind of slip, and the same
messages when PyYAML runs without libyaml.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import textwrap
from pathlib import Path

import pytest
import yaml

from mkdocs_cjm_plugin.core import yaml_source
from mkdocs_cjm_plugin.core.load import LoadResult
from mkdocs_cjm_plugin.core.pipeline import load_texts

ANNA = "kind: persona\nname: Anna\n"


def load(text: str) -> LoadResult:
    """`text` as p.yml; a journey gets the persona `anna` it names."""
    files = {"p.yml": text}
    if "kind: journey" in text:
        files["anna.yml"] = ANNA
    return load_texts(files)


def errors(text: str) -> list[str]:
    return [d.format() for d in load(text).errors]


P = "kind: persona\nid: anna\nname: Anna\n"

SLIPS: list[tuple[str, list[str]]] = [
    # CJM040
    (
        'kind: persona\nid: anna\nname: Anna\n\trole: Einkauf\n',
        [
            "p.yml:4:1: error[CJM040]: line 4 is indented with a tab; YAML allows only spaces "
            "for indentation, so replace the tab with spaces (most editors: 'Convert indentation "
            "to spaces')",
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\ngoals:\n\t- Ruhe\n',
        [
            "p.yml:5:1: error[CJM040]: line 5 is indented with a tab; YAML allows only spaces "
            "for indentation, so replace the tab with spaces (most editors: 'Convert indentation "
            "to spaces')",
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\ngoals:\n  - Ruhe\n  \t- Zeit\n',
        [
            "p.yml:6:3: error[CJM040]: line 6 is indented with a tab; YAML allows only spaces "
            "for indentation, so replace the tab with spaces (most editors: 'Convert indentation "
            "to spaces')",
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\ndemographics:\n\tAlter: 44\n\tOrt: Köln\n',
        [
            "p.yml:5:1: error[CJM040]: line 5 is indented with a tab; YAML allows only spaces "
            "for indentation, so replace the tab with spaces (most editors: 'Convert indentation "
            "to spaces')",
            "p.yml:6:1: error[CJM040]: line 6 is indented with a tab; YAML allows only spaces "
            "for indentation, so replace the tab with spaces (most editors: 'Convert indentation "
            "to spaces')",
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\nsummary: |\n  Text mit\n    \tTab im Text\n\trole: '
        'x\n',
        [
            "p.yml:7:1: error[CJM040]: line 7 is indented with a tab; YAML allows only spaces "
            "for indentation, so replace the tab with spaces (most editors: 'Convert indentation "
            "to spaces')",
        ],
    ),
    # CJM041
    (
        'kind: persona\nid: anna\nname: Anna\n  role: Einkauf\n',
        [
            'p.yml:4:3: error[CJM041]: line 4 is indented further than `name:` on line 3, so '
            'YAML reads it as more text of `name`; start `role:` in the same column as `name:` '
            '(column 1)',
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\n role: Einkauf\n',
        [
            'p.yml:4:2: error[CJM041]: line 4 is indented further than `name:` on line 3, so '
            'YAML reads it as more text of `name`; start `role:` in the same column as `name:` '
            '(column 1)',
        ],
    ),
    (
        'kind: journey\nid: kauf\ntitle: Kauf\npersona: anna\nphases:\n  - name: Suche\n    '
        'steps:\n      - name: Sucht\n     channel: Web\n',
        [
            'p.yml:9:6: error[CJM041]: line 9 is indented by 5 spaces, which lines up with no '
            'line above it; indent it by 8 spaces, like `name:` on line 8 (or indent it by 4 '
            'spaces, like `steps:` on line 7)',
        ],
    ),
    (
        'kind: journey\nid: kauf\ntitle: Kauf\npersona: anna\nphases:\n  - name: Suche\n    '
        'emotion: 3\n   steps: []\n',
        [
            'p.yml:8:4: error[CJM041]: line 8 is indented by 3 spaces, which lines up with no '
            'line above it; indent it by 4 spaces, like `emotion:` on line 7 (or start it in '
            'column 1, like `phases:` on line 5)',
        ],
    ),
    (
        'kind: journey\nid: kauf\ntitle: Kauf\npersona: anna\nphases:\n  - name: Suche\n    '
        'steps:\n      - name: Sucht\n    - name: Ruft an\n',
        [
            'p.yml:9:5: error[CJM041]: line 9 is indented by 4 spaces, which lines up with no '
            'line above it; indent it by 6 spaces, like the `-` on line 8 (or indent it by 2 '
            'spaces, like the `-` on line 6)',
        ],
    ),
    # CJM042
    (
        'kind: persona\nid: anna\nname:Anna\nrole: Einkauf\n',
        [
            'p.yml:3:5: error[CJM042]: `name:` needs a space after the colon, otherwise YAML '
            'reads `name:Anna` as one piece of text; write `name: Anna`',
        ],
    ),
    (
        'kind: persona\nid: anna\nname:Anna\n',
        [
            'p.yml:3:5: error[CJM042]: `name:` needs a space after the colon, otherwise YAML '
            'reads `name:Anna` as one piece of text; write `name: Anna`',
        ],
    ),
    (
        'kind:persona\nid: anna\nname: Anna\n',
        [
            'p.yml:1:5: error[CJM042]: `kind:` needs a space after the colon, otherwise YAML '
            'reads `kind:persona` as one piece of text; write `kind: persona`',
        ],
    ),
    (
        'kind: journey\nid: kauf\ntitle: Kauf\npersona: anna\nphases:\n  - name: Suche\n    '
        'emotion:3\n  - name: Kauf\n',
        [
            'p.yml:7:12: error[CJM042]: `emotion:` needs a space after the colon, otherwise YAML '
            'reads `emotion:3` as one piece of text; write `emotion: 3`',
        ],
    ),
    (
        'kind: journey\nid: kauf\ntitle: Kauf\npersona: anna\nphases:\n  - name:Suche\n    '
        'emotion: 3\n',
        [
            'p.yml:6:9: error[CJM042]: `name:` needs a space after the colon, otherwise YAML '
            'reads `name:Suche` as one piece of text; write `- name: Suche`',
        ],
    ),
    # CJM043
    (
        'kind: journey\nid: kauf\ntitle: Kauf\npersona: anna\ntitle: Anruf: Hotline\n',
        [
            'p.yml:5:8: error[CJM043]: the text after `title:` contains `: `, which YAML reads '
            'as the start of another key; put the text in quotes: `title: "Anruf: Hotline"`',
        ],
    ),
    (
        'kind: journey\nid: kauf\ntitle: Kauf\npersona: anna\ntitle: Anruf: Hotline  # neu\n',
        [
            'p.yml:5:8: error[CJM043]: the text after `title:` contains `: `, which YAML reads '
            'as the start of another key; put the text in quotes: `title: "Anruf: Hotline"  # '
            'neu`',
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\ngoals:\n  - Ruhe\n  - Ziel: schnell: gut\n',
        [
            'p.yml:6:5: error[CJM043]: this list item contains `: `, which YAML reads as the '
            'start of another key; put the text in quotes: `- "Ziel: schnell: gut"`',
        ],
    ),
    (
        'kind: journey\nid: kauf\ntitle: Kauf\npersona: anna\nphases:\n  - name: Kauf: online\n  '
        '  emotion: 3\n',
        [
            'p.yml:6:11: error[CJM043]: the text after `name:` contains `: `, which YAML reads '
            'as the start of another key; put the text in quotes: `- name: "Kauf: online"`',
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\nquote: Er sagt: "Nie wieder"\n',
        [
            'p.yml:4:8: error[CJM043]: the text after `quote:` contains `: `, which YAML reads '
            'as the start of another key; put the text in quotes: `quote: \'Er sagt: "Nie '
            'wieder"\'`',
        ],
    ),
    # CJM044
    (
        'kind: persona\nid: anna\nname: Anna\nquote: *Nie wieder*\n',
        [
            'p.yml:4:8: error[CJM044]: the text after `quote:` starts with `*`, which YAML reads '
            'as a reference to a name defined elsewhere (`*name`); put the whole text in quotes: '
            '`quote: "*Nie wieder*"`',
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\npains:\n  - **Planbare** Kosten\n',
        [
            'p.yml:5:5: error[CJM044]: this list item starts with `**`, which YAML reads as a '
            'reference to a name defined elsewhere (`*name`); put the whole text in quotes: `- '
            '"**Planbare** Kosten"`',
        ],
    ),
    (
        'kind: persona\nid: anna\nname: &Anna Berger\n',
        [
            'p.yml:3:7: error[CJM044]: the text after `name:` starts with `&`, which YAML reads '
            'as a name for reuse (`&name`); put the whole text in quotes: `name: "&Anna Berger"`',
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\nrole: & Co\n',
        [
            'p.yml:4:7: error[CJM044]: the text after `role:` starts with `&`, which YAML reads '
            'as a name for reuse (`&name`); put the whole text in quotes: `role: "& Co"`',
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\nrole: @einkauf\n',
        [
            'p.yml:4:7: error[CJM044]: the text after `role:` starts with `@`, which YAML reads '
            'as a character reserved by YAML; put the whole text in quotes: `role: "@einkauf"`',
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\nrole: `Einkauf`\n',
        [
            'p.yml:4:7: error[CJM044]: the text after `role:` starts with ` (a backquote), which '
            'YAML reads as a character reserved by YAML; put the whole text in quotes: `role: '
            '"`Einkauf`"`',
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\nrole: %50 Einkauf\n',
        [
            'p.yml:4:7: error[CJM044]: the text after `role:` starts with `%`, which YAML reads '
            'as a setting for the YAML reader; put the whole text in quotes: `role: "%50 '
            'Einkauf"`',
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\nquote: | Nie wieder\n',
        [
            'p.yml:4:8: error[CJM044]: the text after `quote:` starts with `|`, which YAML reads '
            'as the start of a block of text on the following lines; put the whole text in '
            'quotes: `quote: "| Nie wieder"`, or start the text on the next line, indented',
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\ngoals:\n  - > besser\n',
        [
            'p.yml:5:5: error[CJM044]: this list item starts with `>`, which YAML reads as the '
            'start of a block of text on the following lines; put the whole text in quotes: `- '
            '"> besser"`, or start the text on the next line, indented',
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\nrole: [Entwurf] Einkauf\n',
        [
            'p.yml:4:7: error[CJM044]: the text after `role:` starts with `[`, which YAML reads '
            'as the start of a list; put the whole text in quotes: `role: "[Entwurf] Einkauf"`',
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\nrole: {Entwurf} Einkauf\n',
        [
            'p.yml:4:7: error[CJM044]: the text after `role:` starts with `{`, which YAML reads '
            'as the start of a map; put the whole text in quotes: `role: "{Entwurf} Einkauf"`',
        ],
    ),
    # CJM045
    (
        'kind: persona\nid: anna\nname: "Anna\nrole: Einkauf\n',
        [
            'p.yml:3:7: error[CJM045]: the quote " that starts the text on line 3 is never '
            'closed, so YAML reads the rest of the file as part of that text; add the closing " '
            'at the end of the text: `name: "Anna"`',
        ],
    ),
    (
        "kind: persona\nid: anna\nname: 'Anna\nrole: Einkauf\n",
        [
            "p.yml:3:7: error[CJM045]: the quote ' that starts the text on line 3 is never "
            "closed, so YAML reads the rest of the file as part of that text; add the closing ' "
            "at the end of the text: `name: 'Anna'`",
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\nquote: "Nie" wieder\n',
        [
            'p.yml:4:8: error[CJM045]: the text after `quote:` goes on after its closing quote '
            '"; put the whole text in one pair of quotes: `quote: \'"Nie" wieder\'`',
        ],
    ),
    (
        "kind: persona\nid: anna\nname: Anna\nquote: 'Ich hab's nicht'\n",
        [
            'p.yml:4:8: error[CJM045]: the text after `quote:` goes on after its closing quote '
            '\'; an apostrophe inside \'…\' ends the text, so use double quotes around it; put '
            'the whole text in one pair of quotes: `quote: "Ich hab\'s nicht"`',
        ],
    ),
    (
        "kind: persona\nid: anna\nname: Anna\nquote: 'Nie' wieder\n",
        [
            'p.yml:4:8: error[CJM045]: the text after `quote:` goes on after its closing quote '
            '\'; put the whole text in one pair of quotes: `quote: "\'Nie\' wieder"`',
        ],
    ),
    # CJM046
    (
        'kind: persona\nid: anna\nname: Anna\ngoals: [Ruhe, Zeit\nrole: Einkauf\n',
        [
            'p.yml:4:8: error[CJM046]: the `[` that starts a list on line 4 is never closed; add '
            '`]` after its last entry: `goals: [Ruhe, Zeit]`',
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\ndemographics: {Alter: 44\nrole: Einkauf\n',
        [
            'p.yml:4:15: error[CJM046]: the `{` that starts a map on line 4 is never closed; add '
            '`}` after its last entry: `demographics: {Alter: 44}`',
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\ngoals: [Ruhe,\n  Zeit,\n  Geld\nrole: Einkauf\n',
        [
            'p.yml:4:8: error[CJM046]: the `[` that starts a list on line 4 is never closed; add '
            '`]` after its last entry at the end of line 6: `Geld]`',
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\ngoals: [Ruhe, Zeit\n',
        [
            'p.yml:4:8: error[CJM046]: the `[` that starts a list on line 4 is never closed; add '
            '`]` after its last entry: `goals: [Ruhe, Zeit]`',
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\ngoals: [\n',
        [
            'p.yml:4:8: error[CJM046]: the `[` that starts a list on line 4 is never closed; add '
            '`]` after its last entry: `goals: []`',
        ],
    ),
    # CJM047
    (
        'kind: journey\nid: kauf\ntitle: Kauf\npersona: anna\nphases:\n  - name: Suche\n    '
        'steps:\n      - name: Sucht\n        emotion: 2\n    name: Kauf\n    emotion: 3\n',
        [
            'p.yml:10:5: error[CJM047]: line 10 starts a new list item but has no `- ` in front, '
            'so YAML adds its keys to the item on line 6 and drops them as duplicates; write `- '
            'name: Kauf`, with the `-` in line with the `-` of line 6',
        ],
    ),
    (
        'kind: journey\nid: kauf\ntitle: Kauf\npersona: anna\nphases:\n  - name: Suche\n    '
        'emotion: 2\n  name: Kauf\n    emotion: 4\n',
        [
            'p.yml:8:3: error[CJM047]: line 8 starts a new list item but has no `- ` in front, '
            'while the item on line 6 has one; write `- name: Kauf`',
        ],
    ),
    (
        'kind: journey\nid: kauf\ntitle: Kauf\npersona: anna\nphases:\n  name: Suche\n  emotion: '
        '2\n  - name: Kauf\n    emotion: 4\n',
        [
            'p.yml:6:3: error[CJM047]: the list item on line 8 starts with `- `, but the item '
            'that starts on line 6 has none; write `- name: Suche` there and indent the lines of '
            'that item below it by two more spaces',
        ],
    ),
    # CJM050
    (
        'kind: persona\nid: anna\nname: Anna\nrole: "Einkauf\\Verwaltung"\n',
        [
            "p.yml:4:15: error[CJM050]: in text between double quotes a backslash starts a "
            "special character (such as `\\n` for a new line), and this one does not; put the "
            "text in single quotes, where a backslash is just a backslash, or write each "
            "backslash twice: `role: 'Einkauf\\Verwaltung'`",
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\nrole: "Einkauf\\Verwaltung"  # Abteilung\n',
        [
            "p.yml:4:15: error[CJM050]: in text between double quotes a backslash starts a "
            "special character (such as `\\n` for a new line), and this one does not; put the "
            "text in single quotes, where a backslash is just a backslash, or write each "
            "backslash twice: `role: 'Einkauf\\Verwaltung'  # Abteilung`",
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\nquote: "Ich hab\'s \\q nicht"\n',
        [
            'p.yml:4:19: error[CJM050]: in text between double quotes a backslash starts a '
            'special character (such as `\\n` for a new line), and this one does not; put the '
            'text in single quotes, where a backslash is just a backslash, or write each '
            'backslash twice: `quote: "Ich hab\'s \\\\q nicht"`',
        ],
    ),
    # A valid escape of something that is no character: not the backslash's fault.
    (
        'kind: persona\nid: anna\nname: Anna\nrole: "Einkauf \\ud83d Verwaltung"\n',
        [
            "p.yml:4:16: error[CJM050]: `\\ud83d` stands for half of a character, which text "
            "cannot hold on its own; write the character itself, or its whole code, such as "
            "`\\U0001F600` for 😀",
        ],
    ),
    (
        'kind: persona\nid: anna\nname: Anna\nrole: "Einkauf \\U00110000"\n',
        [
            "p.yml:4:16: error[CJM050]: `\\U00110000` stands for no character (the last one "
            "is `\\U0010FFFF`); write the character itself, or its whole code, such as "
            "`\\U0001F600` for 😀",
        ],
    ),
]


# Slips whose message once proposed a wrong fix, or said nothing. Each is a journey
# whose phases or steps are mistyped as noted.
KAUF = "kind: journey\nid: kauf\ntitle: Kauf\npersona: anna\nphases:\n"
STEP_A = (
    "  - name: Suche\n    customer_goals: x\n    steps:\n      - name: A\n        channel: Web\n"
)

SLIPS += [
    # CJM041: a key of a list item in line with the item's `-`: indent the key, do not
    # add a `- ` (that would make an item of its own, a phase without a name).
    (
        KAUF + "  - name: Suche\n    customer_goals: x\n  steps:\n    - name: A\n"
        "      channel: Web\n      emotion: 3\n",
        [
            "p.yml:8:3: error[CJM041]: `steps:` on line 8 starts in the column of the `-` on "
            "line 6, so YAML takes it for a new list item; indent it by 4 spaces, like `name:` "
            "on line 6, to make it a key of that item",
        ],
    ),
    (
        KAUF + "  - name: Suche\n    steps:\n      - name: A\n      channel: Web\n"
        "        emotion: 3\n",
        [
            "p.yml:9:7: error[CJM041]: `channel:` on line 9 starts in the column of the `-` on "
            "line 8, so YAML takes it for a new list item; indent it by 8 spaces, like `name:` "
            "on line 8, to make it a key of that item",
        ],
    ),
    # CJM041: text going on on the next line, in column 1 or in line with its key.
    (
        "kind: journey\nid: kauf\ntitle: Kauf\nsummary: Anna kauft ein,\naber nur montags.\n"
        "persona: anna\nphases:\n  - name: Suche\n    emotion: 3\n",
        [
            "p.yml:5:1: error[CJM041]: line 5 goes on with the text of `summary:` on line 4, but "
            "starts in column 1, where YAML expects a new key; indent it by 2 spaces, or put the "
            "whole text in quotes, or write `summary: >` and the text on the lines below it, "
            "indented",
        ],
    ),
    (
        KAUF + STEP_A + "        thoughts: Wo finde ich\n        das Formular?\n",
        [
            "p.yml:12:9: error[CJM041]: line 12 goes on with the text of `thoughts:` on line 11, "
            "but starts in line with the key, where YAML expects a new key; indent it by 10 "
            "spaces, or put the whole text in quotes, or write `thoughts: >` and the text on the "
            "lines below it, indented",
        ],
    ),
    # CJM054: a key of the format without its colon, where text could go on.
    (
        "kind: journey\nid: kauf\ntitle: Kauf\npersona anna\nphases:\n  - name: Suche\n"
        "    emotion: 3\n",
        [
            "p.yml:4:1: error[CJM054]: `persona` on line 4 has no `:` after it, so YAML reads "
            "the line as more text of `title:` above it; write `persona: anna`",
        ],
    ),
    # CJM042: `- name:B` as the last line reads as valid YAML (a text item), yet is the
    # same slip as with a line after it.
    (
        KAUF + STEP_A + "      - name:B\n",
        [
            "p.yml:11:13: error[CJM042]: `name:` needs a space after the colon, otherwise YAML "
            "reads `name:B` as one piece of text; write `- name: B`",
        ],
    ),
    (
        KAUF + STEP_A + "      - name:B\n        channel: Web\n",
        [
            "p.yml:11:13: error[CJM042]: `name:` needs a space after the colon, otherwise YAML "
            "reads `name:B` as one piece of text; write `- name: B`",
        ],
    ),
    # CJM043: a list item of texts that YAML reads as a map.
    (
        KAUF + STEP_A + "        pains:\n          - Wartezeit\n          - Ärger: groß\n",
        [
            "p.yml:13:13: error[CJM043]: this list item contains `: `, which YAML reads as the "
            "start of another key; put the text in quotes: `- \"Ärger: groß\"`",
        ],
    ),
    # CJM051: no space after a list item's `-`.
    (
        KAUF + "  -name: Suche\n    steps:\n      - name: A\n",
        [
            "p.yml:6:3: error[CJM051]: `-name` needs a space after the `-` to be a list item, "
            "otherwise YAML reads it as text; write `- name: Suche`",
        ],
    ),
    (
        # Valid YAML that loses data: one pain "-Wartezeit -Ärger".
        KAUF + STEP_A + "        pains:\n          -Wartezeit\n          -Ärger\n",
        [
            "p.yml:12:11: error[CJM051]: `-Wartezeit` needs a space after the `-` to be a list "
            "item, otherwise YAML reads it as text; write `- Wartezeit`",
            "p.yml:13:11: error[CJM051]: `-Ärger` needs a space after the `-` to be a list "
            "item, otherwise YAML reads it as text; write `- Ärger`",
        ],
    ),
    (
        KAUF + STEP_A + "        pains:\n          - Wartezeit\n          -Ärger\n",
        [
            "p.yml:13:11: error[CJM051]: `-Ärger` needs a space after the `-` to be a list "
            "item, otherwise YAML reads it as text; write `- Ärger`",
        ],
    ),
    # CJM052: a list on the line of its key.
    (
        KAUF + STEP_A + "        pains: - Wartezeit\n",
        [
            "p.yml:11:16: error[CJM052]: a list item cannot start on the line of its key: for a "
            "list, put `- Wartezeit` on a line of its own below `pains:`, indented by 2 more "
            "spaces, or write `pains: [Wartezeit]`; for text that starts with `-`, put it in "
            "quotes: `pains: \"- Wartezeit\"`",
        ],
    ),
    # CJM013: a key of a phase (or step) at the top level: where it belongs.
    (
        KAUF + "  - name: Suche\nsteps:\n  - name: A\n",
        [
            "p.yml:7:1: error[CJM013]: `steps` is a key of a phase (under `phases:`), not of a "
            "journey; indent it to line up with `name:` on line 6 (column 5), the first key of "
            "the phase above it",
        ],
    ),
    (
        KAUF + STEP_A + "channel: Web\n",
        [
            "p.yml:11:1: error[CJM013]: `channel` is a key of a step (under `steps:`), not of a "
            "journey; indent it to line up with `name:` on line 9 (column 9), the first key of "
            "the step above it",
        ],
    ),
    # CJM014: a German number with a thousands point.
    (
        KAUF + "  - name: Suche\n    emotion: 3\n    kpis:\n      - name: NPS\n"
        "        target: 1.000,5\n",
        [
            "p.yml:10:17: error[CJM014]: `target` must be a number, found the text '1.000,5'; "
            "write decimals with a point: `target: 1000.5`",
        ],
    ),
]

# A warning: text after ` #` and a number, which YAML drops as a comment.
CUT_BY_COMMENT = [
    (
        "kind: journey\nid: kauf\ntitle: Kauf #1 Premium\npersona: anna\nphases:\n"
        "  - name: Suche\n    emotion: 3\n",
        "p.yml:3:13: warning[CJM053]: YAML reads `#1 Premium` as a comment, so `title` is only "
        "'Kauf'; if the `#` is part of the text, put the whole text in quotes: `title: \"Kauf "
        "#1 Premium\"`",
    ),
    (
        KAUF + STEP_A + "        pains:\n          - Wartezeit #2\n",
        "p.yml:12:23: warning[CJM053]: YAML reads `#2` as a comment, so this list item is only "
        "'Wartezeit'; if the `#` is part of the text, put the whole text in quotes: `- "
        "\"Wartezeit #2\"`",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CUT_BY_COMMENT)
def test_text_cut_short_by_a_comment(text: str, expected: str) -> None:
    assert [d.format() for d in load(text).diagnostics if d.code == "CJM053"] == [expected]


def test_comments_are_left_alone() -> None:
    text = KAUF + STEP_A + (
        "        emotion: 3 # 3 = neutral\n        thoughts: |\n          Kauf #1 Premium\n"
        "        touchpoint: Shop #todo\n        pains:\n          - 'Nr. #3'\n"
        "          - Wartezeit  #2 Minuten, geschätzt\n"
    )
    assert [d.format() for d in load(text).diagnostics if d.code == "CJM053"] == []


# Not slips: what these look like is valid and meant.
NOT_SLIPS = [
    KAUF + STEP_A + "        emotion: -2\n        pains:\n          - -5 % Umsatz\n",
    "kind: journey\nid: kauf\ntitle: Kauf\npersona: anna\nsummary: |\n  -Liste\n  -Zwei\n"
    "phases:\n  - name: Suche\n    emotion: 3\n",
    KAUF + "  - name: Suche\n    emotion: 3\n    customer_goals:\n      - 'Ärger: groß'\n",
    # A time in a list where maps belong: wrong, but no `key:value` slip.
    KAUF + "  - name: Suche\n    emotion: 3\n    steps:\n      - 8:30\n",
]


@pytest.mark.parametrize("text", NOT_SLIPS)
def test_no_slip_where_there_is_none(text: str) -> None:
    assert not [line for line in errors(text) if "CJM05" in line or "CJM04" in line]


@pytest.mark.parametrize(("text", "expected"), SLIPS)
def test_slip_in_plain_words(text: str, expected: list[str]) -> None:
    assert errors(text) == expected


JARGON = re.compile(
    r"mapping values|could not find|did not find|while scanning|while parsing|<block|"
    r"token|simple key|flow (sequence|mapping)|stream|indicator",
    re.IGNORECASE,
)


# The pure-Python parser accepts an escape of half a character (`\ud83d`) that libyaml
# refuses; the pages leave such half characters out.
PURE_SLIPS = [(text, expected) for text, expected in SLIPS if "\\ud83d" not in text]


@pytest.mark.parametrize(("text", "expected"), PURE_SLIPS)
def test_same_words_without_libyaml(
    text: str, expected: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where PyYAML was built without libyaml, the reader falls back to the pure-Python
    # parser, which words its errors differently and stops at other places.
    class PureLoader(yaml.SafeLoader):
        yaml_implicit_resolvers = yaml_source._Loader.yaml_implicit_resolvers

    monkeypatch.setattr(yaml_source, "_Loader", PureLoader)
    monkeypatch.setattr(yaml_source, "_BaseLoader", yaml.SafeLoader)
    assert errors(text) == expected
    for line in expected:
        assert not JARGON.search(line), line


def test_several_slips_of_one_file_in_one_run() -> None:
    text = textwrap.dedent("""\
        kind: persona
        id: anna
        name:Anna
        role: Leitung: Einkauf
        quote: *Nie wieder*
        goals: [Ruhe, Zeit
        """)
    assert [line[:26] for line in errors(text)] == [
        "p.yml:3:5: error[CJM042]: ",
        "p.yml:4:7: error[CJM043]: ",
        "p.yml:5:8: error[CJM044]: ",
        "p.yml:6:8: error[CJM046]: ",
    ]


def test_a_repair_that_leads_nowhere_reports_no_follow_on_error() -> None:
    # After the tab, YAML would find line 4 indented too far; that is the tab's doing.
    assert [line[:26] for line in errors(P + "\trole: Einkauf\n")] == ["p.yml:4:1: error[CJM040]: "]


# --------------------------------------------------------------------------- missing `- `

STEPS = """\
kind: journey
id: kauf
title: Kauf
persona: anna
updated: 2026-01-01
phases:
  - name: Suche
    steps:
      - name: Sucht im Netz
        channel: Website
        emotion: 2
        name: Ruft an
        channel: Telefon
        emotion: 4
        name: Schreibt eine Mail
        channel: E-Mail
"""


def test_items_without_dash_are_one_message_each_and_no_step_is_lost() -> None:
    result = load(STEPS)
    assert [d.format() for d in result.errors] == [
        "p.yml:12:9: error[CJM047]: line 12 starts a new list item but has no `- ` in front, so "
        "YAML adds its keys to the item on line 9 and drops them as duplicates; write `- name: "
        "Ruft an`, with the `-` in line with the `-` of line 9",
        "p.yml:15:9: error[CJM047]: line 15 starts a new list item but has no `- ` in front, so "
        "YAML adds its keys to the item on line 9 and drops them as duplicates; write `- name: "
        "Schreibt eine Mail`, with the `-` in line with the `-` of line 9",
    ]
    # Read as the author meant it: three steps, none of them lost.
    steps = result.catalogue.journeys["kauf"].phases[0].steps
    assert [(s.name, s.channel, s.emotion) for s in steps] == [
        ("Sucht im Netz", "Website", 2),
        ("Ruft an", "Telefon", 4),
        ("Schreibt eine Mail", "E-Mail", None),
    ]


def test_missing_dash_on_a_phase() -> None:
    text = textwrap.dedent("""\
        kind: journey
        id: kauf
        title: Kauf
        persona: anna
        updated: 2026-01-01
        phases:
          - name: Suche
            steps:
              - name: Sucht im Netz
                channel: Website
                emotion: 2
            name: Kauf
            steps:
              - name: Ruft an
                channel: Telefon
        """)
    assert errors(text) == [
        "p.yml:12:5: error[CJM047]: line 12 starts a new list item but has no `- ` in front, so "
        "YAML adds its keys to the item on line 7 and drops them as duplicates; write `- name: "
        "Kauf`, with the `-` in line with the `-` of line 7",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Keys twice in one step, no new step starting (its `name` does not come back):
        # duplicate keys.
        (STEPS.replace("        name: Ruft an\n", "").replace("        name: Schreibt eine M", "#"),
         ["p.yml:12:9: error[CJM005]: key 'channel' appears twice in this map; the second one "
          "would win silently, so remove or rename one of them",
          "p.yml:13:9: error[CJM005]: key 'emotion' appears twice in this map; the second one "
          "would win silently, so remove or rename one of them",
          "p.yml:15:9: error[CJM005]: key 'channel' appears twice in this map; the second one "
          "would win silently, so remove or rename one of them"]),
        # Not in a list: a duplicate key.
        ("kind: persona\nid: anna\nname: Anna\nrole: A\nname: Anne\n",
         ["p.yml:5:1: error[CJM005]: key 'name' appears twice in this map; the second one would "
          "win silently, so remove or rename one of them"]),
        # A map written in braces is not a run of items.
        ("kind: persona\nid: anna\nname: Anna\nextra:\n  x: [{a: 1, b: 2, a: 3}]\n",
         ["p.yml:5:20: error[CJM005]: key 'a' appears twice in this map; the second one would "
          "win silently, so remove or rename one of them"]),
    ],
)
def test_a_real_duplicate_stays_a_duplicate(text: str, expected: list[str]) -> None:
    assert errors(text) == expected


# --------------------------------------------------------------------------- tags

EMOTION = (
    "kind: journey\nid: kauf\ntitle: Kauf\npersona: anna\nphases:\n  - name: Suche\n"
    "    emotion: {}\n"
)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!int drei", "`!!int` marks `drei` as a whole number, but it is not; write a whole "
         "number after `!!int`, or remove `!!int`"),
        ("!!int 2.5", "`!!int` marks `2.5` as a whole number, but it is not; write a whole "
         "number after `!!int`, or remove `!!int`"),
        ("!!int", "`!!int` marks an empty value as a whole number, but it is not; write a whole "
         "number after `!!int`, or remove `!!int`"),
        ("!!float viel", "`!!float` marks `viel` as a number, but it is not; write a number "
         "after `!!float`, or remove `!!float`"),
        ("!!bool ja", "`!!bool` marks `ja` as true or false, but it is not; write true or false "
         "after `!!bool`, or remove `!!bool`"),
        ("!!null 3", "`!!null` marks `3` as empty, but it is not; remove `3` or `!!null`"),
        ("!!timestamp morgen", "`!!timestamp` marks `morgen` as a date (YYYY-MM-DD), but it is "
         "not; write a date (YYYY-MM-DD) after `!!timestamp`, or remove `!!timestamp`"),
        ("!!timestamp 2026-02-30", "`!!timestamp` marks `2026-02-30` as a date (YYYY-MM-DD), but "
         "it is not; write a date (YYYY-MM-DD) after `!!timestamp`, or remove `!!timestamp`"),
        ("!<tag:yaml.org,2002:int> drei", "`!!int` marks `drei` as a whole number, but it is "
         "not; write a whole number after `!!int`, or remove `!!int`"),
    ],
)
def test_value_that_does_not_match_its_tag(value: str, message: str) -> None:
    # One message at the value; the model's "emotion must be a number" would repeat it.
    codes = {"CJM048"}
    result = load(EMOTION.format(value))
    assert [d.format() for d in result.diagnostics if d.is_error or d.code in codes] == [
        f"p.yml:7:14: error[CJM048]: {message}"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!wichtig Leitung", "`!wichtig` is not supported in journey files: journey files use no "
         "tags; remove `!wichtig`, or if it is part of the text, put the text in quotes: "
         '`role: "!wichtig Leitung"`'),
        ("!custom", "`!custom` is not supported in journey files: journey files use no tags; "
         "remove `!custom`"),
        ("!<!wichtig> Leitung", "`!wichtig` is not supported in journey files: journey files use "
         "no tags; remove `!wichtig`, or if it is part of the text, put the text in quotes: "
         '`role: "!<!wichtig> Leitung"`'),
        ("!<tag:example.com,2026:rolle> Leitung", "`!<tag:example.com,2026:rolle>` is not "
         "supported in journey files: journey files use no tags; remove "
         "`!<tag:example.com,2026:rolle>`"),
        ("!!binary aGFsbG8=", "`!!binary` is not supported in journey files: binary data has no "
         "place in a journey file; put pictures in the docs folder and name them with `photo:`"),
        ("!!set {a, b}", "`!!set` is not supported in journey files: write a list of `- entry` "
         "lines instead"),
        ("!!omap [a: 1, b: 2]", "`!!omap` is not supported in journey files: write a map of "
         "`key: value` lines instead"),
        ("!!pairs [a: 1]", "`!!pairs` is not supported in journey files: write a map of "
         "`key: value` lines instead"),
        ("!!python/name:os.system", "`!!python/name:os.system` is not supported in journey "
         "files: it is a Python type, which journey files never use; remove it"),
        ("!!python/object/apply:os.system [ls]", "`!!python/object/apply:os.system` is not "
         "supported in journey files: it is a Python type, which journey files never use; "
         "remove it"),
        ("!!str [a]", "`!!str` is not supported in journey files: it is for a single value, not "
         "for a list; remove `!!str`"),
        ("!!frage x", "`!!frage` is not supported in journey files: journey files use no tags; "
         "remove `!!frage`"),
    ],
)
def test_tag_journey_files_do_not_use(value: str, message: str) -> None:
    # Never run, never silently kept; one message, not one more for the value it left.
    assert errors(P + f"role: {value}\n") == [f"p.yml:4:7: error[CJM049]: {message}"]


def test_tags_that_fit_their_values_are_read() -> None:
    text = textwrap.dedent("""\
        kind: persona
        id: anna
        name: !!str Anna
        demographics:
          Alter: !!int 044
          Kinder: !!float 2
          Hex: !!int 0x1F
          Kunde: !!bool yes
          Seit: !!timestamp 2020-03-01 10:00:00
          Nichts: !!null
          PLZ: !!str 01067
          Quote: ! 3
        """)
    result = load(text)
    assert [d.code for d in result.diagnostics] == ["CJM101"]
    demo = result.catalogue.personas["anna"].demographics
    # Numbers in text fields read as written (see Numbers in the format reference).
    assert demo == {
        "Alter": "044", "Kinder": "2", "Hex": "0x1F", "Kunde": True,
        "Seit": dt.date(2020, 3, 1), "Nichts": None, "PLZ": "01067", "Quote": "3",
    }


@pytest.mark.parametrize(
    ("value", "number"), [("!!int 3", 3), ("!!float 3", 3), ("!!int 0o3", 3), ("!!float 2.5", 2.5)]
)
def test_tagged_numbers_are_numbers(value: str, number: float) -> None:
    result = load(EMOTION.format(value))
    assert result.errors == []
    emotion = result.catalogue.journeys["kauf"].phases[0].emotion
    assert emotion == number


# --------------------------------------------------------------------------- `&name` as text


def test_anchor_used_by_an_alias_is_no_slip() -> None:
    text = P + "goals: &ziele [Ruhe]\ngains: *ziele\nrole: Service & Bindung\nquote: AT&T\n"
    assert errors(text) == []


def test_unused_anchor_on_a_map_is_no_slip() -> None:
    assert errors(P + "extra: &vorlage\n  a: 1\n") == []


# --------------------------------------------------------------------------- the reference

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "reference" / "diagnostics.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
SLIP_CODES = ["CJM002", *(f"CJM0{n}" for n in range(40, 55))]


def reference_examples() -> list[tuple[str, str, list[str]]]:
    """(code, file, message lines) for each whole file in a code's section that is
    followed by the messages it gets."""
    text = REFERENCE.read_text(encoding="utf-8")
    out = []
    for code in SLIP_CODES:
        section = text.split(f"\n## {code}: ", 1)[1].split("\n## ", 1)[0]
        section = re.sub(r"^    ", "", section, flags=re.MULTILINE)  # out of the language tabs
        blocks = FENCE.findall(section)
        for (lang, body), (next_lang, shown) in itertools.pairwise(blocks):
            if lang == "yaml" and next_lang == "text" and body.startswith("kind:"):
                out.append((code, body, shown.splitlines()))
    return out


@pytest.mark.parametrize(("code", "body", "shown"), reference_examples())
def test_reference_shows_the_real_messages(code: str, body: str, shown: list[str]) -> None:
    path = shown[0].split(":", 1)[0]
    files = {"journeys/personas/anna-berger.yml": "kind: persona\nname: Anna\n", path: body}
    result = load_texts(files)
    assert [d.format() for d in result.diagnostics if d.code == code] == shown


def test_reference_has_an_example_for_each_slip() -> None:
    assert {code for code, _, _ in reference_examples()} == set(SLIP_CODES)


# --------------------------------------------------------------------------- real files

EXAMPLES = Path(__file__).resolve().parent.parent / "journeys"
KEY_VALUE = re.compile(r"( *)((?:- )?)([a-z_]+): ([^\s'\"\[{>|&*!#%@`][^#]*)")


def slips_of(text: str) -> list[tuple[int, str, str]]:
    """(line, code, the line as mistyped) for slips made on every `key: value` line whose
    value is plain text on that one line."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        found = KEY_VALUE.fullmatch(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if found is None or (nxt.strip() and ":" not in nxt and not nxt.lstrip().startswith("-")):
            continue  # not one, or its text goes on on the next line
        ind, dash, key, value = found.groups()
        out += [
            (i, "CJM042", f"{ind}{dash}{key}:{value}"),
            (i, "CJM043", f"{ind}{dash}{key}: Hinweis: {value}"),
            (i, "CJM044", f"{ind}{dash}{key}: **{value}**"),
            (i, "CJM045", f'{ind}{dash}{key}: "{value}'),
            (i, "CJM046", f"{ind}{dash}{key}: [{value}"),
        ]
        if 0 < len(ind) <= 2:
            out.append((i, "CJM040", "\t" + line[len(ind):]))
        if dash and not lines[i - 1].rstrip().endswith(":"):
            out.append((i, "CJM047", f"{ind}  {key}: {value}"))
        out.append((i, "CJM041", f" {line}"))
        if ind:
            out.append((i, "CJM041", line[1:]))
    return out


@pytest.mark.parametrize("name", ["journeys/erste-wochen.yml", "personas/anna-berger.yml"])
def test_each_slip_in_a_real_file_is_found_where_it_was_made(name: str) -> None:
    # The project's own example handbook, one slip at a time on every line it fits:
    # one message, at the line of the slip, with its code; nothing else about the file.
    files = {p.relative_to(EXAMPLES).as_posix(): p.read_text(encoding="utf-8")
             for p in EXAMPLES.rglob("*.yml")}
    lines = files[name].split("\n")
    made = slips_of(files[name])
    assert len(made) > 30
    for index, code, mistyped in made:
        text = "\n".join([*lines[:index], mistyped, *lines[index + 1:]])
        result = load_texts({**files, name: text})
        # CJM108 is the one note that journeys naming the broken persona could not be
        # checked: by design, not a follow-on error.
        found = [(d.line, d.code) for d in result.diagnostics
                 if d.path == name and d.code != "CJM108"]
        assert found == [(index + 1, code)], (mistyped, [d.format() for d in result.diagnostics])
