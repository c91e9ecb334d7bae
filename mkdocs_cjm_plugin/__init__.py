"""Customer journey maps as YAML, published as a MkDocs handbook."""

__version__ = "0.1.0"
