"""Generated pages as MkDocs wants them: finished HTML parked past Python-Markdown (the
title as front matter is every engine's, `site.handbook.page_markdown`)."""

from __future__ import annotations

import hashlib
import re

from markupsafe import Markup

from mkdocs_cjm_plugin.site.handbook import html_block, page_markdown

__all__ = ["HtmlParking", "page_markdown"]

_PLACEHOLDER = re.compile(r"<!-- cjm-html-([0-9a-f]{32}) -->")


class HtmlParking:
    """Finished HTML kept out of Python-Markdown: it parses raw HTML blocks character by
    character in Python, most of a journey page's build time. The HTML is complete and
    escaped already, so a placeholder goes through Markdown instead and the block comes
    back in `restore` (the plugin's `on_page_content`).

    A placeholder is named by a digest of its block: the same block gets the same
    placeholder in every build, so a page kept from the last build (`site.memo`) is
    handed over as it is, and `mkdocs serve` keeps one parking from build to build
    (`start` forgets the blocks the last build did not park)."""

    def __init__(self) -> None:
        self.blocks: dict[str, str] = {}
        self._last: dict[str, str] = {}
        self._keys: dict[str, str] = {}
        self._last_keys: dict[str, str] = {}

    def start(self) -> None:
        """A new build: blocks of the last one are kept only until it parks them again."""
        self._last, self.blocks = self.blocks, {}
        self._last_keys, self._keys = self._keys, {}

    def park(self, text: str) -> Markup:
        # A kept page parks the very same strings again: found by the hash Python keeps
        # with each string, they need no digest of their text.
        key = self._keys.get(text) or self._last_keys.get(text)
        if key is None:
            data = text.encode("utf-8", "surrogatepass")
            key = hashlib.blake2b(data, digest_size=16).hexdigest()
        self._keys[text] = key
        if key not in self.blocks:
            last = self._last.get(key)
            # A block holds the placeholders of blocks parked before it: put back now,
            # so that a page needs one pass (`restore`).
            self.blocks[key] = last if last is not None else self._put_back(str(html_block(text)))
        return Markup(f"\n\n<!-- cjm-html-{key} -->\n\n")

    def _put_back(self, html: str) -> str:
        if "<!-- cjm-html-" not in html:
            return html
        return _PLACEHOLDER.sub(lambda match: self.blocks.get(match.group(1), match.group(0)), html)

    def restore(self, page_html: str) -> str:
        """Put parked blocks back in place of their placeholders (nested ones too)."""
        previous = None
        while previous != page_html:
            previous, page_html = page_html, self._put_back(page_html)
            if "<!-- cjm-html-" not in page_html:
                break
        return page_html
