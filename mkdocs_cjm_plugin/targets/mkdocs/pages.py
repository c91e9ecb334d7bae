"""Generated pages as MkDocs wants them: finished HTML parked past Python-Markdown (the
title as front matter is every engine's, `site.handbook.page_markdown`)."""

from __future__ import annotations

import re

from markupsafe import Markup

from mkdocs_cjm_plugin.site.handbook import html_block, page_markdown

__all__ = ["HtmlParking", "page_markdown"]

_PLACEHOLDER = re.compile(r"<!-- cjm-html-(\d+) -->")


class HtmlParking:
    """Finished HTML kept out of Python-Markdown: it parses raw HTML blocks character by
    character in Python, most of a journey page's build time. The HTML is complete and
    escaped already, so a placeholder goes through Markdown instead and the block comes
    back in `restore` (the plugin's `on_page_content`)."""

    def __init__(self) -> None:
        self.blocks: list[str] = []

    def park(self, text: str) -> Markup:
        self.blocks.append(str(html_block(text)))
        return Markup(f"\n\n<!-- cjm-html-{len(self.blocks) - 1} -->\n\n")

    def restore(self, page_html: str) -> str:
        """Put parked blocks back in place of their placeholders (nested ones too)."""
        def put_back(match: re.Match[str]) -> str:
            index = int(match.group(1))
            return self.blocks[index] if index < len(self.blocks) else match.group(0)

        previous = None
        while previous != page_html:
            previous, page_html = page_html, _PLACEHOLDER.sub(put_back, page_html)
        return page_html
