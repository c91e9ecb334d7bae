"""What `cjm diff` prints: the semantic diff as text, Markdown, JSON and curve pictures."""
