"""Targets that write plain files: `cjm generate` (pages for any site engine) and
`cjm export` (SVG, PDF). They never import MkDocs."""
