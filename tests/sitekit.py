"""Helpers for tests that build real MkDocs sites: a small handbook, the build, HTML parsing.

Nothing here is mocked: `build_site` runs MkDocs exactly as `mkdocs build` does, with
the `cjm` plugin found through its entry point, and the HTML is parsed with the
standard library's `html.parser` into a small tree that the tests query.
"""

from __future__ import annotations

import copy
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

TODAY = "2026-11-23"
REPO_URL = "https://example.org/acme/handbook/"
EDIT_URI = "edit/main/docs/"

# --------------------------------------------------------------------------- the handbook

PERSONAS: list[dict[str, Any]] = [
    {
        "kind": "persona",
        "id": "anna",
        "name": "Anna Beispiel",
        "role": "Einkaufsleiterin Beispielwerk",
        "quote": "Ich will ein Angebot in fünf Minuten verstehen.",
        "summary": "Anna kauft **alles** ein, wofür sich sonst niemand zuständig fühlt.",
        "segment": "Gold",
        "demographics": {"Alter": 44, "Wohnort": "Heilbronn-Süd"},
        "goals": ["Verlässliche Lieferanten finden"],
        "pains": ["Angebote sind unvergleichbar"],
        "gains": ["Gesamtkostenrechnung auf einer Seite"],
        "channels": ["Fachmessen", "Suchmaschine"],
        "tags": ["B2B-Einkauf"],
        "extra": {"Datenbasis": "Zwölf Interviews mit Einkäuferinnen"},
    },
    {
        "kind": "persona",
        "id": "ben",
        "name": "Ben Muster",
        "role": "Facility-Manager Musterhaus",
        "quote": "Hauptsache, die Maschine läuft morgen wieder.",
        "tags": ["Betrieb"],
    },
]

STAKEHOLDERS: list[dict[str, Any]] = [
    {
        "kind": "stakeholder",
        "id": "service",
        "name": "Kundenservice Kassel",
        "type": "internal",
        "importance": "essential",
        "description": "Hotline, E-Mail und Chat.",
        "relations": [
            {"to": "customer", "label": "Fallstatus und Lösung"},
            {"to": "technik", "label": "Fehlerbeschreibung", "kind": "informal"},
        ],
        "tags": ["Hotline"],
    },
    {
        "kind": "stakeholder",
        "id": "technik",
        "name": "Technischer Außendienst",
        "importance": "important",
        "relations": [{"to": "anna", "label": "Einweisung vor Ort"}],
    },
    {
        "kind": "stakeholder",
        "id": "spedition",
        "name": "Spedition Hanse Logistik",
        "type": "external",
        "importance": "interesting",
        "relations": [{"to": "service", "label": "Lieferstatus"}],
    },
]


def _step(name: str, **kw: Any) -> dict[str, Any]:
    return {"name": name, **kw}


