"""YAML text for the journey files cjm writes (`cjm import`), which `yaml_source` reads
back as the same data.

PyYAML's emitter counts NEL (U+0085), LS (U+2028) and PS (U+2029) as line breaks, as
YAML 1.1 does: it writes a text holding one in single quotes or as a block, and a
reader folds that break into a space (or NEL into `\\n`), so the text comes back
changed. Such texts are written in double quotes, where the emitter escapes them
(`\\N`, `\\L`, `\\P`). Every other character that is not printable already makes it
choose double quotes and an escape.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

_BREAKS = ("\x85", "\u2028", "\u2029")
WIDTH = 100
"""Lines are folded near this many characters, as an author would write them."""


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = '"' if any(c in data for c in _BREAKS) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _text)


def dump(data: Any, width: int = WIDTH) -> str:
    """One document, keys in the order given."""
    text: str = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                          width=width)
    return text


def dump_all(documents: Iterable[Any], width: int = WIDTH) -> str:
    """Several documents, separated by `---`."""
    text: str = yaml.dump_all(documents, Dumper=_Dumper, allow_unicode=True,
                              sort_keys=False, width=width)
    return text
