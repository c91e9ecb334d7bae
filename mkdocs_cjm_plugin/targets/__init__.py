"""Site engines the handbook is published with. Only `targets.mkdocs` imports MkDocs."""