JOURNEYS: list[dict[str, Any]] = [
    {
        "kind": "journey",
        "id": "kauf-ist",
        "title": "Kaffeemaschine kaufen (Ist)",
        "persona": "anna",
        "state": "current",
        "owner": "service",
        "summary": "Wie Anna heute eine Maschine kauft.",
        "scenario": "Die alte Maschine ist kaputt.",
        "expectation": "Ein Angebot in einer Woche.",
        "stakeholders": ["spedition"],
        "tags": ["Kauf"],
        "updated": "2026-10-21",
        "phases": [
            {
                "name": "Bedarf erkennen",
                "customer_goals": ["Wissen, was es kostet"],
                "responsible": ["service"],
                "systems": ["CRM-Alpha"],
                "kpis": [
                    {
                        "name": "Besuche Kostenrechner",
                        "target": 600,
                        "actual": 420,
                        "unit": "pro Monat",
                        "source": "Matomo",
                    }
                ],
                "steps": [
                    _step(
                        "Sucht Preise im Netz",
                        action="Googelt *Bürokaffee*.",
                        touchpoint="Suchergebnisseite",
                        channel="Website",
                        emotion=3,
                        thoughts=["Was kostet das eigentlich?"],
                        pains=["Keine Preise zu finden"],
                        evidence="research",
                    ),
                    _step(
                        "Fragt Kollegen",
                        touchpoint="Kantinengespräch",
                        channel="Mundpropaganda",
                        emotion=2,
                        pains="Niemand weiß Bescheid",
                    ),
                ],
                "opportunities": [
                    {
                        "title": "Preisrechner auf der Startseite",
                        "owner": "service",
                        "due": "2026-03-31",
                        "status": "planned",
                        "impact": "high",
                    }
                ],
            },
            {
                "name": "Angebot einholen",
                "steps": [
                    _step(
                        "Ruft die Hotline an",
                        touchpoint="Hotline Vertrieb",
                        channel="Telefon",
                        emotion=1,
                        owner="service",
                        moment_of_truth="Nach 20 Minuten Warteschleife entscheidet es sich.",
                        pains=["Lange Warteschleife"],
                        opportunities=[
                            {
                                "title": "Rückrufservice statt Warteschleife",
                                "due": "2027-01-15",
                                "status": "doing",
                            }
                        ],
                    ),
                    _step(
                        "Erhält das Angebot",
                        touchpoint="Angebots-PDF",
                        channel="E-Mail",
                        emotion=2,
                        owner="technik",
                    ),
                ],
            },
        ],
    },
    {
        "kind": "journey",
        "id": "kauf-soll",
        "title": "Kaffeemaschine kaufen (Soll)",
        "persona": "anna",
        "state": "target",
        "compares_to": "kauf-ist",
        "owner": "technik",
        "updated": "2026-11-01",
        "phases": [
            {
                "name": "Bedarf verstehen",
                "steps": [
                    _step(
                        "Nutzt den Kostenrechner",
                        touchpoint="Kostenrechner Online",
                        channel="Website",
                        emotion=4,
                        gains=["Sofort eine Zahl"],
                    ),
                ],
            },
            {
                "name": "Angebot bekommen",
                "steps": [
                    _step(
                        "Bekommt den Rückruf",
                        touchpoint="Rückrufformular",
                        channel="Telefon",
                        emotion=5,
                        owner="service",
                    ),
                ],
            },
        ],
    },
    {
        "kind": "journey",
        "id": "umzug",
        "title": "Umzug ins neue Büro",
        "personas": ["anna", "ben"],
        "updated": "2025-01-15",
        "phases": [
            {
                "name": "Umzug planen",
                "emotion": 3,
                "steps": [
                    _step(
                        "Meldet den Umzug",
                        touchpoint="Umzugsformular Portal",
                        channel="Kundenportal",
                        emotion=3,
                        owner="spedition",
                    ),
                ],
            },
        ],
    },
]


def dump_docs(docs: list[dict[str, Any]]) -> str:
    return yaml.safe_dump_all(docs, allow_unicode=True, sort_keys=False, width=1000)


