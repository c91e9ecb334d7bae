"""Run Graphviz ``dot -Tsvg`` (cached, in parallel) and make its SVG fit inline in a page.

Three independent pieces, none of which knows MkDocs:

* ``GraphvizRenderer`` turns DOT sources into raw SVG. Results are cached on disk by
  a hash of the source, the Graphviz version and ``RENDERER_VERSION``, so an
  unchanged map is never rendered twice; misses run in a thread pool (the work
  happens in the ``dot`` subprocess, so threads are enough).
* ``clean_svg`` rewrites the raw SVG for one page (ids prefixed per page, no fixed
  size, no white background, CSS hooks for light and dark palettes).
* ``fallback_html`` is what a non-strict build shows when Graphviz is missing.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from mkdocs_cjm_plugin.core.cache import (
    CACHE_TAG,
    CACHE_TAG_TEXT,
    FILES,
    OWN_CACHE_FILE,
    OWN_ENTRY_FILE,
    ReadCache,
    secret,
    signed_text,
    verified_text,
)
from mkdocs_cjm_plugin.core.files import read_regular, remove_stale_temps, write_atomic
from mkdocs_cjm_plugin.core.load import display_path

__all__ = [
    "INSTALL_HINT",
    "RENDERER_VERSION",
    "TIMEOUT_SECONDS",
    "GraphvizRenderer",
    "RenderResult",
    "clean_svg",
    "fallback_html",
    "read_cache",
]

log = logging.getLogger(__name__)

# Bump when the SVG a given DOT source produces should change (e.g. new dot options):
# it is part of the cache key, so old cache entries are ignored.
RENDERER_VERSION = "1"
# A map within the size limits of ``dot.py`` takes well under a second; one that takes
# this long is pathological for dot's layout and would not finish in minutes either.
TIMEOUT_SECONDS = 30

MANIFEST = "cjm-cache.json"
INSTALL_HINT = (
    "Graphviz is needed to draw stakeholder maps, but its 'dot' program was not found. "
    "Install it and make sure 'dot' is on the PATH: "
    "Debian/Ubuntu: sudo apt-get install graphviz; "
    "macOS: brew install graphviz; "
    "Windows: winget install graphviz (or choco install graphviz), "
    "then add Graphviz's bin folder to PATH. "
    "Check with: dot -V"
)

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_SVG = f"{{{_SVG_NS}}}"
_XLINK_HREF = f"{{{_XLINK_NS}}}href"
_XLINK_TITLE = f"{{{_XLINK_NS}}}title"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"  # newer dot: on every <text>
_URL_REF = re.compile(r"url\(\s*#([^)\s]+)\s*\)")
_NOT_ID_CHAR = re.compile(r"[^A-Za-z0-9_-]+")
# Elements whose character data is content; everywhere else whitespace is layout.
_TEXT_TAGS = frozenset({f"{_SVG}text", f"{_SVG}title", f"{_SVG}tspan", f"{_SVG}desc"})
_PT_TO_PX = 96 / 72


# --------------------------------------------------------------------------- rendering


@dataclass(frozen=True)
class RenderResult:
    """Raw Graphviz SVG, or why there is none."""

    svg: str | None
    error: str | None
    from_cache: bool
    missing: bool = False
    """No SVG because Graphviz is not installed (rather than failing on this map)."""


class GraphvizRenderer:
    """Render DOT sources to SVG with ``dot``, with a disk cache and a thread pool.

    ``cache_dir=None`` disables the cache. ``rendered`` counts ``dot`` runs (equal
    sources run once), ``cached`` counts jobs served from the cache. Call it from one
    thread at a time; it runs its own pool.
    """

    def __init__(
        self, cache_dir: Path | None, dot: str = "dot", max_workers: int | None = None,
        forbidden: Mapping[str, Path] | None = None, timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self.cache_dir = cache_dir
        self.timeout = timeout
        """Seconds one ``dot`` run may take before it is stopped."""
        self.forbidden = dict(forbidden or {})
        """Folders the cache must stay out of, by what to call them (``docs folder``)."""
        self._claimed: str | None = None
        self.dot = dot
        self.max_workers = max_workers
        self.rendered = 0
        self.cached = 0
        self._version: str | None = None

    # -- public

    def render_many(self, jobs: Mapping[str, str]) -> dict[str, RenderResult]:
        """Render every ``key -> DOT source`` job; results come back under the same keys.

        Never raises for a missing or failing ``dot``: the error is in the result, so
        the caller decides between failing a strict build and showing a fallback.
        """
        executable = self._executable()
        if executable is None:
            missing = RenderResult(None, self._missing_message(), False, missing=True)
            return dict.fromkeys(jobs, missing)
        version = self._graphviz_version(executable)
        if version is None:
            broken = f"Graphviz 'dot' at {executable!r} could not be run. {INSTALL_HINT}"
            return dict.fromkeys(jobs, RenderResult(None, broken, False))
        digests = {key: _digest(source, version) for key, source in jobs.items()}
        self.claim_cache()
        manifest = self._load_manifest()
        results: dict[str, RenderResult] = {}
        todo: dict[str, str] = {}  # digest -> source; equal sources render once
        for key, source in jobs.items():
            svg = self._cached_svg(manifest, key, digests[key])
            if svg is not None:
                results[key] = RenderResult(svg, None, True)
                self.cached += 1
            else:
                todo.setdefault(digests[key], source)
        fresh = self._render_parallel(executable, todo)
        for key in jobs:
            if key not in results:
                results[key] = fresh[digests[key]]
        self._update_cache(manifest, digests, results)
        return {key: results[key] for key in jobs}

    def render(self, source: str) -> RenderResult:
        """Render a single DOT source (a one-job ``render_many`` under the key ``_``).

        Handy for tests and one-off pictures; a site build should call
        ``render_many`` with stable keys, so that each map keeps its cache entry.
        """
        return self.render_many({"_": source})["_"]

    # -- finding dot

    def _executable(self) -> str | None:
        """The full path of ``dot``, or None when there is none to run."""
        found = shutil.which(self.dot)
        return found if found else None

    def _missing_message(self) -> str:
        return f"Graphviz 'dot' not found (looked for {self.dot!r}). {INSTALL_HINT}"

    def _graphviz_version(self, executable: str) -> str | None:
        """``dot -V`` output (part of the cache key); None when dot cannot run."""
        if self._version is None:
            try:
                done = subprocess.run(
                    [executable, "-V"],
                    capture_output=True,
                    timeout=TIMEOUT_SECONDS,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired):
                return None
            # dot prints its version on stderr; a "dot" that is something else is
            # still accepted here and fails visibly when it renders.
            output = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
            self._version = output or "unknown"
        return self._version

    # -- running dot

    def _render_parallel(self, executable: str, todo: Mapping[str, str]) -> dict[str, RenderResult]:
        if not todo:
            return {}
        workers = self.max_workers or min(len(todo), (os.cpu_count() or 2), 8)
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cjm-dot") as pool:
            futures = {
                digest: pool.submit(_run_dot, executable, source, self.timeout)
                for digest, source in todo.items()
            }
            results = {digest: future.result() for digest, future in futures.items()}
        self.rendered += len(results)
        return results

    # -- cache

    def claim_cache(self) -> str | None:
        """Check that the cache folder is ours to write in; why not, or None.

        The cache deletes and replaces files, so it only ever works in a folder that
        it made itself (marked by a CACHEDIR.TAG of ours), an empty or new folder, or
        a cache of an older version of the plugin. A folder inside the docs or site
        folder is refused: its pictures would be published, and MkDocs cleans the
        site folder. When there is a problem the cache is not used for this build.
        """
        if self.cache_dir is None or self._claimed is not None:
            return self._claimed or None
        self._claimed = problem = cache_folder_problem(self.cache_dir, self.forbidden) or ""
        if problem:
            self.cache_dir = None
        return problem or None

    def _manifest_path(self) -> Path | None:
        return self.cache_dir / MANIFEST if self.cache_dir else None

    def _load_manifest(self) -> dict[str, _Entry]:
        """key -> (digest, SHA-256 of the SVG); anything unreadable is an empty cache."""
        path = self._manifest_path()
        if path is None:
            return {}
        key = secret()
        try:
            text = verified_text(path.read_text(encoding="utf-8"), key) if key else None
            data = json.loads(text) if text is not None else None
        except (OSError, ValueError):
            return {}
        maps = data.get("maps") if isinstance(data, dict) else None
        if not isinstance(maps, dict):
            return {}
        out: dict[str, _Entry] = {}
        for key, entry in maps.items():
            if not isinstance(entry, dict):
                continue
            digest, content = entry.get("digest"), entry.get("sha256")
            if isinstance(key, str) and _is_hex(digest) and _is_hex(content):
                out[key] = _Entry(str(digest), str(content))
        return out

    def _cached_svg(self, manifest: Mapping[str, _Entry], key: str, digest: str) -> str | None:
        """The cached SVG, only if it is byte for byte what this plugin wrote there."""
        entry = manifest.get(key)
        if self.cache_dir is None or entry is None or entry.digest != digest:
            return None
        try:
            data = (self.cache_dir / f"{digest}.svg").read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != entry.sha256:
            return None  # changed since we wrote it (or half-written): draw it again
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def _update_cache(
        self,
        manifest: dict[str, _Entry],
        digests: Mapping[str, str],
        results: Mapping[str, RenderResult],
    ) -> None:
        """Store fresh SVGs, record them in the manifest and drop the ones no longer used.

        Failed renders are not cached: the next build tries again. A cache that
        cannot be written only costs time, so errors are logged, not raised. Only
        files this cache recorded itself are ever deleted.
        """
        signing_key = secret()
        if self.cache_dir is None or signing_key is None:
            return
        written = {entry.digest for entry in manifest.values()}
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            tag = self.cache_dir / CACHE_TAG
            if _read_or_none(tag) != CACHE_TAG_TEXT:  # none yet, or damaged
                write_atomic(tag, CACHE_TAG_TEXT)
            # Left by a build killed while writing:
            remove_stale_temps(self.cache_dir, OWN_CACHE_FILE)
            for key, result in results.items():
                if result.svg is None:
                    manifest.pop(key, None)
                    continue
                svg_bytes = result.svg.encode("utf-8")
                content = hashlib.sha256(svg_bytes).hexdigest()
                entry = manifest.get(key)
                if not result.from_cache or entry is None or entry.sha256 != content:
                    write_atomic(self.cache_dir / f"{digests[key]}.svg", result.svg)
                    written.add(digests[key])
                manifest[key] = _Entry(digests[key], content)
            maps = {k: {"digest": e.digest, "sha256": e.sha256} for k, e in manifest.items()}
            text = json.dumps({"version": 3, "maps": maps}, indent=1, sort_keys=True,
                              ensure_ascii=False)
            write_atomic(self.cache_dir / MANIFEST, signed_text(text + "\n", signing_key))
            keep = {entry.digest for entry in manifest.values()}
            for digest in sorted(written - keep):
                (self.cache_dir / f"{digest}.svg").unlink(missing_ok=True)
        except OSError as error:
            log.info("Graphviz cache %s not updated: %s", self.cache_dir, error)


@dataclass(frozen=True)
class _Entry:
    digest: str
    """The cache key: hash of the DOT source, the Graphviz version and RENDERER_VERSION."""
    sha256: str
    """Hash of the SVG file as written, checked before the file is used again."""


_HEX64 = re.compile(r"[0-9a-f]{64}")
def _is_hex(value: object) -> bool:
    return isinstance(value, str) and _HEX64.fullmatch(value) is not None


def cache_folder_problem(folder: Path, forbidden: Mapping[str, Path]) -> str | None:
    """Why ``folder`` must not hold the Graphviz cache, or None when it may.

    ``forbidden`` names folders (docs folder, site folder) the cache must stay out of.
    """
    shown = display_path(folder)
    resolved = folder.resolve()
    for name, other in forbidden.items():
        if resolved == other.resolve() or other.resolve() in resolved.parents:
            return (
                f"cache_dir '{shown}' is inside the {name} '{display_path(other)}'; the cached "
                "pictures would be published or cleaned away with it. Set `cache_dir` to "
                "a folder of its own outside it, such as `.cache/cjm` (the default); "
                "the maps are drawn without a cache until then"
            )
    if not folder.exists():
        blocking = next((p for p in folder.parents if p.exists() or p.is_symlink()), None)
        if blocking is not None and not blocking.is_dir():
            return (
                f"cache_dir '{shown}' cannot be made: '{display_path(blocking)}' is a file, "
                "not a folder; set `cache_dir` to a new folder such as `.cache/cjm`"
            )
        return None
    if not folder.is_dir():
        return (
            f"cache_dir '{shown}' is a file, not a folder; set `cache_dir` to a new "
            "folder such as `.cache/cjm`"
        )
    try:
        names = sorted(p.name for p in folder.iterdir())
    except OSError as error:
        return f"cache_dir '{shown}' cannot be read ({error.strerror or error})"
    entries = folder / FILES
    if entries.is_symlink() or (FILES in names and not entries.is_dir()):
        # A link would send every entry written, and every old one deleted, wherever it
        # leads (a cache restored from elsewhere may hold one).
        link = entries.is_symlink()
        fix = (f"remove the link '{display_path(entries)}' (only the link, not what it "
               "leads to)" if link else f"delete the file '{display_path(entries)}'")
        return (
            f"cache_dir '{shown}' holds '{FILES}' as {'a link' if link else 'a file'}, where "
            f"the plugin keeps a folder of its own; {fix}, and the next build makes the "
            "folder anew; the maps are drawn without a cache until then"
        )
    if CACHE_TAG in names and _read_or_none(folder / CACHE_TAG) == CACHE_TAG_TEXT:
        return None
    # Without our tag (an older cache, or one whose tag was deleted or damaged), the
    # folder is ours only if everything in it, and in its folder of read files, is a
    # file the plugin writes there; a folder with another tool's tag alone is not.
    others = [name for name in names if not OWN_CACHE_FILE.fullmatch(name)]
    if FILES in names:
        try:
            others += [f"{FILES}/{name}" for name in sorted(p.name for p in entries.iterdir())
                       if not OWN_ENTRY_FILE.fullmatch(name)]
        except OSError as error:
            return f"cache_dir '{shown}' cannot be read ({error.strerror or error})"
    if not others and names != [CACHE_TAG]:
        return None  # empty, or the cache of an older version: its files are left alone
    listed = ", ".join(f"'{name}'" for name in (others or names)[:3])
    return (
        f"cache_dir '{shown}' holds files the plugin did not write ({listed}, ...); "
        "it deletes and replaces files in its cache folder, so it uses only a folder "
        "of its own. Set `cache_dir` to a new folder such as `.cache/cjm`; the maps are "
        "drawn without a cache until then (your files were not changed)"
    )


def _read_or_none(path: Path) -> str | None:
    try:  # a small file of ours, never a named pipe put in its place
        return read_regular(path, 4096).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def read_cache(cache_dir: Path | None, forbidden: Mapping[str, Path]) -> ReadCache:
    """The cache of read definition files, in `cache_dir/files` when the cache folder
    may be used (see `cache_folder_problem`, whose message the build and `cjm check`
    already give), else in memory only."""
    if cache_dir is None or cache_folder_problem(cache_dir, forbidden) is not None:
        return ReadCache(None)
    return ReadCache(cache_dir / FILES)


def _digest(source: str, version: str) -> str:
    payload = "\0".join((source, version, RENDERER_VERSION))
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def _run_dot(executable: str, source: str, timeout: float) -> RenderResult:
    """One ``dot -Tsvg`` run: source on stdin, SVG on stdout, never via a shell."""
    try:
        done = subprocess.run(
            [executable, "-Tsvg"],
            input=source.encode("utf-8", "replace"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:  # removed between which() and now
        return RenderResult(None, f"Graphviz 'dot' not found. {INSTALL_HINT}", False, missing=True)
    except subprocess.TimeoutExpired:
        message = (
            f"Graphviz 'dot' did not finish a stakeholder map within {timeout:g} s and "
            "was stopped; the page shows the map's DOT source instead. Record fewer relations "
            "between the stakeholders of that map"
        )
        return RenderResult(None, message, False)
    except OSError as error:
        return RenderResult(None, f"Graphviz 'dot' could not be run: {error}", False)
    stderr = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode != 0:
        detail = stderr or "no error output"
        message = f"Graphviz 'dot' failed (exit {done.returncode}): {detail}"
        return RenderResult(None, message, False)
    return RenderResult(done.stdout.decode("utf-8", "replace"), None, False)


# --------------------------------------------------------------------------- cleaning


def clean_svg(svg: str, id_prefix: str) -> str:
    """Rewrite Graphviz SVG so it can sit inline in a page, in a Markdown raw HTML block.

    XML prolog, doctype and comments go; every id gets ``id_prefix`` (and so do the
    references to it) so two maps on one page cannot clash; the fixed size goes so
    the picture scales (its natural width is kept as ``--cjm-map-width`` for CSS);
    the white background goes so dark palettes show through; tooltips become
    ``<title>`` elements that browsers display; ``xlink:href`` becomes ``href``.
    The result has no blank line, because a blank line ends a raw HTML block.
    """
    root = ET.fromstring(svg.encode("utf-8"))  # comments and the doctype are dropped
    if root.tag != f"{_SVG}svg":
        raise ValueError(f"not an SVG document: <{root.tag}>")
    _keep_only_drawing(root)
    _drop_background(root)
    _prefix_ids(root, _safe_prefix(id_prefix))
    _size_to_fit(root)
    _label_root(root)
    _links_and_tooltips(root)
    _tidy_whitespace(root)
    _unqualify(root)
    text = ET.tostring(root, encoding="unicode")
    # Belt and braces: text was normalised above, so this only drops empty lines.
    return "\n".join(line for line in text.splitlines() if line.strip())


# What Graphviz writes for our maps. Anything else in an SVG (a script, an event
# handler, a foreign element, a link elsewhere) was not written by dot for our DOT:
# the SVG may come from a cache folder that others can write (a shared CI cache).
_ALLOWED_TAGS = frozenset(
    f"{_SVG}{name}" for name in (
        "svg", "g", "title", "desc", "a", "path", "polygon", "polyline", "ellipse",
        "circle", "line", "rect", "text", "tspan", "textPath", "defs", "linearGradient",
        "radialGradient", "stop",
    )
)
_ALLOWED_ATTRIBUTES = frozenset({
    "id", "class", "transform", "viewBox", "width", "height", "points", "d", "cx", "cy",
    "r", "rx", "ry", "x", "y", "x1", "y1", "x2", "y2", "fill", "fill-opacity", "stroke",
    "stroke-width", "stroke-dasharray", "stroke-opacity", "font-family", "font-size",
    "font-weight", "font-style", "font-stretch", "text-anchor", "text-decoration",
    "baseline-shift", "dx", "dy", "startOffset", _XML_SPACE,
    "preserveAspectRatio", "target", _XLINK_HREF, _XLINK_TITLE, "href", "offset",
    "gradientUnits", "gradientTransform", "fx", "fy", "stop-color", "stop-opacity", "style",
})
# Graphviz writes a gradient's colours as `style` of its stops; nothing else needs CSS.
_STOP_STYLE = re.compile(r"(\s*stop-(color|opacity)\s*:\s*[#\w.,%() -]*;?)*\s*")
# Map links are placeholders resolved per page (pictures.LINK_SCHEME), relative links
# or web links; browsers ignore tabs and line breaks in a URL (`java\tscript:`).
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_ALLOWED_SCHEMES = frozenset({"cjmlink", "http", "https", "mailto"})
_ALLOWED_TARGETS = frozenset({"_top", "_self", "_blank", "_parent"})


def _keep_only_drawing(root: ET.Element) -> None:
    """Drop every element and attribute Graphviz does not write for a map.

    Applied to every SVG, fresh or cached, so what is inlined into a page never
    depends on trusting a file: scripts, ``on*`` handlers, ``style``, foreign
    elements and links with a scheme that runs code (``javascript:``, ``data:``) are
    removed.
    """
    for element in list(root.iter()):  # a list: the loop removes elements
        for child in list(element):
            if child.tag not in _ALLOWED_TAGS:
                element.remove(child)
        for name, value in list(element.attrib.items()):
            allowed = name in _ALLOWED_ATTRIBUTES
            if name in ("href", _XLINK_HREF):
                scheme = _URL_SCHEME.match(_URL_IGNORED.sub("", value))
                allowed = scheme is None or scheme.group(1).lower() in _ALLOWED_SCHEMES
            elif name == "target":
                allowed = value in _ALLOWED_TARGETS
            elif name == "style":
                allowed = element.tag == f"{_SVG}stop" and _STOP_STYLE.fullmatch(value) is not None
            if not allowed:
                del element.attrib[name]


def _graph_group(root: ET.Element) -> ET.Element | None:
    """Graphviz puts everything into one ``<g class="graph ...">``."""
    for child in root:
        if child.tag == f"{_SVG}g" and "graph" in child.get("class", "").split():
            return child
    return None


def _drop_background(root: ET.Element) -> None:
    """Remove the page-filling polygon dot paints first (white, or the bgcolor).

    It is a direct child of the graph group, or wrapped in the graph's own link
    group when the graph has a tooltip or URL.
    """
    graph = _graph_group(root)
    if graph is None:
        return
    for child in list(graph):
        if child.tag == f"{_SVG}polygon":
            graph.remove(child)
            return
        if child.tag == f"{_SVG}g" and child.get("id", "").startswith("a_graph"):
            for anchor in child:
                for shape in anchor.findall(f"{_SVG}polygon"):
                    anchor.remove(shape)
            return
        if child.tag != f"{_SVG}title":
            return  # the first drawn thing is not a background


def _safe_prefix(prefix: str) -> str:
    """An id prefix that is valid in HTML and CSS selectors (no spaces, no quotes)."""
    cleaned = _NOT_ID_CHAR.sub("-", prefix).strip("-")
    if not cleaned or not cleaned[0].isalpha():
        cleaned = "cjm-" + cleaned
    return cleaned.rstrip("-")


def _prefix_ids(root: ET.Element, prefix: str) -> None:
    """Make every id unique on the page and keep ``url(#..)``/``href="#.."`` working.

    Graphviz 2.43 can repeat an id (a user ``id`` on the root graph is copied to its
    clusters), so duplicates get a counter: ids must be unique in an HTML page.
    """
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for element in root.iter():
        old = element.get("id")
        if old is None:
            continue
        base = f"{prefix}-{_NOT_ID_CHAR.sub('-', old)}"
        new, counter = base, 1
        while new in used:
            counter += 1
            new = f"{base}-{counter}"
        used.add(new)
        mapping.setdefault(old, new)
        element.set("id", new)
    for element in root.iter():
        for name, value in list(element.attrib.items()):
            element.set(name, _rewrite_refs(name, value, mapping))


def _rewrite_refs(name: str, value: str, mapping: Mapping[str, str]) -> str:
    if name in ("href", _XLINK_HREF) and value.startswith("#"):
        return "#" + mapping.get(value[1:], value[1:])
    if "url(" in value:
        return _URL_REF.sub(lambda m: f"url(#{mapping.get(m.group(1), m.group(1))})", value)
    return value


def _size_to_fit(root: ET.Element) -> None:
    """Drop width/height (in pt) so CSS can scale the picture; keep the viewBox.

    The natural width goes into a CSS variable, so a small map is not blown up to
    the full column width (``max-width: var(--cjm-map-width)`` in map.css).
    """
    natural = _length_in_px(root.get("width"))
    if natural is None:  # no usable width: the viewBox is in pt as well
        view_box = root.get("viewBox", "").replace(",", " ").split()
        natural = _length_in_px(view_box[2]) if len(view_box) == 4 else None
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    if natural is not None:
        root.set("style", f"--cjm-map-width:{round(natural)}px")


def _length_in_px(value: str | None) -> float | None:
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(pt|px)?\s*", value or "")
    if match is None:
        return None
    number = float(match.group(1))
    return number if match.group(2) == "px" else number * _PT_TO_PX


def _label_root(root: ET.Element) -> None:
    """role="img" and the graph title (the DOT graph name) as accessible name."""
    classes = root.get("class", "").split()
    root.set("class", " ".join(dict.fromkeys(["cjm-map", *classes])))
    root.set("role", "img")
    graph = _graph_group(root)
    title = graph.find(f"{_SVG}title") if graph is not None else None
    label = " ".join((title.text or "").split()) if title is not None else ""
    if label:
        root.set("aria-label", label)


def _links_and_tooltips(root: ET.Element) -> None:
    """Plain ``href`` instead of ``xlink:href``; ``xlink:title`` as a ``<title>``.

    Browsers show a ``<title>`` child as tooltip, but not ``xlink:title``. SVG 2
    ``href`` works in every current browser and needs no xlink namespace, which
    would otherwise have to survive the HTML parser as a literal ``xlink:`` prefix.
    """
    for element in root.iter():
        href = element.attrib.pop(_XLINK_HREF, None)
        if href is not None:
            element.set("href", href)
        tooltip = element.attrib.pop(_XLINK_TITLE, None)
        if tooltip and element.find(f"{_SVG}title") is None:
            title = ET.Element(f"{_SVG}title")
            title.text = tooltip
            element.insert(0, title)
        for name in [n for n in element.attrib if n.startswith(f"{{{_XLINK_NS}}}")]:
            del element.attrib[name]


def _tidy_whitespace(root: ET.Element) -> None:
    """One element per line, no blank lines, content text untouched (except blanks).

    Layout whitespace between elements becomes a single newline. In titles a blank
    line in a tooltip is dropped: it would end the Markdown raw HTML block.
    """
    for element in root.iter():
        if element.tag in _TEXT_TAGS:
            if element.text and "\n" in element.text:
                lines = [line.strip() for line in element.text.splitlines()]
                element.text = "\n".join(line for line in lines if line)
        elif element.text is not None and not element.text.strip():
            element.text = "\n" if len(element) else None
        if element is not root and (element.tail is None or not element.tail.strip()):
            element.tail = "\n"
    root.tail = None


def _unqualify(root: ET.Element) -> None:
    """Write SVG tags without a prefix and declare the namespace on the root.

    ElementTree's ``default_namespace`` refuses unprefixed attributes, and
    ``register_namespace`` would change global state shared with Python-Markdown.
    """
    for element in root.iter():
        if element.tag.startswith(_SVG):
            element.tag = element.tag[len(_SVG) :]
    root.set("xmlns", _SVG_NS)


# --------------------------------------------------------------------------- fallback


def fallback_html(
    dot_source: str, message: str, *, title: str = "Stakeholder map not drawn"
) -> str:
    """A warning box with ``message`` and the DOT source, for builds without Graphviz.

    ``admonition warning`` is styled by Material and by the plain mkdocs theme. The
    source keeps its line breaks as ``&#10;`` inside ``<pre>``: a literal blank line
    would end the surrounding Markdown raw HTML block.
    """
    body = "<br>".join(html.escape(line) for line in message.splitlines() if line.strip())
    source = dot_source.replace("\r\n", "\n").rstrip("\n")
    code = html.escape(source).replace("\n", "&#10;")
    return "\n".join(
        [
            '<div class="admonition warning cjm-map-fallback">',
            f'<p class="admonition-title">{html.escape(title)}</p>',
            f"<p>{body}</p>",
            f'<pre><code class="language-dot">{code}</code></pre>',
            "</div>",
        ]
    )
