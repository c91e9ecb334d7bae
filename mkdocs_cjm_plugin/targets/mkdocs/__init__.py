"""The MkDocs target: the plugin adapter, its configuration and reading `mkdocs.yml`."""
