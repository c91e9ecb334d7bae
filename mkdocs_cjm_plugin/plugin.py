"""MkDocs adapter (filled in by the handbook-site work)."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin


class CjmPlugin(BasePlugin):  # type: ignore[type-arg]
    pass
