"""From the journey model to the inputs of the picture builders (curve, map).

The builders in `curve` and `dot` know nothing about journeys; this module
decides what a journey's curve and stakeholder map show.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from mkdocs_cjm_plugin.core.load import Catalogue
from mkdocs_cjm_plugin.core.model import Journey, SiteOptions, Stakeholder
from mkdocs_cjm_plugin.core.queries import CUSTOMER, stakeholders_of
from mkdocs_cjm_plugin.core.walk import walk
from mkdocs_cjm_plugin.i18n.labels import Labels
from mkdocs_cjm_plugin.pictures.curve import (
    CurveBand,
    CurvePoint,
    CurveSeries,
    CurveText,
    render_curve,
)
from mkdocs_cjm_plugin.pictures.dot import (
    GroupLabels,
    MapEdge,
    MapNode,
    fit_map,
    stakeholder_map_dot,
)

LINK_SCHEME = "cjmlink:"
"""Map nodes link with placeholders (`cjmlink:stakeholder/it`), replaced per page.

The cached SVG of a map is then the same wherever it is shown; only the
cheap replacement of links depends on the page.
"""

_LINK = re.compile(r"cjmlink:([a-z0-9-]+)/([a-z0-9-]+)")


def curve_text(labels: Labels, title: str) -> CurveText:
    return CurveText(
        title=labels("emotion_curve_of", title=title),
        description=labels("curve_description"),
        point=labels("curve_point"),
        moment_of_truth=labels("moment_of_truth"),
        pains=labels("pains"),
        gains=labels("gains"),
        table_caption=labels("data_table"),
        phase=labels("phase"),
        step=labels("step"),
        score=labels("emotion"),
        number_format=labels.number,
    )


def _series(
    journey: Journey, band_of: dict[str, int], name: str, dashed: bool, with_links: bool
) -> CurveSeries:
    points: list[CurvePoint] = []
    for walked in walk(journey):
        phase = walked.phase
        band = band_of[phase.key]
        scored = [at for at in walked.steps if at.step.emotion is not None]
        for at in scored:
            step = at.step
            assert step.emotion is not None
            points.append(CurvePoint(
                label=step.name, score=step.emotion, band=band,
                href=f"#{at.anchor}" if with_links else None,
                moment_of_truth=step.is_moment_of_truth,
                pains=len(step.pains), gains=len(step.gains),
            ))
        if not scored and phase.score is not None:
            points.append(CurvePoint(
                label=phase.name, score=phase.score, band=band,
                href=f"#{walked.anchor}" if with_links else None,
            ))
    return CurveSeries(name=name, points=tuple(points), dashed=dashed)


def journey_curve(
    journey: Journey, catalogue: Catalogue, options: SiteOptions, labels: Labels,
    id_prefix: str, link: Callable[[str, str], str] | None = None,
) -> str:
    """The emotion curve of a journey; a compared target journey draws both curves.

    `link(journey_id, anchor)` makes point links; None links within the page.
    """
    compared = catalogue.journeys.get(journey.compares_to or "")
    journeys = [journey] + ([compared] if compared else [])
    band_of: dict[str, int] = {}
    bands: list[CurveBand] = []
    for j in journeys:
        for phase in j.phases:
            if phase.key not in band_of:
                band_of[phase.key] = len(bands)
                bands.append(CurveBand(phase.name, f"#phase-{phase.key}" if j is journey else None))
    series = [_series(journey, band_of, _series_name(journey, labels), False, True)]
    if compared:
        series.append(_series(compared, band_of, _series_name(compared, labels), True, False))
    scale = options.emotion_scale
    html = render_curve(series, bands, scale.min, scale.max, curve_text(labels, journey.title),
                        id_prefix)
    if link is not None:
        html = html.replace('href="#', f'href="{link(journey.id, "")}#')
    return html


def _series_name(journey: Journey, labels: Labels) -> str:
    return f"{labels('state_' + journey.state)}: {journey.title}"


# --- stakeholder maps ----------------------------------------------------------------


def group_labels(labels: Labels) -> GroupLabels:
    return GroupLabels(
        internal=labels("type_internal"), external=labels("type_external"),
        partner=labels("type_partner"),
    )


def _stakeholder_node(sh: Stakeholder) -> MapNode:
    return MapNode(
        id=f"sh-{sh.id}", label=sh.name, group=sh.type, importance=sh.importance,
        href=f"{LINK_SCHEME}stakeholder/{sh.id}", tooltip=sh.name,
    )


def _edges(
    members: list[Stakeholder], on_map: set[str], customer_ids: set[str]
) -> list[MapEdge]:
    edges: list[MapEdge] = []
    for sh in members:
        for rel in sh.relations:
            if rel.to == CUSTOMER or rel.to in customer_ids:
                target = "customer"
            elif rel.to in on_map:
                target = f"sh-{rel.to}"
            else:
                continue
            edges.append(MapEdge(f"sh-{sh.id}", target, rel.label or "", rel.kind == "informal"))
    return edges


@dataclass(frozen=True)
class MapSource:
    """The DOT of one stakeholder map, and what the size limits left out of it."""

    dot: str | None
    """None when the map has too many stakeholders to be drawn at all."""
    stakeholders: int
    relations: int
    """Relations between the boxes on the map (parallel ones merged)."""
    drawn_relations: int

    @property
    def simplified(self) -> bool:
        return self.dot is None or self.drawn_relations < self.relations


def _map_source(
    nodes: list[MapNode], edges: list[MapEdge], title: str, graph_id: str, labels: Labels
) -> MapSource:
    drawn, relations = fit_map(nodes, edges)
    stakeholders = len({n.id for n in nodes if n.group != "customer"})
    if drawn is None:
        return MapSource(None, stakeholders, relations, 0)
    dot = stakeholder_map_dot(
        nodes, drawn, title=title, graph_id=graph_id, group_labels=group_labels(labels)
    )
    return MapSource(dot, stakeholders, relations, len(drawn))


def journey_map_dot(journey: Journey, catalogue: Catalogue, labels: Labels) -> MapSource:
    """DOT of a journey's stakeholder map: its persona(s) in the centre."""
    ids = [i for i in stakeholders_of(journey) if i in catalogue.stakeholders]
    members = [catalogue.stakeholders[i] for i in ids]
    names = [catalogue.personas[p].name for p in journey.persona_ids if p in catalogue.personas]
    customer = MapNode(
        id="customer", label=" & ".join(names) or labels("customer"), group="customer",
        href=None, tooltip=labels("customer"),
    )
    nodes = [customer, *(_stakeholder_node(sh) for sh in members)]
    edges = _edges(members, set(ids), set(journey.persona_ids))
    return _map_source(nodes, edges, labels("stakeholder_map_of", title=journey.title),
                       f"map-{journey.id}", labels)


def all_stakeholders_dot(catalogue: Catalogue, labels: Labels) -> MapSource:
    """DOT of every stakeholder with every relation, the customer in the centre."""
    members = list(catalogue.stakeholders.values())
    customer = MapNode(id="customer", label=labels("customer"), group="customer")
    nodes = [customer, *(_stakeholder_node(sh) for sh in members)]
    edges = _edges(members, set(catalogue.stakeholders), set(catalogue.personas))
    return _map_source(nodes, edges, labels("all_stakeholders_map"), "map-all", labels)


def resolve_links(svg: str, resolve: Callable[[str, str], str]) -> str:
    """Replace `cjmlink:kind/id` placeholders by links relative to the current page."""
    return _LINK.sub(lambda m: resolve(m.group(1), m.group(2)), svg)
