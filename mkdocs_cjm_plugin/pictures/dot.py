"""Graphviz DOT source for the stakeholder map, built from small pure functions.

Nothing here touches MkDocs, the file system or a subprocess: the functions take plain
data and return DOT text, so they are easy to test and the output is byte-for-byte
deterministic (which is what lets the SVG cache in ``graphviz_svg`` work).

Layout idea (engine ``dot``, ``rankdir=TB``): the customer sits in the middle row,
internal stakeholders above it, external ones below and partners on whichever side
has fewer boxes. Essential stakeholders stand in the row next to the customer, less
important ones further out. Every node gets an intended row up front; relations to
the customer carry the matching ``minlen``, stakeholders without one get an invisible
"skeleton" edge, and a relation that runs against the row order is written reversed
with ``dir=back``, so no relation between two stakeholders can pull the customer out
of the centre. Top-to-bottom keeps the picture narrow: it fits the content column of
a documentation theme and stays legible on a phone, where a left-to-right strip of
seven columns would shrink to unreadable text.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from mkdocs_cjm_plugin.pictures.xml import xml_safe

Group = Literal["customer", "internal", "external", "partner"]
Importance = Literal["essential", "important", "interesting"]
AttrValue = str | int | float | bool | None

__all__ = [
    "DEFAULT_GROUP_LABELS",
    "FONT",
    "MAX_MAP_RELATIONS",
    "MAX_MAP_STAKEHOLDERS",
    "GroupLabels",
    "MapEdge",
    "MapNode",
    "attrs",
    "clip_label",
    "edge",
    "fit_map",
    "node",
    "quote",
    "quote_id",
    "stakeholder_map_dot",
    "wrap_label",
]


@dataclass(frozen=True)
class MapNode:
    """One box (or the customer ellipse) on the map."""

    id: str
    label: str
    group: Group
    importance: Importance = "important"
    href: str | None = None
    tooltip: str | None = None


@dataclass(frozen=True)
class MapEdge:
    """A relation: ``source`` provides ``label`` to ``target``."""

    source: str
    target: str
    label: str = ""
    informal: bool = False


@dataclass(frozen=True)
class GroupLabels:
    """Localised cluster titles; the caller knows the site language, we don't."""

    internal: str
    external: str
    partner: str


# DejaVu Sans comes first because it is the widest of the usual sans fonts: Graphviz
# sizes the boxes with it, so a browser that falls back to Helvetica or Arial draws
# narrower text and nothing ever overflows its box.
FONT = "DejaVu Sans,Helvetica,Arial,sans-serif"
# Graphviz's SVG renderer only writes font-weight="bold" for PostScript names; the
# layout then uses the bold metrics of the matching sans font (DejaVu Sans Bold here).
FONT_BOLD = "Helvetica-Bold"

NODE_WRAP = 22
EDGE_WRAP = 18
# A box shows at most this many characters of a name or relation label (about six
# lines); the full text stays in the tooltip. It also keeps wrapping and dot's work
# bounded for a name of any length.
MAX_LABEL_CHARS = 120
MAX_LABEL_LINES = 8
# Graphviz refuses a quoted string longer than 16,384 characters ("syntax error ...
# longer than 16384?"). Escaping can make text up to five times longer (`&amp;`), so
# tooltips and titles keep their first 3,000 characters.
MAX_QUOTED_CHARS = 3000
_ELLIPSIS = "\u2026"
_GAP = "\u2002"  # EN SPACE

# Light palette, written into the DOT as plain attributes. They are only the fallback
# for a page without map.css: there, CSS classes override them (and add dark mode).
_PALETTE: Mapping[str, tuple[str, str, str, str]] = {
    # group: (node fill, node border, cluster fill, cluster border)
    "internal": ("#e8effc", "#3a64c8", "#f5f8fe", "#c7d5f3"),
    "external": ("#fff1dc", "#c77800", "#fffaf2", "#f0d6ac"),
    "partner": ("#e2f5ee", "#16875f", "#f4fbf8", "#bfe3d5"),
}
_CUSTOMER_FILL = "#3949ab"
_TEXT = "#1f2937"
_MUTED = "#5b6472"
_EDGE = "#7b8494"

