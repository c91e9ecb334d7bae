"""Generated pages as MkDocs wants them: the title as front matter, and finished HTML
parked past Python-Markdown."""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup

from mkdocs_cjm_plugin.site.handbook import GeneratedPage, html_block, plain_title

_PLACEHOLDER = re.compile(r"<!-- cjm-html-(\d+) -->")


def page_markdown(page: GeneratedPage) -> str:
    """The page with its title (HTML-escaped) and, on a wide page, Material's `hide`
    as front matter.

    Themes print `page.title` as HTML; a title taken from the heading keeps the
    heading's entities, and Material unescapes those in `<title>` (`|striptags`), so a
    name with `</title><script>` would run there. A front-matter title is printed as is.
    """
    title = json.dumps(html.escape(plain_title(page.title)), ensure_ascii=False)
    # Material's own way to let the sidebars step aside; other themes ignore the key,
    # and the plugin's CSS widens them by the page's marker (site.handbook.WIDE_MARKER).
    hide = "hide: [navigation, toc]\n" if page.wide else ""
    return f"---\ntitle: {title}\n{hide}---\n\n{page.content}"


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
