"""The honest floor of a build: the handbook's own pages, written out as plain Markdown
files, built by a site engine without the plugin.

`write_floor` renders every page with the site layer (`site.handbook`, HTML in place,
which every engine reads) into a docs folder, with the CSS and script, and writes an
`mkdocs.yml` that names them; MkDocs or Zensical then build that folder as if a person
had written the pages by hand. This is what `cjm generate` writes; the benchmark uses the
command once it exists and this function until then.

    python benchmarks/floor.py JOURNEYS_FOLDER OUT_FOLDER [--theme material]
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from mkdocs_cjm_plugin.core.model import SiteOptions
from mkdocs_cjm_plugin.core.pipeline import load_catalogue
from mkdocs_cjm_plugin.i18n.labels import Labels
from mkdocs_cjm_plugin.pictures.graphviz import GraphvizRenderer
from mkdocs_cjm_plugin.site.handbook import Handbook, plain_title
from mkdocs_cjm_plugin.site.urls import Urls

TODAY = dt.date(2026, 11, 23)


def site_config(theme: str, **more: Any) -> dict[str, Any]:
    """The mkdocs.yml settings the floor and the plugin's build share."""
    return {
        "site_name": "Benchmark",
        "theme": {"name": theme, "language": "de"},
        "markdown_extensions": ["attr_list"],
        **more,
    }


def write_floor(source: Path, out: Path, theme: str = "material") -> int:
    """Write the pages of the handbook in `source` as a plain MkDocs project in `out`
    (docs/ and mkdocs.yml); the number of pages."""
    options = SiteOptions(today=TODAY, language="de")
    result = load_catalogue(source, options, base=out)
    urls = Urls("", use_directory_urls=True)
    handbook = Handbook(
        catalogue=result.catalogue, options=options, labels=Labels("de", {}), urls=urls,
        renderer=GraphvizRenderer(None), diagnostics=result.diagnostics,
    )
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Handbuch\n", encoding="utf-8")
    pages = handbook.pages()
    for page in pages:
        path = docs / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        title = json.dumps(html.escape(plain_title(page.title)), ensure_ascii=False)
        path.write_text(f"---\ntitle: {title}\n---\n\n{page.content}", encoding="utf-8")
    for name, text in handbook.assets().items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    config = site_config(
        theme,
        nav=["index.md", handbook.nav_section()],
        extra_css=[urls.asset("cjm.css")],
        extra_javascript=[urls.asset("cjm.js")],
    )
    (out / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return len(pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--theme", default="material", choices=("mkdocs", "material"))
    args = parser.parse_args(argv)
    pages = write_floor(args.source, args.out, args.theme)
    print(f"{pages} pages written to {args.out / 'docs'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