DEFAULT_GROUP_LABELS = GroupLabels(internal="Internal", external="External", partner="Partners")

_IMPORTANCE_ORDER: Mapping[str, int] = {"essential": 0, "important": 1, "interesting": 2}
_PENWIDTH: Mapping[str, str] = {"essential": "2.6", "important": "1.4", "interesting": "0.8"}
# Skeleton edge weight: dot keeps heavy edges short and straight, so essential
# stakeholders line up with the customer.
_WEIGHT: Mapping[str, int] = {"essential": 8, "important": 3, "interesting": 1}


# --------------------------------------------------------------------------- quoting


def _clean_text(text: str) -> str:
    """Normalise line breaks and drop characters that XML or UTF-8 cannot carry.

    Graphviz copies label text into the SVG unchanged, and an XML document must not
    contain C0 control characters, U+FFFE or U+FFFF; a lone surrogate cannot even be
    written to the ``dot`` process. Such characters (and the C1 controls) never carry
    meaning in a stakeholder name.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = xml_safe(text)
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc")


def quote(text: str, *, tooltip: bool = False) -> str:
    """Return ``text`` as a DOT double-quoted string for an escString attribute.

    Labels, tooltips and URLs are escStrings: Graphviz expands ``\\N``, ``\\G``,
    ``\\l`` and friends in them and resolves HTML entities such as ``&amp;``. Doubling
    every backslash and writing ``&`` as ``&amp;`` makes Graphviz show exactly the
    caller's text; a newline becomes ``\\n`` (a centred line break).

    A ``tooltip`` loses one backslash more: Graphviz first reads it as a "weak"
    escString (``\\x`` becomes ``x``, ``\\n`` a line break) and then expands ``\\N``
    and its friends in what is left, so there a backslash is written four times.
    """
    text = clip_label(_clean_text(text), MAX_QUOTED_CHARS)
    backslash = "\\\\\\\\" if tooltip else "\\\\"
    text = text.replace("\\", backslash).replace("&", "&amp;").replace('"', '\\"')
    return '"' + text.replace("\n", "\\n") + '"'


def quote_id(text: str) -> str:
    """Return ``text`` as a quoted DOT identifier (node name, graph name).

    Identifiers are not escStrings: Graphviz keeps ``\\\\`` as two backslashes and
    offers no way to write a backslash right before the closing quote. A graph's name
    becomes the SVG's ``<title>``, where Graphviz leaves a character reference as it is,
    for the SVG reader to resolve: a backslash is written ``&#92;``, and ``&`` as
    ``&amp;`` so that a title's ``&amp;`` stays five characters. A name starting with
    ``%`` is an anonymous graph to Graphviz (``%3``): a leading ``%`` is ``&#37;``. So
    the title reads as written (our node ids come from ``^[a-z0-9-]+$`` anyway).
    """
    text = clip_label(" ".join(_clean_text(text).split()), MAX_QUOTED_CHARS)
    text = text.replace("&", "&amp;").replace("\\", "&#92;").replace('"', '\\"')
    if text.startswith("%"):
        text = "&#37;" + text[1:]
    return '"' + text + '"'


_TOOLTIPS = frozenset({"tooltip", "edgetooltip", "labeltooltip", "headtooltip", "tailtooltip"})


def _format_value(key: str, value: str | int | float | bool) -> str:
    if isinstance(value, bool):  # bool before int: True is an int too
        return '"true"' if value else '"false"'
    if isinstance(value, int):
        return f'"{value}"'
    if isinstance(value, float):
        return f'"{value:g}"'
    return quote(value, tooltip=key in _TOOLTIPS)


def attrs(**attributes: AttrValue) -> str:
    """Return a DOT attribute list ``[a="1", b="x"]``, or ``""`` when there is none.

    Keys are sorted so the same attributes always give the same text. ``None`` values
    are left out. A trailing underscore is dropped, so ``class_="x"`` writes
    ``class="x"`` (``class`` is a Python keyword).
    """
    parts = [
        f"{key.rstrip('_')}={_format_value(key, value)}"
        for key, value in sorted(attributes.items())
        if value is not None
    ]
    return "[" + ", ".join(parts) + "]" if parts else ""


def _statement(head: str, attributes: Mapping[str, AttrValue]) -> str:
    attr_list = attrs(**attributes)
    return f"{head} {attr_list};" if attr_list else f"{head};"


def node(id: str, **attributes: AttrValue) -> str:
    """Return a node statement: ``"id" [label="..."];``."""
    return _statement(quote_id(id), attributes)


def edge(src: str, dst: str, **attributes: AttrValue) -> str:
    """Return a directed edge statement: ``"src" -> "dst" [...];``."""
    return _statement(f"{quote_id(src)} -> {quote_id(dst)}", attributes)


def _defaults(kind: str, attributes: Mapping[str, AttrValue]) -> str:
    """Return a default statement such as ``node [shape="box"];``."""
    return f"{kind} {attrs(**attributes)};"


def _glue_connectors(paragraph: str) -> list[str]:
    """Split into words, sticking "&", "+", "/" and dashes to the following word.

    "Spedition Müller & Söhne" must not wrap into "Spedition Müller &" / "Söhne".
    """
    words: list[str] = []
    pending = ""
    # Only ASCII spaces separate words: a no-break space of the caller means "keep".
    for word in filter(None, paragraph.split(" ")):
        if len(word) <= 2 and not any(ch.isalnum() for ch in word):
            pending = f"{pending} {word}".strip()
            continue
        words.append(f"{pending} {word}".strip() if pending else word)
        pending = ""
    if pending and words:  # a trailing connector stays with the last word
        words[-1] = f"{words[-1]} {pending}"
    elif pending:
        words.append(pending)
    return words


def _wrap_paragraph(paragraph: str, width: int) -> list[str]:
    """Greedy wrapping at the narrowest width that needs no more lines than ``width``.

    Balanced lines ("Spedition" / "Müller & Söhne") make a compact box; plain greedy
    wrapping leaves a long first line and a lonely last word. The caller clips the
    text (``clip_label``): each try is linear, and there are at most ``width`` tries.
    """
    # Glued words are joined with NUL, which textwrap does not break at and which
    # cannot occur in the text (_clean_text removes control characters).
    words = [word.replace(" ", "\0") for word in _glue_connectors(paragraph)]
    text = " ".join(words)

    def wrap(at: int) -> list[str]:
        return textwrap.wrap(text, width=at, break_long_words=False, break_on_hyphens=True)

    lines = wrap(width)
    if len(lines) > 1:
        narrowest = max(len(word) for word in words)
        for at in range(narrowest, width):
            candidate = wrap(at)
            if len(candidate) == len(lines):
                lines = candidate
                break
    return [line.replace("\0", " ") for line in lines]


def wrap_label(text: str, width: int = NODE_WRAP) -> str:
    """Wrap ``text`` at word boundaries into lines of at most ``width`` characters.

    Lines are balanced, connectors such as "&" stay with the next word, and words
    longer than ``width`` (German compounds!) are kept whole: a wide box is better
    than a word cut in the middle. Line breaks in ``text`` are kept. Text beyond
    ``MAX_LABEL_CHARS`` is cut off with "…" (the tooltip keeps all of it).
    """
    lines: list[str] = []
    for paragraph in clip_label(_clean_text(text)).split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width) or [""])
    lines = "\n".join(lines).strip("\n").split("\n")
    if len(lines) > MAX_LABEL_LINES:  # short lines of their own ("A\nB\nC..."): as tall
        lines = [*lines[: MAX_LABEL_LINES - 1], lines[MAX_LABEL_LINES - 1] + _ELLIPSIS]
    return "\n".join(lines)


def clip_label(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    """``text`` cut to ``limit`` characters, at a space if one is near the end, plus "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ", limit * 3 // 4)
    return (cut[:space] if space > 0 else cut).rstrip() + _ELLIPSIS