@dataclass
class Site:
    """A built site and what it was built from."""

    root: Path
    site_dir: Path
    prefix: str
    use_directory_urls: bool
    language: str
    theme: str
    journeys: list[dict[str, Any]] = field(default_factory=list)
    personas: list[dict[str, Any]] = field(default_factory=list)
    stakeholders: list[dict[str, Any]] = field(default_factory=list)

    def src(self, *parts: str) -> str:
        return posixpath.join(*(p for p in (self.prefix, *parts) if p))

    def journey_src(self, ident: str) -> str:
        return self.src("journeys", f"{ident}.md")

    def persona_src(self, ident: str) -> str:
        return self.src("personas", f"{ident}.md")

    @property
    def journeys_index_src(self) -> str:
        return self.src("journeys", "index.md")

    @property
    def personas_index_src(self) -> str:
        return self.src("personas", "index.md")

    @property
    def stakeholders_src(self) -> str:
        return self.src("stakeholders", "index.md")

    @property
    def across_src(self) -> dict[str, str]:
        """The pages across journeys: overview, touchpoints, action plan, KPI board."""
        return {
            name: self.src(name, "index.md")
            for name in ("overview", "touchpoints", "actions", "kpis")
        }

    def out(self, src_uri: str) -> Path:
        """The HTML file MkDocs writes for the Markdown page `src_uri`."""
        return self.site_dir / html_path(src_uri, self.use_directory_urls)

    def page(self, src_uri: str) -> Doc:
        return parse_file(self.out(src_uri))

    def generated_src(self) -> list[str]:
        out = [self.journeys_index_src, self.personas_index_src, self.stakeholders_src]
        out += list(self.across_src.values())
        out += [self.journey_src(j["id"]) for j in self.journeys]
        out += [self.persona_src(p["id"]) for p in self.personas]
        return out

    def generated_html(self) -> list[Path]:
        """Every HTML file under the generated folders."""
        base = self.site_dir / self.prefix if self.prefix else self.site_dir
        return sorted(
            p
            for folder in (
                "journeys", "personas", "stakeholders", "overview", "touchpoints", "actions",
                "kpis",
            )
            for p in (base / folder).rglob("*.html")
        )


def html_path(src_uri: str, use_directory_urls: bool) -> str:
    """Where MkDocs writes the page `src_uri` (a path relative to the site folder)."""
    stem, _ = posixpath.splitext(src_uri)
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return posixpath.join(folder, "index.html")
    return f"{stem}/index.html" if use_directory_urls else f"{stem}.html"


