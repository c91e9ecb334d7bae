"""What every SVG of ours shares: the characters XML cannot carry."""

from __future__ import annotations

import re

NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 forbids: C0 controls but tab and line breaks, lone surrogates,
U+FFFE and U+FFFF. One of them in an SVG and the page cannot be parsed (ElementTree and
Graphviz would both write them as they are)."""


def xml_safe(text: str) -> str:
    """`text` without the characters XML cannot carry."""
    return NOT_XML.sub("", text)
