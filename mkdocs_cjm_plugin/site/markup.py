"""Turning text from YAML into safe HTML and Markdown.

Fields marked (md) in the format accept inline Markdown. Raw HTML in them is
shown as text (we escape it before Markdown sees it), and the result passes
through nh3 (the Ammonia sanitiser) so that `javascript:` or `data:` links and
anything else unexpected cannot reach the page.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

_ALLOWED_TAGS = {
    "a", "p", "em", "strong", "code", "br", "ul", "ol", "li", "blockquote", "del", "sub",
    "sup", "kbd", "pre",
}
_ALLOWED_ATTRS = {"a": {"href", "title"}}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# A Markdown instance keeps state between calls and is not thread-safe; one per thread
# lets a caller render pages in threads (the build renders them in one today).
_local = threading.local()


def _md() -> markdown.Markdown:
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=[], output_format="html")
        # Raw HTML is shown as text: drop the parts of Markdown that pass it through.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        _local.md = md
    return md


def _sanitise(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRS,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=8192)
def _render(text: str, inline: bool) -> str:
    md = _md()
    md.reset()
    out = md.convert(text)
    if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    # Markdown output has newlines between blocks; a blank line would end the
    # surrounding raw HTML block of the page, so fold them.
    return _sanitise(out).replace("\n\n", "\n")


def md_inline(text: str | None) -> Markup:
    """One line of (md) text: emphasis, links, code; no surrounding paragraph."""
    if not text:
        return Markup("")
    return Markup(_render(str(text), True))


def md_block(text: str | None) -> Markup:
    """A paragraph field: may hold several paragraphs and lists."""
    if not text:
        return Markup("")
    return Markup(_render(str(text), False))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
_ENTITY_START = re.compile(r"&(?=#|[A-Za-z0-9]+;)")


def md_escape(text: str) -> Markup:
    """Text placed into Markdown source (e.g. a heading) so that it reads literally.

    A bare `&` is left to Markdown (escaping it here would show `&amp;` in the
    table of contents); only what would start an entity or a tag is escaped.
    The result is already safe: marked as such so that Jinja does not escape it
    a second time (which would show `&lt;` to the reader).
    """
    one_line = " ".join(str(text).split())
    escaped = _MD_SPECIAL.sub(r"\\\1", one_line)
    escaped = _ENTITY_START.sub("&amp;", escaped)
    return Markup(escaped.replace("<", "&lt;").replace(">", "&gt;"))


# What has no place in a page's text: C0 controls but tab and line breaks, DEL, C1
# controls, and the bidirectional embeddings, overrides and isolates (a file name with
# U+202E would read backwards in the nav). Direction marks (U+200E/U+200F), which
# right-to-left text needs, stay.
_NOT_IN_PAGE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def page_text(value: object) -> object:
    """A template value without the characters above (Jinja's `finalize`): applied to
    every value a template prints, so no field, id or file name brings them into a page."""
    if isinstance(value, Markup):
        return Markup(_NOT_IN_PAGE.sub("", str(value)))
    if isinstance(value, str):
        return _NOT_IN_PAGE.sub("", value)
    return value


_MESSAGE_CODE = re.compile(r"(`+)(.+?)\1")


def message_html(text: str) -> Markup:
    """A diagnostic's message for a page: escaped, with its `code spans` as <code>, so
    `title: "Anruf: Hotline"` reads as the line to write, not as text with backticks."""
    escaped = str(Markup.escape(text))
    return Markup(_MESSAGE_CODE.sub(lambda m: f"<code>{m.group(2)}</code>", escaped))
