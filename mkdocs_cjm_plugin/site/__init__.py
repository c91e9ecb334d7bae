"""The handbook's pages, engine-neutral: page models, Markdown and HTML of every page,
URLs, directives in hand-written pages, templates and assets."""