# --------------------------------------------------------------------------- size limits

# dot's layout time grows much faster than the size of the map: measured with
# Graphviz 2.43 on generated maps (labelled relations, mixed importance), 16
# stakeholders with 256 relations take 0.3 s, but 20 stakeholders with 200
# relations did not finish in two minutes, and 40 fully related stakeholders crash
# dot. A map of a few hundred boxes is unreadable anyway. A star of 200
# stakeholders related only to the customer takes 0.2 s.
MAX_MAP_STAKEHOLDERS = 150
MAX_MAP_RELATIONS = 150


def fit_map(nodes: Sequence[MapNode], edges: Sequence[MapEdge]) -> tuple[list[MapEdge] | None, int]:
    """The relations to draw so that dot lays the map out quickly, and how many there are.

    Relations come back merged as the map draws them (see ``_merged_edges``): all of
    them when the map is within the limits; only relations
    with a customer when there are more than ``MAX_MAP_RELATIONS`` (those between
    stakeholders are dropped, then all if still too many); None (no map at all) when
    there are more than ``MAX_MAP_STAKEHOLDERS`` stakeholders. The count is of the
    relations as drawn (parallel ones merged), so the caller can say what was left out.
    """
    unique = {item.id: item for item in nodes}
    relations = _merged_edges(edges, set(unique))
    stakeholders = sum(1 for item in unique.values() if item.group != "customer")
    if stakeholders > MAX_MAP_STAKEHOLDERS:
        return None, len(relations)
    if len(relations) <= MAX_MAP_RELATIONS:
        return relations, len(relations)
    customers = {item.id for item in unique.values() if item.group == "customer"}
    kept = [e for e in relations if (e.source in customers) != (e.target in customers)]
    return (kept if len(kept) <= MAX_MAP_RELATIONS else []), len(relations)