def write_project(
    root: Path,
    *,
    theme: str = "mkdocs",
    use_directory_urls: bool = True,
    prefix: str = "",
    language: str | None = "en",
    theme_language: str | None = None,
    plugin: dict[str, Any] | None = None,
    journeys: list[dict[str, Any]] | None = None,
    personas: list[dict[str, Any]] | None = None,
    stakeholders: list[dict[str, Any]] | None = None,
    docs: dict[str, str] | None = None,
    nav: list[Any] | None = None,
    extra_config: dict[str, Any] | None = None,
) -> Site:
    """Write a project (mkdocs.yml, docs/, journeys/) into `root`."""
    journeys = copy.deepcopy(JOURNEYS if journeys is None else journeys)
    personas = copy.deepcopy(PERSONAS if personas is None else personas)
    stakeholders = copy.deepcopy(STAKEHOLDERS if stakeholders is None else stakeholders)
    root.mkdir(parents=True, exist_ok=True)
    source = root / "journeys"
    (source / "journeys").mkdir(parents=True, exist_ok=True)
    for j in journeys:
        (source / "journeys" / f"{j['id']}.yml").write_text(dump_docs([j]), encoding="utf-8")
    if personas:
        (source / "personas.yml").write_text(dump_docs(personas), encoding="utf-8")
    if stakeholders:
        (source / "stakeholders.yaml").write_text(dump_docs(stakeholders), encoding="utf-8")
    docs_dir = root / "docs"
    docs_dir.mkdir(exist_ok=True)
    pages = {"index.md": "# Start\n\nWillkommen im Handbuch.\n"}
    pages.update(docs or {})
    for name, text in pages.items():
        path = docs_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    options: dict[str, Any] = {"prefix": prefix, "today": TODAY}
    if language is not None:
        options["language"] = language
    options.update(plugin or {})
    theme_cfg: dict[str, Any] = {"name": theme}
    if theme_language:
        theme_cfg["language" if theme == "material" else "locale"] = theme_language
    if theme == "material":
        theme_cfg["features"] = ["content.action.edit"]
    config: dict[str, Any] = {
        "site_name": "Testhandbuch",
        "use_directory_urls": use_directory_urls,
        "repo_url": REPO_URL,
        "edit_uri": EDIT_URI,
        "theme": theme_cfg,
        "plugins": [{"cjm": options}],
        "markdown_extensions": ["attr_list", "md_in_html", "tables"],
    }
    if nav is not None:
        config["nav"] = nav
    config.update(extra_config or {})
    (root / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return Site(
        root=root,
        site_dir=root / "site",
        prefix=prefix,
        use_directory_urls=use_directory_urls,
        language=(language or theme_language or "en"),
        theme=theme,
        journeys=journeys,
        personas=personas,
        stakeholders=stakeholders,
    )


def build_site(root: Path, *, strict: bool = False, site_dir: Path | None = None) -> None:
    """`mkdocs build` of `root/mkdocs.yml` (optionally `--strict`)."""
    kwargs: dict[str, Any] = {"config_file": str(root / "mkdocs.yml"), "strict": strict}
    if site_dir is not None:
        kwargs["site_dir"] = str(site_dir)
    cfg = load_config(**kwargs)
    build(cfg)


# --------------------------------------------------------------------------- HTML


VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return "".join(parts)

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag)
            and all(n.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()

    def by_class(self, name: str) -> list[Node]:
        return [n for n in self.iter() if n.has_class(name)]

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: (v or "") for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: (v or "") for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


@dataclass
class Doc:
    path: Path
    source: str
    root: Node

    @cached_property
    def ids(self) -> set[str]:
        return {n.attrs["id"] for n in self.root.iter() if "id" in n.attrs}

    def main(self) -> Node:
        """The page's own content (without nav, header and footer of the theme)."""
        for n in self.root.iter():
            if n.tag == "article" or n.attrs.get("role") == "main":
                return n
        raise AssertionError(f"{self.path}: no main content element")

    def text(self) -> str:
        return " ".join(self.main().text().split())

    def links(self) -> list[str]:
        out = []
        for n in self.root.iter():
            for name in ("href", "src", "xlink:href"):
                if name in n.attrs:
                    out.append(n.attrs[name])
        return out


def parse_html(source: str, path: Path = Path("<string>")) -> Doc:
    builder = _TreeBuilder()
    builder.feed(source)
    builder.close()
    return Doc(path, source, builder.root)


def parse_file(path: Path) -> Doc:
    stat = path.stat()
    return _parse_cached(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=512)
def _parse_cached(path: Path, mtime_ns: int, size: int) -> Doc:
    return parse_html(path.read_text(encoding="utf-8"), path)


EXTERNAL = ("http:", "https:", "mailto:", "tel:", "data:", "//", "#", "javascript:")


def resolve_link(site_dir: Path, page: Path, link: str) -> tuple[Path, str]:
    """The file a relative link in `page` points to, and its fragment."""
    parts = urlsplit(link)
    page_dir = posixpath.dirname(page.relative_to(site_dir).as_posix())
    target = posixpath.normpath(posixpath.join(page_dir, unquote(parts.path)))
    path = site_dir / target
    if link.split("#")[0].split("?")[0].endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, parts.fragment


def nav_links(doc: Doc) -> list[Node]:
    """Links of the site navigation (Material: <nav>; MkDocs theme: the navbar list)."""
    out = []
    for a in doc.root.find_all("a"):
        if any(n.tag == "nav" or n.has_class("navbar-nav") for n in a.ancestors()):
            out.append(a)
    return out


def internal_links(doc: Doc) -> list[str]:
    return [link for link in doc.links() if link and not link.lower().startswith(EXTERNAL)]


def snapshot_files(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes: to show that a build left them alone."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def signed_json(path: Path) -> Any:
    """A small JSON file of a cache (maps, history), read as the plugin reads it: only
    when this machine's key signed it."""
    import json

    from mkdocs_cjm_plugin.core.cache import secret, verified_text

    key = secret()
    assert key is not None
    text = verified_text(path.read_text(encoding="utf-8"), key)
    assert text is not None, f"{path} is not signed with this machine's key"
    return json.loads(text)


def unsigned_json(path: Path) -> Any:
    """The JSON of a signed cache file, as someone without the key reads it."""
    import json

    return json.loads(path.read_text(encoding="utf-8").partition("\n")[2])