# --------------------------------------------------------------------------- layout


def _node_statement(item: MapNode) -> str:
    """The node itself: shape, colours and classes depend on group and importance."""
    common: dict[str, AttrValue] = {
        "label": wrap_label(item.label),
        "tooltip": item.tooltip or item.label,
        "URL": item.href,
        "target": "_top" if item.href else None,
    }
    if item.group == "customer":
        return node(
            item.id,
            **common,
            class_="cjm-node cjm-customer",
            shape="ellipse",
            style="filled",
            peripheries=2,
            fillcolor=_CUSTOMER_FILL,
            color=_CUSTOMER_FILL,
            fontcolor="#ffffff",
            fontname=FONT_BOLD,
            fontsize=15,
            penwidth=1.6,
            margin="0.22,0.12",
        )
    fill, border, _, _ = _PALETTE[item.group]
    essential = item.importance == "essential"
    interesting = item.importance == "interesting"
    return node(
        item.id,
        **common,
        class_=f"cjm-node cjm-{item.group} cjm-{item.importance}",
        color=border,
        fillcolor="#ffffff" if interesting else fill,
        fontcolor=_MUTED if interesting else _TEXT,
        fontname=FONT_BOLD if essential else None,
        penwidth=_PENWIDTH[item.importance],
    )


def _sides(nodes: Sequence[MapNode]) -> dict[str, int]:
    """Which side of the customer each group goes: -1 above, +1 below.

    Internal is above and external below ("us" and "the world" on either side of the
    customer); partners balance the picture by joining the side with fewer boxes.
    """
    count = {group: sum(1 for n in nodes if n.group == group) for group in _PALETTE}
    partner_side = -1 if count["internal"] < count["external"] else 1
    return {"internal": -1, "external": 1, "partner": partner_side}


def _distances(nodes: Sequence[MapNode], sides: Mapping[str, int]) -> dict[str, int]:
    """How many rows each stakeholder stands from the customer (1 = next to it).

    Only importance levels that occur on a side get a row, so a map where every
    stakeholder is "important" is just three rows high.
    """
    distance: dict[str, int] = {}
    for side in (-1, 1):
        on_side = [n for n in nodes if n.group != "customer" and sides[n.group] == side]
        levels = sorted({_IMPORTANCE_ORDER[n.importance] for n in on_side})
        for item in on_side:
            distance[item.id] = levels.index(_IMPORTANCE_ORDER[item.importance]) + 1
    return distance


def _ranks(nodes: Sequence[MapNode]) -> dict[str, int]:
    """The intended row of every node: customers 0, above < 0, below > 0."""
    sides = _sides(nodes)
    distance = _distances(nodes, sides)
    return {n.id: 0 if n.group == "customer" else sides[n.group] * distance[n.id] for n in nodes}


def _skeleton(
    nodes: Sequence[MapNode], anchor: str, ranks: Mapping[str, int], linked: set[str]
) -> list[str]:
    """Invisible edges that put every stakeholder in its row around the customer.

    Stakeholders in ``linked`` already have a visible relation with the customer that
    carries the same ``minlen``/``weight``; a second, invisible edge beside it would
    only push the visible one off the straight line.
    """
    lines: list[str] = []
    for item in nodes:
        if item.group == "customer" or item.id in linked:
            continue
        rank = ranks[item.id]
        src, dst = (item.id, anchor) if rank < 0 else (anchor, item.id)
        lines.append(
            edge(src, dst, style="invis", minlen=abs(rank), weight=_WEIGHT[item.importance])
        )
    return lines


def _cluster(group: str, title: str, members: Sequence[MapNode]) -> list[str]:
    """A titled, softly filled box around one group of stakeholders."""
    _, _, fill, border = _PALETTE[group]
    graph = attrs(
        class_=f"cjm-cluster cjm-cluster-{group}",
        label=title,
        tooltip=title,
        style="rounded,filled",
        fillcolor=fill,
        color=border,
        fontcolor=_MUTED,
        fontsize=12,
        labeljust="l",
        margin=14,
        penwidth=1,
    )
    head = [f"subgraph {quote_id('cluster_' + group)} {{", f"  graph {graph};"]
    return [*head, *("  " + _node_statement(m) for m in members), "}"]


def _merged_edges(edges: Iterable[MapEdge], known: set[str]) -> list[MapEdge]:
    """Drop relations to unknown nodes and self-loops; merge parallel relations.

    Two relations between the same pair and of the same kind become one arrow whose
    label lists both flows: two arrows on top of each other are unreadable. The
    caller's order is kept (first occurrence wins).
    """
    merged: dict[tuple[str, str, bool], list[str]] = {}
    for item in edges:
        if item.source not in known or item.target not in known:
            continue
        if item.source == item.target:
            continue
        labels = merged.setdefault((item.source, item.target, item.informal), [])
        if item.label and item.label not in labels:
            labels.append(item.label)
    return [
        MapEdge(source, target, "\n".join(labels), informal)
        for (source, target, informal), labels in merged.items()
    ]


def _linked_to_customer(relations: Iterable[MapEdge], members: Mapping[str, MapNode]) -> set[str]:
    """Stakeholders with a visible relation to a customer (it carries their minlen)."""
    linked: set[str] = set()
    for relation in relations:
        ends = (members[relation.source], members[relation.target])
        customer_ends = [end.group == "customer" for end in ends]
        if customer_ends.count(True) == 1:
            linked.add(ends[1].id if customer_ends[0] else ends[0].id)
    return linked


def _edge_statement(item: MapEdge, members: Mapping[str, MapNode], ranks: Mapping[str, int]) -> str:
    """A visible relation: solid when formal, dashed when informal.

    An edge that runs against the intended row order is written the other way round
    with ``dir=back`` (the arrow still points at the real target): dot then routes it
    like any other edge. Only edges within one row stay out of the ranking
    (``constraint=false``): unconstrained edges are routed in wide loops.
    """
    source, target = members[item.source], members[item.target]
    # dot puts an edge label right against its line; an en space on either side of
    # each line keeps them apart (unlike an ASCII space, SVG does not collapse it).
    label = "\n".join(
        f"{_GAP}{line}{_GAP}" for line in wrap_label(item.label, EDGE_WRAP).split("\n")
    )
    flow = f"{source.label} \u2192 {target.label}"
    kind = "cjm-informal" if item.informal else "cjm-formal"
    shown: dict[str, AttrValue] = {
        "class_": f"cjm-edge {kind}",
        "label": label if item.label else None,
        "tooltip": f"{flow}: {item.label.replace(chr(10), ', ')}" if item.label else flow,
        "style": "dashed" if item.informal else "solid",
    }
    rank_source, rank_target = ranks.get(source.id), ranks.get(target.id)
    if rank_source is None or rank_target is None:  # no customer: dot decides alone
        return edge(source.id, target.id, **shown)
    if rank_source == rank_target:
        return edge(source.id, target.id, constraint=False, **shown)
    shown.update(_customer_pull(source, target, ranks))
    if rank_source < rank_target:
        return edge(source.id, target.id, **shown)
    return edge(target.id, source.id, dir="back", **shown)


def _customer_pull(
    source: MapNode, target: MapNode, ranks: Mapping[str, int]
) -> dict[str, AttrValue]:
    """``minlen``/``weight`` for a customer relation, which doubles as skeleton edge."""
    if (source.group == "customer") == (target.group == "customer"):
        return {}
    stakeholder = target if source.group == "customer" else source
    return {"minlen": abs(ranks[stakeholder.id]), "weight": _WEIGHT[stakeholder.importance]}


def _css_name(text: str) -> str:
    """``text`` reduced to characters that are safe in a CSS class name."""
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in text)


def _graph_defaults(graph_id: str) -> list[str]:
    graph: dict[str, AttrValue] = {
        "class_": f"cjm-graph cjm-graph-{_css_name(graph_id)}",
        "rankdir": "TB",
        "newrank": True,
        "splines": "spline",
        "nodesep": 0.3,
        "ranksep": 0.5,
        "pad": 0.15,
        "bgcolor": "transparent",
        "fontname": FONT,
        "outputorder": "edgesfirst",
    }
    node_defaults: dict[str, AttrValue] = {
        "shape": "box",
        "style": "rounded,filled",
        "fontname": FONT,
        "fontsize": 12,
        "fontcolor": _TEXT,
        # Generous inner margin (inches): room for umlaut accents above the caps and
        # for a browser font that is a little wider than the one Graphviz measured.
        "margin": "0.2,0.1",
        "height": 0.5,
    }
    edge_defaults: dict[str, AttrValue] = {
        "fontname": FONT,
        # As large as a node's name: a map as wide as a 1366 px screen shows it at 11 CSS
        # px or more (wider maps open full size, see cjm.js).
        "fontsize": 12,
        "fontcolor": _MUTED,
        "color": _EDGE,
        "arrowsize": 0.7,
        "penwidth": 1.2,
    }
    return [
        f"  {_defaults('graph', graph)}",
        f"  {_defaults('node', node_defaults)}",
        f"  {_defaults('edge', edge_defaults)}",
    ]


def stakeholder_map_dot(
    nodes: Sequence[MapNode],
    edges: Sequence[MapEdge],
    *,
    title: str,
    graph_id: str,
    group_labels: GroupLabels = DEFAULT_GROUP_LABELS,
) -> str:
    """Return the DOT source of a stakeholder map.

    ``title`` becomes the graph name, which Graphviz writes into the SVG ``<title>``
    (``clean_svg`` turns it into the accessible name). ``graph_id`` names a CSS class
    (``cjm-graph-<graph_id>``) so several maps on one site can be styled apart.
    Nodes keep the caller's order (dot uses it as the initial order within a
    row); a node id that occurs twice keeps its first definition. Relations whose
    ends are not both on the map are left out.
    """
    unique: dict[str, MapNode] = {}
    for item in nodes:
        unique.setdefault(item.id, item)
    members = list(unique.values())
    by_id = {item.id: item for item in members}
    customers = [item for item in members if item.group == "customer"]
    ranks = _ranks(members) if customers else {}
    relations = _merged_edges(edges, set(by_id))

    lines = [f"digraph {quote_id(title)} {{", *_graph_defaults(graph_id)]
    for item in customers:
        lines.append("  " + _node_statement(item))
    if len(customers) > 1:  # a shared journey: all its personas share the centre
        lines.append("  {rank=same; " + " ".join(quote_id(c.id) for c in customers) + "}")
    for group in ("internal", "partner", "external"):
        in_group = [item for item in members if item.group == group]
        if in_group:
            title_text = getattr(group_labels, group)
            lines.extend("  " + line for line in _cluster(group, title_text, in_group))
    if customers:
        linked = _linked_to_customer(relations, by_id)
        skeleton = _skeleton(members, customers[0].id, ranks, linked)
        lines.extend("  " + line for line in skeleton)
    for relation in relations:
        lines.append("  " + _edge_statement(relation, by_id, ranks))
    lines.append("}")
    return "\n".join(lines) + "\n"
